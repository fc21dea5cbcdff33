// io/import/procdb/procdb_build_impl.h: the state of one lca__procdb_build, shared by
// io/import/procdb/procdb_build.c (columns, rows, links, triplets) and io/import/procdb/procdb_model.c
// (matrices, uncertainty records, the model)
// SPDX-License-Identifier: MIT

#ifndef LCA_IO_PROCDB_BUILD_IMPL_H
#define LCA_IO_PROCDB_BUILD_IMPL_H

#include "io/import/procdb/procdb_data_impl.h"
#include "io/import/procdb/strtab_impl.h"

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
    const lca_alloc_options *alloc;  // never NULL
    lca__strmap *overrides;  // process id -> index in alloc->overrides
    int64_t n;            // columns: kept processes and co-products
    int64_t *col_proc;    // [n] process of column j
    int64_t *col_ref;     // [n] exchange on the diagonal of column j (the
                          // reference exchange, or a co-product's)
    double *col_factor;   // [n] share of the process (1 unless split)
    const char **col_id;  // [n] product id and name of column j
    const char **col_name;
    double *row_sign;     // [n] -1 for a row negated by the waste rule
    int64_t *proc_col;    // [nprocs] first column of a process, or -1
    int64_t *proc_ncols;  // [nprocs] its columns (several when split)
    signed char *proc_method;  // [nprocs] method applied; -1 when the
                               // process has no co-products
    int64_t *plan_ex;     // scratch: a process's outputs (ref first)
    double *plan_w;       // scratch: their weights
    const lca_provider_choice *choices;  // the user's provider choices
    int64_t nchoices;
    int64_t *chosen;      // [nflows] the choice applied to a flow, or -1
    int64_t *provider;    // [nflows] providing column linked to (the first,
                          // or the chosen one), or -1
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

// ---- allocation (io/import/procdb/procdb_alloc.c) ----------------------

// Index the overrides by process id. Errors: LCA_ERR_INVALID (an override
// naming no process of the database, or one process twice), NOMEM.
lca_status lca__pdb_alloc_init(lca__pdb_build *b);

// Is exchange e of process p an output of a product other than its
// reference (a co-product candidate: product flow, output, not avoided,
// amount > 0)?
int lca__pdb_is_coproduct(const lca__pdb_build *b, int64_t e, int64_t ref);

// Plan process p (reference exchange ref): plan_ex[0..*k) are the
// exchanges on the diagonals of its columns and plan_w their shares (sum
// 1); *k == 1 unless a partition was applied. Sets proc_method[p] and
// reports fallbacks. Errors: LCA_ERR_NOMEM.
lca_status lca__pdb_alloc_plan(lca__pdb_build *b, int64_t p, int64_t ref,
                               int64_t *k);

// After the providers are known: every co-product of a SUBSTITUTION
// process must have a provider, else the process falls back to NONE.
// Errors: LCA_ERR_INVALID (an override's provider is no kept process, or
// its unit differs from the co-product's), LCA_ERR_NOMEM.
lca_status lca__pdb_alloc_substitution(lca__pdb_build *b);

// The row an override credits co-product exchange e of column j to, or -1.
int64_t lca__pdb_alloc_credit_row(const lca__pdb_build *b, int64_t j,
                                  int64_t e);

// One "allocation" report line with the shares of split process p.
// Errors: LCA_ERR_NOMEM.
lca_status lca__pdb_alloc_report(lca__pdb_build *b, int64_t p);

// Attributes "allocation" and "allocation:PROCESS" onto M.
// Errors: LCA_ERR_NOMEM.
lca_status lca__pdb_alloc_finish(lca__pdb_build *b, lca_model *M);

// ---- provider ties (io/import/procdb/procdb_ties.c) --------------------

// Apply the choices to b->provider (after the providers are known).
// Errors: LCA_ERR_INVALID (a choice that does not fit, naming its
// origin), LCA_ERR_NOMEM.
lca_status lca__pdb_apply_choices(lca__pdb_build *b);

// Queue one "provider tie" line per flow with several providers.
// Errors: LCA_ERR_NOMEM.
lca_status lca__pdb_report_ties(lca__pdb_build *b);

// The attributes "provider:FLOW" onto M. Errors: LCA_ERR_NOMEM.
lca_status lca__pdb_tie_attrs(const lca__pdb_build *b, lca_model *M);

// Free what lca__pdb_collect allocated (not b itself).
void lca__pdb_build_free(lca__pdb_build *b);

#endif  // LCA_IO_PROCDB_BUILD_IMPL_H
