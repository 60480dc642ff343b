#!/usr/bin/env bash
# The Windows round-trip benchmark: Ringway's C and Go ping-pong programs (docs/PING_PONG.md) built for Windows and
# run under Wine (or, with RINGWAY_WINE unset on Windows... not supported here: this script drives Wine), beside the
# floors of raw_pingpong_windows.c, in one interleaved run: every round runs every row once, in the same minute.
# Rows: raw spin floor, raw named-event floor, Ringway C<->C and Go<->Go and C ping<->Go pong, each spinning and
# parked (blocking: every message parks on the channel's named event, LAYOUT 9.7). Wine is not Windows: these
# figures say what a Wine process pays (wineserver round trips for events), not what Windows would.
# Only the mean round trip of each run is used: Wine's clocks tick too coarsely to time one round trip (Go's
# reads 0 for most), so percentiles would mislead. Reports the median over the rounds of each row's mean, and its
# ratio to the floor of its kind, to benchmarks/results/<date>-windows-wine.md.
# Usage: benchmarks/windows/run.sh [rounds (default 5)] [round trips per run (default 20000)]
# Needs what c-interop/windows/ensure-wine.sh installs (wine64, mingw-w64; it installs them as root) and Go.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
rounds="${1:-5}"
round_trips="${2:-20000}"
warmup=$(( round_trips / 10 ))
parked_round_trips=$(( round_trips / 10 ))
eval "$("$root/c-interop/windows/ensure-wine.sh")"   # WINEPREFIX, RINGWAY_WINE
export WINEDEBUG=-all
bin="$here/target"
mkdir -p "$bin"
x86_64-w64-mingw32-gcc -std=c11 -O2 -Wall -Wextra -Werror -o "$bin/raw_pingpong_windows.exe" \
    "$here/raw_pingpong_windows.c"
x86_64-w64-mingw32-gcc -std=c11 -O2 -Wall -Wextra -Werror -I"$root/c-interop/include" \
    -o "$bin/ping_pong_c.exe" "$root/c-interop/programs/ping_pong.c"
(cd "$root/go-interop" && GOOS=windows GOARCH=amd64 go build -o "$bin/ping_pong_go.exe" ./cmd/ping_pong)
work="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT
results="$work/results"

# one run: <row> <count> <pong command...> -- <ping command...>; the ping prints "... meanNs=M ..."
run() {
    local row="$1" count="$2"; shift 2
    local pong=() ping=()
    while [ "$1" != "--" ]; do pong+=("$1"); shift; done; shift
    ping=("$@")
    "$RINGWAY_WINE" "${pong[@]}" >"$work/pong.out" 2>&1 &
    local pong_pid=$!
    # the ping starts once the pong said READY (it made its mapping or events, or opened its channels)
    local waited=0
    until grep -q READY "$work/pong.out" 2>/dev/null; do
        sleep 0.1
        waited=$(( waited + 1 ))
        [ "$waited" -lt 600 ] || { echo "windows bench: $row: no READY from the pong: $(cat "$work/pong.out")" >&2; exit 1; }
    done
    local line
    line="$(timeout 300 "$RINGWAY_WINE" "${ping[@]}" 2>&1 | tr -d '\r' | grep '^ping:')" ||
        { echo "windows bench: $row failed: $(cat "$work/pong.out")" >&2; exit 1; }
    wait "$pong_pid" || { echo "windows bench: $row: pong failed: $(cat "$work/pong.out")" >&2; exit 1; }
    echo "$row|$(echo "$line" | sed -E 's/.*meanNs=([0-9]+).*/\1/')" >>"$results"
    rm -f "$work"/*.ringway
}

ringway() {   # <row> <wait> <count> <pong program> <ping program>
    local row="$1" wait="$2" count="$3" pong_program="$4" ping_program="$5"
    local a='Z:'"${work//\//\\}"'\a.ringway' b='Z:'"${work//\//\\}"'\b.ringway'
    run "$row" "$count" "$bin/$pong_program" pong "$a" "$b" "$count" "$warmup" "$wait" --ready -- \
        "$bin/$ping_program" ping "$b" "$a" "$count" "$warmup" "$wait"
}

for round in $(seq 1 "$rounds"); do
    name="r$round-$$"
    run "Raw spin floor (shared mapping)" "$round_trips" "$bin/raw_pingpong_windows.exe" spin pong "$name" \
        "$round_trips" "$warmup" -- "$bin/raw_pingpong_windows.exe" spin ping "$name" "$round_trips" "$warmup"
    run "Raw event floor (named events)" "$parked_round_trips" "$bin/raw_pingpong_windows.exe" event pong "$name" \
        "$parked_round_trips" "$warmup" -- "$bin/raw_pingpong_windows.exe" event ping "$name" \
        "$parked_round_trips" "$warmup"
    ringway "Ringway C<->C spin" spin "$round_trips" ping_pong_c.exe ping_pong_c.exe
    ringway "Ringway Go<->Go spin" spin "$round_trips" ping_pong_go.exe ping_pong_go.exe
    ringway "Ringway C ping<->Go pong spin" spin "$round_trips" ping_pong_go.exe ping_pong_c.exe
    ringway "Ringway C<->C parked" blocking "$parked_round_trips" ping_pong_c.exe ping_pong_c.exe
    ringway "Ringway Go<->Go parked" blocking "$parked_round_trips" ping_pong_go.exe ping_pong_go.exe
    ringway "Ringway C ping<->Go pong parked" blocking "$parked_round_trips" ping_pong_go.exe ping_pong_c.exe
    echo "windows bench: round $round of $rounds done" >&2
done

mkdir -p "$root/benchmarks/results"
report="$root/benchmarks/results/$(date -u +%Y-%m-%d)-windows-wine.md"
{
    echo "# Windows round trips under Wine, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo
    echo "\`benchmarks/windows/run.sh $rounds $round_trips\`: $rounds interleaved rounds; spinning rows $round_trips round"
    echo "trips a run, parked rows and the event floor $parked_round_trips ($warmup warm-up each); $(wine64 --version 2>/dev/null ||
        "$RINGWAY_WINE" --version), $(go env GOVERSION), $(x86_64-w64-mingw32-gcc -dumpversion) (mingw-w64),"
    echo "$(nproc) CPUs, not pinned. The figure of a run is its mean round trip (Wine's clocks are too coarse for"
    echo "percentiles); the table gives the median over the rounds, and the ratio to the floor of its kind (spinning"
    echo "rows to the raw spin floor, parked rows to the raw event floor). Wine is not Windows. The floors and the C"
    echo "program time each round trip between two QueryPerformanceCounter reads (about 130 ns a pair under Wine 8.0,"
    echo "so the floors carry that cost too); Go's time.Now reads the interrupt time, cheaper and coarser."
    echo "A parked row can come in under the event floor: the floor sleeps and signals on every hop, while a Ringway"
    echo "side that finds the echo on the re-check before it sleeps (LAYOUT 9.1) makes no kernel call for that hop."
    echo
    echo "| row | median of the runs' mean round trip | ratio to its floor | runs (ns) |"
    echo "| --- | --- | --- | --- |"
    awk -F'|' '
        function median(list,    n, v, i, j, t) {
            n = split(substr(list, 2), v, " ")
            for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] + 0 < v[i] + 0) { t = v[i]; v[i] = v[j]; v[j] = t }
            return (n % 2) ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
        }
        { if (!($1 in runs)) order[++count] = $1; runs[$1] = runs[$1] " " $2 }
        END {
            spin = median(runs["Raw spin floor (shared mapping)"]); event = median(runs["Raw event floor (named events)"])
            for (i = 1; i <= count; i++) {
                row = order[i]; m = median(runs[row]); floor = (row ~ /parked|event/) ? event : spin
                printf "| %s | %.0f ns | %.2fx | %s |\n", row, m, m / floor, substr(runs[row], 2)
            }
        }' "$results"
} >"$report"
cat "$report"
echo "windows bench: report written to $report" >&2
