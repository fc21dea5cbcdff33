// io/hdf5/h5util_impl.h: HDF5 helpers shared by the writers and readers in io/
// SPDX-License-Identifier: MIT
//
// Three things every HDF5 call site here needs:
//   - quiet: HDF5 prints its error stack to stderr by default, and the
//     library must never print. Each public io/ function that calls HDF5
//     saves the handler, silences it and restores it before returning, so
//     that the caller's own setting is left as it was.
//   - fail: a negative herr_t/hid_t becomes LCA_ERR_IO, with the innermost
//     description from HDF5's error stack appended to our message.
//   - close: one function that closes any kind of id.
// Plus the names of the model schema, which the model's reader and writer
// share. The validating reader is in io/hdf5/h5in_impl.h.

#ifndef LCA_H5UTIL_IMPL_H
#define LCA_H5UTIL_IMPL_H

#include <hdf5.h>
#include <stdint.h>

#include "lca/ctx.h"
#include "lca/model.h"

// ---- the model schema (docs/FORMAT.md) -------------------------------------

#define LCA__MODEL_FORMAT "leontief-model"
#define LCA__MODEL_VERSION 3      // the schema_version written (v3: sealed,
                                  // fixed-length strings)
#define LCA__MODEL_VERSION_MIN 1  // the oldest one read (no uncertainty)

// The group holding an axis's labels: "products", "flows", "indicators".
const char *lca__h5_axis_group(lca_axis axis);
// The dataset of one kind of label: "id", "name", "unit", "compartment".
const char *lca__h5_label_name(lca_label label);
// The labels an axis carries in the file, in file order (id, name,
// [compartment,] unit[, cas]): their number, with the kinds in labels[].
int lca__h5_axis_labels(lca_axis axis, lca_label labels[LCA_NLABELS]);

// ---- error handling --------------------------------------------------------

typedef struct lca__h5quiet {
    H5E_auto2_t func;
    void *data;
} lca__h5quiet;

// Save HDF5's automatic error handler into q and turn it off.
void lca__h5_quiet(lca__h5quiet *q);
// Put back the handler saved in q.
void lca__h5_unquiet(const lca__h5quiet *q);

// Set the message to fmt followed by " (HDF5: <innermost error>)" and
// return LCA_ERR_IO. Call it right after the failing HDF5 call, before any
// other HDF5 call clears the error stack.
lca_status lca__h5_fail(lca_ctx *ctx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

// Close an id of any kind and set it to H5I_INVALID_HID. Accepts an id
// that is already invalid (negative).
void lca__h5_close(hid_t *id);

// ---- disk space and closing (io/hdf5/h5close.c says why) -------------------

// The descriptor of an open file's sec2 driver, or -1 (another driver).
int lca__h5_driver_fd(hid_t file);

// Reserve on disk what file has allocated, plus bytes about to be written,
// plus a margin; *reserved (start at 0) is how much is reserved already.
// fd is lca__h5_driver_fd(file); with -1 nothing is done.
// Errors: LCA_ERR_IO naming path ("No space left on device").
lca_status lca__h5_reserve(lca_ctx *ctx, hid_t file, int fd,
                           int64_t *reserved, int64_t bytes,
                           const char *path);

// Close the file being written at *file: its open objects, then, if keep,
// a flush into reserved space and a cut to its end, then the file with
// nothing more written to disk. *file is invalid afterwards, always.
// Returns LCA_OK when the file on disk is complete (keep) or abandoned
// (!keep); LCA_ERR_IO naming path when it could not be completed.
lca_status lca__h5_file_close(lca_ctx *ctx, hid_t *file, int fd,
                              int64_t *reserved, int keep, const char *path);

// ---- checksums and probes (io/hdf5/h5seal.c, io/hdf5/h5probe.c) ------------

// Bytes of the user block at the start of every file we write.
#define LCA__H5_USERBLOCK 512

// Write the seal (SHA-256 of everything after the user block) into the
// user block of the finished file open at fd. Errors: LCA_ERR_IO.
lca_status lca__h5_seal(lca_ctx *ctx, int fd, const char *path);

// Verify the seal of the file at path, if it has one (*sealed = 1).
// Errors: LCA_ERR_INVALID ("damaged file", naming path: the bytes changed
// since they were written), LCA_ERR_IO (cannot read), LCA_ERR_NOMEM.
lca_status lca__h5_check(lca_ctx *ctx, const char *path, int *sealed);

// Read the whole file in a child process with a time limit, so that a
// crash or an endless loop of libhdf5 becomes an error here.
// Errors: LCA_ERR_INVALID ("damaged file", naming path), LCA_ERR_IO.
lca_status lca__h5_probe(lca_ctx *ctx, const char *path);

#endif  // LCA_H5UTIL_IMPL_H
