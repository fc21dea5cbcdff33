// io/import/bw_meta.c: names from a datapackage's CSV metadata
// SPDX-License-Identifier: MIT
//
// bw_processing's add_csv_metadata stores a pandas DataFrame as CSV with a
// header row and links it to index arrays through valid_for. Its columns
// are the writer's choice; we read "id" (the integer id used in the
// indices arrays) and, when present, "name", "unit", "location" and
// "categories" (docs/FORMAT.md, "bw import").

#include <stdio.h>
#include <string.h>

#include "engine/ctx_impl.h"
#include "io/import/bw_impl.h"
#include "io/util/csv_impl.h"

static const char *const COLUMNS[2][1 + LCA__BW_NLABELS] = {
    {"id", "name", "unit", "location"},
    {"id", "name", "unit", "categories"}};

int64_t lca__bw_axis_find(const lca__bw_axis *ax, int64_t id) {
    int64_t lo = 0, hi = ax->n - 1;
    while (lo <= hi) {
        int64_t mid = lo + (hi - lo) / 2;
        if (ax->id[mid] == id) return mid;
        if (ax->id[mid] < id) {
            lo = mid + 1;
        } else {
            hi = mid - 1;
        }
    }
    return -1;
}

// Column positions of the header (-1: absent).
static lca_status header(lca__csv *r, int flows, int *col) {
    lca__csv_record rec;
    lca_status st = lca__csv_read(r, &rec);
    if (st != LCA_OK) return st;
    for (int c = 0; c <= LCA__BW_NLABELS; c++) {
        col[c] = -1;
        for (int64_t f = 0; f < rec.nfields; f++) {
            if (strcmp(rec.fields[f], COLUMNS[flows][c]) == 0) col[c] = (int)f;
        }
    }
    return LCA_OK;
}

// One record: the labels of the entry its id names.
static lca_status apply_record(lca_ctx *ctx, const lca__csv *r,
                               const lca__csv_record *rec, const int *col,
                               lca__bw_axis *ax) {
    int64_t id = 0;
    const char *s = col[0] < rec->nfields ? rec->fields[col[0]] : "";
    if (!lca__csv_to_int64(s, &id)) {
        return lca__fail(ctx, LCA_ERR_INVALID, "%s: line %lld: id '%s' is "
                         "not an integer", lca__csv_path(r),
                         (long long)rec->line, s);
    }
    int64_t i = lca__bw_axis_find(ax, id);
    if (i < 0) return LCA_OK;
    for (int c = 0; c < LCA__BW_NLABELS; c++) {
        if (col[1 + c] < 0 || col[1 + c] >= rec->nfields) continue;
        char *v = lca__strdup(ctx, rec->fields[col[1 + c]]);
        if (v == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
        lca__free(ctx, ax->label[c][i]);
        ax->label[c][i] = v;
    }
    return LCA_OK;
}

static lca_status apply_one(lca__bw *bw, const lca__bw_meta *m,
                            lca__bw_axis *ax) {
    lca__bw_src *src = bw->src[m->package];
    char *buf = NULL, name[600];
    size_t size = 0;
    lca__csv *r = NULL;
    snprintf(name, sizeof name, "%s/%s", lca__bw_src_path(src), m->file);
    lca_status st = lca__bw_src_read(src, m->file, &buf, &size);
    if (st == LCA_OK) st = lca__csv_create_mem(bw->ctx, name, buf, size, ',', &r);
    int col[1 + LCA__BW_NLABELS];
    if (st == LCA_OK) st = header(r, m->flows, col);
    if (st == LCA_OK && col[0] < 0)
        st = lca__fail(bw->ctx, LCA_ERR_INVALID, "%s: no column 'id' in the "
                       "header", name);
    while (st == LCA_OK) {
        lca__csv_record rec;
        st = lca__csv_read(r, &rec);
        if (st != LCA_OK || rec.nfields == 0) break;
        st = apply_record(bw->ctx, r, &rec, col, ax);
    }
    lca__csv_destroy(&r);
    lca__free(bw->ctx, buf);
    return st;
}

lca_status lca__bw_meta_apply(lca__bw *bw, lca__bw_axis *axes) {
    lca_status st = LCA_OK;
    for (int64_t i = 0; i < bw->nmeta && st == LCA_OK; i++) {
        st = apply_one(bw, &bw->meta[i], &axes[bw->meta[i].flows]);
    }
    return st;
}
