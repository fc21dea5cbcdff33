// io/release/folder.c: a release folder that appears whole or not at all
// SPDX-License-Identifier: MIT
//
// Everything is written into DIR.tmp.XXXXXX (mkdtemp, beside DIR, so the
// final rename stays on one file system) and renamed to DIR at the end
// with RENAME_NOREPLACE: a release that someone else published under the
// same name meanwhile is never replaced. Each file inside is itself
// written atomically and fsynced (io/util/atomic.c); the folder is
// fsynced before the rename and its parent after.

#define _GNU_SOURCE  // renameat2, RENAME_NOREPLACE

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/ctx_impl.h"
#include "io/release/release_impl.h"
#include "io/util/textout_impl.h"

struct lca_release {
    lca_ctx *ctx;
    char *dir, *staging;
    char **keys, **values;
    int64_t ninfo;
};

lca_status lca_release_create(lca_ctx *ctx, const char *dir,
                              lca_release **out) {
    *out = NULL;
    if (dir == NULL || dir[0] == '\0') {
        return lca__fail(ctx, LCA_ERR_ARG, "no release folder given");
    }
    struct stat sb;
    if (lstat(dir, &sb) == 0) {
        return lca__fail(ctx, LCA_ERR_IO,
                         "%s: already exists (a release is "
                         "never overwritten; choose a new name)",
                         dir);
    }
    lca_release *r = lca__calloc(ctx, 1, sizeof *r);
    size_t len = strlen(dir);
    while (len > 1 && dir[len - 1] == '/') len--;  // "out/rel/" -> "out/rel"
    char *tmpl = lca__malloc(ctx, len + 12, 1);
    if (r == NULL || tmpl == NULL) {
        lca__free(ctx, r);
        lca__free(ctx, tmpl);
        return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    }
    r->ctx = ctx;
    snprintf(tmpl, len + 12, "%.*s.tmp.XXXXXX", (int)len, dir);
    r->dir = lca__strdup(ctx, tmpl);
    if (r->dir != NULL) r->dir[len] = '\0';
    if (r->dir == NULL || mkdtemp(tmpl) == NULL) {
        lca_status st = r->dir == NULL
                            ? lca__fail(ctx, LCA_ERR_NOMEM, "out of memory")
                            : lca__fail(ctx, LCA_ERR_IO,
                                        "%s: cannot create "
                                        "the staging folder: %s",
                                        tmpl, strerror(errno));
        lca__free(ctx, tmpl);
        lca__free(ctx, r->dir);
        lca__free(ctx, r);
        return st;
    }
    r->staging = tmpl;
    *out = r;
    return LCA_OK;
}

const char *lca_release_staging(const lca_release *r) { return r->staging; }

// Copy src to dst (a new file), in 1 MiB blocks, and fsync it.
static lca_status copy_file(lca_ctx *ctx, const char *src, const char *dst) {
    FILE *in = fopen(src, "rb"), *out = NULL;
    char *buf = lca__malloc(ctx, (size_t)1 << 20, 1);
    lca_status st = LCA_OK;
    if (in == NULL || buf == NULL) {
        st = in == NULL ? lca__fail(ctx, LCA_ERR_IO, "%s: cannot open: %s", src,
                                    strerror(errno))
                        : lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
        goto done;
    }
    out = fopen(dst, "wbx");
    if (out == NULL) {
        st = lca__fail(ctx, LCA_ERR_IO, "%s: cannot create: %s", dst,
                       strerror(errno));
        goto done;
    }
    size_t got;
    while ((got = fread(buf, 1, (size_t)1 << 20, in)) > 0) {
        if (fwrite(buf, 1, got, out) != got) break;
    }
    int bad = ferror(in) || ferror(out) || fflush(out) != 0 ||
              fsync(fileno(out)) != 0;
    if (fclose(out) != 0) bad = 1;
    out = NULL;
    if (bad)
        st = lca__fail(ctx, LCA_ERR_IO, "%s: cannot copy %s: %s", dst, src,
                       strerror(errno));
done:
    if (in != NULL) fclose(in);
    if (out != NULL) fclose(out);
    lca__free(ctx, buf);
    return st;
}

lca_status lca_release_add_file(lca_release *r, const char *src,
                                const char *name) {
    if (name == NULL || name[0] == '\0' || strchr(name, '/') != NULL ||
        strcmp(name, ".") == 0 || strcmp(name, "..") == 0) {
        return lca__fail(r->ctx, LCA_ERR_ARG, "'%s' is not a file name",
                         name != NULL ? name : "");
    }
    char *dst = lca__path_join(r->ctx, r->staging, name);
    if (dst == NULL) return lca__fail(r->ctx, LCA_ERR_NOMEM, "out of memory");
    lca_status st = LCA_OK;
    if (link(src, dst) != 0) st = copy_file(r->ctx, src, dst);
    lca__free(r->ctx, dst);
    return st;
}

lca_status lca_release_set_info(lca_release *r, const char *key,
                                const char *value) {
    if (key == NULL || key[0] == '\0' || value == NULL) {
        return lca__fail(r->ctx, LCA_ERR_ARG,
                         "a release entry needs a key "
                         "and a value");
    }
    char *v = lca__strdup(r->ctx, value);
    if (v == NULL) return lca__fail(r->ctx, LCA_ERR_NOMEM, "out of memory");
    for (int64_t i = 0; i < r->ninfo; i++) {
        if (strcmp(r->keys[i], key) == 0) {
            lca__free(r->ctx, r->values[i]);
            r->values[i] = v;
            return LCA_OK;
        }
    }
    size_t n = (size_t)r->ninfo;
    char **k = lca__realloc(r->ctx, r->keys, n, n + 1, sizeof *k);
    if (k != NULL) r->keys = k;
    char **vs = lca__realloc(r->ctx, r->values, n, n + 1, sizeof *vs);
    if (vs != NULL) r->values = vs;
    char *kc = lca__strdup(r->ctx, key);
    if (k == NULL || vs == NULL || kc == NULL) {
        lca__free(r->ctx, v);
        lca__free(r->ctx, kc);
        return lca__fail(r->ctx, LCA_ERR_NOMEM, "out of memory");
    }
    r->keys[n] = kc;
    r->values[n] = v;
    r->ninfo++;
    return LCA_OK;
}

// Every string of db valid UTF-8, else LCA_ERR_INVALID naming it; every
// record with an id.
static lca_status check_strings(lca_ctx *ctx, const lca_fdb *db) {
    for (int64_t i = 0; i < lca_fdb_nrecords(db); i++) {
        for (int c = 0; c < LCA_FDB_NTEXTS; c++) {
            const char *s = lca_fdb_text_get(db, (lca_fdb_text)c, i);
            if (!lca__utf8_valid(s)) {
                return lca__fail(ctx, LCA_ERR_INVALID,
                                 "record %lld "
                                 "(product '%s'): %s is not valid UTF-8",
                                 (long long)i,
                                 lca_fdb_text_get(db, LCA_FDB_PRODUCT_ID, i),
                                 lca_fdb_text_str((lca_fdb_text)c));
            }
        }
        if (lca_fdb_text_get(db, LCA_FDB_RECORD_ID, i)[0] == '\0') {
            return lca__fail(ctx, LCA_ERR_ARG,
                             "record %lld (product '%s') "
                             "has no record id (lca_fdb_set_ids)",
                             (long long)i,
                             lca_fdb_text_get(db, LCA_FDB_PRODUCT_ID, i));
        }
    }
    for (int f = 0; f < LCA_FDB_NINFOS; f++) {
        if (!lca__utf8_valid(lca_fdb_info_get(db, (lca_fdb_info)f))) {
            return lca__fail(ctx, LCA_ERR_INVALID,
                             "a release string (%d) is "
                             "not valid UTF-8",
                             f);
        }
    }
    return LCA_OK;
}

lca_status lca_release_write(lca_release *r, const lca_fdb *db) {
    lca_status st = check_strings(r->ctx, db);
    if (st == LCA_OK) st = lca__release_write_csv(db, r->staging);
    if (st == LCA_OK) st = lca__release_write_json(db, r->staging);
    if (st == LCA_OK) st = lca__release_write_h5(db, r->staging);
    if (st == LCA_OK) {
        st = lca__release_write_manifest(db, r->staging, r->ninfo, r->keys,
                                         r->values);
    }
    return st;
}

// fsync a folder (its entries survive a power cut).
static int sync_dir(const char *dir) {
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    if (fd < 0) return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

static lca_status parent_sync(lca_ctx *ctx, const char *dir) {
    char *parent = lca__strdup(ctx, dir);
    if (parent == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    char *slash = strrchr(parent, '/');
    if (slash == NULL) {
        strcpy(parent, ".");
    } else {
        slash[slash == parent ? 1 : 0] = '\0';
    }
    int rc = sync_dir(parent);
    lca__free(ctx, parent);
    if (rc != 0) {
        return lca__fail(ctx, LCA_ERR_IO,
                         "%s: the release is in place but "
                         "its folder could not be synced: %s",
                         dir, strerror(errno));
    }
    return LCA_OK;
}

lca_status lca_release_commit(lca_release **rp) {
    if (rp == NULL || *rp == NULL) return LCA_ERR_ARG;
    lca_release *r = *rp;
    lca_status st = LCA_OK;
    if (sync_dir(r->staging) != 0 || renameat2(AT_FDCWD, r->staging, AT_FDCWD,
                                               r->dir, RENAME_NOREPLACE) != 0) {
        st = lca__fail(r->ctx, LCA_ERR_IO,
                       "%s: cannot put the release in "
                       "place: %s",
                       r->dir, strerror(errno));
    } else {
        lca__free(r->ctx, r->staging);
        r->staging = NULL;  // nothing left to remove
        st = parent_sync(r->ctx, r->dir);
    }
    lca_release_destroy(rp);
    return st;
}

static int remove_one(const char *path, const struct stat *sb, int flag,
                      struct FTW *ftw) {
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

void lca_release_detach(lca_release **rp) {
    if (rp == NULL || *rp == NULL) return;
    lca__free((*rp)->ctx, (*rp)->staging);
    (*rp)->staging = NULL;  // kept on disk
    lca_release_destroy(rp);
}

void lca_release_destroy(lca_release **rp) {
    if (rp == NULL || *rp == NULL) return;
    lca_release *r = *rp;
    if (r->staging != NULL) {
        nftw(r->staging, remove_one, 16, FTW_DEPTH | FTW_PHYS);
    }
    for (int64_t i = 0; i < r->ninfo; i++) {
        lca__free(r->ctx, r->keys[i]);
        lca__free(r->ctx, r->values[i]);
    }
    lca__free(r->ctx, r->keys);
    lca__free(r->ctx, r->values);
    lca__free(r->ctx, r->staging);
    lca__free(r->ctx, r->dir);
    lca__free(r->ctx, r);
    *rp = NULL;
}
