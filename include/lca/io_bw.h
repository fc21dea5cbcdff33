// include/lca/io_bw.h: import Brightway 2.5 processed datapackages
// SPDX-License-Identifier: MIT
//
// A processed datapackage (bw_processing) is a folder or a zip holding
// datapackage.json and one .npy array per resource. Resources of the
// matrices technosphere_matrix, biosphere_matrix and
// characterization_matrix come in groups: `indices` (a structured array
// of (row, col) integer ids), `data` (the amounts), and optionally `flip`
// (booleans: the amount is negated, Brightway's way of storing inputs as
// positive numbers) and `distributions` (stats_arrays records:
// uncertainty_type, loc, scale, shape, minimum, maximum, negative).
//
// The model, by the rules Brightway's bw2calc applies (docs/FORMAT.md,
// "bw import"):
//   products   the technosphere's column (activity) ids, sorted; product j
//              is paired with the j-th smallest row (product) id, so the
//              two id sets must have the same size (a square system);
//   A  n x n   technosphere form (production +, inputs -), values after
//              flip; duplicates within a group are summed (package flag
//              sum_intra_duplicates, default true; false: the last one
//              counts), a later group replaces an earlier one's entry
//              (sum_inter_duplicates false, the default) or adds to it;
//   flows      the biosphere's row ids, sorted; every biosphere column must
//              be an activity of the technosphere;
//   B  m x n   the biosphere values, merged the same way;
//   C  k x m   one indicator per characterization group (its id is the
//              group name), row = the flow id (the column id is ignored:
//              bw2calc builds a diagonal matrix); factors of flows not in
//              the biosphere are left out and counted in one import report
//              line per indicator.
// Ids become labels as decimal text. Names, units, locations and
// categories come from CSV metadata resources (mediatype text/csv,
// valid_for [[group, "rows"|"cols"]], a header row with a column "id"
// and any of "name", "unit", "location", "categories"); without them a
// name is the id. Other matrices (e.g. inv_geomapping_matrix) are skipped
// with a report line; JSON metadata is ignored. No demands are added.
//
// Uncertainty (stats_arrays codes, include/lca/uncertainty.h): 0 and 1
// fixed; 2 lognormal (median sign(negative) exp(loc), GSD exp(scale));
// 3 normal (loc, scale); 4 uniform (minimum, maximum); 5 triangular
// (minimum, loc = mode, maximum); 9 gamma (shape k, scale theta, offset
// loc, times -1 when negative); 13 beta-PERT (minimum, loc = mode,
// maximum, lambda = scale must be 4 or NaN). minimum and maximum bound
// lognormal, normal and gamma draws. A flipped entry's distribution is
// negated. Codes 6 (Bernoulli), 7 (discrete uniform), 8 (Weibull),
// 10 (beta), 11 (generalized extreme value), 12 (Student's t) and others
// are errors naming the code and the entry.
//
// Threads: one calling thread at a time per ctx.
//
// Errors: LCA_ERR_IO (a package cannot be opened or a file read),
// LCA_ERR_INVALID (not a zip or folder with datapackage.json; malformed
// JSON; a resource that is not npy (parquet), a presample array or a
// dynamic interface of these matrices; a malformed .npy (the message
// names the file); arrays of the wrong type or length; an id < 0; a
// non-square technosphere; a biosphere column that is no activity; an
// amount that is not finite; an unsupported or invalid distribution;
// bad metadata CSV), LCA_ERR_NOMEM. Messages name the package, the
// resource and the entry (its position k and its row and column ids).
// On error *M is NULL.

#ifndef LCA_IO_BW_H
#define LCA_IO_BW_H

#include <stdint.h>

#include "lca/ctx.h"
#include "lca/model.h"

#ifdef __cplusplus
extern "C" {
#endif

// Import npackages datapackages (folders or zips, read in this order: an
// inventory and its methods are usually separate packages) into one
// model with the technosphere convention. Errors: as above, and
// LCA_ERR_ARG (no package).
lca_status lca_import_bw(lca_ctx *ctx, int64_t npackages,
                         const char *const *paths, lca_model **M);

#ifdef __cplusplus
}
#endif

#endif  // LCA_IO_BW_H
