// engine/factordb/fdb_build.c: the deterministic records of a release (lca_fdb_create)
// SPDX-License-Identifier: MIT
//
// One factorization serves everything: the factor solves of the total and
// its components, the seven data-quality solves, the cut-off share solve.
// Direct shares and the trace need no solve at all: T' lambda = d gives,
// column p of T, lambda_p T(p,p) = d_p - sum_{i != p} T(i,p) lambda_i, an
// exact split of each factor into the own process and its direct inputs.
// A per-product contribution analysis (n forward solves) was rejected:
// on the eco-shaped system it costs as much as a third of a 1,000-
// iteration Monte Carlo run, and the record-by-record trace reaches every
// process behind a factor anyway.

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctx_impl.h"
#include "fdb_impl.h"
#include "lca/calc.h"

void lca_fdb_options_default(lca_fdb_options *opt) {
    memset(opt, 0, sizeof *opt);
    opt->indicator = 0;
    opt->trace_min_share = 0.01;
    opt->missing_score = 5.0;
    opt->boundary = "cradle-to-gate";
    lca_solver_options_default(&opt->solver);
}

static lca_status check_options(const lca_model *M, const lca_fdb_options *o) {
    lca_ctx *ctx = lca_model_ctx(M);
    int64_t k = lca_model_dim(M, LCA_INDICATORS);
    if (o->indicator < 0 || o->indicator >= k) {
        return lca__fail(ctx, LCA_ERR_ARG, "indicator %lld is outside 0..%lld",
                         (long long)o->indicator, (long long)k - 1);
    }
    for (int64_t j = 0; j < o->ncomponents; j++) {
        int64_t r = o->components[j].indicator;
        if (r < 0 || r >= k) {
            return lca__fail(ctx, LCA_ERR_ARG,
                             "component %lld: indicator "
                             "%lld is outside 0..%lld",
                             (long long)j, (long long)r, (long long)k - 1);
        }
    }
    if (!(o->trace_min_share >= 0.0) || o->boundary == NULL) {
        return lca__fail(ctx, LCA_ERR_ARG,
                         "trace share %g or boundary not "
                         "given",
                         o->trace_min_share);
    }
    return LCA_OK;
}

// Product ids, names, units, regions and periods; an unset id is "P<i>", as exports number
// them.
static lca_status product_texts(lca_fdb *db, const lca_model *M) {
    lca_status st = LCA_OK;
    for (int64_t i = 0; i < db->n && st == LCA_OK; i++) {
        const char *id = lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_ID, i);
        char num[32];
        if (id[0] == '\0') {
            snprintf(num, sizeof num, "P%lld", (long long)i);
            id = num;
        }
        st = lca_fdb_set_text(db, LCA_FDB_PRODUCT_ID, i, id);
        if (st == LCA_OK) {
            st = lca_fdb_set_text(
                db, LCA_FDB_PRODUCT_NAME, i,
                lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_NAME, i));
        }
        const lca_fdb_text t[] = {LCA_FDB_UNIT, LCA_FDB_REGION,
                                  LCA_FDB_PERIOD};
        const lca_label l[] = {LCA_LABEL_UNIT, LCA_LABEL_REGION,
                               LCA_LABEL_PERIOD};
        for (int k = 0; k < 3 && st == LCA_OK; k++) {
            st = lca_fdb_set_text(db, t[k], i,
                                  lca_model_label(M, LCA_PRODUCTS, l[k], i));
        }
    }
    return st;
}

// An indicator's id, or its name when the id is unset.
static const char *indicator_key(const lca_model *M, int64_t i) {
    const char *id = lca_model_label(M, LCA_INDICATORS, LCA_LABEL_ID, i);
    return id[0] != '\0' ? id
                         : lca_model_label(M, LCA_INDICATORS, LCA_LABEL_NAME, i);
}

// The release strings: GWP set, boundary, the total indicator's id, unit.
static lca_status infos(lca_fdb *db, const lca_model *M,
                        const lca_fdb_options *o) {
    const char *name =
        lca_model_label(M, LCA_INDICATORS, LCA_LABEL_NAME, o->indicator);
    const char *id = indicator_key(M, o->indicator);
    const char *set =
        o->gwp_set != NULL ? o->gwp_set : (name[0] != '\0' ? name : id);
    lca_status st = lca_fdb_set_info(db, LCA_FDB_GWP_SET, set);
    if (st == LCA_OK) st = lca_fdb_set_info(db, LCA_FDB_BOUNDARY, o->boundary);
    if (st == LCA_OK) st = lca_fdb_set_info(db, LCA_FDB_IND_ID, id);
    if (st == LCA_OK) {
        st = lca_fdb_set_info(
            db, LCA_FDB_IND_UNIT,
            lca_model_label(M, LCA_INDICATORS, LCA_LABEL_UNIT, o->indicator));
    }
    return st;
}

// Count of report lines per kind, and the provider ties in full.
static lca_status report_summary(lca_fdb *db, const lca_model *M) {
    lca_status st = LCA_OK;
    for (int64_t r = 0; r < lca_model_nreports(M) && st == LCA_OK; r++) {
        const char *kind = lca_model_report(M, r, LCA_REPORT_KIND);
        st = lca_fdb_add_report_kind(db, kind, 1);
        if (st == LCA_OK && strcmp(kind, "provider tie") == 0) {
            st = lca_fdb_add_tie(db, lca_model_report(M, r, LCA_REPORT_ID),
                                 lca_model_report(M, r, LCA_REPORT_NAME),
                                 lca_model_report(M, r, LCA_REPORT_DETAIL));
        }
    }
    return st;
}

// Cut-off inputs per product: the "unlinked input" lines of the import
// report, whose detail starts "process <id> (" (io/import/procdb).
static void count_cutoffs(lca_fdb *db, const lca_model *M) {
    double *count = lca_fdb_num_mut(db, LCA_FDB_CUTOFF_INPUTS);
    for (int64_t i = 0; i < db->n; i++) count[i] = 0.0;
    const char prefix[] = "process ";
    for (int64_t r = 0; r < lca_model_nreports(M); r++) {
        const char *d = lca_model_report(M, r, LCA_REPORT_DETAIL);
        if (strcmp(lca_model_report(M, r, LCA_REPORT_KIND), "unlinked input") ||
            strncmp(d, prefix, sizeof prefix - 1) != 0) {
            continue;
        }
        d += sizeof prefix - 1;
        const char *end = strstr(d, " (");
        char id[256];
        size_t len = end != NULL ? (size_t)(end - d) : sizeof id;
        if (len >= sizeof id) continue;
        memcpy(id, d, len);
        id[len] = '\0';
        for (int64_t p = 0; p < db->n; p++) {
            if (strcmp(lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_ID, p), id) ==
                0) {
                count[p] += 1.0;
                break;
            }
        }
    }
}

// Entries of one record's trace, sorted by falling |share|, then input.
typedef struct trace_entry {
    int64_t input;
    double share;
} trace_entry;

static int by_share(const void *a, const void *b) {
    const trace_entry *x = a, *y = b;
    double u = fabs(x->share), v = fabs(y->share);
    if (u != v) return u > v ? -1 : 1;
    return (x->input > y->input) - (x->input < y->input);
}

// Direct share and traced inputs of every product from lambda (the total)
// and d = D(t,:): column p of T splits lambda_p exactly.
static lca_status trace(lca_fdb *db, const lca_model *M, const double *lambda,
                        const double *d, double min_share) {
    const lca_csc *T = lca_model_tech(M);
    const int64_t *Tp = lca_csc_colptr(T), *Ti = lca_csc_rowidx(T);
    const double *Tx = lca_csc_values(T);
    int64_t n = db->n, nnz = lca_csc_nnz(T);
    double *direct = lca_fdb_num_mut(db, LCA_FDB_DIRECT_SHARE);
    int64_t *ptr = lca__malloc(db->ctx, (size_t)n + 1, sizeof *ptr);
    trace_entry *e = lca__malloc(db->ctx, (size_t)nnz, sizeof *e);
    int64_t *in = lca__malloc(db->ctx, (size_t)nnz, sizeof *in);
    double *sh = lca__malloc(db->ctx, (size_t)nnz, sizeof *sh);
    lca_status st = LCA_OK;
    if (ptr == NULL || e == NULL || in == NULL || sh == NULL) {
        st = lca__fail(db->ctx, LCA_ERR_NOMEM, "out of memory");
        goto done;
    }
    ptr[0] = 0;
    for (int64_t p = 0; p < n; p++) {
        double diag = 0.0;
        for (int64_t q = Tp[p]; q < Tp[p + 1]; q++) {
            if (Ti[q] == p) diag = Tx[q];
        }
        double whole = diag * lambda[p];  // = d_p - sum_{i != p} T_ip lambda_i
        int ok = whole != 0.0 && isfinite(whole);
        direct[p] = ok ? d[p] / whole : NAN;
        int64_t c = 0;
        for (int64_t q = Tp[p]; ok && q < Tp[p + 1]; q++) {
            double s = -Tx[q] * lambda[Ti[q]] / whole;
            if (Ti[q] != p && s != 0.0 && fabs(s) >= min_share) {
                e[c].input = Ti[q];
                e[c++].share = s;
            }
        }
        qsort(e, (size_t)c, sizeof *e, by_share);
        for (int64_t q = 0; q < c; q++) {
            in[ptr[p] + q] = e[q].input;
            sh[ptr[p] + q] = e[q].share;
        }
        ptr[p + 1] = ptr[p] + c;
    }
    st = lca_fdb_set_trace(db, ptr, in, sh);
done:
    lca__free(db->ctx, ptr);
    lca__free(db->ctx, e);
    lca__free(db->ctx, in);
    lca__free(db->ctx, sh);
    return st;
}

// Factors of the total and the components, direct shares and the trace.
static lca_status factors(lca_fdb *db, lca_calc *calc,
                          const lca_fdb_options *o) {
    int64_t n = db->n, r = 1 + o->ncomponents;
    int64_t *ind = lca__malloc(db->ctx, (size_t)r, sizeof *ind);
    double *N = lca__malloc(db->ctx, (size_t)(r * n), sizeof *N);
    double *D = lca__malloc(db->ctx, (size_t)(r * n), sizeof *D);
    lca_status st = LCA_OK;
    if (ind == NULL || N == NULL || D == NULL) {
        st = lca__fail(db->ctx, LCA_ERR_NOMEM, "out of memory");
        goto done;
    }
    ind[0] = o->indicator;
    for (int64_t j = 0; j < o->ncomponents; j++) {
        ind[1 + j] = o->components[j].indicator;
    }
    st = lca_calc_factors(calc, r, ind, N, D);
    if (st < 0) goto done;
    memcpy(lca_fdb_num_mut(db, LCA_FDB_FACTOR), N, (size_t)n * sizeof *N);
    for (int64_t j = 0; j < o->ncomponents; j++) {
        memcpy(lca_fdb_component_mut(db, j, LCA_FDB_FACTOR), N + (1 + j) * n,
               (size_t)n * sizeof *N);
    }
    lca_status tst = trace(db, lca_calc_model(calc), N, D, o->trace_min_share);
    if (tst != LCA_OK) st = tst;
done:
    lca__free(db->ctx, ind);
    lca__free(db->ctx, N);
    lca__free(db->ctx, D);
    return st;
}

// The data-quality columns and the cut-off share.
static lca_status quality(lca_fdb *db, lca_calc *calc,
                          const lca_fdb_options *o) {
    int64_t n = db->n;
    lca_dqr_options dq;
    lca_dqr_options_default(&dq);
    dq.indicator = o->indicator;
    dq.missing_score = o->missing_score;
    double *Q = lca__malloc(db->ctx, (size_t)(LCA_DQR_NSCORES * n), sizeof *Q);
    uint8_t *flag = lca__malloc(db->ctx, (size_t)n, sizeof *flag);
    lca_status st = LCA_OK;
    if (Q == NULL || flag == NULL) {
        st = lca__fail(db->ctx, LCA_ERR_NOMEM, "out of memory");
        goto done;
    }
    st = lca_calc_dqr(calc, &dq, Q, lca_fdb_num_mut(db, LCA_FDB_DQR),
                      lca_fdb_num_mut(db, LCA_FDB_DQR_UNSCORED));
    if (st < 0) goto done;
    for (int q = 0; q < LCA_DQR_NSCORES; q++) {
        memcpy(lca_fdb_num_mut(db, (lca_fdb_num)(LCA_FDB_DQR_RELIABILITY + q)),
               Q + q * n, (size_t)n * sizeof *Q);
    }
    const double *count = lca_fdb_num_get(db, LCA_FDB_CUTOFF_INPUTS);
    for (int64_t p = 0; p < n; p++) flag[p] = count[p] > 0.0;
    lca_status sst = lca_calc_dqr_share(
        calc, o->indicator, flag, lca_fdb_num_mut(db, LCA_FDB_CUTOFF_SHARE));
    if (sst != LCA_OK) st = sst;
done:
    lca__free(db->ctx, Q);
    lca__free(db->ctx, flag);
    return st;
}

lca_status lca_fdb_create(const lca_model *M, const lca_fdb_options *opt,
                          lca_fdb **out) {
    lca_ctx *ctx = lca_model_ctx(M);
    lca_fdb *db = NULL;
    lca_calc *calc = NULL;
    *out = NULL;
    lca_status st = check_options(M, opt);
    if (st == LCA_OK) {
        st = lca_fdb_create_empty(ctx, lca_model_dim(M, LCA_PRODUCTS),
                                  opt->ncomponents, &db);
    }
    for (int64_t j = 0; st == LCA_OK && j < opt->ncomponents; j++) {
        st = lca_fdb_set_component(db, j, opt->components[j].kind,
                                   opt->components[j].name, 0);
        if (st == LCA_OK) {
            st = lca__fdb_set_component_indicator(
                db, j, indicator_key(M, opt->components[j].indicator));
        }
    }
    if (st == LCA_OK) st = product_texts(db, M);
    if (st == LCA_OK) st = infos(db, M, opt);
    if (st == LCA_OK) st = report_summary(db, M);
    if (st != LCA_OK) goto done;
    count_cutoffs(db, M);
    st = lca_calc_create(M, &opt->solver, &calc);
    if (st < 0) goto done;
    lca_status warn = st;
    st = factors(db, calc, opt);
    if (st >= 0) st = quality(db, calc, opt);
    if (st >= 0) {
        *out = db;
        db = NULL;
        st = st != LCA_OK ? st : warn;
    }
done:
    lca_calc_destroy(&calc);
    lca_fdb_destroy(&db);
    return st;
}
