// fuzz/fuzz_util.c: what the parser fuzz harnesses share (fuzz/fuzz.h)
// SPDX-License-Identifier: MIT
//
// No state outlives a call: the folder name is derived from the process
// id each time (mkdir is idempotent), and the ctx, its allocator counters
// and every fixture are made and dropped per input. That keeps an input's
// outcome independent of the inputs before it, so a crash found by the
// fuzzer reproduces from its one file.

#define _XOPEN_SOURCE 700  // nftw

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zip.h>

#include "fuzz.h"

// ---- the counting, capped allocator -----------------------------------------

// A header in front of each block keeps the pointer aligned for any type.
typedef union block_head {
    size_t size;
    max_align_t align;
} block_head;

static void *fa_malloc(void *user, size_t size) {
    fuzz_env *e = user;
    if (size > FUZZ_ALLOC_MAX) return NULL;
    block_head *h = malloc(sizeof *h + size);
    if (h == NULL) return NULL;
    h->size = size;
    e->live++;
    return h + 1;
}

static void fa_free(void *user, void *p) {
    fuzz_env *e = user;
    if (p == NULL) return;
    e->live--;
    free((block_head *)p - 1);
}

// ---- the folder -------------------------------------------------------------

static void folder_name(char *buf, size_t size) {
    const char *tmp = getenv("TMPDIR");
    if (tmp == NULL || tmp[0] == '\0') tmp = "/tmp";
    snprintf(buf, size, "%s/lca-fuzz-%ld", tmp, (long)getpid());
}

// mkdir -p for the folders of path above base (which exists).
static void make_parents(char *path, size_t base) {
    for (char *p = path + base + 1; (p = strchr(p, '/')) != NULL; p++) {
        *p = '\0';
        mkdir(path, 0700);
        *p = '/';
    }
}

int fuzz_begin(fuzz_env *e, const char *target) {
    memset(e, 0, sizeof *e);
    e->target = target;
    folder_name(e->dir, sizeof e->dir);
    if (mkdir(e->dir, 0700) != 0 && errno != EEXIST) return -1;
    size_t len = strlen(e->dir);
    snprintf(e->dir + len, sizeof e->dir - len, "/%s", target);
    if (mkdir(e->dir, 0700) != 0 && errno != EEXIST) return -1;
    if (lca_ctx_create(&e->ctx) != LCA_OK) return -1;
    lca_ctx_set_nthreads(e->ctx, 1);
    lca_allocator a = {fa_malloc, NULL, fa_free, e};
    lca_ctx_set_allocator(e->ctx, &a);
    return 0;
}

int fuzz_end(fuzz_env *e) {
    lca_ctx_destroy(&e->ctx);
    if (e->live == 0) return 0;
    fprintf(stderr,
            "fuzz %s: %lld blocks allocated through the ctx were "
            "never freed\n",
            e->target, (long long)e->live);
    return -1;
}

const char *fuzz_path(const fuzz_env *e, const char *name, char *buf) {
    snprintf(buf, 4200, "%s/%s", e->dir, name);
    make_parents(buf, strlen(e->dir));
    return buf;
}

const char *fuzz_write(const fuzz_env *e, const char *name, const void *data,
                       size_t size, char *buf) {
    fuzz_path(e, name, buf);
    // A new file rather than a truncated one: ext4 flushes a file that was
    // truncated and rewritten on close (auto_da_alloc), which is slow.
    remove(buf);
    FILE *fp = fopen(buf, "wb");
    if (fp == NULL) return NULL;
    size_t put = size > 0 ? fwrite(data, 1, size, fp) : 0;
    int closed = fclose(fp);
    return put == size && closed == 0 ? buf : NULL;
}

const char *fuzz_write_text(const fuzz_env *e, const char *name,
                            const char *text, char *buf) {
    return fuzz_write(e, name, text, strlen(text), buf);
}

// ---- the contract -----------------------------------------------------------

static int is_error_code(lca_status st) {
    return st == LCA_ERR_NOMEM || st == LCA_ERR_ARG || st == LCA_ERR_DIM ||
           st == LCA_ERR_INVALID || st == LCA_ERR_SINGULAR ||
           st == LCA_ERR_SOLVER || st == LCA_ERR_IO || st == LCA_ERR_NOTFOUND;
}

int fuzz_check(const fuzz_env *e, const char *call, lca_status st,
               const void *result) {
    const char *why = NULL;
    if (st == LCA_OK && result == NULL) why = "LCA_OK but no result";
    if (st != LCA_OK && result != NULL) why = "an error but a result";
    if (st != LCA_OK && !is_error_code(st)) why = "not an lca_status error code";
    if (st != LCA_OK && lca_ctx_errmsg(e->ctx)[0] == '\0') {
        why = "an error without a message";
    }
    if (getenv("LCA_FUZZ_VERBOSE") != NULL) {  // every outcome, for audits
        fprintf(stderr, "fuzz %s: %s: %s\n", call, lca_status_str(st),
                st == LCA_OK ? "" : lca_ctx_errmsg(e->ctx));
    }
    if (why == NULL) return 0;
    fprintf(stderr, "fuzz %s: %s (status %d: %s; message '%s')\n", call, why,
            (int)st, lca_status_str(st), lca_ctx_errmsg(e->ctx));
    return -1;
}

// ---- zip archives -----------------------------------------------------------

const char *fuzz_zip(const fuzz_env *e, const char *name, int count,
                     const fuzz_member *m, char *buf) {
    int err = 0;
    fuzz_path(e, name, buf);
    remove(buf);
    zip_t *z = zip_open(buf, ZIP_CREATE | ZIP_TRUNCATE, &err);
    if (z == NULL) return NULL;
    for (int i = 0; i < count; i++) {
        size_t size = m[i].size == (size_t)-1 ? strlen(m[i].data) : m[i].size;
        zip_source_t *s = zip_source_buffer(z, m[i].data, size, 0);
        zip_int64_t at =
            s != NULL ? zip_file_add(z, m[i].name, s, ZIP_FL_OVERWRITE) : -1;
        if (at < 0) {
            zip_source_free(s);
            zip_discard(z);
            return NULL;
        }
        // Stored, not deflated: the archive is rewritten for every input.
        zip_set_file_compression(z, (zip_uint64_t)at, ZIP_CM_STORE, 0);
    }
    return zip_close(z) == 0 ? buf : NULL;
}

int fuzz_is_zip(const uint8_t *data, size_t size) {
    return size >= 4 && data[0] == 'P' && data[1] == 'K' &&
           ((data[2] == 3 && data[3] == 4) || (data[2] == 5 && data[3] == 6));
}

// ---- the fixed model --------------------------------------------------------

typedef struct label_list {
    lca_axis axis;
    lca_label label;
    const char *const *values;
} label_list;

static lca_status label_model(lca_model *M) {
    static const char *const pid[] = {"p0", "p1"};
    static const char *const pname[] = {"Steel", "Power"};
    static const char *const fid[] = {"co2", "ch4"};
    static const char *const fname[] = {"Carbon dioxide, fossil", "Methane"};
    static const char *const fcas[] = {"124-38-9", "74-82-8"};
    static const char *const fcomp[] = {"air", "air/urban"};
    static const char *const funit[] = {"kg", "kg"};
    static const char *const iid[] = {"GWP"};
    const label_list lists[] = {
        {LCA_PRODUCTS, LCA_LABEL_ID, pid},
        {LCA_PRODUCTS, LCA_LABEL_NAME, pname},
        {LCA_FLOWS, LCA_LABEL_ID, fid},
        {LCA_FLOWS, LCA_LABEL_NAME, fname},
        {LCA_FLOWS, LCA_LABEL_CAS, fcas},
        {LCA_FLOWS, LCA_LABEL_COMPARTMENT, fcomp},
        {LCA_FLOWS, LCA_LABEL_UNIT, funit},
        {LCA_INDICATORS, LCA_LABEL_ID, iid},
    };
    lca_status st = LCA_OK;
    for (size_t k = 0; k < sizeof lists / sizeof lists[0]; k++) {
        if (st == LCA_OK) {
            st = lca_model_set_labels(M, lists[k].axis, lists[k].label,
                                      lists[k].values);
        }
    }
    return st;
}

lca_model *fuzz_model(lca_ctx *ctx) {
    // A = [1 0; -0.5 1], B = [2 1; 0.1 0], C = [1 28] (CSC, column by column).
    static const int64_t Ap[] = {0, 2, 3}, Ai[] = {0, 1, 1};
    static const double Ax[] = {1, -0.5, 1};
    static const int64_t Bp[] = {0, 2, 3}, Bi[] = {0, 1, 0};
    static const double Bx[] = {2, 0.1, 1};
    static const int64_t Cp[] = {0, 1, 2}, Ci[] = {0, 0};
    static const double Cx[] = {1, 28};
    lca_csc *A = NULL, *B = NULL, *C = NULL;
    lca_model *M = NULL;
    lca_status st = lca_csc_from_arrays(ctx, 2, 2, Ap, Ai, Ax, &A);
    if (st == LCA_OK) st = lca_csc_from_arrays(ctx, 2, 2, Bp, Bi, Bx, &B);
    if (st == LCA_OK) st = lca_csc_from_arrays(ctx, 1, 2, Cp, Ci, Cx, &C);
    if (st == LCA_OK) st = lca_model_create(ctx, LCA_TECHNOSPHERE, A, B, C, &M);
    if (st == LCA_OK) st = label_model(M);
    if (st != LCA_OK) lca_model_destroy(&M);
    lca_csc_destroy(&A);
    lca_csc_destroy(&B);
    lca_csc_destroy(&C);
    return M;
}

// ---- cleanup ----------------------------------------------------------------

static int remove_one(const char *path, const struct stat *sb, int flag,
                      struct FTW *ftw) {
    (void)sb;
    (void)flag;
    (void)ftw;
    remove(path);
    return 0;
}

void fuzz_cleanup(void) {
    char dir[4096];
    folder_name(dir, sizeof dir);
    nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

#ifdef LCA_FUZZ_MAIN
// libFuzzer calls this once before the first input.
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    atexit(fuzz_cleanup);
    return 0;
}
#endif
