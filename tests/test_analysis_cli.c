// tests/test_analysis_cli.c: leontief contrib, tree, paths and sensitivity
// SPDX-License-Identifier: MIT
//
// Runs the built program on a small model written here (products named
// '<script>alert(1)</script>' and '../etc, "passwd"', two products sharing
// a name) and checks: the written tables add up (rows + rest = total, paths
// + residual = total), CSV fields stay one field each and the files are
// named after tables only, and every bad input of issue #13 gives its exit
// code, a message naming what is wrong and no output at all.

#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli_util.h"
#include "test_models.h"
#include "test_util.h"

typedef struct fixture {
    char dir[4096];
    char model[4200], fixed[4200];  // with and without uncertainty records
    char err[8192];
} fixture;

// Run "leontief ARGS" (in f->dir) with stderr captured in f->err; the
// exit code.
#define run(f, ...) \
    cli_stderr((f)->dir, 1, (f)->err, sizeof(f)->err, __VA_ARGS__)

// 12 products: p0 is '<script>...', p1 '../etc, "passwd"', p2 and p3 are
// both 'steel'; the others "product <j>".
static void write_model(const char *path, int records) {
    lca_ctx *ctx = NULL;
    assert_int_equal(lca_ctx_create(&ctx), LCA_OK);
    lca_model *M = test_random_model(ctx, LCA_TECHNOSPHERE, 12, 6, 2, 0.4, 3,
                                     0);
    if (records) test_random_uncertainty(M, 0.1, 0, 1);
    char buf[12][32];
    const char *names[12];
    for (int j = 0; j < 12; j++) {
        snprintf(buf[j], sizeof buf[j], "product %d", j);
        names[j] = buf[j];
    }
    names[0] = "<script>alert(1)</script>";
    names[1] = "../etc, \"passwd\"";
    names[2] = names[3] = "steel";
    write_named_model(&M, names, path);
    lca_ctx_destroy(&ctx);
}

static int setup(void **state) {
    fixture *f = calloc(1, sizeof *f);
    const char *dir = test_tmpdir("analysis_cli");
    if (f == NULL || dir == NULL || getenv("LCA_CLI") == NULL) return -1;
    snprintf(f->dir, sizeof f->dir, "%s", dir);
    snprintf(f->model, sizeof f->model, "%s/m.h5", dir);
    snprintf(f->fixed, sizeof f->fixed, "%s/fixed.h5", dir);
    write_model(f->model, 1);
    write_model(f->fixed, 0);
    *state = f;
    return 0;
}

static const char *in_dir(fixture *f, const char *name) {
    static char buf[4400];
    snprintf(buf, sizeof buf, "%s/%s", f->dir, name);
    return buf;
}

// Nothing but the models and the captured stderr in the folder.
static void assert_no_output(fixture *f) {
    char cmd[9000];
    snprintf(cmd, sizeof cmd, "test \"$(ls -A '%s' | grep -v -x -e m.h5 -e "
             "fixed.h5 -e stderr.txt -e stages.csv -e bad.csv)\" = ''", f->dir);
    assert_int_equal(system(cmd), 0);
}

static double sum_of(const char *file, const char *name) {
    int64_t n;
    double *v = read_h5_doubles(file, name, &n), s = 0.0;
    for (int64_t i = 0; i < n; i++) s += v[i];
    free(v);
    return s;
}

static void test_analysis_cli_contrib_tables_add_up(void **state) {
    fixture *f = *state;
    FILE *fp = fopen(in_dir(f, "stages.csv"), "w");
    fprintf(fp, "product,group\np4,transport\np5,materials\n"
                "\"../etc, \"\"passwd\"\"\",materials\n");
    fclose(fp);
    assert_int_equal(run(f, "contrib m.h5 --product p7 --groups stages.csv "
                         "--by process,flow,supplier,group,product --top 3 "
                         "--mc 40 -o c.h5 --csv cdir"), 0);
    const char *kinds[] = {"process", "flow", "supplier", "group", "product"};
    double h = sum_of(in_dir(f, "c.h5"), "process/value");
    for (int q = 1; q < 5; q++) {
        char name[64];
        snprintf(name, sizeof name, "%s/value", kinds[q]);
        assert_close(sum_of(in_dir(f, "c.h5"), name), h, 1e-12);
    }
    // The CSV files are named after the tables only.
    char cmd[9000];
    snprintf(cmd, sizeof cmd, "cd '%s/cdir' && test \"$(ls | tr '\\n' ' ')\" "
             "= 'flow.csv group.csv process.csv product.csv supplier.csv '",
             f->dir);
    assert_int_equal(system(cmd), 0);
    // A name with a comma and quotes stays one quoted field; markup is
    // text in CSV.
    assert_int_equal(run(f, "contrib m.h5 --product p1 --by product --csv n1"),
                     0);
    snprintf(cmd, sizeof cmd, "grep -q ',\"../etc, \"\"passwd\"\"\"\r$' "
             "'%s/n1/product.csv'", f->dir);
    assert_int_equal(system(cmd), 0);
    assert_int_equal(run(f, "contrib m.h5 --product p0 --by product --csv n0"),
                     0);
    snprintf(cmd, sizeof cmd, "grep -q ',<script>alert(1)</script>\r$' "
             "'%s/n0/product.csv'", f->dir);
    assert_int_equal(system(cmd), 0);
}

static void test_analysis_cli_tree_and_paths(void **state) {
    fixture *f = *state;
    assert_int_equal(run(f, "tree m.h5 --product p5 --cutoff 0.001 -o t.h5"),
                     0);
    double tot = sum_of(in_dir(f, "t.h5"), "summary/total");
    double cov = sum_of(in_dir(f, "t.h5"), "summary/enumerated") +
                 sum_of(in_dir(f, "t.h5"), "summary/residual");
    assert_close(cov, tot, 1e-12);
    assert_int_equal(run(f, "paths m.h5 --product 'product 6' --indicator i0 "
                         "--indicator i1 --top 3 --csv pdir"), 0);
    char cmd[9000];
    snprintf(cmd, sizeof cmd, "test $(wc -l < '%s/pdir/paths.csv') = 7",
             f->dir);
    assert_int_equal(system(cmd), 0);
    assert_int_equal(run(f, "tree --help"), 0);
    assert_int_equal(run(f, "paths --help"), 0);
}

static void test_analysis_cli_sensitivity(void **state) {
    fixture *f = *state;
    assert_int_equal(run(f, "sensitivity m.h5 --product p3 --top 5 "
                         "--spearman 60 --sobol 20 --inputs 3 -o s.h5"), 0);
    int64_t n;
    double *rho = read_h5_doubles(in_dir(f, "s.h5"), "spearman/spearman_rho",
                                  &n);
    assert_int_equal(n, 3);
    for (int64_t i = 0; i < n; i++) assert_true(fabs(rho[i]) <= 1.0);
    free(rho);
    double *share = read_h5_doubles(in_dir(f, "s.h5"), "screening/share", &n);
    assert_int_equal(n, 5);
    for (int64_t i = 1; i < n; i++) assert_true(share[i] <= share[i - 1]);
    free(share);
    assert_int_equal(run(f, "sensitivity --help"), 0);
}

// Every bad input: its exit code, a message naming it, no output.
static void test_analysis_cli_bad_input(void **state) {
    fixture *f = *state;
    const char *out = "-o x.h5 --csv xdir";
    assert_int_equal(run(f, "contrib m.h5 --product nosuch %s", out), 3);
    assert_non_null(strstr(f->err, "nosuch"));
    assert_int_equal(run(f, "tree m.h5 --product steel %s", out), 3);
    assert_non_null(strstr(f->err, "2 products"));  // the shared lookup
    assert_non_null(strstr(f->err, "id:p2"));
    assert_int_equal(run(f, "tree m.h5 --product p2 --cutoff 1.5 %s", out), 2);
    assert_non_null(strstr(f->err, "cutoff"));
    assert_int_equal(run(f, "paths m.h5 --product p2 --cutoff 0 %s", out), 2);
    assert_int_equal(run(f, "sensitivity fixed.h5 --product p2 %s", out), 3);
    assert_non_null(strstr(f->err, "no uncertainty records"));
    FILE *fp = fopen(in_dir(f, "bad.csv"), "w");
    fprintf(fp, "product,group\np1,a\nnot a product,b\np2,a\nghost,c\n");
    fclose(fp);
    assert_int_equal(run(f, "contrib m.h5 --product p2 --groups bad.csv %s",
                         out), 3);
    assert_non_null(strstr(f->err, "'not a product'"));
    assert_non_null(strstr(f->err, "'ghost'"));
    assert_non_null(strstr(f->err, "bad.csv"));
    fp = fopen(in_dir(f, "bad.csv"), "w");
    fprintf(fp, "product,group\np1,a\nsteel,b\n");
    fclose(fp);
    assert_int_equal(run(f, "contrib m.h5 --product p2 --groups bad.csv %s",
                         out), 3);
    assert_non_null(strstr(f->err, "bad.csv: line 3"));
    assert_non_null(strstr(f->err, "id:p3"));
    assert_int_equal(run(f, "contrib m.h5 --product p2 --indicator nosuch %s",
                         out), 3);
    assert_int_equal(run(f, "contrib m.h5 %s", out), 2);  // no product
    assert_int_equal(run(f, "contrib m.h5 --product p2 --by nothing %s", out),
                     2);
    assert_no_output(f);
    // An output that cannot be written: exit 5, and no CSV either.
    assert_int_equal(run(f, "contrib m.h5 --product p2 -o /nonexistent/x.h5 "
                         "--csv ydir"), 5);
    assert_no_output(f);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_analysis_cli_bad_input),
        cmocka_unit_test(test_analysis_cli_contrib_tables_add_up),
        cmocka_unit_test(test_analysis_cli_tree_and_paths),
        cmocka_unit_test(test_analysis_cli_sensitivity),
    };
    return cmocka_run_group_tests_name("analysis_cli", tests, setup,
                                       free_teardown);
}
