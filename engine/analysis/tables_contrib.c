// engine/analysis/tables_contrib.c: a contribution split as a table
// SPDX-License-Identifier: MIT
//
// The chosen rows of one split, a "rest" row (h minus the rows shown, so
// the value column sums to h) and, with Monte Carlo, the distribution of
// each row's value and share. Layout in docs/FORMAT.md ("Analysis files").

#include <math.h>
#include <stdio.h>

#include "ctx_impl.h"
#include "lca/contrib.h"
#include "tables_impl.h"

enum { Q_LO = 0, Q_MID = 3, Q_HI = 6 };  // 2.5, 50 and 97.5 %

static double row_value(const lca_contrib *cb, const lca_contrib_rows *r,
                        int64_t j) {
    if (r->kind == LCA_CONTRIB_GROUP) return r->groups[j];
    if (r->kind == LCA_CONTRIB_SUPPLIER && j < 0) return lca_contrib_own(cb);
    return lca_contrib_values(cb, r->kind)[j];
}

// id and name of row j of the split.
static void row_labels(const lca_model *M, const lca_contrib_rows *r,
                       int64_t j, const char **id, const char **name) {
    if (r->kind == LCA_CONTRIB_GROUP) {
        *id = j < r->ngroups ? r->group_names[j] : "(not in the map)";
        *name = "";
    } else if (r->kind == LCA_CONTRIB_SUPPLIER && j < 0) {
        *id = "(own)";
        *name = "direct emissions of the demanded processes";
    } else {
        lca_axis ax = r->kind == LCA_CONTRIB_FLOW ? LCA_FLOWS : LCA_PRODUCTS;
        *id = lca_model_label(M, ax, LCA_LABEL_ID, j);
        *name = lca_model_label(M, ax, LCA_LABEL_NAME, j);
    }
}

typedef struct cols {
    int64_t *rank;
    double *value, *share, *cum;
    const char **id, **name, **unit, **comp;
    double *mc;  // 7 columns of rows + 1
} cols;

static lca_status cols_alloc(lca_ctx *ctx, size_t R, cols *c) {
    c->rank = lca__malloc(ctx, R, sizeof *c->rank);
    c->value = lca__malloc(ctx, 3 * R, sizeof *c->value);
    c->id = lca__malloc(ctx, 4 * R, sizeof *c->id);
    c->mc = lca__malloc(ctx, 7 * R, sizeof *c->mc);
    if (!c->rank || !c->value || !c->id || !c->mc) {
        return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    }
    c->share = c->value + R;
    c->cum = c->value + 2 * R;
    c->name = c->id + R;
    c->unit = c->id + 2 * R;
    c->comp = c->id + 3 * R;
    return LCA_OK;
}

static void cols_free(lca_ctx *ctx, cols *c) {
    lca__free(ctx, c->rank);
    lca__free(ctx, c->value);
    lca__free(ctx, c->id);
    lca__free(ctx, c->mc);
}

// The Monte Carlo columns of row q (NaN for the rest row).
static void mc_row(const lca_contrib_rows *r, int64_t q, int64_t R,
                   double *mc) {
    const lca_contrib_summary *s = q < r->n ? &r->mc[q] : NULL;
    double v[7] = {NAN, NAN, NAN, NAN, NAN, NAN, NAN};
    if (s != NULL) {
        double w[7] = {s->mean, s->sd, s->q[Q_LO], s->q[Q_MID], s->q[Q_HI],
                       s->share_q[Q_LO], s->share_q[Q_HI]};
        for (int i = 0; i < 7; i++) v[i] = w[i];
    }
    for (int i = 0; i < 7; i++) mc[i * R + q] = v[i];
}

static void fill_rows(const lca_contrib *cb, const lca_model *M, int64_t ind,
                      const lca_contrib_rows *r, cols *c, int64_t R) {
    double h = lca_contrib_total(cb), shown = 0.0, cum = 0.0;
    const char *unit = lca_model_label(M, LCA_INDICATORS, LCA_LABEL_UNIT, ind);
    for (int64_t q = 0; q <= r->n; q++) {
        int rest = q == r->n;
        int64_t j = rest ? 0 : r->idx[q];
        c->value[q] = rest ? h - shown : row_value(cb, r, j);
        shown += rest ? 0.0 : c->value[q];
        cum += c->value[q];
        c->share[q] = h != 0.0 ? c->value[q] / h : NAN;
        c->cum[q] = h != 0.0 ? cum / h : NAN;
        c->rank[q] = rest ? 0 : q + 1;
        c->unit[q] = unit;
        c->comp[q] = "";
        if (rest) {
            c->id[q] = "(rest)";
            c->name[q] = "everything not shown above";
        } else {
            row_labels(M, r, j, &c->id[q], &c->name[q]);
            if (r->kind == LCA_CONTRIB_FLOW) {
                c->comp[q] = lca_model_label(M, LCA_FLOWS,
                                             LCA_LABEL_COMPARTMENT, j);
            }
        }
        if (r->mc != NULL) mc_row(r, q, R, c->mc);
    }
}

static void add_columns(lca__tb *b, const lca_contrib_rows *r, const cols *c,
                        int64_t R) {
    static const char *mc_names[7] = {
        "mc_mean", "mc_sd", "mc_p2_5", "mc_p50", "mc_p97_5",
        "mc_share_p2_5", "mc_share_p97_5",
    };
    lca__tb_int(b, "rank", c->rank);
    lca__tb_num(b, "value", "", c->value);
    lca__tb_num(b, "share", "1", c->share);
    lca__tb_num(b, "cumulative_share", "1", c->cum);
    lca__tb_text(b, "unit", c->unit);
    for (int i = 0; r->mc != NULL && i < 7; i++) {
        lca__tb_num(b, mc_names[i], i >= 5 ? "1" : "", c->mc + i * R);
    }
    lca__tb_text(b, "id", c->id);
    if (r->kind == LCA_CONTRIB_FLOW) lca__tb_text(b, "compartment", c->comp);
    lca__tb_text(b, "name", c->name);
}

lca_status lca_contrib_table(const lca_contrib *cb, const lca_model *M,
                             int64_t ind, const lca_contrib_rows *r,
                             lca_table **out) {
    lca_ctx *ctx = lca_model_ctx(M);
    *out = NULL;
    if (r->n < 0 || r->kind < 0 || r->kind > LCA_CONTRIB_GROUP ||
        (r->kind == LCA_CONTRIB_GROUP && r->groups == NULL)) {
        return lca__fail(ctx, LCA_ERR_ARG, "contribution rows of an unknown "
                         "kind or without group sums");
    }
    int64_t R = r->n + 1;
    cols c = {0};
    lca__tb b = {NULL, cols_alloc(ctx, (size_t)R, &c)};
    if (b.st == LCA_OK) {
        fill_rows(cb, M, ind, r, &c, R);
        lca__tb_start(&b, ctx, lca_contrib_kind_str(r->kind), R);
        add_columns(&b, r, &c, R);
        lca__tb_attr(&b, "indicator",
                     lca_model_label(M, LCA_INDICATORS, LCA_LABEL_ID, ind));
        lca__tb_attr_num(&b, "total", lca_contrib_total(cb));
    }
    cols_free(ctx, &c);
    return lca__tb_finish(&b, out);
}
