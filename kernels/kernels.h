// kernels/kernels.h: the hot loops, on plain arrays
// SPDX-License-Identifier: MIT
//
// Kernels never allocate (workspace comes from the caller) and are the
// only code with OpenMP pragmas. Each parallel kernel gives bit-identical
// results for any thread count: work is split into independent items (a
// column, a right-hand side, an iteration) and no floating-point sum is
// ever split across threads.

#ifndef LCA_KERNELS_H
#define LCA_KERNELS_H

#include <stdint.h>

// ---- CSC products and structure (kernels/csc_kernels.c) -------------------

// y = alpha*A*x + beta*y, A m-by-n in CSC. If beta == 0, y is only written.
void lca__csc_gemv_kernel(int64_t m, int64_t n, const int64_t *Ap,
                          const int64_t *Ai, const double *Ax, double alpha,
                          const double *restrict x, double beta,
                          double *restrict y);

// y = alpha*A'*x + beta*y (y has n entries), one dot product per column.
void lca__csc_gemv_t_kernel(int64_t n, const int64_t *Ap, const int64_t *Ai,
                            const double *Ax, double alpha,
                            const double *restrict x, double beta,
                            double *restrict y);

// C = A' (C n-by-m, room for nnz(A)); w has m+1 zeroed entries.
void lca__csc_transpose_kernel(int64_t m, int64_t n, const int64_t *Ap,
                               const int64_t *Ai, const double *Ax,
                               int64_t *w, int64_t *Cp, int64_t *Ci,
                               double *Cx);

// Sum duplicate row indices within each column in place and compact;
// w has m entries (any contents).
void lca__csc_sum_dups_kernel(int64_t m, int64_t n, int64_t *Ap, int64_t *Ai,
                              double *Ax, int64_t *w);

// Place nt triplets column by column; w has n+1 zeroed entries.
void lca__triplets_place_kernel(int64_t n, int64_t nt, const int64_t *Ti,
                                const int64_t *Tj, const double *Tx,
                                int64_t *w, int64_t *Cp, int64_t *Ci,
                                double *Cx);

// nnz of the pattern of A*B; w has m entries (any contents).
int64_t lca__csc_multiply_count_kernel(int64_t m, const int64_t *Ap,
                                       const int64_t *Ai, int64_t n,
                                       const int64_t *Bp, const int64_t *Bi,
                                       int64_t *w);

// C = A*B (columns unsorted); w has m entries, x has m entries.
void lca__csc_multiply_kernel(int64_t m, const int64_t *Ap, const int64_t *Ai,
                              const double *Ax, int64_t n, const int64_t *Bp,
                              const int64_t *Bi, const double *Bx, int64_t *w,
                              double *x, int64_t *Cp, int64_t *Ci,
                              double *Cx);

// Values of C = A*B on the fixed pattern (Cp, Ci) that lca_csc_multiply
// produced for these patterns, summed in the same order as
// lca__csc_multiply_kernel, so the bits agree. x is m entries of workspace.
void lca__csc_multiply_numeric_kernel(int64_t m, const int64_t *Ap,
                                      const int64_t *Ai, const double *Ax,
                                      int64_t n, const int64_t *Bp,
                                      const int64_t *Bi, const double *Bx,
                                      const int64_t *Cp, const int64_t *Ci,
                                      double *Cx, double *x);

// ---- triangular solves with extracted LU factors (kernels/lu_kernels.c) ---
//
// Factors of an n-by-n matrix in permuted, scaled form: L strictly lower
// by rows (Lp, Lj, Lx; unit diagonal not stored), U strictly upper by
// columns (Up, Ui, Ux), udinv[k] = 1 / U(k,k). X holds nb vectors
// interleaved, X(k, v) at X[k * nb + v], overwritten with the solutions.
// A vector's result is the same bits for every nb.

// Solve (L U)' Y = X in place (U' forward, then L' backward).
void lca__lu_solve_t_kernel(int64_t n, const int64_t *Lp, const int64_t *Lj,
                            const double *Lx, const int64_t *Up,
                            const int64_t *Ui, const double *Ux,
                            const double *udinv, int64_t nb,
                            double *restrict X);

// Solve (L U) Y = X in place.
void lca__lu_solve_kernel(int64_t n, const int64_t *Lp, const int64_t *Lj,
                          const double *Lx, const int64_t *Up,
                          const int64_t *Ui, const double *Ux,
                          const double *udinv, int64_t nb,
                          double *restrict X);

// ---- parallel loop (kernels/parallel.c) -----------------------------------

// One item of a parallel loop: work on item i as thread tid (0..nthreads-1).
// Returns 0 on success, nonzero to report a failure for that item.
typedef int (*lca__item_fn)(void *arg, int64_t i, int tid);

// Run fn for i = 0..count-1 on nthreads threads, statically scheduled so
// that thread t always gets the same items for the same count. Every item
// runs, even after one fails. Returns the index of the first failing item
// (lowest i), or -1 if all succeeded.
int64_t lca__parallel_for(int nthreads, int64_t count, lca__item_fn fn,
                          void *arg);

// ---- waves with overlapped serial work (kernels/parallel.c) ---------------
//
// Work in waves: wave w is a set of items run in parallel (any item on any
// thread, dynamically scheduled), and each wave is consumed by serial work
// (writing it out, merging it). The serial work of wave w - 1 and the
// planning of wave w + 1 run on the calling thread while the others
// already run wave w's items, so writing results costs no thread its time:
//
//   plan(arg, w)            serial: lay out wave w; returns its item count,
//                           0 when there is no wave w (the end)
//   item(arg, w, i, tid)    parallel: item i of wave w, as thread tid; must
//                           not touch what plan(w + 1) or done(w - 1) do
//   done(arg, w)            serial: consume wave w; 0 goes on, 1 ends the
//                           run after consuming the wave already running,
//                           -1 ends it at once (that wave is dropped)
//
// done(w - 1) always comes before plan(w + 1), which may run while wave
// w's items do: with more than one thread a caller keeps two sets of wave
// state (w % 2); with one, everything runs in the order plan(0), items,
// done(0), plan(1), ... and one set is enough. Returns 0, or -1 if a done
// returned -1.
typedef int64_t (*lca__wave_plan_fn)(void *arg, int64_t w);
typedef void (*lca__wave_item_fn)(void *arg, int64_t w, int64_t i, int tid);
typedef int (*lca__wave_done_fn)(void *arg, int64_t w);

int lca__parallel_waves(int nthreads, lca__wave_plan_fn plan,
                        lca__wave_item_fn item, lca__wave_done_fn done,
                        void *arg);

#endif  // LCA_KERNELS_H
