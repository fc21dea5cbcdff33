// io/release/h5.c: factors.h5 of a release (columns as HDF5 datasets)
// SPDX-License-Identifier: MIT
//
// The records as columns, one dataset each, for h5py/pandas/MATLAB users:
// /records/<column> (n), /components/<name>/<statistic> (n), the trace as
// CSR arrays. Layout in docs/FORMAT.md ("Factor-database release").

#include <math.h>
#include <stdio.h>

#include "engine/ctx_impl.h"
#include "io/hdf5/h5out_impl.h"
#include "io/release/release_impl.h"
#include "io/util/textout_impl.h"

static lca_status text_columns(lca__h5out *o, const lca_fdb *db) {
    lca_ctx *ctx = lca_fdb_ctx(db);
    int64_t n = lca_fdb_nrecords(db);
    const char **v = lca__malloc(ctx, (size_t)n, sizeof *v);
    if (v == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    lca_status st = LCA_OK;
    for (int c = 0; c < LCA_FDB_NTEXTS && st == LCA_OK; c++) {
        for (int64_t i = 0; i < n; i++) {
            v[i] = lca_fdb_text_get(db, (lca_fdb_text)c, i);
        }
        char name[64];
        snprintf(name, sizeof name, "records/%s",
                 lca_fdb_text_str((lca_fdb_text)c));
        st = lca__h5out_write_strings(o, name, n, v);
    }
    lca__free(ctx, v);
    return st;
}

// The columns FACTOR .. COUNT of v (stride n) under group/, all or only
// the factor; with statistics also mc_ci95_halfwidth.
static lca_status stats(lca__h5out *o, lca_ctx *ctx, const char *group,
                        const double *v, int64_t n, int with_mc) {
    lca_status st = LCA_OK;
    int last = with_mc ? LCA_FDB_COUNT : LCA_FDB_FACTOR;
    for (int c = 0; c <= last && st == LCA_OK; c++) {
        char name[160];
        snprintf(name, sizeof name, "%s/%s", group,
                 lca_fdb_num_str((lca_fdb_num)c));
        st = lca__h5out_write_dense(o, name, 1, n, v + (int64_t)c * n);
    }
    if (st != LCA_OK || !with_mc) return st;
    double *h = lca__malloc(ctx, (size_t)n, sizeof *h);
    if (h == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    for (int64_t i = 0; i < n; i++) {
        h[i] = lca__release_halfwidth(v[LCA_FDB_SD * n + i],
                                      v[LCA_FDB_COUNT * n + i]);
    }
    char name[160];
    snprintf(name, sizeof name, "%s/mc_ci95_halfwidth", group);
    st = lca__h5out_write_dense(o, name, 1, n, h);
    lca__free(ctx, h);
    return st;
}

static lca_status number_columns(lca__h5out *o, const lca_fdb *db) {
    lca_ctx *ctx = lca_fdb_ctx(db);
    int64_t n = lca_fdb_nrecords(db);
    lca_status st = stats(o, ctx, "records", lca_fdb_num_get(db, 0), n, 1);
    for (int c = LCA_FDB_DQR; c < LCA_FDB_NNUMS && st == LCA_OK; c++) {
        char name[64];
        snprintf(name, sizeof name, "records/%s",
                 lca_fdb_num_str((lca_fdb_num)c));
        st = lca__h5out_write_dense(o, name, 1, n,
                                    lca_fdb_num_get(db, (lca_fdb_num)c));
    }
    for (int64_t j = 0; j < lca_fdb_ncomponents(db) && st == LCA_OK; j++) {
        char group[96];
        snprintf(group, sizeof group, "components/%s",
                 lca_fdb_component_name(db, j));
        st = stats(o, ctx, group, lca_fdb_component_get(db, j, LCA_FDB_FACTOR),
                   n, lca_fdb_component_has_mc(db, j));
        if (st == LCA_OK) {
            int split = lca_fdb_component_kind(db, j) == LCA_FDB_SPLIT;
            st = lca__h5out_set_attr(o, group, "kind", split ? "split" : "gas");
        }
    }
    return st;
}

static lca_status trace_columns(lca__h5out *o, const lca_fdb *db) {
    lca_ctx *ctx = lca_fdb_ctx(db);
    int64_t n = lca_fdb_nrecords(db), count;
    const int64_t *in = NULL;
    const double *sh = NULL;
    int64_t *ptr = lca__malloc(ctx, (size_t)n + 1, sizeof *ptr);
    if (ptr == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    ptr[0] = 0;
    for (int64_t i = 0; i < n; i++) {
        lca_fdb_trace(db, i, &count, &in, &sh);
        ptr[i + 1] = ptr[i] + count;
    }
    // Record 0's inputs start the whole arrays (lca_fdb_trace is CSR).
    static const int64_t no_in[1] = {0};
    static const double no_sh[1] = {0.0};
    if (n > 0) lca_fdb_trace(db, 0, &count, &in, &sh);
    int64_t nnz = ptr[n];
    if (nnz == 0 || in == NULL) {
        in = no_in;
        sh = no_sh;
    }
    lca_status st = lca__h5out_write_ints(o, "trace/ptr", n + 1, ptr);
    if (st == LCA_OK) st = lca__h5out_write_ints(o, "trace/input", nnz, in);
    if (st == LCA_OK) st = lca__h5out_write_dense(o, "trace/share", 1, nnz, sh);
    lca__free(ctx, ptr);
    return st;
}

static lca_status root_attrs(lca__h5out *o, const lca_fdb *db) {
    const struct {
        const char *key;
        lca_fdb_info what;
    } s[] = {{"gwp_set", LCA_FDB_GWP_SET},
             {"boundary", LCA_FDB_BOUNDARY},
             {"indicator_id", LCA_FDB_IND_ID},
             {"indicator_unit", LCA_FDB_IND_UNIT}};
    lca_status st = lca__h5out_set_attr(o, "/", "format", LCA__RELEASE_FORMAT);
    if (st == LCA_OK) {
        st = lca__h5out_set_attr_int(o, "/", "schema_version",
                                     LCA__RELEASE_VERSION);
    }
    for (size_t i = 0; i < sizeof s / sizeof s[0] && st == LCA_OK; i++) {
        st = lca__h5out_set_attr(o, "/", s[i].key,
                                 lca_fdb_info_get(db, s[i].what));
    }
    if (st == LCA_OK) {
        st = lca__h5out_set_attr_int(o, "/", "records", lca_fdb_nrecords(db));
    }
    return st;
}

lca_status lca__release_write_h5(const lca_fdb *db, const char *dir) {
    lca_ctx *ctx = lca_fdb_ctx(db);
    char *path = lca__path_join(ctx, dir, LCA__RELEASE_H5);
    if (path == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    lca__h5out *o = NULL;
    lca_status st = lca__h5out_create(ctx, path, &o);
    lca__free(ctx, path);
    if (st == LCA_OK) st = root_attrs(o, db);
    if (st == LCA_OK) st = text_columns(o, db);
    if (st == LCA_OK) st = number_columns(o, db);
    if (st == LCA_OK) st = trace_columns(o, db);
    if (st == LCA_OK) return lca__h5out_commit(&o);
    lca__h5out_destroy(&o);
    return st;
}
