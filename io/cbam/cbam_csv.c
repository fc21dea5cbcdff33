// io/cbam/cbam_csv.c: the CBAM reference tables (sectors, default values,
// mark-ups) from CSV files
// SPDX-License-Identifier: MIT
//
// Each file has a header naming its columns (docs/CBAM.md; schemas in
// datasets/cbam/schema/): the required ones must all be there, optional
// ones may be, and any other column is an error, so that a misspelt
// "mark_up" is never silently read as no mark-up. Values are parsed here
// (numbers, years, yes/no); their ranges are checked by lca_cbam_create,
// which names the same lines.

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "engine/ctx_impl.h"
#include "io/cbam/cbam_io_impl.h"
#include "io/util/csv_impl.h"

#define MAX_COLS 12  // more than any table has

// A table being read: its columns by name and the current record.
typedef struct table {
    lca__rj_reader *r;
    lca__csv *csv;
    const char *path;
    const char *const *cols;  // NULL-ended; names ending in '?' optional
    int64_t at[MAX_COLS];     // field index of each column, or -1
    lca__csv_record rec;
} table;

// "FILE: line L: message".
static lca_status bad(table *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static lca_status bad(table *t, const char *fmt, ...) {
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return lca__fail(t->r->ctx, LCA_ERR_INVALID, "%s: line %lld: %s",
                     t->path, (long long)t->rec.line, msg);
}

// Column c's name without the optional mark, into buf.
static const char *col_name(const char *c, char buf[64]) {
    snprintf(buf, 64, "%s", c);
    size_t n = strlen(buf);
    if (n > 0 && buf[n - 1] == '?') buf[n - 1] = '\0';
    return buf;
}

static lca_status header(table *t) {
    lca_status st = lca__csv_read(t->csv, &t->rec);
    if (st != LCA_OK) return st;
    if (t->rec.nfields == 0) {
        return lca__fail(t->r->ctx, LCA_ERR_INVALID, "%s: empty file (a "
                         "header line is needed)", t->path);
    }
    for (int c = 0; t->cols[c] != NULL; c++) t->at[c] = -1;
    for (int64_t f = 0; f < t->rec.nfields; f++) {
        int found = 0;
        char buf[64];
        for (int c = 0; t->cols[c] != NULL && !found; c++) {
            if (strcmp(col_name(t->cols[c], buf), t->rec.fields[f]) != 0) {
                continue;
            }
            if (t->at[c] >= 0) {
                return bad(t, "column '%.64s' given twice", t->rec.fields[f]);
            }
            t->at[c] = f;
            found = 1;
        }
        if (!found) return bad(t, "unknown column '%.64s' "
                               "(see docs/CBAM.md)", t->rec.fields[f]);
    }
    for (int c = 0; t->cols[c] != NULL; c++) {
        char buf[64];
        size_t n = strlen(t->cols[c]);
        if (t->at[c] < 0 && t->cols[c][n - 1] != '?') {
            return bad(t, "no column '%s'",
                       col_name(t->cols[c], buf));
        }
    }
    return LCA_OK;
}

// Field of column c in the current record ("" when absent), copied into
// r's scratch so that it outlives the record.
static const char *field(table *t, int c) {
    int64_t f = t->at[c];
    const char *v = f >= 0 && f < t->rec.nfields ? t->rec.fields[f] : "";
    char *s = lca__rj_scratch(t->r, strlen(v) + 1, 1);
    if (s != NULL) memcpy(s, v, strlen(v) + 1);
    return s;
}

// A number field; "" gives NaN when empty_ok. 0 on a malformed value.
static int number(table *t, int c, int empty_ok, double *x) {
    int64_t f = t->at[c];
    const char *v = f >= 0 && f < t->rec.nfields ? t->rec.fields[f] : "";
    if (v[0] == '\0' && empty_ok) {
        *x = NAN;
        return 1;
    }
    return lca__csv_to_double(v, x);
}

static int year(table *t, int c, int empty_ok, int *y) {
    int64_t f = t->at[c], v64;
    const char *v = f >= 0 && f < t->rec.nfields ? t->rec.fields[f] : "";
    if (v[0] == '\0' && empty_ok) {
        *y = 0;
        return 1;
    }
    if (!lca__csv_to_int64(v, &v64) || v64 < 1 || v64 > 9999) return 0;
    *y = (int)v64;
    return 1;
}

// Every data record through row(t, i, out), growing out (size each).
static lca_status rows(table *t, size_t size, void **out, int64_t *count,
                       lca_status (*row)(table *, int64_t, void *)) {
    int64_t n = 0, cap = 0;
    char *v = NULL;
    lca_status st;
    while ((st = lca__csv_read(t->csv, &t->rec)) == LCA_OK &&
           t->rec.nfields > 0) {
        if (n == cap) {
            cap = cap < 16 ? 16 : 2 * cap;
            char *g = lca__rj_scratch(t->r, (size_t)cap, size);
            if (g == NULL) return lca__fail(t->r->ctx, LCA_ERR_NOMEM, "out "
                                            "of memory");
            if (n > 0) memcpy(g, v, (size_t)n * size);
            v = g;
        }
        st = row(t, n, v + (size_t)n * size);
        if (st != LCA_OK) return st;
        n++;
    }
    *out = v;
    *count = n;
    return st;
}

static lca_status sector_row(table *t, int64_t i, void *out) {
    lca_cbam_sector *s = out;
    (void)i;
    s->id = field(t, 0);
    s->name = field(t, 1);
    const char *v = field(t, 2);
    if (s->id == NULL || s->name == NULL || v == NULL) {
        return lca__fail(t->r->ctx, LCA_ERR_NOMEM, "out of memory");
    }
    if (strcmp(v, "yes") != 0 && strcmp(v, "no") != 0) {
        return bad(t, "indirect_counts '%.16s' is not yes or "
                   "no", v);
    }
    s->indirect_counts = strcmp(v, "yes") == 0;
    return LCA_OK;
}

static lca_status default_row(table *t, int64_t i, void *out) {
    lca_cbam_default *d = out;
    (void)i;
    d->cn_code = field(t, 0);
    d->country = field(t, 1);
    d->route = field(t, 2);
    d->status = field(t, 6);
    d->source = field(t, 7);
    if (d->cn_code == NULL || d->country == NULL || d->route == NULL ||
        d->status == NULL || d->source == NULL) {
        return lca__fail(t->r->ctx, LCA_ERR_NOMEM, "out of memory");
    }
    if (!number(t, 3, 0, &d->direct) || !number(t, 4, 1, &d->indirect) ||
        !number(t, 5, 0, &d->total)) {
        return bad(t, "direct, indirect or total is not a "
                   "number");
    }
    return LCA_OK;
}

static lca_status markup_row(table *t, int64_t i, void *out) {
    lca_cbam_markup *m = out;
    (void)i;
    m->sector = field(t, 0);
    if (m->sector == NULL) {
        return lca__fail(t->r->ctx, LCA_ERR_NOMEM, "out of memory");
    }
    if (!year(t, 1, 0, &m->year_from) || !year(t, 2, 1, &m->year_to)) {
        return bad(t, "year_from/year_to are not years");
    }
    if (!number(t, 3, 0, &m->markup)) {
        return bad(t, "markup is not a number");
    }
    return LCA_OK;
}

static const char *const sector_cols[] = {"sector", "name", "indirect_counts",
                                          "source?", NULL};
static const char *const default_cols[] = {
    "cn_code", "country", "route", "direct", "indirect", "total", "status",
    "source", "name?", NULL};
static const char *const markup_cols[] = {"sector", "year_from", "year_to",
                                          "markup", "source?", NULL};

// Read one table file with its columns and row parser.
static lca_status read_table(lca__rj_reader *r, const char *path,
                             const char *const *cols, size_t size,
                             lca_status (*row)(table *, int64_t, void *),
                             void **out, int64_t *count) {
    table t = {r, NULL, path, cols, {0}, {0, NULL, 0}};
    *out = NULL;
    *count = 0;
    if (path == NULL || path[0] == '\0') return LCA_OK;
    lca_status st = lca__csv_create(r->ctx, path, ',', &t.csv);
    if (st == LCA_OK) st = header(&t);
    if (st == LCA_OK) st = rows(&t, size, out, count, row);
    lca__csv_destroy(&t.csv);
    return st;
}

lca_status lca__cbam_tables_csv(lca__rj_reader *r, const lca_cbam_files *f,
                                lca_cbam_tables *t) {
    void *v = NULL;
    memset(t, 0, sizeof *t);
    t->sectors_source = f->sectors != NULL ? f->sectors : "";
    t->defaults_source = f->defaults != NULL ? f->defaults : "";
    t->markups_source = f->markups != NULL ? f->markups : "";
    lca_status st = read_table(r, f->sectors, sector_cols, sizeof
                               (lca_cbam_sector), sector_row, &v,
                               &t->nsectors);
    t->sectors = v;
    if (st == LCA_OK) {
        st = read_table(r, f->defaults, default_cols, sizeof
                        (lca_cbam_default), default_row, &v, &t->ndefaults);
        t->defaults = v;
    }
    if (st == LCA_OK) {
        st = read_table(r, f->markups, markup_cols, sizeof(lca_cbam_markup),
                        markup_row, &v, &t->nmarkups);
        t->markups = v;
    }
    return st;
}
