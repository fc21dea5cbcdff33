// io/import/useeio.c: the USEEIO importer (a model folder of USEEIO API JSON)
// SPDX-License-Identifier: MIT
//
// A USEEIO folder holds
//
//     sectors.json     [{"id", "index", "name", ...}]          products, n
//     flows.json       [{"id", "index", "flowable", "context",
//                        "unit", ...}]                          flows, m
//     indicators.json  [{"id", "index", "code", "name",
//                        "unit", ...}]                          indicators, k
//     matrix/A.json    n x n, matrix/B.json m x n, matrix/C.json k x m,
//                      each a dense array of rows
//     demands.json     [{"id", ...}], and demands/<id>.json
//                      [{"sector": <sector id>, "amount": <USD>}]
//
// and becomes an io_coefficients model (x = (I - A)^-1 y). Products take
// the sector's id, name and unit "USD"; flows the id, "flowable" as name,
// "context" as compartment and the unit; indicators the short "code"
// (e.g. GHG) as id, the name and the unit. Every "index" must equal the
// record's position, since it is what orders the matrix rows.
//
// Each file is parsed whole with jansson (the largest, B.json, is a few
// MB) and dropped before the next is read. A dense matrix goes to CSC in
// two passes over the rows (count per column, then place), which gives
// sorted columns without sorting; exact zeros are dropped, since zero in
// a dense export means "no exchange". Numbers go through jansson's strtod,
// so every value is the double nearest its decimal text, bit for bit.
//
// jansson allocates with malloc: its memory is not counted by the ctx
// allocator (routing it would need jansson's global json_set_alloc_funcs).

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "io/util/csv_impl.h"
#include "engine/ctx_impl.h"
#include "io/util/budget_impl.h"
#include "lca/io.h"

#define PATH_LEN 4096

// snprintf into path (PATH_LEN bytes). Errors: LCA_ERR_ARG (too long).
static lca_status make_path(lca_ctx *ctx, char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static lca_status make_path(lca_ctx *ctx, char *path, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(path, PATH_LEN, fmt, ap);
    va_end(ap);
    if (len < 0 || len >= PATH_LEN) {
        return lca__fail(ctx, LCA_ERR_ARG, "%.200s...: path too long", path);
    }
    return LCA_OK;
}

// Parse the JSON file at path into *root (the caller's to json_decref).
static lca_status load_json(lca_ctx *ctx, const char *path, json_t **root) {
    *root = NULL;
    FILE *fp = fopen(path, "rb");
    if (fp == NULL) {
        return lca__fail(ctx, LCA_ERR_IO, "%s: cannot open: %s", path,
                         strerror(errno));
    }
    json_error_t err;
    lca__budget b;
    lca__budget_begin(&b, lca_ctx_parse_budget(ctx));
    *root = json_loadf(fp, JSON_REJECT_DUPLICATES, &err);
    lca__budget_end(&b);
    int read_failed = ferror(fp);
    fclose(fp);
    if (*root != NULL) return LCA_OK;
    if (read_failed) {
        return lca__fail(ctx, LCA_ERR_IO, "%s: read error", path);
    }
    if (b.exceeded) {
        return lca__fail(ctx, LCA_ERR_INVALID, "%s: out of memory budget: "
                         "its JSON tree needs more than %lld MiB "
                         "(lca_ctx_set_parse_budget)", path,
                         (long long)(b.limit >> 20));
    }
    if (json_error_code(&err) == json_error_out_of_memory) {
        return lca__fail(ctx, LCA_ERR_NOMEM, "%s: out of memory parsing JSON",
                         path);
    }
    return lca__fail(ctx, LCA_ERR_INVALID, "%s: line %d, column %d: %s", path,
                     err.line, err.column, err.text);
}

// ---- label files -----------------------------------------------------------

// Where the labels of one axis come from.
typedef struct axis_spec {
    lca_axis axis;
    const char *file;              // e.g. "sectors.json"
    const char *what;              // e.g. "sector"
    const char *key[LCA_NLABELS];  // JSON key of each label kind, or NULL
    const char *unit;              // the unit of every entry, or NULL
} axis_spec;

static const axis_spec sectors = {
    LCA_PRODUCTS, "sectors.json", "sector", {"id", "name", NULL, NULL}, "USD"};
static const axis_spec flows = {
    LCA_FLOWS, "flows.json", "flow", {"id", "flowable", "unit", "context"},
    NULL};
static const axis_spec indicators = {LCA_INDICATORS,
                                     "indicators.json",
                                     "indicator",
                                     {"code", "name", "unit", NULL},
                                     NULL};

// The labels of one axis, borrowed from the parsed file (root).
typedef struct axis_labels {
    char path[PATH_LEN];
    json_t *root;
    int64_t count;
    const char **v[LCA_NLABELS];
} axis_labels;

static lca_status read_record(lca_ctx *ctx, const axis_spec *spec,
                              axis_labels *L, int64_t i) {
    json_t *rec = json_array_get(L->root, (size_t)i);
    json_t *index = json_object_get(rec, "index");
    if (!json_is_object(rec) || !json_is_integer(index) ||
        json_integer_value(index) != i) {
        return lca__fail(ctx, LCA_ERR_INVALID,
                         "%s: record %lld: not an object whose \"index\" is "
                         "%lld (the records must be in index order)",
                         L->path, (long long)i, (long long)i);
    }
    for (int l = 0; l < LCA_NLABELS; l++) {
        if (spec->key[l] == NULL) {
            if (L->v[l] != NULL) L->v[l][i] = spec->unit;
            continue;
        }
        const char *s = json_string_value(json_object_get(rec, spec->key[l]));
        if (s == NULL) {
            return lca__fail(ctx, LCA_ERR_INVALID,
                             "%s: record %lld: \"%s\" is missing or not a "
                             "string",
                             L->path, (long long)i, spec->key[l]);
        }
        L->v[l][i] = s;
    }
    return LCA_OK;
}

static lca_status read_axis(lca_ctx *ctx, const char *dir,
                            const axis_spec *spec, axis_labels *L) {
    lca_status st = make_path(ctx, L->path, "%s/%s", dir, spec->file);
    if (st == LCA_OK) st = load_json(ctx, L->path, &L->root);
    if (st != LCA_OK) return st;
    if (!json_is_array(L->root)) {
        return lca__fail(ctx, LCA_ERR_INVALID, "%s: not an array of %ss",
                         L->path, spec->what);
    }
    L->count = (int64_t)json_array_size(L->root);
    for (int l = 0; l < LCA_NLABELS; l++) {
        if (spec->key[l] == NULL && !(l == LCA_LABEL_UNIT && spec->unit)) {
            continue;
        }
        L->v[l] = lca__malloc(ctx, (size_t)L->count, sizeof *L->v[l]);
        if (L->v[l] == NULL) {
            return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
        }
    }
    for (int64_t i = 0; i < L->count && st == LCA_OK; i++) {
        st = read_record(ctx, spec, L, i);
    }
    return st;
}

static lca_status set_axis(lca_model *M, const axis_spec *spec,
                           const axis_labels *L) {
    lca_status st = LCA_OK;
    for (int l = 0; l < LCA_NLABELS && st == LCA_OK; l++) {
        if (L->v[l] == NULL) continue;
        st = lca_model_set_labels(M, spec->axis, (lca_label)l, L->v[l]);
    }
    return st;
}

static void axis_free(lca_ctx *ctx, axis_labels *L) {
    for (int l = 0; l < LCA_NLABELS; l++) lca__free(ctx, L->v[l]);
    json_decref(L->root);
}

// ---- matrices --------------------------------------------------------------

// Every row of X is an array of n finite numbers; count the nonzeros of
// each column into Ap[j + 1].
static lca_status count_dense(lca_ctx *ctx, const char *path, const json_t *X,
                              int64_t m, int64_t n, int64_t *Ap) {
    for (int64_t i = 0; i < m; i++) {
        json_t *row = json_array_get(X, (size_t)i);
        if (!json_is_array(row) || (int64_t)json_array_size(row) != n) {
            return lca__fail(ctx, LCA_ERR_INVALID,
                             "%s: row %lld is not an array of %lld values "
                             "(the length of row 0)",
                             path, (long long)i, (long long)n);
        }
        for (int64_t j = 0; j < n; j++) {
            json_t *v = json_array_get(row, (size_t)j);
            if (!json_is_number(v) || !isfinite(json_number_value(v))) {
                return lca__fail(ctx, LCA_ERR_INVALID,
                                 "%s: row %lld, column %lld: not a finite "
                                 "number",
                                 path, (long long)i, (long long)j);
            }
            Ap[j + 1] += json_number_value(v) != 0.0;
        }
    }
    for (int64_t j = 0; j < n; j++) Ap[j + 1] += Ap[j];
    return LCA_OK;
}

// The nonzeros of X, row by row, into their columns: rows come out sorted.
static void place_dense(const json_t *X, int64_t m, int64_t n, int64_t *next,
                        int64_t *Ai, double *Ax) {
    for (int64_t i = 0; i < m; i++) {
        json_t *row = json_array_get(X, (size_t)i);
        for (int64_t j = 0; j < n; j++) {
            double x = json_number_value(json_array_get(row, (size_t)j));
            if (x == 0.0) continue;
            Ai[next[j]] = i;
            Ax[next[j]++] = x;
        }
    }
}

// Read DIR/matrix/NAME as a dense array of rows into a CSC matrix *A.
static lca_status read_dense(lca_ctx *ctx, const char *dir, const char *name,
                             char *path, lca_csc **A) {
    json_t *X = NULL;
    int64_t *Ap = NULL, *next = NULL, *Ai = NULL;
    double *Ax = NULL;
    *A = NULL;
    lca_status st = make_path(ctx, path, "%s/matrix/%s", dir, name);
    if (st == LCA_OK) st = load_json(ctx, path, &X);
    if (st != LCA_OK) goto done;
    json_t *row0 = json_array_get(X, 0);
    if (!json_is_array(X) || (json_array_size(X) > 0 && !json_is_array(row0))) {
        st = lca__fail(ctx, LCA_ERR_INVALID, "%s: not an array of rows", path);
        goto done;
    }
    int64_t m = (int64_t)json_array_size(X);
    int64_t n = m > 0 ? (int64_t)json_array_size(row0) : 0;
    Ap = lca__calloc(ctx, (size_t)n + 1, sizeof *Ap);
    next = lca__malloc(ctx, (size_t)n + 1, sizeof *next);
    if (Ap == NULL || next == NULL) goto nomem;
    st = count_dense(ctx, path, X, m, n, Ap);
    if (st != LCA_OK) goto done;
    Ai = lca__malloc(ctx, (size_t)Ap[n], sizeof *Ai);
    Ax = lca__malloc(ctx, (size_t)Ap[n], sizeof *Ax);
    if (Ai == NULL || Ax == NULL) goto nomem;
    memcpy(next, Ap, (size_t)(n + 1) * sizeof *next);
    place_dense(X, m, n, next, Ai, Ax);
    st = lca_csc_from_arrays(ctx, m, n, Ap, Ai, Ax, A);
    goto done;
nomem:
    st = lca__fail(ctx, LCA_ERR_NOMEM, "%s: out of memory", path);
done:
    json_decref(X);
    lca__free(ctx, Ap);
    lca__free(ctx, next);
    lca__free(ctx, Ai);
    lca__free(ctx, Ax);
    return st;
}

// X (read from xpath) must be rows x cols, as the label files say.
static lca_status check_shape(lca_ctx *ctx, const lca_csc *X,
                              const char *xpath, const axis_labels *R,
                              const char *rwhat, const axis_labels *C,
                              const char *cwhat) {
    long long m = (long long)lca_csc_nrows(X), n = (long long)lca_csc_ncols(X);
    if (m == R->count && n == C->count) return LCA_OK;
    if (R == C) {
        return lca__fail(ctx, LCA_ERR_DIM,
                         "%s is %lld x %lld, but %s has %lld %ss", xpath, m,
                         n, R->path, (long long)R->count, rwhat);
    }
    return lca__fail(ctx, LCA_ERR_DIM,
                     "%s is %lld x %lld, but %s has %lld %ss and %s has "
                     "%lld %ss",
                     xpath, m, n, R->path, (long long)R->count, rwhat,
                     C->path, (long long)C->count, cwhat);
}

// ---- demands ---------------------------------------------------------------

// The amounts of one demand file into idx/val (count entries each).
static lca_status read_amounts(lca_ctx *ctx, const char *path,
                               const json_t *list,
                               const lca__csv_index *ix, int64_t *seen,
                               int64_t *idx, double *val) {
    for (int64_t r = 0; r < (int64_t)json_array_size(list); r++) {
        json_t *rec = json_array_get(list, (size_t)r);
        const char *id = json_string_value(json_object_get(rec, "sector"));
        json_t *amount = json_object_get(rec, "amount");
        if (id == NULL || !json_is_number(amount)) {
            return lca__fail(ctx, LCA_ERR_INVALID,
                             "%s: record %lld: needs a string \"sector\" and "
                             "a number \"amount\"",
                             path, (long long)r);
        }
        idx[r] = lca__csv_index_find(ix, id);
        if (idx[r] < 0) {
            return lca__fail(ctx, LCA_ERR_INVALID,
                             "%s: record %lld: no sector has the id '%s'",
                             path, (long long)r, id);
        }
        if (seen[idx[r]] > 0) {
            return lca__fail(ctx, LCA_ERR_INVALID,
                             "%s: records %lld and %lld both give sector "
                             "'%s'",
                             path, (long long)seen[idx[r]] - 1, (long long)r,
                             id);
        }
        seen[idx[r]] = r + 1;
        val[r] = json_number_value(amount);
    }
    return LCA_OK;
}

// A demand id becomes a file name: it must not leave the folder.
static int safe_name(const char *id) {
    return id[0] != '\0' && strchr(id, '/') == NULL &&
           strchr(id, '\\') == NULL && strcmp(id, ".") != 0 &&
           strcmp(id, "..") != 0;
}

static lca_status read_demand(lca_model *M, const char *dir, const char *id,
                              const lca__csv_index *ix) {
    lca_ctx *ctx = lca_model_ctx(M);
    char path[PATH_LEN];
    json_t *list = NULL;
    int64_t *idx = NULL, *seen = NULL;
    double *val = NULL;
    lca_status st = make_path(ctx, path, "%s/demands/%s.json", dir, id);
    if (st == LCA_OK) st = load_json(ctx, path, &list);
    if (st != LCA_OK) goto done;
    if (!json_is_array(list)) {
        st = lca__fail(ctx, LCA_ERR_INVALID, "%s: not an array", path);
        goto done;
    }
    size_t count = json_array_size(list);
    idx = lca__malloc(ctx, count, sizeof *idx);
    val = lca__malloc(ctx, count, sizeof *val);
    seen = lca__calloc(ctx, (size_t)lca_model_dim(M, LCA_PRODUCTS),
                       sizeof *seen);
    if (idx == NULL || val == NULL || seen == NULL) {
        st = lca__fail(ctx, LCA_ERR_NOMEM, "%s: out of memory", path);
        goto done;
    }
    st = read_amounts(ctx, path, list, ix, seen, idx, val);
    if (st == LCA_OK) {
        st = lca_model_add_demand(M, id, (int64_t)count, idx, val);
    }
done:
    json_decref(list);
    lca__free(ctx, idx);
    lca__free(ctx, val);
    lca__free(ctx, seen);
    return st;
}

// Is demand record rec domestic? "system": "Domestic" (USEEIO v2), or an
// id ending in "_Domestic".
static int is_domestic(const json_t *rec, const char *id) {
    const char *sys = json_string_value(json_object_get(rec, "system"));
    size_t n = strlen(id), k = strlen("_Domestic");
    return (sys != NULL && strcmp(sys, "Domestic") == 0) ||
           (n > k && strcmp(id + n - k, "_Domestic") == 0);
}

// A demand of the other system: left out, and said so.
static lca_status leave_out(lca_model *M, const char *id, int domestic,
                            lca_useeio_system sys) {
    char detail[512];
    snprintf(detail, sizeof detail, "a %s demand needs %s; this model uses "
             "%s (import %s for it)", domestic ? "domestic" : "complete",
             domestic ? "the domestic requirements A_d (matrix/A_d.json)"
                      : "the complete requirements A (matrix/A.json)",
             sys == LCA_USEEIO_DOMESTIC ? "A_d" : "A",
             domestic ? "with --domestic, lca_import_useeio_system "
                        "LCA_USEEIO_DOMESTIC"
                      : "without --domestic");
    return lca_model_add_report(M, domestic ? "domestic demand left out"
                                            : "complete demand left out",
                                id, id, detail);
}

static lca_status read_demands(lca_model *M, const char *dir,
                               lca_useeio_system sys) {
    lca_ctx *ctx = lca_model_ctx(M);
    char path[PATH_LEN];
    json_t *list = NULL;
    lca__csv_index *ix = NULL;
    lca_status st = make_path(ctx, path, "%s/demands.json", dir);
    if (st == LCA_OK) st = load_json(ctx, path, &list);
    if (st == LCA_OK && !json_is_array(list)) {
        st = lca__fail(ctx, LCA_ERR_INVALID, "%s: not an array", path);
    }
    if (st == LCA_OK) st = lca__csv_index_ids(M, LCA_PRODUCTS, &ix);
    for (size_t d = 0; st == LCA_OK && d < json_array_size(list); d++) {
        const char *id =
            json_string_value(json_object_get(json_array_get(list, d), "id"));
        if (id == NULL || !safe_name(id)) {
            st = lca__fail(ctx, LCA_ERR_INVALID,
                           "%s: record %zu: \"id\" is missing or cannot name "
                           "a file in demands/",
                           path, d);
            break;
        }
        int dom = is_domestic(json_array_get(list, d), id);
        if (dom != (sys == LCA_USEEIO_DOMESTIC)) {
            st = leave_out(M, id, dom, sys);
            continue;
        }
        st = read_demand(M, dir, id, ix);
        if (st == LCA_ERR_ARG) {  // a repeated demand id
            st = lca__wrap(ctx, LCA_ERR_INVALID, "%s: record %zu", path, d);
        }
    }
    lca__csv_index_destroy(&ix);
    json_decref(list);
    return st;
}

// ---- the model -------------------------------------------------------------

static lca_status set_attrs(lca_model *M, const char *dir,
                            lca_useeio_system sys) {
    static const char *const attrs[][2] = {
        {"importer", "useeio"},
        {"source", "USEEIO (US EPA), USEEIO API JSON export"},
        {"license", "US Government work (US EPA): public domain in the US"},
        {"citation",
         "Yang Y, Ingwersen WW, Hawkins TR, Srocka M, Meyer DE (2017) "
         "USEEIO: a new and transparent United States environmentally-"
         "extended input-output model. J Clean Prod 158:308-318. "
         "doi:10.1016/j.jclepro.2017.04.150"},
    };
    lca_status st = lca_model_set_attr(M, "source_dir", dir);
    // Which requirements matrix A is, and so which demands the model has.
    if (st == LCA_OK) {
        st = lca_model_set_attr(M, "useeio_system",
                                sys == LCA_USEEIO_DOMESTIC ? "domestic"
                                                           : "complete");
    }
    for (size_t a = 0; a < sizeof attrs / sizeof attrs[0]; a++) {
        if (st == LCA_OK) st = lca_model_set_attr(M, attrs[a][0], attrs[a][1]);
    }
    return st;
}

// Build the model from the labels and matrices, then the demands.
static lca_status assemble(lca_ctx *ctx, const char *dir,
                           lca_useeio_system sys, const axis_labels L[3],
                           const lca_csc *A, const lca_csc *B,
                           const lca_csc *C, lca_model **M) {
    lca_status st = lca_model_create(ctx, LCA_IO_COEFFICIENTS, A, B, C, M);
    if (st == LCA_OK) st = set_axis(*M, &sectors, &L[0]);
    if (st == LCA_OK) st = set_axis(*M, &flows, &L[1]);
    if (st == LCA_OK) st = set_axis(*M, &indicators, &L[2]);
    if (st == LCA_OK) st = read_demands(*M, dir, sys);
    if (st == LCA_OK) st = set_attrs(*M, dir, sys);
    if (st == LCA_OK) st = lca_model_check(*M);
    return st;
}

lca_status lca_import_useeio(lca_ctx *ctx, const char *dir, lca_model **M) {
    return lca_import_useeio_system(ctx, dir, LCA_USEEIO_COMPLETE, M);
}

lca_status lca_import_useeio_system(lca_ctx *ctx, const char *dir,
                                    lca_useeio_system sys, lca_model **M) {
    axis_labels L[3];
    lca_csc *A = NULL, *B = NULL, *C = NULL;
    lca_model *T = NULL;
    char pa[PATH_LEN], pb[PATH_LEN], pc[PATH_LEN];
    *M = NULL;
    memset(L, 0, sizeof L);
    lca_status st = read_axis(ctx, dir, &sectors, &L[0]);
    if (st == LCA_OK) st = read_axis(ctx, dir, &flows, &L[1]);
    if (st == LCA_OK) st = read_axis(ctx, dir, &indicators, &L[2]);
    const char *aname = sys == LCA_USEEIO_DOMESTIC ? "A_d.json" : "A.json";
    if (st == LCA_OK) st = read_dense(ctx, dir, aname, pa, &A);
    if (st == LCA_OK) {
        st = check_shape(ctx, A, pa, &L[0], "sector", &L[0], "sector");
    }
    if (st == LCA_OK) st = read_dense(ctx, dir, "B.json", pb, &B);
    if (st == LCA_OK) {
        st = check_shape(ctx, B, pb, &L[1], "flow", &L[0], "sector");
    }
    if (st == LCA_OK) st = read_dense(ctx, dir, "C.json", pc, &C);
    if (st == LCA_OK) {
        st = check_shape(ctx, C, pc, &L[2], "indicator", &L[1], "flow");
    }
    if (st == LCA_OK) st = assemble(ctx, dir, sys, L, A, B, C, &T);
    if (st != LCA_OK) goto done;
    *M = T;
    T = NULL;
done:
    lca_model_destroy(&T);
    for (int a = 0; a < 3; a++) axis_free(ctx, &L[a]);
    lca_csc_destroy(&A);
    lca_csc_destroy(&B);
    lca_csc_destroy(&C);
    return st;
}
