// engine/cbam/cbam.c: the CBAM calculation object: an owned copy of the
// goods and the reference tables, and the results per good
// SPDX-License-Identifier: MIT
//
// The copy is one block (engine/arena_impl.h): measured, then filled.

#include <math.h>
#include <string.h>

#include "arena_impl.h"
#include "cbam_impl.h"
#include "ctx_impl.h"

const char *lca_cbam_source_str(lca_cbam_source s) {
    switch (s) {
    case LCA_CBAM_MODEL: return "model";
    case LCA_CBAM_DECLARED: return "declared";
    }
    return "unknown";
}

const char *lca__cbam_where(const lca_cbam_spec *s) {
    return s->source != NULL && s->source[0] != '\0' ? s->source : "goods";
}

static void copy_good(lca__arena *a, const lca_cbam_good *s,
                      lca_cbam_good *d) {
    lca_cbam_good g = *s;
    g.id = lca__arena_str(a, s->id);
    g.name = lca__arena_str(a, s->name);
    g.cn_code = lca__arena_str(a, s->cn_code);
    g.sector = lca__arena_str(a, s->sector);
    g.route = lca__arena_str(a, s->route);
    g.country = lca__arena_str(a, s->country);
    g.process = lca__arena_str(a, s->process);
    g.product = lca__arena_str(a, s->product);
    lca_cbam_precursor *p = lca__arena_mem(a, s->precursors, s->nprecursors,
                                           sizeof *p);
    for (int64_t i = 0; i < s->nprecursors; i++) {
        const char *id = lca__arena_str(a, s->precursors[i].good);
        if (p != NULL) p[i].good = id;
    }
    g.precursors = p;
    if (d != NULL) *d = g;
}

static void copy_spec(lca__arena *a, const lca_cbam_spec *s,
                      lca_cbam_spec *d) {
    *d = *s;
    d->source = lca__arena_str(a, s->source);
    d->installation = lca__arena_str(a, s->installation);
    d->city = lca__arena_str(a, s->city);
    d->country = lca__arena_str(a, s->country);
    d->period_start = lca__arena_str(a, s->period_start);
    d->period_end = lca__arena_str(a, s->period_end);
    d->indicator = lca__arena_str(a, s->indicator);
    lca_cbam_electricity *e = lca__arena_mem(a, s->electricity,
                                             s->nelectricity, sizeof *e);
    for (int64_t i = 0; i < s->nelectricity; i++) {
        const char *p = lca__arena_str(a, s->electricity[i].product);
        if (e != NULL) e[i].product = p;
    }
    d->electricity = e;
    lca_cbam_good *g = lca__arena_mem(a, s->goods, s->ngoods, sizeof *g);
    for (int64_t i = 0; i < s->ngoods; i++) {
        copy_good(a, &s->goods[i], g != NULL ? &g[i] : NULL);
    }
    d->goods = g;
}

static void copy_tables(lca__arena *a, const lca_cbam_tables *s,
                        lca_cbam_tables *d) {
    *d = *s;
    d->sectors_source = lca__arena_str(a, s->sectors_source);
    d->defaults_source = lca__arena_str(a, s->defaults_source);
    d->markups_source = lca__arena_str(a, s->markups_source);
    lca_cbam_sector *sc = lca__arena_mem(a, s->sectors, s->nsectors,
                                         sizeof *sc);
    for (int64_t i = 0; i < s->nsectors; i++) {
        const char *id = lca__arena_str(a, s->sectors[i].id);
        const char *nm = lca__arena_str(a, s->sectors[i].name);
        if (sc != NULL) {
            sc[i].id = id;
            sc[i].name = nm;
        }
    }
    d->sectors = sc;
    lca_cbam_default *df = lca__arena_mem(a, s->defaults, s->ndefaults,
                                          sizeof *df);
    for (int64_t i = 0; i < s->ndefaults; i++) {
        const char *cn = lca__arena_str(a, s->defaults[i].cn_code);
        const char *co = lca__arena_str(a, s->defaults[i].country);
        const char *ro = lca__arena_str(a, s->defaults[i].route);
        const char *sa = lca__arena_str(a, s->defaults[i].status);
        const char *so = lca__arena_str(a, s->defaults[i].source);
        if (df != NULL) {
            df[i].cn_code = cn;
            df[i].country = co;
            df[i].route = ro;
            df[i].status = sa;
            df[i].source = so;
        }
    }
    d->defaults = df;
    lca_cbam_markup *mk = lca__arena_mem(a, s->markups, s->nmarkups,
                                         sizeof *mk);
    for (int64_t i = 0; i < s->nmarkups; i++) {
        const char *sec = lca__arena_str(a, s->markups[i].sector);
        if (mk != NULL) mk[i].sector = sec;
    }
    d->markups = mk;
}

lca_status lca_cbam_create(lca_ctx *ctx, const lca_cbam_spec *spec,
                           const lca_cbam_tables *tables, lca_cbam **cb) {
    *cb = NULL;
    lca_status st = lca__cbam_check(ctx, spec, tables);
    if (st != LCA_OK) return st;
    lca_cbam *C = lca__calloc(ctx, 1, sizeof *C);
    lca__arena a = {NULL, 0};
    lca_cbam_spec s;
    lca_cbam_tables t;
    copy_spec(&a, spec, &s);
    copy_tables(&a, tables, &t);
    if (C != NULL) {
        C->ctx = ctx;
        C->block = lca__malloc(ctx, a.used, 1);
        C->item = lca__calloc(ctx, (size_t)spec->ngoods + 1, sizeof *C->item);
    }
    if (C == NULL || C->block == NULL || C->item == NULL) {
        lca_cbam_destroy(&C);
        return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory for the goods "
                         "of %s", lca__cbam_where(spec));
    }
    a = (lca__arena){C->block, 0};
    copy_spec(&a, spec, &C->s);
    copy_tables(&a, tables, &C->t);
    *cb = C;
    return LCA_OK;
}

void lca__cbam_items_clear(lca_cbam *cb) {
    for (int64_t g = 0; g < cb->s.ngoods; g++) {
        lca__cbam_item *it = &cb->item[g];
        lca__free(cb->ctx, it->prec);
        lca__free(cb->ctx, it->prec_mass);
        it->prec = NULL;
        it->prec_mass = NULL;
        it->nprec = 0;
    }
    cb->year = 0;
}

void lca_cbam_destroy(lca_cbam **cb) {
    if (cb == NULL || *cb == NULL) return;
    lca_cbam *C = *cb;
    if (C->item != NULL) lca__cbam_items_clear(C);
    lca__free(C->ctx, C->item);
    lca__free(C->ctx, C->block);
    lca__free(C->ctx, C);
    *cb = NULL;
}

lca_ctx *lca_cbam_ctx(const lca_cbam *cb) { return cb->ctx; }

int64_t lca_cbam_ngoods(const lca_cbam *cb) { return cb->s.ngoods; }

const lca_cbam_spec *lca_cbam_spec_get(const lca_cbam *cb) { return &cb->s; }

const lca_cbam_tables *lca_cbam_tables_get(const lca_cbam *cb) {
    return &cb->t;
}

int lca_cbam_year(const lca_cbam *cb) { return cb->year; }

// Marked-up default: v (1 + markup), NaN when v is.
static double marked(double v, double markup) { return v * (1.0 + markup); }

void lca_cbam_result_get(const lca_cbam *cb, int64_t g, lca_cbam_result *r) {
    const lca__cbam_item *it = &cb->item[g];
    memset(r, 0, sizeof *r);
    r->good = &cb->s.goods[g];
    r->sector = &cb->t.sectors[it->sector];
    r->attr_direct = it->attr_dir;
    r->attr_indirect = it->attr_ind;
    r->prec_direct = it->prec_dir;
    r->prec_indirect = it->prec_ind;
    r->see_direct = it->attr_dir + it->prec_dir;
    r->see_indirect = it->attr_ind + it->prec_ind;
    r->see_total = r->see_direct +
                   (r->sector->indirect_counts ? r->see_indirect : 0.0);
    r->electricity = it->elec;
    r->electricity_factor = it->elec_factor;
    r->nprecursors = it->nprec;
    r->precursor = it->prec;
    r->precursor_mass = it->prec_mass;
    r->dflt = it->dflt >= 0 ? &cb->t.defaults[it->dflt] : NULL;
    r->markup = r->dflt != NULL ? it->markup : NAN;
    r->default_direct = r->dflt != NULL ? marked(r->dflt->direct, it->markup)
                                        : NAN;
    r->default_indirect = r->dflt != NULL
                              ? marked(r->dflt->indirect, it->markup)
                              : NAN;
    r->default_total = r->dflt != NULL ? marked(r->dflt->total, it->markup)
                                       : NAN;
    r->difference = r->see_total - r->default_total;
}
