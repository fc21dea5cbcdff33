// tests/test_full_disk.c: every writer on a disk that fills at any moment
// SPDX-License-Identifier: MIT
//
// Each command (import, solve, factors, mc, export) runs with its output on
// a tmpfs of a chosen size, mounted in a private mount namespace (unshare
// -m as root, unshare -rm in a user namespace otherwise; the mount dies
// with the process). First without limit, to measure what the command
// writes; then on disks that fill before the first byte, at fractions of
// that size and just short of it. Every run must end with exit 0 or 5 (no
// signal: it used to be SIGSEGV in HDF5's exit-time cleanup), and a
// failed run with one message line naming "No space left on device", no
// HDF5-DIAG stack, no temporary file, no output file (mc: the --json line,
// and a checkpoint that resumes, once there is room, to the numbers of an
// uninterrupted run). The test is skipped, saying why, only when neither
// kind of namespace can mount a tmpfs.

#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "test_util.h"

#define N 1500  // products of the generated model

typedef struct fixture {
    char dir[4096];
    char mnt[4200];      // the mount point
    char unshare[32];    // "unshare -m" or "unshare -rm"
    char model[4200];    // the imported model (outside the tmpfs)
    char import[12000];  // arguments of the import
    char err[16384];     // stderr of the last run
    char out[16384];     // stdout of the last run
    char tmps[4096];     // temporary files left in the tmpfs
    char left[4096];     // what is left in the tmpfs
} fixture;

static void slurp(const char *path, char *buf, size_t size) {
    FILE *fp = fopen(path, "r");
    size_t len = fp ? fread(buf, 1, size - 1, fp) : 0;
    buf[len] = '\0';
    if (fp) fclose(fp);
}

static const char *in_dir(const fixture *f, const char *name) {
    static char buf[4][4300];  // up to four in one expression
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", f->dir, name);
    return buf[k];
}

// The script run in the namespace: mount the tmpfs, run the command,
// optionally grow the tmpfs and resume, list what is left, keep o.h5.
static const char fill_sh[] =
    "# fill.sh MNT KB RESUME CLI ARGS...\n"
    "mnt=$1; kb=$2; resume=$3; cli=$4; shift 4\n"
    "mount -t tmpfs -o size=\"$kb\"k tmpfs \"$mnt\" || exit 99\n"
    "\"$cli\" \"$@\" >out.txt 2>err.txt; rc=$?\n"
    "if [ -n \"$resume\" ]; then\n"
    "  mount -o remount,size=256m \"$mnt\"\n"
    "  \"$cli\" $resume >>out.txt 2>>err.txt; echo $? >rc2.txt\n"
    "fi\n"
    "find \"$mnt\" -name '*.tmp.*' >tmps.txt\n"
    "ls -A \"$mnt\" >left.txt\n"
    "du -sk \"$mnt\" | cut -f1 >du.txt\n"
    "if [ -f \"$mnt/o.h5\" ]; then cp \"$mnt/o.h5\" kept.h5; fi\n"
    "exit $rc\n";

// Run `leontief ARGS` (ARGS name the tmpfs as @) on a tmpfs of kb KiB;
// then, if resume_args, grow the tmpfs to 256 MiB and run those too. The
// tmpfs's o.h5 is copied to dir/kept.h5 when it exists. Returns the exit
// code of the first command (-1 for a signal), and of the second in *rc2.
static int run_on(fixture *f, int kb, const char *args,
                  const char *resume_args, int *rc2) {
    char cmd[40000], a[20000], r[5000];
    snprintf(a, sizeof a, "%s", args);
    snprintf(r, sizeof r, "%s", resume_args ? resume_args : "");
    for (char *p = a; (p = strchr(p, '@')) != NULL;) {  // @ -> the tmpfs
        char rest[20000];
        snprintf(rest, sizeof rest, "%s%s", f->mnt, p + 1);
        snprintf(p, sizeof a - (size_t)(p - a), "%s", rest);
        p += strlen(f->mnt);
    }
    for (char *p = r; (p = strchr(p, '@')) != NULL;) {
        char rest[5000];
        snprintf(rest, sizeof rest, "%s%s", f->mnt, p + 1);
        snprintf(p, sizeof r - (size_t)(p - r), "%s", rest);
        p += strlen(f->mnt);
    }
    snprintf(cmd, sizeof cmd, "cd '%s' && rm -f kept.h5 rc2.txt du.txt && "
             "%s sh fill.sh '%s' %d '%s' '%s' %s", f->dir, f->unshare,
             f->mnt, kb, r, getenv("LCA_CLI"), a);
    int status = system(cmd);
    slurp(in_dir(f, "err.txt"), f->err, sizeof f->err);
    slurp(in_dir(f, "out.txt"), f->out, sizeof f->out);
    slurp(in_dir(f, "tmps.txt"), f->tmps, sizeof f->tmps);
    slurp(in_dir(f, "left.txt"), f->left, sizeof f->left);
    if (rc2 != NULL) {
        char buf[32];
        slurp(in_dir(f, "rc2.txt"), buf, sizeof buf);
        *rc2 = buf[0] ? atoi(buf) : -1;
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// A model of N products in the mtx import's files: every activity needs
// 0.1..0.3 of the next product and 0.05 of the one after (a band, so the
// LU is cheap), 20 flows, 2 indicators, demands "all" and "first".
static void write_model_files(fixture *f) {
    FILE *a = fopen(in_dir(f, "A.mtx"), "w");
    fprintf(a, "%%%%MatrixMarket matrix coordinate real general\n%d %d %d\n",
            N, N, 3 * N);
    for (int j = 0; j < N; j++) {
        fprintf(a, "%d %d 1.0\n", j + 1, j + 1);
        fprintf(a, "%d %d %.3f\n", (j + 1) % N + 1, j + 1, -0.1 - j % 3 * 0.1);
        fprintf(a, "%d %d -0.05\n", (j + 2) % N + 1, j + 1);
    }
    fclose(a);
    FILE *b = fopen(in_dir(f, "B.mtx"), "w");
    fprintf(b, "%%%%MatrixMarket matrix coordinate real general\n20 %d %d\n",
            N, 2 * N);
    for (int j = 0; j < N; j++) {
        fprintf(b, "%d %d %.2f\n", j % 20 + 1, j + 1, 1.0 + j % 7);
        fprintf(b, "%d %d %.2f\n", (j + 3) % 20 + 1, j + 1, 0.5);
    }
    fclose(b);
    FILE *c = fopen(in_dir(f, "C.mtx"), "w");
    fprintf(c, "%%%%MatrixMarket matrix coordinate real general\n2 20 21\n");
    for (int i = 0; i < 20; i++) fprintf(c, "1 %d %d.0\n", i + 1, i + 1);
    fprintf(c, "2 5 1.0\n");
    fclose(c);
    FILE *p = fopen(in_dir(f, "products.csv"), "w");
    fprintf(p, "id,name,unit\n");
    for (int j = 0; j < N; j++) fprintf(p, "p%d,Product number %d,kg\n", j, j);
    fclose(p);
    FILE *d = fopen(in_dir(f, "demands.csv"), "w");
    fprintf(d, "product,all,first\n");
    for (int j = 0; j < N; j++) fprintf(d, "p%d,1,%d\n", j, j == 0);
    fclose(d);
}

// Which namespace can mount a tmpfs here, if any.
static int find_unshare(fixture *f) {
    const char *tries[] = {"unshare -m", "unshare -rm"};
    for (int i = 0; i < 2; i++) {
        char cmd[9000];
        snprintf(cmd, sizeof cmd, "%s sh -c 'mount -t tmpfs -o size=64k "
                 "tmpfs \"$0\"' '%s' >/dev/null 2>&1", tries[i], f->mnt);
        if (system(cmd) == 0) {
            snprintf(f->unshare, sizeof f->unshare, "%s", tries[i]);
            return 1;
        }
    }
    return 0;
}

static int setup(void **state) {
    fixture *f = calloc(1, sizeof *f);
    const char *dir = test_tmpdir("full-disk");
    if (f == NULL || dir == NULL || getenv("LCA_CLI") == NULL) return -1;
    snprintf(f->dir, sizeof f->dir, "%s", dir);
    snprintf(f->mnt, sizeof f->mnt, "%s/mnt", dir);
    mkdir(f->mnt, 0777);
    *state = f;
    FILE *sh = fopen(in_dir(f, "fill.sh"), "w");
    if (sh == NULL) return -1;
    fputs(fill_sh, sh);
    fclose(sh);
    if (!find_unshare(f)) {
        fprintf(stderr, "test_full_disk: SKIPPED: no tmpfs can be mounted "
                "here (neither 'unshare -m' as root nor 'unshare -rm' in a "
                "user namespace works), so no full disk can be made\n");
        return 0;
    }
    write_model_files(f);
    snprintf(f->import, sizeof f->import,
             "import mtx --A %s --B %s --C %s", in_dir(f, "A.mtx"),
             in_dir(f, "B.mtx"), in_dir(f, "C.mtx"));
    size_t len = strlen(f->import);
    snprintf(f->import + len, sizeof f->import - len,
             " --products %s --demands %s", in_dir(f, "products.csv"),
             in_dir(f, "demands.csv"));
    snprintf(f->model, sizeof f->model, "%s/model.h5", dir);
    char cmd[20000];
    snprintf(cmd, sizeof cmd, "'%s' %s -o '%s' >/dev/null 2>&1",
             getenv("LCA_CLI"), f->import, f->model);
    return system(cmd) == 0 ? 0 : -1;
}

static int lines(const char *s) {
    int n = 0;
    for (; *s; s++) n += *s == '\n';
    return n;
}

// What every run on a full disk must show: exit 5 (not a signal), one
// message, no HDF5 stack, no temporary file.
static void assert_clean_failure(const fixture *f, int rc, const char *cmd) {
    if (rc != 5) fprintf(stderr, "%s: exit %d, stderr:\n%s", cmd, rc, f->err);
    assert_int_equal(rc, 5);
    assert_non_null(strstr(f->err, "No space left on device"));
    assert_null(strstr(f->err, "HDF5"));
    assert_null(strstr(f->err, "infinite loop"));
    assert_int_equal(lines(f->err), 1);
    assert_string_equal(f->tmps, "");
}

// Sizes to try for a command that writes total KiB: a full disk at once,
// five fractions, and just short of the total.
static int fill_points(int total, int *kb) {
    int n = 0;
    kb[n++] = 4;
    for (int k = 1; k <= 5; k++) kb[n++] = 4 + total * k / 6;
    kb[n++] = total > 8 ? total - 4 : 4;
    return n;
}

// The KiB a command leaves in the tmpfs when nothing limits it.
static int measure(fixture *f, const char *args) {
    assert_int_equal(run_on(f, 256 * 1024, args, NULL, NULL), 0);
    char buf[64];
    slurp(in_dir(f, "du.txt"), buf, sizeof buf);
    assert_true(atoi(buf) > 0);
    return atoi(buf);
}

// One command at every fill point: clean failure or success, and never
// an output file after a failure.
static void sweep(fixture *f, const char *args, const char *what) {
    if (f->unshare[0] == '\0') {
        skip();  // cannot mount a tmpfs: said once in main's message
    }
    int total = measure(f, args), kb[16];
    int n = fill_points(total, kb), failed = 0;
    for (int i = 0; i < n; i++) {
        int rc = run_on(f, kb[i], args, NULL, NULL);
        if (rc == 0) continue;
        failed++;
        assert_clean_failure(f, rc, what);
        assert_false(file_exists(in_dir(f, "kept.h5")));
    }
    assert_true(failed >= 2);  // at least the first two sizes
}

static void test_full_disk_import(void **state) {
    fixture *f = *state;
    char args[13000];
    snprintf(args, sizeof args, "%s -o @/o.h5", f->import);
    sweep(f, args, "import");
}

static void test_full_disk_solve(void **state) {
    fixture *f = *state;
    char args[5000];
    snprintf(args, sizeof args, "solve '%s' --supply --inventory --factors "
             "-o @/o.h5", f->model);
    sweep(f, args, "solve");
}

static void test_full_disk_factors(void **state) {
    fixture *f = *state;
    char args[5000];
    snprintf(args, sizeof args, "factors '%s' -o @/o.h5", f->model);
    sweep(f, args, "factors");
}

static void test_full_disk_export(void **state) {
    fixture *f = *state;
    if (f->unshare[0] == '\0') skip();
    char args[5000];
    snprintf(args, sizeof args, "export '%s' --csv @/csv --mtx",
             f->model);
    int total = measure(f, args), kb[16];
    int n = fill_points(total, kb), failed = 0;
    for (int i = 0; i < n; i++) {
        int rc = run_on(f, kb[i], args, NULL, NULL);
        if (rc == 0) continue;
        failed++;
        assert_clean_failure(f, rc, "export");
    }
    assert_true(failed >= 2);
}

// mc: the --json line says exit 5; a checkpoint, when one was committed,
// resumes once the disk has room, to the factors of a run on an empty
// disk, bit for bit.
static void test_full_disk_mc(void **state) {
    fixture *f = *state;
    if (f->unshare[0] == '\0') skip();
    char args[5000], resume[5000];
    snprintf(args, sizeof args, "mc '%s' -n 64 --seed 3 --checkpoint-every "
             "16 --json -o @/o.h5", f->model);
    // With the options, --resume also starts a run that has nothing to
    // resume (the first checkpoint could not be written).
    snprintf(resume, sizeof resume, "mc %s -n 64 --seed 3 "
             "--checkpoint-every 16 --json --resume @/o.h5", f->model);
    int total = measure(f, args), kb[16];
    int64_t count = 0;
    double *ref = read_h5_doubles(in_dir(f, "kept.h5"), "/factors/mean",
                                  &count);
    int n = fill_points(total, kb), failed = 0, resumed = 0;
    for (int i = 0; i < n; i++) {
        int rc2 = -1;
        int rc = run_on(f, kb[i], args, resume, &rc2);
        if (rc == 0) continue;
        failed++;
        // stderr holds the resume's lines too: check the first run's.
        char *second = strchr(f->err, '\n');
        if (second != NULL) second[1] = '\0';
        assert_clean_failure(f, rc, "mc");
        assert_non_null(strstr(f->out, "\"exit_code\":5"));
        assert_non_null(strstr(f->out, "\"status\":\"failed\""));
        // Resumed (or started anew, when no checkpoint was kept): the
        // same factors as the run on an empty disk.
        assert_int_equal(rc2, 0);
        int64_t c2 = 0;
        double *got = read_h5_doubles(in_dir(f, "kept.h5"), "/factors/mean",
                                      &c2);
        assert_int_equal(c2, count);
        assert_memory_equal(got, ref, sizeof *ref * (size_t)count);
        free(got);
        resumed++;
    }
    assert_true(failed >= 2 && resumed == failed);
    free(ref);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_full_disk_import),
        cmocka_unit_test(test_full_disk_solve),
        cmocka_unit_test(test_full_disk_factors),
        cmocka_unit_test(test_full_disk_mc),
        cmocka_unit_test(test_full_disk_export),
    };
    return cmocka_run_group_tests_name("full_disk", tests, setup,
                                       free_teardown);
}
