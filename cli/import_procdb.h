// cli/import_procdb.h: what `leontief import olca` and `import ecospold2`
// share (cli/import_procdb.c)
// SPDX-License-Identifier: MIT

#ifndef LCA_CLI_IMPORT_PROCDB_H
#define LCA_CLI_IMPORT_PROCDB_H

#include "import.h"

// A process-database importer: one zip archive into a model, with
// multi-output processes allocated as alloc says.
typedef lca_status (*procdb_fn)(lca_ctx *ctx, const char *zip,
                                const lca_procdb_options *opt,
                                lca_model **M);

// The options only process databases take.
#define PROCDB_HELP                                                          \
    "  --allocation METHOD    multi-output processes: none (default: all\n"  \
    "                         on the reference product, co-products linked\n" \
    "                         or cut off), mass, energy, economic, source\n" \
    "                         (the data's own factors) or substitution;\n"   \
    "                         see docs/RULES.md, \"Allocation\"\n"         \
    "  --rules DIR            per-process allocation overrides of the rule\n" \
    "                         set in DIR (docs/RULES.md)\n"                 \
    "  --provider FLOW=PROCESS  when several processes provide the flow\n" \
    "                         (ids; a \"provider tie\" in the report), link\n" \
    "                         it to this one (repeatable; default: the\n"   \
    "                         first by sorted process id)\n"              \
    "  --providers CSV        choices from a file: columns flow,process\n"  \
    "                         (docs/FORMAT.md, \"Provider choices\")\n"

// Parse "ZIP -o MODEL.h5 [options]" (help is the --help text), import
// with fn and print what the import report holds, by kind. Returns -1 to
// go on (import_finish writes the model), or an exit code.
int import_procdb(const cli_env *env, lca_ctx *ctx, int argc, char **argv,
                  import_common *common, lca_model **M, const char *help,
                  procdb_fn fn);

#endif  // LCA_CLI_IMPORT_PROCDB_H
