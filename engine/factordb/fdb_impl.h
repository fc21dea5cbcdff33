// engine/factordb/fdb_impl.h: the body of lca_fdb (lca/factordb.h)
// SPDX-License-Identifier: MIT

#ifndef LCA_FDB_IMPL_H
#define LCA_FDB_IMPL_H

#include "lca/factordb.h"

// Statistics per column: FACTOR .. COUNT of lca_fdb_num.
#define LCA__FDB_NSTATS (LCA_FDB_COUNT + 1)

typedef struct lca__fdb_comp {
    char *name;    // "split_fossil"
    char *ind_id;  // its indicator's id (or name) in the model, or NULL
    lca_fdb_kind kind;
    double *v;  // LCA__FDB_NSTATS x n
    int has_mc;
} lca__fdb_comp;

struct lca_fdb {
    lca_ctx *ctx;
    int64_t n;
    char **text[LCA_FDB_NTEXTS];  // text[c][i]: NULL means ""
    double *num;                  // LCA_FDB_NNUMS x n
    int64_t ncomp;
    lca__fdb_comp *comp;
    char *info[LCA_FDB_NINFOS];
    // import report summary: kinds with counts, provider ties
    char **kinds;
    int64_t *kind_count, nkinds;
    char **ties;  // 3 per tie: id, name, detail
    int64_t nties;
    // trace: CSR over records
    int64_t *trace_ptr, *trace_in;
    double *trace_share;
};

// Record the id of component j's indicator (copied).
lca_status lca__fdb_set_component_indicator(lca_fdb *db, int64_t j,
                                            const char *id);

// Is s a valid component name (1..48 of [A-Za-z0-9_])?
int lca__fdb_name_ok(const char *s);

#endif  // LCA_FDB_IMPL_H
