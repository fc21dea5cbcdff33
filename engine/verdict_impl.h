// engine/verdict_impl.h: is a computed solution worth keeping?
// SPDX-License-Identifier: MIT
//
// One criterion for every path that solves T x = b: Monte Carlo
// iterations (direct or iterative) and the deterministic commands. See
// engine/verdict.c and docs/SOLVER.md ("When a result is refused").

#ifndef LCA_VERDICT_IMPL_H
#define LCA_VERDICT_IMPL_H

#include <stdint.h>

#include "lca/mc.h"
#include "lca/solver.h"

// The verdict on solutions x (nx values) of systems with T: LCA_MC_FAIL_NONE
// (keep), LCA_MC_FAIL_NONFINITE (a value of x is NaN or Inf),
// LCA_MC_FAIL_ILLCOND (T is singular to working precision: f->rcond < eps
// or s->growth >= 1/eps), LCA_MC_FAIL_INACCURATE (s->backward_error above
// LCA__BERR_MAX). f is the factorization used (NULL: none, e.g. an
// iterative solve), s what the solves found (NULL: none yet), x may be
// NULL when nx is 0. Pure: reads its arguments only.
lca_mc_fail lca__verdict(const lca_factor_info *f, const lca_solve_info *s,
                         const double *x, int64_t nx);

// The largest backward error a kept solution may have, ~sqrt(eps).
#define LCA__BERR_MAX 1e-8

// Write "rcond estimate R, growth G, backward error W" (what the verdict
// looked at) into buf for a message; returns buf.
const char *lca__verdict_evidence(const lca_factor_info *f,
                                  const lca_solve_info *s, char *buf,
                                  size_t size);

#endif  // LCA_VERDICT_IMPL_H
