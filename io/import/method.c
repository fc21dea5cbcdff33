// io/import/method.c: characterization methods read from CSV, and bundled methods
// SPDX-License-Identifier: MIT
//
// A method file is one factor row per record under a header that names
// the columns (docs/FORMAT.md, "Characterization method CSV"). The rows
// go into an lca_method (engine/method/method.c) in file order, which checks
// each one; this file adds the file name and line to every message.
// Bundled methods are plain method files in DATADIR/methods/, found by
// name; the data directory is the caller's choice, so the library holds
// no paths of its own.

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "io/util/csv_impl.h"
#include "engine/ctx_impl.h"
#include "engine/method/method_impl.h"
#include "io/import/method_impl.h"

enum { COL_IND_ID, COL_IND_NAME, COL_IND_UNIT, COL_CAS, COL_NAME, COL_COMP,
       COL_FACTOR, COL_UNIT, COL_COMPONENT, COL_GAS, NCOLS };

static const char *const column[NCOLS] = {
    "indicator_id", "indicator_name", "indicator_unit", "cas",
    "flow_name",    "compartment",    "factor",         "flow_unit",
    "component",    "gas"};

#define REQUIRED_COLS COL_UNIT  // flow_unit and the tags are optional

static int same_name_ci(const char *a, const char *b) {
    for (; *a != '\0' && *b != '\0'; a++, b++) {
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b)) return 0;
    }
    return *a == *b;
}

// col[c] = field of column c (-1: absent) from the header record.
static lca_status map_header(lca_ctx *ctx, const char *path,
                             const lca__csv_record *hdr, int64_t col[NCOLS]) {
    for (int c = 0; c < NCOLS; c++) col[c] = -1;
    for (int64_t f = 0; f < hdr->nfields; f++) {
        for (int c = 0; c < NCOLS; c++) {
            if (!same_name_ci(hdr->fields[f], column[c])) continue;
            if (col[c] >= 0) {
                return lca__fail(ctx, LCA_ERR_INVALID, "%s: line %lld: two "
                                 "'%s' columns", path, (long long)hdr->line,
                                 column[c]);
            }
            col[c] = f;
        }
    }
    for (int c = 0; c < REQUIRED_COLS; c++) {
        if (col[c] < 0) {
            return lca__fail(ctx, LCA_ERR_INVALID, "%s: line %lld: no '%s' "
                             "column (the header must name indicator_id, "
                             "indicator_name, indicator_unit, cas, "
                             "flow_name, compartment and factor)", path,
                             (long long)hdr->line, column[c]);
        }
    }
    return LCA_OK;
}

// The reader's state: the source lines of the rows added so far, to name
// the first of two duplicate rows.
typedef struct reader {
    lca_ctx *ctx;
    const char *path;
    int64_t col[NCOLS];
    int64_t nhead;
    int64_t *lines;
    int64_t nlines, cap;
} reader;

static lca_status remember_line(reader *rd, int64_t line) {
    int64_t *v = lca__grow(rd->ctx, rd->lines, &rd->cap, rd->nlines + 1,
                           sizeof *v);
    if (v == NULL) return LCA_ERR_NOMEM;
    rd->lines = v;
    rd->lines[rd->nlines++] = line;
    return LCA_OK;
}

// One record into the method.
static lca_status read_row(reader *rd, const lca__csv_record *rec,
                           lca_method *meth) {
    lca_ctx *ctx = rd->ctx;
    long long line = (long long)rec->line;
    if (rec->nfields != rd->nhead) {
        return lca__fail(ctx, LCA_ERR_INVALID, "%s: line %lld: %lld fields, "
                         "the header has %lld", rd->path, line,
                         (long long)rec->nfields, (long long)rd->nhead);
    }
    const char *const *v = rec->fields;
    const int64_t *col = rd->col;
    lca_method_factor f = {
        v[col[COL_CAS]], v[col[COL_NAME]], v[col[COL_COMP]],
        col[COL_UNIT] >= 0 ? v[col[COL_UNIT]] : "", NAN,
        col[COL_COMPONENT] >= 0 ? v[col[COL_COMPONENT]] : "",
        col[COL_GAS] >= 0 ? v[col[COL_GAS]] : ""};
    // An empty factor: the flow is known, with no factor (a mixture).
    const char *fs = v[col[COL_FACTOR]];
    if (fs[strspn(fs, " \t")] != '\0' && !lca__csv_to_double(fs, &f.factor)) {
        return lca__fail(ctx, LCA_ERR_INVALID, "%s: line %lld: factor '%s' "
                         "is not a finite number", rd->path, line, fs);
    }
    int64_t ind = -1, dup = -1;
    lca_status st = lca_method_add_indicator(meth, v[col[COL_IND_ID]],
                                             v[col[COL_IND_NAME]],
                                             v[col[COL_IND_UNIT]], &ind);
    if (st == LCA_OK) st = lca__method_add_row(meth, ind, &f, &dup);
    if (st == LCA_ERR_INVALID && dup >= 0) {
        return lca__fail(ctx, st, "%s: line %lld: repeats the factor row of "
                         "line %lld (same indicator, CAS, flow name, "
                         "compartment and unit)", rd->path, line,
                         (long long)rd->lines[dup]);
    }
    if (st == LCA_ERR_INVALID || st == LCA_ERR_ARG) {
        return lca__wrap(ctx, LCA_ERR_INVALID, "%s: line %lld", rd->path,
                         line);
    }
    if (st != LCA_OK) return st;
    return remember_line(rd, rec->line);
}

// "dir/gwp100-ar6.csv" -> "gwp100-ar6".
static char *method_name(lca_ctx *ctx, const char *path) {
    const char *base = strrchr(path, '/');
    base = base != NULL ? base + 1 : path;
    char *name = lca__strdup(ctx, base);
    size_t n = name != NULL ? strlen(name) : 0;
    if (n > 4 && same_name_ci(name + n - 4, ".csv")) name[n - 4] = '\0';
    return name;
}

static lca_status read_all(reader *rd, lca__csv *r, lca_method *meth) {
    lca__csv_record rec;
    lca_status st = lca__csv_read(r, &rec);
    if (st != LCA_OK) return st;
    if (rec.nfields == 0) {
        return lca__fail(rd->ctx, LCA_ERR_INVALID, "%s: empty file (expected "
                         "a header: indicator_id,indicator_name,"
                         "indicator_unit,cas,flow_name,compartment,factor)",
                         rd->path);
    }
    rd->nhead = rec.nfields;
    st = map_header(rd->ctx, rd->path, &rec, rd->col);
    while (st == LCA_OK) {
        st = lca__csv_read(r, &rec);
        if (st != LCA_OK || rec.nfields == 0) break;
        st = read_row(rd, &rec, meth);
    }
    if (st == LCA_OK && lca_method_nfactors(meth) == 0) {
        st = lca__fail(rd->ctx, LCA_ERR_INVALID, "%s: no factor rows after "
                       "the header", rd->path);
    }
    return st;
}

// "dir/gwp.csv" -> "dir/gwp.indicators.csv", when that file exists.
static lca_status outputs_path(lca_ctx *ctx, const char *path, char **out) {
    *out = NULL;
    size_t n = strlen(path);
    if (n > 4 && same_name_ci(path + n - 4, ".csv")) n -= 4;
    char *p = lca__malloc(ctx, n + sizeof ".indicators.csv", 1);
    if (p == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    memcpy(p, path, n);
    memcpy(p + n, ".indicators.csv", sizeof ".indicators.csv");
    FILE *fp = fopen(p, "rb");
    if (fp == NULL && errno == ENOENT) {
        lca__free(ctx, p);
        return LCA_OK;
    }
    if (fp != NULL) fclose(fp);
    *out = p;  // exists (or cannot be opened: reading it says why)
    return LCA_OK;
}

lca_status lca_method_read_csv(lca_ctx *ctx, const char *path,
                               lca_method **out) {
    *out = NULL;
    reader rd = {ctx, path, {0}, 0, NULL, 0, 0};
    lca__csv *r = NULL;
    lca_method *meth = NULL;
    char *name = method_name(ctx, path);
    lca_status st = name == NULL
                        ? lca__fail(ctx, LCA_ERR_NOMEM, "out of memory")
                        : lca_method_create(ctx, name, &meth);
    char *opath = NULL;
    if (st == LCA_OK) st = lca__csv_create(ctx, path, ',', &r);
    if (st == LCA_OK) st = read_all(&rd, r, meth);
    if (st == LCA_OK) st = outputs_path(ctx, path, &opath);
    if (st == LCA_OK && opath != NULL) {
        st = lca__method_read_outputs(ctx, opath, meth);
    }
    lca__free(ctx, opath);
    if (st == LCA_OK) {
        *out = meth;
        meth = NULL;
    }
    lca__csv_destroy(&r);
    lca_method_destroy(&meth);
    lca__free(ctx, rd.lines);
    lca__free(ctx, name);
    return st;
}

// A path (ends in ".csv" or holds a '/') rather than a bundled name?
static int is_path(const char *spec) {
    size_t n = strlen(spec);
    return strchr(spec, '/') != NULL ||
           (n >= 4 && same_name_ci(spec + n - 4, ".csv"));
}

static int valid_name(const char *s) {
    if (*s == '\0' || *s == '.') return 0;
    for (; *s != '\0'; s++) {
        int ok = (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
                 (*s >= '0' && *s <= '9') || *s == '-' || *s == '_' ||
                 *s == '.';
        if (!ok) return 0;
    }
    return 1;
}

lca_status lca_method_read_named(lca_ctx *ctx, const char *spec,
                                 const char *datadir, lca_method **out) {
    *out = NULL;
    if (is_path(spec)) return lca_method_read_csv(ctx, spec, out);
    if (!valid_name(spec)) {
        return lca__fail(ctx, LCA_ERR_NOTFOUND, "'%s' is neither a method "
                         "file (*.csv) nor a bundled method name", spec);
    }
    if (datadir == NULL) {
        return lca__fail(ctx, LCA_ERR_ARG, "no data directory to find the "
                         "bundled method '%s' in", spec);
    }
    size_t n = strlen(datadir) + strlen(spec) + 16;
    char *path = lca__malloc(ctx, n, 1);
    if (path == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    snprintf(path, n, "%s/methods/%s.csv", datadir, spec);
    FILE *fp = fopen(path, "rb");
    lca_status st = LCA_OK;
    if (fp == NULL && errno == ENOENT) {
        st = lca__fail(ctx, LCA_ERR_NOTFOUND, "no bundled method '%s' (%s "
                       "does not exist)", spec, path);
    } else {
        if (fp != NULL) fclose(fp);
        st = lca_method_read_csv(ctx, path, out);
    }
    lca__free(ctx, path);
    return st;
}
