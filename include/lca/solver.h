// include/lca/solver.h: sparse (UMFPACK) and dense (LAPACK) LU of T
// SPDX-License-Identifier: MIT
//
// Two objects, so that Monte Carlo can refactorize one pattern many times:
//
//   lca_analysis  the pattern of an n-by-n matrix and its ordering
//                 (UMFPACK symbolic analysis), or the choice of the dense
//                 path. Made once per pattern; read-only afterwards, so any
//                 number of solvers on any number of threads may share it.
//   lca_solver    one numeric factorization of values in that pattern plus
//                 the workspace to solve with it. One per thread.
//
//   analysis = create(T)            once
//   factor(solver, Tx)              per set of values (same pattern)
//   solve(solver, N or T, B -> X)   per batch of right-hand sides
//
// Accuracy: UMFPACK's iterative refinement is off. After every solve the
// normwise backward error  w = |b - T x|_inf / (|T|_inf |x|_inf + |b|_inf)
// is computed per right-hand side; when w > refine_tol, refinement steps
// x += T \ (b - T x) are taken (at most max_refine) and counted in the
// solve info. A result whose w stays above refine_tol is returned with
// LCA_WARN_ILLCOND.
//
// Threads: solve splits the right-hand sides over lca_ctx_nthreads(ctx)
// threads; each is solved the same way whatever the thread count, so
// results are bit-identical for any count. A solver must be used by one
// calling thread at a time; an analysis may be shared read-only.

#ifndef LCA_SOLVER_H
#define LCA_SOLVER_H

#include <stdint.h>

#include "lca/csc.h"
#include "lca/ctx.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum lca_solver_kind {
    LCA_SOLVER_AUTO = 0,    // dense when small and dense enough
    LCA_SOLVER_SPARSE = 1,  // UMFPACK
    LCA_SOLVER_DENSE = 2,   // LAPACK dgetrf/dgetrs (OpenBLAS)
    LCA_SOLVER_ITERATIVE = 3,  // GMRES preconditioned by the LU of T with
                               // its small entries dropped; for systems
                               // whose full LU fills in (never chosen by
                               // AUTO; docs/SOLVER.md)
} lca_solver_kind;

typedef enum lca_trans {
    LCA_NOTRANS = 0,  // T x = b
    LCA_TRANS = 1,    // T' x = b
} lca_trans;

typedef struct lca_solver_options {
    lca_solver_kind kind;      // default LCA_SOLVER_AUTO
    int64_t dense_max_n;       // AUTO: dense only if n <= this
    double dense_min_density;  // AUTO: ... and nnz/n^2 >= this
    double refine_tol;         // backward error that triggers refinement
    int max_refine;            // refinement steps per right-hand side
    double rcond_warn;         // factor warns below this rcond estimate
    // ITERATIVE: the preconditioner is the LU of T without the entries
    // |T(i,j)| < drop_tol |T(j,j)| off the diagonal; a right-hand side is
    // solved to backward error refine_tol, else (after krylov_max
    // applications of the preconditioner, GMRES restarted every
    // krylov_restart) by a full sparse LU.
    double drop_tol;           // default 0.03
    int64_t krylov_max;        // default 100
    int64_t krylov_restart;    // default 10
} lca_solver_options;

// Fill opt with the defaults (docs/SOLVER.md says how they were measured).
void lca_solver_options_default(lca_solver_options *opt);

const char *lca_solver_kind_str(lca_solver_kind kind);  // "sparse" ...

// The path an analysis takes for an n-by-n pattern with nnz entries under
// opt: opt->kind unless AUTO, then dense iff n <= dense_max_n and
// nnz/n^2 >= dense_min_density. Never returns LCA_SOLVER_AUTO.
lca_solver_kind lca_solver_choose(const lca_solver_options *opt, int64_t n,
                                  int64_t nnz);

typedef struct lca_analysis lca_analysis;  // opaque; engine/solver_impl.h
typedef struct lca_solver lca_solver;      // opaque; engine/solver_impl.h

// What the last factorization found.
typedef struct lca_factor_info {
    lca_solver_kind kind;  // the path in use
    double rcond;          // reciprocal condition estimate (see SOLVER.md)
    int64_t nnz_lu;        // entries of L+U (n*n for dense)
    int64_t nzero_pivots;  // > 0 iff singular
    double flops;          // floating-point operations it took (UMFPACK's
                           // count; 2n^3/3 dense)
} lca_factor_info;

// What the last solve found, over all its right-hand sides.
typedef struct lca_solve_info {
    double backward_error;  // largest w over the right-hand sides
    double growth;          // largest |T||x|_inf / |b|_inf: a lower bound
                            // on cond_inf(T) (0 for b = 0)
    int64_t refine_steps;   // refinement steps taken in total
    int64_t nrhs;
    int64_t krylov;         // ITERATIVE: preconditioner applications
    int64_t fallbacks;      // ITERATIVE: right-hand sides solved by the
                            // full sparse LU instead
} lca_solve_info;

// ---- analysis ----------------------------------------------------------------

// Analyse the pattern of the n-by-n matrix T (its values guide UMFPACK's
// strategy, but later factorizations may use any values). opt may be NULL
// for the defaults.
// Errors: LCA_ERR_DIM (not square), LCA_ERR_SINGULAR (structurally
// singular: an empty row or column; the message names it), LCA_ERR_SOLVER,
// LCA_ERR_NOMEM.
lca_status lca_analysis_create(lca_ctx *ctx, const lca_csc *T,
                               const lca_solver_options *opt,
                               lca_analysis **an);
void lca_analysis_destroy(lca_analysis **an);
lca_solver_kind lca_analysis_kind(const lca_analysis *an);
int64_t lca_analysis_n(const lca_analysis *an);
int64_t lca_analysis_nnz(const lca_analysis *an);

// ---- solver ------------------------------------------------------------------

// A solver for an analysis (which must outlive it). No values yet.
// Errors: LCA_ERR_NOMEM.
lca_status lca_solver_create(lca_ctx *ctx, const lca_analysis *an,
                             lca_solver **s);
void lca_solver_destroy(lca_solver **s);

// Numeric factorization of the values Tx (nnz entries, in the analysis
// pattern; copied). Replaces any earlier factorization.
// Returns LCA_OK, LCA_WARN_ILLCOND (factorized; rcond below rcond_warn).
// Errors: LCA_ERR_INVALID (a value is NaN or Inf: the message gives row and
// column), LCA_ERR_SINGULAR (zero pivots: lca_solver_zero_pivots lists the
// columns), LCA_ERR_SOLVER, LCA_ERR_NOMEM. After an error, solve fails
// until the next successful factor.
lca_status lca_solver_factor(lca_solver *s, const double *Tx);

// X = T \ B or T' \ B for nrhs right-hand sides. B and X are column-major
// n-by-nrhs with leading dimensions ldb and ldx (>= n); they must not
// overlap. Returns LCA_OK or LCA_WARN_ILLCOND (see the top of this file).
// Errors: LCA_ERR_ARG (not factorized, bad leading dimension),
// LCA_ERR_NOMEM.
lca_status lca_solver_solve(lca_solver *s, lca_trans trans, int64_t nrhs,
                            const double *B, int64_t ldb, double *X,
                            int64_t ldx);

lca_factor_info lca_solver_factor_info(const lca_solver *s);
lca_solve_info lca_solver_solve_info(const lca_solver *s);

// The columns of T with a zero pivot in the last factorization (borrowed;
// count in *count). Empty unless factor returned LCA_ERR_SINGULAR.
const int64_t *lca_solver_zero_pivots(const lca_solver *s, int64_t *count);

#ifdef __cplusplus
}
#endif

#endif  // LCA_SOLVER_H
