// tests/test_util.h: what every cmocka test here shares
// SPDX-License-Identifier: MIT

#ifndef LCA_TEST_UTIL_H
#define LCA_TEST_UTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lca.h"

// Setup/teardown that put a fresh lca_ctx in *state.
int ctx_setup(void **state);
int ctx_teardown(void **state);

// Teardown of a group whose setup put a malloc'd fixture in *state.
int free_teardown(void **state);

// |a - b| <= rtol * max(|a|, |b|), or both tiny (below atol_floor).
void assert_close_impl(double a, double b, double rtol, const char *file,
                       int line);
#define assert_close(a, b, rtol) \
    assert_close_impl((a), (b), (rtol), __FILE__, __LINE__)

// An allocator that fails on the k-th allocation (k counting from 0) and
// counts live blocks. fail_at < 0 never fails.
typedef struct test_alloc {
    int64_t fail_at;
    int64_t count;  // allocations so far
    int64_t live;   // blocks not yet freed
} test_alloc;
void test_alloc_install(lca_ctx *ctx, test_alloc *ta, int64_t fail_at);
// Re-arm an installed test_alloc: the fail_at-th allocation from now fails
// (fail_at < 0: none). live is kept, so objects made before stay counted.
void test_alloc_fail_at(test_alloc *ta, int64_t fail_at);

// Each allocation failure in turn: with the k-th allocation failing
// (k = 0, 1, ...), var = NULL and then make (a call that fills var) must
// give LCA_ERR_NOMEM, leave var NULL and hold no more blocks than before,
// until it succeeds; the object made then goes to destroy(&var). ta is an
// installed test_alloc; it fails nothing after.
#define assert_nomem_each(ta, var, make, destroy)  \
    do {                                           \
        for (int64_t k_ = 0;; k_++) {              \
            test_alloc_fail_at((ta), k_);          \
            int64_t live_ = (ta)->live;            \
            (var) = NULL;                          \
            lca_status st_ = (make);               \
            if (st_ == LCA_OK) {                   \
                destroy(&(var));                   \
                break;                             \
            }                                      \
            assert_int_equal(st_, LCA_ERR_NOMEM);  \
            assert_null(var);                      \
            assert_int_equal((ta)->live, live_);   \
        }                                          \
        test_alloc_fail_at((ta), -1);              \
    } while (0)

// Path of a file under the source tree: LCA_SOURCE_DIR "/" rel.
const char *src_path(const char *rel);

// A fresh empty directory under the build tree for this test's files.
const char *test_tmpdir(const char *name);

// Build a csc from a dense row-major m x n array (zeros dropped).
lca_csc *csc_from_dense(lca_ctx *ctx, int64_t m, int64_t n, const double *X);

// The model of convention conv from dense row-major A (n x n), B (m x n)
// and C (k x m). Fails the test if it cannot be made.
lca_model *model_from_dense(lca_ctx *ctx, lca_convention conv, int64_t n,
                            int64_t m, int64_t k, const double *A,
                            const double *B, const double *C);

// Label a model of one flow "co2" and one indicator "GWP100" (kg CO2-eq):
// its products get ids pid, units unit and, when names is not NULL,
// names. Fails the test on error.
void label_gwp_model(lca_model *M, const char *const *pid,
                     const char *const *names, const char *const *unit);

// Name the products of *M names, write it to path and destroy it. Fails
// the test on error.
void write_named_model(lca_model **M, const char *const *names,
                       const char *path);

// Does the file exist?
int file_exists(const char *path);

// The whole file at path, NUL-terminated (malloc'd: the caller frees it).
// Fails the test if it cannot be read.
char *test_slurp(const char *path);

// Write text to the file at path (replacing it). Fails the test if it
// cannot be written.
void test_write_text(const char *path, const char *text);

// Remove the seal (the checksum in the user block, io/hdf5/h5seal.c) of an
// HDF5 file leontief wrote, as if it had been written by hand: for tests
// that edit a file with the HDF5 API to reach the reader's own checks.
void h5_unseal(const char *path);

// Every value of the float64 dataset name of an HDF5 file, in C order
// (malloc'd; *count gets how many). Fails the test if it cannot be read.
double *read_h5_doubles(const char *file, const char *name, int64_t *count);

// An int64 attribute of the root group, or -1 if absent.
int64_t read_h5_root_int(const char *file, const char *name);

#endif  // LCA_TEST_UTIL_H
