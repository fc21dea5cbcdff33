// engine/lookup.c: finding an entry of a model axis by id or name
// SPDX-License-Identifier: MIT
//
// Names are not unique (USLCI has three flows "Carbon dioxide, biogenic",
// WIOD 41 sectors "Mining and Quarrying"); taking the first would silently
// answer a question the user did not ask. A shared name is an error that
// lists the candidates in the syntax that picks each one: "id:ID", or the
// name with a qualifier in brackets (include/lca/model.h).

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "ctx_impl.h"
#include "model_impl.h"

#define MAX_LISTED 12

static const char *axis_word(lca_axis axis) {
    static const char *const names[] = {"product", "flow", "indicator",
                                        "demand"};
    return (axis >= 0 && axis <= LCA_DEMANDS) ? names[axis] : "entry";
}

static int same_ci(const char *a, size_t na, const char *b, size_t nb) {
    if (na != nb) return 0;
    for (size_t i = 0; i < na; i++) {
        if (tolower((unsigned char)a[i]) != tolower((unsigned char)b[i])) {
            return 0;
        }
    }
    return 1;
}

// Does qualifier q (length n) pick entry i?
static int qualifies(const lca_model *M, lca_axis axis, int64_t i,
                     const char *q, size_t n) {
    const char *unit = lca_model_label(M, axis, LCA_LABEL_UNIT, i);
    if (same_ci(unit, strlen(unit), q, n)) return 1;
    if (axis == LCA_PRODUCTS) {
        const char *r = lca_model_label(M, axis, LCA_LABEL_REGION, i);
        if (same_ci(r, strlen(r), q, n)) return 1;
    }
    if (axis == LCA_FLOWS) {
        const char *c = lca_model_label(M, axis, LCA_LABEL_COMPARTMENT, i);
        size_t len = strlen(c);
        if (same_ci(c, len, q, n)) return 1;
        if (len > n && c[n] == '/' && same_ci(c, n, q, n)) return 1;
    }
    // Parts of the id: "111CA/US-GA" has 111CA and US-GA, and US and GA.
    const char *id = lca_model_label(M, axis, LCA_LABEL_ID, i);
    static const char *const seps[2] = {"_./:|", "_./:|-"};
    for (int k = 0; k < 2; k++) {
        for (const char *p = id; *p != '\0';) {
            size_t len = strcspn(p, seps[k]);
            if (same_ci(p, len, q, n)) return 1;
            p += len + (p[len] != '\0');
        }
    }
    return 0;
}

// The entries named name (length nlen) that qualifier q picks (q NULL:
// all): their count, the first in *first.
static int64_t count_named(const lca_model *M, lca_axis axis,
                           const char *name, size_t nlen, const char *q,
                           size_t qlen, int64_t *first) {
    int64_t hits = 0;
    *first = -1;
    for (int64_t i = 0; i < lca_model_dim(M, axis); i++) {
        const char *s = lca_model_label(M, axis, LCA_LABEL_NAME, i);
        if (strlen(s) != nlen || strncmp(s, name, nlen) != 0) continue;
        if (q != NULL && !qualifies(M, axis, i, q, qlen)) continue;
        if (hits++ == 0) *first = i;
    }
    return hits;
}

// The error for a name that several entries share.
static lca_status ambiguous(const lca_model *M, lca_axis axis,
                            const char *key, const char *name, size_t nlen,
                            const char *q, size_t qlen, int64_t hits) {
    char list[2048];
    size_t used = 0;
    int64_t shown = 0;
    list[0] = '\0';
    for (int64_t i = 0; i < lca_model_dim(M, axis) && shown < MAX_LISTED;
         i++) {
        const char *s = lca_model_label(M, axis, LCA_LABEL_NAME, i);
        if (strlen(s) != nlen || strncmp(s, name, nlen) != 0) continue;
        if (q != NULL && !qualifies(M, axis, i, q, qlen)) continue;
        const char *c = axis == LCA_FLOWS
                            ? lca_model_label(M, axis, LCA_LABEL_COMPARTMENT, i)
                            : "";
        int w = snprintf(list + used, sizeof list - used, "%sid:%s%s%s%s",
                         shown > 0 ? ", " : "",
                         lca_model_label(M, axis, LCA_LABEL_ID, i),
                         c[0] ? " [" : "", c, c[0] ? "]" : "");
        if (w < 0 || (size_t)w >= sizeof list - used) break;
        used += (size_t)w;
        shown++;
    }
    return lca__fail(M->ctx, LCA_ERR_INVALID, "'%s' names %lld %ss: %s%s; "
                     "give one by its id (id:ID) or add a qualifier (NAME "
                     "[compartment, unit or id part])", key, (long long)hits,
                     axis_word(axis), list,
                     hits > shown ? ", ..." : "");
}

// "NAME [Q]": the name's length and the qualifier, or 0.
static int split_qualifier(const char *key, size_t *nlen, const char **q,
                           size_t *qlen) {
    size_t len = strlen(key);
    const char *open = strrchr(key, '[');
    if (len < 4 || key[len - 1] != ']' || open == NULL || open == key ||
        open[-1] != ' ') {
        return 0;
    }
    *nlen = (size_t)(open - 1 - key);
    *q = open + 1;
    *qlen = (size_t)(key + len - 1 - *q);
    return *qlen > 0;
}

static lca_status by_id(const lca_model *M, lca_axis axis, const char *id,
                        int64_t *index) {
    for (int64_t i = 0; i < lca_model_dim(M, axis); i++) {
        if (strcmp(lca_model_label(M, axis, LCA_LABEL_ID, i), id) == 0) {
            *index = i;
            return LCA_OK;
        }
    }
    return LCA_ERR_NOTFOUND;
}

lca_status lca_model_lookup(const lca_model *M, lca_axis axis,
                            const char *key, int64_t *index) {
    *index = -1;
    // An empty key would match every unset label: it names nothing.
    if (key[0] == '\0') {
        return lca__fail(M->ctx, LCA_ERR_NOTFOUND, "an empty %s name",
                         axis_word(axis));
    }
    if (strncmp(key, "id:", 3) == 0) {
        if (key[3] != '\0' && by_id(M, axis, key + 3, index) == LCA_OK) {
            return LCA_OK;
        }
        // "id:ID [compartment]", as an ambiguity error lists it.
        size_t nlen = 0, qlen = 0;
        const char *q = NULL;
        if (split_qualifier(key + 3, &nlen, &q, &qlen)) {
            char id[512];
            if (nlen < sizeof id) {
                memcpy(id, key + 3, nlen);
                id[nlen] = '\0';
                if (by_id(M, axis, id, index) == LCA_OK &&
                    qualifies(M, axis, *index, q, qlen)) {
                    return LCA_OK;
                }
                *index = -1;
            }
        }
        return lca__fail(M->ctx, LCA_ERR_NOTFOUND, "no %s has the id '%s'",
                         axis_word(axis), key + 3);
    }
    if (by_id(M, axis, key, index) == LCA_OK) return LCA_OK;
    size_t nlen = strlen(key), qlen = 0;
    const char *q = NULL;
    int64_t hits = count_named(M, axis, key, nlen, NULL, 0, index);
    if (hits == 0 && split_qualifier(key, &nlen, &q, &qlen)) {
        hits = count_named(M, axis, key, nlen, q, qlen, index);
    }
    if (hits == 1) return LCA_OK;
    if (hits > 1) {
        *index = -1;
        return ambiguous(M, axis, key, key, nlen, q, qlen, hits);
    }
    return lca__fail(M->ctx, LCA_ERR_NOTFOUND, "no %s has the id or name "
                     "'%s'", axis_word(axis), key);
}
