#!/usr/bin/env bash
# Ping-pong between two C processes (docs/PING_PONG.md).
# Usage: run-ping-pong.sh <dir with the programs> <rounds> [mode]
#   parked (default): each side parks on every round (strict, LAYOUT 9); no wait may end by timeout.
#   fixed-rate: the fixed-rate ping (--rate N): round i is due at start + i / N and timed from then (coordinated
#     omission corrected). No assertion on time: at one round per nanosecond every round is late, and a round timed
#     from its due time (end_i - start - i) falls by at most 1 ns from one round to the next, which rounds timed from
#     their actual send (independent round trips) break within a few rounds. 500 warm-up rounds: the measured
#     rounds' schedule starts afresh after them. Also: --rate must be a number in [1, 10^9].
set -euo pipefail
bin_dir="$1"; rounds="$2"; mode="${3:-parked}"
dir="$(mktemp -d "${RINGWAY_TEST_DIR:-/dev/shm}/ringway-ctest-XXXXXX")"
pong_pid=""
cleanup() {
    if [ -n "$pong_pid" ]; then kill "$pong_pid" 2>/dev/null || true; fi
    rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
if [ "$mode" = "fixed-rate" ]; then
    for bad in 0 -1 1000000001 fast; do
        status=0
        "$bin_dir/ringway_ping_pong" ping "$dir/a" "$dir/b" 1 0 spin --rate "$bad" 2>/dev/null || status=$?
        if [ "$status" -ne 2 ]; then echo "--rate $bad: exit $status, expected 2"; exit 1; fi
    done
    warmup=500
    pong_args=(yielding)
    ping_args=(yielding --rate 1000000000 --samples "$dir/samples.bin")
else
    warmup=0
    pong_args=(blocking --timeout-ms 2000 --strict)
    ping_args=("${pong_args[@]}")
fi
"$bin_dir/ringway_ping_pong" pong "$dir/ping.ringway" "$dir/pong.ringway" "$rounds" "$warmup" "${pong_args[@]}" \
    >"$dir/pong.out" &
pong_pid=$!
"$bin_dir/ringway_ping_pong" ping "$dir/pong.ringway" "$dir/ping.ringway" "$rounds" "$warmup" "${ping_args[@]}" \
    >"$dir/ping.out"
wait "$pong_pid"
pong_pid=""
cat "$dir/ping.out" "$dir/pong.out"
grep -q "^ping: rounds=$rounds timeouts=0 " "$dir/ping.out"
grep -q "^pong: rounds=$rounds timeouts=0$" "$dir/pong.out"
if [ "$mode" = "fixed-rate" ]; then
    od -An -v -t d8 -w8 "$dir/samples.bin" | awk -v rounds="$rounds" '
        NR == 1 && $1 <= 0 { print "round 0: " $1 " ns"; exit 1 }
        NR > 1 && $1 < previous - 1 { print "round " NR - 1 ": " $1 " ns after " previous " ns"; exit 1 }
        { previous = $1 }
        END { if (NR != rounds) { print "samples: found=" NR " expected=" rounds; exit 1 } }'
fi
