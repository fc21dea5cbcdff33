// engine/report/report_stats.c: the data of two report pictures: a
// histogram of Monte Carlo samples and the convergence of their mean
// SPDX-License-Identifier: MIT
//
// Both are single passes over the samples in iteration order, so they
// are exact and do not depend on the thread count that made the samples.

#include <math.h>

#include "lca/report.h"

int64_t lca_report_histogram(int64_t n, const double *x, int64_t nbins,
                             int64_t *counts, double *lo, double *width) {
    double mn = INFINITY, mx = -INFINITY;
    int64_t m = 0;
    for (int64_t i = 0; i < n; i++) {
        if (!isfinite(x[i])) continue;
        mn = x[i] < mn ? x[i] : mn;
        mx = x[i] > mx ? x[i] : mx;
        m++;
    }
    if (nbins <= 0) {
        nbins = (int64_t)sqrt((double)m);
        nbins = nbins < 8 ? 8 : nbins > 60 ? 60 : nbins;
    }
    for (int64_t b = 0; b < nbins; b++) counts[b] = 0;
    if (m == 0) {
        *lo = 0.0;
        *width = 1.0;
        return nbins;
    }
    if (mx > mn) {
        *lo = mn;
        *width = (mx - mn) / (double)nbins;
    } else {  // a constant c: bins of |c|/100 (1 for 0) centred on c
        *width = mn != 0.0 ? fabs(mn) / 100.0 : 1.0;
        *lo = mn - *width * (double)(nbins / 2) - *width / 2.0;
    }
    for (int64_t i = 0; i < n; i++) {
        if (!isfinite(x[i])) continue;
        int64_t b = (int64_t)floor((x[i] - *lo) / *width);
        counts[b < 0 ? 0 : b >= nbins ? nbins - 1 : b]++;
    }
    return nbins;
}

// Checkpoints 10, 20, 50, 100, 200, 500, ... below n, then n.
static int64_t checkpoints(int64_t n, int64_t max, int64_t *cp) {
    static const int64_t steps[3] = {1, 2, 5};
    int64_t k = 0;
    for (int64_t p = 10; p < n && k < max - 1; p *= 10) {
        for (int s = 0; s < 3 && p * steps[s] < n && k < max - 1; s++) {
            cp[k++] = p * steps[s];
        }
    }
    if (n > 0 && k < max) cp[k++] = n;
    return k;
}

int64_t lca_report_convergence(int64_t n, const double *x, int64_t max,
                               int64_t *iterations, double *mean,
                               double *half) {
    int64_t k = checkpoints(n, max, iterations), m = 0, i = 0;
    double mu = 0.0, m2 = 0.0;
    for (int64_t c = 0; c < k; c++) {
        for (; i < iterations[c]; i++) {  // Welford over the finite samples
            if (!isfinite(x[i])) continue;
            double d = x[i] - mu;
            mu += d / (double)++m;
            m2 += d * (x[i] - mu);
        }
        mean[c] = m > 0 ? mu : NAN;
        half[c] = m > 1 ? 1.96 * sqrt(m2 / (double)(m - 1)) / sqrt((double)m)
                        : NAN;
    }
    return k;
}
