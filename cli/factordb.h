// cli/factordb.h: `leontief factordb build|diff`
// SPDX-License-Identifier: MIT

#ifndef LCA_CLI_FACTORDB_H
#define LCA_CLI_FACTORDB_H

#include "cli.h"

#define FDB_MAX_ARGS 256

typedef struct fdb_build_opts {
    const char *model, *out;
    const char *iterations, *seed;  // as given (passed to leontief mc)
    const char *indicator;          // the total, or NULL
    const char *from_mc;            // a finished run instead of a new one
    const char *previous;           // the release this one follows
    const char *gwp_set;
    int split_mc;  // Monte Carlo of the components too
    double threshold, trace_share, missing_score;
    long top, threads;
    const char *products[FDB_MAX_ARGS];
    int nprod;
    // Options passed to leontief mc as given ("--pedigree-fill", ...).
    const char *mc_args[FDB_MAX_ARGS];
    int nmc;
} fdb_build_opts;

// Run the build (cli/factordb_build.c: lca_fdb_build, lca/fdb_build.h);
// returns the exit code.
int fdb_build_run(const cli_env *env, const fdb_build_opts *o);
// factordb package|verify (cli/factordb_package.c).
int fdb_package(const cli_env *env, int argc, char **argv);
int fdb_verify(const cli_env *env, int argc, char **argv);

// The summary table of a release (cli/factordb_print.c): the chosen
// products, or the top ones by factor, each with its unit and full name.
void fdb_print_table(FILE *out, const lca_fdb *db, const fdb_build_opts *o,
                     const int64_t *rows, int64_t nrows);

#endif  // LCA_CLI_FACTORDB_H
