// cli/import_useeio.c: `leontief import useeio DIR`
// SPDX-License-Identifier: MIT

#include "import.h"

static const char help[] =
    "usage: leontief import useeio DIR -o MODEL.h5 [options]\n"
    "\n"
    "A USEEIO model folder as published by the USEEIO API: sectors.json,\n"
    "flows.json, indicators.json, matrix/{A,B,C}.json, demands.json and\n"
    "demands/*.json. The model has the io_coefficients convention.\n"
    "\n" IMPORT_COMMON_HELP;

static const struct option opts[] = {IMPORT_COMMON_OPTIONS,
                                     {NULL, 0, NULL, 0}};

int import_useeio(const cli_env *env, lca_ctx *ctx, int argc, char **argv,
                  import_common *common, lca_model **M) {
    int c;
    while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
        if (c == 'h') {
            fputs(help, stdout);
            return CLI_EXIT_OK;
        }
        if (!import_common_option(c, common)) {
            return cli_usage_error(env, "unknown or incomplete option '%s'",
                                   argv[optind - 1]);
        }
    }
    int rc = import_check_args(env, argc, 1, common, "useeio needs one folder");
    if (rc >= 0) return rc;
    lca_status st = lca_import_useeio(ctx, argv[optind], M);
    return st == LCA_OK ? -1 : cli_fail(env, ctx, st, 0);
}
