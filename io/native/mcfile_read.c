// io/native/mcfile_read.c: one indicator's factor statistics from a results
// file SPDX-License-Identifier: MIT
//
// What a factor-database release takes from a finished Monte Carlo run
// (docs/FORMAT.md, "Monte Carlo results file"): per product the count,
// mean, sd, GSD and the exact quantiles of one indicator, and the model
// hash the run recorded, so that a release is never built from a run of
// another model.

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "engine/ctx_impl.h"
#include "io/hdf5/h5in_impl.h"
#include "lca/mcfile.h"

#define MC_FORMAT "leontief-mc"

void lca_mcfile_stats_free(lca_ctx *ctx, lca_mcfile_stats *s) {
    lca__free(ctx, s->count);
    lca__free(ctx, s->mean);
    lca__free(ctx, s->sd);
    lca__free(ctx, s->gsd);
    lca__free(ctx, s->quantiles);
    memset(s, 0, sizeof *s);
}

static lca_status check_format(const lca__h5in *in) {
    char *format = NULL;
    int found = 0;
    lca_status st = lca__h5in_has_attr(in, "/", "format", &found);
    if (st == LCA_OK && found) {
        st = lca__h5in_attr_string(in, "/", "format", &format);
    }
    if (st == LCA_OK && (!found || strcmp(format, MC_FORMAT) != 0)) {
        st = lca__fail(in->ctx, LCA_ERR_INVALID,
                       "%s: not a Monte Carlo "
                       "results file (format '%s', expected '" MC_FORMAT "')",
                       in->path, found ? format : "");
    }
    lca__free(in->ctx, format);
    return st;
}

// The row of the indicator whose id (or, with ids unset, name) is key.
static lca_status find_indicator(const lca__h5in *in, const char *key,
                                 int64_t *row, int64_t *nind) {
    char **ids = NULL, **names = NULL;
    int64_t q = 0, qn = 0;
    lca_status st =
        lca__h5in_read_strings(in, "/indicators/id", -1, "", &q, &ids);
    if (st == LCA_OK) {
        st = lca__h5in_read_strings(in, "/indicators/name", q,
                                    "there is one name per indicator", &qn,
                                    &names);
    }
    *row = -1;
    *nind = q;
    for (int64_t i = 0; st == LCA_OK && i < q && *row < 0; i++) {
        if (strcmp(ids[i][0] != '\0' ? ids[i] : names[i], key) == 0) *row = i;
    }
    if (st == LCA_OK && *row < 0) {
        st =
            lca__fail(in->ctx, LCA_ERR_NOTFOUND,
                      "%s: the run did not "
                      "summarize indicator '%s' (it has %lld indicator(s)%s%s)",
                      in->path, key, (long long)q, q > 0 ? ", the first " : "",
                      q > 0 ? (ids[0][0] ? ids[0] : names[0]) : "");
    }
    lca__h5_free_strings(in->ctx, ids, q);
    lca__h5_free_strings(in->ctx, names, qn);
    return st;
}

// Row `row` of the (q, n) dataset name into a new array *out.
static lca_status read_row(const lca__h5in *in, const char *name, int64_t q,
                           int64_t n, int64_t row, double **out) {
    int64_t expect[2] = {q, n}, dims[2];
    double *all = NULL;
    *out = NULL;
    lca_status st = lca__h5in_read_doubles2(
        in, name, expect, "the file has that many indicators and products",
        dims, &all);
    if (st != LCA_OK) return st;
    *out = lca__malloc(in->ctx, (size_t)n, sizeof **out);
    if (*out == NULL) {
        lca__free(in->ctx, all);
        return lca__fail(in->ctx, LCA_ERR_NOMEM, "out of memory");
    }
    memcpy(*out, all + row * n, (size_t)n * sizeof **out);
    lca__free(in->ctx, all);
    return LCA_OK;
}

// The quantiles (7, q, n) of row `row` into a new 7 x n array.
static lca_status read_quantiles(const lca__h5in *in, int64_t q, int64_t n,
                                 int64_t row, double **out) {
    int found = 0;
    *out = NULL;
    lca_status st = lca__h5in_exists(in, "/factors/quantiles", &found);
    if (st == LCA_OK && !found) {
        return lca__fail(in->ctx, LCA_ERR_INVALID,
                         "%s: no factor quantiles "
                         "(the run was made with --no-factor-samples)",
                         in->path);
    }
    int64_t expect[3] = {LCA_MC_NQUANTILES, q, n}, dims[3];
    hid_t ds = H5I_INVALID_HID;
    if (st == LCA_OK) {
        st = lca__h5in_open_dataset(in, "/factors/quantiles", H5T_FLOAT, 3,
                                    expect,
                                    "the file has that many "
                                    "indicators and products",
                                    &ds, dims);
    }
    double *all = NULL, *q7 = NULL;
    if (st == LCA_OK) {
        all = lca__malloc(in->ctx, (size_t)(LCA_MC_NQUANTILES * q * n),
                          sizeof *all);
        q7 = lca__malloc(in->ctx, (size_t)(LCA_MC_NQUANTILES * n), sizeof *q7);
        if (all == NULL || q7 == NULL) {
            st = lca__fail(in->ctx, LCA_ERR_NOMEM, "out of memory");
        }
    }
    if (st == LCA_OK && q * n > 0 &&
        H5Dread(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, all) <
            0) {
        st = lca__h5_fail(in->ctx, "%s: cannot read /factors/quantiles",
                          in->path);
    }
    for (int64_t i = 0; st == LCA_OK && i < LCA_MC_NQUANTILES; i++) {
        memcpy(q7 + i * n, all + (i * q + row) * n, (size_t)n * sizeof *q7);
    }
    lca__h5_close(&ds);
    lca__free(in->ctx, all);
    if (st == LCA_OK) {
        *out = q7;
    } else {
        lca__free(in->ctx, q7);
    }
    return st;
}

// /factors/gsd's row (the file of a run before the GSD was kept has none:
// NaN then).
static lca_status read_gsd(const lca__h5in *in, int64_t q, int64_t n,
                           int64_t row, double **out) {
    int found = 0;
    lca_status st = lca__h5in_exists(in, "/factors/gsd", &found);
    if (st != LCA_OK || found) {
        return st != LCA_OK ? st : read_row(in, "/factors/gsd", q, n, row, out);
    }
    *out = lca__malloc(in->ctx, (size_t)n, sizeof **out);
    if (*out == NULL) return lca__fail(in->ctx, LCA_ERR_NOMEM, "out of memory");
    for (int64_t j = 0; j < n; j++) (*out)[j] = NAN;
    return LCA_OK;
}

// The run's model hash and iteration counts.
static lca_status read_attrs(const lca__h5in *in, lca_mcfile_stats *s) {
    char *sha = NULL;
    int found = 0;
    lca_status st = lca__h5in_attr_string(in, "/", "model_sha256", &sha);
    if (st == LCA_OK)
        snprintf(s->model_sha256, sizeof s->model_sha256, "%s", sha);
    lca__free(in->ctx, sha);
    if (st == LCA_OK) {
        st = lca__h5in_attr_ints(in, "/", "iterations_done", 1,
                                 &s->iterations_done);
    }
    if (st == LCA_OK) {
        st = lca__h5in_attr_ints(in, "/", "iterations_failed", 1,
                                 &s->iterations_failed);
    }
    if (st == LCA_OK) st = lca__h5in_has_attr(in, "/", "stopped_early", &found);
    s->stopped_early = found;
    return st;
}

lca_status lca_mcfile_read_stats(lca_ctx *ctx, const char *path,
                                 const char *indicator, lca_mcfile_stats *s) {
    memset(s, 0, sizeof *s);
    lca__h5quiet quiet;
    lca__h5_quiet(&quiet);
    lca__h5in in;
    lca_status st = lca__h5in_open(ctx, path, &in);
    int64_t row = -1, q = 0, n = 0;
    char **ids = NULL;
    if (st == LCA_OK) st = check_format(&in);
    if (st == LCA_OK) st = find_indicator(&in, indicator, &row, &q);
    if (st == LCA_OK) {
        st = lca__h5in_read_strings(&in, "/products/id", -1, "", &n, &ids);
    }
    lca__h5_free_strings(ctx, ids, n);
    s->n = n;
    if (st == LCA_OK)
        st = read_row(&in, "/factors/count", q, n, row, &s->count);
    if (st == LCA_OK) st = read_row(&in, "/factors/mean", q, n, row, &s->mean);
    if (st == LCA_OK) st = read_row(&in, "/factors/sd", q, n, row, &s->sd);
    if (st == LCA_OK) st = read_gsd(&in, q, n, row, &s->gsd);
    if (st == LCA_OK) st = read_quantiles(&in, q, n, row, &s->quantiles);
    if (st == LCA_OK) st = read_attrs(&in, s);
    lca__h5in_close(&in);
    lca__h5_unquiet(&quiet);
    if (st != LCA_OK) lca_mcfile_stats_free(ctx, s);
    return st;
}

// ---- every iteration's factors of one indicator -----------------------------

void lca_mcfile_samples_free(lca_ctx *ctx, lca_mcfile_samples *s) {
    lca__h5_free_strings(ctx, s->product_ids, s->n);
    lca__free(ctx, s->x);
    memset(s, 0, sizeof *s);
}

// Rows [.., row, ..] of /factors/samples (N, q, n) into x (N x n).
static lca_status read_samples(const lca__h5in *in, int64_t q, int64_t n,
                               int64_t row, lca_mcfile_samples *s) {
    int found = 0;
    lca_status st = lca__h5in_exists(in, "/factors/samples", &found);
    if (st == LCA_OK && !found) {
        return lca__fail(in->ctx, LCA_ERR_INVALID, "%s: no factor samples "
                         "(the run was made with --no-factor-samples)",
                         in->path);
    }
    int64_t expect[3] = {-1, q, n}, dims[3] = {0, 0, 0};
    hid_t ds = H5I_INVALID_HID, fs = H5I_INVALID_HID, ms = H5I_INVALID_HID;
    if (st == LCA_OK) {
        st = lca__h5in_open_dataset(in, "/factors/samples", H5T_FLOAT, 3,
                                    expect, "the file has that many "
                                    "indicators and products", &ds, dims);
    }
    if (st == LCA_OK) {
        s->niter = dims[0];
        s->x = lca__malloc(in->ctx, (size_t)(dims[0] * n), sizeof *s->x);
        if (s->x == NULL) st = lca__fail(in->ctx, LCA_ERR_NOMEM,
                                         "out of memory");
    }
    if (st == LCA_OK && dims[0] * n > 0) {
        hsize_t start[3] = {0, (hsize_t)row, 0};
        hsize_t count[3] = {(hsize_t)dims[0], 1, (hsize_t)n};
        hsize_t mdims[2] = {(hsize_t)dims[0], (hsize_t)n};
        fs = H5Dget_space(ds);
        ms = H5Screate_simple(2, mdims, NULL);
        if (fs < 0 || ms < 0 ||
            H5Sselect_hyperslab(fs, H5S_SELECT_SET, start, NULL, count,
                                NULL) < 0 ||
            H5Dread(ds, H5T_NATIVE_DOUBLE, ms, fs, H5P_DEFAULT, s->x) < 0) {
            st = lca__h5_fail(in->ctx, "%s: cannot read /factors/samples",
                              in->path);
        }
    }
    if (fs >= 0) H5Sclose(fs);
    if (ms >= 0) H5Sclose(ms);
    lca__h5_close(&ds);
    return st;
}

lca_status lca_mcfile_read_samples(lca_ctx *ctx, const char *path,
                                   const char *indicator,
                                   lca_mcfile_samples *s) {
    memset(s, 0, sizeof *s);
    lca__h5quiet quiet;
    lca__h5_quiet(&quiet);
    lca__h5in in;
    lca_status st = lca__h5in_open(ctx, path, &in);
    int64_t row = -1, q = 0;
    if (st == LCA_OK) st = check_format(&in);
    if (st == LCA_OK) st = find_indicator(&in, indicator, &row, &q);
    if (st == LCA_OK) {
        st = lca__h5in_read_strings(&in, "/products/id", -1, "", &s->n,
                                    &s->product_ids);
    }
    if (st == LCA_OK) st = read_samples(&in, q, s->n, row, s);
    if (st == LCA_OK && s->x == NULL) st = LCA_ERR_NOMEM;
    lca__h5in_close(&in);
    lca__h5_unquiet(&quiet);
    if (st != LCA_OK) lca_mcfile_samples_free(ctx, s);
    return st;
}
