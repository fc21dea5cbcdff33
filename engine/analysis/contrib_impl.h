// engine/analysis/contrib_impl.h: contribution formulas on raw value arrays
// SPDX-License-Identifier: MIT
//
// The deterministic splits (engine/analysis/contrib.c) and the Monte Carlo
// ones (engine/analysis/contrib_mc.c) evaluate the same formulas
// (include/lca/contrib.h) on the model's patterns with different values:
// the stored ones, or an iteration's samples (Ax, Bx, Cx in stored form).

#ifndef LCA_CONTRIB_IMPL_H
#define LCA_CONTRIB_IMPL_H

#include "lca/contrib.h"

// p_j for the products with f_j != 0 (1 for IO; a_jj otherwise), others 1.
// Errors: LCA_ERR_INVALID (a demanded product without a reference output;
// ctx gets the message, may be NULL inside a Monte Carlo hook).
lca_status lca__contrib_p(lca_ctx *ctx, const lca_model *M, const double *Ax,
                          const double *f, double *p);

// cr = row r of C (m entries), from C's values Cx.
void lca__contrib_crow(const lca_model *M, const double *Cx, int64_t r,
                       double *cr);

// D_rj = sum_k c_rk b_kj for every product j (n entries).
void lca__contrib_drow(const lca_model *M, const double *Bx, const double *cr,
                       double *D);

// g = B s (m entries).
void lca__contrib_g(const lca_model *M, const double *Bx, const double *s,
                    double *g);

// w_i = sum_j (f_j/p_j)(-t_ij) for every product i (n entries; the
// suppliers' split is w_i lambda_i) and *own = sum_j (f_j/p_j) D_j.
void lca__contrib_tier1(const lca_model *M, const double *Ax, const double *p,
                        const double *f, const double *D, double *w,
                        double *own);

#endif  // LCA_CONTRIB_IMPL_H
