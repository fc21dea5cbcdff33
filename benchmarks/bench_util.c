// benchmarks/bench_util.c: timing, machine report and test matrices
// SPDX-License-Identifier: MIT

#define _DEFAULT_SOURCE  // clock_gettime, getline, getrusage, uname

#include "bench_util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <SuiteSparse_config.h>
#include <umfpack.h>

// OpenBLAS extensions (declared here rather than through a cblas.h, whose
// location depends on the BLAS alternative installed).
void openblas_set_num_threads(int num_threads);
char *openblas_get_config(void);

#ifndef LCA_BENCH_BUILD_TYPE
#define LCA_BENCH_BUILD_TYPE "unknown"
#endif

double bench_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double bench_median(double *v, int count) {
    if (count <= 0) return NAN;
    qsort(v, (size_t)count, sizeof *v, cmp_double);
    if (count % 2 == 1) return v[count / 2];
    return 0.5 * (v[count / 2 - 1] + v[count / 2]);
}

int bench_time(bench_op_fn op, void *arg, int repeat, double min_seconds,
               bench_stat *out) {
    memset(out, 0, sizeof *out);
    double t0 = op(arg);  // warm-up; also sizes the inner loop
    if (t0 < 0) return -1;
    int64_t calls = 1;
    if (t0 < min_seconds) {
        calls = (int64_t)ceil(min_seconds / (t0 > 1e-7 ? t0 : 1e-7));
        if (calls > 1000000) calls = 1000000;
    }
    if (repeat < 1) repeat = 1;
    double *per_call = malloc((size_t)repeat * sizeof *per_call);
    if (per_call == NULL) return -1;
    for (int r = 0; r < repeat; r++) {
        double sum = 0.0;
        for (int64_t c = 0; c < calls; c++) {
            double t = op(arg);
            if (t < 0) {
                free(per_call);
                return -1;
            }
            sum += t;
        }
        per_call[r] = sum / (double)calls;
    }
    out->runs = repeat;
    out->calls_per_run = calls;
    out->median = bench_median(per_call, repeat);  // sorts per_call
    out->min = per_call[0];
    out->max = per_call[repeat - 1];
    free(per_call);
    return 0;
}

int bench_time_interleaved(int nops, const bench_op_fn *ops, void *arg,
                           int repeat, double min_seconds, double *medians) {
    if (repeat < 1) repeat = 1;
    double *v = malloc((size_t)nops * (size_t)repeat * sizeof *v);
    if (v == NULL) return -1;
    int rc = 0;
    for (int r = 0; rc == 0 && r < repeat; r++) {
        for (int o = 0; rc == 0 && o < nops; o++) {
            bench_stat st;
            rc = bench_time(ops[o], arg, 1, min_seconds, &st);
            v[o * repeat + r] = st.median;
        }
    }
    for (int o = 0; rc == 0 && o < nops; o++) {
        medians[o] = bench_median(v + o * repeat, repeat);
    }
    free(v);
    return rc;
}

const char *bench_fmt_ms(const bench_stat *s, char *buf, size_t size) {
    if (s->runs == 0) {  // not measured
        snprintf(buf, size, "-");
        return buf;
    }
    double ms = 1e3 * s->median, lo = 1e3 * s->min, hi = 1e3 * s->max;
    const char *fmt = ms < 1.0 ? "%.4f (%.4f-%.4f)"
                      : ms < 100.0 ? "%.2f (%.2f-%.2f)"
                                   : "%.0f (%.0f-%.0f)";
    snprintf(buf, size, fmt, ms, lo, hi);
    return buf;
}

int bench_nproc(void) {
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

void bench_set_threads(lca_ctx *ctx, int nthreads) {
    lca_ctx_set_nthreads(ctx, nthreads);
    openblas_set_num_threads(nthreads);
}

double bench_peak_rss_mib(void) {
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) != 0) return NAN;
    return (double)ru.ru_maxrss / 1024.0;  // Linux reports KiB
}

// The value of the first "key : value" line of a /proc file, or "".
static void proc_field(const char *path, const char *key, char *val,
                       size_t size) {
    val[0] = '\0';
    FILE *f = fopen(path, "r");
    if (f == NULL) return;
    char line[1024];
    size_t klen = strlen(key);
    while (fgets(line, sizeof line, f) != NULL) {
        if (strncmp(line, key, klen) != 0) continue;
        char *colon = strchr(line, ':');
        if (colon == NULL) continue;
        colon++;
        while (*colon == ' ' || *colon == '\t') colon++;
        colon[strcspn(colon, "\n")] = '\0';
        snprintf(val, size, "%s", colon);
        break;
    }
    fclose(f);
}

// The SIMD extensions that matter for BLAS, from the cpuinfo flags.
static void simd_flags(char *out, size_t size) {
    char flags[4096];
    proc_field("/proc/cpuinfo", "flags", flags, sizeof flags);
    static const char *const want[] = {"avx", "avx2", "fma", "avx512f"};
    out[0] = '\0';
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        char pat[32];
        snprintf(pat, sizeof pat, " %s ", want[i]);
        char padded[4100];
        snprintf(padded, sizeof padded, " %s ", flags);
        if (strstr(padded, pat) != NULL) {
            size_t len = strlen(out);
            snprintf(out + len, size - len, "%s%s", len ? " " : "", want[i]);
        }
    }
}

void bench_print_machine(FILE *f) {
    char cpu[256], mhz[64], mem[64], simd[128];
    proc_field("/proc/cpuinfo", "model name", cpu, sizeof cpu);
    proc_field("/proc/cpuinfo", "cpu MHz", mhz, sizeof mhz);
    proc_field("/proc/meminfo", "MemTotal", mem, sizeof mem);
    simd_flags(simd, sizeof simd);
    struct utsname u;
    int have_uname = uname(&u) == 0;
    char date[64];
    time_t now = time(NULL);
    strftime(date, sizeof date, "%Y-%m-%d %H:%M UTC", gmtime(&now));
    fprintf(f, "- CPU: %s (%s MHz; %s)\n", cpu[0] ? cpu : "unknown",
            mhz[0] ? mhz : "?", simd[0] ? simd : "no AVX");
    fprintf(f, "- cores online: %d\n", bench_nproc());
    fprintf(f, "- memory: %s\n", mem[0] ? mem : "unknown");
    fprintf(f, "- kernel: %s %s\n", have_uname ? u.sysname : "?",
            have_uname ? u.release : "?");
#if defined(__clang__)
    fprintf(f, "- compiler: clang %s, build type %s\n", __clang_version__,
            LCA_BENCH_BUILD_TYPE);
#elif defined(__GNUC__)
    fprintf(f, "- compiler: gcc %s, build type %s\n", __VERSION__,
            LCA_BENCH_BUILD_TYPE);
#else
    fprintf(f, "- compiler: unknown, build type %s\n", LCA_BENCH_BUILD_TYPE);
#endif
    fprintf(f, "- OpenBLAS: %s\n", openblas_get_config());
    fprintf(f, "- UMFPACK: %s (SuiteSparse %d.%d.%d)\n", UMFPACK_VERSION,
            SUITESPARSE_MAIN_VERSION, SUITESPARSE_SUB_VERSION,
            SUITESPARSE_SUBSUB_VERSION);
    fprintf(f, "- leontief %s, commit %s\n", lca_version(), lca_git_commit());
    fprintf(f, "- date: %s\n", date);
    fprintf(f, "- load average at start (1, 5, 15 min): %s\n",
            bench_loadavg(date, sizeof date));
}

const char *bench_loadavg(char *buf, size_t size) {
    snprintf(buf, size, "unknown");
    FILE *f = fopen("/proc/loadavg", "r");
    if (f == NULL) return buf;
    double a = 0, b = 0, c = 0;
    if (fscanf(f, "%lf %lf %lf", &a, &b, &c) == 3) {
        snprintf(buf, size, "%.2f %.2f %.2f", a, b, c);
    }
    fclose(f);
    return buf;
}

// ---- generators -------------------------------------------------------------

uint64_t bench_rand_u64(uint64_t *state) {
    uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

double bench_rand_unit(uint64_t *state) {
    return (double)(bench_rand_u64(state) >> 11) * 0x1.0p-53;
}

// Triplets of T = I - A under construction.
typedef struct triplets {
    int64_t count, cap;
    int64_t *Ti, *Tj;
    double *Tx;
} triplets;

static int trip_init(triplets *t, int64_t cap) {
    t->count = 0;
    t->cap = cap > 0 ? cap : 1;
    t->Ti = malloc((size_t)t->cap * sizeof *t->Ti);
    t->Tj = malloc((size_t)t->cap * sizeof *t->Tj);
    t->Tx = malloc((size_t)t->cap * sizeof *t->Tx);
    return t->Ti != NULL && t->Tj != NULL && t->Tx != NULL;
}

static int trip_push(triplets *t, int64_t i, int64_t j, double x) {
    if (t->count == t->cap) {
        int64_t cap = 2 * t->cap;
        int64_t *Ti = realloc(t->Ti, (size_t)cap * sizeof *Ti);
        if (Ti != NULL) t->Ti = Ti;
        int64_t *Tj = realloc(t->Tj, (size_t)cap * sizeof *Tj);
        if (Tj != NULL) t->Tj = Tj;
        double *Tx = realloc(t->Tx, (size_t)cap * sizeof *Tx);
        if (Tx != NULL) t->Tx = Tx;
        if (Ti == NULL || Tj == NULL || Tx == NULL) return 0;
        t->cap = cap;
    }
    t->Ti[t->count] = i;
    t->Tj[t->count] = j;
    t->Tx[t->count] = x;
    t->count++;
    return 1;
}

static void trip_free(triplets *t) {
    free(t->Ti);
    free(t->Tj);
    free(t->Tx);
}

// Scale the A entries of column j (triplets first..count-1, stored as
// positive a_ij) to sum to colsum, negate them into T and add T's 1 on the
// diagonal (from_triplets sums it with a_jj when that is present).
static int finish_column(triplets *t, int64_t first, int64_t j,
                         double colsum) {
    double sum = 0.0;
    for (int64_t p = first; p < t->count; p++) sum += t->Tx[p];
    for (int64_t p = first; p < t->count; p++) {
        t->Tx[p] = -colsum * t->Tx[p] / sum;
    }
    return trip_push(t, j, j, 1.0);
}

static lca_status trip_build(lca_ctx *ctx, int64_t n, triplets *t, int ok,
                             lca_csc **T) {
    lca_status st = LCA_ERR_NOMEM;
    if (ok) st = lca_csc_from_triplets(ctx, n, n, t->count, t->Ti, t->Tj,
                                       t->Tx, T);
    trip_free(t);
    return st;
}

lca_status bench_io_table(lca_ctx *ctx, int64_t n, double density,
                          uint64_t seed, lca_csc **T) {
    *T = NULL;
    uint64_t rng = seed ^ ((uint64_t)n << 32) ^ (uint64_t)(density * 1e6);
    triplets t;
    double expect = density * (double)n * (double)n * 1.05 + (double)n + 16;
    int ok = trip_init(&t, (int64_t)expect);
    for (int64_t j = 0; ok && j < n; j++) {
        int64_t first = t.count;
        for (int64_t i = 0; ok && i < n; i++) {
            if (bench_rand_unit(&rng) >= density) continue;
            double u = 1.0 - bench_rand_unit(&rng);  // (0, 1]
            ok = trip_push(&t, i, j, u * u * u * u);
        }
        double colsum = 0.2 + 0.6 * bench_rand_unit(&rng);
        if (ok) ok = finish_column(&t, first, j, colsum);
    }
    return trip_build(ctx, n, &t, ok, T);
}

lca_status bench_banded_table(lca_ctx *ctx, int64_t n, int64_t per_col,
                              int64_t band, uint64_t seed, lca_csc **T) {
    *T = NULL;
    uint64_t rng = seed ^ ((uint64_t)n << 20) ^ (uint64_t)band;
    triplets t;
    int64_t *mark = malloc((size_t)n * sizeof *mark);  // last column using row
    int ok = mark != NULL && trip_init(&t, n * per_col + 16);
    if (mark == NULL) return LCA_ERR_NOMEM;
    for (int64_t i = 0; i < n; i++) mark[i] = -1;
    for (int64_t j = 0; ok && j < n; j++) {
        int64_t first = t.count;
        mark[j] = j;
        // Distinct rows near j, other than j; give up on a crowded edge.
        for (int64_t tries = 0; ok && t.count - first < per_col - 1; tries++) {
            if (tries == 64 * per_col) break;
            int64_t i = j - band + (int64_t)(bench_rand_u64(&rng) %
                                             (uint64_t)(2 * band + 1));
            if (i < 0 || i >= n || mark[i] == j) continue;
            mark[i] = j;
            double u = 1.0 - bench_rand_unit(&rng);
            ok = trip_push(&t, i, j, u * u * u * u);
        }
        double colsum = 0.2 + 0.6 * bench_rand_unit(&rng);
        if (ok) ok = finish_column(&t, first, j, colsum);
    }
    free(mark);
    return trip_build(ctx, n, &t, ok, T);
}

// ---- WIOD -------------------------------------------------------------------

// Gross output x: the last field of every line after the header.
static int64_t wiod_read_output(const char *path, double **x) {
    *x = NULL;
    FILE *f = fopen(path, "r");
    if (f == NULL) return -1;
    char *line = NULL;
    size_t cap = 0;
    int64_t n = 0, room = 0;
    double *v = NULL;
    int ok = getline(&line, &cap, f) > 0;  // header
    while (ok && getline(&line, &cap, f) > 0) {
        char *comma = strrchr(line, ',');
        char *end = NULL;
        double val = comma != NULL ? strtod(comma + 1, &end) : NAN;
        if (comma == NULL || end == comma + 1) {
            ok = 0;
            break;
        }
        if (n == room) {
            room = room ? 2 * room : 2048;
            double *w = realloc(v, (size_t)room * sizeof *w);
            if (w == NULL) {
                ok = 0;
                break;
            }
            v = w;
        }
        v[n++] = val;
    }
    free(line);
    fclose(f);
    if (!ok) {
        free(v);
        return -1;
    }
    *x = v;
    return n;
}

// Row i of Z from inter.csv: a quoted label, then n numbers.
static int wiod_parse_row(char *line, int64_t i, int64_t n, const double *x,
                          triplets *t) {
    char *p = strchr(line, ',');
    for (int64_t j = 0; j < n; j++) {
        if (p == NULL || *p != ',') return 0;
        char *end = NULL;
        double z = strtod(p + 1, &end);
        if (end == p + 1) return 0;
        p = end;
        if (z != 0.0 && x[j] > 0.0 && !trip_push(t, i, j, -z / x[j])) {
            return 0;
        }
    }
    return 1;
}

lca_status bench_wiod_table(lca_ctx *ctx, const char *dir, lca_csc **T) {
    *T = NULL;
    char path[4096];
    double *x = NULL;
    snprintf(path, sizeof path, "%s/sectors_and_output.csv", dir);
    int64_t n = wiod_read_output(path, &x);
    if (n <= 0) return LCA_ERR_IO;
    snprintf(path, sizeof path, "%s/inter.csv", dir);
    FILE *f = fopen(path, "r");
    triplets t;
    int ok = f != NULL && trip_init(&t, 420000 + n);
    char *line = NULL;
    size_t cap = 0;
    if (ok) ok = getline(&line, &cap, f) > 0;  // header
    for (int64_t i = 0; ok && i < n; i++) {
        ok = getline(&line, &cap, f) > 0 && wiod_parse_row(line, i, n, x, &t);
        if (ok) ok = trip_push(&t, i, i, 1.0);
    }
    free(line);
    free(x);
    if (f != NULL) fclose(f);
    if (f == NULL) return LCA_ERR_IO;
    lca_status st = trip_build(ctx, n, &t, ok, T);
    return ok ? st : LCA_ERR_IO;
}

lca_status bench_uslci_table(lca_ctx *ctx, const char *dir, lca_csc **T) {
    *T = NULL;
    char path[4096];
    snprintf(path, sizeof path, "%s/technosphere.mtx", dir);
    lca_mtx_source src;
    memset(&src, 0, sizeof src);
    src.convention = LCA_TECHNOSPHERE;
    src.A = path;
    lca_model *M = NULL;
    lca_status st = lca_import_mtx(ctx, &src, &M);
    if (st >= 0) st = lca_csc_copy(lca_model_tech(M), T);
    lca_model_destroy(&M);
    return st;
}

int bench_exists(const char *path) {
    struct stat sb;
    return path != NULL && stat(path, &sb) == 0;
}
