// engine/cbam/cbam_run.c: binding goods to a model, ordering them so that
// precursors come first, and SEE = (AttrEm + sum_i M_i SEE_i) / AL
// SPDX-License-Identifier: MIT
//
// A model good reads its own column of the technosphere T: the direct
// part D_rp / T_pp (D = C B, only row r, formed as B' (C' e_r) without a
// factorization), its electricity inputs and its precursor inputs, each
// -T_ip / T_pp per unit of p. Only an electricity factor left to the
// model needs lambda = D T^-1: one transposed solve, and only then.
//
// The goods and their precursors form a graph; SEE needs it acyclic
// (a good cannot embed itself). A depth-first search with an explicit
// stack (no recursion: a file may chain thousands of goods) gives the
// order in which every precursor precedes its users, or the cycle, which
// the message spells out good by good.

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cbam_impl.h"
#include "ctx_impl.h"
#include "lca/calc.h"

typedef struct binding {
    int64_t n;          // model products (0 without a model)
    int64_t *good_of;   // [n] good made from product p, or -1
    int64_t *elec_of;   // [n] electricity line of product p, or -1
    double *D;          // [n] row r of D = C B
    double *lambda;     // [n] upstream factors (NULL: not needed)
} binding;

static void binding_free(lca_ctx *ctx, binding *b) {
    lca__free(ctx, b->good_of);
    lca__free(ctx, b->elec_of);
    lca__free(ctx, b->D);
    lca__free(ctx, b->lambda);
}

// D_r = B' (C' e_r): the direct part of indicator r per unit of activity.
static lca_status direct_row(lca_ctx *ctx, const lca_model *M, int64_t r,
                             double *D) {
    int64_t k = lca_model_dim(M, LCA_INDICATORS);
    int64_t m = lca_model_dim(M, LCA_FLOWS);
    double *e = lca__calloc(ctx, (size_t)k, sizeof *e);
    double *c = lca__malloc(ctx, (size_t)m, sizeof *c);
    if (e == NULL || c == NULL) {
        lca__free(ctx, e);
        lca__free(ctx, c);
        return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    }
    e[r] = 1.0;
    lca_csc_gemv_t(1.0, lca_model_C(M), e, 0.0, c);
    lca_csc_gemv_t(1.0, lca_model_B(M), c, 0.0, D);
    lca__free(ctx, e);
    lca__free(ctx, c);
    return LCA_OK;
}

// lambda_r = D_r T^-1 by one transposed solve.
static lca_status upstream_row(const lca_model *M, int64_t r, double *lambda) {
    lca_calc *c = NULL;
    lca_status st = lca_calc_create(M, NULL, &c);
    if (st >= 0) st = lca_calc_factors(c, 1, &r, lambda, NULL);
    lca_calc_destroy(&c);
    return st;
}

// Look up one product of a good or electricity line.
static lca_status find_product(lca_cbam *cb, const lca_model *M,
                               const char *key, const char *what,
                               int64_t *p) {
    lca_status st = lca_model_lookup(M, LCA_PRODUCTS, key, p);
    if (st != LCA_OK) {
        return lca__wrap(cb->ctx, st, "%s: %s", lca__cbam_where(&cb->s),
                         what);
    }
    return LCA_OK;
}

// Model products of the model goods and electricity lines.
static lca_status bind_products(lca_cbam *cb, const lca_model *M,
                                binding *b) {
    char what[200];
    for (int64_t g = 0; g < cb->s.ngoods; g++) {
        const lca_cbam_good *G = &cb->s.goods[g];
        if (G->source != LCA_CBAM_MODEL) continue;
        snprintf(what, sizeof what, "good '%.128s'", G->id);
        int64_t p;
        lca_status st = find_product(cb, M, G->product, what, &p);
        if (st != LCA_OK) return st;
        if (b->good_of[p] >= 0) {
            return lca__fail(cb->ctx, LCA_ERR_INVALID, "%s: goods '%.128s' "
                             "and '%.128s' are both model product '%.128s'",
                             lca__cbam_where(&cb->s),
                             cb->s.goods[b->good_of[p]].id, G->id,
                             G->product);
        }
        b->good_of[p] = g;
        cb->item[g].product = p;
    }
    for (int64_t e = 0; e < cb->s.nelectricity; e++) {
        const lca_cbam_electricity *E = &cb->s.electricity[e];
        snprintf(what, sizeof what, "electricity %lld", (long long)e);
        int64_t p;
        lca_status st = find_product(cb, M, E->product, what, &p);
        if (st != LCA_OK) return st;
        if (b->good_of[p] >= 0 || b->elec_of[p] >= 0) {
            return lca__fail(cb->ctx, LCA_ERR_INVALID, "%s: product '%.128s' "
                             "is listed as electricity and as a good or "
                             "twice", lca__cbam_where(&cb->s), E->product);
        }
        b->elec_of[p] = e;
    }
    return LCA_OK;
}

// Does any good come from the model; does any factor need lambda?
static void needs(const lca_cbam *cb, int *model, int *upstream) {
    *model = cb->s.nelectricity > 0;
    *upstream = 0;
    for (int64_t g = 0; g < cb->s.ngoods; g++) {
        *model |= cb->s.goods[g].source == LCA_CBAM_MODEL;
    }
    for (int64_t e = 0; e < cb->s.nelectricity; e++) {
        *upstream |= isnan(cb->s.electricity[e].factor);
    }
}

static lca_status bind_model(lca_cbam *cb, const lca_model *M, binding *b) {
    int model, upstream;
    needs(cb, &model, &upstream);
    if (!model) return LCA_OK;
    const char *where = lca__cbam_where(&cb->s);
    if (M == NULL) {
        return lca__fail(cb->ctx, LCA_ERR_INVALID, "%s: goods come from a "
                         "model but no model was given", where);
    }
    int64_t r;
    lca_status st = lca_model_lookup(M, LCA_INDICATORS, cb->s.indicator, &r);
    if (st != LCA_OK) return lca__wrap(cb->ctx, st, "%s: /indicator", where);
    b->n = lca_model_dim(M, LCA_PRODUCTS);
    b->good_of = lca__malloc(cb->ctx, (size_t)b->n, sizeof *b->good_of);
    b->elec_of = lca__malloc(cb->ctx, (size_t)b->n, sizeof *b->elec_of);
    b->D = lca__malloc(cb->ctx, (size_t)b->n, sizeof *b->D);
    if (upstream) {
        b->lambda = lca__malloc(cb->ctx, (size_t)b->n, sizeof *b->lambda);
    }
    if (b->good_of == NULL || b->elec_of == NULL || b->D == NULL ||
        (upstream && b->lambda == NULL)) {
        return lca__fail(cb->ctx, LCA_ERR_NOMEM, "out of memory");
    }
    for (int64_t p = 0; p < b->n; p++) b->good_of[p] = b->elec_of[p] = -1;
    st = bind_products(cb, M, b);
    if (st == LCA_OK) st = direct_row(cb->ctx, M, r, b->D);
    if (st == LCA_OK && upstream) st = upstream_row(M, r, b->lambda);
    return st;
}

// Grow the precursor list of item it by good j with mass x.
static lca_status add_prec(lca_ctx *ctx, lca__cbam_item *it, int64_t cap,
                           int64_t j, double x) {
    if (it->prec == NULL) {
        it->prec = lca__malloc(ctx, (size_t)cap, sizeof *it->prec);
        it->prec_mass = lca__malloc(ctx, (size_t)cap, sizeof *it->prec_mass);
        if (it->prec == NULL || it->prec_mass == NULL) {
            return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
        }
    }
    it->prec[it->nprec] = j;
    it->prec_mass[it->nprec++] = x;
    return LCA_OK;
}

// Model good g: its column of T, scaled per tonne of good.
static lca_status model_good(lca_cbam *cb, const lca_model *M,
                             const binding *b, int64_t g) {
    const lca_cbam_good *G = &cb->s.goods[g];
    lca__cbam_item *it = &cb->item[g];
    const lca_csc *T = lca_model_tech(M);
    const int64_t *Tp = lca_csc_colptr(T), *Ti = lca_csc_rowidx(T);
    const double *Tx = lca_csc_values(T);
    int64_t p = it->product, d = lca_csc_find(T, p, p);
    double Tpp = d >= 0 ? Tx[d] : 0.0, t = G->tonnes_per_unit;
    if (!(Tpp > 0.0)) {
        return lca__fail(cb->ctx, LCA_ERR_INVALID, "%s: good '%.128s': "
                         "product '%.128s' has no positive reference output",
                         lca__cbam_where(&cb->s), G->id,
                         lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_ID, p));
    }
    double tpi = cb->s.tonnes_per_indicator_unit, mwh = 0.0, ind = 0.0;
    it->attr_dir = b->D[p] / Tpp * tpi / t;
    for (int64_t q = Tp[p]; q < Tp[p + 1]; q++) {
        int64_t i = Ti[q];
        double x = -Tx[q] / Tpp;  // units of i per unit of p
        if (i == p || !(x > 0.0)) continue;
        if (b->good_of[i] >= 0) {
            int64_t j = b->good_of[i];
            double m = x * cb->s.goods[j].tonnes_per_unit / t;
            lca_status st = add_prec(cb->ctx, it, Tp[p + 1] - Tp[p], j, m);
            if (st != LCA_OK) return st;
        } else if (b->elec_of[i] >= 0) {
            const lca_cbam_electricity *E = &cb->s.electricity[b->elec_of[i]];
            double ef = isnan(E->factor) ? b->lambda[i] * tpi / E->mwh_per_unit
                                         : E->factor;
            mwh += x * E->mwh_per_unit / t;
            ind += x * E->mwh_per_unit / t * ef;
        }
    }
    it->attr_ind = ind;
    it->elec = mwh;
    it->elec_factor = mwh > 0.0 ? ind / mwh : NAN;
    return LCA_OK;
}

static int64_t good_index(const lca_cbam *cb, const char *id) {
    for (int64_t j = 0; j < cb->s.ngoods; j++) {
        if (strcmp(cb->s.goods[j].id, id) == 0) return j;
    }
    return -1;
}

// Declared good g: totals over the period divided by AL.
static lca_status declared_good(lca_cbam *cb, int64_t g) {
    const lca_cbam_good *G = &cb->s.goods[g];
    lca__cbam_item *it = &cb->item[g];
    double AL = G->activity_level;
    it->attr_dir = G->direct / AL;
    it->attr_ind = isnan(G->indirect)
                       ? G->electricity_mwh * G->electricity_factor / AL
                       : G->indirect / AL;
    it->elec = isnan(G->electricity_mwh) ? NAN : G->electricity_mwh / AL;
    it->elec_factor = isnan(G->indirect) ? G->electricity_factor
                      : (it->elec > 0.0 ? it->attr_ind / it->elec : NAN);
    for (int64_t k = 0; k < G->nprecursors; k++) {
        int64_t j = good_index(cb, G->precursors[k].good);
        lca_status st = add_prec(cb->ctx, it, G->nprecursors, j,
                                 G->precursors[k].mass / AL);
        if (st != LCA_OK) return st;
    }
    return LCA_OK;
}

// "a -> b -> a" from the DFS stack stk[from..top] and back to its start.
static lca_status cycle_error(lca_cbam *cb, const int64_t *stk, int64_t from,
                              int64_t top) {
    char path[768];
    size_t len = 0;
    path[0] = '\0';
    for (int64_t s = from; s <= top + 1 && len < sizeof path - 1; s++) {
        const char *id = cb->s.goods[stk[s <= top ? s : from]].id;
        int w = snprintf(path + len, sizeof path - len, "%s%.64s",
                         s > from ? " -> " : "", id);
        if (w < 0) break;
        len += (size_t)w < sizeof path - len ? (size_t)w
                                             : sizeof path - len - 1;
    }
    return lca__fail(cb->ctx, LCA_ERR_INVALID, "%s: precursor cycle: %s "
                     "(a good cannot embed itself)",
                     lca__cbam_where(&cb->s), path);
}

// Post-order DFS from every good: order[] lists precursors before users.
// state: 0 new, 1 on the stack, 2 done; next[g] = next precursor to try.
static lca_status order_goods(lca_cbam *cb, int64_t *order, int64_t *work) {
    int64_t N = cb->s.ngoods, no = 0;
    int64_t *state = work, *next = work + N, *stk = work + 2 * N;
    for (int64_t g = 0; g < N; g++) state[g] = next[g] = 0;
    for (int64_t root = 0; root < N; root++) {
        if (state[root] != 0) continue;
        int64_t top = 0;
        stk[0] = root;
        state[root] = 1;
        while (top >= 0) {
            int64_t g = stk[top];
            const lca__cbam_item *it = &cb->item[g];
            if (next[g] == it->nprec) {
                state[g] = 2;
                order[no++] = g;
                top--;
                continue;
            }
            int64_t j = it->prec[next[g]++];
            if (state[j] == 1) {
                int64_t from = top;
                while (stk[from] != j) from--;
                stk[top + 1] = j;
                return cycle_error(cb, stk, from, top);
            }
            if (state[j] == 0) {
                state[j] = 1;
                stk[++top] = j;
            }
        }
    }
    return LCA_OK;
}

// SEE in precursor order.
static void compute_see(lca_cbam *cb, const int64_t *order) {
    for (int64_t k = 0; k < cb->s.ngoods; k++) {
        lca__cbam_item *it = &cb->item[order[k]];
        double pd = 0.0, pi = 0.0;
        for (int64_t q = 0; q < it->nprec; q++) {
            const lca__cbam_item *P = &cb->item[it->prec[q]];
            pd += it->prec_mass[q] * (P->attr_dir + P->prec_dir);
            pi += it->prec_mass[q] * (P->attr_ind + P->prec_ind);
        }
        it->prec_dir = pd;
        it->prec_ind = pi;
    }
}

static lca_status bind_goods(lca_cbam *cb, const lca_model *M,
                             const binding *b) {
    lca_status st = LCA_OK;
    for (int64_t g = 0; g < cb->s.ngoods && st == LCA_OK; g++) {
        lca__cbam_item *it = &cb->item[g];
        it->sector = lca__cbam_sector(&cb->t, cb->s.goods[g].sector);
        it->dflt = -1;
        if (cb->s.goods[g].source == LCA_CBAM_MODEL) {
            st = model_good(cb, M, b, g);
        } else {
            it->product = -1;
            st = declared_good(cb, g);
        }
    }
    return st;
}

lca_status lca_cbam_run(lca_cbam *cb, const lca_model *M, int year) {
    lca__cbam_items_clear(cb);
    if (year < 2026 || year > 9999) {
        return lca__fail(cb->ctx, LCA_ERR_ARG, "year %d: the CBAM definitive "
                         "period starts in 2026", year);
    }
    if (M != NULL && lca_model_ctx(M) != cb->ctx) {
        return lca__fail(cb->ctx, LCA_ERR_ARG, "the model was made with "
                         "another context than the goods");
    }
    binding b = {0, NULL, NULL, NULL, NULL};
    int64_t N = cb->s.ngoods;
    int64_t *order = lca__malloc(cb->ctx, (size_t)N, sizeof *order);
    int64_t *work = lca__malloc(cb->ctx, (size_t)N * 3 + 1, sizeof *work);
    lca_status st = order == NULL || work == NULL
                        ? lca__fail(cb->ctx, LCA_ERR_NOMEM, "out of memory")
                        : bind_model(cb, M, &b);
    if (st >= 0) st = bind_goods(cb, M, &b);
    if (st >= 0) st = order_goods(cb, order, work);
    if (st >= 0) {
        compute_see(cb, order);
        cb->year = year;
        st = lca__cbam_defaults(cb);
    }
    if (st < 0) lca__cbam_items_clear(cb);
    binding_free(cb->ctx, &b);
    lca__free(cb->ctx, order);
    lca__free(cb->ctx, work);
    return st < 0 ? st : LCA_OK;
}
