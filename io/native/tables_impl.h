// io/native/tables_impl.h: one analysis table as CSV, shared by
// io/native/tables_write.c (lca_tables_write) and the writers that put a
// table next to other files of their own (io/cbam/cbam_write.c)
// SPDX-License-Identifier: MIT

#ifndef LCA_TABLES_IMPL_H
#define LCA_TABLES_IMPL_H

#include "io/util/textout_impl.h"
#include "lca/table.h"

// Table t as CSV (docs/FORMAT.md, "Analysis files"): a header with the
// column names, then one record per row.
void lca__table_csv(lca__textout *w, const lca_table *t);

#endif  // LCA_TABLES_IMPL_H
