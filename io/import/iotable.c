// io/import/iotable.c: a monetary IO table from CSV files as an io_coefficients model
// SPDX-License-Identifier: MIT
//
// lca_import_iotable reads Z (which defines the sectors), gross output x,
// the pressures F and the final demand Y (io/import/iotable_wide.c and
// io/import/iotable_tall.c check every label and cell), then forms
//
//   A = Z diag(x)^-1,  B = F diag(x)^-1,  C = I
//
// by dividing each stored nonzero by its column's output. A sector with
// zero output keeps its place (its ids, its row of A) with empty columns
// of A and B, so that I - A has 1 on its diagonal and stays regular; the
// sector then needs no inputs and has output only as far as a demand or
// its row of A (sales to others) asks for it. It is listed in the import
// report. Such a sector with a nonzero entry in its column of
// Z or F is an error: dividing by zero has no meaning there, and setting
// the column to zero would silently drop those inputs.
//
// Rejected: computing x as row sums of Z plus Y. Published tables carry
// x separately and the two differ by statistical discrepancies and
// margins (WIOD: 0.2% median), so x must come from the table itself.

#include <stdio.h>
#include <string.h>

#include "engine/ctx_impl.h"
#include "io/import/iotable_impl.h"
#include "lca/io_iotable.h"

// Everything read from the files.
typedef struct iot_parts {
    lca_ctx *ctx;
    const lca_iotable_source *src;
    lca__iot_sectors S;
    lca__iot_wide Z, F, xw;  // xw: x as a row
    lca__iot_tall xt, Y, names;  // xt: x as a column
    double *x;     // gross output, n
    double *ybal;  // x - Z 1 when asked for, n
} iot_parts;

static void parts_free(iot_parts *P) {
    lca__iot_wide_free(&P->Z);
    lca__iot_wide_free(&P->F);
    lca__iot_wide_free(&P->xw);
    lca__iot_tall_free(&P->xt);
    lca__iot_tall_free(&P->Y);
    lca__iot_tall_free(&P->names);
    lca__free(P->ctx, P->x);
    lca__free(P->ctx, P->ybal);
    lca__iot_sectors_free(P->ctx, &P->S);
}

// The line of x's file that gives sector j's output.
static int64_t x_line(const iot_parts *P, int64_t j) {
    return P->src->x_column != NULL ? P->xt.line[j] : P->xw.line[0];
}

// x from its column or its row, then no negative output.
static lca_status read_x(iot_parts *P) {
    const lca_iotable_source *src = P->src;
    int64_t n = P->S.n;
    lca_status st;
    if (src->x_column != NULL) {
        st = lca__iot_read_tall(P->ctx, src->x, &P->S, src->x_id_column, 1,
                                &src->x_column, 0, &P->xt);
    } else {
        lca__iot_wide_opts o = {src->x_id_column, NULL, src->x_row};
        st = lca__iot_read_wide(P->ctx, src->x, &P->S, &o, &P->xw);
    }
    if (st != LCA_OK) return st;
    P->x = lca__calloc(P->ctx, (size_t)n, sizeof *P->x);
    if (P->x == NULL) return lca__fail(P->ctx, LCA_ERR_NOMEM, "out of memory");
    if (src->x_column != NULL) memcpy(P->x, P->xt.X, sizeof *P->x * (size_t)n);
    for (int64_t k = 0; k < P->xw.nnz; k++) P->x[P->xw.ej[k]] = P->xw.ex[k];
    for (int64_t j = 0; j < n; j++) {
        if (P->x[j] >= 0.0) continue;
        return lca__fail(P->ctx, LCA_ERR_INVALID, "%s: line %lld: sector "
                         "'%s' has negative gross output %.17g", src->x,
                         (long long)x_line(P, j), P->S.label[j], P->x[j]);
    }
    return LCA_OK;
}

// No nonzero of W (Z or F) in the column of a sector with zero output;
// the entries are in file order, so the first one found is the first line.
static lca_status check_zero_columns(const iot_parts *P, const char *path,
                                     const lca__iot_wide *W) {
    for (int64_t k = 0; k < W->nnz; k++) {
        int64_t j = W->ej[k];
        if (P->x[j] != 0.0) continue;
        return lca__fail(P->ctx, LCA_ERR_INVALID, "%s: line %lld, column "
                         "%lld: sector '%s' has zero gross output (%s, line "
                         "%lld) but %.17g in its column (row '%s')", path,
                         (long long)W->line[W->ei[k]],
                         (long long)(W->start + j) + 1, P->S.label[j],
                         P->src->x, (long long)x_line(P, j), W->ex[k],
                         W->id[W->ei[k]]);
    }
    return LCA_OK;
}

// y = x - Z 1, from Z's cells as read (before they are scaled).
static lca_status balance(iot_parts *P) {
    int64_t n = P->S.n;
    P->ybal = lca__malloc(P->ctx, (size_t)n, sizeof *P->ybal);
    if (P->ybal == NULL) {
        return lca__fail(P->ctx, LCA_ERR_NOMEM, "out of memory");
    }
    memcpy(P->ybal, P->x, sizeof *P->ybal * (size_t)n);
    const lca__iot_wide *Z = &P->Z;
    for (int64_t k = 0; k < Z->nnz; k++) P->ybal[Z->ei[k]] -= Z->ex[k];
    return LCA_OK;
}

static lca_status read_parts(iot_parts *P) {
    const lca_iotable_source *src = P->src;
    lca__iot_wide_opts none = {NULL, NULL, NULL};
    lca_status st = lca__iot_read_wide(P->ctx, src->Z, &P->S, &none, &P->Z);
    if (st == LCA_OK) st = read_x(P);
    if (st == LCA_OK) st = check_zero_columns(P, src->Z, &P->Z);
    if (st == LCA_OK && src->Y_balance != NULL) st = balance(P);
    if (st == LCA_OK && src->F != NULL) {
        lca__iot_wide_opts o = {src->F_id_column, src->F_unit_column, NULL};
        st = lca__iot_read_wide(P->ctx, src->F, &P->S, &o, &P->F);
        if (st == LCA_OK) st = check_zero_columns(P, src->F, &P->F);
    }
    if (st == LCA_OK && src->Y != NULL) {
        st = lca__iot_read_tall(P->ctx, src->Y, &P->S, src->Y_id_column,
                                src->nY_columns, src->Y_columns, 0, &P->Y);
    }
    if (st == LCA_OK && src->names != NULL) {
        st = lca__iot_read_tall(P->ctx, src->names, &P->S,
                                src->names_id_column, 1, &src->names_column,
                                1, &P->names);
    }
    return st;
}

// X = W diag(x)^-1 as an m x n matrix (W's cells are divided in place).
static lca_status scaled(const iot_parts *P, lca__iot_wide *W, int64_t m,
                         lca_csc **X) {
    for (int64_t k = 0; k < W->nnz; k++) W->ex[k] /= P->x[W->ej[k]];
    return lca_csc_from_triplets(P->ctx, m, P->S.n, W->nnz, W->ei, W->ej,
                                 W->ex, X);
}

static lca_status identity(lca_ctx *ctx, int64_t p, lca_csc **C) {
    int64_t *idx = lca__malloc(ctx, (size_t)p, sizeof *idx);
    double *one = lca__malloc(ctx, (size_t)p, sizeof *one);
    lca_status st = LCA_OK;
    if (idx == NULL || one == NULL) {
        st = lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    } else {
        for (int64_t i = 0; i < p; i++) {
            idx[i] = i;
            one[i] = 1.0;
        }
        st = lca_csc_from_triplets(ctx, p, p, p, idx, idx, one, C);
    }
    lca__free(ctx, idx);
    lca__free(ctx, one);
    return st;
}

static lca_status build_model(iot_parts *P, lca_model **M) {
    lca_csc *A = NULL, *B = NULL, *C = NULL;
    int64_t p = P->F.nrows;
    lca_status st = scaled(P, &P->Z, P->S.n, &A);
    if (st == LCA_OK) st = scaled(P, &P->F, p, &B);
    if (st == LCA_OK) st = identity(P->ctx, p, &C);
    if (st == LCA_OK) {
        st = lca_model_create(P->ctx, LCA_IO_COEFFICIENTS, A, B, C, M);
    }
    lca_csc_destroy(&A);
    lca_csc_destroy(&B);
    lca_csc_destroy(&C);
    return st;
}

// One label on an axis: values[i], or the same value everywhere.
static lca_status set_labels(lca_model *M, lca_axis axis, lca_label label,
                             char *const *values, const char *all) {
    lca_ctx *ctx = lca_model_ctx(M);
    int64_t count = lca_model_dim(M, axis);
    if ((values == NULL && all == NULL) || count == 0) return LCA_OK;
    const char **v = lca__malloc(ctx, (size_t)count, sizeof *v);
    if (v == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    for (int64_t i = 0; i < count; i++) v[i] = values ? values[i] : all;
    lca_status st = lca_model_set_labels(M, axis, label, v);
    lca__free(ctx, v);
    return st;
}

static lca_status label_model(const iot_parts *P, lca_model *M) {
    const lca_iotable_source *src = P->src;
    lca_status st = set_labels(M, LCA_PRODUCTS, LCA_LABEL_ID, P->S.label, NULL);
    if (st == LCA_OK) {
        st = set_labels(M, LCA_PRODUCTS, LCA_LABEL_UNIT, NULL, src->unit);
    }
    if (st == LCA_OK) {
        st = set_labels(M, LCA_PRODUCTS, LCA_LABEL_NAME, P->names.text, NULL);
    }
    // F's rows always have a unit slot; it is filled only from a column.
    char *const *units = src->F_unit_column != NULL ? P->F.unit : NULL;
    for (int axis = LCA_FLOWS; axis <= LCA_INDICATORS && st == LCA_OK; axis++) {
        st = set_labels(M, (lca_axis)axis, LCA_LABEL_ID, P->F.id, NULL);
        if (st == LCA_OK) {
            st = set_labels(M, (lca_axis)axis, LCA_LABEL_UNIT, units,
                            src->F_unit);
        }
    }
    if (st == LCA_OK) st = lca_model_set_attr(M, "importer", "io");
    if (st == LCA_OK) st = lca_model_set_attr(M, "source", src->Z);
    return st;
}

// The import report: sectors with zero output, columns of F not read.
static lca_status report(const iot_parts *P, lca_model *M) {
    lca_status st = LCA_OK;
    char detail[1024];
    for (int64_t j = 0; j < P->S.n && st == LCA_OK; j++) {
        if (P->x[j] != 0.0) continue;
        snprintf(detail, sizeof detail, "gross output is 0 (%s, line %lld); "
                 "its columns of A and B are zero", P->src->x,
                 (long long)x_line(P, j));
        st = lca_model_add_report(M, "zero output sector", P->S.label[j],
                                  lca_model_label(M, LCA_PRODUCTS,
                                                  LCA_LABEL_NAME, j),
                                  detail);
    }
    for (int64_t c = 0; c < P->F.nextra && st == LCA_OK; c++) {
        snprintf(detail, sizeof detail, "%s: column %lld is not a sector of "
                 "%s; its values are not in B", P->src->F,
                 (long long)P->F.extra_col[c] + 1, P->S.path);
        st = lca_model_add_report(M, "ignored column", P->F.extra[c], "",
                                  detail);
    }
    return st;
}

// Add demand name from the dense n-vector y (nonzeros only).
static lca_status add_dense_demand(lca_model *M, const char *name,
                                   const double *y, int64_t *idx,
                                   double *val, const char *path) {
    int64_t n = lca_model_dim(M, LCA_PRODUCTS), nnz = 0;
    for (int64_t i = 0; i < n; i++) {
        if (y[i] == 0.0) continue;
        idx[nnz] = i;
        val[nnz++] = y[i];
    }
    lca_status st = lca_model_add_demand(M, name, nnz, idx, val);
    if (st == LCA_ERR_ARG) {
        st = lca__wrap(lca_model_ctx(M), LCA_ERR_INVALID, "%s", path);
    }
    return st;
}

// Y's columns, then the balancing demand y = x - Z 1.
static lca_status add_demands(const iot_parts *P, lca_model *M) {
    lca_ctx *ctx = P->ctx;
    int64_t n = P->S.n;
    int64_t *idx = lca__malloc(ctx, (size_t)n, sizeof *idx);
    double *val = lca__malloc(ctx, (size_t)n, sizeof *val);
    lca_status st = LCA_OK;
    if (idx == NULL || val == NULL) {
        st = lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    }
    for (int64_t c = 0; c < P->Y.ncols && st == LCA_OK; c++) {
        st = add_dense_demand(M, P->Y.name[c], P->Y.X + c * n, idx, val,
                              P->src->Y);
    }
    if (st == LCA_OK && P->src->Y_balance != NULL) {
        st = add_dense_demand(M, P->src->Y_balance, P->ybal, idx, val,
                              "the balancing demand");
    }
    lca__free(ctx, idx);
    lca__free(ctx, val);
    return st;
}

static lca_status check_source(lca_ctx *ctx, const lca_iotable_source *src) {
    if (src == NULL || src->Z == NULL || src->x == NULL) {
        return lca__fail(ctx, LCA_ERR_ARG, "io import: the Z and x files are "
                         "required");
    }
    if ((src->x_column == NULL) == (src->x_row == NULL)) {
        return lca__fail(ctx, LCA_ERR_ARG, "io import: give either the "
                         "column or the row of %s that holds gross output",
                         src->x);
    }
    if (src->names != NULL && src->names_column == NULL) {
        return lca__fail(ctx, LCA_ERR_ARG, "io import: %s needs the name of "
                         "its column of sector names", src->names);
    }
    return LCA_OK;
}

lca_status lca_import_iotable(lca_ctx *ctx, const lca_iotable_source *src,
                              lca_model **M) {
    iot_parts P;
    memset(&P, 0, sizeof P);
    P.ctx = ctx;
    P.src = src;
    lca_model *T = NULL;
    *M = NULL;
    lca_status st = check_source(ctx, src);
    if (st == LCA_OK) st = read_parts(&P);
    if (st == LCA_OK) st = build_model(&P, &T);
    if (st == LCA_OK) st = label_model(&P, T);
    if (st == LCA_OK) st = report(&P, T);
    if (st == LCA_OK) st = add_demands(&P, T);
    if (st == LCA_OK) st = lca_model_check(T);
    if (st == LCA_OK) {
        *M = T;
        T = NULL;
    }
    lca_model_destroy(&T);
    parts_free(&P);
    return st;
}
