// tests/test_krylov.c: the reference LU (engine/reflu.c), the blocked
// triangular solves (kernels/lu_kernels.c) and the batched Krylov methods
// (engine/krylov*.c)
// SPDX-License-Identifier: MIT
//
// Checked against a second method: the backward error of every solution
// is recomputed here from the dense matrix, and solutions are compared with
// the direct sparse solver's. Tolerances come from the residual bound:
// two solutions with normwise backward errors <= 1e-14 of a system with
// condition number kappa differ by at most about 2 kappa 2e-14 relative;
// the test matrices are diagonally dominant (kappa < 100), so 1e-11.

#include <math.h>
#include <stdlib.h>

#include "engine/krylov_impl.h"
#include "engine/reflu_impl.h"
#include "kernels/kernels.h"
#include "test_util.h"

enum { N = 60 };

static double unit(uint64_t *s) {  // splitmix64 in [0, 1)
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return (double)((z ^ (z >> 31)) >> 11) * 0x1.0p-53;
}

// Dense row-major T: 1.5 on the diagonal, about 6 inputs per column of
// -(0..0.2) (column sums of |inputs| < 1.2: diagonally dominant), then
// every input scaled by exp(sigma z) (the reference: sigma = 0).
static void make_dense(uint64_t seed, double sigma, double *X) {
    uint64_t s = 12345, t = seed;
    memset(X, 0, sizeof(double) * N * N);
    for (int j = 0; j < N; j++) {
        X[j * N + j] = 1.5;
        for (int q = 0; q < 6; q++) {
            int i = (int)(unit(&s) * N);
            double v = -0.2 * unit(&s);
            if (i == j) continue;
            double z = sqrt(-2.0 * log(1.0 - unit(&t))) *
                       cos(6.283185307179586 * unit(&t));
            X[i * N + j] = v * exp(sigma * z);
        }
    }
}

// Backward error of x for op(T) x = b, from the dense T.
static double berr_dense(const double *X, lca_trans trans, const double *b,
                         const double *x) {
    double rmax = 0, xmax = 0, bmax = 0, tnorm = 0;
    for (int i = 0; i < N; i++) {
        double r = b[i], rowsum = 0;
        for (int k = 0; k < N; k++) {
            double a = trans == LCA_TRANS ? X[k * N + i] : X[i * N + k];
            r -= a * x[k];
            rowsum += fabs(a);
        }
        rmax = fmax(rmax, fabs(r));
        xmax = fmax(xmax, fabs(x[i]));
        bmax = fmax(bmax, fabs(b[i]));
        tnorm = fmax(tnorm, rowsum);
    }
    return rmax / (tnorm * xmax + bmax);
}

static void direct_solve(lca_ctx *ctx, const lca_csc *T, lca_trans trans,
                         const double *b, double *x) {
    lca_solver_options o;
    lca_solver_options_default(&o);
    o.kind = LCA_SOLVER_SPARSE;
    lca_analysis *an = NULL;
    lca_solver *s = NULL;
    assert_int_equal(lca_analysis_create(ctx, T, &o, &an), LCA_OK);
    assert_int_equal(lca_solver_create(ctx, an, &s), LCA_OK);
    assert_int_equal(lca_solver_factor(s, lca_csc_values(T)), LCA_OK);
    assert_int_equal(lca_solver_solve(s, trans, 1, b, N, x, N), LCA_OK);
    lca_solver_destroy(&s);
    lca_analysis_destroy(&an);
}

// The reference LU of T = make_dense(seed, 0): X gets the dense matrix,
// *T its CSC (the caller destroys both).
static lca__reflu *reference(lca_ctx *ctx, uint64_t seed, double *X,
                             lca_csc **T) {
    make_dense(seed, 0.0, X);
    *T = csc_from_dense(ctx, N, N, X);
    lca__reflu *lu = NULL;
    assert_int_equal(lca__reflu_create(ctx, *T, &lu), LCA_OK);
    return lu;
}

static void test_reflu_solves_both_ways(void **state) {
    lca_ctx *ctx = *state;
    double X[N * N], b[N], x[N], work[N];
    lca_csc *T = NULL;
    lca__reflu *lu = reference(ctx, 1, X, &T);
    assert_true(lu->nnz_lu >= lca_csc_nnz(T));
    for (int i = 0; i < N; i++) b[i] = 1.0 + i % 5;
    for (int t = 0; t < 2; t++) {
        lca_trans trans = t ? LCA_TRANS : LCA_NOTRANS;
        const double *in[1] = {b};
        double *out[1] = {x};
        lca__reflu_apply(lu, trans, 1, in, out, work);
        assert_true(berr_dense(X, trans, b, x) <= 1e-14);  // about 5 u here
    }
    lca__reflu_destroy(&lu);
    lca_csc_destroy(&T);
}

// Every width gives each vector the bits of the one-vector solve.
static void test_lu_kernel_width_does_not_change_bits(void **state) {
    lca_ctx *ctx = *state;
    double X[N * N];
    lca_csc *T = NULL;
    lca__reflu *lu = reference(ctx, 2, X, &T);
    enum { W = 17 };
    double *V = malloc(sizeof(double) * N * W), *Y1 = malloc(sizeof *Y1 * N * W);
    double *Yw = malloc(sizeof *Yw * N * W), *work = malloc(sizeof *work * N * W);
    for (int i = 0; i < N * W; i++) V[i] = sin(0.37 * i) + 0.1;
    for (int t = 0; t < 2; t++) {
        lca_trans trans = t ? LCA_TRANS : LCA_NOTRANS;
        for (int v = 0; v < W; v++) {
            const double *in[1] = {V + v * N};
            double *out[1] = {Y1 + v * N};
            lca__reflu_apply(lu, trans, 1, in, out, work);
        }
        for (int w = 2; w <= W; w++) {
            const double *in[W];
            double *out[W];
            for (int v = 0; v < w; v++) {
                in[v] = V + v * N;
                out[v] = Yw + v * N;
            }
            lca__reflu_apply(lu, trans, w, in, out, work);
            assert_memory_equal(Yw, Y1, sizeof(double) * N * (size_t)w);
        }
    }
    free(V);
    free(Y1);
    free(Yw);
    free(work);
    lca__reflu_destroy(&lu);
    lca_csc_destroy(&T);
}

typedef struct systems {
    lca_csc *T[8];
    double X[8][N * N], b[8][N], x[8][N], tn[8];
    lca__krylov_sys sys[8];
} systems;

// Eight perturbed systems (sigma) of the reference T0 = make_dense(0).
static void make_systems(lca_ctx *ctx, double sigma, lca_trans trans,
                         systems *S) {
    for (int k = 0; k < 8; k++) {
        make_dense(100 + (uint64_t)k, sigma, S->X[k]);
        S->T[k] = csc_from_dense(ctx, N, N, S->X[k]);
        for (int i = 0; i < N; i++) S->b[k][i] = (i + k) % 3 == 0 ? 2.0 : 0.5;
        const lca_csc *T = S->T[k];
        lca__krylov_sys *s = &S->sys[k];
        memset(s, 0, sizeof *s);
        s->Tx = lca_csc_values(T);
        s->tnorm = lca__krylov_tnorm(N, lca_csc_colptr(T), lca_csc_rowidx(T),
                                     s->Tx, trans, S->x[k]);
        s->b = S->b[k];
        s->x = S->x[k];
    }
}

static void free_systems(systems *S) {
    for (int k = 0; k < 8; k++) lca_csc_destroy(&S->T[k]);
}

static lca__krylov_opts opts(lca_krylov method, lca_trans trans,
                             int64_t batch) {
    lca__krylov_opts o = {method, trans, 1e-14, 40, 20, batch};
    return o;
}

// Both methods, both directions: converged, backward error <= 1e-14
// recomputed from the dense matrix, equal to the direct solution within
// the residual bound, and the same bits for batches of 1, 3 and 8.
static void test_krylov_converges_and_matches_direct(void **state) {
    lca_ctx *ctx = *state;
    double X0[N * N], xd[N], x1[8][N];
    int64_t it1[8];
    lca_csc *T0 = NULL;
    lca__reflu *lu = reference(ctx, 1, X0, &T0);
    systems *S = malloc(sizeof *S);
    for (int m = 0; m < 2; m++) {
        for (int t = 0; t < 2; t++) {
            lca_trans trans = t ? LCA_TRANS : LCA_NOTRANS;
            make_systems(ctx, 0.3, trans, S);
            const int64_t batches[] = {1, 3, 8};
            for (int q = 0; q < 3; q++) {
                lca__krylov_opts o = opts((lca_krylov)m, trans, batches[q]);
                lca__krylov_ws *ws = NULL;
                assert_int_equal(lca__krylov_ws_create(ctx, N, &o, &ws), LCA_OK);
                lca__krylov_solve(lu, lca_csc_colptr(T0), lca_csc_rowidx(T0), ws,
                                  8, S->sys);
                lca__krylov_ws_destroy(&ws);
                for (int k = 0; k < 8; k++) {
                    assert_int_equal(S->sys[k].converged, 1);
                    assert_true(S->sys[k].iters > 1);
                    assert_true(berr_dense(S->X[k], trans, S->b[k], S->x[k]) <=
                                1e-14);
                    if (q == 0) {
                        memcpy(x1[k], S->x[k], sizeof x1[k]);
                        it1[k] = S->sys[k].iters;
                        direct_solve(ctx, S->T[k], trans, S->b[k], xd);
                        for (int i = 0; i < N; i++) {
                            assert_close(S->x[k][i], xd[i], 1e-11);
                        }
                    }
                    assert_memory_equal(S->x[k], x1[k], sizeof x1[k]);
                    assert_int_equal(S->sys[k].iters, it1[k]);
                }
            }
            free_systems(S);
        }
    }
    free(S);
    lca__reflu_destroy(&lu);
    lca_csc_destroy(&T0);
}

// Far from the reference with two applications allowed, or singular:
// not converged, never a wrong answer reported as converged.
static void test_krylov_gives_up(void **state) {
    lca_ctx *ctx = *state;
    double X0[N * N];
    lca_csc *T0 = NULL;
    lca__reflu *lu = reference(ctx, 1, X0, &T0);
    systems *S = malloc(sizeof *S);
    for (int m = 0; m < 2; m++) {
        make_systems(ctx, 2.0, LCA_TRANS, S);
        lca__krylov_opts o = opts((lca_krylov)m, LCA_TRANS, 4);
        o.max_iter = 2;
        lca__krylov_ws *ws = NULL;
        assert_int_equal(lca__krylov_ws_create(ctx, N, &o, &ws), LCA_OK);
        lca__krylov_solve(lu, lca_csc_colptr(T0), lca_csc_rowidx(T0), ws, 8,
                          S->sys);
        for (int k = 0; k < 8; k++) {
            assert_int_equal(S->sys[k].converged, 0);
            assert_true(S->sys[k].iters <= 2);
        }
        // Singular: column 0 of T_0 is zero (values only; same pattern).
        double *Tx = lca_csc_values_mut(S->T[0]);
        for (int64_t p = 0; p < lca_csc_colptr(S->T[0])[1]; p++) Tx[p] = 0.0;
        S->sys[0].tnorm = lca__krylov_tnorm(N, lca_csc_colptr(S->T[0]),
                                            lca_csc_rowidx(S->T[0]), Tx,
                                            LCA_TRANS, NULL);
        lca__krylov_ws_destroy(&ws);
        o.max_iter = 100;
        assert_int_equal(lca__krylov_ws_create(ctx, N, &o, &ws), LCA_OK);
        lca__krylov_solve(lu, lca_csc_colptr(T0), lca_csc_rowidx(T0), ws, 1,
                          S->sys);
        assert_int_equal(S->sys[0].converged, 0);
        lca__krylov_ws_destroy(&ws);
        free_systems(S);
    }
    free(S);
    lca__reflu_destroy(&lu);
    lca_csc_destroy(&T0);
}

static void test_krylov_rejects_bad_options(void **state) {
    lca_ctx *ctx = *state;
    lca__krylov_ws *ws = NULL;
    lca__krylov_opts bad[] = {
        opts(LCA_KRYLOV_GMRES, LCA_TRANS, 0), opts(LCA_KRYLOV_GMRES, LCA_TRANS, 65),
        opts((lca_krylov)7, LCA_TRANS, 4)};
    bad[1].batch = 65;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(lca__krylov_ws_create(ctx, N, &bad[i], &ws), LCA_ERR_ARG);
        assert_null(ws);
    }
    lca__krylov_opts o = opts(LCA_KRYLOV_GMRES, LCA_TRANS, 4);
    o.tol = 0.0;
    assert_int_equal(lca__krylov_ws_create(ctx, N, &o, &ws), LCA_ERR_ARG);
}

static void test_reflu_and_workspace_survive_every_failed_alloc(void **state) {
    lca_ctx *ctx = *state;
    double X[N * N];
    make_dense(3, 0.0, X);
    lca_csc *T = csc_from_dense(ctx, N, N, X);
    test_alloc ta;
    for (int which = 0; which < 2; which++) {
        for (int64_t fail = 0;; fail++) {
            test_alloc_install(ctx, &ta, fail);
            lca__reflu *lu = NULL;
            lca__krylov_ws *ws = NULL;
            lca__krylov_opts o = opts((lca_krylov)which, LCA_TRANS, 5);
            lca_status st = which == 0 ? lca__reflu_create(ctx, T, &lu)
                                       : lca__krylov_ws_create(ctx, N, &o, &ws);
            lca__reflu_destroy(&lu);
            lca__krylov_ws_destroy(&ws);
            lca_ctx_set_allocator(ctx, NULL);
            assert_int_equal(ta.live, 0);
            if (st == LCA_OK) break;
            assert_int_equal(st, LCA_ERR_NOMEM);
        }
    }
    lca_csc_destroy(&T);
}

int main(void) {
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, ctx_setup, ctx_teardown)
        T(test_reflu_solves_both_ways),
        T(test_lu_kernel_width_does_not_change_bits),
        T(test_krylov_converges_and_matches_direct),
        T(test_krylov_gives_up),
        T(test_krylov_rejects_bad_options),
        T(test_reflu_and_workspace_survive_every_failed_alloc),
#undef T
    };
    return cmocka_run_group_tests_name("krylov", tests, NULL, NULL);
}
