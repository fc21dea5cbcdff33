// io/hdf5/h5out.c: lca__h5out, the HDF5 writer of all our files
// SPDX-License-Identifier: MIT
//
// An lca__h5out is an HDF5 file being written under its temporary name
// (io/util/atomic.c) and renamed into place by lca__h5out_commit. Datasets are
// created whole, from one array, in one H5Dwrite: nothing here is ever
// extended or rewritten, so the simplest layout that reads fast wins.
//
// Layout: a numeric dataset up to 64 KiB is contiguous (chunking a small
// array only adds an index). A larger one is chunked in blocks of whole
// rows of about 1 MiB (or 1 MiB pieces of one row when a row is larger),
// compressed with shuffle + deflate level 4: factor matrices are mostly
// smooth doubles and sparse indices, which shuffle makes compressible,
// and level 4 is most of level 9's ratio at a fraction of the time.
// Strings are fixed-length UTF-8, NUL-padded, as long as the longest
// string of the dataset (at least 1 byte), chunked and compressed like
// numbers when large: never variable-length, whose global heap a damaged
// file turns into a libhdf5 crash (io/hdf5/h5seal.c). h5py reads them as
// bytes (str through .asstr()). Every file starts with a 512-byte user
// block holding its checksum (io/hdf5/h5seal.c).
//
// Every group tracks the creation order of its links and attributes, so
// that readers can list them in the order they were written (h5dump
// --sort_by=creation_order; the model reader does so for demand sets).

#define _POSIX_C_SOURCE 200809L  // posix_fallocate, ftruncate

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "engine/ctx_impl.h"
#include "io/util/atomic_impl.h"
#include "io/hdf5/h5out_impl.h"
#include "io/hdf5/h5util_impl.h"
#include "io/util/utf8_impl.h"

#define SMALL_BYTES (64 * 1024)  // up to this: contiguous
#define CHUNK_BYTES (1024 * 1024)
#define DEFLATE_LEVEL 4
#define GROUP_BYTES 4096  // reserved for a new group or an attribute

struct lca__h5out {
    lca_ctx *ctx;
    lca__atomic *tmp;  // the temporary file and the final name
    hid_t file;
    hid_t gcpl;        // group creation: track creation order
    int fd;            // the sec2 driver's descriptor (io/hdf5/h5close.c)
    int64_t reserved;  // bytes of the file reserved on disk so far
};

static const char *out_path(const lca__h5out *o) {
    return o->tmp != NULL ? lca__atomic_path(o->tmp) : "?";
}

hid_t lca__h5out_hid(const lca__h5out *o) { return o->file; }

lca_status lca__h5out_reserve(lca__h5out *o, int64_t bytes) {
    return lca__h5_reserve(o->ctx, o->file, o->fd, &o->reserved, bytes,
                           out_path(o));
}
const char *lca__h5out_path(const lca__h5out *o) { return out_path(o); }
lca_ctx *lca__h5out_ctx(const lca__h5out *o) { return o->ctx; }

static herr_t track_order(hid_t plist) {
    unsigned flags = H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED;
    if (H5Pset_link_creation_order(plist, flags) < 0) return -1;
    return H5Pset_attr_creation_order(plist, flags);
}

// Is there room for the file's first bytes? H5Fcreate writes the user
// block and superblock at once, and libhdf5 1.10.8 meeting a full disk
// there leaves an id that loops forever when the library closes ("HDF5:
// infinite loop closing library", a leak, exit 1; a disk filled to its
// last few KiB, e.g. by an mc run's owner file). So reserve them first,
// then give them back (the file is truncated by H5Fcreate anyway).
#define FIRST_BYTES 65536
static lca_status room_to_start(lca__h5out *o) {
    const char *tmp = lca__atomic_tmp_path(o->tmp);
    int fd = open(tmp, O_WRONLY | O_CLOEXEC);
    if (fd < 0) return LCA_OK;  // H5Fcreate will say why
    int err = posix_fallocate(fd, 0, FIRST_BYTES);
    if (ftruncate(fd, 0) != 0 && err == 0) err = errno;
    close(fd);
    if (err == 0 || err == EINVAL || err == EOPNOTSUPP || err == ENOSYS) {
        return LCA_OK;
    }
    return lca__fail(o->ctx, LCA_ERR_IO, "%s: cannot write %d bytes: %s",
                     out_path(o), FIRST_BYTES, strerror(err));
}

// The temporary file with order-tracking root group, a user block for the
// seal (io/hdf5/h5seal.c), a close that really closes (STRONG: no object
// left open keeps the file unflushed) and the sec2 driver, whose
// descriptor lca__h5_file_close can detach.
static lca_status open_file(lca__h5out *o) {
    lca_status st = LCA_OK;
    hid_t fcpl = H5Pcreate(H5P_FILE_CREATE);
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    o->gcpl = H5Pcreate(H5P_GROUP_CREATE);
    if (fcpl < 0 || fapl < 0 || o->gcpl < 0 || track_order(fcpl) < 0 ||
        H5Pset_userblock(fcpl, LCA__H5_USERBLOCK) < 0 ||
        track_order(o->gcpl) < 0 ||
        H5Pset_fclose_degree(fapl, H5F_CLOSE_STRONG) < 0 ||
        H5Pset_fapl_sec2(fapl) < 0) {
        st = lca__h5_fail(o->ctx, "%s: cannot set up HDF5", out_path(o));
    } else if ((st = room_to_start(o)) == LCA_OK) {
        o->file = H5Fcreate(lca__atomic_tmp_path(o->tmp), H5F_ACC_TRUNC,
                            fcpl, fapl);
        if (o->file < 0) {
            st = lca__h5_fail(o->ctx, "%s: cannot create '%s'", out_path(o),
                              lca__atomic_tmp_path(o->tmp));
        } else {
            o->fd = lca__h5_driver_fd(o->file);
        }
    }
    lca__h5_close(&fcpl);
    lca__h5_close(&fapl);
    return st;
}

lca_status lca__h5out_create(lca_ctx *ctx, const char *path, lca__h5out **out) {
    lca__h5quiet q;
    *out = NULL;
    lca__h5_quiet(&q);
    lca_status st = LCA_OK;
    lca__h5out *o = lca__calloc(ctx, 1, sizeof *o);
    if (o == NULL) {
        st = lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
        goto done;
    }
    o->ctx = ctx;
    o->file = H5I_INVALID_HID;
    o->gcpl = H5I_INVALID_HID;
    o->fd = -1;
    st = lca__atomic_begin(ctx, path, &o->tmp);
    if (st != LCA_OK) goto done;
    st = open_file(o);
    if (st != LCA_OK) goto done;
    *out = o;
    o = NULL;
done:
    lca__h5out_destroy(&o);
    lca__h5_unquiet(&q);
    return st;
}

// Free o; the file must be closed or never opened.
static void free_out(lca__h5out *o) {
    lca__h5_close(&o->gcpl);
    lca__atomic_abort(&o->tmp);
    lca__free(o->ctx, o);
}

void lca__h5out_destroy(lca__h5out **op) {
    if (op == NULL || *op == NULL) return;
    lca__h5quiet q;
    lca__h5_quiet(&q);
    lca__h5out *o = *op;
    lca__h5_file_close(o->ctx, &o->file, o->fd, &o->reserved, 0,
                       out_path(o));
    free_out(*op);
    *op = NULL;
    lca__h5_unquiet(&q);
}

lca_status lca__h5out_commit(lca__h5out **op) {
    if (op == NULL || *op == NULL) return LCA_ERR_ARG;
    lca__h5out *o = *op;
    *op = NULL;
    lca__h5quiet q;
    lca__h5_quiet(&q);
    lca_status st = lca__h5_file_close(o->ctx, &o->file, o->fd, &o->reserved,
                                       1, out_path(o));
    if (st == LCA_OK) st = lca__atomic_commit(&o->tmp);  // NULL from here
    free_out(o);
    lca__h5_unquiet(&q);
    return st;
}

static int is_group(hid_t file, const char *name) {
    hid_t obj = H5Oopen(file, name, H5P_DEFAULT);
    int yes = obj >= 0 && H5Iget_type(obj) == H5I_GROUP;
    lca__h5_close(&obj);
    return yes;
}

// Create every group on the way to name, and name itself if whole.
static lca_status make_groups(lca__h5out *o, const char *name, int whole) {
    size_t len = strlen(name);
    char *buf = lca__malloc(o->ctx, len + 1, 1);
    if (buf == NULL) return lca__fail(o->ctx, LCA_ERR_NOMEM, "out of memory");
    memcpy(buf, name, len + 1);
    lca_status st = LCA_OK;
    for (size_t i = 1; i <= len; i++) {
        if (i < len && buf[i] != '/') continue;
        if (i == len && !whole) break;
        buf[i] = '\0';
        htri_t e = H5Lexists(o->file, buf, H5P_DEFAULT);
        if (e == 0) {
            st = lca__h5out_reserve(o, GROUP_BYTES);
            if (st != LCA_OK) break;
            hid_t g = H5Gcreate2(o->file, buf, H5P_DEFAULT, o->gcpl,
                                 H5P_DEFAULT);
            e = (g < 0 || H5Gclose(g) < 0) ? -1 : 1;
        }
        if (e < 0) {
            st = lca__h5_fail(o->ctx, "%s: cannot create group %s",
                              out_path(o), buf);
            break;
        }
        if (i < len && !is_group(o->file, buf)) {
            st = lca__fail(o->ctx, LCA_ERR_ARG, "%s: cannot make %s: %s "
                           "is not a group", out_path(o), name, buf);
            break;
        }
        buf[i] = name[i];
    }
    lca__free(o->ctx, buf);
    return st;
}

lca_status lca__h5out_make_group(lca__h5out *o, const char *name) {
    if (o == NULL || name == NULL) return LCA_ERR_ARG;
    lca__h5quiet q;
    lca__h5_quiet(&q);
    lca_status st = make_groups(o, name, 1);
    lca__h5_unquiet(&q);
    return st;
}

// The chunk of a large numeric dataset of rank 1 to 3: whole rows of about
// 1 MiB (or 1 MiB pieces of one row when a row is larger), within one
// index of the first dimension for rank 3. Returns 0 when the dataset is
// small enough to stay contiguous.
static int chunk_shape(int rank, const hsize_t *dims, size_t elsize,
                       hsize_t *chunk) {
    hsize_t total = 1;
    for (int r = 0; r < rank; r++) total *= dims[r];
    if (total * elsize <= SMALL_BYTES) return 0;
    hsize_t per_chunk = CHUNK_BYTES / elsize;  // elements in one chunk
    hsize_t rows = dims[rank == 1 ? 0 : rank - 2];
    hsize_t cols = rank == 1 ? 1 : dims[rank - 1];
    hsize_t *c = chunk;
    if (rank == 3) *c++ = 1;
    if (rank == 1) {
        c[0] = rows < per_chunk ? rows : per_chunk;
    } else if (cols >= per_chunk) {
        c[0] = 1;
        c[1] = per_chunk;
    } else {
        c[0] = per_chunk / cols < rows ? per_chunk / cols : rows;
        c[1] = cols;
    }
    return 1;
}

// Creation properties for a numeric dataset of the given shape (rank 1 to
// 3): contiguous when small, else chunked and compressed (see the top).
static hid_t numeric_dcpl(int rank, const hsize_t *dims, size_t elsize) {
    hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
    hsize_t chunk[3];
    if (dcpl < 0 || !chunk_shape(rank, dims, elsize, chunk)) return dcpl;
    herr_t e = H5Pset_chunk(dcpl, rank, chunk);
    if (e >= 0 && H5Zfilter_avail(H5Z_FILTER_DEFLATE) > 0) {
        e = H5Pset_shuffle(dcpl);
        if (e >= 0) e = H5Pset_deflate(dcpl, DEFLATE_LEVEL);
    }
    if (e < 0) {
        H5Pclose(dcpl);
        return H5I_INVALID_HID;
    }
    return dcpl;
}

// Create dataset name (rank 1 to 3) of file type ftype and write buf,
// given in memory type mtype. elsize > 0 allows chunking and compression
// (numbers); 0 keeps it contiguous (strings). bytes: what it adds to the
// file at most, reserved first.
static lca_status write_dataset(lca__h5out *o, const char *name, int rank,
                                const hsize_t *dims, hid_t ftype, hid_t mtype,
                                size_t elsize, int64_t bytes,
                                const void *buf) {
    hid_t space = H5I_INVALID_HID, dcpl = H5I_INVALID_HID;
    hid_t dset = H5I_INVALID_HID;
    lca_status st = make_groups(o, name, 0);
    if (st == LCA_OK) st = lca__h5out_reserve(o, bytes);
    if (st != LCA_OK) goto done;
    space = H5Screate_simple(rank, dims, NULL);
    dcpl = elsize > 0 ? numeric_dcpl(rank, dims, elsize)
                      : H5Pcreate(H5P_DATASET_CREATE);
    if (space >= 0 && dcpl >= 0) {
        dset = H5Dcreate2(o->file, name, ftype, space, H5P_DEFAULT, dcpl,
                          H5P_DEFAULT);
    }
    if (dset < 0) {
        st = lca__h5_fail(o->ctx, "%s: cannot create %s", out_path(o), name);
        goto done;
    }
    if (H5Sget_simple_extent_npoints(space) > 0 &&
        H5Dwrite(dset, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0) {
        st = lca__h5_fail(o->ctx, "%s: cannot write %s", out_path(o), name);
        goto done;
    }
    // Closing flushes the last chunks, so it can fail too.
    herr_t e = H5Dclose(dset);
    dset = H5I_INVALID_HID;
    if (e < 0) {
        st = lca__h5_fail(o->ctx, "%s: cannot write %s", out_path(o), name);
    }
done:
    lca__h5_close(&dset);
    lca__h5_close(&dcpl);
    lca__h5_close(&space);
    return st;
}

// The checks every write shares; 0 if the call may go on.
static lca_status check_write(const lca__h5out *o, const char *name,
                              int64_t rows, int64_t cols, const void *data) {
    if (o == NULL) return LCA_ERR_ARG;
    if (name == NULL || name[0] == '\0') {
        return lca__fail(o->ctx, LCA_ERR_ARG, "%s: a dataset needs a name",
                         out_path(o));
    }
    if (rows < 0 || cols < 0 || (cols > 0 && rows > INT64_MAX / cols) ||
        (rows * cols > 0 && data == NULL)) {
        return lca__fail(o->ctx, LCA_ERR_ARG, "%s: %s: %lld x %lld values "
                         "at %p is not a valid array", out_path(o), name,
                         (long long)rows, (long long)cols, data);
    }
    return LCA_OK;
}

static lca_status write_numbers(lca__h5out *o, const char *name, int rank,
                                int64_t rows, int64_t cols, hid_t ftype,
                                hid_t mtype, size_t elsize, const void *v) {
    lca_status st = check_write(o, name, rows, cols, v);
    if (st != LCA_OK) return st;
    hsize_t dims[2] = {(hsize_t)rows, (hsize_t)cols};
    lca__h5quiet q;
    lca__h5_quiet(&q);
    st = write_dataset(o, name, rank, dims, ftype, mtype, elsize,
                       rows * cols * (int64_t)elsize, v);
    lca__h5_unquiet(&q);
    return st;
}

lca_status lca__h5out_write_dense(lca__h5out *o, const char *name, int64_t rows,
                                  int64_t cols, const double *X) {
    return write_numbers(o, name, 2, rows, cols, H5T_IEEE_F64LE,
                         H5T_NATIVE_DOUBLE, sizeof *X, X);
}

lca_status lca__h5out_write_dense3(lca__h5out *o, const char *name,
                                   int64_t d0, int64_t d1, int64_t d2,
                                   const double *X) {
    int64_t d12 = -1;  // d1 * d2, or -1 if invalid
    if (d1 >= 0 && d2 >= 0 && (d2 == 0 || d1 <= INT64_MAX / d2)) d12 = d1 * d2;
    lca_status st = check_write(o, name, d0, d12, X);
    if (st != LCA_OK) return st;
    hsize_t dims[3] = {(hsize_t)d0, (hsize_t)d1, (hsize_t)d2};
    lca__h5quiet q;
    lca__h5_quiet(&q);
    st = write_dataset(o, name, 3, dims, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE,
                       sizeof *X, d0 * d12 * (int64_t)sizeof *X, X);
    lca__h5_unquiet(&q);
    return st;
}

lca_status lca__h5out_write_doubles(lca__h5out *o, const char *name,
                                    int64_t count, const double *v) {
    return write_numbers(o, name, 1, count, 1, H5T_IEEE_F64LE,
                         H5T_NATIVE_DOUBLE, sizeof *v, v);
}

lca_status lca__h5out_write_bytes(lca__h5out *o, const char *name, int rank,
                                  int64_t rows, int64_t cols,
                                  const uint8_t *v) {
    return write_numbers(o, name, rank == 2 ? 2 : 1, rows,
                         rank == 2 ? cols : 1, H5T_STD_U8LE,
                         H5T_NATIVE_UINT8, sizeof *v, v);
}

lca_status lca__h5out_write_ints(lca__h5out *o, const char *name, int64_t count,
                                 const int64_t *v) {
    return write_numbers(o, name, 1, count, 1, H5T_STD_I64LE,
                         H5T_NATIVE_INT64, sizeof *v, v);
}

// A fixed-length UTF-8 string type of size bytes (>= 1), NUL-padded (close
// it after use). Fixed, not variable-length: variable-length strings live
// in HDF5's global heap, which no HDF5 format checksums and whose damage
// crashes or hangs libhdf5 1.10 (io/hdf5/h5seal.c).
static hid_t utf8_type(size_t size) {
    hid_t t = H5Tcopy(H5T_C_S1);
    if (t < 0) return t;
    if (H5Tset_size(t, size > 0 ? size : 1) < 0 ||
        H5Tset_strpad(t, H5T_STR_NULLPAD) < 0 ||
        H5Tset_cset(t, H5T_CSET_UTF8) < 0) {
        H5Tclose(t);
        return H5I_INVALID_HID;
    }
    return t;
}

// The checks every string to write passes: not NULL, valid UTF-8.
static lca_status check_string(lca__h5out *o, const char *name, int64_t i,
                               const char *s) {
    if (s == NULL) {
        return lca__fail(o->ctx, LCA_ERR_ARG, "%s: %s: string %lld is NULL",
                         out_path(o), name, (long long)i);
    }
    int64_t bad = lca__utf8_invalid_at(s);
    if (bad >= 0) {
        return lca__fail(o->ctx, LCA_ERR_INVALID, "%s: %s: string %lld is "
                         "not valid UTF-8 (byte 0x%02x at offset %lld)",
                         out_path(o), name, (long long)i,
                         (unsigned char)s[bad], (long long)bad);
    }
    return LCA_OK;
}

// The strings as one array of count slots of size bytes, NUL-padded.
static char *pack_strings(lca__h5out *o, int64_t count, const char *const *s,
                          size_t size) {
    char *buf = lca__calloc(o->ctx, (size_t)(count > 0 ? count : 1), size);
    for (int64_t i = 0; buf != NULL && i < count; i++) {
        memcpy(buf + (size_t)i * size, s[i], strlen(s[i]));
    }
    return buf;
}

lca_status lca__h5out_write_strings(lca__h5out *o, const char *name,
                                    int64_t count, const char *const *s) {
    lca_status st = check_write(o, name, count, 1, s);
    if (st != LCA_OK) return st;
    size_t size = 1;
    for (int64_t i = 0; i < count && st == LCA_OK; i++) {
        st = check_string(o, name, i, s[i]);
        if (st == LCA_OK && strlen(s[i]) > size) size = strlen(s[i]);
    }
    if (st != LCA_OK) return st;
    char *buf = pack_strings(o, count, s, size);
    if (buf == NULL) return lca__fail(o->ctx, LCA_ERR_NOMEM, "out of memory");
    lca__h5quiet q;
    lca__h5_quiet(&q);
    hid_t type = utf8_type(size);
    hsize_t dims[1] = {(hsize_t)count};
    if (type < 0) {
        st = lca__h5_fail(o->ctx, "%s: cannot make a string type",
                          out_path(o));
    } else {
        st = write_dataset(o, name, 1, dims, type, type, size,
                           count * (int64_t)size, buf);
    }
    lca__h5_close(&type);
    lca__h5_unquiet(&q);
    lca__free(o->ctx, buf);
    return st;
}

// Set attribute key of obj (created as a group if missing), replacing an
// old one. rank 0 is a scalar. ftype is stored, buf is given in mtype.
static lca_status write_attr(lca__h5out *o, const char *obj, const char *key,
                             hid_t ftype, hid_t mtype, int rank,
                             hsize_t count, const void *buf) {
    if (o == NULL) return LCA_ERR_ARG;
    if (obj == NULL || key == NULL || buf == NULL) {
        return lca__fail(o->ctx, LCA_ERR_ARG, "%s: an attribute needs an "
                         "object, a key and a value", out_path(o));
    }
    hid_t space = H5I_INVALID_HID, attr = H5I_INVALID_HID;
    lca_status st = make_groups(o, obj, 1);
    if (st == LCA_OK) st = lca__h5out_reserve(o, GROUP_BYTES + 8 * count);
    if (st != LCA_OK) goto done;
    htri_t old = H5Aexists_by_name(o->file, obj, key, H5P_DEFAULT);
    if (old > 0) old = H5Adelete_by_name(o->file, obj, key, H5P_DEFAULT);
    if (old >= 0) {
        space = rank == 0 ? H5Screate(H5S_SCALAR)
                          : H5Screate_simple(1, &count, NULL);
    }
    if (space >= 0) {
        attr = H5Acreate_by_name(o->file, obj, key, ftype, space, H5P_DEFAULT,
                                 H5P_DEFAULT, H5P_DEFAULT);
    }
    if (attr < 0 || H5Awrite(attr, mtype, buf) < 0) {
        st = lca__h5_fail(o->ctx, "%s: cannot write attribute '%s' of %s",
                          out_path(o), key, obj);
        goto done;
    }
    herr_t e = H5Aclose(attr);
    attr = H5I_INVALID_HID;
    if (e < 0) {
        st = lca__h5_fail(o->ctx, "%s: cannot write attribute '%s' of %s",
                          out_path(o), key, obj);
    }
done:
    lca__h5_close(&space);
    lca__h5_close(&attr);
    return st;
}

lca_status lca__h5out_set_attr(lca__h5out *o, const char *obj, const char *key,
                               const char *value) {
    if (o == NULL) return LCA_ERR_ARG;
    lca_status st = check_string(o, key, 0, value);
    if (st != LCA_OK) return st;
    lca__h5quiet q;
    lca__h5_quiet(&q);
    hid_t type = utf8_type(strlen(value));
    if (type < 0) {
        st = lca__h5_fail(o->ctx, "%s: cannot make a string type",
                          out_path(o));
    } else {
        st = write_attr(o, obj, key, type, type, 0, 1, value);
    }
    lca__h5_close(&type);
    lca__h5_unquiet(&q);
    return st;
}

// A numeric attribute: count values, or a scalar when rank is 0.
static lca_status set_attr_numbers(lca__h5out *o, const char *obj,
                                   const char *key, hid_t ftype, hid_t mtype,
                                   int rank, int64_t count, const void *v) {
    if (o == NULL) return LCA_ERR_ARG;
    if (count < 0) {
        return lca__fail(o->ctx, LCA_ERR_ARG, "%s: an attribute cannot have "
                         "%lld values", out_path(o), (long long)count);
    }
    lca__h5quiet q;
    lca__h5_quiet(&q);
    lca_status st = write_attr(o, obj, key, ftype, mtype, rank,
                               (hsize_t)count, v);
    lca__h5_unquiet(&q);
    return st;
}

lca_status lca__h5out_set_attr_double(lca__h5out *o, const char *obj,
                                      const char *key, double value) {
    return set_attr_numbers(o, obj, key, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 0,
                            1, &value);
}

lca_status lca__h5out_set_attr_int(lca__h5out *o, const char *obj,
                                   const char *key, int64_t value) {
    return set_attr_numbers(o, obj, key, H5T_STD_I64LE, H5T_NATIVE_INT64, 0,
                            1, &value);
}

lca_status lca__h5out_set_attr_u64(lca__h5out *o, const char *obj,
                                   const char *key, uint64_t value) {
    return set_attr_numbers(o, obj, key, H5T_STD_U64LE, H5T_NATIVE_UINT64, 0,
                            1, &value);
}

lca_status lca__h5out_set_attr_ints(lca__h5out *o, const char *obj,
                                    const char *key, int64_t count,
                                    const int64_t *v) {
    return set_attr_numbers(o, obj, key, H5T_STD_I64LE, H5T_NATIVE_INT64, 1,
                            count, v);
}
