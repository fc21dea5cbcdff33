// engine/method/method_match.c: applying a characterization method to a model
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
    char *assumed;    // 1: compartment not recognised, taken as air
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
    lca__free(ctx, fk->assumed);
    lca__free(ctx, fk->choice);
}

// A flow in a compartment nobody recognises (USLCI's bare "Elementary
// Flows") is taken as an emission to air: resources, water, soil and waste
// compartments are all recognised, and such a flow matches only rows for
// air, that is, only when its name or CAS number is that of a gas the
// method knows. The report lists every flow so taken. (The sign of its
// entries in B cannot tell: USLCI records an avoided emission as a
// negative output, which is an entry < 0 like an input.)
static void assume_air(const lca_model *M, flow_keys *fk) {
    for (int64_t j = 0; j < lca_model_dim(M, LCA_FLOWS); j++) {
        fk->assumed[j] = fk->kind[j] == LCA__COMP_UNKNOWN;
        if (fk->assumed[j]) fk->kind[j] = LCA__COMP_AIR;
    }
}

static lca_status make_keys(const lca_model *M, int64_t k, flow_keys *fk) {
    lca_ctx *ctx = lca_model_ctx(M);
    int64_t m = lca_model_dim(M, LCA_FLOWS);
    size_t total = 1;
    for (int64_t j = 0; j < m; j++) total += strlen(flow_name(M, j)) + 1;
    fk->buf = lca__malloc(ctx, total, 1);
    fk->key = lca__malloc(ctx, (size_t)m, sizeof *fk->key);
    fk->cas = lca__malloc(ctx, (size_t)m, sizeof *fk->cas);
    fk->kind = lca__malloc(ctx, (size_t)m + 1, 1);
    fk->assumed = lca__calloc(ctx, (size_t)m + 1, 1);
    fk->choice = lca__malloc(ctx, (size_t)m, (size_t)k * sizeof *fk->choice);
    if (fk->buf == NULL || fk->key == NULL || fk->cas == NULL ||
        fk->kind == NULL || fk->assumed == NULL || fk->choice == NULL) {
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
    assume_air(M, fk);
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

// The rows of C: the method's outputs, or one per factor set.
static int64_t nout(const lca_method *meth) {
    return meth->nout > 0 ? meth->nout : meth->k;
}

// Entry of output d for flow j, whose row for d's factor set is r: the
// factor when the row's tags and the flow's compartment pass d's
// selections, else 0 (no entry).
static double out_factor(const lca_method *meth, const lca_model *M,
                         int64_t d, int64_t j, const lca__method_row *row,
                         double sign) {
    if (meth->nout == 0) return sign * row->factor;
    const lca__method_output *o = &meth->out[d];
    const char *comp = lca_model_label(M, LCA_FLOWS, LCA_LABEL_COMPARTMENT, j);
    int pass = lca__tag_in_list(o->s[LCA__OUT_COMPONENTS], row->component) &&
               lca__tag_in_list(o->s[LCA__OUT_GASES], row->gas) &&
               lca__place_in_list(o->s[LCA__OUT_PLACES], comp);
    return pass ? sign * row->factor : 0.0;
}

// Factors are per unit of flow as published (per kg taken up, for a
// resource); a model whose B holds inputs from nature as negative entries
// (attribute elementary_inputs = negative: the process database importers)
// gets them turned round for resources, so that taking up 1 kg of CO2
// counts -1 kg CO2-eq there too.
static double flow_sign(const lca_model *M, const flow_keys *fk, int64_t j) {
    const char *in = lca_model_attr(M, "elementary_inputs");
    int negative = in != NULL && strcmp(in, "negative") == 0;
    return negative && fk->kind[j] == LCA__COMP_RESOURCE ? -1.0 : 1.0;
}

// C from the choices (zero factors and rows without a factor left out);
// counts[r] = flows per row.
static lca_status build_C(const lca_method *meth, const lca_model *M,
                          const flow_keys *fk, int64_t *counts,
                          lca_method_summary *sum, lca_csc **C) {
    lca_ctx *ctx = lca_model_ctx(M);
    int64_t m = lca_model_dim(M, LCA_FLOWS), k = meth->k, kout = nout(meth);
    int64_t nt = 0;
    int64_t *Ti = lca__malloc(ctx, (size_t)m, (size_t)kout * sizeof *Ti);
    int64_t *Tj = lca__malloc(ctx, (size_t)m, (size_t)kout * sizeof *Tj);
    double *Tx = lca__malloc(ctx, (size_t)m, (size_t)kout * sizeof *Tx);
    lca_status st = LCA_OK;
    if (Ti == NULL || Tj == NULL || Tx == NULL) {
        st = lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
        goto done;
    }
    for (int64_t j = 0; j < m; j++) {
        int any = 0;
        for (int64_t i = 0; i < k; i++) {
            int64_t r = fk->choice[j * k + i];
            if (r >= 0) counts[r]++;
            any |= r >= 0;
        }
        sum->flows_matched += any;
        for (int64_t d = 0; d < kout; d++) {
            int64_t set = meth->nout > 0 ? meth->out[d].set : d;
            int64_t r = fk->choice[j * k + set];
            if (r < 0) continue;
            double v = out_factor(meth, M, d, j, &meth->rows[r],
                                  flow_sign(M, fk, j));
            if (v == 0.0 || v != v) continue;  // zero, or no factor (NaN)
            Ti[nt] = d;
            Tj[nt] = j;
            Tx[nt++] = v;
        }
    }
    sum->factors = nt;
    st = lca_csc_from_triplets(ctx, kout, m, nt, Ti, Tj, Tx, C);
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
        char detail[512], value[64];
        if (row->factor != row->factor) {
            snprintf(value, sizeof value, "no factor");
        } else {
            snprintf(value, sizeof value, "%.10g %s per %s", row->factor,
                     meth->ind[2][row->ind],
                     row->unit[0] ? row->unit : "flow unit");
        }
        snprintf(detail, sizeof detail, "%s %s = %s%s%s%s%s%s: %lld flow(s)",
                 meth->name, meth->ind[0][row->ind], value,
                 row->compartment[0] ? " (compartment '" : "",
                 row->compartment, row->compartment[0] ? "')" : "",
                 row->component[0] ? ", component " : "", row->component,
                 (long long)counts[r]);
        lca_status st = lca_model_add_report(M, "method match", row->cas_text,
                                             row->name, detail);
        if (st != LCA_OK) return st;
        sum->rows_used++;
    }
    return LCA_OK;
}

static lca_status report_line(lca_model *M, const char *kind, int64_t j,
                              const char *detail) {
    return lca_model_add_report(M, kind,
                                lca_model_label(M, LCA_FLOWS, LCA_LABEL_ID, j),
                                flow_name(M, j), detail);
}

// Per flow: "unmatched GHG flow" (no row, looks like a greenhouse gas),
// "GHG without factor" (matched a row without a factor), "assumed emission
// to air" (matched, in a compartment taken as air).
static lca_status report_flows(const lca_method *meth, lca_model *M,
                               const flow_keys *fk, lca_method_summary *sum) {
    int64_t m = lca_model_dim(M, LCA_FLOWS), k = meth->k;
    lca_status st = LCA_OK;
    for (int64_t j = 0; j < m && st == LCA_OK; j++) {
        int64_t any = -1;
        for (int64_t i = 0; i < k; i++) {
            if (fk->choice[j * k + i] >= 0) any = fk->choice[j * k + i];
        }
        const char *comp =
            lca_model_label(M, LCA_FLOWS, LCA_LABEL_COMPARTMENT, j);
        char detail[512];
        if (any >= 0 && meth->rows[any].factor != meth->rows[any].factor) {
            snprintf(detail, sizeof detail, "%s lists '%s' without a factor "
                     "(a mixture of unstated composition has no single GWP)",
                     meth->name, meth->rows[any].name);
            st = report_line(M, "GHG without factor", j, detail);
            sum->no_factor++;
        }
        if (st == LCA_OK && any >= 0 && fk->assumed[j]) {
            snprintf(detail, sizeof detail, "compartment '%s' is not "
                     "recognised; %s counts the flow, a gas it knows, as an "
                     "emission to air", comp, meth->name);
            st = report_line(M, "assumed emission to air", j, detail);
            sum->assumed_air++;
        }
        if (st != LCA_OK || any >= 0 || fk->kind[j] == LCA__COMP_OTHER ||
            fk->kind[j] == LCA__COMP_RESOURCE ||
            !lca__name_looks_ghg(flow_name(M, j))) {
            continue;
        }
        snprintf(detail, sizeof detail, "no factor in %s (compartment '%s', "
                 "unit '%s', CAS '%s')", meth->name, comp,
                 lca_model_label(M, LCA_FLOWS, LCA_LABEL_UNIT, j),
                 lca_model_label(M, LCA_FLOWS, LCA_LABEL_CAS, j));
        st = report_line(M, "unmatched GHG flow", j, detail);
        sum->ghg_unmatched++;
    }
    return st;
}

// The new indicator labels: the outputs' (with split tags), or the sets'.
static lca_status set_labels(const lca_method *meth, lca_model *M,
                             const lca_csc *C) {
    lca_ctx *ctx = lca_model_ctx(M);
    if (meth->nout == 0) {
        return lca_model_set_C(M, C, (const char *const *)meth->ind[0],
                               (const char *const *)meth->ind[1],
                               (const char *const *)meth->ind[2]);
    }
    int64_t kout = meth->nout;
    const char **v = lca__malloc(ctx, 3 * (size_t)kout + 1, sizeof *v);
    char **tags = lca__calloc(ctx, (size_t)kout + 1, sizeof *tags);
    lca_status st = LCA_OK;
    if (v == NULL || tags == NULL) {
        st = lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
        goto done;
    }
    for (int64_t d = 0; d < kout && st == LCA_OK; d++) {
        const lca__method_output *o = &meth->out[d];
        for (int l = 0; l < 3; l++) v[l * kout + d] = o->s[l];
        size_t n = strlen(o->s[LCA__OUT_GROUP]) + strlen(o->s[LCA__OUT_ROLE]);
        tags[d] = lca__malloc(ctx, n + 2, 1);
        if (tags[d] == NULL) {
            st = lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
            break;
        }
        snprintf(tags[d], n + 2, "%s%s%s", o->s[LCA__OUT_GROUP],
                 n > 0 ? ":" : "", o->s[LCA__OUT_ROLE]);
    }
    if (st == LCA_OK) {
        st = lca__model_set_C_tagged(M, C, v, v + kout, v + 2 * kout,
                                     (const char *const *)tags);
    }
done:
    for (int64_t d = 0; tags != NULL && d < kout; d++) lca__free(ctx, tags[d]);
    lca__free(ctx, tags);
    lca__free(ctx, v);
    return st;
}

lca_status lca_method_apply(const lca_method *meth, lca_model *M,
                            lca_method_summary *sum_out) {
    lca_ctx *ctx = lca_model_ctx(M);
    int64_t m = lca_model_dim(M, LCA_FLOWS), k = meth->k;
    int64_t n0 = lca_model_nreports(M);
    lca_method_summary sum = {0, 0, 0, 0, 0, 0};
    flow_keys fk = {NULL, NULL, NULL, NULL, NULL, NULL};
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
    st = build_C(meth, M, &fk, counts, &sum, &C);
    if (st == LCA_OK) st = report_rows(meth, M, counts, &sum);
    if (st == LCA_OK) st = report_flows(meth, M, &fk, &sum);
    if (st == LCA_OK) st = set_labels(meth, M, C);
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
