#!/usr/bin/env bash
# The raw C spin floor against Ringway's C<->C spin ping-pong, interleaved run by run (floor, Ringway, floor, ...),
# pinned as benchmarks/run.sh pins them (pong on CPU 1, ping on CPU 0), 32-byte messages: the ratio of the two in
# the same minute, which the full run's per-round ratios lose when the machine flips between its fast and slow states
# between two rows. Prints each round's p50s and the median of the per-round ratios.
# Usage: benchmarks/floor-ab.sh [rounds (6)] [round trips (200000)]; needs the programs of benchmarks/c/build.sh in
# benchmarks/target/c (any benchmarks/run.sh or mvn -pl benchmarks package builds them), taskset and python3.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
programs="$here/target/c"
rounds="${1:-6}"
round_trips="${2:-200000}"
warmup=$(( round_trips / 4 ))
work="$(mktemp -d /dev/shm/ringway-floor-ab-XXXXXX)"
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT
for program in raw_spin_pingpong ringway_ping_pong; do
    [ -x "$programs/$program" ] || { echo "floor-ab: $programs/$program missing: run benchmarks/c/build.sh" >&2; exit 2; }
done

# p50 of a samples file: little-endian int64 nanoseconds
p50() { python3 -c 'import struct, sys; d = open(sys.argv[1], "rb").read(); v = sorted(struct.unpack("<%dq" % (len(d) // 8), d)); print(v[len(v) // 2])' "$1"; }

ratios=()
for round in $(seq 1 "$rounds"); do
    taskset -c 1 "$programs/raw_spin_pingpong" pong "$work/raw" >/dev/null &
    sleep 0.2
    taskset -c 0 "$programs/raw_spin_pingpong" ping "$work/raw" "$warmup" "$round_trips" "$work/raw.samples" >/dev/null
    wait
    taskset -c 1 "$programs/ringway_ping_pong" pong "$work/a" "$work/b" "$round_trips" "$warmup" spin --length 32 \
        >/dev/null &
    taskset -c 0 "$programs/ringway_ping_pong" ping "$work/b" "$work/a" "$round_trips" "$warmup" spin --length 32 \
        --samples "$work/ringway.samples" >/dev/null
    wait
    rm -f "$work/raw" "$work/a" "$work/b"
    floor=$(p50 "$work/raw.samples")
    ringway=$(p50 "$work/ringway.samples")
    ratio=$(python3 -c "print(f'{$ringway / $floor:.2f}')")
    ratios+=("$ratio")
    echo "round $round: raw spin floor p50 ${floor} ns, Ringway C<->C p50 ${ringway} ns, ratio ${ratio}"
done
echo "median of the per-round ratios Ringway C<->C / raw spin floor: $(printf '%s\n' "${ratios[@]}" | sort -n |
    python3 -c 'import sys; v = [float(x) for x in sys.stdin]; n = len(v); print(v[n // 2] if n % 2 else (v[n // 2 - 1] + v[n // 2]) / 2)')"
