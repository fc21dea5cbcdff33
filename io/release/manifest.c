// io/release/manifest.c: manifest.json and SHA256SUMS of a release
// SPDX-License-Identifier: MIT
//
// The manifest says what the release is (GWP set, boundary, components,
// record count), where it comes from (the caller's provenance entries:
// model hash, method, seed, options ...; the model's import report
// summary and provider ties) and lists the SHA-256 and size of every
// other file. SHA256SUMS repeats the hashes, manifest included, in the
// form `sha256sum -c SHA256SUMS` checks.

#define _POSIX_C_SOURCE 200809L  // open_memstream

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "engine/ctx_impl.h"
#include "io/release/release_impl.h"
#include "io/util/textout_impl.h"
#include "lca/export.h"
#include "io/util/jsonout_impl.h"

// Set key of obj to v (stolen); NULL v means out of memory.
static void put(json_t *obj, const char *key, json_t *v, int *ok) {
    if (v == NULL || json_object_set_new(obj, key, v) != 0) *ok = 0;
}

static int by_name(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void free_names(lca_ctx *ctx, char **v, int64_t n) {
    for (int64_t i = 0; i < n; i++) lca__free(ctx, v[i]);
    lca__free(ctx, v);
}

// The names of the files in dir, sorted, without the manifest and sums.
// A folder inside is an error: a release holds files only.
static lca_status list_files(lca_ctx *ctx, const char *dir, char ***names,
                             int64_t *count) {
    *names = NULL;
    *count = 0;
    DIR *d = opendir(dir);
    if (d == NULL) {
        return lca__fail(ctx, LCA_ERR_IO, "%s: cannot list: %s", dir,
                         strerror(errno));
    }
    lca_status st = LCA_OK;
    char **v = NULL;
    int64_t n = 0;
    for (struct dirent *e; st == LCA_OK && (e = readdir(d)) != NULL;) {
        const char *s = e->d_name;
        if (strcmp(s, ".") == 0 || strcmp(s, "..") == 0 ||
            strcmp(s, LCA__RELEASE_MANIFEST) == 0 ||
            strcmp(s, LCA__RELEASE_SUMS) == 0) {
            continue;
        }
        char *path = lca__path_join(ctx, dir, s);
        struct stat sb;
        int is_file =
            path != NULL && lstat(path, &sb) == 0 && S_ISREG(sb.st_mode);
        lca__free(ctx, path);
        char **grown =
            lca__realloc(ctx, v, (size_t)n, (size_t)n + 1, sizeof *v);
        if (grown != NULL) v = grown;
        if (!is_file) {
            st = lca__fail(ctx, LCA_ERR_IO,
                           "%s/%s: not a regular file (a "
                           "release holds files only)",
                           dir, s);
        } else if (grown == NULL || (v[n] = lca__strdup(ctx, s)) == NULL) {
            st = lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
        } else {
            n++;
        }
    }
    closedir(d);
    if (st != LCA_OK) {
        free_names(ctx, v, n);
        return st;
    }
    qsort(v, (size_t)n, sizeof *v, by_name);
    *names = v;
    *count = n;
    return LCA_OK;
}

// hex[i], bytes[i]: the SHA-256 and size of file i.
static lca_status hash_files(lca_ctx *ctx, const char *dir, char **names,
                             int64_t n, char (*hex)[65], int64_t *bytes) {
    lca_status st = LCA_OK;
    for (int64_t i = 0; i < n && st == LCA_OK; i++) {
        char *path = lca__path_join(ctx, dir, names[i]);
        if (path == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
        struct stat sb;
        bytes[i] = stat(path, &sb) == 0 ? (int64_t)sb.st_size : -1;
        st = lca_file_sha256(ctx, path, hex[i]);
        lca__free(ctx, path);
    }
    return st;
}

static json_t *report(const lca_fdb *db, int *ok) {
    json_t *r = json_object(), *kinds = json_object(), *ties = json_array();
    put(r, "kinds", kinds, ok);
    put(r, "provider_ties", ties, ok);
    if (!*ok) return r;
    for (int64_t k = 0; k < lca_fdb_nreport_kinds(db); k++) {
        int64_t count;
        const char *kind = lca_fdb_report_kind(db, k, &count);
        put(kinds, kind, json_integer(count), ok);
    }
    for (int64_t t = 0; t < lca_fdb_nties(db); t++) {
        json_t *e = json_object();
        if (e == NULL || json_array_append_new(ties, e) != 0) *ok = 0;
        if (e == NULL) break;
        put(e, "flow_id", json_string(lca_fdb_tie(db, t, LCA_REPORT_ID)), ok);
        put(e, "flow_name", json_string(lca_fdb_tie(db, t, LCA_REPORT_NAME)),
            ok);
        put(e, "detail", json_string(lca_fdb_tie(db, t, LCA_REPORT_DETAIL)),
            ok);
    }
    return r;
}

static json_t *components(const lca_fdb *db, int *ok) {
    json_t *a = json_array();
    for (int64_t j = 0; a != NULL && j < lca_fdb_ncomponents(db); j++) {
        json_t *c = json_object();
        if (c == NULL || json_array_append_new(a, c) != 0) *ok = 0;
        if (c == NULL) break;
        int split = lca_fdb_component_kind(db, j) == LCA_FDB_SPLIT;
        put(c, "name", json_string(lca_fdb_component_name(db, j)), ok);
        put(c, "kind", json_string(split ? "split" : "gas"), ok);
        put(c, "monte_carlo", json_boolean(lca_fdb_component_has_mc(db, j)),
            ok);
    }
    return a;
}

static void utc_now(char buf[32]) {
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

// What the release is and where it comes from.
static json_t *describe(const lca_fdb *db, int64_t ninfo, char *const *keys,
                        char *const *values, int *ok) {
    json_t *m = json_object(), *ind = json_object(), *prov = json_object();
    char now[32];
    utc_now(now);
    put(m, "format", json_string(LCA__RELEASE_FORMAT), ok);
    put(m, "schema_version", json_integer(LCA__RELEASE_VERSION), ok);
    put(m, "leontief_version", json_string(lca_version()), ok);
    put(m, "git_commit", json_string(lca_git_commit()), ok);
    put(m, "created_utc", json_string(now), ok);
    put(m, "records", json_integer(lca_fdb_nrecords(db)), ok);
    put(m, "gwp_set", json_string(lca_fdb_info_get(db, LCA_FDB_GWP_SET)), ok);
    put(m, "boundary", json_string(lca_fdb_info_get(db, LCA_FDB_BOUNDARY)), ok);
    put(m, "indicator", ind, ok);
    if (*ok) {
        put(ind, "id", json_string(lca_fdb_info_get(db, LCA_FDB_IND_ID)), ok);
        put(ind, "unit", json_string(lca_fdb_info_get(db, LCA_FDB_IND_UNIT)),
            ok);
    }
    put(m, "components", components(db, ok), ok);
    put(m, "provenance", prov, ok);
    for (int64_t i = 0; *ok && i < ninfo; i++) {
        put(prov, keys[i], json_string(values[i]), ok);
    }
    put(m, "import_report", report(db, ok), ok);
    return m;
}

// dir/name = text + end, atomically.
static lca_status write_text(lca_ctx *ctx, const char *dir, const char *name,
                             const char *text, const char *end) {
    char *path = lca__path_join(ctx, dir, name);
    if (path == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    lca__textout *w = NULL;
    lca_status st = lca__textout_create(ctx, path, &w);
    lca__free(ctx, path);
    if (st != LCA_OK) return st;
    lca__textout_puts(w, text);
    lca__textout_puts(w, end);
    return lca__textout_commit(&w);
}

// SHA256SUMS: "<hex>  <name>\n" per file, the manifest among them.
static lca_status write_sums(lca_ctx *ctx, const char *dir, char **names,
                             int64_t n, char (*hex)[65]) {
    char *path = lca__path_join(ctx, dir, LCA__RELEASE_MANIFEST);
    char mhex[65];
    lca_status st = path != NULL
                        ? lca_file_sha256(ctx, path, mhex)
                        : lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    lca__free(ctx, path);
    char *sums = NULL;
    size_t len = 0;
    FILE *mem = st == LCA_OK ? open_memstream(&sums, &len) : NULL;
    if (st == LCA_OK && mem == NULL) {
        st = lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    }
    if (st != LCA_OK) return st;
    int manifest_done = 0;
    for (int64_t i = 0; i <= n; i++) {  // the manifest in name order
        if (!manifest_done &&
            (i == n || strcmp(LCA__RELEASE_MANIFEST, names[i]) < 0)) {
            fprintf(mem, "%s  %s\n", mhex, LCA__RELEASE_MANIFEST);
            manifest_done = 1;
        }
        if (i < n) fprintf(mem, "%s  %s\n", hex[i], names[i]);
    }
    int bad = fclose(mem) != 0;
    st = bad ? lca__fail(ctx, LCA_ERR_NOMEM, "out of memory")
             : write_text(ctx, dir, LCA__RELEASE_SUMS, sums, "");
    free(sums);
    return st;
}

lca_status lca__release_write_manifest(const lca_fdb *db, const char *dir,
                                       int64_t ninfo, char *const *keys,
                                       char *const *values) {
    lca_ctx *ctx = lca_fdb_ctx(db);
    char **names = NULL;
    int64_t n = 0, *bytes = NULL;
    char(*hex)[65] = NULL;
    json_t *m = NULL;
    char *text = NULL;
    lca_status st = list_files(ctx, dir, &names, &n);
    if (st != LCA_OK) return st;
    hex = lca__malloc(ctx, (size_t)n, sizeof *hex);
    bytes = lca__malloc(ctx, (size_t)n, sizeof *bytes);
    if (hex == NULL || bytes == NULL) {
        st = lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
        goto done;
    }
    st = hash_files(ctx, dir, names, n, hex, bytes);
    if (st != LCA_OK) goto done;
    int ok = 1;
    m = describe(db, ninfo, keys, values, &ok);
    json_t *files = json_array();
    put(m, "files", files, &ok);
    for (int64_t i = 0; ok && i < n; i++) {
        json_t *f = json_object();
        if (f == NULL || json_array_append_new(files, f) != 0) ok = 0;
        if (f == NULL) break;
        put(f, "name", json_string(names[i]), &ok);
        put(f, "sha256", json_string(hex[i]), &ok);
        put(f, "bytes", json_integer(bytes[i]), &ok);
    }
    text = ok ? lca__json_dumps(
                    m, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ESCAPE_SLASH)
              : NULL;
    if (text == NULL) {
        st = lca__fail(ctx, LCA_ERR_INVALID,
                       "the manifest could not be "
                       "made (out of memory, or a provenance entry that is "
                       "not UTF-8)");
        goto done;
    }
    st = write_text(ctx, dir, LCA__RELEASE_MANIFEST, text, "\n");
    if (st == LCA_OK) st = write_sums(ctx, dir, names, n, hex);
done:
    free(text);
    json_decref(m);
    free_names(ctx, names, n);
    lca__free(ctx, hex);
    lca__free(ctx, bytes);
    return st;
}
