// io/import/procdb/procdb.c: the process-database builder, collection side
// SPDX-License-Identifier: MIT
//
// Readers add flows, processes and exchanges here in any order of files;
// io/import/procdb/procdb_build.c turns them into a model (the rules are at the top of
// io/import/procdb/procdb_impl.h). Strings are copied into one pool, ids are indexed in
// hash maps as they arrive, so a duplicate id is reported at once with
// both file entries, and arrays grow by doubling.

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "engine/ctx_impl.h"
#include "io/import/procdb/procdb_data_impl.h"

lca_status lca__procdb_create(lca_ctx *ctx, const char *source,
                              lca__procdb **db) {
    lca__procdb *d = lca__calloc(ctx, 1, sizeof *d);
    *db = NULL;
    if (d == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    d->ctx = ctx;
    d->current = -1;
    lca_status st = lca__strpool_create(ctx, &d->pool);
    if (st == LCA_OK) st = lca__strmap_create(ctx, &d->flow_ids);
    if (st == LCA_OK) st = lca__strmap_create(ctx, &d->process_ids);
    if (st == LCA_OK) st = lca__strmap_create(ctx, &d->tally_ids);
    if (st == LCA_OK) {
        d->source = lca__strpool_add(d->pool, source);
        if (d->source == NULL) st = LCA_ERR_NOMEM;
    }
    if (st != LCA_OK) {
        lca__procdb_destroy(&d);
        return st;
    }
    *db = d;
    return LCA_OK;
}

void lca__procdb_destroy(lca__procdb **db) {
    if (db == NULL || *db == NULL) return;
    lca__procdb *d = *db;
    lca__strmap_destroy(&d->flow_ids);
    lca__strmap_destroy(&d->process_ids);
    lca__strmap_destroy(&d->tally_ids);
    lca__strpool_destroy(&d->pool);
    lca__free(d->ctx, d->flows);
    lca__free(d->ctx, d->procs);
    lca__free(d->ctx, d->ex);
    lca__free(d->ctx, d->tallies);
    lca__free(d->ctx, d->factors);
    lca__free(d->ctx, d);
    *db = NULL;
}

// Copy s into the pool as *copy. Errors: LCA_ERR_NOMEM.
static lca_status keep(lca__procdb *db, const char *s, const char **copy) {
    *copy = lca__strpool_add(db->pool, s);
    return *copy != NULL ? LCA_OK : LCA_ERR_NOMEM;
}

lca_status lca__procdb_add_flow(lca__procdb *db, const lca__pdb_flow *f,
                                int64_t *index) {
    if (f->id == NULL || f->id[0] == '\0') {
        return lca__fail(db->ctx, LCA_ERR_INVALID, "a flow has an empty id");
    }
    void *grown = lca__grow(db->ctx, db->flows, &db->flow_cap,
                            db->nflows + 1, sizeof *db->flows);
    if (grown == NULL) return LCA_ERR_NOMEM;
    db->flows = grown;
    lca__pdb_flow *g = &db->flows[db->nflows];
    g->kind = f->kind;
    g->mass = f->mass > 0.0 && isfinite(f->mass) ? f->mass : 0.0;
    g->energy = f->energy > 0.0 && isfinite(f->energy) ? f->energy : 0.0;
    lca_status st = keep(db, f->id, &g->id);
    if (st == LCA_OK) st = keep(db, f->name, &g->name);
    if (st == LCA_OK) st = keep(db, f->compartment, &g->compartment);
    if (st == LCA_OK) st = keep(db, f->unit, &g->unit);
    if (st == LCA_OK) st = keep(db, f->cas, &g->cas);
    int64_t old = -1;
    if (st == LCA_OK) st = lca__strmap_put(db->flow_ids, g->id, db->nflows,
                                           &old);
    if (st != LCA_OK) return st;
    if (old >= 0) {
        return lca__fail(db->ctx, LCA_ERR_INVALID, "duplicate flow id %s",
                         f->id);
    }
    *index = db->nflows++;
    return LCA_OK;
}

int64_t lca__procdb_find_flow(const lca__procdb *db, const char *id) {
    return lca__strmap_get(db->flow_ids, id);
}

void lca__procdb_set_physical(lca__procdb *db, int64_t i, double mass,
                              double energy) {
    lca__pdb_flow *F = &db->flows[i];
    if (F->mass == 0.0 && mass > 0.0 && isfinite(mass)) F->mass = mass;
    if (F->energy == 0.0 && energy > 0.0 && isfinite(energy)) {
        F->energy = energy;
    }
}

const lca__pdb_flow *lca__procdb_flow(const lca__procdb *db, int64_t i) {
    return &db->flows[i];
}

// The year of an ISO date ("2010-01-01T00:00:00-07:00"), or 0. Years
// outside 1900..2100 are placeholders (USLCI dates some processes 9999),
// not reference years.
static int year_of(const char *date) {
    if (date == NULL) return 0;
    int y = 0;
    for (int i = 0; i < 4; i++) {
        if (date[i] < '0' || date[i] > '9') return 0;
        y = 10 * y + (date[i] - '0');
    }
    if (y < 1900 || y > 2100) return 0;
    return (date[4] == '\0' || date[4] == '-') ? y : 0;
}

lca_status lca__procdb_set_period(lca__procdb *db, const char *from,
                                  const char *until) {
    if (db->nprocs == 0) {
        return lca__fail(db->ctx, LCA_ERR_INVALID, "a period before any "
                         "process");
    }
    int a = year_of(from), b = year_of(until);
    char s[32] = "";
    if (a == 0) a = b;
    if (b == 0) b = a;
    if (a > 0 && a == b) snprintf(s, sizeof s, "%04d", a);
    if (a > 0 && a != b) snprintf(s, sizeof s, "%04d-%04d", a, b);
    return keep(db, s, &db->procs[db->nprocs - 1].period);
}

lca_status lca__procdb_begin_process(lca__procdb *db, const char *id,
                                     const char *name, const char *location,
                                     const char *entry) {
    if (id == NULL || id[0] == '\0') {
        return lca__fail(db->ctx, LCA_ERR_INVALID, "a process has an empty "
                         "id");
    }
    void *grown = lca__grow(db->ctx, db->procs, &db->proc_cap,
                            db->nprocs + 1, sizeof *db->procs);
    if (grown == NULL) return LCA_ERR_NOMEM;
    db->procs = grown;
    lca__pdb_process *p = &db->procs[db->nprocs];
    p->first = db->nex;
    p->count = 0;
    p->ffirst = db->nfactors;
    p->fcount = 0;
    p->source_kind = 0;
    lca_status st = keep(db, id, &p->id);
    if (st == LCA_OK) st = keep(db, name, &p->name);
    if (st == LCA_OK) st = keep(db, location, &p->location);
    if (st == LCA_OK) st = keep(db, entry, &p->entry);
    if (st == LCA_OK) st = keep(db, "", &p->period);
    int64_t old = -1;
    if (st == LCA_OK) st = lca__strmap_put(db->process_ids, p->id,
                                           db->nprocs, &old);
    if (st != LCA_OK) return st;
    if (old >= 0) {
        return lca__fail(db->ctx, LCA_ERR_INVALID, "duplicate process id %s "
                         "(also in %s)", id, db->procs[old].entry);
    }
    db->current = db->nprocs++;
    return LCA_OK;
}

lca_status lca__procdb_add_exchange(lca__procdb *db,
                                    const lca__pdb_exchange *e) {
    if (db->current < 0 || e->flow < 0 || e->flow >= db->nflows) {
        return lca__fail(db->ctx, LCA_ERR_INVALID, "an exchange without a "
                         "process or a known flow");
    }
    if (!isfinite(e->amount)) {
        return lca__fail(db->ctx, LCA_ERR_INVALID, "amount of flow %s is %g "
                         "in reference units", db->flows[e->flow].id,
                         e->amount);
    }
    void *grown = lca__grow(db->ctx, db->ex, &db->ex_cap, db->nex + 1,
                            sizeof *db->ex);
    if (grown == NULL) return LCA_ERR_NOMEM;
    db->ex = grown;
    lca__pdb_exchange *x = &db->ex[db->nex];
    *x = *e;
    x->provider = NULL;
    if (e->provider != NULL && e->provider[0] != '\0') {
        lca_status st = keep(db, e->provider, &x->provider);
        if (st != LCA_OK) return st;
    }
    db->nex++;
    db->procs[db->current].count++;
    return LCA_OK;
}

lca_status lca__procdb_add_factor(lca__procdb *db, int64_t flow,
                                  int economic, double value) {
    if (db->current < 0 || flow < 0 || flow >= db->nflows) {
        return lca__fail(db->ctx, LCA_ERR_INVALID, "an allocation factor "
                         "without a process or a known flow");
    }
    if (!(value >= 0.0) || !isfinite(value)) {
        return lca__fail(db->ctx, LCA_ERR_INVALID, "allocation factor %g of "
                         "flow %s is not a finite number >= 0", value,
                         db->flows[flow].id);
    }
    void *grown = lca__grow(db->ctx, db->factors, &db->factor_cap,
                            db->nfactors + 1, sizeof *db->factors);
    if (grown == NULL) return LCA_ERR_NOMEM;
    db->factors = grown;
    db->factors[db->nfactors++] = (lca__pdb_factor){flow, economic != 0,
                                                    value};
    db->procs[db->current].fcount++;
    return LCA_OK;
}

void lca__procdb_set_source_kind(lca__procdb *db, int economic) {
    if (db->current >= 0) db->procs[db->current].source_kind = economic != 0;
}

lca_status lca__procdb_tally(lca__procdb *db, const char *reason) {
    int64_t t = lca__strmap_get(db->tally_ids, reason);
    if (t >= 0) {
        db->tallies[t].count++;
        return LCA_OK;
    }
    void *grown = lca__grow(db->ctx, db->tallies, &db->tally_cap,
                            db->ntallies + 1, sizeof *db->tallies);
    if (grown == NULL) return LCA_ERR_NOMEM;
    db->tallies = grown;
    const char *copy = NULL;
    lca_status st = keep(db, reason, &copy);
    int64_t old;
    if (st == LCA_OK) st = lca__strmap_put(db->tally_ids, copy,
                                           db->ntallies, &old);
    if (st != LCA_OK) return st;
    db->tallies[db->ntallies].reason = copy;
    db->tallies[db->ntallies++].count = 1;
    return LCA_OK;
}

lca_status lca__procdb_lognormal(lca__procdb *db, double median, double gsd,
                                 const char *reason, lca_uncertainty *u) {
    *u = lca_uncertainty_none();
    if (!(gsd > 1.0 && isfinite(gsd))) return lca__procdb_tally(db, reason);
    if (median == 0.0 || !isfinite(median)) {
        return lca__procdb_tally(db, "lognormal with an undefined median "
                                 "(0 or NaN)");
    }
    u->dist = LCA_DIST_LOGNORMAL;
    u->p1 = median;
    u->p2 = gsd;
    return LCA_OK;
}
