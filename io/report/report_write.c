// io/report/report_write.c: lca_report_write: the footprint study report
// page: headline, the sections in the order ISO 14067 clause 7 lists the
// contents, the rule, validity and provenance
// SPDX-License-Identifier: MIT

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/ctx_impl.h"
#include "io/report/report_impl.h"
#include "io/util/textout_impl.h"
#include "lca/io_report.h"

static const char *const nav[][2] = {
    {"sec-unit", "Unit"}, {"sec-boundary", "Boundary"},
    {"sec-cutoff", "Cut-off"}, {"sec-allocation", "Allocation"},
    {"sec-results", "Results"}, {"sec-contrib", "Contributions"},
    {"sec-paths", "Paths"}, {"sec-uncertainty", "Uncertainty"},
    {"sec-grade", "Grade"}, {"sec-sources", "Data"},
    {"sec-quality", "Quality"}, {"sec-conformance", "Conformance"},
    {"sec-rule", "Rule"}, {"sec-validity", "Validity"}};

static void card(lca__html *h, const char *key, const char *cls,
                 const char *value, const char *sub) {
    lca__html_raw(h, "<div class=\"card\"><div class=\"k\">");
    lca__html_text(h, key);
    lca__html_raw(h, "</div><div class=\"v");
    if (cls != NULL) {
        lca__html_raw(h, " ");
        lca__html_raw(h, cls);
    }
    lca__html_raw(h, "\">");
    lca__html_text(h, value);
    lca__html_raw(h, "</div><div class=\"k\">");
    lca__html_text(h, sub);
    lca__html_raw(h, "</div></div>\n");
}

static void headline(lca__html *h, const lca_report_doc *d) {
    char unit[300], v[64], iv[160], g[96], q[64], c[64];
    lca__report_unit_text(d, unit, sizeof unit);
    snprintf(v, sizeof v, "%.4g", d->footprint);
    if (d->nsamples > 0) {
        snprintf(iv, sizeof iv, "[%.4g, %.4g]", d->q[0], d->q[6]);
    } else {
        snprintf(iv, sizeof iv, "no Monte Carlo");
    }
    const lca_report_grades *gr = &d->grades;
    if (gr->nclasses > 0 && gr->modal >= 0) {
        snprintf(g, sizeof g, "%.40s", gr->names[gr->modal]);
    } else {
        snprintf(g, sizeof g, "not graded");
    }
    snprintf(q, sizeof q, isnan(d->dqr) ? "not rated" : "%.2f", d->dqr);
    snprintf(c, sizeof c, d->nissues == 0 ? "conforms" : "%lld issue(s)",
             (long long)d->nissues);
    lca__html_raw(h, "<div class=\"headline\" id=\"headline\">\n");
    card(h, "Carbon footprint", NULL, v, unit);
    card(h, "95 % interval", NULL, iv, unit);
    card(h, "Grade (most probable)", NULL, g,
         gr->nclasses > 0 ? gr->scheme_id : "");
    card(h, "Data quality (1 best .. 5)", NULL, q, "PEF DQR");
    card(h, "Rule conformance", d->nissues == 0 ? "ok" : "bad", c,
         d->rule_id);
    lca__html_raw(h, "</div>\n");
}

static void rule(lca__html *h, const lca_report_doc *d) {
    char version[32];
    snprintf(version, sizeof version, "%d", d->rule_version);
    lca__html_raw(h, "<section id=\"sec-rule\"><h2>Product category rule"
                     "</h2>\n<table class=\"kv\">\n");
    lca__html_kv(h, "Rule", d->rule_id);
    lca__html_kv(h, "Version", d->rule_version > 0 ? version : "");
    lca__html_kv(h, "Rule file", d->rule_source);
    lca__html_kv(h, "GWP values", d->gwp_set);
    lca__html_raw(h, "</table>\n");
    if (d->rule_version == 0) {
        lca__report_p(h, "note", "No product category rule: the report "
                      "covers one model product with the defaults "
                      "(cradle to gate, one unit of the product).");
    }
    if (d->nfollows > 0) {
        lca__html_raw(h, "<h3>Standards and guidelines followed</h3><ul>\n");
        for (int64_t i = 0; i < d->nfollows; i++) {
            lca__html_raw(h, "<li>");
            lca__html_text(h, d->follows[i]);
            lca__html_raw(h, "</li>\n");
        }
        lca__html_raw(h, "</ul>\n");
    }
    lca__html_raw(h, "</section>\n");
}

static void validity(lca__html *h, const lca_report_doc *d) {
    lca__html_raw(h, "<section id=\"sec-validity\"><h2>Validity, "
                     "limitations and provenance</h2>\n<table class=\"kv\">"
                     "\n");
    lca__html_kv(h, "Valid until", d->valid_until);
    lca__html_kv(h, "Computed (UTC)", d->created_utc);
    lca__html_kv(h, "Model file", d->model_file);
    lca__html_kv(h, "Model SHA-256", d->model_sha256);
    lca__html_kv(h, "Engine", d->engine_version);
    lca__html_kv(h, "Command", d->command_line);
    lca__html_raw(h, "</table>\n");
    lca__report_p(h, NULL, "This carbon footprint addresses climate change "
                  "only (ISO 14067:2018, 5.10); it is not an assessment of "
                  "other environmental impacts. Its values hold for the "
                  "model, the rule and the data named above; a change to "
                  "any of them calls for a new computation.");
    lca__html_raw(h, "</section>\n");
}

static void page(lca__html *h, const lca_report_doc *d) {
    char title[300];
    snprintf(title, sizeof title, "Carbon footprint: %.240s",
             d->name[0] != '\0' ? d->name : d->id);
    lca__html_begin(h, title);
    lca__html_raw(h, "<header><h1>");
    lca__html_text(h, d->name[0] != '\0' ? d->name : d->id);
    lca__html_raw(h, "</h1><p class=\"lead\">Carbon footprint study report "
                     "of ");
    lca__html_text(h, d->kind);
    lca__html_raw(h, " <code>");
    lca__html_text(h, d->id);
    lca__html_raw(h, "</code> per ");
    lca__html_text(h, d->declared_unit_text[0] != '\0'
                          ? d->declared_unit_text : d->declared_unit);
    lca__html_raw(h, "</p><nav>");
    for (size_t i = 0; i < sizeof nav / sizeof nav[0]; i++) {
        lca__html_raw(h, "<a href=\"#");
        lca__html_raw(h, nav[i][0]);
        lca__html_raw(h, "\">");
        lca__html_raw(h, nav[i][1]);
        lca__html_raw(h, "</a>");
    }
    lca__html_raw(h, "</nav></header>\n");
    headline(h, d);
    lca__report_unit(h, d);
    lca__report_boundary(h, d);
    lca__report_cutoff(h, d);
    lca__report_allocation(h, d);
    lca__report_results(h, d);
    lca__report_contrib(h, d);
    lca__report_paths(h, d);
    lca__report_uncertainty(h, d);
    lca__report_grades(h, d);
    lca__report_sources(h, d);
    lca__report_quality(h, d);
    lca__report_conformance(h, d);
    rule(h, d);
    validity(h, d);
    lca__html_raw(h, "<footer>Made by leontief ");
    lca__html_text(h, d->engine_version);
    lca__html_raw(h, ". Self-contained: no script, font or image from "
                     "elsewhere.</footer>\n");
    lca__html_end(h);
}

// 1..64 bytes of [A-Za-z0-9._-], not starting with '.'.
static int plain_stem(const char *s) {
    size_t n = strlen(s);
    if (n == 0 || n > 71 || s[0] == '.') return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                 (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
        if (!ok) return 0;
    }
    return 1;
}

lca_status lca_report_write(lca_ctx *ctx, const lca_report_doc *doc,
                            const char *dir, const char *stem) {
    if (stem == NULL || !plain_stem(stem)) {
        return lca__fail(ctx, LCA_ERR_ARG, "report file stem '%.80s' is not "
                         "1..71 letters, digits, '.', '_' or '-' (not "
                         "starting with '.')", stem != NULL ? stem : "");
    }
    char name[96];
    snprintf(name, sizeof name, "%s.html", stem);
    char *path = lca__path_join(ctx, dir, name);
    if (path == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    struct stat sb;
    int made = stat(dir, &sb) != 0;
    lca__html *h = NULL;
    lca_status st = lca__make_dir(ctx, dir);
    if (st == LCA_OK) st = lca__html_create(ctx, path, &h);
    if (st == LCA_OK) {
        page(h, doc);
        st = lca__html_commit(&h);
    }
    lca__html_destroy(&h);
    if (st != LCA_OK && made) rmdir(dir);  // only if left empty
    lca__free(ctx, path);
    return st;
}
