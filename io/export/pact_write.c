// io/export/pact_write.c: a PACT export folder and the footprints'
// lifecycle against a previous export
// SPDX-License-Identifier: MIT
//
// The folder is staged beside its final name and renamed into place at
// the end (the release folder's machinery, io/release/folder.c), so an
// export appears whole or not at all and a failure leaves nothing. The
// previous export is read whole (footprints.json, checked against its
// SHA256SUMS); its Active footprints are found by (kind, subject) with a
// binary search, so the lifecycle costs n log n, not n squared.
// footprints.json is written one footprint a line, so a large export is
// never one string in memory.

#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "engine/ctx_impl.h"
#include "io/export/pact_impl.h"
#include "io/util/textout_impl.h"
#include "lca/export.h"
#include "lca/release.h"
#include "io/util/jsonout_impl.h"

#define FOOTPRINTS "footprints.json"
#define INDEX "index.csv"
#define SUMS "SHA256SUMS"

// A footprint of the previous export.
typedef struct prev_pf {
    const char *kind, *subject, *record, *id;
    int active, used;
    json_t *doc;  // borrowed from the loaded document
} prev_pf;

struct lca__pact_export {
    lca_ctx *ctx;
    const lca_pact_options *opt;
    lca_release *folder;
    json_t *prev_root;     // the previous footprints.json
    prev_pf *prev;         // its footprints, in file order
    int64_t nprev;
    int64_t *active;       // indices of the Active ones, by kind, subject
    int64_t nactive;
    json_t *fresh, *old;   // footprints out: Active, then Deprecated
};

// The leontief extension's data of footprint doc, or NULL.
static const json_t *ext_data(const json_t *doc) {
    const json_t *exts = json_object_get(doc, "extensions");
    for (size_t i = 0; i < json_array_size(exts); i++) {
        const json_t *e = json_array_get(exts, i);
        const char *s = json_string_value(json_object_get(e, "dataSchema"));
        if (s != NULL && strcmp(s, LCA_PACT_EXT_SCHEMA) == 0) {
            return json_object_get(e, "data");
        }
    }
    return NULL;
}

static const char *str_at(const json_t *o, const char *key) {
    const char *s = json_string_value(json_object_get(o, key));
    return s != NULL ? s : "";
}

static int by_subject(const prev_pf *a, const char *kind, const char *subj) {
    int c = strcmp(a->kind, kind);
    return c != 0 ? c : strcmp(a->subject, subj);
}

// For qsort of indices into the previous footprints (no globals: the
// array travels in a wrapper).
typedef struct idx {
    const prev_pf *p;
} idx;
static int cmp_idx(const void *a, const void *b) {
    const prev_pf *x = ((const idx *)a)->p, *y = ((const idx *)b)->p;
    return by_subject(x, y->kind, y->subject);
}

// footprints.json's SHA-256 must be the one its SHA256SUMS lists.
static lca_status check_sums(lca_ctx *ctx, const char *dir) {
    char *sums = lca__path_join(ctx, dir, SUMS);
    char *fp = lca__path_join(ctx, dir, FOOTPRINTS);
    char hex[65], line[512];
    lca_status st = sums == NULL || fp == NULL
                        ? lca__fail(ctx, LCA_ERR_NOMEM, "out of memory")
                        : lca_file_sha256(ctx, fp, hex);
    FILE *f = st == LCA_OK ? fopen(sums, "r") : NULL;
    int found = 0;
    while (f != NULL && fgets(line, sizeof line, f) != NULL) {
        if (strncmp(line, hex, 64) == 0 &&
            strncmp(line + 64, "  " FOOTPRINTS, 2 + strlen(FOOTPRINTS)) == 0) {
            found = 1;
        }
    }
    if (f != NULL) fclose(f);
    if (st == LCA_OK && !found) {
        st = lca__fail(ctx, LCA_ERR_INVALID, "%s: not a PACT export this "
                       "leontief wrote, or changed since: its %s has no line "
                       "for the SHA-256 of %s", dir, SUMS, FOOTPRINTS);
    }
    lca__free(ctx, sums);
    lca__free(ctx, fp);
    return st;
}

// One footprint of the previous export into *p.
static lca_status read_prev(lca__pact_export *e, const char *path, size_t i,
                            json_t *doc, prev_pf *p) {
    const json_t *d = ext_data(doc);
    const char *status = str_at(doc, "status");
    *p = (prev_pf){str_at(d, "kind"), str_at(d, "subject"),
                   str_at(d, "record"), str_at(doc, "id"),
                   strcmp(status, "Active") == 0, 0, doc};
    if (d == NULL || p->subject[0] == '\0' || p->record[0] == '\0' ||
        p->id[0] == '\0' ||
        (!p->active && strcmp(status, "Deprecated") != 0)) {
        return lca__fail(e->ctx, LCA_ERR_INVALID, "%s: /data/%zu: not a "
                         "footprint leontief exported (id, status and the "
                         "extension %s with kind, subject and record)",
                         path, i, LCA_PACT_EXT_SCHEMA);
    }
    return LCA_OK;
}

static lca_status load_prev(lca__pact_export *e, const char *dir) {
    lca_status st = check_sums(e->ctx, dir);
    char *path = lca__path_join(e->ctx, dir, FOOTPRINTS);
    json_error_t err;
    if (st == LCA_OK && path == NULL) {
        st = lca__fail(e->ctx, LCA_ERR_NOMEM, "out of memory");
    }
    if (st == LCA_OK) e->prev_root = json_load_file(path, 0, &err);
    if (st == LCA_OK && e->prev_root == NULL) {
        st = lca__fail(e->ctx, LCA_ERR_INVALID, "%s: line %d: %s", path,
                       err.line, err.text);
    }
    json_t *data = json_object_get(e->prev_root, "data");
    if (st == LCA_OK && !json_is_array(data)) {
        st = lca__fail(e->ctx, LCA_ERR_INVALID, "%s: no \"data\" array",
                       path);
    }
    size_t n = json_array_size(data);
    if (st == LCA_OK) {
        e->prev = lca__calloc(e->ctx, n + 1, sizeof *e->prev);
        e->active = lca__malloc(e->ctx, n + 1, sizeof *e->active);
        if (e->prev == NULL || e->active == NULL) {
            st = lca__fail(e->ctx, LCA_ERR_NOMEM, "out of memory");
        }
    }
    for (size_t i = 0; i < n && st == LCA_OK; i++) {
        st = read_prev(e, path, i, json_array_get(data, i), &e->prev[i]);
        if (st == LCA_OK && e->prev[i].active) {
            e->active[e->nactive++] = (int64_t)i;
        }
    }
    e->nprev = st == LCA_OK ? (int64_t)n : 0;
    lca__free(e->ctx, path);
    return st;
}

// Sort the Active previous footprints by (kind, subject); two for one
// subject are an error.
static lca_status sort_active(lca__pact_export *e, const char *dir) {
    idx *v = lca__malloc(e->ctx, (size_t)e->nactive + 1, sizeof *v);
    if (v == NULL) return lca__fail(e->ctx, LCA_ERR_NOMEM, "out of memory");
    for (int64_t i = 0; i < e->nactive; i++) v[i].p = &e->prev[e->active[i]];
    qsort(v, (size_t)e->nactive, sizeof *v, cmp_idx);
    lca_status st = LCA_OK;
    for (int64_t i = 0; i < e->nactive; i++) {
        e->active[i] = v[i].p - e->prev;
        if (i > 0 && cmp_idx(&v[i - 1], &v[i]) == 0 && st == LCA_OK) {
            st = lca__fail(e->ctx, LCA_ERR_INVALID, "%s: two Active "
                           "footprints for %s '%s'", dir, v[i].p->kind,
                           v[i].p->subject);
        }
    }
    lca__free(e->ctx, v);
    return st;
}

static lca_status check_options(lca_ctx *ctx, const lca_pact_options *o) {
    if (o->company_name == NULL || o->company_name[0] == '\0') {
        return lca__fail(ctx, LCA_ERR_ARG, "no company name (PACT's "
                         "companyName, the data owner)");
    }
    if (o->ncompany_ids < 1) {
        return lca__fail(ctx, LCA_ERR_ARG, "no company id (PACT's "
                         "companyIds: URNs such as urn:company:example:1)");
    }
    for (int64_t i = 0; i < o->ncompany_ids; i++) {
        if (strncasecmp(o->company_ids[i], "urn:", 4) != 0) {
            return lca__fail(ctx, LCA_ERR_ARG, "company id '%s' is not a "
                             "URN (urn:...)", o->company_ids[i]);
        }
    }
    if (o->id_domain == NULL || o->id_domain[0] == '\0' ||
        strspn(o->id_domain, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRS"
                             "TUVWXYZ0123456789.-") != strlen(o->id_domain)) {
        return lca__fail(ctx, LCA_ERR_ARG, "the id domain '%s' is not a "
                         "domain name (product ids are urn:pact:DOMAIN:"
                         "product-id:ID)", o->id_domain ? o->id_domain : "");
    }
    const char *c = o->created != NULL ? o->created : "";
    int y, mo, d, h, mi, s;
    char z;
    if (strlen(c) != 20 ||
        sscanf(c, "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &s,
               &z) != 7 || z != 'Z' || mo < 1 || mo > 12 || d < 1 ||
        d > 31 || h > 23 || mi > 59 || s > 59) {
        return lca__fail(ctx, LCA_ERR_ARG, "created '%s' is not an RFC 3339 "
                         "UTC time YYYY-MM-DDThh:mm:ssZ", c);
    }
    return LCA_OK;
}

lca_status lca__pact_export_begin(lca_ctx *ctx, const lca_pact_options *opt,
                                  const char *out, lca__pact_export **ep) {
    *ep = NULL;
    lca_status st = check_options(ctx, opt);
    if (st != LCA_OK) return st;
    lca__pact_export *e = lca__calloc(ctx, 1, sizeof *e);
    if (e == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    e->ctx = ctx;
    e->opt = opt;
    e->fresh = json_array();
    e->old = json_array();
    if (e->fresh == NULL || e->old == NULL) {
        st = lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    }
    if (st == LCA_OK && opt->previous != NULL) {
        st = load_prev(e, opt->previous);
        if (st == LCA_OK) st = sort_active(e, opt->previous);
    }
    if (st == LCA_OK) st = lca_release_create(ctx, out, &e->folder);
    if (st != LCA_OK) {
        lca__pact_export_destroy(&e);
        return st;
    }
    *ep = e;
    return LCA_OK;
}

void lca__pact_export_destroy(lca__pact_export **ep) {
    if (ep == NULL || *ep == NULL) return;
    lca__pact_export *e = *ep;
    lca_release_destroy(&e->folder);
    json_decref(e->fresh);
    json_decref(e->old);
    json_decref(e->prev_root);
    lca__free(e->ctx, e->prev);
    lca__free(e->ctx, e->active);
    lca__free(e->ctx, e);
    *ep = NULL;
}

// The Active previous footprint of (kind, subject), or NULL.
static prev_pf *find_active(lca__pact_export *e, const char *kind,
                            const char *subj) {
    int64_t lo = 0, hi = e->nactive;
    while (lo < hi) {
        int64_t mid = lo + (hi - lo) / 2;
        int c = by_subject(&e->prev[e->active[mid]], kind, subj);
        if (c == 0) return &e->prev[e->active[mid]];
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return NULL;
}

// A copy of p's footprint with status Deprecated onto e->old.
static lca_status deprecate(lca__pact_export *e, prev_pf *p) {
    json_t *d = json_deep_copy(p->doc);
    if (d == NULL || json_object_set_new(d, "status",
                                         json_string("Deprecated")) != 0 ||
        json_array_append_new(e->old, d) != 0) {
        return lca__fail(e->ctx, LCA_ERR_NOMEM, "out of memory");
    }
    p->used = 1;
    return LCA_OK;
}

// The ids that precede a footprint replacing p: p's id, then p's own.
static lca_status preceding(lca__pact_export *e, const prev_pf *p,
                            const char ***pre, int64_t *npre) {
    const json_t *old = json_object_get(p->doc, "precedingPfIds");
    size_t n = json_array_size(old);
    *pre = lca__malloc(e->ctx, n + 1, sizeof **pre);
    if (*pre == NULL) return lca__fail(e->ctx, LCA_ERR_NOMEM, "out of memory");
    (*pre)[0] = p->id;
    *npre = 1;
    for (size_t i = 0; i < n; i++) {
        const char *s = json_string_value(json_array_get(old, i));
        if (s != NULL) (*pre)[(*npre)++] = s;
    }
    return LCA_OK;
}

lca_status lca__pact_export_add(lca__pact_export *e, const lca__pact_pf *pf) {
    prev_pf *p = find_active(e, pf->kind, pf->subject);
    if (p != NULL && strcmp(p->record, pf->record) == 0) {
        // Unchanged: the published footprint stays as it is.
        p->used = 1;
        if (json_array_append(e->fresh, p->doc) != 0) {
            return lca__fail(e->ctx, LCA_ERR_NOMEM, "out of memory");
        }
        return LCA_OK;
    }
    json_t *body = NULL, *doc = NULL;
    const char **pre = NULL;
    int64_t npre = 0;
    lca_status st = lca__pact_pf_json(e->ctx, pf, e->opt, &body);
    if (st == LCA_OK && p != NULL) st = preceding(e, p, &pre, &npre);
    if (st == LCA_OK) {
        st = lca__pact_finish(e->ctx, body, e->opt, pf, npre, pre, &doc);
    }
    if (st == LCA_OK && json_array_append_new(e->fresh, doc) != 0) {
        st = lca__fail(e->ctx, LCA_ERR_NOMEM, "out of memory");
    }
    if (st == LCA_OK && p != NULL) st = deprecate(e, p);
    lca__free(e->ctx, pre);
    json_decref(body);
    return st;
}

// Every previous footprint not carried on: Active ones deprecated, the
// Deprecated ones as they were.
static lca_status carry_rest(lca__pact_export *e) {
    for (int64_t i = 0; i < e->nprev; i++) {
        prev_pf *p = &e->prev[i];
        if (p->used) continue;
        if (p->active) {
            lca_status st = deprecate(e, p);
            if (st != LCA_OK) return st;
        } else if (json_array_append(e->old, p->doc) != 0) {
            return lca__fail(e->ctx, LCA_ERR_NOMEM, "out of memory");
        }
    }
    return LCA_OK;
}

static void dump_all(lca__textout *w, const json_t *a, int *first,
                     int *ok) {
    for (size_t i = 0; i < json_array_size(a); i++) {
        char *s = lca__json_dumps(json_array_get(a, i),
                                  JSON_COMPACT | JSON_ESCAPE_SLASH);
        if (s == NULL) {
            *ok = 0;
            return;
        }
        lca__textout_puts(w, *first ? "\n" : ",\n");
        lca__textout_puts(w, s);
        free(s);
        *first = 0;
    }
}

static lca_status write_footprints(lca__pact_export *e, const char *dir) {
    char *path = lca__path_join(e->ctx, dir, FOOTPRINTS);
    lca__textout *w = NULL;
    lca_status st = path == NULL
                        ? lca__fail(e->ctx, LCA_ERR_NOMEM, "out of memory")
                        : lca__textout_create(e->ctx, path, &w);
    int first = 1, ok = 1;
    if (st == LCA_OK) {
        lca__textout_puts(w, "{\"data\": [");
        dump_all(w, e->fresh, &first, &ok);
        dump_all(w, e->old, &first, &ok);
        lca__textout_puts(w, "\n]}\n");
        if (!ok) {
            lca__textout_destroy(&w);
            st = lca__fail(e->ctx, LCA_ERR_NOMEM, "out of memory");
        } else {
            st = lca__textout_commit(&w);
        }
    }
    lca__free(e->ctx, path);
    return st;
}

// One index row of footprint doc.
static void index_row(lca__textout *w, const json_t *doc) {
    const json_t *d = ext_data(doc), *pcf = json_object_get(doc, "pcf");
    const json_t *pre = json_object_get(doc, "precedingPfIds");
    lca__textout_field(w, str_at(doc, "id"));
    lca__textout_field(w, str_at(doc, "status"));
    lca__textout_field(w, str_at(d, "kind"));
    lca__textout_field(w, str_at(d, "subject"));
    lca__textout_field(w, str_at(d, "record"));
    char ids[37 * 64] = "";
    for (size_t i = 0; i < json_array_size(pre) && i < 64; i++) {
        const char *s = json_string_value(json_array_get(pre, i));
        if (i > 0) strcat(ids, " ");
        strncat(ids, s != NULL ? s : "", 36);
    }
    lca__textout_field(w, ids);
    lca__textout_field(w, str_at(doc, "productNameCompany"));
    lca__textout_numeral(w, str_at(pcf, "pcfExcludingBiogenicUptake"));
    lca__textout_numeral(w, str_at(pcf, "declaredUnitAmount"));
    lca__textout_field(w, str_at(pcf, "declaredUnitOfMeasurement"));
    lca__textout_end(w);
}

static lca_status write_index(lca__pact_export *e, const char *dir) {
    char *path = lca__path_join(e->ctx, dir, INDEX);
    lca__textout *w = NULL;
    lca_status st = path == NULL
                        ? lca__fail(e->ctx, LCA_ERR_NOMEM, "out of memory")
                        : lca__textout_create(e->ctx, path, &w);
    if (st == LCA_OK) {
        lca__textout_puts(w, "id,status,kind,subject,record,preceding_ids,"
                             "product_name,pcf_excluding_biogenic_uptake,"
                             "declared_unit_amount,declared_unit\r\n");
        for (size_t i = 0; i < json_array_size(e->fresh); i++) {
            index_row(w, json_array_get(e->fresh, i));
        }
        for (size_t i = 0; i < json_array_size(e->old); i++) {
            index_row(w, json_array_get(e->old, i));
        }
        st = lca__textout_commit(&w);
    }
    lca__free(e->ctx, path);
    return st;
}

static lca_status write_sums(lca__pact_export *e, const char *dir) {
    static const char *const names[2] = {FOOTPRINTS, INDEX};
    char *path = lca__path_join(e->ctx, dir, SUMS);
    lca__textout *w = NULL;
    lca_status st = path == NULL
                        ? lca__fail(e->ctx, LCA_ERR_NOMEM, "out of memory")
                        : lca__textout_create(e->ctx, path, &w);
    for (int i = 0; i < 2 && st == LCA_OK; i++) {
        char hex[65], *f = lca__path_join(e->ctx, dir, names[i]);
        st = f == NULL ? lca__fail(e->ctx, LCA_ERR_NOMEM, "out of memory")
                       : lca_file_sha256(e->ctx, f, hex);
        if (st == LCA_OK) {
            lca__textout_puts(w, hex);
            lca__textout_puts(w, "  ");
            lca__textout_puts(w, names[i]);
            lca__textout_puts(w, "\n");
        }
        lca__free(e->ctx, f);
    }
    if (st == LCA_OK) st = lca__textout_commit(&w);
    lca__textout_destroy(&w);
    lca__free(e->ctx, path);
    return st;
}

// Two new footprints for one subject are an error (the caller listed a
// product twice).
static lca_status check_unique(lca__pact_export *e) {
    size_t n = json_array_size(e->fresh);
    prev_pf *v = lca__malloc(e->ctx, n + 1, sizeof *v);
    idx *x = lca__malloc(e->ctx, n + 1, sizeof *x);
    lca_status st = LCA_OK;
    if (v == NULL || x == NULL) {
        st = lca__fail(e->ctx, LCA_ERR_NOMEM, "out of memory");
    }
    for (size_t i = 0; i < n && st == LCA_OK; i++) {
        const json_t *d = ext_data(json_array_get(e->fresh, i));
        v[i].kind = str_at(d, "kind");
        v[i].subject = str_at(d, "subject");
        x[i].p = &v[i];
    }
    if (st == LCA_OK) qsort(x, n, sizeof *x, cmp_idx);
    for (size_t i = 1; i < n && st == LCA_OK; i++) {
        if (cmp_idx(&x[i - 1], &x[i]) == 0) {
            st = lca__fail(e->ctx, LCA_ERR_INVALID, "%s '%s' is exported "
                           "twice", x[i].p->kind, x[i].p->subject);
        }
    }
    lca__free(e->ctx, v);
    lca__free(e->ctx, x);
    return st;
}

lca_status lca__pact_export_commit(lca__pact_export **ep) {
    lca__pact_export *e = *ep;
    const char *dir = lca_release_staging(e->folder);
    lca_status st = check_unique(e);
    if (st == LCA_OK) st = carry_rest(e);
    if (st == LCA_OK) st = write_footprints(e, dir);
    if (st == LCA_OK) st = write_index(e, dir);
    if (st == LCA_OK) st = write_sums(e, dir);
    if (st == LCA_OK) st = lca_release_commit(&e->folder);
    lca__pact_export_destroy(ep);
    return st;
}
