// include/lca/dqr.h: data-quality rating of every product's factor
// SPDX-License-Identifier: MIT
//
// A factor is as good as the data behind it, weighted by how much each
// piece of data contributes. The model's B entries carry the ecoinvent
// pedigree scores (lca_uncertainty.pedigree: reliability, completeness,
// temporal, geographical, further technological correlation; 1 best .. 5
// worst, 0 missing). For one indicator row c of C, every exchange B(i,j)
// contributes w(i,j) = |c_i B(i,j)| per unit of activity j, and product
// p's rating for score q is the average of Q_q over its whole supply
// chain with weights w(i,j) s_j (s the supply that makes one unit of p):
//
//   DQR_q(p) = [r_q T^-1]_p / [g T^-1]_p,  r_q(j) = sum_i w(i,j) Q_q(i,j),
//                                          g(j)   = sum_i w(i,j)
//
// i.e. one transposed solve per score and one for the weights, for all n
// products at once (useeior's dqi does the same for IO models), never a
// solve per product. Seven right-hand sides in all: the five scores, g,
// and the unscored weight (below).
//
// Choices, and why:
// - Gross weights |c_i B(i,j)|: a removal (negative characterized flow)
//   is data too and counts by its size. With signed weights a product
//   whose emissions and removals nearly cancel would get a ratio of two
//   small numbers, far outside 1..5.
// - Only B's scores count: the scores of technosphere inputs (A) rate the
//   amount of an input, whose own emissions are rated where they occur.
// - A missing score (0) counts as opt->missing_score (default 5, the
//   worst: a factor is not rated better for lacking data), and
//   unscored(p) = [u T^-1]_p / [g T^-1]_p, u(j) = sum of w(i,j) over the
//   exchanges with any score missing, says how much of the weight that is.
// - Negative supply (avoided products, credits) makes some weights of a
//   chain negative, and the average may leave 1..5. A product whose
//   rating leaves 1..5 (or whose unscored share leaves 0..1), and one
//   with no characterized exchange upstream (g T^-1 <= 0), gets NaN in
//   every output: no rating rather than a wrong one. Values within 1e-9
//   of a bound (rounding) are set to it.
// The overall rating is the PEF one (Commission Recommendation (EU)
// 2021/2279, Annex II): DQR = (TeR + GeR + TiR + P) / 4, with TeR, GeR,
// TiR the technological, geographical and temporal scores and P
// (precision) the reliability score. PACT v3's data quality indicators
// have the same five names on a 1..3 scale; the scores here stay on the
// pedigree's 1..5 scale, as the data give them (no rescaling is invented).
//
// Threads: uses the calculation's solver (one calling thread at a time);
// results are bit-identical for any thread count.

#ifndef LCA_DQR_H
#define LCA_DQR_H

#include <stdint.h>

#include "lca/calc.h"

#ifdef __cplusplus
extern "C" {
#endif

// The five scores, in the order of lca_uncertainty.pedigree.
#define LCA_DQR_NSCORES 5
typedef enum lca_dqr_score {
    LCA_DQR_RELIABILITY = 0,    // PEF P (precision), PACT reliability
    LCA_DQR_COMPLETENESS = 1,   // PACT completeness
    LCA_DQR_TEMPORAL = 2,       // PEF TiR, PACT temporal
    LCA_DQR_GEOGRAPHICAL = 3,   // PEF GeR, PACT geographical
    LCA_DQR_TECHNOLOGICAL = 4,  // PEF TeR, PACT technological
} lca_dqr_score;

// "reliability", "completeness", "temporal", "geographical",
// "technological" (static text; "unknown" outside the enum).
const char *lca_dqr_score_str(lca_dqr_score q);

typedef struct lca_dqr_options {
    int64_t indicator;     // row of C whose contributions weight (0)
    double missing_score;  // score of a missing one, 1..5 (5)
} lca_dqr_options;

void lca_dqr_options_default(lca_dqr_options *opt);

// The ratings of all n products of c's model (each output may be NULL):
//   Q         LCA_DQR_NSCORES x n, row-major: DQR_q(p) as above
//   dqr       n: (Q_tech + Q_geo + Q_temporal + Q_reliability) / 4
//   unscored  n: share of the weight whose exchanges lack a score, 0..1
// NaN where a product has no rating (see the top of this file).
// Errors: LCA_ERR_ARG (indicator outside 0..k-1, missing_score outside
// 1..5), LCA_ERR_NOMEM, the solver's errors.
lca_status lca_calc_dqr(lca_calc *c, const lca_dqr_options *opt, double *Q,
                        double *dqr, double *unscored);

// share(p) = [(g o f) T^-1]_p / [g T^-1]_p, with g(j) = sum_i |c_i B(i,j)|
// for the indicator row c as above: the share of product p's gross
// weight emitted by the activities j with flag[j] != 0 (n flags), e.g.
// those with cut-off inputs. NaN where g T^-1 <= 0 or the share leaves
// 0..1 (negative supply). Errors: LCA_ERR_ARG (indicator outside 0..k-1),
// LCA_ERR_NOMEM, the solver's errors.
lca_status lca_calc_dqr_share(lca_calc *c, int64_t indicator,
                              const uint8_t *flag, double *share);

#ifdef __cplusplus
}
#endif

#endif  // LCA_DQR_H
