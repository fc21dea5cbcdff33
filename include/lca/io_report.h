// include/lca/io_report.h: writing a footprint study report (lca/report.h)
// as a self-contained HTML page
// SPDX-License-Identifier: MIT
//
// The page has its CSS inline and its charts as inline SVG drawn by
// leontief: no script, font, image or style from anywhere else, so it
// opens offline, prints, and looks the same in any browser. Its
// Content-Security-Policy forbids scripts and loads altogether. Every
// string of the document is HTML-escaped (& < > " ') with control
// characters dropped and very long strings cut. Sections and charts carry
// fixed ids (docs/REPORT.md), which the headless-browser test checks.
//
// Threads: one calling thread at a time per ctx.

#ifndef LCA_IO_REPORT_H
#define LCA_IO_REPORT_H

#include "lca/report.h"

#ifdef __cplusplus
extern "C" {
#endif

// Write doc as dir/STEM.html (dir created if missing; a file of that name
// is replaced). stem is a plain file stem, such as lca_pcf_file_stem
// makes from an id (with lca_pcf_write's "-K"): 1..71 bytes of letters, digits, '-', '_' and '.', not
// starting with '.' (checked: never a separator, a parent or a hidden
// file, so the page stays inside dir).
// The page appears complete or not at all. Errors: LCA_ERR_ARG (a stem
// that is not a plain file stem), LCA_ERR_IO (naming the file),
// LCA_ERR_NOMEM.
lca_status lca_report_write(lca_ctx *ctx, const lca_report_doc *doc,
                            const char *dir, const char *stem);

typedef struct lca_pcf lca_pcf;  // lca/pcf.h

// The report pages (lca_report_create, then lca_report_write) of the
// categories ids[0..nids-1] of a computed p (nids 0: every category), as
// dir/STEM.html with STEM the category's file stem as lca_pcf_write names
// its categories/STEM.csv (so never a path outside dir, whatever the id).
// Every id is looked up first: an id that is no category of p is an error
// naming the rule set and the id, and then nothing is written. Each page
// is written atomically. Errors: LCA_ERR_NOTFOUND (an unknown id),
// lca_report_create's and lca_report_write's.
lca_status lca_report_pcf_write(const lca_pcf *p, int64_t nids,
                                const char *const *ids,
                                const lca_report_options *opt,
                                const char *dir);

#ifdef __cplusplus
}
#endif

#endif  // LCA_IO_REPORT_H
