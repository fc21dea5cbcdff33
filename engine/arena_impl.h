// engine/arena_impl.h: a bump allocator over one block, for objects that
// keep an owned copy of a plain description (strings and arrays)
// SPDX-License-Identifier: MIT
//
// Two passes: with base NULL the copy functions only measure (and return
// NULL); then one block of `used` bytes is allocated and the same calls
// copy into it. One allocation means one failure point and one free.

#ifndef LCA_ARENA_IMPL_H
#define LCA_ARENA_IMPL_H

#include <stddef.h>
#include <stdint.h>

typedef struct lca__arena {
    char *base;   // NULL: measure only
    size_t used;  // bytes taken so far
} lca__arena;

// size bytes, aligned for any type (NULL when measuring).
void *lca__arena_take(lca__arena *a, size_t size);
// A copy of s (NULL is copied as "").
const char *lca__arena_str(lca__arena *a, const char *s);
// A copy of count elements of size bytes (NULL when count <= 0 or src
// is NULL).
void *lca__arena_mem(lca__arena *a, const void *src, int64_t count,
                     size_t size);

#endif  // LCA_ARENA_IMPL_H
