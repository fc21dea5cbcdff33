// io/grading/labels.c: label payloads from a factor-database release and a
// grading scheme (lca_labels_create, lca/io_grading.h)
// SPDX-License-Identifier: MIT
//
// Each product's deterministic factor and its paired Monte Carlo samples
// (the release's montecarlo.h5, /factors/samples of the release's total
// indicator) go through lca_grades_create; the payload adds the units, the
// rule and the validity.

#define _DEFAULT_SOURCE  // timegm

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "engine/ctx_impl.h"
#include "io/grading/labels_impl.h"
#include "io/grading/samples_impl.h"
#include "io/util/hash_impl.h"
#include "io/util/textout_impl.h"
#include "lca/export.h"
#include "lca/factordb.h"
#include "lca/release.h"
#include "lca/rule.h"

void lca_label_options_default(lca_label_options *opt) {
    opt->confidence = 0.9;
    opt->issued = NULL;
    opt->nproducts = 0;
    opt->products = NULL;
}

void lca_labels_destroy(lca_labels **l) {
    if (l == NULL || *l == NULL) return;
    lca_labels *x = *l;
    for (int64_t i = 0; x->text != NULL && i < x->n * LCA__LABEL_NTEXT; i++) {
        lca__free(x->ctx, x->text[i]);
    }
    lca__free(x->ctx, x->text);
    lca__free(x->ctx, x->value);
    lca_grades_destroy(&x->grades);
    lca__free(x->ctx, x);
    *l = NULL;
}

int64_t lca_labels_count(const lca_labels *l) { return l->n; }

void lca_labels_get(const lca_labels *l, int64_t i, lca_product_label *out) {
    char *const *t = l->text + i * LCA__LABEL_NTEXT;
    lca_grade gr;
    lca_grades_get(l->grades, i, &gr);
    const lca_grading *g = l->g;
    *out = (lca_product_label){
        .product_id = t[LCA__L_PRODUCT], .product_name = t[LCA__L_NAME],
        .record_id = t[LCA__L_RECORD], .value = l->value[i],
        .unit = t[LCA__L_UNIT], .declared_unit = t[LCA__L_DECLARED],
        .grade = gr,
        .class_name = gr.det_class >= 0 ?
            lca_grading_class_name(g, gr.det_class) : "",
        .class_prob = gr.det_class >= 0 && gr.nvalid > 0 ?
            gr.prob[gr.det_class] : NAN,
        .modal = gr.modal >= 0 ? lca_grading_class_name(g, gr.modal) : "",
        .at_confidence = gr.at_confidence >= 0 ?
            lca_grading_class_name(g, gr.at_confidence) : "",
        .issued = l->issued, .valid_until = l->valid_until,
        .rule_id = t[LCA__L_RULE],
        .rule_version = t[LCA__L_RULE_VERSION]};
}

const lca_grading *lca_labels_scheme(const lca_labels *l) { return l->g; }

// ---- validity -----------------------------------------------------------

// "YYYY-MM-DD" (a real calendar date) into *tm. Returns 1 on success.
static int parse_date(const char *s, struct tm *tm) {
    int y, m, d;
    char end;
    if (s == NULL || strlen(s) != 10 ||
        sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &end) != 3 || y < 1900 ||
        m < 1 || m > 12 || d < 1 || d > 31) {
        return 0;
    }
    *tm = (struct tm){.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d};
    struct tm t = *tm;
    time_t x = timegm(&t);  // normalizes: 2026-02-30 becomes March 2
    return x != (time_t)-1 && t.tm_mday == d && t.tm_mon == m - 1;
}

// valid_until = issued + whole years by the calendar (29 February goes to
// 28 February) + the fraction of a year as round(f * 365.25) days.
static void add_years(const struct tm *issued, double years, char out[11]) {
    double whole = floor(years);
    struct tm t = *issued;
    t.tm_year += (int)whole;
    int mon = t.tm_mon;
    struct tm probe = t;
    timegm(&probe);
    if (probe.tm_mon != mon) t.tm_mday -= probe.tm_mday;  // 29 Feb -> 28 Feb
    t.tm_mday += (int)lround((years - whole) * 365.25);
    timegm(&t);
    strftime(out, 11, "%Y-%m-%d", &t);
}

static lca_status set_validity(lca_labels *l, const char *issued,
                               double years) {
    struct tm tm;
    if (issued == NULL || issued[0] == '\0') {
        time_t now = time(NULL);
        gmtime_r(&now, &tm);
        tm = (struct tm){.tm_year = tm.tm_year, .tm_mon = tm.tm_mon,
                         .tm_mday = tm.tm_mday};
    } else if (!parse_date(issued, &tm)) {
        return lca__fail(l->ctx, LCA_ERR_ARG, "issue date '%s' is not a "
                         "date YYYY-MM-DD", issued);
    }
    strftime(l->issued, sizeof l->issued, "%Y-%m-%d", &tm);
    add_years(&tm, years, l->valid_until);
    return LCA_OK;
}

// ---- which products, under which rule -----------------------------------

// The products to label: every record (rs NULL), or the products of the
// rules of rs that name scheme g (each product under the first such rule).
typedef struct sel {
    int64_t n;
    int64_t *rec;            // record index
    const lca_rule **rule;   // or NULL
} sel;

static lca_status select_all(lca_ctx *ctx, const lca_fdb *db, sel *s) {
    s->n = lca_fdb_nrecords(db);
    s->rec = lca__malloc(ctx, (size_t)s->n, sizeof *s->rec);
    s->rule = lca__calloc(ctx, (size_t)s->n, sizeof *s->rule);
    if (s->rec == NULL || s->rule == NULL) {
        return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    }
    for (int64_t i = 0; i < s->n; i++) s->rec[i] = i;
    return LCA_OK;
}

static lca_status select_rules(lca_ctx *ctx, const lca_fdb *db,
                               const lca_ruleset *rs, const char *scheme,
                               sel *s) {
    int64_t nr = lca_fdb_nrecords(db);
    s->rec = lca__malloc(ctx, (size_t)nr, sizeof *s->rec);
    s->rule = lca__calloc(ctx, (size_t)nr, sizeof *s->rule);
    const lca_rule **by_rec = lca__calloc(ctx, (size_t)nr, sizeof *by_rec);
    lca_status st = LCA_OK;
    if (s->rec == NULL || s->rule == NULL || by_rec == NULL) {
        st = lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    }
    for (int64_t r = 0; st == LCA_OK && r < lca_ruleset_count(rs); r++) {
        const lca_rule *rule = lca_ruleset_rule(rs, r);
        const lca_rule_spec *sp = lca_rule_get(rule);
        if (strcmp(sp->grading, scheme) != 0) continue;
        for (int64_t p = 0; st == LCA_OK && p < sp->nproducts; p++) {
            int64_t i = -1;
            if (lca_fdb_lookup(db, sp->products[p].product, &i) != LCA_OK) {
                st = lca__fail(ctx, LCA_ERR_INVALID, "%s: rule '%s': product "
                               "'%s' is not in the release", sp->source,
                               sp->id, sp->products[p].product);
            } else if (by_rec[i] == NULL) {
                by_rec[i] = rule;
            }
        }
    }
    for (int64_t i = 0; st == LCA_OK && i < nr; i++) {
        if (by_rec[i] == NULL) continue;
        s->rec[s->n] = i;
        s->rule[s->n++] = by_rec[i];
    }
    if (st == LCA_OK && s->n == 0) {
        st = lca__fail(ctx, LCA_ERR_INVALID, "%s: no rule names grading "
                       "scheme '%s'", lca_ruleset_source(rs), scheme);
    }
    lca__free(ctx, by_rec);
    return st;
}

// Keep only the products of opt (in their order).
static lca_status select_products(lca_ctx *ctx, const lca_fdb *db,
                                  const lca_label_options *opt, sel *s) {
    if (opt->nproducts <= 0) return LCA_OK;
    int64_t nr = lca_fdb_nrecords(db);
    int64_t *pos = lca__malloc(ctx, (size_t)nr, sizeof *pos);
    int64_t *rec = lca__malloc(ctx, (size_t)opt->nproducts, sizeof *rec);
    const lca_rule **rule = lca__malloc(ctx, (size_t)opt->nproducts,
                                        sizeof *rule);
    lca_status st = LCA_OK;
    if (pos == NULL || rec == NULL || rule == NULL) {
        st = lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    }
    for (int64_t i = 0; st == LCA_OK && i < nr; i++) pos[i] = -1;
    for (int64_t k = 0; st == LCA_OK && k < s->n; k++) pos[s->rec[k]] = k;
    for (int64_t k = 0; st == LCA_OK && k < opt->nproducts; k++) {
        int64_t i = -1;
        if (lca_fdb_lookup(db, opt->products[k], &i) != LCA_OK ||
            pos[i] < 0) {
            st = lca__fail(ctx, LCA_ERR_NOTFOUND, "product '%s' is %s",
                           opt->products[k], i < 0 ? "not in the release" :
                           "under no rule that names the scheme");
            break;
        }
        rec[k] = i;
        rule[k] = s->rule[pos[i]];
    }
    lca__free(ctx, pos);
    if (st == LCA_OK) {
        lca__free(ctx, s->rec);
        lca__free(ctx, s->rule);
        s->rec = rec;
        s->rule = rule;
        s->n = opt->nproducts;
    } else {
        lca__free(ctx, rec);
        lca__free(ctx, rule);
    }
    return st;
}

// ---- units and samples --------------------------------------------------

// The declared unit (the rule's, else 1 unit of the product), the values'
// unit and the factor's scale to it (the rule's model_amount), after
// checking them against the scheme.
static lca_status units(lca_labels *l, const lca_fdb *db, int64_t rec,
                        const lca_rule *rule, char **text, double *scale) {
    lca_ctx *ctx = l->ctx;
    const char *pid = lca_fdb_text_get(db, LCA_FDB_PRODUCT_ID, rec);
    const char *punit = lca_fdb_text_get(db, LCA_FDB_UNIT, rec);
    const char *iunit = lca_fdb_info_get(db, LCA_FDB_IND_UNIT);
    const char *dunit = punit;
    *scale = 1;
    if (rule != NULL) {
        const lca_rule_spec *sp = lca_rule_get(rule);
        if (sp->capacity != 0 || (sp->model_unit[0] != '\0' &&
                                  strcmp(sp->model_unit, punit) != 0)) {
            return lca__fail(ctx, LCA_ERR_INVALID, "%s: rule '%s': product "
                             "'%s' is in '%s'; the rule declares '%s'%s",
                             sp->source, sp->id, pid, punit, sp->model_unit,
                             sp->capacity != 0 ? " per service (label such "
                             "products with `leontief pcf`)" : "");
        }
        dunit = sp->unit;
        *scale = sp->model_amount;
    }
    char unit[512], declared[300], what[600];
    snprintf(unit, sizeof unit, "%s/%s", iunit, dunit);
    snprintf(declared, sizeof declared, "%s%s", rule != NULL &&
             lca_rule_get(rule)->unit[0] >= '0' &&
             lca_rule_get(rule)->unit[0] <= '9' ? "" : "1 ", dunit);
    snprintf(what, sizeof what, "product '%s'", pid);
    lca_status st = lca_grading_check_unit(l->g, unit, what);
    if (st != LCA_OK) return st;
    text[LCA__L_UNIT] = lca__strdup(ctx, unit);
    text[LCA__L_DECLARED] = lca__strdup(ctx, declared);
    return LCA_OK;
}

// ---- the payloads -------------------------------------------------------

// The release folder's last component, for the files' provenance.
static void release_name(const char *dir, char *out, size_t size) {
    size_t len = strlen(dir);
    while (len > 1 && dir[len - 1] == '/') len--;
    size_t b = len;
    while (b > 0 && dir[b - 1] != '/') b--;
    snprintf(out, size, "%.*s", (int)(len - b), dir + b);
}

// A rule's content version, as the PACT export gives it: 12 hex digits of
// its file's SHA-256 (of its id when it has no file); "" without a rule.
static lca_status rule_version(lca_ctx *ctx, const lca_rule *rule,
                               char **t) {
    char hex[65] = "";
    if (rule != NULL) {
        const lca_rule_spec *sp = lca_rule_get(rule);
        if (sp->source[0] != '\0') {
            lca_status st = lca_file_sha256(ctx, sp->source, hex);
            if (st != LCA_OK) return st;
        } else {
            lca__sha256_hex(sp->id, strlen(sp->id), hex);
        }
        hex[12] = '\0';
    }
    t[LCA__L_RULE_VERSION] = lca__strdup(ctx, hex);
    return LCA_OK;
}

// The texts, values and grade items of the selected products.
static lca_status fill(lca_labels *l, const lca_fdb *db, const sel *s,
                       const lca_grade_params *params, lca_grade_item *items,
                       double *scale) {
    const lca_grading_spec *gs = lca_grading_get(l->g);
    int64_t np = lca_grade_params_count(params);
    const lca_grade_param *pv = lca_grade_params_items(params);
    const double *factor = lca_fdb_num_get(db, LCA_FDB_FACTOR);
    lca_status st = LCA_OK;
    for (int64_t k = 0; st == LCA_OK && k < s->n; k++) {
        int64_t i = s->rec[k];
        char **t = l->text + k * LCA__LABEL_NTEXT;
        const char *pid = lca_fdb_text_get(db, LCA_FDB_PRODUCT_ID, i);
        st = units(l, db, i, s->rule[k], t, &scale[k]);
        if (st != LCA_OK) break;
        t[LCA__L_PRODUCT] = lca__strdup(l->ctx, pid);
        t[LCA__L_NAME] = lca__strdup(l->ctx,
                                     lca_fdb_text_get(db, LCA_FDB_PRODUCT_NAME, i));
        t[LCA__L_RECORD] = lca__strdup(l->ctx,
                                       lca_fdb_text_get(db, LCA_FDB_RECORD_ID, i));
        t[LCA__L_RULE] = lca__strdup(l->ctx, s->rule[k] != NULL ?
                                     lca_rule_id(s->rule[k]) : "");
        if (st == LCA_OK) st = rule_version(l->ctx, s->rule[k], t);
        for (int c = 0; c < LCA__LABEL_NTEXT; c++) {
            if (t[c] == NULL) st = lca__fail(l->ctx, LCA_ERR_NOMEM,
                                             "out of memory");
        }
        l->value[k] = factor[i] * scale[k];
        items[k] = (lca_grade_item){
            .id = t[LCA__L_PRODUCT], .value = l->value[k],
            .parameter = gs->kind == LCA_GRADING_SLIDING ?
                lca_grade_param_find(np, pv, pid, gs->parameter) : NAN,
            .weight = gs->weight[0] != '\0' ?
                lca_grade_param_find(np, pv, pid, gs->weight) : 1.0,
            .in_population = 1};
    }
    return st;
}

static lca_status alloc_labels(lca_ctx *ctx, const lca_grading *g, int64_t n,
                               lca_labels **out) {
    lca_labels *l = lca__calloc(ctx, 1, sizeof *l);
    if (l == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    l->ctx = ctx;
    l->g = g;
    l->n = n;
    l->text = lca__calloc(ctx, (size_t)(n * LCA__LABEL_NTEXT), sizeof *l->text);
    l->value = lca__calloc(ctx, (size_t)n, sizeof *l->value);
    *out = l;
    if (l->text == NULL || l->value == NULL) {
        return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    }
    return LCA_OK;
}

lca_status lca_labels_create(const lca_grading *g, const char *release_dir,
                             const lca_grade_params *params,
                             const lca_ruleset *rs,
                             const lca_label_options *opt, lca_labels **out) {
    lca_ctx *ctx = lca_grading_ctx(g);
    *out = NULL;
    lca_fdb *db = NULL;
    lca_labels *l = NULL;
    sel s = {0, NULL, NULL};
    lca_grade_item *items = NULL;
    double *scale = NULL, *x = NULL;
    lca_status st = lca_fdb_read(ctx, release_dir, &db);
    if (st == LCA_OK) {
        st = rs != NULL ? select_rules(ctx, db, rs, lca_grading_id(g), &s)
                        : select_all(ctx, db, &s);
    }
    if (st == LCA_OK) st = select_products(ctx, db, opt, &s);
    if (st == LCA_OK) st = alloc_labels(ctx, g, s.n, &l);
    if (st == LCA_OK) {
        st = set_validity(l, opt->issued, lca_grading_get(g)->validity_years);
        release_name(release_dir, l->release, sizeof l->release);
    }
    if (st == LCA_OK) {
        items = lca__calloc(ctx, (size_t)s.n, sizeof *items);
        scale = lca__calloc(ctx, (size_t)s.n, sizeof *scale);
        if (items == NULL || scale == NULL)
            st = lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    }
    if (st == LCA_OK) st = fill(l, db, &s, params, items, scale);
    if (st == LCA_OK) st = lca__release_samples(ctx, release_dir, db, s.n,
                                                s.rec, scale, &x,
                                                &l->iterations);
    for (int64_t k = 0; st == LCA_OK && k < s.n; k++) {
        items[k].samples = l->iterations > 0 ? x + k * l->iterations : NULL;
    }
    lca_grade_options go;
    lca_grade_options_default(&go);
    go.confidence = opt->confidence;
    if (st == LCA_OK) st = lca_grades_create(g, &go, s.n, items,
                                             l->iterations, &l->grades);
    lca__free(ctx, x);
    lca__free(ctx, scale);
    lca__free(ctx, items);
    lca__free(ctx, s.rec);
    lca__free(ctx, s.rule);
    lca_fdb_destroy(&db);
    if (st == LCA_OK) {
        *out = l;
    } else {
        lca_labels_destroy(&l);
    }
    return st;
}
