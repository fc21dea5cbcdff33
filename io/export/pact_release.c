// io/export/pact_release.c: PACT footprints of the products of a
// factor-database release (lca_pact_export_release)
// SPDX-License-Identifier: MIT
//
// Each product takes its rule (the one rule that lists it) for what the
// release does not say: the declared unit, mass, codes, standards,
// boundary and allocation. The release gives the rest: the factor and
// its split (scaled from one unit of the product to the rule's declared
// unit: q = model units per declared unit), the data-quality scores, the
// Monte Carlo statistics, region, period, cut-offs and the record id the
// lifecycle follows. Rules are prepared once each (their file hashed,
// their texts made), products are found through a sorted index of the
// rules' product lists, so an export costs n log n over the records.

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/ctx_impl.h"
#include "io/export/pact_impl.h"
#include "io/export/pact_release_impl.h"
#include "io/util/textout_impl.h"

void lca_pact_options_default(lca_pact_options *opt) {
    memset(opt, 0, sizeof *opt);
    opt->confidence = 0.9;
}

// The split columns of the release, by name (-1 when absent).
static int64_t component(const lca_fdb *db, const char *name) {
    for (int64_t j = 0; j < lca_fdb_ncomponents(db); j++) {
        if (strcmp(lca_fdb_component_name(db, j), name) == 0) return j;
    }
    return -1;
}

static lca_status find_split(lca_ctx *ctx, const char *dir, const lca_fdb *db,
                             lca__pact_cols *c) {
    c->fossil = component(db, "split_fossil");
    c->incl = component(db, "split_total_including_uptake");
    c->uptake = component(db, "split_biogenic_co2_uptake");
    c->bio_em = component(db, "split_biogenic_co2_emissions");
    c->bio_non_co2 = component(db, "split_biogenic_non_co2");
    c->luc = component(db, "split_land_use_change");
    c->land = component(db, "split_land_management");
    c->aircraft = component(db, "split_aircraft");
    if (c->fossil < 0 || c->incl < 0) {
        return lca__fail(ctx, LCA_ERR_INVALID, "%s: no split results: the "
                         "release has no %s column, which PACT's %s needs "
                         "(build the release from a model whose method has "
                         "split tags, e.g. --method gwp100-ar6)", dir,
                         c->fossil < 0 ? "split_fossil"
                                       : "split_total_including_uptake",
                         c->fossil < 0 ? "fossilGhgEmissions"
                                       : "pcfIncludingBiogenicUptake");
    }
    return LCA_OK;
}

static double col(const lca_fdb *db, int64_t j, int64_t i) {
    return j < 0 ? NAN : lca_fdb_component_get(db, j, LCA_FDB_FACTOR)[i];
}

// The split of record i per declared unit (q model units).
static void split(const lca_fdb *db, const lca__pact_cols *c, int64_t i,
                  double q, lca__pact_split *s) {
    s->excl = q * lca_fdb_num_get(db, LCA_FDB_FACTOR)[i];
    s->incl = q * col(db, c->incl, i);
    s->fossil = q * col(db, c->fossil, i);
    s->bio_uptake = q * (col(db, c->uptake, i) + col(db, c->bio_em, i));
    s->bio_non_co2 = q * col(db, c->bio_non_co2, i);
    s->luc = q * col(db, c->luc, i);
    s->land_mgmt = q * col(db, c->land, i);
    s->aircraft = q * col(db, c->aircraft, i);
}

static void mc(const lca_fdb *db, int64_t i, double q, const char *seed,
               lca__pact_mc *m) {
    double n = lca_fdb_num_get(db, LCA_FDB_COUNT)[i];
    m->iterations = n >= 1 ? (int64_t)n : 0;
    m->seed = seed;
    m->mean = q * lca_fdb_num_get(db, LCA_FDB_MEAN)[i];
    m->sd = q * lca_fdb_num_get(db, LCA_FDB_SD)[i];
    m->median = q * lca_fdb_num_get(db, LCA_FDB_MEDIAN)[i];
    m->p025 = q * lca_fdb_num_get(db, LCA_FDB_P025)[i];
    m->p975 = q * lca_fdb_num_get(db, LCA_FDB_P975)[i];
    m->gsd = lca_fdb_num_get(db, LCA_FDB_GSD)[i];
    if (!isfinite(m->mean) || !isfinite(m->sd) || !isfinite(m->p025) ||
        !isfinite(m->p975)) {
        m->iterations = 0;
    }
}

// Period, geography and the sentences about cut-offs and data quality.
static lca_status where_when(lca__pact_rel *x, int64_t i, lca__pact_pf *pf,
                             lca__pact_item_text *t) {
    const lca_fdb *db = x->db;
    const char *id = lca_fdb_text_get(db, LCA_FDB_PRODUCT_ID, i);
    const char *period = lca_fdb_text_get(db, LCA_FDB_PERIOD, i);
    const char *region = lca_fdb_text_get(db, LCA_FDB_REGION, i);
    if (!lca__pact_period(period, pf->period_start, pf->period_end) &&
        !lca__pact_period(x->opt->reference_period != NULL
                              ? x->opt->reference_period
                              : "",
                          pf->period_start, pf->period_end)) {
        return lca__fail(x->ctx, LCA_ERR_INVALID, "product '%s': no reference "
                         "period (the release gives '%s'; give one for such "
                         "products, e.g. --reference-period 2024)", id,
                         period);
    }
    pf->geo_key = lca__pact_geo(region, &pf->geo_value);
    if (pf->geo_key == NULL) {
        return lca__fail(x->ctx, LCA_ERR_INVALID, "product '%s': region '%s' "
                         "is not an ISO 3166 country or subdivision code, "
                         "GLO, or a region PACT names", id, region);
    }
    double nin = lca_fdb_num_get(db, LCA_FDB_CUTOFF_INPUTS)[i];
    double share = lca_fdb_num_get(db, LCA_FDB_CUTOFF_SHARE)[i];
    t->exempted[0] = '\0';
    if (nin > 0 || share > 0) {
        snprintf(t->exempted, sizeof t->exempted, "Nothing is exempted by "
                 "the calculation, but %.0f input(s) of the product's own "
                 "process have no provider in the database and are cut off: "
                 "their emissions are unknown and not included. Processes "
                 "with cut-off inputs emit %.3g %% of the gross footprint.",
                 nin, 100 * (isnan(share) ? 0 : share));
    }
    pf->exempted_text = t->exempted;
    return LCA_OK;
}

static void describe(lca__pact_rel *x, int64_t i, const lca_rule *r,
                     lca__pact_pf *pf, lca__pact_item_text *t) {
    const lca_fdb *db = x->db;
    const char *name = lca_fdb_text_get(db, LCA_FDB_PRODUCT_NAME, i);
    const char *unit = lca_fdb_text_get(db, LCA_FDB_UNIT, i);
    const lca_rule_spec *s = lca_rule_get(r);
    snprintf(t->description, sizeof t->description, "%s (database unit %s), "
             "in the category '%s'; declared unit %s%s%s", name, unit,
             lca_rule_name_in(r, "en"), s->unit,
             s->unit_text[0] != '\0' ? ": " : "", s->unit_text);
    double unscored = lca_fdb_num_get(db, LCA_FDB_DQR_UNSCORED)[i];
    snprintf(t->comment, sizeof t->comment, "Cradle-to-gate factor of "
             "record %s of the factor-database release %s (product %s), "
             "scaled to the declared unit by rule %s. primaryDataShare is 0: "
             "the factors are database (secondary) data. The data-quality "
             "ratings are the contribution-weighted ecoinvent pedigree scores "
             "of the whole supply chain, 1 (best) to 5%s.",
             lca_fdb_text_get(db, LCA_FDB_RECORD_ID, i), x->name,
             lca_fdb_text_get(db, LCA_FDB_PRODUCT_ID, i), s->id,
             isfinite(unscored) && unscored > 0
                 ? "; a missing score counts as the worst"
                 : "");
    pf->name = name;
    pf->description = t->description;
    pf->comment = t->comment;
}

lca_status lca__pact_release_item(lca__pact_rel *x, int64_t i, int64_t r,
                                  lca__pact_pf *pf, lca__pact_item_text *t) {
    const lca_fdb *db = x->db;
    const lca_rule *rule = lca_ruleset_rule(x->rs, r);
    const lca_rule_spec *s = lca_rule_get(rule);
    const char *unit = lca_fdb_text_get(db, LCA_FDB_UNIT, i);
    if (s->model_unit[0] != '\0' && strcmp(s->model_unit, unit) != 0) {
        return lca__fail(x->ctx, LCA_ERR_INVALID, "%s: /declared_unit/"
                         "model_unit: '%s', but product '%s' is in '%s'",
                         s->source, s->model_unit,
                         lca_fdb_text_get(db, LCA_FDB_PRODUCT_ID, i), unit);
    }
    *pf = x->rule_pf[r];
    double q = lca_rule_model_units(rule);
    pf->kind = "product";
    pf->subject = lca_fdb_text_get(db, LCA_FDB_PRODUCT_ID, i);
    pf->record = lca_fdb_text_get(db, LCA_FDB_RECORD_ID, i);
    split(db, &x->cols, i, q, &pf->split);
    mc(db, i, q, x->seed, &pf->mc);
    pf->db_name = x->opt->database_name != NULL ? x->opt->database_name : "";
    pf->db_version =
        x->opt->database_version != NULL ? x->opt->database_version : "";
    pf->primary_share = 0;
    pf->exempted_percent = 0;
    pf->dqi_tech = lca_fdb_num_get(db, LCA_FDB_DQR_TECHNOLOGICAL)[i];
    pf->dqi_geo = lca_fdb_num_get(db, LCA_FDB_DQR_GEOGRAPHICAL)[i];
    pf->dqi_temporal = lca_fdb_num_get(db, LCA_FDB_DQR_TEMPORAL)[i];
    pf->rule_operator = x->opt->company_name;
    describe(x, i, rule, pf, t);
    return where_when(x, i, pf, t);
}

lca_status lca__pact_release_rules(lca__pact_rel *x) {
    int64_t nr = lca_ruleset_count(x->rs);
    const char *gwp = lca_fdb_info_get(x->db, LCA_FDB_GWP_SET);
    x->rule_pf = lca__calloc(x->ctx, (size_t)nr + 1, sizeof *x->rule_pf);
    x->rule_text = lca__calloc(x->ctx, (size_t)nr + 1, sizeof *x->rule_text);
    if (x->rule_pf == NULL || x->rule_text == NULL) {
        return lca__fail(x->ctx, LCA_ERR_NOMEM, "out of memory");
    }
    lca_status st = find_split(x->ctx, x->dir, x->db, &x->cols);
    for (int64_t r = 0; r < nr && st == LCA_OK; r++) {
        if (!x->used[r]) continue;  // a rule of no selected product
        st = lca__pact_rule_fill(x->ctx, lca_ruleset_rule(x->rs, r), gwp,
                                 &x->rule_text[r], &x->rule_pf[r]);
    }
    return st;
}
