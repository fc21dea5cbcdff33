// io/import/method_outputs.c: a method's output indicators (NAME.indicators.csv)
// SPDX-License-Identifier: MIT
//
// Version 1 of the file (docs/FORMAT.md, "Method indicators CSV"): one
// output indicator per record, each selecting tagged rows of one factor
// set (lca_method_add_output). The file sits next to the factor file and
// is optional: without it every factor set is one indicator.

#include <ctype.h>
#include <string.h>

#include "engine/ctx_impl.h"
#include "engine/method/method_impl.h"
#include "io/import/method_impl.h"
#include "io/util/csv_impl.h"

enum { C_VERSION, C_ID, C_NAME, C_UNIT, C_FACTORS, C_GROUP, C_ROLE,
       C_COMPONENTS, C_GASES, C_PLACES, NC };

static const char *const col_name[NC] = {
    "version", "indicator_id", "indicator_name", "indicator_unit", "factors",
    "group",   "role",         "components",     "gases",          "compartments"};

// Columns that may be absent, and their value then.
static const char *const col_default[NC] = {
    NULL, NULL, "", "", NULL, "", "", "*", "*", "*"};

static int same_ci(const char *a, const char *b) {
    for (; *a != '\0' && *b != '\0'; a++, b++) {
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b)) return 0;
    }
    return *a == *b;
}

static lca_status map_columns(lca_ctx *ctx, const char *path,
                              const lca__csv_record *hdr, int64_t col[NC]) {
    for (int c = 0; c < NC; c++) col[c] = -1;
    for (int64_t f = 0; f < hdr->nfields; f++) {
        for (int c = 0; c < NC; c++) {
            if (!same_ci(hdr->fields[f], col_name[c])) continue;
            if (col[c] >= 0) {
                return lca__fail(ctx, LCA_ERR_INVALID, "%s: line %lld: two "
                                 "'%s' columns", path, (long long)hdr->line,
                                 col_name[c]);
            }
            col[c] = f;
        }
    }
    for (int c = 0; c < NC; c++) {
        if (col[c] < 0 && col_default[c] == NULL) {
            return lca__fail(ctx, LCA_ERR_INVALID, "%s: line %lld: no '%s' "
                             "column (the header must name version, "
                             "indicator_id and factors)", path,
                             (long long)hdr->line, col_name[c]);
        }
    }
    return LCA_OK;
}

static lca_status read_output(lca_ctx *ctx, const char *path,
                              const int64_t col[NC], int64_t nhead,
                              const lca__csv_record *rec, lca_method *meth) {
    long long line = (long long)rec->line;
    if (rec->nfields != nhead) {
        return lca__fail(ctx, LCA_ERR_INVALID, "%s: line %lld: %lld fields, "
                         "the header has %lld", path, line,
                         (long long)rec->nfields, (long long)nhead);
    }
    const char *v[NC];
    for (int c = 0; c < NC; c++) {
        v[c] = col[c] >= 0 ? rec->fields[col[c]] : col_default[c];
    }
    if (strcmp(v[C_VERSION], "1") != 0) {
        return lca__fail(ctx, LCA_ERR_INVALID, "%s: line %lld: version '%s' "
                         "is not supported (this leontief reads method "
                         "indicator files of version 1)", path, line,
                         v[C_VERSION]);
    }
    lca_method_output o = {v[C_ID],    v[C_NAME],       v[C_UNIT],
                           v[C_FACTORS], v[C_GROUP],    v[C_ROLE],
                           v[C_COMPONENTS], v[C_GASES], v[C_PLACES]};
    lca_status st = lca_method_add_output(meth, &o);
    if (st == LCA_ERR_INVALID || st == LCA_ERR_NOTFOUND || st == LCA_ERR_ARG) {
        return lca__wrap(ctx, LCA_ERR_INVALID, "%s: line %lld", path, line);
    }
    return st;
}

lca_status lca__method_read_outputs(lca_ctx *ctx, const char *path,
                                    lca_method *meth) {
    lca__csv *r = NULL;
    lca__csv_record rec;
    int64_t col[NC];
    lca_status st = lca__csv_create(ctx, path, ',', &r);
    if (st == LCA_OK) st = lca__csv_read(r, &rec);
    if (st == LCA_OK && rec.nfields == 0) {
        st = lca__fail(ctx, LCA_ERR_INVALID, "%s: empty file (expected a "
                       "header: version,indicator_id,indicator_name,"
                       "indicator_unit,factors,group,role,components,gases,"
                       "compartments)", path);
    }
    int64_t nhead = st == LCA_OK ? rec.nfields : 0;
    if (st == LCA_OK) st = map_columns(ctx, path, &rec, col);
    while (st == LCA_OK) {
        st = lca__csv_read(r, &rec);
        if (st != LCA_OK || rec.nfields == 0) break;
        st = read_output(ctx, path, col, nhead, &rec, meth);
    }
    if (st == LCA_OK && lca_method_noutputs(meth) == 0) {
        st = lca__fail(ctx, LCA_ERR_INVALID, "%s: no indicators after the "
                       "header", path);
    }
    lca__csv_destroy(&r);
    return st;
}
