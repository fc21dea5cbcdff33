// kernels/lu_kernels.c: triangular solves with extracted LU factors, on a
// block of right-hand sides at once
// SPDX-License-Identifier: MIT
//
// A single-vector sparse triangular solve reads every entry of L and U
// (index and value, 16 bytes) to do one multiply and one subtraction with
// it: it is bound by memory traffic. Here nb vectors are stored
// interleaved, X(k, v) at X[k * nb + v], and each entry of the factors is
// read once for all nb of them: the inner loop runs over the vectors,
// contiguous in memory, and the compiler vectorizes it for the widths
// instantiated below (1, 4, 8, 16; other widths take the generic loop).
//
// Every vector sees exactly the operations of the one-vector solve, in
// the same order (the block adds lanes, never reorders a sum; the build
// does not contract a*b+c into one rounding: ISO C mode), so a vector's
// result does not depend on the width or on which other vectors share
// the block. Serial: Monte Carlo runs one block of solves per thread.

#include "kernels.h"

#if defined(__GNUC__)
#define LCA_INLINE static inline __attribute__((always_inline))
#else
#define LCA_INLINE static inline
#endif

// Forward with U' (lower): X(j,:) = (X(j,:) - sum_i U(i,j) X(i,:)) / U(j,j).
LCA_INLINE void ut_forward(int64_t n, const int64_t *Up, const int64_t *Ui,
                           const double *Ux, const double *udinv,
                           int64_t nb, double *restrict X) {
    for (int64_t j = 0; j < n; j++) {
        double *restrict xj = X + j * nb;
        for (int64_t p = Up[j]; p < Up[j + 1]; p++) {
            const double u = Ux[p];
            const double *restrict xi = X + Ui[p] * nb;
            for (int64_t v = 0; v < nb; v++) xj[v] -= u * xi[v];
        }
        const double d = udinv[j];
        for (int64_t v = 0; v < nb; v++) xj[v] *= d;
    }
}

// Backward with L' (unit upper): X(j,:) -= L(i,j) X(i,:) for i = n-1 .. 0.
LCA_INLINE void lt_backward(int64_t n, const int64_t *Lp, const int64_t *Lj,
                            const double *Lx, int64_t nb,
                            double *restrict X) {
    for (int64_t i = n - 1; i >= 0; i--) {
        const double *restrict xi = X + i * nb;
        for (int64_t p = Lp[i]; p < Lp[i + 1]; p++) {
            const double l = Lx[p];
            double *restrict xj = X + Lj[p] * nb;
            for (int64_t v = 0; v < nb; v++) xj[v] -= l * xi[v];
        }
    }
}

// Forward with L (unit lower, by rows): X(i,:) -= sum_j L(i,j) X(j,:).
LCA_INLINE void l_forward(int64_t n, const int64_t *Lp, const int64_t *Lj,
                          const double *Lx, int64_t nb, double *restrict X) {
    for (int64_t i = 0; i < n; i++) {
        double *restrict xi = X + i * nb;
        for (int64_t p = Lp[i]; p < Lp[i + 1]; p++) {
            const double l = Lx[p];
            const double *restrict xj = X + Lj[p] * nb;
            for (int64_t v = 0; v < nb; v++) xi[v] -= l * xj[v];
        }
    }
}

// Backward with U (by columns): X(j,:) /= U(j,j), then X(i,:) -= U(i,j)
// X(j,:) for the rows i < j of column j.
LCA_INLINE void u_backward(int64_t n, const int64_t *Up, const int64_t *Ui,
                           const double *Ux, const double *udinv,
                           int64_t nb, double *restrict X) {
    for (int64_t j = n - 1; j >= 0; j--) {
        double *restrict xj = X + j * nb;
        const double d = udinv[j];
        for (int64_t v = 0; v < nb; v++) xj[v] *= d;
        for (int64_t p = Up[j]; p < Up[j + 1]; p++) {
            const double u = Ux[p];
            double *restrict xi = X + Ui[p] * nb;
            for (int64_t v = 0; v < nb; v++) xi[v] -= u * xj[v];
        }
    }
}

void lca__lu_solve_t_kernel(int64_t n, const int64_t *Lp, const int64_t *Lj,
                            const double *Lx, const int64_t *Up,
                            const int64_t *Ui, const double *Ux,
                            const double *udinv, int64_t nb,
                            double *restrict X) {
    switch (nb) {  // constant widths let the compiler unroll the lanes
    case 1:
        ut_forward(n, Up, Ui, Ux, udinv, 1, X);
        lt_backward(n, Lp, Lj, Lx, 1, X);
        break;
    case 4:
        ut_forward(n, Up, Ui, Ux, udinv, 4, X);
        lt_backward(n, Lp, Lj, Lx, 4, X);
        break;
    case 8:
        ut_forward(n, Up, Ui, Ux, udinv, 8, X);
        lt_backward(n, Lp, Lj, Lx, 8, X);
        break;
    case 16:
        ut_forward(n, Up, Ui, Ux, udinv, 16, X);
        lt_backward(n, Lp, Lj, Lx, 16, X);
        break;
    default:
        ut_forward(n, Up, Ui, Ux, udinv, nb, X);
        lt_backward(n, Lp, Lj, Lx, nb, X);
        break;
    }
}

void lca__lu_solve_kernel(int64_t n, const int64_t *Lp, const int64_t *Lj,
                          const double *Lx, const int64_t *Up,
                          const int64_t *Ui, const double *Ux,
                          const double *udinv, int64_t nb,
                          double *restrict X) {
    switch (nb) {
    case 1:
        l_forward(n, Lp, Lj, Lx, 1, X);
        u_backward(n, Up, Ui, Ux, udinv, 1, X);
        break;
    case 4:
        l_forward(n, Lp, Lj, Lx, 4, X);
        u_backward(n, Up, Ui, Ux, udinv, 4, X);
        break;
    case 8:
        l_forward(n, Lp, Lj, Lx, 8, X);
        u_backward(n, Up, Ui, Ux, udinv, 8, X);
        break;
    case 16:
        l_forward(n, Lp, Lj, Lx, 16, X);
        u_backward(n, Up, Ui, Ux, udinv, 16, X);
        break;
    default:
        l_forward(n, Lp, Lj, Lx, nb, X);
        u_backward(n, Up, Ui, Ux, udinv, nb, X);
        break;
    }
}
