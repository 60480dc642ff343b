#!/usr/bin/env bash
# The Go suite of go-interop, run by Maven before the Java tests (process-test-classes):
#   Go present (>= 1.22), gofmt -l empty, go vet, go test -race, the same for ctwin/ (a module of its own: the differential
#   tests against c-interop's ringway.h through cgo), the module built without cgo and for other platforms, 5000 executions
#   of the channel fuzz target and 2000 of the journal one, and go build of
#   the programs the Java cross-language tests start; then the same (without -race) for sbe/, go vet of the Go
#   examples, and go test of the cgo example; then the Windows stage: the package's tests built with GOOS=windows and
#   run under Wine (c-interop/windows/ensure-wine.sh installs it), skipped only when RINGWAY_WINDOWS_SKIP=true
#   (Maven: -Dringway.windows.skip=true).
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
# The one module from outside, golang.org/x/sys (the Windows API), pinned in go.mod and go.sum: fetched into the module
# cache from the Go module proxy when it is not there yet (a no-op then), checked against go.sum.
cd "$module_dir"
if ! GOTOOLCHAIN=local GOFLAGS=-mod=readonly go mod download; then
    echo "go-interop: cannot download the modules of go.mod (golang.org/x/sys) into the module cache: allow access to" \
        "the Go module proxy (GOPROXY=$(go env GOPROXY)) once, or skip the Go module with -Dringway.go.skip=true" >&2
    exit 1
fi
# from here on never download a toolchain or a module: everything is local (the cache, replace directives)
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
# Windows complete, tested under Wine below; macOS builds, and its Create and Open say "not supported on this platform
# yet").
CGO_ENABLED=0 go build ./...
GOOS=windows GOARCH=amd64 go build ./...
GOOS=darwin GOARCH=arm64 go build ./...
GOOS=linux GOARCH=arm64 go vet ./...
# 32-bit: syscall.Timespec has int32 fields there and an int is 32 bits (vet compiles the tests too)
GOOS=linux GOARCH=386 go vet ./...
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

# The Windows stage: the package's tests as a Windows program (GOOS=windows go test -c), run under Wine from the
# package directory, as go test would (testdata/). The tests that start processes start the .exe again, under Wine.
if [ "${RINGWAY_WINDOWS_SKIP:-false}" = "true" ]; then
    echo "=== go-interop: Windows tests under Wine SKIPPED (RINGWAY_WINDOWS_SKIP=true, -Dringway.windows.skip=true) ==="
else
    echo "=== go-interop: Windows tests under Wine ==="
    windows_start=$(date +%s)
    wine_env="$("$repo_dir/c-interop/windows/ensure-wine.sh")" || exit 1
    eval "$wine_env"   # WINEPREFIX, RINGWAY_WINE
    windows_dir="$(dirname "$bin_dir")/go-windows"
    mkdir -p "$windows_dir"
    cd "$module_dir"
    # the packages with tests that run on Windows (ctwin/, a module of its own, is cgo against ringway.h: Linux only)
    for package in . ./internal/conformance ./internal/proc; do
        binary="$windows_dir/$(basename "$(cd "$package" && pwd)").test.exe"
        GOOS=windows GOARCH=amd64 go test -c -o "$binary" "$package"
        log="${binary%.exe}.log"
        status=0
        (cd "$package" && WINEDEBUG=-all timeout 600 "$RINGWAY_WINE" "$binary" -test.count=1 -test.timeout=300s) 2>&1 |
            tee "$log" || status=${PIPESTATUS[0]}
        # Debian's wine64 8.0 now and then aborts in glibc's exit code after the program has ended ("Inconsistency
        # detected by ld.so: dl-fini.c: ... Assertion ... failed!"): then the verdict is the test binary's own, its
        # last line PASS with no failed test, and not the loader's exit status
        if [ "$status" != 0 ] && grep -q 'Inconsistency detected by ld.so: dl-fini.c' "$log" &&
            grep -qx 'PASS' "$log" && ! grep -q -e '^--- FAIL' -e '^FAIL' "$log"; then
            echo "go-interop: Wine's loader aborted at exit (status $status) after the tests of $package passed: passed"
            status=0
        fi
        if [ "$status" != 0 ]; then
            echo "go-interop: the Windows tests of $package failed under Wine ($RINGWAY_WINE, WINEPREFIX=$WINEPREFIX)" >&2
            exit 1
        fi
    done
    echo "=== go-interop: Windows tests under Wine took $(( $(date +%s) - windows_start )) s ==="
fi
