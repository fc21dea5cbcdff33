// io/export/export_mc_csv.c: the CSV tables of a Monte Carlo results file
// SPDX-License-Identifier: MIT
//
// factor_stats.csv (product x indicator), demand_stats.csv (demand x
// indicator), demand_samples.csv (iteration x demand x indicator),
// convergence.csv, failures.csv and, for chosen products,
// factor_samples.csv; columns in docs/FORMAT.md ("CSV and Matrix Market
// exports"). The dialect is that of every CSV file leontief writes.

#include <math.h>
#include <stdio.h>

#include "engine/ctx_impl.h"
#include "io/export/export_mc_impl.h"
#include "io/util/textout_impl.h"

static const char *const qcols[NQ] = {"p2_5", "p5",  "p25",  "p50",
                                      "p75",  "p95", "p97_5"};

static void fields(lca__textout *w, int n, const char *const *s) {
    for (int i = 0; i < n; i++) lca__textout_field(w, s[i]);
}

static void indicator(lca__textout *w, const mcdata *m, int64_t r) {
    for (int l = 0; l < 3; l++) lca__textout_field(w, m->il[l][r]);
}

static void product(lca__textout *w, const mcdata *m, int64_t j) {
    for (int l = 0; l < 3; l++) lca__textout_field(w, m->pl[l][j]);
}

static void factor_stats(lca__textout *w, const mcdata *m) {
    const char *h[] = {"product_id",   "product_name",   "product_unit",
                       "indicator_id", "indicator_name", "indicator_unit"};
    fields(w, 6, h);
    fields(w, 6, lca__mc_stat_names);
    lca__textout_field(w, "gsd");
    fields(w, NQ, qcols);
    lca__textout_end(w);
    for (int64_t j = 0; j < m->n; j++) {
        for (int64_t r = 0; r < m->q; r++) {
            product(w, m, j);
            indicator(w, m, r);
            for (int s = 0; s < 6; s++) {
                lca__textout_number(w, m->stats[s][r * m->n + j]);
            }
            lca__textout_number(w, m->gsd ? m->gsd[r * m->n + j] : NAN);
            for (int i = 0; i < NQ; i++) {
                lca__textout_number(
                    w, m->fq ? m->fq[(i * m->q + r) * m->n + j] : NAN);
            }
            lca__textout_end(w);
        }
    }
}

static void demand_stats(lca__textout *w, const mcdata *m) {
    const char *h[] = {"demand", "indicator_id", "indicator_name",
                       "unit",   "mean",         "sd"};
    fields(w, 6, h);
    fields(w, NQ, qcols);
    lca__textout_end(w);
    for (int64_t k = 0; k < m->d; k++) {
        for (int64_t r = 0; r < m->q; r++) {
            lca__textout_field(w, m->dnames[k]);
            indicator(w, m, r);
            lca__textout_number(w, m->dmean[k * m->q + r]);
            lca__textout_number(w, m->dsd[k * m->q + r]);
            for (int i = 0; i < NQ; i++) {
                lca__textout_number(w, m->dq[(i * m->d + k) * m->q + r]);
            }
            lca__textout_end(w);
        }
    }
}

// Iteration t's value (NaN: the iteration failed) of demand or product k.
static void samples(lca__textout *w, const mcdata *m, int demands) {
    const char *hd[] = {"iteration", "demand", "indicator_id", "value"};
    const char *hp[] = {"iteration", "product_id", "product_name",
                        "indicator_id", "value"};
    if (demands) {
        fields(w, 4, hd);
    } else {
        fields(w, 5, hp);
    }
    lca__textout_end(w);
    int64_t nk = demands ? m->d : m->np;
    for (int64_t k = 0; k < nk; k++) {
        for (int64_t t = 0; t < m->N; t++) {
            for (int64_t r = 0; r < m->q; r++) {
                lca__textout_number(w, (double)t);
                if (demands) {
                    lca__textout_field(w, m->dnames[k]);
                } else {
                    lca__textout_field(w, m->pl[0][m->sel[k]]);
                    lca__textout_field(w, m->pl[1][m->sel[k]]);
                }
                lca__textout_field(w, m->il[0][r]);
                double v = demands ? m->scores[(t * m->d + k) * m->q + r]
                                   : m->samples[(k * m->N + t) * m->q + r];
                lca__textout_number(w, v);
                lca__textout_end(w);
            }
        }
    }
}

static void convergence(lca__textout *w, const mcdata *m) {
    const char *h[] = {"iterations", "demand", "indicator_id", "mean",
                       "ci95_halfwidth"};
    fields(w, 5, h);
    lca__textout_end(w);
    for (int64_t c = 0; c < m->c; c++) {
        for (int64_t k = 0; k < m->d; k++) {
            for (int64_t r = 0; r < m->q; r++) {
                int64_t at = (c * m->d + k) * m->q + r;
                lca__textout_number(w, (double)m->citer[c]);
                lca__textout_field(w, m->dnames[k]);
                lca__textout_field(w, m->il[0][r]);
                lca__textout_number(w, m->cmean[at]);
                lca__textout_number(w, m->chalf[at]);
                lca__textout_end(w);
            }
        }
    }
}

static void failures(lca__textout *w, const mcdata *m) {
    const char *h[] = {"iteration", "reason"};
    fields(w, 2, h);
    lca__textout_end(w);
    for (int64_t i = 0; i < m->f; i++) {
        lca__textout_number(w, (double)m->fiter[i]);
        lca__textout_field(w, m->reasons[i]);
        lca__textout_end(w);
    }
}

typedef void (*table_fn)(lca__textout *w, const mcdata *m);

static lca_status write_table(lca_ctx *ctx, const char *dir, const char *name,
                              table_fn fn, const mcdata *m, int demands) {
    char *path = lca__path_join(ctx, dir, name);
    if (path == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    lca__textout *w = NULL;
    lca_status st = lca__textout_create(ctx, path, &w);
    lca__free(ctx, path);
    if (st != LCA_OK) return st;
    if (fn != NULL) {
        fn(w, m);
    } else {
        samples(w, m, demands);
    }
    return lca__textout_commit(&w);
}

lca_status lca_mcfile_write_csv(lca_ctx *ctx, const char *path, const char *dir,
                                int64_t np, const char *const *products) {
    mcdata m;
    lca_status st = lca__mcdata_read(ctx, path, np, products, &m);
    if (st != LCA_OK) return st;
    st = lca__make_dir(ctx, dir);
    if (st == LCA_OK) {
        st = write_table(ctx, dir, "factor_stats.csv", factor_stats, &m, 0);
    }
    if (st == LCA_OK && m.d > 0) {
        st = write_table(ctx, dir, "demand_stats.csv", demand_stats, &m, 0);
    }
    if (st == LCA_OK && m.d > 0) {
        st = write_table(ctx, dir, "demand_samples.csv", NULL, &m, 1);
    }
    if (st == LCA_OK && m.d > 0) {
        st = write_table(ctx, dir, "convergence.csv", convergence, &m, 0);
    }
    if (st == LCA_OK) {
        st = write_table(ctx, dir, "failures.csv", failures, &m, 0);
    }
    if (st == LCA_OK && np > 0) {
        st = write_table(ctx, dir, "factor_samples.csv", NULL, &m, 0);
    }
    lca__mcdata_free(&m);
    return st;
}
