#!/usr/bin/env bash
# A/B of the single-thread code paths between two revisions: builds the benchmark classpath of revision A and of B (a
# revision, or the working tree), then runs rounds that alternate A B and B A of the JMH RingBurstBenchmark (one thread
# offers 64 messages, then polls them; the report's "code paths alone" table), one fork per run, with Agrona's row of
# the same benchmark (A's build) in every round. Prints, per ring kind and length, the medians of A, B and Agrona in ns
# per message, and the medians of the per-round ratios B/A and each side to Agrona: the figures to trust on a noisy
# machine, each comparing forks of the same minute.
# Usage: benchmarks/ab-burst.sh <revision A> [revision B, or "worktree" (default)] [rounds (6)] [ring kinds (SPSC,MPSC)]
#        [message lengths (32,256)]
# JAVA_FLAGS_A / JAVA_FLAGS_B (environment): extra JVM flags for A's or B's forks, to A/B a flag on one revision.
# Needs Maven, JDK 17 and python3; builds into a temporary directory (about a minute per revision); a round of the
# defaults takes about two minutes.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=benchmarks/ab-common.sh
source "$root/benchmarks/ab-common.sh"
revision_a="${1:?usage: benchmarks/ab-burst.sh <revision A> [revision B|worktree] [rounds] [kinds] [lengths]}"
revision_b="${2:-worktree}"
rounds="${3:-6}"
kinds="${4:-SPSC,MPSC}"
lengths="${5:-32,256}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT


# run <side> <implementation> <round>: one JMH fork per kind and length; appends
# "<side> <kind> <length> <ns per message> <round>" to the results
run() {
    local side="$1" implementation="$2" round="$3" classpath_side="$1" extra_flags
    [ "$side" = Agrona ] && classpath_side=A
    extra_flags="JAVA_FLAGS_$classpath_side"
    java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp "$(cat "$work/$classpath_side.classpath")" \
        org.openjdk.jmh.Main RingBurstBenchmark -p implementation="$implementation" -p ringKind="$kinds" \
        -p messageLength="$lengths" -f 1 -wi 3 -w 1 -i 5 -r 1 \
        -jvmArgsAppend "--add-exports java.base/jdk.internal.misc=ALL-UNNAMED ${!extra_flags:-}" 2>&1 |
        awk -v side="$side" -v round="$round" '$1 ~ /offerThenPoll$/ { print side, $4, $3, $7, round }' \
        >>"$work/results"
}

build_benchmark_classpath "$root" A "$revision_a" "$work" ab-burst
build_benchmark_classpath "$root" B "$revision_b" "$work" ab-burst
for round in $(seq 1 "$rounds"); do
    if (( round % 2 )); then run A RINGWAY "$round"; run B RINGWAY "$round"; run Agrona AGRONA "$round"
    else run Agrona AGRONA "$round"; run B RINGWAY "$round"; run A RINGWAY "$round"; fi
    echo "ab-burst: round $round of $rounds done" >&2
done
echo "RingBurstBenchmark (offer 64, then poll them; ns per message), $rounds rounds alternating A B / B A, one fork each"
echo "A = $revision_a, B = $revision_b; load average $(cut -d' ' -f1-3 /proc/loadavg) at the end, $(nproc) CPUs"
python3 - "$work/results" <<'PYTHON'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    side, kind, length, score, round_number = line.split()
    runs.setdefault((kind, int(length)), {}).setdefault(round_number, {})[side] = float(score)
for (kind, length), by_round in sorted(runs.items()):
    rounds = [r for r in by_round.values() if len(r) == 3]
    median = statistics.median
    a, b, agrona = (median(r[side] for r in rounds) for side in ('A', 'B', 'Agrona'))
    print(f"{kind} {length:4} B   A {a:5.1f}  B {b:5.1f}  Agrona {agrona:5.1f} ns   "
          f"B/A {median(r['B'] / r['A'] for r in rounds):.3f}   "
          f"A/Agrona {median(r['A'] / r['Agrona'] for r in rounds):.3f}   "
          f"B/Agrona {median(r['B'] / r['Agrona'] for r in rounds):.3f}   ({len(rounds)} rounds)")
PYTHON
