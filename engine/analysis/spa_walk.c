// engine/analysis/spa_walk.c: the best-first traversal behind lca_spa
// SPDX-License-Identifier: MIT
//
// See include/lca/spa.h for the maths and engine/analysis/spa.c for the
// design. Everything left out of the traversal is added to the residual
// where it is left out, in a fixed order, so the result is a pure
// function of the input.

#include <math.h>
#include <string.h>

#include "ctx_impl.h"
#include "spa_impl.h"

void lca__spa_walk_free(lca__spa_walk *w) {
    lca_ctx *ctx = w->ctx;
    double *d[] = {w->lam, w->Dp, w->bnd, w->p, w->h, w->enu, w->res, w->inv_h,
                   w->amount, w->key, w->cum, w->topv, w->work};
    int64_t *i[] = {w->parent, w->product, w->stage, w->heap, w->seq,
                    w->topn};
    for (size_t q = 0; q < sizeof d / sizeof *d; q++) lca__free(ctx, d[q]);
    for (size_t q = 0; q < sizeof i / sizeof *i; q++) lca__free(ctx, i[q]);
    memset(w, 0, sizeof *w);
}

// p_j: 1 for IO coefficients, else the diagonal entry a_jj (nonzero).
static lca_status reference_outputs(lca__spa_walk *w) {
    for (int64_t j = 0; j < w->n; j++) {
        w->p[j] = w->io ? 1.0 : 0.0;
        for (int64_t q = w->Ap[j]; !w->io && q < w->Ap[j + 1]; q++) {
            if (w->Ai[q] == j) w->p[j] = w->Ax[q];
        }
        if (w->p[j] == 0.0 || !isfinite(w->p[j])) {
            return lca__fail(w->ctx, LCA_ERR_INVALID, "product '%s' has no "
                             "reference output on the diagonal of A: its "
                             "supply chain cannot be expanded",
                             lca_model_label(w->M, LCA_PRODUCTS,
                                             LCA_LABEL_ID, j));
        }
    }
    return LCA_OK;
}

static lca_status alloc_walk(lca__spa_walk *w) {
    size_t n = (size_t)w->n, r = (size_t)w->r, top = (size_t)w->opt.top;
    w->lam = lca__malloc(w->ctx, r * n, sizeof *w->lam);
    w->Dp = lca__malloc(w->ctx, r * n, sizeof *w->Dp);
    w->p = lca__malloc(w->ctx, n, sizeof *w->p);
    w->h = lca__calloc(w->ctx, r, sizeof *w->h);
    w->enu = lca__calloc(w->ctx, r, sizeof *w->enu);
    w->res = lca__calloc(w->ctx, r, sizeof *w->res);
    w->inv_h = lca__calloc(w->ctx, r, sizeof *w->inv_h);
    w->topv = lca__malloc(w->ctx, r * (top > 0 ? top : 1), sizeof *w->topv);
    w->topn = lca__calloc(w->ctx, r, sizeof *w->topn);
    w->work = lca__malloc(w->ctx, r, sizeof *w->work);
    if (!w->lam || !w->Dp || !w->p || !w->h || !w->enu || !w->res ||
        !w->inv_h || !w->topv || !w->topn || !w->work) {
        return lca__fail(w->ctx, LCA_ERR_NOMEM, "out of memory");
    }
    return LCA_OK;
}

// Grow the pool to hold one more node (doubling, at most max_nodes).
static lca_status grow_pool(lca__spa_walk *w) {
    if (w->len < w->cap) return LCA_OK;
    int64_t cap = w->cap == 0 ? 1024 : 2 * w->cap;
    if (cap > w->opt.max_nodes) cap = w->opt.max_nodes;
    size_t o = (size_t)w->cap, c = (size_t)cap, r = (size_t)w->r;
    int64_t **iv[] = {&w->parent, &w->product, &w->stage, &w->heap, &w->seq};
    for (size_t q = 0; q < sizeof iv / sizeof *iv; q++) {
        int64_t *x = lca__realloc(w->ctx, *iv[q], o, c, sizeof *x);
        if (x == NULL) return lca__fail(w->ctx, LCA_ERR_NOMEM, "out of memory");
        *iv[q] = x;
    }
    double **dv[] = {&w->amount, &w->key};
    for (size_t q = 0; q < sizeof dv / sizeof *dv; q++) {
        double *x = lca__realloc(w->ctx, *dv[q], o, c, sizeof *x);
        if (x == NULL) return lca__fail(w->ctx, LCA_ERR_NOMEM, "out of memory");
        *dv[q] = x;
    }
    double *x = lca__realloc(w->ctx, w->cum, o * r, c * r, sizeof *x);
    if (x == NULL) return lca__fail(w->ctx, LCA_ERR_NOMEM, "out of memory");
    w->cum = x;
    w->cap = cap;
    return LCA_OK;
}

// Heap order: larger key first, then lower pool id.
static int before(const lca__spa_walk *w, int64_t a, int64_t b) {
    if (w->key[a] != w->key[b]) return w->key[a] > w->key[b];
    return a < b;
}

static void heap_push(lca__spa_walk *w, int64_t u) {
    int64_t i = w->hlen++;
    while (i > 0 && before(w, u, w->heap[(i - 1) / 2])) {
        w->heap[i] = w->heap[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    w->heap[i] = u;
}

static int64_t heap_pop(lca__spa_walk *w) {
    int64_t top = w->heap[0], last = w->heap[--w->hlen], i = 0;
    for (;;) {
        int64_t c = 2 * i + 1;
        if (c >= w->hlen) break;
        if (c + 1 < w->hlen && before(w, w->heap[c + 1], w->heap[c])) c++;
        if (!before(w, w->heap[c], last)) break;
        w->heap[i] = w->heap[c];
        i = c;
    }
    if (w->hlen > 0) w->heap[i] = last;
    return top;
}

// A node (product j, amount x, below parent at stage): kept and queued
// if its key passes the cutoff and the budget allows, else its
// cumulative value goes to the residual.
static lca_status consider(lca__spa_walk *w, int64_t parent, int64_t j,
                           int64_t stage, double x) {
    double key = 0.0;
    for (int64_t r = 0; r < w->r; r++) {
        w->work[r] = w->lam[r * w->n + j] * x;
        double b = w->bnd != NULL ? w->bnd[r * w->n + j] * fabs(x)
                                  : fabs(w->work[r]);
        double k = b * w->inv_h[r];
        if (k > key) key = k;
    }
    int keep = key >= w->opt.cutoff && w->len < w->opt.max_nodes;
    if (key >= w->opt.cutoff && !keep) w->sum.budget_reached = 1;
    if (!keep) {
        w->sum.pruned += key < w->opt.cutoff;
        for (int64_t r = 0; r < w->r; r++) w->res[r] += w->work[r];
        return LCA_OK;
    }
    lca_status st = grow_pool(w);
    if (st != LCA_OK) return st;
    int64_t u = w->len++;
    w->parent[u] = parent;
    w->product[u] = j;
    w->stage[u] = stage;
    w->amount[u] = x;
    w->key[u] = key;
    memcpy(w->cum + u * w->r, w->work, (size_t)w->r * sizeof *w->work);
    heap_push(w, u);
    return LCA_OK;
}

// Keep |d| among the top largest of indicator r (a min-heap of size top).
static void top_add(lca__spa_walk *w, int64_t r, double d) {
    int64_t K = w->opt.top, n = w->topn[r];
    double *h = w->topv + r * K;
    if (n < K) {
        int64_t i = w->topn[r]++;
        while (i > 0 && h[(i - 1) / 2] > d) {
            h[i] = h[(i - 1) / 2];
            i = (i - 1) / 2;
        }
        h[i] = d;
        return;
    }
    if (d <= h[0]) return;
    int64_t i = 0;
    for (;;) {
        int64_t c = 2 * i + 1;
        if (c >= K) break;
        if (c + 1 < K && h[c + 1] < h[c]) c++;
        if (h[c] >= d) break;
        h[i] = h[c];
        i = c;
    }
    h[i] = d;
}

// No queued node can hold a path larger than the top-th found so far.
static int top_certain(const lca__spa_walk *w) {
    if (w->opt.top <= 0 || !w->sum.bound_exact) return 0;
    double need = INFINITY;
    for (int64_t r = 0; r < w->r; r++) {
        if (w->inv_h[r] == 0.0) continue;
        if (w->topn[r] < w->opt.top) return 0;
        double k = w->topv[r * w->opt.top] * w->inv_h[r];
        if (k < need) need = k;
    }
    return w->key[w->heap[0]] < need;
}

// Visit node u: its direct value is a path; expand it or book what it
// holds upstream as residual.
static lca_status visit(lca__spa_walk *w, int64_t u) {
    int64_t j = w->product[u], r = w->r;
    double x = w->amount[u];
    const double *cum = w->cum + u * r;
    w->seq[w->nseq++] = u;
    for (int64_t i = 0; i < r; i++) {
        double d = w->Dp[i * w->n + j] * x;
        w->enu[i] += d;
        if (w->opt.top > 0) top_add(w, i, fabs(d));
        if (w->stage[u] >= w->opt.max_depth) w->res[i] += cum[i] - d;
    }
    if (w->stage[u] >= w->opt.max_depth) return LCA_OK;
    w->sum.expanded++;
    for (int64_t q = w->Ap[j]; q < w->Ap[j + 1]; q++) {
        int64_t i = w->Ai[q];
        if (!w->io && i == j) continue;
        double qij = w->io ? w->Ax[q] : -w->Ax[q] / w->p[j];
        if (qij == 0.0) continue;
        lca_status st = consider(w, u, i, w->stage[u] + 1, qij * x);
        if (st != LCA_OK) return st;
    }
    return LCA_OK;
}

lca_status lca__spa_walk_run(lca__spa_walk *w) {
    while (w->hlen > 0) {
        if (top_certain(w)) {
            w->sum.top_certain = 1;
            break;
        }
        lca_status st = visit(w, heap_pop(w));
        if (st != LCA_OK) return st;
    }
    if (w->opt.top > 0 && w->hlen == 0 && w->sum.bound_exact) {
        w->sum.top_certain = 1;  // everything kept was visited
    }
    w->sum.unvisited = w->hlen;
    for (int64_t q = 0; q < w->hlen; q++) {
        const double *cum = w->cum + w->heap[q] * w->r;
        for (int64_t i = 0; i < w->r; i++) w->res[i] += cum[i];
    }
    return LCA_OK;
}

// lambda, D/p, h and the roots (every product with f_j != 0).
lca_status lca__spa_walk_init(lca_calc *c, int64_t r, const int64_t *ind,
                              const double *f, const lca_spa_options *opt,
                              lca__spa_walk *w) {
    const lca_model *M = lca_calc_model(c);
    const lca_csc *A = lca_model_A(M);
    w->ctx = lca_model_ctx(M);
    w->M = M;
    w->opt = *opt;
    w->n = lca_model_dim(M, LCA_PRODUCTS);
    w->r = r;
    w->io = lca_model_convention(M) == LCA_IO_COEFFICIENTS;
    w->Ap = lca_csc_colptr(A);
    w->Ai = lca_csc_rowidx(A);
    w->Ax = lca_csc_values(A);
    lca_status st = alloc_walk(w);
    if (st == LCA_OK) st = reference_outputs(w);
    if (st == LCA_OK) st = lca_calc_factors(c, r, ind, w->lam, w->Dp);
    if (st < 0) return st;
    int64_t n = w->n;
    for (int64_t i = 0; i < r; i++) {
        for (int64_t j = 0; j < n; j++) {
            w->Dp[i * n + j] /= w->p[j];
            w->h[i] += w->lam[i * n + j] * f[j];
        }
        w->inv_h[i] = w->h[i] != 0.0 ? 1.0 / fabs(w->h[i]) : 0.0;
    }
    int any = 0;
    for (int64_t i = 0; i < r; i++) any |= w->inv_h[i] != 0.0;
    if (!any) {
        return lca__fail(w->ctx, LCA_ERR_ARG, "the footprint is zero for "
                         "every chosen indicator: there is nothing to trace");
    }
    w->sum.bound_exact = lca__spa_signs_agree(w, f);
    if (!w->sum.bound_exact) st = lca__spa_abs_bound(c, w);
    if (st != LCA_OK) return st;
    for (int64_t j = 0; j < n && st >= 0; j++) {
        if (f[j] != 0.0) st = consider(w, -1, j, 0, f[j]);
    }
    return st < 0 ? st : LCA_OK;
}

// Copy the visited nodes out in visiting order; parents renumbered.
static void copy_nodes(const lca__spa_walk *w, lca_spa *s, int64_t *newid) {
    int64_t r = w->r;
    for (int64_t v = 0; v < w->nseq; v++) newid[w->seq[v]] = v;
    for (int64_t v = 0; v < w->nseq; v++) {
        int64_t u = w->seq[v], j = w->product[u];
        s->parent[v] = w->parent[u] >= 0 ? newid[w->parent[u]] : -1;
        s->product[v] = j;
        s->stage[v] = w->stage[u];
        s->amount[v] = w->amount[u];
        for (int64_t i = 0; i < r; i++) {
            s->cum[v * r + i] = w->cum[u * r + i];
            s->dir[v * r + i] = w->Dp[i * w->n + j] * w->amount[u];
        }
    }
}

lca_status lca__spa_walk_finish(lca__spa_walk *w, lca_spa **out) {
    lca_ctx *ctx = w->ctx;
    size_t nn = (size_t)w->nseq, r = (size_t)w->r;
    lca_status st = LCA_OK;
    int64_t *newid = NULL;
    lca_spa *s = lca__calloc(ctx, 1, sizeof *s);
    if (s == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    s->ctx = ctx;
    s->r = w->r;
    newid = lca__malloc(ctx, (size_t)w->len, sizeof *newid);
    s->total = lca__malloc(ctx, r, sizeof *s->total);
    s->enumerated = lca__malloc(ctx, r, sizeof *s->enumerated);
    s->residual = lca__malloc(ctx, r, sizeof *s->residual);
    s->parent = lca__malloc(ctx, nn, sizeof *s->parent);
    s->product = lca__malloc(ctx, nn, sizeof *s->product);
    s->stage = lca__malloc(ctx, nn, sizeof *s->stage);
    s->amount = lca__malloc(ctx, nn, sizeof *s->amount);
    s->cum = lca__malloc(ctx, nn * r, sizeof *s->cum);
    s->dir = lca__malloc(ctx, nn * r, sizeof *s->dir);
    if (!newid || !s->total || !s->enumerated || !s->residual ||
        !s->parent || !s->product || !s->stage || !s->amount || !s->cum ||
        !s->dir) {
        st = lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
        goto done;
    }
    copy_nodes(w, s, newid);
    memcpy(s->total, w->h, r * sizeof *s->total);
    memcpy(s->enumerated, w->enu, r * sizeof *s->enumerated);
    memcpy(s->residual, w->res, r * sizeof *s->residual);
    s->sum = w->sum;
    s->sum.nodes = w->nseq;
    for (size_t i = 0; i < r; i++) {
        double e = fabs(w->enu[i] + w->res[i] - w->h[i]) * w->inv_h[i];
        if (e > s->sum.closure) s->sum.closure = e;
    }
    *out = s;
    s = NULL;
done:
    lca__free(ctx, newid);
    lca_spa_destroy(&s);
    return st;
}
