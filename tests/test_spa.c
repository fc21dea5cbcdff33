// tests/test_spa.c: supply-chain tree and structural path analysis
// SPDX-License-Identifier: MIT
//
// A 2-sector IO model checked by hand, the accounting identity (paths +
// residual = total, 1e-12) in both conventions and with mixed signs, the
// largest paths against exhaustive enumeration (tests/spa_brute.c) to
// stage 4, the tree order, bad options and allocation failures. USEEIO is
// in tests/test_spa_useeio.c.

#include <math.h>
#include <stdlib.h>

#include "lca/spa.h"
#include "spa_brute.h"
#include "test_models.h"
#include "test_util.h"

// A = [0.1 0.2; 0.3 0], D = [1 2] (one flow, CF 1): lambda = D (I-A)^-1 =
// [1.6, 2] / 0.84.
static lca_model *two_sectors(lca_ctx *ctx) {
    const double A[] = {0.1, 0.2, 0.3, 0.0}, B[] = {1.0, 2.0}, C[] = {1.0};
    lca_model *M = model_from_dense(ctx, LCA_IO_COEFFICIENTS, 2, 1, 1, A, B, C);
    return M;
}

static void test_spa_two_sectors_by_hand(void **state) {
    lca_model *M = two_sectors(*state);
    lca_calc *c = NULL;
    assert_int_equal(lca_calc_create(M, NULL, &c), LCA_OK);
    lca_spa_options o;
    lca_spa_options_default(&o);
    o.max_depth = 1;
    int64_t ind = 0;
    double f[] = {1.0, 0.0};
    lca_spa *s = NULL;
    assert_int_equal(lca_spa_create(c, 1, &ind, f, &o, &s), LCA_OK);
    lca_spa_summary sum = lca_spa_get_summary(s);
    // Root (sector 0), then (1, 0.3) with key 0.375, then (0, 0.1).
    assert_int_equal(sum.nodes, 3);
    assert_int_equal(sum.expanded, 1);
    assert_true(sum.bound_exact);
    const int64_t *prod = lca_spa_product(s), *par = lca_spa_parent(s);
    const double *cum = lca_spa_cumulative(s), *dir = lca_spa_direct(s);
    assert_int_equal(prod[0], 0);
    assert_int_equal(prod[1], 1);
    assert_int_equal(prod[2], 0);
    assert_int_equal(par[0], -1);
    assert_int_equal(par[1], 0);
    assert_int_equal(par[2], 0);
    assert_close(lca_spa_total(s)[0], 1.6 / 0.84, 1e-15);
    assert_close(cum[0], 1.6 / 0.84, 1e-15);
    assert_close(cum[1], 0.3 * 2.0 / 0.84, 1e-15);
    assert_close(cum[2], 0.1 * 1.6 / 0.84, 1e-15);
    assert_close(dir[0], 1.0, 1e-15);
    assert_close(dir[1], 0.6, 1e-15);
    assert_close(dir[2], 0.1, 1e-15);
    // Enumerated 1.7; the stage-1 nodes hold the rest upstream.
    assert_close(lca_spa_enumerated(s)[0], 1.7, 1e-15);
    assert_close(lca_spa_residual(s)[0], 1.6 / 0.84 - 1.7, 1e-13);
    assert_true(sum.closure < 1e-15);
    lca_spa_destroy(&s);
    lca_calc_destroy(&c);
    lca_model_destroy(&M);
}

// Paths + residual = total for every indicator, in both conventions.
static void test_spa_paths_and_residual_sum_to_total(void **state) {
    for (int conv = 0; conv < 2; conv++) {
        for (int mixed = 0; mixed < 2; mixed++) {
            lca_model *M = test_random_model(*state, (lca_convention)conv, 40,
                                             15, 3, 0.2, 7 + conv, mixed);
            lca_calc *c = NULL;
            assert_true(lca_calc_create(M, NULL, &c) >= 0);
            lca_spa_options o;
            lca_spa_options_default(&o);
            o.cutoff = 1e-5;
            o.max_depth = 12;
            int64_t ind[] = {0, 1, 2};
            double f[40] = {0};
            f[3] = 2.0;
            f[17] = mixed ? -0.5 : 0.5;
            lca_spa *s = NULL;
            assert_int_equal(lca_spa_create(c, 3, ind, f, &o, &s), LCA_OK);
            lca_spa_summary sum = lca_spa_get_summary(s);
            assert_true(sum.nodes > 50);
            // Mixed signs: the absolute system gives the bound.
            assert_true(sum.bound_exact);
            assert_true(sum.closure < 1e-12);
            for (int r = 0; r < 3; r++) {
                assert_close(lca_spa_enumerated(s)[r] + lca_spa_residual(s)[r],
                             lca_spa_total(s)[r], 1e-12);
            }
            lca_spa_destroy(&s);
            lca_calc_destroy(&c);
            lca_model_destroy(&M);
        }
    }
}

// The product sequence of node v, root first; returns its length.
static int64_t node_path(const lca_spa *s, int64_t v, int64_t *prod) {
    int64_t tmp[64], len = 0;
    for (int64_t u = v; u >= 0; u = lca_spa_parent(s)[u]) {
        tmp[len++] = lca_spa_product(s)[u];
    }
    for (int64_t i = 0; i < len; i++) prod[i] = tmp[len - 1 - i];
    return len;
}

// The top K paths of lca_spa (stage limit L, top mode) equal brute force.
static void check_top_paths(lca_calc *c, const lca_model *M, int64_t ind,
                            int64_t root, int64_t L, int64_t K) {
    brute_path bp[BRUTE_MAXK];
    int64_t nb = brute_top_paths(M, ind, root, L, K, bp);
    assert_int_equal(nb, K);
    lca_spa_options o;
    lca_spa_options_default(&o);
    o.cutoff = 1e-9;
    o.max_depth = L;
    o.top = K;
    int64_t n = lca_model_dim(M, LCA_PRODUCTS);
    double *f = calloc((size_t)n, sizeof *f);
    f[root] = 1.0;
    lca_spa *s = NULL;
    assert_int_equal(lca_spa_create(c, 1, &ind, f, &o, &s), LCA_OK);
    assert_true(lca_spa_get_summary(s).top_certain);
    int64_t v[BRUTE_MAXK], count;
    assert_int_equal(lca_spa_paths(s, 0, K, v, &count), LCA_OK);
    assert_int_equal(count, K);
    for (int64_t t = 0; t < K; t++) {
        int64_t prod[64];
        int64_t len = node_path(s, v[t], prod);
        assert_close(lca_spa_direct(s)[v[t]], bp[t].value, 1e-12);
        assert_int_equal(len, bp[t].len);
        for (int64_t i = 0; i < len; i++) assert_int_equal(prod[i], bp[t].prod[i]);
    }
    lca_spa_destroy(&s);
    free(f);
}

static void test_spa_top_paths_match_brute_force(void **state) {
    for (int conv = 0; conv < 2; conv++) {
        lca_model *M = test_random_model(*state, (lca_convention)conv, 30, 10,
                                         2, 0.3, 11 + conv, 0);
        lca_calc *c = NULL;
        assert_true(lca_calc_create(M, NULL, &c) >= 0);
        for (int64_t root = 0; root < 30; root += 7) {
            check_top_paths(c, M, 1, root, 4, 10);
            check_top_paths(c, M, 0, root, 2, 5);
        }
        lca_calc_destroy(&c);
        lca_model_destroy(&M);
    }
}

// Depth-first, siblings by |cumulative|; every node once, after its parent.
static void test_spa_tree_order_is_depth_first(void **state) {
    lca_model *M = test_random_model(*state, LCA_TECHNOSPHERE, 25, 8, 1, 0.3,
                                     5, 0);
    lca_calc *c = NULL;
    assert_true(lca_calc_create(M, NULL, &c) >= 0);
    lca_spa_options o;
    lca_spa_options_default(&o);
    o.cutoff = 1e-3;
    int64_t ind = 0;
    double f[25] = {0};
    f[0] = 1.0;
    lca_spa *s = NULL;
    assert_int_equal(lca_spa_create(c, 1, &ind, f, &o, &s), LCA_OK);
    int64_t nn = lca_spa_get_summary(s).nodes;
    int64_t *order = malloc(sizeof *order * (size_t)nn);
    int64_t *pos = malloc(sizeof *pos * (size_t)nn);
    assert_int_equal(lca_spa_order(s, 0, order), LCA_OK);
    for (int64_t q = 0; q < nn; q++) pos[q] = -1;
    for (int64_t q = 0; q < nn; q++) pos[order[q]] = q;
    const int64_t *par = lca_spa_parent(s);
    const double *cum = lca_spa_cumulative(s);
    for (int64_t u = 0; u < nn; u++) {
        assert_true(pos[u] >= 0);
        if (par[u] >= 0) assert_true(pos[par[u]] < pos[u]);
    }
    // Consecutive siblings come in |cumulative| order.
    for (int64_t q = 1; q < nn; q++) {
        int64_t a = order[q - 1], b = order[q];
        for (int64_t t = q - 1; t >= 0; t--) {
            a = order[t];
            if (par[a] == par[b]) break;
        }
        if (par[a] == par[b] && a != b) assert_true(fabs(cum[a]) >= fabs(cum[b]));
    }
    free(order);
    free(pos);
    lca_spa_destroy(&s);
    lca_calc_destroy(&c);
    lca_model_destroy(&M);
}

// A budget of nodes stops the traversal early; the identity still holds.
static void test_spa_budget_keeps_the_identity(void **state) {
    lca_model *M = test_random_model(*state, LCA_IO_COEFFICIENTS, 60, 10, 1,
                                     0.5, 3, 0);
    lca_calc *c = NULL;
    assert_true(lca_calc_create(M, NULL, &c) >= 0);
    lca_spa_options o;
    lca_spa_options_default(&o);
    o.cutoff = 1e-8;
    o.max_nodes = 100;
    int64_t ind = 0;
    double f[60] = {0};
    f[10] = 1.0;
    lca_spa *s = NULL;
    assert_int_equal(lca_spa_create(c, 1, &ind, f, &o, &s), LCA_OK);
    lca_spa_summary sum = lca_spa_get_summary(s);
    assert_true(sum.budget_reached);
    assert_true(sum.nodes <= 100);
    assert_true(sum.closure < 1e-12);
    lca_spa_destroy(&s);
    lca_calc_destroy(&c);
    lca_model_destroy(&M);
}

static void test_spa_rejects_bad_options(void **state) {
    lca_ctx *ctx = *state;
    lca_model *M = two_sectors(ctx);
    lca_calc *c = NULL;
    assert_int_equal(lca_calc_create(M, NULL, &c), LCA_OK);
    int64_t ind = 0, bad_ind = 3;
    double f[] = {1.0, 0.0}, zero[] = {0.0, 0.0}, nan[] = {NAN, 0.0};
    const double cutoffs[] = {0.0, 1.0, -0.1, 1.5, NAN};
    lca_spa_options o;
    lca_spa *s = NULL;
    for (int q = 0; q < 5; q++) {
        lca_spa_options_default(&o);
        o.cutoff = cutoffs[q];
        assert_int_equal(lca_spa_create(c, 1, &ind, f, &o, &s), LCA_ERR_ARG);
        assert_non_null(strstr(lca_ctx_errmsg(ctx), "cutoff"));
        assert_null(s);
    }
    lca_spa_options_default(&o);
    assert_int_equal(lca_spa_create(c, 1, &bad_ind, f, &o, &s), LCA_ERR_ARG);
    assert_int_equal(lca_spa_create(c, 1, &ind, zero, &o, &s), LCA_ERR_ARG);
    assert_non_null(strstr(lca_ctx_errmsg(ctx), "zero"));
    assert_int_equal(lca_spa_create(c, 1, &ind, nan, &o, &s), LCA_ERR_ARG);
    o.max_nodes = 0;
    assert_int_equal(lca_spa_create(c, 1, &ind, f, &o, &s), LCA_ERR_ARG);
    assert_null(s);
    lca_calc_destroy(&c);
    lca_model_destroy(&M);
}

// Mixed signs with top paths: the absolute-system bound keeps them exact.
static void test_spa_mixed_signs_top_paths_match_brute_force(void **state) {
    for (int conv = 0; conv < 2; conv++) {
        lca_model *M = test_random_model(*state, (lca_convention)conv, 30, 10,
                                         2, 0.3, 21 + conv, 1);
        lca_calc *c = NULL;
        assert_true(lca_calc_create(M, NULL, &c) >= 0);
        for (int64_t root = 1; root < 30; root += 9) {
            check_top_paths(c, M, 0, root, 4, 10);
        }
        lca_calc_destroy(&c);
        lca_model_destroy(&M);
    }
}

// T = [1 2; 1 1]: |Q| = [0 2; 1 0] has spectral radius sqrt(2), so no
// bound exists; the traversal still ends and the identity holds.
static void test_spa_without_bound_says_so(void **state) {
    lca_ctx *ctx = *state;
    const double A[] = {1.0, 2.0, 1.0, 1.0}, B[] = {1.0, 1.0}, C[] = {1.0};
    lca_model *M = model_from_dense(ctx, LCA_TECHNOSPHERE, 2, 1, 1, A, B, C);
    lca_calc *c = NULL;
    assert_true(lca_calc_create(M, NULL, &c) >= 0);
    lca_spa_options o;
    lca_spa_options_default(&o);
    o.top = 3;
    int64_t ind = 0;
    double f[] = {0.0, 1.0};
    lca_spa *s = NULL;
    assert_int_equal(lca_spa_create(c, 1, &ind, f, &o, &s), LCA_OK);
    lca_spa_summary sum = lca_spa_get_summary(s);
    assert_false(sum.bound_exact);
    assert_false(sum.top_certain);
    assert_close(lca_spa_total(s)[0], 1.0, 1e-15);
    assert_true(sum.closure < 1e-14);
    lca_spa_destroy(&s);
    lca_calc_destroy(&c);
    lca_model_destroy(&M);
}

// Technosphere convention: a product without a diagonal entry is named.
static void test_spa_names_missing_reference_output(void **state) {
    lca_ctx *ctx = *state;
    // Column 1 has no diagonal; T = A is still nonsingular.
    const double A[] = {1.0, 1.0, -0.5, 0.0}, B[] = {1.0, 1.0}, C[] = {1.0};
    lca_model *M = model_from_dense(ctx, LCA_TECHNOSPHERE, 2, 1, 1, A, B, C);
    const char *ids[] = {"steel", "scrap"};
    assert_int_equal(lca_model_set_labels(M, LCA_PRODUCTS, LCA_LABEL_ID, ids),
                     LCA_OK);
    lca_calc *c = NULL;
    assert_true(lca_calc_create(M, NULL, &c) >= 0);
    lca_spa_options o;
    lca_spa_options_default(&o);
    int64_t ind = 0;
    double f[] = {1.0, 0.0};
    lca_spa *s = NULL;
    assert_int_equal(lca_spa_create(c, 1, &ind, f, &o, &s), LCA_ERR_INVALID);
    assert_non_null(strstr(lca_ctx_errmsg(ctx), "'scrap'"));
    lca_calc_destroy(&c);
    lca_model_destroy(&M);
}

// Every allocation that can fail gives LCA_ERR_NOMEM and leaks nothing.
static void test_spa_allocation_failures(void **state) {
    lca_ctx *ctx = *state;
    lca_model *M = test_random_model(ctx, LCA_TECHNOSPHERE, 20, 5, 2, 0.3, 9,
                                     0);
    lca_calc *c = NULL;
    assert_true(lca_calc_create(M, NULL, &c) >= 0);
    lca_spa_options o;
    lca_spa_options_default(&o);
    o.cutoff = 1e-4;
    o.top = 3;
    int64_t ind[] = {0, 1};
    double f[20] = {0};
    f[2] = 1.0;
    lca_spa *warm = NULL;  // the solver keeps its workspace from here on
    assert_int_equal(lca_spa_create(c, 2, ind, f, &o, &warm), LCA_OK);
    lca_spa_destroy(&warm);
    test_alloc ta;
    test_alloc_install(ctx, &ta, -1);
    lca_spa *s = NULL;
    assert_nomem_each(&ta, s, lca_spa_create(c, 2, ind, f, &o, &s),
                      lca_spa_destroy);
    lca_calc_destroy(&c);
    lca_model_destroy(&M);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_spa_two_sectors_by_hand,
                                        ctx_setup, ctx_teardown),
        cmocka_unit_test_setup_teardown(
            test_spa_paths_and_residual_sum_to_total, ctx_setup, ctx_teardown),
        cmocka_unit_test_setup_teardown(test_spa_top_paths_match_brute_force,
                                        ctx_setup, ctx_teardown),
        cmocka_unit_test_setup_teardown(test_spa_tree_order_is_depth_first,
                                        ctx_setup, ctx_teardown),
        cmocka_unit_test_setup_teardown(test_spa_budget_keeps_the_identity,
                                        ctx_setup, ctx_teardown),
        cmocka_unit_test_setup_teardown(
            test_spa_mixed_signs_top_paths_match_brute_force, ctx_setup,
            ctx_teardown),
        cmocka_unit_test_setup_teardown(test_spa_without_bound_says_so,
                                        ctx_setup, ctx_teardown),
        cmocka_unit_test_setup_teardown(test_spa_rejects_bad_options,
                                        ctx_setup, ctx_teardown),
        cmocka_unit_test_setup_teardown(
            test_spa_names_missing_reference_output, ctx_setup, ctx_teardown),
        cmocka_unit_test_setup_teardown(test_spa_allocation_failures,
                                        ctx_setup, ctx_teardown),
    };
    return cmocka_run_group_tests_name("spa", tests, NULL, NULL);
}
