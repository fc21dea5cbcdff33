// io/release/mcstats.c: a release's Monte Carlo columns from a results file
// SPDX-License-Identifier: MIT

#include <string.h>

#include "engine/ctx_impl.h"
#include "io/release/release_impl.h"
#include "lca/mcfile.h"

// Read indicator key's statistics and set them on column `component`.
static lca_status one(lca_fdb *db, const char *path, const char *key,
                      int64_t component, const char *model_sha256,
                      int64_t *iterations) {
    lca_ctx *ctx = lca_fdb_ctx(db);
    lca_mcfile_stats s;
    lca_status st = lca_mcfile_read_stats(ctx, path, key, &s);
    if (st != LCA_OK) return st;
    if (model_sha256 != NULL && strcmp(s.model_sha256, model_sha256) != 0) {
        st = lca__fail(ctx, LCA_ERR_INVALID,
                       "%s: the run used another model "
                       "(SHA-256 %.12s..., this model %.12s...)",
                       path, s.model_sha256, model_sha256);
    } else if (s.n != lca_fdb_nrecords(db)) {
        st = lca__fail(ctx, LCA_ERR_INVALID,
                       "%s: %lld products, the release "
                       "%lld",
                       path, (long long)s.n, (long long)lca_fdb_nrecords(db));
    } else if (s.stopped_early) {
        st = lca__fail(ctx, LCA_ERR_INVALID,
                       "%s: the run was stopped early "
                       "(%lld iterations); resume it with leontief mc "
                       "--resume first",
                       path, (long long)s.iterations_done);
    }
    if (st == LCA_OK) {
        lca_fdb_mc mc = {s.count, s.mean, s.sd, s.gsd, s.quantiles};
        st = lca_fdb_set_mc(db, component, &mc);
        if (iterations != NULL) *iterations = s.iterations_done;
    }
    lca_mcfile_stats_free(ctx, &s);
    return st;
}

lca_status lca_fdb_set_mc_file(lca_fdb *db, const char *path,
                               const char *model_sha256, int64_t *iterations) {
    lca_status st = one(db, path, lca_fdb_info_get(db, LCA_FDB_IND_ID), -1,
                        model_sha256, iterations);
    for (int64_t j = 0; j < lca_fdb_ncomponents(db) && st == LCA_OK; j++) {
        st = one(db, path, lca_fdb_component_indicator(db, j), j, model_sha256,
                 NULL);
        if (st == LCA_ERR_NOTFOUND) st = LCA_OK;  // not sampled: no MC
    }
    return st;
}
