// io/native/h5model_extra.c: uncertainty records and the import report in a
// model file (schema "leontief-model" version 2)
// SPDX-License-Identifier: MIT
//
// A matrix's records are stored as a struct of arrays in the group
// X/uncertainty, one entry per nonzero in the order of X/values:
//
//     dist      uint8 (nnz,)     lca_dist code
//     p1 p2 p3  float64 (nnz,)   parameters (include/lca/uncertainty.h)
//     lo hi     float64 (nnz,)   truncation bounds, NaN when absent
//     pedigree  uint8 (nnz, 5)   pedigree scores, 0 = not given
//
// Columns rather than an HDF5 compound type, because every reader (h5py,
// MATLAB, R's rhdf5, h5dump) handles plain arrays the same way, and a
// column compresses better than interleaved records. The reader checks
// lengths and codes itself and leaves the parameter rules to
// lca_model_set_uncertainty, naming the record that broke them.

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "engine/ctx_impl.h"
#include "io/native/h5model_impl.h"

static const char *const GROUP[3] = {"A", "B", "C"};
static const char *const PARAM[5] = {"p1", "p2", "p3", "lo", "hi"};
static const char *const REPORT[4] = {"kind", "id", "name", "detail"};

static const lca_csc *matrix_of(const lca_model *M, lca_matrix X) {
    return X == LCA_MATRIX_A ? lca_model_A(M)
           : X == LCA_MATRIX_B ? lca_model_B(M)
                               : lca_model_C(M);
}

// Parameter f of a record, in the order of PARAM.
static double *param(lca_uncertainty *u, int f) {
    double *v[5] = {&u->p1, &u->p2, &u->p3, &u->lo, &u->hi};
    return v[f];
}

static double param_of(const lca_uncertainty *u, int f) {
    const double v[5] = {u->p1, u->p2, u->p3, u->lo, u->hi};
    return v[f];
}

// ---- writing ---------------------------------------------------------------

// dist and pedigree of nnz records as bytes (dist: nnz, ped: 5 nnz).
static void pack_bytes(const lca_uncertainty *u, int64_t nnz, uint8_t *dist,
                       uint8_t *ped) {
    for (int64_t p = 0; p < nnz; p++) {
        dist[p] = u[p].dist;
        memcpy(ped + 5 * p, u[p].pedigree, 5);
    }
}

static lca_status write_records(lca__h5out *o, const lca_model *M,
                                lca_matrix X) {
    lca_ctx *ctx = lca_model_ctx(M);
    const lca_uncertainty *u = lca_model_uncertainty(M, X);
    int64_t nnz = lca_csc_nnz(matrix_of(M, X));
    char name[64];
    double *col = lca__malloc(ctx, (size_t)nnz, sizeof *col);
    uint8_t *bytes = lca__malloc(ctx, (size_t)nnz, 6);
    lca_status st = LCA_OK;
    if (col == NULL || bytes == NULL) {
        st = lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
        goto done;
    }
    pack_bytes(u, nnz, bytes, bytes + nnz);
    snprintf(name, sizeof name, "%s/uncertainty/dist", GROUP[X]);
    st = lca__h5out_write_bytes(o, name, 1, nnz, 1, bytes);
    for (int f = 0; f < 5 && st == LCA_OK; f++) {
        for (int64_t p = 0; p < nnz; p++) {
            col[p] = param_of(&u[p], f);
        }
        snprintf(name, sizeof name, "%s/uncertainty/%s", GROUP[X], PARAM[f]);
        st = lca__h5out_write_doubles(o, name, nnz, col);
    }
    if (st == LCA_OK) {
        snprintf(name, sizeof name, "%s/uncertainty/pedigree", GROUP[X]);
        st = lca__h5out_write_bytes(o, name, 2, nnz, 5, bytes + nnz);
    }
done:
    lca__free(ctx, col);
    lca__free(ctx, bytes);
    return st;
}

static lca_status write_report(lca__h5out *o, const lca_model *M) {
    lca_ctx *ctx = lca_model_ctx(M);
    int64_t r = lca_model_nreports(M);
    if (r == 0) return LCA_OK;
    const char **v = lca__malloc(ctx, (size_t)r, sizeof *v);
    if (v == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    lca_status st = LCA_OK;
    for (int f = 0; f < 4 && st == LCA_OK; f++) {
        char name[64];
        for (int64_t i = 0; i < r; i++) {
            v[i] = lca_model_report(M, i, (lca_report_field)f);
        }
        snprintf(name, sizeof name, "import_report/%s", REPORT[f]);
        st = lca__h5out_write_strings(o, name, r, v);
    }
    lca__free(ctx, v);
    return st;
}

lca_status lca__h5model_write_extra(lca__h5out *o, const lca_model *M) {
    lca_status st = LCA_OK;
    for (int x = LCA_MATRIX_A; x <= LCA_MATRIX_C && st == LCA_OK; x++) {
        if (lca_model_uncertainty(M, (lca_matrix)x) != NULL) {
            st = write_records(o, M, (lca_matrix)x);
        }
    }
    if (st == LCA_OK) st = write_report(o, M);
    return st;
}

// ---- reading ---------------------------------------------------------------

// The dist codes of nnz records into u; every code must be an lca_dist.
static lca_status read_dist(const lca__h5in *in, const char *group,
                            int64_t nnz, const char *why,
                            lca_uncertainty *u) {
    char name[64];
    int64_t len = 0, *v = NULL;
    snprintf(name, sizeof name, "/%s/uncertainty/dist", group);
    lca_status st = lca__h5in_read_ints(in, name, nnz, why, &len, &v);
    for (int64_t p = 0; p < len && st == LCA_OK; p++) {
        if (v[p] < 0 || v[p] >= LCA_NDISTS) {
            st = lca__fail(in->ctx, LCA_ERR_INVALID, "%s: %s[%lld] is %lld, "
                           "not a distribution code (0 none .. %d %s)",
                           in->path, name, (long long)p, (long long)v[p],
                           LCA_NDISTS - 1, lca_dist_str(LCA_NDISTS - 1));
        }
        u[p].dist = (uint8_t)v[p];
    }
    lca__free(in->ctx, v);
    return st;
}

// Parameter f (p1 .. hi) of nnz records into u.
static lca_status read_param(const lca__h5in *in, const char *group,
                             int64_t nnz, const char *why, int f,
                             lca_uncertainty *u) {
    char name[64];
    int64_t len = 0;
    double *v = NULL;
    snprintf(name, sizeof name, "/%s/uncertainty/%s", group, PARAM[f]);
    lca_status st = lca__h5in_read_doubles(in, name, nnz, why, &len, &v);
    for (int64_t p = 0; p < len && st == LCA_OK; p++) *param(&u[p], f) = v[p];
    lca__free(in->ctx, v);
    return st;
}

// The (nnz, 5) pedigree scores into u; each must be in 0..5.
static lca_status read_pedigree(const lca__h5in *in, const char *group,
                                int64_t nnz, const char *why,
                                lca_uncertainty *u) {
    char name[64];
    int64_t expect[2] = {nnz, 5}, dims[2] = {0, 0}, *v = NULL;
    snprintf(name, sizeof name, "/%s/uncertainty/pedigree", group);
    lca_status st = lca__h5in_read_ints2(in, name, expect, why, dims, &v);
    for (int64_t q = 0; q < dims[0] * dims[1] && st == LCA_OK; q++) {
        if (v[q] < 0 || v[q] > 5) {
            st = lca__fail(in->ctx, LCA_ERR_INVALID, "%s: %s[%lld, %lld] is "
                           "%lld, not a pedigree score (0 = not given, "
                           "1 .. 5)", in->path, name, (long long)(q / 5),
                           (long long)(q % 5), (long long)v[q]);
        }
        u[q / 5].pedigree[q % 5] = (uint8_t)v[q];
    }
    lca__free(in->ctx, v);
    return st;
}

// lca_model_set_uncertainty failed with INVALID: name the first record
// that lca_uncertainty_valid rejects, in front of the model's message.
static lca_status name_record(const lca__h5in *in, const char *group,
                              const lca_csc *Y, const lca_uncertainty *u) {
    const double *Ax = lca_csc_values(Y);
    int64_t p = 0;
    while (p < lca_csc_nnz(Y) && lca_uncertainty_valid(&u[p], Ax[p], NULL, 0)) {
        p++;
    }
    return lca__wrap(in->ctx, LCA_ERR_INVALID, "%s: /%s/uncertainty record "
                     "%lld", in->path, group, (long long)p);
}

static lca_status read_records(const lca__h5in *in, lca_model *M,
                               lca_matrix X) {
    char group[32], why[96];
    int found = 0;
    snprintf(group, sizeof group, "/%s/uncertainty", GROUP[X]);
    lca_status st = lca__h5in_exists(in, group, &found);
    if (st != LCA_OK || !found) return st;
    const lca_csc *Y = matrix_of(M, X);
    int64_t nnz = lca_csc_nnz(Y);
    snprintf(why, sizeof why, "/%s has %lld entries (one record per entry)",
             GROUP[X], (long long)nnz);
    lca_uncertainty *u = lca__malloc(in->ctx, (size_t)nnz, sizeof *u);
    if (u == NULL) return lca__fail(in->ctx, LCA_ERR_NOMEM, "out of memory");
    for (int64_t p = 0; p < nnz; p++) u[p] = lca_uncertainty_none();
    st = read_dist(in, GROUP[X], nnz, why, u);
    for (int f = 0; f < 5 && st == LCA_OK; f++) {
        st = read_param(in, GROUP[X], nnz, why, f, u);
    }
    if (st == LCA_OK) st = read_pedigree(in, GROUP[X], nnz, why, u);
    if (st == LCA_OK) {
        // Only the model's message lacks the file: the readers' name it.
        st = lca_model_set_uncertainty(M, X, u);
        if (st == LCA_ERR_INVALID) st = name_record(in, GROUP[X], Y, u);
    }
    lca__free(in->ctx, u);
    return st;
}

// /import_report: four string datasets of one length (that of kind).
static lca_status read_report(const lca__h5in *in, lca_model *M) {
    char **v[4] = {NULL, NULL, NULL, NULL};
    int64_t count[4] = {0, 0, 0, 0};
    char name[64], why[96] = "";
    int found = 0;
    lca_status st = lca__h5in_exists(in, "/import_report", &found);
    if (st != LCA_OK || !found) return st;
    for (int f = 0; f < 4 && st == LCA_OK; f++) {
        snprintf(name, sizeof name, "/import_report/%s", REPORT[f]);
        st = lca__h5in_read_strings(in, name, f == 0 ? -1 : count[0],
                                    f == 0 ? NULL : why, &count[f], &v[f]);
        if (f == 0) {
            snprintf(why, sizeof why, "/import_report/kind has %lld",
                     (long long)count[0]);
        }
    }
    for (int64_t i = 0; i < count[0] && st == LCA_OK; i++) {
        st = lca_model_add_report(M, v[0][i], v[1][i], v[2][i], v[3][i]);
    }
    for (int f = 0; f < 4; f++) lca__h5_free_strings(in->ctx, v[f], count[f]);
    return st;
}

lca_status lca__h5model_read_extra(const lca__h5in *in, lca_model *M) {
    lca_status st = LCA_OK;
    for (int x = LCA_MATRIX_A; x <= LCA_MATRIX_C && st == LCA_OK; x++) {
        st = read_records(in, M, (lca_matrix)x);
    }
    if (st == LCA_OK) st = read_report(in, M);
    return st;
}
