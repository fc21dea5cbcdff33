// io/import/iotable_tall.c: tall CSV tables of an IO table (x, Y, sector names)
// SPDX-License-Identifier: MIT
//
// A tall table has one record per sector, in the order of Z, with the
// sector's label in its id column, and any number of columns picked by
// their header names. The records are matched to the sectors by position
// and each label is compared with Z's: a table in another order, or one
// sector short, is an error naming the first differing label, never a
// silent reordering (two files that disagree on the sector list are more
// often two different classifications than one file sorted differently).

#include <string.h>

#include "engine/ctx_impl.h"
#include "io/import/iotable_impl.h"

static lca_status nomem(lca_ctx *ctx) {
    return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory reading a table");
}

static int64_t find_column(const lca__csv_record *hdr, const char *name) {
    for (int64_t f = 0; f < hdr->nfields; f++) {
        if (strcmp(hdr->fields[f], name) == 0) return f;
    }
    return -1;
}

static lca_status no_column(lca_ctx *ctx, const char *path,
                            const lca__csv_record *hdr, const char *name) {
    return lca__fail(ctx, LCA_ERR_NOTFOUND, "%s: line %lld: no column is "
                     "named '%s' (the header has %lld columns, from '%s')",
                     path, (long long)hdr->line, name,
                     (long long)hdr->nfields, hdr->fields[0]);
}

// The id column and the fields to read, with copies of their names.
static lca_status pick_columns(lca__iot_tall *T, const char *path,
                               const lca__csv_record *hdr,
                               const char *id_column, const char *const *cols,
                               int64_t *idcol, int64_t **field) {
    lca_ctx *ctx = T->ctx;
    *idcol = id_column != NULL ? find_column(hdr, id_column) : 0;
    if (*idcol < 0) return no_column(ctx, path, hdr, id_column);
    if (cols == NULL) T->ncols = hdr->nfields - 1;
    if (T->ncols == 0) {
        return lca__fail(ctx, LCA_ERR_INVALID, "%s: line %lld: no column "
                         "besides the sector labels", path,
                         (long long)hdr->line);
    }
    *field = lca__malloc(ctx, (size_t)T->ncols, sizeof **field);
    T->name = lca__calloc(ctx, (size_t)T->ncols, sizeof *T->name);
    if (*field == NULL || T->name == NULL) return nomem(ctx);
    for (int64_t c = 0; c < T->ncols; c++) {
        int64_t f = c + (c >= *idcol);  // every column but the ids
        if (cols != NULL) f = find_column(hdr, cols[c]);
        if (f < 0) return no_column(ctx, path, hdr, cols[c]);
        (*field)[c] = f;
        T->name[c] = lca__strdup(ctx, hdr->fields[f]);
        if (T->name[c] == NULL) return nomem(ctx);
    }
    return LCA_OK;
}

// Record i: sector i's label, then its cells.
static lca_status tall_row(lca__iot_tall *T, const char *path,
                           const lca__csv_record *rec, int64_t nhead,
                           int64_t idcol, const int64_t *field,
                           const lca__iot_sectors *S, int64_t i) {
    lca_ctx *ctx = T->ctx;
    long long line = (long long)rec->line;
    if (rec->nfields != nhead) {
        return lca__fail(ctx, LCA_ERR_INVALID, "%s: line %lld: %lld fields, "
                         "but the header has %lld", path, line,
                         (long long)rec->nfields, (long long)nhead);
    }
    if (i >= S->n) {
        return lca__fail(ctx, LCA_ERR_DIM, "%s: line %lld: more rows than "
                         "the %lld sectors of %s", path, line,
                         (long long)S->n, S->path);
    }
    const char *label = rec->fields[idcol];
    if (strcmp(label, S->label[i]) != 0) {
        return lca__fail(ctx, LCA_ERR_INVALID, "%s: line %lld: sector '%s' "
                         "where %s has '%s' (sector %lld)", path, line, label,
                         S->path, S->label[i], (long long)i + 1);
    }
    T->line[i] = rec->line;
    for (int64_t c = 0; c < T->ncols; c++) {
        int64_t at = c * S->n + i;
        if (T->text != NULL) {
            T->text[at] = lca__strdup(ctx, rec->fields[field[c]]);
            if (T->text[at] == NULL) return nomem(ctx);
            continue;
        }
        lca_status st = lca__iot_number(ctx, path, rec, field[c], T->name[c],
                                        &T->X[at]);
        if (st != LCA_OK) return st;
    }
    return LCA_OK;
}

static lca_status alloc_cells(lca__iot_tall *T, int is_text) {
    size_t cells = (size_t)T->n * (size_t)T->ncols;
    T->line = lca__calloc(T->ctx, (size_t)T->n, sizeof *T->line);
    if (is_text) {
        T->text = lca__calloc(T->ctx, cells, sizeof *T->text);
    } else {
        T->X = lca__calloc(T->ctx, cells, sizeof *T->X);
    }
    if (T->line == NULL || (T->text == NULL && T->X == NULL)) {
        return nomem(T->ctx);
    }
    return LCA_OK;
}

static lca_status read_all(lca__csv *r, const lca__iot_sectors *S,
                           const char *id_column, const char *const *cols,
                           int is_text, lca__iot_tall *T) {
    lca_ctx *ctx = T->ctx;
    const char *path = lca__csv_path(r);
    int64_t *field = NULL, idcol = 0, i = 0, nhead = 0;
    lca__csv_record rec;
    lca_status st = lca__csv_read(r, &rec);
    if (st == LCA_OK && rec.nfields == 0) {
        st = lca__fail(ctx, LCA_ERR_INVALID, "%s: the file is empty; a "
                       "header row is required", path);
    }
    if (st == LCA_OK) {
        nhead = rec.nfields;
        st = pick_columns(T, path, &rec, id_column, cols, &idcol, &field);
    }
    if (st == LCA_OK) st = alloc_cells(T, is_text);
    while (st == LCA_OK) {
        st = lca__csv_read(r, &rec);
        if (st != LCA_OK || rec.nfields == 0) break;
        st = tall_row(T, path, &rec, nhead, idcol, field, S, i++);
    }
    if (st == LCA_OK && i < S->n) {
        st = lca__fail(ctx, LCA_ERR_DIM, "%s has %lld sector rows, but %s "
                       "has %lld sectors", path, (long long)i, S->path,
                       (long long)S->n);
    }
    lca__free(ctx, field);
    return st;
}

lca_status lca__iot_read_tall(lca_ctx *ctx, const char *path,
                              const lca__iot_sectors *S,
                              const char *id_column, int64_t ncols,
                              const char *const *cols, int is_text,
                              lca__iot_tall *T) {
    T->ctx = ctx;
    T->n = S->n;
    T->ncols = cols != NULL ? ncols : 0;
    lca__csv *r = NULL;
    lca_status st = lca__csv_create(ctx, path, ',', &r);
    if (st == LCA_OK) st = read_all(r, S, id_column, cols, is_text, T);
    lca__csv_destroy(&r);
    return st;
}

void lca__iot_tall_free(lca__iot_tall *T) {
    lca_ctx *ctx = T->ctx;
    if (ctx == NULL) return;
    for (int64_t c = 0; T->name != NULL && c < T->ncols; c++) {
        lca__free(ctx, T->name[c]);
    }
    size_t cells = (size_t)T->n * (size_t)T->ncols;
    for (size_t k = 0; T->text != NULL && k < cells; k++) {
        lca__free(ctx, T->text[k]);
    }
    lca__free(ctx, T->name);
    lca__free(ctx, T->text);
    lca__free(ctx, T->X);
    lca__free(ctx, T->line);
    memset(T, 0, sizeof *T);
}
