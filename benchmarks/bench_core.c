// benchmarks/bench_core.c: the engine's core steps, timed on real models
// SPDX-License-Identifier: MIT
//
// Usage: bench_core [--repeat R] [--quick] [--useeio DIR] [MODEL.h5 ...]
//
// Per model: load (lca_model_read; for --useeio the import, then a read of
// the imported model written to a temporary HDF5 file),
// then for the sparse path and (when n <= 5000) the dense path, at 1
// thread and at nproc threads: symbolic analysis, numeric factorization,
// one solve with T and one with T' (nrhs 1), a batch of 200 unit demands
// spread over the products (one solve call, nrhs 200) and the upstream
// factors of all k indicators (lca_calc_factors: k transposed solves).
// Each cell is the median (min-max) over R runs; a run repeats a fast
// call until it has taken >= 20 ms and reports the time per call. Prints
// markdown. No time is ever checked against a limit.

#define _DEFAULT_SOURCE

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench_util.h"

enum { BATCH = 200, NSTEPS = 6, MAXCFG = 4 };

static const char *const step_names[NSTEPS] = {
    "symbolic analysis", "numeric factorization", "solve T x = b (1 rhs)",
    "solve T' x = b (1 rhs)", "batch: 200 unit demands (1 call)",
    "factors: all k indicators (T' solves)"};

typedef struct bench {
    lca_ctx *ctx;
    const char *path;  // model file, or the USEEIO folder
    const lca_model *M;
    const lca_csc *T;
    lca_solver_options opt;
    lca_analysis *an;
    lca_solver *s;
    lca_calc *calc;
    int64_t n, k;
    double *b, *x;  // one right-hand side
    double *B, *X;  // n x BATCH
    double *N;      // k x n factors
} bench;

static double failed(bench *b, lca_status st, const char *what) {
    fprintf(stderr, "bench_core: %s: %s (%s)\n", what,
            lca_ctx_errmsg(b->ctx), lca_status_str(st));
    return -1.0;
}

static double op_read(void *arg) {
    bench *b = arg;
    lca_model *M = NULL;
    double t0 = bench_now();
    lca_status st = lca_model_read(b->ctx, b->path, &M);
    double t = bench_now() - t0;
    lca_model_destroy(&M);
    return st < 0 ? failed(b, st, "load") : t;
}

static double op_import(void *arg) {
    bench *b = arg;
    lca_model *M = NULL;
    double t0 = bench_now();
    lca_status st = lca_import_useeio(b->ctx, b->path, &M);
    double t = bench_now() - t0;
    lca_model_destroy(&M);
    return st < 0 ? failed(b, st, "import") : t;
}

static double op_analysis(void *arg) {
    bench *b = arg;
    lca_analysis *an = NULL;
    double t0 = bench_now();
    lca_status st = lca_analysis_create(b->ctx, b->T, &b->opt, &an);
    double t = bench_now() - t0;
    lca_analysis_destroy(&an);
    return st < 0 ? failed(b, st, "analysis") : t;
}

static double op_factor(void *arg) {
    bench *b = arg;
    double t0 = bench_now();
    lca_status st = lca_solver_factor(b->s, lca_csc_values(b->T));
    double t = bench_now() - t0;
    return st < 0 ? failed(b, st, "factor") : t;
}

static double solve(bench *b, lca_trans trans, int64_t nrhs, const double *B,
                    double *X) {
    double t0 = bench_now();
    lca_status st = lca_solver_solve(b->s, trans, nrhs, B, b->n, X, b->n);
    double t = bench_now() - t0;
    return st < 0 ? failed(b, st, "solve") : t;
}

static double op_solve_n(void *arg) {
    bench *b = arg;
    return solve(b, LCA_NOTRANS, 1, b->b, b->x);
}

static double op_solve_t(void *arg) {
    bench *b = arg;
    return solve(b, LCA_TRANS, 1, b->b, b->x);
}

static double op_batch(void *arg) {
    bench *b = arg;
    return solve(b, LCA_NOTRANS, BATCH, b->B, b->X);
}

static double op_factors(void *arg) {
    bench *b = arg;
    double t0 = bench_now();
    lca_status st = lca_calc_factors(b->calc, b->k, NULL, b->N, NULL);
    double t = bench_now() - t0;
    return st < 0 ? failed(b, st, "factors") : t;
}

static const bench_op_fn step_ops[NSTEPS] = {
    op_analysis, op_factor, op_solve_n, op_solve_t, op_batch, op_factors};

// Right-hand sides: the model's first demand (or ones), and BATCH unit
// demands on products spread evenly over 0..n-1.
static int make_rhs(bench *b) {
    size_t n = (size_t)b->n;
    b->b = calloc(n, sizeof *b->b);
    b->x = calloc(n, sizeof *b->x);
    b->B = calloc(n * BATCH, sizeof *b->B);
    b->X = calloc(n * BATCH, sizeof *b->X);
    b->N = calloc((size_t)(b->k > 0 ? b->k : 1) * n, sizeof *b->N);
    if (!b->b || !b->x || !b->B || !b->X || !b->N) return -1;
    if (lca_model_dim(b->M, LCA_DEMANDS) > 0) {
        lca_model_demand_dense(b->M, 0, b->b);
    } else {
        for (size_t i = 0; i < n; i++) b->b[i] = 1.0;
    }
    for (int64_t j = 0; j < BATCH; j++) {
        int64_t prod = (j * b->n / BATCH) % b->n;
        b->B[(size_t)j * n + (size_t)prod] = 1.0;
    }
    return 0;
}

static void free_rhs(bench *b) {
    free(b->b);
    free(b->x);
    free(b->B);
    free(b->X);
    free(b->N);
}

typedef struct run_opts {
    int repeat;
    double min_seconds;
    int nthreads[2];
    int nthread_cfgs;
} run_opts;

// All steps on one path at one thread count into res[NSTEPS].
static int run_config(bench *b, lca_solver_kind kind, int nthreads,
                      const run_opts *ro, bench_stat *res, char *note,
                      size_t note_size) {
    lca_solver_options_default(&b->opt);
    b->opt.kind = kind;
    bench_set_threads(b->ctx, nthreads);
    lca_status st = lca_analysis_create(b->ctx, b->T, &b->opt, &b->an);
    if (st >= 0) st = lca_solver_create(b->ctx, b->an, &b->s);
    if (st >= 0) st = lca_solver_factor(b->s, lca_csc_values(b->T));
    if (st >= 0) st = lca_calc_create(b->M, &b->opt, &b->calc);
    int rc = st < 0 ? -1 : 0;
    if (rc != 0) failed(b, st, "setup");
    for (int i = 0; rc == 0 && i < NSTEPS; i++) {
        rc = bench_time(step_ops[i], b, ro->repeat, ro->min_seconds, &res[i]);
    }
    if (rc == 0) {
        lca_factor_info fi = lca_solver_factor_info(b->s);
        op_batch(b);
        lca_solve_info si = lca_solver_solve_info(b->s);
        snprintf(note, note_size,
                 "nnz(L+U) %lld, rcond %.2g, batch backward error %.2g with "
                 "%lld refinement step(s)",
                 (long long)fi.nnz_lu, fi.rcond, si.backward_error,
                 (long long)si.refine_steps);
    }
    lca_calc_destroy(&b->calc);
    lca_solver_destroy(&b->s);
    lca_analysis_destroy(&b->an);
    return rc;
}

// The load rows: lca_model_read of a model file, or for a USEEIO folder
// the import plus lca_model_read of the model written to a temporary
// HDF5 file (so that run.sh needs no separate import step).
static int time_loading(bench *b, int is_import, const run_opts *ro,
                        char *lines, size_t size) {
    bench_stat st;
    char buf[96];
    lines[0] = '\0';
    if (is_import) {
        if (bench_time(op_import, b, ro->repeat, ro->min_seconds, &st) != 0) {
            return -1;
        }
        snprintf(lines, size, "- import (lca_import_useeio): %s ms\n",
                 bench_fmt_ms(&st, buf, sizeof buf));
    }
    const char *dir = getenv("TMPDIR");
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s/bench_core.XXXXXX",
             dir != NULL && dir[0] != '\0' ? dir : "/tmp");
    const char *source = b->path;
    if (is_import) {
        int fd = mkstemp(tmp);
        if (fd < 0) return -1;
        close(fd);
        lca_status ws = lca_model_write(b->M, tmp);
        if (ws < 0) {
            remove(tmp);
            return (int)failed(b, ws, "write");
        }
        b->path = tmp;
    }
    int rc = bench_time(op_read, b, ro->repeat, ro->min_seconds, &st);
    if (is_import) remove(tmp);
    b->path = source;
    size_t len = strlen(lines);
    if (rc == 0) {
        snprintf(lines + len, size - len, "- load (lca_model_read%s): %s ms\n",
                 is_import ? " of that model, written to HDF5" : "",
                 bench_fmt_ms(&st, buf, sizeof buf));
    }
    return rc;
}

static void print_header(const bench *b, const char *label,
                         const char *load_lines, const run_opts *ro) {
    double n = (double)b->n;
    lca_solver_options def;
    lca_solver_options_default(&def);
    lca_analysis *an = NULL;
    const char *auto_kind = "?";
    if (lca_analysis_create(b->ctx, b->T, &def, &an) >= 0) {
        auto_kind = lca_solver_kind_str(lca_analysis_kind(an));
    }
    lca_analysis_destroy(&an);
    printf("### %s\n\n", label);
    printf("- n = %lld products, m = %lld flows, k = %lld indicators; T has "
           "%lld nonzeros (%.1f %% dense); auto picks %s\n",
           (long long)b->n, (long long)lca_model_dim(b->M, LCA_FLOWS),
           (long long)b->k, (long long)lca_csc_nnz(b->T),
           100.0 * (double)lca_csc_nnz(b->T) / (n * n), auto_kind);
    printf("%s- times: median (min-max) of %d runs, ms per call\n",
           load_lines, ro->repeat);
}

static void print_table(int ncfg, char heads[][64], bench_stat res[][NSTEPS],
                        char notes[][256]) {
    printf("\n| step |");
    for (int c = 0; c < ncfg; c++) printf(" %s |", heads[c]);
    printf("\n|---|");
    for (int c = 0; c < ncfg; c++) printf("---:|");
    printf("\n");
    for (int i = 0; i < NSTEPS; i++) {
        printf("| %s |", step_names[i]);
        for (int c = 0; c < ncfg; c++) {
            char buf[96];
            printf(" %s |", bench_fmt_ms(&res[c][i], buf, sizeof buf));
        }
        printf("\n");
    }
    printf("\n");
    for (int c = 0; c < ncfg; c++) printf("- %s: %s\n", heads[c], notes[c]);
    printf("- peak RSS of the process so far: %.0f MiB\n\n",
           bench_peak_rss_mib());
}

static int bench_model(bench *b, const char *label, int is_import,
                       const run_opts *ro) {
    bench_stat res[MAXCFG][NSTEPS];
    char notes[MAXCFG][256], heads[MAXCFG][64], load_lines[512];
    b->T = lca_model_tech(b->M);
    b->n = lca_model_dim(b->M, LCA_PRODUCTS);
    b->k = lca_model_dim(b->M, LCA_INDICATORS);
    if (time_loading(b, is_import, ro, load_lines, sizeof load_lines) != 0) {
        return -1;
    }
    print_header(b, label, load_lines, ro);
    int rc = make_rhs(b);
    int ncfg = 0;
    for (int kind = 0; rc == 0 && kind < 2; kind++) {
        if (kind == 1 && b->n > 5000) break;
        lca_solver_kind sk = kind == 0 ? LCA_SOLVER_SPARSE : LCA_SOLVER_DENSE;
        for (int t = 0; rc == 0 && t < ro->nthread_cfgs; t++) {
            int nt = ro->nthreads[t];
            snprintf(heads[ncfg], sizeof heads[ncfg], "%s, %d thread%s",
                     lca_solver_kind_str(sk), nt, nt == 1 ? "" : "s");
            rc = run_config(b, sk, nt, ro, res[ncfg], notes[ncfg],
                            sizeof notes[ncfg]);
            ncfg++;
        }
    }
    if (rc == 0) print_table(ncfg, heads, res, notes);
    free_rhs(b);
    return rc;
}

// Load (for the table) and keep one copy of the model for the steps.
static int run_one(lca_ctx *ctx, const char *path, int is_import,
                   const run_opts *ro) {
    bench b;
    memset(&b, 0, sizeof b);
    b.ctx = ctx;
    b.path = path;
    lca_model *M = NULL;
    lca_status st = is_import ? lca_import_useeio(ctx, path, &M)
                              : lca_model_read(ctx, path, &M);
    if (st < 0) {
        failed(&b, st, is_import ? "import" : "load");
        return -1;
    }
    b.M = M;
    char label[512];
    snprintf(label, sizeof label, "%s%s", is_import ? "USEEIO import: " : "",
             path);
    int rc = bench_model(&b, label, is_import, ro);
    lca_model_destroy(&M);
    return rc;
}

static void usage(void) {
    fprintf(stderr, "usage: bench_core [--repeat R] [--quick] "
            "[--useeio DIR] [MODEL.h5 ...]\n");
}

int main(int argc, char **argv) {
    run_opts ro = {7, 0.02, {1, bench_nproc()}, bench_nproc() > 1 ? 2 : 1};
    const char *useeio = NULL;
    const char **models = calloc((size_t)argc, sizeof *models);
    int nmodels = 0;
    if (models == NULL) return 1;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--quick") == 0) {
            ro.repeat = 1;
            ro.min_seconds = 0.0;
        } else if (strcmp(argv[i], "--repeat") == 0 && i + 1 < argc) {
            ro.repeat = atoi(argv[++i]);
        } else if (strcmp(argv[i], "--useeio") == 0 && i + 1 < argc) {
            useeio = argv[++i];
        } else if (argv[i][0] == '-') {
            nmodels = -1;
            break;
        } else {
            models[nmodels++] = argv[i];
        }
    }
    if (nmodels < 0 || ro.repeat < 1 || (useeio == NULL && nmodels == 0)) {
        usage();
        free(models);
        return 2;
    }
    lca_ctx *ctx = NULL;
    if (lca_ctx_create(&ctx) != LCA_OK) {
        free(models);
        return 1;
    }
    printf("## Core steps\n\n");
    bench_print_machine(stdout);
    printf("\n");
    int rc = 0;
    if (useeio != NULL) rc = run_one(ctx, useeio, 1, &ro);
    for (int i = 0; rc == 0 && i < nmodels; i++) {
        rc = run_one(ctx, models[i], 0, &ro);
    }
    lca_ctx_destroy(&ctx);
    free(models);
    return rc == 0 ? 0 : 1;
}
