#!/usr/bin/env bash
# Compares the benchmarks of bench_test.go between a git revision (A, e.g. main) and the working tree (B),
# interleaved: every round runs A's benchmarks once, then B's, so that both see the same noise. Prints each
# benchmark's median ns per message over the rounds for A and B, and B / A.
# Usage: scripts/bench-compare.sh <revision A> [rounds (default 7)] [messages per run (default 2000000)]
# With RINGWAY_BENCH_FROM_B=1, A runs the working tree's bench_test.go (for benchmarks that A does not have yet).
set -euo pipefail
cd "$(dirname "$0")/.."
revision="${1:?usage: scripts/bench-compare.sh <revision A> [rounds] [messages]}"
rounds="${2:-7}"
messages="${3:-2000000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir "$work/a"
git -C .. archive "$revision:go-interop" | tar -x -C "$work/a"
if [ "${RINGWAY_BENCH_FROM_B:-0}" = 1 ]; then
    cp bench_test.go "$work/a/bench_test.go"
fi
(cd "$work/a" && go test -c -o "$work/a.test" . >/dev/null)
go test -c -o "$work/b.test" . >/dev/null
for round in $(seq 1 "$rounds"); do
    for side in a b; do
        "$work/$side.test" -test.run '^$' -test.bench . -test.benchtime "${messages}x" -test.count 1 |
            awk -v side="$side" '/^Benchmark/ { sub(/-[0-9]+$/, "", $1); print side, $1, $3 }' >>"$work/results"
    done
done
echo "median ns per message over $rounds interleaved rounds of $messages messages each (go $(go env GOVERSION))"
echo "A = $revision ($(git rev-parse --short "$revision")), B = working tree"
awk '
    function median(list,    n, v, i, j, t) {
        n = split(substr(list, 2), v, " ")
        for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] + 0 < v[i] + 0) { t = v[i]; v[i] = v[j]; v[j] = t }
        return (n % 2) ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
    }
    { values[$1, $2] = values[$1, $2] " " $3; names[$2] = 1 }
    END {
        for (name in names) {
            a = median(values["a", name]); b = median(values["b", name])
            printf "%-38s A %8.1f ns   B %8.1f ns   B/A %.2f\n", name, a, b, b / a
        }
    }' "$work/results" | sort
