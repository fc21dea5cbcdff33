// engine/krylov_bicgstab.c: one system's steps of right-preconditioned
// BiCGSTAB
// SPDX-License-Identifier: MIT
//
// van der Vorst's BiCGSTAB (Saad, algorithm 7.7, with M^-1 on the right):
// two applications of M^-1 per iteration (p -> p^, s -> s^). The recurred
// residuals r and s are of the true system, so their infinity norm gates
// the test on the residual computed from x. When the recurrence says
// converged and the computed residual does not, r is replaced by it
// (residual replacement); three tests in a row that do not halve the best
// backward error so far are stagnation, and the system is given up.

#include <math.h>
#include <string.h>

#include "krylov_impl.h"

enum { PHASE_P = 0, PHASE_S = 1 };

static double dot(int64_t n, const double *a, const double *b) {
    double s = 0.0;
    for (int64_t i = 0; i < n; i++) s += a[i] * b[i];
    return s;
}

// p = r + beta (p - omega v), with beta from the new rho; p waits for M^-1.
static int next_direction(lca__krylov_ws *ws, lca__krylov_lane *ln) {
    int64_t n = ws->n;
    double rho = dot(n, ln->rh, ln->r);
    if (!(rho != 0.0) || !isfinite(rho)) {  // breakdown
        return lca__krylov_finish(ws, ln, ln->sys->x, ln->best, 0);
    }
    double beta = (rho / ln->rho) * (ln->alpha / ln->omega);
    for (int64_t i = 0; i < n; i++) {
        ln->p[i] = ln->r[i] + beta * (ln->p[i] - ln->omega * ln->v[i]);
    }
    ln->rho = rho;
    ln->phase = PHASE_P;
    ln->in = ln->p;
    ln->out = ln->ph;
    return LCA__KRYLOV_RUN;
}

int lca__bicgstab_start(lca__krylov_ws *ws, lca__krylov_lane *ln) {
    int64_t n = ws->n;
    memset(ln->sys->x, 0, (size_t)n * sizeof *ln->sys->x);
    if (ln->bnorm == 0.0) return lca__krylov_finish(ws, ln, ln->sys->x, 0, 1);
    memcpy(ln->r, ln->sys->b, (size_t)n * sizeof *ln->r);
    memcpy(ln->rh, ln->sys->b, (size_t)n * sizeof *ln->rh);
    memset(ln->p, 0, (size_t)n * sizeof *ln->p);
    memset(ln->v, 0, (size_t)n * sizeof *ln->v);
    ln->rho = ln->alpha = ln->omega = 1.0;
    ln->best = 1.0;  // the backward error of x = 0
    ln->nbad = 0;
    return next_direction(ws, ln);
}

// Test x, whose recurred residual has infinity norm rn, on the residual
// computed from x (into rt) when the recurrence says it may pass. Returns
// 0 (not tested), 1 (done: converged or given up; *rc set), 2 (tested,
// go on with rt in place of the recurred residual).
static int test(lca__krylov_ws *ws, lca__krylov_lane *ln, const double *x,
                double rn, int *rc) {
    double denom = ln->sys->tnorm * lca__krylov_norm_inf(ws->n, x) +
                   ln->bnorm;
    if (rn > 2.0 * ws->opt.tol * denom) return 0;
    double w = lca__krylov_berr(ws, ln, x, ln->rt);
    int give_up = !isfinite(w);
    if (w <= ws->opt.tol) {
        *rc = lca__krylov_finish(ws, ln, x, w, 1);
        return 1;
    }
    if (w < 0.5 * ln->best) {
        ln->best = w;
        ln->nbad = 0;
    } else if (++ln->nbad >= 3) {
        give_up = 1;
    }
    if (give_up) {
        *rc = lca__krylov_finish(ws, ln, x, w, 0);
        return 1;
    }
    return 2;
}

// After p^ = M^-1 p: v = op(T) p^, alpha, s = r - alpha v; s waits.
static int step_p(lca__krylov_ws *ws, lca__krylov_lane *ln) {
    int64_t n = ws->n;
    lca__krylov_mul(ws, ln->sys->Tx, ln->ph, ln->v);
    double d = dot(n, ln->rh, ln->v);
    if (!(d != 0.0) || !isfinite(d)) {
        return lca__krylov_finish(ws, ln, ln->sys->x, ln->best, 0);
    }
    ln->alpha = ln->rho / d;
    for (int64_t i = 0; i < n; i++) ln->s[i] = ln->r[i] - ln->alpha * ln->v[i];
    for (int64_t i = 0; i < n; i++) {
        ln->xt[i] = ln->sys->x[i] + ln->alpha * ln->ph[i];
    }
    int rc = LCA__KRYLOV_RUN;
    int t = test(ws, ln, ln->xt, lca__krylov_norm_inf(n, ln->s), &rc);
    if (t == 1) return rc;
    if (t == 2) memcpy(ln->s, ln->rt, (size_t)n * sizeof *ln->s);
    if (ln->sys->iters >= ws->opt.max_iter) {
        return lca__krylov_finish(ws, ln, ln->xt, NAN, 0);
    }
    ln->phase = PHASE_S;
    ln->in = ln->s;
    ln->out = ln->sh;
    return LCA__KRYLOV_RUN;
}

// After s^ = M^-1 s: t = op(T) s^, omega, x += alpha p^ + omega s^,
// r = s - omega t.
static int step_s(lca__krylov_ws *ws, lca__krylov_lane *ln) {
    int64_t n = ws->n;
    lca__krylov_mul(ws, ln->sys->Tx, ln->sh, ln->t);
    double tt = dot(n, ln->t, ln->t);
    ln->omega = tt > 0.0 ? dot(n, ln->t, ln->s) / tt : 0.0;
    double *x = ln->sys->x;
    for (int64_t i = 0; i < n; i++) {
        x[i] += ln->alpha * ln->ph[i] + ln->omega * ln->sh[i];
        ln->r[i] = ln->s[i] - ln->omega * ln->t[i];
    }
    int rc = LCA__KRYLOV_RUN;
    int t = test(ws, ln, x, lca__krylov_norm_inf(n, ln->r), &rc);
    if (t == 1) return rc;
    if (t == 2) memcpy(ln->r, ln->rt, (size_t)n * sizeof *ln->r);
    if (!(ln->omega != 0.0) || ln->sys->iters >= ws->opt.max_iter) {
        return lca__krylov_finish(ws, ln, x, NAN, 0);
    }
    return next_direction(ws, ln);
}

int lca__bicgstab_step(lca__krylov_ws *ws, lca__krylov_lane *ln) {
    return ln->phase == PHASE_P ? step_p(ws, ln) : step_s(ws, ln);
}
