// engine/ctx.c: the context (allocator, thread count, last error)
// SPDX-License-Identifier: MIT
//
// The allocator functions keep the block size in a small header so that a
// user allocator's realloc can be given the old size, and so that calloc
// and realloc work with any malloc/free pair a test supplies.

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctx_impl.h"
#include "kernels/omp.h"

#ifndef LCA_VERSION_STRING
#define LCA_VERSION_STRING "0.0.0"
#endif
#ifndef LCA_GIT_COMMIT
#define LCA_GIT_COMMIT "unknown"
#endif

// Header in front of every block: keeps the size, and keeps the payload
// aligned for any type.
typedef union block_head {
    size_t size;
    max_align_t align;
} block_head;

static void *sys_malloc(void *user, size_t size) {
    (void)user;
    return malloc(size);
}

static void *sys_realloc(void *user, void *p, size_t old_size, size_t size) {
    (void)user;
    (void)old_size;
    return realloc(p, size);
}

static void sys_free(void *user, void *p) {
    (void)user;
    free(p);
}

static const lca_allocator system_allocator = {sys_malloc, sys_realloc,
                                               sys_free, NULL};

lca_status lca_ctx_create(lca_ctx **ctx) {
    if (ctx == NULL) return LCA_ERR_ARG;
    *ctx = calloc(1, sizeof **ctx);
    if (*ctx == NULL) return LCA_ERR_NOMEM;
    (*ctx)->alloc = system_allocator;
    return LCA_OK;
}

void lca_ctx_destroy(lca_ctx **ctx) {
    if (ctx == NULL || *ctx == NULL) return;
    free(*ctx);
    *ctx = NULL;
}

void lca_ctx_set_allocator(lca_ctx *ctx, const lca_allocator *a) {
    ctx->alloc = (a != NULL) ? *a : system_allocator;
}

void lca_ctx_set_nthreads(lca_ctx *ctx, int nthreads) {
    if (nthreads > LCA_MAX_THREADS) nthreads = LCA_MAX_THREADS;
    ctx->nthreads = nthreads > 0 ? nthreads : 0;
}

void lca_ctx_set_parse_budget(lca_ctx *ctx, int64_t bytes) {
    ctx->parse_budget = bytes > 0 ? bytes : 0;
}

int64_t lca_ctx_parse_budget(const lca_ctx *ctx) {
    return ctx->parse_budget > 0 ? ctx->parse_budget : LCA_PARSE_BUDGET;
}

int lca_ctx_nthreads(const lca_ctx *ctx) {
    if (ctx->nthreads > 0) return ctx->nthreads;
    int n = lca__omp_max_threads();
    return n > 0 ? n : 1;
}

int lca__nthreads(const lca_ctx *ctx, int64_t work) {
    int64_t nt = lca_ctx_nthreads(ctx);
    if (work < nt) nt = work;
    return nt < 1 ? 1 : (int)nt;
}

const char *lca_ctx_errmsg(const lca_ctx *ctx) {
    return ctx != NULL ? ctx->errmsg : "no context";
}

// Both format into a local buffer first: an argument may point into
// ctx->errmsg itself (a caller passing lca_ctx_errmsg(ctx) on), and
// vsnprintf onto its own source is undefined.
static lca_status vfail(lca_ctx *ctx, lca_status st, const char *fmt,
                        va_list ap) {
    if (ctx == NULL) return st;
    char msg[LCA__ERRMSG_MAX] = "";
    vsnprintf(msg, sizeof msg, fmt, ap);
    memcpy(ctx->errmsg, msg, sizeof msg);
    return st;
}

lca_status lca__fail(lca_ctx *ctx, lca_status st, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    st = vfail(ctx, st, fmt, ap);
    va_end(ap);
    return st;
}

lca_status lca_ctx_fail(lca_ctx *ctx, lca_status st, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    st = vfail(ctx, st, fmt, ap);
    va_end(ap);
    return st;
}

lca_status lca__wrap(lca_ctx *ctx, lca_status st, const char *fmt, ...) {
    if (ctx == NULL) return st;
    char msg[LCA__ERRMSG_MAX] = "";
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (len >= 0 && (size_t)len < sizeof msg && ctx->errmsg[0] != '\0') {
        // Truncation is fine (the message is cut at the buffer's end);
        // on an encoding error keep the prefix alone.
        char *tail = msg + len;
        if (snprintf(tail, sizeof msg - (size_t)len, ": %s", ctx->errmsg) < 0) {
            *tail = '\0';
        }
    }
    memcpy(ctx->errmsg, msg, sizeof msg);
    return st;
}

const char *lca_status_str(lca_status s) {
    switch (s) {
    case LCA_OK: return "ok";
    case LCA_WARN_ILLCOND: return "ill-conditioned system";
    case LCA_ERR_NOMEM: return "out of memory";
    case LCA_ERR_ARG: return "invalid argument";
    case LCA_ERR_DIM: return "dimension mismatch";
    case LCA_ERR_INVALID: return "invalid input";
    case LCA_ERR_SINGULAR: return "singular system";
    case LCA_ERR_SOLVER: return "solver failure";
    case LCA_ERR_IO: return "file error";
    case LCA_ERR_NOTFOUND: return "name not found";
    }
    return "unknown status";
}

const char *lca_version(void) { return LCA_VERSION_STRING; }

const char *lca_git_commit(void) { return LCA_GIT_COMMIT; }

void *lca__malloc(lca_ctx *ctx, size_t count, size_t size) {
    if (size != 0 && count > (SIZE_MAX - sizeof(block_head)) / size) {
        return NULL;
    }
    // A zero-byte request still gets one usable byte (the ctx_impl.h
    // contract), so code may write a terminator into it.
    size_t bytes = (count * size > 0) ? count * size : 1;
    block_head *h = ctx->alloc.malloc_fn(ctx->alloc.user, sizeof *h + bytes);
    if (h == NULL) return NULL;
    h->size = bytes;
    return h + 1;
}

void *lca__calloc(lca_ctx *ctx, size_t count, size_t size) {
    void *p = lca__malloc(ctx, count, size);
    if (p != NULL) memset(p, 0, count * size);
    return p;
}

// Grow or shrink p to count*size bytes; old_count is ignored (the header
// knows the old size) and kept in the signature for readability at calls.
void *lca__realloc(lca_ctx *ctx, void *p, size_t old_count, size_t count,
                   size_t size) {
    (void)old_count;
    if (p == NULL) return lca__malloc(ctx, count, size);
    if (size != 0 && count > (SIZE_MAX - sizeof(block_head)) / size) {
        return NULL;
    }
    size_t bytes = (count * size > 0) ? count * size : 1;
    block_head *old = (block_head *)p - 1;
    block_head *h;
    if (ctx->alloc.realloc_fn != NULL) {
        h = ctx->alloc.realloc_fn(ctx->alloc.user, old,
                                  sizeof *old + old->size, sizeof *h + bytes);
    } else {
        h = ctx->alloc.malloc_fn(ctx->alloc.user, sizeof *h + bytes);
        if (h != NULL) {
            memcpy(h + 1, p, old->size < bytes ? old->size : bytes);
            ctx->alloc.free_fn(ctx->alloc.user, old);
        }
    }
    if (h == NULL) return NULL;
    h->size = bytes;
    return h + 1;
}

void *lca__grow(lca_ctx *ctx, void *p, int64_t *cap, int64_t need,
                size_t size) {
    if (p != NULL && need <= *cap) return p;
    int64_t c = *cap < 16 ? 16 : *cap;
    while (c < need) c = c > INT64_MAX / 2 ? need : 2 * c;
    void *q = lca__realloc(ctx, p, (size_t)*cap, (size_t)c, size);
    if (q == NULL) {
        lca__fail(ctx, LCA_ERR_NOMEM, "out of memory (%lld elements of %zu "
                  "bytes)", (long long)c, size);
        return NULL;
    }
    *cap = c;
    return q;
}

void lca__free(lca_ctx *ctx, void *p) {
    if (p == NULL) return;
    ctx->alloc.free_fn(ctx->alloc.user, (block_head *)p - 1);
}

void *lca_ctx_malloc(lca_ctx *ctx, size_t count, size_t size) {
    return lca__malloc(ctx, count, size);
}

void *lca_ctx_calloc(lca_ctx *ctx, size_t count, size_t size) {
    return lca__calloc(ctx, count, size);
}

void *lca_ctx_realloc(lca_ctx *ctx, void *p, size_t count, size_t size) {
    return lca__realloc(ctx, p, 0, count, size);
}

void lca_ctx_free(lca_ctx *ctx, void *p) { lca__free(ctx, p); }

char *lca__strdup(lca_ctx *ctx, const char *s) {
    size_t len = strlen(s);
    char *d = lca__malloc(ctx, len + 1, 1);
    if (d != NULL) memcpy(d, s, len + 1);
    return d;
}
