// tests/test_pedigree.c: pedigree scores to a lognormal GSD (engine/pedigree.c)
// SPDX-License-Identifier: MIT

#include <math.h>

#include "test_util.h"

static void test_pedigree_all_ones_give_the_basic_gsd(void **state) {
    (void)state;
    const uint8_t ones[5] = {1, 1, 1, 1, 1}, zeros[5] = {0, 0, 0, 0, 0};
    const double basic[] = {1.0, 1.05, 1.2247, 3.0};
    for (int i = 0; i < 4; i++) {
        double gsd = 0.0;
        assert_int_equal(lca_pedigree_gsd(ones, basic[i], &gsd), LCA_OK);
        assert_true(gsd == basic[i]);
        assert_int_equal(lca_pedigree_gsd(zeros, basic[i], &gsd), LCA_OK);
        assert_true(gsd == basic[i]);
    }
}

// The ecoinvent v3 data quality guideline (Weidema et al. 2013) tabulates
// each cell as an added variance of ln(x); these are that table's printed
// numbers, as transcribed in OcelotProject/Ocelot (ocelot/transformations/
// uncertainty/pedigree.py, "original"), each with half a unit of its last
// printed digit as the rounding tolerance. With basic GSD 1 and one score
// set, ln(gsd)^2 is exactly that cell's added variance.
static void test_pedigree_matches_the_guideline_variance_table(void **state) {
    (void)state;
    static const double var[5][5] = {
        {0, 0.0006, 0.002, 0.008, 0.04},       // reliability
        {0, 0.0001, 0.0006, 0.002, 0.008},     // completeness
        {0, 0.0002, 0.002, 0.008, 0.04},       // temporal correlation
        {0, 0.000025, 0.0001, 0.0006, 0.002},  // geographical correlation
        {0, 0.0006, 0.008, 0.04, 0.12},        // further technological
    };
    static const double half_unit[5][5] = {
        {0, 0.00005, 0.0005, 0.0005, 0.005},
        {0, 0.00005, 0.00005, 0.0005, 0.0005},
        {0, 0.00005, 0.0005, 0.0005, 0.005},
        {0, 0.0000005, 0.00005, 0.00005, 0.0005},
        {0, 0.00005, 0.0005, 0.005, 0.005},
    };
    for (int i = 0; i < 5; i++) {
        for (int s = 1; s <= 5; s++) {
            uint8_t scores[5] = {1, 1, 1, 1, 1};
            scores[i] = (uint8_t)s;
            double gsd;
            assert_int_equal(lca_pedigree_gsd(scores, 1.0, &gsd), LCA_OK);
            double added = log(gsd) * log(gsd);
            if (fabs(added - var[i][s - 1]) > half_unit[i][s - 1]) {
                fail_msg("indicator %d score %d: variance %.6g, table %.6g", i,
                         s, added, var[i][s - 1]);
            }
        }
    }
}

// Scores (2,3,1,2,4) on basic GSD 1.05, by hand from the factors U:
//   basic                 ln(1.05)^2                 = 0.00238048
//   reliability 2         U = 1.05: (ln 1.05 / 2)^2  = 0.00059512
//   completeness 3        U = 1.05: (ln 1.05 / 2)^2  = 0.00059512
//   temporal 1            U = 1.00                   = 0
//   geographical 2        U = 1.01: (ln 1.01 / 2)^2  = 0.00002475
//   further tech. 4       U = 1.50: (ln 1.50 / 2)^2  = 0.04110049
//   sigma^2 = 0.04469596, sigma = 0.21141419, GSD = exp(sigma) = 1.23542395
// (The guideline's rounded variances give sigma^2 = 0.043605, GSD 1.2322.)
static void test_pedigree_hand_computed_example(void **state) {
    (void)state;
    const uint8_t scores[5] = {2, 3, 1, 2, 4};
    double gsd;
    assert_int_equal(lca_pedigree_gsd(scores, 1.05, &gsd), LCA_OK);
    assert_close(gsd, 1.2354239528293907, 1e-14);
    // Independent arithmetic of the same formula.
    double l = log(1.05), g = log(1.01), f = log(1.5);
    double s2 =
        l * l + 2.0 * (l / 2) * (l / 2) + (g / 2) * (g / 2) + (f / 2) * (f / 2);
    assert_close(gsd, exp(sqrt(s2)), 1e-15);
    assert_close(s2, 0.04469596, 1e-6);
}

static void test_pedigree_rejects_bad_input(void **state) {
    (void)state;
    const uint8_t ok[5] = {1, 2, 3, 4, 5}, bad[5] = {1, 2, 6, 4, 5};
    double gsd = 0.0;
    assert_int_equal(lca_pedigree_gsd(bad, 1.05, &gsd), LCA_ERR_ARG);
    assert_true(isnan(gsd));
    assert_int_equal(lca_pedigree_gsd(ok, 0.99, &gsd), LCA_ERR_ARG);
    assert_int_equal(lca_pedigree_gsd(ok, NAN, &gsd), LCA_ERR_ARG);
    assert_int_equal(lca_pedigree_gsd(ok, INFINITY, &gsd), LCA_ERR_ARG);
    assert_int_equal(lca_pedigree_gsd(ok, 1.0, &gsd), LCA_OK);
    assert_true(gsd > 1.0);
}

// Worse scores never give a smaller GSD.
static void test_pedigree_is_monotone_in_each_score(void **state) {
    (void)state;
    for (int i = 0; i < 5; i++) {
        double prev = 0.0;
        for (int s = 1; s <= 5; s++) {
            uint8_t scores[5] = {2, 2, 2, 2, 2};
            scores[i] = (uint8_t)s;
            double gsd;
            assert_int_equal(lca_pedigree_gsd(scores, 1.1, &gsd), LCA_OK);
            assert_true(gsd >= prev);
            prev = gsd;
        }
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pedigree_all_ones_give_the_basic_gsd),
        cmocka_unit_test(test_pedigree_matches_the_guideline_variance_table),
        cmocka_unit_test(test_pedigree_hand_computed_example),
        cmocka_unit_test(test_pedigree_rejects_bad_input),
        cmocka_unit_test(test_pedigree_is_monotone_in_each_score),
    };
    return cmocka_run_group_tests_name("pedigree", tests, NULL, NULL);
}
