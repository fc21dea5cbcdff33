// engine/grade/grade_impl.h: the body of a grading scheme and the helpers
// shared by engine/grade/grading.c (the copy), grading_check.c (the
// checks), grade.c (counting) and grade_market.c (percentiles)
// SPDX-License-Identifier: MIT

#ifndef LCA_GRADE_IMPL_H
#define LCA_GRADE_IMPL_H

#include <stddef.h>

#include "lca/grade.h"

struct lca_grading {
    lca_ctx *ctx;
    lca_grading_spec s;  // strings and arrays owned (freed on destroy)
};

// Check every field of spec (lca_grading_create).
// Errors: LCA_ERR_INVALID ("SOURCE: /pointer: what").
lca_status lca__grading_check(lca_ctx *ctx, const lca_grading_spec *spec);

// "SOURCE" of a scheme for messages: its file, else "grading scheme ID".
const char *lca__grading_where(const lca_grading_spec *s, char *buf,
                               size_t size);

// A population member for sorting: value, weight, position.
typedef struct lca__grade_member {
    double v, w;
    int64_t i;
} lca__grade_member;

// The weighted percentiles t(q[j]) (q in 0..100, j < nq) of the P members
// m (reordered: sorted by value, ties by position), type 1 as
// include/lca/grade.h defines it. Weights >= 0 with a positive sum;
// values not NaN.
void lca__grade_percentiles(lca__grade_member *m, int64_t P, const double *q,
                            int64_t nq, double *t);

// A distribution scheme's thresholds (the percentiles t(to_k) of the
// classes but the last) from the population among items: from the
// deterministic values into t (nb - 1), and per iteration into T (N x
// (nb - 1), row i NaN when a member's sample i is NaN).
// Errors: LCA_ERR_INVALID (population too small, a value or weight NaN,
// a weight negative, all weights zero: names scheme and item),
// LCA_ERR_NOMEM.
lca_status lca__grade_market(const lca_grading *g, int64_t n,
                             const lca_grade_item *items, int64_t N,
                             double *t, double *T);

#endif  // LCA_GRADE_IMPL_H
