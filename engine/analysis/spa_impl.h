// engine/analysis/spa_impl.h: the body of lca_spa and its traversal state
// SPDX-License-Identifier: MIT

#ifndef LCA_SPA_IMPL_H
#define LCA_SPA_IMPL_H

#include "lca/spa.h"

struct lca_spa {
    lca_ctx *ctx;
    int64_t r;
    double *total, *enumerated, *residual;  // r each
    int64_t *parent, *product, *stage;      // nodes each
    double *amount;                         // nodes
    double *cum, *dir;                      // nodes x r
    lca_spa_summary sum;
};

// The traversal in progress (engine/analysis/spa_walk.c).
typedef struct lca__spa_walk {
    lca_ctx *ctx;
    const lca_model *M;
    lca_spa_options opt;
    int64_t n, r;
    int io;                   // IO coefficients: q = a, p = 1
    const int64_t *Ap, *Ai;   // A as stored
    const double *Ax;
    double *lam, *Dp;         // r x n: lambda and D_j / p_j
    double *bnd;              // r x n: the bound factors lambda-bar, or
                              // NULL when |lambda| is the bound
    double *p;                // n: the reference outputs p_j
    double *h, *enu, *res;    // r: total, enumerated, residual
    double *inv_h;            // r: 1/|h_r|, 0 when h_r == 0
    // The pool of kept nodes and the heap of queued ones (pool ids).
    int64_t cap, len;
    int64_t *parent, *product, *stage;
    double *amount, *key, *cum;  // cum: len x r
    int64_t *heap, hlen;
    int64_t *seq, nseq;       // visited pool ids, in visiting order
    double *topv;             // r x top: min-heaps of |direct|
    int64_t *topn;            // r: entries in each
    double *work;             // r
    lca_spa_summary sum;
} lca__spa_walk;

// Q >= 0, f and each D_r/p of one sign: then |lambda_j x| bounds every
// path below a node (engine/analysis/spa_bound.c).
int lca__spa_signs_agree(const lca__spa_walk *w, const double *f);
// Otherwise: w->bnd = lambda-bar of the absolute system when certified,
// and sum.bound_exact = 1; else nothing changes. Errors: LCA_ERR_NOMEM.
lca_status lca__spa_abs_bound(lca_calc *c, lca__spa_walk *w);

// Factors, reference outputs, totals and the roots. Errors: as
// lca_spa_create.
lca_status lca__spa_walk_init(lca_calc *c, int64_t r, const int64_t *ind,
                              const double *f, const lca_spa_options *opt,
                              lca__spa_walk *w);
// Visit nodes until the queue is empty or the top paths are certain.
lca_status lca__spa_walk_run(lca__spa_walk *w);
// The visited nodes as an lca_spa. Errors: LCA_ERR_NOMEM.
lca_status lca__spa_walk_finish(lca__spa_walk *w, lca_spa **out);
void lca__spa_walk_free(lca__spa_walk *w);

#endif  // LCA_SPA_IMPL_H
