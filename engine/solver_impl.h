// engine/solver_impl.h: the bodies of lca_analysis and lca_solver
// SPDX-License-Identifier: MIT

#ifndef LCA_SOLVER_IMPL_H
#define LCA_SOLVER_IMPL_H

#include <umfpack.h>

#include "lca/solver.h"

struct lca_analysis {
    lca_ctx *ctx;
    lca_solver_options opt;
    lca_solver_kind kind;  // SPARSE or DENSE, never AUTO
    int64_t n, nnz;
    int64_t *Ap, *Ai;  // copy of the pattern
    void *symbolic;    // UMFPACK Symbolic (sparse only)
    double control[UMFPACK_CONTROL];
};

// Per-thread solve workspace.
typedef struct lca__solve_ws {
    int64_t *Wi;  // n   (UMFPACK)
    double *W;    // 5n  (UMFPACK)
    double *r;    // n   residual
    double *d;    // n   correction
    double berr;  // worst backward error seen by this thread
    double growth;  // largest |T||x|/|b| seen by this thread
    int64_t steps;
} lca__solve_ws;

struct lca_solver {
    lca_ctx *ctx;
    const lca_analysis *an;
    double *Tx;        // the factorized values (copy)
    double norm1;      // |T|_1
    double norminf;    // |T|_inf
    void *numeric;     // UMFPACK Numeric (sparse)
    double *lu;        // n*n column-major LU (dense)
    int *ipiv;         // n pivots (dense; LAPACK's 32-bit integers)
    int factored;
    lca_factor_info finfo;
    lca_solve_info sinfo;
    int64_t *zero_piv;
    int nws;  // workspaces allocated
    lca__solve_ws *ws;
    // ITERATIVE (engine/solver_iter.c): the preconditioner, a Krylov
    // workspace per thread, and the full sparse LU, made when a right-hand
    // side needs it.
    struct lca__reflu *ref;
    struct lca__krylov_ws **kws;
    int nkws;
    lca_analysis *fb_an;
    lca_solver *fb;
};

// Dense path (engine/solver_dense.c).
lca_status lca__dense_factor(lca_solver *s);
lca_status lca__dense_solve(lca_solver *s, lca_trans trans, int64_t nrhs,
                            const double *B, int64_t ldb, double *X,
                            int64_t ldx);
void lca__dense_free(lca_solver *s);

// Iterative path (engine/solver_iter.c).
lca_status lca__iter_factor(lca_solver *s);
lca_status lca__iter_solve(lca_solver *s, lca_trans trans, int64_t nrhs,
                           const double *B, int64_t ldb, double *X,
                           int64_t ldx);
void lca__iter_free(lca_solver *s);

// One refinement-checked column: given x for b, compute the backward error
// and refine with solve1 while it exceeds the tolerance.
typedef void (*lca__solve1_fn)(lca_solver *s, lca_trans trans,
                               lca__solve_ws *ws, const double *b, double *x);
void lca__refine_column(lca_solver *s, lca_trans trans, lca__solve_ws *ws,
                        const double *b, double *x, lca__solve1_fn solve1);

// The column of T whose pivot in the last factorization is smallest in
// magnitude (for a message about a nearly singular matrix); -1 if s is not
// factorized or UMFPACK cannot say. May allocate (n values), never fails.
int64_t lca__solver_smallest_pivot(const lca_solver *s);

// Make sure s has at least nt per-thread workspaces.
lca_status lca__solver_workspaces(lca_solver *s, int nt);

// Solve (when solve_first) and refine columns 0..nrhs-1 of X on nt threads,
// and set the solve info.
lca_status lca__solve_columns(lca_solver *s, lca_trans trans, int64_t nrhs,
                              const double *B, int64_t ldb, double *X,
                              int64_t ldx, int solve_first, int nt,
                              lca__solve1_fn solve1);

#endif  // LCA_SOLVER_IMPL_H
