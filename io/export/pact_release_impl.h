// io/export/pact_release_impl.h: a release export's state, shared by
// io/export/pact_release.c (one product's footprint) and
// pact_export_release.c (the rules' index, the loop, grades)
// SPDX-License-Identifier: MIT

#ifndef LCA_IO_PACT_RELEASE_IMPL_H
#define LCA_IO_PACT_RELEASE_IMPL_H

#include "io/export/pact_impl.h"

// The release's split columns (-1 = absent).
typedef struct lca__pact_cols {
    int64_t fossil, incl, uptake, bio_em, bio_non_co2, luc, land, aircraft;
} lca__pact_cols;

// The text one footprint borrows.
typedef struct lca__pact_item_text {
    char description[1024], comment[1024], exempted[512];
} lca__pact_item_text;

typedef struct lca__pact_rel {
    lca_ctx *ctx;
    const char *dir, *name;  // the release folder and its last component
    const lca_fdb *db;
    const lca_ruleset *rs;
    const lca_pact_options *opt;
    char seed[64];           // the Monte Carlo seed (manifest)
    lca__pact_cols cols;
    lca__pact_pf *rule_pf;   // per rule: the fields it fills
    lca__pact_rule_text *rule_text;
    const unsigned char *used;  // per rule: lists a selected product
} lca__pact_rel;

// Prepare every rule of x->rs once, and find the split columns.
// Errors: as lca__pact_rule_fill; LCA_ERR_INVALID (no split results).
lca_status lca__pact_release_rules(lca__pact_rel *x);

// The footprint of record i under rule r into pf (t: its text).
// Errors: LCA_ERR_INVALID (the rule's model unit differs from the
// product's, no reference period, an unknown region).
lca_status lca__pact_release_item(lca__pact_rel *x, int64_t i, int64_t r,
                                  lca__pact_pf *pf, lca__pact_item_text *t);

#endif  // LCA_IO_PACT_RELEASE_IMPL_H
