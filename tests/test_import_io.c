// tests/test_import_io.c: the monetary IO table importer (io/iotable*.c)
// SPDX-License-Identifier: MIT
//
// Two real tables and a synthetic one. WIOD 2011 (bundled) checks size,
// zero-output sectors and the Leontief solve against the published gross
// output; CEEIO 2018 (non-commercial, read from ../shared when present,
// else skipped) checks pressures and the footprint identity. A 3-sector
// table written to the test's folder is checked entry by entry, and broken
// copies of it must each fail with the right status, name the file and
// line, and leave *M NULL.

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "test_util.h"

#define WIOD "datasets/wiod-2011/"
#define CEEIO LCA_SOURCE_DIR "/../shared/datasets/china-ceeio-2018/derived/"

typedef struct fixture {
    lca_ctx *ctx;
    lca_model *wiod;
    lca_model *ceeio;  // NULL when ../shared is not there
} fixture;

static int has(const char *haystack, const char *needle) {
    if (strstr(haystack, needle) != NULL) return 1;
    print_error("'%s' does not contain '%s'\n", haystack, needle);
    return 0;
}

static lca_model *import_wiod(lca_ctx *ctx) {
    char Z[4096], x[4096], Y[4096];
    snprintf(Z, sizeof Z, "%s", src_path(WIOD "inter.csv"));
    snprintf(x, sizeof x, "%s", src_path(WIOD "sectors_and_output.csv"));
    snprintf(Y, sizeof Y, "%s", src_path(WIOD "final.csv"));
    lca_iotable_source src = {0};
    src.Z = Z;
    src.x = x;
    src.x_column = "output";
    src.x_id_column = "label";
    src.Y = Y;
    src.names = x;
    src.names_column = "industry_name";
    src.names_id_column = "label";
    src.unit = "million USD";
    lca_model *M = NULL;
    return lca_import_iotable(ctx, &src, &M) == LCA_OK ? M : NULL;
}

static lca_model *import_ceeio(lca_ctx *ctx) {
    if (!file_exists(CEEIO "Z_153_kUSD.csv")) return NULL;
    lca_iotable_source src = {0};
    src.Z = CEEIO "Z_153_kUSD.csv";
    src.x = CEEIO "final_uses_imports_output_153_kUSD.csv";
    src.x_column = "GO";
    src.F = CEEIO "environmental_pressures_153.csv";
    src.F_id_column = "pressure";
    src.F_unit_column = "unit";
    src.Y_balance = "net";
    src.unit = "kUSD";
    lca_model *M = NULL;
    lca_status st = lca_import_iotable(ctx, &src, &M);
    if (st != LCA_OK) print_error("CEEIO: %s\n", lca_ctx_errmsg(ctx));
    return M;
}

static int group_setup(void **state) {
    fixture *f = calloc(1, sizeof *f);
    if (f == NULL || lca_ctx_create(&f->ctx) != LCA_OK) return -1;
    f->wiod = import_wiod(f->ctx);
    f->ceeio = import_ceeio(f->ctx);
    if (f->wiod == NULL) print_error("WIOD: %s\n", lca_ctx_errmsg(f->ctx));
    *state = f;
    return f->wiod == NULL || (file_exists(CEEIO "Z_153_kUSD.csv") &&
                               f->ceeio == NULL);
}

static int group_teardown(void **state) {
    fixture *f = *state;
    lca_model_destroy(&f->wiod);
    lca_model_destroy(&f->ceeio);
    lca_ctx_destroy(&f->ctx);
    free(f);
    return 0;
}

static double max_column_sum(const lca_csc *A) {
    const int64_t *Ap = lca_csc_colptr(A);
    const double *Ax = lca_csc_values(A);
    double best = 0.0;
    for (int64_t j = 0; j < lca_csc_ncols(A); j++) {
        double s = 0.0;
        for (int64_t p = Ap[j]; p < Ap[j + 1]; p++) s += Ax[p];
        best = fmax(best, s);
    }
    return best;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

// ---- WIOD 2011 -------------------------------------------------------------

static void test_import_io_wiod_sizes_and_zero_output(void **state) {
    const lca_model *M = ((fixture *)*state)->wiod;
    assert_int_equal(lca_model_dim(M, LCA_PRODUCTS), 1435);
    assert_int_equal(lca_model_dim(M, LCA_FLOWS), 0);
    assert_int_equal(lca_model_dim(M, LCA_DEMANDS), 205);
    // Z has 413,525 nonzeros (README); the 22 zero-output sectors have
    // empty columns in Z, so A keeps every one of them.
    assert_int_equal(lca_csc_nnz(lca_model_A(M)), 413525);
    assert_int_equal(lca_model_nreports(M), 22);
    for (int64_t i = 0; i < 22; i++) {
        assert_string_equal(lca_model_report(M, i, LCA_REPORT_KIND),
                            "zero output sector");
    }
    assert_string_equal(lca_model_report(M, 0, LCA_REPORT_ID), "AUS_c35");
    assert_string_equal(lca_model_report(M, 0, LCA_REPORT_NAME),
                        "Private Households with Employed Persons");
    assert_string_equal(lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_UNIT, 7),
                        "million USD");
    assert_string_equal(lca_model_label(M, LCA_DEMANDS, LCA_LABEL_ID, 204),
                        "RoW_FD5_inventories");
}

// The README's max column sum 0.910; the power iteration from the ones
// vector (A >= 0) converges to the Perron root, README 0.610: below 1, as
// the column sums (an upper bound on it) already show.
static void test_import_io_wiod_spectral_radius_below_one(void **state) {
    const lca_model *M = ((fixture *)*state)->wiod;
    const lca_csc *A = lca_model_A(M);
    assert_true(fabs(max_column_sum(A) - 0.910) < 5e-4);
    int64_t n = lca_csc_ncols(A);
    double *v = malloc(sizeof *v * (size_t)n), *w = malloc(sizeof *w * n);
    for (int64_t i = 0; i < n; i++) v[i] = 1.0;
    double rho = 0.0;
    for (int it = 0; it < 60; it++) {
        lca_csc_gemv(1.0, A, v, 0.0, w);
        double nv = 0.0, nw = 0.0;
        for (int64_t i = 0; i < n; i++) {
            nv += v[i] * v[i];
            nw += w[i] * w[i];
        }
        rho = sqrt(nw / nv);
        for (int64_t i = 0; i < n; i++) v[i] = w[i] / sqrt(nw);
    }
    assert_true(fabs(rho - 0.610) < 2e-3);
    free(v);
    free(w);
}

// Gross output x from the last field of sectors_and_output.csv.
static void read_wiod_output(int64_t n, double *x) {
    FILE *fp = fopen(src_path(WIOD "sectors_and_output.csv"), "r");
    assert_non_null(fp);
    char line[1024];
    assert_non_null(fgets(line, sizeof line, fp));  // the header
    for (int64_t i = 0; i < n; i++) {
        assert_non_null(fgets(line, sizeof line, fp));
        x[i] = strtod(strrchr(line, ',') + 1, NULL);
    }
    fclose(fp);
}

// x = (I - A)^-1 y with y = row sums of final demand. WIOD's x is not
// exactly Z 1 + y (README: median 0.2 % apart, from rounding and CIF/FOB
// and margin adjustments), and the solve spreads that gap through L:
// measured median 0.353 %, and every sector within 7.7 % of
// max(x, 1000 million USD) (the large relative gaps are tiny sectors).
static void test_import_io_wiod_leontief_gives_gross_output(void **state) {
    const lca_model *M = ((fixture *)*state)->wiod;
    lca_ctx *ctx = lca_model_ctx(M);
    int64_t n = 1435;
    double *y = calloc((size_t)n, sizeof *y), *f = malloc(sizeof *f * n);
    double *x = malloc(sizeof *x * n), *xo = malloc(sizeof *xo * n);
    double *rel = malloc(sizeof *rel * n), *gap = malloc(sizeof *gap * n);
    for (int64_t j = 0; j < 205; j++) {
        lca_model_demand_dense(M, j, f);
        for (int64_t i = 0; i < n; i++) y[i] += f[i];
    }
    read_wiod_output(n, xo);
    lca_calc *c = NULL;
    assert_int_equal(lca_calc_create(M, NULL, &c), LCA_OK);
    assert_int_equal(lca_calc_supply(c, 1, y, x), LCA_OK);
    // The README's own check: (I - A) x_wiod - y = x_wiod - Z 1 - y.
    lca_csc_gemv(1.0, lca_model_A(M), xo, 0.0, f);
    int64_t count = 0;
    for (int64_t i = 0; i < n; i++) {
        assert_true(fabs(x[i] - xo[i]) <= 0.1 * fmax(xo[i], 1000.0));
        if (xo[i] == 0.0) continue;
        gap[count] = fabs(xo[i] - f[i] - y[i]) / xo[i];
        rel[count++] = fabs(x[i] - xo[i]) / xo[i];
    }
    assert_int_equal(count, n - 22);
    qsort(rel, (size_t)count, sizeof *rel, cmp_double);
    qsort(gap, (size_t)count, sizeof *gap, cmp_double);
    assert_true(rel[count / 2] < 0.005);
    assert_true(gap[count / 2] < 0.0025);
    lca_calc_destroy(&c);
    (void)ctx;
    free(y);
    free(f);
    free(x);
    free(xo);
    free(rel);
    free(gap);
}

// ---- CEEIO 2018 ------------------------------------------------------------

static void test_import_io_ceeio_sizes(void **state) {
    const lca_model *M = ((fixture *)*state)->ceeio;
    if (M == NULL) skip();
    assert_int_equal(lca_model_dim(M, LCA_PRODUCTS), 153);
    assert_int_equal(lca_model_dim(M, LCA_FLOWS), 28);
    assert_int_equal(lca_model_dim(M, LCA_INDICATORS), 28);
    assert_int_equal(lca_csc_nnz(lca_model_C(M)), 28);
    assert_true(fabs(max_column_sum(lca_model_A(M)) - 0.884) < 5e-4);
    assert_string_equal(lca_model_label(M, LCA_FLOWS, LCA_LABEL_ID, 1),
                        "Carbon dioxide");
    assert_string_equal(lca_model_label(M, LCA_INDICATORS, LCA_LABEL_UNIT, 1),
                        "tonne");
    // The household columns FU101, FU102 of the pressures are reported.
    assert_int_equal(lca_model_nreports(M), 2);
    assert_string_equal(lca_model_report(M, 0, LCA_REPORT_KIND),
                        "ignored column");
}

// Sum of the sectors' direct CO2: the "Carbon dioxide" row of the file.
static double ceeio_direct_co2(void) {
    FILE *fp = fopen(CEEIO "environmental_pressures_153.csv", "r");
    assert_non_null(fp);
    static char line[1 << 16];
    double sum = 0.0;
    while (fgets(line, sizeof line, fp) != NULL) {
        if (strncmp(line, "Air emission,Carbon dioxide,", 28) != 0) continue;
        char *p = line + 28;
        p = strchr(p, ',') + 1;  // past the unit
        for (int j = 0; j < 153; j++) {
            sum += strtod(p, &p);
            p++;
        }
    }
    fclose(fp);
    return sum;
}

// With y = x - Z 1 (the demand "net"): A x = Z diag(x)^-1 x = Z 1, so
// (I - A) x = y and x = (I - A)^-1 y. Then the consumption-based total
// N y = D (I - A)^-1 y = D x = C B x, and with C = I the CO2 entry is
// sum_j (F_j / x_j) x_j = sum_j F_j: every tonne emitted is assigned to
// some final demand. Only rounding separates the two sums.
static void test_import_io_ceeio_footprint_identity(void **state) {
    const lca_model *M = ((fixture *)*state)->ceeio;
    if (M == NULL) skip();
    int64_t n = 153, co2, net;
    assert_int_equal(lca_model_lookup(M, LCA_INDICATORS, "Carbon dioxide",
                                      &co2), LCA_OK);
    assert_int_equal(lca_model_lookup(M, LCA_DEMANDS, "net", &net), LCA_OK);
    double N[153], y[153];
    lca_calc *c = NULL;
    assert_int_equal(lca_calc_create(M, NULL, &c), LCA_OK);
    assert_int_equal(lca_calc_factors(c, 1, &co2, N, NULL), LCA_OK);
    lca_model_demand_dense(M, net, y);
    double total = 0.0;
    for (int64_t j = 0; j < n; j++) total += N[j] * y[j];
    assert_close(total, ceeio_direct_co2(), 1e-10);
    assert_true(total > 1e10);  // tonnes: a national total, not zero
    lca_calc_destroy(&c);
}

// ---- a synthetic 3-sector table --------------------------------------------

// Sector c has no output (and no inputs); it sells 5 to b. F has label
// columns before the sectors and a household column after them.
#define Z_OK ",a,b,c\na,10,20,0\nb,30,0,0\nc,0,5,0\n"
#define X_OK "id,GO,note\na,100,x\nb,200,y\nc,0,z\n"
#define F_OK                                 \
    "group,pressure,unit,a,b,c,households\n" \
    "air,CO2,kg,50,40,0,7\nwater,Water,m3,1,,0,0\n"
#define Y_OK "sector,hh,gov,exports\na,60,0,1\nb,150,20,0\nc,0,0,0\n"
#define NAMES_OK "code,name\na,\"Alpha, farms\"\nb,Beta\nc,Gamma\n"

typedef struct synth {
    char dir[4096];
    char Z[4200], x[4200], F[4200], Y[4200], names[4200];
    const char *ycols[2];
    lca_iotable_source src;
} synth;

static void write_file(const char *path, const char *text) {
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
}

// Write the five files (text NULL: the good one) and point s->src at them.
static void synth_make(synth *s, const char *z, const char *x, const char *f,
                       const char *y) {
    memset(s, 0, sizeof *s);
    const char *dir = test_tmpdir("import_io");
    assert_non_null(dir);
    snprintf(s->dir, sizeof s->dir, "%s", dir);
    snprintf(s->Z, sizeof s->Z, "%s/Z.csv", s->dir);
    snprintf(s->x, sizeof s->x, "%s/x.csv", s->dir);
    snprintf(s->F, sizeof s->F, "%s/F.csv", s->dir);
    snprintf(s->Y, sizeof s->Y, "%s/Y.csv", s->dir);
    snprintf(s->names, sizeof s->names, "%s/names.csv", s->dir);
    write_file(s->Z, z != NULL ? z : Z_OK);
    write_file(s->x, x != NULL ? x : X_OK);
    write_file(s->F, f != NULL ? f : F_OK);
    write_file(s->Y, y != NULL ? y : Y_OK);
    write_file(s->names, NAMES_OK);
    s->ycols[0] = "gov";
    s->ycols[1] = "hh";
    lca_iotable_source src = {
        .Z = s->Z, .x = s->x, .x_column = "GO", .Y = s->Y,
        .Y_columns = s->ycols, .nY_columns = 2, .Y_balance = "net",
        .F = s->F, .F_id_column = "pressure", .F_unit_column = "unit",
        .names = s->names, .names_column = "name", .unit = "kUSD"};
    s->src = src;
}

static double entry(const lca_csc *X, int64_t i, int64_t j) {
    int64_t p = lca_csc_find(X, i, j);
    return p < 0 ? 0.0 : lca_csc_values(X)[p];
}

static void test_import_io_synthetic_matrices(void **state) {
    lca_ctx *ctx = *state;
    synth s;
    synth_make(&s, NULL, NULL, NULL, NULL);
    lca_model *M = NULL;
    assert_int_equal(lca_import_iotable(ctx, &s.src, &M), LCA_OK);
    assert_int_equal(lca_model_convention(M), LCA_IO_COEFFICIENTS);
    const lca_csc *A = lca_model_A(M), *B = lca_model_B(M);
    // A = Z diag(100, 200, 0)^-1, column c empty; B likewise from F.
    assert_int_equal(lca_csc_nnz(A), 4);
    assert_true(entry(A, 0, 0) == 0.1 && entry(A, 1, 0) == 0.3);
    assert_true(entry(A, 0, 1) == 0.1 && entry(A, 2, 1) == 0.025);
    assert_int_equal(lca_csc_nnz(B), 3);
    assert_true(entry(B, 0, 0) == 0.5 && entry(B, 0, 1) == 0.2);
    assert_true(entry(B, 1, 0) == 0.01);
    assert_int_equal(lca_csc_nnz(lca_model_C(M)), 2);
    assert_true(entry(lca_model_C(M), 1, 1) == 1.0);
    assert_true(entry(lca_model_tech(M), 2, 2) == 1.0);  // I - A
    lca_model_destroy(&M);
}

static void test_import_io_synthetic_labels_report_demands(void **state) {
    lca_ctx *ctx = *state;
    synth s;
    synth_make(&s, NULL, NULL, NULL, NULL);
    lca_model *M = NULL;
    assert_int_equal(lca_import_iotable(ctx, &s.src, &M), LCA_OK);
    assert_string_equal(lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_ID, 2), "c");
    assert_string_equal(lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_NAME, 0),
                        "Alpha, farms");
    assert_string_equal(lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_UNIT, 1),
                        "kUSD");
    assert_string_equal(lca_model_label(M, LCA_FLOWS, LCA_LABEL_ID, 1),
                        "Water");
    assert_string_equal(lca_model_label(M, LCA_INDICATORS, LCA_LABEL_UNIT, 1),
                        "m3");
    assert_int_equal(lca_model_nreports(M), 2);
    assert_string_equal(lca_model_report(M, 0, LCA_REPORT_KIND),
                        "zero output sector");
    assert_string_equal(lca_model_report(M, 0, LCA_REPORT_NAME), "Gamma");
    assert_true(has(lca_model_report(M, 0, LCA_REPORT_DETAIL), "line 4"));
    assert_string_equal(lca_model_report(M, 1, LCA_REPORT_ID), "households");
    assert_int_equal(lca_model_dim(M, LCA_DEMANDS), 3);
    double y[3];
    lca_model_demand_dense(M, 0, y);  // "gov", the order asked for
    assert_true(y[0] == 0.0 && y[1] == 20.0 && y[2] == 0.0);
    lca_model_demand_dense(M, 2, y);  // "net" = x - Z 1
    assert_true(y[0] == 70.0 && y[1] == 170.0 && y[2] == -5.0);
    assert_string_equal(lca_model_label(M, LCA_DEMANDS, LCA_LABEL_ID, 2),
                        "net");
    lca_model_destroy(&M);
}

// x as a row of a wide table, with its own label columns.
static void test_import_io_synthetic_x_as_row(void **state) {
    lca_ctx *ctx = *state;
    synth s;
    synth_make(&s, NULL, "code,label,a,b,c\nVA,value added,1,2,3\n"
                         "TI,,100,200,0\n", NULL, NULL);
    s.src.x_column = NULL;
    s.src.x_row = "TI";
    lca_model *M = NULL;
    assert_int_equal(lca_import_iotable(ctx, &s.src, &M), LCA_OK);
    assert_true(entry(lca_model_A(M), 2, 1) == 0.025);
    lca_model_destroy(&M);
    s.src.x_row = "GO";
    assert_int_equal(lca_import_iotable(ctx, &s.src, &M), LCA_ERR_NOTFOUND);
    assert_null(M);
    assert_true(has(lca_ctx_errmsg(ctx), "x.csv: no row has the id 'GO'"));
}

// One unit for every pressure (--F-unit) instead of a unit column: the
// "unit" column of F is then an ordinary label column, not read.
static void test_import_io_synthetic_one_f_unit(void **state) {
    lca_ctx *ctx = *state;
    synth s;
    synth_make(&s, NULL, NULL, NULL, NULL);
    s.src.F_unit_column = NULL;
    s.src.F_unit = "t";
    lca_model *M = NULL;
    assert_int_equal(lca_import_iotable(ctx, &s.src, &M), LCA_OK);
    for (int64_t i = 0; i < 2; i++) {
        assert_string_equal(lca_model_label(M, LCA_FLOWS, LCA_LABEL_UNIT, i),
                            "t");
        assert_string_equal(
            lca_model_label(M, LCA_INDICATORS, LCA_LABEL_UNIT, i), "t");
    }
    assert_true(entry(lca_model_B(M), 0, 0) == 0.5);
    lca_model_destroy(&M);
    // Neither: the pressures have no unit, which is no error.
    s.src.F_unit = NULL;
    assert_int_equal(lca_import_iotable(ctx, &s.src, &M), LCA_OK);
    assert_string_equal(lca_model_label(M, LCA_FLOWS, LCA_LABEL_ID, 1),
                        "Water");
    lca_model_destroy(&M);
}

static void test_import_io_alloc_failures_leak_nothing(void **state) {
    lca_ctx *ctx = *state;
    synth s;
    synth_make(&s, NULL, NULL, NULL, NULL);
    test_alloc ta;
    int64_t k = 0;
    for (;; k++) {
        test_alloc_install(ctx, &ta, k);
        lca_model *M = (lca_model *)1;
        lca_status st = lca_import_iotable(ctx, &s.src, &M);
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
    assert_true(k > 50);
}

// Import with one file replaced; expect st and every want in the message.
static void expect_error(lca_ctx *ctx, const char *z, const char *x,
                         const char *f, const char *y, lca_status st,
                         const char *want1, const char *want2) {
    synth s;
    synth_make(&s, z, x, f, y);
    lca_model *M = (lca_model *)1;
    assert_int_equal(lca_import_iotable(ctx, &s.src, &M), st);
    assert_null(M);
    assert_true(has(lca_ctx_errmsg(ctx), want1));
    if (want2 != NULL) assert_true(has(lca_ctx_errmsg(ctx), want2));
}

static void test_import_io_rejects_bad_z(void **state) {
    lca_ctx *ctx = *state;
    expect_error(ctx, ",a,b,c\na,10,20,0\nc,0,5,0\nb,30,0,0\n", 0, 0, 0,
                 LCA_ERR_INVALID, "Z.csv: line 3: row 'c' where the header "
                 "has 'b'", NULL);
    expect_error(ctx, ",a,b,c\na,10,NA,0\nb,30,0,0\nc,0,5,0\n", 0, 0, 0,
                 LCA_ERR_INVALID, "Z.csv: line 2, column 3 ('b'): 'NA' is "
                 "not a finite number", NULL);
    expect_error(ctx, ",a,b,c\na,10,20,0\nb,30,0,0\n", 0, 0, 0, LCA_ERR_DIM,
                 "Z.csv has 2 rows but 3 sector columns", NULL);
    expect_error(ctx, ",a,b,a\na,1,1,1\n", 0, 0, 0, LCA_ERR_INVALID,
                 "Z.csv: line 1: columns 2 and 4 are both sector 'a'", NULL);
    expect_error(ctx, "", 0, 0, 0, LCA_ERR_INVALID, "Z.csv: the file is "
                 "empty", NULL);
}

static void test_import_io_rejects_bad_x(void **state) {
    lca_ctx *ctx = *state;
    expect_error(ctx, 0, "id,GO,note\na,100,x\nB,200,y\nc,0,z\n", 0, 0,
                 LCA_ERR_INVALID, "x.csv: line 3: sector 'B' where ",
                 "Z.csv has 'b' (sector 2)");
    expect_error(ctx, 0, "id,GO,note\na,100,x\nb,2o0,y\nc,0,z\n", 0, 0,
                 LCA_ERR_INVALID, "x.csv: line 3, column 2 ('GO'): '2o0'",
                 NULL);
    expect_error(ctx, 0, "id,GO,note\na,100,x\nb,-200,y\nc,0,z\n", 0, 0,
                 LCA_ERR_INVALID, "x.csv: line 3: sector 'b' has negative "
                 "gross output", NULL);
    expect_error(ctx, 0, "id,GO,note\na,100,x\nb,200,y\n", 0, 0, LCA_ERR_DIM,
                 "x.csv has 2 sector rows, but ", "Z.csv has 3 sectors");
    expect_error(ctx, 0, "id,output\na,100\nb,200\nc,0\n", 0, 0,
                 LCA_ERR_NOTFOUND, "x.csv: line 1: no column is named 'GO'",
                 NULL);
    // Zero output, but inputs in its column of Z or F.
    expect_error(ctx, ",a,b,c\na,10,20,3\nb,30,0,0\nc,0,5,0\n", 0, 0, 0,
                 LCA_ERR_INVALID, "Z.csv: line 2, column 4: sector 'c' has "
                 "zero gross output (", "x.csv, line 4) but 3 in its column");
    expect_error(ctx, 0, 0, "group,pressure,unit,a,b,c\nair,CO2,kg,5,4,2\n",
                 0, LCA_ERR_INVALID, "F.csv: line 2, column 6: sector 'c' "
                 "has zero gross output", NULL);
}

static void test_import_io_rejects_bad_f_and_y(void **state) {
    lca_ctx *ctx = *state;
    expect_error(ctx, 0, 0, "group,pressure,unit,a,c,b\nair,CO2,kg,1,0,1\n",
                 0, LCA_ERR_INVALID, "F.csv: line 1, column 5: sector 'c' "
                 "where ", "Z.csv has 'b' (sector 2)");
    expect_error(ctx, 0, 0, "group,pressure,unit,a,b,c\nair,CO2,kg,1,abc,0\n",
                 0, LCA_ERR_INVALID, "F.csv: line 2, column 5 ('b'): 'abc'",
                 NULL);
    expect_error(ctx, 0, 0, "group,pressure,unit,a,b,c\nair,CO2,kg,1,1,0\n"
                 "air,CO2,kg,2,2,0\n", 0, LCA_ERR_INVALID, "F.csv: lines 2 "
                 "and 3 both have the row id 'CO2'", NULL);
    expect_error(ctx, 0, 0, "group,name,unit,a,b,c\nair,CO2,kg,1,1,0\n", 0,
                 LCA_ERR_NOTFOUND, "F.csv: line 1: no column named "
                 "'pressure'", NULL);
    expect_error(ctx, 0, 0, "group,pressure,unit,x,a,b\nair,CO2,kg,1,1,1\n",
                 0, LCA_ERR_DIM, "F.csv: line 1: 2 columns from sector 'a'",
                 NULL);
    expect_error(ctx, 0, 0, 0, "sector,hh,gov\na,1,0\nc,0,0\nb,1,1\n",
                 LCA_ERR_INVALID, "Y.csv: line 3: sector 'c' where ",
                 "Z.csv has 'b'");
    expect_error(ctx, 0, 0, 0, "sector,hh,gov\na,nan,0\nb,1,1\nc,0,0\n",
                 LCA_ERR_INVALID, "Y.csv: line 2, column 2 ('hh'): 'nan'",
                 NULL);
    expect_error(ctx, 0, 0, 0, "sector,hh,gov,net\na,1,0,0\nb,1,1,0\n"
                 "c,0,0,0\nd,0,0,0\n", LCA_ERR_DIM, "Y.csv: line 5: more "
                 "rows than the 3 sectors of ", NULL);
}

static void test_import_io_rejects_missing_file_and_bad_source(void **state) {
    lca_ctx *ctx = *state;
    synth s;
    synth_make(&s, NULL, NULL, NULL, NULL);
    lca_model *M = (lca_model *)1;
    s.src.F = "/nonexistent/F.csv";
    assert_int_equal(lca_import_iotable(ctx, &s.src, &M), LCA_ERR_IO);
    assert_null(M);
    assert_true(has(lca_ctx_errmsg(ctx), "/nonexistent/F.csv: cannot open"));
    s.src.F = s.F;
    s.ycols[1] = "gov";  // two demands named "gov"
    M = (lca_model *)1;
    assert_int_equal(lca_import_iotable(ctx, &s.src, &M), LCA_ERR_INVALID);
    assert_null(M);
    assert_true(has(lca_ctx_errmsg(ctx), "Y.csv"));
    assert_true(has(lca_ctx_errmsg(ctx), "'gov'"));
    s.src.x_row = "GO";  // both a column and a row
    M = (lca_model *)1;
    assert_int_equal(lca_import_iotable(ctx, &s.src, &M), LCA_ERR_ARG);
    assert_null(M);
}

int main(void) {
#define T(f) cmocka_unit_test_setup_teardown(f, ctx_setup, ctx_teardown)
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_import_io_wiod_sizes_and_zero_output),
        cmocka_unit_test(test_import_io_wiod_spectral_radius_below_one),
        cmocka_unit_test(test_import_io_wiod_leontief_gives_gross_output),
        cmocka_unit_test(test_import_io_ceeio_sizes),
        cmocka_unit_test(test_import_io_ceeio_footprint_identity),
        T(test_import_io_synthetic_matrices),
        T(test_import_io_synthetic_labels_report_demands),
        T(test_import_io_synthetic_x_as_row),
        T(test_import_io_synthetic_one_f_unit),
        T(test_import_io_alloc_failures_leak_nothing),
        T(test_import_io_rejects_bad_z),
        T(test_import_io_rejects_bad_x),
        T(test_import_io_rejects_bad_f_and_y),
        T(test_import_io_rejects_missing_file_and_bad_source),
    };
    return cmocka_run_group_tests_name("import_io", tests, group_setup,
                                       group_teardown);
}
