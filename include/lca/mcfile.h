// include/lca/mcfile.h: the Monte Carlo results file (leontief-mc v1)
// SPDX-License-Identifier: MIT
//
// Written while a run goes: each finished block's demand-score samples
// (and, when kept, factor samples) are appended; lca_mcfile_finish adds
// the factor summaries, exact quantiles, demand summaries, the convergence
// table and the failures, then renames the file into place atomically.
// The layout is in docs/FORMAT.md ("Monte Carlo results file").

#ifndef LCA_MCFILE_H
#define LCA_MCFILE_H

#include "lca/mc.h"
#include "lca/model.h"

typedef struct lca_mcfile lca_mcfile;

// Start path (under a temporary name) for a run of M with the selection
// in opt (indicators, demands) and `iterations` planned; factor_samples
// keeps every iteration's factors (needed for factor quantiles).
// Errors: LCA_ERR_IO, LCA_ERR_NOMEM.
lca_status lca_mcfile_create(const char *path, const lca_model *M,
                             const lca_mc_options *opt, int64_t iterations,
                             int factor_samples, lca_mcfile **f);

// Provenance and options as root attributes.
lca_status lca_mcfile_set_attr(lca_mcfile *f, const char *key,
                               const char *value);
lca_status lca_mcfile_set_attr_int(lca_mcfile *f, const char *key,
                                   int64_t value);

// An lca_mc_block_fn: append one finished block (arg is the lca_mcfile).
lca_status lca_mcfile_block(void *f, const lca_mc_block *b);

// Summaries from mc (which ran the blocks given), quantiles from the
// stored samples, commit. factor_q (may be NULL) receives the factor
// quantiles too: LCA_MC_NQUANTILES x nind x n, NaN when no factor samples
// were kept. *f becomes NULL whatever happens; on failure nothing is left
// at path. Errors: LCA_ERR_IO, LCA_ERR_NOMEM.
lca_status lca_mcfile_finish(lca_mcfile **f, const lca_mc *mc,
                             double *factor_q);

// Abandon: remove the temporary file. Accepts NULL.
void lca_mcfile_destroy(lca_mcfile **f);

#endif  // LCA_MCFILE_H
