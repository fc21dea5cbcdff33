// tests/test_grading_read.c: grading scheme files (io/grading/
// grading_read.c): the shipped schemes, and errors that name the file and
// the field
// SPDX-License-Identifier: MIT

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "test_util.h"

// The test's folder (test_tmpdir empties it: made once per test).
static const char *dir(void) {
    static char d[1024];
    if (d[0] == '\0') snprintf(d, sizeof d, "%s", test_tmpdir("grading_read"));
    return d;
}

static const char *write_file(const char *name, const char *text) {
    static char path[2048];
    snprintf(path, sizeof path, "%s/%s", dir(), name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

static void test_grading_read_shipped_schemes(void **state) {
    lca_ctx *ctx = *state;
    lca_grading *g = NULL;
    const char *d = src_path("datasets/grading");
    assert_int_equal(lca_grading_find(ctx, d, "steel-near-zero-iea2022", &g),
                     LCA_OK);
    const lca_grading_spec *s = lca_grading_get(g);
    assert_int_equal(s->kind, LCA_GRADING_SLIDING);
    assert_string_equal(s->parameter, "scrap_share");
    double L;
    assert_int_equal(lca_grading_line(g, 0.0, &L), LCA_OK);
    assert_true(L == 400);  // IEA 2022: 400 kg CO2e/t without scrap
    assert_int_equal(lca_grading_line(g, 1.0, &L), LCA_OK);
    assert_true(L == 50);   // and 50 with scrap only
    assert_int_equal(lca_grading_nclasses(g), 5);
    assert_true(isinf(s->bands[0].from) && s->bands[0].to == 1);
    lca_grading_destroy(&g);
    assert_int_equal(lca_grading_find(ctx, d, "hydrogen-tcab-0078-2020", &g),
                     LCA_OK);
    s = lca_grading_get(g);
    assert_int_equal(s->kind, LCA_GRADING_ABSOLUTE);
    assert_true(s->bands[0].to == 4.9 && s->bands[1].to == 14.51);
    assert_string_equal(lca_grading_class_name(g, 1), "low-carbon");
    lca_grading_destroy(&g);
    assert_int_equal(lca_grading_find(ctx, d, "battery-market-quintiles", &g),
                     LCA_OK);
    s = lca_grading_get(g);
    assert_int_equal(s->kind, LCA_GRADING_DISTRIBUTION);
    assert_string_equal(s->weight, "production");
    assert_int_equal(s->min_population, 5);
    assert_true(s->bands[0].from == 0 && s->bands[4].to == 100);
    lca_grading_destroy(&g);
}

// A scheme text with one field changed, and what its error must say.
static void expect(lca_ctx *ctx, const char *text, lca_status want,
                   const char *ptr, const char *words) {
    const char *path = write_file("bad.json", text);
    lca_grading *g = NULL;
    lca_status st = lca_grading_read(ctx, path, &g);
    const char *m = lca_ctx_errmsg(ctx);
    if (st != want || strstr(m, ptr) == NULL || strstr(m, words) == NULL) {
        fprintf(stderr, "status %d, message: %s\n", st, m);
    }
    assert_int_equal(st, want);
    assert_null(g);
    assert_non_null(strstr(m, "bad.json"));
    assert_non_null(strstr(m, ptr));
    assert_non_null(strstr(m, words));
}

#define HEAD                                                             \
    "{\"format\": \"leontief-grading-scheme\", \"version\": 1, \"id\": " \
    "\"x\", \"name\": \"X\", "

static void test_grading_read_names_file_and_field(void **state) {
    lca_ctx *ctx = *state;
    expect(ctx, HEAD "\"unit\": \"kg\", \"kind\": \"absolute\", "
           "\"classes\": [{\"class\": \"A\", \"to\": 2}, {\"class\": \"B\", "
           "\"from\": 1}]}", LCA_ERR_INVALID, "/classes/1/from",
           "1 overlaps class 'A', which ends at 2");
    expect(ctx, HEAD "\"unit\": \"kg\", \"kind\": \"absolute\", "
           "\"classes\": [{\"class\": \"A\", \"to\": 2}, {\"class\": \"B\", "
           "\"from\": 3}]}", LCA_ERR_INVALID, "/classes/1/from",
           "leaves a gap (2, 3] after class 'A'");
    expect(ctx, HEAD "\"unit\": \"kg\", \"kind\": \"absolute\", "
           "\"classes\": [{\"class\": \"A\", \"to\": \"2\"}, {\"class\": "
           "\"B\", \"from\": 2}]}", LCA_ERR_INVALID, "/classes/0/to",
           "number");
    expect(ctx, HEAD "\"unit\": \"kg\", \"kind\": \"absolute\", "
           "\"clases\": []}", LCA_ERR_INVALID, "/clases", "unknown");
    expect(ctx, HEAD "\"unit\": \"kg\", \"kind\": \"relative\", "
           "\"classes\": []}", LCA_ERR_INVALID, "/kind", "'relative'");
    expect(ctx, HEAD "\"kind\": \"absolute\", \"classes\": []}",
           LCA_ERR_INVALID, "/unit", "");
    expect(ctx, HEAD "\"unit\": \"kg\", \"kind\": \"sliding\", "
           "\"classes\": [{\"class\": \"A\", \"to\": 1}, {\"class\": \"B\", "
           "\"from\": 1}]}", LCA_ERR_INVALID, "/line", "");
    expect(ctx, HEAD "\"unit\": \"kg\", \"kind\": \"absolute\", "
           "\"population\": {\"min\": 2}, \"classes\": []}", LCA_ERR_INVALID,
           "/population", "only a distribution scheme");
    expect(ctx, HEAD "\"unit\": \"kg\", \"kind\": \"distribution\", "
           "\"population\": {\"min\": 2.5}, \"classes\": []}",
           LCA_ERR_INVALID, "/population/min", "a count");
    expect(ctx, "{\"format\": \"leontief-pcf-rule\"}", LCA_ERR_INVALID,
           "/format", "not leontief-grading-scheme");
    expect(ctx, HEAD "\"unit\": ", LCA_ERR_INVALID, "line 1", "");
    expect(ctx, HEAD "\"unit\": \"kg\", \"unit\": \"t\"}", LCA_ERR_INVALID,
           "line 1", "duplicate");
}

static void test_grading_find_checks_the_id(void **state) {
    lca_ctx *ctx = *state;
    lca_grading *g = NULL;
    write_file("other.json", HEAD "\"unit\": \"kg\", \"kind\": \"absolute\", "
               "\"classes\": [{\"class\": \"A\", \"to\": 1}, {\"class\": "
               "\"B\", \"from\": 1}]}");
    assert_int_equal(lca_grading_find(ctx, dir(), "other", &g),
                     LCA_ERR_INVALID);
    assert_non_null(strstr(lca_ctx_errmsg(ctx), "/id: 'x', but the file is "
                                                "named for 'other'"));
    assert_int_equal(lca_grading_find(ctx, dir(), "missing", &g),
                     LCA_ERR_NOTFOUND);
    assert_non_null(strstr(lca_ctx_errmsg(ctx), "no grading scheme "
                                                "'missing'"));
    assert_int_equal(lca_grading_find(ctx, dir(), "../other", &g),
                     LCA_ERR_ARG);
    assert_null(g);
    assert_int_equal(lca_grading_read(ctx, "/nonexistent/x.json", &g),
                     LCA_ERR_IO);
}

// Parameters CSV: values read in file order; lca_grade_param_find.
static void test_grade_params_read(void **state) {
    lca_ctx *ctx = *state;
    const char *path = write_file("params.csv",
        "Subject,Name,Value\n"
        "steel-bof,scrap_share,0.15\n"
        "\"steel, eaf\",scrap_share,0.9\n"
        "steel-bof,production,1.25e3\n");
    lca_grade_params *p = NULL;
    assert_int_equal(lca_grade_params_read(ctx, path, &p), LCA_OK);
    assert_int_equal(lca_grade_params_count(p), 3);
    const lca_grade_param *it = lca_grade_params_items(p);
    assert_string_equal(it[1].subject, "steel, eaf");
    assert_true(it[1].value == 0.9);
    assert_true(lca_grade_param_find(3, it, "steel-bof", "production") ==
                1250);
    assert_true(lca_grade_param_find(3, it, "steel-bof", "scrap_share") ==
                0.15);
    assert_true(isnan(lca_grade_param_find(3, it, "steel, eaf",
                                           "production")));
    lca_grade_params_destroy(&p);
    assert_null(p);
    lca_grade_params_destroy(&p);  // NULL is fine
}

// Each error names the file, the line and the column (or both lines).
static void params_expect(lca_ctx *ctx, const char *text, lca_status want,
                          const char *const *parts) {
    const char *path = write_file("bad.csv", text);
    lca_grade_params *p = (lca_grade_params *)&p;  // set to NULL on error
    assert_int_equal(lca_grade_params_read(ctx, path, &p), want);
    assert_null(p);
    const char *msg = lca_ctx_errmsg(ctx);
    assert_non_null(strstr(msg, "bad.csv"));
    for (int i = 0; parts[i] != NULL; i++) {
        if (strstr(msg, parts[i]) == NULL) fail_msg("'%s' not in '%s'",
                                                    parts[i], msg);
    }
}

static void test_grade_params_errors(void **state) {
    lca_ctx *ctx = *state;
    params_expect(ctx, "subject,name,value\na,s,0.1\nb,s,0.2\na,s,0.3\n",
                  LCA_ERR_INVALID, (const char *[]){"line 4",
                  "'s' of 'a' given again", "first on line 2", NULL});
    params_expect(ctx, "subject,name,value\na,s,x1\n", LCA_ERR_INVALID,
                  (const char *[]){"line 2, column 3 (value)", "'x1'", NULL});
    params_expect(ctx, "subject,name,value\na,s,nan\n", LCA_ERR_INVALID,
                  (const char *[]){"line 2, column 3", NULL});
    params_expect(ctx, "subject,name,value\n,s,1\n", LCA_ERR_INVALID,
                  (const char *[]){"line 2, column 1 (subject): empty", NULL});
    params_expect(ctx, "subject,name,value\na,,1\n", LCA_ERR_INVALID,
                  (const char *[]){"line 2, column 2 (name): empty", NULL});
    params_expect(ctx, "subject,name,value\na,s\n", LCA_ERR_INVALID,
                  (const char *[]){"line 2: 2 fields", NULL});
    params_expect(ctx, "product,name,value\n", LCA_ERR_INVALID,
                  (const char *[]){"line 1, column 1", "header", NULL});
    params_expect(ctx, "subject,name,value,unit\n", LCA_ERR_INVALID,
                  (const char *[]){"line 1, column 4", "'unit'", NULL});
    params_expect(ctx, "", LCA_ERR_INVALID, (const char *[]){"empty", NULL});
    params_expect(ctx, "subject,name,value\na,\"s,1\n", LCA_ERR_INVALID,
                  (const char *[]){"line", NULL});
    lca_grade_params *p = NULL;
    assert_int_equal(lca_grade_params_read(ctx, "/nonexistent/p.csv", &p),
                     LCA_ERR_IO);
    assert_non_null(strstr(lca_ctx_errmsg(ctx), "/nonexistent/p.csv"));
}

int main(void) {
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, ctx_setup, ctx_teardown)
        T(test_grading_read_shipped_schemes),
        T(test_grading_read_names_file_and_field),
        T(test_grading_find_checks_the_id),
        T(test_grade_params_read),
        T(test_grade_params_errors),
#undef T
    };
    return cmocka_run_group_tests_name("grading_read", tests, NULL, NULL);
}
