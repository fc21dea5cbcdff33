// cli/cmd_export.c: `leontief export FILE.h5 --csv DIR [--mtx]`
// SPDX-License-Identifier: MIT
//
// A results file becomes tidy CSV tables (and, with --mtx, its matrices
// as Matrix Market); a model file becomes the Matrix Market and CSV files
// that `leontief import mtx` reads back exactly. Everything is read and
// checked before the first file is written, so bad input writes nothing.

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char help[] =
    "usage: leontief export FILE.h5 --csv DIR [--mtx] [--product NAME ...]\n"
    "\n"
    "A results file (from solve or factors) becomes tidy CSV in DIR, one\n"
    "row per value, for pandas, R or a spreadsheet:\n"
    "  factors.csv          product x indicator: total (N) and direct (D)\n"
    "  flow_factors.csv     product x flow: total (M), with --flow\n"
    "  demand_scores.csv    demand x indicator\n"
    "  demand_supply.csv    demand x product, with --supply\n"
    "  demand_inventory.csv demand x flow, with --inventory\n"
    "  --mtx                also each matrix as Matrix Market (array)\n"
    "\n"
    "A model file becomes A.mtx, B.mtx, C.mtx, products.csv, flows.csv,\n"
    "indicators.csv and demands.csv, which `leontief import mtx` reads\n"
    "back bit for bit (and import_report.csv when the model has one).\n"
    "\n"
    "A Monte Carlo file (from mc) becomes factor_stats.csv (count, mean,\n"
    "sd, se, min, max, GSD and quantiles per product and indicator),\n"
    "demand_stats.csv, demand_samples.csv and convergence.csv (when the run\n"
    "scored demands) and failures.csv;\n"
    "  --product NAME       also this product's factor in every iteration\n"
    "                       (factor_samples.csv; repeatable; id or name)\n"
    "\n"
    "DIR is created if missing; each file is written atomically. Exit\n"
    "codes: 3 bad input (not a leontief file, a missing dataset), 5 a file\n"
    "could not be written.\n";

static const struct option opts[] = {
    {"csv", required_argument, NULL, 'c'},
    {"mtx", no_argument, NULL, 'm'},
    {"product", required_argument, NULL, 'p'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

// A failure while writing: files before it may be complete in DIR.
static int output_failed(const cli_env *env, lca_ctx *ctx, lca_status st) {
    int rc = cli_fail_in(env, ctx, st, NULL);
    return st == LCA_ERR_NOMEM ? rc : CLI_EXIT_OUTPUT;
}

static int export_results(const cli_env *env, lca_ctx *ctx, const char *in,
                          const char *dir, int mtx) {
    lca_results *R = NULL;
    lca_status st = lca_results_read(ctx, in, &R);
    if (st != LCA_OK) return cli_fail_in(env, ctx, st, in);
    st = lca_results_write_csv(R, dir, mtx);
    lca_results_destroy(&R);
    if (st != LCA_OK) return output_failed(env, ctx, st);
    printf("exported %s to %s/ (tidy CSV%s)\n", in, dir,
           mtx ? " and Matrix Market" : "");
    return CLI_EXIT_OK;
}

static int export_mc(const cli_env *env, lca_ctx *ctx, const char *in,
                     const char *dir, int np, const char *const *products) {
    lca_status st = lca_mcfile_write_csv(ctx, in, dir, np, products);
    if (st == LCA_ERR_IO || st == LCA_ERR_NOMEM) {
        return output_failed(env, ctx, st);
    }
    if (st != LCA_OK) return cli_fail_in(env, ctx, st, in);
    printf("exported %s to %s/ (tidy CSV%s)\n", in, dir,
           np > 0 ? ", with the samples of the chosen products" : "");
    return CLI_EXIT_OK;
}

static void print_import_line(const lca_model *M, const char *dir) {
    printf(
        "to import it again:\n  leontief import mtx --A %s/A.mtx "
        "--B %s/B.mtx --C %s/C.mtx \\\n    --products %s/products.csv "
        "--flows %s/flows.csv --indicators %s/indicators.csv \\\n    ",
        dir, dir, dir, dir, dir, dir);
    if (lca_model_dim(M, LCA_DEMANDS) > 0) {
        printf("--demands %s/demands.csv ", dir);
    }
    printf("--convention %s -o MODEL.h5\n",
           lca_convention_str(lca_model_convention(M)));
}

static int export_model(const cli_env *env, lca_ctx *ctx, const char *in,
                        const char *dir) {
    lca_model *M = NULL;
    lca_status st = lca_model_read(ctx, in, &M);
    if (st != LCA_OK) return cli_fail_in(env, ctx, st, in);
    st = lca_model_write_mtx(M, dir);
    if (st == LCA_OK && lca_model_nreports(M) > 0) {
        size_t len = strlen(dir) + sizeof "/import_report.csv";
        char *path = malloc(len);
        if (path == NULL) {
            st = LCA_ERR_NOMEM;
        } else {
            snprintf(path, len, "%s/import_report.csv", dir);
            st = lca_model_write_report_csv(M, path);
            free(path);
        }
    }
    int rc = CLI_EXIT_OK;
    if (st != LCA_OK) {
        rc = output_failed(env, ctx, st);
    } else {
        printf("exported %s to %s/ (Matrix Market and CSV)\n", in, dir);
        print_import_line(M, dir);
    }
    lca_model_destroy(&M);
    return rc;
}

typedef struct export_cli {
    const char *dir, *products[256];
    int mtx, np;
} export_cli;

// One option c (with optarg); a 257th --product is refused as unknown.
static int option(const cli_env *env, int c, void *arg) {
    export_cli *o = arg;
    (void)env;
    if (c == 'c') {
        o->dir = optarg;
    } else if (c == 'm') {
        o->mtx = 1;
    } else if (c == 'p' && o->np < 256) {
        o->products[o->np++] = optarg;
    } else {
        return CLI_OPT_UNKNOWN;
    }
    return -1;
}

int cli_export(const cli_env *env, int argc, char **argv) {
    export_cli o = {NULL, {NULL}, 0, 0};
    int rc = cli_getopt(env, argc, argv, "h", opts, help, option, &o);
    if (rc >= 0) return rc;
    const char *dir = o.dir;
    if (argc - optind != 1) {
        return cli_usage_error(env,
                               "expected exactly one results or model "
                               "file");
    }
    if (dir == NULL) return cli_usage_error(env, "missing --csv DIR");
    lca_ctx *ctx = NULL;
    if (lca_ctx_create(&ctx) != LCA_OK) {
        return cli_fail(env, NULL, LCA_ERR_NOMEM, 0);
    }
    const char *in = argv[optind];
    lca_file_kind kind = LCA_FILE_RESULTS;
    lca_status st = lca_file_kind_read(ctx, in, &kind);
    if (st != LCA_OK) {
        rc = cli_fail_in(env, ctx, st, in);
    } else if (kind == LCA_FILE_MODEL) {
        rc = export_model(env, ctx, in, dir);
    } else if (kind == LCA_FILE_MC) {
        rc = export_mc(env, ctx, in, dir, o.np, o.products);
    } else {
        rc = export_results(env, ctx, in, dir, o.mtx);
    }
    lca_ctx_destroy(&ctx);
    return rc;
}
