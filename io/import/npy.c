// io/import/npy.c: a checked reader of NumPy .npy arrays in memory
// SPDX-License-Identifier: MIT
//
// The header is parsed by a small recursive-descent reader of the Python
// literals NumPy writes there (dicts, lists, tuples, quoted strings
// without escapes, True/False, non-negative integers); see npy_impl.h for
// what is accepted.

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "engine/ctx_impl.h"
#include "io/import/npy_impl.h"

typedef struct hdr {
    const char *s;  // the header text
    size_t len, pos;
    const char *name;  // file, for messages
    lca_ctx *ctx;
} hdr;

static lca_status bad(hdr *h, const char *what) {
    return lca__fail(h->ctx, LCA_ERR_INVALID,
                     "%s: not a valid .npy header: %s (at byte %zu of the "
                     "header)", h->name, what, h->pos);
}

static void skip_space(hdr *h) {
    while (h->pos < h->len &&
           (h->s[h->pos] == ' ' || h->s[h->pos] == '\n' || h->s[h->pos] == '\t'))
        h->pos++;
}

// Consume character c (after spaces); 1 if it was there.
static int accept(hdr *h, char c) {
    skip_space(h);
    if (h->pos < h->len && h->s[h->pos] == c) {
        h->pos++;
        return 1;
    }
    return 0;
}

// A quoted string into out (size n).
static lca_status read_str(hdr *h, char *out, size_t n) {
    skip_space(h);
    if (h->pos >= h->len || (h->s[h->pos] != '\'' && h->s[h->pos] != '"'))
        return bad(h, "expected a quoted string");
    char q = h->s[h->pos++];
    size_t k = 0;
    while (h->pos < h->len && h->s[h->pos] != q) {
        char c = h->s[h->pos++];
        if (c == '\\' || c == '\0') return bad(h, "escape or NUL in a string");
        if (k + 1 >= n) return bad(h, "string too long");
        out[k++] = c;
    }
    if (h->pos >= h->len) return bad(h, "unterminated string");
    h->pos++;
    out[k] = '\0';
    return LCA_OK;
}

// A non-negative decimal integer below 2^62.
static lca_status read_int(hdr *h, int64_t *x) {
    skip_space(h);
    int64_t v = 0;
    size_t start = h->pos;
    while (h->pos < h->len && h->s[h->pos] >= '0' && h->s[h->pos] <= '9') {
        if (v > ((int64_t)1 << 62) / 10) return bad(h, "dimension too large");
        v = 10 * v + (h->s[h->pos++] - '0');
    }
    if (h->pos == start) return bad(h, "expected a dimension");
    *x = v;
    return LCA_OK;
}

// '<f8', '|b1', '?', 'u1' ... into f (kind, size).
static lca_status parse_type(hdr *h, const char *t, lca__npy_field *f) {
    char order = '|';
    if (strcmp(t, "?") == 0) t = "|b1";
    if (*t == '<' || *t == '>' || *t == '|' || *t == '=') order = *t++;
    f->kind = *t;
    int size = 0;
    if (t[0] != '\0' && t[1] >= '1' && t[1] <= '8' && t[2] == '\0')
        size = t[1] - '0';
    int ok = (f->kind == 'b' && size == 1) ||
             ((f->kind == 'i' || f->kind == 'u') &&
              (size == 1 || size == 2 || size == 4 || size == 8)) ||
             (f->kind == 'f' && (size == 4 || size == 8));
    if (!ok) {
        return lca__fail(h->ctx, LCA_ERR_INVALID, "%s: element type '%s' is "
                         "not supported (booleans, integers, float32 and "
                         "float64 are)", h->name, t);
    }
    if (size > 1 && order != '<') {
        return lca__fail(h->ctx, LCA_ERR_INVALID, "%s: element type '%c%c%d' "
                         "is not little-endian", h->name, order, f->kind, size);
    }
    f->size = size;
    return LCA_OK;
}

// [('name', 'type'), ...]
static lca_status parse_fields(hdr *h, lca__npy *a) {
    a->structured = 1;
    a->nfields = 0;
    size_t off = 0;
    while (!accept(h, ']')) {
        if (a->nfields == LCA__NPY_MAX_FIELDS) return bad(h, "too many fields");
        lca__npy_field *f = &a->field[a->nfields];
        char t[16];
        if (!accept(h, '(')) return bad(h, "expected ( of a field");
        lca_status st = read_str(h, f->name, sizeof f->name);
        if (st != LCA_OK) return st;
        if (!accept(h, ',')) return bad(h, "expected , in a field");
        st = read_str(h, t, sizeof t);
        if (st == LCA_OK) st = parse_type(h, t, f);
        if (st != LCA_OK) return st;
        if (!accept(h, ')')) return bad(h, "a field with a sub-shape");
        if (lca__npy_field_find(a, f->name) >= 0)
            return bad(h, "duplicate field name");
        f->offset = off;
        off += (size_t)f->size;
        a->nfields++;
        if (!accept(h, ',') && !accept(h, ']')) return bad(h, "expected , or ]");
        if (h->pos > 0 && h->s[h->pos - 1] == ']') break;
    }
    if (a->nfields == 0) return bad(h, "a structured type with no fields");
    a->itemsize = off;
    return LCA_OK;
}

static lca_status parse_descr(hdr *h, lca__npy *a) {
    if (accept(h, '[')) return parse_fields(h, a);
    char t[16];
    lca_status st = read_str(h, t, sizeof t);
    if (st == LCA_OK) st = parse_type(h, t, &a->field[0]);
    if (st != LCA_OK) return st;
    a->nfields = 1;
    a->field[0].name[0] = '\0';
    a->field[0].offset = 0;
    a->itemsize = (size_t)a->field[0].size;
    return LCA_OK;
}

// (), (n,), (m, n)
static lca_status parse_shape(hdr *h, lca__npy *a) {
    if (!accept(h, '(')) return bad(h, "expected ( of the shape");
    a->ndim = 0;
    a->shape[0] = a->shape[1] = 1;
    while (!accept(h, ')')) {
        if (a->ndim == 2) return bad(h, "more than 2 dimensions");
        lca_status st = read_int(h, &a->shape[a->ndim]);
        if (st != LCA_OK) return st;
        a->ndim++;
        if (!accept(h, ',') && !accept(h, ')')) return bad(h, "expected , or )");
        if (h->s[h->pos - 1] == ')') break;
    }
    return LCA_OK;
}

static lca_status parse_bool(hdr *h, int *b) {
    skip_space(h);
    if (h->len - h->pos >= 4 && memcmp(h->s + h->pos, "True", 4) == 0) {
        *b = 1;
        h->pos += 4;
    } else if (h->len - h->pos >= 5 && memcmp(h->s + h->pos, "False", 5) == 0) {
        *b = 0;
        h->pos += 5;
    } else {
        return bad(h, "expected True or False");
    }
    return LCA_OK;
}

// The dict: each of the three keys exactly once, in any order.
static lca_status parse_dict(hdr *h, lca__npy *a) {
    int seen[3] = {0, 0, 0};
    if (!accept(h, '{')) return bad(h, "expected {");
    while (!accept(h, '}')) {
        char key[32];
        lca_status st = read_str(h, key, sizeof key);
        if (st != LCA_OK) return st;
        if (!accept(h, ':')) return bad(h, "expected :");
        int k = strcmp(key, "descr") == 0           ? 0
                : strcmp(key, "fortran_order") == 0 ? 1
                : strcmp(key, "shape") == 0         ? 2
                                                    : -1;
        if (k < 0 || seen[k]) return bad(h, "unknown or repeated key");
        seen[k] = 1;
        st = k == 0   ? parse_descr(h, a)
             : k == 1 ? parse_bool(h, &a->fortran_order)
                      : parse_shape(h, a);
        if (st != LCA_OK) return st;
        if (!accept(h, ',') && !accept(h, '}')) return bad(h, "expected , or }");
        if (h->s[h->pos - 1] == '}') break;
    }
    if (!seen[0] || !seen[1] || !seen[2])
        return bad(h, "descr, fortran_order or shape missing");
    skip_space(h);
    if (h->pos != h->len) return bad(h, "text after the dict");
    return LCA_OK;
}

// Element count and byte size of the data, without overflow.
static lca_status check_size(lca_ctx *ctx, const char *name, lca__npy *a,
                             size_t avail) {
    int64_t n = 1;
    for (int d = 0; d < a->ndim; d++) {
        if (a->shape[d] != 0 && n > INT64_MAX / a->shape[d]) {
            return lca__fail(ctx, LCA_ERR_INVALID, "%s: the shape's element "
                             "count overflows", name);
        }
        n *= a->shape[d];
    }
    a->count = n;
    if ((uint64_t)n > SIZE_MAX / a->itemsize ||
        (size_t)n * a->itemsize != avail) {
        return lca__fail(ctx, LCA_ERR_INVALID, "%s: the shape says %lld "
                         "element(s) of %zu bytes, the file holds %zu data "
                         "bytes", name, (long long)n, a->itemsize, avail);
    }
    return LCA_OK;
}

lca_status lca__npy_parse(lca_ctx *ctx, const char *name, const void *buf,
                          size_t size, lca__npy *a) {
    const unsigned char *b = buf;
    memset(a, 0, sizeof *a);
    if (size < 10 || memcmp(b, "\x93NUMPY", 6) != 0) {
        return lca__fail(ctx, LCA_ERR_INVALID, "%s: not a .npy file (no "
                         "\\x93NUMPY magic)", name);
    }
    if (b[6] < 1 || b[6] > 3 || b[7] != 0) {
        return lca__fail(ctx, LCA_ERR_INVALID, "%s: .npy version %d.%d is "
                         "not supported (1.0, 2.0 and 3.0 are)", name, b[6],
                         b[7]);
    }
    size_t start = b[6] == 1 ? 10 : 12;
    if (size < start) {
        return lca__fail(ctx, LCA_ERR_INVALID, "%s: truncated .npy header",
                         name);
    }
    size_t hlen = b[8] | (size_t)b[9] << 8;
    if (b[6] > 1) hlen |= (size_t)b[10] << 16 | (size_t)b[11] << 24;
    if (hlen > size - start) {
        return lca__fail(ctx, LCA_ERR_INVALID, "%s: the .npy header says %zu "
                         "bytes, the file has %zu after the preamble", name,
                         hlen, size - start);
    }
    hdr h = {(const char *)b + start, hlen, 0, name, ctx};
    lca_status st = parse_dict(&h, a);
    if (st == LCA_OK) st = check_size(ctx, name, a, size - start - hlen);
    if (st != LCA_OK) return st;
    a->data = b + start + hlen;
    return LCA_OK;
}

int lca__npy_field_find(const lca__npy *a, const char *name) {
    for (int f = 0; f < a->nfields; f++) {
        if (strcmp(a->field[f].name, name) == 0) return f;
    }
    return -1;
}

// The little-endian bytes of field f of element i, as an unsigned word.
static uint64_t raw(const lca__npy *a, int64_t i, int f) {
    if (a->ndim == 2 && a->fortran_order) {
        int64_t r = i / a->shape[1], c = i % a->shape[1];
        i = c * a->shape[0] + r;
    }
    const unsigned char *p =
        a->data + (size_t)i * a->itemsize + a->field[f].offset;
    uint64_t w = 0;
    for (int k = a->field[f].size - 1; k >= 0; k--) w = w << 8 | p[k];
    return w;
}

// The signed value of an integer field's raw bytes.
static int64_t sign_extend(uint64_t w, int size) {
    if (size == 8) return (int64_t)w;
    uint64_t m = (uint64_t)1 << (8 * size - 1);
    return (int64_t)((w ^ m) - m);
}

double lca__npy_double(const lca__npy *a, int64_t i, int f) {
    uint64_t w = raw(a, i, f);
    const lca__npy_field *F = &a->field[f];
    if (F->kind == 'f' && F->size == 8) {
        double x;
        memcpy(&x, &w, sizeof x);
        return x;
    }
    if (F->kind == 'f') {
        uint32_t w32 = (uint32_t)w;
        float x;
        memcpy(&x, &w32, sizeof x);
        return (double)x;
    }
    if (F->kind == 'i') return (double)sign_extend(w, F->size);
    return (double)w;  // 'u' and 'b'
}

int lca__npy_int64(const lca__npy *a, int64_t i, int f, int64_t *x) {
    const lca__npy_field *F = &a->field[f];
    if (F->kind == 'f') {
        double d = lca__npy_double(a, i, f);
        if (!(d >= -9.2e18 && d <= 9.2e18) || d != (double)(int64_t)d) return 0;
        *x = (int64_t)d;
        return 1;
    }
    uint64_t w = raw(a, i, f);
    if (F->kind == 'i') {
        *x = sign_extend(w, F->size);
        return 1;
    }
    if (w > (uint64_t)INT64_MAX) return 0;
    *x = (int64_t)w;
    return 1;
}

const char *lca__npy_type_str(const lca__npy *a, int f) {
    static const char *const names[] = {
        "int8",  "int16",  "int32",  "int64",   "uint8",   "uint16",
        "uint32", "uint64", "float32", "float64", "bool"};
    const lca__npy_field *F = &a->field[f];
    int lg = F->size == 1 ? 0 : F->size == 2 ? 1 : F->size == 4 ? 2 : 3;
    switch (F->kind) {
    case 'i': return names[lg];
    case 'u': return names[4 + lg];
    case 'f': return names[F->size == 4 ? 8 : 9];
    default: return names[10];
    }
}
