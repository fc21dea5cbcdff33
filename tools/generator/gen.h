// tools/generator/gen.h: synthetic supply-chain LCA systems (lca-gen)
// SPDX-License-Identifier: MIT
//
// gen_model_create builds a technosphere model shaped like a real process
// database (ecoinvent): tiered supply chains, a few hundred hub/market
// activities (electricity, transport, heat) that almost every activity
// buys from, and a band of material producers that the hubs buy from, so
// that the hubs and that band form one large strongly connected component
// (loop core) while the rest of the system is acyclic (loop_share adds
// two-activity loops there; the profiles have none, see README.md). Every
// exchange off the diagonal carries an uncertainty record (reference
// outputs are fixed) and the model holds 200 unit demands in the demand
// set "key products".
// README.md next to this file gives the profiles and measured numbers.
//
// Determinism: the model is a pure function of the parameters (seed
// included). The pseudo-random numbers come from splitmix64 streams held
// in local variables, one stream per stage, so no state outlives a call.
//
// Threads: the functions here keep no state; one ctx per thread.

#ifndef LCA_GEN_H
#define LCA_GEN_H

#include <stdint.h>

#include "lca.h"

// Everything that shapes a generated system.
typedef struct gen_params {
    const char *profile;   // name written into the model ("eco" ...)
    int64_t n;             // activities (= products)
    int64_t m;             // elementary flows
    int64_t k;             // indicators
    int64_t nregions;      // regions; the loop core splits into one per region
    int64_t ntiers;        // tiers of ordinary producers above the band
    double hub_share;      // hubs/markets as a share of n
    int64_t global_hubs;   // with regions: hubs shared by all regions
    double local_hubs;     // with regions: share of hub inputs from the
                           // activity's own region
    double core_share;     // material band (loop core) as a share of n
    double tech_per_col;   // mean technosphere entries per column, diagonal
                           // included
    double bio_per_col;    // mean biosphere entries per column
    double back_share;     // band inputs drawn from anywhere in the band
                           // rather than further up it (sets the LU fill)
    double loop_share;     // ordinary producers in a two-activity loop
    double import_share;   // inputs an ordinary producer takes from another
                           // region
    int64_t ndemands;      // unit demands in the set "key products"
    uint64_t seed;
} gen_params;

// Fill *p with the parameters of a named profile: "small" (2,000
// activities), "eco" (21,238, the size of ecoinvent 3) or "regional"
// (250,000 in 12 regions). n_override > 0 replaces n (m scales with it).
// Errors: LCA_ERR_ARG (unknown profile or n_override below 200).
lca_status gen_params_profile(lca_ctx *ctx, const char *profile, uint64_t seed,
                              int64_t n_override, gen_params *p);

// Generate the model described by *p (technosphere convention: reference
// outputs on the diagonal, inputs negative). On success *M is a new model
// the caller destroys with lca_model_destroy.
// Errors: LCA_ERR_ARG (parameters out of range), LCA_ERR_NOMEM.
lca_status gen_model_create(lca_ctx *ctx, const gen_params *p, lca_model **M);

// The strongly connected components of the column graph of the square
// matrix A (an edge j -> i for every off-diagonal entry A(i,j)), by an
// iterative Tarjan in O(n + nnz). comp[j] (n entries, caller's) gets the
// component of j, numbered 0..*ncomp-1; *largest is the size of the
// largest component and *nloops the number of components with more than
// one activity. Errors: LCA_ERR_DIM (A not square), LCA_ERR_NOMEM.
lca_status gen_scc(lca_ctx *ctx, const lca_csc *A, int64_t *comp,
                   int64_t *ncomp, int64_t *largest, int64_t *nloops);

// What lca-gen prints about a system, and what the test checks.
typedef struct gen_fingerprint {
    int64_t n, m, k, nnz_A, nnz_B, nnz_C;
    int64_t scc_largest;  // activities in the largest SCC
    int64_t scc_loops;    // SCCs with two or more activities
    double scc_share;     // scc_largest / n
    int64_t nnz_lu;       // entries of L+U (UMFPACK), -1 if not factorized
    double fill;          // nnz_lu / nnz_A, or NaN
    double t_analysis;    // seconds: lca_analysis_create (symbolic)
    double t_factor;      // seconds: lca_solver_factor (numeric)
    double t_solve;       // seconds: one solve, first "key products" demand
    double min_supply;    // smallest entry of that supply, relative to its
                          // largest (>= 0 for a productive system)
} gen_fingerprint;

// Compute the fingerprint of M. With with_fill, T is analysed and factorized
// on the sparse path (UMFPACK) to get nnz(L+U), and the first demand of
// "key products" is solved. Errors: those of gen_scc and of the solver
// (LCA_ERR_SINGULAR ...), LCA_ERR_NOTFOUND (no "key products" set).
lca_status gen_fingerprint_compute(const lca_model *M, int with_fill,
                                   gen_fingerprint *fp);

// count synthetic product rules (lca/rule.h) over the key products of M
// (the demand set "key products"), in a new rule set: rule i represents
// key product i (repeated past their number, with other ids) and varies
// with i so that a set covers mixes, the three boundaries, functional
// units, stage maps and declared units other than the model's
// (gen_rules.c has the pattern). Deterministic.
// Errors: LCA_ERR_NOTFOUND (no "key products"), LCA_ERR_ARG (no
// indicator, or more than 4096 key products), LCA_ERR_NOMEM.
lca_status gen_rules_create(const lca_model *M, int64_t count,
                            lca_ruleset **rs);

#endif  // LCA_GEN_H
