// include/lca/export.h: files for other tools: CSV, Matrix Market, hashes
// SPDX-License-Identifier: MIT
//
// What leontief writes for spreadsheets, pandas and R, and what it records
// about its inputs. Everything here lives in io/ (only io/ opens files).
//
// CSV files are RFC 4180: comma-separated, CRLF line ends, a header row,
// and a field in double quotes (with inner quotes doubled) whenever it
// holds a comma, a quote, a line break or leading or trailing blanks.
// Text is UTF-8 without a byte-order mark. Numbers are written with the
// fewest digits (at most 17) that read back to the same double, so a
// CSV or Matrix Market file carries every bit of the results.
//
// Every file is written atomically (NAME.tmp.XXXXXX, fsync, rename; see
// lca/io.h). An export of several files is not atomic as a whole: a
// failure part way leaves the files already written, each of them
// complete, and nothing half-written.
//
// Threads: as lca/io.h (HDF5 is the serial build: one thread at a time).

#ifndef LCA_EXPORT_H
#define LCA_EXPORT_H

#include "lca/ctx.h"
#include "lca/model.h"

#ifdef __cplusplus
extern "C" {
#endif

// ---- provenance -------------------------------------------------------------

// The SHA-256 of the bytes of the file at path as 64 lower-case hex digits
// and a NUL (what `sha256sum` prints). Errors: LCA_ERR_ARG (NULL),
// LCA_ERR_IO (cannot open or read; the message names the file),
// LCA_ERR_NOMEM.
lca_status lca_file_sha256(lca_ctx *ctx, const char *path, char hex[65]);

// The kinds of HDF5 file leontief writes.
typedef enum lca_file_kind {
    LCA_FILE_OTHER = 0,    // another format (lca_file_info only)
    LCA_FILE_MODEL = 1,    // format "leontief-model"
    LCA_FILE_RESULTS = 2,  // format "leontief-results"
    LCA_FILE_MC = 3,       // format "leontief-mc" (leontief mc)
} lca_file_kind;

// Which kind of file path is, by its root attribute 'format'.
// Errors: LCA_ERR_IO (missing, unreadable, not HDF5), LCA_ERR_INVALID (an
// HDF5 file of none of these kinds: the message names the file and its
// format).
lca_status lca_file_kind_read(lca_ctx *ctx, const char *path,
                              lca_file_kind *kind);

// ---- what a file holds (io/native/fileinfo.c) --------------------------------

// What a root attribute records (docs/FORMAT.md).
typedef enum lca_attr_role {
    LCA_ATTR_FORMAT = 0,      // format, schema_version
    LCA_ATTR_PROVENANCE = 1,  // versions, command line, input files and
                              // their hashes, times, threads, fingerprint
    LCA_ATTR_OPTION = 2,      // options that decide the numbers: seed,
                              // block size, lognormal, solver, ...
    LCA_ATTR_OUTCOME = 3,     // what happened: iterations run, done and
                              // failed, rcond, backward error, ...
    LCA_ATTR_OTHER = 4,       // anything else (e.g. a model's attributes)
} lca_attr_role;

typedef struct lca_file_info lca_file_info;  // opaque; io/native/fileinfo.c

// The root attributes and the datasets of the HDF5 file at path, any of
// ours (or any HDF5 file), without reading the data. Attribute values are
// text: strings as stored, numbers in decimal (%.17g for floats), arrays
// comma-separated; a signed "seed" (files from before the seed became
// uint64) is shown as its unsigned bits. Attributes and datasets are in
// name order. Errors: LCA_ERR_IO (missing, not HDF5, unreadable; the
// message names the file), LCA_ERR_NOMEM. On failure *info is NULL.
lca_status lca_file_info_read(lca_ctx *ctx, const char *path,
                              lca_file_info **info);
void lca_file_info_destroy(lca_file_info **info);  // accepts NULL

// The kind by the 'format' attribute (LCA_FILE_OTHER: another or none).
lca_file_kind lca_file_info_kind(const lca_file_info *info);

// Root attribute i (0 .. nattrs-1): its key, and its value and role when
// those pointers are not NULL; NULL when i is out of range. Borrowed.
int64_t lca_file_info_nattrs(const lca_file_info *info);
const char *lca_file_info_attr(const lca_file_info *info, int64_t i,
                               const char **value, lca_attr_role *role);
// The value of the root attribute key, or NULL. Borrowed.
const char *lca_file_info_attr_find(const lca_file_info *info,
                                    const char *key);

// Dataset i: its path ("/factors/N"), and its type ("float64", "int64",
// "uint64", "uint8", "string", "other"), rank and shape (up to 4
// dimensions, the rest 0) when those pointers are not NULL; NULL when i
// is out of range. Borrowed.
int64_t lca_file_info_ndatasets(const lca_file_info *info);
const char *lca_file_info_dataset(const lca_file_info *info, int64_t i,
                                  const char **type, int *rank,
                                  int64_t dims[4]);
// The first dimension of the dataset at path (1 for a scalar), or -1 when
// the file has no such dataset: e.g. "/products/id" gives the products.
int64_t lca_file_info_length(const lca_file_info *info, const char *path);

// ---- model exports ----------------------------------------------------------

// The import report of M as CSV with the header kind,id,name,detail and
// one row per report line (a header only when there are none).
// Errors: LCA_ERR_IO (the file cannot be written), LCA_ERR_NOMEM.
lca_status lca_model_write_report_csv(const lca_model *M, const char *path);

// M to path (lca_model_write) and its import report to report_csv, both or
// neither: the report is written and flushed under a temporary name first,
// then the model, and the report is renamed into place last, so that a
// report that cannot be written (a missing folder, a full disk) no longer
// leaves the model behind. Errors: those of both writers.
lca_status lca_model_write_with_report(const lca_model *M, const char *path,
                                       const char *report_csv);

// M as the input of `leontief import mtx`, in the directory dir (created,
// with its parents, if missing): A.mtx, B.mtx, C.mtx (Matrix Market
// coordinate real general, 1-based, stored entries including explicit
// zeros), products.csv (id,name,unit), flows.csv
// (id,name,compartment,unit,cas), indicators.csv (id,name,unit) and, when
// M has demands, demands.csv (product then one column per demand). Unset
// ids are written as P0.., F0.., I0.. (what the importer numbers them).
// Importing these files again gives A, B, C, the labels and the demands
// bit for bit; the convention is in the first comment line of A.mtx and
// must be given to the importer. Not carried: demand sets, attributes,
// uncertainty records and the import report (use the model file).
// Errors: LCA_ERR_IO, LCA_ERR_NOMEM.
lca_status lca_model_write_mtx(const lca_model *M, const char *dir);

// ---- results exports --------------------------------------------------------

typedef struct lca_results lca_results;  // opaque; defined in io/native/results_read.c

// Read the tables of a results file (schema leontief-results): labels,
// factors, flow factors and per-demand results, whichever it holds. The
// whole file is checked before anything is returned.
// Errors: LCA_ERR_IO (missing, not HDF5, unreadable), LCA_ERR_INVALID (not
// a results file, a missing or misshapen dataset: the message names the
// file and the dataset), LCA_ERR_NOMEM. On failure *R is NULL.
lca_status lca_results_read(lca_ctx *ctx, const char *path,
                            lca_results **R);

// Free *R and set it to NULL. Accepts NULL.
void lca_results_destroy(lca_results **R);

// Write R as tidy CSV files in dir (created if missing), one row per
// value, each file only when R has its data:
//   factors.csv          product_id, product_name, product_unit,
//                        indicator_id, indicator_name, indicator_unit,
//                        total (N), direct (D)
//   flow_factors.csv     product_id, product_name, product_unit, flow_id,
//                        flow_name, flow_compartment, flow_unit, total (M)
//   demand_scores.csv    demand, indicator_id, indicator_name, unit, value
//   demand_supply.csv    demand, product_id, product_name, product_unit,
//                        value
//   demand_inventory.csv demand, flow_id, flow_name, flow_compartment,
//                        flow_unit, value
// With mtx != 0 also each matrix as Matrix Market array real general:
// factors_N.mtx, factors_D.mtx, factors_M.mtx, demands_scores.mtx,
// demands_supply.mtx, demands_inventory.mtx (rows and columns as in the
// results file). Errors: LCA_ERR_IO, LCA_ERR_NOMEM.
lca_status lca_results_write_csv(const lca_results *R, const char *dir,
                                 int mtx);

// ---- Monte Carlo results exports (io/export/export_mc*.c) --------------------

// The Monte Carlo results file path (leontief mc) as tidy CSV in dir
// (created if missing): factor_stats.csv (count, mean, sd, se, min, max,
// GSD and quantiles per product and indicator), demand_stats.csv,
// demand_samples.csv and convergence.csv (when the run scored demands),
// failures.csv, and for the np products named (ids, or names carried by
// one product each) every iteration's factors in factor_samples.csv.
// Layouts in docs/FORMAT.md. Everything is read before anything is
// written. Errors: LCA_ERR_IO, LCA_ERR_INVALID (not a Monte Carlo results
// file, a dataset of the wrong shape, no factor samples for np > 0, a
// name several products carry), LCA_ERR_NOTFOUND (a product),
// LCA_ERR_NOMEM.
lca_status lca_mcfile_write_csv(lca_ctx *ctx, const char *path,
                                const char *dir, int64_t np,
                                const char *const *products);

#ifdef __cplusplus
}
#endif

#endif  // LCA_EXPORT_H
