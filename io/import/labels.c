// io/import/labels.c: label lists and demand tables read from CSV
// SPDX-License-Identifier: MIT
//
// Two small readers on top of the CSV record reader (io/util/csv.c): a label
// list (id, name, unit, ... per entry of one axis of a model, columns
// found by their header names) and a demand table (one column per demand
// vector, one row per product asked for). Both check counts, ids and
// numbers and name the file and line of the first problem.

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "io/util/csv_impl.h"
#include "engine/ctx_impl.h"

// ---- label lists -----------------------------------------------------------

static const char *const label_column[LCA_NLABELS] = {
    "id", "name", "unit", "compartment", "cas", "split", "region", "period"};

static const char *axis_plural(lca_axis axis) {
    return axis == LCA_PRODUCTS ? "products"
           : axis == LCA_FLOWS  ? "flows"
                                : "indicators";
}

static const char *expected_header(lca_axis axis) {
    return axis == LCA_FLOWS ? "id,name,compartment,unit" : "id,name,unit";
}

static int same_name(const char *a, const char *b) {
    for (; *a != '\0' && *b != '\0'; a++, b++) {
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b)) return 0;
    }
    return *a == *b;
}

// The label lists read so far: v[label][i] for the columns present.
typedef struct label_list {
    lca_ctx *ctx;
    int64_t col[LCA_NLABELS];  // field of each label kind, or -1
    int64_t nhead;             // fields in the header
    char **v[LCA_NLABELS];
    int64_t *line;
    int64_t count, cap;
} label_list;

static lca_status map_header(const lca__csv *r, lca_axis axis,
                             const lca__csv_record *hdr, label_list *L) {
    for (int l = 0; l < LCA_NLABELS; l++) L->col[l] = -1;
    L->nhead = hdr->nfields;
    for (int64_t f = 0; f < hdr->nfields; f++) {
        for (int l = 0; l < LCA_NLABELS; l++) {
            if (((l == LCA_LABEL_COMPARTMENT || l == LCA_LABEL_CAS) &&
                 axis != LCA_FLOWS) ||
                (l == LCA_LABEL_SPLIT && axis != LCA_INDICATORS) ||
                ((l == LCA_LABEL_REGION || l == LCA_LABEL_PERIOD) &&
                 axis != LCA_PRODUCTS)) {
                continue;
            }
            if (!same_name(hdr->fields[f], label_column[l])) continue;
            if (L->col[l] >= 0) {
                return lca__fail(L->ctx, LCA_ERR_INVALID,
                                 "%s: line %lld: two '%s' columns",
                                 lca__csv_path(r), (long long)hdr->line,
                                 label_column[l]);
            }
            L->col[l] = f;
        }
    }
    if (L->col[LCA_LABEL_ID] < 0) {
        return lca__fail(L->ctx, LCA_ERR_INVALID,
                         "%s: line %lld: the header has no 'id' column "
                         "(expected %s)",
                         lca__csv_path(r), (long long)hdr->line,
                         expected_header(axis));
    }
    return LCA_OK;
}

static lca_status list_push(const lca__csv *r, label_list *L,
                            const lca__csv_record *rec) {
    if (rec->nfields != L->nhead) {
        return lca__fail(L->ctx, LCA_ERR_INVALID,
                         "%s: line %lld: %lld fields, but the header has %lld",
                         lca__csv_path(r), (long long)rec->line,
                         (long long)rec->nfields, (long long)L->nhead);
    }
    if (rec->fields[L->col[LCA_LABEL_ID]][0] == '\0') {
        return lca__fail(L->ctx, LCA_ERR_INVALID, "%s: line %lld: the id is "
                         "empty", lca__csv_path(r), (long long)rec->line);
    }
    int ok = 1;
    for (int l = 0; l < LCA_NLABELS; l++) {  // all share the capacity L->cap
        if (L->col[l] < 0) continue;
        int64_t cap = L->cap;
        char **v = lca__grow(L->ctx, L->v[l], &cap, L->count + 1, sizeof *v);
        if (v != NULL) L->v[l] = v;
        ok = ok && v != NULL;
    }
    int64_t *line = lca__grow(L->ctx, L->line, &L->cap, L->count + 1,
                              sizeof *line);
    if (line != NULL) L->line = line;
    if (!ok || line == NULL) return LCA_ERR_NOMEM;
    for (int l = 0; l < LCA_NLABELS; l++) {
        if (L->col[l] < 0) continue;
        L->v[l][L->count] = lca__strdup(L->ctx, rec->fields[L->col[l]]);
        ok = ok && L->v[l][L->count] != NULL;
    }
    L->line[L->count++] = rec->line;  // counted even if a copy failed
    return ok ? LCA_OK : lca__fail(L->ctx, LCA_ERR_NOMEM, "out of memory");
}

static void list_free(label_list *L) {
    for (int l = 0; l < LCA_NLABELS; l++) {
        for (int64_t i = 0; L->v[l] != NULL && i < L->count; i++) {
            lca__free(L->ctx, L->v[l][i]);
        }
        lca__free(L->ctx, L->v[l]);
    }
    lca__free(L->ctx, L->line);
}

static lca_status read_list(lca__csv *r, lca_axis axis, label_list *L) {
    lca__csv_record rec;
    lca_status st = lca__csv_read(r, &rec);
    if (st != LCA_OK) return st;
    if (rec.nfields == 0) {
        return lca__fail(L->ctx, LCA_ERR_INVALID,
                         "%s: the file is empty; a header row (%s) is "
                         "required", lca__csv_path(r), expected_header(axis));
    }
    st = map_header(r, axis, &rec, L);
    while (st == LCA_OK) {
        st = lca__csv_read(r, &rec);
        if (st != LCA_OK || rec.nfields == 0) break;
        st = list_push(r, L, &rec);
    }
    return st;
}

// The list has one record per entry of the axis, with unique ids.
static lca_status check_list(const lca_model *M, lca_axis axis,
                             const char *path, const char *dim_from,
                             const label_list *L) {
    lca_ctx *ctx = L->ctx;
    int64_t dim = lca_model_dim(M, axis);
    if (L->count != dim) {
        return lca__fail(ctx, LCA_ERR_DIM,
                         "%s lists %lld %s, but %s gives %lld", path,
                         (long long)L->count, axis_plural(axis), dim_from,
                         (long long)dim);
    }
    lca__csv_index *ix = NULL;
    const char *const *ids = (const char *const *)L->v[LCA_LABEL_ID];
    lca_status st = lca__csv_index_create(ctx, L->count, ids, &ix);
    if (st != LCA_OK) return st;
    int64_t a, b;
    if (lca__csv_index_duplicate(ix, &a, &b)) {
        st = lca__fail(ctx, LCA_ERR_INVALID,
                       "%s: lines %lld and %lld both have the id '%s'", path,
                       (long long)L->line[a], (long long)L->line[b], ids[a]);
    }
    lca__csv_index_destroy(&ix);
    return st;
}

lca_status lca__csv_read_labels(lca_model *M, lca_axis axis, const char *path,
                                const char *dim_from) {
    lca_ctx *ctx = lca_model_ctx(M);
    label_list L = {.ctx = ctx};
    lca__csv *r = NULL;
    lca_status st = lca__csv_create(ctx, path, ',', &r);
    if (st == LCA_OK) st = read_list(r, axis, &L);
    if (st == LCA_OK) st = check_list(M, axis, path, dim_from, &L);
    for (int l = 0; l < LCA_NLABELS && st == LCA_OK; l++) {
        if (L.col[l] < 0) continue;
        st = lca_model_set_labels(M, axis, (lca_label)l,
                                  (const char *const *)L.v[l]);
    }
    list_free(&L);
    lca__csv_destroy(&r);
    return st;
}

// ---- demand tables ---------------------------------------------------------

// A demand table being read: names of the demand columns and the nonzero
// amounts as (demand d, product p, amount x).
typedef struct demand_table {
    lca_ctx *ctx;
    const lca__csv *r;
    int64_t nd;
    char **names;
    const lca__csv_index *products;
    int64_t *seen;  // line of each product's record, or 0
    int64_t *d, *p;
    double *x;
    int64_t count, cap;
} demand_table;

static lca_status read_demand_names(demand_table *D,
                                    const lca__csv_record *hdr) {
    lca_ctx *ctx = D->ctx;
    const char *path = lca__csv_path(D->r);
    if (hdr->nfields < 2) {
        return lca__fail(ctx, LCA_ERR_INVALID,
                         "%s: line %lld: the header names no demand column "
                         "(expected 'product,<demand>,...' separated by ',')",
                         path, (long long)hdr->line);
    }
    D->names = lca__calloc(ctx, (size_t)hdr->nfields, sizeof *D->names);
    if (D->names == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    D->nd = hdr->nfields - 1;
    for (int64_t c = 0; c < D->nd; c++) {
        if (hdr->fields[c + 1][0] == '\0') {
            return lca__fail(ctx, LCA_ERR_INVALID,
                             "%s: line %lld: column %lld has no demand name",
                             path, (long long)hdr->line, (long long)c + 2);
        }
        D->names[c] = lca__strdup(ctx, hdr->fields[c + 1]);
        if (D->names[c] == NULL) {
            return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
        }
    }
    lca__csv_index *ix = NULL;
    lca_status st = lca__csv_index_create(
        ctx, D->nd, (const char *const *)D->names, &ix);
    int64_t a, b;
    if (st == LCA_OK && lca__csv_index_duplicate(ix, &a, &b)) {
        st = lca__fail(ctx, LCA_ERR_INVALID,
                       "%s: line %lld: columns %lld and %lld are both named "
                       "'%s'", path, (long long)hdr->line, (long long)a + 2,
                       (long long)b + 2, D->names[a]);
    }
    lca__csv_index_destroy(&ix);
    return st;
}

static lca_status push_amount(demand_table *D, int64_t d, int64_t p,
                              double x) {
    int64_t cd = D->cap, cp = D->cap, cx = D->cap, need = D->count + 1;
    int64_t *dd = lca__grow(D->ctx, D->d, &cd, need, sizeof *dd);
    if (dd != NULL) D->d = dd;
    int64_t *pp = lca__grow(D->ctx, D->p, &cp, need, sizeof *pp);
    if (pp != NULL) D->p = pp;
    double *xx = lca__grow(D->ctx, D->x, &cx, need, sizeof *xx);
    if (xx != NULL) D->x = xx;
    if (dd == NULL || pp == NULL || xx == NULL) return LCA_ERR_NOMEM;
    D->cap = cd;
    D->d[D->count] = d;
    D->p[D->count] = p;
    D->x[D->count++] = x;
    return LCA_OK;
}

// One record: "<product id>,<amount>,...".
static lca_status read_demand_row(demand_table *D,
                                  const lca__csv_record *rec) {
    const char *path = lca__csv_path(D->r);
    long long line = (long long)rec->line;
    if (rec->nfields != D->nd + 1) {
        return lca__fail(D->ctx, LCA_ERR_INVALID,
                         "%s: line %lld: %lld fields, but the header has %lld",
                         path, line, (long long)rec->nfields,
                         (long long)D->nd + 1);
    }
    const char *id = rec->fields[0];
    int64_t p = lca__csv_index_find(D->products, id);
    if (p < 0) {
        return lca__fail(D->ctx, LCA_ERR_INVALID,
                         "%s: line %lld: no product has the id '%s'", path,
                         line, id);
    }
    if (D->seen[p] > 0) {
        return lca__fail(D->ctx, LCA_ERR_INVALID,
                         "%s: lines %lld and %lld both give product '%s'",
                         path, (long long)D->seen[p], line, id);
    }
    D->seen[p] = rec->line;
    for (int64_t c = 0; c < D->nd; c++) {
        const char *s = rec->fields[c + 1];
        double x = 0.0;
        if (s[0] != '\0' && !lca__csv_to_double(s, &x)) {
            return lca__fail(D->ctx, LCA_ERR_INVALID,
                             "%s: line %lld: demand '%s': '%s' is not a "
                             "finite number",
                             path, line, D->names[c], s);
        }
        if (x == 0.0) continue;
        lca_status st = push_amount(D, c, p, x);
        if (st != LCA_OK) return st;
    }
    return LCA_OK;
}

// Add one demand per column: sort the amounts by column (counting sort),
// then hand each column to the model.
static lca_status add_demands(lca_model *M, const demand_table *D) {
    lca_ctx *ctx = D->ctx;
    int64_t *start = lca__calloc(ctx, (size_t)D->nd + 1, sizeof *start);
    int64_t *idx = lca__malloc(ctx, (size_t)D->count, sizeof *idx);
    double *val = lca__malloc(ctx, (size_t)D->count, sizeof *val);
    lca_status st = LCA_OK;
    if (start == NULL || idx == NULL || val == NULL) {
        st = lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
        goto done;
    }
    for (int64_t k = 0; k < D->count; k++) start[D->d[k] + 1]++;
    for (int64_t c = 0; c < D->nd; c++) start[c + 1] += start[c];
    for (int64_t k = 0; k < D->count; k++) {
        int64_t q = start[D->d[k]]++;  // start[c] becomes the column's end
        idx[q] = D->p[k];
        val[q] = D->x[k];
    }
    for (int64_t c = 0; c < D->nd && st == LCA_OK; c++) {
        int64_t first = c > 0 ? start[c - 1] : 0;
        st = lca_model_add_demand(M, D->names[c], start[c] - first,
                                  idx + first, val + first);
        if (st == LCA_ERR_ARG) {
            st = lca__wrap(ctx, LCA_ERR_INVALID, "%s", lca__csv_path(D->r));
        }
    }
done:
    lca__free(ctx, start);
    lca__free(ctx, idx);
    lca__free(ctx, val);
    return st;
}

static void demand_table_free(demand_table *D) {
    for (int64_t c = 0; D->names != NULL && c < D->nd; c++) {
        lca__free(D->ctx, D->names[c]);
    }
    lca__free(D->ctx, D->names);
    lca__free(D->ctx, D->seen);
    lca__free(D->ctx, D->d);
    lca__free(D->ctx, D->p);
    lca__free(D->ctx, D->x);
}

lca_status lca__csv_read_demands(lca_model *M, const char *path) {
    lca_ctx *ctx = lca_model_ctx(M);
    demand_table D = {.ctx = ctx};
    lca__csv *r = NULL;
    lca__csv_index *ix = NULL;
    lca__csv_record rec;
    lca_status st = lca__csv_create(ctx, path, ',', &r);
    if (st != LCA_OK) goto done;
    D.r = r;
    int64_t n = lca_model_dim(M, LCA_PRODUCTS);
    D.seen = lca__calloc(ctx, (size_t)n, sizeof *D.seen);
    if (D.seen == NULL) {
        st = lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
        goto done;
    }
    st = lca__csv_index_ids(M, LCA_PRODUCTS, &ix);
    D.products = ix;
    if (st == LCA_OK) st = lca__csv_read(r, &rec);
    if (st == LCA_OK && rec.nfields == 0) {
        st = lca__fail(ctx, LCA_ERR_INVALID, "%s: the file is empty; a "
                       "header row is required", path);
    }
    if (st == LCA_OK) st = read_demand_names(&D, &rec);
    while (st == LCA_OK) {
        st = lca__csv_read(r, &rec);
        if (st != LCA_OK || rec.nfields == 0) break;
        st = read_demand_row(&D, &rec);
    }
    if (st == LCA_OK) st = add_demands(M, &D);
done:
    demand_table_free(&D);
    lca__csv_index_destroy(&ix);
    lca__csv_destroy(&r);
    return st;
}
