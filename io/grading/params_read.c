// io/grading/params_read.c: product parameters for grading schemes from CSV
// SPDX-License-Identifier: MIT
//
// A table "subject,name,value" (lca_grade_params_read, lca/io_grading.h):
// one parameter value per (subject, name), read with the project's CSV
// reader (io/util/csv.c, libcsv).

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "engine/ctx_impl.h"
#include "io/util/csv_impl.h"
#include "lca/io_grading.h"

struct lca_grade_params {
    lca_ctx *ctx;
    int64_t n, cap;
    lca_grade_param *items;  // subject and name owned (lca__strdup)
    int64_t *lines;          // the CSV line of each item
};

static const char *const COLS[3] = {"subject", "name", "value"};

void lca_grade_params_destroy(lca_grade_params **p) {
    if (p == NULL || *p == NULL) return;
    lca_grade_params *t = *p;
    for (int64_t i = 0; i < t->n; i++) {
        lca__free(t->ctx, (void *)t->items[i].subject);
        lca__free(t->ctx, (void *)t->items[i].name);
    }
    lca__free(t->ctx, t->items);
    lca__free(t->ctx, t->lines);
    lca__free(t->ctx, t);
    *p = NULL;
}

int64_t lca_grade_params_count(const lca_grade_params *p) {
    return p == NULL ? 0 : p->n;
}

const lca_grade_param *lca_grade_params_items(const lca_grade_params *p) {
    return p == NULL ? NULL : p->items;
}

// The header must be exactly subject,name,value (any case).
static lca_status check_header(lca_ctx *ctx, const char *path,
                               const lca__csv_record *rec) {
    if (rec->nfields == 0) {
        return lca__fail(ctx, LCA_ERR_INVALID, "%s: empty file; expected "
                         "the header subject,name,value", path);
    }
    for (int64_t c = 0; c < 3; c++) {
        if (c >= rec->nfields || strcasecmp(rec->fields[c], COLS[c]) != 0) {
            return lca__fail(ctx, LCA_ERR_INVALID, "%s: line %lld, column "
                             "%lld: expected the header subject,name,value",
                             path, (long long)rec->line, (long long)c + 1);
        }
    }
    if (rec->nfields != 3) {
        return lca__fail(ctx, LCA_ERR_INVALID, "%s: line %lld, column 4: "
                         "unexpected column '%s' (the header is subject,"
                         "name,value)", path, (long long)rec->line,
                         rec->fields[3]);
    }
    return LCA_OK;
}

// Append one record as a parameter after checking its fields.
static lca_status add_record(lca_grade_params *t, const char *path,
                             const lca__csv_record *rec) {
    lca_ctx *ctx = t->ctx;
    long long line = (long long)rec->line;
    if (rec->nfields != 3) {
        return lca__fail(ctx, LCA_ERR_INVALID, "%s: line %lld: %lld fields; "
                         "expected 3 (subject,name,value)", path, line,
                         (long long)rec->nfields);
    }
    for (int c = 0; c < 2; c++) {
        if (rec->fields[c][0] == '\0') {
            return lca__fail(ctx, LCA_ERR_INVALID, "%s: line %lld, column "
                             "%d (%s): empty", path, line, c + 1, COLS[c]);
        }
    }
    double v;
    if (!lca__csv_to_double(rec->fields[2], &v)) {
        return lca__fail(ctx, LCA_ERR_INVALID, "%s: line %lld, column 3 "
                         "(value): '%s' is not a finite number", path, line,
                         rec->fields[2]);
    }
    int64_t cl = t->cap;
    lca_grade_param *it = lca__grow(ctx, t->items, &cl, t->n + 1,
                                    sizeof *it);
    if (it != NULL) t->items = it;
    int64_t cap2 = t->cap;
    int64_t *ln = lca__grow(ctx, t->lines, &cap2, t->n + 1, sizeof *ln);
    if (ln != NULL) t->lines = ln;
    if (it == NULL || ln == NULL) return LCA_ERR_NOMEM;
    t->cap = cl;
    char *s = lca__strdup(ctx, rec->fields[0]);
    char *n = lca__strdup(ctx, rec->fields[1]);
    if (s == NULL || n == NULL) {
        lca__free(ctx, s);
        lca__free(ctx, n);
        return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    }
    t->items[t->n] = (lca_grade_param){.subject = s, .name = n, .value = v};
    t->lines[t->n] = rec->line;
    t->n++;
    return LCA_OK;
}

static int cmp_param(const void *a, const void *b) {
    const lca_grade_param *x = *(const lca_grade_param *const *)a;
    const lca_grade_param *y = *(const lca_grade_param *const *)b;
    int c = strcmp(x->subject, y->subject);
    if (c == 0) c = strcmp(x->name, y->name);
    if (c == 0) c = (x > y) - (x < y);  // stable: file order
    return c;
}

// Refuse a (subject, name) given twice: sort pointers, compare neighbours.
static lca_status check_duplicates(lca_grade_params *t, const char *path) {
    const lca_grade_param **ord = lca__malloc(t->ctx, (size_t)t->n,
                                              sizeof *ord);
    if (ord == NULL) return lca__fail(t->ctx, LCA_ERR_NOMEM, "out of memory");
    for (int64_t i = 0; i < t->n; i++) ord[i] = &t->items[i];
    qsort(ord, (size_t)t->n, sizeof *ord, cmp_param);
    lca_status st = LCA_OK;
    for (int64_t i = 1; i < t->n && st == LCA_OK; i++) {
        if (strcmp(ord[i]->subject, ord[i - 1]->subject) == 0 &&
            strcmp(ord[i]->name, ord[i - 1]->name) == 0) {
            st = lca__fail(t->ctx, LCA_ERR_INVALID, "%s: line %lld: "
                           "parameter '%s' of '%s' given again (first on "
                           "line %lld)", path,
                           (long long)t->lines[ord[i] - t->items],
                           ord[i]->name, ord[i]->subject,
                           (long long)t->lines[ord[i - 1] - t->items]);
        }
    }
    lca__free(t->ctx, ord);
    return st;
}

lca_status lca_grade_params_read(lca_ctx *ctx, const char *path,
                                 lca_grade_params **out) {
    *out = NULL;
    lca__csv *r = NULL;
    lca_grade_params *t = lca__calloc(ctx, 1, sizeof *t);
    if (t == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    t->ctx = ctx;
    lca__csv_record rec;
    lca_status st = lca__csv_create(ctx, path, ',', &r);
    if (st == LCA_OK) st = lca__csv_read(r, &rec);
    if (st == LCA_OK) st = check_header(ctx, path, &rec);
    while (st == LCA_OK) {
        st = lca__csv_read(r, &rec);
        if (st != LCA_OK || rec.nfields == 0) break;
        st = add_record(t, path, &rec);
    }
    if (st == LCA_OK) st = check_duplicates(t, path);
    lca__csv_destroy(&r);
    if (st == LCA_OK) {
        *out = t;
    } else {
        lca_grade_params_destroy(&t);
    }
    return st;
}
