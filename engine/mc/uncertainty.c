// engine/uncertainty.c: uncertainty records and their validation
// SPDX-License-Identifier: MIT

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lca/uncertainty.h"

static const char *const dist_names[LCA_NDISTS] = {
    "none", "lognormal", "normal", "uniform", "triangular", "pert", "gamma",
};

const char *lca_dist_str(lca_dist d) {
    return (d >= 0 && d < LCA_NDISTS) ? dist_names[d] : "unknown";
}

lca_status lca_dist_parse(const char *s, lca_dist *d) {
    for (int i = 0; i < LCA_NDISTS; i++) {
        if (strcmp(s, dist_names[i]) == 0) {
            *d = (lca_dist)i;
            return LCA_OK;
        }
    }
    return LCA_ERR_ARG;
}

lca_uncertainty lca_uncertainty_none(void) {
    lca_uncertainty u;
    memset(&u, 0, sizeof u);
    u.lo = NAN;
    u.hi = NAN;
    u.dist = LCA_DIST_NONE;
    return u;
}

static int fail(char *why, size_t size, const char *msg) {
    if (why != NULL && size > 0) snprintf(why, size, "%s", msg);
    return 0;
}

static int valid_params(const lca_uncertainty *u, char *why, size_t size) {
    switch ((lca_dist)u->dist) {
    case LCA_DIST_NONE: return 1;
    case LCA_DIST_LOGNORMAL:
        if (!(u->p2 >= 1.0)) return fail(why, size, "lognormal GSD < 1");
        if (u->p1 == 0.0) return fail(why, size, "lognormal median is 0");
        return 1;
    case LCA_DIST_NORMAL:
        return u->p2 >= 0.0 ? 1 : fail(why, size, "normal sd < 0");
    case LCA_DIST_UNIFORM:
        return u->p1 <= u->p2 ? 1 : fail(why, size, "uniform min > max");
    case LCA_DIST_TRIANGULAR:
    case LCA_DIST_PERT:
        if (!(u->p1 <= u->p2 && u->p2 <= u->p3)) {
            return fail(why, size, "not min <= mode <= max");
        }
        return 1;
    case LCA_DIST_GAMMA:
        if (!(u->p1 > 0.0 && u->p2 > 0.0)) {
            return fail(why, size, "gamma shape or scale <= 0");
        }
        return 1;
    }
    return fail(why, size, "unknown distribution");
}

int lca_uncertainty_valid(const lca_uncertainty *u, double amount, char *why,
                          size_t why_size) {
    (void)amount;
    if (!isfinite(u->p1) || !isfinite(u->p2) || !isfinite(u->p3)) {
        return fail(why, why_size, "a parameter is not finite");
    }
    if (!valid_params(u, why, why_size)) return 0;
    if (!isnan(u->lo) && !isnan(u->hi) && !(u->lo <= u->hi)) {
        return fail(why, why_size, "lower bound above upper bound");
    }
    if (isinf(u->lo) && u->lo > 0) return fail(why, why_size, "lo is +inf");
    if (isinf(u->hi) && u->hi < 0) return fail(why, why_size, "hi is -inf");
    for (int i = 0; i < 5; i++) {
        if (u->pedigree[i] > 5) {
            return fail(why, why_size, "pedigree score outside 0..5");
        }
    }
    return 1;
}

double lca_uncertainty_central(const lca_uncertainty *u, double amount) {
    switch ((lca_dist)u->dist) {
    case LCA_DIST_NONE: return amount;
    case LCA_DIST_LOGNORMAL:
    case LCA_DIST_NORMAL: return u->p1;
    case LCA_DIST_UNIFORM: return 0.5 * (u->p1 + u->p2);
    case LCA_DIST_TRIANGULAR:
    case LCA_DIST_PERT: return u->p2;
    case LCA_DIST_GAMMA:
        return amount < 0.0 ? u->p3 - u->p1 * u->p2 : u->p3 + u->p1 * u->p2;
    }
    return NAN;
}

// The support [*lo, *hi] of the distribution, before the bounds.
static void support(const lca_uncertainty *u, double amount, double *lo,
                    double *hi) {
    *lo = -INFINITY;
    *hi = INFINITY;
    switch ((lca_dist)u->dist) {
    case LCA_DIST_NONE:
    case LCA_DIST_NORMAL: break;
    case LCA_DIST_LOGNORMAL:  // open at 0: the amount must not be 0
        if (u->p1 > 0.0) *lo = nextafter(0.0, 1.0);
        else *hi = -nextafter(0.0, 1.0);
        break;
    case LCA_DIST_UNIFORM: *lo = u->p1; *hi = u->p2; break;
    case LCA_DIST_TRIANGULAR:
    case LCA_DIST_PERT: *lo = u->p1; *hi = u->p3; break;
    case LCA_DIST_GAMMA:
        if (amount < 0.0) *hi = u->p3;
        else *lo = u->p3;
        break;
    }
}

int lca_uncertainty_contradicts(const lca_uncertainty *u, double amount,
                                double factor, char *why, size_t why_size) {
    if (u->dist == LCA_DIST_NONE) return 0;
    double lo, hi;
    support(u, amount, &lo, &hi);
    if (!isnan(u->lo) && u->lo > lo) lo = u->lo;
    if (!isnan(u->hi) && u->hi < hi) hi = u->hi;
    if (!(lo <= amount && amount <= hi)) {
        if (why != NULL && why_size > 0) {
            snprintf(why, why_size, "the amount %.6g lies outside the "
                     "support [%.6g, %.6g]", amount, lo, hi);
        }
        return 1;
    }
    double c = lca_uncertainty_central(u, amount);
    double ratio = (c == amount) ? 1.0 : fabs(c) / fabs(amount);
    if (ratio < 1.0) ratio = 1.0 / ratio;  // 0 -> inf
    int opposite = (c < 0.0 && amount > 0.0) || (c > 0.0 && amount < 0.0);
    if (opposite || !(ratio <= factor)) {
        if (why != NULL && why_size > 0) {
            snprintf(why, why_size, "the central value %.6g is %s the "
                     "amount %.6g (more than %gx)", c,
                     opposite ? "of the other sign than" : "far from", amount,
                     factor);
        }
        return 2;
    }
    return 0;
}
