#!/usr/bin/env bash
# Parked ping-pong between two C processes (LAYOUT 9): each side parks on every round (strict); no wait may end by
# timeout (docs/PING_PONG.md). Usage: run-ping-pong.sh <dir with the programs> <rounds>
set -euo pipefail
bin_dir="$1"; rounds="$2"
dir="$(mktemp -d "${RINGWAY_TEST_DIR:-/dev/shm}/ringway-ctest-XXXXXX")"
pong_pid=""
cleanup() {
    if [ -n "$pong_pid" ]; then kill "$pong_pid" 2>/dev/null || true; fi
    rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
"$bin_dir/ringway_ping_pong" pong "$dir/ping.ringway" "$dir/pong.ringway" "$rounds" 0 blocking --timeout-ms 2000 --strict \
    >"$dir/pong.out" &
pong_pid=$!
"$bin_dir/ringway_ping_pong" ping "$dir/pong.ringway" "$dir/ping.ringway" "$rounds" 0 blocking --timeout-ms 2000 --strict \
    >"$dir/ping.out"
wait "$pong_pid"
pong_pid=""
cat "$dir/ping.out" "$dir/pong.out"
grep -q "^ping: rounds=$rounds timeouts=0 " "$dir/ping.out"
grep -q "^pong: rounds=$rounds timeouts=0$" "$dir/pong.out"
