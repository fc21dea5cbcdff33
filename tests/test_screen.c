// tests/test_screen.c: first-order screening of every input (lca_screen)
// SPDX-License-Identifier: MIT
//
// Derivatives against central finite differences on 1,000 random inputs
// of random models in both conventions (1e-6 relative, plus the rounding
// floor of a difference quotient), the first-order variance against the
// Monte Carlo variance when the inputs vary little (a second method), a
// model without records, the pedigree fill, the ranking, and allocation
// failures.

#include <math.h>
#include <stdlib.h>

#include "lca/sensitivity.h"
#include "test_models.h"
#include "test_util.h"

// h = lambda' f for indicator ind of a model built from A, B, C.
static double score(lca_ctx *ctx, lca_convention conv, const lca_csc *A,
                    const lca_csc *B, const lca_csc *C, int64_t ind,
                    const double *f) {
    lca_model *M = NULL;
    assert_int_equal(lca_model_create(ctx, conv, A, B, C, &M), LCA_OK);
    lca_calc *c = NULL;
    assert_true(lca_calc_create(M, NULL, &c) >= 0);
    int64_t n = lca_model_dim(M, LCA_PRODUCTS);
    double *lam = malloc(sizeof *lam * (size_t)n), h = 0.0;
    assert_true(lca_calc_factors(c, 1, &ind, lam, NULL) >= 0);
    for (int64_t j = 0; j < n; j++) h += lam[j] * f[j];
    free(lam);
    lca_calc_destroy(&c);
    lca_model_destroy(&M);
    return h;
}

// Central difference of h in input (x, p) with step 1e-4 |value|.
static double central_difference(const lca_model *M, int x, int64_t p,
                                 int64_t ind, const double *f) {
    lca_ctx *ctx = lca_model_ctx(M);
    lca_csc *X[3];
    assert_int_equal(lca_csc_copy(lca_model_A(M), &X[0]), LCA_OK);
    assert_int_equal(lca_csc_copy(lca_model_B(M), &X[1]), LCA_OK);
    assert_int_equal(lca_csc_copy(lca_model_C(M), &X[2]), LCA_OK);
    double *v = lca_csc_values_mut(X[x]), v0 = v[p], dx = 1e-4 * fabs(v0);
    lca_convention conv = lca_model_convention(M);
    v[p] = v0 + dx;
    double hp = score(ctx, conv, X[0], X[1], X[2], ind, f);
    v[p] = v0 - dx;
    double hm = score(ctx, conv, X[0], X[1], X[2], ind, f);
    for (int q = 0; q < 3; q++) lca_csc_destroy(&X[q]);
    return (hp - hm) / (2.0 * dx);
}

static void test_screen_derivatives_match_finite_differences(void **state) {
    lca_ctx *ctx = *state;
    uint64_t rs = 99;
    for (int conv = 0; conv < 2; conv++) {
        lca_model *M = test_random_model(ctx, (lca_convention)conv, 40, 20, 3,
                                         0.25, 31 + conv, conv);
        test_random_uncertainty(M, 0.1, 0, 5);
        lca_calc *c = NULL;
        assert_true(lca_calc_create(M, NULL, &c) >= 0);
        double f[40] = {0};
        f[4] = 1.0;
        f[30] = 2.5;
        int64_t ind = 1;
        lca_screen_options o;
        lca_screen_options_default(&o);
        lca_screen *s = NULL;
        assert_int_equal(lca_screen_create(c, ind, f, &o, &s), LCA_OK);
        double h = lca_screen_score(s);
        int64_t nnz[3] = {lca_csc_nnz(lca_model_A(M)),
                          lca_csc_nnz(lca_model_B(M)),
                          lca_csc_nnz(lca_model_C(M))};
        for (int t = 0; t < 500; t++) {  // 2 x 500 = 1,000 inputs
            int x = t % 3;
            int64_t p = (int64_t)(test_rand(&rs) * (double)nnz[x]);
            double d = lca_screen_derivatives(s, (lca_matrix)x)[p];
            double fd = central_difference(M, x, p, ind, f);
            double v = fabs(lca_csc_values(x == 0 ? lca_model_A(M)
                                           : x == 1 ? lca_model_B(M)
                                                    : lca_model_C(M))[p]);
            double tol = 1e-6 * fabs(d) + 1e-12 * fabs(h) / v;
            if (fabs(fd - d) > tol) {
                fail_msg("conv %d matrix %d pos %lld: adjoint %.15g, finite "
                         "difference %.15g", conv, x, (long long)p, d, fd);
            }
        }
        lca_screen_destroy(&s);
        lca_calc_destroy(&c);
        lca_model_destroy(&M);
    }
}

// Scores of demand 0, indicator 0 over a Monte Carlo run.
typedef struct collect {
    double sum, sum2;
    int64_t n;
} collect;

static lca_status on_block(void *arg, const lca_mc_block *b) {
    collect *c = arg;
    for (int64_t q = 0; q < b->count; q++) {
        if (b->failed[q]) continue;
        c->sum += b->scores[q];
        c->sum2 += b->scores[q] * b->scores[q];
        c->n++;
    }
    return LCA_OK;
}

// With 1 % spreads h is nearly linear in its inputs: the Monte Carlo
// variance of 20,000 iterations equals V1 within its sampling error
// (sqrt(2/N) = 1 %; 5 % allowed).
static void test_screen_first_order_variance_matches_monte_carlo(void **state) {
    lca_ctx *ctx = *state;
    for (int conv = 0; conv < 2; conv++) {
        lca_model *M = test_random_model(ctx, (lca_convention)conv, 30, 10, 2,
                                         0.3, 41 + conv, 0);
        test_random_uncertainty(M, 0.01, conv, 3);
        int64_t idx[] = {2, 9};
        double val[] = {1.0, 0.5};
        assert_int_equal(lca_model_add_demand(M, "d", 2, idx, val), LCA_OK);
        double f[30] = {0};
        f[2] = 1.0;
        f[9] = 0.5;
        lca_calc *c = NULL;
        assert_true(lca_calc_create(M, NULL, &c) >= 0);
        lca_screen_options so;
        lca_screen_options_default(&so);
        lca_screen *s = NULL;
        assert_int_equal(lca_screen_create(c, 0, f, &so, &s), LCA_OK);
        lca_mc_options mo;
        lca_mc_options_default(&mo);
        int64_t ind = 0, dem = 0;
        mo.seed = 7;
        mo.nind = 1;
        mo.ind = &ind;
        mo.nd = 1;
        mo.demands = &dem;
        lca_mc *mc = NULL;
        assert_int_equal(lca_mc_create(M, &mo, &mc), LCA_OK);
        collect col = {0};
        assert_int_equal(lca_mc_run(mc, 0, 20000, on_block, &col, NULL), LCA_OK);
        double mean = col.sum / (double)col.n;
        double var = (col.sum2 - col.n * mean * mean) / (double)(col.n - 1);
        assert_close(var, lca_screen_variance(s), 0.05);
        assert_close(mean, lca_screen_score(s), 1e-3);
        lca_mc_destroy(&mc);
        lca_screen_destroy(&s);
        lca_calc_destroy(&c);
        lca_model_destroy(&M);
    }
}

// T = [2 -1; 0 1] (technosphere), one flow with B = [1 3], C = [2]:
// f = e0 gives s = [0.5, 0], lambda = [1, 7]; dh/da_00 = -lambda_0 s_0 =
// -0.5, dh/da_01 = -lambda_0 s_1 = 0, dh/db_0 = 2 s_0 = 1, dh/dc = g = 0.5.
static void test_screen_by_hand_and_ranking(void **state) {
    lca_ctx *ctx = *state;
    const double A[] = {2.0, -1.0, 0.0, 1.0}, B[] = {1.0, 3.0}, C[] = {2.0};
    lca_model *M = model_from_dense(ctx, LCA_TECHNOSPHERE, 2, 1, 1, A, B, C);
    // Normal sd 0.1 on a_00 (position 0) and on c (position 0 of C).
    lca_uncertainty ua[3], uc[1];
    for (int p = 0; p < 3; p++) ua[p] = lca_uncertainty_none();
    ua[0].dist = LCA_DIST_NORMAL;
    ua[0].p1 = 2.0;
    ua[0].p2 = 0.1;
    uc[0] = ua[0];
    uc[0].p1 = 2.0;
    uc[0].p2 = 0.3;
    assert_int_equal(lca_model_set_uncertainty(M, LCA_MATRIX_A, ua), LCA_OK);
    assert_int_equal(lca_model_set_uncertainty(M, LCA_MATRIX_C, uc), LCA_OK);
    lca_calc *c = NULL;
    assert_int_equal(lca_calc_create(M, NULL, &c), LCA_OK);
    double f[] = {1.0, 0.0};
    lca_screen_options o;
    lca_screen_options_default(&o);
    lca_screen *s = NULL;
    assert_int_equal(lca_screen_create(c, 0, f, &o, &s), LCA_OK);
    assert_close(lca_screen_score(s), 1.0, 1e-15);
    const double *dA = lca_screen_derivatives(s, LCA_MATRIX_A);
    assert_close(dA[0], -0.5, 1e-15);  // a_00
    assert_close(dA[1], 0.0, 0);       // a_01 (s_1 = 0)
    assert_close(lca_screen_derivatives(s, LCA_MATRIX_B)[0], 1.0, 1e-15);
    assert_close(lca_screen_derivatives(s, LCA_MATRIX_C)[0], 0.5, 1e-15);
    // V1 = 0.25 * 0.01 + 0.25 * 0.09 = 0.025; C's input first.
    assert_close(lca_screen_variance(s), 0.025, 1e-14);
    lca_input top[4];
    int64_t count;
    assert_int_equal(lca_screen_rank(s, 4, top, &count), LCA_OK);
    assert_int_equal(count, 2);
    assert_int_equal(top[0].matrix, LCA_MATRIX_C);
    assert_int_equal(top[1].matrix, LCA_MATRIX_A);
    assert_int_equal(top[1].pos, 0);
    int64_t row, col;
    lca_input last = {LCA_MATRIX_A, 2};
    assert_int_equal(lca_input_locate(M, last, &row, &col), LCA_OK);
    assert_int_equal(row, 1);
    assert_int_equal(col, 1);
    lca_input bad = {LCA_MATRIX_B, 5};
    assert_int_equal(lca_input_locate(M, bad, &row, &col), LCA_ERR_ARG);
    lca_screen_destroy(&s);
    lca_calc_destroy(&c);
    lca_model_destroy(&M);
}

// No records: a clear error. Pedigree scores alone: only with the fill.
static void test_screen_needs_uncertainty_records(void **state) {
    lca_ctx *ctx = *state;
    lca_model *M = test_random_model(ctx, LCA_TECHNOSPHERE, 10, 4, 1, 0.3, 2,
                                     0);
    lca_calc *c = NULL;
    assert_true(lca_calc_create(M, NULL, &c) >= 0);
    double f[10] = {1.0};
    lca_screen_options o;
    lca_screen_options_default(&o);
    lca_screen *s = NULL;
    assert_int_equal(lca_screen_create(c, 0, f, &o, &s), LCA_ERR_INVALID);
    assert_non_null(strstr(lca_ctx_errmsg(ctx), "no uncertainty records"));
    assert_null(s);
    int64_t nnz = lca_csc_nnz(lca_model_B(M));
    lca_uncertainty *u = calloc((size_t)nnz, sizeof *u);
    for (int64_t p = 0; p < nnz; p++) {
        u[p] = lca_uncertainty_none();
        for (int q = 0; q < 5; q++) u[p].pedigree[q] = 3;
    }
    assert_int_equal(lca_model_set_uncertainty(M, LCA_MATRIX_B, u), LCA_OK);
    assert_int_equal(lca_screen_create(c, 0, f, &o, &s), LCA_ERR_INVALID);
    assert_non_null(strstr(lca_ctx_errmsg(ctx), "pedigree fill"));
    o.pedigree_fill = 1;
    assert_int_equal(lca_screen_create(c, 0, f, &o, &s), LCA_OK);
    assert_int_equal(lca_screen_nuncertain(s), nnz);
    assert_true(lca_screen_variance(s) > 0.0);
    lca_screen_destroy(&s);
    assert_int_equal(lca_screen_create(c, 3, f, &o, &s), LCA_ERR_ARG);
    free(u);
    lca_calc_destroy(&c);
    lca_model_destroy(&M);
}

static void test_screen_allocation_failures(void **state) {
    lca_ctx *ctx = *state;
    lca_model *M = test_random_model(ctx, LCA_IO_COEFFICIENTS, 15, 5, 2, 0.3,
                                     4, 0);
    test_random_uncertainty(M, 0.1, 1, 1);
    lca_calc *c = NULL;
    assert_true(lca_calc_create(M, NULL, &c) >= 0);
    double f[15] = {0, 1.0};
    lca_screen_options o;
    lca_screen_options_default(&o);
    lca_screen *s = NULL;
    assert_int_equal(lca_screen_create(c, 1, f, &o, &s), LCA_OK);  // warm
    lca_screen_destroy(&s);
    test_alloc ta;
    test_alloc_install(ctx, &ta, -1);
    assert_nomem_each(&ta, s, lca_screen_create(c, 1, f, &o, &s),
                      lca_screen_destroy);
    lca_calc_destroy(&c);
    lca_model_destroy(&M);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            test_screen_derivatives_match_finite_differences, ctx_setup,
            ctx_teardown),
        cmocka_unit_test_setup_teardown(
            test_screen_first_order_variance_matches_monte_carlo, ctx_setup,
            ctx_teardown),
        cmocka_unit_test_setup_teardown(test_screen_by_hand_and_ranking,
                                        ctx_setup, ctx_teardown),
        cmocka_unit_test_setup_teardown(test_screen_needs_uncertainty_records,
                                        ctx_setup, ctx_teardown),
        cmocka_unit_test_setup_teardown(test_screen_allocation_failures,
                                        ctx_setup, ctx_teardown),
    };
    return cmocka_run_group_tests_name("screen", tests, NULL, NULL);
}
