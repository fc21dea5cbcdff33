// tools/generator/gen_impl.h: what the generator's files share
// SPDX-License-Identifier: MIT
//
// The system is first laid out in "logical" order, where every group of
// activities is a contiguous range:
//
//     global hubs | region 0: hubs, band, tier 1, ..., tier T | region 1 ...
//
// and the supply chains are drawn between those ranges (gen_topology.c).
// A random permutation then gives every activity its final index, so that
// the matrix order says nothing about the structure (as in a real database,
// sorted by name or UUID).

#ifndef LCA_GEN_IMPL_H
#define LCA_GEN_IMPL_H

#include <stdint.h>

#include "gen.h"

// Groups of a region: hubs, the material band (loop core), then tiers.
enum { GEN_HUBS = 0, GEN_BAND = 1, GEN_TIER1 = 2 };

typedef struct gen_range {
    int64_t lo, hi;  // activities lo .. hi-1 (logical order)
} gen_range;

typedef struct gen_layout {
    int64_t n, nregions, ngroups;  // ngroups = ntiers + 2 per region
    gen_range global;              // global hubs
    gen_range *range;              // [r * ngroups + g]
    uint8_t *group;                // [x]: GEN_HUBS.. of activity x
    int32_t *region;               // [x]: region, -1 for a global hub
} gen_layout;

// A growing list of technosphere inputs (row i = supplier, column j =
// consumer) in logical order.
typedef struct gen_edges {
    int64_t count, cap;
    int64_t *Ti, *Tj;
} gen_edges;

// Cumulative Zipf weights cdf[q] = sum_{r <= q} (r + 1)^-s, size entries.
typedef struct gen_zipf {
    int64_t size;
    double *cdf;
} gen_zipf;

// ---- random numbers (gen.c) -------------------------------------------------

uint64_t gen__rand_u64(uint64_t *state);    // splitmix64 step
double gen__rand_unit(uint64_t *state);     // uniform in [0, 1)
double gen__rand_normal(uint64_t *state);   // N(0, 1), Box-Muller
int64_t gen__rand_below(uint64_t *state, int64_t bound);  // 0..bound-1
// A stream for one stage: splitmix64 of the seed mixed with the stage.
uint64_t gen__stream(uint64_t seed, uint64_t stage);
// A count >= 1 with mean about `mean`: round(lognormal), spread sigma.
int64_t gen__rand_count(uint64_t *state, double mean, double sigma,
                        int64_t cap);

lca_status gen__zipf_create(lca_ctx *ctx, int64_t size, double s,
                            gen_zipf *z);
void gen__zipf_destroy(lca_ctx *ctx, gen_zipf *z);
int64_t gen__zipf_draw(const gen_zipf *z, uint64_t *state);  // 0..size-1

// ---- layout and supply chains (gen_topology.c) ------------------------------

lca_status gen__layout_create(lca_ctx *ctx, const gen_params *p,
                              gen_layout *L);
void gen__layout_destroy(lca_ctx *ctx, gen_layout *L);
gen_range gen__range(const gen_layout *L, int64_t r, int64_t g);

// Draw every activity's inputs (no diagonal) into E.
lca_status gen__edges_create(lca_ctx *ctx, const gen_params *p,
                             const gen_layout *L, gen_edges *E);
void gen__edges_destroy(lca_ctx *ctx, gen_edges *E);
lca_status gen__edges_push(lca_ctx *ctx, gen_edges *E, int64_t i, int64_t j);

// ---- values, uncertainty, B and C (gen_values.c) ----------------------------

// Values of A's pattern in place (diagonal = reference output, inputs
// negative, column sums of |inputs| <= 0.6 of the output) and one record
// per entry.
lca_status gen__values_A(lca_ctx *ctx, uint64_t seed, lca_csc *A,
                         lca_uncertainty *u);
// B (m x n) with its records.
lca_status gen__matrix_B(lca_ctx *ctx, const gen_params *p, lca_csc **B,
                         lca_uncertainty **u);
// C (k x m) with its records.
lca_status gen__matrix_C(lca_ctx *ctx, const gen_params *p, lca_csc **C,
                         lca_uncertainty **u);

// ---- labels, demands, attributes (gen_labels.c) -----------------------------

// perm[x] = final index of logical activity x.
lca_status gen__labels(lca_model *M, const gen_params *p, const gen_layout *L,
                       const int64_t *perm);
lca_status gen__demands(lca_model *M, const gen_params *p,
                        const gen_layout *L, const int64_t *perm);

#endif  // LCA_GEN_IMPL_H
