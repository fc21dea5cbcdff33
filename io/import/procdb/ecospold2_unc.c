// io/import/procdb/ecospold2_unc.c: EcoSpold 2 uncertainty and pedigree elements
// SPDX-License-Identifier: MIT
//
// EcoSpold 2 gives the lognormal by the parameters of the underlying
// normal: mu = ln(median) and variance = (ln GSD)^2, in the exchange's
// unit. The variance with pedigree uncertainty (the basic variance plus
// the pedigree matrix's contribution) is the total the data provider
// intends, so it is the one used when present (as Brightway does):
//
//   median = exp(mu), with the sign of the amount
//   GSD    = exp(sqrt(varianceWithPedigreeUncertainty))
//
// A variance of 0 (GSD 1) has no spread and a variance of Infinity is an
// export artefact (openLCA writes it for a geomSd of 0), as is mu="NaN"
// (the log of a negative amount): all become none and are counted.
// Normal: meanValue and sd = sqrt(variance...);
// triangular: minValue, mostLikelyValue, maxValue; uniform: minValue,
// maxValue. Other types (undefined, beta, gamma, binomial) become none
// and are counted. The pedigreeMatrix scores (1..5 each) are kept.

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "io/import/procdb/ecospold2_impl.h"

// The variance to use: with pedigree uncertainty when given.
static lca_status variance(lca__es2 *x, const xmlNode *d, double *var) {
    const char *key = lca__es2_attr(d, "varianceWithPedigreeUncertainty")
                          ? "varianceWithPedigreeUncertainty"
                          : "variance";
    return lca__es2_num(x, d, key, LCA__ES2_INF, var);
}

static lca_status lognormal(lca__es2 *x, const xmlNode *d, double amount,
                            lca_uncertainty *r) {
    double mu = 0.0, var = 0.0;
    // openLCA writes mu="NaN" for negative amounts (the log of one).
    lca_status st = lca__es2_num(x, d, "mu", LCA__ES2_NAN, &mu);
    if (st == LCA_OK) st = variance(x, d, &var);
    if (st != LCA_OK) return st;
    double median = amount < 0 ? -exp(mu) : exp(mu);
    const char *why = isinf(var)  ? "lognormal with variance Infinity"
                      : var < 0.0 ? "lognormal with a negative variance"
                                  : "lognormal with variance 0 (GSD 1)";
    return lca__procdb_lognormal(x->db, median, exp(sqrt(var)), why, r);
}

// The parameters named key[0..n) of d into p.
static lca_status params(lca__es2 *x, const xmlNode *d, const char *const *key,
                         int n, double *p) {
    lca_status st = LCA_OK;
    for (int i = 0; i < n && st == LCA_OK; i++) {
        st = lca__es2_num(x, d, key[i], 0, &p[i]);
    }
    return st;
}

static const char *const TRI[] = {"minValue", "mostLikelyValue", "maxValue"};
static const char *const UNI[] = {"minValue", "maxValue"};

// One distribution element d into *r.
static lca_status distribution(lca__es2 *x, const xmlNode *d, double amount,
                               lca_uncertainty *r) {
    const char *name = (const char *)d->name;
    double p[3] = {0.0, 0.0, 0.0};
    lca_status st = LCA_OK;
    if (strcmp(name, "lognormal") == 0) return lognormal(x, d, amount, r);
    if (strcmp(name, "normal") == 0) {
        r->dist = LCA_DIST_NORMAL;
        st = lca__es2_num(x, d, "meanValue", 0, &p[0]);
        if (st == LCA_OK) st = variance(x, d, &p[1]);
        if (st == LCA_OK && !(p[1] >= 0.0 && isfinite(p[1]))) {
            return lca__es2_fail(x, "<normal>: variance %g is not a finite "
                                 "number >= 0", p[1]);
        }
        p[1] = sqrt(p[1]);
    } else if (strcmp(name, "triangular") == 0) {
        r->dist = LCA_DIST_TRIANGULAR;
        st = params(x, d, TRI, 3, p);
    } else if (strcmp(name, "uniform") == 0) {
        r->dist = LCA_DIST_UNIFORM;
        st = params(x, d, UNI, 2, p);
    } else {
        return lca__procdb_tally(x->db, "unsupported distribution type");
    }
    r->p1 = p[0];
    r->p2 = p[1];
    r->p3 = p[2];
    return st;
}

static const char *const PEDIGREE[5] = {
    "reliability", "completeness", "temporalCorrelation",
    "geographicalCorrelation", "furtherTechnologyCorrelation"};

static lca_status pedigree(lca__es2 *x, const xmlNode *m, uint8_t ped[5]) {
    for (int i = 0; i < 5; i++) {
        const char *s = lca__es2_attr(m, PEDIGREE[i]);
        if (s == NULL || s[0] < '1' || s[0] > '5' || s[1] != '\0') {
            return lca__es2_fail(x, "<pedigreeMatrix %s=\"%s\">: not a score "
                                 "1..5", PEDIGREE[i], s ? s : "");
        }
        ped[i] = (uint8_t)(s[0] - '0');
    }
    return LCA_OK;
}

lca_status lca__es2_uncertainty(lca__es2 *x, const xmlNode *u,
                                double amount, lca_uncertainty *r) {
    *r = lca_uncertainty_none();
    lca_status st = LCA_OK;
    int seen = 0;
    for (const xmlNode *d = u ? u->children : NULL; d && st == LCA_OK;
         d = d->next) {
        if (d->type != XML_ELEMENT_NODE) continue;
        if (strcmp((const char *)d->name, "pedigreeMatrix") == 0) {
            uint8_t ped[5];
            st = pedigree(x, d, ped);
            if (st == LCA_OK) memcpy(r->pedigree, ped, 5);
        } else if (strcmp((const char *)d->name, "comment") != 0 && !seen++) {
            uint8_t ped[5];
            memcpy(ped, r->pedigree, 5);
            st = distribution(x, d, amount, r);
            memcpy(r->pedigree, ped, 5);
        }
    }
    return st;
}
