// engine/grade/grade.c: grades of items from paired Monte Carlo samples
// SPDX-License-Identifier: MIT
//
// Every item's samples are classified against the thresholds of their
// iteration and counted per class; probabilities are the counts over the
// valid iterations. Counting is serial and integer, so the result cannot
// depend on threads, and an item whose samples all fall in one band gets
// exactly 1. The thresholds: absolute, the bands' ends; sliding, the
// bands' multiples times the item's line value; distribution, the
// population's percentiles per iteration (grade_market.c).

#include <math.h>
#include <string.h>

#include "ctx_impl.h"
#include "grade_impl.h"
#include "lca/mc.h"

struct lca_grades {
    lca_ctx *ctx;
    const lca_grading *g;
    int64_t n, nb;
    double confidence;
    int64_t *det, *nvalid, *modal, *atc;  // n each
    double *patc;                          // n
    int64_t *counts;                       // n x nb
    double *prob;                          // n x nb
    double *thr, *lo, *hi;                 // n x (nb - 1) each
};

void lca_grade_options_default(lca_grade_options *opt) {
    opt->confidence = 0.9;
}

void lca_grades_destroy(lca_grades **gr) {
    if (gr == NULL || *gr == NULL) return;
    lca_grades *x = *gr;
    void *blocks[] = {x->det, x->nvalid, x->modal, x->atc, x->patc,
                      x->counts, x->prob, x->thr, x->lo, x->hi};
    for (size_t i = 0; i < sizeof blocks / sizeof blocks[0]; i++) {
        lca__free(x->ctx, blocks[i]);
    }
    lca__free(x->ctx, x);
    *gr = NULL;
}

static lca_status alloc(lca_ctx *ctx, int64_t n, int64_t nb, lca_grades **out) {
    lca_grades *x = lca__calloc(ctx, 1, sizeof *x);
    if (x == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    x->ctx = ctx;
    x->n = n;
    x->nb = nb;
    size_t un = (size_t)n, t = (size_t)n * (size_t)(nb - 1);
    x->det = lca__malloc(ctx, un, sizeof *x->det);
    x->nvalid = lca__malloc(ctx, un, sizeof *x->nvalid);
    x->modal = lca__malloc(ctx, un, sizeof *x->modal);
    x->atc = lca__malloc(ctx, un, sizeof *x->atc);
    x->patc = lca__malloc(ctx, un, sizeof *x->patc);
    x->counts = lca__calloc(ctx, un * (size_t)nb, sizeof *x->counts);
    x->prob = lca__malloc(ctx, un * (size_t)nb, sizeof *x->prob);
    x->thr = lca__malloc(ctx, t, sizeof *x->thr);
    x->lo = lca__malloc(ctx, t, sizeof *x->lo);
    x->hi = lca__malloc(ctx, t, sizeof *x->hi);
    if (x->det == NULL || x->nvalid == NULL || x->modal == NULL ||
        x->atc == NULL || x->patc == NULL || x->counts == NULL ||
        x->prob == NULL || x->thr == NULL || x->lo == NULL || x->hi == NULL) {
        lca_grades_destroy(&x);
        return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    }
    *out = x;
    return LCA_OK;
}

// Fixed thresholds of item i (absolute, sliding) into x->thr.
static lca_status fixed_thresholds(lca_grades *x, const lca_grade_item *it,
                                   int64_t i) {
    const lca_grading_spec *s = lca_grading_get(x->g);
    double L = 1.0;
    if (s->kind == LCA_GRADING_SLIDING && isnan(it->parameter)) {
        char where[160];
        return lca__fail(x->ctx, LCA_ERR_INVALID, "'%s' has no '%s' (the "
                         "product parameter of the sliding scheme %s)",
                         it->id, s->parameter,
                         lca__grading_where(s, where, sizeof where));
    }
    if (s->kind == LCA_GRADING_SLIDING) {
        lca_status st = lca_grading_line(x->g, it->parameter, &L);
        if (st != LCA_OK) {
            return lca__wrap(x->ctx, LCA_ERR_INVALID, "'%s'", it->id);
        }
    }
    for (int64_t k = 0; k < x->nb - 1; k++) {
        x->thr[i * (x->nb - 1) + k] = s->bands[k].to * L;
    }
    return LCA_OK;
}

// Count item i's samples; T: per-iteration thresholds (NULL: fixed).
static void count(lca_grades *x, const lca_grade_item *it, int64_t i,
                  int64_t N, const double *T) {
    int64_t nb = x->nb, *c = x->counts + i * nb, v = 0;
    const double *t = x->thr + i * (nb - 1);
    for (int64_t s = 0; s < N; s++) {
        const double *ts = T != NULL ? T + s * (nb - 1) : t;
        if (isnan(ts[0])) continue;
        int64_t k = lca_grading_classify(nb, ts, it->samples[s]);
        if (k < 0) continue;
        c[k]++;
        v++;
    }
    x->nvalid[i] = v;
}

// Probabilities, modal class and the class at confidence of item i.
static void summarize(lca_grades *x, int64_t i) {
    int64_t nb = x->nb, v = x->nvalid[i], cum = 0;
    const int64_t *c = x->counts + i * nb;
    double *p = x->prob + i * nb;
    x->modal[i] = -1;
    x->atc[i] = -1;
    x->patc[i] = NAN;
    for (int64_t k = 0; k < nb; k++) {
        p[k] = v > 0 ? (double)c[k] / (double)v : NAN;
        if (v > 0 && (x->modal[i] < 0 || c[k] > c[x->modal[i]])) {
            x->modal[i] = k;
        }
    }
    for (int64_t k = 0; k < nb && v > 0 && x->atc[i] < 0; k++) {
        cum += c[k];
        if ((double)cum >= x->confidence * (double)v) {
            x->atc[i] = k;
            x->patc[i] = (double)cum / (double)v;
        }
    }
}

// The 2.5 / 97.5 % quantiles of each per-iteration threshold (valid
// iterations only) into every item's lo and hi.
static lca_status intervals(lca_grades *x, int64_t N, const double *T) {
    int64_t m = x->nb - 1;
    double *col = lca__malloc(x->ctx, (size_t)N + 1, sizeof *col);
    if (col == NULL) return lca__fail(x->ctx, LCA_ERR_NOMEM, "out of memory");
    static const double p[2] = {0.025, 0.975};
    for (int64_t k = 0; k < m; k++) {
        int64_t v = 0;
        double q[2];
        for (int64_t s = 0; s < N; s++) {
            if (!isnan(T[s * m + k])) col[v++] = T[s * m + k];
        }
        lca_quantiles(col, v, 2, p, q);
        for (int64_t i = 0; i < x->n; i++) {
            x->lo[i * m + k] = q[0];
            x->hi[i * m + k] = q[1];
        }
    }
    lca__free(x->ctx, col);
    return LCA_OK;
}

static lca_status check_args(const lca_grading *g, const lca_grade_options *o,
                             int64_t n, const lca_grade_item *items,
                             int64_t N) {
    lca_ctx *ctx = lca_grading_ctx(g);
    if (!(o->confidence > 0 && o->confidence < 1)) {
        return lca__fail(ctx, LCA_ERR_ARG, "confidence %g is outside (0, 1)",
                         o->confidence);
    }
    if (n < 0 || N < 0 || (n > 0 && items == NULL)) {
        return lca__fail(ctx, LCA_ERR_ARG, "bad item or sample count");
    }
    for (int64_t i = 0; i < n && N > 0; i++) {
        if (items[i].samples == NULL) {
            return lca__fail(ctx, LCA_ERR_ARG, "item '%s' has no samples",
                             items[i].id);
        }
    }
    return LCA_OK;
}

// Thresholds, counts and summaries of every item.
static lca_status grade_all(lca_grades *x, const lca_grade_item *items,
                            int64_t N) {
    const lca_grading_spec *s = lca_grading_get(x->g);
    int64_t n = x->n, m = x->nb - 1;
    double *T = NULL;
    lca_status st = LCA_OK;
    if (s->kind == LCA_GRADING_DISTRIBUTION) {
        T = lca__malloc(x->ctx, (size_t)N * (size_t)m + 1, sizeof *T);
        if (T == NULL) return lca__fail(x->ctx, LCA_ERR_NOMEM, "out of memory");
        st = lca__grade_market(x->g, n, items, N, x->thr, T);
        for (int64_t i = 1; i < n && st == LCA_OK; i++) {
            memcpy(x->thr + i * m, x->thr, (size_t)m * sizeof *x->thr);
        }
        if (st == LCA_OK) st = intervals(x, N, T);
    }
    for (int64_t i = 0; i < n && st == LCA_OK; i++) {
        if (T == NULL) st = fixed_thresholds(x, &items[i], i);
        if (st != LCA_OK) break;
        x->det[i] = lca_grading_classify(x->nb, x->thr + i * m, items[i].value);
        count(x, &items[i], i, N, T);
        summarize(x, i);
        if (T == NULL) {
            memcpy(x->lo + i * m, x->thr + i * m, (size_t)m * sizeof *x->lo);
            memcpy(x->hi + i * m, x->thr + i * m, (size_t)m * sizeof *x->hi);
        }
    }
    lca__free(x->ctx, T);
    return st;
}

lca_status lca_grades_create(const lca_grading *g,
                             const lca_grade_options *opt, int64_t n,
                             const lca_grade_item *items, int64_t nsamples,
                             lca_grades **out) {
    lca_ctx *ctx = lca_grading_ctx(g);
    lca_grade_options dflt;
    *out = NULL;
    if (opt == NULL) {
        lca_grade_options_default(&dflt);
        opt = &dflt;
    }
    lca_status st = check_args(g, opt, n, items, nsamples);
    lca_grades *x = NULL;
    if (st == LCA_OK) st = alloc(ctx, n, lca_grading_nclasses(g), &x);
    if (st != LCA_OK) return st;
    x->g = g;
    x->confidence = opt->confidence;
    st = grade_all(x, items, nsamples);
    if (st != LCA_OK) {
        lca_grades_destroy(&x);
        return st;
    }
    *out = x;
    return LCA_OK;
}

int64_t lca_grades_count(const lca_grades *gr) { return gr->n; }
const lca_grading *lca_grades_scheme(const lca_grades *gr) { return gr->g; }

void lca_grades_get(const lca_grades *gr, int64_t i, lca_grade *out) {
    int64_t nb = gr->nb, m = nb - 1;
    *out = (lca_grade){
        .nclasses = nb,
        .det_class = gr->det[i],
        .nvalid = gr->nvalid[i],
        .counts = gr->counts + i * nb,
        .prob = gr->prob + i * nb,
        .modal = gr->modal[i],
        .at_confidence = gr->atc[i],
        .prob_at_confidence = gr->patc[i],
        .confidence = gr->confidence,
        .thresholds = gr->thr + i * m,
        .thr_lo = gr->lo + i * m,
        .thr_hi = gr->hi + i * m,
    };
}
