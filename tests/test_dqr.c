// tests/test_dqr.c: contribution-weighted data-quality ratings (engine/factordb/dqr.c)
// SPDX-License-Identifier: MIT
//
// The tiny example model (datasets/examples/tiny) with pedigree scores on
// B, rated by hand; the cases without a rating; and on USLCI, the one
// transposed solve per score against the brute force: a forward solve
// per product and the weighted average of its exchanges' scores.

#include <math.h>
#include <stdlib.h>

#include "test_util.h"

// The tiny example: A (electricity, steel, transport), B (co2, ch4, ore),
// C (GWP100: 1, 28, 0; ORE: 0, 0, 1).
static const double A3[] = {1, -0.4, -0.2, -0.4, 1, 0, 0, -0.5, 1};
static const double B3[] = {0.5, 1.5, 0.1, 0.001, 0, 0, 0, 1.6, 0};
static const double C3[] = {1, 28, 0, 0, 0, 1};

// Scores of B's entries in B's CSC order: (co2, elec), (ch4, elec),
// (co2, steel), (ore, steel), (co2, transport). ch4 has none; transport's
// co2 lacks its completeness score.
static const uint8_t PED[5][5] = {{1, 2, 3, 4, 5},
                                  {0, 0, 0, 0, 0},
                                  {2, 1, 1, 1, 3},
                                  {1, 1, 1, 1, 1},
                                  {3, 0, 3, 3, 3}};

static lca_model *tiny(lca_ctx *ctx, int with_scores) {
    lca_model *M = model_from_dense(ctx, LCA_TECHNOSPHERE, 3, 3, 2, A3, B3, C3);
    if (with_scores) {
        lca_uncertainty u[5];
        for (int p = 0; p < 5; p++) {
            u[p] = lca_uncertainty_none();
            memcpy(u[p].pedigree, PED[p], 5);
        }
        assert_int_equal(lca_model_set_uncertainty(M, LCA_MATRIX_B, u), LCA_OK);
    }
    return M;
}

// One unit of steel needs s = (0.625, 1.25, 0.625) (electricity, steel,
// transport: s_s = 1 + 0.4 * 0.5 s_s). Weights |c_i B(i,j)| s_j:
//   co2 elec 0.5 * 0.625 = 0.3125     ch4 elec 28 * 0.001 * 0.625 = 0.0175
//   co2 steel 1.5 * 1.25 = 1.875      co2 transport 0.1 * 0.625 = 0.0625
// sum g = 2.2675 (the steel factor). A missing score counts 5:
//   reliability   0.3125*1 + 0.0175*5 + 1.875*2 + 0.0625*3 = 4.3375
//   completeness  0.3125*2 + 0.0175*5 + 1.875*1 + 0.0625*5 = 2.9
//   temporal      0.3125*3 + 0.0175*5 + 1.875*1 + 0.0625*3 = 3.0875
//   geographical  0.3125*4 + 0.0175*5 + 1.875*1 + 0.0625*3 = 3.4
//   technological 0.3125*5 + 0.0175*5 + 1.875*3 + 0.0625*3 = 7.4625
//   unscored      0.0175 + 0.0625 = 0.08
// One unit of electricity: s = (1.25, 0.5, 0.25), weights 0.625, 0.035,
// 0.75, 0.025, g = 1.435; reliability 0.625 + 0.175 + 1.5 + 0.075 = 2.375.
static void test_dqr_tiny_model_by_hand(void **state) {
    lca_model *M = tiny(*state, 1);
    lca_calc *c = NULL;
    assert_int_equal(lca_calc_create(M, NULL, &c), LCA_OK);
    lca_dqr_options opt;
    lca_dqr_options_default(&opt);
    double Q[5 * 3], dqr[3], un[3];
    assert_int_equal(lca_calc_dqr(c, &opt, Q, dqr, un), LCA_OK);
    const double g = 2.2675;
    const double steel[5] = {4.3375, 2.9, 3.0875, 3.4, 7.4625};
    for (int q = 0; q < 5; q++) assert_close(Q[q * 3 + 1], steel[q] / g, 1e-14);
    assert_close(un[1], 0.08 / g, 1e-14);
    assert_close(dqr[1], (7.4625 + 3.4 + 3.0875 + 4.3375) / 4 / g, 1e-14);
    assert_close(Q[0], 2.375 / 1.435, 1e-14);
    assert_close(un[0], (0.035 + 0.025) / 1.435, 1e-14);
    // A missing score counted as 1 instead: steel's completeness loses
    // (5 - 1) * (0.0175 + 0.0625) = 0.32.
    opt.missing_score = 1.0;
    assert_int_equal(lca_calc_dqr(c, &opt, Q, NULL, NULL), LCA_OK);
    assert_close(Q[1 * 3 + 1], (2.9 - 0.32) / g, 1e-14);
    lca_calc_destroy(&c);
    lca_model_destroy(&M);
}

// Without scores every exchange is unscored: all ratings are the missing
// score and the unscored share is 1; the ORE indicator weights only the
// steel exchange, rated (1,1,1,1,1) with scores.
static void test_dqr_without_scores_and_by_another_indicator(void **state) {
    for (int with = 0; with < 2; with++) {
        lca_model *M = tiny(*state, with);
        lca_calc *c = NULL;
        assert_int_equal(lca_calc_create(M, NULL, &c), LCA_OK);
        lca_dqr_options opt;
        lca_dqr_options_default(&opt);
        opt.indicator = 1;
        opt.missing_score = 4.0;
        double Q[5 * 3], dqr[3], un[3];
        assert_int_equal(lca_calc_dqr(c, &opt, Q, dqr, un), LCA_OK);
        for (int p = 0; p < 3; p++) {
            for (int q = 0; q < 5; q++) {
                assert_close(Q[q * 3 + p], with ? 1.0 : 4.0, 1e-15);
            }
            assert_close(dqr[p], with ? 1.0 : 4.0, 1e-15);
            assert_close(un[p], with ? 0.0 : 1.0, 1e-15);
        }
        lca_calc_destroy(&c);
        lca_model_destroy(&M);
    }
}

// Product 0 co-produces 0.9 of product 1 (an avoided product: s_1 =
// -0.9): weights 1 (score 1) and -0.9 (score 5) average to
// (1 - 4.5) / 0.1 = -35, outside 1..5, so no rating. Product 2 has no
// characterized exchange upstream: no rating either. Product 1 is rated.
static void test_dqr_gives_nan_when_there_is_no_rating(void **state) {
    lca_ctx *ctx = *state;
    const double A[] = {1, 0, 0, 0.9, 1, 0, 0, 0, 1};
    const double B[] = {1, 1, 0};
    const double C[] = {1};
    lca_model *M = model_from_dense(ctx, LCA_TECHNOSPHERE, 3, 1, 1, A, B, C);
    lca_uncertainty u[2] = {lca_uncertainty_none(), lca_uncertainty_none()};
    memset(u[0].pedigree, 1, 5);
    memset(u[1].pedigree, 5, 5);
    assert_int_equal(lca_model_set_uncertainty(M, LCA_MATRIX_B, u), LCA_OK);
    lca_calc *c = NULL;
    assert_int_equal(lca_calc_create(M, NULL, &c), LCA_OK);
    lca_dqr_options opt;
    lca_dqr_options_default(&opt);
    double Q[5 * 3], dqr[3], un[3];
    assert_int_equal(lca_calc_dqr(c, &opt, Q, dqr, un), LCA_OK);
    for (int p = 0; p < 3; p += 2) {
        for (int q = 0; q < 5; q++) assert_true(isnan(Q[q * 3 + p]));
        assert_true(isnan(dqr[p]) && isnan(un[p]));
    }
    assert_close(dqr[1], 5.0, 1e-15);
    assert_close(un[1], 0.0, 1e-15);
    lca_calc_destroy(&c);
    lca_model_destroy(&M);
}

static void test_dqr_rejects_bad_options(void **state) {
    lca_model *M = tiny(*state, 1);
    lca_calc *c = NULL;
    assert_int_equal(lca_calc_create(M, NULL, &c), LCA_OK);
    lca_dqr_options opt;
    lca_dqr_options_default(&opt);
    double dqr[3];
    opt.indicator = 2;
    assert_int_equal(lca_calc_dqr(c, &opt, NULL, dqr, NULL), LCA_ERR_ARG);
    opt.indicator = 0;
    opt.missing_score = 0.0;
    assert_int_equal(lca_calc_dqr(c, &opt, NULL, dqr, NULL), LCA_ERR_ARG);
    opt.missing_score = NAN;
    assert_int_equal(lca_calc_dqr(c, &opt, NULL, dqr, NULL), LCA_ERR_ARG);
    assert_string_equal(lca_dqr_score_str(LCA_DQR_TEMPORAL), "temporal");
    assert_string_equal(lca_dqr_score_str((lca_dqr_score)9), "unknown");
    lca_calc_destroy(&c);
    lca_model_destroy(&M);
}

// The k-th allocation fails: NOMEM and nothing leaks.
static void test_dqr_survives_allocation_failures(void **state) {
    lca_ctx *ctx = *state;
    lca_model *M = tiny(ctx, 1);
    lca_calc *c = NULL;
    assert_int_equal(lca_calc_create(M, NULL, &c), LCA_OK);
    lca_dqr_options opt;
    lca_dqr_options_default(&opt);
    double warm[3];  // the solver keeps its workspace from the first solve
    assert_int_equal(lca_calc_dqr(c, &opt, NULL, warm, NULL), LCA_OK);
    test_alloc ta;
    test_alloc_install(ctx, &ta, -1);
    for (int64_t k = 0;; k++) {
        test_alloc_fail_at(&ta, k);
        int64_t live = ta.live;
        double dqr[3];
        lca_status st = lca_calc_dqr(c, &opt, NULL, dqr, NULL);
        assert_int_equal(ta.live, live);
        if (st == LCA_OK) break;
        assert_int_equal(st, LCA_ERR_NOMEM);
    }
    test_alloc_fail_at(&ta, -1);
    lca_calc_destroy(&c);
    lca_model_destroy(&M);
}

// The brute force for product p: supply s = T \ e_p, then the weighted
// averages of the scores over every characterized exchange.
static void brute_force(const lca_model *M, const double *s, double *Q,
                        double *un) {
    const lca_csc *B = lca_model_B(M), *C = lca_model_C(M);
    const lca_uncertainty *U = lca_model_uncertainty(M, LCA_MATRIX_B);
    int64_t m = lca_csc_nrows(B), n = lca_csc_ncols(B);
    double *c = calloc((size_t)m, sizeof *c);
    for (int64_t f = 0; f < m; f++) {
        for (int64_t p = lca_csc_colptr(C)[f]; p < lca_csc_colptr(C)[f + 1];
             p++) {
            if (lca_csc_rowidx(C)[p] == 0) c[f] = lca_csc_values(C)[p];
        }
    }
    double num[5] = {0}, g = 0, u = 0;
    for (int64_t j = 0; j < n; j++) {
        for (int64_t p = lca_csc_colptr(B)[j]; p < lca_csc_colptr(B)[j + 1];
             p++) {
            double w =
                fabs(c[lca_csc_rowidx(B)[p]] * lca_csc_values(B)[p]) * s[j];
            int missing = 0;
            for (int q = 0; q < 5; q++) {
                int sc = U != NULL ? U[p].pedigree[q] : 0;
                missing |= sc == 0;
                num[q] += w * (sc ? sc : 5);
            }
            g += w;
            if (missing) u += w;
        }
    }
    for (int q = 0; q < 5; q++) Q[q] = num[q] / g;
    *un = u / g;
    free(c);
}

// USLCI with AR6 GWP100: every product's five scores and unscored share
// against the brute force, to 1e-10 relative (a forward and a transposed
// solve round differently; the supply chains reach 1e3 in scale).
static void test_dqr_equals_brute_force_on_uslci(void **state) {
    lca_ctx *ctx = *state;
    const char *zip =
        src_path("datasets/uslci/raw/uslci_olca1_5_0_json_ld.zip");
    if (!file_exists(zip)) skip();
    lca_model *M = NULL;
    assert_int_equal(lca_import_olca(ctx, zip, &M), LCA_OK);
    lca_method *meth = NULL;
    assert_int_equal(
        lca_method_read_csv(ctx, src_path("datasets/methods/gwp100-ar6.csv"),
                            &meth),
        LCA_OK);
    assert_int_equal(lca_method_apply(meth, M, NULL), LCA_OK);
    lca_calc *c = NULL;
    assert_true(lca_calc_create(M, NULL, &c) >= 0);
    int64_t n = lca_model_dim(M, LCA_PRODUCTS);
    lca_dqr_options opt;
    lca_dqr_options_default(&opt);
    double *Q = malloc((size_t)(5 * n) * sizeof *Q);
    double *un = malloc((size_t)n * sizeof *un);
    double *E = calloc((size_t)(n * n), sizeof *E);
    double *S = malloc((size_t)(n * n) * sizeof *S);
    assert_true(lca_calc_dqr(c, &opt, Q, NULL, un) >= 0);
    for (int64_t p = 0; p < n; p++) E[p * n + p] = 1.0;
    assert_true(lca_calc_supply(c, n, E, S) >= 0);
    int64_t rated = 0, partly = 0;
    double worst = 0.0;
    for (int64_t p = 0; p < n; p++) {
        double q[5], u;
        brute_force(M, S + p * n, q, &u);
        if (isnan(Q[p])) {  // then the brute force has no rating either
            int out = isnan(q[0]);
            for (int i = 0; i < 5; i++) out |= q[i] < 1.0 || q[i] > 5.0;
            assert_true(out);
            continue;
        }
        rated++;
        partly += un[p] < 1.0;
        for (int i = 0; i < 5; i++) {
            double d = fabs(Q[i * n + p] - q[i]) / q[i];
            worst = d > worst ? d : worst;
        }
        worst = fabs(un[p] - u) > worst ? fabs(un[p] - u) : worst;
    }
    print_message(
        "USLCI: %lld of %lld products rated, %lld with scores; "
        "worst difference from the brute force %.3g\n",
        (long long)rated, (long long)n, (long long)partly, worst);
    assert_true(worst <= 1e-10);
    assert_true(rated > n / 2 && partly > 0);
    free(Q);
    free(un);
    free(E);
    free(S);
    lca_calc_destroy(&c);
    lca_method_destroy(&meth);
    lca_model_destroy(&M);
}

int main(void) {
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, ctx_setup, ctx_teardown)
        T(test_dqr_tiny_model_by_hand),
        T(test_dqr_without_scores_and_by_another_indicator),
        T(test_dqr_gives_nan_when_there_is_no_rating),
        T(test_dqr_rejects_bad_options),
        T(test_dqr_survives_allocation_failures),
        T(test_dqr_equals_brute_force_on_uslci),
#undef T
    };
    return cmocka_run_group_tests_name("dqr", tests, NULL, NULL);
}
