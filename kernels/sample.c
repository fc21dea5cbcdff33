// kernels/sample.c: one Monte Carlo value per uncertainty record
// SPDX-License-Identifier: MIT
//
// Every value reads its own Philox stream (seed, iteration, entry), draw
// after draw, through a cursor on the stack; the formulas are in sample.h.
// Normals come from Box-Muller using only the cosine branch: the sine
// branch would need a cache between calls, which would make a value depend
// on what was sampled before it. Ziggurat normals were rejected for the
// same reason plus their tables; inverse-CDF normals need a long rational
// approximation and gain nothing here, since a factorization per iteration
// costs far more than sampling.

#include <assert.h>
#include <math.h>

#include "philox.h"
#include "sample.h"

enum {
    GAMMA_MAX_TRIES = 64,  // Marsaglia-Tsang tries before the fallback
};

#define TWO_PI 6.283185307179586476925  // M_PI is not in strict C11

// A position in one entry's stream: the next u01 is word pair `used` of w,
// and draw `draw` refills w when both pairs are used.
typedef struct rng {
    uint64_t seed, iter, entry;
    uint32_t draw;
    int used;
    uint32_t w[4];
} rng;

static double next_u01(rng *r) {
    if (r->used == 2) {
        lca__philox_draw(r->seed, r->iter, r->entry, r->draw, r->w);
        r->draw++;
        r->used = 0;
    }
    const uint32_t *w = r->w + 2 * r->used;
    r->used++;
    return lca__u01(w[0], w[1]);
}

// z = sqrt(-2 ln u1) cos(2 pi u2)
static double next_normal(rng *r) {
    double u1 = next_u01(r);
    double u2 = next_u01(r);
    return sqrt(-2.0 * log(u1)) * cos(TWO_PI * u2);
}

// Marsaglia-Tsang, k >= 1: d = k - 1/3, v = (1 + z/sqrt(9d))^3, accept d v
// if ln u < z^2/2 + d - d v + d ln v.
static double gamma_mt(rng *r, double k) {
    double d = k - 1.0 / 3.0;
    double c = 1.0 / sqrt(9.0 * d);
    for (int t = 0; t < GAMMA_MAX_TRIES; t++) {
        double z = next_normal(r);
        double v = 1.0 + c * z;
        if (v <= 0.0) continue;
        v = v * v * v;
        double u = next_u01(r);
        if (log(u) < 0.5 * z * z + d - d * v + d * log(v)) return d * v;
    }
    return d;
}

// G ~ Gamma(k, 1); for k < 1, G(k+1) u^(1/k) (Marsaglia-Tsang's boost).
static double gamma_std(rng *r, double k) {
    if (k >= 1.0) return gamma_mt(r, k);
    double g = gamma_mt(r, k + 1.0);
    return g * pow(next_u01(r), 1.0 / k);
}

static double lognormal(const lca_uncertainty *u, int mean_preserving, rng *r) {
    double sigma = log(u->p2);
    double median = fabs(u->p1);
    if (mean_preserving) median *= exp(-0.5 * sigma * sigma);
    double x = median * exp(sigma * next_normal(r));
    return u->p1 < 0.0 ? -x : x;
}

static double triangular(double a, double c, double b, rng *r) {
    double w = b - a;
    if (w == 0.0) return a;
    double u = next_u01(r);
    if (u < (c - a) / w) return a + sqrt(u * w * (c - a));
    return b - sqrt((1.0 - u) * w * (b - c));
}

static double pert(double a, double c, double b, rng *r) {
    double w = b - a;
    if (w == 0.0) return c;
    double x = gamma_std(r, 1.0 + 4.0 * (c - a) / w);
    double y = gamma_std(r, 1.0 + 4.0 * (b - c) / w);
    return a + w * (x / (x + y));
}

// One untruncated value from the stream's current position.
static double draw_once(const lca_uncertainty *u, double amount,
                        int mean_preserving, rng *r) {
    switch ((lca_dist)u->dist) {
    case LCA_DIST_NONE: return amount;
    case LCA_DIST_LOGNORMAL: return lognormal(u, mean_preserving, r);
    case LCA_DIST_NORMAL: return u->p1 + u->p2 * next_normal(r);
    case LCA_DIST_UNIFORM: return u->p1 + (u->p2 - u->p1) * next_u01(r);
    case LCA_DIST_TRIANGULAR: return triangular(u->p1, u->p2, u->p3, r);
    case LCA_DIST_PERT: return pert(u->p1, u->p2, u->p3, r);
    case LCA_DIST_GAMMA: {
        double g = u->p2 * gamma_std(r, u->p1);
        return amount < 0.0 ? u->p3 - g : u->p3 + g;
    }
    }
    return NAN;
}

static int in_bounds(double x, double lo, double hi) {
    return (isnan(lo) || x >= lo) && (isnan(hi) || x <= hi);
}

double lca__sample(const lca_uncertainty *u, double amount, uint64_t seed,
                   uint64_t iter, uint64_t entry, int lognormal_mean_preserving,
                   int *status) {
    assert(status != NULL);
    *status = 0;
    if (u->dist == LCA_DIST_NONE) return amount;
    rng r = {.seed = seed, .iter = iter, .entry = entry, .draw = 0, .used = 2};
    double x = NAN;
    for (int t = 0; t < LCA_SAMPLE_MAX_TRIES; t++) {
        x = draw_once(u, amount, lognormal_mean_preserving, &r);
        if (in_bounds(x, u->lo, u->hi)) return x;
        if (isnan(x)) return x;
    }
    *status = 1;
    return (!isnan(u->lo) && x < u->lo) ? u->lo : u->hi;
}

int64_t lca__sample_list(int64_t count, const int64_t *pos,
                         const double *amounts, const lca_uncertainty *records,
                         uint64_t seed, uint64_t iter, uint64_t entry0,
                         int lognormal_mean_preserving,
                         double *restrict values) {
    int64_t clamped = 0;
    for (int64_t q = 0; q < count; q++) {
        int64_t p = pos[q];
        int st;
        values[p] =
            lca__sample(records + p, amounts[p], seed, iter,
                        entry0 + (uint64_t)p, lognormal_mean_preserving, &st);
        clamped += st;
    }
    return clamped;
}

void lca__sample_lognormal_list(int64_t count, const int64_t *pos,
                                const double *sigma, const double *scale,
                                uint64_t seed, uint64_t iter, uint64_t entry0,
                                double *restrict values) {
    for (int64_t q = 0; q < count; q++) {
        rng r = {.seed = seed, .iter = iter,
                 .entry = entry0 + (uint64_t)pos[q], .draw = 0, .used = 2};
        values[pos[q]] = scale[q] * exp(sigma[q] * next_normal(&r));
    }
}
