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
