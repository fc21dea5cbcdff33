// io/rules/rule_write.c: a rule as its JSON file (the inverse of
// lca_rule_read: reading the file back gives the same rule)
// SPDX-License-Identifier: MIT

#include <math.h>
#include <stdlib.h>

#include "engine/ctx_impl.h"
#include "io/util/textout_impl.h"
#include "lca/io_rules.h"
#include "io/util/jsonout_impl.h"

#include <jansson.h>

// obj[key] = v, taking v (NULL: out of memory, remembered in *bad).
static void put(json_t *obj, const char *key, json_t *v, int *bad) {
    if (v == NULL || obj == NULL || json_object_set_new(obj, key, v) != 0) {
        *bad = 1;
    }
}

static void put_str(json_t *obj, const char *key, const char *s, int *bad) {
    if (s != NULL && s[0] != '\0') put(obj, key, json_string(s), bad);
}

static json_t *strings(const char *const *v, int64_t n, int *bad) {
    json_t *a = json_array();
    for (int64_t i = 0; a != NULL && i < n; i++) {
        if (json_array_append_new(a, json_string(v[i])) != 0) *bad = 1;
    }
    if (a == NULL) *bad = 1;
    return a;
}

static json_t *head(const lca_rule_spec *s, int *bad) {
    json_t *o = json_object(), *name = json_object(), *codes = json_object();
    put_str(o, "format", LCA_RULE_FORMAT, bad);
    put(o, "version", json_integer(s->version), bad);
    put_str(o, "id", s->id, bad);
    for (int64_t i = 0; i < s->nnames; i++) {
        put_str(name, s->names[i].lang, s->names[i].text, bad);
    }
    put(o, "name", name, bad);
    put_str(codes, "national", s->code_national, bad);
    put_str(codes, "cn", s->code_cn, bad);
    put_str(codes, "cpc", s->code_cpc, bad);
    if (json_object_size(codes) > 0) put(o, "codes", codes, bad);
    else json_decref(codes);
    put(o, "follows", strings(s->follows, s->nfollows, bad), bad);
    json_t *prod = json_array();
    for (int64_t i = 0; prod != NULL && i < s->nproducts; i++) {
        json_t *p = json_object();
        put_str(p, "product", s->products[i].product, bad);
        put(p, "share", json_real(s->products[i].share), bad);
        if (json_array_append_new(prod, p) != 0) *bad = 1;
    }
    put(o, "products", prod, bad);
    return o;
}

static json_t *unit(const lca_rule_spec *s, int *bad) {
    json_t *u = json_object();
    put_str(u, "unit", s->unit, bad);
    put_str(u, "text", s->unit_text, bad);
    put_str(u, "model_unit", s->model_unit, bad);
    put(u, "model_amount", json_real(s->model_amount), bad);
    if (!isnan(s->mass_kg)) put(u, "mass_kg", json_real(s->mass_kg), bad);
    if (s->capacity > 0.0) {
        json_t *v = json_object();
        put(v, "capacity", json_real(s->capacity), bad);
        put_str(v, "capacity_unit", s->capacity_unit, bad);
        put(v, "cycles_per_year", json_real(s->cycles_per_year), bad);
        put(v, "years", json_real(s->years), bad);
        put(u, "service", v, bad);
    }
    return u;
}

static json_t *boundary_and_stages(const lca_rule_spec *s, json_t *o,
                                   int *bad) {
    json_t *b = json_object(), *add = json_array(), *st = json_object();
    json_t *map = json_object();
    put_str(b, "type", lca_boundary_str(s->boundary), bad);
    for (int64_t i = 0; add != NULL && i < s->nadd; i++) {
        json_t *a = json_object();
        put_str(a, "product", s->add[i].product, bad);
        put(a, "amount", json_real(s->add[i].amount), bad);
        put_str(a, "stage", s->add[i].stage, bad);
        if (json_array_append_new(add, a) != 0) *bad = 1;
    }
    if (s->nadd > 0) put(b, "add", add, bad);
    else json_decref(add);
    put(o, "boundary", b, bad);
    put_str(st, "direct", s->direct_stage, bad);
    put_str(st, "default", s->default_stage, bad);
    for (int64_t i = 0; i < s->nstages; i++) {
        put_str(map, s->stages[i].product, s->stages[i].stage, bad);
    }
    put(st, "map", map, bad);
    return st;
}

static json_t *allocation(const lca_rule_spec *s, int *bad) {
    json_t *a = json_object(), *procs = json_object();
    put_str(a, "default", lca_alloc_method_str(s->alloc_default), bad);
    for (int64_t i = 0; i < s->nalloc; i++) {
        const lca_rule_alloc *r = &s->alloc[i];
        json_t *p = json_object(), *pr = json_object(), *pv = json_object();
        put_str(p, "method", lca_alloc_method_str(r->method), bad);
        for (int64_t k = 0; k < r->nprices; k++) {
            put(pr, r->prices[k].flow, json_real(r->prices[k].price), bad);
        }
        for (int64_t k = 0; k < r->nproviders; k++) {
            put_str(pv, r->providers[k].flow, r->providers[k].process, bad);
        }
        put(p, "prices", pr, bad);
        put(p, "providers", pv, bad);
        put(procs, r->process, p, bad);
    }
    put(a, "processes", procs, bad);
    return a;
}

static json_t *requirements(const lca_rule_spec *s, json_t *o, int *bad) {
    json_t *pd = json_object(), *dq = json_object(), *g = json_object();
    put(pd, "mandatory", strings(s->mandatory, s->nmandatory, bad), bad);
    put(pd, "min_share", json_real(s->min_primary_share), bad);
    put(o, "primary_data", pd, bad);
    if (!isnan(s->max_dqr)) put(dq, "max_dqr", json_real(s->max_dqr), bad);
    put(o, "data_quality", dq, bad);
    put_str(g, "indicator", s->gwp_indicator, bad);
    put_str(g, "set", s->gwp_set, bad);
    put_str(o, "grading", s->grading, bad);
    if (s->nshortfalls > 0) {
        put(o, "shortfalls", strings(s->shortfalls, s->nshortfalls, bad), bad);
    }
    return g;
}

// The rule's JSON object (NULL when out of memory).
static json_t *to_json(const lca_rule_spec *s) {
    int bad = 0;
    json_t *o = head(s, &bad), *cut = json_object();
    put(o, "declared_unit", unit(s, &bad), &bad);
    put(o, "stages", boundary_and_stages(s, o, &bad), &bad);
    put(cut, "item", json_real(s->cutoff_item), &bad);
    put(cut, "limit", json_real(s->cutoff_limit), &bad);
    put(o, "cutoff", cut, &bad);
    put(o, "allocation", allocation(s, &bad), &bad);
    put(o, "gwp", requirements(s, o, &bad), &bad);
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

lca_status lca_rule_write(const lca_rule *r, const char *path) {
    lca_ctx *ctx = lca_rule_ctx(r);
    json_t *o = to_json(lca_rule_get(r));
    char *text = o != NULL ? lca__json_dumps(o, JSON_INDENT(2) |
                                                    JSON_PRESERVE_ORDER)
                           : NULL;
    json_decref(o);
    if (text == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    lca__textout *w = NULL;
    lca_status st = lca__textout_create(ctx, path, &w);
    if (st == LCA_OK) {
        lca__textout_puts(w, text);
        lca__textout_puts(w, "\n");
        st = lca__textout_commit(&w);
    }
    free(text);
    return st;
}
