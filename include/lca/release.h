// include/lca/release.h: the files of a factor-database release (io/release/)
// SPDX-License-Identifier: MIT
//
// A release is a folder that appears whole or not at all:
//
//     lca_release_create(ctx, "out/uslci-2024", &r)  makes the staging
//         folder out/uslci-2024.tmp.XXXXXX beside it (the final name must
//         not exist: a published release is never overwritten)
//     ... the caller may put files into lca_release_staging(r), e.g. the
//         Monte Carlo results file ...
//     lca_release_set_info(r, "seed", "2024") ...   provenance
//     lca_release_write(r, db)   factors.csv, trace.csv, factors.json,
//                                 factors.h5, manifest.json, SHA256SUMS
//     lca_release_commit(&r)     fsync, rename to out/uslci-2024
//
// (lca_fdb_build, lca/fdb_build.h, does all of it in one call) and
// lca_release_destroy removes the staging folder of a release that
// was not committed. A killed process leaves a stray *.tmp.* folder,
// never a half release. The layout of every file is in docs/FORMAT.md
// ("Factor-database release"); lca_fdb_read reads factors.json back,
// checking it against the manifest's SHA-256.
//
// Record ids: lca_fdb_set_ids gives every record without one the id
// "F" + the first 16 hex digits of the SHA-256 of its defining content
// (product id, unit, GWP set, indicator unit, boundary, the factor's 17
// significant digits, the id it supersedes): the same record content in
// the same place of a chain gets the same id in any rebuild.
//
// Threads: one calling thread at a time.

#ifndef LCA_RELEASE_H
#define LCA_RELEASE_H

#include "lca/factordb.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct lca_release lca_release;  // opaque; io/release/folder.c

// Start the release that will be dir. Errors: LCA_ERR_IO (dir exists, or
// its parent folder is missing or not writable), LCA_ERR_ARG, NOMEM.
lca_status lca_release_create(lca_ctx *ctx, const char *dir, lca_release **r);

// The staging folder (borrowed; valid until commit or destroy).
const char *lca_release_staging(const lca_release *r);

// Put a copy of the file src into the staging folder as name (a plain
// file name: no '/', not "." or ".."): a hard link when src is on the same
// file system, else a copy. Errors: LCA_ERR_ARG (a bad name), LCA_ERR_IO.
lca_status lca_release_add_file(lca_release *r, const char *src,
                                const char *name);

// A provenance entry for the manifest (copied; a repeated key replaces
// the value). Errors: LCA_ERR_ARG (empty key), LCA_ERR_NOMEM.
lca_status lca_release_set_info(lca_release *r, const char *key,
                                const char *value);

// Set the Monte Carlo columns of db from the finished results file path
// (lca_mcfile_read_stats): the total's indicator (LCA_FDB_IND_ID) must be
// in it, components get statistics where their indicator is. When
// model_sha256 is given, the run must have used that model. *iterations
// (may be NULL) gets the successful iterations of the run.
// Errors: LCA_ERR_INVALID (another model; another product count; a run
// stopped early), LCA_ERR_NOTFOUND (no total), the reader's errors.
lca_status lca_fdb_set_mc_file(lca_fdb *db, const char *path,
                               const char *model_sha256, int64_t *iterations);

// Give ids to the records that have none (see the top of this file).
// Errors: LCA_ERR_NOMEM.
lca_status lca_fdb_set_ids(lca_fdb *db);

// Write the record files of db (every record must have an id), then the
// manifest (hashing every file in the staging folder) and SHA256SUMS.
// Errors: LCA_ERR_ARG (a record without id), LCA_ERR_IO (names the file),
// LCA_ERR_INVALID (a string that is not UTF-8: the record and column),
// LCA_ERR_NOMEM.
lca_status lca_release_write(lca_release *r, const lca_fdb *db);

// Rename the staging folder to the release's name. *r becomes NULL; on
// failure the staging folder is removed. Errors: LCA_ERR_IO.
lca_status lca_release_commit(lca_release **r);

// Abandon: remove the staging folder and everything in it. Accepts NULL.
void lca_release_destroy(lca_release **r);

// Free *r but leave its staging folder, e.g. for a Monte Carlo run in it
// that was stopped and will be resumed. Accepts NULL.
void lca_release_detach(lca_release **r);

// A diff (lca_fdb_diff) as CSV at path, one row per product: change,
// product id and name, old and new record ids, unit, old and new factor,
// relative change, beyond_noise, reissue (docs/FORMAT.md). Written
// atomically. Errors: LCA_ERR_IO, LCA_ERR_NOMEM.
lca_status lca_fdb_diff_write_csv(const lca_fdb *old, const lca_fdb *new_db,
                                  const lca_fdb_diff_row *rows, int64_t nrows,
                                  const char *path);

// Read the records of the release in dir (its factors.json, whose SHA-256
// must be the one manifest.json lists).
// Errors: LCA_ERR_IO (a file cannot be read), LCA_ERR_INVALID (not a
// release, a schema_version this leontief does not read, a hash that does
// not match, a malformed record: the message names file and record),
// LCA_ERR_NOMEM.
lca_status lca_fdb_read(lca_ctx *ctx, const char *dir, lca_fdb **db);

#ifdef __cplusplus
}
#endif

#endif  // LCA_RELEASE_H
