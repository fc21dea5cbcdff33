// io/release/ids.c: record ids derived from a record's content
// SPDX-License-Identifier: MIT
//
// "F" + 16 hex digits (64 bits) of the SHA-256 of the fields that define
// a record, each followed by a newline: a format tag, product id, unit,
// GWP set, indicator unit, boundary, the factor with 17 significant
// digits, and the id it supersedes. Content, not a counter or a date, so
// that rebuilding a release gives the same ids; the superseded id is in
// it so that a factor that returns to an earlier value still gets a new
// record. 64 bits make a collision among a million records about 1 in
// 4e7; lca_fdb_set_ids checks for one anyway.

#define _POSIX_C_SOURCE 200809L  // open_memstream

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/ctx_impl.h"
#include "io/release/release_impl.h"
#include "io/util/hash_impl.h"

double lca__release_halfwidth(double sd, double count) {
    if (!(count >= 1.0)) return NAN;
    return 1.96 * sd / sqrt(count);
}

// The id of record i into id[18].
static lca_status content_id(const lca_fdb *db, int64_t i, char id[18]) {
    lca_ctx *ctx = lca_fdb_ctx(db);
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    if (mem == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    fprintf(mem, "leontief-factordb/1\n%s\n%s\n%s\n%s\n%s\n%.17g\n%s\n",
            lca_fdb_text_get(db, LCA_FDB_PRODUCT_ID, i),
            lca_fdb_text_get(db, LCA_FDB_UNIT, i),
            lca_fdb_info_get(db, LCA_FDB_GWP_SET),
            lca_fdb_info_get(db, LCA_FDB_IND_UNIT),
            lca_fdb_info_get(db, LCA_FDB_BOUNDARY),
            lca_fdb_num_get(db, LCA_FDB_FACTOR)[i],
            lca_fdb_text_get(db, LCA_FDB_SUPERSEDES, i));
    if (fclose(mem) != 0) {
        free(buf);
        return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    }
    char hex[65];
    lca__sha256_hex(buf, len, hex);
    free(buf);
    id[0] = 'F';
    memcpy(id + 1, hex, 16);
    id[17] = '\0';
    return LCA_OK;
}

static int by_string(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

// No two records share an id.
static lca_status check_unique(lca_fdb *db) {
    lca_ctx *ctx = lca_fdb_ctx(db);
    int64_t n = lca_fdb_nrecords(db);
    const char **v = lca__malloc(ctx, (size_t)n, sizeof *v);
    if (v == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    for (int64_t i = 0; i < n; i++) {
        v[i] = lca_fdb_text_get(db, LCA_FDB_RECORD_ID, i);
    }
    qsort(v, (size_t)n, sizeof *v, by_string);
    lca_status st = LCA_OK;
    for (int64_t i = 1; i < n && st == LCA_OK; i++) {
        if (strcmp(v[i], v[i - 1]) == 0) {
            st = lca__fail(ctx, LCA_ERR_INVALID,
                           "two records have the id "
                           "'%s'",
                           v[i]);
        }
    }
    lca__free(ctx, v);
    return st;
}

lca_status lca_fdb_set_ids(lca_fdb *db) {
    lca_status st = LCA_OK;
    for (int64_t i = 0; i < lca_fdb_nrecords(db) && st == LCA_OK; i++) {
        if (lca_fdb_text_get(db, LCA_FDB_RECORD_ID, i)[0] != '\0') continue;
        char id[18];
        st = content_id(db, i, id);
        if (st == LCA_OK) st = lca_fdb_set_text(db, LCA_FDB_RECORD_ID, i, id);
    }
    if (st == LCA_OK) st = check_unique(db);
    return st;
}
