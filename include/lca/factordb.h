// include/lca/factordb.h: the records of a factor-database release
// SPDX-License-Identifier: MIT
//
// A release publishes, for every product of a model, a cradle-to-gate
// factor with what a user of the factor needs to trust it: its Monte
// Carlo distribution, its split into components (fossil, biogenic, ...;
// per gas), a data-quality rating, where it comes from, and a stable id.
// An lca_fdb holds those records as columns, one entry per product:
//
//   factor       lambda_p for the total indicator t: T' lambda = D(t,:)'
//   components   lambda for each component indicator (the same solve)
//   direct       D(t,p) / T(p,p) / lambda_p: the product's own process's
//                share of the factor
//   trace        the direct inputs i of p whose share of the factor,
//                -T(i,p) lambda_i / T(p,p) / lambda_p, is at least
//                trace_min_share in size: with `direct` these sum to 1
//                over all inputs (exactly, since T' lambda = d), and
//                each input is itself a record, so a factor is traced
//                record by record to every unit process behind it
//   dqr          lca_calc_dqr (lca/dqr.h) for the total indicator
//   cutoff       cut-off inputs of p's own process (the import report's
//                "unlinked input" lines), and the share of p's gross
//                footprint emitted by processes that have any
//   mc           mean, median, sd, GSD, 2.5/97.5 % quantiles and count of
//                the Monte Carlo factors (lca_fdb_set_mc), per column
//
// plus the release's strings (GWP set, boundary, indicator unit) and the
// model's import report summary, so that the records stand alone once
// the model is gone. The files of a release (io/release/) are written
// from and read back into an lca_fdb; lca_fdb_diff compares two.
//
// Record ids: a record keeps its id from one release to the next while
// it is unchanged (lca_fdb_diff carries it); a changed or new record has
// none until the writer gives it one derived from its content, and a
// changed one names the record it supersedes.
//
// Threads: one calling thread at a time; any number may read a const db.

#ifndef LCA_FACTORDB_H
#define LCA_FACTORDB_H

#include <stdint.h>

#include "lca/dqr.h"
#include "lca/model.h"
#include "lca/solver.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct lca_fdb lca_fdb;  // opaque; engine/factordb/fdb_impl.h

typedef enum lca_fdb_kind {
    LCA_FDB_SPLIT = 0,  // a component of the total (fossil, biogenic, ...)
    LCA_FDB_GAS = 1,    // the part of one gas or gas group (CO2, CH4, ...)
} lca_fdb_kind;

// A component column: indicator `indicator` of the model, published as
// "<kind>_<name>" (name: letters, digits, '_'; 1..48 characters).
typedef struct lca_fdb_component {
    int64_t indicator;
    lca_fdb_kind kind;
    const char *name;
} lca_fdb_component;

typedef struct lca_fdb_options {
    int64_t indicator;    // the total: a row of C (0)
    int64_t ncomponents;  // components, each a row of C (0)
    const lca_fdb_component *components;
    double trace_min_share;  // inputs traced when |share| >= this (0.01)
    double missing_score;    // lca_dqr_options.missing_score (5)
    const char *gwp_set;     // NULL: the indicator's name (or id)
    const char *boundary;    // "cradle-to-gate"
    lca_solver_options solver;
} lca_fdb_options;

void lca_fdb_options_default(lca_fdb_options *opt);

// ---- the total and its components from split tags ---------------------------

// The model's split total (lca/method.h, "Split results"): the indicator
// whose split tag's group is its own id (GWP100 of "GWP100:total_..."),
// when exactly one has one; else, for a model of one indicator, that
// one. Errors: LCA_ERR_NOTFOUND (no split total and several indicators),
// LCA_ERR_INVALID (several split totals: the message names them).
lca_status lca_fdb_find_total(const lca_model *M, int64_t *indicator);

// The components of indicator t: every other indicator whose split tag
// has t's group, in model order, as (indicator, kind, name) with kind GAS
// and name "ch4" for a role "gas_ch4", else SPLIT and the role ("fossil").
// comp has room for k entries; names are borrowed from M's labels.
// *n = 0 when t has no split tag.
void lca_fdb_find_components(const lca_model *M, int64_t t,
                             lca_fdb_component *comp, int64_t *n);

// ---- lifetime ---------------------------------------------------------------

// The deterministic records of every product of M: one factorization, the
// factor solves of the total and the components, the data-quality solves
// (lca/dqr.h) and the trace. Record ids are unset; MC columns NaN.
// Returns LCA_OK or LCA_WARN_ILLCOND.
// Errors: LCA_ERR_ARG (an indicator outside 0..k-1, a component name
// that is empty, too long or not [A-Za-z0-9_], two components with one
// column name, trace_min_share < 0), LCA_ERR_SINGULAR (naming the
// products), LCA_ERR_NOMEM, the solver's errors.
lca_status lca_fdb_create(const lca_model *M, const lca_fdb_options *opt,
                          lca_fdb **db);

// An empty release of n records with ncomponents component columns (a
// reader fills it through the setters below). Errors: LCA_ERR_ARG,
// LCA_ERR_NOMEM.
lca_status lca_fdb_create_empty(lca_ctx *ctx, int64_t n, int64_t ncomponents,
                                lca_fdb **db);

void lca_fdb_destroy(lca_fdb **db);

// ---- columns ----------------------------------------------------------------

// The string columns of a record.
typedef enum lca_fdb_text {
    LCA_FDB_RECORD_ID = 0,   // "" until given
    LCA_FDB_SUPERSEDES = 1,  // the record id this one replaces, or ""
    LCA_FDB_PRODUCT_ID = 2,  // the model's product id (also the dataset id
                             // of the unit process that makes it)
    LCA_FDB_PRODUCT_NAME = 3,
    LCA_FDB_UNIT = 4,    // the product's reference unit
    LCA_FDB_REGION = 5,  // where the source gives one, else ""
    LCA_FDB_PERIOD = 6,  // reference year(s), where given, else ""
} lca_fdb_text;
#define LCA_FDB_NTEXTS 7

// The numeric columns of a record (n entries each; NaN = none).
typedef enum lca_fdb_num {
    LCA_FDB_FACTOR = 0,  // deterministic factor
    LCA_FDB_MEAN = 1,    // Monte Carlo mean
    LCA_FDB_MEDIAN = 2,
    LCA_FDB_SD = 3,
    LCA_FDB_GSD = 4,    // exp(sd of ln|x|), NaN if samples change sign
    LCA_FDB_P025 = 5,   // 2.5 % quantile
    LCA_FDB_P975 = 6,   // 97.5 % quantile
    LCA_FDB_COUNT = 7,  // successful iterations
    LCA_FDB_DQR = 8,    // lca_calc_dqr's dqr
    LCA_FDB_DQR_RELIABILITY = 9,  // .. the five scores, lca_dqr_score order
    LCA_FDB_DQR_COMPLETENESS = 10,
    LCA_FDB_DQR_TEMPORAL = 11,
    LCA_FDB_DQR_GEOGRAPHICAL = 12,
    LCA_FDB_DQR_TECHNOLOGICAL = 13,
    LCA_FDB_DQR_UNSCORED = 14,   // share of the weight without scores
    LCA_FDB_DIRECT_SHARE = 15,   // the own process's share of the factor
    LCA_FDB_CUTOFF_INPUTS = 16,  // cut-off inputs of the own process
    LCA_FDB_CUTOFF_SHARE = 17,   // share of the gross footprint emitted by
                                 // processes with cut-off inputs
} lca_fdb_num;
#define LCA_FDB_NNUMS 18

int64_t lca_fdb_nrecords(const lca_fdb *db);
lca_ctx *lca_fdb_ctx(const lca_fdb *db);

const char *lca_fdb_text_str(lca_fdb_text c);  // "record_id", ...
const char *lca_fdb_num_str(lca_fdb_num c);    // "factor", ...

// Record i's string (borrowed; "" when unset).
const char *lca_fdb_text_get(const lca_fdb *db, lca_fdb_text c, int64_t i);
// Set record i's string (copied). Errors: LCA_ERR_ARG, LCA_ERR_NOMEM.
lca_status lca_fdb_set_text(lca_fdb *db, lca_fdb_text c, int64_t i,
                            const char *s);

// A numeric column (n entries; borrowed), and its writable twin.
const double *lca_fdb_num_get(const lca_fdb *db, lca_fdb_num c);
double *lca_fdb_num_mut(lca_fdb *db, lca_fdb_num c);

// ---- components -------------------------------------------------------------

int64_t lca_fdb_ncomponents(const lca_fdb *db);
// Component j: its column name ("split_fossil") and kind.
const char *lca_fdb_component_name(const lca_fdb *db, int64_t j);
lca_fdb_kind lca_fdb_component_kind(const lca_fdb *db, int64_t j);
// Name and kind of component j, and whether it has Monte Carlo
// statistics (for a reader; lca_fdb_set_mc sets that too).
// Errors: as lca_fdb_create.
lca_status lca_fdb_set_component(lca_fdb *db, int64_t j, lca_fdb_kind kind,
                                 const char *name, int has_mc);
// The component's statistics: what of LCA_FDB_FACTOR .. LCA_FDB_COUNT
// (n entries; borrowed): FACTOR always, the others NaN unless set.
const double *lca_fdb_component_get(const lca_fdb *db, int64_t j,
                                    lca_fdb_num what);
double *lca_fdb_component_mut(lca_fdb *db, int64_t j, lca_fdb_num what);
// The id of component j's indicator in the model it was made from (its
// name when the id is unset; "" for a release read from files).
const char *lca_fdb_component_indicator(const lca_fdb *db, int64_t j);
// Did lca_fdb_set_mc give component j Monte Carlo statistics?
int lca_fdb_component_has_mc(const lca_fdb *db, int64_t j);

// ---- Monte Carlo statistics -------------------------------------------------

// One indicator's Monte Carlo factor statistics (n entries each, as a
// results file holds them; lca/mcfile.h): quantiles is LCA_MC_NQUANTILES
// x n at lca_mc_quantile_p (median at 0.5, 2.5 % and 97.5 %); gsd may be
// NULL (then NaN).
typedef struct lca_fdb_mc {
    const double *count, *mean, *sd, *gsd, *quantiles;
} lca_fdb_mc;

// Set the Monte Carlo columns of the total (component -1) or of component
// j. Errors: LCA_ERR_ARG (component outside -1..ncomponents-1).
lca_status lca_fdb_set_mc(lca_fdb *db, int64_t component, const lca_fdb_mc *mc);

// ---- release strings, report summary, trace ---------------------------------

typedef enum lca_fdb_info {
    LCA_FDB_GWP_SET = 0,   // e.g. "Climate change GWP100 (IPCC AR6)"
    LCA_FDB_BOUNDARY = 1,  // "cradle-to-gate"
    LCA_FDB_IND_ID = 2,    // the total indicator's id ("GWP100"; its name
                           // when the model has no ids)
    LCA_FDB_IND_UNIT = 3,  // its unit ("kg CO2-eq")
} lca_fdb_info;
#define LCA_FDB_NINFOS 4

const char *lca_fdb_info_get(const lca_fdb *db, lca_fdb_info what);
lca_status lca_fdb_set_info(lca_fdb *db, lca_fdb_info what, const char *s);

// The model's import report, summarized: the count of lines per kind and
// every "provider tie" line's (id, name, detail). Borrowed strings.
int64_t lca_fdb_nreport_kinds(const lca_fdb *db);
const char *lca_fdb_report_kind(const lca_fdb *db, int64_t r, int64_t *count);
int64_t lca_fdb_nties(const lca_fdb *db);
const char *lca_fdb_tie(const lca_fdb *db, int64_t t, lca_report_field f);
// Add to the summary (a reader). Errors: LCA_ERR_NOMEM.
lca_status lca_fdb_add_report_kind(lca_fdb *db, const char *kind,
                                   int64_t count);
lca_status lca_fdb_add_tie(lca_fdb *db, const char *id, const char *name,
                           const char *detail);

// The traced inputs of record i: *count of them, their record indices
// (inputs) and shares (borrowed; valid until the next lca_fdb_set_trace).
void lca_fdb_trace(const lca_fdb *db, int64_t i, int64_t *count,
                   const int64_t **inputs, const double **shares);
// Replace the whole trace (a reader): CSR over records, ptr has n+1
// entries (copied). Errors: LCA_ERR_ARG (not a CSR of records), NOMEM.
lca_status lca_fdb_set_trace(lca_fdb *db, const int64_t *ptr,
                             const int64_t *inputs, const double *shares);

// Record i's index by product id. Errors: LCA_ERR_NOTFOUND.
lca_status lca_fdb_lookup(const lca_fdb *db, const char *product_id,
                          int64_t *i);

// ---- comparing two releases -------------------------------------------------

typedef enum lca_fdb_change {
    LCA_FDB_UNCHANGED = 0,  // same product, unit, GWP set, indicator
                            // unit, boundary; the factor equal within
                            // the tolerance
    LCA_FDB_CHANGED = 1,    // the same product, a different record
    LCA_FDB_ADDED = 2,      // only in the new release
    LCA_FDB_REMOVED = 3,    // only in the old release
} lca_fdb_change;

const char *lca_fdb_change_str(lca_fdb_change c);  // "unchanged", ...

typedef struct lca_fdb_diff_options {
    double tolerance;  // |new - old| <= tol * max(|new|, |old|): equal
                       // (1e-9: equal up to rounding)
    double threshold;  // re-issue when |new - old| > threshold * |old|
                       // (0.10: PACT; TfS uses 0.20)
} lca_fdb_diff_options;

void lca_fdb_diff_options_default(lca_fdb_diff_options *opt);

// One row of a diff, per product of either release (new order first,
// then the removed ones in old order).
typedef struct lca_fdb_diff_row {
    int64_t old_index, new_index;  // -1 when absent
    lca_fdb_change change;
    double old_factor, new_factor;
    double rel_change;  // (new - old) / |old|; NaN if either is absent,
                        // +-Inf if old is 0 and new is not
    int beyond_noise;   // the 95 % intervals of the two Monte Carlo
                        // means (mean +- 1.96 sd / sqrt(count)) do not
                        // overlap; 0 without Monte Carlo statistics
    int reissue;        // changed, and |rel_change| > threshold or the
                        // unit, GWP set, indicator unit or boundary
                        // changed: users of the old record must
                        // recalculate
} lca_fdb_diff_row;

// Compare old and new: *rows (allocated on new's ctx, freed with
// lca_fdb_diff_free) and their count. When carry is nonzero, new takes
// the ids: an unchanged record gets the old record's id (and supersedes
// what it superseded), a changed one no id and supersedes = the old id.
// Errors: LCA_ERR_INVALID (a product id repeated or empty in either),
// LCA_ERR_NOMEM.
lca_status lca_fdb_diff(const lca_fdb *old, lca_fdb *new_db,
                        const lca_fdb_diff_options *opt, int carry,
                        lca_fdb_diff_row **rows, int64_t *nrows);
void lca_fdb_diff_free(const lca_fdb *db, lca_fdb_diff_row **rows);

#ifdef __cplusplus
}
#endif

#endif  // LCA_FACTORDB_H
