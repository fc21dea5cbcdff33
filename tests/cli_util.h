// tests/cli_util.h: running the leontief program ($LCA_CLI) from a test
// SPDX-License-Identifier: MIT
//
// The command goes through the shell, so ARGS may quote paths and redirect
// nothing of their own: where the output goes is said in a cli_opts.

#ifndef LCA_CLI_UTIL_H
#define LCA_CLI_UTIL_H

#include <stdarg.h>
#include <stddef.h>

// With err: standard error goes where standard output goes.
#define CLI_WITH_OUT "&1"

typedef struct cli_opts {
    const char *cwd;  // folder to run in (NULL: the test's own)
    const char *env;  // "NAME=value ..." for the program alone (NULL: none)
    const char *out;  // file for standard output (NULL: discarded)
    const char *err;  // file for standard error (NULL: discarded;
                      // CLI_WITH_OUT: with standard output)
} cli_opts;

// Run "$LCA_CLI ARGS", ARGS printf-formatted from fmt; o NULL discards
// both outputs. Returns the exit code, -1 if it did not exit. Fails the
// test if the command does not fit its buffer.
int cli_vrun(const cli_opts *o, const char *fmt, va_list ap);
int cli_run(const cli_opts *o, const char *fmt, ...);

// cli_run, then the file o->err (o->out when err is CLI_WITH_OUT) read
// into buf: at most cap - 1 bytes, NUL-terminated, "" if there is none.
int cli_capture(const cli_opts *o, char *buf, size_t cap, const char *fmt,
                ...);

// Run in dir (in it when cd is set) with standard output discarded and
// standard error in dir/stderr.txt, read back into buf as cli_capture.
int cli_stderr(const char *dir, int cd, char *buf, size_t cap,
               const char *fmt, ...);

#endif  // LCA_CLI_UTIL_H
