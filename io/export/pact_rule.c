// io/export/pact_rule.c: what a product category rule gives a PACT
// footprint: declared unit and mass, IPCC report, standards, the rule
// itself, product classifications, boundary and allocation
// SPDX-License-Identifier: MIT
//
// The rule is the accounting method a footprint follows (docs/RULES.md);
// PACT asks for its consequences field by field. A rule's version is its
// content: the first 12 hex digits of the SHA-256 of its file, so that a
// label or footprint names exactly the rule text it followed.

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "engine/ctx_impl.h"
#include "io/export/pact_impl.h"
#include "io/util/hash_impl.h"
#include "lca/export.h"

static lca_status bad(lca_ctx *ctx, const lca_rule_spec *s, const char *ptr,
                      const char *what) {
    return lca__fail(ctx, LCA_ERR_INVALID, "%s: %s: %s",
                     s->source[0] != '\0' ? s->source : s->id, ptr, what);
}

static lca_status unit(lca_ctx *ctx, const lca_rule_spec *s,
                       lca__pact_pf *pf) {
    double factor;
    int mass_zero;
    char msg[512];
    pf->pact_unit = lca__pact_unit(s->unit, &factor, &mass_zero);
    if (pf->pact_unit == NULL) {
        snprintf(msg, sizeof msg, "'%s' has no PACT declaredUnitOf"
                 "Measurement (kg, t, l, m3, m2, kWh, MWh, MJ, GJ, tkm, h, "
                 "piece, with an optional leading count)", s->unit);
        return bad(ctx, s, "/declared_unit/unit", msg);
    }
    pf->unit_amount = factor;
    if (isfinite(s->mass_kg)) {
        pf->mass_kg = s->mass_kg;
    } else if (strcmp(pf->pact_unit, "kilogram") == 0) {
        pf->mass_kg = factor;
    } else if (mass_zero) {
        pf->mass_kg = 0;  // PACT: energy, transport and time units
    } else {
        snprintf(msg, sizeof msg, "not given, but PACT needs the mass of a "
                 "declared unit of '%s' (productMassPerDeclaredUnit)",
                 s->unit);
        return bad(ctx, s, "/declared_unit/mass_kg", msg);
    }
    return LCA_OK;
}

static lca_status ipcc(lca_ctx *ctx, const lca_rule_spec *s,
                       const char *gwp_set, lca__pact_rule_text *t,
                       lca__pact_pf *pf) {
    char other[16];
    const char *a = lca__pact_ipcc(s->gwp_set, t->ipcc);
    const char *b = lca__pact_ipcc(gwp_set != NULL ? gwp_set : "", other);
    char msg[600];
    if (a != NULL && b != NULL && strcmp(a, b) != 0) {
        snprintf(msg, sizeof msg, "the rule asks for %s, the results are "
                 "computed with %s ('%s')", a, b, gwp_set);
        return bad(ctx, s, "/gwp/set", msg);
    }
    if (a == NULL && b != NULL) a = strcpy(t->ipcc, b);
    if (a == NULL) {
        snprintf(msg, sizeof msg, "neither the rule's GWP set '%s' nor the "
                 "results' '%s' names an IPCC assessment report (AR5, AR6): "
                 "PACT's ipccCharacterizationFactors needs one", s->gwp_set,
                 gwp_set != NULL ? gwp_set : "");
        return bad(ctx, s, "/gwp/set", msg);
    }
    pf->ipcc = a;
    return LCA_OK;
}

// The rule's content version: 12 hex digits of its file's SHA-256 (of its
// id when it has no file).
static lca_status version(lca_ctx *ctx, const lca_rule_spec *s,
                          lca__pact_rule_text *t) {
    char hex[65];
    if (s->source[0] != '\0') {
        lca_status st = lca_file_sha256(ctx, s->source, hex);
        if (st != LCA_OK) return st;
    } else {
        lca__sha256_hex(s->id, strlen(s->id), hex);
    }
    memcpy(t->rule_version, hex, 12);
    t->rule_version[12] = '\0';
    return LCA_OK;
}

// Classification URNs from the rule's codes (spaces dropped: "2523 29 00"
// is CN 25232900).
static void classes(const lca_rule_spec *s, lca__pact_rule_text *t,
                    lca__pact_pf *pf) {
    const char *codes[3][2] = {{"un-cpc", s->code_cpc},
                               {"cn", s->code_cn},
                               {"national", s->code_national}};
    pf->nclass = 0;
    for (int i = 0; i < 3; i++) {
        if (codes[i][1][0] == '\0') continue;
        char *o = t->classes[pf->nclass];
        int k = snprintf(o, 192, "urn:pact:productclassification:%s:",
                         codes[i][0]);
        for (const char *p = codes[i][1]; *p && k < 190; p++) {
            if (*p != ' ') o[k++] = *p;
        }
        o[k] = '\0';
        pf->classes[pf->nclass++] = o;
    }
}

static void texts(const lca_rule *r, lca__pact_rule_text *t,
                  lca__pact_pf *pf) {
    const lca_rule_spec *s = lca_rule_get(r);
    snprintf(t->rule_name, sizeof t->rule_name, "%s: %s", s->id,
             lca_rule_name_in(r, "en"));
    int64_t n = 0;
    for (int64_t i = 0; i < s->nfollows && n < 32; i++) {
        t->standards[n++] = lca__pact_standard(s->follows[i]);
    }
    pf->standards = t->standards;
    pf->nstandards = n;
    snprintf(t->boundary, sizeof t->boundary, "%s, as rule %s defines it%s%s",
             lca_boundary_str(s->boundary), s->id,
             s->unit_text[0] != '\0' ? ": " : "", s->unit_text);
    snprintf(t->allocation, sizeof t->allocation, "Multi-output processes: "
             "%s allocation (the rule's default)%s",
             lca_alloc_method_str(s->alloc_default),
             s->nalloc > 0 ? ", with per-process requirements" : "");
    pf->rule_name = t->rule_name;
    pf->rule_id = s->id;
    pf->rule_version = t->rule_version;
    pf->boundary_text = t->boundary;
    pf->allocation_text = t->allocation;
}

lca_status lca__pact_rule_fill(lca_ctx *ctx, const lca_rule *r,
                               const char *gwp_set, lca__pact_rule_text *t,
                               lca__pact_pf *pf) {
    const lca_rule_spec *s = lca_rule_get(r);
    lca_status st = unit(ctx, s, pf);
    if (st == LCA_OK) st = ipcc(ctx, s, gwp_set, t, pf);
    if (st == LCA_OK) st = version(ctx, s, t);
    if (st != LCA_OK) return st;
    classes(s, t, pf);
    texts(r, t, pf);
    return LCA_OK;
}
