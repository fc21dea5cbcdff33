// engine/solver_dense.c: the dense LU path (LAPACK dgetrf/dgetrs, OpenBLAS)
// SPDX-License-Identifier: MIT
//
// Input-output tables are often half dense; for those a dense LU with
// blocked BLAS-3 beats the sparse path until n is large (the crossover is
// measured in docs/SOLVER.md). The matrix is expanded to column-major,
// factorized with partial pivoting, and solved for all right-hand sides in
// one dgetrs call; the residual check and refinement then run per column
// on one thread, so OpenBLAS is never called from inside our threads.

#include <limits.h>
#include <string.h>

#include "ctx_impl.h"
#include "solver_impl.h"

// LAPACK's Fortran interface (LP64: 32-bit integers), as OpenBLAS exports
// it. The trailing size_t is the hidden length of character arguments.
void dgetrf_(const int *m, const int *n, double *a, const int *lda, int *ipiv,
             int *info);
void dgetrs_(const char *trans, const int *n, const int *nrhs, const double *a,
             const int *lda, const int *ipiv, double *b, const int *ldb,
             int *info, size_t trans_len);
void dgecon_(const char *norm, const int *n, const double *a, const int *lda,
             const double *anorm, double *rcond, double *work, int *iwork,
             int *info, size_t norm_len);

void lca__dense_free(lca_solver *s) {
    lca__free(s->ctx, s->lu);
    lca__free(s->ctx, s->ipiv);
    s->lu = NULL;
    s->ipiv = NULL;
}

static lca_status collect_dense_zero_pivots(lca_solver *s) {
    int64_t n = s->an->n;
    s->zero_piv = lca__malloc(s->ctx, (size_t)n, sizeof *s->zero_piv);
    if (s->zero_piv == NULL) {
        return lca__fail(s->ctx, LCA_ERR_NOMEM, "out of memory");
    }
    // Partial pivoting swaps rows only: U's column k is T's column k.
    s->finfo.nzero_pivots = 0;
    for (int64_t k = 0; k < n; k++) {
        if (s->lu[k * n + k] == 0.0) s->zero_piv[s->finfo.nzero_pivots++] = k;
    }
    return lca__fail(s->ctx, LCA_ERR_SINGULAR,
                     "the technosphere matrix is singular: %lld zero "
                     "pivot(s), first in column %lld",
                     (long long)s->finfo.nzero_pivots,
                     (long long)(s->finfo.nzero_pivots > 0 ? s->zero_piv[0]
                                                           : -1));
}

static lca_status estimate_rcond(lca_solver *s) {
    int n = (int)s->an->n, info = 0;
    double *work = lca__malloc(s->ctx, 4 * (size_t)n, sizeof *work);
    int *iwork = lca__malloc(s->ctx, (size_t)n, sizeof *iwork);
    lca_status st = LCA_OK;
    if (work == NULL || iwork == NULL) {
        st = lca__fail(s->ctx, LCA_ERR_NOMEM, "out of memory");
    } else {
        dgecon_("1", &n, s->lu, &n, &s->norm1, &s->finfo.rcond, work, iwork,
                &info, 1);
        if (info != 0) {
            st = lca__fail(s->ctx, LCA_ERR_SOLVER, "LAPACK dgecon failed "
                           "(info %d)", info);
        }
    }
    lca__free(s->ctx, work);
    lca__free(s->ctx, iwork);
    return st;
}

lca_status lca__dense_factor(lca_solver *s) {
    const lca_analysis *an = s->an;
    int64_t n = an->n;
    if (n > INT_MAX / 2) {
        return lca__fail(s->ctx, LCA_ERR_ARG, "n = %lld is too large for the "
                         "dense path", (long long)n);
    }
    s->lu = lca__calloc(s->ctx, (size_t)n * (size_t)n, sizeof *s->lu);
    s->ipiv = lca__malloc(s->ctx, (size_t)n, sizeof *s->ipiv);
    if (s->lu == NULL || s->ipiv == NULL) {
        lca__dense_free(s);
        return lca__fail(s->ctx, LCA_ERR_NOMEM, "out of memory for a dense "
                         "%lld x %lld matrix", (long long)n, (long long)n);
    }
    for (int64_t j = 0; j < n; j++) {
        for (int64_t p = an->Ap[j]; p < an->Ap[j + 1]; p++) {
            s->lu[j * n + an->Ai[p]] = s->Tx[p];
        }
    }
    int ni = (int)n, info = 0;
    dgetrf_(&ni, &ni, s->lu, &ni, s->ipiv, &info);
    s->finfo.nnz_lu = n * n;
    s->finfo.flops = 2.0 * (double)n * (double)n * (double)n / 3.0;
    if (info < 0) {
        return lca__fail(s->ctx, LCA_ERR_SOLVER, "LAPACK dgetrf failed (info "
                         "%d)", info);
    }
    if (info > 0) return collect_dense_zero_pivots(s);
    return estimate_rcond(s);
}

static void dense_solve1(lca_solver *s, lca_trans trans, lca__solve_ws *ws,
                         const double *b, double *x) {
    (void)ws;
    int n = (int)s->an->n, one = 1, info = 0;
    memcpy(x, b, (size_t)n * sizeof *x);
    dgetrs_(trans == LCA_NOTRANS ? "N" : "T", &n, &one, s->lu, &n, s->ipiv, x,
            &n, &info, 1);
}

lca_status lca__dense_solve(lca_solver *s, lca_trans trans, int64_t nrhs,
                            const double *B, int64_t ldb, double *X,
                            int64_t ldx) {
    int64_t n = s->an->n;
    if (nrhs > INT_MAX || ldx > INT_MAX) {
        return lca__fail(s->ctx, LCA_ERR_ARG, "too many right-hand sides for "
                         "the dense path");
    }
    for (int64_t j = 0; j < nrhs; j++) {
        memcpy(X + j * ldx, B + j * ldb, (size_t)n * sizeof *X);
    }
    int ni = (int)n, nr = (int)nrhs, ld = (int)ldx, info = 0;
    if (nr > 0) {
        dgetrs_(trans == LCA_NOTRANS ? "N" : "T", &ni, &nr, s->lu, &ni,
                s->ipiv, X, &ld, &info, 1);
    }
    if (info != 0) {
        return lca__fail(s->ctx, LCA_ERR_SOLVER, "LAPACK dgetrs failed (info "
                         "%d)", info);
    }
    return lca__solve_columns(s, trans, nrhs, B, ldb, X, ldx, 0, 1,
                              dense_solve1);
}
