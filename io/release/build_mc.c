// io/release/build_mc.c: the Monte Carlo run of a release build
// SPDX-License-Identifier: MIT
//
// As `leontief mc` runs one: lca_mc in waves, each block appended to the
// results file (lca_mcfile_block), a durable checkpoint when
// checkpoint_seconds have passed or a stop came, the file assembled at
// the end (lca_mcfile_finish). Results depend on the model, the seed and
// the options, never on the threads or where checkpoints fell.

#define _POSIX_C_SOURCE 200809L  // clock_gettime

#include <string.h>
#include <time.h>

#include "engine/ctx_impl.h"
#include "io/release/build_impl.h"
#include "lca/export.h"
#include "lca/presamples.h"

typedef struct wave {
    lca_mcfile *file;
    const lca_fdb_build_options *opt;
    int64_t done;
    double deadline;
    volatile int pause;  // lca_mc_run's stop: pause after started blocks
} wave;

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int stop_set(const lca_fdb_build_options *o) {
    return o->stop != NULL && *o->stop != 0;
}

// lca_mc_block_fn: append the block, report progress, pause when a stop
// came or a checkpoint is due.
static lca_status on_block(void *arg, const lca_mc_block *b) {
    wave *w = arg;
    lca_status st = lca_mcfile_block(w->file, b);
    w->done += b->count;
    const lca_fdb_build_options *o = w->opt;
    if (o->progress != NULL) {
        o->progress(o->progress_arg, w->done, o->iterations, 0);
    }
    if (stop_set(o) || now() >= w->deadline) w->pause = 1;
    return st;
}

// Blocks until done or stopped, a checkpoint every checkpoint_seconds.
static lca_status waves(wave *w, lca_mc *mc) {
    const lca_fdb_build_options *o = w->opt;
    int64_t n = o->iterations, next = lca_mc_next(mc);
    double t_ckpt = now();
    lca_status st = LCA_OK;
    while (next < n && !stop_set(o) && st == LCA_OK) {
        w->pause = 0;
        w->deadline = t_ckpt + o->checkpoint_seconds;
        st = lca_mc_run(mc, next, n, on_block, w, &w->pause);
        next = lca_mc_next(mc);
        if (st == LCA_OK && next < n &&
            (now() - t_ckpt >= o->checkpoint_seconds || stop_set(o))) {
            st = lca_mcfile_checkpoint(w->file, mc);
            t_ckpt = now();
        }
    }
    if (o->progress != NULL) {
        o->progress(o->progress_arg, w->done, o->iterations, 1);
    }
    return st;
}

// Assemble the results file; a stopped run writes its partial results
// whole and keeps its checkpoint; a stop during the assembly leaves the
// checkpoint complete (stopped, no file).
static lca_status finish(lca__fdb_run *run, lca_mc *mc, lca_mcfile **file) {
    lca_ctx *ctx = lca_model_ctx(run->M);
    run->done = lca_mc_next(mc);
    run->stopped = run->done < run->opt->iterations;
    if (run->stopped) {
        lca_mcfile_set_attr_int(*file, "stopped_early", 1);
        lca_mcfile_set_stop(*file, NULL);
    }
    lca_status st = lca_mcfile_finish(file, mc, NULL, NULL, run->stopped);
    if (st != LCA_OK && stop_set(run->opt) && !run->stopped) {
        run->stopped = 1;
        return LCA_OK;
    }
    if (st != LCA_OK || run->stopped || lca_mc_done(mc) > 0 ||
        lca_mc_nfailed(mc) == 0) {
        return st;
    }
    return lca__fail(ctx, LCA_ERR_SOLVER,
                     "all %lld iterations failed, so there are no "
                     "statistics (NaN in %s; /failures gives each "
                     "iteration's reason)",
                     (long long)lca_mc_nfailed(mc), run->path);
}

// Create the results file and its first checkpoint.
static lca_status open_file(lca__fdb_run *run, const lca_mc_options *mo,
                            const lca_mc *mc, const char *ps_sha256,
                            lca_mcfile **file) {
    const lca_fdb_build_options *o = run->opt;
    int argc = 0;
    char *const *argv = NULL;
    if (o->resume_args != NULL) {
        o->resume_args(o->resume_args_arg, run->M, mo, run->path, &argc,
                       &argv);
    }
    lca_mc_spec spec = {
        .M = run->M,
        .opt = mo,
        .iterations = o->iterations,
        .model_file = run->model_file,
        .model_sha256 = run->model_sha256,
        .presamples_file = o->presamples,
        .presamples_sha256 = ps_sha256,
        .command_line = o->command_line,
        .mpi_ranks = 0,
        .argc = argc,
        .argv = argv,
        .mc = mc,
    };
    lca_status st = lca_mcfile_create(run->path, &spec, file);
    if (st == LCA_OK) st = lca_mcfile_start(*file, mc);
    return st;
}

lca_status lca__fdb_run_mc(lca__fdb_run *run) {
    lca_ctx *ctx = lca_model_ctx(run->M);
    const lca_fdb_build_options *o = run->opt;
    lca_presamples *ps = NULL;
    lca_mc *mc = NULL;
    lca_mcfile *file = NULL;
    char ps_sha256[65] = "";
    lca_mc_options mo = o->mc;
    mo.nind = run->nind;
    mo.ind = run->ind;
    mo.nd = run->nd;
    mo.demands = run->dem;
    mo.keep_factors = 1;  // the factor quantiles need the samples
    lca_status st = LCA_OK;
    if (o->presamples != NULL) {
        st = lca_file_sha256(ctx, o->presamples, ps_sha256);
        if (st == LCA_OK) {
            st = lca_presamples_read_csv(run->M, o->presamples, &ps);
        }
        if (st != LCA_OK) goto done;
    }
    mo.presamples = ps;
    st = lca_mc_create(run->M, &mo, &mc);
    if (st != LCA_OK) goto done;
    st = open_file(run, &mo, mc, ps_sha256, &file);
    if (st != LCA_OK) goto done;
    if (stop_set(o)) {  // before the first iteration: resume from 0
        run->stopped = 1;
        lca_mcfile_destroy(&file);
        goto done;
    }
    lca_mcfile_set_stop(file, o->stop);
    wave w = {.file = file, .opt = o, .done = lca_mc_next(mc)};
    st = waves(&w, mc);
    if (st == LCA_OK) st = finish(run, mc, &file);
done:
    lca_mcfile_discard(&file);  // a failed run: nothing worth resuming
    lca_mc_destroy(&mc);
    lca_presamples_destroy(&ps);
    return st;
}
