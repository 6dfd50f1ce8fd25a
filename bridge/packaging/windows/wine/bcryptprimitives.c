/*
 * Test-only, for running nes-bridge.exe under Wine 8.0 (Debian 12's): Rust's std (1.78 and later)
 * imports ProcessPrng from bcryptprimitives.dll, which Wine 8 does not have, so no Rust program
 * starts. This DLL provides it over advapi32's RtlGenRandom (SystemFunction036). `cargo xtask
 * test` builds it with x86_64-w64-mingw32-gcc into the test's Wine prefix only; it is never
 * shipped, and Windows itself has the real one.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x7fffffff ? 0x7fffffff : (ULONG)length;
        if (!SystemFunction036(data, chunk)) {
            return FALSE;
        }
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
