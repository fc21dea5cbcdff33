// tests/test_h5seal.c: sealed files and the probe of unsealed ones
// SPDX-License-Identifier: MIT
//
// io/hdf5/h5seal.c and io/hdf5/h5probe.c: every file leontief writes
// carries a SHA-256 of itself in its user block, verified before libhdf5
// opens it; a file without one is first read by a child process with a
// time limit. The known libhdf5 1.10.8 bugs (tests/fuzz-corpus/known-bugs/:
// a damaged global heap crashes libhdf5 or makes it spin forever) must end
// as "damaged file" (exit 3), never by a signal, in a few seconds.

#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

#include "io/hdf5/h5util_impl.h"
#include "test_util.h"

#define KNOWN "tests/fuzz-corpus/known-bugs/model_read"

static lca_model *tiny(lca_ctx *ctx) {
    double T[] = {1, -0.5, 0, 1}, B[] = {2, 3}, C[] = {1};
    lca_csc *A = csc_from_dense(ctx, 2, 2, T), *Bc = csc_from_dense(ctx, 1,
                                                                    2, B);
    lca_csc *Cc = csc_from_dense(ctx, 1, 1, C);
    lca_model *M = NULL;
    assert_int_equal(lca_model_create(ctx, LCA_TECHNOSPHERE, A, Bc, Cc, &M),
                     LCA_OK);
    const char *ids[] = {"wood", "Müsli"};
    assert_int_equal(lca_model_set_labels(M, LCA_PRODUCTS, LCA_LABEL_ID, ids),
                     LCA_OK);
    lca_csc_destroy(&A);
    lca_csc_destroy(&Bc);
    lca_csc_destroy(&Cc);
    return M;
}

static const char *written(lca_ctx *ctx, const char *dirname) {
    static char path[4200];
    snprintf(path, sizeof path, "%s/m.h5", test_tmpdir(dirname));
    lca_model *M = tiny(ctx);
    assert_int_equal(lca_model_write(M, path), LCA_OK);
    lca_model_destroy(&M);
    return path;
}

static void flip(const char *path, long at) {
    FILE *fp = fopen(path, "r+b");
    assert_non_null(fp);
    assert_int_equal(fseek(fp, at, SEEK_SET), 0);
    int c = fgetc(fp);
    assert_int_equal(fseek(fp, at, SEEK_SET), 0);
    fputc(c ^ 1, fp);
    fclose(fp);
}

static long file_size(const char *path) {
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fclose(fp);
    return n;
}

static void test_h5seal_files_written_are_sealed(void **state) {
    lca_ctx *ctx = *state;
    const char *path = written(ctx, "h5seal_written");
    int sealed = 0;
    assert_int_equal(lca__h5_check(ctx, path, &sealed), LCA_OK);
    assert_int_equal(sealed, 1);
    lca_model *M = NULL;
    assert_int_equal(lca_model_read(ctx, path, &M), LCA_OK);
    assert_string_equal(lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_ID, 1),
                        "Müsli");
    lca_model_destroy(&M);
}

// One bit changed anywhere after the seal (the superblock, the middle,
// the last byte), a byte cut or added: refused by name, before libhdf5.
static void test_h5seal_any_change_is_refused(void **state) {
    lca_ctx *ctx = *state;
    const char *path = written(ctx, "h5seal_flip");
    char copy[4300], cmd[9000];
    snprintf(copy, sizeof copy, "%s.copy", path);
    long size = file_size(path);
    long at[] = {512, 600, size / 2, size - 1};
    for (int i = 0; i < 4; i++) {
        snprintf(cmd, sizeof cmd, "cp '%s' '%s'", path, copy);
        assert_int_equal(system(cmd), 0);
        flip(copy, at[i]);
        lca_model *M = (lca_model *)1;
        assert_int_equal(lca_model_read(ctx, copy, &M), LCA_ERR_INVALID);
        assert_null(M);
        assert_non_null(strstr(lca_ctx_errmsg(ctx), copy));
        assert_non_null(strstr(lca_ctx_errmsg(ctx), "damaged file"));
        assert_non_null(strstr(lca_ctx_errmsg(ctx), "checksum"));
    }
    snprintf(cmd, sizeof cmd, "cp '%s' '%s' && printf x >> '%s'", path, copy,
             copy);
    assert_int_equal(system(cmd), 0);
    lca_model *M = NULL;
    assert_int_equal(lca_model_read(ctx, copy, &M), LCA_ERR_INVALID);
    assert_non_null(strstr(lca_ctx_errmsg(ctx), "extended"));
}

// Files without a seal are read (through the probe): one written by hand
// (the seal removed) and a version 2 file of an older leontief, with
// variable-length strings.
static void test_h5seal_unsealed_files_still_read(void **state) {
    lca_ctx *ctx = *state;
    const char *path = written(ctx, "h5seal_unsealed");
    h5_unseal(path);
    int sealed = 1;
    assert_int_equal(lca__h5_check(ctx, path, &sealed), LCA_OK);
    assert_int_equal(sealed, 0);
    lca_model *M = NULL;
    assert_int_equal(lca_model_read(ctx, path, &M), LCA_OK);
    lca_model_destroy(&M);
    const char *old = src_path("tests/fuzz-corpus/model_read/valid-tiny");
    assert_int_equal(lca__h5_check(ctx, old, &sealed), LCA_OK);
    assert_int_equal(sealed, 0);
    assert_int_equal(lca_model_read(ctx, old, &M), LCA_OK);
    assert_int_equal(lca_model_dim(M, LCA_PRODUCTS), 3);
    assert_string_equal(lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_ID, 0),
                        "electricity");
    lca_model_destroy(&M);
}

// The files of known-bugs/ that crash libhdf5 (SIGSEGV) or make it loop
// forever: read here, in this process, they are damaged files.
static void test_h5seal_known_libhdf5_bugs_are_damaged_files(void **state) {
    lca_ctx *ctx = *state;
    DIR *d = opendir(src_path(KNOWN));
    assert_non_null(d);
    struct dirent *e;
    int n = 0;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') continue;
        char path[4400];
        snprintf(path, sizeof path, "%s/%s", src_path(KNOWN), e->d_name);
        lca_model *M = (lca_model *)1;
        assert_int_equal(lca_model_read(ctx, path, &M), LCA_ERR_INVALID);
        assert_null(M);
        assert_non_null(strstr(lca_ctx_errmsg(ctx), "damaged file"));
        n++;
    }
    closedir(d);
    assert_true(n >= 5);
}

// The same through the program (CI's replay): exit 3, not a signal.
static void test_h5seal_known_bugs_exit_3_in_the_cli(void **state) {
    (void)state;
    const char *cli = getenv("LCA_CLI");
    if (cli == NULL) skip();
    DIR *d = opendir(src_path(KNOWN));
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') continue;
        char cmd[9000];
        snprintf(cmd, sizeof cmd, "'%s' info '%s/%s' >/dev/null 2>&1", cli,
                 src_path(KNOWN), e->d_name);
        int st = system(cmd);
        assert_true(WIFEXITED(st));
        assert_int_equal(WEXITSTATUS(st), 3);
    }
    closedir(d);
}

int main(void) {
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, ctx_setup, ctx_teardown)
        T(test_h5seal_files_written_are_sealed),
        T(test_h5seal_any_change_is_refused),
        T(test_h5seal_unsealed_files_still_read),
        T(test_h5seal_known_libhdf5_bugs_are_damaged_files),
        T(test_h5seal_known_bugs_exit_3_in_the_cli),
#undef T
    };
    return cmocka_run_group_tests_name("h5seal", tests, NULL, NULL);
}
