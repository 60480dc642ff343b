#!/usr/bin/env bash
# The README's demo: builds what it needs, then moves messages between two JVM processes through one
# channel file in /dev/shm and prints the rate. Usage: ./demo.sh [message count]
set -euo pipefail
cd "$(dirname "$0")"
mvn -B -q -Dstyle.color=never install -DskipTests -pl examples -am
mvn -B -q -pl examples exec:exec@demo -Dstyle.color=never -Ddemo.count="${1:-100000000}"
