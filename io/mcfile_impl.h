// io/mcfile_impl.h: the body of lca_mcfile (io/mcfile.c, mcfile_finish.c)
// SPDX-License-Identifier: MIT

#ifndef LCA_MCFILE_IMPL_H
#define LCA_MCFILE_IMPL_H

#include "io/h5rows_impl.h"
#include "lca/mcfile.h"

struct lca_mcfile {
    lca_ctx *ctx;
    lca_h5out *out;
    const lca_model *M;
    int64_t n, nind, nd;
    int64_t rows;                   // iterations written so far
    lca__h5rows *scores, *factors;  // factors NULL unless kept
    int64_t *fail_iter;             // failed iterations and their codes
    uint8_t *fail_code;
    int64_t nfail, fail_cap, nclamped;
};

#endif  // LCA_MCFILE_IMPL_H
