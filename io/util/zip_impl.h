// io/util/zip_impl.h: read the entries of a zip archive (over libzip)
// SPDX-License-Identifier: MIT
//
// Process databases come as zip archives of many small files (openLCA
// JSON-LD, EcoSpold 2). This reader lists the entries in name order (so
// an import does not depend on the order the archiver wrote them in) and
// reads one entry at a time, whole, into a NUL-terminated buffer.
//
// Memory: buffers and the entry list come from the ctx allocator; libzip's
// own allocations use malloc (libzip takes no allocator).

#ifndef LCA_IO_ZIP_IMPL_H
#define LCA_IO_ZIP_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "lca/ctx.h"

typedef struct lca__zip lca__zip;

// Open the archive at path (copied). Errors: LCA_ERR_IO (cannot open or
// read the file), LCA_ERR_INVALID (not a zip archive, or an inconsistent
// one), LCA_ERR_NOMEM. Messages name the path and libzip's reason.
lca_status lca__zip_open(lca_ctx *ctx, const char *path, lca__zip **z);
void lca__zip_close(lca__zip **z);

const char *lca__zip_path(const lca__zip *z);

// Number of file entries (directories, "__MACOSX/" and "._*" entries
// are left out) and the name of entry i, 0 <= i < count, in byte order.
int64_t lca__zip_count(const lca__zip *z);
const char *lca__zip_name(const lca__zip *z, int64_t i);

// Read entry i whole: *buf (ctx allocator, the caller frees it with
// lca__free) holds *size bytes plus a terminating NUL.
// Errors: LCA_ERR_INVALID (a damaged entry: bad CRC, truncated data;
// the message names the archive and the entry), LCA_ERR_NOMEM.
lca_status lca__zip_read(lca__zip *z, int64_t i, char **buf, size_t *size);

#endif  // LCA_IO_ZIP_IMPL_H
