// tests/test_calc.c: batch LCA, upstream factors and contributions
// (engine/calc.c, engine/contrib.c)
// SPDX-License-Identifier: MIT
//
// A 3-product model small enough to check by hand, the same system in
// both conventions, factors against demand results (lambda' f = c' B s),
// and singular models whose errors must name the products.

#include <math.h>
#include <stdlib.h>

#include "test_util.h"

// T (technosphere form): the 3x3 loop of test_solver.c; exact supply for
// one unit of product 0 is [197, 40, 2] / 193.
static const double T3[] = {1, -0.1, 0, -0.2, 1, -0.3, 0, -0.05, 1};
// B: CO2 and CH4 per unit of each activity; C: GWP (1, 29.8) and a
// second indicator counting CH4 only.
static const double B3[] = {2.0, 0.5, 0.0, 0.0, 0.01, 0.1};
static const double C3[] = {1.0, 29.8, 0.0, 1.0};

static lca_model *tiny_model(lca_ctx *ctx, lca_convention conv) {
    double A[9];
    for (int i = 0; i < 9; i++) {  // IO form: A = I - T
        A[i] = (conv == LCA_IO_COEFFICIENTS) ? ((i % 4 == 0) - T3[i]) : T3[i];
    }
    lca_model *M = model_from_dense(ctx, conv, 3, 2, 2, A, B3, C3);
    const char *pid[] = {"elec", "steel", "truck"};
    const char *iid[] = {"GWP", "CH4"};
    assert_int_equal(lca_model_set_labels(M, LCA_PRODUCTS, LCA_LABEL_ID, pid),
                     LCA_OK);
    assert_int_equal(lca_model_set_labels(M, LCA_INDICATORS, LCA_LABEL_ID,
                                          iid), LCA_OK);
    int64_t idx[] = {0, 2};
    double v0[] = {1.0}, v1[] = {2.0, 3.0};
    assert_int_equal(lca_model_add_demand(M, "one elec", 1, idx, v0), LCA_OK);
    assert_int_equal(lca_model_add_demand(M, "mix", 2, idx, v1), LCA_OK);
    return M;
}

static void test_calc_supply_and_scores_by_hand(void **state) {
    for (int conv = 0; conv < 2; conv++) {
        lca_model *M = tiny_model(*state, (lca_convention)conv);
        lca_calc *c = NULL;
        assert_int_equal(lca_calc_create(M, NULL, &c), LCA_OK);
        int64_t idx[] = {0};
        double S[3], G[2], H[2];
        assert_int_equal(lca_calc_demands(c, 1, idx, S, G, H), LCA_OK);
        double s[] = {197.0 / 193, 40.0 / 193, 2.0 / 193};
        for (int i = 0; i < 3; i++) assert_close(S[i], s[i], 1e-15);
        double co2 = 2.0 * s[0] + 0.5 * s[1], ch4 = 0.01 * s[1] + 0.1 * s[2];
        assert_close(G[0], co2, 1e-15);
        assert_close(G[1], ch4, 1e-15);
        assert_close(H[0], co2 + 29.8 * ch4, 1e-15);
        assert_close(H[1], ch4, 1e-15);
        lca_calc_destroy(&c);
        lca_model_destroy(&M);
    }
}

// N(:, j) equals the scores of one unit of product j, and lambda' f = h.
static void test_calc_factors_equal_unit_demand_scores(void **state) {
    lca_model *M = tiny_model(*state, LCA_TECHNOSPHERE);
    lca_calc *c = NULL;
    assert_int_equal(lca_calc_create(M, NULL, &c), LCA_OK);
    double N[6], D[6];
    assert_int_equal(lca_calc_factors(c, 2, NULL, N, D), LCA_OK);
    for (int j = 0; j < 3; j++) {
        double f[3] = {0, 0, 0}, S[3], h[2];
        f[j] = 1.0;
        assert_int_equal(lca_calc_supply(c, 1, f, S), LCA_OK);
        lca_csc_gemv(1.0, lca_calc_D(c), S, 0.0, h);
        assert_close(N[0 * 3 + j], h[0], 1e-14);
        assert_close(N[1 * 3 + j], h[1], 1e-14);
        // Direct part: D = C B column j.
        double dj0 = B3[j] * 1.0 + B3[3 + j] * 29.8;
        assert_close(D[j], dj0, 1e-15);
    }
    int64_t bad[] = {2};
    assert_int_equal(lca_calc_factors(c, 1, bad, N, NULL), LCA_ERR_ARG);
    lca_calc_destroy(&c);
    lca_model_destroy(&M);
}

// The scores of many demands by N f (no forward solves) equal D S.
static void test_calc_scores_by_factors_match_supply_path(void **state) {
    lca_model *M = tiny_model(*state, LCA_IO_COEFFICIENTS);
    lca_calc *c = NULL;
    assert_int_equal(lca_calc_create(M, NULL, &c), LCA_OK);
    int64_t idx[] = {0, 1, 1, 0};  // d = 4 > k = 2: the N f path
    double H1[8], H2[8], S[12];
    assert_int_equal(lca_calc_demands(c, 4, idx, NULL, NULL, H1), LCA_OK);
    assert_int_equal(lca_calc_demands(c, 4, idx, S, NULL, H2), LCA_OK);
    for (int i = 0; i < 8; i++) assert_close(H1[i], H2[i], 1e-14);
    int64_t bad[] = {5};
    assert_int_equal(lca_calc_demands(c, 1, bad, S, NULL, H1), LCA_ERR_ARG);
    lca_calc_destroy(&c);
    lca_model_destroy(&M);
}

static void test_calc_flow_factors_by_hand(void **state) {
    lca_model *M = tiny_model(*state, LCA_TECHNOSPHERE);
    lca_calc *c = NULL;
    assert_int_equal(lca_calc_create(M, NULL, &c), LCA_OK);
    int64_t fl[] = {0};
    double Mf[3];
    assert_int_equal(lca_calc_flow_factors(c, 1, fl, Mf), LCA_OK);
    // CO2 per unit of product 0: 2*s0 + 0.5*s1 with s from above.
    assert_close(Mf[0], 2.0 * 197 / 193 + 0.5 * 40 / 193, 1e-15);
    lca_calc_destroy(&c);
    lca_model_destroy(&M);
}

// ---- contributions (engine/contrib.c) --------------------------------------

// By product, for "one elec" (f = e_0, s = [197, 40, 2] / 193): the
// consumption-based table is h in column 0 and zero elsewhere, the
// production-based one D(i,p) s_p; both sum to h. "mix" checks the sums.
static void test_contrib_by_product_by_hand(void **state) {
    lca_model *M = tiny_model(*state, LCA_TECHNOSPHERE);
    lca_calc *c = NULL;
    assert_int_equal(lca_calc_create(M, NULL, &c), LCA_OK);
    int64_t idx[] = {0, 1};
    double S[6], H[4], Pt[12], Pd[12], Pt2[12], Pd2[12];
    assert_int_equal(lca_calc_demands(c, 2, idx, S, NULL, H), LCA_OK);
    assert_int_equal(lca_contrib_by_product(c, 2, idx, S, Pt, Pd), LCA_OK);
    double s[] = {197.0 / 193, 40.0 / 193, 2.0 / 193};
    for (int p = 0; p < 3; p++) {
        double d_gwp = B3[p] + 29.8 * B3[3 + p], d_ch4 = B3[3 + p];
        assert_close(Pd[0 * 3 + p], d_gwp * s[p], 1e-15);
        assert_close(Pd[1 * 3 + p], d_ch4 * s[p], 1e-15);
    }
    for (int i = 0; i < 2; i++) {
        assert_close(Pt[i * 3 + 0], H[i], 1e-14);
        assert_true(Pt[i * 3 + 1] == 0.0 && Pt[i * 3 + 2] == 0.0);
    }
    for (int j = 0; j < 2; j++) {
        for (int i = 0; i < 2; i++) {
            double st = 0.0, sd = 0.0;
            for (int p = 0; p < 3; p++) {
                st += Pt[(j * 2 + i) * 3 + p];
                sd += Pd[(j * 2 + i) * 3 + p];
            }
            assert_close(st, H[j * 2 + i], 1e-12);
            assert_close(sd, H[j * 2 + i], 1e-12);
        }
    }
    // Without S it is solved inside: the same bits.
    assert_int_equal(lca_contrib_by_product(c, 2, idx, NULL, Pt2, Pd2),
                     LCA_OK);
    assert_memory_equal(Pt, Pt2, sizeof Pt);
    assert_memory_equal(Pd, Pd2, sizeof Pd);
    assert_int_equal(lca_contrib_by_product(c, 1, idx, S, NULL, Pd2), LCA_OK);
    int64_t bad[] = {2};
    assert_int_equal(lca_contrib_by_product(c, 1, bad, NULL, Pt, Pd),
                     LCA_ERR_ARG);
    lca_calc_destroy(&c);
    lca_model_destroy(&M);
}

static void test_calc_singular_model_names_products(void **state) {
    lca_ctx *ctx = *state;
    // "steel" (column 1) duplicates "elec" (column 0): zero pivot.
    double A[] = {1, 1, 0, 2, 2, -0.1, 0, 0, 1};
    lca_csc *Ac = csc_from_dense(ctx, 3, 3, A);
    lca_csc *B = NULL, *C = NULL;
    assert_int_equal(lca_csc_create(ctx, 0, 3, 0, &B), LCA_OK);
    assert_int_equal(lca_csc_create(ctx, 0, 0, 0, &C), LCA_OK);
    lca_model *M = NULL;
    assert_int_equal(lca_model_create(ctx, LCA_TECHNOSPHERE, Ac, B, C, &M),
                     LCA_OK);
    const char *pid[] = {"elec", "steel", "truck"};
    assert_int_equal(lca_model_set_labels(M, LCA_PRODUCTS, LCA_LABEL_ID, pid),
                     LCA_OK);
    lca_calc *c = (lca_calc *)1;
    assert_int_equal(lca_calc_create(M, NULL, &c), LCA_ERR_SINGULAR);
    assert_null(c);
    const char *msg = lca_ctx_errmsg(ctx);
    assert_true(strstr(msg, "'elec'") != NULL || strstr(msg, "'steel'") != NULL);
    lca_model_destroy(&M);
    lca_csc_destroy(&Ac);
    // An activity with no exchanges: named as an empty column.
    double E[] = {1, 0, 0, 0, 0, 0, 0, 0, 1};
    Ac = csc_from_dense(ctx, 3, 3, E);
    assert_int_equal(lca_model_create(ctx, LCA_TECHNOSPHERE, Ac, B, C, &M),
                     LCA_OK);
    assert_int_equal(lca_model_set_labels(M, LCA_PRODUCTS, LCA_LABEL_ID, pid),
                     LCA_OK);
    assert_int_equal(lca_calc_create(M, NULL, &c), LCA_ERR_SINGULAR);
    assert_non_null(strstr(lca_ctx_errmsg(ctx), "'steel'"));
    assert_non_null(strstr(lca_ctx_errmsg(ctx), "empty column"));
    lca_model_destroy(&M);
    lca_csc_destroy(&Ac);
    lca_csc_destroy(&B);
    lca_csc_destroy(&C);
}

// T = [1 -1/0.3; -0.1*3 1] is singular to working precision (the second
// pivot is rounding, -2.2e-16): no factor may come out of it (they would
// be about 1e16 with exit 0). Dense: refused at the factorization (dgecon
// rcond 1.2e-17 < eps); sparse: at the solve (UMFPACK's pivot ratio
// 9.6e-16 misses it, the growth |T||x|/|b| = 5e16 >= 1/eps does not).
static void test_calc_refuses_singular_to_working_precision(void **state) {
    lca_ctx *ctx = *state;
    volatile double tenth = 0.1;
    double A[] = {1, -1.0 / 0.3, -tenth * 3, 1}, B[] = {1, 1}, C[] = {1};
    lca_csc *Ac = csc_from_dense(ctx, 2, 2, A), *Bc = csc_from_dense(ctx, 1,
                                                                     2, B);
    lca_csc *Cc = csc_from_dense(ctx, 1, 1, C);
    lca_model *M = NULL;
    assert_int_equal(lca_model_create(ctx, LCA_TECHNOSPHERE, Ac, Bc, Cc, &M),
                     LCA_OK);
    const char *pid[] = {"wood", "saw"};
    assert_int_equal(lca_model_set_labels(M, LCA_PRODUCTS, LCA_LABEL_ID, pid),
                     LCA_OK);
    lca_solver_options opt;
    lca_solver_options_default(&opt);
    opt.kind = LCA_SOLVER_DENSE;
    lca_calc *c = (lca_calc *)1;
    assert_int_equal(lca_calc_create(M, &opt, &c), LCA_ERR_SINGULAR);
    assert_null(c);
    assert_non_null(strstr(lca_ctx_errmsg(ctx), "working precision"));
    assert_non_null(strstr(lca_ctx_errmsg(ctx), "smallest pivot"));
    opt.kind = LCA_SOLVER_SPARSE;
    assert_true(lca_calc_create(M, &opt, &c) >= 0);
    double N[2] = {0, 0}, S[2], H[1];
    assert_int_equal(lca_calc_factors(c, 1, NULL, N, NULL), LCA_ERR_SINGULAR);
    assert_non_null(strstr(lca_ctx_errmsg(ctx), "working precision"));
    assert_true(strstr(lca_ctx_errmsg(ctx), "'wood'") != NULL ||
                strstr(lca_ctx_errmsg(ctx), "'saw'") != NULL);
    double f[2] = {1.0, 0.0};
    assert_int_equal(lca_calc_supply(c, 1, f, S), LCA_ERR_SINGULAR);
    int64_t d0 = 0;
    assert_int_equal(lca_model_add_demand(M, "one", 1, &d0, f), LCA_OK);
    assert_int_equal(lca_calc_demands(c, 1, &d0, NULL, NULL, H),
                     LCA_ERR_SINGULAR);
    lca_calc_destroy(&c);
    lca_model_destroy(&M);
    lca_csc_destroy(&Ac);
    lca_csc_destroy(&Bc);
    lca_csc_destroy(&Cc);
}

int main(void) {
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, ctx_setup, ctx_teardown)
        T(test_calc_supply_and_scores_by_hand),
        T(test_calc_factors_equal_unit_demand_scores),
        T(test_calc_scores_by_factors_match_supply_path),
        T(test_calc_flow_factors_by_hand),
        T(test_calc_singular_model_names_products),
        T(test_contrib_by_product_by_hand),
        T(test_calc_refuses_singular_to_working_precision),
#undef T
    };
    return cmocka_run_group_tests_name("calc", tests, NULL, NULL);
}
