// io/export/export_results.c: lca_results_write_csv, tidy CSV and Matrix Market
// SPDX-License-Identifier: MIT
//
// "Tidy" (one row per value, one column per variable) because that is the
// shape pandas, R and spreadsheet pivot tables start from: a wide table
// (products as rows, indicators as columns) would need the labels of its
// columns parsed out of a header, and breaks down once a name holds a
// comma. Every table here walks one results matrix column by column
// (product or demand, the outer loop) and row by row (indicator, flow or
// product), writing the labels of both and the value.

#include <stdio.h>

#include "engine/ctx_impl.h"
#include "io/native/results_impl.h"
#include "io/util/textout_impl.h"

typedef struct table {
    const char *file;
    const char *const *head;       // outer labels, inner labels, values
    const lca__results_matrix *X;  // the values (and their labels)
    const lca__results_matrix *Y;  // a second value column, or NULL
} table;

static const char *const FACTORS[] = {
    "product_id", "product_name", "product_unit", "indicator_id",
    "indicator_name", "indicator_unit", "total", "direct"};
static const char *const FLOW_FACTORS[] = {
    "product_id", "product_name", "product_unit", "flow_id", "flow_name",
    "flow_compartment", "flow_unit", "total"};
static const char *const SCORES[] = {"demand", "indicator_id",
                                     "indicator_name", "unit", "value"};
static const char *const SUPPLY[] = {"demand", "product_id", "product_name",
                                     "product_unit", "value"};
static const char *const INVENTORY[] = {"demand", "flow_id", "flow_name",
                                        "flow_compartment", "flow_unit",
                                        "value"};

static void write_labels(lca__textout *w, const lca__results_labels *t,
                         int64_t i) {
    for (int l = 0; l < t->nl; l++) lca__textout_field(w, t->v[l][i]);
}

static lca_status write_table(lca_ctx *ctx, const char *dir, const table *t) {
    const lca__results_labels *rows = t->X->rows, *cols = t->X->cols;
    char *path = lca__path_join(ctx, dir, t->file);
    if (path == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    lca__textout *w = NULL;
    lca_status st = lca__textout_create(ctx, path, &w);
    lca__free(ctx, path);
    if (st != LCA_OK) return st;
    int nhead = cols->nl + rows->nl + (t->Y != NULL ? 2 : 1);
    for (int h = 0; h < nhead; h++) lca__textout_field(w, t->head[h]);
    lca__textout_end(w);
    int64_t m = rows->count, n = cols->count;
    for (int64_t j = 0; j < n; j++) {
        for (int64_t i = 0; i < m; i++) {
            write_labels(w, cols, j);
            write_labels(w, rows, i);
            lca__textout_number(w, t->X->X[i * n + j]);
            if (t->Y != NULL) lca__textout_number(w, t->Y->X[i * n + j]);
            lca__textout_end(w);
        }
    }
    return lca__textout_commit(&w);
}

// X as dir/<name without the leading '/', '/' -> '_'>.mtx.
static lca_status write_mtx(lca_ctx *ctx, const char *dir,
                            const lca__results_matrix *X,
                            const char *rows, const char *cols) {
    char file[64], comment[160];
    snprintf(file, sizeof file, "%s.mtx", X->name + 1);
    for (char *c = file; *c != '\0'; c++) {
        if (*c == '/') *c = '_';
    }
    snprintf(comment, sizeof comment, "%s of a leontief results file: rows "
             "%s, columns %s", X->name, rows, cols);
    char *path = lca__path_join(ctx, dir, file);
    if (path == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    lca_status st = lca__mtx_write_dense(ctx, path, comment,
                                         X->rows->count, X->cols->count,
                                         X->X);
    lca__free(ctx, path);
    return st;
}

static lca_status write_all_mtx(const lca_results *R, const char *dir) {
    const struct {
        const lca__results_matrix *X;
        const char *rows, *cols;
    } mats[6] = {
        {&R->N, "/indicators", "/products"},
        {&R->D, "/indicators", "/products"},
        {&R->M, "/factors/flows", "/products"},
        {&R->H, "/demands/indicators", "/demands/names"},
        {&R->S, "/products", "/demands/names"},
        {&R->G, "/flows", "/demands/names"},
    };
    lca_status st = LCA_OK;
    for (int i = 0; i < 6 && st == LCA_OK; i++) {
        if (mats[i].X->X != NULL) {
            st = write_mtx(R->ctx, dir, mats[i].X, mats[i].rows, mats[i].cols);
        }
    }
    return st;
}

lca_status lca_results_write_csv(const lca_results *R, const char *dir,
                                 int mtx) {
    if (R == NULL) return LCA_ERR_ARG;
    const table tables[5] = {
        {"factors.csv", FACTORS, &R->N, &R->D},
        {"flow_factors.csv", FLOW_FACTORS, &R->M, NULL},
        {"demand_scores.csv", SCORES, &R->H, NULL},
        {"demand_supply.csv", SUPPLY, &R->S, NULL},
        {"demand_inventory.csv", INVENTORY, &R->G, NULL},
    };
    lca_status st = lca__make_dir(R->ctx, dir);
    for (int i = 0; i < 5 && st == LCA_OK; i++) {
        if (tables[i].X->X != NULL) st = write_table(R->ctx, dir, &tables[i]);
    }
    if (st == LCA_OK && mtx) st = write_all_mtx(R, dir);
    return st;
}
