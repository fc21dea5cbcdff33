// engine/csc.c: the CSC sparse matrix object
// SPDX-License-Identifier: MIT
//
// Construction follows CSparse: triplets are counted per column, placed,
// and then the matrix is sorted by a double transpose, which also sums
// duplicates in one O(m + n + nnz) pass. The hot loops (products) live in
// kernels/csc_kernels.c; this file owns memory and invariants.

#include <math.h>
#include <string.h>

#include "csc_impl.h"
#include "ctx_impl.h"
#include "kernels/kernels.h"

lca_status lca_csc_create(lca_ctx *ctx, int64_t m, int64_t n, int64_t nnz_max,
                          lca_csc **A) {
    *A = NULL;
    if (m < 0 || n < 0 || nnz_max < 0) {
        return lca__fail(ctx, LCA_ERR_ARG,
                         "matrix size %lld x %lld with %lld entries is invalid",
                         (long long)m, (long long)n, (long long)nnz_max);
    }
    lca_csc *T = lca__calloc(ctx, 1, sizeof *T);
    if (T == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    T->ctx = ctx;
    T->m = m;
    T->n = n;
    T->nnz_max = nnz_max;
    T->Ap = lca__calloc(ctx, (size_t)n + 1, sizeof *T->Ap);
    T->Ai = lca__malloc(ctx, (size_t)nnz_max, sizeof *T->Ai);
    T->Ax = lca__malloc(ctx, (size_t)nnz_max, sizeof *T->Ax);
    if (T->Ap == NULL || T->Ai == NULL || T->Ax == NULL) {
        lca_csc_destroy(&T);
        return lca__fail(ctx, LCA_ERR_NOMEM,
                         "out of memory for a %lld x %lld matrix with %lld "
                         "entries",
                         (long long)m, (long long)n, (long long)nnz_max);
    }
    *A = T;
    return LCA_OK;
}

void lca_csc_destroy(lca_csc **A) {
    if (A == NULL || *A == NULL) return;
    lca_ctx *ctx = (*A)->ctx;
    lca__free(ctx, (*A)->Ap);
    lca__free(ctx, (*A)->Ai);
    lca__free(ctx, (*A)->Ax);
    lca__free(ctx, *A);
    *A = NULL;
}

// C = A' with duplicates summed when sum_dups is set; A may be unsorted.
static lca_status transpose_sum(const lca_csc *A, int sum_dups, lca_csc **C) {
    lca_ctx *ctx = A->ctx;
    int64_t *w = NULL;
    lca_csc *T = NULL;
    *C = NULL;
    int64_t nnz = A->Ap[A->n];
    lca_status st = lca_csc_create(ctx, A->n, A->m, nnz, &T);
    if (st != LCA_OK) goto done;
    // w counts A's rows in the transpose, then spans T's rows (A's columns)
    // in sum_dups: it needs max(m, n) entries.
    int64_t nw = (A->m > A->n ? A->m : A->n) + 1;
    w = lca__calloc(ctx, (size_t)nw, sizeof *w);
    if (w == NULL) {
        st = lca__fail(ctx, LCA_ERR_NOMEM, "out of memory in transpose");
        goto done;
    }
    lca__csc_transpose_kernel(A->m, A->n, A->Ap, A->Ai, A->Ax, w, T->Ap,
                              T->Ai, T->Ax);
    if (sum_dups) lca__csc_sum_dups_kernel(T->m, T->n, T->Ap, T->Ai, T->Ax, w);
    *C = T;
    T = NULL;
done:
    lca__free(ctx, w);
    lca_csc_destroy(&T);
    return st;
}

lca_status lca_csc_transpose(const lca_csc *A, lca_csc **C) {
    return transpose_sum(A, 0, C);
}

// Place triplets column by column (unsorted, duplicates kept).
static lca_status place_triplets(lca_ctx *ctx, int64_t m, int64_t n,
                                 int64_t nt, const int64_t *Ti,
                                 const int64_t *Tj, const double *Tx,
                                 lca_csc **U) {
    int64_t *w = NULL;
    lca_csc *T = NULL;
    *U = NULL;
    for (int64_t k = 0; k < nt; k++) {
        if (Ti[k] < 0 || Ti[k] >= m || Tj[k] < 0 || Tj[k] >= n) {
            return lca__fail(ctx, LCA_ERR_ARG,
                             "triplet %lld at (%lld, %lld) lies outside the "
                             "%lld x %lld matrix",
                             (long long)k, (long long)Ti[k], (long long)Tj[k],
                             (long long)m, (long long)n);
        }
    }
    lca_status st = lca_csc_create(ctx, m, n, nt, &T);
    if (st != LCA_OK) goto done;
    w = lca__calloc(ctx, (size_t)n + 1, sizeof *w);
    if (w == NULL) {
        st = lca__fail(ctx, LCA_ERR_NOMEM, "out of memory for triplets");
        goto done;
    }
    lca__triplets_place_kernel(n, nt, Ti, Tj, Tx, w, T->Ap, T->Ai, T->Ax);
    *U = T;
    T = NULL;
done:
    lca__free(ctx, w);
    lca_csc_destroy(&T);
    return st;
}

lca_status lca_csc_from_triplets(lca_ctx *ctx, int64_t m, int64_t n,
                                 int64_t nt, const int64_t *Ti,
                                 const int64_t *Tj, const double *Tx,
                                 lca_csc **A) {
    lca_csc *U = NULL, *Ut = NULL;
    *A = NULL;
    if (m < 0 || n < 0 || nt < 0) {
        return lca__fail(ctx, LCA_ERR_ARG, "negative matrix size");
    }
    // Two transposes: the first sums duplicates and sorts by row, the
    // second sorts columns back.
    lca_status st = place_triplets(ctx, m, n, nt, Ti, Tj, Tx, &U);
    if (st == LCA_OK) st = transpose_sum(U, 1, &Ut);
    if (st == LCA_OK) st = transpose_sum(Ut, 0, A);
    lca_csc_destroy(&U);
    lca_csc_destroy(&Ut);
    return st;
}

lca_status lca_csc_from_triplets_map(lca_ctx *ctx, int64_t m, int64_t n,
                                     int64_t nt, const int64_t *Ti,
                                     const int64_t *Tj, const double *Tx,
                                     lca_csc **A, int64_t *map) {
    lca_status st = lca_csc_from_triplets(ctx, m, n, nt, Ti, Tj, Tx, A);
    if (st != LCA_OK) return st;
    for (int64_t k = 0; k < nt; k++) map[k] = lca_csc_find(*A, Ti[k], Tj[k]);
    return LCA_OK;
}

lca_status lca_csc_from_arrays(lca_ctx *ctx, int64_t m, int64_t n,
                               const int64_t *Ap, const int64_t *Ai,
                               const double *Ax, lca_csc **A) {
    *A = NULL;
    if (n < 0 || Ap == NULL || Ap[n] < 0) {
        return lca__fail(ctx, LCA_ERR_INVALID,
                         "column pointers are missing or negative");
    }
    lca_csc *T = NULL;
    lca_status st = lca_csc_create(ctx, m, n, Ap[n], &T);
    if (st != LCA_OK) return st;
    memcpy(T->Ap, Ap, ((size_t)n + 1) * sizeof *Ap);
    if (Ap[n] > 0) {
        memcpy(T->Ai, Ai, (size_t)Ap[n] * sizeof *Ai);
        memcpy(T->Ax, Ax, (size_t)Ap[n] * sizeof *Ax);
    }
    st = lca_csc_check(T);
    if (st != LCA_OK) {
        lca_csc_destroy(&T);
        return st;
    }
    *A = T;
    return LCA_OK;
}

lca_status lca_csc_copy(const lca_csc *A, lca_csc **C) {
    return lca_csc_from_arrays(A->ctx, A->m, A->n, A->Ap, A->Ai, A->Ax, C);
}

int64_t lca_csc_nrows(const lca_csc *A) { return A->m; }
int64_t lca_csc_ncols(const lca_csc *A) { return A->n; }
int64_t lca_csc_nnz(const lca_csc *A) { return A->Ap[A->n]; }
lca_ctx *lca_csc_ctx(const lca_csc *A) { return A->ctx; }
const int64_t *lca_csc_colptr(const lca_csc *A) { return A->Ap; }
const int64_t *lca_csc_rowidx(const lca_csc *A) { return A->Ai; }
const double *lca_csc_values(const lca_csc *A) { return A->Ax; }
double *lca_csc_values_mut(lca_csc *A) { return A->Ax; }

lca_status lca_csc_check(const lca_csc *A) {
    lca_ctx *ctx = A->ctx;
    if (A->Ap[0] != 0) {
        return lca__fail(ctx, LCA_ERR_INVALID, "column pointer 0 is %lld, "
                         "not 0", (long long)A->Ap[0]);
    }
    // All pointers first: a column may only be read once every pointer is
    // known to lie inside 0..Ap[n] <= nnz_max.
    for (int64_t j = 0; j < A->n; j++) {
        if (A->Ap[j + 1] < A->Ap[j]) {
            return lca__fail(ctx, LCA_ERR_INVALID,
                             "column pointers decrease at column %lld",
                             (long long)j);
        }
    }
    if (A->Ap[A->n] > A->nnz_max) {
        return lca__fail(ctx, LCA_ERR_INVALID, "more entries than room");
    }
    for (int64_t j = 0; j < A->n; j++) {
        for (int64_t p = A->Ap[j]; p < A->Ap[j + 1]; p++) {
            int64_t i = A->Ai[p];
            if (i < 0 || i >= A->m) {
                return lca__fail(ctx, LCA_ERR_INVALID,
                                 "row index %lld at position %lld (column "
                                 "%lld) is outside 0..%lld",
                                 (long long)i, (long long)p, (long long)j,
                                 (long long)A->m - 1);
            }
            if (p > A->Ap[j] && i <= A->Ai[p - 1]) {
                return lca__fail(ctx, LCA_ERR_INVALID,
                                 "row indices of column %lld are not strictly "
                                 "increasing at position %lld",
                                 (long long)j, (long long)p);
            }
        }
    }
    return LCA_OK;
}

int64_t lca_csc_find_nonfinite(const lca_csc *A) {
    int64_t nnz = A->Ap[A->n];
    for (int64_t p = 0; p < nnz; p++) {
        if (!isfinite(A->Ax[p])) return p;
    }
    return -1;
}

void lca_csc_gemv(double alpha, const lca_csc *A, const double *x, double beta,
                  double *y) {
    lca__csc_gemv_kernel(A->m, A->n, A->Ap, A->Ai, A->Ax, alpha, x, beta, y);
}

void lca_csc_gemv_t(double alpha, const lca_csc *A, const double *x,
                    double beta, double *y) {
    lca__csc_gemv_t_kernel(A->n, A->Ap, A->Ai, A->Ax, alpha, x, beta, y);
}

lca_status lca_csc_multiply(const lca_csc *A, const lca_csc *B, lca_csc **C) {
    lca_ctx *ctx = A->ctx;
    int64_t *w = NULL;
    double *x = NULL;
    lca_csc *T = NULL;
    *C = NULL;
    if (A->n != B->m) {
        return lca__fail(ctx, LCA_ERR_DIM,
                         "cannot multiply %lld x %lld by %lld x %lld",
                         (long long)A->m, (long long)A->n, (long long)B->m,
                         (long long)B->n);
    }
    // Pass 1 counts the pattern of C exactly, so pass 2 never reallocates.
    w = lca__malloc(ctx, (size_t)A->m + 1, sizeof *w);
    x = lca__malloc(ctx, (size_t)A->m + 1, sizeof *x);
    lca_status st = LCA_OK;
    if (w == NULL || x == NULL) {
        st = lca__fail(ctx, LCA_ERR_NOMEM, "out of memory in multiply");
        goto done;
    }
    int64_t nnz = lca__csc_multiply_count_kernel(A->m, A->Ap, A->Ai, B->n,
                                                 B->Ap, B->Ai, w);
    st = lca_csc_create(ctx, A->m, B->n, nnz, &T);
    if (st != LCA_OK) goto done;
    lca__csc_multiply_kernel(A->m, A->Ap, A->Ai, A->Ax, B->n, B->Ap, B->Ai,
                             B->Ax, w, x, T->Ap, T->Ai, T->Ax);
    // The product comes out unsorted within columns; sort by transposing
    // twice (O(nnz), no comparisons).
    lca_csc *Tt = NULL;
    st = transpose_sum(T, 0, &Tt);
    if (st != LCA_OK) goto done;
    st = transpose_sum(Tt, 0, C);
    lca_csc_destroy(&Tt);
done:
    lca__free(ctx, w);
    lca__free(ctx, x);
    lca_csc_destroy(&T);
    return st;
}

void lca_csc_column_dense(const lca_csc *A, int64_t j, double *x) {
    memset(x, 0, (size_t)A->m * sizeof *x);
    for (int64_t p = A->Ap[j]; p < A->Ap[j + 1]; p++) x[A->Ai[p]] = A->Ax[p];
}

int64_t lca_csc_find(const lca_csc *A, int64_t i, int64_t j) {
    int64_t lo = A->Ap[j], hi = A->Ap[j + 1];
    while (lo < hi) {  // binary search: rows are sorted within a column
        int64_t mid = lo + (hi - lo) / 2;
        if (A->Ai[mid] < i) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return (lo < A->Ap[j + 1] && A->Ai[lo] == i) ? lo : -1;
}
