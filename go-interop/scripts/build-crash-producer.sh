#!/usr/bin/env bash
# Builds the Go crash-test producer (cmd/crash_producer) for c-interop's soak profile (-Psoak), which runs before this
# module in the reactor and so cannot use go-check.sh's build. Standard library and local code only: no downloads.
# Usage: build-crash-producer.sh <bin dir>   (writes <bin dir>/crash_producer)
set -euo pipefail
module_dir="$(cd "$(dirname "$0")/.." && pwd)"
bin_dir="$1"
if ! command -v go >/dev/null 2>&1; then
    echo "go-interop: 'go' not found: the soak's fourth producer is Go; install Go >= 1.22, or run the soak with -Dringway.go.skip=true -Dringway.soak.go.producer= (a C producer then takes the slot)" >&2
    exit 1
fi
export GOTOOLCHAIN=local GOFLAGS=-mod=readonly GOPROXY=off
mkdir -p "$bin_dir"
cd "$module_dir"
go build -o "$bin_dir/crash_producer" ./cmd/crash_producer
echo "go-interop: built $bin_dir/crash_producer for the soak"
