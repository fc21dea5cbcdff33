// engine/check.c: what the value checks of user data share
// SPDX-License-Identifier: MIT

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "check_impl.h"

lca_status lca__bad(lca__checker *c, const char *ptr, const char *fmt,
                          ...) {
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return lca__fail(c->ctx, LCA_ERR_INVALID, "%s: %s: %s", c->where, ptr,
                     msg);
}

int lca__has_control(const char *s) {
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p < 0x20 || *p == 0x7f) return 1;
    }
    return 0;
}

lca_status lca__check_text(lca__checker *c, const char *ptr, const char *s,
                           size_t max) {
    if (s == NULL || s[0] == '\0') {
        return lca__bad(c, ptr, "missing or empty");
    }
    if (lca__has_control(s)) {
        return lca__bad(c, ptr, "holds a control character");
    }
    if (strlen(s) > max) {
        return lca__bad(c, ptr, "longer than %zu bytes", max);
    }
    return LCA_OK;
}
