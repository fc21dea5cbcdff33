// tests/test_atomic_kill.c: a writer killed with SIGKILL never leaves a
// broken file (io/util/atomic.c through `leontief import`)
// SPDX-License-Identifier: MIT
//
// X.h5 holds a valid older model (the tiny example). In a loop, run
// `leontief import useeio datasets/useeio-v1.2/raw -o X.h5` and kill -9
// it after a pseudo-random delay (a fixed seed, so every run tries the
// same delays). Afterwards X.h5 must be either the old file, byte for
// byte, or a complete new model that lca_model_read opens with USEEIO's
// dimensions. Nothing else is allowed: not a truncated file, not a
// missing one. Stray X.h5.tmp.* files may remain (a killed process cannot
// clean up; docs/FORMAT.md says they are safe to delete); they are
// counted and removed between rounds.
//
// Half of the rounds draw the delay over the whole run; the other half
// wait until the temporary file appears and then kill within the time the
// write took in a calibration run, so that the kill lands in the write,
// the fsync or the rename, where a non-atomic writer would break the
// file. After 4 rounds the test stops early once it has spent its time
// budget, so it stays bounded under sanitizers; it asserts nothing about
// timing.

#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "test_util.h"

#define ROUNDS 30
#define BUDGET_SECONDS 12.0
#define SEED 20240501u

typedef struct fixture {
    char dir[4096];
    char target[4200];  // X.h5
    char *old;          // the old file's bytes
    size_t old_size;
    double run_s, write_s;  // calibration: whole run; tmp file to exit
} fixture;

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void sleep_s(double s) {
    struct timespec ts = {(time_t)s, (long)((s - (double)(time_t)s) * 1e9)};
    nanosleep(&ts, NULL);
}

// xorshift32: the delays are the same in every run.
static double next_unit(uint32_t *x) {
    *x ^= *x << 13;
    *x ^= *x >> 17;
    *x ^= *x << 5;
    return (double)*x / 4294967296.0;
}

static char *slurp(const char *path, size_t *size) {
    FILE *fp = fopen(path, "rb");
    if (fp == NULL) return NULL;
    fseek(fp, 0, SEEK_END);
    long len = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    char *buf = malloc((size_t)len + 1);
    *size = fread(buf, 1, (size_t)len, fp);
    fclose(fp);
    return buf;
}

static void spit(const char *path, const char *buf, size_t size) {
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(buf, 1, size, fp), size);
    fclose(fp);
}

// Temporary files of the target in the directory; removed if unlink.
static int count_tmp(const fixture *f, int unlink_them) {
    DIR *d = opendir(f->dir);
    assert_non_null(d);
    int count = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strncmp(e->d_name, "X.h5.tmp.", 9) != 0) continue;
        count++;
        if (unlink_them) {
            char path[8400];
            snprintf(path, sizeof path, "%s/%s", f->dir, e->d_name);
            unlink(path);
        }
    }
    closedir(d);
    return count;
}

// Start the import (output to /dev/null).
static pid_t start_import(const fixture *f) {
    const char *cli = getenv("LCA_CLI");
    char raw[4200];
    snprintf(raw, sizeof raw, "%s", src_path("datasets/useeio-v1.2/raw"));
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int fd = open("/dev/null", O_WRONLY);
        dup2(fd, 1);
        dup2(fd, 2);
        execl(cli, "leontief", "import", "useeio", raw, "-o", f->target,
              (char *)NULL);
        _exit(127);
    }
    return pid;
}

// Poll until the child exits (returns 1, status in *status) or until
// deadline; with wait_tmp, the deadline counts from when a temporary file
// first appears (returns 0 when the deadline passes).
static int poll_child(const fixture *f, pid_t pid, double delay,
                      int wait_tmp, int *status, double *t_tmp) {
    double t0 = now(), deadline = wait_tmp ? -1.0 : t0 + delay;
    *t_tmp = -1.0;
    for (;;) {
        if (waitpid(pid, status, WNOHANG) == pid) return 1;
        double t = now();
        if (*t_tmp < 0 && count_tmp(f, 0) > 0) {
            *t_tmp = t - t0;
            if (wait_tmp) deadline = t + delay;
        }
        if (deadline >= 0 && t >= deadline) return 0;
        sleep_s(0.0002);
    }
}

static int setup(void **state) {
    fixture *f = calloc(1, sizeof *f);
    const char *dir = test_tmpdir("atomic_kill");
    if (f == NULL || dir == NULL || getenv("LCA_CLI") == NULL) return -1;
    snprintf(f->dir, sizeof f->dir, "%s", dir);
    snprintf(f->target, sizeof f->target, "%s/X.h5", dir);
    char cmd[9000];
    const char *t = src_path("datasets/examples/tiny");
    snprintf(cmd, sizeof cmd, "'%s' import mtx --A '%s/A.mtx' -o '%s' "
             ">/dev/null", getenv("LCA_CLI"), t, f->target);
    if (system(cmd) != 0) return -1;
    f->old = slurp(f->target, &f->old_size);
    *state = f;
    return f->old != NULL ? 0 : -1;
}

static int teardown(void **state) {
    fixture *f = *state;
    free(f->old);
    free(f);
    return 0;
}

// X.h5 is the old file or a whole USEEIO model; returns 0 or 1 (new).
static int check_target(const fixture *f, int round) {
    size_t size = 0;
    char *now_bytes = slurp(f->target, &size);
    if (now_bytes == NULL) fail_msg("round %d: X.h5 is missing", round);
    int same = size == f->old_size && memcmp(now_bytes, f->old, size) == 0;
    free(now_bytes);
    if (same) return 0;
    lca_ctx *ctx = NULL;
    assert_int_equal(lca_ctx_create(&ctx), LCA_OK);
    lca_model *M = NULL;
    lca_status st = lca_model_read(ctx, f->target, &M);
    if (st != LCA_OK) {
        fail_msg("round %d: X.h5 is neither the old file nor a model: %s",
                 round, lca_ctx_errmsg(ctx));
    }
    assert_int_equal(lca_model_dim(M, LCA_PRODUCTS), 388);
    assert_int_equal(lca_csc_nnz(lca_model_A(M)), 85425);
    lca_model_destroy(&M);
    lca_ctx_destroy(&ctx);
    return 1;
}

// One uninterrupted run: how long the whole import and its write take.
static void calibrate(fixture *f) {
    int status = 0;
    double t0 = now(), t_tmp = -1.0;
    pid_t pid = start_import(f);
    assert_int_equal(poll_child(f, pid, 1e9, 0, &status, &t_tmp), 1);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    f->run_s = now() - t0;
    f->write_s = t_tmp >= 0 ? f->run_s - t_tmp : f->run_s;
    assert_int_equal(check_target(f, -1), 1);
    spit(f->target, f->old, f->old_size);
}

static void test_atomic_kill_never_leaves_a_broken_file(void **state) {
    fixture *f = *state;
    calibrate(f);
    uint32_t rng = SEED;
    int outcome[3] = {0, 0, 0}, strays = 0, rounds = 0;  // old, new, exited
    double start = now();
    for (int r = 0; r < ROUNDS && (r < 4 || now() - start < BUDGET_SECONDS);
         r++) {
        int in_write = r % 2;
        double u = next_unit(&rng);
        double delay = in_write ? 1.2 * u * f->write_s : 1.1 * u * f->run_s;
        int status = 0;
        double t_tmp;
        pid_t pid = start_import(f);
        int exited = poll_child(f, pid, delay, in_write, &status, &t_tmp);
        if (!exited) {
            kill(pid, SIGKILL);
            assert_int_equal(waitpid(pid, &status, 0), pid);
        }
        int is_new = check_target(f, r);
        outcome[exited ? 2 : is_new]++;
        strays += count_tmp(f, 1);
        if (is_new) spit(f->target, f->old, f->old_size);
        rounds++;
    }
    print_message("%d rounds (run %.3f s, write %.3f s): killed leaving the "
                  "old file %d, killed after the rename %d, finished %d; "
                  "stray temporary files %d\n", rounds, f->run_s, f->write_s,
                  outcome[0], outcome[1], outcome[2], strays);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_atomic_kill_never_leaves_a_broken_file),
    };
    return cmocka_run_group_tests_name("atomic_kill", tests, setup, teardown);
}
