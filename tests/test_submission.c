// tests/test_submission.c: the factor-database submission package
// (include/lca/submission.h): written, verified (factors recomputed from
// the re-imported unit-process data), and refused or caught when wrong
// SPDX-License-Identifier: MIT

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli_util.h"
#include "test_util.h"

// Two products: a emits 1 kg CO2; b emits 2k kg and takes 0.5 a (A is
// row-major: column b holds -0.5 in row a). Both indicators count both
// flows. Factors by hand: a = 1, b = 2k + 0.5.
static lca_model *tiny(lca_ctx *ctx, double k) {
    static const double A[] = {1, -0.5, 0, 1};
    double B[] = {1, 0, 0, 2 * k};
    static const double C[] = {1, 1, 1, 1};  // GWP100 and its fossil part
    lca_model *M = model_from_dense(ctx, LCA_TECHNOSPHERE, 2, 2, 2, A, B, C);
    const char *pid[] = {"a", "../b"};
    const char *pname[] = {"Product A", "<script>alert(1)</script>"};
    const char *unit[] = {"kg", "kg"};
    const char *iid[] = {"GWP100", "GWP100-fossil"};
    const char *iunit[] = {"kg CO2-eq", "kg CO2-eq"};
    const char *fid[] = {"co2", "co2-b"};
    const char *split[] = {"GWP100:total", "GWP100:fossil"};
    lca_model_set_labels(M, LCA_INDICATORS, LCA_LABEL_SPLIT, split);
    lca_model_set_labels(M, LCA_PRODUCTS, LCA_LABEL_ID, pid);
    lca_model_set_labels(M, LCA_PRODUCTS, LCA_LABEL_NAME, pname);
    lca_model_set_labels(M, LCA_PRODUCTS, LCA_LABEL_UNIT, unit);
    lca_model_set_labels(M, LCA_INDICATORS, LCA_LABEL_ID, iid);
    lca_model_set_labels(M, LCA_INDICATORS, LCA_LABEL_UNIT, iunit);
    lca_model_set_labels(M, LCA_FLOWS, LCA_LABEL_ID, fid);
    return M;
}

static char base[2048];

static void path_in(char *out, size_t size, const char *name) {
    snprintf(out, size, "%s/%s", base, name);
}

// The model file of tiny(k) as name; its SHA-256 into hex.
static void write_model(lca_ctx *ctx, double k, const char *name,
                        char hex[65]) {
    char p[2200];
    path_in(p, sizeof p, name);
    lca_model *M = tiny(ctx, k);
    assert_int_equal(lca_model_write(M, p), LCA_OK);
    lca_model_destroy(&M);
    assert_int_equal(lca_file_sha256(ctx, p, hex), LCA_OK);
}

// The release of tiny(k) with its fossil split; model_sha256 given or "".
static void write_release(lca_ctx *ctx, double k, const char *name,
                          const char *sha) {
    char p[2200];
    path_in(p, sizeof p, name);
    lca_model *M = tiny(ctx, k);
    lca_fdb_component comp[2];
    lca_fdb_options opt;
    lca_fdb_options_default(&opt);  // as factordb build: from the split tags
    assert_int_equal(lca_fdb_find_total(M, &opt.indicator), LCA_OK);
    lca_fdb_find_components(M, opt.indicator, comp, &opt.ncomponents);
    assert_int_equal(opt.ncomponents, 1);
    opt.components = comp;
    lca_fdb *db = NULL;
    assert_int_equal(lca_fdb_create(M, &opt, &db), LCA_OK);
    assert_int_equal(lca_fdb_set_ids(db), LCA_OK);
    lca_release *r = NULL;
    assert_int_equal(lca_release_create(ctx, p, &r), LCA_OK);
    assert_int_equal(lca_release_set_info(r, "model_sha256", sha), LCA_OK);
    assert_int_equal(lca_release_write(r, db), LCA_OK);
    assert_int_equal(lca_release_commit(&r), LCA_OK);
    lca_fdb_destroy(&db);
    lca_model_destroy(&M);
}

// A rule set of one rule listing ../b, whose id would leave a folder.
static lca_ruleset *rules(lca_ctx *ctx) {
    char dir[2200], p[2300];
    path_in(dir, sizeof dir, "rules");
    assert_int_equal(mkdir(dir, 0777), 0);
    snprintf(p, sizeof p, "%s/r.json", dir);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs("{\"format\": \"leontief-pcf-rule\", \"version\": 1, "
          "\"declared_unit\": {\"unit\": \"kg\", \"model_unit\": \"kg\", "
          "\"model_amount\": 1, \"mass_kg\": 1}, \"boundary\": {\"type\": "
          "\"cradle-to-gate\"}, \"cutoff\": {\"item\": 0.01, \"limit\": "
          "0.05}, \"gwp\": {\"indicator\": \"GWP100\", \"set\": \"IPCC "
          "AR6\"}, \"id\": \"b-rule\", \"name\": {\"en\": \"B\"}, "
          "\"follows\": [\"ISO 14067:2018\"], \"products\": [{\"product\": "
          "\"../b\"}]}", f);
    fclose(f);
    lca_ruleset *rs = NULL;
    assert_int_equal(lca_ruleset_read(ctx, dir, &rs), LCA_OK);
    return rs;
}

static int setup(void **state) {
    snprintf(base, sizeof base, "%s", test_tmpdir("submission"));
    return ctx_setup(state);
}

// Written, verified at 0 difference, the recomputed factors the hand
// ones; rules.csv names the rule; every file in SHA256SUMS.
static void test_submission_reproduces_the_factors(void **state) {
    lca_ctx *ctx = *state;
    char hex[65], rel[2200], model[2200], pkg[2200], p[2300];
    write_model(ctx, 1, "m.h5", hex);
    write_release(ctx, 1, "rel", hex);
    lca_ruleset *rs = rules(ctx);
    path_in(rel, sizeof rel, "rel");
    path_in(model, sizeof model, "m.h5");
    path_in(pkg, sizeof pkg, "pkg");
    assert_int_equal(lca_submission_write(ctx, rel, model, rs, pkg), LCA_OK);
    lca_submission_check c;
    assert_int_equal(lca_submission_verify(ctx, pkg, 1e-10, &c), LCA_OK);
    assert_int_equal(c.nrecords, 2);
    assert_int_equal(c.nvalues, 4);  // 2 records x (total, fossil)
    assert_true(c.max_rel <= 1e-10);
    lca_fdb *db = NULL;
    assert_int_equal(lca_fdb_read(ctx, pkg, &db), LCA_OK);
    int64_t i;
    assert_int_equal(lca_fdb_lookup(db, "a", &i), LCA_OK);
    assert_close(lca_fdb_num_get(db, LCA_FDB_FACTOR)[i], 1.0, 1e-12);
    assert_int_equal(lca_fdb_lookup(db, "../b", &i), LCA_OK);
    assert_close(lca_fdb_num_get(db, LCA_FDB_FACTOR)[i], 2.5, 1e-12);
    lca_fdb_destroy(&db);
    snprintf(p, sizeof p, "%s/rules.csv", pkg);
    char *csv = test_slurp(p);
    assert_non_null(strstr(csv, "../b,"));
    assert_non_null(strstr(csv, ",b-rule,"));
    assert_non_null(strstr(csv, ",rule-b-rule.json\r\n"));
    free(csv);
    snprintf(p, sizeof p, "%s/SHA256SUMS", pkg);
    char *sums = test_slurp(p);
    static const char *const files[] = {
        "A.mtx", "B.mtx", "C.mtx", "products.csv", "flows.csv",
        "indicators.csv", "model.h5", "release-manifest.json", "rules.csv",
        "rule-b-rule.json", "factors.csv", "factors.json", "manifest.json"};
    for (size_t k = 0; k < sizeof files / sizeof files[0]; k++) {
        char want[64];
        snprintf(want, sizeof want, "  %s\n", files[k]);
        assert_non_null(strstr(sums, want));
    }
    free(sums);
    lca_ruleset_destroy(&rs);
}

// Replaces the SHA256SUMS line of name with the file's current hash.
static void reseal(lca_ctx *ctx, const char *pkg, const char *name) {
    char p[2300], hex[65];
    snprintf(p, sizeof p, "%s/%s", pkg, name);
    assert_int_equal(lca_file_sha256(ctx, p, hex), LCA_OK);
    snprintf(p, sizeof p, "%s/SHA256SUMS", pkg);
    char *s = test_slurp(p);
    char want[80];
    snprintf(want, sizeof want, "  %s\n", name);
    char *at = strstr(s, want);
    assert_non_null(at);
    memcpy(at - 64, hex, 64);
    FILE *f = fopen(p, "w");
    fputs(s, f);
    fclose(f);
    free(s);
}

static void expect(lca_ctx *ctx, lca_status st, const char *part) {
    assert_int_equal(st, LCA_ERR_INVALID);
    if (strstr(lca_ctx_errmsg(ctx), part) == NULL) {
        print_error("message '%s' lacks '%s'\n", lca_ctx_errmsg(ctx), part);
        fail();
    }
}

// A changed file, a changed matrix (resealed), factors that the data do
// not give, a name that leaves the folder: each caught, by name.
static void test_submission_verify_catches_what_is_wrong(void **state) {
    lca_ctx *ctx = *state;
    char hex[65], hex2[65], rel[2200], model[2200], pkg[2200], p[2300];
    write_model(ctx, 1, "m.h5", hex);
    write_model(ctx, 3, "m3.h5", hex2);
    write_release(ctx, 1, "rel", "");  // no model hash to check against
    path_in(rel, sizeof rel, "rel");
    path_in(model, sizeof model, "m3.h5");
    path_in(pkg, sizeof pkg, "pkg-wrong-model");
    // The records of k = 1 with the model of k = 3: b's factor 2.5 vs 6.5.
    assert_int_equal(lca_submission_write(ctx, rel, model, NULL, pkg), LCA_OK);
    lca_submission_check c;
    expect(ctx, lca_submission_verify(ctx, pkg, 1e-10, &c), "'../b'");
    assert_close(c.max_rel, 4.0 / 6.5, 1e-12);  // |2.5 - 6.5| / 6.5
    path_in(model, sizeof model, "m.h5");
    path_in(pkg, sizeof pkg, "pkg");
    assert_int_equal(lca_submission_write(ctx, rel, model, NULL, pkg), LCA_OK);
    assert_int_equal(lca_submission_verify(ctx, pkg, 0.0, &c), LCA_OK);
    snprintf(p, sizeof p, "%s/rules.csv", pkg);
    FILE *f = fopen(p, "a");
    fputs("x", f);
    fclose(f);
    expect(ctx, lca_submission_verify(ctx, pkg, 1e-10, NULL), "rules.csv");
    reseal(ctx, pkg, "rules.csv");
    assert_int_equal(lca_submission_verify(ctx, pkg, 1e-10, NULL), LCA_OK);
    snprintf(p, sizeof p, "%s/A.mtx", pkg);
    char *a = test_slurp(p);
    char *half = strstr(a, "-0.5");
    assert_non_null(half);
    memcpy(half, "-0.6", 4);
    f = fopen(p, "w");
    fputs(a, f);
    fclose(f);
    free(a);
    reseal(ctx, pkg, "A.mtx");
    expect(ctx, lca_submission_verify(ctx, pkg, 1e-10, NULL),
           "A.mtx is not the matrix A of model.h5");
    snprintf(p, sizeof p, "%s/SHA256SUMS", pkg);
    f = fopen(p, "a");
    fputs("0000000000000000000000000000000000000000000000000000000000000000"
          "  ../escape\n", f);
    fclose(f);
    expect(ctx, lca_submission_verify(ctx, pkg, 1e-10, NULL), "../escape");
}

// Not the release's model, a second rule for a product: refused, and
// nothing written.
static void test_submission_refuses_without_leaving_anything(void **state) {
    lca_ctx *ctx = *state;
    char hex[65], hex2[65], rel[2200], model[2200], pkg[2200];
    write_model(ctx, 1, "m.h5", hex);
    write_model(ctx, 3, "m3.h5", hex2);
    write_release(ctx, 1, "rel", hex);
    path_in(rel, sizeof rel, "rel");
    path_in(model, sizeof model, "m3.h5");
    path_in(pkg, sizeof pkg, "never");
    expect(ctx, lca_submission_write(ctx, rel, model, NULL, pkg),
           "is not the model of the release");
    struct stat sb;
    assert_int_not_equal(stat(pkg, &sb), 0);
    lca_ruleset *rs = rules(ctx);
    char p[2300];
    path_in(p, sizeof p, "rules/r2.json");
    char src[2300];
    path_in(src, sizeof src, "rules/r.json");
    char *text = test_slurp(src);
    char *id = strstr(text, "\"b-rule\"");
    memcpy(id, "\"c-rule\"", 8);
    FILE *f = fopen(p, "w");
    fputs(text, f);
    fclose(f);
    free(text);
    lca_ruleset_destroy(&rs);
    path_in(p, sizeof p, "rules");
    assert_int_equal(lca_ruleset_read(ctx, p, &rs), LCA_OK);
    path_in(model, sizeof model, "m.h5");
    expect(ctx, lca_submission_write(ctx, rel, model, rs, pkg),
           "listed by two rules");
    assert_int_not_equal(stat(pkg, &sb), 0);
    lca_ruleset_destroy(&rs);
}

// Run "leontief ARGS" quietly; the exit code.
#define cli(...) cli_run(NULL, __VA_ARGS__)

static void test_submission_cli_exits_as_documented(void **state) {
    lca_ctx *ctx = *state;
    if (getenv("LCA_CLI") == NULL) skip();
    char hex[65], hex2[65], rel[2200], model[2200], m3[2200], pkg[2200];
    write_model(ctx, 1, "m.h5", hex);
    write_model(ctx, 3, "m3.h5", hex2);
    write_release(ctx, 1, "rel", hex);
    path_in(rel, sizeof rel, "rel");
    path_in(model, sizeof model, "m.h5");
    path_in(m3, sizeof m3, "m3.h5");
    path_in(pkg, sizeof pkg, "pkg");
    assert_int_equal(cli("factordb package --help"), 0);
    assert_int_equal(cli("factordb package '%s' '%s'", rel, model), 2);
    assert_int_equal(cli("factordb verify '%s' --tolerance x", pkg), 2);
    assert_int_equal(cli("factordb package '%s' '%s' -o '%s'", rel, m3, pkg),
                     3);
    assert_int_equal(cli("factordb package '%s' '%s' -o '%s'", rel, model,
                         pkg), 0);
    assert_int_equal(cli("factordb verify '%s'", pkg), 0);
    assert_int_equal(cli("factordb package '%s' '%s' -o '%s'", rel, model,
                         pkg), 5);  // exists
    assert_int_equal(cli("factordb verify '%s'", rel), 3);  // not a package
}

int main(void) {
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, ctx_teardown)
        T(test_submission_reproduces_the_factors),
        T(test_submission_verify_catches_what_is_wrong),
        T(test_submission_refuses_without_leaving_anything),
        T(test_submission_cli_exits_as_documented),
#undef T
    };
    return cmocka_run_group_tests_name("submission", tests, NULL, NULL);
}
