// io/import/procdb/procdb_build_impl.h: the state of one lca__procdb_build, shared by
// io/import/procdb/procdb_build.c (columns, rows, links, triplets) and io/import/procdb/procdb_model.c
// (matrices, uncertainty records, the model)
// SPDX-License-Identifier: MIT

#ifndef LCA_IO_PROCDB_BUILD_IMPL_H
#define LCA_IO_PROCDB_BUILD_IMPL_H

#include "io/import/procdb/procdb_data_impl.h"

// Matrix entries before summing: entry k is (i[k], j[k]) = x[k], with the
// record u[k], from exchange ex[k].
typedef struct lca__pdb_triplets {
    int64_t count;
    int64_t *i, *j, *ex;
    double *x;
    lca_uncertainty *u;
} lca__pdb_triplets;

// A report line waiting for the model (strings in the builder's pool).
typedef struct lca__pdb_report {
    const char *kind, *id, *name, *detail;
} lca__pdb_report;

typedef struct lca__pdb_build {
    lca__procdb *db;
    lca_ctx *ctx;
    int64_t n;            // columns: kept processes
    int64_t *col_proc;    // [n] process of column j
    int64_t *col_ref;     // [n] reference exchange of column j
    double *row_sign;     // [n] -1 for a row negated by the waste rule
    int64_t *proc_col;    // [nprocs] column of a process, or -1
    int64_t *provider;    // [nflows] first providing column, or -1
    int64_t *nprov;       // [nflows] providing columns
    int64_t *nlinks;      // [nflows] links made by flow id
    int64_t m;            // B rows: elementary flows used
    int64_t *brow;        // [nflows] B row of a flow, or -1
    int64_t *brow_flow;   // [m] flow of B row i
    lca__pdb_triplets A, B;
    lca__pdb_report *reports;
    int64_t nreports, report_cap;
} lca__pdb_build;

// Columns, providers, B rows and the triplets of A and B (procdb_build.c).
// Errors: LCA_ERR_INVALID, LCA_ERR_NOMEM.
lca_status lca__pdb_collect(lca__pdb_build *b);

// Queue a report line; detail is printf-style. Errors: LCA_ERR_NOMEM.
lca_status lca__pdb_report_add(lca__pdb_build *b, const char *kind,
                               const char *id, const char *name,
                               const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

// Free what lca__pdb_collect allocated (not b itself).
void lca__pdb_build_free(lca__pdb_build *b);

#endif  // LCA_IO_PROCDB_BUILD_IMPL_H
