// engine/rules/pcf_mc.c: every category in one paired Monte Carlo run
// SPDX-License-Identifier: MIT
//
// The run scores the demand columns of all categories (lca/mc.h, option
// F) with the indicators they need: one factorization and one set of
// transposed solves per iteration serve every category, which then costs
// one sparse dot product per column. Each block's scores are copied into
// the categories' sample rows (footprint, split components, stages) at
// the iteration's index, so sample i of every category is iteration i.

#include <math.h>
#include <string.h>

#include "ctx_impl.h"
#include "pcf_impl.h"

typedef struct collect {
    lca_pcf *p;
    int64_t stride;  // iterations asked: the length of a sample row
} collect;

static lca_status on_block(void *arg, const lca_mc_block *b) {
    const collect *k = arg;
    const lca_pcf *p = k->p;
    int64_t nind = p->nind, nd = lca_csc_ncols(p->F), N = k->stride;
    for (int64_t q = 0; q < b->count; q++) {
        const double *sc = b->scores + q * nd * nind;
        int64_t it = b->first + q;
        for (int64_t i = 0; i < p->ncat; i++) {
            const lca__pcf_cat *c = &p->cat[i];
            int64_t r = p->ind_pos[c->ind];
            double *row = c->samples;
            row[it] = sc[c->col * nind + r];
            for (int64_t s = 0; s < c->nsplit; s++) {
                row[(1 + s) * N + it] =
                    sc[c->col * nind + p->ind_pos[c->split_ind[s]]];
            }
            for (int64_t s = 0; s < c->nstages; s++) {
                row[(1 + c->nsplit + s) * N + it] =
                    sc[(c->col + 1 + s) * nind + r];
            }
        }
    }
    return LCA_OK;
}

// Mean, sd (n - 1) and quantiles of c's valid footprint samples (x:
// scratch of N).
static void summarize(lca__pcf_cat *c, int64_t N, double *x) {
    int64_t v = 0;
    double sum = 0.0, ss = 0.0;
    for (int64_t i = 0; i < N; i++) {
        if (!isnan(c->samples[i])) x[v++] = c->samples[i];
    }
    for (int64_t i = 0; i < v; i++) sum += x[i];
    c->nvalid = v;
    c->mean = v > 0 ? sum / (double)v : NAN;
    for (int64_t i = 0; i < v; i++) ss += (x[i] - c->mean) * (x[i] - c->mean);
    c->sd = v > 1 ? sqrt(ss / (double)(v - 1)) : NAN;
    lca_quantiles(x, v, LCA_MC_NQUANTILES, lca_mc_quantile_p, c->q);
}

// Sample rows of stride N shortened to the `done` iterations run.
static void compact(lca__pcf_cat *c, int64_t N, int64_t done) {
    int64_t rows = 1 + c->nsplit + c->nstages;
    for (int64_t r = 1; r < rows && done < N; r++) {
        memmove(c->samples + r * done, c->samples + r * N,
                (size_t)done * sizeof *c->samples);
    }
}

static lca_status alloc_samples(lca_pcf *p, int64_t N) {
    for (int64_t i = 0; i < p->ncat; i++) {
        lca__pcf_cat *c = &p->cat[i];
        size_t rows = (size_t)(1 + c->nsplit + c->nstages);
        lca__free(p->ctx, c->samples);
        c->samples = lca__malloc(p->ctx, rows * (size_t)N, sizeof *c->samples);
        if (c->samples == NULL) {
            return lca__fail(p->ctx, LCA_ERR_NOMEM, "out of memory for the "
                             "samples of %lld categories",
                             (long long)p->ncat);
        }
        for (size_t j = 0; j < rows * (size_t)N; j++) c->samples[j] = NAN;
    }
    return LCA_OK;
}

lca_status lca__pcf_mc(lca_pcf *p, const volatile int *stop) {
    int64_t N = p->opt.iterations;
    lca_mc_options opt = p->opt.mc;
    lca_mc *mc = NULL;
    double *x = NULL;
    opt.nind = p->nind;
    opt.ind = p->ind;
    opt.nd = 0;
    opt.demands = NULL;
    opt.F = p->F;
    opt.keep_factors = 0;
    collect k = {p, N};
    lca_status st = alloc_samples(p, N);
    if (st == LCA_OK) st = lca_mc_create(p->M, &opt, &mc);
    if (st == LCA_OK) st = lca_mc_run(mc, 0, N, on_block, &k, stop);
    if (st == LCA_OK) {
        p->nsamples = lca_mc_next(mc);
        p->nfailed = lca_mc_nfailed(mc);
        x = lca__malloc(p->ctx, (size_t)N + 1, sizeof *x);
        if (x == NULL) st = lca__fail(p->ctx, LCA_ERR_NOMEM, "out of memory");
    }
    for (int64_t i = 0; i < p->ncat && st == LCA_OK; i++) {
        compact(&p->cat[i], N, p->nsamples);
        summarize(&p->cat[i], p->nsamples, x);
    }
    if (st != LCA_OK) p->nsamples = 0;
    lca__free(p->ctx, x);
    lca_mc_destroy(&mc);
    return st;
}
