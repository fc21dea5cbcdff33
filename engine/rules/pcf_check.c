// engine/rules/pcf_check.c: the conformance report of a category: every
// requirement of its rule that the model and the result do not meet
// SPDX-License-Identifier: MIT
//
// Checks (docs/RULES.md, "Conformance"): the GWP set, the boundary, the
// cut-off (the share a study applying the rule's criterion would leave
// out, against the limit), inputs the data cut off at import, mandatory
// primary-data processes (in the model, in the supply chain, primary),
// the primary-data share, the data-quality rating and the allocation of
// every process with co-products in the supply chain. Each violation is
// one sentence naming what fails; nothing is summarized away.

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "csc_impl.h"
#include "ctx_impl.h"
#include "pcf_impl.h"

lca_status lca__pcf_violation(lca_ctx *ctx, lca__pcf_cat *c,
                              const char *check, const char *item,
                              const char *fmt, ...) {
    char detail[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    if (c->nviol == c->viol_cap) {
        int64_t cap = c->viol_cap < 8 ? 8 : 2 * c->viol_cap;
        lca_pcf_violation *g = lca__realloc(ctx, c->viol, (size_t)c->viol_cap,
                                            (size_t)cap, sizeof *g);
        if (g == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
        c->viol = g;
        c->viol_cap = cap;
    }
    lca_pcf_violation *v = &c->viol[c->nviol];
    v->check = check;
    v->item = lca__strdup(ctx, item);
    v->detail = lca__strdup(ctx, detail);
    if (v->item == NULL || v->detail == NULL) {
        lca__free(ctx, (void *)v->item);
        lca__free(ctx, (void *)v->detail);
        return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    }
    c->nviol++;
    return LCA_OK;
}

// Does s contain t, ignoring ASCII case?
static int contains(const char *s, const char *t) {
    size_t n = strlen(t);
    for (; *s != '\0'; s++) {
        size_t i = 0;
        while (i < n && s[i] != '\0' &&
               tolower((unsigned char)s[i]) == tolower((unsigned char)t[i])) {
            i++;
        }
        if (i == n) return 1;
    }
    return n == 0;
}

static const char *product_name(const lca_pcf *p, int64_t j) {
    return lca_model_label(p->M, LCA_PRODUCTS, LCA_LABEL_NAME, j);
}

static lca_status check_rule(lca_pcf *p, lca__pcf_cat *c) {
    const lca_rule_spec *s = lca_rule_get(c->rule);
    const char *name = lca_model_label(p->M, LCA_INDICATORS, LCA_LABEL_NAME,
                                       c->ind);
    const char *method = lca_model_attr(p->M, "method");
    lca_status st = LCA_OK;
    if (s->gwp_set[0] != '\0' && !contains(name, s->gwp_set) &&
        (method == NULL || !contains(method, s->gwp_set))) {
        st = lca__pcf_violation(p->ctx, c, "gwp-set", s->gwp_indicator,
                                "the rule asks for %s GWP values; indicator "
                                "%s is '%s'%s%s", s->gwp_set,
                                s->gwp_indicator, name,
                                method ? ", the model's method " : "",
                                method ? method : "");
    }
    if (st == LCA_OK && s->boundary == LCA_CRADLE_TO_GRAVE && s->nadd == 0) {
        st = lca__pcf_violation(p->ctx, c, "boundary", "", "cradle-to-grave, "
                                "but the rule adds no use or end-of-life "
                                "process");
    }
    if (st == LCA_OK && !(c->cutoff_share <= s->cutoff_limit)) {
        st = lca__pcf_violation(
            p->ctx, c, "cut-off", "", "the %lld inputs each under %g %% of "
            "the footprint add up to %.3g %% of it, over the rule's limit of "
            "%g %%", (long long)c->cutoff_items, 100.0 * s->cutoff_item,
            100.0 * c->cutoff_share, 100.0 * s->cutoff_limit);
    }
    if (st == LCA_OK && !isnan(s->max_dqr) && !(c->dqr <= s->max_dqr)) {
        st = lca__pcf_violation(
            p->ctx, c, "data-quality", "", isnan(c->dqr)
                ? "no data-quality rating (no pedigree scores on the "
                  "characterized exchanges); the rule asks for %g or better"
                : "data-quality rating %.2f is worse than the rule's %g "
                  "(%.0f %% of the weight has no pedigree scores, counted "
                  "as the worst)", isnan(c->dqr) ? s->max_dqr : c->dqr,
            s->max_dqr, 100.0 * c->unscored);
    }
    return st;
}

// Inputs of product j that the import cut off ("unlinked input" report
// lines naming process j), as one violation.
static lca_status check_unlinked(lca_pcf *p, lca__pcf_cat *c, int64_t j) {
    const lca_model *M = p->M;
    const char *id = lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_ID, j);
    char head[600], some[400] = "";
    int64_t count = 0;
    size_t used = 0;
    snprintf(head, sizeof head, "process %s (", id);
    size_t hl = strlen(head);
    for (int64_t r = 0; r < lca_model_nreports(M); r++) {
        if (strcmp(lca_model_report(M, r, LCA_REPORT_KIND),
                   "unlinked input") != 0 ||
            strncmp(lca_model_report(M, r, LCA_REPORT_DETAIL), head, hl)) {
            continue;
        }
        if (count++ < 3) {
            used += (size_t)snprintf(some + used, sizeof some - used, "%s%s",
                                     count > 1 ? "; " : "",
                                     lca_model_report(M, r, LCA_REPORT_NAME));
            if (used >= sizeof some) used = sizeof some - 1;
        }
    }
    c->unlinked += count;
    if (count == 0) return LCA_OK;
    return lca__pcf_violation(p->ctx, c, "unlinked-input", id, "%lld inputs "
                              "of '%s' have no provider in the data and were "
                              "cut off at import (%s%s): their footprint is "
                              "not in the result", (long long)count,
                              product_name(p, j), some,
                              count > 3 ? "; ..." : "");
}

// Is product j in the supply chain of c's base demand? Its own products
// and added processes are; others by a search through T's inputs, once
// per category.
static int in_chain(const lca_pcf *p, const lca__pcf_cat *c,
                    lca__pcf_chain *ch, int64_t j) {
    for (int64_t k = 0; k < c->nprod; k++) if (c->prod[k] == j) return 1;
    for (int64_t k = 0; k < c->nadd; k++) if (c->add[k] == j) return 1;
    if (ch->done != c) {
        const lca_csc *T = lca_model_tech(p->M);
        int64_t top = 0;
        memset(ch->mark, 0, (size_t)p->n);
        for (int64_t k = 0; k < c->nprod + c->nadd; k++) {
            int64_t r = k < c->nprod ? c->prod[k] : c->add[k - c->nprod];
            if (!ch->mark[r]) ch->stack[top++] = r;
            ch->mark[r] = 1;
        }
        while (top > 0) {
            int64_t q0 = ch->stack[--top];
            for (int64_t q = T->Ap[q0]; q < T->Ap[q0 + 1]; q++) {
                int64_t i = T->Ai[q];
                if (T->Ax[q] == 0.0 || ch->mark[i]) continue;
                ch->mark[i] = 1;
                ch->stack[top++] = i;
            }
        }
        ch->done = c;
    }
    return ch->mark[j];
}

static lca_status check_primary(lca_pcf *p, lca__pcf_cat *c,
                                lca__pcf_chain *ch) {
    const lca_rule_spec *r = lca_rule_get(c->rule);
    lca_status st = LCA_OK;
    for (int64_t k = 0; k < r->nmandatory && st == LCA_OK; k++) {
        const char *key = r->mandatory[k];
        int64_t j = -1;
        if (lca_model_lookup(p->M, LCA_PRODUCTS, key, &j) != LCA_OK) {
            st = lca__pcf_violation(p->ctx, c, "mandatory-process", key,
                                    "primary data are mandatory for '%s', "
                                    "which is not in the model", key);
        } else if (!in_chain(p, c, ch, j)) {
            st = lca__pcf_violation(p->ctx, c, "mandatory-process", key,
                                    "primary data are mandatory for '%s', "
                                    "which is not in the category's supply "
                                    "chain", product_name(p, j));
        } else if (!p->primary[j]) {
            st = lca__pcf_violation(p->ctx, c, "mandatory-process", key,
                                    "primary data are mandatory for '%s', "
                                    "whose data in the model are secondary",
                                    product_name(p, j));
        }
    }
    if (st == LCA_OK && !(c->primary_share >= r->min_primary_share) &&
        r->min_primary_share > 0.0) {
        st = lca__pcf_violation(p->ctx, c, "primary-share", "", "primary "
                                "data make %.3g %% of the footprint; the rule "
                                "asks for at least %g %%",
                                100.0 * c->primary_share,
                                100.0 * r->min_primary_share);
    }
    return st;
}

// The method rule r asks of process id (LCA_NALLOC: no requirement).
static lca_alloc_method required(const lca_rule_spec *r, const char *id) {
    for (int64_t k = 0; k < r->nalloc; k++) {
        if (strcmp(r->alloc[k].process, id) == 0) return r->alloc[k].method;
    }
    return r->alloc_default != LCA_ALLOC_NONE ? r->alloc_default
                                              : (lca_alloc_method)LCA_NALLOC;
}

// Is any column of process id (its own, "id/FLOW" co-products) in c's
// supply chain?
static int supplied(const lca_pcf *p, const lca__pcf_cat *c,
                    lca__pcf_chain *ch, const char *id) {
    size_t n = strlen(id);
    int64_t j = -1;
    if (lca_model_lookup(p->M, LCA_PRODUCTS, id, &j) == LCA_OK &&
        in_chain(p, c, ch, j)) {
        return 1;
    }
    for (j = 0; j < p->n; j++) {
        const char *x = lca_model_label(p->M, LCA_PRODUCTS, LCA_LABEL_ID, j);
        if (strncmp(x, id, n) == 0 && x[n] == '/' && in_chain(p, c, ch, j)) {
            return 1;
        }
    }
    return 0;
}

static lca_status check_alloc(lca_pcf *p, lca__pcf_cat *c,
                              lca__pcf_chain *ch) {
    const lca_rule_spec *r = lca_rule_get(c->rule);
    const lca_model *M = p->M;
    if (lca_model_attr(M, "allocation") == NULL) {
        if (r->alloc_default == LCA_ALLOC_NONE && r->nalloc == 0) return LCA_OK;
        return lca__pcf_violation(p->ctx, c, "allocation", "", "the model "
                                  "records no allocation (not a process-"
                                  "database import): the rule's %s "
                                  "allocation cannot be checked",
                                  lca_alloc_method_str(r->alloc_default));
    }
    lca_status st = LCA_OK;
    for (int64_t a = 0; a < lca_model_nattrs(M) && st == LCA_OK; a++) {
        const char *key = lca_model_attr_key(M, a), *id = key + 11;
        if (strncmp(key, "allocation:", 11) != 0) continue;
        lca_alloc_method want = required(r, id), got = LCA_ALLOC_NONE;
        if ((int)want == LCA_NALLOC) continue;
        if (lca_alloc_method_parse(p->ctx, lca_model_attr(M, key), &got) ==
                LCA_OK && got == want) {
            continue;
        }
        if (!supplied(p, c, ch, id)) continue;
        int64_t j = -1;
        const char *name = lca_model_lookup(M, LCA_PRODUCTS, id, &j) == LCA_OK
                               ? product_name(p, j) : id;
        st = lca__pcf_violation(p->ctx, c, "allocation", id, "'%s' is "
                                "allocated by %s in the model (the import "
                                "report says why); the rule asks %s", name,
                                lca_model_attr(M, key),
                                lca_alloc_method_str(want));
    }
    return st;
}

lca_status lca__pcf_conformance(lca_pcf *p, lca__pcf_cat *c,
                                lca__pcf_chain *chain) {
    c->unlinked = 0;
    lca_status st = check_rule(p, c);
    for (int64_t k = 0; k < c->nprod && st == LCA_OK; k++) {
        st = check_unlinked(p, c, c->prod[k]);
    }
    if (st == LCA_OK) st = check_primary(p, c, chain);
    if (st == LCA_OK) st = check_alloc(p, c, chain);
    return st;
}
