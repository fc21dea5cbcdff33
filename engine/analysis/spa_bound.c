// engine/analysis/spa_bound.c: when a node's value bounds the paths below it
// SPDX-License-Identifier: MIT
//
// Best-first pruning and the "top K are certain" stop need, for every
// node, a bound on the paths below it (include/lca/spa.h). |lambda_j x| is
// one when signs agree; otherwise the factors of the absolute system are,
// when it has them. Both are decided here, once per traversal.

#include <math.h>

#include "ctx_impl.h"
#include "spa_impl.h"

// 1 if x[0..n-1] (stride) has one sign (zeros allowed).
static int one_sign(const double *x, int64_t n, int64_t stride) {
    int pos = 0, neg = 0;
    for (int64_t j = 0; j < n; j++) {
        pos |= x[j * stride] > 0.0;
        neg |= x[j * stride] < 0.0;
    }
    return !(pos && neg);
}

// Q >= 0, f and each D_r/p of one sign: then no path exceeds its bound.
int lca__spa_signs_agree(const lca__spa_walk *w, const double *f) {
    for (int64_t j = 0; j < w->n; j++) {
        for (int64_t q = w->Ap[j]; q < w->Ap[j + 1]; q++) {
            int64_t i = w->Ai[q];
            double qij = w->io ? w->Ax[q] : (i == j ? 0.0 : -w->Ax[q] / w->p[j]);
            if (qij < 0.0) return 0;
        }
    }
    for (int64_t r = 0; r < w->r; r++) {
        if (!one_sign(w->Dp + r * w->n, w->n, 1)) return 0;
    }
    return one_sign(f, w->n, 1);
}

// Tbar = (I - |Q|) |P| on T's pattern: IO 1 - |a_jj| and -|a_ij|,
// technosphere |a_jj| and -|a_ij|.
static void abs_system(const lca__spa_walk *w, const lca_csc *T,
                       double *Tbx) {
    const int64_t *Tp = lca_csc_colptr(T), *Ti = lca_csc_rowidx(T);
    const double *Tx = lca_csc_values(T);
    for (int64_t j = 0; j < w->n; j++) {
        for (int64_t q = Tp[j]; q < Tp[j + 1]; q++) {
            double t = Tx[q];
            if (Ti[q] != j) {
                Tbx[q] = -fabs(t);
            } else {
                Tbx[q] = w->io ? 1.0 - fabs(1.0 - t) : fabs(t);
            }
        }
    }
}

// X (n x (r+1)) = Tbar'^-1 [|D_1| .. |D_r| 1]; usable when every entry is
// finite, the D columns >= 0 and the ones column > 0.
static int abs_usable(const double *X, int64_t n, int64_t r) {
    for (int64_t q = 0; q < n * (r + 1); q++) {
        int ones = q >= n * r;
        if (!isfinite(X[q]) || X[q] < 0.0 || (ones && X[q] <= 0.0)) return 0;
    }
    return 1;
}

// Signs disagree: bound every path by the absolute system, lambda-bar
// Tbar = |D| (one more factorization, same symbolic analysis). Tbar is a
// Z-matrix; a positive w with Tbar' w = 1 certifies it a nonsingular
// M-matrix, so (I - |Q|)^-1 >= 0 and lambda-bar_j |x| bounds the sum of
// |paths| below a node. Without the certificate there is no bound and
// bound_exact stays 0 (keys use |lambda x|).
lca_status lca__spa_abs_bound(lca_calc *c, lca__spa_walk *w) {
    const lca_csc *T = lca_model_tech(w->M);
    int64_t n = w->n, r = w->r;
    size_t cols = (size_t)(r + 1);
    lca_solver *sv = NULL;
    double *Tbx = lca__malloc(w->ctx, (size_t)lca_csc_nnz(T), sizeof *Tbx);
    double *rhs = lca__malloc(w->ctx, (size_t)n * cols, sizeof *rhs);
    double *X = lca__malloc(w->ctx, (size_t)n * cols, sizeof *X);
    lca_status st = LCA_OK;
    if (Tbx == NULL || rhs == NULL || X == NULL) {
        st = lca__fail(w->ctx, LCA_ERR_NOMEM, "out of memory");
        goto done;
    }
    abs_system(w, T, Tbx);
    for (int64_t i = 0; i < r; i++) {
        for (int64_t j = 0; j < n; j++) {
            rhs[i * n + j] = fabs(w->Dp[i * n + j] * w->p[j]);
        }
    }
    for (int64_t j = 0; j < n; j++) rhs[r * n + j] = 1.0;
    st = lca_solver_create(w->ctx, lca_calc_analysis(c), &sv);
    if (st == LCA_OK) st = lca_solver_factor(sv, Tbx);
    if (st >= 0) st = lca_solver_solve(sv, LCA_TRANS, r + 1, rhs, n, X, n);
    if (st == LCA_ERR_NOMEM) goto done;
    if (st >= 0 && abs_usable(X, n, r)) {
        w->bnd = X;  // its first r columns are the r rows of lambda-bar
        X = NULL;
        w->sum.bound_exact = 1;
    }
    st = LCA_OK;
done:
    lca_solver_destroy(&sv);
    lca__free(w->ctx, Tbx);
    lca__free(w->ctx, rhs);
    lca__free(w->ctx, X);
    return st;
}

