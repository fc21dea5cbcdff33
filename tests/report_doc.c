// tests/report_doc.c: a report document filled by hand, every section and
// chart present and the strings hostile (markup, quotes, "../", control
// characters, a very long name), for tests/test_report.c and the page
// tests/report_sample.c writes for the headless-browser test
// SPDX-License-Identifier: MIT

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report_doc.h"

static const lca_report_bar products[] = {
    {"<script>alert(1)</script>", "", 0.6},
    {"../../etc/passwd", "", 0.4}};
static const lca_report_bar stages[] = {
    {"raw materials", "", 610.0},
    {"production", "", 290.0},
    {"transport \" onmouseover=\"alert(2)", "", 100.0}};
static const lca_report_bar split[] = {
    {"fossil", "", 930.0}, {"biogenic", "", 40.0},
    {"land use change", "", 30.0}, {"uptake", "", -12.0}};
static const lca_report_bar contrib[] = {
    {"Clinker kiln <b>bold</b>", "CN, 2020", 520.0},
    {"Electricity, grid", "CN-North, 2019-2021", 210.0},
    {"Diesel, burned in machinery", "RoW, 2015", 80.0}};
static const lca_report_bar paths[] = {
    {"cement <- clinker", "", 480.0},
    {"cement <- electricity <- coal power", "", 150.0},
    {"cement <- clinker <- limestone quarrying", "", 40.0}};
static const lca_report_bar sources[] = {
    {"Clinker kiln <b>bold</b>", "CN, 2020", 0.52},
    {"Electricity, grid", "CN-North, 2019-2021", 0.21}};
static const char *const follows[] = {"GB/T 24067-2024",
                                      "ISO 14067:2018 & <amendments>"};
static const char *const shortfalls[] = {"Secondary data for the kiln fuel "
                                         "mix </li><li>injected"};
static const lca_report_issue issues[] = {
    {"data-quality", "p-kiln", "DQR 3.4 is worse than the rule's 3"},
    {"primary-share", "", "12 % primary data, the rule asks 50 %"}};
static const char *const class_names[] = {"A", "B", "C <i>", "D"};
static const double class_prob[] = {0.05, 0.62, 0.30, 0.03};
static const double thresholds[] = {800.0, 1000.0, 1200.0};

void report_doc_fill(lca_report_doc *d, report_doc_data *x,
                     const char *name) {
    memset(d, 0, sizeof *d);
    d->id = "cement/../../x";
    d->name = name;
    d->kind = "category";
    d->declared_unit = "t";
    d->declared_unit_text = "1 t of cement at the plant gate";
    d->mass_kg = 1000.0;
    d->nproducts = 2;
    d->products = products;
    d->codes = "CN 2523 29";
    d->rule_id = "cement";
    d->rule_source = "rules/cement.json";
    d->rule_version = 1;
    d->nfollows = 2;
    d->follows = follows;
    d->boundary = "cradle-to-gate";
    d->allocation = "mass allocation of multi-output processes; the kiln "
                    "by economic value";
    d->gwp_set = "IPCC AR6";
    d->nshortfalls = 1;
    d->shortfalls = shortfalls;
    d->indicator = "GWP100";
    d->indicator_unit = "kg CO2-eq";
    d->footprint = 1000.0;
    d->per_kg = 1.0;
    d->nsplit = 4;
    d->split = split;
    d->nstages = 3;
    d->stages = stages;
    d->cutoff_share = 0.004;
    d->cutoff_limit = 0.05;
    d->cutoff_items = 7;
    d->unlinked = 2;
    d->ncontrib = 3;
    d->contrib = contrib;
    d->contrib_rest = 190.0;
    d->npaths = 3;
    d->paths = paths;
    d->paths_rest = 330.0;
    d->primary_share = 0.12;
    d->dqr = 3.4;
    const double scores[5] = {3.0, 2.5, 4.0, 3.5, 4.0};
    memcpy(d->dqr_scores, scores, sizeof scores);
    d->unscored = 0.08;
    d->nsources = 2;
    d->sources = sources;
    d->model_title = "A hand-made <model>";
    d->model_source = "tests/report_doc.c";
    d->model_licence = "MIT";
    d->nissues = 2;
    d->issues = issues;
    // 2000 samples: a normal-looking spread by a fixed recipe.
    d->nsamples = d->nvalid = REPORT_DOC_N;
    d->seed = 42;
    double s = 0.0, s2 = 0.0;
    for (int64_t i = 0; i < REPORT_DOC_N; i++) {
        double u = 0.0;
        for (int k = 1; k <= 12; k++) {  // Irwin-Hall: sum of 12 uniforms
            u += fmod((double)((i + 1) * (2 * k + 1)) * 0.6180339887, 1.0);
        }
        x->samples[i] = 1000.0 + 80.0 * (u - 6.0);
        s += x->samples[i];
        s2 += x->samples[i] * x->samples[i];
    }
    d->mean = s / REPORT_DOC_N;
    d->sd = sqrt((s2 - s * s / REPORT_DOC_N) / (REPORT_DOC_N - 1));
    const double q[7] = {850, 870, 950, 1000, 1050, 1130, 1150};
    memcpy(d->q, q, sizeof q);
    d->hist.nbins = lca_report_histogram(REPORT_DOC_N, x->samples, 0,
                                         x->counts, &d->hist.lo,
                                         &d->hist.width);
    d->hist.counts = x->counts;
    d->conv.npoints = lca_report_convergence(REPORT_DOC_N, x->samples, 32,
                                             x->iterations, x->mean,
                                             x->half);
    d->conv.iterations = x->iterations;
    d->conv.mean = x->mean;
    d->conv.half = x->half;
    lca_report_grades *g = &d->grades;
    g->scheme_id = "cement-bands";
    g->scheme_name = "Cement <bands>";
    g->unit = "kg CO2-eq/t";
    g->nclasses = 4;
    g->names = class_names;
    g->prob = class_prob;
    g->thresholds = thresholds;
    g->det_class = 1;
    g->modal = 1;
    g->at_confidence = 2;
    g->confidence = 0.9;
    g->prob_at_confidence = 0.97;
    g->nvalid = REPORT_DOC_N;
    d->valid_until = "2029-12-31";
    d->model_file = "models/<cement>.h5";
    d->model_sha256 = "0123456789abcdef";
    d->created_utc = "2026-01-01T00:00:00Z";
    d->command_line = "leontief report --category '<script>'";
    d->engine_version = lca_version();
}
