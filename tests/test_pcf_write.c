// tests/test_pcf_write.c: the results folder of a footprint run
// (io/rules/pcf_write.c, pcf_csv.c): file names from hostile category
// ids stay in the folder, CSV fields are quoted, HDF5 holds the numbers
// SPDX-License-Identifier: MIT

#include <dirent.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>

#include "pcf_model.h"

static void test_pcf_file_stem_never_leaves_the_folder(void **state) {
    (void)state;
    char b[65];
    assert_string_equal(lca_pcf_file_stem("cement-portland", b),
                        "cement-portland");
    assert_string_equal(lca_pcf_file_stem("../../etc/passwd", b),
                        "etc_passwd");
    assert_string_equal(lca_pcf_file_stem("..", b), "category");
    assert_string_equal(lca_pcf_file_stem("/", b), "category");
    assert_string_equal(lca_pcf_file_stem("a/b\\c", b), "a_b_c");
    assert_string_equal(lca_pcf_file_stem("<script>alert(1)</script>", b),
                        "script_alert_1_script");
    assert_string_equal(lca_pcf_file_stem("CON", b), "_CON");
    assert_string_equal(lca_pcf_file_stem("com1.txt", b), "_com1.txt");
    assert_string_equal(lca_pcf_file_stem("\xe6\xb0\xb4\xe6\xb3\xa5 P.O", b),
                        "P.O");
    char longid[300];
    memset(longid, 'x', sizeof longid - 1);
    longid[sizeof longid - 1] = '\0';
    assert_int_equal(strlen(lca_pcf_file_stem(longid, b)), 64);
}

static int safe_name(const char *name) {
    regex_t re;
    assert_int_equal(regcomp(&re, "^[A-Za-z0-9_][A-Za-z0-9._-]*\\.csv$",
                             REG_EXTENDED | REG_NOSUB), 0);
    int ok = regexec(&re, name, 0, NULL, 0) == 0;
    regfree(&re);
    return ok;
}

// The entries of dir other than "." and "..".
static int count_entries(const char *dir, int check_names) {
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    for (struct dirent *e = readdir(d); e != NULL; e = readdir(d)) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) {
            continue;
        }
        if (check_names && !safe_name(e->d_name)) {
            fail_msg("unsafe file name '%s'", e->d_name);
        }
        n++;
    }
    closedir(d);
    return n;
}

static void test_pcf_write_hostile_ids(void **state) {
    lca_ctx *ctx = *state;
    lca_model *M = pcf_test_model(ctx, 1.3);
    lca_ruleset *rs = NULL;
    assert_int_equal(lca_ruleset_create(ctx, "", &rs), LCA_OK);
    const char *ids[] = {"../../etc/passwd", "<script>alert(1)</script>",
                         "a/b", "a_b", "A_B", "..", "CON",
                         "steel, \"quoted\"", "etc_passwd-0"};
    int n = (int)(sizeof ids / sizeof ids[0]);
    for (int i = 0; i < n; i++) {
        lca_rule_spec s = pcf_test_rule(ids[i]);
        lca_rule *r = NULL;
        assert_int_equal(lca_rule_create(ctx, &s, &r), LCA_OK);
        assert_int_equal(lca_ruleset_add(rs, &r), LCA_OK);
    }
    lca_pcf_options o;
    lca_pcf_options_default(&o);
    o.iterations = 50;
    lca_pcf *p = NULL;
    assert_int_equal(lca_pcf_create(M, rs, &o, &p), LCA_OK);
    assert_int_equal(lca_pcf_run(p, NULL), LCA_OK);
    const char *top = test_tmpdir("pcf_write");
    char dir[4200], sub[4300], path[4400];
    snprintf(dir, sizeof dir, "%s/out", top);
    assert_int_equal(lca_pcf_write(p, dir, "model.h5"), LCA_OK);
    // Only out/ in the test folder; four entries in it; one safe CSV per
    // category, every name distinct.
    assert_int_equal(count_entries(top, 0), 1);
    assert_int_equal(count_entries(dir, 0), 4);
    snprintf(sub, sizeof sub, "%s/categories", dir);
    assert_int_equal(count_entries(sub, 1), n);
    // CSV: the id with a comma and quotes is one quoted field.
    snprintf(path, sizeof path, "%s/summary.csv", dir);
    char *csv = test_slurp(path);
    assert_non_null(strstr(csv, "\r\n\"steel, \"\"quoted\"\"\","));
    assert_non_null(strstr(csv, "<script>alert(1)</script>,"));
    free(csv);
    // HDF5: footprints and paired samples, by index.
    int64_t count = 0;
    snprintf(path, sizeof path, "%s/pcf.h5", dir);
    double *fp = read_h5_doubles(path, "categories/footprint", &count);
    assert_int_equal(count, n);
    for (int i = 0; i < n; i++) assert_close(fp[i], 2230.0, 1e-12);
    free(fp);
    double *smp = read_h5_doubles(path, "samples", &count);
    assert_int_equal(count, n * 50);
    lca_pcf_result r;
    lca_pcf_result_get(p, 3, &r);
    assert_memory_equal(smp + 3 * 50, r.samples, 50 * sizeof *smp);
    free(smp);
    double *st = read_h5_doubles(path, "category/3/stage_samples", &count);
    assert_int_equal(count, r.nstages * 50);
    free(st);
    assert_int_equal(read_h5_root_int(path, "iterations"), 50);
    lca_pcf_destroy(&p);
    lca_ruleset_destroy(&rs);
    lca_model_destroy(&M);
}

static void test_pcf_write_reports_an_unwritable_folder(void **state) {
    lca_ctx *ctx = *state;
    lca_model *M = pcf_test_model(ctx, 0);
    lca_ruleset *rs = NULL;
    assert_int_equal(lca_ruleset_create(ctx, "", &rs), LCA_OK);
    lca_rule_spec s = pcf_test_rule("steel");
    lca_rule *r = NULL;
    assert_int_equal(lca_rule_create(ctx, &s, &r), LCA_OK);
    assert_int_equal(lca_ruleset_add(rs, &r), LCA_OK);
    lca_pcf_options o;
    lca_pcf_options_default(&o);
    lca_pcf *p = NULL;
    assert_int_equal(lca_pcf_create(M, rs, &o, &p), LCA_OK);
    assert_int_equal(lca_pcf_run(p, NULL), LCA_OK);
    const char *top = test_tmpdir("pcf_write_bad");
    char file[4200], dir[4300];
    snprintf(file, sizeof file, "%s/a-file", top);
    FILE *fp = fopen(file, "w");
    assert_non_null(fp);
    fclose(fp);
    snprintf(dir, sizeof dir, "%s/out", file);  // a folder inside a file
    assert_int_equal(lca_pcf_write(p, dir, "model.h5"), LCA_ERR_IO);
    assert_non_null(strstr(lca_ctx_errmsg(ctx), "a-file"));
    lca_pcf_destroy(&p);
    lca_ruleset_destroy(&rs);
    lca_model_destroy(&M);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pcf_file_stem_never_leaves_the_folder),
        cmocka_unit_test_setup_teardown(test_pcf_write_hostile_ids,
                                        ctx_setup, ctx_teardown),
        cmocka_unit_test_setup_teardown(
            test_pcf_write_reports_an_unwritable_folder, ctx_setup,
            ctx_teardown),
    };
    return cmocka_run_group_tests_name("pcf_write", tests, NULL, NULL);
}
