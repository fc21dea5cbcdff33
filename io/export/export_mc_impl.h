// io/export/export_mc_impl.h: a Monte Carlo results file read for export
// SPDX-License-Identifier: MIT

#ifndef LCA_EXPORT_MC_IMPL_H
#define LCA_EXPORT_MC_IMPL_H

#include <stdint.h>

#include "lca/export.h"
#include "lca/mc.h"

#define NQ LCA_MC_NQUANTILES

// The file's contents (each array lca__malloc'ed).
typedef struct mcdata {
    lca_ctx *ctx;
    int64_t n, q, d, N, c, f;  // products, indicators, demands, iterations,
                               // convergence rows, failures
    char **pl[3], **il[3], **dnames, **reasons;  // labels: id, name, unit
    double *stats[6], *gsd, *fq;        // (q, n) each; fq (7, q, n) or NULL
    double *dmean, *dsd, *dq, *scores;  // (d,q), (d,q), (7,d,q), (N,d,q)
    int64_t *citer, *fiter;
    double *cmean, *chalf;  // (c, d, q)
    int64_t np, *sel;       // products whose samples are written
    double *samples;        // np x N x q
} mcdata;

// "count", "mean", "sd", "se", "min", "max": stats[0..5].
extern const char *const lca__mc_stat_names[6];

// Read every table of the file at path, and the factor samples of the np
// products named (ids, or names carried by one product each).
// Errors: LCA_ERR_IO, LCA_ERR_INVALID (not a Monte Carlo results file, a
// dataset of the wrong shape, no factor samples, an ambiguous name),
// LCA_ERR_NOTFOUND (a product), LCA_ERR_NOMEM. On failure *m is empty.
lca_status lca__mcdata_read(lca_ctx *ctx, const char *path, int64_t np,
                            const char *const *products, mcdata *m);
void lca__mcdata_free(mcdata *m);

#endif  // LCA_EXPORT_MC_IMPL_H
