// engine/grade/grade_market.c: thresholds from a population (distribution
// schemes)
// SPDX-License-Identifier: MIT
//
// The thresholds of a distribution scheme are weighted percentiles of the
// population's values: once from the deterministic values, and once per
// Monte Carlo iteration from that iteration's samples, so that each
// iteration's grades use the market of the same iteration (the samples
// are paired) and the thresholds get intervals of their own. A sort per
// iteration costs N P log P: 1,000 iterations of a population of 10,000
// take about a second; populations are categories, usually far smaller.
//
// Type 1 (no interpolation) rather than type 7: with weights there is no
// single accepted interpolation, and a threshold that is a member's value
// can be checked by hand.

#include <math.h>
#include <stdlib.h>

#include "ctx_impl.h"
#include "grade_impl.h"

static int by_value(const void *a, const void *b) {
    const lca__grade_member *x = a, *y = b;
    if (x->v < y->v) return -1;
    if (x->v > y->v) return 1;
    return (x->i > y->i) - (x->i < y->i);
}

void lca__grade_percentiles(lca__grade_member *m, int64_t P, const double *q,
                            int64_t nq, double *t) {
    qsort(m, (size_t)P, sizeof *m, by_value);
    double W = 0.0;
    for (int64_t j = 0; j < P; j++) W += m[j].w;
    // t(q) = the first v_(j) with 100 W_j >= q W (exact for whole weights).
    for (int64_t k = 0; k < nq; k++) {
        double cum = 0.0;
        int64_t j = 0;
        for (; j < P - 1; j++) {
            cum += m[j].w;
            if (100.0 * cum >= q[k] * W) break;
        }
        t[k] = m[j].v;
    }
}

// The population: count, and the weight of each member (checked).
static lca_status population(const lca_grading *g, int64_t n,
                             const lca_grade_item *items, int64_t *P) {
    const lca_grading_spec *s = lca_grading_get(g);
    lca_ctx *ctx = lca_grading_ctx(g);
    int weighted = s->weight[0] != '\0';
    char where[160];
    const char *w = lca__grading_where(s, where, sizeof where);
    double W = 0.0;
    *P = 0;
    for (int64_t i = 0; i < n; i++) {
        const lca_grade_item *it = &items[i];
        if (!it->in_population) continue;
        if (isnan(it->value)) {
            return lca__fail(ctx, LCA_ERR_INVALID, "%s: population member "
                             "'%s' has no value", w, it->id);
        }
        if (weighted && isnan(it->weight)) {
            return lca__fail(ctx, LCA_ERR_INVALID, "%s: /population/weight: "
                             "member '%s' has no '%s'", w, it->id, s->weight);
        }
        if (weighted && !(it->weight >= 0 && isfinite(it->weight))) {
            return lca__fail(ctx, LCA_ERR_INVALID, "%s: /population/weight: "
                             "member '%s' has '%s' %g (a finite number >= 0 "
                             "is needed)", w, it->id, s->weight, it->weight);
        }
        W += weighted ? it->weight : 1.0;
        (*P)++;
    }
    if (*P < s->min_population) {
        return lca__fail(ctx, LCA_ERR_INVALID, "%s: /population/min: %lld "
                         "members to grade against, the scheme needs at "
                         "least %lld", w, (long long)*P,
                         (long long)s->min_population);
    }
    if (!(W > 0)) {
        return lca__fail(ctx, LCA_ERR_INVALID, "%s: /population/weight: the "
                         "members' '%s' weights sum to 0", w, s->weight);
    }
    return LCA_OK;
}

// The members' values (sample `iter`, or the deterministic value when
// iter < 0) into m; 0 when a sample is NaN.
static int gather(const lca_grading *g, int64_t n, const lca_grade_item *items,
                  int64_t iter, lca__grade_member *m) {
    int weighted = lca_grading_get(g)->weight[0] != '\0';
    int64_t P = 0;
    for (int64_t i = 0; i < n; i++) {
        if (!items[i].in_population) continue;
        double v = iter < 0 ? items[i].value : items[i].samples[iter];
        if (isnan(v)) return 0;
        m[P++] = (lca__grade_member){v, weighted ? items[i].weight : 1.0, i};
    }
    return 1;
}

lca_status lca__grade_market(const lca_grading *g, int64_t n,
                             const lca_grade_item *items, int64_t N,
                             double *t, double *T) {
    const lca_grading_spec *s = lca_grading_get(g);
    lca_ctx *ctx = lca_grading_ctx(g);
    int64_t nb = s->nbands, P;
    lca__grade_member *m = NULL;
    double *q = NULL;
    lca_status st = population(g, n, items, &P);
    if (st != LCA_OK) return st;
    m = lca__malloc(ctx, (size_t)P, sizeof *m);
    q = lca__malloc(ctx, (size_t)nb, sizeof *q);
    if (m == NULL || q == NULL) {
        st = lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
        goto done;
    }
    for (int64_t k = 0; k < nb - 1; k++) q[k] = s->bands[k].to;
    gather(g, n, items, -1, m);
    lca__grade_percentiles(m, P, q, nb - 1, t);
    for (int64_t i = 0; i < N; i++) {
        double *row = T + i * (nb - 1);
        if (gather(g, n, items, i, m)) {
            lca__grade_percentiles(m, P, q, nb - 1, row);
        } else {
            for (int64_t k = 0; k < nb - 1; k++) row[k] = NAN;
        }
    }
done:
    lca__free(ctx, m);
    lca__free(ctx, q);
    return st;
}
