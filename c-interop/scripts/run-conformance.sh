#!/usr/bin/env bash
# C producers -> C consumer over a fresh channel, as separate processes (docs/CONFORMANCE.md).
# Usage: run-conformance.sh <dir with the programs> <spsc|mpsc> <producerCount> <count per producer>
set -euo pipefail
bin_dir="$1"; kind="$2"; producer_count="$3"; count="$4"
dir="$(mktemp -d "${RINGWAY_TEST_DIR:-/dev/shm}/ringway-ctest-XXXXXX")"
trap 'rm -rf "$dir"' EXIT
channel="$dir/conformance.ringway"
"$bin_dir/ringway_create_channel" "$channel" "$kind" 65536
"$bin_dir/ringway_sequence_consumer" "$channel" "$producer_count" &
consumer_pid=$!
producer_pids=()
for ((id = 1; id <= producer_count; id++)); do
    "$bin_dir/ringway_sequence_producer" "$channel" "$id" "$count" &
    producer_pids+=($!)
done
status=0
for pid in "${producer_pids[@]}"; do
    wait "$pid" || status=1
done
wait "$consumer_pid" || status=1
exit "$status"
