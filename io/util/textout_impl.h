// io/util/textout_impl.h: lca__textout, an atomic text file writer (CSV, mtx)
// SPDX-License-Identifier: MIT
//
// A text file written under its temporary name (io/util/atomic_impl.h) through
// a stdio stream and renamed into place by commit. Write calls cannot
// fail one by one: the first error (a full disk, say) is remembered and
// commit reports it, removing the temporary file, so callers write a
// whole file without checking every line.
//
// CSV is RFC 4180 (include/lca/export.h): fields are added one at a time
// and a record ends with CRLF.

#ifndef LCA_TEXTOUT_IMPL_H
#define LCA_TEXTOUT_IMPL_H

#include <stdint.h>

#include "lca/csc.h"
#include "lca/ctx.h"

typedef struct lca__textout lca__textout;

// Start writing path. Errors: LCA_ERR_IO (cannot create the temporary
// file), LCA_ERR_NOMEM. On failure *w is NULL.
lca_status lca__textout_create(lca_ctx *ctx, const char *path,
                               lca__textout **w);

// Close, fsync and rename into place; *w becomes NULL whatever happens.
// Errors: LCA_ERR_IO (any write failed; the message names the file).
lca_status lca__textout_commit(lca__textout **w);

// Write out and fsync what is buffered, without renaming: errors (a full
// disk) surface here, before the caller commits anything else.
// Errors: LCA_ERR_IO (the message names the file).
lca_status lca__textout_flush(lca__textout *w);

// Abandon the file (the temporary is removed). Accepts NULL.
void lca__textout_destroy(lca__textout **w);

// Raw text, written as is.
void lca__textout_puts(lca__textout *w, const char *s);

// x with the fewest significant digits (at most 17) that read back to
// exactly x with strtod; "NaN", "Inf", "-Inf" otherwise. buf has 32 bytes.
const char *lca__format_double(double x, char buf[32]);

// One CSV text field: s, quoted when it has to be. A comma goes before
// every field but the first of a record. Formula guard: a text that a
// spreadsheet would run as a formula (lca__csv_formula_risk: = + - @ TAB
// or CR first, after any ') is written quoted with a ' in front:
// "=1+1" -> "'=1+1", "-2" -> "'-2"; the CSV reader (io/util/csv.c) takes
// that ' off. Write numbers with the two calls below, never as text.
void lca__textout_field(lca__textout *w, const char *s);
// One CSV field holding x (lca__format_double), never guarded ("-1.5").
void lca__textout_number(lca__textout *w, double x);
// One CSV field holding a number already written as text ("-42", a PACT
// decimal string): as is when the whole of s reads as a finite number
// (lca__csv_to_double), as a guarded text otherwise.
void lca__textout_numeral(lca__textout *w, const char *s);
// End the CSV record (CRLF).
void lca__textout_end(lca__textout *w);

// A new string "dir/name" (lca__free it), or NULL when out of memory.
char *lca__path_join(lca_ctx *ctx, const char *dir, const char *name);

// Create the directory dir and its parents when missing (mkdir -p).
// Errors: LCA_ERR_IO (the message names the directory and the reason).
lca_status lca__make_dir(lca_ctx *ctx, const char *dir);

// ---- Matrix Market (io/export/mtx_write.c) ----------------------------------------

// X as "coordinate real general": 1-based "i j value" lines in column
// order, every stored entry (explicit zeros too). comment (may be NULL)
// becomes "%" lines after the banner; it must not hold a line break.
// Errors: LCA_ERR_IO, LCA_ERR_NOMEM.
lca_status lca__mtx_write_csc(lca_ctx *ctx, const char *path,
                              const char *comment, const lca_csc *X);

// The row-major rows x cols array X as "array real general": one value
// per line, column by column. Errors: LCA_ERR_IO, LCA_ERR_NOMEM.
lca_status lca__mtx_write_dense(lca_ctx *ctx, const char *path,
                                const char *comment, int64_t rows,
                                int64_t cols, const double *X);

#endif  // LCA_TEXTOUT_IMPL_H
