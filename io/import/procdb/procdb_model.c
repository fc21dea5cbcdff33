// io/import/procdb/procdb_model.c: from collected triplets to the model (matrices,
// uncertainty records aligned with their nonzeros, labels, report)
// SPDX-License-Identifier: MIT
//
// lca_csc_from_triplets_map sums duplicate entries and says where each
// triplet went; the triplets of each position are then grouped by a
// counting sort, so that an entry made of several exchanges gets one
// record by the rule in procdb_unc.c.

#include <string.h>

#include "engine/ctx_impl.h"
#include "io/import/procdb/procdb_build_impl.h"

#define LINKING_RULE                                                        \
    "one column per process (sorted by id), row = its reference flow; "   \
    "product and waste exchanges link to the default provider, else to "  \
    "the process with that reference flow (ties: first by sorted process " \
    "id); unlinked exchanges are cut off (see the import report)"

// Report an entry made of k exchanges whose uncertainty did not combine.
static lca_status report_combined(lca__pdb_build *b,
                                  const lca__pdb_triplets *T, int64_t k0,
                                  int64_t k) {
    const lca__procdb *db = b->db;
    const lca__pdb_flow *F = &db->flows[db->ex[T->ex[k0]].flow];
    return lca__pdb_report_add(b, "uncertainty dropped", b->col_id[T->j[k0]],
                               F->name,
                               "flow %s: %lld exchanges summed into one "
                               "entry; their uncertainty cannot be combined "
                               "exactly", F->id, (long long)k);
}

// One record per entry p from the triplets at order[start[p] ..
// start[p+1]-1]; u and x are scratch space for the largest group.
static lca_status combine_all(lca__pdb_build *b, const lca__pdb_triplets *T,
                              int64_t nnz, const int64_t *start,
                              const int64_t *order, lca_uncertainty *u,
                              double *x, lca_uncertainty *rec) {
    lca_status st = LCA_OK;
    for (int64_t p = 0; p < nnz && st == LCA_OK; p++) {
        int64_t k = start[p + 1] - start[p];
        if (k == 1) {
            rec[p] = T->u[order[start[p]]];
            continue;
        }
        for (int64_t q = 0; q < k; q++) {
            u[q] = T->u[order[start[p] + q]];
            x[q] = T->x[order[start[p] + q]];
        }
        if (!lca__pdb_unc_combine(u, x, k, &rec[p])) {
            st = report_combined(b, T, order[start[p]], k);
        }
    }
    return st;
}

// The records of X, whose triplet k went to position map[k].
static lca_status make_records(lca__pdb_build *b, const lca__pdb_triplets *T,
                               const lca_csc *X, const int64_t *map,
                               lca_uncertainty **rec) {
    lca_ctx *ctx = b->ctx;
    int64_t nnz = lca_csc_nnz(X), most = 1;
    int64_t *start = lca__calloc(ctx, (size_t)nnz + 1, sizeof *start);
    int64_t *next = lca__malloc(ctx, (size_t)nnz + 1, sizeof *next);
    int64_t *order = lca__malloc(ctx, (size_t)T->count, sizeof *order);
    lca_uncertainty *u = NULL;
    double *x = NULL;
    *rec = lca__malloc(ctx, (size_t)nnz, sizeof **rec);
    lca_status st = LCA_ERR_NOMEM;
    if (!start || !next || !order || !*rec) goto done;
    for (int64_t k = 0; k < T->count; k++) start[map[k] + 1]++;
    for (int64_t p = 0; p < nnz; p++) {
        if (start[p + 1] > most) most = start[p + 1];
        start[p + 1] += start[p];
    }
    memcpy(next, start, ((size_t)nnz + 1) * sizeof *next);
    for (int64_t k = 0; k < T->count; k++) order[next[map[k]]++] = k;
    u = lca__malloc(ctx, (size_t)most, sizeof *u);
    x = lca__malloc(ctx, (size_t)most, sizeof *x);
    if (!u || !x) goto done;
    st = combine_all(b, T, nnz, start, order, u, x, *rec);
done:
    if (st == LCA_ERR_NOMEM) lca__fail(ctx, st, "out of memory");
    if (st != LCA_OK) {
        lca__free(ctx, *rec);
        *rec = NULL;
    }
    lca__free(ctx, start);
    lca__free(ctx, next);
    lca__free(ctx, order);
    lca__free(ctx, u);
    lca__free(ctx, x);
    return st;
}

// X (m x n) from the triplets T, and its records.
static lca_status make_matrix(lca__pdb_build *b, const lca__pdb_triplets *T,
                              int64_t m, lca_csc **X, lca_uncertainty **rec) {
    int64_t *map = lca__malloc(b->ctx, (size_t)T->count, sizeof *map);
    *rec = NULL;
    if (map == NULL) return lca__fail(b->ctx, LCA_ERR_NOMEM, "out of memory");
    lca_status st = lca_csc_from_triplets_map(b->ctx, m, b->n, T->count,
                                              T->i, T->j, T->x, X, map);
    if (st == LCA_OK) st = make_records(b, T, *X, map, rec);
    lca__free(b->ctx, map);
    return st;
}

// Labels of one axis: value(b, i, label) for each of count entries.
typedef const char *(*label_fn)(const lca__pdb_build *b, int64_t i,
                                lca_label l);

static const char *product_label(const lca__pdb_build *b, int64_t j,
                                 lca_label l) {
    if (l == LCA_LABEL_ID) return b->col_id[j];
    if (l == LCA_LABEL_NAME) return b->col_name[j];
    if (l == LCA_LABEL_REGION) return b->db->procs[b->col_proc[j]].location;
    if (l == LCA_LABEL_PERIOD) return b->db->procs[b->col_proc[j]].period;
    return b->db->flows[b->db->ex[b->col_ref[j]].flow].unit;
}

static const char *flow_label(const lca__pdb_build *b, int64_t i,
                              lca_label l) {
    const lca__pdb_flow *F = &b->db->flows[b->brow_flow[i]];
    switch (l) {
    case LCA_LABEL_ID: return F->id;
    case LCA_LABEL_NAME: return F->name;
    case LCA_LABEL_UNIT: return F->unit;
    case LCA_LABEL_COMPARTMENT: return F->compartment;
    case LCA_LABEL_CAS: return F->cas;
    case LCA_LABEL_SPLIT:   // indicators only
    case LCA_LABEL_REGION:  // products only
    case LCA_LABEL_PERIOD: break;
    }
    return "";
}

static lca_status set_labels(lca_model *M, const lca__pdb_build *b,
                             lca_axis axis, int nlabels,
                             const lca_label *labels, label_fn value) {
    int64_t count = lca_model_dim(M, axis);
    const char **v = lca__malloc(b->ctx, (size_t)count, sizeof *v);
    if (v == NULL) return lca__fail(b->ctx, LCA_ERR_NOMEM, "out of memory");
    lca_status st = LCA_OK;
    for (int l = 0; l < nlabels && st == LCA_OK; l++) {
        for (int64_t i = 0; i < count; i++) v[i] = value(b, i, labels[l]);
        st = lca_model_set_labels(M, axis, labels[l], v);
    }
    lca__free(b->ctx, v);
    return st;
}

// The report, the tallies and the attributes onto M.
static lca_status add_report(lca_model *M, lca__pdb_build *b,
                             const char *importer) {
    const lca__procdb *db = b->db;
    lca_status st = lca__pdb_report_ties(b);
    for (int64_t t = 0; t < db->ntallies && st == LCA_OK; t++) {
        st = lca__pdb_report_add(b, "uncertainty dropped", "",
                                 db->tallies[t].reason, "%lld exchanges; "
                                 "imported as fixed amounts",
                                 (long long)db->tallies[t].count);
    }
    for (int64_t r = 0; r < b->nreports && st == LCA_OK; r++) {
        const lca__pdb_report *R = &b->reports[r];
        st = lca_model_add_report(M, R->kind, R->id, R->name, R->detail);
    }
    if (st == LCA_OK) st = lca_model_set_attr(M, "importer", importer);
    if (st == LCA_OK) st = lca_model_set_attr(M, "source", db->source);
    if (st == LCA_OK) st = lca_model_set_attr(M, "linking", LINKING_RULE);
    // Inputs from nature are negative entries of B (docs/FORMAT.md,
    // "Signs"); lca_method_apply turns the factors of resources round.
    if (st == LCA_OK) st = lca_model_set_attr(M, "elementary_inputs", "negative");
    if (st == LCA_OK) st = lca__pdb_alloc_finish(b, M);
    if (st == LCA_OK) st = lca__pdb_tie_attrs(b, M);
    return st;
}

static lca_status assemble(lca__pdb_build *b, const char *importer,
                           lca_model **M) {
    lca_csc *A = NULL, *B = NULL, *C = NULL;
    lca_uncertainty *ua = NULL, *ub = NULL;
    lca_status st = make_matrix(b, &b->A, b->n, &A, &ua);
    if (st == LCA_OK) st = make_matrix(b, &b->B, b->m, &B, &ub);
    if (st == LCA_OK) st = lca_csc_create(b->ctx, 0, b->m, 0, &C);
    if (st == LCA_OK) st = lca_model_create(b->ctx, LCA_TECHNOSPHERE, A, B,
                                            C, M);
    static const lca_label pl[] = {LCA_LABEL_ID, LCA_LABEL_NAME,
                                   LCA_LABEL_UNIT, LCA_LABEL_REGION,
                                   LCA_LABEL_PERIOD};
    static const lca_label fl[] = {LCA_LABEL_ID, LCA_LABEL_NAME,
                                   LCA_LABEL_UNIT, LCA_LABEL_COMPARTMENT,
                                   LCA_LABEL_CAS};
    if (st == LCA_OK) st = set_labels(*M, b, LCA_PRODUCTS, 5, pl, product_label);
    if (st == LCA_OK) st = set_labels(*M, b, LCA_FLOWS, 5, fl, flow_label);
    if (st == LCA_OK) st = lca_model_set_uncertainty(*M, LCA_MATRIX_A, ua);
    if (st == LCA_OK) st = lca_model_set_uncertainty(*M, LCA_MATRIX_B, ub);
    if (st == LCA_OK) st = add_report(*M, b, importer);
    if (st == LCA_OK) st = lca_model_check(*M);
    lca_csc_destroy(&A);
    lca_csc_destroy(&B);
    lca_csc_destroy(&C);
    lca__free(b->ctx, ua);
    lca__free(b->ctx, ub);
    return st;
}

lca_status lca__procdb_build(lca__procdb *db, const char *importer,
                             const lca_procdb_options *opt, lca_model **M) {
    lca__pdb_build b;
    lca_alloc_options none;
    lca_alloc_options_default(&none);
    memset(&b, 0, sizeof b);
    b.db = db;
    b.alloc = opt != NULL && opt->alloc != NULL ? opt->alloc : &none;
    b.choices = opt != NULL ? opt->providers : NULL;
    b.nchoices = opt != NULL ? opt->nproviders : 0;
    b.ctx = db->ctx;
    *M = NULL;
    lca_model *T = NULL;
    lca_status st = lca__pdb_collect(&b);
    if (st == LCA_OK) st = assemble(&b, importer, &T);
    if (st == LCA_OK) {
        *M = T;
        T = NULL;
    }
    lca_model_destroy(&T);
    lca__pdb_build_free(&b);
    return st;
}
