// engine/analysis/tables_impl.h: building result tables column by column
// SPDX-License-Identifier: MIT
//
// The table builders of the analysis calls add many columns in a row; a
// builder carries the first error so they can be written without a check
// after every column (the columns after an error are not added).

#ifndef LCA_TABLES_IMPL_H
#define LCA_TABLES_IMPL_H

#include "lca/model.h"
#include "lca/table.h"

typedef struct lca__tb {
    lca_table *t;
    lca_status st;
} lca__tb;

// Start a table (b->st is the status of lca_table_create).
void lca__tb_start(lca__tb *b, lca_ctx *ctx, const char *name, int64_t rows);
void lca__tb_text(lca__tb *b, const char *col, const char *const *v);
void lca__tb_num(lca__tb *b, const char *col, const char *unit,
                 const double *v);
void lca__tb_int(lca__tb *b, const char *col, const int64_t *v);
void lca__tb_attr(lca__tb *b, const char *key, const char *value);
void lca__tb_attr_num(lca__tb *b, const char *key, double value);
// Hand the table to *out on success, else destroy it; returns b->st.
lca_status lca__tb_finish(lca__tb *b, lca_table **out);

// Labels of entries idx[0..n-1] of an axis (borrowed strings, an array
// the caller frees with lca__free), or NULL when out of memory.
const char **lca__tb_labels(const lca_model *M, lca_axis axis, lca_label l,
                            int64_t n, const int64_t *idx);

#endif  // LCA_TABLES_IMPL_H
