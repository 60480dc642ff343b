#!/usr/bin/env bash
# Builds benchmarks/hsdis/hsdis-capstone.c and installs it as hsdis-amd64.so into the JDK that `java` runs (its
# lib/server directory, where HotSpot looks first), so that JMH's perfasm profiler shows instructions:
#   java -cp <benchmarks classpath> org.openjdk.jmh.Main RingBurstBenchmark ... -prof "perfasm:events=cpu-clock"
# (cpu-clock: this VM has no hardware counters). Needs gcc and libcapstone-dev (apt-get install libcapstone-dev), and
# write access to the JDK's directory. x86_64 only.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
java_home="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
build="$(mktemp -d)"
trap 'rm -rf "$build"' EXIT
gcc -std=c11 -O2 -Wall -Wextra -Werror -shared -fPIC -o "$build/hsdis-amd64.so" "$here/hsdis-capstone.c" -lcapstone
cp "$build/hsdis-amd64.so" "$java_home/lib/server/"
echo "installed $java_home/lib/server/hsdis-amd64.so"
