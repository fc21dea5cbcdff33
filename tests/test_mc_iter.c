// tests/test_mc_iter.c: Monte Carlo's iterative path (engine/mc/mc_iter.c,
// engine/mc/mc_auto.c) against the direct path
// SPDX-License-Identifier: MIT
//
// The same seed both ways on the tiny example (lognormal spreads put on
// its inputs) and on a generated 400-activity system (the generator's
// ecoinvent-like records). Every iteration's factors must agree within
// the residual bound: both paths leave a normwise backward error w <=
// 1e-14 per system, so |x_it - x_dir|_inf / |x_dir|_inf <= 2 kappa (2e-14)
// / (1 - kappa 2e-14), kappa = |T_i|_1 |T_i^-1|_1 computed here for every
// iteration from T_i's inverse; the test also requires the bound itself to
// be below 1e-9. And: the same bits for any thread count and batch width,
// after a resume, a fallback that equals the direct path bit for bit, and
// AUTO's choice made from counts alone.

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "test_util.h"
#include "tools/generator/gen.h"

#define TINY "datasets/examples/tiny/"

// Lognormal GSD exp(sigma) on every off-diagonal entry of A and every
// entry of B.
static void set_spreads(lca_model *M, double sigma) {
    const lca_csc *X[2] = {lca_model_A(M), lca_model_B(M)};
    for (int x = 0; x < 2; x++) {
        int64_t nnz = lca_csc_nnz(X[x]);
        const int64_t *Ap = lca_csc_colptr(X[x]), *Ai = lca_csc_rowidx(X[x]);
        const double *Ax = lca_csc_values(X[x]);
        lca_uncertainty *u = malloc(sizeof *u * (size_t)(nnz + 1));
        for (int64_t j = 0; j < lca_csc_ncols(X[x]); j++) {
            for (int64_t p = Ap[j]; p < Ap[j + 1]; p++) {
                u[p] = lca_uncertainty_none();
                if ((x == 0 && Ai[p] == j) || Ax[p] == 0.0) continue;
                u[p].dist = LCA_DIST_LOGNORMAL;
                u[p].p1 = Ax[p];
                u[p].p2 = exp(sigma);
            }
        }
        assert_int_equal(lca_model_set_uncertainty(M, (lca_matrix)x, u),
                         LCA_OK);
        free(u);
    }
}

static lca_model *tiny(lca_ctx *ctx, double sigma) {
    char a[4200], b[4200], c[4200], p[4200], f[4200], i[4200], d[4200];
    snprintf(a, sizeof a, "%s", src_path(TINY "A.mtx"));
    snprintf(b, sizeof b, "%s", src_path(TINY "B.mtx"));
    snprintf(c, sizeof c, "%s", src_path(TINY "C.mtx"));
    snprintf(p, sizeof p, "%s", src_path(TINY "products.csv"));
    snprintf(f, sizeof f, "%s", src_path(TINY "flows.csv"));
    snprintf(i, sizeof i, "%s", src_path(TINY "indicators.csv"));
    snprintf(d, sizeof d, "%s", src_path(TINY "demands.csv"));
    lca_mtx_source src = {LCA_TECHNOSPHERE, a, b, c, p, f, i, d};
    lca_model *M = NULL;
    assert_int_equal(lca_import_mtx(ctx, &src, &M), LCA_OK);
    set_spreads(M, sigma);
    return M;
}

static lca_model *generated(lca_ctx *ctx) {
    gen_params p;
    lca_model *M = NULL;
    assert_int_equal(gen_params_profile(ctx, "small", 7, 400, &p), LCA_OK);
    assert_int_equal(gen_model_create(ctx, &p, &M), LCA_OK);
    return M;
}

// Everything a run hands out, per iteration.
typedef struct run {
    int64_t iters, nf;
    double *factors;
    uint8_t *failed, *path;
    int32_t *krylov;
    lca_mc *mc;
} run;

static lca_status keep(void *arg, const lca_mc_block *b) {
    run *r = arg;
    for (int64_t q = 0; q < b->count; q++) {
        int64_t it = b->first + q;
        memcpy(r->factors + it * r->nf, b->factors + q * r->nf,
               sizeof(double) * (size_t)r->nf);
        r->failed[it] = b->failed[q];
        r->path[it] = b->path[q];
        r->krylov[it] = b->krylov[q];
    }
    return LCA_OK;
}

static void run_free(run *r) {
    free(r->factors);
    free(r->failed);
    free(r->path);
    free(r->krylov);
    lca_mc_destroy(&r->mc);
}

// Run iterations 0..iters-1 with the given path, threads and batch.
static run run_mc(lca_model *M, lca_mc_solver solver, int threads,
                  int64_t batch, int64_t max_iter, int64_t iters) {
    lca_mc_options o;
    lca_mc_options_default(&o);
    o.seed = 11;
    o.keep_factors = 1;
    o.iter.solver = solver;
    o.iter.batch = batch;
    o.iter.max_iter = max_iter;
    lca_ctx_set_nthreads(lca_model_ctx(M), threads);
    run r = {iters, 0, NULL, NULL, NULL, NULL, NULL};
    assert_int_equal(lca_mc_create(M, &o, &r.mc), LCA_OK);
    int64_t n = lca_model_dim(M, LCA_PRODUCTS);
    r.nf = n * lca_model_dim(M, LCA_INDICATORS);
    r.factors = malloc(sizeof(double) * (size_t)(iters * r.nf));
    r.failed = malloc((size_t)iters);
    r.path = malloc((size_t)iters);
    r.krylov = malloc(sizeof(int32_t) * (size_t)iters);
    assert_int_equal(lca_mc_run(r.mc, 0, iters, keep, &r, NULL), LCA_OK);
    return r;
}

// kappa_1(T) = |T|_1 |T^-1|_1 from the inverse (n solves).
static double kappa(lca_ctx *ctx, const lca_model *M, const double *Ax) {
    const lca_csc *T0 = lca_model_tech(M);
    int64_t n = lca_csc_nrows(T0);
    lca_csc *T = NULL;
    assert_int_equal(lca_csc_copy(T0, &T), LCA_OK);
    memcpy(lca_csc_values_mut(T), Ax, sizeof(double) * (size_t)lca_csc_nnz(T));
    lca_analysis *an = NULL;
    lca_solver *s = NULL;
    assert_int_equal(lca_analysis_create(ctx, T, NULL, &an), LCA_OK);
    assert_int_equal(lca_solver_create(ctx, an, &s), LCA_OK);
    assert_true(lca_solver_factor(s, Ax) >= 0);
    double *I = calloc((size_t)(n * n), sizeof *I);
    double *X = malloc(sizeof *X * (size_t)(n * n)), tn = 0, xn = 0;
    for (int64_t j = 0; j < n; j++) I[j * n + j] = 1.0;
    assert_true(lca_solver_solve(s, LCA_NOTRANS, n, I, n, X, n) >= 0);
    const int64_t *Ap = lca_csc_colptr(T);
    for (int64_t j = 0; j < n; j++) {
        double ct = 0, cx = 0;
        for (int64_t p = Ap[j]; p < Ap[j + 1]; p++) ct += fabs(Ax[p]);
        for (int64_t i = 0; i < n; i++) cx += fabs(X[j * n + i]);
        tn = fmax(tn, ct);
        xn = fmax(xn, cx);
    }
    free(I);
    free(X);
    lca_solver_destroy(&s);
    lca_analysis_destroy(&an);
    lca_csc_destroy(&T);
    return tn * xn;
}

// Every iteration both ways; agreement within the bound, bound <= 1e-9.
static void check_paths_agree(lca_ctx *ctx, lca_model *M, int64_t iters) {
    run d = run_mc(M, LCA_MC_SOLVER_DIRECT, 1, 16, 30, iters);
    run it = run_mc(M, LCA_MC_SOLVER_ITERATIVE, 1, 16, 30, iters);
    int64_t n = lca_model_dim(M, LCA_PRODUCTS), nk = it.nf / n, nit = 0;
    double *Ax = malloc(sizeof *Ax * (size_t)lca_csc_nnz(lca_model_A(M)));
    for (int64_t q = 0; q < iters; q++) {
        assert_int_equal(it.failed[q], d.failed[q]);
        assert_int_equal(d.path[q], LCA_MC_PATH_DIRECT);
        assert_int_equal(d.krylov[q], 0);
        if (d.failed[q]) continue;
        nit += it.path[q] == LCA_MC_PATH_ITERATIVE;
        assert_int_equal(lca_mc_values(it.mc, q, Ax, NULL, NULL), LCA_OK);
        double k = kappa(ctx, M, Ax), w = 2e-14;
        double bound = 2.0 * k * w / (1.0 - k * w);
        assert_true(bound <= 1e-9);
        for (int64_t r = 0; r < nk; r++) {
            const double *x = it.factors + q * it.nf + r * n;
            const double *y = d.factors + q * it.nf + r * n;
            double dmax = 0, ymax = 0;
            for (int64_t i = 0; i < n; i++) {
                dmax = fmax(dmax, fabs(x[i] - y[i]));
                ymax = fmax(ymax, fabs(y[i]));
            }
            assert_true(dmax <= bound * ymax);
        }
    }
    assert_true(nit > iters / 2);  // the iterative path was exercised
    free(Ax);
    run_free(&d);
    run_free(&it);
}

static void test_mc_iter_agrees_with_direct_on_tiny(void **state) {
    lca_model *M = tiny(*state, 0.3);
    check_paths_agree(*state, M, 48);
    lca_model_destroy(&M);
}

static void test_mc_iter_agrees_with_direct_on_generated(void **state) {
    lca_model *M = generated(*state);
    check_paths_agree(*state, M, 24);
    lca_model_destroy(&M);
}

// Threads, batch width and block cut change no bit, nor the counts.
static void test_mc_iter_bits_do_not_depend_on_threads_or_batch(void **state) {
    lca_model *M = generated(*state);
    run a = run_mc(M, LCA_MC_SOLVER_ITERATIVE, 1, 16, 30, 40);
    run b = run_mc(M, LCA_MC_SOLVER_ITERATIVE, 3, 5, 30, 40);
    run c = run_mc(M, LCA_MC_SOLVER_ITERATIVE, 2, 1, 30, 40);
    run *o[2] = {&b, &c};
    for (int k = 0; k < 2; k++) {
        assert_memory_equal(a.factors, o[k]->factors,
                            sizeof(double) * (size_t)(40 * a.nf));
        assert_memory_equal(a.path, o[k]->path, 40);
        assert_memory_equal(a.krylov, o[k]->krylov, 40 * sizeof(int32_t));
        lca_mc_state s = lca_mc_get_state(a.mc), t = lca_mc_get_state(o[k]->mc);
        assert_memory_equal(s.mean, t.mean, sizeof(double) * (size_t)s.len);
        assert_memory_equal(s.m2, t.m2, sizeof(double) * (size_t)s.len);
    }
    for (int64_t q = 0; q < 40; q++) assert_true(a.krylov[q] > 0);
    run_free(&a);
    run_free(&b);
    run_free(&c);
    lca_ctx_set_nthreads(*state, 1);
    lca_model_destroy(&M);
}

// One application allowed: every iteration falls back, and a fallback is
// the direct path's computation, bit for bit.
static void test_mc_iter_fallback_equals_direct(void **state) {
    lca_model *M = generated(*state);
    run d = run_mc(M, LCA_MC_SOLVER_DIRECT, 1, 16, 30, 20);
    run f = run_mc(M, LCA_MC_SOLVER_ITERATIVE, 1, 16, 1, 20);
    for (int64_t q = 0; q < 20; q++) {
        assert_int_equal(f.path[q], LCA_MC_PATH_FALLBACK);
        assert_int_equal(f.krylov[q], lca_model_dim(M, LCA_INDICATORS));
    }
    assert_memory_equal(d.factors, f.factors, sizeof(double) * (size_t)(20 * d.nf));
    run_free(&d);
    run_free(&f);
    lca_model_destroy(&M);
}

// Stopped after a block and resumed into a new run: the same state.
static void test_mc_iter_resume_is_bit_identical(void **state) {
    lca_model *M = generated(*state);
    run a = run_mc(M, LCA_MC_SOLVER_ITERATIVE, 1, 16, 30, 32);
    run h = run_mc(M, LCA_MC_SOLVER_ITERATIVE, 1, 16, 30, 16);
    lca_mc_state s = lca_mc_get_state(h.mc);
    lca_mc_options o;
    lca_mc_options_default(&o);
    o.seed = 11;
    o.iter.solver = LCA_MC_SOLVER_ITERATIVE;
    lca_mc *mc = NULL;
    assert_int_equal(lca_mc_create(M, &o, &mc), LCA_OK);
    assert_int_equal(lca_mc_restore(mc, &s), LCA_OK);
    assert_int_equal(lca_mc_run(mc, 16, 32, NULL, NULL, NULL), LCA_OK);
    lca_mc_state x = lca_mc_get_state(a.mc), y = lca_mc_get_state(mc);
    assert_memory_equal(x.mean, y.mean, sizeof(double) * (size_t)x.len);
    assert_memory_equal(x.m2, y.m2, sizeof(double) * (size_t)x.len);
    lca_mc_destroy(&mc);
    run_free(&a);
    run_free(&h);
    lca_model_destroy(&M);
}

// AUTO: dense (tiny) -> direct without a pilot; a sparse system runs the
// pilot, and two runs make the same choice from the same counts.
static void test_mc_auto_decides_from_counts(void **state) {
    lca_model *T = tiny(*state, 0.3), *G = generated(*state);
    lca_mc_options o;
    lca_mc_options_default(&o);
    lca_mc *a = NULL, *b = NULL;
    assert_int_equal(lca_mc_create(T, &o, &a), LCA_OK);
    lca_mc_solver_info i = lca_mc_get_solver_info(a);
    assert_int_equal(i.asked, LCA_MC_SOLVER_AUTO);
    assert_int_equal(i.chosen, LCA_MC_SOLVER_DIRECT);
    assert_int_equal(i.pilot, 0);
    lca_mc_destroy(&a);
    assert_int_equal(lca_mc_create(G, &o, &a), LCA_OK);
    lca_ctx_set_nthreads(*state, 2);
    assert_int_equal(lca_mc_create(G, &o, &b), LCA_OK);
    i = lca_mc_get_solver_info(a);
    lca_mc_solver_info j = lca_mc_get_solver_info(b);
    assert_int_equal(i.pilot, 16);
    assert_true(i.pilot_krylov > 1.0);
    assert_true(i.cost_direct > 0.0 && i.cost_iterative > 0.0);
    assert_true(i.nnz_lu > 0 && i.factor_flops > 0.0);
    assert_int_equal(i.chosen, j.chosen);
    assert_true(i.pilot_krylov == j.pilot_krylov);
    assert_true(i.cost_iterative == j.cost_iterative);
    assert_int_equal(i.chosen, i.cost_iterative < i.cost_direct
                                   ? LCA_MC_SOLVER_ITERATIVE
                                   : LCA_MC_SOLVER_DIRECT);
    lca_mc_destroy(&a);
    lca_mc_destroy(&b);
    lca_ctx_set_nthreads(*state, 1);
    lca_model_destroy(&T);
    lca_model_destroy(&G);
}

static void test_mc_iter_rejects_bad_options(void **state) {
    lca_model *M = tiny(*state, 0.3);
    lca_mc_options o;
    lca_mc_options_default(&o);
    lca_mc *mc = NULL;
    int64_t *fields[] = {&o.iter.batch, &o.iter.max_iter, &o.iter.restart};
    for (int k = 0; k < 3; k++) {
        lca_mc_options_default(&o);
        o.iter.solver = LCA_MC_SOLVER_ITERATIVE;
        *fields[k] = 0;
        assert_int_equal(lca_mc_create(M, &o, &mc), LCA_ERR_ARG);
        assert_null(mc);
    }
    lca_mc_options_default(&o);
    o.iter.tol = -1;
    assert_int_equal(lca_mc_create(M, &o, &mc), LCA_ERR_ARG);
    lca_model_destroy(&M);
}

int main(void) {
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, ctx_setup, ctx_teardown)
        T(test_mc_iter_agrees_with_direct_on_tiny),
        T(test_mc_iter_agrees_with_direct_on_generated),
        T(test_mc_iter_bits_do_not_depend_on_threads_or_batch),
        T(test_mc_iter_fallback_equals_direct),
        T(test_mc_iter_resume_is_bit_identical),
        T(test_mc_auto_decides_from_counts),
        T(test_mc_iter_rejects_bad_options),
#undef T
    };
    return cmocka_run_group_tests_name("mc_iter", tests, NULL, NULL);
}
