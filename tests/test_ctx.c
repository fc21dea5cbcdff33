// tests/test_ctx.c: the context (engine/ctx.c)
// SPDX-License-Identifier: MIT
//
// lca__fail and lca__wrap are internal, so their messages are reached
// through public calls that fail.

#include <stdio.h>
#include <stdlib.h>

#include "test_util.h"

// An allocator that counts its calls, and the requests for zero bytes.
typedef struct counting_alloc {
    int64_t nmalloc, nrealloc, nfree;
    int64_t zero_size_requests;
} counting_alloc;

static void *count_malloc(void *user, size_t size) {
    counting_alloc *c = user;
    c->nmalloc++;
    if (size == 0) c->zero_size_requests++;
    return malloc(size);
}

static void *count_realloc(void *user, void *p, size_t old_size,
                           size_t size) {
    counting_alloc *c = user;
    (void)old_size;
    c->nrealloc++;
    if (size == 0) c->zero_size_requests++;
    return realloc(p, size);
}

static void count_free(void *user, void *p) {
    counting_alloc *c = user;
    if (p != NULL) c->nfree++;
    free(p);
}

static void test_ctx_create_rejects_null(void **state) {
    (void)state;
    assert_int_equal(lca_ctx_create(NULL), LCA_ERR_ARG);
    lca_ctx_destroy(NULL);
    lca_ctx *ctx = NULL;
    lca_ctx_destroy(&ctx);  // NULL object: nothing to do
    assert_null(ctx);
}

static void test_ctx_destroy_sets_null(void **state) {
    (void)state;
    lca_ctx *ctx = NULL;
    assert_int_equal(lca_ctx_create(&ctx), LCA_OK);
    assert_non_null(ctx);
    lca_ctx_destroy(&ctx);
    assert_null(ctx);
}

static void test_ctx_errmsg_starts_empty(void **state) {
    lca_ctx *ctx = *state;
    assert_non_null(lca_ctx_errmsg(ctx));
    assert_string_equal(lca_ctx_errmsg(ctx), "");
    assert_non_null(lca_ctx_errmsg(NULL));
}

static void test_ctx_errmsg_describes_a_failed_call(void **state) {
    lca_ctx *ctx = *state;
    lca_csc *A = (lca_csc *)1;
    assert_int_equal(lca_csc_create(ctx, -1, 2, 0, &A), LCA_ERR_ARG);
    assert_null(A);
    assert_string_equal(lca_ctx_errmsg(ctx),
                        "matrix size -1 x 2 with 0 entries is invalid");
    // The next failure replaces the message.
    assert_int_equal(lca_csc_create(ctx, 3, -4, 0, &A), LCA_ERR_ARG);
    assert_string_equal(lca_ctx_errmsg(ctx),
                        "matrix size 3 x -4 with 0 entries is invalid");
}

static void test_ctx_errmsg_survives_success(void **state) {
    lca_ctx *ctx = *state;
    lca_csc *A = NULL;
    assert_int_equal(lca_csc_create(ctx, 2, -1, 0, &A), LCA_ERR_ARG);
    char before[1100];
    strcpy(before, lca_ctx_errmsg(ctx));
    assert_int_equal(lca_csc_create(ctx, 2, 2, 1, &A), LCA_OK);
    assert_string_equal(lca_ctx_errmsg(ctx), before);
    // Also calls that look a name up on their way to success.
    lca_csc *B = NULL, *C = NULL;
    assert_int_equal(lca_csc_create(ctx, 0, 2, 0, &B), LCA_OK);
    assert_int_equal(lca_csc_create(ctx, 0, 0, 0, &C), LCA_OK);
    lca_model *M = NULL;
    assert_int_equal(lca_model_create(ctx, LCA_TECHNOSPHERE, A, B, C, &M),
                     LCA_OK);
    int64_t idx[] = {1};
    double val[] = {1.0};
    assert_int_equal(lca_model_add_demand(M, "d0", 1, idx, val), LCA_OK);
    assert_int_equal(lca_model_add_demand(M, "d1", 1, idx, val), LCA_OK);
    int64_t set[] = {0, 1};
    assert_int_equal(lca_model_add_demand_set(M, "s0", 2, set), LCA_OK);
    assert_int_equal(lca_model_add_demand_set(M, "s1", 1, set), LCA_OK);
    assert_string_equal(lca_ctx_errmsg(ctx), before);
    lca_model_destroy(&M);
    lca_csc_destroy(&A);
    lca_csc_destroy(&B);
    lca_csc_destroy(&C);
}

// A key longer than the message buffer is cut, never overflows it.
static void test_ctx_errmsg_truncates_long_messages(void **state) {
    lca_ctx *ctx = *state;
    lca_csc *A = csc_from_dense(ctx, 1, 1, (const double[]){0.5});
    lca_csc *B = NULL, *C = NULL;
    assert_int_equal(lca_csc_create(ctx, 0, 1, 0, &B), LCA_OK);
    assert_int_equal(lca_csc_create(ctx, 0, 0, 0, &C), LCA_OK);
    lca_model *M = NULL;
    assert_int_equal(lca_model_create(ctx, LCA_TECHNOSPHERE, A, B, C, &M),
                     LCA_OK);
    char key[3000];
    memset(key, 'k', sizeof key - 1);
    key[sizeof key - 1] = '\0';
    int64_t i = 0;
    assert_int_equal(lca_model_lookup(M, LCA_PRODUCTS, key, &i),
                     LCA_ERR_NOTFOUND);
    size_t len = strlen(lca_ctx_errmsg(ctx));
    assert_true(len > 100);
    assert_true(len < 1024);
    assert_non_null(strstr(lca_ctx_errmsg(ctx), "kkkkkkkk"));
    lca_model_destroy(&M);
    lca_csc_destroy(&A);
    lca_csc_destroy(&B);
    lca_csc_destroy(&C);
}

// lca__wrap puts context in front of the message it wraps.
static void test_ctx_wrapped_message_keeps_the_cause(void **state) {
    lca_ctx *ctx = *state;
    lca_csc *A = csc_from_dense(ctx, 2, 2, (const double[]){1, 0, 0, 1});
    lca_csc *B = NULL, *C = NULL;
    assert_int_equal(lca_csc_create(ctx, 0, 2, 0, &B), LCA_OK);
    assert_int_equal(lca_csc_create(ctx, 0, 0, 0, &C), LCA_OK);
    lca_model *M = NULL;
    assert_int_equal(lca_model_create(ctx, LCA_TECHNOSPHERE, A, B, C, &M),
                     LCA_OK);
    int64_t idx[] = {5};
    double val[] = {1.0};
    assert_int_equal(lca_model_add_demand(M, "far", 1, idx, val),
                     LCA_ERR_ARG);
    const char *msg = lca_ctx_errmsg(ctx);
    assert_true(strncmp(msg, "demand 'far': ", 14) == 0);
    assert_non_null(strstr(msg, "triplet 0 at (5, 0)"));
    lca_model_destroy(&M);
    lca_csc_destroy(&A);
    lca_csc_destroy(&B);
    lca_csc_destroy(&C);
}

static void test_ctx_status_str_is_distinct_for_every_status(void **state) {
    (void)state;
    const lca_status all[] = {
        LCA_OK,          LCA_WARN_ILLCOND, LCA_ERR_NOMEM, LCA_ERR_ARG,
        LCA_ERR_DIM,     LCA_ERR_INVALID,  LCA_ERR_SINGULAR,
        LCA_ERR_SOLVER,  LCA_ERR_IO,       LCA_ERR_NOTFOUND,
    };
    const size_t n = sizeof all / sizeof all[0];
    const char *unknown = lca_status_str((lca_status)99);
    assert_non_null(unknown);
    for (size_t a = 0; a < n; a++) {
        const char *s = lca_status_str(all[a]);
        assert_non_null(s);
        assert_true(s[0] != '\0');
        assert_string_not_equal(s, unknown);
        for (size_t b = 0; b < a; b++) {
            assert_string_not_equal(s, lca_status_str(all[b]));
        }
    }
    assert_string_equal(lca_status_str(LCA_ERR_SINGULAR), "singular system");
}

static void test_ctx_version_is_major_minor_patch(void **state) {
    (void)state;
    int major = -1, minor = -1, patch = -1;
    assert_int_equal(sscanf(lca_version(), "%d.%d.%d", &major, &minor, &patch),
                     3);
    assert_true(major >= 0 && minor >= 0 && patch >= 0);
    // The headers' macros (lca/version.h, from the CMake project version)
    // name the same version.
    assert_int_equal(major, LCA_VERSION_MAJOR);
    assert_int_equal(minor, LCA_VERSION_MINOR);
    assert_int_equal(patch, LCA_VERSION_PATCH);
    assert_string_equal(lca_version(), LCA_VERSION);
    assert_true(LCA_VERSION_AT_LEAST(0, 1, 0));
    assert_false(LCA_VERSION_AT_LEAST(LCA_VERSION_MAJOR + 1, 0, 0));
}

// lca_ctx_malloc/realloc/free go through the context's allocator, and
// lca_ctx_fail sets the message that lca_ctx_errmsg returns.
static void test_ctx_public_allocator_and_errors(void **state) {
    lca_ctx *ctx = *state;
    test_alloc ta;
    test_alloc_install(ctx, &ta, 1);  // the second allocation fails
    int64_t *v = lca_ctx_malloc(ctx, 4, sizeof *v);
    assert_non_null(v);
    assert_int_equal(ta.live, 1);
    for (int i = 0; i < 4; i++) v[i] = i;
    assert_null(lca_ctx_realloc(ctx, v, 1000, sizeof *v));  // fails: v kept
    test_alloc_fail_at(&ta, -1);
    int64_t *w = lca_ctx_realloc(ctx, v, 1000, sizeof *w);
    assert_non_null(w);
    assert_int_equal(w[3], 3);
    lca_ctx_free(ctx, w);
    lca_ctx_free(ctx, NULL);
    assert_int_equal(ta.live, 0);
    lca_ctx_set_allocator(ctx, NULL);
    assert_int_equal(lca_ctx_fail(ctx, LCA_ERR_INVALID, "row %d: %s", 3,
                                  "bad"), LCA_ERR_INVALID);
    assert_string_equal(lca_ctx_errmsg(ctx), "row 3: bad");
    // The message may be an argument (the library formats a copy first).
    lca_ctx_fail(ctx, LCA_ERR_IO, "f.csv: %s", lca_ctx_errmsg(ctx));
    assert_string_equal(lca_ctx_errmsg(ctx), "f.csv: row 3: bad");
}

static void test_ctx_nthreads_defaults_and_restores(void **state) {
    lca_ctx *ctx = *state;
    int def = lca_ctx_nthreads(ctx);
    assert_true(def >= 1);
    lca_ctx_set_nthreads(ctx, 3);
    assert_int_equal(lca_ctx_nthreads(ctx), 3);
    lca_ctx_set_nthreads(ctx, 1);
    assert_int_equal(lca_ctx_nthreads(ctx), 1);
    lca_ctx_set_nthreads(ctx, 0);
    assert_int_equal(lca_ctx_nthreads(ctx), def);
    lca_ctx_set_nthreads(ctx, 7);
    lca_ctx_set_nthreads(ctx, -5);
    assert_int_equal(lca_ctx_nthreads(ctx), def);
    // More than the cap (each thread a stack and workspaces) is the cap.
    lca_ctx_set_nthreads(ctx, 100000);
    assert_int_equal(lca_ctx_nthreads(ctx), LCA_MAX_THREADS);
    lca_ctx_set_nthreads(ctx, LCA_MAX_THREADS);
    assert_int_equal(lca_ctx_nthreads(ctx), 4096);
}

// Every allocation goes through the allocator, including the realloc of a
// growing demand matrix, and every block comes back to it.
static void test_ctx_custom_allocator_is_used(void **state) {
    lca_ctx *ctx = *state;
    counting_alloc c = {0, 0, 0, 0};
    lca_allocator a = {count_malloc, count_realloc, count_free, &c};
    lca_ctx_set_allocator(ctx, &a);
    lca_csc *A = NULL;
    assert_int_equal(lca_csc_create(ctx, 3, 3, 0, &A), LCA_OK);
    assert_true(c.nmalloc >= 1);
    lca_csc_destroy(&A);
    assert_int_equal(c.nfree, c.nmalloc);

    lca_csc *B = NULL, *C = NULL;
    assert_int_equal(lca_csc_create(ctx, 3, 3, 0, &A), LCA_OK);
    assert_int_equal(lca_csc_create(ctx, 0, 3, 0, &B), LCA_OK);
    assert_int_equal(lca_csc_create(ctx, 0, 0, 0, &C), LCA_OK);
    lca_model *M = NULL;
    assert_int_equal(lca_model_create(ctx, LCA_TECHNOSPHERE, A, B, C, &M),
                     LCA_OK);
    int64_t idx[] = {0, 2};
    double val[] = {1.0, 2.0};
    for (int d = 0; d < 5; d++) {
        char name[16];
        snprintf(name, sizeof name, "d%d", d);
        assert_int_equal(lca_model_add_demand(M, name, 2, idx, val), LCA_OK);
    }
    assert_true(c.nrealloc > 0);
    assert_int_equal(c.zero_size_requests, 0);  // never malloc(0)
    lca_model_destroy(&M);
    lca_csc_destroy(&A);
    lca_csc_destroy(&B);
    lca_csc_destroy(&C);
    assert_int_equal(c.nmalloc, c.nfree);
    lca_ctx_set_allocator(ctx, NULL);
}

// The test allocator fails exactly the k-th allocation and counts blocks.
static void test_ctx_test_alloc_fails_the_kth_allocation(void **state) {
    lca_ctx *ctx = *state;
    test_alloc ta;
    test_alloc_install(ctx, &ta, 1);
    lca_csc *A = (lca_csc *)1;
    // Allocation 0 works, allocation 1 fails.
    assert_int_equal(lca_csc_create(ctx, 2, 2, 2, &A), LCA_ERR_NOMEM);
    assert_null(A);
    assert_int_equal(ta.live, 0);
    assert_true(ta.count >= 2);
    // Only the k-th fails: the next call succeeds.
    int64_t before = ta.count;
    assert_int_equal(lca_csc_create(ctx, 2, 2, 2, &A), LCA_OK);
    int64_t per_matrix = ta.count - before;
    assert_true(per_matrix >= 2);
    assert_int_equal(ta.live, per_matrix);
    // Re-arming keeps the live count of blocks made before.
    test_alloc_fail_at(&ta, 0);
    lca_csc *B = (lca_csc *)1;
    assert_int_equal(lca_csc_create(ctx, 1, 1, 1, &B), LCA_ERR_NOMEM);
    assert_null(B);
    assert_int_equal(ta.live, per_matrix);
    lca_csc_destroy(&A);
    assert_int_equal(ta.live, 0);

    test_alloc_install(ctx, &ta, -1);  // never fails
    for (int r = 0; r < 10; r++) {
        assert_int_equal(lca_csc_create(ctx, 2, 2, 2, &A), LCA_OK);
        lca_csc_destroy(&A);
    }
    assert_int_equal(ta.count, 10 * per_matrix);
    assert_int_equal(ta.live, 0);
    lca_ctx_set_allocator(ctx, NULL);
}

int main(void) {
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, ctx_setup, ctx_teardown)
        T(test_ctx_create_rejects_null),
        T(test_ctx_destroy_sets_null),
        T(test_ctx_errmsg_starts_empty),
        T(test_ctx_errmsg_describes_a_failed_call),
        T(test_ctx_errmsg_survives_success),
        T(test_ctx_errmsg_truncates_long_messages),
        T(test_ctx_wrapped_message_keeps_the_cause),
        T(test_ctx_status_str_is_distinct_for_every_status),
        T(test_ctx_version_is_major_minor_patch),
        T(test_ctx_public_allocator_and_errors),
        T(test_ctx_nthreads_defaults_and_restores),
        T(test_ctx_custom_allocator_is_used),
        T(test_ctx_test_alloc_fails_the_kth_allocation),
#undef T
    };
    return cmocka_run_group_tests_name("ctx", tests, NULL, NULL);
}
