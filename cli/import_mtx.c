// cli/import_mtx.c: `leontief import mtx --A FILE ...`
// SPDX-License-Identifier: MIT

#include <string.h>

#include "import.h"

static const char help[] =
    "usage: leontief import mtx --A FILE [options] -o MODEL.h5\n"
    "\n"
    "Matrix Market matrices and CSV label lists (the generic door; see\n"
    "docs/FORMAT.md and datasets/examples/tiny/ for an example):\n"
    "  --A FILE              technosphere or IO coefficients (required)\n"
    "  --B FILE --C FILE     interventions, characterization\n"
    "  --products CSV        id,name,unit\n"
    "  --flows CSV           id,name,compartment,unit[,cas]\n"
    "  --indicators CSV      id,name,unit[,split]\n"
    "  --demands CSV         product id, then one column per demand\n"
    "  --convention NAME     technosphere (default) or io_coefficients\n"
    "\n" IMPORT_COMMON_HELP;

enum { OPT_A = 256, OPT_B, OPT_C, OPT_P, OPT_F, OPT_I, OPT_D, OPT_CONV };

static const struct option opts[] = {
    IMPORT_COMMON_OPTIONS,
    {"A", required_argument, NULL, OPT_A},
    {"B", required_argument, NULL, OPT_B},
    {"C", required_argument, NULL, OPT_C},
    {"products", required_argument, NULL, OPT_P},
    {"flows", required_argument, NULL, OPT_F},
    {"indicators", required_argument, NULL, OPT_I},
    {"demands", required_argument, NULL, OPT_D},
    {"convention", required_argument, NULL, OPT_CONV},
    {NULL, 0, NULL, 0},
};

// One mtx option into arg (an lca_mtx_source); -1, an exit code, or
// CLI_OPT_UNKNOWN if c is not one of them.
static int mtx_option(const cli_env *env, int c, void *arg) {
    lca_mtx_source *src = arg;
    switch (c) {
    case OPT_CONV:
        if (lca_convention_parse(optarg, &src->convention) != LCA_OK) {
            return cli_usage_error(env, "--convention must be "
                                   "technosphere or io_coefficients");
        }
        return -1;
    case OPT_A: src->A = optarg; return -1;
    case OPT_B: src->B = optarg; return -1;
    case OPT_C: src->C = optarg; return -1;
    case OPT_P: src->products = optarg; return -1;
    case OPT_F: src->flows = optarg; return -1;
    case OPT_I: src->indicators = optarg; return -1;
    case OPT_D: src->demands = optarg; return -1;
    default: return CLI_OPT_UNKNOWN;
    }
}

int import_mtx(const cli_env *env, lca_ctx *ctx, int argc, char **argv,
               import_common *common, lca_model **M) {
    lca_mtx_source src;
    memset(&src, 0, sizeof src);
    int rc = import_getopt(env, argc, argv, opts, help, mtx_option, &src,
                           common);
    if (rc < 0) {
        rc = import_check_args(env, argc, argv, 0, common,
                               "mtx takes no positional arguments");
    }
    if (rc >= 0) return rc;
    if (src.A == NULL) return cli_usage_error(env, "mtx needs --A FILE");
    lca_status st = lca_import_mtx(ctx, &src, M);
    return st == LCA_OK ? -1 : cli_fail(env, ctx, st, 0);
}
