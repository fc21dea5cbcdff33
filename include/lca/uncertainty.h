// include/lca/uncertainty.h: uncertainty records, one per nonzero of A, B, C
// SPDX-License-Identifier: MIT
//
// A model may carry, for each of its matrices, an array of records aligned
// with the matrix's nonzeros (record p describes Ax[p]). The parameters
// are always in the units of the stored amount:
//
//   NONE        fixed at the stored amount
//   LOGNORMAL   p1 = median (signed: an input of -2 kg has median -2),
//               p2 = geometric standard deviation GSD = exp(sigma) >= 1.
//               This is the ecoinvent/Brightway convention: the median,
//               not the mean, is the stored amount. (openLCA's
//               mean-preserving variant is a sampling option, not data.)
//   NORMAL      p1 = mean, p2 = standard deviation >= 0
//   UNIFORM     p1 = min, p2 = max
//   TRIANGULAR  p1 = min, p2 = mode, p3 = max
//   PERT        beta-PERT: p1 = min, p2 = mode, p3 = max
//   GAMMA       p1 = shape k > 0, p2 = scale theta > 0, p3 = location
//               (the sample is p3 + Gamma(k, theta); sign as the amount)
//
// lo and hi are optional truncation bounds (NaN when absent). pedigree[5]
// holds the ecoinvent pedigree scores (reliability, completeness, temporal,
// geographical and further technological correlation), each 1..5, or 0
// when not given; they can fill in a lognormal GSD where no distribution
// was given (issue #4: `leontief mc --pedigree-fill`).

#ifndef LCA_UNCERTAINTY_H
#define LCA_UNCERTAINTY_H

#include <stdint.h>

#include "lca/ctx.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum lca_dist {
    LCA_DIST_NONE = 0,
    LCA_DIST_LOGNORMAL = 1,
    LCA_DIST_NORMAL = 2,
    LCA_DIST_UNIFORM = 3,
    LCA_DIST_TRIANGULAR = 4,
    LCA_DIST_PERT = 5,
    LCA_DIST_GAMMA = 6,
} lca_dist;

#define LCA_NDISTS 7

typedef struct lca_uncertainty {
    double p1, p2, p3;    // parameters, as above (unused ones are 0)
    double lo, hi;        // truncation bounds, NaN when absent
    uint8_t dist;         // an lca_dist
    uint8_t pedigree[5];  // 1..5 each, 0 = not given
} lca_uncertainty;

// The matrices of a model that can carry records.
typedef enum lca_matrix {
    LCA_MATRIX_A = 0,
    LCA_MATRIX_B = 1,
    LCA_MATRIX_C = 2,
} lca_matrix;

// "none", "lognormal", ... (static text; "unknown" outside the enum).
const char *lca_dist_str(lca_dist d);
// Parse the names above. Errors: LCA_ERR_ARG.
lca_status lca_dist_parse(const char *s, lca_dist *d);

// A record meaning "fixed" (dist NONE, bounds NaN, no pedigree).
lca_uncertainty lca_uncertainty_none(void);

// Check one record against the stored amount it describes: parameters in
// range (GSD >= 1, sd >= 0, min <= mode <= max, k, theta > 0), finite,
// bounds ordered, pedigree scores in 0..5. On failure writes a short reason
// into why (size why_size) and returns 0; else returns 1.
int lca_uncertainty_valid(const lca_uncertainty *u, double amount, char *why,
                          size_t why_size);

// Mean and variance of the values Monte Carlo draws from record u for the
// stored amount (kernels/sample.h), with lognormal_mean_preserving as in
// lca_mc_options. Bounds lo, hi make it the distribution conditioned on
// [lo, hi] (the sampler rejects and redraws): exact, through normal,
// incomplete beta and incomplete gamma masses (engine/mc/moments.c);
// an interval of probability 0 gives the clamped value and variance 0.
// Returns 1, or 0 (mean and var NaN) when u fails lca_uncertainty_valid.
int lca_uncertainty_moments(const lca_uncertainty *u, double amount,
                            int lognormal_mean_preserving, double *mean,
                            double *var);

// The central value of a valid record as its distribution defines it:
// lognormal median p1, normal mean p1, uniform midpoint, triangular and
// PERT mode p2, gamma mean p3 +- p1 p2 (the sign of the amount); for NONE,
// the amount itself.
double lca_uncertainty_central(const lca_uncertainty *u, double amount);

// Does a valid record contradict the amount it describes? It does when its
// support (the distribution's, cut by the bounds lo, hi) does not contain
// the amount (a lognormal's support is (0, inf) times the sign of its
// median), or when its central value c is more than `factor` (>= 1) away
// from the amount a: c and a of opposite signs, or max(|c/a|, |a/c|) >
// factor (with a = 0, any c != 0). Such a record describes another
// quantity (USLCI: uniform(0, 9.68 kg) on an input of 1.07e-6 kg) and
// would move a Monte Carlo mean far from the deterministic result. Returns
// 1 (support) or 2 (central value) with a short reason in why, or 0.
int lca_uncertainty_contradicts(const lca_uncertainty *u, double amount,
                                double factor, char *why, size_t why_size);

#ifdef __cplusplus
}
#endif

#endif  // LCA_UNCERTAINTY_H
