// io/hdf5/h5out_impl.h: lca__h5out, the HDF5 writer every file of ours uses
// SPDX-License-Identifier: MIT
//
// Internal to io/: results, model, Monte Carlo and checkpoint files are
// written through it (io/native/). Names are paths ("A/values"), missing
// groups are created, HDF5 failures are LCA_ERR_IO naming the file and
// the object, and HDF5's error printing is off during each call. One
// thread at a time (lca/io.h).

#ifndef LCA_H5OUT_IMPL_H
#define LCA_H5OUT_IMPL_H

#include <stdint.h>

#include "lca/ctx.h"

typedef struct lca__h5out lca__h5out;  // opaque; a file being written

// Start writing path (under its temporary name). Errors: LCA_ERR_IO.
lca_status lca__h5out_create(lca_ctx *ctx, const char *path, lca__h5out **out);

// Write a rows x cols float64 dataset from row-major X at name (a path
// like "factors/N"; groups are created as needed). Large datasets are
// chunked and compressed (deflate + shuffle).
lca_status lca__h5out_write_dense(lca__h5out *o, const char *name, int64_t rows,
                                  int64_t cols, const double *X);

// A d0 x d1 x d2 float64 dataset from X in C order (the last index
// fastest), e.g. one k x n table per demand; chunked and compressed like
// lca__h5out_write_dense when large.
lca_status lca__h5out_write_dense3(lca__h5out *o, const char *name, int64_t d0,
                                   int64_t d1, int64_t d2, const double *X);

// A 1-D int64 dataset.
lca_status lca__h5out_write_ints(lca__h5out *o, const char *name, int64_t count,
                                 const int64_t *v);

// A 1-D dataset of variable-length UTF-8 strings.
lca_status lca__h5out_write_strings(lca__h5out *o, const char *name,
                                    int64_t count, const char *const *s);

// A string, float64 or int64 scalar attribute on the object at obj ("/"
// for the file; a missing obj is created as a group). Replaces an
// attribute of the same key.
lca_status lca__h5out_set_attr(lca__h5out *o, const char *obj, const char *key,
                               const char *value);
lca_status lca__h5out_set_attr_double(lca__h5out *o, const char *obj,
                                      const char *key, double value);
lca_status lca__h5out_set_attr_int(lca__h5out *o, const char *obj,
                                   const char *key, int64_t value);

// An unsigned 64-bit scalar attribute (H5T_STD_U64LE), e.g. a seed.
lca_status lca__h5out_set_attr_u64(lca__h5out *o, const char *obj,
                                   const char *key, uint64_t value);

// Close, fsync and rename into place; *o becomes NULL whatever happens.
lca_status lca__h5out_commit(lca__h5out **o);

// Abandon the file: close and remove the temporary file. Accepts NULL.
void lca__h5out_destroy(lca__h5out **o);

// A 1-D float64 dataset of count values (chunked and compressed when
// large, like lca__h5out_write_dense). Errors: LCA_ERR_ARG, LCA_ERR_IO.
lca_status lca__h5out_write_doubles(lca__h5out *o, const char *name,
                                    int64_t count, const double *v);

// A uint8 dataset: 1-D of rows values (rank 1) or rows x cols row-major
// (rank 2), stored as H5T_STD_U8LE. Errors: LCA_ERR_ARG, LCA_ERR_IO.
lca_status lca__h5out_write_bytes(lca__h5out *o, const char *name, int rank,
                                  int64_t rows, int64_t cols,
                                  const uint8_t *v);

// A 1-D int64 attribute of count values on the object at obj.
lca_status lca__h5out_set_attr_ints(lca__h5out *o, const char *obj,
                                    const char *key, int64_t count,
                                    const int64_t *v);

// Reserve disk space for bytes about to be written through the HDF5 API
// directly (io/hdf5/h5close.c: HDF5 must never meet a full disk).
// Errors: LCA_ERR_IO ("No space left on device").
lca_status lca__h5out_reserve(lca__h5out *o, int64_t bytes);

// The group name and every group above it, if not there yet.
lca_status lca__h5out_make_group(lca__h5out *o, const char *name);

// The open HDF5 file (for writers that need the HDF5 API directly, e.g.
// appendable datasets) and its final path (for messages). Borrowed.
#include <hdf5.h>
hid_t lca__h5out_hid(const lca__h5out *o);
const char *lca__h5out_path(const lca__h5out *o);
lca_ctx *lca__h5out_ctx(const lca__h5out *o);

#endif  // LCA_H5OUT_IMPL_H
