// cli/import_procdb.h: what `leontief import olca` and `import ecospold2`
// share (cli/import_procdb.c)
// SPDX-License-Identifier: MIT

#ifndef LCA_CLI_IMPORT_PROCDB_H
#define LCA_CLI_IMPORT_PROCDB_H

#include "import.h"

// A process-database importer: one zip archive into a model.
typedef lca_status (*procdb_fn)(lca_ctx *ctx, const char *zip,
                                lca_model **M);

// Parse "ZIP -o MODEL.h5 [options]" (help is the --help text), import
// with fn and print what the import report holds, by kind. Returns -1 to
// go on (import_finish writes the model), or an exit code.
int import_procdb(const cli_env *env, lca_ctx *ctx, int argc, char **argv,
                  import_common *common, lca_model **M, const char *help,
                  procdb_fn fn);

#endif  // LCA_CLI_IMPORT_PROCDB_H
