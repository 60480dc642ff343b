#!/usr/bin/env bash
# Configures, builds and runs CTest for each build variant of c-interop, one build directory each.
# Usage: build-and-test.sh <build root> <jobs> <variant>...   (variants: normal asan tsan)
# Compilers: normal uses cc/c++ (gcc), asan and tsan use clang/clang++ (libFuzzer and TSan with fences need clang).
set -euo pipefail
source_dir="$(cd "$(dirname "$0")/.." && pwd)"
build_root="$1"
jobs="$2"
shift 2
for variant in "$@"; do
    build_dir="$build_root/$variant"
    case "$variant" in
        normal) c_compiler=cc; cxx_compiler=c++ ;;
        asan | tsan) c_compiler=clang; cxx_compiler=clang++ ;;
        *) echo "build-and-test: unknown variant $variant" >&2; exit 2 ;;
    esac
    echo "=== c-interop: $variant ($c_compiler) ==="
    CC="$c_compiler" CXX="$cxx_compiler" cmake -S "$source_dir" -B "$build_dir" -DRINGWAY_VARIANT="$variant" \
        -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$build_root-$variant-configure.log" 2>&1 ||
        { cat "$build_root-$variant-configure.log" >&2; exit 1; }
    cmake --build "$build_dir" --parallel "$jobs" >"$build_root-$variant-build.log" 2>&1 ||
        { cat "$build_root-$variant-build.log" >&2; exit 1; }
    (cd "$build_dir" && ctest --output-on-failure --parallel "$jobs" --timeout 300)
done
