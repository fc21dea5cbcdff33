// benchmarks/bench_pact.c: what exporting PACT v3 footprints of every
// product of a release costs (issue #15's target: all 21,238 products of
// the eco-shaped system in seconds, not minutes)
//
//   bench_pact [--profile eco|small] [--n N] [--seed S] [--repeat R]
//              [--dir TMP] [--label L] [--json FILE] [--quick]
//
// The system is generated in memory (tools/generator, the profile's n or
// --n); its release is built (lca_fdb_create: one factorization, all
// factors; the total and its fossil split are the first indicator, Monte
// Carlo columns made up from the factor: the export's cost does not
// depend on their values) and written under TMP; one rule lists every
// product. Timed: lca_pact_export_release of all products (R times, each
// to a new folder, removed after; wall time and, as the export is
// serial, its process CPU time), and on its own reading the rule set.
// Times are reported, never checked.

#define _DEFAULT_SOURCE  // mkdtemp

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "bench_util.h"
#include "gen.h"
#include "lca.h"

typedef struct args {
    const char *profile, *dir, *label, *json;
    int64_t n;
    long seed;
    int repeat;
} args;

static int parse(int argc, char **argv, args *a) {
    *a = (args){"eco", "/tmp", NULL, NULL, 0, 1, 3};
    for (int i = 1; i < argc; i++) {
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(argv[i], "--quick") == 0) {
            a->profile = "small";
            a->n = 1000;
            a->repeat = 1;
            continue;
        }
        if (v == NULL) return fprintf(stderr, "bench_pact: usage\n"), 1;
        if (strcmp(argv[i], "--profile") == 0) a->profile = v;
        else if (strcmp(argv[i], "--n") == 0) a->n = atol(v);
        else if (strcmp(argv[i], "--seed") == 0) a->seed = atol(v);
        else if (strcmp(argv[i], "--repeat") == 0) a->repeat = atoi(v);
        else if (strcmp(argv[i], "--dir") == 0) a->dir = v;
        else if (strcmp(argv[i], "--label") == 0) a->label = v;
        else if (strcmp(argv[i], "--json") == 0) a->json = v;
        else return fprintf(stderr, "bench_pact: unknown %s\n", argv[i]), 1;
        i++;
    }
    if (a->label == NULL) a->label = a->profile;
    return a->repeat < 1;
}

// rm -r of a folder of plain files (an export or a release).
static void remove_dir(const char *dir) {
    DIR *d = opendir(dir);
    struct dirent *e;
    char p[4200];
    while (d != NULL && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) {
            continue;
        }
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        remove(p);
    }
    if (d != NULL) closedir(d);
    rmdir(dir);
}

// The release of M: the first indicator as the total and as both split
// columns PACT needs; made-up Monte Carlo statistics around the factor.
static lca_status release(const lca_model *M, const char *dir) {
    lca_ctx *ctx = lca_model_ctx(M);
    lca_fdb_component comp[2] = {
        {0, LCA_FDB_SPLIT, "total_including_uptake"},
        {0, LCA_FDB_SPLIT, "fossil"}};
    lca_fdb_options opt;
    lca_fdb_options_default(&opt);
    opt.ncomponents = 2;
    opt.components = comp;
    opt.gwp_set = "Climate change GWP100 (IPCC AR6)";
    lca_fdb *db = NULL;
    lca_status st = lca_fdb_create(M, &opt, &db);
    if (st < 0) return st;
    int64_t n = lca_fdb_nrecords(db);
    double *v = malloc((size_t)n * 11 * sizeof *v);
    if (v == NULL) return LCA_ERR_NOMEM;
    const double *x = lca_fdb_num_get(db, LCA_FDB_FACTOR);
    // A generated system has negative factors; PACT's fossil part is >= 0.
    double *fossil = lca_fdb_component_mut(db, 1, LCA_FDB_FACTOR);
    for (int64_t i = 0; i < n; i++) fossil[i] = fmax(x[i], 0.0);
    double *count = v, *mean = v + n, *sd = v + 2 * n, *gsd = v + 3 * n,
           *q = v + 4 * n;
    for (int64_t i = 0; i < n; i++) {
        count[i] = 1000;
        mean[i] = x[i];
        sd[i] = 0.1 * fabs(x[i]);
        gsd[i] = 1.1;
        for (int k = 0; k < 7; k++) q[k * n + i] = x[i] * (0.8 + 0.05 * k);
    }
    lca_fdb_mc mc = {count, mean, sd, gsd, q};
    st = lca_fdb_set_mc(db, -1, &mc);
    if (st == LCA_OK) st = lca_fdb_set_ids(db);
    lca_release *r = NULL;
    if (st == LCA_OK) st = lca_release_create(ctx, dir, &r);
    if (st == LCA_OK) st = lca_release_set_info(r, "seed", "1");
    if (st == LCA_OK) st = lca_release_write(r, db);
    if (st == LCA_OK) st = lca_release_commit(&r);
    free(v);
    lca_fdb_destroy(&db);
    return st;
}

// The rule of the products of M in unit `unit` (per unit, mass 1 kg:
// made up; equal shares), into dir/NAME.json.
static int write_unit_rule(const lca_model *M, const char *unit,
                           const char *dir, int r) {
    char id[32];
    snprintf(id, sizeof id, "unit-%d", r);
    json_t *o = json_pack(
        "{s:s, s:i, s:s, s:{s:s}, s:[s], s:{s:s, s:s, s:f, s:f}, "
        "s:{s:s}, s:{s:f, s:f}, s:{s:s, s:s}, s:[]}",
        "format", "leontief-pcf-rule", "version", 1, "id", id,
        "name", "en", unit, "follows", "ISO 14067:2018",
        "declared_unit", "unit", unit, "model_unit", unit, "model_amount",
        1.0, "mass_kg", 1.0, "boundary", "type", "cradle-to-gate", "cutoff",
        "item", 0.01, "limit", 0.05, "gwp", "indicator",
        lca_model_label(M, LCA_INDICATORS, LCA_LABEL_ID, 0), "set",
        "IPCC AR6", "products");
    json_t *list = json_object_get(o, "products");
    int64_t n = lca_model_dim(M, LCA_PRODUCTS), count = 0;
    for (int64_t j = 0; j < n; j++) {
        count += strcmp(lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_UNIT, j),
                        unit) == 0;
    }
    for (int64_t j = 0; list != NULL && j < n; j++) {
        if (strcmp(lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_UNIT, j),
                   unit) != 0) {
            continue;
        }
        json_array_append_new(
            list, json_pack("{s:s, s:f}", "product",
                            lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_ID, j),
                            "share", 1.0 / (double)count));
    }
    char p[4300];
    snprintf(p, sizeof p, "%s/%s.json", dir, id);
    int rc = o == NULL || json_dump_file(o, p, 0) != 0;
    json_decref(o);
    return rc;
}

// One rule per product unit of M, so that every product has one.
static int write_rules(const lca_model *M, const char *dir) {
    const char *units[64];
    int nu = 0, rc = mkdir(dir, 0777) != 0;
    int64_t n = lca_model_dim(M, LCA_PRODUCTS);
    for (int64_t j = 0; rc == 0 && j < n; j++) {
        const char *u = lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_UNIT, j);
        int seen = 0;
        for (int k = 0; k < nu; k++) seen |= strcmp(units[k], u) == 0;
        if (seen) continue;
        if (nu == 64) return 1;
        rc = write_unit_rule(M, u, dir, nu);
        units[nu++] = u;
    }
    return rc;
}

typedef struct bench {
    lca_ctx *ctx;
    const char *release, *rules, *base;
    lca_ruleset *rs;
    int k;
    int64_t bytes;
    double cpu;  // process CPU seconds of the last export (it is serial)
} bench;

static double op_export(void *arg) {
    bench *b = arg;
    static const char *const cid[] = {"urn:company:example:bench"};
    lca_pact_options o;
    lca_pact_options_default(&o);
    o.company_name = "Benchmark";
    o.ncompany_ids = 1;
    o.company_ids = cid;
    o.id_domain = "bench.example.org";
    o.created = "2025-06-30T00:00:00Z";
    o.reference_period = "2024";
    char out[4200], p[4300];
    snprintf(out, sizeof out, "%s/pact-%d", b->base, b->k++);
    double t = bench_now();
    clock_t c0 = clock();
    lca_status st = lca_pact_export_release(b->ctx, b->release, b->rs, &o,
                                            0, NULL, out);
    b->cpu = (double)(clock() - c0) / CLOCKS_PER_SEC;
    t = bench_now() - t;
    if (st != LCA_OK) {
        fprintf(stderr, "bench_pact: %s\n", lca_ctx_errmsg(b->ctx));
        return -1.0;
    }
    struct stat sb;
    snprintf(p, sizeof p, "%s/footprints.json", out);
    b->bytes = stat(p, &sb) == 0 ? (int64_t)sb.st_size : -1;
    remove_dir(out);
    return t;
}

static double op_rules(void *arg) {
    bench *b = arg;
    lca_ruleset *rs = NULL;
    double t = bench_now();
    lca_status st = lca_ruleset_read(b->ctx, b->rules, &rs);
    t = bench_now() - t;
    lca_ruleset_destroy(&rs);
    return st == LCA_OK ? t : -1.0;
}

static int measure(bench *b, const args *a, int64_t n, double t_gen,
                   double t_fdb) {
    bench_stat se, sr;
    char e[64], r[64];
    if (bench_time(op_rules, b, a->repeat, 0.0, &sr) != 0 ||
        bench_time(op_export, b, a->repeat, 0.0, &se) != 0) {
        return 1;
    }
    printf("| %s | %lld | %.1f s | %.1f s | %s | %s | %.2f s | %.1f | "
           "%.1f MiB |\n", a->label, (long long)n, t_gen, t_fdb,
           bench_fmt_ms(&sr, r, sizeof r), bench_fmt_ms(&se, e, sizeof e),
           b->cpu, 1e6 * se.median / (double)n,
           (double)b->bytes / 1048576.0);
    FILE *f = a->json != NULL ? fopen(a->json, "a") : NULL;
    if (f != NULL) {
        fprintf(f, "{\"bench\": \"pact\", \"label\": \"%s\", \"n\": %lld, "
                "\"export_s\": %.6f, \"export_cpu_s\": %.6f, \"rules_s\": %.6f, "
                "\"bytes\": %lld}\n",
                a->label, (long long)n, se.median, b->cpu, sr.median,
                (long long)b->bytes);
        fclose(f);
    }
    return 0;
}

int main(int argc, char **argv) {
    args a;
    if (parse(argc, argv, &a) != 0) return 2;
    lca_ctx *ctx = NULL;
    if (lca_ctx_create(&ctx) != LCA_OK) return 1;
    char base[2048], rel[4300], rules[2200];
    snprintf(base, sizeof base, "%s/bench-pact-XXXXXX", a.dir);
    if (mkdtemp(base) == NULL) return perror("mkdtemp"), 1;
    snprintf(rel, sizeof rel, "%s/release", base);
    snprintf(rules, sizeof rules, "%s/rules", base);
    gen_params p;
    lca_model *M = NULL;
    double t0 = bench_now();
    lca_status st = gen_params_profile(ctx, a.profile, (uint64_t)a.seed,
                                       a.n, &p);
    if (st == LCA_OK) st = gen_model_create(ctx, &p, &M);
    double t_gen = bench_now() - t0;
    t0 = bench_now();
    if (st == LCA_OK) st = release(M, rel);
    double t_fdb = bench_now() - t0;
    int rc = st < 0 || write_rules(M, rules);
    bench b = {ctx, rel, rules, base, NULL, 0, 0, 0.0};
    if (rc == 0) rc = lca_ruleset_read(ctx, rules, &b.rs) != LCA_OK;
    if (rc == 0) {
        printf("| model | products | generate | release | read rules | "
               "PACT export | its CPU | µs/product | footprints.json |\n"
               "|---|---|---|---|---|---|---|---|---|\n");
        rc = measure(&b, &a, lca_model_dim(M, LCA_PRODUCTS), t_gen, t_fdb);
    } else {
        fprintf(stderr, "bench_pact: %s\n", lca_ctx_errmsg(ctx));
    }
    lca_ruleset_destroy(&b.rs);
    lca_model_destroy(&M);
    remove_dir(rel);
    remove_dir(rules);
    rmdir(base);
    lca_ctx_destroy(&ctx);
    return rc;
}
