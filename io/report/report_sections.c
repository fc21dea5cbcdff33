// io/report/report_sections.c: the scope, results and data sections of
// the footprint report (ISO 14067 clause 7 / GB/T 24067-2024 contents)
// SPDX-License-Identifier: MIT

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "io/report/report_impl.h"

const char *lca__report_unit_text(const lca_report_doc *d, char *buf,
                                  size_t size) {
    snprintf(buf, size, "%s/%s", d->indicator_unit, d->declared_unit);
    return buf;
}

void lca__report_p(lca__html *h, const char *cls, const char *text) {
    lca__html_raw(h, cls != NULL ? "<p class=\"" : "<p>");
    if (cls != NULL) {
        lca__html_raw(h, cls);
        lca__html_raw(h, "\">");
    }
    lca__html_text(h, text);
    lca__html_raw(h, "</p>\n");
}

void lca__report_bars(lca__html *h, const char *id, const char *title,
                      int64_t n, const lca_report_bar *bars, double rest,
                      const char *unit) {
    const char *labels[LCA__REPORT_MAX_BARS + 1];
    double v[LCA__REPORT_MAX_BARS + 1];
    int64_t k = 0;
    double more = isfinite(rest) ? rest : 0.0;
    for (int64_t i = 0; i < n; i++) {
        if (k < LCA__REPORT_MAX_BARS) {
            labels[k] = bars[i].label;
            v[k++] = bars[i].value;
        } else {
            more += bars[i].value;
        }
    }
    if (isfinite(rest) || n > LCA__REPORT_MAX_BARS) {
        labels[k] = "(rest)";
        v[k++] = more;
    }
    lca__svg_bars(h, id, title, k, labels, v, unit);
}

static void section(lca__html *h, const char *id, const char *title) {
    lca__html_raw(h, "<section id=\"");
    lca__html_raw(h, id);
    lca__html_raw(h, "\"><h2>");
    lca__html_text(h, title);
    lca__html_raw(h, "</h2>\n");
}

static void end(lca__html *h) { lca__html_raw(h, "</section>\n"); }

// A table of bars: label, detail, value, share of total.
static void bar_table(lca__html *h, const char *what, int64_t n,
                      const lca_report_bar *b, double rest, double total,
                      const char *unit) {
    lca__html_raw(h, "<table><tr><th>");
    lca__html_text(h, what);
    lca__html_raw(h, "</th><th class=\"num\">");
    lca__html_text(h, unit);
    lca__html_raw(h, "</th><th class=\"num\">share</th></tr>\n");
    for (int64_t i = 0; i <= n; i++) {
        if (i == n && !isfinite(rest)) break;
        double v = i < n ? b[i].value : rest;
        lca__html_raw(h, "<tr><td>");
        lca__html_text(h, i < n ? b[i].label : "(rest)");
        if (i < n && b[i].detail[0] != '\0') {
            lca__html_raw(h, "<br><small>");
            lca__html_text(h, b[i].detail);
            lca__html_raw(h, "</small>");
        }
        lca__html_raw(h, "</td><td class=\"num\">");
        lca__html_num(h, v);
        lca__html_raw(h, "</td><td class=\"num\">");
        lca__html_numf(h, "%.1f %%", total != 0.0 ? 100.0 * v / total : NAN);
        lca__html_raw(h, "</td></tr>\n");
    }
    lca__html_raw(h, "</table>\n");
}

void lca__report_unit(lca__html *h, const lca_report_doc *d) {
    section(h, "sec-unit", "Declared unit and product");
    lca__html_raw(h, "<table class=\"kv\">\n");
    lca__html_kv(h, "Declared unit", d->declared_unit);
    lca__html_kv(h, "Description", d->declared_unit_text);
    lca__html_kv_num(h, "Mass per declared unit", d->mass_kg, "kg");
    lca__html_kv(h, "Product codes", d->codes);
    lca__html_raw(h, "</table>\n<h3>Represented by</h3><table><tr><th>"
                     "Model product</th><th class=\"num\">share</th></tr>\n");
    for (int64_t i = 0; i < d->nproducts; i++) {
        lca__html_raw(h, "<tr><td>");
        lca__html_text(h, d->products[i].label);
        lca__html_raw(h, "</td><td class=\"num\">");
        lca__html_numf(h, "%.1f %%", 100.0 * d->products[i].value);
        lca__html_raw(h, "</td></tr>\n");
    }
    lca__html_raw(h, "</table>\n");
    end(h);
}

void lca__report_boundary(lca__html *h, const lca_report_doc *d) {
    char unit[300];
    lca__report_unit_text(d, unit, sizeof unit);
    section(h, "sec-boundary", "System boundary and life-cycle stages");
    lca__html_raw(h, "<table class=\"kv\">\n");
    lca__html_kv(h, "System boundary", d->boundary);
    lca__html_raw(h, "</table>\n");
    lca__report_bars(h, "chart-stages", "Footprint by life-cycle stage",
                     d->nstages, d->stages, NAN, unit);
    bar_table(h, "Stage", d->nstages, d->stages, NAN, d->footprint, unit);
    end(h);
}

void lca__report_cutoff(lca__html *h, const lca_report_doc *d) {
    char buf[64];
    section(h, "sec-cutoff", "Exclusions and cut-off");
    lca__html_raw(h, "<table class=\"kv\">\n");
    lca__html_kv_num(h, "Inputs under the rule's item threshold",
                     (double)d->cutoff_items, "");
    snprintf(buf, sizeof buf, "%.3g %% (limit %.3g %%)",
             100.0 * d->cutoff_share, 100.0 * d->cutoff_limit);
    lca__html_kv(h, "Their share of the footprint", buf);
    lca__html_kv_num(h, "Inputs without a provider (cut off at import)",
                     (double)d->unlinked, "");
    lca__html_raw(h, "</table>\n");
    lca__report_p(h, NULL, "Inputs under the threshold are reported here, "
                  "not removed: the footprint above includes them. Inputs "
                  "without a provider were left out of the model when it "
                  "was imported; the import report lists them.");
    end(h);
}

void lca__report_allocation(lca__html *h, const lca_report_doc *d) {
    section(h, "sec-allocation", "Allocation");
    lca__report_p(h, NULL, d->allocation[0] != '\0' ? d->allocation
                                                    : "not stated");
    end(h);
}

void lca__report_results(lca__html *h, const lca_report_doc *d) {
    char unit[300];
    lca__report_unit_text(d, unit, sizeof unit);
    section(h, "sec-results", "Results: fossil, biogenic and land use");
    lca__html_raw(h, "<table class=\"kv\">\n");
    lca__html_kv(h, "Indicator", d->indicator);
    lca__html_kv(h, "GWP values", d->gwp_set);
    lca__html_kv_num(h, "Carbon footprint", d->footprint, unit);
    char pk[320];
    snprintf(pk, sizeof pk, "%s/kg", d->indicator_unit);
    lca__html_kv_num(h, "Per kg of product", d->per_kg, pk);
    lca__html_raw(h, "</table>\n");
    if (d->nsplit == 0) {
        lca__report_p(h, "note", "The method gives no split of this "
                      "indicator (fossil, biogenic, land use): see "
                      "docs/RULES.md for the split tags.");
    } else {
        lca__report_bars(h, "chart-split", "Footprint split: fossil, "
                         "biogenic, land use and gases", d->nsplit,
                         d->split, NAN, unit);
        bar_table(h, "Part", d->nsplit, d->split, NAN, d->footprint, unit);
    }
    end(h);
}

// The words of a ranked section: its id and title, the lead paragraph,
// the chart's id and title, and the table's first column.
typedef struct ranked_text {
    const char *id, *title, *lead, *chart, *chart_title, *what;
} ranked_text;

// A section of n ranked bars (and the rest, when finite): chart and table.
static void ranked(lca__html *h, const lca_report_doc *d,
                   const ranked_text *t, int64_t n, const lca_report_bar *b,
                   double rest) {
    char unit[300];
    lca__report_unit_text(d, unit, sizeof unit);
    section(h, t->id, t->title);
    lca__report_p(h, "lead", t->lead);
    lca__report_bars(h, t->chart, t->chart_title, n, b, rest, unit);
    bar_table(h, t->what, n, b, rest, d->footprint, unit);
    end(h);
}

void lca__report_contrib(lca__html *h, const lca_report_doc *d) {
    static const ranked_text t = {
        "sec-contrib", "Contributions by process",
        "Where the emissions happen: each process's direct emissions for "
        "this declared unit (its whole supply chain counted once per "
        "process).",
        "chart-contrib", "Largest contributing processes", "Process"};
    ranked(h, d, &t, d->ncontrib, d->contrib, d->contrib_rest);
}

void lca__report_paths(lca__html *h, const lca_report_doc *d) {
    static const ranked_text t = {
        "sec-paths", "Largest supply-chain paths",
        "A path is a chain of suppliers from the product upwards; its value "
        "is what its last process emits for this declared unit.",
        "chart-paths", "Largest supply-chain paths", "Path (product first)"};
    ranked(h, d, &t, d->npaths, d->paths, d->paths_rest);
}

void lca__report_sources(lca__html *h, const lca_report_doc *d) {
    char unit[300];
    lca__report_unit_text(d, unit, sizeof unit);
    section(h, "sec-sources", "Data sources and years");
    lca__html_raw(h, "<table class=\"kv\">\n");
    lca__html_kv(h, "Database", d->model_title);
    lca__html_kv(h, "Source", d->model_source);
    lca__html_kv(h, "Licence", d->model_licence);
    lca__html_raw(h, "</table>\n<h3>Processes behind most of the "
                     "footprint: region and reference period</h3>\n");
    bar_table(h, "Process", d->nsources, d->sources, NAN, d->footprint,
              unit);
    end(h);
}

void lca__report_quality(lca__html *h, const lca_report_doc *d) {
    static const char *const names[5] = {
        "Reliability", "Completeness", "Temporal correlation",
        "Geographical correlation", "Technological correlation"};
    section(h, "sec-quality", "Data quality");
    lca__html_raw(h, "<table class=\"kv\">\n");
    lca__html_kv_num(h, "Data-quality rating (1 best .. 5 worst)", d->dqr,
                     "");
    for (int i = 0; i < 5; i++) lca__html_kv_num(h, names[i],
                                                 d->dqr_scores[i], "");
    lca__html_kv_num(h, "Share of the footprint from primary data",
                     100.0 * d->primary_share, "%");
    lca__html_kv_num(h, "Share without pedigree scores",
                     100.0 * d->unscored, "%");
    lca__html_raw(h, "</table>\n");
    end(h);
}

void lca__report_conformance(lca__html *h, const lca_report_doc *d) {
    section(h, "sec-conformance", "Conformance with the rule");
    if (d->nissues == 0) {
        lca__report_p(h, "ok", "The result meets every requirement of the "
                      "rule that leontief checks.");
    } else {
        lca__html_raw(h, "<p class=\"bad\">");
        lca__html_int(h, d->nissues);
        lca__html_raw(h, " requirement(s) of the rule not met:</p><table>"
                         "<tr><th>Check</th><th>Item</th><th>Detail</th>"
                         "</tr>\n");
        for (int64_t i = 0; i < d->nissues; i++) {
            lca__html_raw(h, "<tr><td>");
            lca__html_text(h, d->issues[i].check);
            lca__html_raw(h, "</td><td>");
            lca__html_text(h, d->issues[i].item);
            lca__html_raw(h, "</td><td>");
            lca__html_text(h, d->issues[i].detail);
            lca__html_raw(h, "</td></tr>\n");
        }
        lca__html_raw(h, "</table>\n");
    }
    if (d->nshortfalls > 0) {
        lca__html_raw(h, "<h3>Known shortfalls of the data (from the rule)"
                         "</h3><ul>\n");
        for (int64_t i = 0; i < d->nshortfalls; i++) {
            lca__html_raw(h, "<li>");
            lca__html_text(h, d->shortfalls[i]);
            lca__html_raw(h, "</li>\n");
        }
        lca__html_raw(h, "</ul>\n");
    }
    end(h);
}
