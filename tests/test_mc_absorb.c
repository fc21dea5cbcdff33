// tests/test_mc_absorb.c: merging blocks computed by another lca_mc
// SPDX-License-Identifier: MIT
//
// lca_mc_absorb_block is how rank 0 of an MPI run merges the other ranks'
// blocks (cli/mc_mpi_run.c). Here one lca_mc computes some blocks itself
// and absorbs the others from a second lca_mc, as rank 0 does: its state
// must equal, bit for bit, that of an lca_mc that computed everything.

#include <math.h>
#include <stdlib.h>

#include "test_util.h"

// 6 products in a loop, A lognormal, B uniform; products 2 and 4 share a
// flow whose sampled value sometimes overflows (failed iterations).
static lca_model *build(lca_ctx *ctx) {
    enum { N = 6 };
    double T[N * N] = {0}, B[2 * N], C[2] = {1.0, 1e-300};
    for (int j = 0; j < N; j++) {
        T[j * N + j] = 1.0;
        T[((j + 1) % N) * N + j] = -0.5;
        B[j] = 1.0 + j;
        B[N + j] = j == 2 || j == 4 ? 1.0 : 0.0;
    }
    lca_csc *A = csc_from_dense(ctx, N, N, T), *Bc = csc_from_dense(ctx, 2, N,
                                                                    B);
    lca_csc *Cc = csc_from_dense(ctx, 1, 2, C);
    lca_model *M = NULL;
    assert_int_equal(lca_model_create(ctx, LCA_TECHNOSPHERE, A, Bc, Cc, &M),
                     LCA_OK);
    int64_t na = lca_csc_nnz(A), nb = lca_csc_nnz(Bc);
    lca_uncertainty *u = calloc((size_t)(na + nb), sizeof *u);
    const double *Ax = lca_csc_values(A), *Bx = lca_csc_values(Bc);
    const int64_t *Bi = lca_csc_rowidx(Bc);
    for (int64_t p = 0; p < na; p++) {
        u[p] = lca_uncertainty_none();
        if (Ax[p] < 0) {
            u[p].dist = LCA_DIST_LOGNORMAL;
            u[p].p1 = Ax[p];
            u[p].p2 = 1.4;
        }
    }
    for (int64_t p = 0; p < nb; p++) {
        lca_uncertainty *r = &u[na + p];
        *r = lca_uncertainty_none();
        r->dist = Bi[p] == 1 ? LCA_DIST_LOGNORMAL : LCA_DIST_UNIFORM;
        r->p1 = Bi[p] == 1 ? Bx[p] : 0.5 * Bx[p];
        r->p2 = Bi[p] == 1 ? 1e164 : 1.5 * Bx[p];  // z > 1.88 overflows
    }
    assert_int_equal(lca_model_set_uncertainty(M, LCA_MATRIX_A, u), LCA_OK);
    assert_int_equal(lca_model_set_uncertainty(M, LCA_MATRIX_B, u + na),
                     LCA_OK);
    free(u);
    lca_csc_destroy(&A);
    lca_csc_destroy(&Bc);
    lca_csc_destroy(&Cc);
    return M;
}

static lca_mc *make(const lca_model *M, int keep_factors) {
    lca_mc_options opt;
    lca_mc_options_default(&opt);
    opt.seed = 11;
    opt.block_size = 8;
    opt.keep_factors = keep_factors;
    lca_mc *mc = NULL;
    assert_int_equal(lca_mc_create(M, &opt, &mc), LCA_OK);
    return mc;
}

static lca_status absorb(void *arg, const lca_mc_block *b) {
    return lca_mc_absorb_block(arg, b, b->factors);
}

static void assert_same_state(const lca_mc *a, const lca_mc *b) {
    lca_mc_state x = lca_mc_get_state(a), y = lca_mc_get_state(b);
    assert_int_equal(x.next, y.next);
    assert_int_equal(x.ndone, y.ndone);
    assert_int_equal(x.nfailed, y.nfailed);
    assert_int_equal(x.len, y.len);
    size_t bytes = (size_t)x.len * sizeof(double);
    assert_memory_equal(x.count, y.count, (size_t)x.len * sizeof *x.count);
    assert_memory_equal(x.mean, y.mean, bytes);
    assert_memory_equal(x.m2, y.m2, bytes);
    assert_memory_equal(x.min, y.min, bytes);
    assert_memory_equal(x.max, y.max, bytes);
}

// Rank 0 computes [0, 24) and [72, 100), absorbs [24, 72) from "rank 1",
// whose wave ranges start on block boundaries; the last block is short.
static void test_mc_absorb_equals_computing_every_block(void **state) {
    lca_ctx *ctx = *state;
    lca_model *M = build(ctx);
    lca_mc *all = make(M, 0), *rank0 = make(M, 0), *rank1 = make(M, 1);
    assert_int_equal(lca_mc_run(all, 0, 100, NULL, NULL, NULL), LCA_OK);
    assert_true(lca_mc_nfailed(all) > 0);  // the test covers failures
    assert_int_equal(lca_mc_run(rank0, 0, 24, NULL, NULL, NULL), LCA_OK);
    assert_int_equal(lca_mc_run(rank1, 24, 72, absorb, rank0, NULL), LCA_OK);
    assert_int_equal(lca_mc_run(rank0, 72, 100, NULL, NULL, NULL), LCA_OK);
    assert_same_state(all, rank0);
    lca_mc_destroy(&all);
    lca_mc_destroy(&rank0);
    lca_mc_destroy(&rank1);
    lca_model_destroy(&M);
}

// Only the next block is accepted; a refused block changes nothing.
static void test_mc_absorb_refuses_blocks_out_of_order(void **state) {
    lca_ctx *ctx = *state;
    lca_model *M = build(ctx);
    lca_mc *mc = make(M, 0), *ref = make(M, 0);
    uint8_t failed[8] = {0};
    double lambdas[8 * 6] = {0}, scores[1];
    lca_mc_block b = {1, 8, 8, failed, scores, NULL, 0, NULL, NULL, NULL};  // block 1 first
    assert_int_equal(lca_mc_absorb_block(mc, &b, lambdas), LCA_ERR_ARG);
    assert_non_null(strstr(lca_ctx_errmsg(ctx), "not the next one"));
    lca_mc_block big = {0, 0, 9, failed, scores, NULL, 0, NULL, NULL, NULL};  // 9 > block size
    assert_int_equal(lca_mc_absorb_block(mc, &big, lambdas), LCA_ERR_ARG);
    lca_mc_block bad = {1, 0, 8, failed, scores, NULL, 0, NULL, NULL, NULL};  // wrong index
    assert_int_equal(lca_mc_absorb_block(mc, &bad, lambdas), LCA_ERR_ARG);
    assert_same_state(mc, ref);
    lca_mc_destroy(&mc);
    lca_mc_destroy(&ref);
    lca_model_destroy(&M);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            test_mc_absorb_equals_computing_every_block, ctx_setup,
            ctx_teardown),
        cmocka_unit_test_setup_teardown(
            test_mc_absorb_refuses_blocks_out_of_order, ctx_setup,
            ctx_teardown),
    };
    return cmocka_run_group_tests_name("mc_absorb", tests, NULL, NULL);
}
