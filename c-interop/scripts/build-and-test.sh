#!/usr/bin/env bash
# Configures, builds and runs CTest for each build variant of c-interop, one build directory each.
# Usage: build-and-test.sh <build root> <jobs> <variant>...   (variants: normal asan tsan windows)
# Compilers: normal uses cc/c++ (gcc), asan and tsan use clang/clang++ (libFuzzer and TSan with fences need clang);
# windows cross-builds with mingw-w64 (windows/mingw-w64.cmake) and runs the tests under Wine (windows/ensure-wine.sh
# installs both), with the Go conformance programs built with GOOS=windows beside them; it is skipped, and says so,
# when RINGWAY_WINDOWS_SKIP=true (Maven: -Dringway.windows.skip=true).
set -euo pipefail
source_dir="$(cd "$(dirname "$0")/.." && pwd)"
build_root="$1"
jobs="$2"
shift 2

# The Windows variant: configure with the mingw-w64 toolchain and Wine as the emulator CTest runs each .exe with.
build_and_test_windows() {
    local build_dir="$1"
    if [ "${RINGWAY_WINDOWS_SKIP:-false}" = "true" ]; then
        echo "=== c-interop: windows (mingw-w64, tests under Wine) SKIPPED (RINGWAY_WINDOWS_SKIP=true, -Dringway.windows.skip=true) ==="
        return 0
    fi
    echo "=== c-interop: windows (mingw-w64, tests under Wine) ==="
    local start
    start=$(date +%s)
    local wine_env
    wine_env="$("$source_dir/windows/ensure-wine.sh")" || exit 1
    eval "$wine_env" # WINEPREFIX, RINGWAY_WINE
    cmake -S "$source_dir" -B "$build_dir" -DCMAKE_TOOLCHAIN_FILE="$source_dir/windows/mingw-w64.cmake" \
        -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        "-DCMAKE_CROSSCOMPILING_EMULATOR=env;WINEPREFIX=$WINEPREFIX;WINEDEBUG=-all;$RINGWAY_WINE" \
        >"$build_root-windows-configure.log" 2>&1 || { cat "$build_root-windows-configure.log" >&2; exit 1; }
    cmake --build "$build_dir" --parallel "$jobs" >"$build_root-windows-build.log" 2>&1 ||
        { cat "$build_root-windows-build.log" >&2; exit 1; }
    # the Go conformance programs for the C<->Go tests, from the module's cache only (go-interop/scripts/go-check.sh
    # downloads golang.org/x/sys once; when it has not run yet, this does the same)
    (cd "$source_dir/../go-interop" && GOTOOLCHAIN=local GOFLAGS=-mod=readonly go mod download >/dev/null &&
        for program in sequence_producer sequence_consumer; do
            GOTOOLCHAIN=local GOFLAGS=-mod=readonly GOPROXY=off GOOS=windows GOARCH=amd64 \
                go build -o "$build_dir/go_$program.exe" "./cmd/$program" || exit 1
        done) || { echo "c-interop: cannot build the Go conformance programs for Windows (go-interop/cmd)" >&2; exit 1; }
    (cd "$build_dir" && ctest --output-on-failure --parallel "$jobs" --timeout 300)
    echo "=== c-interop: windows took $(( $(date +%s) - start )) s ==="
}

for variant in "$@"; do
    build_dir="$build_root/$variant"
    if [ "$variant" = windows ]; then
        build_and_test_windows "$build_dir"
        continue
    fi
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
