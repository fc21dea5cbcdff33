// io/report/svg.c: inline SVG charts: bars, histogram, line with a band
// SPDX-License-Identifier: MIT
//
// Charts are drawn here, in C, as plain SVG elements (rect, line, path,
// text): no script and no library, so a page renders the same offline,
// in print and in a headless browser. Axes take "nice" ticks (1, 2 or 5
// times a power of ten, about five per axis). Coordinates are written
// with two decimals; labels and hover titles from data are escaped by
// lca__html_text.

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "io/report/html_impl.h"

#define W 960.0
#define LABEL_BYTES 60

typedef struct axis {
    double lo, hi;      // domain
    double a, b;        // pixel range
    int log;            // log10 scale
} axis;

static double px(const axis *x, double v) {
    if (x->log) {
        double l = log10(x->lo), h = log10(x->hi);
        return x->a + (log10(v) - l) / (h - l) * (x->b - x->a);
    }
    return x->a + (v - x->lo) / (x->hi - x->lo) * (x->b - x->a);
}

// A tick step of 1, 2 or 5 x 10^k giving about five ticks over span.
static double nice_step(double span) {
    if (!(span > 0.0) || !isfinite(span)) return 1.0;
    double raw = span / 5.0, mag = pow(10.0, floor(log10(raw)));
    double f = raw / mag;
    return (f < 1.5 ? 1.0 : f < 3.0 ? 2.0 : f < 7.0 ? 5.0 : 10.0) * mag;
}

// The ticks of [lo, hi] at step s: t_k = (k0 + k) s for k < count (at
// most 40, so that a domain far from zero cannot loop forever).
static int64_t ticks(double lo, double hi, double s, double *k0) {
    *k0 = ceil(lo / s - 1e-9);
    double k1 = floor(hi / s + 1e-9);
    if (!(k1 >= *k0)) return 0;
    return k1 - *k0 >= 40.0 ? 41 : (int64_t)(k1 - *k0) + 1;
}

// Widen [lo, hi] to whole steps (a zero-width domain gets some width).
static void nice_domain(double *lo, double *hi) {
    if (!(*hi > *lo)) {
        double d = *lo != 0.0 ? fabs(*lo) * 0.1 : 1.0;
        *lo -= d;
        *hi += d;
    }
    double s = nice_step(*hi - *lo);
    *lo = floor(*lo / s) * s;
    *hi = ceil(*hi / s) * s;
}

static void f2(lca__html *h, double v) { lca__html_numf(h, "%.2f", v); }

static void open_svg(lca__html *h, const char *id, const char *title,
                     double height) {
    lca__html_raw(h, "<svg id=\"");
    lca__html_text(h, id);
    lca__html_raw(h, "\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\" "
                     "viewBox=\"0 0 960 ");
    f2(h, height);
    lca__html_raw(h, "\" width=\"960\" height=\"");
    f2(h, height);
    lca__html_raw(h, "\"><title>");
    lca__html_text(h, title);
    lca__html_raw(h, "</title>\n");
}

static void text_at(lca__html *h, double x, double y, const char *anchor,
                    const char *s, size_t max) {
    lca__html_raw(h, "<text x=\"");
    f2(h, x);
    lca__html_raw(h, "\" y=\"");
    f2(h, y);
    lca__html_raw(h, "\" text-anchor=\"");
    lca__html_raw(h, anchor);
    lca__html_raw(h, "\">");
    lca__html_text_max(h, s, max);
    lca__html_raw(h, "</text>\n");
}

static void num_at(lca__html *h, double x, double y, const char *anchor,
                   double v) {
    char buf[32];
    snprintf(buf, sizeof buf, "%.4g", v);
    text_at(h, x, y, anchor, buf, sizeof buf);
}

static void line(lca__html *h, double x1, double y1, double x2, double y2,
                 const char *style) {
    lca__html_raw(h, "<line x1=\"");
    f2(h, x1);
    lca__html_raw(h, "\" y1=\"");
    f2(h, y1);
    lca__html_raw(h, "\" x2=\"");
    f2(h, x2);
    lca__html_raw(h, "\" y2=\"");
    f2(h, y2);
    lca__html_raw(h, "\" style=\"");
    lca__html_raw(h, style);
    lca__html_raw(h, "\"/>\n");
}

// A rect with a fill and a hover title (label: value unit).
static void rect(lca__html *h, double x, double y, double w, double hgt,
                 const char *fill, const char *label, double v,
                 const char *unit) {
    lca__html_raw(h, "<rect x=\"");
    f2(h, x);
    lca__html_raw(h, "\" y=\"");
    f2(h, y);
    lca__html_raw(h, "\" width=\"");
    f2(h, w > 0.5 ? w : 0.5);
    lca__html_raw(h, "\" height=\"");
    f2(h, hgt);
    lca__html_raw(h, "\" fill=\"");
    lca__html_raw(h, fill);
    lca__html_raw(h, "\"><title>");
    lca__html_text(h, label);
    lca__html_raw(h, ": ");
    lca__html_numf(h, "%.6g", v);
    if (unit != NULL && unit[0] != '\0') {
        lca__html_raw(h, " ");
        lca__html_text(h, unit);
    }
    lca__html_raw(h, "</title></rect>\n");
}

// Vertical grid lines and tick labels of x at y (top .. bottom).
static void x_ticks(lca__html *h, const axis *x, double top, double bottom) {
    double s = nice_step(x->hi - x->lo), k0;
    int64_t nt = ticks(x->lo, x->hi, s, &k0);
    for (int64_t k = 0; k < nt; k++) {
        double t = (k0 + (double)k) * s, p = px(x, t);
        line(h, p, top, p, bottom, "stroke:#e3e8ef");
        num_at(h, p, bottom + 16, "middle", t == 0.0 ? 0.0 : t);
    }
}

// Horizontal grid lines and tick labels of y left of x's range.
static void y_ticks(lca__html *h, const axis *x, const axis *y) {
    double s = nice_step(y->hi - y->lo), k0;
    int64_t nt = ticks(y->lo, y->hi, s, &k0);
    for (int64_t k = 0; k < nt; k++) {
        double t = (k0 + (double)k) * s;
        line(h, x->a, px(y, t), x->b, px(y, t), "stroke:#eef1f5");
        num_at(h, x->a - 6.0, px(y, t) + 4.0, "end", t == 0.0 ? 0.0 : t);
    }
}

// ---- horizontal bars --------------------------------------------------------

void lca__svg_bars(lca__html *h, const char *id, const char *title,
                   int64_t n, const char *const *labels, const double *v,
                   const char *unit) {
    double row = 26.0, top = 8.0, height = top + row * (double)n + 44.0;
    double lo = 0.0, hi = 0.0;
    for (int64_t i = 0; i < n; i++) {
        if (isfinite(v[i])) {
            lo = v[i] < lo ? v[i] : lo;
            hi = v[i] > hi ? v[i] : hi;
        }
    }
    nice_domain(&lo, &hi);
    axis x = {lo, hi, 340.0, W - 70.0, 0};
    double bottom = top + row * (double)n;
    open_svg(h, id, title, height);
    x_ticks(h, &x, top, bottom);
    for (int64_t i = 0; i < n; i++) {
        double y = top + row * (double)i, z = px(&x, 0.0);
        double e = isfinite(v[i]) ? px(&x, v[i]) : z;
        text_at(h, 334.0, y + 17.0, "end", labels[i], LABEL_BYTES);
        rect(h, e < z ? e : z, y + 4.0, fabs(e - z), row - 8.0,
             v[i] < 0 ? "#c0504d" : "#3b6fb6", labels[i], v[i], unit);
        if (isfinite(v[i])) {
            num_at(h, (e > z ? e : z) + 4.0, y + 17.0, "start", v[i]);
        } else {
            text_at(h, z + 4.0, y + 17.0, "start", "no value", 16);
        }
    }
    line(h, px(&x, 0.0), top, px(&x, 0.0), bottom, "stroke:#364152");
    text_at(h, (x.a + x.b) / 2.0, height - 6.0, "middle", unit, 80);
    lca__html_raw(h, "</svg>\n");
}

// ---- histogram ----------------------------------------------------------------

static void hist_marks(lca__html *h, const axis *x, int64_t nmarks,
                       const double *mx, const char *const *ml, double top,
                       double bottom) {
    for (int64_t i = 0; i < nmarks; i++) {
        if (!isfinite(mx[i])) continue;
        double p = px(x, mx[i]);
        line(h, p, top - 4.0, p, bottom, i < 2 ? "stroke:#9a5b00;"
             "stroke-width:1.5;stroke-dasharray:5 3"
             : "stroke:#b4232a;stroke-width:2");
        text_at(h, p, top - 8.0 - 13.0 * (double)(i % 3), "middle", ml[i],
                40);
    }
}

void lca__svg_histogram(lca__html *h, const char *id, const char *title,
                        int64_t nbins, const int64_t *counts, double lo,
                        double width, int64_t nmarks, const double *mark_x,
                        const char *const *mark_label, int shade,
                        const char *unit) {
    double top = 52.0, bottom = 272.0, height = 320.0;
    double xlo = lo, xhi = lo + width * (double)nbins;
    int64_t cmax = 1;
    for (int64_t b = 0; b < nbins; b++) cmax = counts[b] > cmax ? counts[b]
                                                                : cmax;
    for (int64_t i = 0; i < nmarks; i++) {
        if (isfinite(mark_x[i])) {
            xlo = mark_x[i] < xlo ? mark_x[i] : xlo;
            xhi = mark_x[i] > xhi ? mark_x[i] : xhi;
        }
    }
    nice_domain(&xlo, &xhi);
    axis x = {xlo, xhi, 70.0, W - 20.0, 0};
    double ylo = 0.0, yhi = (double)cmax;
    nice_domain(&ylo, &yhi);
    axis y = {0.0, yhi, bottom, top, 0};
    open_svg(h, id, title, height);
    if (shade && nmarks >= 2 && isfinite(mark_x[0]) && isfinite(mark_x[1])) {
        double a = px(&x, mark_x[0]), b = px(&x, mark_x[1]);
        rect(h, a, top, b - a, bottom - top, "#fff1cc", "95 % interval width",
             mark_x[1] - mark_x[0], unit);
    }
    y_ticks(h, &x, &y);
    x_ticks(h, &x, bottom, bottom);
    for (int64_t b = 0; b < nbins; b++) {
        double a = lo + width * (double)b;
        char label[96];
        snprintf(label, sizeof label, "%.4g to %.4g: iterations",
                 a, a + width);
        double x0 = px(&x, a), x1 = px(&x, a + width);
        rect(h, x0, px(&y, (double)counts[b]), x1 - x0 - 0.5,
             bottom - px(&y, (double)counts[b]), "#3b6fb6", label,
             (double)counts[b], "");
    }
    line(h, x.a, bottom, x.b, bottom, "stroke:#364152");
    hist_marks(h, &x, nmarks, mark_x, mark_label, top, bottom);
    text_at(h, (x.a + x.b) / 2.0, height - 8.0, "middle", unit, 80);
    lca__html_raw(h, "</svg>\n");
}

// ---- line with a band ---------------------------------------------------------

static void path_point(lca__html *h, int first, double x, double y) {
    lca__html_raw(h, first ? "M" : " L");
    f2(h, x);
    lca__html_raw(h, ",");
    f2(h, y);
}

// y range over y +- half (finite points only) and the reference.
static void line_range(int64_t n, const double *y, const double *half,
                       double ref, double *lo, double *hi) {
    *lo = INFINITY;
    *hi = -INFINITY;
    for (int64_t i = 0; i < n; i++) {
        double d = isfinite(half[i]) ? half[i] : 0.0;
        if (!isfinite(y[i])) continue;
        *lo = y[i] - d < *lo ? y[i] - d : *lo;
        *hi = y[i] + d > *hi ? y[i] + d : *hi;
    }
    if (isfinite(ref)) {
        *lo = ref < *lo ? ref : *lo;
        *hi = ref > *hi ? ref : *hi;
    }
    if (!isfinite(*lo)) *lo = *hi = 0.0;
}

static void band(lca__html *h, const axis *x, const axis *y, int64_t n,
                 const double *xs, const double *ys, const double *half) {
    int first = 1;
    lca__html_raw(h, "<path fill=\"#d6e3f5\" d=\"");
    for (int64_t i = 0; i < n; i++) {
        if (!isfinite(ys[i]) || !isfinite(half[i])) continue;
        path_point(h, first, px(x, xs[i]), px(y, ys[i] + half[i]));
        first = 0;
    }
    for (int64_t i = n - 1; i >= 0; i--) {
        if (!isfinite(ys[i]) || !isfinite(half[i])) continue;
        path_point(h, first, px(x, xs[i]), px(y, ys[i] - half[i]));
    }
    lca__html_raw(h, first ? "M0,0\"/>\n" : " Z\"/>\n");
}

void lca__svg_line(lca__html *h, const char *id, const char *title,
                   int64_t n, const double *xs, const double *ys,
                   const double *half, int logx, double y_ref,
                   const char *xlabel, const char *ylabel) {
    double top = 16.0, bottom = 250.0, height = 300.0, lo, hi;
    line_range(n, ys, half, y_ref, &lo, &hi);
    nice_domain(&lo, &hi);
    double x0 = n > 0 ? xs[0] : 1.0, x1 = n > 0 ? xs[n - 1] : 10.0;
    if (!(x1 > x0)) x1 = x0 + 1.0;
    axis x = {x0, x1, 80.0, W - 20.0, logx && x0 > 0.0};
    axis y = {lo, hi, bottom, top, 0};
    open_svg(h, id, title, height);
    y_ticks(h, &x, &y);
    for (int64_t i = 0; i < n; i++) {
        num_at(h, px(&x, xs[i]), bottom + 16.0, "middle", xs[i]);
    }
    band(h, &x, &y, n, xs, ys, half);
    if (isfinite(y_ref)) {
        line(h, x.a, px(&y, y_ref), x.b, px(&y, y_ref),
             "stroke:#b4232a;stroke-dasharray:6 4");
    }
    lca__html_raw(h, "<path fill=\"none\" stroke=\"#1f4e96\" "
                     "stroke-width=\"2\" d=\"");
    int first = 1;
    for (int64_t i = 0; i < n; i++) {
        if (!isfinite(ys[i])) continue;
        path_point(h, first, px(&x, xs[i]), px(&y, ys[i]));
        first = 0;
    }
    lca__html_raw(h, first ? "M0,0\"/>\n" : "\"/>\n");
    line(h, x.a, bottom, x.b, bottom, "stroke:#364152");
    text_at(h, (x.a + x.b) / 2.0, height - 12.0, "middle", xlabel, 80);
    text_at(h, 12.0, top - 4.0 > 10.0 ? top - 4.0 : 12.0, "start", ylabel,
            80);
    lca__html_raw(h, "</svg>\n");
}
