// io/native/fileinfo.c: lca_file_info, what one of our HDF5 files holds
// SPDX-License-Identifier: MIT
//
// Reads the root attributes (as text, each with its role) and the list of
// datasets (path, type, shape) of any HDF5 file, without reading any data:
// `leontief info` describes results and Monte Carlo files from it. The
// roles of the attributes are those docs/FORMAT.md gives them.

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "engine/ctx_impl.h"
#include "io/hdf5/h5in_impl.h"
#include "lca/export.h"

#define MAX_RANK 4

typedef struct info_attr {
    char *key, *value;
    lca_attr_role role;
} info_attr;

typedef struct info_dataset {
    char *path;
    const char *type;  // static text
    int rank;
    int64_t dims[MAX_RANK];
} info_dataset;

struct lca_file_info {
    lca_ctx *ctx;
    lca_file_kind kind;
    info_attr *attrs;
    int64_t nattrs, attrs_cap;
    info_dataset *sets;
    int64_t nsets, sets_cap;
};

// ---- roles ------------------------------------------------------------------

static const char *const provenance_keys[] = {
    "engine_version", "git_commit", "command_line", "model_file",
    "model_sha256", "created_utc", "finished_utc", "presamples_file",
    "threads", "mpi_ranks", "fingerprint", "writer", "source_dir",
    "importer", "source", "license", "citation"};
static const char *const option_keys[] = {
    "seed", "block_size", "lognormal", "on_fail", "rng", "pedigree_fill",
    "solver", "quantile_method", "quantile_probabilities", "convention"};
static const char *const outcome_keys[] = {
    "iterations_run", "iterations_done", "iterations_failed",
    "draws_clamped", "stopped_early", "rcond_estimate", "backward_error"};

static int listed(const char *key, const char *const *keys, size_t n) {
    for (size_t i = 0; i < n; i++) {
        if (strcmp(key, keys[i]) == 0) return 1;
    }
    return 0;
}

static lca_attr_role role_of(const char *key) {
#define IN(list) listed(key, list, sizeof list / sizeof list[0])
    if (strcmp(key, "format") == 0 || strcmp(key, "schema_version") == 0) {
        return LCA_ATTR_FORMAT;
    }
    if (IN(provenance_keys)) return LCA_ATTR_PROVENANCE;
    if (IN(option_keys)) return LCA_ATTR_OPTION;
    if (IN(outcome_keys)) return LCA_ATTR_OUTCOME;
    return LCA_ATTR_OTHER;
#undef IN
}

// ---- attribute values as text -----------------------------------------------

// Append the n-th value of v (type t, memory order) to buf.
static void append_number(char *buf, size_t size, hid_t t, const void *v,
                          size_t i, const char *key) {
    size_t len = strlen(buf);
    if (len >= size) return;
    if (H5Tget_class(t) == H5T_FLOAT) {
        snprintf(buf + len, size - len, "%.17g", ((const double *)v)[i]);
    } else if (H5Tget_sign(t) == H5T_SGN_NONE ||
               strcmp(key, "seed") == 0) {
        // A seed is unsigned; files before the seed became uint64 stored
        // it as int64 (seeds >= 2^63 negative): its bits are the seed.
        snprintf(buf + len, size - len, "%" PRIu64,
                 ((const uint64_t *)v)[i]);
    } else {
        snprintf(buf + len, size - len, "%" PRId64, ((const int64_t *)v)[i]);
    }
}

// Numbers (integers or floats, scalar or 1-D) as "a,b,c".
static lca_status number_text(lca_ctx *ctx, hid_t a, hid_t t, hid_t space,
                              const char *key, char **out) {
    hssize_t n = H5Sget_simple_extent_npoints(space);
    int is_float = H5Tget_class(t) == H5T_FLOAT;
    hid_t mt = is_float ? H5T_NATIVE_DOUBLE
                        : H5Tget_sign(t) == H5T_SGN_NONE ? H5T_NATIVE_UINT64
                                                         : H5T_NATIVE_INT64;
    size_t size = (size_t)(n > 0 ? n : 1) * 24 + 1;
    void *v = lca__malloc(ctx, (size_t)(n > 0 ? n : 1), 8);
    char *buf = lca__malloc(ctx, size, 1);
    lca_status st = LCA_OK;
    if (v == NULL || buf == NULL) {
        st = lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    } else if (n > 0 && H5Aread(a, mt, v) < 0) {
        st = lca__h5_fail(ctx, "cannot read attribute '%s'", key);
    } else {
        buf[0] = '\0';
        for (hssize_t i = 0; i < n; i++) {
            if (i > 0) strncat(buf, ",", size - strlen(buf) - 1);
            append_number(buf, size, mt, v, (size_t)i, key);
        }
    }
    lca__free(ctx, v);
    if (st != LCA_OK) {
        lca__free(ctx, buf);
        buf = NULL;
    }
    *out = buf;
    return st;
}

// A scalar string attribute (variable or fixed length).
static lca_status string_text(lca_ctx *ctx, hid_t a, hid_t t,
                              const char *key, char **out) {
    lca_status st = LCA_OK;
    *out = NULL;
    if (H5Tis_variable_str(t) > 0) {
        char *s = NULL;
        hid_t mt = H5Tcopy(H5T_C_S1);
        H5Tset_size(mt, H5T_VARIABLE);
        H5Tset_cset(mt, H5Tget_cset(t));
        if (H5Aread(a, mt, &s) < 0) {
            st = lca__h5_fail(ctx, "cannot read attribute '%s'", key);
        } else {
            *out = lca__strdup(ctx, s != NULL ? s : "");
            H5free_memory(s);
        }
        H5Tclose(mt);
    } else {
        size_t len = H5Tget_size(t);
        *out = lca__malloc(ctx, len + 1, 1);
        if (*out != NULL && H5Aread(a, t, *out) < 0) {
            st = lca__h5_fail(ctx, "cannot read attribute '%s'", key);
        }
        if (*out != NULL) (*out)[len] = '\0';
    }
    if (st == LCA_OK && *out == NULL) {
        st = lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    }
    return st;
}

static lca_status attr_text(lca_ctx *ctx, hid_t a, const char *key,
                            char **out) {
    hid_t t = H5Aget_type(a), space = H5Aget_space(a);
    H5T_class_t cls = H5Tget_class(t);
    lca_status st;
    if (cls == H5T_STRING && H5Sget_simple_extent_npoints(space) == 1) {
        st = string_text(ctx, a, t, key, out);
    } else if (cls == H5T_INTEGER || cls == H5T_FLOAT) {
        st = number_text(ctx, a, t, space, key, out);
    } else {
        *out = lca__strdup(ctx, "(not shown)");
        st = *out != NULL ? LCA_OK
                          : lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    }
    H5Tclose(t);
    H5Sclose(space);
    return st;
}

typedef struct visit {
    lca_file_info *f;
    lca_status st;
} visit;

static herr_t on_attr(hid_t loc, const char *name, const H5A_info_t *ai,
                      void *data) {
    (void)ai;
    visit *v = data;
    lca_file_info *f = v->f;
    info_attr *arr = lca__grow(f->ctx, f->attrs, &f->attrs_cap,
                               f->nattrs + 1, sizeof *arr);
    if (arr == NULL) {
        v->st = LCA_ERR_NOMEM;
        return -1;
    }
    f->attrs = arr;
    info_attr *x = &arr[f->nattrs];
    memset(x, 0, sizeof *x);
    x->key = lca__strdup(f->ctx, name);
    if (x->key == NULL) {
        v->st = lca__fail(f->ctx, LCA_ERR_NOMEM, "out of memory");
        return -1;
    }
    f->nattrs++;
    x->role = role_of(name);
    hid_t a = H5Aopen(loc, name, H5P_DEFAULT);
    v->st = a < 0 ? lca__h5_fail(f->ctx, "cannot open attribute '%s'", name)
                  : attr_text(f->ctx, a, name, &x->value);
    if (a >= 0) H5Aclose(a);
    return v->st == LCA_OK ? 0 : -1;
}

// ---- datasets ---------------------------------------------------------------

static const char *type_name(hid_t t) {
    switch (H5Tget_class(t)) {
    case H5T_FLOAT: return H5Tget_size(t) == 8 ? "float64" : "float";
    case H5T_STRING: return "string";
    case H5T_INTEGER:
        if (H5Tget_size(t) == 1) return "uint8";
        return H5Tget_sign(t) == H5T_SGN_NONE ? "uint64" : "int64";
    default: return "other";
    }
}

// The link callback's info type changed name in HDF5 1.12 (not its use).
#if H5_VERSION_GE(1, 12, 0)
typedef H5L_info2_t link_info;
#define visit_links H5Lvisit2
#else
typedef H5L_info_t link_info;
#define visit_links H5Lvisit
#endif

static int is_dataset(hid_t root, const char *name) {
    hid_t o = H5Oopen(root, name, H5P_DEFAULT);
    if (o < 0) return 0;
    int yes = H5Iget_type(o) == H5I_DATASET;
    H5Oclose(o);
    return yes;
}

static herr_t on_link(hid_t root, const char *name, const link_info *li,
                      void *data) {
    (void)li;
    visit *v = data;
    lca_file_info *f = v->f;
    if (!is_dataset(root, name)) return 0;
    info_dataset *arr = lca__grow(f->ctx, f->sets, &f->sets_cap,
                                  f->nsets + 1, sizeof *arr);
    if (arr == NULL) {
        v->st = LCA_ERR_NOMEM;
        return -1;
    }
    f->sets = arr;
    info_dataset *x = &arr[f->nsets];
    memset(x, 0, sizeof *x);
    size_t len = strlen(name);
    x->path = lca__malloc(f->ctx, len + 2, 1);
    if (x->path == NULL) {
        v->st = lca__fail(f->ctx, LCA_ERR_NOMEM, "out of memory");
        return -1;
    }
    snprintf(x->path, len + 2, "/%s", name);
    f->nsets++;
    hid_t d = H5Dopen2(root, name, H5P_DEFAULT);
    hid_t t = d >= 0 ? H5Dget_type(d) : -1;
    hid_t s = d >= 0 ? H5Dget_space(d) : -1;
    if (d < 0 || t < 0 || s < 0) {
        v->st = lca__h5_fail(f->ctx, "cannot open dataset %s", x->path);
    } else {
        hsize_t dims[MAX_RANK] = {0};
        int rank = H5Sget_simple_extent_ndims(s);
        x->type = type_name(t);
        x->rank = rank < 0 ? 0 : rank > MAX_RANK ? MAX_RANK : rank;
        if (rank > 0 && rank <= MAX_RANK) H5Sget_simple_extent_dims(s, dims,
                                                                    NULL);
        for (int i = 0; i < x->rank; i++) x->dims[i] = (int64_t)dims[i];
    }
    if (s >= 0) H5Sclose(s);
    if (t >= 0) H5Tclose(t);
    if (d >= 0) H5Dclose(d);
    return v->st == LCA_OK ? 0 : -1;
}

// ---- the object -------------------------------------------------------------

void lca_file_info_destroy(lca_file_info **fp) {
    if (fp == NULL || *fp == NULL) return;
    lca_file_info *f = *fp;
    for (int64_t i = 0; i < f->nattrs; i++) {
        lca__free(f->ctx, f->attrs[i].key);
        lca__free(f->ctx, f->attrs[i].value);
    }
    for (int64_t i = 0; i < f->nsets; i++) lca__free(f->ctx, f->sets[i].path);
    lca__free(f->ctx, f->attrs);
    lca__free(f->ctx, f->sets);
    lca__free(f->ctx, f);
    *fp = NULL;
}

static lca_file_kind kind_of(const char *format) {
    if (strcmp(format, "leontief-model") == 0) return LCA_FILE_MODEL;
    if (strcmp(format, "leontief-results") == 0) return LCA_FILE_RESULTS;
    if (strcmp(format, "leontief-mc") == 0) return LCA_FILE_MC;
    return LCA_FILE_OTHER;
}

static lca_status read_all(const lca__h5in *in, lca_file_info *f) {
    visit v = {f, LCA_OK};
    hsize_t idx = 0;
    if (H5Aiterate2(in->file, H5_INDEX_NAME, H5_ITER_INC, &idx, on_attr,
                    &v) < 0 && v.st == LCA_OK) {
        v.st = lca__h5_fail(f->ctx, "%s: cannot list the attributes of /",
                            in->path);
    }
    if (v.st == LCA_OK &&
        visit_links(in->file, H5_INDEX_NAME, H5_ITER_INC, on_link, &v) < 0 &&
        v.st == LCA_OK) {
        v.st = lca__h5_fail(f->ctx, "%s: cannot list its objects", in->path);
    }
    if (v.st != LCA_OK) return lca__wrap(f->ctx, v.st, "%s", in->path);
    const char *format = lca_file_info_attr_find(f, "format");
    f->kind = format != NULL ? kind_of(format) : LCA_FILE_OTHER;
    return LCA_OK;
}

lca_status lca_file_info_read(lca_ctx *ctx, const char *path,
                              lca_file_info **out) {
    *out = NULL;
    lca_file_info *f = lca__calloc(ctx, 1, sizeof *f);
    if (f == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    f->ctx = ctx;
    lca__h5quiet q;
    lca__h5_quiet(&q);
    lca__h5in in;
    lca_status st = lca__h5in_open(ctx, path, &in);
    if (st == LCA_OK) {
        st = read_all(&in, f);
        lca__h5in_close(&in);
    }
    lca__h5_unquiet(&q);
    if (st != LCA_OK) {
        lca_file_info_destroy(&f);
        return st;
    }
    *out = f;
    return LCA_OK;
}

lca_file_kind lca_file_info_kind(const lca_file_info *f) { return f->kind; }

int64_t lca_file_info_nattrs(const lca_file_info *f) { return f->nattrs; }

const char *lca_file_info_attr(const lca_file_info *f, int64_t i,
                               const char **value, lca_attr_role *role) {
    if (i < 0 || i >= f->nattrs) return NULL;
    if (value != NULL) *value = f->attrs[i].value;
    if (role != NULL) *role = f->attrs[i].role;
    return f->attrs[i].key;
}

const char *lca_file_info_attr_find(const lca_file_info *f, const char *key) {
    for (int64_t i = 0; i < f->nattrs; i++) {
        if (strcmp(f->attrs[i].key, key) == 0) return f->attrs[i].value;
    }
    return NULL;
}

int64_t lca_file_info_ndatasets(const lca_file_info *f) { return f->nsets; }

const char *lca_file_info_dataset(const lca_file_info *f, int64_t i,
                                  const char **type, int *rank,
                                  int64_t dims[4]) {
    if (i < 0 || i >= f->nsets) return NULL;
    const info_dataset *x = &f->sets[i];
    if (type != NULL) *type = x->type;
    if (rank != NULL) *rank = x->rank;
    if (dims != NULL) {
        for (int d = 0; d < MAX_RANK; d++) dims[d] = d < x->rank ? x->dims[d]
                                                                 : 0;
    }
    return x->path;
}

int64_t lca_file_info_length(const lca_file_info *f, const char *path) {
    for (int64_t i = 0; i < f->nsets; i++) {
        if (strcmp(f->sets[i].path, path) == 0) {
            return f->sets[i].rank >= 1 ? f->sets[i].dims[0] : 1;
        }
    }
    return -1;
}
