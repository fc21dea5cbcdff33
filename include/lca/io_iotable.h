// include/lca/io_iotable.h: import a monetary input-output table from CSV
// SPDX-License-Identifier: MIT
//
// An IO table given as CSV files becomes an io_coefficients model:
//
//   Z  n x n  transactions: Z(i,j) is what sector j buys from sector i
//   x  n      gross output of each sector
//   Y  n x d  final demand: each column becomes a named demand vector
//   F  p x n  pressures (emissions, resources) of each sector; optional
//
//   A = Z diag(x)^-1,  B = F diag(x)^-1,  C = I (p x p)
//
// so that x = (I - A)^-1 y, and the factors N = B (I - A)^-1 are the
// pressure multipliers: one indicator per pressure, with its id and unit.
//
// Two CSV layouts (docs/FORMAT.md, "io import"):
//   tall  a header row, then one record per sector in the order of Z, its
//         label in the id column (the first column unless named); other
//         columns are picked by their header names (x, Y, sector names);
//   wide  a header row holding the n sector labels, in the order of Z, as
//         a contiguous block that starts at the column named like the
//         first sector; columns before the block are labels (id, unit,
//         ...), columns after it are ignored and listed in the import
//         report; one record per row (F's pressures, or the row of x).
// Z is wide with one label column, and its rows are the sectors too. An
// empty cell is 0; any other cell must be a finite number.
//
// Sectors with zero gross output are kept: their columns of A and B are
// zero (so I - A has 1 on their diagonal) and each is listed in the
// import report (kind "zero output sector").
//
// Threads: one calling thread at a time per ctx.

#ifndef LCA_IO_IOTABLE_H
#define LCA_IO_IOTABLE_H

#include <stdint.h>

#include "lca/ctx.h"
#include "lca/model.h"

#ifdef __cplusplus
extern "C" {
#endif

// Where the parts of the table are. Zero-initialize, then set the fields;
// NULL means "not given" (or the default stated).
typedef struct lca_iotable_source {
    const char *Z;            // required: wide, corner cell + n labels
    const char *x;            // required: the file holding gross output
    const char *x_column;     // x is tall: the column holding x, or
    const char *x_row;        // x is wide: the id of the row holding x
    const char *x_id_column;  // column of the ids in x (NULL: the first)
    const char *Y;            // tall: final demand, one column per demand
    const char *const *Y_columns;  // the columns to import, in this
    int64_t nY_columns;            // order (NULL: all but the id column)
    const char *Y_id_column;  // NULL: the first column
    const char *Y_balance;    // name of an extra demand y = x - Z 1, the
                              // net final demand that gives back x exactly
    const char *F;            // wide: pressures, one row each
    const char *F_id_column;  // column of pressure ids (NULL: the first)
    const char *F_unit_column;  // column of pressure units, or
    const char *F_unit;         // the unit of every pressure
    const char *names;          // tall: sector names
    const char *names_column;   // its column of names (required with it)
    const char *names_id_column;  // NULL: the first column
    const char *unit;             // unit of every product, e.g. "kUSD"
} lca_iotable_source;

// Read the table and build the model described at the top of this file.
// Product ids are Z's labels, flow and indicator ids are F's row ids; the
// model attribute "importer" is "io". On failure *M is NULL.
// Errors: LCA_ERR_ARG (src->Z or src->x missing, or neither or both of
// x_column and x_row), LCA_ERR_IO (a file cannot be read),
// LCA_ERR_INVALID (a malformed cell, "PATH: line L, column C ...";
// labels that differ between files, naming both files and the first
// differing label; negative gross output; zero gross output with a
// nonzero entry in the sector's column of Z or F), LCA_ERR_DIM (a file
// has fewer or more sectors than Z), LCA_ERR_NOTFOUND (a named column or
// row is not in its file), LCA_ERR_NOMEM.
lca_status lca_import_iotable(lca_ctx *ctx, const lca_iotable_source *src,
                              lca_model **M);

#ifdef __cplusplus
}
#endif

#endif  // LCA_IO_IOTABLE_H
