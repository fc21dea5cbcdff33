// io/native/mcfile_impl.h: the body of lca_mcfile (io/mcfile*.c)
// SPDX-License-Identifier: MIT

#ifndef LCA_MCFILE_IMPL_H
#define LCA_MCFILE_IMPL_H

#include "io/hdf5/h5rows_impl.h"
#include "io/native/mcckpt_impl.h"
#include "lca/mcfile.h"

typedef struct lca__mcattr {
    char *key, *value;  // value NULL: an integer attribute
    int64_t ivalue;
} lca__mcattr;

struct lca_mcfile {
    lca_ctx *ctx;
    const lca_model *M;
    char *path, *dir;            // results file and checkpoint folder
    int64_t n, nind, nd, bs;
    int factor_samples;
    int64_t *ind, *dem;          // the selection, for labels
    // the segment being written (iterations since the last checkpoint)
    lca_h5out *seg;
    lca__h5rows *seg_scores, *seg_factors;
    int64_t seg_first, seg_rows;
    // what the checkpoint records (counters, failures, segments)
    lca__mcstate st;
    int64_t fail_cap, seg_cap;
    // the results file, while finishing
    lca_h5out *out;
    lca__h5rows *scores, *factors;
    int64_t rows;
    lca__mcattr *attrs;
    int64_t nattrs;
};

// Assemble the results file from the committed segments and write every
// summary (io/native/mcfile_finish.c).
lca_status lca__mcfile_assemble(lca_mcfile *f, const lca_mc *mc,
                                double *factor_q, double *demand_q);

// Create the results file with its labels and empty sample datasets, and
// copy the committed segments into it in order (io/native/mcfile_copy.c).
lca_status lca__mcfile_open_results(lca_mcfile *f);
lca_status lca__mcfile_copy_segments(lca_mcfile *f);

#endif  // LCA_MCFILE_IMPL_H
