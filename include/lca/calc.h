// include/lca/calc.h: deterministic LCA calculations on a factorized model
// SPDX-License-Identifier: MIT
//
// A calculation analyses and factorizes the model's technosphere matrix T
// once and then answers, from that one factorization:
//
//   supply      S = T \ F                    (d forward solves)
//   inventory   G = B S                      (m x d)
//   scores      H = C G = D S                (k x d), D = C B
//   factors     N = D T^-1, by k transposed solves  T' lambda_i = D(i,:)'
//   flows       M = B T^-1 rows, likewise    T' mu_f = B(f,:)'
//
// For IO coefficients T = I - A, so S = (I - A)^-1 y and N = D L. Factors
// are never computed by n forward solves nor by a dense inverse.
//
// Layouts: vectors per demand are columns of column-major arrays (S is
// n x d, leading dimension n); factor tables are row-major (N is r x n:
// row i is lambda_i), which is also how they are stored in HDF5.
//
// Threads: solves are spread over lca_ctx_nthreads threads; results are
// bit-identical for any thread count.

#ifndef LCA_CALC_H
#define LCA_CALC_H

#include <stdint.h>

#include "lca/model.h"
#include "lca/solver.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct lca_calc lca_calc;  // opaque; engine/calc.c

// Analyse, factorize and form D = C B. M must outlive the calculation.
// Returns LCA_OK or LCA_WARN_ILLCOND.
// Errors: LCA_ERR_SINGULAR (the message names the products: empty
// columns or rows, missing reference outputs, zero pivots),
// LCA_ERR_INVALID (NaN/Inf), LCA_ERR_SOLVER, LCA_ERR_NOMEM.
lca_status lca_calc_create(const lca_model *M, const lca_solver_options *opt,
                           lca_calc **c);
void lca_calc_destroy(lca_calc **c);

const lca_model *lca_calc_model(const lca_calc *c);  // as created
const lca_solver *lca_calc_solver(const lca_calc *c);
// The symbolic analysis of T's pattern, for solvers of other values in
// the same pattern (borrowed: valid while c lives).
const lca_analysis *lca_calc_analysis(const lca_calc *c);
const lca_csc *lca_calc_D(const lca_calc *c);  // k x n, D = C B

// S = T \ F for d dense demand columns (F and S column-major, n x d).
lca_status lca_calc_supply(lca_calc *c, int64_t d, const double *F,
                           double *S);

// X = T'^-1 W for r dense right-hand sides (W and X column-major, n x r):
// the adjoint of lca_calc_supply, for row vectors w' T^-1 other than rows
// of D (weighted contributions, data quality).
lca_status lca_calc_adjoint(lca_calc *c, int64_t r, const double *W,
                            double *X);

// For the model's demands idx[0..d-1]: supply S (n x d), inventory G
// (m x d) and scores H (k x d), column-major. S and G may be NULL when not
// wanted; then, if d > k, H is computed as N f without forward solves.
// Errors: LCA_ERR_ARG (a demand index outside the model).
lca_status lca_calc_demands(lca_calc *c, int64_t d, const int64_t *idx,
                            double *S, double *G, double *H);

// Upstream factors N (r x n, row-major) for indicators ind[0..r-1] (ind
// NULL: all k, r = k), and the direct part Dr (r x n, row-major; may be
// NULL). Errors: LCA_ERR_ARG (indicator index outside 0..k-1).
lca_status lca_calc_factors(lca_calc *c, int64_t r, const int64_t *ind,
                            double *N, double *Dr);

// Cumulative flows per unit of product, M(f,:) = B(f,:) T^-1 (r x n,
// row-major) for flows fl[0..r-1]. Errors: LCA_ERR_ARG.
lca_status lca_calc_flow_factors(lca_calc *c, int64_t r, const int64_t *fl,
                                 double *Mf);

#ifdef __cplusplus
}
#endif

#endif  // LCA_CALC_H
