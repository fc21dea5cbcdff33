// io/rules/rule_json_impl.h: reading one rule's JSON, shared by
// rule_json.c and rule_json_req.c (the fields) and rule_read.c (files and
// folders); the typed access is io/util/json_read_impl.h
// SPDX-License-Identifier: MIT

#ifndef LCA_IO_RULE_JSON_IMPL_H
#define LCA_IO_RULE_JSON_IMPL_H

#include <jansson.h>
#include <stddef.h>

#include "io/util/json_read_impl.h"
#include "lca/rule.h"

// The rule in root (a parsed rule file; path names it in messages and
// becomes the rule's source). Types, required and unknown fields are
// checked here, values by lca_rule_create.
// Errors: LCA_ERR_INVALID ("PATH: /pointer: what"), LCA_ERR_NOMEM.
lca_status lca__rule_from_json(lca_ctx *ctx, const char *path,
                               const json_t *root, lca_rule **r);

// The parts of a rule (rule_json.c, rule_json_req.c).
lca_status lca__rj_head(lca__rj_reader *r, const json_t *root,
                        lca_rule_spec *s);
lca_status lca__rj_body(lca__rj_reader *r, const json_t *root,
                        lca_rule_spec *s);

#endif  // LCA_IO_RULE_JSON_IMPL_H
