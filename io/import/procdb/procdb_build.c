// io/import/procdb/procdb_build.c: columns, providers, rows and matrix triplets of a
// process database (the rules are at the top of io/import/procdb/procdb_impl.h)
// SPDX-License-Identifier: MIT
//
// Every step is a pass over arrays indexed by process, flow or column:
// sorting the processes by id fixes the columns, one pass over the
// reference exchanges gives each flow its first provider (the tie rule
// falls out of the sorted order), and one pass over all exchanges emits
// the triplets of A and B. Summing and the model are in procdb_model.c.

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/ctx_impl.h"
#include "io/import/procdb/procdb_build_impl.h"

lca_status lca__pdb_report_add(lca__pdb_build *b, const char *kind,
                               const char *id, const char *name,
                               const char *fmt, ...) {
    char detail[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    void *grown = lca__grow(b->ctx, b->reports, &b->report_cap,
                            b->nreports + 1, sizeof *b->reports);
    if (grown == NULL) return LCA_ERR_NOMEM;
    b->reports = grown;
    lca__pdb_report *r = &b->reports[b->nreports];
    r->kind = lca__strpool_add(b->db->pool, kind);
    r->id = lca__strpool_add(b->db->pool, id);
    r->name = lca__strpool_add(b->db->pool, name);
    r->detail = lca__strpool_add(b->db->pool, detail);
    if (!r->kind || !r->id || !r->name || !r->detail) return LCA_ERR_NOMEM;
    b->nreports++;
    return LCA_OK;
}

// The sign rule, before the waste rule: output +, input -, avoided flips.
static double exchange_sign(const lca__pdb_exchange *e) {
    return (e->input ? -1.0 : 1.0) * (e->avoided ? -1.0 : 1.0);
}

static double signed_amount(const lca__pdb_exchange *e) {
    return exchange_sign(e) * e->amount;
}

typedef struct id_index {
    const char *id;
    int64_t index;
} id_index;

static int by_id(const void *a, const void *b) {
    return strcmp(((const id_index *)a)->id, ((const id_index *)b)->id);
}

// The reference exchange of process p into *ref, or -1 when there is none
// or its amount is 0 (the process is dropped and reported).
static lca_status find_reference(lca__pdb_build *b, int64_t p,
                                 int64_t *ref) {
    const lca__procdb *db = b->db;
    const lca__pdb_process *P = &db->procs[p];
    int64_t nref = 0;
    *ref = -1;
    for (int64_t e = P->first; e < P->first + P->count; e++) {
        if (!db->ex[e].reference) continue;
        nref++;
        *ref = e;
    }
    if (nref > 1) {
        return lca__fail(b->ctx, LCA_ERR_INVALID, "%s: %s: process %s has "
                         "%lld reference exchanges (one is needed: allocate "
                         "multi-output processes first)", db->source,
                         P->entry, P->id, (long long)nref);
    }
    if (nref == 1 && db->flows[db->ex[*ref].flow].kind ==
                         LCA__PDB_ELEMENTARY) {
        return lca__fail(b->ctx, LCA_ERR_INVALID, "%s: %s: process %s has "
                         "an elementary flow (%s) as its reference",
                         db->source, P->entry, P->id,
                         db->flows[db->ex[*ref].flow].id);
    }
    const char *why = nref == 0 ? "has no reference product"
                      : db->ex[*ref].amount == 0.0 ? "has a reference amount "
                                                     "of 0"
                                                   : NULL;
    if (why == NULL) return LCA_OK;
    *ref = -1;
    return lca__pdb_report_add(b, "dropped process", P->id, P->name,
                               "%s %s; left out, and exchanges it would "
                               "provide are cut off", P->entry, why);
}

// The columns of process p (reference exchange ref) as planned: its
// reference product, then any co-products a partition gave a column.
static lca_status add_columns(lca__pdb_build *b, int64_t p, int64_t ref) {
    const lca__procdb *db = b->db;
    int64_t k = 1;
    lca_status st = lca__pdb_alloc_plan(b, p, ref, &k);
    if (st != LCA_OK) return st;
    b->proc_col[p] = b->n;
    b->proc_ncols[p] = k;
    for (int64_t q = 0; q < k; q++) {
        const lca__pdb_exchange *x = &db->ex[b->plan_ex[q]];
        b->col_proc[b->n] = p;
        b->col_ref[b->n] = b->plan_ex[q];
        b->col_factor[b->n] = b->plan_w[q];
        b->col_id[b->n] = db->procs[p].id;
        b->col_name[b->n] = db->procs[p].name;
        if (q > 0) {
            char id[1024];
            snprintf(id, sizeof id, "%s/%s", db->procs[p].id,
                     db->flows[x->flow].id);
            b->col_id[b->n] = lca__strpool_add(db->pool, id);
            b->col_name[b->n] = db->flows[x->flow].name;
            if (b->col_id[b->n] == NULL) return LCA_ERR_NOMEM;
        }
        b->row_sign[b->n] = signed_amount(x) < 0 ? -1.0 : 1.0;
        b->n++;
    }
    return k > 1 ? lca__pdb_alloc_report(b, p) : LCA_OK;
}

// Columns: the processes with one reference exchange, sorted by id, each
// followed by its co-products' columns when it is split.
static lca_status make_columns(lca__pdb_build *b) {
    const lca__procdb *db = b->db;
    id_index *order = lca__malloc(b->ctx, (size_t)db->nprocs, sizeof *order);
    if (order == NULL) return lca__fail(b->ctx, LCA_ERR_NOMEM, "out of memory");
    for (int64_t p = 0; p < db->nprocs; p++) {
        order[p].id = db->procs[p].id;
        order[p].index = p;
        b->proc_col[p] = -1;
        b->proc_method[p] = -1;
    }
    if (db->nprocs > 1) {
        qsort(order, (size_t)db->nprocs, sizeof *order, by_id);
    }
    lca_status st = LCA_OK;
    for (int64_t k = 0; k < db->nprocs && st == LCA_OK; k++) {
        int64_t p = order[k].index, ref = -1;
        st = find_reference(b, p, &ref);
        if (st == LCA_OK && ref >= 0) st = add_columns(b, p, ref);
    }
    lca__free(b->ctx, order);
    return st;
}

// The first provider of each flow, by column (= sorted process id) order.
static void find_providers(lca__pdb_build *b) {
    for (int64_t f = 0; f < b->db->nflows; f++) b->provider[f] = -1;
    for (int64_t j = 0; j < b->n; j++) {
        int64_t f = b->db->ex[b->col_ref[j]].flow;
        if (b->provider[f] < 0) b->provider[f] = j;
        b->nprov[f]++;
    }
}

// B rows: the elementary flows of kept processes, sorted by flow id.
static lca_status make_rows(lca__pdb_build *b) {
    const lca__procdb *db = b->db;
    for (int64_t f = 0; f < db->nflows; f++) b->brow[f] = -1;
    for (int64_t j = 0; j < b->n; j++) {
        const lca__pdb_process *P = &db->procs[b->col_proc[j]];
        for (int64_t e = P->first; e < P->first + P->count; e++) {
            int64_t f = db->ex[e].flow;
            if (db->flows[f].kind != LCA__PDB_ELEMENTARY || b->brow[f] == 0) {
                continue;
            }
            b->brow[f] = 0;  // used; numbered below
            b->m++;
        }
    }
    id_index *rows = lca__malloc(b->ctx, (size_t)b->m, sizeof *rows);
    b->brow_flow = lca__malloc(b->ctx, (size_t)b->m, sizeof *b->brow_flow);
    if (rows == NULL || b->brow_flow == NULL) {
        lca__free(b->ctx, rows);
        return lca__fail(b->ctx, LCA_ERR_NOMEM, "out of memory");
    }
    int64_t i = 0;
    for (int64_t f = 0; f < db->nflows; f++) {
        if (b->brow[f] == 0) rows[i++] = (id_index){db->flows[f].id, f};
    }
    if (b->m > 1) qsort(rows, (size_t)b->m, sizeof *rows, by_id);
    for (i = 0; i < b->m; i++) {
        b->brow[rows[i].index] = i;
        b->brow_flow[i] = rows[i].index;
    }
    lca__free(b->ctx, rows);
    return LCA_OK;
}

// The row of A that exchange e of column j links to, or -1 (cut off).
static lca_status find_row(lca__pdb_build *b, int64_t j, int64_t e,
                       int64_t *row) {
    const lca__procdb *db = b->db;
    const lca__pdb_exchange *x = &db->ex[e];
    const lca__pdb_flow *F = &db->flows[x->flow];
    *row = lca__pdb_alloc_credit_row(b, j, e);
    if (*row >= 0) return LCA_OK;
    if (x->provider != NULL) {
        int64_t p = lca__strmap_get(db->process_ids, x->provider);
        int64_t c = p >= 0 ? b->proc_col[p] : -1;
        for (int64_t q = 0; c >= 0 && q < b->proc_ncols[p]; q++) {
            if (db->ex[b->col_ref[c + q]].flow != x->flow) continue;
            *row = c + q;
            return LCA_OK;
        }
        lca_status st = lca__pdb_report_add(
            b, "provider ignored", x->provider, F->name,
            "process %s: the default provider of flow %s is not a process "
            "of this import providing it; linked by flow id instead",
            b->col_id[j], F->id);
        if (st != LCA_OK) return st;
    }
    *row = b->provider[x->flow];
    if (*row >= 0 && b->nprov[x->flow] > 1) b->nlinks[x->flow]++;
    if (*row >= 0) return LCA_OK;
    return lca__pdb_report_add(b, x->input ? "unlinked input" : "unlinked "
                               "output", F->id, F->name,
                               "process %s (%s): %.6g %s cut off",
                               b->col_id[j], b->col_name[j],
                               x->amount * b->col_factor[j], F->unit);
}

// Append one triplet to T; its record must describe value, else it is
// reported and replaced by none (pedigree kept).
static lca_status emit(lca__pdb_build *b, lca__pdb_triplets *T, int64_t i,
                       int64_t j, int64_t e, double value,
                       lca_uncertainty u) {
    char why[96];
    if (!lca_uncertainty_valid(&u, value, why, sizeof why)) {
        const lca__procdb *db = b->db;
        const lca__pdb_flow *F = &db->flows[db->ex[e].flow];
        lca_status st = lca__pdb_report_add(
            b, "uncertainty dropped", b->col_id[j], F->name,
            "flow %s: %s distribution: %s", F->id,
            lca_dist_str((lca_dist)u.dist), why);
        if (st != LCA_OK) return st;
        uint8_t ped[5];
        memcpy(ped, u.pedigree, 5);
        u = lca_uncertainty_none();
        memcpy(u.pedigree, ped, 5);
    }
    int64_t k = T->count++;
    T->i[k] = i;
    T->j[k] = j;
    T->ex[k] = e;
    T->x[k] = value;
    T->u[k] = u;
    return LCA_OK;
}

// The triplets of column j: its diagonal exchange as given, every other
// exchange times the column's share, and none of the other outputs of a
// split process (they are the diagonals of its other columns).
static lca_status column(lca__pdb_build *b, int64_t j) {
    const lca__procdb *db = b->db;
    int64_t p = b->col_proc[j], ref = b->col_ref[b->proc_col[p]];
    const lca__pdb_process *P = &db->procs[p];
    int split = b->proc_ncols[p] > 1;
    double f = b->col_factor[j];
    lca_status st = LCA_OK;
    for (int64_t e = P->first; e < P->first + P->count && st == LCA_OK;
         e++) {
        const lca__pdb_exchange *x = &db->ex[e];
        int diagonal = e == b->col_ref[j];
        if (split && !diagonal &&
            (e == ref || lca__pdb_is_coproduct(b, e, ref))) {
            continue;
        }
        double scale = exchange_sign(x) * (diagonal ? 1.0 : f);
        double v = scale * x->amount;
        lca_uncertainty u = x->u;
        lca__pdb_unc_scale(&u, scale);
        if (db->flows[x->flow].kind == LCA__PDB_ELEMENTARY) {
            st = emit(b, &b->B, b->brow[x->flow], j, e, v, u);
            continue;
        }
        int64_t row = j;
        if (!diagonal) st = find_row(b, j, e, &row);
        if (st != LCA_OK || row < 0) continue;
        lca__pdb_unc_scale(&u, b->row_sign[row]);
        st = emit(b, &b->A, row, j, e, b->row_sign[row] * v, u);
    }
    return st;
}

static lca_status alloc_triplets(lca_ctx *ctx, lca__pdb_triplets *T,
                                 int64_t cap) {
    T->i = lca__malloc(ctx, (size_t)cap, sizeof *T->i);
    T->j = lca__malloc(ctx, (size_t)cap, sizeof *T->j);
    T->ex = lca__malloc(ctx, (size_t)cap, sizeof *T->ex);
    T->x = lca__malloc(ctx, (size_t)cap, sizeof *T->x);
    T->u = lca__malloc(ctx, (size_t)cap, sizeof *T->u);
    if (T->i && T->j && T->ex && T->x && T->u) return LCA_OK;
    return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory for %lld exchanges",
                     (long long)cap);
}

static lca_status alloc_build(lca__pdb_build *b) {
    const lca__procdb *db = b->db;
    size_t np = (size_t)db->nprocs, nf = (size_t)db->nflows;
    size_t nc = np + (size_t)db->nex, most = 1;  // columns: at most np + nex
    for (int64_t p = 0; p < db->nprocs; p++) {
        if ((size_t)db->procs[p].count + 1 > most) {
            most = (size_t)db->procs[p].count + 1;
        }
    }
    b->col_proc = lca__malloc(b->ctx, nc, sizeof *b->col_proc);
    b->col_ref = lca__malloc(b->ctx, nc, sizeof *b->col_ref);
    b->col_factor = lca__malloc(b->ctx, nc, sizeof *b->col_factor);
    b->col_id = lca__malloc(b->ctx, nc, sizeof *b->col_id);
    b->col_name = lca__malloc(b->ctx, nc, sizeof *b->col_name);
    b->row_sign = lca__malloc(b->ctx, nc, sizeof *b->row_sign);
    b->proc_col = lca__malloc(b->ctx, np, sizeof *b->proc_col);
    b->proc_ncols = lca__calloc(b->ctx, np, sizeof *b->proc_ncols);
    b->proc_method = lca__malloc(b->ctx, np, sizeof *b->proc_method);
    b->plan_ex = lca__malloc(b->ctx, most, sizeof *b->plan_ex);
    b->plan_w = lca__malloc(b->ctx, most, sizeof *b->plan_w);
    b->provider = lca__malloc(b->ctx, nf, sizeof *b->provider);
    b->nprov = lca__calloc(b->ctx, nf, sizeof *b->nprov);
    b->chosen = lca__malloc(b->ctx, nf + 1, sizeof *b->chosen);
    b->nlinks = lca__calloc(b->ctx, nf, sizeof *b->nlinks);
    b->brow = lca__malloc(b->ctx, nf, sizeof *b->brow);
    if (!b->col_proc || !b->col_ref || !b->col_factor || !b->col_id ||
        !b->col_name || !b->row_sign || !b->proc_col || !b->proc_ncols ||
        !b->proc_method || !b->plan_ex || !b->plan_w || !b->provider ||
        !b->nprov || !b->nlinks || !b->brow || !b->chosen) {
        return lca__fail(b->ctx, LCA_ERR_NOMEM, "out of memory");
    }
    lca_status st = alloc_triplets(b->ctx, &b->A, db->nex);
    if (st == LCA_OK) st = alloc_triplets(b->ctx, &b->B, db->nex);
    return st;
}

lca_status lca__pdb_collect(lca__pdb_build *b) {
    lca_status st = alloc_build(b);
    if (st == LCA_OK) st = lca__pdb_alloc_init(b);
    if (st == LCA_OK) st = make_columns(b);
    if (st == LCA_OK) {
        find_providers(b);
        st = lca__pdb_apply_choices(b);
    }
    if (st == LCA_OK) st = lca__pdb_alloc_substitution(b);
    if (st == LCA_OK) st = make_rows(b);
    for (int64_t j = 0; j < b->n && st == LCA_OK; j++) st = column(b, j);
    return st;
}

static void free_triplets(lca_ctx *ctx, lca__pdb_triplets *T) {
    lca__free(ctx, T->i);
    lca__free(ctx, T->j);
    lca__free(ctx, T->ex);
    lca__free(ctx, T->x);
    lca__free(ctx, T->u);
}

void lca__pdb_build_free(lca__pdb_build *b) {
    lca_ctx *ctx = b->ctx;
    lca__free(ctx, b->col_proc);
    lca__free(ctx, b->col_ref);
    lca__free(ctx, b->col_factor);
    lca__free(ctx, b->col_id);
    lca__free(ctx, b->col_name);
    lca__free(ctx, b->row_sign);
    lca__free(ctx, b->proc_col);
    lca__free(ctx, b->proc_ncols);
    lca__free(ctx, b->proc_method);
    lca__free(ctx, b->plan_ex);
    lca__free(ctx, b->plan_w);
    lca__strmap_destroy(&b->overrides);
    lca__free(ctx, b->provider);
    lca__free(ctx, b->nprov);
    lca__free(ctx, b->chosen);
    lca__free(ctx, b->nlinks);
    lca__free(ctx, b->brow);
    lca__free(ctx, b->brow_flow);
    lca__free(ctx, b->reports);
    free_triplets(ctx, &b->A);
    free_triplets(ctx, &b->B);
}
