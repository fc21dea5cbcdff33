// engine/solver_iter.c: the iterative path of lca_solver (LCA_SOLVER_ITERATIVE)
// SPDX-License-Identifier: MIT
//
// Some systems fill in: the generated 250,000-activity system's LU holds
// 81 M entries (25 times T) and takes 49 s, most of it for a few loops
// through long chains. Leaving the small entries out of T (|T(i,j)| <
// drop_tol |T(j,j)|, diagonal kept) breaks those loops: at drop_tol 0.03
// the LU of what is left holds 4 M entries and takes seconds. That LU
// preconditions GMRES on the true T (engine/krylov.c, right
// preconditioning, the residual computed from x), which brings each
// right-hand side to the backward error the direct path guarantees
// (refine_tol) in about ten applications. A right-hand side that does not
// get there within krylov_max applications is solved by the full sparse
// LU, made the first time one needs it, so the result is never worse than
// the sparse path's.
//
// Right-hand sides are solved in chunks of up to BATCH, each chunk on one
// thread with that thread's workspace; a system's arithmetic is its own,
// so results are bit-identical for any thread count.

#include <math.h>
#include <string.h>

#include "csc_impl.h"
#include "ctx_impl.h"
#include "kernels/kernels.h"
#include "krylov_impl.h"
#include "solver_impl.h"

enum { BATCH = 8 };

void lca__iter_free(lca_solver *s) {
    lca__reflu_destroy(&s->ref);
    for (int t = 0; t < s->nkws; t++) lca__krylov_ws_destroy(&s->kws[t]);
    lca__free(s->ctx, s->kws);
    s->kws = NULL;
    s->nkws = 0;
    lca_solver_destroy(&s->fb);
    lca_analysis_destroy(&s->fb_an);
}

// T's values without the small entries, in a matrix of their own.
static lca_status sparsify(const lca_solver *s, lca_csc **S) {
    const lca_analysis *an = s->an;
    int64_t n = an->n, q = 0;
    lca_status st = lca_csc_create(s->ctx, n, n, an->nnz, S);
    if (st != LCA_OK) return st;
    lca_csc *R = *S;
    for (int64_t j = 0; j < n; j++) {
        double d = 0.0;
        for (int64_t p = an->Ap[j]; p < an->Ap[j + 1]; p++) {
            if (an->Ai[p] == j) d = fabs(s->Tx[p]);
        }
        R->Ap[j] = q;
        for (int64_t p = an->Ap[j]; p < an->Ap[j + 1]; p++) {
            if (an->Ai[p] != j && fabs(s->Tx[p]) < an->opt.drop_tol * d) {
                continue;
            }
            R->Ai[q] = an->Ai[p];
            R->Ax[q++] = s->Tx[p];
        }
    }
    R->Ap[n] = q;
    return LCA_OK;
}

lca_status lca__iter_factor(lca_solver *s) {
    lca_csc *S = NULL;
    lca_solver_destroy(&s->fb);  // its values are the old ones
    lca_status st = sparsify(s, &S);
    if (st == LCA_OK) st = lca__reflu_create(s->ctx, S, &s->ref);
    lca_csc_destroy(&S);
    if (st == LCA_ERR_NOMEM) return st;
    if (st != LCA_OK) {  // e.g. what is left is singular: all by the full LU
        s->finfo.rcond = 1.0;
        s->finfo.nnz_lu = 0;
        return LCA_OK;
    }
    // The preconditioner's pivot ratio stands in for rcond: a hint, as
    // UMFPACK's is; the backward error of every solve is what is checked.
    double lo = INFINITY, hi = 0.0;
    for (int64_t k = 0; k < s->ref->n; k++) {
        double u = 1.0 / fabs(s->ref->udinv[k]);
        if (u < lo) lo = u;
        if (u > hi) hi = u;
    }
    s->finfo.rcond = hi > 0.0 ? lo / hi : 0.0;
    s->finfo.nnz_lu = s->ref->nnz_lu;
    s->finfo.flops = s->ref->flops;
    return LCA_OK;
}

// One workspace per thread, for this direction.
static lca_status workspaces(lca_solver *s, lca_trans trans, int nt,
                             int64_t batch) {
    if (s->nkws < nt) {
        for (int t = 0; t < s->nkws; t++) lca__krylov_ws_destroy(&s->kws[t]);
        lca__free(s->ctx, s->kws);
        s->nkws = 0;
        s->kws = lca__calloc(s->ctx, (size_t)nt, sizeof *s->kws);
        if (s->kws == NULL) return lca__fail(s->ctx, LCA_ERR_NOMEM, "oom");
        s->nkws = nt;
    }
    const lca_solver_options *o = &s->an->opt;
    lca__krylov_opts ko = {LCA_KRYLOV_GMRES, trans, o->refine_tol,
                           o->krylov_max, o->krylov_restart, batch};
    for (int t = 0; t < nt; t++) {
        if (s->kws[t] != NULL && s->kws[t]->opt.batch < batch) {
            lca__krylov_ws_destroy(&s->kws[t]);  // a larger batch now
        }
        if (s->kws[t] == NULL) {
            lca_status st = lca__krylov_ws_create(s->ctx, s->an->n, &ko,
                                                  &s->kws[t]);
            if (st != LCA_OK) return st;
        }
        s->kws[t]->opt.trans = trans;  // the rest is the same every time
    }
    return LCA_OK;
}

typedef struct chunks {
    lca_solver *s;
    lca__krylov_sys *sys;
    int64_t nrhs, batch;
} chunks;

static int chunk_item(void *arg, int64_t c, int tid) {
    chunks *ch = arg;
    int64_t first = c * ch->batch, left = ch->nrhs - first;
    const lca_analysis *an = ch->s->an;
    lca__krylov_solve(ch->s->ref, an->Ap, an->Ai, ch->s->kws[tid],
                      left < ch->batch ? left : ch->batch, ch->sys + first);
    return 0;
}

// Column j, which Krylov gave up on, by the full sparse LU.
static lca_status fall_back(lca_solver *s, lca_trans trans, const double *b,
                            double *x) {
    lca_status st = LCA_OK;
    if (s->fb == NULL) {
        lca_solver_options o = s->an->opt;
        o.kind = LCA_SOLVER_SPARSE;
        lca_csc T = {s->ctx, s->an->n, s->an->n, s->an->nnz, s->an->Ap,
                     s->an->Ai, s->Tx};
        if (s->fb_an == NULL) st = lca_analysis_create(s->ctx, &T, &o,
                                                       &s->fb_an);
        if (st == LCA_OK) st = lca_solver_create(s->ctx, s->fb_an, &s->fb);
        if (st == LCA_OK) st = lca_solver_factor(s->fb, s->Tx);
        if (st < 0) {
            lca_solver_destroy(&s->fb);
            return st;
        }
    }
    st = lca_solver_solve(s->fb, trans, 1, b, s->an->n, x, s->an->n);
    return st < 0 ? st : LCA_OK;
}

// The solve info over all columns, falling back where Krylov gave up.
static lca_status collect(lca_solver *s, lca_trans trans,
                          const lca__krylov_sys *sys, int64_t nrhs) {
    lca_solve_info *si = &s->sinfo;
    memset(si, 0, sizeof *si);
    si->nrhs = nrhs;
    int64_t n = s->an->n;
    for (int64_t j = 0; j < nrhs; j++) {
        double w = sys[j].berr;
        si->krylov += sys[j].iters;
        if (!sys[j].converged) {
            lca_status st = fall_back(s, trans, sys[j].b, sys[j].x);
            if (st != LCA_OK) return st;
            w = s->fb->sinfo.backward_error;
            si->refine_steps += s->fb->sinfo.refine_steps;
            si->fallbacks++;
        }
        double bn = 0.0, xn = 0.0;
        for (int64_t i = 0; i < n; i++) {
            if (!(fabs(sys[j].b[i]) <= bn)) bn = fabs(sys[j].b[i]);
            if (!(fabs(sys[j].x[i]) <= xn)) xn = fabs(sys[j].x[i]);
        }
        double g = bn > 0.0 ? sys[j].tnorm * xn / bn : 0.0;
        if (!(w <= si->backward_error)) si->backward_error = w;
        if (!(g <= si->growth)) si->growth = g;
    }
    return LCA_OK;
}

lca_status lca__iter_solve(lca_solver *s, lca_trans trans, int64_t nrhs,
                           const double *B, int64_t ldb, double *X,
                           int64_t ldx) {
    int64_t batch = nrhs < BATCH ? (nrhs > 0 ? nrhs : 1) : BATCH;
    int64_t nchunks = (nrhs + batch - 1) / batch;
    int nt = lca__nthreads(s->ctx, nchunks);
    lca__krylov_sys *sys = lca__calloc(s->ctx, (size_t)nrhs + 1, sizeof *sys);
    if (sys == NULL) return lca__fail(s->ctx, LCA_ERR_NOMEM, "out of memory");
    lca_status st = workspaces(s, trans, nt, batch);
    double tnorm = trans == LCA_TRANS ? s->norm1 : s->norminf;
    for (int64_t j = 0; j < nrhs; j++) {
        sys[j].Tx = s->Tx;
        sys[j].tnorm = tnorm;
        sys[j].b = B + j * ldb;
        sys[j].x = X + j * ldx;
    }
    if (st == LCA_OK && s->ref != NULL) {
        chunks ch = {s, sys, nrhs, batch};
        lca__parallel_for(nt, nchunks, chunk_item, &ch);
    }
    if (st == LCA_OK) st = collect(s, trans, sys, nrhs);
    lca__free(s->ctx, sys);
    return st;
}
