// io/import/method_impl.h: the two files of a characterization method
// SPDX-License-Identifier: MIT

#ifndef LCA_IO_METHOD_IMPL_H
#define LCA_IO_METHOD_IMPL_H

#include "lca/method.h"

// Add the output indicators of the method indicators file at path
// (docs/FORMAT.md, "Method indicators CSV") to meth, whose factor rows are
// all read. Errors: LCA_ERR_IO, LCA_ERR_INVALID (naming file and line),
// LCA_ERR_NOMEM.
lca_status lca__method_read_outputs(lca_ctx *ctx, const char *path,
                                    lca_method *meth);

#endif  // LCA_IO_METHOD_IMPL_H
