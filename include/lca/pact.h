// include/lca/pact.h: PACT v3 ProductFootprint export (io/export/pact*.c)
// SPDX-License-Identifier: MIT
//
// PACT (the WBCSD Partnership for Carbon Transparency) exchanges product
// footprints as ProductFootprint records (Technical Specifications v3,
// `#/components/schemas/ProductFootprint` of its openapi.yaml). An export
// is a folder that appears whole or not at all:
//
//   footprints.json   {"data": [ProductFootprint, ...]}, the body of
//                     PACT's ListFootprints response, one record a line
//   index.csv         one row per footprint: id, status, kind, subject,
//                     record, preceding ids, name, value
//   SHA256SUMS        of both, for `sha256sum -c`
//
// (layouts in docs/FORMAT.md, "PACT export"; field by field mapping in
// docs/DISCLOSURE.md). Every PACT number is a plain decimal string with
// no exponent and the fewest digits that read back to the same double.
// The Monte Carlo results travel in a data model extension (mean, sd,
// median, 2.5 / 97.5 %, GSD, iterations, seed; grade probabilities)
// whose JSON schema is datasets/pact/pact-uncertainty-1.schema.json.
//
// Ids and lifecycle. A footprint is immutable. Its id is a name-based
// UUID (version 8, SHA-256) of the data owner's company ids, the kind
// ("product", "category"), the subject (product or category id), its
// record (a release's record id, or a category's content id) and the
// canonical text of its content, so the same records export to the same
// ids. With a previous export (opt.previous), for each subject:
//   - same record as the previous Active footprint: that footprint is
//     re-emitted unchanged (id, created and all; the release's diff
//     decided the record did not change, lca/factordb.h);
//   - another record: a new footprint whose precedingPfIds are the old
//     id and the old one's precedingPfIds, and the old one re-emitted
//     with status Deprecated;
//   - gone: the old one re-emitted as Deprecated.
// Footprints that were Deprecated already are re-emitted as they were.
//
// Threads: one calling thread at a time per ctx.

#ifndef LCA_PACT_H
#define LCA_PACT_H

#include <stdint.h>

#include "lca/factordb.h"
#include "lca/grade.h"
#include "lca/rule.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LCA_PACT_SPEC_VERSION "3.0.0"
// The extension's dataSchema (its file: datasets/pact/).
#define LCA_PACT_EXT_SCHEMA \
    "https://leontief.example/schema/pact-uncertainty-1.schema.json"

typedef struct lca_pact_options {
    const char *company_name;      // the data owner (required)
    int64_t ncompany_ids;          // >= 1 URNs ("urn:...")
    const char *const *company_ids;
    // Product ids are urn:pact:DOMAIN:product-id:ID (ID percent-encoded).
    const char *id_domain;         // e.g. "factors.example.org" (required)
    const char *created;           // RFC 3339 UTC time of this export,
                                   // e.g. "2025-06-30T00:00:00Z" (required:
                                   // an export must be reproducible)
    // Used where a product's data give no reference period: "YYYY" or
    // "YYYY-YYYY" (calendar years). NULL: such a product is an error.
    const char *reference_period;
    // The database behind the factors (secondaryEmissionFactorSources);
    // NULL or "": not declared.
    const char *database_name, *database_version;
    const char *previous;          // previous export folder, or NULL
    // Grades: scheme files for the rules that name one (NULL: no grades),
    // the confidence, and the parameters the schemes need.
    const char *grading_dir;
    double confidence;             // (0.9)
    int64_t nparams;
    const lca_grade_param *params;
} lca_pact_options;

void lca_pact_options_default(lca_pact_options *opt);

// Export the products of a factor-database release. release_dir is the
// release folder (read with lca_fdb_read; its manifest gives the Monte
// Carlo seed and iterations, its montecarlo.h5 the samples for grades);
// every product selected must be listed by exactly one rule of rs, whose
// declared unit, mass, codes, standards, boundary, allocation and GWP set
// the footprint takes; the factor and its split are scaled to the rule's
// declared unit. products: nproducts ids or names to export (NULL: all).
// The folder out must not exist; nothing is left behind on failure.
// Errors: LCA_ERR_INVALID (a product no rule lists or two rules list;
// no split results: the release lacks split_fossil or
// split_total_including_uptake; a required value PACT cannot express,
// such as negative fossil emissions; no reference period; a declared
// unit PACT has no unit for; a bad option; a previous export that is not
// one: each message names the product, rule file or field),
// LCA_ERR_NOTFOUND (a selected product not in the release), LCA_ERR_IO,
// LCA_ERR_NOMEM.
lca_status lca_pact_export_release(lca_ctx *ctx, const char *release_dir,
                                   const lca_ruleset *rs,
                                   const lca_pact_options *opt,
                                   int64_t nproducts,
                                   const char *const *products,
                                   const char *out);

#ifdef __cplusplus
}
#endif

#endif  // LCA_PACT_H
