// benchmarks/bench_analysis.c: structural path analysis and screening at scale
// SPDX-License-Identifier: MIT
//
//   bench_analysis spa [--n 9800] [--density 1] [--top 100] [--cutoff 1e-6]
//                      [--max-stage 8] [--max-nodes 1000000] [--quick]
//     An EXIOBASE-size dense random IO table (n sectors, every coefficient
//     present with probability density, u^4 skewed values, column sums in
//     [0.2, 0.8]), 3 indicators. Times the dense LU, the 3 transposed
//     solves and the best-first traversal for the top paths separately, and
//     reports the nodes visited and the closure of paths + residual.
//
//   bench_analysis screen [--profile eco] [--seed 1] [--spearman N]
//                         [--sobol N] [--inputs K] [--quick]
//     The eco-shaped system of lca-gen (21,238 activities, ~267,000
//     technosphere inputs, all uncertain), screened for one key product:
//     generation, factorization and the screening (two solves and one pass
//     over every input) timed apart; optionally Spearman and Sobol on the
//     top inputs.
//
// Times only; nothing is asserted on them (CTest runs --quick as a smoke
// test). One JSON line at the end for scripts.

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_util.h"
#include "gen.h"
#include "lca.h"

typedef struct args {
    const char *mode, *profile;
    int64_t n, top, max_stage, max_nodes, seed, spearman, sobol, inputs;
    double density, cutoff;
    int quick;
} args;

static int parse(int argc, char **argv, args *a) {
    *a = (args){NULL, "eco", 9800, 100, 8, 1000000, 1, 0, 0, 10, 1.0, 1e-6, 0};
    if (argc < 2) return -1;
    a->mode = argv[1];
    for (int i = 2; i < argc; i++) {
        const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(o, "--quick") == 0) { a->quick = 1; continue; }
        if (v == NULL) return -1;
        i++;
        if (strcmp(o, "--n") == 0) a->n = atoll(v);
        else if (strcmp(o, "--density") == 0) a->density = atof(v);
        else if (strcmp(o, "--top") == 0) a->top = atoll(v);
        else if (strcmp(o, "--cutoff") == 0) a->cutoff = atof(v);
        else if (strcmp(o, "--max-stage") == 0) a->max_stage = atoll(v);
        else if (strcmp(o, "--max-nodes") == 0) a->max_nodes = atoll(v);
        else if (strcmp(o, "--profile") == 0) a->profile = v;
        else if (strcmp(o, "--seed") == 0) a->seed = atoll(v);
        else if (strcmp(o, "--spearman") == 0) a->spearman = atoll(v);
        else if (strcmp(o, "--sobol") == 0) a->sobol = atoll(v);
        else if (strcmp(o, "--inputs") == 0) a->inputs = atoll(v);
        else return -1;
    }
    if (a->quick) {
        a->n = a->n > 400 ? 400 : a->n;
        a->profile = "small";
    }
    return 0;
}

// The dense random IO table as a technosphere model T = I - A, built
// column by column straight into CSC arrays (no triplets: 16 bytes per
// coefficient at n = 9,800 is already 1.5 GB). B: one flow per indicator,
// intensities u^2 per sector; C = I.
static lca_status dense_model(lca_ctx *ctx, const args *a, lca_model **M) {
    int64_t n = a->n, k = 3, cap = (int64_t)((double)n * (double)n * a->density) + 2 * n;
    int64_t *Ap = malloc(sizeof *Ap * (size_t)(n + 1));
    int64_t *Ai = malloc(sizeof *Ai * (size_t)cap);
    double *Ax = malloc(sizeof *Ax * (size_t)cap);
    double *Bd = malloc(sizeof *Bd * (size_t)(k * n)), Cd[9] = {1, 0, 0, 0, 1, 0, 0, 0, 1};
    uint64_t rng = 2024 + (uint64_t)n;
    lca_csc *T = NULL, *B = NULL, *C = NULL;
    lca_status st = LCA_ERR_NOMEM;
    if (Ap == NULL || Ai == NULL || Ax == NULL || Bd == NULL) goto done;
    Ap[0] = 0;
    for (int64_t j = 0, p = 0; j < n; j++) {
        int64_t first = p;
        double sum = 0.0;
        for (int64_t i = 0; i < n && p < cap; i++) {
            if (i != j && bench_rand_unit(&rng) >= a->density) continue;
            double u = 1.0 - bench_rand_unit(&rng);
            Ai[p] = i;
            Ax[p] = i == j ? 0.0 : u * u * u * u;
            sum += Ax[p++];
        }
        double scale = (0.2 + 0.6 * bench_rand_unit(&rng)) / (sum > 0 ? sum : 1);
        for (int64_t q = first; q < p; q++) {
            Ax[q] = Ai[q] == j ? 1.0 : -Ax[q] * scale;
        }
        Ap[j + 1] = p;
        for (int64_t r = 0; r < k; r++) {
            double u = bench_rand_unit(&rng);
            Bd[r * n + j] = u * u;
        }
    }
    st = lca_csc_from_arrays(ctx, n, n, Ap, Ai, Ax, &T);
    free(Ai);
    free(Ax);
    Ai = NULL;
    Ax = NULL;
    if (st == LCA_OK) st = lca_csc_from_arrays(ctx, k, k, (int64_t[]){0, 1, 2, 3},
                                               (int64_t[]){0, 1, 2}, Cd, &C);
    if (st == LCA_OK) {
        int64_t *Bp = malloc(sizeof *Bp * (size_t)(n + 1));
        int64_t *Bi = malloc(sizeof *Bi * (size_t)(k * n));
        double *Bx = malloc(sizeof *Bx * (size_t)(k * n));
        st = (Bp && Bi && Bx) ? LCA_OK : LCA_ERR_NOMEM;
        for (int64_t j = 0; st == LCA_OK && j < n; j++) {
            Bp[j] = j * k;
            for (int64_t r = 0; r < k; r++) {
                Bi[j * k + r] = r;
                Bx[j * k + r] = Bd[r * n + j];
            }
        }
        if (st == LCA_OK) Bp[n] = n * k;
        if (st == LCA_OK) st = lca_csc_from_arrays(ctx, k, n, Bp, Bi, Bx, &B);
        free(Bp);
        free(Bi);
        free(Bx);
    }
    if (st == LCA_OK) st = lca_model_create(ctx, LCA_TECHNOSPHERE, T, B, C, M);
done:
    free(Ap);
    free(Ai);
    free(Ax);
    free(Bd);
    lca_csc_destroy(&T);
    lca_csc_destroy(&B);
    lca_csc_destroy(&C);
    return st;
}

static int run_spa(lca_ctx *ctx, const args *a) {
    double t0 = bench_now();
    lca_model *M = NULL;
    lca_status st = dense_model(ctx, a, &M);
    double t_build = bench_now() - t0;
    if (st != LCA_OK) return fprintf(stderr, "model: %s\n", lca_ctx_errmsg(ctx)), 1;
    lca_solver_options so;
    lca_solver_options_default(&so);
    so.kind = LCA_SOLVER_DENSE;
    lca_calc *c = NULL;
    t0 = bench_now();
    st = lca_calc_create(M, &so, &c);
    double t_lu = bench_now() - t0;
    if (st < 0) return fprintf(stderr, "LU: %s\n", lca_ctx_errmsg(ctx)), 1;
    int64_t n = a->n, ind[3] = {0, 1, 2};
    double *lam = malloc(sizeof *lam * (size_t)(3 * n));
    t0 = bench_now();
    st = lca_calc_factors(c, 3, ind, lam, NULL);
    double t_solve = bench_now() - t0;
    free(lam);
    double *f = calloc((size_t)n, sizeof *f);
    f[n / 2] = 1.0;
    lca_spa_options o;
    lca_spa_options_default(&o);
    o.cutoff = a->cutoff;
    o.max_depth = a->max_stage;
    o.max_nodes = a->max_nodes;
    o.top = a->top;
    lca_spa *s = NULL;
    t0 = bench_now();
    if (st >= 0) st = lca_spa_create(c, 3, ind, f, &o, &s);
    double t_spa = bench_now() - t0;  // includes its own 3 transposed solves
    if (st != LCA_OK) return fprintf(stderr, "spa: %s\n", lca_ctx_errmsg(ctx)), 1;
    lca_spa_summary sum = lca_spa_get_summary(s);
    printf("dense IO table n = %lld, density %.2f: build %.2f s, dense LU "
           "%.2f s, 3 transposed solves %.3f s\n", (long long)n, a->density,
           t_build, t_lu, t_solve);
    printf("SPA top %lld paths x 3 indicators, stages <= %lld, cutoff %g: "
           "%.3f s (of which the solves above), %lld nodes visited, %lld "
           "expanded, %lld below the cutoff, top certain %s, closure %.1e, "
           "coverage %.1f %%\n", (long long)a->top, (long long)a->max_stage,
           a->cutoff, t_spa, (long long)sum.nodes, (long long)sum.expanded,
           (long long)sum.pruned, sum.top_certain ? "yes" : "no", sum.closure,
           100.0 * lca_spa_enumerated(s)[0] / lca_spa_total(s)[0]);
    printf("{\"bench\":\"spa\",\"n\":%lld,\"density\":%g,\"t_build\":%.3f,"
           "\"t_lu\":%.3f,\"t_solves\":%.4f,\"t_spa\":%.4f,\"nodes\":%lld,"
           "\"top_certain\":%d,\"closure\":%.3g,\"rss_mib\":%.0f}\n",
           (long long)n, a->density, t_build, t_lu, t_solve, t_spa,
           (long long)sum.nodes, sum.top_certain, sum.closure,
           bench_peak_rss_mib());
    free(f);
    lca_spa_destroy(&s);
    lca_calc_destroy(&c);
    lca_model_destroy(&M);
    return 0;
}

// Spearman and Sobol on the top inputs (optional).
static int run_gsa(const lca_model *M, const lca_screen *s, int64_t dem,
                   const args *a, double *t_sp, double *t_so) {
    lca_input *in = malloc(sizeof *in * (size_t)(a->inputs + 1));
    double *v = malloc(sizeof *v * (size_t)(2 * a->inputs + 2));
    int64_t k;
    lca_mc_options mo;
    lca_mc_options_default(&mo);
    mo.nd = 1;
    mo.demands = &dem;
    int rc = lca_screen_rank(s, a->inputs, in, &k) != LCA_OK;
    double t0 = bench_now();
    if (!rc && a->spearman > 0) rc = lca_spearman_run(M, &mo, a->spearman, k, in, v, NULL) != LCA_OK;
    *t_sp = bench_now() - t0;
    t0 = bench_now();
    if (!rc && a->sobol > 0) rc = lca_sobol_lca(M, &mo, a->sobol, k, in, v, v + k, NULL, NULL, NULL) != LCA_OK;
    *t_so = bench_now() - t0;
    free(in);
    free(v);
    return rc;
}

static int run_screen(lca_ctx *ctx, const args *a) {
    gen_params p;
    double t0 = bench_now();
    lca_status st = gen_params_profile(ctx, a->profile, (uint64_t)a->seed, 0, &p);
    lca_model *M = NULL;
    if (st == LCA_OK) st = gen_model_create(ctx, &p, &M);
    double t_gen = bench_now() - t0;
    if (st != LCA_OK) return fprintf(stderr, "gen: %s\n", lca_ctx_errmsg(ctx)), 1;
    lca_calc *c = NULL;
    t0 = bench_now();
    st = lca_calc_create(M, NULL, &c);
    double t_fac = bench_now() - t0;
    if (st < 0) return fprintf(stderr, "factor: %s\n", lca_ctx_errmsg(ctx)), 1;
    int64_t n = lca_model_dim(M, LCA_PRODUCTS), dem = 0;
    double *f = calloc((size_t)n, sizeof *f);
    lca_model_demand_dense(M, dem, f);
    lca_screen_options so;
    lca_screen_options_default(&so);
    lca_screen *s = NULL;
    t0 = bench_now();
    st = lca_screen_create(c, 0, f, &so, &s);
    double t_screen = bench_now() - t0;
    if (st != LCA_OK) return fprintf(stderr, "screen: %s\n", lca_ctx_errmsg(ctx)), 1;
    int64_t nA = lca_csc_nnz(lca_model_A(M)), nB = lca_csc_nnz(lca_model_B(M));
    int64_t nC = lca_csc_nnz(lca_model_C(M));
    double t_sp = 0.0, t_so = 0.0;
    if ((a->spearman > 0 || a->sobol > 0) && run_gsa(M, s, dem, a, &t_sp, &t_so)) {
        return fprintf(stderr, "gsa: %s\n", lca_ctx_errmsg(ctx)), 1;
    }
    printf("%s (n = %lld; inputs A %lld, B %lld, C %lld; %lld uncertain): "
           "generate %.2f s, factorize %.2f s, screening %.3f s (two solves "
           "+ one pass); first-order cv %.1f %%\n", a->profile, (long long)n,
           (long long)nA, (long long)nB, (long long)nC,
           (long long)lca_screen_nuncertain(s), t_gen, t_fac, t_screen,
           100.0 * sqrt(lca_screen_variance(s)) / fabs(lca_screen_score(s)));
    if (a->spearman > 0 || a->sobol > 0) {
        printf("Spearman %lld iterations: %.2f s; Sobol %lld rows x (%lld + 2): "
               "%.2f s\n", (long long)a->spearman, t_sp, (long long)a->sobol,
               (long long)a->inputs, t_so);
    }
    printf("{\"bench\":\"screen\",\"profile\":\"%s\",\"n\":%lld,\"nnz_A\":%lld,"
           "\"t_generate\":%.3f,\"t_factor\":%.3f,\"t_screen\":%.4f,"
           "\"t_spearman\":%.3f,\"t_sobol\":%.3f}\n", a->profile, (long long)n,
           (long long)nA, t_gen, t_fac, t_screen, t_sp, t_so);
    free(f);
    lca_screen_destroy(&s);
    lca_calc_destroy(&c);
    lca_model_destroy(&M);
    return 0;
}

int main(int argc, char **argv) {
    args a;
    if (parse(argc, argv, &a) != 0 ||
        (strcmp(a.mode, "spa") != 0 && strcmp(a.mode, "screen") != 0)) {
        fprintf(stderr, "usage: bench_analysis spa|screen [options] (see the "
                "top of benchmarks/bench_analysis.c)\n");
        return 2;
    }
    lca_ctx *ctx = NULL;
    if (lca_ctx_create(&ctx) != LCA_OK) return 1;
    bench_print_machine(stdout);
    int rc = strcmp(a.mode, "spa") == 0 ? run_spa(ctx, &a) : run_screen(ctx, &a);
    lca_ctx_destroy(&ctx);
    return rc;
}
