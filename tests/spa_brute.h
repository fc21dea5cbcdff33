// tests/spa_brute.h: the largest supply-chain paths by exhaustive enumeration
// SPDX-License-Identifier: MIT
//
// The second method for the structural path analysis tests: every path
// from the demanded product up to stage L is enumerated (no bound, no
// pruning), from dense Q, p and D = C B built here from the model, not
// from lca_calc. Paths ending at stage L are enumerated through their
// prefix: for a prefix ending at product j with amount x, the stage-L
// paths are x q_ij d_i, and only the K largest |q_ij d_i| of column j can
// be among the K largest, so each prefix adds K candidates. Exact.

#ifndef LCA_SPA_BRUTE_H
#define LCA_SPA_BRUTE_H

#include <stdint.h>

#include "lca.h"

#define BRUTE_MAXK 32
#define BRUTE_MAXL 8

typedef struct brute_path {
    double value;                      // direct value of the path
    int64_t len;                       // products on it (stage + 1)
    int64_t prod[BRUTE_MAXL + 1];      // root first
} brute_path;

// The K largest paths by |value| (ties: shorter, then lexicographic) of
// one unit of product root for indicator ind, up to stage L, into out
// (sorted, K entries; fewer if fewer paths exist: the count is returned).
int64_t brute_top_paths(const lca_model *M, int64_t ind, int64_t root,
                        int64_t L, int64_t K, brute_path *out);

#endif  // LCA_SPA_BRUTE_H
