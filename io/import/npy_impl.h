// io/import/npy_impl.h: a checked reader of NumPy .npy arrays in memory
// SPDX-License-Identifier: MIT
//
// The .npy format (NumPy's format.py, versions 1.0, 2.0 and 3.0): the magic
// "\x93NUMPY", a major and a minor version byte, the header length (2 bytes
// little-endian in 1.0, 4 bytes in 2.0 and 3.0), then the header, a Python
// dict literal such as
//
//     {'descr': '<f8', 'fortran_order': False, 'shape': (3,), }
//     {'descr': [('row', '<i8'), ('col', '<i8')], 'fortran_order': False,
//      'shape': (3,), }
//
// and the raw elements. This reader accepts what Brightway's bw_processing
// writes: a plain element type or a packed structured one (a list of
// (name, type) pairs) whose types are booleans ('|b1', '?'), integers
// ('i1'..'i8', 'u1'..'u8') or floats ('f4', 'f8'), little-endian ('<', or
// '|' for one byte), with 0 to 2 dimensions. Everything else is an error
// that names the file: a bad magic or version, a header that runs past
// the buffer or is not such a dict, an unknown or missing key, a
// big-endian, string, object, complex or half type, a field with a
// sub-shape, more than 8 fields, a shape whose element count or byte size
// overflows, or data that is shorter or longer than the shape says.
//
// Rejected: calling NumPy (no Python in the library) and sscanf over the
// header (it cannot say which part is wrong). Values are decoded byte by
// byte as little-endian, so the reader gives the same numbers on any host.

#ifndef LCA_IO_NPY_IMPL_H
#define LCA_IO_NPY_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "lca/ctx.h"

#define LCA__NPY_MAX_FIELDS 8

typedef struct lca__npy_field {
    char name[32];  // "" for a plain (unstructured) array
    char kind;      // 'b' boolean, 'i' signed, 'u' unsigned, 'f' float
    int size;       // bytes: 1, 2, 4 or 8
    size_t offset;  // within an element
} lca__npy_field;

typedef struct lca__npy {
    int nfields;  // 1 for a plain array (field 0 unnamed)
    int structured;
    lca__npy_field field[LCA__NPY_MAX_FIELDS];
    size_t itemsize;
    int ndim;           // 0, 1 or 2
    int64_t shape[2];   // unused dimensions are 1
    int fortran_order;  // only matters for ndim == 2
    int64_t count;      // elements: the product of the shape
    const unsigned char *data;  // borrowed from the parsed buffer
} lca__npy;

// Parse the .npy bytes buf[0..size-1] named name (for messages). *a
// borrows buf for its data. Errors: LCA_ERR_INVALID ("NAME: ..." saying
// what is wrong, as above).
lca_status lca__npy_parse(lca_ctx *ctx, const char *name, const void *buf,
                          size_t size, lca__npy *a);

// Index of the field called name, or -1.
int lca__npy_field_find(const lca__npy *a, const char *name);

// Field f of element i (0 <= i < count, row-major order of the shape for
// 2-d arrays) as a double (integers convert with rounding beyond 2^53),
// and as an int64: 1 on success, 0 for a float that is not an integer or
// an unsigned value above INT64_MAX.
double lca__npy_double(const lca__npy *a, int64_t i, int f);
int lca__npy_int64(const lca__npy *a, int64_t i, int f, int64_t *x);

// "bool", "int32", "float64" ... of field f (static text).
const char *lca__npy_type_str(const lca__npy *a, int f);

#endif  // LCA_IO_NPY_IMPL_H
