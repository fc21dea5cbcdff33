// engine/factordb/fdb_split.c: a release's total and components from split tags
// SPDX-License-Identifier: MIT
//
// A method with output indicators tags each of them GROUP:ROLE
// (LCA_LABEL_SPLIT, lca/method.h); the total is the one whose id is the
// group. The release takes every other indicator of the total's group as
// a component, so that a method that adds a component needs no code here.

#include <string.h>

#include "ctx_impl.h"
#include "fdb_impl.h"

// Length of the group of a tag "GROUP:ROLE", or -1 without a tag.
static long group_len(const char *tag) {
    const char *colon = strchr(tag, ':');
    return colon != NULL ? (long)(colon - tag) : -1;
}

static const char *tag(const lca_model *M, int64_t i) {
    return lca_model_label(M, LCA_INDICATORS, LCA_LABEL_SPLIT, i);
}

static int is_total(const lca_model *M, int64_t i) {
    const char *id = lca_model_label(M, LCA_INDICATORS, LCA_LABEL_ID, i);
    long g = group_len(tag(M, i));
    return g > 0 && strlen(id) == (size_t)g && strncmp(id, tag(M, i), g) == 0;
}

lca_status lca_fdb_find_total(const lca_model *M, int64_t *indicator) {
    int64_t k = lca_model_dim(M, LCA_INDICATORS), found = -1;
    for (int64_t i = 0; i < k; i++) {
        if (!is_total(M, i)) continue;
        if (found >= 0) {
            return lca__fail(
                lca_model_ctx(M), LCA_ERR_INVALID,
                "the model has several split totals ('%s', "
                "'%s', ...): choose one",
                lca_model_label(M, LCA_INDICATORS, LCA_LABEL_ID, found),
                lca_model_label(M, LCA_INDICATORS, LCA_LABEL_ID, i));
        }
        found = i;
    }
    if (found < 0 && k == 1) found = 0;
    if (found < 0) {
        return lca__fail(lca_model_ctx(M), LCA_ERR_NOTFOUND,
                         "the model has %lld indicators and no split total: "
                         "choose the total",
                         (long long)k);
    }
    *indicator = found;
    return LCA_OK;
}

void lca_fdb_find_components(const lca_model *M, int64_t t,
                             lca_fdb_component *comp, int64_t *n) {
    *n = 0;
    const char *tt = tag(M, t);
    long g = group_len(tt);
    if (g < 0) return;
    for (int64_t i = 0; i < lca_model_dim(M, LCA_INDICATORS); i++) {
        const char *ti = tag(M, i);
        if (i == t || group_len(ti) != g || strncmp(ti, tt, (size_t)g) != 0) {
            continue;
        }
        const char *role = ti + g + 1;
        int gas = strncmp(role, "gas_", 4) == 0 && role[4] != '\0';
        comp[*n].indicator = i;
        comp[*n].kind = gas ? LCA_FDB_GAS : LCA_FDB_SPLIT;
        comp[(*n)++].name = gas ? role + 4 : role;
    }
}
