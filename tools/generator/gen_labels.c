// tools/generator/gen_labels.c: ids, names, units, demands, attributes
// SPDX-License-Identifier: MIT
//
// Product ids are "act" plus the final index, so they say nothing about
// the structure; names do ("market for electricity #3 (GLO)", "tier 2
// product #812 (R04)"), which helps when reading results. The demand set
// "key products" holds one unit demand per chosen product, taken in turn
// from every group of every region (hubs, band, tiers 1..T), so that the
// batch spans short and long supply chains.

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "gen_impl.h"

enum { STAGE_DEMANDS = 8, LABEL_SIZE = 64 };

// count strings of LABEL_SIZE bytes: v[i] points into one block.
typedef struct strings {
    char *buf;
    char **v;
} strings;

static lca_status strings_create(lca_ctx *ctx, int64_t count, strings *s) {
    s->buf = lca_ctx_malloc(ctx, (size_t)count, LABEL_SIZE);
    s->v = lca_ctx_malloc(ctx, (size_t)count, sizeof *s->v);
    if (s->buf == NULL || s->v == NULL) {
        return lca_ctx_fail(ctx, LCA_ERR_NOMEM, "out of memory");
    }
    for (int64_t i = 0; i < count; i++) s->v[i] = s->buf + i * LABEL_SIZE;
    return LCA_OK;
}

static void strings_destroy(lca_ctx *ctx, strings *s) {
    lca_ctx_free(ctx, s->buf);
    lca_ctx_free(ctx, s->v);
}

static const char *const HUB_KIND[3] = {"electricity", "transport, freight",
                                        "heat"};
static const char *const HUB_UNIT[3] = {"kWh", "tkm", "MJ"};
static const char *const BAND_KIND[3] = {"fuel", "metal", "basic chemical"};

// Name and unit of logical activity x.
static void product_label(const gen_layout *L, int64_t x, char *name,
                          char *unit) {
    char where[16] = "GLO";
    if (L->nregions > 1 && L->region[x] >= 0) {
        snprintf(where, sizeof where, "R%02d", (int)L->region[x]);
    }
    int g = L->group[x];
    snprintf(unit, LABEL_SIZE, "kg");
    if (g == GEN_HUBS) {
        snprintf(name, LABEL_SIZE, "market for %s #%" PRId64 " (%s)",
                 HUB_KIND[x % 3], x, where);
        snprintf(unit, LABEL_SIZE, "%s", HUB_UNIT[x % 3]);
    } else if (g == GEN_BAND) {
        snprintf(name, LABEL_SIZE, "production of %s #%" PRId64 " (%s)",
                 BAND_KIND[x % 3], x, where);
    } else {
        snprintf(name, LABEL_SIZE, "tier %d product #%" PRId64 " (%s)",
                 g - GEN_TIER1 + 1, x, where);
    }
}

static lca_status product_labels(lca_model *M, const gen_layout *L,
                                 const int64_t *perm) {
    lca_ctx *ctx = lca_model_ctx(M);
    strings id = {0}, name = {0}, unit = {0};
    lca_status st = strings_create(ctx, L->n, &id);
    if (st == LCA_OK) st = strings_create(ctx, L->n, &name);
    if (st == LCA_OK) st = strings_create(ctx, L->n, &unit);
    for (int64_t x = 0; x < L->n && st == LCA_OK; x++) {
        int64_t f = perm[x];
        snprintf(id.v[f], LABEL_SIZE, "act%06" PRId64, f);
        product_label(L, x, name.v[f], unit.v[f]);
    }
    const char *const *v[3] = {(const char *const *)id.v,
                               (const char *const *)name.v,
                               (const char *const *)unit.v};
    for (int q = 0; q < 3 && st == LCA_OK; q++) {
        st = lca_model_set_labels(M, LCA_PRODUCTS, (lca_label)q, v[q]);
    }
    strings_destroy(ctx, &id);
    strings_destroy(ctx, &name);
    strings_destroy(ctx, &unit);
    return st;
}

static const char *const COMPARTMENT[4] = {"air", "water", "soil",
                                           "natural resource"};

// Flow or indicator labels: ids "<prefix>NNNNN", names, units, and for
// flows a compartment.
static lca_status axis_labels(lca_model *M, lca_axis axis, const char *prefix,
                              const char *noun, const char *unit_text) {
    lca_ctx *ctx = lca_model_ctx(M);
    int64_t count = lca_model_dim(M, axis);
    strings s[4] = {{0}, {0}, {0}, {0}};
    lca_status st = LCA_OK;
    for (int q = 0; q < 4 && st == LCA_OK; q++) {
        st = strings_create(ctx, count, &s[q]);
    }
    for (int64_t i = 0; i < count && st == LCA_OK; i++) {
        snprintf(s[0].v[i], LABEL_SIZE, "%s%05" PRId64, prefix, i);
        snprintf(s[1].v[i], LABEL_SIZE, "%s %" PRId64, noun, i);
        snprintf(s[2].v[i], LABEL_SIZE, "%s", unit_text);
        snprintf(s[3].v[i], LABEL_SIZE, "%s", COMPARTMENT[i % 4]);
    }
    static const lca_label kind[4] = {LCA_LABEL_ID, LCA_LABEL_NAME,
                                      LCA_LABEL_UNIT, LCA_LABEL_COMPARTMENT};
    int nkinds = axis == LCA_FLOWS ? 4 : 3;
    for (int q = 0; q < nkinds && st == LCA_OK; q++) {
        st = lca_model_set_labels(M, axis, kind[q],
                                  (const char *const *)s[q].v);
    }
    for (int q = 0; q < 4; q++) strings_destroy(ctx, &s[q]);
    return st;
}

static lca_status attributes(lca_model *M, const gen_params *p) {
    char text[512];
    snprintf(text, sizeof text, "lca-gen synthetic supply-chain system "
             "(profile %s, seed %" PRIu64 ")", p->profile, p->seed);
    lca_status st = lca_model_set_attr(M, "title", text);
    if (st == LCA_OK) st = lca_model_set_attr(M, "source", "lca-gen "
                                              "(tools/generator)");
    snprintf(text, sizeof text, "profile=%s seed=%" PRIu64 " n=%" PRId64
             " m=%" PRId64 " k=%" PRId64 " regions=%" PRId64 " tiers=%"
             PRId64 " hub_share=%g global_hubs=%" PRId64 " local_hubs=%g "
             "core_share=%g back_share=%g tech_per_col=%g bio_per_col=%g "
             "loop_share=%g import_share=%g",
             p->profile, p->seed, p->n, p->m, p->k, p->nregions, p->ntiers,
             p->hub_share, p->global_hubs, p->local_hubs, p->core_share,
             p->back_share, p->tech_per_col, p->bio_per_col, p->loop_share,
             p->import_share);
    if (st == LCA_OK) st = lca_model_set_attr(M, "generator", text);
    return st;
}

lca_status gen__labels(lca_model *M, const gen_params *p, const gen_layout *L,
                       const int64_t *perm) {
    lca_status st = product_labels(M, L, perm);
    if (st == LCA_OK) st = axis_labels(M, LCA_FLOWS, "flow", "substance",
                                       "kg");
    if (st == LCA_OK) st = axis_labels(M, LCA_INDICATORS, "ind", "impact "
                                       "category", "kg eq");
    if (st == LCA_OK) st = attributes(M, p);
    return st;
}

// The group range that key demand number d is drawn from: groups in turn,
// regions in turn; a region without hubs of its own uses the global ones.
static gen_range demand_range(const gen_layout *L, int64_t d) {
    int64_t g = d % L->ngroups, r = (d / L->ngroups) % L->nregions;
    gen_range q = gen__range(L, r, g);
    return q.hi > q.lo ? q : L->global;
}

lca_status gen__demands(lca_model *M, const gen_params *p,
                        const gen_layout *L, const int64_t *perm) {
    lca_ctx *ctx = lca_model_ctx(M);
    uint64_t rng = gen__stream(p->seed, STAGE_DEMANDS);
    uint8_t *taken = lca_ctx_calloc(ctx, (size_t)p->n, sizeof *taken);
    int64_t *set = lca_ctx_malloc(ctx, (size_t)p->ndemands, sizeof *set);
    lca_status st = LCA_OK;
    if (taken == NULL || set == NULL) {
        st = lca_ctx_fail(ctx, LCA_ERR_NOMEM, "out of memory");
    }
    for (int64_t d = 0; d < p->ndemands && st == LCA_OK; d++) {
        gen_range q = demand_range(L, d);
        int64_t x = q.lo + gen__rand_below(&rng, q.hi - q.lo);
        for (int64_t t = 0; taken[x] && t < q.hi - q.lo; t++) {
            x = x + 1 < q.hi ? x + 1 : q.lo;
        }
        while (taken[x]) x = (x + 1) % p->n;
        taken[x] = 1;
        int64_t idx = perm[x];
        double one = 1.0;
        char name[LABEL_SIZE];
        snprintf(name, sizeof name, "key %s",
                 lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_ID, idx));
        set[d] = lca_model_dim(M, LCA_DEMANDS);
        st = lca_model_add_demand(M, name, 1, &idx, &one);
    }
    if (st == LCA_OK) {
        st = lca_model_add_demand_set(M, "key products", p->ndemands, set);
    }
    lca_ctx_free(ctx, taken);
    lca_ctx_free(ctx, set);
    return st;
}
