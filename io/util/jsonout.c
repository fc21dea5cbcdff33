// io/util/jsonout.c: JSON text with shortest round-trip numbers
// SPDX-License-Identifier: MIT
//
// A walk over the value that writes the layout of jansson's dump.c
// (2.14): "[" or "{", then with JSON_INDENT(n) a newline and n spaces per
// level before every element and before the closing bracket, ", " and
// ": " without JSON_COMPACT and without an indent, "," and ":" with it,
// "[]" and "{}" when empty, keys sorted with JSON_SORT_KEYS. Strings,
// keys, integers, true, false and null are written by jansson itself
// (json_dump_callback), so their escaping is jansson's; only reals are
// ours (lca__json_real).

#include <stdlib.h>
#include <string.h>

#include "io/util/jsonout_impl.h"
#include "io/util/textout_impl.h"

typedef struct text {
    char *s;
    size_t len, cap;
    int err;  // out of memory
} text;

static int add(const char *s, size_t n, void *data) {
    text *t = data;
    if (t->err) return -1;
    if (t->len + n + 1 > t->cap) {
        size_t cap = t->cap > 0 ? t->cap : 256;
        while (cap < t->len + n + 1) cap *= 2;
        char *p = realloc(t->s, cap);
        if (p == NULL) {
            t->err = 1;
            return -1;
        }
        t->s = p;
        t->cap = cap;
    }
    memcpy(t->s + t->len, s, n);
    t->len += n;
    t->s[t->len] = '\0';
    return 0;
}

static void adds(text *t, const char *s) {
    add(s, strlen(s), t);
}

const char *lca__json_real(double x, char buf[32]) {
    lca__format_double(x, buf);
    if (strchr(buf, '.') == NULL && strchr(buf, 'e') == NULL) {
        strcat(buf, ".0");  // else a reader takes it for an integer
    }
    char *e = strchr(buf, 'e');
    if (e != NULL) {  // "e+05" -> "e5", "e-05" -> "e-5"
        char *from = e + 1, *to = e + 1;
        if (*from == '-') from = ++to;
        if (*from == '+') from++;
        while (*from == '0' && from[1] != '\0') from++;
        memmove(to, from, strlen(from) + 1);
    }
    return buf;
}

// A newline and the indent of level depth, or the blank after a comma.
static void indent(text *t, size_t flags, int depth, int space) {
    size_t n = flags & JSON_MAX_INDENT;  // JSON_INDENT(n)
    if (n > 0) {
        adds(t, "\n");
        for (size_t i = 0; i < n * (size_t)depth; i++) adds(t, " ");
    } else if (space && !(flags & JSON_COMPACT)) {
        adds(t, " ");
    }
}

static int cmp_keys(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void value(text *t, const json_t *v, size_t flags, int depth);

static void key(text *t, const char *k, size_t flags) {
    json_t *s = json_string_nocheck(k);
    if (s == NULL || json_dump_callback(s, add, t, flags | JSON_ENCODE_ANY)) {
        t->err = 1;
    }
    json_decref(s);
}

static void object(text *t, const json_t *v, size_t flags, int depth) {
    size_t n = json_object_size(v), i = 0;
    const char **keys = malloc((n > 0 ? n : 1) * sizeof *keys);
    if (keys == NULL) {
        t->err = 1;
        return;
    }
    const char *k;
    json_t *x;
    json_object_foreach((json_t *)v, k, x) keys[i++] = k;
    if (flags & JSON_SORT_KEYS) qsort(keys, n, sizeof *keys, cmp_keys);
    adds(t, "{");
    if (n > 0) indent(t, flags, depth + 1, 0);
    for (i = 0; i < n && !t->err; i++) {
        key(t, keys[i], flags);
        adds(t, flags & JSON_COMPACT ? ":" : ": ");
        value(t, json_object_get(v, keys[i]), flags, depth + 1);
        if (i + 1 < n) adds(t, ",");
        indent(t, flags, i + 1 < n ? depth + 1 : depth, i + 1 < n);
    }
    adds(t, "}");
    free(keys);
}

static void array(text *t, const json_t *v, size_t flags, int depth) {
    size_t n = json_array_size(v);
    adds(t, "[");
    if (n > 0) indent(t, flags, depth + 1, 0);
    for (size_t i = 0; i < n && !t->err; i++) {
        value(t, json_array_get(v, i), flags, depth + 1);
        if (i + 1 < n) adds(t, ",");
        indent(t, flags, i + 1 < n ? depth + 1 : depth, i + 1 < n);
    }
    adds(t, "]");
}

static void value(text *t, const json_t *v, size_t flags, int depth) {
    char buf[32];
    switch (json_typeof(v)) {
    case JSON_OBJECT: object(t, v, flags, depth); break;
    case JSON_ARRAY: array(t, v, flags, depth); break;
    case JSON_REAL: adds(t, lca__json_real(json_real_value(v), buf)); break;
    default:
        if (json_dump_callback(v, add, t, flags | JSON_ENCODE_ANY)) {
            t->err = 1;
        }
    }
}

char *lca__json_dumps(const json_t *v, size_t flags) {
    if (v == NULL || (!(flags & JSON_ENCODE_ANY) && !json_is_object(v) &&
                      !json_is_array(v))) {
        return NULL;
    }
    text t = {0};
    value(&t, v, flags, 0);
    if (t.err || t.s == NULL) {
        free(t.s);
        return NULL;
    }
    return t.s;
}
