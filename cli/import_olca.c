// cli/import_olca.c: `leontief import olca ZIP`
// SPDX-License-Identifier: MIT

#include "import_procdb.h"

static const char help[] =
    "usage: leontief import olca ZIP -o MODEL.h5 [options]\n"
    "\n"
    "An openLCA JSON-LD export (olca-schema v1, openLCA 1.x) as a zip:\n"
    "processes/, flows/, flow_properties/, unit_groups/ and optionally\n"
    "categories/. One column per process (sorted by id), reference amounts\n"
    "on the diagonal, product inputs linked to the process with that\n"
    "reference flow (ties: first by sorted process id, or --provider);\n"
    "what has no\n"
    "provider is cut off and listed in the import report. See\n"
    "docs/FORMAT.md, \"Process databases\".\n"
    "\n" PROCDB_HELP IMPORT_COMMON_HELP;

int import_olca(const cli_env *env, lca_ctx *ctx, int argc, char **argv,
                import_common *common, lca_model **M) {
    return import_procdb(env, ctx, argc, argv, common, M, help,
                         lca_import_olca_opts);
}
