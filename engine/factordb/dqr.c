// engine/factordb/dqr.c: contribution-weighted data-quality ratings (lca/dqr.h)
// SPDX-License-Identifier: MIT
//
// Seven right-hand sides built in one pass over B (scores, weights,
// unscored weights), one transposed solve of all seven, then per product
// a ratio and a range check. The alternative, a forward solve per product
// and its contributions, costs n solves; it is what the tests compare to.

#include "lca/dqr.h"

#include <math.h>

#include "ctx_impl.h"

#define NRHS (LCA_DQR_NSCORES + 2)  // the scores, g, u
#define COL_G LCA_DQR_NSCORES
#define COL_U (LCA_DQR_NSCORES + 1)

const char *lca_dqr_score_str(lca_dqr_score q) {
    static const char *const names[LCA_DQR_NSCORES] = {
        "reliability", "completeness", "temporal", "geographical",
        "technological"};
    return q >= 0 && q < LCA_DQR_NSCORES ? names[q] : "unknown";
}

void lca_dqr_options_default(lca_dqr_options *opt) {
    opt->indicator = 0;
    opt->missing_score = 5.0;
}

// c = row `ind` of C, densely (m entries).
static void indicator_row(const lca_csc *C, int64_t ind, double *c) {
    const int64_t *Cp = lca_csc_colptr(C), *Ci = lca_csc_rowidx(C);
    const double *Cx = lca_csc_values(C);
    for (int64_t f = 0; f < lca_csc_ncols(C); f++) {
        c[f] = 0.0;
        for (int64_t p = Cp[f]; p < Cp[f + 1]; p++) {
            if (Ci[p] == ind) c[f] += Cx[p];
        }
    }
}

// R (n x NRHS, column-major): r_q, g and u of the top of lca/dqr.h.
static void right_hand_sides(const lca_model *M, const double *c,
                             double missing, double *R) {
    const lca_csc *B = lca_model_B(M);
    const lca_uncertainty *U = lca_model_uncertainty(M, LCA_MATRIX_B);
    const int64_t *Bp = lca_csc_colptr(B), *Bi = lca_csc_rowidx(B);
    const double *Bx = lca_csc_values(B);
    int64_t n = lca_csc_ncols(B);
    for (int64_t j = 0; j < n; j++) {
        for (int q = 0; q < NRHS; q++) R[q * n + j] = 0.0;
        for (int64_t p = Bp[j]; p < Bp[j + 1]; p++) {
            double w = fabs(c[Bi[p]] * Bx[p]);
            if (w == 0.0) continue;
            int unscored = 0;
            for (int q = 0; q < LCA_DQR_NSCORES; q++) {
                int s = U != NULL ? U[p].pedigree[q] : 0;
                unscored |= s == 0;
                R[q * n + j] += w * (s != 0 ? (double)s : missing);
            }
            R[COL_G * n + j] += w;
            if (unscored) R[COL_U * n + j] += w;
        }
    }
}

// x inside [lo, hi] up to rounding (then snapped to the bound), else NaN.
static double in_range(double x, double lo, double hi) {
    double tol = 1e-9 * hi;
    if (x < lo - tol || x > hi + tol || isnan(x)) return NAN;
    return x < lo ? lo : (x > hi ? hi : x);
}

// The ratios for product p from the solved X; all NaN if any is invalid.
static void ratios(const double *X, int64_t n, int64_t p, double *Q,
                   double *dqr, double *unscored) {
    double g = X[COL_G * n + p], q[LCA_DQR_NSCORES], u = NAN;
    int ok = g > 0.0 && isfinite(g);
    for (int i = 0; i < LCA_DQR_NSCORES; i++) {
        q[i] = ok ? in_range(X[i * n + p] / g, 1.0, 5.0) : NAN;
        ok = ok && !isnan(q[i]);
    }
    if (ok) u = in_range(X[COL_U * n + p] / g, 0.0, 1.0);
    ok = ok && !isnan(u);
    for (int i = 0; i < LCA_DQR_NSCORES; i++) {
        if (Q != NULL) Q[i * n + p] = ok ? q[i] : NAN;
    }
    if (dqr != NULL) {
        *dqr = ok ? (q[LCA_DQR_TECHNOLOGICAL] + q[LCA_DQR_GEOGRAPHICAL] +
                     q[LCA_DQR_TEMPORAL] + q[LCA_DQR_RELIABILITY]) /
                        4.0
                  : NAN;
    }
    if (unscored != NULL) *unscored = ok ? u : NAN;
}

// R (n x 2): g o f and g.
static void flagged_weights(const lca_model *M, const double *c,
                            const uint8_t *flag, double *R) {
    const lca_csc *B = lca_model_B(M);
    const int64_t *Bp = lca_csc_colptr(B), *Bi = lca_csc_rowidx(B);
    const double *Bx = lca_csc_values(B);
    int64_t n = lca_csc_ncols(B);
    for (int64_t j = 0; j < n; j++) {
        double g = 0.0;
        for (int64_t p = Bp[j]; p < Bp[j + 1]; p++) g += fabs(c[Bi[p]] * Bx[p]);
        R[j] = flag[j] ? g : 0.0;
        R[n + j] = g;
    }
}

lca_status lca_calc_dqr_share(lca_calc *calc, int64_t indicator,
                              const uint8_t *flag, double *share) {
    const lca_model *M = lca_calc_model(calc);
    lca_ctx *ctx = lca_model_ctx(M);
    int64_t n = lca_model_dim(M, LCA_PRODUCTS);
    int64_t m = lca_model_dim(M, LCA_FLOWS);
    int64_t k = lca_model_dim(M, LCA_INDICATORS);
    if (indicator < 0 || indicator >= k) {
        return lca__fail(ctx, LCA_ERR_ARG, "indicator %lld is outside 0..%lld",
                         (long long)indicator, (long long)k - 1);
    }
    lca_status st = LCA_OK;
    double *c = lca__malloc(ctx, (size_t)m, sizeof *c);
    double *R = lca__malloc(ctx, (size_t)n * 2, sizeof *R);
    double *X = lca__malloc(ctx, (size_t)n * 2, sizeof *X);
    if (c == NULL || R == NULL || X == NULL) {
        st = lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
        goto done;
    }
    indicator_row(lca_model_C(M), indicator, c);
    flagged_weights(M, c, flag, R);
    st = lca_calc_adjoint(calc, 2, R, X);
    if (st < 0) goto done;
    for (int64_t p = 0; p < n; p++) {
        double g = X[n + p];
        share[p] = g > 0.0 && isfinite(g) ? in_range(X[p] / g, 0.0, 1.0) : NAN;
    }
done:
    lca__free(ctx, c);
    lca__free(ctx, R);
    lca__free(ctx, X);
    return st;
}

lca_status lca_calc_dqr(lca_calc *calc, const lca_dqr_options *opt, double *Q,
                        double *dqr, double *unscored) {
    const lca_model *M = lca_calc_model(calc);
    lca_ctx *ctx = lca_model_ctx(M);
    int64_t n = lca_model_dim(M, LCA_PRODUCTS);
    int64_t m = lca_model_dim(M, LCA_FLOWS);
    int64_t k = lca_model_dim(M, LCA_INDICATORS);
    if (opt->indicator < 0 || opt->indicator >= k) {
        return lca__fail(ctx, LCA_ERR_ARG, "indicator %lld is outside 0..%lld",
                         (long long)opt->indicator, (long long)k - 1);
    }
    if (!(opt->missing_score >= 1.0 && opt->missing_score <= 5.0)) {
        return lca__fail(ctx, LCA_ERR_ARG,
                         "the score of a missing score is %g, not in 1..5",
                         opt->missing_score);
    }
    lca_status st = LCA_OK;
    double *c = lca__malloc(ctx, (size_t)m, sizeof *c);
    double *R = lca__malloc(ctx, (size_t)n * NRHS, sizeof *R);
    double *X = lca__malloc(ctx, (size_t)n * NRHS, sizeof *X);
    if (c == NULL || R == NULL || X == NULL) {
        st = lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
        goto done;
    }
    indicator_row(lca_model_C(M), opt->indicator, c);
    right_hand_sides(M, c, opt->missing_score, R);
    st = lca_calc_adjoint(calc, NRHS, R, X);
    if (st < 0) goto done;
    for (int64_t p = 0; p < n; p++) {
        ratios(X, n, p, Q, dqr != NULL ? dqr + p : NULL,
               unscored != NULL ? unscored + p : NULL);
    }
done:
    lca__free(ctx, c);
    lca__free(ctx, R);
    lca__free(ctx, X);
    return st;
}
