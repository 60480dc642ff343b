#!/usr/bin/env bash
# Builds the C ping-pong programs of the benchmark with gcc into <output dir> (default benchmarks/target/c).
# Called by Maven (compile phase of benchmarks/pom.xml), so that `mvn verify` keeps them compiling, and by run.sh.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/../target/c}"
mkdir -p "$out"
cc="${CC:-gcc}"
flags=(-std=c11 -O2 -Wall -Wextra -Werror -pedantic -I"$here" -I"$here/../../c-interop/include")
for program in ringway_pingpong raw_spin_pingpong raw_futex_pingpong socket_pingpong; do
    "$cc" "${flags[@]}" -o "$out/$program" "$here/$program.c"
done
echo "benchmarks: C programs built in $out"
