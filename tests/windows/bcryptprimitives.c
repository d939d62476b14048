/* A stand-in for Windows' bcryptprimitives.dll, for the smoke test under
 * wine only (tests/windows.sh); it is never shipped with jixiao.exe.
 *
 * Rust's standard library (since 1.78) takes its random numbers from
 * bcryptprimitives.dll!ProcessPrng, which Windows 10 and later have but
 * wine before 9.0 lacks: there jixiao.exe does not start (c0000135).
 * This DLL exports ProcessPrng and fills the buffer with advapi32's
 * RtlGenRandom (SystemFunction036), which wine 8 has. tests/windows.sh
 * builds it and puts it beside jixiao.exe in its temporary folder only
 * when the installed wine is older than 9. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    /* RtlGenRandom takes at most a ULONG at a time. */
    while (len > 0) {
        ULONG chunk = len > 0x7fffffff ? 0x7fffffff : (ULONG)len;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}
