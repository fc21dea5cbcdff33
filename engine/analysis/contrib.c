// engine/analysis/contrib.c: every split of one demand's score (lca_contrib)
// SPDX-License-Identifier: MIT
//
// The process and product splits come from lca_contrib_by_product
// (engine/contrib.c: Pd = D s, Pt = N f); flows and first-tier suppliers
// from the formulas in engine/analysis/contrib_raw.c on the stored values,
// with lambda from one more transposed solve. Selection (top N, minimum
// share, cumulative share with a rest) and grouping work on any split.

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "contrib_impl.h"
#include "ctx_impl.h"

struct lca_contrib {
    lca_ctx *ctx;
    double h, own;
    double *process, *product, *flow, *supplier;  // n, n, m, n
};

const char *lca_contrib_kind_str(lca_contrib_kind kind) {
    switch (kind) {
    case LCA_CONTRIB_PROCESS: return "process";
    case LCA_CONTRIB_PRODUCT: return "product";
    case LCA_CONTRIB_FLOW: return "flow";
    case LCA_CONTRIB_SUPPLIER: return "supplier";
    case LCA_CONTRIB_GROUP: return "group";
    }
    return "unknown";
}

void lca_contrib_destroy(lca_contrib **cbp) {
    if (cbp == NULL || *cbp == NULL) return;
    lca_contrib *cb = *cbp;
    lca__free(cb->ctx, cb->process);
    lca__free(cb->ctx, cb->product);
    lca__free(cb->ctx, cb->flow);
    lca__free(cb->ctx, cb->supplier);
    lca__free(cb->ctx, cb);
    *cbp = NULL;
}

double lca_contrib_total(const lca_contrib *cb) { return cb->h; }
double lca_contrib_own(const lca_contrib *cb) { return cb->own; }

const double *lca_contrib_values(const lca_contrib *cb, lca_contrib_kind kind) {
    switch (kind) {
    case LCA_CONTRIB_PROCESS: return cb->process;
    case LCA_CONTRIB_PRODUCT: return cb->product;
    case LCA_CONTRIB_FLOW: return cb->flow;
    case LCA_CONTRIB_SUPPLIER: return cb->supplier;
    case LCA_CONTRIB_GROUP: return NULL;
    }
    return NULL;
}

// The work arrays of lca_contrib_create.
typedef struct work {
    double *s, *f, *Pt, *Pd, *lam, *cr, *D, *p, *g, *H;
} work;

static void work_free(lca_ctx *ctx, work *w) {
    double *a[] = {w->s, w->f, w->Pt, w->Pd, w->lam, w->cr, w->D, w->p, w->g,
                   w->H};
    for (size_t q = 0; q < sizeof a / sizeof *a; q++) lca__free(ctx, a[q]);
}

static lca_status work_alloc(lca_ctx *ctx, size_t n, size_t m, size_t k,
                             work *w) {
    w->s = lca__malloc(ctx, n, sizeof *w->s);
    w->f = lca__malloc(ctx, n, sizeof *w->f);
    w->Pt = lca__malloc(ctx, k * n + 1, sizeof *w->Pt);
    w->Pd = lca__malloc(ctx, k * n + 1, sizeof *w->Pd);
    w->lam = lca__malloc(ctx, n, sizeof *w->lam);
    w->cr = lca__malloc(ctx, m + 1, sizeof *w->cr);
    w->D = lca__malloc(ctx, n, sizeof *w->D);
    w->p = lca__malloc(ctx, n, sizeof *w->p);
    w->g = lca__malloc(ctx, m + 1, sizeof *w->g);
    w->H = lca__malloc(ctx, k + 1, sizeof *w->H);
    if (!w->s || !w->f || !w->Pt || !w->Pd || !w->lam || !w->cr || !w->D ||
        !w->p || !w->g || !w->H) {
        return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    }
    return LCA_OK;
}

static lca_status alloc_contrib(lca_ctx *ctx, size_t n, size_t m,
                                lca_contrib **out) {
    lca_contrib *cb = lca__calloc(ctx, 1, sizeof *cb);
    if (cb == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    cb->ctx = ctx;
    cb->process = lca__malloc(ctx, n, sizeof *cb->process);
    cb->product = lca__malloc(ctx, n, sizeof *cb->product);
    cb->flow = lca__malloc(ctx, m + 1, sizeof *cb->flow);
    cb->supplier = lca__malloc(ctx, n, sizeof *cb->supplier);
    if (!cb->process || !cb->product || !cb->flow || !cb->supplier) {
        lca_contrib_destroy(&cb);
        return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    }
    *out = cb;
    return LCA_OK;
}

// Flows and suppliers from the stored values; process and product from
// lib's by-product split (row ind of Pd and Pt).
static void fill(lca_contrib *cb, const lca_model *M, int64_t ind,
                 const work *w) {
    size_t n = (size_t)lca_model_dim(M, LCA_PRODUCTS);
    size_t m = (size_t)lca_model_dim(M, LCA_FLOWS);
    memcpy(cb->process, w->Pd + (size_t)ind * n, n * sizeof *cb->process);
    memcpy(cb->product, w->Pt + (size_t)ind * n, n * sizeof *cb->product);
    lca__contrib_g(M, lca_csc_values(lca_model_B(M)), w->s, w->g);
    for (size_t k = 0; k < m; k++) cb->flow[k] = w->cr[k] * w->g[k];
    for (size_t i = 0; i < n; i++) cb->supplier[i] *= w->lam[i];
    cb->h = 0.0;
    for (size_t j = 0; j < n; j++) cb->h += w->lam[j] * w->f[j];
}

lca_status lca_contrib_create(lca_calc *c, int64_t demand, int64_t ind,
                              lca_contrib **out) {
    const lca_model *M = lca_calc_model(c);
    lca_ctx *ctx = lca_model_ctx(M);
    size_t n = (size_t)lca_model_dim(M, LCA_PRODUCTS);
    size_t m = (size_t)lca_model_dim(M, LCA_FLOWS);
    int64_t k = lca_model_dim(M, LCA_INDICATORS);
    *out = NULL;
    if (ind < 0 || ind >= k) {
        return lca__fail(ctx, LCA_ERR_ARG, "indicator %lld is outside 0..%lld",
                         (long long)ind, (long long)k - 1);
    }
    work w;
    memset(&w, 0, sizeof w);
    lca_contrib *cb = NULL;
    lca_status st = work_alloc(ctx, n, m, (size_t)k, &w);
    if (st == LCA_OK) st = alloc_contrib(ctx, n, m, &cb);
    if (st == LCA_OK) st = lca_calc_demands(c, 1, &demand, w.s, NULL, w.H);
    if (st < 0) goto done;
    lca_model_demand_dense(M, demand, w.f);
    st = lca__contrib_p(ctx, M, lca_csc_values(lca_model_A(M)), w.f, w.p);
    if (st == LCA_OK) st = lca_contrib_by_product(c, 1, &demand, w.s, w.Pt, w.Pd);
    if (st >= 0) st = lca_calc_factors(c, 1, &ind, w.lam, NULL);
    if (st < 0) goto done;
    lca__contrib_crow(M, lca_csc_values(lca_model_C(M)), ind, w.cr);
    lca__contrib_drow(M, lca_csc_values(lca_model_B(M)), w.cr, w.D);
    lca__contrib_tier1(M, lca_csc_values(lca_model_A(M)), w.p, w.f, w.D,
                       cb->supplier, &cb->own);
    fill(cb, M, ind, &w);
    *out = cb;
    cb = NULL;
done:
    lca_contrib_destroy(&cb);
    work_free(ctx, &w);
    return st;
}

lca_status lca_contrib_group(lca_ctx *ctx, int64_t n, const double *v,
                             const int64_t *group_of, int64_t ngroups,
                             double *out) {
    for (int64_t g = 0; g <= ngroups; g++) out[g] = 0.0;
    for (int64_t j = 0; j < n; j++) {
        int64_t g = group_of[j] < 0 ? ngroups : group_of[j];
        if (g > ngroups) {
            if (ctx == NULL) return LCA_ERR_ARG;
            return lca__fail(ctx, LCA_ERR_ARG, "product %lld maps to group "
                             "%lld of %lld", (long long)j, (long long)g,
                             (long long)ngroups);
        }
        out[g] += v[j];
    }
    return LCA_OK;
}

typedef struct ranked {
    double a;
    int64_t j;
} ranked;

static int ranked_desc(const void *x, const void *y) {
    const ranked *a = x, *b = y;
    if (a->a != b->a) return a->a < b->a ? 1 : -1;
    return (a->j > b->j) - (a->j < b->j);
}

lca_status lca_contrib_select(lca_ctx *ctx, int64_t n, const double *v,
                              double total, const lca_contrib_cut *cut,
                              int64_t *idx, int64_t *count, double *rest) {
    *count = 0;
    *rest = total;
    if (cut->top < 0 || !(cut->min_share >= 0.0 && cut->min_share <= 1.0) ||
        !(cut->cum_share >= 0.0 && cut->cum_share <= 1.0)) {
        return lca__fail(ctx, LCA_ERR_ARG, "top %lld must be >= 0 and the "
                         "shares %g, %g between 0 and 1", (long long)cut->top,
                         cut->min_share, cut->cum_share);
    }
    ranked *r = lca__malloc(ctx, (size_t)n, sizeof *r);
    if (r == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    double sum_abs = 0.0;
    for (int64_t j = 0; j < n; j++) {
        r[j] = (ranked){fabs(v[j]), j};
        sum_abs += fabs(v[j]);
    }
    qsort(r, (size_t)n, sizeof *r, ranked_desc);
    double cum = 0.0, shown = 0.0;
    for (int64_t q = 0; q < n && r[q].a > 0.0; q++) {
        if (cut->top > 0 && q >= cut->top) break;
        if (cut->min_share > 0.0 && r[q].a < cut->min_share * fabs(total)) break;
        if (cut->cum_share > 0.0 && cum >= cut->cum_share * sum_abs) break;
        idx[(*count)++] = r[q].j;
        cum += r[q].a;
        shown += v[r[q].j];
    }
    *rest = total - shown;
    lca__free(ctx, r);
    return LCA_OK;
}
