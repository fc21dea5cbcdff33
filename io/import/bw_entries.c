// io/import/bw_entries.c: one resource group's arrays into entries
// SPDX-License-Identifier: MIT
//
// A group's indices, data, flip and distributions arrays are read whole,
// checked against each other (types, one dimension, equal lengths) and
// turned into entries: ids, the amount after flip, and its record.

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "engine/ctx_impl.h"
#include "io/import/bw_impl.h"
#include "io/import/npy_impl.h"

static const char *const KIND[LCA__BW_NKINDS] = {"indices", "data", "flip",
                                                 "distributions"};
static const char *const DIST_FIELDS[7] = {
    "uncertainty_type", "loc", "scale", "shape", "minimum", "maximum",
    "negative"};

typedef struct arrays {
    char *buf[LCA__BW_NKINDS];
    lca__npy a[LCA__BW_NKINDS];
    int row, col;  // fields of the indices
    int dist[7];   // fields of the distributions
} arrays;

static lca_status wrong(lca__bw *bw, const lca__bw_group *G, int kind,
                        const char *what, const char *type) {
    return lca__fail(bw->ctx, LCA_ERR_INVALID, "%s/%s: the %s array of "
                     "group '%s' %s%s", lca__bw_src_path(bw->src[G->package]),
                     G->file[kind], KIND[kind], G->name, what,
                     type != NULL ? type : "");
}

// Fields `names` of array a, each of a kind in `kinds`, into idx.
static lca_status fields(lca__bw *bw, const lca__bw_group *G, int kind,
                         const lca__npy *a, int n, const char *const *names,
                         const char *kinds, int *idx) {
    if (!a->structured)
        return wrong(bw, G, kind, "is not a structured array but ",
                     lca__npy_type_str(a, 0));
    for (int i = 0; i < n; i++) {
        idx[i] = lca__npy_field_find(a, names[i]);
        if (idx[i] < 0) return wrong(bw, G, kind, "has no field ", names[i]);
        if (strchr(kinds, a->field[idx[i]].kind) == NULL)
            return wrong(bw, G, kind, "has a field of the wrong type: ",
                         names[i]);
    }
    return LCA_OK;
}

// Types and lengths of the arrays present.
static lca_status check(lca__bw *bw, const lca__bw_group *G, arrays *A) {
    static const char *const RC[2] = {"row", "col"};
    int rc[2] = {-1, -1};  // set by fields() when it succeeds
    lca_status st = fields(bw, G, LCA__BW_INDICES, &A->a[LCA__BW_INDICES], 2,
                           RC, "iu", rc);
    A->row = rc[0];
    A->col = rc[1];
    if (st == LCA_OK && G->file[LCA__BW_DIST] != NULL)
        st = fields(bw, G, LCA__BW_DIST, &A->a[LCA__BW_DIST], 7, DIST_FIELDS,
                    "iufb", A->dist);
    const lca__npy *d = &A->a[LCA__BW_DATA], *f = &A->a[LCA__BW_FLIP];
    if (st == LCA_OK && (d->structured || d->field[0].kind == 'b'))
        st = wrong(bw, G, LCA__BW_DATA, "is not numbers but ",
                   d->structured ? "a structured array" : "bool");
    if (st == LCA_OK && G->file[LCA__BW_FLIP] != NULL &&
        (f->structured || f->field[0].kind != 'b'))
        st = wrong(bw, G, LCA__BW_FLIP, "is not bool but ",
                   f->structured ? "a structured array" : lca__npy_type_str(f, 0));
    for (int k = 0; k < LCA__BW_NKINDS && st == LCA_OK; k++) {
        if (G->file[k] == NULL) continue;
        if (A->a[k].ndim != 1)
            st = wrong(bw, G, k, "is not one-dimensional", NULL);
        else if (A->a[k].count != A->a[LCA__BW_INDICES].count)
            st = lca__fail(bw->ctx, LCA_ERR_INVALID, "%s/%s: the %s array of "
                           "group '%s' has %lld entries, its indices %lld",
                           lca__bw_src_path(bw->src[G->package]), G->file[k],
                           KIND[k], G->name, (long long)A->a[k].count,
                           (long long)A->a[LCA__BW_INDICES].count);
    }
    return st;
}

static lca_status entry_fail(lca__bw *bw, const lca__bw_group *G, int kind,
                             int64_t k, const lca__bw_entry *e,
                             const char *why) {
    return lca__fail(bw->ctx, LCA_ERR_INVALID, "%s/%s: %s group '%s', entry "
                     "%lld (row %lld, col %lld): %s",
                     lca__bw_src_path(bw->src[G->package]), G->file[kind],
                     lca__bw_matrix_str(G->matrix), G->name, (long long)k,
                     (long long)e->row, (long long)e->col, why);
}

// The record of entry k from the distributions array.
static int record(const arrays *A, int64_t k, double x, int flip,
                  lca_uncertainty *u, char *why, size_t n) {
    const lca__npy *D = &A->a[LCA__BW_DIST];
    int64_t code = 0;
    if (!lca__npy_int64(D, k, A->dist[0], &code) || code < 0 || code > 255) {
        snprintf(why, n, "uncertainty_type is not a stats_arrays code");
        return 0;
    }
    double v[5];
    for (int i = 0; i < 5; i++) v[i] = lca__npy_double(D, k, A->dist[1 + i]);
    int negative = lca__npy_double(D, k, A->dist[6]) != 0.0;
    return lca__bw_record((int)code, v[0], v[1], v[2], v[3], v[4], negative,
                          x, flip, u, why, n);
}

// Entry k of the group.
static lca_status entry(lca__bw *bw, int64_t g, const arrays *A, int64_t k,
                        lca__bw_entry *e) {
    const lca__bw_group *G = &bw->groups[g];
    const lca__npy *I = &A->a[LCA__BW_INDICES];
    e->group = g;
    e->k = k;
    e->row = e->col = -1;
    int ok = lca__npy_int64(I, k, A->row, &e->row) &&
             lca__npy_int64(I, k, A->col, &e->col);
    if (!ok || e->row < 0 || e->col < 0)
        return entry_fail(bw, G, LCA__BW_INDICES, k, e, "an id is negative "
                          "or above 2^63 (ids must be >= 0)");
    double x = lca__npy_double(&A->a[LCA__BW_DATA], k, 0);
    if (!isfinite(x))
        return entry_fail(bw, G, LCA__BW_DATA, k, e, "the amount is not a "
                          "finite number");
    int flip = G->file[LCA__BW_FLIP] != NULL &&
               lca__npy_double(&A->a[LCA__BW_FLIP], k, 0) != 0.0;
    e->x = flip ? -x : x;
    e->u = lca_uncertainty_none();
    char why[320];
    if (G->file[LCA__BW_DIST] != NULL &&
        !record(A, k, x, flip, &e->u, why, sizeof why))
        return entry_fail(bw, G, LCA__BW_DIST, k, e, why);
    return LCA_OK;
}

static lca_status append(lca__bw *bw, int64_t g, const arrays *A) {
    int m = bw->groups[g].matrix;
    int64_t n = A->a[LCA__BW_INDICES].count;
    lca__bw_entry *e = lca__grow(bw->ctx, bw->e[m], &bw->e_cap[m],
                                 bw->ne[m] + n, sizeof *e);
    if (e == NULL) return LCA_ERR_NOMEM;
    bw->e[m] = e;
    for (int64_t k = 0; k < n; k++) {
        lca_status st = entry(bw, g, A, k, &e[bw->ne[m]]);
        if (st != LCA_OK) return st;
        bw->ne[m]++;
    }
    return LCA_OK;
}

lca_status lca__bw_group_read(lca__bw *bw, int64_t g) {
    const lca__bw_group *G = &bw->groups[g];
    lca__bw_src *src = bw->src[G->package];
    arrays A;
    memset(&A, 0, sizeof A);
    lca_status st = LCA_OK;
    for (int k = 0; k < LCA__BW_NKINDS && st == LCA_OK; k++) {
        if (G->file[k] == NULL) continue;
        size_t size = 0;
        st = lca__bw_src_read(src, G->file[k], &A.buf[k], &size);
        if (st != LCA_OK) break;
        char name[600];
        snprintf(name, sizeof name, "%s/%s", lca__bw_src_path(src), G->file[k]);
        st = lca__npy_parse(bw->ctx, name, A.buf[k], size, &A.a[k]);
    }
    if (st == LCA_OK) st = check(bw, G, &A);
    if (st == LCA_OK) st = append(bw, g, &A);
    for (int k = 0; k < LCA__BW_NKINDS; k++) lca__free(bw->ctx, A.buf[k]);
    return st;
}
