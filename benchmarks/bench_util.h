// benchmarks/bench_util.h: what the benchmark programs share
// SPDX-License-Identifier: MIT
//
// Timing (CLOCK_MONOTONIC, medians of repeated runs), the machine report,
// thread control for our OpenMP loops and OpenBLAS together, and the test
// matrices: IO-table-like T = I - A from a seeded splitmix64 stream, and
// the WIOD 2011 world table read from its CSV export. Benchmarks report
// times; nothing here ever asserts on one.

#ifndef LCA_BENCH_UTIL_H
#define LCA_BENCH_UTIL_H

#include <stdint.h>
#include <stdio.h>

#include "lca.h"

// ---- timing -----------------------------------------------------------------

double bench_now(void);  // seconds, CLOCK_MONOTONIC

// Median, min and max of R runs of one operation, in seconds per call.
typedef struct bench_stat {
    double median, min, max;
    int runs;
    int64_t calls_per_run;
} bench_stat;

// One call of the operation; returns the seconds that count (the op times
// only its own work, so setup and cleanup stay outside) or < 0 on failure.
typedef double (*bench_op_fn)(void *arg);

// Time op: one warm-up call, then `repeat` runs, each of enough calls to
// take at least min_seconds (so sub-millisecond ops are not clock noise).
// Returns -1 if a call failed (the op printed why), else 0.
int bench_time(bench_op_fn op, void *arg, int repeat, double min_seconds,
               bench_stat *out);

// Time nops operations the same way, interleaved: round r runs every op
// once (warm-up, calibration, one run), so that drift in the machine's
// state (other processes, clock) hits all of them alike. medians[o] gets
// the median seconds per call of op o. Returns -1 if a call failed.
int bench_time_interleaved(int nops, const bench_op_fn *ops, void *arg,
                           int repeat, double min_seconds, double *medians);

// Median of v[0..count-1] (v is reordered).
double bench_median(double *v, int count);

// "12.3 (12.1-12.9)" in milliseconds into buf.
const char *bench_fmt_ms(const bench_stat *s, char *buf, size_t size);

// ---- machine, threads, memory -----------------------------------------------

int bench_nproc(void);
// Use nthreads for our own parallel loops (ctx) and for OpenBLAS.
void bench_set_threads(lca_ctx *ctx, int nthreads);
double bench_peak_rss_mib(void);  // getrusage ru_maxrss, MiB
// Markdown list: CPU, cores, memory, kernel, compiler, libraries, date,
// commit, load average.
void bench_print_machine(FILE *f);
// "0.12 0.30 0.25" from /proc/loadavg into buf (other processes running
// make the timings, above all the multi-threaded ones, unreliable).
const char *bench_loadavg(char *buf, size_t size);

// ---- test matrices ----------------------------------------------------------

// splitmix64: a whole generator in one uint64_t the caller owns.
uint64_t bench_rand_u64(uint64_t *state);
double bench_rand_unit(uint64_t *state);  // uniform in [0, 1)

// T = I - A, n x n, where A is nonnegative with each entry present with
// probability `density` (the diagonal of T is always present) and column
// sums in [0.2, 0.8] (a productive economy). Values are skewed (u^4) the way
// IO coefficients are. Deterministic in (n, density, seed).
lca_status bench_io_table(lca_ctx *ctx, int64_t n, double density,
                          uint64_t seed, lca_csc **T);

// T = I - A like bench_io_table but with per_col entries per column, all
// within `band` rows of the diagonal: a large sparse system whose LU stays
// sparse (random long-range patterns fill in almost completely).
lca_status bench_banded_table(lca_ctx *ctx, int64_t n, int64_t per_col,
                              int64_t band, uint64_t seed, lca_csc **T);

// WIOD 2011 (dir holds inter.csv and sectors_and_output.csv, see its
// README): T = I - Z diag(x)^-1, zero-output columns of A set to 0.
// Returns LCA_ERR_IO if a file is missing or malformed.
lca_status bench_wiod_table(lca_ctx *ctx, const char *dir, lca_csc **T);

// USLCI (dir holds technosphere.mtx, see its README): the technosphere
// matrix T of a process LCA database, read with lca_import_mtx.
lca_status bench_uslci_table(lca_ctx *ctx, const char *dir, lca_csc **T);

// Is path an existing file or directory?
int bench_exists(const char *path);

#endif  // LCA_BENCH_UTIL_H
