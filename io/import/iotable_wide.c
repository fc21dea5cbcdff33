// io/import/iotable_wide.c: wide CSV tables of an IO table (Z, F, a row of x)
// SPDX-License-Identifier: MIT
//
// A wide table has the sectors across its header. Z's header defines
// them (corner cell, then one label per sector); every other wide table
// must carry the same labels, in the same order, as one block of columns
// that starts at the column named like the first sector. Finding the
// block by name lets one reader take both the plain layout ("pressure,
// s1, ..., sn") and files with several label columns before the sectors
// and other data after them (CEEIO's "group,pressure,unit,s1..sn,FU101,
// FU102"), without a count of columns to skip that could silently shift
// every value by one sector. Columns after the block are kept by name
// for the import report: they may hold data (household emissions) that
// the model does not include, and the user should hear of it.
//
// Cells are read as they stream by; only nonzeros are kept, as
// (row, sector, value) in file order, so that the first offending entry
// of a later check is also the first in the file.

#include <stdio.h>
#include <string.h>

#include "io/util/csv_impl.h"
#include "engine/ctx_impl.h"
#include "io/import/iotable_impl.h"

// The header of a wide table: where the sectors and the labels are.
typedef struct wide_header {
    int64_t nfields;
    int64_t idcol, unitcol;  // fields, or -1
} wide_header;

static lca_status nomem(lca_ctx *ctx) {
    return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory reading a table");
}

lca_status lca__iot_number(lca_ctx *ctx, const char *path,
                           const lca__csv_record *rec, int64_t f,
                           const char *column, double *x) {
    const char *s = rec->fields[f];
    *x = 0.0;
    if (s[0] == '\0' || lca__csv_to_double(s, x)) return LCA_OK;
    return lca__fail(ctx, LCA_ERR_INVALID, "%s: line %lld, column %lld "
                     "('%s'): '%s' is not a finite number", path,
                     (long long)rec->line, (long long)f + 1, column, s);
}

// Z's header: a corner cell, then one unique non-empty label per sector.
static lca_status z_header(lca_ctx *ctx, const char *path,
                           const lca__csv_record *hdr, lca__iot_sectors *S) {
    int64_t n = hdr->nfields - 1;
    long long line = (long long)hdr->line;
    if (n < 1) {
        return lca__fail(ctx, LCA_ERR_INVALID, "%s: line %lld: the header "
                         "names no sector (expected '<corner>,<sector>,...')",
                         path, line);
    }
    S->label = lca__calloc(ctx, (size_t)n, sizeof *S->label);
    if (S->label == NULL) return nomem(ctx);
    S->n = n;
    for (int64_t k = 0; k < n; k++) {
        if (hdr->fields[k + 1][0] == '\0') {
            return lca__fail(ctx, LCA_ERR_INVALID, "%s: line %lld, column "
                             "%lld: the sector label is empty", path, line,
                             (long long)k + 2);
        }
        S->label[k] = lca__strdup(ctx, hdr->fields[k + 1]);
        if (S->label[k] == NULL) return nomem(ctx);
    }
    lca__csv_index *ix = NULL;
    int64_t a, b;
    lca_status st = lca__csv_index_create(
        ctx, n, (const char *const *)S->label, &ix);
    if (st == LCA_OK && lca__csv_index_duplicate(ix, &a, &b)) {
        st = lca__fail(ctx, LCA_ERR_INVALID, "%s: line %lld: columns %lld "
                       "and %lld are both sector '%s'", path, line,
                       (long long)a + 2, (long long)b + 2, S->label[a]);
    }
    lca__csv_index_destroy(&ix);
    return st;
}

// Any other wide table: S's labels as one block from the column named
// like the first sector.
static lca_status find_block(lca_ctx *ctx, const char *path,
                             const lca__csv_record *hdr,
                             const lca__iot_sectors *S, int64_t *start) {
    long long line = (long long)hdr->line;
    int64_t s = 0;
    while (s < hdr->nfields && strcmp(hdr->fields[s], S->label[0]) != 0) s++;
    if (s == hdr->nfields) {
        return lca__fail(ctx, LCA_ERR_INVALID, "%s: line %lld: no column is "
                         "named '%s', the first sector of %s", path, line,
                         S->label[0], S->path);
    }
    if (hdr->nfields - s < S->n) {
        return lca__fail(ctx, LCA_ERR_DIM, "%s: line %lld: %lld columns "
                         "from sector '%s' (column %lld) on, but %s has %lld "
                         "sectors", path, line,
                         (long long)(hdr->nfields - s), S->label[0],
                         (long long)s + 1, S->path, (long long)S->n);
    }
    for (int64_t k = 0; k < S->n; k++) {
        if (strcmp(hdr->fields[s + k], S->label[k]) != 0) {
            return lca__fail(ctx, LCA_ERR_INVALID, "%s: line %lld, column "
                             "%lld: sector '%s' where %s has '%s' (sector "
                             "%lld)", path, line, (long long)(s + k) + 1,
                             hdr->fields[s + k], S->path, S->label[k],
                             (long long)k + 1);
        }
    }
    *start = s;
    return LCA_OK;
}

// The field named name outside the sector block, or -1.
static int64_t label_column(const lca__csv_record *hdr, int64_t start,
                            int64_t n, const char *name) {
    for (int64_t f = 0; f < hdr->nfields; f++) {
        if (f >= start && f < start + n) continue;
        if (strcmp(hdr->fields[f], name) == 0) return f;
    }
    return -1;
}

static lca_status push_extra(lca__iot_wide *W, const char *name, int64_t f) {
    lca_ctx *ctx = W->ctx;
    int64_t ce = W->extra_cap, cc = W->extra_cap, need = W->nextra + 1;
    char **e = lca__grow(ctx, W->extra, &ce, need, sizeof *e);
    if (e != NULL) W->extra = e;
    int64_t *c = lca__grow(ctx, W->extra_col, &cc, need, sizeof *c);
    if (c != NULL) W->extra_col = c;
    if (e == NULL || c == NULL) return nomem(ctx);
    W->extra_cap = ce;
    W->extra[W->nextra] = lca__strdup(ctx, name);
    if (W->extra[W->nextra] == NULL) return nomem(ctx);
    W->extra_col[W->nextra++] = f;
    return LCA_OK;
}

// The label columns (id, unit) and the ignored columns after the block.
static lca_status label_columns(lca_ctx *ctx, const char *path,
                                const lca__csv_record *hdr, int64_t n,
                                const lca__iot_wide_opts *o, lca__iot_wide *W,
                                wide_header *h) {
    long long line = (long long)hdr->line;
    h->nfields = hdr->nfields;
    h->idcol = o->id_column != NULL
                   ? label_column(hdr, W->start, n, o->id_column)
                   : (W->start > 0 ? 0 : -1);
    h->unitcol = o->unit_column != NULL
                     ? label_column(hdr, W->start, n, o->unit_column)
                     : -1;
    const char *missing = h->idcol < 0 ? o->id_column : NULL;
    if (o->unit_column != NULL && h->unitcol < 0) missing = o->unit_column;
    if (missing != NULL) {
        return lca__fail(ctx, LCA_ERR_NOTFOUND, "%s: line %lld: no column "
                         "named '%s' besides the sector columns", path, line,
                         missing);
    }
    if (h->idcol < 0) {
        return lca__fail(ctx, LCA_ERR_INVALID, "%s: line %lld: the sector "
                         "columns start at column 1; the first column must "
                         "hold the row ids", path, line);
    }
    lca_status st = LCA_OK;
    for (int64_t f = W->start + n; f < hdr->nfields && st == LCA_OK; f++) {
        if (f != h->idcol && f != h->unitcol) {
            st = push_extra(W, hdr->fields[f], f);
        }
    }
    return st;
}

static lca_status push_row(lca__iot_wide *W, const lca__csv_record *rec,
                           const wide_header *h) {
    lca_ctx *ctx = W->ctx;
    int64_t ci = W->row_cap, cu = W->row_cap, cl = W->row_cap;
    char **id = lca__grow(ctx, W->id, &ci, W->nrows + 1, sizeof *id);
    if (id != NULL) W->id = id;
    char **unit = lca__grow(ctx, W->unit, &cu, W->nrows + 1, sizeof *unit);
    if (unit != NULL) W->unit = unit;
    int64_t *line = lca__grow(ctx, W->line, &cl, W->nrows + 1, sizeof *line);
    if (line != NULL) W->line = line;
    if (id == NULL || unit == NULL || line == NULL) return nomem(ctx);
    W->row_cap = ci;
    int64_t r = W->nrows++;
    W->line[r] = rec->line;
    W->unit[r] = NULL;
    W->id[r] = lca__strdup(ctx, rec->fields[h->idcol]);
    if (W->id[r] == NULL) return nomem(ctx);
    if (h->unitcol < 0) return LCA_OK;
    W->unit[r] = lca__strdup(ctx, rec->fields[h->unitcol]);
    return W->unit[r] == NULL ? nomem(ctx) : LCA_OK;
}

static lca_status push_cell(lca__iot_wide *W, int64_t i, int64_t j,
                            double x) {
    lca_ctx *ctx = W->ctx;
    int64_t ci = W->cap, cj = W->cap, cx = W->cap, need = W->nnz + 1;
    int64_t *ei = lca__grow(ctx, W->ei, &ci, need, sizeof *ei);
    if (ei != NULL) W->ei = ei;
    int64_t *ej = lca__grow(ctx, W->ej, &cj, need, sizeof *ej);
    if (ej != NULL) W->ej = ej;
    double *ex = lca__grow(ctx, W->ex, &cx, need, sizeof *ex);
    if (ex != NULL) W->ex = ex;
    if (ei == NULL || ej == NULL || ex == NULL) return nomem(ctx);
    W->cap = ci;
    W->ei[W->nnz] = i;
    W->ej[W->nnz] = j;
    W->ex[W->nnz++] = x;
    return LCA_OK;
}

// One record: its id (and unit) and its nonzero cells; skipped when only
// one row is wanted and this is another.
static lca_status read_row(lca__iot_wide *W, const char *path,
                           const lca__csv_record *rec, const wide_header *h,
                           const lca__iot_sectors *S, const char *want) {
    lca_ctx *ctx = W->ctx;
    long long line = (long long)rec->line;
    if (rec->nfields != h->nfields) {
        return lca__fail(ctx, LCA_ERR_INVALID, "%s: line %lld: %lld fields, "
                         "but the header has %lld", path, line,
                         (long long)rec->nfields, (long long)h->nfields);
    }
    const char *id = rec->fields[h->idcol];
    if (want != NULL && strcmp(id, want) != 0) return LCA_OK;
    if (id[0] == '\0') {
        return lca__fail(ctx, LCA_ERR_INVALID, "%s: line %lld, column %lld: "
                         "the row id is empty", path, line,
                         (long long)h->idcol + 1);
    }
    lca_status st = push_row(W, rec, h);
    for (int64_t k = 0; k < S->n && st == LCA_OK; k++) {
        double x = 0.0;
        st = lca__iot_number(ctx, path, rec, W->start + k, S->label[k], &x);
        if (st == LCA_OK && x != 0.0) st = push_cell(W, W->nrows - 1, k, x);
    }
    return st;
}

// Row ids are unique; a wanted row is there; Z's rows are its sectors.
static lca_status check_rows(lca_ctx *ctx, const char *path,
                             const lca__iot_sectors *S, int is_z,
                             const lca__iot_wide_opts *o, lca__iot_wide *W) {
    lca__csv_index *ix = NULL;
    int64_t a, b;
    lca_status st = lca__csv_index_create(
        ctx, W->nrows, (const char *const *)W->id, &ix);
    if (st == LCA_OK && lca__csv_index_duplicate(ix, &a, &b)) {
        st = lca__fail(ctx, LCA_ERR_INVALID, "%s: lines %lld and %lld both "
                       "have the row id '%s'", path, (long long)W->line[a],
                       (long long)W->line[b], W->id[a]);
    }
    lca__csv_index_destroy(&ix);
    if (st == LCA_OK && o->row != NULL && W->nrows == 0) {
        st = lca__fail(ctx, LCA_ERR_NOTFOUND, "%s: no row has the id '%s'",
                       path, o->row);
    }
    for (int64_t i = 0; is_z && st == LCA_OK && i < W->nrows && i < S->n;
         i++) {
        if (strcmp(W->id[i], S->label[i]) == 0) continue;
        st = lca__fail(ctx, LCA_ERR_INVALID, "%s: line %lld: row '%s' where "
                       "the header has '%s' (sector %lld); the rows and "
                       "columns of Z must list the same sectors in the same "
                       "order", path, (long long)W->line[i], W->id[i],
                       S->label[i], (long long)i + 1);
    }
    if (st == LCA_OK && is_z && W->nrows != S->n) {
        st = lca__fail(ctx, LCA_ERR_DIM, "%s has %lld rows but %lld sector "
                       "columns; Z must be square", path,
                       (long long)W->nrows, (long long)S->n);
    }
    return st;
}

// The header, then every record.
static lca_status read_all(lca__csv *r, lca__iot_sectors *S, int is_z,
                           const lca__iot_wide_opts *o, lca__iot_wide *W) {
    lca_ctx *ctx = W->ctx;
    const char *path = lca__csv_path(r);
    lca__csv_record rec;
    wide_header h;
    lca_status st = lca__csv_read(r, &rec);
    if (st == LCA_OK && rec.nfields == 0) {
        st = lca__fail(ctx, LCA_ERR_INVALID, "%s: the file is empty; a "
                       "header row of sector labels is required", path);
    }
    if (st != LCA_OK) return st;
    W->start = 1;
    st = is_z ? z_header(ctx, path, &rec, S)
              : find_block(ctx, path, &rec, S, &W->start);
    if (st == LCA_OK) st = label_columns(ctx, path, &rec, S->n, o, W, &h);
    while (st == LCA_OK) {
        st = lca__csv_read(r, &rec);
        if (st != LCA_OK || rec.nfields == 0) break;
        st = read_row(W, path, &rec, &h, S, o->row);
    }
    return st;
}

lca_status lca__iot_read_wide(lca_ctx *ctx, const char *path,
                              lca__iot_sectors *S,
                              const lca__iot_wide_opts *o, lca__iot_wide *W) {
    W->ctx = ctx;
    int is_z = S->label == NULL;
    if (is_z) S->path = path;  // the caller's string: it outlives the reader
    lca__csv *r = NULL;
    lca_status st = lca__csv_create(ctx, path, ',', &r);
    if (st == LCA_OK) st = read_all(r, S, is_z, o, W);
    if (st == LCA_OK) st = check_rows(ctx, path, S, is_z, o, W);
    lca__csv_destroy(&r);
    return st;
}

void lca__iot_wide_free(lca__iot_wide *W) {
    lca_ctx *ctx = W->ctx;
    if (ctx == NULL) return;
    for (int64_t i = 0; i < W->nrows; i++) {
        lca__free(ctx, W->id[i]);
        lca__free(ctx, W->unit[i]);
    }
    for (int64_t i = 0; i < W->nextra; i++) lca__free(ctx, W->extra[i]);
    lca__free(ctx, W->id);
    lca__free(ctx, W->unit);
    lca__free(ctx, W->line);
    lca__free(ctx, W->ei);
    lca__free(ctx, W->ej);
    lca__free(ctx, W->ex);
    lca__free(ctx, W->extra);
    lca__free(ctx, W->extra_col);
    memset(W, 0, sizeof *W);
}

void lca__iot_sectors_free(lca_ctx *ctx, lca__iot_sectors *S) {
    for (int64_t k = 0; S->label != NULL && k < S->n; k++) {
        lca__free(ctx, S->label[k]);
    }
    lca__free(ctx, S->label);
    S->label = NULL;
    S->n = 0;
}
