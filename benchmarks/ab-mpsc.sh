#!/usr/bin/env bash
# A/B of MPSC throughput between two revisions: builds the benchmark programs of revision A and of B (a revision, or
# the working tree), then runs rounds that alternate A B and B A of one Java consumer and N Java producer processes on
# one MPSC channel in /dev/shm (RingwayThroughput, 32-byte messages; producers pinned together to CPU 0, the consumer
# to CPU 1, as benchmarks/run.sh pins them). Prints each round's messages per second received and the median of the
# per-round ratios B/A, the figure to trust on a machine that flips between a fast and a slow state within minutes.
# Usage: benchmarks/ab-mpsc.sh <revision A> [revision B, or "worktree" (default)] [rounds (12)] [producers (2)]
#        [messages per producer (10000000)]
# Needs Maven, JDK 17, taskset and python3; builds into a temporary directory (about a minute per revision).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=benchmarks/ab-common.sh
source "$root/benchmarks/ab-common.sh"
revision_a="${1:?usage: benchmarks/ab-mpsc.sh <revision A> [revision B|worktree] [rounds] [producers] [messages]}"
revision_b="${2:-worktree}"
rounds="${3:-12}"
producers="${4:-2}"
count="${5:-10000000}"
warmup=$(( count / 5 ))
work="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work" /dev/shm/ab-mpsc.*' EXIT


# run <side> <round>: one consumer and the producers; appends "<side> <msgs/s> <round>" to the results
run() {
    local side="$1" round="$2" dir program
    dir="$(mktemp -d /dev/shm/ab-mpsc.XXXXXX)"
    program=(java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp "$(cat "$work/$side.classpath")"
        io.ringway.bench.throughput.RingwayThroughput --producers "$producers")
    mkfifo "$dir/consumer.out"
    taskset -c 1 "${program[@]}" consume "$dir/mpsc.ringway" "$warmup" "$count" 32 "$dir/result" \
        >"$dir/consumer.out" &
    local consumer_pid=$!
    exec 3<"$dir/consumer.out"
    local line; read -r line <&3
    [ "$line" = READY ] || { echo "ab-mpsc: $side: the consumer said '$line'" >&2; exit 1; }
    local producer_pids=()
    for ((i = 0; i < producers; i++)); do
        taskset -c 0 "${program[@]}" --producer "$i" produce "$dir/mpsc.ringway" "$warmup" "$count" 32 &
        producer_pids+=($!)
    done
    wait "${producer_pids[@]}" "$consumer_pid"
    cat <&3 >/dev/null; exec 3<&-
    echo "$side $(python3 -c 'import re, sys; d = dict(re.findall(r"(\w+)=(\d+)", open(sys.argv[1]).read()));
print(int(d["messages"]) / (int(d["nanos"]) / 1e9))' "$dir/result") $round" >>"$work/results"
    rm -rf "$dir"
}

build_benchmark_classpath "$root" A "$revision_a" "$work" ab-mpsc
build_benchmark_classpath "$root" B "$revision_b" "$work" ab-mpsc
for round in $(seq 1 "$rounds"); do
    if (( round % 2 )); then run A "$round"; run B "$round"; else run B "$round"; run A "$round"; fi
done
echo "MPSC, $producers producer processes, 32 B, $count messages each after $warmup, $rounds rounds alternating A B / B A"
echo "A = $revision_a, B = $revision_b; load average $(cut -d' ' -f1-3 /proc/loadavg) at the end, $(nproc) CPUs"
python3 - "$work/results" <<'PYTHON'
import statistics, sys
rounds = {}
for line in open(sys.argv[1]):
    side, rate, round_number = line.split()
    rounds.setdefault(round_number, {})[side] = float(rate)
pairs = [r for r in rounds.values() if 'A' in r and 'B' in r]
for number, r in rounds.items():
    print(f"round {number}: A {r['A'] / 1e6:6.2f} M msgs/s  B {r['B'] / 1e6:6.2f} M msgs/s  B/A {r['B'] / r['A']:.2f}")
ratios = [r['B'] / r['A'] for r in pairs]
print(f"median A {statistics.median(r['A'] for r in pairs) / 1e6:.2f} M, B {statistics.median(r['B'] for r in pairs) / 1e6:.2f} M, "
      f"median B/A {statistics.median(ratios):.3f}, B ahead in {sum(x > 1 for x in ratios)} of {len(ratios)}")
PYTHON
