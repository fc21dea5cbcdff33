// kernels/sample.h: one Monte Carlo value per uncertainty record
// SPDX-License-Identifier: MIT
//
// A sampled value is a pure function of (record, amount, seed, iteration,
// entry): its random bits are Philox draws 0, 1, 2, ... of that entry and
// iteration (kernels/philox.h), taken in a fixed order. Nothing is cached
// between calls (no second Box-Muller normal, no generator state), so any
// thread may compute any value in any order and get the same bits.
//
// Distributions (parameters as in include/lca/uncertainty.h; z ~ N(0,1) by
// Box-Muller, z = sqrt(-2 ln u1) cos(2 pi u2), two u01 per normal):
//
//   NONE        the amount
//   LOGNORMAL   sign(p1) |p1| exp(ln(p2) z): median |p1|, GSD p2. With
//               lognormal_mean_preserving, |p1| is the mean instead (the
//               openLCA convention): median = |p1| exp(-sigma^2/2).
//               p2 == 1 gives exactly p1.
//   NORMAL      p1 + p2 z
//   UNIFORM     p1 + (p2 - p1) u
//   TRIANGULAR  inverse CDF: F(c) = (c-a)/(b-a); u < F(c): a + sqrt(u (b-a)
//               (c-a)), else b - sqrt((1-u) (b-a) (b-c)); a = p1, c = p2,
//               b = p3. Zero width gives a.
//   PERT        a + (b-a) X/(X+Y), X ~ Gamma(alpha), Y ~ Gamma(beta),
//               alpha = 1 + 4 (c-a)/(b-a), beta = 1 + 4 (b-c)/(b-a).
//               Zero width gives c.
//   GAMMA       p3 + p2 G for amount >= 0, p3 - p2 G for amount < 0, with
//               G ~ Gamma(p1, 1): the location p3 is signed like every
//               parameter, and the tail points away from zero as for a
//               negative lognormal.
//
// Gamma(k, 1) is Marsaglia-Tsang (2000) for k >= 1 (at most 64 tries, each
// accepted with probability > 0.95; if all fail, which has probability
// below 1e-80, it returns k - 1/3), and G(k+1) u^(1/k) for k < 1.
//
// Truncation: with bounds lo, hi (NaN = none), a value outside [lo, hi] is
// rejected and the next one taken from the following draws, up to 1000
// tries. If all fail, the last one is clamped to the bound it broke and
// *status is set to 1; otherwise *status is 0.
//
// Records must pass lca_uncertainty_valid; an unknown dist gives NaN.

#ifndef LCA_KERNELS_SAMPLE_H
#define LCA_KERNELS_SAMPLE_H

#include <stdint.h>

#include "lca/uncertainty.h"

enum {
    LCA_SAMPLE_MAX_TRIES = 1000,  // truncation rejection tries per value
};

// The sampled value of one entry (record u, stored amount) in iteration
// iter under seed. entry, iter < 2^48. status must not be NULL: it gets 1
// if the value was clamped to a bound, else 0.
double lca__sample(const lca_uncertainty *u, double amount, uint64_t seed,
                   uint64_t iter, uint64_t entry, int lognormal_mean_preserving,
                   int *status);

// values[pos[q]] = the sampled value of entry entry0 + pos[q] for one
// iteration, q = 0..count-1; other values are not touched. One numbering
// for A, B and C keeps their streams apart: A's entries are 0..nnzA-1, B's
// start at nnzA, C's at nnzA + nnzB (entry0 + pos < 2^48). values must not
// overlap amounts.
// Monte Carlo lists the entries that vary and matter, so that fixed and
// unused ones cost nothing per iteration. Returns the clamped count.
int64_t lca__sample_list(int64_t count, const int64_t *pos,
                         const double *amounts, const lca_uncertainty *records,
                         uint64_t seed, uint64_t iter, uint64_t entry0,
                         int lognormal_mean_preserving,
                         double *restrict values);

// The unbounded lognormals among them, from parameters prepared once per
// run: values[pos[q]] = scale[q] exp(sigma[q] z), z the entry's first
// normal. With sigma = ln(GSD) and scale = the median (times
// exp(-sigma^2/2) for the mean-preserving convention), negated for a
// negative amount, this is lca__sample's value bit for bit, without a
// logarithm and a record per value.
void lca__sample_lognormal_list(int64_t count, const int64_t *pos,
                                const double *sigma, const double *scale,
                                uint64_t seed, uint64_t iter, uint64_t entry0,
                                double *restrict values);

#endif  // LCA_KERNELS_SAMPLE_H
