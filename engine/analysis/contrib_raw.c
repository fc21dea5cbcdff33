// engine/analysis/contrib_raw.c: contribution formulas on raw value arrays
// SPDX-License-Identifier: MIT

#include <math.h>
#include <string.h>

#include "contrib_impl.h"
#include "ctx_impl.h"

lca_status lca__contrib_p(lca_ctx *ctx, const lca_model *M, const double *Ax,
                          const double *f, double *p) {
    const lca_csc *A = lca_model_A(M);
    const int64_t *Ap = lca_csc_colptr(A), *Ai = lca_csc_rowidx(A);
    int io = lca_model_convention(M) == LCA_IO_COEFFICIENTS;
    for (int64_t j = 0; j < lca_csc_ncols(A); j++) {
        p[j] = 1.0;
        if (io || f[j] == 0.0) continue;
        p[j] = 0.0;
        for (int64_t q = Ap[j]; q < Ap[j + 1]; q++) {
            if (Ai[q] == j) p[j] = Ax[q];
        }
        if (p[j] == 0.0) {
            if (ctx == NULL) return LCA_ERR_INVALID;
            return lca__fail(ctx, LCA_ERR_INVALID, "demanded product '%s' has "
                             "no reference output on the diagonal of A",
                             lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_ID, j));
        }
    }
    return LCA_OK;
}

void lca__contrib_crow(const lca_model *M, const double *Cx, int64_t r,
                       double *cr) {
    const lca_csc *C = lca_model_C(M);
    const int64_t *Cp = lca_csc_colptr(C), *Ci = lca_csc_rowidx(C);
    for (int64_t k = 0; k < lca_csc_ncols(C); k++) {
        cr[k] = 0.0;
        for (int64_t q = Cp[k]; q < Cp[k + 1]; q++) {
            if (Ci[q] == r) cr[k] = Cx[q];
        }
    }
}

void lca__contrib_drow(const lca_model *M, const double *Bx, const double *cr,
                       double *D) {
    const lca_csc *B = lca_model_B(M);
    const int64_t *Bp = lca_csc_colptr(B), *Bi = lca_csc_rowidx(B);
    for (int64_t j = 0; j < lca_csc_ncols(B); j++) {
        double d = 0.0;
        for (int64_t q = Bp[j]; q < Bp[j + 1]; q++) d += cr[Bi[q]] * Bx[q];
        D[j] = d;
    }
}

void lca__contrib_g(const lca_model *M, const double *Bx, const double *s,
                    double *g) {
    const lca_csc *B = lca_model_B(M);
    const int64_t *Bp = lca_csc_colptr(B), *Bi = lca_csc_rowidx(B);
    memset(g, 0, (size_t)lca_csc_nrows(B) * sizeof *g);
    for (int64_t j = 0; j < lca_csc_ncols(B); j++) {
        for (int64_t q = Bp[j]; q < Bp[j + 1]; q++) g[Bi[q]] += Bx[q] * s[j];
    }
}

void lca__contrib_tier1(const lca_model *M, const double *Ax, const double *p,
                        const double *f, const double *D, double *w,
                        double *own) {
    const lca_csc *A = lca_model_A(M);
    const int64_t *Ap = lca_csc_colptr(A), *Ai = lca_csc_rowidx(A);
    int io = lca_model_convention(M) == LCA_IO_COEFFICIENTS;
    int64_t n = lca_csc_ncols(A);
    memset(w, 0, (size_t)n * sizeof *w);
    *own = 0.0;
    for (int64_t j = 0; j < n; j++) {
        if (f[j] == 0.0) continue;
        double level = f[j] / p[j];  // the activity of j for its own demand
        *own += level * D[j];
        for (int64_t q = Ap[j]; q < Ap[j + 1]; q++) {
            int64_t i = Ai[q];
            if (io) {
                w[i] += level * Ax[q];
            } else if (i != j) {
                w[i] -= level * Ax[q];
            }
        }
    }
}
