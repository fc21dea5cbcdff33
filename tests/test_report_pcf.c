// tests/test_report_pcf.c: the report document of a pcf category
// (engine/report/report_pcf.c) and its pages (io/report/
// report_pcf_write.c)
// SPDX-License-Identifier: MIT
//
// On the hand model of tests/pcf_model.c, per tonne of steel, the supply
// is s = steel 1000, elec 2000, coal 500 + 200 = 700, truck 100, so the
// process contributions (direct GWP100) are steel 1000 x 1.0 = 1000, elec
// 2000 x 0.5 = 1000, coal 700 x 0.01 x 30 = 210, truck 100 x 0.2 = 20
// (sum 2230). The paths: steel 1000, steel <- elec 1000, steel <- coal
// 500 x 0.3 = 150, steel <- elec <- coal 200 x 0.3 = 60, steel <- truck
// 20.

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "pcf_model.h"

static lca_pcf *computed(lca_model *M, const lca_ruleset *rs, int64_t n) {
    lca_pcf_options o;
    lca_pcf_options_default(&o);
    o.iterations = n;
    o.mc.seed = 11;
    lca_pcf *p = NULL;
    lca_ctx *ctx = lca_model_ctx(M);
    if (lca_pcf_create(M, rs, &o, &p) != LCA_OK ||
        lca_pcf_run(p, NULL) != LCA_OK) {
        fail_msg("%s", lca_ctx_errmsg(ctx));
    }
    return p;
}

static void add(lca_ctx *ctx, lca_ruleset *rs, const char *id) {
    lca_rule_spec s = pcf_test_rule(id);
    lca_rule *r = NULL;
    assert_int_equal(lca_rule_create(ctx, &s, &r), LCA_OK);
    assert_int_equal(lca_ruleset_add(rs, &r), LCA_OK);
}

// Grade the footprint with bands (-inf, 2200], (2200, 2260], (2260, inf)
// and show it: P(class = k) equal to counting the samples by hand.
static void grades(lca_ctx *ctx, const lca_pcf *p, lca_report *r) {
    static const lca_grading_band bands[] = {{"A", "", -INFINITY, 2200},
                                             {"B", "", 2200, 2260},
                                             {"C", "", 2260, INFINITY}};
    lca_grading_spec s = {.source = "", .version = LCA_GRADING_VERSION,
                          .id = "t", .name = "<b>bands</b>",
                          .unit = "kg CO2-eq/t",
                          .kind = LCA_GRADING_ABSOLUTE, .nbands = 3,
                          .bands = bands, .parameter = "",
                          .parameter_unit = "", .weight = "",
                          .min_population = 1, .validity_years = 3};
    lca_grading *g = NULL;
    lca_grades *gr = NULL;
    assert_int_equal(lca_grading_create(ctx, &s, &g), LCA_OK);
    lca_pcf_result res;
    lca_pcf_result_get(p, 0, &res);
    lca_grade_item it = {"steel", res.footprint, res.samples, NAN, 1.0, 1};
    lca_grade_options o;
    lca_grade_options_default(&o);
    assert_int_equal(lca_grades_create(g, &o, 1, &it, res.nsamples, &gr),
                     LCA_OK);
    int64_t count[3] = {0, 0, 0}, valid = 0;
    for (int64_t i = 0; i < res.nsamples; i++) {
        double x = res.samples[i];
        if (isnan(x)) continue;
        count[x <= 2200 ? 0 : x <= 2260 ? 1 : 2]++;
        valid++;
    }
    assert_int_equal(lca_report_set_grades(r, gr, 1), LCA_ERR_ARG);
    assert_int_equal(lca_report_set_grades(r, gr, 0), LCA_OK);
    lca_grades_destroy(&gr);  // the report keeps copies
    const lca_report_grades *d = &lca_report_doc_get(r)->grades;
    assert_int_equal(d->nclasses, 3);
    assert_int_equal(d->det_class, 1);  // 2230
    assert_int_equal(d->nvalid, valid);
    double sum = 0.0;
    for (int k = 0; k < 3; k++) {
        assert_string_equal(d->names[k], bands[k].name);
        assert_close(d->prob[k], (double)count[k] / (double)valid, 1e-15);
        sum += d->prob[k];
    }
    assert_close(sum, 1.0, 1e-12);
    assert_close(d->thresholds[0], 2200.0, 1e-15);
    assert_true(count[0] > 0 && count[2] > 0);  // the test sees spread
    // The page shows it, the scheme's name as text.
    const char *dir = test_tmpdir("report_grades");
    assert_int_equal(lca_report_write(ctx, lca_report_doc_get(r), dir, "g"),
                     LCA_OK);
    lca_grading_destroy(&g);
}

static void test_report_pcf_by_hand(void **state) {
    lca_ctx *ctx = *state;
    lca_model *M = pcf_test_model(ctx, 1.3);
    lca_ruleset *rs = NULL;
    assert_int_equal(lca_ruleset_create(ctx, "rules/", &rs), LCA_OK);
    add(ctx, rs, "steel");
    lca_pcf *p = computed(M, rs, 200);
    lca_report_options o;
    lca_report_options_default(&o);
    o.ncontrib = 3;
    o.npaths = 3;
    lca_report *r = NULL;
    assert_int_equal(lca_report_create(p, 0, &o, &r), LCA_OK);
    const lca_report_doc *d = lca_report_doc_get(r);
    assert_string_equal(d->id, "steel");
    assert_string_equal(d->declared_unit, "t");
    assert_string_equal(d->boundary, "cradle-to-gate");
    assert_close(d->footprint, 2230.0, 1e-12);
    assert_int_equal(d->nproducts, 1);
    assert_close(d->products[0].value, 1.0, 1e-15);
    // Contributions: steel and elec tie at 1000 (index order), then coal.
    assert_int_equal(d->ncontrib, 3);
    assert_string_equal(d->contrib[0].label, "steel");
    assert_string_equal(d->contrib[1].label, "elec");
    assert_string_equal(d->contrib[2].label, "coal");
    assert_close(d->contrib[0].value, 1000.0, 1e-12);
    assert_close(d->contrib[1].value, 1000.0, 1e-12);
    assert_close(d->contrib[2].value, 210.0, 1e-12);
    assert_close(d->contrib_rest, 20.0, 1e-9);
    assert_int_equal(d->nsources, 3);
    // Paths, root first.
    assert_int_equal(d->npaths, 3);
    assert_close(d->paths[0].value, 1000.0, 1e-12);
    assert_close(d->paths[1].value, 1000.0, 1e-12);
    assert_string_equal(d->paths[2].label, "steel <- coal");
    assert_close(d->paths[2].value, 150.0, 1e-12);
    assert_close(d->paths_rest, 80.0, 1e-9);
    int e = strcmp(d->paths[0].label, "steel") == 0 ? 1 : 0;
    assert_string_equal(d->paths[e].label, "steel <- elec");
    // Stages as pcf has them (they sum to the footprint).
    double sum = 0.0;
    for (int64_t i = 0; i < d->nstages; i++) sum += d->stages[i].value;
    assert_close(sum, 2230.0, 1e-12);
    // Monte Carlo: the histogram counts every valid sample.
    assert_int_equal(d->nsamples, 200);
    int64_t counted = 0;
    for (int64_t b = 0; b < d->hist.nbins; b++) counted += d->hist.counts[b];
    assert_int_equal(counted, d->nvalid);
    assert_true(d->conv.npoints >= 2);
    assert_int_equal(d->conv.iterations[d->conv.npoints - 1], 200);
    assert_int_equal(d->grades.nclasses, 0);
    grades(ctx, p, r);
    lca_report_destroy(&r);
    assert_null(r);
    // Bad options and categories.
    o.spa_cutoff = 0.0;
    assert_int_equal(lca_report_create(p, 0, &o, &r), LCA_ERR_ARG);
    assert_int_equal(lca_report_create(p, 1, NULL, &r), LCA_ERR_ARG);
    assert_null(r);
    lca_pcf_destroy(&p);
    lca_ruleset_destroy(&rs);
    lca_model_destroy(&M);
}

// Count the entries of dir other than . and ..
static int entries(const char *dir) {
    DIR *d = opendir(dir);
    int n = 0;
    if (d == NULL) return -1;
    for (struct dirent *e = readdir(d); e != NULL; e = readdir(d)) {
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    }
    closedir(d);
    return n;
}

// Hostile category ids: pages stay in the folder, names are text.
static void test_report_pcf_pages_hostile_ids(void **state) {
    lca_ctx *ctx = *state;
    lca_model *M = pcf_test_model(ctx, 0);
    lca_ruleset *rs = NULL;
    assert_int_equal(lca_ruleset_create(ctx, "rules/", &rs), LCA_OK);
    add(ctx, rs, "<script>alert(1)</script>");
    add(ctx, rs, "../../evil");
    lca_pcf *p = computed(M, rs, 0);
    const char *base = test_tmpdir("report_pcf");
    char dir[1024], path[1200];
    snprintf(dir, sizeof dir, "%s/reports", base);
    // An unknown id: an error naming the rule set and the id, no folder.
    const char *bad[] = {"../../evil", "no-such"};
    assert_int_equal(lca_report_pcf_write(p, 2, bad, NULL, dir),
                     LCA_ERR_NOTFOUND);
    assert_non_null(strstr(lca_ctx_errmsg(ctx), "rules/"));
    assert_non_null(strstr(lca_ctx_errmsg(ctx), "'no-such'"));
    assert_int_equal(entries(dir), -1);
    // Every category.
    assert_int_equal(lca_report_pcf_write(p, 0, NULL, NULL, dir), LCA_OK);
    assert_int_equal(entries(dir), 2);
    assert_int_equal(entries(base), 1);  // nothing beside reports/
    char stem[65];
    snprintf(path, sizeof path, "%s/%s.html", dir,
             lca_pcf_file_stem("<script>alert(1)</script>", stem));
    char *html = test_slurp(path);
    assert_null(strstr(html, "<script"));
    assert_non_null(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    snprintf(path, sizeof path, "%s/%s.html", dir,
             lca_pcf_file_stem("../../evil", stem));
    free(html);
    assert_null(strchr(stem, '/'));
    assert_true(file_exists(path));
    lca_pcf_destroy(&p);
    lca_ruleset_destroy(&rs);
    lca_model_destroy(&M);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_report_pcf_by_hand, ctx_setup,
                                        ctx_teardown),
        cmocka_unit_test_setup_teardown(test_report_pcf_pages_hostile_ids,
                                        ctx_setup, ctx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
