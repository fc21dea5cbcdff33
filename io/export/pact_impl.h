// io/export/pact_impl.h: what the PACT writers share: one footprint's
// content as plain data (pact_pf.c turns it into JSON), the numbers and
// ids (pact_num.c), the mapping helpers (pact_map.c), the lifecycle
// (pact_life.c) and the folder (pact_write.c)
// SPDX-License-Identifier: MIT

#ifndef LCA_IO_PACT_IMPL_H
#define LCA_IO_PACT_IMPL_H

#include <jansson.h>
#include <stddef.h>

#include "lca/grade.h"
#include "lca/mc.h"
#include "lca/pact.h"

// Room for any double as a plain decimal (5e-324 has 327 characters).
#define LCA__PACT_DECIMAL_MAX 400

// x as PACT's Decimal (see pact_num.c) into buf (size >= the max), or
// NULL when x is not finite.
const char *lca__pact_decimal(double x, char *buf, size_t size);

// The name-based UUID (version 8, SHA-256) of name[0..len-1] into out.
void lca__pact_uuid(const char *name, size_t len, char out[37]);

// The split of a footprint, per declared unit (NaN = not known).
typedef struct lca__pact_split {
    double excl, incl;        // pcfExcluding / IncludingBiogenicUptake
    double fossil;            // fossilGhgEmissions
    double bio_uptake;        // biogenic CO2 uptake + emissions (net)
    double bio_non_co2;       // biogenicNonCO2Emissions
    double luc;               // landUseChangeGhgEmissions
    double land_mgmt;         // land management (removals < 0)
    double aircraft;          // aircraftGhgEmissions
} lca__pact_split;

// Monte Carlo statistics of the footprint, per declared unit.
typedef struct lca__pact_mc {
    int64_t iterations;       // 0 = none
    const char *seed;         // "" = not known
    double mean, sd, median, p025, p975, gsd;
} lca__pact_mc;

// One ProductFootprint's content. Strings are borrowed ("" = not given).
typedef struct lca__pact_pf {
    const char *kind;         // "product" or "category"
    const char *subject;      // product or category id
    const char *record;       // the record key (lifecycle)
    const char *name, *description;
    int64_t nclass;           // productClassifications (URNs)
    const char *classes[3];
    const char *pact_unit;    // declaredUnitOfMeasurement
    double unit_amount;       // declaredUnitAmount
    double mass_kg;           // productMassPerDeclaredUnit
    char period_start[32], period_end[32];
    const char *geo_key;      // "geographyCountry", ... or "" (global)
    const char *geo_value;
    lca__pact_split split;
    const char *ipcc;         // "AR6"
    int64_t nstandards;
    const char *const *standards;
    const char *rule_name;    // productOrSectorSpecificRules' rule name
    const char *rule_operator;
    const char *rule_id;      // the rule's id and its content version (12
    const char *rule_version; // hex digits of the SHA-256 of its file)
    double exempted_percent;
    const char *exempted_text, *boundary_text, *allocation_text;
    const char *db_name, *db_version;
    double primary_share;     // percent; NaN = not declared
    double dqi_tech, dqi_geo, dqi_temporal;  // 1..5; NaN = no dqi
    const char *comment;
    lca__pact_mc mc;
    const lca_grading *scheme;  // NULL: no grade
    const lca_grade *grade;
} lca__pact_pf;

// The ProductFootprint of pf (without id, status, created and
// precedingPfIds, which the lifecycle sets): a new reference, NULL with
// the ctx message set on failure. opt: company name and ids, the id
// domain. Values outside PACT's sign domain: required ones are errors,
// optional ones are left out and said so in the comment.
// Errors: LCA_ERR_INVALID (names the subject and the property),
// LCA_ERR_NOMEM.
lca_status lca__pact_pf_json(lca_ctx *ctx, const lca__pact_pf *pf,
                             const lca_pact_options *opt, json_t **out);

// The finished footprint *out (a new reference): id (from the company
// ids, kind, subject, record and the canonical text of body),
// "specVersion", "precedingPfIds" when npre > 0, "created", "status":
// "Active", then body's keys in their order. Errors: LCA_ERR_NOMEM.
lca_status lca__pact_finish(lca_ctx *ctx, const json_t *body,
                            const lca_pact_options *opt,
                            const lca__pact_pf *pf, int64_t npre,
                            const char *const *pre, json_t **out);

// ---- the export: new footprints in, the folder out (pact_write.c) ------

typedef struct lca__pact_export lca__pact_export;

// Start an export to folder out (which must not exist), reading
// opt->previous if given. Errors: LCA_ERR_IO, LCA_ERR_INVALID (the
// previous export is not one), LCA_ERR_ARG (bad options), NOMEM.
lca_status lca__pact_export_begin(lca_ctx *ctx, const lca_pact_options *opt,
                                  const char *out, lca__pact_export **e);

// Add the footprint of pf (built and finished here, or the previous one
// kept by the lifecycle). Errors: as lca__pact_pf_json.
lca_status lca__pact_export_add(lca__pact_export *e, const lca__pact_pf *pf);

// Write the files and move the folder into place; *e becomes NULL.
// Errors: LCA_ERR_IO, LCA_ERR_NOMEM.
lca_status lca__pact_export_commit(lca__pact_export **e);

// Abandon (nothing is left behind). Accepts NULL.
void lca__pact_export_destroy(lca__pact_export **e);

// ---- what a rule gives a footprint (pact_rule.c) ------------------------

// Text a footprint borrows from its rule: storage for pf's strings.
typedef struct lca__pact_rule_text {
    char rule_name[640], rule_version[13], ipcc[16];
    char classes[3][192];
    const char *standards[32];
    char boundary[1024], allocation[512];
} lca__pact_rule_text;

// Fill pf from rule r: declared unit, amount and mass, IPCC report (the
// rule's GWP set, else gwp_set; the two must agree), standards, rule name,
// id and version, classifications, boundary and allocation texts. t
// holds the strings pf borrows. Errors: LCA_ERR_INVALID ("RULE FILE:
// /declared_unit/unit: 'bbl' has no PACT unit ...", a declared unit that
// needs mass_kg, no IPCC report in either GWP set, two that differ),
// LCA_ERR_IO (the rule file cannot be hashed).
lca_status lca__pact_rule_fill(lca_ctx *ctx, const lca_rule *r,
                               const char *gwp_set, lca__pact_rule_text *t,
                               lca__pact_pf *pf);

// ---- mapping helpers (pact_map.c) --------------------------------------

// PACT's declaredUnitOfMeasurement for a declared unit name ("t" ->
// "kilogram" x 1000, "MWh" -> "kilowatt hour" x 1000, "kWh delivered" ->
// "kilowatt hour"); NULL when PACT has none. *mass_zero: PACT wants
// productMassPerDeclaredUnit 0 for it (energy, transport, time).
const char *lca__pact_unit(const char *unit, double *factor, int *mass_zero);

// Reference period "YYYY" or "YYYY-YYYY" (or a leading year) into
// RFC 3339 start (Jan 1) and end (Jan 1 of the year after, exclusive).
// 0 when s has no year 1900..2100.
int lca__pact_period(const char *s, char start[32], char end[32]);

// The geography property of a region: "geographyCountry" for ISO 3166-1
// alpha-2 ("US"), "geographyCountrySubdivision" for ISO 3166-2
// ("US-TX"), "geographyRegionOrSubregion" for a UN M49 region name PACT
// lists or an ecoinvent region code (RER, RNA, RAS, RAF, RLA, ...), ""
// for global (empty, GLO, RoW). NULL when unknown; *value gets the text
// to write.
const char *lca__pact_geo(const char *region, const char **value);

// "AR6" from a GWP set's text ("IPCC AR6", "... (IPCC AR6) ..."), into
// buf; NULL when there is none.
const char *lca__pact_ipcc(const char *gwp_set, char buf[16]);

// PACT's crossSectoralStandards name for a standard a rule follows
// (ISO14067, ISO14040-44, GHGP-Product, PEF, PAS2050, ISO14083), or the
// text itself.
const char *lca__pact_standard(const char *follows);

// urn:pact:DOMAIN:product-id:ID with ID percent-encoded (RFC 3986
// unreserved characters kept): a new string on ctx, NULL when out of
// memory.
char *lca__pact_urn(lca_ctx *ctx, const char *domain, const char *kind,
                    const char *id);

#endif  // LCA_IO_PACT_IMPL_H
