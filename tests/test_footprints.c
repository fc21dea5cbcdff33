// tests/test_footprints.c: `leontief solve --by-product` (cli/run.c,
// engine/contrib.c): production- and consumption-based contributions
// SPDX-License-Identifier: MIT
//
// On the tiny example (datasets/examples/tiny, solved by hand in its
// README) the two tables /demands/by_product/total (N(i,p) f_p) and
// /demands/by_product/direct (D(i,p) s_p) must each sum over products to
// the scores, and match values worked out by hand.

#define _POSIX_C_SOURCE 200809L

#include <hdf5.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

#include "test_util.h"

#define TINY "datasets/examples/tiny"

typedef struct fixture {
    char dir[4096];
    char model[4200];
    char out[4200];
} fixture;

// Run "leontief ARGS" quietly; returns the exit code.
static int run(const fixture *f, const char *fmt, ...) {
    char args[6000], cmd[12000];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(args, sizeof args, fmt, ap);
    va_end(ap);
    snprintf(cmd, sizeof cmd, "'%s' %s >'%s/stdout.txt' 2>&1",
             getenv("LCA_CLI"), args, f->dir);
    int status = system(cmd);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static int setup(void **state) {
    fixture *f = calloc(1, sizeof *f);
    const char *dir = test_tmpdir("footprints");
    if (f == NULL || dir == NULL || getenv("LCA_CLI") == NULL) return -1;
    snprintf(f->dir, sizeof f->dir, "%s", dir);
    snprintf(f->model, sizeof f->model, "%s/tiny.h5", f->dir);
    snprintf(f->out, sizeof f->out, "%s/out.h5", f->dir);
    const char *t = src_path(TINY);
    int rc = run(f, "import mtx --A %s/A.mtx --B %s/B.mtx --C %s/C.mtx "
                 "--products %s/products.csv --flows %s/flows.csv "
                 "--indicators %s/indicators.csv --demands %s/demands.csv "
                 "-o '%s'", t, t, t, t, t, t, t, f->model);
    *state = f;
    return rc == 0 ? 0 : -1;
}

// A whole float64 dataset (malloc'd) and its shape; rank <= 3.
static double *read_dataset(const char *file, const char *name, int *rank,
                            hsize_t dims[3]) {
    hid_t h = H5Fopen(file, H5F_ACC_RDONLY, H5P_DEFAULT);
    assert_true(h >= 0);
    hid_t d = H5Dopen2(h, name, H5P_DEFAULT);
    assert_true(d >= 0);
    hid_t sp = H5Dget_space(d);
    *rank = H5Sget_simple_extent_ndims(sp);
    assert_true(*rank >= 1 && *rank <= 3);
    H5Sget_simple_extent_dims(sp, dims, NULL);
    hssize_t count = H5Sget_simple_extent_npoints(sp);
    double *buf = malloc(sizeof *buf * (size_t)(count + 1));
    assert_true(H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT,
                        buf) >= 0);
    H5Sclose(sp);
    H5Dclose(d);
    H5Fclose(h);
    return buf;
}

static int has_object(const char *file, const char *name) {
    hid_t h = H5Fopen(file, H5F_ACC_RDONLY, H5P_DEFAULT);
    assert_true(h >= 0);
    htri_t e = H5Lexists(h, name, H5P_DEFAULT);
    H5Fclose(h);
    return e > 0;
}

// Both tables are (d, k, n) and sum over products to scores (k, d).
static void test_footprints_sum_to_scores(void **state) {
    fixture *f = *state;
    assert_int_equal(run(f, "solve '%s' --by-product -o '%s'", f->model,
                         f->out), 0);
    int rank;
    hsize_t dims[3], sdims[3];
    double *H = read_dataset(f->out, "demands/scores", &rank, sdims);
    assert_int_equal(rank, 2);
    const char *tables[] = {"demands/by_product/total",
                            "demands/by_product/direct"};
    for (int t = 0; t < 2; t++) {
        double *P = read_dataset(f->out, tables[t], &rank, dims);
        assert_int_equal(rank, 3);
        assert_true(dims[0] == 2 && dims[1] == 2 && dims[2] == 3);
        for (hsize_t j = 0; j < dims[0]; j++) {
            for (hsize_t i = 0; i < dims[1]; i++) {
                const double *row = P + (j * dims[1] + i) * dims[2];
                double sum = row[0] + row[1] + row[2];
                assert_close(sum, H[i * sdims[1] + j], 1e-13);
            }
        }
        free(P);
    }
    free(H);
}

// README of the tiny example: for 1 kg steel, s = (0.625, 1.25, 0.625)
// and GWP100 per unit of output D = C B = (0.5 + 28 x 0.001, 1.5, 0.1).
// Direct (production-based): D_p s_p = (0.33, 1.875, 0.0625). Total
// (consumption-based): only steel is demanded, so all 2.2675 is steel's.
static void test_footprints_hand_values(void **state) {
    fixture *f = *state;
    assert_int_equal(run(f, "solve '%s' --by-product --supply -o '%s'",
                         f->model, f->out), 0);
    int rank;
    hsize_t dims[3];
    double *Pd = read_dataset(f->out, "demands/by_product/direct", &rank,
                              dims);
    double *Pt = read_dataset(f->out, "demands/by_product/total", &rank,
                              dims);
    assert_close(Pd[0], 0.33, 1e-14);  // demand 0, GWP100, electricity
    assert_close(Pd[1], 1.875, 1e-14);
    assert_close(Pd[2], 0.0625, 1e-14);
    assert_close(Pd[4], 2.0, 1e-14);  // ORE: iron ore 1.6 x 1.25, steel
    assert_true(Pt[0] == 0.0 && Pt[2] == 0.0);
    assert_close(Pt[1], 2.2675, 1e-14);
    // 1 kWh electricity: s = (1.25, 0.5, 0.25), direct GWP100 of the
    // electricity itself 0.528 x 1.25; the total is all electricity's.
    assert_close(Pd[6], 0.66, 1e-14);
    assert_close(Pt[6], 1.435, 1e-14);
    assert_true(has_object(f->out, "demands/supply"));
    free(Pd);
    free(Pt);
}

static void test_footprints_only_when_asked(void **state) {
    fixture *f = *state;
    assert_int_equal(run(f, "solve '%s' -o '%s'", f->model, f->out), 0);
    assert_false(has_object(f->out, "demands/by_product"));
    assert_int_equal(run(f, "solve '%s' --by-product --demand '1 kWh "
                         "electricity' -o '%s'", f->model, f->out), 0);
    assert_false(has_object(f->out, "demands/supply"));
    int rank;
    hsize_t dims[3];
    double *Pt = read_dataset(f->out, "demands/by_product/total", &rank,
                              dims);
    assert_true(dims[0] == 1 && dims[1] == 2 && dims[2] == 3);
    assert_close(Pt[0], 1.435, 1e-14);
    free(Pt);
}

static void write_text(const fixture *f, const char *name, const char *text) {
    char path[4300];
    snprintf(path, sizeof path, "%s/%s", f->dir, name);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
}

// An IO table through the CLI: for the demand y = x - Z 1 (--Y-balance)
// the output is x itself, so the production-based table is F, and the
// consumption-based one sums to F's total.
static void test_footprints_io_balance_gives_f(void **state) {
    fixture *f = *state;
    write_text(f, "Z.csv", ",a,b\na,10,20\nb,30,40\n");
    write_text(f, "x.csv", "id,GO\na,100\nb,200\n");
    write_text(f, "F.csv", "pressure,unit,a,b\nCO2,kg,50,40\nSO2,kg,0,3\n");
    char io[4300];
    snprintf(io, sizeof io, "%s/io.h5", f->dir);
    assert_int_equal(run(f, "import io --Z '%s/Z.csv' --x '%s/x.csv' "
                         "--x-column GO --F '%s/F.csv' --F-unit-column unit "
                         "--Y-balance net --unit kUSD -o '%s'", f->dir,
                         f->dir, f->dir, io), 0);
    assert_int_equal(run(f, "solve '%s' --by-product -o '%s'", io, f->out),
                     0);
    int rank;
    hsize_t dims[3];
    double *Pd = read_dataset(f->out, "demands/by_product/direct", &rank,
                              dims);
    double *Pt = read_dataset(f->out, "demands/by_product/total", &rank,
                              dims);
    assert_true(dims[0] == 1 && dims[1] == 2 && dims[2] == 2);
    const double F[] = {50, 40, 0, 3};
    for (int q = 0; q < 4; q++) assert_close(Pd[q], F[q], 1e-14);
    assert_close(Pt[0] + Pt[1], 90.0, 1e-14);
    assert_close(Pt[2] + Pt[3], 3.0, 1e-14);
    free(Pd);
    free(Pt);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_footprints_sum_to_scores),
        cmocka_unit_test(test_footprints_hand_values),
        cmocka_unit_test(test_footprints_only_when_asked),
        cmocka_unit_test(test_footprints_io_balance_gives_f),
    };
    return cmocka_run_group_tests_name("footprints", tests, setup,
                                       free_teardown);
}
