// engine/mc_run.c: Monte Carlo iterations, blocks and waves
// SPDX-License-Identifier: MIT
//
// A wave is a few consecutive blocks computed in parallel (any block on any
// thread: each thread owns its solver and arrays, and a block's results
// depend only on its iterations), then handed to the caller and merged
// into the totals in block order, by one thread while the next wave is
// computed (lca__parallel_waves). Summaries depend on the block size only.

#include <math.h>
#include <string.h>

#include "csc_impl.h"
#include "ctx_impl.h"
#include "kernels/kernels.h"
#include "kernels/sample.h"
#include "lca/presamples.h"
#include "mc_impl.h"
#include "model_impl.h"
#include "verdict_impl.h"

// The varying entries of matrix x (X, entries numbered from e0) in
// iteration iter; returns the values clamped to a bound.
static int64_t draw(const lca_mc *mc, int x, const lca_csc *X, int64_t iter,
                    uint64_t e0, double *values) {
    uint64_t seed = mc->opt.seed;
    lca__sample_lognormal_list(mc->nlog[x], mc->logpos[x], mc->logsig[x],
                               mc->logscale[x], seed, (uint64_t)iter, e0,
                               values);
    return lca__sample_list(mc->nrest[x], mc->restpos[x], X->Ax, mc->rec[x],
                            seed, (uint64_t)iter, e0,
                            mc->opt.lognormal_mean_preserving, values);
}

// Draw the varying entries of A, B, C for iteration iter; entries are
// numbered A, then B, then C (whether they vary or not).
static int64_t sample_values(const lca_mc *mc, lca__mc_thread *t,
                             int64_t iter) {
    const lca_model *M = mc->M;
    uint64_t seed = mc->opt.seed, e = 0;
    const lca_csc *X[3] = {M->A, M->B, M->C};
    double *out[3] = {t->Ax, t->Bx, t->Cx};
    int64_t clamped = 0;
    for (int x = 0; x < 3; x++) {
        clamped += draw(mc, x, X[x], iter, e, out[x]);
        e += (uint64_t)lca_csc_nnz(X[x]);
    }
    const lca_presamples *ps = mc->opt.presamples;
    if (ps != NULL) {
        double *const values[3] = {t->Ax, t->Bx, t->Cx};
        lca_presamples_apply(ps, lca_presamples_column(ps, seed, iter),
                             values);
    }
    return clamped;
}

lca_status lca_mc_values(const lca_mc *mc, int64_t iter, double *Ax,
                         double *Bx, double *Cx) {
    if (iter < 0 || iter >= (1LL << 47)) {
        return lca__fail(mc->ctx, LCA_ERR_ARG, "iteration %lld is outside "
                         "0..2^47-1", (long long)iter);
    }
    const lca_csc *X[3] = {mc->M->A, mc->M->B, mc->M->C};
    double *const out[3] = {Ax, Bx, Cx};
    uint64_t e = 0;
    for (int x = 0; x < 3; x++) {
        int64_t nnz = lca_csc_nnz(X[x]);
        if (out[x] != NULL) {
            memcpy(out[x], X[x]->Ax, (size_t)nnz * sizeof *out[x]);
            draw(mc, x, X[x], iter, e, out[x]);
        }
        e += (uint64_t)nnz;
    }
    const lca_presamples *ps = mc->opt.presamples;
    if (ps != NULL) {
        lca_presamples_apply(ps, lca_presamples_column(ps, mc->opt.seed, iter),
                             out);
    }
    return LCA_OK;
}

// D = Csel Bsel with this iteration's values, in the columns that can
// change (column j alone: the kernel reads positions, so offset pointers
// give it one column).
static void characterize(const lca_mc *mc, lca__mc_thread *t) {
    const lca_csc *Cs = mc->Csel, *Bs = mc->Bsel, *D = mc->D;
    if (mc->c_varies) {
        for (int64_t q = 0; q < Cs->Ap[Cs->n]; q++) {
            t->Csx[q] = t->Cx[mc->cmap[q]];
        }
    }
    for (int64_t c = 0; c < mc->ndcols; c++) {
        int64_t j = mc->dcols[c];
        for (int64_t q = Bs->Ap[j]; q < Bs->Ap[j + 1]; q++) {
            t->Bsx[q] = t->Bx[mc->bmap[q]];
        }
        lca__csc_multiply_numeric_kernel(Cs->m, Cs->Ap, Cs->Ai, t->Csx, 1,
                                         Bs->Ap + j, Bs->Ai, t->Bsx,
                                         D->Ap + j, D->Ai, t->Dx, t->x);
    }
}

// rhs(:, r) = D(ind[r], :)' for the sampled D.
static void build_rhs(const lca_mc *mc, const lca__mc_thread *t,
                      double *rhs) {
    const lca_csc *D = mc->D;
    int64_t n = mc->n;
    memset(rhs, 0, (size_t)(n * mc->nind) * sizeof *rhs);
    for (int64_t j = 0; j < n; j++) {
        for (int64_t p = D->Ap[j]; p < D->Ap[j + 1]; p++) {
            int64_t r = mc->ind_pos[D->Ai[p]];
            if (r >= 0) rhs[r * n + j] = t->Dx[p];
        }
    }
}

void lca__mc_rhs(const lca_mc *mc, lca__mc_thread *t, double *rhs) {
    characterize(mc, t);
    build_rhs(mc, t, rhs);
}

// scores[j * nind + r] = lambda_r' f_j.
void lca__mc_scores(const lca_mc *mc, const double *lam, double *scores) {
    const lca_csc *F = mc->opt.F ? mc->opt.F : lca_model_demands(mc->M);
    int64_t n = mc->n;
    for (int64_t j = 0; j < mc->nd; j++) {
        int64_t col = mc->opt.F ? j : mc->dem[j];
        for (int64_t r = 0; r < mc->nind; r++) {
            double h = 0.0;
            for (int64_t p = F->Ap[col]; p < F->Ap[col + 1]; p++) {
                h += lam[r * n + F->Ai[p]] * F->Ax[p];
            }
            scores[j * mc->nind + r] = h;
        }
    }
}

int64_t lca__mc_sample(const lca_mc *mc, lca__mc_thread *t, int64_t iter,
                       double *Tx) {
    int64_t clamped = sample_values(mc, t, iter);
    lca__model_tech_values(mc->M, t->Ax, Tx);
    return clamped;
}

int lca__mc_direct(const lca_mc *mc, lca__mc_thread *t, const double *Tx,
                   const double *rhs, double *lam) {
    lca_status st = lca_solver_factor(t->solver, Tx);
    if (st == LCA_ERR_INVALID) return LCA_MC_FAIL_NONFINITE;
    if (st == LCA_ERR_SINGULAR) return LCA_MC_FAIL_SINGULAR;
    if (st < 0) return LCA_MC_FAIL_SOLVER;
    st = lca_solver_solve(t->solver, LCA_TRANS, mc->nind, rhs, mc->n, lam,
                          mc->n);
    if (st < 0) return LCA_MC_FAIL_SOLVER;
    lca_factor_info fi = lca_solver_factor_info(t->solver);
    lca_solve_info si = lca_solver_solve_info(t->solver);
    return lca__verdict(&fi, &si, lam, mc->n * mc->nind);
}

int lca__mc_iteration(const lca_mc *mc, lca__mc_thread *t, int64_t iter,
                      double *scores, int64_t *nclamped) {
    const lca_model *M = mc->M;
    *nclamped += sample_values(mc, t, iter);
    const double *Tx = t->Ax;  // T = A in the technosphere convention
    if (M->conv != LCA_TECHNOSPHERE) {
        lca__model_tech_values(M, t->Ax, t->Tx);
        Tx = t->Tx;
    }
    lca__mc_rhs(mc, t, t->rhs);
    int fail = lca__mc_direct(mc, t, Tx, t->rhs, t->lam);
    if (fail == LCA_MC_FAIL_NONE) lca__mc_scores(mc, t->lam, scores);
    return fail;
}

int lca__mc_evaluate(const lca_mc *mc, lca__mc_thread *t, double *scores) {
    const double *Tx = t->Ax;  // T = A in the technosphere convention
    if (mc->M->conv != LCA_TECHNOSPHERE) {
        lca__model_tech_values(mc->M, t->Ax, t->Tx);
        Tx = t->Tx;
    }
    lca__mc_rhs(mc, t, t->rhs);
    int fail = lca__mc_direct(mc, t, Tx, t->rhs, t->lam);
    if (fail == LCA_MC_FAIL_NONE) lca__mc_scores(mc, t->lam, scores);
    return fail;
}

// Position q of the sorted list pos[0..n-1] holding p, or -1.
static int64_t find_sorted(const int64_t *pos, int64_t n, int64_t p) {
    int64_t lo = 0, hi = n - 1;
    while (lo <= hi) {
        int64_t mid = lo + (hi - lo) / 2;
        if (pos[mid] == p) return mid;
        if (pos[mid] < p) lo = mid + 1; else hi = mid - 1;
    }
    return -1;
}

int lca__mc_entry_varies(const lca_mc *mc, int x, int64_t p) {
    return find_sorted(mc->vary[x], mc->nvary[x], p) >= 0;
}

double lca__mc_entry_value(const lca_mc *mc, int x, int64_t p, int64_t iter) {
    const lca_csc *X[3] = {mc->M->A, mc->M->B, mc->M->C};
    if (!lca__mc_entry_varies(mc, x, p)) return X[x]->Ax[p];
    uint64_t e0 = 0;
    for (int y = 0; y < x; y++) e0 += (uint64_t)lca_csc_nnz(X[y]);
    int st;
    return lca__sample(&mc->rec[x][p], X[x]->Ax[p], mc->opt.seed,
                       (uint64_t)iter, e0 + (uint64_t)p,
                       mc->opt.lognormal_mean_preserving, &st);
}

static void fail_row(double *x, int64_t n) {
    for (int64_t i = 0; i < n; i++) x[i] = NAN;
}

// The caller's per-iteration results of iteration q of the slot (a view
// of the iteration's values, factors and factorized solver); 0 if the
// hook failed or gave a value that is not finite.
static int hook_extra(const lca_mc *mc, lca__mc_thread *t, int tid,
                      lca__mc_slot *slot, int64_t q) {
    int64_t ne = mc->opt.nextra;
    double *extra = slot->extra + q * ne;
    lca_mc_hook it = {slot->first + q, tid, t->Ax, t->Bx, t->Cx, t->lam,
                      t->solver, t->ctx};
    if (mc->opt.hook(mc->opt.hook_arg, &it, extra) != 0) return 0;
    for (int64_t i = 0; i < ne; i++) {
        if (!isfinite(extra[i])) return 0;
    }
    return 1;
}

// One lca_mc_run: where the next wave starts and where its blocks go.
typedef struct run {
    lca_mc *mc;
    int64_t next, last;  // the next iteration to plan; the end
    int64_t nslots[2];   // blocks in the wave of each set
    lca_mc_block_fn fn;
    void *arg;
    const volatile int *stop;
    lca_status st;       // the first error
} run;

static lca__mc_slot *wave_slots(const lca_mc *mc, int64_t w) {
    return mc->slots + (mc->nsets > 1 ? w % 2 : 0) * mc->wave_blocks;
}

// Block s of wave w on thread tid, iterations in order.
static void block_item(void *arg, int64_t w, int64_t s, int tid) {
    lca_mc *mc = ((run *)arg)->mc;
    lca__mc_slot *slot = wave_slots(mc, w) + s;
    lca__mc_thread *t = &mc->th[tid];
    int64_t per = mc->nd * mc->nind, nf = mc->n * mc->nind;
    lca__stats_reset(&slot->stats);
    slot->nclamped = 0;
    if (mc->path == LCA_MC_SOLVER_ITERATIVE) {
        lca__mc_block_iterative(mc, t, slot);
        return;
    }
    for (int64_t q = 0; q < slot->count; q++) {
        slot->path[q] = LCA_MC_PATH_DIRECT;
        slot->krylov[q] = 0;
        double *sc = slot->scores + q * per;
        int fail = lca__mc_iteration(mc, t, slot->first + q, sc,
                                     &slot->nclamped);
        if (fail == LCA_MC_FAIL_NONE && mc->opt.hook != NULL &&
            !hook_extra(mc, t, tid, slot, q)) {
            fail = LCA_MC_FAIL_HOOK;
        }
        slot->failed[q] = (uint8_t)fail;
        double *fac = slot->factors ? slot->factors + q * nf : NULL;
        if (fail != LCA_MC_FAIL_NONE) {
            fail_row(sc, per);
            if (fac != NULL) fail_row(fac, nf);
            if (slot->extra != NULL) {
                fail_row(slot->extra + q * mc->opt.nextra, mc->opt.nextra);
            }
            continue;
        }
        lca__stats_add(&slot->stats, t->lam);
        if (fac != NULL) memcpy(fac, t->lam, (size_t)nf * sizeof *fac);
    }
}

// Lay out wave w: up to wave_blocks blocks from r->next.
static int64_t plan_wave(void *arg, int64_t w) {
    run *r = arg;
    lca_mc *mc = r->mc;
    int64_t bs = mc->opt.block_size, count = 0;
    lca__mc_slot *slots = wave_slots(mc, w);
    for (; count < mc->wave_blocks && r->next < r->last; count++) {
        lca__mc_slot *slot = &slots[count];
        slot->index = r->next / bs;
        slot->first = r->next;
        slot->count = (r->last - r->next < bs) ? r->last - r->next : bs;
        r->next += slot->count;
    }
    r->nslots[w % 2] = count;
    return count;
}

// The first failed iteration of a slot, for the abort message.
static lca_status abort_on_failure(lca_mc *mc, const lca__mc_slot *slot) {
    for (int64_t q = 0; q < slot->count; q++) {
        if (slot->failed[q] != LCA_MC_FAIL_NONE) {
            int f = slot->failed[q];
            lca_status st = f == LCA_MC_FAIL_SINGULAR ||
                                    f == LCA_MC_FAIL_ILLCOND
                                ? LCA_ERR_SINGULAR
                            : f == LCA_MC_FAIL_NONFINITE ? LCA_ERR_INVALID
                                                         : LCA_ERR_SOLVER;
            return lca__fail(mc->ctx, st, "Monte Carlo iteration %lld "
                             "failed: %s (seed %llu; --on-fail skip would "
                             "leave it out)",
                             (long long)(slot->first + q),
                             lca_mc_fail_str((lca_mc_fail)slot->failed[q]),
                             (unsigned long long)mc->opt.seed);
        }
    }
    return LCA_OK;
}

// Add a block's paths and Krylov counts to the totals (none: direct).
static void count_paths(lca_mc *mc, const lca_mc_block *b) {
    for (int64_t q = 0; b->path != NULL && q < b->count; q++) {
        mc->niterative += b->path[q] == LCA_MC_PATH_ITERATIVE;
        mc->nfallback += b->path[q] == LCA_MC_PATH_FALLBACK;
    }
    for (int64_t q = 0; b->krylov != NULL && q < b->count; q++) {
        mc->nkrylov += b->krylov[q];
    }
}

// Deliver and merge wave w's slots in block order; stop (1) when asked.
static int deliver_wave(void *arg, int64_t w) {
    run *r = arg;
    lca_mc *mc = r->mc;
    lca__mc_slot *slots = wave_slots(mc, w);
    for (int64_t s = 0; s < r->nslots[w % 2]; s++) {
        lca__mc_slot *slot = &slots[s];
        lca_status st = mc->opt.on_fail == LCA_MC_ABORT
                            ? abort_on_failure(mc, slot) : LCA_OK;
        lca_mc_block b = {slot->index, slot->first, slot->count, slot->failed,
                          slot->scores, slot->factors, slot->nclamped,
                          slot->path, slot->krylov, slot->extra};
        if (st == LCA_OK && r->fn != NULL) st = r->fn(r->arg, &b);
        if (st < 0) {
            r->st = st;
            return -1;
        }
        lca__stats_merge(&mc->total, &slot->stats);
        count_paths(mc, &b);
        for (int64_t q = 0; q < slot->count; q++) {
            int failed = slot->failed[q] != LCA_MC_FAIL_NONE;
            mc->nfailed += failed;
            mc->ndone += !failed;
        }
        mc->next = slot->first + slot->count;
    }
    return (r->stop != NULL && *r->stop) ? 1 : 0;
}

// Slot 0's summary is free between runs: the block is summarized there in
// iteration order, as block_item does, then merged as deliver does.
lca_status lca_mc_absorb_block(lca_mc *mc, const lca_mc_block *b,
                               const double *lambdas) {
    int64_t bs = mc->opt.block_size, nf = mc->n * mc->nind;
    if (b->first != mc->next || b->count < 1 || b->count > bs ||
        b->index != b->first / bs) {
        return lca__fail(mc->ctx, LCA_ERR_ARG, "block %lld (iterations "
                         "%lld..%lld) is not the next one: iteration %lld "
                         "is", (long long)b->index, (long long)b->first,
                         (long long)(b->first + b->count - 1),
                         (long long)mc->next);
    }
    lca__stats *s = &mc->slots[0].stats;
    lca__stats_reset(s);
    for (int64_t q = 0; q < b->count; q++) {
        int failed = b->failed[q] != LCA_MC_FAIL_NONE;
        if (!failed) lca__stats_add(s, lambdas + q * nf);
        mc->nfailed += failed;
        mc->ndone += !failed;
    }
    lca__stats_merge(&mc->total, s);
    count_paths(mc, b);
    mc->next = b->first + b->count;
    return LCA_OK;
}

lca_status lca_mc_run(lca_mc *mc, int64_t first, int64_t last,
                      lca_mc_block_fn fn, void *arg,
                      const volatile int *stop) {
    int64_t bs = mc->opt.block_size;
    if (first < 0 || last < first || (first % bs != 0 && first < last) ||
        last >= (1LL << 47)) {
        return lca__fail(mc->ctx, LCA_ERR_ARG, "iterations [%lld, %lld) do "
                         "not start on a block boundary (block size %lld)",
                         (long long)first, (long long)last, (long long)bs);
    }
    run r = {mc, first, last, {0, 0}, fn, arg, stop, LCA_OK};
    lca__parallel_waves(mc->nthreads, plan_wave, block_item, deliver_wave,
                        &r);
    return r.st;
}
