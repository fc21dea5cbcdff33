// io/native/results_read.c: lca_results_read, the tables of a results file
// SPDX-License-Identifier: MIT
//
// Reads back what results_write.c writes (docs/FORMAT.md, "Results file")
// for exports: the factor tables, flow factors and per-demand tables,
// each with the labels of its rows and columns. Like the model reader it
// trusts nothing: the header first, then every dataset's class and shape
// against the labels it belongs to, all before the caller gets anything,
// so that an export either has everything it needs or writes nothing.

#include <stdio.h>
#include <string.h>

#include "engine/ctx_impl.h"
#include "io/hdf5/h5in_impl.h"
#include "io/native/results_impl.h"

#define RESULTS_FORMAT "leontief-results"
#define RESULTS_VERSION 2      // the newest read (v2: sealed, fixed strings)
#define RESULTS_VERSION_MIN 1  // the oldest

static lca_status read_header(const lca__h5in *in) {
    char *format = NULL;
    int64_t version = 0;
    int found = 0;
    lca_status st = lca__h5in_has_attr(in, "/", "format", &found);
    if (st == LCA_OK && !found) {
        st = lca__fail(in->ctx, LCA_ERR_INVALID, "%s: no attribute 'format' "
                       "on /: not a leontief results file", in->path);
    }
    if (st == LCA_OK) st = lca__h5in_attr_string(in, "/", "format", &format);
    if (st == LCA_OK && strcmp(format, RESULTS_FORMAT) != 0) {
        st = lca__fail(in->ctx, LCA_ERR_INVALID, "%s: format is '%s', "
                       "expected '" RESULTS_FORMAT "'", in->path, format);
    }
    if (st == LCA_OK) {
        st = lca__h5in_attr_ints(in, "/", "schema_version", 1, &version);
    }
    if (st == LCA_OK &&
        (version < RESULTS_VERSION_MIN || version > RESULTS_VERSION)) {
        st = lca__fail(in->ctx, LCA_ERR_INVALID, "%s: schema_version %lld is "
                       "not supported (this leontief reads " RESULTS_FORMAT
                       " versions %d to %d)", in->path, (long long)version,
                       RESULTS_VERSION_MIN, RESULTS_VERSION);
    }
    lca__free(in->ctx, format);
    return st;
}

// The label datasets group/<names[l]> (nl of them) into t. The first
// gives the length; the others must match it.
static lca_status read_labels(const lca__h5in *in, const char *group,
                              int nl, const char *const *names,
                              lca__results_labels *t) {
    char name[128], why[160] = "";
    lca_status st = LCA_OK;
    for (int l = 0; l < nl && st == LCA_OK; l++) {
        int64_t count = 0;
        snprintf(name, sizeof name, "%s/%s", group, names[l]);
        st = lca__h5in_read_strings(in, name, l == 0 ? -1 : t->count,
                                    l == 0 ? NULL : why, &count, &t->v[l]);
        if (l == 0) t->count = count;
        snprintf(why, sizeof why, "%s/%s has %lld", group, names[0],
                 (long long)t->count);
    }
    t->nl = nl;
    return st;
}

static const char *const LABELS[4] = {"id", "name", "unit", "compartment"};
static const char *const FLOW_LABELS[4] = {"id", "name", "compartment",
                                           "unit"};

// The (rows, cols) matrix name, with why naming where the sizes came from.
static lca_status read_matrix(const lca__h5in *in, const char *name,
                              const lca__results_labels *r,
                              const lca__results_labels *c,
                              lca__results_matrix *X) {
    char why[200];
    int64_t expect[2] = {r->count, c->count}, dims[2] = {0, 0};
    snprintf(why, sizeof why, "its labels give (%lld, %lld)",
             (long long)r->count, (long long)c->count);
    X->name = name;
    X->rows = r;
    X->cols = c;
    return lca__h5in_read_doubles2(in, name, expect, why, dims, &X->X);
}

static lca_status read_factors(const lca__h5in *in, lca_results *R) {
    lca_status st = read_labels(in, "/indicators", 3, LABELS, &R->ind);
    if (st == LCA_OK) {
        st = read_matrix(in, "/factors/N", &R->ind, &R->prod, &R->N);
    }
    if (st == LCA_OK) {
        st = read_matrix(in, "/factors/D", &R->ind, &R->prod, &R->D);
    }
    int found = 0;
    if (st == LCA_OK) st = lca__h5in_exists(in, "/factors/M", &found);
    if (st != LCA_OK || !found) return st;
    st = read_labels(in, "/factors/flows", 4, FLOW_LABELS, &R->fflow);
    if (st == LCA_OK) {
        st = read_matrix(in, "/factors/M", &R->fflow, &R->prod, &R->M);
    }
    return st;
}

static lca_status read_demands(const lca__h5in *in, lca_results *R) {
    static const char *const names[1] = {"names"};
    lca_status st = read_labels(in, "/demands", 1, names, &R->dem);
    if (st == LCA_OK) {
        st = read_labels(in, "/demands/indicators", 3, LABELS, &R->dind);
    }
    if (st == LCA_OK) {
        st = read_matrix(in, "/demands/scores", &R->dind, &R->dem, &R->H);
    }
    int found = 0;
    if (st == LCA_OK) st = lca__h5in_exists(in, "/demands/supply", &found);
    if (st == LCA_OK && found) {
        st = read_matrix(in, "/demands/supply", &R->prod, &R->dem, &R->S);
    }
    if (st == LCA_OK) st = lca__h5in_exists(in, "/demands/inventory", &found);
    if (st != LCA_OK || !found) return st;
    st = read_labels(in, "/flows", 4, FLOW_LABELS, &R->flow);
    if (st == LCA_OK) {
        st = read_matrix(in, "/demands/inventory", &R->flow, &R->dem, &R->G);
    }
    return st;
}

static lca_status read_all(const lca__h5in *in, lca_results *R) {
    int has_n = 0, has_h = 0;
    lca_status st = read_header(in);
    if (st == LCA_OK) st = lca__h5in_exists(in, "/factors/N", &has_n);
    if (st == LCA_OK) st = lca__h5in_exists(in, "/demands/scores", &has_h);
    if (st == LCA_OK && !has_n && !has_h) {
        return lca__fail(in->ctx, LCA_ERR_INVALID, "%s: /factors/N is "
                         "missing, and so is /demands/scores: no results to "
                         "export", in->path);
    }
    if (st == LCA_OK) st = read_labels(in, "/products", 3, LABELS, &R->prod);
    if (st == LCA_OK && has_n) st = read_factors(in, R);
    if (st == LCA_OK && has_h) st = read_demands(in, R);
    return st;
}

static void free_labels(lca_ctx *ctx, lca__results_labels *t) {
    for (int l = 0; l < 4; l++) lca__h5_free_strings(ctx, t->v[l], t->count);
}

void lca_results_destroy(lca_results **Rp) {
    if (Rp == NULL || *Rp == NULL) return;
    lca_results *R = *Rp;
    lca_ctx *ctx = R->ctx;
    lca__results_labels *t[6] = {&R->prod, &R->ind, &R->fflow,
                                 &R->dem, &R->dind, &R->flow};
    for (int i = 0; i < 6; i++) free_labels(ctx, t[i]);
    lca__results_matrix *X[6] = {&R->N, &R->D, &R->M, &R->H, &R->S, &R->G};
    for (int i = 0; i < 6; i++) lca__free(ctx, X[i]->X);
    lca__free(ctx, R);
    *Rp = NULL;
}

lca_status lca_results_read(lca_ctx *ctx, const char *path,
                            lca_results **out) {
    if (out == NULL) return lca__fail(ctx, LCA_ERR_ARG, "no results object");
    *out = NULL;
    if (path == NULL) return lca__fail(ctx, LCA_ERR_ARG, "no file to read");
    lca__h5quiet q;
    lca__h5_quiet(&q);
    lca__h5in in;
    lca_results *R = lca__calloc(ctx, 1, sizeof *R);
    lca_status st = LCA_OK;
    if (R == NULL) {
        st = lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    } else {
        R->ctx = ctx;
        st = lca__h5in_open(ctx, path, &in);
        if (st == LCA_OK) st = read_all(&in, R);
        lca__h5in_close(&in);
    }
    if (st == LCA_OK) {
        *out = R;
        R = NULL;
    }
    lca_results_destroy(&R);
    lca__h5_unquiet(&q);
    return st;
}

lca_status lca_file_kind_read(lca_ctx *ctx, const char *path,
                              lca_file_kind *kind) {
    lca__h5quiet q;
    lca__h5_quiet(&q);
    lca__h5in in;
    char *format = NULL;
    int found = 0;
    lca_status st = lca__h5in_open(ctx, path, &in);
    if (st == LCA_OK) st = lca__h5in_has_attr(&in, "/", "format", &found);
    if (st == LCA_OK && found) {
        st = lca__h5in_attr_string(&in, "/", "format", &format);
    }
    if (st == LCA_OK) {
        if (format != NULL && strcmp(format, LCA__MODEL_FORMAT) == 0) {
            *kind = LCA_FILE_MODEL;
        } else if (format != NULL && strcmp(format, RESULTS_FORMAT) == 0) {
            *kind = LCA_FILE_RESULTS;
        } else if (format != NULL && strcmp(format, "leontief-mc") == 0) {
            *kind = LCA_FILE_MC;
        } else {
            st = lca__fail(ctx, LCA_ERR_INVALID, "%s: an HDF5 file, but "
                           "not a leontief model, results or Monte Carlo "
                           "file (format %s%s%s)", path, format ? "'" : "",
                           format ? format : "attribute missing",
                           format ? "'" : "");
        }
    }
    lca__free(ctx, format);
    lca__h5in_close(&in);
    lca__h5_unquiet(&q);
    return st;
}
