// engine/check_impl.h: what the value checks of user data share
// SPDX-License-Identifier: MIT
//
// Rules (engine/rules/) and grading schemes (engine/grade/) are checked
// field by field, each field named by its JSON pointer in the file it came
// from, so that a message from the C side and one from the JSON schema
// point at the same place.

#ifndef LCA_CHECK_IMPL_H
#define LCA_CHECK_IMPL_H

#include <stddef.h>

#include "ctx_impl.h"

// A check in progress: what is checked (spec) and where it came from
// ("FILE" or "rule 'ID'"), for the messages.
typedef struct lca__checker {
    lca_ctx *ctx;
    const void *spec;
    char where[512];
} lca__checker;

// "WHERE: POINTER: message" in ctx; returns LCA_ERR_INVALID.
lca_status lca__bad(lca__checker *c, const char *ptr, const char *fmt,
                          ...) __attribute__((format(printf, 3, 4)));

// 1 when s holds a control character (below 0x20, or DEL).
int lca__has_control(const char *s);

// A required text field: not empty, no control character, at most max
// bytes.
lca_status lca__check_text(lca__checker *c, const char *ptr, const char *s,
                           size_t max);

#endif  // LCA_CHECK_IMPL_H
