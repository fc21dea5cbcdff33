// io/import/bw_package.c: datapackage.json of a Brightway processed package
// SPDX-License-Identifier: MIT
//
// Two passes over "resources": the first collects the array resources of
// the three matrices into groups (bw_processing names a group's files
// GROUP.indices.npy, GROUP.data.npy ...; we go by the "group" and "kind"
// fields, not by the file names), the second the CSV metadata, whose
// valid_for names groups that may be listed after it.

#include <string.h>

#include "engine/ctx_impl.h"
#include "io/import/bw_impl.h"

static const char *const MATRIX[LCA__BW_NMAT] = {
    "technosphere_matrix", "biosphere_matrix", "characterization_matrix"};
static const char *const KIND[LCA__BW_NKINDS] = {"indices", "data", "flip",
                                                 "distributions"};

const char *lca__bw_matrix_str(int matrix) { return MATRIX[matrix]; }

static int find(const char *const *list, int n, const char *s) {
    for (int i = 0; s != NULL && i < n; i++) {
        if (strcmp(list[i], s) == 0) return i;
    }
    return -1;
}

static lca_status bad(lca__bw *bw, int64_t p, int64_t r, const char *what,
                      const char *value) {
    return lca__fail(bw->ctx, LCA_ERR_INVALID, "%s: datapackage.json: "
                     "resources[%lld]: %s%s%s%s",
                     lca__bw_src_path(bw->src[p]), (long long)r, what,
                     value != NULL ? " '" : "", value != NULL ? value : "",
                     value != NULL ? "'" : "");
}

static const char *str(const json_t *obj, const char *key) {
    return json_string_value(json_object_get(obj, key));
}

// The group (p, matrix, name), made when new; NULL when out of memory.
static lca__bw_group *group_of(lca__bw *bw, int64_t p, int matrix,
                               const char *name) {
    for (int64_t g = 0; g < bw->ngroups; g++) {
        lca__bw_group *G = &bw->groups[g];
        if (G->package == p && G->matrix == matrix &&
            strcmp(G->name, name) == 0)
            return G;
    }
    lca__bw_group *a = lca__grow(bw->ctx, bw->groups, &bw->groups_cap,
                                 bw->ngroups + 1, sizeof *a);
    if (a == NULL) return NULL;
    bw->groups = a;
    lca__bw_group *G = &a[bw->ngroups++];
    memset(G, 0, sizeof *G);
    G->package = p;
    G->matrix = matrix;
    G->name = name;
    return G;
}

static lca_status add_skip(lca__bw *bw, int64_t p, const char *group,
                           const char *matrix) {
    for (int64_t i = 0; i < bw->nskip; i++) {
        if (bw->skip[i].package == p && strcmp(bw->skip[i].name, group) == 0)
            return LCA_OK;
    }
    lca__bw_skip *a = lca__grow(bw->ctx, bw->skip, &bw->skip_cap,
                                bw->nskip + 1, sizeof *a);
    if (a == NULL) return LCA_ERR_NOMEM;
    bw->skip = a;
    a[bw->nskip++] = (lca__bw_skip){p, group, matrix};
    return LCA_OK;
}

// One array resource r of package p.
static lca_status add_array(lca__bw *bw, int64_t p, int64_t r,
                            const json_t *res, int sum_intra, int sum_inter) {
    const char *matrix = str(res, "matrix");
    const char *group = str(res, "group");
    if (matrix == NULL) return LCA_OK;  // not matrix data (metadata ...)
    int m = find(MATRIX, LCA__BW_NMAT, matrix);
    if (m < 0) return add_skip(bw, p, group != NULL ? group : matrix, matrix);
    const char *profile = str(res, "profile");
    if (profile != NULL && strcmp(profile, "interface") == 0)
        return bad(bw, p, r, "a dynamic interface cannot be read from a "
                   "file: group", group);
    const char *format = str(res, "format");
    if (format == NULL || strcmp(format, "npy") != 0)
        return bad(bw, p, r, "only npy arrays are read, not format",
                   format != NULL ? format : "(none)");
    const char *category = str(res, "category");
    if (category != NULL && strcmp(category, "vector") != 0)
        return bad(bw, p, r, "only vectors are read, not presample "
                   "arrays: category", category);
    int kind = find(KIND, LCA__BW_NKINDS, str(res, "kind"));
    if (kind < 0) return bad(bw, p, r, "unknown or missing kind", str(res, "kind"));
    const char *path = str(res, "path");
    if (group == NULL || path == NULL)
        return bad(bw, p, r, "missing group or path", NULL);
    lca__bw_group *G = group_of(bw, p, m, group);
    if (G == NULL) return lca__fail(bw->ctx, LCA_ERR_NOMEM, "out of memory");
    if (G->file[kind] != NULL) return bad(bw, p, r, "a second array of kind",
                                          KIND[kind]);
    G->file[kind] = path;
    G->sum_intra = sum_intra;
    G->sum_inter = sum_inter;
    return LCA_OK;
}

// valid_for [[group, "rows"|"cols"], ...] of a CSV resource r: one
// metadata entry per pair that names a group of our matrices.
static lca_status add_meta(lca__bw *bw, int64_t p, int64_t r,
                           const json_t *res) {
    const json_t *vf = json_object_get(res, "valid_for");
    const char *path = str(res, "path");
    if (!json_is_array(vf)) return LCA_OK;
    if (path == NULL) return bad(bw, p, r, "CSV metadata without a path", NULL);
    for (size_t i = 0; i < json_array_size(vf); i++) {
        const json_t *pair = json_array_get(vf, i);
        const char *group = json_string_value(json_array_get(pair, 0));
        const char *axis = json_string_value(json_array_get(pair, 1));
        if (group == NULL || axis == NULL ||
            (strcmp(axis, "rows") != 0 && strcmp(axis, "cols") != 0))
            return bad(bw, p, r, "valid_for needs [group, \"rows\" or "
                       "\"cols\"] pairs", NULL);
        int rows = strcmp(axis, "rows") == 0;
        for (int64_t g = 0; g < bw->ngroups; g++) {
            const lca__bw_group *G = &bw->groups[g];
            if (G->package != p || strcmp(G->name, group) != 0) continue;
            if (G->matrix == LCA__BW_CHAR && !rows) continue;  // no col ids
            lca__bw_meta *a = lca__grow(bw->ctx, bw->meta, &bw->meta_cap,
                                        bw->nmeta + 1, sizeof *a);
            if (a == NULL) return LCA_ERR_NOMEM;
            bw->meta = a;
            a[bw->nmeta++] = (lca__bw_meta){
                p, path, G->matrix != LCA__BW_TECH && rows};
            break;
        }
    }
    return LCA_OK;
}

// A package flag: def when absent.
static lca_status flag(lca__bw *bw, int64_t p, const char *key, int def,
                       int *out) {
    const json_t *v = json_object_get(bw->root[p], key);
    *out = def;
    if (v == NULL || json_is_null(v)) return LCA_OK;
    if (!json_is_boolean(v)) {
        return lca__fail(bw->ctx, LCA_ERR_INVALID, "%s: datapackage.json: %s "
                         "is not true or false", lca__bw_src_path(bw->src[p]),
                         key);
    }
    *out = json_is_true(v);
    return LCA_OK;
}

static lca_status load(lca__bw *bw, int64_t p) {
    char *buf = NULL;
    size_t size = 0;
    lca_status st = lca__bw_src_read(bw->src[p], "datapackage.json", &buf,
                                     &size);
    if (st != LCA_OK) return st;
    json_error_t err;
    bw->root[p] = json_loadb(buf, size, JSON_REJECT_DUPLICATES, &err);
    lca__free(bw->ctx, buf);
    if (bw->root[p] == NULL) {
        return lca__fail(bw->ctx, LCA_ERR_INVALID, "%s: datapackage.json: "
                         "line %d: %s", lca__bw_src_path(bw->src[p]),
                         err.line, err.text);
    }
    if (!json_is_array(json_object_get(bw->root[p], "resources"))) {
        return lca__fail(bw->ctx, LCA_ERR_INVALID, "%s: datapackage.json: "
                         "no resources list", lca__bw_src_path(bw->src[p]));
    }
    return LCA_OK;
}

lca_status lca__bw_package_read(lca__bw *bw, int64_t p) {
    int intra = 1, inter = 0;
    int64_t g0 = bw->ngroups;
    lca_status st = load(bw, p);
    if (st == LCA_OK) st = flag(bw, p, "sum_intra_duplicates", 1, &intra);
    if (st == LCA_OK) st = flag(bw, p, "sum_inter_duplicates", 0, &inter);
    const json_t *res = json_object_get(bw->root[p], "resources");
    size_t n = json_array_size(res);
    for (size_t r = 0; r < n && st == LCA_OK; r++) {
        const json_t *obj = json_array_get(res, r);
        if (!json_is_object(obj)) st = bad(bw, p, (int64_t)r, "not an object", NULL);
        if (st == LCA_OK) st = add_array(bw, p, (int64_t)r, obj, intra, inter);
    }
    for (size_t r = 0; r < n && st == LCA_OK; r++) {
        const json_t *obj = json_array_get(res, r);
        const char *mt = str(obj, "mediatype");
        if (mt != NULL && strcmp(mt, "text/csv") == 0)
            st = add_meta(bw, p, (int64_t)r, obj);
    }
    for (int64_t g = g0; g < bw->ngroups && st == LCA_OK; g++) {
        const lca__bw_group *G = &bw->groups[g];
        if (G->file[LCA__BW_INDICES] == NULL || G->file[LCA__BW_DATA] == NULL) {
            st = lca__fail(bw->ctx, LCA_ERR_INVALID, "%s: datapackage.json: "
                           "group '%s' of %s has no %s array",
                           lca__bw_src_path(bw->src[p]), G->name,
                           MATRIX[G->matrix],
                           G->file[LCA__BW_INDICES] == NULL ? "indices"
                                                            : "data");
        }
    }
    return st;
}
