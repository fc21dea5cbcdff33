// engine/mc_impl.h: the body of lca_mc
// SPDX-License-Identifier: MIT

#ifndef LCA_MC_IMPL_H
#define LCA_MC_IMPL_H

#include "krylov_impl.h"
#include "lca/mc.h"
#include "stats_impl.h"

// What one thread computes with: its own ctx, solver and value arrays.
typedef struct lca__mc_thread {
    lca_ctx *ctx;
    lca_solver *solver;
    double *Ax, *Bx, *Cx;  // sampled values (stored form); entries that
                           // do not vary keep their amounts from the start
    double *Bsx, *Csx;     // the values of Bsel and Csel (gathered)
    double *Tx;            // technosphere values
    double *Dx;            // D = C B on its fixed pattern
    double *x;             // k workspace for D
    double *rhs, *lam;     // n x nind each
    // The iterative path (NULL on the direct path): a group of giter
    // consecutive iterations is sampled, then all its systems are solved.
    lca__krylov_ws *kws;
    lca__krylov_sys *sys;  // giter x nind
    double *gTx;           // giter x nnz(T): each iteration's T values
    double *grhs, *glam;   // giter x n x nind
    double *tnorm;         // giter: |T_i|_1
    uint8_t *gfail;        // giter: lca_mc_fail codes from sampling
} lca__mc_thread;

// What one block in a wave produces (slot = position in the wave).
typedef struct lca__mc_slot {
    lca__stats stats;  // nind x n summaries of this block
    uint8_t *failed;   // block_size
    double *scores;    // block_size x nd x nind
    double *factors;   // block_size x nind x n, or NULL
    double *extra;     // block_size x nextra (the hook), or NULL
    int64_t nclamped;
    int64_t first, count, index;
    uint8_t *path;     // block_size (lca_mc_path)
    int32_t *krylov;   // block_size
} lca__mc_slot;

struct lca_mc {
    lca_ctx *ctx;
    const lca_model *M;
    lca_mc_options opt;
    int64_t n, k, nind, nd;
    int64_t *ind, *dem;    // owned copies of the selections
    int64_t *ind_pos;      // k: position of indicator i in ind, or -1
    lca_uncertainty *rec[3];  // effective records (pedigree fill), or NULL
    // What an iteration touches. vary[x]: positions in A, B, C (x = 0, 1,
    // 2) of the entries that have a distribution and can change a result:
    // all of A's; B's in the rows of flows the selected indicators
    // characterize; C's in the selected rows. Csel and Bsel are C and B
    // cut to those rows (cmap, bmap: where their entries sit in C and B),
    // so D = Csel Bsel equals the selected rows of C B bit for bit (the
    // entries left out add nothing) at a fraction of the work.
    int64_t nvary[3];
    int64_t *vary[3];
    // vary[x] split: unbounded lognormals (drawn from sigma = ln GSD and
    // the signed scale, prepared once) and the others (from the records).
    int64_t nlog[3], nrest[3];
    int64_t *logpos[3], *restpos[3];
    double *logsig[3], *logscale[3];
    lca_csc *Csel, *Bsel;
    int64_t *cmap, *bmap;
    // The columns of D that can change: all when an entry of Csel varies,
    // else those holding a varying entry of Bsel. The others keep D's
    // deterministic values (computed by the same kernel, so the same bits).
    int64_t ndcols, *dcols;
    int c_varies;
    lca_csc *D;            // Csel Bsel (pattern and deterministic values)
    lca_analysis *an;
    int nthreads;
    lca__mc_thread *th;
    // A wave is wave_blocks blocks run in parallel; while one is computed
    // the previous one is delivered, so with several threads there are two
    // sets of slots (wave w uses set w % 2): nslots = nsets * wave_blocks.
    int64_t wave_blocks, nsets, nslots;
    lca__mc_slot *slots;
    lca__stats total;      // merged so far
    int64_t next, nfailed, ndone;
    int64_t niterative, nfallback, nkrylov;  // by path, merged so far
    // The path every iteration takes (never AUTO after create), the
    // reference LU and Krylov options of the iterative path, and what
    // decided it (engine/mc_iter.c).
    lca_mc_solver path;
    lca__reflu *ref;
    lca__krylov_opts kopt;
    int64_t giter;         // iterations per group on the iterative path
    lca_mc_solver_info sinfo;
};

// One iteration on thread t: fills lam (n x nind) and scores (nd x nind);
// returns an lca_mc_fail code.
int lca__mc_iteration(const lca_mc *mc, lca__mc_thread *t, int64_t iter,
                      double *scores, int64_t *nclamped);

// The pieces of an iteration (engine/mc_run.c), for the iterative path:
// draw iteration iter's values into t's arrays and T's values into Tx
// (returns the clamped draws); the right-hand sides from t's arrays; the
// direct solve of one iteration (factor Tx, solve rhs into lam; returns an
// lca_mc_fail code); the demand scores from lam.
int64_t lca__mc_sample(const lca_mc *mc, lca__mc_thread *t, int64_t iter,
                       double *Tx);
void lca__mc_rhs(const lca_mc *mc, lca__mc_thread *t, double *rhs);
int lca__mc_direct(const lca_mc *mc, lca__mc_thread *t, const double *Tx,
                   const double *rhs, double *lam);
void lca__mc_scores(const lca_mc *mc, const double *lam, double *scores);

// Factorize, solve and score whatever t's value arrays hold (for designs
// that change a sample before solving, engine/analysis/sobol_lca.c: draw
// with lca__mc_sample, change an entry, evaluate). Returns an lca_mc_fail
// code; the direct path always.
int lca__mc_evaluate(const lca_mc *mc, lca__mc_thread *t, double *scores);

// Whether entry p of matrix x (0 = A, 1 = B, 2 = C) is drawn in the run,
// and its value in iteration iter (the stored amount when it is not):
// the same bits the run uses.
int lca__mc_entry_varies(const lca_mc *mc, int x, int64_t p);
double lca__mc_entry_value(const lca_mc *mc, int x, int64_t p, int64_t iter);

// Block s on thread t by the iterative path (engine/mc_iter.c): fills
// slot's failed, scores, factors, path, krylov, nclamped and stats.
void lca__mc_block_iterative(const lca_mc *mc, lca__mc_thread *t,
                             lca__mc_slot *slot);

// Set up the iterative path (reference LU, per-thread Krylov workspaces)
// when opt.iter asks for it or AUTO chooses it; sets mc->path and sinfo.
// Errors: LCA_ERR_ARG, LCA_ERR_NOMEM (ITERATIVE asked: LCA_ERR_SINGULAR if
// the reference T is singular).
lca_status lca__mc_setup_path(lca_mc *mc);
void lca__mc_thread_free_iter(lca_mc *mc, lca__mc_thread *t);

// The reference LU, the Krylov options and every thread's workspace
// (errors as lca__reflu_create, LCA_ERR_NOMEM); and their release.
lca_status lca__mc_setup_iterative(lca_mc *mc);
void lca__mc_free_iter(lca_mc *mc);

// AUTO: pilot and cost model (engine/mc_auto.c); leaves the iterative
// path set up only when it chooses it. Errors: LCA_ERR_NOMEM.
lca_status lca__mc_choose_path(lca_mc *mc);

#endif  // LCA_MC_IMPL_H
