// benchmarks/bench_pcf.c: what 200 product categories cost in one paired
// Monte Carlo run, against the same run with one category (issue #14's
// target: at most 1.1x), and what reading and binding the rules cost
//
//   bench_pcf MODEL.h5 RULES_DIR [--iterations I] [--repeat R]
//             [--threads T] [--label L] [--json FILE] [--quick] [--cpu]
//
// RULES_DIR holds the rules (lca-gen --rules DIR writes 200 over a
// generated system's key products). The four timed operations run
// interleaved (bench_time_interleaved), so that the machine's drift hits
// them alike: lca_pcf_run without and with I Monte Carlo iterations, on
// the first rule alone and on all of them. Reading the folder and binding
// (lca_ruleset_read, lca_pcf_create) are timed on their own. Times are
// reported, never checked. --cpu times the runs by the process's CPU time
// (all threads) instead of the wall clock: on a machine other work loads,
// the ratio of work done.

#define _POSIX_C_SOURCE 200809L  // clock_gettime, CLOCK_PROCESS_CPUTIME_ID

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_util.h"

typedef struct bench {
    lca_pcf *one, *all;        // MC runs
    lca_pcf *one_det, *all_det;  // no iterations
    lca_model *M;
    const char *rules;
    lca_ctx *ctx;
    int cpu;  // time by CPU time, not wall time
} bench;

// Seconds of wall time, or of the process's CPU time.
static double clock_of(int cpu) {
    if (!cpu) return bench_now();
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double run_pcf(const bench *b, lca_pcf *p) {
    double t = clock_of(b->cpu);
    if (lca_pcf_run(p, NULL) < 0) {
        fprintf(stderr, "bench_pcf: %s\n",
                lca_ctx_errmsg(lca_model_ctx(lca_pcf_model(p))));
        return -1.0;
    }
    return clock_of(b->cpu) - t;
}

static double op_one_det(void *a) {
    return run_pcf(a, ((bench *)a)->one_det);
}
static double op_all_det(void *a) {
    return run_pcf(a, ((bench *)a)->all_det);
}
static double op_one(void *a) { return run_pcf(a, ((bench *)a)->one); }
static double op_all(void *a) { return run_pcf(a, ((bench *)a)->all); }

// Read the folder and bind every rule: the rule-set overhead.
static double op_load(void *arg) {
    bench *b = arg;
    lca_ruleset *rs = NULL;
    lca_pcf *p = NULL;
    lca_pcf_options o;
    lca_pcf_options_default(&o);
    double t = clock_of(b->cpu);
    lca_status st = lca_ruleset_read(b->ctx, b->rules, &rs);
    if (st == LCA_OK) st = lca_pcf_create(b->M, rs, &o, &p);
    t = clock_of(b->cpu) - t;
    lca_pcf_destroy(&p);
    lca_ruleset_destroy(&rs);
    if (st != LCA_OK) fprintf(stderr, "bench_pcf: %s\n",
                              lca_ctx_errmsg(b->ctx));
    return st == LCA_OK ? t : -1.0;
}

typedef struct args {
    const char *model, *rules, *label, *json;
    int64_t iterations;
    int repeat, threads, cpu;
} args;

static int parse(int argc, char **argv, args *a) {
    *a = (args){NULL, NULL, "pcf", NULL, 32, 3, 0, 0};
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(s, "--cpu") == 0) {
            a->cpu = 1;
        } else if (strcmp(s, "--quick") == 0) {
            a->iterations = 16;
            a->repeat = 1;
        } else if (v != NULL && strcmp(s, "--iterations") == 0) {
            a->iterations = atoll(v), i++;
        } else if (v != NULL && strcmp(s, "--repeat") == 0) {
            a->repeat = atoi(v), i++;
        } else if (v != NULL && strcmp(s, "--threads") == 0) {
            a->threads = atoi(v), i++;
        } else if (v != NULL && strcmp(s, "--label") == 0) {
            a->label = v, i++;
        } else if (v != NULL && strcmp(s, "--json") == 0) {
            a->json = v, i++;
        } else if (a->model == NULL) {
            a->model = s;
        } else if (a->rules == NULL) {
            a->rules = s;
        } else {
            fprintf(stderr, "bench_pcf: unknown argument %s\n", s);
            return 2;
        }
    }
    if (a->model && a->rules && a->iterations > 0 && a->repeat > 0) return 0;
    fprintf(stderr, "usage: bench_pcf MODEL.h5 RULES_DIR [--iterations I] "
                    "[--repeat R] [--threads T] [--label L] [--json FILE] "
                    "[--quick] [--cpu]\n");
    return 2;
}

// The four runs: the first rule alone and all rules, with and without
// Monte Carlo.
static lca_status prepare(bench *b, const lca_ruleset *all,
                          const lca_ruleset *one, int64_t iterations) {
    lca_pcf_options o;
    lca_pcf_options_default(&o);
    o.mc.seed = 1;
    lca_status st = lca_pcf_create(b->M, one, &o, &b->one_det);
    if (st == LCA_OK) st = lca_pcf_create(b->M, all, &o, &b->all_det);
    o.iterations = iterations;
    if (st == LCA_OK) st = lca_pcf_create(b->M, one, &o, &b->one);
    if (st == LCA_OK) st = lca_pcf_create(b->M, all, &o, &b->all);
    return st;
}

static void report(const args *a, const bench *b, int64_t ncat,
                   const double *med, const bench_stat *load) {
    double ratio = med[3] / med[2];
    double mc1 = med[2] - med[0], mcall = med[3] - med[1];
    int threads = a->threads > 0 ? a->threads : bench_nproc();
    printf("### pcf %s: %lld categories vs 1, %lld iterations, %d "
           "thread(s)%s\n\n", a->label, (long long)ncat,
           (long long)a->iterations, threads,
           a->cpu ? ", CPU time" : "");
    printf("| run | 1 category | %lld categories | ratio |\n|---|---|---|---|\n",
           (long long)ncat);
    printf("| deterministic (factorization, solves, checks) | %.3f s | "
           "%.3f s | %.2f |\n", med[0], med[1], med[1] / med[0]);
    printf("| with Monte Carlo | %.3f s | %.3f s | **%.3f** |\n", med[2],
           med[3], ratio);
    printf("| Monte Carlo alone (difference) | %.3f s | %.3f s | %.3f |\n\n",
           mc1, mcall, mcall / mc1);
    printf("Reading the %lld rule files and binding them: %.3f s (%.1f %% "
           "of the run).\n\n", (long long)ncat, load->median,
           100.0 * load->median / med[3]);
    if (a->json == NULL) return;
    FILE *f = fopen(a->json, "a");
    if (f == NULL) return;
    fprintf(f, "{\"label\": \"%s\", \"n\": %lld, \"categories\": %lld, "
            "\"iterations\": %lld, \"threads\": %d, \"t_det_one\": %.6g, "
            "\"t_det_all\": %.6g, \"t_one\": %.6g, \"t_all\": %.6g, "
            "\"ratio\": %.6g, \"t_load\": %.6g, \"clock\": \"%s\"}\n",
            a->label, (long long)lca_model_dim(b->M, LCA_PRODUCTS),
            (long long)ncat, (long long)a->iterations, threads, med[0],
            med[1], med[2], med[3], ratio, load->median,
            a->cpu ? "cpu" : "wall");
    fclose(f);
}

int main(int argc, char **argv) {
    args a;
    int rc = parse(argc, argv, &a);
    if (rc != 0) return rc;
    bench b;
    memset(&b, 0, sizeof b);
    b.rules = a.rules;
    b.cpu = a.cpu;
    lca_ruleset *all = NULL, *one = NULL;
    lca_rule *first = NULL;
    if (lca_ctx_create(&b.ctx) != LCA_OK) return 1;
    if (a.threads > 0) bench_set_threads(b.ctx, a.threads);
    lca_status st = lca_model_read(b.ctx, a.model, &b.M);
    if (st == LCA_OK) st = lca_ruleset_read(b.ctx, a.rules, &all);
    if (st == LCA_OK) st = lca_ruleset_create(b.ctx, "first", &one);
    if (st == LCA_OK) st = lca_rule_create(
                          b.ctx, lca_rule_get(lca_ruleset_rule(all, 0)),
                          &first);
    if (st == LCA_OK) st = lca_ruleset_add(one, &first);
    if (st == LCA_OK) st = prepare(&b, all, one, a.iterations);
    bench_op_fn ops[4] = {op_one_det, op_all_det, op_one, op_all};
    double med[4];
    bench_stat load;
    if (st == LCA_OK &&
        (bench_time_interleaved(4, ops, &b, a.repeat, 0.0, med) != 0 ||
         bench_time(op_load, &b, a.repeat, 0.0, &load) != 0)) {
        st = LCA_ERR_SOLVER;
    }
    if (st == LCA_OK) {
        report(&a, &b, lca_ruleset_count(all), med, &load);
    } else {
        fprintf(stderr, "bench_pcf: %s\n", lca_ctx_errmsg(b.ctx));
    }
    lca_pcf_destroy(&b.one);
    lca_pcf_destroy(&b.all);
    lca_pcf_destroy(&b.one_det);
    lca_pcf_destroy(&b.all_det);
    lca_ruleset_destroy(&one);
    lca_ruleset_destroy(&all);
    lca_model_destroy(&b.M);
    lca_ctx_destroy(&b.ctx);
    return st == LCA_OK ? 0 : 1;
}
