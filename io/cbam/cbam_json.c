// io/cbam/cbam_json.c: the CBAM goods file (JSON, "leontief-cbam-goods"
// version 1) into an lca_cbam_spec
// SPDX-License-Identifier: MIT
//
// Shapes are checked here as datasets/cbam/schema/goods-1.schema.json
// states them (types, required fields, no unknown field), with the typed
// access of io/rules/ (messages "FILE: /json/pointer: what"); values are
// checked by lca_cbam_create. A good comes from the model when it has a
// "model" object and from the installation's data when it has a
// "declared" one: exactly one of the two.

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "engine/ctx_impl.h"
#include "io/cbam/cbam_io_impl.h"
#include "io/util/json_read_impl.h"

static const char *const top_keys[] = {"format", "version", "installation",
                                       "model", "goods", NULL};
static const char *const inst_keys[] = {"name", "city", "country",
                                        "period_start", "period_end", NULL};
static const char *const model_keys[] = {"indicator",
                                         "tonnes_per_indicator_unit",
                                         "electricity", NULL};
static const char *const elec_keys[] = {"product", "mwh_per_unit", "factor",
                                        NULL};
static const char *const good_keys[] = {"id", "name", "cn_code", "sector",
                                        "route", "country", "process",
                                        "model", "declared", NULL};
static const char *const gmodel_keys[] = {"product", "tonnes_per_unit", NULL};
static const char *const decl_keys[] = {
    "activity_level", "direct", "indirect", "electricity_mwh",
    "electricity_factor", "precursors", NULL};
static const char *const prec_keys[] = {"good", "mass", NULL};

static lca_status head(lca__rj_reader *r, const json_t *root) {
    const char *fmt = "";
    double version = 0;
    lca_status st = lca__rj_str(r, root, "", "format", 1, &fmt);
    if (st == LCA_OK && strcmp(fmt, LCA_CBAM_FORMAT) != 0) {
        st = lca__rj_bad(r, "/format", "'%.64s' is not \"%s\"", fmt,
                         LCA_CBAM_FORMAT);
    }
    if (st == LCA_OK) st = lca__rj_num(r, root, "", "version", 1, 0, &version);
    if (st == LCA_OK && version != LCA_CBAM_VERSION) {
        st = lca__rj_bad(r, "/version", "version %g is not supported (this "
                         "leontief reads version %d)", version,
                         LCA_CBAM_VERSION);
    }
    return st;
}

static lca_status installation(lca__rj_reader *r, const json_t *root,
                               lca_cbam_spec *s) {
    json_t *o = NULL;
    lca_status st = lca__rj_field(r, root, "", "installation", JSON_OBJECT, 0,
                                  &o);
    if (st == LCA_OK && o != NULL) {
        st = lca__rj_known(r, o, "/installation", inst_keys);
    }
    const char *p = "/installation";
    if (st == LCA_OK) st = lca__rj_str(r, o, p, "name", 0, &s->installation);
    if (st == LCA_OK) st = lca__rj_str(r, o, p, "city", 0, &s->city);
    if (st == LCA_OK) st = lca__rj_str(r, o, p, "country", 0, &s->country);
    if (st == LCA_OK) {
        st = lca__rj_str(r, o, p, "period_start", 0, &s->period_start);
    }
    if (st == LCA_OK) st = lca__rj_str(r, o, p, "period_end", 0, &s->period_end);
    return st;
}

static lca_status electricity(lca__rj_reader *r, const json_t *a,
                              lca_cbam_spec *s) {
    size_t n = json_array_size(a);
    lca_cbam_electricity *e = lca__rj_scratch(r, n, sizeof *e);
    if (e == NULL) return lca__fail(r->ctx, LCA_ERR_NOMEM, "out of memory");
    lca_status st = LCA_OK;
    for (size_t i = 0; i < n && st == LCA_OK; i++) {
        char p[64];
        const json_t *o = json_array_get(a, i);
        lca__rj_item("/model/electricity", i, p, sizeof p);
        st = lca__rj_object(r, o, p, elec_keys);
        if (st == LCA_OK) st = lca__rj_str(r, o, p, "product", 1, &e[i].product);
        if (st == LCA_OK) {
            st = lca__rj_num(r, o, p, "mwh_per_unit", 1, 0, &e[i].mwh_per_unit);
        }
        if (st == LCA_OK) st = lca__rj_num(r, o, p, "factor", 0, NAN,
                                           &e[i].factor);
    }
    s->electricity = e;
    s->nelectricity = (int64_t)n;
    return st;
}

static lca_status model(lca__rj_reader *r, const json_t *root,
                        lca_cbam_spec *s) {
    json_t *o = NULL, *a = NULL;
    lca_status st = lca__rj_field(r, root, "", "model", JSON_OBJECT, 0, &o);
    if (st != LCA_OK || o == NULL) return st;
    st = lca__rj_known(r, o, "/model", model_keys);
    if (st == LCA_OK) st = lca__rj_str(r, o, "/model", "indicator", 1,
                                       &s->indicator);
    if (st == LCA_OK) {
        st = lca__rj_num(r, o, "/model", "tonnes_per_indicator_unit", 1, 0,
                         &s->tonnes_per_indicator_unit);
    }
    if (st == LCA_OK) {
        st = lca__rj_field(r, o, "/model", "electricity", JSON_ARRAY, 0, &a);
    }
    if (st == LCA_OK && a != NULL) st = electricity(r, a, s);
    return st;
}

static lca_status precursors(lca__rj_reader *r, const json_t *a,
                             const char *ptr, lca_cbam_good *g) {
    size_t n = json_array_size(a);
    lca_cbam_precursor *pr = lca__rj_scratch(r, n, sizeof *pr);
    if (pr == NULL) return lca__fail(r->ctx, LCA_ERR_NOMEM, "out of memory");
    lca_status st = LCA_OK;
    for (size_t i = 0; i < n && st == LCA_OK; i++) {
        char p[96];
        const json_t *o = json_array_get(a, i);
        lca__rj_item(ptr, i, p, sizeof p);
        st = lca__rj_object(r, o, p, prec_keys);
        if (st == LCA_OK) st = lca__rj_str(r, o, p, "good", 1, &pr[i].good);
        if (st == LCA_OK) st = lca__rj_num(r, o, p, "mass", 1, 0, &pr[i].mass);
    }
    g->precursors = pr;
    g->nprecursors = (int64_t)n;
    return st;
}

static lca_status declared(lca__rj_reader *r, const json_t *o,
                           const char *ptr, lca_cbam_good *g) {
    json_t *a = NULL;
    g->source = LCA_CBAM_DECLARED;
    lca_status st = lca__rj_known(r, o, ptr, decl_keys);
    if (st == LCA_OK) st = lca__rj_num(r, o, ptr, "activity_level", 1, 0,
                                       &g->activity_level);
    if (st == LCA_OK) st = lca__rj_num(r, o, ptr, "direct", 1, 0, &g->direct);
    if (st == LCA_OK) st = lca__rj_num(r, o, ptr, "indirect", 0, NAN,
                                       &g->indirect);
    if (st == LCA_OK) st = lca__rj_num(r, o, ptr, "electricity_mwh", 0, NAN,
                                       &g->electricity_mwh);
    if (st == LCA_OK) st = lca__rj_num(r, o, ptr, "electricity_factor", 0,
                                       NAN, &g->electricity_factor);
    if (st == LCA_OK) {
        st = lca__rj_field(r, o, ptr, "precursors", JSON_ARRAY, 0, &a);
    }
    if (st == LCA_OK && a != NULL) {
        char p[96];
        st = precursors(r, a, lca__rj_child(ptr, "precursors", p, sizeof p),
                        g);
    }
    return st;
}

// The source object of good at ptr: "model" or "declared", one of them.
static lca_status source(lca__rj_reader *r, const json_t *o, const char *ptr,
                         lca_cbam_good *g) {
    json_t *m = NULL, *d = NULL;
    char p[96];
    lca_status st = lca__rj_field(r, o, ptr, "model", JSON_OBJECT, 0, &m);
    if (st == LCA_OK) st = lca__rj_field(r, o, ptr, "declared", JSON_OBJECT,
                                         0, &d);
    if (st != LCA_OK) return st;
    if ((m == NULL) == (d == NULL)) {
        return lca__rj_bad(r, ptr, "good '%.128s' needs exactly one of "
                           "\"model\" and \"declared\"", g->id);
    }
    if (d != NULL) {
        return declared(r, d, lca__rj_child(ptr, "declared", p, sizeof p), g);
    }
    lca__rj_child(ptr, "model", p, sizeof p);
    g->source = LCA_CBAM_MODEL;
    st = lca__rj_known(r, m, p, gmodel_keys);
    if (st == LCA_OK) st = lca__rj_str(r, m, p, "product", 1, &g->product);
    if (st == LCA_OK) st = lca__rj_num(r, m, p, "tonnes_per_unit", 1, 0,
                                       &g->tonnes_per_unit);
    return st;
}

static lca_status good(lca__rj_reader *r, const json_t *o, const char *ptr,
                       lca_cbam_good *g) {
    g->indirect = g->electricity_mwh = g->electricity_factor = NAN;
    lca_status st = lca__rj_object(r, o, ptr, good_keys);
    if (st == LCA_OK) st = lca__rj_str(r, o, ptr, "id", 1, &g->id);
    if (st == LCA_OK) st = lca__rj_str(r, o, ptr, "name", 0, &g->name);
    if (st == LCA_OK) st = lca__rj_str(r, o, ptr, "cn_code", 0, &g->cn_code);
    if (st == LCA_OK) st = lca__rj_str(r, o, ptr, "sector", 1, &g->sector);
    if (st == LCA_OK) st = lca__rj_str(r, o, ptr, "route", 0, &g->route);
    if (st == LCA_OK) st = lca__rj_str(r, o, ptr, "country", 0, &g->country);
    if (st == LCA_OK) st = lca__rj_str(r, o, ptr, "process", 0, &g->process);
    g->product = "";
    if (st == LCA_OK) st = source(r, o, ptr, g);
    return st;
}

static lca_status goods(lca__rj_reader *r, const json_t *root,
                        lca_cbam_spec *s) {
    json_t *a = NULL;
    lca_status st = lca__rj_field(r, root, "", "goods", JSON_ARRAY, 1, &a);
    if (st != LCA_OK) return st;
    size_t n = json_array_size(a);
    lca_cbam_good *g = lca__rj_scratch(r, n, sizeof *g);
    if (g == NULL) return lca__fail(r->ctx, LCA_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < n && st == LCA_OK; i++) {
        char p[64];
        st = good(r, json_array_get(a, i), lca__rj_item("/goods", i, p,
                                                        sizeof p), &g[i]);
    }
    s->goods = g;
    s->ngoods = (int64_t)n;
    return st;
}

lca_status lca__cbam_goods_json(lca__rj_reader *r, const json_t *root,
                                lca_cbam_spec *s) {
    memset(s, 0, sizeof *s);
    s->source = r->path;
    s->tonnes_per_indicator_unit = NAN;
    s->installation = s->city = s->country = "";
    s->period_start = s->period_end = s->indicator = "";
    lca_status st = lca__rj_object(r, root, "", top_keys);
    if (st == LCA_OK) st = head(r, root);
    if (st == LCA_OK) st = installation(r, root, s);
    if (st == LCA_OK) st = model(r, root, s);
    if (st == LCA_OK) st = goods(r, root, s);
    return st;
}
