#!/usr/bin/env bash
# The Go suite of go-interop, run by Maven before the Java tests (process-test-classes):
#   Go present (>= 1.22), gofmt -l empty, go vet, go test -race, the same for ctwin/ (a module of its own: the differential
#   tests against c-interop's ringway.h through cgo), the module built without cgo and for other platforms, 5000 executions
#   of the channel fuzz target and 2000 of the journal one, and go build of
#   the programs the Java cross-language tests start; then the same (without -race) for sbe/, go vet of the Go
#   examples, and go test of the cgo example.
# Usage: go-check.sh <bin dir> <codec generated-go dir>
set -euo pipefail
module_dir="$(cd "$(dirname "$0")/.." && pwd)"
repo_dir="$(cd "$module_dir/.." && pwd)"
bin_dir="$1"
codec_go_dir="$2"

if ! command -v go >/dev/null 2>&1; then
    echo "go-interop: 'go' not found: install Go >= 1.22 (apt-get install golang-go, or https://go.dev/dl/), or skip the Go module with -Dringway.go.skip=true" >&2
    exit 1
fi
go_version="$(go env GOVERSION)"   # e.g. go1.26.8
minor="$(echo "$go_version" | sed -E 's/^go1\.([0-9]+).*/\1/')"
if ! [[ "$minor" =~ ^[0-9]+$ ]] || [ "$minor" -lt 22 ]; then
    echo "go-interop: found $go_version: install Go >= 1.22 (apt-get install golang-go, or https://go.dev/dl/), or skip the Go module with -Dringway.go.skip=true" >&2
    exit 1
fi
# never download a toolchain or a module: everything is local (replace directives), the standard library only
export GOTOOLCHAIN=local GOFLAGS=-mod=readonly GOPROXY=off

echo "=== go-interop: $go_version ==="
go_dirs=("$module_dir" "$module_dir/sbe" "$repo_dir/examples/two-process/go" "$repo_dir/examples/sbe-messages/go"
    "$repo_dir/examples/cgo-peer")
unformatted=""
for dir in "${go_dirs[@]}"; do
    if [ -d "$dir" ]; then
        unformatted+="$(gofmt -l "$dir")"
    fi
done
if [ -n "$unformatted" ]; then
    echo "go-interop: gofmt -l lists files that are not gofmt-formatted (run gofmt -w on them):" >&2
    echo "$unformatted" >&2
    exit 1
fi

cd "$module_dir"
go vet ./...
# The module is pure Go: it builds without a C compiler and on every platform (Linux amd64 and arm64 complete;
# Windows and macOS build, and their Create and Open say "not supported on this platform yet").
CGO_ENABLED=0 go build ./...
GOOS=windows GOARCH=amd64 go build ./...
GOOS=darwin GOARCH=arm64 go build ./...
GOOS=linux GOARCH=arm64 go vet ./...
go test -race -count=1 ./...
# the differential tests against ringway.h: a module of its own (cgo), so that the module users import has none
(cd ctwin && go vet ./... && go test -race -count=1 ./...)
# A fixed fuzzing budget in every build (docs/GUARANTEES.md section 5; long runs: README.md). A failing input is
# written to testdata/fuzz/FuzzOpenChannelFile/, where go test then replays it until it is fixed.
go test -run '^$' -fuzz '^FuzzOpenChannelFile$' -fuzztime 5000x -parallel 1 .
# hostile journal segments for the pure-Go journal reader (each input is a directory of segment files: fewer runs)
go test -run '^$' -fuzz '^FuzzJournalSegment$' -fuzztime 2000x -parallel 1 .
mkdir -p "$bin_dir"
go build -o "$bin_dir/" ./cmd/...

# The SBE module uses the codec module's generated Go (build output), so it is a module of its own.
if [ -d "$module_dir/sbe" ]; then
    if [ ! -f "$codec_go_dir/go.mod" ]; then
        echo "go-interop: generated Go codecs missing at $codec_go_dir: build the codec module first (mvn -B -pl codec package)" >&2
        exit 1
    fi
    cd "$module_dir/sbe"
    go vet ./...
    go test -count=1 ./...
    go build -o "$bin_dir/" ./cmd/...
fi

# The Go examples are modules of their own (replace lines onto this module); their tests build and run them.
for example in "$repo_dir/examples/two-process/go" "$repo_dir/examples/sbe-messages/go"; do
    if [ -d "$example" ]; then
        (cd "$example" && go vet ./...)
    fi
done
# The cgo example (ringway.h through cgo beside the pure-Go module on one channel): the only cgo of the Go code.
if [ -d "$repo_dir/examples/cgo-peer" ]; then
    (cd "$repo_dir/examples/cgo-peer" && go vet ./... && go test -race -count=1 ./...)
fi
