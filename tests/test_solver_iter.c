// tests/test_solver_iter.c: the iterative solver (engine/solver_iter.c)
// SPDX-License-Identifier: MIT
//
// Against the sparse direct path on the same systems: both leave a
// normwise backward error <= 1e-14, so their solutions differ by at most
// about 4 kappa 1e-14 relative; the test matrices are diagonally dominant
// by rows (kappa_inf below 100), so 1e-11. The preconditioner really
// leaves entries out, every right-hand side converges without falling
// back, the bits do not depend on the thread count, a fallback is the
// direct path's solution bit for bit, and bad options are refused.

#include <math.h>
#include <stdlib.h>

#include "test_util.h"

enum { N = 200, NRHS = 12 };

// T: 1 + (row sum of |inputs|) * 1.25 on the diagonal, about 6 inputs a
// row with magnitudes over four orders (so that dropping matters).
static lca_csc *matrix(lca_ctx *ctx) {
    double *X = calloc((size_t)N * N, sizeof *X);
    uint64_t r = 99;
    for (int64_t i = 0; i < N; i++) {
        double sum = 0.0;
        for (int q = 0; q < 6; q++) {
            r = r * 6364136223846793005ULL + 1442695040888963407ULL;
            int64_t j = (int64_t)(r >> 33) % N;
            double u = (double)((r >> 11) & 0xfffff) / 1048576.0;
            if (j == i) continue;
            X[i * N + j] = -pow(10.0, -4.0 * u);
            sum += pow(10.0, -4.0 * u);
        }
        X[i * N + i] = 1.0 + 1.25 * sum;
    }
    lca_csc *T = csc_from_dense(ctx, N, N, X);
    free(X);
    return T;
}

static lca_status solve(lca_ctx *ctx, const lca_csc *T,
                        const lca_solver_options *o, lca_trans trans,
                        const double *B, double *X, lca_solve_info *si,
                        lca_factor_info *fi) {
    lca_analysis *an = NULL;
    lca_solver *s = NULL;
    lca_status st = lca_analysis_create(ctx, T, o, &an);
    if (st == LCA_OK) st = lca_solver_create(ctx, an, &s);
    if (st == LCA_OK) st = lca_solver_factor(s, lca_csc_values(T));
    if (st >= 0) st = lca_solver_solve(s, trans, NRHS, B, N, X, N);
    if (st >= 0 && si != NULL) *si = lca_solver_solve_info(s);
    if (st >= 0 && fi != NULL) *fi = lca_solver_factor_info(s);
    lca_solver_destroy(&s);
    lca_analysis_destroy(&an);
    return st;
}

static void rhs(double *B) {
    for (int64_t i = 0; i < N * NRHS; i++) B[i] = (i % 17 == 0) ? 1.0 : 0.0;
    for (int64_t k = 0; k < NRHS; k++) B[k * N + k] = 2.0 + (double)k;
}

// The right-hand sides B (rhs) and room for two solutions X and Y (Y
// may be NULL: none), N x NRHS each.
static void blocks(double **B, double **X, double **Y) {
    *B = malloc(sizeof **B * N * NRHS);
    *X = malloc(sizeof **X * N * NRHS);
    assert_true(*B != NULL && *X != NULL);
    if (Y != NULL) {
        *Y = malloc(sizeof **Y * N * NRHS);
        assert_non_null(*Y);
    }
    rhs(*B);
}

static void blocks_free(double *B, double *X, double *Y) {
    free(B);
    free(X);
    free(Y);
}

static void test_solver_iter_agrees_with_sparse(void **state) {
    lca_ctx *ctx = *state;
    lca_csc *T = matrix(ctx);
    double *B, *X, *Y;
    blocks(&B, &X, &Y);
    lca_solver_options it, sp;
    lca_solver_options_default(&it);
    lca_solver_options_default(&sp);
    it.kind = LCA_SOLVER_ITERATIVE;
    sp.kind = LCA_SOLVER_SPARSE;
    for (int t = 0; t < 2; t++) {
        lca_trans trans = t ? LCA_TRANS : LCA_NOTRANS;
        lca_solve_info si;
        lca_factor_info fi;
        assert_int_equal(solve(ctx, T, &it, trans, B, X, &si, &fi), LCA_OK);
        assert_int_equal(fi.kind, LCA_SOLVER_ITERATIVE);
        assert_true(fi.nnz_lu > 0 && fi.nnz_lu < lca_csc_nnz(T) + N);
        assert_true(si.backward_error <= 1e-14);
        assert_true(si.krylov > NRHS);
        assert_int_equal(si.fallbacks, 0);
        assert_int_equal(solve(ctx, T, &sp, trans, B, Y, NULL, NULL), LCA_OK);
        for (int64_t k = 0; k < NRHS; k++) {
            double d = 0, m = 0;
            for (int64_t i = 0; i < N; i++) {
                d = fmax(d, fabs(X[k * N + i] - Y[k * N + i]));
                m = fmax(m, fabs(Y[k * N + i]));
            }
            assert_true(d <= 1e-11 * m);
        }
    }
    blocks_free(B, X, Y);
    lca_csc_destroy(&T);
}

static void test_solver_iter_threads_do_not_change_bits(void **state) {
    lca_ctx *ctx = *state;
    lca_csc *T = matrix(ctx);
    double *B, *X1, *X3;
    blocks(&B, &X1, &X3);
    lca_solver_options o;
    lca_solver_options_default(&o);
    o.kind = LCA_SOLVER_ITERATIVE;
    lca_ctx_set_nthreads(ctx, 1);
    assert_int_equal(solve(ctx, T, &o, LCA_TRANS, B, X1, NULL, NULL), LCA_OK);
    lca_ctx_set_nthreads(ctx, 3);
    assert_int_equal(solve(ctx, T, &o, LCA_TRANS, B, X3, NULL, NULL), LCA_OK);
    assert_memory_equal(X1, X3, sizeof *X1 * N * NRHS);
    blocks_free(B, X1, X3);
    lca_csc_destroy(&T);
}

// One application allowed and nothing but the diagonal kept: every
// right-hand side falls back to the full LU, the sparse path's bits.
static void test_solver_iter_falls_back_to_the_sparse_lu(void **state) {
    lca_ctx *ctx = *state;
    lca_csc *T = matrix(ctx);
    double *B, *X, *Y;
    blocks(&B, &X, &Y);
    lca_solver_options it, sp;
    lca_solver_options_default(&it);
    lca_solver_options_default(&sp);
    it.kind = LCA_SOLVER_ITERATIVE;
    it.drop_tol = 1e9;
    it.krylov_max = 1;
    sp.kind = LCA_SOLVER_SPARSE;
    lca_solve_info si;
    assert_int_equal(solve(ctx, T, &it, LCA_TRANS, B, X, &si, NULL), LCA_OK);
    assert_int_equal(si.fallbacks, NRHS);
    assert_true(si.backward_error <= 1e-14);
    assert_int_equal(solve(ctx, T, &sp, LCA_TRANS, B, Y, NULL, NULL), LCA_OK);
    assert_memory_equal(X, Y, sizeof *X * N * NRHS);
    blocks_free(B, X, Y);
    lca_csc_destroy(&T);
}

static void test_solver_iter_rejects_bad_options(void **state) {
    lca_ctx *ctx = *state;
    lca_csc *T = matrix(ctx);
    lca_solver_options o;
    lca_analysis *an = NULL;
    for (int k = 0; k < 3; k++) {
        lca_solver_options_default(&o);
        o.kind = LCA_SOLVER_ITERATIVE;
        if (k == 0) o.drop_tol = -1.0;
        if (k == 1) o.krylov_max = 0;
        if (k == 2) o.krylov_restart = 0;
        assert_int_equal(lca_analysis_create(ctx, T, &o, &an), LCA_ERR_ARG);
        assert_null(an);
    }
    lca_csc_destroy(&T);
}

static void test_solver_iter_survives_every_failed_alloc(void **state) {
    lca_ctx *ctx = *state;
    lca_csc *T = matrix(ctx);
    double *B, *X;
    blocks(&B, &X, NULL);
    lca_solver_options o;
    lca_solver_options_default(&o);
    o.kind = LCA_SOLVER_ITERATIVE;
    test_alloc ta;
    for (int64_t fail = 0;; fail++) {
        test_alloc_install(ctx, &ta, fail);
        lca_status st = solve(ctx, T, &o, LCA_TRANS, B, X, NULL, NULL);
        lca_ctx_set_allocator(ctx, NULL);
        assert_int_equal(ta.live, 0);
        if (st == LCA_OK) break;
        assert_int_equal(st, LCA_ERR_NOMEM);
    }
    blocks_free(B, X, NULL);
    lca_csc_destroy(&T);
}

int main(void) {
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, ctx_setup, ctx_teardown)
        T(test_solver_iter_agrees_with_sparse),
        T(test_solver_iter_threads_do_not_change_bits),
        T(test_solver_iter_falls_back_to_the_sparse_lu),
        T(test_solver_iter_rejects_bad_options),
        T(test_solver_iter_survives_every_failed_alloc),
#undef T
    };
    return cmocka_run_group_tests_name("solver_iter", tests, NULL, NULL);
}
