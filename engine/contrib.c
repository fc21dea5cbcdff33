// engine/contrib.c: contributions to a result (lca_contrib_by_product)
// SPDX-License-Identifier: MIT
//
// By product: Pt(i,p) = N(i,p) f_p and Pd(i,p) = D(i,p) s_p, from the k
// transposed solves that give N = D T^-1 (lca_calc_factors).

#include "ctx_impl.h"
#include "lca/contrib.h"

// The supply of the demands, when the caller has none: S = T \ F(:, idx).
static lca_status solve_supply(lca_calc *c, int64_t d, const int64_t *idx,
                               double *S) {
    const lca_model *M = lca_calc_model(c);
    lca_ctx *ctx = lca_model_ctx(M);
    size_t n = (size_t)lca_model_dim(M, LCA_PRODUCTS);
    double *F = lca__malloc(ctx, n * (size_t)d + 1, sizeof *F);
    if (F == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    for (int64_t j = 0; j < d; j++) {
        lca_model_demand_dense(M, idx[j], F + (size_t)j * n);
    }
    lca_status st = lca_calc_supply(c, d, F, S);
    lca__free(ctx, F);
    return st;
}

// Pt(i,p) = N(i,p) f_p, Pd(i,p) = D(i,p) s_p for each demand j.
static void by_product(const lca_model *M, int64_t d, const int64_t *idx,
                       const double *N, const double *D, const double *S,
                       double *f, double *Pt, double *Pd) {
    size_t n = (size_t)lca_model_dim(M, LCA_PRODUCTS);
    size_t k = (size_t)lca_model_dim(M, LCA_INDICATORS);
    for (size_t j = 0; j < (size_t)d; j++) {
        lca_model_demand_dense(M, idx[j], f);
        const double *s = S + j * n;
        for (size_t i = 0; i < k; i++) {
            double *pt = Pt != NULL ? Pt + (j * k + i) * n : NULL;
            double *pd = Pd != NULL ? Pd + (j * k + i) * n : NULL;
            for (size_t p = 0; p < n; p++) {
                if (pt != NULL) pt[p] = N[i * n + p] * f[p];
                if (pd != NULL) pd[p] = D[i * n + p] * s[p];
            }
        }
    }
}

static lca_status check_demands(const lca_model *M, int64_t d,
                                const int64_t *idx) {
    int64_t nd = lca_model_dim(M, LCA_DEMANDS);
    if (d < 0 || (d > 0 && idx == NULL)) {
        return lca__fail(lca_model_ctx(M), LCA_ERR_ARG, "no demands given");
    }
    for (int64_t j = 0; j < d; j++) {
        if (idx[j] < 0 || idx[j] >= nd) {
            return lca__fail(lca_model_ctx(M), LCA_ERR_ARG,
                             "demand %lld is outside 0..%lld",
                             (long long)idx[j], (long long)nd - 1);
        }
    }
    return LCA_OK;
}

lca_status lca_contrib_by_product(lca_calc *c, int64_t d, const int64_t *idx,
                                  const double *S, double *Pt, double *Pd) {
    const lca_model *M = lca_calc_model(c);
    lca_ctx *ctx = lca_model_ctx(M);
    size_t n = (size_t)lca_model_dim(M, LCA_PRODUCTS);
    int64_t k = lca_model_dim(M, LCA_INDICATORS);
    double *N = lca__malloc(ctx, (size_t)k * n + 1, sizeof *N);
    double *D = lca__malloc(ctx, (size_t)k * n + 1, sizeof *D);
    double *f = lca__malloc(ctx, n + 1, sizeof *f);
    double *own_S = NULL;
    lca_status st = check_demands(M, d, idx);
    if (st != LCA_OK) goto done;
    if (N == NULL || D == NULL || f == NULL) {
        st = lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
        goto done;
    }
    if (S == NULL) {
        own_S = lca__malloc(ctx, n * (size_t)d + 1, sizeof *own_S);
        st = own_S == NULL ? lca__fail(ctx, LCA_ERR_NOMEM, "out of memory")
                           : solve_supply(c, d, idx, own_S);
        if (st < 0) goto done;
        S = own_S;
    }
    lca_status fst = k > 0 ? lca_calc_factors(c, k, NULL, N, D) : LCA_OK;
    if (fst < 0 || fst > st) st = fst;
    if (st >= 0) by_product(M, d, idx, N, D, S, f, Pt, Pd);
done:
    lca__free(ctx, N);
    lca__free(ctx, D);
    lca__free(ctx, f);
    lca__free(ctx, own_S);
    return st;
}
