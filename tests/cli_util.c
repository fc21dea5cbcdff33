// tests/cli_util.c: running the leontief program from a test
// SPDX-License-Identifier: MIT

#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "cli_util.h"
#include "test_util.h"

// " >'file'" (or " >/dev/null", " >&1") after the stream number.
static const char *redirect(const char *file, char *buf, size_t cap) {
    if (file == NULL) return ">/dev/null";
    if (strcmp(file, CLI_WITH_OUT) == 0) return ">&1";
    int n = snprintf(buf, cap, ">'%s'", file);
    assert_true(n > 0 && (size_t)n < cap);
    return buf;
}

int cli_vrun(const cli_opts *o, const char *fmt, va_list ap) {
    static const cli_opts none = {0};
    if (o == NULL) o = &none;
    const char *prog = getenv("LCA_CLI");
    assert_non_null(prog);
    char args[8192], cmd[20000], cd[4200] = "", out[4200], err[4200];
    int n = vsnprintf(args, sizeof args, fmt, ap);
    assert_true(n >= 0 && (size_t)n < sizeof args);
    if (o->cwd != NULL) {
        n = snprintf(cd, sizeof cd, "cd '%s' && ", o->cwd);
        assert_true(n > 0 && (size_t)n < sizeof cd);
    }
    n = snprintf(cmd, sizeof cmd, "%s%s%s'%s' %s %s 2%s", cd,
                 o->env != NULL ? o->env : "", o->env != NULL ? " " : "", prog,
                 args, redirect(o->out, out, sizeof out),
                 redirect(o->err, err, sizeof err));
    assert_true(n > 0 && (size_t)n < sizeof cmd);
    int status = system(cmd);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int cli_run(const cli_opts *o, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int rc = cli_vrun(o, fmt, ap);
    va_end(ap);
    return rc;
}

static void read_into(const char *path, char *buf, size_t cap) {
    FILE *fp = path != NULL ? fopen(path, "r") : NULL;
    size_t len = fp != NULL ? fread(buf, 1, cap - 1, fp) : 0;
    buf[len] = '\0';
    if (fp != NULL) fclose(fp);
}

static int vcapture(const cli_opts *o, char *buf, size_t cap, const char *fmt,
                    va_list ap) {
    int rc = cli_vrun(o, fmt, ap);
    int joined = o->err != NULL && strcmp(o->err, CLI_WITH_OUT) == 0;
    read_into(joined ? o->out : o->err, buf, cap);
    return rc;
}

int cli_capture(const cli_opts *o, char *buf, size_t cap, const char *fmt,
                ...) {
    va_list ap;
    va_start(ap, fmt);
    int rc = vcapture(o, buf, cap, fmt, ap);
    va_end(ap);
    return rc;
}

int cli_stderr(const char *dir, int cd, char *buf, size_t cap,
               const char *fmt, ...) {
    char err[4300];
    int n = snprintf(err, sizeof err, "%s/stderr.txt", dir);
    assert_true(n > 0 && (size_t)n < sizeof err);
    cli_opts o = {.cwd = cd ? dir : NULL, .err = err};
    va_list ap;
    va_start(ap, fmt);
    int rc = vcapture(&o, buf, cap, fmt, ap);
    va_end(ap);
    return rc;
}
