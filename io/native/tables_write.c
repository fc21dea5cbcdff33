// io/native/tables_write.c: analysis tables as HDF5 and CSV (lca_tables_write)
// SPDX-License-Identifier: MIT
//
// One HDF5 file (schema "leontief-analysis" v1): provenance attributes on
// the root, one group per table with the table's attributes, one 1-D
// dataset per column (float64, int64 or UTF-8 strings; numbers carry a
// "unit" attribute). And/or one CSV file per table in a folder, RFC 4180
// (fields quoted when they must be, so names with commas, quotes, line
// breaks or markup stay one field). Layout in docs/FORMAT.md ("Analysis
// files"). Every file is written under a temporary name and renamed into
// place only when all of them are complete, so a failure leaves no
// partial output (a folder this call created is removed again).

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/ctx_impl.h"
#include "io/hdf5/h5out_impl.h"
#include "io/native/tables_impl.h"
#include "io/util/textout_impl.h"
#include "lca/io.h"

#define ANALYSIS_FORMAT "leontief-analysis"
#define ANALYSIS_SCHEMA_VERSION 1

static lca_status provenance(lca__h5out *o, const lca_tables_info *info) {
    const char *kv[][2] = {
        {"format", ANALYSIS_FORMAT},
        {"analysis", info->analysis},
        {"engine_version", lca_version()},
        {"command_line", info->command_line},
        {"model_file", info->model_file},
        {"model_sha256", info->model_sha256},
        {"created_utc", info->created_utc},
    };
    lca_status st = lca__h5out_set_attr_int(o, "/", "schema_version",
                                            ANALYSIS_SCHEMA_VERSION);
    for (size_t i = 0; i < sizeof kv / sizeof *kv && st == LCA_OK; i++) {
        st = lca__h5out_set_attr(o, "/", kv[i][0], kv[i][1] ? kv[i][1] : "");
    }
    return st;
}

static lca_status h5_column(lca__h5out *o, const lca_table *t, int64_t c) {
    char name[160];
    snprintf(name, sizeof name, "%s/%s", lca_table_name(t),
             lca_table_col_name(t, c));
    int64_t n = lca_table_nrows(t);
    switch (lca_table_col_type(t, c)) {
    case LCA_COLUMN_TEXT:
        return lca__h5out_write_strings(o, name, n, lca_table_col_text(t, c));
    case LCA_COLUMN_INT:
        return lca__h5out_write_ints(o, name, n, lca_table_col_int(t, c));
    case LCA_COLUMN_NUMBER: break;
    }
    lca_status st = lca__h5out_write_doubles(o, name, n,
                                             lca_table_col_number(t, c));
    if (st == LCA_OK) {
        st = lca__h5out_set_attr(o, name, "unit", lca_table_col_unit(t, c));
    }
    return st;
}

static lca_status h5_table(lca__h5out *o, const lca_table *t) {
    const char *g = lca_table_name(t);
    lca_status st = lca__h5out_make_group(o, g);
    for (int64_t i = 0; i < lca_table_nattrs(t) && st == LCA_OK; i++) {
        st = lca__h5out_set_attr(o, g, lca_table_attr_key(t, i),
                                 lca_table_attr_value(t, i));
    }
    if (st == LCA_OK) st = lca__h5out_set_attr_int(o, g, "rows",
                                                   lca_table_nrows(t));
    for (int64_t c = 0; c < lca_table_ncols(t) && st == LCA_OK; c++) {
        st = h5_column(o, t, c);
    }
    return st;
}

void lca__table_csv(lca__textout *w, const lca_table *t) {
    int64_t nc = lca_table_ncols(t);
    for (int64_t c = 0; c < nc; c++) lca__textout_field(w, lca_table_col_name(t, c));
    lca__textout_end(w);
    for (int64_t i = 0; i < lca_table_nrows(t); i++) {
        for (int64_t c = 0; c < nc; c++) {
            char buf[32];
            switch (lca_table_col_type(t, c)) {
            case LCA_COLUMN_TEXT:
                lca__textout_field(w, lca_table_col_text(t, c)[i]);
                break;
            case LCA_COLUMN_INT:
                snprintf(buf, sizeof buf, "%lld",
                         (long long)lca_table_col_int(t, c)[i]);
                lca__textout_numeral(w, buf);
                break;
            case LCA_COLUMN_NUMBER:
                lca__textout_number(w, lca_table_col_number(t, c)[i]);
                break;
            }
        }
        lca__textout_end(w);
    }
}

// The CSV files, created and filled but not yet committed.
static lca_status csv_start(lca_ctx *ctx, const char *dir, int64_t nt,
                            const lca_table *const *t, lca__textout **w) {
    lca_status st = LCA_OK;
    for (int64_t i = 0; i < nt && st == LCA_OK; i++) {
        char file[80];
        snprintf(file, sizeof file, "%s.csv", lca_table_name(t[i]));
        char *path = lca__path_join(ctx, dir, file);
        if (path == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
        st = lca__textout_create(ctx, path, &w[i]);
        lca__free(ctx, path);
        if (st == LCA_OK) lca__table_csv(w[i], t[i]);
    }
    return st;
}

// Remove the first count CSV files again (a later file failed).
static void unlink_committed(lca_ctx *ctx, const char *dir,
                             const lca_table *const *t, int64_t count) {
    for (int64_t i = 0; i < count; i++) {
        char file[80];
        snprintf(file, sizeof file, "%s.csv", lca_table_name(t[i]));
        char *path = lca__path_join(ctx, dir, file);
        if (path != NULL) unlink(path);
        lca__free(ctx, path);
    }
}

static int is_dir(const char *path) {
    struct stat sb;
    return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

lca_status lca_tables_write(lca_ctx *ctx, int64_t ntables,
                            const lca_table *const *tables,
                            const lca_tables_info *info, const char *h5_path,
                            const char *csv_dir) {
    lca__h5out *o = NULL;
    lca__textout **w = NULL;
    int made_dir = 0;
    lca_status st = LCA_OK;
    if (csv_dir != NULL) {
        w = lca__calloc(ctx, (size_t)ntables + 1, sizeof *w);
        if (w == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
        made_dir = !is_dir(csv_dir);
        st = lca__make_dir(ctx, csv_dir);
        if (st == LCA_OK) st = csv_start(ctx, csv_dir, ntables, tables, w);
    }
    if (st == LCA_OK && h5_path != NULL) {
        st = lca__h5out_create(ctx, h5_path, &o);
        if (st == LCA_OK) st = provenance(o, info);
        for (int64_t i = 0; i < ntables && st == LCA_OK; i++) {
            st = h5_table(o, tables[i]);
        }
    }
    // Everything is written: now the renames, CSV first (a full disk shows
    // when a text file is closed); any failure takes back what was renamed.
    int64_t committed = 0;
    for (; w != NULL && committed < ntables && st == LCA_OK; committed++) {
        st = lca__textout_commit(&w[committed]);
    }
    if (st == LCA_OK && o != NULL) st = lca__h5out_commit(&o);
    if (st != LCA_OK) unlink_committed(ctx, csv_dir, tables, committed);
    lca__h5out_destroy(&o);
    for (int64_t i = 0; w != NULL && i < ntables; i++) {
        lca__textout_destroy(&w[i]);
    }
    lca__free(ctx, w);
    if (st != LCA_OK && made_dir) rmdir(csv_dir);  // only if left empty
    return st;
}
