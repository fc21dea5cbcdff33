// cli/mc_run.c: running `leontief mc`: names, signals, progress, report
// SPDX-License-Identifier: MIT
//
// The stop flag is the one piece of global state in the program: a signal
// handler can reach nothing else. The library itself only reads the flag
// through the pointer lca_mc_run is given.

#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "mc_cli.h"

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig) {
    (void)sig;
    stop_requested = 1;
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

typedef struct run_state {
    lca_mcfile *file;
    int tty;
    double t0, last;
    int64_t total, done;
} run_state;

static void progress(run_state *s, int final) {
    double t = now(), el = t - s->t0;
    if (!s->tty || (!final && t - s->last < 0.2)) return;
    s->last = t;
    double rate = el > 0 ? (double)s->done / el : 0.0;
    double eta = rate > 0 ? (double)(s->total - s->done) / rate : 0.0;
    int width = 30, fill = (int)(width * (double)s->done / (double)s->total);
    fprintf(stderr, "\r[%.*s%*s] %lld/%lld  %.1f it/s  ETA %.0f s ", fill,
            "##############################", width - fill, "",
            (long long)s->done, (long long)s->total, rate, eta);
    if (final) fputc('\n', stderr);
}

static lca_status on_block(void *arg, const lca_mc_block *b) {
    run_state *s = arg;
    lca_status st = lca_mcfile_block(s->file, b);
    s->done += b->count;
    progress(s, 0);
    return st;
}

// Unit demands for --product names, then every chosen demand's index.
static lca_status choose_demands(lca_model *M, const mc_cli_opts *o,
                                 int64_t **dem, int64_t *nd) {
    for (int i = 0; i < o->nprod; i++) {
        int64_t j;
        lca_status st = lca_model_lookup(M, LCA_PRODUCTS, o->products[i], &j);
        if (st != LCA_OK) return st;
        // Named by the product's name, or by name and id when taken.
        const char *pname = lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_NAME, j);
        const char *pid = lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_ID, j);
        char name[600];
        snprintf(name, sizeof name, "1 unit of %s", pname[0] ? pname : pid);
        double one = 1.0;
        int64_t taken;
        if (lca_model_lookup(M, LCA_DEMANDS, name, &taken) == LCA_OK) {
            snprintf(name, sizeof name, "1 unit of %s [%s]", pname, pid);
        }
        st = lca_model_add_demand(M, name, 1, &j, &one);
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
    *nind = o->nind > 0 ? o->nind : lca_model_dim(M, LCA_INDICATORS);
    *ind = malloc(sizeof **ind * (size_t)(*nind + 1));
    if (*ind == NULL) return LCA_ERR_NOMEM;
    for (int64_t r = 0; r < *nind; r++) {
        if (o->nind == 0) {
            (*ind)[r] = r;
            continue;
        }
        lca_status st = lca_model_lookup(M, LCA_INDICATORS, o->indicators[r],
                                         &(*ind)[r]);
        if (st != LCA_OK) return st;
    }
    return LCA_OK;
}

static void utc_now(char *buf, size_t size) {
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static lca_status provenance(lca_mcfile *f, const cli_env *env,
                             const mc_cli_opts *o, int threads,
                             const char *sha256) {
    char created[32];
    utc_now(created, sizeof created);
    const char *kv[][2] = {
        {"engine_version", lca_version()},
        {"git_commit", lca_git_commit()},
        {"command_line", env->command_line ? env->command_line : ""},
        {"model_file", o->model},
        {"created_utc", created},
        {"lognormal", o->mc.lognormal_mean_preserving ? "mean" : "median"},
        {"on_fail", o->mc.on_fail == LCA_MC_ABORT ? "abort" : "skip"},
        {"rng", "Philox4x32-10; key = seed, counter = (draw, entry, "
                "iteration)"},
        {"presamples_file", o->presamples ? o->presamples : ""},
    };
    lca_status st = LCA_OK;
    for (size_t i = 0; i < sizeof kv / sizeof kv[0] && st == LCA_OK; i++) {
        st = lca_mcfile_set_attr(f, kv[i][0], kv[i][1]);
    }
    if (st == LCA_OK) st = lca_mcfile_set_attr(f, "model_sha256", sha256);
    const char *ik[] = {"seed", "block_size", "threads", "pedigree_fill"};
    int64_t iv[] = {(int64_t)o->mc.seed, o->mc.block_size, threads,
                    o->mc.pedigree_fill};
    for (int i = 0; i < 4 && st == LCA_OK; i++) {
        st = lca_mcfile_set_attr_int(f, ik[i], iv[i]);
    }
    return st;
}

typedef struct mc_job {
    lca_ctx *ctx;
    lca_model *M;
    lca_presamples *ps;
    char sha256[65], ps_sha256[65];
    lca_mc *mc;
    lca_mcfile *file;
    int64_t *ind, *dem, nind, nd;
    double *factor_q, *demand_q;
    run_state rs;
    int stopped, complete;
} mc_job;

static void job_free(mc_job *j) {
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

// Append "key=value;" to buf (a fingerprint of everything that changes
// the results; threads do not).
static void fp_add(char *buf, size_t size, const char *key, const char *val) {
    size_t len = strlen(buf);
    if (len < size) snprintf(buf + len, size - len, "%s=%s;", key, val);
}

static void fp_list(char *buf, size_t size, const char *key,
                    const lca_model *M, lca_axis axis, const int64_t *sel,
                    int64_t count) {
    char v[4096] = "";
    for (int64_t i = 0; i < count; i++) {
        size_t len = strlen(v);
        snprintf(v + len, sizeof v - len, "%s%s", i ? "," : "",
                 lca_model_label(M, axis, LCA_LABEL_ID, sel[i]));
    }
    fp_add(buf, size, key, v);
}

static void fingerprint(const mc_cli_opts *o, const mc_job *j, char *buf,
                        size_t size) {
    char v[64];
    buf[0] = '\0';
    fp_add(buf, size, "model_sha256", j->sha256);
    snprintf(v, sizeof v, "%llu", (unsigned long long)o->mc.seed);
    fp_add(buf, size, "seed", v);
    snprintf(v, sizeof v, "%ld", o->iterations);
    fp_add(buf, size, "iterations", v);
    snprintf(v, sizeof v, "%lld", (long long)o->mc.block_size);
    fp_add(buf, size, "block_size", v);
    fp_add(buf, size, "lognormal",
           o->mc.lognormal_mean_preserving ? "mean" : "median");
    snprintf(v, sizeof v, "%d/%.17g", o->mc.pedigree_fill,
             o->mc.pedigree_basic_gsd);
    fp_add(buf, size, "pedigree_fill", v);
    fp_add(buf, size, "on_fail", o->mc.on_fail ? "abort" : "skip");
    fp_add(buf, size, "solver", lca_solver_kind_str(o->mc.solver.kind));
    fp_add(buf, size, "factor_samples", o->no_factor_samples ? "no" : "yes");
    fp_add(buf, size, "presamples_sha256", j->ps_sha256);
    fp_list(buf, size, "indicators", j->M, LCA_INDICATORS, j->ind, j->nind);
    fp_list(buf, size, "demands", j->M, LCA_DEMANDS, j->dem, j->nd);
}

// The engine and the file for a new run or a resumed one.
static lca_status open_run(const cli_env *env, const mc_cli_opts *o,
                           mc_job *j, const lca_mc_options *opt) {
    char fp[8192];
    fingerprint(o, j, fp, sizeof fp);
    lca_status st = lca_mc_create(j->M, opt, &j->mc);
    if (st != LCA_OK) return st;
    // With its options, --resume starts the run when there is nothing to
    // resume yet: a batch script can run one command line every time.
    int resume = o->resume != NULL &&
                 (o->resume_alone || lca_mcfile_has_checkpoint(o->out));
    if (resume) {
        st = lca_mcfile_resume(o->out, j->M, opt, fp, !o->no_factor_samples,
                               j->mc, &j->file);
    } else {
        st = lca_mcfile_create(o->out, j->M, opt, fp, o->argc, o->argv,
                               !o->no_factor_samples, &j->file);
        if (st == LCA_OK) st = lca_mcfile_start(j->file, j->mc);
    }
    if (st == LCA_OK) {
        st = provenance(j->file, env, o, lca_ctx_nthreads(j->ctx),
                        j->sha256);
    }
    return st;
}

// Read the model and set up the engine and the file: nothing runs yet.
static int job_setup(const cli_env *env, const mc_cli_opts *o, mc_job *j) {
    if (o->resume != NULL && !o->resume_alone &&
        !lca_mcfile_has_checkpoint(o->out) && access(o->out, F_OK) == 0) {
        fprintf(stderr, "leontief mc: %s is complete: nothing to resume\n",
                o->out);
        j->complete = 1;
        return CLI_EXIT_OK;
    }
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
    lca_mc_options opt = o->mc;
    opt.nind = j->nind;
    opt.ind = j->ind;
    opt.nd = j->nd;
    opt.demands = j->dem;
    opt.keep_factors = !o->no_factor_samples;
    opt.presamples = j->ps;
    st = open_run(env, o, j, &opt);
    if (st != LCA_OK) return cli_fail_in(env, j->ctx, st, o->model);
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

// Waves of blocks until done or stopped, with a checkpoint every
// checkpoint_every iterations or checkpoint_seconds.
static lca_status run_waves(const mc_cli_opts *o, mc_job *j) {
    int64_t wave = (int64_t)lca_ctx_nthreads(j->ctx) * o->mc.block_size;
    int64_t next = lca_mc_next(j->mc), last_ckpt = next;
    // Testing aid (documented in docs/HPC.md): behave as if a signal came
    // once this many iterations are done.
    const char *env_stop = getenv("LEONTIEF_MC_STOP_AFTER");
    long long stop_after = env_stop != NULL ? atoll(env_stop) : -1;
    double t_ckpt = now();
    lca_status st = LCA_OK;
    while (next < o->iterations && !stop_requested && st == LCA_OK) {
        int64_t upto = next + wave < o->iterations ? next + wave
                                                   : o->iterations;
        st = lca_mc_run(j->mc, next, upto, on_block, &j->rs, NULL);
        next = lca_mc_next(j->mc);
        if (stop_after >= 0 && next >= stop_after) stop_requested = 1;
        if (st == LCA_OK && next < o->iterations &&
            (next - last_ckpt >= o->checkpoint_every ||
             now() - t_ckpt >= o->checkpoint_seconds || stop_requested)) {
            st = lca_mcfile_checkpoint(j->file, j->mc);
            last_ckpt = next;
            t_ckpt = now();
        }
    }
    return st;
}

static int job_run(const cli_env *env, const mc_cli_opts *o, mc_job *j) {
    struct sigaction sa, old_int, old_term;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    stop_requested = 0;
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    j->rs.file = j->file;
    j->rs.tty = isatty(STDERR_FILENO);
    j->rs.t0 = now();
    j->rs.total = o->iterations;
    j->rs.done = lca_mc_next(j->mc);
    lca_status st = run_waves(o, j);
    progress(&j->rs, 1);
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    if (st != LCA_OK) return cli_fail_in(env, j->ctx, st, o->model);
    j->stopped = lca_mc_next(j->mc) < o->iterations;
    if (j->stopped) {
        fprintf(stderr, "leontief mc: stopped by a signal after %lld of %lld "
                "iterations; checkpoint kept: resume with 'leontief mc "
                "--resume %s'\n", (long long)lca_mc_next(j->mc),
                (long long)o->iterations, o->out);
        lca_mcfile_set_attr_int(j->file, "stopped_early", 1);
        if (o->no_partial) {
            st = lca_mcfile_checkpoint(j->file, j->mc);
            return st == LCA_OK ? -1 : cli_fail(env, j->ctx, st, 1);
        }
    }
    st = lca_mcfile_finish(&j->file, j->mc, j->factor_q, j->demand_q,
                           j->stopped);
    if (st != LCA_OK) return cli_fail(env, j->ctx, st, 1);
    return -1;
}

static void print_json(const mc_cli_opts *o, const mc_job *j, int rc,
                       double seconds) {
    const char *status = j->complete                ? "done"
                         : rc == CLI_EXIT_OK          ? "done"
                         : rc == CLI_EXIT_RESUMABLE ? "resumable"
                         : rc == CLI_EXIT_INPUT     ? "failed_input"
                         : rc == CLI_EXIT_NUMERIC   ? "failed_numeric"
                                                    : "failed";
    int64_t done = j->mc ? lca_mc_done(j->mc) : 0;
    int64_t failed = j->mc ? lca_mc_nfailed(j->mc) : 0;
    printf("{\"status\":\"%s\",\"exit_code\":%d,\"output\":\"%s\","
           "\"iterations_planned\":%ld,\"iterations_done\":%lld,"
           "\"iterations_failed\":%lld,\"seed\":%llu,\"seconds\":%.3f}\n",
           status, rc, o->out ? o->out : "", o->iterations, (long long)done,
           (long long)failed, (unsigned long long)o->mc.seed, seconds);
}

int mc_cli_run(const cli_env *env, const mc_cli_opts *o) {
    mc_job j;
    memset(&j, 0, sizeof j);
    if (lca_ctx_create(&j.ctx) != LCA_OK) {
        return cli_fail(env, NULL, LCA_ERR_NOMEM, 0);
    }
    if (o->threads > 0) lca_ctx_set_nthreads(j.ctx, (int)o->threads);
    double t0 = now();
    int rc = job_setup(env, o, &j);
    if (rc < 0) rc = job_run(env, o, &j);
    if (rc < 0) {
        FILE *out = o->json ? stderr : stdout;
        if (!(j.stopped && o->no_partial)) {
            mc_report(out, o, j.M, j.mc, j.ind, j.nind, j.dem, j.nd,
                      j.demand_q, j.factor_q, now() - t0,
                      lca_ctx_nthreads(j.ctx));
        }
        rc = j.stopped ? CLI_EXIT_RESUMABLE : CLI_EXIT_OK;
    }
    if (o->json) print_json(o, &j, rc, now() - t0);
    job_free(&j);
    return rc;
}
