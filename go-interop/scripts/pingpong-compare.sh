#!/usr/bin/env bash
# Compares the Go round trip of two Go modules in one interleaved run: the module at a git revision (A, for
# example the last cgo design) and the working tree's (B). The same program, the working tree's cmd/ping_pong
# (docs/PING_PONG.md), is built against each module, so only the library differs. Every round runs, in this order:
# Go<->Go with A, Go<->Go with B, Go ping (A) against the Java pong, Go ping (B) against the Java pong; both sides
# spin, each pinned to its own CPU as benchmarks/run.sh pins them. Prints, per row, the median over the rounds of
# each run's p50 and p99 round trip, and B/A.
# Usage: scripts/pingpong-compare.sh <revision A> [rounds (default 5)] [round trips per run (default 200000)] [report]
# With a report path, the result is also written there (benchmarks/results/ holds the reports quoted in the docs).
# Needs the Java command built (cli/target/ringway-cli.jar: mvn -q package -pl cli -am -DskipTests) and taskset.
set -euo pipefail
module_dir="$(cd "$(dirname "$0")/.." && pwd)"
repo_dir="$(cd "$module_dir/.." && pwd)"
revision="${1:?usage: scripts/pingpong-compare.sh <revision A> [rounds] [round trips]}"
rounds="${2:-5}"
round_trips="${3:-200000}"
report="${4:-}"
warmup=$(( round_trips / 4 ))
cli_jar="$repo_dir/cli/target/ringway-cli.jar"
[ -f "$cli_jar" ] || { echo "pingpong-compare: $cli_jar missing: mvn -q package -pl cli -am -DskipTests" >&2; exit 1; }
work="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT

# A: the revision's module with the working tree's program in place of its own
mkdir "$work/a"
git -C "$repo_dir" archive "$revision:go-interop" | tar -x -C "$work/a"
rm -rf "$work/a/cmd/ping_pong"
cp -r "$module_dir/cmd/ping_pong" "$work/a/cmd/ping_pong"
(cd "$work/a" && GOFLAGS=-mod=mod go build -o "$work/ping_pong_a" ./cmd/ping_pong)
(cd "$module_dir" && go build -o "$work/ping_pong_b" ./cmd/ping_pong)
java_pong=(java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp "$cli_jar" io.ringway.cli.PingPong)

# one run: <label> <pong command...> -- <ping command...>; the pong prints READY before the ping starts
run() {
    local label="$1"; shift
    local pong=() ping=()
    while [ "$1" != "--" ]; do pong+=("$1"); shift; done; shift
    ping=("$@")
    local dir="$work/run"; rm -rf "$dir"; mkdir "$dir"
    local args=("$dir/ping.ringway" "$dir/pong.ringway" "$round_trips" "$warmup" spin)
    mkfifo "$dir/pong.out"
    taskset -c 0 "${pong[@]}" pong "${args[@]}" --ready >"$dir/pong.out" &
    local pong_pid=$!
    exec 3<"$dir/pong.out"
    read -r line <&3
    [ "$line" = READY ] || { echo "pingpong-compare: $label: pong said '$line'" >&2; exit 1; }
    # the ping's outbound file is the pong's inbound file
    local result
    result="$(taskset -c 1 "${ping[@]}" ping "$dir/pong.ringway" "$dir/ping.ringway" "$round_trips" "$warmup" spin)"
    cat <&3 >/dev/null; exec 3<&-
    wait "$pong_pid"
    echo "$label $(echo "$result" | sed -E 's/.*p50Ns=([0-9]+).*p99Ns=([0-9]+).*/\1 \2/')" >>"$work/results"
}

for round in $(seq 1 "$rounds"); do
    run "Go<->Go A" "$work/ping_pong_a" -- "$work/ping_pong_a"
    run "Go<->Go B" "$work/ping_pong_b" -- "$work/ping_pong_b"
    run "Go<->Java A" "${java_pong[@]}" -- "$work/ping_pong_a"
    run "Go<->Java B" "${java_pong[@]}" -- "$work/ping_pong_b"
    echo "pingpong-compare: round $round of $rounds done" >&2
done
{
echo "median over $rounds interleaved rounds of $round_trips round trips (after $warmup warm-up), both sides spin"
echo "A = $revision ($(git -C "$repo_dir" rev-parse --short "$revision")), B = working tree ($(go env GOVERSION))"
awk '
    function median(list,    n, v, i, j, t) {
        n = split(substr(list, 2), v, " ")
        for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] + 0 < v[i] + 0) { t = v[i]; v[i] = v[j]; v[j] = t }
        return (n % 2) ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
    }
    { row = $1; side = $2; p50[row, side] = p50[row, side] " " $3; p99[row, side] = p99[row, side] " " $4; rows[row] = 1 }
    END {
        for (row in rows) {
            a50 = median(p50[row, "A"]); b50 = median(p50[row, "B"]); a99 = median(p99[row, "A"]); b99 = median(p99[row, "B"])
            printf "%-10s p50 A %6.0f ns  B %6.0f ns  B/A %.2f    p99 A %6.0f ns  B %6.0f ns  B/A %.2f\n", row, a50, b50, b50 / a50, a99, b99, b99 / a99
        }
    }' "$work/results" | sort
echo "command: go-interop/scripts/pingpong-compare.sh $revision $rounds $round_trips, $(date -u +%Y-%m-%dT%H:%M:%SZ), load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) CPUs"
} | if [ -n "$report" ]; then tee "$report"; else cat; fi
