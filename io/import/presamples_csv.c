// io/import/presamples_csv.c: reading a presample set from CSV
// SPDX-License-Identifier: MIT
//
// Layout (docs/MONTECARLO.md): a header `matrix,row,column,s1,...,sS`,
// then one record per entry: the matrix (A, B or C), the row's and the
// column's id (or name) on the matrix's axes, and S finite samples.

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/ctx_impl.h"
#include "io/util/csv_impl.h"
#include "lca/presamples.h"

typedef struct entries {
    lca_matrix *which;
    int64_t *rows, *cols;
    double *samples;
    int64_t count, cap, S;
} entries;

// Room for one more entry in the 4 parallel arrays (one capacity; an
// entry's samples are S doubles).
static lca_status grow(lca_ctx *ctx, entries *e) {
    int64_t need = e->count + 1, cw = e->cap, cr = e->cap, cc = e->cap;
    int64_t cs = e->cap;
    lca_matrix *w = lca__grow(ctx, e->which, &cw, need, sizeof *w);
    if (w != NULL) e->which = w;
    int64_t *r = lca__grow(ctx, e->rows, &cr, need, sizeof *r);
    if (r != NULL) e->rows = r;
    int64_t *c = lca__grow(ctx, e->cols, &cc, need, sizeof *c);
    if (c != NULL) e->cols = c;
    double *s = lca__grow(ctx, e->samples, &cs, need,
                          sizeof *s * (size_t)e->S);
    if (s != NULL) e->samples = s;
    if (w == NULL || r == NULL || c == NULL || s == NULL) return LCA_ERR_NOMEM;
    e->cap = cw;
    return LCA_OK;
}

// One record: matrix, row id, column id, S samples.
static lca_status parse_record(const lca_model *M, const char *path,
                               const lca__csv_record *rec, entries *e) {
    lca_ctx *ctx = lca_model_ctx(M);
    const char *m = rec->fields[0];
    if (rec->nfields != 3 + e->S) {
        return lca__fail(ctx, LCA_ERR_INVALID, "%s: line %lld: %lld fields, "
                         "the header has %lld", path, (long long)rec->line,
                         (long long)rec->nfields, (long long)(3 + e->S));
    }
    if (strlen(m) != 1 || m[0] < 'A' || m[0] > 'C') {
        return lca__fail(ctx, LCA_ERR_INVALID, "%s: line %lld: matrix '%s' "
                         "is not A, B or C", path, (long long)rec->line, m);
    }
    lca_matrix X = (lca_matrix)(m[0] - 'A');
    lca_axis ra = X == LCA_MATRIX_A ? LCA_PRODUCTS
                  : X == LCA_MATRIX_B ? LCA_FLOWS : LCA_INDICATORS;
    lca_axis ca = X == LCA_MATRIX_C ? LCA_FLOWS : LCA_PRODUCTS;
    lca_status st = grow(ctx, e);
    if (st != LCA_OK) return st;
    int64_t k = e->count;
    e->which[k] = X;
    st = lca_model_lookup(M, ra, rec->fields[1], &e->rows[k]);
    if (st == LCA_OK) st = lca_model_lookup(M, ca, rec->fields[2], &e->cols[k]);
    if (st != LCA_OK) {
        return lca__wrap(ctx, st, "%s: line %lld", path, (long long)rec->line);
    }
    for (int64_t s = 0; s < e->S; s++) {
        if (!lca__csv_to_double(rec->fields[3 + s], &e->samples[k * e->S + s])) {
            return lca__fail(ctx, LCA_ERR_INVALID, "%s: line %lld, field %lld: "
                             "'%s' is not a finite number", path,
                             (long long)rec->line, (long long)(4 + s),
                             rec->fields[3 + s]);
        }
    }
    e->count++;
    return LCA_OK;
}

static lca_status read_all(const lca_model *M, lca__csv *r, const char *path,
                           entries *e) {
    lca__csv_record rec;
    lca_status st = lca__csv_read(r, &rec);
    if (st != LCA_OK) return st;
    if (rec.nfields < 4 || strcmp(rec.fields[0], "matrix") != 0) {
        return lca__fail(lca_model_ctx(M), LCA_ERR_INVALID,
                         "%s: line 1: the header must be matrix,row,column "
                         "followed by at least one sample column", path);
    }
    e->S = rec.nfields - 3;
    for (;;) {
        st = lca__csv_read(r, &rec);
        if (st != LCA_OK || rec.nfields == 0) return st;
        st = parse_record(M, path, &rec, e);
        if (st != LCA_OK) return st;
    }
}

lca_status lca_presamples_read_csv(const lca_model *M, const char *path,
                                   lca_presamples **ps) {
    lca_ctx *ctx = lca_model_ctx(M);
    *ps = NULL;
    lca__csv *r = NULL;
    entries e;
    memset(&e, 0, sizeof e);
    lca_status st = lca__csv_create(ctx, path, ',', &r);
    if (st == LCA_OK) st = read_all(M, r, path, &e);
    if (st == LCA_OK && e.count == 0) {
        st = lca__fail(ctx, LCA_ERR_INVALID, "%s: no entries", path);
    }
    if (st == LCA_OK) {
        st = lca_presamples_create(M, e.count, e.which, e.rows, e.cols, e.S,
                                   e.samples, ps);
        if (st != LCA_OK) st = lca__wrap(ctx, st, "%s", path);
    }
    lca__csv_destroy(&r);
    lca__free(ctx, e.which);
    lca__free(ctx, e.rows);
    lca__free(ctx, e.cols);
    lca__free(ctx, e.samples);
    return st;
}
