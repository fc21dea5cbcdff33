// tools/generator/gen_values.c: amounts and uncertainty of A, B and C
// SPDX-License-Identifier: MIT
//
// A: the reference output on the diagonal is 1 (a tenth of the columns
// produce between 0.5 and 2 instead), and the inputs of column j are
// lognormal weights (spread exp(1.5 z): amounts across several orders of
// magnitude, as in a database mixing kWh, tkm and kg) scaled so that
// their absolute sum is s_j d_j with s_j uniform in [0.05, 0.6]:
//
//     sum_i |A(i,j)| <= 0.6 A(j,j)   for every column j
//
// so T = A is a nonsingular M-matrix, strictly diagonally dominant by
// columns, T^-1 >= 0, and every supply s = T^-1 f is >= 0 for f >= 0.
//
// Uncertainty of every input and every biosphere entry, roughly as in
// ecoinvent 3: 92 % lognormal (median = the amount, GSD = exp(ln 1.05 +
// v^2 ln(2.5/1.05)), v uniform: GSDs over 1.05-2.5, median about 1.3),
// 3 % normal (sd 5-30 % of |amount|), 2.5 % triangular and 2.5 % uniform
// (around the amount, 10-50 % either side). Reference outputs are fixed
// (record NONE), as they are in ecoinvent. Characterization factors are
// fixed except 3 % lognormal (GSD 1.1-1.5).
//
// B: each column has a lognormal number of flows (mean bio_per_col),
// drawn by popularity (Zipf over a random ranking of the flows: CO2 and
// water in nearly every column, rare substances in few); a flow left
// unused gets one entry. Amounts are the flow's scale (10^-6..1) times
// exp(1.2 z). C: indicator i covers a log-uniform share (0.5-50 %) of the
// flows with factors 10^(-2..3), 2 % of them negative (uptakes).

#include <math.h>
#include <string.h>

#include "gen_impl.h"

enum { STAGE_A = 4, STAGE_B = 5, STAGE_C = 6, STAGE_B_SCALE = 7 };

// A record for an exchange of the given (nonzero) amount.
static lca_uncertainty draw_record(uint64_t *rng, double amount) {
    lca_uncertainty u = lca_uncertainty_none();
    double kind = gen__rand_unit(rng), v = gen__rand_unit(rng);
    double mag = fabs(amount), w = 0.1 + 0.4 * v;
    if (kind < 0.92) {
        u.dist = LCA_DIST_LOGNORMAL;
        u.p1 = amount;
        u.p2 = exp(log(1.05) + v * v * log(2.5 / 1.05));
    } else if (kind < 0.95) {
        u.dist = LCA_DIST_NORMAL;
        u.p1 = amount;
        u.p2 = mag * (0.05 + 0.25 * v);
    } else if (kind < 0.975) {
        u.dist = LCA_DIST_TRIANGULAR;
        u.p1 = amount - mag * w;
        u.p2 = amount;
        u.p3 = amount + mag * (0.1 + 0.4 * gen__rand_unit(rng));
    } else {
        u.dist = LCA_DIST_UNIFORM;
        u.p1 = amount - mag * w;
        u.p2 = amount + mag * w;
    }
    return u;
}

// ---- A ----------------------------------------------------------------------

// Column j: first the weights into Ax, then scaled to the column's sum.
static void column_A(uint64_t *rng, int64_t j, const int64_t *Ap,
                     const int64_t *Ai, double *Ax, lca_uncertainty *u) {
    double d = 1.0;
    if (gen__rand_unit(rng) < 0.1) d = exp(log(0.5) + gen__rand_unit(rng) *
                                                          log(4.0));
    double share = 0.05 + 0.55 * gen__rand_unit(rng), W = 0.0;
    for (int64_t p = Ap[j]; p < Ap[j + 1]; p++) {
        Ax[p] = Ai[p] == j ? 0.0 : exp(1.5 * gen__rand_normal(rng));
        W += Ax[p];
    }
    for (int64_t p = Ap[j]; p < Ap[j + 1]; p++) {
        if (Ai[p] == j) {
            Ax[p] = d;
            u[p] = lca_uncertainty_none();
            continue;
        }
        Ax[p] = -share * d * Ax[p] / W;
        u[p] = draw_record(rng, Ax[p]);
    }
}

lca_status gen__values_A(lca_ctx *ctx, uint64_t seed, lca_csc *A,
                         lca_uncertainty *u) {
    (void)ctx;
    uint64_t rng = gen__stream(seed, STAGE_A);
    const int64_t *Ap = lca_csc_colptr(A), *Ai = lca_csc_rowidx(A);
    double *Ax = lca_csc_values_mut(A);
    for (int64_t j = 0; j < lca_csc_ncols(A); j++) {
        column_A(&rng, j, Ap, Ai, Ax, u);
    }
    return LCA_OK;
}

// ---- B and C ----------------------------------------------------------------

// The pattern of B: Zipf-popular flows per column, then every unused
// flow once. rank[q] = the flow of popularity rank q.
static lca_status pattern_B(lca_ctx *ctx, const gen_params *p,
                            const int64_t *rank, int64_t *mark,
                            gen_edges *E) {
    gen_zipf z;
    uint64_t rng = gen__stream(p->seed, STAGE_B);
    lca_status st = gen__zipf_create(ctx, p->m, 1.0, &z);
    for (int64_t x = 0; x < p->m; x++) mark[x] = -1;
    for (int64_t j = 0; j < p->n && st == LCA_OK; j++) {
        int64_t count = gen__rand_count(&rng, p->bio_per_col, 0.8, p->m / 2);
        for (int64_t c = 0, tries = 0; c < count && tries < 8 * count &&
                                       st == LCA_OK; tries++) {
            int64_t f = rank[gen__zipf_draw(&z, &rng)];
            if (mark[f] == j) continue;
            mark[f] = j;
            st = gen__edges_push(ctx, E, f, j);
            c++;
        }
    }
    for (int64_t f = 0; f < p->m && st == LCA_OK; f++) {
        if (mark[f] < 0) st = gen__edges_push(ctx, E, f,
                                              gen__rand_below(&rng, p->n));
    }
    gen__zipf_destroy(ctx, &z);
    return st;
}

// A CSC matrix from E with every value 1 (E's pairs are distinct).
static lca_status pattern_csc(lca_ctx *ctx, int64_t m, int64_t n,
                              const gen_edges *E, lca_csc **X) {
    double *ones = lca_ctx_malloc(ctx, (size_t)E->count, sizeof *ones);
    if (ones == NULL) return lca_ctx_fail(ctx, LCA_ERR_NOMEM, "out of memory");
    for (int64_t e = 0; e < E->count; e++) ones[e] = 1.0;
    lca_status st = lca_csc_from_triplets(ctx, m, n, E->count, E->Ti, E->Tj,
                                          ones, X);
    lca_ctx_free(ctx, ones);
    return st;
}

// Values and records of B: flow f's scale times a lognormal factor.
static void values_B(const gen_params *p, lca_csc *B, lca_uncertainty *u) {
    uint64_t srng = gen__stream(p->seed, STAGE_B_SCALE);
    uint64_t rng = gen__stream(p->seed, STAGE_B + 100);
    const int64_t *Ai = lca_csc_rowidx(B);
    double *Bx = lca_csc_values_mut(B);
    int64_t nnz = lca_csc_nnz(B);
    for (int64_t q = 0; q < nnz; q++) {
        // A flow's scale is a hash of the flow: the same in every column.
        uint64_t s = srng ^ (uint64_t)Ai[q] * 0x9e3779b97f4a7c15ULL;
        double scale = pow(10.0, -6.0 * gen__rand_unit(&s));
        Bx[q] = scale * exp(1.2 * gen__rand_normal(&rng));
        u[q] = draw_record(&rng, Bx[q]);
    }
}

lca_status gen__matrix_B(lca_ctx *ctx, const gen_params *p, lca_csc **B,
                         lca_uncertainty **u) {
    gen_edges E = {0};
    uint64_t rng = gen__stream(p->seed, STAGE_B + 200);
    *B = NULL;
    *u = NULL;
    int64_t *rank = lca_ctx_malloc(ctx, (size_t)p->m, sizeof *rank);
    int64_t *mark = lca_ctx_malloc(ctx, (size_t)p->m, sizeof *mark);
    lca_status st = LCA_OK;
    if (rank == NULL || mark == NULL) {
        st = lca_ctx_fail(ctx, LCA_ERR_NOMEM, "out of memory");
        goto done;
    }
    for (int64_t f = 0; f < p->m; f++) rank[f] = f;
    for (int64_t f = p->m - 1; f > 0; f--) {
        int64_t g = gen__rand_below(&rng, f + 1), t = rank[f];
        rank[f] = rank[g];
        rank[g] = t;
    }
    st = pattern_B(ctx, p, rank, mark, &E);
    if (st == LCA_OK) st = pattern_csc(ctx, p->m, p->n, &E, B);
    if (st != LCA_OK) goto done;
    *u = lca_ctx_malloc(ctx, (size_t)lca_csc_nnz(*B), sizeof **u);
    if (*u == NULL) {
        st = lca_ctx_fail(ctx, LCA_ERR_NOMEM, "out of memory");
        goto done;
    }
    values_B(p, *B, *u);
done:
    gen__edges_destroy(ctx, &E);
    lca_ctx_free(ctx, rank);
    lca_ctx_free(ctx, mark);
    return st;
}

// Indicator i's flows: a log-uniform share of them, no repeats.
static lca_status pattern_C(lca_ctx *ctx, const gen_params *p, uint64_t *rng,
                            int64_t *mark, gen_edges *E) {
    for (int64_t f = 0; f < p->m; f++) mark[f] = -1;
    for (int64_t i = 0; i < p->k; i++) {
        double share = exp(log(0.005) + gen__rand_unit(rng) * log(100.0));
        int64_t count = (int64_t)(share * (double)p->m) + 1;
        for (int64_t c = 0; c < count; c++) {
            int64_t f = gen__rand_below(rng, p->m);
            if (mark[f] == i) continue;
            mark[f] = i;
            lca_status st = gen__edges_push(ctx, E, i, f);
            if (st != LCA_OK) return st;
        }
    }
    return LCA_OK;
}

static void values_C(uint64_t *rng, lca_csc *C, lca_uncertainty *u) {
    double *Cx = lca_csc_values_mut(C);
    for (int64_t q = 0; q < lca_csc_nnz(C); q++) {
        double sign = gen__rand_unit(rng) < 0.02 ? -1.0 : 1.0;
        Cx[q] = sign * pow(10.0, -2.0 + 5.0 * gen__rand_unit(rng));
        u[q] = lca_uncertainty_none();
        if (gen__rand_unit(rng) < 0.03) {
            u[q].dist = LCA_DIST_LOGNORMAL;
            u[q].p1 = Cx[q];
            u[q].p2 = 1.1 + 0.4 * gen__rand_unit(rng);
        }
    }
}

lca_status gen__matrix_C(lca_ctx *ctx, const gen_params *p, lca_csc **C,
                         lca_uncertainty **u) {
    gen_edges E = {0};
    uint64_t rng = gen__stream(p->seed, STAGE_C);
    *C = NULL;
    *u = NULL;
    int64_t *mark = lca_ctx_malloc(ctx, (size_t)p->m, sizeof *mark);
    lca_status st = mark == NULL ? lca_ctx_fail(ctx, LCA_ERR_NOMEM,
                                                "out of memory")
                                 : pattern_C(ctx, p, &rng, mark, &E);
    if (st == LCA_OK) st = pattern_csc(ctx, p->k, p->m, &E, C);
    if (st == LCA_OK) {
        *u = lca_ctx_malloc(ctx, (size_t)lca_csc_nnz(*C), sizeof **u);
        if (*u == NULL) st = lca_ctx_fail(ctx, LCA_ERR_NOMEM, "out of memory");
    }
    if (st == LCA_OK) values_C(&rng, *C, *u);
    gen__edges_destroy(ctx, &E);
    lca_ctx_free(ctx, mark);
    return st;
}
