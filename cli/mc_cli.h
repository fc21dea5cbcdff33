// cli/mc_cli.h: the `leontief mc` command's options and runner
// SPDX-License-Identifier: MIT

#ifndef LCA_CLI_MC_H
#define LCA_CLI_MC_H

#include "cli.h"

#define MC_MAX_NAMES 1024

typedef struct mc_cli_opts {
    const char *model, *out;
    long iterations, threads;
    int seed_given, all_demands, no_factor_samples;
    int split;                 // --split: also the split components
    const char *resume;        // --resume OUT: continue that run
    int resume_alone;          // --resume was the only option
    long checkpoint_every;     // iterations between checkpoints
    double checkpoint_seconds; // or seconds, whichever comes first
    int no_partial, json;
    int quiet;                 // no summary (leontief factordb prints its own)
    int argc;                  // the arguments, recorded for --resume
    char **argv;
    const char *demand_set;
    const char *presamples;  // CSV of correlated samples, or NULL
    const char *indicators[MC_MAX_NAMES];
    const char *demands[MC_MAX_NAMES];
    const char *products[MC_MAX_NAMES];
    int nind, ndem, nprod;
    lca_mc_options mc;
} mc_cli_opts;

// Parse `mc ARGS...` into *o (defaults first); -1 to go on, else the
// exit code (a usage error printed).
int mc_cli_parse(const cli_env *env, int argc, char **argv, mc_cli_opts *o);

// UMFPACK's dense updates on the calling thread (cli/mc_run.c).
void mc_blas_on_calling_thread(void);

// Read, run, write, report; returns the exit code.
int mc_cli_run(const cli_env *env, const mc_cli_opts *o);

// The summary (cli/mc_report.c): top products by mean factor of the first
// indicator with sd and 95 % interval, and the demands' distributions.
// demand_q: mean, sd, quantiles ((2 + LCA_MC_NQUANTILES) x nd x nind);
// factor_q: quantiles (LCA_MC_NQUANTILES x nind x n).
void mc_report(FILE *out, const mc_cli_opts *o, const lca_model *M,
               const lca_mc *mc, const int64_t *ind, int64_t nind,
               const int64_t *dem, int64_t nd, const double *demand_q,
               const double *factor_q, double seconds, int threads);

#endif  // LCA_CLI_MC_H
