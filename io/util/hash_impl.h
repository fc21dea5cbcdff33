// io/util/hash_impl.h: SHA-256 of bytes in memory (io/util/hash.c)
// SPDX-License-Identifier: MIT

#ifndef LCA_HASH_IMPL_H
#define LCA_HASH_IMPL_H

#include <stddef.h>

// hex = the SHA-256 of data[0..len-1] as 64 lowercase hex digits and a NUL.
void lca__sha256_hex(const void *data, size_t len, char hex[65]);

#endif  // LCA_HASH_IMPL_H
