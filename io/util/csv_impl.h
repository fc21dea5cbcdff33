// io/util/csv_impl.h: a CSV record reader (over libcsv) and a key index
// SPDX-License-Identifier: MIT
//
// For importers: read a delimited text file one record at a time, each
// record an array of NUL-terminated fields with the line it starts on, and
// match the fields against a list of keys (product ids, sector codes).
//
// Dialect: RFC 4180 as libcsv reads it in strict mode. Fields are separated
// by the delimiter given at open (',' ';' '\t' ...); a field in double
// quotes may hold delimiters, newlines and doubled quotes (""). Spaces and
// tabs around an unquoted field are dropped. Empty lines are skipped, so a
// record always has at least one field. LF and CRLF line ends are
// accepted (bare CR too, but line numbers count '\n' only), and a UTF-8
// byte-order mark at the start of the file is ignored. A field holding a
// NUL byte or bytes that are not UTF-8 (a Latin-1 file, say), a stray
// quote or an unterminated quoted field is an error
// (LCA_ERR_INVALID, naming the file and line); the records before it are
// still handed out first. A field that is a ' in front of a formula risk
// (lca__csv_formula_risk: "'=1+1", "''@x") loses that one ': the reader
// undoes the formula guard of lca__textout_field, so that every CSV we
// write reads back exactly.
//
// Memory: the reader's own storage comes from the ctx allocator; libcsv's
// internal field buffer comes from malloc (libcsv takes no user pointer
// for its allocator, and a global would be needed to route it).

#ifndef LCA_IO_CSV_IMPL_H
#define LCA_IO_CSV_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "lca/ctx.h"
#include "lca/model.h"

typedef struct lca__csv lca__csv;  // a CSV file being read

// One record. Borrowed from the reader: valid until the next
// lca__csv_read or lca__csv_destroy on it.
typedef struct lca__csv_record {
    int64_t nfields;            // >= 1; 0 only at the end of the file
    const char *const *fields;  // nfields strings; NULL at the end
    int64_t line;               // 1-based line the record starts on
} lca__csv_record;

// Open path for reading with the field delimiter delim (usually ',').
// The path is copied. Errors: LCA_ERR_IO (cannot open; the message names
// the file and the system error), LCA_ERR_NOMEM.
lca_status lca__csv_create(lca_ctx *ctx, const char *path, char delim,
                           lca__csv **r);

// Close the file and free the reader; *r becomes NULL. Accepts NULL.
// The same over the text buf[0..size-1] (not copied: it must outlive the
// reader), named name in messages (e.g. "pkg.zip/meta.csv").
// Errors: LCA_ERR_NOMEM.
lca_status lca__csv_create_mem(lca_ctx *ctx, const char *name,
                               const char *buf, size_t size, char delim,
                               lca__csv **r);

void lca__csv_destroy(lca__csv **r);

// The next record into *rec. At the end of the file: LCA_OK with
// rec->nfields == 0 and rec->fields == NULL (and again on every later
// call). Errors: LCA_ERR_IO (read error), LCA_ERR_INVALID (malformed CSV:
// "PATH: line L: ..."), LCA_ERR_NOMEM. After an error the reader only
// repeats it.
lca_status lca__csv_read(lca__csv *r, lca__csv_record *rec);

// The path the reader was opened with (for messages).
const char *lca__csv_path(const lca__csv *r);

// The size of libcsv's field buffer (for tests: it grows by doubling, so
// that a field of L bytes costs O(L), not O(L^2 / 128)).
size_t lca__csv_field_buffer(lca__csv *r);

// Parse a whole field as a finite double: strtod must consume every
// character (no leading or trailing text; an empty field is not a
// number). Returns 1 and sets *x on success, 0 otherwise. Hex floats are
// accepted; "nan", "inf" and overflow to infinity are not.
int lca__csv_to_double(const char *s, double *x);

// Parse a whole field as a decimal int64 (optional sign, no spaces).
// Returns 1 and sets *x on success, 0 otherwise (including overflow).
int lca__csv_to_int64(const char *s, int64_t *x);

// ---- formula guard (OWASP "CSV Injection") ---------------------------------

// Would a spreadsheet run the text s as a formula: does it start with
// = + - @ TAB or CR, after any number of ' ("=A1", "-2+3", "'@x")? The
// leading quotes are counted so that the guard (one more ' in front,
// io/util/textout.c) is undone exactly: "'" + s for such an s, s itself
// for any other text.
int lca__csv_formula_risk(const char *s);

// ---- key index -------------------------------------------------------------

// A sorted index over count strings, for exact lookups in O(log count).
// The strings are borrowed and must outlive the index; the array keys
// itself is not kept.
typedef struct lca__csv_index lca__csv_index;

// Errors: LCA_ERR_NOMEM.
lca_status lca__csv_index_create(lca_ctx *ctx, int64_t count,
                                 const char *const *keys, lca__csv_index **ix);
void lca__csv_index_destroy(lca__csv_index **ix);

// An index over the ids of one axis of M, which it borrows: M must
// outlive the index and keep its labels. Errors: LCA_ERR_NOMEM.
lca_status lca__csv_index_ids(const lca_model *M, lca_axis axis,
                              lca__csv_index **ix);

// Position (in the keys given at create) of key, or -1 if absent. With
// duplicate keys, the lowest position.
int64_t lca__csv_index_find(const lca__csv_index *ix, const char *key);

// Find a repeated key: returns 1 and the two lowest positions a < b
// holding the same key (lowest b first), or 0 if all keys are distinct.
int lca__csv_index_duplicate(const lca__csv_index *ix, int64_t *a,
                             int64_t *b);

// ---- label lists and demand tables (io/import/labels.c) ---------------------------

// Read a label list into an axis of M (products, flows or indicators).
// The header row names the columns, matched without regard to case:
// "id" (required), "name", "unit", and for flows "compartment" and "cas";
// other columns are ignored. One record per entry of the axis, in matrix order;
// every record has as many fields as the header; ids are non-empty and
// unique. dim_from names the file the axis length came from, for the
// message when the counts differ.
// Errors: LCA_ERR_IO, LCA_ERR_INVALID (names the file and line),
// LCA_ERR_DIM (the list is longer or shorter than the axis; names both
// files), LCA_ERR_NOMEM.
lca_status lca__csv_read_labels(lca_model *M, lca_axis axis, const char *path,
                                const char *dim_from);

// Read a demand table and add its demands to M. The header row is
// "<anything>,<demand name>,<demand name>,...": one column per demand,
// named uniquely. Each record is "<product id>,<amount>,<amount>,..." with
// a product id of M (every product at most once; products not listed
// have amount 0). An empty amount is 0; exact zeros are not stored.
// Errors: LCA_ERR_IO, LCA_ERR_INVALID (unknown or repeated product, bad
// number, bad header; names the file and line), LCA_ERR_NOMEM.
lca_status lca__csv_read_demands(lca_model *M, const char *path);

#endif  // LCA_IO_CSV_IMPL_H
