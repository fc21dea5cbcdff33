// tools/generator/gen_rules.c: synthetic product carbon footprint rules
// over a generated system's key products (gen_rules_create)
// SPDX-License-Identifier: MIT
//
// Rule i represents key product i (the demand set "key products") and
// varies by i, deterministically, so that a rule set of 200 exercises
// every kind of rule: a production-weighted mix of two key products with
// one unit (i % 7 == 3), cradle-to-grave with a use and an end-of-life
// process (i % 10 == 9), gate-to-gate (i % 10 == 4), a functional unit
// over a service life (i % 11 == 5), a mass per declared unit (i % 4 ==
// 0), tonnes of kg products (i % 3 == 1), and a stage map of the
// product's first two inputs. Rules past the number of key products
// repeat them with other ids.

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "gen.h"

static const char *const follows[] = {"synthetic rule (lca-gen)"};
static const char *const shortfalls[] = {"synthetic data, not a product"};

// The first two inputs of product j (its off-diagonal column entries) as
// stage-map entries; returns how many.
static int64_t stage_map(const lca_model *M, int64_t j, lca_rule_stage *map) {
    const lca_csc *T = lca_model_tech(M);
    const int64_t *Tp = lca_csc_colptr(T), *Ti = lca_csc_rowidx(T);
    static const char *const stage[] = {"production", "distribution"};
    int64_t k = 0;
    for (int64_t q = Tp[j]; q < Tp[j + 1] && k < 2; q++) {
        if (Ti[q] == j) continue;
        map[k].product = lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_ID,
                                         Ti[q]);
        map[k].stage = stage[k];
        k++;
    }
    return k;
}

// A key product other than key[i] with the same unit, or -1.
static int64_t partner(const lca_model *M, const int64_t *key, int64_t nkey,
                       int64_t i) {
    const char *u = lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_UNIT,
                                    key[i % nkey]);
    for (int64_t d = 1; d < nkey; d++) {
        int64_t j = key[(i + d) % nkey];
        if (strcmp(lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_UNIT, j), u) ==
            0) {
            return j;
        }
    }
    return -1;
}

// Rule i's varying parts into s (strings in the caller's buffers).
static void vary(const lca_model *M, const int64_t *key, int64_t nkey,
                 int64_t i, lca_rule_spec *s, lca_rule_product *prod,
                 lca_rule_add *add, lca_rule_stage *map) {
    int64_t j = key[i % nkey], q = i % 7 == 3 ? partner(M, key, nkey, i) : -1;
    prod[0] = (lca_rule_product){lca_model_label(M, LCA_PRODUCTS,
                                                 LCA_LABEL_ID, j), 1.0};
    s->nproducts = 1;
    if (q >= 0) {
        prod[0].share = 0.7;
        prod[1] = (lca_rule_product){lca_model_label(M, LCA_PRODUCTS,
                                                     LCA_LABEL_ID, q), 0.3};
        s->nproducts = 2;
    }
    s->nstages = stage_map(M, j, map);
    if (i % 10 == 9 && s->nstages > 0) {
        s->boundary = LCA_CRADLE_TO_GRAVE;
        add[0] = (lca_rule_add){map[0].product, 0.5, "use"};
        add[1] = (lca_rule_add){prod[0].product, 0.1, "end-of-life"};
        s->nadd = 2;
    } else if (i % 10 == 4) {
        s->boundary = LCA_GATE_TO_GATE;
    }
    if (i % 11 == 5) {
        s->capacity = 50.0;
        s->capacity_unit = "kWh";
        s->cycles_per_year = 300.0;
        s->years = 10.0;
    }
    s->mass_kg = i % 4 == 0 ? 1.0 : NAN;
    s->model_amount = i % 3 == 1 ? 1000.0 : 1.0;
    s->unit = i % 3 == 1 ? "t" : "unit";
}

// Rule i, made and added to rs.
static lca_status one_rule(const lca_model *M, const int64_t *key,
                           int64_t nkey, int64_t i, lca_ruleset *rs) {
    int64_t j = key[i % nkey];
    const char *pid = lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_ID, j);
    char id[96], en[300], zh[300];
    snprintf(id, sizeof id, i < nkey ? "key-%s" : "key-%s-%" PRId64, pid,
             i / nkey);
    snprintf(en, sizeof en, "key product %s",
             lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_NAME, j));
    snprintf(zh, sizeof zh, "\xe9\x87\x8d\xe7\x82\xb9\xe4\xba\xa7\xe5\x93\x81"
             " %s", pid);  // "key product" in Chinese
    lca_rule_name names[2] = {{"en", en}, {"zh", zh}};
    lca_rule_product prod[2];
    lca_rule_add add[2];
    lca_rule_stage map[2];
    const char *mandatory[1] = {pid};
    lca_rule_spec s;
    memset(&s, 0, sizeof s);
    s.source = "";
    s.version = LCA_RULE_VERSION;
    s.id = id;
    s.nnames = 2;
    s.names = names;
    s.code_national = s.code_cn = s.code_cpc = "";
    s.nfollows = 1;
    s.follows = follows;
    s.products = prod;
    s.unit_text = "";
    s.model_unit = lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_UNIT, j);
    s.capacity_unit = "";
    s.add = add;
    s.direct_stage = "production";
    s.default_stage = "raw material acquisition";
    s.stages = map;
    s.cutoff_item = 0.01;
    s.cutoff_limit = 0.05;
    s.nmandatory = 1;
    s.mandatory = mandatory;
    s.max_dqr = 3.0;
    s.gwp_indicator = lca_model_label(M, LCA_INDICATORS, LCA_LABEL_ID, 0);
    s.gwp_set = "";
    s.grading = "synthetic";
    s.nshortfalls = 1;
    s.shortfalls = shortfalls;
    vary(M, key, nkey, i, &s, prod, add, map);
    lca_rule *r = NULL;
    lca_status st = lca_rule_create(lca_model_ctx(M), &s, &r);
    if (st == LCA_OK) st = lca_ruleset_add(rs, &r);
    return st;
}

lca_status gen_rules_create(const lca_model *M, int64_t count,
                            lca_ruleset **rs) {
    lca_ctx *ctx = lca_model_ctx(M);
    int64_t set = -1, nkey = 0;
    *rs = NULL;
    lca_status st = lca_model_lookup_demand_set(M, "key products", &set);
    if (st != LCA_OK) return st;
    const int64_t *dem = lca_model_demand_set(M, set, &nkey);
    const lca_csc *F = lca_model_demands(M);
    int64_t key[4096];
    if (nkey < 1 || nkey > 4096 || lca_model_dim(M, LCA_INDICATORS) < 1) {
        return lca_ctx_fail(ctx, LCA_ERR_ARG, "rules need 1..4096 key products "
                         "and an indicator");
    }
    for (int64_t d = 0; d < nkey; d++) {  // each key demand is one unit
        key[d] = lca_csc_rowidx(F)[lca_csc_colptr(F)[dem[d]]];
    }
    lca_ruleset *R = NULL;
    st = lca_ruleset_create(ctx, "lca-gen", &R);
    for (int64_t i = 0; i < count && st == LCA_OK; i++) {
        st = one_rule(M, key, nkey, i, R);
    }
    if (st == LCA_OK) {
        *rs = R;
        R = NULL;
    }
    lca_ruleset_destroy(&R);
    return st;
}
