// io/hdf5/h5close.c: disk space and closing for an HDF5 file being written
// SPDX-License-Identifier: MIT
//
// libhdf5 1.10.8 does not survive running out of disk space. H5Fclose
// flushes the metadata cache inside the file's free callback
// (H5F__close_cb -> H5F_try_close -> H5F__dest); when a write there fails
// (ENOSPC), H5F__dest still frees the file structure but reports failure,
// so H5I_dec_ref keeps the id, now pointing at freed memory, and at exit
// H5_term_library dies on it (SIGSEGV, exit 139, an HDF5-DIAG stack, the
// --json line lost). A failed flush cannot be retried either: it leaves
// the cache's skip list enabled, and every later flush, the one in
// H5Fclose included, stops at "slist already enabled?". And a chunked
// dataset whose chunks fail to reach the disk when it is closed leaves
// the library unable to terminate ("HDF5: infinite loop closing
// library"). So HDF5 must never meet a full disk. Two rules:
//
//   1. Reserve before writing. Before every write, the disk space of
//      everything HDF5 has allocated (its end of allocation, EOA), plus
//      what the write adds, plus a margin (256 KiB or 1/64 of the file) is
//      reserved with posix_fallocate (only the part not reserved before:
//      a margin that grows with the file keeps the calls few). A full
//      disk is then our own ENOSPC, before HDF5 starts anything; whatever
//      HDF5 writes lies below the EOA, in reserved blocks. Measured: a
//      flush moves the EOA by at most one 2 KiB metadata block, and the
//      metadata a write adds is far below the margin.
//   2. Close without writing. To keep a file, H5Fflush writes it whole
//      (into reserved space) and the file is cut to its EOA. Then, kept
//      or abandoned, the driver's descriptor is pointed at an anonymous
//      in-memory file (dup2 of a memfd over the sec2 driver's fd), so
//      that whatever H5Fclose still writes cannot fail: nothing that
//      matters after a flush, the dirty cache of an abandoned file. The
//      file on disk is the flushed one, complete and consistent (every
//      test reads it back). Open objects are closed first.
//
// Rejected: H5dont_atexit (it must come before every other HDF5 call,
// and it only hides the dangling id, which a later H5Fclose or H5close in
// the same process, e.g. the Python package, would still trip on); the
// core driver (the whole file in memory: Monte Carlo results can be
// larger than the memory a run needs); retrying a failed close (the skip
// list above). Limits: where memfd_create is missing (not Linux) the
// close is a plain H5Fclose; a file system that cannot reserve (NFS
// without fallocate is emulated by glibc; btrfs and ZFS copy on write,
// so a rewrite may still need space) gets what HDF5 does.

#define _GNU_SOURCE  // memfd_create
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/mman.h>
#endif

#include "engine/ctx_impl.h"
#include "io/hdf5/h5util_impl.h"

// Bytes reserved beyond what is needed: 256 KiB, or 1/64 of the file.
static off_t margin(haddr_t eoa) {
    off_t r = (off_t)(eoa / 64);
    return r > 256 * 1024 ? r : 256 * 1024;
}

// Close every dataset, group, named type and attribute still open in
// file; -1 if a close failed.
static int close_objects(hid_t file) {
    unsigned types = H5F_OBJ_DATASET | H5F_OBJ_GROUP | H5F_OBJ_DATATYPE |
                     H5F_OBJ_ATTR | H5F_OBJ_LOCAL;
    hid_t ids[64];
    int rc = 0;
    for (;;) {
        ssize_t n = H5Fget_obj_ids(file, types, 64, ids);
        if (n <= 0) return rc;
        for (ssize_t i = 0; i < n; i++) {
            H5I_type_t t = H5Iget_type(ids[i]);
            herr_t e = t == H5I_DATASET ? H5Dclose(ids[i])
                       : t == H5I_GROUP ? H5Gclose(ids[i])
                       : t == H5I_DATATYPE ? H5Tclose(ids[i])
                                            : H5Aclose(ids[i]);
            if (e < 0) rc = -1;
        }
    }
}

int lca__h5_driver_fd(hid_t file) {
    hid_t fapl = H5Fget_access_plist(file);
    void *handle = NULL;
    int ok = fapl >= 0 && H5Pget_driver(fapl) == H5FD_SEC2 &&
             H5Fget_vfd_handle(file, fapl, &handle) >= 0 && handle != NULL;
    lca__h5_close(&fapl);
    return ok ? *(int *)handle : -1;
}

// Point descriptor fd at an anonymous memory file (nothing written
// through it reaches the disk any more); -1 if not possible.
static int detach(int fd) {
#ifdef __linux__
    if (fd < 0) return -1;
    int mem = memfd_create("leontief-h5-discard", MFD_CLOEXEC);
    if (mem < 0) return -1;
    int rc = dup2(mem, fd) < 0 ? -1 : 0;
    close(mem);
    return rc;
#else
    (void)fd;
    return -1;
#endif
}

lca_status lca__h5_reserve(lca_ctx *ctx, hid_t file, int fd,
                           int64_t *reserved, int64_t bytes,
                           const char *path) {
    haddr_t eoa = 0;
    if (fd < 0) return LCA_OK;
    if (H5Fget_eoa(file, &eoa) < 0) {
        return lca__h5_fail(ctx, "%s: cannot read the file's size", path);
    }
    off_t need = (off_t)eoa + (off_t)bytes + margin(eoa);
    if (need <= *reserved) return LCA_OK;
    int err = posix_fallocate(fd, *reserved, need - *reserved);
    if (err == EINVAL || err == EOPNOTSUPP || err == ENOSYS) return LCA_OK;
    if (err != 0) {
        return lca__fail(ctx, LCA_ERR_IO, "%s: cannot write %lld more "
                         "bytes: %s", path, (long long)(need - *reserved),
                         strerror(err));
    }
    *reserved = need;
    return LCA_OK;
}

// Keep the file: flush it whole into reserved space, cut it to its EOA,
// seal it (io/hdf5/h5seal.c).
static lca_status flush_to_disk(lca_ctx *ctx, hid_t file, int fd,
                                int64_t *reserved, const char *path) {
    haddr_t eoa = 0;
    lca_status st = lca__h5_reserve(ctx, file, fd, reserved, 0, path);
    if (st != LCA_OK) return st;
    if (H5Fflush(file, H5F_SCOPE_LOCAL) < 0 || H5Fget_eoa(file, &eoa) < 0) {
        return lca__h5_fail(ctx, "%s: cannot finish the file", path);
    }
    if (fd >= 0 && ftruncate(fd, (off_t)eoa) != 0) {
        return lca__fail(ctx, LCA_ERR_IO, "%s: cannot finish the file: %s",
                         path, strerror(errno));
    }
    return fd >= 0 ? lca__h5_seal(ctx, fd, path) : LCA_OK;
}

lca_status lca__h5_file_close(lca_ctx *ctx, hid_t *file, int fd,
                              int64_t *reserved, int keep, const char *path) {
    if (*file < 0) return LCA_OK;
    lca_status st = LCA_OK;
    if (close_objects(*file) < 0 && keep) {
        st = lca__h5_fail(ctx, "%s: cannot write the last data", path);
    }
    if (keep && st == LCA_OK) {
        st = flush_to_disk(ctx, *file, fd, reserved, path);
    }
    int detached = detach(fd) == 0;
    herr_t e = H5Fclose(*file);
    *file = H5I_INVALID_HID;
    if (e < 0 && st == LCA_OK && keep && !detached) {
        st = lca__h5_fail(ctx, "%s: cannot finish the file", path);
    }
    return st;
}
