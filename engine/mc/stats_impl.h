// engine/stats_impl.h: streaming summaries with an exact, ordered merge
// SPDX-License-Identifier: MIT
//
// For each of `len` quantities (e.g. every product x indicator factor) the
// summary holds count, mean, M2 = sum (x - mean)^2 (Welford), min and max.
// Two summaries merge exactly in the sense of Chan, Golub and LeVeque
// (1979): the merged mean and M2 equal those of the concatenated samples
// up to rounding, and the rounding depends only on the order of merges.
// Monte Carlo merges block summaries in block order, so results are
// bit-identical for any thread count, rank count or restart.

#ifndef LCA_STATS_IMPL_H
#define LCA_STATS_IMPL_H

#include <stdint.h>

#include "lca/ctx.h"

typedef struct lca__stats {
    int64_t len;
    int64_t *count;
    double *mean, *m2, *min, *max;
} lca__stats;

// Allocate and reset len summaries. Errors: LCA_ERR_NOMEM.
lca_status lca__stats_init(lca_ctx *ctx, lca__stats *s, int64_t len);
void lca__stats_free(lca_ctx *ctx, lca__stats *s);
void lca__stats_reset(lca__stats *s);

// Add one observation x[q] to every summary q (len values; stride 1).
void lca__stats_add(lca__stats *s, const double *x);

// a = merge(a, b): a now summarizes a's samples followed by b's.
void lca__stats_merge(lca__stats *a, const lca__stats *b);

// The standard deviation (n - 1 denominator; 0 when count < 2).
double lca__stats_sd(const lca__stats *s, int64_t q);

// Sort v[0..n-1] ascending (NaN never occurs: failed iterations are not
// summarized).
void lca__sort_doubles(double *v, int64_t n);

// Quantile p (0..1) of the sorted v[0..n-1]: the linear interpolation
// between order statistics of Hyndman and Fan's type 7 (R's default,
// numpy's "linear"). NaN when n == 0.
double lca__quantile_sorted(const double *v, int64_t n, double p);

#endif  // LCA_STATS_IMPL_H
