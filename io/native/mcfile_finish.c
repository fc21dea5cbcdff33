// io/native/mcfile_finish.c: summaries, exact quantiles and the convergence table
// SPDX-License-Identifier: MIT
//
// Failed iterations hold NaN in the samples and are left out of every
// statistic here, as they are out of the engine's running summaries.

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "engine/ctx_impl.h"
#include "io/hdf5/h5out_impl.h"
#include "io/hdf5/h5rows_impl.h"
#include "io/native/mcfile_impl.h"

#define QUANTILE_BYTES ((int64_t)256 << 20)
#define NQ LCA_MC_NQUANTILES


// Drop NaN (failed iterations) from v[0..n-1]; returns the count kept.
static int64_t keep_finite(double *v, int64_t n) {
    int64_t m = 0;
    for (int64_t i = 0; i < n; i++) {
        if (!isnan(v[i])) v[m++] = v[i];
    }
    return m;
}

static lca_status factor_summaries(lca_mcfile *f, const lca_mc *mc) {
    int64_t len = f->nind * f->n;
    double *buf = lca__malloc(f->ctx, 6 * (size_t)len + 1, sizeof *buf);
    int64_t *count = lca__malloc(f->ctx, (size_t)len + 1, sizeof *count);
    lca_status st = LCA_OK;
    if (buf == NULL || count == NULL) {
        st = lca__fail(f->ctx, LCA_ERR_NOMEM, "out of memory");
        goto done;
    }
    double *cnt = buf, *mean = buf + len, *sd = buf + 2 * len;
    double *se = buf + 3 * len, *mn = buf + 4 * len, *mx = buf + 5 * len;
    lca_mc_summary(mc, count, mean, sd, mn, mx);
    for (int64_t q = 0; q < len; q++) {
        cnt[q] = (double)count[q];
        se[q] = count[q] > 0 ? sd[q] / sqrt((double)count[q]) : NAN;
    }
    const char *names[] = {"factors/count", "factors/mean", "factors/sd",
                           "factors/se", "factors/min", "factors/max"};
    for (int i = 0; i < 6 && st == LCA_OK; i++) {
        st = lca__h5out_write_dense(f->out, names[i], f->nind, f->n,
                                    buf + i * len);
    }
done:
    lca__free(f->ctx, buf);
    lca__free(f->ctx, count);
    return st;
}

// GSD = exp(sd of ln|v|) of v[0..m-1] (sd with m - 1), the lognormal's
// spread; NaN unless every value is nonzero and of one sign.
static double geometric_sd(const double *v, int64_t m) {
    double mean = 0.0, m2 = 0.0;
    for (int64_t i = 0; i < m; i++) {
        if (v[i] == 0.0 || (v[i] > 0.0) != (v[0] > 0.0)) return NAN;
        double x = log(fabs(v[i])), d = x - mean;
        mean += d / (double)(i + 1);
        m2 += d * (x - mean);
    }
    if (m == 0) return NAN;
    return m > 1 ? exp(sqrt(m2 / (double)(m - 1))) : 1.0;
}

// Quantiles of products j0..j0+nj-1 of indicator r into q (NQ x nind x n),
// their GSDs into g (nind x n).
static lca_status quantile_slab(lca_mcfile *f, int64_t r, int64_t j0,
                                int64_t nj, double *slab, double *col,
                                double *q, double *g) {
    lca_status st = lca__h5rows_read(f->factors, f->rows, r, j0, nj, slab);
    for (int64_t c = 0; c < nj && st == LCA_OK; c++) {
        for (int64_t t = 0; t < f->rows; t++) col[t] = slab[t * nj + c];
        int64_t m = keep_finite(col, f->rows);
        g[r * f->n + j0 + c] = geometric_sd(col, m);
        double qs[NQ];
        lca_quantiles(col, m, NQ, lca_mc_quantile_p, qs);
        for (int i = 0; i < NQ; i++) {
            q[(i * f->nind + r) * f->n + j0 + c] = qs[i];
        }
    }
    return st;
}

static lca_status factor_quantiles(lca_mcfile *f, double *out) {
    int64_t len = NQ * f->nind * f->n;
    for (int64_t i = 0; out != NULL && i < len; i++) out[i] = NAN;
    if (f->factors == NULL || f->rows == 0) return LCA_OK;
    int64_t nj = QUANTILE_BYTES / (8 * f->rows);
    if (nj < 1) nj = 1;
    if (nj > f->n) nj = f->n;
    double *slab = lca__malloc(f->ctx, (size_t)(nj * f->rows), sizeof *slab);
    double *col = lca__malloc(f->ctx, (size_t)f->rows, sizeof *col);
    double *q = lca__malloc(f->ctx, (size_t)(NQ * f->nind * f->n) + 1,
                            sizeof *q);
    double *g = lca__malloc(f->ctx, (size_t)(f->nind * f->n), sizeof *g);
    lca__h5rows *qr = NULL;
    lca_status st = LCA_OK;
    if (slab == NULL || col == NULL || q == NULL || g == NULL) {
        st = lca__fail(f->ctx, LCA_ERR_NOMEM, "out of memory for quantiles");
        goto done;
    }
    for (int64_t r = 0; r < f->nind && st == LCA_OK; r++) {
        for (int64_t j0 = 0; j0 < f->n && st == LCA_OK; j0 += nj) {
            int64_t w = (j0 + nj <= f->n) ? nj : f->n - j0;
            st = lca__mcfile_check_stop(f);
            if (st == LCA_OK) st = quantile_slab(f, r, j0, w, slab, col, q, g);
        }
    }
    if (st == LCA_OK) st = lca__h5rows_create(f->out, "factors/quantiles",
                                              f->nind, f->n, NQ, &qr);
    if (st == LCA_OK) st = lca__h5rows_write(qr, 0, NQ, q);
    if (st == LCA_OK) {
        st = lca__h5out_write_dense(f->out, "factors/gsd", f->nind, f->n, g);
    }
    if (st == LCA_OK && out != NULL) memcpy(out, q, (size_t)len * sizeof *q);
done:
    lca__h5rows_close(&qr);
    lca__free(f->ctx, slab);
    lca__free(f->ctx, col);
    lca__free(f->ctx, q);
    lca__free(f->ctx, g);
    return st;
}

// Mean, sd and quantiles of v (finite values only) into out[0..NQ+1].
// Welford, as the engine's summaries: exact for constant samples.
static void describe(double *v, int64_t n, double *out) {
    int64_t m = keep_finite(v, n);
    double mean = 0.0, m2 = 0.0;
    for (int64_t i = 0; i < m; i++) {
        double d = v[i] - mean;
        mean += d / (double)(i + 1);
        m2 += d * (v[i] - mean);
    }
    out[0] = m > 0 ? mean : NAN;
    out[1] = m > 1 ? sqrt(m2 / (double)(m - 1)) : (m == 1 ? 0.0 : NAN);
    lca_quantiles(v, m, NQ, lca_mc_quantile_p, out + 2);
}

// Checkpoints of the convergence table: 100, 1000, ... below rows, and rows.
static int64_t checkpoints(int64_t rows, int64_t *cp) {
    int64_t nc = 0;
    for (int64_t c = 100; c < rows && nc < 15; c *= 10) cp[nc++] = c;
    if (rows > 0) cp[nc++] = rows;
    return nc;
}

// Mean and 95 % half-width (1.96 sd / sqrt(m)) over the first c samples.
static void converge(const double *v, int64_t c, double *mean, double *half) {
    double mu = 0.0, m2 = 0.0;
    int64_t m = 0;
    for (int64_t i = 0; i < c; i++) {
        if (isnan(v[i])) continue;
        double d = v[i] - mu;
        mu += d / (double)++m;
        m2 += d * (v[i] - mu);
    }
    *mean = m > 0 ? mu : NAN;
    *half = m > 1 ? 1.96 * sqrt(m2 / (double)(m - 1)) / sqrt((double)m) : NAN;
}

typedef struct demand_tables {
    double *desc;  // (2 + NQ) x nd x nind: mean, sd, quantiles
    double *conv;  // 2 x nc x nd x nind: mean, half-width
    int64_t cp[16], nc;
} demand_tables;

static lca_status demand_pass(lca_mcfile *f, demand_tables *t, double *all,
                              double *v) {
    int64_t per = f->nd * f->nind;
    for (int64_t j = 0; j < f->nd; j++) {
        lca_status st = lca__h5rows_read(f->scores, f->rows, j, 0, f->nind,
                                         all);
        if (st != LCA_OK) return st;
        for (int64_t r = 0; r < f->nind; r++) {
            for (int64_t i = 0; i < f->rows; i++) v[i] = all[i * f->nind + r];
            for (int64_t c = 0; c < t->nc; c++) {
                double *cv = t->conv + c * per + j * f->nind + r;
                converge(v, t->cp[c], cv, cv + t->nc * per);
            }
            double d[2 + NQ];
            describe(v, f->rows, d);
            for (int i = 0; i < 2 + NQ; i++) {
                t->desc[i * per + j * f->nind + r] = d[i];
            }
        }
    }
    return LCA_OK;
}

static lca_status write_demand_tables(lca_mcfile *f, demand_tables *t) {
    int64_t per = f->nd * f->nind;
    lca_status st = lca__h5out_write_dense(f->out, "demands/mean", f->nd,
                                           f->nind, t->desc);
    if (st == LCA_OK) st = lca__h5out_write_dense(f->out, "demands/sd", f->nd,
                                                  f->nind, t->desc + per);
    lca__h5rows *q = NULL, *cm = NULL, *ch = NULL;
    if (st == LCA_OK) st = lca__h5rows_create(f->out, "demands/quantiles",
                                              f->nd, f->nind, NQ, &q);
    if (st == LCA_OK) st = lca__h5rows_write(q, 0, NQ, t->desc + 2 * per);
    if (st == LCA_OK) st = lca__h5out_write_ints(f->out,
                                                 "convergence/iterations",
                                                 t->nc, t->cp);
    if (st == LCA_OK) st = lca__h5rows_create(f->out, "convergence/mean",
                                              f->nd, f->nind, t->nc, &cm);
    if (st == LCA_OK) st = lca__h5rows_write(cm, 0, t->nc, t->conv);
    if (st == LCA_OK) st = lca__h5rows_create(
                           f->out, "convergence/ci95_halfwidth", f->nd,
                           f->nind, t->nc, &ch);
    if (st == LCA_OK) st = lca__h5rows_write(ch, 0, t->nc,
                                             t->conv + t->nc * per);
    lca__h5rows_close(&q);
    lca__h5rows_close(&cm);
    lca__h5rows_close(&ch);
    return st;
}

static lca_status demand_summaries(lca_mcfile *f, double *out) {
    int64_t len = (2 + NQ) * f->nd * f->nind;
    for (int64_t i = 0; out != NULL && i < len; i++) out[i] = NAN;
    if (f->nd == 0 || f->rows == 0) return LCA_OK;
    demand_tables t;
    t.nc = checkpoints(f->rows, t.cp);
    int64_t per = f->nd * f->nind;
    t.desc = lca__malloc(f->ctx, (size_t)((2 + NQ) * per), sizeof *t.desc);
    t.conv = lca__malloc(f->ctx, (size_t)(2 * t.nc * per), sizeof *t.conv);
    double *all = lca__malloc(f->ctx, (size_t)(f->rows * f->nind), sizeof *all);
    double *v = lca__malloc(f->ctx, (size_t)f->rows, sizeof *v);
    lca_status st = LCA_OK;
    if (t.desc == NULL || t.conv == NULL || all == NULL || v == NULL) {
        st = lca__fail(f->ctx, LCA_ERR_NOMEM, "out of memory");
    }
    if (st == LCA_OK) st = demand_pass(f, &t, all, v);
    if (st == LCA_OK) st = write_demand_tables(f, &t);
    if (st == LCA_OK && out != NULL) {
        memcpy(out, t.desc, (size_t)len * sizeof *out);
    }
    lca__free(f->ctx, t.desc);
    lca__free(f->ctx, t.conv);
    lca__free(f->ctx, all);
    lca__free(f->ctx, v);
    return st;
}

static lca_status write_failures(lca_mcfile *f) {
    int64_t nf = f->st.nfail;
    const char **why = lca__malloc(f->ctx, (size_t)nf + 1, sizeof *why);
    if (why == NULL) return lca__fail(f->ctx, LCA_ERR_NOMEM, "out of memory");
    for (int64_t i = 0; i < nf; i++) {
        why[i] = lca_mc_fail_str((lca_mc_fail)f->st.fail_code[i]);
    }
    lca_status st = lca__h5out_write_ints(f->out, "failures/iteration", nf,
                                          f->st.fail_iter);
    if (st == LCA_OK) st = lca__h5out_write_strings(f->out, "failures/reason",
                                                    nf, why);
    lca__free(f->ctx, why);
    return st;
}

// The path the run took (docs/MONTECARLO.md): chosen, asked, the Krylov
// method and tolerance, and AUTO's pilot and cost model.
static lca_status write_solver_attrs(lca_mcfile *f, const lca_mc *mc) {
    lca_mc_solver_info i = lca_mc_get_solver_info(mc);
    char tol[32], costs[96];
    snprintf(tol, sizeof tol, "%.3g", i.tol);
    snprintf(costs, sizeof costs, "direct %.4g s, iterative %.4g s",
             i.cost_direct, i.cost_iterative);
    const char *sk[] = {"mc_solver", "mc_solver_asked", "krylov_method",
                        "krylov_tol", "mc_solver_cost_model"};
    const char *sv[] = {lca_mc_solver_str(i.chosen),
                        lca_mc_solver_str(i.asked), lca_krylov_str(i.method),
                        tol, costs};
    lca_status st = LCA_OK;
    int n = i.chosen == LCA_MC_SOLVER_ITERATIVE ? 4 : 2;
    if (i.pilot > 0) n = 5;
    for (int k = 0; k < n && st == LCA_OK; k++) {
        st = lca__h5out_set_attr(f->out, "/", sk[k], sv[k]);
    }
    if (st == LCA_OK && i.pilot > 0) {
        st = lca__h5out_set_attr_int(f->out, "/", "mc_solver_pilot", i.pilot);
    }
    return st;
}

static lca_status write_attrs(lca_mcfile *f, const lca_mc *mc) {
    const char *keys[] = {"iterations_run", "iterations_done",
                          "iterations_failed", "draws_clamped",
                          "iterations_iterative", "iterations_fallback",
                          "krylov_iterations_total"};
    lca_mc_state s = lca_mc_get_state(mc);
    int64_t vals[] = {f->rows, lca_mc_done(mc), lca_mc_nfailed(mc),
                      f->st.nclamped, s.niterative, s.nfallback, s.nkrylov};
    lca_status st = write_solver_attrs(f, mc);
    for (int i = 0; i < 7 && st == LCA_OK; i++) {
        st = lca__h5out_set_attr_int(f->out, "/", keys[i], vals[i]);
    }
    if (st == LCA_OK) {
        st = lca__h5out_set_attr(f->out, "/", "quantile_method",
                                 "exact, Hyndman-Fan type 7 over all "
                                 "successful iterations");
    }
    if (st == LCA_OK) {
        st = lca__h5out_set_attr(f->out, "/", "quantile_probabilities",
                                 "0.025,0.05,0.25,0.5,0.75,0.95,0.975");
    }
    if (st == LCA_OK) st = lca__h5out_set_attr(f->out, "/", "fingerprint",
                                               f->st.fingerprint);
    for (int64_t i = 0; i < f->nattrs && st == LCA_OK; i++) {
        const lca__mcattr *a = &f->attrs[i];
        if (a->value != NULL) {
            st = lca__h5out_set_attr(f->out, "/", a->key, a->value);
        } else if (a->is_u64) {
            st = lca__h5out_set_attr_u64(f->out, "/", a->key, a->uvalue);
        } else {
            st = lca__h5out_set_attr_int(f->out, "/", a->key, a->ivalue);
        }
    }
    return st;
}

lca_status lca__mcfile_assemble(lca_mcfile *f, const lca_mc *mc,
                                double *factor_q, double *demand_q) {
    lca_status st = lca__mcfile_open_results(f);
    if (st == LCA_OK) st = lca__mcfile_copy_segments(f);
    if (st == LCA_OK) st = factor_summaries(f, mc);
    if (st == LCA_OK) st = factor_quantiles(f, factor_q);
    if (st == LCA_OK) st = demand_summaries(f, demand_q);
    if (st == LCA_OK) st = write_failures(f);
    if (st == LCA_OK) st = write_attrs(f, mc);
    lca__h5rows_close(&f->scores);
    lca__h5rows_close(&f->factors);
    lca__h5rows_close(&f->solver_path);
    lca__h5rows_close(&f->solver_krylov);
    if (st == LCA_OK) return lca__h5out_commit(&f->out);
    lca__h5out_destroy(&f->out);
    return st;
}
