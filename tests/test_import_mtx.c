// tests/test_import_mtx.c: the Matrix Market + CSV importer (io/import/mtx.c) and
// the CSV reader under it (io/util/csv.c)
// SPDX-License-Identifier: MIT
//
// The tiny example of datasets/examples/tiny is the model whose every
// value is known (its README solves it by hand). Broken inputs are small
// files written into the test's own temporary folder; each must fail with
// the right status, leave *M NULL, and name the file and line.

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "io/util/csv_impl.h"
#include "test_util.h"

#define TINY "datasets/examples/tiny/"

static int has(const char *haystack, const char *needle) {
    if (strstr(haystack, needle) != NULL) return 1;
    print_error("'%s' does not contain '%s'\n", haystack, needle);
    return 0;
}

// The tiny example's file names; paths live in the fixture's buffers.
typedef struct tiny_paths {
    char A[4096], B[4096], C[4096];
    char products[4096], flows[4096], indicators[4096], demands[4096];
} tiny_paths;

static lca_mtx_source tiny_source(tiny_paths *p) {
    snprintf(p->A, sizeof p->A, "%s", src_path(TINY "A.mtx"));
    snprintf(p->B, sizeof p->B, "%s", src_path(TINY "B.mtx"));
    snprintf(p->C, sizeof p->C, "%s", src_path(TINY "C.mtx"));
    snprintf(p->products, 4096, "%s", src_path(TINY "products.csv"));
    snprintf(p->flows, 4096, "%s", src_path(TINY "flows.csv"));
    snprintf(p->indicators, 4096, "%s", src_path(TINY "indicators.csv"));
    snprintf(p->demands, 4096, "%s", src_path(TINY "demands.csv"));
    lca_mtx_source src = {LCA_TECHNOSPHERE, p->A,     p->B,
                          p->C,             p->products, p->flows,
                          p->indicators,    p->demands};
    return src;
}

// Write text to DIR/name (DIR from test_tmpdir) and return the path.
static const char *write_file(const char *dir, const char *name,
                              const char *text) {
    static char path[8][4096];
    static int next = 0;
    char *p = path[next++ % 8];
    snprintf(p, 4096, "%s/%s", dir, name);
    FILE *fp = fopen(p, "wb");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
    return p;
}

static double entry(const lca_csc *X, int64_t i, int64_t j) {
    int64_t p = lca_csc_find(X, i, j);
    return p < 0 ? 0.0 : lca_csc_values(X)[p];
}

// ---- the tiny example ------------------------------------------------------

static void test_import_mtx_reads_tiny_matrices(void **state) {
    lca_ctx *ctx = *state;
    tiny_paths p;
    lca_mtx_source src = tiny_source(&p);
    lca_model *M = NULL;
    assert_int_equal(lca_import_mtx(ctx, &src, &M), LCA_OK);
    assert_int_equal(lca_model_convention(M), LCA_TECHNOSPHERE);
    assert_int_equal(lca_model_dim(M, LCA_PRODUCTS), 3);
    assert_int_equal(lca_model_dim(M, LCA_FLOWS), 3);
    assert_int_equal(lca_model_dim(M, LCA_INDICATORS), 2);
    const lca_csc *A = lca_model_A(M), *B = lca_model_B(M), *C = lca_model_C(M);
    double Aref[3][3] = {{1, -0.4, -0.2}, {-0.4, 1, 0}, {0, -0.5, 1}};
    double Bref[3][3] = {{0.5, 1.5, 0.1}, {0.001, 0, 0}, {0, 1.6, 0}};
    double Cref[2][3] = {{1, 28, 0}, {0, 0, 1}};
    for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 3; j++) {
            assert_true(entry(A, i, j) == Aref[i][j]);
            assert_true(entry(B, i, j) == Bref[i][j]);
            if (i < 2) assert_true(entry(C, i, j) == Cref[i][j]);
        }
    }
    assert_int_equal(lca_csc_nnz(A), 7);
    assert_int_equal(lca_csc_nnz(B), 5);
    assert_int_equal(lca_csc_nnz(C), 3);  // array form: zeros dropped
    assert_int_equal(lca_csc_check(A), LCA_OK);
    lca_model_destroy(&M);
}

static void test_import_mtx_reads_tiny_labels_and_demands(void **state) {
    lca_ctx *ctx = *state;
    tiny_paths p;
    lca_mtx_source src = tiny_source(&p);
    lca_model *M = NULL;
    assert_int_equal(lca_import_mtx(ctx, &src, &M), LCA_OK);
    assert_string_equal(lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_ID, 0),
                        "electricity");
    assert_string_equal(lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_NAME, 0),
                        "Electricity, medium voltage");
    assert_string_equal(lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_UNIT, 2),
                        "tkm");
    assert_string_equal(lca_model_label(M, LCA_FLOWS, LCA_LABEL_ID, 1), "ch4");
    assert_string_equal(
        lca_model_label(M, LCA_FLOWS, LCA_LABEL_COMPARTMENT, 2),
        "resource/in ground");
    assert_string_equal(lca_model_label(M, LCA_FLOWS, LCA_LABEL_NAME, 0),
                        "Carbon dioxide, fossil");
    assert_string_equal(lca_model_label(M, LCA_INDICATORS, LCA_LABEL_UNIT, 0),
                        "kg CO2-eq");
    assert_int_equal(lca_model_dim(M, LCA_DEMANDS), 2);
    assert_string_equal(lca_model_label(M, LCA_DEMANDS, LCA_LABEL_ID, 0),
                        "1 kg steel");
    assert_string_equal(lca_model_label(M, LCA_DEMANDS, LCA_LABEL_ID, 1),
                        "1 kWh electricity");
    double f[3];
    lca_model_demand_dense(M, 0, f);
    assert_true(f[0] == 0.0 && f[1] == 1.0 && f[2] == 0.0);
    lca_model_demand_dense(M, 1, f);
    assert_true(f[0] == 1.0 && f[1] == 0.0 && f[2] == 0.0);
    assert_int_equal(lca_csc_nnz(lca_model_demands(M)), 2);  // empty = 0
    assert_string_equal(lca_model_attr(M, "importer"), "mtx");
    lca_model_destroy(&M);
}

// A s = f for 1 kg steel gives the README's hand-computed supply, and
// C B s its GWP100 score (a dense 3 x 3 solve, independent of the engine).
static void test_import_mtx_tiny_gives_hand_computed_answer(void **state) {
    lca_ctx *ctx = *state;
    tiny_paths p;
    lca_mtx_source src = tiny_source(&p);
    lca_model *M = NULL;
    assert_int_equal(lca_import_mtx(ctx, &src, &M), LCA_OK);
    double T[3][4];
    for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 3; j++) T[i][j] = entry(lca_model_A(M), i, j);
    }
    double f[3];
    lca_model_demand_dense(M, 0, f);
    for (int i = 0; i < 3; i++) T[i][3] = f[i];
    for (int c = 0; c < 3; c++) {  // Gauss-Jordan; the pivots are nonzero
        for (int r = 0; r < 3; r++) {
            if (r == c) continue;
            double k = T[r][c] / T[c][c];
            for (int q = 0; q < 4; q++) T[r][q] -= k * T[c][q];
        }
    }
    double s[3], g[3], h[2];
    for (int i = 0; i < 3; i++) s[i] = T[i][3] / T[i][i];
    assert_close(s[0], 0.625, 1e-14);
    assert_close(s[1], 1.25, 1e-14);
    assert_close(s[2], 0.625, 1e-14);
    lca_csc_gemv(1.0, lca_model_B(M), s, 0.0, g);
    lca_csc_gemv(1.0, lca_model_C(M), g, 0.0, h);
    assert_close(g[0], 2.25, 1e-14);
    assert_close(h[0], 2.2675, 1e-14);
    assert_close(h[1], 2.0, 1e-14);
    lca_model_destroy(&M);
}

static void test_import_mtx_numbers_missing_labels(void **state) {
    lca_ctx *ctx = *state;
    tiny_paths p;
    lca_mtx_source src = tiny_source(&p);
    src.B = src.C = NULL;
    src.products = src.flows = src.indicators = src.demands = NULL;
    lca_model *M = NULL;
    assert_int_equal(lca_import_mtx(ctx, &src, &M), LCA_OK);
    assert_int_equal(lca_model_dim(M, LCA_FLOWS), 0);
    assert_int_equal(lca_model_dim(M, LCA_INDICATORS), 0);
    assert_int_equal(lca_model_dim(M, LCA_DEMANDS), 0);
    assert_string_equal(lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_ID, 0),
                        "P0");
    assert_string_equal(lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_ID, 2),
                        "P2");
    assert_string_equal(lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_NAME, 2),
                        "");
    lca_model_destroy(&M);
}

static void test_import_mtx_alloc_failures_leak_nothing(void **state) {
    lca_ctx *ctx = *state;
    tiny_paths p;
    lca_mtx_source src = tiny_source(&p);
    test_alloc ta;
    int64_t k = 0;
    for (;; k++) {
        test_alloc_install(ctx, &ta, k);
        lca_model *M = (lca_model *)1;
        lca_status st = lca_import_mtx(ctx, &src, &M);
        if (st == LCA_OK) {
            lca_model_destroy(&M);
            assert_int_equal(ta.live, 0);
            break;
        }
        if (st != LCA_ERR_NOMEM) {
            print_error("k = %lld: %s\n", (long long)k, lca_ctx_errmsg(ctx));
        }
        assert_int_equal(st, LCA_ERR_NOMEM);
        assert_null(M);
        assert_int_equal(ta.live, 0);
    }
    lca_ctx_set_allocator(ctx, NULL);
    assert_true(k > 20);  // the loop went through every allocation
}

// ---- broken Matrix Market files --------------------------------------------

// Import A = text (written as A.mtx) alone; expect st and want in the
// message, and *M NULL.
static void expect_a_error(lca_ctx *ctx, const char *text, lca_status st,
                           const char *want) {
    const char *dir = test_tmpdir("import_mtx_a");
    assert_non_null(dir);
    lca_mtx_source src = {0};
    src.A = write_file(dir, "A.mtx", text);
    lca_model *M = (lca_model *)1;
    assert_int_equal(lca_import_mtx(ctx, &src, &M), st);
    assert_null(M);
    assert_true(has(lca_ctx_errmsg(ctx), "A.mtx"));
    assert_true(has(lca_ctx_errmsg(ctx), want));
}

#define BANNER "%%MatrixMarket matrix coordinate real general\n"

static void test_import_mtx_rejects_bad_banner(void **state) {
    expect_a_error(*state, "%%MatrixMarket matrix coordinate pattern general\n"
                           "1 1 1\n1 1\n",
                   LCA_ERR_INVALID, "line 1: a 'pattern' matrix");
    expect_a_error(*state, "1 1 1\n1 1 1.0\n", LCA_ERR_INVALID,
                   "line 1: not a Matrix Market banner");
    expect_a_error(*state, "%%MatrixMarket matrix coordinate complex general\n"
                           "1 1 1\n1 1 1.0 0.0\n",
                   LCA_ERR_INVALID, "line 1");
    expect_a_error(*state, "%%MatrixMarket matrix coordinate real hermitian\n"
                           "1 1 1\n1 1 1.0\n",
                   LCA_ERR_INVALID, "symmetry");
    expect_a_error(*state, "", LCA_ERR_INVALID, "empty");
}

static void test_import_mtx_rejects_wrong_entry_count(void **state) {
    expect_a_error(*state, BANNER "2 2 3\n1 1 1.0\n2 2 1.0\n\n",
                   LCA_ERR_INVALID, "after 2 of the 3 entries");
    expect_a_error(*state, BANNER "2 2 1\n1 1 1.0\n2 2 1.0\n",
                   LCA_ERR_INVALID, "line 4: more entries than the 1");
    expect_a_error(*state, BANNER "% no size line\n", LCA_ERR_INVALID,
                   "before the size line");
    expect_a_error(*state, BANNER "2 2\n", LCA_ERR_INVALID, "line 2");
}

static void test_import_mtx_rejects_index_outside(void **state) {
    expect_a_error(*state, BANNER "% a comment\n2 2 2\n1 1 1.0\n3 1 1.0\n",
                   LCA_ERR_INVALID, "line 5: index (3, 1) is outside");
    expect_a_error(*state, BANNER "2 2 1\n0 1 1.0\n", LCA_ERR_INVALID,
                   "line 3: index (0, 1)");
    expect_a_error(*state, BANNER "2 2 1\n1 x 1.0\n", LCA_ERR_INVALID,
                   "line 3: '1 x' is not a pair of integer indices");
}

static void test_import_mtx_rejects_bad_values(void **state) {
    expect_a_error(*state, BANNER "2 2 2\n1 1 1.0\n2 2 abc\n",
                   LCA_ERR_INVALID, "line 4: 'abc' is not a finite real");
    expect_a_error(*state, BANNER "2 2 1\n1 1 1.5x\n", LCA_ERR_INVALID,
                   "line 3: '1.5x'");
    expect_a_error(*state, BANNER "2 2 1\n1 1 nan\n", LCA_ERR_INVALID,
                   "line 3");
    expect_a_error(*state, BANNER "2 2 1\n1 1 1e999\n", LCA_ERR_INVALID,
                   "line 3");
    expect_a_error(*state, BANNER "2 2 1\n1 1 1.0 7\n", LCA_ERR_INVALID,
                   "line 3");
    expect_a_error(*state,
                   "%%MatrixMarket matrix coordinate integer general\n"
                   "2 2 1\n1 1 1.5\n",
                   LCA_ERR_INVALID, "line 3: '1.5' is not a finite integer");
}

static void test_import_mtx_rejects_duplicates_and_comments(void **state) {
    expect_a_error(*state, BANNER "2 2 3\n1 1 1.0\n2 1 1.0\n1 1 2.0\n",
                   LCA_ERR_INVALID, "lines 3 and 5 both give entry (1, 1)");
    expect_a_error(*state, BANNER "2 2 2\n1 1 1.0\n% late\n2 2 1.0\n",
                   LCA_ERR_INVALID, "line 4: a comment after the size line");
}

static void test_import_mtx_rejects_missing_file(void **state) {
    lca_ctx *ctx = *state;
    const char *dir = test_tmpdir("import_mtx_missing");
    char path[4096];
    snprintf(path, sizeof path, "%s/none.mtx", dir);
    lca_mtx_source src = {0};
    src.A = path;
    lca_model *M = (lca_model *)1;
    assert_int_equal(lca_import_mtx(ctx, &src, &M), LCA_ERR_IO);
    assert_null(M);
    assert_true(has(lca_ctx_errmsg(ctx), path));
    src.A = NULL;
    assert_int_equal(lca_import_mtx(ctx, &src, &M), LCA_ERR_ARG);
    assert_null(M);
}

static void test_import_mtx_reads_symmetric_integer_and_array(void **state) {
    lca_ctx *ctx = *state;
    const char *dir = test_tmpdir("import_mtx_forms");
    lca_mtx_source src = {0};
    src.A = write_file(dir, "S.mtx",
                       "%%MatrixMarket matrix coordinate integer symmetric\n"
                       "3 3 3\r\n1 1 4\r\n3 1 -2\r\n3 3 5\r\n");
    lca_model *M = NULL;
    assert_int_equal(lca_import_mtx(ctx, &src, &M), LCA_OK);
    const lca_csc *A = lca_model_A(M);
    assert_int_equal(lca_csc_nnz(A), 4);
    assert_true(entry(A, 0, 2) == -2.0 && entry(A, 2, 0) == -2.0);
    assert_true(entry(A, 2, 2) == 5.0);
    lca_model_destroy(&M);
    src.A = write_file(dir, "D.mtx",
                       "%%MatrixMarket matrix array real general\n"
                       "% column-major\n2 2\n1.5\n0\n-0.25\n2\n");
    assert_int_equal(lca_import_mtx(ctx, &src, &M), LCA_OK);
    A = lca_model_A(M);
    assert_int_equal(lca_csc_nnz(A), 3);
    assert_true(entry(A, 0, 0) == 1.5 && entry(A, 0, 1) == -0.25);
    assert_true(entry(A, 1, 1) == 2.0);
    lca_model_destroy(&M);
    expect_a_error(ctx,
                   "%%MatrixMarket matrix coordinate real symmetric\n"
                   "2 2 1\n1 2 1.0\n",
                   LCA_ERR_INVALID, "line 3: a symmetric file stores only");
}

// ---- broken label lists and demands ----------------------------------------

static void test_import_mtx_rejects_label_count_mismatch(void **state) {
    lca_ctx *ctx = *state;
    tiny_paths p;
    lca_mtx_source src = tiny_source(&p);
    const char *dir = test_tmpdir("import_mtx_labels");
    src.products = write_file(dir, "products.csv",
                              "id,name,unit\nelectricity,E,kWh\nsteel,S,kg\n");
    src.demands = NULL;
    lca_model *M = (lca_model *)1;
    assert_int_equal(lca_import_mtx(ctx, &src, &M), LCA_ERR_DIM);
    assert_null(M);
    assert_true(has(lca_ctx_errmsg(ctx), "products.csv lists 2 products"));
    assert_true(has(lca_ctx_errmsg(ctx), "A.mtx gives 3"));
    src.products = p.products;
    src.flows = write_file(dir, "flows.csv", "id,name\nco2,CO2\nch4,CH4\n"
                                             "ore,Ore\nx,X\n");
    assert_int_equal(lca_import_mtx(ctx, &src, &M), LCA_ERR_DIM);
    assert_true(has(lca_ctx_errmsg(ctx), "flows.csv lists 4 flows"));
    assert_true(has(lca_ctx_errmsg(ctx), "B.mtx gives 3"));
}

static void test_import_mtx_rejects_bad_label_files(void **state) {
    lca_ctx *ctx = *state;
    tiny_paths p;
    lca_mtx_source src = tiny_source(&p);
    const char *dir = test_tmpdir("import_mtx_badlabels");
    lca_model *M = (lca_model *)1;
    src.products = write_file(dir, "p1.csv", "name,unit\nE,kWh\nS,kg\nT,t\n");
    assert_int_equal(lca_import_mtx(ctx, &src, &M), LCA_ERR_INVALID);
    assert_true(has(lca_ctx_errmsg(ctx), "p1.csv: line 1: the header has no "
                                         "'id' column"));
    src.products = write_file(dir, "p2.csv", "ID,Name\na,A\nb,B\na,C\n");
    assert_int_equal(lca_import_mtx(ctx, &src, &M), LCA_ERR_INVALID);
    assert_true(has(lca_ctx_errmsg(ctx), "p2.csv: lines 2 and 4 both have "
                                         "the id 'a'"));
    src.products = write_file(dir, "p3.csv", "id,name\na,A\nb\nc,C\n");
    assert_int_equal(lca_import_mtx(ctx, &src, &M), LCA_ERR_INVALID);
    assert_true(has(lca_ctx_errmsg(ctx), "p3.csv: line 3: 1 fields"));
    src.products = write_file(dir, "p4.csv", "id,name\na,\"A\nb,B\nc,C\n");
    assert_int_equal(lca_import_mtx(ctx, &src, &M), LCA_ERR_INVALID);
    assert_true(has(lca_ctx_errmsg(ctx), "p4.csv"));
    assert_null(M);
}

static void test_import_mtx_rejects_unknown_demand_product(void **state) {
    lca_ctx *ctx = *state;
    tiny_paths p;
    lca_mtx_source src = tiny_source(&p);
    const char *dir = test_tmpdir("import_mtx_demands");
    src.demands = write_file(dir, "demands.csv",
                             "product,d1\nsteel,1\n\"alu\",2\n");
    lca_model *M = (lca_model *)1;
    assert_int_equal(lca_import_mtx(ctx, &src, &M), LCA_ERR_INVALID);
    assert_null(M);
    assert_true(has(lca_ctx_errmsg(ctx), "demands.csv: line 3: no product "
                                         "has the id 'alu'"));
    src.demands = write_file(dir, "d2.csv", "product,d1\nsteel,1\nsteel,2\n");
    assert_int_equal(lca_import_mtx(ctx, &src, &M), LCA_ERR_INVALID);
    assert_true(has(lca_ctx_errmsg(ctx), "d2.csv: lines 2 and 3 both give "
                                         "product 'steel'"));
    src.demands = write_file(dir, "d3.csv", "product,d1,d1\nsteel,1,2\n");
    assert_int_equal(lca_import_mtx(ctx, &src, &M), LCA_ERR_INVALID);
    assert_true(has(lca_ctx_errmsg(ctx), "d3.csv: line 1: columns 2 and 3"));
    src.demands = write_file(dir, "d4.csv", "product,d1\nsteel,1 kg\n");
    assert_int_equal(lca_import_mtx(ctx, &src, &M), LCA_ERR_INVALID);
    assert_true(has(lca_ctx_errmsg(ctx), "d4.csv: line 2: demand 'd1': "
                                         "'1 kg' is not a finite number"));
    src.demands = write_file(dir, "d5.csv", "product;d1\nsteel;1\n");
    assert_int_equal(lca_import_mtx(ctx, &src, &M), LCA_ERR_INVALID);
    assert_true(has(lca_ctx_errmsg(ctx), "d5.csv: line 1: the header names "
                                         "no demand column"));
    assert_null(M);
}

static void test_import_mtx_rejects_dimension_mismatch(void **state) {
    lca_ctx *ctx = *state;
    tiny_paths p;
    lca_mtx_source src = tiny_source(&p);
    const char *dir = test_tmpdir("import_mtx_dims");
    src.C = write_file(dir, "C.mtx", BANNER "2 4 1\n1 1 1.0\n");
    lca_model *M = (lca_model *)1;
    assert_int_equal(lca_import_mtx(ctx, &src, &M), LCA_ERR_DIM);
    assert_null(M);
    assert_true(has(lca_ctx_errmsg(ctx), "C.mtx has 4 columns"));
    assert_true(has(lca_ctx_errmsg(ctx), "B.mtx has 3 rows"));
}

// ---- the CSV reader --------------------------------------------------------

static void test_csv_read_gives_fields_and_start_lines(void **state) {
    lca_ctx *ctx = *state;
    const char *dir = test_tmpdir("csv_read");
    const char *path = write_file(
        dir, "x.csv",
        "\xEF\xBB\xBF"
        "a, b ,\"c,d\"\r\n\r\n\"multi\nline\",\"say \"\"hi\"\"\"\n"
        "last,");
    lca__csv *r = NULL;
    lca__csv_record rec;
    assert_int_equal(lca__csv_create(ctx, path, ',', &r), LCA_OK);
    assert_int_equal(lca__csv_read(r, &rec), LCA_OK);
    assert_int_equal(rec.nfields, 3);
    assert_int_equal(rec.line, 1);
    assert_string_equal(rec.fields[0], "a");
    assert_string_equal(rec.fields[1], "b");
    assert_string_equal(rec.fields[2], "c,d");
    assert_int_equal(lca__csv_read(r, &rec), LCA_OK);
    assert_int_equal(rec.nfields, 2);
    assert_int_equal(rec.line, 3);
    assert_string_equal(rec.fields[0], "multi\nline");
    assert_string_equal(rec.fields[1], "say \"hi\"");
    assert_int_equal(lca__csv_read(r, &rec), LCA_OK);
    assert_int_equal(rec.line, 5);
    assert_int_equal(rec.nfields, 2);
    assert_string_equal(rec.fields[1], "");
    assert_int_equal(lca__csv_read(r, &rec), LCA_OK);
    assert_int_equal(rec.nfields, 0);
    assert_null(rec.fields);
    lca__csv_destroy(&r);
    assert_null(r);
}

static void test_csv_read_reports_bad_quotes_with_line(void **state) {
    lca_ctx *ctx = *state;
    const char *dir = test_tmpdir("csv_bad");
    const char *path = write_file(dir, "q.csv", "a,b\nc,\"d\"x\n");
    lca__csv *r = NULL;
    lca__csv_record rec;
    assert_int_equal(lca__csv_create(ctx, path, ',', &r), LCA_OK);
    assert_int_equal(lca__csv_read(r, &rec), LCA_OK);
    assert_int_equal(lca__csv_read(r, &rec), LCA_ERR_INVALID);
    assert_true(has(lca_ctx_errmsg(ctx), "q.csv: line 2: malformed CSV"));
    assert_int_equal(lca__csv_read(r, &rec), LCA_ERR_INVALID);  // sticky
    lca__csv_destroy(&r);
    assert_int_equal(lca__csv_create(ctx, "/nonexistent/x.csv", ',', &r),
                     LCA_ERR_IO);
    assert_null(r);
}

// Many records in one chunk and records across chunk boundaries.
static void test_csv_read_long_file(void **state) {
    lca_ctx *ctx = *state;
    const char *dir = test_tmpdir("csv_long");
    char path[4096];
    snprintf(path, sizeof path, "%s/long.csv", dir);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    for (int i = 0; i < 20000; i++) fprintf(fp, "r%d,\"%d\n\",%d.5\n", i, i, i);
    fclose(fp);
    lca__csv *r = NULL;
    lca__csv_record rec;
    assert_int_equal(lca__csv_create(ctx, path, ',', &r), LCA_OK);
    char want[32];
    for (int i = 0; i < 20000; i++) {
        assert_int_equal(lca__csv_read(r, &rec), LCA_OK);
        assert_int_equal(rec.nfields, 3);
        assert_int_equal(rec.line, 2 * i + 1);
        snprintf(want, sizeof want, "r%d", i);
        assert_string_equal(rec.fields[0], want);
        double x;
        assert_true(lca__csv_to_double(rec.fields[2], &x));
        assert_true(x == i + 0.5);
    }
    assert_int_equal(lca__csv_read(r, &rec), LCA_OK);
    assert_int_equal(rec.nfields, 0);
    lca__csv_destroy(&r);
}

// Labels are stored as UTF-8: a Latin-1 label file is refused, naming the
// file, line and field, and valid UTF-8 (2-, 3- and 4-byte) passes.
static void test_csv_read_refuses_non_utf8(void **state) {
    lca_ctx *ctx = *state;
    const char *dir = test_tmpdir("csv_utf8");
    const char *ok = write_file(dir, "ok.csv",
                                "id,name\nb\xC3\xA9ton,\xE2\x82\xAC \xF0\x9F\x8C\x8D\n");
    lca__csv *r = NULL;
    lca__csv_record rec;
    assert_int_equal(lca__csv_create(ctx, ok, ',', &r), LCA_OK);
    assert_int_equal(lca__csv_read(r, &rec), LCA_OK);
    assert_int_equal(lca__csv_read(r, &rec), LCA_OK);
    assert_string_equal(rec.fields[0], "b\xC3\xA9ton");
    lca__csv_destroy(&r);
    // Latin-1 "béton" in field 2 of line 3; then bytes that only look like
    // UTF-8: an overlong '/', a surrogate, past U+10FFFF, a cut sequence.
    const char *bad[] = {"b\xE9ton", "\xC0\xAF", "\xED\xA0\x80",
                         "\xF4\x90\x80\x80", "\xE2\x82"};
    for (int i = 0; i < 5; i++) {
        char text[64];
        snprintf(text, sizeof text, "id,name\na,A\nb,%s\n", bad[i]);
        const char *path = write_file(dir, "latin1.csv", text);
        assert_int_equal(lca__csv_create(ctx, path, ',', &r), LCA_OK);
        assert_int_equal(lca__csv_read(r, &rec), LCA_OK);
        assert_int_equal(lca__csv_read(r, &rec), LCA_OK);
        assert_int_equal(lca__csv_read(r, &rec), LCA_ERR_INVALID);
        assert_true(has(lca_ctx_errmsg(ctx), "latin1.csv: line 3, field 2: "
                                             "byte 0x"));
        assert_true(has(lca_ctx_errmsg(ctx), "is not UTF-8"));
        lca__csv_destroy(&r);
    }
    // Through an importer: the model is not made.
    tiny_paths p;
    lca_mtx_source src = tiny_source(&p);
    src.products = write_file(dir, "products.csv",
                              "id,name,unit\nE,\xC9lectricit\xE9,kWh\nS,S,kg\n"
                              "T,T,t\n");
    lca_model *M = (lca_model *)1;
    assert_int_equal(lca_import_mtx(ctx, &src, &M), LCA_ERR_INVALID);
    assert_true(has(lca_ctx_errmsg(ctx), "products.csv: line 2, field 2: "
                                         "byte 0xC9"));
    assert_null(M);
}

// libcsv grows its field buffer 128 bytes at a time unless told otherwise,
// which is quadratic in a field's length: the reader makes it double. A
// 1 MiB + 1 field leaves a buffer of 64 KiB * 2^k, at most twice the field
// (not 128 * ceil(L / 128), as before).
static void test_csv_long_field_grows_buffer_by_doubling(void **state) {
    lca_ctx *ctx = *state;
    const char *dir = test_tmpdir("csv_blk");
    char path[4096];
    snprintf(path, sizeof path, "%s/wide.csv", dir);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    size_t L = (1u << 20) + 1;
    fputs("a,\"", fp);
    for (size_t i = 0; i < L; i++) fputc(i % 1000 == 999 ? '\n' : 'x', fp);
    fputs("\",b\n", fp);
    fclose(fp);
    lca__csv *r = NULL;
    lca__csv_record rec;
    assert_int_equal(lca__csv_create(ctx, path, ',', &r), LCA_OK);
    assert_int_equal(lca__csv_read(r, &rec), LCA_OK);
    assert_int_equal(rec.nfields, 3);
    assert_int_equal(strlen(rec.fields[1]), L);
    size_t size = lca__csv_field_buffer(r);
    assert_true(size >= L && size <= 2 * L);
    assert_int_equal(size % 65536, 0);
    size_t blocks = size / 65536;
    assert_int_equal(blocks & (blocks - 1), 0);  // a power of two
    lca__csv_destroy(&r);
}

static void test_csv_numbers_parse_whole_field(void **state) {
    (void)state;
    double x;
    int64_t k;
    assert_true(lca__csv_to_double("-1.25e-3", &x) && x == -1.25e-3);
    assert_false(lca__csv_to_double("", &x));
    assert_false(lca__csv_to_double(" 1", &x));
    assert_false(lca__csv_to_double("1 ", &x));
    assert_false(lca__csv_to_double("inf", &x));
    assert_false(lca__csv_to_double("NaN", &x));
    assert_true(lca__csv_to_int64("-42", &k) && k == -42);
    assert_false(lca__csv_to_int64("4.0", &k));
    assert_false(lca__csv_to_int64("99999999999999999999", &k));
}

int main(void) {
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, ctx_setup, ctx_teardown)
        T(test_import_mtx_reads_tiny_matrices),
        T(test_import_mtx_reads_tiny_labels_and_demands),
        T(test_import_mtx_tiny_gives_hand_computed_answer),
        T(test_import_mtx_numbers_missing_labels),
        T(test_import_mtx_alloc_failures_leak_nothing),
        T(test_import_mtx_rejects_bad_banner),
        T(test_import_mtx_rejects_wrong_entry_count),
        T(test_import_mtx_rejects_index_outside),
        T(test_import_mtx_rejects_bad_values),
        T(test_import_mtx_rejects_duplicates_and_comments),
        T(test_import_mtx_rejects_missing_file),
        T(test_import_mtx_reads_symmetric_integer_and_array),
        T(test_import_mtx_rejects_label_count_mismatch),
        T(test_import_mtx_rejects_bad_label_files),
        T(test_import_mtx_rejects_unknown_demand_product),
        T(test_import_mtx_rejects_dimension_mismatch),
        T(test_csv_read_gives_fields_and_start_lines),
        T(test_csv_read_reports_bad_quotes_with_line),
        T(test_csv_read_long_file),
        T(test_csv_read_refuses_non_utf8),
        T(test_csv_long_field_grows_buffer_by_doubling),
        T(test_csv_numbers_parse_whole_field),
#undef T
    };
    return cmocka_run_group_tests_name("import_mtx", tests, NULL, NULL);
}
