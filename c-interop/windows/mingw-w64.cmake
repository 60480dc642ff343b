# CMake toolchain file: c-interop for Windows x86-64 with Debian's mingw-w64 (gcc-mingw-w64-x86-64), cross-built on
# Linux. Run the tests under Wine by also giving the emulator (scripts/build-and-test.sh windows does both):
#   cmake -S c-interop -B build-windows -DCMAKE_TOOLCHAIN_FILE=c-interop/windows/mingw-w64.cmake \
#         "-DCMAKE_CROSSCOMPILING_EMULATOR=env;WINEPREFIX=$WINEPREFIX;WINEDEBUG=-all;$RINGWAY_WINE"
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(CMAKE_C_COMPILER x86_64-w64-mingw32-gcc)
set(CMAKE_RC_COMPILER x86_64-w64-mingw32-windres)
set(CMAKE_FIND_ROOT_PATH /usr/x86_64-w64-mingw32)
# programs (python, go) from the host; libraries and headers only from the mingw-w64 sysroot
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
