#!/usr/bin/env bash
# Builds the C (and Go) programs of the benchmark with gcc into <output dir> (default benchmarks/target/c), Ringway's
# ping-pong program in C and Go (docs/PING_PONG.md) among them, from c-interop/programs and go-interop/cmd.
# Called by Maven (compile phase of benchmarks/pom.xml), so that `mvn verify` keeps them compiling, and by run.sh.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/../target/c}"
mkdir -p "$out"
cc="${CC:-gcc}"
flags=(-std=c11 -O2 -Wall -Wextra -Werror -pedantic -I"$here" -I"$here/../../c-interop/include")
for program in raw_spin_pingpong raw_futex_pingpong socket_pingpong parked_consumer ringway_throughput \
    paired_spin_pingpong; do
    "$cc" "${flags[@]}" -o "$out/$program" "$here/$program.c"
done
# the single-thread offer+poll of ringway.h (ns per message, no second core): built with $CC, default gcc
"$cc" "${flags[@]}" -o "$out/offer_poll" "$here/offer_poll.c"
# ... and with clang when it is installed (users compile the header with either; the report gives both)
if command -v clang >/dev/null 2>&1; then
    clang "${flags[@]}" -o "$out/offer_poll_clang" "$here/offer_poll.c"
else
    rm -f "$out/offer_poll_clang"
    echo "benchmarks: clang not found: the row 'C offer+poll (clang)' will say not measured yet" >&2
fi
# Ringway's ping-pong in C: the one of c-interop (spin, or parked with "blocking", as its arguments say)
"$cc" "${flags[@]}" -o "$out/ringway_ping_pong" "$here/../../c-interop/programs/ping_pong.c"
# the Go ping-pong (go-interop's cmd/ping_pong, pure Go, built through this module's replace directive); skipped
# with a note when Go is absent or -Dringway.go.skip=true
if [[ "${RINGWAY_GO_SKIP:-false}" != "true" ]] && command -v go >/dev/null 2>&1; then
    (cd "$here/../go" && GOTOOLCHAIN=local GOFLAGS=-mod=mod go vet ./... && \
        GOTOOLCHAIN=local GOFLAGS=-mod=mod go build -o "$out/ringway_ping_pong_go" \
            github.com/ringway-io/ringway/go-interop/cmd/ping_pong && \
        GOTOOLCHAIN=local GOFLAGS=-mod=mod go build -o "$out/parked_consumer_go" ./parked_consumer && \
        GOTOOLCHAIN=local GOFLAGS=-mod=mod go build -o "$out/ringway_throughput_go" ./throughput)
else
    echo "benchmarks: Go not found (or skipped): the Go rows will fail to start; install Go >= 1.22" >&2
fi
echo "benchmarks: C programs built in $out"
