// io/rules/pcf_write_impl.h: what the pcf writers share: file stems and
// statistics of sample rows (io/rules/pcf_write.c, pcf_csv.c)
// SPDX-License-Identifier: MIT

#ifndef LCA_IO_PCF_WRITE_IMPL_H
#define LCA_IO_PCF_WRITE_IMPL_H

#include "lca/io_rules.h"

#define LCA__PCF_STEM 72  // a stem and its "-K" suffix

// The unique stems of every category of p (ncat x LCA__PCF_STEM bytes,
// lca__free them). Errors: LCA_ERR_NOMEM.
lca_status lca__pcf_stems(lca_ctx *ctx, const lca_pcf *p, char **stems);

// Mean, sd (n - 1) and the LCA_MC_NQUANTILES quantiles of the non-NaN
// values of x[0..n-1] into out (2 + quantiles; NaN without values).
// scratch: n doubles.
void lca__pcf_stats(const double *x, int64_t n, double *scratch,
                    double *out);

// The CSV files of lca_pcf_write (pcf_csv.c). Errors: LCA_ERR_IO,
// LCA_ERR_NOMEM.
lca_status lca__pcf_write_csv(const lca_pcf *p, const char *dir,
                              const char *stems);

#endif  // LCA_IO_PCF_WRITE_IMPL_H
