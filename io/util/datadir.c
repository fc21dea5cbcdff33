// io/util/datadir.c: lca_data_dir, where the bundled data is
// SPDX-License-Identifier: MIT
//
// In order: $LEONTIEF_DATADIR; the installed share/leontief, found from
// the file this code was loaded from (libleontief.so, or the program
// linked with the static library) by the relative path CMake computed
// from the install layout (LCA_DATADIR_FROM_LIB/_BIN); the source tree's
// datasets/ the library was built from (running from the build tree).

#define _GNU_SOURCE  // dladdr

#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/ctx_impl.h"
#include "lca/io.h"

#if !defined(LCA_DATADIR_FROM_LIB) || !defined(LCA_DATADIR_FROM_BIN) || \
    !defined(LCA_SOURCE_DATADIR)
#error "the data directory paths come from CMakeLists.txt"
#endif

static int is_dir(const char *path) {
    struct stat sb;
    return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

// The file this code is in: the shared library, or else the program.
static int code_file(char *buf, size_t size) {
    Dl_info info;
    if (dladdr((void *)lca_data_dir, &info) != 0 && info.dli_fname != NULL &&
        strstr(info.dli_fname, ".so") != NULL &&
        realpath(info.dli_fname, buf) != NULL) {
        return 1;  // buf holds PATH_MAX bytes (the caller's)
    }
    ssize_t len = readlink("/proc/self/exe", buf, size - 1);
    if (len <= 0) return 0;
    buf[len] = '\0';
    return 2;
}

// The installed data folder next to the code, into buf; 0 if none.
static int installed(char *buf, size_t size) {
    char path[PATH_MAX + 1];
    int kind = code_file(path, sizeof path);
    if (kind == 0) return 0;
    char *slash = strrchr(path, '/');
    if (slash == NULL) return 0;
    *slash = '\0';
    const char *rel = kind == 1 ? LCA_DATADIR_FROM_LIB : LCA_DATADIR_FROM_BIN;
    int n = snprintf(buf, size, "%s/%s", path, rel);
    return n > 0 && (size_t)n < size && is_dir(buf);
}

lca_status lca_data_dir(lca_ctx *ctx, char *buf, size_t size) {
    if (buf == NULL || size == 0) return LCA_ERR_ARG;
    buf[0] = '\0';
    const char *env = getenv("LEONTIEF_DATADIR");
    if (env != NULL && env[0] != '\0') {
        if (strlen(env) >= size) {
            return lca__fail(ctx, LCA_ERR_ARG, "$LEONTIEF_DATADIR is longer "
                             "than %zu bytes", size - 1);
        }
        memcpy(buf, env, strlen(env) + 1);
        return LCA_OK;
    }
    if (installed(buf, size)) return LCA_OK;
    if (is_dir(LCA_SOURCE_DATADIR) && strlen(LCA_SOURCE_DATADIR) < size) {
        memcpy(buf, LCA_SOURCE_DATADIR, strlen(LCA_SOURCE_DATADIR) + 1);
        return LCA_OK;
    }
    buf[0] = '\0';
    return lca__fail(ctx, LCA_ERR_NOTFOUND, "no data folder: set "
                     "$LEONTIEF_DATADIR (not set), install leontief (no "
                     "share/leontief beside it) or keep its source tree (%s "
                     "is gone)", LCA_SOURCE_DATADIR);
}
