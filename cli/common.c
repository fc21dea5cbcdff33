// cli/common.c: error reporting and small parsing helpers for the CLI
// SPDX-License-Identifier: MIT

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

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

long cli_parse_count(const char *s) {
    char *end;
    long v = strtol(s, &end, 10);
    return (end != s && *end == '\0' && v > 0) ? v : -1;
}
