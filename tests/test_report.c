// tests/test_report.c: the report's picture data (engine/report/
// report_stats.c) and the HTML page (io/report/): hand counts, escaping of
// hostile strings, file stems that cannot leave the folder, no partial
// page after a failure
// SPDX-License-Identifier: MIT

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "report_doc.h"
#include "test_util.h"

static void test_report_histogram_counts_by_hand(void **state) {
    (void)state;
    // 0..9 in 5 bins of 1.8: 0,1 | 2,3 | 4,5 | 6,7 | 8,9 (9 = max: last).
    double x[12] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, NAN, INFINITY};
    int64_t c[5];
    double lo, w;
    assert_int_equal(lca_report_histogram(12, x, 5, c, &lo, &w), 5);
    assert_close(lo, 0.0, 0);
    assert_close(w, 1.8, 1e-15);
    for (int b = 0; b < 5; b++) assert_int_equal(c[b], 2);
    // A constant sits in the middle bin.
    double k[3] = {7, 7, 7};
    int64_t ck[8];
    assert_int_equal(lca_report_histogram(3, k, 0, ck, &lo, &w), 8);
    assert_int_equal(ck[4], 3);
    assert_close(lo + 4.5 * w, 7.0, 1e-14);
    // No finite value: all zero.
    assert_int_equal(lca_report_histogram(1, x + 10, 4, c, &lo, &w), 4);
    assert_int_equal(c[0] + c[1] + c[2] + c[3], 0);
}

static void test_report_convergence_by_hand(void **state) {
    (void)state;
    double x[250];
    for (int i = 0; i < 250; i++) x[i] = i % 2 == 0 ? 1.0 : 3.0;
    x[5] = NAN;  // left out
    int64_t it[16];
    double mean[16], half[16];
    int64_t n = lca_report_convergence(250, x, 16, it, mean, half);
    const int64_t want[6] = {10, 20, 50, 100, 200, 250};
    assert_int_equal(n, 6);
    for (int i = 0; i < 6; i++) assert_int_equal(it[i], want[i]);
    // First 10: 1,3,1,3,1,NaN,1,3,1,3 -> 9 values, mean 17/9.
    assert_close(mean[0], 17.0 / 9.0, 1e-15);
    double var = 0.0;
    for (int i = 0; i < 10; i++) {
        if (!isnan(x[i])) var += (x[i] - 17.0 / 9.0) * (x[i] - 17.0 / 9.0);
    }
    assert_close(half[0], 1.96 * sqrt(var / 8.0) / 3.0, 1e-14);
    assert_close(mean[5], (125.0 * 1.0 + 124.0 * 3.0) / 249.0, 1e-14);
    assert_int_equal(lca_report_convergence(0, x, 16, it, mean, half), 0);
}

static char *slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    assert_non_null(s);
    assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    s[n] = '\0';
    if (len != NULL) *len = (size_t)n;
    return s;
}

static void test_report_page_escapes_everything(void **state) {
    lca_ctx *ctx = *state;
    static report_doc_data x;
    lca_report_doc d;
    report_doc_fill(&d, &x, "<script>alert(1)</script>");
    const char *dir = test_tmpdir("report_page");
    assert_int_equal(lca_report_write(ctx, &d, dir, "cement"), LCA_OK);
    char path[1200];
    snprintf(path, sizeof path, "%s/cement.html", dir);
    char *page = slurp(path, NULL);
    // No markup from the data: no script, no injected attribute or tag.
    assert_null(strstr(page, "<script"));
    assert_null(strstr(page, "<b>bold"));
    assert_null(strstr(page, "<i>"));
    assert_null(strstr(page, "\" onmouseover"));
    assert_null(strstr(page, "</li><li>injected"));
    assert_non_null(strstr(page, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert_non_null(strstr(page, "transport &quot; onmouseover=&quot;"));
    assert_non_null(strstr(page, "Content-Security-Policy"));
    // Every section and chart.
    const char *ids[] = {"sec-unit", "sec-boundary", "sec-cutoff",
                         "sec-allocation", "sec-results", "sec-contrib",
                         "sec-paths", "sec-uncertainty", "sec-grade",
                         "sec-sources", "sec-quality", "sec-conformance",
                         "sec-rule", "sec-validity", "chart-stages",
                         "chart-split", "chart-contrib", "chart-paths",
                         "chart-histogram", "chart-convergence",
                         "chart-grades"};
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        char want[64];
        snprintf(want, sizeof want, "id=\"%s\"", ids[i]);
        if (strstr(page, want) == NULL) fail_msg("no %s", want);
    }
    free(page);
}

static void test_report_long_and_control_strings(void **state) {
    lca_ctx *ctx = *state;
    static report_doc_data x;
    lca_report_doc d;
    size_t n = 100000;
    char *name = malloc(n + 1);
    assert_non_null(name);
    memset(name, 'a', n);
    name[10] = '\x01';  // a control character: dropped
    name[11] = '\x1b';
    memcpy(name + 20, "\xe6\xb0\xb4", 3);  // a CJK character, kept whole
    name[n] = '\0';
    report_doc_fill(&d, &x, name);
    const char *dir = test_tmpdir("report_long");
    assert_int_equal(lca_report_write(ctx, &d, dir, "long"), LCA_OK);
    char path[1200];
    size_t len;
    snprintf(path, sizeof path, "%s/long.html", dir);
    char *page = slurp(path, &len);
    assert_true(len < 200000);  // each copy of the name is cut
    assert_null(strchr(page, '\x01'));
    assert_null(strchr(page, '\x1b'));
    assert_non_null(strstr(page, "\xe6\xb0\xb4"));
    assert_non_null(strstr(page, "\xe2\x80\xa6"));  // the ellipsis
    free(page);
    free(name);
}

static void test_report_stem_stays_in_the_folder(void **state) {
    lca_ctx *ctx = *state;
    static report_doc_data x;
    lca_report_doc d;
    report_doc_fill(&d, &x, "x");
    const char *dir = test_tmpdir("report_stem");
    char long72[73];  // one byte over the limit of 71
    memset(long72, 'a', 72);
    long72[72] = '\0';
    const char *bad[] = {"../x", "a/b", ".hidden", "", "x y", long72};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(lca_report_write(ctx, &d, dir, bad[i]),
                         LCA_ERR_ARG);
    }
    char path[1200];
    snprintf(path, sizeof path, "%s/../x.html", dir);
    assert_false(file_exists(path));
}

static void test_report_write_fails_cleanly_without_memory(void **state) {
    lca_ctx *ctx = *state;
    static report_doc_data x;
    lca_report_doc d;
    report_doc_fill(&d, &x, "x");
    const char *dir = test_tmpdir("report_nomem");
    char path[1200];
    snprintf(path, sizeof path, "%s/sub/p.html", dir);
    char sub[1200];
    snprintf(sub, sizeof sub, "%s/sub", dir);
    test_alloc ta;
    for (int64_t k = 0;; k++) {
        test_alloc_install(ctx, &ta, k);
        lca_status st = lca_report_write(ctx, &d, sub, "p");
        if (st == LCA_OK) break;
        assert_int_equal(st, LCA_ERR_NOMEM);
        assert_int_equal(ta.live, 0);
        assert_false(file_exists(path));
        struct stat sb;
        assert_int_not_equal(stat(sub, &sb), 0);  // the folder is removed
    }
    assert_true(file_exists(path));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            test_report_histogram_counts_by_hand, ctx_setup, ctx_teardown),
        cmocka_unit_test_setup_teardown(test_report_convergence_by_hand,
                                        ctx_setup, ctx_teardown),
        cmocka_unit_test_setup_teardown(
            test_report_page_escapes_everything, ctx_setup, ctx_teardown),
        cmocka_unit_test_setup_teardown(
            test_report_long_and_control_strings, ctx_setup, ctx_teardown),
        cmocka_unit_test_setup_teardown(
            test_report_stem_stays_in_the_folder, ctx_setup, ctx_teardown),
        cmocka_unit_test_setup_teardown(
            test_report_write_fails_cleanly_without_memory, ctx_setup,
            ctx_teardown),
    };
    return cmocka_run_group_tests_name("report", tests, NULL, NULL);
}
