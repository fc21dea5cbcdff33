// engine/demand.c: named demand vectors, demand sets and model attributes
// SPDX-License-Identifier: MIT
//
// Demands are kept as the columns of one n-by-d CSC matrix F that grows by
// a column at a time (amortized doubling), so that a batch of demands is
// one matrix for the solver and one dataset group in the file.

#include <stdio.h>
#include <string.h>

#include "csc_impl.h"
#include "ctx_impl.h"
#include "model_impl.h"

// Make room in F for one more column of nnz entries and one more label.
static lca_status grow_demands(lca_model *M, int64_t nnz) {
    lca_ctx *ctx = M->ctx;
    lca_csc *F = M->F;
    int64_t d = F->n;
    int64_t ap_cap = M->d_cap + 1;  // column pointers: columns + 1
    int64_t *Ap = lca__grow(ctx, F->Ap, &ap_cap, d + 2, sizeof *Ap);
    if (Ap == NULL) return LCA_ERR_NOMEM;
    F->Ap = Ap;
    M->d_cap = ap_cap - 1;
    int64_t nl = M->ndemand_labels;
    char **ids = lca__grow(ctx, M->labels[LCA_DEMANDS].v[LCA_LABEL_ID], &nl,
                           d + 1, sizeof *ids);
    if (ids == NULL) return LCA_ERR_NOMEM;
    for (int64_t j = M->ndemand_labels; j < nl; j++) ids[j] = NULL;
    M->labels[LCA_DEMANDS].v[LCA_LABEL_ID] = ids;
    M->ndemand_labels = nl;
    int64_t need = F->Ap[d] + nnz, ci = F->nnz_max, cx = F->nnz_max;
    int64_t *Ai = lca__grow(ctx, F->Ai, &ci, need, sizeof *Ai);
    if (Ai != NULL) F->Ai = Ai;
    double *Ax = lca__grow(ctx, F->Ax, &cx, need, sizeof *Ax);
    if (Ax != NULL) F->Ax = Ax;
    if (Ai == NULL || Ax == NULL) return LCA_ERR_NOMEM;
    F->nnz_max = ci;
    return LCA_OK;
}

// Index of the demand named name, or -1. Not finding it is the normal
// case when adding, so this leaves the context's message alone.
static int64_t find_demand(const lca_model *M, const char *name) {
    char **ids = M->labels[LCA_DEMANDS].v[LCA_LABEL_ID];
    for (int64_t j = 0; j < M->F->n; j++) {
        if (strcmp(ids[j], name) == 0) return j;
    }
    return -1;
}

// Index of the demand set named name, or -1, leaving the message alone.
static int64_t find_set(const lca_model *M, const char *name) {
    for (int64_t s = 0; s < M->nsets; s++) {
        if (strcmp(M->sets[s].name, name) == 0) return s;
    }
    return -1;
}

lca_status lca_model_add_demand(lca_model *M, const char *name, int64_t nnz,
                                const int64_t *idx, const double *val) {
    lca_ctx *ctx = M->ctx;
    lca_csc *col = NULL;
    int64_t *zeros = NULL;
    if (name == NULL || name[0] == '\0') {
        return lca__fail(ctx, LCA_ERR_ARG, "a demand needs a name");
    }
    if (nnz < 0 || (nnz > 0 && (idx == NULL || val == NULL))) {
        return lca__fail(ctx, LCA_ERR_ARG,
                         "demand '%s': %lld entries, or missing arrays", name,
                         (long long)nnz);
    }
    if (find_demand(M, name) >= 0) {
        return lca__fail(ctx, LCA_ERR_ARG, "demand '%s' is defined twice",
                         name);
    }
    // Sort and sum through a one-column matrix, which also checks indices.
    zeros = lca__calloc(ctx, (size_t)nnz, sizeof *zeros);
    if (zeros == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    lca_status st = lca_csc_from_triplets(ctx, M->n, 1, nnz, idx, zeros, val,
                                          &col);
    if (st != LCA_OK) {
        st = lca__wrap(ctx, st, "demand '%s'", name);
        goto done;
    }
    st = grow_demands(M, col->Ap[1]);
    if (st != LCA_OK) goto done;
    char *copy = lca__strdup(ctx, name);
    if (copy == NULL) {
        st = lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
        goto done;
    }
    lca_csc *F = M->F;
    int64_t d = F->n, start = F->Ap[d];
    memcpy(F->Ai + start, col->Ai, (size_t)col->Ap[1] * sizeof *F->Ai);
    memcpy(F->Ax + start, col->Ax, (size_t)col->Ap[1] * sizeof *F->Ax);
    F->Ap[d + 1] = start + col->Ap[1];
    M->labels[LCA_DEMANDS].v[LCA_LABEL_ID][d] = copy;
    F->n = d + 1;
done:
    lca__free(ctx, zeros);
    lca_csc_destroy(&col);
    return st;
}

void lca_model_demand_dense(const lca_model *M, int64_t j, double *f) {
    lca_csc_column_dense(M->F, j, f);
}

lca_status lca_model_add_unit_demand(lca_model *M, int64_t j) {
    if (j < 0 || j >= lca_model_dim(M, LCA_PRODUCTS)) {
        return lca__fail(M->ctx, LCA_ERR_ARG, "product %lld outside 0..%lld",
                         (long long)j,
                         (long long)lca_model_dim(M, LCA_PRODUCTS) - 1);
    }
    const char *pname = lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_NAME, j);
    const char *pid = lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_ID, j);
    char name[600];
    snprintf(name, sizeof name, "1 unit of %s", pname[0] ? pname : pid);
    int64_t taken;
    if (lca_model_lookup(M, LCA_DEMANDS, name, &taken) == LCA_OK) {
        snprintf(name, sizeof name, "1 unit of %s [%s]", pname, pid);
    }
    double one = 1.0;
    return lca_model_add_demand(M, name, 1, &j, &one);
}

lca_status lca_model_add_demand_set(lca_model *M, const char *name,
                                    int64_t count, const int64_t *demands) {
    lca_ctx *ctx = M->ctx;
    if (name == NULL || name[0] == '\0') {
        return lca__fail(ctx, LCA_ERR_ARG, "a demand set needs a name");
    }
    if (count < 0 || (count > 0 && demands == NULL)) {
        return lca__fail(ctx, LCA_ERR_ARG,
                         "demand set '%s': %lld entries, or no array", name,
                         (long long)count);
    }
    if (find_set(M, name) >= 0) {
        return lca__fail(ctx, LCA_ERR_ARG, "demand set '%s' is defined twice",
                         name);
    }
    for (int64_t i = 0; i < count; i++) {
        if (demands[i] < 0 || demands[i] >= M->F->n) {
            return lca__fail(ctx, LCA_ERR_ARG,
                             "demand set '%s': entry %lld is demand %lld, "
                             "outside 0..%lld",
                             name, (long long)i, (long long)demands[i],
                             (long long)M->F->n - 1);
        }
    }
    lca__demand_set *sets = lca__grow(ctx, M->sets, &M->sets_cap,
                                      M->nsets + 1, sizeof *sets);
    if (sets == NULL) return LCA_ERR_NOMEM;
    M->sets = sets;
    lca__demand_set *ds = &sets[M->nsets];
    ds->name = lca__strdup(ctx, name);
    ds->idx = lca__malloc(ctx, (size_t)count, sizeof *ds->idx);
    if (ds->name == NULL || ds->idx == NULL) {
        lca__free(ctx, ds->name);
        lca__free(ctx, ds->idx);
        return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    }
    if (count > 0) memcpy(ds->idx, demands, (size_t)count * sizeof *demands);
    ds->count = count;
    M->nsets++;
    return LCA_OK;
}

int64_t lca_model_ndemand_sets(const lca_model *M) { return M->nsets; }

const char *lca_model_demand_set_name(const lca_model *M, int64_t s) {
    return M->sets[s].name;
}

const int64_t *lca_model_demand_set(const lca_model *M, int64_t s,
                                    int64_t *count) {
    *count = M->sets[s].count;
    return M->sets[s].idx;
}

lca_status lca_model_lookup_demand_set(const lca_model *M, const char *name,
                                       int64_t *s) {
    *s = find_set(M, name);
    if (*s >= 0) return LCA_OK;
    return lca__fail(M->ctx, LCA_ERR_NOTFOUND, "no demand set is named '%s'",
                     name);
}

lca_status lca_model_set_attr(lca_model *M, const char *key,
                              const char *value) {
    lca_ctx *ctx = M->ctx;
    if (key == NULL || key[0] == '\0' || value == NULL) {
        return lca__fail(ctx, LCA_ERR_ARG, "an attribute needs a key and a "
                         "value");
    }
    char *v = lca__strdup(ctx, value);
    if (v == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    for (int64_t i = 0; i < M->nattrs; i++) {
        if (strcmp(M->attr_keys[i], key) == 0) {
            lca__free(ctx, M->attr_vals[i]);
            M->attr_vals[i] = v;
            return LCA_OK;
        }
    }
    int64_t ck = M->attrs_cap, cv = M->attrs_cap;
    char **keys = lca__grow(ctx, M->attr_keys, &ck, M->nattrs + 1,
                            sizeof *keys);
    if (keys != NULL) M->attr_keys = keys;
    char **vals = lca__grow(ctx, M->attr_vals, &cv, M->nattrs + 1,
                            sizeof *vals);
    if (vals != NULL) M->attr_vals = vals;
    if (keys != NULL && vals != NULL) M->attrs_cap = ck;
    char *k = lca__strdup(ctx, key);
    if (keys == NULL || vals == NULL || k == NULL) {
        lca__free(ctx, v);
        lca__free(ctx, k);
        return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    }
    M->attr_keys[M->nattrs] = k;
    M->attr_vals[M->nattrs] = v;
    M->nattrs++;
    return LCA_OK;
}

const char *lca_model_attr(const lca_model *M, const char *key) {
    for (int64_t i = 0; i < M->nattrs; i++) {
        if (strcmp(M->attr_keys[i], key) == 0) return M->attr_vals[i];
    }
    return NULL;
}

int64_t lca_model_nattrs(const lca_model *M) { return M->nattrs; }

const char *lca_model_attr_key(const lca_model *M, int64_t i) {
    return M->attr_keys[i];
}
