// tests/test_export.c: `leontief export`, CSV and Matrix Market writers
// (io/export/export_model.c, io/export/export_results.c,
// io/native/results_*.c, io/util/textout.c, io/export/mtx_write.c,
// cli/cmd_export.c), import --report, and `leontief info` on results
// SPDX-License-Identifier: MIT
//
// The CSV files are read back with the project's RFC 4180 reader (libcsv,
// io/util/csv.c), the values compared bit for bit with the results file they
// came from and with the hand-computed answers of the tiny example
// (datasets/examples/tiny/README.md). A model exported and imported again
// must be the same model, bit for bit.

#define _POSIX_C_SOURCE 200809L

#include <hdf5.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli_util.h"
#include "io/util/csv_impl.h"
#include "test_util.h"

#define TINY "datasets/examples/tiny"

typedef struct fixture {
    lca_ctx *ctx;
    char dir[4096];
    char model[4200];    // the tiny model
    char factors[4200];  // factors of it, with flow factors for co2
    char solve[4200];    // both demands, with supply and inventory
    char err[8192];      // stderr of the last run
} fixture;

// Run "leontief ARGS" with stderr captured in f->err; the exit code.
#define run(f, ...) \
    cli_stderr((f)->dir, 0, (f)->err, sizeof(f)->err, __VA_ARGS__)

static const char *path_in(fixture *f, const char *name) {
    static char buf[4300];
    snprintf(buf, sizeof buf, "%s/%s", f->dir, name);
    return buf;
}

static int setup(void **state) {
    fixture *f = calloc(1, sizeof *f);
    const char *dir = test_tmpdir("export");
    if (f == NULL || dir == NULL || getenv("LCA_CLI") == NULL) return -1;
    if (lca_ctx_create(&f->ctx) != LCA_OK) return -1;
    snprintf(f->dir, sizeof f->dir, "%s", dir);
    snprintf(f->model, sizeof f->model, "%s/tiny.h5", dir);
    snprintf(f->factors, sizeof f->factors, "%s/factors.h5", dir);
    snprintf(f->solve, sizeof f->solve, "%s/solve.h5", dir);
    const char *t = src_path(TINY);
    if (run(f, "import mtx --A %s/A.mtx --B %s/B.mtx --C %s/C.mtx "
            "--products %s/products.csv --flows %s/flows.csv --indicators "
            "%s/indicators.csv --demands %s/demands.csv -o '%s'",
            t, t, t, t, t, t, t, f->model) != 0 ||
        run(f, "factors '%s' --flow co2 -o '%s'", f->model, f->factors) != 0 ||
        run(f, "solve '%s' --supply --inventory -o '%s'", f->model,
            f->solve) != 0) {
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state) {
    fixture *f = *state;
    lca_ctx_destroy(&f->ctx);
    free(f);
    return 0;
}

// ---- reading CSV back ------------------------------------------------------

// A whole CSV file: rows x cols strings (row 0 is the header).
typedef struct table {
    int64_t rows, cols;
    char **cell;
} table;

static void table_read(lca_ctx *ctx, const char *path, table *t) {
    lca__csv *r = NULL;
    assert_int_equal(lca__csv_create(ctx, path, ',', &r), LCA_OK);
    memset(t, 0, sizeof *t);
    lca__csv_record rec;
    for (;;) {
        assert_int_equal(lca__csv_read(r, &rec), LCA_OK);
        if (rec.nfields == 0) break;
        if (t->rows == 0) t->cols = rec.nfields;
        assert_int_equal(rec.nfields, t->cols);
        t->cell = realloc(t->cell, sizeof *t->cell *
                                       (size_t)((t->rows + 1) * t->cols));
        for (int64_t c = 0; c < t->cols; c++) {
            t->cell[t->rows * t->cols + c] = strdup(rec.fields[c]);
        }
        t->rows++;
    }
    lca__csv_destroy(&r);
}

static void table_free(table *t) {
    for (int64_t i = 0; i < t->rows * t->cols; i++) free(t->cell[i]);
    free(t->cell);
}

static const char *cell(const table *t, int64_t row, int64_t col) {
    return t->cell[row * t->cols + col];
}

static void assert_header(const table *t, int ncols,
                          const char *const *names) {
    assert_int_equal(t->cols, ncols);
    for (int c = 0; c < ncols; c++) {
        assert_string_equal(cell(t, 0, c), names[c]);
    }
}

// The value in column col of the row whose column a is x and b is y.
static double lookup(const table *t, int64_t a, const char *x, int64_t b,
                     const char *y, int64_t col) {
    for (int64_t i = 1; i < t->rows; i++) {
        if (strcmp(cell(t, i, a), x) == 0 && strcmp(cell(t, i, b), y) == 0) {
            return strtod(cell(t, i, col), NULL);
        }
    }
    fail_msg("no row with %s and %s", x, y);
    return NAN;
}


// ---- results ---------------------------------------------------------------

static const char *const FACTORS_HEAD[8] = {
    "product_id", "product_name", "product_unit", "indicator_id",
    "indicator_name", "indicator_unit", "total", "direct"};

static void test_export_factors_of_tiny_give_hand_values(void **state) {
    fixture *f = *state;
    char out[4300];
    snprintf(out, sizeof out, "%s", path_in(f, "factors-csv"));
    assert_int_equal(run(f, "export '%s' --csv '%s' --mtx", f->factors, out),
                     0);
    char path[4400];
    snprintf(path, sizeof path, "%s/factors.csv", out);
    table t;
    table_read(f->ctx, path, &t);
    assert_header(&t, 8, FACTORS_HEAD);
    assert_int_equal(t.rows, 1 + 3 * 2);  // products x indicators
    // README: 1 kg steel -> 2.2675 kg CO2-eq; directly 1.5 kg CO2.
    assert_close(lookup(&t, 0, "steel", 3, "GWP100", 6), 2.2675, 1e-14);
    assert_close(lookup(&t, 0, "steel", 3, "GWP100", 7), 1.5, 1e-15);
    assert_close(lookup(&t, 0, "electricity", 3, "GWP100", 6), 1.435, 1e-14);
    assert_string_equal(cell(&t, 1, 1), "Electricity, medium voltage");
    assert_string_equal(cell(&t, 1, 5), "kg CO2-eq");
    // Every value is the file's value, bit for bit: N(i, j) at row 1 + 2j + i.
    int64_t count = 0;
    double *N = read_h5_doubles(f->factors, "/factors/N", &count);
    assert_int_equal(count, 6);
    for (int64_t j = 0; j < 3; j++) {
        for (int64_t i = 0; i < 2; i++) {
            double v = strtod(cell(&t, 1 + 2 * j + i, 6), NULL);
            assert_memory_equal(&v, &N[i * 3 + j], sizeof v);
        }
    }
    free(N);
    table_free(&t);
    snprintf(path, sizeof path, "%s/flow_factors.csv", out);
    table_read(f->ctx, path, &t);
    assert_int_equal(t.rows, 1 + 3);
    assert_string_equal(cell(&t, 0, 6), "flow_unit");
    assert_close(lookup(&t, 0, "steel", 3, "co2", 7), 2.25, 1e-14);
    table_free(&t);
    snprintf(path, sizeof path, "%s/factors_N.mtx", out);
    char *text = test_slurp(path);
    assert_non_null(strstr(text, "%%MatrixMarket matrix array real general"));
    assert_non_null(strstr(text, "\n2 3\n"));
    free(text);
    snprintf(path, sizeof path, "%s/demand_scores.csv", out);
    assert_false(file_exists(path));  // factors only
}

static void test_export_demands_of_tiny_give_hand_values(void **state) {
    fixture *f = *state;
    char out[4300], path[4400];
    snprintf(out, sizeof out, "%s", path_in(f, "solve-csv/sub/dir"));
    assert_int_equal(run(f, "export '%s' --csv '%s'", f->solve, out), 0);
    static const char *const head[5] = {"demand", "indicator_id",
                                        "indicator_name", "unit", "value"};
    table t;
    snprintf(path, sizeof path, "%s/demand_scores.csv", out);
    table_read(f->ctx, path, &t);
    assert_header(&t, 5, head);
    assert_int_equal(t.rows, 1 + 2 * 2);
    assert_close(lookup(&t, 0, "1 kg steel", 1, "GWP100", 4), 2.2675, 1e-14);
    assert_close(lookup(&t, 0, "1 kWh electricity", 1, "GWP100", 4), 1.435,
                 1e-14);
    table_free(&t);
    snprintf(path, sizeof path, "%s/demand_supply.csv", out);
    table_read(f->ctx, path, &t);
    assert_close(lookup(&t, 0, "1 kg steel", 1, "steel", 4), 1.25, 1e-14);
    table_free(&t);
    snprintf(path, sizeof path, "%s/demand_inventory.csv", out);
    table_read(f->ctx, path, &t);
    assert_close(lookup(&t, 0, "1 kg steel", 1, "iron_ore", 5), 2.0, 1e-14);
    table_free(&t);
    snprintf(path, sizeof path, "%s/factors.csv", out);
    assert_false(file_exists(path));
    snprintf(path, sizeof path, "%s/demands_scores.mtx", out);
    assert_false(file_exists(path));  // no --mtx
}

// Not a results file, a dataset missing, a missing file: exit 3, a message
// naming the file and the dataset, nothing written.
static void test_export_bad_input_exits_3(void **state) {
    fixture *f = *state;
    char out[4300], bad[4300], cmd[9000];
    snprintf(out, sizeof out, "%s", path_in(f, "never"));
    snprintf(bad, sizeof bad, "%s", path_in(f, "other.h5"));
    hid_t h = H5Fcreate(bad, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    H5Fclose(h);
    assert_int_equal(run(f, "export '%s' --csv '%s'", bad, out), 3);
    assert_non_null(strstr(f->err, "other.h5"));
    assert_non_null(strstr(f->err, "not a leontief model, results or"));
    snprintf(bad, sizeof bad, "%s", path_in(f, "damaged.h5"));
    snprintf(cmd, sizeof cmd, "cp '%s' '%s'", f->factors, bad);
    assert_int_equal(system(cmd), 0);
    h5_unseal(bad);  // edited by hand from here on
    h = H5Fopen(bad, H5F_ACC_RDWR, H5P_DEFAULT);
    assert_true(H5Ldelete(h, "/indicators/name", H5P_DEFAULT) >= 0);
    H5Fclose(h);
    assert_int_equal(run(f, "export '%s' --csv '%s'", bad, out), 3);
    assert_non_null(strstr(f->err, "damaged.h5: /indicators/name is missing"));
    h = H5Fopen(bad, H5F_ACC_RDWR, H5P_DEFAULT);
    assert_true(H5Ldelete(h, "/factors/N", H5P_DEFAULT) >= 0);
    H5Fclose(h);
    assert_int_equal(run(f, "export '%s' --csv '%s'", bad, out), 3);
    assert_non_null(strstr(f->err, "/factors/N is missing"));
    assert_int_equal(run(f, "export '%s' --csv '%s'", path_in(f, "no.h5"),
                         out), 3);
    assert_non_null(strstr(f->err, "no.h5"));
    assert_false(file_exists(out));
    assert_int_equal(run(f, "export '%s'", f->factors), 2);  // no --csv
    assert_int_equal(run(f, "export --csv '%s'", out), 2);
    assert_int_equal(run(f, "export --help"), 0);
    assert_int_equal(run(f, "export '%s' --csv /proc/no/such/dir", f->solve),
                     5);
}

// ---- models ----------------------------------------------------------------

static void assert_csc_identical(const lca_csc *X, const lca_csc *Y) {
    assert_int_equal(lca_csc_nrows(X), lca_csc_nrows(Y));
    assert_int_equal(lca_csc_ncols(X), lca_csc_ncols(Y));
    int64_t n = lca_csc_ncols(X), nnz = lca_csc_nnz(X);
    assert_int_equal(nnz, lca_csc_nnz(Y));
    assert_memory_equal(lca_csc_colptr(X), lca_csc_colptr(Y),
                        (size_t)(n + 1) * sizeof(int64_t));
    if (nnz == 0) return;
    assert_memory_equal(lca_csc_rowidx(X), lca_csc_rowidx(Y),
                        (size_t)nnz * sizeof(int64_t));
    assert_memory_equal(lca_csc_values(X), lca_csc_values(Y),
                        (size_t)nnz * sizeof(double));
}

// Matrices, labels and demands identical (what an mtx export carries).
static void assert_same_model(const lca_model *X, const lca_model *Y) {
    assert_int_equal(lca_model_convention(X), lca_model_convention(Y));
    assert_csc_identical(lca_model_A(X), lca_model_A(Y));
    assert_csc_identical(lca_model_B(X), lca_model_B(Y));
    assert_csc_identical(lca_model_C(X), lca_model_C(Y));
    assert_csc_identical(lca_model_demands(X), lca_model_demands(Y));
    for (int a = LCA_PRODUCTS; a <= LCA_DEMANDS; a++) {
        assert_int_equal(lca_model_dim(X, a), lca_model_dim(Y, a));
        for (int l = 0; l < LCA_NLABELS; l++) {
            if (a == LCA_DEMANDS && l != LCA_LABEL_ID) continue;
            if (a != LCA_FLOWS && l >= LCA_LABEL_COMPARTMENT) continue;
            for (int64_t i = 0; i < lca_model_dim(X, a); i++) {
                assert_string_equal(lca_model_label(X, a, l, i),
                                    lca_model_label(Y, a, l, i));
            }
        }
    }
}

// Import the files lca_model_write_mtx wrote into dir.
static lca_model *import_dir(lca_ctx *ctx, const char *dir,
                             lca_convention conv, int demands) {
    char p[7][4400];
    const char *names[7] = {"A.mtx", "B.mtx", "C.mtx", "products.csv",
                            "flows.csv", "indicators.csv", "demands.csv"};
    for (int i = 0; i < 7; i++) snprintf(p[i], sizeof p[i], "%s/%s", dir,
                                         names[i]);
    lca_mtx_source src = {conv, p[0], p[1], p[2], p[3], p[4], p[5],
                          demands ? p[6] : NULL};
    lca_model *M = NULL;
    lca_status st = lca_import_mtx(ctx, &src, &M);
    if (st != LCA_OK) print_error("%s\n", lca_ctx_errmsg(ctx));
    assert_int_equal(st, LCA_OK);
    return M;
}

static void set(lca_model *M, lca_axis a, lca_label l, const char *const *v) {
    assert_int_equal(lca_model_set_labels(M, a, l, v), LCA_OK);
}

// Values that need all 17 digits, extremes, an explicit zero, -0.0, and
// labels that CSV must quote (commas, quotes, line breaks, blanks) or
// guard as formulas (written with a ' in front, read back without).
static lca_model *awkward_model(lca_ctx *ctx, lca_convention conv) {
    double A[9] = {1.0 / 3.0, 0, -0.1, 2.0 / 3.0, 1, 0, 0, -1e-300, 0.7};
    double B[6] = {5e-324, 1e300, -0.0, 0.1 + 0.2, 0, 123456789.123456789};
    double C[4] = {1, 28, 0, 1};
    int64_t bi[6] = {0, 1, 0, 1, 0, 1}, bj[6] = {0, 0, 1, 1, 2, 2};
    lca_csc *a = csc_from_dense(ctx, 3, 3, A);
    lca_csc *c = csc_from_dense(ctx, 2, 2, C);
    lca_csc *b = NULL;
    assert_int_equal(lca_csc_from_triplets(ctx, 2, 3, 6, bi, bj, B, &b),
                     LCA_OK);
    lca_model *M = NULL;
    assert_int_equal(lca_model_create(ctx, conv, a, b, c, &M), LCA_OK);
    lca_csc_destroy(&a);
    lca_csc_destroy(&b);
    lca_csc_destroy(&c);
    const char *pid[3] = {"p,1", "say \"hi\"", " padded "};
    const char *pname[3] = {"two\r\nlines", "Müsli", ""};
    const char *fid[2] = {"co2", "ch4"}, *cas[2] = {"124-38-9", ""};
    const char *fcomp[2] = {"air/urban, high", "air"};
    const char *iid[2] = {"GWP100", "x"}, *iunit[2] = {"kg CO2-eq", "m³"};
    const char *iname[2] = {"=HYPERLINK(\"http://x\",\"y\")", "''-2+3"};
    set(M, LCA_PRODUCTS, LCA_LABEL_ID, pid);
    set(M, LCA_PRODUCTS, LCA_LABEL_NAME, pname);
    set(M, LCA_FLOWS, LCA_LABEL_ID, fid);
    set(M, LCA_FLOWS, LCA_LABEL_COMPARTMENT, fcomp);
    set(M, LCA_FLOWS, LCA_LABEL_CAS, cas);
    set(M, LCA_INDICATORS, LCA_LABEL_ID, iid);
    set(M, LCA_INDICATORS, LCA_LABEL_UNIT, iunit);
    set(M, LCA_INDICATORS, LCA_LABEL_NAME, iname);  // formula guard
    int64_t i1[2] = {2, 0}, i2[1] = {1};
    double v1[2] = {1.0 / 7.0, -2.5}, v2[1] = {1e-17};
    assert_int_equal(lca_model_add_demand(M, "d,1", 2, i1, v1), LCA_OK);
    assert_int_equal(lca_model_add_demand(M, "empty", 0, NULL, NULL), LCA_OK);
    assert_int_equal(lca_model_add_demand(M, "\"q\"", 1, i2, v2), LCA_OK);
    return M;
}

static void model_round_trip(fixture *f, lca_convention conv,
                             const char *name) {
    char dir[4300];
    snprintf(dir, sizeof dir, "%s", path_in(f, name));
    lca_model *M = awkward_model(f->ctx, conv);
    lca_status st = lca_model_write_mtx(M, dir);
    if (st != LCA_OK) print_error("%s\n", lca_ctx_errmsg(f->ctx));
    assert_int_equal(st, LCA_OK);
    lca_model *R = import_dir(f->ctx, dir, conv, 1);
    assert_same_model(M, R);
    assert_true(signbit(lca_csc_values(lca_model_B(R))[2]));  // -0.0
    lca_model_destroy(&M);
    lca_model_destroy(&R);
}

static void test_export_model_round_trips_bit_for_bit(void **state) {
    fixture *f = *state;
    model_round_trip(f, LCA_TECHNOSPHERE, "awkward-tech");
    model_round_trip(f, LCA_IO_COEFFICIENTS, "awkward-io");
}

// leontief export MODEL --csv DIR, then leontief import mtx of DIR.
static void test_export_model_cli_round_trips_tiny(void **state) {
    fixture *f = *state;
    char dir[4300], again[4300];
    snprintf(dir, sizeof dir, "%s", path_in(f, "tiny-mtx"));
    snprintf(again, sizeof again, "%s", path_in(f, "tiny-again.h5"));
    assert_int_equal(run(f, "export '%s' --csv '%s'", f->model, dir), 0);
    assert_int_equal(run(f, "import mtx --A '%s/A.mtx' --B '%s/B.mtx' --C "
                         "'%s/C.mtx' --products '%s/products.csv' --flows "
                         "'%s/flows.csv' --indicators '%s/indicators.csv' "
                         "--demands '%s/demands.csv' -o '%s'",
                         dir, dir, dir, dir, dir, dir, dir, again), 0);
    lca_model *M = NULL, *R = NULL;
    assert_int_equal(lca_model_read(f->ctx, f->model, &M), LCA_OK);
    assert_int_equal(lca_model_read(f->ctx, again, &R), LCA_OK);
    assert_same_model(M, R);
    lca_model_destroy(&M);
    lca_model_destroy(&R);
}

// ---- the import report -----------------------------------------------------

static void test_export_report_csv_quotes_fields(void **state) {
    fixture *f = *state;
    lca_model *M = awkward_model(f->ctx, LCA_TECHNOSPHERE);
    const char *lines[3][4] = {
        {"unlinked input", "u-1", "Stahl, warm", "said \"no\"\nthen left"},
        {"cut-off", "", " x ", "Ökobilanz"},
        {"plain", "a", "b", "c"},
    };
    for (int i = 0; i < 3; i++) {
        assert_int_equal(lca_model_add_report(M, lines[i][0], lines[i][1],
                                              lines[i][2], lines[i][3]),
                         LCA_OK);
    }
    char path[4300];
    snprintf(path, sizeof path, "%s", path_in(f, "report.csv"));
    assert_int_equal(lca_model_write_report_csv(M, path), LCA_OK);
    char *text = test_slurp(path);
    assert_non_null(strstr(text, "kind,id,name,detail\r\n"));
    assert_non_null(strstr(text, "\"said \"\"no\"\"\nthen left\"\r\n"));
    assert_non_null(strstr(text, "plain,a,b,c\r\n"));
    free(text);
    table t;
    table_read(f->ctx, path, &t);
    assert_int_equal(t.rows, 4);
    for (int i = 0; i < 3; i++) {
        for (int c = 0; c < 4; c++) {
            assert_string_equal(cell(&t, i + 1, c), lines[i][c]);
        }
    }
    table_free(&t);
    assert_int_equal(lca_model_write_report_csv(M, "/proc/no/report.csv"),
                     LCA_ERR_IO);
    assert_non_null(strstr(lca_ctx_errmsg(f->ctx), "/proc/no/report.csv"));
    lca_model_destroy(&M);
}

static void test_import_report_option_writes_csv(void **state) {
    fixture *f = *state;
    char out[4300], report[4300];
    snprintf(out, sizeof out, "%s", path_in(f, "with-report.h5"));
    snprintf(report, sizeof report, "%s", path_in(f, "import-report.csv"));
    const char *t = src_path(TINY);
    assert_int_equal(run(f, "import mtx --A %s/A.mtx -o '%s' --report '%s'",
                         t, out, report), 0);
    char *text = test_slurp(report);
    assert_string_equal(text, "kind,id,name,detail\r\n");  // nothing dropped
    free(text);
    assert_int_equal(run(f, "import mtx --A %s/A.mtx -o '%s' --report "
                         "/proc/no/r.csv", t, out), 5);
    assert_non_null(strstr(f->err, "/proc/no/r.csv"));
}

// ---- failed allocations ----------------------------------------------------

// Make the k-th allocation fail for k = 0, 1, ... until a read succeeds:
// every failure is NOMEM, leaves *R NULL and leaks nothing.
static void read_until_ok(lca_ctx *ctx, const char *path) {
    test_alloc ta;
    for (int64_t k = 0;; k++) {
        test_alloc_install(ctx, &ta, k);
        lca_results *R = (lca_results *)1;
        lca_status st = lca_results_read(ctx, path, &R);
        if (st == LCA_OK) {
            lca_results_destroy(&R);
            assert_int_equal(ta.live, 0);
            break;
        }
        if (st != LCA_ERR_NOMEM) print_error("%s\n", lca_ctx_errmsg(ctx));
        assert_int_equal(st, LCA_ERR_NOMEM);
        assert_null(R);
        assert_int_equal(ta.live, 0);
    }
    lca_ctx_set_allocator(ctx, NULL);
    assert_int_equal(H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_ALL), 0);
}

static void test_export_read_survives_every_failed_alloc(void **state) {
    fixture *f = *state;
    read_until_ok(f->ctx, f->factors);
    read_until_ok(f->ctx, f->solve);
}

// Writing with the k-th allocation failing: NOMEM, no leak, no temporary
// file left behind, until a write succeeds.
static void test_export_write_survives_every_failed_alloc(void **state) {
    fixture *f = *state;
    char dir[4300], cmd[9000];
    snprintf(dir, sizeof dir, "%s", path_in(f, "alloc-mtx"));
    test_alloc ta;
    test_alloc_install(f->ctx, &ta, -1);
    lca_model *M = awkward_model(f->ctx, LCA_TECHNOSPHERE);
    lca_results *R = NULL;
    assert_int_equal(lca_results_read(f->ctx, f->solve, &R), LCA_OK);
    for (int what = 0; what < 2; what++) {
        for (int64_t k = 0;; k++) {
            test_alloc_fail_at(&ta, k);
            int64_t live = ta.live;
            lca_status st = what == 0 ? lca_model_write_mtx(M, dir)
                                      : lca_results_write_csv(R, dir, 1);
            assert_int_equal(ta.live, live);
            snprintf(cmd, sizeof cmd, "ls '%s' 2>/dev/null | grep -q tmp",
                     dir);
            assert_int_not_equal(system(cmd), 0);
            if (st == LCA_OK) break;
            assert_int_equal(st, LCA_ERR_NOMEM);
        }
    }
    lca_results_destroy(&R);
    lca_model_destroy(&M);
    assert_int_equal(ta.live, 0);
    lca_ctx_set_allocator(f->ctx, NULL);
}

// ---- provenance and `leontief info` ---------------------------------------

// SHA-256 known answers (FIPS 180-2 "abc", the empty file), and the hash
// of the model recorded in a results file.
static void test_export_sha256_of_files_and_in_results(void **state) {
    fixture *f = *state;
    char path[4300], hex[65];
    snprintf(path, sizeof path, "%s", path_in(f, "abc.txt"));
    FILE *fp = fopen(path, "wb");
    fputs("abc", fp);
    fclose(fp);
    assert_int_equal(lca_file_sha256(f->ctx, path, hex), LCA_OK);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223"
                             "b00361a396177a9cb410ff61f20015ad");
    fp = fopen(path, "wb");
    fclose(fp);
    assert_int_equal(lca_file_sha256(f->ctx, path, hex), LCA_OK);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb924"
                             "27ae41e4649b934ca495991b7852b855");
    assert_int_equal(lca_file_sha256(f->ctx, path_in(f, "none"), hex),
                     LCA_ERR_IO);
    assert_non_null(strstr(lca_ctx_errmsg(f->ctx), "none"));
    assert_int_equal(lca_file_sha256(f->ctx, f->model, hex), LCA_OK);
    hid_t h = H5Fopen(f->factors, H5F_ACC_RDONLY, H5P_DEFAULT);
    hid_t a = H5Aopen_by_name(h, "/", "model_sha256", H5P_DEFAULT,
                              H5P_DEFAULT);
    assert_true(a >= 0);
    hid_t t = H5Aget_type(a);  // fixed-length: 64 hex digits
    char s[65] = {0};
    assert_int_equal(H5Tget_size(t), 64);
    assert_true(H5Aread(a, t, s) >= 0);
    assert_string_equal(s, hex);
    H5Tclose(t);
    H5Aclose(a);
    H5Fclose(h);
}

// Run "leontief ARGS" and return its stdout (free it).
static char *run_stdout(fixture *f, const char *args) {
    char out[4300];
    snprintf(out, sizeof out, "%s", path_in(f, "stdout.txt"));
    assert_int_equal(cli_run(&(cli_opts){.out = out}, "%s", args), 0);
    return test_slurp(out);
}

static void test_info_summarises_uncertainty_and_report(void **state) {
    fixture *f = *state;
    lca_model *M = awkward_model(f->ctx, LCA_TECHNOSPHERE);
    lca_uncertainty u[6];  // A has 6 entries
    for (int p = 0; p < 6; p++) u[p] = lca_uncertainty_none();
    u[0].dist = LCA_DIST_LOGNORMAL;
    u[0].p1 = 1.0 / 3.0;
    u[0].p2 = 1.5;
    u[2].dist = LCA_DIST_LOGNORMAL;  // (1, 1)
    u[2].p1 = 1.0;
    u[2].p2 = 2.25;
    u[2].pedigree[0] = 2;
    u[5].dist = LCA_DIST_NORMAL;  // (2, 2)
    u[5].p1 = 0.7;
    u[5].p2 = 0.1;
    assert_int_equal(lca_model_set_uncertainty(M, LCA_MATRIX_A, u), LCA_OK);
    const char *kinds[3] = {"unlinked input", "cut-off", "unlinked input"};
    for (int i = 0; i < 3; i++) {
        assert_int_equal(lca_model_add_report(M, kinds[i], "x", "", ""),
                         LCA_OK);
    }
    char path[4300], args[4400];
    snprintf(path, sizeof path, "%s", path_in(f, "uncertain.h5"));
    assert_int_equal(lca_model_write(M, path), LCA_OK);
    lca_model_destroy(&M);
    snprintf(args, sizeof args, "info '%s'", path);
    char *text = run_stdout(f, args);
    assert_non_null(strstr(text, "A  3 of 6 entries uncertain (lognormal 2, "
                                 "normal 1), 1 with pedigree scores, "
                                 "lognormal GSD 1.5 .. 2.25"));
    assert_non_null(strstr(text, "B  none (all 6 entries fixed)"));
    assert_non_null(strstr(text, "import report: 3 line(s): unlinked input "
                                 "2, cut-off 1"));
    free(text);
    snprintf(args, sizeof args, "info '%s'", f->model);
    text = run_stdout(f, args);
    assert_non_null(strstr(text, "uncertainty: none (every entry fixed)"));
    assert_non_null(strstr(text, "import report: 0 line(s)"));
    free(text);
}

// lca_results_write called from a program gives the file `leontief solve`
// writes (the same datasets, bit for bit); incomplete data is refused and
// leaves no file.
static void test_results_write_as_the_cli_does(void **state) {
    fixture *f = *state;
    lca_model *M = NULL;
    assert_int_equal(lca_model_read(f->ctx, f->model, &M), LCA_OK);
    int64_t n = lca_model_dim(M, LCA_PRODUCTS), m = lca_model_dim(M, LCA_FLOWS);
    int64_t k = lca_model_dim(M, LCA_INDICATORS);
    int64_t nd = lca_model_dim(M, LCA_DEMANDS);
    int64_t *dem = malloc(sizeof *dem * (size_t)nd);
    double *S = malloc(sizeof *S * (size_t)(n * nd));
    double *G = malloc(sizeof *G * (size_t)(m * nd));
    double *H = malloc(sizeof *H * (size_t)(k * nd));
    for (int64_t j = 0; j < nd; j++) dem[j] = j;
    lca_calc *c = NULL;
    assert_int_equal(lca_calc_create(M, NULL, &c), LCA_OK);
    assert_int_equal(lca_calc_demands(c, nd, dem, S, G, H), LCA_OK);
    lca_calc_destroy(&c);
    char path[4300];
    snprintf(path, sizeof path, "%s/lib-solve.h5", f->dir);
    lca_results_data d = {.model_file = f->model, .nd = nd, .dem = dem,
                          .H = H, .S = NULL, .G = G};
    d.Pt = H;  // Pt without Pd: refused
    assert_int_equal(lca_results_write(M, &d, path), LCA_ERR_ARG);
    assert_false(file_exists(path));
    d.Pt = NULL;
    d.S = S;
    assert_int_equal(lca_results_write(M, &d, path), LCA_OK);
    const char *sets[] = {"demands/scores", "demands/supply",
                          "demands/inventory"};
    for (int i = 0; i < 3; i++) {
        int64_t c1 = 0, c2 = 0;
        double *x = read_h5_doubles(path, sets[i], &c1);
        double *y = read_h5_doubles(f->solve, sets[i], &c2);
        assert_non_null(x);
        assert_non_null(y);
        assert_int_equal(c1, c2);
        assert_memory_equal(x, y, sizeof *x * (size_t)c1);
        free(x);
        free(y);
    }
    lca_results *R = NULL;
    assert_int_equal(lca_results_read(f->ctx, path, &R), LCA_OK);
    lca_results_destroy(&R);
    free(dem);
    free(S);
    free(G);
    free(H);
    lca_model_destroy(&M);
}

// `leontief info` on a results file: kind, dimensions, options, outcome,
// provenance and the tables it holds with their shapes.
static void test_info_describes_a_results_file(void **state) {
    fixture *f = *state;
    char args[4400];
    snprintf(args, sizeof args, "info '%s'", f->solve);
    char *text = run_stdout(f, args);
    const char *want[] = {
        "results file (format leontief-results, schema 2)",
        "products 3, indicators 2, flows 3, demands 2", "solver", "threads",
        "backward_error", "model_sha256",
        "/demands/scores                      float64 2 x 2",
        "/demands/supply                      float64 3 x 2"};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        if (strstr(text, want[i]) == NULL) fail_msg("no '%s' in:\n%s",
                                                    want[i], text);
    }
    free(text);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_export_factors_of_tiny_give_hand_values),
        cmocka_unit_test(test_export_demands_of_tiny_give_hand_values),
        cmocka_unit_test(test_export_bad_input_exits_3),
        cmocka_unit_test(test_export_model_round_trips_bit_for_bit),
        cmocka_unit_test(test_export_model_cli_round_trips_tiny),
        cmocka_unit_test(test_export_report_csv_quotes_fields),
        cmocka_unit_test(test_import_report_option_writes_csv),
        cmocka_unit_test(test_export_read_survives_every_failed_alloc),
        cmocka_unit_test(test_export_write_survives_every_failed_alloc),
        cmocka_unit_test(test_export_sha256_of_files_and_in_results),
        cmocka_unit_test(test_info_summarises_uncertainty_and_report),
        cmocka_unit_test(test_results_write_as_the_cli_does),
        cmocka_unit_test(test_info_describes_a_results_file),
    };
    return cmocka_run_group_tests_name("export", tests, setup, teardown);
}
