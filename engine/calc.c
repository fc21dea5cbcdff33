// engine/calc.c: batch LCA and upstream factors from one factorization
// SPDX-License-Identifier: MIT
//
// Factors for every product come from transposed solves: row i of
// N = D T^-1 is lambda_i with T' lambda_i = D(i,:)'. That is k solves
// whatever n is, against n forward solves (one per product) or a dense
// inverse. When only scores of many demands are wanted, h_j = N f_j reuses
// those k solves instead of d forward ones.

#include <string.h>

#include "csc_impl.h"
#include "ctx_impl.h"
#include "diagnose_impl.h"
#include "lca/calc.h"
#include "model_impl.h"
#include "solver_impl.h"
#include "verdict_impl.h"

struct lca_calc {
    lca_ctx *ctx;
    const lca_model *M;
    lca_analysis *an;
    lca_solver *solver;
    lca_csc *D;   // C B, k x n
    lca_csc *Dt;  // D', n x k: column i is row i of D
    lca_csc *Bt;  // B', n x m
};

void lca_calc_destroy(lca_calc **cp) {
    if (cp == NULL || *cp == NULL) return;
    lca_calc *c = *cp;
    lca_solver_destroy(&c->solver);
    lca_analysis_destroy(&c->an);
    lca_csc_destroy(&c->D);
    lca_csc_destroy(&c->Dt);
    lca_csc_destroy(&c->Bt);
    lca__free(c->ctx, c);
    *cp = NULL;
}

// The verdict of engine/verdict.c on solutions X (nx values) just computed
// (s: NULL right after the factorization), as a status: a refused result
// is a numerical failure naming the product with the smallest pivot.
static lca_status judge(const lca_calc *c, const lca_solve_info *s,
                        const double *X, int64_t nx, lca_status st) {
    if (st < 0) return st;
    lca_factor_info f = lca_solver_factor_info(c->solver);
    lca_mc_fail v = lca__verdict(&f, s, X, nx);
    if (v == LCA_MC_FAIL_NONE) return st;
    char ev[160];
    lca__verdict_evidence(&f, s, ev, sizeof ev);
    if (v == LCA_MC_FAIL_ILLCOND) {
        return lca__diagnose_illcond(
            c->M, lca__solver_smallest_pivot(c->solver), ev);
    }
    return lca__fail(c->ctx, LCA_ERR_SOLVER, "refusing the result: %s (%s; "
                     "docs/SOLVER.md)", lca_mc_fail_str(v), ev);
}

// Analysis + numeric factorization; singular systems get a named message.
static lca_status factorize(lca_calc *c, const lca_solver_options *opt) {
    const lca_csc *T = lca_model_tech(c->M);
    lca_status st = lca_analysis_create(c->ctx, T, opt, &c->an);
    if (st == LCA_ERR_SINGULAR) return lca__diagnose_singular(c->M, NULL, 0);
    if (st != LCA_OK) return st;
    st = lca_solver_create(c->ctx, c->an, &c->solver);
    if (st != LCA_OK) return st;
    st = lca_solver_factor(c->solver, T->Ax);
    if (st == LCA_ERR_SINGULAR) {
        int64_t nz;
        const int64_t *zp = lca_solver_zero_pivots(c->solver, &nz);
        return lca__diagnose_singular(c->M, zp, nz);
    }
    return judge(c, NULL, NULL, 0, st);
}

// What the last solve found, judged: X holds nx values.
static lca_status judge_solve(const lca_calc *c, const double *X, int64_t nx,
                              lca_status st) {
    if (st < 0) return st;
    lca_solve_info s = lca_solver_solve_info(c->solver);
    return judge(c, &s, X, nx, st);
}

lca_status lca_calc_create(const lca_model *M, const lca_solver_options *opt,
                           lca_calc **out) {
    lca_ctx *ctx = lca_model_ctx(M);
    *out = NULL;
    lca_calc *c = lca__calloc(ctx, 1, sizeof *c);
    if (c == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    c->ctx = ctx;
    c->M = M;
    lca_status st = lca_csc_multiply(lca_model_C(M), lca_model_B(M), &c->D);
    if (st == LCA_OK) st = lca_csc_transpose(c->D, &c->Dt);
    if (st == LCA_OK) st = lca_csc_transpose(lca_model_B(M), &c->Bt);
    lca_status fst = LCA_OK;
    if (st == LCA_OK) fst = factorize(c, opt);
    if (st != LCA_OK || fst < 0) {
        lca_calc_destroy(&c);
        return st != LCA_OK ? st : fst;
    }
    *out = c;
    return fst;  // LCA_OK or a warning
}

const lca_model *lca_calc_model(const lca_calc *c) { return c->M; }
const lca_solver *lca_calc_solver(const lca_calc *c) { return c->solver; }
const lca_csc *lca_calc_D(const lca_calc *c) { return c->D; }
const lca_analysis *lca_calc_analysis(const lca_calc *c) { return c->an; }

lca_status lca_calc_supply(lca_calc *c, int64_t d, const double *F,
                           double *S) {
    int64_t n = lca_model_dim(c->M, LCA_PRODUCTS);
    lca_status st = lca_solver_solve(c->solver, LCA_NOTRANS, d, F, n, S, n);
    return judge_solve(c, S, n * d, st);
}

lca_status lca_calc_adjoint(lca_calc *c, int64_t r, const double *W,
                            double *X) {
    int64_t n = lca_model_dim(c->M, LCA_PRODUCTS);
    return lca_solver_solve(c->solver, LCA_TRANS, r, W, n, X, n);
}

// X (n x r, column-major) = T'^-1 R(:, sel) for columns sel of R (n x *).
static lca_status transposed_solves(lca_calc *c, const lca_csc *R,
                                    int64_t r, const int64_t *sel,
                                    const char *what, double *X) {
    int64_t n = lca_model_dim(c->M, LCA_PRODUCTS);
    for (int64_t i = 0; i < r; i++) {
        int64_t col = sel != NULL ? sel[i] : i;
        if (col < 0 || col >= R->n) {
            return lca__fail(c->ctx, LCA_ERR_ARG, "%s %lld is outside 0..%lld",
                             what, (long long)col, (long long)R->n - 1);
        }
    }
    double *rhs = lca__malloc(c->ctx, (size_t)n * (size_t)r, sizeof *rhs);
    if (rhs == NULL) return lca__fail(c->ctx, LCA_ERR_NOMEM, "out of memory");
    for (int64_t i = 0; i < r; i++) {
        lca_csc_column_dense(R, sel != NULL ? sel[i] : i, rhs + i * n);
    }
    lca_status st = lca_solver_solve(c->solver, LCA_TRANS, r, rhs, n, X, n);
    lca__free(c->ctx, rhs);
    return judge_solve(c, X, n * r, st);
}

lca_status lca_calc_factors(lca_calc *c, int64_t r, const int64_t *ind,
                            double *N, double *Dr) {
    int64_t n = lca_model_dim(c->M, LCA_PRODUCTS);
    lca_status st = transposed_solves(c, c->Dt, r, ind, "indicator", N);
    if (st < 0 || Dr == NULL) return st;
    for (int64_t i = 0; i < r; i++) {
        lca_csc_column_dense(c->Dt, ind != NULL ? ind[i] : i, Dr + i * n);
    }
    return st;
}

lca_status lca_calc_flow_factors(lca_calc *c, int64_t r, const int64_t *fl,
                                 double *Mf) {
    return transposed_solves(c, c->Bt, r, fl, "flow", Mf);
}

// H(:, j) = N f_j for the model's demands: k transposed solves in all.
static lca_status scores_by_factors(lca_calc *c, int64_t d, const int64_t *idx,
                                    double *H) {
    int64_t n = lca_model_dim(c->M, LCA_PRODUCTS);
    int64_t k = lca_model_dim(c->M, LCA_INDICATORS);
    const lca_csc *F = lca_model_demands(c->M);
    double *N = lca__malloc(c->ctx, (size_t)k * (size_t)n, sizeof *N);
    if (N == NULL) return lca__fail(c->ctx, LCA_ERR_NOMEM, "out of memory");
    lca_status st = lca_calc_factors(c, k, NULL, N, NULL);
    if (st >= 0) {
        for (int64_t j = 0; j < d; j++) {
            for (int64_t i = 0; i < k; i++) {
                double h = 0.0;
                for (int64_t p = F->Ap[idx[j]]; p < F->Ap[idx[j] + 1]; p++) {
                    h += N[i * n + F->Ai[p]] * F->Ax[p];
                }
                H[j * k + i] = h;
            }
        }
    }
    lca__free(c->ctx, N);
    return st;
}

// S = T \ F(:, idx), then G = B S and H = C G (or H = D S without G).
static lca_status scores_by_supply(lca_calc *c, int64_t d, const int64_t *idx,
                                   double *S, double *G, double *H) {
    const lca_model *M = c->M;
    int64_t n = lca_model_dim(M, LCA_PRODUCTS);
    int64_t m = lca_model_dim(M, LCA_FLOWS);
    int64_t k = lca_model_dim(M, LCA_INDICATORS);
    double *F = lca__malloc(c->ctx, (size_t)n * (size_t)d, sizeof *F);
    double *Sw = S != NULL ? S : lca__malloc(c->ctx, (size_t)n * (size_t)d,
                                             sizeof *Sw);
    lca_status st = LCA_OK;
    if (F == NULL || Sw == NULL) {
        st = lca__fail(c->ctx, LCA_ERR_NOMEM, "out of memory");
        goto done;
    }
    for (int64_t j = 0; j < d; j++) lca_model_demand_dense(M, idx[j], F + j * n);
    st = lca_calc_supply(c, d, F, Sw);
    if (st < 0) goto done;
    for (int64_t j = 0; j < d; j++) {
        if (G != NULL) {
            lca_csc_gemv(1.0, lca_model_B(M), Sw + j * n, 0.0, G + j * m);
            lca_csc_gemv(1.0, lca_model_C(M), G + j * m, 0.0, H + j * k);
        } else {
            lca_csc_gemv(1.0, c->D, Sw + j * n, 0.0, H + j * k);
        }
    }
done:
    lca__free(c->ctx, F);
    if (Sw != S) lca__free(c->ctx, Sw);
    return st;
}

lca_status lca_calc_demands(lca_calc *c, int64_t d, const int64_t *idx,
                            double *S, double *G, double *H) {
    int64_t nd = lca_model_dim(c->M, LCA_DEMANDS);
    for (int64_t j = 0; j < d; j++) {
        if (idx[j] < 0 || idx[j] >= nd) {
            return lca__fail(c->ctx, LCA_ERR_ARG,
                             "demand %lld is outside 0..%lld",
                             (long long)idx[j], (long long)nd - 1);
        }
    }
    int64_t k = lca_model_dim(c->M, LCA_INDICATORS);
    if (S == NULL && G == NULL && d > k) {
        return scores_by_factors(c, d, idx, H);
    }
    return scores_by_supply(c, d, idx, S, G, H);
}
