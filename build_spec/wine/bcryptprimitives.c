/* Stand-in for Windows 10's bcryptprimitives.dll, for running the kiosk under wine only (wine 8
 * lacks ProcessPrng, which Rust's standard library in pydantic-core imports). It answers from
 * RtlGenRandom (advapi32's SystemFunction036), the system's own cryptographic generator. Never
 * shipped: it is compiled into a private wine prefix's system32 (build_spec/build_windows.py). */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk)) return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
