// tests/test_sample.c: sampling one value per record (kernels/sample.c)
// SPDX-License-Identifier: MIT
//
// Purity (a value depends on seed, iteration and entry alone), exact
// degenerate cases, truncation and clamping, and statistics. Each
// statistical test draws N = 200000 values, one per iteration of a fixed
// entry and seed, so it is deterministic: it passes or fails the same way
// on every run. Tolerances come from N:
//   - a mean is within 5 standard errors, 5 sd / sqrt(N);
//   - a variance is within 5 sqrt((kurtosis - 1) / N) var (the standard
//     error of a sample variance), or 5 (b - a) sd / sqrt(N) for a value
//     bounded in [a, b] (since then mu4 <= (b - a)^2 var);
//   - the sd of log-samples is within 5 sigma / sqrt(2N);
//   - a Kolmogorov-Smirnov statistic against the exact CDF (normal,
//     uniform, triangular, lognormal, and gamma with shape 3 and 1/2, where
//     the CDF has a closed form) is below the asymptotic critical value at
//     alpha = 0.001, 1.95 / sqrt(N) = 0.00436.

#include <math.h>
#include <stdlib.h>

#include "test_util.h"

#include "kernels/sample.h"

enum {
    N = 200000,
};

static const uint64_t SEED = UINT64_C(20240611);

static lca_uncertainty rec(lca_dist d, double p1, double p2, double p3) {
    lca_uncertainty u = lca_uncertainty_none();
    u.dist = (uint8_t)d;
    u.p1 = p1;
    u.p2 = p2;
    u.p3 = p3;
    return u;
}

// x[i] = the value of entry `entry` in iteration i, i = 0..N-1. Tests use
// different entries so that they do not all reuse one stream. The caller
// frees x.
static double *draw_n(const lca_uncertainty *u, double amount, int mp,
                      uint64_t entry) {
    double *x = malloc(N * sizeof *x);
    assert_non_null(x);
    int clamped = 0;
    for (int64_t i = 0; i < N; i++) {
        int st;
        x[i] = lca__sample(u, amount, SEED, (uint64_t)i, entry, mp, &st);
        clamped += st;
    }
    assert_int_equal(clamped, 0);
    return x;
}

static double mean_of(const double *x) {
    double s = 0.0;
    for (int i = 0; i < N; i++) s += x[i];
    return s / N;
}

static double var_of(const double *x) {
    double m = mean_of(x), s = 0.0;
    for (int i = 0; i < N; i++) s += (x[i] - m) * (x[i] - m);
    return s / (N - 1);
}

static void assert_near(double got, double want, double tol, const char *what) {
    if (!(fabs(got - want) <= tol)) {
        fail_msg("%s: got %.10g, want %.10g +- %.3g", what, got, want, tol);
    }
}

// The mean, and the variance given its kurtosis.
static void check_moments(const double *x, double mean, double var,
                          double kurtosis) {
    assert_near(mean_of(x), mean, 5.0 * sqrt(var / N), "mean");
    assert_near(var_of(x), var, 5.0 * sqrt((kurtosis - 1.0) / N) * var, "var");
}

static void logs_of(double *x) {
    for (int i = 0; i < N; i++) x[i] = log(fabs(x[i]));
}

// ---- purity and bookkeeping ---------------------------------------------

static void test_sample_depends_only_on_seed_iter_entry(void **state) {
    (void)state;
    lca_uncertainty u = rec(LCA_DIST_PERT, 1.0, 2.0, 5.0);
    int st;
    double a = lca__sample(&u, 2.0, 9, 100, 7, 0, &st);
    // Other values computed in between change nothing.
    for (uint64_t e = 0; e < 50; e++) {
        (void)lca__sample(&u, 2.0, 9, 99, e, 0, &st);
    }
    double b = lca__sample(&u, 2.0, 9, 100, 7, 0, &st);
    assert_memory_equal(&a, &b, sizeof a);
    assert_true(lca__sample(&u, 2.0, 10, 100, 7, 0, &st) != a);
    assert_true(lca__sample(&u, 2.0, 9, 101, 7, 0, &st) != a);
    assert_true(lca__sample(&u, 2.0, 9, 100, 8, 0, &st) != a);
}

// The prepared-parameter lognormal path gives lca__sample's bits, for both
// signs and both conventions, at listed positions only.
static void test_sample_lognormal_list_equals_sample(void **state) {
    (void)state;
    const double p1[4] = {0.37, -2.5, 1e-9, -1e6}, gsd[4] = {1.05, 2.5, 1.5,
                                                             1.001};
    const int64_t pos[4] = {1, 3, 4, 6};
    for (int mp = 0; mp < 2; mp++) {
        double sigma[4], scale[4], v[8] = {0}, want[8] = {0};
        for (int q = 0; q < 4; q++) {
            lca_uncertainty u = lca_uncertainty_none();
            u.dist = LCA_DIST_LOGNORMAL;
            u.p1 = p1[q];
            u.p2 = gsd[q];
            sigma[q] = log(gsd[q]);
            double median = fabs(p1[q]);
            if (mp) median *= exp(-0.5 * sigma[q] * sigma[q]);
            scale[q] = p1[q] < 0 ? -median : median;
            int st;
            want[pos[q]] = lca__sample(&u, p1[q], 9, 123, 40 + (uint64_t)pos[q],
                                       mp, &st);
        }
        lca__sample_lognormal_list(4, pos, sigma, scale, 9, 123, 40, v);
        assert_memory_equal(v, want, sizeof v);
    }
}

static void test_sample_list_numbers_entries_from_offset(void **state) {
    (void)state;
    lca_uncertainty u[3] = {rec(LCA_DIST_NORMAL, 1, 0.5, 0),
                            rec(LCA_DIST_NONE, 0, 0, 0),
                            rec(LCA_DIST_UNIFORM, -1, 1, 0)};
    double amounts[3] = {1.0, 4.0, 0.0}, v[3] = {-7.0, -7.0, -7.0};
    const int64_t all[3] = {0, 1, 2}, some[1] = {2};
    // B's entries after A's nnzA = 10: entry of B's p-th value is 10 + p.
    assert_int_equal(lca__sample_list(3, all, amounts, u, 5, 17, 10, 0, v),
                     0);
    for (int p = 0; p < 3; p++) {
        int st;
        double x =
            lca__sample(&u[p], amounts[p], 5, 17, 10 + (uint64_t)p, 0, &st);
        assert_memory_equal(&v[p], &x, sizeof x);
    }
    assert_true(v[1] == 4.0);
    double w[3] = {-7.0, -7.0, -7.0};  // unlisted values stay untouched
    assert_int_equal(lca__sample_list(1, some, amounts, u, 5, 17, 10, 0, w),
                     0);
    assert_true(w[0] == -7.0 && w[1] == -7.0);
    assert_memory_equal(&w[2], &v[2], sizeof w[2]);
}

// Neighbouring entries are uncorrelated over iterations: |r| < 5/sqrt(N).
static void test_sample_entries_are_uncorrelated(void **state) {
    (void)state;
    lca_uncertainty u = rec(LCA_DIST_NORMAL, 0.0, 1.0, 0.0);
    double sxy = 0.0, sxx = 0.0, syy = 0.0;
    for (uint64_t i = 0; i < N; i++) {
        int st;
        double x = lca__sample(&u, 0, SEED, i, 0, 0, &st);
        double y = lca__sample(&u, 0, SEED, i, 1, 0, &st);
        sxy += x * y;
        sxx += x * x;
        syy += y * y;
    }
    assert_near(sxy / sqrt(sxx * syy), 0.0, 5.0 / sqrt(N), "correlation");
}

// ---- degenerate cases are exact -----------------------------------------

static void test_sample_degenerate_cases_are_exact(void **state) {
    (void)state;
    struct {
        lca_uncertainty u;
        double want;
    } cases[] = {
        {rec(LCA_DIST_NONE, 0, 0, 0), 3.25},  // the amount
        {rec(LCA_DIST_LOGNORMAL, -2.5, 1.0, 0), -2.5},
        {rec(LCA_DIST_NORMAL, 1.5, 0.0, 0), 1.5},
        {rec(LCA_DIST_UNIFORM, 0.7, 0.7, 0), 0.7},
        {rec(LCA_DIST_TRIANGULAR, 0.3, 0.3, 0.3), 0.3},
        {rec(LCA_DIST_PERT, 0.9, 0.9, 0.9), 0.9},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        for (int mp = 0; mp < 2; mp++) {
            for (uint64_t i = 0; i < 100; i++) {
                int st;
                double x = lca__sample(&cases[c].u, 3.25, 1, i, 2, mp, &st);
                assert_true(x == cases[c].want);
                assert_int_equal(st, 0);
            }
        }
    }
    lca_uncertainty bad = rec(LCA_DIST_NORMAL, 0, 1, 0);
    bad.dist = 99;
    int st;
    assert_true(isnan(lca__sample(&bad, 1.0, 1, 0, 0, 0, &st)));
}

// ---- moments ------------------------------------------------------------

static void test_sample_normal_moments(void **state) {
    (void)state;
    lca_uncertainty u = rec(LCA_DIST_NORMAL, -3.0, 0.4, 0);
    double *x = draw_n(&u, -3.0, 0, 102);
    check_moments(x, -3.0, 0.16, 3.0);
    free(x);
}

static void test_sample_uniform_moments(void **state) {
    (void)state;
    lca_uncertainty u = rec(LCA_DIST_UNIFORM, 2.0, 5.0, 0);
    double *x = draw_n(&u, 3.5, 0, 103);
    check_moments(x, 3.5, 9.0 / 12.0, 1.8);
    free(x);
}

static void test_sample_triangular_moments(void **state) {
    (void)state;
    double a = 1.0, c = 1.5, b = 4.0;
    lca_uncertainty u = rec(LCA_DIST_TRIANGULAR, a, c, b);
    double *x = draw_n(&u, c, 0, 104);
    double var = (a * a + b * b + c * c - a * b - a * c - b * c) / 18.0;
    check_moments(x, (a + b + c) / 3.0, var, 2.4);
    free(x);
}

static void test_sample_pert_moments(void **state) {
    (void)state;
    double a = 10.0, c = 12.0, b = 20.0;
    lca_uncertainty u = rec(LCA_DIST_PERT, a, c, b);
    double *x = draw_n(&u, c, 0, 105);
    double mean = (a + 4.0 * c + b) / 6.0, var = (mean - a) * (b - mean) / 7.0;
    assert_near(mean_of(x), mean, 5.0 * sqrt(var / N), "pert mean");
    assert_near(var_of(x), var, 5.0 * (b - a) * sqrt(var / N), "pert var");
    int outside = 0;
    for (int i = 0; i < N; i++) outside += !(x[i] >= a && x[i] <= b);
    assert_int_equal(outside, 0);
    free(x);
}

// Gamma(k, theta) + location: mean loc + k theta, var k theta^2, kurtosis
// 3 + 6/k; k < 1 takes the boost path; a negative amount mirrors it.
static void test_sample_gamma_moments(void **state) {
    (void)state;
    const double k[] = {2.5, 0.3, 1.0};
    const double theta[] = {0.7, 2.0, 1.5};
    const double amount[] = {3.0, 1.0, -5.0};
    const double loc[] = {1.0, 0.0, -2.0};
    for (int c = 0; c < 3; c++) {
        lca_uncertainty u = rec(LCA_DIST_GAMMA, k[c], theta[c], loc[c]);
        double *x = draw_n(&u, amount[c], 0, 106);
        double sign = amount[c] < 0 ? -1.0 : 1.0;
        check_moments(x, loc[c] + sign * k[c] * theta[c],
                      k[c] * theta[c] * theta[c], 3.0 + 6.0 / k[c]);
        int wrong_side = 0;
        for (int i = 0; i < N; i++) wrong_side += sign * (x[i] - loc[c]) < 0;
        assert_int_equal(wrong_side, 0);
        free(x);
    }
}

// ln|x| ~ N(ln|median|, ln(GSD)^2), and the sign is that of p1.
static void test_sample_lognormal_median_and_gsd(void **state) {
    (void)state;
    const double p1[] = {2.0, -0.03};
    for (int c = 0; c < 2; c++) {
        double gsd = 1.8, sigma = log(gsd);
        lca_uncertainty u = rec(LCA_DIST_LOGNORMAL, p1[c], gsd, 0);
        double *x = draw_n(&u, p1[c], 0, 107);
        int wrong_sign = 0;
        for (int i = 0; i < N; i++) wrong_sign += !(x[i] * p1[c] > 0);
        assert_int_equal(wrong_sign, 0);
        logs_of(x);
        assert_near(mean_of(x), log(fabs(p1[c])), 5 * sigma / sqrt(N), "mu");
        assert_near(sqrt(var_of(x)), sigma, 5 * sigma / sqrt(2.0 * N), "sd");
        free(x);
    }
}

// Mean-preserving: E x = p1, so the median is |p1| exp(-sigma^2/2).
static void test_sample_lognormal_mean_preserving(void **state) {
    (void)state;
    const double p1[] = {3.0, -3.0};
    for (int c = 0; c < 2; c++) {
        double gsd = 1.5, sigma = log(gsd);
        lca_uncertainty u = rec(LCA_DIST_LOGNORMAL, p1[c], gsd, 0);
        double *x = draw_n(&u, p1[c], 1, 108);
        double sd = fabs(p1[c]) * sqrt(exp(sigma * sigma) - 1.0);
        assert_near(mean_of(x), p1[c], 5.0 * sd / sqrt(N), "mean");
        logs_of(x);
        assert_near(mean_of(x), log(fabs(p1[c])) - 0.5 * sigma * sigma,
                    5.0 * sigma / sqrt(N), "log median");
        free(x);
    }
}

// ---- Kolmogorov-Smirnov against the exact CDF ---------------------------

static double phi_cdf(double z) {
    return 0.5 * erfc(-z / sqrt(2.0));
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

typedef double (*cdf_fn)(double x, const lca_uncertainty *u);

static double cdf_normal(double x, const lca_uncertainty *u) {
    return phi_cdf((x - u->p1) / u->p2);
}
static double cdf_uniform(double x, const lca_uncertainty *u) {
    return (x - u->p1) / (u->p2 - u->p1);
}
static double cdf_triangular(double x, const lca_uncertainty *u) {
    double a = u->p1, c = u->p2, b = u->p3;
    if (x <= c) return (x - a) * (x - a) / ((b - a) * (c - a));
    return 1.0 - (b - x) * (b - x) / ((b - a) * (b - c));
}
static double cdf_lognormal(double x, const lca_uncertainty *u) {
    return phi_cdf(log(x / u->p1) / log(u->p2));
}

// Gamma(3, theta) is Erlang: 1 - e^-y (1 + y + y^2/2), y = x/theta.
static double cdf_gamma3(double x, const lca_uncertainty *u) {
    double y = (x - u->p3) / u->p2;
    return 1.0 - exp(-y) * (1.0 + y + 0.5 * y * y);
}
// Gamma(1/2, theta) is theta chi^2_1 / 2: erf(sqrt(y)), y = x/theta.
static double cdf_gamma_half(double x, const lca_uncertainty *u) {
    return erf(sqrt((x - u->p3) / u->p2));
}

static void check_ks(const lca_uncertainty *u, cdf_fn cdf, uint64_t entry) {
    double *x = draw_n(u, u->p1, 0, entry);
    qsort(x, N, sizeof *x, cmp_double);
    double d = 0.0;
    for (int i = 0; i < N; i++) {
        double f = cdf(x[i], u);
        d = fmax(d, fmax((i + 1.0) / N - f, f - (double)i / N));
    }
    free(x);
    if (!(d < 1.95 / sqrt(N))) fail_msg("KS D = %.5f", d);
}

static void test_sample_ks_against_exact_cdfs(void **state) {
    (void)state;
    lca_uncertainty u = rec(LCA_DIST_NORMAL, 1.0, 2.0, 0);
    check_ks(&u, cdf_normal, 109);
    u = rec(LCA_DIST_UNIFORM, -1.0, 3.0, 0);
    check_ks(&u, cdf_uniform, 119);
    u = rec(LCA_DIST_TRIANGULAR, 0.0, 1.0, 4.0);
    check_ks(&u, cdf_triangular, 129);
    u = rec(LCA_DIST_LOGNORMAL, 0.5, 2.2, 0);
    check_ks(&u, cdf_lognormal, 139);
    u = rec(LCA_DIST_GAMMA, 3.0, 0.5, 1.0);
    check_ks(&u, cdf_gamma3, 149);
    u = rec(LCA_DIST_GAMMA, 0.5, 2.0, 0.0);
    check_ks(&u, cdf_gamma_half, 159);
}

// ---- truncation ---------------------------------------------------------

// N(0,1) on [lo, hi]: mean = (phi(lo) - phi(hi)) / (Phi(hi) - Phi(lo)); its
// sd is below 1, so 5/sqrt(N) is a safe tolerance.
static void test_sample_truncated_normal_mean(void **state) {
    (void)state;
    double lo = -0.5, hi = 1.5;
    lca_uncertainty u = rec(LCA_DIST_NORMAL, 0.0, 1.0, 0);
    u.lo = lo;
    u.hi = hi;
    double *x = draw_n(&u, 0.0, 0, 110);
    int outside = 0;
    for (int i = 0; i < N; i++) outside += !(x[i] >= lo && x[i] <= hi);
    assert_int_equal(outside, 0);
    double pdf_lo = exp(-0.5 * lo * lo) / sqrt(2.0 * 3.14159265358979323846);
    double pdf_hi = exp(-0.5 * hi * hi) / sqrt(2.0 * 3.14159265358979323846);
    double want = (pdf_lo - pdf_hi) / (phi_cdf(hi) - phi_cdf(lo));
    assert_near(mean_of(x), want, 5.0 / sqrt(N), "truncated mean");
    free(x);
}

static void test_sample_truncation_keeps_every_value_in_bounds(void **state) {
    (void)state;
    lca_uncertainty us[] = {rec(LCA_DIST_LOGNORMAL, 2.0, 2.0, 0),
                            rec(LCA_DIST_GAMMA, 0.5, 1.0, 0.0),
                            rec(LCA_DIST_PERT, 0.0, 1.0, 9.0)};
    for (size_t c = 0; c < sizeof us / sizeof us[0]; c++) {
        us[c].lo = 1.0;
        us[c].hi = 3.0;
        int bad = 0;
        for (uint64_t i = 0; i < 20000; i++) {
            int st;
            double x = lca__sample(&us[c], 2.0, SEED, i, 0, 0, &st);
            bad += !(x >= 1.0 && x <= 3.0) + st;
        }
        assert_int_equal(bad, 0);
    }
}

// A positive lognormal cannot reach hi < 0: every value is clamped to hi.
static void test_sample_impossible_bounds_clamp_and_count(void **state) {
    (void)state;
    lca_uncertainty u[2] = {rec(LCA_DIST_LOGNORMAL, 2.0, 1.5, 0),
                            rec(LCA_DIST_UNIFORM, 0.0, 1.0, 0)};
    u[0].hi = -1.0;
    u[1].lo = 2.0;  // above every value: clamped up to lo
    int st;
    assert_true(lca__sample(&u[0], 2.0, 1, 0, 0, 0, &st) == -1.0);
    assert_int_equal(st, 1);
    assert_true(lca__sample(&u[1], 0.5, 1, 0, 1, 0, &st) == 2.0);
    assert_int_equal(st, 1);
    double amounts[2] = {2.0, 0.5}, v[2];
    const int64_t pos[2] = {0, 1};
    assert_int_equal(lca__sample_list(2, pos, amounts, u, 1, 0, 0, 0, v), 2);
    assert_true(v[0] == -1.0 && v[1] == 2.0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sample_depends_only_on_seed_iter_entry),
        cmocka_unit_test(test_sample_list_numbers_entries_from_offset),
        cmocka_unit_test(test_sample_lognormal_list_equals_sample),
        cmocka_unit_test(test_sample_entries_are_uncorrelated),
        cmocka_unit_test(test_sample_degenerate_cases_are_exact),
        cmocka_unit_test(test_sample_normal_moments),
        cmocka_unit_test(test_sample_uniform_moments),
        cmocka_unit_test(test_sample_triangular_moments),
        cmocka_unit_test(test_sample_pert_moments),
        cmocka_unit_test(test_sample_gamma_moments),
        cmocka_unit_test(test_sample_lognormal_median_and_gsd),
        cmocka_unit_test(test_sample_lognormal_mean_preserving),
        cmocka_unit_test(test_sample_ks_against_exact_cdfs),
        cmocka_unit_test(test_sample_truncated_normal_mean),
        cmocka_unit_test(test_sample_truncation_keeps_every_value_in_bounds),
        cmocka_unit_test(test_sample_impossible_bounds_clamp_and_count),
    };
    return cmocka_run_group_tests_name("sample", tests, NULL, NULL);
}
