// io/release/read.c: a release's records read back (lca_fdb_read)
// SPDX-License-Identifier: MIT
//
// factors.json is the complete form of the records (io/release/json.c),
// and the manifest lists its SHA-256: the records are read only when the
// hash matches, so a diff never compares against an edited or damaged
// file by mistake. Every error names the file and the record.

#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/ctx_impl.h"
#include "io/release/json_impl.h"
#include "io/release/release_impl.h"
#include "io/util/textout_impl.h"
#include "lca/export.h"

typedef struct reader {
    lca_ctx *ctx;
    const char *path;  // for messages
    lca_fdb *db;
    lca_status st;
} reader;

// Record the first error: "path: record i: what".
static void bad(reader *r, int64_t i, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void bad(reader *r, int64_t i, const char *fmt, ...) {
    if (r->st != LCA_OK) return;
    char what[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    if (i >= 0) {
        r->st = lca__fail(r->ctx, LCA_ERR_INVALID, "%s: records[%lld]: %s",
                          r->path, (long long)i, what);
    } else {
        r->st = lca__fail(r->ctx, LCA_ERR_INVALID, "%s: %s", r->path, what);
    }
}

// A number or null (NaN) at obj[key]; a missing key is NaN too.
static double number(reader *r, int64_t i, const json_t *obj, const char *key) {
    const json_t *v = json_object_get(obj, key);
    if (v == NULL || json_is_null(v)) return NAN;
    if (!json_is_number(v)) bad(r, i, "%s is not a number", key);
    return json_number_value(v);
}

// A string or null ("") at obj[key].
static const char *text(reader *r, int64_t i, const json_t *obj,
                        const char *key, int required) {
    const json_t *v = json_object_get(obj, key);
    if ((v == NULL || json_is_null(v)) && !required) return "";
    if (!json_is_string(v)) {
        bad(r, i, "%s is %s", key, v == NULL ? "missing" : "not a string");
        return "";
    }
    return json_string_value(v);
}

static void stats(reader *r, int64_t i, const json_t *mc, double *v,
                  int64_t n) {
    for (int k = 0; k < LCA__RELEASE_NMC; k++) {
        v[lca__release_mc_keys[k].col * n + i] =
            number(r, i, mc, lca__release_mc_keys[k].key);
    }
}

static void components(reader *r, int64_t i, const json_t *rec) {
    const json_t *comps = json_object_get(rec, "components");
    for (int64_t j = 0; j < lca_fdb_ncomponents(r->db); j++) {
        const char *name = lca_fdb_component_name(r->db, j);
        const json_t *c = json_object_get(comps, name);
        if (!json_is_object(c)) {
            bad(r, i, "components.%s is missing", name);
            return;
        }
        double *v = lca_fdb_component_mut(r->db, j, LCA_FDB_FACTOR);
        v[i] = number(r, i, c, "factor");
        const json_t *mc = json_object_get(c, "monte_carlo");
        if (lca_fdb_component_has_mc(r->db, j) && json_is_object(mc)) {
            stats(r, i, mc, v, lca_fdb_nrecords(r->db));
        }
    }
}

static void record(reader *r, int64_t i, const json_t *rec) {
    if (!json_is_object(rec)) {
        bad(r, i, "not an object");
        return;
    }
    for (int c = 0; c < LCA_FDB_NTEXTS && r->st == LCA_OK; c++) {
        int required = c != LCA_FDB_SUPERSEDES && c != LCA_FDB_REGION &&
                       c != LCA_FDB_PERIOD;
        const char *s =
            text(r, i, rec, lca_fdb_text_str((lca_fdb_text)c), required);
        if (r->st == LCA_OK) {
            r->st = lca_fdb_set_text(r->db, (lca_fdb_text)c, i, s);
        }
    }
    int64_t n = lca_fdb_nrecords(r->db);
    lca_fdb_num_mut(r->db, LCA_FDB_FACTOR)[i] = number(r, i, rec, "factor");
    stats(r, i, json_object_get(rec, "monte_carlo"),
          lca_fdb_num_mut(r->db, LCA_FDB_FACTOR), n);
    const json_t *dq = json_object_get(rec, "data_quality");
    for (int k = 0; k < LCA__RELEASE_NDQ; k++) {
        lca_fdb_num_mut(r->db, lca__release_dq_keys[k].col)[i] =
            number(r, i, dq, lca__release_dq_keys[k].key);
    }
    for (int k = 0; k < LCA__RELEASE_NTOP; k++) {
        lca_fdb_num_mut(r->db, lca__release_top_keys[k].col)[i] =
            number(r, i, rec, lca__release_top_keys[k].key);
    }
    components(r, i, rec);
}

typedef struct keyed {
    const char *id;
    int64_t index;
} keyed;

static int by_id(const void *a, const void *b) {
    return strcmp(((const keyed *)a)->id, ((const keyed *)b)->id);
}

// The trace from every record's "inputs", by product id.
static void trace(reader *r, const json_t *recs) {
    int64_t n = lca_fdb_nrecords(r->db), nnz = 0;
    for (int64_t i = 0; i < n; i++) {
        nnz += (int64_t)json_array_size(
            json_object_get(json_array_get(recs, (size_t)i), "inputs"));
    }
    keyed *k = lca__malloc(r->ctx, (size_t)n, sizeof *k);
    int64_t *ptr = lca__malloc(r->ctx, (size_t)n + 1, sizeof *ptr);
    int64_t *in = lca__malloc(r->ctx, (size_t)nnz, sizeof *in);
    double *sh = lca__malloc(r->ctx, (size_t)nnz, sizeof *sh);
    if (k == NULL || ptr == NULL || in == NULL || sh == NULL) {
        r->st = lca__fail(r->ctx, LCA_ERR_NOMEM, "out of memory");
        goto done;
    }
    for (int64_t i = 0; i < n; i++) {
        k[i].id = lca_fdb_text_get(r->db, LCA_FDB_PRODUCT_ID, i);
        k[i].index = i;
    }
    qsort(k, (size_t)n, sizeof *k, by_id);
    ptr[0] = 0;
    for (int64_t i = 0; i < n && r->st == LCA_OK; i++) {
        const json_t *a =
            json_object_get(json_array_get(recs, (size_t)i), "inputs");
        ptr[i + 1] = ptr[i];
        for (size_t t = 0; t < json_array_size(a) && r->st == LCA_OK; t++) {
            const json_t *e = json_array_get(a, t);
            keyed key = {text(r, i, e, "product_id", 1), -1};
            const keyed *hit = bsearch(&key, k, (size_t)n, sizeof *k, by_id);
            if (hit == NULL) bad(r, i, "input '%s' is not a record", key.id);
            if (hit == NULL) break;
            in[ptr[i + 1]] = hit->index;
            sh[ptr[i + 1]++] = number(r, i, e, "share");
        }
    }
    if (r->st == LCA_OK) r->st = lca_fdb_set_trace(r->db, ptr, in, sh);
done:
    lca__free(r->ctx, k);
    lca__free(r->ctx, ptr);
    lca__free(r->ctx, in);
    lca__free(r->ctx, sh);
}

// The release strings and the component list from the document's head.
static void head(reader *r, const json_t *doc) {
    const json_t *ind = json_object_get(doc, "indicator");
    const struct {
        const json_t *obj;
        const char *key;
        lca_fdb_info what;
    } s[] = {{doc, "gwp_set", LCA_FDB_GWP_SET},
             {doc, "boundary", LCA_FDB_BOUNDARY},
             {ind, "id", LCA_FDB_IND_ID},
             {ind, "unit", LCA_FDB_IND_UNIT}};
    for (size_t f = 0; f < sizeof s / sizeof s[0] && r->st == LCA_OK; f++) {
        const char *v = text(r, -1, s[f].obj, s[f].key, 1);
        if (r->st == LCA_OK) r->st = lca_fdb_set_info(r->db, s[f].what, v);
    }
    const json_t *comps = json_object_get(doc, "components");
    for (int64_t j = 0; j < lca_fdb_ncomponents(r->db) && r->st == LCA_OK;
         j++) {
        const json_t *c = json_array_get(comps, (size_t)j);
        const char *name = text(r, -1, c, "name", 1);
        const char *kind = text(r, -1, c, "kind", 1);
        int split = strcmp(kind, "split") == 0;
        size_t skip = split ? 6 : 4;  // "split_", "gas_"
        if (r->st != LCA_OK) return;
        if ((!split && strcmp(kind, "gas") != 0) || strlen(name) <= skip ||
            strncmp(name, split ? "split_" : "gas_", skip) != 0) {
            bad(r, -1, "components[%lld] is not a split_ or gas_ column",
                (long long)j);
            return;
        }
        r->st = lca_fdb_set_component(
            r->db, j, split ? LCA_FDB_SPLIT : LCA_FDB_GAS, name + skip,
            json_is_true(json_object_get(c, "monte_carlo")));
    }
}

// The import report summary from the manifest.
static void report(reader *r, const json_t *manifest) {
    const json_t *rep = json_object_get(manifest, "import_report");
    const json_t *kinds = json_object_get(rep, "kinds");
    const char *kind;
    const json_t *v;
    json_object_foreach((json_t *)kinds, kind, v) {
        if (r->st != LCA_OK) return;
        r->st = lca_fdb_add_report_kind(r->db, kind,
                                        (int64_t)json_integer_value(v));
    }
    const json_t *ties = json_object_get(rep, "provider_ties");
    for (size_t t = 0; t < json_array_size(ties) && r->st == LCA_OK; t++) {
        const json_t *e = json_array_get(ties, t);
        const char *id = text(r, -1, e, "flow_id", 0);
        const char *name = text(r, -1, e, "flow_name", 0);
        const char *detail = text(r, -1, e, "detail", 0);
        if (r->st == LCA_OK) r->st = lca_fdb_add_tie(r->db, id, name, detail);
    }
}

// Load dir/name as JSON; check format and schema version.
static json_t *load(reader *r, const char *dir, const char *name, char **path) {
    *path = lca__path_join(r->ctx, dir, name);
    if (*path == NULL) {
        r->st = lca__fail(r->ctx, LCA_ERR_NOMEM, "out of memory");
        return NULL;
    }
    r->path = *path;
    json_error_t err;
    json_t *doc = json_load_file(*path, 0, &err);
    if (doc == NULL) {
        if (err.line < 0) {  // cannot open: jansson's text names the file
            r->st = lca__fail(r->ctx, LCA_ERR_IO, "%s (not a release?)",
                              err.text);
        } else {
            r->st = lca__fail(r->ctx, LCA_ERR_INVALID, "%s: line %d: %s",
                              *path, err.line, err.text);
        }
        return NULL;
    }
    const char *format = json_string_value(json_object_get(doc, "format"));
    json_int_t version =
        json_integer_value(json_object_get(doc, "schema_version"));
    if (format == NULL || strcmp(format, LCA__RELEASE_FORMAT) != 0) {
        bad(r, -1,
            "not a leontief factor-database release (format is not "
            "'%s')",
            LCA__RELEASE_FORMAT);
    } else if (version != LCA__RELEASE_VERSION) {
        bad(r, -1,
            "schema_version %lld is not supported (this leontief "
            "reads %s version %d)",
            (long long)version, LCA__RELEASE_FORMAT, LCA__RELEASE_VERSION);
    }
    return doc;
}

// The SHA-256 of dir/factors.json must be the one the manifest lists.
static void check_hash(reader *r, const json_t *manifest, const char *json) {
    const json_t *files = json_object_get(manifest, "files");
    const char *want = NULL;
    for (size_t f = 0; f < json_array_size(files); f++) {
        const json_t *e = json_array_get(files, f);
        const char *name = json_string_value(json_object_get(e, "name"));
        if (name != NULL && strcmp(name, LCA__RELEASE_JSON) == 0) {
            want = json_string_value(json_object_get(e, "sha256"));
        }
    }
    char hex[65];
    if (want == NULL) {
        bad(r, -1, "lists no SHA-256 of %s", LCA__RELEASE_JSON);
        return;
    }
    r->st = lca_file_sha256(r->ctx, json, hex);
    if (r->st == LCA_OK && strcmp(hex, want) != 0) {
        r->st = lca__fail(r->ctx, LCA_ERR_INVALID,
                          "%s: its SHA-256 is not "
                          "the one %s lists (the file was changed or "
                          "damaged)",
                          json, LCA__RELEASE_MANIFEST);
    }
}

lca_status lca_fdb_read(lca_ctx *ctx, const char *dir, lca_fdb **out) {
    reader r = {ctx, dir, NULL, LCA_OK};
    char *mpath = NULL, *jpath = NULL;
    json_t *doc = NULL;
    *out = NULL;
    json_t *manifest = load(&r, dir, LCA__RELEASE_MANIFEST, &mpath);
    if (r.st == LCA_OK) {
        jpath = lca__path_join(ctx, dir, LCA__RELEASE_JSON);
        if (jpath == NULL)
            r.st = lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    }
    if (r.st == LCA_OK) check_hash(&r, manifest, jpath);
    lca__free(ctx, jpath);
    jpath = NULL;
    if (r.st == LCA_OK) doc = load(&r, dir, LCA__RELEASE_JSON, &jpath);
    const json_t *recs = json_object_get(doc, "records");
    if (r.st == LCA_OK && !json_is_array(recs)) bad(&r, -1, "no records");
    if (r.st == LCA_OK) {
        r.st = lca_fdb_create_empty(
            ctx, (int64_t)json_array_size(recs),
            (int64_t)json_array_size(json_object_get(doc, "components")),
            &r.db);
    }
    if (r.st == LCA_OK) head(&r, doc);
    for (size_t i = 0; r.st == LCA_OK && i < json_array_size(recs); i++) {
        record(&r, (int64_t)i, json_array_get(recs, i));
    }
    if (r.st == LCA_OK) trace(&r, recs);
    r.path = mpath;
    if (r.st == LCA_OK) report(&r, manifest);
    if (r.st == LCA_OK) {
        *out = r.db;
        r.db = NULL;
    }
    lca_fdb_destroy(&r.db);
    json_decref(manifest);
    json_decref(doc);
    lca__free(ctx, mpath);
    lca__free(ctx, jpath);
    return r.st;
}
