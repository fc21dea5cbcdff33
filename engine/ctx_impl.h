// engine/ctx_impl.h: the context's body and the allocation and error helpers
// SPDX-License-Identifier: MIT

#ifndef LCA_CTX_IMPL_H
#define LCA_CTX_IMPL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "lca/ctx.h"

#define LCA__ERRMSG_MAX 1024

struct lca_ctx {
    lca_allocator alloc;
    int nthreads;  // 0 means "the default"
    int64_t parse_budget;  // bytes; 0 means the default (LCA_PARSE_BUDGET)
    char errmsg[LCA__ERRMSG_MAX];
};

// Set the context's message (printf-style) and return st.
lca_status lca__fail(lca_ctx *ctx, lca_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

// Prefix the current message with more context: "prefix: old message".
lca_status lca__wrap(lca_ctx *ctx, lca_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

// count*size bytes from the ctx allocator; NULL on overflow or failure.
// A request for zero bytes returns a valid one-byte block, never malloc(0).
void *lca__malloc(lca_ctx *ctx, size_t count, size_t size);
void *lca__calloc(lca_ctx *ctx, size_t count, size_t size);
void *lca__realloc(lca_ctx *ctx, void *p, size_t old_count, size_t count,
                   size_t size);
void lca__free(lca_ctx *ctx, void *p);

// The one growable-array helper: room for need elements of size bytes in
// p, whose capacity is *cap elements. Returns p when it has the room (and
// exists), else p reallocated to the capacity doubled from max(*cap, 16)
// until need fits, with *cap updated. On failure: NULL with LCA_ERR_NOMEM
// in ctx, and p and *cap unchanged (still the caller's). Parallel arrays
// sharing one capacity grow each from a copy of it; the shared capacity
// is updated once all have grown:
//     int64_t ca = n->cap, cb = n->cap;
//     int64_t *a = lca__grow(ctx, n->a, &ca, need, sizeof *a);
//     if (a != NULL) n->a = a;
//     double *b = lca__grow(ctx, n->b, &cb, need, sizeof *b);
//     if (b != NULL) n->b = b;
//     if (a == NULL || b == NULL) return LCA_ERR_NOMEM;
//     n->cap = ca;
void *lca__grow(lca_ctx *ctx, void *p, int64_t *cap, int64_t need,
                size_t size);
char *lca__strdup(lca_ctx *ctx, const char *s);

// Threads to use for `work` independent items: min(ctx threads, work), >= 1.
int lca__nthreads(const lca_ctx *ctx, int64_t work);

#endif  // LCA_CTX_IMPL_H
