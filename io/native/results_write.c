// io/native/results_write.c: lca_results_write (schema leontief-results v1)
// SPDX-License-Identifier: MIT
//
// The layout is in docs/FORMAT.md ("Results file"); results_read.c reads
// it back. Per-demand arrays arrive column-major (one demand per column)
// and are stored row-major with shape (rows, demands), so that h5py's
// scores[i, j] is indicator i of demand j.

#include <stdio.h>
#include <string.h>

#include "engine/ctx_impl.h"
#include "io/hdf5/h5out_impl.h"
#include "lca/io.h"

#define RESULTS_FORMAT "leontief-results"
#define RESULTS_SCHEMA_VERSION 2  // v2: sealed, fixed-length strings

// Labels of the selected entries of an axis (all when sel is NULL), as a
// "group/label" dataset.
static lca_status write_labels(lca__h5out *out, const lca_model *M,
                               lca_axis axis, lca_label label,
                               const char *name, int64_t count,
                               const int64_t *sel) {
    lca_ctx *ctx = lca_model_ctx(M);
    const char **v = lca__malloc(ctx, (size_t)count + 1, sizeof *v);
    if (v == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    for (int64_t i = 0; i < count; i++) {
        v[i] = lca_model_label(M, axis, label, sel != NULL ? sel[i] : i);
    }
    lca_status st = lca__h5out_write_strings(out, name, count, v);
    lca__free(ctx, v);
    return st;
}

// id, name, unit (and compartment for flows) under group.
static lca_status write_axis(lca__h5out *out, const lca_model *M,
                             lca_axis axis, const char *group, int64_t count,
                             const int64_t *sel) {
    static const char *names[] = {"id", "name", "unit", "compartment"};
    int nl = (axis == LCA_FLOWS) ? 4 : 3;
    lca_status st = LCA_OK;
    for (int l = 0; l < nl && st == LCA_OK; l++) {
        char path[128];
        snprintf(path, sizeof path, "%s/%s", group, names[l]);
        st = write_labels(out, M, axis, (lca_label)l, path, count, sel);
    }
    return st;
}

// Column-major rows x cols -> row-major dataset of shape (rows, cols).
static lca_status write_columns(lca__h5out *out, lca_ctx *ctx,
                                const char *name, int64_t rows, int64_t cols,
                                const double *X) {
    double *T = lca__malloc(ctx, (size_t)(rows * cols) + 1, sizeof *T);
    if (T == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    for (int64_t j = 0; j < cols; j++) {
        for (int64_t i = 0; i < rows; i++) T[i * cols + j] = X[j * rows + i];
    }
    lca_status st = lca__h5out_write_dense(out, name, rows, cols, T);
    lca__free(ctx, T);
    return st;
}

static const char *or_empty(const char *s) { return s != NULL ? s : ""; }

static lca_status write_provenance(lca__h5out *out,
                                   const lca_results_data *d) {
    lca_status st = lca__h5out_set_attr(out, "/", "format", RESULTS_FORMAT);
    if (st == LCA_OK) {
        st = lca__h5out_set_attr_int(out, "/", "schema_version",
                                     RESULTS_SCHEMA_VERSION);
    }
    const char *kv[][2] = {
        {"engine_version", lca_version()},
        {"git_commit", lca_git_commit()},
        {"command_line", or_empty(d->command_line)},
        {"model_file", or_empty(d->model_file)},
        {"model_sha256", or_empty(d->model_sha256)},
        {"created_utc", or_empty(d->created_utc)},
        {"finished_utc", or_empty(d->finished_utc)},
        {"solver", lca_solver_kind_str(d->solver)},
    };
    for (size_t i = 0; i < sizeof kv / sizeof kv[0] && st == LCA_OK; i++) {
        st = lca__h5out_set_attr(out, "/", kv[i][0], kv[i][1]);
    }
    if (st == LCA_OK) {
        st = lca__h5out_set_attr_int(out, "/", "threads", d->threads);
    }
    if (st == LCA_OK) {
        st = lca__h5out_set_attr_double(out, "/", "rcond_estimate",
                                        d->rcond_estimate);
    }
    if (st == LCA_OK) {
        st = lca__h5out_set_attr_double(out, "/", "backward_error",
                                        d->backward_error);
    }
    return st;
}

static lca_status write_factors(lca__h5out *out, const lca_model *M,
                                const lca_results_data *d) {
    int64_t n = lca_model_dim(M, LCA_PRODUCTS);
    lca_status st = write_axis(out, M, LCA_INDICATORS, "indicators", d->nind,
                               d->ind);
    if (st == LCA_OK) {
        st = lca__h5out_write_dense(out, "factors/N", d->nind, n, d->N);
    }
    if (st == LCA_OK) {
        st = lca__h5out_write_dense(out, "factors/D", d->nind, n, d->D);
    }
    if (st == LCA_OK && d->nfl > 0) {
        st = write_axis(out, M, LCA_FLOWS, "factors/flows", d->nfl, d->fl);
        if (st == LCA_OK) {
            st = lca__h5out_write_dense(out, "factors/M", d->nfl, n, d->Mf);
        }
    }
    return st;
}

// By-product contributions: nd x k x n each, summing over products to the
// scores.
static lca_status write_by_product(lca__h5out *out, const lca_model *M,
                                   const lca_results_data *d) {
    int64_t n = lca_model_dim(M, LCA_PRODUCTS);
    int64_t k = lca_model_dim(M, LCA_INDICATORS);
    lca_status st = lca__h5out_write_dense3(out, "demands/by_product/total",
                                            d->nd, k, n, d->Pt);
    if (st != LCA_OK) return st;
    return lca__h5out_write_dense3(out, "demands/by_product/direct", d->nd, k,
                                   n, d->Pd);
}

static lca_status write_demands(lca__h5out *out, const lca_model *M,
                                const lca_results_data *d) {
    lca_ctx *ctx = lca_model_ctx(M);
    int64_t n = lca_model_dim(M, LCA_PRODUCTS);
    int64_t m = lca_model_dim(M, LCA_FLOWS);
    int64_t k = lca_model_dim(M, LCA_INDICATORS);
    lca_status st = write_labels(out, M, LCA_DEMANDS, LCA_LABEL_ID,
                                 "demands/names", d->nd, d->dem);
    if (st == LCA_OK) {
        st = write_axis(out, M, LCA_INDICATORS, "demands/indicators", k, NULL);
    }
    if (st == LCA_OK) {
        st = write_columns(out, ctx, "demands/scores", k, d->nd, d->H);
    }
    if (st == LCA_OK && d->Pt != NULL) st = write_by_product(out, M, d);
    if (st == LCA_OK && d->S != NULL) {
        st = write_columns(out, ctx, "demands/supply", n, d->nd, d->S);
    }
    if (st == LCA_OK && d->G != NULL) {
        st = write_axis(out, M, LCA_FLOWS, "flows", m, NULL);
        if (st == LCA_OK) {
            st = write_columns(out, ctx, "demands/inventory", m, d->nd, d->G);
        }
    }
    return st;
}

// Every array d says it has must be there.
static lca_status check(const lca_model *M, const lca_results_data *d,
                        const char *path) {
    lca_ctx *ctx = lca_model_ctx(M);
    int factors_ok = d->N == NULL ||
                     (d->nind >= 0 && d->D != NULL &&
                      (d->nind == 0 || d->ind != NULL) &&
                      (d->nfl == 0 || (d->fl != NULL && d->Mf != NULL)));
    int demands_ok = d->nd == 0 ||
                     (d->nd > 0 && d->dem != NULL && d->H != NULL &&
                      (d->Pt == NULL) == (d->Pd == NULL));
    if (factors_ok && demands_ok) return LCA_OK;
    return lca__fail(ctx, LCA_ERR_ARG, "%s: results to write are incomplete "
                     "(%s)", path, factors_ok ? "demands" : "factors");
}

lca_status lca_results_write(const lca_model *M, const lca_results_data *d,
                             const char *path) {
    if (M == NULL || d == NULL || path == NULL) return LCA_ERR_ARG;
    lca__h5out *out = NULL;
    lca_status st = check(M, d, path);
    if (st == LCA_OK) st = lca__h5out_create(lca_model_ctx(M), path, &out);
    if (st == LCA_OK) st = write_provenance(out, d);
    if (st == LCA_OK) {
        st = write_axis(out, M, LCA_PRODUCTS, "products",
                        lca_model_dim(M, LCA_PRODUCTS), NULL);
    }
    if (st == LCA_OK && d->N != NULL) st = write_factors(out, M, d);
    if (st == LCA_OK && d->nd > 0) st = write_demands(out, M, d);
    if (st == LCA_OK) return lca__h5out_commit(&out);
    lca__h5out_destroy(&out);
    return st;
}
