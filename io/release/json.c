// io/release/json.c: factors.json of a release (writer)
// SPDX-License-Identifier: MIT
//
// One JSON document: the release strings, the component list, then the
// records as an array, one record per line. Each record is built as a
// jansson object and dumped on its own, so memory stays at one record
// whatever the release's size. Strings are escaped by jansson, with '/'
// as "\/" too (JSON_ESCAPE_SLASH), so that a name such as
// "</script>" cannot end a script element a page embeds the JSON in.
// Numbers are written with 17 significant digits (exact); a missing one
// (NaN) is null. Reading it back is io/release/read.c.

#include <jansson.h>
#include <math.h>
#include <string.h>

#include "engine/ctx_impl.h"
#include "io/release/json_impl.h"
#include "io/release/release_impl.h"
#include "io/util/textout_impl.h"
#include "io/util/jsonout_impl.h"

const lca__release_key lca__release_mc_keys[LCA__RELEASE_NMC] = {
    {"mean", LCA_FDB_MEAN},       {"median", LCA_FDB_MEDIAN},
    {"sd", LCA_FDB_SD},           {"gsd", LCA_FDB_GSD},
    {"p2_5", LCA_FDB_P025},       {"p97_5", LCA_FDB_P975},
    {"iterations", LCA_FDB_COUNT}};

const lca__release_key lca__release_dq_keys[LCA__RELEASE_NDQ] = {
    {"dqr", LCA_FDB_DQR},
    {"reliability", LCA_FDB_DQR_RELIABILITY},
    {"completeness", LCA_FDB_DQR_COMPLETENESS},
    {"temporal", LCA_FDB_DQR_TEMPORAL},
    {"geographical", LCA_FDB_DQR_GEOGRAPHICAL},
    {"technological", LCA_FDB_DQR_TECHNOLOGICAL},
    {"unscored_share", LCA_FDB_DQR_UNSCORED}};

const lca__release_key lca__release_top_keys[LCA__RELEASE_NTOP] = {
    {"direct_share", LCA_FDB_DIRECT_SHARE},
    {"cutoff_inputs", LCA_FDB_CUTOFF_INPUTS},
    {"cutoff_process_share", LCA_FDB_CUTOFF_SHARE}};

// Set key of obj to v (a new reference, stolen); a NULL v (out of memory)
// marks *ok = 0.
static void put(json_t *obj, const char *key, json_t *v, int *ok) {
    if (v == NULL || json_object_set_new(obj, key, v) != 0) *ok = 0;
}

static json_t *num(double x) {
    if (!isfinite(x)) return json_null();
    if (x == floor(x) && fabs(x) < 9e15) return json_integer((json_int_t)x);
    return json_real(x);
}

static json_t *str_or_null(const char *s) {
    return s[0] != '\0' ? json_string(s) : json_null();
}

// {"mean": ..., ...} of a column set v (stride n) at record i.
static json_t *mc_object(const double *v, int64_t n, int64_t i, int *ok) {
    json_t *o = json_object();
    if (o == NULL) *ok = 0;
    for (int k = 0; o != NULL && k < LCA__RELEASE_NMC; k++) {
        put(o, lca__release_mc_keys[k].key,
            num(v[lca__release_mc_keys[k].col * n + i]), ok);
    }
    if (o != NULL) {
        put(o, "ci95_halfwidth",
            num(lca__release_halfwidth(v[LCA_FDB_SD * n + i],
                                       v[LCA_FDB_COUNT * n + i])),
            ok);
    }
    return o;
}

static json_t *components(const lca_fdb *db, int64_t i, int *ok) {
    json_t *o = json_object();
    if (o == NULL) *ok = 0;
    int64_t n = lca_fdb_nrecords(db);
    for (int64_t j = 0; o != NULL && j < lca_fdb_ncomponents(db); j++) {
        const double *v = lca_fdb_component_get(db, j, LCA_FDB_FACTOR);
        json_t *c = json_object();
        if (c != NULL) put(c, "factor", num(v[i]), ok);
        if (c != NULL && lca_fdb_component_has_mc(db, j)) {
            put(c, "monte_carlo", mc_object(v, n, i, ok), ok);
        }
        put(o, lca_fdb_component_name(db, j), c, ok);
    }
    return o;
}

static json_t *inputs(const lca_fdb *db, int64_t i, int *ok) {
    json_t *a = json_array();
    if (a == NULL) *ok = 0;
    int64_t count;
    const int64_t *in;
    const double *sh;
    lca_fdb_trace(db, i, &count, &in, &sh);
    for (int64_t t = 0; a != NULL && t < count; t++) {
        json_t *e = json_object();
        if (e != NULL) {
            put(e, "record_id",
                json_string(lca_fdb_text_get(db, LCA_FDB_RECORD_ID, in[t])),
                ok);
            put(e, "product_id",
                json_string(lca_fdb_text_get(db, LCA_FDB_PRODUCT_ID, in[t])),
                ok);
            put(e, "share", num(sh[t]), ok);
        }
        if (e == NULL || json_array_append_new(a, e) != 0) *ok = 0;
    }
    return a;
}

static json_t *texts(const lca_fdb *db, int64_t i, int *ok) {
    json_t *r = json_object();
    if (r == NULL) {
        *ok = 0;
        return NULL;
    }
    for (int c = 0; c < LCA_FDB_NTEXTS; c++) {
        const char *s = lca_fdb_text_get(db, (lca_fdb_text)c, i);
        int nullable = c == LCA_FDB_SUPERSEDES || c == LCA_FDB_REGION ||
                       c == LCA_FDB_PERIOD;
        put(r, lca_fdb_text_str((lca_fdb_text)c),
            nullable ? str_or_null(s) : json_string(s), ok);
    }
    return r;
}

// Record i as a JSON object (NULL when out of memory).
static json_t *record(const lca_fdb *db, int64_t i) {
    int ok = 1;
    int64_t n = lca_fdb_nrecords(db);
    json_t *r = texts(db, i, &ok);
    if (r == NULL) return NULL;
    put(r, "factor", num(lca_fdb_num_get(db, LCA_FDB_FACTOR)[i]), &ok);
    put(r, "monte_carlo", mc_object(lca_fdb_num_get(db, 0), n, i, &ok), &ok);
    put(r, "components", components(db, i, &ok), &ok);
    json_t *dq = json_object();
    for (int k = 0; dq != NULL && k < LCA__RELEASE_NDQ; k++) {
        put(dq, lca__release_dq_keys[k].key,
            num(lca_fdb_num_get(db, lca__release_dq_keys[k].col)[i]), &ok);
    }
    put(r, "data_quality", dq, &ok);
    for (int k = 0; k < LCA__RELEASE_NTOP; k++) {
        put(r, lca__release_top_keys[k].key,
            num(lca_fdb_num_get(db, lca__release_top_keys[k].col)[i]), &ok);
    }
    put(r, "dataset_id",
        json_string(lca_fdb_text_get(db, LCA_FDB_PRODUCT_ID, i)), &ok);
    put(r, "inputs", inputs(db, i, &ok), &ok);
    if (!ok) json_decref(r);
    return ok ? r : NULL;
}

static json_t *component_list(const lca_fdb *db, int *ok) {
    json_t *comps = json_array();
    if (comps == NULL) *ok = 0;
    for (int64_t j = 0; comps != NULL && j < lca_fdb_ncomponents(db); j++) {
        json_t *c = json_object();
        if (c != NULL) {
            int split = lca_fdb_component_kind(db, j) == LCA_FDB_SPLIT;
            put(c, "name", json_string(lca_fdb_component_name(db, j)), ok);
            put(c, "kind", json_string(split ? "split" : "gas"), ok);
            put(c, "monte_carlo", json_boolean(lca_fdb_component_has_mc(db, j)),
                ok);
        }
        if (c == NULL || json_array_append_new(comps, c) != 0) *ok = 0;
    }
    return comps;
}

// The document's head: everything before the records.
static json_t *head(const lca_fdb *db) {
    int ok = 1;
    json_t *h = json_object();
    if (h == NULL) return NULL;
    put(h, "format", json_string(LCA__RELEASE_FORMAT), &ok);
    put(h, "schema_version", json_integer(LCA__RELEASE_VERSION), &ok);
    put(h, "gwp_set", json_string(lca_fdb_info_get(db, LCA_FDB_GWP_SET)), &ok);
    put(h, "boundary", json_string(lca_fdb_info_get(db, LCA_FDB_BOUNDARY)),
        &ok);
    json_t *ind = json_object();
    if (ind != NULL) {
        put(ind, "id", json_string(lca_fdb_info_get(db, LCA_FDB_IND_ID)), &ok);
        put(ind, "unit", json_string(lca_fdb_info_get(db, LCA_FDB_IND_UNIT)),
            &ok);
    }
    put(h, "indicator", ind, &ok);
    put(h, "components", component_list(db, &ok), &ok);
    if (!ok) {
        json_decref(h);
        return NULL;
    }
    return h;
}

// Dump v compactly into w (then free the text).
static int dump(lca__textout *w, const json_t *v) {
    char *s = lca__json_dumps(v, JSON_COMPACT | JSON_ESCAPE_SLASH |
                                     JSON_ENCODE_ANY);
    if (s == NULL) return 0;
    lca__textout_puts(w, s);
    free(s);
    return 1;
}

// The head without its closing brace, then "records": [.
static int write_head(lca__textout *w, const lca_fdb *db) {
    json_t *h = head(db);
    if (h == NULL) return 0;
    char *s =
        lca__json_dumps(h, JSON_INDENT(1) | JSON_ESCAPE_SLASH |
                               JSON_PRESERVE_ORDER);
    json_decref(h);
    if (s == NULL) return 0;
    size_t len = strlen(s);
    while (len > 0 && s[len - 1] != '}') len--;  // drop the closing brace
    if (len > 0) len--;
    while (len > 0 && (s[len - 1] == '\n' || s[len - 1] == ' ')) len--;
    s[len] = '\0';
    lca__textout_puts(w, s);
    lca__textout_puts(w, ",\n \"records\": [\n");
    free(s);
    return 1;
}

lca_status lca__release_write_json(const lca_fdb *db, const char *dir) {
    lca_ctx *ctx = lca_fdb_ctx(db);
    char *path = lca__path_join(ctx, dir, LCA__RELEASE_JSON);
    if (path == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    lca__textout *w = NULL;
    lca_status st = lca__textout_create(ctx, path, &w);
    lca__free(ctx, path);
    if (st != LCA_OK) return st;
    int ok = write_head(w, db);
    for (int64_t i = 0; ok && i < lca_fdb_nrecords(db); i++) {
        json_t *r = record(db, i);
        ok = r != NULL && dump(w, r);
        json_decref(r);
        lca__textout_puts(w, i + 1 < lca_fdb_nrecords(db) ? ",\n" : "\n");
    }
    lca__textout_puts(w, " ]\n}\n");
    if (!ok) {
        lca__textout_destroy(&w);
        return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory writing %s",
                         LCA__RELEASE_JSON);
    }
    return lca__textout_commit(&w);
}

int lca__utf8_valid(const char *s) {
    json_t *j = json_string(s);
    json_decref(j);
    return j != NULL;
}
