// tests/test_cli.c: the leontief program (cli/): results, exit codes and
// bad input
// SPDX-License-Identifier: MIT
//
// Runs the built program on the bundled tiny example and on broken
// inputs. Each failure must exit with the documented code, print a message
// naming the file and the entry, and leave no output file behind (and an
// existing output file untouched).

#define _POSIX_C_SOURCE 200809L

#include <hdf5.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

#include "cli_util.h"
#include "test_util.h"

#define TINY "datasets/examples/tiny"

typedef struct fixture {
    char dir[4096];
    char model[4200];  // the tiny model, imported once
    char err[8192];    // stderr of the last run
} fixture;

// Run "leontief ARGS" with stderr captured in f->err; the exit code.
#define run(f, ...) \
    cli_stderr((f)->dir, 0, (f)->err, sizeof(f)->err, __VA_ARGS__)

static const char *import_tiny_args(void) {
    static char buf[4096];
    const char *t = src_path(TINY);
    snprintf(buf, sizeof buf,
             "import mtx --A %s/A.mtx --B %s/B.mtx --C %s/C.mtx "
             "--products %s/products.csv --flows %s/flows.csv "
             "--indicators %s/indicators.csv --demands %s/demands.csv",
             t, t, t, t, t, t, t);
    return buf;
}

static int setup(void **state) {
    fixture *f = calloc(1, sizeof *f);
    const char *dir = test_tmpdir("cli");
    if (f == NULL || dir == NULL || getenv("LCA_CLI") == NULL) return -1;
    snprintf(f->dir, sizeof f->dir, "%s", dir);
    snprintf(f->model, sizeof f->model, "%s/tiny.h5", f->dir);
    if (run(f, "%s -o '%s'", import_tiny_args(), f->model) != 0) return -1;
    *state = f;
    return 0;
}

static const char *path_in(fixture *f, const char *name) {
    static char buf[4300];
    snprintf(buf, sizeof buf, "%s/%s", f->dir, name);
    return buf;
}

// No file whose name starts with prefix (e.g. a stray temporary) is left.
static void assert_no_file_like(fixture *f, const char *prefix) {
    char cmd[9000];
    snprintf(cmd, sizeof cmd, "ls '%s' | grep -q '^%s'", f->dir, prefix);
    assert_int_not_equal(system(cmd), 0);
}

static double read_scalar(const char *file, const char *dset, int64_t i,
                          int64_t j, int64_t ncols) {
    hid_t h = H5Fopen(file, H5F_ACC_RDONLY, H5P_DEFAULT);
    assert_true(h >= 0);
    hid_t d = H5Dopen2(h, dset, H5P_DEFAULT);
    assert_true(d >= 0);
    hid_t sp = H5Dget_space(d);
    hssize_t count = H5Sget_simple_extent_npoints(sp);
    double *buf = malloc(sizeof *buf * (size_t)count);
    assert_true(H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT,
                        buf) >= 0);
    double v = buf[i * ncols + j];
    free(buf);
    H5Sclose(sp);
    H5Dclose(d);
    H5Fclose(h);
    return v;
}

static void test_cli_solve_tiny_gives_hand_computed_answer(void **state) {
    fixture *f = *state;
    const char *out = path_in(f, "solve.h5");
    char outc[4300];
    snprintf(outc, sizeof outc, "%s", out);
    assert_int_equal(run(f, "solve '%s' --supply --inventory -o '%s'",
                         f->model, outc), 0);
    // README: 1 kg steel -> GWP100 2.2675 kg CO2-eq, supply of steel 1.25.
    assert_close(read_scalar(outc, "/demands/scores", 0, 0, 2), 2.2675, 1e-14);
    assert_close(read_scalar(outc, "/demands/scores", 0, 1, 2), 1.435, 1e-14);
    assert_close(read_scalar(outc, "/demands/supply", 1, 0, 2), 1.25, 1e-14);
    assert_close(read_scalar(outc, "/demands/inventory", 2, 0, 2), 2.0, 1e-14);
    assert_no_file_like(f, "solve.h5.tmp");
}

static void test_cli_factors_equal_unit_demand_scores(void **state) {
    fixture *f = *state;
    char out[4300];
    snprintf(out, sizeof out, "%s", path_in(f, "factors.h5"));
    assert_int_equal(run(f, "factors '%s' --indicator GWP100 --flow co2 -o "
                         "'%s'", f->model, out), 0);
    // One unit of steel (product 1): 2.2675 kg CO2-eq, 2.25 kg CO2.
    assert_close(read_scalar(out, "/factors/N", 0, 1, 3), 2.2675, 1e-14);
    assert_close(read_scalar(out, "/factors/M", 0, 1, 3), 2.25, 1e-14);
    assert_close(read_scalar(out, "/factors/N", 0, 0, 3), 1.435, 1e-14);
}

static void test_cli_usage_errors_exit_2(void **state) {
    fixture *f = *state;
    assert_int_equal(run(f, ""), 2);
    assert_int_equal(run(f, "frobnicate"), 2);
    assert_int_equal(run(f, "solve '%s'", f->model), 2);  // no -o
    assert_non_null(strstr(f->err, "-o"));
    assert_int_equal(run(f, "solve '%s' -o x.h5 --threads zero", f->model), 2);
    assert_int_equal(run(f, "solve '%s' -o x.h5 --solver magic", f->model), 2);
    assert_int_equal(run(f, "import nosuchformat x -o x.h5"), 2);
    assert_int_equal(run(f, "--help"), 0);
    const char *cmds[] = {"info", "solve", "factors", "import"};
    for (int i = 0; i < 4; i++) assert_int_equal(run(f, "%s --help", cmds[i]), 0);
}

static void test_cli_missing_and_broken_model_exit_3(void **state) {
    fixture *f = *state;
    char out[4300], bad[4300];
    snprintf(out, sizeof out, "%s", path_in(f, "never.h5"));
    assert_int_equal(run(f, "solve /nonexistent/model.h5 -o '%s'", out), 3);
    assert_non_null(strstr(f->err, "/nonexistent/model.h5"));
    // A truncated copy of a valid model.
    snprintf(bad, sizeof bad, "%s", path_in(f, "truncated.h5"));
    char cmd[9000];
    snprintf(cmd, sizeof cmd, "head -c 2000 '%s' > '%s'", f->model, bad);
    assert_int_equal(system(cmd), 0);
    assert_int_equal(run(f, "factors '%s' -o '%s'", bad, out), 3);
    assert_non_null(strstr(f->err, "truncated.h5"));
    assert_false(file_exists(out));
    assert_no_file_like(f, "never.h5");
}

static void test_cli_unknown_names_exit_3_and_keep_old_output(void **state) {
    fixture *f = *state;
    char out[4300], before[4300];
    snprintf(out, sizeof out, "%s", path_in(f, "keep.h5"));
    snprintf(before, sizeof before, "%s", path_in(f, "keep-before.h5"));
    assert_int_equal(run(f, "factors '%s' -o '%s'", f->model, out), 0);
    char cmd[9000];
    snprintf(cmd, sizeof cmd, "cp '%s' '%s'", out, before);
    assert_int_equal(system(cmd), 0);
    assert_int_equal(run(f, "solve '%s' --demand 'no such demand' -o '%s'",
                         f->model, out), 3);
    assert_non_null(strstr(f->err, "no such demand"));
    assert_int_equal(run(f, "factors '%s' --indicator NOPE -o '%s'", f->model,
                         out), 3);
    assert_non_null(strstr(f->err, "NOPE"));
    snprintf(cmd, sizeof cmd, "cmp -s '%s' '%s'", out, before);
    assert_int_equal(system(cmd), 0);  // the earlier result is untouched
    assert_no_file_like(f, "keep.h5.tmp");
}

// Import errors: non-square A, NaN, B that does not fit A.
static void test_cli_bad_matrices_exit_3_naming_file_and_line(void **state) {
    fixture *f = *state;
    char a[4300], out[4300];
    snprintf(out, sizeof out, "%s", path_in(f, "bad-model.h5"));
    snprintf(a, sizeof a, "%s", path_in(f, "nonsquare.mtx"));
    FILE *fp = fopen(a, "w");
    fprintf(fp, "%%%%MatrixMarket matrix coordinate real general\n2 3 2\n"
                "1 1 1.0\n2 2 1.0\n");
    fclose(fp);
    assert_int_equal(run(f, "import mtx --A '%s' -o '%s'", a, out), 3);
    assert_non_null(strstr(f->err, "nonsquare.mtx"));
    snprintf(a, sizeof a, "%s", path_in(f, "nan.mtx"));
    fp = fopen(a, "w");
    fprintf(fp, "%%%%MatrixMarket matrix coordinate real general\n2 2 2\n"
                "1 1 1.0\n2 2 nan\n");
    fclose(fp);
    assert_int_equal(run(f, "import mtx --A '%s' -o '%s'", a, out), 3);
    assert_non_null(strstr(f->err, "nan.mtx"));
    assert_non_null(strstr(f->err, "line 4"));
    snprintf(a, sizeof a, "%s", path_in(f, "b22.mtx"));  // 2 columns, A has 3
    fp = fopen(a, "w");
    fprintf(fp, "%%%%MatrixMarket matrix coordinate real general\n2 2 1\n"
                "1 1 1.0\n");
    fclose(fp);
    assert_int_equal(run(f, "import mtx --A '%s/A.mtx' --B '%s' -o '%s'",
                         src_path(TINY), a, out), 3);
    assert_non_null(strstr(f->err, "b22.mtx"));
    assert_false(file_exists(out));
    assert_no_file_like(f, "bad-model.h5");
}

static void test_cli_singular_model_exits_4_naming_products(void **state) {
    fixture *f = *state;
    char a[4300], p[4300], model[4300], out[4300];
    snprintf(a, sizeof a, "%s", path_in(f, "singular.mtx"));
    snprintf(p, sizeof p, "%s", path_in(f, "singular-products.csv"));
    snprintf(model, sizeof model, "%s", path_in(f, "singular.h5"));
    snprintf(out, sizeof out, "%s", path_in(f, "singular-out.h5"));
    FILE *fp = fopen(a, "w");  // column 2 (1-based) has no entries
    fprintf(fp, "%%%%MatrixMarket matrix coordinate real general\n3 3 3\n"
                "1 1 1.0\n3 3 1.0\n3 1 -0.5\n");
    fclose(fp);
    fp = fopen(p, "w");
    fprintf(fp, "id,name,unit\nwood,Wood,kg\nghost,Ghost product,kg\n"
                "saw,Sawing,h\n");
    fclose(fp);
    assert_int_equal(run(f, "import mtx --A '%s' --products '%s' -o '%s'", a,
                         p, model), 0);
    assert_int_equal(run(f, "factors '%s' -o '%s'", model, out), 4);
    assert_non_null(strstr(f->err, "'ghost'"));
    assert_false(file_exists(out));
}

// A 2 x 2 technosphere singular to working precision (the second pivot is
// rounding: 1 - 0.30000000000000004 * 3.3333333333333335): solve and
// factors used to write factors of about -1e16 and exit 0. Now exit 4,
// say why, name a product, write nothing; on both solver paths, and
// `mc --on-fail abort` stops at iteration 0.
static void test_cli_singular_to_working_precision_exits_4(void **state) {
    fixture *f = *state;
    char a[4300], p[4300], model[4300], out[4300];
    snprintf(a, sizeof a, "%s", path_in(f, "nearsing.mtx"));
    snprintf(p, sizeof p, "%s", path_in(f, "nearsing-products.csv"));
    snprintf(model, sizeof model, "%s", path_in(f, "nearsing.h5"));
    snprintf(out, sizeof out, "%s", path_in(f, "nearsing-out.h5"));
    FILE *fp = fopen(a, "w");
    fprintf(fp, "%%%%MatrixMarket matrix coordinate real general\n2 2 4\n"
                "1 1 1.0\n2 1 -0.30000000000000004\n"
                "1 2 -3.3333333333333335\n2 2 1.0\n");
    fclose(fp);
    fp = fopen(p, "w");
    fprintf(fp, "id,name,unit\nwood,Wood,kg\nsaw,Sawing,h\n");
    fclose(fp);
    char b[4300], c1[4300], d[4300];
    snprintf(b, sizeof b, "%s", path_in(f, "nearsing-B.mtx"));
    snprintf(c1, sizeof c1, "%s", path_in(f, "nearsing-C.mtx"));
    snprintf(d, sizeof d, "%s", path_in(f, "nearsing-demands.csv"));
    fp = fopen(b, "w");
    fprintf(fp, "%%%%MatrixMarket matrix coordinate real general\n1 2 2\n"
                "1 1 1.0\n1 2 2.0\n");
    fclose(fp);
    fp = fopen(c1, "w");
    fprintf(fp, "%%%%MatrixMarket matrix array real general\n1 1\n1.0\n");
    fclose(fp);
    fp = fopen(d, "w");
    fprintf(fp, "product,one\nwood,1\n");
    fclose(fp);
    assert_int_equal(run(f, "import mtx --A '%s' --B '%s' --C '%s' "
                         "--products '%s' --demands '%s' -o '%s'", a, b, c1,
                         p, d, model), 0);
    const char *cmds[] = {"factors", "solve"};
    const char *solvers[] = {"sparse", "dense"};
    for (int c = 0; c < 2; c++) {
        for (int k = 0; k < 2; k++) {
            assert_int_equal(run(f, "%s '%s' --solver %s -o '%s'", cmds[c],
                                 model, solvers[k], out), 4);
            assert_non_null(strstr(f->err, "working precision"));
            assert_non_null(strstr(f->err, "'wood'") != NULL
                                ? strstr(f->err, "'wood'")
                                : strstr(f->err, "'saw'"));
            assert_false(file_exists(out));
        }
    }
    assert_no_file_like(f, "nearsing-out.h5");
    // Monte Carlo on it: with --on-fail abort, exit 4 at iteration 0 and
    // no checkpoint left to block the next run (it used to stay, and the
    // next run said "exists"); without, every iteration fails: exit 4 (not
    // 0 with factor means of 0), the file written with NaN statistics.
    snprintf(out, sizeof out, "%s", path_in(f, "nearsing-mc.h5"));
    char ckpt[4400];
    snprintf(ckpt, sizeof ckpt, "%s.ckpt", out);
    for (int k = 0; k < 2; k++) {
        assert_int_equal(run(f, "mc '%s' -n 20 --seed 1 --on-fail abort -o "
                             "'%s'", model, out), 4);
        assert_non_null(strstr(f->err, "working precision"));
        assert_false(file_exists(ckpt));
        assert_false(file_exists(out));
    }
    assert_int_equal(run(f, "mc '%s' -n 20 --seed 1 -o '%s'", model, out), 4);
    assert_non_null(strstr(f->err, "all 20 iterations failed"));
    assert_false(file_exists(ckpt));
    int64_t n = 0;
    double *mean = read_h5_doubles(out, "/factors/mean", &n);
    assert_int_equal(n, 2);
    assert_true(isnan(mean[0]) && isnan(mean[1]));
    free(mean);
    assert_int_equal(read_h5_root_int(out, "iterations_failed"), 20);
    remove(out);
    char json[4400];
    snprintf(json, sizeof json, "%s", path_in(f, "nearsing-mc.json"));
    char cmd[20000];
    snprintf(cmd, sizeof cmd, "'%s' mc '%s' -n 20 --seed 1 --json -o '%s' "
             ">'%s' 2>/dev/null", getenv("LCA_CLI"), model, out, json);
    int st = system(cmd);
    assert_int_equal(WEXITSTATUS(st), 4);
    snprintf(cmd, sizeof cmd, "grep -q '\"status\":\"failed_numeric\",\""
             "exit_code\":4' '%s'", json);
    assert_int_equal(system(cmd), 0);
}

// -o naming an input silently replaced the model with results: refused
// (same device and inode, whatever the spelling), the input untouched. A
// --report that cannot be written no longer leaves the -o model behind.
static void test_cli_outputs_never_replace_inputs(void **state) {
    fixture *f = *state;
    char copy[4300], cmd[20000], mtx[4300], out[4300];
    snprintf(copy, sizeof copy, "%s", path_in(f, "mine.h5"));
    snprintf(cmd, sizeof cmd, "cp '%s' '%s' && cp '%s' '%s.orig'", f->model,
             copy, f->model, copy);
    assert_int_equal(system(cmd), 0);
    const char *cmds[] = {"factors '%s' -o '%s'", "solve '%s' -o '%s'",
                          "mc '%s' -n 10 --seed 1 -o '%s'"};
    char dotted[4400];
    snprintf(dotted, sizeof dotted, "%s/./mine.h5", f->dir);
    for (int k = 0; k < 3; k++) {
        assert_int_equal(run(f, cmds[k], copy, k == 1 ? dotted : copy), 2);
        assert_non_null(strstr(f->err, "also an input"));
    }
    snprintf(cmd, sizeof cmd, "cmp -s '%s' '%s.orig'", copy, copy);
    assert_int_equal(system(cmd), 0);
    snprintf(mtx, sizeof mtx, "%s", path_in(f, "A-copy.mtx"));
    snprintf(cmd, sizeof cmd, "cp '%s/A.mtx' '%s'", src_path(TINY), mtx);
    assert_int_equal(system(cmd), 0);
    assert_int_equal(run(f, "import mtx --A '%s' -o '%s'", mtx, mtx), 2);
    snprintf(out, sizeof out, "%s", path_in(f, "pair.h5"));
    assert_int_equal(run(f, "import mtx --A '%s' -o '%s' --report '%s'", mtx,
                         out, out), 2);
    assert_non_null(strstr(f->err, "the same file"));
    assert_int_equal(run(f, "import mtx --A '%s' -o '%s' --report "
                         "/nonexistent-dir/r.csv", mtx, out), 5);
    assert_false(file_exists(out));
    assert_no_file_like(f, "pair.h5");
    // mc's --resume names the output, not an input: a batch script that
    // says `-o OUT --resume OUT` runs again after OUT is complete.
    snprintf(out, sizeof out, "%s", path_in(f, "again.h5"));
    const char *again = "mc '%s' -n 10 --seed 1 -o '%s' --resume '%s'";
    assert_int_equal(run(f, again, f->model, out, out), 0);
    assert_true(file_exists(out));
    assert_int_equal(run(f, again, f->model, out, out), 0);
}

static void test_cli_unwritable_output_exits_5(void **state) {
    fixture *f = *state;
    assert_int_equal(run(f, "factors '%s' -o /nonexistent-dir/out.h5",
                         f->model), 5);
    assert_non_null(strstr(f->err, "/nonexistent-dir/out.h5"));
}

// Numbers past their type's range are refused with a message naming the
// option, not clamped (--seed 2^64 once ran as 2^64 - 1); --threads has a
// cap (LCA_MAX_THREADS), and the range's ends are accepted.
static void test_cli_numbers_out_of_range_exit_2(void **state) {
    fixture *f = *state;
    char out[4300];
    snprintf(out, sizeof out, "%s/range.h5", f->dir);
    const char *mc = "mc '%s' -n %s --seed %s -o '%s'";
    assert_int_equal(run(f, mc, f->model, "18446744073709551616", "1", out),
                     2);
    assert_non_null(strstr(f->err, "-n needs a whole number from 1 to"));
    assert_int_equal(run(f, mc, f->model, "9223372036854775808", "1", out), 2);
    assert_int_equal(run(f, mc, f->model, "3", "18446744073709551616", out),
                     2);
    assert_non_null(strstr(f->err, "--seed needs a whole number from 0 to "
                                   "18446744073709551615, not "
                                   "'18446744073709551616'"));
    assert_int_equal(run(f, mc, f->model, "3", "99999999999999999999999", out),
                     2);
    assert_int_equal(run(f, mc, f->model, "3", "-1", out), 2);  // would wrap
    assert_int_equal(run(f, mc, f->model, "3", "' -1'", out), 2);
    assert_int_equal(run(f, "mc '%s' -n 3 --seed 1 --threads 100000 -o '%s'",
                         f->model, out), 2);
    assert_non_null(strstr(f->err, "--threads needs a number from 1 to 4096, "
                                   "not '100000'"));
    assert_false(file_exists(out));
    assert_int_equal(run(f, "solve '%s' -o '%s' --threads 4097", f->model,
                         out), 2);
    assert_non_null(strstr(f->err, "--threads needs a number from 1 to 4096"));
    assert_int_equal(run(f, "solve '%s' -o '%s' --threads "
                         "9223372036854775808", f->model, out), 2);
    assert_int_equal(run(f, "solve '%s' -o '%s' --top 99999999999999999999",
                         f->model, out), 2);
    assert_int_equal(run(f, "contrib '%s' --product electricity --top "
                         "99999999999999999999", f->model), 2);
    assert_non_null(strstr(f->err, "--top needs a whole number"));
    assert_false(file_exists(out));
    // The ends of the ranges: seed 0 (once refused) and 4096 threads.
    assert_int_equal(run(f, mc, f->model, "3", "0", out), 0);
    assert_int_equal(run(f, "solve '%s' -o '%s' --threads 4096", f->model,
                         out), 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cli_solve_tiny_gives_hand_computed_answer),
        cmocka_unit_test(test_cli_factors_equal_unit_demand_scores),
        cmocka_unit_test(test_cli_usage_errors_exit_2),
        cmocka_unit_test(test_cli_missing_and_broken_model_exit_3),
        cmocka_unit_test(test_cli_unknown_names_exit_3_and_keep_old_output),
        cmocka_unit_test(test_cli_bad_matrices_exit_3_naming_file_and_line),
        cmocka_unit_test(test_cli_singular_model_exits_4_naming_products),
        cmocka_unit_test(test_cli_singular_to_working_precision_exits_4),
        cmocka_unit_test(test_cli_outputs_never_replace_inputs),
        cmocka_unit_test(test_cli_unwritable_output_exits_5),
        cmocka_unit_test(test_cli_numbers_out_of_range_exit_2),
    };
    return cmocka_run_group_tests_name("cli", tests, setup, free_teardown);
}
