// include/lca/spa.h: supply-chain tree and structural path analysis
// SPDX-License-Identifier: MIT
//
// Where a footprint comes from, path by path. Write the technosphere as
// T = (I - Q) P with P = diag(p) and
//
//   IO coefficients   p_j = 1,     q_ij = a_ij        (T = I - A, self-loops kept)
//   technosphere      p_j = a_jj,  q_ij = -a_ij/a_jj  (i != j), q_jj = 0
//
// so that T^-1 = P^-1 (I + Q + Q^2 + ...) and h = lambda' f expands into
// paths. A node is a product j reached by a path from the demand with an
// amount x of product j (a root: x = f_j; a child i of node (j, x):
// x_i = q_ij x). Its
//
//   direct value      D_j x / p_j      what the path's last process emits
//   cumulative value  lambda_j x       the node and everything upstream
//
// with lambda = D T^-1 from one transposed solve per indicator (lca_calc),
// so a node's cumulative value is a lookup, never a solve. Because
// lambda_j = D_j/p_j + sum_i lambda_i q_ij, the cumulative value of a node
// is its direct value plus its children's cumulative values.
//
// The traversal is best-first: nodes are visited in order of their key,
// max over indicators r of |lambda_rj x| / |h_r|, from a priority queue.
// A visited node's direct value is an enumerated path; it is expanded
// (its children pushed) unless it sits at max_depth or the node budget is
// spent. A child whose key is below the cutoff is not kept: its
// cumulative value goes to the residual, as does what any node left
// unexpanded holds upstream (cumulative - direct) and every node still
// queued when the traversal ends. So, for every indicator,
//
//   sum of enumerated paths + residual = h = lambda' f
//
// up to rounding (lca_spa_summary reports the closure error): an
// accounting identity that holds only if lambda is right, so it checks
// the factors too.
//
// Pruning is exact when the bound is: if Q >= 0, f has one sign and every
// chosen indicator's D_j/p_j has one sign, then every path below a node is
// at most its cumulative value in magnitude, so a pruned subtree holds no
// path larger than the cutoff and, with `top`, the traversal stops as soon
// as no queued node can hold a path larger than the top-th found
// (summary.bound_exact = 1). With mixed signs (co-products, negative
// characterization factors) the identity still holds but a large path may
// hide below a small cumulative value: bound_exact = 0 says so.
//
// The same traversal gives both views: the supply-chain tree (the visited
// nodes as a tree, lca_spa_order) and the largest paths (visited nodes by
// |direct value|, lca_spa_paths).
//
// Threads: one calling thread; results do not depend on the thread count.

#ifndef LCA_SPA_H
#define LCA_SPA_H

#include <stdint.h>

#include "lca/calc.h"
#include "lca/table.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct lca_spa_options {
    double cutoff;      // 0 < cutoff < 1: share of |h| a node must hold to
                        // be kept (default 1e-3)
    int64_t max_depth;  // deepest stage visited; roots are stage 0
                        // (default 8)
    int64_t max_nodes;  // nodes kept at most: the memory and time budget
                        // (default 1,000,000)
    int64_t top;        // > 0: stop once the top largest paths of every
                        // indicator are certain (bound_exact only); 0:
                        // visit every kept node (the tree)
} lca_spa_options;

void lca_spa_options_default(lca_spa_options *opt);

typedef struct lca_spa lca_spa;  // opaque; engine/analysis/spa.c

// Traverse the supply chain of demand f (n entries) for indicators
// ind[0..r-1] (indices into the model's indicators) on the factorized
// calculation c: r transposed solves, then lookups only. f is read, not
// kept. Errors: LCA_ERR_ARG (cutoff outside (0, 1), max_depth < 0,
// max_nodes < 1, top < 0, r < 1, an indicator outside 0..k-1, f not
// finite or all zero), LCA_ERR_INVALID (technosphere convention and a
// product without a reference output on the diagonal: the message names
// it), LCA_ERR_NOMEM, the solver's errors.
lca_status lca_spa_create(lca_calc *c, int64_t r, const int64_t *ind,
                          const double *f, const lca_spa_options *opt,
                          lca_spa **out);
void lca_spa_destroy(lca_spa **s);

typedef struct lca_spa_summary {
    int64_t nodes;         // visited nodes (enumerated paths)
    int64_t expanded;      // of them, expanded
    int64_t pruned;        // children left out below the cutoff
    int64_t unvisited;     // kept nodes still queued at the end
    int budget_reached;    // a child was left out for max_nodes
    int top_certain;       // top > 0 and the top paths are certain
    int bound_exact;       // the sign conditions above hold
    double closure;        // max_r |enumerated + residual - h| / |h|
} lca_spa_summary;

lca_spa_summary lca_spa_get_summary(const lca_spa *s);
int64_t lca_spa_nind(const lca_spa *s);

// Per indicator (r values each, in the order of ind): h = lambda' f, the
// sum of enumerated paths and the residual.
const double *lca_spa_total(const lca_spa *s);
const double *lca_spa_enumerated(const lca_spa *s);
const double *lca_spa_residual(const lca_spa *s);

// The visited nodes, in visiting order (so every node comes after its
// parent; node 0 is the first root). Arrays of lca_spa_get_summary().nodes
// entries, borrowed: parent (-1 for a root), product, stage, amount (in
// the product's unit), and nodes x r row-major cumulative and direct
// values.
const int64_t *lca_spa_parent(const lca_spa *s);
const int64_t *lca_spa_product(const lca_spa *s);
const int64_t *lca_spa_stage(const lca_spa *s);
const double *lca_spa_amount(const lca_spa *s);
const double *lca_spa_cumulative(const lca_spa *s);
const double *lca_spa_direct(const lca_spa *s);

// The largest paths for indicator position i (0..r-1): up to k visited
// nodes by |direct value| descending (ties: earlier node first) into v,
// their number into *count. A path is its node and its parents up to the
// root. Errors: LCA_ERR_ARG (i outside 0..r-1, k < 0), LCA_ERR_NOMEM.
lca_status lca_spa_paths(const lca_spa *s, int64_t i, int64_t k, int64_t *v,
                         int64_t *count);

// The tree order for indicator position i: all visited nodes depth-first,
// siblings by |cumulative value| descending (ties: earlier node first),
// into order (nodes entries). Errors: LCA_ERR_ARG, LCA_ERR_NOMEM.
lca_status lca_spa_order(const lca_spa *s, int64_t i, int64_t *order);


// ---- tables (lca/table.h; layouts in docs/FORMAT.md, "Analysis files") ----
// M is the model and ind[0..r-1] the indicators the traversal was made
// with (for labels). Each gives a new table the caller destroys.
// Errors: LCA_ERR_ARG (top < 0), LCA_ERR_NOMEM.

// "tree": every visited node in tree order (lca_spa_order for the first
// indicator), one row per node and indicator: the first indicator's nodes,
// then the second's ...
lca_status lca_spa_tree_table(const lca_spa *s, const lca_model *M,
                              const int64_t *ind, lca_table **out);
// "paths": the top largest paths of each indicator (lca_spa_paths), with
// the products along each path, root first, joined by " <- ".
lca_status lca_spa_paths_table(const lca_spa *s, const lca_model *M,
                               const int64_t *ind, int64_t top,
                               lca_table **out);
// "summary": total, enumerated, residual and coverage per indicator; the
// traversal's counts and flags as attributes.
lca_status lca_spa_summary_table(const lca_spa *s, const lca_model *M,
                                 const int64_t *ind, lca_table **out);

#ifdef __cplusplus
}
#endif

#endif  // LCA_SPA_H
