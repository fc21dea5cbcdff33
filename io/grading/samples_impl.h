// io/grading/samples_impl.h: the paired Monte Carlo samples of a
// release's products, as the grades take them (labels.c, the PACT export)
// SPDX-License-Identifier: MIT

#ifndef LCA_IO_GRADING_SAMPLES_IMPL_H
#define LCA_IO_GRADING_SAMPLES_IMPL_H

#include <stdint.h>

#include "lca/factordb.h"

// Item-major samples (n x N) of the records rec[0..n) of db, sample k of
// record rec[i] times scale[i] (to the declared unit), from the release's
// montecarlo.h5 (/factors/samples of db's indicator; the products matched
// by id). No file: *out = NULL, *niter = 0, LCA_OK. A product without
// samples is an error naming the file and the product. Free *out with
// lca__free.
lca_status lca__release_samples(lca_ctx *ctx, const char *dir,
                                const lca_fdb *db, int64_t n,
                                const int64_t *rec, const double *scale,
                                double **out, int64_t *niter);

#endif  // LCA_IO_GRADING_SAMPLES_IMPL_H
