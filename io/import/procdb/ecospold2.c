// io/import/procdb/ecospold2.c: the EcoSpold 2 importer (a zip of .spold activity files)
// SPDX-License-Identifier: MIT
//
// Each .spold file holds one activity:
//
//   ecoSpold/activityDataset (or childActivityDataset)
//     activityDescription/activity@id, activityName, geography/shortname
//     flowData/intermediateExchange   @intermediateExchangeId (the flow),
//                                     @amount, @activityLinkId (provider),
//                                     unitName, inputGroup | outputGroup
//     flowData/elementaryExchange     @elementaryExchangeId, @amount,
//                                     @casNumber, unitName, compartment,
//                                     inputGroup | outputGroup
//
// outputGroup 0 marks the reference product; any inputGroup is an input
// and any other outputGroup an output (by-products, waste for treatment,
// emissions). Files are parsed whole with libxml2 (DOM; they are small),
// in entry-name order, with network access and entity expansion off and
// libxml2's own error printing silenced: the parser's last error goes
// into the message instead, with its line.
//
// Flows have no files of their own: a flow is registered the first time
// an exchange names it, with that exchange's name, compartment, CAS and
// the reference unit of its unit. Activity files carry unit names but no
// conversion factors, so units are converted by the built-in table in
// io/import/procdb/units.c; a later exchange of the same flow in a unit of another
// quantity (kg here, m3 there) is an error, since nothing in the files
// relates the two. MasterData files, parameters and properties are not
// read: the stored amounts are used as they are.

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/util/budget_impl.h"
#include "io/util/csv_impl.h"
#include "io/import/procdb/ecospold2_impl.h"
#include "engine/ctx_impl.h"
#include "lca/io_procdb.h"
#include "io/import/procdb/units_impl.h"

lca_status lca__es2_fail(lca__es2 *x, const char *fmt, ...) {
    char msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return lca__fail(x->ctx, LCA_ERR_INVALID, "%s: %s: line %ld, exchange "
                     "%lld: %s", lca__zip_path(x->zip), x->entry, x->line,
                     (long long)x->exchange, msg);
}

const char *lca__es2_attr(const xmlNode *n, const char *name) {
    for (const xmlAttr *a = n->properties; a != NULL; a = a->next) {
        if (strcmp((const char *)a->name, name) != 0) continue;
        const xmlNode *t = a->children;
        return t != NULL && t->content ? (const char *)t->content : "";
    }
    return NULL;
}

xmlNode *lca__es2_child(const xmlNode *n, const char *name) {
    for (xmlNode *c = n ? n->children : NULL; c != NULL; c = c->next) {
        if (c->type == XML_ELEMENT_NODE &&
            strcmp((const char *)c->name, name) == 0) {
            return c;
        }
    }
    return NULL;
}

lca_status lca__es2_num(lca__es2 *x, const xmlNode *n, const char *name,
                        int allow, double *v) {
    const char *s = lca__es2_attr(n, name);
    if (s != NULL && (allow & LCA__ES2_INF) && strcmp(s, "Infinity") == 0) {
        *v = INFINITY;
        return LCA_OK;
    }
    if (s != NULL && (allow & LCA__ES2_NAN) && strcmp(s, "NaN") == 0) {
        *v = NAN;
        return LCA_OK;
    }
    if (s != NULL && lca__csv_to_double(s, v)) return LCA_OK;
    return lca__es2_fail(x, "<%s %s=\"%s\">: %s", (const char *)n->name,
                         name, s ? s : "", s ? "not a finite number"
                                             : "missing attribute");
}

// The text of element n (at most size-1 bytes) into buf; "" for NULL.
static const char *text(const xmlNode *n, char *buf, size_t size) {
    buf[0] = '\0';
    xmlChar *s = n != NULL ? xmlNodeGetContent(n) : NULL;
    if (s != NULL) snprintf(buf, size, "%s", (const char *)s);
    xmlFree(s);
    return buf;
}

// "compartment/subcompartment" of an elementary exchange, into buf.
static void compartment(const xmlNode *n, char *buf, size_t size) {
    const xmlNode *c = lca__es2_child(n, "compartment");
    char a[256], b[256];
    text(lca__es2_child(c, "compartment"), a, sizeof a);
    text(lca__es2_child(c, "subcompartment"), b, sizeof b);
    snprintf(buf, size, "%s%s%s", a, a[0] && b[0] ? "/" : "", b);
}

// The flow an exchange names, registered on first sight; later sights
// must agree on the kind and the quantity (reference unit).
static lca_status flow_of(lca__es2 *x, const xmlNode *n, const char *id,
                          const char *name, const char *ref, int elementary,
                          int64_t *f) {
    *f = lca__procdb_find_flow(x->db, id);
    if (*f >= 0) {
        const lca__pdb_flow *F = lca__procdb_flow(x->db, *f);
        if ((F->kind == LCA__PDB_ELEMENTARY) != elementary) {
            return lca__es2_fail(x, "flow %s is an %s exchange here but not "
                                 "in %s", id, elementary ? "elementary"
                                 : "intermediate", x->flow_entry[*f]);
        }
        if (strcmp(F->unit, ref) == 0) return LCA_OK;
        return lca__es2_fail(x, "flow %s ('%s') is in %s here but in %s in "
                             "%s; EcoSpold 2 files carry no conversion "
                             "between the two", id, name, ref, F->unit,
                             x->flow_entry[*f]);
    }
    char comp[520];
    compartment(n, comp, sizeof comp);
    lca__pdb_flow fl = {id, name, comp, ref, lca__es2_attr(n, "casNumber"),
                        elementary ? LCA__PDB_ELEMENTARY : LCA__PDB_PRODUCT,
                        0.0, 0.0};
    lca_status st = lca__procdb_add_flow(x->db, &fl, f);
    if (st != LCA_OK) return lca__wrap(x->ctx, st, "%s: %s",
                                       lca__zip_path(x->zip), x->entry);
    void *grown = lca__grow(x->ctx, x->flow_entry, &x->flow_cap,
                            *f + 1, sizeof *x->flow_entry);
    if (grown == NULL) return LCA_ERR_NOMEM;
    x->flow_entry = grown;
    x->flow_entry[*f] = x->entry;
    return LCA_OK;
}

// The group of an exchange: input, output or reference product.
static lca_status group(lca__es2 *x, const xmlNode *n, lca__pdb_exchange *e) {
    const xmlNode *in = lca__es2_child(n, "inputGroup");
    const xmlNode *out = lca__es2_child(n, "outputGroup");
    char g[32];
    text(in != NULL ? in : out, g, sizeof g);
    if ((in == NULL) == (out == NULL) || g[0] < '0' || g[0] > '9') {
        return lca__es2_fail(x, "needs one inputGroup or outputGroup with a "
                             "number");
    }
    e->input = in != NULL;
    e->reference = out != NULL && strcmp(g, "0") == 0;
    return LCA_OK;
}

// The exchange's properties that allocation uses, per reference unit (an
// exchange unit is factor reference units): price (economic; also the
// data's own factor, a_k p_k, as ecoinvent allocates), wet mass (kg) and
// net heating value (MJ).
static lca_status properties(lca__es2 *x, const xmlNode *n, double factor,
                             lca__pdb_exchange *e) {
    double mass = 0.0, energy = 0.0;
    for (const xmlNode *c = n->children; c != NULL; c = c->next) {
        if (c->type != XML_ELEMENT_NODE ||
            strcmp((const char *)c->name, "property") != 0) {
            continue;
        }
        char name[128];
        double v = 0.0;
        text(lca__es2_child(c, "name"), name, sizeof name);
        int price = strcmp(name, "price") == 0;
        if (!price && strcmp(name, "wet mass") != 0 &&
            strcmp(name, "heating value, net") != 0) {
            continue;
        }
        lca_status st = lca__es2_num(x, c, "amount", 0, &v);
        if (st != LCA_OK) return st;
        if (price) {
            e->has_price = 1;
            e->price = v / factor;
        } else if (name[0] == 'w') {
            mass = v / factor;
        } else {
            energy = v / factor;
        }
    }
    lca__procdb_set_physical(x->db, e->flow, mass, energy);
    return LCA_OK;
}

// One exchange element n of the current activity.
static lca_status exchange(lca__es2 *x, const xmlNode *n, int elementary) {
    const char *key = elementary ? "elementaryExchangeId"
                                 : "intermediateExchangeId";
    const char *id = lca__es2_attr(n, key), *ref = NULL;
    char name[512], unit[128];
    text(lca__es2_child(n, "name"), name, sizeof name);
    text(lca__es2_child(n, "unitName"), unit, sizeof unit);
    lca__pdb_exchange e;
    memset(&e, 0, sizeof e);
    double amount = 0.0, factor = 1.0;
    if (id == NULL || id[0] == '\0') {
        return lca__es2_fail(x, "missing %s", key);
    }
    lca_status st = lca__es2_num(x, n, "amount", 0, &amount);
    if (st == LCA_OK && !lca__unit_lookup(unit, &ref, &factor)) {
        return lca__es2_fail(x, "unknown unit '%s' of flow %s ('%s') in "
                             "activity %s", unit, id, name, x->activity);
    }
    if (st == LCA_OK) st = group(x, n, &e);
    if (st == LCA_OK) st = flow_of(x, n, id, name, ref, elementary, &e.flow);
    if (st == LCA_OK) {
        st = lca__es2_uncertainty(x, lca__es2_child(n, "uncertainty"), amount,
                                  &e.u);
    }
    if (st == LCA_OK && !elementary) st = properties(x, n, factor, &e);
    if (st != LCA_OK) return st;
    lca__pdb_unc_scale(&e.u, factor);
    e.amount = amount * factor;
    e.provider = lca__es2_attr(n, "activityLinkId");
    st = lca__procdb_add_exchange(x->db, &e);
    if (st == LCA_OK && e.has_price && !e.input && e.amount > 0.0) {
        lca__procdb_set_source_kind(x->db, 1);
        st = lca__procdb_add_factor(x->db, e.flow, 1, e.amount * e.price);
    }
    if (st == LCA_ERR_INVALID) return lca__es2_fail(x, "%s",
                                                    lca_ctx_errmsg(x->ctx));
    return st;
}

// The activity of one parsed file.
static lca_status activity(lca__es2 *x, const xmlNode *root) {
    const xmlNode *ds = lca__es2_child(root, "activityDataset");
    if (ds == NULL) ds = lca__es2_child(root, "childActivityDataset");
    const xmlNode *desc = lca__es2_child(ds, "activityDescription");
    const xmlNode *act = lca__es2_child(desc, "activity");
    const xmlNode *flows = lca__es2_child(ds, "flowData");
    x->activity = act != NULL ? lca__es2_attr(act, "id") : NULL;
    if (strcmp((const char *)root->name, "ecoSpold") != 0 || flows == NULL ||
        x->activity == NULL) {
        return lca__fail(x->ctx, LCA_ERR_INVALID, "%s: %s: not an EcoSpold 2 "
                         "activity (ecoSpold/activityDataset with "
                         "activityDescription/activity@id and flowData)",
                         lca__zip_path(x->zip), x->entry);
    }
    char name[512], location[128];
    text(lca__es2_child(act, "activityName"), name, sizeof name);
    text(lca__es2_child(lca__es2_child(desc, "geography"), "shortname"),
         location, sizeof location);
    lca_status st = lca__procdb_begin_process(x->db, x->activity, name,
                                              location, x->entry);
    const xmlNode *tp = lca__es2_child(desc, "timePeriod");
    if (st == LCA_OK && tp != NULL) {
        st = lca__procdb_set_period(x->db, lca__es2_attr(tp, "startDate"),
                                    lca__es2_attr(tp, "endDate"));
    }
    if (st != LCA_OK) return lca__wrap(x->ctx, st, "%s: %s",
                                       lca__zip_path(x->zip), x->entry);
    x->exchange = 0;
    for (const xmlNode *n = flows->children; n && st == LCA_OK; n = n->next) {
        if (n->type != XML_ELEMENT_NODE) continue;
        int el = strcmp((const char *)n->name, "elementaryExchange") == 0;
        if (!el && strcmp((const char *)n->name, "intermediateExchange")) {
            continue;
        }
        x->line = xmlGetLineNo(n);
        st = exchange(x, n, el);
        x->exchange++;
    }
    return st;
}

// libxml2's structured error callback (data is the parser context, whose
// _private is the reader): keeps the first error of the document, which
// says more than the last ("premature end of data").
static void first_error(void *data, xmlErrorPtr e) {
    lca__es2 *x = ((xmlParserCtxtPtr)data)->_private;
    if (x->xml_error[0] != '\0' || e == NULL || e->level < XML_ERR_ERROR) {
        return;
    }
    snprintf(x->xml_error, sizeof x->xml_error, "%s",
             e->message ? e->message : "?");
    x->xml_error[strcspn(x->xml_error, "\n")] = '\0';
    x->xml_line = e->line;
}

// Parse entry i and read its activity.
static lca_status entry(lca__es2 *x, int64_t i) {
    char *buf = NULL;
    size_t size = 0;
    x->entry = lca__zip_name(x->zip, i);
    lca_status st = lca__zip_read(x->zip, i, &buf, &size);
    if (st != LCA_OK) return st;
    if (size > INT32_MAX) {
        lca__free(x->ctx, buf);
        return lca__fail(x->ctx, LCA_ERR_INVALID, "%s: %s: too large",
                         lca__zip_path(x->zip), x->entry);
    }
    x->xml_error[0] = '\0';
    x->xml_line = 0;
    lca__budget b;
    lca__budget_begin(&b, lca_ctx_parse_budget(x->ctx));
    xmlDocPtr doc = xmlCtxtReadMemory(x->parser, buf, (int)size, x->entry,
                                      NULL, XML_PARSE_NONET |
                                      XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    lca__budget_end(&b);
    lca__free(x->ctx, buf);
    if (b.exceeded) {
        xmlFreeDoc(doc);
        return lca__fail(x->ctx, LCA_ERR_INVALID, "%s: %s: out of memory "
                         "budget: its XML tree needs more than %lld MiB "
                         "(a zip bomb, or an entry far larger than any real "
                         "one; lca_ctx_set_parse_budget)",
                         lca__zip_path(x->zip), x->entry,
                         (long long)(b.limit >> 20));
    }
    if (doc == NULL) {
        return lca__fail(x->ctx, LCA_ERR_INVALID, "%s: %s: malformed XML at "
                         "line %d: %s", lca__zip_path(x->zip), x->entry,
                         x->xml_line, x->xml_error[0] ? x->xml_error : "?");
    }
    // EcoSpold 2 has no DTD; one here can only serve entity expansion,
    // which xmlNodeGetContent would blow up quadratically (found by
    // fuzzing). Refuse it.
    if (doc->intSubset != NULL || doc->extSubset != NULL) {
        xmlFreeDoc(doc);
        return lca__fail(x->ctx, LCA_ERR_INVALID, "%s: %s: a document type "
                         "declaration (DTD) is not allowed in EcoSpold 2",
                         lca__zip_path(x->zip), x->entry);
    }
    st = activity(x, xmlDocGetRootElement(doc));
    xmlFreeDoc(doc);
    return st;
}

static int is_spold(const char *name) {
    size_t len = strlen(name);
    return len > 6 && strcmp(name + len - 6, ".spold") == 0;
}

static lca_status read_all(lca__es2 *x) {
    int64_t seen = 0;
    lca_status st = LCA_OK;
    for (int64_t i = 0; i < lca__zip_count(x->zip) && st == LCA_OK; i++) {
        if (!is_spold(lca__zip_name(x->zip, i))) continue;
        st = entry(x, i);
        seen++;
    }
    if (st == LCA_OK && seen == 0) {
        st = lca__fail(x->ctx, LCA_ERR_INVALID, "%s: no .spold entries (not "
                       "an EcoSpold 2 archive?)", lca__zip_path(x->zip));
    }
    return st;
}

lca_status lca_import_ecospold2(lca_ctx *ctx, const char *zip_path,
                                lca_model **M) {
    return lca_import_ecospold2_alloc(ctx, zip_path, NULL, M);
}

lca_status lca_import_ecospold2_alloc(lca_ctx *ctx, const char *zip_path,
                                      const lca_alloc_options *alloc,
                                      lca_model **M) {
    lca_procdb_options opt = {alloc, 0, NULL};
    return lca_import_ecospold2_opts(ctx, zip_path, &opt, M);
}

lca_status lca_import_ecospold2_opts(lca_ctx *ctx, const char *zip_path,
                                     const lca_procdb_options *opt,
                                     lca_model **M) {
    lca__es2 x;
    memset(&x, 0, sizeof x);
    x.ctx = ctx;
    x.entry = "";
    *M = NULL;
    xmlInitParser();
    lca_status st = lca__zip_open(ctx, zip_path, &x.zip);
    if (st == LCA_OK) st = lca__procdb_create(ctx, zip_path, &x.db);
    if (st == LCA_OK) {
        x.parser = xmlNewParserCtxt();
        if (x.parser == NULL) st = lca__fail(ctx, LCA_ERR_NOMEM, "out of "
                                             "memory for the XML parser");
    }
    if (st == LCA_OK) {
        x.parser->_private = &x;
        x.parser->sax->serror = first_error;
    }
    if (st == LCA_OK) st = read_all(&x);
    if (st == LCA_OK) st = lca__procdb_build(x.db, "ecospold2", opt,
                                                    M);
    if (x.parser != NULL) xmlFreeParserCtxt(x.parser);
    lca__procdb_destroy(&x.db);
    lca__zip_close(&x.zip);
    lca__free(ctx, x.flow_entry);
    return st;
}
