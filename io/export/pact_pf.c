// io/export/pact_pf.c: one footprint's content as a PACT v3
// ProductFootprint (JSON, through jansson)
// SPDX-License-Identifier: MIT
//
// Strings go through jansson, which escapes them (the writer adds '/' ->
// "\/", so "</script>" cannot close a script element a page embeds the
// JSON in); numbers through lca__pact_decimal. PACT gives most split
// values a sign (fossil emissions >= 0, uptake and removals <= 0). A
// value on the wrong side by no more than 1e-9 of the footprint's size is
// rounding and is written as 0; further out, a required value is an
// error and an optional one is left out, with a sentence in the comment
// saying which and why: never a silently changed number.

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "engine/ctx_impl.h"
#include "io/export/pact_impl.h"
#include "io/util/jsonout_impl.h"

typedef struct builder {
    lca_ctx *ctx;
    const lca__pact_pf *pf;
    int ok;            // 0 after an allocation failed
    char notes[2048];  // sentences for the comment
    double eps;        // rounding: 1e-9 of the footprint's size
} builder;

static void put(builder *b, json_t *obj, const char *key, json_t *v) {
    if (v == NULL || obj == NULL || json_object_set_new(obj, key, v) != 0) {
        b->ok = 0;
    }
}

static json_t *dec(double x) {
    char buf[LCA__PACT_DECIMAL_MAX];
    const char *s = lca__pact_decimal(x, buf, sizeof buf);
    return s != NULL ? json_string(s) : NULL;
}

static void note(builder *b, const char *fmt, const char *key, double x) {
    size_t n = strlen(b->notes);
    char buf[LCA__PACT_DECIMAL_MAX];
    const char *s = lca__pact_decimal(x, buf, sizeof buf);
    snprintf(b->notes + n, sizeof b->notes - n, fmt, key, s != NULL ? s : "");
}

// key = x when x has sign `sign` (+1: >= 0, -1: <= 0, 0: any), within
// rounding; else left out (optional) or an error (required). NaN: left
// out when optional.
static lca_status signed_value(builder *b, json_t *pcf, const char *key,
                               double x, int sign, int required) {
    const lca__pact_pf *pf = b->pf;
    if (isnan(x)) {
        if (!required) return LCA_OK;
        return lca__fail(b->ctx, LCA_ERR_INVALID, "%s '%s': no value for "
                         "PACT's %s (no split results)", pf->kind,
                         pf->subject, key);
    }
    if (sign != 0 && x * sign < 0 && fabs(x) <= b->eps) x = 0;
    if (sign != 0 && x * sign < 0) {
        if (required) {
            return lca__fail(b->ctx, LCA_ERR_INVALID, "%s '%s': %s = %g per "
                             "declared unit, but PACT v3 requires a value "
                             "%s 0", pf->kind, pf->subject, key, x,
                             sign > 0 ? ">=" : "<=");
        }
        note(b, " %s (%s) is left out: PACT requires its other sign.", key,
             x);
        return LCA_OK;
    }
    put(b, pcf, key, dec(x));
    return LCA_OK;
}

static lca_status split(builder *b, json_t *pcf) {
    const lca__pact_split *s = &b->pf->split;
    lca_status st =
        signed_value(b, pcf, "pcfExcludingBiogenicUptake", s->excl, 0, 1);
    if (st == LCA_OK) {
        st = signed_value(b, pcf, "pcfIncludingBiogenicUptake", s->incl, 0, 1);
    }
    if (st == LCA_OK) {
        st = signed_value(b, pcf, "fossilGhgEmissions", s->fossil, 1, 1);
    }
    // Carbon content is a property of the product, not of its footprint:
    // not known from a model. PACT requires the field.
    put(b, pcf, "fossilCarbonContent", json_string("0"));
    if (st == LCA_OK) {
        st = signed_value(b, pcf, "landUseChangeGhgEmissions", s->luc, 1, 0);
    }
    if (st == LCA_OK && s->land_mgmt > 0) {
        st = signed_value(b, pcf, "landManagementBiogenicCO2Emissions",
                          s->land_mgmt, 1, 0);
    } else if (st == LCA_OK) {
        st = signed_value(b, pcf, "landManagementBiogenicCO2Removals",
                          s->land_mgmt, -1, 0);
    }
    if (st == LCA_OK) {
        st = signed_value(b, pcf, "biogenicCO2Uptake", s->bio_uptake, -1, 0);
    }
    if (st == LCA_OK) {
        st = signed_value(b, pcf, "biogenicNonCO2Emissions", s->bio_non_co2,
                          1, 0);
    }
    if (st == LCA_OK) {
        st = signed_value(b, pcf, "aircraftGhgEmissions", s->aircraft, 1, 0);
    }
    return st;
}

static json_t *strings(builder *b, int64_t n, const char *const *v) {
    json_t *a = json_array();
    for (int64_t i = 0; a != NULL && i < n; i++) {
        int dup = 0;
        for (int64_t k = 0; k < i; k++) dup |= strcmp(v[k], v[i]) == 0;
        if (!dup && json_array_append_new(a, json_string(v[i])) != 0) {
            b->ok = 0;
        }
    }
    if (a == NULL) b->ok = 0;
    return a;
}

// The declared unit, reference period and geography.
static void scope(builder *b, json_t *pcf) {
    const lca__pact_pf *pf = b->pf;
    put(b, pcf, "declaredUnitOfMeasurement", json_string(pf->pact_unit));
    put(b, pcf, "declaredUnitAmount", dec(pf->unit_amount));
    put(b, pcf, "productMassPerDeclaredUnit", dec(pf->mass_kg));
    put(b, pcf, "referencePeriodStart", json_string(pf->period_start));
    put(b, pcf, "referencePeriodEnd", json_string(pf->period_end));
    if (pf->geo_key[0] != '\0') {
        put(b, pcf, pf->geo_key, json_string(pf->geo_value));
    }
    if (pf->boundary_text[0] != '\0') {
        put(b, pcf, "boundaryProcessesDescription",
            json_string(pf->boundary_text));
    }
}

// Standards, rules, exemptions, allocation, sources, data quality.
static void method(builder *b, json_t *pcf) {
    const lca__pact_pf *pf = b->pf;
    const char *ipcc = pf->ipcc;
    put(b, pcf, "ipccCharacterizationFactors", strings(b, 1, &ipcc));
    put(b, pcf, "crossSectoralStandards",
        strings(b, pf->nstandards, pf->standards));
    if (pf->rule_name[0] != '\0') {
        json_t *r = json_object(), *a = json_array();
        put(b, r, "operator", json_string("Other"));
        const char *name = pf->rule_name;
        put(b, r, "ruleNames", strings(b, 1, &name));
        put(b, r, "otherOperatorName", json_string(pf->rule_operator));
        if (a == NULL || json_array_append_new(a, r) != 0) b->ok = 0;
        put(b, pcf, "productOrSectorSpecificRules", a);
    }
    put(b, pcf, "exemptedEmissionsPercent", dec(pf->exempted_percent));
    if (pf->exempted_text[0] != '\0') {
        put(b, pcf, "exemptedEmissionsDescription",
            json_string(pf->exempted_text));
    }
    if (pf->allocation_text[0] != '\0') {
        put(b, pcf, "allocationRulesDescription",
            json_string(pf->allocation_text));
    }
    if (pf->db_name[0] != '\0') {
        json_t *src = json_object(), *a = json_array();
        put(b, src, "name", json_string(pf->db_name));
        put(b, src, "version", json_string(pf->db_version[0] != '\0'
                                               ? pf->db_version
                                               : "unversioned"));
        if (a == NULL || json_array_append_new(a, src) != 0) b->ok = 0;
        put(b, pcf, "secondaryEmissionFactorSources", a);
    }
    if (!isnan(pf->primary_share)) {
        put(b, pcf, "primaryDataShare", dec(pf->primary_share));
    }
    if (!isnan(pf->dqi_tech) && !isnan(pf->dqi_geo) &&
        !isnan(pf->dqi_temporal)) {
        json_t *d = json_object();
        put(b, d, "technologicalDQR", dec(pf->dqi_tech));
        put(b, d, "geographicalDQR", dec(pf->dqi_geo));
        put(b, d, "temporalDQR", dec(pf->dqi_temporal));
        put(b, pcf, "dqi", d);
    }
}

static json_t *mc_data(builder *b) {
    const lca__pact_mc *m = &b->pf->mc;
    json_t *o = json_object();
    put(b, o, "iterations", json_integer(m->iterations));
    if (m->seed[0] != '\0') put(b, o, "seed", json_string(m->seed));
    put(b, o, "mean", dec(m->mean));
    put(b, o, "sd", dec(m->sd));
    if (!isnan(m->median)) put(b, o, "median", dec(m->median));
    put(b, o, "p2_5", dec(m->p025));
    put(b, o, "p97_5", dec(m->p975));
    if (!isnan(m->gsd)) put(b, o, "gsd", dec(m->gsd));
    return o;
}

static json_t *grade_classes(builder *b) {
    const lca_grade *g = b->pf->grade;
    json_t *a = json_array();
    if (a == NULL) b->ok = 0;
    for (int64_t k = 0; a != NULL && k < g->nclasses; k++) {
        json_t *c = json_object();
        put(b, c, "class",
            json_string(lca_grading_class_name(b->pf->scheme, k)));
        if (g->nvalid > 0) {
            put(b, c, "count", json_integer(g->counts[k]));
            put(b, c, "probability", dec(g->prob[k]));
        }
        if (k < g->nclasses - 1 && isfinite(g->thresholds[k])) {
            put(b, c, "upper", dec(g->thresholds[k]));
            if (isfinite(g->thr_lo[k]) && isfinite(g->thr_hi[k])) {
                put(b, c, "upperP2_5", dec(g->thr_lo[k]));
                put(b, c, "upperP97_5", dec(g->thr_hi[k]));
            }
        }
        if (json_array_append_new(a, c) != 0) b->ok = 0;
    }
    return a;
}

static json_t *grade_data(builder *b) {
    const lca__pact_pf *pf = b->pf;
    const lca_grade *g = pf->grade;
    const lca_grading_spec *s = lca_grading_get(pf->scheme);
    json_t *o = json_object();
    put(b, o, "scheme", json_string(s->id));
    put(b, o, "kind", json_string(lca_grading_kind_str(s->kind)));
    put(b, o, "unit", json_string(s->unit));
    put(b, o, "deterministicClass",
        json_string(lca_grading_class_name(pf->scheme, g->det_class)));
    put(b, o, "iterations", json_integer(g->nvalid));
    if (g->nvalid > 0) {
        put(b, o, "confidence", dec(g->confidence));
        put(b, o, "modalClass",
            json_string(lca_grading_class_name(pf->scheme, g->modal)));
        put(b, o, "classAtConfidence",
            json_string(lca_grading_class_name(pf->scheme, g->at_confidence)));
        put(b, o, "probabilityAtConfidence", dec(g->prob_at_confidence));
    }
    put(b, o, "classes", grade_classes(b));
    return o;
}

static json_t *extension(builder *b) {
    const lca__pact_pf *pf = b->pf;
    json_t *e = json_object(), *d = json_object();
    put(b, e, "specVersion", json_string("2.0.0"));
    put(b, e, "dataSchema", json_string(LCA_PACT_EXT_SCHEMA));
    put(b, e, "documentation",
        json_string("https://leontief.example/docs/DISCLOSURE.md"));
    put(b, d, "kind", json_string(pf->kind));
    put(b, d, "subject", json_string(pf->subject));
    put(b, d, "record", json_string(pf->record));
    if (pf->rule_id[0] != '\0') {
        json_t *r = json_object();
        put(b, r, "id", json_string(pf->rule_id));
        put(b, r, "version", json_string(pf->rule_version));
        put(b, d, "rule", r);
    }
    if (pf->mc.iterations > 0) put(b, d, "monteCarlo", mc_data(b));
    if (pf->scheme != NULL) put(b, d, "grade", grade_data(b));
    put(b, e, "data", d);
    json_t *a = json_array();
    if (a == NULL || json_array_append_new(a, e) != 0) b->ok = 0;
    return a;
}

// The company and product part of the record.
static void head(builder *b, json_t *o, const lca_pact_options *opt) {
    const lca__pact_pf *pf = b->pf;
    put(b, o, "companyName", json_string(opt->company_name));
    put(b, o, "companyIds",
        strings(b, opt->ncompany_ids, opt->company_ids));
    put(b, o, "productDescription", json_string(pf->description));
    char *urn = lca__pact_urn(b->ctx, opt->id_domain, "product-id",
                              pf->subject);
    if (urn == NULL) b->ok = 0;
    const char *ids[1] = {urn != NULL ? urn : ""};
    put(b, o, "productIds", strings(b, 1, ids));
    lca__free(b->ctx, urn);
    if (pf->nclass > 0) {
        put(b, o, "productClassifications",
            strings(b, pf->nclass, pf->classes));
    }
    put(b, o, "productNameCompany",
        json_string(pf->name[0] != '\0' ? pf->name : pf->subject));
}

lca_status lca__pact_pf_json(lca_ctx *ctx, const lca__pact_pf *pf,
                             const lca_pact_options *opt, json_t **out) {
    builder b = {ctx, pf, 1, "", 0};
    double size = fmax(fabs(pf->split.excl), fabs(pf->split.incl));
    b.eps = isnan(size) ? 0 : 1e-9 * size;
    json_t *o = json_object(), *pcf = json_object();
    *out = NULL;
    head(&b, o, opt);
    scope(&b, pcf);
    lca_status st = split(&b, pcf);
    method(&b, pcf);
    if (st == LCA_OK) {
        char *text = NULL;
        size_t n = strlen(pf->comment) + strlen(b.notes) + 256;
        text = lca__malloc(ctx, n, 1);
        if (text != NULL) {
            snprintf(text, n, "%s%sfossilCarbonContent is not assessed (a "
                     "model gives emissions, not the carbon a product "
                     "contains); 0 is written because PACT requires the "
                     "property.%s", pf->comment,
                     pf->comment[0] != '\0' ? " " : "", b.notes);
            put(&b, o, "comment", json_string(text));
            lca__free(ctx, text);
        } else {
            b.ok = 0;
        }
        put(&b, o, "pcf", pcf);
        pcf = NULL;
        put(&b, o, "extensions", extension(&b));
    }
    json_decref(pcf);
    if (st == LCA_OK && !b.ok) {
        st = lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    }
    if (st != LCA_OK) {
        json_decref(o);
        return st;
    }
    *out = o;
    return LCA_OK;
}

// The canonical text of body: sorted keys, compact, escaped as written.
static char *canonical(const json_t *body) {
    return lca__json_dumps(body,
                           JSON_COMPACT | JSON_SORT_KEYS | JSON_ESCAPE_SLASH);
}

lca_status lca__pact_finish(lca_ctx *ctx, const json_t *body,
                            const lca_pact_options *opt,
                            const lca__pact_pf *pf, int64_t npre,
                            const char *const *pre, json_t **out) {
    builder b = {ctx, pf, 1, "", 0};
    char *text = canonical(body), *name = NULL;
    *out = NULL;
    size_t n = text != NULL ? strlen(text) + 256 : 0;
    for (int64_t i = 0; i < opt->ncompany_ids; i++) {
        n += strlen(opt->company_ids[i]) + 1;
    }
    n += strlen(pf->subject) + strlen(pf->record);
    name = text != NULL ? lca__malloc(ctx, n, 1) : NULL;
    json_t *o = json_object();
    if (name != NULL) {
        // Each part on its own line: leontief-pact/1, the company ids, the
        // kind, subject, record and the body.
        size_t k = (size_t)snprintf(name, n, "leontief-pact/1\n");
        for (int64_t i = 0; i < opt->ncompany_ids; i++) {
            k += (size_t)snprintf(name + k, n - k, "%s\n", opt->company_ids[i]);
        }
        k += (size_t)snprintf(name + k, n - k, "%s\n%s\n%s\n%s", pf->kind,
                              pf->subject, pf->record, text);
        char id[37];
        lca__pact_uuid(name, k, id);
        put(&b, o, "id", json_string(id));
    } else {
        b.ok = 0;
    }
    put(&b, o, "specVersion", json_string(LCA_PACT_SPEC_VERSION));
    if (npre > 0) put(&b, o, "precedingPfIds", strings(&b, npre, pre));
    put(&b, o, "created", json_string(opt->created));
    put(&b, o, "status", json_string("Active"));
    if (o != NULL && json_object_update(o, (json_t *)body) != 0) b.ok = 0;
    free(text);
    lca__free(ctx, name);
    if (!b.ok) {
        json_decref(o);
        return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    }
    *out = o;
    return LCA_OK;
}
