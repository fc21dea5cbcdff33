// engine/stats.c: Welford summaries, their merge, exact quantiles
// SPDX-License-Identifier: MIT

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ctx_impl.h"
#include "lca/mc.h"
#include "stats_impl.h"

lca_status lca__stats_init(lca_ctx *ctx, lca__stats *s, int64_t len) {
    memset(s, 0, sizeof *s);
    s->len = len;
    size_t n = (size_t)len;
    s->count = lca__malloc(ctx, n, sizeof *s->count);
    s->mean = lca__malloc(ctx, n, sizeof *s->mean);
    s->m2 = lca__malloc(ctx, n, sizeof *s->m2);
    s->min = lca__malloc(ctx, n, sizeof *s->min);
    s->max = lca__malloc(ctx, n, sizeof *s->max);
    if (s->count == NULL || s->mean == NULL || s->m2 == NULL ||
        s->min == NULL || s->max == NULL) {
        lca__stats_free(ctx, s);
        return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory for %lld "
                         "summaries", (long long)len);
    }
    lca__stats_reset(s);
    return LCA_OK;
}

void lca__stats_free(lca_ctx *ctx, lca__stats *s) {
    lca__free(ctx, s->count);
    lca__free(ctx, s->mean);
    lca__free(ctx, s->m2);
    lca__free(ctx, s->min);
    lca__free(ctx, s->max);
    memset(s, 0, sizeof *s);
}

void lca__stats_reset(lca__stats *s) {
    for (int64_t q = 0; q < s->len; q++) {
        s->count[q] = 0;
        s->mean[q] = 0.0;
        s->m2[q] = 0.0;
        s->min[q] = INFINITY;
        s->max[q] = -INFINITY;
    }
}

// Welford: d = x - mean; mean += d / n; M2 += d (x - mean).
void lca__stats_add(lca__stats *s, const double *x) {
    for (int64_t q = 0; q < s->len; q++) {
        double n = (double)++s->count[q];
        double d = x[q] - s->mean[q];
        s->mean[q] += d / n;
        s->m2[q] += d * (x[q] - s->mean[q]);
        if (x[q] < s->min[q]) s->min[q] = x[q];
        if (x[q] > s->max[q]) s->max[q] = x[q];
    }
}

// Chan et al.: d = mean_b - mean_a; mean = mean_a + d nb / n;
// M2 = M2_a + M2_b + d^2 na nb / n.
void lca__stats_merge(lca__stats *a, const lca__stats *b) {
    for (int64_t q = 0; q < a->len; q++) {
        int64_t nb = b->count[q];
        if (nb == 0) continue;
        int64_t na = a->count[q];
        if (na == 0) {
            a->count[q] = nb;
            a->mean[q] = b->mean[q];
            a->m2[q] = b->m2[q];
        } else {
            double n = (double)(na + nb);
            double d = b->mean[q] - a->mean[q];
            a->mean[q] += d * ((double)nb / n);
            a->m2[q] += b->m2[q] + d * d * ((double)na * (double)nb / n);
            a->count[q] = na + nb;
        }
        if (b->min[q] < a->min[q]) a->min[q] = b->min[q];
        if (b->max[q] > a->max[q]) a->max[q] = b->max[q];
    }
}

double lca__stats_sd(const lca__stats *s, int64_t q) {
    if (s->count[q] < 2) return 0.0;
    return sqrt(s->m2[q] / (double)(s->count[q] - 1));
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

// Type 7: h = (n - 1) p; q = v[floor h] + (h - floor h)(v[floor h + 1] - ..).
void lca__sort_doubles(double *v, int64_t n) {
    if (n > 1) qsort(v, (size_t)n, sizeof *v, cmp_double);
}

double lca__quantile_sorted(const double *v, int64_t n, double p) {
    if (n <= 0) return NAN;
    double h = (double)(n - 1) * p;
    int64_t lo = (int64_t)floor(h);
    if (lo >= n - 1) return v[n - 1];
    return v[lo] + (h - (double)lo) * (v[lo + 1] - v[lo]);
}

const double lca_mc_quantile_p[LCA_MC_NQUANTILES] = {0.025, 0.05, 0.25, 0.5,
                                                     0.75,  0.95, 0.975};

// Partition v[a..b) around the value that belongs at position k and put it
// there: afterwards v[a..k) <= v[k] <= v[k+1..b). Quickselect (Hoare), the
// pivot the median of three; v holds no NaN.
static void select_kth(double *v, int64_t a, int64_t b, int64_t k) {
    int64_t lo = a, hi = b - 1;
    while (hi > lo) {
        int64_t mid = lo + (hi - lo) / 2;
        double x = v[lo], y = v[mid], z = v[hi];
        double piv = (x < y) ? ((y < z) ? y : (x < z ? z : x))
                             : ((x < z) ? x : (y < z ? z : y));
        int64_t i = lo, j = hi;
        while (i <= j) {
            while (v[i] < piv) i++;
            while (v[j] > piv) j--;
            if (i <= j) {
                double t = v[i];
                v[i++] = v[j];
                v[j--] = t;
            }
        }
        if (k <= j) {
            hi = j;
        } else if (k >= i) {
            lo = i;
        } else {
            return;  // v[j+1..i-1] all equal the pivot, k among them
        }
    }
}

// The order statistics at the sorted positions want[0..nw-1] (ascending,
// distinct, inside [a, b)): the middle one first, then each side in its
// own part, so the parts shrink; an end of a part is a min or max scan.
static void select_many(double *v, int64_t a, int64_t b, const int64_t *want,
                        int64_t nw) {
    if (nw == 0) return;
    int64_t m = nw / 2, k = want[m];
    if (k == a || k == b - 1) {
        int64_t best = a;
        for (int64_t i = a + 1; i < b; i++) {
            if (k == a ? v[i] < v[best] : v[i] > v[best]) best = i;
        }
        double t = v[k];
        v[k] = v[best];
        v[best] = t;
    } else {
        select_kth(v, a, b, k);
    }
    select_many(v, a, k, want, m);
    select_many(v, k + 1, b, want + m + 1, nw - m - 1);
}

enum { MAX_QUANTILES = 64 };

// Exact type-7 quantiles need the order statistics floor(h) and floor(h)+1
// only: selecting them (about 3n comparisons for the seven of the reports)
// is several times faster than sorting n samples, with the same results.
void lca_quantiles(double *v, int64_t n, int64_t np, const double *p,
                   double *q) {
    if (np > MAX_QUANTILES || n < 64) {
        lca__sort_doubles(v, n);
        for (int64_t i = 0; i < np; i++) {
            q[i] = lca__quantile_sorted(v, n, p[i]);
        }
        return;
    }
    int64_t want[2 * MAX_QUANTILES] = {0}, nw = 0;
    for (int64_t i = 0; i < np; i++) {
        int64_t lo = (int64_t)floor((double)(n - 1) * p[i]);
        for (int64_t d = 0; d < 2 && lo + d < n; d++) {
            int64_t w = lo + d, at = nw;
            while (at > 0 && want[at - 1] > w) at--;  // insertion, sorted
            if (at > 0 && want[at - 1] == w) continue;
            memmove(want + at + 1, want + at, (size_t)(nw - at) * sizeof *want);
            want[at] = w;
            nw++;
        }
    }
    select_many(v, 0, n, want, nw);
    for (int64_t i = 0; i < np; i++) q[i] = lca__quantile_sorted(v, n, p[i]);
}
