// engine/rules/pcf.c: the footprint run of a rule set: options, binding,
// the run, and the results by category
// SPDX-License-Identifier: MIT

#include <math.h>
#include <string.h>

#include "ctx_impl.h"
#include "pcf_impl.h"

void lca_pcf_options_default(lca_pcf_options *opt) {
    memset(opt, 0, sizeof *opt);
    lca_mc_options_default(&opt->mc);
    opt->missing_score = 5.0;
}

// The indicators every category needs, each once: p->ind, p->ind_pos.
static lca_status gather_indicators(lca_pcf *p) {
    int64_t k = lca_model_dim(p->M, LCA_INDICATORS);
    p->ind = lca__malloc(p->ctx, (size_t)k + 1, sizeof *p->ind);
    p->ind_pos = lca__malloc(p->ctx, (size_t)k + 1, sizeof *p->ind_pos);
    if (p->ind == NULL || p->ind_pos == NULL) {
        return lca__fail(p->ctx, LCA_ERR_NOMEM, "out of memory");
    }
    for (int64_t i = 0; i < k; i++) p->ind_pos[i] = -1;
    for (int64_t c = 0; c < p->ncat; c++) {
        const lca__pcf_cat *C = &p->cat[c];
        for (int64_t s = -1; s < C->nsplit; s++) {
            int64_t i = s < 0 ? C->ind : C->split_ind[s];
            if (p->ind_pos[i] >= 0) continue;
            p->ind_pos[i] = p->nind;
            p->ind[p->nind++] = i;
        }
    }
    return LCA_OK;
}

// The products the options say have primary data: p->primary flags.
static lca_status mark_primary(lca_pcf *p, const lca_pcf_options *opt) {
    p->primary = lca__calloc(p->ctx, (size_t)p->n + 1, sizeof *p->primary);
    if (p->primary == NULL) {
        return lca__fail(p->ctx, LCA_ERR_NOMEM, "out of memory");
    }
    for (int64_t i = 0; i < opt->nprimary; i++) {
        int64_t j = -1;
        if (lca_model_lookup(p->M, LCA_PRODUCTS, opt->primary[i], &j)) {
            return lca__wrap(p->ctx, LCA_ERR_INVALID, "primary data");
        }
        p->primary[j] = 1;
    }
    return LCA_OK;
}

static lca_status bind_all(lca_pcf *p) {
    int64_t n = lca_ruleset_count(p->rs);
    p->cat = lca__calloc(p->ctx, (size_t)n + 1, sizeof *p->cat);
    if (p->cat == NULL) return lca__fail(p->ctx, LCA_ERR_NOMEM, "out of memory");
    p->ncat = n;
    lca_status st = LCA_OK;
    for (int64_t c = 0; c < p->ncat && st == LCA_OK; c++) {
        st = lca__pcf_bind(p, lca_ruleset_rule(p->rs, c), &p->cat[c]);
    }
    return st;
}

lca_status lca_pcf_create(const lca_model *M, const lca_ruleset *rs,
                          const lca_pcf_options *opt, lca_pcf **out) {
    lca_ctx *ctx = lca_model_ctx(M);
    *out = NULL;
    if (opt->iterations < 0 || !(opt->missing_score >= 1.0 &&
                                 opt->missing_score <= 5.0)) {
        return lca__fail(ctx, LCA_ERR_ARG, "iterations %lld < 0 or missing "
                         "score %g outside 1..5", (long long)opt->iterations,
                         opt->missing_score);
    }
    lca_pcf *p = lca__calloc(ctx, 1, sizeof *p);
    if (p == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    p->ctx = ctx;
    p->M = M;
    p->rs = rs;
    p->opt = *opt;
    p->opt.primary = NULL;  // the caller's list is not kept: p->primary is
    p->opt.nprimary = 0;
    p->n = lca_model_dim(M, LCA_PRODUCTS);
    lca_status st = bind_all(p);
    if (st == LCA_OK) st = mark_primary(p, opt);
    if (st == LCA_OK) st = gather_indicators(p);
    if (st == LCA_OK) st = lca__pcf_columns(p);
    if (st != LCA_OK) {
        lca_pcf_destroy(&p);
        return st;
    }
    *out = p;
    return LCA_OK;
}

void lca_pcf_destroy(lca_pcf **pp) {
    if (pp == NULL || *pp == NULL) return;
    lca_pcf *p = *pp;
    for (int64_t c = 0; c < p->ncat; c++) lca__pcf_cat_free(p->ctx, &p->cat[c]);
    lca__free(p->ctx, p->cat);
    lca__free(p->ctx, p->ind);
    lca__free(p->ctx, p->ind_pos);
    lca__free(p->ctx, p->primary);
    lca_csc_destroy(&p->F);
    lca__free(p->ctx, p);
    *pp = NULL;
}

// Forget the results of an earlier run.
static void clear(lca_pcf *p) {
    for (int64_t k = 0; k < p->ncat; k++) {
        lca__pcf_cat *c = &p->cat[k];
        for (int64_t v = 0; v < c->nviol; v++) {
            lca__free(p->ctx, (void *)c->viol[v].item);
            lca__free(p->ctx, (void *)c->viol[v].detail);
        }
        c->nviol = 0;
        c->nvalid = 0;
    }
    p->nsamples = 0;
    p->nfailed = 0;
}

lca_status lca_pcf_run(lca_pcf *p, const volatile int *stop) {
    lca_calc *calc = NULL;
    clear(p);
    lca_status st = lca_calc_create(p->M, &p->opt.mc.solver, &calc);
    lca_status warn = st > 0 ? st : LCA_OK;
    if (st >= 0) st = lca__pcf_deterministic(p, calc);
    lca_calc_destroy(&calc);
    if (st >= 0 && p->opt.iterations > 0) st = lca__pcf_mc(p, stop);
    return st < 0 ? st : warn;
}

int64_t lca_pcf_ncategories(const lca_pcf *p) { return p->ncat; }

const lca_rule *lca_pcf_rule(const lca_pcf *p, int64_t c) {
    return p->cat[c].rule;
}

const lca_model *lca_pcf_model(const lca_pcf *p) { return p->M; }

int64_t lca_pcf_iterations(const lca_pcf *p) { return p->nsamples; }

int64_t lca_pcf_nfailed(const lca_pcf *p) { return p->nfailed; }

const lca_pcf_options *lca_pcf_options_get(const lca_pcf *p) {
    return &p->opt;
}

void lca_pcf_result_get(const lca_pcf *p, int64_t k, lca_pcf_result *r) {
    const lca__pcf_cat *c = &p->cat[k];
    const lca_rule_spec *s = lca_rule_get(c->rule);
    const lca_model *M = p->M;
    int64_t N = p->nsamples;
    memset(r, 0, sizeof *r);
    r->id = s->id;
    r->unit = s->unit;
    r->indicator = lca_model_label(M, LCA_INDICATORS, LCA_LABEL_ID, c->ind);
    r->indicator_unit = lca_model_label(M, LCA_INDICATORS, LCA_LABEL_UNIT,
                                        c->ind);
    r->footprint = c->footprint;
    r->per_kg = c->per_kg;
    r->nsplit = c->nsplit;
    r->split_ids = c->split_ids;
    r->split = c->split;
    r->nstages = c->nstages;
    r->stage_names = c->stage_names;
    r->stages = c->stages;
    r->cutoff_share = c->cutoff_share;
    r->cutoff_items = c->cutoff_items;
    r->cutoff_limit = s->cutoff_limit;
    r->unlinked = c->unlinked;
    r->primary_share = c->primary_share;
    r->dqr = c->dqr;
    memcpy(r->dqr_scores, c->dqr_scores, sizeof r->dqr_scores);
    r->unscored = c->unscored;
    r->nviolations = c->nviol;
    r->violations = c->viol;
    r->conforms = c->nviol == 0;
    r->nsamples = N;
    r->nvalid = c->nvalid;
    r->samples = N > 0 ? c->samples : NULL;
    r->split_samples = N > 0 ? c->samples + N : NULL;
    r->stage_samples = N > 0 ? c->samples + (1 + c->nsplit) * N : NULL;
    r->mean = N > 0 ? c->mean : NAN;
    r->sd = N > 0 ? c->sd : NAN;
    for (int i = 0; i < LCA_MC_NQUANTILES; i++) {
        r->q[i] = N > 0 ? c->q[i] : NAN;
    }
}
