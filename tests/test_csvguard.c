// tests/test_csvguard.c: the formula guard of every CSV leontief writes
// (io/util/textout.c, io/util/csv.c; OWASP "CSV Injection")
// SPDX-License-Identifier: MIT
//
// A text cell that starts with = + - @ TAB or CR is run as a formula by a
// spreadsheet; the writer puts a ' in front of it inside the quotes, never
// in front of a number, and the reader takes it off. Checked on the exact
// bytes of the writer, of a factor-database release (factors.csv and a
// diff) and of `leontief export --csv`, with products named
// =HYPERLINK("http://x","y"), +1+1, @SUM(A1) and -2+3 beside one whose
// factor is negative (-0.75, by hand: A = I, so the factor is C B).

#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/util/csv_impl.h"
#include "io/util/textout_impl.h"
#include "cli_util.h"
#include "test_util.h"

#define NP 5

static const char *const PID[NP] = {"link", "plus", "at", "minus", "uptake"};
static const char *const PNAME[NP] = {"=HYPERLINK(\"http://x\",\"y\")",
                                      "+1+1", "@SUM(A1)", "-2+3", "Uptake"};
// The same names as CSV cells, as the writer must give them.
static const char *const PCELL[NP] = {
    "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"", "\"'+1+1\"",
    "\"'@SUM(A1)\"", "\"'-2+3\"", "Uptake"};



// ---- the writer and the reader ---------------------------------------------

static void test_formula_risk(void **state) {
    (void)state;
    const char *risky[] = {"=1", "+1", "-2+3", "@x", "\tx", "\rx", "'=1",
                           "''-x", "-", "="};
    const char *safe[] = {"", "x", "1", "'", "''", "'s-Hertogenbosch",
                          " =1", "a=b", "\n=1", "x-"};
    for (size_t i = 0; i < sizeof risky / sizeof *risky; i++) {
        assert_true(lca__csv_formula_risk(risky[i]));
    }
    for (size_t i = 0; i < sizeof safe / sizeof *safe; i++) {
        assert_false(lca__csv_formula_risk(safe[i]));
    }
}

// Text cells guarded, numbers not, every field read back exactly.
static void test_writer_guards_text_not_numbers(void **state) {
    lca_ctx *ctx = *state;
    char path[4300];
    snprintf(path, sizeof path, "%s/w.csv", test_tmpdir("csvguard"));
    lca__textout *w = NULL;
    assert_int_equal(lca__textout_create(ctx, path, &w), LCA_OK);
    const char *text[] = {PNAME[0], PNAME[1], PNAME[2], PNAME[3], "\tTAB",
                          "\rCR", "'=x", "''@y", "'s-Hertogenbosch", "",
                          "plain", "-"};
    for (size_t i = 0; i < sizeof text / sizeof *text; i++) {
        lca__textout_field(w, text[i]);
    }
    lca__textout_end(w);
    lca__textout_number(w, -1.5e-3);
    lca__textout_number(w, -INFINITY);
    lca__textout_numeral(w, "-42");
    lca__textout_numeral(w, "+7");
    lca__textout_numeral(w, "-1+1");  // not a number: a guarded text
    lca__textout_end(w);
    assert_int_equal(lca__textout_commit(&w), LCA_OK);
    char *got = test_slurp(path);
    assert_string_equal(got,
        "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",\"'+1+1\",\"'@SUM(A1)\","
        "\"'-2+3\",\"'\tTAB\",\"'\rCR\",\"''=x\",\"'''@y\",'s-Hertogenbosch,,"
        "plain,\"'-\"\r\n"
        "-0.0015,-Inf,-42,+7,\"'-1+1\"\r\n");
    free(got);
    lca__csv *r = NULL;
    lca__csv_record rec;
    assert_int_equal(lca__csv_create(ctx, path, ',', &r), LCA_OK);
    assert_int_equal(lca__csv_read(r, &rec), LCA_OK);
    assert_int_equal(rec.nfields, (int64_t)(sizeof text / sizeof *text));
    for (int64_t i = 0; i < rec.nfields; i++) {
        assert_string_equal(rec.fields[i], text[i]);
    }
    assert_int_equal(lca__csv_read(r, &rec), LCA_OK);
    const char *nums[] = {"-0.0015", "-Inf", "-42", "+7", "-1+1"};
    assert_int_equal(rec.nfields, 5);
    for (int64_t i = 0; i < 5; i++) assert_string_equal(rec.fields[i], nums[i]);
    lca__csv_destroy(&r);
}

// ---- release and export ----------------------------------------------------

// A = I (so x = y), one flow, one indicator (C = 1): factor_j = B_j.
static const double B[NP] = {1.5, 2, 0.25, 3, -0.75};

static void write_model(lca_ctx *ctx, const char *path) {
    double A[NP * NP] = {0}, C[1] = {1};
    for (int i = 0; i < NP; i++) A[i * NP + i] = 1;
    lca_model *M = model_from_dense(ctx, LCA_TECHNOSPHERE, NP, 1, 1, A, B, C);
    const char *unit[NP] = {"kg", "kg", "kg", "kg", "kg"};
    label_gwp_model(M, PID, PNAME, unit);
    assert_int_equal(lca_model_write(M, path), LCA_OK);
    lca_model_destroy(&M);
}

// Column index of name in the header of the CSV file path.
static int64_t column(lca_ctx *ctx, const char *path, const char *name) {
    lca__csv *r = NULL;
    lca__csv_record rec;
    assert_int_equal(lca__csv_create(ctx, path, ',', &r), LCA_OK);
    assert_int_equal(lca__csv_read(r, &rec), LCA_OK);
    int64_t at = -1;
    for (int64_t i = 0; i < rec.nfields && at < 0; i++) {
        if (strcmp(rec.fields[i], name) == 0) at = i;
    }
    lca__csv_destroy(&r);
    assert_true(at >= 0);
    return at;
}

// Field col of the raw line of path that holds key (a line with no
// quoted field before col).
static void raw_field(const char *path, const char *key, int64_t col,
                      char *out, size_t size) {
    char *text = test_slurp(path);
    char *line = strstr(text, key);
    assert_non_null(line);
    while (line > text && line[-1] != '\n') line--;
    for (int64_t c = 0; c < col; c++) {
        line = strchr(line, ',');
        assert_non_null(line);
        line++;
    }
    size_t n = strcspn(line, ",\r\n");
    assert_true(n < size);
    memcpy(out, line, n);
    out[n] = '\0';
    free(text);
}

// Every hostile name is its guarded cell in the raw file, and reads back
// exactly with the project's reader at column col; the negative number
// in column numcol of the uptake row is bare.
static void check_csv(lca_ctx *ctx, const char *path, const char *namecol,
                      const char *numcol, const char *key) {
    char *text = test_slurp(path);
    for (int i = 0; i < NP; i++) {
        char cell[128];
        snprintf(cell, sizeof cell, ",%s,", PCELL[i]);
        if (strstr(text, cell) == NULL) {
            print_error("%s: no cell %s\n", path, cell);
        }
        assert_non_null(strstr(text, cell));
    }
    assert_null(strstr(text, ",=HYPERLINK"));
    assert_null(strstr(text, ",-2+3"));
    free(text);
    int64_t col = column(ctx, path, namecol);
    lca__csv *r = NULL;
    lca__csv_record rec;
    assert_int_equal(lca__csv_create(ctx, path, ',', &r), LCA_OK);
    assert_int_equal(lca__csv_read(r, &rec), LCA_OK);
    int seen[NP] = {0};
    for (;;) {
        assert_int_equal(lca__csv_read(r, &rec), LCA_OK);
        if (rec.nfields == 0) break;
        for (int i = 0; i < NP; i++) {
            seen[i] += strcmp(rec.fields[col], PNAME[i]) == 0;
        }
    }
    lca__csv_destroy(&r);
    for (int i = 0; i < NP; i++) assert_true(seen[i] >= 1);
    if (numcol != NULL) {
        char cell[64];
        raw_field(path, key, column(ctx, path, numcol), cell, sizeof cell);
        assert_string_equal(cell, "-0.75");
    }
}

static void test_release_and_export_csv_are_guarded(void **state) {
    lca_ctx *ctx = *state;
    const char *dir = test_tmpdir("csvguard-cli");
    char model[4300], rel[4300], diff[4300], fac[4300], out[4300];
    char path[4400];
    snprintf(model, sizeof model, "%s/m.h5", dir);
    snprintf(rel, sizeof rel, "%s/rel", dir);
    snprintf(diff, sizeof diff, "%s/diff.csv", dir);
    snprintf(fac, sizeof fac, "%s/factors.h5", dir);
    snprintf(out, sizeof out, "%s/csv", dir);
    write_model(ctx, model);
    assert_int_equal(cli_run(NULL, "factordb build '%s' -n 8 --seed 1 -o '%s'",
                             model, rel), 0);
    snprintf(path, sizeof path, "%s/factors.csv", rel);
    check_csv(ctx, path, "product_name", "factor", ",uptake,");
    assert_int_equal(
        cli_run(NULL, "factordb diff '%s' '%s' -o '%s'", rel, rel, diff), 0);
    check_csv(ctx, diff, "product_name", "old_factor", ",uptake,");
    assert_int_equal(cli_run(NULL, "factors '%s' -o '%s'", model, fac), 0);
    assert_int_equal(cli_run(NULL, "export '%s' --csv '%s'", fac, out), 0);
    snprintf(path, sizeof path, "%s/factors.csv", out);
    check_csv(ctx, path, "product_name", "total", "uptake,");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_formula_risk),
        cmocka_unit_test_setup_teardown(test_writer_guards_text_not_numbers,
                                        ctx_setup, ctx_teardown),
        cmocka_unit_test_setup_teardown(
            test_release_and_export_csv_are_guarded, ctx_setup, ctx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
