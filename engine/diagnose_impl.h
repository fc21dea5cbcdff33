// engine/diagnose_impl.h: naming the causes of a singular system
// SPDX-License-Identifier: MIT

#ifndef LCA_DIAGNOSE_IMPL_H
#define LCA_DIAGNOSE_IMPL_H

#include "lca/model.h"

// Set an LCA_ERR_SINGULAR message on M's ctx naming the products involved
// (structural causes first, then the given zero-pivot columns) and return
// LCA_ERR_SINGULAR (or LCA_ERR_NOMEM).
lca_status lca__diagnose_singular(const lca_model *M, const int64_t *zero_piv,
                                  int64_t nzero);

// Set an LCA_ERR_SINGULAR message on M's ctx for a matrix that is singular
// to working precision (engine/verdict.c): what the check saw (evidence)
// and the product with the smallest pivot (col, or -1 if unknown).
lca_status lca__diagnose_illcond(const lca_model *M, int64_t col,
                                 const char *evidence);

#endif  // LCA_DIAGNOSE_IMPL_H
