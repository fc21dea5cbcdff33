// io/export/export_model.c: a model as Matrix Market + CSV, and its import report
// SPDX-License-Identifier: MIT
//
// lca_model_write_mtx writes exactly what `leontief import mtx` reads
// (io/import/mtx.c, io/util/csv.c), so that export and import are inverses: every
// stored entry of A, B and C with a value that reads back bit for bit,
// every label, every demand entry. The file layout follows
// datasets/examples/tiny/. Labels that the importer would trim or split
// are quoted (io/util/textout.c).

#include <stdio.h>
#include <string.h>

#include "engine/ctx_impl.h"
#include "io/util/textout_impl.h"
#include "lca/export.h"
#include "lca/io.h"

// The report's rows into a new textout (not committed) at *w.
static lca_status report_rows(const lca_model *M, const char *path,
                              lca__textout **w) {
    static const char *const head[4] = {"kind", "id", "name", "detail"};
    lca_status st = lca__textout_create(lca_model_ctx(M), path, w);
    if (st != LCA_OK) return st;
    for (int f = 0; f < 4; f++) lca__textout_field(*w, head[f]);
    lca__textout_end(*w);
    for (int64_t i = 0; i < lca_model_nreports(M); i++) {
        for (int f = 0; f < 4; f++) {
            lca__textout_field(*w, lca_model_report(M, i, (lca_report_field)f));
        }
        lca__textout_end(*w);
    }
    return LCA_OK;
}

lca_status lca_model_write_with_report(const lca_model *M, const char *path,
                                       const char *report_csv) {
    if (M == NULL) return LCA_ERR_ARG;
    lca__textout *w = NULL;
    lca_status st = report_rows(M, report_csv, &w);
    if (st == LCA_OK) st = lca__textout_flush(w);
    if (st == LCA_OK) st = lca_model_write(M, path);
    if (st == LCA_OK) return lca__textout_commit(&w);
    lca__textout_destroy(&w);
    return st;
}

lca_status lca_model_write_report_csv(const lca_model *M, const char *path) {
    if (M == NULL) return LCA_ERR_ARG;
    lca__textout *w = NULL;
    lca_status st = report_rows(M, path, &w);
    if (st != LCA_OK) return st;
    return lca__textout_commit(&w);
}

// Label l of entry i, with the importer's numbering for an unset id.
static const char *label(const lca_model *M, lca_axis axis, lca_label l,
                         int64_t i, char buf[32]) {
    const char *s = lca_model_label(M, axis, l, i);
    if (l != LCA_LABEL_ID || s[0] != '\0') return s;
    char prefix = axis == LCA_PRODUCTS ? 'P' : axis == LCA_FLOWS ? 'F' : 'I';
    snprintf(buf, 32, "%c%lld", prefix, (long long)i);
    return buf;
}

// One label list: a header of nl names, then one row per entry.
static lca_status write_labels(const lca_model *M, const char *path,
                               lca_axis axis, int nl, const lca_label *ls,
                               const char *const *names) {
    lca__textout *w = NULL;
    lca_status st = lca__textout_create(lca_model_ctx(M), path, &w);
    if (st != LCA_OK) return st;
    for (int l = 0; l < nl; l++) lca__textout_field(w, names[l]);
    lca__textout_end(w);
    for (int64_t i = 0; i < lca_model_dim(M, axis); i++) {
        char buf[32];
        for (int l = 0; l < nl; l++) {
            lca__textout_field(w, label(M, axis, ls[l], i, buf));
        }
        lca__textout_end(w);
    }
    return lca__textout_commit(&w);
}

// The demand table from Ft = F' (d x n): a row for each product that any
// demand holds an entry for; an empty cell where a demand holds none.
static lca_status write_demand_rows(const lca_model *M, const char *path,
                                    const lca_csc *Ft) {
    lca__textout *w = NULL;
    lca_status st = lca__textout_create(lca_model_ctx(M), path, &w);
    if (st != LCA_OK) return st;
    lca__textout_field(w, "product");
    int64_t d = lca_model_dim(M, LCA_DEMANDS);
    for (int64_t j = 0; j < d; j++) {
        lca__textout_field(w, lca_model_label(M, LCA_DEMANDS,
                                              LCA_LABEL_ID, j));
    }
    lca__textout_end(w);
    const int64_t *Tp = lca_csc_colptr(Ft), *Ti = lca_csc_rowidx(Ft);
    const double *Tx = lca_csc_values(Ft);
    for (int64_t i = 0; i < lca_csc_ncols(Ft); i++) {
        if (Tp[i] == Tp[i + 1]) continue;
        char buf[32];
        lca__textout_field(w, label(M, LCA_PRODUCTS, LCA_LABEL_ID, i, buf));
        int64_t p = Tp[i];
        for (int64_t j = 0; j < d; j++) {
            if (p < Tp[i + 1] && Ti[p] == j) {
                lca__textout_number(w, Tx[p++]);
            } else {
                lca__textout_field(w, "");
            }
        }
        lca__textout_end(w);
    }
    return lca__textout_commit(&w);
}

static lca_status write_demands(const lca_model *M, const char *path) {
    lca_csc *Ft = NULL;
    lca_status st = lca_csc_transpose(lca_model_demands(M), &Ft);
    if (st == LCA_OK) st = write_demand_rows(M, path, Ft);
    lca_csc_destroy(&Ft);
    return st;
}

static lca_status write_matrices(const lca_model *M, const char *dir) {
    lca_ctx *ctx = lca_model_ctx(M);
    const lca_csc *X[3] = {lca_model_A(M), lca_model_B(M), lca_model_C(M)};
    static const char *const names[3] = {"A.mtx", "B.mtx", "C.mtx"};
    char comment[3][160];
    snprintf(comment[0], sizeof comment[0], "A (products x products) of a "
             "leontief model; convention %s (import with --convention %s)",
             lca_convention_str(lca_model_convention(M)),
             lca_convention_str(lca_model_convention(M)));
    snprintf(comment[1], sizeof comment[1], "B (flows x products) of a "
             "leontief model");
    snprintf(comment[2], sizeof comment[2], "C (indicators x flows) of a "
             "leontief model");
    lca_status st = LCA_OK;
    for (int x = 0; x < 3 && st == LCA_OK; x++) {
        char *path = lca__path_join(ctx, dir, names[x]);
        if (path == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
        st = lca__mtx_write_csc(ctx, path, comment[x], X[x]);
        lca__free(ctx, path);
    }
    return st;
}

// products.csv, flows.csv, indicators.csv, in the importer's columns.
static lca_status write_label_files(const lca_model *M, const char *dir) {
    static const lca_label pl[5] = {LCA_LABEL_ID, LCA_LABEL_NAME,
                                    LCA_LABEL_UNIT, LCA_LABEL_REGION,
                                    LCA_LABEL_PERIOD};
    static const lca_label fl[5] = {LCA_LABEL_ID, LCA_LABEL_NAME,
                                    LCA_LABEL_COMPARTMENT, LCA_LABEL_UNIT,
                                    LCA_LABEL_CAS};
    static const char *const pn[5] = {"id", "name", "unit", "region",
                                      "period"};
    static const char *const fn[5] = {"id", "name", "compartment", "unit",
                                      "cas"};
    static const lca_label il[4] = {LCA_LABEL_ID, LCA_LABEL_NAME,
                                    LCA_LABEL_UNIT, LCA_LABEL_SPLIT};
    static const char *const in[4] = {"id", "name", "unit", "split"};
    static const char *const files[3] = {"products.csv", "flows.csv",
                                         "indicators.csv"};
    const lca_label *lab[3] = {pl, fl, il};
    const char *const *col[3] = {pn, fn, in};
    const int nl[3] = {5, 5, 4};
    lca_ctx *ctx = lca_model_ctx(M);
    lca_status st = LCA_OK;
    for (int a = LCA_PRODUCTS; a <= LCA_INDICATORS && st == LCA_OK; a++) {
        char *path = lca__path_join(ctx, dir, files[a]);
        if (path == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
        st = write_labels(M, path, (lca_axis)a, nl[a], lab[a], col[a]);
        lca__free(ctx, path);
    }
    return st;
}

lca_status lca_model_write_mtx(const lca_model *M, const char *dir) {
    if (M == NULL) return LCA_ERR_ARG;
    lca_ctx *ctx = lca_model_ctx(M);
    lca_status st = lca__make_dir(ctx, dir);
    if (st == LCA_OK) st = write_matrices(M, dir);
    if (st == LCA_OK) st = write_label_files(M, dir);
    if (st == LCA_OK && lca_model_dim(M, LCA_DEMANDS) > 0) {
        char *path = lca__path_join(ctx, dir, "demands.csv");
        if (path == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
        st = write_demands(M, path);
        lca__free(ctx, path);
    }
    return st;
}
