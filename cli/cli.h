// cli/cli.h: what the leontief subcommands share
// SPDX-License-Identifier: MIT

#ifndef LCA_CLI_H
#define LCA_CLI_H

#include <stdio.h>

#include "lca.h"

// Exit codes (documented in README.md and `leontief --help`).
enum {
    CLI_EXIT_OK = 0,
    CLI_EXIT_INTERNAL = 1,  // out of memory or a bug
    CLI_EXIT_USAGE = 2,     // bad command line
    CLI_EXIT_INPUT = 3,     // bad input: file, content, unknown name
    CLI_EXIT_NUMERIC = 4,   // singular or failed numerics
    CLI_EXIT_OUTPUT = 5,    // the output could not be written
    CLI_EXIT_RESUMABLE = 75,  // stopped by a signal; resume to finish
};

// The command line as one string, for provenance.
typedef struct cli_env {
    const char *argv0;
    char *command_line;
    const char *cmd;  // subcommand name, for messages
} cli_env;

// Print "leontief CMD: error: [FILE: ]<ctx message>" and return the exit
// code for status st; output is 1 when the failure happened writing the
// output. file (may be NULL) is named unless the message already does.
int cli_fail(const cli_env *env, lca_ctx *ctx, lca_status st, int output);
int cli_fail_in(const cli_env *env, lca_ctx *ctx, lca_status st,
                const char *file);

// Print "leontief CMD: <fmt>" for usage errors and return CLI_EXIT_USAGE.
int cli_usage_error(const cli_env *env, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

// Print warning text for a positive status (if any) to stderr.
void cli_warn(const cli_env *env, lca_ctx *ctx, lca_status st);

// A value and its index, sorted for "top N" tables by cli_ranked_desc:
// largest value first, ties by lower index (so the order is stable).
typedef struct cli_ranked {
    double value;
    int64_t j;
} cli_ranked;
int cli_ranked_desc(const void *a, const void *b);

// A usage error when an output (outs[0..nouts), NULL entries skipped) is
// the same file (device and inode) as any other argument of the command
// line, or as another output: -o naming the model would replace it with
// the results. -1 when all are distinct.
int cli_check_outputs(const cli_env *env, int argc, char *const *argv,
                      const char *const *outs, int nouts);
// The same, where argument `also` (one of argv's pointers, or NULL) names
// an output too, not an input: mc's `-o OUT --resume OUT`.
int cli_check_outputs_but(const cli_env *env, int argc, char *const *argv,
                          const char *const *outs, int nouts,
                          const char *also);

// Parse a positive integer option value; -1 if invalid or out of range
// (a value past LONG_MAX is refused, not clamped).
long cli_parse_count(const char *s);

// Parse --threads: 1..LCA_MAX_THREADS into *threads (-1), else a usage
// error naming the range (its exit code).
int cli_parse_threads(const cli_env *env, const char *s, long *threads);

// What a cli_option_fn returns for an option it does not know: cli_getopt
// reports it as "unknown or incomplete option".
#define CLI_OPT_UNKNOWN (-2)

// One option c (its value in optarg) into the command's options arg: -1 to
// go on, an exit code to stop, or CLI_OPT_UNKNOWN.
typedef int (*cli_option_fn)(const cli_env *env, int c, void *arg);

// The getopt_long loop the subcommands share (it resets optind and
// opterr): -h, when help is not NULL, prints help and returns CLI_EXIT_OK;
// an unknown or incomplete option is a usage error naming it; any other
// option goes to fn. -1 when all options are read (the operands start at
// argv[optind]), else the exit code.
struct option;
int cli_getopt(const cli_env *env, int argc, char **argv,
               const char *shortopts, const struct option *longopts,
               const char *help, cli_option_fn fn, void *arg);

// The same with several option handlers, asked in turn until one knows c
// (options shared by a family of commands, then the command's own).
typedef struct cli_opt_handler {
    cli_option_fn fn;
    void *arg;
} cli_opt_handler;
int cli_getopt_chain(const cli_env *env, int argc, char **argv,
                     const char *shortopts, const struct option *longopts,
                     const char *help, const cli_opt_handler *h, int nh);

// The subcommands.
int cli_info(const cli_env *env, int argc, char **argv);
int cli_solve(const cli_env *env, int argc, char **argv);
int cli_factors(const cli_env *env, int argc, char **argv);
int cli_import(const cli_env *env, int argc, char **argv);
int cli_mc(const cli_env *env, int argc, char **argv);
int cli_export(const cli_env *env, int argc, char **argv);
int cli_factordb(const cli_env *env, int argc, char **argv);
// EU CBAM embedded emissions (cli/cmd_cbam.c).
int cli_cbam(const cli_env *env, int argc, char **argv);
// Analysis (cli/analysis/): contributions, tree, paths, sensitivity.
int cli_contrib(const cli_env *env, int argc, char **argv);
int cli_tree(const cli_env *env, int argc, char **argv);
int cli_paths(const cli_env *env, int argc, char **argv);
int cli_sensitivity(const cli_env *env, int argc, char **argv);
int cli_pcf(const cli_env *env, int argc, char **argv);
int cli_pact(const cli_env *env, int argc, char **argv);
int cli_grade(const cli_env *env, int argc, char **argv);

#endif  // LCA_CLI_H
