// engine/reflu_impl.h: a reference LU, extracted from UMFPACK, that
// preconditions many nearby systems
// SPDX-License-Identifier: MIT

#ifndef LCA_REFLU_IMPL_H
#define LCA_REFLU_IMPL_H

#include "lca/solver.h"

// P S T Q = L U for the reference values of T (UMFPACK's row scaling S,
// its row and column permutations P, Q). Read-only after create: any
// number of threads apply it at once (one copy in memory).
typedef struct lca__reflu {
    lca_ctx *ctx;
    int64_t n;
    int64_t nnz_lu;     // entries of L + U, diagonals included
    double flops;       // UMFPACK's flop count of the factorization
    int64_t *Lp, *Lj;   // L strictly lower, by rows
    double *Lx;
    int64_t *Up, *Ui;   // U strictly upper, by columns
    double *Ux;
    double *udinv;      // 1 / U(k,k)
    int64_t *P, *Q;     // pivot row / column k is row P[k] / column Q[k]
    double *s;          // S = diag(s)
} lca__reflu;

// Factorize T (its values are the reference) on the sparse path whatever
// its size, and keep the factors in the form above.
// Errors: LCA_ERR_SINGULAR (the reference is singular), LCA_ERR_INVALID
// (NaN/Inf), LCA_ERR_SOLVER, LCA_ERR_NOMEM.
lca_status lca__reflu_create(lca_ctx *ctx, const lca_csc *T,
                             lca__reflu **lu);
void lca__reflu_destroy(lca__reflu **lu);

// out[v] = op(T)^-1 in[v] for v < nb (T' when trans), with the reference
// factors; in[v] == NULL is a zero vector, out[v] == NULL is not written
// (padding lanes). in[v] may equal out[v]. work holds n * nb doubles.
// A vector's result is the same bits whatever nb and the other vectors.
void lca__reflu_apply(const lca__reflu *lu, lca_trans trans, int64_t nb,
                      const double *const *in, double *const *out,
                      double *work);

#endif  // LCA_REFLU_IMPL_H
