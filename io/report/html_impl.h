// io/report/html_impl.h: writing self-contained HTML pages and their SVG
// charts (io/report/html.c, svg.c), for the footprint report and the CBAM
// page
// SPDX-License-Identifier: MIT
//
// A page is one file with its CSS inline and its charts as inline SVG: no
// script, no external font, image or style, so it opens offline and the
// same everywhere. Its Content-Security-Policy forbids every script and
// every load, so that even a string that escaped escaping could not run.
//
// Every string that comes from data (a product name, an id, a unit) goes
// through lca__html_text, which escapes & < > " ' (safe in text and in
// quoted attributes), drops control characters and cuts strings longer
// than LCA__HTML_MAX_TEXT bytes (at a UTF-8 boundary) with an ellipsis.
// lca__html_raw is for the writer's own literal markup only.
//
// Writes cannot fail one by one (lca__textout remembers the first error);
// commit reports it and leaves no file behind.

#ifndef LCA_HTML_IMPL_H
#define LCA_HTML_IMPL_H

#include <stdint.h>

#include "lca/ctx.h"

#define LCA__HTML_MAX_TEXT 2000

typedef struct lca__html lca__html;

// Start the page at path (written under a temporary name). Errors:
// LCA_ERR_IO, LCA_ERR_NOMEM.
lca_status lca__html_create(lca_ctx *ctx, const char *path, lca__html **h);
// Rename into place. Errors: LCA_ERR_IO (any write failed).
lca_status lca__html_commit(lca__html **h);
void lca__html_destroy(lca__html **h);

// The document head (title escaped, the CSP, the house CSS) and <body>;
// and the end of the document.
void lca__html_begin(lca__html *h, const char *title);
void lca__html_end(lca__html *h);

// Literal markup written as is (the writer's own strings only).
void lca__html_raw(lca__html *h, const char *markup);
// Text from data, escaped (see above). NULL writes nothing.
void lca__html_text(lca__html *h, const char *s);
// Like lca__html_text, at most max bytes (then an ellipsis).
void lca__html_text_max(lca__html *h, const char *s, size_t max);
// A number with 4 significant digits (grouping none, "1.235e+06" beyond
// 1e6), or an en dash for NaN; always safe markup.
void lca__html_num(lca__html *h, double x);
// A number with the given printf format ("%.1f"); an en dash for NaN.
void lca__html_numf(lca__html *h, const char *fmt, double x);
// An integer.
void lca__html_int(lca__html *h, int64_t x);

// <tr><th>key</th><td>value</td></tr> with key and value escaped.
void lca__html_kv(lca__html *h, const char *key, const char *value);
// The same with a number and a unit.
void lca__html_kv_num(lca__html *h, const char *key, double x,
                      const char *unit);

// ---- charts (io/report/svg.c) --------------------------------------------
// Each chart is an <svg> element with id (the writer's own identifier),
// role="img", an escaped <title> naming it, axis ticks at "nice" numbers
// and a <title> on every mark, so a reader can hover for exact values.

// Horizontal bars: n labelled values (signs allowed: bars go left of the
// zero line for negatives), the unit on the axis. Labels are cut to 48
// characters in the chart (the full text in the hover title).
void lca__svg_bars(lca__html *h, const char *id, const char *title,
                   int64_t n, const char *const *labels, const double *v,
                   const char *unit);

// A histogram of nbins counts over [lo, lo + nbins * width], with
// vertical marks (mark_x[i], mark_label[i]) such as the mean and the 95 %
// interval, which is shaded between mark 0 and mark 1 when shade != 0.
void lca__svg_histogram(lca__html *h, const char *id, const char *title,
                        int64_t nbins, const int64_t *counts, double lo,
                        double width, int64_t nmarks, const double *mark_x,
                        const char *const *mark_label, int shade,
                        const char *unit);

// A line y(x) with a band [y - half, y + half] over n points, x on a log
// scale when logx != 0 (x > 0), and a dashed reference line at y_ref
// (NaN: none).
void lca__svg_line(lca__html *h, const char *id, const char *title,
                   int64_t n, const double *x, const double *y,
                   const double *half, int logx, double y_ref,
                   const char *xlabel, const char *ylabel);

#endif  // LCA_HTML_IMPL_H
