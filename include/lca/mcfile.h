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

// Start a run writing path. Samples go to the checkpoint folder
// path.ckpt/ until lca_mcfile_finish assembles path. fingerprint
// ("key=value;...": model hash and every option that changes results) and
// argv (the run's arguments) are recorded so that --resume can restore the
// options and refuse a different run. factor_samples keeps every
// iteration's factors (needed for factor quantiles).
// Errors: LCA_ERR_IO (the folder exists: an earlier run was stopped; or it
// cannot be made), LCA_ERR_NOMEM.
lca_status lca_mcfile_create(const char *path, const lca_model *M,
                             const lca_mc_options *opt, const char *fingerprint,
                             int argc, char *const *argv, int factor_samples,
                             lca_mcfile **f);

// Does the run that writes path have a checkpoint to resume?
int lca_mcfile_has_checkpoint(const char *path);

// Write the first checkpoint (iteration 0) of a new run, so that it can
// be resumed even if it is killed before its first regular checkpoint.
lca_status lca_mcfile_start(lca_mcfile *f, const lca_mc *mc);

// Resume the run that writes path: read its checkpoint, check that
// fingerprint equals the recorded one, and restore mc (created with the
// same model and options) to the last checkpoint; the next lca_mc_run
// starts at lca_mc_next(mc).
// Errors: LCA_ERR_IO (no checkpoint), LCA_ERR_INVALID ("refusing to
// resume ...: seed differs ..."), LCA_ERR_NOMEM.
lca_status lca_mcfile_resume(const char *path, const lca_model *M,
                             const lca_mc_options *opt,
                             const char *fingerprint, int factor_samples,
                             lca_mc *mc, lca_mcfile **f);

// The recorded arguments of the run that writes path (allocated on ctx;
// free each string and the array with the ctx allocator's lca_free rules
// -- use lca_mcfile_free_argv).
lca_status lca_mcfile_read_argv(lca_ctx *ctx, const char *path,
                                int64_t *argc, char ***argv);
void lca_mcfile_free_argv(lca_ctx *ctx, char **argv, int64_t argc);

// Root attributes of the results file (provenance), written at finish.
lca_status lca_mcfile_set_attr(lca_mcfile *f, const char *key,
                               const char *value);
lca_status lca_mcfile_set_attr_int(lca_mcfile *f, const char *key,
                                   int64_t value);

// An lca_mc_block_fn: append one finished block (arg is the lca_mcfile).
lca_status lca_mcfile_block(void *f, const lca_mc_block *b);

// Commit the blocks so far and the engine state durably: after this a
// killed run resumes here. Call it between lca_mc_run calls.
// Errors: LCA_ERR_IO, LCA_ERR_NOMEM.
lca_status lca_mcfile_checkpoint(lca_mcfile *f, const lca_mc *mc);

// Checkpoint, then assemble path from the checkpoint: summaries, exact
// quantiles, demand statistics, convergence, failures; commit atomically.
// factor_q (may be NULL) receives the factor quantiles
// (LCA_MC_NQUANTILES x nind x n; NaN without factor samples). Unless
// keep_checkpoint, the checkpoint folder is removed afterwards (a stopped
// run keeps it to resume). *f becomes NULL whatever happens.
// demand_q (may be NULL) receives the demand statistics: mean, sd and the
// quantiles, (2 + LCA_MC_NQUANTILES) x nd x nind.
lca_status lca_mcfile_finish(lca_mcfile **f, const lca_mc *mc,
                             double *factor_q, double *demand_q,
                             int keep_checkpoint);

// Abandon: nothing more is written; the checkpoint stays. Accepts NULL.
void lca_mcfile_destroy(lca_mcfile **f);

#endif  // LCA_MCFILE_H
