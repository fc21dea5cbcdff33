// tests/test_report_cli.c: `leontief pcf ... --report ID` end to end on
// the hand model of tests/pcf_model.c: the page lands in OUT/reports/
// under the category's file stem with every name escaped, and an unknown
// id is exit 3 naming the rule set and the id, with nothing written
// SPDX-License-Identifier: MIT

#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "cli_util.h"
#include "pcf_model.h"

// Run "leontief ARGS" with stderr to the file errfile (NULL: discarded);
// the exit code.
#define run(errfile, ...) cli_run(&(cli_opts){.err = (errfile)}, __VA_ARGS__)

// dir/model.h5 and the rule set dir/rules/ with one hostile category.
static void inputs(lca_ctx *ctx, const char *dir, const char *id) {
    char path[1200];
    lca_model *M = pcf_test_model(ctx, 1.3);
    snprintf(path, sizeof path, "%s/model.h5", dir);
    assert_int_equal(lca_model_write(M, path), LCA_OK);
    lca_model_destroy(&M);
    snprintf(path, sizeof path, "%s/rules", dir);
    assert_int_equal(mkdir(path, 0755), 0);
    lca_rule_spec s = pcf_test_rule(id);
    lca_rule *r = NULL;
    assert_int_equal(lca_rule_create(ctx, &s, &r), LCA_OK);
    snprintf(path, sizeof path, "%s/rules/steel.json", dir);
    assert_int_equal(lca_rule_write(r, path), LCA_OK);
    lca_rule_destroy(&r);
}

static void test_report_cli(void **state) {
    lca_ctx *ctx = *state;
    const char *dir = test_tmpdir("report_cli");
    const char *id = "<script>alert(1)</script>";
    char err[1200], out[1200], page[1400], stem[65];
    inputs(ctx, dir, id);
    snprintf(err, sizeof err, "%s/err.txt", dir);
    snprintf(out, sizeof out, "%s/out", dir);
    assert_int_equal(run(NULL, "pcf --help"), 0);
    // An unknown id: exit 3, the rule set and the id named, no output.
    assert_int_equal(run(err, "pcf %s/rules %s/model.h5 --report nope -o %s",
                         dir, dir, out), 3);
    char *msg = test_slurp(err);
    assert_non_null(strstr(msg, "/rules: no category 'nope'"));
    free(msg);
    struct stat sb;
    assert_int_not_equal(stat(out, &sb), 0);
    // Usage errors.
    assert_int_equal(run(NULL, "pcf %s/rules %s/model.h5 --reports "
                         "--report x -o %s", dir, dir, out), 2);
    // The hostile id: a page named by its stem, the name as text.
    assert_int_equal(run(err, "pcf %s/rules %s/model.h5 -n 100 --seed 3 "
                         "--report '%s' -o %s", dir, dir, id, out), 0);
    snprintf(page, sizeof page, "%s/reports/%s.html", out,
             lca_pcf_file_stem(id, stem));
    char *html = test_slurp(page);
    assert_null(strstr(html, "<script"));
    assert_non_null(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert_non_null(strstr(html, "id=\"chart-histogram\""));
    assert_non_null(strstr(html, "id=\"chart-paths\""));
    free(html);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_report_cli, ctx_setup,
                                        ctx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
