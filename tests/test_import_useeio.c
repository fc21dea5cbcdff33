// tests/test_import_useeio.c: the USEEIO importer (io/import/useeio.c) on the
// bundled USEEIO v1.2 folder, and on broken copies of it
// SPDX-License-Identifier: MIT
//
// The expected numbers are read from the same JSON files independently
// (jansson, walked here rather than through the importer) and must agree
// bit for bit; the counts come from datasets/useeio-v1.2/README.md.

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "test_util.h"

#define RAW "datasets/useeio-v1.2/raw"

static int has(const char *haystack, const char *needle) {
    if (strstr(haystack, needle) != NULL) return 1;
    print_error("'%s' does not contain '%s'\n", haystack, needle);
    return 0;
}

static lca_model *import_raw(lca_ctx *ctx) {
    lca_model *M = NULL;
    lca_status st = lca_import_useeio(ctx, src_path(RAW), &M);
    if (st != LCA_OK) print_error("import: %s\n", lca_ctx_errmsg(ctx));
    assert_int_equal(st, LCA_OK);
    return M;
}

static json_t *load(const char *dir, const char *rel) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    json_error_t err;
    json_t *root = json_load_file(path, 0, &err);
    if (root == NULL) print_error("%s: %s\n", path, err.text);
    assert_non_null(root);
    return root;
}

// ---- the bundled model -----------------------------------------------------

static void test_import_useeio_has_readme_dimensions(void **state) {
    lca_model *M = import_raw(*state);
    assert_int_equal(lca_model_convention(M), LCA_IO_COEFFICIENTS);
    assert_int_equal(lca_model_dim(M, LCA_PRODUCTS), 388);
    assert_int_equal(lca_model_dim(M, LCA_FLOWS), 2412);
    assert_int_equal(lca_model_dim(M, LCA_INDICATORS), 24);
    assert_int_equal(lca_csc_nnz(lca_model_A(M)), 85425);
    assert_int_equal(lca_csc_nnz(lca_model_B(M)), 179686);
    assert_int_equal(lca_csc_nnz(lca_model_C(M)), 4630);
    assert_string_equal(lca_model_attr(M, "importer"), "useeio");
    assert_non_null(strstr(lca_model_attr(M, "citation"),
                           "10.1016/j.jclepro.2017.04.150"));
    assert_int_equal(lca_model_check(M), LCA_OK);
    lca_model_destroy(&M);
}

// Every entry of X equals the JSON's, bit for bit; zeros are not stored.
static void expect_matrix_equals_json(const lca_csc *X, const char *rel) {
    json_t *J = load(src_path(RAW), rel);
    int64_t m = lca_csc_nrows(X), n = lca_csc_ncols(X), nonzeros = 0;
    assert_int_equal((int64_t)json_array_size(J), m);
    double *col = malloc((size_t)m * sizeof *col);
    assert_non_null(col);
    for (int64_t j = 0; j < n; j++) {
        lca_csc_column_dense(X, j, col);
        for (int64_t i = 0; i < m; i++) {
            json_t *row = json_array_get(J, (size_t)i);
            double v = json_number_value(json_array_get(row, (size_t)j));
            assert_true(col[i] == v);
            nonzeros += v != 0.0;
        }
    }
    assert_int_equal(nonzeros, lca_csc_nnz(X));
    free(col);
    json_decref(J);
}

static void test_import_useeio_values_equal_json(void **state) {
    lca_model *M = import_raw(*state);
    expect_matrix_equals_json(lca_model_A(M), "matrix/A.json");
    expect_matrix_equals_json(lca_model_B(M), "matrix/B.json");
    expect_matrix_equals_json(lca_model_C(M), "matrix/C.json");
    // Spot values, typed in from the file: A(0,0), a negative entry.
    const lca_csc *A = lca_model_A(M);
    assert_true(lca_csc_values(A)[lca_csc_find(A, 0, 0)] ==
                0.11005834305717599);
    assert_true(lca_csc_values(A)[lca_csc_find(A, 0, 10)] ==
                -0.0000010856556291732902);
    // T = I - A, derived once at create.
    const lca_csc *T = lca_model_tech(M);
    assert_true(lca_csc_values(T)[lca_csc_find(T, 0, 0)] ==
                1.0 - 0.11005834305717599);
    lca_model_destroy(&M);
}

static int cmp_str(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void expect_ids_unique(const lca_model *M, lca_axis axis) {
    int64_t n = lca_model_dim(M, axis);
    const char **ids = malloc((size_t)n * sizeof *ids);
    assert_non_null(ids);
    for (int64_t i = 0; i < n; i++) {
        ids[i] = lca_model_label(M, axis, LCA_LABEL_ID, i);
        assert_true(ids[i][0] != '\0');
    }
    qsort(ids, (size_t)n, sizeof *ids, cmp_str);
    for (int64_t i = 1; i < n; i++) assert_true(strcmp(ids[i - 1], ids[i]));
    free(ids);
}

static void test_import_useeio_labels(void **state) {
    lca_model *M = import_raw(*state);
    expect_ids_unique(M, LCA_PRODUCTS);
    expect_ids_unique(M, LCA_FLOWS);
    expect_ids_unique(M, LCA_INDICATORS);
    assert_string_equal(lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_ID, 0),
                        "1111a0/fresh soybeans, canola, flaxseeds, and other "
                        "oilseeds/us");
    assert_string_equal(lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_UNIT, 387),
                        "USD");
    assert_string_equal(lca_model_label(M, LCA_FLOWS, LCA_LABEL_NAME, 0),
                        "Coal");
    assert_string_equal(
        lca_model_label(M, LCA_FLOWS, LCA_LABEL_COMPARTMENT, 0),
        "resource/in ground");
    assert_string_equal(lca_model_label(M, LCA_FLOWS, LCA_LABEL_UNIT, 0),
                        "MJ");
    assert_string_equal(lca_model_label(M, LCA_INDICATORS, LCA_LABEL_ID, 7),
                        "GHG");
    assert_string_equal(lca_model_label(M, LCA_INDICATORS, LCA_LABEL_UNIT, 7),
                        "kg CO2-eq");
    int64_t k = -1;
    assert_int_equal(lca_model_lookup(M, LCA_INDICATORS, "GHG", &k), LCA_OK);
    assert_int_equal(k, 7);
    lca_model_destroy(&M);
}

// Demand j against its JSON file: entry count and sum, and the dense
// column of derived/demands.csv (Python repr, so exact) entry by entry.
static void expect_demand(const lca_model *M, int64_t j, const char *id,
                          int64_t count, int csv_col) {
    assert_string_equal(lca_model_label(M, LCA_DEMANDS, LCA_LABEL_ID, j), id);
    char rel[256];
    snprintf(rel, sizeof rel, "demands/%s.json", id);
    json_t *J = load(src_path(RAW), rel);
    assert_int_equal((int64_t)json_array_size(J), count);
    double sum = 0.0;
    for (size_t r = 0; r < json_array_size(J); r++) {
        sum += json_number_value(
            json_object_get(json_array_get(J, r), "amount"));
    }
    json_decref(J);
    const lca_csc *F = lca_model_demands(M);
    const int64_t *Fp = lca_csc_colptr(F);
    double got = 0.0;
    for (int64_t p = Fp[j]; p < Fp[j + 1]; p++) got += lca_csc_values(F)[p];
    assert_int_equal(Fp[j + 1] - Fp[j], count);
    assert_close(got, sum, 1e-13);
    double f[388];
    lca_model_demand_dense(M, j, f);
    FILE *fp = fopen(src_path("datasets/useeio-v1.2/derived/demands.csv"),
                     "r");
    assert_non_null(fp);
    char line[1024];
    assert_non_null(fgets(line, sizeof line, fp));  // header
    for (int i = 0; i < 388; i++) {
        assert_non_null(fgets(line, sizeof line, fp));
        char *last = strrchr(line, ',');  // the numbers end each line
        *last = '\0';
        char *prev = strrchr(line, ',');
        double v = strtod(csv_col == 0 ? prev + 1 : last + 1, NULL);
        assert_true(f[i] == v);
    }
    fclose(fp);
}

static void test_import_useeio_demands(void **state) {
    lca_model *M = import_raw(*state);
    assert_int_equal(lca_model_dim(M, LCA_DEMANDS), 2);
    expect_demand(M, 0, "2007_us_consumption", 326, 0);
    expect_demand(M, 1, "2007_us_production", 384, 1);
    assert_int_equal(lca_model_ndemand_sets(M), 0);
    lca_model_destroy(&M);
}

// ---- broken copies ---------------------------------------------------------

// A fresh copy of the raw folder in the test's temporary directory.
static const char *copy_raw(const char *name) {
    static char dir[4096];
    const char *tmp = test_tmpdir(name);
    assert_non_null(tmp);
    snprintf(dir, sizeof dir, "%s", tmp);
    char cmd[9000];
    snprintf(cmd, sizeof cmd, "cp -r '%s/.' '%s'", src_path(RAW), dir);
    assert_int_equal(system(cmd), 0);
    return dir;
}

static void save(json_t *root, const char *dir, const char *rel) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    assert_int_equal(json_dump_file(root, path, JSON_REAL_PRECISION(17)), 0);
    json_decref(root);
}

// Import dir: expect st, *M NULL, and every want in the message.
static void expect_error(lca_ctx *ctx, const char *dir, lca_status st,
                         const char *want1, const char *want2) {
    lca_model *M = (lca_model *)1;
    assert_int_equal(lca_import_useeio(ctx, dir, &M), st);
    assert_null(M);
    assert_true(has(lca_ctx_errmsg(ctx), want1));
    if (want2 != NULL) assert_true(has(lca_ctx_errmsg(ctx), want2));
}

static void test_import_useeio_missing_matrix_is_io_error(void **state) {
    const char *dir = copy_raw("useeio_missing");
    char path[4200];
    snprintf(path, sizeof path, "%s/matrix/A.json", dir);
    assert_int_equal(remove(path), 0);
    expect_error(*state, dir, LCA_ERR_IO, path, "cannot open");
}

static void test_import_useeio_truncated_matrix_is_invalid(void **state) {
    const char *dir = copy_raw("useeio_truncated");
    char path[4200];
    snprintf(path, sizeof path, "%s/matrix/A.json", dir);
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    static char buf[1 << 20];
    size_t got = fread(buf, 1, sizeof buf, fp);  // the first MB of ~2
    fclose(fp);
    fp = fopen(path, "wb");
    assert_non_null(fp);
    fwrite(buf, 1, got, fp);
    fclose(fp);
    expect_error(*state, dir, LCA_ERR_INVALID, "matrix/A.json: line 1",
                 NULL);
}

static void test_import_useeio_short_row_is_invalid(void **state) {
    const char *dir = copy_raw("useeio_short_row");
    json_t *A = load(dir, "matrix/A.json");
    json_array_remove(json_array_get(A, 5), 387);
    save(A, dir, "matrix/A.json");
    expect_error(*state, dir, LCA_ERR_INVALID, "matrix/A.json: row 5",
                 NULL);
}

static void test_import_useeio_string_value_is_invalid(void **state) {
    const char *dir = copy_raw("useeio_nan");
    json_t *B = load(dir, "matrix/B.json");
    json_array_set_new(json_array_get(B, 3), 7, json_string("NaN"));
    save(B, dir, "matrix/B.json");
    expect_error(*state, dir, LCA_ERR_INVALID,
                 "matrix/B.json: row 3, column 7", "not a finite number");
}

static void test_import_useeio_unknown_sector_is_invalid(void **state) {
    const char *dir = copy_raw("useeio_sector");
    const char *rel = "demands/2007_us_consumption.json";
    json_t *D = load(dir, rel);
    json_object_set_new(json_array_get(D, 4), "sector",
                        json_string("999999/nowhere/us"));
    save(D, dir, rel);
    expect_error(*state, dir, LCA_ERR_INVALID,
                 "2007_us_consumption.json: record 4",
                 "no sector has the id '999999/nowhere/us'");
}

static void test_import_useeio_wrong_c_columns_is_dim(void **state) {
    const char *dir = copy_raw("useeio_c_cols");
    json_t *C = load(dir, "matrix/C.json");
    for (size_t i = 0; i < json_array_size(C); i++) {
        json_t *row = json_array_get(C, i);
        json_array_remove(row, json_array_size(row) - 1);
    }
    save(C, dir, "matrix/C.json");
    expect_error(*state, dir, LCA_ERR_DIM, "matrix/C.json is 24 x 2411",
                 "flows.json has 2412 flows");
}

static void test_import_useeio_wrong_index_is_invalid(void **state) {
    const char *dir = copy_raw("useeio_index");
    json_t *S = load(dir, "sectors.json");
    json_object_set_new(json_array_get(S, 2), "index", json_integer(3));
    save(S, dir, "sectors.json");
    expect_error(*state, dir, LCA_ERR_INVALID, "sectors.json: record 2",
                 "\"index\"");
}

int main(void) {
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, ctx_setup, ctx_teardown)
        T(test_import_useeio_has_readme_dimensions),
        T(test_import_useeio_values_equal_json),
        T(test_import_useeio_labels),
        T(test_import_useeio_demands),
        T(test_import_useeio_missing_matrix_is_io_error),
        T(test_import_useeio_truncated_matrix_is_invalid),
        T(test_import_useeio_short_row_is_invalid),
        T(test_import_useeio_string_value_is_invalid),
        T(test_import_useeio_unknown_sector_is_invalid),
        T(test_import_useeio_wrong_c_columns_is_dim),
        T(test_import_useeio_wrong_index_is_invalid),
#undef T
    };
    return cmocka_run_group_tests_name("import_useeio", tests, NULL, NULL);
}
