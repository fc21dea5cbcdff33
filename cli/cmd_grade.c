// cli/cmd_grade.c: `leontief grade RELEASE --scheme S -o DIR`: label
// payloads of a factor-database release's products (lca_labels_create,
// include/lca/io_grading.h)
// SPDX-License-Identifier: MIT

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char help[] =
    "usage: leontief grade RELEASE --scheme FILE_OR_ID -o DIR [options]\n"
    "\n"
    "Label payloads of the products of the factor-database release folder\n"
    "RELEASE (leontief factordb build) under a grading scheme\n"
    "(docs/DISCLOSURE.md): per product its factor per declared unit, the\n"
    "unit, the class, P(class = k) for every class from the release's\n"
    "paired Monte Carlo samples (montecarlo.h5), the modal class, the\n"
    "class at the confidence, the validity, and the rule it follows.\n"
    "\n"
    "  --scheme FILE_OR_ID    a scheme file, or the id of a bundled one\n"
    "                         (datasets/grading/ID.json)\n"
    "  -o, --output DIR       folder for labels.csv and labels.json\n"
    "                         (docs/FORMAT.md, \"Labels\")\n"
    "  --params CSV           product parameters subject,name,value (a\n"
    "                         sliding scheme's parameter, a distribution\n"
    "                         scheme's weight)\n"
    "  --confidence C         confidence of the graded class (default 0.9)\n"
    "  --rules DIR            a rule set: only the products of the rules\n"
    "                         whose grading is the scheme, per the rule's\n"
    "                         declared unit, with the rule's id and version\n"
    "  --issued YYYY-MM-DD    the issue date (default: today, UTC)\n"
    "  --product ID           label only this product (repeatable)\n"
    "\n"
    "Exit codes: 0 written; 2 usage; 3 bad input (not a release, a scheme\n"
    "or parameter file with an error, a product whose unit does not fit\n"
    "the scheme, a missing parameter: the message names the file and the\n"
    "product); 5 output could not be written.\n";

enum { OPT_SCHEME = 256, OPT_PARAMS, OPT_CONF, OPT_RULES, OPT_ISSUED, OPT_PRODUCT };

static const struct option opts[] = {
    {"output", required_argument, NULL, 'o'},
    {"help", no_argument, NULL, 'h'},
    {"scheme", required_argument, NULL, OPT_SCHEME},
    {"params", required_argument, NULL, OPT_PARAMS},
    {"confidence", required_argument, NULL, OPT_CONF},
    {"rules", required_argument, NULL, OPT_RULES},
    {"issued", required_argument, NULL, OPT_ISSUED},
    {"product", required_argument, NULL, OPT_PRODUCT},
    {NULL, 0, NULL, 0},
};

typedef struct grade_cli {
    const char *out, *scheme, *params, *rules;
    lca_label_options opt;
    const char *products[4096];
} grade_cli;

// One option c (with optarg); returns -1 or an exit code.
static int option(const cli_env *env, int c, void *arg) {
    grade_cli *o = arg;
    char *end;
    switch (c) {
    case 'o': o->out = optarg; return -1;
    case OPT_SCHEME: o->scheme = optarg; return -1;
    case OPT_PARAMS: o->params = optarg; return -1;
    case OPT_RULES: o->rules = optarg; return -1;
    case OPT_ISSUED: o->opt.issued = optarg; return -1;
    case OPT_PRODUCT:
        if (o->opt.nproducts == 4096) {
            return cli_usage_error(env, "more than 4096 --product");
        }
        o->products[o->opt.nproducts++] = optarg;
        return -1;
    case OPT_CONF:
        o->opt.confidence = strtod(optarg, &end);
        if (end != optarg && *end == '\0' && o->opt.confidence > 0.0 &&
            o->opt.confidence < 1.0) {
            return -1;
        }
        return cli_usage_error(env, "--confidence needs a number in (0, 1)");
    default: return CLI_OPT_UNKNOWN;
    }
}

static int parse(const cli_env *env, int argc, char **argv, grade_cli *o) {
    int rc = cli_getopt(env, argc, argv, "o:h", opts, help, option, o);
    if (rc >= 0) return rc;
    if (argc - optind != 1) {
        return cli_usage_error(env, "needs one release folder");
    }
    if (o->scheme == NULL) return cli_usage_error(env, "missing --scheme");
    if (o->out == NULL) return cli_usage_error(env, "missing -o DIR");
    const char *outs[] = {o->out};
    return cli_check_outputs(env, argc, argv, outs, 1);
}

// Read the inputs, build the labels, write them.
static lca_status grade(lca_ctx *ctx, const grade_cli *o, const char *rel,
                        int *output) {
    lca_grading *g = NULL;
    lca_grade_params *p = NULL;
    lca_ruleset *rs = NULL;
    lca_labels *l = NULL;
    lca_status st = lca_grading_open(ctx, o->scheme, &g);
    if (st == LCA_OK && o->params != NULL) {
        st = lca_grade_params_read(ctx, o->params, &p);
    }
    if (st == LCA_OK && o->rules != NULL) {
        st = lca_ruleset_read(ctx, o->rules, &rs);
    }
    if (st == LCA_OK) st = lca_labels_create(g, rel, p, rs, &o->opt, &l);
    if (st == LCA_OK) {
        *output = 1;
        st = lca_labels_write(l, o->out);
    }
    if (st == LCA_OK) {
        printf("graded: %lld product(s) with scheme %s\nwritten: %s "
               "(labels.csv, labels.json)\n", (long long)lca_labels_count(l),
               lca_grading_id(g), o->out);
    }
    lca_labels_destroy(&l);
    lca_ruleset_destroy(&rs);
    lca_grade_params_destroy(&p);
    lca_grading_destroy(&g);
    return st;
}

int cli_grade(const cli_env *env, int argc, char **argv) {
    grade_cli o;
    memset(&o, 0, sizeof o);
    lca_label_options_default(&o.opt);
    o.opt.products = o.products;
    int rc = parse(env, argc, argv, &o);
    if (rc >= 0) return rc;
    lca_ctx *ctx = NULL;
    if (lca_ctx_create(&ctx) != LCA_OK) {
        return cli_fail(env, NULL, LCA_ERR_NOMEM, 0);
    }
    int output = 0;
    lca_status st = grade(ctx, &o, argv[optind], &output);
    rc = st == LCA_OK ? CLI_EXIT_OK : cli_fail(env, ctx, st, output);
    lca_ctx_destroy(&ctx);
    return rc;
}
