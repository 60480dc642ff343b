#!/usr/bin/env bash
# Cost per message: runs the benchmarks of bench_test.go in interleaved rounds (each round runs every
# benchmark once, A B C D E, then the next round), then prints each benchmark's median ns per message over the
# rounds and its ratio to the per-message baseline of its side (Offer for producers, Poll for the consumer).
# Usage: scripts/bench.sh [rounds (default 7)] [messages per run (default 2000000)]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-7}"
messages="${2:-2000000}"
results="$(mktemp)"
trap 'rm -f "$results"' EXIT
go test -c -o "$results.test" . >/dev/null
trap 'rm -f "$results" "$results.test"' EXIT
for round in $(seq 1 "$rounds"); do
    "$results.test" -test.run '^$' -test.bench . -test.benchtime "${messages}x" -test.count 1 |
        awk '/^Benchmark/ { sub(/-[0-9]+$/, "", $1); print $1, $3 }' >>"$results"
done
echo "median ns per message over $rounds interleaved rounds of $messages messages each (go $(go env GOVERSION))"
awk '
    { values[$1] = values[$1] " " $2; names[$1] = 1 }
    END {
        for (name in names) {
            n = split(substr(values[name], 2), v, " ")
            for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] + 0 < v[i] + 0) { t = v[i]; v[i] = v[j]; v[j] = t }
            median[name] = (n % 2) ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
            low[name] = v[1]; high[name] = v[n]
        }
        offer = median["BenchmarkOfferPerMessage"]; poll = median["BenchmarkPollPerMessage"]
        for (name in names) {
            base = (name ~ /Poll/) ? poll : offer
            printf "%-42s %8.1f ns  (range %.1f .. %.1f)  %.2fx of %s\n", name, median[name], low[name], high[name],
                median[name] / base, (name ~ /Poll/) ? "Poll" : "Offer"
        }
    }' "$results" | sort
