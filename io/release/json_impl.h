// io/release/json_impl.h: the JSON keys of a record's numbers
// SPDX-License-Identifier: MIT
//
// One table per JSON object of a record, shared by the writer
// (io/release/json.c) and the reader (io/release/read.c), so that the two
// cannot disagree on a key.

#ifndef LCA_RELEASE_JSON_IMPL_H
#define LCA_RELEASE_JSON_IMPL_H

#include "lca/factordb.h"

typedef struct lca__release_key {
    const char *key;
    lca_fdb_num col;
} lca__release_key;

#define LCA__RELEASE_NMC 7   // "monte_carlo": mean .. iterations
#define LCA__RELEASE_NDQ 7   // "data_quality": dqr, the five, unscored
#define LCA__RELEASE_NTOP 3  // direct_share, cutoff_inputs, cutoff_...

extern const lca__release_key lca__release_mc_keys[LCA__RELEASE_NMC];
extern const lca__release_key lca__release_dq_keys[LCA__RELEASE_NDQ];
extern const lca__release_key lca__release_top_keys[LCA__RELEASE_NTOP];

#endif  // LCA_RELEASE_JSON_IMPL_H
