// io/import/procdb/olca_process.c: openLCA JSON-LD processes and their exchanges
// SPDX-License-Identifier: MIT
//
// Each exchange becomes one lca__pdb_exchange: its amount converted to the
// flow's reference unit (the formula is at the top of io/import/procdb/olca.c), its
// flags, its defaultProvider, and its uncertainty:
//
//   LOG_NORMAL_DISTRIBUTION  geomMean, geomSd -> lognormal, median =
//                            geomMean with the sign of the amount, GSD =
//                            geomSd. A geomSd <= 1 (openLCA writes 0 for
//                            "not set") is no spread: none, and counted.
//   NORMAL_DISTRIBUTION      mean, sd
//   TRIANGLE_DISTRIBUTION    minimum, mode, maximum
//   UNIFORM_DISTRIBUTION     minimum, maximum
//   NO_DISTRIBUTION          none; any other type: none, and counted.
//
// Parameters are in the exchange's unit, so they are scaled with the
// amount. Pedigree scores come from "dqEntry" (or, in openLCA 1.5,
// "pedigreeUncertainty"): "(1;2;3;4;5)", with "n.a." read as 0.
// "baseUncertainty" and amount formulas are not read: the stored amount is
// what openLCA computed from the formula.

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "engine/ctx_impl.h"
#include "io/import/procdb/olca_impl.h"

// Pedigree "(a;b;c;d;e)", each 1..5 or "n.a.", into ped.
static lca_status pedigree(lca__olca *o, const char *s, const char *path,
                           const char *key, uint8_t ped[5]) {
    const char *p = s + (s[0] == '(');
    for (int i = 0; i < 5; i++) {
        if (strncmp(p, "n.a.", 4) == 0) {
            ped[i] = 0;
            p += 4;
        } else if (*p >= '1' && *p <= '5') {
            ped[i] = (uint8_t)(*p++ - '0');
        } else {
            break;
        }
        if (i < 4 && *p++ != ';') break;
        if (i == 4 && (p[0] == '\0' || (p[0] == ')' && p[1] == '\0'))) {
            return LCA_OK;
        }
    }
    return lca__olca_fail(o, "%s%s: '%s' is not a pedigree \"(a;b;c;d;e)\" "
                          "with scores 1..5 or n.a.", path, key, s);
}

// Parameters named key[0..n) of the object u into p[0..n).
static lca_status params(lca__olca *o, const json_t *u, const char *path,
                         const char *const *key, int n, double *p) {
    lca_status st = LCA_OK;
    for (int i = 0; i < n && st == LCA_OK; i++) {
        st = lca__olca_num(o, u, path, key[i], &p[i]);
    }
    return st;
}

static const char *const LOGN[] = {"geomMean", "geomSd"};
static const char *const NORM[] = {"mean", "sd"};
static const char *const TRI[] = {"minimum", "mode", "maximum"};
static const char *const UNI[] = {"minimum", "maximum"};

// The "uncertainty" object u of an exchange of this amount (exchange
// units) into *r.
static lca_status uncertainty(lca__olca *o, const json_t *u, const char *path,
                              double amount, lca_uncertainty *r) {
    *r = lca_uncertainty_none();
    if (u == NULL || json_is_null(u)) return LCA_OK;
    if (!json_is_object(u)) return lca__olca_fail(o, "%snot an object", path);
    const char *type = lca__olca_opt_str(u, "distributionType");
    double p[3] = {0.0, 0.0, 0.0};
    lca_status st = LCA_OK;
    if (strcmp(type, "LOG_NORMAL_DISTRIBUTION") == 0) {
        st = params(o, u, path, LOGN, 2, p);
        double median = amount < 0 ? -fabs(p[0]) : fabs(p[0]);
        const char *why = p[1] == 0.0 ? "lognormal with geomSd 0 (not set)"
                                      : "lognormal with geomSd <= 1";
        if (st == LCA_OK) st = lca__procdb_lognormal(o->db, median, p[1],
                                                     why, r);
        return st;
    }
    lca_dist d = LCA_DIST_NONE;
    if (strcmp(type, "NORMAL_DISTRIBUTION") == 0) {
        d = LCA_DIST_NORMAL;
        st = params(o, u, path, NORM, 2, p);
    } else if (strcmp(type, "TRIANGLE_DISTRIBUTION") == 0) {
        d = LCA_DIST_TRIANGULAR;
        st = params(o, u, path, TRI, 3, p);
    } else if (strcmp(type, "UNIFORM_DISTRIBUTION") == 0) {
        d = LCA_DIST_UNIFORM;
        st = params(o, u, path, UNI, 2, p);
    } else if (type[0] != '\0' && strcmp(type, "NO_DISTRIBUTION") != 0) {
        return lca__procdb_tally(o->db, "unsupported distribution type");
    }
    r->dist = (uint8_t)d;
    r->p1 = p[0];
    r->p2 = p[1];
    r->p3 = p[2];
    return st;
}

// The factor from the exchange's unit to the flow's reference unit.
static lca_status conversion(lca__olca *o, const json_t *x, const char *path,
                             int64_t f, const char *process, double *factor) {
    const lca__olca_flowinfo *F = &o->flows[f];
    const char *unit_id = NULL;
    lca_status st = lca__olca_ref(o, x, path, "unit", &unit_id);
    if (st != LCA_OK) return st;
    const char *flow_id = lca__procdb_flow(o->db, f)->id;
    int64_t u = lca__strmap_get(o->unit_ids, unit_id);
    if (u < 0) {
        return lca__olca_fail(
            o, "%sunit: unknown unit '%s' (%s; not in unit_groups/) for flow "
            "%s in process %s", path,
            lca__olca_opt_str(json_object_get(x, "unit"), "name"), unit_id,
            flow_id, process);
    }
    const char *prop_id = lca__olca_opt_ref(x, "flowProperty");
    int64_t prop = prop_id != NULL ? lca__strmap_get(o->prop_ids, prop_id)
                                   : o->fp[F->ref].prop;
    int64_t fp = -1;
    for (int64_t k = F->first; k < F->first + F->count; k++) {
        if (o->fp[k].prop == prop) fp = k;
    }
    if (fp < 0) {
        return lca__olca_fail(o, "%sflowProperty: %s is not a flow property "
                              "of flow %s (process %s)", path, prop_id,
                              flow_id, process);
    }
    int64_t group = o->props[prop].group;
    if (o->units[u].group != group) {
        return lca__olca_fail(o, "%sunit: '%s' is not a unit of flow "
                              "property '%s' (flow %s, process %s)", path,
                              o->units[u].name, o->props[prop].name, flow_id,
                              process);
    }
    double ref = o->units[o->group_ref[group]].factor;
    *factor = o->units[u].factor / ref * o->fp[F->ref].factor /
              o->fp[fp].factor;
    return LCA_OK;
}

// The exchange's costValue (the value of its amount, one currency
// assumed) as a price per reference unit, for economic allocation.
static lca_status price(lca__olca *o, const json_t *x, const char *path,
                        lca__pdb_exchange *e) {
    const json_t *cv = json_object_get(x, "costValue");
    if (cv == NULL || json_is_null(cv)) return LCA_OK;
    double c = json_number_value(cv);
    if (!json_is_number(cv) || !isfinite(c)) {
        return lca__olca_fail(o, "%scostValue: not a finite number", path);
    }
    if (e->amount != 0.0) {
        e->has_price = 1;
        e->price = c / e->amount;
    }
    return LCA_OK;
}

// The process's physical and economic allocationFactors (causal factors,
// which split single exchanges, are not used) and its default method.
static lca_status factors(lca__olca *o, const json_t *root) {
    const json_t *list = json_object_get(root, "allocationFactors");
    const char *dm = lca__olca_opt_str(root, "defaultAllocationMethod");
    lca__procdb_set_source_kind(o->db,
                                strcmp(dm, "ECONOMIC_ALLOCATION") == 0);
    lca_status st = LCA_OK;
    for (size_t k = 0; k < json_array_size(list) && st == LCA_OK; k++) {
        const json_t *a = json_array_get(list, k);
        char path[64];
        snprintf(path, sizeof path, "allocationFactors[%zu].", k);
        const char *type = lca__olca_opt_str(a, "allocationType");
        int economic = strcmp(type, "ECONOMIC_ALLOCATION") == 0;
        const char *flow = lca__olca_opt_ref(a, "product");
        if ((!economic && strcmp(type, "PHYSICAL_ALLOCATION") != 0) ||
            flow == NULL) {
            continue;  // a factor for no product (USLCI has some) says nothing
        }
        double value = 0.0;
        st = lca__olca_num(o, a, path, "value", &value);
        if (st != LCA_OK) return st;
        int64_t f = lca__procdb_find_flow(o->db, flow);
        if (f < 0 || !(value >= 0.0)) {
            return lca__olca_fail(o, "%s: unknown product %s or a negative "
                                  "value", path, flow);
        }
        st = lca__procdb_add_factor(o->db, f, economic, value);
    }
    return st;
}

// Exchange k of the process, x, into the builder.
static lca_status exchange(lca__olca *o, const json_t *x, int64_t k,
                           const char *process) {
    char path[64], upath[80];
    snprintf(path, sizeof path, "exchanges[%lld].", (long long)k);
    snprintf(upath, sizeof upath, "%suncertainty.", path);
    if (!json_is_object(x)) {
        return lca__olca_fail(o, "exchanges[%lld]: not an object",
                              (long long)k);
    }
    const char *flow_id = NULL;
    double amount = 0.0, factor = 1.0;
    lca_status st = lca__olca_ref(o, x, path, "flow", &flow_id);
    if (st == LCA_OK) st = lca__olca_num(o, x, path, "amount", &amount);
    if (st != LCA_OK) return st;
    lca__pdb_exchange e;
    memset(&e, 0, sizeof e);
    e.flow = lca__procdb_find_flow(o->db, flow_id);
    if (e.flow < 0) {
        return lca__olca_fail(o, "%sflow: unknown flow %s (not in flows/)",
                              path, flow_id);
    }
    st = conversion(o, x, path, e.flow, process, &factor);
    if (st == LCA_OK) st = uncertainty(o, json_object_get(x, "uncertainty"),
                                       upath, amount, &e.u);
    if (st != LCA_OK) return st;
    lca__pdb_unc_scale(&e.u, factor);
    const char *dq = lca__olca_opt_str(x, "dqEntry");
    const char *key = dq[0] != '\0' ? "dqEntry" : "pedigreeUncertainty";
    dq = lca__olca_opt_str(x, key);
    if (dq[0] != '\0') st = pedigree(o, dq, path, key, e.u.pedigree);
    if (st != LCA_OK) return st;
    e.amount = amount * factor;
    st = price(o, x, path, &e);
    if (st != LCA_OK) return st;
    e.input = lca__olca_true(x, "input");
    e.avoided = lca__olca_true(x, "avoidedProduct");
    e.reference = lca__olca_true(x, "quantitativeReference");
    e.provider = lca__olca_opt_ref(x, "defaultProvider");
    st = lca__procdb_add_exchange(o->db, &e);
    if (st == LCA_ERR_INVALID) {
        return lca__wrap(o->ctx, st, "%s: %s: exchanges[%lld]",
                         lca__zip_path(o->zip), o->entry, (long long)k);
    }
    return st;
}

lca_status lca__olca_process(lca__olca *o, const json_t *root) {
    const char *id = NULL, *name = NULL;
    lca_status st = lca__olca_str(o, root, "", "@id", &id);
    if (st == LCA_OK) st = lca__olca_str(o, root, "", "name", &name);
    if (st != LCA_OK) return st;
    const json_t *list = json_object_get(root, "exchanges");
    if (!json_is_array(list)) {
        return lca__olca_fail(o, "exchanges: missing or not an array");
    }
    const char *location =
        lca__olca_opt_str(json_object_get(root, "location"), "name");
    st = lca__procdb_begin_process(o->db, id, name, location, o->entry);
    const json_t *doc = json_object_get(root, "processDocumentation");
    if (st == LCA_OK) {
        st = lca__procdb_set_period(o->db, lca__olca_opt_str(doc, "validFrom"),
                                    lca__olca_opt_str(doc, "validUntil"));
    }
    if (st != LCA_OK) {
        return lca__wrap(o->ctx, st, "%s: %s", lca__zip_path(o->zip),
                         o->entry);
    }
    for (size_t k = 0; k < json_array_size(list) && st == LCA_OK; k++) {
        st = exchange(o, json_array_get(list, k), (int64_t)k, id);
    }
    if (st == LCA_OK) st = factors(o, root);
    return st;
}
