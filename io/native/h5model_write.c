// io/native/h5model_write.c: lca_model_write, schema "leontief-model" version 2
// SPDX-License-Identifier: MIT
//
// The model goes out through the generic writer (io/hdf5/h5out.c), so it gets
// the same atomic replace, layout and error messages as a results file.
// The layout is documented in docs/FORMAT.md; io/native/h5model_read.c is its
// mirror image. The uncertainty records and the import report (new in
// version 2) are written by io/native/h5model_extra.c.

#include <stdio.h>
#include <string.h>

#include "engine/ctx_impl.h"
#include "io/native/h5model_impl.h"
#include "io/hdf5/h5util_impl.h"
#include "lca/io.h"

static lca_status write_header(lca__h5out *o, const lca_model *M) {
    char writer[64];
    snprintf(writer, sizeof writer, "leontief %s", lca_version());
    lca_status st = lca__h5out_set_attr(o, "/", "format", LCA__MODEL_FORMAT);
    if (st == LCA_OK) {
        st = lca__h5out_set_attr_int(o, "/", "schema_version",
                                     LCA__MODEL_VERSION);
    }
    if (st == LCA_OK) {
        st = lca__h5out_set_attr(o, "/", "convention",
                                 lca_convention_str(lca_model_convention(M)));
    }
    if (st == LCA_OK) st = lca__h5out_set_attr(o, "/", "writer", writer);
    return st;
}

// group/{colptr,rowidx,values} and the attribute shape = {rows, cols}.
static lca_status write_matrix(lca__h5out *o, const char *group,
                               const lca_csc *X) {
    char name[64];
    int64_t n = lca_csc_ncols(X), nnz = lca_csc_nnz(X);
    int64_t shape[2] = {lca_csc_nrows(X), n};
    lca_status st = lca__h5out_make_group(o, group);
    if (st == LCA_OK) {
        st = lca__h5out_set_attr_ints(o, group, "shape", 2, shape);
    }
    if (st == LCA_OK) {
        snprintf(name, sizeof name, "%s/colptr", group);
        st = lca__h5out_write_ints(o, name, n + 1, lca_csc_colptr(X));
    }
    if (st == LCA_OK) {
        snprintf(name, sizeof name, "%s/rowidx", group);
        st = lca__h5out_write_ints(o, name, nnz, lca_csc_rowidx(X));
    }
    if (st == LCA_OK) {
        snprintf(name, sizeof name, "%s/values", group);
        st = lca__h5out_write_doubles(o, name, nnz, lca_csc_values(X));
    }
    return st;
}

// Label kind label of an axis as the string dataset name, "" where unset.
static lca_status write_label(lca__h5out *o, const lca_model *M, lca_axis axis,
                              lca_label label, const char *name) {
    lca_ctx *ctx = lca_model_ctx(M);
    int64_t count = lca_model_dim(M, axis);
    const char **v = lca__malloc(ctx, (size_t)count, sizeof *v);
    if (v == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    for (int64_t i = 0; i < count; i++) {
        v[i] = lca_model_label(M, axis, label, i);
    }
    lca_status st = lca__h5out_write_strings(o, name, count, v);
    lca__free(ctx, v);
    return st;
}

// Every kind of label of a products, flows or indicators axis.
static lca_status write_labels(lca__h5out *o, const lca_model *M,
                               lca_axis axis) {
    lca_label labels[LCA_NLABELS];
    int nlabels = lca__h5_axis_labels(axis, labels);
    lca_status st = LCA_OK;
    for (int l = 0; l < nlabels && st == LCA_OK; l++) {
        char name[64];
        snprintf(name, sizeof name, "%s/%s", lca__h5_axis_group(axis),
                 lca__h5_label_name(labels[l]));
        st = write_label(o, M, axis, labels[l], name);
    }
    return st;
}

// demands/sets/<name> for set s. The name becomes an HDF5 link name, which
// cannot hold '/' or be ".".
static lca_status write_set(lca__h5out *o, const lca_model *M, int64_t s) {
    lca_ctx *ctx = lca_model_ctx(M);
    const char *set = lca_model_demand_set_name(M, s);
    if (strchr(set, '/') != NULL || strcmp(set, ".") == 0) {
        return lca__fail(ctx, LCA_ERR_INVALID, "demand set '%s': a set name "
                         "in a model file cannot contain '/' or be '.'", set);
    }
    static const char prefix[] = "demands/sets/";
    size_t len = strlen(set);
    char *name = lca__malloc(ctx, sizeof prefix + len, 1);
    if (name == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    memcpy(name, prefix, sizeof prefix - 1);
    memcpy(name + sizeof prefix - 1, set, len + 1);
    int64_t count = 0;
    const int64_t *idx = lca_model_demand_set(M, s, &count);
    lca_status st = lca__h5out_write_ints(o, name, count, idx);
    lca__free(ctx, name);
    return st;
}

static lca_status write_demands(lca__h5out *o, const lca_model *M) {
    lca_status st = write_matrix(o, "demands", lca_model_demands(M));
    if (st == LCA_OK) {
        st = write_label(o, M, LCA_DEMANDS, LCA_LABEL_ID, "demands/names");
    }
    if (st == LCA_OK) st = lca__h5out_make_group(o, "demands/sets");
    for (int64_t s = 0; s < lca_model_ndemand_sets(M) && st == LCA_OK; s++) {
        st = write_set(o, M, s);
    }
    return st;
}

// Model attributes as string attributes of the group /attributes.
static lca_status write_attrs(lca__h5out *o, const lca_model *M) {
    lca_status st = lca__h5out_make_group(o, "attributes");
    for (int64_t i = 0; i < lca_model_nattrs(M) && st == LCA_OK; i++) {
        const char *key = lca_model_attr_key(M, i);
        st = lca__h5out_set_attr(o, "attributes", key, lca_model_attr(M, key));
    }
    return st;
}

lca_status lca_model_write(const lca_model *M, const char *path) {
    if (M == NULL) return LCA_ERR_ARG;
    lca__h5out *o = NULL;
    lca_status st = lca__h5out_create(lca_model_ctx(M), path, &o);
    if (st == LCA_OK) st = write_header(o, M);
    if (st == LCA_OK) st = write_matrix(o, "A", lca_model_A(M));
    if (st == LCA_OK) st = write_matrix(o, "B", lca_model_B(M));
    if (st == LCA_OK) st = write_matrix(o, "C", lca_model_C(M));
    if (st == LCA_OK) st = write_labels(o, M, LCA_PRODUCTS);
    if (st == LCA_OK) st = write_labels(o, M, LCA_FLOWS);
    if (st == LCA_OK) st = write_labels(o, M, LCA_INDICATORS);
    if (st == LCA_OK) st = write_demands(o, M);
    if (st == LCA_OK) st = write_attrs(o, M);
    if (st == LCA_OK) st = lca__h5model_write_extra(o, M);
    if (st == LCA_OK) return lca__h5out_commit(&o);
    lca__h5out_destroy(&o);
    return st;
}
