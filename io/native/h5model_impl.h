// io/native/h5model_impl.h: the parts of a model file added in schema version 2
// SPDX-License-Identifier: MIT
//
// io/native/h5model_write.c and io/native/h5model_read.c handle the version 1 layout;
// io/native/h5model_extra.c adds the uncertainty records (/A/uncertainty, ...)
// and the import report (/import_report), both optional. The layout is in
// docs/FORMAT.md.

#ifndef LCA_H5MODEL_IMPL_H
#define LCA_H5MODEL_IMPL_H

#include "io/hdf5/h5in_impl.h"
#include "io/hdf5/h5out_impl.h"
#include "lca/model.h"

// Write the uncertainty groups of the matrices that have records, and
// /import_report when M has report lines. Errors: LCA_ERR_IO,
// LCA_ERR_NOMEM.
lca_status lca__h5model_write_extra(lca__h5out *o, const lca_model *M);

// Read them back into M (whose matrices are in place), if present.
// Errors: LCA_ERR_INVALID (wrong length, a code or score out of range,
// parameters lca_uncertainty_valid rejects: the message names the file,
// the dataset and the record index), LCA_ERR_IO, LCA_ERR_NOMEM.
lca_status lca__h5model_read_extra(const lca__h5in *in, lca_model *M);

#endif  // LCA_H5MODEL_IMPL_H
