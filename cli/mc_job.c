// cli/mc_job.c: setting up one `leontief mc` job and finishing it
// SPDX-License-Identifier: MIT
//
// Names become indices (demands, indicators), the options an lca_mc_spec
// (whose fingerprint a checkpoint must match to be resumed), and the
// results file is created or resumed. The runners (cli/mc_run.c, and
// cli/mc_mpi_run.c under MPI) call these steps in order.

#define _POSIX_C_SOURCE 200809L

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lca/method.h"
#include "mc_job.h"

// Unit demands for --product names, then every chosen demand's index.
static lca_status choose_demands(lca_model *M, const mc_cli_opts *o,
                                 int64_t **dem, int64_t *nd) {
    for (int i = 0; i < o->nprod; i++) {
        int64_t j;
        lca_status st = lca_model_lookup(M, LCA_PRODUCTS, o->products[i], &j);
        if (st != LCA_OK) return st;
        st = lca_model_add_unit_demand(M, j);
        if (st != LCA_OK) return st;
    }
    int64_t ndem = lca_model_dim(M, LCA_DEMANDS), set_n = 0;
    const int64_t *set = NULL;
    if (o->demand_set != NULL) {
        int64_t s;
        lca_status st = lca_model_lookup_demand_set(M, o->demand_set, &s);
        if (st != LCA_OK) return st;
        set = lca_model_demand_set(M, s, &set_n);
    }
    int64_t cap = ndem + set_n + o->ndem + 1;
    *dem = malloc(sizeof **dem * (size_t)cap);
    if (*dem == NULL) return LCA_ERR_NOMEM;
    *nd = 0;
    for (int64_t i = 0; i < set_n; i++) (*dem)[(*nd)++] = set[i];
    for (int i = 0; i < o->ndem; i++) {
        lca_status st = lca_model_lookup(M, LCA_DEMANDS, o->demands[i],
                                         &(*dem)[*nd]);
        if (st != LCA_OK) return st;
        (*nd)++;
    }
    int64_t first_unit = ndem - o->nprod;
    for (int64_t j = o->all_demands ? 0 : first_unit; j < ndem; j++) {
        (*dem)[(*nd)++] = j;
    }
    return LCA_OK;
}

static lca_status choose_indicators(const lca_model *M, const mc_cli_opts *o,
                                    int64_t **ind, int64_t *nind) {
    int64_t k = lca_model_dim(M, LCA_INDICATORS);
    *nind = o->nind > 0 ? o->nind : k;
    *ind = malloc(sizeof **ind * (size_t)(*nind + 1));
    if (*ind == NULL) return LCA_ERR_NOMEM;
    if (o->nind == 0) {  // all, but split components only with --split
        *nind = 0;
        for (int64_t i = 0; i < k; i++) {
            if (o->split || !lca_split_is_component(M, i)) (*ind)[(*nind)++] = i;
        }
        return LCA_OK;
    }
    for (int64_t r = 0; r < *nind; r++) {
        lca_status st = lca_model_lookup(M, LCA_INDICATORS, o->indicators[r],
                                         &(*ind)[r]);
        if (st != LCA_OK) return st;
    }
    return LCA_OK;
}

void mc_job_free(mc_job *j) {
    lca_mcfile_destroy(&j->file);
    lca_mc_destroy(&j->mc);
    lca_presamples_destroy(&j->ps);
    lca_model_destroy(&j->M);
    free(j->ind);
    free(j->dem);
    free(j->factor_q);
    free(j->demand_q);
    lca_ctx_destroy(&j->ctx);
}

void mc_job_spec(const cli_env *env, const mc_cli_opts *o, const mc_job *j,
                 const lca_mc_options *opt, lca_mc_spec *spec) {
    *spec = (lca_mc_spec){
        .M = j->M,
        .opt = opt,
        .iterations = o->iterations,
        .model_file = o->model,
        .model_sha256 = j->sha256,
        .presamples_file = o->presamples,
        .presamples_sha256 = j->ps_sha256,
        .command_line = env->command_line,
        .mpi_ranks = j->mpi_ranks,
        .argc = o->argc,
        .argv = o->argv,
        .mc = j->mc,
    };
}

int mc_job_open_file(const cli_env *env, const mc_cli_opts *o, mc_job *j,
                     const lca_mc_options *opt) {
    lca_mc_spec spec;
    mc_job_spec(env, o, j, opt, &spec);
    // With its options, --resume starts the run when there is nothing to
    // resume yet: a batch script can run one command line every time.
    int resume = o->resume != NULL &&
                 (o->resume_alone || lca_mcfile_has_checkpoint(o->out));
    lca_status st;
    if (resume) {
        st = lca_mcfile_resume(o->out, &spec, j->mc, &j->file);
        if (st != LCA_OK) return cli_fail_in(env, j->ctx, st, o->model);
    } else {
        // The folder exists (3: another run's) or cannot be made (5), or
        // the first checkpoint cannot be written (5: the folder is gone).
        st = lca_mcfile_create(o->out, &spec, &j->file);
        if (st == LCA_ERR_IO) return cli_fail(env, j->ctx, st, 1);
        if (st != LCA_OK) return cli_fail_in(env, j->ctx, st, o->model);
        j->created = 1;
        st = lca_mcfile_start(j->file, j->mc);
        if (st != LCA_OK) return cli_fail(env, j->ctx, st, 1);
    }
    size_t n = (size_t)lca_model_dim(j->M, LCA_PRODUCTS);
    j->factor_q = malloc(sizeof(double) * LCA_MC_NQUANTILES *
                         (size_t)j->nind * n + 1);
    j->demand_q = malloc(sizeof(double) * (2 + LCA_MC_NQUANTILES) *
                         (size_t)(j->nd * j->nind) + 1);
    if (j->factor_q == NULL || j->demand_q == NULL) {
        return cli_fail(env, NULL, LCA_ERR_NOMEM, 0);
    }
    return -1;
}

int mc_job_check_complete(const cli_env *env, const mc_cli_opts *o,
                          mc_job *j) {
    (void)env;
    if (o->resume != NULL && !o->resume_alone &&
        !lca_mcfile_has_checkpoint(o->out) && access(o->out, F_OK) == 0) {
        fprintf(stderr, "leontief mc: %s is complete: nothing to resume\n",
                o->out);
        j->complete = 1;
        return CLI_EXIT_OK;
    }
    return -1;
}

int mc_job_read(const cli_env *env, const mc_cli_opts *o, mc_job *j) {
    // Hash first: the recorded hash must be of the file that was read.
    lca_status st = lca_file_sha256(j->ctx, o->model, j->sha256);
    if (st == LCA_OK) st = lca_model_read(j->ctx, o->model, &j->M);
    if (st != LCA_OK) return cli_fail_in(env, j->ctx, st, o->model);
    st = choose_indicators(j->M, o, &j->ind, &j->nind);
    if (st == LCA_OK) st = choose_demands(j->M, o, &j->dem, &j->nd);
    if (st != LCA_OK) return cli_fail_in(env, j->ctx, st, o->model);
    if (o->presamples != NULL) {
        st = lca_file_sha256(j->ctx, o->presamples, j->ps_sha256);
        if (st == LCA_OK) st = lca_presamples_read_csv(j->M, o->presamples,
                                                       &j->ps);
        if (st != LCA_OK) return cli_fail_in(env, j->ctx, st, o->presamples);
    }
    return -1;
}

void mc_job_options(const mc_cli_opts *o, const mc_job *j,
                    lca_mc_options *opt) {
    *opt = o->mc;
    opt->nind = j->nind;
    opt->ind = j->ind;
    opt->nd = j->nd;
    opt->demands = j->dem;
    opt->keep_factors = !o->no_factor_samples;
    opt->presamples = j->ps;
}

// Every iteration failed: the file is written (its /failures say why, its
// statistics are NaN), but the run is a numerical failure, not a result.
static int all_failed(const mc_cli_opts *o, const mc_job *j) {
    int64_t failed = lca_mc_nfailed(j->mc);
    if (j->stopped || lca_mc_done(j->mc) > 0 || failed == 0) return -1;
    fprintf(stderr, "leontief mc: error: all %lld iterations failed, so "
            "there are no statistics (NaN in %s; /failures gives each "
            "iteration's reason)\n", (long long)failed, o->out);
    return CLI_EXIT_NUMERIC;
}

int mc_job_finish(const cli_env *env, const mc_cli_opts *o, mc_job *j) {
    j->stopped = lca_mc_next(j->mc) < o->iterations;
    if (j->stopped) {
        fprintf(stderr, "leontief mc: stopped by a signal after %lld of %lld "
                "iterations; checkpoint kept: resume with 'leontief mc "
                "--resume %s'\n", (long long)lca_mc_next(j->mc),
                (long long)o->iterations, o->out);
        lca_mcfile_set_attr_int(j->file, "stopped_early", 1);
        if (o->no_partial) {
            lca_status st = lca_mcfile_checkpoint(j->file, j->mc);
            return st == LCA_OK ? -1 : mc_fail_run(env, j, st, o->model);
        }
    }
    // A stopped run writes its partial results whole (the signal that
    // stopped it must not also stop that: --no-partial skips it instead).
    if (j->stopped) lca_mcfile_set_stop(j->file, NULL);
    mc_signal_at("assembly");
    lca_status st = lca_mcfile_finish(&j->file, j->mc, j->factor_q,
                                      j->demand_q, j->stopped);
    if (st != LCA_OK && mc_stop_requested() && !j->stopped) {
        fprintf(stderr, "leontief mc: stopped by a signal while writing %s; "
                "the checkpoint is complete: resume with 'leontief mc "
                "--resume %s'\n", o->out, o->out);
        j->stopped = 1;
        return CLI_EXIT_RESUMABLE;
    }
    if (st != LCA_OK) return mc_fail_run(env, j, st, o->model);
    return all_failed(o, j);
}

void mc_job_drop_checkpoint(mc_job *j, int rc) {
    if (rc == CLI_EXIT_NUMERIC ||
        (j->created && (rc == CLI_EXIT_INTERNAL || rc == CLI_EXIT_INPUT))) {
        lca_mcfile_discard(&j->file);
    }
}
