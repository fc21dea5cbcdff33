// io/native/mclock.c: one Monte Carlo run at a time per output file
// SPDX-License-Identifier: MIT
//
// Two `leontief mc --resume OUT` at once (a duplicate Slurm submission)
// used to both run; one race left a checkpoint that every later resume
// refused. A run now holds flock(LOCK_EX) on the checkpoint folder
// OUT.ckpt/ itself (Linux locks a directory like a file) from before it
// reads or changes anything there until it removes the folder or exits;
// the kernel drops the lock with the process, so a run killed by SIGKILL
// never leaves it held. The holder writes who it is into OUT.ckpt/owner,
// which a second run quotes when it refuses. Rejected: a lock file beside
// OUT (left behind for ever, or unlinked under a waiting process: the
// classic race) and fcntl locks (lost when any descriptor of the file is
// closed, e.g. by a library).
//
// Under the lock it is safe to clean what a killed run left behind: the
// temporary files of segments and state in the folder, and OUT's own
// (OUT.tmp.XXXXXX, io/util/atomic.c), which a kill during the final
// assembly used to leave for ever.

#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "engine/ctx_impl.h"
#include "io/native/mcckpt_impl.h"

// Is name "<prefix>.tmp.XXXXXX" (prefix NULL: any prefix)?
static int is_tmp(const char *name, const char *prefix) {
    const char *t = strstr(name, ".tmp.");
    if (t == NULL || strlen(t) != strlen(".tmp.XXXXXX")) return 0;
    return prefix == NULL ||
           ((size_t)(t - name) == strlen(prefix) &&
            strncmp(name, prefix, strlen(prefix)) == 0);
}

// Unlink the temporary files in dir (of prefix only, if not NULL).
static void remove_tmps(const char *dir, const char *prefix) {
    DIR *d = opendir(dir);
    if (d == NULL) return;
    struct dirent *e;
    char path[4400];
    while ((e = readdir(d)) != NULL) {
        if (!is_tmp(e->d_name, prefix)) continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        unlink(path);
    }
    closedir(d);
}

// OUT's folder and file name, for its temporary files.
static void remove_out_tmps(const char *out) {
    char dir[4200];
    const char *slash = strrchr(out, '/');
    if (slash == NULL) {
        remove_tmps(".", out);
        return;
    }
    snprintf(dir, sizeof dir, "%.*s", (int)(slash - out + (slash == out)),
             out);
    remove_tmps(dir, slash + 1);
}

static void write_owner(const char *dir) {
    char path[4300], host[256] = "?", when[32] = "?";
    if (gethostname(host, sizeof host) != 0) snprintf(host, sizeof host, "?");
    host[sizeof host - 1] = '\0';
    time_t now = time(NULL);
    struct tm tm;
    if (gmtime_r(&now, &tm) != NULL) {
        strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    }
    snprintf(path, sizeof path, "%s/owner", dir);
    FILE *fp = fopen(path, "w");
    if (fp == NULL) return;
    fprintf(fp, "pid %ld on host %s since %s", (long)getpid(), host, when);
    fclose(fp);
}

// The refusal, quoting the folder's owner file.
static lca_status busy(lca_ctx *ctx, const char *dir, const char *out) {
    char path[4300], who[512] = "another run";
    snprintf(path, sizeof path, "%s/owner", dir);
    FILE *fp = fopen(path, "r");
    if (fp != NULL) {
        size_t n = fread(who, 1, sizeof who - 1, fp);
        who[n] = '\0';
        who[strcspn(who, "\n")] = '\0';
        if (n == 0) snprintf(who, sizeof who, "another run");
        fclose(fp);
    }
    return lca__fail(ctx, LCA_ERR_INVALID, "%s is being written by another "
                     "run (%s; it holds %s): not starting a second one",
                     out, who, dir);
}

lca_status lca__ckpt_lock(lca_ctx *ctx, const char *dir, const char *out,
                          int create, int *fd) {
    *fd = -1;
    if (create && mkdir(dir, 0777) != 0 && errno != EEXIST) {
        return lca__fail(ctx, LCA_ERR_IO, "cannot create %s: %s", dir,
                         strerror(errno));
    }
    int d = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (d < 0) {
        return lca__fail(ctx, LCA_ERR_IO, "%s: cannot open %s: %s", out, dir,
                         strerror(errno));
    }
    if (flock(d, LOCK_EX | LOCK_NB) != 0) {
        int err = errno;
        close(d);
        if (err == EWOULDBLOCK) return busy(ctx, dir, out);
        return lca__fail(ctx, LCA_ERR_IO, "%s: cannot lock %s: %s", out, dir,
                         strerror(err));
    }
    write_owner(dir);
    remove_tmps(dir, NULL);
    remove_out_tmps(out);
    *fd = d;
    return LCA_OK;
}

void lca__ckpt_clear(const char *dir) {
    DIR *d = opendir(dir);
    if (d == NULL) return;
    struct dirent *e;
    char path[4400];
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
            strcmp(e->d_name, "owner") == 0) {
            continue;
        }
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        unlink(path);
    }
    closedir(d);
}
