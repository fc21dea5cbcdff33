// io/export/pact_export_release.c: lca_pact_export_release: which rule
// each product takes, its grade, and the export loop
// SPDX-License-Identifier: MIT
//
// Everything that can be wrong with the input is found before the first
// footprint is built: every selected product must be listed by exactly
// one rule (a sorted index of the rules' product lists, looked up by
// product id, then by name), every rule must map to PACT, every scheme a
// rule names must exist and fit the values' unit. Only then are the
// footprints built and the folder written, so an error leaves nothing.

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/ctx_impl.h"
#include "io/export/pact_release_impl.h"
#include "io/grading/samples_impl.h"
#include "io/util/textout_impl.h"
#include "lca/io_grading.h"
#include "lca/release.h"

// A product a rule lists: its text (id or name), the rule, the share.
typedef struct listed {
    const char *key;
    int64_t rule;
    double share;
} listed;

static int by_key(const void *a, const void *b) {
    const listed *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c != 0 ? c : (x->rule > y->rule) - (x->rule < y->rule);
}

typedef struct job {
    lca__pact_rel x;
    lca_fdb *db;
    listed *list;
    int64_t nlist;
    int64_t *sel, *rule;  // selected records and their rules
    int64_t nsel;
    lca_grading **scheme;  // per rule, NULL: none
    lca_grades **grades;   // per rule
    int64_t *slot;         // per selected record: its item in its grades
} job;

static lca_status index_rules(job *j) {
    const lca_ruleset *rs = j->x.rs;
    int64_t n = 0;
    for (int64_t r = 0; r < lca_ruleset_count(rs); r++) {
        n += lca_rule_get(lca_ruleset_rule(rs, r))->nproducts;
    }
    j->list = lca__malloc(j->x.ctx, (size_t)n + 1, sizeof *j->list);
    if (j->list == NULL) return lca__fail(j->x.ctx, LCA_ERR_NOMEM, "out of memory");
    for (int64_t r = 0; r < lca_ruleset_count(rs); r++) {
        const lca_rule_spec *s = lca_rule_get(lca_ruleset_rule(rs, r));
        for (int64_t k = 0; k < s->nproducts; k++) {
            j->list[j->nlist++] = (listed){s->products[k].product, r,
                                           s->products[k].share};
        }
    }
    qsort(j->list, (size_t)j->nlist, sizeof *j->list, by_key);
    return LCA_OK;
}

// The entries listing key: [*lo, *hi).
static void find_listed(const job *j, const char *key, int64_t *lo,
                        int64_t *hi) {
    int64_t a = 0, b = j->nlist;
    while (a < b) {
        int64_t m = a + (b - a) / 2;
        if (strcmp(j->list[m].key, key) < 0) a = m + 1;
        else b = m;
    }
    *lo = a;
    while (b < j->nlist && strcmp(j->list[b].key, key) == 0) b++;
    *hi = a < b ? b : a;
}

// The one rule that lists record i (by id, else by name); -1 on error.
static lca_status rule_of(job *j, int64_t i, int64_t *rule, double *share) {
    const char *id = lca_fdb_text_get(j->db, LCA_FDB_PRODUCT_ID, i);
    const char *name = lca_fdb_text_get(j->db, LCA_FDB_PRODUCT_NAME, i);
    int64_t lo, hi;
    find_listed(j, id, &lo, &hi);
    if (lo == hi && name[0] != '\0') find_listed(j, name, &lo, &hi);
    if (lo == hi) {
        return lca__fail(j->x.ctx, LCA_ERR_INVALID, "product '%s' (%s) has "
                         "no rule: no rule of %s lists it in /products",
                         id, name, lca_ruleset_source(j->x.rs));
    }
    if (hi - lo > 1) {
        const lca_rule_spec *a = lca_rule_get(lca_ruleset_rule(j->x.rs,
                                                               j->list[lo].rule));
        const lca_rule_spec *b = lca_rule_get(
            lca_ruleset_rule(j->x.rs, j->list[lo + 1].rule));
        return lca__fail(j->x.ctx, LCA_ERR_INVALID, "product '%s' (%s) is "
                         "listed by two rules, %s and %s: which one it "
                         "follows is ambiguous", id, name, a->source,
                         b->source);
    }
    *rule = j->list[lo].rule;
    *share = j->list[lo].share;
    return LCA_OK;
}

// The record of a product id, else of a unique name.
static lca_status lookup(job *j, const char *key, int64_t *i) {
    if (lca_fdb_lookup(j->db, key, i) == LCA_OK) return LCA_OK;
    int64_t found = -1, n = lca_fdb_nrecords(j->db);
    for (int64_t k = 0; k < n; k++) {
        if (strcmp(lca_fdb_text_get(j->db, LCA_FDB_PRODUCT_NAME, k), key) == 0) {
            if (found >= 0) {
                return lca__fail(j->x.ctx, LCA_ERR_INVALID, "'%s' names two "
                                 "products of %s (id:%s and id:%s): give an "
                                 "id", key, j->x.dir,
                                 lca_fdb_text_get(j->db, LCA_FDB_PRODUCT_ID,
                                                  found),
                                 lca_fdb_text_get(j->db, LCA_FDB_PRODUCT_ID,
                                                  k));
            }
            found = k;
        }
    }
    if (found < 0) {
        return lca__fail(j->x.ctx, LCA_ERR_NOTFOUND, "no product '%s' in the "
                         "release %s", key, j->x.dir);
    }
    *i = found;
    return LCA_OK;
}

static lca_status select_products(job *j, int64_t nprod, const char *const *prod) {
    int64_t n = prod != NULL ? nprod : lca_fdb_nrecords(j->db);
    j->sel = lca__malloc(j->x.ctx, (size_t)n + 1, sizeof *j->sel);
    j->rule = lca__malloc(j->x.ctx, (size_t)n + 1, sizeof *j->rule);
    j->slot = lca__malloc(j->x.ctx, (size_t)n + 1, sizeof *j->slot);
    if (j->sel == NULL || j->rule == NULL || j->slot == NULL) {
        return lca__fail(j->x.ctx, LCA_ERR_NOMEM, "out of memory");
    }
    lca_status st = LCA_OK;
    for (int64_t k = 0; k < n && st == LCA_OK; k++) {
        double share;
        j->sel[k] = k;
        if (prod != NULL) st = lookup(j, prod[k], &j->sel[k]);
        if (st == LCA_OK) st = rule_of(j, j->sel[k], &j->rule[k], &share);
    }
    j->nsel = st == LCA_OK ? n : 0;
    int64_t nr = lca_ruleset_count(j->x.rs);
    unsigned char *used = lca__calloc(j->x.ctx, (size_t)nr + 1, 1);
    if (st == LCA_OK && used == NULL) {
        st = lca__fail(j->x.ctx, LCA_ERR_NOMEM, "out of memory");
    }
    for (int64_t k = 0; k < j->nsel && used != NULL; k++) used[j->rule[k]] = 1;
    j->x.used = used;
    return st;
}

// The seed of the release's Monte Carlo run, from its manifest.
static void read_seed(job *j) {
    char *path = lca__path_join(j->x.ctx, j->x.dir, "manifest.json");
    json_t *m = path != NULL ? json_load_file(path, 0, NULL) : NULL;
    const char *s = json_string_value(
        json_object_get(json_object_get(m, "provenance"), "seed"));
    snprintf(j->x.seed, sizeof j->x.seed, "%s",
             s != NULL && strncmp(s, "(from", 5) != 0 ? s : "");
    json_decref(m);
    lca__free(j->x.ctx, path);
}

// The paired samples of the records rec[0..n) from the release's
// montecarlo.h5, per declared unit (q model units), into the items.
static lca_status rule_samples(job *j, int64_t n, const int64_t *rec,
                               double q, lca_grade_item *it, double **x,
                               int64_t *niter) {
    double *scale = lca__malloc(j->x.ctx, (size_t)n + 1, sizeof *scale);
    if (scale == NULL) {
        return lca__fail(j->x.ctx, LCA_ERR_NOMEM, "out of memory");
    }
    for (int64_t k = 0; k < n; k++) scale[k] = q;
    lca_status st = lca__release_samples(j->x.ctx, j->x.dir, j->db, n, rec,
                                         scale, x, niter);
    for (int64_t k = 0; st == LCA_OK && *niter > 0 && k < n; k++) {
        it[k].samples = *x + k * *niter;
    }
    lca__free(j->x.ctx, scale);
    return st;
}

// The records rule r lists, graded with its scheme (values and the
// release's paired Monte Carlo samples, when it has them, per declared
// unit, as lca_labels_create grades them).
static lca_status grade_rule(job *j, int64_t r) {
    const lca_rule *rule = lca_ruleset_rule(j->x.rs, r);
    const lca_rule_spec *s = lca_rule_get(rule);
    const lca_grading *g = j->scheme[r];
    const lca_grading_spec *gs = lca_grading_get(g);
    double q = lca_rule_model_units(rule);
    char unit[256], what[256];
    snprintf(unit, sizeof unit, "%s/%s",
             lca_fdb_info_get(j->db, LCA_FDB_IND_UNIT), s->unit);
    snprintf(what, sizeof what, "the products of rule %s", s->id);
    lca_status st = lca_grading_check_unit(g, unit, what);
    lca_grade_item *it =
        lca__calloc(j->x.ctx, (size_t)s->nproducts + 1, sizeof *it);
    int64_t *rec = lca__calloc(j->x.ctx, (size_t)s->nproducts + 1, sizeof *rec);
    if (st == LCA_OK && (it == NULL || rec == NULL)) {
        st = lca__fail(j->x.ctx, LCA_ERR_NOMEM, "out of memory");
    }
    for (int64_t k = 0; k < s->nproducts && st == LCA_OK; k++) {
        st = lookup(j, s->products[k].product, &rec[k]);
        if (st != LCA_OK) break;
        const char *id = lca_fdb_text_get(j->db, LCA_FDB_PRODUCT_ID, rec[k]);
        double w = lca_grade_param_find(j->x.opt->nparams, j->x.opt->params,
                                        id, gs->weight);
        it[k] = (lca_grade_item){
            id, q * lca_fdb_num_get(j->db, LCA_FDB_FACTOR)[rec[k]], NULL,
            lca_grade_param_find(j->x.opt->nparams, j->x.opt->params, id,
                                 gs->parameter),
            isnan(w) ? s->products[k].share : w, 1};
    }
    double *x = NULL;
    int64_t niter = 0;
    if (st == LCA_OK) {
        st = rule_samples(j, s->nproducts, rec, q, it, &x, &niter);
    }
    lca_grade_options o = {j->x.opt->confidence};
    if (st == LCA_OK) {
        st = lca_grades_create(g, &o, s->nproducts, it, niter, &j->grades[r]);
    }
    lca__free(j->x.ctx, x);
    for (int64_t k = 0; k < j->nsel && st == LCA_OK; k++) {
        for (int64_t m = 0; j->rule[k] == r && m < s->nproducts; m++) {
            if (rec[m] == j->sel[k]) j->slot[k] = m;
        }
    }
    lca__free(j->x.ctx, it);
    lca__free(j->x.ctx, rec);
    return st == LCA_OK ? st : lca__wrap(j->x.ctx, st, "%s: /grading",
                                         s->source);
}

// The scheme of every rule that names one (when a grading folder is
// given) and the grades of its products.
static lca_status grade_rules(job *j) {
    int64_t nr = lca_ruleset_count(j->x.rs);
    j->scheme = lca__calloc(j->x.ctx, (size_t)nr + 1, sizeof *j->scheme);
    j->grades = lca__calloc(j->x.ctx, (size_t)nr + 1, sizeof *j->grades);
    if (j->scheme == NULL || j->grades == NULL) {
        return lca__fail(j->x.ctx, LCA_ERR_NOMEM, "out of memory");
    }
    lca_status st = LCA_OK;
    for (int64_t r = 0; r < nr && st == LCA_OK && j->x.opt->grading_dir; r++) {
        const lca_rule_spec *s = lca_rule_get(lca_ruleset_rule(j->x.rs, r));
        int used = 0;
        for (int64_t k = 0; k < j->nsel; k++) used |= j->rule[k] == r;
        if (!used || s->grading[0] == '\0') continue;
        st = lca_grading_find(j->x.ctx, j->x.opt->grading_dir, s->grading,
                              &j->scheme[r]);
        if (st != LCA_OK) {
            st = lca__wrap(j->x.ctx, st, "%s: /grading", s->source);
        } else {
            st = grade_rule(j, r);
        }
    }
    return st;
}

static void job_free(job *j) {
    lca_ctx *ctx = j->x.ctx;
    int64_t nr = j->x.rs != NULL ? lca_ruleset_count(j->x.rs) : 0;
    for (int64_t r = 0; r < nr; r++) {
        if (j->grades != NULL) lca_grades_destroy(&j->grades[r]);
        if (j->scheme != NULL) lca_grading_destroy(&j->scheme[r]);
    }
    lca__free(ctx, j->grades);
    lca__free(ctx, j->scheme);
    lca__free(ctx, j->list);
    lca__free(ctx, j->sel);
    lca__free(ctx, j->rule);
    lca__free(ctx, j->slot);
    lca__free(ctx, j->x.rule_pf);
    lca__free(ctx, j->x.rule_text);
    lca__free(ctx, (void *)j->x.used);
    lca_fdb_destroy(&j->db);
}

static lca_status export_all(job *j, const char *out) {
    lca__pact_export *e = NULL;
    lca__pact_item_text t;
    lca_status st = lca__pact_export_begin(j->x.ctx, j->x.opt, out, &e);
    for (int64_t k = 0; k < j->nsel && st == LCA_OK; k++) {
        lca__pact_pf pf;
        lca_grade g;
        st = lca__pact_release_item(&j->x, j->sel[k], j->rule[k], &pf, &t);
        if (st == LCA_OK && j->grades[j->rule[k]] != NULL) {
            lca_grades_get(j->grades[j->rule[k]], j->slot[k], &g);
            pf.scheme = j->scheme[j->rule[k]];
            pf.grade = &g;
        }
        if (st == LCA_OK) st = lca__pact_export_add(e, &pf);
    }
    if (st == LCA_OK) return lca__pact_export_commit(&e);
    lca__pact_export_destroy(&e);
    return st;
}

lca_status lca_pact_export_release(lca_ctx *ctx, const char *release_dir,
                                   const lca_ruleset *rs,
                                   const lca_pact_options *opt,
                                   int64_t nproducts,
                                   const char *const *products,
                                   const char *out) {
    job j;
    memset(&j, 0, sizeof j);
    j.x.ctx = ctx;
    j.x.dir = release_dir;
    j.x.rs = rs;
    j.x.opt = opt;
    const char *slash = strrchr(release_dir, '/');
    j.x.name = slash != NULL && slash[1] != '\0' ? slash + 1 : release_dir;
    lca_status st = lca_fdb_read(ctx, release_dir, &j.db);
    j.x.db = j.db;
    if (st == LCA_OK) st = index_rules(&j);
    if (st == LCA_OK) st = select_products(&j, nproducts, products);
    if (st == LCA_OK) st = lca__pact_release_rules(&j.x);
    if (st == LCA_OK) read_seed(&j);
    if (st == LCA_OK) st = grade_rules(&j);
    if (st == LCA_OK) st = export_all(&j, out);
    job_free(&j);
    return st;
}
