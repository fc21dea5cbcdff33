// io/import/procdb/olca.c: the openLCA JSON-LD importer (olca-schema v1 zip archives)
// SPDX-License-Identifier: MIT
//
// An openLCA 1.x JSON-LD export is a zip with one JSON file per object,
// in a folder per type (possibly under one top folder):
//
//     unit_groups/<id>.json      units with factors to the reference unit
//     flow_properties/<id>.json  a quantity (Mass, Energy) -> unit group
//     categories/<id>.json       a category and its parent (optional)
//     flows/<id>.json            type, CAS, flow property factors
//     processes/<id>.json        the exchanges (io/import/procdb/olca_process.c)
//
// The folders are read in that order, each in name order, so every
// reference points to something already read, and the result does not
// depend on the order of entries in the archive. Each file is parsed
// whole with jansson (they are small) and dropped before the next.
// Everything else (actors, sources, locations, ...) is not needed for the
// matrices and is skipped. The model is made by io/import/procdb/procdb_build.c.
//
// Unit conversion: an exchange's amount a, given in unit u of flow
// property p, becomes a * f(u) / f(ref unit of u's group) * c(ref) / c(p)
// in the flow's reference unit, where f are unit factors and c the flow's
// flow property factors (openLCA: c(p) units of p per unit of the
// reference flow property).

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "engine/ctx_impl.h"
#include "io/import/procdb/olca_impl.h"
#include "io/util/budget_impl.h"
#include "lca/io_procdb.h"

lca_status lca__olca_fail(lca__olca *o, const char *fmt, ...) {
    char msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return lca__fail(o->ctx, LCA_ERR_INVALID, "%s: %s: %s",
                     lca__zip_path(o->zip), o->entry, msg);
}

lca_status lca__olca_str(lca__olca *o, const json_t *obj, const char *path,
                         const char *key, const char **s) {
    *s = json_string_value(json_object_get(obj, key));
    if (*s != NULL) return LCA_OK;
    return lca__olca_fail(o, "%s%s: missing or not a string", path, key);
}

lca_status lca__olca_num(lca__olca *o, const json_t *obj, const char *path,
                         const char *key, double *x) {
    const json_t *v = json_object_get(obj, key);
    *x = json_number_value(v);
    if (json_is_number(v) && isfinite(*x)) return LCA_OK;
    return lca__olca_fail(o, "%s%s: missing or not a finite number", path,
                          key);
}

lca_status lca__olca_ref(lca__olca *o, const json_t *obj, const char *path,
                         const char *key, const char **id) {
    *id = json_string_value(json_object_get(json_object_get(obj, key), "@id"));
    if (*id != NULL) return LCA_OK;
    return lca__olca_fail(o, "%s%s.@id: missing or not a string", path, key);
}

const char *lca__olca_opt_str(const json_t *obj, const char *key) {
    const char *s = json_string_value(json_object_get(obj, key));
    return s != NULL ? s : "";
}

const char *lca__olca_opt_ref(const json_t *obj, const char *key) {
    return json_string_value(json_object_get(json_object_get(obj, key), "@id"));
}

int lca__olca_true(const json_t *obj, const char *key) {
    return json_is_true(json_object_get(obj, key));
}

// ---- archive ---------------------------------------------------------------

// Is name FOLDER/<file>.json, directly or under one or more top folders?
static int in_folder(const char *name, const char *folder) {
    size_t len = strlen(name), flen = strlen(folder);
    const char *file = strrchr(name, '/');
    if (file == NULL || len < 5 || strcmp(name + len - 5, ".json") != 0) {
        return 0;
    }
    const char *dir = file - flen;
    return dir >= name && strncmp(dir, folder, flen) == 0 &&
           (dir == name || dir[-1] == '/');
}

// Parse entry i as a JSON object into *root.
static lca_status load(lca__olca *o, int64_t i, json_t **root) {
    char *buf = NULL;
    size_t size = 0;
    *root = NULL;
    lca_status st = lca__zip_read(o->zip, i, &buf, &size);
    if (st != LCA_OK) return st;
    json_error_t err;
    lca__budget b;
    lca__budget_begin(&b, lca_ctx_parse_budget(o->ctx));
    *root = json_loadb(buf, size, JSON_REJECT_DUPLICATES, &err);
    lca__budget_end(&b);
    lca__free(o->ctx, buf);
    if (*root == NULL && b.exceeded) {
        return lca__fail(o->ctx, LCA_ERR_INVALID, "%s: %s: out of memory "
                         "budget: its JSON tree needs more than %lld MiB "
                         "(a zip bomb, or an entry far larger than any real "
                         "one; lca_ctx_set_parse_budget)",
                         lca__zip_path(o->zip), o->entry,
                         (long long)(b.limit >> 20));
    }
    if (*root == NULL && json_error_code(&err) == json_error_out_of_memory) {
        return lca__fail(o->ctx, LCA_ERR_NOMEM, "%s: %s: out of memory",
                         lca__zip_path(o->zip), o->entry);
    }
    if (*root == NULL) {
        return lca__olca_fail(o, "malformed JSON at line %d, column %d: %s",
                              err.line, err.column, err.text);
    }
    if (json_is_object(*root)) return LCA_OK;
    return lca__olca_fail(o, "not a JSON object");
}

typedef lca_status (*handler)(lca__olca *o, const json_t *root);

// Call fn on every FOLDER/*.json entry.
static lca_status each(lca__olca *o, const char *folder, handler fn) {
    lca_status st = LCA_OK;
    for (int64_t i = 0; i < lca__zip_count(o->zip) && st == LCA_OK; i++) {
        if (!in_folder(lca__zip_name(o->zip, i), folder)) continue;
        o->entry = lca__zip_name(o->zip, i);
        json_t *root = NULL;
        st = load(o, i, &root);
        if (st == LCA_OK) st = fn(o, root);
        json_decref(root);
    }
    return st;
}

// There must be at least one FOLDER/*.json entry.
static lca_status require(lca__olca *o, const char *folder) {
    for (int64_t i = 0; i < lca__zip_count(o->zip); i++) {
        if (in_folder(lca__zip_name(o->zip, i), folder)) return LCA_OK;
    }
    return lca__fail(o->ctx, LCA_ERR_INVALID, "%s: no %s/*.json entries "
                     "(not an openLCA JSON-LD export?)",
                     lca__zip_path(o->zip), folder);
}

lca_status lca__olca_add_id(lca__olca *o, lca__strmap *map, const char *id,
                            int64_t index, const char *what,
                            const char **copy) {
    *copy = lca__strpool_add(o->pool, id);
    if (*copy == NULL) return LCA_ERR_NOMEM;
    int64_t old;
    lca_status st = lca__strmap_put(map, *copy, index, &old);
    if (st == LCA_OK && old >= 0) {
        return lca__olca_fail(o, "duplicate %s id %s", what, id);
    }
    return st;
}

// ---- the import ------------------------------------------------------------

static lca_status olca_create(lca_ctx *ctx, const char *zip_path,
                              lca__olca *o) {
    memset(o, 0, sizeof *o);
    o->ctx = ctx;
    o->entry = "";
    lca_status st = lca__zip_open(ctx, zip_path, &o->zip);
    if (st == LCA_OK) st = lca__procdb_create(ctx, zip_path, &o->db);
    if (st == LCA_OK) st = lca__strpool_create(ctx, &o->pool);
    if (st == LCA_OK) st = lca__strmap_create(ctx, &o->unit_ids);
    if (st == LCA_OK) st = lca__strmap_create(ctx, &o->group_ids);
    if (st == LCA_OK) st = lca__strmap_create(ctx, &o->prop_ids);
    if (st == LCA_OK) st = lca__strmap_create(ctx, &o->cat_ids);
    return st;
}

static void olca_destroy(lca__olca *o) {
    lca_ctx *ctx = o->ctx;
    lca__zip_close(&o->zip);
    lca__procdb_destroy(&o->db);
    lca__strpool_destroy(&o->pool);
    lca__strmap_destroy(&o->unit_ids);
    lca__strmap_destroy(&o->group_ids);
    lca__strmap_destroy(&o->prop_ids);
    lca__strmap_destroy(&o->cat_ids);
    lca__free(ctx, o->units);
    lca__free(ctx, o->group_ref);
    lca__free(ctx, o->props);
    lca__free(ctx, o->cats);
    lca__free(ctx, o->flows);
    lca__free(ctx, o->fp);
}

lca_status lca_import_olca(lca_ctx *ctx, const char *zip_path,
                           lca_model **M) {
    return lca_import_olca_alloc(ctx, zip_path, NULL, M);
}

lca_status lca_import_olca_alloc(lca_ctx *ctx, const char *zip_path,
                                 const lca_alloc_options *alloc,
                                 lca_model **M) {
    lca_procdb_options opt = {alloc, 0, NULL};
    return lca_import_olca_opts(ctx, zip_path, &opt, M);
}

lca_status lca_import_olca_opts(lca_ctx *ctx, const char *zip_path,
                                const lca_procdb_options *opt,
                                lca_model **M) {
    lca__olca o;
    *M = NULL;
    lca_status st = olca_create(ctx, zip_path, &o);
    if (st == LCA_OK) st = require(&o, "processes");
    if (st == LCA_OK) st = require(&o, "flows");
    if (st == LCA_OK) st = require(&o, "flow_properties");
    if (st == LCA_OK) st = require(&o, "unit_groups");
    if (st == LCA_OK) st = each(&o, "unit_groups", lca__olca_unit_group);
    if (st == LCA_OK) {
        st = each(&o, "flow_properties", lca__olca_flow_property);
    }
    if (st == LCA_OK) st = each(&o, "categories", lca__olca_category);
    if (st == LCA_OK) st = each(&o, "flows", lca__olca_flow);
    if (st == LCA_OK) st = each(&o, "processes", lca__olca_process);
    if (st == LCA_OK) st = lca__procdb_build(o.db, "olca", opt, M);
    olca_destroy(&o);
    return st;
}
