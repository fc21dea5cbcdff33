// cli/cmd_pcf.c: `leontief pcf RULES MODEL.h5 -o DIR`: the carbon
// footprint of every category of a rule set, in one paired Monte Carlo
// run (include/lca/pcf.h), written by lca_pcf_write, summed up here
// SPDX-License-Identifier: MIT

#define _POSIX_C_SOURCE 200809L  // gmtime_r

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

static const char help[] =
    "usage: leontief pcf RULES MODEL.h5 -o DIR [options]\n"
    "\n"
    "Product carbon footprints of every category of the rule set in folder\n"
    "RULES (one JSON rule per category; docs/RULES.md) on the model: the\n"
    "footprint per declared unit, its split (fossil, biogenic, per gas, as\n"
    "the method tags them), life-cycle stages that sum to it, the cut-off\n"
    "check, the primary-data share, the data-quality rating and the\n"
    "conformance report (each violation named), from one factorization;\n"
    "with -n, Monte Carlo distributions of all categories from one paired\n"
    "run (every category sees the same samples; bit-identical for any\n"
    "--threads).\n"
    "\n"
    "  -o, --output DIR       results folder: pcf.h5, summary.csv,\n"
    "                         conformance.csv, categories/ID.csv\n"
    "                         (docs/FORMAT.md, \"pcf results\")\n"
    "  -n, --iterations N     Monte Carlo iterations (default 0: none)\n"
    "  --seed S               random seed (default 0)\n"
    "  --primary ID           a product whose data are primary (repeatable)\n"
    "  --lognormal median|mean  stored amount is the median (default) or\n"
    "                         the mean of a lognormal\n"
    "  --pedigree-fill        pedigree scores without a distribution give\n"
    "                         a lognormal (basic GSD --basic-gsd, 1.05)\n"
    "  --basic-gsd G\n"
    "  --missing-score S      data-quality score of a missing pedigree\n"
    "                         score, 1..5 (default 5, the worst)\n"
    "  --block-size B         iterations per block (default 16)\n"
    "  --threads T            threads, 1..4096 (default: all cores)\n"
    "  --strict               exit 6 when a category does not conform\n"
    "  --report ID            also write the footprint study report of\n"
    "                         category ID as DIR/reports/STEM.html, a\n"
    "                         self-contained page (repeatable; docs/REPORT.md)\n"
    "  --reports              the report of every category\n"
    "\n"
    "Exit codes: 0 done (conforming or not: see the report); 2 usage; 3 bad\n"
    "input (a rule file, the model, a rule naming what the model lacks, a\n"
    "--report ID that is no category: nothing is written);\n"
    "4 numerical failure; 5 output; 6 with --strict, a category does not\n"
    "conform.\n";

enum { OPT_SEED = 256, OPT_PRIMARY, OPT_LOGN, OPT_PED, OPT_BASIC, OPT_MISS,
       OPT_BS, OPT_THR, OPT_STRICT, OPT_REPORT, OPT_REPORTS };

static const struct option opts[] = {
    {"output", required_argument, NULL, 'o'},
    {"iterations", required_argument, NULL, 'n'},
    {"help", no_argument, NULL, 'h'},
    {"seed", required_argument, NULL, OPT_SEED},
    {"primary", required_argument, NULL, OPT_PRIMARY},
    {"lognormal", required_argument, NULL, OPT_LOGN},
    {"pedigree-fill", no_argument, NULL, OPT_PED},
    {"basic-gsd", required_argument, NULL, OPT_BASIC},
    {"missing-score", required_argument, NULL, OPT_MISS},
    {"block-size", required_argument, NULL, OPT_BS},
    {"threads", required_argument, NULL, OPT_THR},
    {"strict", no_argument, NULL, OPT_STRICT},
    {"report", required_argument, NULL, OPT_REPORT},
    {"reports", no_argument, NULL, OPT_REPORTS},
    {NULL, 0, NULL, 0},
};

#define CLI_EXIT_NONCONFORMING 6
#define MAX_PRIMARY 4096

typedef struct pcf_cli {
    const char *out;
    lca_pcf_options opt;
    const char *primary[MAX_PRIMARY];
    int threads, strict;
    int64_t nreport;  // --report IDs; -1: --reports (every category)
    const char *report[MAX_PRIMARY];
} pcf_cli;

// A number option in lo..hi into *x; 0 when it is not one.
static int number(const char *s, double lo, double hi, double *x) {
    char *end;
    *x = strtod(s, &end);
    return end != s && *end == '\0' && *x >= lo && *x <= hi;
}

// One option c (with optarg); returns -1 or an exit code.
static int option(const cli_env *env, int c, void *arg) {
    pcf_cli *o = arg;
    lca_mc_options *mc = &o->opt.mc;
    long v = 0;
    switch (c) {
    case 'o': o->out = optarg; return -1;
    case 'n':
        v = cli_parse_count(optarg);
        o->opt.iterations = v;
        return v > 0 ? -1 : cli_usage_error(env, "-n needs a count > 0");
    case OPT_SEED:
        mc->seed = strtoull(optarg, NULL, 10);
        return -1;
    case OPT_PRIMARY:
        if (o->opt.nprimary == MAX_PRIMARY) {
            return cli_usage_error(env, "more than %d --primary products",
                                   MAX_PRIMARY);
        }
        o->primary[o->opt.nprimary++] = optarg;
        return -1;
    case OPT_LOGN:
        mc->lognormal_mean_preserving = strcmp(optarg, "mean") == 0;
        if (strcmp(optarg, "mean") == 0 || strcmp(optarg, "median") == 0) {
            return -1;
        }
        return cli_usage_error(env, "--lognormal must be median or mean");
    case OPT_PED: mc->pedigree_fill = 1; return -1;
    case OPT_BASIC:
        if (number(optarg, 1.0, 1e6, &mc->pedigree_basic_gsd)) return -1;
        return cli_usage_error(env, "--basic-gsd needs a number >= 1");
    case OPT_MISS:
        if (number(optarg, 1.0, 5.0, &o->opt.missing_score)) return -1;
        return cli_usage_error(env, "--missing-score needs a number in 1..5");
    case OPT_BS:
        mc->block_size = cli_parse_count(optarg);
        return mc->block_size > 0 ? -1 : cli_usage_error(env, "--block-size "
                                                         "needs a count > 0");
    case OPT_THR: {
        long t = 0;
        int rc = cli_parse_threads(env, optarg, &t);
        o->threads = (int)t;
        return rc;
    }
    case OPT_STRICT: o->strict = 1; return -1;
    case OPT_REPORT:
        if (o->nreport < 0 || o->nreport == MAX_PRIMARY) {
            return cli_usage_error(env, "--report ID takes at most %d ids "
                                   "and not with --reports", MAX_PRIMARY);
        }
        o->report[o->nreport++] = optarg;
        return -1;
    case OPT_REPORTS:
        if (o->nreport > 0) {
            return cli_usage_error(env, "--reports and --report ID "
                                   "together");
        }
        o->nreport = -1;
        return -1;
    default: return CLI_OPT_UNKNOWN;
    }
}

static int parse(const cli_env *env, int argc, char **argv, pcf_cli *o) {
    int rc = cli_getopt(env, argc, argv, "o:n:h", opts, help, option, o);
    if (rc >= 0) return rc;
    if (argc - optind != 2) {
        return cli_usage_error(env, "needs a rule set folder and a model");
    }
    if (o->out == NULL) return cli_usage_error(env, "missing -o DIR");
    o->opt.primary = o->primary;
    return -1;
}

// "1.234e+03" style with 4 significant digits, or "-" for NaN.
static const char *num(double x, char buf[32]) {
    if (isnan(x)) return "-";
    snprintf(buf, 32, "%.4g", x);
    return buf;
}

// The terminal summary: one line per category.
static void print_summary(const lca_pcf *p) {
    int64_t n = lca_pcf_ncategories(p), N = lca_pcf_iterations(p);
    int64_t conforming = 0;
    printf("%-28s %12s %-22s %-23s %5s  %s\n", "category", "footprint",
           "unit", N > 0 ? "95 % interval" : "", "DQR", "conformance");
    for (int64_t k = 0; k < n; k++) {
        lca_pcf_result r;
        char a[32], b[32], c[32], d[32], unit[64], iv[80] = "";
        lca_pcf_result_get(p, k, &r);
        snprintf(unit, sizeof unit, "%s/%s", r.indicator_unit, r.unit);
        if (N > 0) {
            snprintf(iv, sizeof iv, "[%s, %s]", num(r.q[0], b),
                     num(r.q[LCA_MC_NQUANTILES - 1], c));
        }
        conforming += r.conforms;
        printf("%-28.28s %12s %-22.22s %-23s %5s  ", r.id,
               num(r.footprint, a), unit, iv, num(r.dqr, d));
        if (r.conforms) {
            printf("conforms\n");
            continue;
        }
        printf("%lld violation%s:", (long long)r.nviolations,
               r.nviolations > 1 ? "s" : "");
        for (int64_t v = 0; v < r.nviolations; v++) {
            int seen = 0;  // each check once
            for (int64_t u = 0; u < v; u++) {
                seen |= strcmp(r.violations[u].check,
                               r.violations[v].check) == 0;
            }
            if (!seen) printf(" %s", r.violations[v].check);
        }
        printf("\n");
    }
    printf("%lld of %lld categories conform", (long long)conforming,
           (long long)n);
    if (N > 0) {
        printf("; %lld Monte Carlo iterations (%lld failed), paired across "
               "categories", (long long)N, (long long)lca_pcf_nfailed(p));
    }
    printf("\n");
}

// The report pages into OUT/reports/ (lca_report_pcf_write).
static lca_status reports(const cli_env *env, const pcf_cli *o,
                          const lca_pcf *p, const char *model) {
    lca_ctx *ctx = lca_model_ctx(lca_pcf_model(p));
    lca_report_options ro;
    char sha[65] = "", created[32], *dir = NULL;
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(created, sizeof created, "%Y-%m-%dT%H:%M:%SZ", &tm);
    lca_report_options_default(&ro);
    ro.model_file = model;
    ro.model_sha256 = sha;
    ro.created_utc = created;
    ro.command_line = env->command_line;
    ro.engine_version = lca_version();
    lca_status st = lca_file_sha256(ctx, model, sha);
    size_t len = strlen(o->out) + sizeof "/reports";
    dir = st == LCA_OK ? malloc(len) : NULL;
    if (st == LCA_OK && dir == NULL) st = LCA_ERR_NOMEM;
    if (st == LCA_OK) {
        snprintf(dir, len, "%s/reports", o->out);
        st = lca_report_pcf_write(p, o->nreport > 0 ? o->nreport : 0,
                                  o->report, &ro, dir);
    }
    free(dir);
    return st;
}

static int run(const cli_env *env, pcf_cli *o, const char *rules,
               const char *model, lca_ctx *ctx) {
    lca_ruleset *rs = NULL;
    lca_model *M = NULL;
    lca_pcf *p = NULL;
    int rc = CLI_EXIT_OK;
    lca_status st = lca_ruleset_read(ctx, rules, &rs);
    for (int64_t i = 0; st == LCA_OK && i < o->nreport; i++) {
        int64_t k;
        if (lca_ruleset_find(rs, o->report[i], &k) != LCA_OK) {
            fprintf(stderr, "leontief %s: error: %s: no category '%s' to "
                    "report (--report names a category id of the rule "
                    "set); nothing written\n", env->cmd, rules,
                    o->report[i]);
            rc = CLI_EXIT_INPUT;
            goto done;
        }
    }
    if (st == LCA_OK) st = lca_model_read(ctx, model, &M);
    if (st == LCA_OK) st = lca_pcf_create(M, rs, &o->opt, &p);
    if (st == LCA_OK) st = lca_pcf_run(p, NULL);
    if (st > 0) cli_warn(env, ctx, st);
    if (st < 0) {
        rc = cli_fail(env, ctx, st, 0);
        goto done;
    }
    st = lca_pcf_write(p, o->out, model);
    if (st != LCA_OK) {
        rc = cli_fail(env, ctx, st, 1);
        goto done;
    }
    if (o->nreport != 0) st = reports(env, o, p, model);
    if (st != LCA_OK) {
        rc = cli_fail(env, ctx, st, 1);
        goto done;
    }
    print_summary(p);
    printf("written: %s (pcf.h5, summary.csv, conformance.csv, "
           "categories/%s)\n", o->out, o->nreport != 0 ? ", reports/" : "");
    for (int64_t k = 0; o->strict && k < lca_pcf_ncategories(p); k++) {
        lca_pcf_result r;
        lca_pcf_result_get(p, k, &r);
        if (!r.conforms) rc = CLI_EXIT_NONCONFORMING;
    }
done:
    lca_pcf_destroy(&p);
    lca_model_destroy(&M);
    lca_ruleset_destroy(&rs);
    return rc;
}

int cli_pcf(const cli_env *env, int argc, char **argv) {
    pcf_cli o;
    memset(&o, 0, sizeof o);
    lca_pcf_options_default(&o.opt);
    int rc = parse(env, argc, argv, &o);
    if (rc >= 0) return rc;
    lca_ctx *ctx = NULL;
    if (lca_ctx_create(&ctx) != LCA_OK) {
        return cli_fail(env, NULL, LCA_ERR_NOMEM, 0);
    }
    if (o.threads > 0) lca_ctx_set_nthreads(ctx, o.threads);
    rc = run(env, &o, argv[optind], argv[optind + 1], ctx);
    lca_ctx_destroy(&ctx);
    return rc;
}
