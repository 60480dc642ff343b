#!/usr/bin/env bash
# The bridge's overhead over plain Aeron UDP between the same two processes (issue 24, docs/BRIDGE.md): one-way
# throughput and round trip over UDP loopback, interleaved A B / B A by round; prints each round and a table of medians
# with the ratio bridge / Aeron.
#
#   benchmarks/bridge-overhead.sh                               5 rounds, 1,000,000 messages of 32 bytes, 5,000 round trips
#   benchmarks/bridge-overhead.sh --rounds 3 --messages 500000 --round-trips 5000 --length 256 --batch
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
echo "bridge-overhead: building (mvn -pl benchmarks -am package) ..."
mkdir -p "$here/target"
(cd "$root" && mvn -B -q -o -pl benchmarks -am package -DskipTests >"$here/target/build.log" 2>&1) ||
    { cat "$here/target/build.log" >&2; echo "bridge-overhead: build failed" >&2; exit 1; }
classpath="$here/target/classes:$(cat "$here/target/classpath.txt")"
flags="$(sed -n 's/^ringway\.jvm\.flags=//p' "$here/target/classes/io/ringway/bench/harness/build.properties")"
# shellcheck disable=SC2086 # the flags are words
exec java $flags -Xmx1g -cp "$classpath" io.ringway.bench.bridge.BridgeOverhead "$@"
