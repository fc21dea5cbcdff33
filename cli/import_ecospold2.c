// cli/import_ecospold2.c: `leontief import ecospold2 ZIP`
// SPDX-License-Identifier: MIT

#include "import_procdb.h"

static const char help[] =
    "usage: leontief import ecospold2 ZIP -o MODEL.h5 [options]\n"
    "\n"
    "A zip of EcoSpold 2 activity files (.spold). One column per activity\n"
    "(sorted by id), reference products (outputGroup 0) on the diagonal,\n"
    "intermediate inputs linked to the activity with that reference\n"
    "product (activityLinkId first; ties: first by sorted id); what has no\n"
    "provider is cut off and listed in the import report. Units are\n"
    "converted by a built-in table. See docs/FORMAT.md, \"Process\n"
    "databases\".\n"
    "\n" PROCDB_HELP IMPORT_COMMON_HELP;

int import_ecospold2(const cli_env *env, lca_ctx *ctx, int argc, char **argv,
                     import_common *common, lca_model **M) {
    return import_procdb(env, ctx, argc, argv, common, M, help,
                         lca_import_ecospold2_opts);
}
