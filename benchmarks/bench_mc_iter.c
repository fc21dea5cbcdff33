// benchmarks/bench_mc_iter.c: Monte Carlo's iterative path against the
// direct path, side by side on the same samples
// SPDX-License-Identifier: MIT
//
// Usage: bench_mc_iter MODEL.h5 [--sigma S,S,...] [--iters N]
//                      [--threads T] [--batch B,B,...] [--method M,M,...]
//                      [--indicator I] [--json FILE] [--label NAME]
//
// For each sigma, every technosphere input of A (off the diagonal; the
// reference outputs stay fixed, as in ecoinvent) gets a lognormal record
// with GSD = exp(sigma) around its amount; B and C keep the model's
// records. One indicator (--indicator, default 0: "all products' GWP100
// factors") is propagated. The direct path and each iterative
// configuration (method x batch) run the same iterations 0..N-1 of the
// same seed, one wave at a time, interleaved (a wave of each in turn), so
// the machine's drift hits all alike; the time of a configuration is the
// sum of its waves. Per configuration: seconds per iteration, the ratio to
// the direct path, mean applications of M^-1 per iteration, the fallback
// rate, and the largest relative difference of any factor from the direct
// path's (every iteration compared). Prints markdown; --json appends one
// object per (sigma, configuration) for benchmarks/report.py. No time is
// ever checked against a limit.

#define _DEFAULT_SOURCE

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bench_util.h"

enum { MAXCFG = 8, MAXSIG = 32 };

typedef struct config {
    lca_mc_solver solver;
    lca_krylov method;
    int64_t batch;
    lca_mc *mc;
    double seconds;
    int64_t iters, kry, fallbacks, failed;
    double maxrel;   // vs the direct path
    double *ref;     // direct path only: its factors of the current wave
} config;

typedef struct bench {
    lca_model *M;
    int64_t n, ind, bs;
    config cfg[MAXCFG];
    int ncfg;
    double *wave_ref;   // direct factors of the wave (iterations x n)
    int64_t wave_first;
} bench;

typedef struct cb_arg {
    bench *b;
    config *c;
} cb_arg;

// Block callback: counts, and the comparison with the direct factors.
static lca_status on_block(void *arg, const lca_mc_block *blk) {
    cb_arg *a = arg;
    config *c = a->c;
    bench *b = a->b;
    for (int64_t q = 0; q < blk->count; q++) {
        const double *f = blk->factors + q * b->n;
        double *ref = b->wave_ref + (blk->first + q - b->wave_first) * b->n;
        c->iters++;
        c->failed += blk->failed[q] != 0;
        c->kry += blk->krylov[q];
        c->fallbacks += blk->path[q] == LCA_MC_PATH_FALLBACK;
        if (c->solver == LCA_MC_SOLVER_DIRECT) {
            memcpy(ref, f, (size_t)b->n * sizeof *f);
            continue;
        }
        double fmax = 0.0, dmax = 0.0;
        for (int64_t i = 0; i < b->n; i++) {
            if (fabs(ref[i]) > fmax) fmax = fabs(ref[i]);
            if (fabs(f[i] - ref[i]) > dmax) dmax = fabs(f[i] - ref[i]);
        }
        double rel = fmax > 0.0 ? dmax / fmax : dmax;
        if (!(rel <= c->maxrel)) c->maxrel = rel;
    }
    return LCA_OK;
}

// A lognormal with GSD exp(sigma) on every input of A (not the diagonal).
static lca_status set_sigma(lca_model *M, double sigma) {
    const lca_csc *A = lca_model_A(M);
    int64_t n = lca_csc_ncols(A), nnz = lca_csc_nnz(A);
    const int64_t *Ap = lca_csc_colptr(A), *Ai = lca_csc_rowidx(A);
    const double *Ax = lca_csc_values(A);
    lca_uncertainty *u = malloc(sizeof *u * (size_t)(nnz + 1));
    if (u == NULL) return LCA_ERR_NOMEM;
    for (int64_t j = 0; j < n; j++) {
        for (int64_t p = Ap[j]; p < Ap[j + 1]; p++) {
            u[p] = lca_uncertainty_none();
            if (Ai[p] == j || Ax[p] == 0.0 || sigma <= 0.0) continue;
            u[p].dist = LCA_DIST_LOGNORMAL;
            u[p].p1 = Ax[p];
            u[p].p2 = exp(sigma);
        }
    }
    lca_status st = lca_model_set_uncertainty(M, LCA_MATRIX_A, u);
    free(u);
    return st;
}

static lca_status create_runs(bench *b, int nthreads) {
    for (int c = 0; c < b->ncfg; c++) {
        config *cf = &b->cfg[c];
        lca_mc_options mo;
        lca_mc_options_default(&mo);
        mo.seed = 42;
        mo.nind = 1;
        mo.ind = &b->ind;
        mo.keep_factors = 1;
        mo.iter.solver = cf->solver;
        mo.iter.method = cf->method;
        if (cf->batch > 0) mo.iter.batch = cf->batch;
        b->bs = mo.block_size;
        lca_ctx_set_nthreads(lca_model_ctx(b->M), nthreads);
        lca_status st = lca_mc_create(b->M, &mo, &cf->mc);
        if (st != LCA_OK) return st;
        cf->seconds = cf->maxrel = 0.0;
        cf->iters = cf->kry = cf->fallbacks = cf->failed = 0;
    }
    return LCA_OK;
}

// Iterations 0..iters-1, a wave (block_size x threads) of each in turn.
static lca_status run_interleaved(bench *b, int64_t iters, int nthreads) {
    int64_t wave = b->bs * nthreads;
    for (int64_t first = 0; first < iters; first += wave) {
        int64_t last = first + wave < iters ? first + wave : iters;
        b->wave_first = first;
        for (int c = 0; c < b->ncfg; c++) {
            cb_arg a = {b, &b->cfg[c]};
            double t0 = bench_now();
            lca_status st = lca_mc_run(b->cfg[c].mc, first, last, on_block,
                                       &a, NULL);
            b->cfg[c].seconds += bench_now() - t0;
            if (st < 0) return st;
        }
    }
    return LCA_OK;
}

static void report(const bench *b, double sigma, int nthreads, FILE *json,
                   const char *label) {
    const config *d = &b->cfg[0];
    double direct = d->seconds / (double)d->iters;
    for (int c = 0; c < b->ncfg; c++) {
        const config *cf = &b->cfg[c];
        double per = cf->seconds / (double)cf->iters;
        double kry = (double)cf->kry / (double)cf->iters;
        double fb = (double)cf->fallbacks / (double)cf->iters;
        const char *name = cf->solver == LCA_MC_SOLVER_DIRECT
                               ? "direct" : lca_krylov_str(cf->method);
        printf("| %.2f | %d | %s | %lld | %.1f | %.3f | %.1f | %.3f | %.2g "
               "|\n", sigma, nthreads, name, (long long)cf->batch, 1e3 * per,
               per / direct, kry, fb, cf->maxrel);
        if (json == NULL) continue;
        fprintf(json, "{\"bench\": \"mc_iter\", \"label\": \"%s\", "
                "\"sigma\": %.4g, \"threads\": %d, \"solver\": \"%s\", "
                "\"batch\": %lld, \"iterations\": %lld, \"seconds\": %.6g, "
                "\"per_iteration\": %.6g, \"ratio\": %.6g, \"krylov\": "
                "%.4g, \"fallback_rate\": %.4g, \"failed\": %lld, "
                "\"max_rel_diff\": %.3g, \"n\": %lld}\n", label, sigma,
                nthreads, name, (long long)cf->batch, (long long)cf->iters,
                cf->seconds, per, per / direct, kry, fb,
                (long long)cf->failed, cf->maxrel, (long long)b->n);
    }
}

static int parse_list(const char *s, double *v, int max) {
    int n = 0;
    char *end;
    while (*s && n < max) {
        v[n++] = strtod(s, &end);
        if (end == s) return -1;
        s = *end == ',' ? end + 1 : end;
    }
    return n;
}

static void add_configs(bench *b, const double *batch, int nbatch,
                        const char *methods) {
    b->cfg[0].solver = LCA_MC_SOLVER_DIRECT;
    b->cfg[0].batch = 0;
    b->ncfg = 1;
    for (int m = 0; m < 2; m++) {
        const char *name = m == 0 ? "gmres" : "bicgstab";
        if (strstr(methods, name) == NULL) continue;
        for (int q = 0; q < nbatch && b->ncfg < MAXCFG; q++) {
            config *c = &b->cfg[b->ncfg++];
            c->solver = LCA_MC_SOLVER_ITERATIVE;
            c->method = m == 0 ? LCA_KRYLOV_GMRES : LCA_KRYLOV_BICGSTAB;
            c->batch = (int64_t)batch[q];
        }
    }
}

int main(int argc, char **argv) {
    double sig[MAXSIG] = {0.1, 0.2, 0.4}, batch[MAXCFG] = {1, 16};
    int nsig = 3, nbatch = 2, nthreads = 1;
    int64_t iters = 64;
    const char *methods = "gmres", *json_path = NULL, *label = "model";
    const char *model = NULL;
    bench b;
    memset(&b, 0, sizeof b);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--sigma") == 0 && v) { nsig = parse_list(v, sig, MAXSIG); i++; }
        else if (strcmp(a, "--batch") == 0 && v) { nbatch = parse_list(v, batch, 4); i++; }
        else if (strcmp(a, "--iters") == 0 && v) { iters = atoll(v); i++; }
        else if (strcmp(a, "--threads") == 0 && v) { nthreads = atoi(v); i++; }
        else if (strcmp(a, "--method") == 0 && v) { methods = v; i++; }
        else if (strcmp(a, "--indicator") == 0 && v) { b.ind = atoll(v); i++; }
        else if (strcmp(a, "--json") == 0 && v) { json_path = v; i++; }
        else if (strcmp(a, "--label") == 0 && v) { label = v; i++; }
        else if (a[0] != '-') model = a;
        else { model = NULL; break; }
    }
    if (model == NULL || nsig < 1 || nbatch < 1 || iters < 1 || nthreads < 1) {
        fprintf(stderr, "usage: bench_mc_iter MODEL.h5 [--sigma S,...] "
                "[--iters N] [--threads T] [--batch B,...] [--method "
                "gmres,bicgstab] [--indicator I] [--json FILE] [--label "
                "NAME]\n");
        return 2;
    }
    lca_ctx *ctx = NULL;
    lca_ctx_create(&ctx);
    bench_set_threads(ctx, nthreads);
    FILE *json = json_path ? fopen(json_path, "a") : NULL;
    lca_status st = lca_model_read(ctx, model, &b.M);
    if (st != LCA_OK) {
        fprintf(stderr, "bench_mc_iter: %s\n", lca_ctx_errmsg(ctx));
        return 1;
    }
    b.n = lca_model_dim(b.M, LCA_PRODUCTS);
    lca_mc_options dflt;
    lca_mc_options_default(&dflt);  // runs keep its block size
    b.wave_ref = malloc(sizeof(double) *
                        (size_t)(b.n * dflt.block_size * nthreads));
    add_configs(&b, batch, nbatch, methods);
    printf("%s: n = %lld, %lld iterations each, interleaved by wave\n\n"
           "| sigma | threads | path | batch | ms/iteration | vs direct | "
           "M^-1 per iteration | fallback rate | max rel. diff |\n"
           "|---:|---:|---|---:|---:|---:|---:|---:|---:|\n", label,
           (long long)b.n, (long long)iters);
    for (int s = 0; s < nsig && st >= 0; s++) {
        st = set_sigma(b.M, sig[s]);
        if (st == LCA_OK) st = create_runs(&b, nthreads);
        if (st == LCA_OK) st = run_interleaved(&b, iters, nthreads);
        if (st >= 0) report(&b, sig[s], nthreads, json, label);
        for (int c = 0; c < b.ncfg; c++) lca_mc_destroy(&b.cfg[c].mc);
    }
    if (st < 0) fprintf(stderr, "bench_mc_iter: %s\n", lca_ctx_errmsg(ctx));
    if (json != NULL) fclose(json);
    free(b.wave_ref);
    lca_model_destroy(&b.M);
    lca_ctx_destroy(&ctx);
    return st < 0 ? 1 : 0;
}
