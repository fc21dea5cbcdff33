// cli/import_bw.c: `leontief import bw PACKAGE...`
// SPDX-License-Identifier: MIT

#include "import.h"

static const char help[] =
    "usage: leontief import bw PACKAGE... -o MODEL.h5 [options]\n"
    "\n"
    "Brightway 2.5 processed datapackages (bw_processing): folders or zips\n"
    "holding datapackage.json and .npy arrays, e.g. a database's package\n"
    "and the packages of its impact assessment methods (one indicator per\n"
    "characterization group). Products are the technosphere's activity ids,\n"
    "flows the biosphere's row ids; duplicates, flip arrays and stats_arrays\n"
    "distributions are read as bw2calc reads them; names come from the\n"
    "packages' CSV metadata (columns id, name, unit, location, categories).\n"
    "Uncertainty codes 0-5, 9 and 13 are read; others are errors. See\n"
    "docs/FORMAT.md, \"bw import\".\n"
    "\n" IMPORT_COMMON_HELP;

static const struct option opts[] = {IMPORT_COMMON_OPTIONS, {NULL, 0, NULL, 0}};

int import_bw(const cli_env *env, lca_ctx *ctx, int argc, char **argv,
              import_common *common, lca_model **M) {
    int rc = import_getopt(env, argc, argv, opts, help, NULL, NULL, common);
    if (rc >= 0) return rc;
    if (optind >= argc) return cli_usage_error(env, "bw needs a package");
    if (common->out == NULL) return cli_usage_error(env, "missing -o MODEL.h5");
    const char *outs[] = {common->out, common->report};
    rc = cli_check_outputs(env, argc, argv, outs, 2);
    if (rc >= 0) return rc;
    lca_status st = lca_import_bw(ctx, argc - optind,
                                  (const char *const *)(argv + optind), M);
    if (st != LCA_OK) return cli_fail(env, ctx, st, 0);
    return -1;
}
