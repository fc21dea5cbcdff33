// include/lca/io.h: model files, importers and results files
// SPDX-License-Identifier: MIT
//
// Everything that touches a file lives in io/. The engine never opens one.
// The HDF5 layouts are written down in docs/FORMAT.md.
//
// Atomic writes: every file is written under a temporary name in the same
// directory (NAME.tmp.XXXXXX), flushed to disk (fsync), and renamed over
// NAME only when complete; on any failure the temporary file is removed and
// NAME is left as it was. A process killed mid-write leaves the old file
// (or none) and possibly a stray NAME.tmp.* file, never a broken NAME.
//
// Threads: the HDF5 library is the serial build, which is not thread-safe:
// one thread at a time may call the HDF5 functions here (model read and
// write, lca_h5out_*), even with separate contexts. They leave HDF5's
// error-printing setting as they found it.
//
// Errors: messages name the file and the entry (dataset, line, record).
// LCA_ERR_IO for files that cannot be opened, read or written;
// LCA_ERR_INVALID for files that open but hold malformed content.

#ifndef LCA_IO_H
#define LCA_IO_H

#include <stdint.h>

#include "lca/ctx.h"
#include "lca/model.h"

// ---- model files (HDF5, schema "leontief-model" v2; v1 is read too) ------

// Read a model file, with its uncertainty records and import report
// (version 2), then lca_model_check it.
// Errors: LCA_ERR_IO, LCA_ERR_INVALID, LCA_ERR_DIM, LCA_ERR_NOMEM.
lca_status lca_model_read(lca_ctx *ctx, const char *path, lca_model **M);

// Write M to path atomically, uncertainty records and the import report
// included (schema version 2). Errors: LCA_ERR_IO, LCA_ERR_INVALID (a
// demand set name containing '/', which HDF5 cannot hold), LCA_ERR_NOMEM.
lca_status lca_model_write(const lca_model *M, const char *path);

// ---- importers --------------------------------------------------------------

// A USEEIO model folder (sectors.json, flows.json, indicators.json,
// matrix/{A,B,C}.json, demands.json and demands/*.json): an
// io_coefficients model with every demand vector.
lca_status lca_import_useeio(lca_ctx *ctx, const char *dir, lca_model **M);

// Matrix Market files plus CSV label lists (docs/FORMAT.md, "mtx import").
// B, C and every CSV are optional (NULL): a missing B is 0 x n, a missing C
// is 0 x m, missing labels are numbered.
typedef struct lca_mtx_source {
    lca_convention convention;
    const char *A, *B, *C;  // Matrix Market coordinate/array real files
    const char *products;   // CSV: id,name,unit (header row required)
    const char *flows;      // CSV: id,name,compartment,unit
    const char *indicators; // CSV: id,name,unit
    const char *demands;    // CSV: product id then one column per demand
} lca_mtx_source;
lca_status lca_import_mtx(lca_ctx *ctx, const lca_mtx_source *src,
                          lca_model **M);

// ---- results files (HDF5, generic writer) ----------------------------------

typedef struct lca_h5out lca_h5out;  // opaque; a file being written

// Start writing path (under its temporary name). Errors: LCA_ERR_IO.
lca_status lca_h5out_create(lca_ctx *ctx, const char *path, lca_h5out **out);

// Write a rows x cols float64 dataset from row-major X at name (a path
// like "factors/N"; groups are created as needed). Large datasets are
// chunked and compressed (deflate + shuffle).
lca_status lca_h5out_write_dense(lca_h5out *o, const char *name, int64_t rows,
                                 int64_t cols, const double *X);

// A d0 x d1 x d2 float64 dataset from X in C order (the last index
// fastest), e.g. one k x n table per demand; chunked and compressed like
// lca_h5out_write_dense when large.
lca_status lca_h5out_write_dense3(lca_h5out *o, const char *name, int64_t d0,
                                  int64_t d1, int64_t d2, const double *X);

// A 1-D int64 dataset.
lca_status lca_h5out_write_ints(lca_h5out *o, const char *name, int64_t count,
                                const int64_t *v);

// A 1-D dataset of variable-length UTF-8 strings.
lca_status lca_h5out_write_strings(lca_h5out *o, const char *name,
                                   int64_t count, const char *const *s);

// A string, float64 or int64 scalar attribute on the object at obj ("/"
// for the file; a missing obj is created as a group). Replaces an
// attribute of the same key.
lca_status lca_h5out_set_attr(lca_h5out *o, const char *obj, const char *key,
                              const char *value);
lca_status lca_h5out_set_attr_double(lca_h5out *o, const char *obj,
                                     const char *key, double value);
lca_status lca_h5out_set_attr_int(lca_h5out *o, const char *obj,
                                  const char *key, int64_t value);

// Close, fsync and rename into place; *o becomes NULL whatever happens.
lca_status lca_h5out_commit(lca_h5out **o);

// Abandon the file: close and remove the temporary file. Accepts NULL.
void lca_h5out_destroy(lca_h5out **o);

#endif  // LCA_IO_H
