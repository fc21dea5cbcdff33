// io/grading/grading_read.c: grading scheme files into lca_grading
// SPDX-License-Identifier: MIT
//
// The reader checks shapes (types, required and unknown fields), as the
// JSON schema does; lca_grading_create checks the values and names fields
// by the same JSON pointers. The typed access is the one of every JSON
// reader (io/util/json_read_impl.h): one way to say "file: /pointer:
// what".

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "engine/ctx_impl.h"
#include "io/util/json_read_impl.h"
#include "lca/io.h"
#include "lca/io_grading.h"

#define MAX_SCHEME_BYTES (1u << 20)

// "classes": [{"class", "from", "to", "text"}, ...]; an absent end is open.
static lca_status classes(lca__rj_reader *r, const json_t *root,
                          lca_grading_spec *s) {
    static const char *const keys[] = {"class", "from", "to", "text", NULL};
    int dist = s->kind == LCA_GRADING_DISTRIBUTION;
    json_t *a = NULL;
    lca_status st = lca__rj_field(r, root, "", "classes", JSON_ARRAY, 1, &a);
    if (st != LCA_OK) return st;
    size_t n = json_array_size(a);
    lca_grading_band *b = lca__rj_scratch(r, n, sizeof *b);
    if (b == NULL) return lca__fail(r->ctx, LCA_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < n && st == LCA_OK; i++) {
        char ptr[48];
        const json_t *o = json_array_get(a, i);
        lca__rj_item("/classes", i, ptr, sizeof ptr);
        st = lca__rj_object(r, o, ptr, keys);
        if (st == LCA_OK) st = lca__rj_str(r, o, ptr, "class", 1, &b[i].name);
        if (st == LCA_OK) st = lca__rj_str(r, o, ptr, "text", 0, &b[i].text);
        if (st == LCA_OK) {
            st = lca__rj_num(r, o, ptr, "from", 0, dist ? 0.0 : -INFINITY,
                             &b[i].from);
        }
        if (st == LCA_OK) {
            st = lca__rj_num(r, o, ptr, "to", 0, dist ? 100.0 : INFINITY,
                             &b[i].to);
        }
    }
    s->bands = b;
    s->nbands = (int64_t)n;
    return st;
}

// "line": {"parameter", "parameter_unit", "points": [{"at", "value"}]}.
static lca_status line(lca__rj_reader *r, const json_t *root,
                       lca_grading_spec *s) {
    static const char *const keys[] = {"parameter", "parameter_unit",
                                       "points", NULL};
    static const char *const pkeys[] = {"at", "value", NULL};
    json_t *o = NULL, *a = NULL;
    lca_status st = lca__rj_field(r, root, "", "line", JSON_OBJECT,
                                  s->kind == LCA_GRADING_SLIDING, &o);
    if (st != LCA_OK || o == NULL) return st;
    st = lca__rj_known(r, o, "/line", keys);
    if (st == LCA_OK) st = lca__rj_str(r, o, "/line", "parameter", 1,
                                       &s->parameter);
    if (st == LCA_OK) st = lca__rj_str(r, o, "/line", "parameter_unit", 0,
                                       &s->parameter_unit);
    if (st == LCA_OK) st = lca__rj_field(r, o, "/line", "points", JSON_ARRAY,
                                         1, &a);
    if (st != LCA_OK) return st;
    size_t n = json_array_size(a);
    lca_grading_point *p = lca__rj_scratch(r, n, sizeof *p);
    if (p == NULL) return lca__fail(r->ctx, LCA_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < n && st == LCA_OK; i++) {
        char ptr[48];
        const json_t *x = json_array_get(a, i);
        lca__rj_item("/line/points", i, ptr, sizeof ptr);
        st = lca__rj_object(r, x, ptr, pkeys);
        if (st == LCA_OK) st = lca__rj_num(r, x, ptr, "at", 1, 0, &p[i].at);
        if (st == LCA_OK) {
            st = lca__rj_num(r, x, ptr, "value", 1, 0, &p[i].value);
        }
    }
    s->points = p;
    s->npoints = (int64_t)n;
    return st;
}

// "population": {"weight", "min"}.
static lca_status population(lca__rj_reader *r, const json_t *root,
                             lca_grading_spec *s) {
    static const char *const keys[] = {"weight", "min", NULL};
    json_t *o = NULL;
    double min = 1;
    lca_status st =
        lca__rj_field(r, root, "", "population", JSON_OBJECT, 0, &o);
    if (st == LCA_OK && o != NULL && s->kind != LCA_GRADING_DISTRIBUTION) {
        st = lca__rj_bad(r, "/population", "only a distribution scheme has "
                         "a population");
    }
    if (st == LCA_OK && o != NULL) st = lca__rj_known(r, o, "/population",
                                                      keys);
    if (st == LCA_OK) st = lca__rj_str(r, o, "/population", "weight", 0,
                                       &s->weight);
    if (st == LCA_OK) st = lca__rj_num(r, o, "/population", "min", 0, 1,
                                       &min);
    if (st == LCA_OK && (min != floor(min) || !(min >= 0 && min < 1e15))) {
        st = lca__rj_bad(r, "/population/min", "expected a count, got %g",
                         min);
    }
    s->min_population = (int64_t)min;
    return st;
}

static lca_status head(lca__rj_reader *r, const json_t *root,
                       lca_grading_spec *s) {
    static const char *const keys[] = {
        "$schema", "format",  "version",    "id",    "name",
        "references", "unit", "kind",       "line",  "population",
        "classes", "validity_years", "notes", NULL};
    const char *format = NULL, *kind = NULL, *notes = NULL;
    json_t *v = NULL, *refs = NULL;
    lca_status st = lca__rj_known(r, root, "", keys);
    if (st == LCA_OK) st = lca__rj_str(r, root, "", "format", 1, &format);
    if (st == LCA_OK && strcmp(format, LCA_GRADING_FORMAT) != 0) {
        st = lca__rj_bad(r, "/format", "'%s' is not %s", format,
                         LCA_GRADING_FORMAT);
    }
    if (st == LCA_OK) st = lca__rj_field(r, root, "", "version", JSON_REAL,
                                         1, &v);
    if (st == LCA_OK && !json_is_integer(v)) {
        st = lca__rj_bad(r, "/version", "expected an integer");
    }
    if (st == LCA_OK) s->version = (int)json_integer_value(v);
    if (st == LCA_OK) st = lca__rj_str(r, root, "", "id", 1, &s->id);
    if (st == LCA_OK) st = lca__rj_str(r, root, "", "name", 1, &s->name);
    if (st == LCA_OK) st = lca__rj_str(r, root, "", "unit", 1, &s->unit);
    if (st == LCA_OK) st = lca__rj_str(r, root, "", "notes", 0, &notes);
    if (st == LCA_OK) st = lca__rj_field(r, root, "", "references",
                                         JSON_ARRAY, 0, &refs);
    if (st == LCA_OK && refs != NULL) {
        st = lca__rj_strings(r, refs, "/references", &s->references,
                             &s->nreferences);
    }
    if (st == LCA_OK) st = lca__rj_num(r, root, "", "validity_years", 0, 3,
                                       &s->validity_years);
    if (st == LCA_OK) st = lca__rj_str(r, root, "", "kind", 1, &kind);
    if (st == LCA_OK && lca_grading_kind_parse(r->ctx, kind, &s->kind) !=
                            LCA_OK) {
        st = lca__rj_bad(r, "/kind", "'%s' is not absolute, sliding or "
                         "distribution", kind);
    }
    return st;
}

static lca_status from_json(lca_ctx *ctx, const char *path,
                            const json_t *root, lca_grading **g) {
    lca__rj_reader r = {ctx, path, NULL, 0, 0,
                        "docs/FORMAT.md, \"Grading scheme\","};
    lca_grading_spec s;
    memset(&s, 0, sizeof s);
    s.source = path;
    s.parameter = s.parameter_unit = s.weight = "";
    lca_status st = lca__rj_object(&r, root, "", NULL);
    if (st == LCA_OK) st = head(&r, root, &s);
    if (st == LCA_OK) st = line(&r, root, &s);
    if (st == LCA_OK) st = population(&r, root, &s);
    if (st == LCA_OK) st = classes(&r, root, &s);
    if (st == LCA_OK) st = lca_grading_create(ctx, &s, g);
    lca__rj_free(&r);
    return st;
}

lca_status lca_grading_read(lca_ctx *ctx, const char *path, lca_grading **g) {
    json_t *root = NULL;
    *g = NULL;
    lca_status st = lca__json_load(ctx, path, "grading scheme",
                                   MAX_SCHEME_BYTES, &root);
    if (st != LCA_OK) return st;
    st = from_json(ctx, path, root, g);
    json_decref(root);
    return st;
}

// [A-Za-z0-9][A-Za-z0-9._-]{0,63}: also a safe file name.
static int good_id(const char *s) {
    size_t n = strlen(s);
    if (n == 0 || n > 64 || s[0] == '.' || s[0] == '-' || s[0] == '_') {
        return 0;
    }
    return strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                     "0123456789._-") == n;
}

lca_status lca_grading_find(lca_ctx *ctx, const char *dir, const char *id,
                            lca_grading **g) {
    *g = NULL;
    if (!good_id(id)) {
        return lca__fail(ctx, LCA_ERR_ARG, "'%s' is not a grading scheme id",
                         id);
    }
    char path[4200];
    if ((size_t)snprintf(path, sizeof path, "%s/%s.json", dir, id) >=
        sizeof path) {
        return lca__fail(ctx, LCA_ERR_ARG, "%s: the folder's name is too "
                         "long", dir);
    }
    struct stat sb;
    if (stat(path, &sb) != 0) {
        return lca__fail(ctx, LCA_ERR_NOTFOUND, "no grading scheme '%s' in "
                         "%s (looked for %s)", id, dir, path);
    }
    lca_status st = lca_grading_read(ctx, path, g);
    if (st == LCA_OK && strcmp(lca_grading_id(*g), id) != 0) {
        st = lca__fail(ctx, LCA_ERR_INVALID, "%s: /id: '%s', but the file "
                       "is named for '%s'", path, lca_grading_id(*g), id);
        lca_grading_destroy(g);
    }
    return st;
}

lca_status lca_grading_open(lca_ctx *ctx, const char *file_or_id,
                            lca_grading **g) {
    *g = NULL;
    struct stat sb;
    if (strchr(file_or_id, '/') != NULL || stat(file_or_id, &sb) == 0) {
        return lca_grading_read(ctx, file_or_id, g);
    }
    char datadir[4096], dir[4200];
    lca_status st = lca_data_dir(ctx, datadir, sizeof datadir);
    if (st != LCA_OK) return st;
    snprintf(dir, sizeof dir, "%s/grading", datadir);
    return lca_grading_find(ctx, dir, file_or_id, g);
}
