// tests/test_mc_cli.c: `leontief mc` end to end
// SPDX-License-Identifier: MIT
//
// A model with uncertainty records is written, run through the program on
// 1 and 2 threads (same numbers), stopped with SIGINT (finished
// iterations kept), and fed bad options (documented exit codes).

#define _POSIX_C_SOURCE 200809L

#include <hdf5.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli_util.h"
#include "test_util.h"

typedef struct fixture {
    char dir[4096], model[4200];
} fixture;

// 30 products in a chain with a loop; every input lognormal (GSD 1.2),
// B's entries triangular; demands "first" and "mix".
static lca_model *build(lca_ctx *ctx) {
    enum { N = 30 };
    static double T[N * N], B[2 * N], C[2] = {1.0, 25.0};
    for (int j = 0; j < N; j++) {
        T[j * N + j] = 1.0;
        T[((j + 1) % N) * N + j] = -0.3;  // j needs 0.3 of j+1 (a loop)
        B[j] = 1.0 + j % 3;
        B[N + j] = 0.01 * (j % 5);
    }
    lca_csc *A = csc_from_dense(ctx, N, N, T), *Bc = csc_from_dense(ctx, 2, N,
                                                                    B);
    lca_csc *Cc = csc_from_dense(ctx, 1, 2, C);
    lca_model *M = NULL;
    assert_int_equal(lca_model_create(ctx, LCA_TECHNOSPHERE, A, Bc, Cc, &M),
                     LCA_OK);
    const double *Ax = lca_csc_values(A), *Bx = lca_csc_values(Bc);
    lca_uncertainty *ua = calloc((size_t)lca_csc_nnz(A), sizeof *ua);
    lca_uncertainty *ub = calloc((size_t)lca_csc_nnz(Bc), sizeof *ub);
    for (int64_t p = 0; p < lca_csc_nnz(A); p++) {
        ua[p] = lca_uncertainty_none();
        if (Ax[p] < 0) {
            ua[p].dist = LCA_DIST_LOGNORMAL;
            ua[p].p1 = Ax[p];
            ua[p].p2 = 1.2;
        }
    }
    for (int64_t p = 0; p < lca_csc_nnz(Bc); p++) {
        ub[p] = lca_uncertainty_none();
        ub[p].dist = LCA_DIST_TRIANGULAR;
        ub[p].p1 = 0.8 * Bx[p];
        ub[p].p2 = Bx[p];
        ub[p].p3 = 1.3 * Bx[p];
    }
    assert_int_equal(lca_model_set_uncertainty(M, LCA_MATRIX_A, ua), LCA_OK);
    assert_int_equal(lca_model_set_uncertainty(M, LCA_MATRIX_B, ub), LCA_OK);
    int64_t i0 = 0, im[] = {3, 7};
    double one = 1.0, vm[] = {2.0, 5.0};
    assert_int_equal(lca_model_add_demand(M, "first", 1, &i0, &one), LCA_OK);
    assert_int_equal(lca_model_add_demand(M, "mix", 2, im, vm), LCA_OK);
    free(ua);
    free(ub);
    lca_csc_destroy(&A);
    lca_csc_destroy(&Bc);
    lca_csc_destroy(&Cc);
    return M;
}

static int setup(void **state) {
    fixture *f = calloc(1, sizeof *f);
    const char *dir = test_tmpdir("mc-cli");
    if (f == NULL || dir == NULL) return -1;
    snprintf(f->dir, sizeof f->dir, "%s", dir);
    snprintf(f->model, sizeof f->model, "%s/model.h5", dir);
    lca_ctx *ctx = NULL;
    lca_ctx_create(&ctx);
    lca_model *M = build(ctx);
    int rc = lca_model_write(M, f->model) == LCA_OK ? 0 : -1;
    lca_model_destroy(&M);
    lca_ctx_destroy(&ctx);
    *state = f;
    return rc;
}

// Run "leontief ARGS" quietly; the exit code.
#define run(...) cli_run(NULL, __VA_ARGS__)



static void test_mc_cli_same_numbers_on_1_and_2_threads(void **state) {
    fixture *f = *state;
    char o1[4300], o2[4300];
    snprintf(o1, sizeof o1, "%s/t1.h5", f->dir);
    snprintf(o2, sizeof o2, "%s/t2.h5", f->dir);
    assert_int_equal(run("mc '%s' -n 200 --seed 5 --all-demands --threads 1 "
                         "-o '%s'", f->model, o1), 0);
    assert_int_equal(run("mc '%s' -n 200 --seed 5 --all-demands --threads 2 "
                         "-o '%s'", f->model, o2), 0);
    const char *names[] = {"/factors/mean", "/factors/sd",
                           "/factors/quantiles", "/factors/samples",
                           "/demands/scores", "/demands/quantiles",
                           "/convergence/ci95_halfwidth"};
    for (int i = 0; i < 7; i++) {
        int64_t a, b;
        double *x = read_h5_doubles(o1, names[i], &a), *y = read_h5_doubles(o2, names[i],
                                                              &b);
        assert_int_equal(a, b);
        assert_memory_equal(x, y, sizeof *x * (size_t)a);
        free(x);
        free(y);
    }
    assert_int_equal(read_h5_root_int(o1, "iterations_done"), 200);
    assert_int_equal(read_h5_root_int(o1, "seed"), 5);
    int64_t n;
    double *sd = read_h5_doubles(o1, "/factors/sd", &n);
    assert_true(sd[0] > 0.0);  // the records made it through the file
    free(sd);
}

// SIGINT stops the run after the blocks in flight: checkpoint kept, the
// finished iterations written, exit 75 ("resumable").
static void test_mc_cli_sigint_keeps_finished_iterations(void **state) {
    fixture *f = *state;
    char out[4300], cmd[9000];
    snprintf(out, sizeof out, "%s/stopped.h5", f->dir);
    pid_t pid = fork();
    if (pid == 0) {
        if (freopen("/dev/null", "w", stdout) == NULL ||
            freopen("/dev/null", "w", stderr) == NULL) {
            _exit(126);
        }
        execl(getenv("LCA_CLI"), "leontief", "mc", f->model, "-n", "100000000",
              "--seed", "9", "--no-factor-samples", "-o", out, (char *)NULL);
        _exit(127);
    }
    // Once it iterates (its first checkpoint is there), then a little more.
    char started[4400];
    snprintf(started, sizeof started, "%s.ckpt/state.h5", out);
    struct timespec tick = {0, 10 * 1000 * 1000};
    for (int i = 0; i < 6000 && !file_exists(started); i++) {
        nanosleep(&tick, NULL);
    }
    struct timespec ts = {0, 300 * 1000 * 1000};
    nanosleep(&ts, NULL);
    kill(pid, SIGINT);
    int status;
    waitpid(pid, &status, 0);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 75);
    int64_t ran = read_h5_root_int(out, "iterations_run");
    assert_true(ran > 0 && ran < 100000000);
    assert_int_equal(ran % 16, 0);  // whole blocks only
    assert_int_equal(read_h5_root_int(out, "stopped_early"), 1);
    snprintf(cmd, sizeof cmd, "test -f '%s.ckpt/state.h5' && rm -rf '%s.ckpt'",
             out, out);
    assert_int_equal(system(cmd), 0);
}

static const char *const compared[] = {
    "/factors/mean", "/factors/sd", "/factors/min", "/factors/max",
    "/factors/quantiles", "/factors/samples", "/demands/scores",
    "/demands/quantiles", "/convergence/mean", "/convergence/ci95_halfwidth"};

static void assert_same_results(const char *a, const char *b) {
    for (size_t i = 0; i < sizeof compared / sizeof compared[0]; i++) {
        int64_t na, nb;
        double *x = read_h5_doubles(a, compared[i], &na);
        double *y = read_h5_doubles(b, compared[i], &nb);
        assert_int_equal(na, nb);
        assert_memory_equal(x, y, sizeof *x * (size_t)na);
        free(x);
        free(y);
    }
}

// Start `leontief mc ARGS...` in the background, quiet; its pid.
static pid_t start_mc(char *const *args) {
    pid_t pid = fork();
    if (pid == 0) {
        if (freopen("/dev/null", "w", stdout) == NULL ||
            freopen("/dev/null", "w", stderr) == NULL) {
            _exit(126);
        }
        execv(getenv("LCA_CLI"), args);
        _exit(127);
    }
    return pid;
}

// Two runs on one output (a duplicate Slurm submission): while the first
// holds the checkpoint folder, a second new run and a second resume are
// refused, naming the first one's pid; the first then stops on SIGTERM
// (75) and resumes alone.
static void test_mc_cli_one_run_per_output(void **state) {
    fixture *f = *state;
    char out[4300], owner[4400], err[4400], cmd[20000], pid_s[32];
    snprintf(out, sizeof out, "%s/locked.h5", f->dir);
    snprintf(owner, sizeof owner, "%s.ckpt/owner", out);
    snprintf(err, sizeof err, "%s/locked.err", f->dir);
    char *args[] = {"leontief", "mc", f->model, "-n", "100000000", "--seed",
                    "9", "--threads", "1", "--no-factor-samples",
                    "--no-partial", "-o", out, NULL};
    pid_t pid = start_mc(args);
    struct timespec tick = {0, 10 * 1000 * 1000};
    for (int i = 0; i < 6000 && !file_exists(owner); i++) {
        nanosleep(&tick, NULL);
    }
    assert_true(file_exists(owner));
    snprintf(pid_s, sizeof pid_s, "pid %ld ", (long)pid);
    const char *second[] = {"mc '%s' -n 100 --seed 9 --no-factor-samples "
                            "--no-partial -o '%s'",
                            "mc '%s' -n 100000000 --seed 9 --threads 1 "
                            "--no-factor-samples --no-partial --resume '%s'"};
    for (int k = 0; k < 2; k++) {
        char fmt[512];
        snprintf(fmt, sizeof fmt, "'%%s' %s 2>'%%s' >/dev/null", second[k]);
        snprintf(cmd, sizeof cmd, fmt, getenv("LCA_CLI"), f->model, out, err);
        int st = system(cmd);
        assert_true(WIFEXITED(st));
        assert_int_equal(WEXITSTATUS(st), 3);
        snprintf(cmd, sizeof cmd, "grep 'another run' '%s' | grep -q '%s'",
                 err, pid_s);
        assert_int_equal(system(cmd), 0);
    }
    kill(pid, SIGTERM);
    int status;
    waitpid(pid, &status, 0);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 75);
    snprintf(cmd, sizeof cmd, "'%s' mc --resume '%s' --checkpoint-every 16 "
             ">/dev/null 2>&1 & p=$!; sleep 1; kill -TERM $p; wait $p",
             getenv("LCA_CLI"), out);
    int st = system(cmd);
    assert_int_equal(WEXITSTATUS(st), 75);  // the lock was released
    snprintf(cmd, sizeof cmd, "rm -rf '%s.ckpt'", out);
    assert_int_equal(system(cmd), 0);
}

#define MOMENT_OPTS "-n 200 --seed 21 --all-demands --checkpoint-every 64"

// SIGTERM while the model is read and while the results are assembled
// (LEONTIEF_MC_SIGNAL_AT raises it there): exit 75 with a message and the
// --json line, no temporary file; the resume then gives the numbers of an
// uninterrupted run. It used to die with 143, no message, no JSON line and
// a stray OUT.h5.tmp.* as large as the results.
static void test_mc_cli_sigterm_at_any_moment(void **state) {
    fixture *f = *state;
    char ref[4300], out[4300], cmd[20000], log[4400];
    snprintf(ref, sizeof ref, "%s/moment-ref.h5", f->dir);
    assert_int_equal(run("mc '%s' " MOMENT_OPTS " -o '%s'", f->model, ref), 0);
    const char *moments[] = {"read", "assembly"};
    for (int k = 0; k < 2; k++) {
        snprintf(out, sizeof out, "%s/moment-%s.h5", f->dir, moments[k]);
        snprintf(log, sizeof log, "%s/moment.txt", f->dir);
        snprintf(cmd, sizeof cmd, "LEONTIEF_MC_SIGNAL_AT=%s '%s' mc '%s' "
                 MOMENT_OPTS " --json -o '%s' >'%s' 2>&1", moments[k],
                 getenv("LCA_CLI"), f->model, out, log);
        int st = system(cmd);
        assert_true(WIFEXITED(st));
        assert_int_equal(WEXITSTATUS(st), 75);
        snprintf(cmd, sizeof cmd, "grep -q 'stopped by a signal' '%s' && "
                 "grep -c '^{\"status\":\"resumable\",\"exit_code\":75' '%s' "
                 "| grep -qx 1", log, log);
        assert_int_equal(system(cmd), 0);
        snprintf(cmd, sizeof cmd, "ls -a '%s' | grep -q 'moment-.*tmp'",
                 f->dir);
        assert_int_not_equal(system(cmd), 0);
        assert_false(file_exists(out));
        // What a kill -9 during the assembly leaves (OUT.tmp.XXXXXX, as
        // io/util/atomic.c names it): the resume removes it.
        char stray[4400];
        snprintf(stray, sizeof stray, "%s.tmp.Ab12Cd", out);
        FILE *fp = fopen(stray, "w");
        assert_non_null(fp);
        fputs("half a file", fp);
        fclose(fp);
        snprintf(cmd, sizeof cmd, "'%s' mc --resume '%s' --json >/dev/null "
                 "2>&1", getenv("LCA_CLI"), out);
        assert_int_equal(WEXITSTATUS(system(cmd)), 0);
        assert_same_results(ref, out);
        assert_false(file_exists(stray));
    }
}


#define RUN_OPTS "-n 3000 --seed 21 --all-demands --checkpoint-every 64"

// Stopped after 1000 iterations and resumed: the same numbers as a run
// that never stopped, and the checkpoint is gone afterwards.
static void test_mc_cli_resume_equals_uninterrupted(void **state) {
    fixture *f = *state;
    char full[4300], part[4300];
    snprintf(full, sizeof full, "%s/full.h5", f->dir);
    snprintf(part, sizeof part, "%s/part.h5", f->dir);
    assert_int_equal(run("mc '%s' " RUN_OPTS " -o '%s'", f->model, full), 0);
    setenv("LEONTIEF_MC_STOP_AFTER", "1000", 1);
    assert_int_equal(run("mc '%s' " RUN_OPTS " -o '%s'", f->model, part), 75);
    unsetenv("LEONTIEF_MC_STOP_AFTER");
    int64_t ran = read_h5_root_int(part, "iterations_run");
    assert_true(ran >= 1000 && ran < 3000);
    assert_int_equal(run("mc --resume '%s'", part), 0);
    assert_int_equal(read_h5_root_int(part, "iterations_run"), 3000);
    assert_same_results(full, part);
    char ck[4400];
    snprintf(ck, sizeof ck, "%s.ckpt", part);
    assert_false(file_exists(ck));
    assert_int_equal(run("mc --resume '%s'", part), 3);  // nothing to resume
}

// A checkpoint refuses a run with other options or another model file.
static void test_mc_cli_resume_refuses_a_different_run(void **state) {
    fixture *f = *state;
    char part[4300], err[4400], cmd[20000];
    snprintf(part, sizeof part, "%s/refuse.h5", f->dir);
    snprintf(err, sizeof err, "%s/refuse.err", f->dir);
    setenv("LEONTIEF_MC_STOP_AFTER", "200", 1);
    assert_int_equal(run("mc '%s' " RUN_OPTS " -o '%s'", f->model, part), 75);
    unsetenv("LEONTIEF_MC_STOP_AFTER");
    snprintf(cmd, sizeof cmd, "'%s' mc '%s' -n 3000 --seed 22 --all-demands "
             "--resume '%s' 2>'%s' >/dev/null", getenv("LCA_CLI"), f->model,
             part, err);
    int st = system(cmd);
    assert_int_equal(WEXITSTATUS(st), 3);
    snprintf(cmd, sizeof cmd, "grep -q 'seed differs' '%s'", err);
    assert_int_equal(system(cmd), 0);
    // Another model file under the same name: its hash differs.
    char other[4300];
    snprintf(other, sizeof other, "%s/other-model.h5", f->dir);
    snprintf(cmd, sizeof cmd, "cp '%s' '%s' && h5copy -i '%s' -o '%s' -s "
             "/products -d /spare >/dev/null", f->model, other, f->model,
             other);
    assert_int_equal(system(cmd), 0);
    h5_unseal(other);  // edited by hand: no seal (read through a probe)
    snprintf(cmd, sizeof cmd, "'%s' mc '%s' " RUN_OPTS " --resume '%s' 2>'%s'"
             " >/dev/null", getenv("LCA_CLI"), other, part, err);
    st = system(cmd);
    assert_int_equal(WEXITSTATUS(st), 3);
    snprintf(cmd, sizeof cmd, "grep -q 'model_sha256 differs' '%s'", err);
    assert_int_equal(system(cmd), 0);
    // A fresh run onto the same output refuses while the checkpoint exists.
    assert_int_equal(run("mc '%s' " RUN_OPTS " -o '%s'", f->model, part), 3);
}

// One byte of a committed checkpoint segment flipped (in the samples,
// where nothing else would ever notice): the resume refuses it by name
// before computing anything, and leaves the folder as it was.
static void test_mc_cli_resume_refuses_a_damaged_segment(void **state) {
    fixture *f = *state;
    char part[4300], seg[4400], err[4400], cmd[20000];
    snprintf(part, sizeof part, "%s/flip.h5", f->dir);
    snprintf(seg, sizeof seg, "%s/flip.h5.ckpt/seg-000000000000064.h5",
             f->dir);
    snprintf(err, sizeof err, "%s/flip.err", f->dir);
    setenv("LEONTIEF_MC_STOP_AFTER", "300", 1);
    assert_int_equal(run("mc '%s' " RUN_OPTS " -o '%s'", f->model, part), 75);
    unsetenv("LEONTIEF_MC_STOP_AFTER");
    FILE *fp = fopen(seg, "r+b");
    assert_non_null(fp);
    assert_int_equal(fseek(fp, 0, SEEK_END), 0);
    long at = ftell(fp) / 2;  // well past the 512-byte seal
    assert_true(at > 512);
    assert_int_equal(fseek(fp, at, SEEK_SET), 0);
    int c = fgetc(fp);
    assert_int_equal(fseek(fp, at, SEEK_SET), 0);
    fputc(c ^ 0x10, fp);
    fclose(fp);
    // (owner, rewritten by whoever holds the folder, is not data)
    snprintf(cmd, sizeof cmd, "ls -l --time-style=+%%s '%s/flip.h5.ckpt' | "
             "grep -v owner > '%s/before.txt'", f->dir, f->dir);
    assert_int_equal(system(cmd), 0);
    snprintf(cmd, sizeof cmd, "'%s' mc --resume '%s' 2>'%s' >/dev/null",
             getenv("LCA_CLI"), part, err);
    int st = system(cmd);
    assert_true(WIFEXITED(st));
    assert_int_equal(WEXITSTATUS(st), 3);
    snprintf(cmd, sizeof cmd, "grep 'seg-000000000000064.h5' '%s' | grep -q "
             "'damaged'", err);
    assert_int_equal(system(cmd), 0);
    snprintf(cmd, sizeof cmd, "ls -l --time-style=+%%s '%s/flip.h5.ckpt' | "
             "grep -v owner | cmp -s - '%s/before.txt'", f->dir, f->dir);
    assert_int_equal(system(cmd), 0);
}

// kill -9 at moments spread over the run: each time the checkpoint stays
// consistent and the run resumes; the end result equals the plain run.
static void test_mc_cli_kill9_always_resumes(void **state) {
    fixture *f = *state;
    char full[4300], out[4300];
    snprintf(full, sizeof full, "%s/full.h5", f->dir);
    snprintf(out, sizeof out, "%s/killed.h5", f->dir);
    const long delays_ms[] = {30, 120, 250, 60, 400, 180};
    for (int round = 0; round < 6; round++) {
        pid_t pid = fork();
        if (pid == 0) {
            if (freopen("/dev/null", "w", stdout) == NULL ||
                freopen("/dev/null", "w", stderr) == NULL) {
                _exit(126);
            }
            // The same command line every round, as a batch script runs it.
            execl(getenv("LCA_CLI"), "leontief", "mc", f->model, "-n", "3000",
                  "--seed", "21", "--all-demands", "--checkpoint-every", "64",
                  "-o", out, "--resume", out, (char *)NULL);
            _exit(127);
        }
        struct timespec ts = {0, delays_ms[round] * 1000 * 1000};
        nanosleep(&ts, NULL);
        kill(pid, SIGKILL);
        int status;
        waitpid(pid, &status, 0);
    }
    assert_int_equal(run("mc '%s' " RUN_OPTS " -o '%s' --resume '%s'",
                         f->model, out, out), 0);
    assert_same_results(full, out);
}

#define ITER_OPTS "-n 600 --seed 21 --all-demands --checkpoint-every 64 " \
                  "--mc-solver iterative"

// The iterative path end to end: every iteration recorded as iterative
// with its Krylov count; stopped and resumed, the same numbers and counts
// as an uninterrupted run; a resume on another path is refused.
static void test_mc_cli_iterative_records_and_resumes(void **state) {
    fixture *f = *state;
    char full[4300], part[4300], err[4400], cmd[20000];
    snprintf(full, sizeof full, "%s/iter-full.h5", f->dir);
    snprintf(part, sizeof part, "%s/iter-part.h5", f->dir);
    snprintf(err, sizeof err, "%s/iter.err", f->dir);
    assert_int_equal(run("mc '%s' " ITER_OPTS " -o '%s'", f->model, full), 0);
    assert_int_equal(read_h5_root_int(full, "iterations_iterative"), 600);
    assert_int_equal(read_h5_root_int(full, "iterations_fallback"), 0);
    int64_t n, kry = read_h5_root_int(full, "krylov_iterations_total");
    double *path = read_h5_doubles(full, "/solver/path", &n);
    double *k = read_h5_doubles(full, "/solver/krylov_iterations", &n);
    assert_int_equal(n, 600);
    int64_t sum = 0;
    for (int64_t i = 0; i < n; i++) {
        assert_true(path[i] == 1.0 && k[i] >= 2.0);
        sum += (int64_t)k[i];
    }
    assert_int_equal(sum, kry);
    free(path);
    free(k);
    setenv("LEONTIEF_MC_STOP_AFTER", "200", 1);
    assert_int_equal(run("mc '%s' " ITER_OPTS " -o '%s'", f->model, part), 75);
    unsetenv("LEONTIEF_MC_STOP_AFTER");
    snprintf(cmd, sizeof cmd, "'%s' mc '%s' -n 600 --seed 21 --all-demands "
             "--checkpoint-every 64 --mc-solver direct --resume '%s' 2>'%s' "
             ">/dev/null", getenv("LCA_CLI"), f->model, part, err);
    int st = system(cmd);
    assert_int_equal(WEXITSTATUS(st), 3);
    snprintf(cmd, sizeof cmd, "grep -q 'mc_solver' '%s'", err);
    assert_int_equal(system(cmd), 0);
    assert_int_equal(run("mc --resume '%s'", part), 0);
    assert_same_results(full, part);
    assert_int_equal(read_h5_root_int(part, "krylov_iterations_total"), kry);
    assert_int_equal(read_h5_root_int(part, "iterations_iterative"), 600);
}

// stdout of `leontief ARGS` (malloc'd), and its exit code in *rc.
static char *run_stdout(int *rc, const char *fmt, ...) {
    char args[8000], cmd[9000];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(args, sizeof args, fmt, ap);
    va_end(ap);
    snprintf(cmd, sizeof cmd, "'%s' %s 2>/dev/null", getenv("LCA_CLI"), args);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t cap = 1 << 16, len = 0;
    char *out = malloc(cap);
    assert_non_null(out);
    len = fread(out, 1, cap - 1, p);
    out[len] = '\0';
    int st = pclose(p);
    *rc = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return out;
}

// `leontief info` on a Monte Carlo file: kind, dimensions, iterations, the
// options (the seed unsigned, also from a file that stored it as int64 the
// way files did before), provenance and the statistics it holds.
static void test_mc_cli_info_describes_the_run(void **state) {
    fixture *f = *state;
    char out[4300];
    snprintf(out, sizeof out, "%s/info.h5", f->dir);
    assert_int_equal(run("mc '%s' -n 40 --seed 18446744073709551615 "
                         "--all-demands -o '%s'", f->model, out), 0);
    int rc = -1;
    char *text = run_stdout(&rc, "info '%s'", out);
    assert_int_equal(rc, 0);
    const char *want[] = {
        "Monte Carlo results file (format leontief-mc, schema 2)",
        "products 30, indicators 1, demands 2, iterations 40",
        "seed                   18446744073709551615",
        "block_size             16", "iterations_done        40",
        "model_sha256", "engine_version", "/factors/quantiles",
        "/demands/scores                      float64 40 x 2 x 1"};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        if (strstr(text, want[i]) == NULL) fail_msg("no '%s' in:\n%s",
                                                    want[i], text);
    }
    free(text);
    // An older file: the seed as int64, 2^64 - 1 stored as -1.
    h5_unseal(out);  // edited by hand from here on
    hid_t file = H5Fopen(out, H5F_ACC_RDWR, H5P_DEFAULT);
    assert_true(file >= 0);
    assert_true(H5Adelete(file, "seed") >= 0);
    hid_t sp = H5Screate(H5S_SCALAR);
    hid_t a = H5Acreate2(file, "seed", H5T_STD_I64LE, sp, H5P_DEFAULT,
                         H5P_DEFAULT);
    int64_t minus_one = -1;
    assert_true(H5Awrite(a, H5T_NATIVE_INT64, &minus_one) >= 0);
    H5Aclose(a);
    H5Sclose(sp);
    H5Fclose(file);
    text = run_stdout(&rc, "info '%s'", out);
    assert_int_equal(rc, 0);
    assert_non_null(strstr(text, "seed                   "
                                 "18446744073709551615"));
    free(text);
    // Not an HDF5 file: exit 3.
    text = run_stdout(&rc, "info '%s'", f->dir);
    assert_int_equal(rc, 3);
    free(text);
}

// The JSON line names the output as a JSON string: a path with a quote
// and a backslash in it is escaped, not pasted (RFC 8259 §7).
static void test_mc_cli_json_escapes_the_output_path(void **state) {
    fixture *f = *state;
    char out[4300], txt[4300], buf[8192], want[4400];
    snprintf(out, sizeof out, "%s/q\"b\\s.h5", f->dir);
    snprintf(txt, sizeof txt, "%s/json.txt", f->dir);
    cli_opts o = {.out = txt, .err = CLI_WITH_OUT};
    assert_int_equal(cli_capture(&o, buf, sizeof buf,
                                 "mc '%s' -n 20 --seed 5 --threads 1 --json "
                                 "-o '%s'", f->model, out), 0);
    snprintf(want, sizeof want, "\"output\":\"%s/q\\\"b\\\\s.h5\",",
             f->dir);
    assert_non_null(strstr(buf, want));
}

static void test_mc_cli_bad_options(void **state) {
    fixture *f = *state;
    char out[4300];
    snprintf(out, sizeof out, "%s/bad.h5", f->dir);
    assert_int_equal(run("mc '%s' -n 10 -o '%s'", f->model, out), 2);  // seed
    assert_int_equal(run("mc '%s' --seed 1 -o '%s'", f->model, out), 2);
    assert_int_equal(run("mc '%s' -n 10 --seed 1 --on-fail maybe -o '%s'",
                         f->model, out), 2);
    assert_int_equal(run("mc '%s' -n 10 --seed 1 --demand nope -o '%s'",
                         f->model, out), 3);
    assert_int_equal(run("mc /nonexistent.h5 -n 10 --seed 1 -o '%s'", out), 3);
    assert_int_equal(run("mc '%s' -n 10 --seed 1 --mc-solver maybe -o '%s'",
                         f->model, out), 2);
    assert_int_equal(run("mc '%s' -n 10 --seed 1 --krylov-batch 0 -o '%s'",
                         f->model, out), 2);
    assert_int_equal(run("mc '%s' -n 10 --seed 1 --krylov-tol 2 -o '%s'",
                         f->model, out), 2);
    assert_false(file_exists(out));
    char ckpt[4400];
    snprintf(ckpt, sizeof ckpt, "%s.ckpt", out);
    assert_false(file_exists(ckpt));
    // An output folder that cannot be written: 5, naming the folder (it
    // used to be 3, naming the model).
    char err[4400], cmd[9000];
    snprintf(err, sizeof err, "%s/unwritable.err", f->dir);
    snprintf(cmd, sizeof cmd, "'%s' mc '%s' -n 10 --seed 1 -o "
             "/nonexistent-dir/o.h5 2>'%s' >/dev/null", getenv("LCA_CLI"),
             f->model, err);
    int st = system(cmd);
    assert_int_equal(WEXITSTATUS(st), 5);
    snprintf(cmd, sizeof cmd, "grep -q '/nonexistent-dir' '%s'", err);
    assert_int_equal(system(cmd), 0);
    assert_int_equal(run("mc --help"), 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mc_cli_same_numbers_on_1_and_2_threads),
        cmocka_unit_test(test_mc_cli_sigint_keeps_finished_iterations),
        cmocka_unit_test(test_mc_cli_resume_equals_uninterrupted),
        cmocka_unit_test(test_mc_cli_resume_refuses_a_different_run),
        cmocka_unit_test(test_mc_cli_resume_refuses_a_damaged_segment),
        cmocka_unit_test(test_mc_cli_kill9_always_resumes),
        cmocka_unit_test(test_mc_cli_iterative_records_and_resumes),
        cmocka_unit_test(test_mc_cli_bad_options),
        cmocka_unit_test(test_mc_cli_json_escapes_the_output_path),
        cmocka_unit_test(test_mc_cli_info_describes_the_run),
        cmocka_unit_test(test_mc_cli_one_run_per_output),
        cmocka_unit_test(test_mc_cli_sigterm_at_any_moment),
    };
    return cmocka_run_group_tests_name("mc_cli", tests, setup, free_teardown);
}
