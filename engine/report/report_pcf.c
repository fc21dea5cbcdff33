// engine/report/report_pcf.c: a footprint study report document from one
// category of a computed product carbon footprint (include/lca/report.h)
// SPDX-License-Identifier: MIT
//
// Most fields are the pcf result's and its rule's, borrowed. What pcf
// does not keep is computed here on a factorization of its own, for the
// category's demand f (its products and added processes per declared
// unit): process contributions D_rj s_j with s = T^-1 f, and the largest
// supply-chain paths (lca/spa.h on f).

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/ctx_impl.h"
#include "engine/rules/pcf_impl.h"
#include "lca/alloc.h"
#include "lca/calc.h"
#include "lca/csc.h"
#include "lca/grade.h"
#include "lca/report.h"
#include "lca/spa.h"

#define MAX_OWN 32
#define MAX_BARS 60
#define PATH_LABEL 512

struct lca_report {
    lca_ctx *ctx;
    lca_report_doc doc;
    void *own[MAX_OWN];  // every allocation of the document
    int nown;
    char codes[400], allocation[200];
};

void lca_report_options_default(lca_report_options *opt) {
    memset(opt, 0, sizeof *opt);
    opt->ncontrib = 8;
    opt->npaths = 8;
    opt->spa_cutoff = 1e-3;
}

// count zeroed elements of size bytes, kept until the report goes.
static void *take(lca_report *r, int64_t count, size_t size) {
    if (count <= 0) count = 1;
    void *p = r->nown < MAX_OWN ? lca__calloc(r->ctx, (size_t)count, size)
                                : NULL;
    if (p != NULL) r->own[r->nown++] = p;
    return p;
}

static const char *str(const char *s) { return s != NULL ? s : ""; }

static const char *product_name(const lca_model *M, int64_t j) {
    const char *s = lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_NAME, j);
    return s[0] != '\0' ? s : lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_ID,
                                              j);
}

// "region, period" of product j into buf ("" when neither is known).
static const char *where_when(const lca_model *M, int64_t j, char *buf,
                              size_t size) {
    const char *reg = lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_REGION, j);
    const char *per = lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_PERIOD, j);
    snprintf(buf, size, "%s%s%s", reg, reg[0] && per[0] ? ", " : "", per);
    return buf;
}

// The declared unit, rule, products and codes.
static lca_status fill_rule(lca_report *r, const lca_pcf *p,
                            const lca__pcf_cat *c) {
    const lca_rule_spec *s = lca_rule_get(c->rule);
    lca_report_doc *d = &r->doc;
    const lca_model *M = p->M;
    d->id = s->id;
    d->name = lca_rule_name_in(c->rule, "en");
    d->kind = "category";
    d->declared_unit = s->unit;
    d->declared_unit_text = s->unit_text;
    d->mass_kg = s->mass_kg;
    d->rule_id = s->id;
    d->rule_source = s->source;
    d->rule_version = s->version;
    d->nfollows = s->nfollows;
    d->follows = s->follows;
    d->boundary = lca_boundary_str(s->boundary);
    d->gwp_set = s->gwp_set;
    d->nshortfalls = s->nshortfalls;
    d->shortfalls = s->shortfalls;
    int n = snprintf(r->allocation, sizeof r->allocation, "%s by default",
                     lca_alloc_method_str(s->alloc_default));
    if (s->nalloc > 0 && n > 0 && (size_t)n < sizeof r->allocation) {
        snprintf(r->allocation + n, sizeof r->allocation - (size_t)n,
                 "; %lld process(es) with a method of their own (listed in "
                 "the rule file)", (long long)s->nalloc);
    }
    d->allocation = r->allocation;
    snprintf(r->codes, sizeof r->codes, "%s%s%s%s%s%s%s%s",
             s->code_cn[0] ? "CN " : "", s->code_cn,
             s->code_cn[0] && s->code_national[0] ? "; " : "",
             s->code_national[0] ? "national " : "", s->code_national,
             (s->code_cn[0] || s->code_national[0]) && s->code_cpc[0] ? "; "
                                                                      : "",
             s->code_cpc[0] ? "CPC " : "", s->code_cpc);
    d->codes = r->codes;
    lca_report_bar *b = take(r, c->nprod, sizeof *b);
    if (b == NULL) return lca__fail(r->ctx, LCA_ERR_NOMEM, "out of memory");
    double sum = 0.0;
    for (int64_t i = 0; i < c->nprod; i++) sum += c->amount[i];
    for (int64_t i = 0; i < c->nprod; i++) {
        b[i].label = product_name(M, c->prod[i]);
        b[i].detail = lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_REGION,
                                      c->prod[i]);
        b[i].value = sum != 0.0 ? c->amount[i] / sum : NAN;
    }
    d->nproducts = c->nprod;
    d->products = b;
    const char *lic = lca_model_attr(M, "licence");
    d->model_title = str(lca_model_attr(M, "title"));
    d->model_source = str(lca_model_attr(M, "source"));
    d->model_licence = str(lic != NULL ? lic : lca_model_attr(M, "license"));
    return LCA_OK;
}

// n labelled values as bars (labels borrowed).
static lca_report_bar *bars(lca_report *r, int64_t n,
                            const char *const *label, const double *v) {
    lca_report_bar *b = take(r, n, sizeof *b);
    for (int64_t i = 0; b != NULL && i < n; i++) {
        b[i].label = label[i];
        b[i].detail = "";
        b[i].value = v[i];
    }
    return b;
}

// The results: footprint, split, stages, cut-off, data, conformance.
static lca_status fill_results(lca_report *r, const lca_pcf_result *res) {
    lca_report_doc *d = &r->doc;
    d->indicator = res->indicator;
    d->indicator_unit = res->indicator_unit;
    d->footprint = res->footprint;
    d->per_kg = res->per_kg;
    d->nsplit = res->nsplit;
    d->split = bars(r, res->nsplit, res->split_ids, res->split);
    d->nstages = res->nstages;
    d->stages = bars(r, res->nstages, res->stage_names, res->stages);
    lca_report_issue *is = take(r, res->nviolations, sizeof *is);
    if (d->split == NULL || d->stages == NULL || is == NULL) {
        return lca__fail(r->ctx, LCA_ERR_NOMEM, "out of memory");
    }
    for (int64_t v = 0; v < res->nviolations; v++) {
        is[v].check = res->violations[v].check;
        is[v].item = res->violations[v].item;
        is[v].detail = res->violations[v].detail;
    }
    d->nissues = res->nviolations;
    d->issues = is;
    d->cutoff_share = res->cutoff_share;
    d->cutoff_limit = res->cutoff_limit;
    d->cutoff_items = res->cutoff_items;
    d->unlinked = res->unlinked;
    d->primary_share = res->primary_share;
    d->dqr = res->dqr;
    memcpy(d->dqr_scores, res->dqr_scores, sizeof d->dqr_scores);
    d->unscored = res->unscored;
    return LCA_OK;
}

// Monte Carlo: statistics, histogram, convergence.
static lca_status fill_mc(lca_report *r, const lca_pcf *p,
                          const lca_pcf_result *res, int64_t nbins) {
    lca_report_doc *d = &r->doc;
    d->nsamples = res->nsamples;
    d->nvalid = res->nvalid;
    d->seed = lca_pcf_options_get(p)->mc.seed;
    d->mean = res->mean;
    d->sd = res->sd;
    memcpy(d->q, res->q, sizeof d->q);
    if (res->nsamples == 0) return LCA_OK;
    int64_t *counts = take(r, MAX_BARS, sizeof *counts);
    int64_t *it = take(r, 64, sizeof *it);
    double *mean = take(r, 64, sizeof *mean), *half = take(r, 64,
                                                           sizeof *half);
    if (counts == NULL || it == NULL || mean == NULL || half == NULL) {
        return lca__fail(r->ctx, LCA_ERR_NOMEM, "out of memory");
    }
    d->hist.nbins = lca_report_histogram(res->nsamples, res->samples,
                                         nbins, counts, &d->hist.lo,
                                         &d->hist.width);
    d->hist.counts = counts;
    d->conv.npoints = lca_report_convergence(res->nsamples, res->samples, 64,
                                             it, mean, half);
    d->conv.iterations = it;
    d->conv.mean = mean;
    d->conv.half = half;
    return LCA_OK;
}

typedef struct ranked {
    double v;
    int64_t j;
} ranked;

// By |v| descending, ties by index.
static int by_size(const void *a, const void *b) {
    const ranked *x = a, *y = b;
    double ax = fabs(x->v), ay = fabs(y->v);
    if (ax != ay) return ax > ay ? -1 : 1;
    return (x->j > y->j) - (x->j < y->j);
}

// Process contributions v_j = D_rj s_j, the largest k of them with the
// rest, as contrib and as sources (with region and period).
static lca_status fill_contrib(lca_report *r, const lca_pcf *p,
                               const lca__pcf_cat *c, lca_calc *calc,
                               const double *f, int64_t k) {
    const lca_model *M = p->M;
    int64_t n = p->n;
    double *s = lca__malloc(r->ctx, (size_t)n, sizeof *s);
    ranked *v = lca__malloc(r->ctx, (size_t)n, sizeof *v);
    lca_status st = s == NULL || v == NULL
                        ? lca__fail(r->ctx, LCA_ERR_NOMEM, "out of memory")
                        : lca_calc_supply(calc, 1, f, s);
    if (st >= 0) {
        const lca_csc *D = lca_calc_D(calc);
        const int64_t *Dp = lca_csc_colptr(D), *Di = lca_csc_rowidx(D);
        const double *Dx = lca_csc_values(D);
        for (int64_t j = 0; j < n; j++) {
            v[j].v = 0.0;
            v[j].j = j;
            for (int64_t q = Dp[j]; q < Dp[j + 1]; q++) {
                if (Di[q] == c->ind) v[j].v += Dx[q] * s[j];
            }
        }
        qsort(v, (size_t)n, sizeof *v, by_size);
        k = k < n ? k : n;
        while (k > 0 && v[k - 1].v == 0.0) k--;
        lca_report_bar *b = take(r, k, sizeof *b);
        lca_report_bar *src = take(r, k, sizeof *src);
        char *det = take(r, k, 96);
        if (b == NULL || src == NULL || det == NULL) {
            st = lca__fail(r->ctx, LCA_ERR_NOMEM, "out of memory");
        }
        double sum = 0.0;
        for (int64_t i = 0; st >= 0 && i < k; i++) {
            b[i].label = product_name(M, v[i].j);
            b[i].detail = where_when(M, v[i].j, det + 96 * i, 96);
            b[i].value = v[i].v;
            src[i] = b[i];
            sum += v[i].v;
        }
        r->doc.ncontrib = r->doc.nsources = st >= 0 ? k : 0;
        r->doc.contrib = b;
        r->doc.sources = src;
        r->doc.contrib_rest = c->footprint - sum;
    }
    lca__free(r->ctx, s);
    lca__free(r->ctx, v);
    return st;
}

// "root <- supplier <- ..." of node v into buf (root first).
static void path_label(const lca_model *M, const lca_spa *sp, int64_t v,
                       char *buf, size_t size) {
    const int64_t *parent = lca_spa_parent(sp), *prod = lca_spa_product(sp);
    int64_t chain[64], m = 0;
    for (int64_t u = v; u >= 0 && m < 64; u = parent[u]) chain[m++] = u;
    buf[0] = '\0';
    for (int64_t i = m - 1; i >= 0; i--) {
        size_t len = strlen(buf);
        snprintf(buf + len, size - len, "%s%s", i < m - 1 ? " <- " : "",
                 product_name(M, prod[chain[i]]));
    }
}

// The largest k supply-chain paths of f, and what they miss.
static lca_status fill_paths(lca_report *r, const lca_pcf *p,
                             const lca__pcf_cat *c, lca_calc *calc,
                             const double *f, const lca_report_options *o) {
    lca_spa_options so;
    lca_spa *sp = NULL;
    int64_t count = 0, k = o->npaths;
    lca_spa_options_default(&so);
    so.cutoff = o->spa_cutoff;
    so.top = k;
    lca_status st = lca_spa_create(calc, 1, &c->ind, f, &so, &sp);
    int64_t *v = take(r, k, sizeof *v);
    lca_report_bar *b = take(r, k, sizeof *b);
    char *lab = take(r, k, PATH_LABEL);
    if (st >= 0 && (v == NULL || b == NULL || lab == NULL)) {
        st = lca__fail(r->ctx, LCA_ERR_NOMEM, "out of memory");
    }
    if (st >= 0) st = lca_spa_paths(sp, 0, k, v, &count);
    double sum = 0.0;
    for (int64_t i = 0; st >= 0 && i < count; i++) {
        path_label(p->M, sp, v[i], lab + PATH_LABEL * i, PATH_LABEL);
        b[i].label = lab + PATH_LABEL * i;
        b[i].detail = "";
        b[i].value = lca_spa_direct(sp)[v[i]];
        sum += b[i].value;
    }
    if (st >= 0) {
        r->doc.npaths = count;
        r->doc.paths = b;
        r->doc.paths_rest = lca_spa_total(sp)[0] - sum;
    }
    lca_spa_destroy(&sp);
    return st;
}

// The category's demand per declared unit, densely (n entries).
static void demand(const lca_pcf *p, const lca__pcf_cat *c, double *f) {
    memset(f, 0, (size_t)p->n * sizeof *f);
    for (int64_t i = 0; i < c->nprod; i++) f[c->prod[i]] += c->amount[i];
    for (int64_t i = 0; i < c->nadd; i++) f[c->add[i]] += c->add_amount[i];
}

static lca_status analyse(lca_report *r, const lca_pcf *p,
                          const lca__pcf_cat *c,
                          const lca_report_options *o) {
    lca_calc *calc = NULL;
    double *f = lca__malloc(r->ctx, (size_t)p->n, sizeof *f);
    if (f == NULL) return lca__fail(r->ctx, LCA_ERR_NOMEM, "out of memory");
    demand(p, c, f);
    lca_status st = lca_calc_create(p->M, &p->opt.mc.solver, &calc);
    if (st >= 0 && o->ncontrib > 0) {
        st = fill_contrib(r, p, c, calc, f, o->ncontrib);
    }
    if (st >= 0 && o->npaths > 0) st = fill_paths(r, p, c, calc, f, o);
    lca_calc_destroy(&calc);
    lca__free(r->ctx, f);
    return st < 0 ? st : LCA_OK;
}

static void provenance(lca_report_doc *d, const lca_report_options *o) {
    d->valid_until = str(o->valid_until);
    d->model_file = str(o->model_file);
    d->model_sha256 = str(o->model_sha256);
    d->created_utc = str(o->created_utc);
    d->command_line = str(o->command_line);
    d->engine_version = str(o->engine_version);
}

static lca_status check(const lca_pcf *p, int64_t c,
                        const lca_report_options *o) {
    if (c < 0 || c >= p->ncat) {
        return lca__fail(p->ctx, LCA_ERR_ARG, "report: category %lld "
                         "outside 0..%lld", (long long)c,
                         (long long)p->ncat - 1);
    }
    if (o->ncontrib < 0 || o->ncontrib > MAX_BARS || o->npaths < 0 ||
        o->npaths > MAX_BARS || o->nbins < 0 || o->nbins > MAX_BARS ||
        !(o->spa_cutoff > 0.0 && o->spa_cutoff < 1.0)) {
        return lca__fail(p->ctx, LCA_ERR_ARG, "report: contributions, paths "
                         "and bins must be 0..%d, the path cutoff in (0, 1)",
                         MAX_BARS);
    }
    return LCA_OK;
}

lca_status lca_report_create(const lca_pcf *p, int64_t c,
                             const lca_report_options *opt,
                             lca_report **out) {
    lca_report_options dflt;
    *out = NULL;
    if (opt == NULL) {
        lca_report_options_default(&dflt);
        opt = &dflt;
    }
    lca_status st = check(p, c, opt);
    if (st != LCA_OK) return st;
    lca_report *r = lca__calloc(p->ctx, 1, sizeof *r);
    if (r == NULL) return lca__fail(p->ctx, LCA_ERR_NOMEM, "out of memory");
    r->ctx = p->ctx;
    lca_pcf_result res;
    lca_pcf_result_get(p, c, &res);
    r->doc.contrib_rest = r->doc.paths_rest = NAN;
    r->doc.grades.modal = r->doc.grades.at_confidence = -1;
    r->doc.grades.det_class = -1;
    r->doc.grades.scheme_id = r->doc.grades.scheme_name = "";
    r->doc.grades.unit = "";
    provenance(&r->doc, opt);
    st = fill_rule(r, p, &p->cat[c]);
    if (st == LCA_OK) st = fill_results(r, &res);
    if (st == LCA_OK) st = fill_mc(r, p, &res, opt->nbins);
    if (st == LCA_OK) st = analyse(r, p, &p->cat[c], opt);
    if (st != LCA_OK) {
        lca_report_destroy(&r);
        return st;
    }
    *out = r;
    return LCA_OK;
}

void lca_report_destroy(lca_report **rp) {
    if (rp == NULL || *rp == NULL) return;
    lca_report *r = *rp;
    for (int i = 0; i < r->nown; i++) lca__free(r->ctx, r->own[i]);
    lca__free(r->ctx, r);
    *rp = NULL;
}

const lca_report_doc *lca_report_doc_get(const lca_report *r) {
    return &r->doc;
}

lca_status lca_report_set_grades(lca_report *r, const lca_grades *gr,
                                 int64_t i) {
    if (i < 0 || i >= lca_grades_count(gr)) {
        return lca__fail(r->ctx, LCA_ERR_ARG, "report: grade item %lld "
                         "outside 0..%lld", (long long)i,
                         (long long)lca_grades_count(gr) - 1);
    }
    const lca_grading *g = lca_grades_scheme(gr);
    const lca_grading_spec *s = lca_grading_get(g);
    lca_grade gd;
    lca_grades_get(gr, i, &gd);
    int64_t n = gd.nclasses;
    const char **names = take(r, n, sizeof *names);
    double *prob = take(r, n, sizeof *prob), *thr = take(r, n, sizeof *thr);
    if (names == NULL || prob == NULL || thr == NULL) {
        return lca__fail(r->ctx, LCA_ERR_NOMEM, "out of memory");
    }
    for (int64_t k = 0; k < n; k++) {
        names[k] = lca_grading_class_name(g, k);
        prob[k] = gd.prob[k];
        thr[k] = k < n - 1 ? gd.thresholds[k] : NAN;
    }
    lca_report_grades *o = &r->doc.grades;
    o->scheme_id = s->id;
    o->scheme_name = s->name;
    o->unit = s->unit;
    o->nclasses = n;
    o->names = names;
    o->prob = prob;
    o->thresholds = thr;
    o->det_class = gd.det_class;
    o->modal = gd.modal;
    o->at_confidence = gd.at_confidence;
    o->confidence = gd.confidence;
    o->prob_at_confidence = gd.prob_at_confidence;
    o->nvalid = gd.nvalid;
    return LCA_OK;
}
