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
//                air (and to flows with no compartment at all, or one
//                that is not recognised, such as USLCI's "Elementary
//                Flows"); a row with a compartment applies to flows whose
//                compartment equals it or lies below it ("resource" covers
//                "resource/in air").
//   unit         a row with a flow unit applies only to flows with that
//                unit (case-insensitive) or no unit.
//   identity     by CAS number first (leading zeros and hyphens do not
//                matter), then by name (case-insensitive, whitespace
//                collapsed, a trailing "[...]" suffix dropped). Among rows
//                sharing the flow's CAS number, the one whose name equals
//                the flow's wins, else the first in the file: the file
//                order makes plain "Methane" the default for CAS 74-82-8.
//   sign         factors are per unit of flow as published (per unit taken
//                up for a resource); for a model whose attribute
//                elementary_inputs is "negative" (the process database
//                importers write inputs from nature as negative entries of
//                B) the factors of flows in resource compartments are
//                turned round.
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

#ifdef __cplusplus
extern "C" {
#endif

typedef struct lca_method lca_method;  // opaque; engine/method/method_impl.h

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

// One factor row, as lca_method_add_factor takes it. Empty strings mean
// "not given": at least one of cas and flow_name is given. component and
// gas may be NULL (= "").
typedef struct lca_method_factor {
    const char *cas;          // CAS number, e.g. "74-82-8" or "000074828"
    const char *flow_name;    // e.g. "Methane, fossil"
    const char *compartment;  // "" = any emission to air
    const char *flow_unit;    // "" = any unit
    double factor;            // indicator units per flow unit, finite; NaN:
                              // the flow is known but has no factor (a
                              // mixture such as "HFCs, unspecified"): it is
                              // matched, left out of C and reported
    const char *component;    // split component, e.g. "fossil" (below)
    const char *gas;          // gas group, e.g. "CH4"
} lca_method_factor;

// Append a factor row for indicator `indicator` (an index from
// lca_method_add_indicator). The CAS number must carry a correct check
// digit. Errors: LCA_ERR_ARG (indicator out of range, a NULL string),
// LCA_ERR_INVALID (no CAS and no name, malformed CAS, factor infinite,
// a tag holding ';', '*' or white space, the same indicator, CAS, name,
// compartment and unit as an earlier row), LCA_ERR_NOMEM.
lca_status lca_method_add_factor(lca_method *meth, int64_t indicator,
                                 const lca_method_factor *f);

// ---- split results: output indicators --------------------------------------
//
// Without outputs, each indicator of the factor rows (a "factor set") is
// one row of C. A method may instead declare output indicators: each takes
// the rows of one factor set whose tags pass its selections, so that one
// set of factor rows gives a total and its components, all plain rows of
// C (ISO 14067 / PACT split results: fossil, biogenic CO2 emissions and
// uptake, land-use change, ... ; datasets/methods/README.md). Each output
// carries a split tag GROUP:ROLE, stored as the indicator label
// LCA_LABEL_SPLIT of the model, by which a program finds the components
// of a total (lca_split_find). Selections are ";"-separated lists, or "*"
// for any:
//   components  the rows' component tags ("fossil;land_use_change")
//   gases       the rows' gas tags ("CO2")
//   places      substrings of the flow's compartment, case-insensitive
//               ("stratosphere": emissions of aircraft)
typedef struct lca_method_output {
    const char *id, *name, *unit;  // the model's indicator labels
    const char *factors;           // id of the factor set it reads
    const char *group, *role;      // split tag; both "" for none
    const char *components, *gases, *places;  // selections
} lca_method_output;

// Append an output indicator. Errors: LCA_ERR_ARG (a NULL string),
// LCA_ERR_NOTFOUND (no factor set `factors`), LCA_ERR_INVALID (empty or
// repeated id; group without role or role without group, or a tag holding
// ':'; a selection that is empty; a component or gas named in a selection
// that no row of the set carries (a typo would silently drop flows); a
// row of the set without the tag a selection asks for), LCA_ERR_NOMEM.
// Add outputs after every factor row.
lca_status lca_method_add_output(lca_method *meth,
                                 const lca_method_output *o);

int64_t lca_method_noutputs(const lca_method *meth);

// Output o (0 <= o < noutputs) with borrowed strings.
void lca_method_output_get(const lca_method *meth, int64_t o,
                           lca_method_output *out);

// The indicator of M whose split tag is GROUP:ROLE (e.g. "GWP100",
// "fossil"). Errors: LCA_ERR_NOTFOUND (the message names the tag).
lca_status lca_split_find(const lca_model *M, const char *group,
                          const char *role, int64_t *index);

// Is indicator i of M a split component: tagged, and its id differs from
// its group (the total "GWP100" of group GWP100 is not a component)?
// Commands that summarise "the" indicators (leontief mc without
// --split) leave components out.
int lca_split_is_component(const lca_model *M, int64_t i);

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
    int64_t no_factor;      // flows matched by a row without a factor
    int64_t assumed_air;    // matched flows in an unrecognised compartment
                            // taken as emissions to air
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
//                         is air, empty or not recognised;
//   "GHG without factor"  one line per flow matched by a row without a
//                         factor (a mixture);
//   "assumed emission to air"  one line per matched flow whose compartment
//                         is not recognised.
// With output indicators (lca_method_add_output) C has one row per output
// and the indicators get their split tags (LCA_LABEL_SPLIT); else one row
// per factor set, untagged.
// Factor rows that match no flow are not reported (a method carries the
// names of several databases; most never meet a given model). sum may be
// NULL. On failure M is unchanged (C, labels and report).
// Errors: LCA_ERR_NOMEM.
lca_status lca_method_apply(const lca_method *meth, lca_model *M,
                            lca_method_summary *sum);

// ---- files (io/import/method.c) ---------------------------------------------------

// Read a method CSV (docs/FORMAT.md, "Characterization method CSV"): the
// header names the columns indicator_id, indicator_name, indicator_unit,
// cas, flow_name, compartment and factor (any order, any case; flow_unit,
// component and gas optional; other columns ignored), then one factor row
// per record (an empty factor: a flow known to have none). The method's
// name is the file name without its directory and ".csv". When a file
// NAME.indicators.csv sits next to NAME.csv, its output indicators are
// added (docs/FORMAT.md, "Method indicators CSV", version 1).
// Errors: LCA_ERR_IO (cannot open or read), LCA_ERR_INVALID (malformed
// content; the message names the file and line), LCA_ERR_NOMEM.
lca_status lca_method_read_csv(lca_ctx *ctx, const char *path,
                               lca_method **out);

// The method called spec: a path when spec ends in ".csv" (any case) or
// holds a '/', else a bundled method read from DATADIR/methods/SPEC.csv.
// A bundled name is letters, digits, '-', '_' and '.' only. The caller
// chooses datadir (the CLI: lca_data_dir, lca/io.h). Errors: as lca_method_read_csv,
// LCA_ERR_ARG (datadir NULL for a bundled name), LCA_ERR_NOTFOUND (no such
// bundled method; the message names the folder searched).
lca_status lca_method_read_named(lca_ctx *ctx, const char *spec,
                                 const char *datadir, lca_method **out);

#ifdef __cplusplus
}
#endif

#endif  // LCA_METHOD_H
