// io/util/atomic_impl.h: write a file under a temporary name, then rename it
// SPDX-License-Identifier: MIT
//
// Every writer in io/ (HDF5, CSV, anything) uses this so that NAME is
// either the old file or the complete new one, never half of it:
//
//     lca__atomic *a = NULL;
//     st = lca__atomic_begin(ctx, "out/model.h5", &a);
//     if (st != LCA_OK) return st;
//     // ... write lca__atomic_tmp_path(a) with any library, close it ...
//     if (ok) st = lca__atomic_commit(&a);  // fsync, rename, fsync dir
//     else lca__atomic_abort(&a);           // unlink the temporary file
//
// The temporary file is NAME.tmp.XXXXXX in the same directory (mkstemp,
// so two writers never share one), created empty and closed again: the
// caller opens it by name with whatever library it writes with (HDF5
// truncates and reopens it). Its permission bits are those of the file it
// replaces, or 0666 less the umask for a new file.
//
// Both commit and abort set *a to NULL whatever happens. Abort accepts a
// NULL object; commit returns LCA_ERR_ARG for one. A process killed
// between begin and commit leaves a stray NAME.tmp.* file, never a broken
// NAME.

#ifndef LCA_ATOMIC_IMPL_H
#define LCA_ATOMIC_IMPL_H

#include "lca/ctx.h"

typedef struct lca__atomic lca__atomic;  // opaque; defined in io/util/atomic.c

// Create the empty temporary file for path. On failure *a is NULL and no
// file was made. Errors: LCA_ERR_ARG (path NULL or empty), LCA_ERR_IO (the
// directory is missing or not writable; the message has strerror),
// LCA_ERR_NOMEM.
lca_status lca__atomic_begin(lca_ctx *ctx, const char *path,
                             lca__atomic **a);

// The temporary file's name, to open and write. Borrowed: valid until
// commit or abort.
const char *lca__atomic_tmp_path(const lca__atomic *a);

// The final name, as given to begin (for messages). Borrowed, like above.
const char *lca__atomic_path(const lca__atomic *a);

// The caller has closed the temporary file: fsync it, rename it over the
// final name, fsync the directory. If anything before the rename fails,
// the temporary file is removed and the final name is untouched. An error
// from the directory fsync comes after the rename: the new file is in
// place but may not survive a power cut. Errors: LCA_ERR_IO.
lca_status lca__atomic_commit(lca__atomic **a);

// Give up: remove the temporary file (the caller must have closed it).
void lca__atomic_abort(lca__atomic **a);

#endif  // LCA_ATOMIC_IMPL_H
