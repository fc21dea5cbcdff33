// io/import/bw_build.c: Brightway processed datapackages into a model
// SPDX-License-Identifier: MIT
//
// Design: every entry of the three matrices is read first (bw_entries.c),
// then the axes are the sorted unique ids, as bw2calc's matrix_utils maps
// them (np.unique), and each matrix is built by sorting its entries by
// position and merging duplicates in reading order with bw2calc's rules
// (include/lca/io_bw.h): within a group summed or the last one, across
// groups replaced or summed. The merged entries come out in column-major
// order without duplicates, which is CSC order, so the records line up
// with the matrix's nonzeros as built.
// Rejected: letting lca_csc_from_triplets sum the duplicates, which
// cannot express "a later group replaces".

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/ctx_impl.h"
#include "io/import/bw_impl.h"
#include "io/import/procdb/procdb_impl.h"

typedef struct pos {  // an entry's place in its matrix
    int64_t i, j, seq;
} pos;

typedef struct mat {  // a matrix being built
    int64_t m, n, nnz;
    int64_t *Ti, *Tj;
    double *Tx;
    lca_uncertainty *u;
    int has_u;
    lca_csc *X;
} mat;

typedef struct build {
    lca__bw *bw;
    lca__bw_axis ax[2];  // products, flows
    int64_t *prow, nprow;  // technosphere row ids, sorted unique
    int64_t k;             // indicators
    int64_t *ind;          // indicator of each characterization group
    int64_t *cut;        // characterization factors left out per indicator
    mat mx[LCA__BW_NMAT];
    lca_model *M;
    struct drop {  // merged entries whose records were dropped
        int m;
        int64_t seq, count;
    } *drop;
    int64_t ndrop, drop_cap;
} build;

static int cmp_id(const void *a, const void *b) {
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static int cmp_pos(const void *a, const void *b) {
    const pos *p = a, *q = b;
    if (p->j != q->j) return p->j < q->j ? -1 : 1;
    if (p->i != q->i) return p->i < q->i ? -1 : 1;
    return (p->seq > q->seq) - (p->seq < q->seq);
}

// The sorted unique rows (rows = 1) or columns of matrix m's entries.
static lca_status unique_ids(build *b, int m, int rows, int64_t **ids,
                             int64_t *n) {
    lca__bw *bw = b->bw;
    int64_t *v = lca__malloc(bw->ctx, (size_t)bw->ne[m], sizeof *v);
    if (v == NULL) return lca__fail(bw->ctx, LCA_ERR_NOMEM, "out of memory");
    for (int64_t t = 0; t < bw->ne[m]; t++)
        v[t] = rows ? bw->e[m][t].row : bw->e[m][t].col;
    qsort(v, (size_t)bw->ne[m], sizeof *v, cmp_id);
    int64_t u = 0;
    for (int64_t t = 0; t < bw->ne[m]; t++) {
        if (u == 0 || v[u - 1] != v[t]) v[u++] = v[t];
    }
    *ids = v;
    *n = u;
    return LCA_OK;
}

// An id of a that is not in b (both sorted, unique), or -1.
static int64_t first_missing(const int64_t *a, int64_t na, const int64_t *b,
                             int64_t nb) {
    lca__bw_axis ax = {nb, (int64_t *)b, {NULL, NULL, NULL}};
    for (int64_t t = 0; t < na; t++) {
        if (lca__bw_axis_find(&ax, a[t]) < 0) return a[t];
    }
    return -1;
}

// Products: activity ids (technosphere columns), as many as product ids.
static lca_status make_axes(build *b) {
    lca__bw *bw = b->bw;
    if (bw->ne[LCA__BW_TECH] == 0)
        return lca__fail(bw->ctx, LCA_ERR_INVALID, "%s: no technosphere_matrix "
                         "entries in the package(s)%s%s%s",
                         lca__bw_src_path(bw->src[0]),
                         bw->nskip > 0 ? " (only other matrices, e.g. '" : "",
                         bw->nskip > 0 ? bw->skip[0].matrix : "",
                         bw->nskip > 0 ? "')" : "");
    lca_status st = unique_ids(b, LCA__BW_TECH, 1, &b->prow, &b->nprow);
    const int64_t *rows = b->prow, nrows = b->nprow;
    if (st == LCA_OK) st = unique_ids(b, LCA__BW_TECH, 0, &b->ax[0].id, &b->ax[0].n);
    if (st == LCA_OK && nrows != b->ax[0].n) {
        int more = nrows > b->ax[0].n;
        int64_t odd = more ? first_missing(rows, nrows, b->ax[0].id, b->ax[0].n)
                           : first_missing(b->ax[0].id, b->ax[0].n, rows, nrows);
        st = lca__fail(bw->ctx, LCA_ERR_INVALID, "technosphere_matrix has "
                       "%lld product ids (rows) and %lld activity ids "
                       "(columns): a square system needs as many (e.g. %s "
                       "id %lld is not a %s id)", (long long)nrows,
                       (long long)b->ax[0].n, more ? "row" : "column",
                       (long long)odd, more ? "column" : "row");
    }
    if (st == LCA_OK && bw->ne[LCA__BW_BIO] > 0)
        st = unique_ids(b, LCA__BW_BIO, 1, &b->ax[1].id, &b->ax[1].n);
    for (int a = 0; a < 2 && st == LCA_OK; a++) {
        for (int c = 0; c < LCA__BW_NLABELS && st == LCA_OK; c++) {
            b->ax[a].label[c] = lca__calloc(bw->ctx, (size_t)b->ax[a].n,
                                            sizeof(char *));
            if (b->ax[a].label[c] == NULL)
                st = lca__fail(bw->ctx, LCA_ERR_NOMEM, "out of memory");
        }
    }
    return st;
}

static lca_status not_activity(build *b, const lca__bw_entry *e) {
    const lca__bw_group *G = &b->bw->groups[e->group];
    return lca__fail(b->bw->ctx, LCA_ERR_INVALID, "%s: biosphere_matrix "
                     "group '%s', entry %lld (row %lld, col %lld): column id "
                     "%lld is not an activity (a column id of the "
                     "technosphere)", lca__bw_src_path(b->bw->src[G->package]),
                     G->name, (long long)e->k, (long long)e->row,
                     (long long)e->col, (long long)e->col);
}

// Where each entry of matrix m goes; -1 rows are left out (factors of
// flows not in the biosphere).
static lca_status place(build *b, int m, pos *p) {
    lca__bw *bw = b->bw;
    for (int64_t t = 0; t < bw->ne[m]; t++) {
        const lca__bw_entry *e = &bw->e[m][t];
        p[t].seq = t;
        if (m == LCA__BW_TECH) {
            // Product j pairs with the j-th smallest row id: rank by rank.
            lca__bw_axis rows = {b->nprow, b->prow, {NULL, NULL, NULL}};
            p[t].i = lca__bw_axis_find(&rows, e->row);
            p[t].j = lca__bw_axis_find(&b->ax[0], e->col);
        } else if (m == LCA__BW_BIO) {
            p[t].i = lca__bw_axis_find(&b->ax[1], e->row);
            p[t].j = lca__bw_axis_find(&b->ax[0], e->col);
            if (p[t].j < 0) return not_activity(b, e);
        } else {
            p[t].i = b->ind[e->group];
            p[t].j = lca__bw_axis_find(&b->ax[1], e->row);
            if (p[t].j < 0) b->cut[p[t].i]++;
        }
    }
    return LCA_OK;
}

static lca_status dropped(build *b, int m, int64_t seq, int64_t count) {
    struct drop *d = lca__grow(b->bw->ctx, b->drop, &b->drop_cap,
                               b->ndrop + 1, sizeof *d);
    if (d == NULL) return LCA_ERR_NOMEM;
    b->drop = d;
    d[b->ndrop++] = (struct drop){m, seq, count};
    return LCA_OK;
}

static lca_status report_dropped(build *b, const struct drop *d) {
    const lca__bw_entry *e = &b->bw->e[d->m][d->seq];
    int64_t count = d->count;
    char id[48], name[48], detail[200];
    snprintf(id, sizeof id, "%lld", (long long)e->col);
    snprintf(name, sizeof name, "%lld", (long long)e->row);
    snprintf(detail, sizeof detail, "%s entry (row %lld, col %lld): %lld "
             "entries summed into one; their uncertainty cannot be combined "
             "exactly", lca__bw_matrix_str(b->bw->groups[e->group].matrix),
             (long long)e->row, (long long)e->col, (long long)count);
    return lca_model_add_report(b->M, "uncertainty dropped", id, name, detail);
}

// The entries p[s..t] (one position, reading order) that count, by the
// duplicate rules: [*first, t].
static int64_t kept_from(const lca__bw *bw, int m, const pos *p, int64_t s,
                         int64_t t) {
    int64_t first = s;
    for (int64_t q = s + 1; q <= t; q++) {
        const lca__bw_entry *e = &bw->e[m][p[q].seq];
        const lca__bw_group *G = &bw->groups[e->group];
        int same = e->group == bw->e[m][p[q - 1].seq].group;
        if (!(same ? G->sum_intra : G->sum_inter)) first = q;
    }
    return first;
}

// One merged entry from p[s..t] into mx at position mx->nnz. Returns 0
// when its records could not be combined (to be reported).
static int merge_one(const lca__bw *bw, int m, const pos *p, int64_t s,
                     int64_t t, mat *mx, lca_uncertainty *u, double *x) {
    int64_t k = t - s + 1, q = mx->nnz++;
    mx->Ti[q] = p[s].i;
    mx->Tj[q] = p[s].j;
    double sum = 0.0;
    for (int64_t r = 0; r < k; r++) {
        const lca__bw_entry *e = &bw->e[m][p[s + r].seq];
        u[r] = e->u;
        x[r] = e->x;
        sum += e->x;
    }
    mx->Tx[q] = sum;
    int exact = 1;
    if (k == 1) {
        mx->u[q] = u[0];
    } else {
        exact = lca__pdb_unc_combine(u, x, k, &mx->u[q]);
    }
    if (mx->u[q].dist != LCA_DIST_NONE) mx->has_u = 1;
    return exact;
}

// Sort matrix m's entries by position and merge each position's run.
static lca_status merge(build *b, int m, pos *p, mat *mx) {
    lca__bw *bw = b->bw;
    int64_t ne = bw->ne[m];
    qsort(p, (size_t)ne, sizeof *p, cmp_pos);
    lca_uncertainty *u = lca__malloc(bw->ctx, (size_t)ne, sizeof *u);
    double *x = lca__malloc(bw->ctx, (size_t)ne, sizeof *x);
    lca_status st = u == NULL || x == NULL
                        ? lca__fail(bw->ctx, LCA_ERR_NOMEM, "out of memory")
                        : LCA_OK;
    for (int64_t s = 0; s < ne && st == LCA_OK;) {
        int64_t t = s;
        while (t + 1 < ne && p[t + 1].i == p[s].i && p[t + 1].j == p[s].j) t++;
        if (p[s].i >= 0 && p[s].j >= 0) {
            int64_t first = kept_from(bw, m, p, s, t);
            if (!merge_one(bw, m, p, first, t, mx, u, x))
                st = dropped(b, m, p[first].seq, t - first + 1);
        }
        s = t + 1;
    }
    lca__free(bw->ctx, u);
    lca__free(bw->ctx, x);
    return st;
}

static lca_status make_matrix(build *b, int m, int64_t rows, int64_t cols) {
    lca__bw *bw = b->bw;
    mat *mx = &b->mx[m];
    size_t ne = (size_t)bw->ne[m];
    pos *p = lca__malloc(bw->ctx, ne, sizeof *p);
    mx->Ti = lca__malloc(bw->ctx, ne, sizeof *mx->Ti);
    mx->Tj = lca__malloc(bw->ctx, ne, sizeof *mx->Tj);
    mx->Tx = lca__malloc(bw->ctx, ne, sizeof *mx->Tx);
    mx->u = lca__malloc(bw->ctx, ne, sizeof *mx->u);
    lca_status st = LCA_OK;
    if (p == NULL || mx->Ti == NULL || mx->Tj == NULL || mx->Tx == NULL ||
        mx->u == NULL)
        st = lca__fail(bw->ctx, LCA_ERR_NOMEM, "out of memory");
    if (st == LCA_OK) st = place(b, m, p);
    if (st == LCA_OK) st = merge(b, m, p, mx);
    if (st == LCA_OK)
        st = lca_csc_from_triplets(bw->ctx, rows, cols, mx->nnz, mx->Ti,
                                   mx->Tj, mx->Tx, &mx->X);
    lca__free(bw->ctx, p);
    return st;
}

// Labels of an axis: ids as decimal text, the others from the metadata
// (a missing name is the id).
static lca_status set_axis_labels(build *b, lca_axis axis, const lca__bw_axis *ax) {
    lca_ctx *ctx = b->bw->ctx;
    size_t n = (size_t)ax->n;
    char *text = lca__malloc(ctx, n, 24);
    const char **v = lca__malloc(ctx, n, sizeof *v);
    lca_status st = text == NULL || v == NULL
                        ? lca__fail(ctx, LCA_ERR_NOMEM, "out of memory")
                        : LCA_OK;
    for (size_t i = 0; i < n && st == LCA_OK; i++) {
        snprintf(text + 24 * i, 24, "%lld", (long long)ax->id[i]);
        v[i] = text + 24 * i;
    }
    if (st == LCA_OK) st = lca_model_set_labels(b->M, axis, LCA_LABEL_ID, v);
    static const lca_label kind[2][LCA__BW_NLABELS] = {
        {LCA_LABEL_NAME, LCA_LABEL_UNIT, LCA_LABEL_REGION},
        {LCA_LABEL_NAME, LCA_LABEL_UNIT, LCA_LABEL_COMPARTMENT}};
    for (int c = 0; c < LCA__BW_NLABELS && st == LCA_OK; c++) {
        for (size_t i = 0; i < n; i++) {
            const char *l = ax->label[c][i];
            v[i] = l != NULL ? l : c == LCA__BW_NAME ? text + 24 * i : "";
        }
        st = lca_model_set_labels(b->M, axis, kind[axis == LCA_FLOWS][c], v);
    }
    lca__free(ctx, text);
    lca__free(ctx, v);
    return st;
}

static lca_status set_indicators(build *b) {
    lca__bw *bw = b->bw;
    const char **v = lca__malloc(bw->ctx, (size_t)b->k, sizeof *v);
    if (v == NULL) return lca__fail(bw->ctx, LCA_ERR_NOMEM, "out of memory");
    for (int64_t g = 0; g < bw->ngroups; g++) {
        if (bw->groups[g].matrix == LCA__BW_CHAR) v[b->ind[g]] = bw->groups[g].name;
    }
    lca_status st = lca_model_set_labels(b->M, LCA_INDICATORS, LCA_LABEL_ID, v);
    if (st == LCA_OK)
        st = lca_model_set_labels(b->M, LCA_INDICATORS, LCA_LABEL_NAME, v);
    for (int64_t i = 0; i < b->k && st == LCA_OK; i++) {
        if (b->cut[i] == 0) continue;
        char detail[160];
        snprintf(detail, sizeof detail, "%lld characterization factor(s) of "
                 "flows that are not in the biosphere", (long long)b->cut[i]);
        st = lca_model_add_report(b->M, "factors left out", v[i], v[i], detail);
    }
    lca__free(bw->ctx, v);
    return st;
}

static lca_status add_reports(build *b) {
    lca__bw *bw = b->bw;
    lca_status st = LCA_OK;
    for (int64_t i = 0; i < bw->nskip && st == LCA_OK; i++) {
        char detail[600];
        snprintf(detail, sizeof detail, "%s: matrix %s is not read (only "
                 "technosphere, biosphere and characterization matrices are)",
                 lca__bw_src_path(bw->src[bw->skip[i].package]),
                 bw->skip[i].matrix);
        st = lca_model_add_report(b->M, "resource skipped", bw->skip[i].name,
                                  bw->skip[i].matrix, detail);
    }
    for (int64_t i = 0; i < b->ndrop && st == LCA_OK; i++)
        st = report_dropped(b, &b->drop[i]);
    return st;
}

// The model from the built matrices, with labels, records and report.
static lca_status make_model(build *b) {
    lca_status st = lca_model_create(b->bw->ctx, LCA_TECHNOSPHERE,
                                     b->mx[0].X, b->mx[1].X, b->mx[2].X, &b->M);
    if (st == LCA_OK) st = lca__bw_meta_apply(b->bw, b->ax);
    if (st == LCA_OK) st = set_axis_labels(b, LCA_PRODUCTS, &b->ax[0]);
    if (st == LCA_OK) st = set_axis_labels(b, LCA_FLOWS, &b->ax[1]);
    if (st == LCA_OK) st = set_indicators(b);
    for (int m = 0; m < LCA__BW_NMAT && st == LCA_OK; m++) {
        if (b->mx[m].has_u)
            st = lca_model_set_uncertainty(b->M, (lca_matrix)m, b->mx[m].u);
    }
    if (st == LCA_OK) st = add_reports(b);
    if (st == LCA_OK)
        st = lca_model_set_attr(b->M, "source", "Brightway processed datapackage");
    if (st == LCA_OK) st = lca_model_check(b->M);
    return st;
}

static lca_status run(build *b) {
    lca__bw *bw = b->bw;
    lca_status st = make_axes(b);
    b->ind = lca__calloc(bw->ctx, (size_t)bw->ngroups, sizeof *b->ind);
    if (st == LCA_OK && b->ind == NULL)
        st = lca__fail(bw->ctx, LCA_ERR_NOMEM, "out of memory");
    for (int64_t g = 0; g < bw->ngroups && st == LCA_OK; g++) {
        if (bw->groups[g].matrix == LCA__BW_CHAR) b->ind[g] = b->k++;
    }
    b->cut = lca__calloc(bw->ctx, (size_t)b->k, sizeof *b->cut);
    if (st == LCA_OK && b->cut == NULL)
        st = lca__fail(bw->ctx, LCA_ERR_NOMEM, "out of memory");
    int64_t n = b->ax[0].n, m = b->ax[1].n;
    if (st == LCA_OK) st = make_matrix(b, LCA__BW_TECH, n, n);
    if (st == LCA_OK) st = make_matrix(b, LCA__BW_BIO, m, n);
    if (st == LCA_OK) st = make_matrix(b, LCA__BW_CHAR, b->k, m);
    if (st == LCA_OK) st = make_model(b);
    return st;
}

static void build_free(build *b) {
    lca_ctx *ctx = b->bw->ctx;
    for (int a = 0; a < 2; a++) {
        for (int c = 0; c < LCA__BW_NLABELS; c++) {
            for (int64_t i = 0; b->ax[a].label[c] != NULL && i < b->ax[a].n; i++)
                lca__free(ctx, b->ax[a].label[c][i]);
            lca__free(ctx, b->ax[a].label[c]);
        }
        lca__free(ctx, b->ax[a].id);
    }
    for (int m = 0; m < LCA__BW_NMAT; m++) {
        lca__free(ctx, b->mx[m].Ti);
        lca__free(ctx, b->mx[m].Tj);
        lca__free(ctx, b->mx[m].Tx);
        lca__free(ctx, b->mx[m].u);
        lca_csc_destroy(&b->mx[m].X);
    }
    lca__free(ctx, b->prow);
    lca__free(ctx, b->ind);
    lca__free(ctx, b->cut);
    lca__free(ctx, b->drop);
    lca_model_destroy(&b->M);
}

static void bw_free(lca__bw *bw) {
    for (int64_t p = 0; p < bw->npkg; p++) {
        if (bw->src != NULL) lca__bw_src_close(&bw->src[p]);
        if (bw->root != NULL && bw->root[p] != NULL) json_decref(bw->root[p]);
    }
    lca__free(bw->ctx, bw->src);
    lca__free(bw->ctx, bw->root);
    lca__free(bw->ctx, bw->groups);
    lca__free(bw->ctx, bw->meta);
    lca__free(bw->ctx, bw->skip);
    for (int m = 0; m < LCA__BW_NMAT; m++) lca__free(bw->ctx, bw->e[m]);
}

static lca_status read_all(lca__bw *bw, const char *const *paths) {
    bw->src = lca__calloc(bw->ctx, (size_t)bw->npkg, sizeof *bw->src);
    bw->root = lca__calloc(bw->ctx, (size_t)bw->npkg, sizeof *bw->root);
    if (bw->src == NULL || bw->root == NULL)
        return lca__fail(bw->ctx, LCA_ERR_NOMEM, "out of memory");
    lca_status st = LCA_OK;
    for (int64_t p = 0; p < bw->npkg && st == LCA_OK; p++) {
        st = lca__bw_src_open(bw->ctx, paths[p], &bw->src[p]);
        if (st == LCA_OK) st = lca__bw_package_read(bw, p);
    }
    for (int64_t g = 0; g < bw->ngroups && st == LCA_OK; g++)
        st = lca__bw_group_read(bw, g);
    return st;
}

lca_status lca_import_bw(lca_ctx *ctx, int64_t npackages,
                         const char *const *paths, lca_model **M) {
    if (M != NULL) *M = NULL;
    if (ctx == NULL || M == NULL) return LCA_ERR_ARG;
    if (npackages < 1 || paths == NULL)
        return lca__fail(ctx, LCA_ERR_ARG, "no datapackage to import");
    for (int64_t p = 0; p < npackages; p++) {
        if (paths[p] == NULL)
            return lca__fail(ctx, LCA_ERR_ARG, "datapackage path %lld is NULL",
                             (long long)p);
    }
    lca__bw bw;
    memset(&bw, 0, sizeof bw);
    bw.ctx = ctx;
    bw.npkg = npackages;
    build b;
    memset(&b, 0, sizeof b);
    b.bw = &bw;
    lca_status st = read_all(&bw, paths);
    if (st == LCA_OK) st = run(&b);
    if (st == LCA_OK) {
        *M = b.M;
        b.M = NULL;
    }
    build_free(&b);
    bw_free(&bw);
    return st;
}
