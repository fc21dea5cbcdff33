// engine/rules/rule_impl.h: the body of a rule and the checks shared by
// engine/rules/rule.c (the copy), rule_check.c (the fields) and
// rule_bind.c (against a model)
// SPDX-License-Identifier: MIT

#ifndef LCA_RULE_IMPL_H
#define LCA_RULE_IMPL_H

#include <stddef.h>

#include "lca/rule.h"

struct lca_rule {
    lca_ctx *ctx;
    lca_rule_spec s;  // every string and array points into block
    void *block;
};

// Check every field of spec that needs no model (lca_rule_create).
// Errors: LCA_ERR_INVALID ("SOURCE: /pointer: what").
lca_status lca__rule_check(lca_ctx *ctx, const lca_rule_spec *spec);

// "SOURCE" of a rule for messages: its file, else "rule ID".
const char *lca__rule_where(const lca_rule_spec *s, char *buf, size_t size);

// A JSON pointer token for key (RFC 6901: '~' -> "~0", '/' -> "~1"),
// truncated to size.
const char *lca__rule_token(const char *key, char *buf, size_t size);

#endif  // LCA_RULE_IMPL_H
