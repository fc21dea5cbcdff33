// include/lca/io_grading.h: reading grading schemes (and writing grades
// and labels)
// SPDX-License-Identifier: MIT
//
// A grading scheme file is one JSON object, format
// "leontief-grading-scheme" version 1 (docs/DISCLOSURE.md; JSON schema
// datasets/grading/schema/grading-1.schema.json). A folder of schemes
// holds each as ID.json, so that a rule's `grading` id finds its file.
//
// Errors name the file, the field (a JSON pointer, RFC 6901) and what is
// wrong: "steel.json: /classes/1/from: 350 overlaps class 'A', which ends
// at 400".
//
// Threads: one calling thread at a time per ctx.

#ifndef LCA_IO_GRADING_H
#define LCA_IO_GRADING_H

#include "lca/ctx.h"
#include "lca/grade.h"

#ifdef __cplusplus
extern "C" {
#endif

// Read one scheme file. Errors: LCA_ERR_IO (cannot be read, or over 1
// MiB), LCA_ERR_INVALID (not JSON: line and column; a field missing, of
// the wrong type, unknown or out of range; bands that overlap or leave a
// gap), LCA_ERR_NOMEM.
lca_status lca_grading_read(lca_ctx *ctx, const char *path, lca_grading **g);

// The scheme `id` from folder dir: the file dir/ID.json, whose "id" must
// be ID. Errors: LCA_ERR_NOTFOUND (no such file: the message names the
// folder and the id), LCA_ERR_ARG (id not of the form a rule's `grading`
// takes), LCA_ERR_INVALID (the file's id differs), as lca_grading_read.
lca_status lca_grading_find(lca_ctx *ctx, const char *dir, const char *id,
                            lca_grading **g);

#ifdef __cplusplus
}
#endif

#endif  // LCA_IO_GRADING_H
