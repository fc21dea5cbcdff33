// tests/test_factordb_cli.c: `leontief factordb build|diff` end to end
// SPDX-License-Identifier: MIT
//
// The tiny example model (plus an unlinked fourth product) with lognormal
// B entries and pedigree scores: the release's factors, data quality and
// ids against the hand-computed values of tests/test_fdb.c and
// tests/test_dqr.c, its Monte Carlo columns against the run's file,
// --previous and diff on a changed model (ids kept, superseded,
// re-issued by threshold), --from-mc, and the documented failures. On
// USLCI: every factor of the release against an independent computation
// (a dense LU and one forward solve per product).

#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <glob.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

#include "cli_util.h"
#include "io/util/csv_impl.h"
#include "test_util.h"

typedef struct fixture {
    char dir[4096], model[4200], model2[4200], plain[4200];
} fixture;

// Electricity, steel, transport as in datasets/examples/tiny, and water
// (no inputs, no users). steel_co2 is steel's CO2 per kg (1.5 in the
// example). Indicators GWP100 (1, 28, 0), ORE (0, 0, 1) and GWP100-ch4
// (0, 28, 0); with split tags GWP100 is the total and GWP100-ch4 its
// component gas_ch4 (a hand-made method's output indicators).
static lca_model *tiny(lca_ctx *ctx, double steel_co2, int tagged) {
    const double A[] = {1, -0.4, -0.2, 0, -0.4, 1, 0, 0,
                        0, -0.5, 1,    0, 0,    0, 0, 1};
    const double B[] = {0.5, steel_co2, 0.1, 0.01, 0.001, 0,
                        0,   0,         0,   1.6,  0,     0};
    const double C[] = {1, 28, 0, 0, 0, 1, 0, 28, 0};
    lca_csc *Ac = csc_from_dense(ctx, 4, 4, A);
    lca_csc *Bc = csc_from_dense(ctx, 3, 4, B);
    lca_csc *Cc = csc_from_dense(ctx, 3, 3, C);
    lca_model *M = NULL;
    assert_int_equal(lca_model_create(ctx, LCA_TECHNOSPHERE, Ac, Bc, Cc, &M),
                     LCA_OK);
    const char *pid[] = {"elec", "steel", "transport", "water"};
    const char *pname[] = {"<script>alert(1)</script>", "../steel, \"hot\"",
                           "Transport", "Water"};
    const char *punit[] = {"kWh", "kg", "t*km", "m3"};
    const char *iid[] = {"GWP100", "ORE", "GWP100-ch4"};
    const char *iname[] = {"Climate change GWP100", "Iron ore", "CH4"};
    const char *iunit[] = {"kg CO2-eq", "kg", "kg CO2-eq"};
    const char *tags[] = {"GWP100:total_excluding_uptake", "",
                          "GWP100:gas_ch4"};
    if (tagged) lca_model_set_labels(M, LCA_INDICATORS, LCA_LABEL_SPLIT, tags);
    lca_model_set_labels(M, LCA_PRODUCTS, LCA_LABEL_ID, pid);
    lca_model_set_labels(M, LCA_PRODUCTS, LCA_LABEL_NAME, pname);
    lca_model_set_labels(M, LCA_PRODUCTS, LCA_LABEL_UNIT, punit);
    lca_model_set_labels(M, LCA_INDICATORS, LCA_LABEL_ID, iid);
    lca_model_set_labels(M, LCA_INDICATORS, LCA_LABEL_NAME, iname);
    lca_model_set_labels(M, LCA_INDICATORS, LCA_LABEL_UNIT, iunit);
    // B's entries in CSC order: (co2, elec), (ch4, elec), (co2, steel),
    // (ore, steel), (co2, transport), (co2, water). Lognormal GSD 1.1 on
    // the CO2 of steel, the pedigree scores of tests/test_dqr.c.
    static const uint8_t ped[6][5] = {{1, 2, 3, 4, 5}, {0, 0, 0, 0, 0},
                                      {2, 1, 1, 1, 3}, {1, 1, 1, 1, 1},
                                      {3, 0, 3, 3, 3}, {0, 0, 0, 0, 0}};
    lca_uncertainty u[6];
    for (int p = 0; p < 6; p++) {
        u[p] = lca_uncertainty_none();
        memcpy(u[p].pedigree, ped[p], 5);
    }
    u[2].dist = LCA_DIST_LOGNORMAL;
    u[2].p1 = steel_co2;
    u[2].p2 = 1.1;
    assert_int_equal(lca_model_set_uncertainty(M, LCA_MATRIX_B, u), LCA_OK);
    lca_csc_destroy(&Ac);
    lca_csc_destroy(&Bc);
    lca_csc_destroy(&Cc);
    return M;
}

static int setup(void **state) {
    fixture *f = calloc(1, sizeof *f);
    const char *dir = test_tmpdir("factordb-cli");
    if (f == NULL || dir == NULL) return -1;
    snprintf(f->dir, sizeof f->dir, "%s", dir);
    snprintf(f->model, sizeof f->model, "%s/tiny.h5", dir);
    snprintf(f->model2, sizeof f->model2, "%s/tiny2.h5", dir);
    snprintf(f->plain, sizeof f->plain, "%s/plain.h5", dir);
    lca_ctx *ctx = NULL;
    lca_ctx_create(&ctx);
    lca_model *M = tiny(ctx, 1.5, 1), *M2 = tiny(ctx, 1.6, 1);
    lca_model *M3 = tiny(ctx, 1.5, 0);
    int rc = lca_model_write(M, f->model) == LCA_OK &&
                     lca_model_write(M2, f->model2) == LCA_OK &&
                     lca_model_write(M3, f->plain) == LCA_OK
                 ? 0
                 : -1;
    lca_model_destroy(&M);
    lca_model_destroy(&M2);
    lca_model_destroy(&M3);
    lca_ctx_destroy(&ctx);
    *state = f;
    return rc;
}

// Run "leontief ARGS" quietly; the exit code.
#define run(...) cli_run(NULL, __VA_ARGS__)

static lca_fdb *read_release(lca_ctx *ctx, const char *dir) {
    lca_fdb *db = NULL;
    assert_int_equal(lca_fdb_read(ctx, dir, &db), LCA_OK);
    return db;
}

// No staging folder left beside dir.
static void assert_no_staging(const char *dir) {
    char pat[4300];
    int len = snprintf(pat, sizeof pat, "%s.tmp.*", dir);
    assert_true(len > 0 && (size_t)len < sizeof pat);
    glob_t g;
    assert_int_equal(glob(pat, 0, NULL, &g), GLOB_NOMATCH);
    globfree(&g);
}

// Factors by hand (tests/test_fdb.c), DQR of steel by hand
// (tests/test_dqr.c), Monte Carlo columns = the run's file.
static void test_factordb_build_tiny_by_hand(void **state) {
    fixture *f = *state;
    char rel[4300], mc[4400];
    snprintf(rel, sizeof rel, "%s/r1", f->dir);
    assert_int_equal(run("factordb build '%s' -n 300 --seed 3 --split-mc "
                         "--trace-share 0 -o '%s'",
                         f->model, rel),
                     0);
    assert_no_staging(rel);
    lca_ctx *ctx = NULL;
    lca_ctx_create(&ctx);
    lca_fdb *db = read_release(ctx, rel);
    assert_int_equal(lca_fdb_nrecords(db), 4);
    const double want[] = {1.435, 2.2675, 0.387, 0.01};
    const double *fac = lca_fdb_num_get(db, LCA_FDB_FACTOR);
    for (int p = 0; p < 4; p++) assert_close(fac[p], want[p], 1e-13);
    const double g = 2.2675;
    assert_close(lca_fdb_num_get(db, LCA_FDB_DQR)[1],
                 (7.4625 + 3.4 + 3.0875 + 4.3375) / 4 / g, 1e-13);
    assert_close(lca_fdb_num_get(db, LCA_FDB_DQR_UNSCORED)[1], 0.08 / g, 1e-13);
    assert_close(lca_fdb_num_get(db, LCA_FDB_DQR)[3], 5.0, 1e-15);  // none
    // The split total's component gas_ch4: 28 * 0.001 * s_elec, with its
    // own Monte Carlo statistics (--split-mc).
    assert_int_equal(lca_fdb_ncomponents(db), 1);
    assert_string_equal(lca_fdb_component_name(db, 0), "gas_ch4");
    assert_true(lca_fdb_component_has_mc(db, 0));
    assert_close(lca_fdb_component_get(db, 0, LCA_FDB_FACTOR)[1], 0.0175,
                 1e-13);
    assert_close(lca_fdb_component_get(db, 0, LCA_FDB_MEAN)[1], 0.0175,
                 1e-13);  // CH4 has no uncertainty here
    snprintf(mc, sizeof mc, "%s/montecarlo.h5", rel);
    int64_t n;
    double *mean = read_h5_doubles(mc, "/factors/mean", &n);
    double *gsd = read_h5_doubles(mc, "/factors/gsd", &n);
    double *q = read_h5_doubles(mc, "/factors/quantiles", &n);
    assert_int_equal(n, 7 * 2 * 4);  // (7, q, n): GWP100 and its gas_ch4
    for (int p = 0; p < 4; p++) {
        assert_true(lca_fdb_num_get(db, LCA_FDB_MEAN)[p] == mean[p]);
        assert_true(lca_fdb_num_get(db, LCA_FDB_GSD)[p] == gsd[p]);
        assert_true(lca_fdb_num_get(db, LCA_FDB_P025)[p] ==
                    q[(0 * 2 + 0) * 4 + p]);
        assert_true(lca_fdb_num_get(db, LCA_FDB_MEDIAN)[p] ==
                    q[(3 * 2 + 0) * 4 + p]);
        assert_true(lca_fdb_num_get(db, LCA_FDB_P975)[p] ==
                    q[(6 * 2 + 0) * 4 + p]);
        assert_true(lca_fdb_num_get(db, LCA_FDB_COUNT)[p] == 300);
    }
    assert_true(gsd[1] > 1.0 && gsd[3] == 1.0);  // steel varies, water not
    free(mean);
    free(gsd);
    free(q);
    lca_fdb_destroy(&db);
    lca_ctx_destroy(&ctx);
}

// Same model again with --previous: every id kept. Steel's CO2 1.5 ->
// 1.6 (lambda: 1.435 -> 1.485, 2.2675 -> 2.3925, 0.387 -> 0.397, water
// 0.01 unchanged): three records superseded, water keeps its id; at a 3 %
// threshold steel (+5.5 %) and electricity (+3.5 %) are re-issued,
// transport (+2.6 %) not.
static void test_factordb_previous_and_diff(void **state) {
    fixture *f = *state;
    char r1[4300], r2[4300], r3[4300], csv[4300];
    snprintf(r1, sizeof r1, "%s/p1", f->dir);
    snprintf(r2, sizeof r2, "%s/p2", f->dir);
    snprintf(r3, sizeof r3, "%s/p3", f->dir);
    snprintf(csv, sizeof csv, "%s/diff.csv", f->dir);
    const char *opts = "--indicator GWP100 -n 50 --seed 1";
    assert_int_equal(run("factordb build '%s' %s -o '%s'", f->model, opts, r1),
                     0);
    assert_int_equal(run("factordb build '%s' %s --previous '%s' -o '%s'",
                         f->model, opts, r1, r2),
                     0);
    assert_int_equal(run("factordb build '%s' %s --previous '%s' "
                         "--threshold 0.03 -o '%s'",
                         f->model2, opts, r2, r3),
                     0);
    lca_ctx *ctx = NULL;
    lca_ctx_create(&ctx);
    lca_fdb *a = read_release(ctx, r1), *b = read_release(ctx, r2),
            *c = read_release(ctx, r3);
    for (int p = 0; p < 4; p++) {
        const char *id = lca_fdb_text_get(a, LCA_FDB_RECORD_ID, p);
        assert_string_equal(lca_fdb_text_get(b, LCA_FDB_RECORD_ID, p), id);
        if (p == 3) {
            assert_string_equal(lca_fdb_text_get(c, LCA_FDB_RECORD_ID, p), id);
            assert_string_equal(lca_fdb_text_get(c, LCA_FDB_SUPERSEDES, p), "");
        } else {
            assert_string_not_equal(lca_fdb_text_get(c, LCA_FDB_RECORD_ID, p),
                                    id);
            assert_string_equal(lca_fdb_text_get(c, LCA_FDB_SUPERSEDES, p), id);
        }
    }
    assert_close(lca_fdb_num_get(c, LCA_FDB_FACTOR)[1], 2.3925, 1e-13);
    lca_fdb_diff_options dopt;
    lca_fdb_diff_options_default(&dopt);
    dopt.threshold = 0.03;
    lca_fdb_diff_row *rows = NULL;
    int64_t n = 0;
    assert_int_equal(lca_fdb_diff(b, c, &dopt, 0, &rows, &n), LCA_OK);
    const int reissue[] = {1, 1, 0, 0};
    for (int p = 0; p < 4; p++) assert_int_equal(rows[p].reissue, reissue[p]);
    assert_close(rows[1].rel_change, 0.125 / 2.2675, 1e-12);
    lca_fdb_diff_free(c, &rows);
    // The command's CSV says the same.
    assert_int_equal(
        run("factordb diff '%s' '%s' --threshold 0.03 -o '%s'", r2, r3, csv),
        0);
    FILE *fp = fopen(csv, "r");
    char line[2000];
    int reissued = 0, lines = 0;
    while (fgets(line, sizeof line, fp) != NULL) {
        lines++;
        size_t len = strlen(line);
        reissued += len > 3 && line[len - 3] == '1';  // ...,reissue\r\n
    }
    fclose(fp);
    assert_int_equal(lines, 5);
    assert_int_equal(reissued, 2);
    lca_fdb_destroy(&a);
    lca_fdb_destroy(&b);
    lca_fdb_destroy(&c);
    lca_ctx_destroy(&ctx);
}

// A release from a finished leontief mc run has the same records file as
// one that ran it; a run of another model is refused.
static void test_factordb_from_mc(void **state) {
    fixture *f = *state;
    char r1[4300], r2[4300], r3[4300], mc[4300], mc2[4300], a[4400], b[4400];
    snprintf(r1, sizeof r1, "%s/m1", f->dir);
    snprintf(r2, sizeof r2, "%s/m2", f->dir);
    snprintf(r3, sizeof r3, "%s/m3", f->dir);
    snprintf(mc, sizeof mc, "%s/run.h5", f->dir);
    snprintf(mc2, sizeof mc2, "%s/run2.h5", f->dir);
    assert_int_equal(run("factordb build '%s' --indicator GWP100 -n 64 --seed "
                         "9 -o '%s'",
                         f->model, r1),
                     0);
    assert_int_equal(
        run("mc '%s' --indicator GWP100 -n 64 --seed 9 -o '%s'", f->model, mc),
        0);
    assert_int_equal(run("factordb build '%s' --indicator GWP100 --from-mc "
                         "'%s' -o '%s'",
                         f->model, mc, r2),
                     0);
    snprintf(a, sizeof a, "%s/factors.csv", r1);
    snprintf(b, sizeof b, "%s/factors.csv", r2);
    char ha[65], hb[65];
    lca_ctx *ctx = NULL;
    lca_ctx_create(&ctx);
    assert_int_equal(lca_file_sha256(ctx, a, ha), LCA_OK);
    assert_int_equal(lca_file_sha256(ctx, b, hb), LCA_OK);
    assert_string_equal(ha, hb);
    assert_int_equal(run("mc '%s' --indicator GWP100 -n 16 --seed 9 -o '%s'",
                         f->model2, mc2),
                     0);
    assert_int_equal(run("factordb build '%s' --indicator GWP100 --from-mc "
                         "'%s' -o '%s'",
                         f->model, mc2, r3),
                     3);
    assert_false(file_exists(r3));
    assert_no_staging(r3);
    lca_ctx_destroy(&ctx);
}

static void test_factordb_failures_exit_as_documented(void **state) {
    fixture *f = *state;
    char rel[4300], bad[4300];
    snprintf(rel, sizeof rel, "%s/e1", f->dir);
    snprintf(bad, sizeof bad, "%s/missing.h5", f->dir);
    const char *o = "--indicator GWP100 -n 8 --seed 1";
    assert_int_equal(run("factordb build '%s' -n 8 -o '%s'", f->model, rel), 2);
    assert_int_equal(
        run("factordb build '%s' -n 8 --seed 1 -o '%s'", f->plain, rel),
        2);  // no split tags, three indicators: which is the total?
    assert_int_equal(run("factordb build '%s' %s -o '%s'", bad, o, rel), 3);
    assert_int_equal(run("factordb build '%s' --indicator NOPE -n 8 --seed 1 "
                         "-o '%s'",
                         f->model, rel),
                     3);
    assert_int_equal(run("factordb build '%s' %s --missing-score 7 -o '%s'",
                         f->model, o, rel),
                     2);
    assert_false(file_exists(rel));
    assert_int_equal(run("factordb build '%s' %s -o '%s'", f->model, o, rel),
                     0);
    assert_int_equal(run("factordb build '%s' %s -o '%s'", f->model, o, rel),
                     5);  // a release is never overwritten
    assert_int_equal(run("factordb diff '%s' '%s'", rel, bad), 3);
    assert_int_equal(run("factordb frobnicate"), 2);
    assert_int_equal(run("factordb build --help"), 0);
    assert_no_staging(rel);
}

// USLCI with AR6: every factor of the release equals c B s_p with s_p from
// a dense LU, one forward solve per product (1e-9 relative, or 1e-12 kg
// CO2-eq absolute for factors near 0: the release solves T' lambda = d
// with UMFPACK); the direct and traced shares of a factor sum to 1.
static void test_factordb_uslci_against_forward_solves(void **state) {
    fixture *f = *state;
    const char *zip =
        src_path("datasets/uslci/raw/uslci_olca1_5_0_json_ld.zip");
    if (!file_exists(zip)) skip();
    lca_ctx *ctx = NULL;
    lca_ctx_create(&ctx);
    lca_model *M = NULL;
    lca_method *meth = NULL;
    assert_int_equal(lca_import_olca(ctx, zip, &M), LCA_OK);
    assert_int_equal(
        lca_method_read_csv(ctx, src_path("datasets/methods/gwp100-ar6.csv"),
                            &meth),
        LCA_OK);
    assert_int_equal(lca_method_apply(meth, M, NULL), LCA_OK);
    char model[4300], rel[4300];
    snprintf(model, sizeof model, "%s/uslci.h5", f->dir);
    snprintf(rel, sizeof rel, "%s/uslci-release", f->dir);
    assert_int_equal(lca_model_write(M, model), LCA_OK);
    assert_int_equal(run("factordb build '%s' --indicator GWP100 -n 20 --seed "
                         "2 --pedigree-fill --trace-share 0 -o '%s'",
                         model, rel),
                     0);
    lca_fdb *db = read_release(ctx, rel);
    int64_t n = lca_model_dim(M, LCA_PRODUCTS);
    assert_int_equal(lca_fdb_nrecords(db), n);
    lca_solver_options so;
    lca_solver_options_default(&so);
    so.kind = LCA_SOLVER_DENSE;
    lca_calc *calc = NULL;
    assert_true(lca_calc_create(M, &so, &calc) >= 0);
    double *E = calloc((size_t)(n * n), sizeof *E);
    double *S = malloc(sizeof *S * (size_t)(n * n));
    double *h = malloc(sizeof *h * (size_t)lca_model_dim(M, LCA_INDICATORS));
    for (int64_t p = 0; p < n; p++) E[p * n + p] = 1.0;
    assert_true(lca_calc_supply(calc, n, E, S) >= 0);
    const lca_csc *D = lca_calc_D(calc);
    const double *fac = lca_fdb_num_get(db, LCA_FDB_FACTOR);
    const double *direct = lca_fdb_num_get(db, LCA_FDB_DIRECT_SHARE);
    double worst = 0.0, worst_sum = 0.0;
    for (int64_t p = 0; p < n; p++) {
        lca_csc_gemv(1.0, D, S + p * n, 0.0, h);  // h = C B s_p; GWP100 first
        // Relative, with a floor of 1e-12 kg CO2-eq: a factor that sums
        // to zero comes out as +-1e-19 from either path.
        double d = fabs(fac[p] - h[0]) / fmax(fabs(h[0]), 1e-12 / 1e-9);
        worst = fmax(worst, d);
        if (isnan(direct[p])) continue;
        int64_t c;
        const int64_t *in;
        const double *sh;
        lca_fdb_trace(db, p, &c, &in, &sh);
        double sum = direct[p];
        for (int64_t t = 0; t < c; t++) sum += sh[t];
        worst_sum = fmax(worst_sum, fabs(sum - 1.0));
    }
    // The per-gas components (the method's split tags) sum to the total.
    double worst_gas = 0.0;
    int64_t ngas = 0;
    for (int64_t j = 0; j < lca_fdb_ncomponents(db); j++) {
        ngas += lca_fdb_component_kind(db, j) == LCA_FDB_GAS;
    }
    for (int64_t p = 0; p < n; p++) {
        double sum = 0.0;
        for (int64_t j = 0; j < lca_fdb_ncomponents(db); j++) {
            if (lca_fdb_component_kind(db, j) != LCA_FDB_GAS) continue;
            sum += lca_fdb_component_get(db, j, LCA_FDB_FACTOR)[p];
        }
        worst_gas =
            fmax(worst_gas, fabs(sum - fac[p]) / fmax(fabs(fac[p]), 1e-12));
    }
    print_message(
        "USLCI release: %lld factors, worst relative difference "
        "from dense forward solves %.3g; shares sum to 1 within "
        "%.3g; %lld gases sum to the total within %.3g\n",
        (long long)n, worst, worst_sum, (long long)ngas, worst_gas);
    assert_true(ngas >= 4);
    assert_true(worst_gas <= 1e-12);
    // factors.csv: a header and 766 rows, every one with the header's
    // number of fields (RFC 4180, read back by the project's CSV reader).
    char csv[4400];
    snprintf(csv, sizeof csv, "%s/factors.csv", rel);
    lca__csv *r = NULL;
    assert_int_equal(lca__csv_create(ctx, csv, ',', &r), LCA_OK);
    lca__csv_record rec;
    int64_t rows = 0, nf = 0;
    for (;; rows++) {
        assert_int_equal(lca__csv_read(r, &rec), LCA_OK);
        if (rec.nfields == 0) break;
        if (rows == 0) nf = rec.nfields;
        assert_int_equal(rec.nfields, nf);
    }
    lca__csv_destroy(&r);
    assert_int_equal(rows, 1 + n);
    assert_true(worst <= 1e-9);
    assert_true(worst_sum <= 1e-9);
    free(E);
    free(S);
    free(h);
    lca_calc_destroy(&calc);
    lca_fdb_destroy(&db);
    lca_method_destroy(&meth);
    lca_model_destroy(&M);
    lca_ctx_destroy(&ctx);
}

// The rows of a CSV file (header included), and the field at (row, col).
static int64_t csv_rows(lca_ctx *ctx, const char *path, int64_t row,
                        int64_t col, double *value) {
    lca__csv *csv = NULL;
    assert_int_equal(lca__csv_create(ctx, path, ',', &csv), LCA_OK);
    lca__csv_record rec;
    int64_t n = 0;
    for (;;) {
        assert_int_equal(lca__csv_read(csv, &rec), LCA_OK);
        if (rec.nfields == 0) break;
        if (n == row) assert_true(lca__csv_to_double(rec.fields[col], value));
        n++;
    }
    lca__csv_destroy(&csv);
    return n;
}

// Field col of every data row of a CSV file into names[0..max-1]
// (copies); returns the number of data rows.
static int64_t csv_column(lca_ctx *ctx, const char *path, int64_t col,
                          char **names, int64_t max) {
    lca__csv *csv = NULL;
    assert_int_equal(lca__csv_create(ctx, path, ',', &csv), LCA_OK);
    lca__csv_record rec;
    int64_t n = -1;
    for (;;) {
        assert_int_equal(lca__csv_read(csv, &rec), LCA_OK);
        if (rec.nfields == 0) break;
        assert_true(rec.nfields > col);
        if (n >= 0 && n < max) names[n] = strdup(rec.fields[col]);
        n++;
    }
    lca__csv_destroy(&csv);
    return n;
}

// Products named `<script>alert(1)</script>` and `../steel, "hot"`: the
// release folder holds its seven files and nothing else, nothing named
// after a product appears beside it, the names read back exactly from
// factors.csv and the diff CSV (one quoted field each), and factors.json
// never closes a script element.
static void test_factordb_hostile_names_stay_in_fields(void **state) {
    fixture *f = *state;
    char rel[4300], csv[4300], path[4400];
    snprintf(rel, sizeof rel, "%s/hostile", f->dir);
    snprintf(csv, sizeof csv, "%s/hostile-diff.csv", f->dir);
    assert_int_equal(run("factordb build '%s' -n 20 --seed 1 -o '%s'",
                         f->model, rel),
                     0);
    assert_int_equal(run("factordb diff '%s' '%s' -o '%s'", rel, rel, csv), 0);
    const char *files[] = {".",           "..",          "SHA256SUMS",
                           "factors.csv", "factors.h5",  "factors.json",
                           "manifest.json", "montecarlo.h5", "trace.csv"};
    const int nfiles = (int)(sizeof files / sizeof files[0]);
    DIR *d = opendir(rel);
    assert_non_null(d);
    int seen = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        int known = 0;
        for (int i = 0; i < nfiles; i++) known |= !strcmp(e->d_name, files[i]);
        assert_true(known);
        seen++;
    }
    closedir(d);
    assert_int_equal(seen, nfiles);
    d = opendir(f->dir);
    assert_non_null(d);
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        assert_null(strstr(e->d_name, "steel"));
        assert_null(strstr(e->d_name, "script"));
    }
    closedir(d);
    lca_ctx *ctx = NULL;
    lca_ctx_create(&ctx);
    char *names[4] = {NULL};
    snprintf(path, sizeof path, "%s/factors.csv", rel);
    assert_int_equal(csv_column(ctx, path, 3, names, 4), 4);  // product_name
    assert_string_equal(names[0], "<script>alert(1)</script>");
    assert_string_equal(names[1], "../steel, \"hot\"");
    for (int i = 0; i < 4; i++) free(names[i]);
    char *dn[4] = {NULL};
    assert_int_equal(csv_column(ctx, csv, 2, dn, 4), 4);  // product_name
    assert_string_equal(dn[0], "<script>alert(1)</script>");
    assert_string_equal(dn[1], "../steel, \"hot\"");
    for (int i = 0; i < 4; i++) free(dn[i]);
    snprintf(path, sizeof path, "%s/factors.json", rel);
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    static char json[1 << 20];
    size_t len = fread(json, 1, sizeof json - 1, fp);
    fclose(fp);
    json[len] = '\0';
    assert_non_null(strstr(json, "<script>alert(1)<\\/script>"));
    assert_null(strstr(json, "</script>"));
    assert_non_null(strstr(json, "..\\/steel, \\\"hot\\\""));  // \/ as </script>
    lca_ctx_destroy(&ctx);
}

// leontief export of a Monte Carlo file: statistics per product and
// indicator equal the file's, samples of a chosen product per iteration;
// an unknown product writes nothing (exit 3).
static void test_export_mc_file(void **state) {
    fixture *f = *state;
    char mc[4300], dir[4300], path[4400], bad[4300];
    snprintf(mc, sizeof mc, "%s/x.h5", f->dir);
    snprintf(dir, sizeof dir, "%s/x-csv", f->dir);
    snprintf(bad, sizeof bad, "%s/x-bad", f->dir);
    assert_int_equal(
        run("mc '%s' -n 40 --seed 4 --product steel -o '%s'", f->model, mc), 0);
    assert_int_equal(run("export '%s' --csv '%s' --product steel", mc, dir), 0);
    lca_ctx *ctx = NULL;
    lca_ctx_create(&ctx);
    int64_t n;
    double *mean = read_h5_doubles(mc, "/factors/mean", &n);  // 2 x 4
    double *s = read_h5_doubles(mc, "/factors/samples", &n);  // 40 x 2 x 4
    double v;
    snprintf(path, sizeof path, "%s/factor_stats.csv", dir);
    // Row 3 (1-based after the header) is steel's GWP100: product 1,
    // indicator 0; column 7 is the mean.
    assert_int_equal(csv_rows(ctx, path, 3, 7, &v), 1 + 4 * 2);
    assert_true(v == mean[0 * 4 + 1]);
    snprintf(path, sizeof path, "%s/factor_samples.csv", dir);
    // Row 2k+1: iteration k, GWP100; value in column 4.
    assert_int_equal(csv_rows(ctx, path, 2 * 7 + 1, 4, &v), 1 + 40 * 2);
    assert_true(v == s[(7 * 2 + 0) * 4 + 1]);
    snprintf(path, sizeof path, "%s/demand_samples.csv", dir);
    assert_int_equal(csv_rows(ctx, path, 1, 3, &v), 1 + 40 * 2);
    assert_true(v == s[1]);  // one unit of steel = steel's factor
    assert_int_equal(run("export '%s' --csv '%s' --product nope", mc, bad), 3);
    assert_false(file_exists(bad));
    // A run that scored no demands: factor tables only, the same samples.
    snprintf(mc, sizeof mc, "%s/y.h5", f->dir);
    snprintf(dir, sizeof dir, "%s/y-csv", f->dir);
    assert_int_equal(run("mc '%s' -n 40 --seed 4 -o '%s'", f->model, mc), 0);
    assert_int_equal(run("export '%s' --csv '%s' --product steel", mc, dir), 0);
    snprintf(path, sizeof path, "%s/factor_samples.csv", dir);
    assert_int_equal(csv_rows(ctx, path, 2 * 7 + 1, 4, &v), 1 + 40 * 2);
    assert_true(v == s[(7 * 2 + 0) * 4 + 1]);
    snprintf(path, sizeof path, "%s/demand_stats.csv", dir);
    assert_false(file_exists(path));
    free(mean);
    free(s);
    lca_ctx_destroy(&ctx);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_factordb_build_tiny_by_hand),
        cmocka_unit_test(test_factordb_previous_and_diff),
        cmocka_unit_test(test_factordb_from_mc),
        cmocka_unit_test(test_factordb_failures_exit_as_documented),
        cmocka_unit_test(test_factordb_uslci_against_forward_solves),
        cmocka_unit_test(test_export_mc_file),
        cmocka_unit_test(test_factordb_hostile_names_stay_in_fields),
    };
    return cmocka_run_group_tests_name("factordb_cli", tests, setup,
                                       free_teardown);
}
