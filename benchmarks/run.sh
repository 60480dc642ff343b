#!/usr/bin/env bash
# Measures Ringway against its peers and the hardware floor and writes benchmarks/results/<date>.md, .json and .svg.
#
#   benchmarks/run.sh            full run (about 15 minutes on 2 cores); also updates the summary line in README.md
#   benchmarks/run.sh --quick    smoke run (about 3 minutes); writes <date>-quick.* and leaves README.md alone
#   benchmarks/run.sh --help     every option (rounds, round trips, --only REGEX, --skip jmh, --no-pin, ...)
#   benchmarks/run.sh --quick --only Journal --skip jmh    only the journal rows (Ringway's journal against Chronicle Queue)
#   benchmarks/run.sh --quick --only 'parked CPU|wake signal' --parked-seconds 10
#                                only the parked-consumer CPU and wake-signal cost suites (about 5 minutes)
#
# Builds what it needs first: the engine and this module with Maven (reactor build, nothing installed) and the C
# programs with gcc (benchmarks/c/build.sh). Needs JDK 17, Maven, gcc, and taskset for pinning; installs clang (for
# the C offer+poll row) with c-interop/scripts/ensure-toolchain.sh when it is missing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
command_line="benchmarks/run.sh${*:+ $*}"
readme_args=(--readme "$root/README.md")
for arg in "$@"; do
    case "$arg" in
        --quick | --only* | --skip* | --help | -h | --version | -V) readme_args=() ;;
    esac
done
# the C offer+poll row is built with gcc and with clang (users compile ringway.h with either): install clang as the
# test build does (c-interop/scripts/ensure-toolchain.sh, apt-get as root) when it is missing; without it that row
# says "not measured yet"
if ! command -v clang >/dev/null 2>&1; then
    "$root/c-interop/scripts/ensure-toolchain.sh" ||
        echo "benchmarks: could not install clang: the row 'C offer+poll (clang)' will say not measured yet" >&2
fi
echo "benchmarks: building (mvn -pl benchmarks -am package, C programs) ..."
mkdir -p "$here/target"
# -DskipTests also sets ringway.go.skip (the parent's skip-tests profile), which would leave the Go ping-pong unbuilt
(cd "$root" && mvn -B -q -pl benchmarks -am package -DskipTests -Dringway.go.skip=false \
    >"$here/target/build.log" 2>&1) ||
    { cat "$here/target/build.log" >&2; echo "benchmarks: build failed" >&2; exit 1; }
classpath="$here/target/classes:$(cat "$here/target/classpath.txt")"
exec java -cp "$classpath" io.ringway.bench.harness.BenchmarkCommand \
    --results "$here/results" --c-programs "$here/target/c" --command-line "$command_line" \
    "${readme_args[@]}" "$@"
