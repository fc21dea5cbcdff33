// io/util/json_read_impl.h: typed access to a parsed JSON file (jansson),
// with messages that name the file and the JSON pointer
// SPDX-License-Identifier: MIT
//
// Shared by the readers of our JSON files: rules (io/rules/), grading
// schemes (io/grading/) and CBAM goods (io/cbam/).

#ifndef LCA_IO_JSON_READ_IMPL_H
#define LCA_IO_JSON_READ_IMPL_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "lca/ctx.h"

// Parse the JSON file path (a regular file of at most max_bytes; what,
// "rule file", names it in messages) into *root (the caller's reference).
// Errors: LCA_ERR_IO (missing, not a file, too large), LCA_ERR_INVALID
// ("PATH: line L, column C: what jansson found").
lca_status lca__json_load(lca_ctx *ctx, const char *path, const char *what,
                          unsigned max_bytes, json_t **root);

typedef struct lca__rj_reader {
    lca_ctx *ctx;
    const char *path;
    void **blocks;  // scratch arrays, freed at the end
    int64_t nblocks, cap;
    const char *doc;  // the format's documentation, named in messages
                      // about unknown fields (NULL: docs/RULES.md)
} lca__rj_reader;

// LCA_ERR_INVALID "PATH: PTR: message".
lca_status lca__rj_bad(lca__rj_reader *r, const char *ptr, const char *fmt,
                       ...) __attribute__((format(printf, 3, 4)));

// Free the reader's scratch arrays.
void lca__rj_free(lca__rj_reader *r);

// A zeroed scratch array of count elements (count may be 0), freed with
// the reader; NULL when out of memory.
void *lca__rj_scratch(lca__rj_reader *r, size_t count, size_t size);

// "an object", "a string", ... for messages.
const char *lca__rj_type_name(const json_t *v);

// ptr + "/" + the JSON pointer token of key, and ptr + "/" + i, into buf.
const char *lca__rj_child(const char *ptr, const char *key, char *buf,
                          size_t size);
const char *lca__rj_item(const char *ptr, size_t i, char *buf, size_t size);

// Refuse the keys of obj (at ptr) that are not in the NULL-ended list.
lca_status lca__rj_known(lca__rj_reader *r, const json_t *obj,
                         const char *ptr, const char *const *keys);

// v (at ptr) must be an object whose keys are all in the NULL-ended list
// (keys NULL: any keys).
lca_status lca__rj_object(lca__rj_reader *r, const json_t *v, const char *ptr,
                          const char *const *keys);

// obj[key] of type want (JSON_OBJECT, JSON_ARRAY, JSON_STRING, or JSON_REAL
// for any number) into *out; NULL when absent and not required. obj may
// be NULL (everything in it is absent).
lca_status lca__rj_field(lca__rj_reader *r, const json_t *obj,
                         const char *ptr, const char *key, json_type want,
                         int required, json_t **out);

// obj[key]: an object (NULL when absent) whose members are all of type
// want (JSON_STRING, or JSON_REAL for any number), into *out.
lca_status lca__rj_map(lca__rj_reader *r, const json_t *obj, const char *ptr,
                       const char *key, json_type want, json_t **out);

// A string ("" when absent) and a number (dflt when absent).
lca_status lca__rj_str(lca__rj_reader *r, const json_t *obj, const char *ptr,
                       const char *key, int required, const char **s);
lca_status lca__rj_num(lca__rj_reader *r, const json_t *obj, const char *ptr,
                       const char *key, int required, double dflt, double *x);

// An array of strings into *v (scratch) and its length *n.
lca_status lca__rj_strings(lca__rj_reader *r, const json_t *a,
                           const char *ptr, const char *const **v,
                           int64_t *n);

#endif  // LCA_IO_JSON_READ_IMPL_H
