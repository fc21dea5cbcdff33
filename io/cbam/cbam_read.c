// io/cbam/cbam_read.c: lca_cbam_read: the goods file and the reference
// tables into a checked CBAM calculation
// SPDX-License-Identifier: MIT

#include "engine/ctx_impl.h"
#include "io/cbam/cbam_io_impl.h"

#define MAX_GOODS_BYTES (16u << 20)

lca_status lca_cbam_read(lca_ctx *ctx, const lca_cbam_files *files,
                         lca_cbam **cb) {
    lca__rj_reader r = {ctx, files->goods, NULL, 0, 0, "docs/CBAM.md"};
    lca_cbam_spec s;
    lca_cbam_tables t;
    json_t *root = NULL;
    *cb = NULL;
    lca_status st = lca__json_load(ctx, files->goods, "goods file",
                                   MAX_GOODS_BYTES, &root);
    if (st == LCA_OK) st = lca__cbam_goods_json(&r, root, &s);
    if (st == LCA_OK) st = lca__cbam_tables_csv(&r, files, &t);
    if (st == LCA_OK) st = lca_cbam_create(ctx, &s, &t, cb);
    json_decref(root);
    lca__rj_free(&r);
    return st;
}
