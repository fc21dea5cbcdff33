// engine/ctx_impl.h: the context's body and the allocation and error helpers
// SPDX-License-Identifier: MIT

#ifndef LCA_CTX_IMPL_H
#define LCA_CTX_IMPL_H

#include <stdarg.h>

#include "lca/ctx.h"

#define LCA__ERRMSG_MAX 1024

struct lca_ctx {
    lca_allocator alloc;
    int nthreads;  // 0 means "the default"
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
char *lca__strdup(lca_ctx *ctx, const char *s);

// Threads to use for `work` independent items: min(ctx threads, work), >= 1.
int lca__nthreads(const lca_ctx *ctx, int64_t work);

#endif  // LCA_CTX_IMPL_H
