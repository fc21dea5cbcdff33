// tests/test_fuzz_corpus.c: replay tests/fuzz-corpus/<parser>/ through the
// fuzz harnesses (fuzz/fuzz_<parser>.c)
// SPDX-License-Identifier: MIT
//
// The corpus holds the fuzzers' seeds (valid inputs and hand-written nasty
// ones) and every input that once crashed, hung or leaked, kept as a
// regression test (fuzz/README.md). Each file goes through the same
// function the fuzz target calls, which checks the parser's contract
// (fuzz/fuzz.h): a result or a documented error with a message, never a
// leak through the ctx allocator. Crashes and memory errors are caught by
// the ASan + UBSan pass of scripts/test.sh. A parser whose folder is empty
// fails: a replay of nothing would pass whatever the parser does.
//
// "HDF5: infinite loop closing library" at exit comes from
// model_read/metadata-checksum-bad: HDF5 1.10 loses an object of its own
// after a checksum error (fuzz/lsan.supp); the reader left nothing open.

#define _XOPEN_SOURCE 700  // opendir in strict C11

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>

#include "fuzz/fuzz.h"
#include "test_util.h"

typedef int (*harness)(const uint8_t *data, size_t size);

static int by_name(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

// The file names of dir (no hidden files), sorted; *count of them.
static char **list_files(const char *dir, int64_t *count) {
    DIR *d = opendir(dir);
    if (d == NULL) print_error("cannot open %s\n", dir);
    assert_non_null(d);
    char **names = NULL;
    int64_t n = 0, cap = 0;
    for (struct dirent *de; (de = readdir(d)) != NULL;) {
        if (de->d_name[0] == '.') continue;
        if (n == cap) {
            cap = cap ? 2 * cap : 64;
            names = realloc(names, (size_t)cap * sizeof *names);
            assert_non_null(names);
        }
        names[n] = strdup(de->d_name);
        assert_non_null(names[n++]);
    }
    closedir(d);
    if (n > 1) qsort(names, (size_t)n, sizeof *names, by_name);
    *count = n;
    return names;
}

static uint8_t *read_whole(const char *path, size_t *size) {
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    assert_int_equal(fseek(fp, 0, SEEK_END), 0);
    long len = ftell(fp);
    assert_true(len >= 0);
    rewind(fp);
    uint8_t *data = malloc((size_t)len + 1);
    assert_non_null(data);
    assert_int_equal(fread(data, 1, (size_t)len, fp), (size_t)len);
    fclose(fp);
    *size = (size_t)len;
    return data;
}

static void replay(const char *parser, harness run) {
    char dir[4200], path[8400];
    snprintf(dir, sizeof dir, "%s/tests/fuzz-corpus/%s", LCA_SOURCE_DIR,
             parser);
    int64_t n = 0, failed = 0;
    char **names = list_files(dir, &n);
    for (int64_t i = 0; i < n; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        size_t size = 0;
        uint8_t *data = read_whole(path, &size);
        if (run(data, size) != 0) {
            print_error(
                "fuzz-corpus/%s/%s: the parser broke its contract "
                "(message above)\n",
                parser, names[i]);
            failed++;
        }
        free(data);
        free(names[i]);
    }
    free(names);
    fuzz_cleanup();
    print_message("fuzz-corpus/%s: %lld inputs\n", parser, (long long)n);
    assert_true(n > 0);
    assert_int_equal(failed, 0);
}

static void test_fuzz_corpus_model_read_inputs_keep_contract(void **state) {
    (void)state;
    replay("model_read", lca_fuzz_model_read);
}

static void test_fuzz_corpus_useeio_inputs_keep_contract(void **state) {
    (void)state;
    replay("useeio", lca_fuzz_useeio);
}

static void test_fuzz_corpus_mtx_inputs_keep_contract(void **state) {
    (void)state;
    replay("mtx", lca_fuzz_mtx);
}

static void test_fuzz_corpus_iotable_inputs_keep_contract(void **state) {
    (void)state;
    replay("iotable", lca_fuzz_iotable);
}

static void test_fuzz_corpus_olca_inputs_keep_contract(void **state) {
    (void)state;
    replay("olca", lca_fuzz_olca);
}

static void test_fuzz_corpus_ecospold2_inputs_keep_contract(void **state) {
    (void)state;
    replay("ecospold2", lca_fuzz_ecospold2);
}

static void test_fuzz_corpus_method_inputs_keep_contract(void **state) {
    (void)state;
    replay("method", lca_fuzz_method);
}

static void test_fuzz_corpus_bw_inputs_keep_contract(void **state) {
    (void)state;
    replay("bw", lca_fuzz_bw);
}

static void test_fuzz_corpus_presamples_inputs_keep_contract(void **state) {
    (void)state;
    replay("presamples", lca_fuzz_presamples);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fuzz_corpus_model_read_inputs_keep_contract),
        cmocka_unit_test(test_fuzz_corpus_useeio_inputs_keep_contract),
        cmocka_unit_test(test_fuzz_corpus_mtx_inputs_keep_contract),
        cmocka_unit_test(test_fuzz_corpus_iotable_inputs_keep_contract),
        cmocka_unit_test(test_fuzz_corpus_olca_inputs_keep_contract),
        cmocka_unit_test(test_fuzz_corpus_ecospold2_inputs_keep_contract),
        cmocka_unit_test(test_fuzz_corpus_method_inputs_keep_contract),
        cmocka_unit_test(test_fuzz_corpus_presamples_inputs_keep_contract),
        cmocka_unit_test(test_fuzz_corpus_bw_inputs_keep_contract),
    };
    return cmocka_run_group_tests_name("fuzz_corpus", tests, NULL, NULL);
}
