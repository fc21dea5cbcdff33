// tests/test_presamples.c: correlated pre-computed samples in Monte Carlo
// (engine/presamples.c, io/import/presamples_csv.c)
// SPDX-License-Identifier: MIT

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "test_util.h"

// p0 needs |a| of p1; B = [b, 1] so N0 = b + |a|. Presamples tie a and b:
// column s has a = -0.1 k, b = k (k = s + 1), so N0 = 1.1 k exactly.
static lca_model *model(lca_ctx *ctx) {
    double T[] = {1, 0, -0.5, 1}, Bd[] = {2, 1}, one = 1.0;  // row-major
    lca_csc *A = csc_from_dense(ctx, 2, 2, T);
    lca_csc *B = csc_from_dense(ctx, 1, 2, Bd);
    lca_csc *C = csc_from_dense(ctx, 1, 1, &one);
    lca_model *M = NULL;
    assert_int_equal(lca_model_create(ctx, LCA_TECHNOSPHERE, A, B, C, &M),
                     LCA_OK);
    const char *pid[] = {"p0", "p1"}, *fid[] = {"co2"}, *iid[] = {"GWP"};
    assert_int_equal(lca_model_set_labels(M, LCA_PRODUCTS, LCA_LABEL_ID, pid),
                     LCA_OK);
    assert_int_equal(lca_model_set_labels(M, LCA_FLOWS, LCA_LABEL_ID, fid),
                     LCA_OK);
    assert_int_equal(lca_model_set_labels(M, LCA_INDICATORS, LCA_LABEL_ID,
                                          iid), LCA_OK);
    lca_csc_destroy(&A);
    lca_csc_destroy(&B);
    lca_csc_destroy(&C);
    return M;
}

static const char *write_csv(const char *name, const char *text) {
    static char path[4200];
    snprintf(path, sizeof path, "%s/%s", test_tmpdir(name), "ps.csv");
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
    return path;
}

typedef struct seen {
    int64_t hits[4], other;
} seen;

static lca_status count_values(void *arg, const lca_mc_block *b) {
    seen *s = arg;
    for (int64_t q = 0; q < b->count; q++) {
        double n0 = b->factors[q * 2 + 0];
        int k = (int)lround(n0 / 1.1);
        if (k >= 1 && k <= 4 && fabs(n0 - 1.1 * k) < 1e-12) {
            s->hits[k - 1]++;
        } else {
            s->other++;
        }
    }
    return LCA_OK;
}

static void test_presamples_keep_entries_together(void **state) {
    lca_ctx *ctx = *state;
    lca_model *M = model(ctx);
    const char *path = write_csv(
        "presamples", "matrix,row,column,s1,s2,s3,s4\n"
                      "A,p1,p0,-0.1,-0.2,-0.3,-0.4\n"
                      "B,co2,p0,1,2,3,4\n");
    lca_presamples *ps = NULL;
    assert_int_equal(lca_presamples_read_csv(M, path, &ps), LCA_OK);
    assert_int_equal(lca_presamples_count(ps), 2);
    assert_int_equal(lca_presamples_columns(ps), 4);
    lca_mc_options opt;
    lca_mc_options_default(&opt);
    opt.seed = 11;
    opt.keep_factors = 1;
    opt.presamples = ps;
    lca_mc *mc = NULL;
    seen s = {{0, 0, 0, 0}, 0};
    int64_t iters = 4000;
    assert_int_equal(lca_mc_create(M, &opt, &mc), LCA_OK);
    assert_int_equal(lca_mc_run(mc, 0, iters, count_values, &s, NULL), LCA_OK);
    assert_int_equal(s.other, 0);  // never an independent combination
    for (int k = 0; k < 4; k++) {  // columns uniform: 1000 +- 5 sd
        assert_true(fabs((double)s.hits[k] - 1000.0) < 5 * sqrt(750.0));
    }
    lca_mc_destroy(&mc);
    lca_presamples_destroy(&ps);
    lca_model_destroy(&M);
}

static void test_presamples_csv_errors_name_file_and_line(void **state) {
    lca_ctx *ctx = *state;
    lca_model *M = model(ctx);
    lca_presamples *ps = (lca_presamples *)1;
    const char *p = write_csv("presamples-bad1",
                              "matrix,row,column,s1\nA,p1,p0,-0.1\n"
                              "B,nosuchflow,p0,1\n");
    assert_int_equal(lca_presamples_read_csv(M, p, &ps), LCA_ERR_NOTFOUND);
    assert_null(ps);
    assert_non_null(strstr(lca_ctx_errmsg(ctx), "line 3"));
    assert_non_null(strstr(lca_ctx_errmsg(ctx), "nosuchflow"));
    p = write_csv("presamples-bad2", "matrix,row,column,s1\nA,p1,p0,x\n");
    assert_int_equal(lca_presamples_read_csv(M, p, &ps), LCA_ERR_INVALID);
    assert_non_null(strstr(lca_ctx_errmsg(ctx), "line 2"));
    // (0,1) of A is not a nonzero: p1 does not need p0.
    p = write_csv("presamples-bad3", "matrix,row,column,s1\nA,p0,p1,1\n");
    assert_int_equal(lca_presamples_read_csv(M, p, &ps), LCA_ERR_NOTFOUND);
    assert_non_null(strstr(lca_ctx_errmsg(ctx), "ps.csv"));
    p = write_csv("presamples-bad4", "matrix,row,column,s1\nD,p0,p1,1\n");
    assert_int_equal(lca_presamples_read_csv(M, p, &ps), LCA_ERR_INVALID);
    lca_model_destroy(&M);
}

int main(void) {
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, ctx_setup, ctx_teardown)
        T(test_presamples_keep_entries_together),
        T(test_presamples_csv_errors_name_file_and_line),
#undef T
    };
    return cmocka_run_group_tests_name("presamples", tests, NULL, NULL);
}
