// tests/test_useeio_results.c: USEEIO v1.2 reproduced end to end
// SPDX-License-Identifier: MIT
//
// The bundled USEEIO v1.2 model (datasets/useeio-v1.2) is imported and
// solved, and the results are compared with what EPA published:
//   L y  against derived/expected_L_times_demand.csv   (rel. 1e-10)
//   N y  against derived/expected_N_times_demand.csv   (rel. 1e-10)
//   N    against raw/matrix/N.json                     (rel. 1e-10)
//   D    against raw/matrix/D.json                     (rel. 1e-12)
// and the sparse and dense paths against each other   (rel. 1e-12).
// Relative errors are per entry, measured against the largest magnitude of
// the same vector (normwise), because the published files hold exact
// zeros and entries twenty orders of magnitude below their neighbours.

#include <jansson.h>
#include <math.h>
#include <stdlib.h>

#include "io/util/csv_impl.h"
#include "test_util.h"

#define RAW "datasets/useeio-v1.2/raw"
#define DERIVED "datasets/useeio-v1.2/derived"

typedef struct fixture {
    lca_ctx *ctx;
    lca_model *M;
} fixture;

static int setup(void **state) {
    fixture *f = calloc(1, sizeof *f);
    if (f == NULL || lca_ctx_create(&f->ctx) != LCA_OK) return -1;
    if (lca_import_useeio(f->ctx, src_path(RAW), &f->M) != LCA_OK) {
        fprintf(stderr, "import failed: %s\n", lca_ctx_errmsg(f->ctx));
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state) {
    fixture *f = *state;
    lca_model_destroy(&f->M);
    lca_ctx_destroy(&f->ctx);
    free(f);
    return 0;
}

// max_i |a_i - b_i| / max_i |b_i|
static double normwise_error(int64_t n, const double *a, int64_t sa,
                             const double *b, int64_t sb) {
    double num = 0.0, den = 0.0;
    for (int64_t i = 0; i < n; i++) {
        num = fmax(num, fabs(a[i * sa] - b[i * sb]));
        den = fmax(den, fabs(b[i * sb]));
    }
    return den > 0.0 ? num / den : num;
}

// Column col (0-based, after the two label columns) of an expected CSV:
// rows x 1, in file order.
static double *read_expected(lca_ctx *ctx, const char *rel, int64_t rows,
                             int col) {
    lca__csv *r = NULL;
    assert_int_equal(lca__csv_create(ctx, src_path(rel), ',', &r), LCA_OK);
    double *v = calloc((size_t)rows, sizeof *v);
    lca__csv_record rec;
    assert_int_equal(lca__csv_read(r, &rec), LCA_OK);  // header
    for (int64_t i = 0; i < rows; i++) {
        assert_int_equal(lca__csv_read(r, &rec), LCA_OK);
        int ncol = (int)rec.nfields;
        assert_true(ncol >= 2 + col + 1);
        // USEEIO's N file has three label columns (index, code, unit).
        int offset = (ncol == 5) ? 3 : 2;
        assert_true(lca__csv_to_double(rec.fields[offset + col], &v[i]));
    }
    lca__csv_destroy(&r);
    return v;
}

// A dense JSON matrix (array of rows) as row-major doubles.
static double *read_json_matrix(const char *rel, int64_t rows, int64_t cols) {
    json_error_t err;
    json_t *root = json_load_file(src_path(rel), 0, &err);
    assert_non_null(root);
    assert_int_equal((int64_t)json_array_size(root), rows);
    double *X = calloc((size_t)(rows * cols), sizeof *X);
    for (int64_t i = 0; i < rows; i++) {
        json_t *row = json_array_get(root, (size_t)i);
        assert_int_equal((int64_t)json_array_size(row), cols);
        for (int64_t j = 0; j < cols; j++) {
            X[i * cols + j] = json_number_value(json_array_get(row, (size_t)j));
        }
    }
    json_decref(root);
    return X;
}

static lca_calc *calc_with(fixture *f, lca_solver_kind kind) {
    lca_solver_options opt;
    lca_solver_options_default(&opt);
    opt.kind = kind;
    lca_calc *c = NULL;
    lca_status st = lca_calc_create(f->M, &opt, &c);
    if (st != LCA_OK) fprintf(stderr, "%s\n", lca_ctx_errmsg(f->ctx));
    assert_int_equal(st, LCA_OK);
    return c;
}

static void test_useeio_dimensions(void **state) {
    fixture *f = *state;
    assert_int_equal(lca_model_dim(f->M, LCA_PRODUCTS), 388);
    assert_int_equal(lca_model_dim(f->M, LCA_FLOWS), 2412);
    assert_int_equal(lca_model_dim(f->M, LCA_INDICATORS), 24);
    assert_int_equal(lca_model_dim(f->M, LCA_DEMANDS), 2);
    assert_int_equal(lca_model_convention(f->M), LCA_IO_COEFFICIENTS);
}

// L y for both published demands, on both solver paths.
static void test_useeio_total_requirements_match_published(void **state) {
    fixture *f = *state;
    int64_t n = 388, idx[] = {0, 1};
    double *S = malloc(sizeof *S * (size_t)(2 * n));
    for (int k = 1; k <= 2; k++) {
        lca_calc *c = calc_with(f, (lca_solver_kind)k);
        double H[48];
        assert_int_equal(lca_calc_demands(c, 2, idx, S, NULL, H), LCA_OK);
        for (int j = 0; j < 2; j++) {
            const char *name = lca_model_label(f->M, LCA_DEMANDS,
                                               LCA_LABEL_ID, j);
            int col = strstr(name, "consumption") ? 0 : 1;
            double *ref = read_expected(
                f->ctx, DERIVED "/expected_L_times_demand.csv", n, col);
            double err = normwise_error(n, S + j * n, 1, ref, 1);
            print_message("L y (%s, %s): normwise rel. error %.3g\n", name,
                          k == 1 ? "sparse" : "dense", err);
            assert_true(err <= 1e-10);
            free(ref);
        }
        lca_calc_destroy(&c);
    }
    free(S);
}

static void test_useeio_impacts_match_published(void **state) {
    fixture *f = *state;
    int64_t idx[] = {0, 1};
    double H[48];
    lca_calc *c = calc_with(f, LCA_SOLVER_AUTO);
    assert_int_equal(lca_calc_demands(c, 2, idx, NULL, NULL, H), LCA_OK);
    for (int j = 0; j < 2; j++) {
        const char *name = lca_model_label(f->M, LCA_DEMANDS, LCA_LABEL_ID, j);
        int col = strstr(name, "consumption") ? 0 : 1;
        double *ref = read_expected(f->ctx,
                                    DERIVED "/expected_N_times_demand.csv",
                                    24, col);
        for (int64_t i = 0; i < 24; i++) {
            assert_close(H[j * 24 + i], ref[i], 1e-10);
        }
        free(ref);
    }
    lca_calc_destroy(&c);
}

// N from 24 transposed solves equals the published N = D L, entry by entry
// relative to its row's largest entry; D = C B equals the published D.
static void test_useeio_factors_match_published_N(void **state) {
    fixture *f = *state;
    int64_t n = 388, k = 24;
    double *N = malloc(sizeof *N * (size_t)(k * n));
    double *D = malloc(sizeof *D * (size_t)(k * n));
    double *Nref = read_json_matrix(RAW "/matrix/N.json", k, n);
    double *Dref = read_json_matrix(RAW "/matrix/D.json", k, n);
    for (int kind = 1; kind <= 2; kind++) {
        lca_calc *c = calc_with(f, (lca_solver_kind)kind);
        assert_int_equal(lca_calc_factors(c, k, NULL, N, D), LCA_OK);
        double worst = 0.0, worst_d = 0.0;
        for (int64_t i = 0; i < k; i++) {
            worst = fmax(worst, normwise_error(n, N + i * n, 1,
                                               Nref + i * n, 1));
            worst_d = fmax(worst_d, normwise_error(n, D + i * n, 1,
                                                   Dref + i * n, 1));
        }
        print_message("N (%s): worst row rel. error %.3g; D %.3g\n",
                      kind == 1 ? "sparse" : "dense", worst, worst_d);
        assert_true(worst <= 1e-10);
        assert_true(worst_d <= 1e-12);
        lca_calc_destroy(&c);
    }
    free(N);
    free(D);
    free(Nref);
    free(Dref);
}

static void test_useeio_sparse_and_dense_agree(void **state) {
    fixture *f = *state;
    int64_t n = 388, k = 24, idx[] = {0, 1};
    double *N1 = malloc(sizeof *N1 * (size_t)(k * n));
    double *N2 = malloc(sizeof *N2 * (size_t)(k * n));
    double *S1 = malloc(sizeof *S1 * (size_t)(2 * n));
    double *S2 = malloc(sizeof *S2 * (size_t)(2 * n));
    double H[48];
    lca_calc *cs = calc_with(f, LCA_SOLVER_SPARSE);
    lca_calc *cd = calc_with(f, LCA_SOLVER_DENSE);
    assert_int_equal(lca_calc_factors(cs, k, NULL, N1, NULL), LCA_OK);
    assert_int_equal(lca_calc_factors(cd, k, NULL, N2, NULL), LCA_OK);
    assert_int_equal(lca_calc_demands(cs, 2, idx, S1, NULL, H), LCA_OK);
    assert_int_equal(lca_calc_demands(cd, 2, idx, S2, NULL, H), LCA_OK);
    for (int64_t i = 0; i < k; i++) {
        assert_true(normwise_error(n, N1 + i * n, 1, N2 + i * n, 1) <= 1e-12);
    }
    for (int64_t j = 0; j < 2; j++) {
        assert_true(normwise_error(n, S1 + j * n, 1, S2 + j * n, 1) <= 1e-12);
    }
    lca_calc_destroy(&cs);
    lca_calc_destroy(&cd);
    free(N1);
    free(N2);
    free(S1);
    free(S2);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_useeio_dimensions),
        cmocka_unit_test(test_useeio_total_requirements_match_published),
        cmocka_unit_test(test_useeio_impacts_match_published),
        cmocka_unit_test(test_useeio_factors_match_published_N),
        cmocka_unit_test(test_useeio_sparse_and_dense_agree),
    };
    return cmocka_run_group_tests_name("useeio_results", tests, setup,
                                       teardown);
}
