// engine/factordb/fdb_diff.c: comparing two releases, carrying record ids
// SPDX-License-Identifier: MIT
//
// Records are matched by product id (an index sorted by id, so two
// releases of n records compare in O(n log n)). A record is the same
// record when its product, unit, GWP set and boundary are and its
// deterministic factor is equal up to the tolerance; Monte Carlo
// statistics, data quality and trace may be refined under the same id,
// since they describe the factor rather than define it.

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ctx_impl.h"
#include "fdb_impl.h"

const char *lca_fdb_change_str(lca_fdb_change c) {
    static const char *const names[] = {"unchanged", "changed", "added",
                                        "removed"};
    return c >= 0 && c <= LCA_FDB_REMOVED ? names[c] : "unknown";
}

void lca_fdb_diff_options_default(lca_fdb_diff_options *opt) {
    opt->tolerance = 1e-9;
    opt->threshold = 0.10;
}

void lca_fdb_diff_free(const lca_fdb *db, lca_fdb_diff_row **rows) {
    if (rows == NULL || *rows == NULL) return;
    lca__free(db->ctx, *rows);
    *rows = NULL;
}

typedef struct keyed {
    const char *id;
    int64_t index;
} keyed;

static int by_id(const void *a, const void *b) {
    return strcmp(((const keyed *)a)->id, ((const keyed *)b)->id);
}

// The records of db sorted by product id; LCA_ERR_INVALID on an empty or
// repeated id.
static lca_status sorted_ids(const lca_fdb *db, const lca_fdb *msg_db,
                             const char *which, keyed **out) {
    keyed *k = lca__malloc(msg_db->ctx, (size_t)db->n, sizeof *k);
    if (k == NULL)
        return lca__fail(msg_db->ctx, LCA_ERR_NOMEM, "out of memory");
    for (int64_t i = 0; i < db->n; i++) {
        k[i].id = lca_fdb_text_get(db, LCA_FDB_PRODUCT_ID, i);
        k[i].index = i;
    }
    qsort(k, (size_t)db->n, sizeof *k, by_id);
    for (int64_t i = 0; i < db->n; i++) {
        if (k[i].id[0] == '\0' ||
            (i > 0 && strcmp(k[i].id, k[i - 1].id) == 0)) {
            lca_status st = lca__fail(
                msg_db->ctx, LCA_ERR_INVALID, "%s release: product id '%s' %s",
                which, k[i].id, k[i].id[0] == '\0' ? "is empty" : "is repeated");
            lca__free(msg_db->ctx, k);
            return st;
        }
    }
    *out = k;
    return LCA_OK;
}

static int64_t find(const keyed *k, int64_t n, const char *id) {
    keyed key = {id, -1};
    const keyed *hit = bsearch(&key, k, (size_t)n, sizeof *k, by_id);
    return hit != NULL ? hit->index : -1;
}

static int same_release_strings(const lca_fdb *a, const lca_fdb *b) {
    return strcmp(lca_fdb_info_get(a, LCA_FDB_GWP_SET),
                  lca_fdb_info_get(b, LCA_FDB_GWP_SET)) == 0 &&
           strcmp(lca_fdb_info_get(a, LCA_FDB_BOUNDARY),
                  lca_fdb_info_get(b, LCA_FDB_BOUNDARY)) == 0 &&
           strcmp(lca_fdb_info_get(a, LCA_FDB_IND_UNIT),
                  lca_fdb_info_get(b, LCA_FDB_IND_UNIT)) == 0;
}

// mean +- 1.96 sd / sqrt(count) of record i, or 0 without statistics.
static int interval(const lca_fdb *db, int64_t i, double *lo, double *hi) {
    double mean = lca_fdb_num_get(db, LCA_FDB_MEAN)[i];
    double sd = lca_fdb_num_get(db, LCA_FDB_SD)[i];
    double cnt = lca_fdb_num_get(db, LCA_FDB_COUNT)[i];
    if (!(cnt >= 1.0) || !isfinite(mean) || !isfinite(sd)) return 0;
    double h = 1.96 * sd / sqrt(cnt);
    *lo = mean - h;
    *hi = mean + h;
    return 1;
}

// Fill row r for a product in both releases.
static void compare(const lca_fdb *old, const lca_fdb *nw, int same_strings,
                    const lca_fdb_diff_options *o, lca_fdb_diff_row *r) {
    double a = lca_fdb_num_get(old, LCA_FDB_FACTOR)[r->old_index];
    double b = lca_fdb_num_get(nw, LCA_FDB_FACTOR)[r->new_index];
    r->old_factor = a;
    r->new_factor = b;
    r->rel_change = a != 0.0
                        ? (b - a) / fabs(a)
                        : (b == 0.0 ? 0.0 : (b > 0 ? INFINITY : -INFINITY));
    int same_unit =
        strcmp(lca_fdb_text_get(old, LCA_FDB_UNIT, r->old_index),
               lca_fdb_text_get(nw, LCA_FDB_UNIT, r->new_index)) == 0;
    double scale = fmax(fabs(a), fabs(b));
    int equal = fabs(b - a) <= o->tolerance * scale;
    r->change = same_strings && same_unit && equal ? LCA_FDB_UNCHANGED
                                                   : LCA_FDB_CHANGED;
    r->reissue =
        r->change == LCA_FDB_CHANGED &&
        (!same_strings || !same_unit || !(fabs(r->rel_change) <= o->threshold));
    double lo1, hi1, lo2, hi2;
    r->beyond_noise = interval(old, r->old_index, &lo1, &hi1) &&
                      interval(nw, r->new_index, &lo2, &hi2) &&
                      (hi1 < lo2 || hi2 < lo1);
}

// New takes the old ids: unchanged records keep theirs, changed ones none
// (the writer derives one) and supersede the old.
static lca_status carry_ids(const lca_fdb *old, lca_fdb *nw,
                            const lca_fdb_diff_row *r) {
    const char *oid = lca_fdb_text_get(old, LCA_FDB_RECORD_ID, r->old_index);
    if (r->change == LCA_FDB_UNCHANGED) {
        lca_status st =
            lca_fdb_set_text(nw, LCA_FDB_RECORD_ID, r->new_index, oid);
        if (st != LCA_OK) return st;
        return lca_fdb_set_text(
            nw, LCA_FDB_SUPERSEDES, r->new_index,
            lca_fdb_text_get(old, LCA_FDB_SUPERSEDES, r->old_index));
    }
    lca_status st = lca_fdb_set_text(nw, LCA_FDB_RECORD_ID, r->new_index, "");
    if (st != LCA_OK) return st;
    return lca_fdb_set_text(nw, LCA_FDB_SUPERSEDES, r->new_index, oid);
}

static void blank(lca_fdb_diff_row *r) {
    r->old_index = r->new_index = -1;
    r->old_factor = r->new_factor = r->rel_change = NAN;
    r->beyond_noise = r->reissue = 0;
}

lca_status lca_fdb_diff(const lca_fdb *old, lca_fdb *nw,
                        const lca_fdb_diff_options *opt, int carry,
                        lca_fdb_diff_row **rows, int64_t *nrows) {
    keyed *ko = NULL, *kn = NULL;
    lca_fdb_diff_row *out = NULL;
    int64_t c = 0;
    *rows = NULL;
    *nrows = 0;
    lca_status st = sorted_ids(old, nw, "old", &ko);
    if (st == LCA_OK) st = sorted_ids(nw, nw, "new", &kn);
    if (st != LCA_OK) goto done;
    out = lca__malloc(nw->ctx, (size_t)(old->n + nw->n), sizeof *out);
    if (out == NULL) {
        st = lca__fail(nw->ctx, LCA_ERR_NOMEM, "out of memory");
        goto done;
    }
    int same = same_release_strings(old, nw);
    for (int64_t i = 0; i < nw->n && st == LCA_OK; i++, c++) {
        lca_fdb_diff_row *r = &out[c];
        blank(r);
        r->new_index = i;
        r->old_index =
            find(ko, old->n, lca_fdb_text_get(nw, LCA_FDB_PRODUCT_ID, i));
        if (r->old_index < 0) {
            r->change = LCA_FDB_ADDED;
            r->new_factor = lca_fdb_num_get(nw, LCA_FDB_FACTOR)[i];
            if (carry) st = lca_fdb_set_text(nw, LCA_FDB_SUPERSEDES, i, "");
            if (carry && st == LCA_OK) {
                st = lca_fdb_set_text(nw, LCA_FDB_RECORD_ID, i, "");
            }
            continue;
        }
        compare(old, nw, same, opt, r);
        if (carry) st = carry_ids(old, nw, r);
    }
    for (int64_t i = 0; i < old->n && st == LCA_OK; i++) {
        if (find(kn, nw->n, lca_fdb_text_get(old, LCA_FDB_PRODUCT_ID, i)) >=
            0) {
            continue;
        }
        blank(&out[c]);
        out[c].old_index = i;
        out[c].change = LCA_FDB_REMOVED;
        out[c++].old_factor = lca_fdb_num_get(old, LCA_FDB_FACTOR)[i];
    }
    if (st == LCA_OK) {
        *rows = out;
        *nrows = c;
        out = NULL;
    }
done:
    lca__free(nw->ctx, ko);
    lca__free(nw->ctx, kn);
    lca__free(nw->ctx, out);
    return st;
}
