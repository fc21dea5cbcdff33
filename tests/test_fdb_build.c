// tests/test_fdb_build.c: lca_fdb_build, the release job in one call
// SPDX-License-Identifier: MIT
//
// On a random model of 30 products with uncertainty on every entry: the
// release's Monte Carlo columns equal a run of lca_mc made here with the
// same seed and options (a second path to the same numbers, bit for bit),
// its factors equal lca_calc_factors'; the bad inputs fail at the step
// they name, with nothing left behind (no release, no staging folder);
// a stop keeps the staging folder with the run's checkpoint; every
// allocation failing in turn leaks nothing and leaves nothing on disk.
// Under ASan every failure path is leak-checked.

#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "test_models.h"
#include "test_util.h"

#define NP 30

typedef struct fixture {
    lca_ctx *ctx;
    char dir[4096], model[4200];
} fixture;

static int setup(void **state) {
    fixture *f = calloc(1, sizeof *f);
    const char *dir = test_tmpdir("fdb-build");
    if (f == NULL || dir == NULL || lca_ctx_create(&f->ctx) != LCA_OK) {
        return -1;
    }
    lca_ctx_set_nthreads(f->ctx, 1);
    snprintf(f->dir, sizeof f->dir, "%s", dir);
    snprintf(f->model, sizeof f->model, "%s/random.h5", dir);
    lca_model *M = test_random_model(f->ctx, LCA_TECHNOSPHERE, NP, 6, 3, 0.15,
                                     7, 0);
    test_random_uncertainty(M, 0.1, 0, 7);
    int rc = lca_model_write(M, f->model) == LCA_OK ? 0 : -1;
    lca_model_destroy(&M);
    *state = f;
    return rc;
}

static int teardown(void **state) {
    fixture *f = *state;
    lca_ctx_destroy(&f->ctx);
    free(f);
    return 0;
}

// Does dir hold an entry whose name contains part?
static int has_entry(const char *dir, const char *part) {
    DIR *d = opendir(dir);
    int found = 0;
    for (struct dirent *e; d != NULL && (e = readdir(d)) != NULL;) {
        found |= strstr(e->d_name, part) != NULL;
    }
    if (d != NULL) closedir(d);
    return found;
}

static void options(lca_fdb_build_options *o, int64_t n) {
    lca_fdb_build_options_default(o);
    o->iterations = n;
    o->mc.seed = 42;
    o->mc.block_size = 4;
    o->indicator = "i1";
}

// The release's statistics against lca_mc run here; factors against
// lca_calc.
static void test_build_equals_a_run_of_its_own(void **state) {
    fixture *f = *state;
    char out[4300];
    snprintf(out, sizeof out, "%s/rel", f->dir);
    lca_fdb_build_options o;
    options(&o, 24);
    const char *prod[] = {"p3"};
    o.nproducts = 1;
    o.products = prod;
    lca_fdb_build_result r;
    assert_int_equal(lca_fdb_build(f->ctx, f->model, out, &o, &r), LCA_OK);
    assert_int_equal(r.step, LCA_FDB_STEP_NONE);
    assert_int_equal(r.iterations, 24);
    assert_int_equal(r.products[0], 3);
    assert_false(r.stopped);
    assert_int_equal(lca_fdb_nrecords(r.db), NP);
    lca_model *M = NULL;
    assert_int_equal(lca_model_read(f->ctx, f->model, &M), LCA_OK);
    lca_mc_options mo = o.mc;
    int64_t ind = 1;
    mo.nind = 1;
    mo.ind = &ind;
    mo.nd = 0;
    lca_mc *mc = NULL;
    assert_int_equal(lca_mc_create(M, &mo, &mc), LCA_OK);
    assert_int_equal(lca_mc_run(mc, 0, 24, NULL, NULL, NULL), LCA_OK);
    double mean[NP], sd[NP], lambda[NP];
    int64_t count[NP];
    lca_mc_summary(mc, count, mean, sd, NULL, NULL);
    lca_calc *calc = NULL;
    assert_true(lca_calc_create(M, NULL, &calc) >= 0);
    assert_true(lca_calc_factors(calc, 1, &ind, lambda, NULL) >= 0);
    const double *fm = lca_fdb_num_get(r.db, LCA_FDB_MEAN);
    const double *fs = lca_fdb_num_get(r.db, LCA_FDB_SD);
    const double *fc = lca_fdb_num_get(r.db, LCA_FDB_COUNT);
    const double *ff = lca_fdb_num_get(r.db, LCA_FDB_FACTOR);
    for (int j = 0; j < NP; j++) {
        assert_true(fm[j] == mean[j]);  // the same run: bit for bit
        assert_true(fs[j] == sd[j]);
        assert_true(fc[j] == (double)count[j]);
        assert_close(ff[j], lambda[j], 1e-12);
    }
    lca_calc_destroy(&calc);
    lca_mc_destroy(&mc);
    lca_model_destroy(&M);
    lca_fdb_build_result_free(f->ctx, &r);
    char file[4400];
    snprintf(file, sizeof file, "%s/montecarlo.h5", out);
    assert_true(file_exists(file));
    assert_false(has_entry(f->dir, ".tmp."));
}

// Run one bad build: status st at step, no release, no staging folder.
static void refused(fixture *f, const lca_fdb_build_options *o,
                    const char *model, const char *out, lca_status st,
                    lca_fdb_build_step step) {
    lca_fdb_build_result r;
    assert_int_equal(lca_fdb_build(f->ctx, model, out, o, &r), st);
    assert_int_equal(r.step, step);
    assert_null(r.db);
    assert_false(r.stopped);
    assert_true(lca_ctx_errmsg(f->ctx)[0] != '\0');
    lca_fdb_build_result_free(f->ctx, &r);
    assert_false(has_entry(f->dir, ".tmp."));
}

static void test_bad_inputs_leave_nothing(void **state) {
    fixture *f = *state;
    char out[4300], missing[4300], nodir[4300], kept[4400];
    snprintf(out, sizeof out, "%s/bad", f->dir);
    snprintf(missing, sizeof missing, "%s/missing.h5", f->dir);
    snprintf(nodir, sizeof nodir, "%s/no/such/folder", f->dir);
    lca_fdb_build_options o;
    options(&o, 0);
    refused(f, &o, f->model, out, LCA_ERR_ARG, LCA_FDB_STEP_OPTIONS);
    assert_non_null(strstr(lca_ctx_errmsg(f->ctx), "iterations"));
    refused(f, NULL, f->model, out, LCA_ERR_ARG, LCA_FDB_STEP_OPTIONS);
    options(&o, 8);
    o.missing_score = 7;
    refused(f, &o, f->model, out, LCA_ERR_ARG, LCA_FDB_STEP_OPTIONS);
    options(&o, 8);
    o.indicator = "NOPE";
    refused(f, &o, f->model, out, LCA_ERR_NOTFOUND, LCA_FDB_STEP_TOTAL);
    assert_non_null(strstr(lca_ctx_errmsg(f->ctx), "NOPE"));
    o.indicator = NULL;  // three indicators, no split tags: which total?
    refused(f, &o, f->model, out, LCA_ERR_NOTFOUND, LCA_FDB_STEP_TOTAL);
    options(&o, 8);
    const char *prod[] = {"no such product"};
    o.nproducts = 1;
    o.products = prod;
    refused(f, &o, f->model, out, LCA_ERR_NOTFOUND, LCA_FDB_STEP_MODEL);
    const char *none[] = {"p1", NULL}, *empty[] = {""};
    o.nproducts = 2;
    o.products = none;  // a NULL name: refused, never read
    refused(f, &o, f->model, out, LCA_ERR_ARG, LCA_FDB_STEP_OPTIONS);
    assert_non_null(strstr(lca_ctx_errmsg(f->ctx), "products[1]"));
    o.nproducts = 1;
    o.products = empty;
    refused(f, &o, f->model, out, LCA_ERR_ARG, LCA_FDB_STEP_OPTIONS);
    options(&o, 8);
    refused(f, &o, missing, out, LCA_ERR_IO, LCA_FDB_STEP_MODEL);
    refused(f, &o, f->model, nodir, LCA_ERR_IO, LCA_FDB_STEP_OUTPUT);
    o.previous = missing;  // not a release: after the run, nothing kept
    refused(f, &o, f->model, out, LCA_ERR_IO, LCA_FDB_STEP_PREVIOUS);
    options(&o, 0);
    o.from_mc = missing;
    refused(f, &o, f->model, out, LCA_ERR_IO, LCA_FDB_STEP_FROM_MC);
    o.split_mc = 1;
    refused(f, &o, f->model, out, LCA_ERR_ARG, LCA_FDB_STEP_OPTIONS);
    struct stat sb;
    assert_int_not_equal(stat(out, &sb), 0);
    // An existing folder is never written into.
    assert_int_equal(mkdir(out, 0700), 0);
    snprintf(kept, sizeof kept, "%s/kept", out);
    FILE *fp = fopen(kept, "w");
    assert_non_null(fp);
    fclose(fp);
    options(&o, 8);
    refused(f, &o, f->model, out, LCA_ERR_IO, LCA_FDB_STEP_OUTPUT);
    assert_false(has_entry(out, "factors"));
}

// Stop after the first block: nothing published, the staging folder kept
// with the partial results and the checkpoint; the partial run is no
// source for a release.
static void stop_now(void *arg, int64_t done, int64_t total, int final) {
    (void)done;
    (void)total;
    if (!final) *(int *)arg = 1;
}

static void test_stop_keeps_the_run(void **state) {
    fixture *f = *state;
    char out[4300], ckpt[4400];
    snprintf(out, sizeof out, "%s/stopped", f->dir);
    int stop = 0;
    lca_fdb_build_options o;
    options(&o, 400);
    o.stop = &stop;
    o.progress = stop_now;
    o.progress_arg = &stop;
    lca_fdb_build_result r;
    assert_int_equal(lca_fdb_build(f->ctx, f->model, out, &o, &r), LCA_OK);
    assert_true(r.stopped);
    assert_null(r.db);
    assert_true(r.mc_done > 0 && r.mc_done < 400);
    assert_true(file_exists(r.mc_path));
    snprintf(ckpt, sizeof ckpt, "%s.ckpt", r.mc_path);
    assert_true(file_exists(ckpt));
    struct stat sb;
    assert_int_not_equal(stat(out, &sb), 0);
    lca_fdb_build_options o2;
    options(&o2, 0);
    o2.from_mc = r.mc_path;
    lca_fdb_build_result r2;
    assert_int_equal(lca_fdb_build(f->ctx, f->model, out, &o2, &r2),
                     LCA_ERR_INVALID);
    assert_int_equal(r2.step, LCA_FDB_STEP_FROM_MC);
    lca_fdb_build_result_free(f->ctx, &r2);
    char cmd[4500];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'.tmp.*", out);
    assert_int_equal(system(cmd), 0);
    lca_fdb_build_result_free(f->ctx, &r);
}

// Every allocation of a build failing in turn: an error (NOMEM, or the
// failure of the step it hit), nothing leaked, nothing left on disk.
static void test_out_of_memory_leaves_nothing(void **state) {
    fixture *f = *state;
    char out[4300];
    snprintf(out, sizeof out, "%s/oom", f->dir);
    lca_ctx *ctx = NULL;
    assert_int_equal(lca_ctx_create(&ctx), LCA_OK);
    lca_ctx_set_nthreads(ctx, 1);
    test_alloc ta;
    test_alloc_install(ctx, &ta, -1);
    lca_fdb_build_options o;
    options(&o, 4);
    int64_t k = 0;
    for (;; k++) {
        test_alloc_fail_at(&ta, k);
        int64_t live = ta.live;
        lca_fdb_build_result r;
        lca_status st = lca_fdb_build(ctx, f->model, out, &o, &r);
        int ok = st == LCA_OK;
        lca_fdb_build_result_free(ctx, &r);
        assert_int_equal(ta.live, live);
        if (ok) break;
        assert_true(st < 0);
        assert_false(has_entry(f->dir, "oom"));
    }
    test_alloc_fail_at(&ta, -1);
    assert_true(k > 10);  // the loop went through the build
    lca_ctx_destroy(&ctx);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_build_equals_a_run_of_its_own),
        cmocka_unit_test(test_bad_inputs_leave_nothing),
        cmocka_unit_test(test_stop_keeps_the_run),
        cmocka_unit_test(test_out_of_memory_leaves_nothing),
    };
    return cmocka_run_group_tests_name("fdb_build", tests, setup, teardown);
}
