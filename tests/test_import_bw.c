// tests/test_import_bw.c: the Brightway datapackage importer (io/import/bw*.c)
// and its .npy reader (io/import/npy.c), on bw2calc's and bw_processing's
// public fixtures (datasets/examples/brightway/, BSD) and on packages
// written at test time, good and broken
// SPDX-License-Identifier: MIT
//
// Hand values: mc_basic (bw2calc's fixture) has activities 1, 2 with
// products 3, 4: production 1 each, activity 1 takes 0.5 of product 4
// (flip); flow 1 = 1 at activity 1, flow 2 = 0.1 at activity 2; factors
// 1 and 2. So T = [1 0; -0.5 1], the factor of product 1 is
// 1*1 + 2*0.1*0.5 = 1.1 and of product 2 is 2*0.1 = 0.2.

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "test_util.h"
#include "engine/ctx_impl.h"
#include "io/import/npy_impl.h"
#include "io/util/zip_impl.h"

#define BW "datasets/examples/brightway/"

static int has(const char *haystack, const char *needle) {
    if (strstr(haystack, needle) != NULL) return 1;
    print_error("'%s' does not contain '%s'\n", haystack, needle);
    return 0;
}

static lca_model *import1(lca_ctx *ctx, const char *path) {
    lca_model *M = NULL;
    lca_status st = lca_import_bw(ctx, 1, &path, &M);
    if (st != LCA_OK) print_error("%s\n", lca_ctx_errmsg(ctx));
    assert_int_equal(st, LCA_OK);
    return M;
}

// Factors of indicator 0 for every product, by lca_calc.
static void factors(lca_model *M, double *N) {
    lca_calc *c = NULL;
    assert_int_equal(lca_calc_create(M, NULL, &c), LCA_OK);
    int64_t ind = 0;
    assert_int_equal(lca_calc_factors(c, 1, &ind, N, NULL), LCA_OK);
    lca_calc_destroy(&c);
}

static void test_import_bw_mc_basic_by_hand(void **state) {
    lca_ctx *ctx = *state;
    lca_model *M = import1(ctx, src_path(BW "mc_basic.zip"));
    assert_int_equal(lca_model_dim(M, LCA_PRODUCTS), 2);
    assert_int_equal(lca_model_dim(M, LCA_FLOWS), 2);
    assert_int_equal(lca_model_dim(M, LCA_INDICATORS), 1);
    assert_string_equal(lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_ID, 1), "2");
    assert_string_equal(lca_model_label(M, LCA_INDICATORS, LCA_LABEL_ID, 0),
                        "mc-characterization");
    const lca_csc *A = lca_model_A(M);
    assert_int_equal(lca_csc_nnz(A), 3);
    const double *Ax = lca_csc_values(A);
    assert_true(Ax[0] == 1.0 && Ax[1] == -0.5 && Ax[2] == 1.0);
    // The flipped input's uniform(0.2, 0.8) becomes uniform(-0.8, -0.2).
    const lca_uncertainty *u = lca_model_uncertainty(M, LCA_MATRIX_A);
    assert_non_null(u);
    assert_int_equal(u[0].dist, LCA_DIST_NONE);
    assert_int_equal(u[1].dist, LCA_DIST_UNIFORM);
    assert_true(u[1].p1 == -(double)0.8f && u[1].p2 == -(double)0.2f);
    const lca_uncertainty *uc = lca_model_uncertainty(M, LCA_MATRIX_C);
    assert_true(uc[0].dist == LCA_DIST_UNIFORM && uc[0].p1 == 0.5 &&
                uc[0].p2 == 2.0);
    double N[2];
    factors(M, N);
    assert_close(N[0], 1.1, 1e-15);
    assert_close(N[1], 0.2, 1e-15);
    lca_model_destroy(&M);
}

// bw2io's example database (processed by bw2data) and its method.
static void test_import_bw_mobility_example(void **state) {
    lca_ctx *ctx = *state;
    char first[4096], second[4096];
    snprintf(first, sizeof first, "%s", src_path(BW "bw2io_example_db.zip"));
    snprintf(second, sizeof second, "%s", src_path(BW "ipcc_simple.zip"));
    const char *paths[2] = {first, second};
    lca_model *M = NULL;
    assert_int_equal(lca_import_bw(ctx, 2, paths, &M), LCA_OK);
    assert_int_equal(lca_model_dim(M, LCA_PRODUCTS), 8);
    assert_int_equal(lca_model_dim(M, LCA_FLOWS), 1);
    assert_string_equal(lca_model_label(M, LCA_FLOWS, LCA_LABEL_ID, 0), "9");
    assert_int_equal(lca_csc_nnz(lca_model_A(M)), 17);
    assert_int_equal(lca_model_nreports(M), 1);  // the geomapping matrix
    assert_string_equal(lca_model_report(M, 0, LCA_REPORT_KIND),
                        "resource skipped");
    lca_model_destroy(&M);
}

// ---- packages written here -------------------------------------------------

// dir/name as a .npy file: header dict with descr and shape, then data.
static void write_npy(const char *dir, const char *name, const char *descr,
                      const char *shape, const void *data, size_t size) {
    char hdr[512], path[4200];
    int n = snprintf(hdr, sizeof hdr, "{'descr': %s, 'fortran_order': False, "
                     "'shape': %s, }", descr, shape);
    int total = ((10 + n + 1 + 63) / 64) * 64;
    while (10 + n + 1 < total) hdr[n++] = ' ';
    hdr[n++] = '\n';
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    unsigned char pre[10] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0,
                             (unsigned char)(n & 0xff), (unsigned char)(n >> 8)};
    fwrite(pre, 1, 10, fp);
    fwrite(hdr, 1, (size_t)n, fp);
    if (size > 0) fwrite(data, 1, size, fp);
    fclose(fp);
}

static void write_text(const char *dir, const char *name, const char *text) {
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
}

#define IDX "[('row', '<i8'), ('col', '<i8')]"
#define DIST                                                            \
    "[('uncertainty_type', '|u1'), ('loc', '<f4'), ('scale', '<f4'), " \
    "('shape', '<f4'), ('minimum', '<f4'), ('maximum', '<f4'), "       \
    "('negative', '|b1')]"

#pragma pack(push, 1)
typedef struct dist_rec {
    uint8_t code;
    float loc, scale, shape, mn, mx;
    uint8_t negative;
} dist_rec;
#pragma pack(pop)

static const char RES[] =
    "{\"profile\": \"data-resource\", \"format\": \"npy\", \"matrix\": "
    "\"%s\", \"kind\": \"%s\", \"group\": \"%s\", \"path\": \"%s\", "
    "\"category\": \"vector\"}";

// datapackage.json listing resources (matrix, kind, group, file) and
// extra resource text.
static void write_json(const char *dir, int n, const char *const (*r)[4],
                       const char *extra) {
    char text[8192];
    size_t len = (size_t)snprintf(text, sizeof text,
                                  "{\"name\": \"t\", \"resources\": [");
    for (int i = 0; i < n; i++) {
        len += (size_t)snprintf(text + len, sizeof text - len, RES, r[i][0],
                                r[i][1], r[i][2], r[i][3]);
        if (i + 1 < n || extra != NULL) text[len++] = ',';
    }
    snprintf(text + len, sizeof text - len, "%s]}", extra != NULL ? extra : "");
    write_text(dir, "datapackage.json", text);
}

// Technosphere: activities 10, 20 (products the same ids): production 2
// and 1, activity 10 takes 0.5 of 20 (flip, lognormal negative: the
// negative flag and the flip cancel), written twice in one group (summed:
// 0.25 + 0.25); a second group replaces the (20, 20) production by 4.
// Biosphere: flow 7 = 3 at activity 20, normal(3, 0.3). Method: flow 7
// factor 2, flow 99 (not in the biosphere) factor 5.
static const char *write_good(const char *name, int code, int negative) {
    const char *dir = test_tmpdir(name);
    int64_t ti[] = {10, 10, 20, 10, 20, 20, 20, 10};
    double tx[] = {2, 0.25, 1, 0.25};
    uint8_t tf[] = {0, 1, 0, 1};
    dist_rec td[] = {{0, 0, 0, 0, NAN, NAN, 0},
                     {(uint8_t)code, logf(0.25f), 0.1f, NAN, NAN, NAN,
                      (uint8_t)negative},
                     {0, 0, 0, 0, NAN, NAN, 0},
                     {0, 0, 0, 0, NAN, NAN, 0}};
    write_npy(dir, "t.indices.npy", IDX, "(4,)", ti, sizeof ti);
    write_npy(dir, "t.data.npy", "'<f8'", "(4,)", tx, sizeof tx);
    write_npy(dir, "t.flip.npy", "'|b1'", "(4,)", tf, sizeof tf);
    write_npy(dir, "t.distributions.npy", DIST, "(4,)", td, sizeof td);
    int64_t t2i[] = {20, 20};
    double t2x[] = {4};
    write_npy(dir, "t2.indices.npy", IDX, "(1,)", t2i, sizeof t2i);
    write_npy(dir, "t2.data.npy", "'<f8'", "(1,)", t2x, sizeof t2x);
    dist_rec bd[] = {{3, 3.0f, 0.3f, NAN, NAN, NAN, 0}};
    write_npy(dir, "b.indices.npy", "[('row', '<i4'), ('col', '<i4')]", "(1,)",
              (int32_t[]){7, 20}, 8);
    write_npy(dir, "b.data.npy", "'<f4'", "(1,)", (float[]){3.0f}, 4);
    write_npy(dir, "b.distributions.npy", DIST, "(1,)", bd, sizeof bd);
    int64_t ci[] = {7, 0, 99, 0};
    double cx[] = {2, 5};
    write_npy(dir, "c.indices.npy", IDX, "(2,)", ci, sizeof ci);
    write_npy(dir, "c.data.npy", "'<f8'", "(2,)", cx, sizeof cx);
    write_text(dir, "names.csv", "id,name,unit,location\n10,steel,kg,GLO\n"
               "20,\"power, grid\",kWh,RER\n30,unused,kg,GLO\n");
    const char *const r[][4] = {
        {"technosphere_matrix", "indices", "t", "t.indices.npy"},
        {"technosphere_matrix", "data", "t", "t.data.npy"},
        {"technosphere_matrix", "flip", "t", "t.flip.npy"},
        {"technosphere_matrix", "distributions", "t", "t.distributions.npy"},
        {"technosphere_matrix", "indices", "t2", "t2.indices.npy"},
        {"technosphere_matrix", "data", "t2", "t2.data.npy"},
        {"biosphere_matrix", "indices", "b", "b.indices.npy"},
        {"biosphere_matrix", "data", "b", "b.data.npy"},
        {"biosphere_matrix", "distributions", "b", "b.distributions.npy"},
        {"characterization_matrix", "indices", "gwp", "c.indices.npy"},
        {"characterization_matrix", "data", "gwp", "c.data.npy"}};
    write_json(dir, 11, r,
               "{\"profile\": \"data-resource\", \"mediatype\": \"text/csv\", "
               "\"path\": \"names.csv\", \"name\": \"names\", \"valid_for\": "
               "[[\"t\", \"cols\"]]}");
    return dir;
}

static void test_import_bw_merges_flips_and_names(void **state) {
    lca_ctx *ctx = *state;
    lca_model *M = import1(ctx, write_good("bw_good", 2, 0));
    assert_string_equal(lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_NAME, 1),
                        "power, grid");
    assert_string_equal(lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_REGION, 0),
                        "GLO");
    // T = [2 0; -0.5 4]: the two 0.25 summed, production of 20 replaced.
    const lca_csc *A = lca_model_A(M);
    const double *Ax = lca_csc_values(A);
    assert_int_equal(lca_csc_nnz(A), 3);
    assert_true(Ax[0] == 2.0 && Ax[1] == -0.5 && Ax[2] == 4.0);
    // Two lognormals summed: not one lognormal, so dropped and reported.
    assert_null(lca_model_uncertainty(M, LCA_MATRIX_A));
    const lca_uncertainty *ub = lca_model_uncertainty(M, LCA_MATRIX_B);
    assert_true(ub[0].dist == LCA_DIST_NORMAL && ub[0].p1 == 3.0);
    int dropped = 0, left_out = 0;
    for (int64_t i = 0; i < lca_model_nreports(M); i++) {
        const char *k = lca_model_report(M, i, LCA_REPORT_KIND);
        dropped += strcmp(k, "uncertainty dropped") == 0;
        left_out += strcmp(k, "factors left out") == 0;
    }
    assert_int_equal(dropped, 1);
    assert_int_equal(left_out, 1);
    // By hand: s = T^-1 e_j; g = 3 s_2; h = 2 g.
    // Product 10: s = (1/2, 1/16), h = 6/16; product 20: s = (0, 1/4), h = 1.5.
    double N[2];
    factors(M, N);
    assert_close(N[0], 0.375, 1e-15);
    assert_close(N[1], 1.5, 1e-15);
    lca_model_destroy(&M);
}

// Import path; expect LCA_ERR_INVALID and every needle in the message.
static void expect_error(lca_ctx *ctx, const char *path, const char *n1,
                         const char *n2) {
    lca_model *M = (lca_model *)1;
    assert_int_equal(lca_import_bw(ctx, 1, &path, &M), LCA_ERR_INVALID);
    assert_null(M);
    assert_true(has(lca_ctx_errmsg(ctx), n1));
    if (n2 != NULL) assert_true(has(lca_ctx_errmsg(ctx), n2));
}

static void test_import_bw_rejects_unsupported_codes(void **state) {
    lca_ctx *ctx = *state;
    expect_error(ctx, write_good("bw_code8", 8, 0), "code 8 (Weibull)",
                 "entry 1 (row 20, col 10)");
    expect_error(ctx, write_good("bw_code12", 12, 0), "code 12 (Student's t)",
                 "t.distributions.npy");
    expect_error(ctx, write_good("bw_code99", 99, 0), "code 99 (unknown)", NULL);
}

// The good package with one file replaced.
static const char *variant(const char *name) { return write_good(name, 2, 0); }

static void test_import_bw_rejects_bad_arrays(void **state) {
    lca_ctx *ctx = *state;
    const char *d = variant("bw_neg");
    write_npy(d, "t2.indices.npy", IDX, "(1,)", (int64_t[]){-3, 20}, 16);
    expect_error(ctx, d, "t2.indices.npy", "entry 0 (row -3, col 20)");
    d = variant("bw_square");
    write_npy(d, "t2.indices.npy", IDX, "(1,)", (int64_t[]){30, 20}, 16);
    expect_error(ctx, d, "3 product ids (rows) and 2 activity ids", "row id 30");
    d = variant("bw_bio_col");
    write_npy(d, "b.indices.npy", IDX, "(1,)", (int64_t[]){7, 55}, 16);
    expect_error(ctx, d, "column id 55 is not an activity", NULL);
    d = variant("bw_flip_type");
    write_npy(d, "t.flip.npy", "'|i1'", "(4,)", (int8_t[]){0, 1, 0, 1}, 4);
    expect_error(ctx, d, "t.flip.npy", "is not bool but int8");
    d = variant("bw_length");
    write_npy(d, "t.data.npy", "'<f8'", "(3,)", (double[]){1, 2, 3}, 24);
    expect_error(ctx, d, "has 3 entries, its indices 4", NULL);
    d = variant("bw_float_idx");
    write_npy(d, "t2.indices.npy", "[('row', '<f8'), ('col', '<f8')]", "(1,)",
              (double[]){20, 20}, 16);
    expect_error(ctx, d, "t2.indices.npy", "wrong type: row");
    d = variant("bw_nan");
    write_npy(d, "t2.data.npy", "'<f8'", "(1,)", (double[]){NAN}, 8);
    expect_error(ctx, d, "t2.data.npy", "not a finite number");
}

// A malformed .npy header as t2.data.npy: the message names the file.
static void expect_npy(lca_ctx *ctx, const char *name, const void *bytes,
                       size_t size, const char *want) {
    const char *d = variant(name);
    char path[4200];
    snprintf(path, sizeof path, "%s/t2.data.npy", d);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    fwrite(bytes, 1, size, fp);
    fclose(fp);
    expect_error(ctx, d, "t2.data.npy", want);
}

static void test_import_bw_rejects_malformed_npy(void **state) {
    lca_ctx *ctx = *state;
    expect_npy(ctx, "npy_magic", "\x93NUMPX\x01\x00\x00\x00", 10, "magic");
    expect_npy(ctx, "npy_version", "\x93NUMPY\x04\x00\x00\x00", 10, "version 4.0");
    expect_npy(ctx, "npy_short", "\x93NUMPY\x01\x00\xff\x00{", 11, "header says 255");
    const char *d = variant("npy_endian");
    write_npy(d, "t2.data.npy", "'>f8'", "(1,)", (double[]){1}, 8);
    expect_error(ctx, d, "t2.data.npy", "not little-endian");
    d = variant("npy_unicode");
    write_npy(d, "t2.data.npy", "'<U4'", "(1,)", "abcdabcdabcdabcd", 16);
    expect_error(ctx, d, "t2.data.npy", "'U4' is not supported");
    d = variant("npy_3d");
    write_npy(d, "t2.data.npy", "'<f8'", "(1, 1, 1)", (double[]){1}, 8);
    expect_error(ctx, d, "t2.data.npy", "more than 2 dimensions");
    d = variant("npy_2d");
    write_npy(d, "t2.data.npy", "'<f8'", "(1, 1)", (double[]){1}, 8);
    expect_error(ctx, d, "t2.data.npy", "not one-dimensional");
    d = variant("npy_data_short");
    write_npy(d, "t2.data.npy", "'<f8'", "(2,)", (double[]){1}, 8);
    expect_error(ctx, d, "t2.data.npy", "the file holds 8 data bytes");
    d = variant("npy_huge");
    write_npy(d, "t2.data.npy", "'<f8'", "(4611686018427387903, 4)",
              (double[]){1}, 8);
    expect_error(ctx, d, "t2.data.npy", "overflows");
    d = variant("npy_subshape");
    write_npy(d, "t2.indices.npy", "[('row', '<i8', (2,))]", "(1,)",
              (int64_t[]){20, 20}, 16);
    expect_error(ctx, d, "t2.indices.npy", "sub-shape");
    char h[64] = "\x93NUMPY\x01\x00__{'descr': '<f8', 'shape': (1,)}";
    size_t hl = strlen(h + 10);
    h[8] = (char)hl;
    h[9] = 0;
    expect_npy(ctx, "npy_keys", h, 10 + hl, "missing");
}

static void test_import_bw_rejects_unreadable_resources(void **state) {
    lca_ctx *ctx = *state;
    const char *d = test_tmpdir("bw_parquet");
    const char *const pq[][4] = {
        {"technosphere_matrix", "indices", "t", "t.indices.parquet"}};
    write_json(d, 1, pq, NULL);
    char text[1024];
    snprintf(text, sizeof text, "%s/datapackage.json", d);
    FILE *fp = fopen(text, "r");
    size_t n = fread(text, 1, sizeof text - 1, fp);
    fclose(fp);
    text[n] = '\0';
    char *f = strstr(text, "\"npy\"");
    memcpy(f, "\"pqt\"", 5);
    write_text(d, "datapackage.json", text);
    expect_error(ctx, d, "only npy arrays are read, not format 'pqt'", NULL);
    d = test_tmpdir("bw_escape");
    const char *const esc[][4] = {
        {"technosphere_matrix", "indices", "t", "../t.indices.npy"},
        {"technosphere_matrix", "data", "t", "t.data.npy"}};
    write_json(d, 2, esc, NULL);
    expect_error(ctx, d, "'../t.indices.npy' is not a plain file name", NULL);
    const char *path = src_path(BW "test-fixture-32bit.zip");
    expect_error(ctx, path, "only other matrices, e.g. 'sa_matrix'", NULL);
    d = test_tmpdir("bw_notjson");
    write_text(d, "datapackage.json", "{\"resources\": [");
    expect_error(ctx, d, "datapackage.json: line 1", NULL);
}

// bw_processing's fixture arrays through the .npy reader: int32 and int64
// structured indices, float32 data, stats_arrays records.
static void test_npy_reads_bw_processing_fixture(void **state) {
    lca_ctx *ctx = *state;
    lca__zip *z = NULL;
    assert_int_equal(lca__zip_open(ctx, src_path(BW "test-fixture-32bit.zip"),
                                   &z), LCA_OK);
    int checked = 0;
    for (int64_t i = 0; i < lca__zip_count(z); i++) {
        const char *name = lca__zip_name(z, i);
        char *buf = NULL;
        size_t size = 0;
        lca__npy a;
        if (strstr(name, ".npy") == NULL) continue;
        assert_int_equal(lca__zip_read(z, i, &buf, &size), LCA_OK);
        assert_int_equal(lca__npy_parse(ctx, name, buf, size, &a), LCA_OK);
        int64_t r = 0, c = 0;
        if (strcmp(name, "sa-data-vector.indices.npy") == 0) {
            assert_string_equal(lca__npy_type_str(&a, 0), "int32");
            assert_true(lca__npy_int64(&a, 2, 0, &r) && lca__npy_int64(&a, 2, 1, &c));
            assert_true(a.count == 3 && r == 3 && c == 6);
            checked++;
        } else if (strcmp(name, "sa-data-vector-from-dict.data.npy") == 0) {
            assert_true(lca__npy_double(&a, 1, 0) == (double)8.3f);
            checked++;
        } else if (strcmp(name, "sa-data-vector-from-dict.distributions.npy") == 0) {
            int f = lca__npy_field_find(&a, "scale");
            assert_true(a.nfields == 7 && a.itemsize == 22);
            assert_true(lca__npy_int64(&a, 1, 0, &r) && r == 7);
            assert_true(lca__npy_double(&a, 0, f) == (double)3.9f);
            checked++;
        } else if (strcmp(name, "sa-data-array.data.npy") == 0) {
            assert_true(a.ndim == 2 && a.shape[1] == 4);
            assert_true(lca__npy_int64(&a, 6, 0, &r) && r == 6);
            checked++;
        }
        lca__free(ctx, buf);
    }
    lca__zip_close(&z);
    assert_int_equal(checked, 4);
}

static void test_import_bw_allocation_failures(void **state) {
    lca_ctx *ctx = *state;
    const char *path = write_good("bw_alloc", 3, 0);
    test_alloc ta;
    int64_t k = 0;
    for (;; k++) {
        test_alloc_install(ctx, &ta, k);
        lca_model *M = (lca_model *)1;
        lca_status st = lca_import_bw(ctx, 1, &path, &M);
        if (st == LCA_OK) {
            lca_model_destroy(&M);
            assert_int_equal(ta.live, 0);
            break;
        }
        if (st != LCA_ERR_NOMEM) print_error("k = %lld: %s\n", (long long)k,
                                             lca_ctx_errmsg(ctx));
        assert_int_equal(st, LCA_ERR_NOMEM);
        assert_null(M);
        assert_int_equal(ta.live, 0);
    }
    lca_ctx_set_allocator(ctx, NULL);
    assert_true(k > 30);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_import_bw_mc_basic_by_hand,
                                        ctx_setup, ctx_teardown),
        cmocka_unit_test_setup_teardown(test_import_bw_mobility_example,
                                        ctx_setup, ctx_teardown),
        cmocka_unit_test_setup_teardown(test_import_bw_merges_flips_and_names,
                                        ctx_setup, ctx_teardown),
        cmocka_unit_test_setup_teardown(test_import_bw_rejects_unsupported_codes,
                                        ctx_setup, ctx_teardown),
        cmocka_unit_test_setup_teardown(test_import_bw_rejects_bad_arrays,
                                        ctx_setup, ctx_teardown),
        cmocka_unit_test_setup_teardown(test_import_bw_rejects_malformed_npy,
                                        ctx_setup, ctx_teardown),
        cmocka_unit_test_setup_teardown(
            test_import_bw_rejects_unreadable_resources, ctx_setup,
            ctx_teardown),
        cmocka_unit_test_setup_teardown(test_npy_reads_bw_processing_fixture,
                                        ctx_setup, ctx_teardown),
        cmocka_unit_test_setup_teardown(test_import_bw_allocation_failures,
                                        ctx_setup, ctx_teardown),
    };
    return cmocka_run_group_tests_name("import_bw", tests, NULL, NULL);
}
