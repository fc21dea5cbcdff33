// cli/cmd_pact.c: `leontief pact RELEASE RULES -o DIR`: the PACT v3
// ProductFootprints of a factor-database release (include/lca/pact.h)
// SPDX-License-Identifier: MIT

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char help[] =
    "usage: leontief pact RELEASE RULES -o DIR --company NAME\n"
    "                     --company-id URN --domain D --created TIME "
    "[options]\n"
    "\n"
    "PACT v3 ProductFootprints of the products of the factor-database\n"
    "release folder RELEASE (leontief factordb build), each under the one\n"
    "rule of the rule set folder RULES that lists it (declared unit, mass,\n"
    "boundary, standards, GWP set; docs/RULES.md). The split totals come\n"
    "from the release (it must have the fossil/biogenic split), the Monte\n"
    "Carlo summary and grade probabilities travel in an extension\n"
    "(datasets/pact/pact-uncertainty-1.schema.json). With --previous, the\n"
    "lifecycle: unchanged footprints keep their ids, changed ones get new\n"
    "ids with precedingPfIds and the old ones come back Deprecated.\n"
    "\n"
    "  -o, --output DIR       new folder: footprints.json, index.csv,\n"
    "                         SHA256SUMS (docs/FORMAT.md, \"PACT export\")\n"
    "  --company NAME         the data owner (companyName)\n"
    "  --company-id URN       a company id, urn:... (repeatable, >= 1)\n"
    "  --domain D             product ids are urn:pact:D:product-id:ID\n"
    "  --created TIME         RFC 3339 UTC time of the export, e.g.\n"
    "                         2025-06-30T00:00:00Z (exports are\n"
    "                         reproducible: the time is not read off a "
    "clock)\n"
    "  --period YYYY[-YYYY]   reference period where the data give none\n"
    "  --database NAME        the database (secondaryEmissionFactorSources)\n"
    "  --database-version V\n"
    "  --previous DIR         the previous export of this release's line\n"
    "  --grading DIR          grading schemes for rules that name one\n"
    "  --confidence C         confidence of the graded class (default 0.9)\n"
    "  --product ID           export only this product (repeatable)\n"
    "\n"
    "Exit codes: 0 written; 2 usage; 3 bad input (a product no rule or two\n"
    "rules list, a release without split results, an unknown product, a\n"
    "previous export that is not one: the message names it); 5 output.\n"
    "Nothing is left behind on failure.\n";

enum { OPT_COMPANY = 256, OPT_CID, OPT_DOMAIN, OPT_CREATED, OPT_PERIOD,
       OPT_DB, OPT_DBV, OPT_PREV, OPT_GRADING, OPT_CONF, OPT_PRODUCT };

static const struct option opts[] = {
    {"output", required_argument, NULL, 'o'},
    {"help", no_argument, NULL, 'h'},
    {"company", required_argument, NULL, OPT_COMPANY},
    {"company-id", required_argument, NULL, OPT_CID},
    {"domain", required_argument, NULL, OPT_DOMAIN},
    {"created", required_argument, NULL, OPT_CREATED},
    {"period", required_argument, NULL, OPT_PERIOD},
    {"database", required_argument, NULL, OPT_DB},
    {"database-version", required_argument, NULL, OPT_DBV},
    {"previous", required_argument, NULL, OPT_PREV},
    {"grading", required_argument, NULL, OPT_GRADING},
    {"confidence", required_argument, NULL, OPT_CONF},
    {"product", required_argument, NULL, OPT_PRODUCT},
    {NULL, 0, NULL, 0},
};

#define MAX_LIST 4096

typedef struct pact_cli {
    const char *out;
    lca_pact_options opt;
    const char *cids[64];
    const char *products[MAX_LIST];
    int64_t nproducts;
} pact_cli;

// Appends s to list (n entries, at most max); -1 or the usage exit code.
static int append(const cli_env *env, const char **list, int64_t *n,
                  int64_t max, const char *s, const char *what) {
    if (*n == max) {
        return cli_usage_error(env, "more than %lld %s", (long long)max,
                               what);
    }
    list[(*n)++] = s;
    return -1;
}

// One option c (with optarg); returns -1 or an exit code.
static int option(const cli_env *env, int c, void *arg) {
    pact_cli *o = arg;
    lca_pact_options *p = &o->opt;
    char *end;
    switch (c) {
    case 'o': o->out = optarg; return -1;
    case OPT_COMPANY: p->company_name = optarg; return -1;
    case OPT_CID:
        return append(env, o->cids, &p->ncompany_ids, 64, optarg,
                      "--company-id");
    case OPT_DOMAIN: p->id_domain = optarg; return -1;
    case OPT_CREATED: p->created = optarg; return -1;
    case OPT_PERIOD: p->reference_period = optarg; return -1;
    case OPT_DB: p->database_name = optarg; return -1;
    case OPT_DBV: p->database_version = optarg; return -1;
    case OPT_PREV: p->previous = optarg; return -1;
    case OPT_GRADING: p->grading_dir = optarg; return -1;
    case OPT_CONF:
        p->confidence = strtod(optarg, &end);
        if (end != optarg && *end == '\0' && p->confidence > 0.0 &&
            p->confidence < 1.0) {
            return -1;
        }
        return cli_usage_error(env, "--confidence needs a number in (0, 1)");
    case OPT_PRODUCT:
        return append(env, o->products, &o->nproducts, MAX_LIST, optarg,
                      "--product");
    default: return CLI_OPT_UNKNOWN;
    }
}

// The options the library requires, checked before any file is read.
static int required(const cli_env *env, const pact_cli *o) {
    if (o->out == NULL) return cli_usage_error(env, "missing -o DIR");
    if (o->opt.company_name == NULL) {
        return cli_usage_error(env, "missing --company NAME");
    }
    if (o->opt.ncompany_ids == 0) {
        return cli_usage_error(env, "missing --company-id URN");
    }
    if (o->opt.id_domain == NULL) {
        return cli_usage_error(env, "missing --domain D");
    }
    if (o->opt.created == NULL) {
        return cli_usage_error(env, "missing --created TIME");
    }
    return -1;
}

static int parse(const cli_env *env, int argc, char **argv, pact_cli *o) {
    int rc = cli_getopt(env, argc, argv, "o:h", opts, help, option, o);
    if (rc >= 0) return rc;
    if (argc - optind != 2) {
        return cli_usage_error(env, "needs a release folder and a rule set "
                               "folder");
    }
    o->opt.company_ids = o->cids;
    return required(env, o);
}

static int run(const cli_env *env, pact_cli *o, const char *release,
               const char *rules, lca_ctx *ctx) {
    lca_ruleset *rs = NULL;
    int rc = CLI_EXIT_OK;
    lca_status st = lca_ruleset_read(ctx, rules, &rs);
    if (st == LCA_OK) {
        st = lca_pact_export_release(ctx, release, rs, &o->opt,
                                     o->nproducts,
                                     o->nproducts ? o->products : NULL,
                                     o->out);
    }
    if (st > 0) cli_warn(env, ctx, st);
    if (st < 0) {
        // An I/O failure is the output's when its message names DIR.
        rc = cli_fail(env, ctx, st, st == LCA_ERR_IO &&
                      strstr(lca_ctx_errmsg(ctx), o->out) != NULL);
        goto done;
    }
    printf("written: %s (footprints.json, index.csv, SHA256SUMS)\n",
           o->out);
done:
    lca_ruleset_destroy(&rs);
    return rc;
}

int cli_pact(const cli_env *env, int argc, char **argv) {
    pact_cli o;
    memset(&o, 0, sizeof o);
    lca_pact_options_default(&o.opt);
    int rc = parse(env, argc, argv, &o);
    if (rc >= 0) return rc;
    lca_ctx *ctx = NULL;
    if (lca_ctx_create(&ctx) != LCA_OK) {
        return cli_fail(env, NULL, LCA_ERR_NOMEM, 0);
    }
    rc = run(env, &o, argv[optind], argv[optind + 1], ctx);
    lca_ctx_destroy(&ctx);
    return rc;
}
