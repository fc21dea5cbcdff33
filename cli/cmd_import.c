// cli/cmd_import.c: `leontief import FORMAT SRC -o MODEL.h5`
// SPDX-License-Identifier: MIT

#include <getopt.h>
#include <string.h>

#include "cli.h"

static const char import_help[] =
    "usage: leontief import FORMAT SRC... -o MODEL.h5\n"
    "\n"
    "formats:\n"
    "  useeio DIR        a USEEIO model folder (sectors.json, flows.json,\n"
    "                    indicators.json, matrix/{A,B,C}.json, demands/)\n"
    "  mtx               Matrix Market matrices and CSV label lists:\n"
    "      --A FILE              technosphere or IO coefficients (required)\n"
    "      --B FILE --C FILE     interventions, characterization\n"
    "      --products CSV        id,name,unit\n"
    "      --flows CSV           id,name,compartment,unit\n"
    "      --indicators CSV      id,name,unit\n"
    "      --demands CSV         product id, then one column per demand\n"
    "      --convention NAME     technosphere (default) or io_coefficients\n"
    "\n"
    "  -o, --output FILE  the model file to write (HDF5, atomically)\n"
    "See docs/FORMAT.md for the model file and the mtx conventions.\n";

enum { OPT_A = 256, OPT_B, OPT_C, OPT_P, OPT_F, OPT_I, OPT_D, OPT_CONV };

static const struct option long_opts[] = {
    {"output", required_argument, NULL, 'o'},
    {"help", no_argument, NULL, 'h'},
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

static void print_summary(const lca_model *M, const char *out) {
    printf("imported %lld products, %lld flows, %lld indicators, %lld "
           "demands; nonzeros A %lld, B %lld, C %lld (%s)\nwritten: %s\n",
           (long long)lca_model_dim(M, LCA_PRODUCTS),
           (long long)lca_model_dim(M, LCA_FLOWS),
           (long long)lca_model_dim(M, LCA_INDICATORS),
           (long long)lca_model_dim(M, LCA_DEMANDS),
           (long long)lca_csc_nnz(lca_model_A(M)),
           (long long)lca_csc_nnz(lca_model_B(M)),
           (long long)lca_csc_nnz(lca_model_C(M)),
           lca_convention_str(lca_model_convention(M)), out);
}

// Parse options into src and *out; -1 to go on, else an exit code.
static int parse(const cli_env *env, int argc, char **argv,
                 lca_mtx_source *src, const char **out) {
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "o:h", long_opts, NULL)) != -1) {
        switch (c) {
        case 'o': *out = optarg; break;
        case 'h': fputs(import_help, stdout); return CLI_EXIT_OK;
        case OPT_A: src->A = optarg; break;
        case OPT_B: src->B = optarg; break;
        case OPT_C: src->C = optarg; break;
        case OPT_P: src->products = optarg; break;
        case OPT_F: src->flows = optarg; break;
        case OPT_I: src->indicators = optarg; break;
        case OPT_D: src->demands = optarg; break;
        case OPT_CONV:
            if (lca_convention_parse(optarg, &src->convention) != LCA_OK) {
                return cli_usage_error(env, "--convention must be "
                                       "technosphere or io_coefficients");
            }
            break;
        default:
            return cli_usage_error(env, "unknown or incomplete option '%s'",
                                   argv[optind - 1]);
        }
    }
    if (*out == NULL) return cli_usage_error(env, "missing -o MODEL.h5");
    return -1;
}

int cli_import(const cli_env *env, int argc, char **argv) {
    lca_mtx_source src;
    memset(&src, 0, sizeof src);
    const char *out = NULL;
    int rc = parse(env, argc, argv, &src, &out);
    if (rc >= 0) return rc;
    if (optind >= argc) return cli_usage_error(env, "missing FORMAT");
    const char *format = argv[optind];
    int nsrc = argc - optind - 1;
    int is_useeio = strcmp(format, "useeio") == 0;
    if (!is_useeio && strcmp(format, "mtx") != 0) {
        return cli_usage_error(env, "unknown format '%s' (useeio, mtx)",
                               format);
    }
    if (is_useeio ? nsrc != 1 : (nsrc != 0 || src.A == NULL)) {
        return cli_usage_error(env, is_useeio ? "useeio needs one folder"
                                              : "mtx needs --A FILE and no "
                                                "other arguments");
    }
    lca_ctx *ctx = NULL;
    if (lca_ctx_create(&ctx) != LCA_OK) {
        return cli_fail(env, NULL, LCA_ERR_NOMEM, 0);
    }
    lca_model *M = NULL;
    lca_status st = is_useeio ? lca_import_useeio(ctx, argv[optind + 1], &M)
                              : lca_import_mtx(ctx, &src, &M);
    if (st != LCA_OK) {
        rc = cli_fail(env, ctx, st, 0);
    } else if ((st = lca_model_write(M, out)) != LCA_OK) {
        rc = cli_fail(env, ctx, st, 1);
    } else {
        print_summary(M, out);
        rc = CLI_EXIT_OK;
    }
    lca_model_destroy(&M);
    lca_ctx_destroy(&ctx);
    return rc;
}
