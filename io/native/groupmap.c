// io/native/groupmap.c: a product -> group map (life-cycle stages, categories)
// SPDX-License-Identifier: MIT
//
// Format (docs/FORMAT.md, "Group maps"): a CSV file whose header row has a
// "product" and a "group" column (any order, any case; other columns are
// ignored); each later row puts one product in one group. A product is
// named as on the command line (lca_model_lookup: an id, id:ID, a name,
// or NAME [qualifier]).
// Refused, naming the file, the line and the entry: a product the model
// does not have (every one of them is listed, up to ten), a name that
// several products share, a product put in two different groups, an
// empty group name, a missing column. Products the map does not mention
// are "not in the map" (group -1).

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "engine/ctx_impl.h"
#include "io/util/csv_impl.h"
#include "lca/io.h"

struct lca_group_map {
    lca_ctx *ctx;
    int64_t n, ngroups;
    int64_t *group_of;
    char **names;
};

void lca_group_map_destroy(lca_group_map **gp) {
    if (gp == NULL || *gp == NULL) return;
    lca_group_map *g = *gp;
    for (int64_t i = 0; i < g->ngroups; i++) lca__free(g->ctx, g->names[i]);
    lca__free(g->ctx, g->names);
    lca__free(g->ctx, g->group_of);
    lca__free(g->ctx, g);
    *gp = NULL;
}

int64_t lca_group_map_ngroups(const lca_group_map *g) { return g->ngroups; }
const int64_t *lca_group_map_of(const lca_group_map *g) { return g->group_of; }
const char *const *lca_group_map_names(const lca_group_map *g) {
    return (const char *const *)g->names;
}

// Index of group name, added when new; -1 when out of memory.
static int64_t group_index(lca_group_map *g, const char *name) {
    for (int64_t i = 0; i < g->ngroups; i++) {
        if (strcmp(g->names[i], name) == 0) return i;
    }
    size_t n = (size_t)g->ngroups;
    char **names = lca__realloc(g->ctx, g->names, n, n + 1, sizeof *names);
    if (names == NULL) return -1;
    g->names = names;
    g->names[n] = lca__strdup(g->ctx, name);
    if (g->names[n] == NULL) return -1;
    return g->ngroups++;
}

typedef struct reader {
    lca__csv *csv;
    int pc, gc;                // the product and group columns
    char unknown[600];         // the unknown products, listed
    int64_t nunknown;
} reader;

static lca_status header(reader *r, const lca__csv_record *rec) {
    r->pc = r->gc = -1;
    for (int64_t f = 0; f < rec->nfields; f++) {
        if (strcasecmp(rec->fields[f], "product") == 0) r->pc = (int)f;
        if (strcasecmp(rec->fields[f], "group") == 0) r->gc = (int)f;
    }
    return r->pc >= 0 && r->gc >= 0 ? LCA_OK : LCA_ERR_INVALID;
}

static void note_unknown(reader *r, const lca__csv_record *rec,
                         const char *key) {
    if (r->nunknown++ >= 10) return;
    size_t len = strlen(r->unknown);
    snprintf(r->unknown + len, sizeof r->unknown - len, "%sline %lld '%.60s'",
             len > 0 ? ", " : "", (long long)rec->line, key);
}

// One data row: the product into its group.
static lca_status row(lca_group_map *g, reader *r, const lca_model *M,
                      const lca__csv_record *rec) {
    const char *path = lca__csv_path(r->csv);
    int64_t need = r->pc > r->gc ? r->pc : r->gc;
    if (rec->nfields <= need || rec->fields[r->gc][0] == '\0') {
        return lca__fail(g->ctx, LCA_ERR_INVALID, "%s: line %lld: the row has "
                         "no product or no group", path, (long long)rec->line);
    }
    const char *key = rec->fields[r->pc];
    int64_t j;
    lca_status st = lca_model_lookup(M, LCA_PRODUCTS, key, &j);
    if (st == LCA_ERR_NOTFOUND) {
        note_unknown(r, rec, key);
        return LCA_OK;
    }
    if (st != LCA_OK) {  // a name several products share
        return lca__wrap(g->ctx, st, "%s: line %lld", path,
                         (long long)rec->line);
    }
    int64_t gi = group_index(g, rec->fields[r->gc]);
    if (gi < 0) return lca__fail(g->ctx, LCA_ERR_NOMEM, "out of memory");
    if (g->group_of[j] >= 0 && g->group_of[j] != gi) {
        return lca__fail(g->ctx, LCA_ERR_INVALID, "%s: line %lld: product '%s' "
                         "is already in group '%s'", path, (long long)rec->line,
                         key, g->names[g->group_of[j]]);
    }
    g->group_of[j] = gi;
    return LCA_OK;
}

static lca_status read_rows(lca_group_map *g, reader *r, const lca_model *M) {
    lca__csv_record rec;
    lca_status st = lca__csv_read(r->csv, &rec);
    if (st == LCA_OK && (rec.nfields == 0 || header(r, &rec) != LCA_OK)) {
        return lca__fail(g->ctx, LCA_ERR_INVALID, "%s: the header row must "
                         "name a 'product' and a 'group' column",
                         lca__csv_path(r->csv));
    }
    while (st == LCA_OK) {
        st = lca__csv_read(r->csv, &rec);
        if (st != LCA_OK || rec.nfields == 0) break;
        st = row(g, r, M, &rec);
    }
    if (st == LCA_OK && r->nunknown > 0) {
        st = lca__fail(g->ctx, LCA_ERR_NOTFOUND, "%s: %lld product(s) not in "
                       "the model: %s%s", lca__csv_path(r->csv),
                       (long long)r->nunknown, r->unknown,
                       r->nunknown > 10 ? ", ..." : "");
    }
    return st;
}

lca_status lca_group_map_read(const lca_model *M, const char *path,
                              lca_group_map **out) {
    lca_ctx *ctx = lca_model_ctx(M);
    int64_t n = lca_model_dim(M, LCA_PRODUCTS);
    *out = NULL;
    reader r;
    memset(&r, 0, sizeof r);
    lca_group_map *g = lca__calloc(ctx, 1, sizeof *g);
    if (g == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    g->ctx = ctx;
    g->n = n;
    g->group_of = lca__malloc(ctx, (size_t)n + 1, sizeof *g->group_of);
    lca_status st = g->group_of == NULL
                        ? lca__fail(ctx, LCA_ERR_NOMEM, "out of memory")
                        : LCA_OK;
    for (int64_t j = 0; st == LCA_OK && j < n; j++) g->group_of[j] = -1;
    if (st == LCA_OK) st = lca__csv_create(ctx, path, ',', &r.csv);
    if (st == LCA_OK) st = read_rows(g, &r, M);
    lca__csv_destroy(&r.csv);
    if (st != LCA_OK) {
        lca_group_map_destroy(&g);
        return st;
    }
    *out = g;
    return LCA_OK;
}
