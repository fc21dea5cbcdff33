// engine/analysis/sens_impl.h: what the global sensitivity files share
// SPDX-License-Identifier: MIT

#ifndef LCA_SENS_IMPL_H
#define LCA_SENS_IMPL_H

#include "lca/sensitivity.h"

// A Monte Carlo run cut to the output (the first demand and indicator of
// opt, no factor samples, no hook; with direct, the direct path, which
// lca__mc_evaluate takes), after checking the inputs in[0..k-1] and that
// opt has no presamples. Errors: LCA_ERR_ARG, lca_mc_create's.
lca_status lca__sens_mc_create(const lca_model *M, const lca_mc_options *opt,
                               int64_t k, const lca_input *in, int direct,
                               lca_mc **mc);

#endif  // LCA_SENS_IMPL_H
