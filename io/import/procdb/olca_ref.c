// io/import/procdb/olca_ref.c: openLCA JSON-LD reference data (unit groups, flow
// properties, categories) and flows
// SPDX-License-Identifier: MIT
//
// Each handler reads one parsed file and keeps only what the matrices
// need: unit factors, the unit group of each flow property, category names
// and parents (for compartments such as "air/unspecified"), and per flow
// its type, CAS number, reference unit and flow property factors.

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "engine/ctx_impl.h"
#include "io/import/procdb/olca_impl.h"

// One unit of group g, at units[k] of the file.
static lca_status add_unit(lca__olca *o, const json_t *u, int64_t k,
                           int64_t g, int *is_ref) {
    char path[48];
    snprintf(path, sizeof path, "units[%lld].", (long long)k);
    const char *id = NULL, *name = NULL, *copy = NULL;
    double f = 0.0;
    lca_status st = lca__olca_str(o, u, path, "@id", &id);
    if (st == LCA_OK) st = lca__olca_str(o, u, path, "name", &name);
    if (st == LCA_OK) st = lca__olca_num(o, u, path, "conversionFactor", &f);
    if (st == LCA_OK && !(f > 0.0)) {
        st = lca__olca_fail(o, "%sconversionFactor: %g is not positive",
                            path, f);
    }
    if (st != LCA_OK) return st;
    void *grown = lca__grow(o->ctx, o->units, &o->unit_cap,
                            o->nunits + 1, sizeof *o->units);
    if (grown == NULL) return LCA_ERR_NOMEM;
    o->units = grown;
    st = lca__olca_add_id(o, o->unit_ids, id, o->nunits, "unit", &copy);
    if (st != LCA_OK) return st;
    lca__olca_unit *U = &o->units[o->nunits++];
    U->name = lca__strpool_add(o->pool, name);
    U->factor = f;
    U->group = g;
    *is_ref = lca__olca_true(u, "referenceUnit");
    return U->name != NULL ? LCA_OK : LCA_ERR_NOMEM;
}

lca_status lca__olca_unit_group(lca__olca *o, const json_t *root) {
    const char *id = NULL, *copy = NULL;
    const json_t *units = json_object_get(root, "units");
    lca_status st = lca__olca_str(o, root, "", "@id", &id);
    if (st == LCA_OK && !json_is_array(units)) {
        st = lca__olca_fail(o, "units: missing or not an array");
    }
    if (st != LCA_OK) return st;
    int64_t g = o->ngroups;
    void *grown = lca__grow(o->ctx, o->group_ref, &o->group_cap, g + 1,
                            sizeof *o->group_ref);
    if (grown == NULL) return LCA_ERR_NOMEM;
    o->group_ref = grown;
    o->group_ref[g] = -1;
    st = lca__olca_add_id(o, o->group_ids, id, g, "unit group", &copy);
    for (size_t k = 0; k < json_array_size(units) && st == LCA_OK; k++) {
        int is_ref = 0;
        st = add_unit(o, json_array_get(units, k), (int64_t)k, g, &is_ref);
        if (st == LCA_OK && is_ref) o->group_ref[g] = o->nunits - 1;
    }
    if (st == LCA_OK && o->group_ref[g] < 0) {
        st = lca__olca_fail(o, "unit group %s has no reference unit", id);
    }
    if (st == LCA_OK) o->ngroups++;
    return st;
}

lca_status lca__olca_flow_property(lca__olca *o, const json_t *root) {
    const char *id = NULL, *name = NULL, *group = NULL, *copy = NULL;
    lca_status st = lca__olca_str(o, root, "", "@id", &id);
    if (st == LCA_OK) st = lca__olca_str(o, root, "", "name", &name);
    if (st == LCA_OK) st = lca__olca_ref(o, root, "", "unitGroup", &group);
    if (st != LCA_OK) return st;
    int64_t g = lca__strmap_get(o->group_ids, group);
    if (g < 0) {
        return lca__olca_fail(o, "unitGroup: unknown unit group %s (not in "
                              "unit_groups/)", group);
    }
    void *grown = lca__grow(o->ctx, o->props, &o->prop_cap,
                            o->nprops + 1, sizeof *o->props);
    if (grown == NULL) return LCA_ERR_NOMEM;
    o->props = grown;
    st = lca__olca_add_id(o, o->prop_ids, id, o->nprops, "flow property",
                          &copy);
    if (st != LCA_OK) return st;
    lca__olca_prop *P = &o->props[o->nprops++];
    P->group = g;
    P->name = lca__strpool_add(o->pool, name);
    return P->name != NULL ? LCA_OK : LCA_ERR_NOMEM;
}

lca_status lca__olca_category(lca__olca *o, const json_t *root) {
    const char *id = NULL, *name = NULL, *copy = NULL;
    lca_status st = lca__olca_str(o, root, "", "@id", &id);
    if (st == LCA_OK) st = lca__olca_str(o, root, "", "name", &name);
    if (st != LCA_OK) return st;
    void *grown = lca__grow(o->ctx, o->cats, &o->cat_cap, o->ncats + 1,
                            sizeof *o->cats);
    if (grown == NULL) return LCA_ERR_NOMEM;
    o->cats = grown;
    st = lca__olca_add_id(o, o->cat_ids, id, o->ncats, "category", &copy);
    if (st != LCA_OK) return st;
    lca__olca_cat *C = &o->cats[o->ncats++];
    C->name = lca__strpool_add(o->pool, name);
    C->parent = lca__strpool_add(o->pool, lca__olca_opt_ref(root, "category"));
    return C->name && C->parent ? LCA_OK : LCA_ERR_NOMEM;
}

// The category path of a flow, root first ("air/unspecified"), into buf.
// Without categories/ (or for an unknown id) the reference's own name.
static void compartment(const lca__olca *o, const json_t *root, char *buf,
                        size_t size) {
    const json_t *ref = json_object_get(root, "category");
    const char *id = lca__olca_opt_ref(root, "category");
    const char *names[16];
    int depth = 0;
    int64_t c = id != NULL ? lca__strmap_get(o->cat_ids, id) : -1;
    while (c >= 0 && depth < 16) {  // a cycle stops at 16 levels
        names[depth++] = o->cats[c].name;
        const char *up = o->cats[c].parent;
        c = up[0] != '\0' ? lca__strmap_get(o->cat_ids, up) : -1;
    }
    if (depth == 0) names[depth++] = lca__olca_opt_str(ref, "name");
    size_t len = 0;
    buf[0] = '\0';
    for (int d = depth - 1; d >= 0 && len < size; d--) {
        int w = snprintf(buf + len, size - len, "%s%s", names[d],
                         d > 0 ? "/" : "");
        len += w > 0 ? (size_t)w : 0;
    }
}

static lca_status flow_kind(lca__olca *o, const json_t *root,
                            lca__pdb_kind *kind) {
    const char *type = NULL;
    lca_status st = lca__olca_str(o, root, "", "flowType", &type);
    if (st != LCA_OK) return st;
    if (strcmp(type, "ELEMENTARY_FLOW") == 0) {
        *kind = LCA__PDB_ELEMENTARY;
    } else if (strcmp(type, "PRODUCT_FLOW") == 0) {
        *kind = LCA__PDB_PRODUCT;
    } else if (strcmp(type, "WASTE_FLOW") == 0) {
        *kind = LCA__PDB_WASTE;
    } else {
        return lca__olca_fail(o, "flowType: unknown type '%s'", type);
    }
    return LCA_OK;
}

// The flow property factors of a flow into o->fp; F->ref is the reference.
static lca_status flow_props(lca__olca *o, const json_t *root,
                             lca__olca_flowinfo *F) {
    const json_t *list = json_object_get(root, "flowProperties");
    size_t count = json_array_size(list);
    void *grown = lca__grow(o->ctx, o->fp, &o->fp_cap,
                            o->nfp + (int64_t)count, sizeof *o->fp);
    if (grown == NULL) return LCA_ERR_NOMEM;
    o->fp = grown;
    F->first = o->nfp;
    F->count = 0;
    F->ref = -1;
    lca_status st = LCA_OK;
    for (size_t k = 0; k < count && st == LCA_OK; k++) {
        const json_t *x = json_array_get(list, k);
        char path[48];
        snprintf(path, sizeof path, "flowProperties[%zu].", k);
        const char *prop = NULL;
        lca__olca_fp *P = &o->fp[o->nfp];
        st = lca__olca_ref(o, x, path, "flowProperty", &prop);
        if (st == LCA_OK) st = lca__olca_num(o, x, path, "conversionFactor",
                                             &P->factor);
        if (st != LCA_OK) break;
        P->prop = lca__strmap_get(o->prop_ids, prop);
        if (P->prop < 0 || !(P->factor > 0.0)) {
            st = lca__olca_fail(o, "%sflowProperty: unknown flow property %s "
                                "or a factor that is not positive", path,
                                prop);
            break;
        }
        if (lca__olca_true(x, "referenceFlowProperty")) F->ref = o->nfp;
        o->nfp++;
        F->count++;
    }
    if (st == LCA_OK && F->ref < 0) {
        st = lca__olca_fail(o, "flowProperties: no reference flow property");
    }
    return st;
}

// Units of `unit` (e.g. "kg") per reference unit of flow F, through its
// flow property named prop; 0 when F has no such property or the
// property's unit group has no such unit.
static double per_unit(const lca__olca *o, const lca__olca_flowinfo *F,
                       const char *prop, const char *unit) {
    for (int64_t k = F->first; k < F->first + F->count; k++) {
        const lca__olca_prop *P = &o->props[o->fp[k].prop];
        if (strcmp(P->name, prop) != 0) continue;
        for (int64_t u = 0; u < o->nunits; u++) {
            if (o->units[u].group != P->group ||
                strcmp(o->units[u].name, unit) != 0) {
                continue;
            }
            double in_ref = o->fp[k].factor / o->fp[F->ref].factor;
            double ref = o->units[o->group_ref[P->group]].factor;
            return in_ref * ref / o->units[u].factor;
        }
    }
    return 0.0;
}

// The mass (kg) and energy content (MJ: net calorific value, else the
// energy property, else the gross calorific value) per reference unit.
static void physical(const lca__olca *o, const lca__olca_flowinfo *F,
                     lca__pdb_flow *f) {
    static const char *const energy[] = {"Net calorific value", "Energy",
                                         "Gross calorific value"};
    f->mass = per_unit(o, F, "Mass", "kg");
    for (int i = 0; i < 3 && f->energy == 0.0; i++) {
        f->energy = per_unit(o, F, energy[i], "MJ");
    }
}

lca_status lca__olca_flow(lca__olca *o, const json_t *root) {
    lca__pdb_flow f;
    memset(&f, 0, sizeof f);
    lca_status st = lca__olca_str(o, root, "", "@id", &f.id);
    if (st == LCA_OK) st = lca__olca_str(o, root, "", "name", &f.name);
    if (st == LCA_OK) st = flow_kind(o, root, &f.kind);
    if (st != LCA_OK) return st;
    int64_t seen = lca__procdb_find_flow(o->db, f.id);
    if (seen >= 0) {
        return lca__olca_fail(o, "duplicate flow id %s (also in %s)", f.id,
                              o->flows[seen].entry);
    }
    void *grown = lca__grow(o->ctx, o->flows, &o->flow_cap,
                            o->nflows + 1, sizeof *o->flows);
    if (grown == NULL) return LCA_ERR_NOMEM;
    o->flows = grown;
    lca__olca_flowinfo *F = &o->flows[o->nflows];
    F->entry = o->entry;
    st = flow_props(o, root, F);
    if (st != LCA_OK) return st;
    char comp[512];
    compartment(o, root, comp, sizeof comp);
    int64_t group = o->props[o->fp[F->ref].prop].group;
    f.compartment = comp;
    f.unit = o->units[o->group_ref[group]].name;
    physical(o, F, &f);
    f.cas = lca__olca_opt_str(root, "cas");
    int64_t index = -1;
    st = lca__procdb_add_flow(o->db, &f, &index);
    if (st != LCA_OK) {
        return lca__wrap(o->ctx, st, "%s: %s", lca__zip_path(o->zip),
                         o->entry);
    }
    o->nflows++;
    return LCA_OK;
}
