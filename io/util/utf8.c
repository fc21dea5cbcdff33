// io/util/utf8.c: is a string valid UTF-8?
// SPDX-License-Identifier: MIT
//
// Every string leontief stores is declared UTF-8 in the file, and h5py's
// .asstr() fails on bytes that are not: a label from a CSV file saved as
// Latin-1 ("Caf\xe9") must be refused where it is read, naming the file
// and line, not written. The check follows RFC 3629's table of
// well-formed byte sequences.

#include "io/util/utf8_impl.h"

// Length of the sequence starting at s, or 0 if it is not well formed.
static int sequence(const unsigned char *s) {
    unsigned char c = s[0];
    if (c < 0x80) return 1;
    if (c < 0xC2 || c > 0xF4) return 0;  // continuation, overlong, > U+10FFFF
    int n = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    unsigned char lo = 0x80, hi = 0xBF;  // the second byte's range
    if (c == 0xE0) lo = 0xA0;            // overlong
    if (c == 0xED) hi = 0x9F;            // surrogates
    if (c == 0xF0) lo = 0x90;            // overlong
    if (c == 0xF4) hi = 0x8F;            // above U+10FFFF
    if (s[1] < lo || s[1] > hi) return 0;
    for (int k = 2; k < n; k++) {
        if (s[k] < 0x80 || s[k] > 0xBF) return 0;
    }
    return n;
}

int64_t lca__utf8_invalid_at(const char *s) {
    const unsigned char *p = (const unsigned char *)s;
    for (int64_t i = 0; p[i] != '\0';) {
        int n = sequence(p + i);
        if (n == 0) return i;
        i += n;
    }
    return -1;
}
