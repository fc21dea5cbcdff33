// engine/solver.c: numeric factorization and solves (lca_solver)
// SPDX-License-Identifier: MIT
//
// The sparse path calls umfpack_dl_numeric with the shared Symbolic and
// solves with umfpack_dl_wsolve, which allocates nothing, on caller-owned
// workspace: one workspace per thread, so right-hand sides are solved in
// parallel on one Numeric object (which umfpack_*_wsolve does not modify).
// UMFPACK's own iterative refinement is off: on an ecoinvent-sized system
// it triples the cost of a solve, and the backward error check here costs
// one sparse product per right-hand side instead.

#include <math.h>
#include <string.h>

#include "csc_impl.h"
#include "ctx_impl.h"
#include "kernels/kernels.h"
#include "reflu_impl.h"
#include "solver_impl.h"

lca_status lca_solver_create(lca_ctx *ctx, const lca_analysis *an,
                             lca_solver **out) {
    *out = NULL;
    lca_solver *s = lca__calloc(ctx, 1, sizeof *s);
    if (s == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    s->ctx = ctx;
    s->an = an;
    s->Tx = lca__malloc(ctx, (size_t)an->nnz, sizeof *s->Tx);
    if (s->Tx == NULL) {
        lca_solver_destroy(&s);
        return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    }
    s->finfo.kind = an->kind;
    *out = s;
    return LCA_OK;
}

static void free_workspaces(lca_solver *s) {
    for (int t = 0; t < s->nws; t++) {
        lca__free(s->ctx, s->ws[t].Wi);
        lca__free(s->ctx, s->ws[t].W);
        lca__free(s->ctx, s->ws[t].r);
        lca__free(s->ctx, s->ws[t].d);
    }
    lca__free(s->ctx, s->ws);
    s->ws = NULL;
    s->nws = 0;
}

static void free_factors(lca_solver *s) {
    if (s->numeric != NULL) umfpack_dl_free_numeric(&s->numeric);
    lca__reflu_destroy(&s->ref);
    lca__dense_free(s);
    lca__free(s->ctx, s->zero_piv);
    s->zero_piv = NULL;
    s->finfo.nzero_pivots = 0;
    s->factored = 0;
}

void lca_solver_destroy(lca_solver **sp) {
    if (sp == NULL || *sp == NULL) return;
    lca_solver *s = *sp;
    free_factors(s);
    free_workspaces(s);
    lca__iter_free(s);
    lca__free(s->ctx, s->Tx);
    lca__free(s->ctx, s);
    *sp = NULL;
}

// Make sure there are nt workspaces.
lca_status lca__solver_workspaces(lca_solver *s, int nt) {
    if (s->nws >= nt) return LCA_OK;
    free_workspaces(s);
    size_t n = (size_t)s->an->n;
    s->ws = lca__calloc(s->ctx, (size_t)nt, sizeof *s->ws);
    if (s->ws == NULL) return lca__fail(s->ctx, LCA_ERR_NOMEM, "out of memory");
    s->nws = nt;
    for (int t = 0; t < nt; t++) {
        lca__solve_ws *w = &s->ws[t];
        w->Wi = lca__malloc(s->ctx, n, sizeof *w->Wi);
        w->W = lca__malloc(s->ctx, 5 * n, sizeof *w->W);
        w->r = lca__malloc(s->ctx, n, sizeof *w->r);
        w->d = lca__malloc(s->ctx, n, sizeof *w->d);
        if (w->Wi == NULL || w->W == NULL || w->r == NULL || w->d == NULL) {
            free_workspaces(s);
            return lca__fail(s->ctx, LCA_ERR_NOMEM, "out of memory");
        }
    }
    return LCA_OK;
}

// Norms of T for the backward error: |T|_1 (max column sum), |T|_inf.
static void compute_norms(lca_solver *s, double *rowsum) {
    const lca_analysis *an = s->an;
    memset(rowsum, 0, (size_t)an->n * sizeof *rowsum);
    s->norm1 = 0.0;
    for (int64_t j = 0; j < an->n; j++) {
        double colsum = 0.0;
        for (int64_t p = an->Ap[j]; p < an->Ap[j + 1]; p++) {
            colsum += fabs(s->Tx[p]);
            rowsum[an->Ai[p]] += fabs(s->Tx[p]);
        }
        if (colsum > s->norm1) s->norm1 = colsum;
    }
    s->norminf = 0.0;
    for (int64_t i = 0; i < an->n; i++) {
        if (rowsum[i] > s->norminf) s->norminf = rowsum[i];
    }
}

static lca_status check_values(lca_solver *s) {
    const lca_analysis *an = s->an;
    for (int64_t j = 0; j < an->n; j++) {
        for (int64_t p = an->Ap[j]; p < an->Ap[j + 1]; p++) {
            if (!isfinite(s->Tx[p])) {
                return lca__fail(s->ctx, LCA_ERR_INVALID,
                                 "technosphere value at row %lld, column %lld "
                                 "is %g",
                                 (long long)an->Ai[p], (long long)j, s->Tx[p]);
            }
        }
    }
    return LCA_OK;
}

// After a singular numeric factorization: the columns with a zero pivot.
static lca_status collect_sparse_zero_pivots(lca_solver *s) {
    int64_t n = s->an->n;
    double *Dx = lca__malloc(s->ctx, (size_t)n, sizeof *Dx);
    int64_t *Q = lca__malloc(s->ctx, (size_t)n, sizeof *Q);
    s->zero_piv = lca__malloc(s->ctx, (size_t)n, sizeof *s->zero_piv);
    lca_status st = LCA_OK;
    if (Dx == NULL || Q == NULL || s->zero_piv == NULL) {
        st = lca__fail(s->ctx, LCA_ERR_NOMEM, "out of memory");
        goto done;
    }
    int64_t status = umfpack_dl_get_numeric(
        NULL, NULL, NULL, NULL, NULL, NULL, NULL, (SuiteSparse_long *)Q, Dx,
        NULL, NULL, s->numeric);
    if (status != UMFPACK_OK) {
        st = lca__fail(s->ctx, LCA_ERR_SOLVER,
                       "UMFPACK could not report its pivots (status %lld)",
                       (long long)status);
        goto done;
    }
    s->finfo.nzero_pivots = 0;
    for (int64_t k = 0; k < n; k++) {
        if (Dx[k] == 0.0) s->zero_piv[s->finfo.nzero_pivots++] = Q[k];
    }
done:
    lca__free(s->ctx, Dx);
    lca__free(s->ctx, Q);
    return st;
}

static lca_status sparse_factor(lca_solver *s) {
    const lca_analysis *an = s->an;
    double info[UMFPACK_INFO];
    int64_t status = umfpack_dl_numeric(
        (const SuiteSparse_long *)an->Ap, (const SuiteSparse_long *)an->Ai,
        s->Tx, an->symbolic, &s->numeric, an->control, info);
    if (status == UMFPACK_ERROR_out_of_memory) {
        return lca__fail(s->ctx, LCA_ERR_NOMEM,
                         "out of memory in the numeric factorization");
    }
    if (status != UMFPACK_OK && status != UMFPACK_WARNING_singular_matrix) {
        return lca__fail(s->ctx, LCA_ERR_SOLVER,
                         "UMFPACK numeric factorization failed (status %lld)",
                         (long long)status);
    }
    s->finfo.rcond = info[UMFPACK_RCOND];
    s->finfo.nnz_lu = (int64_t)(info[UMFPACK_LNZ] + info[UMFPACK_UNZ]);
    s->finfo.flops = info[UMFPACK_FLOPS];
    if (status == UMFPACK_WARNING_singular_matrix) {
        lca_status st = collect_sparse_zero_pivots(s);
        if (st != LCA_OK) return st;
        return lca__fail(s->ctx, LCA_ERR_SINGULAR,
                         "the technosphere matrix is singular: %lld zero "
                         "pivot(s), first in column %lld",
                         (long long)s->finfo.nzero_pivots,
                         (long long)(s->finfo.nzero_pivots > 0
                                         ? s->zero_piv[0]
                                         : -1));
    }
    return LCA_OK;
}

lca_status lca_solver_factor(lca_solver *s, const double *Tx) {
    free_factors(s);
    memcpy(s->Tx, Tx, (size_t)s->an->nnz * sizeof *Tx);
    lca_status st = check_values(s);
    if (st != LCA_OK) return st;
    double *rowsum = lca__malloc(s->ctx, (size_t)s->an->n, sizeof *rowsum);
    if (rowsum == NULL) return lca__fail(s->ctx, LCA_ERR_NOMEM, "out of memory");
    compute_norms(s, rowsum);
    lca__free(s->ctx, rowsum);
    st = s->an->kind == LCA_SOLVER_DENSE       ? lca__dense_factor(s)
         : s->an->kind == LCA_SOLVER_ITERATIVE ? lca__iter_factor(s)
                                               : sparse_factor(s);
    if (st != LCA_OK) return st;
    s->factored = 1;
    if (!(s->finfo.rcond >= s->an->opt.rcond_warn)) {
        lca__fail(s->ctx, LCA_WARN_ILLCOND,
                  "the technosphere matrix is ill-conditioned (rcond "
                  "estimate %.3g)",
                  s->finfo.rcond);
        return LCA_WARN_ILLCOND;
    }
    return LCA_OK;
}

// Dense: partial pivoting permutes rows only, so U's column k is T's.
// Sparse: the diagonal of U and the column permutation Q from UMFPACK.
int64_t lca__solver_smallest_pivot(const lca_solver *s) {
    int64_t n = s->an->n, best = -1;
    double small = INFINITY;
    if (!s->factored) return -1;
    if (s->an->kind == LCA_SOLVER_ITERATIVE) {  // the preconditioner's
        for (int64_t k = 0; s->ref != NULL && k < n; k++) {
            double u = 1.0 / fabs(s->ref->udinv[k]);
            if (u < small) {
                small = u;
                best = s->ref->Q[k];
            }
        }
        return best;
    }
    if (s->an->kind == LCA_SOLVER_DENSE) {
        for (int64_t k = 0; k < n; k++) {
            double u = fabs(s->lu[k * n + k]);
            if (u < small) {
                small = u;
                best = k;
            }
        }
        return best;
    }
    double *Dx = lca__malloc(s->ctx, (size_t)n, sizeof *Dx);
    int64_t *Q = lca__malloc(s->ctx, (size_t)n, sizeof *Q);
    if (Dx != NULL && Q != NULL &&
        umfpack_dl_get_numeric(NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                               (SuiteSparse_long *)Q, Dx, NULL, NULL,
                               s->numeric) == UMFPACK_OK) {
        for (int64_t k = 0; k < n; k++) {
            if (fabs(Dx[k]) < small) {
                small = fabs(Dx[k]);
                best = Q[k];
            }
        }
    }
    lca__free(s->ctx, Dx);
    lca__free(s->ctx, Q);
    return best;
}
