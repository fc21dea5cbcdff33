// io/util/csv.c: a pull reader of CSV records over libcsv, and a key index
// SPDX-License-Identifier: MIT
//
// libcsv is a push parser: it calls back once per field and once per
// record end. Importers want to pull one record at a time, with its line
// number, and stop at the first bad one. So the reader feeds libcsv one
// chunk of the file at a time, cut at every '\n' so that the line being
// fed is always known, and the callbacks append fields to a queue of
// complete records (usually one or a few). lca__csv_read hands the
// records out in order and feeds the next chunk once the queue is empty,
// first moving any half-read record to the front of the buffers.
//
// Why libcsv rather than strtok or a hand-written state machine: quoting
// (embedded delimiters, newlines, doubled quotes) is where hand-written
// CSV readers go wrong, and libcsv is small, strict and packaged.

#define _POSIX_C_SOURCE 200809L  // fmemopen

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "io/util/csv_impl.h"
#include "io/util/utf8_impl.h"
#include "engine/ctx_impl.h"

#define CHUNK_SIZE 65536

// A complete record in the queue: fields rec[k-1].end .. rec[k].end - 1.
typedef struct queued {
    int64_t end;
    int64_t line;
} queued;

struct lca__csv {
    lca_ctx *ctx;
    FILE *fp;
    char *path;
    struct csv_parser parser;
    char *chunk;        // CHUNK_SIZE bytes read from the file
    lca_status err;     // first error; sticky, reported once the queue
                        // of complete records before it is empty
    char errmsg[LCA__ERRMSG_MAX];  // its message, to repeat it
    int at_eof;         // the whole file has been fed to libcsv
    int fed_any;        // a chunk has been read (for the byte-order mark)
    int64_t line;       // line being fed, 1-based
    int64_t cur_line;   // start line of the record being assembled
    char *text;         // field bytes, each field NUL-terminated
    int64_t text_len, text_cap;
    int64_t *off;       // offset in text of each stored field
    int64_t nf, nf_cap;
    queued *rec;        // the complete records not yet handed out
    int64_t nrec, rec_cap, rec_head;  // rec_head: next record to hand out
    const char **view;  // field pointers of the record handed out
    int64_t view_cap;
};

// Record the reader's first error: in the ctx, and here to repeat it.
static lca_status reader_fail(lca__csv *r, lca_status st, const char *fmt,
                              ...) __attribute__((format(printf, 3, 4)));
static lca_status reader_fail(lca__csv *r, lca_status st, const char *fmt,
                              ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->errmsg, sizeof r->errmsg, fmt, ap);
    va_end(ap);
    r->err = st;
    return lca__fail(r->ctx, st, "%s", r->errmsg);
}

static lca_status nomem(lca__csv *r) {
    return reader_fail(r, LCA_ERR_NOMEM, "%s: out of memory reading CSV",
                       r->path);
}

static int64_t partial_start(const lca__csv *r) {
    return r->nrec > 0 ? r->rec[r->nrec - 1].end : 0;
}

// Labels are stored as UTF-8: a field of a Latin-1 file would give strings
// no reader can decode. Field f (NUL-terminated) must be UTF-8.
static int field_is_utf8(lca__csv *r, const char *f) {
    int64_t bad = lca__utf8_invalid_at(f);
    if (bad < 0) return 1;
    reader_fail(r, LCA_ERR_INVALID,
                "%s: line %lld, field %lld: byte 0x%02X (byte %lld of the "
                "field) is not UTF-8; convert the file to UTF-8 (e.g. iconv "
                "-f LATIN1 -t UTF-8)", r->path, (long long)r->line,
                (long long)(r->nf - partial_start(r) + 1),
                (unsigned)(unsigned char)f[bad], (long long)bad + 1);
    return 0;
}

// Is s[0..len-1] (no NUL) a formula risk (lca__csv_formula_risk)?
static int formula_risk(const char *s, size_t len) {
    size_t i = 0;
    while (i < len && s[i] == '\'') i++;
    return i < len && strchr("=+-@\t\r", s[i]) != NULL;
}

int lca__csv_formula_risk(const char *s) {
    return formula_risk(s, strlen(s));
}

// libcsv callback: one field of len bytes (not NUL-terminated).
static void on_field(void *s, size_t len, void *data) {
    lca__csv *r = data;
    if (r->err != LCA_OK) return;
    const char *f = (s != NULL) ? s : "";
    if (memchr(f, '\0', len) != NULL) {
        reader_fail(r, LCA_ERR_INVALID,
                    "%s: line %lld: a field holds a NUL byte", r->path,
                    (long long)r->line);
        return;
    }
    if (len > 1 && f[0] == '\'' && formula_risk(f + 1, len - 1)) {
        f++;  // the formula guard of io/util/textout.c
        len--;
    }
    if (r->nf == partial_start(r)) {  // first field: back over its newlines
        int64_t nl = 0;
        for (size_t i = 0; i < len; i++) nl += f[i] == '\n';
        r->cur_line = r->line - nl;
    }
    int64_t need = r->text_len + (int64_t)len + 1;
    char *text = lca__grow(r->ctx, r->text, &r->text_cap, need, 1);
    if (text != NULL) r->text = text;
    int64_t *off = lca__grow(r->ctx, r->off, &r->nf_cap, r->nf + 1,
                             sizeof *off);
    if (off != NULL) r->off = off;
    if (text == NULL || off == NULL) {
        nomem(r);
        return;
    }
    memcpy(r->text + r->text_len, f, len);
    r->text[need - 1] = '\0';
    if (!field_is_utf8(r, r->text + r->text_len)) return;
    r->off[r->nf++] = r->text_len;
    r->text_len = need;
}

// libcsv callback: the end of a record.
static void on_record(int c, void *data) {
    lca__csv *r = data;
    (void)c;
    if (r->err != LCA_OK) return;
    queued *rec = lca__grow(r->ctx, r->rec, &r->rec_cap, r->nrec + 1,
                            sizeof *rec);
    if (rec != NULL) r->rec = rec;
    if (rec == NULL) {
        nomem(r);
        return;
    }
    r->rec[r->nrec].end = r->nf;
    r->rec[r->nrec++].line = r->cur_line;
}

static lca_status parse_error(lca__csv *r, int code) {
    if (code == CSV_ENOMEM) return nomem(r);
    return reader_fail(r, LCA_ERR_INVALID,
                       "%s: line %lld: malformed CSV (%s; a quote inside an "
                       "unquoted field, or text after a closing quote?)",
                       r->path, (long long)r->line, csv_strerror(code));
}

// libcsv grows its field buffer by a fixed block (128 bytes by default),
// which makes a long field cost time quadratic in its length. Before each
// call (at most CHUNK_SIZE bytes), the block is set to the buffer's size,
// at least CHUNK_SIZE: the buffer at most doubles per call.
static void grow_by_doubling(lca__csv *r) {
    size_t size = csv_get_buffer_size(&r->parser);
    csv_set_blk_size(&r->parser, size > CHUNK_SIZE ? size : CHUNK_SIZE);
}

// Feed libcsv the next chunk of the file, one line at a time; at the end
// of the file, finish the last record.
static lca_status feed(lca__csv *r) {
    size_t got = fread(r->chunk, 1, CHUNK_SIZE, r->fp);
    if (got == 0) {
        if (ferror(r->fp)) {
            return reader_fail(r, LCA_ERR_IO, "%s: read error: %s", r->path,
                               strerror(errno));
        }
        r->at_eof = 1;
        if (csv_fini(&r->parser, on_field, on_record, r) != 0) {
            if (r->err != LCA_OK) return r->err;
            return reader_fail(r, LCA_ERR_INVALID,
                               "%s: the file ends (line %lld) inside a "
                               "quoted field",
                               r->path, (long long)r->line);
        }
        return r->err;
    }
    const char *p = r->chunk, *end = r->chunk + got;
    if (!r->fed_any && got >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) p += 3;
    r->fed_any = 1;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = (nl != NULL) ? (size_t)(nl - p) + 1 : (size_t)(end - p);
        grow_by_doubling(r);
        if (csv_parse(&r->parser, p, len, on_field, on_record, r) != len) {
            return r->err != LCA_OK ? r->err
                                    : parse_error(r, csv_error(&r->parser));
        }
        if (r->err != LCA_OK) return r->err;
        r->line += nl != NULL;
        p += len;
    }
    return LCA_OK;
}

// Every queued record has been handed out: move the half-read record, if
// any, to the front.
static void compact(lca__csv *r) {
    int64_t first = partial_start(r);
    if (first < r->nf) {
        int64_t base = r->off[first];
        memmove(r->text, r->text + base, (size_t)(r->text_len - base));
        r->text_len -= base;
        for (int64_t k = first; k < r->nf; k++) {
            r->off[k - first] = r->off[k] - base;
        }
    } else {
        r->text_len = 0;
    }
    r->nf -= first;
    r->nrec = 0;
    r->rec_head = 0;
}

// The reader's error, with its message put back into the ctx (the caller
// may have set other messages since).
static lca_status repeat_error(lca__csv *r) {
    return lca__fail(r->ctx, r->err, "%s", r->errmsg);
}

lca_status lca__csv_read(lca__csv *r, lca__csv_record *rec) {
    rec->nfields = 0;
    rec->fields = NULL;
    rec->line = r->line;
    if (r->rec_head == r->nrec) {
        if (r->err != LCA_OK) return repeat_error(r);
        compact(r);
        // An error stops the feeding; the records before it go out first.
        while (r->nrec == 0 && !r->at_eof && r->err == LCA_OK) feed(r);
        if (r->nrec == 0) return r->err;  // LCA_OK at the end of the file
    }
    int64_t k = r->rec_head;
    int64_t first = (k > 0) ? r->rec[k - 1].end : 0;
    int64_t count = r->rec[k].end - first;
    const char **view = lca__grow(r->ctx, r->view, &r->view_cap, count,
                                  sizeof *view);
    if (view == NULL) return nomem(r);
    r->view = view;
    for (int64_t f = 0; f < count; f++) {
        r->view[f] = r->text + r->off[first + f];
    }
    rec->nfields = count;
    rec->fields = r->view;
    rec->line = r->rec[k].line;
    r->rec_head++;
    return LCA_OK;
}

// A reader over fp (owned: closed on failure too), named path.
static lca_status csv_open(lca_ctx *ctx, const char *path, FILE *fp,
                           char delim, lca__csv **out) {
    *out = NULL;
    lca_status st = LCA_OK;
    lca__csv *r = lca__calloc(ctx, 1, sizeof *r);
    if (r == NULL) {
        fclose(fp);
        return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    }
    r->ctx = ctx;
    r->line = 1;
    r->cur_line = 1;
    r->fp = fp;
    r->path = lca__strdup(ctx, path);
    r->chunk = lca__malloc(ctx, CHUNK_SIZE, 1);
    if (r->path == NULL || r->chunk == NULL) {
        st = lca__fail(ctx, LCA_ERR_NOMEM, "out of memory opening %s", path);
        goto done;
    }
    if (csv_init(&r->parser, CSV_STRICT | CSV_STRICT_FINI) != 0) {
        st = lca__fail(ctx, LCA_ERR_NOMEM, "out of memory opening %s", path);
        goto done;
    }
    csv_set_delim(&r->parser, (unsigned char)delim);
    *out = r;
    r = NULL;
done:
    if (r != NULL) {
        fclose(r->fp);
        lca__free(ctx, r->path);
        lca__free(ctx, r->chunk);
        lca__free(ctx, r);
    }
    return st;
}

lca_status lca__csv_create(lca_ctx *ctx, const char *path, char delim,
                           lca__csv **out) {
    *out = NULL;
    FILE *fp = fopen(path, "rb");
    if (fp == NULL) {
        return lca__fail(ctx, LCA_ERR_IO, "%s: cannot open: %s", path,
                         strerror(errno));
    }
    return csv_open(ctx, path, fp, delim, out);
}

lca_status lca__csv_create_mem(lca_ctx *ctx, const char *name,
                               const char *buf, size_t size, char delim,
                               lca__csv **out) {
    *out = NULL;
    // fmemopen refuses a zero-length buffer; an empty text has no records.
    static const char empty[1] = {'\n'};
    FILE *fp = size > 0 ? fmemopen((void *)buf, size, "rb")
                        : fmemopen((void *)empty, 1, "rb");
    if (fp == NULL) {
        return lca__fail(ctx, LCA_ERR_NOMEM, "%s: cannot open in memory: %s",
                         name, strerror(errno));
    }
    return csv_open(ctx, name, fp, delim, out);
}

void lca__csv_destroy(lca__csv **rp) {
    if (rp == NULL || *rp == NULL) return;
    lca__csv *r = *rp;
    lca_ctx *ctx = r->ctx;
    csv_free(&r->parser);
    fclose(r->fp);
    lca__free(ctx, r->path);
    lca__free(ctx, r->chunk);
    lca__free(ctx, r->text);
    lca__free(ctx, r->off);
    lca__free(ctx, r->rec);
    lca__free(ctx, r->view);
    lca__free(ctx, r);
    *rp = NULL;
}

const char *lca__csv_path(const lca__csv *r) { return r->path; }

size_t lca__csv_field_buffer(lca__csv *r) {
    return csv_get_buffer_size(&r->parser);
}

int lca__csv_to_double(const char *s, double *x) {
    if (s == NULL || *s == '\0' || isspace((unsigned char)*s)) return 0;
    char *end = NULL;
    double v = strtod(s, &end);  // underflow to 0 or a subnormal is fine
    if (end == s || *end != '\0' || !isfinite(v)) return 0;
    *x = v;
    return 1;
}

int lca__csv_to_int64(const char *s, int64_t *x) {
    if (s == NULL || *s == '\0' || isspace((unsigned char)*s)) return 0;
    char *end = NULL;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (end == s || *end != '\0' || errno == ERANGE) return 0;
    *x = (int64_t)v;
    return 1;
}

// ---- key index -------------------------------------------------------------

typedef struct index_entry {
    const char *key;
    int64_t pos;
} index_entry;

struct lca__csv_index {
    lca_ctx *ctx;
    int64_t count;
    index_entry *e;  // sorted by key, then position
};

static int cmp_entry(const void *a, const void *b) {
    const index_entry *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    if (c != 0) return c;
    return (x->pos > y->pos) - (x->pos < y->pos);
}

lca_status lca__csv_index_create(lca_ctx *ctx, int64_t count,
                                 const char *const *keys,
                                 lca__csv_index **out) {
    *out = NULL;
    lca__csv_index *ix = lca__calloc(ctx, 1, sizeof *ix);
    index_entry *e = lca__malloc(ctx, (size_t)count, sizeof *e);
    if (ix == NULL || e == NULL) {
        lca__free(ctx, ix);
        lca__free(ctx, e);
        return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory for an index");
    }
    for (int64_t i = 0; i < count; i++) {
        e[i].key = keys[i];
        e[i].pos = i;
    }
    qsort(e, (size_t)count, sizeof *e, cmp_entry);
    ix->ctx = ctx;
    ix->count = count;
    ix->e = e;
    *out = ix;
    return LCA_OK;
}

void lca__csv_index_destroy(lca__csv_index **ix) {
    if (ix == NULL || *ix == NULL) return;
    lca_ctx *ctx = (*ix)->ctx;
    lca__free(ctx, (*ix)->e);
    lca__free(ctx, *ix);
    *ix = NULL;
}

lca_status lca__csv_index_ids(const lca_model *M, lca_axis axis,
                              lca__csv_index **ix) {
    lca_ctx *ctx = lca_model_ctx(M);
    int64_t n = lca_model_dim(M, axis);
    *ix = NULL;
    const char **ids = lca__malloc(ctx, (size_t)n, sizeof *ids);
    if (ids == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    for (int64_t i = 0; i < n; i++) {
        ids[i] = lca_model_label(M, axis, LCA_LABEL_ID, i);
    }
    lca_status st = lca__csv_index_create(ctx, n, ids, ix);
    lca__free(ctx, ids);  // the index keeps the string pointers, not ids
    return st;
}

int64_t lca__csv_index_find(const lca__csv_index *ix, const char *key) {
    int64_t lo = 0, hi = ix->count;
    while (lo < hi) {  // the first entry whose key is >= key
        int64_t mid = lo + (hi - lo) / 2;
        if (strcmp(ix->e[mid].key, key) < 0) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    if (lo < ix->count && strcmp(ix->e[lo].key, key) == 0) {
        return ix->e[lo].pos;
    }
    return -1;
}

int lca__csv_index_duplicate(const lca__csv_index *ix, int64_t *a,
                             int64_t *b) {
    int found = 0;
    for (int64_t k = 1; k < ix->count; k++) {
        const index_entry *x = &ix->e[k - 1], *y = &ix->e[k];
        int starts_group = (k < 2 || strcmp(ix->e[k - 2].key, x->key) != 0);
        if (starts_group && strcmp(x->key, y->key) == 0 &&
            (!found || y->pos < *b)) {
            *a = x->pos;
            *b = y->pos;
            found = 1;
        }
    }
    return found;
}
