// engine/grade/grading.c: a grading scheme: a checked, owned copy of its
// description, its line and its classes
// SPDX-License-Identifier: MIT
//
// The copy takes one allocation per string and array: a scheme is a few
// hundred bytes and is made once per run. lca__grading_check
// (grading_check.c) has checked every field before anything is copied.

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ctx_impl.h"
#include "grade_impl.h"

static const char *const kind_names[] = {"absolute", "sliding",
                                         "distribution"};

const char *lca_grading_kind_str(lca_grading_kind k) {
    return (unsigned)k < 3 ? kind_names[k] : "unknown";
}

lca_status lca_grading_kind_parse(lca_ctx *ctx, const char *s,
                                  lca_grading_kind *k) {
    for (int i = 0; i < 3; i++) {
        if (strcmp(s, kind_names[i]) == 0) {
            *k = (lca_grading_kind)i;
            return LCA_OK;
        }
    }
    return lca__fail(ctx, LCA_ERR_ARG, "unknown grading kind '%s' (absolute, "
                     "sliding or distribution)", s);
}

const char *lca__grading_where(const lca_grading_spec *s, char *buf,
                               size_t size) {
    if (s->source != NULL && s->source[0] != '\0') return s->source;
    snprintf(buf, size, "grading scheme %s", s->id != NULL ? s->id : "");
    return buf;
}

// What a string copy that failed points to: never freed.
static const char none[] = "";

// A copy of s ("" for NULL); none and *ok = 0 when out of memory.
static const char *dup(lca_ctx *ctx, const char *s, int *ok) {
    char *p = lca__strdup(ctx, s != NULL ? s : "");
    if (p == NULL) *ok = 0;
    return p != NULL ? p : none;
}

static void free_str(lca_ctx *ctx, const char *s) {
    if (s != none) lca__free(ctx, (void *)s);
}

static void *dup_mem(lca_ctx *ctx, const void *src, int64_t n, size_t size,
                     int *ok) {
    if (n <= 0 || src == NULL) return NULL;
    void *p = lca__malloc(ctx, (size_t)n, size);
    if (p == NULL) {
        *ok = 0;
        return NULL;
    }
    memcpy(p, src, (size_t)n * size);
    return p;
}

// Free what copy() allocated.
static void free_copy(lca_ctx *ctx, lca_grading_spec *s) {
    const char *str[] = {s->source,    s->id,             s->name, s->unit,
                         s->parameter, s->parameter_unit, s->weight};
    for (size_t i = 0; i < sizeof str / sizeof str[0]; i++) {
        free_str(ctx, str[i]);
    }
    for (int64_t i = 0; s->references != NULL && i < s->nreferences; i++) {
        free_str(ctx, s->references[i]);
    }
    lca_grading_band *b = (lca_grading_band *)s->bands;
    for (int64_t i = 0; b != NULL && i < s->nbands; i++) {
        free_str(ctx, b[i].name);
        free_str(ctx, b[i].text);
    }
    lca__free(ctx, (void *)s->references);
    lca__free(ctx, b);
    lca__free(ctx, (void *)s->points);
}

// d = a deep copy of s; *ok = 0 when an allocation failed (d is then
// still safe to free_copy: every pointer is valid or NULL).
static void copy(lca_ctx *ctx, lca_grading_spec *d, const lca_grading_spec *s,
                 int *ok) {
    *d = *s;
    d->references = NULL;
    d->bands = NULL;
    d->points = NULL;
    d->source = dup(ctx, s->source, ok);
    d->id = dup(ctx, s->id, ok);
    d->name = dup(ctx, s->name, ok);
    d->unit = dup(ctx, s->unit, ok);
    d->parameter = dup(ctx, s->parameter, ok);
    d->parameter_unit = dup(ctx, s->parameter_unit, ok);
    d->weight = dup(ctx, s->weight, ok);
    const char **refs = lca__calloc(ctx, (size_t)s->nreferences + 1,
                                    sizeof *refs);
    if (refs == NULL) *ok = 0;
    for (int64_t i = 0; refs != NULL && i < s->nreferences; i++) {
        refs[i] = dup(ctx, s->references[i], ok);
    }
    d->references = refs;
    d->nreferences = refs != NULL ? s->nreferences : 0;
    lca_grading_band *b = dup_mem(ctx, s->bands, s->nbands, sizeof *b, ok);
    for (int64_t i = 0; b != NULL && i < s->nbands; i++) {
        b[i].name = dup(ctx, s->bands[i].name, ok);
        b[i].text = dup(ctx, s->bands[i].text, ok);
    }
    d->bands = b;
    d->nbands = b != NULL ? s->nbands : 0;
    d->points = dup_mem(ctx, s->points, s->npoints, sizeof *s->points, ok);
    d->npoints = d->points != NULL ? s->npoints : 0;
}

lca_status lca_grading_create(lca_ctx *ctx, const lca_grading_spec *spec,
                              lca_grading **g) {
    *g = NULL;
    lca_status st = lca__grading_check(ctx, spec);
    if (st != LCA_OK) return st;
    lca_grading *x = lca__calloc(ctx, 1, sizeof *x);
    if (x == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    x->ctx = ctx;
    int ok = 1;
    copy(ctx, &x->s, spec, &ok);
    if (!ok) {
        lca_grading_destroy(&x);
        return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    }
    *g = x;
    return LCA_OK;
}

void lca_grading_destroy(lca_grading **g) {
    if (g == NULL || *g == NULL) return;
    lca_ctx *ctx = (*g)->ctx;
    free_copy(ctx, &(*g)->s);
    lca__free(ctx, *g);
    *g = NULL;
}

const lca_grading_spec *lca_grading_get(const lca_grading *g) {
    return &g->s;
}
const char *lca_grading_id(const lca_grading *g) { return g->s.id; }
int64_t lca_grading_nclasses(const lca_grading *g) { return g->s.nbands; }
lca_ctx *lca_grading_ctx(const lca_grading *g) { return g->ctx; }

const char *lca_grading_class_name(const lca_grading *g, int64_t k) {
    return k >= 0 && k < g->s.nbands ? g->s.bands[k].name : "";
}

// u normalized into buf: lower case, no white space, CO2 equivalents
// spelt "co2e" ("co2-eq", "co2eq", "co2-e", "co2 eq." all become it).
static void norm_unit(const char *u, char *buf, size_t size) {
    size_t n = 0;
    for (const char *p = u; *p && n + 1 < size; p++) {
        if (!isspace((unsigned char)*p)) {
            buf[n++] = (char)tolower((unsigned char)*p);
        }
    }
    buf[n] = '\0';
    static const char *const spell[] = {"co2-eq.", "co2eq.", "co2-eq",
                                        "co2eq",   "co2-e"};
    for (size_t k = 0; k < sizeof spell / sizeof spell[0]; k++) {
        char *hit;
        size_t len = strlen(spell[k]);
        while ((hit = strstr(buf, spell[k])) != NULL) {
            memcpy(hit, "co2e", 4);
            memmove(hit + 4, hit + len, strlen(hit + len) + 1);
        }
    }
}

lca_status lca_grading_check_unit(const lca_grading *g, const char *unit,
                                  const char *what) {
    char a[256], b[256], where[160];
    norm_unit(g->s.unit, a, sizeof a);
    norm_unit(unit != NULL ? unit : "", b, sizeof b);
    if (strcmp(a, b) == 0) return LCA_OK;
    return lca__fail(g->ctx, LCA_ERR_INVALID,
                     "%s: /unit: the thresholds are in '%s', the values of "
                     "%s in '%s' (no unit conversion is made)",
                     lca__grading_where(&g->s, where, sizeof where),
                     g->s.unit, what, unit != NULL ? unit : "");
}

lca_status lca_grading_line(const lca_grading *g, double s, double *L) {
    const lca_grading_point *pt = g->s.points;
    int64_t n = g->s.npoints;
    char where[160];
    *L = NAN;
    if (g->s.kind != LCA_GRADING_SLIDING) {
        return lca__fail(g->ctx, LCA_ERR_ARG, "%s: a %s scheme has no line",
                         lca__grading_where(&g->s, where, sizeof where),
                         lca_grading_kind_str(g->s.kind));
    }
    if (!(s >= pt[0].at && s <= pt[n - 1].at)) {
        return lca__fail(g->ctx, LCA_ERR_ARG,
                         "%s: /line/parameter: %s = %g is outside the "
                         "line's range %g..%g",
                         lca__grading_where(&g->s, where, sizeof where),
                         g->s.parameter, s, pt[0].at, pt[n - 1].at);
    }
    int64_t k = 1;
    while (k < n - 1 && s > pt[k].at) k++;
    // L = v0 + (v1 - v0) (s - a0) / (a1 - a0) on the segment [a0, a1].
    double a0 = pt[k - 1].at, a1 = pt[k].at;
    *L = pt[k - 1].value +
         (pt[k].value - pt[k - 1].value) * (s - a0) / (a1 - a0);
    return LCA_OK;
}

int64_t lca_grading_classify(int64_t nclasses, const double *t, double x) {
    if (isnan(x)) return -1;
    for (int64_t k = 0; k < nclasses - 1; k++) {
        if (x <= t[k]) return k;
    }
    return nclasses - 1;
}

double lca_grade_param_find(int64_t n, const lca_grade_param *params,
                            const char *subject, const char *name) {
    for (int64_t i = 0; i < n; i++) {
        if (strcmp(params[i].subject, subject) == 0 &&
            strcmp(params[i].name, name) == 0) {
            return params[i].value;
        }
    }
    return NAN;
}
