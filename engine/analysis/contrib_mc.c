// engine/analysis/contrib_mc.c: contributions through Monte Carlo (lca_contrib_mc)
// SPDX-License-Identifier: MIT
//
// The chosen contributions are computed inside the Monte Carlo run, on its
// own samples, through its iteration hook (lca_mc_options.hook): the
// iteration's lambda comes with the hook, s = T \ f is one forward solve
// with the iteration's factorization, and the formulas are those of the
// deterministic splits (engine/analysis/contrib_raw.c) on the sampled
// values. So every contribution is paired with the total of the same
// iteration (its share is meaningful) and with the run's other results.
// The hook writes nd x (ni + 1) values per iteration (the items, then the
// total, whose bits equal the run's own score); they are kept, one row per
// iteration, for exact quantiles.

#include <math.h>
#include <string.h>

#include "contrib_impl.h"
#include "ctx_impl.h"

typedef struct hook {
    const lca_model *M;
    int64_t n, m, nd, ni, ngroups, ind;
    const int64_t *dem;  // the model's demand indices
    const lca_contrib_item *items;
    const int64_t *group_of;
    double *F;           // nd x n, the demands densely
    double *ws;          // per thread: s, D, p, w (n each), cr, g (m each),
    size_t per;          // groups (ngroups + 1)
    int need_g, need_tier1, need_groups;
    double *vals;        // niter x nextra, collected
    int64_t nextra;
} hook;

static double item_value(const hook *h, const lca_contrib_item *it,
                         const double *f, const double *s, const double *D,
                         const double *lam, const double *cr, const double *g,
                         const double *w, double own, const double *grp) {
    switch ((lca_contrib_kind)it->kind) {
    case LCA_CONTRIB_PROCESS: return D[it->index] * s[it->index];
    case LCA_CONTRIB_PRODUCT: return lam[it->index] * f[it->index];
    case LCA_CONTRIB_FLOW: return cr[it->index] * g[it->index];
    case LCA_CONTRIB_SUPPLIER:
        return it->index < 0 ? own : w[it->index] * lam[it->index];
    case LCA_CONTRIB_GROUP: return grp[it->index];
    }
    (void)h;
    return NAN;
}

// h_j = lambda' f_j over the demand's nonzeros, as the run scores it.
static double total(const hook *h, int64_t j, const double *lam) {
    const lca_csc *F = lca_model_demands(h->M);
    const int64_t *Fp = lca_csc_colptr(F), *Fi = lca_csc_rowidx(F);
    const double *Fx = lca_csc_values(F);
    double t = 0.0;
    for (int64_t q = Fp[h->dem[j]]; q < Fp[h->dem[j] + 1]; q++) {
        t += lam[Fi[q]] * Fx[q];
    }
    return t;
}

// One demand of one iteration.
static int one_demand(const hook *h, const lca_mc_hook *it, int64_t j,
                      double *ws, double *out) {
    int64_t n = h->n, m = h->m;
    double *s = ws, *D = ws + n, *p = ws + 2 * n, *w = ws + 3 * n;
    double *cr = ws + 4 * n, *g = cr + m, *grp = g + m, own = 0.0;
    const double *f = h->F + j * n;
    if (lca_solver_solve(it->solver, LCA_NOTRANS, 1, f, n, s, n) < 0) return 1;
    if (h->need_g) lca__contrib_g(h->M, it->Bx, s, g);
    if (h->need_tier1) {
        if (lca__contrib_p(NULL, h->M, it->Ax, f, p) != LCA_OK) return 1;
        lca__contrib_tier1(h->M, it->Ax, p, f, D, w, &own);
    }
    if (h->need_groups) {
        for (int64_t q = 0; q <= h->ngroups; q++) grp[q] = 0.0;
        for (int64_t q = 0; q < n; q++) {
            grp[h->group_of[q] < 0 ? h->ngroups : h->group_of[q]] += D[q] * s[q];
        }
    }
    for (int64_t t = 0; t < h->ni; t++) {
        out[t] = item_value(h, &h->items[t], f, s, D, it->lambda, cr, g, w,
                            own, grp);
    }
    out[h->ni] = total(h, j, it->lambda);
    return 0;
}

static int hook_fn(void *arg, const lca_mc_hook *it, double *extra) {
    const hook *h = arg;
    double *ws = h->ws + (size_t)it->tid * h->per;
    double *D = ws + h->n, *cr = ws + 4 * h->n;
    lca__contrib_crow(h->M, it->Cx, h->ind, cr);
    lca__contrib_drow(h->M, it->Bx, cr, D);
    for (int64_t j = 0; j < h->nd; j++) {
        if (one_demand(h, it, j, ws, extra + j * (h->ni + 1)) != 0) return 1;
    }
    return 0;
}

static lca_status collect(void *arg, const lca_mc_block *b) {
    hook *h = arg;
    memcpy(h->vals + b->first * h->nextra, b->extra,
           (size_t)(b->count * h->nextra) * sizeof *h->vals);
    return LCA_OK;
}

static lca_status check_items(const lca_model *M, int64_t ni,
                              const lca_contrib_item *items,
                              const int64_t *group_of, int64_t ngroups) {
    lca_ctx *ctx = lca_model_ctx(M);
    int64_t n = lca_model_dim(M, LCA_PRODUCTS), m = lca_model_dim(M, LCA_FLOWS);
    for (int64_t t = 0; t < ni; t++) {
        int64_t kind = items[t].kind, i = items[t].index;
        int64_t hi = kind == LCA_CONTRIB_FLOW ? m : kind == LCA_CONTRIB_GROUP
                                                        ? ngroups + 1 : n;
        int64_t lo = kind == LCA_CONTRIB_SUPPLIER ? -1 : 0;
        int bad = kind < 0 || kind > LCA_CONTRIB_GROUP || i < lo || i >= hi ||
                  (kind == LCA_CONTRIB_GROUP && group_of == NULL);
        if (bad) {
            return lca__fail(ctx, LCA_ERR_ARG, "contribution %lld (kind %lld, "
                             "index %lld) is outside the model", (long long)t,
                             (long long)kind, (long long)i);
        }
    }
    for (int64_t j = 0; group_of != NULL && j < n; j++) {
        if (group_of[j] >= ngroups) {
            return lca__fail(ctx, LCA_ERR_ARG, "product %lld maps to group "
                             "%lld of %lld", (long long)j,
                             (long long)group_of[j], (long long)ngroups);
        }
    }
    return LCA_OK;
}

// What the items need beyond D and s.
static void needs(hook *h) {
    for (int64_t t = 0; t < h->ni; t++) {
        h->need_g |= h->items[t].kind == LCA_CONTRIB_FLOW;
        h->need_tier1 |= h->items[t].kind == LCA_CONTRIB_SUPPLIER;
        h->need_groups |= h->items[t].kind == LCA_CONTRIB_GROUP;
    }
}

// Mean, sd and quantiles of x[0..c-1] (reordered).
static void describe(double *x, int64_t c, double *mean, double *sd,
                     double *q) {
    double m = 0.0, v = 0.0;
    for (int64_t i = 0; i < c; i++) m += x[i];
    m = c > 0 ? m / (double)c : NAN;
    for (int64_t i = 0; i < c; i++) v += (x[i] - m) * (x[i] - m);
    if (mean != NULL) *mean = m;
    if (sd != NULL) *sd = c > 1 ? sqrt(v / (double)(c - 1)) : NAN;
    lca_quantiles(x, c, LCA_MC_NQUANTILES, lca_mc_quantile_p, q);
}

// The summaries of every (demand, item) from the collected rows.
static void summarize(const hook *h, int64_t niter, double *tmp,
                      lca_contrib_summary *out, int64_t *nused) {
    int64_t per = h->ni + 1;
    *nused = 0;
    for (int64_t it = 0; it < niter; it++) *nused += !isnan(h->vals[it * h->nextra]);
    for (int64_t j = 0; j < h->nd; j++) {
        for (int64_t t = 0; t < per; t++) {
            lca_contrib_summary *o = &out[j * per + t];
            int64_t c = 0, cs = 0;
            for (int64_t it = 0; it < niter; it++) {
                const double *row = h->vals + it * h->nextra + j * per;
                if (!isnan(row[t])) tmp[c++] = row[t];
            }
            describe(tmp, c, &o->mean, &o->sd, o->q);
            for (int64_t it = 0; it < niter; it++) {
                const double *row = h->vals + it * h->nextra + j * per;
                double sh = row[t] / row[h->ni];
                if (!isnan(row[t]) && isfinite(sh)) tmp[cs++] = sh;
            }
            describe(tmp, cs, &o->share_mean, NULL, o->share_q);
        }
    }
}

static lca_status hook_alloc(lca_ctx *ctx, hook *h, int64_t niter) {
    int nt = lca_ctx_nthreads(ctx);
    h->per = (size_t)(4 * h->n + 2 * h->m + h->ngroups + 1);
    h->ws = lca__malloc(ctx, h->per * (size_t)nt, sizeof *h->ws);
    h->F = lca__malloc(ctx, (size_t)(h->nd * h->n) + 1, sizeof *h->F);
    h->vals = lca__malloc(ctx, (size_t)(niter * h->nextra), sizeof *h->vals);
    if (h->ws == NULL || h->F == NULL || h->vals == NULL) {
        return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    }
    for (int64_t j = 0; j < h->nd; j++) {
        lca_model_demand_dense(h->M, h->dem[j], h->F + j * h->n);
    }
    return LCA_OK;
}

lca_status lca_contrib_mc(const lca_model *M, const lca_mc_options *opt,
                          int64_t niter, int64_t ni,
                          const lca_contrib_item *items,
                          const int64_t *group_of, int64_t ngroups,
                          lca_contrib_summary *out, int64_t *nused) {
    lca_ctx *ctx = lca_model_ctx(M);
    int64_t used = 0;
    if (opt->nd < 1 || opt->demands == NULL || niter < 2 || ni < 0 ||
        niter > ((int64_t)1 << 40)) {
        return lca__fail(ctx, LCA_ERR_ARG, "contributions through Monte Carlo "
                         "need a demand and at least 2 iterations");
    }
    lca_status st = check_items(M, ni, items, group_of, ngroups);
    if (st != LCA_OK) return st;
    hook h = {M, lca_model_dim(M, LCA_PRODUCTS), lca_model_dim(M, LCA_FLOWS),
              opt->nd, ni, ngroups < 0 ? 0 : ngroups,
              opt->nind > 0 && opt->ind != NULL ? opt->ind[0] : 0,
              opt->demands, items, group_of, NULL, NULL, 0, 0, 0, 0, NULL, 0};
    h.nextra = h.nd * (ni + 1);
    needs(&h);
    lca_mc_options o = *opt;
    o.nind = 1;
    o.ind = &h.ind;
    o.hook = hook_fn;
    o.hook_arg = &h;
    o.nextra = h.nextra;
    o.keep_factors = 0;
    lca_mc *mc = NULL;
    double *tmp = NULL;
    st = hook_alloc(ctx, &h, niter);
    if (st == LCA_OK) st = lca_mc_create(M, &o, &mc);
    if (st == LCA_OK) st = lca_mc_run(mc, 0, niter, collect, &h, NULL);
    if (st < 0) goto done;
    tmp = lca__malloc(ctx, (size_t)niter, sizeof *tmp);
    if (tmp == NULL) {
        st = lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
        goto done;
    }
    summarize(&h, niter, tmp, out, &used);
    st = LCA_OK;
done:
    if (nused != NULL) *nused = used;
    lca_mc_destroy(&mc);
    lca__free(ctx, tmp);
    lca__free(ctx, h.ws);
    lca__free(ctx, h.F);
    lca__free(ctx, h.vals);
    return st;
}
