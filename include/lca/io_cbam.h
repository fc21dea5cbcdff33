// include/lca/io_cbam.h: reading CBAM goods files and reference tables,
// writing the CBAM results
// SPDX-License-Identifier: MIT
//
// The goods file is JSON (format "leontief-cbam-goods", version 1; schema
// datasets/cbam/schema/goods-1.schema.json); the sector, default-value and
// mark-up tables are CSV files (datasets/cbam/, with their schemas and
// sources). Layouts in docs/CBAM.md; the outputs in docs/FORMAT.md ("CBAM
// table").
//
// Threads: one calling thread at a time per ctx.

#ifndef LCA_IO_CBAM_H
#define LCA_IO_CBAM_H

#include "lca/cbam.h"
#include "lca/io.h"

#ifdef __cplusplus
extern "C" {
#endif

// The files of one CBAM calculation.
typedef struct lca_cbam_files {
    const char *goods;     // goods JSON
    const char *sectors;   // sectors CSV
    const char *defaults;  // default values CSV
    const char *markups;   // mark-ups CSV
} lca_cbam_files;

// Read the four files and create the calculation (lca_cbam_create).
// Errors: LCA_ERR_IO (a file cannot be opened), LCA_ERR_INVALID (not JSON,
// a wrong format or version, a field of the wrong type, an unknown field,
// a CSV without the expected header or with a malformed line, and every
// check of lca_cbam_create; the message names the file and the entry),
// LCA_ERR_NOMEM.
lca_status lca_cbam_read(lca_ctx *ctx, const lca_cbam_files *files,
                         lca_cbam **cb);

// Write the results of a computed calculation to the folder dir (created
// if missing): cbam.csv (the template-like table, lca_cbam_table) and
// cbam.html (a self-contained page with the same table and the default
// comparison). Both appear together or neither does; a file of the same
// name is replaced. info (may be NULL) is the provenance, as for
// lca_tables_write. Errors: LCA_ERR_ARG (not computed), LCA_ERR_IO,
// LCA_ERR_NOMEM.
lca_status lca_cbam_write(const lca_cbam *cb, const lca_tables_info *info,
                          const char *dir);

#ifdef __cplusplus
}
#endif

#endif  // LCA_IO_CBAM_H
