// tests/test_csc.c: the CSC matrix object (engine/csc.c)
// SPDX-License-Identifier: MIT

#include <math.h>
#include <stdlib.h>

#include "test_util.h"

static void test_csc_from_triplets_sums_duplicates(void **state) {
    lca_ctx *ctx = *state;
    int64_t Ti[] = {1, 0, 1, 2, 1};
    int64_t Tj[] = {0, 0, 0, 1, 1};
    double Tx[] = {2.0, 1.0, 3.0, 4.0, 5.0};
    lca_csc *A = NULL;
    assert_int_equal(lca_csc_from_triplets(ctx, 3, 2, 5, Ti, Tj, Tx, &A),
                     LCA_OK);
    assert_int_equal(lca_csc_check(A), LCA_OK);
    assert_int_equal(lca_csc_nnz(A), 4);
    const int64_t *Ap = lca_csc_colptr(A), *Ai = lca_csc_rowidx(A);
    const double *Ax = lca_csc_values(A);
    assert_int_equal(Ap[1], 2);
    assert_int_equal(Ai[0], 0);
    assert_int_equal(Ai[1], 1);
    assert_true(Ax[1] == 5.0);  // 2 + 3
    assert_int_equal(Ai[2], 1);
    assert_int_equal(Ai[3], 2);
    lca_csc_destroy(&A);
    assert_null(A);
}

static void test_csc_from_triplets_rejects_outside_index(void **state) {
    lca_ctx *ctx = *state;
    int64_t Ti[] = {0, 3};
    int64_t Tj[] = {0, 0};
    double Tx[] = {1.0, 1.0};
    lca_csc *A = (lca_csc *)1;
    assert_int_equal(lca_csc_from_triplets(ctx, 3, 2, 2, Ti, Tj, Tx, &A),
                     LCA_ERR_ARG);
    assert_null(A);
    assert_non_null(strstr(lca_ctx_errmsg(ctx), "triplet 1"));
}

static void test_csc_create_rejects_negative_size(void **state) {
    lca_csc *A = (lca_csc *)1;
    assert_int_equal(lca_csc_create(*state, -1, 2, 0, &A), LCA_ERR_ARG);
    assert_null(A);
}

static void test_csc_transpose_twice_is_identity(void **state) {
    double X[] = {1, 0, 2, 0, 0, 3, 4, 5, 0, 0, 6, 7};  // 3 x 4
    lca_csc *A = csc_from_dense(*state, 3, 4, X), *T = NULL, *TT = NULL;
    assert_int_equal(lca_csc_transpose(A, &T), LCA_OK);
    assert_int_equal(lca_csc_nrows(T), 4);
    assert_int_equal(lca_csc_transpose(T, &TT), LCA_OK);
    assert_int_equal(lca_csc_nnz(TT), lca_csc_nnz(A));
    for (int64_t p = 0; p < lca_csc_nnz(A); p++) {
        assert_int_equal(lca_csc_rowidx(A)[p], lca_csc_rowidx(TT)[p]);
        assert_true(lca_csc_values(A)[p] == lca_csc_values(TT)[p]);
    }
    lca_csc_destroy(&A);
    lca_csc_destroy(&T);
    lca_csc_destroy(&TT);
}

static void test_csc_gemv_matches_dense(void **state) {
    double X[] = {1, 0, 2, 0, 0, 3, 4, 5, 0, 0, 6, 7};  // 3 x 4
    lca_csc *A = csc_from_dense(*state, 3, 4, X);
    double x[] = {1, -2, 3, 0.5}, y[] = {1, 1, 1}, z[] = {0, 0, 0, 0};
    lca_csc_gemv(2.0, A, x, -1.0, y);
    for (int i = 0; i < 3; i++) {
        double ref = -1.0;
        for (int j = 0; j < 4; j++) ref += 2.0 * X[i * 4 + j] * x[j];
        assert_close(y[i], ref, 1e-15);
    }
    double w[] = {1, 2, 3};
    lca_csc_gemv_t(1.0, A, w, 0.0, z);
    for (int j = 0; j < 4; j++) {
        double ref = 0.0;
        for (int i = 0; i < 3; i++) ref += X[i * 4 + j] * w[i];
        assert_close(z[j], ref, 1e-15);
    }
    lca_csc_destroy(&A);
}

static void test_csc_multiply_matches_dense(void **state) {
    double X[] = {1, 0, 2, 0, 0, 3, 4, 5, 0, 0, 6, 7};  // 3 x 4
    double Y[] = {1, 2, 0, 0, 3, 0, 0, 4};              // 4 x 2
    lca_csc *A = csc_from_dense(*state, 3, 4, X);
    lca_csc *B = csc_from_dense(*state, 4, 2, Y), *C = NULL;
    assert_int_equal(lca_csc_multiply(A, B, &C), LCA_OK);
    assert_int_equal(lca_csc_check(C), LCA_OK);
    double col[3];
    for (int j = 0; j < 2; j++) {
        lca_csc_column_dense(C, j, col);
        for (int i = 0; i < 3; i++) {
            double ref = 0.0;
            for (int k = 0; k < 4; k++) ref += X[i * 4 + k] * Y[k * 2 + j];
            assert_close(col[i], ref, 1e-15);
        }
    }
    lca_csc *D = NULL;
    assert_int_equal(lca_csc_multiply(B, B, &D), LCA_ERR_DIM);
    assert_null(D);
    lca_csc_destroy(&A);
    lca_csc_destroy(&B);
    lca_csc_destroy(&C);
}

static void test_csc_check_finds_unsorted_rows(void **state) {
    int64_t Ap[] = {0, 2};
    int64_t Ai[] = {1, 0};
    double Ax[] = {1, 2};
    lca_csc *A = (lca_csc *)1;
    assert_int_equal(lca_csc_from_arrays(*state, 2, 1, Ap, Ai, Ax, &A),
                     LCA_ERR_INVALID);
    assert_null(A);
    assert_non_null(strstr(lca_ctx_errmsg(*state), "column 0"));
}

static void test_csc_find_nonfinite_and_find(void **state) {
    double X[] = {1, 0, NAN, 4};
    lca_csc *A = csc_from_dense(*state, 2, 2, X);
    assert_int_equal(lca_csc_find_nonfinite(A), 1);
    assert_int_equal(lca_csc_find(A, 1, 0), 1);
    assert_int_equal(lca_csc_find(A, 0, 1), -1);
    lca_csc_destroy(&A);
}

// Make the k-th allocation fail for k = 0, 1, ... until a run succeeds:
// every failing run returns LCA_ERR_NOMEM, leaves NULL and leaks nothing.
static void test_csc_from_triplets_survives_every_failed_alloc(void **state) {
    lca_ctx *ctx = *state;
    int64_t Ti[] = {1, 0, 1, 2}, Tj[] = {0, 0, 0, 1};
    double Tx[] = {1, 2, 3, 4};
    test_alloc ta;
    for (int64_t k = 0;; k++) {
        test_alloc_install(ctx, &ta, k);
        lca_csc *A = (lca_csc *)1;
        lca_status st = lca_csc_from_triplets(ctx, 3, 2, 4, Ti, Tj, Tx, &A);
        if (st == LCA_OK) {
            lca_csc_destroy(&A);
            assert_int_equal(ta.live, 0);
            assert_true(k > 3);
            break;
        }
        assert_int_equal(st, LCA_ERR_NOMEM);
        assert_null(A);
        assert_int_equal(ta.live, 0);
    }
    lca_ctx_set_allocator(ctx, NULL);
}

int main(void) {
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, ctx_setup, ctx_teardown)
        T(test_csc_from_triplets_sums_duplicates),
        T(test_csc_from_triplets_rejects_outside_index),
        T(test_csc_create_rejects_negative_size),
        T(test_csc_transpose_twice_is_identity),
        T(test_csc_gemv_matches_dense),
        T(test_csc_multiply_matches_dense),
        T(test_csc_check_finds_unsorted_rows),
        T(test_csc_find_nonfinite_and_find),
        T(test_csc_from_triplets_survives_every_failed_alloc),
#undef T
    };
    return cmocka_run_group_tests_name("csc", tests, NULL, NULL);
}
