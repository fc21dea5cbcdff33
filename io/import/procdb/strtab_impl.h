// io/import/procdb/strtab_impl.h: string tables for importers (a hash map and a pool)
// SPDX-License-Identifier: MIT
//
// Importers of process databases meet tens of thousands of UUIDs, and look
// each one up as they go (a flow named by an exchange, a unit named by a
// flow). Two small tools:
//
//   lca__strmap   string -> int64 (an index into the caller's arrays), open
//                 addressing with linear probing, FNV-1a hash, grown at a
//                 load of 1/2. Keys are borrowed: they must outlive the map
//                 (callers keep them in a pool).
//   lca__strpool  copies of strings, allocated in 64 KiB blocks and freed
//                 all at once: one allocation per block instead of one per
//                 string, and no per-string frees to forget.
//
// The csv_impl.h key index (sorted, built once) would need a rebuild per
// insertion here, so it was not reused.

#ifndef LCA_IO_STRTAB_IMPL_H
#define LCA_IO_STRTAB_IMPL_H

#include <stdint.h>

#include "lca/ctx.h"

typedef struct lca__strmap lca__strmap;
typedef struct lca__strpool lca__strpool;

// Errors: LCA_ERR_NOMEM.
lca_status lca__strmap_create(lca_ctx *ctx, lca__strmap **m);
void lca__strmap_destroy(lca__strmap **m);

// Insert key -> value unless key is present. *old is the value already
// stored for key, or -1 when the key was new (and is now stored).
// Errors: LCA_ERR_NOMEM.
lca_status lca__strmap_put(lca__strmap *m, const char *key, int64_t value,
                           int64_t *old);

// The value stored for key, or -1.
int64_t lca__strmap_get(const lca__strmap *m, const char *key);

// Errors: LCA_ERR_NOMEM.
lca_status lca__strpool_create(lca_ctx *ctx, lca__strpool **p);
void lca__strpool_destroy(lca__strpool **p);

// A copy of s (NULL is copied as ""), valid until the pool is destroyed;
// NULL when out of memory (the ctx message is set).
const char *lca__strpool_add(lca__strpool *p, const char *s);

// As lca__strpool_add, for the first len bytes of s.
const char *lca__strpool_addn(lca__strpool *p, const char *s, size_t len);

#endif  // LCA_IO_STRTAB_IMPL_H
