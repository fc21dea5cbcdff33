// cli/run.c: read a model, factorize once, compute, write, report
// SPDX-License-Identifier: MIT
//
// Nothing is written until everything is computed; the results file then
// appears atomically, so a failure at any step leaves no output behind.

#define _POSIX_C_SOURCE 200809L

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "run.h"

static void utc_now(char *buf, size_t size) {
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static double seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void run_data_free(run_data *d) {
    free(d->ind);
    free(d->fl);
    free(d->dem);
    free(d->N);
    free(d->D);
    free(d->Mf);
    free(d->S);
    free(d->G);
    free(d->H);
    free(d->Pt);
    free(d->Pd);
}

// idx[i] = index of names[i] on axis; all of the axis when count == 0.
static lca_status resolve(const lca_model *M, lca_axis axis,
                          const char *const *names, int count, int all,
                          int64_t **idx, int64_t *nidx) {
    lca_ctx *ctx = lca_model_ctx(M);
    int64_t dim = lca_model_dim(M, axis);
    int64_t len = (count == 0 && all) ? dim : count;
    *idx = malloc(sizeof **idx * (size_t)(len + 1));
    if (*idx == NULL) return LCA_ERR_NOMEM;
    *nidx = len;
    for (int64_t i = 0; i < len; i++) {
        if (count == 0) {
            (*idx)[i] = i;
            continue;
        }
        lca_status st = lca_model_lookup(M, axis, names[i], &(*idx)[i]);
        if (st != LCA_OK) return st;
    }
    (void)ctx;
    return LCA_OK;
}

static lca_status resolve_demands(const lca_model *M, const run_opts *o,
                                  run_data *d) {
    if (!o->want_demands) return LCA_OK;
    if (o->demand_set != NULL) {
        int64_t s, count;
        lca_status st = lca_model_lookup_demand_set(M, o->demand_set, &s);
        if (st != LCA_OK) return st;
        const int64_t *set = lca_model_demand_set(M, s, &count);
        d->dem = malloc(sizeof *d->dem * (size_t)(count + 1));
        if (d->dem == NULL) return LCA_ERR_NOMEM;
        memcpy(d->dem, set, sizeof *d->dem * (size_t)count);
        d->nd = count;
        return LCA_OK;
    }
    return resolve(M, LCA_DEMANDS, o->demands, o->ndemands, 1, &d->dem,
                   &d->nd);
}

// What each product contributes to demand j's scores h, for all k
// indicators (k x n each): Pt(i,p) = N(i,p) f_p, the footprint of the
// final demand for p (consumption-based), and Pd(i,p) = D(i,p) s_p, what
// is emitted where p is made (production-based). Both sum over p to h:
// N f = D T^-1 f = D s.
static lca_status by_product(lca_calc *c, const lca_model *M,
                             const double *S, run_data *d) {
    size_t n = (size_t)d->n, k = (size_t)d->k, nd = (size_t)d->nd;
    double *N = malloc(sizeof *N * k * n + 1);
    double *D = malloc(sizeof *D * k * n + 1);
    double *f = malloc(sizeof *f * n + 1);
    d->Pt = malloc(sizeof *d->Pt * nd * k * n + 1);
    d->Pd = malloc(sizeof *d->Pd * nd * k * n + 1);
    lca_status st = LCA_ERR_NOMEM;
    if (N != NULL && D != NULL && f != NULL && d->Pt != NULL &&
        d->Pd != NULL) {
        st = k > 0 ? lca_calc_factors(c, d->k, NULL, N, D) : LCA_OK;
    }
    for (size_t j = 0; j < nd && st >= 0; j++) {
        lca_model_demand_dense(M, d->dem[j], f);
        const double *s = S + j * n;
        for (size_t i = 0; i < k; i++) {
            double *pt = d->Pt + (j * k + i) * n, *pd = d->Pd + (j * k + i) * n;
            for (size_t p = 0; p < n; p++) {
                pt[p] = N[i * n + p] * f[p];
                pd[p] = D[i * n + p] * s[p];
            }
        }
    }
    free(N);
    free(D);
    free(f);
    return st;
}

// The worst backward error of the solves so far.
static void note_backward_error(const lca_calc *c, run_data *d) {
    double be = lca_solver_solve_info(lca_calc_solver(c)).backward_error;
    if (be > d->backward_error) d->backward_error = be;
}

// Supply (kept for --by-product even when not written), inventory and
// scores of the selected demands.
static lca_status compute_demands(lca_calc *c, const lca_model *M,
                                  const run_opts *o, run_data *d) {
    size_t n = (size_t)d->n, nd = (size_t)d->nd;
    double *own_S = NULL;
    d->H = malloc(sizeof *d->H * (size_t)d->k * nd + 1);
    if (o->write_supply) d->S = malloc(sizeof *d->S * n * nd + 1);
    if (o->write_inventory) d->G = malloc(sizeof *d->G * (size_t)d->m * nd + 1);
    if (o->by_product && !o->write_supply) {
        own_S = malloc(sizeof *own_S * n * nd + 1);
    }
    double *S = o->write_supply ? d->S : own_S;
    lca_status st = LCA_ERR_NOMEM;
    if (d->H != NULL && (!o->write_supply || d->S != NULL) &&
        (!o->write_inventory || d->G != NULL) && (!o->by_product || S)) {
        st = lca_calc_demands(c, d->nd, d->dem, S, d->G, d->H);
    }
    if (st >= 0) note_backward_error(c, d);
    if (st >= 0 && o->by_product) {
        lca_status st2 = by_product(c, M, S, d);
        st = (st2 < 0 || st2 > st) ? st2 : st;
        if (st2 >= 0) note_backward_error(c, d);
    }
    free(own_S);
    return st;
}

static lca_status compute(lca_calc *c, const lca_model *M, const run_opts *o,
                          run_data *d) {
    lca_status st = LCA_OK, worst = LCA_OK;
    size_t n = (size_t)d->n;
    if (o->want_factors) {
        d->N = malloc(sizeof *d->N * (size_t)d->nind * n + 1);
        d->D = malloc(sizeof *d->D * (size_t)d->nind * n + 1);
        d->Mf = malloc(sizeof *d->Mf * (size_t)d->nfl * n + 1);
        if (d->N == NULL || d->D == NULL || d->Mf == NULL) return LCA_ERR_NOMEM;
        st = lca_calc_factors(c, d->nind, d->ind, d->N, d->D);
        if (st < 0) return st;
        if (st > worst) worst = st;
        d->backward_error = lca_solver_solve_info(lca_calc_solver(c))
                                .backward_error;
        if (d->nfl > 0) st = lca_calc_flow_factors(c, d->nfl, d->fl, d->Mf);
        if (st < 0) return st;
        if (st > worst) worst = st;
    }
    if (d->nd > 0) {
        st = compute_demands(c, M, o, d);
        if (st < 0) return st;
        if (st > worst) worst = st;
    }
    return worst;
}

// Model read, names resolved, calculation done: all before any output.
static int run_steps(const cli_env *env, lca_ctx *ctx, const run_opts *o,
                     lca_model **M, run_data *d) {
    lca_status st = lca_model_read(ctx, o->model_path, M);
    if (st == LCA_OK) {
        st = lca_file_sha256(ctx, o->model_path, d->model_sha256);
    }
    if (st != LCA_OK) return cli_fail_in(env, ctx, st, o->model_path);
    d->n = lca_model_dim(*M, LCA_PRODUCTS);
    d->m = lca_model_dim(*M, LCA_FLOWS);
    d->k = lca_model_dim(*M, LCA_INDICATORS);
    st = resolve(*M, LCA_INDICATORS, o->indicators, o->nindicators, 1,
                 &d->ind, &d->nind);
    if (st == LCA_OK) {
        st = resolve(*M, LCA_FLOWS, o->flows, o->nflows, 0, &d->fl, &d->nfl);
    }
    if (st == LCA_OK) st = resolve_demands(*M, o, d);
    if (st != LCA_OK) return cli_fail_in(env, ctx, st, o->model_path);
    if (o->want_demands && d->nd == 0 && !o->want_factors) {
        fprintf(stderr, "leontief %s: error: %s has no demand vectors; use "
                "'leontief factors' for per-product results\n", env->cmd,
                o->model_path);
        return CLI_EXIT_INPUT;
    }
    lca_solver_options opt;
    lca_solver_options_default(&opt);
    opt.kind = o->kind;
    lca_calc *c = NULL;
    double t0 = seconds();
    st = lca_calc_create(*M, &opt, &c);
    d->seconds_factor = seconds() - t0;
    if (st < 0) return cli_fail_in(env, ctx, st, o->model_path);
    cli_warn(env, ctx, st);
    d->finfo = lca_solver_factor_info(lca_calc_solver(c));
    t0 = seconds();
    st = compute(c, *M, o, d);
    d->seconds_solve = seconds() - t0;
    lca_calc_destroy(&c);
    if (st < 0) return cli_fail_in(env, ctx, st, o->model_path);
    cli_warn(env, ctx, st);
    return -1;
}

// The results file (lca_results_write) from what the run computed.
static lca_status write_results(const cli_env *env, const run_opts *o,
                                const lca_model *M, const run_data *d) {
    lca_results_data r = {
        .command_line = env->command_line,
        .model_file = o->model_path,
        .model_sha256 = d->model_sha256,
        .created_utc = d->started,
        .finished_utc = d->finished,
        .solver = d->finfo.kind,
        .rcond_estimate = d->finfo.rcond,
        .backward_error = d->backward_error,
        .threads = d->threads,
        .nind = d->nind, .ind = d->ind, .N = d->N, .D = d->D,
        .nfl = d->nfl, .fl = d->fl, .Mf = d->Mf,
        .nd = d->nd, .dem = d->dem, .H = d->H, .S = d->S, .G = d->G,
        .Pt = d->Pt, .Pd = d->Pd,
    };
    return lca_results_write(M, &r, o->out_path);
}

int run_calc(const cli_env *env, const run_opts *o) {
    lca_ctx *ctx = NULL;
    if (lca_ctx_create(&ctx) != LCA_OK) return cli_fail(env, NULL,
                                                         LCA_ERR_NOMEM, 0);
    if (o->threads > 0) lca_ctx_set_nthreads(ctx, (int)o->threads);
    run_data d;
    memset(&d, 0, sizeof d);
    d.threads = lca_ctx_nthreads(ctx);
    utc_now(d.started, sizeof d.started);
    lca_model *M = NULL;
    int rc = run_steps(env, ctx, o, &M, &d);
    if (rc < 0) {
        utc_now(d.finished, sizeof d.finished);
        lca_status st = write_results(env, o, M, &d);
        if (st != LCA_OK) {
            rc = cli_fail(env, ctx, st, 1);
        } else {
            run_report(o, M, &d);
            rc = CLI_EXIT_OK;
        }
    }
    run_data_free(&d);
    lca_model_destroy(&M);
    lca_ctx_destroy(&ctx);
    return rc;
}
