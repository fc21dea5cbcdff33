// io/import/mtx.c: the generic importer, Matrix Market matrices + CSV label lists
// SPDX-License-Identifier: MIT
//
// lca_import_mtx reads A (required), B and C as Matrix Market files and
// the label lists and demand table as CSV (io/util/csv.c), checks that every
// dimension agrees, and builds a model.
//
// Matrix Market, as read here (math.nist.gov/MatrixMarket/formats.html):
//
//     %%MatrixMarket matrix coordinate real general     <- banner, line 1
//     % comments, and blank lines, up to the size line
//     3 3 7                                             <- m n nnz
//     1 1 1.0                                           <- i j value, nnz
//     ...                                                  lines, 1-based
//
// Formats: "coordinate" (i j value per line) or "array" (one value per
// line, column by column; exact zeros are dropped). Fields: "real" or
// "integer"; "pattern" and "complex" are rejected, since an LCA matrix
// needs real values. Symmetry: "general", or "symmetric" with only the
// lower triangle stored (i >= j), which is expanded to the full matrix;
// "skew-symmetric" and "hermitian" are rejected. Keywords are matched
// without regard to case.
//
// Strictness, because a silently misread matrix gives plausible wrong
// results: exactly nnz entries (blank lines aside), no comments after the
// size line, indices inside 1..m and 1..n, every number parsed to its
// last character and finite, and no entry given twice. Explicit zeros in
// coordinate files are kept, as the CSC rules ask. Each error names the
// file and the line.
//
// Rejected: summing duplicate entries (what some readers do) would hide
// a file that was concatenated twice; reading the whole file with one
// fscanf loop would lose the line numbers the messages need.

#define _POSIX_C_SOURCE 200809L  // fileno, fstat
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "io/util/csv_impl.h"
#include "engine/ctx_impl.h"
#include "lca/io.h"

// One line of a file at a time, in a buffer from the ctx allocator.
typedef struct line_reader {
    lca_ctx *ctx;
    FILE *fp;
    const char *path;
    char *buf;     // the current line, without its line end
    int64_t cap;   // bytes in buf
    int64_t line;  // number of the current line, 1-based
} line_reader;

// Read the next line into lr->buf. *got is 0 at the end of the file.
static lca_status next_line(line_reader *lr, int *got) {
    int64_t len = 0;
    int c;
    *got = 0;
    while ((c = getc(lr->fp)) != EOF) {
        char *b = lca__grow(lr->ctx, lr->buf, &lr->cap, len + 2, 1);
        if (b == NULL) return lca__wrap(lr->ctx, LCA_ERR_NOMEM, "%s", lr->path);
        lr->buf = b;
        if (c == '\n') break;
        if (c == '\0') {
            return lca__fail(lr->ctx, LCA_ERR_INVALID,
                             "%s: line %lld: a NUL byte", lr->path,
                             (long long)lr->line + 1);
        }
        lr->buf[len++] = (char)c;
    }
    if (ferror(lr->fp)) {
        return lca__fail(lr->ctx, LCA_ERR_IO, "%s: read error: %s", lr->path,
                         strerror(errno));
    }
    if (c == EOF && len == 0) return LCA_OK;
    if (len > 0 && lr->buf[len - 1] == '\r') len--;
    lr->buf[len] = '\0';
    lr->line++;
    *got = 1;
    return LCA_OK;
}

// Split s in place at spaces and tabs into at most max tokens. Returns
// the number of tokens, or max + 1 if there are more.
static int split(char *s, char **tok, int max) {
    int count = 0;
    char *p = s;
    for (;;) {
        while (*p == ' ' || *p == '\t') p++;
        if (*p == '\0') return count;
        if (count == max) return max + 1;
        tok[count++] = p;
        while (*p != '\0' && *p != ' ' && *p != '\t') p++;
        if (*p != '\0') *p++ = '\0';
    }
}

static int is_blank(const char *s) {
    while (*s == ' ' || *s == '\t') s++;
    return *s == '\0';
}

static int same_word(const char *a, const char *b) {
    for (; *a != '\0' && *b != '\0'; a++, b++) {
        char x = (*a >= 'A' && *a <= 'Z') ? (char)(*a - 'A' + 'a') : *a;
        if (x != *b) return 0;  // b is lower case
    }
    return *a == *b;
}

typedef struct mm_header {
    int is_array;      // dense, column by column; else coordinate
    int is_integer;    // integer values; else real
    int is_symmetric;  // lower triangle stored; else general
    int64_t m, n;
    int64_t count;  // entry lines to read
} mm_header;

static lca_status bad(const line_reader *lr, const char *what) {
    return lca__fail(lr->ctx, LCA_ERR_INVALID, "%s: line %lld: %s", lr->path,
                     (long long)lr->line, what);
}

// Line 1: "%%MatrixMarket matrix FORMAT FIELD SYMMETRY".
static lca_status read_banner(line_reader *lr, mm_header *h) {
    int got;
    char *t[6];
    lca_status st = next_line(lr, &got);
    if (st != LCA_OK) return st;
    if (!got) {
        return lca__fail(lr->ctx, LCA_ERR_INVALID,
                         "%s: the file is empty, not Matrix Market", lr->path);
    }
    if (split(lr->buf, t, 5) != 5 || strcmp(t[0], "%%MatrixMarket") != 0 ||
        !same_word(t[1], "matrix")) {
        return bad(lr, "not a Matrix Market banner (expected "
                       "'%%MatrixMarket matrix coordinate real general')");
    }
    h->is_array = same_word(t[2], "array");
    if (!h->is_array && !same_word(t[2], "coordinate")) {
        return bad(lr, "the format must be 'coordinate' or 'array'");
    }
    h->is_integer = same_word(t[3], "integer");
    if (same_word(t[3], "pattern")) {
        return bad(lr, "a 'pattern' matrix has no values; an LCA matrix "
                       "needs 'real' or 'integer'");
    }
    if (!h->is_integer && !same_word(t[3], "real")) {
        return bad(lr, "the field must be 'real' or 'integer'");
    }
    h->is_symmetric = same_word(t[4], "symmetric");
    if (!h->is_symmetric && !same_word(t[4], "general")) {
        return bad(lr, "the symmetry must be 'general' or 'symmetric' "
                       "(skew-symmetric and hermitian are not supported)");
    }
    return LCA_OK;
}

// The number of places a matrix with this header can hold, or -1 if it
// does not fit in int64_t.
static int64_t places(const mm_header *h) {
    if (h->is_symmetric) {  // n (n + 1) / 2: the lower triangle
        return h->n > 3037000499 ? -1 : h->n * (h->n + 1) / 2;
    }
    return (h->n > 0 && h->m > INT64_MAX / h->n) ? -1 : h->m * h->n;
}

// Sizes are read before anything is allocated for them, so a tiny file
// must not make us reserve gigabytes: every entry needs at least 2 bytes
// of text, and a dimension past 10^6 needs entries to be worth it.
static lca_status check_plausible(const line_reader *lr, const mm_header *h) {
    struct stat sb;
    if (fstat(fileno(lr->fp), &sb) != 0) return LCA_OK;
    int64_t bytes = (int64_t)sb.st_size;
    int64_t max_dim = 1000000 + 64 * bytes;
    if (h->count > bytes / 2 + 1 || h->m > max_dim || h->n > max_dim) {
        return lca__fail(lr->ctx, LCA_ERR_INVALID,
                         "%s: line %lld: a %lld x %lld matrix with %lld "
                         "entries cannot be in a file of %lld bytes",
                         lr->path, (long long)lr->line, (long long)h->m,
                         (long long)h->n, (long long)h->count,
                         (long long)bytes);
    }
    return LCA_OK;
}

// After comments and blank lines: "m n nnz" (coordinate) or "m n" (array).
static lca_status read_size(line_reader *lr, mm_header *h) {
    int got;
    char *t[4];
    do {
        lca_status st = next_line(lr, &got);
        if (st != LCA_OK) return st;
        if (!got) {
            return lca__fail(lr->ctx, LCA_ERR_INVALID,
                             "%s: the file ends before the size line",
                             lr->path);
        }
    } while (lr->buf[0] == '%' || is_blank(lr->buf));
    int want = h->is_array ? 2 : 3;
    int64_t nnz = 0;
    if (split(lr->buf, t, want) != want || !lca__csv_to_int64(t[0], &h->m) ||
        !lca__csv_to_int64(t[1], &h->n) ||
        (!h->is_array && !lca__csv_to_int64(t[2], &nnz)) || h->m < 0 ||
        h->n < 0 || nnz < 0) {
        return bad(lr, h->is_array ? "the size line must be 'rows columns'"
                                   : "the size line must be 'rows columns "
                                     "entries' (non-negative integers)");
    }
    if (h->is_symmetric && h->m != h->n) return bad(lr, "a symmetric matrix "
                                                        "must be square");
    int64_t room = places(h);
    if (room < 0) return bad(lr, "the matrix is too large");
    if (!h->is_array && nnz > room) {
        return lca__fail(lr->ctx, LCA_ERR_INVALID,
                         "%s: line %lld: %lld entries do not fit in a "
                         "%lld x %lld %s matrix",
                         lr->path, (long long)lr->line, (long long)nnz,
                         (long long)h->m, (long long)h->n,
                         h->is_symmetric ? "symmetric" : "general");
    }
    h->count = h->is_array ? room : nnz;
    return check_plausible(lr, h);
}

// Matrix entries as triplets, each with the line it came from.
typedef struct triplets {
    int64_t *i, *j, *line;
    double *x;
    int64_t n, cap;
} triplets;

static lca_status push(lca_ctx *ctx, triplets *t, int64_t i, int64_t j,
                       double x, int64_t line) {
    int64_t ci = t->cap, cj = t->cap, cl = t->cap, cx = t->cap;
    int64_t need = t->n + 1;
    int64_t *ti = lca__grow(ctx, t->i, &ci, need, sizeof *ti);
    if (ti != NULL) t->i = ti;
    int64_t *tj = lca__grow(ctx, t->j, &cj, need, sizeof *tj);
    if (tj != NULL) t->j = tj;
    int64_t *tl = lca__grow(ctx, t->line, &cl, need, sizeof *tl);
    if (tl != NULL) t->line = tl;
    double *tx = lca__grow(ctx, t->x, &cx, need, sizeof *tx);
    if (tx != NULL) t->x = tx;
    if (ti == NULL || tj == NULL || tl == NULL || tx == NULL) {
        return lca__wrap(ctx, LCA_ERR_NOMEM, "matrix entries");
    }
    t->cap = ci;
    t->i[t->n] = i;
    t->j[t->n] = j;
    t->x[t->n] = x;
    t->line[t->n++] = line;
    return LCA_OK;
}

static void triplets_free(lca_ctx *ctx, triplets *t) {
    lca__free(ctx, t->i);
    lca__free(ctx, t->j);
    lca__free(ctx, t->line);
    lca__free(ctx, t->x);
}

static int parse_value(const mm_header *h, const char *s, double *x) {
    if (!h->is_integer) return lca__csv_to_double(s, x);
    int64_t v;
    if (!lca__csv_to_int64(s, &v)) return 0;
    *x = (double)v;
    return 1;
}

// Parse one coordinate line "i j value" into 0-based (i, j) and x.
static lca_status parse_coordinate(line_reader *lr, const mm_header *h,
                                   int64_t *i, int64_t *j, double *x) {
    char *t[4];
    if (split(lr->buf, t, 3) != 3) {
        return bad(lr, "an entry must be 'row column value'");
    }
    if (!lca__csv_to_int64(t[0], i) || !lca__csv_to_int64(t[1], j)) {
        return lca__fail(lr->ctx, LCA_ERR_INVALID,
                         "%s: line %lld: '%s %s' is not a pair of integer "
                         "indices",
                         lr->path, (long long)lr->line, t[0], t[1]);
    }
    if (*i < 1 || *i > h->m || *j < 1 || *j > h->n) {
        return lca__fail(lr->ctx, LCA_ERR_INVALID,
                         "%s: line %lld: index (%s, %s) is outside the "
                         "%lld x %lld matrix (indices are 1-based)",
                         lr->path, (long long)lr->line, t[0], t[1],
                         (long long)h->m, (long long)h->n);
    }
    if (h->is_symmetric && *i < *j) {
        return bad(lr, "a symmetric file stores only the lower triangle "
                       "(row >= column)");
    }
    if (!parse_value(h, t[2], x)) {
        return lca__fail(lr->ctx, LCA_ERR_INVALID,
                         "%s: line %lld: '%s' is not a finite %s number",
                         lr->path, (long long)lr->line, t[2],
                         h->is_integer ? "integer" : "real");
    }
    (*i)--;
    (*j)--;
    return LCA_OK;
}

// Parse one array line "value"; (i, j) is the next place, column-major.
static lca_status parse_array(line_reader *lr, const mm_header *h, double *x) {
    char *t[2];
    if (split(lr->buf, t, 1) != 1 || !parse_value(h, t[0], x)) {
        return lca__fail(lr->ctx, LCA_ERR_INVALID,
                         "%s: line %lld: expected one finite %s number",
                         lr->path, (long long)lr->line,
                         h->is_integer ? "integer" : "real");
    }
    return LCA_OK;
}

// Next place of an array file: down the column, then the next column
// (from the diagonal down when symmetric).
static void advance(const mm_header *h, int64_t *i, int64_t *j) {
    if (++*i < h->m) return;
    ++*j;
    *i = h->is_symmetric ? *j : 0;
}

// Read h->count entries; then only blank lines may follow.
static lca_status read_entries(line_reader *lr, const mm_header *h,
                               triplets *t) {
    int64_t done = 0, ai = 0, aj = 0;
    int got;
    for (;;) {
        lca_status st = next_line(lr, &got);
        if (st != LCA_OK) return st;
        if (!got) break;
        if (is_blank(lr->buf)) continue;
        if (lr->buf[0] == '%') return bad(lr, "a comment after the size line");
        if (done == h->count) {
            return lca__fail(lr->ctx, LCA_ERR_INVALID,
                             "%s: line %lld: more entries than the %lld the "
                             "size line gives",
                             lr->path, (long long)lr->line,
                             (long long)h->count);
        }
        int64_t i = ai, j = aj;
        double x;
        st = h->is_array ? parse_array(lr, h, &x)
                         : parse_coordinate(lr, h, &i, &j, &x);
        if (st != LCA_OK) return st;
        if (h->is_array) advance(h, &ai, &aj);
        done++;
        if (h->is_array && x == 0.0) continue;
        st = push(lr->ctx, t, i, j, x, lr->line);
        if (st == LCA_OK && h->is_symmetric && i != j) {
            st = push(lr->ctx, t, j, i, x, lr->line);
        }
        if (st != LCA_OK) return st;
    }
    if (done < h->count) {
        return lca__fail(lr->ctx, LCA_ERR_INVALID,
                         "%s: the file ends at line %lld after %lld of the "
                         "%lld entries the size line gives",
                         lr->path, (long long)lr->line, (long long)done,
                         (long long)h->count);
    }
    return LCA_OK;
}

// A has fewer entries than t: some (i, j) was given twice. Name the lines.
static lca_status report_duplicate(lca_ctx *ctx, const char *path,
                                   const triplets *t, const lca_csc *A) {
    int64_t nnz = lca_csc_nnz(A);
    int64_t *first = lca__malloc(ctx, (size_t)nnz, sizeof *first);
    if (first == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    for (int64_t p = 0; p < nnz; p++) first[p] = -1;
    lca_status st = LCA_ERR_INVALID;
    for (int64_t k = 0; k < t->n; k++) {
        int64_t p = lca_csc_find(A, t->i[k], t->j[k]);
        if (first[p] >= 0) {
            int64_t a = first[p];
            st = lca__fail(ctx, LCA_ERR_INVALID,
                           "%s: lines %lld and %lld both give entry "
                           "(%lld, %lld)",
                           path, (long long)t->line[a], (long long)t->line[k],
                           (long long)t->i[a] + 1, (long long)t->j[a] + 1);
            break;
        }
        first[p] = k;
    }
    lca__free(ctx, first);
    return st;
}

// Read the Matrix Market file at path into a new CSC matrix *A.
static lca_status read_mtx(lca_ctx *ctx, const char *path, lca_csc **A) {
    line_reader lr = {ctx, NULL, path, NULL, 0, 0};
    triplets t = {0};
    mm_header h = {0};
    lca_csc *T = NULL;
    *A = NULL;
    lca_status st = LCA_OK;
    lr.fp = fopen(path, "rb");
    if (lr.fp == NULL) {
        st = lca__fail(ctx, LCA_ERR_IO, "%s: cannot open: %s", path,
                       strerror(errno));
        goto done;
    }
    st = read_banner(&lr, &h);
    if (st == LCA_OK) st = read_size(&lr, &h);
    if (st == LCA_OK) st = read_entries(&lr, &h, &t);
    if (st != LCA_OK) goto done;
    st = lca_csc_from_triplets(ctx, h.m, h.n, t.n, t.i, t.j, t.x, &T);
    if (st != LCA_OK) goto done;
    if (lca_csc_nnz(T) < t.n) {
        st = report_duplicate(ctx, path, &t, T);
        goto done;
    }
    *A = T;
    T = NULL;
done:
    if (lr.fp != NULL) fclose(lr.fp);
    lca__free(ctx, lr.buf);
    triplets_free(ctx, &t);
    lca_csc_destroy(&T);
    return st;
}

// ---- the model -------------------------------------------------------------

// Read A, B and C; a missing B is 0 x n and a missing C is 0 x m.
static lca_status read_matrices(lca_ctx *ctx, const lca_mtx_source *src,
                                lca_csc **A, lca_csc **B, lca_csc **C) {
    lca_status st = read_mtx(ctx, src->A, A);
    if (st != LCA_OK) return st;
    int64_t n = lca_csc_ncols(*A);
    if (lca_csc_nrows(*A) != n) {
        return lca__fail(ctx, LCA_ERR_DIM, "%s: A is %lld x %lld; it must be "
                         "square", src->A, (long long)lca_csc_nrows(*A),
                         (long long)n);
    }
    st = src->B != NULL ? read_mtx(ctx, src->B, B)
                        : lca_csc_create(ctx, 0, n, 0, B);
    if (st != LCA_OK) return st;
    if (lca_csc_ncols(*B) != n) {
        return lca__fail(ctx, LCA_ERR_DIM, "%s has %lld columns but %s has "
                         "%lld (B is flows x products)", src->B,
                         (long long)lca_csc_ncols(*B), src->A, (long long)n);
    }
    int64_t m = lca_csc_nrows(*B);
    st = src->C != NULL ? read_mtx(ctx, src->C, C)
                        : lca_csc_create(ctx, 0, m, 0, C);
    if (st != LCA_OK) return st;
    if (lca_csc_ncols(*C) != m) {
        return lca__fail(ctx, LCA_ERR_DIM, "%s has %lld columns but %s has "
                         "%lld rows (C is indicators x flows)", src->C,
                         (long long)lca_csc_ncols(*C),
                         src->B != NULL ? src->B : "B (none given)",
                         (long long)m);
    }
    return LCA_OK;
}

// Ids "P0", "P1", ... (prefix P, F or I) for an axis without a label list.
static lca_status number_ids(lca_model *M, lca_axis axis, char prefix) {
    lca_ctx *ctx = lca_model_ctx(M);
    int64_t count = lca_model_dim(M, axis);
    char *text = lca__malloc(ctx, (size_t)count, 24);
    const char **ids = lca__malloc(ctx, (size_t)count, sizeof *ids);
    lca_status st = LCA_OK;
    if (text == NULL || ids == NULL) {
        st = lca__fail(ctx, LCA_ERR_NOMEM, "out of memory for ids");
        goto done;
    }
    for (int64_t i = 0; i < count; i++) {
        snprintf(text + 24 * i, 24, "%c%lld", prefix, (long long)i);
        ids[i] = text + 24 * i;
    }
    st = lca_model_set_labels(M, axis, LCA_LABEL_ID, ids);
done:
    lca__free(ctx, text);
    lca__free(ctx, ids);
    return st;
}

static lca_status read_labels(lca_model *M, lca_axis axis, const char *path,
                              const char *dim_from, char prefix) {
    if (path == NULL) return number_ids(M, axis, prefix);
    return lca__csv_read_labels(M, axis, path, dim_from);
}

static lca_status label_model(lca_model *M, const lca_mtx_source *src) {
    const char *b = src->B != NULL ? src->B : "B (none given)";
    const char *c = src->C != NULL ? src->C : "C (none given)";
    lca_status st = read_labels(M, LCA_PRODUCTS, src->products, src->A, 'P');
    if (st == LCA_OK) st = read_labels(M, LCA_FLOWS, src->flows, b, 'F');
    if (st == LCA_OK) {
        st = read_labels(M, LCA_INDICATORS, src->indicators, c, 'I');
    }
    if (st == LCA_OK && src->demands != NULL) {
        st = lca__csv_read_demands(M, src->demands);
    }
    if (st == LCA_OK) st = lca_model_set_attr(M, "importer", "mtx");
    if (st == LCA_OK) st = lca_model_set_attr(M, "source", src->A);
    return st;
}

lca_status lca_import_mtx(lca_ctx *ctx, const lca_mtx_source *src,
                          lca_model **M) {
    lca_csc *A = NULL, *B = NULL, *C = NULL;
    lca_model *T = NULL;
    *M = NULL;
    if (src == NULL || src->A == NULL) {
        return lca__fail(ctx, LCA_ERR_ARG, "mtx import: the A file is "
                         "required");
    }
    lca_status st = read_matrices(ctx, src, &A, &B, &C);
    if (st == LCA_OK) st = lca_model_create(ctx, src->convention, A, B, C, &T);
    if (st == LCA_OK) st = label_model(T, src);
    if (st == LCA_OK) st = lca_model_check(T);
    if (st != LCA_OK) goto done;
    *M = T;
    T = NULL;
done:
    lca_model_destroy(&T);
    lca_csc_destroy(&A);
    lca_csc_destroy(&B);
    lca_csc_destroy(&C);
    return st;
}
