// engine/method/model_method.c: replacing a model's characterization (C and the
// indicator axis)
// SPDX-License-Identifier: MIT
//
// Everything new is built first (the copy of C, the label arrays) and only
// then swapped in, so a failure leaves the model as it was.

#include <string.h>

#include "csc_impl.h"
#include "ctx_impl.h"
#include "method_impl.h"
#include "model_impl.h"

static void free_labels(lca_ctx *ctx, char **v, int64_t count) {
    if (v == NULL) return;
    for (int64_t i = 0; i < count; i++) lca__free(ctx, v[i]);
    lca__free(ctx, v);
}

// A copy of k strings (NULL array: no array, the label stays unset).
static lca_status copy_labels(lca_ctx *ctx, int64_t k,
                              const char *const *src, char ***out) {
    *out = NULL;
    if (src == NULL) return LCA_OK;
    char **v = lca__calloc(ctx, (size_t)k + 1, sizeof *v);
    if (v == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    for (int64_t i = 0; i < k; i++) {
        if (src[i] == NULL) {
            free_labels(ctx, v, k);
            return lca__fail(ctx, LCA_ERR_ARG, "indicator label %lld is "
                             "NULL", (long long)i);
        }
        v[i] = lca__strdup(ctx, src[i]);
        if (v[i] == NULL) {
            free_labels(ctx, v, k);
            return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
        }
    }
    *out = v;
    return LCA_OK;
}

lca_status lca_model_set_C(lca_model *M, const lca_csc *C,
                           const char *const *ids, const char *const *names,
                           const char *const *units) {
    return lca__model_set_C_tagged(M, C, ids, names, units, NULL);
}

lca_status lca__model_set_C_tagged(lca_model *M, const lca_csc *C,
                                   const char *const *ids,
                                   const char *const *names,
                                   const char *const *units,
                                   const char *const *tags) {
    lca_ctx *ctx = M->ctx;
    if (lca_csc_ncols(C) != M->m) {
        return lca__fail(ctx, LCA_ERR_DIM, "the new C has %lld columns but "
                         "the model has %lld flows",
                         (long long)lca_csc_ncols(C), (long long)M->m);
    }
    int64_t k = lca_csc_nrows(C);
    lca_csc *Cnew = NULL;
    // The labels set here: id, name, unit and the split tag.
    enum { NL = 4 };
    static const lca_label kind[NL] = {LCA_LABEL_ID, LCA_LABEL_NAME,
                                       LCA_LABEL_UNIT, LCA_LABEL_SPLIT};
    char **lab[NL] = {NULL, NULL, NULL, NULL};
    const char *const *src[NL] = {ids, names, units, tags};
    lca_status st = lca_csc_from_arrays(ctx, k, M->m, lca_csc_colptr(C),
                                        lca_csc_rowidx(C), lca_csc_values(C),
                                        &Cnew);
    for (int l = 0; l < NL && st == LCA_OK; l++) {
        st = copy_labels(ctx, k, src[l], &lab[l]);
    }
    if (st != LCA_OK) goto done;
    // Swap: the old indicator labels (all kinds), C and its records go.
    for (int l = 0; l < LCA_NLABELS; l++) {
        free_labels(ctx, M->labels[LCA_INDICATORS].v[l], M->k);
        M->labels[LCA_INDICATORS].v[l] = NULL;
    }
    for (int l = 0; l < NL; l++) {
        M->labels[LCA_INDICATORS].v[kind[l]] = lab[l];
        lab[l] = NULL;
    }
    lca__free(ctx, M->unc[LCA_MATRIX_C]);
    M->unc[LCA_MATRIX_C] = NULL;
    lca_csc_destroy(&M->C);
    M->C = Cnew;
    M->k = k;
    Cnew = NULL;
done:
    for (int l = 0; l < NL; l++) free_labels(ctx, lab[l], k);
    lca_csc_destroy(&Cnew);
    return st;
}

void lca__model_truncate_report(lca_model *M, int64_t n) {
    for (int64_t i = n; i < M->nreport; i++) {
        for (int f = 0; f < 4; f++) lca__free(M->ctx, M->report[f][i]);
    }
    if (n < M->nreport) M->nreport = n;
}
