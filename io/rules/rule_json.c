// io/rules/rule_json.c: a rule file's JSON into an lca_rule_spec: the
// category, its products, declared unit, boundary, stages and cut-off
// SPDX-License-Identifier: MIT
//
// The reader checks what the JSON schema (datasets/rules/schema/) checks
// about shapes: the type of every field, the required ones, and that no
// field is unknown (a misspelt "cutof" must not be silently ignored). The
// values are then checked by lca_rule_create, which names fields by the
// same JSON pointers. Strings are borrowed from the parsed document and
// arrays from the reader's scratch blocks, all freed once the rule is made.

#include <math.h>
#include <string.h>

#include "engine/ctx_impl.h"
#include "io/rules/rule_json_impl.h"

// "name": {"en": "...", "zh": "..."}.
static lca_status names(lca__rj_reader *r, const json_t *root,
                        lca_rule_spec *s) {
    json_t *o = NULL;
    lca_status st = lca__rj_field(r, root, "", "name", JSON_OBJECT, 1, &o);
    if (st != LCA_OK) return st;
    lca_rule_name *v = lca__rj_scratch(r, json_object_size(o), sizeof *v);
    if (v == NULL) return lca__fail(r->ctx, LCA_ERR_NOMEM, "out of memory");
    const char *key;
    json_t *x;
    json_object_foreach(o, key, x) {
        char p[600];
        if (!json_is_string(x)) {
            return lca__rj_bad(r, lca__rj_child("/name", key, p, sizeof p),
                               "expected a "
                               "string, got %s",
                               lca__rj_type_name(x));
        }
        v[s->nnames++] = (lca_rule_name){key, json_string_value(x)};
    }
    s->names = v;
    return LCA_OK;
}

static lca_status head(lca__rj_reader *r, const json_t *root,
                       lca_rule_spec *s) {
    static const char *const keys[] = {
        "$schema",       "format",       "version",      "id",
        "name",          "codes",        "follows",      "products",
        "declared_unit", "boundary",     "stages",       "cutoff",
        "allocation",    "primary_data", "data_quality", "gwp",
        "grading",       "shortfalls",   "notes",        NULL};
    static const char *const code_keys[] = {"national", "cn", "cpc", NULL};
    const char *format = NULL, *notes = NULL;
    json_t *v = NULL, *codes = NULL;
    lca_status st = lca__rj_known(r, root, "", keys);
    if (st == LCA_OK) st = lca__rj_str(r, root, "", "format", 1, &format);
    if (st == LCA_OK && strcmp(format, LCA_RULE_FORMAT) != 0) {
        st = lca__rj_bad(r, "/format", "'%s' is not %s", format,
                         LCA_RULE_FORMAT);
    }
    if (st == LCA_OK) {
        st = lca__rj_field(r, root, "", "version", JSON_REAL, 1, &v);
    }
    if (st == LCA_OK && !json_is_integer(v)) {
        st = lca__rj_bad(r, "/version", "expected an integer");
    }
    if (st == LCA_OK) s->version = (int)json_integer_value(v);
    if (st == LCA_OK) st = lca__rj_str(r, root, "", "id", 1, &s->id);
    if (st == LCA_OK) st = names(r, root, s);
    if (st == LCA_OK) {
        st = lca__rj_field(r, root, "", "codes", JSON_OBJECT, 0, &codes);
    }
    if (st == LCA_OK && codes != NULL) {
        st = lca__rj_known(r, codes, "/codes", code_keys);
    }
    if (st == LCA_OK) {
        st = lca__rj_str(r, codes, "/codes", "national", 0, &s->code_national);
    }
    if (st == LCA_OK) {
        st = lca__rj_str(r, codes, "/codes", "cn", 0, &s->code_cn);
    }
    if (st == LCA_OK) {
        st = lca__rj_str(r, codes, "/codes", "cpc", 0, &s->code_cpc);
    }
    if (st == LCA_OK) {
        st = lca__rj_field(r, root, "", "follows", JSON_ARRAY, 1, &v);
    }
    if (st == LCA_OK) {
        st = lca__rj_strings(r, v, "/follows", &s->follows, &s->nfollows);
    }
    if (st == LCA_OK) st = lca__rj_str(r, root, "", "notes", 0, &notes);
    if (st == LCA_OK) st = lca__rj_str(r, root, "", "$schema", 0, &notes);
    return st;
}

// "products": [{"product": "...", "share": 0.6}, ...].
static lca_status products(lca__rj_reader *r, const json_t *root,
                           lca_rule_spec *s) {
    static const char *const keys[] = {"product", "share", NULL};
    json_t *a = NULL;
    lca_status st = lca__rj_field(r, root, "", "products", JSON_ARRAY, 1, &a);
    if (st != LCA_OK) return st;
    lca_rule_product *v = lca__rj_scratch(r, json_array_size(a), sizeof *v);
    if (v == NULL) return lca__fail(r->ctx, LCA_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < json_array_size(a) && st == LCA_OK; i++) {
        const json_t *x = json_array_get(a, i);
        char p[64];
        lca__rj_item("/products", i, p, sizeof p);
        st = lca__rj_object(r, x, p, keys);
        if (st == LCA_OK) {
            st = lca__rj_str(r, x, p, "product", 1, &v[i].product);
        }
        if (st == LCA_OK) {
            st = lca__rj_num(r, x, p, "share", 0, 1.0, &v[i].share);
        }
    }
    s->products = v;
    s->nproducts = (int64_t)json_array_size(a);
    return st;
}

static lca_status service(lca__rj_reader *r, const json_t *du,
                          lca_rule_spec *s) {
    static const char *const keys[] = {"capacity", "capacity_unit",
                                       "cycles_per_year", "years", NULL};
    const char *p = "/declared_unit/service";
    json_t *o = NULL;
    lca_status st =
        lca__rj_field(r, du, "/declared_unit", "service", JSON_OBJECT, 0, &o);
    if (st != LCA_OK || o == NULL) return st;
    st = lca__rj_known(r, o, p, keys);
    if (st == LCA_OK) {
        st = lca__rj_num(r, o, p, "capacity", 1, 0.0, &s->capacity);
    }
    if (st == LCA_OK) {
        st = lca__rj_str(r, o, p, "capacity_unit", 1, &s->capacity_unit);
    }
    if (st == LCA_OK) {
        st = lca__rj_num(r, o, p, "cycles_per_year", 1, 0.0,
                         &s->cycles_per_year);
    }
    if (st == LCA_OK) st = lca__rj_num(r, o, p, "years", 1, 0.0, &s->years);
    return st;
}

static lca_status declared_unit(lca__rj_reader *r, const json_t *root,
                                lca_rule_spec *s) {
    static const char *const keys[] = {
        "unit",    "text",    "model_unit", "model_amount",
        "mass_kg", "service", NULL};
    const char *p = "/declared_unit";
    json_t *o = NULL;
    lca_status st =
        lca__rj_field(r, root, "", "declared_unit", JSON_OBJECT, 1, &o);
    if (st == LCA_OK) st = lca__rj_known(r, o, p, keys);
    if (st == LCA_OK) st = lca__rj_str(r, o, p, "unit", 1, &s->unit);
    if (st == LCA_OK) st = lca__rj_str(r, o, p, "text", 0, &s->unit_text);
    if (st == LCA_OK) {
        st = lca__rj_str(r, o, p, "model_unit", 0, &s->model_unit);
    }
    if (st == LCA_OK) {
        st = lca__rj_num(r, o, p, "model_amount", 1, 0.0, &s->model_amount);
    }
    if (st == LCA_OK) st = lca__rj_num(r, o, p, "mass_kg", 0, NAN, &s->mass_kg);
    if (st == LCA_OK) st = service(r, o, s);
    return st;
}

static lca_status boundary(lca__rj_reader *r, const json_t *root,
                           lca_rule_spec *s) {
    static const char *const keys[] = {"type", "add", NULL};
    static const char *const add_keys[] = {"product", "amount", "stage", NULL};
    const char *type = NULL;
    json_t *o = NULL, *a = NULL;
    lca_status st = lca__rj_field(r, root, "", "boundary", JSON_OBJECT, 1, &o);
    if (st == LCA_OK) st = lca__rj_known(r, o, "/boundary", keys);
    if (st == LCA_OK) st = lca__rj_str(r, o, "/boundary", "type", 1, &type);
    if (st == LCA_OK && lca_boundary_parse(r->ctx, type, &s->boundary)) {
        st = lca__rj_bad(r, "/boundary/type", "%s", lca_ctx_errmsg(r->ctx));
    }
    if (st == LCA_OK) {
        st = lca__rj_field(r, o, "/boundary", "add", JSON_ARRAY, 0, &a);
    }
    if (st != LCA_OK) return st;
    lca_rule_add *v = lca__rj_scratch(r, json_array_size(a), sizeof *v);
    if (v == NULL) return lca__fail(r->ctx, LCA_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < json_array_size(a) && st == LCA_OK; i++) {
        const json_t *x = json_array_get(a, i);
        char p[64];
        lca__rj_item("/boundary/add", i, p, sizeof p);
        st = lca__rj_object(r, x, p, add_keys);
        if (st == LCA_OK) {
            st = lca__rj_str(r, x, p, "product", 1, &v[i].product);
        }
        if (st == LCA_OK) {
            st = lca__rj_num(r, x, p, "amount", 1, 0.0, &v[i].amount);
        }
        if (st == LCA_OK) st = lca__rj_str(r, x, p, "stage", 1, &v[i].stage);
    }
    s->add = v;
    s->nadd = (int64_t)json_array_size(a);
    return st;
}

// "stages": {"direct": ..., "default": ..., "map": {"product": "stage"}}.
static lca_status stages(lca__rj_reader *r, const json_t *root,
                         lca_rule_spec *s) {
    static const char *const keys[] = {"direct", "default", "map", NULL};
    json_t *o = NULL, *m = NULL;
    s->direct_stage = "production";
    s->default_stage = "raw material acquisition";
    lca_status st = lca__rj_field(r, root, "", "stages", JSON_OBJECT, 0, &o);
    if (st != LCA_OK || o == NULL) return st;
    st = lca__rj_known(r, o, "/stages", keys);
    if (st == LCA_OK && json_object_get(o, "direct") != NULL) {
        st = lca__rj_str(r, o, "/stages", "direct", 1, &s->direct_stage);
    }
    if (st == LCA_OK && json_object_get(o, "default") != NULL) {
        st = lca__rj_str(r, o, "/stages", "default", 1, &s->default_stage);
    }
    if (st == LCA_OK) {
        st = lca__rj_field(r, o, "/stages", "map", JSON_OBJECT, 0, &m);
    }
    if (st != LCA_OK) return st;
    lca_rule_stage *v = lca__rj_scratch(r, json_object_size(m), sizeof *v);
    if (v == NULL) return lca__fail(r->ctx, LCA_ERR_NOMEM, "out of memory");
    const char *key;
    json_t *x;
    json_object_foreach(m, key, x) {
        char p[600];
        if (!json_is_string(x)) {
            return lca__rj_bad(r,
                               lca__rj_child("/stages/map", key, p, sizeof p),
                               "expected "
                               "a string, got %s",
                               lca__rj_type_name(x));
        }
        v[s->nstages++] = (lca_rule_stage){key, json_string_value(x)};
    }
    s->stages = v;
    return LCA_OK;
}

static lca_status cutoff(lca__rj_reader *r, const json_t *root,
                         lca_rule_spec *s) {
    static const char *const keys[] = {"item", "limit", NULL};
    json_t *o = NULL;
    lca_status st = lca__rj_field(r, root, "", "cutoff", JSON_OBJECT, 1, &o);
    if (st == LCA_OK) st = lca__rj_known(r, o, "/cutoff", keys);
    if (st == LCA_OK) {
        st = lca__rj_num(r, o, "/cutoff", "item", 1, 0.0, &s->cutoff_item);
    }
    if (st == LCA_OK) {
        st = lca__rj_num(r, o, "/cutoff", "limit", 1, 0.0, &s->cutoff_limit);
    }
    return st;
}

lca_status lca__rj_head(lca__rj_reader *r, const json_t *root,
                        lca_rule_spec *s) {
    lca_status st = head(r, root, s);
    if (st == LCA_OK) st = products(r, root, s);
    if (st == LCA_OK) st = declared_unit(r, root, s);
    if (st == LCA_OK) st = boundary(r, root, s);
    if (st == LCA_OK) st = stages(r, root, s);
    if (st == LCA_OK) st = cutoff(r, root, s);
    return st;
}
