// engine/factordb/fdb.c: the lca_fdb object: record columns, strings, trace
// SPDX-License-Identifier: MIT
//
// Columns, not an array of record structs: every writer walks one column
// at a time (HDF5 datasets, the JSON/CSV rows read across them), and the
// numeric columns are what a diff or a reader fills in bulk.

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ctx_impl.h"
#include "fdb_impl.h"

#define NAME_MAX_LEN 48

static const char *const text_names[LCA_FDB_NTEXTS] = {
    "record_id", "supersedes", "product_id",      "product_name",
    "unit",      "region",     "reference_period"};

static const char *const num_names[LCA_FDB_NNUMS] = {"factor",
                                                     "mc_mean",
                                                     "mc_median",
                                                     "mc_sd",
                                                     "mc_gsd",
                                                     "mc_p2_5",
                                                     "mc_p97_5",
                                                     "mc_iterations",
                                                     "dqr",
                                                     "dqr_reliability",
                                                     "dqr_completeness",
                                                     "dqr_temporal",
                                                     "dqr_geographical",
                                                     "dqr_technological",
                                                     "dqr_unscored_share",
                                                     "direct_share",
                                                     "cutoff_inputs",
                                                     "cutoff_process_share"};

const char *lca_fdb_text_str(lca_fdb_text c) {
    return c >= 0 && c < LCA_FDB_NTEXTS ? text_names[c] : "unknown";
}

const char *lca_fdb_num_str(lca_fdb_num c) {
    return c >= 0 && c < LCA_FDB_NNUMS ? num_names[c] : "unknown";
}

int lca__fdb_name_ok(const char *s) {
    size_t len = s != NULL ? strlen(s) : 0;
    if (len == 0 || len > NAME_MAX_LEN) return 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                 (c >= '0' && c <= '9') || c == '_';
        if (!ok) return 0;
    }
    return 1;
}

static void free_strings(lca_ctx *ctx, char **v, int64_t n) {
    for (int64_t i = 0; v != NULL && i < n; i++) lca__free(ctx, v[i]);
    lca__free(ctx, v);
}

void lca_fdb_destroy(lca_fdb **dbp) {
    if (dbp == NULL || *dbp == NULL) return;
    lca_fdb *db = *dbp;
    lca_ctx *ctx = db->ctx;
    for (int c = 0; c < LCA_FDB_NTEXTS; c++)
        free_strings(ctx, db->text[c], db->n);
    for (int64_t j = 0; db->comp != NULL && j < db->ncomp; j++) {
        lca__free(ctx, db->comp[j].name);
        lca__free(ctx, db->comp[j].ind_id);
        lca__free(ctx, db->comp[j].v);
    }
    lca__free(ctx, db->comp);
    lca__free(ctx, db->num);
    for (int i = 0; i < LCA_FDB_NINFOS; i++) lca__free(ctx, db->info[i]);
    free_strings(ctx, db->kinds, db->nkinds);
    lca__free(ctx, db->kind_count);
    free_strings(ctx, db->ties, 3 * db->nties);
    lca__free(ctx, db->trace_ptr);
    lca__free(ctx, db->trace_in);
    lca__free(ctx, db->trace_share);
    lca__free(ctx, db);
    *dbp = NULL;
}

static void fill_nan(double *v, int64_t len) {
    for (int64_t i = 0; i < len; i++) v[i] = NAN;
}

lca_status lca_fdb_create_empty(lca_ctx *ctx, int64_t n, int64_t ncomp,
                                lca_fdb **out) {
    *out = NULL;
    if (n < 0 || ncomp < 0) {
        return lca__fail(ctx, LCA_ERR_ARG,
                         "a release of %lld records and "
                         "%lld components",
                         (long long)n, (long long)ncomp);
    }
    lca_fdb *db = lca__calloc(ctx, 1, sizeof *db);
    if (db == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    db->ctx = ctx;
    db->n = n;
    db->ncomp = ncomp;
    int ok = 1;
    for (int c = 0; c < LCA_FDB_NTEXTS; c++) {
        db->text[c] = lca__calloc(ctx, (size_t)n, sizeof(char *));
        ok = ok && db->text[c] != NULL;
    }
    db->num = lca__malloc(ctx, (size_t)n * LCA_FDB_NNUMS, sizeof *db->num);
    db->comp = lca__calloc(ctx, (size_t)ncomp, sizeof *db->comp);
    db->trace_ptr = lca__calloc(ctx, (size_t)n + 1, sizeof *db->trace_ptr);
    ok = ok && db->num != NULL && db->comp != NULL && db->trace_ptr != NULL;
    for (int64_t j = 0; ok && j < ncomp; j++) {
        db->comp[j].v =
            lca__malloc(ctx, (size_t)n * LCA__FDB_NSTATS, sizeof(double));
        ok = db->comp[j].v != NULL;
        if (ok) fill_nan(db->comp[j].v, n * LCA__FDB_NSTATS);
    }
    if (!ok) {
        lca_fdb_destroy(&db);
        return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    }
    fill_nan(db->num, n * LCA_FDB_NNUMS);
    *out = db;
    return LCA_OK;
}

int64_t lca_fdb_nrecords(const lca_fdb *db) { return db->n; }
lca_ctx *lca_fdb_ctx(const lca_fdb *db) { return db->ctx; }

const char *lca_fdb_text_get(const lca_fdb *db, lca_fdb_text c, int64_t i) {
    const char *s = db->text[c][i];
    return s != NULL ? s : "";
}

// *slot = a copy of s (freeing the old one).
static lca_status set_string(lca_ctx *ctx, char **slot, const char *s) {
    if (s == NULL) return lca__fail(ctx, LCA_ERR_ARG, "a NULL string");
    char *copy = lca__strdup(ctx, s);
    if (copy == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    lca__free(ctx, *slot);
    *slot = copy;
    return LCA_OK;
}

lca_status lca_fdb_set_text(lca_fdb *db, lca_fdb_text c, int64_t i,
                            const char *s) {
    if (c < 0 || c >= LCA_FDB_NTEXTS || i < 0 || i >= db->n) {
        return lca__fail(db->ctx, LCA_ERR_ARG,
                         "no text column %d of record "
                         "%lld",
                         (int)c, (long long)i);
    }
    return set_string(db->ctx, &db->text[c][i], s);
}

const double *lca_fdb_num_get(const lca_fdb *db, lca_fdb_num c) {
    return db->num + (int64_t)c * db->n;
}

double *lca_fdb_num_mut(lca_fdb *db, lca_fdb_num c) {
    return db->num + (int64_t)c * db->n;
}

int64_t lca_fdb_ncomponents(const lca_fdb *db) { return db->ncomp; }

const char *lca_fdb_component_name(const lca_fdb *db, int64_t j) {
    return db->comp[j].name != NULL ? db->comp[j].name : "";
}

lca_fdb_kind lca_fdb_component_kind(const lca_fdb *db, int64_t j) {
    return db->comp[j].kind;
}

lca_status lca_fdb_set_component(lca_fdb *db, int64_t j, lca_fdb_kind kind,
                                 const char *name, int has_mc) {
    if (j < 0 || j >= db->ncomp ||
        (kind != LCA_FDB_SPLIT && kind != LCA_FDB_GAS)) {
        return lca__fail(db->ctx, LCA_ERR_ARG, "no component %lld",
                         (long long)j);
    }
    if (!lca__fdb_name_ok(name)) {
        return lca__fail(db->ctx, LCA_ERR_ARG,
                         "component name '%s' is not 1..%d of A-Z, a-z, 0-9 "
                         "and _",
                         name != NULL ? name : "", NAME_MAX_LEN);
    }
    char col[NAME_MAX_LEN + 8];
    snprintf(col, sizeof col, "%s_%s", kind == LCA_FDB_SPLIT ? "split" : "gas",
             name);
    for (int64_t i = 0; i < db->ncomp; i++) {
        if (i != j && db->comp[i].name != NULL &&
            strcmp(db->comp[i].name, col) == 0) {
            return lca__fail(db->ctx, LCA_ERR_ARG,
                             "components %lld and %lld are both '%s'",
                             (long long)i, (long long)j, col);
        }
    }
    db->comp[j].kind = kind;
    db->comp[j].has_mc = has_mc != 0;
    return set_string(db->ctx, &db->comp[j].name, col);
}

const double *lca_fdb_component_get(const lca_fdb *db, int64_t j,
                                    lca_fdb_num what) {
    return db->comp[j].v + (int64_t)what * db->n;
}

double *lca_fdb_component_mut(lca_fdb *db, int64_t j, lca_fdb_num what) {
    return db->comp[j].v + (int64_t)what * db->n;
}

const char *lca_fdb_component_indicator(const lca_fdb *db, int64_t j) {
    return db->comp[j].ind_id != NULL ? db->comp[j].ind_id : "";
}

lca_status lca__fdb_set_component_indicator(lca_fdb *db, int64_t j,
                                            const char *id) {
    return set_string(db->ctx, &db->comp[j].ind_id, id);
}

int lca_fdb_component_has_mc(const lca_fdb *db, int64_t j) {
    return db->comp[j].has_mc;
}

// Monte Carlo statistics into the MEAN .. COUNT rows of v (stride n).
static void copy_mc(double *v, int64_t n, const lca_fdb_mc *mc) {
    for (int64_t i = 0; i < n; i++) {
        v[LCA_FDB_MEAN * n + i] = mc->mean[i];
        v[LCA_FDB_SD * n + i] = mc->sd[i];
        v[LCA_FDB_COUNT * n + i] = mc->count[i];
        v[LCA_FDB_GSD * n + i] = mc->gsd != NULL ? mc->gsd[i] : NAN;
        v[LCA_FDB_P025 * n + i] = mc->quantiles[0 * n + i];
        v[LCA_FDB_MEDIAN * n + i] = mc->quantiles[3 * n + i];
        v[LCA_FDB_P975 * n + i] = mc->quantiles[6 * n + i];
    }
}

lca_status lca_fdb_set_mc(lca_fdb *db, int64_t component,
                          const lca_fdb_mc *mc) {
    if (component < -1 || component >= db->ncomp) {
        return lca__fail(db->ctx, LCA_ERR_ARG, "no component %lld",
                         (long long)component);
    }
    if (component < 0) {
        copy_mc(db->num, db->n, mc);
    } else {
        copy_mc(db->comp[component].v, db->n, mc);
        db->comp[component].has_mc = 1;
    }
    return LCA_OK;
}

const char *lca_fdb_info_get(const lca_fdb *db, lca_fdb_info what) {
    return db->info[what] != NULL ? db->info[what] : "";
}

lca_status lca_fdb_set_info(lca_fdb *db, lca_fdb_info what, const char *s) {
    if (what < 0 || what >= LCA_FDB_NINFOS) {
        return lca__fail(db->ctx, LCA_ERR_ARG, "no release string %d",
                         (int)what);
    }
    return set_string(db->ctx, &db->info[what], s);
}

lca_status lca_fdb_lookup(const lca_fdb *db, const char *product_id,
                          int64_t *i) {
    for (int64_t p = 0; p < db->n; p++) {
        if (strcmp(lca_fdb_text_get(db, LCA_FDB_PRODUCT_ID, p), product_id) ==
            0) {
            *i = p;
            return LCA_OK;
        }
    }
    return lca__fail(db->ctx, LCA_ERR_NOTFOUND, "no record of product '%s'",
                     product_id);
}

// ---- import report summary
// ---------------------------------------------------

// Append s (copied) to the string array *v of *len entries.
static lca_status push_string(lca_ctx *ctx, char ***v, int64_t len,
                              const char *s) {
    char **grown =
        lca__realloc(ctx, *v, (size_t)len, (size_t)len + 1, sizeof **v);
    if (grown == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    *v = grown;
    grown[len] = lca__strdup(ctx, s != NULL ? s : "");
    if (grown[len] == NULL) {
        return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    }
    return LCA_OK;
}

int64_t lca_fdb_nreport_kinds(const lca_fdb *db) { return db->nkinds; }

const char *lca_fdb_report_kind(const lca_fdb *db, int64_t r, int64_t *count) {
    *count = db->kind_count[r];
    return db->kinds[r];
}

int64_t lca_fdb_nties(const lca_fdb *db) { return db->nties; }

const char *lca_fdb_tie(const lca_fdb *db, int64_t t, lca_report_field f) {
    int field = f == LCA_REPORT_ID ? 0 : (f == LCA_REPORT_NAME ? 1 : 2);
    return db->ties[3 * t + field];
}

lca_status lca_fdb_add_report_kind(lca_fdb *db, const char *kind,
                                   int64_t count) {
    for (int64_t r = 0; r < db->nkinds; r++) {
        if (strcmp(db->kinds[r], kind) == 0) {
            db->kind_count[r] += count;
            return LCA_OK;
        }
    }
    int64_t *grown = lca__realloc(db->ctx, db->kind_count, (size_t)db->nkinds,
                                  (size_t)db->nkinds + 1, sizeof *grown);
    if (grown == NULL)
        return lca__fail(db->ctx, LCA_ERR_NOMEM, "out of memory");
    db->kind_count = grown;
    lca_status st = push_string(db->ctx, &db->kinds, db->nkinds, kind);
    if (st != LCA_OK) return st;
    grown[db->nkinds++] = count;
    return LCA_OK;
}

lca_status lca_fdb_add_tie(lca_fdb *db, const char *id, const char *name,
                           const char *detail) {
    const char *f[3] = {id, name, detail};
    for (int i = 0; i < 3; i++) {
        lca_status st =
            push_string(db->ctx, &db->ties, 3 * db->nties + i, f[i]);
        if (st != LCA_OK) {  // drop the fields of this tie pushed so far
            for (int j = 0; j < i; j++) {
                lca__free(db->ctx, db->ties[3 * db->nties + j]);
            }
            return st;
        }
    }
    db->nties++;
    return LCA_OK;
}

// ---- trace ------------------------------------------------------------------

void lca_fdb_trace(const lca_fdb *db, int64_t i, int64_t *count,
                   const int64_t **inputs, const double **shares) {
    int64_t a = db->trace_ptr[i];
    *count = db->trace_ptr[i + 1] - a;
    *inputs = db->trace_in != NULL ? db->trace_in + a : NULL;
    *shares = db->trace_share != NULL ? db->trace_share + a : NULL;
}

lca_status lca_fdb_set_trace(lca_fdb *db, const int64_t *ptr,
                             const int64_t *inputs, const double *shares) {
    int ok = ptr[0] == 0;
    for (int64_t i = 0; ok && i < db->n; i++) ok = ptr[i + 1] >= ptr[i];
    int64_t nnz = ok ? ptr[db->n] : 0;
    for (int64_t p = 0; ok && p < nnz; p++) {
        ok = inputs[p] >= 0 && inputs[p] < db->n;
    }
    if (!ok) {
        return lca__fail(db->ctx, LCA_ERR_ARG,
                         "the trace is not a list of inputs per record");
    }
    int64_t *in = lca__malloc(db->ctx, (size_t)nnz, sizeof *in);
    double *sh = lca__malloc(db->ctx, (size_t)nnz, sizeof *sh);
    if (in == NULL || sh == NULL) {
        lca__free(db->ctx, in);
        lca__free(db->ctx, sh);
        return lca__fail(db->ctx, LCA_ERR_NOMEM, "out of memory");
    }
    memcpy(in, inputs, (size_t)nnz * sizeof *in);
    memcpy(sh, shares, (size_t)nnz * sizeof *sh);
    memcpy(db->trace_ptr, ptr, (size_t)(db->n + 1) * sizeof *ptr);
    lca__free(db->ctx, db->trace_in);
    lca__free(db->ctx, db->trace_share);
    db->trace_in = in;
    db->trace_share = sh;
    return LCA_OK;
}
