// engine/mc/records.c: the records a run samples (pedigree fill)
// SPDX-License-Identifier: MIT

#include <string.h>

#include "ctx_impl.h"
#include "lca/pedigree.h"
#include "records_impl.h"

static int scored(const lca_uncertainty *r) {
    int any = 0;
    for (int s = 0; s < 5; s++) any |= r->pedigree[s] != 0;
    return any;
}

lca_status lca__records_effective(lca_ctx *ctx, const lca_model *M,
                                  lca_matrix X, int fill, double basic_gsd,
                                  lca_uncertainty **out) {
    *out = NULL;
    const lca_uncertainty *u = lca_model_uncertainty(M, X);
    if (u == NULL) return LCA_OK;
    const lca_csc *Y = X == LCA_MATRIX_A ? lca_model_A(M)
                       : X == LCA_MATRIX_B ? lca_model_B(M) : lca_model_C(M);
    const double *Yx = lca_csc_values(Y);
    int64_t nnz = lca_csc_nnz(Y);
    lca_uncertainty *rec = lca__malloc(ctx, (size_t)nnz, sizeof *rec);
    if (rec == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    memcpy(rec, u, (size_t)nnz * sizeof *u);
    for (int64_t p = 0; p < nnz && fill; p++) {
        lca_uncertainty *r = &rec[p];
        if (r->dist != LCA_DIST_NONE || !scored(r) || Yx[p] == 0.0) continue;
        double gsd;
        lca_status st = lca_pedigree_gsd(r->pedigree, basic_gsd, &gsd);
        if (st != LCA_OK) {
            lca__free(ctx, rec);
            return lca__fail(ctx, st, "pedigree fill");
        }
        r->dist = LCA_DIST_LOGNORMAL;
        r->p1 = Yx[p];
        r->p2 = gsd;
    }
    *out = rec;
    return LCA_OK;
}
