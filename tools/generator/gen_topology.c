// tools/generator/gen_topology.c: who supplies whom
// SPDX-License-Identifier: MIT
//
// The layout (gen_impl.h) puts every activity in a group: global hubs,
// and per region its hubs, its material band and tiers 1..T of ordinary
// producers. Each activity draws a lognormal number of inputs (mean
// tech_per_col - 1, the diagonal being the last entry), without repeats:
//
//   ordinary producer, tier t   1-4 hubs; the rest from tier t-1 (half)
//                               or any tier below, tier 0 being the band;
//                               import_share of them from another region
//   band (material producer)    1-4 hubs; the rest from band members
//                               further up the band (lower index), or,
//                               with probability back_share, from any
//                               member of its region's band
//   hub (market)                0-2 other hubs; the rest from the band
//                               (global hubs: the band of any region)
//
// Hubs are picked by popularity (Zipf, exponent 1), so a few of them
// (the main electricity, transport and heat markets) feed most activities;
// with regions, a share local_hubs of the hub inputs goes to the region's
// own hubs and the rest to global_hubs shared ones. Hubs buy from the band
// and the band buys from hubs, so hubs and band form one strongly
// connected component (the background of Kuczenski's "partial ordering of
// LCI databases"); nothing in it buys from the tiers, so the tiers stay
// outside and acyclic (the foreground), apart from loop_share of their
// producers, paired into two-activity loops. A last pass makes every band
// member a supplier of a hub the band buys from, directly or through the
// band, so the whole band is in the component: its size is set by
// hub_share + core_share, not left to chance.
//
// What sets the UMFPACK fill (measured, README.md): the band's internal
// links (back_share 0 -> 1 moves eco's fill from about 15 to 21), loops
// outside the core (loop_share 0.001, a dozen 2-loops, multiplies it by
// 2.4: they stop UMFPACK's singleton peeling of the acyclic tiers), and
// for regions the coupling through global hubs.
//
// Rejected: a random graph with a given degree distribution (no tiers, no
// markets; its loops are everywhere and its LU fills in completely), and
// copying a real database's pattern (not redistributable).

#include <string.h>

#include "gen_impl.h"

enum { STAGE_TOPOLOGY = 1, STAGE_LOOPS = 2 };

// ---- layout -----------------------------------------------------------------

gen_range gen__range(const gen_layout *L, int64_t r, int64_t g) {
    return L->range[r * L->ngroups + g];
}

// Split `count` activities starting at *next into `parts` ranges, the
// first count % parts of them one longer.
static void split(int64_t *next, int64_t count, int64_t parts,
                  gen_range *out, int64_t stride) {
    for (int64_t q = 0; q < parts; q++) {
        int64_t len = count / parts + (q < count % parts ? 1 : 0);
        out[q * stride].lo = *next;
        out[q * stride].hi = *next + len;
        *next += len;
    }
}

// Sizes: hubs = hub_share n (global_hubs of them global when there are
// regions), each region's band = core_share of the region, tiers equal.
static void layout_sizes(const gen_params *p, gen_layout *L) {
    int64_t R = p->nregions, G = L->ngroups;
    int64_t hubs = (int64_t)(p->hub_share * (double)p->n + 0.5);
    int64_t global = R == 1 ? hubs : p->global_hubs;
    if (global < 3) global = 3;
    int64_t hubs_r = R == 1 ? 0 : (hubs - global) / R;
    L->global.lo = 0;
    L->global.hi = global;
    int64_t next = global;
    int64_t rest = p->n - global;
    for (int64_t r = 0; r < R; r++) {
        int64_t size = rest / R + (r < rest % R ? 1 : 0);
        int64_t band = (int64_t)(p->core_share * (double)size + 0.5);
        gen_range *g = &L->range[r * G];
        split(&next, hubs_r, 1, &g[GEN_HUBS], 1);
        split(&next, band, 1, &g[GEN_BAND], 1);
        split(&next, size - hubs_r - band, p->ntiers, &g[GEN_TIER1], 1);
    }
}

lca_status gen__layout_create(lca_ctx *ctx, const gen_params *p,
                              gen_layout *L) {
    memset(L, 0, sizeof *L);
    L->n = p->n;
    L->nregions = p->nregions;
    L->ngroups = p->ntiers + 2;
    L->range = lca_ctx_calloc(ctx, (size_t)(p->nregions * L->ngroups),
                              sizeof *L->range);
    L->group = lca_ctx_malloc(ctx, (size_t)p->n, sizeof *L->group);
    L->region = lca_ctx_malloc(ctx, (size_t)p->n, sizeof *L->region);
    if (L->range == NULL || L->group == NULL || L->region == NULL) {
        gen__layout_destroy(ctx, L);
        return lca_ctx_fail(ctx, LCA_ERR_NOMEM, "out of memory");
    }
    layout_sizes(p, L);
    for (int64_t x = L->global.lo; x < L->global.hi; x++) {
        L->group[x] = GEN_HUBS;
        L->region[x] = -1;
    }
    for (int64_t r = 0; r < L->nregions; r++) {
        for (int64_t g = 0; g < L->ngroups; g++) {
            gen_range q = gen__range(L, r, g);
            for (int64_t x = q.lo; x < q.hi; x++) {
                L->group[x] = (uint8_t)g;
                L->region[x] = (int32_t)r;
            }
        }
    }
    return LCA_OK;
}

void gen__layout_destroy(lca_ctx *ctx, gen_layout *L) {
    lca_ctx_free(ctx, L->range);
    lca_ctx_free(ctx, L->group);
    lca_ctx_free(ctx, L->region);
    memset(L, 0, sizeof *L);
}

// ---- edges ------------------------------------------------------------------

lca_status gen__edges_push(lca_ctx *ctx, gen_edges *E, int64_t i, int64_t j) {
    if (E->count == E->cap) {
        int64_t cap = E->cap < 1024 ? 1024 : 2 * E->cap;
        int64_t *Ti = lca_ctx_realloc(ctx, E->Ti, (size_t)cap, sizeof *Ti);
        if (Ti != NULL) E->Ti = Ti;
        int64_t *Tj = lca_ctx_realloc(ctx, E->Tj, (size_t)cap, sizeof *Tj);
        if (Tj != NULL) E->Tj = Tj;
        if (Ti == NULL || Tj == NULL) {
            return lca_ctx_fail(ctx, LCA_ERR_NOMEM, "out of memory");
        }
        E->cap = cap;
    }
    E->Ti[E->count] = i;
    E->Tj[E->count] = j;
    E->count++;
    return LCA_OK;
}

void gen__edges_destroy(lca_ctx *ctx, gen_edges *E) {
    lca_ctx_free(ctx, E->Ti);
    lca_ctx_free(ctx, E->Tj);
    memset(E, 0, sizeof *E);
}

// What drawing one column needs.
typedef struct drawer {
    const gen_params *p;
    const gen_layout *L;
    gen_zipf zg, zr;  // popularity of global and of regional hubs
    int64_t *mark;    // mark[i] == j: i is already an input of column j
    uint64_t rng;
} drawer;

static int64_t uniform_in(drawer *d, gen_range q) {
    return q.lo + gen__rand_below(&d->rng, q.hi - q.lo);
}

// A hub for an activity of region r (-1: global): with probability
// local_hubs one of the region's own hubs when it has any.
static int64_t draw_hub(drawer *d, int64_t r) {
    gen_range own = r >= 0 ? gen__range(d->L, r, GEN_HUBS) : d->L->global;
    if (r >= 0 && own.hi > own.lo &&
        gen__rand_unit(&d->rng) < d->p->local_hubs) {
        return own.lo + gen__zipf_draw(&d->zr, &d->rng);
    }
    return d->L->global.lo + gen__zipf_draw(&d->zg, &d->rng);
}

// A producer upstream of tier g in region r (g = GEN_BAND: the band).
static int64_t draw_producer(drawer *d, int64_t r, int64_t g) {
    if (d->p->import_share > 0.0 &&
        gen__rand_unit(&d->rng) < d->p->import_share) {
        r = gen__rand_below(&d->rng, d->L->nregions);
    }
    int64_t up = GEN_BAND;
    if (g > GEN_TIER1) {
        up = gen__rand_unit(&d->rng) < 0.5
                 ? g - 1
                 : GEN_BAND + gen__rand_below(&d->rng, g - GEN_BAND);
    }
    return uniform_in(d, gen__range(d->L, r, up));
}

// A band input of band member j: one further up the band (lower index),
// or with probability back_share any member of the band.
static int64_t draw_band(drawer *d, int64_t r, int64_t j) {
    gen_range band = gen__range(d->L, r, GEN_BAND);
    if (j > band.lo && gen__rand_unit(&d->rng) >= d->p->back_share) {
        return band.lo + gen__rand_below(&d->rng, j - band.lo);
    }
    return uniform_in(d, band);
}

// The supplier of input number `slot` of column j.
static int64_t draw_input(drawer *d, int64_t j, int64_t slot, int64_t nhubs) {
    int64_t g = d->L->group[j], r = d->L->region[j];
    if (g == GEN_HUBS) {
        if (slot < nhubs) return draw_hub(d, r);
        if (r < 0) r = gen__rand_below(&d->rng, d->L->nregions);
        return uniform_in(d, gen__range(d->L, r, GEN_BAND));
    }
    if (slot < nhubs) return draw_hub(d, r);
    if (g == GEN_BAND) return draw_band(d, r, j);
    return draw_producer(d, r, g);
}

// Draw column j's inputs; a slot whose draws keep repeating an input
// already taken is left out.
static lca_status draw_column(lca_ctx *ctx, drawer *d, int64_t j,
                              gen_edges *E) {
    int64_t count = gen__rand_count(&d->rng, d->p->tech_per_col - 1.0, 0.75,
                                    d->L->n / 8);
    int is_hub = d->L->group[j] == GEN_HUBS;
    int64_t extra = gen__rand_below(&d->rng, is_hub ? 3 : 4);
    int64_t nhubs = is_hub ? extra : 1 + extra;
    if (nhubs > count) nhubs = count;
    for (int64_t slot = 0; slot < count; slot++) {
        for (int tries = 0; tries < 8; tries++) {
            int64_t i = draw_input(d, j, slot, nhubs);
            if (i == j || d->mark[i] == j) continue;
            d->mark[i] = j;
            lca_status st = gen__edges_push(ctx, E, i, j);
            if (st != LCA_OK) return st;
            break;
        }
    }
    return LCA_OK;
}

// ---- every band member supplies a hub ---------------------------------------

// Breadth-first walk back along "is an input of" from the queued
// activities (inputs of column y are E entries colstart[y] ..
// colstart[y+1]-1), marking the band members it reaches.
static void walk_band(const gen_layout *L, const gen_edges *E,
                      const int64_t *colstart, int64_t *reached,
                      int64_t *queue, int64_t *head, int64_t *tail) {
    for (; *head < *tail; (*head)++) {
        int64_t y = queue[*head];
        for (int64_t e = colstart[y]; e < colstart[y + 1]; e++) {
            int64_t i = E->Ti[e];
            if (L->group[i] != GEN_BAND || reached[i]) continue;
            reached[i] = 1;
            queue[(*tail)++] = i;
        }
    }
}

// The walk starts from the hubs that the band buys from (those are in
// the loop core); a band member it does not reach becomes an input of
// one of the top three global hubs, which nearly every band member buys
// from, and the walk goes on from it.
static lca_status close_band(lca_ctx *ctx, drawer *d, const int64_t *colstart,
                             gen_edges *E) {
    const gen_layout *L = d->L;
    int64_t *queue = lca_ctx_malloc(ctx, (size_t)L->n, sizeof *queue);
    if (queue == NULL) return lca_ctx_fail(ctx, LCA_ERR_NOMEM, "out of memory");
    int64_t *reached = d->mark, head = 0, tail = 0;
    memset(reached, 0, (size_t)L->n * sizeof *reached);
    for (int64_t y = 0; y < L->n; y++) {
        if (L->group[y] != GEN_BAND) continue;
        for (int64_t e = colstart[y]; e < colstart[y + 1]; e++) {
            int64_t i = E->Ti[e];
            if (L->group[i] != GEN_HUBS || reached[i]) continue;
            reached[i] = 1;
            queue[tail++] = i;
        }
    }
    walk_band(L, E, colstart, reached, queue, &head, &tail);
    int64_t top = L->global.hi - L->global.lo < 3 ? 1 : 3;
    lca_status st = LCA_OK;
    for (int64_t x = 0; x < L->n && st == LCA_OK; x++) {
        if (L->group[x] != GEN_BAND || reached[x]) continue;
        int64_t hub = L->global.lo + gen__rand_below(&d->rng, top);
        st = gen__edges_push(ctx, E, x, hub);
        reached[x] = 1;
        queue[tail++] = x;
        walk_band(L, E, colstart, reached, queue, &head, &tail);
    }
    lca_ctx_free(ctx, queue);
    return st;
}

// Pair loop_share of the ordinary producers with a peer of their tier:
// each is an input of the other.
static lca_status add_loops(lca_ctx *ctx, const gen_params *p,
                            const gen_layout *L, gen_edges *E) {
    uint64_t rng = gen__stream(p->seed, STAGE_LOOPS);
    int64_t pairs = (int64_t)(p->loop_share * (double)p->n / 2.0);
    for (int64_t q = 0; q < pairs; q++) {
        int64_t r = gen__rand_below(&rng, L->nregions);
        int64_t g = GEN_TIER1 + gen__rand_below(&rng, L->ngroups - GEN_TIER1);
        gen_range t = gen__range(L, r, g);
        if (t.hi - t.lo < 2) continue;
        int64_t a = t.lo + gen__rand_below(&rng, t.hi - t.lo);
        int64_t b = t.lo + gen__rand_below(&rng, t.hi - t.lo - 1);
        if (b >= a) b++;
        lca_status st = gen__edges_push(ctx, E, a, b);
        if (st == LCA_OK) st = gen__edges_push(ctx, E, b, a);
        if (st != LCA_OK) return st;
    }
    return LCA_OK;
}

static lca_status drawer_init(lca_ctx *ctx, const gen_params *p,
                              const gen_layout *L, drawer *d) {
    memset(d, 0, sizeof *d);
    d->p = p;
    d->L = L;
    d->rng = gen__stream(p->seed, STAGE_TOPOLOGY);
    gen_range own = gen__range(L, 0, GEN_HUBS);
    int64_t nr = own.hi > own.lo ? own.hi - own.lo : 1;
    lca_status st = gen__zipf_create(ctx, L->global.hi - L->global.lo, 1.0,
                                     &d->zg);
    if (st == LCA_OK) st = gen__zipf_create(ctx, nr, 1.0, &d->zr);
    d->mark = lca_ctx_malloc(ctx, (size_t)L->n, sizeof *d->mark);
    if (st == LCA_OK && d->mark == NULL) {
        st = lca_ctx_fail(ctx, LCA_ERR_NOMEM, "out of memory");
    }
    return st;
}

static void drawer_destroy(lca_ctx *ctx, drawer *d) {
    gen__zipf_destroy(ctx, &d->zg);
    gen__zipf_destroy(ctx, &d->zr);
    lca_ctx_free(ctx, d->mark);
}

lca_status gen__edges_create(lca_ctx *ctx, const gen_params *p,
                             const gen_layout *L, gen_edges *E) {
    drawer d;
    memset(E, 0, sizeof *E);
    int64_t *colstart = lca_ctx_malloc(ctx, (size_t)p->n + 1, sizeof *colstart);
    lca_status st = drawer_init(ctx, p, L, &d);
    if (st == LCA_OK && colstart == NULL) {
        st = lca_ctx_fail(ctx, LCA_ERR_NOMEM, "out of memory");
    }
    if (st != LCA_OK) goto done;
    for (int64_t x = 0; x < p->n; x++) d.mark[x] = -1;
    for (int64_t j = 0; j < p->n && st == LCA_OK; j++) {
        colstart[j] = E->count;
        st = draw_column(ctx, &d, j, E);
    }
    colstart[p->n] = E->count;
    if (st == LCA_OK) st = close_band(ctx, &d, colstart, E);
    if (st == LCA_OK) st = add_loops(ctx, p, L, E);
done:
    if (st != LCA_OK) gen__edges_destroy(ctx, E);
    drawer_destroy(ctx, &d);
    lca_ctx_free(ctx, colstart);
    return st;
}
