// io/export/export_mc.c: a Monte Carlo results file as tidy CSV
// SPDX-License-Identifier: MIT
//
// Every table of the file (docs/FORMAT.md, "Monte Carlo results file") in
// long form, one value per row, so that a pivot or a groupby starts from
// it. Everything is read and checked first: a file that is not a Monte
// Carlo results file, or one with a dataset of the wrong shape, writes
// nothing. Factor samples are written only for the products asked for:
// all of them would be iterations x products rows.

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "engine/ctx_impl.h"
#include "io/export/export_mc_impl.h"
#include "io/hdf5/h5in_impl.h"
#include "io/util/textout_impl.h"

const char *const lca__mc_stat_names[6] = {"count", "mean", "sd",
                                           "se",    "min",  "max"};

void lca__mcdata_free(mcdata *m) {
    lca_ctx *ctx = m->ctx;
    for (int l = 0; l < 3; l++) {
        lca__h5_free_strings(ctx, m->pl[l], m->n);
        lca__h5_free_strings(ctx, m->il[l], m->q);
    }
    lca__h5_free_strings(ctx, m->dnames, m->d);
    lca__h5_free_strings(ctx, m->reasons, m->f);
    for (int s = 0; s < 6; s++) lca__free(ctx, m->stats[s]);
    void *v[] = {m->gsd,   m->fq,    m->dmean, m->dsd,   m->dq,  m->scores,
                 m->citer, m->fiter, m->cmean, m->chalf, m->sel, m->samples};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) lca__free(ctx, v[i]);
}

// A float64 dataset of rank 3 and shape expect (entries < 0: any), whole.
static lca_status read3(const lca__h5in *in, const char *name,
                        const int64_t expect[3], int64_t dims[3], double **v) {
    hid_t ds = H5I_INVALID_HID;
    *v = NULL;
    lca_status st =
        lca__h5in_open_dataset(in, name, H5T_FLOAT, 3, expect,
                               "the file's axes say otherwise", &ds, dims);
    int64_t len = st == LCA_OK ? dims[0] * dims[1] * dims[2] : 0;
    if (st == LCA_OK) {
        *v = lca__malloc(in->ctx, (size_t)len, sizeof **v);
        if (*v == NULL) st = lca__fail(in->ctx, LCA_ERR_NOMEM, "out of memory");
    }
    if (st == LCA_OK && len > 0 &&
        H5Dread(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, *v) < 0) {
        st = lca__h5_fail(in->ctx, "%s: cannot read %s", in->path, name);
    }
    lca__h5_close(&ds);
    if (st != LCA_OK) {
        lca__free(in->ctx, *v);
        *v = NULL;
    }
    return st;
}

static lca_status labels(const lca__h5in *in, mcdata *m) {
    static const char *const k[3] = {"id", "name", "unit"};
    lca_status st = LCA_OK;
    int64_t cnt;
    for (int l = 0; l < 3 && st == LCA_OK; l++) {
        char name[64];
        snprintf(name, sizeof name, "/products/%s", k[l]);
        st = lca__h5in_read_strings(in, name, l ? m->n : -1,
                                    "one label per product", &cnt, &m->pl[l]);
        if (l == 0) m->n = cnt;
        snprintf(name, sizeof name, "/indicators/%s", k[l]);
        if (st == LCA_OK) {
            st = lca__h5in_read_strings(in, name, l ? m->q : -1,
                                        "one label per indicator", &cnt,
                                        &m->il[l]);
        }
        if (l == 0) m->q = cnt;
    }
    if (st == LCA_OK) {
        st = lca__h5in_read_strings(in, "/demands/names", -1, "", &m->d,
                                    &m->dnames);
    }
    return st;
}

// Factor statistics: (q, n) each, GSD when recorded, quantiles when the
// run kept factor samples.
static lca_status factor_stats(const lca__h5in *in, mcdata *m) {
    int64_t expect[2] = {m->q, m->n}, dims[3];
    lca_status st = LCA_OK;
    for (int s = 0; s < 6 && st == LCA_OK; s++) {
        char name[64];
        snprintf(name, sizeof name, "/factors/%s", lca__mc_stat_names[s]);
        st = lca__h5in_read_doubles2(in, name, expect,
                                     "the file's axes say "
                                     "otherwise",
                                     dims, &m->stats[s]);
    }
    int found = 0;
    if (st == LCA_OK) st = lca__h5in_exists(in, "/factors/gsd", &found);
    if (st == LCA_OK && found) {
        st = lca__h5in_read_doubles2(in, "/factors/gsd", expect,
                                     "the file's "
                                     "axes say otherwise",
                                     dims, &m->gsd);
    }
    if (st == LCA_OK) st = lca__h5in_exists(in, "/factors/quantiles", &found);
    if (st == LCA_OK && found) {
        int64_t e3[3] = {NQ, m->q, m->n};
        st = read3(in, "/factors/quantiles", e3, dims, &m->fq);
    }
    return st;
}

// A run that scored no demands has no demand tables but /demands/names
// and an empty /demands/scores: the factor samples, if any, count the
// iterations.
static lca_status no_demands(const lca__h5in *in, mcdata *m) {
    int found = 0;
    lca_status st = lca__h5in_exists(in, "/factors/samples", &found);
    if (st != LCA_OK || !found) return st;
    int64_t expect[3] = {-1, m->q, m->n}, dims[3];
    hid_t ds = H5I_INVALID_HID;
    st = lca__h5in_open_dataset(in, "/factors/samples", H5T_FLOAT, 3, expect,
                                "the file's axes say otherwise", &ds, dims);
    if (st == LCA_OK) m->N = dims[0];
    lca__h5_close(&ds);
    return st;
}

static lca_status demand_tables(const lca__h5in *in, mcdata *m) {
    if (m->d == 0) return no_demands(in, m);
    int64_t e2[2] = {m->d, m->q}, dims[3];
    const char *why = "the file's axes say otherwise";
    lca_status st =
        lca__h5in_read_doubles2(in, "/demands/mean", e2, why, dims, &m->dmean);
    if (st == LCA_OK) {
        st = lca__h5in_read_doubles2(in, "/demands/sd", e2, why, dims, &m->dsd);
    }
    int64_t eq[3] = {NQ, m->d, m->q}, es[3] = {-1, m->d, m->q};
    if (st == LCA_OK) st = read3(in, "/demands/quantiles", eq, dims, &m->dq);
    if (st == LCA_OK) st = read3(in, "/demands/scores", es, dims, &m->scores);
    if (st == LCA_OK) m->N = dims[0];
    int64_t cnt;
    if (st == LCA_OK) {
        st = lca__h5in_read_ints(in, "/convergence/iterations", -1, "", &m->c,
                                 &m->citer);
    }
    int64_t ec[3] = {m->c, m->d, m->q};
    if (st == LCA_OK) st = read3(in, "/convergence/mean", ec, dims, &m->cmean);
    if (st == LCA_OK) {
        st = read3(in, "/convergence/ci95_halfwidth", ec, dims, &m->chalf);
    }
    if (st == LCA_OK) {
        st = lca__h5in_read_ints(in, "/failures/iteration", -1, "", &m->f,
                                 &m->fiter);
    }
    if (st == LCA_OK) {
        st =
            lca__h5in_read_strings(in, "/failures/reason", m->f,
                                   "one reason per failure", &cnt, &m->reasons);
    }
    return st;
}

// The index of the product whose id is key, else the only one whose name
// is; LCA_ERR_NOTFOUND or, for a name several products carry,
// LCA_ERR_INVALID naming their ids.
static lca_status find_product(const lca__h5in *in, const mcdata *m,
                               const char *key, int64_t *j) {
    int64_t hits = 0;
    for (int64_t p = 0; p < m->n; p++) {
        if (strcmp(m->pl[0][p], key) == 0) {
            *j = p;
            return LCA_OK;
        }
    }
    for (int64_t p = 0; p < m->n; p++) {
        if (strcmp(m->pl[1][p], key) == 0 && hits++ == 0) *j = p;
    }
    if (hits == 1) return LCA_OK;
    if (hits == 0) {
        return lca__fail(in->ctx, LCA_ERR_NOTFOUND,
                         "%s: no product with the "
                         "id or name '%s'",
                         in->path, key);
    }
    return lca__fail(in->ctx, LCA_ERR_INVALID,
                     "%s: %lld products are named "
                     "'%s' (e.g. ids '%s'); give an id",
                     in->path, (long long)hits, key, m->pl[0][*j]);
}

// Every iteration's factors of the chosen products: samples (N, q, n) at
// column j, by a hyperslab per product.
static lca_status samples(const lca__h5in *in, mcdata *m, int64_t np,
                          const char *const *products) {
    m->np = np;
    if (np == 0) return LCA_OK;
    m->sel = lca__malloc(in->ctx, (size_t)np, sizeof *m->sel);
    m->samples =
        lca__malloc(in->ctx, (size_t)(np * m->N * m->q), sizeof *m->samples);
    if (m->sel == NULL || m->samples == NULL) {
        return lca__fail(in->ctx, LCA_ERR_NOMEM, "out of memory");
    }
    lca_status st = LCA_OK;
    for (int64_t i = 0; i < np && st == LCA_OK; i++) {
        st = find_product(in, m, products[i], &m->sel[i]);
    }
    int64_t expect[3] = {m->N, m->q, m->n}, dims[3];
    hid_t ds = H5I_INVALID_HID;
    if (st == LCA_OK) {
        st =
            lca__h5in_open_dataset(in, "/factors/samples", H5T_FLOAT, 3, expect,
                                   "the file's axes say otherwise", &ds, dims);
        if (st != LCA_OK) {
            st = lca__fail(in->ctx, LCA_ERR_INVALID,
                           "%s: no factor samples "
                           "to export (the run was made with "
                           "--no-factor-samples?): %s",
                           in->path, lca_ctx_errmsg(in->ctx));
        }
    }
    hid_t fs = st == LCA_OK ? H5Dget_space(ds) : H5I_INVALID_HID;
    hsize_t cnt[3] = {(hsize_t)m->N, (hsize_t)m->q, 1};
    hid_t ms = H5Screate_simple(3, cnt, NULL);
    for (int64_t i = 0; i < np && st == LCA_OK && m->N * m->q > 0; i++) {
        hsize_t start[3] = {0, 0, (hsize_t)m->sel[i]};
        if (H5Sselect_hyperslab(fs, H5S_SELECT_SET, start, NULL, cnt, NULL) <
                0 ||
            H5Dread(ds, H5T_NATIVE_DOUBLE, ms, fs, H5P_DEFAULT,
                    m->samples + i * m->N * m->q) < 0) {
            st = lca__h5_fail(in->ctx, "%s: cannot read /factors/samples",
                              in->path);
        }
    }
    lca__h5_close(&ms);
    lca__h5_close(&fs);
    lca__h5_close(&ds);
    return st;
}

lca_status lca__mcdata_read(lca_ctx *ctx, const char *path, int64_t np,
                            const char *const *products, mcdata *m) {
    memset(m, 0, sizeof *m);
    m->ctx = ctx;
    lca__h5quiet quiet;
    lca__h5_quiet(&quiet);
    lca__h5in in;
    lca_file_kind kind;
    lca_status st = lca_file_kind_read(ctx, path, &kind);
    if (st == LCA_OK && kind != LCA_FILE_MC) {
        st = lca__fail(ctx, LCA_ERR_INVALID,
                       "%s: not a Monte Carlo results "
                       "file",
                       path);
    }
    if (st == LCA_OK) st = lca__h5in_open(ctx, path, &in);
    if (st != LCA_OK) {
        lca__h5_unquiet(&quiet);
        return st;
    }
    st = labels(&in, m);
    if (st == LCA_OK) st = factor_stats(&in, m);
    if (st == LCA_OK) st = demand_tables(&in, m);
    if (st == LCA_OK) st = samples(&in, m, np, products);
    lca__h5in_close(&in);
    lca__h5_unquiet(&quiet);
    if (st != LCA_OK) lca__mcdata_free(m);
    return st;
}
