// io/util/atomic.c: write a file under a temporary name, then rename it
// SPDX-License-Identifier: MIT
//
// The POSIX recipe for a crash-safe replace: make NAME.tmp.XXXXXX next to
// NAME (rename is only atomic within one file system), let the caller
// write and close it, fsync its data, rename it over NAME, and fsync the
// directory so that the rename itself is on disk. Writing NAME in place
// was rejected (a crash leaves half a file), and so was a fixed temporary
// name such as NAME.tmp (two writers would share it).

#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/ctx_impl.h"
#include "io/util/atomic_impl.h"

struct lca__atomic {
    lca_ctx *ctx;
    char *path;  // the final name
    char *tmp;   // NAME.tmp.XXXXXX
    char *dir;   // the directory both live in
    char buf[];  // path, tmp and dir, one after the other
};

static const char tmp_suffix[] = ".tmp.XXXXXX";

// errno as text, without strerror's shared buffer.
static const char *errno_str(int err, char *buf, size_t size) {
    if (strerror_r(err, buf, size) != 0) snprintf(buf, size, "errno %d", err);
    return buf;
}

// The umask without changing it (umask() would, for every thread): Linux
// shows it in /proc/self/status; elsewhere assume the usual 022.
static mode_t current_umask(void) {
    unsigned mask = 022;
    FILE *f = fopen("/proc/self/status", "r");
    if (f == NULL) return (mode_t)mask;
    char line[256];
    while (fgets(line, sizeof line, f) != NULL) {
        if (sscanf(line, "Umask: %o", &mask) == 1) break;
    }
    fclose(f);
    return (mode_t)(mask & 0777);
}

// Give the temporary file the mode the final file should have: that of the
// file it replaces, or what open(O_CREAT, 0666) would give. mkstemp makes
// it 0600. A failure here is not an error: the bits are a courtesy, and
// some file systems (vfat) cannot hold them.
static void set_mode(int fd, const char *path) {
    struct stat sb;
    mode_t mode;
    if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode)) {
        mode = sb.st_mode & 07777;
    } else {
        mode = 0666 & ~current_umask();
    }
    (void)fchmod(fd, mode);
}

// One block holding the object and its three strings.
static lca__atomic *atomic_alloc(lca_ctx *ctx, const char *path) {
    size_t len = strlen(path);
    const char *slash = strrchr(path, '/');
    size_t dlen = 1;  // "." or "/"
    if (slash != NULL && slash != path) dlen = (size_t)(slash - path);
    size_t size = sizeof(lca__atomic) + (len + 1) + (len + sizeof tmp_suffix) +
                  (dlen + 1);
    lca__atomic *a = lca__malloc(ctx, 1, size);
    if (a == NULL) return NULL;
    a->ctx = ctx;
    a->path = a->buf;
    a->tmp = a->path + len + 1;
    a->dir = a->tmp + len + sizeof tmp_suffix;
    memcpy(a->path, path, len + 1);
    memcpy(a->tmp, path, len);
    memcpy(a->tmp + len, tmp_suffix, sizeof tmp_suffix);
    if (slash == NULL) {
        memcpy(a->dir, ".", 2);
    } else {
        memcpy(a->dir, path, dlen);
        a->dir[dlen] = '\0';
    }
    return a;
}

lca_status lca__atomic_begin(lca_ctx *ctx, const char *path,
                             lca__atomic **out) {
    *out = NULL;
    if (path == NULL || path[0] == '\0') {
        return lca__fail(ctx, LCA_ERR_ARG, "no file name to write");
    }
    lca__atomic *a = atomic_alloc(ctx, path);
    if (a == NULL) {
        return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory for '%s'", path);
    }
    int fd = mkstemp(a->tmp);
    if (fd < 0) {
        char msg[256];
        lca_status st = lca__fail(ctx, LCA_ERR_IO,
                                  "%s: cannot create a temporary file in "
                                  "'%s': %s",
                                  path, a->dir, errno_str(errno, msg,
                                                          sizeof msg));
        lca__free(ctx, a);
        return st;
    }
    set_mode(fd, path);
    close(fd);
    *out = a;
    return LCA_OK;
}

const char *lca__atomic_tmp_path(const lca__atomic *a) { return a->tmp; }
const char *lca__atomic_path(const lca__atomic *a) { return a->path; }

// open(name, flags) then fsync; what names the step in the message.
static lca_status sync_path(lca__atomic *a, const char *name, int flags,
                            const char *what) {
    int fd = open(name, flags | O_CLOEXEC);
    int err = 0;
    if (fd < 0) {
        err = errno;
    } else {
        if (fsync(fd) != 0) err = errno;
        close(fd);
    }
    // A directory on a file system that cannot sync one says EINVAL.
    if (err == 0 || (err == EINVAL && (flags & O_DIRECTORY))) return LCA_OK;
    char msg[256];
    return lca__fail(a->ctx, LCA_ERR_IO, "%s: cannot %s '%s': %s", a->path,
                     what, name, errno_str(err, msg, sizeof msg));
}

lca_status lca__atomic_commit(lca__atomic **ap) {
    if (ap == NULL || *ap == NULL) return LCA_ERR_ARG;
    lca__atomic *a = *ap;
    *ap = NULL;
    lca_ctx *ctx = a->ctx;
    lca_status st = sync_path(a, a->tmp, O_RDONLY, "flush");
    if (st == LCA_OK && rename(a->tmp, a->path) != 0) {
        char msg[256];
        st = lca__fail(ctx, LCA_ERR_IO, "%s: cannot rename '%s' to it: %s",
                       a->path, a->tmp, errno_str(errno, msg, sizeof msg));
    }
    if (st != LCA_OK) {
        unlink(a->tmp);
    } else {
        st = sync_path(a, a->dir, O_RDONLY | O_DIRECTORY, "flush directory");
    }
    lca__free(ctx, a);
    return st;
}

void lca__atomic_abort(lca__atomic **ap) {
    if (ap == NULL || *ap == NULL) return;
    lca__atomic *a = *ap;
    unlink(a->tmp);
    lca__free(a->ctx, a);
    *ap = NULL;
}
