// io/import/provider_choices.c: lists of provider choices, and their CSV
// SPDX-License-Identifier: MIT
//
// A provider choice says which process a product flow links to when
// several provide it (include/lca/io_procdb.h). The CSV (docs/FORMAT.md,
// "Provider choices") has the columns flow and process; the "provider
// tie" lines of an import report name both, so a user copies the ids from
// there.

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "engine/ctx_impl.h"
#include "io/util/csv_impl.h"
#include "lca/io_procdb.h"

struct lca_provider_list {
    lca_ctx *ctx;
    int64_t n, cap;
    lca_provider_choice *v;  // strings owned
};

lca_status lca_provider_list_create(lca_ctx *ctx, lca_provider_list **out) {
    *out = lca__calloc(ctx, 1, sizeof **out);
    if (*out == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    (*out)->ctx = ctx;
    return LCA_OK;
}

static void free_choice(lca_ctx *ctx, lca_provider_choice *c) {
    lca__free(ctx, (char *)c->flow);
    lca__free(ctx, (char *)c->process);
    lca__free(ctx, (char *)c->origin);
}

void lca_provider_list_destroy(lca_provider_list **list) {
    if (list == NULL || *list == NULL) return;
    lca_provider_list *L = *list;
    for (int64_t i = 0; i < L->n; i++) free_choice(L->ctx, &L->v[i]);
    lca__free(L->ctx, L->v);
    lca__free(L->ctx, L);
    *list = NULL;
}

lca_status lca_provider_list_add(lca_provider_list *L, const char *flow,
                                 const char *process, const char *origin) {
    if (flow == NULL || process == NULL || flow[0] == '\0' ||
        process[0] == '\0') {
        return lca__fail(L->ctx, LCA_ERR_ARG, "%s%sa provider choice needs "
                         "a flow id and a process id", origin ? origin : "",
                         origin ? ": " : "");
    }
    if (L->n == L->cap) {
        int64_t cap = 2 * L->cap + 8;
        lca_provider_choice *v = lca__realloc(L->ctx, L->v, (size_t)L->cap,
                                              (size_t)cap, sizeof *v);
        if (v == NULL) return lca__fail(L->ctx, LCA_ERR_NOMEM, "out of memory");
        L->v = v;
        L->cap = cap;
    }
    lca_provider_choice c = {lca__strdup(L->ctx, flow),
                             lca__strdup(L->ctx, process),
                             origin ? lca__strdup(L->ctx, origin) : NULL};
    if (c.flow == NULL || c.process == NULL || (origin && c.origin == NULL)) {
        free_choice(L->ctx, &c);
        return lca__fail(L->ctx, LCA_ERR_NOMEM, "out of memory");
    }
    L->v[L->n++] = c;
    return LCA_OK;
}

const lca_provider_choice *lca_provider_list_get(const lca_provider_list *L,
                                                 int64_t *count) {
    *count = L->n;
    return L->v;
}

static int same_ci(const char *a, const char *b) {
    for (; *a != '\0' && *b != '\0'; a++, b++) {
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b)) return 0;
    }
    return *a == *b;
}

// col[0], col[1]: the fields of flow and process in the header.
static lca_status find_columns(lca_ctx *ctx, const char *path,
                               const lca__csv_record *hdr, int64_t col[2]) {
    static const char *const want[2] = {"flow", "process"};
    for (int c = 0; c < 2; c++) {
        col[c] = -1;
        for (int64_t f = 0; f < hdr->nfields; f++) {
            if (same_ci(hdr->fields[f], want[c])) col[c] = f;
        }
        if (col[c] < 0) {
            return lca__fail(ctx, LCA_ERR_INVALID, "%s: line %lld: no '%s' "
                             "column (the header must name flow and "
                             "process)", path, (long long)hdr->line, want[c]);
        }
    }
    return LCA_OK;
}

static lca_status add_record(lca_provider_list *L, const char *path,
                             const int64_t col[2], int64_t nhead,
                             const lca__csv_record *rec) {
    char origin[4200];
    snprintf(origin, sizeof origin, "%s: line %lld", path,
             (long long)rec->line);
    if (rec->nfields != nhead) {
        return lca__fail(L->ctx, LCA_ERR_INVALID, "%s: %lld fields, the "
                         "header has %lld", origin, (long long)rec->nfields,
                         (long long)nhead);
    }
    const char *flow = rec->fields[col[0]], *proc = rec->fields[col[1]];
    if (flow[0] == '\0' || proc[0] == '\0') {
        return lca__fail(L->ctx, LCA_ERR_INVALID, "%s: an empty %s id",
                         origin, flow[0] == '\0' ? "flow" : "process");
    }
    return lca_provider_list_add(L, flow, proc, origin);
}

lca_status lca_provider_list_read_csv(lca_provider_list *L,
                                      const char *path) {
    lca__csv *r = NULL;
    lca__csv_record rec;
    int64_t col[2], nhead = 0;
    lca_status st = lca__csv_create(L->ctx, path, ',', &r);
    if (st == LCA_OK) st = lca__csv_read(r, &rec);
    if (st == LCA_OK && rec.nfields == 0) {
        st = lca__fail(L->ctx, LCA_ERR_INVALID, "%s: empty file (expected a "
                       "header: flow,process)", path);
    }
    if (st == LCA_OK) {
        nhead = rec.nfields;
        st = find_columns(L->ctx, path, &rec, col);
    }
    while (st == LCA_OK) {
        st = lca__csv_read(r, &rec);
        if (st != LCA_OK || rec.nfields == 0) break;
        st = add_record(L, path, col, nhead, &rec);
    }
    lca__csv_destroy(&r);
    return st;
}
