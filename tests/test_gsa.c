// tests/test_gsa.c: global sensitivity (Sobol indices, Spearman correlations)
// SPDX-License-Identifier: MIT
//
// Sobol on the Ishigami function (a = 7, b = 0.1; indices known in closed
// form, Ishigami & Homma 1990; Saltelli et al. 2008, 4.4) within 0.02 at
// N = 2^14; on a linear toy LCA whose indices are closed-form (h linear
// in normal inputs of B: S = ST = a^2 sigma^2 / V), where also Spearman's
// rho = (6/pi) asin(rho_Pearson / 2) for jointly normal variables; both
// bit-identical on 1 and 2 threads; bad requests.

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "kernels/philox.h"
#include "lca/sensitivity.h"
#include "test_models.h"
#include "test_util.h"

#define PI 3.14159265358979323846

// x_j of sample a: uniform on (-pi, pi) from the counter-based generator.
static double ishigami_x(int64_t a, int64_t j) {
    uint32_t out[4];
    lca__philox_draw(2024, (uint64_t)a, (uint64_t)j, 0, out);
    return -PI + 2.0 * PI * lca__u01(out[0], out[1]);
}

static int ishigami(void *arg, int tid, int64_t a, int64_t swap, int64_t b,
                    double *y) {
    (void)arg;
    (void)tid;
    double x[3];
    for (int j = 0; j < 3; j++) x[j] = ishigami_x(j == swap ? b : a, j);
    double s1 = sin(x[0]), s2 = sin(x[1]);
    *y = s1 + 7.0 * s2 * s2 + 0.1 * pow(x[2], 4) * s1;
    return 0;
}

// V = a^2/8 + b pi^4/5 + b^2 pi^8/18 + 1/2, V1 = (1 + b pi^4/5)^2 / 2,
// V2 = a^2/8, V13 = b^2 pi^8 (1/18 - 1/50).
static void ishigami_exact(double *S1, double *ST) {
    double a = 7.0, b = 0.1, p4 = pow(PI, 4), p8 = pow(PI, 8);
    double V = a * a / 8 + b * p4 / 5 + b * b * p8 / 18 + 0.5;
    double V1 = 0.5 * (1 + b * p4 / 5) * (1 + b * p4 / 5), V2 = a * a / 8;
    double V13 = b * b * p8 * (1.0 / 18 - 1.0 / 50);
    S1[0] = V1 / V;
    S1[1] = V2 / V;
    S1[2] = 0.0;
    ST[0] = (V1 + V13) / V;
    ST[1] = V2 / V;
    ST[2] = V13 / V;
}

static void test_gsa_sobol_ishigami(void **state) {
    lca_ctx *ctx = *state;
    double S1[3], ST[3], se1[3], seT[3], e1[3], eT[3];
    double S1b[3], STb[3];
    lca_sobol_result res;
    ishigami_exact(e1, eT);
    assert_close(e1[0], 0.3139, 1e-3);  // the published values
    assert_close(eT[2], 0.2437, 1e-3);
    assert_int_equal(lca_sobol_run(ctx, 1, 1 << 14, 3, ishigami, NULL, S1, ST,
                                   se1, seT, &res), LCA_OK);
    assert_int_equal(res.rows, 1 << 14);
    assert_int_equal(res.failed_rows, 0);
    for (int q = 0; q < 3; q++) {
        printf("  x%d: S1 %.4f (exact %.4f, se %.4f)  ST %.4f (exact %.4f, "
               "se %.4f)\n", q + 1, S1[q], e1[q], se1[q], ST[q], eT[q], seT[q]);
        assert_true(fabs(S1[q] - e1[q]) <= 0.02);
        assert_true(fabs(ST[q] - eT[q]) <= 0.02);
    }
    // Two threads: the same bits.
    assert_int_equal(lca_sobol_run(ctx, 2, 1 << 14, 3, ishigami, NULL, S1b,
                                   STb, NULL, NULL, NULL), LCA_OK);
    assert_memory_equal(S1, S1b, sizeof S1);
    assert_memory_equal(ST, STb, sizeof ST);
}

// h = lambda' f with only B uncertain (normal, independent): h is linear,
// dh/db_kj = c_k s_j, so S = ST = (c_k s_j sd)^2 / sum, and the Spearman
// correlation of jointly normal h and b is (6/pi) asin(rho/2),
// rho = c_k s_j sd / sd(h).
static lca_model *linear_toy(lca_ctx *ctx, int64_t *dem) {
    lca_model *M = test_random_model(ctx, LCA_TECHNOSPHERE, 8, 4, 1, 0.4, 17,
                                     0);
    int64_t idx[] = {0, 3};
    double val[] = {1.0, 2.0};
    assert_int_equal(lca_model_add_demand(M, "toy", 2, idx, val), LCA_OK);
    *dem = 0;
    // dh/db_kj = c_k s_j; six inputs get sd so that their variance
    // contributions are in the ratios 1 : 2 : 3 : 1 : 2 : 3.
    lca_calc *c = NULL;
    assert_true(lca_calc_create(M, NULL, &c) >= 0);
    double f[8] = {0}, s[8];
    f[0] = 1.0;
    f[3] = 2.0;
    assert_true(lca_calc_supply(c, 1, f, s) >= 0);
    lca_calc_destroy(&c);
    const lca_csc *B = lca_model_B(M), *C = lca_model_C(M);
    const double *b = lca_csc_values(B);
    double cf[4] = {0};
    for (int64_t k = 0; k < 4; k++) {
        if (lca_csc_colptr(C)[k + 1] > lca_csc_colptr(C)[k]) {
            cf[k] = lca_csc_values(C)[lca_csc_colptr(C)[k]];
        }
    }
    int64_t nnz = lca_csc_nnz(B), chosen = 0;
    lca_uncertainty *u = calloc((size_t)nnz, sizeof *u);
    for (int64_t j = 0; j < 8; j++) {
        for (int64_t p = lca_csc_colptr(B)[j]; p < lca_csc_colptr(B)[j + 1]; p++) {
            u[p] = lca_uncertainty_none();
            double d = cf[lca_csc_rowidx(B)[p]] * s[j];
            if (chosen >= 6 || d == 0.0 || p == 1) continue;  // 1 stays fixed
            u[p].dist = LCA_DIST_NORMAL;
            u[p].p1 = b[p];
            u[p].p2 = 0.01 * sqrt((double)(1 + chosen % 3)) / fabs(d);
            chosen++;
        }
    }
    assert_int_equal(chosen, 6);
    assert_int_equal(lca_model_set_uncertainty(M, LCA_MATRIX_B, u), LCA_OK);
    free(u);
    return M;
}

typedef struct toy {
    lca_input in[64];
    double share[64], rho_s[64];
    int64_t k;
} toy;

// The inputs with a distribution and their closed-form indices.
static void toy_exact(lca_model *M, toy *t) {
    lca_calc *c = NULL;
    assert_true(lca_calc_create(M, NULL, &c) >= 0);
    double f[8] = {0};
    f[0] = 1.0;
    f[3] = 2.0;
    lca_screen_options so;
    lca_screen_options_default(&so);
    lca_screen *s = NULL;
    assert_int_equal(lca_screen_create(c, 0, f, &so, &s), LCA_OK);
    double V = lca_screen_variance(s);
    const double *d = lca_screen_derivatives(s, LCA_MATRIX_B);
    const double *v = lca_screen_input_variances(s, LCA_MATRIX_B);
    t->k = 0;
    for (int64_t p = 0; p < lca_csc_nnz(lca_model_B(M)); p++) {
        if (v[p] == 0.0) continue;
        t->in[t->k] = (lca_input){LCA_MATRIX_B, p};
        t->share[t->k] = d[p] * d[p] * v[p] / V;
        double rho = d[p] * sqrt(v[p] / V);
        t->rho_s[t->k] = 6.0 / PI * asin(rho / 2.0);
        t->k++;
    }
    lca_screen_destroy(&s);
    lca_calc_destroy(&c);
}

static void mc_options(lca_mc_options *o, const int64_t *dem) {
    lca_mc_options_default(o);
    o->seed = 11;
    o->nd = 1;
    o->demands = dem;
}

static void test_gsa_linear_toy_sobol_and_spearman(void **state) {
    lca_ctx *ctx = *state;
    int64_t dem;
    lca_model *M = linear_toy(ctx, &dem);
    toy t;
    toy_exact(M, &t);
    assert_int_equal(t.k, 6);
    lca_mc_options o;
    mc_options(&o, &dem);
    double S1[64], ST[64], rho[64], S1b[64], STb[64], rhob[64];
    lca_sobol_result res;
    assert_int_equal(lca_sobol_lca(M, &o, 1 << 14, t.k, t.in, S1, ST, NULL,
                                   NULL, &res), LCA_OK);
    int64_t nused;
    assert_int_equal(lca_spearman_run(M, &o, 20000, t.k, t.in, rho, &nused),
                     LCA_OK);
    assert_int_equal(nused, 20000);
    for (int64_t q = 0; q < t.k; q++) {
        if (fabs(S1[q] - t.share[q]) > 0.02 || fabs(ST[q] - t.share[q]) > 0.02 ||
            fabs(rho[q] - t.rho_s[q]) > 0.02) {
            fail_msg("input %lld: S1 %.4f ST %.4f exact %.4f; rho %.4f exact "
                     "%.4f", (long long)q, S1[q], ST[q], t.share[q], rho[q],
                     t.rho_s[q]);
        }
    }
    // Bit-identical on two threads.
    lca_ctx_set_nthreads(ctx, 2);
    assert_int_equal(lca_sobol_lca(M, &o, 1 << 14, t.k, t.in, S1b, STb, NULL,
                                   NULL, NULL), LCA_OK);
    assert_int_equal(lca_spearman_run(M, &o, 20000, t.k, t.in, rhob, NULL),
                     LCA_OK);
    assert_memory_equal(S1, S1b, sizeof *S1 * (size_t)t.k);
    assert_memory_equal(ST, STb, sizeof *ST * (size_t)t.k);
    assert_memory_equal(rho, rhob, sizeof *rho * (size_t)t.k);
    lca_model_destroy(&M);
}

// A fixed input correlates with nothing (NaN); a nonlinear model with
// every kind of record still gives indices in range; bad requests fail.
static void test_gsa_edges_and_bad_requests(void **state) {
    lca_ctx *ctx = *state;
    int64_t dem;
    lca_model *M = linear_toy(ctx, &dem);
    lca_mc_options o;
    mc_options(&o, &dem);
    lca_input in[2] = {{LCA_MATRIX_B, 1}, {LCA_MATRIX_A, 0}};  // both fixed
    double rho[2], S1[2], ST[2];
    assert_int_equal(lca_spearman_run(M, &o, 50, 2, in, rho, NULL), LCA_OK);
    assert_true(isnan(rho[0]) && isnan(rho[1]));
    assert_int_equal(lca_sobol_lca(M, &o, 64, 2, in, S1, ST, NULL, NULL, NULL),
                     LCA_OK);
    assert_close(S1[0], 0.0, 0);  // swapping a fixed input changes nothing
    assert_close(ST[0], 0.0, 0);
    lca_input out[1] = {{LCA_MATRIX_C, 99}};
    assert_int_equal(lca_spearman_run(M, &o, 50, 1, out, rho, NULL),
                     LCA_ERR_ARG);
    assert_int_equal(lca_spearman_run(M, &o, 2, 1, in, rho, NULL), LCA_ERR_ARG);
    o.nd = 0;
    assert_int_equal(lca_sobol_lca(M, &o, 64, 1, in, S1, ST, NULL, NULL, NULL),
                     LCA_ERR_ARG);
    lca_model_destroy(&M);
    // No input varies: the output is constant, so no Sobol indices.
    M = test_random_model(ctx, LCA_TECHNOSPHERE, 5, 2, 1, 0.5, 3, 0);
    int64_t idx = 0;
    double one = 1.0;
    assert_int_equal(lca_model_add_demand(M, "one", 1, &idx, &one), LCA_OK);
    mc_options(&o, &dem);
    assert_int_equal(lca_sobol_lca(M, &o, 64, 1, in, S1, ST, NULL, NULL, NULL),
                     LCA_ERR_ARG);
    assert_non_null(strstr(lca_ctx_errmsg(ctx), "does not vary"));
    lca_model_destroy(&M);
    // All distributions, truncated too: indices of a nonlinear model.
    M = test_random_model(ctx, LCA_IO_COEFFICIENTS, 12, 5, 1, 0.4, 8, 0);
    test_random_uncertainty(M, 0.2, 1, 2);
    assert_int_equal(lca_model_add_demand(M, "one", 1, &idx, &one), LCA_OK);
    lca_input all[3] = {{LCA_MATRIX_A, 0}, {LCA_MATRIX_B, 2}, {LCA_MATRIX_C, 1}};
    double S3[3], T3[3];
    assert_int_equal(lca_sobol_lca(M, &o, 256, 3, all, S3, T3, NULL, NULL,
                                   NULL), LCA_OK);
    for (int q = 0; q < 3; q++) assert_true(T3[q] > -0.2 && T3[q] < 1.2);
    lca_model_destroy(&M);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_gsa_sobol_ishigami, ctx_setup,
                                        ctx_teardown),
        cmocka_unit_test_setup_teardown(test_gsa_linear_toy_sobol_and_spearman,
                                        ctx_setup, ctx_teardown),
        cmocka_unit_test_setup_teardown(test_gsa_edges_and_bad_requests,
                                        ctx_setup, ctx_teardown),
    };
    return cmocka_run_group_tests_name("gsa", tests, NULL, NULL);
}
