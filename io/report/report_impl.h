// io/report/report_impl.h: the sections of the footprint report page,
// shared by io/report/report_write.c (page, head, validity) and
// report_sections.c (scope, results, data) and report_uncert.c
// (uncertainty, grades)
// SPDX-License-Identifier: MIT

#ifndef LCA_REPORT_IMPL_H
#define LCA_REPORT_IMPL_H

#include "io/report/html_impl.h"
#include "lca/report.h"

// Each writes one <section id="sec-..."> (docs/REPORT.md lists the ids).
void lca__report_unit(lca__html *h, const lca_report_doc *d);
void lca__report_boundary(lca__html *h, const lca_report_doc *d);
void lca__report_cutoff(lca__html *h, const lca_report_doc *d);
void lca__report_allocation(lca__html *h, const lca_report_doc *d);
void lca__report_results(lca__html *h, const lca_report_doc *d);
void lca__report_contrib(lca__html *h, const lca_report_doc *d);
void lca__report_paths(lca__html *h, const lca_report_doc *d);
void lca__report_sources(lca__html *h, const lca_report_doc *d);
void lca__report_quality(lca__html *h, const lca_report_doc *d);
void lca__report_conformance(lca__html *h, const lca_report_doc *d);
void lca__report_uncertainty(lca__html *h, const lca_report_doc *d);
void lca__report_grades(lca__html *h, const lca_report_doc *d);

#define LCA__REPORT_MAX_BARS 64

// A bar chart of the first LCA__REPORT_MAX_BARS bars (the others, and
// rest when it is finite, summed into a last "(rest)" bar).
void lca__report_bars(lca__html *h, const char *id, const char *title,
                      int64_t n, const lca_report_bar *bars, double rest,
                      const char *unit);

// "kg CO2-eq/t": the indicator unit per declared unit, into buf.
const char *lca__report_unit_text(const lca_report_doc *d, char *buf,
                                  size_t size);

// <p> with escaped text.
void lca__report_p(lca__html *h, const char *cls, const char *text);

#endif  // LCA_REPORT_IMPL_H
