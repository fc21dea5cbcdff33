// tests/test_generator.c: the synthetic supply-chain generator
// (tools/generator: gen.c, gen_topology.c, gen_values.c, gen_labels.c,
// gen_scc.c)
// SPDX-License-Identifier: MIT
//
// The small profile (2,000 activities) is generated in-process and checked
// against its documented fingerprint (tools/generator/README.md): the
// largest strongly connected component holds 10-30 % of the activities,
// like the eco profile; its UMFPACK fill nnz(L+U)/nnz(A) is 1.5-8, below
// eco's 10-50 because its loop core has only ~360 activities (its LU
// cannot be more than ~360^2 = 130,000 entries against nnz(A) = 25,000).
// The system must be nonsingular and productive (supplies >= 0 for unit
// demands), deterministic for a seed, and carry a valid uncertainty
// record on every exchange.

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "gen.h"
#include "test_util.h"

// Tolerance for "nonnegative": rounding in the LU solve may leave entries
// that are exactly zero in exact arithmetic at a few ulps of max|s|.
#define NEG_TOL 1e-12

static lca_model *small_model(lca_ctx *ctx, uint64_t seed) {
    gen_params p;
    lca_model *M = NULL;
    assert_int_equal(gen_params_profile(ctx, "small", seed, 0, &p), LCA_OK);
    assert_int_equal(gen_model_create(ctx, &p, &M), LCA_OK);
    return M;
}

// ---- fingerprint ------------------------------------------------------------

static void test_generator_small_fingerprint_is_in_its_band(void **state) {
    lca_ctx *ctx = *state;
    lca_model *M = small_model(ctx, 1);
    gen_fingerprint fp;
    assert_true(gen_fingerprint_compute(M, 1, &fp) >= LCA_OK);
    assert_int_equal(fp.n, 2000);
    assert_int_equal(fp.m, 1000);
    assert_int_equal(fp.k, 20);
    double per_col = (double)fp.nnz_A / (double)fp.n;
    assert_true(per_col > 11.0 && per_col < 14.0);
    double bio_per_col = (double)fp.nnz_B / (double)fp.n;
    assert_true(bio_per_col > 16.0 && bio_per_col < 22.0);
    assert_true(fp.scc_share >= 0.10 && fp.scc_share <= 0.30);
    assert_true(fp.fill >= 1.5 && fp.fill <= 8.0);
    assert_true(fp.min_supply >= -NEG_TOL);
    lca_model_destroy(&M);
}

// Every seed lands in the band, not just the default one.
static void test_generator_other_seeds_stay_in_band(void **state) {
    lca_ctx *ctx = *state;
    for (uint64_t seed = 2; seed <= 4; seed++) {
        lca_model *M = small_model(ctx, seed);
        gen_fingerprint fp;
        assert_true(gen_fingerprint_compute(M, 1, &fp) >= LCA_OK);
        assert_true(fp.scc_share >= 0.10 && fp.scc_share <= 0.30);
        assert_true(fp.fill >= 1.5 && fp.fill <= 8.0);
        lca_model_destroy(&M);
    }
}

// ---- nonsingular and productive ---------------------------------------------

// Solve T s = e_j for key demands spread over the set (every group of
// the layout is represented: the set takes groups in turn).
static void test_generator_supplies_are_nonnegative(void **state) {
    lca_ctx *ctx = *state;
    lca_model *M = small_model(ctx, 1);
    const lca_csc *T = lca_model_tech(M);
    int64_t n = lca_csc_ncols(T), set, count;
    lca_solver_options opt;
    lca_solver_options_default(&opt);
    opt.kind = LCA_SOLVER_SPARSE;
    lca_analysis *an = NULL;
    lca_solver *s = NULL;
    assert_int_equal(lca_analysis_create(ctx, T, &opt, &an), LCA_OK);
    assert_int_equal(lca_solver_create(ctx, an, &s), LCA_OK);
    assert_int_equal(lca_solver_factor(s, lca_csc_values(T)), LCA_OK);
    lca_factor_info fi = lca_solver_factor_info(s);
    assert_int_equal(fi.nzero_pivots, 0);
    assert_true(fi.rcond > 1e-6);
    assert_int_equal(lca_model_lookup_demand_set(M, "key products", &set),
                     LCA_OK);
    const int64_t *key = lca_model_demand_set(M, set, &count);
    assert_int_equal(count, 200);
    double *f = malloc(2 * (size_t)n * sizeof *f);
    assert_non_null(f);
    double *x = f + n;
    for (int64_t d = 0; d < 16; d++) {
        lca_model_demand_dense(M, key[d * 12], f);
        assert_int_equal(lca_solver_solve(s, LCA_NOTRANS, 1, f, n, x, n),
                         LCA_OK);
        assert_true(lca_solver_solve_info(s).backward_error < 1e-13);
        double hi = 0.0, lo = 0.0;
        for (int64_t i = 0; i < n; i++) {
            hi = fmax(hi, fabs(x[i]));
            lo = fmin(lo, x[i]);
        }
        assert_true(hi >= 0.5);  // s_j >= 1 / A(j,j) >= 0.5
        assert_true(lo >= -NEG_TOL * hi);
    }
    free(f);
    lca_solver_destroy(&s);
    lca_analysis_destroy(&an);
    lca_model_destroy(&M);
}

// The construction behind it: inputs negative, reference output positive,
// and sum_i |A(i,j)| <= 0.6 A(j,j) in every column.
static void test_generator_columns_are_diagonally_dominant(void **state) {
    lca_ctx *ctx = *state;
    lca_model *M = small_model(ctx, 1);
    const lca_csc *A = lca_model_A(M);
    const int64_t *Ap = lca_csc_colptr(A), *Ai = lca_csc_rowidx(A);
    const double *Ax = lca_csc_values(A);
    for (int64_t j = 0; j < lca_csc_ncols(A); j++) {
        double diag = 0.0, inputs = 0.0;
        for (int64_t p = Ap[j]; p < Ap[j + 1]; p++) {
            if (Ai[p] == j) {
                diag = Ax[p];
            } else {
                assert_true(Ax[p] < 0.0);
                inputs -= Ax[p];
            }
        }
        assert_true(diag >= 0.5 && diag <= 2.0);
        assert_true(inputs > 0.0);
        assert_true(inputs <= 0.6 * diag * (1.0 + 1e-12));
    }
    lca_model_destroy(&M);
}

// ---- determinism ------------------------------------------------------------

static int same_records(const lca_uncertainty *a, const lca_uncertainty *b,
                        int64_t nnz) {
    for (int64_t p = 0; p < nnz; p++) {
        if (a[p].dist != b[p].dist || a[p].p1 != b[p].p1 ||
            a[p].p2 != b[p].p2 || a[p].p3 != b[p].p3) {
            return 0;
        }
    }
    return 1;
}

// Same pattern, bit-identical values and records.
static int same_matrix(const lca_model *M1, const lca_model *M2,
                       lca_matrix X) {
    const lca_csc *X1 = X == LCA_MATRIX_A   ? lca_model_A(M1)
                        : X == LCA_MATRIX_B ? lca_model_B(M1)
                                            : lca_model_C(M1);
    const lca_csc *X2 = X == LCA_MATRIX_A   ? lca_model_A(M2)
                        : X == LCA_MATRIX_B ? lca_model_B(M2)
                                            : lca_model_C(M2);
    int64_t n = lca_csc_ncols(X1), nnz = lca_csc_nnz(X1);
    if (lca_csc_ncols(X2) != n || lca_csc_nnz(X2) != nnz) return 0;
    size_t ib = sizeof(int64_t), db = sizeof(double);
    return memcmp(lca_csc_colptr(X1), lca_csc_colptr(X2), (n + 1) * ib) ==
               0 &&
           memcmp(lca_csc_rowidx(X1), lca_csc_rowidx(X2), nnz * ib) == 0 &&
           memcmp(lca_csc_values(X1), lca_csc_values(X2), nnz * db) == 0 &&
           same_records(lca_model_uncertainty(M1, X),
                        lca_model_uncertainty(M2, X), nnz);
}

static void test_generator_same_seed_gives_identical_model(void **state) {
    lca_ctx *ctx = *state;
    lca_model *M1 = small_model(ctx, 7), *M2 = small_model(ctx, 7);
    lca_model *M3 = small_model(ctx, 8);
    for (int x = 0; x < 3; x++) {
        assert_true(same_matrix(M1, M2, (lca_matrix)x));
        assert_false(same_matrix(M1, M3, (lca_matrix)x));
    }
    assert_string_equal(lca_model_label(M1, LCA_PRODUCTS, LCA_LABEL_NAME, 5),
                        lca_model_label(M2, LCA_PRODUCTS, LCA_LABEL_NAME, 5));
    lca_model_destroy(&M1);
    lca_model_destroy(&M2);
    lca_model_destroy(&M3);
}

// ---- uncertainty ------------------------------------------------------------

// Every record valid; off-diagonal A and all of B uncertain, the
// diagonal fixed; lognormal median = amount and GSD in [1.05, 2.5].
static void check_records(const lca_model *M, lca_matrix X,
                          int64_t counts[LCA_NDISTS]) {
    const lca_csc *Y = X == LCA_MATRIX_A ? lca_model_A(M) : lca_model_B(M);
    const lca_uncertainty *u = lca_model_uncertainty(M, X);
    assert_non_null(u);
    const int64_t *Ap = lca_csc_colptr(Y), *Ai = lca_csc_rowidx(Y);
    const double *Yx = lca_csc_values(Y);
    for (int64_t j = 0; j < lca_csc_ncols(Y); j++) {
        for (int64_t p = Ap[j]; p < Ap[j + 1]; p++) {
            assert_true(lca_uncertainty_valid(&u[p], Yx[p], NULL, 0));
            int fixed = X == LCA_MATRIX_A && Ai[p] == j;
            assert_int_equal(u[p].dist == LCA_DIST_NONE, fixed);
            if (u[p].dist == LCA_DIST_LOGNORMAL) {
                assert_true(u[p].p1 == Yx[p]);
                assert_true(u[p].p2 >= 1.05 - 1e-12 && u[p].p2 <= 2.5);
            }
            if (!fixed) counts[u[p].dist]++;
        }
    }
}

static void test_generator_every_exchange_has_a_valid_record(void **state) {
    lca_ctx *ctx = *state;
    lca_model *M = small_model(ctx, 1);
    for (int x = 0; x < 2; x++) {
        int64_t counts[LCA_NDISTS] = {0}, total = 0;
        check_records(M, (lca_matrix)x, counts);
        for (int d = 0; d < LCA_NDISTS; d++) total += counts[d];
        double share[LCA_NDISTS];
        for (int d = 0; d < LCA_NDISTS; d++) {
            share[d] = (double)counts[d] / (double)total;
        }
        assert_true(share[LCA_DIST_LOGNORMAL] > 0.88);
        assert_true(share[LCA_DIST_NORMAL] > 0.01);
        assert_true(share[LCA_DIST_TRIANGULAR] > 0.005);
        assert_true(share[LCA_DIST_UNIFORM] > 0.005);
    }
    int64_t c[LCA_NDISTS];
    lca_model_uncertainty_counts(M, LCA_MATRIX_C, c);
    assert_true(c[LCA_DIST_LOGNORMAL] > 0);
    assert_true(c[LCA_DIST_NONE] > 10 * c[LCA_DIST_LOGNORMAL]);
    assert_int_equal(lca_model_check(M), LCA_OK);
    lca_model_destroy(&M);
}

// ---- demands, labels, file --------------------------------------------------

static void test_generator_key_products_span_the_layout(void **state) {
    lca_ctx *ctx = *state;
    lca_model *M = small_model(ctx, 1);
    int64_t set, count, hubs = 0, band = 0, top = 0;
    assert_int_equal(lca_model_lookup_demand_set(M, "key products", &set),
                     LCA_OK);
    const int64_t *key = lca_model_demand_set(M, set, &count);
    const lca_csc *F = lca_model_demands(M);
    for (int64_t d = 0; d < count; d++) {
        const int64_t *Fp = lca_csc_colptr(F);
        assert_int_equal(Fp[key[d] + 1] - Fp[key[d]], 1);
        int64_t j = lca_csc_rowidx(F)[Fp[key[d]]];
        assert_true(lca_csc_values(F)[Fp[key[d]]] == 1.0);
        const char *name = lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_NAME, j);
        hubs += strncmp(name, "market for", 10) == 0;
        band += strncmp(name, "production of", 13) == 0;
        top += strncmp(name, "tier 6 ", 7) == 0;
    }
    assert_true(hubs >= 20 && band >= 20 && top >= 20);
    lca_model_destroy(&M);
}

static void test_generator_model_survives_a_file(void **state) {
    lca_ctx *ctx = *state;
    lca_model *M = small_model(ctx, 3), *R = NULL;
    const char *dir = test_tmpdir("generator");
    assert_non_null(dir);
    char path[4200];
    snprintf(path, sizeof path, "%s/small.h5", dir);
    assert_int_equal(lca_model_write(M, path), LCA_OK);
    assert_int_equal(lca_model_read(ctx, path, &R), LCA_OK);
    for (int x = 0; x < 3; x++) assert_true(same_matrix(M, R, (lca_matrix)x));
    assert_string_equal(lca_model_attr(R, "source"),
                        "lca-gen (tools/generator)");
    lca_model_destroy(&M);
    lca_model_destroy(&R);
}

// ---- SCCs -------------------------------------------------------------------

// 0 -> 1 -> 2 -> 0 is a loop, 3 stands alone, 4 <-> 5 is a loop; an edge
// j -> i for every A(i,j) off the diagonal.
static void test_gen_scc_finds_known_components(void **state) {
    lca_ctx *ctx = *state;
    double X[36] = {0};
    for (int i = 0; i < 6; i++) X[i * 6 + i] = 1.0;
    X[1 * 6 + 0] = X[2 * 6 + 1] = X[0 * 6 + 2] = -0.5;  // 0->1->2->0
    X[3 * 6 + 2] = X[5 * 6 + 4] = X[4 * 6 + 5] = -0.5;  // 2->3, 4<->5
    lca_csc *A = csc_from_dense(ctx, 6, 6, X);
    int64_t comp[6], ncomp, largest, nloops;
    assert_int_equal(gen_scc(ctx, A, comp, &ncomp, &largest, &nloops), LCA_OK);
    assert_int_equal(ncomp, 3);
    assert_int_equal(largest, 3);
    assert_int_equal(nloops, 2);
    assert_true(comp[0] == comp[1] && comp[1] == comp[2]);
    assert_true(comp[4] == comp[5] && comp[3] != comp[0]);
    assert_true(comp[3] != comp[4] && comp[0] != comp[4]);
    lca_csc_destroy(&A);
}

// A chain of 300,000 activities closed into one loop: the recursion depth
// of a recursive Tarjan would be 300,000 frames.
static void test_gen_scc_handles_a_very_deep_chain(void **state) {
    lca_ctx *ctx = *state;
    int64_t n = 300000;
    int64_t *Ti = malloc(2 * (size_t)n * sizeof *Ti);
    double *Tx = malloc((size_t)n * sizeof *Tx);
    assert_true(Ti != NULL && Tx != NULL);
    int64_t *Tj = Ti + n;
    for (int64_t j = 0; j < n; j++) {
        Ti[j] = (j + 1) % n;  // column j uses j + 1
        Tj[j] = j;
        Tx[j] = -0.5;
    }
    lca_csc *A = NULL;
    assert_int_equal(lca_csc_from_triplets(ctx, n, n, n, Ti, Tj, Tx, &A),
                     LCA_OK);
    int64_t *comp = malloc((size_t)n * sizeof *comp), ncomp, largest, nloops;
    assert_non_null(comp);
    assert_int_equal(gen_scc(ctx, A, comp, &ncomp, &largest, &nloops), LCA_OK);
    assert_int_equal(ncomp, 1);
    assert_int_equal(largest, n);
    assert_int_equal(nloops, 1);
    free(comp);
    free(Ti);
    free(Tx);
    lca_csc_destroy(&A);
}

// ---- errors -----------------------------------------------------------------

static void test_gen_params_profile_rejects_unknown_names(void **state) {
    lca_ctx *ctx = *state;
    gen_params p;
    assert_int_equal(gen_params_profile(ctx, "ecoinvent", 1, 0, &p),
                     LCA_ERR_ARG);
    assert_non_null(strstr(lca_ctx_errmsg(ctx), "ecoinvent"));
    assert_int_equal(gen_params_profile(ctx, "eco", 1, 50, &p), LCA_ERR_ARG);
    assert_int_equal(gen_params_profile(ctx, "eco", 1, 0, &p), LCA_OK);
    p.core_share = 0.9;
    lca_model *M = (lca_model *)1;
    assert_int_equal(gen_model_create(ctx, &p, &M), LCA_ERR_ARG);
    assert_null(M);
    assert_non_null(strstr(lca_ctx_errmsg(ctx), "core_share"));
}

// The k-th allocation fails, k = 0, 1, ...: NOMEM, no model, nothing
// left allocated, until a run succeeds. A tiny system keeps this quick.
static void test_gen_model_create_survives_every_failed_alloc(void **state) {
    (void)state;
    lca_ctx *ctx = NULL;
    assert_int_equal(lca_ctx_create(&ctx), LCA_OK);
    gen_params p;
    assert_int_equal(gen_params_profile(ctx, "small", 5, 200, &p), LCA_OK);
    p.m = 20;
    p.k = 2;
    p.ndemands = 4;
    p.loop_share = 0.05;  // the loop stage allocates too
    test_alloc ta;
    for (int64_t k = 0;; k++) {
        test_alloc_install(ctx, &ta, k);
        lca_model *M = (lca_model *)1;
        lca_status st = gen_model_create(ctx, &p, &M);
        if (st == LCA_OK) {
            assert_true(k > 20);
            lca_model_destroy(&M);
            assert_int_equal(ta.live, 0);
            break;
        }
        assert_int_equal(st, LCA_ERR_NOMEM);
        assert_null(M);
        assert_int_equal(ta.live, 0);
    }
    lca_ctx_destroy(&ctx);
}

int main(void) {
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, ctx_setup, ctx_teardown)
        T(test_generator_small_fingerprint_is_in_its_band),
        T(test_generator_other_seeds_stay_in_band),
        T(test_generator_supplies_are_nonnegative),
        T(test_generator_columns_are_diagonally_dominant),
        T(test_generator_same_seed_gives_identical_model),
        T(test_generator_every_exchange_has_a_valid_record),
        T(test_generator_key_products_span_the_layout),
        T(test_generator_model_survives_a_file),
        T(test_gen_scc_finds_known_components),
        T(test_gen_scc_handles_a_very_deep_chain),
        T(test_gen_params_profile_rejects_unknown_names),
        T(test_gen_model_create_survives_every_failed_alloc),
#undef T
    };
    return cmocka_run_group_tests_name("generator", tests, NULL, NULL);
}
