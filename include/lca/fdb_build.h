// include/lca/fdb_build.h: a factor-database release in one call
// SPDX-License-Identifier: MIT
//
// lca_fdb_build is the job of `leontief factordb build` and of
// leontief.factordb.build in Python (docs/FACTORDB.md):
//
//     lca_fdb_build_options o;
//     lca_fdb_build_options_default(&o);
//     o.iterations = 2000;
//     o.mc.seed = 2024;
//     lca_fdb_build_result r;
//     lca_status st = lca_fdb_build(ctx, "db.h5", "release-2025", &o, &r);
//     ... r.db: the records as published; r.count: against o.previous
//     lca_fdb_build_result_free(ctx, &r);
//
// The steps, in order (each names in r.step where it failed):
//
//   model     hash and read model_file (lca_file_sha256, lca_model_read)
//   total     o.indicator (id or name), else the model's split total or
//             only indicator (lca_fdb_find_total); its components from
//             the split tags (lca_fdb_find_components); a unit demand
//             "1 unit of NAME" per o.products (id or name) for the run
//   output    the staging folder beside outdir (lca_release_create:
//             outdir must not exist; a release is never overwritten)
//   mc        the Monte Carlo (lca/mc.h) of the total (and, with
//             split_mc, of each component) into STAGING/montecarlo.h5
//             (lca/mcfile.h), the products' demands paired, a checkpoint
//             every checkpoint_seconds; or, with o.from_mc, that finished
//             run of the same model, copied in
//   records   lca_fdb_create, then the run's statistics
//             (lca_fdb_set_mc_file)
//   previous  ids carried from the release o.previous (lca_fdb_diff)
//   publish   ids (lca_fdb_set_ids), provenance, files, manifest
//             (lca_release_write), rename into place (lca_release_commit)
//
// The folder appears whole or not at all: on any failure the staging
// folder is removed and outdir does not exist, except after a stop.
//
// A stop: when *o.stop becomes nonzero during the Monte Carlo run, the
// run finishes the blocks it started, writes its partial results file
// and keeps its checkpoint, nothing is published, the staging folder is
// kept, and lca_fdb_build returns LCA_OK with r.stopped set and r.mc_path
// the run's file: resume the run (lca_mcfile_resume, or `leontief mc
// --resume MC_PATH` with the arguments o.resume_args recorded), then
// build with o.from_mc = that file. A stop requested after the run is not
// seen: the release is finished.
//
// Threads: lca_ctx_nthreads of ctx (results identical for any number).

#ifndef LCA_FDB_BUILD_H
#define LCA_FDB_BUILD_H

#include <stdint.h>

#include "lca/factordb.h"
#include "lca/mc.h"
#include "lca/release.h"

#ifdef __cplusplus
extern "C" {
#endif

// The arguments a run records in its checkpoint so that a program can
// resume it (lca_mc_spec.argc, argv): called once before the run starts
// with the model (after the demands of `products` are added), the run's
// options (mc->ind: the total first, then the components) and the path
// of the results file. Set *argc and *argv (borrowed: they must stay
// valid until lca_fdb_build returns), or leave them 0 and NULL.
typedef void (*lca_fdb_args_fn)(void *arg, const lca_model *M,
                                const lca_mc_options *mc, const char *mc_path,
                                int *argc, char *const **argv);

// After every block of the run, and once more (final = 1) after the run.
typedef void (*lca_fdb_progress_fn)(void *arg, int64_t done, int64_t total,
                                    int final);

typedef struct lca_fdb_build_options {
    // The Monte Carlo run (without from_mc): iterations (>= 1) and the
    // options of lca_mc_create (seed, block_size, pedigree fill,
    // lognormal, on_fail, solver, iter); nind, ind, nd, demands,
    // keep_factors and presamples are set by the build.
    int64_t iterations;  // 0: none given, an error without from_mc
    lca_mc_options mc;
    const char *presamples;     // presamples CSV (lca/presamples.h), or NULL
    double checkpoint_seconds;  // a durable checkpoint this often (60)
    int split_mc;               // statistics of the components too (0)
    const char *from_mc;        // a finished run of the model instead, or
                                // NULL (with it, iterations, split_mc and
                                // presamples must stay 0 / NULL; the
                                // run's options are ignored)
    // The records.
    const char *indicator;  // the total's id or name, or NULL (above)
    int64_t nproducts;      // products (ids or names) scored as paired
    const char *const *products;  // demands; r.products gives their records
    double trace_min_share;       // lca_fdb_options (0.01)
    double missing_score;         // 1..5 (5)
    const char *gwp_set;          // NULL: the indicator's name
    const char *previous;         // the release this one follows, or NULL
    double threshold;             // re-issue threshold (0.10)
    // Provenance (the manifest; the run's results file).
    const char *command_line;     // NULL: ""
    lca_fdb_args_fn resume_args;  // NULL: no arguments recorded
    void *resume_args_arg;
    // Run time.
    const volatile int *stop;  // NULL: never stop
    lca_fdb_progress_fn progress;  // NULL: none
    void *progress_arg;
} lca_fdb_build_options;

void lca_fdb_build_options_default(lca_fdb_build_options *opt);

// Where a build failed (the input at fault; or the output).
typedef enum lca_fdb_build_step {
    LCA_FDB_STEP_NONE = 0,      // it did not
    LCA_FDB_STEP_OPTIONS = 1,   // the options (LCA_ERR_ARG)
    LCA_FDB_STEP_MODEL = 2,     // reading model_file; a product not in it
    LCA_FDB_STEP_TOTAL = 3,     // choosing the total indicator
    LCA_FDB_STEP_OUTPUT = 4,    // the release folder or a file in it
    LCA_FDB_STEP_MC = 5,        // the Monte Carlo run (numerical failure;
                                // LCA_ERR_IO: its results file)
    LCA_FDB_STEP_FROM_MC = 6,   // the finished run opt->from_mc
    LCA_FDB_STEP_RECORDS = 7,   // the records of the model (lca_fdb_create)
    LCA_FDB_STEP_PREVIOUS = 8,  // the release opt->previous
} lca_fdb_build_step;

typedef struct lca_fdb_build_result {
    lca_fdb *db;          // the published records (NULL unless published)
    int64_t *products;    // the records of opt->products (nproducts)
    int64_t iterations;   // successful Monte Carlo iterations
    int64_t count[4];     // records against opt->previous, per
                          // lca_fdb_change (all 0 without previous)
    int64_t reissue;      // of those, to re-issue
    int stopped;          // a stop came: nothing published (top of file)
    int64_t mc_done;      // iterations the stopped run finished
    char *mc_path;        // when stopped: where the run's results file
                          // (or, stopped before any block, its
                          // checkpoint) is kept; else NULL
    char *warning;        // a warning's message (ill-conditioned), or NULL
    lca_fdb_build_step step;  // where it failed
} lca_fdb_build_result;

// Build the release outdir of the model file model_file (above). *res is
// always set; free it with lca_fdb_build_result_free.
// Returns LCA_OK or LCA_WARN_ILLCOND (res->warning says which).
// Errors (res->step names the step; the message names the file):
// LCA_ERR_ARG (options: opt or res NULL; iterations < 1 without
// from_mc; from_mc with iterations, split_mc or presamples;
// trace_min_share outside 0..1, missing_score outside 1..5, threshold < 0
// or NaN, checkpoint_seconds <= 0, a NULL or empty product name;
// step OPTIONS), LCA_ERR_NOTFOUND (an
// unknown indicator, or no split total among several: step TOTAL; an
// unknown product: step MODEL), LCA_ERR_INVALID (several split totals, a from_mc run of
// another model, a malformed previous release), LCA_ERR_IO (reading the
// inputs; outdir exists or cannot be written: step OUTPUT),
// LCA_ERR_SINGULAR, LCA_ERR_SOLVER (every iteration failed: step MC),
// LCA_ERR_NOMEM.
lca_status lca_fdb_build(lca_ctx *ctx, const char *model_file,
                         const char *outdir, const lca_fdb_build_options *opt,
                         lca_fdb_build_result *res);

void lca_fdb_build_result_free(lca_ctx *ctx, lca_fdb_build_result *res);

#ifdef __cplusplus
}
#endif

#endif  // LCA_FDB_BUILD_H
