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
    int is_u64;         // ... an unsigned one, uvalue
    uint64_t uvalue;
} lca__mcattr;

struct lca_mcfile {
    lca_ctx *ctx;
    const lca_model *M;
    char *path, *dir;            // results file and checkpoint folder
    int64_t n, nind, nd, bs;
    int factor_samples;
    int64_t *ind, *dem;          // the selection, for labels
    // the segment being written (iterations since the last checkpoint)
    lca__h5out *seg;
    lca__h5rows *seg_scores, *seg_factors, *seg_solver;
    double *solver_buf;          // block_size x 2: path, Krylov count
    int64_t seg_first, seg_rows;
    // what the checkpoint records (counters, failures, segments)
    lca__mcstate st;
    int64_t fail_cap, seg_cap;
    // the results file, while finishing
    lca__h5out *out;
    lca__h5rows *scores, *factors, *solver_path, *solver_krylov;
    int64_t rows;
    lca__mcattr *attrs;
    int64_t nattrs, attrs_cap;
    int lock_fd;                 // the checkpoint folder, flock'ed; or -1
    const volatile int *stop;    // the assembly stops when *stop (or NULL)
};

// Is a stop asked for? (the assembly checks between slices of work)
lca_status lca__mcfile_check_stop(lca_mcfile *f);

// Assemble the results file from the committed segments and write every
// summary (io/native/mcfile_finish.c).
lca_status lca__mcfile_assemble(lca_mcfile *f, const lca_mc *mc,
                                double *factor_q, double *demand_q);

// Create the results file with its labels and empty sample datasets, and
// copy the committed segments into it in order (io/native/mcfile_copy.c).
lca_status lca__mcfile_open_results(lca_mcfile *f);
lca_status lca__mcfile_copy_segments(lca_mcfile *f);

// Record the run's provenance (spec, the version, the time) as root
// attributes of the results file (io/native/mcfile_spec.c).
lca_status lca__mcfile_provenance(lca_mcfile *f, const lca_mc_spec *spec);

// An unsigned 64-bit root attribute (the seed).
lca_status lca__mcfile_set_attr_u64(lca_mcfile *f, const char *key,
                                    uint64_t value);

// LCA_OK when fingerprints was and now are equal; else LCA_ERR_INVALID
// with, in buf, "KEY differs: WAS_NAME has 'x', NOW_NAME 'y'" (or "KEY is
// missing") for the first item of was that differs.
lca_status lca__mc_fingerprint_diff(const char *was, const char *now,
                                    const char *was_name,
                                    const char *now_name, char *buf,
                                    size_t size);

#endif  // LCA_MCFILE_IMPL_H
