// tests/report_sample.c: write the hand report document of
// tests/report_doc.c as DIR/sample.html (named "<script>alert(1)</script>")
// and DIR/sample-plain.html (no Monte Carlo, no grading, no split), the
// pages tests/report_browser.py opens in headless Chromium
// SPDX-License-Identifier: MIT

#include <stdio.h>
#include <stdlib.h>

#include "report_doc.h"

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: report_sample DIR\n");
        return 2;
    }
    lca_ctx *ctx = NULL;
    static report_doc_data x;
    lca_report_doc d;
    if (lca_ctx_create(&ctx) != LCA_OK) return 1;
    report_doc_fill(&d, &x, "<script>alert(1)</script>");
    lca_status st = lca_report_write(ctx, &d, argv[1], "sample");
    if (st == LCA_OK) {
        d.name = "Plain ../ report";
        d.nsamples = d.nvalid = 0;
        d.grades.nclasses = 0;
        d.nsplit = 0;
        d.nissues = 0;
        st = lca_report_write(ctx, &d, argv[1], "sample-plain");
    }
    if (st != LCA_OK) fprintf(stderr, "%s\n", lca_ctx_errmsg(ctx));
    lca_ctx_destroy(&ctx);
    return st == LCA_OK ? 0 : 1;
}
