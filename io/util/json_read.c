// io/util/json_read.c: typed access to a parsed JSON file, with messages
// that name the file and the JSON pointer
// SPDX-License-Identifier: MIT
//
// The reader checks what a file's JSON schema (datasets/*/schema/) checks
// about shapes: the type of every field, the required ones, and that no
// field is unknown (a misspelt "cutof" must not be silently ignored). The
// values are then checked by the engine (lca_rule_create, ...), which
// names fields by the same JSON pointers. Strings are borrowed from the
// parsed document and arrays from a list of scratch blocks, all freed once
// the object is made.

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "engine/ctx_impl.h"
#include "io/util/json_read_impl.h"

lca_status lca__json_load(lca_ctx *ctx, const char *path, const char *what,
                          unsigned max_bytes, json_t **root) {
    struct stat sb;
    *root = NULL;
    if (path == NULL || stat(path, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        return lca__fail(ctx, LCA_ERR_IO, "%s: cannot read the %s: %s",
                         path != NULL ? path : "(none)", what,
                         errno ? strerror(errno) : "not a file");
    }
    if ((unsigned long long)sb.st_size > max_bytes) {
        return lca__fail(ctx, LCA_ERR_IO, "%s: %lld bytes; a %s is at most %u",
                         path, (long long)sb.st_size, what, max_bytes);
    }
    json_error_t err;
    *root = json_load_file(path, JSON_REJECT_DUPLICATES, &err);
    if (*root == NULL) {
        return lca__fail(ctx, LCA_ERR_INVALID, "%s: line %d, column %d: %s",
                         path, err.line, err.column, err.text);
    }
    return LCA_OK;
}

lca_status lca__rj_bad(lca__rj_reader *r, const char *ptr, const char *fmt,
                       ...) {
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return lca__fail(r->ctx, LCA_ERR_INVALID, "%s: %s: %s", r->path,
                     ptr[0] ? ptr : "/", msg);
}

void lca__rj_free(lca__rj_reader *r) {
    for (int64_t i = 0; i < r->nblocks; i++) lca__free(r->ctx, r->blocks[i]);
    lca__free(r->ctx, r->blocks);
    r->blocks = NULL;
    r->nblocks = r->cap = 0;
}

// A zeroed scratch array of count elements (count may be 0).
void *lca__rj_scratch(lca__rj_reader *r, size_t count, size_t size) {
    void **g = lca__grow(r->ctx, r->blocks, &r->cap, r->nblocks + 1,
                         sizeof *g);
    if (g == NULL) return NULL;
    r->blocks = g;
    void *p = lca__calloc(r->ctx, count, size);
    if (p != NULL) r->blocks[r->nblocks++] = p;
    return p;
}

const char *lca__rj_type_name(const json_t *v) {
    switch (json_typeof(v)) {
        case JSON_OBJECT:
            return "an object";
        case JSON_ARRAY:
            return "an array";
        case JSON_STRING:
            return "a string";
        case JSON_INTEGER:
        case JSON_REAL:
            return "a number";
        case JSON_TRUE:
        case JSON_FALSE:
            return "a boolean";
        default:
            return "null";
    }
}

// ptr + "/" + token(key) into buf.
const char *lca__rj_child(const char *ptr, const char *key, char *buf,
                          size_t size) {
    char tok[512];
    size_t k = 0;
    for (const char *c = key; *c != '\0' && k + 3 < sizeof tok; c++) {
        if (*c == '~' || *c == '/') {
            tok[k++] = '~';
            tok[k++] = *c == '~' ? '0' : '1';
        } else {
            tok[k++] = *c;
        }
    }
    tok[k] = '\0';
    snprintf(buf, size, "%s/%s", ptr, tok);
    return buf;
}

const char *lca__rj_item(const char *ptr, size_t i, char *buf, size_t size) {
    snprintf(buf, size, "%s/%zu", ptr, i);
    return buf;
}

// Refuse keys of obj that are not in the NULL-terminated list.
lca_status lca__rj_known(lca__rj_reader *r, const json_t *obj, const char *ptr,
                         const char *const *keys) {
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)obj, key, v) {
        int ok = 0;
        for (int i = 0; keys[i] != NULL && !ok; i++) ok = !strcmp(key, keys[i]);
        if (!ok) {
            char p[600];
            return lca__rj_bad(r, lca__rj_child(ptr, key, p, sizeof p),
                               "unknown field (see %s for the fields of this "
                               "object)",
                               r->doc != NULL ? r->doc : "docs/RULES.md");
        }
    }
    return LCA_OK;
}

lca_status lca__rj_object(lca__rj_reader *r, const json_t *v, const char *ptr,
                          const char *const *keys) {
    if (!json_is_object(v)) {
        return lca__rj_bad(r, ptr, "expected an object, got %s",
                           lca__rj_type_name(v));
    }
    return keys != NULL ? lca__rj_known(r, v, ptr, keys) : LCA_OK;
}

// v is of type want (JSON_REAL: any number).
static int is_type(const json_t *v, json_type want) {
    return want == JSON_REAL ? json_is_number(v) : json_typeof(v) == want;
}

// "expected a string, got an object" at ptr.
static lca_status expected(lca__rj_reader *r, const char *ptr,
                           json_type want, const json_t *v) {
    const char *w = want == JSON_OBJECT   ? "an object"
                    : want == JSON_ARRAY  ? "an array"
                    : want == JSON_STRING ? "a string"
                                          : "a number";
    return lca__rj_bad(r, ptr, "expected %s, got %s", w, lca__rj_type_name(v));
}

// obj[key] of type want (JSON_OBJECT, JSON_ARRAY, JSON_STRING, or
// JSON_REAL for any number) into *out; NULL when absent and optional.
lca_status lca__rj_field(lca__rj_reader *r, const json_t *obj, const char *ptr,
                         const char *key, json_type want, int required,
                         json_t **out) {
    char p[600];
    json_t *v = json_object_get(obj, key);
    *out = NULL;
    lca__rj_child(ptr, key, p, sizeof p);
    if (v == NULL) return required ? lca__rj_bad(r, p, "missing") : LCA_OK;
    if (!is_type(v, want)) return expected(r, p, want, v);
    *out = v;
    return LCA_OK;
}

lca_status lca__rj_map(lca__rj_reader *r, const json_t *obj, const char *ptr,
                       const char *key, json_type want, json_t **out) {
    char p[700], q[900];
    lca_status st = lca__rj_field(r, obj, ptr, key, JSON_OBJECT, 0, out);
    const char *k;
    json_t *x;
    if (st != LCA_OK) return st;
    json_object_foreach(*out, k, x) {
        if (!is_type(x, want)) {
            lca__rj_child(ptr, key, p, sizeof p);
            return expected(r, lca__rj_child(p, k, q, sizeof q), want, x);
        }
    }
    return LCA_OK;
}

lca_status lca__rj_str(lca__rj_reader *r, const json_t *obj, const char *ptr,
                       const char *key, int required, const char **s) {
    json_t *v = NULL;
    lca_status st = lca__rj_field(r, obj, ptr, key, JSON_STRING, required, &v);
    *s = v != NULL ? json_string_value(v) : "";
    return st;
}

lca_status lca__rj_num(lca__rj_reader *r, const json_t *obj, const char *ptr,
                       const char *key, int required, double dflt, double *x) {
    json_t *v = NULL;
    lca_status st = lca__rj_field(r, obj, ptr, key, JSON_REAL, required, &v);
    *x = v != NULL ? json_number_value(v) : dflt;
    return st;
}

// An array of strings into *v (scratch), *n its length.
lca_status lca__rj_strings(lca__rj_reader *r, const json_t *a, const char *ptr,
                           const char *const **v, int64_t *n) {
    size_t count = json_array_size(a);
    const char **s = lca__rj_scratch(r, count, sizeof *s);
    if (s == NULL) return lca__fail(r->ctx, LCA_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < count; i++) {
        const json_t *x = json_array_get(a, i);
        char p[600];
        if (!json_is_string(x)) {
            return lca__rj_bad(r, lca__rj_item(ptr, i, p, sizeof p),
                               "expected a string, "
                               "got %s",
                               lca__rj_type_name(x));
        }
        s[i] = json_string_value(x);
    }
    *v = s;
    *n = (int64_t)count;
    return LCA_OK;
}
