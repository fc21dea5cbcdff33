// kernels/omp.h: the one place that knows whether OpenMP is there
// SPDX-License-Identifier: MIT

#ifndef LCA_KERNELS_OMP_H
#define LCA_KERNELS_OMP_H

#ifdef _OPENMP
#include <omp.h>
static inline int lca__omp_max_threads(void) { return omp_get_max_threads(); }
static inline int lca__omp_thread_num(void) { return omp_get_thread_num(); }
#else
static inline int lca__omp_max_threads(void) { return 1; }
static inline int lca__omp_thread_num(void) { return 0; }
#endif

#endif  // LCA_KERNELS_OMP_H
