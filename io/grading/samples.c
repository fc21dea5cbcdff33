// io/grading/samples.c: the paired Monte Carlo samples of a release's
// products (lca__release_samples), shared by the label payloads and the
// PACT export's grades
// SPDX-License-Identifier: MIT

#include <string.h>
#include <sys/stat.h>

#include "engine/ctx_impl.h"
#include "io/grading/samples_impl.h"
#include "io/util/textout_impl.h"
#include "lca/mcfile.h"

lca_status lca__release_samples(lca_ctx *ctx, const char *dir,
                                const lca_fdb *db, int64_t n,
                                const int64_t *rec, const double *scale,
                                double **out, int64_t *niter) {
    *out = NULL;
    *niter = 0;
    char *path = lca__path_join(ctx, dir, "montecarlo.h5");
    if (path == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    struct stat sb;
    if (stat(path, &sb) != 0) {
        lca__free(ctx, path);
        return LCA_OK;
    }
    lca_mcfile_samples m;
    lca_status st = lca_mcfile_read_samples(
        ctx, path, lca_fdb_info_get(db, LCA_FDB_IND_ID), &m);
    lca__free(ctx, path);
    if (st != LCA_OK) return st;
    double *x = lca__malloc(ctx, (size_t)(n * m.niter), sizeof *x);
    if (x == NULL) st = lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    for (int64_t k = 0; st == LCA_OK && k < n; k++) {
        const char *pid = lca_fdb_text_get(db, LCA_FDB_PRODUCT_ID, rec[k]);
        int64_t j = (rec[k] < m.n &&
                     strcmp(m.product_ids[rec[k]], pid) == 0) ? rec[k]
                                                                  : -1;
        for (int64_t c = 0; j < 0 && c < m.n; c++) {
            if (strcmp(m.product_ids[c], pid) == 0) j = c;
        }
        if (j < 0) {
            st = lca__fail(ctx, LCA_ERR_INVALID, "%s/montecarlo.h5: no "
                           "samples of product '%s'", dir, pid);
        }
        for (int64_t it = 0; st == LCA_OK && it < m.niter; it++) {
            x[k * m.niter + it] = m.x[it * m.n + j] * scale[k];
        }
    }
    if (st == LCA_OK) {
        *out = x;
        *niter = m.niter;
    } else {
        lca__free(ctx, x);
    }
    lca_mcfile_samples_free(ctx, &m);
    return st;
}
