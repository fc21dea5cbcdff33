// cli/mc_run.c: running `leontief mc`: signals, progress, waves, report
// SPDX-License-Identifier: MIT
//
// The stop flag is the one piece of global state in the program: a signal
// handler can reach nothing else. The library itself only reads the flag
// through the pointer lca_mc_run is given. Built with MPI (LCA_HAVE_MPI)
// and started on several ranks, the job runs in cli/mc_mpi_run.c instead,
// on every rank; on one rank it runs here.

#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "mc_job.h"
#ifdef LCA_HAVE_MPI
#include "mc_mpi.h"
#endif

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig) {
    (void)sig;
    stop_requested = 1;
}

void mc_signals_catch(mc_signals *s) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &s->old_int);
    sigaction(SIGTERM, &sa, &s->old_term);
    sigaction(SIGUSR1, &sa, &s->old_usr1);
}

void mc_signals_restore(const mc_signals *s) {
    sigaction(SIGINT, &s->old_int, NULL);
    sigaction(SIGTERM, &s->old_term, NULL);
    sigaction(SIGUSR1, &s->old_usr1, NULL);
}

int mc_stop_requested(void) { return stop_requested != 0; }

// The flag as the library reads it (lca_mcfile_set_stop): sig_atomic_t is
// int on every platform this builds on.
_Static_assert(sizeof(sig_atomic_t) == sizeof(int), "sig_atomic_t is int");
const volatile int *mc_stop_flag(void) {
    return (const volatile int *)&stop_requested;
}

void mc_request_stop(void) { stop_requested = 1; }

// Testing aid (documented in docs/HPC.md): SIGTERM at a chosen moment.
void mc_signal_at(const char *moment) {
    const char *at = getenv("LEONTIEF_MC_SIGNAL_AT");
    if (at != NULL && strcmp(at, moment) == 0) raise(SIGTERM);
}

// Testing aid (documented in docs/HPC.md).
long long mc_stop_after(void) {
    const char *env_stop = getenv("LEONTIEF_MC_STOP_AFTER");
    return env_stop != NULL ? atoll(env_stop) : -1;
}

double mc_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void mc_progress_show(mc_progress *s, int final) {
    double t = mc_now(), el = t - s->t0;
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

lca_status mc_progress_block(void *arg, const lca_mc_block *b) {
    mc_progress *s = arg;
    lca_status st = lca_mcfile_block(s->file, b);
    s->done += b->count;
    mc_progress_show(s, 0);
    if (stop_requested || (s->stop_after >= 0 && s->done >= s->stop_after) ||
        (s->deadline > 0 && mc_now() >= s->deadline)) {
        s->pause = 1;
    }
    return st;
}

int mc_fail_run(const cli_env *env, const mc_job *j, lca_status st,
                const char *model) {
    if (st != LCA_ERR_IO) return cli_fail_in(env, j->ctx, st, model);
    // Disk full or a write error: the last checkpoint is intact.
    fprintf(stderr, "leontief %s: error: %s (the last checkpoint is kept: "
            "once the output can be written, resume with --resume)\n",
            env->cmd, lca_ctx_errmsg(j->ctx));
    return CLI_EXIT_OUTPUT;
}

int mc_checkpoint_due(const mc_cli_opts *o, int64_t next, int64_t last_ckpt,
                      double t_ckpt, int stopping) {
    return next < o->iterations &&
           ((o->checkpoint_every > 0 &&
             next - last_ckpt >= o->checkpoint_every) ||
            mc_now() - t_ckpt >= o->checkpoint_seconds || stopping);
}

// Read the model and set up the engine and the file: nothing runs yet.
static int job_setup(const cli_env *env, const mc_cli_opts *o, mc_job *j) {
    mc_signal_at("read");
    int rc = mc_job_check_complete(env, o, j);
    if (rc < 0) rc = mc_job_read(env, o, j);
    if (rc >= 0) return rc;
    lca_mc_options opt;
    mc_job_options(o, j, &opt);
    lca_status st = lca_mc_create(j->M, &opt, &j->mc);
    if (st != LCA_OK) return cli_fail_in(env, j->ctx, st, o->model);
    return mc_job_open_file(env, o, j, &opt);
}

// Blocks until done or stopped, with a checkpoint every checkpoint_every
// iterations (each lca_mc_run covers that many) or checkpoint_seconds (the
// block callback pauses the run).
static lca_status run_waves(const mc_cli_opts *o, mc_job *j) {
    int64_t bs = o->mc.block_size;
    int64_t span = o->checkpoint_every > 0
                       ? (o->checkpoint_every + bs - 1) / bs * bs
                       : o->iterations;
    int64_t next = lca_mc_next(j->mc), last_ckpt = next;
    j->rs.stop_after = mc_stop_after();
    double t_ckpt = mc_now();
    lca_status st = LCA_OK;
    while (next < o->iterations && !stop_requested && st == LCA_OK) {
        int64_t upto = o->iterations - next > span ? next + span
                                                   : o->iterations;
        j->rs.pause = 0;
        j->rs.deadline = t_ckpt + o->checkpoint_seconds;
        st = lca_mc_run(j->mc, next, upto, mc_progress_block, &j->rs,
                        &j->rs.pause);
        next = lca_mc_next(j->mc);
        if (j->rs.stop_after >= 0 && next >= j->rs.stop_after) {
            stop_requested = 1;
        }
        if (st == LCA_OK &&
            mc_checkpoint_due(o, next, last_ckpt, t_ckpt, stop_requested)) {
            st = lca_mcfile_checkpoint(j->file, j->mc);
            last_ckpt = next;
            t_ckpt = mc_now();
        }
    }
    return st;
}

static int job_run(const cli_env *env, const mc_cli_opts *o, mc_job *j) {
    j->rs.file = j->file;
    j->rs.tty = isatty(STDERR_FILENO);
    j->rs.t0 = mc_now();
    j->rs.total = o->iterations;
    j->rs.done = lca_mc_next(j->mc);
    int64_t start = j->rs.done;
    lca_status st = run_waves(o, j);
    j->loop_seconds = mc_now() - j->rs.t0;
    j->loop_iterations = lca_mc_next(j->mc) - start;
    mc_progress_show(&j->rs, 1);
    if (st != LCA_OK) return mc_fail_run(env, j, st, o->model);
    return mc_job_finish(env, o, j);
}

// A signal during the model reading or the set-up: stop before the first
// iteration (the first checkpoint, when written, can be resumed).
static int stopped_in_setup(const mc_cli_opts *o, mc_job *j) {
    fprintf(stderr, "leontief mc: stopped by a signal before the first "
            "iteration%s; run the same command again (--resume %s)\n",
            j->file != NULL ? " (checkpoint kept)" : "", o->out);
    j->stopped = 1;
    return CLI_EXIT_RESUMABLE;
}

static int job(const cli_env *env, const mc_cli_opts *o, mc_job *j) {
    int rc = job_setup(env, o, j);
    // A failure after a signal is the signal's (an interrupted read).
    if (rc != CLI_EXIT_OK && stop_requested) return stopped_in_setup(o, j);
    if (rc < 0) lca_mcfile_set_stop(j->file, mc_stop_flag());
    return rc < 0 ? job_run(env, o, j) : rc;
}

// s as a JSON string (RFC 8259 §7): quotes, backslash and control
// characters escaped, other bytes as they are (paths are bytes, not
// always UTF-8; a reader that insists on UTF-8 gets what the user typed).
static void print_json_string(const char *s) {
    putchar('"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\') {
            printf("\\%c", *p);
        } else if (*p < 0x20) {
            printf("\\u%04x", *p);
        } else {
            putchar(*p);
        }
    }
    putchar('"');
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
    lca_mc_state s;
    memset(&s, 0, sizeof s);
    if (j->mc != NULL) s = lca_mc_get_state(j->mc);
    lca_mc_solver path = j->mc ? lca_mc_get_solver_info(j->mc).chosen
                               : o->mc.iter.solver;
    printf("{\"status\":\"%s\",\"exit_code\":%d,\"output\":", status, rc);
    print_json_string(o->out ? o->out : "");
    printf(",\"iterations_planned\":%ld,\"iterations_done\":%lld,"
           "\"iterations_failed\":%lld,\"seed\":%llu,\"seconds\":%.3f,"
           "\"loop_seconds\":%.3f,\"loop_iterations\":%lld,\"threads\":%d,"
           "\"ranks\":%d,\"mc_solver\":\"%s\",\"iterations_iterative\":%lld,"
           "\"iterations_fallback\":%lld,\"krylov_iterations\":%lld}\n",
           o->iterations, (long long)done,
           (long long)failed, (unsigned long long)o->mc.seed, seconds,
           j->loop_seconds, (long long)j->loop_iterations,
           lca_ctx_nthreads(j->ctx), j->mpi_ranks > 0 ? j->mpi_ranks : 1,
           lca_mc_solver_str(path), (long long)s.niterative,
           (long long)s.nfallback, (long long)s.nkrylov);
}

// Debian's OpenBLAS runs a pool of its own threads. Monte Carlo keeps every
// core busy with iterations already, and threads that call a multi-threaded
// OpenBLAS at the same time queue on its server lock (measured on the
// eco-shaped model: 2 threads slower than 1). So UMFPACK's dense updates
// run on the thread of their iteration. The reference is weak: with
// another BLAS the function is absent and nothing is changed.
void openblas_set_num_threads(int nthreads) __attribute__((weak));

void mc_blas_on_calling_thread(void) {
    if (openblas_set_num_threads != NULL) openblas_set_num_threads(1);
}

int mc_cli_run(const cli_env *env, const mc_cli_opts *o) {
    mc_blas_on_calling_thread();
    mc_job j;
    memset(&j, 0, sizeof j);
    if (lca_ctx_create(&j.ctx) != LCA_OK) {
        return cli_fail(env, NULL, LCA_ERR_NOMEM, 0);
    }
    if (o->threads > 0) lca_ctx_set_nthreads(j.ctx, (int)o->threads);
    // From the start: SIGTERM while the model is read or the results are
    // assembled stops as cleanly as during the iterations (exit 75).
    mc_signals sig;
    mc_signals_catch(&sig);
    double t0 = mc_now();
    int workers = lca_ctx_nthreads(j.ctx);
#ifdef LCA_HAVE_MPI
    // Several ranks split the work (cli/mc_mpi_run.c); one runs as here.
    int rc = mc_mpi_size() > 1 ? mc_mpi_job(env, o, &j, &workers)
                               : job(env, o, &j);
#else
    int rc = job(env, o, &j);
#endif
    if (rc < 0) {
        FILE *out = o->json ? stderr : stdout;
        if (!(j.stopped && o->no_partial) && !o->quiet) {
            mc_report(out, o, j.M, j.mc, j.ind, j.nind, j.dem, j.nd,
                      j.demand_q, j.factor_q, mc_now() - t0, workers);
        }
        rc = j.stopped ? CLI_EXIT_RESUMABLE : CLI_EXIT_OK;
    }
    mc_job_drop_checkpoint(&j, rc);
    if (o->json) print_json(o, &j, rc, mc_now() - t0);
    mc_job_free(&j);
    mc_signals_restore(&sig);
    return rc;
}
