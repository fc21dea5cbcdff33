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

#include <stddef.h>
#include <stdint.h>

#include "lca/mc.h"
#include "lca/model.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct lca_mcfile lca_mcfile;

// What a Monte Carlo run is, as its results file records it. Everything
// that changes the results goes into the run's fingerprint
// (lca_mc_fingerprint); the rest is provenance. Borrowed.
typedef struct lca_mc_spec {
    const lca_model *M;             // the model, read from model_file
    const lca_mc_options *opt;      // seed, block size, options, selections
                                    // (keep_factors: keep factor samples)
    int64_t iterations;             // planned
    const char *model_file;         // as given (provenance)
    const char *model_sha256;       // its SHA-256 (lca_file_sha256)
    const char *presamples_file;    // NULL: none (provenance)
    const char *presamples_sha256;  // NULL or "": none
    const char *command_line;       // provenance; NULL: ""
    int mpi_ranks;                  // provenance; 0: not under MPI
    int argc;                       // the program's arguments, recorded so
    char *const *argv;              // that a resume can restore them
    const lca_mc *mc;               // the run made from M and opt: the
                                    // path it takes is fingerprinted
                                    // (NULL: the direct path)
} lca_mc_spec;

// The fingerprint of a run: "key=value;..." of the model's and the
// presamples' hashes, seed, iterations, block size, lognormal convention,
// pedigree fill, on_fail, solver, factor samples, and the ids of the
// selected indicators and demands (not threads or MPI ranks), in that
// order, then, when the run takes the iterative path (lca_mc_get_solver_
// info of spec->mc, which AUTO decides from counts alone), mc_solver and
// the Krylov method, tolerance, max_iter and restart (never the batch), into buf (truncated at size; LCA_MC_FINGERPRINT_MAX is enough
// for every key and 4 KiB of ids each). A checkpoint records it; a resume
// must give the same one.
#define LCA_MC_FINGERPRINT_MAX 8192
void lca_mc_fingerprint(const lca_mc_spec *spec, char *buf, size_t size);

// 0 when fingerprints a and b are equal; else 1, with the key of the first
// item of a that b lacks or holds with another value ("the options" when
// none does) in key (truncated at size).
int lca_mc_fingerprint_diff(const char *a, const char *b, char *key,
                            size_t size);

// Start a run writing path. Samples go to the checkpoint folder
// path.ckpt/ until lca_mcfile_finish assembles path. The checkpoint
// records the run's fingerprint and arguments (spec->argc, argv); the
// results file gets the provenance of spec, the engine version, git
// commit, thread count and the start time as root attributes (the seed as
// an unsigned 64-bit integer). With spec->opt->keep_factors every
// iteration's factors are kept (needed for factor quantiles).
// The run holds a lock on the folder (flock) until it is destroyed: a
// second run on the same output is refused, naming the holder.
// Errors: LCA_ERR_INVALID (the folder exists: an earlier run was stopped;
// or another run holds it), LCA_ERR_IO (the folder cannot be made; the
// message names it), LCA_ERR_NOMEM.
lca_status lca_mcfile_create(const char *path, const lca_mc_spec *spec,
                             lca_mcfile **f);

// Does the run that writes path have a checkpoint to resume?
int lca_mcfile_has_checkpoint(const char *path);

// Write the first checkpoint (iteration 0) of a new run, so that it can
// be resumed even if it is killed before its first regular checkpoint.
// On failure (LCA_ERR_IO: disk full) the folder, which then holds no
// checkpoint, is removed.
lca_status lca_mcfile_start(lca_mcfile *f, const lca_mc *mc);

// Resume the run that writes path: read its checkpoint, check that the
// fingerprint of spec equals the recorded one, and restore mc (created
// with the same model and options) to the last checkpoint; the next
// lca_mc_run starts at lca_mc_next(mc). Provenance as lca_mcfile_create.
// Locks the folder like lca_mcfile_create, then checks every committed
// segment's seal before anything else.
// Errors: LCA_ERR_IO (no checkpoint), LCA_ERR_INVALID ("refusing to
// resume ...: seed differs: the checkpoint has '1', this run '2'"; a
// damaged segment; another run holds the folder), LCA_ERR_NOMEM.
lca_status lca_mcfile_resume(const char *path, const lca_mc_spec *spec,
                             lca_mc *mc, lca_mcfile **f);

// The recorded arguments of the run that writes path (allocated on ctx;
// free each string and the array with the ctx allocator's lca_free rules
// -- use lca_mcfile_free_argv).
lca_status lca_mcfile_read_argv(lca_ctx *ctx, const char *path,
                                int64_t *argc, char ***argv);
void lca_mcfile_free_argv(lca_ctx *ctx, char **argv, int64_t argc);

// More root attributes of the results file, written at finish.
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

// Remove the checkpoint folder (a run that failed for good: nothing in it
// is worth resuming), then destroy *f. Accepts NULL.
void lca_mcfile_discard(lca_mcfile **f);

// Let lca_mcfile_finish stop when *stop becomes nonzero (a signal handler's
// flag; NULL: never): between slices of the assembly it then abandons the
// results file (no temporary file is left) and returns LCA_ERR_IO saying
// so, the checkpoint complete, so that a resume finishes the assembly.
void lca_mcfile_set_stop(lca_mcfile *f, const volatile int *stop);

// Abandon: nothing more is written; the checkpoint stays. Accepts NULL.
void lca_mcfile_destroy(lca_mcfile **f);

// ---- reading a finished file (io/native/mcfile_read.c) ----------------------

// One indicator's factor statistics over the file's n products (arrays
// allocated on the ctx; lca_mcfile_stats_free releases them).
typedef struct lca_mcfile_stats {
    int64_t n;                 // products
    double *count, *mean, *sd;  // n each
    double *gsd;               // n; NaN where undefined or not recorded
    double *quantiles;         // LCA_MC_NQUANTILES x n (lca_mc_quantile_p)
    char model_sha256[65];     // of the model the run used
    int64_t iterations_done, iterations_failed;
    int stopped_early;         // the run was stopped before its end
} lca_mcfile_stats;

// Read the statistics of the indicator whose id is `indicator` (or whose
// name is, where the file's ids are unset) from the results file path.
// Errors: LCA_ERR_IO (cannot open), LCA_ERR_INVALID (not a Monte Carlo
// results file, no factor quantiles, a dataset of the wrong shape),
// LCA_ERR_NOTFOUND (the run did not summarize that indicator),
// LCA_ERR_NOMEM. On failure *s holds nothing to free.
lca_status lca_mcfile_read_stats(lca_ctx *ctx, const char *path,
                                 const char *indicator, lca_mcfile_stats *s);
void lca_mcfile_stats_free(lca_ctx *ctx, lca_mcfile_stats *s);

// One indicator's factor samples (/factors/samples): x[it * n + j] is
// product j's factor in iteration it (NaN in a failed iteration), niter
// iterations, the products' ids (lca__malloc'ed; lca_mcfile_samples_free
// releases all).
typedef struct lca_mcfile_samples {
    int64_t n, niter;
    char **product_ids;  // n
    double *x;           // niter x n
} lca_mcfile_samples;

// Read them for the indicator whose id (or, with ids unset, name) is
// `indicator`. Errors: as lca_mcfile_read_stats; LCA_ERR_INVALID also
// when the run kept no samples (--no-factor-samples). On failure *s holds
// nothing to free.
lca_status lca_mcfile_read_samples(lca_ctx *ctx, const char *path,
                                   const char *indicator,
                                   lca_mcfile_samples *s);
void lca_mcfile_samples_free(lca_ctx *ctx, lca_mcfile_samples *s);

#ifdef __cplusplus
}
#endif

#endif  // LCA_MCFILE_H
