// include/lca/report.h: a carbon footprint study report of one product or
// category, as data (the document) and as a self-contained HTML page
// SPDX-License-Identifier: MIT
//
// ISO 14067:2018 (clause 7) and GB/T 24067-2024 ask a footprint study
// report for: the declared or functional unit, the system boundary and
// the life-cycle stages, what was left out and the cut-off share, the
// allocation procedure, fossil, biogenic and land-use values separately,
// data sources and their years, data quality, the uncertainty, the rule
// (product category rule) followed and the period of validity. A report
// document holds exactly that, plus the pictures' data: the Monte Carlo
// distribution (a histogram) with its interval and convergence, the stage
// and contribution bars, the largest supply-chain paths and the grade
// probabilities.
//
// The document is plain data (lca_report_doc, every array borrowed), so
// that it can be filled from any source: lca_report_create fills one from
// a product carbon footprint computation (lca/pcf.h) and the analysis
// calls (lca/contrib.h, lca/spa.h); a test or another program may fill
// one by hand. lca_report_write (io/report/) turns a document into HTML.
//
// Threads: one calling thread at a time per object.

#ifndef LCA_REPORT_H
#define LCA_REPORT_H

#include <stdint.h>

#include "lca/ctx.h"

#ifdef __cplusplus
extern "C" {
#endif

// A labelled value (a bar: a stage, a process, a path, a split part).
typedef struct lca_report_bar {
    const char *label;
    const char *detail;  // a second line, e.g. region and year ("" = none)
    double value;
} lca_report_bar;

// A rule violation, as the conformance check reports it.
typedef struct lca_report_issue {
    const char *check, *item, *detail;
} lca_report_issue;

// The grading result shown in the report (filled from the grading of
// lca/grade.h, or by hand). Classes are best first.
typedef struct lca_report_grades {
    const char *scheme_id, *scheme_name;
    const char *unit;                 // unit of the thresholds
    int64_t nclasses;                 // 0: no grading
    const char *const *names;         // nclasses class names
    const double *prob;               // nclasses: P(class = k)
    const double *thresholds;         // nclasses - 1 upper ends, or NULL
    int64_t det_class;                // class of the deterministic value
    int64_t modal;                    // most probable class (-1: none)
    int64_t at_confidence;            // best k with P(class <= k) >= c
    double confidence;                // c
    double prob_at_confidence;        // P(class <= at_confidence)
    int64_t nvalid;                   // iterations counted
} lca_report_grades;

// A histogram: nbins counts of the width over [lo, lo + nbins * width].
typedef struct lca_report_hist {
    int64_t nbins;
    const int64_t *counts;
    double lo, width;
} lca_report_hist;

// Convergence of the Monte Carlo mean: after iterations[i] samples, the
// running mean and the half-width of its 95 % interval (1.96 sd/sqrt(m)).
typedef struct lca_report_conv {
    int64_t npoints;
    const int64_t *iterations;
    const double *mean, *half;
} lca_report_conv;

// The document. Strings are never NULL ("" = not stated); arrays may be
// NULL when their count is 0. Values are in indicator_unit per declared
// unit unless said otherwise.
typedef struct lca_report_doc {
    // What is reported.
    const char *id, *name;            // category (or product) id and name
    const char *kind;                 // "category" or "product"
    const char *declared_unit;        // e.g. "t"
    const char *declared_unit_text;   // e.g. "1 t of cement at the gate"
    double mass_kg;                   // per declared unit; NaN = not given
    int64_t nproducts;                // the model products representing it
    const lca_report_bar *products;   // label = product, value = share
    const char *codes;                // product codes ("CN 2523 29", ...)
    // The rule.
    const char *rule_id, *rule_source;
    int rule_version;                 // 0: no rule (a product report)
    int64_t nfollows;
    const char *const *follows;       // standards and guidelines
    const char *boundary;             // "cradle-to-gate", ...
    const char *allocation;           // the allocation procedure, in words
    const char *gwp_set;              // e.g. "IPCC AR6"
    int64_t nshortfalls;              // known shortfalls of the data
    const char *const *shortfalls;
    // The result.
    const char *indicator, *indicator_unit;
    double footprint;                 // deterministic
    double per_kg;                    // NaN without mass
    int64_t nsplit;                   // fossil, biogenic, land use, gases
    const lca_report_bar *split;
    int64_t nstages;                  // life-cycle stages (sum: footprint)
    const lca_report_bar *stages;
    double cutoff_share, cutoff_limit;  // shares of the footprint
    int64_t cutoff_items;
    int64_t unlinked;                 // inputs without a provider
    // Contributions: the largest processes (emitted where they run) and
    // the rest, and the largest supply-chain paths and what they miss.
    int64_t ncontrib;
    const lca_report_bar *contrib;
    double contrib_rest;
    int64_t npaths;
    const lca_report_bar *paths;      // label: "A <- B <- C", root first
    double paths_rest;
    // Data.
    double primary_share;             // share from primary data
    double dqr;                       // PEF data-quality rating; NaN = none
    double dqr_scores[5];             // reliability .. technological
    double unscored;                  // weight share without scores
    int64_t nsources;                 // data sources: label = process,
    const lca_report_bar *sources;    // detail = region and period,
                                      // value = share of the footprint
    const char *model_title, *model_source, *model_licence;
    // Conformance with the rule.
    int64_t nissues;
    const lca_report_issue *issues;
    // Uncertainty (nsamples 0: no Monte Carlo).
    int64_t nsamples, nvalid;
    uint64_t seed;
    double mean, sd;
    double q[7];                      // 2.5, 5, 25, 50, 75, 95, 97.5 %
    lca_report_hist hist;
    lca_report_conv conv;
    // Grades (nclasses 0: not graded).
    lca_report_grades grades;
    // Validity and provenance.
    const char *valid_until;          // ISO date, or "" = not stated
    const char *model_file, *model_sha256;
    const char *created_utc, *command_line, *engine_version;
} lca_report_doc;

// ---- a report from a product carbon footprint (engine/report/) ----------

typedef struct lca_pcf lca_pcf;  // lca/pcf.h

// What the report shows besides the results, and where they came from.
typedef struct lca_report_options {
    int64_t ncontrib;     // largest processes shown (default 8)
    int64_t npaths;       // largest supply-chain paths shown (default 8)
    double spa_cutoff;    // share of the footprint a path node must hold
                          // to be visited (default 1e-3)
    int64_t nbins;        // histogram bins (0: chosen from the samples)
    // Provenance, shown as given ("" = not stated; NULL taken as "").
    const char *model_file, *model_sha256;
    const char *created_utc, *command_line, *engine_version;
    const char *valid_until;  // ISO date
} lca_report_options;

void lca_report_options_default(lca_report_options *opt);

typedef struct lca_report lca_report;  // opaque; engine/report/

// The report document of category c of a computed pcf (lca_pcf_run
// done): the rule's declared unit, boundary, stages, cut-off, allocation,
// GWP set, standards followed and known shortfalls; the footprint, its
// split and stages; the data-quality rating and primary share; the
// conformance report; the Monte Carlo statistics, histogram and
// convergence when the run had iterations. It also computes what pcf does
// not keep, on a factorization of its own: the contributions of the
// largest processes (direct emissions D_rj s_j, s = T^-1 f with f the
// category's demand, including added processes) with the rest, the
// processes behind them with their region and reference period, and the
// largest supply-chain paths (lca/spa.h on f) with what they miss. No
// grading (nclasses 0) until lca_report_set_grades. Strings are borrowed from p, its rules and its model,
// which must outlive the report. Errors: LCA_ERR_ARG (c outside the
// categories, p not run, bad options), the factorization's and the
// traversal's errors, LCA_ERR_NOMEM.
lca_status lca_report_create(const lca_pcf *p, int64_t c,
                             const lca_report_options *opt,
                             lca_report **out);
void lca_report_destroy(lca_report **r);

// The document (borrowed from r; valid until r is destroyed).
const lca_report_doc *lca_report_doc_get(const lca_report *r);

typedef struct lca_grades lca_grades;  // lca/grade.h

// Show item i of a grading (lca_grades_create of lca/grade.h, e.g. the
// report's footprint and Monte Carlo samples graded with the rule's
// scheme) in r's grade section and headline: class names, P(class = k),
// thresholds, deterministic, modal and at-confidence classes. Copies
// what it needs (names borrowed from the scheme, which must outlive r);
// gr may go afterwards. Errors: LCA_ERR_ARG (i outside
// gr's items), LCA_ERR_NOMEM.
lca_status lca_report_set_grades(lca_report *r, const lca_grades *gr,
                                 int64_t i);

// ---- the pictures' data ------------------------------------------------

// A histogram of the finite values of x[0..n-1] in nbins equal bins over
// [min, max] (one bin of width 1 around a constant); counts has nbins
// entries. nbins 0 picks sqrt(finite count), clamped to 8..60.
// Returns the bins used. Errors: none (n may be 0: all counts 0).
int64_t lca_report_histogram(int64_t n, const double *x, int64_t nbins,
                             int64_t *counts, double *lo, double *width);

// The running mean and 95 % half-width of x[0..n-1] (NaN left out) after
// 100, 200, 500, 1000, 2000, 5000, ... samples and after n, into up to
// max points of iterations/mean/half; returns how many.
int64_t lca_report_convergence(int64_t n, const double *x, int64_t max,
                               int64_t *iterations, double *mean,
                               double *half);

#ifdef __cplusplus
}
#endif

#endif  // LCA_REPORT_H
