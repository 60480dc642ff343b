#!/usr/bin/env bash
# Makes sure Windows programs (mingw-built C, GOOS=windows Go) can be built and run on this Linux machine:
#   1. wine64 and gcc-mingw-w64-x86-64 installed (apt-get, as ensure-toolchain.sh installs clang; when not root,
#      fails naming the packages);
#   2. a Wine prefix (default ~/.cache/ringway/wine, or $RINGWAY_WINEPREFIX) created once with wineboot;
#   3. bcryptprimitives.dll (processprng.c: ProcessPrng over RtlGenRandom) built with mingw and copied into the
#      prefix's system32, because Go >= 1.22 programs import ProcessPrng and Wine 8.0 has no such DLL.
# Idempotent: the second run checks and returns in well under a second. Prints two shell assignments on stdout (logs
# go to stderr), the prefix and the wine loader (Debian's wine64 package puts it in /usr/lib/wine, not on PATH):
#   eval "$(ensure-wine.sh)"   # sets WINEPREFIX and RINGWAY_WINE; then: WINEDEBUG=-all "$RINGWAY_WINE" program.exe
set -euo pipefail
script_dir="$(cd "$(dirname "$0")" && pwd)"
prefix="${RINGWAY_WINEPREFIX:-$HOME/.cache/ringway/wine}"
export WINEDEBUG=-all WINEPREFIX="$prefix" WINEDLLOVERRIDES="mscoree,mshtml="   # no Mono or Gecko prompts

log() { echo "ensure-wine: $*" >&2; }
fail() { log "$*"; exit 1; }

missing=()
command -v wine64 >/dev/null 2>&1 || [ -x /usr/lib/wine/wine64 ] || missing+=(wine64)
command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1 || missing+=(gcc-mingw-w64-x86-64)
if [ "${#missing[@]}" -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
        fail "missing packages: ${missing[*]}; install them as root (apt-get install -y ${missing[*]}), or skip the Windows tests with -Dringway.windows.skip=true"
    fi
    command -v apt-get >/dev/null 2>&1 ||
        fail "missing packages: ${missing[*]}; no apt-get on this system: install Wine and mingw-w64 by hand, or skip the Windows tests with -Dringway.windows.skip=true"
    log "apt-get install -y ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >&2 ||
        fail "apt-get install ${missing[*]} failed; or skip the Windows tests with -Dringway.windows.skip=true"
fi
wine="$(command -v wine64 || echo /usr/lib/wine/wine64)"
wineserver="$(command -v wineserver || echo /usr/lib/wine/wineserver)"

if [ ! -f "$prefix/system.reg" ]; then
    log "creating the Wine prefix $prefix (wineboot -i, once)"
    mkdir -p "$prefix"
    "$wine" wineboot -i >&2 2>/dev/null || fail "wineboot -i failed for WINEPREFIX=$prefix"
    "$wineserver" -w   # the registry files are written when the server ends
    [ -f "$prefix/system.reg" ] || fail "wineboot left no $prefix/system.reg"
fi

system32="$prefix/drive_c/windows/system32"
shim="$system32/bcryptprimitives.dll"
if [ ! -f "$shim" ] || [ "$script_dir/processprng.c" -nt "$shim" ]; then
    log "building bcryptprimitives.dll (ProcessPrng for Go programs) into $system32"
    x86_64-w64-mingw32-gcc -O2 -Wall -Wextra -Werror -shared -s -o "$shim.tmp" "$script_dir/processprng.c" -ladvapi32 ||
        fail "mingw could not build $script_dir/processprng.c"
    mv "$shim.tmp" "$shim"
fi
printf 'export WINEPREFIX=%q RINGWAY_WINE=%q\n' "$prefix" "$wine"
