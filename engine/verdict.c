// engine/verdict.c: is a computed solution worth keeping?
// SPDX-License-Identifier: MIT
//
// A Monte Carlo iteration, a Monte Carlo iteration on the iterative path
// and a deterministic solve all ask this one function, so that "singular
// to working precision" means the same everywhere. A solution x of
// T x = b (or T' x = b) is refused when
//
//   1. a value of x is NaN or Inf                              NONFINITE
//   2. rcond < eps, or growth = |T||x| / |b| >= 1/eps            ILLCOND
//   3. the backward error after refinement w > 1e-8           INACCURATE
//
// (eps = 2^-52, |.| the infinity norm, worst case over the right-hand
// sides). Test 2 says that cond(T) eps >= 1: rounding in the
// factorization alone can be as large as the solution, so every digit
// may be noise. It is LAPACK's test for "singular to working precision"
// (xGESVX returns INFO = N+1 when RCOND < eps). rcond is what the
// factorization estimated (dgecon on the dense path; UMFPACK's pivot
// ratio min|U(k,k)| / max|U(k,k)| on the sparse one, which bounds
// cond(U) from below). growth is a proven lower bound on cond_inf(T),
// since |x| <= |T^-1| |b|; it costs two norms per solve and catches what
// the pivot ratio misses: T = [1 -1/0.3; -0.1*3 1] has a pivot ratio of
// 9.6e-16 (above eps), dgecon says 1.2e-17, and the solution of
// T' x = e1 is -1.2e16, a growth of 5e16 > 1/eps = 4.5e15.
// Test 3 catches a solve whose refinement did not converge (LU
// with pivoting normally leaves w near eps; half the digits is the limit).
//
// Rejected: a Hager-Higham 1-norm estimate per factorization (four to
// five extra solves, which would double the cost of a Monte Carlo
// iteration that makes one solve).

#include <float.h>
#include <math.h>
#include <stdio.h>

#include "verdict_impl.h"

lca_mc_fail lca__verdict(const lca_factor_info *f, const lca_solve_info *s,
                         const double *x, int64_t nx) {
    for (int64_t i = 0; i < nx; i++) {
        if (!isfinite(x[i])) return LCA_MC_FAIL_NONFINITE;
    }
    if (f != NULL && !(f->rcond >= DBL_EPSILON)) return LCA_MC_FAIL_ILLCOND;
    if (s == NULL) return LCA_MC_FAIL_NONE;
    if (!(s->growth < 1.0 / DBL_EPSILON)) return LCA_MC_FAIL_ILLCOND;
    if (!(s->backward_error <= LCA__BERR_MAX)) return LCA_MC_FAIL_INACCURATE;
    return LCA_MC_FAIL_NONE;
}

const char *lca__verdict_evidence(const lca_factor_info *f,
                                  const lca_solve_info *s, char *buf,
                                  size_t size) {
    int w = snprintf(buf, size, "rcond estimate %.3g",
                     f != NULL ? f->rcond : NAN);
    if (s != NULL && w > 0 && (size_t)w < size) {
        snprintf(buf + w, size - (size_t)w, ", growth |T||x|/|b| %.3g, "
                 "backward error %.3g", s->growth, s->backward_error);
    }
    return buf;
}
