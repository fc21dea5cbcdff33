// engine/analysis/sobol.c: Sobol indices from a Saltelli design, streamed
// SPDX-License-Identifier: MIT
//
// Row r of the design is the pair of independent samples A_r = sample 2r
// and B_r = sample 2r+1 (counter-based: any sample of any row can be drawn
// on any thread at any time); each row costs k + 2 evaluations, f(B_r),
// f(A_r) and f(A_B^q_r) for every input q, made in that order on one
// thread, so an evaluator can keep A_r and swap one input at a time.
//
// Rows are evaluated a block at a time (parallel over the block's rows,
// kernels/parallel.c) into a block buffer of (k + 2) values per row; the
// block is then folded, on the calling thread in row order, into running
// sums per input:
//
//   V      Welford mean and M2 over f(A_r), f(B_r)       (2N values)
//   S_q    sum_r (f(B_r) - c) (f(A_B^q_r) - f(A_r))      Saltelli 2010
//   ST_q   sum_r (f(A_r) - f(A_B^q_r))^2 / 2             Jansen 1999
//
// and the sums of the squared terms, for standard errors. c, the mean of
// the first block's base values, centres f(B): the estimator is unchanged
// in expectation (E[f(A_B^q) - f(A)] = 0) and its variance much smaller
// when the mean is large against the spread. Memory is the block buffer
// and 4 k sums, whatever N; the fold's fixed order makes every sum, and so
// the indices, bit-identical for any thread count.

#include <math.h>
#include <string.h>

#include "ctx_impl.h"
#include "kernels/kernels.h"
#include "lca/sensitivity.h"

// Rows per block: fixed, not per thread, since the first block's mean
// centres f(B) and must not depend on the thread count.
enum { BLOCK_ROWS = 256 };

typedef struct design {
    lca_sobol_fn fn;
    void *arg;
    int64_t k, first;  // inputs; first row of the block
    double *y;         // rows x (k + 2): fA, fB, fAB_0 .. fAB_{k-1}
    uint8_t *ok;       // rows
} design;

typedef struct sums {
    int64_t rows, failed, nbase;
    double mean, m2, shift;
    int have_shift;
    double *s1, *s1q, *st, *stq;  // k each
} sums;

// Row first + i: f(B), f(A), then f(A_B^q) for q = 0..k-1.
static int row_item(void *arg, int64_t i, int tid) {
    design *d = arg;
    int64_t r = d->first + i, a = 2 * r, b = 2 * r + 1;
    double *y = d->y + i * (d->k + 2);
    int bad = d->fn(d->arg, tid, b, -1, b, &y[1]) != 0;
    bad |= d->fn(d->arg, tid, a, -1, b, &y[0]) != 0;
    for (int64_t q = 0; q < d->k && !bad; q++) {
        bad |= d->fn(d->arg, tid, a, q, b, &y[2 + q]) != 0;
    }
    for (int64_t q = 0; q < d->k + 2 && !bad; q++) bad |= !isfinite(y[q]);
    d->ok[i] = (uint8_t)!bad;
    return 0;
}

static void welford(sums *s, double x) {
    s->nbase++;
    double delta = x - s->mean;
    s->mean += delta / (double)s->nbase;
    s->m2 += delta * (x - s->mean);
}

// Fold a block's rows into the sums, in row order.
static void fold(sums *s, const design *d, int64_t rows) {
    int64_t k = d->k;
    if (!s->have_shift) {
        double sum = 0.0;
        int64_t c = 0;
        for (int64_t i = 0; i < rows; i++) {
            if (!d->ok[i]) continue;
            sum += d->y[i * (k + 2)] + d->y[i * (k + 2) + 1];
            c += 2;
        }
        if (c > 0) {
            s->shift = sum / (double)c;
            s->have_shift = 1;
        }
    }
    for (int64_t i = 0; i < rows; i++) {
        const double *y = d->y + i * (k + 2);
        if (!d->ok[i]) {
            s->failed++;
            continue;
        }
        s->rows++;
        welford(s, y[0]);
        welford(s, y[1]);
        for (int64_t q = 0; q < k; q++) {
            double t1 = (y[1] - s->shift) * (y[2 + q] - y[0]);
            double tt = 0.5 * (y[0] - y[2 + q]) * (y[0] - y[2 + q]);
            s->s1[q] += t1;
            s->s1q[q] += t1 * t1;
            s->st[q] += tt;
            s->stq[q] += tt * tt;
        }
    }
}

// Indices and standard errors from the sums.
static lca_status finish(lca_ctx *ctx, const sums *s, int64_t k, double *S1,
                         double *ST, double *se1, double *seT,
                         lca_sobol_result *res) {
    double n = (double)s->rows;
    double V = s->nbase > 1 ? s->m2 / (double)(s->nbase - 1) : 0.0;
    if (res != NULL) {
        *res = (lca_sobol_result){s->rows, s->failed, s->mean, V};
    }
    if (s->rows < 2 || !(V > 0.0)) {
        return lca__fail(ctx, LCA_ERR_ARG, "the output does not vary over "
                         "%lld usable rows (variance %g): no Sobol indices",
                         (long long)s->rows, V);
    }
    for (int64_t q = 0; q < k; q++) {
        double m1 = s->s1[q] / n, mt = s->st[q] / n;
        S1[q] = m1 / V;
        ST[q] = mt / V;
        double v1 = s->s1q[q] / n - m1 * m1, vt = s->stq[q] / n - mt * mt;
        if (se1 != NULL) se1[q] = sqrt(fmax(v1, 0.0) / n) / V;
        if (seT != NULL) seT[q] = sqrt(fmax(vt, 0.0) / n) / V;
    }
    return LCA_OK;
}

lca_status lca_sobol_run(lca_ctx *ctx, int nthreads, int64_t N, int64_t k,
                         lca_sobol_fn fn, void *arg, double *S1, double *ST,
                         double *se1, double *seT, lca_sobol_result *res) {
    if (N < 2 || k < 1 || nthreads < 1 || fn == NULL) {
        return lca__fail(ctx, LCA_ERR_ARG, "Sobol design needs N >= 2 rows, "
                         "k >= 1 inputs and a model (N %lld, k %lld)",
                         (long long)N, (long long)k);
    }
    int64_t block = BLOCK_ROWS;
    design d = {fn, arg, k, 0, NULL, NULL};
    sums s;
    memset(&s, 0, sizeof s);
    lca_status st = LCA_OK;
    d.y = lca__malloc(ctx, (size_t)block * (size_t)(k + 2), sizeof *d.y);
    d.ok = lca__malloc(ctx, (size_t)block, sizeof *d.ok);
    s.s1 = lca__calloc(ctx, (size_t)k, sizeof *s.s1);
    s.s1q = lca__calloc(ctx, (size_t)k, sizeof *s.s1q);
    s.st = lca__calloc(ctx, (size_t)k, sizeof *s.st);
    s.stq = lca__calloc(ctx, (size_t)k, sizeof *s.stq);
    if (!d.y || !d.ok || !s.s1 || !s.s1q || !s.st || !s.stq) {
        st = lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
        goto done;
    }
    for (d.first = 0; d.first < N; d.first += block) {
        int64_t rows = N - d.first < block ? N - d.first : block;
        lca__parallel_for(nthreads, rows, row_item, &d);
        fold(&s, &d, rows);
    }
    st = finish(ctx, &s, k, S1, ST, se1, seT, res);
done:
    lca__free(ctx, d.y);
    lca__free(ctx, d.ok);
    lca__free(ctx, s.s1);
    lca__free(ctx, s.s1q);
    lca__free(ctx, s.st);
    lca__free(ctx, s.stq);
    return st;
}
