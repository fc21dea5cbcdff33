// engine/mc_auto.c: choosing Monte Carlo's path (--mc-solver auto)
// SPDX-License-Identifier: MIT
//
// The choice must be the same on every thread, rank and resume, so it is
// made from counts, never from a clock: the entries of the reference L+U
// and of T, UMFPACK's flop count of the factorization, the number of
// right-hand sides, and a pilot of the first `pilot` iterations run on the
// iterative path (their Krylov counts and fallbacks are a pure function of
// the model, seed and options). Each count is priced in seconds per unit
// measured once on the reference machine (docs/MONTECARLO.md, "Cost
// model"); only the ratio of the two sums matters, so a uniformly faster
// machine makes the same choice.
//
//   direct    = flops c_flop + nnz(LU) c_fact + nind (nnz(LU) c_solve
//               + 2 nnz(T) c_T)
//   iterative = nind k (nnz(LU) c_apply(batch) + nnz(T) c_T
//               + (restart/2 + 3) 2n c_vec) + f direct
//
// with k the pilot's mean applications of M^-1 per system and f its
// fallback rate. The iterative path is taken when it is cheaper.

#include <string.h>

#include "csc_impl.h"
#include "lca/presamples.h"
#include "ctx_impl.h"
#include "mc_impl.h"
#include "model_impl.h"
#include "solver_impl.h"

// Seconds per unit on the reference machine (2 vCPUs of an AMD EPYC,
// docs/MONTECARLO.md "Cost model"). UMFPACK's time is not linear in its
// flops (large fronts run at BLAS-3 speed, small ones are overhead): c_flop
// and c_fact are fitted so that the model gives the eco-shaped system's
// 0.27 s and USLCI's 0.1 ms; the others are per-entry costs of the
// memory-bound loops (one vector; 16 vectors per pass over L and U).
static const double c_flop = 0.032e-9;    // factorization, per flop
static const double c_fact = 22e-9;       // factorization, per L+U entry
static const double c_solve = 1.2e-9;     // UMFPACK solve, per L+U entry
static const double c_apply1 = 1.2e-9;    // M^-1 on one vector, per entry
static const double c_apply16 = 0.35e-9;  // ... per entry per vector of 16
static const double c_T = 1.5e-9;         // product with T, per entry
static const double c_vec = 0.5e-9;       // vector operations, per flop

static double cost_direct(const lca_mc *mc) {
    double nlu = (double)mc->sinfo.nnz_lu;
    double nT = (double)lca_csc_nnz(mc->M->T);
    return mc->sinfo.factor_flops * c_flop + nlu * c_fact +
           (double)mc->nind * (nlu * c_solve + 2.0 * nT * c_T);
}

static double cost_iterative(const lca_mc *mc, double k, double f) {
    double nlu = (double)mc->sinfo.nnz_lu;
    double nT = (double)lca_csc_nnz(mc->M->T), n = (double)mc->n;
    double width = (double)(mc->kopt.batch < 16 ? mc->kopt.batch : 16);
    double apply = c_apply1 + (c_apply16 - c_apply1) * (width - 1.0) / 15.0;
    double restart = (double)mc->kopt.restart;
    double step = nlu * apply + nT * c_T + (restart / 2.0 + 3.0) * 2.0 * n *
                  c_vec;
    return (double)mc->nind * k * step + f * cost_direct(mc);
}

// Run the pilot iterations on thread 0 with slot 0 (their results are
// dropped) and count applications of M^-1 and fallbacks.
static void pilot(lca_mc *mc) {
    lca__mc_slot *slot = &mc->slots[0];
    int64_t bs = mc->opt.block_size, kry = 0, nsys = 0, fall = 0, ran = 0;
    for (int64_t first = 0; first < mc->opt.iter.pilot; first += bs) {
        int64_t left = mc->opt.iter.pilot - first;
        slot->first = first;
        slot->count = left < bs ? left : bs;
        slot->index = first / bs;
        lca__stats_reset(&slot->stats);
        slot->nclamped = 0;
        lca__mc_block_iterative(mc, &mc->th[0], slot);
        for (int64_t q = 0; q < slot->count; q++) {
            if (slot->failed[q] != LCA_MC_FAIL_NONE) continue;
            ran++;
            kry += slot->krylov[q];
            nsys += mc->nind;
            fall += slot->path[q] == LCA_MC_PATH_FALLBACK;
        }
    }
    lca__stats_reset(&slot->stats);
    mc->sinfo.pilot = ran;
    mc->sinfo.pilot_fallbacks = fall;
    mc->sinfo.pilot_krylov = nsys > 0 ? (double)kry / (double)nsys : 0.0;
}

// Does any value of T change between iterations?
static int t_varies(const lca_mc *mc) {
    if (mc->nvary[0] > 0) return 1;
    const lca_presamples *ps = mc->opt.presamples;
    for (int64_t e = 0; ps != NULL && e < lca_presamples_count(ps); e++) {
        lca_matrix which;
        int64_t pos;
        lca_presamples_entry(ps, e, &which, &pos);
        if (which == LCA_MATRIX_A) return 1;
    }
    return 0;
}

lca_status lca__mc_choose_path(lca_mc *mc) {
    // A constant T needs no iterations; a dense analysis means a small
    // system, whose factorization is cheaper than any iteration could be.
    if (!t_varies(mc) || lca_analysis_kind(mc->an) == LCA_SOLVER_DENSE) {
        return LCA_OK;
    }
    lca_status st = lca__mc_setup_iterative(mc);
    if (st == LCA_ERR_NOMEM) {
        lca__mc_free_iter(mc);
        return st;
    }
    if (st != LCA_OK) {  // e.g. a singular reference: refactorize instead
        lca__mc_free_iter(mc);
        return LCA_OK;
    }
    mc->path = LCA_MC_SOLVER_ITERATIVE;
    pilot(mc);
    double f = mc->sinfo.pilot > 0 ? (double)mc->sinfo.pilot_fallbacks /
                                         (double)mc->sinfo.pilot
                                   : 1.0;
    mc->sinfo.cost_direct = cost_direct(mc);
    mc->sinfo.cost_iterative = cost_iterative(mc, mc->sinfo.pilot_krylov, f);
    if (mc->sinfo.pilot > 0 &&
        mc->sinfo.cost_iterative < mc->sinfo.cost_direct) {
        mc->sinfo.chosen = LCA_MC_SOLVER_ITERATIVE;
        return LCA_OK;
    }
    mc->path = LCA_MC_SOLVER_DIRECT;
    lca__mc_free_iter(mc);
    return LCA_OK;
}
