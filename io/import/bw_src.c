// io/import/bw_src.c: a Brightway datapackage's files, from a folder or a zip
// SPDX-License-Identifier: MIT
//
// bw_processing writes a package through a filesystem abstraction (a
// folder or a zip archive) with every file at the top level. The resource
// paths come from datapackage.json, which is input: a path that could
// leave the folder (separators, "..", a leading dot) is refused rather
// than resolved.

#define _POSIX_C_SOURCE 200809L  // fileno, fstat

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "engine/ctx_impl.h"
#include "io/import/bw_impl.h"
#include "io/util/zip_impl.h"

// Files larger than this are refused (a forged size must not make us
// allocate gigabytes); the zip reader has the same limit.
#define FILE_MAX ((size_t)1 << 30)

struct lca__bw_src {
    lca_ctx *ctx;
    char *path;
    lca__zip *zip;  // NULL for a folder
};

lca_status lca__bw_src_open(lca_ctx *ctx, const char *path,
                            lca__bw_src **out) {
    *out = NULL;
    struct stat sb;
    if (stat(path, &sb) != 0) {
        return lca__fail(ctx, LCA_ERR_IO, "%s: cannot open: %s", path,
                         strerror(errno));
    }
    lca__bw_src *s = lca__calloc(ctx, 1, sizeof *s);
    if (s == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    s->ctx = ctx;
    lca_status st = LCA_OK;
    s->path = lca__strdup(ctx, path);
    if (s->path == NULL) {
        st = lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
        goto done;
    }
    if (!S_ISDIR(sb.st_mode)) st = lca__zip_open(ctx, path, &s->zip);
    if (st != LCA_OK) goto done;
    *out = s;
    s = NULL;
done:
    lca__bw_src_close(&s);
    return st;
}

void lca__bw_src_close(lca__bw_src **sp) {
    if (sp == NULL || *sp == NULL) return;
    lca__bw_src *s = *sp;
    lca__zip_close(&s->zip);
    lca__free(s->ctx, s->path);
    lca__free(s->ctx, s);
    *sp = NULL;
}

const char *lca__bw_src_path(const lca__bw_src *s) { return s->path; }

static lca_status read_zip(lca__bw_src *s, const char *file, char **buf,
                           size_t *size) {
    for (int64_t i = 0; i < lca__zip_count(s->zip); i++) {
        if (strcmp(lca__zip_name(s->zip, i), file) == 0) {
            return lca__zip_read(s->zip, i, buf, size);
        }
    }
    return lca__fail(s->ctx, LCA_ERR_INVALID, "%s: no file '%s' in the "
                     "archive", s->path, file);
}

// The whole of an open file into *buf.
static lca_status read_fp(lca__bw_src *s, FILE *fp, const char *full,
                          char **buf, size_t *size) {
    struct stat sb;
    if (fstat(fileno(fp), &sb) != 0 || !S_ISREG(sb.st_mode)) {
        return lca__fail(s->ctx, LCA_ERR_IO, "%s: not a regular file", full);
    }
    if ((uint64_t)sb.st_size > FILE_MAX) {
        return lca__fail(s->ctx, LCA_ERR_INVALID, "%s: larger than 1 GiB",
                         full);
    }
    size_t n = (size_t)sb.st_size;
    char *b = lca__malloc(s->ctx, n + 1, 1);
    if (b == NULL) return lca__fail(s->ctx, LCA_ERR_NOMEM, "out of memory");
    if (fread(b, 1, n, fp) != n) {
        lca__free(s->ctx, b);
        return lca__fail(s->ctx, LCA_ERR_IO, "%s: read error", full);
    }
    b[n] = '\0';
    *buf = b;
    *size = n;
    return LCA_OK;
}

static lca_status read_dir(lca__bw_src *s, const char *file, char **buf,
                           size_t *size) {
    size_t len = strlen(s->path) + strlen(file) + 2;
    char *full = lca__malloc(s->ctx, len, 1);
    if (full == NULL) return lca__fail(s->ctx, LCA_ERR_NOMEM, "out of memory");
    snprintf(full, len, "%s/%s", s->path, file);
    lca_status st = LCA_OK;
    FILE *fp = fopen(full, "rb");
    if (fp == NULL) {
        st = lca__fail(s->ctx, errno == ENOENT ? LCA_ERR_INVALID : LCA_ERR_IO,
                       "%s: cannot open: %s", full, strerror(errno));
    } else {
        st = read_fp(s, fp, full, buf, size);
        fclose(fp);
    }
    lca__free(s->ctx, full);
    return st;
}

lca_status lca__bw_src_read(lca__bw_src *s, const char *file, char **buf,
                            size_t *size) {
    *buf = NULL;
    *size = 0;
    if (file[0] == '\0' || file[0] == '.' || strchr(file, '/') != NULL ||
        strchr(file, '\\') != NULL) {
        return lca__fail(s->ctx, LCA_ERR_INVALID, "%s: resource path '%s' "
                         "is not a plain file name in the package", s->path,
                         file);
    }
    return s->zip != NULL ? read_zip(s, file, buf, size)
                          : read_dir(s, file, buf, size);
}
