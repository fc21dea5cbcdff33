// engine/model.c: the model object (matrices, labels, demands)
// SPDX-License-Identifier: MIT
//
// The model keeps A as given and derives the technosphere form T once. For
// IO coefficients T = I - A is built on the union of A's pattern and the
// diagonal, with a map from each entry of A to its place in T, so that a
// Monte Carlo sample of A's values turns into T's values in one O(nnz)
// pass (lca__model_tech_values) without touching the pattern again.

#include <math.h>
#include <string.h>

#include "csc_impl.h"
#include "ctx_impl.h"
#include "model_impl.h"

static const char *axis_str(lca_axis axis) {
    static const char *const names[] = {"product", "flow", "indicator",
                                        "demand"};
    return (axis >= 0 && axis <= LCA_DEMANDS) ? names[axis] : "axis";
}

const char *lca_convention_str(lca_convention conv) {
    return conv == LCA_IO_COEFFICIENTS ? "io_coefficients" : "technosphere";
}

lca_status lca_convention_parse(const char *s, lca_convention *conv) {
    if (strcmp(s, "technosphere") == 0) {
        *conv = LCA_TECHNOSPHERE;
    } else if (strcmp(s, "io_coefficients") == 0) {
        *conv = LCA_IO_COEFFICIENTS;
    } else {
        return LCA_ERR_ARG;
    }
    return LCA_OK;
}

static lca_status check_dims(lca_ctx *ctx, const lca_csc *A, const lca_csc *B,
                             const lca_csc *C) {
    int64_t n = lca_csc_nrows(A);
    if (lca_csc_ncols(A) != n) {
        return lca__fail(ctx, LCA_ERR_DIM, "A is %lld x %lld, not square",
                         (long long)n, (long long)lca_csc_ncols(A));
    }
    if (lca_csc_ncols(B) != n) {
        return lca__fail(ctx, LCA_ERR_DIM,
                         "B has %lld columns but A has %lld (B must be "
                         "flows x products)",
                         (long long)lca_csc_ncols(B), (long long)n);
    }
    if (lca_csc_ncols(C) != lca_csc_nrows(B)) {
        return lca__fail(ctx, LCA_ERR_DIM,
                         "C has %lld columns but B has %lld rows (C must be "
                         "indicators x flows)",
                         (long long)lca_csc_ncols(C),
                         (long long)lca_csc_nrows(B));
    }
    return LCA_OK;
}

// T = I - A on pattern(A) + diagonal, with the maps from A and the diagonal.
static lca_status build_io_tech(lca_model *M) {
    lca_ctx *ctx = M->ctx;
    const lca_csc *A = M->A;
    int64_t n = M->n, nnz = lca_csc_nnz(A);
    int64_t ndiag = 0;
    for (int64_t j = 0; j < n; j++) ndiag += lca_csc_find(A, j, j) >= 0;
    lca_status st = lca_csc_create(ctx, n, n, nnz + n - ndiag, &M->T);
    if (st != LCA_OK) return st;
    M->tech_map = lca__malloc(ctx, (size_t)nnz, sizeof *M->tech_map);
    M->tech_diag = lca__malloc(ctx, (size_t)n, sizeof *M->tech_diag);
    if (M->tech_map == NULL || M->tech_diag == NULL) {
        return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory for I - A");
    }
    lca_csc *T = M->T;
    int64_t q = 0;
    for (int64_t j = 0; j < n; j++) {
        T->Ap[j] = q;
        int diag_done = 0;
        for (int64_t p = A->Ap[j]; p <= A->Ap[j + 1]; p++) {
            int64_t i = (p < A->Ap[j + 1]) ? A->Ai[p] : n;
            if (!diag_done && i >= j) {  // place the diagonal in row order
                M->tech_diag[j] = q;
                T->Ai[q++] = j;
                diag_done = 1;
                if (i == j) q--;  // A has it: share the slot below
            }
            if (p == A->Ap[j + 1]) break;
            M->tech_map[p] = q;
            T->Ai[q++] = i;
        }
    }
    T->Ap[n] = q;
    lca__model_tech_values(M, A->Ax, T->Ax);
    return LCA_OK;
}

void lca__model_tech_values(const lca_model *M, const double *Ax, double *Tx) {
    if (M->conv == LCA_TECHNOSPHERE) {
        memcpy(Tx, Ax, (size_t)lca_csc_nnz(M->A) * sizeof *Tx);
        return;
    }
    int64_t n = M->n, nnz = lca_csc_nnz(M->A);
    for (int64_t j = 0; j < n; j++) Tx[M->tech_diag[j]] = 0.0;
    for (int64_t p = 0; p < nnz; p++) Tx[M->tech_map[p]] = -Ax[p];
    for (int64_t j = 0; j < n; j++) Tx[M->tech_diag[j]] += 1.0;
}

// Y = X made with ctx: lca_csc_copy would allocate (and report errors)
// with X's context, which may be another thread's.
static lca_status copy_into(lca_ctx *ctx, const lca_csc *X, lca_csc **Y) {
    return lca_csc_from_arrays(ctx, lca_csc_nrows(X), lca_csc_ncols(X),
                               lca_csc_colptr(X), lca_csc_rowidx(X),
                               lca_csc_values(X), Y);
}

lca_status lca_model_create(lca_ctx *ctx, lca_convention conv,
                            const lca_csc *A, const lca_csc *B,
                            const lca_csc *C, lca_model **out) {
    *out = NULL;
    if (conv != LCA_TECHNOSPHERE && conv != LCA_IO_COEFFICIENTS) {
        return lca__fail(ctx, LCA_ERR_ARG, "unknown convention %d", (int)conv);
    }
    lca_status st = check_dims(ctx, A, B, C);
    if (st != LCA_OK) return st;
    lca_model *M = lca__calloc(ctx, 1, sizeof *M);
    if (M == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    M->ctx = ctx;
    M->conv = conv;
    M->n = lca_csc_nrows(A);
    M->m = lca_csc_nrows(B);
    M->k = lca_csc_nrows(C);
    st = copy_into(ctx, A, &M->A);
    if (st == LCA_OK) st = copy_into(ctx, B, &M->B);
    if (st == LCA_OK) st = copy_into(ctx, C, &M->C);
    if (st == LCA_OK) st = lca_csc_create(ctx, M->n, 0, 0, &M->F);
    if (st == LCA_OK) {
        if (conv == LCA_TECHNOSPHERE) {
            M->T = M->A;
        } else {
            st = build_io_tech(M);
        }
    }
    if (st != LCA_OK) {
        lca_model_destroy(&M);
        return st;
    }
    *out = M;
    return LCA_OK;
}

static void free_strings(lca_ctx *ctx, char **v, int64_t count) {
    if (v == NULL) return;
    for (int64_t i = 0; i < count; i++) lca__free(ctx, v[i]);
    lca__free(ctx, v);
}

void lca_model_destroy(lca_model **Mp) {
    if (Mp == NULL || *Mp == NULL) return;
    lca_model *M = *Mp;
    lca_ctx *ctx = M->ctx;
    for (int a = 0; a < 4; a++) {
        int64_t count = (a == LCA_DEMANDS) ? M->ndemand_labels
                                           : lca_model_dim(M, (lca_axis)a);
        for (int l = 0; l < LCA_NLABELS; l++) {
            free_strings(ctx, M->labels[a].v[l], count);
        }
    }
    for (int64_t s = 0; s < M->nsets; s++) {
        lca__free(ctx, M->sets[s].name);
        lca__free(ctx, M->sets[s].idx);
    }
    lca__free(ctx, M->sets);
    lca__model_free_extra(M);
    free_strings(ctx, M->attr_keys, M->nattrs);
    free_strings(ctx, M->attr_vals, M->nattrs);
    if (M->T != M->A) lca_csc_destroy(&M->T);
    lca_csc_destroy(&M->A);
    lca_csc_destroy(&M->B);
    lca_csc_destroy(&M->C);
    lca_csc_destroy(&M->F);
    lca__free(ctx, M->tech_map);
    lca__free(ctx, M->tech_diag);
    lca__free(ctx, M);
    *Mp = NULL;
}

lca_ctx *lca_model_ctx(const lca_model *M) { return M->ctx; }
lca_convention lca_model_convention(const lca_model *M) { return M->conv; }
const lca_csc *lca_model_A(const lca_model *M) { return M->A; }
const lca_csc *lca_model_B(const lca_model *M) { return M->B; }
const lca_csc *lca_model_C(const lca_model *M) { return M->C; }
const lca_csc *lca_model_tech(const lca_model *M) { return M->T; }
const lca_csc *lca_model_demands(const lca_model *M) { return M->F; }

int64_t lca_model_dim(const lca_model *M, lca_axis axis) {
    switch (axis) {
    case LCA_PRODUCTS: return M->n;
    case LCA_FLOWS: return M->m;
    case LCA_INDICATORS: return M->k;
    case LCA_DEMANDS: return M->F->n;
    }
    return 0;
}

lca_status lca_model_set_labels(lca_model *M, lca_axis axis, lca_label label,
                                const char *const *values) {
    lca_ctx *ctx = M->ctx;
    // Demand names come with lca_model_add_demand, not from here.
    if (axis < 0 || axis >= LCA_DEMANDS || label < 0 || label >= LCA_NLABELS ||
        ((label == LCA_LABEL_COMPARTMENT || label == LCA_LABEL_CAS) &&
         axis != LCA_FLOWS) ||
        (label == LCA_LABEL_SPLIT && axis != LCA_INDICATORS) ||
        ((label == LCA_LABEL_REGION || label == LCA_LABEL_PERIOD) &&
         axis != LCA_PRODUCTS)) {
        return lca__fail(ctx, LCA_ERR_ARG, "label %d not allowed on the %s "
                         "axis", (int)label, axis_str(axis));
    }
    int64_t count = lca_model_dim(M, axis);
    if (values == NULL && count > 0) {
        return lca__fail(ctx, LCA_ERR_ARG, "no %s labels given",
                         axis_str(axis));
    }
    char **v = lca__calloc(ctx, (size_t)count + 1, sizeof *v);
    if (v == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    for (int64_t i = 0; i < count; i++) {
        if (values[i] == NULL) {
            free_strings(ctx, v, count);
            return lca__fail(ctx, LCA_ERR_ARG, "%s label %lld is NULL",
                             axis_str(axis), (long long)i);
        }
        v[i] = lca__strdup(ctx, values[i]);
        if (v[i] == NULL) {
            free_strings(ctx, v, count);
            return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
        }
    }
    free_strings(ctx, M->labels[axis].v[label], count);
    M->labels[axis].v[label] = v;
    return LCA_OK;
}

const char *lca_model_label(const lca_model *M, lca_axis axis,
                            lca_label label, int64_t i) {
    char **v = M->labels[axis].v[label];
    return (v != NULL && v[i] != NULL) ? v[i] : "";
}

