// include/lca/mc.h: Monte Carlo over the uncertainty of A, B and C
// SPDX-License-Identifier: MIT
//
// One symbolic analysis of the technosphere pattern, shared read-only.
// Per iteration i, on a thread that owns its solver and value arrays:
//
//   values   every nonzero e of A, B, C drawn from its record, as a pure
//            function of (seed, i, e) (Philox4x32-10, kernels/philox.c)
//   T        from the sampled A (I - A for IO coefficients)
//   factor   numeric LU of T in the shared pattern
//   D        C B on its fixed pattern
//   lambda   T' lambda_r = D(r,:)' for the chosen indicators r: the
//            upstream factors of all n products in this iteration
//   scores   h_j,r = lambda_r' f_j for the chosen demands (paired: every
//            demand sees the same sample, so differences are meaningful)
//
// Iterations are grouped in blocks of block_size consecutive iterations.
// A block is computed by one thread in iteration order; blocks are handed
// to the caller and merged into the summaries in block order. So results
// depend on (model, seed, block_size, options) and never on the thread
// count, the order threads finish in, or where a run was resumed.

#ifndef LCA_MC_H
#define LCA_MC_H

#include <stdint.h>

#include "lca/model.h"
#include "lca/solver.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum lca_mc_on_fail {
    LCA_MC_SKIP = 0,   // count and report the iteration, leave it out
    LCA_MC_ABORT = 1,  // stop the run with an error naming the iteration
} lca_mc_on_fail;

// Why an iteration failed (lca_mc_block.failed).
typedef enum lca_mc_fail {
    LCA_MC_FAIL_NONE = 0,
    LCA_MC_FAIL_NONFINITE = 1,  // a sampled value or a result is NaN/Inf
    LCA_MC_FAIL_SINGULAR = 2,   // the sampled T is singular
    LCA_MC_FAIL_SOLVER = 3,     // the factorization failed otherwise
    LCA_MC_FAIL_ILLCOND = 4,    // T singular to working precision: rcond
                                // < eps or |T||x|/|b| >= 1/eps
    LCA_MC_FAIL_INACCURATE = 5, // backward error of a solve above 1e-8
    LCA_MC_FAIL_HOOK = 6,       // the iteration hook failed or gave a value
                                // that is not finite
} lca_mc_fail;
// (The criterion is one function, engine/verdict.c; docs/SOLVER.md.)

const char *lca_mc_fail_str(lca_mc_fail f);

// How iterations solve their systems (docs/MONTECARLO.md, "The iterative
// path").
typedef enum lca_mc_solver {
    LCA_MC_SOLVER_AUTO = 0,       // chosen at create: cost model + pilot
    LCA_MC_SOLVER_DIRECT = 1,     // refactorize T_i in every iteration
    LCA_MC_SOLVER_ITERATIVE = 2,  // Krylov, preconditioned by the LU of
                                  // the reference T, factored once
} lca_mc_solver;

const char *lca_mc_solver_str(lca_mc_solver s);  // "auto", "direct", ...

typedef enum lca_krylov {
    LCA_KRYLOV_GMRES = 0,     // GMRES(restart), right preconditioned
    LCA_KRYLOV_BICGSTAB = 1,  // BiCGSTAB, right preconditioned
} lca_krylov;

const char *lca_krylov_str(lca_krylov k);  // "gmres", "bicgstab"

// What an iteration's solves took (lca_mc_block.path).
typedef enum lca_mc_path {
    LCA_MC_PATH_DIRECT = 0,     // numeric factorization of T_i
    LCA_MC_PATH_ITERATIVE = 1,  // Krylov, every system converged
    LCA_MC_PATH_FALLBACK = 2,   // Krylov gave up on a system: refactorized
} lca_mc_path;

// The iterative path. Every system of an iteration, T_i' lambda_r =
// D_i(r,:)', is solved until its normwise backward error
// |b - T_i' x|_inf / (|T_i|_1 |x|_inf + |b|_inf) <= tol, computed from x;
// an iteration with a system that does not get there within max_iter
// applications of the preconditioner (or stops improving) is refactorized
// instead (LCA_MC_PATH_FALLBACK). The result of a system depends only on
// its iteration, never on the batch, the thread or the block.
typedef struct lca_mc_iter_options {
    lca_mc_solver solver;  // default LCA_MC_SOLVER_AUTO
    lca_krylov method;     // default GMRES
    double tol;            // default 0: the direct path's refine_tol
    int64_t max_iter;      // applications of M^-1 per system (default 30)
    int64_t restart;       // GMRES cycle length (default 20)
    int64_t batch;         // systems preconditioned together (default 16)
    int64_t pilot;         // iterations AUTO tries iteratively (default 16)
} lca_mc_iter_options;

// What the iteration hook sees of one successful iteration (borrowed;
// valid during the call). Values are in stored form, nnz each; entries
// that cannot change the selected results keep their amounts (as in
// lca_mc_values).
typedef struct lca_mc_hook {
    int64_t iter;                // the iteration
    int tid;                     // the thread (0..nthreads-1): for workspace
    const double *Ax, *Bx, *Cx;  // the sampled values of A, B and C
    const double *lambda;        // nind x n: this iteration's factors
    lca_solver *solver;          // factorized at this iteration's T (a run
                                 // with a hook takes the direct path):
                                 // solve with it, e.g. supply s = T \ f
    lca_ctx *ctx;                // the thread's context (errors, memory)
} lca_mc_hook;

// Per-iteration results of the caller's own (contributions, say): write
// nextra values into extra; return 0, or nonzero to fail the iteration
// (LCA_MC_FAIL_HOOK). Called on the iteration's thread, so it must only
// read arg or use per-thread workspace (it->tid); a pure function of the
// iteration keeps the results bit-identical for any thread count.
typedef int (*lca_mc_hook_fn)(void *arg, const lca_mc_hook *it,
                              double *extra);

typedef struct lca_mc_options {
    uint64_t seed;
    int64_t block_size;             // iterations per block (default 16)
    int lognormal_mean_preserving;  // openLCA: the amount is the mean
    int pedigree_fill;              // scores but no distribution -> lognormal
    double pedigree_basic_gsd;      // basic uncertainty for the fill (1.05)
    lca_mc_on_fail on_fail;         // default LCA_MC_SKIP
    int64_t nind;                   // indicators summarized (0: all k)
    const int64_t *ind;             // their indices (NULL: 0..k-1)
    int64_t nd;                     // demands scored each iteration
    const int64_t *demands;         // their indices in the model
    // Demand columns scored instead of the model's demands: n x d, column
    // j is demand j (nd and demands are then ignored). Borrowed: must
    // outlive the lca_mc. Used by lca/pcf.h for demands in declared units
    // that are not the model's. NULL: the model's demands[].
    const lca_csc *F;
    int keep_factors;               // hand factor samples to the caller
    lca_solver_options solver;      // path and tolerances
    lca_mc_iter_options iter;       // direct or iterative (Krylov) path
    // Correlated pre-computed samples replacing the draws of their entries
    // (lca/presamples.h); borrowed: must outlive the lca_mc. May be NULL.
    const struct lca_presamples *presamples;
    // Optional per-iteration hook and how many values it writes; they reach
    // the block callback as lca_mc_block.extra (default NULL, 0). A run
    // with a hook takes the direct path (iter.solver ITERATIVE is refused).
    lca_mc_hook_fn hook;
    void *hook_arg;
    int64_t nextra;
} lca_mc_options;

void lca_mc_options_default(lca_mc_options *opt);

typedef struct lca_mc lca_mc;  // opaque; engine/mc_impl.h

// One finished block (borrowed; valid during the callback).
typedef struct lca_mc_block {
    int64_t index;           // block number: iterations index*block_size ..
    int64_t first, count;    // iterations first .. first+count-1
    const uint8_t *failed;   // count codes (lca_mc_fail)
    const double *scores;    // count x nd x nind, iteration-major; NaN if
                             // the iteration failed
    const double *factors;   // count x nind x n if keep_factors, else NULL
    int64_t nclamped;        // truncated draws clamped to a bound
    const uint8_t *path;     // count codes (lca_mc_path)
    const int32_t *krylov;   // count: applications of M^-1 summed over the
                             // iteration's systems (0 on the direct path)
    const double *extra;     // count x nextra from the hook (NaN if the
                             // iteration failed), else NULL
} lca_mc_block;

// Called for each block in block order. A status < 0 stops the run.
typedef lca_status (*lca_mc_block_fn)(void *arg, const lca_mc_block *b);

// Prepare a run: records (with pedigree fill), one analysis, one solver
// and value arrays per thread (lca_ctx_nthreads of M's ctx).
// Errors: LCA_ERR_ARG (bad options), LCA_ERR_SINGULAR (structurally),
// LCA_ERR_NOMEM.
lca_status lca_mc_create(const lca_model *M, const lca_mc_options *opt,
                         lca_mc **mc);
void lca_mc_destroy(lca_mc **mc);

// Run iterations [first, last). first must be a multiple of block_size;
// blocks are [b*block_size, (b+1)*block_size) cut at last. After each wave
// of blocks, *stop (may be NULL) is read; when nonzero the run returns
// LCA_OK having finished and delivered every block it started.
// Errors: LCA_ERR_SINGULAR / LCA_ERR_INVALID / LCA_ERR_SOLVER with
// on_fail ABORT (the message names the iteration and the check), the
// callback's error, LCA_ERR_NOMEM.
lca_status lca_mc_run(lca_mc *mc, int64_t first, int64_t last,
                      lca_mc_block_fn fn, void *arg, const volatile int *stop);

// Merge a block computed elsewhere (another MPI rank's lca_mc with the same
// model and options) into mc's summaries, exactly as lca_mc_run merges its
// own: the block's Welford summary is built in iteration order from
// lambdas (count x nind x n, iteration-major: the per-iteration factors;
// rows of failed iterations are not read) and merged after the blocks
// before it. With keep_factors, lambdas is b->factors. Blocks must come in
// block order: b->first == lca_mc_next(mc). The result is bit-identical to
// lca_mc_run computing the block itself.
// Errors: LCA_ERR_ARG (out of order, or count outside 1..block_size).
lca_status lca_mc_absorb_block(lca_mc *mc, const lca_mc_block *b,
                               const double *lambdas);

// The values of A, B and C (stored form, nnz each; any may be NULL) that
// iteration iter samples: to inspect an iteration that failed, or to time
// its factorization alone. Entries that cannot change the selected results
// (rows of B no selected indicator characterizes, rows of C not selected)
// keep their amounts, as in the run.
// Errors: LCA_ERR_ARG (iter outside 0 .. 2^47-1).
lca_status lca_mc_values(const lca_mc *mc, int64_t iter, double *Ax,
                         double *Bx, double *Cx);

// The path a run takes and what decided it. With AUTO, create factors the
// reference T, runs the first `pilot` iterations on the iterative path
// (on one thread; their results are thrown away) and compares modelled
// costs per iteration: the direct path's refactorization (from UMFPACK's
// flop count) and nind solves, against the pilot's mean applications of
// M^-1 and products with T_i per system plus its fallback rate times the
// direct cost. Every input is a count, never a time, so every thread,
// rank and resume makes the same choice (docs/MONTECARLO.md).
typedef struct lca_mc_solver_info {
    lca_mc_solver asked, chosen;  // chosen is DIRECT or ITERATIVE
    lca_krylov method;
    double tol;                   // the backward error the Krylov path meets
    int64_t nnz_lu;               // entries of the reference L + U (0: none)
    double factor_flops;          // flops of one factorization of T
    int64_t pilot;                // pilot iterations run (0: no pilot)
    int64_t pilot_fallbacks;      // of them refactorized
    double pilot_krylov;          // mean applications of M^-1 per system
    double cost_direct, cost_iterative;  // modelled seconds per iteration
} lca_mc_solver_info;
lca_mc_solver_info lca_mc_get_solver_info(const lca_mc *mc);

// Iterations summarized so far and how many failed.
int64_t lca_mc_done(const lca_mc *mc);
int64_t lca_mc_nfailed(const lca_mc *mc);
int64_t lca_mc_next(const lca_mc *mc);  // first iteration not yet run

// The running state, for checkpoints: the counters and the merged
// summaries (nind x n each: count, mean, M2 = sum of squared deviations,
// min, max). Arrays are borrowed from mc, valid until the next run call.
typedef struct lca_mc_state {
    int64_t next, ndone, nfailed, len;
    const int64_t *count;
    const double *mean, *m2, *min, *max;
    // Iterations by path (LCA_MC_PATH_ITERATIVE, _FALLBACK; the rest took
    // the direct path) and applications of M^-1 in all of them.
    int64_t niterative, nfallback, nkrylov;
} lca_mc_state;
lca_mc_state lca_mc_get_state(const lca_mc *mc);

// Continue from a saved state (lca_mc_get_state of a run with the same
// model, seed, options and block size; its arrays are copied): the next
// lca_mc_run must start at saved->next (a block boundary, unless the
// saved run had finished all its iterations). The result is bit-identical
// to a run that never stopped. Errors: LCA_ERR_ARG (len or next do not
// fit: ndone + nfailed must be next).
lca_status lca_mc_restore(lca_mc *mc, const lca_mc_state *saved);

// Copy the factor summaries (nind x n each, row-major; any may be NULL):
// iterations counted, mean, standard deviation (n - 1), min and max; NaN
// (never 0) for a factor no iteration was counted for (all failed).
void lca_mc_summary(const lca_mc *mc, int64_t *count, double *mean,
                    double *sd, double *min, double *max);

// The probabilities at which results report quantiles.
#define LCA_MC_NQUANTILES 7
extern const double lca_mc_quantile_p[LCA_MC_NQUANTILES];  // 0.025 .. 0.975

// q[i] = quantile p[i] of v[0..n-1] (Hyndman-Fan type 7, as R and numpy
// by default; exact, not estimated); v is reordered (the order statistics
// are selected, not sorted). v must hold no NaN. NaN when n = 0.
void lca_quantiles(double *v, int64_t n, int64_t np, const double *p,
                   double *q);

#ifdef __cplusplus
}
#endif

#endif  // LCA_MC_H
