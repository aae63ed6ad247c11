/* Stand-in for Windows 10's system icuuc.dll, for running the kiosk under wine only (wine 8 has
 * none). Qt6Core imports ICU's converter functions to offer legacy text codecs by name; the kiosk
 * only uses UTF-8/UTF-16, which Qt converts itself. Every converter "fails to open", so Qt falls
 * back to its built-in codecs and the other functions are never reached. Never shipped: it is
 * compiled into a private wine prefix's system32 (build_spec/build_windows.py). */
#include <stdint.h>
#include <stddef.h>

#define EXPORT __declspec(dllexport)
typedef int UErrorCode;
enum { U_FILE_ACCESS_ERROR = 4, U_UNSUPPORTED_ERROR = 16 };

static void fail(UErrorCode *err) { if (err && *err <= 0) *err = U_UNSUPPORTED_ERROR; }

EXPORT void *ucnv_open(const char *name, UErrorCode *err) {
    (void)name;
    if (err && *err <= 0) *err = U_FILE_ACCESS_ERROR;
    return NULL;
}
EXPORT void ucnv_close(void *cnv) { (void)cnv; }
EXPORT void ucnv_reset(void *cnv) { (void)cnv; }
EXPORT int8_t ucnv_getMaxCharSize(const void *cnv) { (void)cnv; return 1; }
EXPORT const char *ucnv_getName(const void *cnv, UErrorCode *err) { (void)cnv; fail(err); return ""; }
EXPORT int32_t ucnv_countAvailable(void) { return 0; }
EXPORT const char *ucnv_getAvailableName(int32_t n) { (void)n; return NULL; }
EXPORT const char *ucnv_getStandardName(const char *name, const char *standard, UErrorCode *err) {
    (void)name; (void)standard; fail(err); return NULL;
}
EXPORT void UCNV_FROM_U_CALLBACK_SUBSTITUTE(const void *c, void *a, const uint16_t *u, int32_t n,
                                            int32_t cp, int reason, UErrorCode *err) {
    (void)c; (void)a; (void)u; (void)n; (void)cp; (void)reason; fail(err);
}
EXPORT void UCNV_TO_U_CALLBACK_SUBSTITUTE(const void *c, void *a, const char *b, int32_t n,
                                          int reason, UErrorCode *err) {
    (void)c; (void)a; (void)b; (void)n; (void)reason; fail(err);
}
EXPORT void ucnv_getToUCallBack(const void *cnv, void **action, const void **context) {
    (void)cnv; if (action) *action = NULL; if (context) *context = NULL;
}
EXPORT void ucnv_getFromUCallBack(const void *cnv, void **action, const void **context) {
    (void)cnv; if (action) *action = NULL; if (context) *context = NULL;
}
EXPORT void ucnv_setToUCallBack(void *cnv, void *action, const void *context, void **old_action,
                                const void **old_context, UErrorCode *err) {
    (void)cnv; (void)action; (void)context; (void)old_action; (void)old_context; fail(err);
}
EXPORT void ucnv_setFromUCallBack(void *cnv, void *action, const void *context, void **old_action,
                                  const void **old_context, UErrorCode *err) {
    (void)cnv; (void)action; (void)context; (void)old_action; (void)old_context; fail(err);
}
EXPORT void ucnv_cbToUWriteUChars(void *args, const uint16_t *s, int32_t n, int32_t at,
                                  UErrorCode *err) {
    (void)args; (void)s; (void)n; (void)at; fail(err);
}
EXPORT void ucnv_cbFromUWriteUChars(void *args, const uint16_t **s, const uint16_t *limit,
                                    int32_t at, UErrorCode *err) {
    (void)args; (void)s; (void)limit; (void)at; fail(err);
}
EXPORT void ucnv_toUnicode(void *cnv, uint16_t **t, const uint16_t *tl, const char **s,
                           const char *sl, int32_t *o, int8_t flush, UErrorCode *err) {
    (void)cnv; (void)t; (void)tl; (void)s; (void)sl; (void)o; (void)flush; fail(err);
}
EXPORT void ucnv_fromUnicode(void *cnv, char **t, const char *tl, const uint16_t **s,
                             const uint16_t *sl, int32_t *o, int8_t flush, UErrorCode *err) {
    (void)cnv; (void)t; (void)tl; (void)s; (void)sl; (void)o; (void)flush; fail(err);
}
EXPORT int32_t ucnv_toUCountPending(const void *cnv, UErrorCode *err) { (void)cnv; fail(err); return 0; }
EXPORT int32_t ucnv_fromUCountPending(const void *cnv, UErrorCode *err) { (void)cnv; fail(err); return 0; }
