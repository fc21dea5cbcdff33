// engine/model_impl.h: the body of lca_model
// SPDX-License-Identifier: MIT

#ifndef LCA_MODEL_IMPL_H
#define LCA_MODEL_IMPL_H

#include "lca/model.h"

typedef struct lca__labels {
    char **v[LCA_NLABELS];  // v[label][i], NULL array when unset
} lca__labels;

typedef struct lca__demand_set {
    char *name;
    int64_t count;
    int64_t *idx;
} lca__demand_set;

struct lca_model {
    lca_ctx *ctx;
    lca_convention conv;
    int64_t n, m, k;
    lca_csc *A, *B, *C;
    lca_csc *T;          // technosphere form; == A for LCA_TECHNOSPHERE
    int64_t *tech_map;   // IO only: position in T of each entry of A
    int64_t *tech_diag;  // IO only: position in T of each diagonal (n)
    lca_csc *F;          // demands, n x d
    int64_t d_cap;       // room for demand columns in F->Ap
    lca__labels labels[4];
    int64_t ndemand_labels;  // demand names allocated
    lca__demand_set *sets;
    int64_t nsets, sets_cap;
    char **attr_keys, **attr_vals;
    int64_t nattrs, attrs_cap;
    lca_uncertainty *unc[3];  // per nonzero of A, B, C; NULL when none
    char **report[4];         // import report: kind, id, name, detail
    int64_t nreport, report_cap;
};

// Free the uncertainty records and the import report (model destroy).
void lca__model_free_extra(lca_model *M);

// Drop the import report lines after the first n (undo on failure;
// engine/method/model_method.c).
void lca__model_truncate_report(lca_model *M, int64_t n);

// Tx = values of T for stored values Ax of A (same pattern as the model's
// A): Tx = Ax for technosphere; T = I - A for IO coefficients. Tx has
// nnz(T) entries. This is how a sampled A becomes the matrix to factor.
void lca__model_tech_values(const lca_model *M, const double *Ax, double *Tx);

#endif  // LCA_MODEL_IMPL_H
