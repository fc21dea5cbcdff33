// cli/run.h: one calculation run shared by `solve` and `factors`
// SPDX-License-Identifier: MIT

#ifndef LCA_CLI_RUN_H
#define LCA_CLI_RUN_H

#include <stdint.h>

#include "cli.h"

#define RUN_MAX_NAMES 256

typedef struct run_opts {
    const char *model_path, *out_path;
    int want_factors, want_demands;
    const char *demands[RUN_MAX_NAMES];
    int ndemands;
    const char *demand_set;
    const char *indicators[RUN_MAX_NAMES];
    int nindicators;
    const char *flows[RUN_MAX_NAMES];
    int nflows;
    int write_supply, write_inventory;
    int by_product;  // --by-product: contributions of each product
    long top;
    long threads;
    lca_solver_kind kind;
} run_opts;

// Everything a run computed, for the writer and the report.
typedef struct run_data {
    char started[32], finished[32];  // ISO 8601 UTC
    char model_sha256[65];           // of the model file, when read
    int64_t n, m, k;
    int64_t nind, *ind;  // selected indicators
    int64_t nfl, *fl;    // selected flows
    int64_t nd, *dem;    // selected demands
    double *N, *D, *Mf;  // nind x n, nind x n, nfl x n (row-major)
    double *S, *G, *H;   // n x nd, m x nd, k x nd (column-major)
    // --by-product, nd x k x n (C order): Pt[j][i][p] = N(i,p) f_p
    // (consumption-based), Pd[j][i][p] = D(i,p) s_p (production-based).
    double *Pt, *Pd;
    lca_factor_info finfo;
    double backward_error;
    int threads;
    double seconds_factor, seconds_solve;
} run_data;

// Parse solve/factors options into o (defaults already set by the caller).
// Returns -1 when the run should proceed, else an exit code (help, usage).
int run_parse(const cli_env *env, int argc, char **argv, run_opts *o,
              const char *help);

// Run and write; returns the exit code.
int run_calc(const cli_env *env, const run_opts *o);

// cli/report.c: the short tables on stdout.
void run_report(const run_opts *o, const lca_model *M, const run_data *d);

#endif  // LCA_CLI_RUN_H
