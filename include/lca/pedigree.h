// include/lca/pedigree.h: the ecoinvent v3 pedigree matrix as a lognormal GSD
// SPDX-License-Identifier: MIT
//
// The pedigree approach (ecoinvent data quality guideline v3, Weidema et
// al. 2013) widens a basic lognormal uncertainty by one factor per data
// quality indicator: reliability, completeness, temporal, geographical and
// further technological correlation, each scored 1 (best) to 5. The
// variances of the underlying normal add up:
//
//     sigma^2 = ln(basic_gsd)^2 + sum_i (ln U_i / 2)^2,   gsd = exp(sigma)
//
// U_i are the guideline's uncertainty factors (engine/pedigree.c). They are
// factors on the square of the GSD (the 95% interval), which is why each
// enters as ln(U_i)/2: the guideline's table of added variances is exactly
// (ln U_i / 2)^2 rounded, e.g. U = 1.05 -> 0.0006, U = 2.00 -> 0.12.
// An ecoinvent v2-style basic factor U_b (also on GSD^2) is basic_gsd =
// sqrt(U_b).
//
// Threads: the functions here keep no state; any thread may call them.

#ifndef LCA_PEDIGREE_H
#define LCA_PEDIGREE_H

#include <stdint.h>

#include "lca/ctx.h"  // lca_status

#ifdef __cplusplus
extern "C" {
#endif

// The total GSD for pedigree scores (reliability, completeness, temporal,
// geographical, further technological) on top of a basic GSD, by the
// formula above. A score of 0 (not given) counts as 1: no added
// uncertainty. All scores 1 give *gsd == basic_gsd exactly.
// Errors: LCA_ERR_ARG (a score above 5, or basic_gsd < 1 or not finite);
// *gsd is then NaN.
lca_status lca_pedigree_gsd(const uint8_t scores[5], double basic_gsd,
                            double *gsd);

#ifdef __cplusplus
}
#endif

#endif  // LCA_PEDIGREE_H
