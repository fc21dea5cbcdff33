// engine/presamples.c: correlated pre-computed samples (lca_presamples)
// SPDX-License-Identifier: MIT

#include <math.h>
#include <string.h>

#include "csc_impl.h"
#include "ctx_impl.h"
#include "kernels/philox.h"
#include "lca/presamples.h"
#include "model_impl.h"

// The Philox "entry" that picks presample columns: outside every real
// entry number (those are < 2^48).
#define COLUMN_ENTRY (((uint64_t)1 << 48) - 1)

struct lca_presamples {
    lca_ctx *ctx;
    int64_t count, S;
    uint8_t *which;   // matrix of each entry
    int64_t *pos;     // position in that matrix's values
    double *samples;  // count x S
};

static const lca_csc *matrix_of(const lca_model *M, lca_matrix X) {
    return X == LCA_MATRIX_A ? M->A : X == LCA_MATRIX_B ? M->B : M->C;
}

static lca_status not_found(const lca_model *M, lca_matrix X, int64_t i,
                            int64_t j) {
    lca_axis ra = X == LCA_MATRIX_A ? LCA_PRODUCTS
                  : X == LCA_MATRIX_B ? LCA_FLOWS : LCA_INDICATORS;
    lca_axis ca = X == LCA_MATRIX_C ? LCA_FLOWS : LCA_PRODUCTS;
    return lca__fail(M->ctx, LCA_ERR_NOTFOUND,
                     "presample entry %c('%s', '%s') is not a nonzero of "
                     "the model",
                     "ABC"[X], lca_model_label(M, ra, LCA_LABEL_ID, i),
                     lca_model_label(M, ca, LCA_LABEL_ID, j));
}

// Position of each entry; refuses entries outside the pattern or twice.
static lca_status place(lca_presamples *ps, const lca_model *M,
                        const lca_matrix *which, const int64_t *rows,
                        const int64_t *cols) {
    for (int64_t e = 0; e < ps->count; e++) {
        lca_matrix X = which[e];
        if (X < LCA_MATRIX_A || X > LCA_MATRIX_C) {
            return lca__fail(M->ctx, LCA_ERR_INVALID, "presample entry %lld "
                             "names no matrix", (long long)e);
        }
        const lca_csc *Y = matrix_of(M, X);
        int64_t p = (rows[e] >= 0 && rows[e] < Y->m && cols[e] >= 0 &&
                     cols[e] < Y->n) ? lca_csc_find(Y, rows[e], cols[e]) : -1;
        if (p < 0) return not_found(M, X, rows[e] < 0 ? 0 : rows[e],
                                    cols[e] < 0 ? 0 : cols[e]);
        ps->which[e] = (uint8_t)X;
        ps->pos[e] = p;
        for (int64_t f = 0; f < e; f++) {
            if (ps->which[f] == X && ps->pos[f] == p) {
                return lca__fail(M->ctx, LCA_ERR_INVALID, "presample entries "
                                 "%lld and %lld are the same", (long long)f,
                                 (long long)e);
            }
        }
    }
    return LCA_OK;
}

lca_status lca_presamples_create(const lca_model *M, int64_t count,
                                 const lca_matrix *which, const int64_t *rows,
                                 const int64_t *cols, int64_t S,
                                 const double *samples, lca_presamples **out) {
    lca_ctx *ctx = M->ctx;
    *out = NULL;
    if (count < 1 || S < 1) {
        return lca__fail(ctx, LCA_ERR_INVALID, "a presample set needs at "
                         "least one entry and one sample");
    }
    for (int64_t q = 0; q < count * S; q++) {
        if (!isfinite(samples[q])) {
            return lca__fail(ctx, LCA_ERR_INVALID, "presample %lld of entry "
                             "%lld is not finite", (long long)(q % S),
                             (long long)(q / S));
        }
    }
    lca_presamples *ps = lca__calloc(ctx, 1, sizeof *ps);
    if (ps == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    ps->ctx = ctx;
    ps->count = count;
    ps->S = S;
    ps->which = lca__malloc(ctx, (size_t)count, sizeof *ps->which);
    ps->pos = lca__malloc(ctx, (size_t)count, sizeof *ps->pos);
    ps->samples = lca__malloc(ctx, (size_t)(count * S), sizeof *ps->samples);
    lca_status st = LCA_OK;
    if (ps->which == NULL || ps->pos == NULL || ps->samples == NULL) {
        st = lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    }
    if (st == LCA_OK) st = place(ps, M, which, rows, cols);
    if (st != LCA_OK) {
        lca_presamples_destroy(&ps);
        return st;
    }
    memcpy(ps->samples, samples, (size_t)(count * S) * sizeof *samples);
    *out = ps;
    return LCA_OK;
}

void lca_presamples_destroy(lca_presamples **ps) {
    if (ps == NULL || *ps == NULL) return;
    lca_ctx *ctx = (*ps)->ctx;
    lca__free(ctx, (*ps)->which);
    lca__free(ctx, (*ps)->pos);
    lca__free(ctx, (*ps)->samples);
    lca__free(ctx, *ps);
    *ps = NULL;
}

int64_t lca_presamples_count(const lca_presamples *ps) { return ps->count; }
int64_t lca_presamples_columns(const lca_presamples *ps) { return ps->S; }

// c = floor(u S) with u in (0,1) from Philox at (seed, iter, COLUMN_ENTRY).
int64_t lca_presamples_column(const lca_presamples *ps, uint64_t seed,
                              int64_t iter) {
    uint32_t r[4];
    lca__philox_draw(seed, (uint64_t)iter, COLUMN_ENTRY, 0, r);
    int64_t c = (int64_t)(lca__u01(r[0], r[1]) * (double)ps->S);
    return c < ps->S ? c : ps->S - 1;
}

void lca_presamples_entry(const lca_presamples *ps, int64_t e,
                          lca_matrix *which, int64_t *pos) {
    *which = (lca_matrix)ps->which[e];
    *pos = ps->pos[e];
}

void lca_presamples_apply(const lca_presamples *ps, int64_t c,
                          double *const values[3]) {
    for (int64_t e = 0; e < ps->count; e++) {
        double *v = values[ps->which[e]];
        if (v != NULL) v[ps->pos[e]] = ps->samples[e * ps->S + c];
    }
}
