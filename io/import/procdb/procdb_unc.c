// io/import/procdb/procdb_unc.c: uncertainty records under the builder's sign rule and
// when exchanges are summed
// SPDX-License-Identifier: MIT
//
// Scaling (a unit conversion, or the sign rule's -1) is exact for every
// family: lognormal medians and normal means scale, the GSD does not,
// bounds scale and swap when the factor is negative.
//
// Summing k exchanges into one matrix entry (e.g. water in and water out
// of the same flow in one process) keeps the distribution only when that
// is exact:
//   - no record has a distribution: none;
//   - exactly one has, and the others are fixed amounts c: X + c is again
//     normal, uniform, triangular, PERT or (through its location) gamma,
//     so those are shifted by c; a lognormal stays only when c == 0;
//   - two or more have: the sum is in none of the families, so none.
// Pedigree scores are kept when all k records carry the same ones.
// Rejected: moment matching (fitting a lognormal to the sum), which would
// invent a distribution the data never gave.

#include <math.h>
#include <string.h>

#include "io/import/procdb/procdb_impl.h"

static void swap(double *a, double *b) {
    double t = *a;
    *a = *b;
    *b = t;
}

void lca__pdb_unc_scale(lca_uncertainty *u, double f) {
    switch ((lca_dist)u->dist) {
    case LCA_DIST_NONE: return;
    case LCA_DIST_LOGNORMAL: u->p1 *= f; break;
    case LCA_DIST_NORMAL:
        u->p1 *= f;
        u->p2 *= fabs(f);
        break;
    case LCA_DIST_UNIFORM:
        u->p1 *= f;
        u->p2 *= f;
        if (f < 0) swap(&u->p1, &u->p2);
        break;
    case LCA_DIST_TRIANGULAR:
    case LCA_DIST_PERT:
        u->p1 *= f;
        u->p2 *= f;
        u->p3 *= f;
        if (f < 0) swap(&u->p1, &u->p3);
        break;
    case LCA_DIST_GAMMA:
        u->p2 *= fabs(f);
        u->p3 *= f;
        break;
    }
    u->lo *= f;  // NaN (no bound) stays NaN
    u->hi *= f;
    if (f < 0) swap(&u->lo, &u->hi);
}

// Shift the distribution u by c (X + c). Returns 0 if that is not exact.
static int shift(lca_uncertainty *u, double c) {
    if (c == 0.0) return 1;
    switch ((lca_dist)u->dist) {
    case LCA_DIST_NONE: return 1;
    case LCA_DIST_LOGNORMAL: return 0;
    case LCA_DIST_NORMAL: u->p1 += c; break;
    case LCA_DIST_UNIFORM:
        u->p1 += c;
        u->p2 += c;
        break;
    case LCA_DIST_TRIANGULAR:
    case LCA_DIST_PERT:
        u->p1 += c;
        u->p2 += c;
        u->p3 += c;
        break;
    case LCA_DIST_GAMMA: u->p3 += c; break;
    }
    u->lo += c;
    u->hi += c;
    return 1;
}

int lca__pdb_unc_combine(const lca_uncertainty *u, const double *x,
                         int64_t k, lca_uncertainty *out) {
    int64_t with = -1, nwith = 0;
    int same_pedigree = 1;
    for (int64_t i = 0; i < k; i++) {
        if (u[i].dist != LCA_DIST_NONE) {
            with = i;
            nwith++;
        }
        if (memcmp(u[i].pedigree, u[0].pedigree, 5) != 0) same_pedigree = 0;
    }
    *out = lca_uncertainty_none();
    int exact = nwith <= 1;
    if (nwith == 1) {
        double c = 0.0;
        for (int64_t i = 0; i < k; i++) c += i == with ? 0.0 : x[i];
        lca_uncertainty v = u[with];
        if (shift(&v, c)) {
            *out = v;
        } else {
            exact = 0;
        }
    }
    memset(out->pedigree, 0, 5);
    if (same_pedigree) memcpy(out->pedigree, u[0].pedigree, 5);
    return exact && same_pedigree;
}
