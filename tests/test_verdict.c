// tests/test_verdict.c: when is a solution refused (engine/verdict.c)
// SPDX-License-Identifier: MIT
//
// The thresholds exactly at and beyond their edges, and the matrix that
// motivated the growth test: T = [1 -1/0.3; -0.1*3 1] (0.1*3 rounds to
// 0.30000000000000004, so the second pivot is -2.2e-16, not 0) is singular
// to working precision, UMFPACK's pivot ratio (9.6e-16) misses it, and the
// solution of T' x = e1 (about -1e16) gives it away.

#include <float.h>
#include <math.h>

#include "engine/verdict_impl.h"
#include "test_util.h"

static lca_factor_info factor_info(double rcond) {
    lca_factor_info f = {LCA_SOLVER_SPARSE, rcond, 4, 0, 0.0};
    return f;
}

static lca_solve_info solve_info(double growth, double berr) {
    lca_solve_info s = {berr, growth, 0, 1, 0, 0};
    return s;
}

static void test_verdict_thresholds_at_their_edges(void **state) {
    (void)state;
    double x[2] = {1.0, 2.0};
    lca_factor_info ok = factor_info(1e-3);
    lca_solve_info fine = solve_info(10.0, 1e-16);
    assert_int_equal(lca__verdict(&ok, &fine, x, 2), LCA_MC_FAIL_NONE);
    assert_int_equal(lca__verdict(NULL, NULL, x, 2), LCA_MC_FAIL_NONE);
    // rcond: eps is kept, the next double below is refused; NaN refused.
    lca_factor_info f = factor_info(DBL_EPSILON);
    assert_int_equal(lca__verdict(&f, &fine, x, 2), LCA_MC_FAIL_NONE);
    f.rcond = nextafter(DBL_EPSILON, 0.0);
    assert_int_equal(lca__verdict(&f, &fine, x, 2), LCA_MC_FAIL_ILLCOND);
    f.rcond = NAN;
    assert_int_equal(lca__verdict(&f, NULL, NULL, 0), LCA_MC_FAIL_ILLCOND);
    // growth: below 1/eps kept, at 1/eps refused.
    lca_solve_info s = solve_info(nextafter(1.0 / DBL_EPSILON, 0.0), 0.0);
    assert_int_equal(lca__verdict(&ok, &s, x, 2), LCA_MC_FAIL_NONE);
    s.growth = 1.0 / DBL_EPSILON;
    assert_int_equal(lca__verdict(&ok, &s, x, 2), LCA_MC_FAIL_ILLCOND);
    // backward error: 1e-8 kept, above refused, NaN refused.
    s = solve_info(1.0, 1e-8);
    assert_int_equal(lca__verdict(&ok, &s, x, 2), LCA_MC_FAIL_NONE);
    s.backward_error = 2e-8;
    assert_int_equal(lca__verdict(&ok, &s, x, 2), LCA_MC_FAIL_INACCURATE);
    s.backward_error = NAN;
    assert_int_equal(lca__verdict(&ok, &s, x, 2), LCA_MC_FAIL_INACCURATE);
    // A non-finite value comes first, whatever else.
    x[1] = INFINITY;
    assert_int_equal(lca__verdict(&ok, &fine, x, 2), LCA_MC_FAIL_NONFINITE);
    x[1] = NAN;
    assert_int_equal(lca__verdict(NULL, NULL, x, 2), LCA_MC_FAIL_NONFINITE);
}

// T' x = e1 for T = [1 -1/0.3; -0.1*3 1] on both paths: refused, by rcond
// (dense, dgecon) or by growth (sparse, where the pivot ratio is above
// eps). A regular but badly scaled matrix, diag(1, 1e-10), is kept.
static void solve_and_judge(lca_ctx *ctx, const double *dense,
                            lca_solver_kind kind, lca_mc_fail expect) {
    lca_csc *T = csc_from_dense(ctx, 2, 2, dense);
    lca_solver_options opt;
    lca_solver_options_default(&opt);
    opt.kind = kind;
    lca_analysis *an = NULL;
    lca_solver *s = NULL;
    assert_int_equal(lca_analysis_create(ctx, T, &opt, &an), LCA_OK);
    assert_int_equal(lca_solver_create(ctx, an, &s), LCA_OK);
    assert_true(lca_solver_factor(s, lca_csc_values(T)) >= 0);
    double b[2] = {1.0, 0.0}, x[2];
    assert_true(lca_solver_solve(s, LCA_TRANS, 1, b, 2, x, 2) >= 0);
    lca_factor_info f = lca_solver_factor_info(s);
    lca_solve_info si = lca_solver_solve_info(s);
    assert_int_equal(lca__verdict(&f, &si, x, 2), expect);
    lca_solver_destroy(&s);
    lca_analysis_destroy(&an);
    lca_csc_destroy(&T);
}

static void test_verdict_refuses_singular_to_working_precision(void **state) {
    lca_ctx *ctx = *state;
    volatile double tenth = 0.1;  // 0.1*3 at run time, not folded
    const double near[4] = {1.0, -1.0 / 0.3, -tenth * 3, 1.0};  // row-major
    solve_and_judge(ctx, near, LCA_SOLVER_SPARSE, LCA_MC_FAIL_ILLCOND);
    solve_and_judge(ctx, near, LCA_SOLVER_DENSE, LCA_MC_FAIL_ILLCOND);
    const double scaled[4] = {1.0, 0.0, 0.0, 1e-10};
    solve_and_judge(ctx, scaled, LCA_SOLVER_SPARSE, LCA_MC_FAIL_NONE);
    solve_and_judge(ctx, scaled, LCA_SOLVER_DENSE, LCA_MC_FAIL_NONE);
}

int main(void) {
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, ctx_setup, ctx_teardown)
        T(test_verdict_thresholds_at_their_edges),
        T(test_verdict_refuses_singular_to_working_precision),
#undef T
    };
    return cmocka_run_group_tests_name("verdict", tests, NULL, NULL);
}
