// io/import/procdb/procdb_ties.c: provider ties, the tie rule and the user's
// choices
// SPDX-License-Identifier: MIT
//
// A flow that several columns provide links, by rule, to the first by
// sorted process id: deterministic, but arbitrary, and on USLCI it moves
// 298 factors by more than 1 % (diesel from one refinery or the other).
// A choice (lca_provider_choice) names the provider instead. Every tie,
// ruled or chosen, is an import report line that lists the candidates, and
// a model attribute "provider:FLOW" = the column linked, so that a release
// can say which providers its numbers assume.

#include <stdio.h>
#include <string.h>

#include "engine/ctx_impl.h"
#include "io/import/procdb/procdb_build_impl.h"
#include "io/import/procdb/procdb_impl.h"

#define MAX_LISTED 8

// "P1, P2, P3" for the columns providing flow f (at most MAX_LISTED).
static void list_providers(const lca__pdb_build *b, int64_t f, char *buf,
                           size_t size) {
    size_t used = 0;
    int listed = 0;
    buf[0] = '\0';
    for (int64_t j = 0; j < b->n; j++) {
        if (b->db->ex[b->col_ref[j]].flow != f) continue;
        if (listed == MAX_LISTED) {
            snprintf(buf + used, size - used, ", ...");
            return;
        }
        int w = snprintf(buf + used, size - used, "%s%s",
                         listed > 0 ? ", " : "", b->col_id[j]);
        if (w < 0 || (size_t)w >= size - used) return;
        used += (size_t)w;
        listed++;
    }
}

static const char *origin(const lca_provider_choice *c) {
    return c->origin != NULL && c->origin[0] != '\0' ? c->origin
                                                      : "provider choice";
}

// The column with id process providing flow f, or -1.
static int64_t providing_column(const lca__pdb_build *b, int64_t f,
                                const char *process) {
    for (int64_t j = 0; j < b->n; j++) {
        if (b->db->ex[b->col_ref[j]].flow == f &&
            strcmp(b->col_id[j], process) == 0) {
            return j;
        }
    }
    return -1;
}

static lca_status apply_one(lca__pdb_build *b, int64_t k) {
    const lca_provider_choice *c = &b->choices[k];
    if (c->flow == NULL || c->process == NULL) {
        return lca__fail(b->ctx, LCA_ERR_ARG, "%s: a provider choice needs "
                         "a flow and a process", origin(c));
    }
    int64_t f = lca__procdb_find_flow(b->db, c->flow);
    if (f < 0 || b->nprov[f] == 0) {
        return lca__fail(b->ctx, LCA_ERR_INVALID, "%s: flow '%s' %s",
                         origin(c), c->flow,
                         f < 0 ? "is not in the database"
                               : "is provided by no process of this import");
    }
    if (b->chosen[f] >= 0) {
        return lca__fail(b->ctx, LCA_ERR_INVALID, "%s: flow '%s' has a "
                         "provider chosen already (%s)", origin(c), c->flow,
                         origin(&b->choices[b->chosen[f]]));
    }
    int64_t j = providing_column(b, f, c->process);
    if (j < 0) {
        char list[1024];
        list_providers(b, f, list, sizeof list);
        return lca__fail(b->ctx, LCA_ERR_INVALID, "%s: process '%s' does not "
                         "provide flow '%s' (%s); it is provided by %s",
                         origin(c), c->process, c->flow,
                         b->db->flows[f].name, list);
    }
    b->chosen[f] = k;
    b->provider[f] = j;
    return LCA_OK;
}

lca_status lca__pdb_apply_choices(lca__pdb_build *b) {
    for (int64_t f = 0; f < b->db->nflows; f++) b->chosen[f] = -1;
    lca_status st = LCA_OK;
    for (int64_t k = 0; k < b->nchoices && st == LCA_OK; k++) {
        st = apply_one(b, k);
    }
    return st;
}

// The flows with several providers, in the order of their first
// providing column (sorted process ids: independent of the zip's order):
// fn(b, f, arg) for each.
typedef lca_status (*tie_fn)(const lca__pdb_build *b, int64_t f, void *arg);

static lca_status each_tie(const lca__pdb_build *b, tie_fn fn, void *arg) {
    char *seen = lca__calloc(b->ctx, (size_t)b->db->nflows + 1, 1);
    if (seen == NULL) return lca__fail(b->ctx, LCA_ERR_NOMEM, "out of memory");
    lca_status st = LCA_OK;
    for (int64_t j = 0; j < b->n && st == LCA_OK; j++) {
        int64_t f = b->db->ex[b->col_ref[j]].flow;
        if (seen[f] || b->nprov[f] < 2) continue;
        seen[f] = 1;
        st = fn(b, f, arg);
    }
    lca__free(b->ctx, seen);
    return st;
}

static lca_status report_tie(const lca__pdb_build *b, int64_t f, void *arg) {
    lca__pdb_build *w = arg;  // b itself, writable: the report queue
    const lca__pdb_flow *F = &b->db->flows[f];
    char list[1024], why[512];
    list_providers(b, f, list, sizeof list);
    if (b->chosen[f] >= 0) {
        snprintf(why, sizeof why, "chosen: %s",
                 origin(&b->choices[b->chosen[f]]));
    } else {
        snprintf(why, sizeof why, "the first by sorted process id");
    }
    return lca__pdb_report_add(
        w, "provider tie", F->id, F->name,
        "%lld processes provide it: %s; linked to %s (%s) in %lld exchanges",
        (long long)b->nprov[f], list, b->col_id[b->provider[f]], why,
        (long long)b->nlinks[f]);
}

lca_status lca__pdb_report_ties(lca__pdb_build *b) {
    return each_tie(b, report_tie, b);
}

static lca_status tie_attr(const lca__pdb_build *b, int64_t f, void *arg) {
    lca_model *M = arg;
    const char *id = b->db->flows[f].id;
    size_t n = strlen(id) + sizeof "provider:";
    char *key = lca__malloc(b->ctx, n, 1);
    if (key == NULL) return lca__fail(b->ctx, LCA_ERR_NOMEM, "out of memory");
    snprintf(key, n, "provider:%s", id);
    lca_status st = lca_model_set_attr(M, key, b->col_id[b->provider[f]]);
    lca__free(b->ctx, key);
    return st;
}

lca_status lca__pdb_tie_attrs(const lca__pdb_build *b, lca_model *M) {
    return each_tie(b, tie_attr, M);
}
