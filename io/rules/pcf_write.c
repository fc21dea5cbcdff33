// io/rules/pcf_write.c: the results of a footprint run as pcf.h5, and
// the file stems derived from category ids
// SPDX-License-Identifier: MIT
//
// Layout in docs/FORMAT.md ("pcf results"). Category ids are data from
// rule files: they name files only through lca_pcf_file_stem, and groups
// in the HDF5 file only by index (/category/K), never by id.

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "engine/ctx_impl.h"
#include "io/rules/pcf_write_impl.h"
#include "io/util/textout_impl.h"
#include "io/hdf5/h5out_impl.h"

static int stem_char(unsigned char c) {
    return isalnum(c) || c == '.' || c == '_' || c == '-';
}

// Is s (case ignored) a Windows device name: CON, PRN, AUX, NUL, COM1-9,
// LPT1-9, alone or before a '.'?
static int device(const char *s) {
    static const char *const dev[] = {"con", "prn", "aux", "nul"};
    size_t n = strcspn(s, ".");
    for (int i = 0; i < 4; i++) {
        if (n == 3 && strncasecmp(s, dev[i], 3) == 0) return 1;
    }
    return n == 4 && (strncasecmp(s, "com", 3) == 0 ||
                      strncasecmp(s, "lpt", 3) == 0) &&
           s[3] >= '1' && s[3] <= '9';
}

const char *lca_pcf_file_stem(const char *id, char buf[65]) {
    size_t k = 0;
    int gap = 0;
    for (const unsigned char *c = (const unsigned char *)id; *c && k < 64;
         c++) {
        if (!stem_char(*c)) {
            gap = 1;
            continue;
        }
        if (k == 0 && (*c == '.' || *c == '-' || *c == '_')) continue;
        if (gap && k > 0 && k < 63) buf[k++] = '_';
        gap = 0;
        buf[k++] = (char)*c;
    }
    buf[k] = '\0';
    if (k == 0) snprintf(buf, 65, "category");
    if (device(buf)) {
        memmove(buf + 1, buf, strlen(buf) + 1 > 64 ? 64 : strlen(buf) + 1);
        buf[0] = '_';
        buf[64] = '\0';
    }
    return buf;
}

lca_status lca__pcf_stems(lca_ctx *ctx, const lca_pcf *p, char **out) {
    int64_t n = lca_pcf_ncategories(p);
    char *s = lca__malloc(ctx, (size_t)n * LCA__PCF_STEM + 1, 1);
    *out = s;
    if (s == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    for (int64_t k = 0; k < n; k++) {
        char *stem = s + k * LCA__PCF_STEM;
        lca_pcf_file_stem(lca_rule_id(lca_pcf_rule(p, k)), stem);
        for (int64_t j = 0; j < k; j++) {
            if (strcasecmp(s + j * LCA__PCF_STEM, stem) == 0) {
                size_t len = strlen(stem);
                snprintf(stem + len, LCA__PCF_STEM - len, "-%lld",
                         (long long)k);
                break;
            }
        }
    }
    // A "-K" suffix can only collide with an id that ends in "-K" itself:
    // renumber until no two stems are equal.
    for (int64_t k = 0; k < n; k++) {
        char *stem = s + k * LCA__PCF_STEM;
        for (int64_t j = 0; j < k; j++) {
            if (strcasecmp(s + j * LCA__PCF_STEM, stem) != 0) continue;
            snprintf(stem, LCA__PCF_STEM, "category-%lld", (long long)k);
            j = -1;
        }
    }
    return LCA_OK;
}

void lca__pcf_stats(const double *x, int64_t n, double *v, double *out) {
    int64_t m = 0;
    double sum = 0.0, ss = 0.0;
    for (int64_t i = 0; i < n; i++) {
        if (!isnan(x[i])) v[m++] = x[i];
    }
    for (int64_t i = 0; i < m; i++) sum += v[i];
    double mean = m > 0 ? sum / (double)m : NAN;
    for (int64_t i = 0; i < m; i++) ss += (v[i] - mean) * (v[i] - mean);
    out[0] = mean;
    out[1] = m > 1 ? sqrt(ss / (double)(m - 1)) : NAN;
    lca_quantiles(v, m, LCA_MC_NQUANTILES, lca_mc_quantile_p, out + 2);
}

// One column of category values: get(r) for each category.
typedef double (*num_fn)(const lca_pcf_result *r);
static double f_footprint(const lca_pcf_result *r) { return r->footprint; }
static double f_per_kg(const lca_pcf_result *r) { return r->per_kg; }
static double f_mean(const lca_pcf_result *r) { return r->mean; }
static double f_sd(const lca_pcf_result *r) { return r->sd; }
static double f_cutoff(const lca_pcf_result *r) { return r->cutoff_share; }
static double f_limit(const lca_pcf_result *r) { return r->cutoff_limit; }
static double f_primary(const lca_pcf_result *r) { return r->primary_share; }
static double f_dqr(const lca_pcf_result *r) { return r->dqr; }
static double f_unscored(const lca_pcf_result *r) { return r->unscored; }

// /categories: one dataset per quantity, one entry per category.
static lca_status categories(lca__h5out *o, const lca_pcf *p, double *x,
                             const char **s, const char *stems) {
    static const struct {
        const char *name;
        num_fn get;
    } nums[] = {{"footprint", f_footprint}, {"per_kg", f_per_kg},
                {"mean", f_mean}, {"sd", f_sd}, {"cutoff_share", f_cutoff},
                {"cutoff_limit", f_limit}, {"primary_share", f_primary},
                {"dqr", f_dqr}, {"unscored", f_unscored}};
    int64_t n = lca_pcf_ncategories(p);
    lca_pcf_result r;
    lca_status st = LCA_OK;
    for (size_t i = 0; i < sizeof nums / sizeof nums[0] && st == LCA_OK; i++) {
        char name[64];
        for (int64_t k = 0; k < n; k++) {
            lca_pcf_result_get(p, k, &r);
            x[k] = nums[i].get(&r);
        }
        snprintf(name, sizeof name, "categories/%s", nums[i].name);
        st = lca__h5out_write_dense(o, name, n, 1, x);
    }
    const char *texts[] = {"id", "unit", "indicator", "indicator_unit",
                           "file", "name"};
    for (int t = 0; t < 6 && st == LCA_OK; t++) {
        for (int64_t k = 0; k < n; k++) {
            const lca_rule *rule = lca_pcf_rule(p, k);
            lca_pcf_result_get(p, k, &r);
            const char *v[] = {r.id, r.unit, r.indicator, r.indicator_unit,
                               stems + k * LCA__PCF_STEM,
                               lca_rule_name_in(rule, "en")};
            s[k] = v[t];
        }
        char name[64];
        snprintf(name, sizeof name, "categories/%s", texts[t]);
        st = lca__h5out_write_strings(o, name, n, s);
    }
    return st;
}

// /categories/{quantiles, dqr_scores, unlinked, conforms} and /samples.
static lca_status tables(lca__h5out *o, const lca_pcf *p, double *x,
                         int64_t *iv) {
    int64_t n = lca_pcf_ncategories(p), N = lca_pcf_iterations(p);
    lca_pcf_result r;
    for (int64_t k = 0; k < n; k++) {
        lca_pcf_result_get(p, k, &r);
        memcpy(x + k * LCA_MC_NQUANTILES, r.q, sizeof r.q);
    }
    lca_status st = lca__h5out_write_dense(o, "categories/quantiles", n,
                                          LCA_MC_NQUANTILES, x);
    for (int64_t k = 0; k < n; k++) {
        lca_pcf_result_get(p, k, &r);
        memcpy(x + k * 5, r.dqr_scores, sizeof r.dqr_scores);
    }
    if (st == LCA_OK) st = lca__h5out_write_dense(o, "categories/dqr_scores",
                                                 n, 5, x);
    for (int64_t w = 0; w < 3 && st == LCA_OK; w++) {
        const char *names[] = {"categories/unlinked", "categories/conforms",
                               "categories/violations"};
        for (int64_t k = 0; k < n; k++) {
            lca_pcf_result_get(p, k, &r);
            iv[k] = w == 0 ? r.unlinked : w == 1 ? r.conforms : r.nviolations;
        }
        st = lca__h5out_write_ints(o, names[w], n, iv);
    }
    for (int64_t k = 0; k < n && N > 0 && st == LCA_OK; k++) {
        lca_pcf_result_get(p, k, &r);
        memcpy(x + k * N, r.samples, (size_t)N * sizeof *x);
    }
    if (N > 0 && st == LCA_OK) st = lca__h5out_write_dense(o, "samples", n, N,
                                                          x);
    return st;
}

// /category/K: stages and split of category k, values and samples.
static lca_status category(lca__h5out *o, const lca_pcf *p, int64_t k) {
    lca_pcf_result r;
    lca_pcf_result_get(p, k, &r);
    char name[96];
    lca_status st = LCA_OK;
    const char *parts[] = {"stage", "split"};
    for (int t = 0; t < 2 && st == LCA_OK; t++) {
        int64_t c = t == 0 ? r.nstages : r.nsplit;
        const double *v = t == 0 ? r.stages : r.split;
        const double *smp = t == 0 ? r.stage_samples : r.split_samples;
        if (c == 0) continue;
        snprintf(name, sizeof name, "category/%lld/%s_names", (long long)k,
                 parts[t]);
        st = lca__h5out_write_strings(o, name, c,
                                     t == 0 ? r.stage_names : r.split_ids);
        snprintf(name, sizeof name, "category/%lld/%ss", (long long)k,
                 parts[t]);
        if (st == LCA_OK) st = lca__h5out_write_dense(o, name, c, 1, v);
        snprintf(name, sizeof name, "category/%lld/%s_samples", (long long)k,
                 parts[t]);
        if (st == LCA_OK && r.nsamples > 0) {
            st = lca__h5out_write_dense(o, name, c, r.nsamples, smp);
        }
    }
    return st;
}

// /violations: one row per violation, with its category index.
static lca_status violations(lca__h5out *o, const lca_pcf *p, int64_t *iv,
                             const char **s, int64_t total) {
    int64_t n = lca_pcf_ncategories(p), row = 0;
    lca_pcf_result r;
    for (int64_t k = 0; k < n; k++) {
        lca_pcf_result_get(p, k, &r);
        for (int64_t v = 0; v < r.nviolations; v++) iv[row++] = k;
    }
    lca_status st = lca__h5out_write_ints(o, "violations/category", total, iv);
    const char *names[] = {"violations/check", "violations/item",
                           "violations/detail"};
    for (int f = 0; f < 3 && st == LCA_OK; f++) {
        row = 0;
        for (int64_t k = 0; k < n; k++) {
            lca_pcf_result_get(p, k, &r);
            for (int64_t v = 0; v < r.nviolations; v++) {
                const lca_pcf_violation *x = &r.violations[v];
                s[row++] = f == 0 ? x->check : f == 1 ? x->item : x->detail;
            }
        }
        st = lca__h5out_write_strings(o, names[f], total, s);
    }
    return st;
}

static lca_status attributes(lca__h5out *o, const lca_pcf *p,
                             const char *model) {
    const lca_pcf_options *opt = lca_pcf_options_get(p);
    lca_status st = lca__h5out_set_attr(o, "/", "format", "leontief-pcf");
    if (st == LCA_OK) {
        st = lca__h5out_set_attr_int(o, "/", "schema_version", 1);
    }
    if (st == LCA_OK) st = lca__h5out_set_attr(o, "/", "rule_format",
                                              LCA_RULE_FORMAT);
    if (st == LCA_OK) st = lca__h5out_set_attr_int(o, "/", "rule_version",
                                                  LCA_RULE_VERSION);
    if (st == LCA_OK) st = lca__h5out_set_attr(o, "/", "model", model);
    if (st == LCA_OK) st = lca__h5out_set_attr_int(o, "/", "iterations",
                                                  lca_pcf_iterations(p));
    if (st == LCA_OK) st = lca__h5out_set_attr_int(o, "/", "failed",
                                                  lca_pcf_nfailed(p));
    if (st == LCA_OK) st = lca__h5out_set_attr_int(o, "/", "seed",
                                                  (int64_t)opt->mc.seed);
    if (st == LCA_OK) st = lca__h5out_set_attr_int(o, "/", "block_size",
                                                  opt->mc.block_size);
    if (st == LCA_OK) st = lca__h5out_set_attr(o, "/", "leontief",
                                              lca_version());
    if (st == LCA_OK) st = lca__h5out_set_attr(o, "/", "git_commit",
                                              lca_git_commit());
    return st;
}

// pcf.h5 with scratch x (n x max(N, 7)), s (strings), iv (ints).
static lca_status write_h5(const lca_pcf *p, const char *path,
                           const char *model, const char *stems, double *x,
                           const char **s, int64_t *iv, int64_t nviol) {
    lca__h5out *o = NULL;
    lca_status st = lca__h5out_create(lca_model_ctx(lca_pcf_model(p)), path,
                                     &o);
    if (st == LCA_OK) st = attributes(o, p, model);
    if (st == LCA_OK) st = categories(o, p, x, s, stems);
    if (st == LCA_OK) st = tables(o, p, x, iv);
    for (int64_t k = 0; k < lca_pcf_ncategories(p) && st == LCA_OK; k++) {
        st = category(o, p, k);
    }
    if (st == LCA_OK) st = violations(o, p, iv, s, nviol);
    if (st == LCA_OK) return lca__h5out_commit(&o);
    lca__h5out_destroy(&o);
    return st;
}

lca_status lca_pcf_write(const lca_pcf *p, const char *dir,
                         const char *model) {
    lca_ctx *ctx = lca_model_ctx(lca_pcf_model(p));
    int64_t n = lca_pcf_ncategories(p), N = lca_pcf_iterations(p), nviol = 0;
    lca_pcf_result r;
    for (int64_t k = 0; k < n; k++) {
        lca_pcf_result_get(p, k, &r);
        nviol += r.nviolations;
    }
    int64_t wide = N > LCA_MC_NQUANTILES ? N : LCA_MC_NQUANTILES;
    int64_t rows = n > nviol ? n : nviol;
    char *stems = NULL, *path = NULL;
    double *x = lca__malloc(ctx, (size_t)(n * wide) + 1, sizeof *x);
    const char **s = lca__malloc(ctx, (size_t)rows + 1, sizeof *s);
    int64_t *iv = lca__malloc(ctx, (size_t)rows + 1, sizeof *iv);
    lca_status st = lca__pcf_stems(ctx, p, &stems);
    if (st == LCA_OK && (x == NULL || s == NULL || iv == NULL)) {
        st = lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    }
    if (st == LCA_OK) st = lca__make_dir(ctx, dir);
    if (st == LCA_OK) {
        path = lca__path_join(ctx, dir, "pcf.h5");
        if (path == NULL) st = lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    }
    if (st == LCA_OK) st = write_h5(p, path, model, stems, x, s, iv, nviol);
    if (st == LCA_OK) st = lca__pcf_write_csv(p, dir, stems);
    lca__free(ctx, stems);
    lca__free(ctx, path);
    lca__free(ctx, x);
    lca__free(ctx, s);
    lca__free(ctx, iv);
    return st;
}
