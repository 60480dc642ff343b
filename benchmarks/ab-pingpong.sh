#!/usr/bin/env bash
# A/B of the spinning round trip between two revisions, for each language's ping-pong program (docs/PING_PONG.md):
# builds the Java (io.ringway.cli.PingPong), C (c-interop/programs/ping_pong.c) and Go (go-interop/cmd/ping_pong)
# programs of revision A and of B (a revision, or the working tree), then runs rounds that alternate A B and B A,
# pinned as benchmarks/run.sh pins (pong on CPU 1, ping on CPU 0), both sides in `spin` mode with 32-byte messages.
# A language "go-java" (or any "<ping>-<pong>" of java, c and go) runs that ping against that pong, e.g. the report's
# Go<->Java row (Go ping, Java pong).
# Prints, per language, the median over the rounds of p50, p99 and the mean of the round trips below the p99 for A and
# B, and the median of the per-round ratios B/A (the figure to trust on a noisy machine: each ratio compares runs of
# the same minute). The clock moves in 10 ns steps here, so p50 ratios move in steps too; the mean below the p99 shows
# a change of a few nanoseconds.
# Usage: benchmarks/ab-pingpong.sh <revision A> [revision B, or "worktree" (default)] [rounds (10)]
#        [languages (java,c,go)] [round trips per run (200000)]
# JAVA_FLAGS_A / JAVA_FLAGS_B (environment): extra JVM flags for A's or B's Java runs, to A/B a flag on one revision,
# e.g. JAVA_FLAGS_B=-Dagrona.disable.bounds.checks=true benchmarks/ab-pingpong.sh HEAD HEAD 8 java
# ENV_A / ENV_B (environment): variables set for every program of A's or B's runs, to A/B a runtime setting,
# e.g. ENV_B=GODEBUG=asyncpreemptoff=1 benchmarks/ab-pingpong.sh HEAD HEAD 8 go
# Needs Maven, gcc, Go and taskset; builds into a temporary directory (Java: about a minute per revision).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=benchmarks/ab-common.sh
source "$root/benchmarks/ab-common.sh"
revision_a="${1:?usage: benchmarks/ab-pingpong.sh <revision A> [revision B|worktree] [rounds] [languages] [round trips]}"
revision_b="${2:-worktree}"
rounds="${3:-10}"
languages="${4:-java,c,go}"
round_trips="${5:-200000}"
# at least 500,000 warm-up round trips, as benchmarks/run.sh gives its spinning rows (LatencySuite.MIN_SPIN_WARMUP):
# fewer end before a JVM has compiled its loop, and the JIT then runs in the measured round trips (README "Warm-up")
warmup=$(( round_trips / 4 > 500000 ? round_trips / 4 : 500000 ))
work="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

# build <side> <revision>: the side's programs into $work/<side>/
build() {
    local side="$1" revision="$2" tree
    tree="$(revision_tree "$root" "$revision" "$work/$side-tree")"
    mkdir -p "$work/$side"
    echo "ab-pingpong: building $side ($revision)" >&2
    if [[ ",${languages//-/,}," == *,java,* ]]; then
        (cd "$tree" && mvn -B -q package -pl cli -am -DskipTests -Dringway.c.skip=true -Dringway.go.skip=true \
            >"$work/$side-mvn.log" 2>&1) || { cat "$work/$side-mvn.log" >&2; exit 1; }
        cp -r "$tree/cli/target/ringway-cli.jar" "$tree/cli/target/lib" "$work/$side/" 2>/dev/null ||
            cp "$tree/cli/target/ringway-cli.jar" "$work/$side/"
    fi
    if [[ ",${languages//-/,}," == *,c,* ]]; then
        gcc -std=c11 -O2 -Wall -Wextra -Werror -I"$tree/c-interop/include" -o "$work/$side/ping_pong_c" \
            "$tree/c-interop/programs/ping_pong.c"
    fi
    if [[ ",${languages//-/,}," == *,go,* ]]; then
        (cd "$tree/go-interop" && go build -o "$work/$side/ping_pong_go" ./cmd/ping_pong)
    fi
}

# program <side> <language>: sets the array "program" to the command of that language's ping-pong program of the side
program_of() {
    local side="$1" language="$2" environment="ENV_$1"
    # shellcheck disable=SC2206 # the assignments are words by design
    local settings=(${!environment:-})
    case "$language" in
        java)
            local extra_flags="JAVA_FLAGS_$side"
            # shellcheck disable=SC2206 # the flags are words by design
            program=(env "${settings[@]}" java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED ${!extra_flags:-}
                -cp "$work/$side/ringway-cli.jar" io.ringway.cli.PingPong) ;;
        c) program=(env "${settings[@]}" "$work/$side/ping_pong_c") ;;
        go) program=(env "${settings[@]}" "$work/$side/ping_pong_go") ;;
        *) echo "ab-pingpong: unknown language '$language' (java, c, go, or <ping>-<pong>)" >&2; exit 2 ;;
    esac
}

# run <side> <language>: one pinned spinning ping-pong; appends "<language> <side> <p50> <p99>" to the results
run() {
    local side="$1" language="$2" program=() ping_program pong_program
    program_of "$side" "${language#*-}"
    pong_program=("${program[@]}")
    program_of "$side" "${language%-*}"
    ping_program=("${program[@]}")
    local dir; dir="$(mktemp -d /dev/shm/ab-pingpong.XXXXXX)"
    mkfifo "$dir/pong.out"
    taskset -c 1 "${pong_program[@]}" pong "$dir/ping.ringway" "$dir/pong.ringway" "$round_trips" "$warmup" spin \
        --length 32 --ready >"$dir/pong.out" &
    local pong_pid=$!
    exec 3<"$dir/pong.out"
    local line; read -r line <&3
    [ "$line" = READY ] || { echo "ab-pingpong: $language $side: the pong said '$line'" >&2; exit 1; }
    local result
    result="$(taskset -c 0 "${ping_program[@]}" ping "$dir/pong.ringway" "$dir/ping.ringway" "$round_trips" "$warmup" \
        spin --length 32 --samples "$dir/samples")"
    cat <&3 >/dev/null; exec 3<&-
    wait "$pong_pid"
    # the mean of the round trips below the p99: finer than the p50, which the clock's 10 ns steps quantize (README
    # "The clock's steps"), and free of the rare stalls that would swing a plain mean
    local body_mean
    body_mean="$(python3 -c '
import struct, sys
data = open(sys.argv[1], "rb").read()
samples = sorted(struct.unpack("<%dq" % (len(data) // 8), data))
body = samples[:max(1, int(len(samples) * 0.99))]
print("%.1f" % (sum(body) / len(body)))' "$dir/samples")"
    rm -rf "$dir"
    echo "$language $side $(echo "$result" | sed -E 's/.*p50Ns=([0-9]+).*p99Ns=([0-9]+).*/\1 \2/') $body_mean $round" \
        >>"$work/results"
}

build A "$revision_a"
build B "$revision_b"
for round in $(seq 1 "$rounds"); do
    for language in ${languages//,/ }; do
        if (( round % 2 )); then run A "$language"; run B "$language"; else run B "$language"; run A "$language"; fi
    done
    echo "ab-pingpong: round $round of $rounds done" >&2
done
echo "spinning round trips, $rounds rounds alternating A B / B A, $round_trips round trips a run after $warmup warm-up"
echo "A = $revision_a, B = $revision_b; load average $(cut -d' ' -f1-3 /proc/loadavg) at the end, $(nproc) CPUs"
python3 - "$work/results" <<'PYTHON'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    language, side, p50, p99, body_mean, round_number = line.split()
    runs.setdefault(language, {}).setdefault(round_number, {})[side] = (int(p50), int(p99), float(body_mean))
for language, by_round in runs.items():
    pairs = [r for r in by_round.values() if 'A' in r and 'B' in r]
    median = lambda values: statistics.median(values)
    a50, b50 = median([r['A'][0] for r in pairs]), median([r['B'][0] for r in pairs])
    a99, b99 = median([r['A'][1] for r in pairs]), median([r['B'][1] for r in pairs])
    ratio50 = median([r['B'][0] / r['A'][0] for r in pairs])
    ratio99 = median([r['B'][1] / r['A'][1] for r in pairs])
    amean, bmean = median([r['A'][2] for r in pairs]), median([r['B'][2] for r in pairs])
    ratio_mean = median([r['B'][2] / r['A'][2] for r in pairs])
    print(f"{language:5} p50 A {a50:7.0f} ns  B {b50:7.0f} ns  B/A {ratio50:.3f}    "
          f"p99 A {a99:7.0f} ns  B {b99:7.0f} ns  B/A {ratio99:.3f}    "
          f"mean<p99 A {amean:7.1f} ns  B {bmean:7.1f} ns  B/A {ratio_mean:.3f}")
PYTHON
