// io/native/mcfile_copy.c: the results file of a Monte Carlo run, from its
// checkpoint segments
// SPDX-License-Identifier: MIT
//
// Segments are copied in iteration order, a slice of rows at a time (at
// most COPY_BYTES in memory), so assembling needs no more memory than
// running did.

#include <stdio.h>
#include <string.h>

#include "engine/ctx_impl.h"
#include "io/hdf5/h5out_impl.h"
#include "io/native/mcfile_impl.h"

#define COPY_BYTES ((int64_t)64 << 20)

static lca_status write_labels(lca_mcfile *f, lca_axis axis, const char *grp,
                               int64_t count, const int64_t *sel) {
    static const char *names[] = {"id", "name", "unit"};
    const char **v = lca__malloc(f->ctx, (size_t)count + 1, sizeof *v);
    if (v == NULL) return lca__fail(f->ctx, LCA_ERR_NOMEM, "out of memory");
    lca_status st = LCA_OK;
    for (int l = 0; l < 3 && st == LCA_OK; l++) {
        for (int64_t i = 0; i < count; i++) {
            v[i] = lca_model_label(f->M, axis, (lca_label)l,
                                   sel != NULL ? sel[i] : i);
        }
        char path[64];
        snprintf(path, sizeof path, "%s/%s", grp, names[l]);
        if (axis == LCA_DEMANDS) snprintf(path, sizeof path, "%s", grp);
        st = lca__h5out_write_strings(f->out, path, count, v);
        if (axis == LCA_DEMANDS) break;  // demands have names only
    }
    lca__free(f->ctx, v);
    return st;
}

lca_status lca__mcfile_open_results(lca_mcfile *f) {
    lca_status st = lca__h5out_create(f->ctx, f->path, &f->out);
    if (st == LCA_OK) st = lca__h5out_set_attr(f->out, "/", "format",
                                               "leontief-mc");
    if (st == LCA_OK) st = lca__h5out_set_attr_int(f->out, "/",
                                                   "schema_version", 2);
    if (st == LCA_OK) st = write_labels(f, LCA_PRODUCTS, "products", f->n,
                                        NULL);
    if (st == LCA_OK) st = write_labels(f, LCA_INDICATORS, "indicators",
                                        f->nind, f->ind);
    if (st == LCA_OK) st = write_labels(f, LCA_DEMANDS, "demands/names",
                                        f->nd, f->dem);
    if (st == LCA_OK) st = lca__h5rows_create(f->out, "demands/scores", f->nd,
                                              f->nind, f->bs, &f->scores);
    if (st == LCA_OK && f->factor_samples) {
        st = lca__h5rows_create(f->out, "factors/samples", f->nind, f->n,
                                f->bs, &f->factors);
    }
    if (st == LCA_OK) st = lca__h5rows_create_list(f->out, "solver/path",
                                                   4096, &f->solver_path);
    if (st == LCA_OK) st = lca__h5rows_create_list(f->out,
                                                   "solver/krylov_iterations",
                                                   4096, &f->solver_krylov);
    f->rows = 0;
    return st;
}

// Rows of one dataset of a segment into the results file, in slices.
static lca_status copy_rows(lca_mcfile *f, const char *seg, const char *name,
                            int64_t first, int64_t rows, int64_t d1,
                            int64_t d2, lca__h5rows *dst) {
    int64_t per = d1 * d2 > 0 ? d1 * d2 : 1;
    int64_t slice = COPY_BYTES / (8 * per);
    if (slice < 1) slice = 1;
    if (slice > rows) slice = rows;
    double *buf = lca__malloc(f->ctx, (size_t)(slice * per) + 1, sizeof *buf);
    if (buf == NULL) return lca__fail(f->ctx, LCA_ERR_NOMEM, "out of memory");
    lca_status st = LCA_OK;
    for (int64_t r = 0; r < rows && st == LCA_OK; r += slice) {
        int64_t m = rows - r < slice ? rows - r : slice;
        st = lca__mcfile_check_stop(f);
        if (st == LCA_OK && d1 * d2 > 0) {
            st = lca__ckpt_read_rows(f->ctx, seg, name, r, m, d1, d2, buf);
        }
        if (st == LCA_OK) st = lca__h5rows_write(dst, first + r, m, buf);
    }
    lca__free(f->ctx, buf);
    return st;
}

// A segment's (rows, 1, 2) solver records into the two lists, in slices.
static lca_status copy_solver(lca_mcfile *f, const char *seg, int64_t first,
                              int64_t rows) {
    int64_t slice = rows < 65536 ? rows : 65536;
    double *buf = lca__malloc(f->ctx, 3 * (size_t)slice + 1, sizeof *buf);
    if (buf == NULL) return lca__fail(f->ctx, LCA_ERR_NOMEM, "out of memory");
    double *col = buf + 2 * slice;
    lca_status st = LCA_OK;
    for (int64_t r = 0; r < rows && st == LCA_OK; r += slice) {
        int64_t m = rows - r < slice ? rows - r : slice;
        st = lca__ckpt_read_rows(f->ctx, seg, "solver", r, m, 1, 2, buf);
        for (int c = 0; c < 2 && st == LCA_OK; c++) {
            for (int64_t i = 0; i < m; i++) col[i] = buf[2 * i + c];
            st = lca__h5rows_write(c == 0 ? f->solver_path : f->solver_krylov,
                                   first + r, m, col);
        }
    }
    lca__free(f->ctx, buf);
    return st;
}

lca_status lca__mcfile_copy_segments(lca_mcfile *f) {
    lca_status st = LCA_OK;
    for (int64_t s = 0; s < f->st.nseg && st == LCA_OK; s++) {
        char seg[4200];
        int64_t first = f->st.seg_first[s], rows = f->st.seg_rows[s];
        lca__ckpt_path(f->dir, first, seg, sizeof seg);
        st = copy_rows(f, seg, "scores", first, rows, f->nd, f->nind,
                       f->scores);
        if (st == LCA_OK && f->factors != NULL) {
            st = copy_rows(f, seg, "factors", first, rows, f->nind, f->n,
                           f->factors);
        }
        if (st == LCA_OK) st = copy_solver(f, seg, first, rows);
        if (first + rows > f->rows) f->rows = first + rows;
    }
    return st;
}
