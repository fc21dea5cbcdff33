// include/lca/presamples.h: pre-computed, correlated samples for chosen
// entries of A, B and C ("presamples")
// SPDX-License-Identifier: MIT
//
// Some inputs are not independent: the shares of a market mix, the fuel
// inputs and CO2 of one combustion process, scenario tables computed
// elsewhere. A presample set gives S joint samples for `count` entries.
// In Monte Carlo iteration i every entry of the set takes its value from
// the same column c(i) of the set (a draw of the run's generator), so the
// correlations between the entries are kept; their own distributions are
// ignored. c(i) depends only on (seed, i), like every other draw.

#ifndef LCA_PRESAMPLES_H
#define LCA_PRESAMPLES_H

#include <stdint.h>

#include "lca/model.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct lca_presamples lca_presamples;

// count entries: entry e is (which[e], rows[e], cols[e]) of M's matrices
// and must be in the pattern; samples is count x S, row-major (entry e's
// samples at samples[e*S .. e*S+S-1]), all finite. Copied.
// Errors: LCA_ERR_NOTFOUND (an entry not in the pattern: the message names
// it by ids), LCA_ERR_INVALID (non-finite sample, S < 1, duplicate entry),
// LCA_ERR_NOMEM.
lca_status lca_presamples_create(const lca_model *M, int64_t count,
                                 const lca_matrix *which, const int64_t *rows,
                                 const int64_t *cols, int64_t S,
                                 const double *samples, lca_presamples **ps);
void lca_presamples_destroy(lca_presamples **ps);

int64_t lca_presamples_count(const lca_presamples *ps);
int64_t lca_presamples_columns(const lca_presamples *ps);

// Entry e (0 .. count-1): its matrix and its position in that matrix's
// values (stored form).
void lca_presamples_entry(const lca_presamples *ps, int64_t e,
                          lca_matrix *which, int64_t *pos);

// The column used in iteration iter with this seed (0 .. S-1).
int64_t lca_presamples_column(const lca_presamples *ps, uint64_t seed,
                              int64_t iter);

// Overwrite the set's entries in the value arrays of A, B, C (stored
// form) with column c. values[X] may be NULL when X has no entry here.
void lca_presamples_apply(const lca_presamples *ps, int64_t c,
                          double *const values[3]);

// Read a presample set from CSV (io/import/presamples_csv.c): a header
// `matrix,row,column,s1,...,sS`, then per entry the matrix (A, B or C), the
// row and column ids (or names), and S samples.
// Errors: LCA_ERR_IO, LCA_ERR_INVALID and LCA_ERR_NOTFOUND naming the file
// and line, LCA_ERR_NOMEM.
lca_status lca_presamples_read_csv(const lca_model *M, const char *path,
                                   lca_presamples **ps);

#ifdef __cplusplus
}
#endif

#endif  // LCA_PRESAMPLES_H
