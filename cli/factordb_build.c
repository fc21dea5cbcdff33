// cli/factordb_build.c: `leontief factordb build`: one lca_fdb_build call
// SPDX-License-Identifier: MIT
//
// The job is the library's (lca/fdb_build.h). Here: the Monte Carlo
// options parsed as `leontief mc` parses them, the signals that stop the
// run (exit 75, with how to resume), its progress bar, the arguments a
// stopped run records for `leontief mc --resume`, the exit code of a
// failure, and the summary table.

#define _POSIX_C_SOURCE 200809L

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "factordb.h"
#include "lca/fdb_build.h"
#include "mc_job.h"
#ifdef LCA_HAVE_MPI
#include "mc_mpi.h"
#endif

#define NFIXED 9

// What the callbacks of a build need.
typedef struct fdb_cli {
    const fdb_build_opts *o;
    mc_progress rs;
    const char *args[FDB_MAX_ARGS * 5 + 64];  // the recorded mc arguments
    char threads[32];
} fdb_cli;

// An indicator's id, or its name when the model has no ids.
static const char *indicator_key(const lca_model *M, int64_t i) {
    const char *id = lca_model_label(M, LCA_INDICATORS, LCA_LABEL_ID, i);
    return id[0] != '\0'
               ? id
               : lca_model_label(M, LCA_INDICATORS, LCA_LABEL_NAME, i);
}

// The run as `leontief mc` arguments, so that `leontief mc --resume
// MC.h5` can finish a stopped one: mc MODEL -n N --seed S -o MC.h5
// --quiet --indicator TOTAL [--product P ...] [--indicator COMPONENT ...]
// [--threads T] [the passed options].
static void record_args(void *arg, const lca_model *M,
                        const lca_mc_options *mc, const char *mc_path,
                        int *argc, char *const **argv) {
    fdb_cli *c = arg;
    const fdb_build_opts *o = c->o;
    int n = 0;
    const char *fixed[NFIXED] = {"mc", o->model, "-n", o->iterations,
                                 "--seed", o->seed, "-o", mc_path, "--quiet"};
    for (int i = 0; i < NFIXED; i++) c->args[n++] = fixed[i];
    c->args[n++] = "--indicator";
    c->args[n++] = indicator_key(M, mc->ind[0]);
    for (int i = 0; i < o->nprod; i++) {
        c->args[n++] = "--product";
        c->args[n++] = o->products[i];
    }
    for (int64_t j = 1; j < mc->nind && j <= FDB_MAX_ARGS; j++) {
        c->args[n++] = "--indicator";
        c->args[n++] = indicator_key(M, mc->ind[j]);
    }
    if (o->threads > 0) {
        snprintf(c->threads, sizeof c->threads, "%ld", o->threads);
        c->args[n++] = "--threads";
        c->args[n++] = c->threads;
    }
    for (int i = 0; i < o->nmc; i++) c->args[n++] = o->mc_args[i];
    c->args[n] = NULL;
    *argc = n;
    *argv = (char *const *)c->args;
}

// The progress bar (on a terminal), and LEONTIEF_MC_STOP_AFTER.
static void progress(void *arg, int64_t done, int64_t total, int final) {
    fdb_cli *c = arg;
    c->rs.done = done;
    c->rs.total = total;
    mc_progress_show(&c->rs, final);
    if (c->rs.stop_after >= 0 && done >= c->rs.stop_after) mc_request_stop();
}

// The Monte Carlo options, parsed as `leontief mc` parses them.
static int mc_options(const cli_env *env, const fdb_build_opts *o,
                      lca_fdb_build_options *bo) {
    const char *args[FDB_MAX_ARGS + NFIXED + 1];
    const char *fixed[NFIXED] = {"mc", o->model, "-n", o->iterations,
                                 "--seed", o->seed, "-o", o->out, "--quiet"};
    int n = 0;
    for (int i = 0; i < NFIXED; i++) args[n++] = fixed[i];
    for (int i = 0; i < o->nmc; i++) args[n++] = o->mc_args[i];
    args[n] = NULL;
    mc_cli_opts *mo = malloc(sizeof *mo);
    if (mo == NULL) return cli_fail(env, NULL, LCA_ERR_NOMEM, 0);
    int rc = mc_cli_parse(env, n, (char **)args, mo);
    bo->iterations = mo->iterations;
    bo->mc = mo->mc;
    bo->presamples = mo->presamples;
    bo->checkpoint_seconds = mo->checkpoint_seconds;
    free(mo);
    return rc;
}

// The exit code of a failure, with its message.
static int failed(const cli_env *env, const fdb_build_opts *o, lca_ctx *ctx,
                  lca_status st, const lca_fdb_build_result *r) {
    switch (r->step) {
    case LCA_FDB_STEP_TOTAL:
        if (st == LCA_ERR_NOTFOUND && o->indicator == NULL) {
            fprintf(stderr, "leontief %s: error: %s: %s (--indicator)\n",
                    env->cmd, o->model, lca_ctx_errmsg(ctx));
            return CLI_EXIT_USAGE;
        }
        return cli_fail_in(env, ctx, st, o->model);
    case LCA_FDB_STEP_OUTPUT: return cli_fail(env, ctx, st, 1);
    case LCA_FDB_STEP_FROM_MC: return cli_fail_in(env, ctx, st, o->from_mc);
    case LCA_FDB_STEP_PREVIOUS: return cli_fail_in(env, ctx, st, o->previous);
    case LCA_FDB_STEP_OPTIONS: return cli_fail(env, ctx, st, 0);
    default: return cli_fail_in(env, ctx, st, o->model);
    }
}

// A stopped run: how to finish it and build the release from it.
static int stopped(const cli_env *env, const fdb_build_opts *o,
                   const lca_fdb_build_result *r, int64_t iterations) {
    if (r->mc_done < iterations) {
        fprintf(stderr, "leontief mc: stopped by a signal after %lld of "
                "%lld iterations; checkpoint kept: resume with 'leontief mc "
                "--resume %s'\n", (long long)r->mc_done,
                (long long)iterations, r->mc_path);
    } else {  // while the results were assembled
        fprintf(stderr, "leontief mc: stopped by a signal while writing %s; "
                "the checkpoint is complete: resume with 'leontief mc "
                "--resume %s'\n", r->mc_path, r->mc_path);
    }
    fprintf(stderr,
            "leontief %s: the Monte Carlo run was stopped and "
            "can be finished with\n  leontief mc --resume %s\nand the "
            "release then built with\n  leontief factordb build %s "
            "--from-mc %s -o %s\n",
            env->cmd, r->mc_path, o->model, r->mc_path, o->out);
    return CLI_EXIT_RESUMABLE;
}

// The rows of the table: the --product ones, or the largest factors.
static int table_rows(const cli_env *env, const fdb_build_opts *o,
                      const lca_fdb_build_result *r, int64_t **rows,
                      int64_t *n) {
    int64_t np = lca_fdb_nrecords(r->db);
    int64_t want = o->nprod > 0 ? o->nprod : (o->top < np ? o->top : np);
    *rows = malloc(sizeof **rows * (size_t)(want + 1));
    cli_ranked *rk = malloc(sizeof *rk * (size_t)(np + 1));
    if (*rows == NULL || rk == NULL) {
        free(rk);
        return cli_fail(env, NULL, LCA_ERR_NOMEM, 0);
    }
    for (int i = 0; i < o->nprod; i++) (*rows)[i] = r->products[i];
    const double *f = lca_fdb_num_get(r->db, LCA_FDB_FACTOR);
    for (int64_t j = 0; j < np; j++) rk[j] = (cli_ranked){f[j], j};
    qsort(rk, (size_t)np, sizeof *rk, cli_ranked_desc);
    for (int64_t i = o->nprod; i < want; i++) (*rows)[i] = rk[i].j;
    *n = want;
    free(rk);
    return -1;
}

static int report(const cli_env *env, const fdb_build_opts *o,
                  const lca_fdb_build_result *r) {
    int64_t *rows = NULL, nrows = 0;
    int rc = table_rows(env, o, r, &rows, &nrows);
    if (rc >= 0) return rc;
    if (o->previous != NULL) {
        printf("against %s: %lld unchanged (ids kept), %lld changed, %lld "
               "added, %lld removed; %lld to re-issue (threshold %g %%)\n",
               o->previous, (long long)r->count[0], (long long)r->count[1],
               (long long)r->count[2], (long long)r->count[3],
               (long long)r->reissue, 100 * o->threshold);
    }
    fdb_print_table(stdout, r->db, o, rows, nrows);
    printf("written: %s/ (%lld records; files and hashes in "
           "manifest.json)\n",
           o->out, (long long)lca_fdb_nrecords(r->db));
    free(rows);
    return CLI_EXIT_OK;
}

static void set_options(const cli_env *env, const fdb_build_opts *o,
                        fdb_cli *c, lca_fdb_build_options *bo) {
    bo->split_mc = o->split_mc;
    bo->from_mc = o->from_mc;
    bo->indicator = o->indicator;
    bo->nproducts = o->nprod;
    bo->products = o->products;
    bo->trace_min_share = o->trace_share;
    bo->missing_score = o->missing_score;
    bo->gwp_set = o->gwp_set;
    bo->previous = o->previous;
    bo->threshold = o->threshold;
    bo->command_line = env->command_line;
    bo->resume_args = record_args;
    bo->resume_args_arg = c;
    bo->stop = mc_stop_flag();
    bo->progress = progress;
    bo->progress_arg = c;
    c->o = o;
    c->rs.tty = isatty(STDERR_FILENO);
    c->rs.t0 = mc_now();
    c->rs.stop_after = mc_stop_after();
}

int fdb_build_run(const cli_env *env, const fdb_build_opts *o) {
#ifdef LCA_HAVE_MPI
    if (mc_mpi_size() > 1) {
        fprintf(stderr,
                "leontief %s: error: factordb build runs in one "
                "process; under MPI run leontief mc, then factordb build "
                "--from-mc\n",
                env->cmd);
        return CLI_EXIT_USAGE;
    }
#endif
    lca_fdb_build_options bo;
    lca_fdb_build_options_default(&bo);
    int rc = o->from_mc == NULL ? mc_options(env, o, &bo) : -1;
    if (rc >= 0) return rc;
    fdb_cli *c = calloc(1, sizeof *c);
    lca_ctx *ctx = NULL;
    if (c == NULL || lca_ctx_create(&ctx) != LCA_OK) {
        free(c);
        return cli_fail(env, NULL, LCA_ERR_NOMEM, 0);
    }
    if (o->threads > 0) lca_ctx_set_nthreads(ctx, (int)o->threads);
    set_options(env, o, c, &bo);
    mc_blas_on_calling_thread();
    // SIGTERM, SIGINT, SIGUSR1 stop the Monte Carlo run cleanly (75).
    mc_signals sig;
    mc_signals_catch(&sig);
    lca_fdb_build_result r;
    lca_status st = lca_fdb_build(ctx, o->model, o->out, &bo, &r);
    mc_signals_restore(&sig);
    if (r.warning != NULL) {
        fprintf(stderr, "leontief %s: warning: %s\n", env->cmd, r.warning);
    }
    if (st < 0) {
        rc = failed(env, o, ctx, st, &r);
    } else if (r.stopped) {
        rc = stopped(env, o, &r, bo.iterations);
    } else {
        rc = report(env, o, &r);
    }
    lca_fdb_build_result_free(ctx, &r);
    lca_ctx_destroy(&ctx);
    free(c);
    return rc;
}
