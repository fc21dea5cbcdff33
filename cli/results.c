// cli/results.c: write a run's results file (schema leontief-results v1)
// SPDX-License-Identifier: MIT
//
// The layout is in docs/FORMAT.md. Per-demand arrays are computed
// column-major (one demand per column) and stored row-major with shape
// (rows, demands), so that h5py's scores[i, j] is indicator i of demand j.

#include <stdlib.h>
#include <string.h>

#include "run.h"

#define RESULTS_SCHEMA_VERSION 1

// Labels of the selected entries of an axis, as a "group/label" dataset.
static lca_status write_labels(lca_h5out *out, const lca_model *M,
                               lca_axis axis, lca_label label,
                               const char *name, int64_t count,
                               const int64_t *sel) {
    const char **v = malloc(sizeof *v * (size_t)(count + 1));
    if (v == NULL) return LCA_ERR_NOMEM;
    for (int64_t i = 0; i < count; i++) {
        v[i] = lca_model_label(M, axis, label, sel != NULL ? sel[i] : i);
    }
    lca_status st = lca_h5out_write_strings(out, name, count, v);
    free(v);
    return st;
}

// id, name, unit (and compartment for flows) under group.
static lca_status write_axis(lca_h5out *out, const lca_model *M, lca_axis axis,
                             const char *group, int64_t count,
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
static lca_status write_columns(lca_h5out *out, const char *name,
                                int64_t rows, int64_t cols, const double *X) {
    double *T = malloc(sizeof *T * (size_t)(rows * cols) + 1);
    if (T == NULL) return LCA_ERR_NOMEM;
    for (int64_t j = 0; j < cols; j++) {
        for (int64_t i = 0; i < rows; i++) T[i * cols + j] = X[j * rows + i];
    }
    lca_status st = lca_h5out_write_dense(out, name, rows, cols, T);
    free(T);
    return st;
}

static lca_status write_provenance(lca_h5out *out, const cli_env *env,
                                   const run_opts *o, const run_data *d) {
    lca_status st = lca_h5out_set_attr(out, "/", "format", "leontief-results");
    if (st == LCA_OK) {
        st = lca_h5out_set_attr_int(out, "/", "schema_version",
                                    RESULTS_SCHEMA_VERSION);
    }
    const char *kv[][2] = {
        {"engine_version", lca_version()},
        {"git_commit", lca_git_commit()},
        {"command_line", env->command_line ? env->command_line : ""},
        {"model_file", o->model_path},
        {"model_sha256", d->model_sha256},
        {"created_utc", d->started},
        {"finished_utc", d->finished},
        {"solver", lca_solver_kind_str(d->finfo.kind)},
    };
    for (size_t i = 0; i < sizeof kv / sizeof kv[0] && st == LCA_OK; i++) {
        st = lca_h5out_set_attr(out, "/", kv[i][0], kv[i][1]);
    }
    if (st == LCA_OK) {
        st = lca_h5out_set_attr_int(out, "/", "threads", d->threads);
    }
    if (st == LCA_OK) {
        st = lca_h5out_set_attr_double(out, "/", "rcond_estimate",
                                       d->finfo.rcond);
    }
    if (st == LCA_OK) {
        st = lca_h5out_set_attr_double(out, "/", "backward_error",
                                       d->backward_error);
    }
    return st;
}

static lca_status write_factors(lca_h5out *out, const lca_model *M,
                                const run_data *d) {
    lca_status st = write_axis(out, M, LCA_INDICATORS, "indicators", d->nind,
                               d->ind);
    if (st == LCA_OK) {
        st = lca_h5out_write_dense(out, "factors/N", d->nind, d->n, d->N);
    }
    if (st == LCA_OK) {
        st = lca_h5out_write_dense(out, "factors/D", d->nind, d->n, d->D);
    }
    if (st == LCA_OK && d->nfl > 0) {
        st = write_axis(out, M, LCA_FLOWS, "factors/flows", d->nfl, d->fl);
        if (st == LCA_OK) {
            st = lca_h5out_write_dense(out, "factors/M", d->nfl, d->n, d->Mf);
        }
    }
    return st;
}

// --by-product: nd x k x n each, summing over products to the scores.
static lca_status write_by_product(lca_h5out *out, const run_data *d) {
    lca_status st = lca_h5out_write_dense3(out, "demands/by_product/total",
                                           d->nd, d->k, d->n, d->Pt);
    if (st != LCA_OK) return st;
    return lca_h5out_write_dense3(out, "demands/by_product/direct", d->nd,
                                  d->k, d->n, d->Pd);
}

static lca_status write_demands(lca_h5out *out, const lca_model *M,
                                const run_data *d) {
    lca_status st = write_labels(out, M, LCA_DEMANDS, LCA_LABEL_ID,
                                 "demands/names", d->nd, d->dem);
    if (st == LCA_OK) {
        st = write_axis(out, M, LCA_INDICATORS, "demands/indicators", d->k,
                        NULL);
    }
    if (st == LCA_OK) {
        st = write_columns(out, "demands/scores", d->k, d->nd, d->H);
    }
    if (st == LCA_OK && d->Pt != NULL) st = write_by_product(out, d);
    if (st == LCA_OK && d->S != NULL) {
        st = write_columns(out, "demands/supply", d->n, d->nd, d->S);
    }
    if (st == LCA_OK && d->G != NULL) {
        st = write_axis(out, M, LCA_FLOWS, "flows", d->m, NULL);
        if (st == LCA_OK) {
            st = write_columns(out, "demands/inventory", d->m, d->nd, d->G);
        }
    }
    return st;
}

lca_status run_write_results(lca_ctx *ctx, const cli_env *env,
                             const run_opts *o, const lca_model *M,
                             const run_data *d) {
    lca_h5out *out = NULL;
    lca_status st = lca_h5out_create(ctx, o->out_path, &out);
    if (st == LCA_OK) st = write_provenance(out, env, o, d);
    if (st == LCA_OK) {
        st = write_axis(out, M, LCA_PRODUCTS, "products", d->n, NULL);
    }
    if (st == LCA_OK && o->want_factors) st = write_factors(out, M, d);
    if (st == LCA_OK && d->nd > 0) st = write_demands(out, M, d);
    if (st == LCA_OK) return lca_h5out_commit(&out);
    lca_h5out_destroy(&out);
    return st;
}
