// engine/model_extra.c: a model's uncertainty records and import report
// SPDX-License-Identifier: MIT
//
// Records are kept per matrix as one array aligned with the nonzeros, so a
// Monte Carlo sampler walks them in the same order as the values it fills.

#include <string.h>

#include "csc_impl.h"
#include "ctx_impl.h"
#include "model_impl.h"

static const lca_csc *matrix_of(const lca_model *M, lca_matrix X) {
    return X == LCA_MATRIX_A ? M->A : X == LCA_MATRIX_B ? M->B : M->C;
}

// Row i, column j of position p in X (for messages).
static void locate(const lca_csc *X, int64_t p, int64_t *i, int64_t *j) {
    int64_t c = 0;
    while (X->Ap[c + 1] <= p) c++;
    *i = X->Ai[p];
    *j = c;
}

lca_status lca_model_set_uncertainty(lca_model *M, lca_matrix X,
                                     const lca_uncertainty *u) {
    lca_ctx *ctx = M->ctx;
    if (X < LCA_MATRIX_A || X > LCA_MATRIX_C) {
        return lca__fail(ctx, LCA_ERR_ARG, "no matrix %d", (int)X);
    }
    const lca_csc *Y = matrix_of(M, X);
    int64_t nnz = lca_csc_nnz(Y);
    const char *name = X == LCA_MATRIX_A ? "A" : X == LCA_MATRIX_B ? "B" : "C";
    for (int64_t p = 0; u != NULL && p < nnz; p++) {
        char why[96];
        if (!lca_uncertainty_valid(&u[p], Y->Ax[p], why, sizeof why)) {
            int64_t i, j;
            locate(Y, p, &i, &j);
            return lca__fail(ctx, LCA_ERR_INVALID,
                             "uncertainty of %s(%lld, %lld) (%s): %s", name,
                             (long long)i, (long long)j,
                             lca_dist_str((lca_dist)u[p].dist), why);
        }
    }
    lca_uncertainty *copy = NULL;
    if (u != NULL) {
        copy = lca__malloc(ctx, (size_t)nnz, sizeof *copy);
        if (copy == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
        if (nnz > 0) memcpy(copy, u, (size_t)nnz * sizeof *copy);
    }
    lca__free(ctx, M->unc[X]);
    M->unc[X] = copy;
    return LCA_OK;
}

const lca_uncertainty *lca_model_uncertainty(const lca_model *M,
                                             lca_matrix X) {
    return (X >= LCA_MATRIX_A && X <= LCA_MATRIX_C) ? M->unc[X] : NULL;
}

void lca_model_uncertainty_counts(const lca_model *M, lca_matrix X,
                                  int64_t counts[LCA_NDISTS]) {
    memset(counts, 0, LCA_NDISTS * sizeof *counts);
    const lca_uncertainty *u = lca_model_uncertainty(M, X);
    int64_t nnz = lca_csc_nnz(matrix_of(M, X));
    for (int64_t p = 0; u != NULL && p < nnz; p++) {
        if (u[p].dist < LCA_NDISTS) counts[u[p].dist]++;
    }
    if (u == NULL) counts[LCA_DIST_NONE] = nnz;
}

// Room for one more line in the 4 report columns (one capacity).
static lca_status grow_report(lca_model *M) {
    int64_t cap = M->report_cap;
    for (int f = 0; f < 4; f++) {
        cap = M->report_cap;
        char **v = lca__grow(M->ctx, M->report[f], &cap, M->nreport + 1,
                             sizeof *v);
        if (v == NULL) return LCA_ERR_NOMEM;
        M->report[f] = v;
    }
    M->report_cap = cap;
    return LCA_OK;
}

lca_status lca_model_add_report(lca_model *M, const char *kind,
                                const char *id, const char *name,
                                const char *detail) {
    const char *v[4] = {kind, id, name, detail};
    for (int f = 0; f < 4; f++) {
        if (v[f] == NULL) {
            return lca__fail(M->ctx, LCA_ERR_ARG, "report field %d is NULL",
                             f);
        }
    }
    lca_status st = grow_report(M);
    if (st != LCA_OK) return st;
    char *copy[4] = {NULL, NULL, NULL, NULL};
    for (int f = 0; f < 4; f++) {
        copy[f] = lca__strdup(M->ctx, v[f]);
        if (copy[f] == NULL) {
            for (int g = 0; g < f; g++) lca__free(M->ctx, copy[g]);
            return lca__fail(M->ctx, LCA_ERR_NOMEM, "out of memory");
        }
    }
    for (int f = 0; f < 4; f++) M->report[f][M->nreport] = copy[f];
    M->nreport++;
    return LCA_OK;
}

int64_t lca_model_nreports(const lca_model *M) { return M->nreport; }

const char *lca_model_report(const lca_model *M, int64_t i,
                             lca_report_field f) {
    return M->report[f][i];
}

void lca__model_free_extra(lca_model *M) {
    for (int x = 0; x < 3; x++) lca__free(M->ctx, M->unc[x]);
    for (int f = 0; f < 4; f++) {
        for (int64_t i = 0; i < M->nreport; i++) {
            lca__free(M->ctx, M->report[f][i]);
        }
        lca__free(M->ctx, M->report[f]);
    }
}
