// io/util/utf8_impl.h: is a string valid UTF-8?
// SPDX-License-Identifier: MIT

#ifndef LCA_IO_UTF8_IMPL_H
#define LCA_IO_UTF8_IMPL_H

#include <stdint.h>

// The offset of the first byte of s (NUL-terminated) that breaks UTF-8
// (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF),
// or -1 when s is valid.
int64_t lca__utf8_invalid_at(const char *s);

#endif  // LCA_IO_UTF8_IMPL_H
