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

#ifdef __cplusplus
}
#endif

#endif  // LCA_CONTRIB_H
