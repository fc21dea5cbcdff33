// io/hdf5/h5in_impl.h: lca__h5in, a validating reader for HDF5 files
// SPDX-License-Identifier: MIT
//
// Opens a file read-only and reads 1-D and 2-D datasets and attributes
// with full validation (existence, type class, rank, length) before
// anything is allocated, accepting both variable- and fixed-length
// strings. Callers silence HDF5's error printing around it
// (lca__h5_quiet). Numbers are in io/hdf5/h5in.c, strings and attributes in
// io/hdf5/h5in_text.c.

#ifndef LCA_H5IN_IMPL_H
#define LCA_H5IN_IMPL_H

#include <hdf5.h>
#include <stdint.h>

#include "io/hdf5/h5util_impl.h"

// A file open for reading. path is borrowed and names the file in every
// message; names of objects are absolute ("/A/colptr").
typedef struct lca__h5in {
    lca_ctx *ctx;
    const char *path;
    hid_t file;
} lca__h5in;

// Open path read-only. Errors: LCA_ERR_IO (missing, unreadable, not HDF5,
// truncated: the message says which). On failure in->file is invalid.
lca_status lca__h5in_open(lca_ctx *ctx, const char *path, lca__h5in *in);

// Close the file (every object opened through these helpers is already
// closed). Accepts a file that failed to open.
void lca__h5in_close(lca__h5in *in);

// *found = 1 if an object is linked at name (every group on the way is
// tested, so a missing parent is "not found", not an error).
// Errors: LCA_ERR_IO, LCA_ERR_NOMEM.
lca_status lca__h5in_exists(const lca__h5in *in, const char *name,
                            int *found);

// Read the 1-D integer (any width) or float dataset name into a new array
// *v of *count entries (lca__free it). expect >= 0 demands that length;
// why explains it in the message ("%s has %lld entries but <why>").
// On failure *v is NULL. Errors: LCA_ERR_INVALID (missing, wrong class,
// rank or length), LCA_ERR_IO, LCA_ERR_NOMEM.
lca_status lca__h5in_read_ints(const lca__h5in *in, const char *name,
                               int64_t expect, const char *why,
                               int64_t *count, int64_t **v);
lca_status lca__h5in_read_doubles(const lca__h5in *in, const char *name,
                                  int64_t expect, const char *why,
                                  int64_t *count, double **v);

// The same for a 2-D dataset, read row-major into *v (dims[0] x dims[1]
// values): expect[r] >= 0 demands that length of dimension r; why
// explains it ("%s has the shape (r, c) but <why>").
lca_status lca__h5in_read_ints2(const lca__h5in *in, const char *name,
                                const int64_t expect[2], const char *why,
                                int64_t dims[2], int64_t **v);
lca_status lca__h5in_read_doubles2(const lca__h5in *in, const char *name,
                                   const int64_t expect[2], const char *why,
                                   int64_t dims[2], double **v);

// Check the dataset at name (it exists, is a dataset of class cls and of
// rank 1 or 2, and dims[r] == expect[r] wherever expect[r] >= 0) and open
// it into *out (close it with lca__h5_close), its dimensions in dims.
// Errors: as for the reads above.
lca_status lca__h5in_open_dataset(const lca__h5in *in, const char *name,
                                  H5T_class_t cls, int rank,
                                  const int64_t *expect, const char *why,
                                  hid_t *out, int64_t *dims);

// "integer", "float", "string", ... for messages.
const char *lca__h5in_class_str(H5T_class_t c);

// Read a 1-D string dataset (variable- or fixed-length, any padding) into
// *v: an array of *count strings, each lca__malloc'ed (free with
// lca__h5_free_strings). A NULL variable-length string reads as "".
lca_status lca__h5in_read_strings(const lca__h5in *in, const char *name,
                                  int64_t expect, const char *why,
                                  int64_t *count, char ***v);
void lca__h5_free_strings(lca_ctx *ctx, char **v, int64_t count);

// *found = 1 if the object at obj has the attribute key.
lca_status lca__h5in_has_attr(const lca__h5in *in, const char *obj,
                              const char *key, int *found);

// The string attribute key of obj (scalar or one element) as a new string.
// Errors: LCA_ERR_INVALID (missing, not a string), LCA_ERR_IO, NOMEM.
lca_status lca__h5in_attr_string(const lca__h5in *in, const char *obj,
                                 const char *key, char **value);

// The integer attribute key of obj with exactly count values (count 1
// also accepts a scalar). Errors: LCA_ERR_INVALID, LCA_ERR_IO.
lca_status lca__h5in_attr_ints(const lca__h5in *in, const char *obj,
                               const char *key, int64_t count, int64_t *v);

#endif  // LCA_H5IN_IMPL_H
