// tests/mc_fixture.c: hand-made Monte Carlo results files
// SPDX-License-Identifier: MIT

#include <hdf5.h>
#include <stdio.h>
#include <stdlib.h>

#include "mc_fixture.h"
#include "test_util.h"

// The n strings s as the dataset name of f: fixed-length (64 bytes),
// each cut to 63.
static void write_h5_strings(hid_t f, const char *name, int n,
                             const char *const *s) {
    hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, 64);
    char (*buf)[64] = calloc((size_t)n, 64);
    assert_non_null(buf);
    for (int i = 0; i < n; i++) snprintf(buf[i], 64, "%s", s[i]);
    hsize_t d = (hsize_t)n;
    hid_t sp = H5Screate_simple(1, &d, NULL);
    hid_t ds = H5Dcreate2(f, name, t, sp, H5P_DEFAULT, H5P_DEFAULT,
                          H5P_DEFAULT);
    assert_true(ds >= 0);
    assert_true(H5Dwrite(ds, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) >= 0);
    free(buf);
    H5Dclose(ds);
    H5Sclose(sp);
    H5Tclose(t);
}

static void write_format(hid_t f) {
    hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, 11);
    hid_t sc = H5Screate(H5S_SCALAR);
    hid_t a = H5Acreate2(f, "format", t, sc, H5P_DEFAULT, H5P_DEFAULT);
    assert_true(a >= 0);
    assert_true(H5Awrite(a, t, "leontief-mc") >= 0);
    H5Aclose(a);
    H5Sclose(sc);
    H5Tclose(t);
}

void write_mc_samples(const char *path, const char *ind_id,
                      const char *ind_name, int nprod,
                      const char *const *products, int nit,
                      const double *samples) {
    hid_t f = H5Fcreate(path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    assert_true(f >= 0);
    write_format(f);
    const char *groups[] = {"indicators", "products", "factors"};
    for (int i = 0; i < 3; i++) {
        hid_t g = H5Gcreate2(f, groups[i], H5P_DEFAULT, H5P_DEFAULT,
                             H5P_DEFAULT);
        assert_true(g >= 0);
        H5Gclose(g);
    }
    write_h5_strings(f, "/indicators/id", 1, &ind_id);
    write_h5_strings(f, "/indicators/name", 1, &ind_name);
    write_h5_strings(f, "/products/id", nprod, products);
    hsize_t d[3] = {(hsize_t)nit, 1, (hsize_t)nprod};
    hid_t sp = H5Screate_simple(3, d, NULL);
    hid_t ds = H5Dcreate2(f, "/factors/samples", H5T_IEEE_F64LE, sp,
                          H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    assert_true(ds >= 0);
    assert_true(H5Dwrite(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL,
                         H5P_DEFAULT, samples) >= 0);
    H5Dclose(ds);
    H5Sclose(sp);
    assert_true(H5Fclose(f) >= 0);
}
