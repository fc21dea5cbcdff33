// io/cbam/cbam_write.c: lca_cbam_write: the CBAM results as cbam.csv (the
// template-like table) and cbam.html (a self-contained page)
// SPDX-License-Identifier: MIT
//
// Both files are written under temporary names and renamed only when both
// are complete; a failure after the first rename removes it again.

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "engine/ctx_impl.h"
#include "io/native/tables_impl.h"
#include "io/report/html_impl.h"
#include "lca/io_cbam.h"

static void th(lca__html *h, const char *cls, const char *s) {
    lca__html_raw(h, cls != NULL ? "<th class=\"num\">" : "<th>");
    lca__html_text(h, s);
    lca__html_raw(h, "</th>");
}

static void td_text(lca__html *h, const char *s) {
    lca__html_raw(h, "<td>");
    lca__html_text(h, s);
    lca__html_raw(h, "</td>");
}

static void td_num(lca__html *h, double x) {
    lca__html_raw(h, "<td class=\"num\">");
    lca__html_num(h, x);
    lca__html_raw(h, "</td>");
}

static void installation(lca__html *h, const lca_cbam *cb,
                         const lca_tables_info *info) {
    const lca_cbam_spec *s = lca_cbam_spec_get(cb);
    char year[16];
    snprintf(year, sizeof year, "%d", lca_cbam_year(cb));
    lca__html_raw(h, "<section id=\"cbam-installation\"><h2>Installation"
                     "</h2><table class=\"kv\">\n");
    lca__html_kv(h, "Installation", s->installation);
    lca__html_kv(h, "City", s->city);
    lca__html_kv(h, "Country", s->country);
    lca__html_kv(h, "Reporting period start", s->period_start);
    lca__html_kv(h, "Reporting period end", s->period_end);
    lca__html_kv(h, "Year of import (mark-up)", year);
    lca__html_kv(h, "Goods file", s->source);
    lca__html_kv(h, "Model file", info != NULL ? info->model_file : "");
    lca__html_kv(h, "Model indicator", s->indicator);
    lca__html_raw(h, "</table></section>\n");
}

static void product_row(lca__html *h, const lca_cbam_result *r) {
    lca__html_raw(h, "<tr><td>");
    lca__html_text(h, r->good->name[0] != '\0' ? r->good->name
                                               : r->good->id);
    lca__html_raw(h, "<br><small>");
    lca__html_text(h, r->good->id);
    lca__html_raw(h, "</small></td><td class=\"nw\">");
    lca__html_text(h, r->good->cn_code);
    lca__html_raw(h, "</td>");
    td_text(h, r->sector->name[0] != '\0' ? r->sector->name : r->sector->id);
    td_text(h, r->good->route);
    td_text(h, lca_cbam_source_str(r->good->source));
    td_num(h, r->see_direct);
    td_num(h, r->see_indirect);
    td_text(h, r->sector->indirect_counts ? "yes" : "no");
    td_num(h, r->see_total);
    td_num(h, r->default_total);
    lca__html_raw(h, "<td class=\"num\">");
    lca__html_numf(h, "%+.0f %%", r->markup * 100.0);
    lca__html_raw(h, "</td>");
    td_num(h, r->difference);
    td_text(h, r->dflt != NULL ? r->dflt->status : "no default value");
    lca__html_raw(h, "</tr>\n");
}

static void products(lca__html *h, const lca_cbam *cb) {
    static const char *const cols[] = {
        "Good", "CN code", "Aggregated goods category", "Route",
        "Data", "SEE direct", "SEE indirect", "Indirect counted",
        "SEE total", "Default (marked up)", "Mark-up", "SEE - default",
        "Default status"};
    lca__html_raw(h, "<section id=\"cbam-products\"><h2>Summary of products"
                     "</h2><p class=\"lead\">Specific embedded emissions "
                     "(SEE) in t CO2e per tonne of good.</p>"
                     "<div class=\"wide\"><table><tr>");
    for (size_t c = 0; c < sizeof cols / sizeof cols[0]; c++) {
        th(h, c >= 5 && c != 7 && c != 12 ? "num" : NULL, cols[c]);
    }
    lca__html_raw(h, "</tr>\n");
    for (int64_t g = 0; g < lca_cbam_ngoods(cb); g++) {
        lca_cbam_result r;
        lca_cbam_result_get(cb, g, &r);
        product_row(h, &r);
    }
    lca__html_raw(h, "</table></div></section>\n");
}

static void precursors(lca__html *h, const lca_cbam *cb) {
    const lca_cbam_spec *s = lca_cbam_spec_get(cb);
    lca__html_raw(h, "<section id=\"cbam-precursors\"><h2>Precursors</h2>"
                     "<table><tr><th>Good</th><th>Precursor</th>"
                     "<th class=\"num\">t per t of good</th>"
                     "<th class=\"num\">its SEE direct</th>"
                     "<th class=\"num\">its SEE indirect</th></tr>\n");
    int64_t rows = 0;
    for (int64_t g = 0; g < lca_cbam_ngoods(cb); g++) {
        lca_cbam_result r, p;
        lca_cbam_result_get(cb, g, &r);
        for (int64_t q = 0; q < r.nprecursors; q++, rows++) {
            lca_cbam_result_get(cb, r.precursor[q], &p);
            lca__html_raw(h, "<tr>");
            td_text(h, r.good->id);
            td_text(h, s->goods[r.precursor[q]].id);
            td_num(h, r.precursor_mass[q]);
            td_num(h, p.see_direct);
            td_num(h, p.see_indirect);
            lca__html_raw(h, "</tr>\n");
        }
    }
    if (rows == 0) {
        lca__html_raw(h, "<tr><td colspan=\"5\">No good of the file has a "
                         "precursor.</td></tr>\n");
    }
    lca__html_raw(h, "</table></section>\n");
}

// Bar charts of SEE total and of the difference from the default.
static lca_status charts(lca__html *h, const lca_cbam *cb) {
    int64_t n = lca_cbam_ngoods(cb);
    lca_ctx *ctx = lca_cbam_ctx(cb);
    const char **labels = lca__calloc(ctx, (size_t)n, sizeof *labels);
    double *see = lca__calloc(ctx, (size_t)n, sizeof *see);
    double *diff = lca__calloc(ctx, (size_t)n, sizeof *diff);
    lca_status st = LCA_OK;
    if (labels == NULL || see == NULL || diff == NULL) {
        st = lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
        goto done;
    }
    for (int64_t g = 0; g < n; g++) {
        lca_cbam_result r;
        lca_cbam_result_get(cb, g, &r);
        labels[g] = r.good->id;
        see[g] = r.see_total;
        diff[g] = r.difference;
    }
    lca__html_raw(h, "<section id=\"cbam-charts\"><h2>Compared with the "
                     "default values</h2>");
    lca__svg_bars(h, "chart-cbam-see", "Total specific embedded emissions "
                  "per good", n, labels, see, "t CO2e/t");
    lca__html_raw(h, "<h3>SEE minus the marked-up default value (negative: "
                     "below the default)</h3>");
    lca__svg_bars(h, "chart-cbam-diff", "SEE minus the marked-up default", n,
                  labels, diff, "t CO2e/t");
    lca__html_raw(h, "</section>\n");
done:
    lca__free(ctx, labels);
    lca__free(ctx, see);
    lca__free(ctx, diff);
    return st;
}

// Default values: which lines were used, their status and source.
static void defaults(lca__html *h, const lca_cbam *cb) {
    const lca_cbam_tables *t = lca_cbam_tables_get(cb);
    int illustrative = 0;
    lca__html_raw(h, "<section id=\"cbam-defaults\"><h2>Default values "
                     "used</h2><table><tr><th>Good</th><th>CN code</th>"
                     "<th>Country</th><th>Route</th><th class=\"num\">Direct"
                     "</th><th class=\"num\">Indirect</th><th class=\"num\">"
                     "Total</th><th>Status</th><th>Source</th></tr>\n");
    for (int64_t g = 0; g < lca_cbam_ngoods(cb); g++) {
        lca_cbam_result r;
        lca_cbam_result_get(cb, g, &r);
        if (r.dflt == NULL) continue;
        illustrative |= strcmp(r.dflt->status, "illustrative") == 0;
        lca__html_raw(h, "<tr>");
        td_text(h, r.good->id);
        td_text(h, r.dflt->cn_code);
        td_text(h, r.dflt->country[0] != '\0' ? r.dflt->country
                                              : "other countries");
        td_text(h, r.dflt->route[0] != '\0' ? r.dflt->route : "any");
        td_num(h, r.dflt->direct);
        td_num(h, r.dflt->indirect);
        td_num(h, r.dflt->total);
        td_text(h, r.dflt->status);
        td_text(h, r.dflt->source);
        lca__html_raw(h, "</tr>\n");
    }
    lca__html_raw(h, "</table><p>Values before the mark-up, t CO2e/t, from ");
    lca__html_text(h, t->defaults_source);
    lca__html_raw(h, "; mark-ups from ");
    lca__html_text(h, t->markups_source);
    lca__html_raw(h, ".</p>");
    if (illustrative) {
        lca__html_raw(h, "<p class=\"note bad\">Some default values above "
                         "are ILLUSTRATIVE: made up to show the calculation, "
                         "not the values of Implementing Regulation (EU) "
                         "2025/2621. Never declare them; load the official "
                         "table (docs/CBAM.md).</p>");
    }
    lca__html_raw(h, "</section>\n");
}

static void method(lca__html *h) {
    lca__html_raw(h,
        "<section id=\"cbam-method\"><h2>Method</h2><p>Specific embedded "
        "emissions SEE = (AttrEm + &sum;<sub>i</sub> M<sub>i</sub> "
        "SEE<sub>i</sub>) / AL, for direct and for indirect (electricity) "
        "emissions separately (Regulation (EU) 2023/956, Annex IV; "
        "Implementing Regulation (EU) 2025/2547, carrying on (EU) 2023/1773, "
        "Annex III). AttrEm are the emissions attributed to the good's "
        "production process, AL its activity level and M<sub>i</sub> the "
        "mass of relevant precursor i consumed. Goods from a model take "
        "their own process column: direct emissions of the process, "
        "electricity inputs times their emission factor, and inputs that "
        "are goods of the file as precursors; every other input lies "
        "outside the CBAM boundary. The total counts indirect emissions "
        "only for the sectors whose row says so. Defaults are increased by "
        "the year's mark-up.</p></section>\n");
}

static void page(lca__html *h, const lca_cbam *cb,
                 const lca_tables_info *info, lca_status *st) {
    const lca_cbam_spec *s = lca_cbam_spec_get(cb);
    char title[300];
    snprintf(title, sizeof title, "CBAM embedded emissions: %.200s",
             s->installation[0] != '\0' ? s->installation : s->source);
    lca__html_begin(h, title);
    lca__html_raw(h, "<h1>CBAM embedded emissions</h1><p class=\"lead\">");
    lca__html_text(h, s->installation);
    lca__html_raw(h, "</p>\n");
    installation(h, cb, info);
    products(h, cb);
    *st = charts(h, cb);
    precursors(h, cb);
    defaults(h, cb);
    method(h);
    lca__html_raw(h, "<footer id=\"provenance\">leontief ");
    lca__html_text(h, lca_version());
    if (info != NULL) {
        lca__html_raw(h, " &middot; ");
        lca__html_text(h, info->created_utc);
        lca__html_raw(h, " &middot; ");
        lca__html_text(h, info->command_line);
    }
    lca__html_raw(h, "</footer>\n");
    lca__html_end(h);
}

lca_status lca_cbam_write(const lca_cbam *cb, const lca_tables_info *info,
                          const char *dir) {
    lca_ctx *ctx = lca_cbam_ctx(cb);
    lca_table *t = NULL;
    lca__textout *w = NULL;
    lca__html *h = NULL;
    char *csv = lca__path_join(ctx, dir, "cbam.csv");
    char *html = lca__path_join(ctx, dir, "cbam.html");
    lca_status st = csv == NULL || html == NULL
                        ? lca__fail(ctx, LCA_ERR_NOMEM, "out of memory")
                        : lca_cbam_table(cb, &t);
    if (st == LCA_OK) st = lca__make_dir(ctx, dir);
    if (st == LCA_OK) st = lca__textout_create(ctx, csv, &w);
    if (st == LCA_OK) st = lca__html_create(ctx, html, &h);
    if (st == LCA_OK) {
        lca__table_csv(w, t);
        page(h, cb, info, &st);
    }
    if (st == LCA_OK) st = lca__textout_commit(&w);
    if (st == LCA_OK) {
        st = lca__html_commit(&h);
        if (st != LCA_OK) unlink(csv);
    }
    lca__textout_destroy(&w);
    lca__html_destroy(&h);
    lca_table_destroy(&t);
    lca__free(ctx, csv);
    lca__free(ctx, html);
    return st;
}
