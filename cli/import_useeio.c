// cli/import_useeio.c: `leontief import useeio DIR`
// SPDX-License-Identifier: MIT

#include <string.h>

#include "import.h"

static const char help[] =
    "usage: leontief import useeio DIR -o MODEL.h5 [options]\n"
    "\n"
    "A USEEIO model folder as published by the USEEIO API: sectors.json,\n"
    "flows.json, indicators.json, matrix/{A,B,C}.json, demands.json and\n"
    "demands/*.json. The model has the io_coefficients convention.\n"
    "USEEIO v2 models also have domestic requirements (matrix/A_d.json)\n"
    "and domestic demands, which need them: a model holds one system.\n"
    "\n"
    "  --domestic          A := A_d and the domestic demands (default: A and\n"
    "                      the complete demands); the demands of the other\n"
    "                      system are left out and listed in the report\n"
    "\n" IMPORT_COMMON_HELP;

enum { OPT_DOMESTIC = 400 };

static const struct option opts[] = {
    IMPORT_COMMON_OPTIONS,
    {"domestic", no_argument, NULL, OPT_DOMESTIC},
    {NULL, 0, NULL, 0}};

// "2 domestic demand(s) left out (see --report)".
static void print_left_out(const lca_model *M) {
    int64_t n = 0;
    const char *kind = NULL;
    for (int64_t i = 0; i < lca_model_nreports(M); i++) {
        const char *k = lca_model_report(M, i, LCA_REPORT_KIND);
        if (strstr(k, "demand left out") == NULL) continue;
        kind = k;
        n++;
    }
    if (n > 0) {
        printf("%lld %s demand(s) left out: they need the %s requirements "
               "matrix (%s; see --report)\n", (long long)n,
               strncmp(kind, "domestic", 8) == 0 ? "domestic" : "complete",
               strncmp(kind, "domestic", 8) == 0 ? "domestic" : "complete",
               strncmp(kind, "domestic", 8) == 0 ? "import with --domestic"
                                                 : "import without --domestic");
    }
}

// --domestic into arg (an lca_useeio_system).
static int option(const cli_env *env, int c, void *arg) {
    (void)env;
    if (c != OPT_DOMESTIC) return CLI_OPT_UNKNOWN;
    *(lca_useeio_system *)arg = LCA_USEEIO_DOMESTIC;
    return -1;
}

int import_useeio(const cli_env *env, lca_ctx *ctx, int argc, char **argv,
                  import_common *common, lca_model **M) {
    lca_useeio_system sys = LCA_USEEIO_COMPLETE;
    int rc = import_getopt(env, argc, argv, opts, help, option, &sys, common);
    if (rc < 0) {
        rc = import_check_args(env, argc, argv, 1, common,
                               "useeio needs one folder");
    }
    if (rc >= 0) return rc;
    lca_status st = lca_import_useeio_system(ctx, argv[optind], sys, M);
    if (st != LCA_OK) return cli_fail(env, ctx, st, 0);
    print_left_out(*M);
    return -1;
}
