// tests/test_uncertainty.c: uncertainty records and the import report
// (engine/uncertainty.c, engine/model_extra.c)
// SPDX-License-Identifier: MIT

#include <math.h>

#include "test_util.h"

static lca_model *small_model(lca_ctx *ctx) {
    double A[] = {1, -0.5, 0, 1};
    double B[] = {2, 3};
    lca_csc *Ac = csc_from_dense(ctx, 2, 2, A), *Bc = csc_from_dense(ctx, 1, 2,
                                                                     B);
    lca_csc *Cc = NULL;
    assert_int_equal(lca_csc_create(ctx, 0, 1, 0, &Cc), LCA_OK);
    lca_model *M = NULL;
    assert_int_equal(lca_model_create(ctx, LCA_TECHNOSPHERE, Ac, Bc, Cc, &M),
                     LCA_OK);
    lca_csc_destroy(&Ac);
    lca_csc_destroy(&Bc);
    lca_csc_destroy(&Cc);
    return M;
}

static void test_uncertainty_names_round_trip(void **state) {
    (void)state;
    for (int d = 0; d < LCA_NDISTS; d++) {
        lca_dist back;
        assert_int_equal(lca_dist_parse(lca_dist_str((lca_dist)d), &back),
                         LCA_OK);
        assert_int_equal(back, d);
    }
    lca_dist x;
    assert_int_equal(lca_dist_parse("weibull", &x), LCA_ERR_ARG);
}

static void test_uncertainty_valid_rejects_bad_parameters(void **state) {
    (void)state;
    lca_uncertainty u = lca_uncertainty_none();
    char why[96];
    assert_true(lca_uncertainty_valid(&u, 1.0, why, sizeof why));
    u.dist = LCA_DIST_LOGNORMAL;
    u.p1 = -2.0;
    u.p2 = 1.5;
    assert_true(lca_uncertainty_valid(&u, -2.0, why, sizeof why));
    u.p2 = 0.9;  // GSD < 1
    assert_false(lca_uncertainty_valid(&u, -2.0, why, sizeof why));
    assert_non_null(strstr(why, "GSD"));
    u = lca_uncertainty_none();
    u.dist = LCA_DIST_TRIANGULAR;
    u.p1 = 1;
    u.p2 = 3;
    u.p3 = 2;  // mode above max
    assert_false(lca_uncertainty_valid(&u, 2.0, why, sizeof why));
    u.p2 = 1.5;
    assert_true(lca_uncertainty_valid(&u, 2.0, why, sizeof why));
    u.lo = 3;
    u.hi = 1;
    assert_false(lca_uncertainty_valid(&u, 2.0, why, sizeof why));
    u = lca_uncertainty_none();
    u.pedigree[2] = 6;
    assert_false(lca_uncertainty_valid(&u, 2.0, why, sizeof why));
    u = lca_uncertainty_none();
    u.dist = LCA_DIST_NORMAL;
    u.p2 = NAN;
    assert_false(lca_uncertainty_valid(&u, 2.0, why, sizeof why));
}

static void test_uncertainty_set_get_and_counts(void **state) {
    lca_model *M = small_model(*state);
    assert_null(lca_model_uncertainty(M, LCA_MATRIX_A));
    lca_uncertainty u[3];
    for (int p = 0; p < 3; p++) u[p] = lca_uncertainty_none();
    u[1].dist = LCA_DIST_UNIFORM;  // A(0,1) = -0.5
    u[1].p1 = -0.6;
    u[1].p2 = -0.4;
    assert_int_equal(lca_model_set_uncertainty(M, LCA_MATRIX_A, u), LCA_OK);
    const lca_uncertainty *got = lca_model_uncertainty(M, LCA_MATRIX_A);
    assert_non_null(got);
    assert_int_equal(got[1].dist, LCA_DIST_UNIFORM);
    int64_t counts[LCA_NDISTS];
    lca_model_uncertainty_counts(M, LCA_MATRIX_A, counts);
    assert_int_equal(counts[LCA_DIST_NONE], 2);
    assert_int_equal(counts[LCA_DIST_UNIFORM], 1);
    lca_model_uncertainty_counts(M, LCA_MATRIX_B, counts);
    assert_int_equal(counts[LCA_DIST_NONE], 2);
    u[2].dist = LCA_DIST_NORMAL;
    u[2].p2 = -1.0;  // invalid: named with its entry
    assert_int_equal(lca_model_set_uncertainty(M, LCA_MATRIX_A, u),
                     LCA_ERR_INVALID);
    assert_non_null(strstr(lca_ctx_errmsg(*state), "A(1, 1)"));
    assert_int_equal(lca_model_uncertainty(M, LCA_MATRIX_A)[2].dist,
                     LCA_DIST_NONE);  // unchanged after the refusal
    assert_int_equal(lca_model_set_uncertainty(M, LCA_MATRIX_A, NULL), LCA_OK);
    assert_null(lca_model_uncertainty(M, LCA_MATRIX_A));
    lca_model_destroy(&M);
}

static void test_uncertainty_report_lines(void **state) {
    lca_model *M = small_model(*state);
    assert_int_equal(lca_model_nreports(M), 0);
    for (int i = 0; i < 40; i++) {  // past the initial capacity
        assert_int_equal(lca_model_add_report(M, "unlinked input", "f1",
                                              "Dummy flow", "cut off"),
                         LCA_OK);
    }
    assert_int_equal(lca_model_nreports(M), 40);
    assert_string_equal(lca_model_report(M, 39, LCA_REPORT_NAME), "Dummy flow");
    assert_int_equal(lca_model_add_report(M, "x", NULL, "y", "z"),
                     LCA_ERR_ARG);
    lca_model_destroy(&M);
}

static void test_uncertainty_triplet_map_places_records(void **state) {
    int64_t Ti[] = {1, 0, 1}, Tj[] = {0, 0, 0}, map[3];
    double Tx[] = {1, 2, 3};
    lca_csc *A = NULL;
    assert_int_equal(lca_csc_from_triplets_map(*state, 2, 1, 3, Ti, Tj, Tx,
                                               &A, map), LCA_OK);
    assert_int_equal(map[0], 1);
    assert_int_equal(map[1], 0);
    assert_int_equal(map[2], 1);  // the duplicate shares the slot
    lca_csc_destroy(&A);
}

int main(void) {
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, ctx_setup, ctx_teardown)
        T(test_uncertainty_names_round_trip),
        T(test_uncertainty_valid_rejects_bad_parameters),
        T(test_uncertainty_set_get_and_counts),
        T(test_uncertainty_report_lines),
        T(test_uncertainty_triplet_map_places_records),
#undef T
    };
    return cmocka_run_group_tests_name("uncertainty", tests, NULL, NULL);
}
