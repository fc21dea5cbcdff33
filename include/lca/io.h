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
// write, results write), even with separate contexts. They leave HDF5's
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
#include "lca/solver.h"
#include "lca/table.h"

#ifdef __cplusplus
extern "C" {
#endif

// ---- model files (HDF5, schema "leontief-model" v2; v1 is read too) ------

// Read a model file, with its uncertainty records and import report
// (version 2), then lca_model_check it.
// Errors: LCA_ERR_IO, LCA_ERR_INVALID, LCA_ERR_DIM, LCA_ERR_NOMEM.
lca_status lca_model_read(lca_ctx *ctx, const char *path, lca_model **M);

// Write M to path atomically, uncertainty records and the import report
// included (schema version 2). Errors: LCA_ERR_IO, LCA_ERR_INVALID (a
// demand set name containing '/', which HDF5 cannot hold), LCA_ERR_NOMEM.
lca_status lca_model_write(const lca_model *M, const char *path);

// ---- bundled data -----------------------------------------------------------

// The folder of leontief's bundled data (methods/ and the other folders
// under datasets/ that are installed), into buf: $LEONTIEF_DATADIR when
// set and not empty; else share/leontief of the installation the library
// was loaded from (found from libleontief.so's place, or the program's
// when linked statically); else the source tree the library was built
// from (datasets/). Errors: LCA_ERR_ARG (buf NULL, or too small for the
// path), LCA_ERR_NOTFOUND (none of them exists; the message says where it
// looked).
lca_status lca_data_dir(lca_ctx *ctx, char *buf, size_t size);

// ---- importers --------------------------------------------------------------

// A USEEIO model folder (sectors.json, flows.json, indicators.json,
// matrix/{A,B,C}.json, demands.json and demands/*.json): an
// io_coefficients model with A and the demand vectors of the complete
// system. USEEIO v2 models also have the domestic requirements
// matrix/A_d.json and domestic demands (demands.json "system":
// "Domestic", ids "..._Domestic"), which EPA computes with A_d: with A
// they would overstate (GHG 13.5-15.5 % too high on the Georgia model). So a
// model holds one system: domestic demands are left out of a complete
// model, each with an import report line "domestic demand left out"
// (and complete ones out of a domestic model, "complete demand left
// out"); the attribute "useeio_system" says which.
lca_status lca_import_useeio(lca_ctx *ctx, const char *dir, lca_model **M);

typedef enum lca_useeio_system {
    LCA_USEEIO_COMPLETE = 0,  // A.json and the complete demands
    LCA_USEEIO_DOMESTIC = 1,  // A_d.json and the domestic demands
} lca_useeio_system;

// The same, for either system. Errors: as lca_import_useeio; a domestic
// import of a folder without matrix/A_d.json is LCA_ERR_IO naming it.
lca_status lca_import_useeio_system(lca_ctx *ctx, const char *dir,
                                    lca_useeio_system sys, lca_model **M);

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

// ---- results files (HDF5, schema "leontief-results" v1) -------------------

// What one calculation computed, for lca_results_write. Borrowed arrays;
// optional parts are NULL (or 0) when not computed. Indices refer to the
// model the results were computed from.
typedef struct lca_results_data {
    // Provenance (root attributes): strings may be NULL (written as "").
    const char *command_line;     // the command that ran
    const char *model_file;       // the model file as given
    const char *model_sha256;     // its SHA-256 (lca_file_sha256)
    const char *created_utc;      // ISO 8601 UTC: the run started
    const char *finished_utc;     // ... and finished
    lca_solver_kind solver;       // the path taken (lca_solver_factor_info)
    double rcond_estimate;        // of the factorization
    double backward_error;        // the worst of the solves
    int threads;                  // lca_ctx_nthreads
    // Factors (written when N != NULL): indicators ind[0..nind-1], N and D
    // nind x n, row-major (lca_calc_factors); flow factors of flows
    // fl[0..nfl-1], Mf nfl x n (lca_calc_flow_factors; nfl 0: none).
    int64_t nind;
    const int64_t *ind;
    const double *N, *D;
    int64_t nfl;
    const int64_t *fl;
    const double *Mf;
    // Demands dem[0..nd-1] (nd 0: none): scores H (k x nd), supply S
    // (n x nd, may be NULL) and inventory G (m x nd, may be NULL), all
    // column-major (lca_calc_demands); by-product contributions Pt and Pd
    // (nd x k x n each, C order; NULL: none) from lca_contrib_by_product.
    int64_t nd;
    const int64_t *dem;
    const double *H, *S, *G;
    const double *Pt, *Pd;
} lca_results_data;

// Write the results d computed from M to path atomically (layout in
// docs/FORMAT.md, "Results file"): provenance, the products, then the
// factors and the demands' tables that d holds. Per-demand tables are
// stored with shape (rows, demands), so that h5py's scores[i, j] is
// indicator i of demand j. Read back with lca_results_read (lca/export.h).
// Errors (in M's context): LCA_ERR_IO (the message names the file and the
// dataset), LCA_ERR_NOMEM.
lca_status lca_results_write(const lca_model *M, const lca_results_data *d,
                             const char *path);


// ---- analysis tables (HDF5 and CSV, schema "leontief-analysis" v1) --------

// Provenance of an analysis file (root attributes; NULL strings are "").
typedef struct lca_tables_info {
    const char *analysis;      // "contrib", "tree", "paths", "sensitivity"
    const char *command_line;  // the command that ran
    const char *model_file;    // the model file as given
    const char *model_sha256;  // its SHA-256 (lca_file_sha256)
    const char *created_utc;   // ISO 8601 UTC
} lca_tables_info;

// Write tables[0..ntables-1] (lca/table.h) to an HDF5 file at h5_path
// and/or as <name>.csv files in the folder csv_dir (created if missing);
// either path may be NULL. Layout in docs/FORMAT.md ("Analysis files").
// All files appear together or none does (temporary names, renamed at the
// end). Errors: LCA_ERR_IO (naming the file), LCA_ERR_NOMEM.
lca_status lca_tables_write(lca_ctx *ctx, int64_t ntables,
                            const lca_table *const *tables,
                            const lca_tables_info *info, const char *h5_path,
                            const char *csv_dir);

// ---- product -> group maps (CSV; docs/FORMAT.md, "Group maps") -----------

typedef struct lca_group_map lca_group_map;  // opaque; io/native/groupmap.c

// Read a map of products (named as lca_model_lookup takes them) to groups
// such as life-cycle stages. Errors: LCA_ERR_NOTFOUND (products the model
// does not have: all listed with their lines), LCA_ERR_INVALID (no
// product/group header, a name several products share, a product in two
// groups, an empty group), LCA_ERR_IO, LCA_ERR_NOMEM; messages name the
// file.
lca_status lca_group_map_read(const lca_model *M, const char *path,
                              lca_group_map **out);
void lca_group_map_destroy(lca_group_map **g);
int64_t lca_group_map_ngroups(const lca_group_map *g);
// Group of each product (n entries; -1: not in the map), and the group
// names in order of first appearance (borrowed).
const int64_t *lca_group_map_of(const lca_group_map *g);
const char *const *lca_group_map_names(const lca_group_map *g);

#ifdef __cplusplus
}
#endif

#endif  // LCA_IO_H
