// io/export/pact_num.c: PACT's decimal strings and name-based UUIDs
// SPDX-License-Identifier: MIT
//
// PACT v3 writes every number as a string matching ^[+-]?\d+(\.\d+)?$:
// no exponent, ever. A double is written with the fewest significant
// digits (1 to 17) that read back to exactly the same double (%.Ne for
// growing N until strtod returns x), then those digits are placed around
// the decimal point by hand: 1e-9 is "0.000000001", 1e9 "1000000000",
// -2.5e-3 "-0.0025". strtod of the result is x again, bit for bit, so
// nothing is lost (a fixed number of decimals would lose small values
// and pad large ones).
//
// Footprint ids are UUIDs derived from a name (the data owner, the
// record and its content), so that exporting the same records again
// gives the same ids: version 8 (RFC 9562, section 5.8 and appendix B.2,
// name-based with SHA-256 in place of version 5's SHA-1), the first 16
// bytes of the SHA-256 of the name with the version and variant bits set.

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/export/pact_impl.h"
#include "io/util/hash_impl.h"

// x's shortest round-trip digits (no sign, no point) and the decimal
// exponent of the first one: x = 0.d1d2... * 10^(e + 1).
static void shortest(double x, char *digits, int *e) {
    char buf[40];
    for (int prec = 0; prec <= 16; prec++) {
        snprintf(buf, sizeof buf, "%.*e", prec, x);
        if (strtod(buf, NULL) == x) break;
    }
    // buf is "d.ddde[+-]XX": the digits and the exponent.
    char *p = buf, *q = digits;
    for (; *p != 'e'; p++) {
        if (*p >= '0' && *p <= '9') *q++ = *p;
    }
    *q = '\0';
    *e = atoi(p + 1);
    // Trailing zeros carry nothing ("1.0e+00" at precision 1 never
    // happens, but "%.0e" of 100 is "1e+02").
    while (q > digits + 1 && q[-1] == '0') *--q = '\0';
}

const char *lca__pact_decimal(double x, char *buf, size_t size) {
    if (!isfinite(x) || size < LCA__PACT_DECIMAL_MAX) return NULL;
    if (x == 0) return strcpy(buf, "0");  // -0 too: "-0" is not <= 0 text
    char digits[24];
    int e;
    shortest(fabs(x), digits, &e);
    int nd = (int)strlen(digits);
    char *o = buf;
    if (x < 0) *o++ = '-';
    if (e < 0) {
        // 0.000ddd: -e - 1 zeros after the point.
        *o++ = '0';
        *o++ = '.';
        for (int i = 0; i < -e - 1; i++) *o++ = '0';
        memcpy(o, digits, (size_t)nd);
        o += nd;
    } else {
        // e + 1 digits before the point (padded with zeros), the rest after.
        for (int i = 0; i <= e; i++) *o++ = i < nd ? digits[i] : '0';
        if (nd > e + 1) {
            *o++ = '.';
            memcpy(o, digits + e + 1, (size_t)(nd - e - 1));
            o += nd - e - 1;
        }
    }
    *o = '\0';
    return buf;
}

static int hexval(char c) {
    return c <= '9' ? c - '0' : c - 'a' + 10;
}

void lca__pact_uuid(const char *name, size_t len, char out[37]) {
    char hex[65];
    unsigned char b[16];
    lca__sha256_hex(name, len, hex);
    for (int i = 0; i < 16; i++) {
        b[i] = (unsigned char)(hexval(hex[2 * i]) * 16 + hexval(hex[2 * i + 1]));
    }
    b[6] = (unsigned char)((b[6] & 0x0f) | 0x80);  // version 8
    b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);  // variant 10
    static const char *const x = "0123456789abcdef";
    char *o = out;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10) *o++ = '-';
        *o++ = x[b[i] >> 4];
        *o++ = x[b[i] & 15];
    }
    *o = '\0';
}
