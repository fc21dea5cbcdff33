// engine/cbam/cbam_check.c: the checks of CBAM goods and tables that need
// no model
// SPDX-License-Identifier: MIT
//
// Goods are named by id and by their JSON pointer in the goods file
// ("goods.json: good 'rebar' (/goods/2): no CN code"); table entries by
// their line in the CSV file they came from (one header line), or by
// their position when the table was not read from a file. The readers
// (io/cbam/) check types; values are checked here, so that goods made
// through the API get the same checks as goods read from files.

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cbam_impl.h"
#include "check_impl.h"
#include "ctx_impl.h"

#define MAX_ID 128

static int empty(const char *s) { return s == NULL || s[0] == '\0'; }

int lca__cbam_cn(const char *code, char buf[9]) {
    int n = 0;
    for (const char *p = code; p != NULL && *p != '\0'; p++) {
        if (*p == ' ') continue;
        if (*p < '0' || *p > '9' || n == 8) return 0;
        buf[n++] = *p;
    }
    buf[n] = '\0';
    return n == 4 || n == 6 || n == 8;
}

int64_t lca__cbam_sector(const lca_cbam_tables *t, const char *id) {
    for (int64_t i = 0; i < t->nsectors; i++) {
        if (strcmp(t->sectors[i].id, id) == 0) return i;
    }
    return -1;
}

// "SOURCE: good 'ID' (/goods/i): message".
static lca_status bad_good(lca_ctx *ctx, const lca_cbam_spec *s, int64_t i,
                           const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static lca_status bad_good(lca_ctx *ctx, const lca_cbam_spec *s, int64_t i,
                           const char *fmt, ...) {
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return lca__fail(ctx, LCA_ERR_INVALID, "%s: good '%.128s' (/goods/%lld): "
                     "%s", lca__cbam_where(s), s->goods[i].id, (long long)i,
                     msg);
}

// "FILE: line i+2: message", or "TABLE entry i+1: message".
static lca_status bad_row(lca_ctx *ctx, const char *source, const char *table,
                          int64_t i, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static lca_status bad_row(lca_ctx *ctx, const char *source, const char *table,
                          int64_t i, const char *fmt, ...) {
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (!empty(source)) {
        return lca__fail(ctx, LCA_ERR_INVALID, "%s: line %lld: %s", source,
                         (long long)i + 2, msg);
    }
    return lca__fail(ctx, LCA_ERR_INVALID, "%s entry %lld: %s", table,
                     (long long)i + 1, msg);
}

static int positive(double x) { return isfinite(x) && x > 0.0; }
static int nonneg(double x) { return isfinite(x) && x >= 0.0; }

// The declared data of good i: AL, direct, indirect or electricity.
static lca_status check_declared(lca_ctx *ctx, const lca_cbam_spec *s,
                                 int64_t i) {
    const lca_cbam_good *g = &s->goods[i];
    if (!positive(g->activity_level)) {
        return bad_good(ctx, s, i, "activity level %g is not a positive "
                        "number of tonnes", g->activity_level);
    }
    if (!nonneg(g->direct)) {
        return bad_good(ctx, s, i, "direct emissions %g are not a number "
                        ">= 0", g->direct);
    }
    if (isnan(g->indirect)) {
        if (!nonneg(g->electricity_mwh) || !nonneg(g->electricity_factor)) {
            return bad_good(ctx, s, i, "needs indirect emissions, or "
                            "electricity (MWh) and its emission factor");
        }
    } else if (!nonneg(g->indirect)) {
        return bad_good(ctx, s, i, "indirect emissions %g are not a number "
                        ">= 0", g->indirect);
    }
    for (int64_t k = 0; k < g->nprecursors; k++) {
        const lca_cbam_precursor *p = &g->precursors[k];
        int64_t j = 0;
        while (j < s->ngoods && strcmp(s->goods[j].id, p->good) != 0) j++;
        if (j == s->ngoods) {
            return bad_good(ctx, s, i, "precursor '%.128s' is not a good of "
                            "the file", p->good);
        }
        if (!nonneg(p->mass)) {
            return bad_good(ctx, s, i, "precursor '%.128s': mass %g is not a "
                            "number of tonnes >= 0", p->good, p->mass);
        }
        for (int64_t q = 0; q < k; q++) {
            if (strcmp(g->precursors[q].good, p->good) == 0) {
                return bad_good(ctx, s, i, "precursor '%.128s' listed twice",
                                p->good);
            }
        }
    }
    return LCA_OK;
}

static lca_status check_good(lca_ctx *ctx, const lca_cbam_spec *s,
                             const lca_cbam_tables *t, int64_t i) {
    const lca_cbam_good *g = &s->goods[i];
    char cn[9];
    if (empty(g->id) || strlen(g->id) > MAX_ID || lca__has_control(g->id)) {
        return lca__fail(ctx, LCA_ERR_INVALID, "%s: /goods/%lld: the id must "
                         "be 1..%d characters without control characters",
                         lca__cbam_where(s), (long long)i, MAX_ID);
    }
    for (int64_t k = 0; k < i; k++) {
        if (strcmp(s->goods[k].id, g->id) == 0) {
            return bad_good(ctx, s, i, "id used twice");
        }
    }
    if (empty(g->cn_code)) return bad_good(ctx, s, i, "no CN code");
    if (!lca__cbam_cn(g->cn_code, cn)) {
        return bad_good(ctx, s, i, "CN code '%.32s' is not 4, 6 or 8 digits",
                        g->cn_code);
    }
    if (lca__cbam_sector(t, g->sector) < 0) {
        return bad_good(ctx, s, i, "sector '%.64s' is not in the sector "
                        "table %s", g->sector, t->sectors_source);
    }
    if (g->source == LCA_CBAM_DECLARED) return check_declared(ctx, s, i);
    if (g->source != LCA_CBAM_MODEL) {
        return bad_good(ctx, s, i, "unknown source");
    }
    if (empty(g->product)) return bad_good(ctx, s, i, "no model product");
    if (!positive(g->tonnes_per_unit)) {
        return bad_good(ctx, s, i, "tonnes per model unit %g is not "
                        "positive", g->tonnes_per_unit);
    }
    if (g->nprecursors > 0) {
        return bad_good(ctx, s, i, "a model good takes its precursors from "
                        "the model, not from a list");
    }
    return LCA_OK;
}

static lca_status check_goods(lca_ctx *ctx, const lca_cbam_spec *s,
                              const lca_cbam_tables *t) {
    const char *where = lca__cbam_where(s);
    if (s->ngoods < 1) {
        return lca__fail(ctx, LCA_ERR_INVALID, "%s: /goods: no goods", where);
    }
    for (int64_t i = 0; i < s->ngoods; i++) {
        lca_status st = check_good(ctx, s, t, i);
        if (st != LCA_OK) return st;
    }
    for (int64_t i = 0; i < s->nelectricity; i++) {
        const lca_cbam_electricity *e = &s->electricity[i];
        if (empty(e->product) || !positive(e->mwh_per_unit) ||
            !(isnan(e->factor) || nonneg(e->factor))) {
            return lca__fail(ctx, LCA_ERR_INVALID, "%s: /electricity/%lld: "
                             "needs a product, MWh per unit > 0 and a "
                             "factor >= 0 if any", where, (long long)i);
        }
    }
    return LCA_OK;
}

static lca_status check_sectors(lca_ctx *ctx, const lca_cbam_tables *t) {
    for (int64_t i = 0; i < t->nsectors; i++) {
        const char *id = t->sectors[i].id;
        if (empty(id) || lca__has_control(id)) {
            return bad_row(ctx, t->sectors_source, "sectors", i, "no "
                           "sector id");
        }
        if (lca__cbam_sector(t, id) != i) {
            return bad_row(ctx, t->sectors_source, "sectors", i, "sector "
                           "'%.64s' listed twice", id);
        }
    }
    return LCA_OK;
}

static lca_status check_defaults(lca_ctx *ctx, const lca_cbam_tables *t) {
    for (int64_t i = 0; i < t->ndefaults; i++) {
        const lca_cbam_default *d = &t->defaults[i];
        char cn[9];
        if (!lca__cbam_cn(d->cn_code, cn)) {
            return bad_row(ctx, t->defaults_source, "defaults", i, "CN code "
                           "'%.32s' is not 4, 6 or 8 digits", d->cn_code);
        }
        if (!nonneg(d->direct) || !nonneg(d->total) ||
            !(isnan(d->indirect) || nonneg(d->indirect))) {
            return bad_row(ctx, t->defaults_source, "defaults", i, "values "
                           "must be numbers >= 0 (indirect may be empty)");
        }
        if (d->status == NULL || (strcmp(d->status, "official") != 0 &&
                                  strcmp(d->status, "illustrative") != 0)) {
            return bad_row(ctx, t->defaults_source, "defaults", i, "status "
                           "must be \"official\" or \"illustrative\"");
        }
        for (int64_t k = 0; k < i; k++) {
            const lca_cbam_default *o = &t->defaults[k];
            char ocn[9];
            lca__cbam_cn(o->cn_code, ocn);
            if (strcmp(ocn, cn) == 0 && strcasecmp(o->country, d->country) ==
                0 && strcasecmp(o->route, d->route) == 0) {
                return bad_row(ctx, t->defaults_source, "defaults", i, "same "
                               "CN code, country and route as entry %lld",
                               (long long)k + 1);
            }
        }
    }
    return LCA_OK;
}

// Mark-ups: known sectors, years in order, no two lines of one sector
// covering the same year.
static lca_status check_markups(lca_ctx *ctx, const lca_cbam_tables *t) {
    const char *src = t->markups_source;
    for (int64_t i = 0; i < t->nmarkups; i++) {
        const lca_cbam_markup *m = &t->markups[i];
        int hi = m->year_to == 0 ? 1 << 30 : m->year_to;
        if (strcmp(m->sector, "*") != 0 && lca__cbam_sector(t, m->sector) <
                                                0) {
            return bad_row(ctx, src, "markups", i, "sector '%.64s' is not in "
                           "the sector table (or * for every sector)",
                           m->sector);
        }
        if (m->year_from < 2026 || hi < m->year_from) {
            return bad_row(ctx, src, "markups", i, "years %d..%d are not a "
                           "range from 2026 on", m->year_from, m->year_to);
        }
        if (!isfinite(m->markup) || m->markup < 0.0 || m->markup > 10.0) {
            return bad_row(ctx, src, "markups", i, "mark-up %g is not a "
                           "fraction in 0..10", m->markup);
        }
        for (int64_t k = 0; k < i; k++) {
            const lca_cbam_markup *o = &t->markups[k];
            int ohi = o->year_to == 0 ? 1 << 30 : o->year_to;
            if (strcmp(o->sector, m->sector) == 0 && m->year_from <= ohi &&
                o->year_from <= hi) {
                return bad_row(ctx, src, "markups", i, "years overlap line "
                               "%lld", (long long)k + 2);
            }
        }
    }
    return LCA_OK;
}

lca_status lca__cbam_check(lca_ctx *ctx, const lca_cbam_spec *spec,
                           const lca_cbam_tables *tables) {
    lca_status st = check_sectors(ctx, tables);
    if (st == LCA_OK) st = check_defaults(ctx, tables);
    if (st == LCA_OK) st = check_markups(ctx, tables);
    if (st == LCA_OK) st = check_goods(ctx, spec, tables);
    int model = 0;
    for (int64_t i = 0; i < spec->ngoods; i++) {
        model |= spec->goods[i].source == LCA_CBAM_MODEL;
    }
    if (st == LCA_OK && model && !positive(spec->tonnes_per_indicator_unit)) {
        st = lca__fail(ctx, LCA_ERR_INVALID, "%s: "
                       "/tonnes_per_indicator_unit: %g is not positive",
                       lca__cbam_where(spec),
                       spec->tonnes_per_indicator_unit);
    }
    return st;
}
