// tests/test_models.c: small random models for the analysis tests
// SPDX-License-Identifier: MIT

#include "test_models.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "test_util.h"

double test_rand(uint64_t *state) {
    uint64_t x = *state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *state = x;
    return (double)((x * 0x2545F4914F6CDD1DULL) >> 11) * 0x1.0p-53;
}

// Dense row-major A (n x n) in the asked convention.
static void fill_A(double *A, int64_t n, lca_convention conv,
                   double density, uint64_t *rs, int mixed) {
    for (int64_t j = 0; j < n; j++) {
        double diag = conv == LCA_TECHNOSPHERE ? 0.5 + 1.5 * test_rand(rs)
                                               : 1.0;
        double sum = 0.0;
        for (int64_t i = 0; i < n; i++) {
            int on = i != j ? test_rand(rs) < density : test_rand(rs) < 0.3;
            A[i * n + j] = on ? test_rand(rs) + 0.01 : 0.0;
            sum += A[i * n + j];
        }
        double scale = sum > 0.0 ? (0.1 + 0.5 * test_rand(rs)) / sum : 0.0;
        for (int64_t i = 0; i < n; i++) {
            double a = A[i * n + j] * scale * diag;
            if (mixed && a != 0.0 && test_rand(rs) < 0.1) a = -a;
            if (conv == LCA_TECHNOSPHERE) {
                A[i * n + j] = i == j ? diag : -a;
            } else {
                A[i * n + j] = a;
            }
        }
    }
}

static void fill_positive(double *X, int64_t rows, int64_t cols,
                          double density, uint64_t *rs, int mixed) {
    for (int64_t q = 0; q < rows * cols; q++) {
        double v = test_rand(rs) < density ? 0.1 + test_rand(rs) : 0.0;
        if (mixed && test_rand(rs) < 0.25) v = -v;
        X[q] = v;
    }
}

static void set_ids(lca_model *M, lca_axis axis, const char *prefix,
                    const char *unit) {
    int64_t d = lca_model_dim(M, axis);
    char **ids = calloc((size_t)d, sizeof *ids);
    char **units = calloc((size_t)d, sizeof *units);
    for (int64_t i = 0; i < d; i++) {
        ids[i] = malloc(32);
        snprintf(ids[i], 32, "%s%lld", prefix, (long long)i);
        units[i] = (char *)unit;
    }
    assert_int_equal(lca_model_set_labels(M, axis, LCA_LABEL_ID,
                                          (const char *const *)ids), LCA_OK);
    assert_int_equal(lca_model_set_labels(M, axis, LCA_LABEL_UNIT,
                                          (const char *const *)units),
                     LCA_OK);
    for (int64_t i = 0; i < d; i++) free(ids[i]);
    free(ids);
    free(units);
}

lca_model *test_random_model(lca_ctx *ctx, lca_convention conv, int64_t n,
                             int64_t m, int64_t k, double density,
                             uint64_t seed, int mixed) {
    uint64_t rs = seed * 0x9E3779B97F4A7C15ULL + 1;
    double *A = calloc((size_t)(n * n), sizeof *A);
    double *B = calloc((size_t)(m * n), sizeof *B);
    double *C = calloc((size_t)(k * m), sizeof *C);
    fill_A(A, n, conv, density, &rs, mixed);
    fill_positive(B, m, n, 0.5, &rs, 0);
    fill_positive(C, k, m, 0.7, &rs, mixed);
    lca_model *M = model_from_dense(ctx, conv, n, m, k, A, B, C);
    set_ids(M, LCA_PRODUCTS, "p", "kg");
    set_ids(M, LCA_FLOWS, "f", "kg");
    set_ids(M, LCA_INDICATORS, "i", "kg CO2-eq");
    free(A);
    free(B);
    free(C);
    return M;
}

// One record around amount a: the distribution cycles with q.
static lca_uncertainty record(double a, double rel, int64_t q, int truncate) {
    lca_uncertainty u = lca_uncertainty_none();
    double w = rel * fabs(a);
    switch (q % 6) {
    case 0: u.dist = LCA_DIST_LOGNORMAL; u.p1 = a; u.p2 = exp(rel); break;
    case 1: u.dist = LCA_DIST_NORMAL; u.p1 = a; u.p2 = w; break;
    case 2: u.dist = LCA_DIST_UNIFORM; u.p1 = a - w; u.p2 = a + w; break;
    case 3:
        u.dist = LCA_DIST_TRIANGULAR;
        u.p1 = a - w; u.p2 = a; u.p3 = a + 2 * w;
        break;
    case 4:
        u.dist = LCA_DIST_PERT;
        u.p1 = a - 2 * w; u.p2 = a; u.p3 = a + w;
        break;
    default:
        u.dist = LCA_DIST_GAMMA;
        u.p1 = 4.0; u.p2 = w / 2; u.p3 = a >= 0 ? a - 2 * w : a + 2 * w;
        break;
    }
    if (truncate && q % 3 == 0) {
        u.lo = a - 1.2 * w;
        u.hi = a + 1.5 * w;
        if (u.dist == LCA_DIST_LOGNORMAL && a > 0 && u.lo <= 0) u.lo = a / 2;
    }
    return u;
}

void test_random_uncertainty(lca_model *M, double rel, int truncate,
                             uint64_t seed) {
    const lca_csc *X[3] = {lca_model_A(M), lca_model_B(M), lca_model_C(M)};
    for (int x = 0; x < 3; x++) {
        int64_t nnz = lca_csc_nnz(X[x]);
        const double *v = lca_csc_values(X[x]);
        lca_uncertainty *u = calloc((size_t)nnz + 1, sizeof *u);
        for (int64_t q = 0; q < nnz; q++) {
            u[q] = record(v[q], rel, q + (int64_t)seed + x, truncate);
        }
        assert_int_equal(lca_model_set_uncertainty(M, (lca_matrix)x, u),
                         LCA_OK);
        free(u);
    }
}

static void labels(lca_model *M, lca_axis dim, lca_label what,
                   const char *const *s) {
    assert_int_equal(lca_model_set_labels(M, dim, what, s), LCA_OK);
}

lca_model *test_tiny_gwp(lca_ctx *ctx, const char *const *pnames,
                         const char *const *iids,
                         const char *const *inames) {
    static const double A3[] = {1, -0.4, -0.2, -0.4, 1, 0, 0, -0.5, 1};
    static const double B3[] = {0.5, 1.5, 0.1, 0.001, 0, 0, 0, 1.6, 0};
    static const double C3[] = {1, 28, 0, 1, 0, 0, 0, 28, 0};
    static const char *const pid[] = {"elec", "steel", "transport"};
    static const char *const punit[] = {"kWh", "kg", "t*km"};
    static const char *const iunit[] = {"kg CO2-eq", "kg CO2-eq",
                                        "kg CO2-eq"};
    lca_model *M = model_from_dense(ctx, LCA_TECHNOSPHERE, 3, 3, 3, A3, B3, C3);
    labels(M, LCA_PRODUCTS, LCA_LABEL_ID, pid);
    labels(M, LCA_PRODUCTS, LCA_LABEL_NAME, pnames);
    labels(M, LCA_PRODUCTS, LCA_LABEL_UNIT, punit);
    if (iids != NULL) labels(M, LCA_INDICATORS, LCA_LABEL_ID, iids);
    labels(M, LCA_INDICATORS, LCA_LABEL_NAME, inames);
    labels(M, LCA_INDICATORS, LCA_LABEL_UNIT, iunit);
    return M;
}

lca_fdb *test_tiny_fdb(const lca_model *M, double min_share) {
    static const lca_fdb_component comp[] = {{1, LCA_FDB_GAS, "co2"},
                                             {2, LCA_FDB_GAS, "ch4"}};
    lca_fdb_options opt;
    lca_fdb_options_default(&opt);
    opt.ncomponents = 2;
    opt.components = comp;
    opt.trace_min_share = min_share;
    lca_fdb *db = NULL;
    assert_int_equal(lca_fdb_create(M, &opt, &db), LCA_OK);
    return db;
}
