// io/native/mcckpt_impl.h: Monte Carlo checkpoints (segments and state)
// SPDX-License-Identifier: MIT
//
// A run writing OUT.h5 keeps its checkpoint in the folder OUT.h5.ckpt/:
//
//   seg-<first iteration>.h5   the samples of the iterations since the last
//                              checkpoint (scores, and factors when kept)
//                              and each one's solver path and Krylov count
//   state.h5                   the run's fingerprint, the engine state
//                              (counters, Welford summaries), the failures
//                              and the list of committed segments
//
// Both kinds of file appear atomically (temporary name, fsync, rename), a
// segment before the state that lists it. A process killed at any moment
// therefore leaves a state that names only complete segments; a segment
// written after it is simply not listed, and is written again on resume.

#ifndef LCA_MCCKPT_IMPL_H
#define LCA_MCCKPT_IMPL_H

#include <stdint.h>

#include "lca/mc.h"

// What state.h5 holds besides the engine's summaries.
typedef struct lca__mcstate {
    char *fingerprint;   // options and model hash, "key=value;..."
    char *command_line;  // of the original run
    int64_t argc;        // its arguments, to resume with the same options
    char **argv;
    int64_t next, ndone, nfailed, nclamped;
    int64_t niterative, nfallback, nkrylov;  // solver paths (lca_mc_path)
    int64_t nfail;       // failures listed
    int64_t *fail_iter, *fail_code;
    int64_t nseg;        // committed segments, in order
    int64_t *seg_first, *seg_rows;
    int64_t len;         // summaries
    int64_t *count;
    double *mean, *m2, *min, *max;
} lca__mcstate;

// The folder for OUT (malloc'd into *dir from ctx). Errors: NOMEM.
lca_status lca__ckpt_dir(lca_ctx *ctx, const char *out, char **dir);

// Path of a file in the folder ("state.h5", or a segment by its first
// iteration) into buf.
void lca__ckpt_path(const char *dir, int64_t seg_first, char *buf,
                    size_t size);

// Write state.h5 atomically. Errors: LCA_ERR_IO, LCA_ERR_NOMEM.
lca_status lca__ckpt_write_state(lca_ctx *ctx, const char *dir,
                                 const lca__mcstate *s);

// Read state.h5 into s (arrays allocated from ctx; free with
// lca__ckpt_free_state). Errors: LCA_ERR_IO (missing: "no checkpoint"),
// LCA_ERR_INVALID, LCA_ERR_NOMEM.
lca_status lca__ckpt_read_state(lca_ctx *ctx, const char *dir,
                                lca__mcstate *s);
void lca__ckpt_free_state(lca_ctx *ctx, lca__mcstate *s);

// Read rows r0 .. r0+nrows-1 of the 3-D dataset name of a segment file
// into v (nrows x d1 x d2). Errors: LCA_ERR_IO, LCA_ERR_INVALID.
lca_status lca__ckpt_read_rows(lca_ctx *ctx, const char *file,
                               const char *name, int64_t r0, int64_t nrows,
                               int64_t d1, int64_t d2, double *v);

// Remove the folder and everything in it (best effort).
void lca__ckpt_remove(const char *dir);

// Lock the folder dir of the run writing out (io/native/mclock.c): made
// first if create; *fd holds the lock (close it to release), -1 on error.
// Then the owner file is written and stray temporary files of the folder
// and of out are removed. Errors: LCA_ERR_INVALID (another run holds it:
// the message quotes its owner file), LCA_ERR_IO (cannot make or open it).
lca_status lca__ckpt_lock(lca_ctx *ctx, const char *dir, const char *out,
                          int create, int *fd);

// Remove every file of the folder but its owner file (best effort).
void lca__ckpt_clear(const char *dir);

#endif  // LCA_MCCKPT_IMPL_H
