// tests/test_paths_agree.c: the sparse (UMFPACK) and dense (LAPACK) paths
// agree on every bundled dataset
// SPDX-License-Identifier: MIT
//
// USEEIO is covered in test_useeio_results.c. Here: USLCI (766 processes,
// cond(T) ~ 1e15 from unit scales) and WIOD 2011 (1,435 sectors, 20 %
// dense). Each is solved on both paths for a spread of unit demands and
// every model demand; the worst normwise relative difference of a
// solution must stay below 1e-12.

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "test_util.h"

#define TOL 1e-12

// max over columns of |x - y|_inf / |y|_inf, columns of length n.
static double worst_column(int64_t n, int64_t cols, const double *x,
                           const double *y) {
    double w = 0.0;
    for (int64_t c = 0; c < cols; c++) {
        double num = 0.0, den = 0.0;
        for (int64_t i = 0; i < n; i++) {
            num = fmax(num, fabs(x[c * n + i] - y[c * n + i]));
            den = fmax(den, fabs(y[c * n + i]));
        }
        if (den > 0.0) w = fmax(w, num / den);
    }
    return w;
}

// Solve for every 17th unit demand and the model's demands on one path.
static double *solve_on(lca_model *M, lca_solver_kind kind, int64_t *cols) {
    int64_t n = lca_model_dim(M, LCA_PRODUCTS), nd = lca_model_dim(M,
                                                                    LCA_DEMANDS);
    int64_t units = (n + 16) / 17, total = units + (nd < 20 ? nd : 20);
    double *F = calloc((size_t)(n * total), sizeof *F);
    double *S = calloc((size_t)(n * total), sizeof *S);
    for (int64_t c = 0; c < units; c++) F[c * n + c * 17] = 1.0;
    for (int64_t c = units; c < total; c++) {
        lca_model_demand_dense(M, c - units, F + c * n);
    }
    lca_solver_options opt;
    lca_solver_options_default(&opt);
    opt.kind = kind;
    lca_calc *calc = NULL;
    assert_true(lca_calc_create(M, &opt, &calc) >= 0);
    assert_true(lca_calc_supply(calc, total, F, S) >= 0);
    lca_calc_destroy(&calc);
    free(F);
    *cols = total;
    return S;
}

static void check(lca_model *M, const char *what) {
    int64_t c1, c2, n = lca_model_dim(M, LCA_PRODUCTS);
    double *Ss = solve_on(M, LCA_SOLVER_SPARSE, &c1);
    double *Sd = solve_on(M, LCA_SOLVER_DENSE, &c2);
    double w = worst_column(n, c1, Ss, Sd);
    print_message("%s: %lld solutions, worst relative difference %.3g\n",
                  what, (long long)c1, w);
    assert_true(w <= TOL);
    free(Ss);
    free(Sd);
}

static void test_paths_agree_on_uslci(void **state) {
    lca_ctx *ctx = *state;
    lca_model *M = NULL;
    const char *zip = src_path("datasets/uslci/raw/uslci_olca1_5_0_json_ld.zip");
    assert_int_equal(lca_import_olca(ctx, zip, &M), LCA_OK);
    check(M, "USLCI");
    lca_model_destroy(&M);
}

static void test_paths_agree_on_wiod(void **state) {
    lca_ctx *ctx = *state;
    char z[4200], x[4200], y[4200];
    snprintf(z, sizeof z, "%s", src_path("datasets/wiod-2011/inter.csv"));
    snprintf(x, sizeof x, "%s",
             src_path("datasets/wiod-2011/sectors_and_output.csv"));
    snprintf(y, sizeof y, "%s", src_path("datasets/wiod-2011/final.csv"));
    lca_iotable_source src;
    memset(&src, 0, sizeof src);
    src.Z = z;
    src.x = x;
    src.x_column = "output";
    src.x_id_column = "label";
    src.Y = y;
    src.unit = "MUSD";
    lca_model *M = NULL;
    assert_int_equal(lca_import_iotable(ctx, &src, &M), LCA_OK);
    check(M, "WIOD 2011");
    lca_model_destroy(&M);
}

int main(void) {
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, ctx_setup, ctx_teardown)
        T(test_paths_agree_on_uslci),
        T(test_paths_agree_on_wiod),
#undef T
    };
    return cmocka_run_group_tests_name("paths_agree", tests, NULL, NULL);
}
