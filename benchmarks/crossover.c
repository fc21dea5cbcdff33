// benchmarks/crossover.c: where the dense LU starts to beat the sparse one
// SPDX-License-Identifier: MIT
//
// Usage: crossover [--repeat R] [--threads N] [--k K] [--quick]
//                  [--family random|banded|both] [--point N DENSITY]
//                  [--useeio DIR] [--wiod DIR] [--uslci DIR]
//
// For IO-table-like T = I - A (A nonnegative, column sums in [0.2, 0.8])
// on a grid of n and density, times what a user of lca_calc pays for one
// model: analysis + numeric factorization + k = 20 transposed solves (the
// factors of 20 indicators, one call) + 2 forward solves (two supply
// vectors, one call each), on the sparse (UMFPACK) and the dense (LAPACK)
// path, as the median of R runs. Two pattern families bracket real
// tables: a uniformly random pattern (bench_io_table) fills in almost
// completely, the worst case for a sparse LU; a banded one with the same
// entries per column (bench_banded_table) stays sparse, its best case.
// Prints the ratio sparse/dense per point and the interpolated crossover
// density per n, then the same cost on the real USEEIO, WIOD and USLCI
// matrices when their folders are given and present.

#define _DEFAULT_SOURCE

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bench_util.h"

typedef struct cost {
    double analysis, factor, tsolves, fsolves, total;
    int64_t nnz_lu;
} cost;

typedef struct config {
    int repeat, threads, k, quick;
    int family;     // 0 random, 1 banded, 2 both
    int64_t one_n;  // > 0: only this n and density (--point)
    double one_d;
    const char *useeio, *wiod, *uslci;
} config;

static int fail(lca_ctx *ctx, lca_status st, const char *what) {
    fprintf(stderr, "crossover: %s: %s (%s)\n", what, lca_ctx_errmsg(ctx),
            lca_status_str(st));
    return -1;
}

// One run of the user's cost on one path. B holds k right-hand sides.
static int run_once(lca_ctx *ctx, const lca_csc *T, lca_solver_kind kind,
                    int k, const double *B, double *X, cost *c) {
    int64_t n = lca_csc_ncols(T);
    lca_solver_options opt;
    lca_solver_options_default(&opt);
    opt.kind = kind;
    lca_analysis *an = NULL;
    lca_solver *s = NULL;
    int rc = -1;
    double t0 = bench_now();
    lca_status st = lca_analysis_create(ctx, T, &opt, &an);
    if (st < 0) return fail(ctx, st, "analysis");
    double t1 = bench_now();
    st = lca_solver_create(ctx, an, &s);
    if (st >= 0) st = lca_solver_factor(s, lca_csc_values(T));
    if (st < 0) {
        fail(ctx, st, "factor");
        goto done;
    }
    double t2 = bench_now();
    st = lca_solver_solve(s, LCA_TRANS, k, B, n, X, n);
    double t3 = bench_now();
    for (int j = 0; j < 2 && st >= 0; j++) {
        st = lca_solver_solve(s, LCA_NOTRANS, 1, B + j * n, n, X, n);
    }
    double t4 = bench_now();
    if (st < 0) {
        fail(ctx, st, "solve");
        goto done;
    }
    c->analysis = t1 - t0;
    c->factor = t2 - t1;
    c->tsolves = t3 - t2;
    c->fsolves = t4 - t3;
    c->total = t4 - t0;
    c->nnz_lu = lca_solver_factor_info(s).nnz_lu;
    rc = 0;
done:
    lca_solver_destroy(&s);
    lca_analysis_destroy(&an);
    return rc;
}

// Median over runs, component by component. Points slower than 2 s a run
// get 3 runs, so that the whole grid stays within minutes.
static int run_path(lca_ctx *ctx, const lca_csc *T, lca_solver_kind kind,
                    const config *cfg, const double *B, double *X,
                    cost *med) {
    enum { MAXREP = 64 };
    double a[MAXREP], f[MAXREP], ts[MAXREP], fs[MAXREP], tot[MAXREP];
    int reps = cfg->repeat < MAXREP ? cfg->repeat : MAXREP;
    int done = 0;
    cost c = {0};
    for (; done < reps; done++) {
        if (run_once(ctx, T, kind, cfg->k, B, X, &c) != 0) return -1;
        a[done] = c.analysis;
        f[done] = c.factor;
        ts[done] = c.tsolves;
        fs[done] = c.fsolves;
        tot[done] = c.total;
        if (c.total > 2.0 && done + 1 >= 3) {
            done++;
            break;
        }
    }
    med->analysis = bench_median(a, done);
    med->factor = bench_median(f, done);
    med->tsolves = bench_median(ts, done);
    med->fsolves = bench_median(fs, done);
    med->total = bench_median(tot, done);
    med->nnz_lu = c.nnz_lu;
    return 0;
}

// Both paths on T; rhs are k random nonnegative columns.
static int measure(lca_ctx *ctx, const lca_csc *T, const config *cfg,
                   cost *sp, cost *de) {
    int64_t n = lca_csc_ncols(T);
    size_t len = (size_t)n * (size_t)cfg->k;
    double *B = malloc(len * sizeof *B), *X = malloc(len * sizeof *X);
    int rc = -1;
    if (B != NULL && X != NULL) {
        uint64_t rng = 42;
        for (size_t i = 0; i < len; i++) B[i] = bench_rand_unit(&rng);
        rc = run_path(ctx, T, LCA_SOLVER_SPARSE, cfg, B, X, sp);
        if (rc == 0) rc = run_path(ctx, T, LCA_SOLVER_DENSE, cfg, B, X, de);
    }
    free(B);
    free(X);
    return rc;
}

// Milliseconds with 3 significant digits (0.0123, 1.23, 123).
static const char *ms3(double seconds, char *buf) {
    snprintf(buf, 16, "%.3g", 1e3 * seconds);
    return buf;
}

static void print_detail(const char *name, const lca_csc *T, const cost *sp,
                         const cost *de) {
    double n = (double)lca_csc_ncols(T);
    char b[8][16];
    printf("| %s | %.0f | %.4f | %.1f | %s / %s / %s | %s | %s / %s / %s | "
           "%s | %.2f |\n",
           name, n, (double)lca_csc_nnz(T) / (n * n),
           (double)sp->nnz_lu / (n * n) * 100.0, ms3(sp->analysis, b[0]),
           ms3(sp->factor, b[1]), ms3(sp->tsolves + sp->fsolves, b[2]),
           ms3(sp->total, b[3]), ms3(de->analysis, b[4]),
           ms3(de->factor, b[5]), ms3(de->tsolves + de->fsolves, b[6]),
           ms3(de->total, b[7]), sp->total / de->total);
}

static void print_detail_head(void) {
    printf("| matrix | n | density | sparse nnz(L+U)/n^2 %% | sparse ms: "
           "analysis / factor / solves | sparse total ms | dense ms: "
           "analysis / factor / solves | dense total ms | sparse/dense |\n");
    printf("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
}

// The density where log(ratio) crosses 0, interpolated in log density.
static void print_crossover(double n, int nd, const double *dens,
                            const double *ratio) {
    if (ratio[0] >= 1.0) {
        printf("| %.0f | <= %.2f (dense faster at every density) |\n", n,
               dens[0]);
        return;
    }
    for (int i = 1; i < nd; i++) {
        if (ratio[i] < 1.0) continue;
        double r0 = log(ratio[i - 1]), r1 = log(ratio[i]);
        double l0 = log(dens[i - 1]), l1 = log(dens[i]);
        double d = exp(l0 + (0.0 - r0) / (r1 - r0) * (l1 - l0));
        printf("| %.0f | %.3f |\n", n, d);
        return;
    }
    printf("| %.0f | > %.2f (sparse faster at every density) |\n", n,
           dens[nd - 1]);
}

// The two pattern families bracket real tables: a uniformly random pattern
// fills in almost completely (the worst case for the sparse LU), a banded
// one with the same entries per column stays sparse (its best case).
static lca_status make_table(lca_ctx *ctx, int banded, int64_t n, double d,
                             lca_csc **T) {
    if (!banded) return bench_io_table(ctx, n, d, 1, T);
    int64_t per_col = (int64_t)(d * (double)n + 0.5);
    if (per_col < 2) per_col = 2;
    return bench_banded_table(ctx, n, per_col, per_col, 1, T);
}

static void print_ratios(int nn, const int64_t *ns, int nd, const double *ds,
                         double ratio[6][6], double actual[6][6]) {
    printf("\n| n |");
    for (int b = 0; b < nd; b++) printf(" %.2f |", ds[b]);
    printf("\n|---:|");
    for (int b = 0; b < nd; b++) printf("---:|");
    printf("\n");
    for (int a = 0; a < nn; a++) {
        printf("| %lld |", (long long)ns[a]);
        for (int b = 0; b < nd; b++) printf(" %.2f |", ratio[a][b]);
        printf("\n");
    }
    printf("\nCrossover density, nnz(T) / n^2 interpolated between the "
           "measured points (dense is faster above it):\n\n");
    printf("| n | crossover density |\n|---:|---|\n");
    for (int a = 0; a < nn; a++) {
        print_crossover((double)ns[a], nd, actual[a], ratio[a]);
    }
}

// Every point of one family, for the rule table at the end.
typedef struct grid {
    int nn, nd, done;
    int64_t n[6];
    double density[6][6];  // actual nnz(T) / n^2
    double sparse[6][6], dense[6][6];
} grid;

static int run_grid(lca_ctx *ctx, const config *cfg, int banded, grid *g) {
    static const int64_t ns_full[] = {100, 200, 400, 800, 1600, 3200};
    static const double ds_full[] = {0.01, 0.02, 0.05, 0.1, 0.2, 0.5};
    static const int64_t ns_quick[] = {50, 100};
    static const double ds_quick[] = {0.02, 0.2};
    const int64_t *ns = cfg->quick ? ns_quick : ns_full;
    const double *ds = cfg->quick ? ds_quick : ds_full;
    g->nn = cfg->quick ? 2 : 6;
    g->nd = cfg->quick ? 2 : 6;
    if (cfg->one_n > 0) {
        ns = &cfg->one_n;
        ds = &cfg->one_d;
        g->nn = g->nd = 1;
    }
    const char *family = banded ? "banded" : "random";
    double ratio[6][6];
    printf("### %s pattern: every point, median ms\n\n", family);
    print_detail_head();
    for (int a = 0; a < g->nn; a++) {
        g->n[a] = ns[a];
        for (int b = 0; b < g->nd; b++) {
            lca_csc *T = NULL;
            lca_status st = make_table(ctx, banded, ns[a], ds[b], &T);
            if (st != LCA_OK) return fail(ctx, st, "generate");
            cost sp, de;
            int rc = measure(ctx, T, cfg, &sp, &de);
            char name[64];
            snprintf(name, sizeof name, "%s %lld @ %.2f", family,
                     (long long)ns[a], ds[b]);
            if (rc == 0) print_detail(name, T, &sp, &de);
            fflush(stdout);
            double nsq = (double)ns[a] * (double)ns[a];
            g->density[a][b] = (double)lca_csc_nnz(T) / nsq;
            lca_csc_destroy(&T);
            if (rc != 0) return -1;
            g->sparse[a][b] = sp.total;
            g->dense[a][b] = de.total;
            ratio[a][b] = sp.total / de.total;
        }
    }
    g->done = 1;
    printf("\n### %s pattern: time sparse / time dense (> 1: dense is "
           "faster), by nominal density\n", family);
    print_ratios(g->nn, ns, g->nd, ds, ratio, g->density);
    printf("\n");
    return 0;
}

// How much slower than the faster path "dense iff n <= max_n and density
// >= min_d" is, worst case and geometric mean over one family's grid.
static void rule_row(const grid *g, int64_t max_n, double min_d,
                     double *worst, double *gmean, int *wrong) {
    double logsum = 0.0;
    int count = 0;
    *worst = 1.0;
    *wrong = 0;
    for (int a = 0; a < g->nn; a++) {
        for (int b = 0; b < g->nd; b++) {
            int dense = g->n[a] <= max_n && g->density[a][b] >= min_d;
            double best = fmin(g->sparse[a][b], g->dense[a][b]);
            double slow = (dense ? g->dense[a][b] : g->sparse[a][b]) / best;
            if (slow > *worst) *worst = slow;
            if (slow > 1.05) (*wrong)++;
            logsum += log(slow);
            count++;
        }
    }
    *gmean = count > 0 ? exp(logsum / count) : 1.0;
}

static void print_rules(const grid g[2]) {
    static const double min_d[] = {0.02, 0.05, 0.10, 0.20};
    lca_solver_options def;
    lca_solver_options_default(&def);
    printf("### Density rules on this grid: slowdown against the faster "
           "path\n\n| dense when | random: worst | random: geometric mean "
           "| random: points > 5 %% slower | banded: worst | banded: "
           "geometric mean | banded: points > 5 %% slower |\n"
           "|---|---:|---:|---:|---:|---:|---:|\n");
    for (int r = -1; r < 4; r++) {
        double d = r < 0 ? def.dense_min_density : min_d[r];
        int64_t max_n = r < 0 ? def.dense_max_n : def.dense_max_n;
        printf("| density >= %.2f%s |", d, r < 0 ? " (the defaults)" : "");
        for (int f = 0; f < 2; f++) {
            double worst = 0, gmean = 0;
            int wrong = 0;
            if (g[f].done) rule_row(&g[f], max_n, d, &worst, &gmean, &wrong);
            printf(" %.2f | %.2f | %d |", worst, gmean, wrong);
        }
        printf("\n");
    }
    printf("\n");
}

// One real matrix: 0 USEEIO, 1 WIOD, 2 USLCI.
static lca_status read_real(lca_ctx *ctx, int which, const char *dir,
                            lca_csc **T) {
    if (which == 1) return bench_wiod_table(ctx, dir, T);
    if (which == 2) return bench_uslci_table(ctx, dir, T);
    lca_model *M = NULL;
    lca_status st = lca_import_useeio(ctx, dir, &M);
    if (st >= 0) st = lca_csc_copy(lca_model_tech(M), T);
    lca_model_destroy(&M);
    return st;
}

// The real matrices whose folders are given and present.
static int run_real(lca_ctx *ctx, const config *cfg) {
    static const char *const names[3] = {
        "USEEIO v1.2 (IO)", "WIOD 2011 (MRIO)", "USLCI (process LCA)"};
    static const char *const opts[3] = {"--useeio", "--wiod", "--uslci"};
    const char *dirs[3] = {cfg->useeio, cfg->wiod, cfg->uslci};
    printf("### Real matrices: median ms\n\n");
    print_detail_head();
    for (int r = 0; r < 3; r++) {
        if (dirs[r] == NULL || !bench_exists(dirs[r])) {
            printf("| %s | skipped: no %s folder |||||||||\n", names[r],
                   opts[r]);
            continue;
        }
        lca_csc *T = NULL;
        lca_status st = read_real(ctx, r, dirs[r], &T);
        if (st < 0) {
            fprintf(stderr, "crossover: cannot read %s from %s: %s\n",
                    names[r], dirs[r], lca_ctx_errmsg(ctx));
            return -1;
        }
        cost sp, de;
        int rc = measure(ctx, T, cfg, &sp, &de);
        if (rc == 0) print_detail(names[r], T, &sp, &de);
        lca_csc_destroy(&T);
        if (rc != 0) return -1;
    }
    return 0;
}

static int parse_args(int argc, char **argv, config *cfg) {
    *cfg = (config){5, bench_nproc(), 20, 0, 2, 0, 0.0, NULL, NULL, NULL};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int has_val = i + 1 < argc;
        if (strcmp(a, "--quick") == 0) {
            cfg->quick = 1;
            cfg->repeat = 1;
        } else if (strcmp(a, "--repeat") == 0 && has_val) {
            cfg->repeat = atoi(argv[++i]);
        } else if (strcmp(a, "--threads") == 0 && has_val) {
            cfg->threads = atoi(argv[++i]);
        } else if (strcmp(a, "--k") == 0 && has_val) {
            cfg->k = atoi(argv[++i]);
        } else if (strcmp(a, "--family") == 0 && has_val) {
            const char *f = argv[++i];
            cfg->family = strcmp(f, "random") == 0   ? 0
                          : strcmp(f, "banded") == 0 ? 1
                                                     : 2;
        } else if (strcmp(a, "--point") == 0 && i + 2 < argc) {
            cfg->one_n = atoll(argv[++i]);
            cfg->one_d = atof(argv[++i]);
        } else if (strcmp(a, "--useeio") == 0 && has_val) {
            cfg->useeio = argv[++i];
        } else if (strcmp(a, "--wiod") == 0 && has_val) {
            cfg->wiod = argv[++i];
        } else if (strcmp(a, "--uslci") == 0 && has_val) {
            cfg->uslci = argv[++i];
        } else {
            fprintf(stderr, "usage: crossover [--repeat R] [--threads N] "
                    "[--k K] [--quick] [--family random|banded|both] "
                    "[--point N DENSITY] [--useeio DIR] [--wiod DIR] "
                    "[--uslci DIR]\n");
            return -1;
        }
    }
    if (cfg->repeat < 1 || cfg->threads < 1 || cfg->k < 2) {
        fprintf(stderr, "crossover: --repeat, --threads >= 1, --k >= 2\n");
        return -1;
    }
    return 0;
}

int main(int argc, char **argv) {
    config cfg;
    if (parse_args(argc, argv, &cfg) != 0) return 2;
    lca_ctx *ctx = NULL;
    if (lca_ctx_create(&ctx) != LCA_OK) return 1;
    bench_set_threads(ctx, cfg.threads);
    printf("## Crossover: sparse (UMFPACK) vs dense (LAPACK) LU, %d "
           "thread%s\n\n",
           cfg.threads, cfg.threads == 1 ? "" : "s");
    bench_print_machine(stdout);
    printf("- cost per point: analysis + factor + %d transposed solves (one "
           "call) + 2 forward solves (one call each); median of %d runs "
           "(3 when a run takes > 2 s); %d thread(s) for our loops and "
           "OpenBLAS\n\n",
           cfg.k, cfg.repeat, cfg.threads);
    double t0 = bench_now();
    int rc = 0;
    grid g[2];
    memset(g, 0, sizeof g);
    for (int banded = 0; rc == 0 && banded < 2; banded++) {
        if (cfg.family == 2 || cfg.family == banded) {
            rc = run_grid(ctx, &cfg, banded, &g[banded]);
        }
    }
    if (rc == 0) print_rules(g);
    if (rc == 0) rc = run_real(ctx, &cfg);
    printf("\n(crossover ran %.0f s; peak RSS %.0f MiB)\n", bench_now() - t0,
           bench_peak_rss_mib());
    lca_ctx_destroy(&ctx);
    return rc == 0 ? 0 : 1;
}
