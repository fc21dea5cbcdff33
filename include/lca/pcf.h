// include/lca/pcf.h: product carbon footprints of every category of a rule
// set, from one factorization and one paired Monte Carlo run
// SPDX-License-Identifier: MIT
//
// Each rule (lca/rule.h) becomes demands in its declared unit: the
// category's products (q = model units per declared unit, times their
// production shares) plus, for cradle-to-grave, the use and end-of-life
// processes the rule adds. The footprint is h = lambda' f, lambda the
// upstream factors of the rule's GWP indicator (T' lambda = D').
//
// Stages are demands too, so they sum to the footprint in every Monte
// Carlo iteration (their demands sum to the category's exactly); the
// deterministic stages take the direct term exactly as a D_p / T_pp and
// sum to the footprint to rounding. For a product p with amount a (T its
// technosphere column, T_pp its reference output):
//
//   a e_p = (a / T_pp) T(:,p) + sum_{i != p} (a / T_pp) (-T_ip) e_i
//
// the first term (whose score is a D_p / T_pp, the process's direct
// emissions) goes to the rule's direct stage, each input i (with its whole
// supply chain) to the stage the rule's stage map gives i, else to the
// default stage; added processes go to their own stage. In Monte Carlo
// the input amounts of these terms are the model's (the recipe is not
// resampled inside a stage split); the direct stage takes the rest, so
// the stages still sum to each sampled footprint. Gate-to-gate is the
// direct term alone.
//
// All categories are columns of one demand matrix scored by one lca_mc
// run (lca/mc.h, option F): every category sees the same sample in
// every iteration (paired: differences and ranks between categories are
// meaningful), and 200 categories cost little more than one, since the
// factorization and the transposed solves are shared.
//
// Deterministic results come from one lca_calc: the footprint and its
// split (the indicators the method tags as components of the rule's
// indicator, lca/method.h), the stages, the cut-off check, the primary
// data share, the data-quality rating (lca/dqr.h) and the conformance
// report (each violation named; docs/RULES.md, "Conformance").
//
// Threads: the Monte Carlo run uses lca_ctx_nthreads threads of the
// model's ctx; results are bit-identical for any thread count.

#ifndef LCA_PCF_H
#define LCA_PCF_H

#include <stdint.h>

#include "lca/mc.h"
#include "lca/model.h"
#include "lca/rule.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct lca_pcf_options {
    int64_t iterations;          // Monte Carlo iterations (0: none)
    lca_mc_options mc;           // seed, block size, sampling; the run
                                 // sets its indicators and demands
    int64_t nprimary;            // products whose data are primary
    const char *const *primary;  // (ids or unique names)
    double missing_score;        // DQR of a missing pedigree score (5)
} lca_pcf_options;

void lca_pcf_options_default(lca_pcf_options *opt);

typedef struct lca_pcf lca_pcf;  // opaque; engine/rules/pcf_impl.h

// Bind every rule of rs to M: products, added processes and stage-map
// entries must exist in M (by id, else unique name) with the rule's
// model unit, and M must have the rule's GWP indicator. M and rs must
// outlive the lca_pcf. Nothing is computed yet.
// Errors: LCA_ERR_INVALID ("RULE FILE: /pointer: no product 'x' in the
// model", a unit mismatch, a missing indicator, an unknown primary
// product), LCA_ERR_ARG (bad options), LCA_ERR_NOMEM.
lca_status lca_pcf_create(const lca_model *M, const lca_ruleset *rs,
                          const lca_pcf_options *opt, lca_pcf **p);
void lca_pcf_destroy(lca_pcf **p);

// Compute: the deterministic results and conformance, then the Monte
// Carlo run. After each wave of iterations *stop (may be NULL) is read;
// when set the run ends with the iterations done so far (the results
// say how many). Returns LCA_OK or a solver warning.
// Errors: LCA_ERR_SINGULAR, LCA_ERR_SOLVER, LCA_ERR_INVALID (non-finite
// data), LCA_ERR_NOMEM; Monte Carlo errors as lca_mc_run.
lca_status lca_pcf_run(lca_pcf *p, const volatile int *stop);

int64_t lca_pcf_ncategories(const lca_pcf *p);
const lca_rule *lca_pcf_rule(const lca_pcf *p, int64_t c);
const lca_model *lca_pcf_model(const lca_pcf *p);
int64_t lca_pcf_iterations(const lca_pcf *p);  // run (<= asked)
int64_t lca_pcf_nfailed(const lca_pcf *p);     // of those, failed (NaN)
// The options p was made with (primary NULL and nprimary 0: the list
// is not kept, only which products it named).
const lca_pcf_options *lca_pcf_options_get(const lca_pcf *p);

// One thing a category's result does not do that its rule asks.
typedef struct lca_pcf_violation {
    const char *check;   // "allocation", "boundary", "cut-off",
                         // "data-quality", "gwp-set", "mandatory-process",
                         // "primary-share", "unlinked-input"
    const char *item;    // what it concerns (a process id, ...), or ""
    const char *detail;  // one sentence
} lca_pcf_violation;

// The results of category c (arrays borrowed from p; valid until p is
// destroyed or run again). Footprints are in the indicator's unit per
// declared unit. Samples are aligned by iteration across categories
// (sample i of every category comes from iteration i); a failed
// iteration is NaN in every category.
typedef struct lca_pcf_result {
    const char *id, *unit;        // category id, declared unit
    const char *indicator;        // indicator id, and its unit
    const char *indicator_unit;
    double footprint;             // deterministic
    double per_kg;                // footprint / mass_kg; NaN without mass
    int64_t nsplit;               // split components of the indicator
    const char *const *split_ids; // their indicator ids
    const double *split;          // nsplit values
    int64_t nstages;              // stages, in the rule's order
    const char *const *stage_names;
    const double *stages;         // nstages values; sum = footprint
    double cutoff_share;          // share of the footprint in inputs each
    int64_t cutoff_items;         // under the rule's item threshold (and
    double cutoff_limit;          // how many), against the rule's limit
    int64_t unlinked;             // inputs of the category's processes
                                  // cut off at import (no provider)
    double primary_share;         // share from primary-data processes
    double dqr;                   // PEF data-quality rating; NaN = none
    double dqr_scores[5];         // reliability .. technological (dqr.h)
    double unscored;              // weight share without pedigree scores
    int conforms;                 // nviolations == 0
    int64_t nviolations;
    const lca_pcf_violation *violations;
    int64_t nsamples;             // Monte Carlo iterations run
    int64_t nvalid;               // of those, not failed
    const double *samples;        // nsamples footprints
    const double *split_samples;  // nsplit x nsamples, row-major
    const double *stage_samples;  // nstages x nsamples, row-major
    double mean, sd;              // over the valid samples (NaN if none)
    double q[LCA_MC_NQUANTILES];  // quantiles lca_mc_quantile_p
} lca_pcf_result;

// Category c's results into *r (c inside 0 .. ncategories-1).
void lca_pcf_result_get(const lca_pcf *p, int64_t c, lca_pcf_result *r);

#ifdef __cplusplus
}
#endif

#endif  // LCA_PCF_H
