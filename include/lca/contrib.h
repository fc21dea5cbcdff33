// include/lca/contrib.h: what contributes to a result (contribution analysis)
// SPDX-License-Identifier: MIT
//
// Splits of a demand's scores h = N f = D s (lca/calc.h) into the parts
// that sum to them, computed from one factorization (an lca_calc).
//
// By product, for indicator i and product p of demand f with supply s:
//
//   consumption-based  Pt(i,p) = N(i,p) f_p   the footprint of the final
//                                             demand for p, upstream included
//   production-based   Pd(i,p) = D(i,p) s_p   what is emitted where p is
//                                             made
//
// Both sum over p to h_i: N f = D T^-1 f = D s. The sums are equal up to
// rounding (the tests hold them to 1e-12 relative), not bit for bit.
//
// Threads: the solves are spread over lca_ctx_nthreads threads; results
// are bit-identical for any thread count.

#ifndef LCA_CONTRIB_H
#define LCA_CONTRIB_H

#include <stdint.h>

#include "lca/calc.h"
#include "lca/mc.h"
#include "lca/table.h"

#ifdef __cplusplus
extern "C" {
#endif

// By-product contributions of the model's demands idx[0..d-1] to all k
// indicators: Pt and Pd are d x k x n each in C order (the product index
// fastest: Pt[(j * k + i) * n + p]); either may be NULL. S is the supply
// of those demands (n x d, column-major, as lca_calc_demands gives it);
// NULL: it is solved here. Costs k transposed solves (and d forward ones
// without S). Returns LCA_OK or a warning of the solves.
// Errors: LCA_ERR_ARG (a demand index outside the model), LCA_ERR_NOMEM,
// LCA_ERR_SOLVER.
lca_status lca_contrib_by_product(lca_calc *c, int64_t d, const int64_t *idx,
                                  const double *S, double *Pt, double *Pd);


// ---- one demand, one indicator: every split (engine/analysis/contrib*.c) ----
//
// For demand f, supply s = T^-1 f, factors lambda = D T^-1 and indicator r
// (D = C B, g = B s), with T = (I - Q) P as in lca/spa.h (p_j = 1 and
// -t_ij = a_ij for IO coefficients; p_j = a_jj, -t_ij = -a_ij otherwise):
//
//   process   D_rj s_j                      emitted where product j is made
//   product   lambda_rj f_j                 the final demand for j, upstream
//   flow      c_rk g_k                      elementary flow (gas) k
//   supplier  sum_j (f_j/p_j) (-t_ij) lambda_ri   first-tier input i of the
//             demanded processes (j != i for technosphere), and own =
//             sum_j (f_j/p_j) D_rj their direct part: lambda_j p_j =
//             D_j + sum_i -t_ij lambda_i, so own + suppliers = h, from the
//             factors alone (no solve per supplier)
//   group     a split by product summed over a product -> group map
//
// Each sums to h = lambda' f = D s (the tests hold them to 1e-12).

typedef enum lca_contrib_kind {
    LCA_CONTRIB_PROCESS = 0,
    LCA_CONTRIB_PRODUCT = 1,
    LCA_CONTRIB_FLOW = 2,
    LCA_CONTRIB_SUPPLIER = 3,  // index -1: the demanded processes' own part
    LCA_CONTRIB_GROUP = 4,     // of the process split
} lca_contrib_kind;

// "process", "product", "flow", "supplier", "group" (static text).
const char *lca_contrib_kind_str(lca_contrib_kind kind);

typedef struct lca_contrib lca_contrib;  // opaque

// Every split of model demand `demand` for indicator ind, from c's
// factorization: one forward solve, the transposed solves of
// lca_contrib_by_product and one more for lambda_r.
// Errors: LCA_ERR_ARG (demand or indicator outside the model),
// LCA_ERR_INVALID (technosphere convention and a demanded product without
// a reference output), LCA_ERR_NOMEM, the solver's errors.
lca_status lca_contrib_create(lca_calc *c, int64_t demand, int64_t ind,
                              lca_contrib **out);
void lca_contrib_destroy(lca_contrib **cb);

double lca_contrib_total(const lca_contrib *cb);  // h
double lca_contrib_own(const lca_contrib *cb);    // the supplier split's own
// The split of one kind (borrowed): n values for process, product and
// supplier, m for flow. NULL for LCA_CONTRIB_GROUP (lca_contrib_group).
const double *lca_contrib_values(const lca_contrib *cb, lca_contrib_kind kind);

// out[g] = sum of v_j over products j with group_of[j] == g (g < ngroups)
// and out[ngroups] = the sum over products outside the map (group_of[j]
// < 0). Errors: LCA_ERR_ARG (a group index >= ngroups; ctx may be NULL).
lca_status lca_contrib_group(lca_ctx *ctx, int64_t n, const double *v,
                             const int64_t *group_of, int64_t ngroups,
                             double *out);

// Which rows of a split to show: by |value| descending (ties: lower
// index), as long as the row is among the first top (top > 0), its share
// |v|/|h| is at least min_share (> 0) and the cumulative share of the
// rows before it, sum |v| / sum |v| over all rows, is below cum_share
// (> 0; 0.8 gives the rows that make 80 % of the impact, as PEF's most
// relevant processes). 0 switches a rule off.
typedef struct lca_contrib_cut {
    int64_t top;
    double min_share, cum_share;
} lca_contrib_cut;

// idx[0..*count-1] = the rows shown, and *rest = h - their sum, so that
// rows + rest = h exactly as the rows are summed. idx has room for n.
// Errors: LCA_ERR_ARG (top < 0, min_share or cum_share outside [0, 1]),
// LCA_ERR_NOMEM.
lca_status lca_contrib_select(lca_ctx *ctx, int64_t n, const double *v,
                              double total, const lca_contrib_cut *cut,
                              int64_t *idx, int64_t *count, double *rest);

// ---- through Monte Carlo: the same splits from the same paired samples ----

typedef struct lca_contrib_item {
    int64_t kind;   // an lca_contrib_kind
    int64_t index;  // product, flow, supplier (-1: own) or group
} lca_contrib_item;

// Distribution of one contribution over the iterations: its value, and
// its share of the demand's total in the same iteration.
typedef struct lca_contrib_summary {
    double mean, sd, q[LCA_MC_NQUANTILES];    // of the value
    double share_mean, share_q[LCA_MC_NQUANTILES];  // of value / h
} lca_contrib_summary;

// For every demand opt->demands[0..nd-1] and indicator opt->ind[0] (0 when
// none is chosen): items[0..ni-1] and the total, per iteration of a Monte
// Carlo run of niter iterations (the run's own samples, through its
// iteration hook: lambda from the run, s by a forward solve with the
// iteration's factorization), summarized into out[(j * (ni + 1) + t)]
// for item t (t = ni: the total). group_of (n entries) maps products to
// groups 0..ngroups-1 for LCA_CONTRIB_GROUP items (may be NULL without
// them). Failed iterations are left out; *nused (may be NULL) gets how
// many were used. Memory: niter x nd x (ni + 1) values, for the exact
// quantiles. Errors: LCA_ERR_ARG (no demand, an item outside its axis,
// niter < 2), lca_mc_create's and lca_mc_run's errors, LCA_ERR_NOMEM.
lca_status lca_contrib_mc(const lca_model *M, const lca_mc_options *opt,
                          int64_t niter, int64_t ni,
                          const lca_contrib_item *items,
                          const int64_t *group_of, int64_t ngroups,
                          lca_contrib_summary *out, int64_t *nused);


// ---- a split as a table (lca/table.h; docs/FORMAT.md, "Analysis files") ---

// The rows of one split to put in a table: idx[0..n-1] (from
// lca_contrib_select; -1 in a supplier split: the own part), for a group
// split the ngroups + 1 sums (lca_contrib_group) and the group names, and
// optionally the rows' Monte Carlo summaries (n of them, lca_contrib_mc).
typedef struct lca_contrib_rows {
    lca_contrib_kind kind;
    int64_t n;
    const int64_t *idx;
    const double *groups;            // GROUP only
    const char *const *group_names;  // GROUP only, ngroups names
    int64_t ngroups;
    const lca_contrib_summary *mc;   // NULL: no Monte Carlo columns
} lca_contrib_rows;

// A table named after the kind ("process", "flow" ...): rank, value,
// share, cumulative share, unit, [Monte Carlo columns], id,
// [compartment], name; and a last "(rest)" row, h minus the rows, so the
// value column sums to h. Errors: LCA_ERR_ARG, LCA_ERR_NOMEM.
lca_status lca_contrib_table(const lca_contrib *cb, const lca_model *M,
                             int64_t ind, const lca_contrib_rows *rows,
                             lca_table **out);

#ifdef __cplusplus
}
#endif

#endif  // LCA_CONTRIB_H
