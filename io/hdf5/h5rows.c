// io/hdf5/h5rows.c: appendable (rows, d1, d2) float64 datasets
// SPDX-License-Identifier: MIT
//
// Monte Carlo writes its samples one block of iterations at a time and
// later reads them back by (indicator, product range) to compute exact
// quantiles; chunks of (rows, 1, d2) make both access patterns cheap.
// Samples are stored uncompressed: shuffle + deflate saved 12 % of the
// bytes of sampled factors (random mantissas do not compress) and took
// 28 % of a Monte Carlo run's time on the eco-shaped model (perf, 1 thread).

#include <hdf5.h>
#include <stdio.h>
#include <string.h>

#include "engine/ctx_impl.h"
#include "io/hdf5/h5out_impl.h"
#include "io/hdf5/h5rows_impl.h"
#include "io/hdf5/h5util_impl.h"

struct lca__h5rows {
    lca_ctx *ctx;
    lca__h5out *out;   // the file (borrowed), for reserving disk space
    const char *path;  // file, for messages (borrowed from the writer)
    char name[256];
    hid_t dset;
    int64_t rows, d1, d2;
    int rank;  // 3: (rows, d1, d2) float64; 1: (rows,) int64
};

static hid_t make_dcpl(int64_t chunk_rows, int64_t d2, int rank) {
    hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
    int64_t per_row = d2 > 0 ? d2 : 1;
    int64_t cr = chunk_rows;
    while (cr > 1 && cr * per_row * 8 > (1 << 20)) cr /= 2;
    hsize_t chunk[3] = {(hsize_t)(cr > 0 ? cr : 1), 1, (hsize_t)per_row};
    if (dcpl < 0 || H5Pset_chunk(dcpl, rank, chunk) < 0) {
        lca__h5_close(&dcpl);
    }
    return dcpl;
}

static lca_status create(lca__h5out *o, const char *name, int64_t d1,
                         int64_t d2, int64_t chunk_rows, int rank,
                         lca__h5rows **out) {
    lca_ctx *ctx = lca__h5out_ctx(o);
    *out = NULL;
    lca__h5rows *r = lca__calloc(ctx, 1, sizeof *r);
    if (r == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    r->ctx = ctx;
    r->out = o;
    r->path = lca__h5out_path(o);
    snprintf(r->name, sizeof r->name, "%s", name);
    r->d1 = d1;
    r->d2 = d2;
    r->rank = rank;
    r->dset = H5I_INVALID_HID;
    lca__h5quiet q;
    lca__h5_quiet(&q);
    char parent[256];
    snprintf(parent, sizeof parent, "%s", name);
    char *slash = strrchr(parent, '/');
    lca_status st = LCA_OK;
    if (slash != NULL && slash != parent) {
        *slash = '\0';
        st = lca__h5out_make_group(o, parent);
    }
    hsize_t dims[3] = {0, (hsize_t)d1, (hsize_t)d2};
    hsize_t maxd[3] = {H5S_UNLIMITED, (hsize_t)d1, (hsize_t)d2};
    int empty = d1 * d2 == 0;  // nothing per row: a fixed, empty dataset
    hid_t space = H5Screate_simple(rank, dims, empty ? dims : maxd);
    hid_t dcpl = empty ? H5Pcreate(H5P_DATASET_CREATE)
                       : make_dcpl(chunk_rows, d2, rank);
    hid_t type = rank == 1 ? H5T_STD_I64LE : H5T_IEEE_F64LE;
    if (st == LCA_OK) st = lca__h5out_reserve(o, 4096);
    if (st == LCA_OK) {
        r->dset = H5Dcreate2(lca__h5out_hid(o), name, type, space,
                             H5P_DEFAULT, dcpl, H5P_DEFAULT);
    }
    lca__h5_close(&space);
    lca__h5_close(&dcpl);
    lca__h5_unquiet(&q);
    if (st != LCA_OK) {
        lca__free(ctx, r);
        return st;
    }
    if (r->dset < 0) {
        lca__free(ctx, r);
        return lca__h5_fail(ctx, "%s: cannot create %s", lca__h5out_path(o),
                            name);
    }
    *out = r;
    return LCA_OK;
}

lca_status lca__h5rows_create(lca__h5out *o, const char *name, int64_t d1,
                              int64_t d2, int64_t chunk_rows,
                              lca__h5rows **out) {
    return create(o, name, d1, d2, chunk_rows, 3, out);
}

lca_status lca__h5rows_create_list(lca__h5out *o, const char *name,
                                   int64_t chunk_rows, lca__h5rows **out) {
    return create(o, name, 1, 1, chunk_rows, 1, out);
}

// The hyperslab (row0.., i1.., j0..) of size (nrows, n1, nj) in space (its
// first dimension only for rank 1).
static herr_t select_box(hid_t space, int64_t row0, int64_t nrows, int64_t i1,
                         int64_t n1, int64_t j0, int64_t nj) {
    hsize_t start[3] = {(hsize_t)row0, (hsize_t)i1, (hsize_t)j0};
    hsize_t count[3] = {(hsize_t)nrows, (hsize_t)n1, (hsize_t)nj};
    return H5Sselect_hyperslab(space, H5S_SELECT_SET, start, NULL, count,
                               NULL);
}

// The rows are flushed at once: HDF5 gives a chunk its disk space only
// when the chunk leaves the cache, so the space reserved for this write
// (io/hdf5/h5close.c) must be used now, not by a later flush that finds
// the disk full.
lca_status lca__h5rows_write(lca__h5rows *r, int64_t row0, int64_t nrows,
                             const double *v) {
    if (nrows <= 0 || r->d1 * r->d2 == 0) return LCA_OK;
    lca_status st = lca__h5out_reserve(r->out, nrows * r->d1 * r->d2 * 8);
    if (st != LCA_OK) return st;
    lca__h5quiet q;
    lca__h5_quiet(&q);
    herr_t rc = 0;
    if (row0 + nrows > r->rows) {
        hsize_t dims[3] = {(hsize_t)(row0 + nrows), (hsize_t)r->d1,
                           (hsize_t)r->d2};
        rc = H5Dset_extent(r->dset, dims);
        if (rc >= 0) r->rows = row0 + nrows;
    }
    hid_t fspace = rc >= 0 ? H5Dget_space(r->dset) : H5I_INVALID_HID;
    hsize_t mdims[3] = {(hsize_t)nrows, (hsize_t)r->d1, (hsize_t)r->d2};
    hid_t mspace = H5Screate_simple(r->rank, mdims, NULL);
    if (fspace < 0 || mspace < 0 ||
        select_box(fspace, row0, nrows, 0, r->d1, 0, r->d2) < 0 ||
        H5Dwrite(r->dset, H5T_NATIVE_DOUBLE, mspace, fspace, H5P_DEFAULT, v) <
            0 ||
        H5Dflush(r->dset) < 0) {
        rc = -1;
    }
    lca__h5_close(&fspace);
    lca__h5_close(&mspace);
    lca__h5_unquiet(&q);
    if (rc < 0) {
        return lca__h5_fail(r->ctx, "%s: cannot write rows %lld..%lld of %s",
                            r->path, (long long)row0,
                            (long long)(row0 + nrows - 1), r->name);
    }
    return LCA_OK;
}

lca_status lca__h5rows_read(lca__h5rows *r, int64_t nrows, int64_t i1,
                            int64_t j0, int64_t nj, double *out) {
    if (nrows <= 0 || nj <= 0) return LCA_OK;
    lca__h5quiet q;
    lca__h5_quiet(&q);
    hid_t fspace = H5Dget_space(r->dset);
    hsize_t mdims[3] = {(hsize_t)nrows, 1, (hsize_t)nj};
    hid_t mspace = H5Screate_simple(3, mdims, NULL);
    herr_t rc = 0;
    if (fspace < 0 || mspace < 0 ||
        select_box(fspace, 0, nrows, i1, 1, j0, nj) < 0 ||
        H5Dread(r->dset, H5T_NATIVE_DOUBLE, mspace, fspace, H5P_DEFAULT,
                out) < 0) {
        rc = -1;
    }
    lca__h5_close(&fspace);
    lca__h5_close(&mspace);
    lca__h5_unquiet(&q);
    if (rc < 0) {
        return lca__h5_fail(r->ctx, "%s: cannot read back %s", r->path,
                            r->name);
    }
    return LCA_OK;
}

void lca__h5rows_close(lca__h5rows **r) {
    if (r == NULL || *r == NULL) return;
    lca__h5quiet q;
    lca__h5_quiet(&q);
    lca__h5_close(&(*r)->dset);
    lca__h5_unquiet(&q);
    lca__free((*r)->ctx, *r);
    *r = NULL;
}
