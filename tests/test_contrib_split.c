// tests/test_contrib_split.c: contributions of one demand (lca_contrib)
// SPDX-License-Identifier: MIT
//
// Every split sums to the total to 1e-12 (random models, both conventions,
// mixed signs); the first-tier split of a 2-sector IO model by hand; the
// selection rules and their rest row; grouping; and the splits through
// Monte Carlo: totals equal to the run's own scores bit for bit, means of
// all process contributions adding up to the mean total, agreement with
// the deterministic split when inputs barely vary, the same bits on 1 and
// 2 threads, bad items.

#include <math.h>
#include <stdlib.h>

#include "lca/contrib.h"
#include "test_models.h"
#include "test_util.h"

static double sum(const double *v, int64_t n) {
    double s = 0.0;
    for (int64_t i = 0; i < n; i++) s += v[i];
    return s;
}

static double sum_abs(const double *v, int64_t n) {
    double s = 0.0;
    for (int64_t i = 0; i < n; i++) s += fabs(v[i]);
    return s;
}

// |a - h| <= 1e-12 max(|h|, sum |v|): rounding is relative to the terms.
static void assert_sums_to(const double *v, int64_t n, double extra, double h) {
    double scale = fmax(fabs(h), sum_abs(v, n) + fabs(extra));
    assert_true(fabs(sum(v, n) + extra - h) <= 1e-12 * scale);
}

static void test_contrib_splits_sum_to_total(void **state) {
    lca_ctx *ctx = *state;
    for (int conv = 0; conv < 2; conv++) {
        for (int mixed = 0; mixed < 2; mixed++) {
            lca_model *M = test_random_model(ctx, (lca_convention)conv, 50, 20,
                                             3, 0.2, 61 + 2 * conv + mixed,
                                             mixed);
            int64_t idx[] = {4, 20, 33};
            double val[] = {1.0, 0.5, mixed ? -0.25 : 2.0};
            assert_int_equal(lca_model_add_demand(M, "d", 3, idx, val), LCA_OK);
            lca_calc *c = NULL;
            assert_true(lca_calc_create(M, NULL, &c) >= 0);
            for (int64_t ind = 0; ind < 3; ind++) {
                lca_contrib *cb = NULL;
                assert_int_equal(lca_contrib_create(c, 0, ind, &cb), LCA_OK);
                double h = lca_contrib_total(cb);
                assert_true(h != 0.0);
                assert_sums_to(lca_contrib_values(cb, LCA_CONTRIB_PROCESS), 50,
                               0.0, h);
                assert_sums_to(lca_contrib_values(cb, LCA_CONTRIB_PRODUCT), 50,
                               0.0, h);
                assert_sums_to(lca_contrib_values(cb, LCA_CONTRIB_FLOW), 20,
                               0.0, h);
                assert_sums_to(lca_contrib_values(cb, LCA_CONTRIB_SUPPLIER), 50,
                               lca_contrib_own(cb), h);
                int64_t group_of[50];
                for (int j = 0; j < 50; j++) group_of[j] = j % 4 - 1;  // -1: none
                double grp[4];
                assert_int_equal(lca_contrib_group(ctx, 50,
                                     lca_contrib_values(cb, LCA_CONTRIB_PROCESS),
                                     group_of, 3, grp), LCA_OK);
                assert_sums_to(grp, 4, 0.0, h);
                assert_null(lca_contrib_values(cb, LCA_CONTRIB_GROUP));
                lca_contrib_destroy(&cb);
            }
            lca_calc_destroy(&c);
            lca_model_destroy(&M);
        }
    }
}

// A = [0.1 0.2; 0.3 0], D = [1 2], f = e0: lambda = [1.6, 2] / 0.84;
// own = D_0 = 1; suppliers a_00 lambda_0 and a_10 lambda_1.
static void test_contrib_first_tier_by_hand(void **state) {
    lca_ctx *ctx = *state;
    const double A[] = {0.1, 0.2, 0.3, 0.0}, B[] = {1.0, 2.0}, C[] = {1.0};
    lca_model *M = model_from_dense(ctx, LCA_IO_COEFFICIENTS, 2, 1, 1, A, B, C);
    int64_t idx = 0;
    double one = 1.0;
    assert_int_equal(lca_model_add_demand(M, "e0", 1, &idx, &one), LCA_OK);
    lca_calc *c = NULL;
    assert_int_equal(lca_calc_create(M, NULL, &c), LCA_OK);
    lca_contrib *cb = NULL;
    assert_int_equal(lca_contrib_create(c, 0, 0, &cb), LCA_OK);
    const double *sup = lca_contrib_values(cb, LCA_CONTRIB_SUPPLIER);
    assert_close(lca_contrib_total(cb), 1.6 / 0.84, 1e-15);
    assert_close(lca_contrib_own(cb), 1.0, 1e-15);
    assert_close(sup[0], 0.1 * 1.6 / 0.84, 1e-15);
    assert_close(sup[1], 0.3 * 2.0 / 0.84, 1e-15);
    // Process split: D_j s_j with s = (I - A)^-1 e0 = [1, 0.3] / 0.84.
    const double *pr = lca_contrib_values(cb, LCA_CONTRIB_PROCESS);
    assert_close(pr[0], 1.0 / 0.84, 1e-15);
    assert_close(pr[1], 0.6 / 0.84, 1e-15);
    lca_contrib_destroy(&cb);
    assert_int_equal(lca_contrib_create(c, 1, 0, &cb), LCA_ERR_ARG);
    assert_int_equal(lca_contrib_create(c, 0, 1, &cb), LCA_ERR_ARG);
    assert_null(cb);
    lca_calc_destroy(&c);
    lca_model_destroy(&M);
}

static void test_contrib_select_rules_and_rest(void **state) {
    lca_ctx *ctx = *state;
    // |v| order: 3 (40), 0 (30), 4 (-15), 1 (10), 2 (5); total 70.
    const double v[] = {30.0, 10.0, 5.0, 40.0, -15.0};
    int64_t idx[5], count;
    double rest;
    lca_contrib_cut cut = {2, 0.0, 0.0};
    assert_int_equal(lca_contrib_select(ctx, 5, v, 70.0, &cut, idx, &count,
                                        &rest), LCA_OK);
    assert_int_equal(count, 2);
    assert_int_equal(idx[0], 3);
    assert_int_equal(idx[1], 0);
    assert_close(rest, 0.0, 0);
    cut = (lca_contrib_cut){0, 0.15, 0.0};  // |v| >= 10.5
    assert_int_equal(lca_contrib_select(ctx, 5, v, 70.0, &cut, idx, &count,
                                        &rest), LCA_OK);
    assert_int_equal(count, 3);
    assert_int_equal(idx[2], 4);
    assert_close(rest, 15.0, 1e-15);
    // 80 % of sum |v| = 100: rows until 80 is reached: 40, 30, 15 (85).
    cut = (lca_contrib_cut){0, 0.0, 0.8};
    assert_int_equal(lca_contrib_select(ctx, 5, v, 70.0, &cut, idx, &count,
                                        &rest), LCA_OK);
    assert_int_equal(count, 3);
    assert_close(rest, 15.0, 1e-15);
    cut = (lca_contrib_cut){0, 0.0, 0.0};  // every nonzero row
    assert_int_equal(lca_contrib_select(ctx, 5, v, 70.0, &cut, idx, &count,
                                        &rest), LCA_OK);
    assert_int_equal(count, 5);
    assert_close(rest, 0.0, 0);
    cut = (lca_contrib_cut){0, 1.5, 0.0};
    assert_int_equal(lca_contrib_select(ctx, 5, v, 70.0, &cut, idx, &count,
                                        &rest), LCA_ERR_ARG);
    int64_t bad_group[] = {0, 1, 5, 0, 0};
    double grp[3];
    assert_int_equal(lca_contrib_group(ctx, 5, v, bad_group, 2, grp),
                     LCA_ERR_ARG);
}

typedef struct scores {
    double *h;
} scores;

static lca_status keep_scores(void *arg, const lca_mc_block *b) {
    scores *s = arg;
    for (int64_t q = 0; q < b->count; q++) s->h[b->first + q] = b->scores[q];
    return LCA_OK;
}

static lca_model *mc_model(lca_ctx *ctx, lca_convention conv, double rel) {
    lca_model *M = test_random_model(ctx, conv, 20, 8, 2, 0.3, 71 + conv, 0);
    test_random_uncertainty(M, rel, 1, 4);
    int64_t idx[] = {2, 11};
    double val[] = {1.0, 3.0};
    assert_int_equal(lca_model_add_demand(M, "d", 2, idx, val), LCA_OK);
    return M;
}

static void test_contrib_mc_totals_and_sums(void **state) {
    lca_ctx *ctx = *state;
    for (int conv = 0; conv < 2; conv++) {
        lca_model *M = mc_model(ctx, (lca_convention)conv, 0.1);
        lca_mc_options o;
        lca_mc_options_default(&o);
        int64_t dem = 0, ind = 1;
        o.seed = 5;
        o.nd = 1;
        o.demands = &dem;
        o.nind = 1;
        o.ind = &ind;
        lca_contrib_item items[24];
        for (int64_t j = 0; j < 20; j++) items[j] = (lca_contrib_item){0, j};
        items[20] = (lca_contrib_item){LCA_CONTRIB_FLOW, 3};
        items[21] = (lca_contrib_item){LCA_CONTRIB_SUPPLIER, -1};
        items[22] = (lca_contrib_item){LCA_CONTRIB_SUPPLIER, 5};
        items[23] = (lca_contrib_item){LCA_CONTRIB_GROUP, 1};
        int64_t group_of[20];
        for (int j = 0; j < 20; j++) group_of[j] = j % 2;
        lca_contrib_summary out[25], out2[25];
        int64_t nused;
        assert_int_equal(lca_contrib_mc(M, &o, 400, 24, items, group_of, 2, out,
                                        &nused), LCA_OK);
        assert_int_equal(nused, 400);
        // The total equals the run's own scores, bit for bit.
        lca_mc *mc = NULL;
        assert_int_equal(lca_mc_create(M, &o, &mc), LCA_OK);
        scores sc = {calloc(400, sizeof(double))};
        assert_int_equal(lca_mc_run(mc, 0, 400, keep_scores, &sc, NULL), LCA_OK);
        double q[LCA_MC_NQUANTILES];
        lca_quantiles(sc.h, 400, LCA_MC_NQUANTILES, lca_mc_quantile_p, q);
        assert_memory_equal(q, out[24].q, sizeof q);
        free(sc.h);
        lca_mc_destroy(&mc);
        // Means are linear: the process means add up to the mean total.
        double m = 0.0;
        for (int j = 0; j < 20; j++) m += out[j].mean;
        assert_close(m, out[24].mean, 1e-12);
        assert_close(out[24].share_mean, 1.0, 1e-15);
        // Two threads, same bits.
        lca_ctx_set_nthreads(ctx, 2);
        assert_int_equal(lca_contrib_mc(M, &o, 400, 24, items, group_of, 2,
                                        out2, NULL), LCA_OK);
        assert_memory_equal(out, out2, sizeof out);
        lca_ctx_set_nthreads(ctx, 1);
        lca_model_destroy(&M);
    }
}

// Inputs that barely vary: every Monte Carlo contribution equals the
// deterministic one (the two paths share their formulas, not their code).
static void test_contrib_mc_matches_deterministic(void **state) {
    lca_ctx *ctx = *state;
    for (int conv = 0; conv < 2; conv++) {
        lca_model *M = mc_model(ctx, (lca_convention)conv, 1e-10);
        lca_calc *c = NULL;
        assert_true(lca_calc_create(M, NULL, &c) >= 0);
        lca_contrib *cb = NULL;
        assert_int_equal(lca_contrib_create(c, 0, 0, &cb), LCA_OK);
        lca_contrib_item items[] = {
            {LCA_CONTRIB_PROCESS, 2}, {LCA_CONTRIB_PRODUCT, 11},
            {LCA_CONTRIB_FLOW, 1},    {LCA_CONTRIB_SUPPLIER, 7},
            {LCA_CONTRIB_SUPPLIER, -1},
        };
        double det[] = {lca_contrib_values(cb, LCA_CONTRIB_PROCESS)[2],
                        lca_contrib_values(cb, LCA_CONTRIB_PRODUCT)[11],
                        lca_contrib_values(cb, LCA_CONTRIB_FLOW)[1],
                        lca_contrib_values(cb, LCA_CONTRIB_SUPPLIER)[7],
                        lca_contrib_own(cb), lca_contrib_total(cb)};
        lca_mc_options o;
        lca_mc_options_default(&o);
        int64_t dem = 0;
        o.nd = 1;
        o.demands = &dem;
        lca_contrib_summary out[6];
        assert_int_equal(lca_contrib_mc(M, &o, 20, 5, items, NULL, 0, out, NULL),
                         LCA_OK);
        for (int t = 0; t < 6; t++) assert_close(out[t].mean, det[t], 1e-8);
        lca_contrib_item bad[] = {{LCA_CONTRIB_FLOW, 8}};
        assert_int_equal(lca_contrib_mc(M, &o, 20, 1, bad, NULL, 0, out, NULL),
                         LCA_ERR_ARG);
        lca_contrib_item nogroup[] = {{LCA_CONTRIB_GROUP, 0}};
        assert_int_equal(lca_contrib_mc(M, &o, 20, 1, nogroup, NULL, 0, out,
                                        NULL), LCA_ERR_ARG);
        lca_contrib_destroy(&cb);
        lca_calc_destroy(&c);
        lca_model_destroy(&M);
    }
}

static void test_contrib_allocation_failures(void **state) {
    lca_ctx *ctx = *state;
    lca_model *M = mc_model(ctx, LCA_TECHNOSPHERE, 0.1);
    lca_calc *c = NULL;
    assert_true(lca_calc_create(M, NULL, &c) >= 0);
    lca_contrib *cb = NULL;
    assert_int_equal(lca_contrib_create(c, 0, 1, &cb), LCA_OK);  // warm
    lca_contrib_destroy(&cb);
    test_alloc ta;
    test_alloc_install(ctx, &ta, -1);
    assert_nomem_each(&ta, cb, lca_contrib_create(c, 0, 1, &cb),
                      lca_contrib_destroy);
    lca_calc_destroy(&c);
    lca_model_destroy(&M);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_contrib_splits_sum_to_total,
                                        ctx_setup, ctx_teardown),
        cmocka_unit_test_setup_teardown(test_contrib_first_tier_by_hand,
                                        ctx_setup, ctx_teardown),
        cmocka_unit_test_setup_teardown(test_contrib_select_rules_and_rest,
                                        ctx_setup, ctx_teardown),
        cmocka_unit_test_setup_teardown(test_contrib_mc_totals_and_sums,
                                        ctx_setup, ctx_teardown),
        cmocka_unit_test_setup_teardown(test_contrib_mc_matches_deterministic,
                                        ctx_setup, ctx_teardown),
        cmocka_unit_test_setup_teardown(test_contrib_allocation_failures,
                                        ctx_setup, ctx_teardown),
    };
    return cmocka_run_group_tests_name("contrib_split", tests, NULL, NULL);
}
