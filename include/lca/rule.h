// include/lca/rule.h: product carbon footprint accounting rules (one per
// product category) and rule sets
// SPDX-License-Identifier: MIT
//
// A rule says how the footprint of one product category is accounted
// (GB/T 24067-2024 / ISO 14067, PEF, GHG Protocol Product Standard): what
// represents the category in the model, its declared unit, boundary,
// life-cycle stages, cut-off, allocation, primary-data and data-quality
// requirements, the GWP set and the grading scheme that later work
// applies. Rules are pure data: lca_rule_create checks one on its own,
// lca_rule_bind against a model (lca/pcf.h computes with bound rules).
// The file format (JSON, one file per rule, a rule set = a folder) is in
// docs/RULES.md and read by lca_ruleset_read (lca/io_rules.h); the
// fields below mirror it one to one, and messages name a field by its
// JSON pointer ("/products/1/share") and the rule's source file.
//
// Threads: one calling thread at a time per object; a const rule or rule
// set may be read by any number of threads.

#ifndef LCA_RULE_H
#define LCA_RULE_H

#include <stdint.h>

#include "lca/alloc.h"
#include "lca/ctx.h"
#include "lca/model.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LCA_RULE_FORMAT "leontief-pcf-rule"
#define LCA_RULE_VERSION 1

typedef enum lca_boundary {
    LCA_CRADLE_TO_GATE = 0,   // raw materials to the factory gate
    LCA_GATE_TO_GATE = 1,     // the category's own processes only
    LCA_CRADLE_TO_GRAVE = 2,  // plus use and end of life (boundary adds)
} lca_boundary;

// "cradle-to-gate", "gate-to-gate", "cradle-to-grave"; "unknown" outside.
const char *lca_boundary_str(lca_boundary b);
// Errors: LCA_ERR_ARG (unknown name).
lca_status lca_boundary_parse(lca_ctx *ctx, const char *s, lca_boundary *b);

// A name in one language: lang is a BCP 47 tag ("en", "zh").
typedef struct lca_rule_name {
    const char *lang, *text;
} lca_rule_name;

// A model product representing the category, with its production share.
typedef struct lca_rule_product {
    const char *product;  // model product id (or unique name)
    double share;         // 0 < share <= 1; the shares sum to 1
} lca_rule_product;

// A process added to the demand (use, end of life), per declared unit.
typedef struct lca_rule_add {
    const char *product;  // model product id (or unique name)
    double amount;        // in that product's unit, per declared unit
    const char *stage;    // the stage it belongs to
} lca_rule_add;

// A stage-map entry: the upstream of a direct input of the category's
// process(es) belongs to this stage.
typedef struct lca_rule_stage {
    const char *product;  // model product id (or unique name)
    const char *stage;
} lca_rule_stage;

// A per-process allocation requirement (lca/alloc.h); origin unused.
typedef lca_alloc_override lca_rule_alloc;

// One rule, as a plain description: lca_rule_create copies it all. Strings
// are never NULL ("" = not given); arrays may be NULL when their count is 0.
typedef struct lca_rule_spec {
    const char *source;      // the file it came from ("" if none)
    int version;             // LCA_RULE_VERSION
    const char *id;          // category id: 1..128 bytes, no control chars
    int64_t nnames;          // >= 1
    const lca_rule_name *names;
    const char *code_national, *code_cn, *code_cpc;  // product codes
    int64_t nfollows;        // >= 1: the standards and guidelines followed
    const char *const *follows;
    int64_t nproducts;       // >= 1: a product or a production-weighted mix
    const lca_rule_product *products;
    // Declared unit: "unit" (e.g. "t", "kWh delivered") is model_amount
    // units of the model products (model_unit, "" = not checked), divided
    // by the service delivered when a service is given (functional units
    // such as the EU battery rule's: capacity x cycles per year x years).
    const char *unit, *unit_text;
    const char *model_unit;
    double model_amount;     // > 0
    double mass_kg;          // mass per declared unit; NaN = not given
    double capacity;         // service; all three 0 = no service
    const char *capacity_unit;
    double cycles_per_year, years;
    lca_boundary boundary;
    int64_t nadd;            // only for LCA_CRADLE_TO_GRAVE
    const lca_rule_add *add;
    // Stages: the direct emissions of the category's process(es) go to
    // direct_stage, the upstream of each direct input to its stage-map
    // entry or else to default_stage.
    const char *direct_stage, *default_stage;
    int64_t nstages;
    const lca_rule_stage *stages;
    // Cut-off: inputs each under cutoff_item of the footprint may be left
    // out, all of them together at most cutoff_limit (shares, 0..1).
    double cutoff_item, cutoff_limit;
    lca_alloc_method alloc_default;
    int64_t nalloc;
    const lca_rule_alloc *alloc;
    int64_t nmandatory;      // processes whose data must be primary
    const char *const *mandatory;
    double min_primary_share;  // 0..1 (0: no minimum)
    double max_dqr;            // worst data-quality rating allowed (1..5;
                               // lower is better); NaN = no requirement
    const char *gwp_indicator; // model indicator id, e.g. "GWP100"
    const char *gwp_set;       // the GWP values, e.g. "IPCC AR6"
    const char *grading;       // grading scheme id ("" = none)
    int64_t nshortfalls;       // known shortfalls of the data (free text)
    const char *const *shortfalls;
} lca_rule_spec;

typedef struct lca_rule lca_rule;        // opaque; engine/rules/rule.c
typedef struct lca_ruleset lca_ruleset;  // opaque; engine/rules/ruleset.c

// A rule from a copy of spec, after checking every field that can be
// checked without a model: required fields present, numbers finite and in
// range, shares summing to 1 (within 1e-9), no duplicate names, stage-map
// products or mandatory processes, boundary adds only for cradle-to-grave,
// the stage names non-empty. Errors: LCA_ERR_INVALID (the message is
// "SOURCE: /pointer: what is wrong"), LCA_ERR_NOMEM.
lca_status lca_rule_create(lca_ctx *ctx, const lca_rule_spec *spec,
                           lca_rule **r);
void lca_rule_destroy(lca_rule **r);

// The rule's fields (borrowed from r; valid until r is destroyed).
const lca_rule_spec *lca_rule_get(const lca_rule *r);
const char *lca_rule_id(const lca_rule *r);
lca_ctx *lca_rule_ctx(const lca_rule *r);  // the ctx it was created with

// Model units of product per declared unit: model_amount / (capacity x
// cycles_per_year x years), or model_amount without a service.
double lca_rule_model_units(const lca_rule *r);

// The name in language lang, else the first name.
const char *lca_rule_name_in(const lca_rule *r, const char *lang);

// ---- rule sets ------------------------------------------------------------

// An empty rule set; source names it in messages (a folder, or "").
// Errors: LCA_ERR_NOMEM.
lca_status lca_ruleset_create(lca_ctx *ctx, const char *source,
                              lca_ruleset **rs);
void lca_ruleset_destroy(lca_ruleset **rs);

// Add *r (the set takes it: *r becomes NULL, also on failure).
// Errors: LCA_ERR_INVALID (an id already in the set: both sources named),
// LCA_ERR_NOMEM.
lca_status lca_ruleset_add(lca_ruleset *rs, lca_rule **r);

int64_t lca_ruleset_count(const lca_ruleset *rs);
const lca_rule *lca_ruleset_rule(const lca_ruleset *rs, int64_t i);
const char *lca_ruleset_source(const lca_ruleset *rs);
// Errors: LCA_ERR_NOTFOUND.
lca_status lca_ruleset_find(const lca_ruleset *rs, const char *id,
                            int64_t *i);

// The allocation the rules ask of an import: every rule's per-process
// overrides (origin = the rule's source and pointer). When set_default is
// nonzero, opt->method becomes the rules' common default method. The
// arrays stay owned by rs (valid until it is destroyed or changed).
// Errors: LCA_ERR_INVALID (two rules ask different things of one process,
// or, with set_default, different defaults: both rules are named),
// LCA_ERR_NOMEM.
lca_status lca_ruleset_allocation(lca_ruleset *rs, int set_default,
                                  lca_alloc_options *opt);

#ifdef __cplusplus
}
#endif

#endif  // LCA_RULE_H
