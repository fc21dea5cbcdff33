// kernels/csc_kernels.c: sparse products and structural passes on CSC arrays
// SPDX-License-Identifier: MIT
//
// These follow CSparse (cs_gaxpy, cs_transpose, cs_dupl, cs_multiply) on
// 64-bit indices. They are serial: the products here are memory-bound and
// are called once per calculation, not per iteration.

#include <string.h>

#include "kernels.h"

void lca__csc_gemv_kernel(int64_t m, int64_t n, const int64_t *Ap,
                          const int64_t *Ai, const double *Ax, double alpha,
                          const double *restrict x, double beta,
                          double *restrict y) {
    if (beta == 0.0) {
        memset(y, 0, (size_t)m * sizeof *y);
    } else if (beta != 1.0) {
        for (int64_t i = 0; i < m; i++) y[i] *= beta;
    }
    for (int64_t j = 0; j < n; j++) {
        double ax = alpha * x[j];
        if (ax == 0.0) continue;  // a zero column of x adds nothing
        for (int64_t p = Ap[j]; p < Ap[j + 1]; p++) y[Ai[p]] += Ax[p] * ax;
    }
}

void lca__csc_gemv_t_kernel(int64_t n, const int64_t *Ap, const int64_t *Ai,
                            const double *Ax, double alpha,
                            const double *restrict x, double beta,
                            double *restrict y) {
    for (int64_t j = 0; j < n; j++) {
        double s = 0.0;
        for (int64_t p = Ap[j]; p < Ap[j + 1]; p++) s += Ax[p] * x[Ai[p]];
        y[j] = (beta == 0.0) ? alpha * s : alpha * s + beta * y[j];
    }
}

void lca__csc_transpose_kernel(int64_t m, int64_t n, const int64_t *Ap,
                               const int64_t *Ai, const double *Ax,
                               int64_t *w, int64_t *Cp, int64_t *Ci,
                               double *Cx) {
    int64_t nnz = Ap[n];
    for (int64_t p = 0; p < nnz; p++) w[Ai[p]]++;  // row counts
    int64_t sum = 0;
    for (int64_t i = 0; i < m; i++) {
        Cp[i] = sum;
        sum += w[i];
        w[i] = Cp[i];
    }
    Cp[m] = sum;
    for (int64_t j = 0; j < n; j++) {
        for (int64_t p = Ap[j]; p < Ap[j + 1]; p++) {
            int64_t q = w[Ai[p]]++;
            Ci[q] = j;
            Cx[q] = Ax[p];
        }
    }
}

void lca__csc_sum_dups_kernel(int64_t m, int64_t n, int64_t *Ap, int64_t *Ai,
                              double *Ax, int64_t *w) {
    for (int64_t i = 0; i < m; i++) w[i] = -1;  // row i not yet seen
    int64_t nz = 0;
    for (int64_t j = 0; j < n; j++) {
        int64_t q = nz;  // column j starts at q in the compacted arrays
        for (int64_t p = Ap[j]; p < Ap[j + 1]; p++) {
            int64_t i = Ai[p];
            if (w[i] >= q) {
                Ax[w[i]] += Ax[p];  // a duplicate within column j
            } else {
                w[i] = nz;
                Ai[nz] = i;
                Ax[nz++] = Ax[p];
            }
        }
        Ap[j] = q;
    }
    Ap[n] = nz;
}

void lca__triplets_place_kernel(int64_t n, int64_t nt, const int64_t *Ti,
                                const int64_t *Tj, const double *Tx,
                                int64_t *w, int64_t *Cp, int64_t *Ci,
                                double *Cx) {
    for (int64_t k = 0; k < nt; k++) w[Tj[k]]++;
    int64_t sum = 0;
    for (int64_t j = 0; j < n; j++) {
        Cp[j] = sum;
        sum += w[j];
        w[j] = Cp[j];
    }
    Cp[n] = sum;
    for (int64_t k = 0; k < nt; k++) {
        int64_t q = w[Tj[k]]++;
        Ci[q] = Ti[k];
        Cx[q] = Tx[k];
    }
}

int64_t lca__csc_multiply_count_kernel(int64_t m, const int64_t *Ap,
                                       const int64_t *Ai, int64_t n,
                                       const int64_t *Bp, const int64_t *Bi,
                                       int64_t *w) {
    for (int64_t i = 0; i < m; i++) w[i] = -1;
    int64_t nz = 0;
    for (int64_t j = 0; j < n; j++) {
        for (int64_t p = Bp[j]; p < Bp[j + 1]; p++) {
            int64_t k = Bi[p];
            for (int64_t q = Ap[k]; q < Ap[k + 1]; q++) {
                if (w[Ai[q]] != j) {
                    w[Ai[q]] = j;
                    nz++;
                }
            }
        }
    }
    return nz;
}

void lca__csc_multiply_kernel(int64_t m, const int64_t *Ap, const int64_t *Ai,
                              const double *Ax, int64_t n, const int64_t *Bp,
                              const int64_t *Bi, const double *Bx, int64_t *w,
                              double *x, int64_t *Cp, int64_t *Ci,
                              double *Cx) {
    for (int64_t i = 0; i < m; i++) w[i] = -1;
    int64_t nz = 0;
    for (int64_t j = 0; j < n; j++) {
        Cp[j] = nz;
        for (int64_t p = Bp[j]; p < Bp[j + 1]; p++) {
            int64_t k = Bi[p];  // x += A(:,k) * B(k,j)
            for (int64_t q = Ap[k]; q < Ap[k + 1]; q++) {
                int64_t i = Ai[q];
                if (w[i] != j) {
                    w[i] = j;
                    Ci[nz++] = i;
                    x[i] = Ax[q] * Bx[p];
                } else {
                    x[i] += Ax[q] * Bx[p];
                }
            }
        }
        for (int64_t p = Cp[j]; p < nz; p++) Cx[p] = x[Ci[p]];
    }
    Cp[n] = nz;
}

void lca__csc_multiply_numeric_kernel(int64_t m, const int64_t *Ap,
                                      const int64_t *Ai, const double *Ax,
                                      int64_t n, const int64_t *Bp,
                                      const int64_t *Bi, const double *Bx,
                                      const int64_t *Cp, const int64_t *Ci,
                                      double *Cx, double *x) {
    (void)m;
    for (int64_t j = 0; j < n; j++) {
        for (int64_t p = Cp[j]; p < Cp[j + 1]; p++) x[Ci[p]] = 0.0;
        for (int64_t p = Bp[j]; p < Bp[j + 1]; p++) {
            int64_t k = Bi[p];  // x += A(:,k) * B(k,j)
            for (int64_t q = Ap[k]; q < Ap[k + 1]; q++) {
                x[Ai[q]] += Ax[q] * Bx[p];
            }
        }
        for (int64_t p = Cp[j]; p < Cp[j + 1]; p++) Cx[p] = x[Ci[p]];
    }
}
