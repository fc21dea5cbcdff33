// engine/method_match.c: applying a characterization method to a model
// SPDX-License-Identifier: MIT
//
// Every flow is compared with every factor row: O(m R) cheap comparisons
// (an integer CAS, a precomputed name key), which for USEEIO's 2,412 flows
// and a GWP method's ~100 rows takes well under a millisecond. An index by
// CAS and name would be faster for large methods but needs the compartment
// and unit checks all the same; it can come when a method needs it.
//
// For each flow and indicator the row is chosen in this order:
//   1. a row with the flow's CAS number and the flow's name,
//   2. the first row with the flow's CAS number,
//   3. the first row with the flow's name,
// always among the rows whose compartment and unit admit the flow. Step 2
// is how "Methane" (CAS 74-82-8, listed first) is the default for a
// methane flow whose name the method does not know; step 1 is how
// "Methane, non-fossil" with the same CAS number still gets its own value.

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "csc_impl.h"
#include "ctx_impl.h"
#include "method_impl.h"

typedef struct flow_keys {
    char *buf;        // all name keys, NUL-separated
    int64_t *key;     // key of flow j at buf + key[j]
    int64_t *cas;     // CAS as an integer, 0 when none or unreadable
    char *kind;       // lca__compartment of each flow
    int64_t *choice;  // m x k: the row chosen for flow j, indicator i, or -1
} flow_keys;

static const char *flow_name(const lca_model *M, int64_t j) {
    const char *s = lca_model_label(M, LCA_FLOWS, LCA_LABEL_NAME, j);
    return s[0] != '\0' ? s : lca_model_label(M, LCA_FLOWS, LCA_LABEL_ID, j);
}

static void free_keys(lca_ctx *ctx, flow_keys *fk) {
    lca__free(ctx, fk->buf);
    lca__free(ctx, fk->key);
    lca__free(ctx, fk->cas);
    lca__free(ctx, fk->kind);
    lca__free(ctx, fk->choice);
}

static lca_status make_keys(const lca_model *M, int64_t k, flow_keys *fk) {
    lca_ctx *ctx = lca_model_ctx(M);
    int64_t m = lca_model_dim(M, LCA_FLOWS);
    size_t total = 1;
    for (int64_t j = 0; j < m; j++) total += strlen(flow_name(M, j)) + 1;
    fk->buf = lca__malloc(ctx, total, 1);
    fk->key = lca__malloc(ctx, (size_t)m, sizeof *fk->key);
    fk->cas = lca__malloc(ctx, (size_t)m, sizeof *fk->cas);
    fk->kind = lca__malloc(ctx, (size_t)m, 1);
    fk->choice = lca__malloc(ctx, (size_t)m, (size_t)k * sizeof *fk->choice);
    if (fk->buf == NULL || fk->key == NULL || fk->cas == NULL ||
        fk->kind == NULL || fk->choice == NULL) {
        return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    }
    int64_t at = 0;
    for (int64_t j = 0; j < m; j++) {
        fk->key[j] = at;
        lca__name_key(flow_name(M, j), fk->buf + at);
        at += (int64_t)strlen(fk->buf + at) + 1;
        const char *cas = lca_model_label(M, LCA_FLOWS, LCA_LABEL_CAS, j);
        if (!lca__cas_parse(cas, 0, &fk->cas[j])) fk->cas[j] = 0;
        const char *comp =
            lca_model_label(M, LCA_FLOWS, LCA_LABEL_COMPARTMENT, j);
        fk->kind[j] = (char)lca__compartment_kind(comp);
    }
    return LCA_OK;
}

static int equal_ci(const char *a, const char *b) {
    for (; *a != '\0' && *b != '\0'; a++, b++) {
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b)) return 0;
    }
    return *a == *b;
}

// Do the row's compartment and unit admit flow j?
static int admits(const lca_model *M, const flow_keys *fk, int64_t j,
                  const lca__method_row *row) {
    const char *unit = lca_model_label(M, LCA_FLOWS, LCA_LABEL_UNIT, j);
    if (row->unit[0] != '\0' && unit[0] != '\0' && !equal_ci(row->unit, unit)) {
        return 0;
    }
    if (row->compartment[0] == '\0') {
        return fk->kind[j] == LCA__COMP_AIR || fk->kind[j] == LCA__COMP_EMPTY;
    }
    const char *comp = lca_model_label(M, LCA_FLOWS, LCA_LABEL_COMPARTMENT, j);
    return lca__compartment_within(comp, row->compartment);
}

// choice[j*k + i] for every indicator i of flow j; w has 3k entries.
static void match_flow(const lca_method *meth, const lca_model *M,
                       flow_keys *fk, int64_t j, int64_t *w) {
    int64_t k = meth->k;
    int64_t *cas_named = w, *cas_first = w + k, *named = w + 2 * k;
    for (int64_t i = 0; i < 3 * k; i++) w[i] = -1;
    const char *key = fk->buf + fk->key[j];
    for (int64_t r = 0; r < meth->nrows; r++) {
        const lca__method_row *row = &meth->rows[r];
        int same_cas = fk->cas[j] != 0 && row->cas == fk->cas[j];
        int same_name = row->key[0] != '\0' && strcmp(row->key, key) == 0;
        if ((!same_cas && !same_name) || !admits(M, fk, j, row)) continue;
        int64_t i = row->ind;
        if (same_cas && same_name && cas_named[i] < 0) cas_named[i] = r;
        if (same_cas && cas_first[i] < 0) cas_first[i] = r;
        if (same_name && named[i] < 0) named[i] = r;
    }
    for (int64_t i = 0; i < k; i++) {
        fk->choice[j * k + i] = cas_named[i] >= 0   ? cas_named[i]
                                : cas_first[i] >= 0 ? cas_first[i]
                                                    : named[i];
    }
}

// C from the choices (zero factors left out); counts[r] = flows per row.
static lca_status build_C(const lca_method *meth, lca_ctx *ctx, int64_t m,
                          const flow_keys *fk, int64_t *counts,
                          lca_method_summary *sum, lca_csc **C) {
    int64_t k = meth->k, nt = 0;
    int64_t *Ti = lca__malloc(ctx, (size_t)m, (size_t)k * sizeof *Ti);
    int64_t *Tj = lca__malloc(ctx, (size_t)m, (size_t)k * sizeof *Tj);
    double *Tx = lca__malloc(ctx, (size_t)m, (size_t)k * sizeof *Tx);
    lca_status st = LCA_OK;
    if (Ti == NULL || Tj == NULL || Tx == NULL) {
        st = lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
        goto done;
    }
    for (int64_t j = 0; j < m; j++) {
        int any = 0;
        for (int64_t i = 0; i < k; i++) {
            int64_t r = fk->choice[j * k + i];
            if (r < 0) continue;
            any = 1;
            counts[r]++;
            if (meth->rows[r].factor == 0.0) continue;
            Ti[nt] = i;
            Tj[nt] = j;
            Tx[nt++] = meth->rows[r].factor;
        }
        sum->flows_matched += any;
    }
    sum->factors = nt;
    st = lca_csc_from_triplets(ctx, k, m, nt, Ti, Tj, Tx, C);
done:
    lca__free(ctx, Ti);
    lca__free(ctx, Tj);
    lca__free(ctx, Tx);
    return st;
}

static lca_status report_rows(const lca_method *meth, lca_model *M,
                              const int64_t *counts, lca_method_summary *sum) {
    for (int64_t r = 0; r < meth->nrows; r++) {
        if (counts[r] == 0) continue;
        const lca__method_row *row = &meth->rows[r];
        char detail[512];
        snprintf(detail, sizeof detail, "%s %s = %.10g %s per %s%s%s%s: %lld "
                 "flow(s)", meth->name, meth->ind[0][row->ind], row->factor,
                 meth->ind[2][row->ind],
                 row->unit[0] ? row->unit : "flow unit",
                 row->compartment[0] ? " (compartment '" : "",
                 row->compartment, row->compartment[0] ? "')" : "",
                 (long long)counts[r]);
        lca_status st = lca_model_add_report(M, "method match", row->cas_text,
                                             row->name, detail);
        if (st != LCA_OK) return st;
        sum->rows_used++;
    }
    return LCA_OK;
}

static lca_status report_unmatched(const lca_method *meth, lca_model *M,
                                   const flow_keys *fk,
                                   lca_method_summary *sum) {
    int64_t m = lca_model_dim(M, LCA_FLOWS), k = meth->k;
    for (int64_t j = 0; j < m; j++) {
        int any = 0;
        for (int64_t i = 0; i < k; i++) any |= fk->choice[j * k + i] >= 0;
        if (any || fk->kind[j] == LCA__COMP_OTHER ||
            !lca__name_looks_ghg(flow_name(M, j))) {
            continue;
        }
        char detail[512];
        snprintf(detail, sizeof detail, "no factor in %s (compartment '%s', "
                 "unit '%s', CAS '%s')", meth->name,
                 lca_model_label(M, LCA_FLOWS, LCA_LABEL_COMPARTMENT, j),
                 lca_model_label(M, LCA_FLOWS, LCA_LABEL_UNIT, j),
                 lca_model_label(M, LCA_FLOWS, LCA_LABEL_CAS, j));
        lca_status st = lca_model_add_report(
            M, "unmatched GHG flow", lca_model_label(M, LCA_FLOWS,
                                                     LCA_LABEL_ID, j),
            flow_name(M, j), detail);
        if (st != LCA_OK) return st;
        sum->ghg_unmatched++;
    }
    return LCA_OK;
}

lca_status lca_method_apply(const lca_method *meth, lca_model *M,
                            lca_method_summary *sum_out) {
    lca_ctx *ctx = lca_model_ctx(M);
    int64_t m = lca_model_dim(M, LCA_FLOWS), k = meth->k;
    int64_t n0 = lca_model_nreports(M);
    lca_method_summary sum = {0, 0, 0, 0};
    flow_keys fk = {NULL, NULL, NULL, NULL, NULL};
    lca_csc *C = NULL;
    int64_t *w = lca__malloc(ctx, 3 * (size_t)k + 1, sizeof *w);
    int64_t *counts = lca__calloc(ctx, (size_t)meth->nrows + 1, sizeof *counts);
    lca_status st = LCA_OK;
    if (w == NULL || counts == NULL) {
        st = lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
        goto done;
    }
    st = make_keys(M, k, &fk);
    if (st != LCA_OK) goto done;
    for (int64_t j = 0; j < m; j++) match_flow(meth, M, &fk, j, w);
    st = build_C(meth, ctx, m, &fk, counts, &sum, &C);
    if (st == LCA_OK) st = report_rows(meth, M, counts, &sum);
    if (st == LCA_OK) st = report_unmatched(meth, M, &fk, &sum);
    if (st == LCA_OK) {
        st = lca_model_set_C(M, C, (const char *const *)meth->ind[0],
                             (const char *const *)meth->ind[1],
                             (const char *const *)meth->ind[2]);
    }
    if (st != LCA_OK) {
        lca__model_truncate_report(M, n0);
        goto done;
    }
    if (sum_out != NULL) *sum_out = sum;
done:
    free_keys(ctx, &fk);
    lca_csc_destroy(&C);
    lca__free(ctx, w);
    lca__free(ctx, counts);
    return st;
}
