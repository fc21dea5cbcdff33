// tests/test_mcfile.c: the Monte Carlo results file (io/mcfile*.c)
// SPDX-License-Identifier: MIT
//
// A run written through lca_mcfile is read back with the HDF5 API: the
// samples are what the engine produced, the quantiles are the exact type-7
// quantiles of those samples, and a run on 1 thread and on 2 threads
// writes the same numbers.

#include <hdf5.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"

// 2 products: p0 needs a ~ triangular(0.1, 0.3, 0.5) of p1; B = [2, 1].
static lca_model *chain(lca_ctx *ctx) {
    double T[] = {1, 0, -0.3, 1}, Bd[] = {2, 1}, one = 1.0;
    lca_csc *A = csc_from_dense(ctx, 2, 2, T);
    lca_csc *B = csc_from_dense(ctx, 1, 2, Bd);
    lca_csc *C = csc_from_dense(ctx, 1, 1, &one);
    lca_model *M = NULL;
    assert_int_equal(lca_model_create(ctx, LCA_TECHNOSPHERE, A, B, C, &M),
                     LCA_OK);
    lca_uncertainty u[3];
    for (int p = 0; p < 3; p++) u[p] = lca_uncertainty_none();
    u[1].dist = LCA_DIST_TRIANGULAR;
    u[1].p1 = -0.5;
    u[1].p2 = -0.3;
    u[1].p3 = -0.1;
    assert_int_equal(lca_model_set_uncertainty(M, LCA_MATRIX_A, u), LCA_OK);
    int64_t idx[] = {0, 1};
    double v[] = {1.0, 1.0};
    assert_int_equal(lca_model_add_demand(M, "both", 2, idx, v), LCA_OK);
    lca_csc_destroy(&A);
    lca_csc_destroy(&B);
    lca_csc_destroy(&C);
    return M;
}

static void write_run_seed(lca_ctx *ctx, const lca_model *M,
                           const char *path, int64_t iters, int threads,
                           uint64_t seed) {
    lca_ctx_set_nthreads(ctx, threads);
    lca_mc_options opt;
    lca_mc_options_default(&opt);
    opt.seed = seed;
    int64_t dem = 0;
    opt.nd = 1;
    opt.demands = &dem;
    opt.keep_factors = 1;
    lca_mc *mc = NULL;
    lca_mcfile *f = NULL;
    assert_int_equal(lca_mc_create(M, &opt, &mc), LCA_OK);
    char *argv[] = {"mc"};
    lca_mc_spec spec = {.M = M, .opt = &opt, .iterations = iters,
                        .argc = 1, .argv = argv};
    assert_int_equal(lca_mcfile_create(path, &spec, &f), LCA_OK);
    assert_int_equal(lca_mc_run(mc, 0, iters, lca_mcfile_block, f, NULL),
                     LCA_OK);
    assert_int_equal(lca_mcfile_finish(&f, mc, NULL, NULL, 0), LCA_OK);
    assert_null(f);
    lca_mc_destroy(&mc);
    lca_ctx_set_nthreads(ctx, 0);
}

static void write_run(lca_ctx *ctx, const lca_model *M, const char *path,
                      int64_t iters, int threads) {
    write_run_seed(ctx, M, path, iters, threads, 2024);
}


static void test_mcfile_quantiles_are_exact_over_samples(void **state) {
    lca_ctx *ctx = *state;
    lca_model *M = chain(ctx);
    char path[4200];
    snprintf(path, sizeof path, "%s/mc.h5", test_tmpdir("mcfile"));
    int64_t iters = 1000, ns, nq, nm, nd;
    write_run(ctx, M, path, iters, 2);
    double *s = read_h5_doubles(path, "/factors/samples", &ns);  // iters x 1 x 2
    double *q = read_h5_doubles(path, "/factors/quantiles", &nq);  // 7 x 1 x 2
    double *mean = read_h5_doubles(path, "/factors/mean", &nm);
    double *dsc = read_h5_doubles(path, "/demands/scores", &nd);  // iters x 1 x 1
    assert_int_equal(ns, iters * 2);
    assert_int_equal(nq, 7 * 2);
    double *col = malloc(sizeof *col * (size_t)iters), qs[7];
    double sum = 0.0;
    for (int64_t t = 0; t < iters; t++) {
        col[t] = s[t * 2 + 0];
        sum += col[t];
        // Paired: demand "both" = factor of p0 + factor of p1 (= 1).
        assert_close(dsc[t], s[t * 2] + s[t * 2 + 1], 1e-15);
        // p0's factor is 2 + a, a in [0.1, 0.5].
        assert_true(col[t] >= 2.1 && col[t] <= 2.5);
    }
    lca_quantiles(col, iters, 7, lca_mc_quantile_p, qs);
    for (int i = 0; i < 7; i++) assert_true(q[i * 2] == qs[i]);
    assert_close(mean[0], sum / (double)iters, 1e-14);
    assert_close(mean[0], 2.3, 5 * 0.0816 / sqrt((double)iters));  // tri sd
    assert_true(q[3 * 2 + 1] == 1.0);  // p1's factor is fixed at 1
    // GSD: exp of the sd (n - 1) of ln(x) over the samples, by two passes;
    // 1 for the fixed product.
    int64_t ng;
    double *gsd = read_h5_doubles(path, "/factors/gsd", &ng);
    assert_int_equal(ng, 2);
    double lm = 0.0, lv = 0.0;
    for (int64_t t = 0; t < iters; t++) lm += log(s[t * 2]) / (double)iters;
    for (int64_t t = 0; t < iters; t++) {
        lv += (log(s[t * 2]) - lm) * (log(s[t * 2]) - lm);
    }
    assert_close(gsd[0], exp(sqrt(lv / (double)(iters - 1))), 1e-12);
    assert_true(gsd[1] == 1.0);
    free(gsd);
    free(s);
    free(q);
    free(mean);
    free(dsc);
    free(col);
    lca_model_destroy(&M);
}

static void test_mcfile_same_numbers_for_1_and_2_threads(void **state) {
    lca_ctx *ctx = *state;
    lca_model *M = chain(ctx);
    const char *dir = test_tmpdir("mcfile-threads");
    char p1[4200], p2[4200];
    snprintf(p1, sizeof p1, "%s/t1.h5", dir);
    snprintf(p2, sizeof p2, "%s/t2.h5", dir);
    write_run(ctx, M, p1, 333, 1);
    write_run(ctx, M, p2, 333, 2);
    const char *names[] = {"/factors/mean", "/factors/sd",
                           "/factors/quantiles", "/demands/scores",
                           "/demands/mean", "/convergence/mean"};
    for (int i = 0; i < 6; i++) {
        int64_t a, b;
        double *x = read_h5_doubles(p1, names[i], &a), *y = read_h5_doubles(p2, names[i],
                                                              &b);
        assert_int_equal(a, b);
        assert_memory_equal(x, y, sizeof *x * (size_t)a);
        free(x);
        free(y);
    }
    lca_model_destroy(&M);
}

static void test_mcfile_unwritable_path_fails_cleanly(void **state) {
    lca_ctx *ctx = *state;
    lca_model *M = chain(ctx);
    lca_mc_options opt;
    lca_mc_options_default(&opt);
    lca_mcfile *f = (lca_mcfile *)1;
    char *argv[] = {"mc"};
    lca_mc_spec spec = {.M = M, .opt = &opt, .iterations = 10, .argc = 1,
                        .argv = argv};
    assert_int_equal(lca_mcfile_create("/nonexistent/dir/mc.h5", &spec, &f),
                     LCA_ERR_IO);
    assert_null(f);
    lca_model_destroy(&M);
}

// The seed is recorded as an unsigned 64-bit integer: 2^64 - 1 reads back
// as itself, not as -1.
static void test_mcfile_seed_is_unsigned_64_bit(void **state) {
    lca_ctx *ctx = *state;
    lca_model *M = chain(ctx);
    char path[4200];
    snprintf(path, sizeof path, "%s/seed.h5", test_tmpdir("mcfile"));
    write_run_seed(ctx, M, path, 8, 1, UINT64_MAX);
    hid_t file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    assert_true(file >= 0);
    hid_t a = H5Aopen(file, "seed", H5P_DEFAULT);
    hid_t t = H5Aget_type(a);
    assert_int_equal(H5Tget_sign(t), H5T_SGN_NONE);
    assert_int_equal(H5Tget_size(t), 8);
    uint64_t seed = 0;
    assert_true(H5Aread(a, H5T_NATIVE_UINT64, &seed) >= 0);
    assert_true(seed == UINT64_MAX);
    H5Tclose(t);
    H5Aclose(a);
    H5Fclose(file);
    lca_model_destroy(&M);
}

// The fingerprint's text is part of the format (a checkpoint written by an
// earlier version must resume): every key, in order, with its format.
static void test_mcfile_fingerprint_text_and_diff(void **state) {
    lca_ctx *ctx = *state;
    lca_model *M = chain(ctx);
    lca_mc_options opt;
    lca_mc_options_default(&opt);
    opt.seed = UINT64_MAX;
    int64_t dem = 0;
    opt.nd = 1;
    opt.demands = &dem;
    lca_mc_spec spec = {.M = M, .opt = &opt, .iterations = 100,
                        .model_sha256 = "ab12", .presamples_sha256 = NULL};
    char fp[LCA_MC_FINGERPRINT_MAX], fp2[LCA_MC_FINGERPRINT_MAX], key[64];
    lca_mc_fingerprint(&spec, fp, sizeof fp);
    const char *want =
        "model_sha256=ab12;seed=18446744073709551615;iterations=100;"
        "block_size=16;lognormal=median;pedigree_fill=0/1.05;on_fail=skip;"
        "solver=auto;factor_samples=no;presamples_sha256=;indicators=;"
        "demands=both;";  // the indicator has no id
    assert_string_equal(fp, want);
    assert_int_equal(lca_mc_fingerprint_diff(fp, fp, key, sizeof key), 0);
    opt.seed = 7;
    spec.iterations = 101;
    lca_mc_fingerprint(&spec, fp2, sizeof fp2);
    assert_int_equal(lca_mc_fingerprint_diff(fp, fp2, key, sizeof key), 1);
    assert_string_equal(key, "seed");
    // Threads are not part of it.
    lca_ctx_set_nthreads(ctx, 2);
    opt.seed = UINT64_MAX;
    spec.iterations = 100;
    lca_mc_fingerprint(&spec, fp2, sizeof fp2);
    assert_string_equal(fp, fp2);
    lca_ctx_set_nthreads(ctx, 0);
    lca_model_destroy(&M);
}

// A resume with another seed is refused, naming the seed and both values.
static void test_mcfile_resume_refuses_another_seed(void **state) {
    lca_ctx *ctx = *state;
    lca_model *M = chain(ctx);
    char path[4200];
    snprintf(path, sizeof path, "%s/resume.h5", test_tmpdir("mcfile"));
    lca_mc_options opt;
    lca_mc_options_default(&opt);
    opt.seed = 5;
    int64_t dem = 0;
    opt.nd = 1;
    opt.demands = &dem;
    lca_mc *mc = NULL;
    lca_mcfile *f = NULL;
    assert_int_equal(lca_mc_create(M, &opt, &mc), LCA_OK);
    lca_mc_spec spec = {.M = M, .opt = &opt, .iterations = 32};
    assert_int_equal(lca_mcfile_create(path, &spec, &f), LCA_OK);
    assert_int_equal(lca_mcfile_start(f, mc), LCA_OK);
    assert_int_equal(lca_mc_run(mc, 0, 16, lca_mcfile_block, f, NULL),
                     LCA_OK);
    assert_int_equal(lca_mcfile_checkpoint(f, mc), LCA_OK);
    lca_mcfile_destroy(&f);
    lca_mc_destroy(&mc);
    opt.seed = 6;
    assert_int_equal(lca_mc_create(M, &opt, &mc), LCA_OK);
    assert_int_equal(lca_mcfile_resume(path, &spec, mc, &f),
                     LCA_ERR_INVALID);
    assert_null(f);
    assert_non_null(strstr(lca_ctx_errmsg(ctx), "seed differs: the "
                           "checkpoint has '5', this run '6'"));
    lca_mc_destroy(&mc);
    // The same seed resumes where the checkpoint was.
    opt.seed = 5;
    assert_int_equal(lca_mc_create(M, &opt, &mc), LCA_OK);
    assert_int_equal(lca_mcfile_resume(path, &spec, mc, &f), LCA_OK);
    assert_int_equal(lca_mc_next(mc), 16);
    assert_int_equal(lca_mc_run(mc, 16, 32, lca_mcfile_block, f, NULL),
                     LCA_OK);
    assert_int_equal(lca_mcfile_finish(&f, mc, NULL, NULL, 0), LCA_OK);
    lca_mc_destroy(&mc);
    lca_model_destroy(&M);
}

static int cmp_dbl(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

// Type 7 from a full sort, written out here: the reference for the
// selection lca_quantiles does.
static double type7_sorted(const double *s, int64_t n, double p) {
    double h = (double)(n - 1) * p;
    int64_t lo = (int64_t)floor(h);
    if (lo >= n - 1) return s[n - 1];
    return s[lo] + (h - (double)lo) * (s[lo + 1] - s[lo]);
}

// Selection gives the sort's quantiles bit for bit: sizes around the
// cut-over to selection (64), odd and even, many ties, sorted and reversed
// input, and the probabilities 0 and 1.
static void test_quantiles_by_selection_equal_a_full_sort(void **state) {
    (void)state;
    const int64_t sizes[] = {1, 2, 63, 64, 65, 100, 1001, 20000};
    const double p[] = {0.0, 0.025, 0.05, 0.25, 0.5, 0.5, 0.75, 0.95, 0.975,
                        1.0, 0.3333};
    const int np = (int)(sizeof p / sizeof p[0]);
    uint64_t x = 88172645463325252ULL;
    for (size_t si = 0; si < sizeof sizes / sizeof sizes[0]; si++) {
        int64_t n = sizes[si];
        double *v = malloc((size_t)n * sizeof *v), *s = malloc((size_t)n *
                                                               sizeof *s);
        for (int kind = 0; kind < 4; kind++) {
            for (int64_t i = 0; i < n; i++) {
                x ^= x << 13, x ^= x >> 7, x ^= x << 17;  // xorshift64
                double u = (double)(x >> 11) / 9007199254740992.0;
                v[i] = kind == 1   ? floor(u * 5.0)  // ties
                       : kind == 2 ? (double)i        // sorted
                       : kind == 3 ? (double)(n - i)  // reversed
                                   : u - 0.5;
            }
            memcpy(s, v, (size_t)n * sizeof *s);
            qsort(s, (size_t)n, sizeof *s, cmp_dbl);
            double q[16];
            lca_quantiles(v, n, np, p, q);
            for (int i = 0; i < np; i++) {
                double want = type7_sorted(s, n, p[i]);
                assert_memory_equal(&q[i], &want, sizeof want);
            }
        }
        free(v);
        free(s);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quantiles_by_selection_equal_a_full_sort),
#define T(f) cmocka_unit_test_setup_teardown(f, ctx_setup, ctx_teardown)
        T(test_mcfile_quantiles_are_exact_over_samples),
        T(test_mcfile_same_numbers_for_1_and_2_threads),
        T(test_mcfile_unwritable_path_fails_cleanly),
        T(test_mcfile_seed_is_unsigned_64_bit),
        T(test_mcfile_fingerprint_text_and_diff),
        T(test_mcfile_resume_refuses_another_seed),
#undef T
    };
    return cmocka_run_group_tests_name("mcfile", tests, NULL, NULL);
}
