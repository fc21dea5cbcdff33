// io/import/procdb/procdb_alloc.c: allocation of multi-output processes
// (the methods and their maths are at the top of include/lca/alloc.h)
// SPDX-License-Identifier: MIT
//
// A plan per process, made while the columns are laid out: the outputs
// that get a column (the reference product first, then the co-products
// in the order of the file) and each column's share f_k = w_k / sum w.
// The share then scales every other exchange of the process as its
// triplets are emitted (procdb_build.c), so nothing is allocated twice
// and the columns of a process sum to the unallocated process by
// construction. A process whose data do not support the method asked is
// imported unallocated and reported, never allocated on made-up numbers.

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "engine/ctx_impl.h"
#include "io/import/procdb/procdb_build_impl.h"

// "in RULE: " when the override names its origin, for messages.
static const char *origin_of(const lca_alloc_override *o, char *buf,
                             size_t size) {
    buf[0] = '\0';
    if (o != NULL && o->origin != NULL && o->origin[0] != '\0') {
        snprintf(buf, size, "%s: ", o->origin);
    }
    return buf;
}

lca_status lca__pdb_alloc_init(lca__pdb_build *b) {
    const lca_alloc_options *a = b->alloc;
    lca_status st = lca__strmap_create(b->ctx, &b->overrides);
    for (int64_t i = 0; i < a->noverrides && st == LCA_OK; i++) {
        const lca_alloc_override *o = &a->overrides[i];
        char where[320];
        origin_of(o, where, sizeof where);
        if (o->process == NULL ||
            lca__strmap_get(b->db->process_ids, o->process) < 0) {
            return lca__fail(b->ctx, LCA_ERR_INVALID, "%sallocation of "
                             "process '%s': no such process in %s", where,
                             o->process ? o->process : "(null)",
                             b->db->source);
        }
        if ((unsigned)o->method >= LCA_NALLOC) {
            return lca__fail(b->ctx, LCA_ERR_INVALID, "%sallocation of "
                             "process %s: unknown method %d", where,
                             o->process, (int)o->method);
        }
        int64_t old = -1;
        st = lca__strmap_put(b->overrides, o->process, i, &old);
        if (st == LCA_OK && old >= 0) {
            char w2[320];
            return lca__fail(b->ctx, LCA_ERR_INVALID, "%sprocess %s is "
                             "allocated twice (also %sas %s)", where,
                             o->process, origin_of(&a->overrides[old], w2,
                                                   sizeof w2),
                             lca_alloc_method_str(a->overrides[old].method));
        }
    }
    return st;
}

static const lca_alloc_override *override_of(const lca__pdb_build *b,
                                             int64_t p) {
    int64_t i = lca__strmap_get(b->overrides, b->db->procs[p].id);
    return i >= 0 ? &b->alloc->overrides[i] : NULL;
}

int lca__pdb_is_coproduct(const lca__pdb_build *b, int64_t e, int64_t ref) {
    const lca__pdb_exchange *x = &b->db->ex[e];
    return e != ref && !x->input && !x->avoided && x->amount > 0.0 &&
           b->db->flows[x->flow].kind == LCA__PDB_PRODUCT;
}

// Price of flow f: the override's, the options', else the exchange's.
static int price_of(const lca__pdb_build *b, const lca_alloc_override *o,
                    const lca__pdb_exchange *x, double *price) {
    const char *id = b->db->flows[x->flow].id;
    for (int64_t i = 0; o != NULL && i < o->nprices; i++) {
        if (strcmp(o->prices[i].flow, id) == 0) {
            *price = o->prices[i].price;
            return 1;
        }
    }
    for (int64_t i = 0; i < b->alloc->nprices; i++) {
        if (strcmp(b->alloc->prices[i].flow, id) == 0) {
            *price = b->alloc->prices[i].price;
            return 1;
        }
    }
    *price = x->price;
    return x->has_price;
}

// The data's factor of output flow f in process p (kind: source_kind if
// the process has any of it, else the other kind).
static int source_factor(const lca__pdb_build *b, int64_t p, int64_t f,
                         double *w) {
    const lca__procdb *db = b->db;
    const lca__pdb_process *P = &db->procs[p];
    int kind = P->source_kind, have = 0, found = 0;
    for (int64_t i = P->ffirst; i < P->ffirst + P->fcount; i++) {
        have |= db->factors[i].economic == kind;
    }
    if (!have) kind = !kind;
    for (int64_t i = P->ffirst; i < P->ffirst + P->fcount; i++) {
        if (db->factors[i].economic == kind && db->factors[i].flow == f) {
            *w = db->factors[i].value;
            found = 1;
        }
    }
    return found;
}

// The weight of output exchange e: w = a m, a e, a p, or the data's
// factor. Returns 0 (and the reason in why) when the data lack it.
static int weight(const lca__pdb_build *b, int64_t p, lca_alloc_method m,
                  int64_t e, double *w, char *why, size_t size) {
    const lca__pdb_exchange *x = &b->db->ex[e];
    const lca__pdb_flow *F = &b->db->flows[x->flow];
    double v = 0.0;
    int ok = 0;
    switch (m) {
    case LCA_ALLOC_MASS: ok = F->mass > 0.0; v = x->amount * F->mass; break;
    case LCA_ALLOC_ENERGY:
        ok = F->energy > 0.0;
        v = x->amount * F->energy;
        break;
    case LCA_ALLOC_ECONOMIC:
        ok = price_of(b, override_of(b, p), x, &v);
        v *= x->amount;
        break;
    default: ok = source_factor(b, p, x->flow, &v); break;
    }
    *w = v;
    if (!ok) {
        const char *lack = m == LCA_ALLOC_MASS     ? "no mass"
                           : m == LCA_ALLOC_ENERGY ? "no energy content"
                           : m == LCA_ALLOC_ECONOMIC ? "no price"
                                                     : "no allocation factor";
        snprintf(why, size, "output %s (%s) has %s", F->id, F->name, lack);
    }
    return ok;
}

// Import p unallocated and say why.
static lca_status fallback(lca__pdb_build *b, int64_t p, lca_alloc_method m,
                           const char *why, int64_t *k) {
    const lca__pdb_process *P = &b->db->procs[p];
    b->proc_method[p] = LCA_ALLOC_NONE;
    *k = 1;
    b->plan_w[0] = 1.0;
    return lca__pdb_report_add(b, "allocation fallback", P->id, P->name,
                               "%s allocation asked, but %s; imported "
                               "unallocated (all on the reference product)",
                               lca_alloc_method_str(m), why);
}

// The weights of outputs plan_ex[0..k) into plan_w, as shares summing to 1.
static lca_status partition(lca__pdb_build *b, int64_t p, lca_alloc_method m,
                            int64_t *k) {
    const lca__procdb *db = b->db;
    char why[400];
    double sum = 0.0;
    if (db->ex[b->plan_ex[0]].input || db->ex[b->plan_ex[0]].amount <= 0.0) {
        return fallback(b, p, m, "the reference is not a product output", k);
    }
    for (int64_t q = 0; q < *k; q++) {
        for (int64_t r = 0; r < q; r++) {
            if (db->ex[b->plan_ex[r]].flow == db->ex[b->plan_ex[q]].flow) {
                snprintf(why, sizeof why, "flow %s is put out twice",
                         db->flows[db->ex[b->plan_ex[q]].flow].id);
                return fallback(b, p, m, why, k);
            }
        }
        if (!weight(b, p, m, b->plan_ex[q], &b->plan_w[q], why, sizeof why)) {
            return fallback(b, p, m, why, k);
        }
        if (!(b->plan_w[q] >= 0.0) || !isfinite(b->plan_w[q])) {
            snprintf(why, sizeof why, "output %s has a weight of %g",
                     db->flows[db->ex[b->plan_ex[q]].flow].id, b->plan_w[q]);
            return fallback(b, p, m, why, k);
        }
        sum += b->plan_w[q];
    }
    if (!(sum > 0.0) || !isfinite(sum)) {
        return fallback(b, p, m, "the outputs' weights sum to 0", k);
    }
    for (int64_t q = 0; q < *k; q++) b->plan_w[q] /= sum;
    b->proc_method[p] = (signed char)m;
    return LCA_OK;
}

lca_status lca__pdb_alloc_plan(lca__pdb_build *b, int64_t p, int64_t ref,
                               int64_t *k) {
    const lca__pdb_process *P = &b->db->procs[p];
    const lca_alloc_override *o = override_of(b, p);
    b->plan_ex[0] = ref;
    b->plan_w[0] = 1.0;
    *k = 1;
    for (int64_t e = P->first; e < P->first + P->count; e++) {
        if (lca__pdb_is_coproduct(b, e, ref)) b->plan_ex[(*k)++] = e;
    }
    lca_alloc_method m = o != NULL ? o->method : b->alloc->method;
    if (*k == 1) {
        *k = 1;
        if (o == NULL) return LCA_OK;
        return lca__pdb_report_add(b, "allocation ignored", P->id, P->name,
                                   "%s allocation asked, but the process "
                                   "has no co-products",
                                   lca_alloc_method_str(m));
    }
    if (m == LCA_ALLOC_NONE || m == LCA_ALLOC_SUBSTITUTION) {
        b->proc_method[p] = (signed char)m;
        *k = 1;
        return LCA_OK;
    }
    return partition(b, p, m, k);
}

// The column of process id whose diagonal flow is the reference of that
// process, checked against co-product flow f; -1 and the message on error.
static lca_status credit_column(lca__pdb_build *b, const lca_alloc_override *o,
                                const char *process, int64_t f,
                                int64_t *col) {
    char where[320];
    origin_of(o, where, sizeof where);
    int64_t q = lca__strmap_get(b->db->process_ids, process);
    *col = q >= 0 ? b->proc_col[q] : -1;
    if (*col < 0) {
        return lca__fail(b->ctx, LCA_ERR_INVALID, "%sprocess %s: the "
                         "provider %s named for %s is not a process of this "
                         "import", where, o->process, process,
                         b->db->flows[f].id);
    }
    const char *u = b->db->flows[b->db->ex[b->col_ref[*col]].flow].unit;
    if (strcmp(u, b->db->flows[f].unit) != 0) {
        return lca__fail(b->ctx, LCA_ERR_INVALID, "%sprocess %s: provider "
                         "%s makes '%s', co-product %s is in '%s'", where,
                         o->process, process, u, b->db->flows[f].id,
                         b->db->flows[f].unit);
    }
    return LCA_OK;
}

int64_t lca__pdb_alloc_credit_row(const lca__pdb_build *b, int64_t j,
                                  int64_t e) {
    int64_t p = b->col_proc[j];
    if (b->proc_method[p] != LCA_ALLOC_SUBSTITUTION ||
        !lca__pdb_is_coproduct(b, e, b->col_ref[b->proc_col[p]])) {
        return -1;
    }
    const lca_alloc_override *o = override_of(b, p);
    const char *id = b->db->flows[b->db->ex[e].flow].id;
    for (int64_t i = 0; o != NULL && i < o->nproviders; i++) {
        if (strcmp(o->providers[i].flow, id) != 0) continue;
        int64_t q = lca__strmap_get(b->db->process_ids,
                                    o->providers[i].process);
        return q >= 0 ? b->proc_col[q] : -1;
    }
    return -1;
}

// Check the co-products of substitution process p (column j).
static lca_status substitute(lca__pdb_build *b, int64_t p, int64_t j) {
    const lca__pdb_process *P = &b->db->procs[p];
    const lca_alloc_override *o = override_of(b, p);
    lca_status st = LCA_OK;
    for (int64_t i = 0; o != NULL && i < o->nproviders && st == LCA_OK; i++) {
        int64_t f = lca__procdb_find_flow(b->db, o->providers[i].flow), col;
        if (f < 0) {
            char where[320];
            return lca__fail(b->ctx, LCA_ERR_INVALID, "%sprocess %s: no "
                             "flow %s to credit", origin_of(o, where,
                                                            sizeof where),
                             o->process, o->providers[i].flow);
        }
        st = credit_column(b, o, o->providers[i].process, f, &col);
    }
    for (int64_t e = P->first; e < P->first + P->count && st == LCA_OK; e++) {
        if (!lca__pdb_is_coproduct(b, e, b->col_ref[j])) continue;
        int64_t f = b->db->ex[e].flow;
        if (lca__pdb_alloc_credit_row(b, j, e) >= 0 || b->provider[f] >= 0) {
            continue;
        }
        char why[400];
        int64_t k = 1;
        snprintf(why, sizeof why, "no process provides co-product %s (%s) "
                 "to credit", b->db->flows[f].id, b->db->flows[f].name);
        return fallback(b, p, LCA_ALLOC_SUBSTITUTION, why, &k);
    }
    return st;
}

lca_status lca__pdb_alloc_substitution(lca__pdb_build *b) {
    lca_status st = LCA_OK;
    for (int64_t j = 0; j < b->n && st == LCA_OK; j++) {
        int64_t p = b->col_proc[j];
        if (b->proc_col[p] == j &&
            b->proc_method[p] == LCA_ALLOC_SUBSTITUTION) {
            st = substitute(b, p, j);
        }
    }
    return st;
}

lca_status lca__pdb_alloc_report(lca__pdb_build *b, int64_t p) {
    char detail[400];
    size_t len = 0;
    int64_t j0 = b->proc_col[p];
    len += (size_t)snprintf(detail, sizeof detail, "%s:",
                            lca_alloc_method_str(
                                (lca_alloc_method)b->proc_method[p]));
    for (int64_t j = j0; j < j0 + b->proc_ncols[p] && len < sizeof detail;
         j++) {
        len += (size_t)snprintf(detail + len, sizeof detail - len,
                                " %.6g to %s;", b->col_factor[j],
                                b->col_id[j]);
    }
    const lca__pdb_process *P = &b->db->procs[p];
    return lca__pdb_report_add(b, "allocation", P->id, P->name, "%s", detail);
}

lca_status lca__pdb_alloc_finish(lca__pdb_build *b, lca_model *M) {
    const lca__procdb *db = b->db;
    lca_status st = lca_model_set_attr(
        M, "allocation", lca_alloc_method_str(b->alloc->method));
    for (int64_t p = 0; p < db->nprocs && st == LCA_OK; p++) {
        if (b->proc_col[p] < 0 || b->proc_method[p] < 0) continue;
        char key[600];
        snprintf(key, sizeof key, "allocation:%s", db->procs[p].id);
        st = lca_model_set_attr(M, key, lca_alloc_method_str(
                                            (lca_alloc_method)
                                                b->proc_method[p]));
    }
    return st;
}
