// io/import/bw_unc.c: stats_arrays uncertainty records as lca_uncertainty
// SPDX-License-Identifier: MIT
//
// stats_arrays (Brightway's uncertainty library) draws, per code:
//   0, 1  loc (bw2data sets it to the amount): fixed here at the amount
//   2     sign * exp(N(loc, scale)), sign = -1 when `negative`
//   3     N(loc, scale)
//   4     U(minimum, maximum)
//   5     triangular(minimum, loc = mode, maximum)
//   9     sign * (loc + Gamma(shape, scale)), loc NaN = 0
//   13    beta-PERT(minimum, loc = mode, maximum), lambda = scale (NaN: 4)
// and redraws values outside [minimum, maximum] (NaN = no bound) for the
// families whose parameters are not the bounds themselves. bw2calc then
// negates a flipped entry's value. lca_uncertainty holds the same
// distributions in the stored amount's units, so a flip negates the
// parameters (lca_uncertainty: lognormal median signed, gamma "sign as
// the amount").

#include <math.h>
#include <stdio.h>

#include "io/import/bw_impl.h"

static const char *const NAMES[] = {
    "undefined", "no uncertainty", "lognormal", "normal", "uniform",
    "triangular", "Bernoulli", "discrete uniform", "Weibull", "gamma",
    "beta", "generalized extreme value", "Student's t", "beta-PERT"};

static int fail(char *why, size_t n, const char *fmt, int code,
                const char *detail) {
    const char *name = code >= 0 && code <= 13 ? NAMES[code] : "unknown";
    snprintf(why, n, fmt, code, name, detail);
    return 0;
}

static void swap(double *a, double *b) {
    double t = *a;
    *a = *b;
    *b = t;
}

// The value sign*v of the record's parameters (sign = -1 or 1).
static void negate(lca_uncertainty *u) {
    switch ((lca_dist)u->dist) {
    case LCA_DIST_LOGNORMAL:
    case LCA_DIST_NORMAL: u->p1 = -u->p1; break;
    case LCA_DIST_UNIFORM:
        u->p1 = -u->p1;
        u->p2 = -u->p2;
        swap(&u->p1, &u->p2);
        break;
    case LCA_DIST_TRIANGULAR:
    case LCA_DIST_PERT:
        u->p1 = -u->p1;
        u->p2 = -u->p2;
        u->p3 = -u->p3;
        swap(&u->p1, &u->p3);
        break;
    case LCA_DIST_GAMMA: u->p3 = -u->p3; break;
    default: break;
    }
    u->lo = -u->lo;
    u->hi = -u->hi;
    swap(&u->lo, &u->hi);
}

// The families whose minimum and maximum are parameters, not bounds.
static int set_params(int code, double loc, double scale, double shape,
                      double mn, double mx, lca_uncertainty *u, char *why,
                      size_t n) {
    switch (code) {
    case 4: u->dist = LCA_DIST_UNIFORM; u->p1 = mn; u->p2 = mx; break;
    case 5:
    case 13:
        if (code == 13 && !isnan(scale) && scale != 4.0)
            return fail(why, n, "stats_arrays code %d (%s) with lambda "
                        "(scale) %s: only lambda 4 is supported", code,
                        "other than 4");
        u->dist = code == 5 ? LCA_DIST_TRIANGULAR : LCA_DIST_PERT;
        u->p1 = mn;
        u->p2 = loc;
        u->p3 = mx;
        break;
    default:
        u->lo = mn;  // bounds of the draws (NaN: none)
        u->hi = mx;
        if (code == 2) {
            u->dist = LCA_DIST_LOGNORMAL;
            u->p1 = exp(loc);
            u->p2 = exp(scale);
        } else if (code == 3) {
            u->dist = LCA_DIST_NORMAL;
            u->p1 = loc;
            u->p2 = scale;
        } else {
            u->dist = LCA_DIST_GAMMA;
            u->p1 = shape;
            u->p2 = scale;
            u->p3 = isnan(loc) ? 0.0 : loc;
        }
    }
    return 1;
}

int lca__bw_record(int code, double loc, double scale, double shape,
                   double minimum, double maximum, int negative, double x,
                   int flip, lca_uncertainty *u, char *why, size_t why_size) {
    *u = lca_uncertainty_none();
    if (code == 0 || code == 1) return 1;
    if (code != 2 && code != 3 && code != 4 && code != 5 && code != 9 &&
        code != 13) {
        return fail(why, why_size, "stats_arrays code %d (%s) is not "
                    "supported%s (supported: 0, 1, 2 lognormal, 3 normal, 4 "
                    "uniform, 5 triangular, 9 gamma, 13 beta-PERT)", code, "");
    }
    if (!set_params(code, loc, scale, shape, minimum, maximum, u, why,
                    why_size))
        return 0;
    // Lognormal and gamma draws are negated when `negative`; the flip
    // negates every family.
    int neg = (negative && (code == 2 || code == 9)) != (flip != 0);
    if (code == 9 && neg != (flip ? -x < 0 : x < 0)) {
        return fail(why, why_size, "stats_arrays code %d (%s): the draws go "
                    "%s while the amount has the other sign", code,
                    neg ? "below the offset" : "above the offset");
    }
    if (neg) negate(u);
    double amount = flip ? -x : x;
    char reason[160];
    if (!lca_uncertainty_valid(u, amount, reason, sizeof reason)) {
        return fail(why, why_size, "stats_arrays code %d (%s): %s", code,
                    reason);
    }
    return 1;
}
