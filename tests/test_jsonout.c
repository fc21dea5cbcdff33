// tests/test_jsonout.c: JSON numbers with the fewest digits that read back
// exactly (io/util/jsonout.c), in every JSON file leontief writes
// SPDX-License-Identifier: MIT
//
// jansson alone writes 0.9 as 0.90000000000000002 (%.17g). Checked: the
// digits of single values (0.9, 0.1 + 0.2, 1.0, exponents), the bits of
// 20,000 pseudo-random doubles after a write and a json_loads, the layout
// of lca__json_dumps against json_dumps itself for every flag the project
// uses, and the files: labels.json says "confidence": 0.9 and
// factors.json "factor":0.30000000000000004 (A = I, C = 1, so the factor
// is B's entry 0.1 + 0.2 bit for bit).

#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "io/util/jsonout_impl.h"
#include "cli_util.h"
#include "test_util.h"

static void test_reals_are_shortest(void **state) {
    (void)state;
    const struct {
        double x;
        const char *text;
    } cases[] = {
        {0.9, "0.9"},
        {0.1 + 0.2, "0.30000000000000004"},
        {1.0, "1.0"},
        {-2.0, "-2.0"},
        {-0.0, "-0.0"},
        {1e300, "1e300"},
        {2.5e-7, "2.5e-7"},
        {-1.5e-3, "-0.0015"},
        {1e22, "1e22"},
        {123456789012345678.0, "1.2345678901234568e17"},
        {1.0 / 3.0, "0.3333333333333333"},
        {5e-324, "4.94065645841247e-324"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char buf[32];
        assert_string_equal(lca__json_real(cases[i].x, buf), cases[i].text);
        double back = strtod(buf, NULL);
        assert_memory_equal(&back, &cases[i].x, sizeof back);
    }
}

// Random bit patterns (finite ones) survive lca__json_dumps + json_loads.
static void test_reals_round_trip(void **state) {
    (void)state;
    json_t *a = json_array();
    uint64_t s = 0x9E3779B97F4A7C15u;
    double x[20000];
    int n = 0;
    while (n < 20000) {
        s ^= s << 13;  // xorshift64
        s ^= s >> 7;
        s ^= s << 17;
        double v;
        memcpy(&v, &s, sizeof v);
        if (!isfinite(v)) continue;
        if (n % 2) v = (double)(s % 1000000) / 1000.0;  // short decimals
        x[n++] = v;
        json_array_append_new(a, json_real(v));
    }
    char *text = lca__json_dumps(a, JSON_COMPACT);
    assert_non_null(text);
    json_error_t err;
    json_t *b = json_loads(text, 0, &err);
    assert_non_null(b);
    assert_int_equal(json_array_size(b), n);
    for (int i = 0; i < n; i++) {
        const json_t *v = json_array_get(b, (size_t)i);
        assert_true(json_is_real(v));
        double y = json_real_value(v);
        assert_memory_equal(&y, &x[i], sizeof y);
    }
    // Never longer than jansson's %.17g.
    char *old = json_dumps(a, JSON_COMPACT | JSON_REAL_PRECISION(17));
    assert_true(strlen(text) <= strlen(old));
    free(old);
    free(text);
    json_decref(a);
    json_decref(b);
}

// Without reals the text is jansson's, byte for byte, for every layout.
static void test_layout_is_janssons(void **state) {
    (void)state;
    json_error_t err;
    json_t *v = json_loads(
        "{\"b\": [1, -2, true, false, null, [], {}, [[]], {\"z\": {}}],"
        " \"a\": \"</script> \\\"q\\\" \\n \\u0001 M\\u00fcsli "
        "\\ud83d\\ude00\","
        " \"c\": {\"y\": [\"x\"], \"x\": 9007199254740993}, \"\": \"\"}",
        0, &err);
    assert_non_null(v);
    const size_t flags[] = {
        0, JSON_COMPACT, JSON_INDENT(1), JSON_INDENT(2) | JSON_PRESERVE_ORDER,
        JSON_INDENT(1) | JSON_ESCAPE_SLASH | JSON_PRESERVE_ORDER,
        JSON_COMPACT | JSON_SORT_KEYS | JSON_ESCAPE_SLASH,
        JSON_INDENT(3) | JSON_SORT_KEYS | JSON_ENSURE_ASCII,
        JSON_COMPACT | JSON_ENCODE_ANY};
    for (size_t i = 0; i < sizeof flags / sizeof *flags; i++) {
        char *want = json_dumps(v, flags[i]);
        char *got = lca__json_dumps(v, flags[i]);
        assert_non_null(got);
        assert_string_equal(got, want);
        free(want);
        free(got);
    }
    json_t *s = json_string("a/b");
    char *got = lca__json_dumps(s, JSON_ENCODE_ANY | JSON_ESCAPE_SLASH);
    assert_string_equal(got, "\"a\\/b\"");
    free(got);
    assert_null(lca__json_dumps(s, 0));  // a bare string needs ENCODE_ANY
    json_decref(s);
    json_t *r = json_real(0.9);
    got = lca__json_dumps(r, JSON_ENCODE_ANY);
    assert_string_equal(got, "0.9");
    free(got);
    json_decref(r);
    json_decref(v);
}

// ---- the files -------------------------------------------------------------



// Two products in t (A = I): factors 0.1 + 0.2 and 1500 kg CO2-eq/t.
static void write_model(lca_ctx *ctx, const char *path) {
    const double A[4] = {1, 0, 0, 1}, B[2] = {0.1 + 0.2, 1500}, C[1] = {1};
    lca_model *M = model_from_dense(ctx, LCA_TECHNOSPHERE, 2, 1, 1, A, B, C);
    const char *pid[2] = {"green", "grey"}, *unit[2] = {"t", "t"};
    label_gwp_model(M, pid, NULL, unit);
    assert_int_equal(lca_model_write(M, path), LCA_OK);
    lca_model_destroy(&M);
}

static void test_files_have_shortest_numbers(void **state) {
    lca_ctx *ctx = *state;
    const char *dir = test_tmpdir("jsonout-cli");
    char model[4300], rel[4300], lab[4300], path[4400];
    snprintf(model, sizeof model, "%s/m.h5", dir);
    snprintf(rel, sizeof rel, "%s/rel", dir);
    snprintf(lab, sizeof lab, "%s/labels", dir);
    write_model(ctx, model);
    snprintf(path, sizeof path, "%s/params.csv", dir);
    test_write_text(path, "subject,name,value\ngreen,scrap_share,0.5\n"
                          "grey,scrap_share,0\n");
    assert_int_equal(cli_run(NULL, "factordb build '%s' -n 8 --seed 1 -o '%s'",
                             model, rel), 0);
    assert_int_equal(cli_run(NULL, "grade '%s' --scheme steel-near-zero-iea2022"
                             " --params '%s' -o '%s' --issued 2026-01-01",
                             rel, path, lab), 0);
    snprintf(path, sizeof path, "%s/labels.json", lab);
    char *text = test_slurp(path);
    assert_non_null(strstr(text, "\"confidence\": 0.9,"));
    assert_non_null(strstr(text, "\"value\": 0.30000000000000004,"));
    assert_null(strstr(text, "0.90000000000000002"));
    free(text);
    snprintf(path, sizeof path, "%s/factors.json", rel);
    text = test_slurp(path);
    assert_non_null(strstr(text, "\"factor\":0.30000000000000004,"));
    free(text);
    lca_fdb *db = NULL;
    assert_int_equal(lca_fdb_read(ctx, rel, &db), LCA_OK);
    const double want = 0.1 + 0.2;
    assert_memory_equal(&lca_fdb_num_get(db, LCA_FDB_FACTOR)[0], &want,
                        sizeof want);
    lca_fdb_destroy(&db);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reals_are_shortest),
        cmocka_unit_test(test_reals_round_trip),
        cmocka_unit_test(test_layout_is_janssons),
        cmocka_unit_test_setup_teardown(test_files_have_shortest_numbers,
                                        ctx_setup, ctx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
