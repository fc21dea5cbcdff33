// cli/import.h: the import formats of `leontief import`
// SPDX-License-Identifier: MIT
//
// Each format is one file cli/import_<name>.c with a parse-and-read
// function; cli/cmd_import.c finds the format in the table below, and
// import_finish does what every import shares: apply a characterization
// method when asked, print the summary, write the import report CSV when
// asked, and write the model file atomically.

#ifndef LCA_CLI_IMPORT_H
#define LCA_CLI_IMPORT_H

#include <getopt.h>

#include "cli.h"

// Options every format accepts (parsed by import_common_option).
typedef struct import_common {
    const char *out;     // -o, --output
    const char *report;  // --report FILE: the import report as CSV
    const char *method;  // --method NAME|FILE.csv (issue #3)
    const char *unc_factor;  // --uncertainty-factor F (default 10)
    int keep_contradicting;  // --keep-contradicting-uncertainty
} import_common;

#define IMPORT_COMMON_OPTIONS                                   \
    {"output", required_argument, NULL, 'o'},                   \
    {"help", no_argument, NULL, 'h'},                           \
    {"report", required_argument, NULL, IMPORT_OPT_REPORT},     \
    {"method", required_argument, NULL, IMPORT_OPT_METHOD},     \
    {"uncertainty-factor", required_argument, NULL, IMPORT_OPT_UFACTOR}, \
    {"keep-contradicting-uncertainty", no_argument, NULL, IMPORT_OPT_UKEEP}

enum { IMPORT_OPT_REPORT = 200, IMPORT_OPT_METHOD = 201,
       IMPORT_OPT_UFACTOR = 202, IMPORT_OPT_UKEEP = 203 };

#define IMPORT_COMMON_HELP                                                   \
    "  -o, --output FILE   the model file to write (HDF5, atomically)\n"    \
    "  --report FILE       also write the import report (what was dropped,\n" \
    "                      cut off or not converted) as CSV\n"               \
    "  --method NAME|CSV   characterization method to use as C\n"        \
    "  --uncertainty-factor F  an uncertainty record whose support misses\n" \
    "                      its amount, or whose central value is more than\n" \
    "                      F times off it (default 10), contradicts it: it\n" \
    "                      is reported and dropped to fixed ...\n"          \
    "  --keep-contradicting-uncertainty  ... or only reported\n"

// A common option c (with optarg) into common (an import_common); -1,
// or CLI_OPT_UNKNOWN when c is not one (a cli_option_fn).
int import_common_option(const cli_env *env, int c, void *common);

// cli_getopt for a format: its own options (fn, arg: NULL when it has
// none) and the common ones.
int import_getopt(const cli_env *env, int argc, char **argv,
                  const struct option *longopts, const char *help,
                  cli_option_fn fn, void *arg, import_common *common);

// A format: read its sources from argv (argv[0] is the format name) into
// *M on ctx. Returns -1 to go on, or an exit code (help, usage, error).
typedef int (*import_fn)(const cli_env *env, lca_ctx *ctx, int argc,
                         char **argv, import_common *common, lca_model **M);

typedef struct import_format {
    const char *name;
    const char *summary;  // one line for `leontief import --help`
    import_fn run;
} import_format;

int import_useeio(const cli_env *env, lca_ctx *ctx, int argc, char **argv,
                  import_common *common, lca_model **M);
int import_mtx(const cli_env *env, lca_ctx *ctx, int argc, char **argv,
               import_common *common, lca_model **M);
int import_olca(const cli_env *env, lca_ctx *ctx, int argc, char **argv,
                import_common *common, lca_model **M);
int import_ecospold2(const cli_env *env, lca_ctx *ctx, int argc, char **argv,
                     import_common *common, lca_model **M);
int import_bw(const cli_env *env, lca_ctx *ctx, int argc, char **argv,
              import_common *common, lca_model **M);
int import_io(const cli_env *env, lca_ctx *ctx, int argc, char **argv,
              import_common *common, lca_model **M);

// Apply the method spec (a bundled name or a CSV path) to M, replacing
// its C, and print one line on what matched (cli/import_method.c).
// Returns -1 to go on, or an exit code.
int import_apply_method(const cli_env *env, lca_ctx *ctx, lca_model *M,
                        const char *spec);

// Check the parse left exactly nsrc positional arguments and -o, and that
// neither -o nor --report names an input (cli_check_outputs).
int import_check_args(const cli_env *env, int argc, char *const *argv,
                      int nsrc, const import_common *common,
                      const char *what);

#endif  // LCA_CLI_IMPORT_H
