// io/report/report_uncert.c: the uncertainty and grade sections of the
// footprint report: the Monte Carlo histogram with its 95 % interval,
// the convergence of the mean, and the probability of each class
// SPDX-License-Identifier: MIT

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "io/report/report_impl.h"

static void stats_table(lca__html *h, const lca_report_doc *d,
                        const char *unit) {
    static const char *const qn[7] = {"2.5 %", "5 %", "25 %", "median",
                                      "75 %", "95 %", "97.5 %"};
    lca__html_raw(h, "<table class=\"kv\">\n");
    lca__html_kv_num(h, "Iterations", (double)d->nsamples, "");
    lca__html_kv_num(h, "Of them valid", (double)d->nvalid, "");
    char seed[32];
    snprintf(seed, sizeof seed, "%llu", (unsigned long long)d->seed);
    lca__html_kv(h, "Seed", seed);
    lca__html_kv_num(h, "Deterministic value", d->footprint, unit);
    lca__html_kv_num(h, "Mean", d->mean, unit);
    lca__html_kv_num(h, "Standard deviation", d->sd, unit);
    lca__html_kv_num(h, "Coefficient of variation",
                     d->mean != 0.0 ? 100.0 * d->sd / fabs(d->mean) : NAN,
                     "%");
    for (int i = 0; i < 7; i++) {
        char key[32];
        snprintf(key, sizeof key, "Quantile %s", qn[i]);
        lca__html_kv_num(h, key, d->q[i], unit);
    }
    lca__html_raw(h, "</table>\n");
}

void lca__report_uncertainty(lca__html *h, const lca_report_doc *d) {
    char unit[300];
    lca__report_unit_text(d, unit, sizeof unit);
    lca__html_raw(h, "<section id=\"sec-uncertainty\"><h2>Uncertainty"
                     "</h2>\n");
    if (d->nsamples == 0) {
        lca__report_p(h, "note", "No Monte Carlo run: the footprint is "
                      "given without its uncertainty.");
        lca__html_raw(h, "</section>\n");
        return;
    }
    lca__report_p(h, "lead", "Monte Carlo: the footprint recomputed with "
                  "every uncertain input drawn from its distribution, "
                  "paired across the categories of the run. The shaded "
                  "band is the 95 % interval.");
    const double mx[4] = {d->q[0], d->q[6], d->mean, d->footprint};
    const char *const ml[4] = {"2.5 %", "97.5 %", "mean", "deterministic"};
    lca__svg_histogram(h, "chart-histogram", "Distribution of the "
                       "footprint over the Monte Carlo iterations",
                       d->hist.nbins, d->hist.counts, d->hist.lo,
                       d->hist.width, 4, mx, ml, 1, unit);
    stats_table(h, d, unit);
    lca__html_raw(h, "<h3>Convergence of the mean</h3>\n");
    double x[64];
    int64_t n = d->conv.npoints < 64 ? d->conv.npoints : 64;
    for (int64_t i = 0; i < n; i++) x[i] = (double)d->conv.iterations[i];
    lca__svg_line(h, "chart-convergence", "Running mean of the footprint "
                  "and its 95 % interval, by iterations", n, x,
                  d->conv.mean, d->conv.half, 1, d->footprint,
                  "iterations (log scale)", unit);
    lca__report_p(h, NULL, "The dashed line is the deterministic value. "
                  "The band narrows as 1/sqrt(iterations): when it is "
                  "narrow against the interval above, more iterations "
                  "would not change the conclusions.");
    lca__html_raw(h, "</section>\n");
}

// The class name k, or an en dash for none.
static const char *cls(const lca_report_grades *g, int64_t k) {
    return k >= 0 && k < g->nclasses ? g->names[k] : "\xe2\x80\x93";
}

static void grade_table(lca__html *h, const lca_report_grades *g) {
    lca__html_raw(h, "<table><tr><th>Class</th><th class=\"num\">upper "
                     "threshold</th><th class=\"num\">probability</th>"
                     "</tr>\n");
    for (int64_t k = 0; k < g->nclasses; k++) {
        lca__html_raw(h, "<tr><td>");
        lca__html_text(h, g->names[k]);
        lca__html_raw(h, "</td><td class=\"num\">");
        if (g->thresholds != NULL && k < g->nclasses - 1) {
            lca__html_num(h, g->thresholds[k]);
            lca__html_raw(h, " ");
            lca__html_text(h, g->unit);
        } else {
            lca__html_raw(h, "\xe2\x80\x93");
        }
        lca__html_raw(h, "</td><td class=\"num\">");
        lca__html_numf(h, "%.1f %%", 100.0 * g->prob[k]);
        lca__html_raw(h, "</td></tr>\n");
    }
    lca__html_raw(h, "</table>\n");
}

void lca__report_grades(lca__html *h, const lca_report_doc *d) {
    const lca_report_grades *g = &d->grades;
    lca__html_raw(h, "<section id=\"sec-grade\"><h2>Grade</h2>\n");
    if (g->nclasses == 0) {
        lca__report_p(h, "note", "Not graded: no grading scheme was "
                      "applied to this result.");
        lca__html_raw(h, "</section>\n");
        return;
    }
    lca__html_raw(h, "<p class=\"lead\">Scheme ");
    lca__html_text(h, g->scheme_name[0] != '\0' ? g->scheme_name
                                                 : g->scheme_id);
    lca__html_raw(h, " (");
    lca__html_text(h, g->scheme_id);
    lca__html_raw(h, "). Class of the deterministic value: <b>");
    lca__html_text(h, cls(g, g->det_class));
    lca__html_raw(h, "</b>; most probable class: <b>");
    lca__html_text(h, cls(g, g->modal));
    lca__html_raw(h, "</b>; with ");
    lca__html_numf(h, "%.0f", 100.0 * g->confidence);
    lca__html_raw(h, " % confidence the class is <b>");
    lca__html_text(h, cls(g, g->at_confidence));
    lca__html_raw(h, "</b> or better (probability ");
    lca__html_numf(h, "%.1f", 100.0 * g->prob_at_confidence);
    lca__html_raw(h, " %, over ");
    lca__html_int(h, g->nvalid);
    lca__html_raw(h, " iterations).</p>\n");
    lca_report_bar bars[LCA__REPORT_MAX_BARS];
    int64_t n = g->nclasses < LCA__REPORT_MAX_BARS ? g->nclasses
                                                   : LCA__REPORT_MAX_BARS;
    for (int64_t k = 0; k < n; k++) {
        bars[k] = (lca_report_bar){g->names[k], "", 100.0 * g->prob[k]};
    }
    lca__report_bars(h, "chart-grades", "Probability of each class", n,
                     bars, NAN, "% of the iterations");
    grade_table(h, g);
    lca__html_raw(h, "</section>\n");
}
