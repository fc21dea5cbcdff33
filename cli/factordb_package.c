// cli/factordb_package.c: `leontief factordb package|verify`: the
// submission package of a release (include/lca/submission.h)
// SPDX-License-Identifier: MIT

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "factordb.h"

static const char help[] =
    "usage: leontief factordb package RELEASE MODEL.h5 [--rules DIR] -o PKG\n"
    "       leontief factordb verify PKG [--tolerance T]\n"
    "\n"
    "package: the submission package of a factor-database release (China's\n"
    "2025 guideline: factors with their unit-process data and life-cycle\n"
    "model): the records (with their data-quality ratings), the model file\n"
    "MODEL.h5 the release was built from (checked against the release's\n"
    "model_sha256), its unit-process data as Matrix Market and CSV\n"
    "(leontief import mtx reads them), the rule each product is accounted\n"
    "under (rules.csv and the rule files of the rule set folder DIR), the\n"
    "release's manifest and Monte Carlo file, a manifest and SHA256SUMS.\n"
    "PKG must not exist; it appears whole or not at all (docs/FORMAT.md,\n"
    "\"Submission package\").\n"
    "\n"
    "verify: check every checksum, import the unit-process data again,\n"
    "recompute every factor and split value and compare them with the\n"
    "records: within T relative (default 1e-10).\n"
    "\n"
    "Exit codes: 0 written / reproduced; 2 usage; 3 bad input (not the\n"
    "release's model, a product two rules list, a checksum or a factor that\n"
    "does not match: the message names it); 4 numerical failure; 5 output.\n";

static const struct option opts[] = {
    {"output", required_argument, NULL, 'o'},
    {"rules", required_argument, NULL, 'r'},
    {"tolerance", required_argument, NULL, 't'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

typedef struct pkg_cli {
    const char *out, *rules;
    double tol;
} pkg_cli;

// One option c (with optarg) into arg; -1 to go on, else an exit code.
static int option(const cli_env *env, int c, void *arg) {
    pkg_cli *o = arg;
    char *end;
    switch (c) {
    case 'o': o->out = optarg; return -1;
    case 'r': o->rules = optarg; return -1;
    case 't':
        o->tol = strtod(optarg, &end);
        if (end == optarg || *end != '\0' || !(o->tol >= 0 && o->tol < 1)) {
            return cli_usage_error(env, "--tolerance needs a number in "
                                   "[0, 1)");
        }
        return -1;
    default: return CLI_OPT_UNKNOWN;
    }
}

// Options into o; -1 to go on, else an exit code.
static int parse(const cli_env *env, int argc, char **argv, pkg_cli *o) {
    return cli_getopt(env, argc, argv, "o:h", opts, help, option, o);
}

int fdb_package(const cli_env *env, int argc, char **argv) {
    pkg_cli o = {NULL, NULL, 1e-10};
    int rc = parse(env, argc, argv, &o);
    if (rc >= 0) return rc;
    if (argc - optind != 2) {
        return cli_usage_error(env, "package needs RELEASE and MODEL.h5");
    }
    if (o.out == NULL) return cli_usage_error(env, "missing -o PKG");
    lca_ctx *ctx = NULL;
    if (lca_ctx_create(&ctx) != LCA_OK) return cli_fail(env, NULL, LCA_ERR_NOMEM, 0);
    lca_ruleset *rs = NULL;
    lca_status st = o.rules != NULL ? lca_ruleset_read(ctx, o.rules, &rs) : LCA_OK;
    if (st == LCA_OK) {
        st = lca_submission_write(ctx, argv[optind], argv[optind + 1], rs,
                                  o.out);
    }
    if (st != LCA_OK) {
        rc = cli_fail(env, ctx, st, st == LCA_ERR_IO &&
                      strstr(lca_ctx_errmsg(ctx), o.out) != NULL);
    } else {
        printf("written: %s (records, model.h5, unit-process data, rules; "
               "files and hashes in manifest.json)\n", o.out);
        rc = CLI_EXIT_OK;
    }
    lca_ruleset_destroy(&rs);
    lca_ctx_destroy(&ctx);
    return rc;
}

int fdb_verify(const cli_env *env, int argc, char **argv) {
    pkg_cli o = {NULL, NULL, 1e-10};
    int rc = parse(env, argc, argv, &o);
    if (rc >= 0) return rc;
    if (argc - optind != 1) return cli_usage_error(env, "verify needs PKG");
    lca_ctx *ctx = NULL;
    if (lca_ctx_create(&ctx) != LCA_OK) return cli_fail(env, NULL, LCA_ERR_NOMEM, 0);
    lca_submission_check c;
    lca_status st = lca_submission_verify(ctx, argv[optind], o.tol, &c);
    if (st != LCA_OK) {
        rc = cli_fail(env, ctx, st, 0);
    } else {
        printf("%s: checksums match; %lld records, %lld values recomputed "
               "from the unit-process data, largest relative difference "
               "%.3g (tolerance %g)\n", argv[optind], (long long)c.nrecords,
               (long long)c.nvalues, c.max_rel, o.tol);
        rc = CLI_EXIT_OK;
    }
    lca_ctx_destroy(&ctx);
    return rc;
}
