// engine/mc_iter.c: Monte Carlo's iterative path
// SPDX-License-Identifier: MIT
//
// The reference T (the model's amounts) is factorized once, and its LU,
// extracted from UMFPACK, is shared read-only by all threads
// (engine/reflu.c). A block's iterations are taken in groups of giter
// consecutive iterations, giter * nind ~ batch systems: the group's
// values are drawn and its right-hand sides built as on the direct path,
// then all its systems T_i' lambda_r = D_i(r,:)' are solved together by
// the preconditioned Krylov method (engine/krylov.c), which applies M^-1
// to the batch in one pass over L and U. An iteration whose systems all
// converge takes LCA_MC_PATH_ITERATIVE; one with a system given up is
// refactorized and solved directly (LCA_MC_PATH_FALLBACK), so the worst
// case is the direct path's cost plus the Krylov steps spent.
//
// Nothing here depends on the thread, the group or the batch: a system's
// arithmetic is its own, so the factors of an iteration are a function of
// (model, seed, iteration, options), as on the direct path.

#include <math.h>
#include <string.h>

#include "csc_impl.h"
#include "ctx_impl.h"
#include "mc_impl.h"
#include "model_impl.h"
#include "solver_impl.h"
#include "verdict_impl.h"

static int finite_all(const double *x, int64_t n) {
    for (int64_t i = 0; i < n; i++) {
        if (!isfinite(x[i])) return 0;
    }
    return 1;
}

// Draw iterations first .. first+g-1 into the group; returns the systems
// of the iterations whose values are finite, in iteration order.
static int64_t group_sample(const lca_mc *mc, lca__mc_thread *t,
                            lca__mc_slot *slot, int64_t first, int64_t g) {
    const lca_csc *T = mc->M->T;
    int64_t n = mc->n, nind = mc->nind, nnz = lca_csc_nnz(T), nsys = 0;
    for (int64_t q = 0; q < g; q++) {
        double *Tx = t->gTx + q * nnz, *rhs = t->grhs + q * n * nind;
        slot->nclamped += lca__mc_sample(mc, t, first + q, Tx);
        t->gfail[q] = finite_all(Tx, nnz) ? LCA_MC_FAIL_NONE
                                          : LCA_MC_FAIL_NONFINITE;
        if (t->gfail[q] != LCA_MC_FAIL_NONE) continue;
        lca__mc_rhs(mc, t, rhs);
        t->tnorm[q] = lca__krylov_tnorm(n, T->Ap, T->Ai, Tx, LCA_TRANS, NULL);
        for (int64_t r = 0; r < nind; r++) {
            lca__krylov_sys *s = &t->sys[nsys++];
            s->Tx = Tx;
            s->tnorm = t->tnorm[q];
            s->b = rhs + r * n;
            s->x = t->glam + (q * nind + r) * n;
        }
    }
    return nsys;
}

// What the solves of iteration q (its systems from k on) found, in the
// direct path's terms, for the verdict: the largest backward error and
// growth |T||x| / |b|.
static lca_solve_info solve_info(const lca_mc *mc, const lca__mc_thread *t,
                                 int64_t k) {
    lca_solve_info si = {0.0, 0.0, 0, mc->nind, 0, 0};
    for (int64_t r = 0; r < mc->nind; r++) {
        const lca__krylov_sys *s = &t->sys[k + r];
        double bn = lca__krylov_norm_inf(mc->n, s->b);
        double g = bn > 0.0
                       ? s->tnorm * lca__krylov_norm_inf(mc->n, s->x) / bn
                       : 0.0;
        if (!(s->berr <= si.backward_error)) si.backward_error = s->berr;
        if (!(g <= si.growth)) si.growth = g;
    }
    return si;
}

// Record iteration q of the slot (its lambda in lam) as block_item does.
static void record(const lca_mc *mc, lca__mc_slot *slot, int64_t q, int fail,
                   const double *lam) {
    int64_t per = mc->nd * mc->nind, nf = mc->n * mc->nind;
    double *sc = slot->scores + q * per;
    double *fac = slot->factors ? slot->factors + q * nf : NULL;
    slot->failed[q] = (uint8_t)fail;
    if (fail != LCA_MC_FAIL_NONE) {
        for (int64_t i = 0; i < per; i++) sc[i] = NAN;
        for (int64_t i = 0; fac != NULL && i < nf; i++) fac[i] = NAN;
        return;
    }
    lca__mc_scores(mc, lam, sc);
    lca__stats_add(&slot->stats, lam);
    if (fac != NULL) memcpy(fac, lam, (size_t)nf * sizeof *fac);
}

// Slot iterations q0 .. q0+g-1: sample, solve all systems, fall back
// where a system was given up, record in order.
static void group(const lca_mc *mc, lca__mc_thread *t, lca__mc_slot *slot,
                  int64_t q0, int64_t g) {
    int64_t n = mc->n, nind = mc->nind, nnz = lca_csc_nnz(mc->M->T);
    const lca_csc *T = mc->M->T;
    int64_t nsys = group_sample(mc, t, slot, slot->first + q0, g);
    lca__krylov_solve(mc->ref, T->Ap, T->Ai, t->kws, nsys, t->sys);
    int64_t k = 0;
    for (int64_t q = 0; q < g; q++) {
        int fail = t->gfail[q];
        double *lam = t->glam + q * n * nind;
        int64_t iters = 0, k0 = k;
        int converged = 1;
        for (int64_t r = 0; fail == LCA_MC_FAIL_NONE && r < nind; r++, k++) {
            iters += t->sys[k].iters;
            converged &= t->sys[k].converged;
        }
        slot->path[q0 + q] = converged ? LCA_MC_PATH_ITERATIVE
                                       : LCA_MC_PATH_FALLBACK;
        slot->krylov[q0 + q] = (int32_t)(iters < INT32_MAX ? iters
                                                           : INT32_MAX);
        if (fail == LCA_MC_FAIL_NONE && !converged) {
            fail = lca__mc_direct(mc, t, t->gTx + q * nnz,
                                  t->grhs + q * n * nind, lam);
        } else if (fail == LCA_MC_FAIL_NONE) {
            lca_solve_info si = solve_info(mc, t, k0);
            fail = lca__verdict(NULL, &si, lam, n * nind);
        }
        record(mc, slot, q0 + q, fail, lam);
    }
}

void lca__mc_block_iterative(const lca_mc *mc, lca__mc_thread *t,
                             lca__mc_slot *slot) {
    for (int64_t q0 = 0; q0 < slot->count; q0 += mc->giter) {
        int64_t g = slot->count - q0 < mc->giter ? slot->count - q0
                                                 : mc->giter;
        group(mc, t, slot, q0, g);
    }
}

void lca__mc_thread_free_iter(lca_mc *mc, lca__mc_thread *t) {
    (void)mc;
    lca_ctx *c = t->ctx;
    if (c == NULL) return;
    lca__krylov_ws_destroy(&t->kws);
    void *a[] = {t->sys, t->gTx, t->grhs, t->glam, t->tnorm, t->gfail};
    for (size_t i = 0; i < sizeof a / sizeof a[0]; i++) lca__free(c, a[i]);
    t->sys = NULL;
    t->gTx = t->grhs = t->glam = t->tnorm = NULL;
    t->gfail = NULL;
}

static lca_status thread_init_iter(lca_mc *mc, lca__mc_thread *t) {
    lca_ctx *c = t->ctx;
    size_t g = (size_t)mc->giter, n = (size_t)mc->n;
    size_t nind = (size_t)mc->nind, nnz = (size_t)lca_csc_nnz(mc->M->T);
    lca_status st = lca__krylov_ws_create(c, mc->n, &mc->kopt, &t->kws);
    if (st != LCA_OK) return lca__fail(mc->ctx, st, "%s", lca_ctx_errmsg(c));
    t->sys = lca__malloc(c, g * nind + 1, sizeof *t->sys);
    t->gTx = lca__malloc(c, g * nnz + 1, sizeof *t->gTx);
    t->grhs = lca__malloc(c, g * n * nind + 1, sizeof *t->grhs);
    t->glam = lca__malloc(c, g * n * nind + 1, sizeof *t->glam);
    t->tnorm = lca__malloc(c, g, sizeof *t->tnorm);
    t->gfail = lca__malloc(c, g, sizeof *t->gfail);
    if (t->sys == NULL || t->gTx == NULL || t->grhs == NULL ||
        t->glam == NULL || t->tnorm == NULL || t->gfail == NULL) {
        return lca__fail(mc->ctx, LCA_ERR_NOMEM, "out of memory for the "
                         "iterative path");
    }
    return LCA_OK;
}

void lca__mc_free_iter(lca_mc *mc) {
    for (int t = 0; t < mc->nthreads; t++) {
        lca__mc_thread_free_iter(mc, &mc->th[t]);
    }
    lca__reflu_destroy(&mc->ref);
}

static lca_status check_iter_options(lca_mc *mc) {
    const lca_mc_iter_options *o = &mc->opt.iter;
    if (o->solver < LCA_MC_SOLVER_AUTO || o->solver > LCA_MC_SOLVER_ITERATIVE ||
        (o->method != LCA_KRYLOV_GMRES && o->method != LCA_KRYLOV_BICGSTAB) ||
        !(o->tol >= 0.0 && o->tol < 1.0) || o->max_iter < 1 ||
        o->max_iter > 100000 || o->restart < 1 || o->restart > 1000 ||
        o->batch < 1 || o->batch > 64 || o->pilot < 0) {
        return lca__fail(mc->ctx, LCA_ERR_ARG, "iterative Monte Carlo options "
                         "out of range (solver %d, method %d, tol %g, "
                         "max_iter %lld, restart %lld, batch %lld, pilot "
                         "%lld)", (int)o->solver, (int)o->method, o->tol,
                         (long long)o->max_iter, (long long)o->restart,
                         (long long)o->batch, (long long)o->pilot);
    }
    return LCA_OK;
}

lca_status lca__mc_setup_iterative(lca_mc *mc) {
    const lca_mc_iter_options *o = &mc->opt.iter;
    lca_status st = lca__reflu_create(mc->ctx, mc->M->T, &mc->ref);
    if (st != LCA_OK) {
        return lca__wrap(mc->ctx, st, "the iterative path's reference "
                         "factorization");
    }
    mc->kopt.method = o->method;
    mc->kopt.trans = LCA_TRANS;
    mc->kopt.tol = o->tol > 0.0 ? o->tol : mc->opt.solver.refine_tol;
    mc->kopt.max_iter = o->max_iter;
    mc->kopt.restart = o->restart;
    mc->kopt.batch = o->batch;
    int64_t g = o->batch / mc->nind;
    if (g < 1) g = 1;
    if (g > mc->opt.block_size) g = mc->opt.block_size;
    mc->giter = g;
    mc->sinfo.nnz_lu = mc->ref->nnz_lu;
    mc->sinfo.factor_flops = mc->ref->flops;
    mc->sinfo.tol = mc->kopt.tol;
    for (int t = 0; t < mc->nthreads && st == LCA_OK; t++) {
        st = thread_init_iter(mc, &mc->th[t]);
    }
    return st;
}

lca_status lca__mc_setup_path(lca_mc *mc) {
    lca_status st = check_iter_options(mc);
    if (st != LCA_OK) return st;
    const lca_mc_iter_options *o = &mc->opt.iter;
    mc->sinfo.asked = o->solver;
    mc->sinfo.method = o->method;
    mc->sinfo.chosen = LCA_MC_SOLVER_DIRECT;
    mc->path = LCA_MC_SOLVER_DIRECT;
    if (o->solver == LCA_MC_SOLVER_DIRECT) return LCA_OK;
    if (o->solver == LCA_MC_SOLVER_AUTO) return lca__mc_choose_path(mc);
    st = lca__mc_setup_iterative(mc);
    if (st != LCA_OK) {
        lca__mc_free_iter(mc);
        return st;
    }
    mc->path = mc->sinfo.chosen = LCA_MC_SOLVER_ITERATIVE;
    return LCA_OK;
}
