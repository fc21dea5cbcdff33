// io/hdf5/h5probe.c: read an unsealed HDF5 file in a child process first
// SPDX-License-Identifier: MIT
//
// A file leontief wrote carries a checksum that is verified before HDF5
// sees it (io/hdf5/h5seal.c). A file without one (written by an older
// leontief, by h5py, by hand) may be damaged in a way that makes libhdf5
// 1.10.8 crash (SIGSEGV in H5HG_read) or loop forever (H5HG__protect):
// tests/fuzz-corpus/known-bugs/. On a cluster the second is a job burning
// its allocation until the wall-time limit. So such a file is first read
// whole by a forked child: every attribute and every dataset, strings
// included, in row blocks of at most 8 MiB. The child exits 0 (all read:
// the parent may read it), 3 (HDF5 cannot open it: the parent's H5Fopen
// fails the same way, with its usual message) or 2 (HDF5 reported an error
// reading an object: damaged; the child sends HDF5's first message through
// a pipe). Anything else (a signal, a sanitizer's report) or the time
// limit makes the file "damaged" in the
// parent, which then never hands it to libhdf5: the same damage that
// crashed the child in one place may meet the parent in another (the
// crashes read freed memory, so where they strike varies), and HDF5 leaks
// memory after some errors, which it then reports at exit ("infinite loop
// closing library"). The child's stderr goes to /dev/null.
//
// Rejected: a watchdog thread in the same process (a thread cannot stop
// a loop inside libhdf5 or survive its SIGSEGV); checking the global heap
// ourselves (it is HDF5's private layout, and the crash is not the only
// way a damaged file can break the library).
//
// The limit is on the child's CPU time (RLIMIT_CPU: 3 s plus 1 s per
// 32 MiB of file), not on the wall clock: the endless loop burns CPU, while
// an honest read of a large file on a busy node (20 jobs on 2 cores) takes
// many times its CPU time in wall time. A wall-clock backstop of 20 times
// the limit plus 60 s still ends a child that blocks without computing.

#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "engine/ctx_impl.h"
#include "io/hdf5/h5util_impl.h"

#define ROWS_BYTES (8 * 1024 * 1024)

// Read count elements of type ftype from an attribute or a selection of a
// dataset (mspace/fspace), as HDF5 converts them to their native type.
static herr_t read_into(hid_t id, hid_t ftype, hid_t mspace, hid_t fspace,
                        size_t count) {
    hid_t mtype = H5Tget_native_type(ftype, H5T_DIR_DEFAULT);
    size_t size = mtype < 0 ? 0 : H5Tget_size(mtype);
    void *buf = size > 0 ? calloc(count > 0 ? count : 1, size) : NULL;
    herr_t e = -1;
    if (buf != NULL) {
        e = H5Iget_type(id) == H5I_ATTR
                ? H5Aread(id, mtype, buf)
                : H5Dread(id, mtype, mspace, fspace, H5P_DEFAULT, buf);
        // Frees variable-length data (strings); nothing for other types.
        hid_t space = mspace != H5S_ALL ? mspace : H5Aget_space(id);
        if (e >= 0) H5Dvlen_reclaim(mtype, space, H5P_DEFAULT, buf);
        if (space != mspace) H5Sclose(space);
    }
    free(buf);
    if (mtype >= 0) H5Tclose(mtype);
    return e;
}

static herr_t read_attr(hid_t obj, const char *name, const H5A_info_t *info,
                        void *err) {
    (void)info;
    hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
    hid_t t = a < 0 ? -1 : H5Aget_type(a);
    hid_t s = a < 0 ? -1 : H5Aget_space(a);
    hssize_t n = s < 0 ? -1 : H5Sget_simple_extent_npoints(s);
    if (n < 0 || read_into(a, t, H5S_ALL, H5S_ALL, (size_t)n) < 0) {
        *(int *)err = 1;
    }
    if (s >= 0) H5Sclose(s);
    if (t >= 0) H5Tclose(t);
    if (a >= 0) H5Aclose(a);
    return 0;
}

// A dataset, in blocks of whole rows along its first dimension.
static int read_dataset(hid_t d) {
    hid_t t = H5Dget_type(d), fs = H5Dget_space(d);
    int rank = fs < 0 ? -1 : H5Sget_simple_extent_ndims(fs);
    hsize_t dims[H5S_MAX_RANK], start[H5S_MAX_RANK] = {0};
    int bad = t < 0 || rank < 0 ||
              H5Sget_simple_extent_dims(fs, dims, NULL) < 0;
    size_t row = t < 0 ? 1 : H5Tget_size(t);
    for (int r = 1; !bad && r < rank; r++) row *= (size_t)dims[r];
    hsize_t nrows = rank > 0 ? dims[0] : 1, step = 1;
    if (row > 0 && row < ROWS_BYTES) step = ROWS_BYTES / row;
    for (hsize_t r0 = 0; !bad && r0 < nrows; r0 += step) {
        hsize_t count[H5S_MAX_RANK];
        for (int r = 0; r < rank; r++) count[r] = dims[r];
        size_t n = 1;
        if (rank > 0) {
            start[0] = r0;
            count[0] = nrows - r0 < step ? nrows - r0 : step;
        }
        for (int r = 0; r < rank; r++) n *= (size_t)count[r];
        hid_t ms = rank > 0 ? H5Screate_simple(rank, count, NULL)
                            : H5Screate(H5S_SCALAR);
        if (rank > 0) {
            H5Sselect_hyperslab(fs, H5S_SELECT_SET, start, NULL, count, NULL);
        }
        bad = ms < 0 || read_into(d, t, ms, fs, n) < 0;
        if (ms >= 0) H5Sclose(ms);
    }
    if (fs >= 0) H5Sclose(fs);
    if (t >= 0) H5Tclose(t);
    return bad;
}

static herr_t visit(hid_t file, const char *name, const H5O_info_t *info,
                    void *err) {
    hid_t obj = H5Oopen(file, name, H5P_DEFAULT);
    if (obj < 0) {
        *(int *)err = 1;
        return 0;
    }
    H5Aiterate2(obj, H5_INDEX_NAME, H5_ITER_NATIVE, NULL, read_attr, err);
    if (info->type == H5O_TYPE_DATASET && read_dataset(obj)) *(int *)err = 1;
    H5Oclose(obj);
    return 0;
}

// H5Ewalk2 callback: the innermost description into data (256 bytes).
static herr_t first_error(unsigned n, const H5E_error2_t *e, void *data) {
    if (n == 0 && e->desc != NULL) {
        strncpy(data, e->desc, 255);
        ((char *)data)[255] = '\0';
    }
    return 0;
}

// Set by a sanitizer runtime (ASan, UBSan, libFuzzer), absent otherwise.
void __sanitizer_set_death_callback(void (*callback)(void))
    __attribute__((weak));

// In the child: a crash is only a signal for the parent to read. The
// parent's handlers (SIGTERM's flag, a sanitizer's or libFuzzer's report,
// which would save the input as a crash of the parent) are dropped.
static void die_quietly(void) {
    static const int sigs[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT,
                               SIGTERM, SIGINT, SIGXCPU};
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        signal(sigs[i], SIG_DFL);
    }
    if (__sanitizer_set_death_callback != NULL) {
        __sanitizer_set_death_callback(NULL);
    }
}

// The child: read everything; exit 0 (all read), 3 (cannot open) or 2
// (an error reading, its message written to fd).
static void child(const char *path, int fd) {
    die_quietly();
    int null = open("/dev/null", O_WRONLY);
    if (null >= 0) dup2(null, STDERR_FILENO);
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    int err = 0;
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (f < 0) _exit(3);
    if (H5Ovisit(f, H5_INDEX_NAME, H5_ITER_NATIVE, visit, &err) < 0) err = 1;
    if (err) {
        char msg[256] = "";
        H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, first_error, msg);
        ssize_t w = write(fd, msg, strlen(msg));
        (void)w;
    }
    _exit(err ? 2 : 0);
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

// Wait for pid up to limit seconds; its status, or -1 (killed: too slow).
static int wait_limited(pid_t pid, double limit) {
    double t0 = now();
    struct timespec pause = {0, 2000000};  // 2 ms
    for (;;) {
        int status;
        pid_t r = waitpid(pid, &status, WNOHANG);
        if (r == pid) return status;
        if (r < 0 && errno != EINTR) return 0;  // not ours to judge
        if (now() - t0 > limit) break;
        nanosleep(&pause, NULL);
    }
    kill(pid, SIGKILL);
    while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) continue;
    return -1;
}

// The child's CPU seconds: 3 plus 1 per 32 MiB of file, rounded up.
static rlim_t cpu_limit(const char *path) {
    struct stat sb;
    double limit = 3.0;
    if (stat(path, &sb) == 0) limit += (double)sb.st_size / (32 << 20);
    return (rlim_t)limit + 1;
}

// In the child: SIGXCPU at cpu seconds, SIGKILL one second later.
static void limit_cpu(rlim_t cpu) {
    struct rlimit rl = {cpu, cpu + 1};
    struct rlimit old;
    if (getrlimit(RLIMIT_CPU, &old) == 0 && old.rlim_max != RLIM_INFINITY &&
        old.rlim_max < rl.rlim_max) {
        rl.rlim_max = old.rlim_max;  // cannot raise a hard limit
        if (rl.rlim_cur > rl.rlim_max) rl.rlim_cur = rl.rlim_max;
    }
    (void)setrlimit(RLIMIT_CPU, &rl);
}

lca_status lca__h5_probe(lca_ctx *ctx, const char *path) {
    rlim_t cpu = cpu_limit(path);
    double limit = 20.0 * (double)cpu + 60.0;  // wall-clock backstop
    int fds[2];
    pid_t pid = pipe(fds) == 0 ? fork() : -1;
    if (pid < 0) {
        return lca__fail(ctx, LCA_ERR_IO, "%s: cannot start a process to "
                         "check the file: %s", path, strerror(errno));
    }
    if (pid == 0) {
        close(fds[0]);
        limit_cpu(cpu);
        child(path, fds[1]);
    }
    close(fds[1]);
    int status = wait_limited(pid, limit);
    char msg[256] = "";
    ssize_t got = read(fds[0], msg, sizeof msg - 1);
    close(fds[0]);
    msg[got > 0 ? got : 0] = '\0';
    msg[strcspn(msg, "\n")] = '\0';
    if (status == -1) {
        return lca__fail(ctx, LCA_ERR_INVALID, "%s: damaged file: libhdf5 "
                         "did not finish reading it in %.0f s (a damaged "
                         "HDF5 file can make libhdf5 1.10 loop forever)",
                         path, limit);
    }
    if (WIFSIGNALED(status) && (WTERMSIG(status) == SIGXCPU ||
                                WTERMSIG(status) == SIGKILL)) {
        return lca__fail(ctx, LCA_ERR_INVALID, "%s: damaged file: libhdf5 "
                         "did not finish reading it in %lu s of CPU time (a "
                         "damaged HDF5 file can make libhdf5 1.10 loop "
                         "forever)", path, (unsigned long)cpu);
    }
    if (WIFSIGNALED(status)) {
        return lca__fail(ctx, LCA_ERR_INVALID, "%s: damaged file: libhdf5 "
                         "crashed reading it (signal %d)", path,
                         WTERMSIG(status));
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 2) {
        return lca__fail(ctx, LCA_ERR_INVALID, "%s: damaged file: libhdf5 "
                         "reported an error reading it (%s)", path,
                         msg[0] ? msg : "?");
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) != 0 &&
        WEXITSTATUS(status) != 3) {
        return lca__fail(ctx, LCA_ERR_INVALID, "%s: damaged file: libhdf5 "
                         "failed reading it (exit %d)", path,
                         WEXITSTATUS(status));
    }
    return LCA_OK;
}
