// include/lca/csc.h: sparse matrix in compressed sparse column (CSC) form
// SPDX-License-Identifier: MIT
//
// An m-by-n CSC matrix stores its entries column by column in three arrays:
//
//     Ap [n+1]   column j holds the entries at positions Ap[j] .. Ap[j+1]-1
//     Ai [nnz]   row index of each entry
//     Ax [nnz]   value of each entry
//
// with Ap[0] == 0 and Ap[n] == nnz. Within a column the row indices are
// strictly increasing (sorted, no duplicates). Every function that returns
// an lca_csc guarantees this; every function that takes one relies on it.
// Explicit zeros are kept: an exchange may be zero in one scenario and not
// in the next, and the pattern must not change between scenarios.
//
// Ownership: every function that makes a matrix gives the caller a new one,
// released with lca_csc_destroy. Array pointers from lca_csc_colptr/rowidx/
// values are borrowed: valid until the matrix is destroyed.
//
// Threads: a matrix is used by one calling thread at a time, except that
// any number of threads may call the functions taking a const lca_csc *.
//
// Errors: a result other than LCA_OK leaves a message in the context the
// matrix was created with (lca_ctx_errmsg).

#ifndef LCA_CSC_H
#define LCA_CSC_H

#include <stdint.h>

#include "lca/ctx.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct lca_csc lca_csc;  // opaque; defined in engine/csc_impl.h

// ---- lifetime --------------------------------------------------------------

// Create an m-by-n matrix with no entries and room for nnz_max of them.
// Errors: LCA_ERR_ARG (a size is negative), LCA_ERR_NOMEM.
lca_status lca_csc_create(lca_ctx *ctx, int64_t m, int64_t n, int64_t nnz_max,
                          lca_csc **A);

// Build an m-by-n matrix from nt triplets (Ti[k], Tj[k], Tx[k]), adding up
// duplicates. The triplet arrays are read, never kept.
// Errors: LCA_ERR_ARG (an index outside the matrix), LCA_ERR_NOMEM.
lca_status lca_csc_from_triplets(lca_ctx *ctx, int64_t m, int64_t n,
                                 int64_t nt, const int64_t *Ti,
                                 const int64_t *Tj, const double *Tx,
                                 lca_csc **A);

// As lca_csc_from_triplets, and map[k] = the position in *A of triplet k
// (duplicates share a position), so that data carried per triplet (e.g.
// uncertainty records) can be placed next to the summed entries.
lca_status lca_csc_from_triplets_map(lca_ctx *ctx, int64_t m, int64_t n,
                                     int64_t nt, const int64_t *Ti,
                                     const int64_t *Tj, const double *Tx,
                                     lca_csc **A, int64_t *map);

// Build a matrix from the three CSC arrays (copied), then lca_csc_check it.
// Errors: LCA_ERR_INVALID (the arrays break an invariant), LCA_ERR_NOMEM.
lca_status lca_csc_from_arrays(lca_ctx *ctx, int64_t m, int64_t n,
                               const int64_t *Ap, const int64_t *Ai,
                               const double *Ax, lca_csc **A);

// C = A, a deep copy that shares no memory with A.
lca_status lca_csc_copy(const lca_csc *A, lca_csc **C);

// Free *A and set *A to NULL. Does nothing if A or *A is NULL.
void lca_csc_destroy(lca_csc **A);

// ---- inspection: A must be a valid matrix; these cannot fail ---------------

int64_t lca_csc_nrows(const lca_csc *A);
int64_t lca_csc_ncols(const lca_csc *A);
int64_t lca_csc_nnz(const lca_csc *A);
lca_ctx *lca_csc_ctx(const lca_csc *A);

const int64_t *lca_csc_colptr(const lca_csc *A);  // Ap, ncols+1 entries
const int64_t *lca_csc_rowidx(const lca_csc *A);  // Ai, nnz entries
const double *lca_csc_values(const lca_csc *A);   // Ax, nnz entries

// The values, writable, with the pattern held fixed: how a new scenario's
// numbers go into the same technosphere matrix without reallocating.
double *lca_csc_values_mut(lca_csc *A);

// Check every invariant stated at the top of this file, in O(n + nnz).
// Returns LCA_OK, or LCA_ERR_INVALID naming the first broken invariant.
lca_status lca_csc_check(const lca_csc *A);

// Position of the first value that is NaN or infinite, or -1 if none.
int64_t lca_csc_find_nonfinite(const lca_csc *A);

// ---- operations ------------------------------------------------------------

// y = alpha*A*x + beta*y. x has ncols(A) entries, y has nrows(A); they must
// not overlap. If beta == 0, y is only written, never read.
void lca_csc_gemv(double alpha, const lca_csc *A, const double *x,
                  double beta, double *y);

// y = alpha*A'*x + beta*y. x has nrows(A) entries, y has ncols(A).
void lca_csc_gemv_t(double alpha, const lca_csc *A, const double *x,
                    double beta, double *y);

// C = A' as a new ncols(A)-by-nrows(A) matrix, columns sorted.
// Errors: LCA_ERR_NOMEM.
lca_status lca_csc_transpose(const lca_csc *A, lca_csc **C);

// C = A*B, a new nrows(A)-by-ncols(B) matrix (sorted, structural zeros of
// the product kept out: only entries reachable through the patterns).
// Errors: LCA_ERR_DIM (ncols(A) != nrows(B)), LCA_ERR_NOMEM.
lca_status lca_csc_multiply(const lca_csc *A, const lca_csc *B, lca_csc **C);

// Write column j densely: x[i] = A(i,j) for every row i (x has nrows(A)).
void lca_csc_column_dense(const lca_csc *A, int64_t j, double *x);

// Position of entry (i,j) in Ax, or -1 if (i,j) is not in the pattern.
int64_t lca_csc_find(const lca_csc *A, int64_t i, int64_t j);

#ifdef __cplusplus
}
#endif

#endif  // LCA_CSC_H
