// tests/test_mpi_mc.c: `mpirun -np R leontief mc` equals one process
// SPDX-License-Identifier: MIT
//
// Built and run only with -DLCA_MPI=ON (label mpi). A small model whose
// iterations sometimes fail (an overflowing lognormal) and whose truncated
// draws are clamped is run once without mpirun (the single-process path)
// and then under mpirun on 1, 2 and 3 ranks with 1 and 2 threads each,
// with unequal thread counts, without factor samples, stopped on 2 ranks
// and resumed on 3, and on the iterative Monte Carlo path: every dataset
// of every result must equal the single-process one byte for byte.
// SIGUSR1 to mpirun stops every rank (exit 75). Failures -- a bad model on
// every rank or on one, a usage error on one rank, a model that differs on
// one rank, --on-fail abort -- must end every rank with one message and
// the right exit code, bounded by a timeout (a hang fails the test).

#define _POSIX_C_SOURCE 200809L

#include <hdf5.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "test_util.h"

#define OPTS "-n 301 --seed 7 --all-demands --checkpoint-every 64"
#define TIMEOUT "timeout 120 "  // far above the few seconds a run takes

typedef struct fixture {
    char dir[4096], model[4200], other[4200];
    char ref[4200], ref_nofs[4200];
    char mpirun[4200];  // mpiexec and its options
} fixture;

// 12 products in a loop; A lognormal, B triangular; C normal, and one C
// entry truncated far in the tail (always clamped); flow 3's B entry has
// GSD 1e164, so about 3 % of the iterations overflow (z > 1.88) and fail.
static lca_model *build(lca_ctx *ctx) {
    enum { N = 12, NF = 3 };
    static double T[N * N], B[NF * N], C[2 * NF] = {1.0, 25.0, 0.0,
                                                    0.5, 0.0, 1e-300};
    for (int j = 0; j < N; j++) {
        T[j * N + j] = 1.0;
        T[((j + 1) % N) * N + j] = -0.4;
        B[j] = 1.0 + j % 3;
        B[N + j] = 0.01 * (1 + j % 5);
    }
    B[2 * N + 5] = 1.0;
    lca_csc *A = csc_from_dense(ctx, N, N, T);
    lca_csc *Bc = csc_from_dense(ctx, NF, N, B);
    lca_csc *Cc = csc_from_dense(ctx, 2, NF, C);
    lca_model *M = NULL;
    assert_int_equal(lca_model_create(ctx, LCA_TECHNOSPHERE, A, Bc, Cc, &M),
                     LCA_OK);
    int64_t na = lca_csc_nnz(A), nb = lca_csc_nnz(Bc), nc = lca_csc_nnz(Cc);
    const double *Ax = lca_csc_values(A), *Bx = lca_csc_values(Bc);
    const double *Cx = lca_csc_values(Cc);
    lca_uncertainty *u = calloc((size_t)(na + nb + nc), sizeof *u);
    for (int64_t p = 0; p < na + nb + nc; p++) u[p] = lca_uncertainty_none();
    for (int64_t p = 0; p < na; p++) {
        if (Ax[p] < 0) u[p] = (lca_uncertainty){.dist = LCA_DIST_LOGNORMAL,
                                                .p1 = Ax[p], .p2 = 1.3,
                                                .lo = NAN, .hi = NAN};
    }
    for (int64_t p = 0; p < nb; p++) {
        lca_uncertainty *r = &u[na + p];
        *r = (lca_uncertainty){.dist = LCA_DIST_TRIANGULAR, .p1 = 0.7 * Bx[p],
                               .p2 = Bx[p], .p3 = 1.2 * Bx[p], .lo = NAN,
                               .hi = NAN};
        if (p == lca_csc_colptr(Bc)[6] - 1) {  // flow 3 of product 5
            *r = (lca_uncertainty){.dist = LCA_DIST_LOGNORMAL, .p1 = 1.0,
                                   .p2 = 1e164, .lo = NAN, .hi = NAN};
        }
    }
    for (int64_t p = 0; p < nc; p++) {
        u[na + nb + p] = (lca_uncertainty){.dist = LCA_DIST_NORMAL,
                                           .p1 = Cx[p], .p2 = 0.1 * Cx[p],
                                           .lo = NAN, .hi = NAN};
        if (Cx[p] == 25.0) u[na + nb + p].lo = 40.0;  // 15 sd: clamped
    }
    assert_int_equal(lca_model_set_uncertainty(M, LCA_MATRIX_A, u), LCA_OK);
    assert_int_equal(lca_model_set_uncertainty(M, LCA_MATRIX_B, u + na),
                     LCA_OK);
    assert_int_equal(lca_model_set_uncertainty(M, LCA_MATRIX_C, u + na + nb),
                     LCA_OK);
    int64_t i0 = 0, im[] = {3, 7};
    double one = 1.0, vm[] = {2.0, 5.0};
    assert_int_equal(lca_model_add_demand(M, "first", 1, &i0, &one), LCA_OK);
    assert_int_equal(lca_model_add_demand(M, "mix", 2, im, vm), LCA_OK);
    free(u);
    lca_csc_destroy(&A);
    lca_csc_destroy(&Bc);
    lca_csc_destroy(&Cc);
    return M;
}

// Run a shell command line (printf-style); its exit status, or -1.
static int sh(const char *fmt, ...) {
    char cmd[16000];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

#define CLI getenv("LCA_CLI")

// `mpirun -np R leontief mc MODEL OPTS ARGS -o OUT`, output to OUT.log.
// Under -DLCA_SANITIZE=ON LeakSanitizer is off for this test (CTest sets
// LSAN_OPTIONS): Open MPI keeps memory until exit, and suppressing that
// needs the slow unwinder, some 10 s per run. Runs with leaks checked
// (leaks = 1) pay it; they suppress only Open MPI's own.
static int mpi_mc(const fixture *f, int ranks, const char *model,
                  const char *args, const char *out, int leaks) {
    char env[4400] = "";
    if (leaks) {
        snprintf(env, sizeof env, "LSAN_OPTIONS=detect_leaks=1:suppressions="
                 "'%s':fast_unwind_on_malloc=0 ",
                 src_path("tests/lsan-openmpi.supp"));
    }
    return sh("%s" TIMEOUT "%s -np %d '%s' mc '%s' " OPTS " %s -o '%s' "
              ">'%s.log' 2>&1", env, f->mpirun, ranks, CLI, model, args, out,
              out);
}

static void write_model(const char *path, int other) {
    lca_ctx *ctx = NULL;
    assert_int_equal(lca_ctx_create(&ctx), LCA_OK);
    lca_model *M = build(ctx);
    if (other) {  // the same numbers, other bytes: one more demand
        int64_t j = 1;
        double one = 1.0;
        assert_int_equal(lca_model_add_demand(M, "extra", 1, &j, &one),
                         LCA_OK);
    }
    assert_int_equal(lca_model_write(M, path), LCA_OK);
    lca_model_destroy(&M);
    lca_ctx_destroy(&ctx);
}

static int setup(void **state) {
    fixture *fp = calloc(1, sizeof *fp);
    const char *dir = test_tmpdir("mpi-mc");
    if (fp == NULL || dir == NULL || CLI == NULL ||
        getenv("LCA_MPIEXEC") == NULL) {
        free(fp);
        return -1;
    }
    fixture f = {0};
    snprintf(f.dir, sizeof f.dir, "%s", dir);
    snprintf(f.model, sizeof f.model, "%s/model.h5", dir);
    snprintf(f.other, sizeof f.other, "%s/other.h5", dir);
    snprintf(f.ref, sizeof f.ref, "%s/ref.h5", dir);
    snprintf(f.ref_nofs, sizeof f.ref_nofs, "%s/ref-nofs.h5", dir);
    // Open MPI refuses root without --allow-run-as-root; the test machine
    // has 2 cores, so 3 ranks need --oversubscribe.
    snprintf(f.mpirun, sizeof f.mpirun, "'%s' --oversubscribe --bind-to none"
             "%s", getenv("LCA_MPIEXEC"),
             geteuid() == 0 ? " --allow-run-as-root" : "");
    write_model(f.model, 0);
    write_model(f.other, 1);
    // The references: one process, no mpirun.
    int rc = sh("'%s' mc '%s' " OPTS " --threads 1 -o '%s' >/dev/null 2>&1",
                CLI, f.model, f.ref);
    rc |= sh("'%s' mc '%s' " OPTS " --no-factor-samples -o '%s' >/dev/null "
             "2>&1", CLI, f.model, f.ref_nofs);
    *fp = f;
    *state = fp;
    return rc == 0 ? 0 : -1;
}

// ---- comparing results files ------------------------------------------------

typedef struct visit {
    hid_t other;  // the file compared with, or -1: only count
    int64_t count;
} visit;

static void same_values(hid_t da, hid_t db, const char *name) {
    hid_t ft = H5Dget_type(da), mt = H5Tget_native_type(ft, H5T_DIR_ASCEND);
    hid_t sa = H5Dget_space(da), sb = H5Dget_space(db);
    hssize_t n = H5Sget_simple_extent_npoints(sa);
    assert_int_equal(n, H5Sget_simple_extent_npoints(sb));
    size_t bytes = H5Tget_size(mt) * (size_t)n + 1;
    char *x = calloc(1, bytes), *y = calloc(1, bytes);
    assert_true(H5Dread(da, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, x) >= 0);
    assert_true(H5Dread(db, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, y) >= 0);
    if (H5Tis_variable_str(mt) > 0) {
        for (hssize_t i = 0; i < n; i++) {
            assert_string_equal(((char **)x)[i], ((char **)y)[i]);
        }
        H5Dvlen_reclaim(mt, sa, H5P_DEFAULT, x);
        H5Dvlen_reclaim(mt, sb, H5P_DEFAULT, y);
    } else if (memcmp(x, y, bytes) != 0) {
        fail_msg("%s differs", name);
    }
    free(x);
    free(y);
    H5Sclose(sa);
    H5Sclose(sb);
    H5Tclose(mt);
    H5Tclose(ft);
}

// Every dataset of one file equals the other file's, byte for byte
// (variable-length strings by value).
static herr_t visit_dataset(hid_t a, const char *name, const H5O_info_t *info,
                            void *arg) {
    visit *v = arg;
    if (info->type != H5O_TYPE_DATASET) return 0;
    v->count++;
    if (v->other < 0) return 0;
    hid_t da = H5Dopen2(a, name, H5P_DEFAULT);
    hid_t db = H5Dopen2(v->other, name, H5P_DEFAULT);
    if (db < 0) fail_msg("%s is missing", name);
    same_values(da, db, name);
    H5Dclose(da);
    H5Dclose(db);
    return 0;
}

static int64_t visit_file(const char *path, hid_t other) {
    hid_t h = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (h < 0) fail_msg("cannot open %s", path);
    visit v = {other, 0};
    assert_true(H5Ovisit2(h, H5_INDEX_NAME, H5_ITER_INC, visit_dataset, &v,
                          H5O_INFO_BASIC) >= 0);
    H5Fclose(h);
    return v.count;
}

static void assert_same_results(const char *ref, const char *out) {
    hid_t h = H5Fopen(out, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (h < 0) fail_msg("cannot open %s", out);
    int64_t n = visit_file(ref, h);
    H5Fclose(h);
    assert_true(n >= 15);
    assert_int_equal(visit_file(out, -1), n);  // nothing more either
    const char *attrs[] = {"iterations_run", "iterations_done",
                           "iterations_failed", "draws_clamped", "seed"};
    for (int i = 0; i < 5; i++) {
        assert_int_equal(read_h5_root_int(ref, attrs[i]),
                         read_h5_root_int(out, attrs[i]));
    }
}

// ---- tests ------------------------------------------------------------------

// The model does what the tests rely on: iterations fail, draws clamp.
static void test_mpi_mc_reference_has_failures_and_clamps(void **state) {
    fixture *f = *state;
    int64_t failed = read_h5_root_int(f->ref, "iterations_failed");
    assert_true(failed > 10 && failed < 150);
    assert_int_equal(read_h5_root_int(f->ref, "draws_clamped"), 301);
    assert_int_equal(read_h5_root_int(f->ref, "iterations_run"), 301);
}

static void test_mpi_mc_same_results_on_1_2_3_ranks_1_2_threads(void **state) {
    fixture *f = *state;
    for (int ranks = 1; ranks <= 3; ranks++) {
        for (int threads = 1; threads <= 2; threads++) {
            char out[4300], args[64];
            snprintf(out, sizeof out, "%s/r%dt%d.h5", f->dir, ranks, threads);
            snprintf(args, sizeof args, "--threads %d", threads);
            assert_int_equal(mpi_mc(f, ranks, f->model, args, out,
                                    ranks == 3 && threads == 2),
                             0);
            assert_same_results(f->ref, out);
            if (ranks > 1) {
                assert_int_equal(read_h5_root_int(out, "mpi_ranks"), ranks);
            }
        }
    }
}

// Ranks with 1, 2 and 3 threads: a wave is 6 blocks, split 1 + 2 + 3.
static void test_mpi_mc_unequal_threads_per_rank(void **state) {
    fixture *f = *state;
    char out[4300];
    snprintf(out, sizeof out, "%s/unequal.h5", f->dir);
    const char *ctx = "'%s' mc '%s' " OPTS " -o '%s' --threads";
    char app[3][9000];
    for (int t = 0; t < 3; t++) {
        char fmt[200];
        snprintf(fmt, sizeof fmt, "-np 1 %s %d", ctx, t + 1);
        snprintf(app[t], sizeof app[t], fmt, CLI, f->model, out);
    }
    assert_int_equal(sh(TIMEOUT "%s %s : %s : %s >'%s.log' 2>&1", f->mpirun,
                        app[0], app[1], app[2], out), 0);
    assert_same_results(f->ref, out);
}

// Without factor samples the other ranks still send the factor vectors
// that rank 0 merges into the summaries.
static void test_mpi_mc_without_factor_samples(void **state) {
    fixture *f = *state;
    char out[4300];
    snprintf(out, sizeof out, "%s/nofs.h5", f->dir);
    assert_int_equal(mpi_mc(f, 3, f->model, "--no-factor-samples", out, 0),
                     0);
    assert_same_results(f->ref_nofs, out);
}

// Stopped on 2 ranks (as if by a signal), resumed on 3: the plain run.
static void test_mpi_mc_stopped_on_2_ranks_resumed_on_3(void **state) {
    fixture *f = *state;
    char out[4300];
    snprintf(out, sizeof out, "%s/stopped.h5", f->dir);
    assert_int_equal(sh(TIMEOUT "%s -x LEONTIEF_MC_STOP_AFTER=100 -np 2 '%s' "
                        "mc '%s' " OPTS " -o '%s' >'%s.log' 2>&1",
                        f->mpirun, CLI, f->model, out, out), 75);
    int64_t ran = read_h5_root_int(out, "iterations_run");
    assert_true(ran >= 100 && ran < 301);
    assert_int_equal(read_h5_root_int(out, "stopped_early"), 1);
    assert_int_equal(sh(TIMEOUT "%s -np 3 '%s' mc --resume '%s' >'%s.log' "
                        "2>&1", f->mpirun, CLI, out, out), 0);
    assert_same_results(f->ref, out);
    char ck[4400];
    snprintf(ck, sizeof ck, "%s.ckpt", out);
    assert_false(file_exists(ck));
}

// The iterative Monte Carlo path (--mc-solver iterative: GMRES with the
// reference LU) on 2 and 3 ranks with 2 threads each, and stopped on 2
// ranks and resumed on 3, equals its own single-process run byte for byte.
static void test_mpi_mc_iterative_path_same_on_ranks(void **state) {
    fixture *f = *state;
    char ref[4300], out[4300];
    snprintf(ref, sizeof ref, "%s/iter-ref.h5", f->dir);
    assert_int_equal(sh("'%s' mc '%s' " OPTS " --mc-solver iterative "
                        "--threads 1 -o '%s' >'%s.log' 2>&1",
                        CLI, f->model, ref, ref), 0);
    // Every iteration that did not fail took the iterative path.
    assert_int_equal(read_h5_root_int(ref, "iterations_iterative") +
                         read_h5_root_int(ref, "iterations_failed"),
                     301);
    for (int ranks = 2; ranks <= 3; ranks++) {
        snprintf(out, sizeof out, "%s/iter-r%d.h5", f->dir, ranks);
        assert_int_equal(mpi_mc(f, ranks, f->model,
                                "--mc-solver iterative --threads 2", out, 0),
                         0);
        assert_same_results(ref, out);
    }
    snprintf(out, sizeof out, "%s/iter-stopped.h5", f->dir);
    assert_int_equal(sh(TIMEOUT "%s -x LEONTIEF_MC_STOP_AFTER=100 -np 2 '%s' "
                        "mc '%s' " OPTS " --mc-solver iterative -o '%s' "
                        ">'%s.log' 2>&1", f->mpirun, CLI, f->model, out, out),
                     75);
    assert_int_equal(sh(TIMEOUT "%s -np 3 '%s' mc --resume '%s' >'%s.log' "
                        "2>&1", f->mpirun, CLI, out, out), 0);
    assert_same_results(ref, out);
}

// SIGUSR1 to mpirun (which passes it on, unlike SIGTERM) stops every rank
// after the same wave: exit 75, whole blocks written, checkpoint kept.
static void test_mpi_mc_sigusr1_stops_every_rank(void **state) {
    fixture *f = *state;
    char out[4300], cmd[24000], ck[4400];
    snprintf(out, sizeof out, "%s/signalled.h5", f->dir);
    snprintf(ck, sizeof ck, "%s.ckpt/state.h5", out);
    snprintf(cmd, sizeof cmd, "exec %s -np 2 '%s' mc '%s' -n 100000000 "
             "--seed 9 --no-factor-samples -o '%s' >'%s.log' 2>&1",
             f->mpirun, CLI, f->model, out, out);
    pid_t pid = fork();
    if (pid == 0) {
        execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
        _exit(127);
    }
    // The first checkpoint is written once every rank is set up.
    struct timespec tick = {0, 50 * 1000 * 1000};
    for (int i = 0; i < 600 && !file_exists(ck); i++) nanosleep(&tick, NULL);
    assert_true(file_exists(ck));
    for (int i = 0; i < 6; i++) nanosleep(&tick, NULL);
    kill(pid, SIGUSR1);
    int status;
    waitpid(pid, &status, 0);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 75);
    int64_t ran = read_h5_root_int(out, "iterations_run");
    assert_true(ran > 0 && ran < 100000000);
    assert_int_equal(ran % 16, 0);
    assert_int_equal(read_h5_root_int(out, "stopped_early"), 1);
    assert_true(file_exists(ck));
}

// The lines of a log that carry an error message.
static int error_lines(const char *log, const char *must_contain) {
    char cmd[9000];
    snprintf(cmd, sizeof cmd, "grep -c 'error:' '%s' | grep -qx 1 && "
             "grep 'error:' '%s' | grep -qF '%s'", log, log, must_contain);
    return system(cmd) == 0;
}

static void test_mpi_mc_bad_model_on_every_rank(void **state) {
    fixture *f = *state;
    char out[4300], log[4400];
    snprintf(out, sizeof out, "%s/bad.h5", f->dir);
    snprintf(log, sizeof log, "%s.log", out);
    assert_int_equal(mpi_mc(f, 3, "/nonexistent/model.h5", "", out, 0), 3);
    assert_true(error_lines(log, "/nonexistent/model.h5"));
    assert_false(file_exists(out));
}

// One rank fails (bad model path, usage error, other bytes): every rank
// ends with that rank's exit code and rank 0 prints its message once;
// nothing is written.
static void test_mpi_mc_one_failing_rank_ends_all(void **state) {
    fixture *f = *state;
    char out[4300], log[4400], ck[4400];
    snprintf(out, sizeof out, "%s/one.h5", f->dir);
    snprintf(log, sizeof log, "%s.log", out);
    snprintf(ck, sizeof ck, "%s.ckpt", out);
    const char *model3[] = {"/nonexistent/model.h5", f->model, f->other};
    const char *extra3[] = {"", "-n 0", ""};
    const int rc3[] = {3, 2, 3};
    const char *says[] = {"[rank 2 of 3] leontief mc: error: /nonexistent",
                          "[rank 2 of 3] leontief mc: -n needs a whole number from 1",
                          "rank 2 and rank 0 differ in model_sha256"};
    for (int c = 0; c < 3; c++) {
        assert_int_equal(sh(TIMEOUT "%s -np 2 '%s' mc '%s' " OPTS " -o '%s' "
                            ": -np 1 '%s' mc '%s' " OPTS " %s -o '%s' "
                            ">'%s' 2>&1", f->mpirun, CLI, f->model, out, CLI,
                            model3[c], extra3[c], out, log), rc3[c]);
        if (c == 1) {  // a usage error has no "error:" prefix
            assert_int_equal(sh("grep -c 'leontief mc' '%s' | grep -qx 1 && "
                                "grep -qF \"%s\" '%s'", log, says[c], log), 0);
        } else {
            assert_true(error_lines(log, says[c]));
        }
        assert_false(file_exists(out));
        assert_false(file_exists(ck));
    }
}

// --on-fail abort: the same first failed iteration (exit 3: a non-finite
// value) as one process names. With seed 3 the first failures are 38 and
// 84, on ranks 1 and 2 of the first wave: the lower rank's is reported.
static void test_mpi_mc_on_fail_abort_names_the_same_iteration(void **state) {
    fixture *f = *state;
    char out[4300], log[4400];
    snprintf(out, sizeof out, "%s/abort.h5", f->dir);
    snprintf(log, sizeof log, "%s.log", out);
    assert_int_equal(sh("'%s' mc '%s' " OPTS " --seed 3 --on-fail abort -o "
                        "'%s' 2>&1 | grep -q 'iteration 38 failed'", CLI,
                        f->model, out), 0);
    assert_int_equal(sh("rm -rf '%s.ckpt'", out), 0);
    assert_int_equal(mpi_mc(f, 3, f->model, "--seed 3 --on-fail abort "
                            "--threads 2", out, 1), 3);
    assert_true(error_lines(log, "[rank 1 of 3] leontief mc: error: "));
    assert_true(error_lines(log, "iteration 38 failed"));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mpi_mc_reference_has_failures_and_clamps),
        cmocka_unit_test(test_mpi_mc_same_results_on_1_2_3_ranks_1_2_threads),
        cmocka_unit_test(test_mpi_mc_unequal_threads_per_rank),
        cmocka_unit_test(test_mpi_mc_without_factor_samples),
        cmocka_unit_test(test_mpi_mc_stopped_on_2_ranks_resumed_on_3),
        cmocka_unit_test(test_mpi_mc_iterative_path_same_on_ranks),
        cmocka_unit_test(test_mpi_mc_sigusr1_stops_every_rank),
        cmocka_unit_test(test_mpi_mc_bad_model_on_every_rank),
        cmocka_unit_test(test_mpi_mc_one_failing_rank_ends_all),
        cmocka_unit_test(test_mpi_mc_on_fail_abort_names_the_same_iteration),
    };
    return cmocka_run_group_tests_name("mpi_mc", tests, setup, free_teardown);
}
