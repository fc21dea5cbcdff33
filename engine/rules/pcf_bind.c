// engine/rules/pcf_bind.c: rules bound to a model, and their demand
// columns in declared units (the maths are at the top of lca/pcf.h)
// SPDX-License-Identifier: MIT
//
// Binding resolves every product a rule names, once, with messages that
// name the rule file and the field; the columns are then plain triplets:
// per category its total demand and one column per stage, built from
// the technosphere columns of its products, so that the stage columns
// sum to the total column exactly.

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csc_impl.h"
#include "ctx_impl.h"
#include "lca/method.h"
#include "pcf_impl.h"
#include "rule_impl.h"

static lca_status bad(const lca_pcf *p, const lca_rule_spec *s,
                      const char *ptr, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static lca_status bad(const lca_pcf *p, const lca_rule_spec *s,
                      const char *ptr, const char *fmt, ...) {
    char where[512], msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return lca__fail(p->ctx, LCA_ERR_INVALID, "%s: %s: %s",
                     lca__rule_where(s, where, sizeof where), ptr, msg);
}

// The model product key names, checked against the rule's model unit.
static lca_status product(const lca_pcf *p, const lca_rule_spec *s,
                          const char *key, const char *ptr, int check_unit,
                          int64_t *j) {
    lca_status st = lca_model_lookup(p->M, LCA_PRODUCTS, key, j);
    if (st == LCA_ERR_INVALID) {  // a name several products share
        return bad(p, s, ptr, "'%s' is ambiguous (%s)", key,
                   lca_ctx_errmsg(p->ctx));
    }
    if (st != LCA_OK) {
        return bad(p, s, ptr, "no product '%s' in the model (%s)", key,
                   lca_ctx_errmsg(p->ctx));
    }
    const char *u = lca_model_label(p->M, LCA_PRODUCTS, LCA_LABEL_UNIT, *j);
    if (check_unit && s->model_unit[0] != '\0' &&
        strcmp(u, s->model_unit) != 0) {
        return bad(p, s, "/declared_unit/model_unit", "product '%s' is in "
                   "'%s', the rule's model unit is '%s'", key, u,
                   s->model_unit);
    }
    return LCA_OK;
}

// The index of stage name in c's list, added when new.
static int64_t stage_index(lca__pcf_cat *c, const char *name) {
    for (int64_t i = 0; i < c->nstages; i++) {
        if (strcmp(c->stage_names[i], name) == 0) return i;
    }
    c->stage_names[c->nstages] = name;
    return c->nstages++;
}

static int by_product(const void *a, const void *b) {
    int64_t x = ((const lca__pcf_map *)a)->product;
    int64_t y = ((const lca__pcf_map *)b)->product;
    return (x > y) - (x < y);
}

int64_t lca__pcf_stage_of(const lca__pcf_cat *c, int64_t i) {
    lca__pcf_map key = {i, 0};
    const lca__pcf_map *m = c->nmap > 0 ? bsearch(&key, c->map,
                                                   (size_t)c->nmap,
                                                   sizeof *c->map, by_product)
                                        : NULL;
    return m != NULL ? m->stage : c->dflt;
}

static lca_status bind_stages(lca_pcf *p, const lca_rule_spec *s,
                              lca__pcf_cat *c) {
    c->stage_names = lca__malloc(p->ctx, (size_t)(2 + s->nstages + s->nadd),
                                 sizeof *c->stage_names);
    c->map = lca__malloc(p->ctx, (size_t)s->nstages + 1, sizeof *c->map);
    c->add = lca__malloc(p->ctx, (size_t)s->nadd + 1, sizeof *c->add);
    c->add_amount = lca__malloc(p->ctx, (size_t)s->nadd + 1,
                                sizeof *c->add_amount);
    c->add_stage = lca__malloc(p->ctx, (size_t)s->nadd + 1,
                               sizeof *c->add_stage);
    if (!c->stage_names || !c->map || !c->add || !c->add_amount ||
        !c->add_stage) {
        return lca__fail(p->ctx, LCA_ERR_NOMEM, "out of memory");
    }
    c->direct = stage_index(c, s->direct_stage);
    c->dflt = stage_index(c, s->default_stage);
    lca_status st = LCA_OK;
    for (int64_t i = 0; i < s->nstages && st == LCA_OK; i++) {
        char ptr[600], tok[512];
        int64_t j = -1;
        snprintf(ptr, sizeof ptr, "/stages/map/%s",
                 lca__rule_token(s->stages[i].product, tok, sizeof tok));
        st = product(p, s, s->stages[i].product, ptr, 0, &j);
        if (st != LCA_OK) break;
        c->map[c->nmap++] = (lca__pcf_map){j, stage_index(c,
                                                         s->stages[i].stage)};
    }
    if (c->nmap > 1) qsort(c->map, (size_t)c->nmap, sizeof *c->map, by_product);
    for (int64_t i = 0; i < s->nadd && st == LCA_OK; i++) {
        char ptr[64];
        snprintf(ptr, sizeof ptr, "/boundary/add/%lld/product", (long long)i);
        st = product(p, s, s->add[i].product, ptr, 0, &c->add[i]);
        c->add_amount[i] = s->add[i].amount;
        c->add_stage[i] = stage_index(c, s->add[i].stage);
        c->nadd++;
    }
    return st;
}

// The rule's indicator and the components the method splits it into.
static lca_status bind_indicator(lca_pcf *p, const lca_rule_spec *s,
                                 lca__pcf_cat *c) {
    const lca_model *M = p->M;
    int64_t k = lca_model_dim(M, LCA_INDICATORS);
    if (lca_model_lookup(M, LCA_INDICATORS, s->gwp_indicator, &c->ind)) {
        return bad(p, s, "/gwp/indicator", "the model has no indicator '%s' "
                   "(characterize it with a method: import --method)",
                   s->gwp_indicator);
    }
    const char *tag = lca_model_label(M, LCA_INDICATORS, LCA_LABEL_SPLIT,
                                      c->ind);
    const char *colon = strchr(tag, ':');
    c->split_ind = lca__malloc(p->ctx, (size_t)k + 1, sizeof *c->split_ind);
    c->split_ids = lca__malloc(p->ctx, (size_t)k + 1, sizeof *c->split_ids);
    if (c->split_ind == NULL || c->split_ids == NULL) {
        return lca__fail(p->ctx, LCA_ERR_NOMEM, "out of memory");
    }
    size_t g = colon != NULL ? (size_t)(colon - tag) : 0;
    for (int64_t i = 0; i < k && colon != NULL; i++) {
        const char *t = lca_model_label(M, LCA_INDICATORS, LCA_LABEL_SPLIT, i);
        if (i == c->ind || strncmp(t, tag, g + 1) != 0 ||
            !lca_split_is_component(M, i)) {
            continue;
        }
        c->split_ids[c->nsplit] = lca_model_label(M, LCA_INDICATORS,
                                                  LCA_LABEL_ID, i);
        c->split_ind[c->nsplit++] = i;
    }
    return LCA_OK;
}

// A mandatory process the model lacks is a violation (conformance); one
// named ambiguously is an error in the rule.
static lca_status bind_mandatory(lca_pcf *p, const lca_rule_spec *s) {
    for (int64_t k = 0; k < s->nmandatory; k++) {
        int64_t j = -1;
        if (lca_model_lookup(p->M, LCA_PRODUCTS, s->mandatory[k], &j) ==
            LCA_ERR_INVALID) {
            char ptr[64];
            snprintf(ptr, sizeof ptr, "/primary_data/mandatory/%lld",
                     (long long)k);
            return bad(p, s, ptr, "'%s' is ambiguous (%s)", s->mandatory[k],
                       lca_ctx_errmsg(p->ctx));
        }
    }
    return LCA_OK;
}

lca_status lca__pcf_bind(lca_pcf *p, const lca_rule *r, lca__pcf_cat *c) {
    const lca_rule_spec *s = lca_rule_get(r);
    double q = lca_rule_model_units(r);
    c->rule = r;
    c->prod = lca__malloc(p->ctx, (size_t)s->nproducts, sizeof *c->prod);
    c->amount = lca__malloc(p->ctx, (size_t)s->nproducts, sizeof *c->amount);
    if (c->prod == NULL || c->amount == NULL) {
        return lca__fail(p->ctx, LCA_ERR_NOMEM, "out of memory");
    }
    lca_status st = LCA_OK;
    for (int64_t i = 0; i < s->nproducts && st == LCA_OK; i++) {
        char ptr[64];
        snprintf(ptr, sizeof ptr, "/products/%lld/product", (long long)i);
        st = product(p, s, s->products[i].product, ptr, 1, &c->prod[i]);
        c->amount[i] = q * s->products[i].share;
        c->nprod++;
    }
    if (st == LCA_OK) st = bind_stages(p, s, c);
    if (st == LCA_OK) st = bind_indicator(p, s, c);
    if (st == LCA_OK) st = bind_mandatory(p, s);
    return st;
}

// ---- columns ---------------------------------------------------------------

typedef struct triplets {
    int64_t n, cap;
    int64_t *i, *j;
    double *x;
} triplets;

static void put(triplets *t, int64_t i, int64_t j, double x) {
    t->i[t->n] = i;
    t->j[t->n] = j;
    t->x[t->n++] = x;
}

// The triplets of category c: its total column col and stage columns
// col+1+s. Gate-to-gate keeps only the direct term, in both.
static lca_status category_columns(const lca_pcf *p, const lca__pcf_cat *c,
                                   triplets *t) {
    const lca_csc *T = lca_model_tech(p->M);
    int g2g = lca_rule_get(c->rule)->boundary == LCA_GATE_TO_GATE;
    int64_t total = c->col, stage0 = c->col + 1;
    for (int64_t k = 0; k < c->nprod; k++) {
        int64_t j = c->prod[k], d = lca_csc_find(T, j, j);
        double a = c->amount[k], Tjj = d >= 0 ? T->Ax[d] : 0.0;
        if (Tjj == 0.0) {
            char ptr[64];
            snprintf(ptr, sizeof ptr, "/products/%lld/product", (long long)k);
            return bad(p, lca_rule_get(c->rule), ptr, "product '%s' has no "
                       "reference output (T(j,j) = 0)",
                       lca_model_label(p->M, LCA_PRODUCTS, LCA_LABEL_ID, j));
        }
        if (!g2g) put(t, j, total, a);
        for (int64_t q = T->Ap[j]; q < T->Ap[j + 1]; q++) {
            int64_t i = T->Ai[q];
            double x = a / Tjj * T->Ax[q];
            put(t, i, stage0 + c->direct, x);
            if (g2g) {
                put(t, i, total, x);
            } else if (i != j) {
                put(t, i, stage0 + lca__pcf_stage_of(c, i), -x);
            }
        }
    }
    for (int64_t k = 0; k < c->nadd && !g2g; k++) {
        put(t, c->add[k], total, c->add_amount[k]);
        put(t, c->add[k], stage0 + c->add_stage[k], c->add_amount[k]);
    }
    return LCA_OK;
}

lca_status lca__pcf_columns(lca_pcf *p) {
    const lca_csc *T = lca_model_tech(p->M);
    int64_t cols = 0, cap = 1;
    for (int64_t k = 0; k < p->ncat; k++) {
        lca__pcf_cat *c = &p->cat[k];
        c->col = cols;
        cols += 1 + c->nstages;
        for (int64_t i = 0; i < c->nprod; i++) {
            int64_t j = c->prod[i];
            cap += 1 + 3 * (T->Ap[j + 1] - T->Ap[j]);
        }
        cap += 2 * c->nadd;
    }
    triplets t = {0, cap, NULL, NULL, NULL};
    t.i = lca__malloc(p->ctx, (size_t)cap, sizeof *t.i);
    t.j = lca__malloc(p->ctx, (size_t)cap, sizeof *t.j);
    t.x = lca__malloc(p->ctx, (size_t)cap, sizeof *t.x);
    lca_status st = LCA_OK;
    if (t.i == NULL || t.j == NULL || t.x == NULL) {
        st = lca__fail(p->ctx, LCA_ERR_NOMEM, "out of memory");
    }
    for (int64_t k = 0; k < p->ncat && st == LCA_OK; k++) {
        st = category_columns(p, &p->cat[k], &t);
    }
    if (st == LCA_OK) {
        st = lca_csc_from_triplets(p->ctx, p->n, cols, t.n, t.i, t.j, t.x,
                                   &p->F);
    }
    lca__free(p->ctx, t.i);
    lca__free(p->ctx, t.j);
    lca__free(p->ctx, t.x);
    return st;
}

void lca__pcf_cat_free(lca_ctx *ctx, lca__pcf_cat *c) {
    lca__free(ctx, c->prod);
    lca__free(ctx, c->amount);
    lca__free(ctx, c->add);
    lca__free(ctx, c->add_amount);
    lca__free(ctx, c->add_stage);
    lca__free(ctx, c->stage_names);
    lca__free(ctx, c->map);
    lca__free(ctx, c->split_ind);
    lca__free(ctx, c->split_ids);
    lca__free(ctx, c->split);
    lca__free(ctx, c->stages);
    for (int64_t v = 0; v < c->nviol; v++) {
        lca__free(ctx, (void *)c->viol[v].item);
        lca__free(ctx, (void *)c->viol[v].detail);
    }
    lca__free(ctx, c->viol);
    lca__free(ctx, c->samples);
}
