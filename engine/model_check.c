// engine/model_check.c: lca_model_check, the invariants create cannot see
// SPDX-License-Identifier: MIT
//
// Create checks shapes. Values and labels arrive later (importers, files),
// so this pass checks them once the model is complete and names what is
// wrong in the model's own words: the matrix, the row and column ids.

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "csc_impl.h"
#include "ctx_impl.h"
#include "model_impl.h"

static const char *row_axis_label(const lca_model *M, char which, int64_t i) {
    lca_axis axis = (which == 'A') ? LCA_PRODUCTS
                    : (which == 'B') ? LCA_FLOWS
                                     : LCA_INDICATORS;
    return lca_model_label(M, axis, LCA_LABEL_ID, i);
}

static const char *col_axis_label(const lca_model *M, char which, int64_t j) {
    lca_axis axis = (which == 'C') ? LCA_FLOWS : LCA_PRODUCTS;
    return lca_model_label(M, axis, LCA_LABEL_ID, j);
}

static lca_status check_finite(const lca_model *M, const lca_csc *X,
                               char which) {
    int64_t p = lca_csc_find_nonfinite(X);
    if (p < 0) return LCA_OK;
    int64_t j = 0;
    while (X->Ap[j + 1] <= p) j++;
    int64_t i = X->Ai[p];
    return lca__fail(M->ctx, LCA_ERR_INVALID,
                     "%c(%lld, %lld) is %g (row '%s', column '%s'): every "
                     "value must be finite",
                     which, (long long)i, (long long)j, X->Ax[p],
                     row_axis_label(M, which, i), col_axis_label(M, which, j));
}

static int cmp_str(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

// Ids of an axis, when set, are non-empty and unique: sort copies of the
// pointers.
static lca_status check_unique_ids(const lca_model *M, lca_axis axis,
                                   const char *what) {
    char **ids = M->labels[axis].v[LCA_LABEL_ID];
    int64_t count = lca_model_dim(M, axis);
    if (ids == NULL) return LCA_OK;
    for (int64_t i = 0; i < count; i++) {
        if (ids[i][0] == '\0') {
            return lca__fail(M->ctx, LCA_ERR_INVALID, "%s %lld has an empty id",
                             what, (long long)i);
        }
    }
    if (count < 2) return LCA_OK;
    char **sorted = lca__malloc(M->ctx, (size_t)count, sizeof *sorted);
    if (sorted == NULL) {
        return lca__fail(M->ctx, LCA_ERR_NOMEM, "out of memory");
    }
    memcpy(sorted, ids, (size_t)count * sizeof *sorted);
    qsort(sorted, (size_t)count, sizeof *sorted, cmp_str);
    lca_status st = LCA_OK;
    for (int64_t i = 1; i < count; i++) {
        if (strcmp(sorted[i - 1], sorted[i]) == 0) {
            st = lca__fail(M->ctx, LCA_ERR_INVALID,
                           "%s id '%s' appears more than once", what,
                           sorted[i]);
            break;
        }
    }
    lca__free(M->ctx, sorted);
    return st;
}

lca_status lca_model_check(const lca_model *M) {
    lca_status st = check_finite(M, M->A, 'A');
    if (st == LCA_OK) st = check_finite(M, M->B, 'B');
    if (st == LCA_OK) st = check_finite(M, M->C, 'C');
    if (st == LCA_OK) {
        int64_t p = lca_csc_find_nonfinite(M->F);
        if (p >= 0) {
            int64_t j = 0;
            while (M->F->Ap[j + 1] <= p) j++;
            st = lca__fail(M->ctx, LCA_ERR_INVALID,
                           "demand '%s' has the value %g for product '%s'",
                           lca_model_label(M, LCA_DEMANDS, LCA_LABEL_ID, j),
                           M->F->Ax[p],
                           lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_ID,
                                           M->F->Ai[p]));
        }
    }
    if (st == LCA_OK) st = check_unique_ids(M, LCA_PRODUCTS, "product");
    if (st == LCA_OK) st = check_unique_ids(M, LCA_FLOWS, "flow");
    if (st == LCA_OK) st = check_unique_ids(M, LCA_INDICATORS, "indicator");
    return st;
}
