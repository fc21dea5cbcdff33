// io/rules/pcf_csv.c: the CSV files of a footprint run: summary.csv,
// conformance.csv and one file per category
// SPDX-License-Identifier: MIT
//
// RFC 4180 through lca__textout (fields quoted when they have to be), so
// an id or a detail with commas, quotes or line breaks stays one field.

#include <stdio.h>
#include <string.h>

#include "engine/ctx_impl.h"
#include "io/rules/pcf_write_impl.h"
#include "io/util/textout_impl.h"

#define NQ LCA_MC_NQUANTILES

// "p2.5", "p5", ... for the quantile columns.
static void quantile_header(lca__textout *w) {
    for (int i = 0; i < NQ; i++) {
        char name[16];
        snprintf(name, sizeof name, "p%g", 100.0 * lca_mc_quantile_p[i]);
        lca__textout_field(w, name);
    }
}

static void numbers(lca__textout *w, const double *x, int count) {
    for (int i = 0; i < count; i++) lca__textout_number(w, x[i]);
}

static void summary_row(lca__textout *w, const lca_pcf *p, int64_t k,
                        const char *stem) {
    lca_pcf_result r;
    lca_pcf_result_get(p, k, &r);
    const char *text[] = {r.id, stem, lca_rule_name_in(lca_pcf_rule(p, k),
                                                       "en"),
                          r.unit, r.indicator, r.indicator_unit};
    for (int i = 0; i < 6; i++) lca__textout_field(w, text[i]);
    double a[] = {r.footprint, r.per_kg, r.mean, r.sd};
    numbers(w, a, 4);
    numbers(w, r.q, NQ);
    double b[] = {r.cutoff_share, (double)r.cutoff_items, r.cutoff_limit,
                  (double)r.unlinked, r.primary_share, r.dqr, r.unscored,
                  (double)r.conforms, (double)r.nviolations};
    numbers(w, b, 9);
    lca__textout_end(w);
}

static lca_status summary(const lca_pcf *p, const char *path,
                          const char *stems) {
    static const char *const head[] = {
        "id", "file", "name", "unit", "indicator", "indicator_unit",
        "footprint", "per_kg", "mean", "sd"};
    static const char *const tail[] = {
        "cutoff_share", "cutoff_items", "cutoff_limit", "unlinked",
        "primary_share", "dqr", "unscored", "conforms", "violations"};
    lca__textout *w = NULL;
    lca_status st = lca__textout_create(lca_model_ctx(lca_pcf_model(p)),
                                        path, &w);
    if (st != LCA_OK) return st;
    for (int i = 0; i < 10; i++) lca__textout_field(w, head[i]);
    quantile_header(w);
    for (int i = 0; i < 9; i++) lca__textout_field(w, tail[i]);
    lca__textout_end(w);
    for (int64_t k = 0; k < lca_pcf_ncategories(p); k++) {
        summary_row(w, p, k, stems + k * LCA__PCF_STEM);
    }
    return lca__textout_commit(&w);
}

static lca_status conformance(const lca_pcf *p, const char *path) {
    lca__textout *w = NULL;
    lca_status st = lca__textout_create(lca_model_ctx(lca_pcf_model(p)),
                                        path, &w);
    if (st != LCA_OK) return st;
    const char *head[] = {"id", "check", "item", "detail"};
    for (int i = 0; i < 4; i++) lca__textout_field(w, head[i]);
    lca__textout_end(w);
    for (int64_t k = 0; k < lca_pcf_ncategories(p); k++) {
        lca_pcf_result r;
        lca_pcf_result_get(p, k, &r);
        for (int64_t v = 0; v < r.nviolations; v++) {
            lca__textout_field(w, r.id);
            lca__textout_field(w, r.violations[v].check);
            lca__textout_field(w, r.violations[v].item);
            lca__textout_field(w, r.violations[v].detail);
            lca__textout_end(w);
        }
    }
    return lca__textout_commit(&w);
}

// One row: kind, name, the deterministic value and the statistics of
// its samples (x[0..N-1]; empty statistics without samples).
static void row(lca__textout *w, const char *kind, const char *name,
                double value, const double *x, int64_t N, double *scratch) {
    double s[2 + NQ];
    lca__pcf_stats(x, N, scratch, s);
    lca__textout_field(w, kind);
    lca__textout_field(w, name);
    lca__textout_number(w, value);
    numbers(w, s, 2 + NQ);
    lca__textout_end(w);
}

// categories/STEM.csv: footprint, split components and stages.
static lca_status one(const lca_pcf *p, int64_t k, const char *path,
                      double *scratch) {
    lca_pcf_result r;
    lca__textout *w = NULL;
    lca_pcf_result_get(p, k, &r);
    lca_status st = lca__textout_create(lca_model_ctx(lca_pcf_model(p)),
                                        path, &w);
    if (st != LCA_OK) return st;
    const char *head[] = {"kind", "name", "value", "mean", "sd"};
    for (int i = 0; i < 5; i++) lca__textout_field(w, head[i]);
    quantile_header(w);
    lca__textout_end(w);
    int64_t N = r.nsamples;
    row(w, "footprint", r.indicator, r.footprint, r.samples, N, scratch);
    for (int64_t i = 0; i < r.nsplit; i++) {
        row(w, "split", r.split_ids[i], r.split[i],
            N > 0 ? r.split_samples + i * N : NULL, N, scratch);
    }
    for (int64_t i = 0; i < r.nstages; i++) {
        row(w, "stage", r.stage_names[i], r.stages[i],
            N > 0 ? r.stage_samples + i * N : NULL, N, scratch);
    }
    return lca__textout_commit(&w);
}

lca_status lca__pcf_write_csv(const lca_pcf *p, const char *dir,
                              const char *stems) {
    lca_ctx *ctx = lca_model_ctx(lca_pcf_model(p));
    char *sub = lca__path_join(ctx, dir, "categories");
    char *sum = lca__path_join(ctx, dir, "summary.csv");
    char *con = lca__path_join(ctx, dir, "conformance.csv");
    double *scratch = lca__malloc(ctx, (size_t)lca_pcf_iterations(p) + 1,
                                  sizeof *scratch);
    lca_status st = LCA_OK;
    if (!sub || !sum || !con || !scratch) {
        st = lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    }
    if (st == LCA_OK) st = summary(p, sum, stems);
    if (st == LCA_OK) st = conformance(p, con);
    if (st == LCA_OK) st = lca__make_dir(ctx, sub);
    for (int64_t k = 0; k < lca_pcf_ncategories(p) && st == LCA_OK; k++) {
        char name[LCA__PCF_STEM + 8];
        snprintf(name, sizeof name, "%s.csv", stems + k * LCA__PCF_STEM);
        char *path = lca__path_join(ctx, sub, name);
        if (path == NULL) st = lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
        if (st == LCA_OK) st = one(p, k, path, scratch);
        lca__free(ctx, path);
    }
    lca__free(ctx, sub);
    lca__free(ctx, sum);
    lca__free(ctx, con);
    lca__free(ctx, scratch);
    return st;
}
