// engine/solve.c: solves with a factorized lca_solver, checked by residual
// SPDX-License-Identifier: MIT
//
// Every right-hand side is solved, then its backward error is measured and,
// when above the tolerance, refined. Columns are independent items of
// lca__parallel_for, each with its thread's workspace, so the result of a
// column never depends on the thread count.

#include <math.h>
#include <string.h>

#include "csc_impl.h"
#include "ctx_impl.h"
#include "kernels/kernels.h"
#include "solver_impl.h"

static double norm_inf(int64_t n, const double *x) {
    double v = 0.0;
    for (int64_t i = 0; i < n; i++) {
        if (fabs(x[i]) > v) v = fabs(x[i]);
    }
    return v;
}

// r = b - op(T) x; returns the backward error |r| / (|T||x| + |b|).
static double residual(const lca_solver *s, lca_trans trans, const double *b,
                       const double *x, double *r) {
    const lca_analysis *an = s->an;
    int64_t n = an->n;
    memcpy(r, b, (size_t)n * sizeof *r);
    if (trans == LCA_NOTRANS) {
        lca__csc_gemv_kernel(n, n, an->Ap, an->Ai, s->Tx, -1.0, x, 1.0, r);
    } else {
        lca__csc_gemv_t_kernel(n, an->Ap, an->Ai, s->Tx, -1.0, x, 1.0, r);
    }
    double tnorm = (trans == LCA_NOTRANS) ? s->norminf : s->norm1;
    double denom = tnorm * norm_inf(n, x) + norm_inf(n, b);
    double rn = norm_inf(n, r);
    if (denom == 0.0) return rn == 0.0 ? 0.0 : INFINITY;
    return rn / denom;
}

// |op(T)||x| / |b| (0 when b = 0): since |x| <= |T^-1||b|, a lower bound
// on cond(T) that the solve gives for two norms (docs/SOLVER.md).
static double growth(const lca_solver *s, lca_trans trans, const double *b,
                     const double *x) {
    int64_t n = s->an->n;
    double tnorm = (trans == LCA_NOTRANS) ? s->norminf : s->norm1;
    double bn = norm_inf(n, b);
    return bn > 0.0 ? tnorm * norm_inf(n, x) / bn : 0.0;
}

void lca__refine_column(lca_solver *s, lca_trans trans, lca__solve_ws *ws,
                        const double *b, double *x, lca__solve1_fn solve1) {
    int64_t n = s->an->n;
    double berr = residual(s, trans, b, x, ws->r);
    for (int step = 0; step < s->an->opt.max_refine; step++) {
        if (!(berr > s->an->opt.refine_tol)) break;
        solve1(s, trans, ws, ws->r, ws->d);  // d = op(T) \ r
        for (int64_t i = 0; i < n; i++) x[i] += ws->d[i];
        ws->steps++;
        double next = residual(s, trans, b, x, ws->r);
        if (!(next < berr)) {  // no progress: undo and stop
            for (int64_t i = 0; i < n; i++) x[i] -= ws->d[i];
            break;
        }
        berr = next;
    }
    if (!(berr <= ws->berr)) ws->berr = berr;  // also catches NaN
    double g = growth(s, trans, b, x);
    if (!(g <= ws->growth)) ws->growth = g;
}

static void sparse_solve1(lca_solver *s, lca_trans trans, lca__solve_ws *ws,
                          const double *b, double *x) {
    const lca_analysis *an = s->an;
    double info[UMFPACK_INFO];
    int64_t sys = (trans == LCA_NOTRANS) ? UMFPACK_A : UMFPACK_At;
    umfpack_dl_wsolve(sys, (const SuiteSparse_long *)an->Ap,
                      (const SuiteSparse_long *)an->Ai, s->Tx, x, b,
                      s->numeric, an->control, info,
                      (SuiteSparse_long *)ws->Wi, ws->W);
}

typedef struct solve_job {
    lca_solver *s;
    lca_trans trans;
    const double *B;
    int64_t ldb;
    double *X;
    int64_t ldx;
    int solve_first;  // 1: solve then refine; 0: X holds solutions already
    lca__solve1_fn solve1;
} solve_job;

static int solve_item(void *arg, int64_t j, int tid) {
    solve_job *job = arg;
    lca__solve_ws *ws = &job->s->ws[tid];
    const double *b = job->B + j * job->ldb;
    double *x = job->X + j * job->ldx;
    if (job->solve_first) job->solve1(job->s, job->trans, ws, b, x);
    lca__refine_column(job->s, job->trans, ws, b, x, job->solve1);
    return 0;
}

lca_status lca__solve_columns(lca_solver *s, lca_trans trans, int64_t nrhs,
                              const double *B, int64_t ldb, double *X,
                              int64_t ldx, int solve_first, int nt,
                              lca__solve1_fn solve1) {
    lca_status st = lca__solver_workspaces(s, nt);
    if (st != LCA_OK) return st;
    for (int t = 0; t < nt; t++) {
        s->ws[t].berr = 0.0;
        s->ws[t].growth = 0.0;
        s->ws[t].steps = 0;
    }
    solve_job job = {s, trans, B, ldb, X, ldx, solve_first, solve1};
    lca__parallel_for(nt, nrhs, solve_item, &job);
    s->sinfo.backward_error = 0.0;
    s->sinfo.growth = 0.0;
    s->sinfo.refine_steps = 0;
    s->sinfo.nrhs = nrhs;
    for (int t = 0; t < nt; t++) {
        if (!(s->ws[t].berr <= s->sinfo.backward_error)) {
            s->sinfo.backward_error = s->ws[t].berr;
        }
        if (!(s->ws[t].growth <= s->sinfo.growth)) {
            s->sinfo.growth = s->ws[t].growth;
        }
        s->sinfo.refine_steps += s->ws[t].steps;
    }
    return LCA_OK;
}

lca_status lca_solver_solve(lca_solver *s, lca_trans trans, int64_t nrhs,
                            const double *B, int64_t ldb, double *X,
                            int64_t ldx) {
    int64_t n = s->an->n;
    if (!s->factored) {
        return lca__fail(s->ctx, LCA_ERR_ARG,
                         "solve called without a successful factorization");
    }
    if (nrhs < 0 || ldb < n || ldx < n) {
        return lca__fail(s->ctx, LCA_ERR_ARG,
                         "bad right-hand sides: nrhs %lld, ldb %lld, ldx "
                         "%lld, n %lld",
                         (long long)nrhs, (long long)ldb, (long long)ldx,
                         (long long)n);
    }
    lca_status st;
    if (s->an->kind == LCA_SOLVER_DENSE) {
        st = lca__dense_solve(s, trans, nrhs, B, ldb, X, ldx);
    } else if (s->an->kind == LCA_SOLVER_ITERATIVE) {
        st = lca__iter_solve(s, trans, nrhs, B, ldb, X, ldx);
    } else {
        int nt = lca__nthreads(s->ctx, nrhs);
        st = lca__solve_columns(s, trans, nrhs, B, ldb, X, ldx, 1, nt,
                                sparse_solve1);
    }
    if (st != LCA_OK) return st;
    if (!(s->sinfo.backward_error <= s->an->opt.refine_tol)) {
        lca__fail(s->ctx, LCA_WARN_ILLCOND,
                  "backward error %.3g after %lld refinement step(s) is "
                  "above the tolerance %.3g",
                  s->sinfo.backward_error, (long long)s->sinfo.refine_steps,
                  s->an->opt.refine_tol);
        return LCA_WARN_ILLCOND;
    }
    return LCA_OK;
}

lca_factor_info lca_solver_factor_info(const lca_solver *s) {
    return s->finfo;
}

lca_solve_info lca_solver_solve_info(const lca_solver *s) { return s->sinfo; }

const int64_t *lca_solver_zero_pivots(const lca_solver *s, int64_t *count) {
    *count = s->finfo.nzero_pivots;
    return s->zero_piv;
}
