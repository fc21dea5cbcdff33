// io/grading/labels_write.c: labels.csv and labels.json (lca_labels_write,
// lca/io_grading.h; layouts in docs/FORMAT.md "Labels")
// SPDX-License-Identifier: MIT
//
// Every string is escaped for its format: CSV fields quoted by
// lca__textout_field (RFC 4180), JSON strings by jansson with "/" escaped
// too, so that a product named "</script>" cannot close an HTML script
// element the JSON is pasted into.

#include <jansson.h>
#include <math.h>
#include <stdlib.h>

#include "engine/ctx_impl.h"
#include "io/grading/labels_impl.h"
#include "io/util/textout_impl.h"
#include "io/util/jsonout_impl.h"

// A CSV number; an empty field for NaN.
static void csv_num(lca__textout *w, double x) {
    if (isnan(x)) {
        lca__textout_field(w, "");
    } else {
        lca__textout_number(w, x);
    }
}

static void csv_header(lca__textout *w, const lca_grading *g) {
    static const char *const head[] = {
        "product_id", "product_name", "record_id", "value", "unit",
        "declared_unit", "scheme", "class", "class_probability",
        "modal_class", "modal_probability", "confidence",
        "class_at_confidence", "probability_at_confidence", "iterations"};
    for (size_t c = 0; c < sizeof head / sizeof *head; c++) {
        lca__textout_field(w, head[c]);
    }
    char name[64];
    for (int64_t k = 0; k < lca_grading_nclasses(g); k++) {
        snprintf(name, sizeof name, "p_%s", lca_grading_class_name(g, k));
        lca__textout_field(w, name);
    }
    static const char *const tail[] = {"issued", "valid_until", "rule_id",
                                       "rule_version"};
    for (size_t c = 0; c < 4; c++) lca__textout_field(w, tail[c]);
    lca__textout_end(w);
}

static void csv_row(lca__textout *w, const lca_labels *l, int64_t i) {
    lca_product_label b;
    lca_labels_get(l, i, &b);
    const lca_grade *gr = &b.grade;
    lca__textout_field(w, b.product_id);
    lca__textout_field(w, b.product_name);
    lca__textout_field(w, b.record_id);
    csv_num(w, b.value);
    lca__textout_field(w, b.unit);
    lca__textout_field(w, b.declared_unit);
    lca__textout_field(w, lca_grading_id(l->g));
    lca__textout_field(w, b.class_name);
    csv_num(w, b.class_prob);
    lca__textout_field(w, b.modal);
    csv_num(w, gr->modal >= 0 && gr->nvalid > 0 ? gr->prob[gr->modal] : NAN);
    csv_num(w, gr->confidence);
    lca__textout_field(w, b.at_confidence);
    csv_num(w, gr->prob_at_confidence);
    lca__textout_number(w, (double)gr->nvalid);
    for (int64_t k = 0; k < gr->nclasses; k++) csv_num(w, gr->prob[k]);
    lca__textout_field(w, b.issued);
    lca__textout_field(w, b.valid_until);
    lca__textout_field(w, b.rule_id);
    lca__textout_field(w, b.rule_version);
    lca__textout_end(w);
}

static lca_status write_csv(const lca_labels *l, const char *path) {
    lca__textout *w = NULL;
    lca_status st = lca__textout_create(l->ctx, path, &w);
    if (st != LCA_OK) return st;
    csv_header(w, l->g);
    for (int64_t i = 0; i < l->n; i++) csv_row(w, l, i);
    return lca__textout_commit(&w);
}

// ---- JSON -----------------------------------------------------------------

static json_t *jnum(double x) {
    return isfinite(x) ? json_real(x) : json_null();
}

static json_t *json_scheme(const lca_labels *l) {
    const lca_grading_spec *s = lca_grading_get(l->g);
    json_t *classes = json_array();
    for (int64_t k = 0; k < s->nbands; k++) {
        json_array_append_new(classes, json_pack(
            "{s:s, s:s}", "name", s->bands[k].name, "text", s->bands[k].text));
    }
    return json_pack("{s:s, s:s, s:s, s:s, s:o, s:f}", "id", s->id, "name",
                     s->name, "kind", lca_grading_kind_str(s->kind), "unit",
                     s->unit, "classes", classes, "validity_years",
                     s->validity_years);
}

static json_t *json_label(const lca_labels *l, int64_t i) {
    lca_product_label b;
    lca_labels_get(l, i, &b);
    const lca_grade *gr = &b.grade;
    json_t *p = json_object();
    for (int64_t k = 0; k < gr->nclasses; k++) {
        json_object_set_new(p, lca_grading_class_name(l->g, k),
                            jnum(gr->prob[k]));
    }
    json_t *rule = b.rule_id[0] != '\0' ?
        json_pack("{s:s, s:s}", "id", b.rule_id, "version", b.rule_version) :
        json_null();
    return json_pack(
        "{s:s, s:s, s:s, s:o, s:s, s:s, s:s, s:o, s:s, s:s, s:o, s:I, s:o,"
        " s:{s:s, s:s}, s:o}",
        "product_id", b.product_id, "product_name", b.product_name,
        "record_id", b.record_id, "value", jnum(b.value), "unit", b.unit,
        "declared_unit", b.declared_unit, "class", b.class_name,
        "class_probability", jnum(b.class_prob), "modal_class", b.modal,
        "class_at_confidence", b.at_confidence, "probability_at_confidence",
        jnum(gr->prob_at_confidence), "iterations", (json_int_t)gr->nvalid,
        "probabilities", p, "validity", "from", b.issued, "until",
        b.valid_until, "rule", rule);
}

static json_t *json_all(const lca_labels *l) {
    json_t *labels = json_array();
    for (int64_t i = 0; i < l->n; i++) {
        json_array_append_new(labels, json_label(l, i));
    }
    lca_grade gr = {0};
    if (l->n > 0) lca_grades_get(l->grades, 0, &gr);
    return json_pack("{s:s, s:i, s:s, s:o, s:o, s:I, s:s, s:s, s:o}",
                     "format", "leontief-labels", "version", 1, "release",
                     l->release, "scheme", json_scheme(l), "confidence",
                     jnum(l->n > 0 ? gr.confidence : NAN), "iterations",
                     (json_int_t)l->iterations, "issued", l->issued,
                     "valid_until", l->valid_until, "labels", labels);
}

static lca_status write_json(const lca_labels *l, const char *path) {
    json_t *root = json_all(l);
    char *s = root == NULL ? NULL :
        lca__json_dumps(root, JSON_INDENT(1) | JSON_ESCAPE_SLASH |
                        JSON_PRESERVE_ORDER);
    json_decref(root);
    if (s == NULL) return lca__fail(l->ctx, LCA_ERR_NOMEM, "%s: cannot "
                                    "build the JSON text", path);
    lca__textout *w = NULL;
    lca_status st = lca__textout_create(l->ctx, path, &w);
    if (st == LCA_OK) {
        lca__textout_puts(w, s);
        lca__textout_puts(w, "\n");
        st = lca__textout_commit(&w);
    }
    free(s);
    return st;
}

lca_status lca_labels_write(const lca_labels *l, const char *dir) {
    lca_status st = lca__make_dir(l->ctx, dir);
    char *csv = lca__path_join(l->ctx, dir, "labels.csv");
    char *js = lca__path_join(l->ctx, dir, "labels.json");
    if (st == LCA_OK && (csv == NULL || js == NULL)) {
        st = lca__fail(l->ctx, LCA_ERR_NOMEM, "out of memory");
    }
    if (st == LCA_OK) st = write_csv(l, csv);
    if (st == LCA_OK) st = write_json(l, js);
    lca__free(l->ctx, csv);
    lca__free(l->ctx, js);
    return st;
}
