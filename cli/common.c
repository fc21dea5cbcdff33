// cli/common.c: error reporting and small parsing helpers for the CLI
// SPDX-License-Identifier: MIT

#define _DEFAULT_SOURCE  // realpath, PATH_MAX
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

static int exit_code(lca_status st, int output) {
    switch (st) {
    case LCA_OK:
    case LCA_WARN_ILLCOND: return CLI_EXIT_OK;
    case LCA_ERR_NOMEM: return CLI_EXIT_INTERNAL;
    case LCA_ERR_SINGULAR:
    case LCA_ERR_SOLVER: return CLI_EXIT_NUMERIC;
    case LCA_ERR_IO: return output ? CLI_EXIT_OUTPUT : CLI_EXIT_INPUT;
    case LCA_ERR_ARG:
    case LCA_ERR_DIM:
    case LCA_ERR_INVALID:
    case LCA_ERR_NOTFOUND: return output ? CLI_EXIT_OUTPUT : CLI_EXIT_INPUT;
    }
    return CLI_EXIT_INTERNAL;
}

static int fail(const cli_env *env, lca_ctx *ctx, lca_status st, int output,
                const char *file) {
    const char *msg = ctx != NULL ? lca_ctx_errmsg(ctx) : "";
    // The CLI's own allocations fail without a ctx message: say it plainly.
    if (msg[0] == '\0' || st == LCA_ERR_NOMEM) msg = lca_status_str(st);
    int prefix = file != NULL && strstr(msg, file) == NULL;
    fprintf(stderr, "leontief %s: error: %s%s%s%s\n", env->cmd,
            prefix ? file : "", prefix ? ": " : "", msg,
            output ? " (nothing was written)" : "");
    return exit_code(st, output);
}

int cli_fail(const cli_env *env, lca_ctx *ctx, lca_status st, int output) {
    return fail(env, ctx, st, output, NULL);
}

int cli_fail_in(const cli_env *env, lca_ctx *ctx, lca_status st,
                const char *file) {
    return fail(env, ctx, st, 0, file);
}

int cli_usage_error(const cli_env *env, const char *fmt, ...) {
    va_list ap;
    fprintf(stderr, "leontief %s: ", env->cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, " (see 'leontief %s --help')\n", env->cmd);
    return CLI_EXIT_USAGE;
}

void cli_warn(const cli_env *env, lca_ctx *ctx, lca_status st) {
    if (st > 0) {
        fprintf(stderr, "leontief %s: warning: %s\n", env->cmd,
                lca_ctx_errmsg(ctx));
    }
}

int cli_ranked_desc(const void *a, const void *b) {
    const cli_ranked *x = a, *y = b;
    if (x->value != y->value) return x->value < y->value ? 1 : -1;
    return (x->j > y->j) - (x->j < y->j);
}

// path with its folder resolved (realpath), for outputs not there yet.
static void canonical(const char *path, char *buf, size_t size) {
    char dir[PATH_MAX], real[PATH_MAX];
    const char *slash = strrchr(path, '/');
    const char *base = slash != NULL ? slash + 1 : path;
    snprintf(dir, sizeof dir, "%.*s",
             slash == NULL ? 1 : (int)(slash - path + (slash == path)),
             slash == NULL ? "." : path);
    if (realpath(dir, real) == NULL) snprintf(real, sizeof real, "%s", dir);
    snprintf(buf, size, "%s/%s", real, base);
}

static int same_output(const char *a, const char *b) {
    char x[2 * PATH_MAX], y[2 * PATH_MAX];
    canonical(a, x, sizeof x);
    canonical(b, y, sizeof y);
    return strcmp(x, y) == 0;
}

static int same_file(const struct stat *a, const char *path) {
    struct stat b;
    return stat(path, &b) == 0 && a->st_dev == b.st_dev &&
           a->st_ino == b.st_ino;
}

int cli_check_outputs(const cli_env *env, int argc, char *const *argv,
                      const char *const *outs, int nouts) {
    return cli_check_outputs_but(env, argc, argv, outs, nouts, NULL);
}

int cli_check_outputs_but(const cli_env *env, int argc, char *const *argv,
                          const char *const *outs, int nouts,
                          const char *also) {
    for (int k = 0; k < nouts; k++) {
        for (int m = k + 1; outs[k] != NULL && m < nouts; m++) {
            if (outs[m] != NULL && same_output(outs[k], outs[m])) {
                return cli_usage_error(env, "%s and %s are the same file",
                                       outs[k], outs[m]);
            }
        }
        struct stat sb;
        if (outs[k] == NULL || stat(outs[k], &sb) != 0) continue;
        for (int i = 1; i < argc; i++) {
            if (argv[i] == outs[k] || argv[i] == also ||
                !same_file(&sb, argv[i])) {
                continue;
            }
            return cli_usage_error(env, "%s is also an input (%s): writing "
                                   "it would replace it; choose another "
                                   "output", outs[k], argv[i]);
        }
    }
    return -1;
}

long cli_parse_count(const char *s) {
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    int ok = end != s && *end == '\0' && errno != ERANGE && v > 0;
    return ok ? v : -1;
}

int cli_parse_threads(const cli_env *env, const char *s, long *threads) {
    long v = cli_parse_count(s);
    if (v < 1 || v > LCA_MAX_THREADS) {
        return cli_usage_error(env, "--threads needs a number from 1 to %d, "
                               "not '%s'", LCA_MAX_THREADS, s);
    }
    *threads = v;
    return -1;
}

int cli_getopt_chain(const cli_env *env, int argc, char **argv,
                     const char *shortopts, const struct option *longopts,
                     const char *help, const cli_opt_handler *h, int nh) {
    int c, rc = -1;
    optind = 1;
    opterr = 0;
    while (rc < 0 && (c = getopt_long(argc, argv, shortopts, longopts,
                                      NULL)) != -1) {
        if (c == 'h' && help != NULL) {
            fputs(help, stdout);
            return CLI_EXIT_OK;
        }
        rc = CLI_OPT_UNKNOWN;
        for (int i = 0; i < nh && rc == CLI_OPT_UNKNOWN && c != '?' &&
                        c != ':'; i++) {
            rc = h[i].fn(env, c, h[i].arg);
        }
        if (rc == CLI_OPT_UNKNOWN) {
            rc = cli_usage_error(env, "unknown or incomplete option '%s'",
                                 argv[optind - 1]);
        }
    }
    return rc;
}

int cli_getopt(const cli_env *env, int argc, char **argv,
               const char *shortopts, const struct option *longopts,
               const char *help, cli_option_fn fn, void *arg) {
    const cli_opt_handler h = {fn, arg};
    return cli_getopt_chain(env, argc, argv, shortopts, longopts, help, &h, 1);
}
