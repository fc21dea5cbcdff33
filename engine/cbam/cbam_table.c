// engine/cbam/cbam_table.c: default values and mark-ups of each good, and
// the results as a table laid out like the communication template
// SPDX-License-Identifier: MIT
//
// A good's default line is the one whose CN code is the longest prefix of
// the good's (a heading such as 7207 covers 7207 11 14), then the one for
// its country of origin over the "other countries" line (country ""),
// then its route over the any-route line (route ""). Its mark-up is the
// line of its sector covering the year, else the all-sector line.

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <string.h>

#include "cbam_impl.h"
#include "ctx_impl.h"

// Score of default line d for a good (cn, country, route): 0 when it does
// not apply, else cn length x 100 + country (2 exact, 1 any) x 10 + route.
static int score(const lca_cbam_default *d, const char *cn,
                 const char *country, const char *route) {
    char dc[9];
    if (!lca__cbam_cn(d->cn_code, dc)) return 0;
    size_t n = strlen(dc);
    if (strncmp(dc, cn, n) != 0) return 0;
    int c = d->country[0] == '\0' ? 1
            : strcasecmp(d->country, country) == 0 ? 2 : 0;
    int r = d->route[0] == '\0' ? 1 : strcasecmp(d->route, route) == 0 ? 2 : 0;
    if (c == 0 || r == 0) return 0;
    return (int)n * 100 + c * 10 + r;
}

static int64_t find_default(const lca_cbam *cb, const lca_cbam_good *g) {
    char cn[9];
    lca__cbam_cn(g->cn_code, cn);
    const char *country = g->country[0] != '\0' ? g->country : cb->s.country;
    int64_t best = -1;
    int top = 0;
    for (int64_t i = 0; i < cb->t.ndefaults; i++) {
        int s = score(&cb->t.defaults[i], cn, country, g->route);
        if (s > top) {
            top = s;
            best = i;
        }
    }
    return best;
}

// The mark-up line for sector and year: its own, else the all-sector one.
static int64_t find_markup(const lca_cbam_tables *t, const char *sector,
                           int year) {
    int64_t any = -1;
    for (int64_t i = 0; i < t->nmarkups; i++) {
        const lca_cbam_markup *m = &t->markups[i];
        if (year < m->year_from || (m->year_to != 0 && year > m->year_to)) {
            continue;
        }
        if (strcmp(m->sector, sector) == 0) return i;
        if (strcmp(m->sector, "*") == 0) any = i;
    }
    return any;
}

lca_status lca__cbam_defaults(lca_cbam *cb) {
    for (int64_t g = 0; g < cb->s.ngoods; g++) {
        const lca_cbam_good *G = &cb->s.goods[g];
        lca__cbam_item *it = &cb->item[g];
        it->dflt = find_default(cb, G);
        it->markup = NAN;
        if (it->dflt < 0) continue;
        int64_t k = find_markup(&cb->t, G->sector, cb->year);
        if (k < 0) {
            return lca__fail(cb->ctx, LCA_ERR_INVALID, "%s: no mark-up for "
                             "sector '%.64s' in %d (good '%.128s')",
                             cb->t.markups_source[0] != '\0'
                                 ? cb->t.markups_source : "markups",
                             G->sector, cb->year, G->id);
        }
        it->markup = cb->t.markups[k].markup;
    }
    return LCA_OK;
}

// ---- the table ------------------------------------------------------------

// x with the fewest digits (15 to 17) that read back exactly.
static void shortest(double x, char buf[32]) {
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, 32, "%.*g", prec, x);
        if (strtod(buf, NULL) == x) break;
    }
}

// "id:mass;id:mass" of good g's precursors (t per t) into a new string.
static char *precursor_text(const lca_cbam *cb, const lca_cbam_result *r) {
    size_t len = 1;
    for (int64_t q = 0; q < r->nprecursors; q++) {
        len += strlen(cb->s.goods[r->precursor[q]].id) + 32;
    }
    char *s = lca__malloc(cb->ctx, len, 1);
    if (s == NULL) return NULL;
    size_t at = 0;
    s[0] = '\0';
    for (int64_t q = 0; q < r->nprecursors; q++) {
        char num[32];
        shortest(r->precursor_mass[q], num);
        int w = snprintf(s + at, len - at, "%s%s:%s", q > 0 ? ";" : "",
                         cb->s.goods[r->precursor[q]].id, num);
        if (w > 0) at += (size_t)w;
    }
    return s;
}

enum { T_SECTOR, T_PROCESS, T_ROUTE, T_ID, T_NAME, T_CN, T_COUNTRY,
       T_SOURCE, T_COUNTED, T_PREC, T_DCN, T_DCOUNTRY, T_DROUTE, T_DSTATUS,
       T_DSOURCE, T_NTEXT };
enum { N_DIR, N_IND, N_TOT, N_ADIR, N_AIND, N_PDIR, N_PIND, N_ELEC, N_EF,
       N_DDIR, N_DIND, N_DTOT, N_MARKUP, N_DIFF, N_NNUM };

static const char *const text_cols[T_NTEXT] = {
    "aggregated_goods_category", "production_process", "production_route",
    "good_id", "product_name", "cn_code", "country_of_origin", "data_source",
    "indirect_counted", "precursors", "default_cn_code", "default_country",
    "default_route", "default_status", "default_source"};
static const char *const num_cols[N_NNUM] = {
    "see_direct", "see_indirect", "see_total", "attributed_direct",
    "attributed_indirect", "precursors_direct", "precursors_indirect",
    "electricity", "electricity_factor", "default_direct",
    "default_indirect", "default_total", "markup", "see_minus_default"};
static const char *const num_units[N_NNUM] = {
    "t CO2e/t", "t CO2e/t", "t CO2e/t", "t CO2e/t", "t CO2e/t", "t CO2e/t",
    "t CO2e/t", "MWh/t", "t CO2e/MWh", "t CO2e/t", "t CO2e/t", "t CO2e/t",
    "1", "t CO2e/t"};

// Row g of the text and number columns (col-major: [c * N + g]).
static void fill_row(const lca_cbam *cb, int64_t g, const char **txt,
                     double *num, char *prec) {
    int64_t N = cb->s.ngoods;
    lca_cbam_result r;
    lca_cbam_result_get(cb, g, &r);
    const lca_cbam_good *G = r.good;
    const char *t[T_NTEXT] = {
        r.sector->name[0] != '\0' ? r.sector->name : r.sector->id,
        G->process, G->route, G->id, G->name, G->cn_code,
        G->country[0] != '\0' ? G->country : cb->s.country,
        lca_cbam_source_str(G->source),
        r.sector->indirect_counts ? "yes" : "no", prec,
        r.dflt != NULL ? r.dflt->cn_code : "",
        r.dflt != NULL ? r.dflt->country : "",
        r.dflt != NULL ? r.dflt->route : "",
        r.dflt != NULL ? r.dflt->status : "",
        r.dflt != NULL ? r.dflt->source : ""};
    double v[N_NNUM] = {
        r.see_direct, r.see_indirect, r.see_total, r.attr_direct,
        r.attr_indirect, r.prec_direct, r.prec_indirect, r.electricity,
        r.electricity_factor, r.default_direct, r.default_indirect,
        r.default_total, r.markup, r.difference};
    for (int c = 0; c < T_NTEXT; c++) txt[c * N + g] = t[c];
    for (int c = 0; c < N_NNUM; c++) num[c * N + g] = v[c];
}

static lca_status set_attrs(const lca_cbam *cb, lca_table *t) {
    char year[16];
    snprintf(year, sizeof year, "%d", cb->year);
    const char *kv[][2] = {
        {"installation", cb->s.installation}, {"city", cb->s.city},
        {"country", cb->s.country}, {"period_start", cb->s.period_start},
        {"period_end", cb->s.period_end}, {"year", year},
        {"goods_file", cb->s.source},
        {"sectors_file", cb->t.sectors_source},
        {"defaults_file", cb->t.defaults_source},
        {"markups_file", cb->t.markups_source}};
    lca_status st = LCA_OK;
    for (size_t i = 0; i < sizeof kv / sizeof kv[0] && st == LCA_OK; i++) {
        st = lca_table_set_attr(t, kv[i][0], kv[i][1]);
    }
    return st;
}

static lca_status add_columns(lca_table *t, int64_t N, const char **txt,
                              const double *num, const int64_t *years) {
    lca_status st = LCA_OK;
    for (int c = 0; c < T_NTEXT && st == LCA_OK; c++) {
        st = lca_table_add_text(t, text_cols[c], txt + c * N);
        if (st == LCA_OK && c == T_PREC) {
            st = lca_table_add_int(t, "year", years);
        }
    }
    for (int c = 0; c < N_NNUM && st == LCA_OK; c++) {
        st = lca_table_add_number(t, num_cols[c], num_units[c], num + c * N);
    }
    return st;
}

lca_status lca_cbam_table(const lca_cbam *cb, lca_table **out) {
    *out = NULL;
    if (cb->year == 0) {
        return lca__fail(cb->ctx, LCA_ERR_ARG, "the CBAM goods have not been "
                         "computed (lca_cbam_run)");
    }
    int64_t N = cb->s.ngoods;
    const char **txt = lca__calloc(cb->ctx, (size_t)N * T_NTEXT, sizeof *txt);
    double *num = lca__malloc(cb->ctx, (size_t)N * N_NNUM, sizeof *num);
    int64_t *years = lca__malloc(cb->ctx, (size_t)N, sizeof *years);
    char **prec = lca__calloc(cb->ctx, (size_t)N, sizeof *prec);
    lca_table *t = NULL;
    lca_status st = txt == NULL || num == NULL || years == NULL || prec == NULL
                        ? lca__fail(cb->ctx, LCA_ERR_NOMEM, "out of memory")
                        : LCA_OK;
    for (int64_t g = 0; g < N && st == LCA_OK; g++) {
        lca_cbam_result r;
        lca_cbam_result_get(cb, g, &r);
        prec[g] = precursor_text(cb, &r);
        if (prec[g] == NULL) {
            st = lca__fail(cb->ctx, LCA_ERR_NOMEM, "out of memory");
            break;
        }
        fill_row(cb, g, txt, num, prec[g]);
        years[g] = cb->year;
    }
    if (st == LCA_OK) st = lca_table_create(cb->ctx, "cbam", N, &t);
    if (st == LCA_OK) st = add_columns(t, N, txt, num, years);
    if (st == LCA_OK) st = set_attrs(cb, t);
    if (st == LCA_OK) {
        *out = t;
        t = NULL;
    }
    lca_table_destroy(&t);
    for (int64_t g = 0; prec != NULL && g < N; g++) lca__free(cb->ctx, prec[g]);
    lca__free(cb->ctx, prec);
    lca__free(cb->ctx, txt);
    lca__free(cb->ctx, num);
    lca__free(cb->ctx, years);
    return st;
}
