// include/lca/method.h: characterization methods (indicators + factor rows)
// SPDX-License-Identifier: MIT
//
// A method is a list of indicators and a list of factor rows. Each row says
// "one unit of the elementary flow identified by this CAS number or name,
// in this compartment, counts `factor` units of this indicator". Applying a
// method to a model matches every row against the model's flows and builds
// the characterization matrix C (k x m) from the matches; that C replaces
// the model's own (lca_model_set_C).
//
// Matching (lca_method_apply; docs/FORMAT.md, "Characterization method
// CSV", has the full rules and the reasons):
//   compartment  a row with an empty compartment applies to emissions to
//                air (and to flows with no compartment at all); a row with
//                a compartment applies to flows whose compartment equals
//                it or lies below it ("resource" covers "resource/in air").
//   unit         a row with a flow unit applies only to flows with that
//                unit (case-insensitive) or no unit.
//   identity     by CAS number first (leading zeros and hyphens do not
//                matter), then by name (case-insensitive, whitespace
//                collapsed, a trailing "[...]" suffix dropped). Among rows
//                sharing the flow's CAS number, the one whose name equals
//                the flow's wins, else the first in the file: the file
//                order makes plain "Methane" the default for CAS 74-82-8.
//
// Ownership: lca_method_read_csv (io/) and lca_method_create give the
// caller a new method, released with lca_method_destroy. Strings passed in
// are copied; strings returned are borrowed (valid until destroy).
//
// Threads: one calling thread at a time; any number may read a const
// method (lca_method_apply takes it const).

#ifndef LCA_METHOD_H
#define LCA_METHOD_H

#include <stdint.h>

#include "lca/ctx.h"
#include "lca/model.h"

typedef struct lca_method lca_method;  // opaque; engine/method_impl.h

// ---- lifetime and building -------------------------------------------------

// An empty method called name (e.g. "gwp100-ar6"; used in messages and in
// the import report). Errors: LCA_ERR_ARG (name is NULL), LCA_ERR_NOMEM.
lca_status lca_method_create(lca_ctx *ctx, const char *name,
                             lca_method **out);

// Free *meth and set it to NULL. Does nothing if meth or *meth is NULL.
void lca_method_destroy(lca_method **meth);

// Add an indicator, or find the one with this id: *index is its position.
// An existing id keeps its name and unit; a non-empty name or unit that
// differs from them is an error. Errors: LCA_ERR_ARG (a NULL string or an
// empty id), LCA_ERR_INVALID (name or unit disagree), LCA_ERR_NOMEM.
lca_status lca_method_add_indicator(lca_method *meth, const char *id,
                                    const char *name, const char *unit,
                                    int64_t *index);

// One factor row, as lca_method_add_factor takes it. Empty strings (never
// NULL) mean "not given": at least one of cas and flow_name is given.
typedef struct lca_method_factor {
    const char *cas;          // CAS number, e.g. "74-82-8" or "000074828"
    const char *flow_name;    // e.g. "Methane, fossil"
    const char *compartment;  // "" = any emission to air
    const char *flow_unit;    // "" = any unit
    double factor;            // indicator units per flow unit, finite
} lca_method_factor;

// Append a factor row for indicator `indicator` (an index from
// lca_method_add_indicator). The CAS number must carry a correct check
// digit. Errors: LCA_ERR_ARG (indicator out of range, a NULL string),
// LCA_ERR_INVALID (no CAS and no name, malformed CAS, factor not finite,
// the same indicator, CAS, name, compartment and unit as an earlier row),
// LCA_ERR_NOMEM.
lca_status lca_method_add_factor(lca_method *meth, int64_t indicator,
                                 const lca_method_factor *f);

// ---- inspection ------------------------------------------------------------

const char *lca_method_name(const lca_method *meth);
int64_t lca_method_nindicators(const lca_method *meth);
int64_t lca_method_nfactors(const lca_method *meth);

// Label of indicator i: LCA_LABEL_ID, LCA_LABEL_NAME or LCA_LABEL_UNIT
// ("" for any other label).
const char *lca_method_indicator(const lca_method *meth, int64_t i,
                                 lca_label label);

// Factor row r (0 <= r < nfactors), with borrowed strings; returns the
// indicator index of the row.
int64_t lca_method_factor_row(const lca_method *meth, int64_t r,
                              lca_method_factor *f);

// ---- applying a method to a model ------------------------------------------

// What lca_method_apply did.
typedef struct lca_method_summary {
    int64_t flows_matched;  // flows with a factor row, for any indicator
    int64_t factors;        // nonzero entries of the new C
    int64_t rows_used;      // factor rows that matched at least one flow
    int64_t ghg_unmatched;  // "unmatched GHG flow" lines added to the report
} lca_method_summary;

// C = the method's factors for M's flows (k x m, k = the method's
// indicators), then lca_model_set_C(M, C, ...): the model's own indicators,
// their C and its uncertainty records are replaced. Zero factors are
// matched (the flow counts as covered) but not stored in C. Adds to M's
// import report:
//   "method match"        one line per factor row that matched flows: the
//                         row's CAS and name, the factor and the count;
//   "unmatched GHG flow"  one line per flow that no row matched, whose name
//                         looks like a greenhouse gas (carbon dioxide,
//                         methane, nitrous oxide, HFC, fluoro, ... ; the
//                         list is in docs/FORMAT.md) and whose compartment
//                         is air, empty or not recognised.
// Factor rows that match no flow are not reported (a method carries the
// names of several databases; most never meet a given model). sum may be
// NULL. On failure M is unchanged (C, labels and report).
// Errors: LCA_ERR_NOMEM.
lca_status lca_method_apply(const lca_method *meth, lca_model *M,
                            lca_method_summary *sum);

// ---- files (io/import/method.c) ---------------------------------------------------

// Read a method CSV (docs/FORMAT.md, "Characterization method CSV"): the
// header names the columns indicator_id, indicator_name, indicator_unit,
// cas, flow_name, compartment and factor (any order, any case; flow_unit
// optional; other columns ignored), then one factor row per record. The
// method's name is the file name without its directory and ".csv".
// Errors: LCA_ERR_IO (cannot open or read), LCA_ERR_INVALID (malformed
// content; the message names the file and line), LCA_ERR_NOMEM.
lca_status lca_method_read_csv(lca_ctx *ctx, const char *path,
                               lca_method **out);

// The method called spec: a path when spec ends in ".csv" (any case) or
// holds a '/', else a bundled method read from DATADIR/methods/SPEC.csv.
// A bundled name is letters, digits, '-', '_' and '.' only. The caller
// chooses datadir (the CLI: $LEONTIEF_DATADIR, else the source tree's
// datasets/ compiled in as LCA_DATADIR). Errors: as lca_method_read_csv,
// LCA_ERR_ARG (datadir NULL for a bundled name), LCA_ERR_NOTFOUND (no such
// bundled method; the message names the folder searched).
lca_status lca_method_read_named(lca_ctx *ctx, const char *spec,
                                 const char *datadir, lca_method **out);

#endif  // LCA_METHOD_H
