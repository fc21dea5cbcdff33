// engine/method/method_split.c: output indicators (split results) of a method
// SPDX-License-Identifier: MIT
//
// An output indicator selects, from one factor set, the rows whose tags it
// lists: the total "GWP100" takes every component but the biogenic CO2
// ones, "GWP100-fossil" the rows tagged fossil, and so on. The split is
// therefore data (datasets/methods/NAME.indicators.csv): the components of
// a total are extra rows of C, and every solver, Monte Carlo included,
// computes them with no code of its own. The checks here catch the data
// errors that would make a component silently lose flows: a tag named in a
// selection that no row carries (a typo), and rows without the tag a
// selection filters on.

#include <ctype.h>
#include <string.h>

#include "ctx_impl.h"
#include "method_impl.h"

// Does the ";"-list hold tag (exactly, case-sensitive)?
int lca__tag_in_list(const char *list, const char *tag) {
    if (strcmp(list, "*") == 0) return 1;
    size_t n = strlen(tag);
    if (n == 0) return 0;
    for (const char *p = list; *p != '\0';) {
        size_t len = strcspn(p, ";");
        if (len == n && strncmp(p, tag, n) == 0) return 1;
        p += len + (p[len] == ';');
    }
    return 0;
}

static int contains_ci(const char *s, const char *pat, size_t n) {
    for (; *s != '\0'; s++) {
        size_t i = 0;
        while (i < n && s[i] != '\0' &&
               tolower((unsigned char)s[i]) == tolower((unsigned char)pat[i])) {
            i++;
        }
        if (i == n) return 1;
    }
    return 0;
}

int lca__place_in_list(const char *list, const char *compartment) {
    if (strcmp(list, "*") == 0) return 1;
    for (const char *p = list; *p != '\0';) {
        size_t len = strcspn(p, ";");
        if (len > 0 && contains_ci(compartment, p, len)) return 1;
        p += len + (p[len] == ';');
    }
    return 0;
}

// Every item of a selection (other than "*") is carried by some row of the
// set, and every row of the set has the tag the selection filters on.
static lca_status check_selection(const lca_method *meth, int64_t set,
                                  const char *id, const char *what,
                                  const char *list, int gas) {
    lca_ctx *ctx = meth->ctx;
    if (list[0] == '\0') {
        return lca__fail(ctx, LCA_ERR_INVALID, "output '%s': empty %s "
                         "selection (use '*' for any)", id, what);
    }
    if (strcmp(list, "*") == 0) return LCA_OK;
    for (int64_t r = 0; r < meth->nrows; r++) {
        const lca__method_row *q = &meth->rows[r];
        const char *tag = gas ? q->gas : q->component;
        if (q->ind == set && tag[0] == '\0') {
            return lca__fail(ctx, LCA_ERR_INVALID, "output '%s' selects by "
                             "%s, but factor row %lld ('%s') has no %s tag",
                             id, what, (long long)r + 1, q->name, what);
        }
    }
    for (const char *p = list; *p != '\0';) {
        size_t len = strcspn(p, ";");
        int found = 0;
        for (int64_t r = 0; r < meth->nrows && !found; r++) {
            const lca__method_row *q = &meth->rows[r];
            const char *tag = gas ? q->gas : q->component;
            found = q->ind == set && strlen(tag) == len &&
                    strncmp(tag, p, len) == 0;
        }
        if (!found) {
            return lca__fail(ctx, LCA_ERR_INVALID, "output '%s': no factor "
                             "row of set '%s' has the %s '%.*s'", id,
                             meth->ind[0][set], what, (int)len, p);
        }
        p += len + (p[len] == ';');
    }
    return LCA_OK;
}

static lca_status check_output(const lca_method *meth,
                               const lca_method_output *o, int64_t *set) {
    lca_ctx *ctx = meth->ctx;
    const char *v[9] = {o->id,    o->name,  o->unit,       o->factors,
                        o->group, o->role,  o->components, o->gases,
                        o->places};
    for (int l = 0; l < 9; l++) {
        if (v[l] == NULL) {
            return lca__fail(ctx, LCA_ERR_ARG, "an output string is NULL");
        }
    }
    if (o->id[0] == '\0') {
        return lca__fail(ctx, LCA_ERR_INVALID, "an output needs an id");
    }
    for (int64_t q = 0; q < meth->nout; q++) {
        if (strcmp(meth->out[q].s[LCA__OUT_ID], o->id) == 0) {
            return lca__fail(ctx, LCA_ERR_INVALID, "output '%s' is declared "
                             "twice", o->id);
        }
    }
    if ((o->group[0] == '\0') != (o->role[0] == '\0') ||
        strchr(o->group, ':') != NULL || strchr(o->role, ':') != NULL) {
        return lca__fail(ctx, LCA_ERR_INVALID, "output '%s': a split tag "
                         "needs both a group and a role, without ':'", o->id);
    }
    *set = -1;
    for (int64_t i = 0; i < meth->k; i++) {
        if (strcmp(meth->ind[0][i], o->factors) == 0) *set = i;
    }
    if (*set < 0) {
        return lca__fail(ctx, LCA_ERR_NOTFOUND, "output '%s': no factor rows "
                         "of indicator '%s'", o->id, o->factors);
    }
    lca_status st = check_selection(meth, *set, o->id, "component",
                                    o->components, 0);
    if (st == LCA_OK) st = check_selection(meth, *set, o->id, "gas", o->gases, 1);
    if (st == LCA_OK && o->places[0] == '\0') {
        st = lca__fail(ctx, LCA_ERR_INVALID, "output '%s': empty compartment "
                       "selection (use '*' for any)", o->id);
    }
    return st;
}

lca_status lca_method_add_output(lca_method *meth,
                                 const lca_method_output *o) {
    lca_ctx *ctx = meth->ctx;
    int64_t set = -1;
    lca_status st = check_output(meth, o, &set);
    if (st != LCA_OK) return st;
    lca__method_output *grown = lca__grow(ctx, meth->out, &meth->out_cap,
                                          meth->nout + 1, sizeof *grown);
    if (grown == NULL) return LCA_ERR_NOMEM;
    meth->out = grown;
    const char *v[8] = {o->id,   o->name,       o->unit,  o->group,
                        o->role, o->components, o->gases, o->places};
    lca__method_output out = {{NULL}, set};
    int ok = 1;
    for (int l = 0; l < 8; l++) {
        out.s[l] = lca__strdup(ctx, v[l]);
        ok = ok && out.s[l] != NULL;
    }
    if (!ok) {
        for (int l = 0; l < 8; l++) lca__free(ctx, out.s[l]);
        return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    }
    meth->out[meth->nout++] = out;
    return LCA_OK;
}

int64_t lca_method_noutputs(const lca_method *meth) { return meth->nout; }

void lca_method_output_get(const lca_method *meth, int64_t o,
                           lca_method_output *out) {
    const lca__method_output *q = &meth->out[o];
    out->id = q->s[LCA__OUT_ID];
    out->name = q->s[LCA__OUT_NAME];
    out->unit = q->s[LCA__OUT_UNIT];
    out->factors = meth->ind[0][q->set];
    out->group = q->s[LCA__OUT_GROUP];
    out->role = q->s[LCA__OUT_ROLE];
    out->components = q->s[LCA__OUT_COMPONENTS];
    out->gases = q->s[LCA__OUT_GASES];
    out->places = q->s[LCA__OUT_PLACES];
}

// "GROUP:ROLE" split at the first ':' (group length, or -1 for none).
static long tag_group_len(const char *tag) {
    const char *colon = strchr(tag, ':');
    return colon == NULL ? -1 : (long)(colon - tag);
}

lca_status lca_split_find(const lca_model *M, const char *group,
                          const char *role, int64_t *index) {
    size_t g = strlen(group);
    for (int64_t i = 0; i < lca_model_dim(M, LCA_INDICATORS); i++) {
        const char *tag = lca_model_label(M, LCA_INDICATORS, LCA_LABEL_SPLIT, i);
        if (tag_group_len(tag) == (long)g && strncmp(tag, group, g) == 0 &&
            strcmp(tag + g + 1, role) == 0) {
            *index = i;
            return LCA_OK;
        }
    }
    return lca__fail(lca_model_ctx(M), LCA_ERR_NOTFOUND, "no indicator has "
                     "the split tag '%s:%s'", group, role);
}

int lca_split_is_component(const lca_model *M, int64_t i) {
    const char *tag = lca_model_label(M, LCA_INDICATORS, LCA_LABEL_SPLIT, i);
    const char *id = lca_model_label(M, LCA_INDICATORS, LCA_LABEL_ID, i);
    long g = tag_group_len(tag);
    return g >= 0 && !(strlen(id) == (size_t)g && strncmp(id, tag, (size_t)g) == 0);
}
