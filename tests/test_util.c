// tests/test_util.c: shared test helpers
// SPDX-License-Identifier: MIT

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <hdf5.h>

#include "test_util.h"

int ctx_setup(void **state) {
    lca_ctx *ctx = NULL;
    if (lca_ctx_create(&ctx) != LCA_OK) return -1;
    *state = ctx;
    return 0;
}

int ctx_teardown(void **state) {
    lca_ctx *ctx = *state;
    lca_ctx_destroy(&ctx);
    return 0;
}

int free_teardown(void **state) {
    free(*state);
    return 0;
}

void assert_close_impl(double a, double b, double rtol, const char *file,
                       int line) {
    double scale = fmax(fabs(a), fabs(b));
    if (fabs(a - b) <= rtol * scale || (a == b)) return;
    print_error("%.17g != %.17g (rel diff %.3g > rtol %.3g)\n", a, b,
                fabs(a - b) / scale, rtol);
    _fail(file, line);
}

static void *ta_malloc(void *user, size_t size) {
    test_alloc *ta = user;
    if (ta->fail_at >= 0 && ta->count++ == ta->fail_at) return NULL;
    if (ta->fail_at < 0) ta->count++;
    void *p = malloc(size);
    if (p != NULL) ta->live++;
    return p;
}

static void ta_free(void *user, void *p) {
    test_alloc *ta = user;
    if (p != NULL) ta->live--;
    free(p);
}

void test_alloc_install(lca_ctx *ctx, test_alloc *ta, int64_t fail_at) {
    ta->fail_at = fail_at;
    ta->count = 0;
    ta->live = 0;
    lca_allocator a = {ta_malloc, NULL, ta_free, ta};
    lca_ctx_set_allocator(ctx, &a);
}

void test_alloc_fail_at(test_alloc *ta, int64_t fail_at) {
    ta->fail_at = fail_at;
    ta->count = 0;
}

const char *src_path(const char *rel) {
    static char buf[4096];
    snprintf(buf, sizeof buf, "%s/%s", LCA_SOURCE_DIR, rel);
    return buf;
}

const char *test_tmpdir(const char *name) {
    static char buf[4096];
    snprintf(buf, sizeof buf, "%s/test-tmp/%s", LCA_BINARY_DIR, name);
    char cmd[8300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s' && mkdir -p '%s'", buf, buf);
    if (system(cmd) != 0) return NULL;
    return buf;
}

lca_csc *csc_from_dense(lca_ctx *ctx, int64_t m, int64_t n, const double *X) {
    int64_t nt = 0;
    int64_t *Ti = malloc(sizeof *Ti * (size_t)(m * n + 1));
    int64_t *Tj = malloc(sizeof *Tj * (size_t)(m * n + 1));
    double *Tx = malloc(sizeof *Tx * (size_t)(m * n + 1));
    for (int64_t i = 0; i < m; i++) {
        for (int64_t j = 0; j < n; j++) {
            if (X[i * n + j] != 0.0) {
                Ti[nt] = i;
                Tj[nt] = j;
                Tx[nt++] = X[i * n + j];
            }
        }
    }
    lca_csc *A = NULL;
    lca_status st = lca_csc_from_triplets(ctx, m, n, nt, Ti, Tj, Tx, &A);
    free(Ti);
    free(Tj);
    free(Tx);
    return st == LCA_OK ? A : NULL;
}

lca_model *model_from_dense(lca_ctx *ctx, lca_convention conv, int64_t n,
                            int64_t m, int64_t k, const double *A,
                            const double *B, const double *C) {
    lca_csc *Ac = csc_from_dense(ctx, n, n, A);
    lca_csc *Bc = csc_from_dense(ctx, m, n, B);
    lca_csc *Cc = csc_from_dense(ctx, k, m, C);
    assert_true(Ac != NULL && Bc != NULL && Cc != NULL);
    lca_model *M = NULL;
    assert_int_equal(lca_model_create(ctx, conv, Ac, Bc, Cc, &M), LCA_OK);
    lca_csc_destroy(&Ac);
    lca_csc_destroy(&Bc);
    lca_csc_destroy(&Cc);
    return M;
}

void label_gwp_model(lca_model *M, const char *const *pid,
                     const char *const *names, const char *const *unit) {
    const char *fid[1] = {"co2"}, *iid[1] = {"GWP100"};
    const char *iunit[1] = {"kg CO2-eq"};
    assert_int_equal(lca_model_set_labels(M, LCA_PRODUCTS, LCA_LABEL_ID, pid),
                     LCA_OK);
    if (names != NULL) {
        assert_int_equal(
            lca_model_set_labels(M, LCA_PRODUCTS, LCA_LABEL_NAME, names),
            LCA_OK);
    }
    assert_int_equal(
        lca_model_set_labels(M, LCA_PRODUCTS, LCA_LABEL_UNIT, unit), LCA_OK);
    assert_int_equal(lca_model_set_labels(M, LCA_FLOWS, LCA_LABEL_ID, fid),
                     LCA_OK);
    assert_int_equal(
        lca_model_set_labels(M, LCA_INDICATORS, LCA_LABEL_ID, iid), LCA_OK);
    assert_int_equal(
        lca_model_set_labels(M, LCA_INDICATORS, LCA_LABEL_UNIT, iunit),
        LCA_OK);
}

void write_named_model(lca_model **M, const char *const *names,
                       const char *path) {
    assert_int_equal(lca_model_set_labels(*M, LCA_PRODUCTS, LCA_LABEL_NAME,
                                          names), LCA_OK);
    assert_int_equal(lca_model_write(*M, path), LCA_OK);
    lca_model_destroy(M);
}

int file_exists(const char *path) {
    struct stat sb;
    return stat(path, &sb) == 0;
}

char *test_slurp(const char *path) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) fail_msg("cannot open %s", path);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    long len = ftell(f);
    assert_true(len >= 0);
    assert_int_equal(fseek(f, 0, SEEK_SET), 0);
    char *s = malloc((size_t)len + 1);
    assert_non_null(s);
    assert_int_equal(fread(s, 1, (size_t)len, f), (size_t)len);
    s[len] = '\0';
    fclose(f);
    return s;
}

void test_write_text(const char *path, const char *text) {
    FILE *f = fopen(path, "w");
    if (f == NULL) fail_msg("cannot write %s", path);
    assert_true(fputs(text, f) >= 0);
    assert_int_equal(fclose(f), 0);
}

void h5_unseal(const char *path) {
    FILE *fp = fopen(path, "r+b");
    assert_non_null(fp);
    char head[16] = {0};
    size_t got = fread(head, 1, sizeof head, fp);
    if (got == sizeof head && memcmp(head, "leontief-seal", 13) == 0) {
        static const char zeros[512];
        assert_int_equal(fseek(fp, 0, SEEK_SET), 0);
        assert_int_equal(fwrite(zeros, 1, sizeof zeros, fp), sizeof zeros);
    }
    fclose(fp);
}

double *read_h5_doubles(const char *file, const char *name, int64_t *count) {
    hid_t h = H5Fopen(file, H5F_ACC_RDONLY, H5P_DEFAULT);
    assert_true(h >= 0);
    hid_t d = H5Dopen2(h, name, H5P_DEFAULT);
    assert_true(d >= 0);
    hid_t sp = H5Dget_space(d);
    *count = (int64_t)H5Sget_simple_extent_npoints(sp);
    double *v = malloc(sizeof *v * (size_t)(*count + 1));
    assert_true(H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT,
                        v) >= 0);
    H5Sclose(sp);
    H5Dclose(d);
    H5Fclose(h);
    return v;
}

int64_t read_h5_root_int(const char *file, const char *name) {
    hid_t h = H5Fopen(file, H5F_ACC_RDONLY, H5P_DEFAULT);
    hid_t a = h >= 0 ? H5Aopen(h, name, H5P_DEFAULT) : H5I_INVALID_HID;
    int64_t v = -1;
    if (a >= 0 && H5Aread(a, H5T_NATIVE_INT64, &v) < 0) v = -1;
    if (a >= 0) H5Aclose(a);
    if (h >= 0) H5Fclose(h);
    return v;
}
