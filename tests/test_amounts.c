// tests/test_amounts.c: uncertainty records that contradict their amounts
// (lca_uncertainty_contradicts, lca_model_check_amounts; engine/mc/)
// SPDX-License-Identifier: MIT
//
// Each distribution by hand: a record that fits, one whose support misses
// the amount, one whose central value is more than the factor off (and
// exactly at the factor, which passes); a small model fixed and reported;
// and the two records of the bundled USLCI (uniform(0, 9.68 kg) on inputs
// of 1.07e-6 kg of ethylene glycol).

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lca/io_procdb.h"
#include "lca/model.h"
#include "test_util.h"

static lca_uncertainty rec(lca_dist d, double p1, double p2, double p3) {
    lca_uncertainty u = lca_uncertainty_none();
    u.dist = (uint8_t)d;
    u.p1 = p1;
    u.p2 = p2;
    u.p3 = p3;
    return u;
}

static void test_amounts_each_distribution_by_hand(void **state) {
    (void)state;
    static const struct {
        lca_dist d;
        double p1, p2, p3, lo, hi, amount, central;
        int want;  // 0 fits, 1 support, 2 central value
    } cases[] = {
        // lognormal: median p1; support (0, inf) times its sign
        {LCA_DIST_LOGNORMAL, 2, 1.5, 0, NAN, NAN, 2, 2, 0},
        {LCA_DIST_LOGNORMAL, 2, 1.5, 0, NAN, NAN, 20, 2, 0},   // exactly 10x
        {LCA_DIST_LOGNORMAL, 2, 1.5, 0, NAN, NAN, 20.01, 2, 2},
        {LCA_DIST_LOGNORMAL, -2, 1.5, 0, NAN, NAN, -0.2, -2, 0},
        {LCA_DIST_LOGNORMAL, 2, 1.5, 0, NAN, NAN, -2, 2, 1},   // sign
        {LCA_DIST_LOGNORMAL, 2, 1.5, 0, NAN, NAN, 0, 2, 1},    // 0 is out
        // normal: mean p1, support everything
        {LCA_DIST_NORMAL, 5, 1, 0, NAN, NAN, 0.5, 5, 0},
        {LCA_DIST_NORMAL, 5, 1, 0, NAN, NAN, 0.49, 5, 2},
        {LCA_DIST_NORMAL, 5, 1, 0, NAN, NAN, -5, 5, 2},        // sign
        {LCA_DIST_NORMAL, 5, 1, 0, 4, 6, 3, 5, 1},             // bounds
        {LCA_DIST_NORMAL, 0, 1, 0, NAN, NAN, 0, 0, 0},         // 0 and 0
        {LCA_DIST_NORMAL, 0.1, 1, 0, NAN, NAN, 0, 0.1, 2},     // 0 vs 0.1
        // uniform: midpoint; the USLCI case
        {LCA_DIST_UNIFORM, 0, 9.68, 0, NAN, NAN, 1.07e-6, 4.84, 2},
        {LCA_DIST_UNIFORM, -9.68, 0, 0, NAN, NAN, -1.07e-6, -4.84, 2},
        {LCA_DIST_UNIFORM, 1, 3, 0, NAN, NAN, 2.5, 2, 0},
        {LCA_DIST_UNIFORM, 1, 3, 0, NAN, NAN, 3.5, 2, 1},
        // triangular and PERT: mode
        {LCA_DIST_TRIANGULAR, 1, 2, 30, NAN, NAN, 20, 2, 0},
        {LCA_DIST_TRIANGULAR, 1, 2, 30, NAN, NAN, 25, 2, 2},
        {LCA_DIST_TRIANGULAR, 1, 2, 30, NAN, NAN, 0.5, 2, 1},
        {LCA_DIST_PERT, -4, -3, -1, NAN, NAN, -2, -3, 0},
        {LCA_DIST_PERT, -4, -3, -1, NAN, NAN, -0.5, -3, 1},
        // gamma: location p3 + k theta (mirrored for a negative amount)
        {LCA_DIST_GAMMA, 2, 1.5, 1, NAN, NAN, 4, 4, 0},
        {LCA_DIST_GAMMA, 2, 1.5, 1, NAN, NAN, 0.5, 4, 1},
        {LCA_DIST_GAMMA, 2, 1.5, -1, NAN, NAN, -4, -4, 0},
        {LCA_DIST_GAMMA, 2, 1.5, -1, NAN, NAN, -50, -4, 2},
        {LCA_DIST_NONE, 0, 0, 0, NAN, NAN, 7, 7, 0},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        lca_uncertainty u = rec(cases[c].d, cases[c].p1, cases[c].p2,
                                cases[c].p3);
        u.lo = cases[c].lo;
        u.hi = cases[c].hi;
        char why[256] = "";
        assert_true(lca_uncertainty_valid(&u, cases[c].amount, why,
                                          sizeof why));
        int got = lca_uncertainty_contradicts(&u, cases[c].amount, 10.0, why,
                                              sizeof why);
        if (got != cases[c].want) {
            print_error("case %zu: %d, want %d (%s)\n", c, got, cases[c].want,
                        why);
        }
        assert_int_equal(got, cases[c].want);
        assert_true(lca_uncertainty_central(&u, cases[c].amount) ==
                    cases[c].central);
        if (got == 2) assert_non_null(strstr(why, "central value"));
        if (got == 1) assert_non_null(strstr(why, "outside the support"));
    }
    // A larger factor lets the central case through.
    lca_uncertainty u = rec(LCA_DIST_NORMAL, 5, 1, 0);
    assert_int_equal(lca_uncertainty_contradicts(&u, 0.49, 11, NULL, 0), 0);
}

// Two products; A has one contradicting record, B one in each kind.
static lca_model *small_model(lca_ctx *ctx) {
    double A[4] = {1, -0.2, 0, 1}, B[4] = {0.5, 2, 3, 0};
    lca_model *M = model_from_dense(ctx, LCA_TECHNOSPHERE, 2, 2, 0, A, B, A);
    const char *pid[2] = {"p0", "p1"}, *fid[2] = {"co2", "ch4"};
    assert_int_equal(lca_model_set_labels(M, LCA_PRODUCTS, LCA_LABEL_ID, pid),
                     0);
    assert_int_equal(lca_model_set_labels(M, LCA_FLOWS, LCA_LABEL_ID, fid), 0);
    // A, by column: A(0,0) 1, A(0,1) -0.2, A(1,1) 1 (row-major input above).
    lca_uncertainty ua[3] = {rec(LCA_DIST_NONE, 0, 0, 0),
                             rec(LCA_DIST_UNIFORM, -9.68, 0, 0),
                             rec(LCA_DIST_LOGNORMAL, 1, 1.1, 0)};
    ua[1].pedigree[0] = 3;
    assert_int_equal(lca_model_set_uncertainty(M, LCA_MATRIX_A, ua), LCA_OK);
    // B: B(0,0) 0.5, B(1,0) 3, B(0,1) 2.
    lca_uncertainty ub[3] = {rec(LCA_DIST_TRIANGULAR, 0.6, 1, 2),
                             rec(LCA_DIST_NORMAL, 3, 1, 0),
                             rec(LCA_DIST_LOGNORMAL, 200, 1.2, 0)};
    assert_int_equal(lca_model_set_uncertainty(M, LCA_MATRIX_B, ub), LCA_OK);
    return M;
}

static void test_amounts_model_fixed_and_reported(void **state) {
    lca_ctx *ctx = *state;
    lca_model *M = small_model(ctx);
    lca_amount_summary sum;
    assert_int_equal(lca_model_count_amounts(M, 10.0, &sum), LCA_OK);
    assert_int_equal(sum.records, 6);
    assert_int_equal(sum.support, 1);  // B(0,0): 0.5 outside [0.6, 2]
    assert_int_equal(sum.central, 2);  // A(0,1) uniform; B(0,1) 200 vs 2
    assert_int_equal(sum.by_matrix[0], 1);
    assert_int_equal(sum.by_matrix[1], 2);
    assert_int_equal(lca_model_nreports(M), 0);  // counting changes nothing
    // Keep: reported only.
    lca_amount_check opt;
    lca_amount_check_default(&opt);
    assert_true(opt.factor == 10.0 && opt.fix == 1 && opt.report == 1);
    opt.fix = 0;
    assert_int_equal(lca_model_check_amounts(M, &opt, &sum), LCA_OK);
    assert_int_equal(sum.fixed, 0);
    assert_int_equal(lca_model_nreports(M), 3);
    assert_int_equal(lca_model_uncertainty(M, LCA_MATRIX_A)[1].dist,
                     LCA_DIST_UNIFORM);
    const char *d = lca_model_report(M, 0, LCA_REPORT_DETAIL);
    assert_string_equal(lca_model_report(M, 0, LCA_REPORT_KIND),
                        "uncertainty contradicts amount");
    assert_string_equal(lca_model_report(M, 0, LCA_REPORT_ID), "p1");
    assert_non_null(strstr(d, "A(0, 1): uniform(-9.68, 0)"));
    assert_non_null(strstr(d, "kept"));
    // Fix (the default): dist NONE, pedigree kept, the rest untouched.
    assert_int_equal(lca_model_check_amounts(M, NULL, &sum), LCA_OK);
    assert_int_equal(sum.fixed, 3);
    assert_int_equal(lca_model_nreports(M), 6);
    const lca_uncertainty *ua = lca_model_uncertainty(M, LCA_MATRIX_A);
    const lca_uncertainty *ub = lca_model_uncertainty(M, LCA_MATRIX_B);
    assert_int_equal(ua[1].dist, LCA_DIST_NONE);
    assert_int_equal(ua[1].pedigree[0], 3);
    assert_int_equal(ua[2].dist, LCA_DIST_LOGNORMAL);
    assert_int_equal(ub[0].dist, LCA_DIST_NONE);
    assert_int_equal(ub[1].dist, LCA_DIST_NORMAL);
    assert_int_equal(ub[2].dist, LCA_DIST_NONE);
    assert_non_null(strstr(lca_model_report(M, 5, LCA_REPORT_DETAIL),
                           "dropped to fixed"));
    // Now nothing contradicts; a bad factor is refused.
    assert_int_equal(lca_model_count_amounts(M, 10.0, &sum), LCA_OK);
    assert_int_equal(sum.support + sum.central, 0);
    opt.factor = 0.5;
    assert_int_equal(lca_model_check_amounts(M, &opt, &sum), LCA_ERR_ARG);
    assert_int_equal(lca_model_count_amounts(M, NAN, &sum), LCA_ERR_ARG);
    lca_model_destroy(&M);
}

static void test_amounts_uslci_two_ethylene_glycol_inputs(void **state) {
    lca_ctx *ctx = *state;
    lca_model *M = NULL;
    assert_int_equal(lca_import_olca(ctx, src_path("datasets/uslci/raw/"
                                                   "uslci_olca1_5_0_json_ld."
                                                   "zip"),
                                     &M),
                     LCA_OK);
    int64_t n0 = lca_model_nreports(M);
    lca_amount_summary sum;
    assert_int_equal(lca_model_check_amounts(M, NULL, &sum), LCA_OK);
    assert_int_equal(sum.support, 0);
    assert_int_equal(sum.central, 2);
    assert_int_equal(sum.by_matrix[0], 2);
    assert_int_equal(sum.fixed, 2);
    for (int64_t r = n0; r < lca_model_nreports(M); r++) {
        const char *d = lca_model_report(M, r, LCA_REPORT_DETAIL);
        assert_string_equal(lca_model_report(M, r, LCA_REPORT_NAME),
                            "Ethylene glycol, at plant ");
        assert_non_null(strstr(d, "uniform(-9.68417, -0)"));
        assert_non_null(strstr(d, "the amount -1.07e-06"));
        assert_non_null(strstr(d, "Wood Combusted, at boiler"));
    }
    assert_int_equal(lca_model_nreports(M), n0 + 2);
    lca_model_destroy(&M);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_amounts_each_distribution_by_hand),
        cmocka_unit_test_setup_teardown(test_amounts_model_fixed_and_reported,
                                        ctx_setup, ctx_teardown),
        cmocka_unit_test_setup_teardown(
            test_amounts_uslci_two_ethylene_glycol_inputs, ctx_setup,
            ctx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
