// engine/diagnose.c: why is the technosphere matrix singular, in names
// SPDX-License-Identifier: MIT
//
// A solver knows columns; a user knows products. When an analysis or a
// factorization reports a singular matrix, this pass looks for the usual
// causes in the model's terms (an activity with no exchanges, a product
// nothing produces or uses, a missing reference output on the diagonal)
// and adds the zero-pivot columns the factorization found, by name.

#include <stdio.h>
#include <string.h>

#include "csc_impl.h"
#include "ctx_impl.h"
#include "diagnose_impl.h"
#include "model_impl.h"

#define MAX_NAMED 5

typedef struct msgbuf {
    char text[LCA__ERRMSG_MAX];
    size_t len;
    int count;
} msgbuf;

static void add(msgbuf *b, const lca_model *M, const char *what, int64_t j) {
    if (b->count++ >= MAX_NAMED || b->len >= sizeof b->text) return;
    const char *id = lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_ID, j);
    const char *name = lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_NAME, j);
    int w = snprintf(b->text + b->len, sizeof b->text - b->len,
                     "%s'%s'%s%s%s (column %lld) %s", b->count > 1 ? "; " : "",
                     id, name[0] ? " (" : "", name, name[0] ? ")" : "",
                     (long long)j, what);
    if (w > 0) b->len += (size_t)w;
}

// Structural causes: empty columns, empty rows, zero or missing diagonal.
static void find_structural(const lca_model *M, int64_t *rowcount,
                            msgbuf *b) {
    const lca_csc *T = lca_model_tech(M);
    int64_t n = T->n;
    memset(rowcount, 0, (size_t)n * sizeof *rowcount);
    for (int64_t p = 0; p < T->Ap[n]; p++) rowcount[T->Ai[p]]++;
    for (int64_t j = 0; j < n; j++) {
        if (T->Ap[j + 1] == T->Ap[j]) {
            add(b, M, "has no exchanges (empty column)", j);
        }
    }
    for (int64_t i = 0; i < n; i++) {
        if (rowcount[i] == 0) {
            add(b, M, "is neither produced nor used (empty row)", i);
        }
    }
    for (int64_t j = 0; j < n; j++) {
        int64_t p = lca_csc_find(T, j, j);
        if ((p < 0 || T->Ax[p] == 0.0) && T->Ap[j + 1] > T->Ap[j]) {
            add(b, M, "has no reference output (zero diagonal)", j);
        }
    }
}

lca_status lca__diagnose_singular(const lca_model *M, const int64_t *zero_piv,
                                  int64_t nzero) {
    lca_ctx *ctx = lca_model_ctx(M);
    int64_t n = lca_model_dim(M, LCA_PRODUCTS);
    msgbuf b = {.len = 0, .count = 0};
    b.text[0] = '\0';
    int64_t *rowcount = lca__malloc(ctx, (size_t)n + 1, sizeof *rowcount);
    if (rowcount == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    find_structural(M, rowcount, &b);
    lca__free(ctx, rowcount);
    for (int64_t k = 0; k < nzero; k++) {
        add(&b, M, "has a zero pivot (linearly dependent on others)",
            zero_piv[k]);
    }
    int more = b.count > MAX_NAMED ? b.count - MAX_NAMED : 0;
    if (b.count == 0) {
        return lca__fail(ctx, LCA_ERR_SINGULAR,
                         "the technosphere matrix is singular");
    }
    return lca__fail(ctx, LCA_ERR_SINGULAR,
                     "the technosphere matrix is singular: %s%s%.0d%s",
                     b.text, more ? " (and " : "", more,
                     more ? " more)" : "");
}

lca_status lca__diagnose_illcond(const lca_model *M, int64_t col,
                                 const char *evidence) {
    lca_ctx *ctx = lca_model_ctx(M);
    msgbuf b = {.len = 0, .count = 0};
    b.text[0] = '\0';
    if (col >= 0) add(&b, M, "has the smallest pivot", col);
    return lca__fail(ctx, LCA_ERR_SINGULAR,
                     "the technosphere matrix is singular to working "
                     "precision (%s; docs/SOLVER.md): results would be "
                     "rounding noise%s%s",
                     evidence, b.count > 0 ? "; " : "", b.text);
}
