// tests/test_spa_useeio.c: structural path analysis on USEEIO v1.2
// SPDX-License-Identifier: MIT
//
// The ten largest supply-chain paths of two USEEIO products, to stage
// 4, from lca_spa (best-first with the factor bound) against exhaustive
// enumeration of every path to stage 4 (tests/spa_brute.c): the same
// paths in the same order, values to 1e-12 relative. Also the accounting
// identity with a deep traversal (paths + residual = total, 1e-10).

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "lca/spa.h"
#include "spa_brute.h"
#include "test_util.h"

#define RAW "datasets/useeio-v1.2/raw"

typedef struct fixture {
    lca_ctx *ctx;
    lca_model *M;
    lca_calc *c;
} fixture;

static int setup(void **state) {
    fixture *f = calloc(1, sizeof *f);
    if (f == NULL || lca_ctx_create(&f->ctx) != LCA_OK) return -1;
    if (lca_import_useeio(f->ctx, src_path(RAW), &f->M) != LCA_OK ||
        lca_calc_create(f->M, NULL, &f->c) < 0) {
        fprintf(stderr, "USEEIO: %s\n", lca_ctx_errmsg(f->ctx));
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state) {
    fixture *f = *state;
    lca_calc_destroy(&f->c);
    lca_model_destroy(&f->M);
    lca_ctx_destroy(&f->ctx);
    free(f);
    return 0;
}

static int64_t node_path(const lca_spa *s, int64_t v, int64_t *prod) {
    int64_t tmp[64], len = 0;
    for (int64_t u = v; u >= 0; u = lca_spa_parent(s)[u]) {
        tmp[len++] = lca_spa_product(s)[u];
    }
    for (int64_t i = 0; i < len; i++) prod[i] = tmp[len - 1 - i];
    return len;
}

static void compare(fixture *fx, const char *indicator, const char *product) {
    int64_t ind, root, n = lca_model_dim(fx->M, LCA_PRODUCTS);
    assert_int_equal(lca_model_lookup(fx->M, LCA_INDICATORS, indicator, &ind),
                     LCA_OK);
    assert_int_equal(lca_model_lookup(fx->M, LCA_PRODUCTS, product, &root),
                     LCA_OK);
    brute_path bp[10];
    assert_int_equal(brute_top_paths(fx->M, ind, root, 4, 10, bp), 10);
    lca_spa_options o;
    lca_spa_options_default(&o);
    o.cutoff = 1e-9;
    o.max_depth = 4;
    o.top = 10;
    double *f = calloc((size_t)n, sizeof *f);
    f[root] = 1.0;
    lca_spa *s = NULL;
    assert_int_equal(lca_spa_create(fx->c, 1, &ind, f, &o, &s), LCA_OK);
    lca_spa_summary sum = lca_spa_get_summary(s);
    assert_true(sum.bound_exact && sum.top_certain);
    assert_true(sum.closure < 1e-10);
    int64_t v[10], count;
    assert_int_equal(lca_spa_paths(s, 0, 10, v, &count), LCA_OK);
    assert_int_equal(count, 10);
    for (int t = 0; t < 10; t++) {
        int64_t prod[64], len = node_path(s, v[t], prod);
        assert_close(lca_spa_direct(s)[v[t]], bp[t].value, 1e-12);
        assert_int_equal(len, bp[t].len);
        for (int64_t i = 0; i < len; i++) assert_int_equal(prod[i], bp[t].prod[i]);
    }
    printf("  %s / %s: %lld nodes visited for the top 10 (closure %.1e)\n",
           indicator, product, (long long)sum.nodes, sum.closure);
    lca_spa_destroy(&s);
    free(f);
}

static void test_spa_useeio_top10_match_brute_force_to_stage_4(void **state) {
    fixture *fx = *state;
    compare(fx, "GHG", "Fresh wheat, corn, rice, and other grains");
    compare(fx, "WATR", "Other animal food");
}

// A deep traversal: paths + residual = total to 1e-10 for three indicators.
static void test_spa_useeio_identity_deep(void **state) {
    fixture *fx = *state;
    int64_t ind[3], root, n = lca_model_dim(fx->M, LCA_PRODUCTS);
    const char *names[] = {"GHG", "ACID", "LAND"};
    for (int i = 0; i < 3; i++) {
        assert_int_equal(lca_model_lookup(fx->M, LCA_INDICATORS, names[i],
                                          &ind[i]), LCA_OK);
    }
    assert_int_equal(lca_model_lookup(fx->M, LCA_PRODUCTS, "Automobiles",
                                      &root), LCA_OK);
    lca_spa_options o;
    lca_spa_options_default(&o);
    o.cutoff = 1e-6;
    o.max_depth = 20;
    double *f = calloc((size_t)n, sizeof *f);
    f[root] = 1.0;
    lca_spa *s = NULL;
    assert_int_equal(lca_spa_create(fx->c, 3, ind, f, &o, &s), LCA_OK);
    lca_spa_summary sum = lca_spa_get_summary(s);
    assert_true(sum.closure < 1e-10);
    for (int i = 0; i < 3; i++) {
        assert_close(lca_spa_enumerated(s)[i] + lca_spa_residual(s)[i],
                     lca_spa_total(s)[i], 1e-10);
        // With this cutoff the residual is a small share of the total.
        assert_true(fabs(lca_spa_residual(s)[i]) < 0.2 * fabs(lca_spa_total(s)[i]));
    }
    lca_spa_destroy(&s);
    free(f);
}

int main(void) {
    if (!file_exists(src_path(RAW "/matrix/A.json"))) {
        printf("skipped: %s not found\n", RAW);
        return 0;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spa_useeio_top10_match_brute_force_to_stage_4),
        cmocka_unit_test(test_spa_useeio_identity_deep),
    };
    return cmocka_run_group_tests_name("spa_useeio", tests, setup, teardown);
}
