// engine/rules/rule.c: a product category rule: a checked, owned copy of
// its description
// SPDX-License-Identifier: MIT
//
// The copy is one block: a first pass over the description measures every
// string and array, a second copies them into the block. One allocation
// means one failure point and one free, and a rule is a few kilobytes.

#include <math.h>
#include <stdalign.h>
#include <stdio.h>
#include <string.h>

#include "ctx_impl.h"
#include "rule_impl.h"

// A bump allocator over one block; with base == NULL it only measures.
typedef struct arena {
    char *base;
    size_t used;
} arena;

static void *take(arena *a, size_t size) {
    size_t align = alignof(max_align_t);
    a->used = (a->used + align - 1) / align * align;
    void *p = a->base != NULL ? a->base + a->used : NULL;
    a->used += size;
    return p;
}

static const char *cp_str(arena *a, const char *s) {
    if (s == NULL) s = "";
    size_t n = strlen(s) + 1;
    char *p = take(a, n);
    if (p != NULL) memcpy(p, s, n);
    return p;
}

static void *cp_mem(arena *a, const void *src, int64_t count, size_t size) {
    if (count <= 0 || src == NULL) return NULL;
    void *p = take(a, (size_t)count * size);
    if (p != NULL) memcpy(p, src, (size_t)count * size);
    return p;
}

static const char *const *cp_strs(arena *a, const char *const *v,
                                  int64_t n) {
    const char **p = cp_mem(a, v, n, sizeof *v);
    for (int64_t i = 0; i < n; i++) {
        const char *c = cp_str(a, v[i]);
        if (p != NULL) p[i] = c;
    }
    return p;
}

// The strings of the allocation overrides (their arrays were copied).
static void cp_alloc(arena *a, lca_rule_alloc *o, const lca_rule_alloc *src,
                     int64_t n) {
    for (int64_t i = 0; i < n; i++) {
        lca_rule_alloc *d = o != NULL ? &o[i] : NULL;
        const lca_rule_alloc *s = &src[i];
        const char *process = cp_str(a, s->process);
        lca_alloc_price *pr = cp_mem(a, s->prices, s->nprices,
                                     sizeof *s->prices);
        lca_alloc_provider *pv = cp_mem(a, s->providers, s->nproviders,
                                        sizeof *s->providers);
        for (int64_t k = 0; k < s->nprices; k++) {
            const char *f = cp_str(a, s->prices[k].flow);
            if (pr != NULL) pr[k].flow = f;
        }
        for (int64_t k = 0; k < s->nproviders; k++) {
            const char *f = cp_str(a, s->providers[k].flow);
            const char *p = cp_str(a, s->providers[k].process);
            if (pv != NULL) {
                pv[k].flow = f;
                pv[k].process = p;
            }
        }
        if (d == NULL) continue;
        d->process = process;
        d->prices = pr;
        d->providers = pv;
        d->origin = NULL;
    }
}

// The named pairs of the names, products, adds and stages.
static void cp_pairs(arena *a, const lca_rule_spec *s, lca_rule_spec *d) {
    lca_rule_name *nm = cp_mem(a, s->names, s->nnames, sizeof *s->names);
    lca_rule_product *pr = cp_mem(a, s->products, s->nproducts,
                                  sizeof *s->products);
    lca_rule_add *ad = cp_mem(a, s->add, s->nadd, sizeof *s->add);
    lca_rule_stage *sg = cp_mem(a, s->stages, s->nstages, sizeof *s->stages);
    for (int64_t i = 0; i < s->nnames; i++) {
        const char *l = cp_str(a, s->names[i].lang);
        const char *t = cp_str(a, s->names[i].text);
        if (nm != NULL) nm[i] = (lca_rule_name){l, t};
    }
    for (int64_t i = 0; i < s->nproducts; i++) {
        const char *p = cp_str(a, s->products[i].product);
        if (pr != NULL) pr[i].product = p;
    }
    for (int64_t i = 0; i < s->nadd; i++) {
        const char *p = cp_str(a, s->add[i].product);
        const char *g = cp_str(a, s->add[i].stage);
        if (ad != NULL) {
            ad[i].product = p;
            ad[i].stage = g;
        }
    }
    for (int64_t i = 0; i < s->nstages; i++) {
        const char *p = cp_str(a, s->stages[i].product);
        const char *g = cp_str(a, s->stages[i].stage);
        if (sg != NULL) sg[i] = (lca_rule_stage){p, g};
    }
    d->names = nm;
    d->products = pr;
    d->add = ad;
    d->stages = sg;
}

// Copy s into d (a->base set) or measure it (a->base NULL).
static void copy_spec(arena *a, const lca_rule_spec *s, lca_rule_spec *d) {
    *d = *s;
    d->source = cp_str(a, s->source);
    d->id = cp_str(a, s->id);
    d->code_national = cp_str(a, s->code_national);
    d->code_cn = cp_str(a, s->code_cn);
    d->code_cpc = cp_str(a, s->code_cpc);
    d->follows = cp_strs(a, s->follows, s->nfollows);
    cp_pairs(a, s, d);
    d->unit = cp_str(a, s->unit);
    d->unit_text = cp_str(a, s->unit_text);
    d->model_unit = cp_str(a, s->model_unit);
    d->capacity_unit = cp_str(a, s->capacity_unit);
    d->direct_stage = cp_str(a, s->direct_stage);
    d->default_stage = cp_str(a, s->default_stage);
    lca_rule_alloc *al = cp_mem(a, s->alloc, s->nalloc, sizeof *s->alloc);
    cp_alloc(a, al, s->alloc, s->nalloc);
    d->alloc = al;
    d->mandatory = cp_strs(a, s->mandatory, s->nmandatory);
    d->gwp_indicator = cp_str(a, s->gwp_indicator);
    d->gwp_set = cp_str(a, s->gwp_set);
    d->grading = cp_str(a, s->grading);
    d->shortfalls = cp_strs(a, s->shortfalls, s->nshortfalls);
}

lca_status lca_rule_create(lca_ctx *ctx, const lca_rule_spec *spec,
                           lca_rule **r) {
    *r = NULL;
    lca_status st = lca__rule_check(ctx, spec);
    if (st != LCA_OK) return st;
    lca_rule *R = lca__calloc(ctx, 1, sizeof *R);
    arena a = {NULL, 0};
    lca_rule_spec scratch;
    copy_spec(&a, spec, &scratch);
    if (R != NULL) R->block = lca__malloc(ctx, a.used, 1);
    if (R == NULL || R->block == NULL) {
        lca__free(ctx, R);
        return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory for rule %s",
                         spec->id);
    }
    a = (arena){R->block, 0};
    copy_spec(&a, spec, &R->s);
    R->ctx = ctx;
    *r = R;
    return LCA_OK;
}

void lca_rule_destroy(lca_rule **r) {
    if (r == NULL || *r == NULL) return;
    lca__free((*r)->ctx, (*r)->block);
    lca__free((*r)->ctx, *r);
    *r = NULL;
}

const lca_rule_spec *lca_rule_get(const lca_rule *r) { return &r->s; }

const char *lca_rule_id(const lca_rule *r) { return r->s.id; }

lca_ctx *lca_rule_ctx(const lca_rule *r) { return r->ctx; }

double lca_rule_model_units(const lca_rule *r) {
    const lca_rule_spec *s = &r->s;
    if (s->capacity > 0.0) {
        return s->model_amount / (s->capacity * s->cycles_per_year *
                                  s->years);
    }
    return s->model_amount;
}

const char *lca_rule_name_in(const lca_rule *r, const char *lang) {
    for (int64_t i = 0; lang != NULL && i < r->s.nnames; i++) {
        if (strcmp(r->s.names[i].lang, lang) == 0) return r->s.names[i].text;
    }
    return r->s.nnames > 0 ? r->s.names[0].text : "";
}

const char *lca__rule_where(const lca_rule_spec *s, char *buf, size_t size) {
    if (s->source != NULL && s->source[0] != '\0') {
        snprintf(buf, size, "%s", s->source);
    } else {
        snprintf(buf, size, "rule %s", s->id != NULL ? s->id : "(no id)");
    }
    return buf;
}

const char *lca__rule_token(const char *key, char *buf, size_t size) {
    size_t k = 0;
    for (const char *c = key; *c != '\0' && k + 3 < size; c++) {
        if (*c == '~' || *c == '/') {
            buf[k++] = '~';
            buf[k++] = *c == '~' ? '0' : '1';
        } else {
            buf[k++] = *c;
        }
    }
    buf[k] = '\0';
    return buf;
}
