// tests/test_labels.c: label payloads (io/grading/labels.c) from a tiny
// release with hand-chosen Monte Carlo samples; counts and probabilities
// by hand
// SPDX-License-Identifier: MIT

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli_util.h"
#include "mc_fixture.h"
#include "test_util.h"

#define NIT 8

// Product names that must stay escaped in every file.
static const char *const NAMES[] = {"<script>alert(1)</script>", "../x",
                                    "Plain, \"quoted\""};

// Iteration-major samples (NIT x 3). Scheme bands: A (-inf, 1], B (1, 2],
// C (2, inf). By hand:
//   p0: every sample in A                 -> P = 1, 0, 0
//   p1: 0.9 | 1.1 1.2 1.5 1.8 2.0 | 2.5 3  -> 1/8, 5/8, 2/8 (2.0 is in B)
//   p2: NaN once; 0.5 | - | 2.1 3 3 3 3 3  -> 1/7, 0, 6/7
static const double S[NIT][3] = {
    {0.2, 0.9, 2.1}, {0.3, 1.1, NAN}, {0.4, 1.2, 0.5}, {0.5, 1.5, 3},
    {0.6, 1.8, 3},   {0.7, 2.0, 3},   {0.8, 2.5, 3},   {1.0, 3.0, 3}};
static const double VALUE[3] = {0.5, 1.5, 2.5};

static const char *dir(void) {
    static char d[1024];
    if (d[0] == '\0') snprintf(d, sizeof d, "%s", test_tmpdir("labels"));
    return d;
}

// The tiny release (3 products in kg, factors VALUE) with its
// montecarlo.h5 (or without it).
static const char *write_release(lca_ctx *ctx, const char *name, int mc) {
    static const double A[] = {1, 0, 0, 0, 1, 0, 0, 0, 1};
    static const double B[] = {1, 1, 1};
    static const double C[] = {1};
    lca_model *M = model_from_dense(ctx, LCA_TECHNOSPHERE, 3, 1, 1, A, B, C);
    const char *pid[] = {"p0", "p1", "p2"}, *punit[] = {"kg", "kg", "kg"};
    const char *iname[] = {"GWP100"}, *iunit[] = {"kg CO2-eq"};
    lca_model_set_labels(M, LCA_PRODUCTS, LCA_LABEL_ID, pid);
    lca_model_set_labels(M, LCA_PRODUCTS, LCA_LABEL_NAME, NAMES);
    lca_model_set_labels(M, LCA_PRODUCTS, LCA_LABEL_UNIT, punit);
    lca_model_set_labels(M, LCA_INDICATORS, LCA_LABEL_NAME, iname);
    lca_model_set_labels(M, LCA_INDICATORS, LCA_LABEL_UNIT, iunit);
    lca_fdb_options opt;
    lca_fdb_options_default(&opt);
    lca_fdb *db = NULL;
    assert_int_equal(lca_fdb_create(M, &opt, &db), LCA_OK);
    lca_model_destroy(&M);
    double *f = lca_fdb_num_mut(db, LCA_FDB_FACTOR);
    for (int i = 0; i < 3; i++) f[i] = VALUE[i];
    assert_int_equal(lca_fdb_set_ids(db), LCA_OK);
    static char rel[2048];
    snprintf(rel, sizeof rel, "%s/%s", dir(), name);
    lca_release *r = NULL;
    assert_int_equal(lca_release_create(ctx, rel, &r), LCA_OK);
    if (mc) {
        char mcp[2100];
        snprintf(mcp, sizeof mcp, "%s/mc-%s.h5", dir(), name);
        write_mc_samples(mcp, "", "GWP100", 3,
                         (const char *[]){"p0", "p1", "p2"}, NIT, &S[0][0]);
        assert_int_equal(lca_release_add_file(r, mcp, "montecarlo.h5"),
                         LCA_OK);
    }
    assert_int_equal(lca_release_write(r, db), LCA_OK);
    assert_int_equal(lca_release_commit(&r), LCA_OK);
    lca_fdb_destroy(&db);
    return rel;
}

static lca_grading *scheme(lca_ctx *ctx, const char *unit) {
    char path[1200], text[1200];
    snprintf(path, sizeof path, "%s/abc.json", dir());
    snprintf(text, sizeof text,
             "{\"format\": \"leontief-grading-scheme\", \"version\": 1, "
             "\"id\": \"abc\", \"name\": \"A to C\", \"references\": [], "
             "\"unit\": \"%s\", \"kind\": \"absolute\", \"classes\": ["
             "{\"class\": \"A\", \"to\": 1}, {\"class\": \"B\", \"from\": 1, "
             "\"to\": 2}, {\"class\": \"C\", \"from\": 2}], "
             "\"validity_years\": 2}", unit);
    test_write_text(path, text);
    lca_grading *g = NULL;
    if (lca_grading_read(ctx, path, &g) != LCA_OK) {
        fail_msg("%s", lca_ctx_errmsg(ctx));
    }
    return g;
}

static lca_labels *make(lca_ctx *ctx, const lca_grading *g, const char *rel,
                        double confidence) {
    lca_label_options o;
    lca_label_options_default(&o);
    o.confidence = confidence;
    o.issued = "2024-02-29";
    lca_labels *l = NULL;
    if (lca_labels_create(g, rel, NULL, NULL, &o, &l) != LCA_OK) {
        fail_msg("%s", lca_ctx_errmsg(ctx));
    }
    return l;
}

static void test_labels_probabilities_by_hand(void **state) {
    lca_ctx *ctx = *state;
    const char *rel = write_release(ctx, "rel", 1);
    lca_grading *g = scheme(ctx, "kg CO2e/kg");
    lca_labels *l = make(ctx, g, rel, 0.9);
    assert_int_equal(lca_labels_count(l), 3);
    static const double want[3][3] = {
        {1, 0, 0}, {1.0 / 8, 5.0 / 8, 2.0 / 8}, {1.0 / 7, 0, 6.0 / 7}};
    static const int64_t nvalid[3] = {8, 8, 7};
    static const char *const cls[3] = {"A", "B", "C"};
    static const char *const at90[3] = {"A", "C", "C"};
    for (int i = 0; i < 3; i++) {
        lca_product_label b;
        lca_labels_get(l, i, &b);
        assert_string_equal(b.product_name, NAMES[i]);
        assert_true(b.value == VALUE[i]);
        assert_string_equal(b.unit, "kg CO2-eq/kg");
        assert_string_equal(b.declared_unit, "1 kg");
        assert_int_equal(b.grade.nvalid, nvalid[i]);
        double sum = 0;
        for (int k = 0; k < 3; k++) {
            assert_true(fabs(b.grade.prob[k] - want[i][k]) <= 1e-15);
            sum += b.grade.prob[k];
        }
        assert_true(fabs(sum - 1) <= 1e-15);
        assert_string_equal(b.class_name, cls[i]);
        assert_string_equal(b.at_confidence, at90[i]);
        assert_string_equal(b.issued, "2024-02-29");
        assert_string_equal(b.valid_until, "2026-02-28");  // 2 years
        assert_string_equal(b.rule_id, "");
    }
    lca_product_label b;
    lca_labels_get(l, 0, &b);
    assert_true(b.grade.prob[0] == 1 && b.class_prob == 1);  // one band
    lca_labels_get(l, 1, &b);
    assert_string_equal(b.modal, "B");
    assert_true(b.class_prob == 5.0 / 8);
    assert_true(b.grade.prob_at_confidence == 1);
    lca_labels_destroy(&l);
    l = make(ctx, g, rel, 0.7);  // P(<= B) = 6/8 >= 0.7
    lca_labels_get(l, 1, &b);
    assert_string_equal(b.at_confidence, "B");
    assert_true(b.grade.prob_at_confidence == 0.75);
    lca_labels_destroy(&l);
    lca_grading_destroy(&g);
}

// Files: the same bytes for 1 and 2 threads; hostile names escaped.

static void write_with_threads(lca_ctx *ctx, const lca_grading *g,
                               const char *rel, int threads, const char *out) {
    lca_ctx_set_nthreads(ctx, threads);
    lca_labels *l = make(ctx, g, rel, 0.9);
    assert_int_equal(lca_labels_write(l, out), LCA_OK);
    lca_labels_destroy(&l);
}

static void test_labels_files(void **state) {
    lca_ctx *ctx = *state;
    const char *rel = write_release(ctx, "rel2", 1);
    lca_grading *g = scheme(ctx, "kg CO2-eq/kg");
    char o1[1200], o2[1200], p[1300];
    snprintf(o1, sizeof o1, "%s/out1", dir());
    snprintf(o2, sizeof o2, "%s/out2", dir());
    write_with_threads(ctx, g, rel, 1, o1);
    write_with_threads(ctx, g, rel, 2, o2);
    const char *files[] = {"labels.csv", "labels.json"};
    for (int f = 0; f < 2; f++) {
        snprintf(p, sizeof p, "%s/%s", o1, files[f]);
        char *a = test_slurp(p);
        snprintf(p, sizeof p, "%s/%s", o2, files[f]);
        char *b = test_slurp(p);
        assert_string_equal(a, b);
        free(b);
        if (f == 0) {
            assert_non_null(strstr(a, "\r\np1,../x,"));
            assert_non_null(strstr(a, ",\"Plain, \"\"quoted\"\"\","));
            assert_non_null(strstr(a, ",p_A,p_B,p_C,"));
            assert_non_null(strstr(a, ",0.125,0.625,0.25,2024-02-29,"
                                      "2026-02-28,,\r\n"));
        } else {
            assert_null(strstr(a, "</script>"));
            assert_non_null(strstr(a, "<script>alert(1)<\\/script>"));
            assert_non_null(strstr(a, "\"..\\/x\""));
            assert_non_null(strstr(a, "\"format\": \"leontief-labels\""));
        }
        free(a);
    }
    lca_grading_destroy(&g);
}

static void test_labels_without_samples_and_wrong_unit(void **state) {
    lca_ctx *ctx = *state;
    const char *rel = write_release(ctx, "nomc", 0);
    lca_grading *g = scheme(ctx, "kg CO2-eq/kg");
    lca_labels *l = make(ctx, g, rel, 0.9);
    lca_product_label b;
    lca_labels_get(l, 2, &b);
    assert_string_equal(b.class_name, "C");
    assert_int_equal(b.grade.nvalid, 0);
    assert_true(isnan(b.class_prob));
    lca_labels_destroy(&l);
    lca_grading_destroy(&g);
    g = scheme(ctx, "kg CO2-eq/t");
    lca_label_options o;
    lca_label_options_default(&o);
    assert_int_equal(lca_labels_create(g, rel, NULL, NULL, &o, &l),
                     LCA_ERR_INVALID);
    assert_null(l);
    const char *m = lca_ctx_errmsg(ctx);
    assert_non_null(strstr(m, "abc.json"));
    assert_non_null(strstr(m, "product 'p0'"));
    o.issued = "2024-02-30";
    lca_grading_destroy(&g);
    g = scheme(ctx, "kg CO2-eq/kg");
    assert_int_equal(lca_labels_create(g, rel, NULL, NULL, &o, &l),
                     LCA_ERR_ARG);
    assert_non_null(strstr(lca_ctx_errmsg(ctx), "2024-02-30"));
    lca_grading_destroy(&g);
}

// A sliding scheme: the line L(s) = 2 - s through (0, 2) and (1, 1), the
// classes A (-inf, 1 L] and B (1 L, inf); s per product from a CSV.
//   p0 s=0, L=2:   0.5 and every sample <= 2       -> A, P = 1, 0
//   p1 s=1, L=1:   1.5; 0.9 | the other seven      -> B, P = 1/8, 7/8
//   p2 s=0.5, L=1.5: 2.5; 0.5 | 2.1 and five 3s    -> B, P = 1/7, 6/7
static void test_labels_sliding_with_params(void **state) {
    lca_ctx *ctx = *state;
    const char *rel = write_release(ctx, "relslide", 1);
    char path[1200], csv[1200];
    snprintf(path, sizeof path, "%s/slide.json", dir());
    test_write_text(path,
        "{\"format\": \"leontief-grading-scheme\", \"version\": 1, "
        "\"id\": \"slide\", \"name\": \"S\", \"unit\": \"kg CO2-eq/kg\", "
        "\"kind\": \"sliding\", \"line\": {\"parameter\": \"s\", \"points\": "
        "[{\"at\": 0, \"value\": 2}, {\"at\": 1, \"value\": 1}]}, "
        "\"classes\": [{\"class\": \"A\", \"to\": 1}, {\"class\": \"B\", "
        "\"from\": 1}]}");
    lca_grading *g = NULL;
    assert_int_equal(lca_grading_read(ctx, path, &g), LCA_OK);
    snprintf(csv, sizeof csv, "%s/params.csv", dir());
    test_write_text(csv, "subject,name,value\np0,s,0\np1,s,1\np2,s,0.5\n"
                    "p2,other,7\n");
    lca_grade_params *p = NULL;
    assert_int_equal(lca_grade_params_read(ctx, csv, &p), LCA_OK);
    lca_label_options o;
    lca_label_options_default(&o);
    lca_labels *l = NULL;
    if (lca_labels_create(g, rel, p, NULL, &o, &l) != LCA_OK) {
        fail_msg("%s", lca_ctx_errmsg(ctx));
    }
    static const double want[3][2] = {{1, 0}, {1.0 / 8, 7.0 / 8},
                                      {1.0 / 7, 6.0 / 7}};
    static const char *const cls[3] = {"A", "B", "B"};
    for (int i = 0; i < 3; i++) {
        lca_product_label b;
        lca_labels_get(l, i, &b);
        assert_string_equal(b.class_name, cls[i]);
        for (int k = 0; k < 2; k++) {
            assert_true(fabs(b.grade.prob[k] - want[i][k]) <= 1e-15);
        }
    }
    lca_labels_destroy(&l);
    lca_grade_params_destroy(&p);
    // p2 without its parameter: an error naming the product
    test_write_text(csv, "subject,name,value\np0,s,0\np1,s,1\n");
    assert_int_equal(lca_grade_params_read(ctx, csv, &p), LCA_OK);
    assert_int_not_equal(lca_labels_create(g, rel, p, NULL, &o, &l), LCA_OK);
    assert_null(l);
    assert_non_null(strstr(lca_ctx_errmsg(ctx), "p2"));
    lca_grade_params_destroy(&p);
    lca_grading_destroy(&g);
}

// A rule naming the scheme: only its product, per its declared unit (1 t
// = 1000 kg of the model product), with the rule's id and version.
static void test_labels_with_rules(void **state) {
    lca_ctx *ctx = *state;
    const char *rel = write_release(ctx, "relrules", 1);
    char rd[1200], rp[1300];
    snprintf(rd, sizeof rd, "%s/rules", dir());
    assert_int_equal(system(((void)snprintf(rp, sizeof rp, "mkdir -p '%s'",
                                            rd), rp)), 0);
    snprintf(rp, sizeof rp, "%s/r1.json", rd);
    test_write_text(rp,
        "{\"format\": \"leontief-pcf-rule\", \"version\": 1, \"id\": \"r1\", "
        "\"name\": {\"en\": \"R1\"}, \"follows\": [\"none\"], "
        "\"products\": [{\"product\": \"p1\", \"share\": 1}], "
        "\"declared_unit\": {\"unit\": \"t\", \"model_unit\": \"kg\", "
        "\"model_amount\": 1000}, \"boundary\": {\"type\": "
        "\"cradle-to-gate\"}, \"stages\": {\"direct\": \"production\", "
        "\"default\": \"upstream\"}, \"cutoff\": {\"item\": 0.01, "
        "\"limit\": 0.05}, \"allocation\": {\"default\": \"mass\"}, "
        "\"primary_data\": {\"mandatory\": [], \"min_share\": 0}, "
        "\"data_quality\": {\"max_dqr\": 3.0}, \"gwp\": {\"indicator\": \"GWP100\", \"set\": "
        "\"IPCC AR6\"}, \"grading\": \"abc\"}");
    lca_ruleset *rs = NULL;
    if (lca_ruleset_read(ctx, rd, &rs) != LCA_OK) {
        fail_msg("%s", lca_ctx_errmsg(ctx));
    }
    lca_grading *g = scheme(ctx, "kg CO2-eq/t");
    lca_label_options o;
    lca_label_options_default(&o);
    lca_labels *l = NULL;
    if (lca_labels_create(g, rel, NULL, rs, &o, &l) != LCA_OK) {
        fail_msg("%s", lca_ctx_errmsg(ctx));
    }
    assert_int_equal(lca_labels_count(l), 1);
    lca_product_label b;
    lca_labels_get(l, 0, &b);
    assert_string_equal(b.product_id, "p1");
    assert_true(b.value == 1500);
    assert_string_equal(b.declared_unit, "1 t");
    assert_string_equal(b.unit, "kg CO2-eq/t");
    assert_string_equal(b.rule_id, "r1");
    assert_int_equal(strlen(b.rule_version), 12);
    assert_true(b.grade.prob[2] == 1);  // every sample x 1000 > 2
    lca_labels_destroy(&l);
    const char *one[] = {"p0"};  // not under the rule
    o.nproducts = 1;
    o.products = one;
    assert_int_equal(lca_labels_create(g, rel, NULL, rs, &o, &l),
                     LCA_ERR_NOTFOUND);
    assert_non_null(strstr(lca_ctx_errmsg(ctx), "'p0'"));
    lca_ruleset_destroy(&rs);
    lca_grading_destroy(&g);
}

// ---- the command --------------------------------------------------------

// Run "leontief grade ARGS" with stderr to the file errfile; the exit code.
#define run(errfile, ...) \
    cli_run(&(cli_opts){.err = (errfile)}, "grade " __VA_ARGS__)

static int count_entries(const char *d) {
    char cmd[1300];
    snprintf(cmd, sizeof cmd, "test $(ls -A '%s' | wc -l) -eq 2", d);
    return system(cmd) == 0;
}

static void test_grade_cli(void **state) {
    lca_ctx *ctx = *state;
    if (getenv("LCA_CLI") == NULL) skip();
    const char *rel = write_release(ctx, "relcli", 1);
    lca_grading *g = scheme(ctx, "kg CO2-eq/kg");
    lca_grading_destroy(&g);
    char err[1200], out[1200], bad[1200], sch[1200];
    snprintf(err, sizeof err, "%s/err.txt", dir());
    snprintf(out, sizeof out, "%s/cli-out", dir());
    snprintf(sch, sizeof sch, "%s/abc.json", dir());
    assert_int_equal(run(err, "--help"), 0);
    assert_int_equal(run(err, "'%s' -o '%s'", rel, out), 2);  // no scheme
    assert_int_equal(run(err, "'%s' --scheme '%s'", rel, sch), 2);
    assert_int_equal(run(err, "'%s' --scheme '%s' -o '%s' --confidence 1",
                         rel, sch, out), 2);
    assert_int_equal(run(err, "'%s' --scheme '%s' -o '%s' --issued "
                         "2025-01-01", rel, sch, out), 0);
    assert_true(count_entries(out));  // labels.csv, labels.json: no file
                                      // named after a product
    char p[1300];
    snprintf(p, sizeof p, "%s/labels.json", out);
    char *js = test_slurp(p);
    assert_non_null(strstr(js, "\"valid_until\": \"2027-01-01\""));
    assert_null(strstr(js, "</script>"));
    free(js);
    // a bundled scheme by id (T/CAB 0078-2020: clean up to 4.9 kg/kg)
    snprintf(bad, sizeof bad, "%s/cli-h2", dir());
    assert_int_equal(run(err, "'%s' --scheme hydrogen-tcab-0078-2020 -o "
                         "'%s'", rel, bad), 0);
    snprintf(p, sizeof p, "%s/labels.csv", bad);
    char *csv = test_slurp(p);
    assert_non_null(strstr(csv, ",hydrogen-tcab-0078-2020,clean,1,"));
    free(csv);
    // a scheme in another unit: 3, naming the scheme file and the product
    g = scheme(ctx, "kg CO2-eq/t");
    lca_grading_destroy(&g);
    snprintf(bad, sizeof bad, "%s/cli-bad", dir());
    assert_int_equal(run(err, "'%s' --scheme '%s' -o '%s'", rel, sch, bad), 3);
    char *m = test_slurp(err);
    assert_non_null(strstr(m, "abc.json"));
    assert_non_null(strstr(m, "product 'p0'"));
    free(m);
    assert_int_equal(access(bad, F_OK), -1);  // nothing written
    g = scheme(ctx, "kg CO2-eq/kg");
    lca_grading_destroy(&g);
    assert_int_equal(run(err, "'%s' --scheme no-such-scheme -o '%s'", rel,
                         bad), 3);
    assert_int_equal(run(err, "'%s' --scheme '%s' -o /proc/x/y", rel, sch),
                     5);
}

int main(void) {
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, ctx_setup, ctx_teardown)
        T(test_labels_probabilities_by_hand),
        T(test_labels_files),
        T(test_labels_without_samples_and_wrong_unit),
        T(test_labels_sliding_with_params),
        T(test_labels_with_rules),
        T(test_grade_cli),
#undef T
    };
    return cmocka_run_group_tests_name("labels", tests, NULL, NULL);
}
