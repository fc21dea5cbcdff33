// include/lca/model.h: an LCA or input-output model (A, B, C, labels, demands)
// SPDX-License-Identifier: MIT
//
// A model holds
//   A  n-by-n  technosphere (or IO coefficients), products/activities
//   B  m-by-n  interventions (elementary flows per unit of activity)
//   C  k-by-m  characterization factors (indicator per unit of flow)
// plus ids, names and units on every axis, named demand vectors (n-vectors,
// stored sparse) and named demand sets (lists of demand indices).
//
// Conventions: LCA_TECHNOSPHERE means supply s solves A s = f (reference
// outputs on the diagonal, inputs negative). LCA_IO_COEFFICIENTS means
// x = (I - A)^-1 y. The model keeps A exactly as given and derives the
// technosphere form T once, at create: T = A, or T = I - A with the
// diagonal always in the pattern. Every solve uses T.
//
// Ownership: lca_model_create copies A, B and C; the model owns its copies.
// Label strings and demand arrays passed in are copied. Pointers returned
// by accessors are borrowed: valid until the model is destroyed or (for
// demands) until the next lca_model_add_demand.
//
// Threads: one calling thread at a time; any number may read a const model.

#ifndef LCA_MODEL_H
#define LCA_MODEL_H

#include <stdint.h>

#include "lca/csc.h"
#include "lca/ctx.h"
#include "lca/uncertainty.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct lca_model lca_model;  // opaque; defined in engine/model_impl.h

typedef enum lca_convention {
    LCA_TECHNOSPHERE = 0,     // A s = f
    LCA_IO_COEFFICIENTS = 1,  // x = (I - A)^-1 y
} lca_convention;

// The labelled axes of a model.
typedef enum lca_axis {
    LCA_PRODUCTS = 0,    // n: columns (and rows) of A, columns of B
    LCA_FLOWS = 1,       // m: rows of B, columns of C
    LCA_INDICATORS = 2,  // k: rows of C
    LCA_DEMANDS = 3,     // d: the named demand vectors
} lca_axis;

// The kinds of label an axis carries. Compartments and CAS numbers are
// for flows only, split tags for indicators only, regions and reference
// periods for products only.
typedef enum lca_label {
    LCA_LABEL_ID = 0,    // unique key, e.g. a UUID or a sector code
    LCA_LABEL_NAME = 1,  // human-readable name
    LCA_LABEL_UNIT = 2,  // unit of the product, flow or indicator
    LCA_LABEL_COMPARTMENT = 3,  // flows only: e.g. "air/urban"
    LCA_LABEL_CAS = 4,          // flows only: CAS registry number, e.g.
                                // "124-38-9" (used to match methods)
    LCA_LABEL_SPLIT = 5,        // indicators only: split tag "GROUP:ROLE",
                                // e.g. "GWP100:fossil"; "" for a plain
                                // indicator (lca/method.h, "Split results")
    LCA_LABEL_REGION = 6,       // products only: where the data are for,
                                // as the source names it (e.g. "RNA")
    LCA_LABEL_PERIOD = 7,       // products only: reference year(s), "2010"
                                // or "2005-2006"
} lca_label;

#define LCA_NLABELS 8

// ---- lifetime --------------------------------------------------------------

// Create a model from copies of A (n x n), B (m x n) and C (k x m). The
// labels start as "" and the demands as none.
// Errors: LCA_ERR_DIM (shapes disagree; the message names the matrices),
// LCA_ERR_ARG (unknown convention), LCA_ERR_NOMEM.
lca_status lca_model_create(lca_ctx *ctx, lca_convention conv,
                            const lca_csc *A, const lca_csc *B,
                            const lca_csc *C, lca_model **M);

// Free *M and set it to NULL. Does nothing if M or *M is NULL.
void lca_model_destroy(lca_model **M);

// Check what create does not: finite values everywhere, unique non-empty
// ids on every axis, demands inside 0..n-1. The message names the matrix,
// the entry (row and column ids) or the label.
// Errors: LCA_ERR_INVALID.
lca_status lca_model_check(const lca_model *M);

// ---- matrices and labels ---------------------------------------------------

lca_ctx *lca_model_ctx(const lca_model *M);
lca_convention lca_model_convention(const lca_model *M);
const char *lca_convention_str(lca_convention conv);  // "technosphere" ...
// Parse "technosphere" or "io_coefficients". Errors: LCA_ERR_ARG.
lca_status lca_convention_parse(const char *s, lca_convention *conv);

// Size of an axis: n, m, k or the number of demands.
int64_t lca_model_dim(const lca_model *M, lca_axis axis);

const lca_csc *lca_model_A(const lca_model *M);  // as given (stored form)
const lca_csc *lca_model_B(const lca_model *M);
const lca_csc *lca_model_C(const lca_model *M);
// The technosphere form T (the matrix every solve uses): A itself, or
// I - A for IO coefficients.
const lca_csc *lca_model_tech(const lca_model *M);

// Set one kind of label on an axis from dim(axis) strings (copied).
// Errors: LCA_ERR_ARG (axis/label not allowed, a NULL string), NOMEM.
lca_status lca_model_set_labels(lca_model *M, lca_axis axis, lca_label label,
                                const char *const *values);

// Label i of an axis; "" when unset. i must be inside the axis.
const char *lca_model_label(const lca_model *M, lca_axis axis,
                            lca_label label, int64_t i);

// Index of the entry that key names (engine/lookup.c). One syntax for
// every command (--product, --flow, --indicator, --demand, presamples):
//   id:ID        the entry whose id is ID, nothing else;
//   ID           an entry whose id equals the key;
//   NAME         else the entry whose name equals it, if only one does;
//   NAME [Q]     else the entries named NAME that the qualifier Q picks:
//                Q equals (ignoring case) the entry's compartment or a
//                leading part of it ("air" picks "air/unspecified"), its
//                region (products), its unit, or one part of its id cut
//                at '_', '.', '/', ':'
//                or '|', or also at '-' (WIOD's "AUS_c2" has the parts
//                AUS and c2; USEEIO's "111CA/US-GA" 111CA, US-GA, US, GA).
// A name shared by several entries, with or without a qualifier that
// still leaves several, is an error listing them (at most 12), each as
// "id:ID" (flows: "id:ID [compartment]") so that it can be pasted back.
// Errors: LCA_ERR_NOTFOUND (nothing has that id or name), LCA_ERR_INVALID
// (ambiguous); the message names the axis and the key.
lca_status lca_model_lookup(const lca_model *M, lca_axis axis,
                            const char *key, int64_t *index);

// Free-form model attributes (title, source, licence ...), copied.
lca_status lca_model_set_attr(lca_model *M, const char *key,
                              const char *value);
const char *lca_model_attr(const lca_model *M, const char *key);  // or NULL
int64_t lca_model_nattrs(const lca_model *M);
const char *lca_model_attr_key(const lca_model *M, int64_t i);

// ---- demands ---------------------------------------------------------------

// Add a demand vector f (f[idx[p]] = val[p], p < nnz; duplicates summed)
// with a unique name. Errors: LCA_ERR_ARG (index outside 0..n-1, duplicate
// name), LCA_ERR_NOMEM.
lca_status lca_model_add_demand(lca_model *M, const char *name, int64_t nnz,
                                const int64_t *idx, const double *val);

// Add one unit of product j as a demand named "1 unit of NAME" (by the
// product's name, or its id when it has none), or "1 unit of NAME [ID]"
// when that name is taken (`leontief mc --product`, lca_fdb_build).
// Errors: as lca_model_add_demand.
lca_status lca_model_add_unit_demand(lca_model *M, int64_t j);

// All demands as an n-by-d CSC matrix (borrowed; valid until the next
// lca_model_add_demand). Column j is demand j; its name is the
// LCA_DEMANDS id label j.
const lca_csc *lca_model_demands(const lca_model *M);

// Demand j densely into f (n entries).
void lca_model_demand_dense(const lca_model *M, int64_t j, double *f);

// A named set of demands (e.g. the 200 key product categories).
// Errors: LCA_ERR_ARG (index outside the demands, duplicate set name).
lca_status lca_model_add_demand_set(lca_model *M, const char *name,
                                    int64_t count, const int64_t *demands);
int64_t lca_model_ndemand_sets(const lca_model *M);
const char *lca_model_demand_set_name(const lca_model *M, int64_t s);
const int64_t *lca_model_demand_set(const lca_model *M, int64_t s,
                                    int64_t *count);
// Errors: LCA_ERR_NOTFOUND.
lca_status lca_model_lookup_demand_set(const lca_model *M, const char *name,
                                       int64_t *s);

// ---- uncertainty and import report -----------------------------------------

// Set the uncertainty records of matrix X: nnz(X) records aligned with its
// nonzeros (copied); u == NULL removes them. Every record must pass
// lca_uncertainty_valid. Errors: LCA_ERR_INVALID (names the matrix, entry
// and reason), LCA_ERR_ARG, LCA_ERR_NOMEM.
lca_status lca_model_set_uncertainty(lca_model *M, lca_matrix X,
                                     const lca_uncertainty *u);

// The records of X (borrowed, nnz(X) of them), or NULL when X has none.
const lca_uncertainty *lca_model_uncertainty(const lca_model *M,
                                             lca_matrix X);

// Count records of X by distribution: counts[d] for d < LCA_NDISTS.
void lca_model_uncertainty_counts(const lca_model *M, lca_matrix X,
                                  int64_t counts[LCA_NDISTS]);

// Records that contradict their amounts (lca_uncertainty_contradicts), in
// A, B and C. With fix != 0 each becomes fixed (dist NONE; its pedigree
// scores are kept), else it is only counted. With report != 0 one import
// report line per record: kind "uncertainty contradicts amount", id the
// column's id (the process), name the row's name (the flow or product),
// detail the matrix, entry, record, amount, the reason and what was done.
typedef struct lca_amount_check {
    double factor;  // central value more than factor x off (default 10)
    int fix;        // drop such records to fixed (default 1)
    int report;     // add report lines (default 1)
} lca_amount_check;

void lca_amount_check_default(lca_amount_check *opt);

typedef struct lca_amount_summary {
    int64_t records;  // records checked (A, B and C), NONE ones included
    int64_t support;  // whose support does not contain the amount
    int64_t central;  // whose central value is more than factor x off
    int64_t fixed;    // of support + central, dropped to fixed
    int64_t by_matrix[3];  // support + central in A, B, C
} lca_amount_summary;

// Errors: LCA_ERR_ARG (factor < 1 or not finite), LCA_ERR_NOMEM (the
// report lines it added are removed; a matrix whose records were already
// replaced keeps the fixed ones).
lca_status lca_model_check_amounts(lca_model *M, const lca_amount_check *opt,
                                   lca_amount_summary *sum);

// The counts of lca_model_check_amounts alone, M unchanged (leontief info).
// Errors: LCA_ERR_ARG (factor < 1 or not finite).
lca_status lca_model_count_amounts(const lca_model *M, double factor,
                                   lca_amount_summary *sum);

// The import report: one line per thing an importer dropped, cut off or
// could not convert (kind e.g. "unlinked input", the item's id and name,
// and a detail). Strings are copied. Errors: LCA_ERR_ARG, LCA_ERR_NOMEM.
lca_status lca_model_add_report(lca_model *M, const char *kind,
                                const char *id, const char *name,
                                const char *detail);
int64_t lca_model_nreports(const lca_model *M);

typedef enum lca_report_field {
    LCA_REPORT_KIND = 0,
    LCA_REPORT_ID = 1,
    LCA_REPORT_NAME = 2,
    LCA_REPORT_DETAIL = 3,
} lca_report_field;

// Field f of report line i (borrowed).
const char *lca_model_report(const lca_model *M, int64_t i,
                             lca_report_field f);

// ---- replacing the characterization (engine/method/model_method.c) ---

// Replace C by a copy of C (k x m; k may differ from the current k) and
// the indicator axis by k ids, names and units (each array copied; NULL
// leaves that label unset). The old indicator labels of every kind and
// C's uncertainty records are dropped: they described the old C. A and B,
// the flows, demands and the report are kept. On failure M is unchanged.
// Used by lca_method_apply (lca/method.h).
// Errors: LCA_ERR_DIM (C does not have m columns), LCA_ERR_INVALID (C
// breaks a CSC invariant), LCA_ERR_ARG (a NULL string in a given array),
// LCA_ERR_NOMEM.
lca_status lca_model_set_C(lca_model *M, const lca_csc *C,
                           const char *const *ids, const char *const *names,
                           const char *const *units);

#ifdef __cplusplus
}
#endif

#endif  // LCA_MODEL_H
