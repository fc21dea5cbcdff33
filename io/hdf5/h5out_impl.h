// io/hdf5/h5out_impl.h: what io/ writers need from lca_h5out beyond io.h
// SPDX-License-Identifier: MIT
//
// The public writer covers results files; a model file also needs 1-D
// float64 datasets, int64 array attributes and empty groups. Every
// function here follows the public ones: names are paths ("A/values"),
// missing groups are created, HDF5 failures are LCA_ERR_IO naming the file
// and the object, and HDF5's error printing is off during the call.

#ifndef LCA_H5OUT_IMPL_H
#define LCA_H5OUT_IMPL_H

#include <stdint.h>

#include "lca/io.h"

// A 1-D float64 dataset of count values (chunked and compressed when
// large, like lca_h5out_write_dense). Errors: LCA_ERR_ARG, LCA_ERR_IO.
lca_status lca__h5out_write_doubles(lca_h5out *o, const char *name,
                                    int64_t count, const double *v);

// A uint8 dataset: 1-D of rows values (rank 1) or rows x cols row-major
// (rank 2), stored as H5T_STD_U8LE. Errors: LCA_ERR_ARG, LCA_ERR_IO.
lca_status lca__h5out_write_bytes(lca_h5out *o, const char *name, int rank,
                                  int64_t rows, int64_t cols,
                                  const uint8_t *v);

// A 1-D int64 attribute of count values on the object at obj.
lca_status lca__h5out_set_attr_ints(lca_h5out *o, const char *obj,
                                    const char *key, int64_t count,
                                    const int64_t *v);

// The group name and every group above it, if not there yet.
lca_status lca__h5out_make_group(lca_h5out *o, const char *name);

// The open HDF5 file (for writers that need the HDF5 API directly, e.g.
// appendable datasets) and its final path (for messages). Borrowed.
#include <hdf5.h>
hid_t lca__h5out_hid(const lca_h5out *o);
const char *lca__h5out_path(const lca_h5out *o);
lca_ctx *lca__h5out_ctx(const lca_h5out *o);

#endif  // LCA_H5OUT_IMPL_H
