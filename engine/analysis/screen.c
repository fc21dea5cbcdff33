// engine/analysis/screen.c: first-order screening of every input (lca_screen)
// SPDX-License-Identifier: MIT
//
// The adjoint method: one forward solve (s) and one transposed solve
// (lambda) give the derivative of h with respect to every stored nonzero
// of A, B and C (include/lca/sensitivity.h), so screening 260,000 inputs
// costs two solves and one pass over the nonzeros, where one-at-a-time
// perturbation (Kim et al. 2022) costs a factorization per input. The
// variance of each input is the exact variance of what Monte Carlo
// samples from its record after the same pedigree fill
// (lca__records_effective, lca_uncertainty_moments).

#include <math.h>
#include <stdlib.h>

#include "ctx_impl.h"
#include "lca/sensitivity.h"
#include "mc/records_impl.h"

struct lca_screen {
    lca_ctx *ctx;
    double h, v1;
    int64_t nuncertain;
    int64_t nnz[3];
    double *deriv[3], *var[3], *contrib[3];
    uint8_t *dist[3];  // the distribution sampled (after pedigree fill)
};

void lca_screen_options_default(lca_screen_options *opt) {
    opt->lognormal_mean_preserving = 0;
    opt->pedigree_fill = 0;
    opt->pedigree_basic_gsd = 1.05;
}

void lca_screen_destroy(lca_screen **sp) {
    if (sp == NULL || *sp == NULL) return;
    lca_screen *s = *sp;
    for (int x = 0; x < 3; x++) {
        lca__free(s->ctx, s->deriv[x]);
        lca__free(s->ctx, s->var[x]);
        lca__free(s->ctx, s->contrib[x]);
        lca__free(s->ctx, s->dist[x]);
    }
    lca__free(s->ctx, s);
    *sp = NULL;
}

static const lca_csc *matrix(const lca_model *M, int x) {
    return x == 0 ? lca_model_A(M) : x == 1 ? lca_model_B(M) : lca_model_C(M);
}

lca_status lca_input_locate(const lca_model *M, lca_input in, int64_t *row,
                            int64_t *col) {
    if (in.matrix < 0 || in.matrix > 2 ||
        in.pos < 0 || in.pos >= lca_csc_nnz(matrix(M, (int)in.matrix))) {
        return lca__fail(lca_model_ctx(M), LCA_ERR_ARG, "input (matrix %lld, "
                         "position %lld) is outside the model",
                         (long long)in.matrix, (long long)in.pos);
    }
    const lca_csc *X = matrix(M, (int)in.matrix);
    const int64_t *Ap = lca_csc_colptr(X);
    int64_t lo = 0, hi = lca_csc_ncols(X) - 1;
    while (lo < hi) {  // the last column j with Ap[j] <= pos
        int64_t mid = lo + (hi - lo + 1) / 2;
        if (Ap[mid] <= in.pos) lo = mid; else hi = mid - 1;
    }
    *row = lca_csc_rowidx(X)[in.pos];
    *col = lo;
    return LCA_OK;
}

// dh/dx for every nonzero of A, B, C (the formulas in the header).
static void derivatives(lca_screen *s, const lca_model *M, int64_t ind,
                        const double *sv, const double *lam, const double *g,
                        const double *cr) {
    double sign = lca_model_convention(M) == LCA_IO_COEFFICIENTS ? 1.0 : -1.0;
    for (int x = 0; x < 3; x++) {
        const lca_csc *X = matrix(M, x);
        const int64_t *Ap = lca_csc_colptr(X), *Ai = lca_csc_rowidx(X);
        for (int64_t j = 0; j < lca_csc_ncols(X); j++) {
            for (int64_t p = Ap[j]; p < Ap[j + 1]; p++) {
                int64_t i = Ai[p];
                double d = x == 0   ? sign * lam[i] * sv[j]
                           : x == 1 ? cr[i] * sv[j]
                                    : (i == ind ? g[j] : 0.0);
                s->deriv[x][p] = d;
            }
        }
    }
}

// Var(x) from the effective records and the contributions.
static lca_status variances(lca_screen *s, const lca_model *M,
                            const lca_screen_options *o) {
    lca_status st = LCA_OK;
    for (int x = 0; x < 3 && st == LCA_OK; x++) {
        lca_uncertainty *rec = NULL;
        st = lca__records_effective(s->ctx, M, (lca_matrix)x, o->pedigree_fill,
                                    o->pedigree_basic_gsd, &rec);
        const double *v = lca_csc_values(matrix(M, x));
        for (int64_t p = 0; st == LCA_OK && p < s->nnz[x]; p++) {
            double mean, var = 0.0;
            if (rec != NULL) {
                lca_uncertainty_moments(&rec[p], v[p],
                                        o->lognormal_mean_preserving, &mean,
                                        &var);
            }
            s->var[x][p] = var;
            s->dist[x][p] = rec != NULL ? rec[p].dist : LCA_DIST_NONE;
            s->contrib[x][p] = s->deriv[x][p] * s->deriv[x][p] * var;
            s->v1 += s->contrib[x][p];
            s->nuncertain += var > 0.0;
        }
        lca__free(s->ctx, rec);
    }
    return st;
}

static lca_status alloc_screen(lca_ctx *ctx, const lca_model *M,
                               lca_screen **out) {
    lca_screen *s = lca__calloc(ctx, 1, sizeof *s);
    if (s == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    s->ctx = ctx;
    for (int x = 0; x < 3; x++) {
        s->nnz[x] = lca_csc_nnz(matrix(M, x));
        size_t nz = (size_t)s->nnz[x];
        s->deriv[x] = lca__malloc(ctx, nz, sizeof *s->deriv[x]);
        s->var[x] = lca__malloc(ctx, nz, sizeof *s->var[x]);
        s->contrib[x] = lca__malloc(ctx, nz, sizeof *s->contrib[x]);
        s->dist[x] = lca__malloc(ctx, nz, sizeof *s->dist[x]);
        if (!s->deriv[x] || !s->var[x] || !s->contrib[x] || !s->dist[x]) {
            lca_screen_destroy(&s);
            return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
        }
    }
    *out = s;
    return LCA_OK;
}

// x = row i of X, densely.
static void row_dense(const lca_csc *X, int64_t i, double *x) {
    const int64_t *Ap = lca_csc_colptr(X), *Ai = lca_csc_rowidx(X);
    const double *Ax = lca_csc_values(X);
    for (int64_t j = 0; j < lca_csc_ncols(X); j++) {
        for (int64_t p = Ap[j]; p < Ap[j + 1]; p++) {
            if (Ai[p] == i) x[j] = Ax[p];
        }
    }
}

static lca_status check_args(const lca_model *M, int64_t ind,
                             const double *f) {
    lca_ctx *ctx = lca_model_ctx(M);
    int64_t k = lca_model_dim(M, LCA_INDICATORS);
    if (ind < 0 || ind >= k) {
        return lca__fail(ctx, LCA_ERR_ARG, "indicator %lld is outside "
                         "0..%lld", (long long)ind, (long long)k - 1);
    }
    for (int64_t j = 0; j < lca_model_dim(M, LCA_PRODUCTS); j++) {
        if (!isfinite(f[j])) {
            return lca__fail(ctx, LCA_ERR_ARG, "the demand of product '%s' "
                             "is not finite",
                             lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_ID, j));
        }
    }
    return LCA_OK;
}

lca_status lca_screen_create(lca_calc *c, int64_t ind, const double *f,
                             const lca_screen_options *opt,
                             lca_screen **out) {
    const lca_model *M = lca_calc_model(c);
    lca_ctx *ctx = lca_model_ctx(M);
    int64_t n = lca_model_dim(M, LCA_PRODUCTS), m = lca_model_dim(M, LCA_FLOWS);
    *out = NULL;
    lca_status st = check_args(M, ind, f);
    if (st != LCA_OK) return st;
    lca_screen *s = NULL;
    double *sv = lca__malloc(ctx, (size_t)n, sizeof *sv);
    double *lam = lca__malloc(ctx, (size_t)n, sizeof *lam);
    double *g = lca__malloc(ctx, (size_t)m, sizeof *g);
    double *cr = lca__calloc(ctx, (size_t)m, sizeof *cr);
    if (sv == NULL || lam == NULL || g == NULL || cr == NULL) {
        st = lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
        goto done;
    }
    st = alloc_screen(ctx, M, &s);
    if (st == LCA_OK) st = lca_calc_supply(c, 1, f, sv);
    if (st >= 0) st = lca_calc_factors(c, 1, &ind, lam, NULL);
    if (st < 0) goto done;
    lca_csc_gemv(1.0, lca_model_B(M), sv, 0.0, g);
    row_dense(lca_model_C(M), ind, cr);
    for (int64_t j = 0; j < n; j++) s->h += lam[j] * f[j];
    derivatives(s, M, ind, sv, lam, g, cr);
    st = variances(s, M, opt);
    if (st == LCA_OK && s->nuncertain == 0) {
        st = lca__fail(ctx, LCA_ERR_INVALID, "the model has no uncertainty "
                       "records: no entry of A, B or C has a distribution%s, "
                       "so there is nothing to screen",
                       opt->pedigree_fill ? "" : " (pedigree scores alone "
                       "need the pedigree fill)");
    }
    if (st < 0) goto done;
    *out = s;
    s = NULL;
done:
    lca_screen_destroy(&s);
    lca__free(ctx, sv);
    lca__free(ctx, lam);
    lca__free(ctx, g);
    lca__free(ctx, cr);
    return st;
}

double lca_screen_score(const lca_screen *s) { return s->h; }
double lca_screen_variance(const lca_screen *s) { return s->v1; }
int64_t lca_screen_nuncertain(const lca_screen *s) { return s->nuncertain; }

const double *lca_screen_derivatives(const lca_screen *s, lca_matrix X) {
    return s->deriv[X];
}

const double *lca_screen_input_variances(const lca_screen *s, lca_matrix X) {
    return s->var[X];
}

const double *lca_screen_contributions(const lca_screen *s, lca_matrix X) {
    return s->contrib[X];
}

const uint8_t *lca_screen_distributions(const lca_screen *s, lca_matrix X) {
    return s->dist[X];
}

typedef struct ranked {
    double v;
    lca_input in;
} ranked;

static int ranked_desc(const void *a, const void *b) {
    const ranked *x = a, *y = b;
    if (x->v != y->v) return x->v < y->v ? 1 : -1;
    if (x->in.matrix != y->in.matrix) return x->in.matrix < y->in.matrix ? -1 : 1;
    return (x->in.pos > y->in.pos) - (x->in.pos < y->in.pos);
}

lca_status lca_screen_rank(const lca_screen *s, int64_t k, lca_input *top,
                           int64_t *count) {
    *count = 0;
    if (k < 0) return lca__fail(s->ctx, LCA_ERR_ARG, "k = %lld < 0",
                                (long long)k);
    ranked *r = lca__malloc(s->ctx, (size_t)s->nuncertain, sizeof *r);
    if (r == NULL) return lca__fail(s->ctx, LCA_ERR_NOMEM, "out of memory");
    int64_t c = 0;
    for (int x = 0; x < 3; x++) {
        for (int64_t p = 0; p < s->nnz[x]; p++) {
            if (s->contrib[x][p] > 0.0) r[c++] = (ranked){s->contrib[x][p], {x, p}};
        }
    }
    qsort(r, (size_t)c, sizeof *r, ranked_desc);
    *count = k < c ? k : c;
    for (int64_t q = 0; q < *count; q++) top[q] = r[q].in;
    lca__free(s->ctx, r);
    return LCA_OK;
}
