// include/lca/submission.h: a factor-database submission package
// (io/release/submission*.c)
//
// China's 2025 guideline on product carbon footprint factor databases asks
// that factors come with the unit-process data and life-cycle models
// behind them. A submission package is a folder, itself a release
// (lca/release.h: written whole or not at all, manifest.json with the
// SHA-256 of every file, SHA256SUMS), holding:
//
//   factors.csv, factors.json, factors.h5, trace.csv
//                     the release's records, rewritten from its
//                     factors.json (data-quality ratings are columns of
//                     the records: dqr, dqr_reliability ...)
//   release-manifest.json   the source release's manifest, unchanged
//   montecarlo.h5     the release's Monte Carlo results, when it has them
//   model.h5          the model file the release was built from (its
//                     SHA-256 must be the release manifest's model_sha256)
//   A.mtx, B.mtx, C.mtx, products.csv, flows.csv, indicators.csv
//   [, demands.csv]   the unit-process data in open form (Matrix Market
//                     and CSV, as `leontief import mtx` reads them;
//                     lca_model_write_mtx), import-report.csv
//   rules.csv         product_id, record_id, rule_id, rule_version,
//                     rule_file: the rule each product is accounted under
//                     ("" when none lists it)
//   rule-ID.json      a copy of each rule file named in rules.csv
//   manifest.json, SHA256SUMS
//
// (layouts: docs/FORMAT.md, "Submission package"). lca_submission_verify
// checks the checksums, imports the unit-process data again, recomputes
// every factor and split value and compares them with the records.
//
// Threads: one calling thread at a time per ctx.

#ifndef LCA_SUBMISSION_H
#define LCA_SUBMISSION_H

#include <stdint.h>

#include "lca/ctx.h"
#include "lca/rule.h"

#ifdef __cplusplus
extern "C" {
#endif

// Write the package of the release in release_dir, built from the model
// file model_path, with the rules of rs (NULL: no rules) into out, which
// must not exist. Errors: LCA_ERR_INVALID (model_path is not the model
// of the release: another SHA-256, or a record's product missing from
// it; a product two rules list: the message names both files),
// LCA_ERR_IO (names the file), LCA_ERR_NOMEM. Nothing is left on failure.
lca_status lca_submission_write(lca_ctx *ctx, const char *release_dir,
                                const char *model_path,
                                const lca_ruleset *rs, const char *out);

typedef struct lca_submission_check {
    int64_t nrecords;   // records compared
    int64_t nvalues;    // values compared (factors and split/gas parts)
    double max_rel;     // the largest |a - b| / max(|a|, |b|) (0 for 0, 0)
    int64_t worst;      // its record, -1 when nothing differs
    char worst_id[128]; // its product id ("" when none)
} lca_submission_check;

// Check the package in dir: every file against SHA256SUMS, the records
// against manifest.json; the unit-process data imported again (the
// convention from A.mtx's comment) and every record's factor and
// component values recomputed (lca_fdb_create) within tol (relative, as
// max_rel). out (may be NULL) gets the comparison. Errors:
// LCA_ERR_INVALID (a checksum that does not match, a file SHA256SUMS
// lists that is missing or a name that leaves the folder, a value
// outside tol: the message names the file or the product), the
// importer's and solver's errors, LCA_ERR_NOMEM.
lca_status lca_submission_verify(lca_ctx *ctx, const char *dir, double tol,
                                 lca_submission_check *out);

#ifdef __cplusplus
}
#endif

#endif  // LCA_SUBMISSION_H
