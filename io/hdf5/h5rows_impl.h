// io/hdf5/h5rows_impl.h: float64 datasets of shape (rows, d1, d2) that grow by
// rows, for Monte Carlo samples written block by block
// SPDX-License-Identifier: MIT

#ifndef LCA_H5ROWS_IMPL_H
#define LCA_H5ROWS_IMPL_H

#include <stdint.h>

#include "io/hdf5/h5out_impl.h"

typedef struct lca__h5rows lca__h5rows;

// Create an empty (0, d1, d2) dataset at name in o, chunked by
// (chunk_rows, 1, d2) (at most ~1 MiB a chunk) and compressed.
// Errors: LCA_ERR_IO, LCA_ERR_NOMEM.
lca_status lca__h5rows_create(lca__h5out *o, const char *name, int64_t d1,
                              int64_t d2, int64_t chunk_rows,
                              lca__h5rows **r);

// Create an empty (0,) int64 dataset at name that grows by rows (one
// value a row, written from doubles that hold integers: HDF5 converts).
// Errors: LCA_ERR_IO, LCA_ERR_NOMEM.
lca_status lca__h5rows_create_list(lca__h5out *o, const char *name,
                                   int64_t chunk_rows, lca__h5rows **r);

// Write rows row0 .. row0+nrows-1 from v (nrows x d1 x d2, row-major),
// extending the dataset when needed. Errors: LCA_ERR_IO.
lca_status lca__h5rows_write(lca__h5rows *r, int64_t row0, int64_t nrows,
                             const double *v);

// Read out[t * nj + c] = X(t, i1, j0 + c) for t < nrows, c < nj.
// Errors: LCA_ERR_IO.
lca_status lca__h5rows_read(lca__h5rows *r, int64_t nrows, int64_t i1,
                            int64_t j0, int64_t nj, double *out);

void lca__h5rows_close(lca__h5rows **r);

#endif  // LCA_H5ROWS_IMPL_H
