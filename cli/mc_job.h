// cli/mc_job.h: one `leontief mc` job, shared by the single-process runner
// (cli/mc_run.c) and the MPI runner (cli/mc_mpi_run.c)
// SPDX-License-Identifier: MIT
//
// Files including this define _POSIX_C_SOURCE 200809L first (sigaction).
// The steps return -1 to go on, or the exit code to end with (having
// printed the message). Under MPI every rank reads the model and builds its
// lca_mc; only rank 0 opens the results file (mc_job_open_file).

#ifndef LCA_CLI_MC_JOB_H
#define LCA_CLI_MC_JOB_H

#include <signal.h>

#include "mc_cli.h"

// Progress of a run, and where its blocks go (the lca_mc_block_fn arg).
typedef struct mc_progress {
    lca_mcfile *file;
    int tty;
    double t0, last;
    int64_t total, done;
    // Set by mc_progress_block when the run should pause after the blocks
    // it has started: a signal, the testing aid, or (deadline > 0) a
    // checkpoint that is due by time. lca_mc_run reads it.
    volatile int pause;
    double deadline;
    long long stop_after;
} mc_progress;

typedef struct mc_job {
    lca_ctx *ctx;
    lca_model *M;
    lca_presamples *ps;
    char sha256[65], ps_sha256[65];
    lca_mc *mc;
    lca_mcfile *file;
    int64_t *ind, *dem, nind, nd;
    double *factor_q, *demand_q;
    mc_progress rs;
    int stopped, complete;
    int created;  // this run made the checkpoint folder
    // Time in the iteration loop of this invocation (not reading the model,
    // the analysis or writing the results) and the iterations it ran.
    double loop_seconds;
    int64_t loop_iterations;
    int mpi_ranks;  // 0 without MPI: recorded as a provenance attribute
} mc_job;

// --resume onto a finished results file: says so, sets j->complete, and
// returns CLI_EXIT_OK; -1 otherwise.
int mc_job_check_complete(const cli_env *env, const mc_cli_opts *o,
                          mc_job *j);

// Hash and read the model, choose indicators and demands, read the
// presamples.
int mc_job_read(const cli_env *env, const mc_cli_opts *o, mc_job *j);

// What the run is, for its results file and fingerprint (borrowing o, j
// and opt, the options of mc_job_options).
void mc_job_spec(const cli_env *env, const mc_cli_opts *o, const mc_job *j,
                 const lca_mc_options *opt, lca_mc_spec *spec);

// The engine options of this job (borrowing j's selections).
void mc_job_options(const mc_cli_opts *o, const mc_job *j,
                    lca_mc_options *opt);

// Create the results file (or resume it, restoring j->mc) and allocate
// the quantile arrays: rank 0's part of the setup. j->mc must exist.
int mc_job_open_file(const cli_env *env, const mc_cli_opts *o, mc_job *j,
                     const lca_mc_options *opt);

// After the waves: say why a run stopped, then finish (or, with
// --no-partial, only checkpoint) the results file.
int mc_job_finish(const cli_env *env, const mc_cli_opts *o, mc_job *j);

void mc_job_free(mc_job *j);

// ---- run-time helpers (cli/mc_run.c) ----------------------------------------

double mc_now(void);
void mc_progress_show(mc_progress *s, int final);

// An lca_mc_block_fn: append the block to s->file and show progress.
lca_status mc_progress_block(void *s, const lca_mc_block *b);

// SIGINT, SIGTERM and SIGUSR1 (which mpirun passes on to every rank,
// unlike SIGTERM) set the stop flag from mc_signals_catch until
// mc_signals_restore; mc_stop_requested reads it.
typedef struct mc_signals {
    struct sigaction old_int, old_term, old_usr1;
} mc_signals;
void mc_signals_catch(mc_signals *s);
void mc_signals_restore(const mc_signals *s);
int mc_stop_requested(void);
void mc_request_stop(void);
const volatile int *mc_stop_flag(void);

// After a run that failed for good, remove its checkpoint (it would only
// block the next run): always after a numerical failure (4: a resume
// fails again at the same iteration), and for the other failures (1, 3)
// when this run made the folder. A stopped run (75) and a failed write
// (5: resume once there is room) keep theirs.
void mc_job_drop_checkpoint(mc_job *j, int rc);

// LEONTIEF_MC_STOP_AFTER (a testing aid): behave as if a signal came once
// this many iterations are done; -1 when unset.
long long mc_stop_after(void);

// LEONTIEF_MC_SIGNAL_AT=read|assembly (a testing aid): raise SIGTERM when
// the model starts to be read, or the results to be assembled.
void mc_signal_at(const char *moment);

// Is a checkpoint due after iteration next (the last one at last_ckpt,
// t_ckpt seconds)? Also when stopping with iterations left.
// A failure while iterating: writing a block or a checkpoint (LCA_ERR_IO:
// exit 5, the output; the checkpoints before it stay) or the engine (the
// model's file named; exit 3 or 4). Prints the message, returns the code.
int mc_fail_run(const cli_env *env, const mc_job *j, lca_status st,
                const char *model);

int mc_checkpoint_due(const mc_cli_opts *o, int64_t next, int64_t last_ckpt,
                      double t_ckpt, int stopping);

#ifdef LCA_HAVE_MPI
// The job on every MPI rank (cli/mc_mpi_run.c): returns -1 on rank 0 when
// the run finished or stopped and the report is due, else the exit code.
// *workers becomes the number of threads over all ranks.
int mc_mpi_job(const cli_env *env, const mc_cli_opts *o, mc_job *j,
               int *workers);
#endif

#endif  // LCA_CLI_MC_JOB_H
