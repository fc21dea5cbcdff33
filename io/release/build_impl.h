// io/release/build_impl.h: the Monte Carlo step of lca_fdb_build
// SPDX-License-Identifier: MIT

#ifndef LCA_RELEASE_BUILD_IMPL_H
#define LCA_RELEASE_BUILD_IMPL_H

#include "lca/fdb_build.h"
#include "lca/mcfile.h"

// The run of a build: the model (demands added), the selections, the
// results file path; what it did (done, stopped).
typedef struct lca__fdb_run {
    lca_model *M;
    const char *model_file, *model_sha256;
    const lca_fdb_build_options *opt;
    const int64_t *ind, *dem;
    int64_t nind, nd;
    const char *path;
    int64_t done;  // iterations run (lca_mc_next)
    int stopped;   // *opt->stop came before the end: checkpoint kept
} lca__fdb_run;

// Run opt->iterations into run->path (io/release/build_mc.c): create,
// waves with a checkpoint every opt->checkpoint_seconds, finish. A stop
// writes the partial results and keeps the checkpoint (LCA_OK, stopped).
// Errors: lca_mc_create's, lca_mc_run's, the file's (LCA_ERR_IO),
// LCA_ERR_SOLVER when every iteration failed.
lca_status lca__fdb_run_mc(lca__fdb_run *run);

#endif  // LCA_RELEASE_BUILD_IMPL_H
