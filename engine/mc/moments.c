// engine/mc/moments.c: mean and variance of what a record samples
// SPDX-License-Identifier: MIT
//
// The exact first two moments of the values kernels/sample.c draws from an
// uncertainty record, for the first-order variance of a result
// (engine/analysis/screen.c). Without bounds, the textbook closed forms.
// With bounds [lo, hi] the sampler rejects and redraws, i.e. it samples the
// distribution conditioned on the interval, whose moments are
//
//   E[X^n | lo <= X <= hi] = E[X^n 1(lo <= X <= hi)] / P(lo <= X <= hi)
//
// and every E[X^n 1(...)] is again a probability mass: for the normal
// and lognormal a shifted normal mass, for PERT (a beta) and the gamma
// an incomplete beta or gamma function of shifted parameters
// (engine/mc/specfun.c), for the triangular a polynomial integral. Only
// the degenerate case of an interval of probability zero, where the
// sampler gives up and clamps, is not a conditioned distribution: it is
// reported as the clamped value with variance 0.

#include <math.h>

#include "lca/uncertainty.h"
#include "specfun_impl.h"

#define INV_SQRT_2PI 0.3989422804014326779399  // M_PI is not in strict C11

typedef struct mv {
    double mean, var;
} mv;

static double lower(const lca_uncertainty *u) {
    return isnan(u->lo) ? -INFINITY : u->lo;
}

static double upper(const lca_uncertainty *u) {
    return isnan(u->hi) ? INFINITY : u->hi;
}

static int truncated(const lca_uncertainty *u) {
    return isfinite(lower(u)) || isfinite(upper(u));
}

// A constant value c, clamped into the bounds as the sampler would.
static mv constant(const lca_uncertainty *u, double c) {
    if (c < lower(u)) c = lower(u);
    if (c > upper(u)) c = upper(u);
    return (mv){c, 0.0};
}

static double phi(double x) {
    return isinf(x) ? 0.0 : exp(-0.5 * x * x) * INV_SQRT_2PI;
}

static double xphi(double x) { return isinf(x) ? 0.0 : x * phi(x); }

// N(mu, sd^2) conditioned on [lo, hi].
static mv normal(const lca_uncertainty *u, double mu, double sd) {
    if (sd == 0.0) return constant(u, mu);
    if (!truncated(u)) return (mv){mu, sd * sd};
    double a = (lower(u) - mu) / sd, b = (upper(u) - mu) / sd;
    double Z = lca__normal_mass(a, b);
    if (!(Z > 0.0)) return constant(u, mu);
    double m = (phi(a) - phi(b)) / Z;
    double v = 1.0 + (xphi(a) - xphi(b)) / Z - m * m;
    return (mv){mu + sd * m, sd * sd * (v > 0.0 ? v : 0.0)};
}

// s m exp(sigma z), z ~ N(0,1), conditioned on [lo, hi].
static mv lognormal(const lca_uncertainty *u, int mean_preserving) {
    double sigma = log(u->p2), m = fabs(u->p1), s = u->p1 < 0.0 ? -1.0 : 1.0;
    if (mean_preserving) m *= exp(-0.5 * sigma * sigma);
    if (sigma == 0.0) return constant(u, s * m);
    double s2 = sigma * sigma;
    if (!truncated(u)) return (mv){s * m * exp(0.5 * s2), m * m * exp(s2) * expm1(s2)};
    // Bounds on Y = m exp(sigma z) > 0, then on z.
    double ylo = s > 0 ? lower(u) : -upper(u), yhi = s > 0 ? upper(u) : -lower(u);
    double a = ylo > 0.0 ? log(ylo / m) / sigma : -INFINITY;
    double b = yhi > 0.0 ? log(yhi / m) / sigma : -INFINITY;
    double Z = lca__normal_mass(a, b);
    if (!(Z > 0.0)) return constant(u, s * m);
    double e1 = exp(0.5 * s2) * lca__normal_mass(a - sigma, b - sigma) / Z;
    double e2 = exp(2.0 * s2) * lca__normal_mass(a - 2 * sigma, b - 2 * sigma) / Z;
    double v = e2 - e1 * e1;
    return (mv){s * m * e1, m * m * (v > 0.0 ? v : 0.0)};
}

static mv uniform(const lca_uncertainty *u) {
    double a = fmax(u->p1, lower(u)), b = fmin(u->p2, upper(u));
    if (!(a < b)) return constant(u, u->p1);
    return (mv){0.5 * (a + b), (b - a) * (b - a) / 12.0};
}

// int_L^U t^n g(t) dt for the triangular density g on [0, 1], mode c.
static double tri_moment(double c, double L, double U, int n) {
    double m = 0.0;
    double l1 = fmax(L, 0.0), u1 = fmin(U, c);
    if (c > 0.0 && l1 < u1) {
        m += 2.0 / c * (pow(u1, n + 2) - pow(l1, n + 2)) / (n + 2);
    }
    double l2 = fmax(L, c), u2 = fmin(U, 1.0);
    if (c < 1.0 && l2 < u2) {
        m += 2.0 / (1.0 - c) * ((pow(u2, n + 1) - pow(l2, n + 1)) / (n + 1) -
                                (pow(u2, n + 2) - pow(l2, n + 2)) / (n + 2));
    }
    return m;
}

static mv triangular(const lca_uncertainty *u) {
    double a = u->p1, c = u->p2, b = u->p3, w = b - a;
    if (w == 0.0) return constant(u, a);
    if (!truncated(u)) {
        return (mv){(a + b + c) / 3.0,
                    (a * a + b * b + c * c - a * b - a * c - b * c) / 18.0};
    }
    double g = (c - a) / w, L = (lower(u) - a) / w, U = (upper(u) - a) / w;
    double m0 = tri_moment(g, L, U, 0);
    if (!(m0 > 0.0)) return constant(u, a);
    double m1 = tri_moment(g, L, U, 1) / m0, m2 = tri_moment(g, L, U, 2) / m0;
    double v = m2 - m1 * m1;
    return (mv){a + w * m1, w * w * (v > 0.0 ? v : 0.0)};
}

// a + w Y, Y ~ Beta(al, be), al = 1 + 4 (c-a)/w, be = 1 + 4 (b-c)/w.
static mv pert(const lca_uncertainty *u) {
    double a = u->p1, c = u->p2, b = u->p3, w = b - a;
    if (w == 0.0) return constant(u, c);
    double al = 1.0 + 4.0 * (c - a) / w, be = 1.0 + 4.0 * (b - c) / w;
    double s = al + be;
    if (!truncated(u)) {
        return (mv){a + w * al / s, w * w * al * be / (s * s * (s + 1.0))};
    }
    double L = fmax((lower(u) - a) / w, 0.0), U = fmin((upper(u) - a) / w, 1.0);
    double Z = lca__beta_mass(al, be, L, U);
    if (!(Z > 0.0)) return constant(u, c);
    double e1 = al / s * lca__beta_mass(al + 1.0, be, L, U) / Z;
    double e2 = al * (al + 1.0) / (s * (s + 1.0)) *
                lca__beta_mass(al + 2.0, be, L, U) / Z;
    double v = e2 - e1 * e1;
    return (mv){a + w * e1, w * w * (v > 0.0 ? v : 0.0)};
}

// p3 + sgn theta G, G ~ Gamma(k, 1), sgn the sign of the amount.
static mv gamma_dist(const lca_uncertainty *u, double amount) {
    double k = u->p1, th = u->p2, loc = u->p3, sg = amount < 0.0 ? -1.0 : 1.0;
    if (!truncated(u)) return (mv){loc + sg * k * th, k * th * th};
    double L = sg > 0 ? (lower(u) - loc) / th : (loc - upper(u)) / th;
    double U = sg > 0 ? (upper(u) - loc) / th : (loc - lower(u)) / th;
    L = fmax(L, 0.0);
    double Z = lca__gamma_mass(k, L, U);
    if (!(Z > 0.0)) return constant(u, loc + sg * k * th);
    double e1 = k * lca__gamma_mass(k + 1.0, L, U) / Z;
    double e2 = k * (k + 1.0) * lca__gamma_mass(k + 2.0, L, U) / Z;
    double v = e2 - e1 * e1;
    return (mv){loc + sg * th * e1, th * th * (v > 0.0 ? v : 0.0)};
}

int lca_uncertainty_moments(const lca_uncertainty *u, double amount,
                            int lognormal_mean_preserving, double *mean,
                            double *var) {
    *mean = NAN;
    *var = NAN;
    if (!lca_uncertainty_valid(u, amount, NULL, 0)) return 0;
    mv r;
    switch ((lca_dist)u->dist) {
    case LCA_DIST_NONE: r = (mv){amount, 0.0}; break;
    case LCA_DIST_LOGNORMAL: r = lognormal(u, lognormal_mean_preserving); break;
    case LCA_DIST_NORMAL: r = normal(u, u->p1, u->p2); break;
    case LCA_DIST_UNIFORM: r = uniform(u); break;
    case LCA_DIST_TRIANGULAR: r = triangular(u); break;
    case LCA_DIST_PERT: r = pert(u); break;
    case LCA_DIST_GAMMA: r = gamma_dist(u, amount); break;
    default: return 0;
    }
    *mean = r.mean;
    *var = r.var;
    return 1;
}
