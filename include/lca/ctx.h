// include/lca/ctx.h: the context every leontief object is created with
// SPDX-License-Identifier: MIT
//
// A context holds what would otherwise be global state: the allocator, the
// number of threads the library may use, and the message of the last error.
// Every object keeps the context it was created with, and every function
// that can fail returns an lca_status and leaves the details in that
// context (lca_ctx_errmsg).
//
// Threads: a ctx, and every object made with it, is used by one calling
// thread at a time. Any number of threads may read a const object at once.
// For work on several threads at once, give each thread its own ctx.

#ifndef LCA_CTX_H
#define LCA_CTX_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum lca_status {
    LCA_OK = 0,
    LCA_WARN_ILLCOND = 1,   // result computed, but the matrix is ill-conditioned
    LCA_ERR_NOMEM = -1,     // an allocation failed
    LCA_ERR_ARG = -2,       // an argument is NULL or out of range
    LCA_ERR_DIM = -3,       // dimensions do not agree
    LCA_ERR_INVALID = -4,   // an object or input breaks its documented invariants
    LCA_ERR_SINGULAR = -5,  // the system has no unique solution
    LCA_ERR_SOLVER = -6,    // UMFPACK or LAPACK reported a failure
    LCA_ERR_IO = -7,        // an HDF5 or file operation failed
    LCA_ERR_NOTFOUND = -8,  // a name (product, indicator, demand) is unknown
} lca_status;

typedef struct lca_ctx lca_ctx;  // opaque; defined in engine/ctx_impl.h

// A replaceable allocator. Tests use it to make the k-th allocation fail.
// realloc_fn may be NULL, in which case malloc_fn + copy + free_fn is used.
typedef struct lca_allocator {
    void *(*malloc_fn)(void *user, size_t size);
    void *(*realloc_fn)(void *user, void *p, size_t old_size, size_t size);
    void (*free_fn)(void *user, void *p);
    void *user;
} lca_allocator;

// Create a context with the system allocator and one thread per core
// (or OMP_NUM_THREADS when set). On failure *ctx is NULL.
// Errors: LCA_ERR_ARG (ctx is NULL), LCA_ERR_NOMEM.
lca_status lca_ctx_create(lca_ctx **ctx);

// Free *ctx and set it to NULL. Does nothing if ctx or *ctx is NULL.
// Every object made with the context must be destroyed first.
void lca_ctx_destroy(lca_ctx **ctx);

// Use a different allocator for allocations made from now on. Objects
// already created must be destroyed before the allocator changes.
void lca_ctx_set_allocator(lca_ctx *ctx, const lca_allocator *a);

// Number of threads the library may use (>= 1). nthreads <= 0 restores
// the default; more than LCA_MAX_THREADS is taken as LCA_MAX_THREADS (each
// thread has a stack and workspaces: 10^5 of them exhaust memory). Results
// do not depend on it, bit for bit.
#define LCA_MAX_THREADS 4096
void lca_ctx_set_nthreads(lca_ctx *ctx, int nthreads);
int lca_ctx_nthreads(const lca_ctx *ctx);

// The memory one parsed document may take, in bytes: both the text of one
// archive entry (a 262 KB zip entry can inflate to a gigabyte) and,
// separately, the tree a JSON or XML parser builds from it (20-35 times
// its text). Importers refuse an entry over it with LCA_ERR_INVALID
// ("out of memory budget", naming the archive and the entry). bytes <= 0
// restores the default, LCA_PARSE_BUDGET (1 GiB).
#define LCA_PARSE_BUDGET ((int64_t)1 << 30)
void lca_ctx_set_parse_budget(lca_ctx *ctx, int64_t bytes);
int64_t lca_ctx_parse_budget(const lca_ctx *ctx);

// The message of the last error reported on ctx ("" if none). Borrowed:
// valid until the next call that reports an error on ctx.
const char *lca_ctx_errmsg(const lca_ctx *ctx);

// ---- for code built on the library (importers, tools, bindings) -------------

// Memory from ctx's allocator, as the library's own objects get it:
// count * size bytes (a zero-byte request gives a valid block), NULL on
// overflow or when the allocator fails. Free with lca_ctx_free, which
// accepts NULL. lca_ctx_realloc keeps the contents up to the smaller size
// and, on failure, returns NULL and leaves p as it was.
void *lca_ctx_malloc(lca_ctx *ctx, size_t count, size_t size);
void *lca_ctx_calloc(lca_ctx *ctx, size_t count, size_t size);
void *lca_ctx_realloc(lca_ctx *ctx, void *p, size_t count, size_t size);
void lca_ctx_free(lca_ctx *ctx, void *p);

// Report an error on ctx as the library does: the printf-formatted
// message becomes lca_ctx_errmsg(ctx) (an argument may be that message
// itself). Returns st.
lca_status lca_ctx_fail(lca_ctx *ctx, lca_status st, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

// Static text naming a status, e.g. "singular system". Never NULL.
const char *lca_status_str(lca_status s);

// The library version, "MAJOR.MINOR.PATCH", and the git commit it was
// built from ("unknown" outside a checkout).
const char *lca_version(void);
const char *lca_git_commit(void);

#ifdef __cplusplus
}
#endif

#endif  // LCA_CTX_H
