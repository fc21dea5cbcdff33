// engine/analysis/tables_spa.c: the tree, paths and summary tables of an lca_spa
// SPDX-License-Identifier: MIT
//
// Column layouts are documented in docs/FORMAT.md ("Analysis files").

#include <math.h>
#include <string.h>

#include "ctx_impl.h"
#include "spa_impl.h"
#include "tables_impl.h"

static const char *ind_label(const lca_model *M, const int64_t *ind,
                             int64_t i, lca_label l) {
    return lca_model_label(M, LCA_INDICATORS, l, ind[i]);
}

lca_status lca_spa_tree_table(const lca_spa *s, const lca_model *M,
                              const int64_t *ind, lca_table **out) {
    lca_ctx *ctx = s->ctx;
    int64_t nn = s->sum.nodes, r = s->r, rows = nn * r;
    size_t R = (size_t)rows + 1;
    int64_t *order = lca__malloc(ctx, (size_t)nn + 1, sizeof *order);
    int64_t *node = lca__malloc(ctx, R, sizeof *node);
    int64_t *parent = lca__malloc(ctx, R, sizeof *parent);
    int64_t *stage = lca__malloc(ctx, R, sizeof *stage);
    int64_t *prod = lca__malloc(ctx, R, sizeof *prod);
    double *num = lca__malloc(ctx, 4 * R, sizeof *num);
    const char **txt = lca__malloc(ctx, 3 * R, sizeof *txt);
    lca__tb b = {NULL, LCA_OK};
    if (!order || !node || !parent || !stage || !prod || !num || !txt) {
        b.st = lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
        goto done;
    }
    b.st = lca_spa_order(s, 0, order);
    if (b.st != LCA_OK) goto done;
    double *amount = num, *cum = num + R, *dir = num + 2 * R, *share = num + 3 * R;
    const char **unit = txt, **iid = txt + R, **aunit = txt + 2 * R;
    for (int64_t q = 0; q < nn; q++) {
        for (int64_t i = 0; i < r; i++) {
            int64_t u = order[q], row = i * nn + q, j = s->product[u];
            node[row] = u;
            parent[row] = s->parent[u];
            stage[row] = s->stage[u];
            prod[row] = j;
            amount[row] = s->amount[u];
            aunit[row] = lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_UNIT, j);
            iid[row] = ind_label(M, ind, i, LCA_LABEL_ID);
            unit[row] = ind_label(M, ind, i, LCA_LABEL_UNIT);
            cum[row] = s->cum[u * r + i];
            dir[row] = s->dir[u * r + i];
            share[row] = s->total[i] != 0.0 ? cum[row] / s->total[i] : NAN;
        }
    }
    const char **pid = lca__tb_labels(M, LCA_PRODUCTS, LCA_LABEL_ID, rows, prod);
    const char **pname = lca__tb_labels(M, LCA_PRODUCTS, LCA_LABEL_NAME, rows,
                                        prod);
    if (pid == NULL || pname == NULL) {
        b.st = lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    } else {
        lca__tb_start(&b, ctx, "tree", rows);
        lca__tb_int(&b, "node", node);
        lca__tb_int(&b, "parent", parent);
        lca__tb_int(&b, "stage", stage);
        lca__tb_text(&b, "indicator", iid);
        lca__tb_num(&b, "cumulative", "", cum);
        lca__tb_num(&b, "direct", "", dir);
        lca__tb_num(&b, "share", "1", share);
        lca__tb_text(&b, "unit", unit);
        lca__tb_num(&b, "amount", "", amount);
        lca__tb_text(&b, "amount_unit", aunit);
        lca__tb_text(&b, "product_id", pid);
        lca__tb_text(&b, "product_name", pname);
    }
    lca__free(ctx, pid);
    lca__free(ctx, pname);
done:
    lca__free(ctx, order);
    lca__free(ctx, node);
    lca__free(ctx, parent);
    lca__free(ctx, stage);
    lca__free(ctx, prod);
    lca__free(ctx, num);
    lca__free(ctx, txt);
    return lca__tb_finish(&b, out);
}

// "a <- b <- c" of the labels l of node v's path, root first; NULL if out
// of memory. The caller frees it.
static char *path_text(const lca_spa *s, const lca_model *M, int64_t v,
                       lca_label l) {
    size_t len = 1;
    for (int64_t u = v; u >= 0; u = s->parent[u]) {
        len += strlen(lca_model_label(M, LCA_PRODUCTS, l, s->product[u])) + 4;
    }
    char *out = lca__malloc(s->ctx, len, 1);
    if (out == NULL) return NULL;
    size_t pos = len - 1;
    out[pos] = '\0';
    for (int64_t u = v; u >= 0; u = s->parent[u]) {
        const char *lab = lca_model_label(M, LCA_PRODUCTS, l, s->product[u]);
        size_t n = strlen(lab);
        pos -= n;
        memcpy(out + pos, lab, n);
        if (s->parent[u] >= 0) {
            pos -= 4;
            memcpy(out + pos, " <- ", 4);
        }
    }
    memmove(out, out + pos, len - pos);
    return out;
}

// The rows of the paths table: indicator position, node and rank.
typedef struct path_rows {
    int64_t n, *ipos, *node, *rank;
} path_rows;

static lca_status collect_paths(const lca_spa *s, int64_t top, path_rows *p) {
    int64_t k = top < s->sum.nodes ? top : s->sum.nodes;
    size_t R = (size_t)(k * s->r) + 1;
    p->ipos = lca__malloc(s->ctx, R, sizeof *p->ipos);
    p->node = lca__malloc(s->ctx, R, sizeof *p->node);
    p->rank = lca__malloc(s->ctx, R, sizeof *p->rank);
    if (!p->ipos || !p->node || !p->rank) {
        return lca__fail(s->ctx, LCA_ERR_NOMEM, "out of memory");
    }
    p->n = 0;
    for (int64_t i = 0; i < s->r; i++) {
        int64_t count;
        lca_status st = lca_spa_paths(s, i, k, p->node + p->n, &count);
        if (st != LCA_OK) return st;
        for (int64_t q = 0; q < count; q++) {
            p->ipos[p->n + q] = i;
            p->rank[p->n + q] = q + 1;
        }
        p->n += count;
    }
    return LCA_OK;
}

static lca_status paths_columns(lca__tb *b, const lca_spa *s,
                                const lca_model *M, const int64_t *ind,
                                const path_rows *p, char **ids, char **names) {
    size_t R = (size_t)p->n + 1;
    double *val = lca__malloc(s->ctx, R, sizeof *val);
    double *share = lca__malloc(s->ctx, R, sizeof *share);
    int64_t *stage = lca__malloc(s->ctx, R, sizeof *stage);
    const char **iid = lca__malloc(s->ctx, R, sizeof *iid);
    const char **unit = lca__malloc(s->ctx, R, sizeof *unit);
    if (val && share && stage && iid && unit) {
        for (int64_t q = 0; q < p->n; q++) {
            int64_t i = p->ipos[q], v = p->node[q];
            val[q] = s->dir[v * s->r + i];
            share[q] = s->total[i] != 0.0 ? val[q] / s->total[i] : NAN;
            stage[q] = s->stage[v];
            iid[q] = ind_label(M, ind, i, LCA_LABEL_ID);
            unit[q] = ind_label(M, ind, i, LCA_LABEL_UNIT);
        }
        lca__tb_start(b, s->ctx, "paths", p->n);
        lca__tb_text(b, "indicator", iid);
        lca__tb_int(b, "rank", p->rank);
        lca__tb_num(b, "value", "", val);
        lca__tb_num(b, "share", "1", share);
        lca__tb_text(b, "unit", unit);
        lca__tb_int(b, "stage", stage);
        lca__tb_int(b, "node", p->node);
        lca__tb_text(b, "path_ids", (const char *const *)ids);
        lca__tb_text(b, "path_names", (const char *const *)names);
    } else {
        b->st = lca__fail(s->ctx, LCA_ERR_NOMEM, "out of memory");
    }
    lca__free(s->ctx, val);
    lca__free(s->ctx, share);
    lca__free(s->ctx, stage);
    lca__free(s->ctx, iid);
    lca__free(s->ctx, unit);
    return b->st;
}

lca_status lca_spa_paths_table(const lca_spa *s, const lca_model *M,
                               const int64_t *ind, int64_t top,
                               lca_table **out) {
    *out = NULL;
    if (top < 0) return lca__fail(s->ctx, LCA_ERR_ARG, "top %lld < 0",
                                  (long long)top);
    path_rows p = {0, NULL, NULL, NULL};
    lca__tb b = {NULL, collect_paths(s, top, &p)};
    char **ids = NULL, **names = NULL;
    if (b.st == LCA_OK) {
        ids = lca__calloc(s->ctx, (size_t)p.n + 1, sizeof *ids);
        names = lca__calloc(s->ctx, (size_t)p.n + 1, sizeof *names);
        for (int64_t q = 0; ids && names && q < p.n; q++) {
            ids[q] = path_text(s, M, p.node[q], LCA_LABEL_ID);
            names[q] = path_text(s, M, p.node[q], LCA_LABEL_NAME);
            if (ids[q] == NULL || names[q] == NULL) break;
        }
        int ok = ids && names && (p.n == 0 || (ids[p.n - 1] && names[p.n - 1]));
        if (ok) {
            paths_columns(&b, s, M, ind, &p, ids, names);
        } else {
            b.st = lca__fail(s->ctx, LCA_ERR_NOMEM, "out of memory");
        }
    }
    for (int64_t q = 0; q < p.n; q++) {
        if (ids != NULL) lca__free(s->ctx, ids[q]);
        if (names != NULL) lca__free(s->ctx, names[q]);
    }
    lca__free(s->ctx, ids);
    lca__free(s->ctx, names);
    lca__free(s->ctx, p.ipos);
    lca__free(s->ctx, p.node);
    lca__free(s->ctx, p.rank);
    return lca__tb_finish(&b, out);
}

lca_status lca_spa_summary_table(const lca_spa *s, const lca_model *M,
                                 const int64_t *ind, lca_table **out) {
    int64_t r = s->r;
    const char **txt = lca__malloc(s->ctx, 3 * (size_t)r, sizeof *txt);
    double *cov = lca__malloc(s->ctx, (size_t)r, sizeof *cov);
    lca__tb b = {NULL, LCA_OK};
    if (txt == NULL || cov == NULL) {
        b.st = lca__fail(s->ctx, LCA_ERR_NOMEM, "out of memory");
    } else {
        for (int64_t i = 0; i < r; i++) {
            txt[i] = ind_label(M, ind, i, LCA_LABEL_ID);
            txt[r + i] = ind_label(M, ind, i, LCA_LABEL_NAME);
            txt[2 * r + i] = ind_label(M, ind, i, LCA_LABEL_UNIT);
            cov[i] = s->total[i] != 0.0 ? s->enumerated[i] / s->total[i] : NAN;
        }
        lca__tb_start(&b, s->ctx, "summary", r);
        lca__tb_text(&b, "indicator", txt);
        lca__tb_text(&b, "indicator_name", txt + r);
        lca__tb_text(&b, "unit", txt + 2 * r);
        lca__tb_num(&b, "total", "", s->total);
        lca__tb_num(&b, "enumerated", "", s->enumerated);
        lca__tb_num(&b, "residual", "", s->residual);
        lca__tb_num(&b, "coverage", "1", cov);
        lca__tb_attr_num(&b, "nodes", (double)s->sum.nodes);
        lca__tb_attr_num(&b, "expanded", (double)s->sum.expanded);
        lca__tb_attr_num(&b, "pruned", (double)s->sum.pruned);
        lca__tb_attr_num(&b, "unvisited", (double)s->sum.unvisited);
        lca__tb_attr(&b, "budget_reached", s->sum.budget_reached ? "yes" : "no");
        lca__tb_attr(&b, "bound_exact", s->sum.bound_exact ? "yes" : "no");
        lca__tb_attr(&b, "top_certain", s->sum.top_certain ? "yes" : "no");
        lca__tb_attr_num(&b, "closure", s->sum.closure);
    }
    lca__free(s->ctx, txt);
    lca__free(s->ctx, cov);
    return lca__tb_finish(&b, out);
}
