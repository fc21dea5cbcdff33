// engine/method/method.c: the characterization method object
// SPDX-License-Identifier: MIT
//
// Indicators and factor rows are kept in the order they were added: the
// order is part of a method's meaning (the first row of a CAS number is
// that number's default, method_match.c). Rows are checked as they come
// in, so a method that exists is one that can be applied.

#include <ctype.h>
#include <math.h>
#include <string.h>

#include "ctx_impl.h"
#include "method_impl.h"

lca_status lca_method_create(lca_ctx *ctx, const char *name,
                             lca_method **out) {
    *out = NULL;
    if (name == NULL) return lca__fail(ctx, LCA_ERR_ARG, "no method name");
    lca_method *meth = lca__calloc(ctx, 1, sizeof *meth);
    if (meth == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    meth->ctx = ctx;
    meth->name = lca__strdup(ctx, name);
    if (meth->name == NULL) {
        lca__free(ctx, meth);
        return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    }
    *out = meth;
    return LCA_OK;
}

static void free_row(lca_ctx *ctx, lca__method_row *r) {
    lca__free(ctx, r->cas_text);
    lca__free(ctx, r->name);
    lca__free(ctx, r->key);
    lca__free(ctx, r->compartment);
    lca__free(ctx, r->unit);
    lca__free(ctx, r->component);
    lca__free(ctx, r->gas);
}

static void free_output(lca_ctx *ctx, lca__method_output *o) {
    for (int l = 0; l < 8; l++) lca__free(ctx, o->s[l]);
}

void lca_method_destroy(lca_method **methp) {
    if (methp == NULL || *methp == NULL) return;
    lca_method *meth = *methp;
    lca_ctx *ctx = meth->ctx;
    for (int l = 0; l < 3; l++) {
        for (int64_t i = 0; i < meth->k; i++) lca__free(ctx, meth->ind[l][i]);
        lca__free(ctx, meth->ind[l]);
    }
    for (int64_t r = 0; r < meth->nrows; r++) free_row(ctx, &meth->rows[r]);
    lca__free(ctx, meth->rows);
    for (int64_t o = 0; o < meth->nout; o++) free_output(ctx, &meth->out[o]);
    lca__free(ctx, meth->out);
    lca__free(ctx, meth->name);
    lca__free(ctx, meth);
    *methp = NULL;
}

// Room for one more indicator in the 3 label arrays (one capacity).
static lca_status grow_indicators(lca_method *meth) {
    int64_t cap = meth->k_cap;
    for (int l = 0; l < 3; l++) {
        cap = meth->k_cap;
        char **v = lca__grow(meth->ctx, meth->ind[l], &cap, meth->k + 1,
                             sizeof *v);
        if (v == NULL) return LCA_ERR_NOMEM;
        meth->ind[l] = v;
    }
    meth->k_cap = cap;
    return LCA_OK;
}

// An existing indicator: a given name or unit must agree with it.
static lca_status same_indicator(const lca_method *meth, int64_t i,
                                 const char *name, const char *unit) {
    const char *what[2] = {"name", "unit"};
    const char *given[2] = {name, unit};
    for (int l = 0; l < 2; l++) {
        const char *have = meth->ind[l + 1][i];
        if (given[l][0] != '\0' && strcmp(given[l], have) != 0) {
            return lca__fail(meth->ctx, LCA_ERR_INVALID,
                             "indicator '%s' has %s '%s', not '%s'",
                             meth->ind[0][i], what[l], have, given[l]);
        }
    }
    return LCA_OK;
}

lca_status lca_method_add_indicator(lca_method *meth, const char *id,
                                    const char *name, const char *unit,
                                    int64_t *index) {
    lca_ctx *ctx = meth->ctx;
    if (id == NULL || name == NULL || unit == NULL || id[0] == '\0') {
        return lca__fail(ctx, LCA_ERR_ARG, "an indicator needs an id");
    }
    for (int64_t i = 0; i < meth->k; i++) {
        if (strcmp(meth->ind[0][i], id) == 0) {
            *index = i;
            return same_indicator(meth, i, name, unit);
        }
    }
    lca_status st = grow_indicators(meth);
    if (st != LCA_OK) return st;
    const char *v[3] = {id, name, unit};
    char *copy[3] = {NULL, NULL, NULL};
    for (int l = 0; l < 3; l++) {
        copy[l] = lca__strdup(ctx, v[l]);
        if (copy[l] == NULL) {
            for (int q = 0; q < l; q++) lca__free(ctx, copy[q]);
            return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
        }
    }
    for (int l = 0; l < 3; l++) meth->ind[l][meth->k] = copy[l];
    *index = meth->k++;
    return LCA_OK;
}

// Check a row; fill cas (0 when none).
static lca_status check_row(const lca_method *meth, int64_t indicator,
                            const lca_method_factor *f, int64_t *cas) {
    lca_ctx *ctx = meth->ctx;
    if (indicator < 0 || indicator >= meth->k) {
        return lca__fail(ctx, LCA_ERR_ARG, "no indicator %lld",
                         (long long)indicator);
    }
    if (f->cas == NULL || f->flow_name == NULL || f->compartment == NULL ||
        f->flow_unit == NULL) {
        return lca__fail(ctx, LCA_ERR_ARG, "a factor row string is NULL");
    }
    *cas = 0;
    int has_cas = strspn(f->cas, " \t") != strlen(f->cas);
    if (has_cas && !lca__cas_parse(f->cas, 1, cas)) {
        return lca__fail(ctx, LCA_ERR_INVALID, "CAS number '%s' is not of "
                         "the form NNNNNNN-NN-N with a correct check digit",
                         f->cas);
    }
    if (!has_cas && strspn(f->flow_name, " \t") == strlen(f->flow_name)) {
        return lca__fail(ctx, LCA_ERR_INVALID,
                         "a factor row needs a CAS number or a flow name");
    }
    if (isinf(f->factor)) {
        return lca__fail(ctx, LCA_ERR_INVALID, "factor is not finite");
    }
    const char *tag[2] = {f->component, f->gas};
    for (int t = 0; t < 2; t++) {
        if (tag[t] != NULL && tag[t][strcspn(tag[t], ";*: \t")] != '\0') {
            return lca__fail(ctx, LCA_ERR_INVALID, "%s tag '%s' holds ';', "
                             "'*', ':' or white space",
                             t == 0 ? "component" : "gas", tag[t]);
        }
    }
    return LCA_OK;
}

static int same_text_ci(const char *a, const char *b) {
    while (*a != '\0' && tolower((unsigned char)*a) ==
                              tolower((unsigned char)*b)) {
        a++;
        b++;
    }
    return *a == *b;
}

// The earlier row with the same indicator, CAS, name, compartment and
// unit, or -1.
static int64_t find_duplicate(const lca_method *meth, int64_t indicator,
                              int64_t cas, const char *key,
                              const lca_method_factor *f) {
    for (int64_t r = 0; r < meth->nrows; r++) {
        const lca__method_row *q = &meth->rows[r];
        if (q->ind == indicator && q->cas == cas &&
            strcmp(q->key, key) == 0 &&
            same_text_ci(q->compartment, f->compartment) &&
            same_text_ci(q->unit, f->flow_unit)) {
            return r;
        }
    }
    return -1;
}

static lca_status grow_rows(lca_method *meth) {
    lca__method_row *v = lca__grow(meth->ctx, meth->rows, &meth->rows_cap,
                                   meth->nrows + 1, sizeof *v);
    if (v == NULL) return LCA_ERR_NOMEM;
    meth->rows = v;
    return LCA_OK;
}

lca_status lca__method_add_row(lca_method *meth, int64_t indicator,
                               const lca_method_factor *f, int64_t *dup) {
    lca_ctx *ctx = meth->ctx;
    *dup = -1;
    int64_t cas = 0;
    lca_status st = check_row(meth, indicator, f, &cas);
    if (st != LCA_OK) return st;
    st = grow_rows(meth);
    if (st != LCA_OK) return st;
    lca__method_row r = {indicator, cas,  NULL, NULL,     NULL,
                         NULL,      NULL, NULL, NULL, f->factor};
    r.cas_text = lca__strdup(ctx, f->cas);
    r.name = lca__strdup(ctx, f->flow_name);
    r.key = lca__strdup(ctx, f->flow_name);  // room for the key
    r.compartment = lca__strdup(ctx, f->compartment);
    r.unit = lca__strdup(ctx, f->flow_unit);
    r.component = lca__strdup(ctx, f->component ? f->component : "");
    r.gas = lca__strdup(ctx, f->gas ? f->gas : "");
    if (r.cas_text == NULL || r.name == NULL || r.key == NULL ||
        r.compartment == NULL || r.unit == NULL || r.component == NULL ||
        r.gas == NULL) {
        free_row(ctx, &r);
        return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    }
    lca__name_key(f->flow_name, r.key);
    *dup = find_duplicate(meth, indicator, cas, r.key, f);
    if (*dup >= 0) {
        free_row(ctx, &r);
        return lca__fail(ctx, LCA_ERR_INVALID, "repeats factor row %lld "
                         "(same indicator, CAS, flow name, compartment and "
                         "unit)", (long long)*dup + 1);
    }
    meth->rows[meth->nrows++] = r;
    return LCA_OK;
}

lca_status lca_method_add_factor(lca_method *meth, int64_t indicator,
                                 const lca_method_factor *f) {
    int64_t dup;
    return lca__method_add_row(meth, indicator, f, &dup);
}

const char *lca_method_name(const lca_method *meth) { return meth->name; }
int64_t lca_method_nindicators(const lca_method *meth) { return meth->k; }
int64_t lca_method_nfactors(const lca_method *meth) { return meth->nrows; }

const char *lca_method_indicator(const lca_method *meth, int64_t i,
                                 lca_label label) {
    if (label < LCA_LABEL_ID || label > LCA_LABEL_UNIT) return "";
    return meth->ind[label][i];
}

int64_t lca_method_factor_row(const lca_method *meth, int64_t r,
                              lca_method_factor *f) {
    const lca__method_row *q = &meth->rows[r];
    f->cas = q->cas_text;
    f->flow_name = q->name;
    f->compartment = q->compartment;
    f->flow_unit = q->unit;
    f->factor = q->factor;
    f->component = q->component;
    f->gas = q->gas;
    return q->ind;
}
