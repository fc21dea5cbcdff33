// engine/krylov_gmres.c: one system's steps of right-preconditioned GMRES(m)
// SPDX-License-Identifier: MIT
//
// Arnoldi with modified Gram-Schmidt on op(T) M^-1, the small least-squares
// problem kept triangular by Givens rotations (Saad, Iterative Methods for
// Sparse Linear Systems, 2nd ed., algorithms 6.9 and 9.5). Z_j = M^-1 v_j
// is kept, so x = x0 + Z y needs no further application of M^-1. A cycle
// ends after m steps, at a breakdown, or when the estimate |g_j| says the
// target is met but the residual computed from x says it is not (the
// recurrence has drifted); the next cycle starts from that true residual.
// A cycle that does not halve the backward error is stagnation: the system
// is given up (the caller refactorizes instead).

#include <math.h>
#include <string.h>

#include "krylov_impl.h"

static double dot(int64_t n, const double *a, const double *b) {
    double s = 0.0;
    for (int64_t i = 0; i < n; i++) s += a[i] * b[i];
    return s;
}

// v_0 = r / |r|_2, g = |r|_2 e_1; the first vector waits for M^-1.
static int begin_cycle(lca__krylov_ws *ws, lca__krylov_lane *ln,
                       const double *r) {
    int64_t n = ws->n;
    double beta = sqrt(dot(n, r, r));
    if (!(beta > 0.0)) {  // r = 0: x is exact; NaN: give up
        return lca__krylov_finish(ws, ln, ln->sys->x, beta == 0.0 ? 0.0 : NAN,
                                  beta == 0.0);
    }
    for (int64_t i = 0; i < n; i++) ln->V[i] = r[i] / beta;
    ln->g[0] = beta;
    ln->j = 0;
    ln->in = ln->V;
    ln->out = ln->Z;
    return LCA__KRYLOV_RUN;
}

int lca__gmres_start(lca__krylov_ws *ws, lca__krylov_lane *ln) {
    memset(ln->sys->x, 0, (size_t)ws->n * sizeof *ln->sys->x);
    ln->xnorm = 0.0;
    ln->wstart = 1.0;  // the backward error of x = 0
    if (ln->bnorm == 0.0) return lca__krylov_finish(ws, ln, ln->sys->x, 0, 1);
    return begin_cycle(ws, ln, ln->sys->b);
}

// Column j of H: h = V' w by modified Gram-Schmidt, w -= V h, then
// h(j+1) = |w|_2 and v_{j+1} = w / h(j+1). Returns h(j+1).
static double arnoldi(const lca__krylov_ws *ws, lca__krylov_lane *ln,
                      double *h) {
    int64_t n = ws->n, j = ln->j;
    double *w = ln->V + (j + 1) * n;
    lca__krylov_mul(ws, ln->sys->Tx, ln->Z + j * n, w);
    for (int64_t i = 0; i <= j; i++) {
        const double *vi = ln->V + i * n;
        h[i] = dot(n, vi, w);
        for (int64_t k = 0; k < n; k++) w[k] -= h[i] * vi[k];
    }
    double hn = sqrt(dot(n, w, w));
    h[j + 1] = hn;
    if (hn > 0.0) {
        for (int64_t k = 0; k < n; k++) w[k] /= hn;
    }
    return hn;
}

// Apply the earlier rotations to column j of H, make the new one that
// zeroes h(j+1), and rotate g.
static void rotate(lca__krylov_lane *ln, double *h) {
    int64_t j = ln->j;
    for (int64_t i = 0; i < j; i++) {
        double a = h[i], b = h[i + 1];
        h[i] = ln->cs[i] * a + ln->sn[i] * b;
        h[i + 1] = -ln->sn[i] * a + ln->cs[i] * b;
    }
    double a = h[j], b = h[j + 1], c = 1.0, s = 0.0;
    if (b != 0.0) {
        double r = hypot(a, b);
        c = a / r;
        s = b / r;
    }
    ln->cs[j] = c;
    ln->sn[j] = s;
    h[j] = c * a + s * b;
    h[j + 1] = 0.0;
    ln->g[j + 1] = -s * ln->g[j];
    ln->g[j] = c * ln->g[j];
}

// xt = x + Z y with H(0:j, 0:j) y = g(0:j) (upper triangular).
static void form_x(const lca__krylov_ws *ws, lca__krylov_lane *ln) {
    int64_t n = ws->n, m = ws->opt.restart, j = ln->j;
    for (int64_t i = j - 1; i >= 0; i--) {
        double s = ln->g[i];
        for (int64_t k = i + 1; k < j; k++) s -= ln->H[k * (m + 1) + i] * ln->y[k];
        ln->y[i] = s / ln->H[i * (m + 1) + i];
    }
    memcpy(ln->xt, ln->sys->x, (size_t)n * sizeof *ln->xt);
    for (int64_t i = 0; i < j; i++) {
        const double *zi = ln->Z + i * n;
        for (int64_t k = 0; k < n; k++) ln->xt[k] += ln->y[i] * zi[k];
    }
}

// After the first step from x = 0, x_1 = y_0 z_0: its size, for the
// stopping test until x is formed.
static void first_xnorm(const lca__krylov_ws *ws, lca__krylov_lane *ln) {
    double y0 = ln->g[0] / ln->H[0];
    ln->xnorm = fabs(y0) * lca__krylov_norm_inf(ws->n, ln->Z);
}

int lca__gmres_step(lca__krylov_ws *ws, lca__krylov_lane *ln) {
    int64_t n = ws->n, m = ws->opt.restart;
    double *h = ln->H + ln->j * (m + 1);
    double hn = arnoldi(ws, ln, h);
    rotate(ln, h);
    if (ln->xnorm == 0.0 && ln->j == 0) first_xnorm(ws, ln);
    int64_t j = ++ln->j;
    double est = fabs(ln->g[j]), tol = ws->opt.tol;
    double target = tol * (ln->sys->tnorm * ln->xnorm + ln->bnorm);
    int end = !(hn > 0.0) || j == m || !isfinite(est) ||
              ln->sys->iters >= ws->opt.max_iter;
    ln->in = ln->V + j * n;
    ln->out = ln->Z + j * n;
    // |r|_inf >= |r|_2 / sqrt(n): below that bound x cannot pass yet.
    if (!end && est > ws->sqrtn * target) return LCA__KRYLOV_RUN;
    form_x(ws, ln);
    double w = lca__krylov_berr(ws, ln, ln->xt, ln->rt);
    if (w <= tol) return lca__krylov_finish(ws, ln, ln->xt, w, 1);
    if (!isfinite(w) || ln->sys->iters >= ws->opt.max_iter) {
        return lca__krylov_finish(ws, ln, ln->xt, w, 0);
    }
    target = tol * (ln->sys->tnorm * ln->xnorm + ln->bnorm);
    if (!end && est > target) return LCA__KRYLOV_RUN;
    // End of the cycle: restart from the true residual, if it improved.
    memcpy(ln->sys->x, ln->xt, (size_t)n * sizeof *ln->xt);
    if (!(w < 0.5 * ln->wstart)) {
        return lca__krylov_finish(ws, ln, ln->sys->x, w, 0);
    }
    ln->wstart = w;
    return begin_cycle(ws, ln, ln->rt);
}
