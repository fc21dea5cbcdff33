// io/import/iotable_impl.h: the CSV table readers under the IO table importer
// SPDX-License-Identifier: MIT
//
// io/iotable_read.c reads the two layouts of include/lca/io_iotable.h:
// wide tables (Z, F, a row of x: sectors across the header) and tall
// tables (x, Y, names: one record per sector). Both check every label
// against the sectors of Z and every cell as a number, and name the file,
// line and column of the first problem. io/import/iotable.c builds the model.

#ifndef LCA_IO_IOTABLE_IMPL_H
#define LCA_IO_IOTABLE_IMPL_H

#include <stdint.h>

#include "io/util/csv_impl.h"
#include "lca/ctx.h"

// The sectors: Z's header labels, and Z's path for messages.
typedef struct lca__iot_sectors {
    int64_t n;
    char **label;      // n labels; NULL until Z's header is read
    const char *path;  // borrowed
} lca__iot_sectors;

// A wide table as read: one row per record kept, the nonzero cells as
// (row, sector, value) in file order.
typedef struct lca__iot_wide {
    lca_ctx *ctx;
    int64_t nrows;
    char **id, **unit;  // per row; unit is NULL without a unit column
    int64_t *line;      // line of each row
    int64_t start;      // field of the first sector column (0-based)
    int64_t nnz;
    int64_t *ei, *ej;   // row and sector of each nonzero cell
    double *ex;
    int64_t nextra;     // columns after the sector block, ignored
    char **extra;       // their header names
    int64_t *extra_col;  // and 0-based fields
    int64_t cap, row_cap, extra_cap;  // allocated room
} lca__iot_wide;

// Which columns and rows of a wide table to read. NULL: the defaults.
typedef struct lca__iot_wide_opts {
    const char *id_column;    // column of row ids (NULL: the first)
    const char *unit_column;  // column of row units (NULL: none)
    const char *row;          // keep only the row with this id (NULL: all)
} lca__iot_wide_opts;

// Read a wide table. With S->label NULL it is Z: the header after the
// corner cell defines S (unique, non-empty labels; S->path set to path)
// and the rows must be the same sectors in the same order. Otherwise the
// header must hold S's labels as one block. Row ids are non-empty and
// unique. W must be zero-initialized; free it with lca__iot_wide_free
// (also after an error). Errors: LCA_ERR_IO, LCA_ERR_INVALID, LCA_ERR_DIM,
// LCA_ERR_NOTFOUND, LCA_ERR_NOMEM.
lca_status lca__iot_read_wide(lca_ctx *ctx, const char *path,
                              lca__iot_sectors *S,
                              const lca__iot_wide_opts *o, lca__iot_wide *W);
void lca__iot_wide_free(lca__iot_wide *W);
void lca__iot_sectors_free(lca_ctx *ctx, lca__iot_sectors *S);

// A tall table as read: ncols columns, one value per sector each.
typedef struct lca__iot_tall {
    lca_ctx *ctx;
    int64_t n, ncols;
    char **name;    // header name of each column read
    double *X;      // numbers: n x ncols, column-major; or NULL
    char **text;    // text: n x ncols copies, column-major; or NULL
    int64_t *line;  // line of each sector's record
} lca__iot_tall;

// Read columns cols[0..ncols-1] (cols NULL: every column but the id
// column) of a tall table whose records are S's sectors, in order, with
// the label in column id_column (NULL: the first). is_text keeps the
// cells as strings, else they must be numbers (empty: 0). T must be
// zero-initialized; free it with lca__iot_tall_free (also after an error).
// Errors: as lca__iot_read_wide.
lca_status lca__iot_read_tall(lca_ctx *ctx, const char *path,
                              const lca__iot_sectors *S,
                              const char *id_column, int64_t ncols,
                              const char *const *cols, int is_text,
                              lca__iot_tall *T);
void lca__iot_tall_free(lca__iot_tall *T);

// Cell f of rec as a number into *x: an empty cell is 0, anything else
// must be a whole finite number. column is the header name, for the
// message "PATH: line L, column C ('name'): 'text' is not a finite number".
// Errors: LCA_ERR_INVALID.
lca_status lca__iot_number(lca_ctx *ctx, const char *path,
                           const lca__csv_record *rec, int64_t f,
                           const char *column, double *x);

#endif  // LCA_IO_IOTABLE_IMPL_H
