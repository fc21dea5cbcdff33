// io/native/h5model_read.c: lca_model_read, schema "leontief-model" versions 1, 2
// SPDX-License-Identifier: MIT
//
// A model file may come from anywhere (h5py, another tool, a disk that
// filled up), so nothing in it is trusted: the header is checked first,
// every dataset's class, rank and length are checked before it is read
// (io/hdf5/h5util.c), the column pointers are checked before any column is
// touched, and the matrices then go through lca_csc_from_arrays (row
// indices in range, sorted) and the whole model through lca_model_check
// (finite values, unique ids). Every message starts with the file's name
// and names the dataset or attribute.
//
// Required: the header attributes and /A, /B, /C. Optional, so that a
// hand-made file can leave them out: the label datasets (missing = unset),
// /demands, /demands/sets and /attributes. A label dataset of nothing but
// empty strings also reads as unset, which is how the writer stores one.
// Version 2 adds optional uncertainty records and an import report
// (io/native/h5model_extra.c); a version 1 file simply has neither.

#include <stdio.h>
#include <string.h>

#include "engine/ctx_impl.h"
#include "io/native/h5model_impl.h"
#include "lca/io.h"

static lca_status read_header(const lca__h5in *in, lca_convention *conv,
                              int64_t *version) {
    lca_ctx *ctx = in->ctx;
    char *format = NULL, *convention = NULL;
    int found = 0;
    lca_status st = lca__h5in_has_attr(in, "/", "format", &found);
    if (st == LCA_OK && !found) {
        st = lca__fail(ctx, LCA_ERR_INVALID, "%s: no attribute 'format' on "
                       "/: not a leontief model file", in->path);
    }
    if (st == LCA_OK) st = lca__h5in_attr_string(in, "/", "format", &format);
    if (st == LCA_OK && strcmp(format, LCA__MODEL_FORMAT) != 0) {
        st = lca__fail(ctx, LCA_ERR_INVALID, "%s: format is '%s', expected '"
                       LCA__MODEL_FORMAT "'", in->path, format);
    }
    if (st == LCA_OK) {
        st = lca__h5in_attr_ints(in, "/", "schema_version", 1, version);
    }
    if (st == LCA_OK && (*version < LCA__MODEL_VERSION_MIN ||
                         *version > LCA__MODEL_VERSION)) {
        st = lca__fail(ctx, LCA_ERR_INVALID, "%s: schema_version %lld is not "
                       "supported (this leontief reads " LCA__MODEL_FORMAT
                       " versions %d to %d)", in->path, (long long)*version,
                       LCA__MODEL_VERSION_MIN, LCA__MODEL_VERSION);
    }
    if (st == LCA_OK) {
        st = lca__h5in_attr_string(in, "/", "convention", &convention);
    }
    if (st == LCA_OK && lca_convention_parse(convention, conv) != LCA_OK) {
        st = lca__fail(ctx, LCA_ERR_INVALID, "%s: convention is '%s', "
                       "expected 'technosphere' or 'io_coefficients'",
                       in->path, convention);
    }
    lca__free(ctx, format);
    lca__free(ctx, convention);
    return st;
}

// Ap (n+1 entries, from the file) must start at 0 and never decrease, so
// that Ap[n] is the number of entries and every column lies inside it.
static lca_status check_colptr(const lca__h5in *in, const char *group,
                               int64_t n, const int64_t *Ap) {
    if (Ap[0] != 0) {
        return lca__fail(in->ctx, LCA_ERR_INVALID, "%s: %s/colptr[0] is "
                         "%lld, not 0", in->path, group, (long long)Ap[0]);
    }
    for (int64_t j = 0; j < n; j++) {
        if (Ap[j + 1] < Ap[j]) {
            return lca__fail(in->ctx, LCA_ERR_INVALID, "%s: %s/colptr "
                             "decreases at column %lld (%lld, then %lld)",
                             in->path, group, (long long)j, (long long)Ap[j],
                             (long long)Ap[j + 1]);
        }
    }
    return LCA_OK;
}

// The shape attribute of group: two sizes, neither negative.
static lca_status read_shape(const lca__h5in *in, const char *group,
                             int64_t shape[2]) {
    int found = 0;
    lca_status st = lca__h5in_exists(in, group, &found);
    if (st == LCA_OK && !found) {
        st = lca__fail(in->ctx, LCA_ERR_INVALID, "%s: %s is missing",
                       in->path, group);
    }
    if (st == LCA_OK) st = lca__h5in_attr_ints(in, group, "shape", 2, shape);
    // Bounded so that n + 1 and any size computed from them cannot wrap.
    if (st == LCA_OK && (shape[0] < 0 || shape[1] < 0 ||
                         shape[0] >= INT64_MAX / 16 ||
                         shape[1] >= INT64_MAX / 16)) {
        st = lca__fail(in->ctx, LCA_ERR_INVALID, "%s: %s has the shape "
                       "(%lld, %lld)", in->path, group, (long long)shape[0],
                       (long long)shape[1]);
    }
    return st;
}

// The CSC matrix stored in group (shape, colptr, rowidx, values).
static lca_status read_matrix(const lca__h5in *in, const char *group,
                              lca_csc **X) {
    lca_ctx *ctx = in->ctx;
    int64_t shape[2], len = 0, *Ap = NULL, *Ai = NULL;
    double *Ax = NULL;
    char name[64], why[128];
    *X = NULL;
    lca_status st = read_shape(in, group, shape);
    if (st != LCA_OK) goto done;
    int64_t n = shape[1];
    snprintf(name, sizeof name, "%s/colptr", group);
    snprintf(why, sizeof why, "%s has %lld columns (attribute shape), "
             "which needs %lld", group, (long long)n, (long long)n + 1);
    st = lca__h5in_read_ints(in, name, n + 1, why, &len, &Ap);
    if (st == LCA_OK) st = check_colptr(in, group, n, Ap);
    if (st != LCA_OK) goto done;
    snprintf(why, sizeof why, "%s/colptr[%lld] says %lld", group,
             (long long)n, (long long)Ap[n]);
    snprintf(name, sizeof name, "%s/rowidx", group);
    st = lca__h5in_read_ints(in, name, Ap[n], why, &len, &Ai);
    if (st != LCA_OK) goto done;
    snprintf(name, sizeof name, "%s/values", group);
    st = lca__h5in_read_doubles(in, name, Ap[n], why, &len, &Ax);
    if (st != LCA_OK) goto done;
    st = lca_csc_from_arrays(ctx, shape[0], n, Ap, Ai, Ax, X);
    if (st != LCA_OK) st = lca__wrap(ctx, st, "%s: %s", in->path, group);
done:
    lca__free(ctx, Ap);
    lca__free(ctx, Ai);
    lca__free(ctx, Ax);
    return st;
}

// One kind of label of an axis, if the file has it.
static lca_status read_label(const lca__h5in *in, lca_model *M,
                             lca_axis axis, lca_label label) {
    char name[64], why[128];
    char **v = NULL;
    int64_t count = 0, dim = lca_model_dim(M, axis);
    int found = 0;
    const char *group = lca__h5_axis_group(axis);
    snprintf(name, sizeof name, "/%s/%s", group, lca__h5_label_name(label));
    lca_status st = lca__h5in_exists(in, name, &found);
    if (st != LCA_OK || !found) return st;
    snprintf(why, sizeof why, "the model has %lld %s", (long long)dim, group);
    st = lca__h5in_read_strings(in, name, dim, why, &count, &v);
    if (st != LCA_OK) return st;
    int64_t nonempty = 0;
    for (int64_t i = 0; i < count; i++) nonempty += v[i][0] != '\0';
    if (nonempty > 0) {
        st = lca_model_set_labels(M, axis, label, (const char *const *)v);
    }
    lca__h5_free_strings(in->ctx, v, count);
    return st;
}

static lca_status read_labels(const lca__h5in *in, lca_model *M) {
    lca_status st = LCA_OK;
    for (int a = LCA_PRODUCTS; a <= LCA_INDICATORS && st == LCA_OK; a++) {
        lca_label labels[LCA_NLABELS];
        int nlabels = lca__h5_axis_labels((lca_axis)a, labels);
        for (int l = 0; l < nlabels && st == LCA_OK; l++) {
            st = read_label(in, M, (lca_axis)a, labels[l]);
        }
    }
    return st;
}

// /demands (an n x d matrix) and /demands/names (d names), if present.
static lca_status read_demands(const lca__h5in *in, lca_model *M) {
    lca_ctx *ctx = in->ctx;
    lca_csc *F = NULL;
    char **names = NULL;
    int64_t d = 0, n = lca_model_dim(M, LCA_PRODUCTS);
    int found = 0;
    char why[128];
    lca_status st = lca__h5in_exists(in, "/demands", &found);
    if (st != LCA_OK || !found) return st;
    st = read_matrix(in, "/demands", &F);
    if (st != LCA_OK) goto done;
    if (lca_csc_nrows(F) != n) {
        st = lca__fail(ctx, LCA_ERR_INVALID, "%s: /demands has %lld rows but "
                       "the model has %lld products", in->path,
                       (long long)lca_csc_nrows(F), (long long)n);
        goto done;
    }
    snprintf(why, sizeof why, "/demands has %lld columns (attribute shape)",
             (long long)lca_csc_ncols(F));
    st = lca__h5in_read_strings(in, "/demands/names", lca_csc_ncols(F), why,
                                &d, &names);
    const int64_t *Ap = lca_csc_colptr(F), *Ai = lca_csc_rowidx(F);
    const double *Ax = lca_csc_values(F);
    for (int64_t j = 0; j < d && st == LCA_OK; j++) {
        st = lca_model_add_demand(M, names[j], Ap[j + 1] - Ap[j], Ai + Ap[j],
                                  Ax + Ap[j]);
        if (st == LCA_ERR_ARG) {
            st = lca__wrap(ctx, LCA_ERR_INVALID, "%s: /demands/names[%lld]",
                           in->path, (long long)j);
        }
    }
done:
    lca_csc_destroy(&F);
    lca__h5_free_strings(ctx, names, d);
    return st;
}

// The iteration order of group g's links or attributes: creation order
// when the file tracks it (ours do), else by name.
static H5_index_t group_order(hid_t g, int of_attrs) {
    hid_t gcpl = H5Gget_create_plist(g);
    unsigned flags = 0;
    herr_t e = gcpl < 0 ? -1
               : of_attrs ? H5Pget_attr_creation_order(gcpl, &flags)
                          : H5Pget_link_creation_order(gcpl, &flags);
    lca__h5_close(&gcpl);
    unsigned both = H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED;
    return (e >= 0 && (flags & both) == both) ? H5_INDEX_CRT_ORDER
                                             : H5_INDEX_NAME;
}

#define SETS "/demands/sets/"

// Demand set i of the open group g (/demands/sets).
static lca_status read_set(const lca__h5in *in, lca_model *M, hid_t g,
                           H5_index_t order, hsize_t i) {
    lca_ctx *ctx = in->ctx;
    int64_t *idx = NULL, count = 0;
    size_t plen = sizeof SETS - 1;
    ssize_t len = H5Lget_name_by_idx(g, ".", order, H5_ITER_INC, i, NULL, 0,
                                     H5P_DEFAULT);
    if (len < 0) {
        return lca__h5_fail(ctx, "%s: cannot list " SETS, in->path);
    }
    char *name = lca__malloc(ctx, plen + (size_t)len + 1, 1);
    if (name == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    memcpy(name, SETS, plen);
    lca_status st = LCA_OK;
    if (H5Lget_name_by_idx(g, ".", order, H5_ITER_INC, i, name + plen,
                           (size_t)len + 1, H5P_DEFAULT) < 0) {
        st = lca__h5_fail(ctx, "%s: cannot list " SETS, in->path);
    }
    if (st == LCA_OK) {
        st = lca__h5in_read_ints(in, name, -1, NULL, &count, &idx);
    }
    if (st == LCA_OK) {
        st = lca_model_add_demand_set(M, name + plen, count, idx);
        if (st == LCA_ERR_ARG) {
            st = lca__wrap(ctx, LCA_ERR_INVALID, "%s: %s", in->path, name);
        }
    }
    lca__free(ctx, idx);
    lca__free(ctx, name);
    return st;
}

static lca_status read_sets(const lca__h5in *in, lca_model *M) {
    int found = 0;
    H5G_info_t info;
    lca_status st = lca__h5in_exists(in, "/demands/sets", &found);
    if (st != LCA_OK || !found) return st;
    hid_t g = H5Gopen2(in->file, "/demands/sets", H5P_DEFAULT);
    if (g < 0 || H5Gget_info(g, &info) < 0) {
        st = lca__h5_fail(in->ctx, "%s: cannot open /demands/sets as a group",
                          in->path);
    } else {
        H5_index_t order = group_order(g, 0);
        for (hsize_t i = 0; i < info.nlinks && st == LCA_OK; i++) {
            st = read_set(in, M, g, order, i);
        }
    }
    lca__h5_close(&g);
    return st;
}

typedef struct attr_walk {
    const lca__h5in *in;
    lca_model *M;
    lca_status st;
} attr_walk;

// H5Aiterate2 callback: one model attribute. A negative return stops.
static herr_t read_attr(hid_t loc, const char *key, const H5A_info_t *info,
                        void *data) {
    (void)loc;
    (void)info;
    attr_walk *w = data;
    char *value = NULL;
    w->st = lca__h5in_attr_string(w->in, "/attributes", key, &value);
    if (w->st == LCA_OK) w->st = lca_model_set_attr(w->M, key, value);
    lca__free(w->in->ctx, value);
    return w->st == LCA_OK ? 0 : -1;
}

static lca_status read_attrs(const lca__h5in *in, lca_model *M) {
    int found = 0;
    lca_status st = lca__h5in_exists(in, "/attributes", &found);
    if (st != LCA_OK || !found) return st;
    attr_walk w = {in, M, LCA_OK};
    hid_t g = H5Gopen2(in->file, "/attributes", H5P_DEFAULT);
    if (g < 0) {
        st = lca__h5_fail(in->ctx, "%s: cannot open /attributes as a group",
                          in->path);
    } else if (H5Aiterate2(g, group_order(g, 1), H5_ITER_INC, NULL, read_attr,
                           &w) < 0) {
        st = w.st != LCA_OK ? w.st
                            : lca__h5_fail(in->ctx, "%s: cannot list the "
                                           "attributes of /attributes",
                                           in->path);
    }
    lca__h5_close(&g);
    return st;
}

// Everything after the header and the matrices, then the model's check.
static lca_status read_rest(const lca__h5in *in, lca_model *M,
                            int64_t version) {
    lca_status st = read_labels(in, M);
    if (st == LCA_OK) st = read_demands(in, M);
    if (st == LCA_OK) st = read_sets(in, M);
    if (st == LCA_OK) st = read_attrs(in, M);
    if (st == LCA_OK && version >= 2) st = lca__h5model_read_extra(in, M);
    if (st == LCA_OK) {
        st = lca_model_check(M);
        if (st != LCA_OK) st = lca__wrap(in->ctx, st, "%s", in->path);
    }
    return st;
}

lca_status lca_model_read(lca_ctx *ctx, const char *path, lca_model **M) {
    if (M == NULL) return lca__fail(ctx, LCA_ERR_ARG, "no model to read into");
    *M = NULL;
    if (path == NULL) return lca__fail(ctx, LCA_ERR_ARG, "no file to read");
    lca__h5quiet q;
    lca__h5_quiet(&q);
    lca__h5in in;
    lca_csc *A = NULL, *B = NULL, *C = NULL;
    lca_model *T = NULL;
    lca_convention conv = LCA_TECHNOSPHERE;
    int64_t version = 0;
    lca_status st = lca__h5in_open(ctx, path, &in);
    if (st == LCA_OK) st = read_header(&in, &conv, &version);
    if (st == LCA_OK) st = read_matrix(&in, "/A", &A);
    if (st == LCA_OK) st = read_matrix(&in, "/B", &B);
    if (st == LCA_OK) st = read_matrix(&in, "/C", &C);
    if (st == LCA_OK) {
        st = lca_model_create(ctx, conv, A, B, C, &T);
        if (st != LCA_OK) st = lca__wrap(ctx, st, "%s", path);
    }
    if (st == LCA_OK) st = read_rest(&in, T, version);
    if (st == LCA_OK) {
        *M = T;
        T = NULL;
    }
    lca_model_destroy(&T);
    lca_csc_destroy(&A);
    lca_csc_destroy(&B);
    lca_csc_destroy(&C);
    lca__h5in_close(&in);
    lca__h5_unquiet(&q);
    return st;
}
