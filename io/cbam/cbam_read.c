// io/cbam/cbam_read.c: lca_cbam_read: the goods file and the reference
// tables into a checked CBAM calculation
// SPDX-License-Identifier: MIT

#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "engine/ctx_impl.h"
#include "io/cbam/cbam_io_impl.h"

#define MAX_GOODS_BYTES (16u << 20)

// Parse the goods file (a regular file of at most MAX_GOODS_BYTES).
static lca_status load(lca_ctx *ctx, const char *path, json_t **root) {
    struct stat sb;
    *root = NULL;
    if (path == NULL || stat(path, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        return lca__fail(ctx, LCA_ERR_IO, "%s: cannot read the goods file: "
                         "%s", path != NULL ? path : "(none)",
                         errno ? strerror(errno) : "not a file");
    }
    if ((unsigned long long)sb.st_size > MAX_GOODS_BYTES) {
        return lca__fail(ctx, LCA_ERR_IO, "%s: %lld bytes; a goods file is "
                         "at most %u", path, (long long)sb.st_size,
                         MAX_GOODS_BYTES);
    }
    json_error_t err;
    *root = json_load_file(path, JSON_REJECT_DUPLICATES, &err);
    if (*root == NULL) {
        return lca__fail(ctx, LCA_ERR_INVALID, "%s: line %d, column %d: %s",
                         path, err.line, err.column, err.text);
    }
    return LCA_OK;
}

lca_status lca_cbam_read(lca_ctx *ctx, const lca_cbam_files *files,
                         lca_cbam **cb) {
    lca__rj_reader r = {ctx, files->goods, NULL, 0, 0, "docs/CBAM.md"};
    lca_cbam_spec s;
    lca_cbam_tables t;
    json_t *root = NULL;
    *cb = NULL;
    lca_status st = load(ctx, files->goods, &root);
    if (st == LCA_OK) st = lca__cbam_goods_json(&r, root, &s);
    if (st == LCA_OK) st = lca__cbam_tables_csv(&r, files, &t);
    if (st == LCA_OK) st = lca_cbam_create(ctx, &s, &t, cb);
    json_decref(root);
    lca__rj_free(&r);
    return st;
}
