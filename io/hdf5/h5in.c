// io/hdf5/h5in.c: lca__h5in, the validating HDF5 reader: files and numbers
// SPDX-License-Identifier: MIT
//
// The reader validates before it allocates: a dataset's class, rank and
// length are checked against what the caller expects, so that a damaged
// or hostile file costs an error message, never a huge allocation or a
// read past an array. Strings and attributes are in io/hdf5/h5in_text.c.

#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "engine/ctx_impl.h"
#include "io/hdf5/h5in_impl.h"

// ---- opening ---------------------------------------------------------------

lca_status lca__h5in_open(lca_ctx *ctx, const char *path, lca__h5in *in) {
    in->ctx = ctx;
    in->path = path;
    in->file = H5I_INVALID_HID;
    // Ask the OS first: its message for a missing file is the clearest.
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        char msg[256];
        if (strerror_r(errno, msg, sizeof msg) != 0) msg[0] = '\0';
        return lca__fail(ctx, LCA_ERR_IO, "%s: cannot open: %s", path, msg);
    }
    close(fd);
    // Our files are sealed; any other is read by a child first
    // (io/hdf5/h5seal.c, io/hdf5/h5probe.c): libhdf5 must not meet a
    // damaged file in this process.
    int sealed = 0;
    lca_status st = lca__h5_check(ctx, path, &sealed);
    if (st != LCA_OK) return st;
    htri_t is_hdf5 = H5Fis_hdf5(path);
    if (is_hdf5 < 0) return lca__h5_fail(ctx, "%s: cannot read", path);
    if (is_hdf5 == 0) {
        return lca__fail(ctx, LCA_ERR_IO, "%s: not an HDF5 file", path);
    }
    if (!sealed) st = lca__h5_probe(ctx, path);
    if (st != LCA_OK) return st;
    in->file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (in->file < 0) {
        return lca__h5_fail(ctx, "%s: cannot open as HDF5 (truncated or "
                            "damaged?)", path);
    }
    return LCA_OK;
}

void lca__h5in_close(lca__h5in *in) { lca__h5_close(&in->file); }

lca_status lca__h5in_exists(const lca__h5in *in, const char *name,
                            int *found) {
    *found = 0;
    size_t len = strlen(name);
    char *buf = lca__malloc(in->ctx, len + 1, 1);
    if (buf == NULL) return lca__fail(in->ctx, LCA_ERR_NOMEM, "out of memory");
    memcpy(buf, name, len + 1);
    // H5Lexists fails, rather than says no, when a group on the way is
    // missing: test every prefix, from the top down.
    lca_status st = LCA_OK;
    int yes = 1;
    for (size_t i = 1; i <= len && yes; i++) {
        if (i < len && buf[i] != '/') continue;
        buf[i] = '\0';
        htri_t e = H5Lexists(in->file, buf, H5P_DEFAULT);
        if (e < 0) {
            st = lca__h5_fail(in->ctx, "%s: cannot look up %s", in->path, buf);
            break;
        }
        buf[i] = name[i];
        yes = e > 0;
    }
    *found = (st == LCA_OK && yes);
    lca__free(in->ctx, buf);
    return st;
}

// ---- datasets --------------------------------------------------------------

const char *lca__h5in_class_str(H5T_class_t c) {
    switch (c) {
    case H5T_INTEGER: return "integer";
    case H5T_FLOAT: return "float";
    case H5T_STRING: return "string";
    case H5T_COMPOUND: return "compound";
    case H5T_ENUM: return "enum";
    default: return "non-numeric";
    }
}

// The extent of name must have the rank asked for (1 to 3) and the lengths
// expected where expect[r] >= 0; its dimensions go to dims.
static lca_status check_extent(const lca__h5in *in, const char *name,
                               hid_t space, int rank, const int64_t *expect,
                               const char *why, int64_t *dims) {
    hsize_t d[3] = {0, 0, 0};  // rank 3: checkpoint rows (io/native/mcckpt.c)
    int r = H5Sget_simple_extent_ndims(space);
    if (r != rank || rank > 3 ||
        H5Sget_simple_extent_dims(space, d, NULL) != rank) {
        return lca__fail(in->ctx, LCA_ERR_INVALID, "%s: %s has rank %d, "
                         "expected a %d-D dataset", in->path, name, r, rank);
    }
    int ok = 1;
    for (int k = 0; k < rank; k++) {
        if (d[k] > (hsize_t)(INT64_MAX / 16)) ok = 0;
        if (ok && expect[k] >= 0 && (int64_t)d[k] != expect[k]) ok = 0;
        dims[k] = (int64_t)d[k];
    }
    // So that rows * cols, and any size computed from it, cannot wrap.
    if (rank == 2 && d[1] > 0 && d[0] > (hsize_t)(INT64_MAX / 16) / d[1]) {
        ok = 0;
    }
    if (ok) return LCA_OK;
    if (why == NULL) why = "that is too many";
    if (rank == 1) {
        return lca__fail(in->ctx, LCA_ERR_INVALID, "%s: %s has %llu entries "
                         "but %s", in->path, name, (unsigned long long)d[0],
                         why);
    }
    return lca__fail(in->ctx, LCA_ERR_INVALID, "%s: %s has the shape (%llu, "
                     "%llu) but %s", in->path, name, (unsigned long long)d[0],
                     (unsigned long long)d[1], why);
}

lca_status lca__h5in_open_dataset(const lca__h5in *in, const char *name,
                                  H5T_class_t cls, int rank,
                                  const int64_t *expect, const char *why,
                                  hid_t *out, int64_t *dims) {
    lca_ctx *ctx = in->ctx;
    hid_t obj = H5I_INVALID_HID, type = H5I_INVALID_HID;
    hid_t space = H5I_INVALID_HID;
    int found = 0;
    *out = H5I_INVALID_HID;
    lca_status st = lca__h5in_exists(in, name, &found);
    if (st == LCA_OK && !found) {
        st = lca__fail(ctx, LCA_ERR_INVALID, "%s: %s is missing", in->path,
                       name);
    }
    if (st != LCA_OK) goto done;
    obj = H5Oopen(in->file, name, H5P_DEFAULT);
    if (obj < 0) {
        st = lca__h5_fail(ctx, "%s: cannot open %s", in->path, name);
        goto done;
    }
    if (H5Iget_type(obj) != H5I_DATASET) {
        st = lca__fail(ctx, LCA_ERR_INVALID, "%s: %s is not a dataset",
                       in->path, name);
        goto done;
    }
    type = H5Dget_type(obj);
    space = H5Dget_space(obj);
    if (type < 0 || space < 0) {
        st = lca__h5_fail(ctx, "%s: cannot inspect %s", in->path, name);
        goto done;
    }
    H5T_class_t c = H5Tget_class(type);
    if (c != cls) {
        st = lca__fail(ctx, LCA_ERR_INVALID, "%s: %s holds %s values, "
                       "expected %s", in->path, name,
                       lca__h5in_class_str(c), lca__h5in_class_str(cls));
        goto done;
    }
    st = check_extent(in, name, space, rank, expect, why, dims);
    if (st != LCA_OK) goto done;
    *out = obj;
    obj = H5I_INVALID_HID;
done:
    lca__h5_close(&obj);
    lca__h5_close(&type);
    lca__h5_close(&space);
    return st;
}

// Read the whole dataset name (rank 1 or 2, class cls) as memtype values
// of size bytes into a new array *v; its dimensions go to dims.
static lca_status read_numbers(const lca__h5in *in, const char *name,
                               H5T_class_t cls, hid_t memtype, size_t size,
                               int rank, const int64_t *expect,
                               const char *why, int64_t *dims, void **v) {
    lca_ctx *ctx = in->ctx;
    hid_t dset = H5I_INVALID_HID;
    void *buf = NULL;
    *v = NULL;
    dims[0] = 0;
    if (rank == 2) dims[1] = 0;
    lca_status st = lca__h5in_open_dataset(in, name, cls, rank, expect, why,
                                           &dset, dims);
    if (st != LCA_OK) goto done;
    int64_t len = rank == 2 ? dims[0] * dims[1] : dims[0];
    buf = lca__malloc(ctx, (size_t)len, size);
    if (buf == NULL) {
        st = lca__fail(ctx, LCA_ERR_NOMEM, "%s: out of memory for %s (%lld "
                       "entries)", in->path, name, (long long)len);
        goto done;
    }
    if (len > 0 &&
        H5Dread(dset, memtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0) {
        st = lca__h5_fail(ctx, "%s: cannot read %s", in->path, name);
        goto done;
    }
    *v = buf;
    buf = NULL;
done:
    if (st != LCA_OK) {
        dims[0] = 0;
        if (rank == 2) dims[1] = 0;
    }
    lca__free(ctx, buf);
    lca__h5_close(&dset);
    return st;
}

lca_status lca__h5in_read_ints(const lca__h5in *in, const char *name,
                               int64_t expect, const char *why,
                               int64_t *count, int64_t **v) {
    return read_numbers(in, name, H5T_INTEGER, H5T_NATIVE_INT64, sizeof **v,
                        1, &expect, why, count, (void **)v);
}

lca_status lca__h5in_read_doubles(const lca__h5in *in, const char *name,
                                  int64_t expect, const char *why,
                                  int64_t *count, double **v) {
    return read_numbers(in, name, H5T_FLOAT, H5T_NATIVE_DOUBLE, sizeof **v,
                        1, &expect, why, count, (void **)v);
}

lca_status lca__h5in_read_ints2(const lca__h5in *in, const char *name,
                                const int64_t expect[2], const char *why,
                                int64_t dims[2], int64_t **v) {
    return read_numbers(in, name, H5T_INTEGER, H5T_NATIVE_INT64, sizeof **v,
                        2, expect, why, dims, (void **)v);
}

lca_status lca__h5in_read_doubles2(const lca__h5in *in, const char *name,
                                   const int64_t expect[2], const char *why,
                                   int64_t dims[2], double **v) {
    return read_numbers(in, name, H5T_FLOAT, H5T_NATIVE_DOUBLE, sizeof **v,
                        2, expect, why, dims, (void **)v);
}
