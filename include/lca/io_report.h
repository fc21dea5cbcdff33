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
// makes from an id: 1..64 bytes of letters, digits, '-', '_' and '.', not
// starting with '.' (checked: never a separator, a parent or a hidden
// file, so the page stays inside dir).
// The page appears complete or not at all. Errors: LCA_ERR_ARG (a stem
// that is not a plain file stem), LCA_ERR_IO (naming the file),
// LCA_ERR_NOMEM.
lca_status lca_report_write(lca_ctx *ctx, const lca_report_doc *doc,
                            const char *dir, const char *stem);

#ifdef __cplusplus
}
#endif

#endif  // LCA_IO_REPORT_H
