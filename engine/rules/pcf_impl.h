// engine/rules/pcf_impl.h: the body of an lca_pcf, shared by
// engine/rules/pcf.c (object, results), pcf_bind.c (rules to demands),
// pcf_det.c (deterministic results), pcf_check.c (conformance) and
// pcf_mc.c (the Monte Carlo run)
// SPDX-License-Identifier: MIT

#ifndef LCA_PCF_IMPL_H
#define LCA_PCF_IMPL_H

#include "lca/calc.h"
#include "lca/pcf.h"

// A stage-map entry bound: a product index and its stage index.
typedef struct lca__pcf_map {
    int64_t product, stage;
} lca__pcf_map;

// One category: its rule bound to the model, and its results.
typedef struct lca__pcf_cat {
    const lca_rule *rule;
    int64_t nprod;            // representing products and their amounts
    int64_t *prod;            // per declared unit (q x share)
    double *amount;
    int64_t nadd;             // added processes, amounts, stage indices
    int64_t *add;
    double *add_amount;
    int64_t *add_stage;
    int64_t nstages;          // stage names, borrowed from the rule
    const char **stage_names;
    int64_t nmap;             // the stage map, sorted by product
    lca__pcf_map *map;
    int64_t direct, dflt;     // the direct and default stage indices
    int64_t ind;              // the rule's indicator in the model
    int64_t nsplit;           // its split components
    int64_t *split_ind;
    const char **split_ids;   // borrowed from the model
    int64_t col;              // F columns: col = total, col+1.. = stages
    // Results.
    double footprint, per_kg, cutoff_share, primary_share, dqr, unscored;
    double dqr_scores[5];
    int64_t cutoff_items, unlinked;
    double *split, *stages;   // nsplit, nstages
    lca_pcf_violation *viol;
    int64_t nviol, viol_cap;
    double *samples;          // (1 + nsplit + nstages) x iterations
    double mean, sd, q[LCA_MC_NQUANTILES];
    int64_t nvalid;
} lca__pcf_cat;

struct lca_pcf {
    lca_ctx *ctx;
    const lca_model *M;
    const lca_ruleset *rs;
    lca_pcf_options opt;
    int64_t n;                // products
    int64_t ncat;
    lca__pcf_cat *cat;
    int64_t nind;             // indicators scored: every rule's and splits
    int64_t *ind;
    int64_t *ind_pos;         // [k] position in ind, or -1
    uint8_t *primary;         // [n] 1 for a product with primary data
    lca_csc *F;               // n x (sum of 1 + nstages) demand columns
    int64_t nsamples, nfailed;
};

// ---- binding (pcf_bind.c) -------------------------------------------------

// Bind rule r into category c (indices, stages, indicator, splits).
// Errors: LCA_ERR_INVALID (the message names the rule file and pointer),
// LCA_ERR_NOMEM.
lca_status lca__pcf_bind(lca_pcf *p, const lca_rule *r, lca__pcf_cat *c);

// The demand columns of every category into p->F, and each category's
// col. Errors: LCA_ERR_NOMEM.
lca_status lca__pcf_columns(lca_pcf *p);

void lca__pcf_cat_free(lca_ctx *ctx, lca__pcf_cat *c);

// The stage of direct input i of category c (the map's, else default).
int64_t lca__pcf_stage_of(const lca__pcf_cat *c, int64_t i);

// ---- results (pcf_det.c, pcf_check.c, pcf_mc.c) ---------------------------

// Footprints, splits, stages, cut-off, primary share and data quality
// from one factorization. Errors: the calculation's.
lca_status lca__pcf_deterministic(lca_pcf *p, lca_calc *calc);

// The supply chain of a category's base demand: the products reachable
// from its products and added processes through T's nonzero inputs (the
// pattern of T^-1 f), found when a check first asks. mark and stack are n
// of scratch; done says mark holds category c's chain.
typedef struct lca__pcf_chain {
    uint8_t *mark;
    int64_t *stack;
    const lca__pcf_cat *done;
} lca__pcf_chain;

// The conformance report of category c (chain: scratch for its supply
// chain). Errors: LCA_ERR_NOMEM.
lca_status lca__pcf_conformance(lca_pcf *p, lca__pcf_cat *c,
                                lca__pcf_chain *chain);

// Add a violation to c (item and the printf detail copied).
// Errors: LCA_ERR_NOMEM.
lca_status lca__pcf_violation(lca_ctx *ctx, lca__pcf_cat *c,
                              const char *check, const char *item,
                              const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

// The Monte Carlo run and its statistics. Errors: lca_mc's.
lca_status lca__pcf_mc(lca_pcf *p, const volatile int *stop);

#endif  // LCA_PCF_IMPL_H
