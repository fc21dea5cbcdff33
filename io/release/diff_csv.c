// io/release/diff_csv.c: a diff of two releases as CSV
// SPDX-License-Identifier: MIT

#include <math.h>

#include "engine/ctx_impl.h"
#include "io/release/release_impl.h"
#include "io/util/textout_impl.h"


// Record i's text column c of db, or "" when i < 0.
static const char *text(const lca_fdb *db, lca_fdb_text c, int64_t i) {
    return i >= 0 ? lca_fdb_text_get(db, c, i) : "";
}

static void row(lca__textout *w, const lca_fdb *old, const lca_fdb *nw,
                const lca_fdb_diff_row *r) {
    const lca_fdb *db = r->new_index >= 0 ? nw : old;
    int64_t i = r->new_index >= 0 ? r->new_index : r->old_index;
    lca__textout_field(w, lca_fdb_change_str(r->change));
    lca__textout_field(w, lca_fdb_text_get(db, LCA_FDB_PRODUCT_ID, i));
    lca__textout_field(w, lca_fdb_text_get(db, LCA_FDB_PRODUCT_NAME, i));
    lca__textout_field(w, text(old, LCA_FDB_RECORD_ID, r->old_index));
    lca__textout_field(w, text(nw, LCA_FDB_RECORD_ID, r->new_index));
    lca__textout_field(w, text(old, LCA_FDB_UNIT, r->old_index));
    lca__textout_field(w, text(nw, LCA_FDB_UNIT, r->new_index));
    lca__release_number(w, r->old_factor);
    lca__release_number(w, r->new_factor);
    lca__release_number(w, r->rel_change);
    lca__textout_field(w, r->beyond_noise ? "1" : "0");
    lca__textout_field(w, r->reissue ? "1" : "0");
    lca__textout_end(w);
}

lca_status lca_fdb_diff_write_csv(const lca_fdb *old, const lca_fdb *nw,
                                  const lca_fdb_diff_row *rows, int64_t nrows,
                                  const char *path) {
    lca__textout *w = NULL;
    lca_status st = lca__textout_create(lca_fdb_ctx(nw), path, &w);
    if (st != LCA_OK) return st;
    const char *h[] = {"change",          "product_id",    "product_name",
                       "old_record_id",   "new_record_id", "old_unit",
                       "new_unit",        "old_factor",    "new_factor",
                       "relative_change", "beyond_noise",  "reissue"};
    for (size_t c = 0; c < sizeof h / sizeof h[0]; c++) {
        lca__textout_field(w, h[c]);
    }
    lca__textout_end(w);
    for (int64_t k = 0; k < nrows; k++) row(w, old, nw, &rows[k]);
    return lca__textout_commit(&w);
}
