// tests/test_model.c: the model object (engine/model.c, demand.c,
// model_check.c)
// SPDX-License-Identifier: MIT
//
// The model used throughout has n = 4 products, m = 2 flows, k = 1
// indicator. Its A has a column with a diagonal entry (0), one without
// (1, with entries above and below the diagonal), an empty column (2) and
// a column whose diagonal is its last entry (3). B is wider than it is
// tall, which the CSC constructors must handle (n > m + 1).

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "engine/model_impl.h"
#include "test_util.h"

#define N 4

static const double A_DENSE[N * N] = {
    0.1, 0.3,  0, 0,     // row 0
    0,   0,    0, 0.25,  // row 1
    0.2, 0,    0, 0,     // row 2
    0,   0.05, 0, 0.4,   // row 3
};
static const double B_DENSE[2 * N] = {1, 0, 2, 0, 0, 3, 0, 4};
static const double C_DENSE[1 * 2] = {0.5, 1.5};

static const char *const PRODUCT_IDS[N] = {"p0", "p1", "p2", "p3"};
static const char *const PRODUCT_NAMES[N] = {"steel", "coal", "power",
                                             "rail"};
static const char *const FLOW_IDS[2] = {"f0", "f1"};
static const char *const INDICATOR_IDS[1] = {"i0"};

static lca_model *model_make(lca_ctx *ctx, lca_convention conv) {
    return model_from_dense(ctx, conv, N, 2, 1, A_DENSE, B_DENSE, C_DENSE);
}

static void set_all_ids(lca_model *M) {
    assert_int_equal(
        lca_model_set_labels(M, LCA_PRODUCTS, LCA_LABEL_ID, PRODUCT_IDS),
        LCA_OK);
    assert_int_equal(
        lca_model_set_labels(M, LCA_FLOWS, LCA_LABEL_ID, FLOW_IDS), LCA_OK);
    assert_int_equal(lca_model_set_labels(M, LCA_INDICATORS, LCA_LABEL_ID,
                                          INDICATOR_IDS),
                     LCA_OK);
}

static int has(const char *haystack, const char *needle) {
    if (strstr(haystack, needle) != NULL) return 1;
    print_error("'%s' does not contain '%s'\n", haystack, needle);
    return 0;
}

// ---- create ----------------------------------------------------------------

// Create from empty matrices of the given shapes must fail with DIM and a
// message containing want.
static void expect_dim_error(lca_ctx *ctx, int64_t an, int64_t am,
                             int64_t bm, int64_t bn, int64_t cm, int64_t cn,
                             const char *want) {
    lca_csc *A = NULL, *B = NULL, *C = NULL;
    assert_int_equal(lca_csc_create(ctx, an, am, 0, &A), LCA_OK);
    assert_int_equal(lca_csc_create(ctx, bm, bn, 0, &B), LCA_OK);
    assert_int_equal(lca_csc_create(ctx, cm, cn, 0, &C), LCA_OK);
    for (int conv = 0; conv < 2; conv++) {
        lca_model *M = (lca_model *)1;
        assert_int_equal(
            lca_model_create(ctx, (lca_convention)conv, A, B, C, &M),
            LCA_ERR_DIM);
        assert_null(M);
        assert_true(has(lca_ctx_errmsg(ctx), want));
    }
    lca_csc_destroy(&A);
    lca_csc_destroy(&B);
    lca_csc_destroy(&C);
}

static void test_model_create_rejects_nonsquare_A(void **state) {
    expect_dim_error(*state, 3, 4, 2, 4, 1, 2, "A is 3 x 4, not square");
}

static void test_model_create_rejects_B_columns_other_than_n(void **state) {
    expect_dim_error(*state, 4, 4, 2, 3, 1, 2,
                     "B has 3 columns but A has 4");
}

static void test_model_create_rejects_C_columns_other_than_m(void **state) {
    expect_dim_error(*state, 4, 4, 2, 4, 1, 3,
                     "C has 3 columns but B has 2 rows");
}

static void test_model_create_rejects_unknown_convention(void **state) {
    lca_ctx *ctx = *state;
    lca_csc *A = NULL;
    assert_int_equal(lca_csc_create(ctx, 0, 0, 0, &A), LCA_OK);
    lca_model *M = (lca_model *)1;
    assert_int_equal(lca_model_create(ctx, (lca_convention)7, A, A, A, &M),
                     LCA_ERR_ARG);
    assert_null(M);
    assert_true(has(lca_ctx_errmsg(ctx), "convention"));
    lca_csc_destroy(&A);
}

static void test_model_create_copies_inputs_into_its_ctx(void **state) {
    lca_ctx *ctx = *state, *mctx = NULL;
    assert_int_equal(lca_ctx_create(&mctx), LCA_OK);
    lca_csc *A = csc_from_dense(ctx, N, N, A_DENSE);
    lca_csc *B = csc_from_dense(ctx, 2, N, B_DENSE);
    lca_csc *C = csc_from_dense(ctx, 1, 2, C_DENSE);
    lca_model *M = NULL;
    assert_int_equal(lca_model_create(mctx, LCA_IO_COEFFICIENTS, A, B, C, &M),
                     LCA_OK);
    lca_csc_destroy(&A);  // the model keeps copies, not these
    lca_csc_destroy(&B);
    lca_csc_destroy(&C);
    assert_ptr_equal(lca_model_ctx(M), mctx);
    assert_ptr_equal(lca_csc_ctx(lca_model_A(M)), mctx);
    assert_ptr_equal(lca_csc_ctx(lca_model_B(M)), mctx);
    assert_ptr_equal(lca_csc_ctx(lca_model_C(M)), mctx);
    assert_ptr_equal(lca_csc_ctx(lca_model_tech(M)), mctx);
    assert_int_equal(lca_model_dim(M, LCA_PRODUCTS), N);
    assert_int_equal(lca_model_dim(M, LCA_FLOWS), 2);
    assert_int_equal(lca_model_dim(M, LCA_INDICATORS), 1);
    assert_int_equal(lca_model_dim(M, LCA_DEMANDS), 0);
    double col[N];
    for (int64_t j = 0; j < N; j++) {
        lca_csc_column_dense(lca_model_A(M), j, col);
        for (int64_t i = 0; i < N; i++) {
            assert_true(col[i] == A_DENSE[i * N + j]);
        }
    }
    lca_model_destroy(&M);
    assert_null(M);
    lca_model_destroy(&M);  // NULL: nothing to do
    lca_model_destroy(NULL);
    lca_ctx_destroy(&mctx);
}

static void test_model_convention_str_and_parse(void **state) {
    (void)state;
    lca_convention conv = LCA_TECHNOSPHERE;
    assert_int_equal(lca_convention_parse("io_coefficients", &conv), LCA_OK);
    assert_int_equal(conv, LCA_IO_COEFFICIENTS);
    assert_string_equal(lca_convention_str(conv), "io_coefficients");
    assert_int_equal(lca_convention_parse("technosphere", &conv), LCA_OK);
    assert_int_equal(conv, LCA_TECHNOSPHERE);
    assert_string_equal(lca_convention_str(conv), "technosphere");
    assert_int_equal(lca_convention_parse("leontief", &conv), LCA_ERR_ARG);
}

// ---- the technosphere form T -----------------------------------------------

// Every entry of T equals [i == j] - A(i,j), bit for bit, and T has the
// whole diagonal in its pattern.
static void test_model_io_tech_is_I_minus_A(void **state) {
    lca_model *M = model_make(*state, LCA_IO_COEFFICIENTS);
    assert_int_equal(lca_model_convention(M), LCA_IO_COEFFICIENTS);
    const lca_csc *T = lca_model_tech(M);
    assert_true(T != lca_model_A(M));
    assert_int_equal(lca_csc_check(T), LCA_OK);
    assert_int_equal(lca_csc_nrows(T), N);
    assert_int_equal(lca_csc_ncols(T), N);
    assert_int_equal(lca_csc_nnz(T), 6 + 2);  // A's 6 plus 2 new diagonals
    double col[N];
    for (int64_t j = 0; j < N; j++) {
        assert_true(lca_csc_find(T, j, j) >= 0);
        lca_csc_column_dense(T, j, col);
        for (int64_t i = 0; i < N; i++) {
            double want = (i == j ? 1.0 : 0.0) - A_DENSE[i * N + j];
            assert_true(col[i] == want);
        }
    }
    // Column by column: the exact pattern and values, in row order.
    const int64_t *Tp = lca_csc_colptr(T), *Ti = lca_csc_rowidx(T);
    const double *Tx = lca_csc_values(T);
    const int64_t want_p[] = {0, 2, 5, 6, 8};
    const int64_t want_i[] = {0, 2, 0, 1, 3, 2, 1, 3};
    const double want_x[] = {1.0 - 0.1, -0.2, -0.3,       1.0,
                             -0.05,     1.0,  -0.25, 1.0 - 0.4};
    for (int64_t j = 0; j <= N; j++) assert_int_equal(Tp[j], want_p[j]);
    for (int64_t p = 0; p < 8; p++) {
        assert_int_equal(Ti[p], want_i[p]);
        assert_true(Tx[p] == want_x[p]);
    }
    // A itself is kept as given.
    assert_int_equal(lca_csc_nnz(lca_model_A(M)), 6);
    lca_model_destroy(&M);
}

static void test_model_io_tech_of_zero_A_is_identity(void **state) {
    lca_ctx *ctx = *state;
    double zeros[N * N] = {0};
    lca_model *M = model_from_dense(ctx, LCA_IO_COEFFICIENTS, N, 2, 1, zeros,
                                    B_DENSE, C_DENSE);
    const lca_csc *T = lca_model_tech(M);
    assert_int_equal(lca_csc_check(T), LCA_OK);
    assert_int_equal(lca_csc_nnz(T), N);
    for (int64_t j = 0; j < N; j++) {
        assert_int_equal(lca_csc_find(T, j, j), j);
        assert_true(lca_csc_values(T)[j] == 1.0);
    }
    lca_model_destroy(&M);
}

static void test_model_technosphere_tech_is_A(void **state) {
    lca_model *M = model_make(*state, LCA_TECHNOSPHERE);
    assert_int_equal(lca_model_convention(M), LCA_TECHNOSPHERE);
    const lca_csc *T = lca_model_tech(M), *A = lca_model_A(M);
    assert_ptr_equal(T, A);
    double col[N];
    for (int64_t j = 0; j < N; j++) {
        lca_csc_column_dense(T, j, col);
        for (int64_t i = 0; i < N; i++) {
            assert_true(col[i] == A_DENSE[i * N + j]);
        }
    }
    lca_model_destroy(&M);
}

// A new set of values for A's pattern gives T's values through the map:
// every slot of Tx is written, and Tx = I - A' exactly.
static void test_model_tech_values_maps_new_A_values(void **state) {
    lca_model *M = model_make(*state, LCA_IO_COEFFICIENTS);
    const lca_csc *A = lca_model_A(M), *T = lca_model_tech(M);
    int64_t nnzA = lca_csc_nnz(A), nnzT = lca_csc_nnz(T);
    double Ax2[6], Tx[8];
    for (int64_t p = 0; p < nnzA; p++) {
        Ax2[p] = 2.0 * lca_csc_values(A)[p] + 0.01 * (double)p;
    }
    for (int64_t p = 0; p < nnzT; p++) Tx[p] = NAN;
    lca__model_tech_values(M, Ax2, Tx);
    const int64_t *Tp = lca_csc_colptr(T), *Ti = lca_csc_rowidx(T);
    for (int64_t j = 0; j < N; j++) {
        for (int64_t p = Tp[j]; p < Tp[j + 1]; p++) {
            int64_t i = Ti[p], q = lca_csc_find(A, i, j);
            double a = (q >= 0) ? Ax2[q] : 0.0;
            assert_true(Tx[p] == (i == j ? 1.0 : 0.0) - a);
        }
    }
    // The model's own T is untouched by the call.
    assert_true(lca_csc_values(T)[0] == 1.0 - 0.1);
    lca_model_destroy(&M);

    M = model_make(*state, LCA_TECHNOSPHERE);
    A = lca_model_A(M);
    for (int64_t p = 0; p < nnzA; p++) Tx[p] = NAN;
    lca__model_tech_values(M, Ax2, Tx);
    for (int64_t p = 0; p < nnzA; p++) assert_true(Tx[p] == Ax2[p]);
    lca_model_destroy(&M);
}

// ---- labels ----------------------------------------------------------------

static void test_model_labels_set_get_and_lookup(void **state) {
    lca_ctx *ctx = *state;
    lca_model *M = model_make(ctx, LCA_IO_COEFFICIENTS);
    assert_string_equal(lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_ID, 2), "");
    set_all_ids(M);
    assert_int_equal(lca_model_set_labels(M, LCA_PRODUCTS, LCA_LABEL_NAME,
                                          PRODUCT_NAMES),
                     LCA_OK);
    const char *const comps[2] = {"air", "water/fresh"};
    assert_int_equal(
        lca_model_set_labels(M, LCA_FLOWS, LCA_LABEL_COMPARTMENT, comps),
        LCA_OK);
    for (int64_t i = 0; i < N; i++) {
        assert_string_equal(lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_ID, i),
                            PRODUCT_IDS[i]);
        assert_string_equal(
            lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_NAME, i),
            PRODUCT_NAMES[i]);
        assert_string_equal(
            lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_UNIT, i), "");
    }
    assert_string_equal(
        lca_model_label(M, LCA_FLOWS, LCA_LABEL_COMPARTMENT, 1),
        "water/fresh");
    assert_string_equal(lca_model_label(M, LCA_INDICATORS, LCA_LABEL_ID, 0),
                        "i0");
    int64_t idx = -1;
    assert_int_equal(lca_model_lookup(M, LCA_PRODUCTS, "p2", &idx), LCA_OK);
    assert_int_equal(idx, 2);
    assert_int_equal(lca_model_lookup(M, LCA_PRODUCTS, "coal", &idx),
                     LCA_OK);
    assert_int_equal(idx, 1);
    assert_int_equal(lca_model_lookup(M, LCA_FLOWS, "f1", &idx), LCA_OK);
    assert_int_equal(idx, 1);
    // Setting again replaces the old strings (and frees them).
    const char *const renamed[N] = {"a", "b", "c", "d"};
    assert_int_equal(
        lca_model_set_labels(M, LCA_PRODUCTS, LCA_LABEL_NAME, renamed),
        LCA_OK);
    assert_string_equal(lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_NAME, 3),
                        "d");
    assert_int_equal(lca_model_lookup(M, LCA_PRODUCTS, "d", &idx), LCA_OK);
    assert_int_equal(idx, 3);
    lca_model_destroy(&M);
}

static void test_model_lookup_unknown_key_names_it(void **state) {
    lca_ctx *ctx = *state;
    lca_model *M = model_make(ctx, LCA_TECHNOSPHERE);
    int64_t idx = 0;
    // Unset labels read as "", but "" is no key.
    assert_int_equal(lca_model_lookup(M, LCA_PRODUCTS, "", &idx),
                     LCA_ERR_NOTFOUND);
    assert_int_equal(idx, -1);
    set_all_ids(M);
    assert_int_equal(lca_model_lookup(M, LCA_PRODUCTS, "zinc", &idx),
                     LCA_ERR_NOTFOUND);
    assert_int_equal(idx, -1);
    assert_true(has(lca_ctx_errmsg(ctx), "'zinc'"));
    assert_true(has(lca_ctx_errmsg(ctx), "product"));
    assert_int_equal(lca_model_lookup(M, LCA_FLOWS, "CO2", &idx),
                     LCA_ERR_NOTFOUND);
    assert_true(has(lca_ctx_errmsg(ctx), "flow"));
    assert_true(has(lca_ctx_errmsg(ctx), "'CO2'"));
    lca_model_destroy(&M);
}

static void test_model_set_labels_refuses_bad_axis_or_label(void **state) {
    lca_ctx *ctx = *state;
    lca_model *M = model_make(ctx, LCA_TECHNOSPHERE);
    int64_t idx[] = {0};
    double val[] = {1.0};
    assert_int_equal(lca_model_add_demand(M, "d0", 1, idx, val), LCA_OK);
    const char *const names[1] = {"renamed"};
    assert_int_equal(
        lca_model_set_labels(M, LCA_DEMANDS, LCA_LABEL_ID, names),
        LCA_ERR_ARG);
    assert_true(has(lca_ctx_errmsg(ctx), "demand"));
    assert_int_equal(
        lca_model_set_labels(M, LCA_DEMANDS, LCA_LABEL_NAME, names),
        LCA_ERR_ARG);
    assert_string_equal(lca_model_label(M, LCA_DEMANDS, LCA_LABEL_ID, 0),
                        "d0");
    // Compartments are for flows only.
    assert_int_equal(lca_model_set_labels(M, LCA_PRODUCTS,
                                          LCA_LABEL_COMPARTMENT, PRODUCT_IDS),
                     LCA_ERR_ARG);
    assert_int_equal(lca_model_set_labels(M, LCA_PRODUCTS, (lca_label)9,
                                          PRODUCT_IDS),
                     LCA_ERR_ARG);
    // A NULL string is refused and the old labels stay.
    const char *const holes[N] = {"x", "y", NULL, "z"};
    set_all_ids(M);
    assert_int_equal(
        lca_model_set_labels(M, LCA_PRODUCTS, LCA_LABEL_ID, holes),
        LCA_ERR_ARG);
    assert_true(has(lca_ctx_errmsg(ctx), "product label 2"));
    assert_string_equal(lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_ID, 0),
                        "p0");
    assert_int_equal(
        lca_model_set_labels(M, LCA_PRODUCTS, LCA_LABEL_ID, NULL),
        LCA_ERR_ARG);
    lca_model_destroy(&M);
}

// ---- demands ---------------------------------------------------------------

static void assert_demand_dense(const lca_model *M, int64_t j,
                                const double *want) {
    double f[N];
    lca_model_demand_dense(M, j, f);
    for (int64_t i = 0; i < N; i++) assert_true(f[i] == want[i]);
}

static void test_model_add_demand_sorts_and_sums(void **state) {
    lca_model *M = model_make(*state, LCA_IO_COEFFICIENTS);
    int64_t i0[] = {3, 0, 3};
    double v0[] = {1.0, 2.0, 4.0};
    assert_int_equal(lca_model_add_demand(M, "d0", 3, i0, v0), LCA_OK);
    int64_t i1[] = {1};
    double v1[] = {7.0};
    assert_int_equal(lca_model_add_demand(M, "d1", 1, i1, v1), LCA_OK);
    assert_int_equal(lca_model_add_demand(M, "empty", 0, NULL, NULL),
                     LCA_OK);
    int64_t i3[] = {2, 1, 0, 3};
    double v3[] = {-1.0, 0.0, 3.5, 2.0};  // an explicit zero is kept
    assert_int_equal(lca_model_add_demand(M, "d3", 4, i3, v3), LCA_OK);

    assert_int_equal(lca_model_dim(M, LCA_DEMANDS), 4);
    const lca_csc *F = lca_model_demands(M);
    assert_int_equal(lca_csc_check(F), LCA_OK);
    assert_int_equal(lca_csc_nrows(F), N);
    assert_int_equal(lca_csc_ncols(F), 4);
    const int64_t want_p[] = {0, 2, 3, 3, 7};
    const int64_t want_i[] = {0, 3, 1, 0, 1, 2, 3};
    for (int64_t j = 0; j <= 4; j++) {
        assert_int_equal(lca_csc_colptr(F)[j], want_p[j]);
    }
    for (int64_t p = 0; p < 7; p++) {
        assert_int_equal(lca_csc_rowidx(F)[p], want_i[p]);
    }
    assert_demand_dense(M, 0, (const double[]){2.0, 0, 0, 5.0});
    assert_demand_dense(M, 1, (const double[]){0, 7.0, 0, 0});
    assert_demand_dense(M, 2, (const double[]){0, 0, 0, 0});
    assert_demand_dense(M, 3, (const double[]){3.5, 0.0, -1.0, 2.0});
    assert_string_equal(lca_model_label(M, LCA_DEMANDS, LCA_LABEL_ID, 2),
                        "empty");
    int64_t j = -1;
    assert_int_equal(lca_model_lookup(M, LCA_DEMANDS, "d1", &j), LCA_OK);
    assert_int_equal(j, 1);
    lca_model_destroy(&M);
}

static void test_model_add_demand_refuses_duplicate_name(void **state) {
    lca_ctx *ctx = *state;
    lca_model *M = model_make(ctx, LCA_IO_COEFFICIENTS);
    int64_t idx[] = {1};
    double val[] = {1.0}, other[] = {9.0};
    assert_int_equal(lca_model_add_demand(M, "d0", 1, idx, val), LCA_OK);
    assert_int_equal(lca_model_add_demand(M, "d0", 1, idx, other),
                     LCA_ERR_ARG);
    assert_true(has(lca_ctx_errmsg(ctx), "'d0'"));
    assert_int_equal(lca_model_dim(M, LCA_DEMANDS), 1);
    assert_int_equal(lca_csc_nnz(lca_model_demands(M)), 1);
    assert_demand_dense(M, 0, (const double[]){0, 1.0, 0, 0});
    assert_int_equal(lca_model_add_demand(M, "", 1, idx, val), LCA_ERR_ARG);
    assert_int_equal(lca_model_add_demand(M, NULL, 1, idx, val), LCA_ERR_ARG);
    assert_int_equal(lca_model_add_demand(M, "neg", -1, idx, val),
                     LCA_ERR_ARG);
    assert_int_equal(lca_model_dim(M, LCA_DEMANDS), 1);
    lca_model_destroy(&M);
}

static void test_model_add_demand_refuses_index_outside(void **state) {
    lca_ctx *ctx = *state;
    lca_model *M = model_make(ctx, LCA_IO_COEFFICIENTS);
    int64_t ok[] = {0, 2};
    double val[] = {1.0, 2.0};
    assert_int_equal(lca_model_add_demand(M, "d0", 2, ok, val), LCA_OK);
    const int64_t bad[][2] = {{1, N}, {-1, 0}, {0, 1000}};
    for (int b = 0; b < 3; b++) {
        assert_int_equal(lca_model_add_demand(M, "bad", 2, bad[b], val),
                         LCA_ERR_ARG);
        assert_true(has(lca_ctx_errmsg(ctx), "demand 'bad'"));
        // The model is as it was.
        assert_int_equal(lca_model_dim(M, LCA_DEMANDS), 1);
        const lca_csc *F = lca_model_demands(M);
        assert_int_equal(lca_csc_ncols(F), 1);
        assert_int_equal(lca_csc_nnz(F), 2);
        assert_int_equal(lca_csc_check(F), LCA_OK);
        int64_t j = 0;
        assert_int_equal(lca_model_lookup(M, LCA_DEMANDS, "bad", &j),
                         LCA_ERR_NOTFOUND);
        assert_demand_dense(M, 0, (const double[]){1.0, 0, 2.0, 0});
    }
    // The name is still free.
    assert_int_equal(lca_model_add_demand(M, "bad", 2, ok, val), LCA_OK);
    lca_model_destroy(&M);
}

static void test_model_add_demand_grows_past_capacity(void **state) {
    lca_model *M = model_make(*state, LCA_TECHNOSPHERE);
    enum { D = 100 };
    for (int64_t d = 0; d < D; d++) {
        char name[32];
        snprintf(name, sizeof name, "demand-%03d", (int)d);
        int64_t idx[] = {d % N, (3 * d) % N};  // the same row for even d
        double val[] = {(double)d + 1.0, 0.5};
        assert_int_equal(lca_model_add_demand(M, name, 2, idx, val), LCA_OK);
        assert_int_equal(lca_model_dim(M, LCA_DEMANDS), d + 1);
    }
    const lca_csc *F = lca_model_demands(M);
    assert_int_equal(lca_csc_check(F), LCA_OK);
    assert_int_equal(lca_csc_ncols(F), D);
    assert_int_equal(lca_csc_nnz(F), D / 2 + D);  // even d: 1 entry, odd: 2
    for (int64_t d = 0; d < D; d++) {
        double want[N] = {0};
        want[d % N] += (double)d + 1.0;
        want[(3 * d) % N] += 0.5;
        assert_demand_dense(M, d, want);
        char name[32];
        snprintf(name, sizeof name, "demand-%03d", (int)d);
        assert_string_equal(lca_model_label(M, LCA_DEMANDS, LCA_LABEL_ID, d),
                            name);
        int64_t j = -1;
        assert_int_equal(lca_model_lookup(M, LCA_DEMANDS, name, &j), LCA_OK);
        assert_int_equal(j, d);
    }
    lca_model_destroy(&M);
}

static void test_model_demand_sets_add_lookup_and_refuse(void **state) {
    lca_ctx *ctx = *state;
    lca_model *M = model_make(ctx, LCA_IO_COEFFICIENTS);
    int64_t idx[] = {0};
    double val[] = {1.0};
    assert_int_equal(lca_model_add_demand(M, "a", 1, idx, val), LCA_OK);
    assert_int_equal(lca_model_add_demand(M, "b", 1, idx, val), LCA_OK);
    assert_int_equal(lca_model_add_demand(M, "c", 1, idx, val), LCA_OK);
    assert_int_equal(lca_model_ndemand_sets(M), 0);

    const int64_t key[] = {2, 0};
    assert_int_equal(lca_model_add_demand_set(M, "key", 2, key), LCA_OK);
    assert_int_equal(lca_model_add_demand_set(M, "none", 0, NULL), LCA_OK);
    assert_int_equal(lca_model_ndemand_sets(M), 2);
    assert_string_equal(lca_model_demand_set_name(M, 0), "key");
    int64_t count = -1;
    const int64_t *got = lca_model_demand_set(M, 0, &count);
    assert_int_equal(count, 2);
    assert_int_equal(got[0], 2);
    assert_int_equal(got[1], 0);
    lca_model_demand_set(M, 1, &count);
    assert_int_equal(count, 0);
    int64_t s = -1;
    assert_int_equal(lca_model_lookup_demand_set(M, "none", &s), LCA_OK);
    assert_int_equal(s, 1);

    assert_int_equal(lca_model_add_demand_set(M, "key", 1, key), LCA_ERR_ARG);
    assert_true(has(lca_ctx_errmsg(ctx), "'key'"));
    const int64_t outside[] = {0, 3}, negative[] = {-1};
    assert_int_equal(lca_model_add_demand_set(M, "bad", 2, outside),
                     LCA_ERR_ARG);
    assert_true(has(lca_ctx_errmsg(ctx), "entry 1 is demand 3"));
    assert_int_equal(lca_model_add_demand_set(M, "bad", 1, negative),
                     LCA_ERR_ARG);
    assert_int_equal(lca_model_add_demand_set(M, "bad", -1, key),
                     LCA_ERR_ARG);
    assert_int_equal(lca_model_add_demand_set(M, NULL, 1, key), LCA_ERR_ARG);
    assert_int_equal(lca_model_ndemand_sets(M), 2);
    assert_int_equal(lca_model_lookup_demand_set(M, "bad", &s),
                     LCA_ERR_NOTFOUND);
    assert_int_equal(s, -1);
    assert_true(has(lca_ctx_errmsg(ctx), "'bad'"));
    lca_model_destroy(&M);
}

// ---- attributes ------------------------------------------------------------

static void test_model_attrs_set_overwrite_and_get(void **state) {
    lca_model *M = model_make(*state, LCA_TECHNOSPHERE);
    assert_int_equal(lca_model_nattrs(M), 0);
    assert_null(lca_model_attr(M, "title"));
    assert_int_equal(lca_model_set_attr(M, "title", "first"), LCA_OK);
    assert_int_equal(lca_model_set_attr(M, "source", "USEEIO"), LCA_OK);
    assert_int_equal(lca_model_set_attr(M, "title", "second"), LCA_OK);
    assert_int_equal(lca_model_nattrs(M), 2);
    assert_string_equal(lca_model_attr(M, "title"), "second");
    assert_string_equal(lca_model_attr(M, "source"), "USEEIO");
    assert_string_equal(lca_model_attr_key(M, 0), "title");
    assert_string_equal(lca_model_attr_key(M, 1), "source");
    assert_null(lca_model_attr(M, "licence"));
    assert_int_equal(lca_model_set_attr(M, "empty", ""), LCA_OK);
    assert_string_equal(lca_model_attr(M, "empty"), "");
    assert_int_equal(lca_model_set_attr(M, "", "x"), LCA_ERR_ARG);
    assert_int_equal(lca_model_set_attr(M, NULL, "x"), LCA_ERR_ARG);
    assert_int_equal(lca_model_set_attr(M, "title", NULL), LCA_ERR_ARG);
    assert_string_equal(lca_model_attr(M, "title"), "second");
    assert_int_equal(lca_model_nattrs(M), 3);
    lca_model_destroy(&M);
}

// ---- lca_model_check -------------------------------------------------------

static void test_model_check_accepts_a_valid_model(void **state) {
    lca_model *M = model_make(*state, LCA_IO_COEFFICIENTS);
    assert_int_equal(lca_model_check(M), LCA_OK);  // no labels yet
    set_all_ids(M);
    int64_t idx[] = {1};
    double val[] = {1.0};
    assert_int_equal(lca_model_add_demand(M, "d", 1, idx, val), LCA_OK);
    assert_int_equal(lca_model_check(M), LCA_OK);
    lca_model_destroy(&M);
}

static void test_model_check_finds_nan_in_A(void **state) {
    lca_ctx *ctx = *state;
    double Ad[N * N];
    memcpy(Ad, A_DENSE, sizeof Ad);
    Ad[2 * N + 0] = NAN;  // A(2, 0)
    lca_model *M =
        model_from_dense(ctx, LCA_IO_COEFFICIENTS, N, 2, 1, Ad, B_DENSE,
                         C_DENSE);
    set_all_ids(M);
    assert_int_equal(lca_model_check(M), LCA_ERR_INVALID);
    const char *msg = lca_ctx_errmsg(ctx);
    assert_true(has(msg, "A(2, 0)"));
    assert_true(has(msg, "row 'p2'"));
    assert_true(has(msg, "column 'p0'"));
    lca_model_destroy(&M);
}

static void test_model_check_finds_nan_in_B(void **state) {
    lca_ctx *ctx = *state;
    double Bd[2 * N];
    memcpy(Bd, B_DENSE, sizeof Bd);
    Bd[1 * N + 3] = INFINITY;  // B(1, 3)
    lca_model *M = model_from_dense(ctx, LCA_TECHNOSPHERE, N, 2, 1, A_DENSE,
                                    Bd, C_DENSE);
    set_all_ids(M);
    assert_int_equal(lca_model_check(M), LCA_ERR_INVALID);
    const char *msg = lca_ctx_errmsg(ctx);
    assert_true(has(msg, "B(1, 3)"));
    assert_true(has(msg, "row 'f1'"));
    assert_true(has(msg, "column 'p3'"));
    lca_model_destroy(&M);
}

static void test_model_check_finds_nan_in_C(void **state) {
    lca_ctx *ctx = *state;
    const double Cd[2] = {0.5, NAN};  // C(0, 1)
    lca_model *M = model_from_dense(ctx, LCA_TECHNOSPHERE, N, 2, 1, A_DENSE,
                                    B_DENSE, Cd);
    set_all_ids(M);
    assert_int_equal(lca_model_check(M), LCA_ERR_INVALID);
    const char *msg = lca_ctx_errmsg(ctx);
    assert_true(has(msg, "C(0, 1)"));
    assert_true(has(msg, "row 'i0'"));
    assert_true(has(msg, "column 'f1'"));
    lca_model_destroy(&M);
}

static void test_model_check_finds_nan_in_demands(void **state) {
    lca_ctx *ctx = *state;
    lca_model *M = model_make(ctx, LCA_IO_COEFFICIENTS);
    set_all_ids(M);
    int64_t i0[] = {0}, i1[] = {3, 2};
    double v0[] = {1.0}, v1[] = {1.0, NAN};
    assert_int_equal(lca_model_add_demand(M, "fine", 1, i0, v0), LCA_OK);
    assert_int_equal(lca_model_add_demand(M, "broken", 2, i1, v1), LCA_OK);
    assert_int_equal(lca_model_check(M), LCA_ERR_INVALID);
    const char *msg = lca_ctx_errmsg(ctx);
    assert_true(has(msg, "demand 'broken'"));
    assert_true(has(msg, "product 'p2'"));
    lca_model_destroy(&M);
}

static void test_model_check_finds_duplicate_and_empty_ids(void **state) {
    lca_ctx *ctx = *state;
    lca_model *M = model_make(ctx, LCA_IO_COEFFICIENTS);
    set_all_ids(M);
    const char *const dup[N] = {"p0", "p1", "p0", "p3"};
    assert_int_equal(lca_model_set_labels(M, LCA_PRODUCTS, LCA_LABEL_ID, dup),
                     LCA_OK);
    assert_int_equal(lca_model_check(M), LCA_ERR_INVALID);
    assert_true(has(lca_ctx_errmsg(ctx), "product id 'p0'"));
    const char *const flows[2] = {"CO2", "CO2"};
    assert_int_equal(lca_model_set_labels(M, LCA_PRODUCTS, LCA_LABEL_ID,
                                          PRODUCT_IDS),
                     LCA_OK);
    assert_int_equal(lca_model_set_labels(M, LCA_FLOWS, LCA_LABEL_ID, flows),
                     LCA_OK);
    assert_int_equal(lca_model_check(M), LCA_ERR_INVALID);
    assert_true(has(lca_ctx_errmsg(ctx), "flow id 'CO2'"));
    const char *const empty[1] = {""};
    assert_int_equal(
        lca_model_set_labels(M, LCA_FLOWS, LCA_LABEL_ID, FLOW_IDS), LCA_OK);
    assert_int_equal(
        lca_model_set_labels(M, LCA_INDICATORS, LCA_LABEL_ID, empty), LCA_OK);
    assert_int_equal(lca_model_check(M), LCA_ERR_INVALID);
    assert_true(has(lca_ctx_errmsg(ctx), "indicator 0 has an empty id"));
    // Duplicate names are fine: only ids are keys.
    set_all_ids(M);
    const char *const names[N] = {"same", "same", "same", "same"};
    assert_int_equal(
        lca_model_set_labels(M, LCA_PRODUCTS, LCA_LABEL_NAME, names), LCA_OK);
    assert_int_equal(lca_model_check(M), LCA_OK);
    lca_model_destroy(&M);
}

// ---- allocation failures ---------------------------------------------------

// The inputs live in the test's ctx, the model in its own ctx with the
// failing allocator, so the live count is the model's alone.
static void create_survives_every_failed_alloc(lca_ctx *ctx,
                                               lca_convention conv) {
    lca_csc *A = csc_from_dense(ctx, N, N, A_DENSE);
    lca_csc *B = csc_from_dense(ctx, 2, N, B_DENSE);
    lca_csc *C = csc_from_dense(ctx, 1, 2, C_DENSE);
    lca_ctx *mctx = NULL;
    assert_int_equal(lca_ctx_create(&mctx), LCA_OK);
    test_alloc ta;
    for (int64_t k = 0;; k++) {
        test_alloc_install(mctx, &ta, k);
        lca_model *M = (lca_model *)1;
        lca_status st = lca_model_create(mctx, conv, A, B, C, &M);
        if (st == LCA_OK) {
            assert_true(k > 10);
            assert_int_equal(lca_csc_check(lca_model_tech(M)), LCA_OK);
            lca_model_destroy(&M);
            assert_int_equal(ta.live, 0);
            break;
        }
        assert_int_equal(st, LCA_ERR_NOMEM);
        assert_null(M);
        assert_int_equal(ta.live, 0);
        assert_true(lca_ctx_errmsg(mctx)[0] != '\0');
    }
    lca_ctx_destroy(&mctx);
    lca_csc_destroy(&A);
    lca_csc_destroy(&B);
    lca_csc_destroy(&C);
}

static void test_model_create_survives_every_failed_alloc(void **state) {
    create_survives_every_failed_alloc(*state, LCA_TECHNOSPHERE);
    create_survives_every_failed_alloc(*state, LCA_IO_COEFFICIENTS);
}

// Add demand `name` with the k-th allocation failing, k = 0, 1, ...: each
// failure is NOMEM and leaves the demands as they were.
static void add_demand_until_success(lca_model *M, test_alloc *ta,
                                     const char *name) {
    int64_t idx[] = {3, 1, 3};
    double val[] = {1.0, 2.0, 3.0};
    int64_t d = lca_model_dim(M, LCA_DEMANDS);
    int64_t nnz = lca_csc_nnz(lca_model_demands(M));
    for (int64_t k = 0;; k++) {
        test_alloc_fail_at(ta, k);
        lca_status st = lca_model_add_demand(M, name, 3, idx, val);
        test_alloc_fail_at(ta, -1);
        if (st == LCA_OK) break;
        assert_int_equal(st, LCA_ERR_NOMEM);
        const lca_csc *F = lca_model_demands(M);
        assert_int_equal(lca_model_dim(M, LCA_DEMANDS), d);
        assert_int_equal(lca_csc_nnz(F), nnz);
        assert_int_equal(lca_csc_check(F), LCA_OK);
        int64_t j = 0;
        assert_int_equal(lca_model_lookup(M, LCA_DEMANDS, name, &j),
                         LCA_ERR_NOTFOUND);
        for (int64_t e = 0; e < d; e++) {
            assert_demand_dense(M, e, (const double[]){0, 2.0, 0, 4.0});
        }
    }
    assert_int_equal(lca_model_dim(M, LCA_DEMANDS), d + 1);
    assert_demand_dense(M, d, (const double[]){0, 2.0, 0, 4.0});
}

static void test_model_add_demand_survives_every_failed_alloc(void **state) {
    lca_ctx *ctx = *state;
    test_alloc ta;
    test_alloc_install(ctx, &ta, -1);
    lca_model *M = model_make(ctx, LCA_IO_COEFFICIENTS);
    // The first demand grows from nothing, the third past capacity 2, the
    // seventh past capacity 6.
    const char *names[] = {"d0", "d1", "d2", "d3", "d4", "d5", "d6"};
    for (int i = 0; i < 7; i++) add_demand_until_success(M, &ta, names[i]);
    lca_model_destroy(&M);
    assert_int_equal(ta.live, 0);
    lca_ctx_set_allocator(ctx, NULL);
}

static void set_labels_until_success(lca_model *M, test_alloc *ta,
                                     lca_label label,
                                     const char *const *values,
                                     const char *const *before) {
    for (int64_t k = 0;; k++) {
        test_alloc_fail_at(ta, k);
        lca_status st = lca_model_set_labels(M, LCA_PRODUCTS, label, values);
        test_alloc_fail_at(ta, -1);
        if (st == LCA_OK) break;
        assert_int_equal(st, LCA_ERR_NOMEM);
        for (int64_t i = 0; i < N; i++) {
            assert_string_equal(lca_model_label(M, LCA_PRODUCTS, label, i),
                                before != NULL ? before[i] : "");
        }
    }
    for (int64_t i = 0; i < N; i++) {
        assert_string_equal(lca_model_label(M, LCA_PRODUCTS, label, i),
                            values[i]);
    }
}

static void test_model_set_labels_survives_every_failed_alloc(void **state) {
    lca_ctx *ctx = *state;
    test_alloc ta;
    test_alloc_install(ctx, &ta, -1);
    lca_model *M = model_make(ctx, LCA_TECHNOSPHERE);
    set_labels_until_success(M, &ta, LCA_LABEL_ID, PRODUCT_IDS, NULL);
    set_labels_until_success(M, &ta, LCA_LABEL_NAME, PRODUCT_NAMES, NULL);
    const char *const renamed[N] = {"a", "b", "c", "d"};
    set_labels_until_success(M, &ta, LCA_LABEL_NAME, renamed, PRODUCT_NAMES);
    lca_model_destroy(&M);
    assert_int_equal(ta.live, 0);
    lca_ctx_set_allocator(ctx, NULL);
}

int main(void) {
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, ctx_setup, ctx_teardown)
        T(test_model_create_rejects_nonsquare_A),
        T(test_model_create_rejects_B_columns_other_than_n),
        T(test_model_create_rejects_C_columns_other_than_m),
        T(test_model_create_rejects_unknown_convention),
        T(test_model_create_copies_inputs_into_its_ctx),
        T(test_model_convention_str_and_parse),
        T(test_model_io_tech_is_I_minus_A),
        T(test_model_io_tech_of_zero_A_is_identity),
        T(test_model_technosphere_tech_is_A),
        T(test_model_tech_values_maps_new_A_values),
        T(test_model_labels_set_get_and_lookup),
        T(test_model_lookup_unknown_key_names_it),
        T(test_model_set_labels_refuses_bad_axis_or_label),
        T(test_model_add_demand_sorts_and_sums),
        T(test_model_add_demand_refuses_duplicate_name),
        T(test_model_add_demand_refuses_index_outside),
        T(test_model_add_demand_grows_past_capacity),
        T(test_model_demand_sets_add_lookup_and_refuse),
        T(test_model_attrs_set_overwrite_and_get),
        T(test_model_check_accepts_a_valid_model),
        T(test_model_check_finds_nan_in_A),
        T(test_model_check_finds_nan_in_B),
        T(test_model_check_finds_nan_in_C),
        T(test_model_check_finds_nan_in_demands),
        T(test_model_check_finds_duplicate_and_empty_ids),
        T(test_model_create_survives_every_failed_alloc),
        T(test_model_add_demand_survives_every_failed_alloc),
        T(test_model_set_labels_survives_every_failed_alloc),
#undef T
    };
    return cmocka_run_group_tests_name("model", tests, NULL, NULL);
}
