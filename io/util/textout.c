// io/util/textout.c: lca__textout, an atomic text file writer (CSV, mtx)
// SPDX-License-Identifier: MIT
//
// stdio buffers the output; every write goes through put(), which keeps
// the first errno, and commit checks fflush and fclose as well (a full
// disk often shows only there). Quoting follows RFC 4180 plus one rule
// for round trips: a field with leading or trailing blanks is quoted,
// since CSV readers (libcsv, Excel) trim unquoted blanks. Text that a
// spreadsheet would run as a formula (=, +, -, @, TAB or CR first: OWASP
// "CSV Injection") is quoted with a ' in front; numbers never are, and
// io/util/csv.c takes the ' off again.

#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/ctx_impl.h"
#include "io/util/atomic_impl.h"
#include "io/util/csv_impl.h"
#include "io/util/textout_impl.h"

struct lca__textout {
    lca_ctx *ctx;
    lca__atomic *tmp;
    FILE *fp;
    int err;        // errno of the first failed write, 0 if none
    int in_record;  // a field has been written in the current record
};

lca_status lca__textout_create(lca_ctx *ctx, const char *path,
                               lca__textout **out) {
    *out = NULL;
    lca__textout *w = lca__calloc(ctx, 1, sizeof *w);
    if (w == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    w->ctx = ctx;
    lca_status st = lca__atomic_begin(ctx, path, &w->tmp);
    if (st == LCA_OK) {
        w->fp = fopen(lca__atomic_tmp_path(w->tmp), "wb");
        if (w->fp == NULL) {
            st = lca__fail(ctx, LCA_ERR_IO, "%s: cannot open '%s': %s", path,
                           lca__atomic_tmp_path(w->tmp), strerror(errno));
        }
    }
    if (st != LCA_OK) {
        lca__textout_destroy(&w);
        return st;
    }
    *out = w;
    return LCA_OK;
}

void lca__textout_destroy(lca__textout **wp) {
    if (wp == NULL || *wp == NULL) return;
    lca__textout *w = *wp;
    if (w->fp != NULL) fclose(w->fp);
    lca__atomic_abort(&w->tmp);
    lca__free(w->ctx, w);
    *wp = NULL;
}

lca_status lca__textout_commit(lca__textout **wp) {
    if (wp == NULL || *wp == NULL) return LCA_ERR_ARG;
    lca__textout *w = *wp;
    *wp = NULL;
    if (w->err == 0 && fflush(w->fp) != 0) w->err = errno;
    if (fclose(w->fp) != 0 && w->err == 0) w->err = errno;
    w->fp = NULL;
    lca_status st = LCA_OK;
    if (w->err != 0) {
        st = lca__fail(w->ctx, LCA_ERR_IO, "%s: cannot write: %s",
                       lca__atomic_path(w->tmp), strerror(w->err));
    } else {
        st = lca__atomic_commit(&w->tmp);
    }
    lca__atomic_abort(&w->tmp);
    lca__free(w->ctx, w);
    return st;
}

lca_status lca__textout_flush(lca__textout *w) {
    if (w->err == 0 && fflush(w->fp) != 0) w->err = errno;
    if (w->err == 0 && fsync(fileno(w->fp)) != 0) w->err = errno;
    if (w->err == 0) return LCA_OK;
    return lca__fail(w->ctx, LCA_ERR_IO, "%s: cannot write: %s",
                     lca__atomic_path(w->tmp), strerror(w->err));
}

static void put(lca__textout *w, const char *s, size_t len) {
    if (w->err != 0 || len == 0) return;
    if (fwrite(s, 1, len, w->fp) != len) w->err = errno != 0 ? errno : EIO;
}

void lca__textout_puts(lca__textout *w, const char *s) {
    put(w, s, strlen(s));
}

const char *lca__format_double(double x, char buf[32]) {
    if (isnan(x)) return strcpy(buf, "NaN");
    if (isinf(x)) return strcpy(buf, x > 0 ? "Inf" : "-Inf");
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, 32, "%.*g", prec, x);
        if (prec == 17 || strtod(buf, NULL) == x) break;
    }
    // printf and strtod follow the locale (a host program may have set a
    // decimal comma, as jansson also allows for): our files use '.'.
    const char *dp = localeconv()->decimal_point;
    if (dp != NULL && dp[0] != '.' && dp[0] != '\0' && dp[1] == '\0') {
        char *c = strchr(buf, dp[0]);
        if (c != NULL) *c = '.';
    }
    return buf;
}

// Does s need quotes: a comma, quote or line break, or blanks at an end?
static int needs_quotes(const char *s) {
    size_t len = strlen(s);
    if (len > 0 && (s[0] == ' ' || s[0] == '\t' || s[len - 1] == ' ' ||
                    s[len - 1] == '\t')) {
        return 1;
    }
    return strpbrk(s, ",\"\r\n") != NULL;
}

// One field: s, quoted when it has to be; with guard, a formula risk
// (lca__csv_formula_risk) gets a ' in front, inside the quotes.
static void field(lca__textout *w, const char *s, int guard) {
    if (w->in_record) put(w, ",", 1);
    w->in_record = 1;
    int prefix = guard && lca__csv_formula_risk(s);
    if (!prefix && !needs_quotes(s)) {
        put(w, s, strlen(s));
        return;
    }
    put(w, prefix ? "\"'" : "\"", prefix ? 2 : 1);
    for (const char *q; (q = strchr(s, '"')) != NULL; s = q + 1) {
        put(w, s, (size_t)(q - s) + 1);  // up to and with the quote ...
        put(w, "\"", 1);                 // ... which is doubled
    }
    put(w, s, strlen(s));
    put(w, "\"", 1);
}

void lca__textout_field(lca__textout *w, const char *s) {
    field(w, s, 1);
}

void lca__textout_number(lca__textout *w, double x) {
    char buf[32];
    field(w, lca__format_double(x, buf), 0);
}

void lca__textout_numeral(lca__textout *w, const char *s) {
    double x;
    field(w, s, !lca__csv_to_double(s, &x));
}

void lca__textout_end(lca__textout *w) {
    put(w, "\r\n", 2);
    w->in_record = 0;
}

char *lca__path_join(lca_ctx *ctx, const char *dir, const char *name) {
    size_t a = strlen(dir), b = strlen(name);
    char *p = lca__malloc(ctx, a + b + 2, 1);
    if (p == NULL) return NULL;
    memcpy(p, dir, a);
    p[a] = '/';
    memcpy(p + a + 1, name, b + 1);
    return p;
}

// mkdir path unless it is a directory already.
static int make_one(const char *path) {
    struct stat sb;
    if (stat(path, &sb) == 0) {
        if (S_ISDIR(sb.st_mode)) return 0;
        errno = ENOTDIR;
        return -1;
    }
    if (mkdir(path, 0777) == 0 || errno == EEXIST) return 0;
    return -1;
}

lca_status lca__make_dir(lca_ctx *ctx, const char *dir) {
    if (dir == NULL || dir[0] == '\0') {
        return lca__fail(ctx, LCA_ERR_ARG, "no directory to write into");
    }
    char *buf = lca__strdup(ctx, dir);
    if (buf == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    lca_status st = LCA_OK;
    size_t len = strlen(buf);
    for (size_t i = 1; i <= len; i++) {
        if (i < len && buf[i] != '/') continue;
        buf[i] = '\0';
        if (make_one(buf) != 0) {
            st = lca__fail(ctx, LCA_ERR_IO, "%s: cannot create the "
                           "directory '%s': %s", dir, buf, strerror(errno));
            break;
        }
        buf[i] = dir[i];
    }
    lca__free(ctx, buf);
    return st;
}
