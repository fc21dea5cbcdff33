// include/lca/table.h: a named table of typed columns (analysis results)
// SPDX-License-Identifier: MIT
//
// What the analysis calls give a reader: a table is a name, a number of
// rows and columns, each a name, a unit ("" when none) and nrows values of
// one type: text, number (double) or integer (int64). Tables also carry
// key/value attributes (the indicator, its unit, the total ...). The same
// table is printed by the CLI, written as an HDF5 group and as a CSV file
// (lca_tables_write, lca/io.h), and read by the Python package.
//
// Column and table names are identifiers chosen by the library ([a-z0-9_],
// checked), never product names, so a file or dataset named after them
// stays where it is put. Values are copied in; pointers returned are
// borrowed until the table is destroyed.
//
// Threads: one calling thread at a time; any number may read a const table.

#ifndef LCA_TABLE_H
#define LCA_TABLE_H

#include <stdint.h>

#include "lca/ctx.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct lca_table lca_table;  // opaque; engine/analysis/table.c

typedef enum lca_column_type {
    LCA_COLUMN_TEXT = 0,
    LCA_COLUMN_NUMBER = 1,
    LCA_COLUMN_INT = 2,
} lca_column_type;

// A table called name ([a-z0-9_], 1..63 characters) with nrows rows and no
// columns. Errors: LCA_ERR_ARG (bad name, nrows < 0), LCA_ERR_NOMEM.
lca_status lca_table_create(lca_ctx *ctx, const char *name, int64_t nrows,
                            lca_table **t);
void lca_table_destroy(lca_table **t);

// Append a column of nrows values (copied; a NULL string is stored as "").
// Errors: LCA_ERR_ARG (bad or repeated column name, unit NULL allowed),
// LCA_ERR_NOMEM.
lca_status lca_table_add_text(lca_table *t, const char *col,
                              const char *const *v);
lca_status lca_table_add_number(lca_table *t, const char *col,
                                const char *unit, const double *v);
lca_status lca_table_add_int(lca_table *t, const char *col, const int64_t *v);

// A key/value attribute (copied; a key set twice keeps the last value).
lca_status lca_table_set_attr(lca_table *t, const char *key,
                              const char *value);

const char *lca_table_name(const lca_table *t);
int64_t lca_table_nrows(const lca_table *t);
int64_t lca_table_ncols(const lca_table *t);
const char *lca_table_col_name(const lca_table *t, int64_t c);
const char *lca_table_col_unit(const lca_table *t, int64_t c);
lca_column_type lca_table_col_type(const lca_table *t, int64_t c);
// The column's values, or NULL when it has another type.
const char *const *lca_table_col_text(const lca_table *t, int64_t c);
const double *lca_table_col_number(const lca_table *t, int64_t c);
const int64_t *lca_table_col_int(const lca_table *t, int64_t c);
// Index of the column called col, or -1.
int64_t lca_table_col_find(const lca_table *t, const char *col);

int64_t lca_table_nattrs(const lca_table *t);
const char *lca_table_attr_key(const lca_table *t, int64_t i);
const char *lca_table_attr_value(const lca_table *t, int64_t i);
const char *lca_table_attr(const lca_table *t, const char *key);  // or NULL

#ifdef __cplusplus
}
#endif

#endif  // LCA_TABLE_H
