// engine/pedigree.c: the ecoinvent v3 pedigree matrix as a lognormal GSD
// SPDX-License-Identifier: MIT
//
// The factors are those of the ecoinvent v3 data quality guideline (Weidema
// et al. 2013, "Overview and methodology: Data quality guideline for the
// ecoinvent database version 3"), which keeps the five v2 indicators
// (dropping "sample size") and fills the two v2 gaps (geographical score
// 4, further technological score 2). The guideline tabulates them as added
// variances (ln U / 2)^2; the U values below reproduce that table to its
// printed digits (tests/test_pedigree.c checks every cell). Transcriptions
// checked: OcelotProject/Ocelot ocelot/transformations/uncertainty/
// pedigree.py (the variance table, "original"), GreenDelta/olca-modules
// PedigreeMatrix.getFactor (the U values, with f' = ln(sqrt f)^2), and
// Brightway's pedigree code (sigma = sqrt(sum ln(U)^2) / 2). The empirical
// factors of Ciroth et al. (2016) are a different, unadopted proposal.

#include <math.h>

#include "lca/pedigree.h"

enum {
    NINDICATORS = 5,
    NSCORES = 5,
};

// U[indicator][score - 1], factors on GSD^2.
static const double pedigree_factor[NINDICATORS][NSCORES] = {
    {1.00, 1.05, 1.10, 1.20, 1.50},  // reliability
    {1.00, 1.02, 1.05, 1.10, 1.20},  // completeness
    {1.00, 1.03, 1.10, 1.20, 1.50},  // temporal correlation
    {1.00, 1.01, 1.02, 1.05, 1.10},  // geographical correlation
    {1.00, 1.05, 1.20, 1.50, 2.00},  // further technological correlation
};

lca_status lca_pedigree_gsd(const uint8_t scores[5], double basic_gsd,
                            double *gsd) {
    *gsd = NAN;
    if (!(basic_gsd >= 1.0) || isinf(basic_gsd)) return LCA_ERR_ARG;
    double added = 0.0;  // sum_i (ln U_i / 2)^2
    for (int i = 0; i < NINDICATORS; i++) {
        if (scores[i] > NSCORES) return LCA_ERR_ARG;
        if (scores[i] <= 1) continue;
        double h = 0.5 * log(pedigree_factor[i][scores[i] - 1]);
        added += h * h;
    }
    // exp(log(b)) need not round back to b, so no added variance returns
    // the basic GSD itself.
    double s = log(basic_gsd);
    *gsd = added == 0.0 ? basic_gsd : exp(sqrt(s * s + added));
    return LCA_OK;
}
