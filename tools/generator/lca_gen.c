// tools/generator/lca_gen.c: lca-gen, write a synthetic supply-chain model
// SPDX-License-Identifier: MIT
//
//   lca-gen --profile small|eco|regional [--seed S] [--n N] [-o model.h5]
//           [--back-share X] [--no-fill] [--json] [--rules DIR]
//           [--rule-count N]
//
// Generates the system (gen.h), writes it with lca_model_write, and prints
// its fingerprint: sizes, the largest strongly connected component, the
// UMFPACK fill nnz(L+U)/nnz(A) and the times to generate, write, analyse,
// factorize and solve once. --no-fill skips the factorization (for sizes
// where it is slow); --json prints the fingerprint as one JSON object;
// --back-share overrides the profile's share of band inputs drawn from
// anywhere in the band (0..1), which sets the LU fill; --rules writes
// --rule-count (200) synthetic product rules over the key products into
// DIR as rule-NNNN.json (gen_rules_create, docs/RULES.md). Exit status: 0
// done, 2 bad command line or parameters, 1 anything else (out of memory,
// the file cannot be written, a singular system).

#define _POSIX_C_SOURCE 200809L

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gen.h"

typedef struct options {
    const char *profile, *out, *rules;
    uint64_t seed;
    int64_t n, nrules;
    double back_share;  // < 0: the profile's
    int fill, json;
} options;

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int usage(void) {
    fprintf(stderr, "usage: lca-gen --profile small|eco|regional [--seed S] "
                    "[--n N] [-o model.h5] [--back-share X] [--no-fill] "
                    "[--json] [--rules DIR] [--rule-count N]\n");
    return 2;
}

// Returns 0, or the exit status for a bad command line.
static int parse(int argc, char **argv, options *o) {
    *o = (options){.profile = NULL, .out = NULL, .rules = NULL, .seed = 1,
                   .n = 0, .nrules = 200, .back_share = -1.0, .fill = 1,
                   .json = 0};
    for (int a = 1; a < argc; a++) {
        const char *arg = argv[a], *val = a + 1 < argc ? argv[a + 1] : NULL;
        int takes = strcmp(arg, "--profile") == 0 || strcmp(arg, "-o") == 0 ||
                    strcmp(arg, "--seed") == 0 || strcmp(arg, "--n") == 0 ||
                    strcmp(arg, "--back-share") == 0 ||
                    strcmp(arg, "--rules") == 0 ||
                    strcmp(arg, "--rule-count") == 0;
        if (takes && val == NULL) return usage();
        if (strcmp(arg, "--profile") == 0) {
            o->profile = val;
        } else if (strcmp(arg, "-o") == 0) {
            o->out = val;
        } else if (strcmp(arg, "--seed") == 0) {
            o->seed = strtoull(val, NULL, 10);
        } else if (strcmp(arg, "--n") == 0) {
            o->n = strtoll(val, NULL, 10);
        } else if (strcmp(arg, "--back-share") == 0) {
            o->back_share = strtod(val, NULL);
        } else if (strcmp(arg, "--rules") == 0) {
            o->rules = val;
        } else if (strcmp(arg, "--rule-count") == 0) {
            o->nrules = strtoll(val, NULL, 10);
            if (o->nrules < 1) return usage();
        } else if (strcmp(arg, "--no-fill") == 0) {
            o->fill = 0;
        } else if (strcmp(arg, "--json") == 0) {
            o->json = 1;
        } else {
            fprintf(stderr, "lca-gen: unknown option '%s'\n", arg);
            return usage();
        }
        a += takes;
    }
    return o->profile == NULL ? usage() : 0;
}

static void print_text(const options *o, const gen_fingerprint *fp,
                       double t_gen, double t_write) {
    printf("profile %s, seed %" PRIu64 "%s%s\n", o->profile, o->seed,
           o->out ? ", written to " : "", o->out ? o->out : "");
    printf("  n %" PRId64 " activities, m %" PRId64 " flows, k %" PRId64
           " indicators\n", fp->n, fp->m, fp->k);
    printf("  nnz A %" PRId64 " (%.2f per column), nnz B %" PRId64
           " (%.2f per column), nnz C %" PRId64 "\n",
           fp->nnz_A, (double)fp->nnz_A / (double)fp->n, fp->nnz_B,
           (double)fp->nnz_B / (double)fp->n, fp->nnz_C);
    printf("  largest SCC %" PRId64 " activities (%.1f %%); SCCs of two "
           "or more activities: %" PRId64 "\n", fp->scc_largest,
           100.0 * fp->scc_share, fp->scc_loops);
    if (fp->nnz_lu >= 0) {
        printf("  UMFPACK nnz(L+U) %" PRId64 ", fill %.1f\n", fp->nnz_lu,
               fp->fill);
        printf("  min supply / max (first key demand) %.3g\n",
               fp->min_supply);
    }
    printf("  time: generate %.3f s, write %.3f s", t_gen, t_write);
    if (fp->nnz_lu >= 0) {
        printf(", analysis %.3f s, factor %.3f s, solve %.4f s",
               fp->t_analysis, fp->t_factor, fp->t_solve);
    }
    printf("\n");
}

// NaN is not JSON: null instead.
static void json_num(const char *key, double v, const char *sep) {
    if (isnan(v)) {
        printf("\"%s\": null%s", key, sep);
    } else {
        printf("\"%s\": %.6g%s", key, v, sep);
    }
}

static void print_json(const options *o, const gen_fingerprint *fp,
                       double t_gen, double t_write) {
    printf("{\"profile\": \"%s\", \"seed\": %" PRIu64 ", \"n\": %" PRId64
           ", \"m\": %" PRId64 ", \"k\": %" PRId64 ", \"nnz_A\": %" PRId64
           ", \"nnz_B\": %" PRId64 ", \"nnz_C\": %" PRId64
           ", \"scc_largest\": %" PRId64 ", \"scc_loops\": %" PRId64 ", ",
           o->profile, o->seed, fp->n, fp->m, fp->k, fp->nnz_A, fp->nnz_B,
           fp->nnz_C, fp->scc_largest, fp->scc_loops);
    json_num("scc_share", fp->scc_share, ", ");
    printf("\"nnz_lu\": %" PRId64 ", ", fp->nnz_lu);
    json_num("fill", fp->fill, ", ");
    json_num("min_supply", fp->min_supply, ", ");
    json_num("t_generate", t_gen, ", ");
    json_num("t_write", t_write, ", ");
    json_num("t_analysis", fp->t_analysis, ", ");
    json_num("t_factor", fp->t_factor, ", ");
    json_num("t_solve", fp->t_solve, "}\n");
}

// The synthetic rules of M into dir/rule-NNNN.json.
static lca_status write_rules(const lca_model *M, const options *o) {
    lca_ruleset *rs = NULL;
    lca_status st = gen_rules_create(M, o->nrules, &rs);
    for (int64_t i = 0; st == LCA_OK && i < lca_ruleset_count(rs); i++) {
        char path[4200];
        snprintf(path, sizeof path, "%s/rule-%04" PRId64 ".json", o->rules,
                 i);
        st = lca_rule_write(lca_ruleset_rule(rs, i), path);
    }
    lca_ruleset_destroy(&rs);
    return st;
}

static int run(lca_ctx *ctx, const options *o) {
    gen_params p;
    lca_model *M = NULL;
    gen_fingerprint fp;
    double t_write = 0.0;
    lca_status st = gen_params_profile(ctx, o->profile, o->seed, o->n, &p);
    if (o->back_share >= 0.0) p.back_share = o->back_share;
    double t0 = now();
    if (st == LCA_OK) st = gen_model_create(ctx, &p, &M);
    double t_gen = now() - t0;
    if (st == LCA_OK && o->out != NULL) {
        t0 = now();
        st = lca_model_write(M, o->out);
        t_write = now() - t0;
    }
    if (st == LCA_OK && o->rules != NULL) st = write_rules(M, o);
    if (st == LCA_OK) st = gen_fingerprint_compute(M, o->fill, &fp);
    lca_model_destroy(&M);
    if (st < LCA_OK) {
        fprintf(stderr, "lca-gen: %s: %s\n", lca_status_str(st),
                lca_ctx_errmsg(ctx));
        return st == LCA_ERR_ARG ? 2 : 1;
    }
    if (o->json) {
        print_json(o, &fp, t_gen, t_write);
    } else {
        print_text(o, &fp, t_gen, t_write);
    }
    return 0;
}

int main(int argc, char **argv) {
    options o;
    int rc = parse(argc, argv, &o);
    if (rc != 0) return rc;
    lca_ctx *ctx = NULL;
    if (lca_ctx_create(&ctx) != LCA_OK) {
        fprintf(stderr, "lca-gen: out of memory\n");
        return 1;
    }
    rc = run(ctx, &o);
    lca_ctx_destroy(&ctx);
    return rc;
}
