// engine/krylov_impl.h: Krylov solves of many nearby systems, preconditioned
// by one reference LU applied to a batch of them at once
// SPDX-License-Identifier: MIT

#ifndef LCA_KRYLOV_IMPL_H
#define LCA_KRYLOV_IMPL_H

#include "lca/mc.h"
#include "reflu_impl.h"

typedef struct lca__krylov_opts {
    lca_krylov method;
    lca_trans trans;   // the systems are op(T) x = b
    double tol;        // normwise backward error to reach
    int64_t max_iter;  // preconditioner applications per system
    int64_t restart;   // GMRES cycle length
    int64_t batch;     // systems preconditioned together (1..64)
} lca__krylov_opts;

// One system op(T) x = b, T in the pattern (Ap, Ai) the solve is given.
typedef struct lca__krylov_sys {
    const double *Tx;  // values of T
    double tnorm;      // |op(T)|_inf (lca__krylov_tnorm)
    const double *b;
    double *x;         // n, written
    int64_t iters;     // out: preconditioner applications
    int converged;     // out: 1 when w = |b - op(T) x|_inf /
                       //   (tnorm |x|_inf + |b|_inf) <= tol, tested on the
                       //   residual computed from x
    double berr;       // out: that w (NaN if not finite)
} lca__krylov_sys;

typedef struct lca__krylov_ws lca__krylov_ws;  // engine/krylov.c

// Workspace for batch systems of size n under o (one per thread).
// Errors: LCA_ERR_ARG (options out of range), LCA_ERR_NOMEM.
lca_status lca__krylov_ws_create(lca_ctx *ctx, int64_t n,
                                 const lca__krylov_opts *o,
                                 lca__krylov_ws **ws);
void lca__krylov_ws_destroy(lca__krylov_ws **ws);

// Solve sys[0 .. nsys-1], right-preconditioned by the reference LU (so the
// residual the method tracks is the true system's), batch at a time: the
// systems in flight apply the preconditioner together, and a finished
// system's place is taken by the next one. Each system's arithmetic is its
// own: its result is the same bits whatever the batch or its neighbours.
// A system that does not reach tol within max_iter applications, stops
// improving, or breaks down comes back with converged = 0.
void lca__krylov_solve(const lca__reflu *lu, const int64_t *Ap,
                       const int64_t *Ai, lca__krylov_ws *ws, int64_t nsys,
                       lca__krylov_sys *sys);

// |op(T)|_inf: max column sum of |T| (trans) or max row sum (not).
double lca__krylov_tnorm(int64_t n, const int64_t *Ap, const int64_t *Ai,
                         const double *Tx, lca_trans trans, double *rowsum);

// ---- between engine/krylov.c and the methods (krylov_gmres.c,
// krylov_bicgstab.c) -------------------------------------------------------

enum { LCA__KRYLOV_RUN = 0, LCA__KRYLOV_DONE = 1 };

// One place in the batch: the system it works on and that system's state.
typedef struct lca__krylov_lane {
    lca__krylov_sys *sys;  // NULL: idle
    const double *in;      // the vector waiting for out = M^-1 in
    double *out;
    double bnorm, xnorm;   // |b|_inf, |x|_inf (estimated until x is formed)
    double wstart;         // backward error at the start of the cycle
    double *xt, *rt;       // candidate solution and its residual
    // GMRES
    double *V, *Z, *H, *cs, *sn, *g, *y;
    int64_t j;
    // BiCGSTAB
    double *r, *rh, *p, *v, *s, *t, *ph, *sh;
    double rho, alpha, omega, best;
    int phase, nbad;
} lca__krylov_lane;

struct lca__krylov_ws {
    lca_ctx *ctx;
    int64_t n;
    lca__krylov_opts opt;
    const lca__reflu *lu;
    const int64_t *Ap, *Ai;
    double sqrtn;
    lca__krylov_lane *lanes;
    double *mem, *work;
    const double **in;
    double **out;
};

// y = op(T) z with the lane's system's values.
void lca__krylov_mul(const lca__krylov_ws *ws, const double *Tx,
                     const double *z, double *y);
double lca__krylov_norm_inf(int64_t n, const double *x);
// r = b - op(T) x; sets ln->xnorm; returns the backward error of x.
double lca__krylov_berr(const lca__krylov_ws *ws, lca__krylov_lane *ln,
                        const double *x, double *r);
// Hand x (copied unless it is sys->x) and the verdict to the system.
int lca__krylov_finish(const lca__krylov_ws *ws, lca__krylov_lane *ln,
                       const double *x, double w, int converged);

// Start (set ln->in/out, or finish) and take one step after ln->out has
// been computed; each returns LCA__KRYLOV_RUN or LCA__KRYLOV_DONE.
int lca__gmres_start(lca__krylov_ws *ws, lca__krylov_lane *ln);
int lca__gmres_step(lca__krylov_ws *ws, lca__krylov_lane *ln);
int lca__bicgstab_start(lca__krylov_ws *ws, lca__krylov_lane *ln);
int lca__bicgstab_step(lca__krylov_ws *ws, lca__krylov_lane *ln);

#endif  // LCA_KRYLOV_IMPL_H
