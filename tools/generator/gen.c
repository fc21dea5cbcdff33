// tools/generator/gen.c: profiles, random numbers, and the assembly of a
// generated model
// SPDX-License-Identifier: MIT
//
// gen_model_create runs the stages in order: layout (which activity is a
// hub, in the band, or in which tier), supply chains (gen_topology.c), a
// random permutation to final indices, the pattern of A with its diagonal,
// values and uncertainty (gen_values.c), then labels and demands
// (gen_labels.c). Each stage draws from its own splitmix64 stream
// (gen__stream(seed, stage)), so a change in one stage leaves the numbers
// of the others as they were.
//
// splitmix64 rather than the project's Philox: the generator is a serial
// walk whose draws are not addressed by (entry, iteration), and a 64-bit
// state in a local variable is all it needs.

#include <math.h>
#include <string.h>

#include "gen_impl.h"

// ---- random numbers ---------------------------------------------------------

uint64_t gen__rand_u64(uint64_t *state) {
    uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

double gen__rand_unit(uint64_t *state) {
    return (double)(gen__rand_u64(state) >> 11) * 0x1.0p-53;
}

// z = sqrt(-2 ln u1) cos(2 pi u2), u1 in (0, 1].
double gen__rand_normal(uint64_t *state) {
    double u1 = 1.0 - gen__rand_unit(state);
    double u2 = gen__rand_unit(state);
    return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}

int64_t gen__rand_below(uint64_t *state, int64_t bound) {
    return (int64_t)(gen__rand_unit(state) * (double)bound);
}

uint64_t gen__stream(uint64_t seed, uint64_t stage) {
    uint64_t s = seed ^ (stage * 0xd1b54a32d192ed03ULL);
    return gen__rand_u64(&s);
}

// round(exp(mu + sigma z)) with mu chosen so that the lognormal's mean is
// `mean`; at least 1, at most cap.
int64_t gen__rand_count(uint64_t *state, double mean, double sigma,
                        int64_t cap) {
    double mu = log(mean) - 0.5 * sigma * sigma;
    double x = floor(exp(mu + sigma * gen__rand_normal(state)) + 0.5);
    if (x < 1.0) return 1;
    return x > (double)cap ? cap : (int64_t)x;
}

lca_status gen__zipf_create(lca_ctx *ctx, int64_t size, double s,
                            gen_zipf *z) {
    z->size = size;
    z->cdf = lca_ctx_malloc(ctx, (size_t)(size > 0 ? size : 1),
                            sizeof *z->cdf);
    if (z->cdf == NULL) {
        return lca_ctx_fail(ctx, LCA_ERR_NOMEM, "out of memory");
    }
    double sum = 0.0;
    for (int64_t q = 0; q < size; q++) {
        sum += pow((double)(q + 1), -s);
        z->cdf[q] = sum;
    }
    return LCA_OK;
}

void gen__zipf_destroy(lca_ctx *ctx, gen_zipf *z) {
    lca_ctx_free(ctx, z->cdf);
    z->cdf = NULL;
}

// The first q with cdf[q] > u cdf[size-1], by bisection.
int64_t gen__zipf_draw(const gen_zipf *z, uint64_t *state) {
    double target = gen__rand_unit(state) * z->cdf[z->size - 1];
    int64_t lo = 0, hi = z->size - 1;
    while (lo < hi) {
        int64_t mid = lo + (hi - lo) / 2;
        if (z->cdf[mid] > target) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    return lo;
}

// ---- profiles ---------------------------------------------------------------

// ecoinvent 3: 21,238 activities, ~267,000 technosphere and ~407,000
// biosphere exchanges, 4,718 elementary flows. back_share 0.3 and no
// loops outside the core put the UMFPACK fill near 18 (README.md says how
// each parameter moves it).
static const gen_params ECO = {
    .profile = "eco",
    .n = 21238,
    .m = 4718,
    .k = 20,
    .nregions = 1,
    .ntiers = 6,
    .hub_share = 0.014,
    .global_hubs = 0,
    .local_hubs = 0.0,
    .core_share = 0.17,
    .back_share = 0.3,
    .tech_per_col = 12.6,
    .bio_per_col = 19.2,
    .loop_share = 0.0,
    .import_share = 0.0,
    .ndemands = 200,
    .seed = 1,
};

lca_status gen_params_profile(lca_ctx *ctx, const char *profile, uint64_t seed,
                              int64_t n_override, gen_params *p) {
    *p = ECO;
    if (strcmp(profile, "small") == 0) {
        p->profile = "small";
        p->n = 2000;
        p->m = 1000;
    } else if (strcmp(profile, "regional") == 0) {
        p->profile = "regional";
        p->n = 250000;
        p->m = 10000;
        p->nregions = 12;
        p->global_hubs = 50;
        p->local_hubs = 0.95;
        p->import_share = 0.05;
    } else if (strcmp(profile, "eco") != 0) {
        return lca_ctx_fail(ctx, LCA_ERR_ARG, "unknown profile '%s' (small, "
                            "eco or regional)", profile);
    }
    if (n_override > 0 && n_override < 200) {
        return lca_ctx_fail(ctx, LCA_ERR_ARG, "--n %lld: at least 200 "
                            "activities", (long long)n_override);
    }
    if (n_override > 0) {
        double scale = (double)n_override / (double)p->n;
        p->m = (int64_t)ceil((double)p->m * scale);
        p->n = n_override;
    }
    p->seed = seed;
    return LCA_OK;
}

// The first parameter out of range, by name, or NULL. The bounds keep
// every group of the layout non-empty (n / regions >= 100 activities, at
// most 20 tiers, a band of at least one activity per region).
static const char *bad_param(const gen_params *p) {
    if (p->n < 200) return "n (at least 200)";
    if (p->m < 20) return "m (at least 20)";
    if (p->k < 1) return "k (at least 1)";
    if (p->nregions < 1 || p->n / p->nregions < 100) {
        return "nregions (1 .. n/100)";
    }
    if (p->ntiers < 1 || p->ntiers > 20) return "ntiers (1..20)";
    if (!(p->hub_share > 0.0 && p->core_share >= 0.01 &&
          p->hub_share + p->core_share < 0.8)) {
        return "hub_share, core_share (> 0, >= 0.01, sum < 0.8)";
    }
    if (p->nregions > 1 && (p->global_hubs < 3 ||
                            p->global_hubs >= p->hub_share * (double)p->n)) {
        return "global_hubs (3 .. hub_share n)";
    }
    if (!(p->local_hubs >= 0.0 && p->local_hubs <= 1.0)) return "local_hubs";
    if (!(p->back_share >= 0.0 && p->back_share <= 1.0)) return "back_share";
    if (!(p->tech_per_col >= 2.0 && p->tech_per_col <= 1000.0)) {
        return "tech_per_col (2..1000)";
    }
    if (!(p->bio_per_col >= 1.0 && p->bio_per_col <= 1000.0)) {
        return "bio_per_col (1..1000)";
    }
    if (!(p->loop_share >= 0.0 && p->loop_share <= 0.5)) return "loop_share";
    if (!(p->import_share >= 0.0 && p->import_share <= 1.0)) {
        return "import_share";
    }
    if (p->ndemands < 1 || p->ndemands > p->n / 2) return "ndemands";
    return NULL;
}

static lca_status check_params(lca_ctx *ctx, const gen_params *p) {
    const char *bad = bad_param(p);
    if (bad == NULL) return LCA_OK;
    return lca_ctx_fail(ctx, LCA_ERR_ARG, "generator parameter out of range: "
                        "%s", bad);
}

// ---- assembly ---------------------------------------------------------------

// perm = a uniformly random permutation of 0..n-1 (Fisher-Yates).
static int64_t *random_perm(lca_ctx *ctx, int64_t n, uint64_t seed) {
    int64_t *perm = lca_ctx_malloc(ctx, (size_t)n, sizeof *perm);
    if (perm == NULL) return NULL;
    uint64_t rng = gen__stream(seed, 3);
    for (int64_t x = 0; x < n; x++) perm[x] = x;
    for (int64_t x = n - 1; x > 0; x--) {
        int64_t y = gen__rand_below(&rng, x + 1);
        int64_t t = perm[x];
        perm[x] = perm[y];
        perm[y] = t;
    }
    return perm;
}

// The pattern of A in final indices: every edge plus the diagonal
// (duplicate edges merge), values 1 for now.
static lca_status pattern_A(lca_ctx *ctx, int64_t n, const gen_edges *E,
                            const int64_t *perm, lca_csc **A) {
    int64_t nt = E->count + n;
    int64_t *Ti = lca_ctx_malloc(ctx, (size_t)nt, sizeof *Ti);
    int64_t *Tj = lca_ctx_malloc(ctx, (size_t)nt, sizeof *Tj);
    double *Tx = lca_ctx_malloc(ctx, (size_t)nt, sizeof *Tx);
    lca_status st = LCA_OK;
    if (Ti == NULL || Tj == NULL || Tx == NULL) {
        st = lca_ctx_fail(ctx, LCA_ERR_NOMEM, "out of memory");
        goto done;
    }
    for (int64_t e = 0; e < E->count; e++) {
        Ti[e] = perm[E->Ti[e]];
        Tj[e] = perm[E->Tj[e]];
    }
    for (int64_t j = 0; j < n; j++) {
        Ti[E->count + j] = j;
        Tj[E->count + j] = j;
    }
    for (int64_t e = 0; e < nt; e++) Tx[e] = 1.0;
    st = lca_csc_from_triplets(ctx, n, n, nt, Ti, Tj, Tx, A);
done:
    lca_ctx_free(ctx, Ti);
    lca_ctx_free(ctx, Tj);
    lca_ctx_free(ctx, Tx);
    return st;
}

// A with values and records, from the layout.
static lca_status build_A(lca_ctx *ctx, const gen_params *p,
                          const gen_layout *L, const int64_t *perm,
                          lca_csc **A, lca_uncertainty **u) {
    gen_edges E = {0};
    *A = NULL;
    *u = NULL;
    lca_status st = gen__edges_create(ctx, p, L, &E);
    if (st == LCA_OK) st = pattern_A(ctx, p->n, &E, perm, A);
    gen__edges_destroy(ctx, &E);
    if (st != LCA_OK) return st;
    *u = lca_ctx_malloc(ctx, (size_t)lca_csc_nnz(*A), sizeof **u);
    if (*u == NULL) {
        lca_csc_destroy(A);
        return lca_ctx_fail(ctx, LCA_ERR_NOMEM, "out of memory");
    }
    return gen__values_A(ctx, p->seed, *A, *u);
}

// Make the model from the matrices and hand over the records.
static lca_status assemble(lca_ctx *ctx, const lca_csc *A, const lca_csc *B,
                           const lca_csc *C, lca_uncertainty *const u[3],
                           lca_model **M) {
    lca_status st = lca_model_create(ctx, LCA_TECHNOSPHERE, A, B, C, M);
    for (int x = 0; x < 3 && st == LCA_OK; x++) {
        st = lca_model_set_uncertainty(*M, (lca_matrix)x, u[x]);
    }
    if (st != LCA_OK) lca_model_destroy(M);
    return st;
}

lca_status gen_model_create(lca_ctx *ctx, const gen_params *p, lca_model **M) {
    gen_layout L = {0};
    lca_csc *A = NULL, *B = NULL, *C = NULL;
    lca_uncertainty *u[3] = {NULL, NULL, NULL};
    int64_t *perm = NULL;
    lca_model *out = NULL;
    *M = NULL;
    lca_status st = check_params(ctx, p);
    if (st == LCA_OK) st = gen__layout_create(ctx, p, &L);
    if (st != LCA_OK) goto done;
    perm = random_perm(ctx, p->n, p->seed);
    if (perm == NULL) {
        st = lca_ctx_fail(ctx, LCA_ERR_NOMEM, "out of memory");
        goto done;
    }
    st = build_A(ctx, p, &L, perm, &A, &u[0]);
    if (st == LCA_OK) st = gen__matrix_B(ctx, p, &B, &u[1]);
    if (st == LCA_OK) st = gen__matrix_C(ctx, p, &C, &u[2]);
    if (st == LCA_OK) st = assemble(ctx, A, B, C, u, &out);
    if (st == LCA_OK) st = gen__labels(out, p, &L, perm);
    if (st == LCA_OK) st = gen__demands(out, p, &L, perm);
    if (st != LCA_OK) goto done;
    *M = out;
    out = NULL;
done:
    lca_model_destroy(&out);
    for (int x = 0; x < 3; x++) lca_ctx_free(ctx, u[x]);
    lca_csc_destroy(&A);
    lca_csc_destroy(&B);
    lca_csc_destroy(&C);
    lca_ctx_free(ctx, perm);
    gen__layout_destroy(ctx, &L);
    return st;
}
