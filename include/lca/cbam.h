// include/lca/cbam.h: EU CBAM specific embedded emissions of CN-coded goods
// SPDX-License-Identifier: MIT
//
// The EU Carbon Border Adjustment Mechanism (Regulation (EU) 2023/956; the
// calculation rules of Implementing Regulation (EU) 2025/2547, which carry
// on those of (EU) 2023/1773, Annex III) prices the emissions embedded in
// imported goods with a boundary of its own: the installation's emissions
// attributed to the good plus those embedded in its relevant precursors,
// which are CBAM goods themselves. Per tonne of good g:
//
//   SEE_g = (AttrEm_g + sum_i M_i SEE_i) / AL_g
//
// with AttrEm_g the emissions attributed to g's production process over
// the period, AL_g its activity level (tonnes made), M_i the tonnes of
// precursor i consumed. Direct and indirect (electricity) emissions are
// computed each this way; which of them count depends on the good's
// sector (Regulation (EU) 2023/956, Annex II: iron and steel, aluminium
// and hydrogen count direct emissions only), a data file, not code.
//
// A good comes from a model or from declared installation data:
//
//   model      product p of model M, per model unit of p (t_p tonnes):
//              AttrEm_dir = D_rp / T_pp (r the chosen indicator, D = C B),
//              electricity E_e = -T_ep / T_pp, AttrEm_ind = sum_e E_e EF_e,
//              M_i = -T_ip / T_pp for the inputs i that are goods of the
//              same file (other inputs lie outside the CBAM boundary);
//              AL = 1 model unit, everything scaled to tonnes by t_p and
//              to t CO2e by the indicator's conversion.
//   declared   AttrEm_dir, AttrEm_ind (or electricity MWh x factor), AL
//              and precursors with their masses, as an operator reports
//              them; precursors may be model goods ("declared
//              installation data plus the model for precursors").
//
// An electricity input's factor EF_e (t CO2e per MWh) is declared, or
// else the model's upstream factor of that product (lambda_e, cradle to
// gate: one transposed solve).
//
// The result is compared with the default value of the good's CN code
// (longest matching prefix), country of origin and production route,
// increased by the mark-up of the year for its sector:
//
//   default_marked = default x (1 + markup(sector, year))
//
// Default values and mark-ups are tables read from datasets/cbam/
// (docs/CBAM.md): never constants here.
//
// Threads: one calling thread at a time per object.

#ifndef LCA_CBAM_H
#define LCA_CBAM_H

#include <stdint.h>

#include "lca/ctx.h"
#include "lca/model.h"
#include "lca/table.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LCA_CBAM_FORMAT "leontief-cbam-goods"
#define LCA_CBAM_VERSION 1

typedef enum lca_cbam_source {
    LCA_CBAM_MODEL = 0,     // computed from a model product
    LCA_CBAM_DECLARED = 1,  // the installation's declared data
} lca_cbam_source;

// "model", "declared"; "unknown" outside.
const char *lca_cbam_source_str(lca_cbam_source s);

// A precursor of a declared good: good id and tonnes consumed (M_i).
typedef struct lca_cbam_precursor {
    const char *good;
    double mass;
} lca_cbam_precursor;

// An electricity product of the model: MWh per model unit, and the
// emission factor in t CO2e/MWh (NaN: the model's upstream factor).
typedef struct lca_cbam_electricity {
    const char *product;
    double mwh_per_unit;
    double factor;
} lca_cbam_electricity;

// One good. Strings are never NULL ("" = not given).
typedef struct lca_cbam_good {
    const char *id;        // 1..128 bytes, unique in the file
    const char *name;
    const char *cn_code;   // 4, 6 or 8 digits; spaces allowed ("7207 11 14")
    const char *sector;    // an aggregated goods category of the sector table
    const char *route;     // production route ("" = any)
    const char *country;   // country of origin, ISO 3166 alpha-2 ("" = any)
    const char *process;   // production process name (template column)
    lca_cbam_source source;
    // LCA_CBAM_MODEL:
    const char *product;     // model product (id or unique name)
    double tonnes_per_unit;  // tonnes of good per model unit (> 0)
    // LCA_CBAM_DECLARED (totals over the reporting period):
    double activity_level;   // AL, tonnes (> 0)
    double direct;           // AttrEm direct, t CO2e (>= 0)
    double indirect;         // AttrEm indirect, t CO2e; NaN: from
    double electricity_mwh;  // electricity_mwh x electricity_factor
    double electricity_factor;  // t CO2e/MWh (NaN when indirect given)
    int64_t nprecursors;
    const lca_cbam_precursor *precursors;
} lca_cbam_good;

// The goods file (docs/CBAM.md, "Goods file"), as a plain description.
typedef struct lca_cbam_spec {
    const char *source;        // the file it came from ("" if none)
    const char *installation;  // installation name, city, country
    const char *city, *country;
    const char *period_start, *period_end;  // ISO 8601 dates, or ""
    const char *indicator;     // model indicator for model goods
    double tonnes_per_indicator_unit;  // e.g. 0.001 for kg CO2e
    int64_t nelectricity;
    const lca_cbam_electricity *electricity;
    int64_t ngoods;
    const lca_cbam_good *goods;
} lca_cbam_spec;

// An aggregated goods category (sector table) and whether its indirect
// emissions count towards the total.
typedef struct lca_cbam_sector {
    const char *id, *name;
    int indirect_counts;
} lca_cbam_sector;

// A default value line: CN code (a prefix: "7207" covers 7207 11 14),
// country ("" = other countries), route ("" = any), t CO2e/t before any
// mark-up (indirect may be NaN: none given), whether the value is
// "official" (copied from the act) or "illustrative" (made up to show the
// calculation: never to be declared), and where it comes from.
typedef struct lca_cbam_default {
    const char *cn_code, *country, *route;
    double direct, indirect, total;
    const char *status;  // "official" or "illustrative"
    const char *source;  // the act and annex, or why it is illustrative
} lca_cbam_default;

// A mark-up: sector ("*" = every sector without its own line), the years
// year_from..year_to (year_to 0: open-ended) and the fraction (0.1).
typedef struct lca_cbam_markup {
    const char *sector;
    int year_from, year_to;
    double markup;
} lca_cbam_markup;

// The reference tables, with the files they came from (named in
// messages and in the output; "" when not read from a file).
typedef struct lca_cbam_tables {
    const char *sectors_source;
    int64_t nsectors;
    const lca_cbam_sector *sectors;
    const char *defaults_source;
    int64_t ndefaults;
    const lca_cbam_default *defaults;
    const char *markups_source;
    int64_t nmarkups;
    const lca_cbam_markup *markups;
} lca_cbam_tables;

typedef struct lca_cbam lca_cbam;  // opaque; engine/cbam/cbam.c

// A CBAM calculation from copies of spec and tables, checked without a
// model: every good has an id (unique), a CN code of 4, 6 or 8 digits, a
// known sector, a source with its fields (model: product and
// tonnes_per_unit > 0; declared: activity level > 0, emissions >= 0,
// indirect or electricity x factor), precursors naming goods of the file;
// the tables: unique sectors, default values >= 0 with a status and no
// two lines for one CN code, country and route, mark-ups whose years do
// not overlap within a sector. Errors: LCA_ERR_INVALID (the message names the
// file and the good or table line, e.g. "goods.json: good 'rebar': no
// CN code"), LCA_ERR_NOMEM.
lca_status lca_cbam_create(lca_ctx *ctx, const lca_cbam_spec *spec,
                           const lca_cbam_tables *tables, lca_cbam **cb);
void lca_cbam_destroy(lca_cbam **cb);

// Compute every good for the given year (>= 2026): bind model goods and
// electricity to M (may be NULL when every good is declared), find each
// model good's precursors, order the goods so that precursors come first
// and compute SEE, then the defaults and mark-ups. M must have been made
// with cb's context; the results keep nothing of it. Errors: LCA_ERR_INVALID (a precursor cycle, naming the goods
// around it: "goods.json: precursor cycle: a -> b -> a"; two goods on one
// model product; a product without a positive reference output; a model
// good without a model; no mark-up line for a good's sector and year),
// LCA_ERR_NOTFOUND (a product or the indicator not in M), LCA_ERR_ARG
// (year before 2026, M of another context), the factorization's errors (only when a factor comes from M),
// LCA_ERR_NOMEM.
lca_status lca_cbam_run(lca_cbam *cb, const lca_model *M, int year);

lca_ctx *lca_cbam_ctx(const lca_cbam *cb);
int64_t lca_cbam_ngoods(const lca_cbam *cb);
const lca_cbam_spec *lca_cbam_spec_get(const lca_cbam *cb);
const lca_cbam_tables *lca_cbam_tables_get(const lca_cbam *cb);
int lca_cbam_year(const lca_cbam *cb);

// The results of good g (in the goods file's order), after lca_cbam_run.
// Specific values are t CO2e per tonne of good; masses t per t.
typedef struct lca_cbam_result {
    const lca_cbam_good *good;      // the description (borrowed)
    const lca_cbam_sector *sector;  // its sector line
    double attr_direct, attr_indirect;  // AttrEm / AL
    double prec_direct, prec_indirect;  // sum_i M_i SEE_i / AL
    double see_direct, see_indirect;    // their sums
    double see_total;                   // direct (+ indirect if it counts)
    double electricity;                 // MWh per tonne (NaN: not known)
    double electricity_factor;          // t CO2e/MWh weighted (NaN: none)
    int64_t nprecursors;                // precursor goods (indices into
    const int64_t *precursor;           // the goods) and M_i / AL
    const double *precursor_mass;
    const lca_cbam_default *dflt;       // matching default line, or NULL
    double markup;                      // of the year (NaN without dflt)
    double default_direct, default_indirect, default_total;  // marked up
    double difference;                  // see_total - default_total
} lca_cbam_result;

void lca_cbam_result_get(const lca_cbam *cb, int64_t g, lca_cbam_result *r);

// The results as a table "cbam" laid out like the "Summary of products"
// of the Commission's communication template for installations, plus
// the default-value comparison (columns in docs/FORMAT.md, "CBAM
// table"); attributes: installation, period, year, the tables' sources.
// Errors: LCA_ERR_ARG (not run yet), LCA_ERR_NOMEM.
lca_status lca_cbam_table(const lca_cbam *cb, lca_table **out);

#ifdef __cplusplus
}
#endif

#endif  // LCA_CBAM_H
