// benchmarks/bench_core.c: the engine's core steps, timed on real models
// SPDX-License-Identifier: MIT
//
// Usage: bench_core [--repeat R] [--quick] [--threads T] [--sparse-only]
//                   [--iterative] [--no-mc] [--json FILE] [--label NAME] [--useeio DIR]
//                   [MODEL.h5 ...]
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
// markdown; with --json, also one JSON object per model (one line each,
// appended to FILE) for benchmarks/report.py. --threads T runs only that
// thread count, --sparse-only skips the dense path, --iterative adds the
// iterative solver (sparsified LU + GMRES), --no-mc the Monte Carlo
// step (lca_mc_run alone, per iteration), --label names the
// model in the JSON; --machine prints only the machine. No time is ever
// checked against a limit.

#define _DEFAULT_SOURCE

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench_util.h"

enum { BATCH = 200, NSTEPS = 7, MAXCFG = 4, MC_STEP = 6 };

static const char *const step_keys[NSTEPS] = {
    "analysis", "factor", "solve", "solve_t", "batch200", "factors_k",
    "mc_iteration"};

static const char *const step_names[NSTEPS] = {
    "symbolic analysis", "numeric factorization", "solve T x = b (1 rhs)",
    "solve T' x = b (1 rhs)", "batch: 200 unit demands (1 call)",
    "factors: all k indicators (T' solves)",
    "Monte Carlo, engine alone: per iteration"};

typedef struct bench {
    lca_ctx *ctx;
    const char *path;  // model file, or the USEEIO folder
    const lca_model *M;
    const lca_csc *T;
    lca_solver_options opt;
    lca_analysis *an;
    lca_solver *s;
    lca_calc *calc;
    lca_mc *mc;        // the Monte Carlo step's run (NULL: skipped)
    int64_t mc_iters;  // iterations per timed call
    double *Ts[4];     // T of Monte Carlo iterations 0..3, for op_alone
    int next_t;
    int64_t n, k;
    double *b, *x;  // one right-hand side
    double *B, *X;  // n x BATCH
    double *N;      // k x n factors
} bench;

typedef struct run_opts {
    int repeat;
    double min_seconds;
    int nthreads[2];
    int nthread_cfgs;
    int sparse_only;
    int iterative;      // also the iterative solver (LCA_SOLVER_ITERATIVE)
    int no_mc;          // skip the Monte Carlo step
    FILE *json;         // NULL: no JSON
    const char *label;  // the model's name in the JSON
} run_opts;

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

// Monte Carlo in the engine alone (lca_mc_run: sampling, numeric
// factorization, the k transposed solves, statistics, factor samples
// handed over; no file), seconds per iteration. Set against factor +
// factors, it shows what sampling and statistics add.
static double op_mc(void *arg) {
    bench *b = arg;
    int64_t first = lca_mc_next(b->mc);
    double t0 = bench_now();
    lca_status st = lca_mc_run(b->mc, first, first + b->mc_iters, NULL, NULL,
                               NULL);
    double t = bench_now() - t0;
    return st < 0 ? failed(b, st, "mc") : t / (double)b->mc_iters;
}

// What a Monte Carlo iteration must do at least, on the matrices it
// samples: the numeric factorization of T (iterations 0..3 in turn) and k
// transposed solves. Seconds per call.
static double op_alone(void *arg) {
    bench *b = arg;
    const double *Tx = b->Ts[b->next_t];
    b->next_t = (b->next_t + 1) % 4;
    double t0 = bench_now();
    lca_status st = lca_solver_factor(b->s, Tx);
    int64_t k = b->k < BATCH ? (b->k > 0 ? b->k : 1) : BATCH;
    if (st >= 0) {
        st = lca_solver_solve(b->s, LCA_TRANS, k, b->B, b->n, b->X, b->n);
    }
    double t = bench_now() - t0;
    return st < 0 ? failed(b, st, "alone") : t;
}

// T of iterations 0..3 (T = A, or I - A for IO coefficients: then the
// deterministic T, whose cost is the same pattern's).
static int sampled_tech(bench *b) {
    int64_t nnz = lca_csc_nnz(b->T);
    int io = lca_model_convention(b->M) == LCA_IO_COEFFICIENTS;
    for (int i = 0; i < 4; i++) {
        b->Ts[i] = malloc((size_t)(nnz + 1) * sizeof *b->Ts[i]);
        if (b->Ts[i] == NULL) return -1;
        if (io) {
            memcpy(b->Ts[i], lca_csc_values(b->T), (size_t)nnz * sizeof(double));
        } else if (lca_mc_values(b->mc, i, b->Ts[i], NULL, NULL) != LCA_OK) {
            return -1;
        }
    }
    b->next_t = 0;
    return 0;
}

static void free_sampled(bench *b) {
    for (int i = 0; i < 4; i++) {
        free(b->Ts[i]);
        b->Ts[i] = NULL;
    }
}

// Monte Carlo per iteration against op_alone, interleaved (so that a
// change in the machine's speed hits both), one thread: the ratio the
// Monte Carlo issue's target is about. Returns -1 on failure.
static int mc_overhead(bench *b, const run_opts *ro, double *mc_s,
                       double *alone_s) {
    if (sampled_tech(b) != 0) {
        free_sampled(b);
        failed(b, LCA_ERR_NOMEM, "sampled matrices");
        return -1;
    }
    const bench_op_fn ops[2] = {op_mc, op_alone};
    double med[2];
    int rc = bench_time_interleaved(2, ops, b, ro->repeat < 3 ? 3 : ro->repeat,
                                    ro->min_seconds, med);
    free_sampled(b);
    *mc_s = med[0];
    *alone_s = med[1];
    return rc;
}

static const bench_op_fn step_ops[NSTEPS] = {
    op_analysis, op_factor, op_solve_n, op_solve_t, op_batch, op_factors,
    op_mc};

static lca_status mc_setup(bench *b, int nthreads) {
    lca_mc_options mo;
    lca_mc_options_default(&mo);
    mo.seed = 1;
    mo.keep_factors = 1;
    mo.pedigree_fill = 1;  // as the main job (a no-op without scores)
    mo.solver = b->opt;
    // What sampling and statistics add to a refactorization (issue #4): the
    // direct path; bench_mc_iter measures the iterative one.
    mo.iter.solver = LCA_MC_SOLVER_DIRECT;
    b->mc_iters = mo.block_size * nthreads;  // one wave
    return lca_mc_create(b->M, &mo, &b->mc);
}

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


static void json_stat(FILE *f, const char *key, const bench_stat *s) {
    if (s->runs == 0) {
        fprintf(f, "\"%s\": null", key);
        return;
    }
    fprintf(f, "\"%s\": {\"median\": %.9g, \"min\": %.9g, \"max\": %.9g, "
            "\"runs\": %d}", key, s->median, s->min, s->max, s->runs);
}

// One line: the model, its load time and every step of every config, in
// seconds.
static void write_json(const bench *b, const run_opts *ro, const bench_stat *load,
                       int ncfg, const lca_solver_kind *kinds,
                       const int *threads, bench_stat res[][NSTEPS],
                       const int64_t *nnz_lu, double mc_pair[][2]) {
    FILE *f = ro->json;
    fprintf(f, "{\"label\": \"%s\", \"path\": \"%s\", \"n\": %lld, "
            "\"m\": %lld, \"k\": %lld, \"nnz_T\": %lld, ",
            ro->label ? ro->label : b->path, b->path, (long long)b->n,
            (long long)lca_model_dim(b->M, LCA_FLOWS), (long long)b->k,
            (long long)lca_csc_nnz(b->T));
    json_stat(f, "load", load);
    fprintf(f, ", \"configs\": [");
    for (int c = 0; c < ncfg; c++) {
        fprintf(f, "%s{\"kind\": \"%s\", \"threads\": %d, \"nnz_lu\": %lld, ",
                c ? ", " : "", lca_solver_kind_str(kinds[c]), threads[c],
                (long long)nnz_lu[c]);
        if (mc_pair[c][0] >= 0) {
            fprintf(f, "\"mc_vs_alone\": {\"mc\": %.9g, \"alone\": %.9g}, ",
                    mc_pair[c][0], mc_pair[c][1]);
        }
        for (int i = 0; i < NSTEPS; i++) {
            json_stat(f, step_keys[i], &res[c][i]);
            fprintf(f, i + 1 < NSTEPS ? ", " : "}");
        }
    }
    fprintf(f, "], \"peak_rss_mib\": %.1f}\n", bench_peak_rss_mib());
    fflush(f);
}

// All steps on one path at one thread count into res[NSTEPS].
static int run_config(bench *b, lca_solver_kind kind, int nthreads,
                      const run_opts *ro, bench_stat *res, char *note,
                      size_t note_size, int64_t *nnz_lu, double *mc_pair) {
    lca_solver_options_default(&b->opt);
    b->opt.kind = kind;
    bench_set_threads(b->ctx, nthreads);
    lca_status st = lca_analysis_create(b->ctx, b->T, &b->opt, &b->an);
    if (st >= 0) st = lca_solver_create(b->ctx, b->an, &b->s);
    if (st >= 0) st = lca_solver_factor(b->s, lca_csc_values(b->T));
    if (st >= 0) st = lca_calc_create(b->M, &b->opt, &b->calc);
    // Monte Carlo only where there is uncertainty to propagate.
    int uncertain = lca_model_uncertainty(b->M, LCA_MATRIX_A) != NULL ||
                    lca_model_uncertainty(b->M, LCA_MATRIX_B) != NULL ||
                    lca_model_uncertainty(b->M, LCA_MATRIX_C) != NULL;
    int do_mc = !ro->no_mc && uncertain && b->k > 0 &&
                kind != LCA_SOLVER_ITERATIVE;
    if (st >= 0 && do_mc) st = mc_setup(b, nthreads);
    int rc = st < 0 ? -1 : 0;
    if (rc != 0) failed(b, st, "setup");
    for (int i = 0; rc == 0 && i < NSTEPS; i++) {
        res[i] = (bench_stat){0, 0, 0, 0, 0};
        if (i == MC_STEP && b->mc == NULL) continue;
        rc = bench_time(step_ops[i], b, ro->repeat, ro->min_seconds, &res[i]);
    }
    mc_pair[0] = mc_pair[1] = -1.0;
    if (rc == 0 && b->mc != NULL && nthreads == 1) {
        rc = mc_overhead(b, ro, &mc_pair[0], &mc_pair[1]);
    }
    if (rc == 0) {
        lca_factor_info fi = lca_solver_factor_info(b->s);
        *nnz_lu = fi.nnz_lu;
        op_batch(b);
        lca_solve_info si = lca_solver_solve_info(b->s);
        int n = snprintf(note, note_size,
                         "nnz(L+U) %lld, rcond %.2g, batch backward error "
                         "%.2g with %lld refinement step(s)",
                         (long long)fi.nnz_lu, fi.rcond, si.backward_error,
                         (long long)si.refine_steps);
        if (kind == LCA_SOLVER_ITERATIVE && n > 0 && (size_t)n < note_size) {
            snprintf(note + n, note_size - (size_t)n, ", %.1f applications "
                     "of the preconditioner per right-hand side, %lld "
                     "fallback(s)", (double)si.krylov / (double)si.nrhs,
                     (long long)si.fallbacks);
        }
    }
    lca_mc_destroy(&b->mc);
    lca_calc_destroy(&b->calc);
    lca_solver_destroy(&b->s);
    lca_analysis_destroy(&b->an);
    return rc;
}

// The load rows: lca_model_read of a model file, or for a USEEIO folder
// the import plus lca_model_read of the model written to a temporary
// HDF5 file (so that run.sh needs no separate import step).
static int time_loading(bench *b, int is_import, const run_opts *ro,
                        char *lines, size_t size, bench_stat *load) {
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
    *load = st;
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
    lca_solver_kind kinds[MAXCFG];
    int threads[MAXCFG];
    int64_t nnz_lu[MAXCFG];
    double mc_pair[MAXCFG][2];
    bench_stat load;
    b->T = lca_model_tech(b->M);
    b->n = lca_model_dim(b->M, LCA_PRODUCTS);
    b->k = lca_model_dim(b->M, LCA_INDICATORS);
    if (time_loading(b, is_import, ro, load_lines, sizeof load_lines,
                     &load) != 0) {
        return -1;
    }
    print_header(b, label, load_lines, ro);
    int rc = make_rhs(b);
    int ncfg = 0;
    for (int kind = 0; rc == 0 && kind < 3; kind++) {
        if (kind == 1 && (b->n > 5000 || ro->sparse_only)) continue;
        if (kind == 2 && !ro->iterative) continue;
        lca_solver_kind sk = kind == 0   ? LCA_SOLVER_SPARSE
                             : kind == 1 ? LCA_SOLVER_DENSE
                                         : LCA_SOLVER_ITERATIVE;
        for (int t = 0; rc == 0 && t < ro->nthread_cfgs; t++) {
            int nt = ro->nthreads[t];
            snprintf(heads[ncfg], sizeof heads[ncfg], "%s, %d thread%s",
                     lca_solver_kind_str(sk), nt, nt == 1 ? "" : "s");
            kinds[ncfg] = sk;
            threads[ncfg] = nt;
            rc = run_config(b, sk, nt, ro, res[ncfg], notes[ncfg],
                            sizeof notes[ncfg], &nnz_lu[ncfg], mc_pair[ncfg]);
            ncfg++;
        }
    }
    if (rc == 0) print_table(ncfg, heads, res, notes);
    for (int c = 0; rc == 0 && c < ncfg; c++) {
        if (mc_pair[c][0] < 0) continue;
        printf("- %s, Monte Carlo against its factorization + k solves "
               "alone (interleaved medians): %.4g ms against %.4g ms per "
               "iteration, %.2fx\n", heads[c], 1e3 * mc_pair[c][0],
               1e3 * mc_pair[c][1], mc_pair[c][0] / mc_pair[c][1]);
    }
    if (rc == 0) printf("\n");
    if (rc == 0 && ro->json != NULL) {
        write_json(b, ro, &load, ncfg, kinds, threads, res, nnz_lu, mc_pair);
    }
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
    fprintf(stderr, "usage: bench_core [--repeat R] [--quick] [--threads T] "
            "[--sparse-only] [--iterative] [--no-mc] [--json FILE] [--label NAME] "
            "[--useeio DIR] "
            "[MODEL.h5 ...]\n");
}

int main(int argc, char **argv) {
    run_opts ro = {7, 0.02, {1, bench_nproc()}, bench_nproc() > 1 ? 2 : 1,
                   0, 0, 0, NULL, NULL};
    const char *useeio = NULL, *json = NULL;
    const char **models = calloc((size_t)argc, sizeof *models);
    int nmodels = 0;
    if (models == NULL) return 1;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--machine") == 0) {  // the machine, then exit
            bench_print_machine(stdout);
            free(models);
            return 0;
        } else if (strcmp(argv[i], "--quick") == 0) {
            ro.repeat = 1;
            ro.min_seconds = 0.0;
        } else if (strcmp(argv[i], "--repeat") == 0 && i + 1 < argc) {
            ro.repeat = atoi(argv[++i]);
        } else if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc) {
            ro.nthreads[0] = atoi(argv[++i]);
            ro.nthread_cfgs = 1;
        } else if (strcmp(argv[i], "--no-mc") == 0) {
            ro.no_mc = 1;
        } else if (strcmp(argv[i], "--sparse-only") == 0) {
            ro.sparse_only = 1;
        } else if (strcmp(argv[i], "--iterative") == 0) {
            ro.iterative = 1;
        } else if (strcmp(argv[i], "--json") == 0 && i + 1 < argc) {
            json = argv[++i];
        } else if (strcmp(argv[i], "--label") == 0 && i + 1 < argc) {
            ro.label = argv[++i];
        } else if (strcmp(argv[i], "--useeio") == 0 && i + 1 < argc) {
            useeio = argv[++i];
        } else if (argv[i][0] == '-') {
            nmodels = -1;
            break;
        } else {
            models[nmodels++] = argv[i];
        }
    }
    if (nmodels < 0 || ro.repeat < 1 || ro.nthreads[0] < 1 ||
        (useeio == NULL && nmodels == 0)) {
        usage();
        free(models);
        return 2;
    }
    if (json != NULL && (ro.json = fopen(json, "a")) == NULL) {
        fprintf(stderr, "bench_core: cannot open %s\n", json);
        free(models);
        return 1;
    }
    lca_ctx *ctx = NULL;
    if (lca_ctx_create(&ctx) != LCA_OK) {
        if (ro.json != NULL) fclose(ro.json);
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
    if (ro.json != NULL) fclose(ro.json);
    free(models);
    return rc == 0 ? 0 : 1;
}
