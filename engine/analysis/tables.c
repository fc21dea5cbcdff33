// engine/analysis/tables.c: building result tables column by column
// SPDX-License-Identifier: MIT

#include <stdio.h>

#include "ctx_impl.h"
#include "tables_impl.h"

void lca__tb_start(lca__tb *b, lca_ctx *ctx, const char *name, int64_t rows) {
    b->t = NULL;
    b->st = lca_table_create(ctx, name, rows, &b->t);
}

void lca__tb_text(lca__tb *b, const char *col, const char *const *v) {
    if (b->st == LCA_OK) b->st = lca_table_add_text(b->t, col, v);
}

void lca__tb_num(lca__tb *b, const char *col, const char *unit,
                 const double *v) {
    if (b->st == LCA_OK) b->st = lca_table_add_number(b->t, col, unit, v);
}

void lca__tb_int(lca__tb *b, const char *col, const int64_t *v) {
    if (b->st == LCA_OK) b->st = lca_table_add_int(b->t, col, v);
}

void lca__tb_attr(lca__tb *b, const char *key, const char *value) {
    if (b->st == LCA_OK) b->st = lca_table_set_attr(b->t, key, value);
}

void lca__tb_attr_num(lca__tb *b, const char *key, double value) {
    char buf[40];
    snprintf(buf, sizeof buf, "%.17g", value);
    lca__tb_attr(b, key, buf);
}

lca_status lca__tb_finish(lca__tb *b, lca_table **out) {
    *out = NULL;
    if (b->st == LCA_OK) {
        *out = b->t;
    } else {
        lca_table_destroy(&b->t);
    }
    b->t = NULL;
    return b->st;
}

const char **lca__tb_labels(const lca_model *M, lca_axis axis, lca_label l,
                            int64_t n, const int64_t *idx) {
    const char **v = lca__malloc(lca_model_ctx(M), (size_t)n + 1, sizeof *v);
    for (int64_t i = 0; v != NULL && i < n; i++) {
        v[i] = idx[i] >= 0 ? lca_model_label(M, axis, l, idx[i]) : "";
    }
    return v;
}
