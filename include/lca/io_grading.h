// include/lca/io_grading.h: reading grading schemes (and writing grades
// and labels)
// SPDX-License-Identifier: MIT
//
// A grading scheme file is one JSON object, format
// "leontief-grading-scheme" version 1 (docs/DISCLOSURE.md; JSON schema
// datasets/grading/schema/grading-1.schema.json). A folder of schemes
// holds each as ID.json, so that a rule's `grading` id finds its file.
//
// Errors name the file, the field (a JSON pointer, RFC 6901) and what is
// wrong: "steel.json: /classes/1/from: 350 overlaps class 'A', which ends
// at 400".
//
// Threads: one calling thread at a time per ctx.

#ifndef LCA_IO_GRADING_H
#define LCA_IO_GRADING_H

#include "lca/ctx.h"
#include "lca/grade.h"
#include "lca/rule.h"

#ifdef __cplusplus
extern "C" {
#endif

// Read one scheme file. Errors: LCA_ERR_IO (cannot be read, or over 1
// MiB), LCA_ERR_INVALID (not JSON: line and column; a field missing, of
// the wrong type, unknown or out of range; bands that overlap or leave a
// gap), LCA_ERR_NOMEM.
lca_status lca_grading_read(lca_ctx *ctx, const char *path, lca_grading **g);

// The scheme `id` from folder dir: the file dir/ID.json, whose "id" must
// be ID. Errors: LCA_ERR_NOTFOUND (no such file: the message names the
// folder and the id), LCA_ERR_ARG (id not of the form a rule's `grading`
// takes), LCA_ERR_INVALID (the file's id differs), as lca_grading_read.
lca_status lca_grading_find(lca_ctx *ctx, const char *dir, const char *id,
                            lca_grading **g);

// A scheme named by a file (a path with a '/', or an existing file) or by
// the id of a bundled scheme (DATADIR/grading/ID.json, DATADIR from
// lca_data_dir, lca/io.h). Errors: as lca_grading_read and
// lca_grading_find.
lca_status lca_grading_open(lca_ctx *ctx, const char *file_or_id,
                            lca_grading **g);

// ---- product parameters -------------------------------------------------

// Product parameters for schemes (lca_grade_param, lca/grade.h) from a CSV
// file (RFC 4180, ',' separated, UTF-8; docs/FORMAT.md "Grading
// parameters"): the header row subject,name,value (any case, nothing
// else), then one row per parameter: subject (a product or category id),
// name (e.g. scrap_share, production), value (a finite number). A
// (subject, name) pair appears once.
typedef struct lca_grade_params lca_grade_params;  // opaque

// Errors: LCA_ERR_IO (cannot open), LCA_ERR_INVALID (malformed CSV, a
// wrong header, a row without 3 fields, an empty subject or name, a value
// that is not a finite number, a (subject, name) given twice: the message
// names the file, the line, and the column or both lines), LCA_ERR_NOMEM.
lca_status lca_grade_params_read(lca_ctx *ctx, const char *path,
                                 lca_grade_params **p);
void lca_grade_params_destroy(lca_grade_params **p);  // accepts NULL
// The parameters in file order (borrowed; NULL when p is NULL), for
// lca_grade_param_find.
int64_t lca_grade_params_count(const lca_grade_params *p);
const lca_grade_param *lca_grade_params_items(const lca_grade_params *p);

// ---- label payloads (io/grading/labels.c, labels_write.c) ---------------

// One label per product of a factor-database release (lca/release.h),
// graded with a scheme: the number, its unit and the declared unit, the
// class, its probability from the release's paired Monte Carlo samples,
// the class at a confidence, the validity, and the rule it follows.
//
// The products: every record of the release, or with a rule set only the
// products of the rules whose `grading` is the scheme's id (a product
// under the first such rule). The number is the record's deterministic
// factor, per declared unit: the product's unit ("1 kg"), or a rule's
// declared unit (the factor times the rule's model_amount; a rule with a
// service unit is refused). Its unit is the release's indicator unit per
// declared unit ("kg CO2-eq/t"), which must fit the scheme
// (lca_grading_check_unit). Samples: /factors/samples of the release's
// indicator in its montecarlo.h5 (a release without one gives classes
// without probabilities: NaN), scaled like the factor, item i of every
// product from iteration i. Parameters (sliding: the line's parameter;
// distribution: the weight) come from params by (product id, name); the
// population of a distribution scheme is every labelled product.
// Validity: from the issue date to the issue date plus the scheme's
// validity_years (whole years by the calendar, 29 February to 28
// February; a fraction f of a year as round(365.25 f) days).

typedef struct lca_label_options {
    double confidence;   // 0 < c < 1: the class at this confidence (0.9)
    const char *issued;  // "YYYY-MM-DD"; NULL or "" = today (UTC)
    int64_t nproducts;   // > 0: label only these product ids (in this
    const char *const *products;  // order; each must be selected)
} lca_label_options;

void lca_label_options_default(lca_label_options *opt);

typedef struct lca_labels lca_labels;  // opaque; io/grading/labels_impl.h

// One label (strings and arrays borrowed from the labels).
typedef struct lca_product_label {
    const char *product_id, *product_name, *record_id;
    double value;               // per declared unit
    const char *unit;           // e.g. "kg CO2-eq/t"
    const char *declared_unit;  // e.g. "1 t"
    lca_grade grade;            // classes, counts, P(class = k) per class
    const char *class_name;     // class of the value ("" = none)
    double class_prob;          // P(class = class_name) (NaN: no samples)
    const char *modal;          // most probable class
    const char *at_confidence;  // best class reached with the confidence
    const char *issued, *valid_until;  // YYYY-MM-DD
    const char *rule_id;        // "" = no rule
    const char *rule_version;   // 12 hex digits of the rule file's SHA-256
                                // (as the PACT export's); "" = no rule
} lca_product_label;

// Labels of the products of the release in release_dir graded by g (in
// g's ctx, which gets the messages). params and rs may be NULL.
// Errors: as lca_fdb_read and lca_mcfile_read_samples; LCA_ERR_ARG (an
// issue date that is not a date, a confidence outside (0, 1));
// LCA_ERR_NOTFOUND (a product of opt->products not in the release or,
// with rules, under no rule naming the scheme);
// LCA_ERR_INVALID (a unit that does not fit the scheme: the message
// names the scheme file and the product; a rule's product missing from
// the release; no rule naming the scheme; a product without samples;
// as lca_grades_create: a missing parameter names the scheme and the
// product), LCA_ERR_NOMEM.
lca_status lca_labels_create(const lca_grading *g, const char *release_dir,
                             const lca_grade_params *params,
                             const lca_ruleset *rs,
                             const lca_label_options *opt, lca_labels **out);
void lca_labels_destroy(lca_labels **l);  // accepts NULL
int64_t lca_labels_count(const lca_labels *l);
const lca_grading *lca_labels_scheme(const lca_labels *l);
void lca_labels_get(const lca_labels *l, int64_t i, lca_product_label *out);

// Write labels.csv and labels.json (docs/FORMAT.md "Labels") into folder
// dir (created when missing), each file atomically: nothing is left
// half-written. Errors: LCA_ERR_IO (the message names the file),
// LCA_ERR_NOMEM.
lca_status lca_labels_write(const lca_labels *l, const char *dir);

#ifdef __cplusplus
}
#endif

#endif  // LCA_IO_GRADING_H
