// engine/rules/rule_check.c: the checks of a rule that need no model
// SPDX-License-Identifier: MIT
//
// Each check names the field by its JSON pointer in the rule file
// (docs/RULES.md), so that a message read from the C side and one from the
// JSON schema point at the same place. The reader (io/rules/) checks the
// JSON types; everything about values is checked here, so that rules made
// through the API get the same checks as rules read from files.

#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_impl.h"
#include "ctx_impl.h"
#include "rule_impl.h"

#define MAX_ID 128

typedef lca__checker checker;

static int empty(const char *s) { return s == NULL || s[0] == '\0'; }

// One key of a list checked for repeats: the text and its position.
typedef struct keyed {
    const char *s;
    int64_t i;
} keyed;

static int keyed_cmp(const void *a, const void *b) {
    const keyed *x = a, *y = b;
    int c = strcmp(x->s, y->s);
    if (c != 0) return c;
    return (x->i > y->i) - (x->i < y->i);
}

// The first position i whose text (the char * at byte offset off of
// element i, stride bytes apart from base) equals that of an earlier
// element, or n when none repeats; empty texts are skipped (the text
// check refuses them first). Sorting makes it O(n log n).
static lca_status first_repeat(checker *c, const void *base, int64_t n,
                               size_t stride, size_t off, int64_t *first) {
    *first = n;
    keyed *k = lca__malloc(c->ctx, (size_t)n + 1, sizeof *k);
    if (k == NULL) return lca__fail(c->ctx, LCA_ERR_NOMEM, "out of memory");
    int64_t m = 0;
    for (int64_t i = 0; i < n; i++) {
        const char *s = *(const char *const *)((const char *)base +
                                                (size_t)i * stride + off);
        if (!empty(s)) k[m++] = (keyed){s, i};
    }
    qsort(k, (size_t)m, sizeof *k, keyed_cmp);
    for (int64_t j = 1; j < m; j++) {
        if (strcmp(k[j - 1].s, k[j].s) == 0 && k[j].i < *first) {
            *first = k[j].i;
        }
    }
    lca__free(c->ctx, k);
    return LCA_OK;
}

// A required text field: non-empty, no control characters.
static lca_status text(checker *c, const char *ptr, const char *s) {
    return lca__check_text(c, ptr, s, SIZE_MAX);
}

static lca_status share(checker *c, const char *ptr, double x, double lo,
                        double hi) {
    if (!(x >= lo && x <= hi)) {
        return lca__bad(c, ptr, "%g is outside %g..%g", x, lo, hi);
    }
    return LCA_OK;
}

// A grading scheme id: [A-Za-z0-9][A-Za-z0-9._-]{0,63}.
static int scheme_id(const char *s) {
    size_t n = strlen(s);
    if (n == 0 || n > 64 || s[0] == '.' || s[0] == '-' || s[0] == '_') {
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        int ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                 (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' ||
                 ch == '-';
        if (!ok) return 0;
    }
    return 1;
}

static lca_status check_head(checker *c) {
    const lca_rule_spec *s = c->spec;
    if (s->version != LCA_RULE_VERSION) {
        return lca__bad(c, "/version", "version %d is not %d (this program "
                        "reads %s version %d)", s->version, LCA_RULE_VERSION,
                        LCA_RULE_FORMAT, LCA_RULE_VERSION);
    }
    lca_status st = text(c, "/id", s->id);
    if (st == LCA_OK && strlen(s->id) > MAX_ID) {
        st = lca__bad(c, "/id", "longer than %d bytes", MAX_ID);
    }
    if (st == LCA_OK && s->nnames < 1) st = lca__bad(c, "/name", "no name");
    for (int64_t i = 0; i < s->nnames && st == LCA_OK; i++) {
        char ptr[96], tok[64];
        snprintf(ptr, sizeof ptr, "/name/%s",
                 lca__rule_token(s->names[i].lang, tok, sizeof tok));
        st = text(c, ptr, s->names[i].lang);
        if (st == LCA_OK) st = text(c, ptr, s->names[i].text);
    }
    if (st == LCA_OK && s->nfollows < 1) {
        st = lca__bad(c, "/follows", "no standard or guideline named");
    }
    for (int64_t i = 0; i < s->nfollows && st == LCA_OK; i++) {
        char ptr[48];
        snprintf(ptr, sizeof ptr, "/follows/%lld", (long long)i);
        st = text(c, ptr, s->follows[i]);
    }
    return st;
}

static lca_status check_products(checker *c) {
    const lca_rule_spec *s = c->spec;
    if (s->nproducts < 1) return lca__bad(c, "/products", "no product");
    int64_t twice;
    lca_status rs = first_repeat(c, s->products, s->nproducts,
                                 sizeof *s->products,
                                 offsetof(lca_rule_product, product), &twice);
    if (rs != LCA_OK) return rs;
    double sum = 0.0;
    for (int64_t i = 0; i < s->nproducts; i++) {
        char ptr[64];
        snprintf(ptr, sizeof ptr, "/products/%lld/product", (long long)i);
        lca_status st = text(c, ptr, s->products[i].product);
        if (st == LCA_OK && i == twice) {
            st = lca__bad(c, ptr, "'%s' is listed twice",
                          s->products[i].product);
        }
        snprintf(ptr, sizeof ptr, "/products/%lld/share", (long long)i);
        if (st == LCA_OK && !(s->products[i].share > 0.0)) {
            st = lca__bad(c, ptr, "%g is not > 0", s->products[i].share);
        }
        if (st == LCA_OK) st = share(c, ptr, s->products[i].share, 0.0, 1.0);
        if (st != LCA_OK) return st;
        sum += s->products[i].share;
    }
    if (fabs(sum - 1.0) > 1e-9) {
        return lca__bad(c, "/products", "the shares sum to %.12g, not 1", sum);
    }
    return LCA_OK;
}

static lca_status positive(checker *c, const char *ptr, double x) {
    if (!(x > 0.0) || !isfinite(x)) {
        return lca__bad(c, ptr, "%g is not a finite number > 0", x);
    }
    return LCA_OK;
}

static lca_status check_unit(checker *c) {
    const lca_rule_spec *s = c->spec;
    lca_status st = text(c, "/declared_unit/unit", s->unit);
    if (st == LCA_OK) st = positive(c, "/declared_unit/model_amount",
                                    s->model_amount);
    if (st == LCA_OK && !isnan(s->mass_kg)) {
        st = positive(c, "/declared_unit/mass_kg", s->mass_kg);
    }
    int service = s->capacity != 0.0 || s->cycles_per_year != 0.0 ||
                  s->years != 0.0;
    if (st != LCA_OK || !service) return st;
    st = positive(c, "/declared_unit/service/capacity", s->capacity);
    if (st == LCA_OK) st = positive(c, "/declared_unit/service/cycles_per_year",
                                    s->cycles_per_year);
    if (st == LCA_OK) st = positive(c, "/declared_unit/service/years",
                                    s->years);
    if (st == LCA_OK) st = text(c, "/declared_unit/service/capacity_unit",
                                s->capacity_unit);
    return st;
}

static lca_status check_boundary(checker *c) {
    const lca_rule_spec *s = c->spec;
    if ((unsigned)s->boundary > LCA_CRADLE_TO_GRAVE) {
        return lca__bad(c, "/boundary/type", "unknown boundary %d",
                        (int)s->boundary);
    }
    if (s->nadd > 0 && s->boundary != LCA_CRADLE_TO_GRAVE) {
        return lca__bad(c, "/boundary/add", "only a cradle-to-grave boundary "
                        "adds processes (this one is %s)",
                        lca_boundary_str(s->boundary));
    }
    lca_status st = LCA_OK;
    for (int64_t i = 0; i < s->nadd && st == LCA_OK; i++) {
        char ptr[64];
        snprintf(ptr, sizeof ptr, "/boundary/add/%lld/product", (long long)i);
        st = text(c, ptr, s->add[i].product);
        snprintf(ptr, sizeof ptr, "/boundary/add/%lld/amount", (long long)i);
        if (st == LCA_OK && (!isfinite(s->add[i].amount) ||
                             s->add[i].amount == 0.0)) {
            st = lca__bad(c, ptr, "%g is not a finite nonzero number",
                          s->add[i].amount);
        }
        snprintf(ptr, sizeof ptr, "/boundary/add/%lld/stage", (long long)i);
        if (st == LCA_OK) st = text(c, ptr, s->add[i].stage);
    }
    return st;
}

static lca_status check_stages(checker *c) {
    const lca_rule_spec *s = c->spec;
    lca_status st = text(c, "/stages/direct", s->direct_stage);
    if (st == LCA_OK) st = text(c, "/stages/default", s->default_stage);
    int64_t twice = s->nstages;
    if (st == LCA_OK) {
        st = first_repeat(c, s->stages, s->nstages, sizeof *s->stages,
                          offsetof(lca_rule_stage, product), &twice);
    }
    for (int64_t i = 0; i < s->nstages && st == LCA_OK; i++) {
        char ptr[600], tok[512];
        snprintf(ptr, sizeof ptr, "/stages/map/%s",
                 lca__rule_token(s->stages[i].product, tok, sizeof tok));
        st = text(c, "/stages/map", s->stages[i].product);
        if (st == LCA_OK) st = text(c, ptr, s->stages[i].stage);
        if (st == LCA_OK && i == twice) st = lca__bad(c, ptr, "mapped twice");
    }
    if (st != LCA_OK) return st;
    st = share(c, "/cutoff/item", s->cutoff_item, 0.0, 1.0);
    if (st == LCA_OK) st = share(c, "/cutoff/limit", s->cutoff_limit, 0.0, 1.0);
    if (st == LCA_OK && s->cutoff_item > s->cutoff_limit) {
        st = lca__bad(c, "/cutoff/item", "%g is above the limit %g: one input "
                      "could exceed it alone", s->cutoff_item, s->cutoff_limit);
    }
    return st;
}

// One allocation override, at pointer prefix ptr.
static lca_status check_override(checker *c, const lca_rule_alloc *o,
                                 const char *ptr) {
    char p2[700];
    if ((unsigned)o->method >= LCA_NALLOC) {
        snprintf(p2, sizeof p2, "%s/method", ptr);
        return lca__bad(c, p2, "unknown method %d", (int)o->method);
    }
    lca_status st = LCA_OK;
    for (int64_t k = 0; k < o->nprices && st == LCA_OK; k++) {
        snprintf(p2, sizeof p2, "%s/prices", ptr);
        st = text(c, p2, o->prices[k].flow);
        if (st == LCA_OK && !(o->prices[k].price >= 0.0 &&
                              isfinite(o->prices[k].price))) {
            st = lca__bad(c, p2, "price %g of %s is not a finite number >= 0",
                          o->prices[k].price, o->prices[k].flow);
        }
    }
    for (int64_t k = 0; k < o->nproviders && st == LCA_OK; k++) {
        snprintf(p2, sizeof p2, "%s/providers", ptr);
        st = text(c, p2, o->providers[k].flow);
        if (st == LCA_OK) st = text(c, p2, o->providers[k].process);
    }
    return st;
}

static lca_status check_alloc(checker *c) {
    const lca_rule_spec *s = c->spec;
    if ((unsigned)s->alloc_default >= LCA_NALLOC) {
        return lca__bad(c, "/allocation/default", "unknown method %d",
                        (int)s->alloc_default);
    }
    int64_t twice;
    lca_status st = first_repeat(c, s->alloc, s->nalloc, sizeof *s->alloc,
                                 offsetof(lca_rule_alloc, process), &twice);
    for (int64_t i = 0; i < s->nalloc && st == LCA_OK; i++) {
        char ptr[600], tok[512];
        snprintf(ptr, sizeof ptr, "/allocation/processes/%s",
                 lca__rule_token(s->alloc[i].process, tok, sizeof tok));
        st = text(c, "/allocation/processes", s->alloc[i].process);
        if (st == LCA_OK) st = check_override(c, &s->alloc[i], ptr);
        if (st == LCA_OK && i == twice) st = lca__bad(c, ptr, "listed twice");
    }
    return st;
}

static lca_status check_data(checker *c) {
    const lca_rule_spec *s = c->spec;
    int64_t twice;
    lca_status st = first_repeat(c, s->mandatory, s->nmandatory,
                                 sizeof *s->mandatory, 0, &twice);
    for (int64_t i = 0; i < s->nmandatory && st == LCA_OK; i++) {
        char ptr[64];
        snprintf(ptr, sizeof ptr, "/primary_data/mandatory/%lld",
                 (long long)i);
        st = text(c, ptr, s->mandatory[i]);
        if (st == LCA_OK && i == twice) {
            st = lca__bad(c, ptr, "'%s' is listed twice", s->mandatory[i]);
        }
    }
    if (st == LCA_OK) st = share(c, "/primary_data/min_share",
                                 s->min_primary_share, 0.0, 1.0);
    if (st == LCA_OK && !isnan(s->max_dqr)) {
        st = share(c, "/data_quality/max_dqr", s->max_dqr, 1.0, 5.0);
    }
    if (st == LCA_OK) st = text(c, "/gwp/indicator", s->gwp_indicator);
    if (st == LCA_OK && s->gwp_set != NULL && lca__has_control(s->gwp_set)) {
        st = lca__bad(c, "/gwp/set", "holds a control character");
    }
    if (st == LCA_OK && !empty(s->grading) && !scheme_id(s->grading)) {
        st = lca__bad(c, "/grading", "'%s' is not a scheme id (letters, "
                      "digits, '.', '_', '-'; 1..64, starting with a letter or "
                      "digit)",
                      s->grading);
    }
    for (int64_t i = 0; i < s->nshortfalls && st == LCA_OK; i++) {
        char ptr[48];
        snprintf(ptr, sizeof ptr, "/shortfalls/%lld", (long long)i);
        st = text(c, ptr, s->shortfalls[i]);
    }
    return st;
}

lca_status lca__rule_check(lca_ctx *ctx, const lca_rule_spec *spec) {
    checker c = {ctx, spec, ""};
    lca__rule_where(spec, c.where, sizeof c.where);
    lca_status st = check_head(&c);
    if (st == LCA_OK) st = check_products(&c);
    if (st == LCA_OK) st = check_unit(&c);
    if (st == LCA_OK) st = check_boundary(&c);
    if (st == LCA_OK) st = check_stages(&c);
    if (st == LCA_OK) st = check_alloc(&c);
    if (st == LCA_OK) st = check_data(&c);
    return st;
}

static const char *const boundaries[] = {"cradle-to-gate", "gate-to-gate",
                                         "cradle-to-grave"};

const char *lca_boundary_str(lca_boundary b) {
    return (unsigned)b <= LCA_CRADLE_TO_GRAVE ? boundaries[b] : "unknown";
}

lca_status lca_boundary_parse(lca_ctx *ctx, const char *s, lca_boundary *b) {
    for (int i = 0; i < 3; i++) {
        if (s != NULL && strcmp(s, boundaries[i]) == 0) {
            *b = (lca_boundary)i;
            return LCA_OK;
        }
    }
    return lca__fail(ctx, LCA_ERR_ARG, "unknown boundary '%s' "
                     "(cradle-to-gate, gate-to-gate, cradle-to-grave)",
                     s != NULL ? s : "(null)");
}
