// tests/test_solver.c: analysis, factorization and solves (engine/solver*.c)
// SPDX-License-Identifier: MIT
//
// Hand-checked systems with exact answers, sparse against dense, T against
// T', singular and non-finite input, and thread-count independence.

#include <math.h>
#include <stdlib.h>

#include "test_util.h"

static const lca_solver_kind kinds[] = {LCA_SOLVER_SPARSE, LCA_SOLVER_DENSE};

// Solve T x = b (or T' x = b) with the given path; returns the status.
static lca_status solve_with(lca_ctx *ctx, const lca_csc *T,
                             lca_solver_kind kind, lca_trans trans,
                             int64_t nrhs, const double *B, double *X) {
    lca_solver_options opt;
    lca_solver_options_default(&opt);
    opt.kind = kind;
    lca_analysis *an = NULL;
    lca_solver *s = NULL;
    int64_t n = lca_csc_nrows(T);
    lca_status st = lca_analysis_create(ctx, T, &opt, &an);
    if (st == LCA_OK) st = lca_solver_create(ctx, an, &s);
    if (st == LCA_OK) st = lca_solver_factor(s, lca_csc_values(T));
    if (st >= 0) st = lca_solver_solve(s, trans, nrhs, B, n, X, n);
    lca_solver_destroy(&s);
    lca_analysis_destroy(&an);
    return st;
}

static void test_solver_2x2_chain_is_exact(void **state) {
    // Product 0 needs 0.5 of product 1, which needs 0.2 of product 0.
    double X[] = {1, -0.5, -0.2, 1};
    lca_csc *T = csc_from_dense(*state, 2, 2, X);
    double f[] = {1, 0}, s[2];
    for (int k = 0; k < 2; k++) {
        assert_int_equal(solve_with(*state, T, kinds[k], LCA_NOTRANS, 1, f, s),
                         LCA_OK);
        assert_close(s[0], 1.0 / 0.9, 1e-15);
        assert_close(s[1], 0.2 / 0.9, 1e-15);
    }
    lca_csc_destroy(&T);
}

static void test_solver_3x3_loop_matches_exact_fractions(void **state) {
    double X[] = {1, -0.1, 0, -0.2, 1, -0.3, 0, -0.05, 1};
    lca_csc *T = csc_from_dense(*state, 3, 3, X);
    double f[] = {1, 0, 0}, s[3];
    for (int k = 0; k < 2; k++) {
        assert_int_equal(solve_with(*state, T, kinds[k], LCA_NOTRANS, 1, f, s),
                         LCA_OK);
        assert_close(s[0], 197.0 / 193.0, 1e-15);  // exact: Gauss in Q
        assert_close(s[1], 40.0 / 193.0, 1e-15);
        assert_close(s[2], 2.0 / 193.0, 1e-15);
    }
    lca_csc_destroy(&T);
}

static void test_solver_coproduct_gives_negative_supply(void **state) {
    // Activity 0 makes product 0 and 0.5 of product 1 as a co-product;
    // activity 1 makes product 1 from 0.2 of product 0. Substitution makes
    // the supply of activity 1 negative: s = [1/1.1, -0.5/1.1].
    double X[] = {1, -0.2, 0.5, 1};
    lca_csc *T = csc_from_dense(*state, 2, 2, X);
    double f[] = {1, 0}, s[2];
    for (int k = 0; k < 2; k++) {
        assert_int_equal(solve_with(*state, T, kinds[k], LCA_NOTRANS, 1, f, s),
                         LCA_OK);
        assert_close(s[0], 1.0 / 1.1, 1e-15);
        assert_close(s[1], -0.5 / 1.1, 1e-15);
    }
    lca_csc_destroy(&T);
}

// A reproducible nonsingular test matrix: diagonally dominant with a
// pseudo-random pattern (an LCG, so no global RNG state).
static lca_csc *test_matrix(lca_ctx *ctx, int64_t n, double density) {
    double *X = calloc((size_t)(n * n), sizeof *X);
    uint64_t r = 12345;
    for (int64_t i = 0; i < n; i++) {
        double rowsum = 0.0;
        for (int64_t j = 0; j < n; j++) {
            r = r * 6364136223846793005ULL + 1442695040888963407ULL;
            double u = (double)(r >> 11) / 9007199254740992.0;
            if (i != j && u < density) {
                X[i * n + j] = -u / density;
                rowsum += u / density;
            }
        }
        X[i * n + i] = 1.0 + rowsum * (1.0 + (double)(i % 7) / 10.0);
    }
    lca_csc *T = csc_from_dense(ctx, n, n, X);
    free(X);
    return T;
}

static void test_solver_sparse_and_dense_agree(void **state) {
    int64_t n = 60, nrhs = 5;
    lca_csc *T = test_matrix(*state, n, 0.2);
    double *B = malloc(sizeof *B * (size_t)(n * nrhs));
    double *Xs = malloc(sizeof *Xs * (size_t)(n * nrhs));
    double *Xd = malloc(sizeof *Xd * (size_t)(n * nrhs));
    for (int64_t i = 0; i < n * nrhs; i++) B[i] = (double)(i % 11) - 3.0;
    for (int t = 0; t < 2; t++) {
        lca_trans trans = t ? LCA_TRANS : LCA_NOTRANS;
        assert_int_equal(solve_with(*state, T, LCA_SOLVER_SPARSE, trans, nrhs,
                                    B, Xs), LCA_OK);
        assert_int_equal(solve_with(*state, T, LCA_SOLVER_DENSE, trans, nrhs,
                                    B, Xd), LCA_OK);
        for (int64_t i = 0; i < n * nrhs; i++) assert_close(Xs[i], Xd[i], 1e-12);
    }
    free(B);
    free(Xs);
    free(Xd);
    lca_csc_destroy(&T);
}

// lambda' f = c' s when T s = f and T' lambda = c.
static void test_solver_transpose_is_consistent(void **state) {
    int64_t n = 40;
    lca_csc *T = test_matrix(*state, n, 0.1);
    double f[40], c[40], s[40], lam[40];
    for (int64_t i = 0; i < n; i++) {
        f[i] = (i % 3 == 0) ? 1.0 : 0.0;
        c[i] = 0.5 + (double)(i % 5);
    }
    for (int k = 0; k < 2; k++) {
        assert_int_equal(solve_with(*state, T, kinds[k], LCA_NOTRANS, 1, f, s),
                         LCA_OK);
        assert_int_equal(solve_with(*state, T, kinds[k], LCA_TRANS, 1, c, lam),
                         LCA_OK);
        double a = 0.0, b = 0.0;
        for (int64_t i = 0; i < n; i++) {
            a += lam[i] * f[i];
            b += c[i] * s[i];
        }
        assert_close(a, b, 1e-13);
    }
    lca_csc_destroy(&T);
}

static void test_solver_reports_zero_pivots_by_column(void **state) {
    // Columns 0 and 2 are equal: numerically singular, structurally fine.
    double X[] = {1, 0, 1, 2, 1, 2, 0, 3, 0};
    lca_csc *T = csc_from_dense(*state, 3, 3, X);
    for (int k = 0; k < 2; k++) {
        lca_solver_options opt;
        lca_solver_options_default(&opt);
        opt.kind = kinds[k];
        lca_analysis *an = NULL;
        lca_solver *s = NULL;
        assert_int_equal(lca_analysis_create(*state, T, &opt, &an), LCA_OK);
        assert_int_equal(lca_solver_create(*state, an, &s), LCA_OK);
        assert_int_equal(lca_solver_factor(s, lca_csc_values(T)),
                         LCA_ERR_SINGULAR);
        int64_t nz;
        const int64_t *zp = lca_solver_zero_pivots(s, &nz);
        assert_true(nz >= 1);
        assert_true(zp[0] == 0 || zp[0] == 2);
        double b[3] = {1, 1, 1}, x[3];
        assert_int_equal(lca_solver_solve(s, LCA_NOTRANS, 1, b, 3, x, 3),
                         LCA_ERR_ARG);
        lca_solver_destroy(&s);
        lca_analysis_destroy(&an);
    }
    lca_csc_destroy(&T);
}

static void test_solver_rejects_empty_column_and_row(void **state) {
    double X[] = {1, 0, 0, 0, 0, 0, 0, 0, 1};  // column 1 and row 1 empty
    lca_csc *T = csc_from_dense(*state, 3, 3, X);
    lca_analysis *an = (lca_analysis *)1;
    assert_int_equal(lca_analysis_create(*state, T, NULL, &an),
                     LCA_ERR_SINGULAR);
    assert_null(an);
    assert_non_null(strstr(lca_ctx_errmsg(*state), "column 1"));
    lca_csc_destroy(&T);
    double Y[] = {1, 2, 1, 3};
    lca_csc *R = csc_from_dense(*state, 1, 4, Y);  // not square
    assert_int_equal(lca_analysis_create(*state, R, NULL, &an), LCA_ERR_DIM);
    lca_csc_destroy(&R);
}

static void test_solver_rejects_nonfinite_values(void **state) {
    double X[] = {1, 0.5, 0.5, 1};
    lca_csc *T = csc_from_dense(*state, 2, 2, X);
    lca_analysis *an = NULL;
    lca_solver *s = NULL;
    assert_int_equal(lca_analysis_create(*state, T, NULL, &an), LCA_OK);
    assert_int_equal(lca_solver_create(*state, an, &s), LCA_OK);
    double bad[] = {1, NAN, 0.5, 1};
    assert_int_equal(lca_solver_factor(s, bad), LCA_ERR_INVALID);
    assert_non_null(strstr(lca_ctx_errmsg(*state), "row 1, column 0"));
    assert_int_equal(lca_solver_factor(s, lca_csc_values(T)), LCA_OK);
    lca_solver_destroy(&s);
    lca_analysis_destroy(&an);
    lca_csc_destroy(&T);
}

// The same solves on 1 and on 3 threads give the same bits.
static void test_solver_threads_do_not_change_bits(void **state) {
    lca_ctx *ctx = *state;
    int64_t n = 80, nrhs = 7;
    lca_csc *T = test_matrix(ctx, n, 0.05);
    double *B = malloc(sizeof *B * (size_t)(n * nrhs));
    double *X1 = malloc(sizeof *X1 * (size_t)(n * nrhs));
    double *X3 = malloc(sizeof *X3 * (size_t)(n * nrhs));
    for (int64_t i = 0; i < n * nrhs; i++) B[i] = 1.0 / (double)(1 + i % 13);
    for (int t = 0; t < 2; t++) {
        lca_trans trans = t ? LCA_TRANS : LCA_NOTRANS;
        lca_ctx_set_nthreads(ctx, 1);
        assert_int_equal(solve_with(ctx, T, LCA_SOLVER_SPARSE, trans, nrhs, B,
                                    X1), LCA_OK);
        lca_ctx_set_nthreads(ctx, 3);
        assert_int_equal(solve_with(ctx, T, LCA_SOLVER_SPARSE, trans, nrhs, B,
                                    X3), LCA_OK);
        assert_memory_equal(X1, X3, sizeof *X1 * (size_t)(n * nrhs));
    }
    lca_ctx_set_nthreads(ctx, 0);
    free(B);
    free(X1);
    free(X3);
    lca_csc_destroy(&T);
}

// Refactorizing new values in the same pattern reuses the analysis.
static void test_solver_refactor_same_pattern(void **state) {
    double X[] = {2, -1, -1, 2};
    lca_csc *T = csc_from_dense(*state, 2, 2, X);
    lca_analysis *an = NULL;
    lca_solver *s = NULL;
    assert_int_equal(lca_analysis_create(*state, T, NULL, &an), LCA_OK);
    assert_int_equal(lca_solver_create(*state, an, &s), LCA_OK);
    double b[] = {1, 0}, x[2];
    for (int it = 1; it <= 3; it++) {
        double v[] = {1.0 + it, -0.5, -0.5, 1.0 + it};  // column-major
        assert_int_equal(lca_solver_factor(s, v), LCA_OK);
        assert_int_equal(lca_solver_solve(s, LCA_NOTRANS, 1, b, 2, x, 2),
                         LCA_OK);
        double a = 1.0 + it, det = a * a - 0.25;
        assert_close(x[0], a / det, 1e-15);
        assert_close(x[1], 0.5 / det, 1e-15);
        lca_solve_info si = lca_solver_solve_info(s);
        assert_true(si.backward_error <= 1e-14);
        assert_int_equal(si.nrhs, 1);
    }
    lca_solver_destroy(&s);
    lca_analysis_destroy(&an);
    lca_csc_destroy(&T);
}

static void test_solver_auto_picks_dense_for_dense_small(void **state) {
    lca_csc *Td = test_matrix(*state, 50, 0.5), *Ts = test_matrix(*state, 50,
                                                                  0.02);
    lca_analysis *a1 = NULL, *a2 = NULL;
    assert_int_equal(lca_analysis_create(*state, Td, NULL, &a1), LCA_OK);
    assert_int_equal(lca_analysis_create(*state, Ts, NULL, &a2), LCA_OK);
    assert_int_equal(lca_analysis_kind(a1), LCA_SOLVER_DENSE);
    assert_int_equal(lca_analysis_kind(a2), LCA_SOLVER_SPARSE);
    lca_analysis_destroy(&a1);
    lca_analysis_destroy(&a2);
    lca_csc_destroy(&Td);
    lca_csc_destroy(&Ts);
}

static void test_solver_survives_every_failed_alloc(void **state) {
    lca_ctx *ctx = *state;
    lca_csc *T = test_matrix(ctx, 30, 0.1);
    double b[30], x[30];
    for (int i = 0; i < 30; i++) b[i] = 1.0;
    test_alloc ta;
    for (int k = 0; k < 2; k++) {
        for (int64_t fail = 0;; fail++) {
            test_alloc_install(ctx, &ta, fail);
            lca_status st = solve_with(ctx, T, kinds[k], LCA_NOTRANS, 1, b, x);
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
        T(test_solver_2x2_chain_is_exact),
        T(test_solver_3x3_loop_matches_exact_fractions),
        T(test_solver_coproduct_gives_negative_supply),
        T(test_solver_sparse_and_dense_agree),
        T(test_solver_transpose_is_consistent),
        T(test_solver_reports_zero_pivots_by_column),
        T(test_solver_rejects_empty_column_and_row),
        T(test_solver_rejects_nonfinite_values),
        T(test_solver_threads_do_not_change_bits),
        T(test_solver_refactor_same_pattern),
        T(test_solver_auto_picks_dense_for_dense_small),
        T(test_solver_survives_every_failed_alloc),
#undef T
    };
    return cmocka_run_group_tests_name("solver", tests, NULL, NULL);
}
