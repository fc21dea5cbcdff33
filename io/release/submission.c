// io/release/submission.c: a factor-database submission package
// (include/lca/submission.h): the release's records, the model behind
// them in its own format and as open unit-process data, the rules; the
// whole folder a release (io/release/folder.c) so that it appears whole
// or not at all, with every file in manifest.json and SHA256SUMS
// SPDX-License-Identifier: MIT

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "engine/ctx_impl.h"
#include "io/util/hash_impl.h"
#include "io/util/textout_impl.h"
#include "lca/export.h"
#include "lca/factordb.h"
#include "lca/io.h"
#include "lca/release.h"
#include "lca/submission.h"

typedef struct pkg {
    lca_ctx *ctx;
    const char *release_dir, *model_path;
    const lca_ruleset *rs;
    lca_fdb *db;
    lca_model *M;
    lca_release *r;
    json_t *manifest;    // the source release's manifest.json
    int64_t *rule_of;    // per record: the rule listing it, -1 none
    unsigned char *copied;  // per rule: its file is in the package
} pkg;

// The source release's manifest (its provenance is carried over).
static lca_status read_manifest(pkg *p) {
    char *path = lca__path_join(p->ctx, p->release_dir, "manifest.json");
    if (path == NULL) return lca__fail(p->ctx, LCA_ERR_NOMEM, "out of memory");
    json_error_t err;
    p->manifest = json_load_file(path, 0, &err);
    lca_status st = p->manifest != NULL && json_is_object(p->manifest)
                        ? LCA_OK
                        : lca__fail(p->ctx, LCA_ERR_INVALID, "%s: %s", path,
                                    p->manifest == NULL ? err.text
                                                        : "not an object");
    lca__free(p->ctx, path);
    return st;
}

// model_path must be the release's model: its SHA-256, its products.
static lca_status check_model(pkg *p) {
    const json_t *prov = json_object_get(p->manifest, "provenance");
    const char *want = json_string_value(json_object_get(prov, "model_sha256"));
    char hex[65];
    lca_status st = lca_file_sha256(p->ctx, p->model_path, hex);
    if (st == LCA_OK && want != NULL && want[0] != '\0' &&
        strcmp(want, hex) != 0) {
        return lca__fail(p->ctx, LCA_ERR_INVALID, "%s is not the model of "
                         "the release %s: its SHA-256 is %s, the release's "
                         "manifest.json /provenance/model_sha256 is %s",
                         p->model_path, p->release_dir, hex, want);
    }
    if (st == LCA_OK) st = lca_model_read(p->ctx, p->model_path, &p->M);
    for (int64_t i = 0; st == LCA_OK && i < lca_fdb_nrecords(p->db); i++) {
        const char *id = lca_fdb_text_get(p->db, LCA_FDB_PRODUCT_ID, i);
        int64_t j;
        if (lca_model_lookup(p->M, LCA_PRODUCTS, id, &j) != LCA_OK) {
            st = lca__fail(p->ctx, LCA_ERR_INVALID, "%s is not the model of "
                           "the release %s: it has no product '%s' (record "
                           "%s)", p->model_path, p->release_dir, id,
                           lca_fdb_text_get(p->db, LCA_FDB_RECORD_ID, i));
        }
    }
    return st;
}

// The rule of every record (rules list products by id or name).
static lca_status assign_rules(pkg *p) {
    int64_t n = lca_fdb_nrecords(p->db);
    p->rule_of = lca__malloc(p->ctx, (size_t)n + 1, sizeof *p->rule_of);
    int64_t nr = p->rs != NULL ? lca_ruleset_count(p->rs) : 0;
    p->copied = lca__calloc(p->ctx, (size_t)nr + 1, 1);
    if (p->rule_of == NULL || p->copied == NULL) {
        return lca__fail(p->ctx, LCA_ERR_NOMEM, "out of memory");
    }
    for (int64_t i = 0; i < n; i++) p->rule_of[i] = -1;
    for (int64_t r = 0; r < nr; r++) {
        const lca_rule_spec *s = lca_rule_get(lca_ruleset_rule(p->rs, r));
        for (int64_t k = 0; k < s->nproducts; k++) {
            int64_t i;
            if (lca_fdb_lookup(p->db, s->products[k].product, &i) != LCA_OK) {
                continue;  // a product of another release
            }
            if (p->rule_of[i] >= 0 && p->rule_of[i] != r) {
                const lca_rule_spec *o =
                    lca_rule_get(lca_ruleset_rule(p->rs, p->rule_of[i]));
                return lca__fail(p->ctx, LCA_ERR_INVALID, "product '%s' is "
                                 "listed by two rules: %s and %s",
                                 s->products[k].product, o->source,
                                 s->source);
            }
            p->rule_of[i] = r;
        }
    }
    return LCA_OK;
}

// "rule-ID.json" with every character but [A-Za-z0-9._-] as '_' (at
// most 100 of them): a rule id never names a path outside the package.
static void rule_file_name(const char *id, char name[128]) {
    size_t k = 0;
    k += (size_t)snprintf(name, 128, "rule-");
    for (const char *c = id; *c != '\0' && k < 105; c++) {
        int ok = isalnum((unsigned char)*c) || *c == '-' || *c == '_' ||
                 (*c == '.' && k > 5);
        name[k++] = ok ? *c : '_';
    }
    snprintf(name + k, 128 - k, ".json");
}

// rule version: 12 hex digits of the rule file's SHA-256.
static lca_status rule_version(lca_ctx *ctx, const lca_rule_spec *s,
                               char v[13]) {
    char hex[65];
    lca_status st = LCA_OK;
    if (s->source[0] != '\0') st = lca_file_sha256(ctx, s->source, hex);
    else lca__sha256_hex(s->id, strlen(s->id), hex);
    memcpy(v, hex, 12);
    v[12] = '\0';
    return st;
}

// rules.csv, and a copy of each rule file that a record uses.
static lca_status write_rules(pkg *p) {
    const char *dir = lca_release_staging(p->r);
    char *path = lca__path_join(p->ctx, dir, "rules.csv");
    lca__textout *w = NULL;
    lca_status st = path == NULL
                        ? lca__fail(p->ctx, LCA_ERR_NOMEM, "out of memory")
                        : lca__textout_create(p->ctx, path, &w);
    lca__free(p->ctx, path);
    if (st != LCA_OK) return st;
    static const char *const head[] = {"product_id", "record_id", "rule_id",
                                       "rule_version", "rule_file"};
    for (int c = 0; c < 5; c++) lca__textout_field(w, head[c]);
    lca__textout_end(w);
    for (int64_t i = 0; i < lca_fdb_nrecords(p->db) && st == LCA_OK; i++) {
        char name[128] = "", v[13] = "";
        const lca_rule_spec *s =
            p->rule_of[i] >= 0
                ? lca_rule_get(lca_ruleset_rule(p->rs, p->rule_of[i]))
                : NULL;
        if (s != NULL) {
            rule_file_name(s->id, name);
            st = rule_version(p->ctx, s, v);
        }
        if (s != NULL && s->source[0] != '\0' && st == LCA_OK &&
            !p->copied[p->rule_of[i]]) {
            st = lca_release_add_file(p->r, s->source, name);
            p->copied[p->rule_of[i]] = 1;
        }
        lca__textout_field(w, lca_fdb_text_get(p->db, LCA_FDB_PRODUCT_ID, i));
        lca__textout_field(w, lca_fdb_text_get(p->db, LCA_FDB_RECORD_ID, i));
        lca__textout_field(w, s != NULL ? s->id : "");
        lca__textout_field(w, v);
        lca__textout_field(w, s != NULL && s->source[0] != '\0' ? name : "");
        lca__textout_end(w);
    }
    if (st != LCA_OK) {
        lca__textout_destroy(&w);
        return st;
    }
    return lca__textout_commit(&w);
}

// The model file, the release's manifest and Monte Carlo file, the open
// unit-process data and the import report.
static lca_status write_model(pkg *p) {
    const char *dir = lca_release_staging(p->r);
    lca_status st = lca_release_add_file(p->r, p->model_path, "model.h5");
    char *src = lca__path_join(p->ctx, p->release_dir, "manifest.json");
    char *mc = lca__path_join(p->ctx, p->release_dir, "montecarlo.h5");
    char *report = lca__path_join(p->ctx, dir, "import-report.csv");
    struct stat sb;
    if (src == NULL || mc == NULL || report == NULL) {
        st = lca__fail(p->ctx, LCA_ERR_NOMEM, "out of memory");
    }
    if (st == LCA_OK) {
        st = lca_release_add_file(p->r, src, "release-manifest.json");
    }
    if (st == LCA_OK && stat(mc, &sb) == 0) {
        st = lca_release_add_file(p->r, mc, "montecarlo.h5");
    }
    if (st == LCA_OK) st = lca_model_write_mtx(p->M, dir);
    if (st == LCA_OK) st = lca_model_write_report_csv(p->M, report);
    lca__free(p->ctx, src);
    lca__free(p->ctx, mc);
    lca__free(p->ctx, report);
    return st;
}

// The source release's provenance, then the package's own entries.
static lca_status provenance(pkg *p) {
    const json_t *prov = json_object_get(p->manifest, "provenance");
    const char *key;
    json_t *v;
    lca_status st = LCA_OK;
    json_object_foreach((json_t *)prov, key, v) {
        if (st == LCA_OK && json_is_string(v)) {
            st = lca_release_set_info(p->r, key, json_string_value(v));
        }
    }
    const char *slash = strrchr(p->release_dir, '/');
    const char *name = slash != NULL && slash[1] != '\0' ? slash + 1
                                                          : p->release_dir;
    const char *kv[][2] = {
        {"package", "leontief-submission 1"},
        {"source_release", name},
        {"unit_process_data", "A.mtx B.mtx C.mtx products.csv flows.csv "
                              "indicators.csv (leontief import mtx)"},
        {"reproduce_tolerance", "1e-10"},
    };
    for (size_t i = 0; i < sizeof kv / sizeof kv[0] && st == LCA_OK; i++) {
        st = lca_release_set_info(p->r, kv[i][0], kv[i][1]);
    }
    return st;
}

lca_status lca_submission_write(lca_ctx *ctx, const char *release_dir,
                                const char *model_path,
                                const lca_ruleset *rs, const char *out) {
    pkg p = {ctx, release_dir, model_path, rs, NULL, NULL, NULL, NULL, NULL,
             NULL};
    lca_status st = lca_fdb_read(ctx, release_dir, &p.db);
    if (st == LCA_OK) st = read_manifest(&p);
    if (st == LCA_OK) st = check_model(&p);
    if (st == LCA_OK) st = assign_rules(&p);
    if (st == LCA_OK) st = lca_release_create(ctx, out, &p.r);
    if (st == LCA_OK) st = write_model(&p);
    if (st == LCA_OK) st = write_rules(&p);
    if (st == LCA_OK) st = provenance(&p);
    if (st == LCA_OK) st = lca_release_write(p.r, p.db);
    if (st == LCA_OK) st = lca_release_commit(&p.r);
    lca_release_destroy(&p.r);
    lca__free(ctx, p.rule_of);
    lca__free(ctx, p.copied);
    json_decref(p.manifest);
    lca_model_destroy(&p.M);
    lca_fdb_destroy(&p.db);
    return st;
}
