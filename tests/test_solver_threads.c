// tests/test_solver_threads.c: one analysis shared by solvers on threads
// SPDX-License-Identifier: MIT
//
// Monte Carlo shares one lca_analysis (UMFPACK Symbolic) read-only between
// threads that each own an lca_solver. Two POSIX threads here refactorize
// and solve different values in the shared pattern at the same time; each
// result must equal the same computation done alone. CTest also runs this
// program under valgrind's helgrind (when valgrind is installed), which
// checks the accesses inside UMFPACK too, not only ours.

#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <stdlib.h>

#include "test_util.h"

#define N 120
#define ROUNDS 12

typedef struct job {
    const lca_analysis *an;
    const lca_csc *T;
    int id;
    double x[ROUNDS][N];
    int failures;
} job;

// Values of T scaled per thread and round: same pattern, new numbers.
static void values(const lca_csc *T, int id, int round, double *v) {
    const double *Tx = lca_csc_values(T);
    for (int64_t p = 0; p < lca_csc_nnz(T); p++) {
        v[p] = Tx[p] * (1.0 + 0.01 * (double)((id * 7 + round + p) % 5));
    }
}

static void solve_rounds(const lca_analysis *an, const lca_csc *T, int id,
                         double x[ROUNDS][N], int *failures) {
    lca_ctx *ctx = NULL;
    lca_solver *s = NULL;
    double *v = malloc(sizeof *v * (size_t)lca_csc_nnz(T)), b[N];
    for (int i = 0; i < N; i++) b[i] = 1.0;
    if (lca_ctx_create(&ctx) != LCA_OK || v == NULL) {
        (*failures)++;
    } else {
        lca_ctx_set_nthreads(ctx, 1);
        if (lca_solver_create(ctx, an, &s) != LCA_OK) (*failures)++;
    }
    for (int r = 0; s != NULL && r < ROUNDS; r++) {
        values(T, id, r, v);
        if (lca_solver_factor(s, v) != LCA_OK ||
            lca_solver_solve(s, LCA_TRANS, 1, b, N, x[r], N) != LCA_OK) {
            (*failures)++;
        }
    }
    lca_solver_destroy(&s);
    lca_ctx_destroy(&ctx);
    free(v);
}

static void *thread_main(void *arg) {
    job *j = arg;
    solve_rounds(j->an, j->T, j->id, j->x, &j->failures);
    return NULL;
}

static lca_csc *banded(lca_ctx *ctx) {
    double *X = calloc((size_t)N * N, sizeof *X);
    for (int i = 0; i < N; i++) {
        X[i * N + i] = 4.0;
        X[i * N + (i + 1) % N] = -1.0;
        X[i * N + (i + 17) % N] = -0.5;
        X[((i + 3) % N) * N + i] = -0.7;
    }
    lca_csc *T = csc_from_dense(ctx, N, N, X);
    free(X);
    return T;
}

static void test_solver_threads_share_one_analysis(void **state) {
    lca_ctx *ctx = *state;
    lca_csc *T = banded(ctx);
    lca_solver_options opt;
    lca_solver_options_default(&opt);
    opt.kind = LCA_SOLVER_SPARSE;
    lca_analysis *an = NULL;
    assert_int_equal(lca_analysis_create(ctx, T, &opt, &an), LCA_OK);
    static job jobs[2];
    pthread_t tid[2];
    for (int t = 0; t < 2; t++) {
        jobs[t] = (job){.an = an, .T = T, .id = t, .failures = 0};
        assert_int_equal(pthread_create(&tid[t], NULL, thread_main, &jobs[t]),
                         0);
    }
    for (int t = 0; t < 2; t++) pthread_join(tid[t], NULL);
    for (int t = 0; t < 2; t++) {
        static double alone[ROUNDS][N];
        int failures = 0;
        solve_rounds(an, T, t, alone, &failures);
        assert_int_equal(jobs[t].failures, 0);
        assert_int_equal(failures, 0);
        assert_memory_equal(alone, jobs[t].x, sizeof alone);
    }
    lca_analysis_destroy(&an);
    lca_csc_destroy(&T);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_solver_threads_share_one_analysis,
                                        ctx_setup, ctx_teardown),
    };
    return cmocka_run_group_tests_name("solver_threads", tests, NULL, NULL);
}
