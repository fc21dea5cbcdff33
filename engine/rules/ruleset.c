// engine/rules/ruleset.c: a set of rules with unique category ids, and the
// allocation they ask of an import
// SPDX-License-Identifier: MIT

#include <string.h>

#include "ctx_impl.h"
#include "rule_impl.h"

struct lca_ruleset {
    lca_ctx *ctx;
    char *source;
    lca_rule **rules;
    int64_t n, cap;
    lca_alloc_override *alloc;  // lca_ruleset_allocation's array
};

lca_status lca_ruleset_create(lca_ctx *ctx, const char *source,
                              lca_ruleset **rs) {
    *rs = NULL;
    lca_ruleset *R = lca__calloc(ctx, 1, sizeof *R);
    if (R != NULL) R->source = lca__strdup(ctx, source ? source : "");
    if (R == NULL || R->source == NULL) {
        lca__free(ctx, R);
        return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    }
    R->ctx = ctx;
    *rs = R;
    return LCA_OK;
}

void lca_ruleset_destroy(lca_ruleset **rs) {
    if (rs == NULL || *rs == NULL) return;
    lca_ruleset *R = *rs;
    for (int64_t i = 0; i < R->n; i++) lca_rule_destroy(&R->rules[i]);
    lca__free(R->ctx, R->rules);
    lca__free(R->ctx, R->alloc);
    lca__free(R->ctx, R->source);
    lca__free(R->ctx, R);
    *rs = NULL;
}

lca_status lca_ruleset_add(lca_ruleset *rs, lca_rule **r) {
    lca_rule *R = *r;
    *r = NULL;
    int64_t seen = -1;
    if (lca_ruleset_find(rs, R->s.id, &seen) == LCA_OK) {
        char a[512], b[512];
        lca_status st = lca__fail(
            rs->ctx, LCA_ERR_INVALID, "%s: /id: category '%s' is also "
            "defined by %s", lca__rule_where(&R->s, a, sizeof a), R->s.id,
            lca__rule_where(&rs->rules[seen]->s, b, sizeof b));
        lca_rule_destroy(&R);
        return st;
    }
    lca_rule **g = lca__grow(rs->ctx, rs->rules, &rs->cap, rs->n + 1,
                             sizeof *g);
    if (g == NULL) {
        lca_rule_destroy(&R);
        return LCA_ERR_NOMEM;
    }
    rs->rules = g;
    rs->rules[rs->n++] = R;
    return LCA_OK;
}

int64_t lca_ruleset_count(const lca_ruleset *rs) { return rs->n; }

const lca_rule *lca_ruleset_rule(const lca_ruleset *rs, int64_t i) {
    return rs->rules[i];
}

const char *lca_ruleset_source(const lca_ruleset *rs) { return rs->source; }

lca_status lca_ruleset_find(const lca_ruleset *rs, const char *id,
                            int64_t *i) {
    for (int64_t k = 0; k < rs->n; k++) {
        if (strcmp(rs->rules[k]->s.id, id) == 0) {
            *i = k;
            return LCA_OK;
        }
    }
    *i = -1;
    return lca__fail(rs->ctx, LCA_ERR_NOTFOUND, "no category '%s' in the "
                     "rule set %s", id, rs->source);
}

static int same_override(const lca_alloc_override *a,
                         const lca_alloc_override *b) {
    if (a->method != b->method || a->nprices != b->nprices ||
        a->nproviders != b->nproviders) {
        return 0;
    }
    for (int64_t k = 0; k < a->nprices; k++) {
        if (strcmp(a->prices[k].flow, b->prices[k].flow) != 0 ||
            a->prices[k].price != b->prices[k].price) {
            return 0;
        }
    }
    for (int64_t k = 0; k < a->nproviders; k++) {
        if (strcmp(a->providers[k].flow, b->providers[k].flow) != 0 ||
            strcmp(a->providers[k].process, b->providers[k].process) != 0) {
            return 0;
        }
    }
    return 1;
}

// The rules' common default method into *m. Errors: LCA_ERR_INVALID.
static lca_status common_default(const lca_ruleset *rs, lca_alloc_method *m) {
    for (int64_t i = 1; i < rs->n; i++) {
        const lca_rule_spec *a = &rs->rules[0]->s, *b = &rs->rules[i]->s;
        if (a->alloc_default == b->alloc_default) continue;
        char wa[512], wb[512];
        return lca__fail(rs->ctx, LCA_ERR_INVALID, "%s: /allocation/default "
                         "is %s, %s has %s: the rules disagree on the "
                         "model's default; choose one (--allocation)",
                         lca__rule_where(a, wa, sizeof wa),
                         lca_alloc_method_str(a->alloc_default),
                         lca__rule_where(b, wb, sizeof wb),
                         lca_alloc_method_str(b->alloc_default));
    }
    if (rs->n > 0) *m = rs->rules[0]->s.alloc_default;
    return LCA_OK;
}

// Add the overrides of rule r to rs->alloc[0..*n), once per process.
static lca_status gather(lca_ruleset *rs, const lca_rule *r, int64_t *n) {
    for (int64_t i = 0; i < r->s.nalloc; i++) {
        const lca_alloc_override *o = &r->s.alloc[i];
        int64_t k = 0;
        while (k < *n && strcmp(rs->alloc[k].process, o->process) != 0) k++;
        if (k == *n) {
            rs->alloc[(*n)++] = *o;
            rs->alloc[k].origin = r->s.source[0] ? r->s.source : r->s.id;
            continue;
        }
        if (same_override(&rs->alloc[k], o)) continue;
        char w[512];
        return lca__fail(rs->ctx, LCA_ERR_INVALID, "%s: /allocation/"
                         "processes: process %s is allocated by %s here "
                         "but otherwise by %s", lca__rule_where(&r->s, w,
                                                                sizeof w),
                         o->process, lca_alloc_method_str(o->method),
                         rs->alloc[k].origin);
    }
    return LCA_OK;
}

lca_status lca_ruleset_allocation(lca_ruleset *rs, int set_default,
                                  lca_alloc_options *opt) {
    int64_t total = 0, n = 0;
    lca_status st = LCA_OK;
    if (set_default) st = common_default(rs, &opt->method);
    if (st != LCA_OK) return st;
    for (int64_t i = 0; i < rs->n; i++) total += rs->rules[i]->s.nalloc;
    lca__free(rs->ctx, rs->alloc);
    rs->alloc = lca__malloc(rs->ctx, (size_t)total, sizeof *rs->alloc);
    if (rs->alloc == NULL) {
        return lca__fail(rs->ctx, LCA_ERR_NOMEM, "out of memory");
    }
    for (int64_t i = 0; i < rs->n && st == LCA_OK; i++) {
        st = gather(rs, rs->rules[i], &n);
    }
    if (st != LCA_OK) return st;
    opt->noverrides = n;
    opt->overrides = rs->alloc;
    return LCA_OK;
}
