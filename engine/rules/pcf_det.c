// engine/rules/pcf_det.c: the deterministic results of every category
// from one factorization
// SPDX-License-Identifier: MIT
//
// One set of transposed solves gives the upstream factors lambda of every
// indicator the rules use; each footprint, split and stage is then a dot
// product with a demand column. The cut-off check needs the contribution
// of each direct input (lambda_i times its amount), the primary-data share
// the upstream factors of the primary products' direct emissions alone
// (one more transposed solve per indicator, for all categories), the
// conformance checks the pattern of each category's supply chain (a
// search through T, only when a check asks), and the data-quality rating
// combines the
// per-product ratings of lca_calc_dqr with the gross weights g T^-1 that
// the rating is an average over (lca/dqr.h), so that a mix is rated as
// one product would be.

#include <math.h>
#include <string.h>

#include "csc_impl.h"
#include "ctx_impl.h"
#include "lca/contrib.h"
#include "lca/dqr.h"
#include "pcf_impl.h"

// lam' F(:, col).
static double score(const lca_csc *F, int64_t col, const double *lam) {
    double h = 0.0;
    for (int64_t q = F->Ap[col]; q < F->Ap[col + 1]; q++) {
        h += lam[F->Ai[q]] * F->Ax[q];
    }
    return h;
}

// The base demand of c: its products and added processes (not the
// gate-to-gate direct term), into the dense f (n, zeroed by the caller).
static void base_demand(const lca__pcf_cat *c, double *f) {
    for (int64_t k = 0; k < c->nprod; k++) f[c->prod[k]] += c->amount[k];
    for (int64_t k = 0; k < c->nadd; k++) f[c->add[k]] += c->add_amount[k];
}

// The share of the footprint h in direct inputs (and added processes)
// each under cutoff_item of |h|. x is n zeros of scratch, left zeroed.
static void cutoff(const lca_pcf *p, lca__pcf_cat *c, const double *lam,
                   double *x) {
    const lca_csc *T = lca_model_tech(p->M);
    const lca_rule_spec *s = lca_rule_get(c->rule);
    double h = fabs(c->footprint), thr = s->cutoff_item * h, out = 0.0;
    c->cutoff_items = 0;
    c->cutoff_share = 0.0;
    if (s->boundary == LCA_GATE_TO_GATE) return;
    for (int64_t k = 0; k < c->nprod; k++) {
        int64_t j = c->prod[k], d = lca_csc_find(T, j, j);
        for (int64_t q = T->Ap[j]; q < T->Ap[j + 1]; q++) {
            int64_t i = T->Ai[q];
            if (i != j) x[i] -= c->amount[k] / T->Ax[d] * T->Ax[q] * lam[i];
        }
    }
    for (int64_t k = 0; k < c->nprod; k++) {
        int64_t j = c->prod[k];
        for (int64_t q = T->Ap[j]; q < T->Ap[j + 1]; q++) {
            int64_t i = T->Ai[q];
            if (i == j || x[i] == 0.0) continue;
            if (fabs(x[i]) < thr) {
                out += fabs(x[i]);
                c->cutoff_items++;
            }
            x[i] = 0.0;  // counted once
        }
    }
    for (int64_t k = 0; k < c->nadd; k++) {
        double y = c->add_amount[k] * lam[c->add[k]];
        if (y != 0.0 && fabs(y) < thr) {
            out += fabs(y);
            c->cutoff_items++;
        }
    }
    c->cutoff_share = h > 0.0 ? out / h : NAN;
}

// The stages of c: the split by first-tier supplier of lca/contrib.h
// (own part sum_p (a_p / T_pp) D_p, supplier i sum_p (a_p / T_pp)(-T_ip)
// lambda_i) with the suppliers grouped by the stage map
// (lca_contrib_group), the own part in the direct stage, each added
// process in its own. The own part is taken exactly: lambda' T(:,p)
// equals D_p only to rounding, which would show as -1e-13 for a process
// without emissions of its own. They sum to the footprint to rounding;
// the demand columns the Monte Carlo run scores sum to it exactly.
// v: n zeros (left zeroed), group_of: n scratch.
static lca_status stage_values(const lca_pcf *p, lca__pcf_cat *c,
                               const double *lam, const double *d, double *v,
                               int64_t *group_of) {
    const lca_csc *T = lca_model_tech(p->M);
    int g2g = lca_rule_get(c->rule)->boundary == LCA_GATE_TO_GATE;
    double own = 0.0;
    for (int64_t k = 0; k < c->nprod; k++) {
        int64_t j = c->prod[k];
        double f = c->amount[k] / T->Ax[lca_csc_find(T, j, j)];
        own += f * d[j];
        for (int64_t q = T->Ap[j]; q < T->Ap[j + 1] && !g2g; q++) {
            if (T->Ai[q] != j) v[T->Ai[q]] -= f * T->Ax[q] * lam[T->Ai[q]];
        }
    }
    for (int64_t i = 0; i < p->n; i++) group_of[i] = c->dflt;
    for (int64_t k = 0; k < c->nmap; k++) {
        group_of[c->map[k].product] = c->map[k].stage;
    }
    double *out = lca__calloc(p->ctx, (size_t)c->nstages + 1, sizeof *out);
    if (out == NULL) return lca__fail(p->ctx, LCA_ERR_NOMEM, "out of memory");
    lca_status st = lca_contrib_group(p->ctx, p->n, v, group_of, c->nstages,
                                      out);
    memcpy(c->stages, out, (size_t)c->nstages * sizeof *out);
    lca__free(p->ctx, out);
    memset(v, 0, (size_t)p->n * sizeof *v);
    c->stages[c->direct] += own;
    for (int64_t k = 0; k < c->nadd && !g2g; k++) {
        c->stages[c->add_stage[k]] += c->add_amount[k] * lam[c->add[k]];
    }
    return st;
}

// Footprint, split, stages, per kg and cut-off of category c (gate to
// gate: the direct term, exactly).
static lca_status scores(lca_pcf *p, lca__pcf_cat *c, const double *N,
                         const double *Dr, double *x, int64_t *group_of) {
    const lca_rule_spec *s = lca_rule_get(c->rule);
    const double *lam = N + p->ind_pos[c->ind] * p->n;
    lca__free(p->ctx, c->split);  // from an earlier run
    lca__free(p->ctx, c->stages);
    c->split = lca__calloc(p->ctx, (size_t)c->nsplit + 1, sizeof *c->split);
    c->stages = lca__calloc(p->ctx, (size_t)c->nstages + 1,
                            sizeof *c->stages);
    if (c->split == NULL || c->stages == NULL) {
        return lca__fail(p->ctx, LCA_ERR_NOMEM, "out of memory");
    }
    lca_status st = stage_values(p, c, lam, Dr + p->ind_pos[c->ind] * p->n,
                                 x, group_of);
    if (st != LCA_OK) return st;
    c->footprint = s->boundary == LCA_GATE_TO_GATE ? c->stages[c->direct]
                                                    : score(p->F, c->col, lam);
    c->per_kg = isnan(s->mass_kg) ? NAN : c->footprint / s->mass_kg;
    for (int64_t k = 0; k < c->nsplit; k++) {
        c->split[k] = score(p->F, c->col,
                            N + p->ind_pos[c->split_ind[k]] * p->n);
    }
    cutoff(p, c, lam, x);
    return LCA_OK;
}

// g(j) = sum_i |C(ind, i) B(i, j)|, the gross characterized emissions of
// activity j (lca/dqr.h), into g (n).
static void gross(const lca_model *M, int64_t ind, double *crow, double *g) {
    const lca_csc *B = lca_model_B(M), *C = lca_model_C(M);
    int64_t m = lca_model_dim(M, LCA_FLOWS), n = lca_model_dim(M, LCA_PRODUCTS);
    for (int64_t i = 0; i < m; i++) {
        crow[i] = 0.0;
        for (int64_t q = C->Ap[i]; q < C->Ap[i + 1]; q++) {
            if (C->Ai[q] == ind) crow[i] = C->Ax[q];
        }
    }
    for (int64_t j = 0; j < n; j++) {
        g[j] = 0.0;
        for (int64_t q = B->Ap[j]; q < B->Ap[j + 1]; q++) {
            g[j] += fabs(crow[B->Ai[q]] * B->Ax[q]);
        }
    }
}

// The per-product ratings of one indicator (w: 8n scratch: Q, dqr,
// unscored, G) and each category's rating of its base demand: a mean of
// its products' ratings weighted by f_p G_p (exact: the rating of a
// demand is [r T^-1 f] / [g T^-1 f]).
static lca_status rate(lca_pcf *p, lca_calc *calc, int64_t ind, double *w,
                       double *f) {
    int64_t n = p->n;
    double *Q = w, *dqr = w + 5 * n, *uns = w + 6 * n, *G = w + 7 * n;
    double *crow = lca__malloc(p->ctx, (size_t)lca_model_dim(p->M, LCA_FLOWS)
                               + 1, sizeof *crow);
    if (crow == NULL) return lca__fail(p->ctx, LCA_ERR_NOMEM, "out of memory");
    lca_dqr_options o;
    lca_dqr_options_default(&o);
    o.indicator = ind;
    o.missing_score = p->opt.missing_score;
    gross(p->M, ind, crow, f);
    lca__free(p->ctx, crow);
    lca_status st = lca_calc_adjoint(calc, 1, f, G);
    if (st >= 0) st = lca_calc_dqr(calc, &o, Q, dqr, uns);
    for (int64_t k = 0; k < p->ncat && st >= 0; k++) {
        lca__pcf_cat *c = &p->cat[k];
        if (c->ind != ind) continue;
        memset(f, 0, (size_t)n * sizeof *f);
        base_demand(c, f);
        double wsum = 0.0, acc[7] = {0};
        for (int64_t j = 0; j < n; j++) {
            if (f[j] == 0.0) continue;
            double wj = f[j] * G[j];
            const double v[7] = {dqr[j], uns[j], Q[j], Q[n + j], Q[2 * n + j],
                                 Q[3 * n + j], Q[4 * n + j]};
            for (int r = 0; r < 7; r++) acc[r] += wj * v[r];
            wsum += wj;
        }
        c->dqr = wsum > 0.0 ? acc[0] / wsum : NAN;
        c->unscored = wsum > 0.0 ? acc[1] / wsum : NAN;
        for (int r = 0; r < 5; r++) {
            c->dqr_scores[r] = wsum > 0.0 ? acc[2 + r] / wsum : NAN;
        }
    }
    return st < 0 ? st : LCA_OK;
}

// Ratings for each indicator some category uses.
static lca_status rate_all(lca_pcf *p, lca_calc *calc) {
    int64_t n = p->n;
    double *w = lca__malloc(p->ctx, 8 * (size_t)n + 1, sizeof *w);
    double *f = lca__malloc(p->ctx, (size_t)n + 1, sizeof *f);
    lca_status st = LCA_OK;
    if (w == NULL || f == NULL) st = lca__fail(p->ctx, LCA_ERR_NOMEM, "out "
                                               "of memory");
    for (int64_t r = 0; r < p->nind && st == LCA_OK; r++) {
        int used = 0;
        for (int64_t k = 0; k < p->ncat; k++) used |= p->cat[k].ind == p->ind[r];
        if (used) st = rate(p, calc, p->ind[r], w, f);
    }
    lca__free(p->ctx, w);
    lca__free(p->ctx, f);
    return st;
}

// lam' f for c's base demand (products and added processes).
static double base_score(const lca__pcf_cat *c, const double *lam) {
    double h = 0.0;
    for (int64_t k = 0; k < c->nprod; k++) h += c->amount[k] * lam[c->prod[k]];
    for (int64_t k = 0; k < c->nadd; k++) h += c->add_amount[k] * lam[c->add[k]];
    return h;
}

// Np (nind x n): the upstream factors of the primary products' direct
// emissions, T' Np = D restricted to primary columns (zero without any).
static lca_status primary_factors(lca_pcf *p, lca_calc *calc,
                                  const double *Dr, double *Np) {
    int64_t n = p->n, any = 0;
    size_t size = (size_t)(p->nind * n);
    for (int64_t j = 0; j < n; j++) any |= p->primary[j];
    memset(Np, 0, size * sizeof *Np);
    if (!any) return LCA_OK;
    double *W = lca__malloc(p->ctx, size + 1, sizeof *W);
    if (W == NULL) return lca__fail(p->ctx, LCA_ERR_NOMEM, "out of memory");
    for (size_t q = 0; q < size; q++) {
        W[q] = p->primary[(int64_t)q % n] ? Dr[q] : 0.0;
    }
    lca_status st = lca_calc_adjoint(calc, p->nind, W, Np);
    lca__free(p->ctx, W);
    return st;
}

// The primary-data share and conformance of every category: share =
// sum_{j primary} D_j s_j / sum_j D_j s_j with s = T^-1 f, which is
// lam_P' f / lam' f.
static lca_status conform_all(lca_pcf *p, lca_calc *calc, const double *N,
                              const double *Dr) {
    int64_t n = p->n;
    double *Np = lca__malloc(p->ctx, (size_t)(p->nind * n) + 1, sizeof *Np);
    lca__pcf_chain ch = {lca__malloc(p->ctx, (size_t)n + 1, 1),
                         lca__malloc(p->ctx, (size_t)n + 1, sizeof(int64_t)),
                         NULL};
    lca_status st = LCA_OK;
    if (Np == NULL || ch.mark == NULL || ch.stack == NULL) {
        st = lca__fail(p->ctx, LCA_ERR_NOMEM, "out of memory");
    }
    if (st == LCA_OK) st = primary_factors(p, calc, Dr, Np);
    for (int64_t k = 0; k < p->ncat && st >= 0; k++) {
        lca__pcf_cat *c = &p->cat[k];
        int64_t r = p->ind_pos[c->ind];
        double all = base_score(c, N + r * n);
        c->primary_share = all != 0.0 ? base_score(c, Np + r * n) / all : NAN;
        st = lca__pcf_conformance(p, c, &ch);
    }
    lca__free(p->ctx, Np);
    lca__free(p->ctx, ch.mark);
    lca__free(p->ctx, ch.stack);
    return st < 0 ? st : LCA_OK;
}

lca_status lca__pcf_deterministic(lca_pcf *p, lca_calc *calc) {
    int64_t n = p->n;
    double *N = lca__malloc(p->ctx, (size_t)(p->nind * n) + 1, sizeof *N);
    double *Dr = lca__malloc(p->ctx, (size_t)(p->nind * n) + 1, sizeof *Dr);
    double *x = lca__calloc(p->ctx, (size_t)n + 1, sizeof *x);
    int64_t *group_of = lca__malloc(p->ctx, (size_t)n + 1, sizeof *group_of);
    lca_status st = LCA_OK;
    if (!N || !Dr || !x || !group_of) {
        st = lca__fail(p->ctx, LCA_ERR_NOMEM, "out of memory");
    }
    if (st == LCA_OK) st = lca_calc_factors(calc, p->nind, p->ind, N, Dr);
    for (int64_t k = 0; k < p->ncat && st >= 0; k++) {
        st = scores(p, &p->cat[k], N, Dr, x, group_of);
    }
    if (st >= 0) st = rate_all(p, calc);
    if (st >= 0) st = conform_all(p, calc, N, Dr);
    lca__free(p->ctx, N);
    lca__free(p->ctx, Dr);
    lca__free(p->ctx, x);
    lca__free(p->ctx, group_of);
    return st < 0 ? st : LCA_OK;
}
