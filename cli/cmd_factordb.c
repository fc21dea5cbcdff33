// cli/cmd_factordb.c: `leontief factordb build|diff`: factor-database releases
// SPDX-License-Identifier: MIT
//
// build is one library call, lca_fdb_build (lca/fdb_build.h: the Monte
// Carlo into the release's staging folder, the records, the files); diff
// compares two releases (lca/factordb.h, lca/release.h). This file parses and prints; the jobs are
// library calls.

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "factordb.h"

static const char help[] =
    "usage: leontief factordb build MODEL.h5 -n N --seed S -o RELEASE\n"
    "                [options]\n"
    "       leontief factordb build MODEL.h5 --from-mc MC.h5 -o RELEASE\n"
    "       leontief factordb diff OLD NEW [--threshold X] [-o DIFF.csv]\n"
    "       leontief factordb package RELEASE MODEL.h5 [--rules DIR] -o PKG\n"
    "       leontief factordb verify PKG [--tolerance T]\n"
    "       (package, verify: leontief factordb package --help)\n"
    "\n"
    "build: a factor-database release of every product of MODEL: the\n"
    "cradle-to-gate factor, its Monte Carlo distribution, split components\n"
    "and per-gas parts, data-quality rating, cut-off inputs, traced inputs\n"
    "and a stable record id, as factors.csv, factors.json, factors.h5 and\n"
    "trace.csv, with montecarlo.h5, manifest.json (provenance, hashes) and\n"
    "SHA256SUMS in the folder RELEASE, which appears whole or not at all\n"
    "and is never overwritten (docs/FACTORDB.md, docs/FORMAT.md).\n"
    "\n"
    "  -n, --iterations N     Monte Carlo iterations\n"
    "  --seed S               random seed (any 64-bit integer)\n"
    "  -o, --output DIR       the release folder (must not exist)\n"
    "  --indicator NAME       the total (default: the model's split total,\n"
    "                         or its only indicator)\n"
    "  --split-mc             Monte Carlo statistics of the components too\n"
    "                         (one more transposed solve each per iteration)\n"
    "  --from-mc MC.h5        statistics from this finished run of MODEL\n"
    "                         (leontief mc) instead of running one\n"
    "  --previous DIR         the release this one follows: unchanged\n"
    "                         records keep their ids, changed ones get new\n"
    "                         ids that name the record they supersede\n"
    "  --threshold X          re-issue when a factor moves by more than X\n"
    "                         (relative; default 0.10 as PACT, TfS: 0.20)\n"
    "  --trace-share X        list the direct inputs with at least this\n"
    "                         share of a factor (default 0.01)\n"
    "  --missing-score S      rating of a missing pedigree score, 1..5\n"
    "                         (default 5)\n"
    "  --gwp-set TEXT         the GWP set's name (default: the indicator's)\n"
    "  --product NAME         show this product in the table (repeatable;\n"
    "                         also a paired Monte Carlo demand)\n"
    "  --top N                without --product: the N largest factors\n"
    "                         (default 10)\n"
    "  --threads T, --pedigree-fill, --basic-gsd G, --lognormal median|mean,\n"
    "  --on-fail skip|abort, --block-size B, --solver auto|sparse|dense,\n"
    "  --presamples CSV, --checkpoint-seconds T, --mc-solver, --krylov,\n"
    "  --krylov-tol, --krylov-max, --krylov-restart, --krylov-batch: as for\n"
    "  leontief mc\n"
    "\n"
    "diff: which factors changed between two releases, by how much,\n"
    "whether beyond Monte Carlo noise, and which must be re-issued.\n"
    "  --threshold X          as above (default 0.10)\n"
    "  --tolerance T          factors equal within T relative (1e-9)\n"
    "  -o, --output FILE      every product's row as CSV\n"
    "\n"
    "Exit codes: 0 done; 2 usage; 3 bad input; 4 numerical failure;\n"
    "5 output; 75 the Monte Carlo was stopped by a signal (the message\n"
    "says how to resume).\n";

enum {
    OPT_SEED = 256,
    OPT_IND,
    OPT_SPLIT,
    OPT_FROM,
    OPT_PREV,
    OPT_THRESH,
    OPT_TRACE,
    OPT_MISSING,
    OPT_GWP,
    OPT_PROD,
    OPT_TOP,
    OPT_THR,
    OPT_TOL,
    OPT_PASS1,
    OPT_PASS = 300,  // options passed to leontief mc
};

static const struct option build_opts[] = {
    {"iterations", required_argument, NULL, 'n'},
    {"output", required_argument, NULL, 'o'},
    {"help", no_argument, NULL, 'h'},
    {"seed", required_argument, NULL, OPT_SEED},
    {"indicator", required_argument, NULL, OPT_IND},
    {"split-mc", no_argument, NULL, OPT_SPLIT},
    {"from-mc", required_argument, NULL, OPT_FROM},
    {"previous", required_argument, NULL, OPT_PREV},
    {"threshold", required_argument, NULL, OPT_THRESH},
    {"trace-share", required_argument, NULL, OPT_TRACE},
    {"missing-score", required_argument, NULL, OPT_MISSING},
    {"gwp-set", required_argument, NULL, OPT_GWP},
    {"product", required_argument, NULL, OPT_PROD},
    {"top", required_argument, NULL, OPT_TOP},
    {"threads", required_argument, NULL, OPT_THR},
    {"pedigree-fill", no_argument, NULL, OPT_PASS1},
    {"basic-gsd", required_argument, NULL, OPT_PASS},
    {"lognormal", required_argument, NULL, OPT_PASS},
    {"on-fail", required_argument, NULL, OPT_PASS},
    {"block-size", required_argument, NULL, OPT_PASS},
    {"solver", required_argument, NULL, OPT_PASS},
    {"presamples", required_argument, NULL, OPT_PASS},
    {"checkpoint-seconds", required_argument, NULL, OPT_PASS},
    {"mc-solver", required_argument, NULL, OPT_PASS},
    {"krylov", required_argument, NULL, OPT_PASS},
    {"krylov-tol", required_argument, NULL, OPT_PASS},
    {"krylov-max", required_argument, NULL, OPT_PASS},
    {"krylov-restart", required_argument, NULL, OPT_PASS},
    {"krylov-batch", required_argument, NULL, OPT_PASS},
    {NULL, 0, NULL, 0},
};

// A number in [lo, hi] from optarg, else -1 with a usage error.
static int real(const cli_env *env, double lo, double hi, double *v) {
    char *end;
    *v = strtod(optarg, &end);
    if (*end != '\0' || !(*v >= lo && *v <= hi)) {
        return cli_usage_error(env, "bad value '%s' (expected %g..%g)", optarg,
                               lo, hi);
    }
    return -1;
}

// Pass the option just parsed to leontief mc as the user wrote it: one
// token ("--on-fail=skip", "--pedigree-fill") or two ("--on-fail skip").
static int pass(const cli_env *env, fdb_build_opts *o, char **argv, int value) {
    int two = value && optarg == argv[optind - 1];
    if (o->nmc + 2 > FDB_MAX_ARGS) {
        return cli_usage_error(env, "too many options");
    }
    if (two) o->mc_args[o->nmc++] = argv[optind - 2];
    o->mc_args[o->nmc++] = argv[optind - 1];
    return -1;
}

// What build_one reads and fills: the options, and argv for the Monte
// Carlo options passed on as they were written.
typedef struct build_state {
    fdb_build_opts *o;
    char **argv;
} build_state;

static int build_one(const cli_env *env, int c, void *arg) {
    const build_state *b = arg;
    fdb_build_opts *o = b->o;
    char **argv = b->argv;
    switch (c) {
        case 'n':
            o->iterations = optarg;
            return -1;
        case 'o':
            o->out = optarg;
            return -1;
        case OPT_SEED:
            o->seed = optarg;
            return -1;
        case OPT_IND:
            o->indicator = optarg;
            return -1;
        case OPT_SPLIT:
            o->split_mc = 1;
            return -1;
        case OPT_FROM:
            o->from_mc = optarg;
            return -1;
        case OPT_PREV:
            o->previous = optarg;
            return -1;
        case OPT_GWP:
            o->gwp_set = optarg;
            return -1;
        case OPT_THRESH:
            return real(env, 0.0, INFINITY, &o->threshold);
        case OPT_TRACE:
            return real(env, 0.0, 1.0, &o->trace_share);
        case OPT_MISSING:
            return real(env, 1.0, 5.0, &o->missing_score);
        case OPT_PROD:
            if (o->nprod >= FDB_MAX_ARGS)
                return cli_usage_error(env, "too many");
            o->products[o->nprod++] = optarg;
            return -1;
        case OPT_THR:
            return cli_parse_threads(env, optarg, &o->threads);
        case OPT_TOP: {
            long v = cli_parse_count(optarg);
            if (v < 0) return cli_usage_error(env, "bad value '%s'", optarg);
            o->top = v;
            return -1;
        }
        case OPT_PASS1:
            return pass(env, o, argv, 0);
        case OPT_PASS:
            return pass(env, o, argv, 1);
        default:
            return CLI_OPT_UNKNOWN;
    }
}

static int check_build(const cli_env *env, const fdb_build_opts *o) {
    if (o->out == NULL) return cli_usage_error(env, "missing -o RELEASE");
    if (o->from_mc != NULL) {
        if (o->iterations != NULL || o->seed != NULL || o->nmc > 0 ||
            o->split_mc) {
            return cli_usage_error(env,
                                   "--from-mc takes the run as it is: "
                                   "no -n, --seed, --split-mc or Monte "
                                   "Carlo options");
        }
        return -1;
    }
    if (o->iterations == NULL || cli_parse_count(o->iterations) < 0) {
        return cli_usage_error(env, "missing or bad -n ITER");
    }
    if (o->seed == NULL) {
        return cli_usage_error(env,
                               "missing --seed S (results are "
                               "reproducible only with a stated seed)");
    }
    return -1;
}

static int build(const cli_env *env, int argc, char **argv) {
    fdb_build_opts o;
    memset(&o, 0, sizeof o);
    o.threshold = 0.10;
    o.trace_share = 0.01;
    o.missing_score = 5.0;
    o.top = 10;
    build_state b = {&o, argv};
    int rc = cli_getopt(env, argc, argv, "n:o:h", build_opts, help,
                        build_one, &b);
    if (rc >= 0) return rc;
    if (optind != argc - 1) return cli_usage_error(env, "expected one model");
    o.model = argv[optind];
    rc = check_build(env, &o);
    return rc >= 0 ? rc : fdb_build_run(env, &o);
}

// ---- diff
// ---------------------------------------------------------------------

static const struct option diff_opts[] = {
    {"output", required_argument, NULL, 'o'},
    {"help", no_argument, NULL, 'h'},
    {"threshold", required_argument, NULL, OPT_THRESH},
    {"tolerance", required_argument, NULL, OPT_TOL},
    {NULL, 0, NULL, 0},
};

// Counts per change and the products to re-issue, largest change first.
static void print_diff(const lca_fdb *old, const lca_fdb *nw,
                       const lca_fdb_diff_row *rows, int64_t n,
                       const lca_fdb_diff_options *dopt) {
    int64_t count[4] = {0}, reissue = 0, noise = 0;
    for (int64_t k = 0; k < n; k++) {
        count[rows[k].change]++;
        reissue += rows[k].reissue;
        noise += rows[k].beyond_noise && rows[k].change == LCA_FDB_CHANGED;
    }
    printf(
        "%lld unchanged, %lld changed (%lld beyond Monte Carlo noise), "
        "%lld added, %lld removed; %lld to re-issue (threshold %g %%)\n",
        (long long)count[0], (long long)count[1], (long long)noise,
        (long long)count[2], (long long)count[3], (long long)reissue,
        100 * dopt->threshold);
    int shown = 0;
    for (int64_t k = 0; k < n && shown < 20; k++) {
        const lca_fdb_diff_row *r = &rows[k];
        if (!r->reissue) continue;
        if (shown++ == 0) {
            printf("  %10s %12s %12s  %-5s %-17s  %s\n", "change", "old", "new",
                   "noise", "supersedes", "product");
        }
        printf("  %+9.1f%% %12.6g %12.6g  %-5s %-17s  %s [%s]\n",
               100 * r->rel_change, r->old_factor, r->new_factor,
               r->beyond_noise ? "yes" : "no",
               lca_fdb_text_get(old, LCA_FDB_RECORD_ID, r->old_index),
               lca_fdb_text_get(nw, LCA_FDB_PRODUCT_NAME, r->new_index),
               lca_fdb_text_get(nw, LCA_FDB_UNIT, r->new_index));
    }
    if (reissue > shown)
        printf("  ... (%lld more)\n", (long long)(reissue - shown));
}

static int run_diff(const cli_env *env, const char *a, const char *b,
                    const lca_fdb_diff_options *dopt, const char *out) {
    lca_ctx *ctx = NULL;
    if (lca_ctx_create(&ctx) != LCA_OK)
        return cli_fail(env, NULL, LCA_ERR_NOMEM, 0);
    lca_fdb *old = NULL, *nw = NULL;
    lca_fdb_diff_row *rows = NULL;
    int64_t n = 0;
    int rc = CLI_EXIT_OK;
    lca_status st = lca_fdb_read(ctx, a, &old);
    if (st == LCA_OK) st = lca_fdb_read(ctx, b, &nw);
    if (st == LCA_OK) st = lca_fdb_diff(old, nw, dopt, 0, &rows, &n);
    if (st != LCA_OK) {
        rc = cli_fail(env, ctx, st, 0);
        goto done;
    }
    print_diff(old, nw, rows, n, dopt);
    if (out != NULL) {
        st = lca_fdb_diff_write_csv(old, nw, rows, n, out);
        if (st != LCA_OK)
            rc = cli_fail(env, ctx, st, 1);
        else
            printf("written: %s\n", out);
    }
done:
    lca_fdb_diff_free(nw, &rows);
    lca_fdb_destroy(&old);
    lca_fdb_destroy(&nw);
    lca_ctx_destroy(&ctx);
    return rc;
}

// What diff_one fills.
typedef struct diff_state {
    lca_fdb_diff_options dopt;
    const char *out;
} diff_state;

static int diff_one(const cli_env *env, int c, void *arg) {
    diff_state *d = arg;
    if (c == 'o') {
        d->out = optarg;
        return -1;
    }
    if (c == OPT_THRESH) return real(env, 0.0, INFINITY, &d->dopt.threshold);
    if (c == OPT_TOL) return real(env, 0.0, 1.0, &d->dopt.tolerance);
    return CLI_OPT_UNKNOWN;
}

static int diff(const cli_env *env, int argc, char **argv) {
    diff_state d = {.out = NULL};
    lca_fdb_diff_options_default(&d.dopt);
    int rc = cli_getopt(env, argc, argv, "o:h", diff_opts, help, diff_one, &d);
    if (rc >= 0) return rc;
    if (optind != argc - 2) return cli_usage_error(env, "expected OLD and NEW");
    return run_diff(env, argv[optind], argv[optind + 1], &d.dopt, d.out);
}

int cli_factordb(const cli_env *env, int argc, char **argv) {
    if (argc >= 2 && strcmp(argv[1], "build") == 0) {
        return build(env, argc - 1, argv + 1);
    }
    if (argc >= 2 && strcmp(argv[1], "diff") == 0) {
        return diff(env, argc - 1, argv + 1);
    }
    if (argc >= 2 && strcmp(argv[1], "package") == 0) {
        return fdb_package(env, argc - 1, argv + 1);
    }
    if (argc >= 2 && strcmp(argv[1], "verify") == 0) {
        return fdb_verify(env, argc - 1, argv + 1);
    }
    if (argc >= 2 &&
        (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs(help, stdout);
        return CLI_EXIT_OK;
    }
    return cli_usage_error(env, "expected 'build', 'diff', 'package' or "
                           "'verify'");
}
