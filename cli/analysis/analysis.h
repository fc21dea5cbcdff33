// cli/analysis/analysis.h: what contrib, tree, paths and sensitivity share
// SPDX-License-Identifier: MIT
//
// Each command: parse options, read the model, resolve the product or
// demand and the indicators, factorize once, call the library, print its
// tables and write them (HDF5 and/or CSV, all or nothing).

#ifndef LCA_CLI_ANALYSIS_H
#define LCA_CLI_ANALYSIS_H

#include <stdint.h>
#include <stdio.h>

#include "cli/cli.h"

#define AN_MAX_IND 64

// Options every analysis command takes.
typedef struct an_opts {
    const char *model_path, *out_path, *csv_dir;
    const char *product, *demand;  // exactly one
    double amount;                 // of the product (default 1)
    const char *indicators[AN_MAX_IND];
    int nindicators;
    long threads;
    lca_solver_kind kind;
} an_opts;

// The model, its calculation and the resolved names.
typedef struct an_run {
    lca_ctx *ctx;
    lca_model *M;
    lca_calc *c;
    int64_t demand;          // index of the demand (a unit demand added for
                             // --product)
    double *f;               // the demand, densely (n)
    int64_t nind, ind[AN_MAX_IND];
    char sha256[65], started[32];
    char label[600];         // "1 kg of Electricity [id]" for headings
    char msg[600];           // an error found here, not in the library
} an_run;

// Parse one of the common options (c from getopt_long with an_long_opts
// ids below, its value in optarg) into o (an an_opts); returns -1 when
// handled, an exit code on a usage error, or CLI_OPT_UNKNOWN when c is not
// a common option.
enum {
    AN_OPT_PRODUCT = 1000, AN_OPT_DEMAND, AN_OPT_AMOUNT, AN_OPT_INDICATOR,
    AN_OPT_CSV, AN_OPT_THREADS, AN_OPT_SOLVER,
};
#define AN_COMMON_LONG_OPTS                                     \
    {"output", required_argument, NULL, 'o'},                   \
    {"help", no_argument, NULL, 'h'},                           \
    {"product", required_argument, NULL, AN_OPT_PRODUCT},       \
    {"demand", required_argument, NULL, AN_OPT_DEMAND},         \
    {"amount", required_argument, NULL, AN_OPT_AMOUNT},         \
    {"indicator", required_argument, NULL, AN_OPT_INDICATOR},   \
    {"csv", required_argument, NULL, AN_OPT_CSV},               \
    {"threads", required_argument, NULL, AN_OPT_THREADS},       \
    {"solver", required_argument, NULL, AN_OPT_SOLVER}

// The help lines of the common options (the analysis commands' help).
#define AN_PRODUCT_HELP \
    "  --product NAME       the product: an id, id:ID, a name, or NAME [Q]\n" \
    "                       with a qualifier (README, \"Names\")\n" \
    "  --amount X           how much of it (default 1, in its unit)\n" \
    "  --demand NAME        a demand vector of the model instead\n"
#define AN_OUTPUT_HELP \
    "  -o, --output FILE    also write the tables as HDF5 (atomically)\n" \
    "  --csv DIR            ... and/or as CSV files in DIR\n" \
    "  --solver KIND        auto (default), sparse or dense\n"

void an_opts_default(an_opts *o);
int an_parse_common(const cli_env *env, int c, void *o);

// The Monte Carlo options of contrib --mc and sensitivity, after the
// command's own in its long options.
enum { AN_OPT_SEED = 1050, AN_OPT_FILL, AN_OPT_MEAN };
#define AN_MC_LONG_OPTS                                          \
    {"seed", required_argument, NULL, AN_OPT_SEED},              \
    {"pedigree-fill", no_argument, NULL, AN_OPT_FILL},           \
    {"mean-preserving", no_argument, NULL, AN_OPT_MEAN}
#define AN_MC_HELP \
    "  --seed S             Monte Carlo seed (default 1)\n" \
    "  --pedigree-fill      as 'leontief mc'\n" \
    "  --mean-preserving    as 'leontief mc'\n"
typedef struct an_mc {
    int64_t seed;  // default 1
    int fill, mean_preserving;
} an_mc;
// One of them into mc (an an_mc): -1, an exit code, or CLI_OPT_UNKNOWN.
int an_parse_mc(const cli_env *env, int c, void *mc);
// Monte Carlo options for r's demand and first indicator.
void an_mc_options(const an_mc *mc, const an_opts *o, const an_run *r,
                   lca_mc_options *mo);

// The getopt loop of an analysis command: the common options into o, then
// those of mc (may be NULL), then the command's own (fn, arg); -1 or the
// exit code. an_parse_finish checks what it read.
int an_getopt(const cli_env *env, int argc, char **argv,
              const struct option *longopts, const char *help, an_opts *o,
              an_mc *mc, cli_option_fn fn, void *arg);
// After getopt: one model file, one of --product/--demand.
int an_parse_finish(const cli_env *env, int argc, char **argv, int optind_,
                    an_opts *o);
// Parse a number in (lo, hi) (open interval) or a count >= min for an
// option; exit code on a usage error, -1 when fine.
int an_parse_share(const cli_env *env, const char *opt, const char *s,
                   double *x);
int an_parse_int(const cli_env *env, const char *opt, const char *s,
                 int64_t min, int64_t *x);

// Read and resolve everything, factorize; -1 on success, else an exit code
// (the error printed). max_ind: how many indicators the command takes.
int an_run_start(const cli_env *env, const an_opts *o, int max_ind,
                 an_run *r);
void an_run_end(an_run *r);

// "1 USD of X [id], GHG (Greenhouse Gases): 0.36 kg CO2-eq" for indicator
// position i, then extra (may be "") and a newline.
void an_print_heading(const an_run *r, int64_t i, double h, const char *extra);

// Write tables to -o and --csv (when given); an exit code or -1.
int an_write(const cli_env *env, const an_opts *o, an_run *r,
             const char *analysis, int64_t nt, const lca_table *const *t);

// ---- printing (cli/analysis/print.c) ----------------------------------------

// AN_RANK: an int printed blank when 0 (the rest row).
typedef enum an_fmt { AN_NUM, AN_PCT, AN_INT, AN_TEXT, AN_RANK } an_fmt;
typedef struct an_col {
    const char *col;     // the table's column
    const char *header;  // what to print above it
    an_fmt fmt;
} an_col;

// Print rows first..first+rows-1 (to the end when rows < 0) of the given
// columns, aligned;
// the last column is never padded or cut (put names there). indent (may
// be NULL): an int column whose value indents the last column by two
// spaces per unit (the tree).
void an_print(FILE *f, const lca_table *t, const an_col *cols, int nc,
              int64_t first, int64_t rows, const char *indent);

#endif  // LCA_CLI_ANALYSIS_H
