// tests/test_moments.c: mean and variance of uncertainty records
// SPDX-License-Identifier: MIT
//
// lca_uncertainty_moments (engine/mc/moments.c) against closed forms
// worked out by hand, the interval masses (engine/mc/specfun.c) against
// elementary special cases, and every distribution, truncated or not,
// against the sampler itself (kernels/sample.c): the empirical mean and
// variance of 400,000 draws within 5 standard errors.

#include <math.h>
#include <stdlib.h>

#include "engine/mc/specfun_impl.h"
#include "kernels/sample.h"
#include "test_util.h"

static lca_uncertainty rec(int dist, double p1, double p2, double p3,
                           double lo, double hi) {
    lca_uncertainty u = lca_uncertainty_none();
    u.dist = (uint8_t)dist;
    u.p1 = p1;
    u.p2 = p2;
    u.p3 = p3;
    u.lo = lo;
    u.hi = hi;
    return u;
}

static void moments(const lca_uncertainty *u, double amount, int mp,
                    double *m, double *v) {
    assert_int_equal(lca_uncertainty_moments(u, amount, mp, m, v), 1);
}

static void test_moments_closed_forms(void **state) {
    (void)state;
    double m, v;
    lca_uncertainty u = rec(LCA_DIST_LOGNORMAL, -2.0, exp(0.5), 0, NAN, NAN);
    moments(&u, -2.0, 0, &m, &v);
    assert_close(m, -2.0 * exp(0.125), 1e-15);
    assert_close(v, 4.0 * exp(0.25) * (exp(0.25) - 1.0), 1e-14);
    moments(&u, -2.0, 1, &m, &v);  // mean-preserving: the mean is p1
    assert_close(m, -2.0, 1e-15);
    assert_close(v, 4.0 * (exp(0.25) - 1.0), 1e-14);
    u = rec(LCA_DIST_NORMAL, 3.0, 0.5, 0, NAN, NAN);
    moments(&u, 3.0, 0, &m, &v);
    assert_close(m, 3.0, 0);
    assert_close(v, 0.25, 0);
    u = rec(LCA_DIST_UNIFORM, 1.0, 4.0, 0, NAN, NAN);
    moments(&u, 2.0, 0, &m, &v);
    assert_close(m, 2.5, 0);
    assert_close(v, 0.75, 1e-15);
    u = rec(LCA_DIST_TRIANGULAR, 0.0, 1.0, 4.0, NAN, NAN);
    moments(&u, 1.0, 0, &m, &v);
    assert_close(m, 5.0 / 3.0, 1e-15);
    assert_close(v, (0 + 1 + 16 - 0 - 0 - 4) / 18.0, 1e-15);
    u = rec(LCA_DIST_PERT, 0.0, 1.0, 4.0, NAN, NAN);  // alpha 2, beta 4
    moments(&u, 1.0, 0, &m, &v);
    assert_close(m, 4.0 * 2.0 / 6.0, 1e-15);
    assert_close(v, 16.0 * 8.0 / (36.0 * 7.0), 1e-15);
    u = rec(LCA_DIST_GAMMA, 3.0, 0.5, 1.0, NAN, NAN);
    moments(&u, 2.0, 0, &m, &v);
    assert_close(m, 2.5, 1e-15);
    assert_close(v, 0.75, 1e-15);
    moments(&u, -2.0, 0, &m, &v);  // negative amount: p3 - theta G
    assert_close(m, -0.5, 1e-15);
    u = rec(LCA_DIST_NONE, 0, 0, 0, NAN, NAN);
    moments(&u, 7.0, 0, &m, &v);
    assert_close(m, 7.0, 0);
    assert_close(v, 0.0, 0);
}

// The half-normal: N(0,1) on [0, inf) has mean sqrt(2/pi), var 1 - 2/pi;
// a uniform cut to [2, 3] is U(2, 3); a triangular (0, 0, 1) cut to
// [0, 0.5] has density 2(1-t)/0.75 there: mean 2/9, E[t^2] = 5/72.
static void test_moments_truncated_closed_forms(void **state) {
    (void)state;
    const double pi = 3.14159265358979323846;
    double m, v;
    lca_uncertainty u = rec(LCA_DIST_NORMAL, 0.0, 1.0, 0, 0.0, NAN);
    moments(&u, 0.0, 0, &m, &v);
    assert_close(m, sqrt(2.0 / pi), 1e-14);
    assert_close(v, 1.0 - 2.0 / pi, 1e-13);
    u = rec(LCA_DIST_UNIFORM, 1.0, 4.0, 0, 2.0, 3.0);
    moments(&u, 2.0, 0, &m, &v);
    assert_close(m, 2.5, 1e-15);
    assert_close(v, 1.0 / 12.0, 1e-15);
    u = rec(LCA_DIST_TRIANGULAR, 0.0, 0.0, 1.0, NAN, 0.5);
    moments(&u, 0.0, 0, &m, &v);
    assert_close(m, 4.0 / 9.0 * 0.5, 1e-14);
    assert_close(v, 5.0 / 72.0 - 4.0 / 81.0, 1e-14);
    // An interval of probability zero: the clamped value, variance 0.
    u = rec(LCA_DIST_UNIFORM, 1.0, 2.0, 0, 5.0, 6.0);
    moments(&u, 1.5, 0, &m, &v);
    assert_close(m, 5.0, 0);
    assert_close(v, 0.0, 0);
    u = rec(LCA_DIST_NORMAL, 0.0, -1.0, 0, NAN, NAN);  // invalid record
    assert_int_equal(lca_uncertainty_moments(&u, 0.0, 0, &m, &v), 0);
    assert_true(isnan(m) && isnan(v));
}

// P(1, x) = 1 - e^-x; P(2, x) = 1 - (1 + x) e^-x; I_x(1, 1) = x;
// I_x(2, 2) = 3x^2 - 2x^3; Phi mass of the far upper tail.
static void test_moments_interval_masses(void **state) {
    (void)state;
    assert_close(lca__gamma_mass(1.0, 0.5, 3.0), exp(-0.5) - exp(-3.0), 1e-14);
    assert_close(lca__gamma_mass(2.0, 0.0, 5.0), 1.0 - 6.0 * exp(-5.0), 1e-14);
    assert_close(lca__gamma_mass(2.0, 40.0, INFINITY), 41.0 * exp(-40.0),
                 1e-12);
    assert_close(lca__beta_mass(1.0, 1.0, 0.2, 0.7), 0.5, 1e-14);
    double F3 = 3 * 0.09 - 2 * 0.027, F8 = 3 * 0.64 - 2 * 0.512;
    assert_close(lca__beta_mass(2.0, 2.0, 0.3, 0.8), F8 - F3, 1e-14);
    assert_close(lca__beta_mass(2.0, 2.0, 0.99, 1.0),
                 1.0 - (3 * 0.9801 - 2 * 0.970299), 1e-11);
    // Q(8) = 6.22096057427178e-16 (erfc), so the mass of [8, 9] is Q(8)
    // - Q(9), Q(9) = 1.12858840595384e-19.
    assert_close(lca__normal_mass(8.0, 9.0),
                 6.22096057427178e-16 - 1.12858840595384e-19, 1e-12);
    assert_close(lca__normal_mass(-INFINITY, INFINITY), 1.0, 1e-16);
}

// Empirical mean and variance of the sampler for record u.
static void check_against_sampler(const lca_uncertainty *u, double amount) {
    const int64_t N = 400000;
    double m, v, sum = 0.0, sum2 = 0.0;
    moments(u, amount, 0, &m, &v);
    for (int64_t i = 0; i < N; i++) {
        int st;
        double x = lca__sample(u, amount, 42, (uint64_t)i, 7, 0, &st);
        assert_int_equal(st, 0);
        sum += x - m;
        sum2 += (x - m) * (x - m);
    }
    double em = m + sum / N;
    double ev = sum2 / N - (sum / N) * (sum / N);
    double se_m = sqrt(v / N), se_v = v * sqrt(4.0 / N);  // generous
    if (fabs(em - m) > 5 * se_m || fabs(ev - v) > 5 * se_v) {
        fail_msg("dist %d [%g, %g]: mean %.8g vs %.8g, var %.8g vs %.8g",
                 u->dist, u->lo, u->hi, em, m, ev, v);
    }
}

static void test_moments_match_the_sampler(void **state) {
    (void)state;
    const double lo[] = {NAN, 0.9, NAN, 1.05}, hi[] = {NAN, 1.4, 1.1, NAN};
    for (int b = 0; b < 4; b++) {
        lca_uncertainty us[] = {
            rec(LCA_DIST_LOGNORMAL, 1.0, 1.3, 0, lo[b], hi[b]),
            rec(LCA_DIST_NORMAL, 1.0, 0.2, 0, lo[b], hi[b]),
            rec(LCA_DIST_UNIFORM, 0.7, 1.5, 0, lo[b], hi[b]),
            rec(LCA_DIST_TRIANGULAR, 0.6, 1.0, 1.6, lo[b], hi[b]),
            rec(LCA_DIST_PERT, 0.5, 0.9, 1.7, lo[b], hi[b]),
            rec(LCA_DIST_GAMMA, 0.7, 0.3, 0.8, lo[b], hi[b]),
            rec(LCA_DIST_GAMMA, 5.0, 0.1, 0.5, lo[b], hi[b]),
        };
        for (size_t q = 0; q < sizeof us / sizeof *us; q++) {
            check_against_sampler(&us[q], 1.0);
        }
    }
    // Negative amounts: a signed lognormal and a gamma pointing down.
    lca_uncertainty neg[] = {
        rec(LCA_DIST_LOGNORMAL, -1.0, 1.5, 0, -1.5, -0.8),
        rec(LCA_DIST_GAMMA, 2.0, 0.2, -0.6, -1.3, -0.9),
    };
    for (size_t q = 0; q < 2; q++) check_against_sampler(&neg[q], -1.0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_moments_closed_forms),
        cmocka_unit_test(test_moments_truncated_closed_forms),
        cmocka_unit_test(test_moments_interval_masses),
        cmocka_unit_test(test_moments_match_the_sampler),
    };
    return cmocka_run_group_tests_name("moments", tests, NULL, NULL);
}
