// engine/analysis/spa.c: best-first supply-chain traversal (lca_spa)
// SPDX-License-Identifier: MIT
//
// The maths and the accounting identity are in include/lca/spa.h. The
// traversal keeps a pool of nodes (at most max_nodes) and a binary max-heap
// of the queued ones by key (ties: lower pool id first, so the order is a
// pure function of the input). Visiting pops the best node, records its
// direct value and pushes its children that pass the cutoff; everything
// left out is added to the residual at the moment it is left out, so the
// identity holds at every step. Each kept node costs one heap push, each
// expansion one pass over a column of A: a path's value is a lookup of
// lambda, never a solve. Rejected: depth-first enumeration with a cutoff
// (pyspa's approach), which visits nodes in no useful order, cannot stop
// early for "the top k" and needs a separate pass for the residual.
//
// After the traversal the visited nodes are renumbered in visiting order
// (a node's parent is always visited before it) and the pool is dropped.

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ctx_impl.h"
#include "lca/spa.h"
#include "spa_impl.h"

void lca_spa_options_default(lca_spa_options *opt) {
    opt->cutoff = 1e-3;
    opt->max_depth = 8;
    opt->max_nodes = 1000000;
    opt->top = 0;
}

void lca_spa_destroy(lca_spa **sp) {
    if (sp == NULL || *sp == NULL) return;
    lca_spa *s = *sp;
    lca_ctx *ctx = s->ctx;
    lca__free(ctx, s->total);
    lca__free(ctx, s->enumerated);
    lca__free(ctx, s->residual);
    lca__free(ctx, s->parent);
    lca__free(ctx, s->product);
    lca__free(ctx, s->stage);
    lca__free(ctx, s->amount);
    lca__free(ctx, s->cum);
    lca__free(ctx, s->dir);
    lca__free(ctx, s);
    *sp = NULL;
}

static lca_status check_options(lca_ctx *ctx, int64_t r, int64_t k,
                                const int64_t *ind,
                                const lca_spa_options *o) {
    if (!(o->cutoff > 0.0 && o->cutoff < 1.0)) {
        return lca__fail(ctx, LCA_ERR_ARG, "the cutoff must be a share "
                         "between 0 and 1 (exclusive), not %g", o->cutoff);
    }
    if (o->max_depth < 0 || o->max_nodes < 1 || o->top < 0) {
        return lca__fail(ctx, LCA_ERR_ARG, "max_depth (%lld) and top (%lld) "
                         "must be >= 0 and max_nodes (%lld) >= 1",
                         (long long)o->max_depth, (long long)o->top,
                         (long long)o->max_nodes);
    }
    if (r < 1) return lca__fail(ctx, LCA_ERR_ARG, "no indicator chosen");
    for (int64_t i = 0; i < r; i++) {
        if (ind == NULL || ind[i] < 0 || ind[i] >= k) {
            return lca__fail(ctx, LCA_ERR_ARG, "indicator %lld is outside "
                             "0..%lld", ind ? (long long)ind[i] : -1LL,
                             (long long)k - 1);
        }
    }
    return LCA_OK;
}

lca_status lca_spa_create(lca_calc *c, int64_t r, const int64_t *ind,
                          const double *f, const lca_spa_options *opt,
                          lca_spa **out) {
    const lca_model *M = lca_calc_model(c);
    lca_ctx *ctx = lca_model_ctx(M);
    int64_t n = lca_model_dim(M, LCA_PRODUCTS);
    *out = NULL;
    lca_status st = check_options(ctx, r, lca_model_dim(M, LCA_INDICATORS),
                                  ind, opt);
    if (st != LCA_OK) return st;
    for (int64_t j = 0; j < n; j++) {
        if (!isfinite(f[j])) {
            return lca__fail(ctx, LCA_ERR_ARG, "the demand of product '%s' is "
                             "not finite",
                             lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_ID, j));
        }
    }
    lca__spa_walk w;
    memset(&w, 0, sizeof w);
    st = lca__spa_walk_init(c, r, ind, f, opt, &w);
    lca_spa *s = NULL;
    if (st == LCA_OK) st = lca__spa_walk_run(&w);
    if (st == LCA_OK) st = lca__spa_walk_finish(&w, &s);
    lca__spa_walk_free(&w);
    if (st != LCA_OK) return st;
    *out = s;
    return LCA_OK;
}

lca_spa_summary lca_spa_get_summary(const lca_spa *s) { return s->sum; }
int64_t lca_spa_nind(const lca_spa *s) { return s->r; }
const double *lca_spa_total(const lca_spa *s) { return s->total; }
const double *lca_spa_enumerated(const lca_spa *s) { return s->enumerated; }
const double *lca_spa_residual(const lca_spa *s) { return s->residual; }
const int64_t *lca_spa_parent(const lca_spa *s) { return s->parent; }
const int64_t *lca_spa_product(const lca_spa *s) { return s->product; }
const int64_t *lca_spa_stage(const lca_spa *s) { return s->stage; }
const double *lca_spa_amount(const lca_spa *s) { return s->amount; }
const double *lca_spa_cumulative(const lca_spa *s) { return s->cum; }
const double *lca_spa_direct(const lca_spa *s) { return s->dir; }

// Nodes ranked by |x[v * stride]| descending, ties by lower v.
typedef struct ranked {
    double key;
    int64_t v;
} ranked;

static int ranked_desc(const void *a, const void *b) {
    const ranked *x = a, *y = b;
    if (x->key != y->key) return x->key < y->key ? 1 : -1;
    return (x->v > y->v) - (x->v < y->v);
}

lca_status lca_spa_paths(const lca_spa *s, int64_t i, int64_t k, int64_t *v,
                         int64_t *count) {
    *count = 0;
    if (i < 0 || i >= s->r || k < 0) {
        return lca__fail(s->ctx, LCA_ERR_ARG, "indicator position %lld or "
                         "path count %lld out of range", (long long)i,
                         (long long)k);
    }
    int64_t nn = s->sum.nodes;
    ranked *rk = lca__malloc(s->ctx, (size_t)nn, sizeof *rk);
    if (rk == NULL) return lca__fail(s->ctx, LCA_ERR_NOMEM, "out of memory");
    for (int64_t u = 0; u < nn; u++) {
        rk[u] = (ranked){fabs(s->dir[u * s->r + i]), u};
    }
    qsort(rk, (size_t)nn, sizeof *rk, ranked_desc);
    int64_t c = k < nn ? k : nn;
    for (int64_t u = 0; u < c; u++) v[u] = rk[u].v;
    *count = c;
    lca__free(s->ctx, rk);
    return LCA_OK;
}

// Children lists in CSR form (first[u] .. first[u+1]-1 in kids), each list
// sorted by |cumulative| descending; then an explicit-stack depth-first
// walk from the roots in the same order.
static void tree_walk(const lca_spa *s, const int64_t *first,
                      const int64_t *kids, const ranked *roots,
                      int64_t nroots, int64_t *stack, int64_t *order) {
    int64_t top = 0, pos = 0;
    for (int64_t q = nroots - 1; q >= 0; q--) stack[top++] = roots[q].v;
    while (top > 0) {
        int64_t u = stack[--top];
        order[pos++] = u;
        for (int64_t q = first[u + 1] - 1; q >= first[u]; q--) {
            stack[top++] = kids[q];
        }
    }
    (void)s;
}

lca_status lca_spa_order(const lca_spa *s, int64_t i, int64_t *order) {
    if (i < 0 || i >= s->r) {
        return lca__fail(s->ctx, LCA_ERR_ARG, "indicator position %lld out "
                         "of range", (long long)i);
    }
    int64_t nn = s->sum.nodes;
    ranked *rk = lca__malloc(s->ctx, (size_t)nn, sizeof *rk);
    int64_t *first = lca__calloc(s->ctx, (size_t)nn + 2, sizeof *first);
    int64_t *kids = lca__malloc(s->ctx, (size_t)nn, sizeof *kids);
    int64_t *stack = lca__malloc(s->ctx, (size_t)nn, sizeof *stack);
    lca_status st = LCA_OK;
    if (rk == NULL || first == NULL || kids == NULL || stack == NULL) {
        st = lca__fail(s->ctx, LCA_ERR_NOMEM, "out of memory");
        goto done;
    }
    // Sort all nodes by |cumulative|; a stable bucket pass by parent then
    // keeps that order inside every sibling list.
    for (int64_t u = 0; u < nn; u++) {
        rk[u] = (ranked){fabs(s->cum[u * s->r + i]), u};
    }
    qsort(rk, (size_t)nn, sizeof *rk, ranked_desc);
    int64_t nroots = 0;
    for (int64_t u = 0; u < nn; u++) {
        int64_t p = s->parent[u];
        if (p >= 0) first[p + 2]++;
    }
    for (int64_t u = 0; u < nn; u++) first[u + 2] += first[u + 1];
    for (int64_t q = 0; q < nn; q++) {
        int64_t u = rk[q].v, p = s->parent[u];
        if (p >= 0) {
            kids[first[p + 1]++] = u;
        } else {
            rk[nroots++] = rk[q];  // roots, in order, reuse rk's front
        }
    }
    tree_walk(s, first, kids, rk, nroots, stack, order);
done:
    lca__free(s->ctx, rk);
    lca__free(s->ctx, first);
    lca__free(s->ctx, kids);
    lca__free(s->ctx, stack);
    return st;
}
