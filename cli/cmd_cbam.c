// cli/cmd_cbam.c: `leontief cbam GOODS.json [MODEL.h5] --year Y -o DIR`:
// EU CBAM specific embedded emissions of CN-coded goods (include/lca/
// cbam.h), compared with the marked-up default values, written by
// lca_cbam_write and summed up here
// SPDX-License-Identifier: MIT

#define _POSIX_C_SOURCE 200809L

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "import.h"

static const char help[] =
    "usage: leontief cbam GOODS.json [MODEL.h5] --year Y -o DIR [options]\n"
    "\n"
    "EU CBAM specific embedded emissions (SEE, t CO2e per tonne) of the\n"
    "CN-coded goods in GOODS.json (docs/CBAM.md): SEE = (AttrEm + sum of\n"
    "M_i SEE_i) / AL, direct and indirect, from the model's process data\n"
    "or from declared installation data (whose precursors may come from\n"
    "the model), compared with the default values increased by the year's\n"
    "mark-up. MODEL.h5 is needed when a good or electricity factor comes\n"
    "from a model.\n"
    "\n"
    "  -o, --output DIR     cbam.csv (laid out like the communication\n"
    "                       template) and cbam.html (docs/FORMAT.md)\n"
    "  --year Y             year of import, 2026 or later (mark-up)\n"
    "  --defaults FILE      default values (default: the ILLUSTRATIVE\n"
    "                       table datasets/cbam/defaults-illustrative.csv)\n"
    "  --markups FILE       mark-ups (default datasets/cbam/markups.csv)\n"
    "  --sectors FILE       sectors (default datasets/cbam/sectors.csv)\n"
    "\n"
    "Exit codes: 0 done; 2 usage; 3 bad input (the goods file, a table, a\n"
    "good without a CN code, a precursor cycle, a product the model lacks);\n"
    "4 numerical failure; 5 the output could not be written.\n";

enum { OPT_YEAR = 256, OPT_DEFAULTS, OPT_MARKUPS, OPT_SECTORS };

static const struct option opts[] = {
    {"output", required_argument, NULL, 'o'},
    {"help", no_argument, NULL, 'h'},
    {"year", required_argument, NULL, OPT_YEAR},
    {"defaults", required_argument, NULL, OPT_DEFAULTS},
    {"markups", required_argument, NULL, OPT_MARKUPS},
    {"sectors", required_argument, NULL, OPT_SECTORS},
    {NULL, 0, NULL, 0},
};

typedef struct cbam_cli {
    const char *out, *model;
    lca_cbam_files files;
    long year;
    char dflt[3][1024];  // default table paths under the data directory
} cbam_cli;

// The tables not named by an option, from DATADIR/cbam/ (lca_data_dir:
// $LEONTIEF_DATADIR, the installed data, or the source tree's datasets/).
static lca_status default_paths(lca_ctx *ctx, cbam_cli *o) {
    static const char *const names[3] = {"defaults-illustrative.csv",
                                         "markups.csv", "sectors.csv"};
    const char **slot[3] = {&o->files.defaults, &o->files.markups,
                            &o->files.sectors};
    char datadir[900];
    if (*slot[0] != NULL && *slot[1] != NULL && *slot[2] != NULL) {
        return LCA_OK;
    }
    lca_status st = lca_data_dir(ctx, datadir, sizeof datadir);
    for (int i = 0; i < 3 && st == LCA_OK; i++) {
        snprintf(o->dflt[i], sizeof o->dflt[i], "%s/cbam/%s", datadir,
                 names[i]);
        if (*slot[i] == NULL) *slot[i] = o->dflt[i];
    }
    return st;
}

static int option(const cli_env *env, int c, void *arg) {
    cbam_cli *o = arg;
    switch (c) {
    case 'o': o->out = optarg; return -1;
    case OPT_YEAR:
        o->year = cli_parse_count(optarg);
        return o->year >= 2026 && o->year <= 9999
                   ? -1 : cli_usage_error(env, "--year needs a year from "
                                          "2026 on");
    case OPT_DEFAULTS: o->files.defaults = optarg; return -1;
    case OPT_MARKUPS: o->files.markups = optarg; return -1;
    case OPT_SECTORS: o->files.sectors = optarg; return -1;
    default: return CLI_OPT_UNKNOWN;
    }
}

static int parse(const cli_env *env, int argc, char **argv, cbam_cli *o) {
    int rc = cli_getopt(env, argc, argv, "o:h", opts, help, option, o);
    if (rc >= 0) return rc;
    int nargs = argc - optind;
    if (nargs < 1 || nargs > 2) {
        return cli_usage_error(env, "needs a goods file and at most one "
                               "model");
    }
    o->files.goods = argv[optind];
    o->model = nargs == 2 ? argv[optind + 1] : NULL;
    if (o->year == 0) return cli_usage_error(env, "missing --year Y");
    if (o->out == NULL) return cli_usage_error(env, "missing -o DIR");
    return -1;
}

// The terminal summary: one line per good.
static void print_summary(const lca_cbam *cb) {
    int illustrative = 0;
    printf("%-24s %-10s %10s %10s %10s %10s %10s  %s\n", "good", "CN code",
           "direct", "indirect", "total", "default", "difference",
           "(t CO2e/t)");
    for (int64_t g = 0; g < lca_cbam_ngoods(cb); g++) {
        lca_cbam_result r;
        char cn[9] = "";
        lca_cbam_result_get(cb, g, &r);
        for (const char *p = r.good->cn_code; *p && strlen(cn) < 8; p++) {
            if (*p != ' ') strncat(cn, p, 1);
        }
        printf("%-24.24s %-10s %10.4g %10.4g %10.4g", r.good->id, cn,
               r.see_direct, r.see_indirect, r.see_total);
        if (r.dflt == NULL) {
            printf(" %10s %10s  no default value\n", "-", "-");
            continue;
        }
        illustrative |= strcmp(r.dflt->status, "illustrative") == 0;
        printf(" %10.4g %10.4g  +%.0f %% mark-up%s\n", r.default_total,
               r.difference, r.markup * 100.0,
               r.sector->indirect_counts ? "" : ", direct only");
    }
    if (illustrative) {
        printf("note: the default values are ILLUSTRATIVE, not the official "
               "ones (docs/CBAM.md)\n");
    }
}

static int run(const cli_env *env, cbam_cli *o) {
    lca_ctx *ctx = NULL;
    lca_model *M = NULL;
    lca_cbam *cb = NULL;
    char sha[65] = "", started[32];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(started, sizeof started, "%Y-%m-%dT%H:%M:%SZ", &tm);
    if (lca_ctx_create(&ctx) != LCA_OK) {
        return cli_fail(env, NULL, LCA_ERR_NOMEM, 0);
    }
    int rc = -1;
    lca_status st = default_paths(ctx, o);
    if (st == LCA_OK) st = lca_cbam_read(ctx, &o->files, &cb);
    if (st == LCA_OK && o->model != NULL) {
        st = lca_model_read(ctx, o->model, &M);
        if (st == LCA_OK) st = lca_file_sha256(ctx, o->model, sha);
    }
    if (st == LCA_OK) st = lca_cbam_run(cb, M, (int)o->year);
    if (st < 0) rc = cli_fail(env, ctx, st, 0);
    if (rc < 0) {
        print_summary(cb);
        lca_tables_info info = {"cbam", env->command_line,
                                o->model != NULL ? o->model : "", sha,
                                started};
        st = lca_cbam_write(cb, &info, o->out);
        rc = st != LCA_OK ? cli_fail(env, ctx, st, 1) : CLI_EXIT_OK;
        if (st == LCA_OK) printf("written: %s (cbam.csv, cbam.html)\n",
                                 o->out);
    }
    lca_cbam_destroy(&cb);
    lca_model_destroy(&M);
    lca_ctx_destroy(&ctx);
    return rc;
}

int cli_cbam(const cli_env *env, int argc, char **argv) {
    cbam_cli o;
    memset(&o, 0, sizeof o);
    int rc = parse(env, argc, argv, &o);
    if (rc >= 0) return rc;
    return run(env, &o);
}
