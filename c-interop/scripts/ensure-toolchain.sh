#!/usr/bin/env bash
# Makes sure the C toolchain that c-interop needs is installed: cmake, gcc/g++, clang with the
# libFuzzer and sanitizer runtimes. Installs what is missing with apt-get (Debian/Ubuntu); when
# not root, fails naming the packages to install. Idempotent: a complete toolchain costs one
# probe compile per feature and no network access.
set -euo pipefail

work_dir="$(mktemp -d "${TMPDIR:-/tmp}/ringway-toolchain.XXXXXX")"
trap 'rm -rf "$work_dir"' EXIT

log() { echo "ensure-toolchain: $*" >&2; }

apt_updated=0
# true when apt knows a version of the package that it could install
has_candidate() {
    local policy
    policy="$(apt-cache policy "$1" 2>/dev/null || true)"
    [[ "$policy" =~ Candidate:\ [0-9] ]]
}

apt_install() {
    if [ "$(id -u)" -ne 0 ]; then
        log "missing packages: $*; install them as root: apt-get update && apt-get install -y $*"
        exit 1
    fi
    if ! command -v apt-get >/dev/null 2>&1; then
        log "missing packages: $*; this is not a Debian-like system (no apt-get): install them by hand"
        exit 1
    fi
    if [ "$apt_updated" -eq 0 ]; then
        log "apt-get update"
        DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
        apt_updated=1
    fi
    local package
    for package in "$@"; do
        if ! has_candidate "$package"; then
            log "package $package has no installation candidate in the configured apt sources"
            exit 1
        fi
    done
    log "apt-get install -y $*"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >&2
}

# compiles $work_dir/probe.c with the given compiler and flags, quietly
probe() {
    local compiler="$1"
    shift
    "$compiler" "$@" -o "$work_dir/probe" "$work_dir/probe.c" >"$work_dir/probe.log" 2>&1
}

missing=()
command -v cmake >/dev/null 2>&1 || missing+=(cmake)
command -v make >/dev/null 2>&1 || missing+=(make)
command -v gcc >/dev/null 2>&1 || missing+=(gcc)
command -v g++ >/dev/null 2>&1 || missing+=(g++)
command -v clang >/dev/null 2>&1 || missing+=(clang)
if [ "${#missing[@]}" -gt 0 ]; then
    apt_install "${missing[@]}"
fi

cat >"$work_dir/probe.c" <<'PROBE'
#include <stddef.h>
#include <stdint.h>
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return (size > 0 && data[0] == 0xFF) ? 0 : 0;
}
PROBE

# clang's runtimes (libFuzzer, ASan, UBSan, TSan) come in libclang-rt-<major>-dev on Debian 12+
# and in libclang-common-<major>-dev on older releases.
if ! probe clang -fsanitize=fuzzer,address,undefined || ! probe clang -fsanitize=fuzzer,thread; then
    clang_major="$(clang -dumpversion | cut -d. -f1)"
    runtime_package=""
    for candidate in "libclang-rt-${clang_major}-dev" "libclang-common-${clang_major}-dev"; do
        if [ "$apt_updated" -eq 0 ] && [ "$(id -u)" -eq 0 ]; then
            DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
            apt_updated=1
        fi
        if has_candidate "$candidate"; then
            runtime_package="$candidate"
            break
        fi
    done
    if [ -z "$runtime_package" ]; then
        log "clang ${clang_major} cannot link -fsanitize=fuzzer and no libclang-rt package was found:"
        cat "$work_dir/probe.log" >&2
        exit 1
    fi
    apt_install "$runtime_package"
    if ! probe clang -fsanitize=fuzzer,address,undefined; then
        log "clang still cannot link -fsanitize=fuzzer,address,undefined after installing $runtime_package:"
        cat "$work_dir/probe.log" >&2
        exit 1
    fi
fi

# gcc's sanitizer runtimes (libasan, libubsan, libtsan) normally come with gcc itself
cat >"$work_dir/probe.c" <<'PROBE'
int main(void) { return 0; }
PROBE
for sanitizer in address,undefined thread; do
    if ! probe gcc "-fsanitize=$sanitizer"; then
        log "gcc cannot link -fsanitize=$sanitizer:"
        cat "$work_dir/probe.log" >&2
        exit 1
    fi
done

log "ok: $(cmake --version | head -n1), gcc $(gcc -dumpversion), clang $(clang -dumpversion)"
