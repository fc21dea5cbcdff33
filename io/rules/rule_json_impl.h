// io/rules/rule_json_impl.h: reading one rule's JSON, shared by
// io/rules/rule_json_util.c (typed access), rule_json.c and
// rule_json_req.c (the fields) and rule_read.c (files and folders)
// SPDX-License-Identifier: MIT

#ifndef LCA_IO_RULE_JSON_IMPL_H
#define LCA_IO_RULE_JSON_IMPL_H

#include <jansson.h>
#include <stddef.h>

#include "lca/rule.h"

// The rule in root (a parsed rule file; path names it in messages and
// becomes the rule's source). Types, required and unknown fields are
// checked here, values by lca_rule_create.
// Errors: LCA_ERR_INVALID ("PATH: /pointer: what"), LCA_ERR_NOMEM.
lca_status lca__rule_from_json(lca_ctx *ctx, const char *path,
                               const json_t *root, lca_rule **r);

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

// obj[key] of type want (JSON_OBJECT, JSON_ARRAY, JSON_STRING, or JSON_REAL
// for any number) into *out; NULL when absent and not required. obj may
// be NULL (everything in it is absent).
lca_status lca__rj_field(lca__rj_reader *r, const json_t *obj,
                         const char *ptr, const char *key, json_type want,
                         int required, json_t **out);

// A string ("" when absent) and a number (dflt when absent).
lca_status lca__rj_str(lca__rj_reader *r, const json_t *obj, const char *ptr,
                       const char *key, int required, const char **s);
lca_status lca__rj_num(lca__rj_reader *r, const json_t *obj, const char *ptr,
                       const char *key, int required, double dflt, double *x);

// An array of strings into *v (scratch) and its length *n.
lca_status lca__rj_strings(lca__rj_reader *r, const json_t *a,
                           const char *ptr, const char *const **v,
                           int64_t *n);

// The parts of a rule (rule_json.c, rule_json_req.c).
lca_status lca__rj_head(lca__rj_reader *r, const json_t *root,
                        lca_rule_spec *s);
lca_status lca__rj_body(lca__rj_reader *r, const json_t *root,
                        lca_rule_spec *s);

#endif  // LCA_IO_RULE_JSON_IMPL_H
