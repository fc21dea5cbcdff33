// tests/test_mc.c: Monte Carlo (engine/mc.c, engine/mc_run.c)
// SPDX-License-Identifier: MIT
//
// Analytic cases with stated tolerances (fixed seeds, so every run gives
// the same numbers; tolerances are 5 standard errors of the estimate),
// bit-reproducibility for 1 and 3 threads and across seeds, and the
// deterministic limit, which must equal lca_calc_factors exactly.

#include <math.h>
#include <stdlib.h>

#include "test_util.h"

// A 1x1 system: T = [a], B = [b], C = [1]; N = b / a.
static lca_model *one_by_one(lca_ctx *ctx, double a, double ga, double b,
                             double gb) {
    double one = 1.0;
    lca_csc *A = csc_from_dense(ctx, 1, 1, &a), *B = csc_from_dense(ctx, 1, 1,
                                                                     &b);
    lca_csc *C = csc_from_dense(ctx, 1, 1, &one);
    lca_model *M = NULL;
    assert_int_equal(lca_model_create(ctx, LCA_TECHNOSPHERE, A, B, C, &M),
                     LCA_OK);
    lca_uncertainty ua = lca_uncertainty_none(), ub = lca_uncertainty_none();
    ua.dist = ga > 1.0 ? LCA_DIST_LOGNORMAL : LCA_DIST_NONE;
    ua.p1 = a;
    ua.p2 = ga;
    ub.dist = gb > 1.0 ? LCA_DIST_LOGNORMAL : LCA_DIST_NONE;
    ub.p1 = b;
    ub.p2 = gb;
    assert_int_equal(lca_model_set_uncertainty(M, LCA_MATRIX_A, &ua), LCA_OK);
    assert_int_equal(lca_model_set_uncertainty(M, LCA_MATRIX_B, &ub), LCA_OK);
    int64_t idx = 0;
    double v = 1.0;
    assert_int_equal(lca_model_add_demand(M, "unit", 1, &idx, &v), LCA_OK);
    lca_csc_destroy(&A);
    lca_csc_destroy(&B);
    lca_csc_destroy(&C);
    return M;
}

typedef struct collected {
    double *factors;  // all iterations' factors (n x nind each)
    double *scores;
    int64_t per_f, per_s, iters, failed;
} collected;

static lca_status collect(void *arg, const lca_mc_block *b) {
    collected *c = arg;
    for (int64_t q = 0; q < b->count; q++) {
        int64_t it = b->first + q;
        if (c->factors && b->factors) {
            memcpy(c->factors + it * c->per_f, b->factors + q * c->per_f,
                   sizeof(double) * (size_t)c->per_f);
        }
        memcpy(c->scores + it * c->per_s, b->scores + q * c->per_s,
               sizeof(double) * (size_t)c->per_s);
        c->failed += b->failed[q] != 0;
    }
    c->iters += b->count;
    return LCA_OK;
}

static lca_mc *run_mc(const lca_model *M, uint64_t seed, int64_t iters,
                      collected *c) {
    lca_mc_options opt;
    lca_mc_options_default(&opt);
    opt.seed = seed;
    int64_t dem[] = {0};
    opt.nd = lca_model_dim(M, LCA_DEMANDS) > 0 ? 1 : 0;
    opt.demands = dem;
    opt.keep_factors = c != NULL && c->factors != NULL;
    lca_mc *mc = NULL;
    assert_int_equal(lca_mc_create(M, &opt, &mc), LCA_OK);
    assert_int_equal(lca_mc_run(mc, 0, iters, c ? collect : NULL, c, NULL),
                     LCA_OK);
    return mc;
}

// N = b/a with a, b lognormal: N is lognormal with median b0/a0 and
// sigma^2 = ln^2 ga + ln^2 gb. Mean m e^{s^2/2}, var (e^{s^2}-1) m^2 e^{s^2}.
static void test_mc_ratio_of_lognormals_is_lognormal(void **state) {
    lca_ctx *ctx = *state;
    double a = 2.0, ga = 1.3, b = 3.0, gb = 1.5;
    int64_t iters = 20000;
    lca_model *M = one_by_one(ctx, a, ga, b, gb);
    collected c = {calloc((size_t)iters, sizeof(double)),
                   calloc((size_t)iters, sizeof(double)), 1, 1, 0, 0};
    lca_mc *mc = run_mc(M, 42, iters, &c);
    double s2 = log(ga) * log(ga) + log(gb) * log(gb), med = b / a;
    double mean = med * exp(s2 / 2), sd = sqrt((exp(s2) - 1) * exp(s2)) * med;
    int64_t count;
    double m, s;
    lca_mc_summary(mc, &count, &m, &s, NULL, NULL);
    assert_int_equal(count, iters);
    assert_true(fabs(m - mean) < 5 * sd / sqrt((double)iters));
    assert_true(fabs(s - sd) < 0.05 * sd);  // sd of the sd: heavy tails
    // ln N: mean ln(b0/a0), sd sqrt(s2), within 5 standard errors.
    double lm = 0, ls = 0;
    for (int64_t i = 0; i < iters; i++) lm += log(c.factors[i]);
    lm /= (double)iters;
    for (int64_t i = 0; i < iters; i++) {
        ls += (log(c.factors[i]) - lm) * (log(c.factors[i]) - lm);
    }
    ls = sqrt(ls / (double)(iters - 1));
    assert_true(fabs(lm - log(med)) < 5 * sqrt(s2 / (double)iters));
    assert_true(fabs(ls - sqrt(s2)) < 5 * sqrt(s2 / (2.0 * (double)iters)));
    // Paired: the demand "unit" (f = e0) scores exactly the factor.
    assert_memory_equal(c.scores, c.factors, sizeof(double) * (size_t)iters);
    lca_mc_destroy(&mc);
    lca_model_destroy(&M);
    free(c.factors);
    free(c.scores);
}

// A 2x2 chain: product 0 needs a of product 1 (a uniform on [0.2, 0.6]);
// B = [1, 1]: N0 = 1 + a with mean 1.4 and sd 0.4/sqrt(12); N1 = 1.
static void test_mc_chain_mean_and_sd(void **state) {
    lca_ctx *ctx = *state;
    double T[] = {1, 0, -0.4, 1}, Bd[] = {1, 1}, one = 1.0;
    lca_csc *A = csc_from_dense(ctx, 2, 2, T), *B = csc_from_dense(ctx, 1, 2,
                                                                   Bd);
    lca_csc *C = csc_from_dense(ctx, 1, 1, &one);
    lca_model *M = NULL;
    assert_int_equal(lca_model_create(ctx, LCA_TECHNOSPHERE, A, B, C, &M),
                     LCA_OK);
    lca_uncertainty u[3];  // A's entries: (0,0), (1,0)... column-major
    for (int p = 0; p < 3; p++) u[p] = lca_uncertainty_none();
    u[1].dist = LCA_DIST_UNIFORM;  // A(0,1) = -0.4: the input
    u[1].p1 = -0.6;
    u[1].p2 = -0.2;
    assert_int_equal(lca_model_set_uncertainty(M, LCA_MATRIX_A, u), LCA_OK);
    lca_mc *mc = run_mc(M, 7, 8000, NULL);
    double mean[2], sd[2], mn[2], mx[2];
    lca_mc_summary(mc, NULL, mean, sd, mn, mx);
    double s = 0.4 / sqrt(12.0);
    assert_true(fabs(mean[0] - 1.4) < 5 * s / sqrt(8000.0));
    assert_true(fabs(sd[0] - s) < 5 * s * sqrt(0.8 / 8000.0));  // kurt 1.8
    assert_true(mn[0] >= 1.2 && mx[0] <= 1.6);
    assert_true(mean[1] == 1.0 && sd[1] == 0.0);
    lca_mc_destroy(&mc);
    lca_model_destroy(&M);
    lca_csc_destroy(&A);
    lca_csc_destroy(&B);
    lca_csc_destroy(&C);
}

static void summary_bytes(const lca_mc *mc, double *out, int64_t len) {
    lca_mc_summary(mc, NULL, out, out + len, out + 2 * len, out + 3 * len);
}

static void test_mc_bits_do_not_depend_on_threads(void **state) {
    lca_ctx *ctx = *state;
    lca_model *M = one_by_one(ctx, 2.0, 1.2, 3.0, 1.4);
    int64_t iters = 203;  // not a multiple of the block size
    double r1[4], r3[4], r1b[4], r2s[4];
    collected c1 = {NULL, calloc(iters, sizeof(double)), 1, 1, 0, 0};
    collected c3 = {NULL, calloc(iters, sizeof(double)), 1, 1, 0, 0};
    lca_ctx_set_nthreads(ctx, 1);
    lca_mc *mc = run_mc(M, 99, iters, &c1);
    summary_bytes(mc, r1, 1);
    lca_mc_destroy(&mc);
    lca_ctx_set_nthreads(ctx, 3);
    mc = run_mc(M, 99, iters, &c3);
    summary_bytes(mc, r3, 1);
    lca_mc_destroy(&mc);
    mc = run_mc(M, 99, iters, NULL);  // same seed again
    summary_bytes(mc, r1b, 1);
    lca_mc_destroy(&mc);
    mc = run_mc(M, 100, iters, NULL);  // another seed
    summary_bytes(mc, r2s, 1);
    lca_mc_destroy(&mc);
    lca_ctx_set_nthreads(ctx, 0);
    assert_memory_equal(r1, r3, sizeof r1);
    assert_memory_equal(r1, r1b, sizeof r1);
    assert_memory_equal(c1.scores, c3.scores, sizeof(double) * (size_t)iters);
    assert_true(r1[0] != r2s[0]);
    free(c1.scores);
    free(c3.scores);
    lca_model_destroy(&M);
}

// All distributions fixed: every iteration is the deterministic system,
// and the mean equals lca_calc_factors bit for bit.
static void test_mc_deterministic_equals_factors(void **state) {
    lca_ctx *ctx = *state;
    lca_model *M = NULL;
    const char *t = src_path("datasets/useeio-v1.2/raw");
    assert_int_equal(lca_import_useeio(ctx, t, &M), LCA_OK);
    int64_t n = 388, k = 24;
    double *N = malloc(sizeof *N * (size_t)(n * k));
    double *mean = malloc(sizeof *mean * (size_t)(n * k));
    double *sd = malloc(sizeof *sd * (size_t)(n * k));
    lca_calc *c = NULL;
    assert_int_equal(lca_calc_create(M, NULL, &c), LCA_OK);
    assert_int_equal(lca_calc_factors(c, k, NULL, N, NULL), LCA_OK);
    lca_mc *mc = run_mc(M, 1, 5, NULL);
    lca_mc_summary(mc, NULL, mean, sd, NULL, NULL);
    assert_memory_equal(N, mean, sizeof *N * (size_t)(n * k));
    for (int64_t q = 0; q < n * k; q++) assert_true(sd[q] == 0.0);
    lca_mc_destroy(&mc);
    lca_calc_destroy(&c);
    lca_model_destroy(&M);
    free(N);
    free(mean);
    free(sd);
}

typedef struct fail_codes {
    int64_t illcond, nan_factors;
} fail_codes;

// Count iterations failed as singular to working precision, and check
// that their factors are NaN (never the garbage the solve produced).
static lca_status note_failures(void *arg, const lca_mc_block *b) {
    fail_codes *fc = arg;
    for (int64_t q = 0; q < b->count; q++) {
        fc->illcond += b->failed[q] == LCA_MC_FAIL_ILLCOND;
        fc->nan_factors += b->factors != NULL && isnan(b->factors[q * 2]);
    }
    return LCA_OK;
}

// A diagonal drawn as exactly 0 makes every iteration singular.
static void test_mc_failures_are_counted_or_abort(void **state) {
    lca_ctx *ctx = *state;
    lca_model *M = one_by_one(ctx, 2.0, 1.0, 3.0, 1.0);
    lca_uncertainty ua = lca_uncertainty_none();
    ua.dist = LCA_DIST_UNIFORM;  // uniform on [0, 0]: always 0
    assert_int_equal(lca_model_set_uncertainty(M, LCA_MATRIX_A, &ua), LCA_OK);
    collected c = {NULL, calloc(40, sizeof(double)), 1, 1, 0, 0};
    lca_mc *mc = run_mc(M, 5, 40, &c);
    assert_int_equal(lca_mc_nfailed(mc), 40);
    assert_int_equal(lca_mc_done(mc), 0);
    assert_int_equal(c.failed, 40);
    assert_true(isnan(c.scores[0]));
    lca_mc_destroy(&mc);
    lca_mc_options opt;
    lca_mc_options_default(&opt);
    opt.on_fail = LCA_MC_ABORT;
    assert_int_equal(lca_mc_create(M, &opt, &mc), LCA_OK);
    assert_int_equal(lca_mc_run(mc, 0, 40, NULL, NULL, NULL),
                     LCA_ERR_SINGULAR);
    assert_non_null(strstr(lca_ctx_errmsg(ctx), "iteration 0"));
    lca_mc_destroy(&mc);
    free(c.scores);
    lca_model_destroy(&M);
}

// T = [1 -1/0.3; -0.1*3 1] is singular to working precision and does not
// vary (only B does): every iteration used to give about -1e16 with sd 0
// and no failure, even under --on-fail abort. On both solver paths each
// iteration must fail as LCA_MC_FAIL_ILLCOND, and abort must stop.
static void test_mc_singular_to_working_precision_fails(void **state) {
    lca_ctx *ctx = *state;
    volatile double tenth = 0.1;
    double A[] = {1, -1.0 / 0.3, -tenth * 3, 1}, B[] = {1, 2}, C[] = {1};
    lca_csc *Ac = csc_from_dense(ctx, 2, 2, A), *Bc = csc_from_dense(ctx, 1,
                                                                     2, B);
    lca_csc *Cc = csc_from_dense(ctx, 1, 1, C);
    lca_model *M = NULL;
    assert_int_equal(lca_model_create(ctx, LCA_TECHNOSPHERE, Ac, Bc, Cc, &M),
                     LCA_OK);
    lca_uncertainty ub[2];
    for (int p = 0; p < 2; p++) {
        ub[p] = lca_uncertainty_none();
        ub[p].dist = LCA_DIST_LOGNORMAL;
        ub[p].p1 = B[p];
        ub[p].p2 = 1.5;
    }
    assert_int_equal(lca_model_set_uncertainty(M, LCA_MATRIX_B, ub), LCA_OK);
    lca_solver_kind kinds[2] = {LCA_SOLVER_SPARSE, LCA_SOLVER_DENSE};
    for (int k = 0; k < 2; k++) {
        lca_mc_options opt;
        lca_mc_options_default(&opt);
        opt.solver.kind = kinds[k];
        opt.keep_factors = 1;
        lca_mc *mc = NULL;
        assert_int_equal(lca_mc_create(M, &opt, &mc), LCA_OK);
        fail_codes fc = {0, 0};
        assert_int_equal(lca_mc_run(mc, 0, 20, note_failures, &fc, NULL),
                         LCA_OK);
        assert_int_equal(lca_mc_nfailed(mc), 20);
        assert_int_equal(lca_mc_done(mc), 0);
        assert_int_equal(fc.illcond, 20);
        assert_int_equal(fc.nan_factors, 20);
        lca_mc_destroy(&mc);
        opt.on_fail = LCA_MC_ABORT;
        assert_int_equal(lca_mc_create(M, &opt, &mc), LCA_OK);
        assert_int_equal(lca_mc_run(mc, 0, 20, NULL, NULL, NULL),
                         LCA_ERR_SINGULAR);
        assert_non_null(strstr(lca_ctx_errmsg(ctx), "working precision"));
        lca_mc_destroy(&mc);
    }
    lca_model_destroy(&M);
    lca_csc_destroy(&Ac);
    lca_csc_destroy(&Bc);
    lca_csc_destroy(&Cc);
}

static void test_mc_rejects_bad_ranges_and_options(void **state) {
    lca_ctx *ctx = *state;
    lca_model *M = one_by_one(ctx, 2.0, 1.2, 3.0, 1.0);
    lca_mc_options opt;
    lca_mc_options_default(&opt);
    opt.block_size = 0;
    lca_mc *mc = (lca_mc *)1;
    assert_int_equal(lca_mc_create(M, &opt, &mc), LCA_ERR_ARG);
    assert_null(mc);
    lca_mc_options_default(&opt);
    int64_t bad = 3;
    opt.nind = 1;
    opt.ind = &bad;
    assert_int_equal(lca_mc_create(M, &opt, &mc), LCA_ERR_ARG);
    lca_mc_options_default(&opt);
    assert_int_equal(lca_mc_create(M, &opt, &mc), LCA_OK);
    assert_int_equal(lca_mc_run(mc, 5, 10, NULL, NULL, NULL), LCA_ERR_ARG);
    lca_mc_destroy(&mc);
    lca_model_destroy(&M);
}

// Stop after 3 blocks, restore into a fresh run, finish: same bits as an
// uninterrupted run.
static void test_mc_restore_continues_bit_identically(void **state) {
    lca_ctx *ctx = *state;
    lca_model *M = one_by_one(ctx, 2.0, 1.3, 3.0, 1.5);
    lca_mc_options opt;
    lca_mc_options_default(&opt);
    opt.seed = 77;
    lca_mc *full = NULL, *a = NULL, *b = NULL;
    assert_int_equal(lca_mc_create(M, &opt, &full), LCA_OK);
    assert_int_equal(lca_mc_run(full, 0, 150, NULL, NULL, NULL), LCA_OK);
    assert_int_equal(lca_mc_create(M, &opt, &a), LCA_OK);
    assert_int_equal(lca_mc_run(a, 0, 48, NULL, NULL, NULL), LCA_OK);
    lca_mc_state s = lca_mc_get_state(a);
    assert_int_equal(s.next, 48);
    assert_int_equal(lca_mc_create(M, &opt, &b), LCA_OK);
    assert_int_equal(lca_mc_restore(b, &s), LCA_OK);
    assert_int_equal(lca_mc_run(b, 48, 150, NULL, NULL, NULL), LCA_OK);
    double r1[4], r2[4];
    summary_bytes(full, r1, 1);
    summary_bytes(b, r2, 1);
    assert_memory_equal(r1, r2, sizeof r1);
    // Off a block boundary: only the end of a finished run, which can be
    // restored (to finish writing it) but not run on from.
    lca_mc_state end = s;
    end.next = end.ndone = 47;
    end.nfailed = 0;
    assert_int_equal(lca_mc_restore(b, &end), LCA_OK);
    assert_int_equal(lca_mc_run(b, 47, 47, NULL, NULL, NULL), LCA_OK);
    assert_int_equal(lca_mc_run(b, 47, 60, NULL, NULL, NULL), LCA_ERR_ARG);
    end.ndone = 46;
    assert_int_equal(lca_mc_restore(b, &end), LCA_ERR_ARG);
    lca_mc_destroy(&full);
    lca_mc_destroy(&a);
    lca_mc_destroy(&b);
    lca_model_destroy(&M);
}

int main(void) {
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, ctx_setup, ctx_teardown)
        T(test_mc_ratio_of_lognormals_is_lognormal),
        T(test_mc_chain_mean_and_sd),
        T(test_mc_bits_do_not_depend_on_threads),
        T(test_mc_deterministic_equals_factors),
        T(test_mc_failures_are_counted_or_abort),
        T(test_mc_singular_to_working_precision_fails),
        T(test_mc_rejects_bad_ranges_and_options),
        T(test_mc_restore_continues_bit_identically),
#undef T
    };
    return cmocka_run_group_tests_name("mc", tests, NULL, NULL);
}
