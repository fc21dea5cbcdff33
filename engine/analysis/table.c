// engine/analysis/table.c: a named table of typed columns (lca_table)
// SPDX-License-Identifier: MIT

#include <string.h>

#include "ctx_impl.h"
#include "lca/table.h"

typedef struct column {
    char *name, *unit;
    lca_column_type type;
    char **text;
    double *num;
    int64_t *ints;
} column;

struct lca_table {
    lca_ctx *ctx;
    char name[64];
    int64_t nrows, ncols;
    column *cols;
    int64_t nattrs;
    char **keys, **values;
};

// [a-z0-9_]{1,63}
static int identifier(const char *s) {
    size_t len = s != NULL ? strlen(s) : 0;
    if (len == 0 || len > 63) return 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
            return 0;
        }
    }
    return 1;
}

lca_status lca_table_create(lca_ctx *ctx, const char *name, int64_t nrows,
                            lca_table **t) {
    *t = NULL;
    if (!identifier(name) || nrows < 0) {
        return lca__fail(ctx, LCA_ERR_ARG, "table name '%s' must be 1..63 of "
                         "[a-z0-9_] and rows >= 0", name ? name : "");
    }
    lca_table *x = lca__calloc(ctx, 1, sizeof *x);
    if (x == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    x->ctx = ctx;
    strcpy(x->name, name);
    x->nrows = nrows;
    *t = x;
    return LCA_OK;
}

static void column_free(lca_ctx *ctx, column *c, int64_t nrows) {
    for (int64_t i = 0; c->text != NULL && i < nrows; i++) {
        lca__free(ctx, c->text[i]);
    }
    lca__free(ctx, c->text);
    lca__free(ctx, c->num);
    lca__free(ctx, c->ints);
    lca__free(ctx, c->name);
    lca__free(ctx, c->unit);
}

void lca_table_destroy(lca_table **tp) {
    if (tp == NULL || *tp == NULL) return;
    lca_table *t = *tp;
    for (int64_t c = 0; c < t->ncols; c++) {
        column_free(t->ctx, &t->cols[c], t->nrows);
    }
    for (int64_t i = 0; i < t->nattrs; i++) {
        lca__free(t->ctx, t->keys[i]);
        lca__free(t->ctx, t->values[i]);
    }
    lca__free(t->ctx, t->keys);
    lca__free(t->ctx, t->values);
    lca__free(t->ctx, t->cols);
    lca__free(t->ctx, t);
    *tp = NULL;
}

// A new column slot named col, or NULL with the error set in *st.
static column *new_column(lca_table *t, const char *col, const char *unit,
                          lca_column_type type, lca_status *st) {
    if (!identifier(col) || lca_table_col_find(t, col) >= 0) {
        *st = lca__fail(t->ctx, LCA_ERR_ARG, "column name '%s' is not a new "
                        "identifier of table %s", col ? col : "", t->name);
        return NULL;
    }
    column *cols = lca__realloc(t->ctx, t->cols, (size_t)t->ncols,
                                (size_t)t->ncols + 1, sizeof *cols);
    if (cols == NULL) {
        *st = lca__fail(t->ctx, LCA_ERR_NOMEM, "out of memory");
        return NULL;
    }
    t->cols = cols;
    column *c = &cols[t->ncols];
    memset(c, 0, sizeof *c);
    c->type = type;
    c->name = lca__strdup(t->ctx, col);
    c->unit = lca__strdup(t->ctx, unit != NULL ? unit : "");
    if (c->name == NULL || c->unit == NULL) {
        column_free(t->ctx, c, 0);
        *st = lca__fail(t->ctx, LCA_ERR_NOMEM, "out of memory");
        return NULL;
    }
    *st = LCA_OK;
    return c;
}

lca_status lca_table_add_text(lca_table *t, const char *col,
                              const char *const *v) {
    lca_status st;
    column *c = new_column(t, col, "", LCA_COLUMN_TEXT, &st);
    if (c == NULL) return st;
    c->text = lca__calloc(t->ctx, (size_t)t->nrows + 1, sizeof *c->text);
    for (int64_t i = 0; c->text != NULL && i < t->nrows; i++) {
        c->text[i] = lca__strdup(t->ctx, v[i] != NULL ? v[i] : "");
        if (c->text[i] == NULL) break;
    }
    if (c->text == NULL || (t->nrows > 0 && c->text[t->nrows - 1] == NULL)) {
        column_free(t->ctx, c, t->nrows);
        return lca__fail(t->ctx, LCA_ERR_NOMEM, "out of memory");
    }
    t->ncols++;
    return LCA_OK;
}

lca_status lca_table_add_number(lca_table *t, const char *col,
                                const char *unit, const double *v) {
    lca_status st;
    column *c = new_column(t, col, unit, LCA_COLUMN_NUMBER, &st);
    if (c == NULL) return st;
    c->num = lca__malloc(t->ctx, (size_t)t->nrows + 1, sizeof *c->num);
    if (c->num == NULL) {
        column_free(t->ctx, c, 0);
        return lca__fail(t->ctx, LCA_ERR_NOMEM, "out of memory");
    }
    if (t->nrows > 0) memcpy(c->num, v, (size_t)t->nrows * sizeof *v);
    t->ncols++;
    return LCA_OK;
}

lca_status lca_table_add_int(lca_table *t, const char *col, const int64_t *v) {
    lca_status st;
    column *c = new_column(t, col, "", LCA_COLUMN_INT, &st);
    if (c == NULL) return st;
    c->ints = lca__malloc(t->ctx, (size_t)t->nrows + 1, sizeof *c->ints);
    if (c->ints == NULL) {
        column_free(t->ctx, c, 0);
        return lca__fail(t->ctx, LCA_ERR_NOMEM, "out of memory");
    }
    if (t->nrows > 0) memcpy(c->ints, v, (size_t)t->nrows * sizeof *v);
    t->ncols++;
    return LCA_OK;
}

lca_status lca_table_set_attr(lca_table *t, const char *key,
                              const char *value) {
    char *v = lca__strdup(t->ctx, value != NULL ? value : "");
    if (v == NULL) return lca__fail(t->ctx, LCA_ERR_NOMEM, "out of memory");
    for (int64_t i = 0; i < t->nattrs; i++) {
        if (strcmp(t->keys[i], key) == 0) {
            lca__free(t->ctx, t->values[i]);
            t->values[i] = v;
            return LCA_OK;
        }
    }
    size_t n = (size_t)t->nattrs;
    char *k = lca__strdup(t->ctx, key);
    char **keys = lca__realloc(t->ctx, t->keys, n, n + 1, sizeof *keys);
    if (keys != NULL) t->keys = keys;
    char **values = lca__realloc(t->ctx, t->values, n, n + 1, sizeof *values);
    if (values != NULL) t->values = values;
    if (k == NULL || keys == NULL || values == NULL) {
        lca__free(t->ctx, k);
        lca__free(t->ctx, v);
        return lca__fail(t->ctx, LCA_ERR_NOMEM, "out of memory");
    }
    t->keys[n] = k;
    t->values[n] = v;
    t->nattrs++;
    return LCA_OK;
}

const char *lca_table_name(const lca_table *t) { return t->name; }
int64_t lca_table_nrows(const lca_table *t) { return t->nrows; }
int64_t lca_table_ncols(const lca_table *t) { return t->ncols; }
const char *lca_table_col_name(const lca_table *t, int64_t c) {
    return t->cols[c].name;
}
const char *lca_table_col_unit(const lca_table *t, int64_t c) {
    return t->cols[c].unit;
}
lca_column_type lca_table_col_type(const lca_table *t, int64_t c) {
    return t->cols[c].type;
}
const char *const *lca_table_col_text(const lca_table *t, int64_t c) {
    return (const char *const *)t->cols[c].text;
}
const double *lca_table_col_number(const lca_table *t, int64_t c) {
    return t->cols[c].num;
}
const int64_t *lca_table_col_int(const lca_table *t, int64_t c) {
    return t->cols[c].ints;
}

int64_t lca_table_col_find(const lca_table *t, const char *col) {
    for (int64_t c = 0; c < t->ncols; c++) {
        if (strcmp(t->cols[c].name, col) == 0) return c;
    }
    return -1;
}

int64_t lca_table_nattrs(const lca_table *t) { return t->nattrs; }
const char *lca_table_attr_key(const lca_table *t, int64_t i) {
    return t->keys[i];
}
const char *lca_table_attr_value(const lca_table *t, int64_t i) {
    return t->values[i];
}

const char *lca_table_attr(const lca_table *t, const char *key) {
    for (int64_t i = 0; i < t->nattrs; i++) {
        if (strcmp(t->keys[i], key) == 0) return t->values[i];
    }
    return NULL;
}
