// include/lca/grade.h: grading schemes and uncertainty-aware grades
// SPDX-License-Identifier: MIT
//
// A grading scheme puts a footprint into one of a few classes, best first
// ("A" .. "E", "clean" / "low-carbon" / "conventional"). Schemes are data
// (docs/DISCLOSURE.md; JSON files, format "leontief-grading-scheme" v1,
// read by lca_grading_read, include/lca/io_grading.h) that a rule names in
// its `grading` field. Three kinds:
//
//   absolute      bands of the value itself, in the scheme's unit:
//                 class k when from_k < x <= to_k
//   sliding       bands as multiples of a line L(s) of a product
//                 parameter s (steel's near-zero line L(s) = 400 - 350 s
//                 kg CO2e/t crude steel, s the scrap share; IEA 2022):
//                 class k when from_k L(s) < x <= to_k L(s); L is
//                 piecewise linear through the scheme's points
//   distribution  bands as percentiles of a population's values (the
//                 products of a category on the market, optionally
//                 weighted by production, as the EU battery regulation's
//                 performance classes): class k when t(from_k) < x <=
//                 t(to_k), t(q) the weighted q-th percentile
//
// Bands are contiguous (each starts where the one before ends; the first
// is open below, the last above: from = -inf and to = +inf, or percentile
// 0 and 100), so every value has exactly one class.
//
// Grades from paired Monte Carlo samples (lca_grades_create): sample i of
// every item comes from iteration i. Each item's class is counted in
// every iteration against that iteration's thresholds (for a distribution
// scheme, the percentiles of the population's samples of the same
// iteration, so the thresholds move with the market), giving
//
//   P(class = k) = #{i : class(x_i) = k} / #{valid i}
//
// (the probabilities sum to 1, and an item whose every sample falls in
// one band gets 1 there), the modal class, and the class at confidence c:
// the best class k with P(class <= k) >= c ("B or better with 90 %
// probability"); for fixed thresholds that is the class of the item's
// c-quantile. A distribution scheme's thresholds get their own 2.5 and
// 97.5 % quantiles over the iterations. The counting is serial and exact,
// so grades are bit-identical for any thread count (the samples are, by
// lca/mc.h).
//
// Weighted percentile (type 1, the inverse of the weighted empirical
// distribution): sort the population's values v_(1) <= ... <= v_(P) with
// weights w, W_j = w_(1) + ... + w_(j); t(q) = the first v_(j) with
// 100 W_j >= q W_P. Unweighted, w = 1. No interpolation: a threshold is a
// value of the population, and a hand count checks it.
//
// Threads: one calling thread at a time per object; any number of threads
// may read a const scheme or const grades at once.

#ifndef LCA_GRADE_H
#define LCA_GRADE_H

#include <stdint.h>

#include "lca/ctx.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LCA_GRADING_FORMAT "leontief-grading-scheme"
#define LCA_GRADING_VERSION 1

typedef enum lca_grading_kind {
    LCA_GRADING_ABSOLUTE = 0,
    LCA_GRADING_SLIDING = 1,
    LCA_GRADING_DISTRIBUTION = 2,
} lca_grading_kind;

// "absolute", "sliding", "distribution"; "unknown" outside the enum.
const char *lca_grading_kind_str(lca_grading_kind k);
// Errors: LCA_ERR_ARG (unknown name).
lca_status lca_grading_kind_parse(lca_ctx *ctx, const char *s,
                                  lca_grading_kind *k);

// One class: the band (from, to]. Absolute: values in the scheme's unit;
// sliding: multiples of the line; distribution: percentiles 0..100.
// Open ends: -INFINITY / INFINITY (absolute, sliding), 0 / 100
// (distribution).
typedef struct lca_grading_band {
    const char *name;  // class name: 1..32 bytes, no control characters
    const char *text;  // what it means ("" = not given)
    double from, to;
} lca_grading_band;

// A point of a sliding scheme's line: L(at) = value (in the unit).
typedef struct lca_grading_point {
    double at, value;
} lca_grading_point;

// A scheme, as a plain description: lca_grading_create copies it. Strings
// are never NULL ("" = not given); arrays may be NULL when empty.
typedef struct lca_grading_spec {
    const char *source;  // the file it came from ("" if none)
    int version;         // LCA_GRADING_VERSION
    const char *id;      // [A-Za-z0-9][A-Za-z0-9._-]{0,63}, as rules name it
    const char *name;    // a title
    int64_t nreferences; // where the thresholds come from (citations)
    const char *const *references;
    const char *unit;    // unit of the graded values, e.g. "kg CO2-eq/t"
    lca_grading_kind kind;
    int64_t nbands;      // >= 2, best class first
    const lca_grading_band *bands;
    // sliding: the product parameter and the line through >= 2 points with
    // strictly increasing `at` and values > 0; L outside the points'
    // range is not defined (an error, not an extrapolation).
    const char *parameter;       // e.g. "scrap_share"
    const char *parameter_unit;  // e.g. "1" (a share)
    int64_t npoints;
    const lca_grading_point *points;
    // distribution: the parameter that weights the population ("" =
    // unweighted; e.g. "production") and the smallest population allowed.
    const char *weight;
    int64_t min_population;  // >= 1
    double validity_years;   // how long a label stays valid (> 0)
} lca_grading_spec;

typedef struct lca_grading lca_grading;  // opaque; engine/grade/grading.c

// A scheme from a copy of spec, after checking it: an id of the allowed
// form, a unit, >= 2 bands with unique names, each band from < to, the
// first open below and the last open above, every band starting where the
// one before ends (an overlap or a gap names both bands), percentiles
// inside 0..100 and multiples of the line finite, a sliding scheme's
// parameter and points, validity > 0. Errors: LCA_ERR_INVALID (the
// message is "SOURCE: /pointer: what is wrong", e.g. "steel.json:
// /classes/1/from: 350 overlaps class 'A', which ends at 400"),
// LCA_ERR_NOMEM.
lca_status lca_grading_create(lca_ctx *ctx, const lca_grading_spec *spec,
                              lca_grading **g);
void lca_grading_destroy(lca_grading **g);

// The scheme's fields (borrowed; valid until g is destroyed).
const lca_grading_spec *lca_grading_get(const lca_grading *g);
const char *lca_grading_id(const lca_grading *g);
int64_t lca_grading_nclasses(const lca_grading *g);
const char *lca_grading_class_name(const lca_grading *g, int64_t k);
lca_ctx *lca_grading_ctx(const lca_grading *g);

// Do values in `unit` fit the scheme? Units are compared ignoring case,
// white space and the spelling of CO2 equivalents ("kg CO2-eq/t" ==
// "kg co2e / t"); there is no conversion (a scheme in t CO2e/t does not
// grade values in kg CO2e/t). what names the values in the message.
// Errors: LCA_ERR_INVALID ("SOURCE: /unit: the thresholds are in 'kg
// CO2-eq/kg', the values of category 'steel' in 'kg CO2-eq/t'").
lca_status lca_grading_check_unit(const lca_grading *g, const char *unit,
                                  const char *what);

// L(s) of a sliding scheme. Errors: LCA_ERR_ARG (not a sliding scheme;
// s NaN or outside the line's points: the message names the parameter
// and its range).
lca_status lca_grading_line(const lca_grading *g, double s, double *L);

// The class of x among thresholds t[0..nclasses-2] (the upper ends of the
// classes but the last, in value units, non-decreasing): the first k with
// x <= t[k], else the last class. -1 for NaN.
int64_t lca_grading_classify(int64_t nclasses, const double *t, double x);

// ---- grading items -----------------------------------------------------

typedef struct lca_grade_options {
    double confidence;  // 0 < c < 1: the class at this confidence (0.9)
} lca_grade_options;

void lca_grade_options_default(lca_grade_options *opt);

// One thing to grade.
typedef struct lca_grade_item {
    const char *id;         // names it in messages
    double value;           // deterministic value; NaN = none
    const double *samples;  // nsamples paired samples (NaN = a failed
                            // iteration), or NULL when nsamples is 0
    double parameter;       // sliding: the product parameter s
    double weight;          // distribution, weighted: >= 0
    int in_population;      // distribution: a member of the population
} lca_grade_item;

typedef struct lca_grades lca_grades;  // opaque; engine/grade/grade.c

// Grade n items with scheme g from their values and nsamples paired
// samples each (nsamples may be 0: deterministic classes only). For a
// distribution scheme the population is the items with in_population,
// and an iteration where a member's sample is NaN is left out for every
// item (its thresholds are undefined).
// Errors: LCA_ERR_ARG (confidence outside (0, 1), nsamples < 0, samples
// NULL with nsamples > 0), LCA_ERR_INVALID (sliding: an item's parameter
// NaN or outside the line; distribution: fewer members than the scheme's
// min_population, a member's value NaN, a weight NaN, negative or all
// zero: the message names the scheme and the item), LCA_ERR_NOMEM.
lca_status lca_grades_create(const lca_grading *g,
                             const lca_grade_options *opt, int64_t n,
                             const lca_grade_item *items, int64_t nsamples,
                             lca_grades **out);
void lca_grades_destroy(lca_grades **gr);

int64_t lca_grades_count(const lca_grades *gr);
const lca_grading *lca_grades_scheme(const lca_grades *gr);

// The grade of one item (arrays borrowed from gr). Classes are indices
// into the scheme's bands (lca_grading_class_name); -1 = none.
typedef struct lca_grade {
    int64_t nclasses;
    int64_t det_class;      // class of the deterministic value
    int64_t nvalid;         // iterations counted
    const int64_t *counts;  // nclasses: iterations in each class (sum =
                            // nvalid)
    const double *prob;     // nclasses: counts / nvalid (NaN if nvalid = 0)
    int64_t modal;          // the most probable class (ties: the better)
    int64_t at_confidence;  // the best k with P(class <= k) >= confidence
    double prob_at_confidence;  // P(class <= at_confidence)
    double confidence;      // the option it was computed with
    // The thresholds, nclasses - 1 upper ends in value units: from the
    // deterministic values, and the 2.5 / 97.5 % quantiles of the
    // per-iteration thresholds (for absolute and sliding schemes these
    // equal the thresholds; NaN without valid iterations).
    const double *thresholds, *thr_lo, *thr_hi;
} lca_grade;

void lca_grades_get(const lca_grades *gr, int64_t i, lca_grade *out);

// ---- parameters ---------------------------------------------------------

// A product parameter that a scheme needs: a sliding scheme's line
// parameter (scrap_share) or a distribution scheme's weight (production),
// for one subject (a product or category id). Passed by the caller
// (lca_pact_options.params); no file format or CLI option supplies them yet.
typedef struct lca_grade_param {
    const char *subject, *name;
    double value;
} lca_grade_param;

// The value of parameter name for subject among params[0..n-1]; NaN when
// absent.
double lca_grade_param_find(int64_t n, const lca_grade_param *params,
                            const char *subject, const char *name);

#ifdef __cplusplus
}
#endif

#endif  // LCA_GRADE_H
