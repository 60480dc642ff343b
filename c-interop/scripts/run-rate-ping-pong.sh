#!/usr/bin/env bash
# The fixed-rate ping of docs/PING_PONG.md (--rate N) between two C processes: round i is due at start + i / N and
# timed from then (coordinated omission corrected). No assertion on time: at one round per nanosecond every round is
# late, and a round timed from its due time (end_i - start - i) falls by at most 1 ns from one round to the next,
# which rounds timed from their actual send (independent round trips) break within a few rounds. Also: --rate must
# be a positive number. 500 warm-up rounds: the measured rounds' schedule starts afresh after them. Usage: run-rate-ping-pong.sh <dir with the programs> <rounds>
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
for bad in 0 -1 1000000001 fast; do
    status=0
    "$bin_dir/ringway_ping_pong" ping "$dir/a" "$dir/b" 1 0 spin --rate "$bad" 2>/dev/null || status=$?
    if [ "$status" -ne 2 ]; then echo "--rate $bad: exit $status, expected 2"; exit 1; fi
done
"$bin_dir/ringway_ping_pong" pong "$dir/ping.ringway" "$dir/pong.ringway" "$rounds" 500 yielding >"$dir/pong.out" &
pong_pid=$!
"$bin_dir/ringway_ping_pong" ping "$dir/pong.ringway" "$dir/ping.ringway" "$rounds" 500 yielding --rate 1000000000 \
    --samples "$dir/samples.bin" >"$dir/ping.out"
wait "$pong_pid"
pong_pid=""
cat "$dir/ping.out" "$dir/pong.out"
grep -q "^ping: rounds=$rounds timeouts=0 " "$dir/ping.out"
od -An -v -t d8 -w8 "$dir/samples.bin" | awk -v rounds="$rounds" '
    NR == 1 && $1 <= 0 { print "round 0: " $1 " ns"; exit 1 }
    NR > 1 && $1 < previous - 1 { print "round " NR - 1 ": " $1 " ns after " previous " ns"; exit 1 }
    { previous = $1 }
    END { if (NR != rounds) { print "samples: found=" NR " expected=" rounds; exit 1 } }'
