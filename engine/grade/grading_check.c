// engine/grade/grading_check.c: the checks of a grading scheme
// SPDX-License-Identifier: MIT
//
// Each check names the field by its JSON pointer in the scheme file
// (docs/DISCLOSURE.md), as the rule checks do: the reader (io/grading/)
// checks JSON types, everything about values is checked here, so that a
// scheme made through the API gets the same checks as one read from a
// file. Bands are checked pairwise in order: each must start where the
// one before ends, so that an overlap or a gap names both classes.

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "check_impl.h"
#include "ctx_impl.h"
#include "grade_impl.h"

typedef lca__checker checker;

// [A-Za-z0-9][A-Za-z0-9._-]{0,63}, as a rule's `grading` field.
static int good_id(const char *s) {
    size_t n = strlen(s);
    if (n == 0 || n > 64 || s[0] == '.' || s[0] == '-' || s[0] == '_') {
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
              (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' ||
              ch == '-')) {
            return 0;
        }
    }
    return 1;
}

static lca_status check_head(checker *c) {
    const lca_grading_spec *s = c->spec;
    if (s->version != LCA_GRADING_VERSION) {
        return lca__bad(c, "/version", "%d; this leontief reads version %d",
                        s->version, LCA_GRADING_VERSION);
    }
    if (s->id == NULL || !good_id(s->id)) {
        return lca__bad(c, "/id", "'%s' is not an id ([A-Za-z0-9][A-Za-z0-9._-]"
                        "{0,63})", s->id != NULL ? s->id : "");
    }
    lca_status st = lca__check_text(c, "/name", s->name, 512);
    if (st == LCA_OK) st = lca__check_text(c, "/unit", s->unit, 64);
    for (int64_t i = 0; i < s->nreferences && st == LCA_OK; i++) {
        char ptr[48];
        snprintf(ptr, sizeof ptr, "/references/%lld", (long long)i);
        st = lca__check_text(c, ptr, s->references[i], 4096);
    }
    if (st == LCA_OK && !(s->validity_years > 0 && s->validity_years <= 100)) {
        st = lca__bad(c, "/validity_years", "%g is outside (0, 100]",
                      s->validity_years);
    }
    if (st == LCA_OK && (unsigned)s->kind > LCA_GRADING_DISTRIBUTION) {
        st = lca__bad(c, "/kind", "unknown kind %d", (int)s->kind);
    }
    return st;
}

// The open ends of a kind: -inf/+inf, or percentiles 0/100.
static void ends(lca_grading_kind k, double *lo, double *hi) {
    *lo = k == LCA_GRADING_DISTRIBUTION ? 0.0 : -INFINITY;
    *hi = k == LCA_GRADING_DISTRIBUTION ? 100.0 : INFINITY;
}

// Band i on its own: name unique, from < to, inside the kind's range.
static lca_status check_band(checker *c, int64_t i) {
    const lca_grading_spec *s = c->spec;
    const lca_grading_band *b = &s->bands[i];
    char ptr[64];
    double lo, hi;
    ends(s->kind, &lo, &hi);
    snprintf(ptr, sizeof ptr, "/classes/%lld/class", (long long)i);
    lca_status st = lca__check_text(c, ptr, b->name, 32);
    for (int64_t k = 0; k < i && st == LCA_OK; k++) {
        if (strcmp(s->bands[k].name, b->name) == 0) {
            st = lca__bad(c, ptr, "class '%s' is named twice", b->name);
        }
    }
    if (st == LCA_OK && lca__has_control(b->text != NULL ? b->text : "")) {
        snprintf(ptr, sizeof ptr, "/classes/%lld/text", (long long)i);
        st = lca__bad(c, ptr, "holds a control character");
    }
    snprintf(ptr, sizeof ptr, "/classes/%lld", (long long)i);
    if (st == LCA_OK && (isnan(b->from) || isnan(b->to) || b->from < lo ||
                         b->to > hi)) {
        st = lca__bad(c, ptr, "the band (%g, %g] is outside %g..%g", b->from,
                      b->to, lo, hi);
    }
    if (st == LCA_OK && !(b->from < b->to)) {
        st = lca__bad(c, ptr, "the band (%g, %g] is empty: 'from' must be "
                      "below 'to'", b->from, b->to);
    }
    return st;
}

// Bands in order: open at both ends, each starting where the last ended.
static lca_status check_bands(checker *c) {
    const lca_grading_spec *s = c->spec;
    double lo, hi;
    ends(s->kind, &lo, &hi);
    if (s->nbands < 2) return lca__bad(c, "/classes", "fewer than two classes");
    lca_status st = LCA_OK;
    for (int64_t i = 0; i < s->nbands && st == LCA_OK; i++) {
        st = check_band(c, i);
    }
    if (st != LCA_OK) return st;
    if (s->bands[0].from != lo) {
        return lca__bad(c, "/classes/0/from", "%g: the best class must be open "
                        "below (leave 'from' out), or values under %g have no "
                        "class", s->bands[0].from, s->bands[0].from);
    }
    int64_t z = s->nbands - 1;
    if (s->bands[z].to != hi) {
        char ptr[48];
        snprintf(ptr, sizeof ptr, "/classes/%lld/to", (long long)z);
        return lca__bad(c, ptr, "%g: the last class must be open above (leave "
                        "'to' out), or values over %g have no class",
                        s->bands[z].to, s->bands[z].to);
    }
    for (int64_t i = 1; i < s->nbands && st == LCA_OK; i++) {
        const lca_grading_band *a = &s->bands[i - 1], *b = &s->bands[i];
        char ptr[48];
        snprintf(ptr, sizeof ptr, "/classes/%lld/from", (long long)i);
        if (b->from < a->to) {
            st = lca__bad(c, ptr, "%g overlaps class '%s', which ends at %g",
                          b->from, a->name, a->to);
        } else if (b->from > a->to) {
            st = lca__bad(c, ptr, "%g leaves a gap (%g, %g] after class '%s'",
                          b->from, a->to, b->from, a->name);
        }
    }
    return st;
}

static lca_status check_line(checker *c) {
    const lca_grading_spec *s = c->spec;
    lca_status st = lca__check_text(c, "/line/parameter", s->parameter, 64);
    if (st == LCA_OK && s->npoints < 2) {
        st = lca__bad(c, "/line/points", "a line needs at least two points");
    }
    for (int64_t i = 0; i < s->npoints && st == LCA_OK; i++) {
        const lca_grading_point *p = &s->points[i];
        char ptr[48];
        snprintf(ptr, sizeof ptr, "/line/points/%lld", (long long)i);
        if (!isfinite(p->at) || !isfinite(p->value)) {
            st = lca__bad(c, ptr, "not a finite point");
        } else if (!(p->value > 0)) {
            st = lca__bad(c, ptr, "the line's value %g is not above 0: classes "
                          "are multiples of it", p->value);
        } else if (i > 0 && !(p->at > s->points[i - 1].at)) {
            st = lca__bad(c, ptr, "'at' %g does not increase", p->at);
        }
    }
    return st;
}

static lca_status check_kind(checker *c) {
    const lca_grading_spec *s = c->spec;
    if (s->kind == LCA_GRADING_SLIDING) return check_line(c);
    if (s->npoints > 0) {
        return lca__bad(c, "/line", "only a sliding scheme has a line");
    }
    if (s->kind == LCA_GRADING_DISTRIBUTION) {
        if (s->min_population < 1) {
            return lca__bad(c, "/population/min", "%lld is below 1",
                            (long long)s->min_population);
        }
        if (s->weight != NULL && s->weight[0] != '\0') {
            return lca__check_text(c, "/population/weight", s->weight, 64);
        }
    }
    return LCA_OK;
}

lca_status lca__grading_check(lca_ctx *ctx, const lca_grading_spec *spec) {
    checker c = {ctx, spec, ""};
    const char *w = lca__grading_where(spec, c.where, sizeof c.where);
    if (w != c.where) snprintf(c.where, sizeof c.where, "%s", w);
    lca_status st = check_head(&c);
    if (st == LCA_OK) st = check_kind(&c);
    if (st == LCA_OK) st = check_bands(&c);
    return st;
}
