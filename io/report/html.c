// io/report/html.c: a self-contained HTML page: head, escaping, numbers
// SPDX-License-Identifier: MIT
//
// The page is written through lca__textout (atomic: the file appears
// complete or not at all). Escaping replaces the five characters that
// matter in HTML text and quoted attribute values (& < > " ') by entities
// and drops C0 controls and DEL (they have no business in a report and
// some are not allowed in HTML); everything else, UTF-8 included, passes
// as is. Long strings are cut at a character boundary: a report stays
// readable when a name is a megabyte long.

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "engine/ctx_impl.h"
#include "io/report/html_impl.h"
#include "io/util/textout_impl.h"

struct lca__html {
    lca_ctx *ctx;
    lca__textout *w;
};

lca_status lca__html_create(lca_ctx *ctx, const char *path, lca__html **h) {
    *h = NULL;
    lca__html *H = lca__calloc(ctx, 1, sizeof *H);
    if (H == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    H->ctx = ctx;
    lca_status st = lca__textout_create(ctx, path, &H->w);
    if (st != LCA_OK) {
        lca__free(ctx, H);
        return st;
    }
    *h = H;
    return LCA_OK;
}

lca_status lca__html_commit(lca__html **h) {
    if (h == NULL || *h == NULL) return LCA_ERR_ARG;
    lca__html *H = *h;
    *h = NULL;
    lca_status st = lca__textout_commit(&H->w);
    lca__free(H->ctx, H);
    return st;
}

void lca__html_destroy(lca__html **h) {
    if (h == NULL || *h == NULL) return;
    lca__textout_destroy(&(*h)->w);
    lca__free((*h)->ctx, *h);
    *h = NULL;
}

void lca__html_raw(lca__html *h, const char *markup) {
    lca__textout_puts(h->w, markup);
}

// The entity for c, or NULL when c is written as is ("" drops it).
static const char *entity(unsigned char c) {
    switch (c) {
    case '&': return "&amp;";
    case '<': return "&lt;";
    case '>': return "&gt;";
    case '"': return "&quot;";
    case '\'': return "&#39;";
    case '\t': case '\n': return NULL;
    default: return c < 0x20 || c == 0x7f ? "" : NULL;
    }
}

void lca__html_text_max(lca__html *h, const char *s, size_t max) {
    if (s == NULL) return;
    char buf[256];
    size_t n = 0, len = strlen(s), cut = len;
    if (len > max) {  // back up to the start of a UTF-8 character
        cut = max;
        while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80) cut--;
    }
    for (size_t i = 0; i < cut; i++) {
        const char *e = entity((unsigned char)s[i]);
        size_t el = e != NULL ? strlen(e) : 1;
        if (n + el + 1 > sizeof buf) {
            buf[n] = '\0';
            lca__textout_puts(h->w, buf);
            n = 0;
        }
        if (e == NULL) {
            buf[n++] = s[i];
        } else {
            memcpy(buf + n, e, el);
            n += el;
        }
    }
    buf[n] = '\0';
    lca__textout_puts(h->w, buf);
    if (cut < len) lca__textout_puts(h->w, "\xe2\x80\xa6");  // ellipsis
}

void lca__html_text(lca__html *h, const char *s) {
    lca__html_text_max(h, s, LCA__HTML_MAX_TEXT);
}

void lca__html_numf(lca__html *h, const char *fmt, double x) {
    char buf[64];
    if (!isfinite(x)) {
        lca__textout_puts(h->w, isnan(x) ? "\xe2\x80\x93" : x > 0 ? "inf"
                                                                   : "-inf");
        return;
    }
    snprintf(buf, sizeof buf, fmt, x);
    lca__textout_puts(h->w, buf);
}

void lca__html_num(lca__html *h, double x) { lca__html_numf(h, "%.4g", x); }

void lca__html_int(lca__html *h, int64_t x) {
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", (long long)x);
    lca__textout_puts(h->w, buf);
}

void lca__html_kv(lca__html *h, const char *key, const char *value) {
    lca__html_raw(h, "<tr><th>");
    lca__html_text(h, key);
    lca__html_raw(h, "</th><td>");
    lca__html_text(h, value != NULL && value[0] != '\0' ? value
                                                        : "not stated");
    lca__html_raw(h, "</td></tr>\n");
}

void lca__html_kv_num(lca__html *h, const char *key, double x,
                      const char *unit) {
    lca__html_raw(h, "<tr><th>");
    lca__html_text(h, key);
    lca__html_raw(h, "</th><td class=\"num\">");
    lca__html_num(h, x);
    if (unit != NULL && unit[0] != '\0' && !isnan(x)) {
        lca__html_raw(h, " ");
        lca__html_text(h, unit);
    }
    lca__html_raw(h, "</td></tr>\n");
}

static const char css[] =
    "body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,"
    "'Noto Sans',sans-serif;color:#1d2430;background:#fff;margin:0}"
    "main{max-width:1060px;margin:0 auto;padding:24px 28px 60px}"
    "h1{font-size:26px;margin:8px 0 4px}h2{font-size:19px;margin:34px 0 8px;"
    "padding-bottom:4px;border-bottom:2px solid #d7dee8}"
    "h3{font-size:15px;margin:18px 0 6px}"
    "p.lead{color:#4a5565;margin:0 0 14px}"
    "table{border-collapse:collapse;margin:6px 0 12px;font-size:14px}"
    "th,td{padding:4px 10px;border-bottom:1px solid #e3e8ef;text-align:left;"
    "vertical-align:top}th{font-weight:600;color:#364152;"
    "background:#f6f8fb}td.num,th.num{text-align:right;"
    "font-variant-numeric:tabular-nums}"
    ".kv th{width:260px}.wide{overflow-x:auto}td.nw{white-space:nowrap}"
    "td small{color:#5a6678}"
    ".headline{display:flex;flex-wrap:wrap;gap:14px;margin:14px 0}"
    ".card{border:1px solid #d7dee8;border-radius:8px;padding:10px 16px;"
    "min-width:180px;background:#fbfcfe}.card .v{font-size:24px;"
    "font-weight:650}.card .k{color:#5a6678;font-size:13px}"
    ".ok{color:#16794c}.bad{color:#b4232a}.warn{color:#9a5b00}"
    ".note{background:#fff8e6;border-left:4px solid #e0a800;padding:8px 12px;"
    "margin:10px 0}"
    "nav{font-size:13px;margin:8px 0 0}nav a{margin-right:10px;"
    "color:#2456a6;text-decoration:none}"
    "svg{display:block;margin:6px 0 14px;max-width:100%;height:auto}"
    "svg text{font:12px system-ui,sans-serif;fill:#364152}"
    "footer{margin-top:40px;color:#5a6678;font-size:12px}"
    "@media print{nav{display:none}h2{break-after:avoid}}";

void lca__html_begin(lca__html *h, const char *title) {
    lca__html_raw(h, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
                     "<meta charset=\"utf-8\">\n"
                     "<meta http-equiv=\"Content-Security-Policy\" content="
                     "\"default-src 'none'; style-src 'unsafe-inline'; "
                     "img-src data:; base-uri 'none'; form-action 'none'\">\n"
                     "<meta name=\"viewport\" content=\"width=device-width, "
                     "initial-scale=1\">\n<meta name=\"generator\" "
                     "content=\"leontief\">\n<title>");
    lca__html_text_max(h, title, 200);
    lca__html_raw(h, "</title>\n<style>");
    lca__html_raw(h, css);
    lca__html_raw(h, "</style>\n</head>\n<body>\n<main>\n");
}

void lca__html_end(lca__html *h) {
    lca__html_raw(h, "</main>\n</body>\n</html>\n");
}
