/*
 * bcryptprimitives.dll for Wine 8.0, which lacks it: ProcessPrng, the one function Go >= 1.22 programs import from
 * it for crypto/rand and the runtime's random seed. Windows 10 and later have the real DLL; this file is only ever
 * copied into a Wine prefix (ensure-wine.sh). It fills the buffer from RtlGenRandom (advapi32's SystemFunction036),
 * the system generator Wine implements.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length; /* RtlGenRandom takes a ULONG length */
        if (!SystemFunction036(data, chunk)) {
            return FALSE;
        }
        data += chunk;
        length -= chunk;
    }
    return TRUE; /* as Windows' ProcessPrng, which never fails */
}
