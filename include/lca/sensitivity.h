// include/lca/sensitivity.h: which uncertain inputs drive a result
// SPDX-License-Identifier: MIT
//
// The result is one score h = c_r B s = lambda' f of a demand f for one
// indicator r, with s = T^-1 f and lambda = T^-T D(r,:)'. An input is one
// stored nonzero of A, B or C (an lca_input), taken as stored: the IO
// convention stores A with T = I - A, so its derivatives change sign.
//
// Screening (lca_screen): every input at once from the two solves
//
//   dh/da_ij = -lambda_i s_j   (technosphere; +lambda_i s_j for IO)
//   dh/db_kj = c_rk s_j
//   dh/dc_rk = g_k,            g = B s (0 for other indicators' rows)
//
// and the first-order (delta-method) variance of h, from independent
// inputs: V1 = sum_x (dh/dx)^2 Var(x), Var(x) the exact variance of what
// Monte Carlo samples from x's record (lca_uncertainty_moments).
//
// Global sensitivity from Monte Carlo samples (same records, seed, and
// counter-based draws as lca_mc, so an input's value in an iteration is
// a pure function of (seed, iteration, entry)):
//
//   Spearman   rho_x = Pearson correlation of the ranks of x and of h over
//              the iterations (average ranks for ties)
//   Sobol      first-order S_x = V(E[h|x]) / V(h) and total
//              ST_x = E(V(h|x_~x)) / V(h) from a Saltelli design: rows
//              A_r, B_r (iterations 2r, 2r+1) and A_B^x (A_r with x from
//              B_r), estimated as (Saltelli et al. 2010; Jansen 1999)
//                 S_x  = (1/N) sum_r f(B_r) (f(A_B^x_r) - f(A_r)) / V
//                 ST_x = (1/2N) sum_r (f(A_r) - f(A_B^x_r))^2 / V
//              with V the variance of all f(A_r) and f(B_r).
//
// Both are streamed: memory does not grow with the number of inputs times
// iterations. Spearman keeps the N outputs and their ranks (16 N bytes)
// and then regenerates one input's N values at a time (each thread holds
// one input's values and order, 16 N bytes), ranks them and correlates;
// 20,000 inputs x 100,000 iterations use about 1.6 MB per thread plus
// 1.6 MB, not 16 GB. Sobol keeps, per input, the running sums of the two
// estimators (and of their squares, for standard errors), accumulated
// block by block of rows in row order; a block's (k + 2) evaluations per
// row are the only per-row storage.
//
// Threads: rows and inputs are spread over lca_ctx_nthreads threads, each
// item on one thread with its own solver, and every sum is taken in a
// fixed order: results are bit-identical for any thread count.

#ifndef LCA_SENSITIVITY_H
#define LCA_SENSITIVITY_H

#include <stdint.h>

#include "lca/calc.h"
#include "lca/mc.h"
#include "lca/table.h"

#ifdef __cplusplus
extern "C" {
#endif

// One stored nonzero: record pos of matrix A, B or C.
typedef struct lca_input {
    int64_t matrix;  // an lca_matrix
    int64_t pos;     // position among the matrix's nonzeros
} lca_input;

// Row and column of an input in its matrix.
// Errors: LCA_ERR_ARG (matrix or position outside the model).
lca_status lca_input_locate(const lca_model *M, lca_input in, int64_t *row,
                            int64_t *col);

// ---- screening --------------------------------------------------------------

typedef struct lca_screen_options {
    int lognormal_mean_preserving;  // as lca_mc_options
    int pedigree_fill;              // as lca_mc_options
    double pedigree_basic_gsd;      // as lca_mc_options (1.05)
} lca_screen_options;

void lca_screen_options_default(lca_screen_options *opt);

typedef struct lca_screen lca_screen;  // opaque; engine/analysis/screen.c

// Screen every input of h = lambda' f for indicator ind on the factorized
// calculation c: one forward and one transposed solve, then one pass over
// the nonzeros of A, B and C. f (n entries) is read, not kept.
// Errors: LCA_ERR_ARG (ind outside 0..k-1, f not finite),
// LCA_ERR_INVALID (no input has a distribution: the message says so),
// LCA_ERR_NOMEM, the solver's errors.
lca_status lca_screen_create(lca_calc *c, int64_t ind, const double *f,
                             const lca_screen_options *opt,
                             lca_screen **out);
void lca_screen_destroy(lca_screen **s);

double lca_screen_score(const lca_screen *s);     // h
double lca_screen_variance(const lca_screen *s);  // V1 = sum of the below
int64_t lca_screen_nuncertain(const lca_screen *s);  // inputs with Var > 0

// Per input of matrix X (nnz(X) values each, borrowed): dh/dx, Var(x) and
// the first-order contribution (dh/dx)^2 Var(x).
const double *lca_screen_derivatives(const lca_screen *s, lca_matrix X);
const double *lca_screen_input_variances(const lca_screen *s, lca_matrix X);
const double *lca_screen_contributions(const lca_screen *s, lca_matrix X);
// The distribution (an lca_dist) each input is sampled from, pedigree
// fill applied.
const uint8_t *lca_screen_distributions(const lca_screen *s, lca_matrix X);

// The k inputs with the largest contributions (ties: A before B before C,
// then lower position), contributions > 0 only, into top; their number
// into *count. Errors: LCA_ERR_ARG (k < 0), LCA_ERR_NOMEM.
lca_status lca_screen_rank(const lca_screen *s, int64_t k, lca_input *top,
                           int64_t *count);

// ---- global sensitivity -------------------------------------------------------

// The output of a Monte Carlo run made with opt: the score of the first
// chosen demand (opt->demands[0]) for the first chosen indicator.
// opt->presamples must be NULL (Sobol indices assume independent inputs).

// rho[q] for inputs in[0..k-1] over iterations 0..niter-1; an input that
// does not vary gives NaN. Iterations that fail (singular) are left out;
// *nused (may be NULL) gets how many were used.
// Errors: LCA_ERR_ARG (niter < 3, k < 0, nd or nind 0, an input outside
// the model, presamples), lca_mc_create's errors, LCA_ERR_NOMEM.
lca_status lca_spearman_run(const lca_model *M, const lca_mc_options *opt,
                            int64_t niter, int64_t k, const lca_input *in,
                            double *rho, int64_t *nused);

typedef struct lca_sobol_result {
    int64_t rows;         // N rows used (rows with a failed evaluation are
                          // left out whole)
    int64_t failed_rows;
    double mean, var;     // of f over the 2N base evaluations
} lca_sobol_result;

// Evaluate the model at a design point: the inputs of base sample a,
// except input `swap` (0..k-1; -1: none) taken from sample b. Called on
// thread tid (0..nthreads-1) with the same arguments from any thread
// count, it must return the same y: a pure function of (a, swap, b).
// Returns 0, or nonzero when the evaluation failed.
typedef int (*lca_sobol_fn)(void *arg, int tid, int64_t a, int64_t swap,
                            int64_t b, double *y);

// Sobol indices S1[q], ST[q] of k inputs of any model given as fn, from N
// Saltelli rows (a = 2r, b = 2r + 1) on nthreads threads (fn's arg must
// hold per-thread workspace for them); se1, seT (may be NULL) get the
// standard errors of the estimators (the variance V taken as exact).
// Errors: LCA_ERR_ARG (N < 2, k < 1, nthreads < 1, variance 0: the
// output does not vary), LCA_ERR_NOMEM.
lca_status lca_sobol_run(lca_ctx *ctx, int nthreads, int64_t N, int64_t k,
                         lca_sobol_fn fn, void *arg, double *S1, double *ST,
                         double *se1, double *seT, lca_sobol_result *res);

// The same for an LCA result: inputs in[0..k-1] of M, evaluations by
// Monte Carlo sampling with opt (N (k + 2) factorizations).
// Errors: as lca_spearman_run and lca_sobol_run.
lca_status lca_sobol_lca(const lca_model *M, const lca_mc_options *opt,
                         int64_t N, int64_t k, const lca_input *in,
                         double *S1, double *ST, double *se1, double *seT,
                         lca_sobol_result *res);


// ---- tables (lca/table.h; docs/FORMAT.md, "Analysis files") ---------------

// "screening": the top inputs by first-order contribution (top 0: every
// input with a contribution > 0): rank, matrix, row and column ids and
// names, amount, distribution, variance, derivative, elasticity
// (x/h dh/dx), contribution and share of V1.
lca_status lca_screen_table(const lca_screen *s, const lca_model *M,
                            int64_t top, lca_table **out);
// "summary": indicator, unit, h, V1, its square root and h's coefficient
// of variation, and the number of uncertain inputs (one row).
lca_status lca_screen_summary_table(const lca_screen *s, const lca_model *M,
                                    int64_t ind, lca_table **out);
// A table called name ("spearman" or "sobol") of inputs in[0..k-1]: the
// input's matrix, row and column, then rho (rho != NULL) or S1, ST and
// their standard errors (S1 != NULL; se1, seT may be NULL).
lca_status lca_gsa_table(const lca_model *M, const char *name, int64_t k,
                         const lca_input *in, const double *rho,
                         const double *S1, const double *ST, const double *se1,
                         const double *seT, lca_table **out);

#ifdef __cplusplus
}
#endif

#endif  // LCA_SENSITIVITY_H
