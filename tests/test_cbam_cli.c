// tests/test_cbam_cli.c: `leontief cbam` end to end on the shipped steel
// example (datasets/cbam/examples/steel): the hand values of
// tests/test_cbam.c through the files, the documented exit codes, and no
// output after a failure
// SPDX-License-Identifier: MIT

#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "cli_util.h"
#include "io/util/csv_impl.h"
#include "test_util.h"

// Run "leontief ARGS" with stderr to the file errfile (NULL: discarded);
// the exit code.
#define run(errfile, ...) cli_run(&(cli_opts){.err = (errfile)}, __VA_ARGS__)

// Import the example's model into dir/steel.h5.
static void import_example(const char *dir) {
    char e[2048];
    snprintf(e, sizeof e, "%s", src_path("datasets/cbam/examples/steel"));
    assert_int_equal(run(NULL, "import mtx --A %s/A.mtx --B %s/B.mtx --C "
                         "%s/C.mtx --products %s/products.csv --flows "
                         "%s/flows.csv --indicators %s/indicators.csv -o "
                         "%s/steel.h5", e, e, e, e, e, e, dir), 0);
}

// Column col of the row whose good_id is id in a cbam.csv.
static double csv_value(lca_ctx *ctx, const char *path, const char *id,
                        const char *col) {
    lca__csv *r = NULL;
    lca__csv_record rec;
    int64_t c = -1, g = -1;
    double x = NAN;
    assert_int_equal(lca__csv_create(ctx, path, ',', &r), LCA_OK);
    assert_int_equal(lca__csv_read(r, &rec), LCA_OK);
    for (int64_t i = 0; i < rec.nfields; i++) {
        if (strcmp(rec.fields[i], col) == 0) c = i;
        if (strcmp(rec.fields[i], "good_id") == 0) g = i;
    }
    assert_true(c >= 0 && g >= 0);
    while (lca__csv_read(r, &rec) == LCA_OK && rec.nfields > 0) {
        if (strcmp(rec.fields[g], id) == 0) {
            assert_true(lca__csv_to_double(rec.fields[c], &x));
        }
    }
    lca__csv_destroy(&r);
    return x;
}

static void test_cbam_cli_example(void **state) {
    lca_ctx *ctx = *state;
    const char *dir = test_tmpdir("cbam_cli");
    char goods[2048], out[1200], csv[1300], html[1300];
    import_example(dir);
    snprintf(goods, sizeof goods, "%s",
             src_path("datasets/cbam/examples/steel/goods.json"));
    snprintf(out, sizeof out, "%s/out", dir);
    assert_int_equal(run(NULL, "cbam %s %s/steel.h5 --year 2028 -o %s",
                         goods, dir, out), 0);
    snprintf(csv, sizeof csv, "%s/cbam.csv", out);
    snprintf(html, sizeof html, "%s/cbam.html", out);
    assert_close(csv_value(ctx, csv, "crude-steel", "see_direct"), 1.574,
                 1e-12);
    assert_close(csv_value(ctx, csv, "crude-steel", "see_indirect"),
                 0.364815, 1e-12);
    assert_close(csv_value(ctx, csv, "hot-rolled-coil", "see_total"), 1.7727,
                 1e-12);
    assert_close(csv_value(ctx, csv, "crude-steel", "default_total"),
                 2.3 * 1.3, 1e-12);
    char *page = test_slurp(html);
    assert_non_null(strstr(page, "id=\"cbam-products\""));
    assert_non_null(strstr(page, "ILLUSTRATIVE"));
    assert_null(strstr(page, "<script"));
    free(page);
}

static void test_cbam_cli_exit_codes(void **state) {
    (void)state;
    const char *dir = test_tmpdir("cbam_cli_codes");
    char goods[2048], path[1200], err[1200], out[1200];
    snprintf(goods, sizeof goods, "%s",
             src_path("datasets/cbam/examples/steel/goods.json"));
    snprintf(out, sizeof out, "%s/out", dir);
    snprintf(err, sizeof err, "%s/err.txt", dir);
    assert_int_equal(run(NULL, "cbam --help"), 0);
    assert_int_equal(run(NULL, "cbam %s -o %s", goods, out), 2);  // --year
    assert_int_equal(run(NULL, "cbam %s --year 2025 -o %s", goods, out), 2);
    // Model goods without a model: bad input, nothing written.
    assert_int_equal(run(err, "cbam %s --year 2026 -o %s", goods, out), 3);
    char *msg = test_slurp(err);
    assert_non_null(strstr(msg, "no model was given"));
    free(msg);
    // A cycle among declared goods.
    snprintf(path, sizeof path, "%s/cycle.json", dir);
    test_write_text(path,
                    "{\"format\": \"leontief-cbam-goods\", \"version\": 1,"
                    " \"goods\": ["
                    "{\"id\": \"slab\", \"cn_code\": \"7207 12 10\","
                    " \"sector\": \"iron-steel\", \"declared\":"
                    " {\"activity_level\": 10,"
                    " \"direct\": 1, \"indirect\": 0, \"precursors\":"
                    " [{\"good\": \"coil\", \"mass\": 1}]}},"
                    "{\"id\": \"coil\", \"cn_code\": \"7208 10 00\","
                    " \"sector\": \"iron-steel\", \"declared\":"
                    " {\"activity_level\": 10,"
                    " \"direct\": 1, \"indirect\": 0, \"precursors\":"
                    " [{\"good\": \"slab\", \"mass\": 1}]}}]}");
    assert_int_equal(run(err, "cbam %s --year 2026 -o %s", path, out), 3);
    msg = test_slurp(err);
    assert_non_null(strstr(msg, "precursor cycle: slab -> coil -> slab"));
    free(msg);
    // A good without a CN code.
    test_write_text(path,
                    "{\"format\": \"leontief-cbam-goods\", \"version\": 1,"
                    " \"goods\": [{\"id\": \"clinker\", \"sector\": \"cement\","
                    " \"declared\": {\"activity_level\": 10, \"direct\": 9,"
                    " \"indirect\": 0.5}}]}");
    assert_int_equal(run(err, "cbam %s --year 2026 -o %s", path, out), 3);
    msg = test_slurp(err);
    assert_non_null(strstr(msg, "good 'clinker' (/goods/0): no CN code"));
    free(msg);
    struct stat sb;
    assert_int_not_equal(stat(out, &sb), 0);  // no partial output
}

// Hostile good ids and names: text in the page, files only cbam.*.
static void test_cbam_cli_hostile_names(void **state) {
    (void)state;
    const char *dir = test_tmpdir("cbam_cli_hostile");
    char path[1200], out[1200], file[1400];
    snprintf(path, sizeof path, "%s/goods.json", dir);
    snprintf(out, sizeof out, "%s/out", dir);
    test_write_text(path,
                    "{\"format\": \"leontief-cbam-goods\", \"version\": 1,"
                    " \"goods\": [{\"id\": \"<script>alert(1)</script>\","
                    " \"name\": \"../../x\", \"cn_code\": \"2523 29 00\","
                    " \"sector\": \"cement\", \"declared\":"
                    " {\"activity_level\": 10, \"direct\": 9,"
                    " \"indirect\": 0.5}}]}");
    assert_int_equal(run(NULL, "cbam %s --year 2027 -o %s", path, out), 0);
    snprintf(file, sizeof file, "%s/cbam.html", out);
    char *page = test_slurp(file);
    assert_null(strstr(page, "<script"));
    assert_non_null(strstr(page, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    free(page);
    snprintf(file, sizeof file, "%s/cbam.csv", out);
    char *csv = test_slurp(file);
    assert_non_null(strstr(csv, "<script>alert(1)</script>"));
    free(csv);
    snprintf(file, sizeof file, "%s/x", dir);
    assert_false(file_exists(file));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_cbam_cli_example, ctx_setup,
                                        ctx_teardown),
        cmocka_unit_test_setup_teardown(test_cbam_cli_exit_codes, ctx_setup,
                                        ctx_teardown),
        cmocka_unit_test_setup_teardown(test_cbam_cli_hostile_names,
                                        ctx_setup, ctx_teardown),
    };
    return cmocka_run_group_tests_name("cbam_cli", tests, NULL, NULL);
}
