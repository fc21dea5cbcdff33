// io/mcfile.c: writing the Monte Carlo results file
// SPDX-License-Identifier: MIT
//
// Samples go to appendable datasets block by block, so memory stays
// independent of the iteration count (except for the few demand scores
// read back at the end). Quantiles are exact: at the end the factor
// samples are read back one indicator and one slab of products at a time
// (at most 256 MiB in memory) and sorted per product (mcfile_finish.c).

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "engine/ctx_impl.h"
#include "io/h5out_impl.h"
#include "io/h5rows_impl.h"
#include "io/mcfile_impl.h"


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
        st = lca_h5out_write_strings(f->out, path, count, v);
        if (axis == LCA_DEMANDS) break;  // demands have names only
    }
    lca__free(f->ctx, v);
    return st;
}

static lca_status create_layout(lca_mcfile *f, const lca_mc_options *opt,
                                int64_t iterations, int factor_samples) {
    lca_status st = lca_h5out_set_attr(f->out, "/", "format", "leontief-mc");
    if (st == LCA_OK) st = lca_h5out_set_attr_int(f->out, "/",
                                                  "schema_version", 1);
    if (st == LCA_OK) st = lca_h5out_set_attr_int(f->out, "/",
                                                  "iterations_planned",
                                                  iterations);
    if (st == LCA_OK) st = write_labels(f, LCA_PRODUCTS, "products", f->n,
                                        NULL);
    if (st == LCA_OK) st = write_labels(f, LCA_INDICATORS, "indicators",
                                        f->nind, opt->ind);
    if (st == LCA_OK) st = write_labels(f, LCA_DEMANDS, "demands/names",
                                        f->nd, opt->demands);
    int64_t bs = opt->block_size;
    if (st == LCA_OK) st = lca__h5rows_create(f->out, "demands/scores", f->nd,
                                              f->nind, bs, &f->scores);
    if (st == LCA_OK && factor_samples) {
        st = lca__h5rows_create(f->out, "factors/samples", f->nind, f->n, bs,
                                &f->factors);
    }
    return st;
}

lca_status lca_mcfile_create(const char *path, const lca_model *M,
                             const lca_mc_options *opt, int64_t iterations,
                             int factor_samples, lca_mcfile **out) {
    lca_ctx *ctx = lca_model_ctx(M);
    *out = NULL;
    lca_mcfile *f = lca__calloc(ctx, 1, sizeof *f);
    if (f == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    f->ctx = ctx;
    f->M = M;
    f->n = lca_model_dim(M, LCA_PRODUCTS);
    f->nind = opt->nind > 0 ? opt->nind : lca_model_dim(M, LCA_INDICATORS);
    f->nd = opt->nd;
    lca_status st = lca_h5out_create(ctx, path, &f->out);
    if (st == LCA_OK) st = create_layout(f, opt, iterations, factor_samples);
    if (st != LCA_OK) {
        lca_mcfile_destroy(&f);
        return st;
    }
    *out = f;
    return LCA_OK;
}

lca_status lca_mcfile_set_attr(lca_mcfile *f, const char *key,
                               const char *value) {
    return lca_h5out_set_attr(f->out, "/", key, value);
}

lca_status lca_mcfile_set_attr_int(lca_mcfile *f, const char *key,
                                   int64_t value) {
    return lca_h5out_set_attr_int(f->out, "/", key, value);
}

static lca_status record_failures(lca_mcfile *f, const lca_mc_block *b) {
    for (int64_t q = 0; q < b->count; q++) {
        if (b->failed[q] == 0) continue;
        if (f->nfail == f->fail_cap) {
            int64_t cap = 2 * f->fail_cap + 64;
            int64_t *it = lca__realloc(f->ctx, f->fail_iter, 0, (size_t)cap,
                                       sizeof *it);
            if (it != NULL) f->fail_iter = it;
            uint8_t *c = lca__realloc(f->ctx, f->fail_code, 0, (size_t)cap,
                                      sizeof *c);
            if (c != NULL) f->fail_code = c;
            if (it == NULL || c == NULL) {
                return lca__fail(f->ctx, LCA_ERR_NOMEM, "out of memory");
            }
            f->fail_cap = cap;
        }
        f->fail_iter[f->nfail] = b->first + q;
        f->fail_code[f->nfail++] = b->failed[q];
    }
    return LCA_OK;
}

lca_status lca_mcfile_block(void *arg, const lca_mc_block *b) {
    lca_mcfile *f = arg;
    lca_status st = lca__h5rows_write(f->scores, b->first, b->count,
                                      b->scores);
    if (st == LCA_OK && f->factors != NULL && b->factors != NULL) {
        st = lca__h5rows_write(f->factors, b->first, b->count, b->factors);
    }
    if (st == LCA_OK) st = record_failures(f, b);
    if (b->first + b->count > f->rows) f->rows = b->first + b->count;
    f->nclamped += b->nclamped;
    return st;
}

void lca_mcfile_destroy(lca_mcfile **fp) {
    if (fp == NULL || *fp == NULL) return;
    lca_mcfile *f = *fp;
    lca__h5rows_close(&f->scores);
    lca__h5rows_close(&f->factors);
    lca_h5out_destroy(&f->out);
    lca__free(f->ctx, f->fail_iter);
    lca__free(f->ctx, f->fail_code);
    lca__free(f->ctx, f);
    *fp = NULL;
}
