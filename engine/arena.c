// engine/arena.c: a bump allocator over one block (engine/arena_impl.h)
// SPDX-License-Identifier: MIT

#include <stdalign.h>
#include <string.h>

#include "arena_impl.h"

void *lca__arena_take(lca__arena *a, size_t size) {
    size_t align = alignof(max_align_t);
    a->used = (a->used + align - 1) / align * align;
    void *p = a->base != NULL ? a->base + a->used : NULL;
    a->used += size;
    return p;
}

const char *lca__arena_str(lca__arena *a, const char *s) {
    if (s == NULL) s = "";
    size_t n = strlen(s) + 1;
    char *p = lca__arena_take(a, n);
    if (p != NULL) memcpy(p, s, n);
    return p;
}

void *lca__arena_mem(lca__arena *a, const void *src, int64_t count,
                     size_t size) {
    if (count <= 0 || src == NULL) return NULL;
    void *p = lca__arena_take(a, (size_t)count * size);
    if (p != NULL) memcpy(p, src, (size_t)count * size);
    return p;
}
