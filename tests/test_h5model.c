// tests/test_h5model.c: model files and the HDF5 writer (io/h5model_*.c,
// io/hdf5/h5out.c, io/hdf5/h5util.c, io/util/atomic.c)
// SPDX-License-Identifier: MIT
//
// Files are checked with the HDF5 API directly, never only through our own
// reader, and damaged files are made the same way: write a good file, then
// delete or replace one object in a copy of it. Every read is followed by
// a check that no HDF5 object is left open.

#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <hdf5.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "io/hdf5/h5out_impl.h"
#include "io/util/atomic_impl.h"
#include "test_util.h"

#define N 3  // products
#define M_ 2  // flows
#define K 2  // indicators

// ---- the model -------------------------------------------------------------

static const double A_TECH[N * N] = {
    1.0,  -0.2,       0.0,   // row 0
    -0.5, 1.0,        -0.1,  // row 1
    0.0,  -1.0 / 3.0, 2.0,   // row 2
};
static const double A_IO[N * N] = {
    0.0, 0.2,       0.0,  // row 0: no diagonal anywhere
    0.5, 0.0,       0.1,  // row 1
    0.0, 1.0 / 3.0, 0.0,  // row 2
};
static const double B_DENSE[M_ * N] = {0.1, 0, 3e-12, 0, 7.25, 1e300};
static const double C_DENSE[K * M_] = {1, 25, 0, 298};

static const char *const PRODUCT_IDS[N] = {"p1", "p2", "p3"};
static const char *const PRODUCT_NAMES[N] = {"Stahl, warm gewalzt", "Müsli",
                                             "power"};
static const char *const PRODUCT_UNITS[N] = {"kg", "kWh", "m³"};
static const char *const FLOW_IDS[M_] = {"co2", "ch4"};
static const char *const FLOW_NAMES[M_] = {"Carbon dioxide", "Methane"};
static const char *const FLOW_COMPS[M_] = {"air/urban", "air"};
static const char *const FLOW_UNITS[M_] = {"kg", "kg"};
static const char *const INDICATOR_IDS[K] = {"GWP100", "ODP"};
static const char *const INDICATOR_UNITS[K] = {"kg CO2-eq", "kg CFC-11-eq"};

static void set_labels(lca_model *M, lca_axis axis, lca_label label,
                       const char *const *v) {
    assert_int_equal(lca_model_set_labels(M, axis, label, v), LCA_OK);
}

// A record of distribution dist with parameters p1, p2, p3 and no bounds.
static lca_uncertainty rec(lca_dist dist, double p1, double p2, double p3) {
    lca_uncertainty u = lca_uncertainty_none();
    u.dist = (uint8_t)dist;
    u.p1 = p1;
    u.p2 = p2;
    u.p3 = p3;
    return u;
}

// Records for every entry of A (every distribution, bounds, pedigree),
// B (lognormal, as ecoinvent has them) and C (one of each kind of bound),
// and two report lines with characters CSV must quote.
static void add_uncertainty(lca_model *M) {
    lca_uncertainty a[7] = {
        rec(LCA_DIST_LOGNORMAL, 1.0, 1.2, 0),
        rec(LCA_DIST_NORMAL, -0.5, 0.05, 0),
        lca_uncertainty_none(), rec(LCA_DIST_UNIFORM, 0.9, 1.1, 0),
        rec(LCA_DIST_TRIANGULAR, -0.5, -1.0 / 3.0, -0.2),
        rec(LCA_DIST_PERT, -0.2, -0.1, 0), rec(LCA_DIST_GAMMA, 2, 1, 0),
    };
    uint8_t ped[5] = {1, 2, 3, 4, 5};
    memcpy(a[0].pedigree, ped, 5);
    a[6].pedigree[4] = 1;
    a[1].lo = -1.0;
    a[4].lo = -0.6;
    a[4].hi = -0.1;
    lca_uncertainty b[4], c[3];
    for (int p = 0; p < 4; p++) {
        b[p] = rec(LCA_DIST_LOGNORMAL, lca_csc_values(lca_model_B(M))[p],
                   1.05 + p, 0);
        memcpy(b[p].pedigree, ped, 5);
        b[p].pedigree[p] = 0;
    }
    for (int p = 0; p < 3; p++) c[p] = rec(LCA_DIST_NORMAL, 1, 0.1, 0);
    c[0].hi = 1e300;
    c[1].lo = -INFINITY;
    assert_int_equal(lca_model_set_uncertainty(M, LCA_MATRIX_A, a), LCA_OK);
    assert_int_equal(lca_model_set_uncertainty(M, LCA_MATRIX_B, b), LCA_OK);
    assert_int_equal(lca_model_set_uncertainty(M, LCA_MATRIX_C, c), LCA_OK);
    assert_int_equal(lca_model_add_report(M, "unlinked input", "u-1",
                                          "Stahl, warm", "said \"no\"\n"),
                     LCA_OK);
    assert_int_equal(lca_model_add_report(M, "cut-off", "", "", "1e-30"),
                     LCA_OK);
}

// Three products, two flows, two indicators (names unset), three demands
// (one empty), three sets (one empty), three attributes (one empty),
// uncertainty records on A, B and C, and two report lines.
static lca_model *model_make(lca_ctx *ctx, lca_convention conv) {
    lca_csc *A = csc_from_dense(ctx, N, N,
                                conv == LCA_TECHNOSPHERE ? A_TECH : A_IO);
    lca_csc *B = csc_from_dense(ctx, M_, N, B_DENSE);
    lca_csc *C = csc_from_dense(ctx, K, M_, C_DENSE);
    lca_model *M = NULL;
    assert_int_equal(lca_model_create(ctx, conv, A, B, C, &M), LCA_OK);
    lca_csc_destroy(&A);
    lca_csc_destroy(&B);
    lca_csc_destroy(&C);
    set_labels(M, LCA_PRODUCTS, LCA_LABEL_ID, PRODUCT_IDS);
    set_labels(M, LCA_PRODUCTS, LCA_LABEL_NAME, PRODUCT_NAMES);
    set_labels(M, LCA_PRODUCTS, LCA_LABEL_UNIT, PRODUCT_UNITS);
    set_labels(M, LCA_FLOWS, LCA_LABEL_ID, FLOW_IDS);
    set_labels(M, LCA_FLOWS, LCA_LABEL_NAME, FLOW_NAMES);
    set_labels(M, LCA_FLOWS, LCA_LABEL_COMPARTMENT, FLOW_COMPS);
    set_labels(M, LCA_FLOWS, LCA_LABEL_UNIT, FLOW_UNITS);
    set_labels(M, LCA_INDICATORS, LCA_LABEL_ID, INDICATOR_IDS);
    set_labels(M, LCA_INDICATORS, LCA_LABEL_UNIT, INDICATOR_UNITS);
    int64_t i1[] = {0}, i2[] = {2, 1};
    double v1[] = {1.0}, v2[] = {-1e-3, 2.5};
    assert_int_equal(lca_model_add_demand(M, "d1", 1, i1, v1), LCA_OK);
    assert_int_equal(lca_model_add_demand(M, "d2 (mixed)", 2, i2, v2),
                     LCA_OK);
    assert_int_equal(lca_model_add_demand(M, "empty", 0, NULL, NULL), LCA_OK);
    int64_t key[] = {0, 1}, all[] = {2, 1, 0};
    assert_int_equal(lca_model_add_demand_set(M, "key", 2, key), LCA_OK);
    assert_int_equal(lca_model_add_demand_set(M, "all", 3, all), LCA_OK);
    assert_int_equal(lca_model_add_demand_set(M, "none", 0, NULL), LCA_OK);
    assert_int_equal(lca_model_set_attr(M, "title", "Test model"), LCA_OK);
    assert_int_equal(lca_model_set_attr(M, "source", "Umweltbundesamt – ö"),
                     LCA_OK);
    assert_int_equal(lca_model_set_attr(M, "empty", ""), LCA_OK);
    add_uncertainty(M);
    return M;
}

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

// Records compared field by field, floats bit for bit (NaN == NaN).
static void assert_records_identical(const lca_model *X, const lca_model *Y,
                                     lca_matrix W) {
    const lca_uncertainty *u = lca_model_uncertainty(X, W);
    const lca_uncertainty *v = lca_model_uncertainty(Y, W);
    assert_int_equal(u == NULL, v == NULL);
    const lca_csc *Z = W == LCA_MATRIX_A ? lca_model_A(X)
                       : W == LCA_MATRIX_B ? lca_model_B(X) : lca_model_C(X);
    for (int64_t p = 0; u != NULL && p < lca_csc_nnz(Z); p++) {
        assert_int_equal(u[p].dist, v[p].dist);
        assert_memory_equal(&u[p].p1, &v[p].p1, sizeof u[p].p1);
        assert_memory_equal(&u[p].p2, &v[p].p2, sizeof u[p].p2);
        assert_memory_equal(&u[p].p3, &v[p].p3, sizeof u[p].p3);
        assert_memory_equal(&u[p].lo, &v[p].lo, sizeof u[p].lo);
        assert_memory_equal(&u[p].hi, &v[p].hi, sizeof u[p].hi);
        assert_memory_equal(u[p].pedigree, v[p].pedigree, 5);
    }
}

static void assert_extras_identical(const lca_model *X, const lca_model *Y) {
    for (int w = LCA_MATRIX_A; w <= LCA_MATRIX_C; w++) {
        assert_records_identical(X, Y, (lca_matrix)w);
    }
    assert_int_equal(lca_model_nreports(X), lca_model_nreports(Y));
    for (int64_t i = 0; i < lca_model_nreports(X); i++) {
        for (int f = 0; f < 4; f++) {
            assert_string_equal(lca_model_report(X, i, f),
                                lca_model_report(Y, i, f));
        }
    }
}

static void assert_models_identical(const lca_model *X, const lca_model *Y) {
    assert_extras_identical(X, Y);
    assert_int_equal(lca_model_convention(X), lca_model_convention(Y));
    assert_csc_identical(lca_model_A(X), lca_model_A(Y));
    assert_csc_identical(lca_model_B(X), lca_model_B(Y));
    assert_csc_identical(lca_model_C(X), lca_model_C(Y));
    assert_csc_identical(lca_model_demands(X), lca_model_demands(Y));
    for (int a = LCA_PRODUCTS; a <= LCA_DEMANDS; a++) {
        assert_int_equal(lca_model_dim(X, a), lca_model_dim(Y, a));
        for (int l = 0; l < LCA_NLABELS; l++) {
            if (l == LCA_LABEL_COMPARTMENT && a != LCA_FLOWS) continue;
            for (int64_t i = 0; i < lca_model_dim(X, a); i++) {
                assert_string_equal(lca_model_label(X, a, l, i),
                                    lca_model_label(Y, a, l, i));
            }
        }
    }
    assert_int_equal(lca_model_ndemand_sets(X), lca_model_ndemand_sets(Y));
    for (int64_t s = 0; s < lca_model_ndemand_sets(X); s++) {
        assert_string_equal(lca_model_demand_set_name(X, s),
                            lca_model_demand_set_name(Y, s));
        int64_t cx = 0, cy = 0;
        const int64_t *ix = lca_model_demand_set(X, s, &cx);
        const int64_t *iy = lca_model_demand_set(Y, s, &cy);
        assert_int_equal(cx, cy);
        for (int64_t i = 0; i < cx; i++) assert_int_equal(ix[i], iy[i]);
    }
    assert_int_equal(lca_model_nattrs(X), lca_model_nattrs(Y));
    for (int64_t i = 0; i < lca_model_nattrs(X); i++) {
        const char *key = lca_model_attr_key(X, i);
        assert_string_equal(key, lca_model_attr_key(Y, i));
        assert_string_equal(lca_model_attr(X, key), lca_model_attr(Y, key));
    }
}

// ---- files -----------------------------------------------------------------

typedef struct files {
    char dir[4096];
    char model[4200];  // dir/model.h5, a good file
    char bad[4200];    // dir/bad.h5, for damaged copies
} files;

// A fresh directory for the test, with a good model file in it.
static void files_make(lca_ctx *ctx, const char *test, files *f) {
    const char *dir = test_tmpdir(test);
    assert_non_null(dir);
    snprintf(f->dir, sizeof f->dir, "%s", dir);
    snprintf(f->model, sizeof f->model, "%s/model.h5", f->dir);
    snprintf(f->bad, sizeof f->bad, "%s/bad.h5", f->dir);
    lca_model *M = model_make(ctx, LCA_TECHNOSPHERE);
    assert_int_equal(lca_model_write(M, f->model), LCA_OK);
    lca_model_destroy(&M);
}

static char *slurp(const char *path, size_t *size) {
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    fseek(fp, 0, SEEK_END);
    long len = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    char *buf = malloc((size_t)len + 1);
    assert_int_equal(fread(buf, 1, (size_t)len, fp), (size_t)len);
    fclose(fp);
    *size = (size_t)len;
    return buf;
}

static void spit(const char *path, const char *buf, size_t size) {
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(buf, 1, size, fp), size);
    fclose(fp);
}

// dst = the first keep_num/keep_den of src.
static void copy_part(const char *src, const char *dst, size_t keep_num,
                      size_t keep_den) {
    size_t size = 0;
    char *buf = slurp(src, &size);
    spit(dst, buf, size * keep_num / keep_den);
    free(buf);
}

static int files_equal(const char *a, const char *b) {
    size_t na = 0, nb = 0;
    char *x = slurp(a, &na), *y = slurp(b, &nb);
    int eq = na == nb && memcmp(x, y, na) == 0;
    free(x);
    free(y);
    return eq;
}

// Entries of dir whose name starts with prefix.
static int count_entries(const char *dir, const char *prefix) {
    DIR *d = opendir(dir);
    assert_non_null(d);
    int count = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        count += strncmp(e->d_name, prefix, strlen(prefix)) == 0;
    }
    closedir(d);
    return count;
}

static void assert_no_h5_objects_open(void) {
    assert_int_equal(H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_ALL), 0);
}

// ---- editing files with the HDF5 API ---------------------------------------

// An edit by hand: the file loses its seal (and is probed when read).
static hid_t open_rw(const char *path) {
    h5_unseal(path);
    hid_t f = H5Fopen(path, H5F_ACC_RDWR, H5P_DEFAULT);
    assert_true(f >= 0);
    return f;
}

static void h5_delete(const char *path, const char *name) {
    hid_t f = open_rw(path);
    assert_true(H5Ldelete(f, name, H5P_DEFAULT) >= 0);
    assert_true(H5Fclose(f) >= 0);
}

// Replace (or create) the 1-D dataset name with count values of mtype.
static void h5_put(const char *path, const char *name, hid_t mtype,
                   int64_t count, const void *v) {
    hid_t f = open_rw(path);
    if (H5Lexists(f, name, H5P_DEFAULT) > 0) {
        assert_true(H5Ldelete(f, name, H5P_DEFAULT) >= 0);
    }
    hsize_t dims[1] = {(hsize_t)count};
    hid_t space = H5Screate_simple(1, dims, NULL);
    hid_t d = H5Dcreate2(f, name, mtype, space, H5P_DEFAULT, H5P_DEFAULT,
                         H5P_DEFAULT);
    assert_true(d >= 0);
    if (count > 0) {
        assert_true(H5Dwrite(d, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, v) >= 0);
    }
    H5Dclose(d);
    H5Sclose(space);
    assert_true(H5Fclose(f) >= 0);
}

static hid_t vlen_utf8(void) {
    hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, H5T_VARIABLE);
    H5Tset_cset(t, H5T_CSET_UTF8);
    return t;
}

static void h5_put_strings(const char *path, const char *name,
                           int64_t count, const char *const *s) {
    hid_t t = vlen_utf8();
    h5_put(path, name, t, count, s);
    H5Tclose(t);
}

// The 1-D dataset name read as mtype into a new array (free it).
static void *h5_get(const char *path, const char *name, hid_t mtype,
                    int64_t *count) {
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    hid_t d = H5Dopen2(f, name, H5P_DEFAULT);
    assert_true(d >= 0);
    hid_t space = H5Dget_space(d);
    *count = H5Sget_simple_extent_npoints(space);
    void *v = calloc((size_t)*count + 1, H5Tget_size(mtype));
    assert_true(H5Dread(d, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, v) >= 0);
    H5Sclose(space);
    H5Dclose(d);
    H5Fclose(f);
    return v;
}

static int64_t h5_count(const char *path, const char *name) {
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    hid_t d = H5Dopen2(f, name, H5P_DEFAULT);
    assert_true(d >= 0);
    hid_t space = H5Dget_space(d);
    int64_t count = H5Sget_simple_extent_npoints(space);
    H5Sclose(space);
    H5Dclose(d);
    H5Fclose(f);
    return count;
}

// Replace the scalar attribute key of obj.
static void h5_put_attr(const char *path, const char *obj, const char *key,
                        hid_t type, const void *v) {
    hid_t f = open_rw(path);
    if (H5Aexists_by_name(f, obj, key, H5P_DEFAULT) > 0) {
        assert_true(H5Adelete_by_name(f, obj, key, H5P_DEFAULT) >= 0);
    }
    hid_t space = H5Screate(H5S_SCALAR);
    hid_t a = H5Acreate_by_name(f, obj, key, type, space, H5P_DEFAULT,
                                H5P_DEFAULT, H5P_DEFAULT);
    assert_true(a >= 0);
    assert_true(H5Awrite(a, type, v) >= 0);
    H5Aclose(a);
    H5Sclose(space);
    assert_true(H5Fclose(f) >= 0);
}

static void h5_put_attr_string(const char *path, const char *obj,
                               const char *key, const char *value) {
    hid_t t = vlen_utf8();
    h5_put_attr(path, obj, key, t, &value);
    H5Tclose(t);
}

// Read path expecting status st, a NULL model, and a message naming the
// file and containing needle (if not NULL).
// How often needle occurs in s.
static int occurrences(const char *s, const char *needle) {
    int n = 0;
    for (const char *p = strstr(s, needle); p; p = strstr(p + 1, needle)) n++;
    return n;
}

// The read fails with st, naming path once (not once per layer that saw
// the error) and containing needle.
static void expect_read_error(lca_ctx *ctx, const char *path, lca_status st,
                              const char *needle) {
    lca_model *M = (lca_model *)1;
    lca_status got = lca_model_read(ctx, path, &M);
    const char *msg = lca_ctx_errmsg(ctx);
    if (got != st || occurrences(msg, path) != 1 ||
        (needle != NULL && strstr(msg, needle) == NULL)) {
        print_error("status %d (expected %d), message: %s\n", got, st, msg);
    }
    assert_int_equal(got, st);
    assert_null(M);
    assert_int_equal(occurrences(msg, path), 1);
    if (needle != NULL) assert_non_null(strstr(msg, needle));
    assert_no_h5_objects_open();
}

// ---- model round trip ------------------------------------------------------

static void round_trip(lca_ctx *ctx, lca_convention conv, const char *test) {
    const char *dir = test_tmpdir(test);
    assert_non_null(dir);
    char path[4200];
    snprintf(path, sizeof path, "%s/model.h5", dir);
    lca_model *M = model_make(ctx, conv), *R = NULL;
    assert_int_equal(lca_model_write(M, path), LCA_OK);
    assert_int_equal(count_entries(dir, "model.h5.tmp."), 0);
    assert_int_equal(lca_model_read(ctx, path, &R), LCA_OK);
    assert_no_h5_objects_open();
    assert_models_identical(M, R);
    // Writing over an existing file works the same way.
    assert_int_equal(lca_model_write(R, path), LCA_OK);
    lca_model_destroy(&R);
    assert_int_equal(lca_model_read(ctx, path, &R), LCA_OK);
    assert_models_identical(M, R);
    lca_model_destroy(&M);
    lca_model_destroy(&R);
}

static void test_h5model_round_trip_technosphere_is_exact(void **state) {
    round_trip(*state, LCA_TECHNOSPHERE, "h5model_round_trip_tech");
}

static void test_h5model_round_trip_io_coefficients_is_exact(void **state) {
    round_trip(*state, LCA_IO_COEFFICIENTS, "h5model_round_trip_io");
}

// The layout in docs/FORMAT.md, checked with the HDF5 API.
static void test_h5model_file_follows_the_schema(void **state) {
    files f;
    files_make(*state, "h5model_schema", &f);
    int64_t count = 0;
    int64_t *Ap = h5_get(f.model, "/A/colptr", H5T_NATIVE_INT64, &count);
    assert_int_equal(count, N + 1);
    assert_int_equal(Ap[N], 7);
    free(Ap);
    double *Bx = h5_get(f.model, "/B/values", H5T_NATIVE_DOUBLE, &count);
    assert_int_equal(count, 4);
    assert_true(Bx[3] == 1e300);
    free(Bx);
    int64_t *set = h5_get(f.model, "/demands/sets/all", H5T_NATIVE_INT64,
                          &count);
    assert_int_equal(count, 3);
    assert_int_equal(set[0], 2);
    free(set);
    hid_t file = H5Fopen(f.model, H5F_ACC_RDONLY, H5P_DEFAULT);
    int64_t shape[2] = {0, 0}, version = 0;
    hid_t a = H5Aopen_by_name(file, "/B", "shape", H5P_DEFAULT, H5P_DEFAULT);
    assert_true(H5Aread(a, H5T_NATIVE_INT64, shape) >= 0);
    H5Aclose(a);
    assert_int_equal(shape[0], M_);
    assert_int_equal(shape[1], N);
    a = H5Aopen_by_name(file, "/", "schema_version", H5P_DEFAULT,
                        H5P_DEFAULT);
    hid_t t = H5Aget_type(a);
    assert_int_equal(H5Tget_class(t), H5T_INTEGER);
    assert_int_equal(H5Tget_size(t), 8);
    assert_true(H5Aread(a, H5T_NATIVE_INT64, &version) >= 0);
    assert_int_equal(version, 3);
    H5Tclose(t);
    H5Aclose(a);
    // v3: fixed-length UTF-8 strings as long as the longest, NUL-padded
    // (no global heap), and the seal in a 512-byte user block.
    hid_t d = H5Dopen2(file, "/products/name", H5P_DEFAULT);
    t = H5Dget_type(d);
    assert_int_equal(H5Tis_variable_str(t), 0);
    assert_int_equal(H5Tget_cset(t), H5T_CSET_UTF8);
    assert_int_equal(H5Tget_strpad(t), H5T_STR_NULLPAD);
    size_t size = H5Tget_size(t);  // the longest name, in bytes
    char names[N * 64];
    assert_true(size >= strlen("Müsli") && size <= 64);
    assert_true(H5Dread(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, names) >= 0);
    assert_memory_equal(names + size, "Müsli", strlen("Müsli"));
    assert_int_equal(names[size + strlen("Müsli")], '\0');  // NUL-padded
    H5Tclose(t);
    H5Dclose(d);
    hid_t fcpl = H5Fget_create_plist(file);
    hsize_t ub = 0;
    assert_true(H5Pget_userblock(fcpl, &ub) >= 0);
    assert_int_equal(ub, 512);
    H5Pclose(fcpl);
    FILE *fp = fopen(f.model, "rb");
    char head[17] = {0};
    assert_int_equal(fread(head, 1, 16, fp), 16);
    fclose(fp);
    assert_string_equal(head, "leontief-seal 1\n");
    // Unset labels are written as "".
    assert_true(H5Lexists(file, "/indicators/name", H5P_DEFAULT) > 0);
    assert_true(H5Aexists_by_name(file, "/attributes", "source",
                                  H5P_DEFAULT) > 0);
    H5Fclose(file);
    assert_no_h5_objects_open();
}

// ---- read errors -----------------------------------------------------------

static void test_h5model_read_rejects_missing_file(void **state) {
    const char *dir = test_tmpdir("h5model_missing");
    char path[4200];
    snprintf(path, sizeof path, "%s/no-such-model.h5", dir);
    expect_read_error(*state, path, LCA_ERR_IO, "No such file");
}

static void test_h5model_read_rejects_non_hdf5_file(void **state) {
    const char *dir = test_tmpdir("h5model_garbage");
    char path[4200];
    snprintf(path, sizeof path, "%s/garbage.h5", dir);
    const char junk[] = "sector,name\n1111A0,Oilseed farming\n";
    spit(path, junk, sizeof junk - 1);
    expect_read_error(*state, path, LCA_ERR_IO, "not an HDF5 file");
}

static void test_h5model_read_rejects_truncated_file(void **state) {
    files f;
    files_make(*state, "h5model_truncated", &f);
    copy_part(f.model, f.bad, 1, 2);
    // The seal says how long the file was written.
    expect_read_error(*state, f.bad, LCA_ERR_INVALID, "truncated");
    h5_unseal(f.bad);  // by hand: HDF5 finds it truncated
    expect_read_error(*state, f.bad, LCA_ERR_IO, NULL);
}

static void test_h5model_read_rejects_missing_dataset(void **state) {
    files f;
    files_make(*state, "h5model_missing_dataset", &f);
    copy_part(f.model, f.bad, 1, 1);
    h5_delete(f.bad, "/A/rowidx");
    // The caller's HDF5 error handler is back in place afterwards.
    H5E_auto2_t func0 = NULL, func1 = NULL;
    void *data0 = NULL, *data1 = NULL;
    H5Eget_auto2(H5E_DEFAULT, &func0, &data0);
    expect_read_error(*state, f.bad, LCA_ERR_INVALID, "/A/rowidx is missing");
    H5Eget_auto2(H5E_DEFAULT, &func1, &data1);
    assert_non_null(func0);
    assert_ptr_equal(func0, func1);
    assert_ptr_equal(data0, data1);
}

static void test_h5model_read_rejects_wrong_length(void **state) {
    files f;
    files_make(*state, "h5model_wrong_length", &f);
    copy_part(f.model, f.bad, 1, 1);
    int64_t Ai[] = {0, 1, 0, 1, 2};  // colptr[3] says 7
    h5_put(f.bad, "/A/rowidx", H5T_NATIVE_INT64, 5, Ai);
    expect_read_error(*state, f.bad, LCA_ERR_INVALID,
                      "/A/rowidx has 5 entries but /A/colptr[3] says 7");
    copy_part(f.model, f.bad, 1, 1);
    const char *ids[] = {"p1", "p2"};
    h5_put_strings(f.bad, "/products/id", 2, ids);
    expect_read_error(*state, f.bad, LCA_ERR_INVALID,
                      "/products/id has 2 entries but the model has 3");
}

static void test_h5model_read_rejects_bad_indices(void **state) {
    files f;
    files_make(*state, "h5model_bad_indices", &f);
    copy_part(f.model, f.bad, 1, 1);
    int64_t out[] = {0, 1, 0, 1, 2, 1, 3};  // row 3 of a 3 x 3 matrix
    h5_put(f.bad, "/A/rowidx", H5T_NATIVE_INT64, 7, out);
    expect_read_error(*state, f.bad, LCA_ERR_INVALID, "/A");
    copy_part(f.model, f.bad, 1, 1);
    int64_t unsorted[] = {1, 0, 0, 1, 2, 1, 2};
    h5_put(f.bad, "/A/rowidx", H5T_NATIVE_INT64, 7, unsorted);
    expect_read_error(*state, f.bad, LCA_ERR_INVALID, "column 0");
    copy_part(f.model, f.bad, 1, 1);
    int64_t Ap[] = {0, 5, 2, 7};
    h5_put(f.bad, "/A/colptr", H5T_NATIVE_INT64, 4, Ap);
    expect_read_error(*state, f.bad, LCA_ERR_INVALID, "/A/colptr decreases");
    copy_part(f.model, f.bad, 1, 1);
    int64_t set[] = {0, 3};
    h5_put(f.bad, "/demands/sets/key", H5T_NATIVE_INT64, 2, set);
    expect_read_error(*state, f.bad, LCA_ERR_INVALID, "/demands/sets/key");
}

static void test_h5model_read_rejects_wrong_format(void **state) {
    files f;
    files_make(*state, "h5model_wrong_format", &f);
    copy_part(f.model, f.bad, 1, 1);
    h5_put_attr_string(f.bad, "/", "format", "leontief-results");
    expect_read_error(*state, f.bad, LCA_ERR_INVALID, "leontief-results");
    hid_t file = open_rw(f.bad);
    H5Adelete_by_name(file, "/", "format", H5P_DEFAULT);
    H5Fclose(file);
    expect_read_error(*state, f.bad, LCA_ERR_INVALID, "not a leontief model");
    copy_part(f.model, f.bad, 1, 1);
    h5_put_attr_string(f.bad, "/", "convention", "make-use");
    expect_read_error(*state, f.bad, LCA_ERR_INVALID, "make-use");
}

static void test_h5model_read_rejects_future_schema_version(void **state) {
    files f;
    files_make(*state, "h5model_future", &f);
    copy_part(f.model, f.bad, 1, 1);
    int64_t v = 4;
    h5_put_attr(f.bad, "/", "schema_version", H5T_NATIVE_INT64, &v);
    expect_read_error(*state, f.bad, LCA_ERR_INVALID, "versions 1 to 3");
    copy_part(f.model, f.bad, 1, 1);
    v = 0;
    h5_put_attr(f.bad, "/", "schema_version", H5T_NATIVE_INT64, &v);
    expect_read_error(*state, f.bad, LCA_ERR_INVALID, "schema_version 0");
    copy_part(f.model, f.bad, 1, 1);
    h5_put_attr_string(f.bad, "/", "schema_version", "1");
    expect_read_error(*state, f.bad, LCA_ERR_INVALID, "schema_version");
}

static void test_h5model_read_rejects_nan_with_product_id(void **state) {
    files f;
    files_make(*state, "h5model_nan", &f);
    copy_part(f.model, f.bad, 1, 1);
    double Bx[] = {0.1, NAN, 3e-12, 1e300};  // B(1, 1): ch4 of p2
    h5_put(f.bad, "/B/values", H5T_NATIVE_DOUBLE, 4, Bx);
    expect_read_error(*state, f.bad, LCA_ERR_INVALID, "'p2'");
}

// ---- uncertainty and import report (schema version 2) ----------------------

// The class, byte size and dimensions of dataset name.
static void check_layout(hid_t file, const char *name, H5T_class_t cls,
                         size_t size, int rank, hsize_t d0, hsize_t d1) {
    hid_t d = H5Dopen2(file, name, H5P_DEFAULT);
    assert_true(d >= 0);
    hid_t t = H5Dget_type(d), space = H5Dget_space(d);
    assert_int_equal(H5Tget_class(t), cls);
    if (size > 0) assert_int_equal(H5Tget_size(t), size);
    hsize_t dims[2] = {0, 0};
    assert_int_equal(H5Sget_simple_extent_dims(space, dims, NULL), rank);
    assert_int_equal(dims[0], d0);
    if (rank == 2) assert_int_equal(dims[1], d1);
    H5Sclose(space);
    H5Tclose(t);
    H5Dclose(d);
}

static void test_h5model_uncertainty_follows_the_schema(void **state) {
    lca_ctx *ctx = *state;
    files f;
    files_make(ctx, "h5model_unc_schema", &f);
    hid_t file = H5Fopen(f.model, H5F_ACC_RDONLY, H5P_DEFAULT);
    check_layout(file, "/A/uncertainty/dist", H5T_INTEGER, 1, 1, 7, 0);
    check_layout(file, "/A/uncertainty/pedigree", H5T_INTEGER, 1, 2, 7, 5);
    check_layout(file, "/B/uncertainty/p1", H5T_FLOAT, 8, 1, 4, 0);
    check_layout(file, "/C/uncertainty/hi", H5T_FLOAT, 8, 1, 3, 0);
    check_layout(file, "/import_report/detail", H5T_STRING, 0, 1, 2, 0);
    H5Fclose(file);
    int64_t count = 0;
    uint8_t *dist = h5_get(f.model, "/A/uncertainty/dist", H5T_NATIVE_UINT8,
                           &count);
    uint8_t want[7] = {1, 2, 0, 3, 4, 5, 6};
    assert_memory_equal(dist, want, 7);
    free(dist);
    uint8_t *ped = h5_get(f.model, "/A/uncertainty/pedigree",
                          H5T_NATIVE_UINT8, &count);
    assert_int_equal(count, 35);
    assert_int_equal(ped[0], 1);
    assert_int_equal(ped[4], 5);  // record 0: 1 2 3 4 5, row-major
    assert_int_equal(ped[34], 1);
    free(ped);
    double *lo = h5_get(f.model, "/A/uncertainty/lo", H5T_NATIVE_DOUBLE,
                        &count);
    assert_true(isnan(lo[0]) && lo[1] == -1.0);
    free(lo);
    // Without records or report lines, no group is written.
    lca_model *M = NULL;
    assert_int_equal(lca_model_read(ctx, f.model, &M), LCA_OK);
    assert_int_equal(lca_model_set_uncertainty(M, LCA_MATRIX_B, NULL),
                     LCA_OK);
    assert_int_equal(lca_model_write(M, f.bad), LCA_OK);
    file = H5Fopen(f.bad, H5F_ACC_RDONLY, H5P_DEFAULT);
    assert_true(H5Lexists(file, "/A/uncertainty", H5P_DEFAULT) > 0);
    assert_true(H5Lexists(file, "/B/uncertainty", H5P_DEFAULT) == 0);
    assert_true(H5Lexists(file, "/import_report", H5P_DEFAULT) > 0);
    H5Fclose(file);
    lca_model_destroy(&M);
    assert_no_h5_objects_open();
}

static void test_h5model_read_rejects_bad_uncertainty(void **state) {
    lca_ctx *ctx = *state;
    files f;
    files_make(ctx, "h5model_unc_bad", &f);
    copy_part(f.model, f.bad, 1, 1);
    uint8_t dist[7] = {1, 2, 9, 3, 4, 5, 6};
    h5_put(f.bad, "/A/uncertainty/dist", H5T_NATIVE_UINT8, 7, dist);
    expect_read_error(ctx, f.bad, LCA_ERR_INVALID,
                      "/A/uncertainty/dist[2] is 9, not a distribution code");
    copy_part(f.model, f.bad, 1, 1);
    double p2[6] = {1, 2, 3, 4, 5, 6};
    h5_put(f.bad, "/B/uncertainty/p2", H5T_NATIVE_DOUBLE, 6, p2);
    expect_read_error(ctx, f.bad, LCA_ERR_INVALID,
                      "/B/uncertainty/p2 has 6 entries but /B has 4 entries");
    // Record 3 of B: a lognormal with GSD 0.5.
    copy_part(f.model, f.bad, 1, 1);
    double gsd[4] = {1.05, 2.05, 3.05, 0.5};
    h5_put(f.bad, "/B/uncertainty/p2", H5T_NATIVE_DOUBLE, 4, gsd);
    expect_read_error(ctx, f.bad, LCA_ERR_INVALID,
                      "/B/uncertainty record 3: uncertainty of B(1, 2) "
                      "(lognormal): lognormal GSD < 1");
    copy_part(f.model, f.bad, 1, 1);
    hid_t file = open_rw(f.bad);
    H5Ldelete(file, "/C/uncertainty/pedigree", H5P_DEFAULT);
    hsize_t dims[2] = {3, 4};
    hid_t space = H5Screate_simple(2, dims, NULL);
    hid_t d = H5Dcreate2(file, "/C/uncertainty/pedigree", H5T_STD_U8LE, space,
                         H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    uint8_t zeros[12] = {0};
    H5Dwrite(d, H5T_NATIVE_UINT8, H5S_ALL, H5S_ALL, H5P_DEFAULT, zeros);
    H5Dclose(d);
    H5Sclose(space);
    H5Fclose(file);
    expect_read_error(ctx, f.bad, LCA_ERR_INVALID,
                      "/C/uncertainty/pedigree has the shape (3, 4) but /C "
                      "has 3 entries");
    copy_part(f.model, f.bad, 1, 1);
    uint8_t ped[35] = {0};
    ped[17] = 6;
    file = open_rw(f.bad);
    d = H5Dopen2(file, "/A/uncertainty/pedigree", H5P_DEFAULT);
    H5Dwrite(d, H5T_NATIVE_UINT8, H5S_ALL, H5S_ALL, H5P_DEFAULT, ped);
    H5Dclose(d);
    H5Fclose(file);
    expect_read_error(ctx, f.bad, LCA_ERR_INVALID,
                      "/A/uncertainty/pedigree[3, 2] is 6");
    copy_part(f.model, f.bad, 1, 1);
    const char *kinds[3] = {"a", "b", "c"};
    h5_put_strings(f.bad, "/import_report/kind", 3, kinds);
    expect_read_error(ctx, f.bad, LCA_ERR_INVALID,
                      "/import_report/id has 2 entries but "
                      "/import_report/kind has 3");
}

// A version 1 file (no uncertainty, no report; written by leontief
// before them) still reads, and a version 1 file's extra objects are
// ignored, as that version's readers did.
static void test_h5model_reads_version_1_files(void **state) {
    lca_ctx *ctx = *state;
    files f;
    files_make(ctx, "h5model_v1", &f);
    copy_part(f.model, f.bad, 1, 1);
    int64_t v = 1;
    h5_put_attr(f.bad, "/", "schema_version", H5T_NATIVE_INT64, &v);
    lca_model *M = model_make(ctx, LCA_TECHNOSPHERE), *R = NULL;
    assert_int_equal(lca_model_read(ctx, f.bad, &R), LCA_OK);
    assert_null(lca_model_uncertainty(R, LCA_MATRIX_A));
    assert_int_equal(lca_model_nreports(R), 0);
    lca_model_destroy(&R);
    const char *extras[] = {"/A/uncertainty", "/B/uncertainty",
                            "/C/uncertainty", "/import_report"};
    for (int i = 0; i < 4; i++) h5_delete(f.bad, extras[i]);
    assert_int_equal(lca_model_read(ctx, f.bad, &R), LCA_OK);
    for (int x = 0; x < 3; x++) lca_model_set_uncertainty(M, x, NULL);
    assert_csc_identical(lca_model_A(M), lca_model_A(R));
    assert_null(lca_model_uncertainty(R, LCA_MATRIX_B));
    lca_model_destroy(&R);
    lca_model_destroy(&M);
    assert_no_h5_objects_open();
}

// A numpy 'S' array and a fixed-length attribute read like vlen strings.
static void test_h5model_read_accepts_fixed_length_strings(void **state) {
    files f;
    files_make(*state, "h5model_fixed", &f);
    hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, 4);
    H5Tset_strpad(t, H5T_STR_NULLPAD);
    const char ids[] = "P-01P-02P3\0\0";
    h5_put(f.model, "/products/id", t, 3, ids);
    H5Tset_size(t, 20);
    H5Tset_strpad(t, H5T_STR_SPACEPAD);
    char conv[21];
    snprintf(conv, sizeof conv, "%-20s", "technosphere");
    h5_put_attr(f.model, "/", "convention", t, conv);
    H5Tclose(t);
    lca_model *M = NULL;
    assert_int_equal(lca_model_read(*state, f.model, &M), LCA_OK);
    assert_string_equal(lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_ID, 0),
                        "P-01");
    assert_string_equal(lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_ID, 2),
                        "P3");
    assert_int_equal(lca_model_convention(M), LCA_TECHNOSPHERE);
    lca_model_destroy(&M);
    assert_no_h5_objects_open();
}

// Every dataset of the file, whether a file may lack it, and its class.
typedef struct dataset_case {
    const char *name;
    int optional;  // reading without it succeeds
    char cls;      // 'i' int64, 'd' float64, 's' string
} dataset_case;

static const dataset_case DATASETS[] = {
    {"/A/colptr", 0, 'i'},        {"/A/rowidx", 0, 'i'},
    {"/A/values", 0, 'd'},        {"/B/colptr", 0, 'i'},
    {"/B/rowidx", 0, 'i'},        {"/B/values", 0, 'd'},
    {"/C/colptr", 0, 'i'},        {"/C/rowidx", 0, 'i'},
    {"/C/values", 0, 'd'},        {"/products/id", 1, 's'},
    {"/products/name", 1, 's'},   {"/products/unit", 1, 's'},
    {"/flows/id", 1, 's'},        {"/flows/name", 1, 's'},
    {"/flows/compartment", 1, 's'}, {"/flows/unit", 1, 's'},
    {"/indicators/id", 1, 's'},   {"/indicators/name", 1, 's'},
    {"/indicators/unit", 1, 's'}, {"/demands/colptr", 0, 'i'},
    {"/demands/rowidx", 0, 'i'},  {"/demands/values", 0, 'd'},
    {"/demands/names", 0, 's'},   {"/demands/sets/key", 1, 'i'},
    {"/A", 0, 'g'},               {"/demands", 1, 'g'},
    {"/demands/sets", 1, 'g'},    {"/attributes", 1, 'g'},
    {"/A/uncertainty/dist", 0, 'i'}, {"/A/uncertainty/p1", 0, 'd'},
    {"/B/uncertainty/p2", 0, 'd'},   {"/B/uncertainty/p3", 0, 'd'},
    {"/C/uncertainty/lo", 0, 'd'},   {"/C/uncertainty/hi", 0, 'd'},
    {"/A/uncertainty/pedigree", 0, 'g'}, {"/A/uncertainty", 1, 'g'},
    {"/import_report/kind", 0, 's'}, {"/import_report/detail", 0, 's'},
    {"/import_report", 1, 'g'},
};
#define NCASES (sizeof DATASETS / sizeof DATASETS[0])

// Read f->bad, which must give want (or LCA_OK when ok_too), leak nothing
// and leave no HDF5 object open.
static void read_damaged(lca_ctx *ctx, const files *f, const char *what,
                         lca_status want, int ok_too) {
    test_alloc ta;
    test_alloc_install(ctx, &ta, -1);
    lca_model *M = (lca_model *)1;
    lca_status st = lca_model_read(ctx, f->bad, &M);
    if (st != want && !(ok_too && st == LCA_OK)) {
        print_error("%s: status %d, message: %s\n", what, st,
                    lca_ctx_errmsg(ctx));
    }
    assert_true(st == want || (ok_too && st == LCA_OK));
    if (st == LCA_OK) {
        lca_model_destroy(&M);
    } else {
        assert_null(M);
        assert_non_null(strstr(lca_ctx_errmsg(ctx), f->bad));
    }
    assert_int_equal(ta.live, 0);
    lca_ctx_set_allocator(ctx, NULL);
    assert_no_h5_objects_open();
}

static void test_h5model_read_survives_any_object_missing(void **state) {
    files f;
    files_make(*state, "h5model_any_missing", &f);
    for (size_t c = 0; c < NCASES; c++) {
        copy_part(f.model, f.bad, 1, 1);
        h5_delete(f.bad, DATASETS[c].name);
        read_damaged(*state, &f, DATASETS[c].name, LCA_ERR_INVALID,
                     DATASETS[c].optional);
    }
}

// Each dataset one entry too long, then with the wrong class.
static void test_h5model_read_survives_any_dataset_wrong(void **state) {
    files f;
    files_make(*state, "h5model_any_wrong", &f);
    const char *strings[64];
    int64_t ints[64];
    for (int i = 0; i < 64; i++) {
        strings[i] = "x";
        ints[i] = 0;
    }
    for (size_t c = 0; c < NCASES; c++) {
        const dataset_case *dc = &DATASETS[c];
        if (dc->cls == 'g') continue;
        int64_t count = 0;
        hid_t t = dc->cls == 'd' ? H5T_NATIVE_DOUBLE : H5T_NATIVE_INT64;
        void *v = NULL;
        if (dc->cls == 's') {
            count = h5_count(f.model, dc->name);
        } else {
            v = h5_get(f.model, dc->name, t, &count);
        }
        copy_part(f.model, f.bad, 1, 1);
        if (dc->cls == 's') {
            h5_put_strings(f.bad, dc->name, count + 1, strings);
        } else {
            v = realloc(v, (size_t)(count + 1) * 8);
            memset((char *)v + count * 8, 0, 8);
            h5_put(f.bad, dc->name, t, count + 1, v);
        }
        // A longer set is still a set; anything else is an error.
        int ok_too = strstr(dc->name, "/sets/") != NULL;
        read_damaged(*state, &f, dc->name, LCA_ERR_INVALID, ok_too);
        copy_part(f.model, f.bad, 1, 1);
        if (dc->cls == 's') {
            h5_put(f.bad, dc->name, H5T_NATIVE_INT64, count, ints);
        } else {
            h5_put_strings(f.bad, dc->name, count, strings);
        }
        read_damaged(*state, &f, dc->name, LCA_ERR_INVALID, 0);
        free(v);
    }
}

// Make the k-th allocation fail for k = 0, 1, ... until a read succeeds.
static void test_h5model_read_survives_every_failed_alloc(void **state) {
    lca_ctx *ctx = *state;
    files f;
    files_make(ctx, "h5model_read_alloc", &f);
    test_alloc ta;
    for (int64_t k = 0;; k++) {
        test_alloc_install(ctx, &ta, k);
        lca_model *M = (lca_model *)1;
        lca_status st = lca_model_read(ctx, f.model, &M);
        assert_no_h5_objects_open();
        if (st == LCA_OK) {
            lca_model_destroy(&M);
            assert_int_equal(ta.live, 0);
            assert_true(k > 20);
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
}

// ---- atomic writes ---------------------------------------------------------

static void test_h5model_write_to_missing_directory_fails(void **state) {
    lca_ctx *ctx = *state;
    const char *dir = test_tmpdir("h5model_no_dir");
    char sub[4200], path[4300];
    snprintf(sub, sizeof sub, "%s/not-there", dir);
    snprintf(path, sizeof path, "%s/model.h5", sub);
    lca_model *M = model_make(ctx, LCA_TECHNOSPHERE);
    assert_int_equal(lca_model_write(M, path), LCA_ERR_IO);
    assert_non_null(strstr(lca_ctx_errmsg(ctx), path));
    assert_false(file_exists(path));
    assert_false(file_exists(sub));
    assert_int_equal(count_entries(dir, "model"), 0);
    lca_model_destroy(&M);
    assert_no_h5_objects_open();
}

// A write that fails halfway (a set name HDF5 cannot hold; then every
// failed allocation) leaves the old file as it was, and no temporary.
static void test_h5model_failed_write_keeps_old_file(void **state) {
    lca_ctx *ctx = *state;
    files f;
    files_make(ctx, "h5model_failed_write", &f);
    copy_part(f.model, f.bad, 1, 1);  // the old file's bytes
    lca_model *M = model_make(ctx, LCA_IO_COEFFICIENTS);
    int64_t one[] = {1};
    assert_int_equal(lca_model_add_demand_set(M, "a/b", 1, one), LCA_OK);
    assert_int_equal(lca_model_write(M, f.model), LCA_ERR_INVALID);
    assert_non_null(strstr(lca_ctx_errmsg(ctx), "a/b"));
    assert_true(files_equal(f.model, f.bad));
    assert_int_equal(count_entries(f.dir, "model.h5.tmp."), 0);
    lca_model_destroy(&M);
    M = model_make(ctx, LCA_IO_COEFFICIENTS);
    test_alloc ta;
    for (int64_t k = 0;; k++) {
        test_alloc_install(ctx, &ta, k);
        lca_status st = lca_model_write(M, f.model);
        assert_int_equal(count_entries(f.dir, "model.h5.tmp."), 0);
        assert_no_h5_objects_open();
        if (st == LCA_OK) break;
        assert_int_equal(st, LCA_ERR_NOMEM);
        assert_true(files_equal(f.model, f.bad));
        assert_int_equal(ta.live, 0);
    }
    lca_ctx_set_allocator(ctx, NULL);
    lca_model *R = NULL;
    assert_int_equal(lca_model_read(ctx, f.model, &R), LCA_OK);
    assert_models_identical(M, R);
    lca_model_destroy(&M);
    lca_model_destroy(&R);
}

static void test_h5out_destroy_without_commit_leaves_nothing(void **state) {
    lca_ctx *ctx = *state;
    const char *dir = test_tmpdir("h5out_destroy");
    char path[4200];
    snprintf(path, sizeof path, "%s/results.h5", dir);
    lca__h5out *o = NULL;
    assert_int_equal(lca__h5out_create(ctx, path, &o), LCA_OK);
    int64_t v[] = {1, 2, 3};
    assert_int_equal(lca__h5out_write_ints(o, "a/b", 3, v), LCA_OK);
    // A second dataset of the same name fails, naming file and dataset.
    assert_int_equal(lca__h5out_write_ints(o, "a/b", 3, v), LCA_ERR_IO);
    assert_non_null(strstr(lca_ctx_errmsg(ctx), path));
    assert_non_null(strstr(lca_ctx_errmsg(ctx), "a/b"));
    assert_int_equal(count_entries(dir, "results.h5.tmp."), 1);
    lca__h5out_destroy(&o);
    assert_null(o);
    lca__h5out_destroy(&o);
    assert_int_equal(count_entries(dir, "results.h5"), 0);
    assert_no_h5_objects_open();
}

// The temporary file takes the mode of the file it replaces.
static void test_h5out_commit_keeps_the_file_mode(void **state) {
    lca_ctx *ctx = *state;
    const char *dir = test_tmpdir("h5out_mode");
    char path[4200];
    snprintf(path, sizeof path, "%s/results.h5", dir);
    spit(path, "old", 3);
    assert_int_equal(chmod(path, 0640), 0);
    lca__h5out *o = NULL;
    assert_int_equal(lca__h5out_create(ctx, path, &o), LCA_OK);
    assert_int_equal(lca__h5out_set_attr(o, "/", "format", "x"), LCA_OK);
    assert_int_equal(lca__h5out_commit(&o), LCA_OK);
    assert_null(o);
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0640);
    assert_true(H5Fis_hdf5(path) > 0);
}

// The atomic API for other writers (CSV and such).
static void test_atomic_commit_and_abort(void **state) {
    lca_ctx *ctx = *state;
    const char *dir = test_tmpdir("atomic");
    char path[4200];
    snprintf(path, sizeof path, "%s/out.csv", dir);
    lca__atomic *a = NULL;
    assert_int_equal(lca__atomic_begin(ctx, path, &a), LCA_OK);
    assert_true(file_exists(lca__atomic_tmp_path(a)));
    assert_string_equal(lca__atomic_path(a), path);
    lca__atomic_abort(&a);
    assert_null(a);
    assert_int_equal(count_entries(dir, "out.csv"), 0);
    assert_int_equal(lca__atomic_begin(ctx, path, &a), LCA_OK);
    spit(lca__atomic_tmp_path(a), "a,b\n", 4);
    assert_int_equal(lca__atomic_commit(&a), LCA_OK);
    assert_null(a);
    assert_int_equal(count_entries(dir, "out.csv"), 1);
    size_t size = 0;
    char *text = slurp(path, &size);
    assert_int_equal(size, 4);
    free(text);
    assert_int_equal(lca__atomic_begin(ctx, "", &a), LCA_ERR_ARG);
    assert_null(a);
}

// ---- h5out round trip ------------------------------------------------------

// The dataset name of file must hold exactly X (rows x cols float64).
static void check_dense(hid_t file, const char *name, int64_t rows,
                        int64_t cols, const double *X, int chunked) {
    hid_t d = H5Dopen2(file, name, H5P_DEFAULT);
    assert_true(d >= 0);
    hid_t space = H5Dget_space(d);
    hsize_t dims[2] = {0, 0};
    assert_int_equal(H5Sget_simple_extent_dims(space, dims, NULL), 2);
    assert_int_equal(dims[0], rows);
    assert_int_equal(dims[1], cols);
    hid_t t = H5Dget_type(d);
    assert_true(H5Tequal(t, H5T_IEEE_F64LE) > 0);
    hid_t dcpl = H5Dget_create_plist(d);
    assert_int_equal(H5Pget_layout(dcpl) == H5D_CHUNKED, chunked);
    if (chunked) {
        assert_int_equal(H5Pget_nfilters(dcpl), 2);  // shuffle, deflate
        unsigned flags = 0, cd[8];
        size_t ncd = 8;
        assert_int_equal(H5Pget_filter2(dcpl, 0, &flags, &ncd, cd, 0, NULL,
                                        NULL), H5Z_FILTER_SHUFFLE);
        ncd = 8;
        assert_int_equal(H5Pget_filter2(dcpl, 1, &flags, &ncd, cd, 0, NULL,
                                        NULL), H5Z_FILTER_DEFLATE);
        hsize_t chunk[2];
        assert_int_equal(H5Pget_chunk(dcpl, 2, chunk), 2);
        assert_int_equal(chunk[1], cols);  // whole rows
        assert_true(chunk[0] * chunk[1] * 8 <= 1024 * 1024);
    }
    double *Y = malloc((size_t)(rows * cols) * sizeof *Y);
    assert_true(H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT,
                        Y) >= 0);
    assert_memory_equal(X, Y, (size_t)(rows * cols) * sizeof *Y);
    free(Y);
    H5Pclose(dcpl);
    H5Tclose(t);
    H5Sclose(space);
    H5Dclose(d);
}

// The scalar attribute key of obj, which must be of class cls, read as
// mtype into v.
static void get_attr(hid_t file, const char *obj, const char *key,
                     H5T_class_t cls, hid_t mtype, void *v) {
    hid_t a = H5Aopen_by_name(file, obj, key, H5P_DEFAULT, H5P_DEFAULT);
    assert_true(a >= 0);
    hid_t t = H5Aget_type(a);
    assert_int_equal(H5Tget_class(t), cls);
    assert_int_equal(H5Tget_size(t), 8);
    assert_true(H5Aread(a, mtype, v) >= 0);
    H5Tclose(t);
    H5Aclose(a);
}

// The string attribute key of obj (fixed-length UTF-8, exactly as long as
// its text, at least 1 byte), compared to want.
static void check_attr_string(hid_t file, const char *obj, const char *key,
                              const char *want) {
    hid_t a = H5Aopen_by_name(file, obj, key, H5P_DEFAULT, H5P_DEFAULT);
    assert_true(a >= 0);
    hid_t t = H5Aget_type(a);
    assert_int_equal(H5Tis_variable_str(t), 0);
    assert_int_equal(H5Tget_cset(t), H5T_CSET_UTF8);
    size_t size = H5Tget_size(t);
    assert_int_equal(size, strlen(want) > 0 ? strlen(want) : 1);
    char *s = calloc(size + 1, 1);
    assert_true(H5Aread(a, t, s) >= 0);
    assert_string_equal(s, want);
    free(s);
    H5Tclose(t);
    H5Aclose(a);
}

static void test_h5out_round_trip(void **state) {
    lca_ctx *ctx = *state;
    const char *dir = test_tmpdir("h5out_round_trip");
    char path[4200];
    snprintf(path, sizeof path, "%s/results.h5", dir);
    // 300 x 500 (1.2 MB, chunked) of awkward values; 2 x 3 (contiguous).
    int64_t rows = 300, cols = 500;
    double *X = malloc((size_t)(rows * cols) * sizeof *X);
    uint64_t r = 42;
    for (int64_t p = 0; p < rows * cols; p++) {
        r = r * 6364136223846793005ULL + 1442695040888963407ULL;
        X[p] = (double)(r >> 11) * 0x1p-53 * pow(10.0, (double)(p % 41 - 20));
    }
    X[0] = -0.0;
    X[1] = 4.9e-324;
    X[2] = -1.7976931348623157e308;
    double small[6] = {1, 2, 3, 4, 5, 1.0 / 3.0};
    int64_t ints[4] = {INT64_MIN, -1, 0, INT64_MAX};
    const char *strs[3] = {"GWP100", "", "Ökobilanz ∑"};
    lca__h5out *o = NULL;
    assert_int_equal(lca__h5out_create(ctx, path, &o), LCA_OK);
    assert_int_equal(lca__h5out_write_dense(o, "factors/N", rows, cols, X),
                     LCA_OK);
    assert_int_equal(lca__h5out_write_dense(o, "/factors/D", 2, 3, small),
                     LCA_OK);
    assert_int_equal(lca__h5out_write_dense(o, "empty", 0, 3, NULL), LCA_OK);
    assert_int_equal(lca__h5out_write_ints(o, "x/y/ints", 4, ints), LCA_OK);
    assert_int_equal(lca__h5out_write_strings(o, "indicators/id", 3, strs),
                     LCA_OK);
    assert_int_equal(lca__h5out_set_attr(o, "/", "format", "leontief-results"),
                     LCA_OK);
    assert_int_equal(lca__h5out_set_attr(o, "/", "format", "replaced"),
                     LCA_OK);
    assert_int_equal(lca__h5out_set_attr_int(o, "/", "threads", 8), LCA_OK);
    assert_int_equal(lca__h5out_set_attr_double(o, "factors/N", "scale",
                                                0.1),
                     LCA_OK);
    assert_int_equal(lca__h5out_set_attr(o, "new/group", "note", "ü"), LCA_OK);
    assert_int_equal(lca__h5out_write_dense(o, "bad", -1, 3, small),
                     LCA_ERR_ARG);
    assert_false(file_exists(path));
    assert_int_equal(lca__h5out_commit(&o), LCA_OK);
    assert_int_equal(count_entries(dir, "results.h5.tmp."), 0);

    hid_t file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    assert_true(file >= 0);
    check_dense(file, "/factors/N", rows, cols, X, 1);
    check_dense(file, "/factors/D", 2, 3, small, 0);
    check_dense(file, "/empty", 0, 3, NULL, 0);
    hid_t d = H5Dopen2(file, "/factors/N", H5P_DEFAULT);
    assert_true(H5Dget_storage_size(d) < (hsize_t)(rows * cols * 8));
    H5Dclose(d);
    int64_t count = 0;
    int64_t *iv = h5_get(path, "/x/y/ints", H5T_NATIVE_INT64, &count);
    assert_int_equal(count, 4);
    assert_memory_equal(iv, ints, sizeof ints);
    free(iv);
    d = H5Dopen2(file, "/indicators/id", H5P_DEFAULT);
    hid_t t = H5Dget_type(d);  // fixed-length, NUL-padded
    size_t size = H5Tget_size(t);
    char sv[3 * 64] = {0};
    assert_true(size < 64);
    assert_true(H5Dread(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, sv) >= 0);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(strnlen(sv + i * size, size), strlen(strs[i]));
        assert_memory_equal(sv + i * size, strs[i], strlen(strs[i]));
    }
    H5Tclose(t);
    H5Dclose(d);
    check_attr_string(file, "/", "format", "replaced");
    check_attr_string(file, "/new/group", "note", "ü");
    int64_t threads = 0;
    double scale = 0.0;
    get_attr(file, "/", "threads", H5T_INTEGER, H5T_NATIVE_INT64, &threads);
    assert_int_equal(threads, 8);
    get_attr(file, "/factors/N", "scale", H5T_FLOAT, H5T_NATIVE_DOUBLE,
             &scale);
    assert_true(scale == 0.1);
    H5Fclose(file);
    assert_no_h5_objects_open();
    free(X);
}

int main(void) {
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, ctx_setup, ctx_teardown)
        T(test_h5model_round_trip_technosphere_is_exact),
        T(test_h5model_round_trip_io_coefficients_is_exact),
        T(test_h5model_file_follows_the_schema),
        T(test_h5model_read_rejects_missing_file),
        T(test_h5model_read_rejects_non_hdf5_file),
        T(test_h5model_read_rejects_truncated_file),
        T(test_h5model_read_rejects_missing_dataset),
        T(test_h5model_read_rejects_wrong_length),
        T(test_h5model_read_rejects_bad_indices),
        T(test_h5model_read_rejects_wrong_format),
        T(test_h5model_read_rejects_future_schema_version),
        T(test_h5model_read_rejects_nan_with_product_id),
        T(test_h5model_uncertainty_follows_the_schema),
        T(test_h5model_read_rejects_bad_uncertainty),
        T(test_h5model_reads_version_1_files),
        T(test_h5model_read_accepts_fixed_length_strings),
        T(test_h5model_read_survives_any_object_missing),
        T(test_h5model_read_survives_any_dataset_wrong),
        T(test_h5model_read_survives_every_failed_alloc),
        T(test_h5model_write_to_missing_directory_fails),
        T(test_h5model_failed_write_keeps_old_file),
        T(test_h5out_destroy_without_commit_leaves_nothing),
        T(test_h5out_commit_keeps_the_file_mode),
        T(test_atomic_commit_and_abort),
        T(test_h5out_round_trip),
#undef T
    };
    return cmocka_run_group_tests_name("h5model", tests, NULL, NULL);
}
