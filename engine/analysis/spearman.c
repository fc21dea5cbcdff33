// engine/analysis/spearman.c: Spearman rank correlations, streamed by input
// SPDX-License-Identifier: MIT
//
// Pass 1 runs the Monte Carlo iterations once and keeps only the output:
// h per iteration (8 N bytes), then its ranks. Pass 2 takes the inputs
// one at a time (in parallel, one input per item): because a sampled
// value is a pure function of (seed, iteration, entry), an input's N
// values are drawn again instead of stored, ranked, and correlated with
// the output's ranks. So memory is O(N) per thread whatever the number of
// inputs: storing the inputs' samples of a run instead would take
// 8 N k bytes (16 GB for 20,000 inputs x 100,000 iterations). Redrawing
// costs one draw per input and iteration, far less than the run's
// factorizations.
//
// Ranks are 1..n with ties given their average rank; rho is Pearson's
// correlation of the two rank vectors (exact with ties, where the
// 1 - 6 sum d^2 / (n (n^2 - 1)) shortcut is not).

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ctx_impl.h"
#include "kernels/kernels.h"
#include "mc/mc_impl.h"
#include "sens_impl.h"

typedef struct keyed {
    double v;
    int64_t i;
} keyed;

static int keyed_cmp(const void *a, const void *b) {
    const keyed *x = a, *y = b;
    if (x->v != y->v) return x->v < y->v ? -1 : 1;
    return (x->i > y->i) - (x->i < y->i);
}

// rank[i] of v[0..n-1] (average ranks for ties); w is n of workspace.
static void ranks(const double *v, int64_t n, keyed *w, double *rank) {
    for (int64_t i = 0; i < n; i++) w[i] = (keyed){v[i], i};
    qsort(w, (size_t)n, sizeof *w, keyed_cmp);
    for (int64_t a = 0; a < n;) {
        int64_t b = a + 1;
        while (b < n && w[b].v == w[a].v) b++;
        double r = 0.5 * (double)(a + 1 + b);  // mean of ranks a+1 .. b
        for (int64_t q = a; q < b; q++) rank[w[q].i] = r;
        a = b;
    }
}

typedef struct pass2 {
    const lca_mc *mc;
    const lca_input *in;
    const int64_t *iters;  // the iterations used, nv of them
    const double *ry;      // the output's ranks minus their mean
    double syy;            // sum of ry^2
    int64_t nv;
    double *x, *rx;        // nthreads x nv each
    keyed *w;              // nthreads x nv
    double *rho;
} pass2;

static int input_item(void *arg, int64_t q, int tid) {
    pass2 *p = arg;
    lca_input in = p->in[q];
    if (!lca__mc_entry_varies(p->mc, (int)in.matrix, in.pos)) {
        p->rho[q] = NAN;
        return 0;
    }
    size_t off = (size_t)tid * (size_t)p->nv;
    double *x = p->x + off, *rx = p->rx + off;
    for (int64_t v = 0; v < p->nv; v++) {
        x[v] = lca__mc_entry_value(p->mc, (int)in.matrix, in.pos, p->iters[v]);
    }
    ranks(x, p->nv, p->w + off, rx);
    double mean = 0.5 * (double)(p->nv + 1), sxy = 0.0, sxx = 0.0;
    for (int64_t v = 0; v < p->nv; v++) {
        double d = rx[v] - mean;
        sxy += d * p->ry[v];
        sxx += d * d;
    }
    p->rho[q] = sxx > 0.0 && p->syy > 0.0 ? sxy / sqrt(sxx * p->syy) : NAN;
    return 0;
}

// Pass 1: the output of every iteration (NaN when it failed).
typedef struct pass1 {
    double *h;
} pass1;

static lca_status collect(void *arg, const lca_mc_block *b) {
    pass1 *p = arg;
    for (int64_t q = 0; q < b->count; q++) {
        p->h[b->first + q] = b->failed[q] ? NAN : b->scores[q];
    }
    return LCA_OK;
}

// The usable iterations and the centred ranks of their outputs.
static int64_t output_ranks(const double *h, int64_t niter, int64_t *iters,
                            double *hv, keyed *w, double *ry, double *syy) {
    int64_t nv = 0;
    for (int64_t i = 0; i < niter; i++) {
        if (isnan(h[i])) continue;
        iters[nv] = i;
        hv[nv++] = h[i];
    }
    ranks(hv, nv, w, ry);
    double mean = 0.5 * (double)(nv + 1);
    *syy = 0.0;
    for (int64_t v = 0; v < nv; v++) {
        ry[v] -= mean;
        *syy += ry[v] * ry[v];
    }
    return nv;
}

lca_status lca_spearman_run(const lca_model *M, const lca_mc_options *opt,
                            int64_t niter, int64_t k, const lca_input *in,
                            double *rho, int64_t *nused) {
    lca_ctx *ctx = lca_model_ctx(M);
    if (nused != NULL) *nused = 0;
    if (niter < 3 || niter > ((int64_t)1 << 47)) {
        return lca__fail(ctx, LCA_ERR_ARG, "Spearman needs at least 3 "
                         "iterations, not %lld", (long long)niter);
    }
    lca_mc *mc = NULL;
    lca_status st = lca__sens_mc_create(M, opt, k, in, 0, &mc);
    if (st != LCA_OK) return st;
    size_t N = (size_t)niter, T = (size_t)mc->nthreads;
    pass1 p1 = {lca__malloc(ctx, N, sizeof *p1.h)};
    pass2 p2 = {mc, in, NULL, NULL, 0.0, 0, NULL, NULL, NULL, rho};
    int64_t *iters = lca__malloc(ctx, N, sizeof *iters);
    double *ry = lca__malloc(ctx, N, sizeof *ry);
    p2.x = lca__malloc(ctx, T * N, sizeof *p2.x);
    p2.rx = lca__malloc(ctx, T * N, sizeof *p2.rx);
    p2.w = lca__malloc(ctx, T * N, sizeof *p2.w);
    if (!p1.h || !iters || !ry || !p2.x || !p2.rx || !p2.w) {
        st = lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
        goto done;
    }
    st = lca_mc_run(mc, 0, niter, collect, &p1, NULL);
    if (st < 0) goto done;
    p2.nv = output_ranks(p1.h, niter, iters, p2.x, p2.w, ry, &p2.syy);
    p2.iters = iters;
    p2.ry = ry;
    if (p2.nv < 3) {
        st = lca__fail(ctx, LCA_ERR_INVALID, "only %lld of %lld iterations "
                       "succeeded: no correlation", (long long)p2.nv,
                       (long long)niter);
        goto done;
    }
    lca__parallel_for(mc->nthreads, k, input_item, &p2);
    if (nused != NULL) *nused = p2.nv;
    st = LCA_OK;
done:
    lca__free(ctx, p1.h);
    lca__free(ctx, iters);
    lca__free(ctx, ry);
    lca__free(ctx, p2.x);
    lca__free(ctx, p2.rx);
    lca__free(ctx, p2.w);
    lca_mc_destroy(&mc);
    return st;
}
