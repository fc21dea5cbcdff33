// io/release/csv.c: factors.csv and trace.csv of a release
// SPDX-License-Identifier: MIT
//
// One row per record under one header row, RFC 4180 as every CSV file
// leontief writes (io/util/textout.c: quoting, CRLF, exact numbers),
// except that a missing number (NaN: no Monte Carlo statistics, no
// rating) is an empty cell, which every spreadsheet reads as blank
// rather than as the text "NaN". The columns are in docs/FORMAT.md.

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "engine/ctx_impl.h"
#include "io/release/release_impl.h"
#include "io/util/textout_impl.h"

void lca__release_number(lca__textout *w, double x) {
    if (isnan(x)) {
        lca__textout_field(w, "");
    } else {
        lca__textout_number(w, x);
    }
}

static const lca_fdb_text lead[] = {LCA_FDB_RECORD_ID, LCA_FDB_SUPERSEDES,
                                    LCA_FDB_PRODUCT_ID, LCA_FDB_PRODUCT_NAME,
                                    LCA_FDB_UNIT};
#define NLEAD (sizeof lead / sizeof lead[0])

// Total statistics after the factor, in this order.
static const lca_fdb_num mc_cols[] = {
    LCA_FDB_MEAN, LCA_FDB_MEDIAN, LCA_FDB_SD,   LCA_FDB_GSD,
    LCA_FDB_P025, LCA_FDB_P975,   LCA_FDB_COUNT};
#define NMC (sizeof mc_cols / sizeof mc_cols[0])

// A component's Monte Carlo columns, when it has them.
static const lca_fdb_num comp_mc[] = {LCA_FDB_MEAN, LCA_FDB_SD, LCA_FDB_P025,
                                      LCA_FDB_P975};
static const char *const comp_mc_names[] = {"mc_mean", "mc_sd", "mc_p2_5",
                                            "mc_p97_5"};
#define NCOMPMC 4

static void header(lca__textout *w, const lca_fdb *db) {
    for (size_t c = 0; c < NLEAD; c++) {
        lca__textout_field(w, lca_fdb_text_str(lead[c]));
    }
    const char *mid[] = {"declared_unit", "region",  "reference_period",
                         "boundary",      "gwp_set", "indicator_unit",
                         "factor"};
    for (size_t c = 0; c < sizeof mid / sizeof mid[0]; c++) {
        lca__textout_field(w, mid[c]);
    }
    for (size_t c = 0; c < NMC; c++) {
        lca__textout_field(w, lca_fdb_num_str(mc_cols[c]));
    }
    lca__textout_field(w, "mc_ci95_halfwidth");
    for (int64_t j = 0; j < lca_fdb_ncomponents(db); j++) {
        const char *name = lca_fdb_component_name(db, j);
        lca__textout_field(w, name);
        for (int s = 0; lca_fdb_component_has_mc(db, j) && s < NCOMPMC; s++) {
            char col[96];
            snprintf(col, sizeof col, "%s_%s", name, comp_mc_names[s]);
            lca__textout_field(w, col);
        }
    }
    for (int c = LCA_FDB_DQR; c <= LCA_FDB_CUTOFF_SHARE; c++) {
        lca__textout_field(w, lca_fdb_num_str((lca_fdb_num)c));
    }
    lca__textout_field(w, "dataset_id");
    lca__textout_field(w, "traced_inputs");
    lca__textout_end(w);
}

// "1 <unit>": the quantity the factor is for ("" without a unit).
static lca_status declared_unit(lca__textout *w, const lca_fdb *db, int64_t i) {
    const char *unit = lca_fdb_text_get(db, LCA_FDB_UNIT, i);
    if (unit[0] == '\0') {
        lca__textout_field(w, "");
        return LCA_OK;
    }
    size_t len = strlen(unit) + 3;
    char *s = lca__malloc(lca_fdb_ctx(db), len, 1);
    if (s == NULL)
        return lca__fail(lca_fdb_ctx(db), LCA_ERR_NOMEM, "out of memory");
    snprintf(s, len, "1 %s", unit);
    lca__textout_field(w, s);
    lca__free(lca_fdb_ctx(db), s);
    return LCA_OK;
}

static lca_status row(lca__textout *w, const lca_fdb *db, int64_t i) {
    for (size_t c = 0; c < NLEAD; c++) {
        lca__textout_field(w, lca_fdb_text_get(db, lead[c], i));
    }
    lca_status st = declared_unit(w, db, i);
    if (st != LCA_OK) return st;
    lca__textout_field(w, lca_fdb_text_get(db, LCA_FDB_REGION, i));
    lca__textout_field(w, lca_fdb_text_get(db, LCA_FDB_PERIOD, i));
    lca__textout_field(w, lca_fdb_info_get(db, LCA_FDB_BOUNDARY));
    lca__textout_field(w, lca_fdb_info_get(db, LCA_FDB_GWP_SET));
    lca__textout_field(w, lca_fdb_info_get(db, LCA_FDB_IND_UNIT));
    lca__release_number(w, lca_fdb_num_get(db, LCA_FDB_FACTOR)[i]);
    for (size_t c = 0; c < NMC; c++) {
        lca__release_number(w, lca_fdb_num_get(db, mc_cols[c])[i]);
    }
    lca__release_number(w, lca__release_halfwidth(lca_fdb_num_get(db, LCA_FDB_SD)[i],
                                     lca_fdb_num_get(db, LCA_FDB_COUNT)[i]));
    for (int64_t j = 0; j < lca_fdb_ncomponents(db); j++) {
        lca__release_number(w, lca_fdb_component_get(db, j, LCA_FDB_FACTOR)[i]);
        for (int s = 0; lca_fdb_component_has_mc(db, j) && s < NCOMPMC; s++) {
            lca__release_number(w, lca_fdb_component_get(db, j, comp_mc[s])[i]);
        }
    }
    for (int c = LCA_FDB_DQR; c <= LCA_FDB_CUTOFF_SHARE; c++) {
        lca__release_number(w, lca_fdb_num_get(db, (lca_fdb_num)c)[i]);
    }
    lca__textout_field(w, lca_fdb_text_get(db, LCA_FDB_PRODUCT_ID, i));
    int64_t count;
    const int64_t *in;
    const double *sh;
    lca_fdb_trace(db, i, &count, &in, &sh);
    lca__textout_number(w, (double)count);
    lca__textout_end(w);
    return LCA_OK;
}

static void trace_header(lca__textout *w) {
    const char *h[] = {"record_id",          "product_id",
                       "input_record_id",    "input_product_id",
                       "input_product_name", "share"};
    for (size_t c = 0; c < sizeof h / sizeof h[0]; c++) {
        lca__textout_field(w, h[c]);
    }
    lca__textout_end(w);
}

// The traced inputs of record i, one row each.
static void trace_rows(lca__textout *w, const lca_fdb *db, int64_t i) {
    int64_t count;
    const int64_t *in;
    const double *sh;
    lca_fdb_trace(db, i, &count, &in, &sh);
    for (int64_t t = 0; t < count; t++) {
        lca__textout_field(w, lca_fdb_text_get(db, LCA_FDB_RECORD_ID, i));
        lca__textout_field(w, lca_fdb_text_get(db, LCA_FDB_PRODUCT_ID, i));
        lca__textout_field(w, lca_fdb_text_get(db, LCA_FDB_RECORD_ID, in[t]));
        lca__textout_field(w, lca_fdb_text_get(db, LCA_FDB_PRODUCT_ID, in[t]));
        lca__textout_field(w,
                           lca_fdb_text_get(db, LCA_FDB_PRODUCT_NAME, in[t]));
        lca__release_number(w, sh[t]);
        lca__textout_end(w);
    }
}

// Start dir/name. On failure *w is NULL.
static lca_status open_file(const lca_fdb *db, const char *dir,
                            const char *name, lca__textout **w) {
    *w = NULL;
    char *path = lca__path_join(lca_fdb_ctx(db), dir, name);
    if (path == NULL) {
        return lca__fail(lca_fdb_ctx(db), LCA_ERR_NOMEM, "out of memory");
    }
    lca_status st = lca__textout_create(lca_fdb_ctx(db), path, w);
    lca__free(lca_fdb_ctx(db), path);
    return st;
}

lca_status lca__release_write_csv(const lca_fdb *db, const char *dir) {
    lca__textout *w = NULL;
    lca_status st = open_file(db, dir, LCA__RELEASE_CSV, &w);
    if (st != LCA_OK) return st;
    header(w, db);
    for (int64_t i = 0; i < lca_fdb_nrecords(db) && st == LCA_OK; i++) {
        st = row(w, db, i);
    }
    if (st != LCA_OK) {
        lca__textout_destroy(&w);
        return st;
    }
    st = lca__textout_commit(&w);
    if (st == LCA_OK) st = open_file(db, dir, LCA__RELEASE_TRACE, &w);
    if (st != LCA_OK) return st;
    trace_header(w);
    for (int64_t i = 0; i < lca_fdb_nrecords(db); i++) trace_rows(w, db, i);
    return lca__textout_commit(&w);
}
