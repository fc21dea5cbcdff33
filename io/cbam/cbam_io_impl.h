// io/cbam/cbam_io_impl.h: the parts of the CBAM reader and writer, shared
// by io/cbam/cbam_json.c (goods file), cbam_csv.c (reference tables),
// cbam_read.c (lca_cbam_read) and cbam_write.c (lca_cbam_write)
// SPDX-License-Identifier: MIT

#ifndef LCA_IO_CBAM_IMPL_H
#define LCA_IO_CBAM_IMPL_H

#include <jansson.h>

#include "io/util/json_read_impl.h"
#include "lca/io_cbam.h"

// The goods file in root into *s (strings borrowed from root, arrays from
// r's scratch blocks). Errors: LCA_ERR_INVALID ("FILE: /pointer: what"),
// LCA_ERR_NOMEM.
lca_status lca__cbam_goods_json(lca__rj_reader *r, const json_t *root,
                                lca_cbam_spec *s);

// The sector, default-value and mark-up tables of files into *t (strings
// and arrays in r's scratch blocks). Errors: LCA_ERR_IO, LCA_ERR_INVALID
// ("FILE: line L: what"), LCA_ERR_NOMEM.
lca_status lca__cbam_tables_csv(lca__rj_reader *r, const lca_cbam_files *f,
                                lca_cbam_tables *t);

#endif  // LCA_IO_CBAM_IMPL_H
