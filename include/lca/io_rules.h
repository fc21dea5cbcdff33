// include/lca/io_rules.h: reading rule files and rule sets (and writing
// the results of lca/pcf.h)
// SPDX-License-Identifier: MIT
//
// A rule file is one JSON object, format "leontief-pcf-rule" version 1
// (docs/RULES.md; JSON schema datasets/rules/schema/rule-1.schema.json).
// A rule set is a folder: every "*.json" file directly in it (not in
// subfolders, not hidden files) is one rule, read in byte order of the
// file names.
//
// Errors name the file, the field (a JSON pointer, RFC 6901) and what is
// wrong: "steel.json: /products/0/share: 1.5 is outside 0..1".
//
// Threads: one calling thread at a time per ctx.

#ifndef LCA_IO_RULES_H
#define LCA_IO_RULES_H

#include <stddef.h>

#include "lca/ctx.h"
#include "lca/pcf.h"
#include "lca/rule.h"

#ifdef __cplusplus
extern "C" {
#endif

// Read one rule file. Errors: LCA_ERR_IO (the file cannot be read, or is
// over 4 MiB), LCA_ERR_INVALID (not JSON: line and column; a field
// missing, of the wrong type, unknown or out of range), LCA_ERR_NOMEM.
lca_status lca_rule_read(lca_ctx *ctx, const char *path, lca_rule **r);

// Read the rule set in folder dir. Errors: LCA_ERR_IO (the folder cannot
// be listed), LCA_ERR_INVALID (no rule file; a bad rule; two rules with
// one category id: both files named), LCA_ERR_NOMEM.
lca_status lca_ruleset_read(lca_ctx *ctx, const char *dir, lca_ruleset **rs);

// Write r as a rule file at path (atomically; JSON, 2-space indent, every
// number with 17 significant digits, so that lca_rule_read gives r back).
// Errors: LCA_ERR_IO, LCA_ERR_NOMEM.
lca_status lca_rule_write(const lca_rule *r, const char *path);

// ---- results of lca/pcf.h (io/rules/pcf_write.c, pcf_csv.c) ---------------

// Write the results of a run of p into folder dir (created when missing;
// layouts in docs/FORMAT.md, "pcf results"): pcf.h5 (everything, samples
// included), summary.csv (one row per category), conformance.csv (one row
// per violation) and categories/STEM.csv (one per category: footprint,
// split and stages with their statistics). model names the model file in
// the attributes. Each file is written atomically.
// Errors: LCA_ERR_IO (the message names the file), LCA_ERR_NOMEM.
lca_status lca_pcf_write(const lca_pcf *p, const char *dir,
                         const char *model);

// The file stem of category id: its bytes A-Z a-z 0-9 . _ - kept, runs of
// anything else one '_', no leading '.', '-' or '_', at most 64 bytes,
// "category" when nothing is left, '_' before a Windows device name (CON,
// NUL, COM1, ...). So a stem never leaves its folder (no separator, never
// "." or ".."). lca_pcf_write makes stems unique with "-K" (the category
// index) where two ids give one stem (ignoring case). buf: 65 bytes.
const char *lca_pcf_file_stem(const char *id, char buf[65]);

#ifdef __cplusplus
}
#endif

#endif  // LCA_IO_RULES_H
