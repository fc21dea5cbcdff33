// engine/csc_impl.h: the body of lca_csc
// SPDX-License-Identifier: MIT

#ifndef LCA_CSC_IMPL_H
#define LCA_CSC_IMPL_H

#include "lca/csc.h"

struct lca_csc {
    lca_ctx *ctx;
    int64_t m, n;     // rows, columns
    int64_t nnz_max;  // room in Ai and Ax
    int64_t *Ap;      // n+1 column pointers
    int64_t *Ai;      // row indices
    double *Ax;       // values
};

#endif  // LCA_CSC_IMPL_H
