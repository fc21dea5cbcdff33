// fuzz/fuzz.h: the parser fuzz harnesses and what they share
// SPDX-License-Identifier: MIT
//
// Each fuzz/fuzz_<parser>.c defines lca_fuzz_<parser>(data, size): it
// writes the bytes to a file (alone, or as one member of an otherwise
// valid fixture), calls the parser, checks the result's contract and
// destroys it. The same functions are built twice: into libFuzzer targets
// (clang, -DLCA_FUZZ=ON, with LCA_FUZZ_MAIN defined, which adds
// LLVMFuzzerTestOneInput) and into tests/test_fuzz_corpus.c (any
// compiler), which runs every file of tests/fuzz-corpus/<parser>/.
//
// The contract checked on every call (a violation returns -1, which the
// fuzz target turns into a crash report):
//   - on LCA_OK the result is not NULL; on an error it is NULL, the status
//     is one of lca_status's error codes and lca_ctx_errmsg is not empty;
//   - no block allocated through the ctx allocator is still live once the
//     result and the ctx are destroyed.
// Crashes, hangs, memory errors and leaks of plain malloc (jansson,
// libxml2, libzip, HDF5) are the sanitizers' and libFuzzer's to report.
//
// Files go to a folder per process and target, $TMPDIR/lca-fuzz-PID/TARGET
// ($TMPDIR defaults to /tmp), made on demand and reused for every input;
// fuzz_cleanup removes it.

#ifndef LCA_FUZZ_H
#define LCA_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "lca.h"

// ---- the harnesses: 0 when the parser kept its contract, else -1 -----------

int lca_fuzz_model_read(const uint8_t *data, size_t size);
int lca_fuzz_useeio(const uint8_t *data, size_t size);
int lca_fuzz_mtx(const uint8_t *data, size_t size);
int lca_fuzz_iotable(const uint8_t *data, size_t size);
int lca_fuzz_olca(const uint8_t *data, size_t size);
int lca_fuzz_ecospold2(const uint8_t *data, size_t size);
int lca_fuzz_method(const uint8_t *data, size_t size);
int lca_fuzz_presamples(const uint8_t *data, size_t size);
int lca_fuzz_bw(const uint8_t *data, size_t size);

// ---- shared by the harnesses (fuzz/fuzz_util.c) -----------------------------

// The ctx allocator refuses any single request above this: a few bytes
// declaring a huge size must give LCA_ERR_NOMEM, not eat the machine.
#define FUZZ_ALLOC_MAX ((size_t)256 << 20)

// One harness call: a ctx with a counting, capped allocator.
typedef struct fuzz_env {
    lca_ctx *ctx;
    const char *target;  // e.g. "mtx", for messages
    int64_t live;        // blocks allocated through the ctx and not yet freed
    char dir[4096];      // $TMPDIR/lca-fuzz-PID/TARGET
} fuzz_env;

// Make the ctx and the target's folder. Returns 0, or -1 (cannot set up:
// the harness skips the input).
int fuzz_begin(fuzz_env *e, const char *target);

// Destroy the ctx; returns -1 (with a message on stderr) if blocks leaked.
int fuzz_end(fuzz_env *e);

// dir/name into buf (size 4200); the folders in name are created.
const char *fuzz_path(const fuzz_env *e, const char *name, char *buf);

// Write size bytes to dir/name; returns the path (in buf) or NULL.
const char *fuzz_write(const fuzz_env *e, const char *name, const void *data,
                       size_t size, char *buf);
const char *fuzz_write_text(const fuzz_env *e, const char *name,
                            const char *text, char *buf);

// The contract after a call that returned st and *out == result: 0 or -1
// (with a message on stderr naming the target and the call). With
// $LCA_FUZZ_VERBOSE set, every call's status and message go to stderr.
int fuzz_check(const fuzz_env *e, const char *call, lca_status st,
               const void *result);

// One member of a zip archive.
typedef struct fuzz_member {
    const char *name;
    const void *data;
    size_t size;  // (size_t)-1: data is a NUL-terminated text
} fuzz_member;

// Write dir/name as a zip of count members; returns the path or NULL.
const char *fuzz_zip(const fuzz_env *e, const char *name, int count,
                     const fuzz_member *m, char *buf);

// Does the input look like a whole zip archive (local file header or an
// empty archive's end record)?
int fuzz_is_zip(const uint8_t *data, size_t size);

// A small fixed model: products p0, p1 (kg, "Steel"), flows co2
// ("Carbon dioxide, fossil", 124-38-9, air, kg) and ch4 ("Methane",
// air), indicator GWP; A, B, C with a few entries. NULL on failure.
lca_model *fuzz_model(lca_ctx *ctx);

// Remove the folder of this process (the test calls it at the end; the
// fuzz targets at exit).
void fuzz_cleanup(void);

#endif  // LCA_FUZZ_H
