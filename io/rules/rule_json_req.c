// io/rules/rule_json_req.c: a rule file's JSON into an lca_rule_spec: the
// requirements (allocation, primary data, data quality, GWP, grading)
// and the whole rule
// SPDX-License-Identifier: MIT

#include <math.h>
#include <string.h>

#include "engine/ctx_impl.h"
#include "io/rules/rule_json_impl.h"

static lca_status nomem(lca__rj_reader *r) {
    return lca__fail(r->ctx, LCA_ERR_NOMEM, "out of memory");
}

// "prices": {"flow": 1.5, ...} of one override at ptr.
static lca_status prices(lca__rj_reader *r, const json_t *o, const char *ptr,
                         lca_rule_alloc *a) {
    json_t *m = NULL;
    lca_status st = lca__rj_map(r, o, ptr, "prices", JSON_REAL, &m);
    if (st != LCA_OK) return st;
    lca_alloc_price *v = lca__rj_scratch(r, json_object_size(m), sizeof *v);
    if (v == NULL) return nomem(r);
    const char *key;
    json_t *x;
    json_object_foreach(m, key, x) {
        v[a->nprices++] = (lca_alloc_price){key, json_number_value(x)};
    }
    a->prices = v;
    return LCA_OK;
}

// "providers": {"co-product flow": "process", ...} of one override.
static lca_status providers(lca__rj_reader *r, const json_t *o,
                            const char *ptr, lca_rule_alloc *a) {
    json_t *m = NULL;
    lca_status st = lca__rj_map(r, o, ptr, "providers", JSON_STRING, &m);
    if (st != LCA_OK) return st;
    lca_alloc_provider *v = lca__rj_scratch(r, json_object_size(m),
                                            sizeof *v);
    if (v == NULL) return nomem(r);
    const char *key;
    json_t *x;
    json_object_foreach(m, key, x) {
        v[a->nproviders++] = (lca_alloc_provider){key, json_string_value(x)};
    }
    a->providers = v;
    return LCA_OK;
}

// A method name at ptr/key into *m.
static lca_status method(lca__rj_reader *r, const json_t *o, const char *ptr,
                         const char *key, int required,
                         lca_alloc_method *m) {
    const char *name = NULL;
    char p[700];
    lca_status st = lca__rj_str(r, o, ptr, key, required, &name);
    if (st != LCA_OK || name[0] == '\0') return st;
    if (lca_alloc_method_parse(r->ctx, name, m) != LCA_OK) {
        return lca__rj_bad(r, lca__rj_child(ptr, key, p, sizeof p), "%s",
                           lca_ctx_errmsg(r->ctx));
    }
    return LCA_OK;
}

// "allocation": {"default": "mass", "processes": {"id": {...}, ...}}.
static lca_status allocation(lca__rj_reader *r, const json_t *root,
                             lca_rule_spec *s) {
    static const char *const keys[] = {"default", "processes", NULL};
    static const char *const pkeys[] = {"method", "prices", "providers",
                                        NULL};
    json_t *o = NULL, *m = NULL;
    lca_status st = lca__rj_field(r, root, "", "allocation", JSON_OBJECT, 0,
                                  &o);
    if (st == LCA_OK && o != NULL) st = lca__rj_known(r, o, "/allocation",
                                                      keys);
    if (st == LCA_OK) st = method(r, o, "/allocation", "default", 0,
                                  &s->alloc_default);
    if (st == LCA_OK) st = lca__rj_field(r, o, "/allocation", "processes",
                                         JSON_OBJECT, 0, &m);
    if (st != LCA_OK) return st;
    lca_rule_alloc *v = lca__rj_scratch(r, json_object_size(m), sizeof *v);
    if (v == NULL) return nomem(r);
    const char *key;
    json_t *x;
    json_object_foreach(m, key, x) {
        char p[600];
        lca__rj_child("/allocation/processes", key, p, sizeof p);
        st = lca__rj_object(r, x, p, pkeys);
        if (st != LCA_OK) return st;
        lca_rule_alloc *a = &v[s->nalloc++];
        a->process = key;
        st = method(r, x, p, "method", 1, &a->method);
        if (st == LCA_OK) st = prices(r, x, p, a);
        if (st == LCA_OK) st = providers(r, x, p, a);
        if (st != LCA_OK) return st;
    }
    s->alloc = v;
    return LCA_OK;
}

static lca_status data(lca__rj_reader *r, const json_t *root,
                       lca_rule_spec *s) {
    static const char *const pkeys[] = {"mandatory", "min_share", NULL};
    static const char *const qkeys[] = {"max_dqr", NULL};
    json_t *p = NULL, *q = NULL, *a = NULL;
    lca_status st = lca__rj_field(r, root, "", "primary_data", JSON_OBJECT,
                                  0, &p);
    if (st == LCA_OK && p != NULL) st = lca__rj_known(r, p, "/primary_data",
                                                      pkeys);
    if (st == LCA_OK) st = lca__rj_field(r, p, "/primary_data", "mandatory",
                                         JSON_ARRAY, 0, &a);
    if (st == LCA_OK && a != NULL) {
        st = lca__rj_strings(r, a, "/primary_data/mandatory", &s->mandatory,
                             &s->nmandatory);
    }
    if (st == LCA_OK) st = lca__rj_num(r, p, "/primary_data", "min_share", 0,
                                       0.0, &s->min_primary_share);
    if (st == LCA_OK) st = lca__rj_field(r, root, "", "data_quality",
                                         JSON_OBJECT, 0, &q);
    if (st == LCA_OK && q != NULL) st = lca__rj_known(r, q, "/data_quality",
                                                      qkeys);
    if (st == LCA_OK) st = lca__rj_num(r, q, "/data_quality", "max_dqr", 0,
                                       NAN, &s->max_dqr);
    return st;
}

static lca_status gwp(lca__rj_reader *r, const json_t *root,
                      lca_rule_spec *s) {
    static const char *const keys[] = {"indicator", "set", NULL};
    json_t *o = NULL, *a = NULL;
    lca_status st = lca__rj_field(r, root, "", "gwp", JSON_OBJECT, 1, &o);
    if (st == LCA_OK) st = lca__rj_known(r, o, "/gwp", keys);
    if (st == LCA_OK) st = lca__rj_str(r, o, "/gwp", "indicator", 1,
                                       &s->gwp_indicator);
    if (st == LCA_OK) st = lca__rj_str(r, o, "/gwp", "set", 0, &s->gwp_set);
    if (st == LCA_OK) st = lca__rj_str(r, root, "", "grading", 0,
                                       &s->grading);
    if (st == LCA_OK) st = lca__rj_field(r, root, "", "shortfalls",
                                         JSON_ARRAY, 0, &a);
    if (st == LCA_OK && a != NULL) {
        st = lca__rj_strings(r, a, "/shortfalls", &s->shortfalls,
                             &s->nshortfalls);
    }
    return st;
}

lca_status lca__rj_body(lca__rj_reader *r, const json_t *root,
                        lca_rule_spec *s) {
    lca_status st = allocation(r, root, s);
    if (st == LCA_OK) st = data(r, root, s);
    if (st == LCA_OK) st = gwp(r, root, s);
    return st;
}

lca_status lca__rule_from_json(lca_ctx *ctx, const char *path,
                               const json_t *root, lca_rule **rule) {
    lca__rj_reader r = {ctx, path, NULL, 0, 0, NULL};
    lca_rule_spec s;
    memset(&s, 0, sizeof s);
    s.source = path;
    *rule = NULL;
    lca_status st = lca__rj_object(&r, root, "", NULL);
    if (st == LCA_OK) st = lca__rj_head(&r, root, &s);
    if (st == LCA_OK) st = lca__rj_body(&r, root, &s);
    if (st == LCA_OK) st = lca_rule_create(ctx, &s, rule);
    lca__rj_free(&r);
    return st;
}
