// engine/mc/records_impl.h: the records a run samples (pedigree fill)
// SPDX-License-Identifier: MIT

#ifndef LCA_RECORDS_IMPL_H
#define LCA_RECORDS_IMPL_H

#include "lca/model.h"

// A copy of the records of matrix X of M with the pedigree fill applied
// when fill is set: a record without a distribution but with pedigree
// scores, on a nonzero amount, becomes a lognormal with the amount as
// median and the pedigree GSD (lca_pedigree_gsd, basic_gsd). *out is NULL
// when X has no records at all. Monte Carlo and the sensitivity screening
// use this one function, so they see the same distributions.
// Errors: LCA_ERR_NOMEM, the pedigree's LCA_ERR_ARG.
lca_status lca__records_effective(lca_ctx *ctx, const lca_model *M,
                                  lca_matrix X, int fill, double basic_gsd,
                                  lca_uncertainty **out);

#endif  // LCA_RECORDS_IMPL_H
