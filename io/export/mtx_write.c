// io/export/mtx_write.c: write matrices as Matrix Market files
// SPDX-License-Identifier: MIT
//
// The inverse of io/import/mtx.c: sparse matrices as "coordinate real general"
// (every stored entry, so the pattern survives a round trip), dense ones
// as "array real general". Values use lca__format_double, which reads
// back to the same double. Line ends are LF, as the NIST format has them.

#include <stdio.h>

#include "engine/ctx_impl.h"
#include "io/util/textout_impl.h"

static void header(lca__textout *w, const char *kind, const char *comment,
                   const char *size) {
    lca__textout_puts(w, "%%MatrixMarket matrix ");
    lca__textout_puts(w, kind);
    lca__textout_puts(w, " real general\n");
    if (comment != NULL) {
        lca__textout_puts(w, "% ");
        lca__textout_puts(w, comment);
        lca__textout_puts(w, "\n");
    }
    lca__textout_puts(w, size);
}

lca_status lca__mtx_write_csc(lca_ctx *ctx, const char *path,
                              const char *comment, const lca_csc *X) {
    lca__textout *w = NULL;
    lca_status st = lca__textout_create(ctx, path, &w);
    if (st != LCA_OK) return st;
    char line[96], num[32];
    snprintf(line, sizeof line, "%lld %lld %lld\n",
             (long long)lca_csc_nrows(X), (long long)lca_csc_ncols(X),
             (long long)lca_csc_nnz(X));
    header(w, "coordinate", comment, line);
    const int64_t *Ap = lca_csc_colptr(X), *Ai = lca_csc_rowidx(X);
    const double *Ax = lca_csc_values(X);
    for (int64_t j = 0; j < lca_csc_ncols(X); j++) {
        for (int64_t p = Ap[j]; p < Ap[j + 1]; p++) {
            snprintf(line, sizeof line, "%lld %lld %s\n",
                     (long long)Ai[p] + 1, (long long)j + 1,
                     lca__format_double(Ax[p], num));
            lca__textout_puts(w, line);
        }
    }
    return lca__textout_commit(&w);
}

lca_status lca__mtx_write_dense(lca_ctx *ctx, const char *path,
                                const char *comment, int64_t rows,
                                int64_t cols, const double *X) {
    lca__textout *w = NULL;
    lca_status st = lca__textout_create(ctx, path, &w);
    if (st != LCA_OK) return st;
    char line[64], num[32];
    snprintf(line, sizeof line, "%lld %lld\n", (long long)rows,
             (long long)cols);
    header(w, "array", comment, line);
    for (int64_t j = 0; j < cols; j++) {
        for (int64_t i = 0; i < rows; i++) {
            lca__textout_puts(w, lca__format_double(X[i * cols + j], num));
            lca__textout_puts(w, "\n");
        }
    }
    return lca__textout_commit(&w);
}
