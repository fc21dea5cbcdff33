// tests/test_import_olca.c: the openLCA JSON-LD importer (io/olca*.c) and
// the process-database builder (io/procdb*.c), on the bundled USLCI zip,
// on a small database written at test time, and on broken archives
// SPDX-License-Identifier: MIT
//
// Reference: datasets/uslci/derived/ (technosphere.mtx, biosphere.mtx,
// processes.csv, elementary_flows.csv), made from the same zip by the
// dataset helper's own script with the same linking rule. Counts quoted
// from datasets/uslci/README.md are marked "README".

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

#include "test_util.h"
#include "test_zip.h"

#define USLCI "datasets/uslci"
#define JSONLD USLCI "/raw/uslci_olca1_5_0_json_ld.zip"

static int has(const char *haystack, const char *needle) {
    if (strstr(haystack, needle) != NULL) return 1;
    print_error("'%s' does not contain '%s'\n", haystack, needle);
    return 0;
}

// ---- the bundled USLCI database (imported once for the group) --------------

typedef struct uslci {
    lca_ctx *ctx;
    lca_model *M;
} uslci;

static int uslci_setup(void **state) {
    uslci *u = calloc(1, sizeof *u);
    if (u == NULL || lca_ctx_create(&u->ctx) != LCA_OK) return -1;
    if (lca_import_olca(u->ctx, src_path(JSONLD), &u->M) != LCA_OK) {
        print_error("import: %s\n", lca_ctx_errmsg(u->ctx));
        return -1;
    }
    *state = u;
    return 0;
}

static int uslci_teardown(void **state) {
    uslci *u = *state;
    if (u == NULL) return 0;
    lca_model_destroy(&u->M);
    lca_ctx_destroy(&u->ctx);
    free(u);
    return 0;
}

// Ids in the second column of a derived CSV (UUIDs: never quoted), in
// order; *count of them. The caller frees ids[0] and ids.
static char **read_ids(const char *rel, int64_t *count) {
    FILE *fp = fopen(src_path(rel), "r");
    assert_non_null(fp);
    char line[8192], **ids = malloc(8192 * sizeof *ids);
    char *store = malloc(8192 * 40);
    assert_true(ids != NULL && store != NULL);
    *count = 0;
    assert_non_null(fgets(line, sizeof line, fp));  // header
    while (fgets(line, sizeof line, fp) != NULL) {
        char *a = strchr(line, ','), *b = a ? strchr(a + 1, ',') : NULL;
        assert_true(b != NULL && b - a - 1 < 40 && *count < 8192);
        ids[*count] = store + 40 * *count;
        memcpy(ids[*count], a + 1, (size_t)(b - a - 1));
        ids[*count][b - a - 1] = '\0';
        (*count)++;
    }
    fclose(fp);
    return ids;
}

// Model index of every id on an axis.
static int64_t *index_of(const lca_model *M, lca_axis axis, char **ids,
                         int64_t count) {
    int64_t *map = malloc((size_t)count * sizeof *map);
    assert_non_null(map);
    for (int64_t k = 0; k < count; k++) {
        assert_int_equal(lca_model_lookup(M, axis, ids[k], &map[k]), LCA_OK);
    }
    return map;
}

// Every entry of the Matrix Market file rel is in X (rows through rmap,
// columns through cmap, 1-based in the file) within 1e-12; the entries of
// X not in the file are exact zeros, and there are `zeros` of them.
static void expect_matrix(const lca_csc *X, const char *rel,
                          const int64_t *rmap, const int64_t *cmap,
                          int64_t zeros) {
    FILE *fp = fopen(src_path(rel), "r");
    assert_non_null(fp);
    char line[512];
    long long m = 0, n = 0, nnz = -1;
    while (nnz < 0 && fgets(line, sizeof line, fp) != NULL) {
        if (line[0] != '%') assert_int_equal(sscanf(line, "%lld %lld %lld",
                                                    &m, &n, &nnz), 3);
    }
    assert_int_equal(m, lca_csc_nrows(X));
    assert_int_equal(n, lca_csc_ncols(X));
    int64_t len = lca_csc_nnz(X);
    char *seen = calloc((size_t)len + 1, 1);
    assert_non_null(seen);
    const double *Ax = lca_csc_values(X);
    long long i, j;
    double x;
    for (long long k = 0; k < nnz; k++) {
        assert_int_equal(fscanf(fp, "%lld %lld %lf", &i, &j, &x), 3);
        int64_t p = lca_csc_find(X, rmap[i - 1], cmap[j - 1]);
        assert_true(p >= 0 && p < len && !seen[p]);
        assert_close(Ax[p], x, 1e-12);
        seen[p] = 1;
    }
    int64_t extra = 0;
    for (int64_t p = 0; p < lca_csc_nnz(X); p++) {
        if (seen[p]) continue;
        assert_true(Ax[p] == 0.0);
        extra++;
    }
    assert_int_equal(extra, zeros);
    free(seen);
    fclose(fp);
}

static void test_import_olca_uslci_has_readme_dimensions(void **state) {
    const lca_model *M = ((uslci *)*state)->M;
    assert_int_equal(lca_model_convention(M), LCA_TECHNOSPHERE);
    assert_int_equal(lca_model_dim(M, LCA_PRODUCTS), 766);      // README
    assert_int_equal(lca_model_dim(M, LCA_FLOWS), 2918);        // README
    assert_int_equal(lca_model_dim(M, LCA_INDICATORS), 0);
    assert_int_equal(lca_model_dim(M, LCA_DEMANDS), 0);
    // README: T nnz 4,237 and B nnz 24,116. The importer also keeps 2 + 29
    // explicit zeros (25 zero-amount exchanges, 6 water in/out pairs that
    // cancel), as every CSC here keeps the pattern; the derived files drop
    // them. expect_matrix below checks that they are exactly these.
    assert_int_equal(lca_csc_nnz(lca_model_A(M)), 4237 + 2);
    assert_int_equal(lca_csc_nnz(lca_model_B(M)), 24116 + 29);
    assert_string_equal(lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_ID, 0),
                        "0073ee84-5cb1-3e11-b647-95e2e9d36c5b");
    assert_string_equal(lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_UNIT, 0),
                        "MJ");
    assert_string_equal(lca_model_attr(M, "importer"), "olca");
    assert_int_equal(lca_model_check(M), LCA_OK);
    // Its location RNA, valid from and until 2010-01-01; USLCI dates some
    // processes 9999, which is no reference year.
    assert_string_equal(lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_REGION, 0),
                        "RNA");
    assert_string_equal(lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_PERIOD, 0),
                        "2010");
    for (int64_t j = 0; j < lca_model_dim(M, LCA_PRODUCTS); j++) {
        const char *p = lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_PERIOD, j);
        assert_true(p[0] == '\0' || atoi(p) <= 2100);
        assert_null(strstr(p, "-9"));
    }
}

static void test_import_olca_uslci_matches_derived(void **state) {
    const lca_model *M = ((uslci *)*state)->M;
    int64_t np = 0, nf = 0;
    char **pid = read_ids(USLCI "/derived/processes.csv", &np);
    char **fid = read_ids(USLCI "/derived/elementary_flows.csv", &nf);
    assert_int_equal(np, 766);
    assert_int_equal(nf, 2918);
    int64_t *pmap = index_of(M, LCA_PRODUCTS, pid, np);
    int64_t *fmap = index_of(M, LCA_FLOWS, fid, nf);
    expect_matrix(lca_model_A(M), USLCI "/derived/technosphere.mtx", pmap,
                  pmap, 2);
    expect_matrix(lca_model_B(M), USLCI "/derived/biosphere.mtx", fmap, pmap,
                  29);
    free(pmap);
    free(fmap);
    free(pid[0]);
    free(pid);
    free(fid[0]);
    free(fid);
}

// The entry of X at (row id, column id): its value and record.
static const lca_uncertainty *entry(const lca_model *M, lca_matrix X,
                                    const char *row, const char *col,
                                    double *value) {
    const lca_csc *Y = X == LCA_MATRIX_A ? lca_model_A(M) : lca_model_B(M);
    int64_t i = -1, j = -1;
    lca_axis axis = X == LCA_MATRIX_A ? LCA_PRODUCTS : LCA_FLOWS;
    assert_int_equal(lca_model_lookup(M, axis, row, &i), LCA_OK);
    assert_int_equal(lca_model_lookup(M, LCA_PRODUCTS, col, &j), LCA_OK);
    int64_t p = lca_csc_find(Y, i, j);
    assert_true(p >= 0);
    *value = lca_csc_values(Y)[p];
    return &lca_model_uncertainty(M, X)[p];
}

static int64_t count_pedigree(const lca_model *M, lca_matrix X) {
    const lca_csc *Y = X == LCA_MATRIX_A ? lca_model_A(M) : lca_model_B(M);
    const lca_uncertainty *u = lca_model_uncertainty(M, X);
    int64_t count = 0;
    for (int64_t p = 0; p < lca_csc_nnz(Y); p++) count += u[p].pedigree[0] > 0;
    return count;
}

static void test_import_olca_uslci_uncertainty(void **state) {
    const lca_model *M = ((uslci *)*state)->M;
    int64_t a[LCA_NDISTS], b[LCA_NDISTS];
    lca_model_uncertainty_counts(M, LCA_MATRIX_A, a);
    lca_model_uncertainty_counts(M, LCA_MATRIX_B, b);
    // Of the README's 5,130 lognormals only 12 have geomSd > 1 (5 land in
    // A, 7 in B); the 385 triangles and 24 uniforms mostly sit on cut-off
    // inputs. Counted independently from the JSON with the same rules:
    // A has 83 valid triangles and 7 uniforms, 6 triangles lost where two
    // exchanges of one flow are summed; B has 7 uniforms, 4 lost so.
    assert_int_equal(a[LCA_DIST_LOGNORMAL], 5);
    assert_int_equal(a[LCA_DIST_TRIANGULAR], 77);
    assert_int_equal(a[LCA_DIST_UNIFORM], 7);
    assert_int_equal(a[LCA_DIST_NONE], 4239 - 89);
    assert_int_equal(b[LCA_DIST_LOGNORMAL], 7);
    assert_int_equal(b[LCA_DIST_UNIFORM], 3);
    assert_int_equal(b[LCA_DIST_NONE], 24145 - 10);
    assert_int_equal(count_pedigree(M, LCA_MATRIX_A), 141);
    assert_int_equal(count_pedigree(M, LCA_MATRIX_B), 328);

    // An input of 0.122 kWh, lognormal GSD 1.044: -0.4392 MJ in A, the
    // median signed and converted with it.
    double x = 0.0;
    const lca_uncertainty *u =
        entry(M, LCA_MATRIX_A, "96bffbb9-b875-36cf-8a11-5723c9d239d9",
              "d42c11eb-98d2-3cf5-add5-d7c65431bfa3", &x);
    assert_close(x, -0.122 * 3.6, 1e-15);
    assert_int_equal(u->dist, LCA_DIST_LOGNORMAL);
    assert_close(u->p1, -0.122 * 3.6, 1e-15);
    assert_close(u->p2, 1.044030650891055, 1e-15);
    // An emission of 1.65e-8 kg, lognormal GSD 1.449.
    u = entry(M, LCA_MATRIX_B, "c5b7a349-0d3b-382a-a133-2ac2bc5f9f09",
              "d42c11eb-98d2-3cf5-add5-d7c65431bfa3", &x);
    assert_int_equal(u->dist, LCA_DIST_LOGNORMAL);
    assert_close(u->p1, 1.65e-8, 1e-15);
    assert_close(u->p2, 1.449137674618944, 1e-15);
    // derived/technosphere_uncertainty.csv, row 12, column 263: an input
    // with a triangle, negated and with min and max swapped.
    u = entry(M, LCA_MATRIX_A, "05561830-e889-31a3-b2be-7c52ee2ea545",
              "563c9d42-ae65-3751-800a-5e0505265b35", &x);
    assert_close(x, -0.828, 1e-15);
    assert_int_equal(u->dist, LCA_DIST_TRIANGULAR);
    assert_close(u->p1, -0.836, 1e-12);
    assert_close(u->p2, -0.828, 1e-12);
    assert_close(u->p3, -0.82, 1e-12);
}

// Report lines of a kind whose detail contains what ("" for all).
static int64_t reports(const lca_model *M, const char *kind,
                       const char *what) {
    int64_t count = 0;
    for (int64_t i = 0; i < lca_model_nreports(M); i++) {
        count += strcmp(lca_model_report(M, i, LCA_REPORT_KIND), kind) == 0 &&
                 strstr(lca_model_report(M, i, LCA_REPORT_DETAIL), what);
    }
    return count;
}

// The number a report line's detail gives after prefix, for the line of
// this kind and name.
static long long report_number(const lca_model *M, const char *kind,
                               const char *name, const char *prefix) {
    for (int64_t i = 0; i < lca_model_nreports(M); i++) {
        if (strcmp(lca_model_report(M, i, LCA_REPORT_KIND), kind) != 0 ||
            strcmp(lca_model_report(M, i, LCA_REPORT_NAME), name) != 0) {
            continue;
        }
        const char *d = lca_model_report(M, i, LCA_REPORT_DETAIL);
        const char *at = prefix[0] ? strstr(d, prefix) : d;
        long long v = -1;
        if (at != NULL) sscanf(at + strlen(prefix), "%lld", &v);
        return v;
    }
    return -1;
}

static int by_str(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void test_import_olca_uslci_reports_cutoffs(void **state) {
    const lca_model *M = ((uslci *)*state)->M;
    // README: 3,085 exchanges of 919 distinct flows have no provider. It
    // calls them all inputs; 330 of them are outputs (256 co-products, 74
    // wastes), which the importer reports as "unlinked output".
    assert_int_equal(reports(M, "unlinked input", ""), 2755);
    assert_int_equal(reports(M, "unlinked output", ""), 330);
    const char *ids[3085];
    int64_t n = 0;
    for (int64_t i = 0; i < lca_model_nreports(M); i++) {
        if (strncmp(lca_model_report(M, i, LCA_REPORT_KIND), "unlinked", 8)) {
            continue;
        }
        ids[n++] = lca_model_report(M, i, LCA_REPORT_ID);
    }
    assert_int_equal(n, 3085);
    qsort(ids, (size_t)n, sizeof ids[0], by_str);
    int64_t distinct = n > 0;
    for (int64_t k = 1; k < n; k++) distinct += strcmp(ids[k - 1], ids[k]) != 0;
    assert_int_equal(distinct, 919);
    // README: 2 flows with 2 providers, 135 links affected by the tie rule.
    assert_int_equal(reports(M, "provider tie", ""), 2);
    long long links =
        report_number(M, "provider tie", "Diesel, at refinery", " in ") +
        report_number(M, "provider tie",
                      "Harvesting, fresh fruit bunch, at farm", " in ");
    assert_int_equal(links, 135);
    // README: geomSd 0 on 4,811 lognormals, 1.0 on 307: no uncertainty.
    assert_int_equal(report_number(M, "uncertainty dropped",
                                   "lognormal with geomSd 0 (not set)", ""),
                     4811);
    assert_int_equal(report_number(M, "uncertainty dropped",
                                   "lognormal with geomSd <= 1", ""),
                     307);
    assert_int_equal(reports(M, "uncertainty dropped", "min <= mode"), 7);
    assert_int_equal(reports(M, "uncertainty dropped", "combined"), 5);
    assert_int_equal(reports(M, "dropped process", ""), 0);
    assert_int_equal(reports(M, "provider ignored", ""), 0);
    assert_int_equal(lca_model_nreports(M), 3085 + 2 + 2 + 7 + 5);
}

static void test_import_olca_uslci_solves(void **state) {
    const lca_model *M = ((uslci *)*state)->M;
    lca_calc *c = NULL;
    lca_status st = lca_calc_create(M, NULL, &c);
    assert_true(st == LCA_OK || st == LCA_WARN_ILLCOND);
    // One unit of US grid electricity: A s = f with a small residual
    // (the README: cond2 about 1e15, so the residual, not s, is checked).
    int64_t n = lca_model_dim(M, LCA_PRODUCTS), j = -1;
    assert_int_equal(lca_model_lookup(M, LCA_PRODUCTS,
                                      "96bffbb9-b875-36cf-8a11-5723c9d239d9",
                                      &j),
                     LCA_OK);
    double *f = calloc((size_t)n, sizeof *f), *s = calloc((size_t)n, 8);
    double *r = calloc((size_t)n, sizeof *r);
    f[j] = 1.0;
    assert_int_equal(lca_calc_supply(c, 1, f, s), LCA_OK);
    memcpy(r, f, (size_t)n * sizeof *r);
    lca_csc_gemv(-1.0, lca_model_A(M), s, 1.0, r);
    // Normwise backward error ||f - A s|| / (||A|| ||s|| + ||f||), inf-norms.
    const lca_csc *A = lca_model_A(M);
    double *rowsum = calloc((size_t)n, sizeof *rowsum);
    for (int64_t q = 0; q < lca_csc_nnz(A); q++) {
        rowsum[lca_csc_rowidx(A)[q]] += fabs(lca_csc_values(A)[q]);
    }
    double rmax = 0.0, smax = 0.0, anorm = 0.0;
    for (int64_t i = 0; i < n; i++) {
        rmax = fmax(rmax, fabs(r[i]));
        smax = fmax(smax, fabs(s[i]));
        anorm = fmax(anorm, rowsum[i]);
    }
    assert_true(s[j] > 0.0);
    assert_true(rmax <= 1e-14 * (anorm * smax + 1.0));
    free(rowsum);
    free(f);
    free(s);
    free(r);
    lca_calc_destroy(&c);
}

// ---- a small database written at test time ---------------------------------
//
// a1 makes 2 kg steel from 1 kWh electricity; b2 and c3 both make 1 MJ
// electricity (a tie: b2 wins by id); d4 treats waste (its reference is
// the waste input). Expected A (columns a1 b2 c3 d4, rows alike):
//
//     a1 [  2    -0.01  -0.5    0  ]   c3: input 0.3 kg (provider a1) plus
//     b2 [ -3.6   1     -2     -1.8]       avoided output 0.2 kg of steel
//     c3 [  0     0      1      0  ]   c3: 2 MJ, default provider "zz"
//     d4 [  0    -0.1    0      1  ]       unknown: linked by flow id
//
// d4's row is negated (waste rule): its reference -1 becomes 1 and b2's
// waste output 0.1 a demand of -0.1. b2's input of f-x has no provider.
// B rows (sorted ids f-co2, f-water): a1 emits 0.5 kg CO2 and takes in
// and gives out 3 kg water (an explicit 0); b2 emits 1 kg, d4 0.05 kg.

#define UNITS_MASS                                                          \
    "{\"@type\":\"UnitGroup\",\"@id\":\"ug-mass\",\"units\":["              \
    "{\"@id\":\"u-kg\",\"name\":\"kg\",\"conversionFactor\":1.0,"           \
    "\"referenceUnit\":true},"                                              \
    "{\"@id\":\"u-g\",\"name\":\"g\",\"conversionFactor\":0.001}]}"
#define UNITS_ENERGY                                                        \
    "{\"@type\":\"UnitGroup\",\"@id\":\"ug-energy\",\"units\":["            \
    "{\"@id\":\"u-mj\",\"name\":\"MJ\",\"conversionFactor\":1.0,"           \
    "\"referenceUnit\":true},"                                              \
    "{\"@id\":\"u-kwh\",\"name\":\"kWh\",\"conversionFactor\":3.6}]}"
#define PROP(id, group)                                                     \
    "{\"@id\":\"" id "\",\"name\":\"" id "\","                                \
    "\"unitGroup\":{\"@id\":\"" group "\"}}"
#define FLOW(id, type, prop, extra)                                         \
    "{\"@id\":\"" id "\",\"name\":\"" id " name\",\"flowType\":\"" type     \
    "\"," extra "\"flowProperties\":[{\"flowProperty\":{\"@id\":\"" prop    \
    "\"},\"conversionFactor\":1.0,\"referenceFlowProperty\":true}]}"
#define EX(flow, input, amount, unit, prop, extra)                          \
    "{\"flow\":{\"@id\":\"" flow "\"},\"input\":" input ",\"amount\":"      \
    amount ",\"unit\":{\"@id\":\"" unit "\",\"name\":\"" unit "\"},"        \
    "\"flowProperty\":{\"@id\":\"" prop "\"}" extra "}"
#define REF ",\"quantitativeReference\":true"
#define PROC(id, exchanges)                                                 \
    "{\"@type\":\"Process\",\"@id\":\"" id "\",\"name\":\"" id " name\","   \
    "\"location\":{\"name\":\"US\"},\"exchanges\":[" exchanges "]}"
#define UNC(body) ",\"uncertainty\":{" body "}"

static const zip_text base[] = {
    {"unit_groups/ug-mass.json", UNITS_MASS},
    {"unit_groups/ug-energy.json", UNITS_ENERGY},
    {"flow_properties/fp-mass.json", PROP("fp-mass", "ug-mass")},
    {"flow_properties/fp-energy.json", PROP("fp-energy", "ug-energy")},
    {"categories/cat-air.json", "{\"@id\":\"cat-air\",\"name\":\"air\"}"},
    {"categories/cat-air-u.json",
     "{\"@id\":\"cat-air-u\",\"name\":\"unspecified\","
     "\"category\":{\"@id\":\"cat-air\"}}"},
    {"flows/f-steel.json", FLOW("f-steel", "PRODUCT_FLOW", "fp-mass", "")},
    {"flows/f-elec.json", FLOW("f-elec", "PRODUCT_FLOW", "fp-energy", "")},
    {"flows/f-waste.json", FLOW("f-waste", "WASTE_FLOW", "fp-mass", "")},
    {"flows/f-x.json", FLOW("f-x", "PRODUCT_FLOW", "fp-mass", "")},
    {"flows/f-co2.json",
     FLOW("f-co2", "ELEMENTARY_FLOW", "fp-mass",
          "\"cas\":\"124-38-9\",\"category\":{\"@id\":\"cat-air-u\"},")},
    {"flows/f-water.json",
     FLOW("f-water", "ELEMENTARY_FLOW", "fp-mass",
          "\"category\":{\"@id\":\"cat-unknown\",\"name\":\"water\"},")},
    {"processes/a1.json",
     PROC("a1", EX("f-steel", "false", "2", "u-kg", "fp-mass", REF) ","
          EX("f-elec", "true", "1", "u-kwh", "fp-energy",
             UNC("\"distributionType\":\"UNIFORM_DISTRIBUTION\","
                 "\"minimum\":0.9,\"maximum\":1.1")) ","
          EX("f-co2", "false", "0.5", "u-kg", "fp-mass",
             UNC("\"distributionType\":\"TRIANGLE_DISTRIBUTION\","
                 "\"minimum\":0.4,\"mode\":0.5,\"maximum\":0.6")
             ",\"pedigreeUncertainty\":\"(1;2;3;4;5)\"") ","
          EX("f-water", "true", "3", "u-kg", "fp-mass",
             UNC("\"distributionType\":\"UNIFORM_DISTRIBUTION\","
                 "\"minimum\":2,\"maximum\":4")) ","
          EX("f-water", "false", "3", "u-kg", "fp-mass",
             UNC("\"distributionType\":\"UNIFORM_DISTRIBUTION\","
                 "\"minimum\":2.5,\"maximum\":3.5")))},
    {"processes/b2.json",
     PROC("b2", EX("f-elec", "false", "1", "u-mj", "fp-energy", REF) ","
          EX("f-steel", "true", "10", "u-g", "fp-mass", "") ","
          EX("f-waste", "false", "0.1", "u-kg", "fp-mass", "") ","
          EX("f-x", "true", "0.5", "u-kg", "fp-mass", "") ","
          EX("f-co2", "false", "1.0", "u-kg", "fp-mass",
             UNC("\"distributionType\":\"LOG_NORMAL_DISTRIBUTION\","
                 "\"geomMean\":1.0,\"geomSd\":1.5")
             ",\"dqEntry\":\"(2;n.a.;3;4;5)\""))},
    {"processes/c3.json",
     PROC("c3", EX("f-elec", "false", "1", "u-mj", "fp-energy", REF) ","
          EX("f-steel", "true", "0.3", "u-kg", "fp-mass",
             UNC("\"distributionType\":\"TRIANGLE_DISTRIBUTION\","
                 "\"minimum\":0.2,\"mode\":0.3,\"maximum\":0.4")
             ",\"defaultProvider\":{\"@id\":\"a1\"}") ","
          EX("f-steel", "false", "0.2", "u-kg", "fp-mass",
             ",\"avoidedProduct\":true") ","
          EX("f-elec", "true", "2", "u-mj", "fp-energy",
             ",\"defaultProvider\":{\"@id\":\"zz\"}"))},
    {"processes/d4.json",
     PROC("d4", EX("f-waste", "true", "1", "u-kg", "fp-mass", REF) ","
          EX("f-co2", "false", "0.05", "u-kg", "fp-mass",
             UNC("\"distributionType\":\"LOG_NORMAL_DISTRIBUTION\","
                 "\"geomMean\":0.05,\"geomSd\":0")) ","
          EX("f-elec", "true", "0.5", "u-kwh", "fp-energy", ""))},
};

#define NBASE ((int)(sizeof base / sizeof base[0]))

// base with entry `replace` swapped for `with` (tests/test_zip.h).
static const char *small_zip(const char *name, const char *replace,
                             zip_text with) {
    const char *path = zip_variant(test_tmpdir("olca"), name, base,
                                   NBASE, replace, with);
    assert_non_null(path);
    return path;
}

static const zip_text none = {NULL, NULL};

static double at(const lca_csc *X, int64_t i, int64_t j) {
    int64_t p = lca_csc_find(X, i, j);
    assert_true(p >= 0);
    return lca_csc_values(X)[p];
}

static const lca_uncertainty *rec(const lca_model *M, lca_matrix X,
                                  int64_t i, int64_t j) {
    const lca_csc *Y = X == LCA_MATRIX_A ? lca_model_A(M) : lca_model_B(M);
    return &lca_model_uncertainty(M, X)[lca_csc_find(Y, i, j)];
}

static void test_import_olca_small_follows_the_rules(void **state) {
    lca_ctx *ctx = *state;
    lca_model *M = NULL;
    const char *zip = small_zip("small", NULL, none);
    assert_int_equal(lca_import_olca(ctx, zip, &M), LCA_OK);
    const lca_csc *A = lca_model_A(M), *B = lca_model_B(M);
    const char *cols[] = {"a1", "b2", "c3", "d4"};
    for (int j = 0; j < 4; j++) {
        assert_string_equal(lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_ID, j),
                            cols[j]);
    }
    assert_string_equal(lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_UNIT, 1),
                        "MJ");
    double want[4][4] = {{2, -0.01, -0.5, 0},
                         {-3.6, 1, -2, -1.8},
                         {0, 0, 1, 0},
                         {0, -0.1, 0, 1}};
    assert_int_equal(lca_csc_nnz(A), 10);
    for (int i = 0; i < 4; i++) {
        for (int j = 0; j < 4; j++) {
            if (want[i][j] != 0.0) assert_close(at(A, i, j), want[i][j], 1e-15);
        }
    }
    // B: rows f-co2, f-water; the water in and out is kept as a 0.
    assert_int_equal(lca_csc_nrows(B), 2);
    assert_int_equal(lca_csc_nnz(B), 4);
    assert_string_equal(lca_model_label(M, LCA_FLOWS, LCA_LABEL_ID, 0),
                        "f-co2");
    assert_string_equal(lca_model_label(M, LCA_FLOWS, LCA_LABEL_CAS, 0),
                        "124-38-9");
    assert_string_equal(
        lca_model_label(M, LCA_FLOWS, LCA_LABEL_COMPARTMENT, 0),
        "air/unspecified");
    assert_string_equal(
        lca_model_label(M, LCA_FLOWS, LCA_LABEL_COMPARTMENT, 1), "water");
    assert_true(at(B, 1, 0) == 0.0);
    assert_close(at(B, 0, 3), 0.05, 1e-15);

    // Uncertainty: the uniform of 0.9..1.1 kWh input is -3.96..-3.24 MJ;
    // c3's triangle -0.4..-0.2 is shifted by the avoided -0.2; the two
    // water uniforms cannot be summed; geomSd 0 is none.
    const lca_uncertainty *u = rec(M, LCA_MATRIX_A, 1, 0);
    assert_int_equal(u->dist, LCA_DIST_UNIFORM);
    assert_close(u->p1, -3.96, 1e-15);
    assert_close(u->p2, -3.24, 1e-15);
    u = rec(M, LCA_MATRIX_A, 0, 2);
    assert_int_equal(u->dist, LCA_DIST_TRIANGULAR);
    assert_close(u->p1, -0.6, 1e-15);
    assert_close(u->p2, -0.5, 1e-15);
    assert_close(u->p3, -0.4, 1e-15);
    u = rec(M, LCA_MATRIX_B, 0, 0);
    assert_int_equal(u->dist, LCA_DIST_TRIANGULAR);
    uint8_t ped1[5] = {1, 2, 3, 4, 5}, ped2[5] = {2, 0, 3, 4, 5};
    assert_memory_equal(u->pedigree, ped1, 5);
    u = rec(M, LCA_MATRIX_B, 0, 1);
    assert_int_equal(u->dist, LCA_DIST_LOGNORMAL);
    assert_close(u->p1, 1.0, 0);
    assert_close(u->p2, 1.5, 0);
    assert_memory_equal(u->pedigree, ped2, 5);
    assert_int_equal(rec(M, LCA_MATRIX_B, 1, 0)->dist, LCA_DIST_NONE);
    assert_int_equal(rec(M, LCA_MATRIX_B, 0, 3)->dist, LCA_DIST_NONE);

    // The report: f-x cut off; the tie on f-elec (3 links by flow id);
    // "zz" ignored; the water entry; the geomSd 0 tally.
    assert_int_equal(reports(M, "unlinked input", "b2"), 1);
    assert_int_equal(report_number(M, "provider tie", "f-elec name", " in "),
                     3);
    assert_int_equal(reports(M, "provider ignored", "c3"), 1);
    assert_int_equal(reports(M, "uncertainty dropped", "combined"), 1);
    assert_int_equal(report_number(M, "uncertainty dropped",
                                   "lognormal with geomSd 0 (not set)", ""),
                     1);
    assert_int_equal(lca_model_nreports(M), 5);
    lca_model_destroy(&M);
}

// The import fails with status st and a message containing each of the
// NULL-terminated needles; *M stays NULL.
static void expect_error(lca_ctx *ctx, const char *zip, lca_status st,
                         const char *const *needles) {
    lca_model *M = (lca_model *)1;
    assert_int_equal(lca_import_olca(ctx, zip, &M), st);
    assert_null(M);
    for (int k = 0; needles[k] != NULL; k++) {
        assert_true(has(lca_ctx_errmsg(ctx), needles[k]));
    }
}

static void test_import_olca_rejects_bad_archives(void **state) {
    lca_ctx *ctx = *state;
    const char *missing = small_zip("nothing", NULL, none);
    char path[4300];
    snprintf(path, sizeof path, "%s.absent", missing);
    expect_error(ctx, path, LCA_ERR_IO,
                 (const char *[]){".absent", "cannot open", NULL});
    snprintf(path, sizeof path, "%s/not-a-zip.zip", test_tmpdir("olca"));
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs("{\"@id\": \"not a zip\"}\n", fp);
    fclose(fp);
    expect_error(ctx, path, LCA_ERR_INVALID,
                 (const char *[]){"not-a-zip.zip", "not a readable zip",
                                  NULL});
    // A zip cut in half: its central directory is gone.
    const char *whole = small_zip("whole", NULL, none);
    fp = fopen(whole, "rb");
    assert_non_null(fp);
    static char bytes[1 << 16];
    size_t size = fread(bytes, 1, sizeof bytes, fp);
    fclose(fp);
    assert_true(size > 1000 && size < sizeof bytes);
    snprintf(path, sizeof path, "%s/cut.zip", test_tmpdir("olca"));
    fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(bytes, 1, size / 2, fp), size / 2);
    fclose(fp);
    expect_error(ctx, path, LCA_ERR_INVALID,
                 (const char *[]){"cut.zip", "not a readable zip", NULL});
    // macOS junk entries are not data, so this zip still imports.
    lca_model *M = NULL;
    assert_int_equal(
        lca_import_olca(ctx,
                        small_zip("junk", NULL,
                                  (zip_text){"__MACOSX/processes/._a1.json",
                                             "\x00\x05junk"}),
                        &M),
        LCA_OK);
    lca_model_destroy(&M);
    // No processes: every processes/ entry left out.
    zip_text e[NBASE];
    int n = 0;
    for (int i = 0; i < NBASE; i++) {
        if (strncmp(base[i].name, "processes/", 10) != 0) e[n++] = base[i];
    }
    snprintf(path, sizeof path, "%s/noproc.zip", test_tmpdir("olca"));
    assert_int_equal(write_zip(path, n, e), 0);
    expect_error(ctx, path, LCA_ERR_INVALID,
                 (const char *[]){"noproc.zip", "no processes/*.json", NULL});
}

// A JSON array of count zeros wrapped as a process: count * ~40 bytes of
// tree from 2 * count bytes of text (malloc'd; the caller frees it).
static char *json_bomb(size_t count) {
    const char *head = "{\"@id\":\"bomb\",\"x\":[", *tail = "0]}";
    size_t len = strlen(head) + 2 * count + strlen(tail);
    char *s = malloc(len + 1), *p = s;
    assert_non_null(s);
    p += sprintf(p, "%s", head);
    for (size_t i = 0; i < count; i++, p += 2) memcpy(p, "0,", 2);
    sprintf(p, "%s", tail);
    return s;
}

// A zip bomb: 400 KB of JSON text (a few KB deflated) whose tree needs
// ~8 MB. Under a 2 MiB budget it is refused as such, naming the archive
// and the entry (it used to say "malformed JSON at line -1" once memory
// ran out); an entry whose text alone passes the budget is refused before
// it is inflated.
static void test_import_olca_zip_bomb_is_out_of_memory_budget(void **state) {
    lca_ctx *ctx = *state;
    char *bomb = json_bomb(200000);
    const char *zip = small_zip("bomb", NULL,
                                (zip_text){"processes/bomb.json", bomb});
    lca_ctx_set_parse_budget(ctx, 2 << 20);
    expect_error(ctx, zip, LCA_ERR_INVALID,
                 (const char *[]){"bomb.zip", "processes/bomb.json",
                                  "out of memory budget", "JSON tree", NULL});
    lca_ctx_set_parse_budget(ctx, 100 << 10);
    expect_error(ctx, zip, LCA_ERR_INVALID,
                 (const char *[]){"processes/bomb.json",
                                  "out of memory budget", "inflates", NULL});
    lca_ctx_set_parse_budget(ctx, 0);  // the default again: 1 GiB
    assert_int_equal(lca_ctx_parse_budget(ctx), LCA_PARSE_BUDGET);
    free(bomb);
}

// The same through the program under a 2.5 GB address-space limit, with
// the default budget of 1 GiB: 120 MB of text (120 KB zipped) whose tree
// would need about 2.7 GB. The import must stop at the budget with exit 3
// and say so, not run out of memory ("malformed JSON at line -1", as it
// used to). Not under
// AddressSanitizer, which reserves terabytes of address space.
static void test_import_olca_zip_bomb_under_a_memory_limit(void **state) {
    (void)state;
#if defined(__SANITIZE_ADDRESS__)
    skip();
#endif
    const char *cli = getenv("LCA_CLI");
    if (cli == NULL) skip();
    char *bomb = json_bomb(60000000);
    char dir[4096], cmd[20000], err[4300];
    snprintf(dir, sizeof dir, "%s", test_tmpdir("olca-bomb"));
    const char *zip = zip_variant(dir, "big-bomb", base, NBASE, NULL,
                                  (zip_text){"processes/bomb.json", bomb});
    free(bomb);
    assert_non_null(zip);
    snprintf(err, sizeof err, "%s/bomb.err", dir);
    snprintf(cmd, sizeof cmd, "ulimit -v 2500000; '%s' import olca '%s' -o "
             "'%s/bomb.h5' 2>'%s' >/dev/null", cli, zip, dir, err);
    int st = system(cmd);
    assert_true(WIFEXITED(st));
    FILE *fp = fopen(err, "r");
    char msg[2048] = "";
    size_t n = fp ? fread(msg, 1, sizeof msg - 1, fp) : 0;
    msg[n] = '\0';
    if (fp) fclose(fp);
    if (WEXITSTATUS(st) != 3) fprintf(stderr, "exit %d: %s", WEXITSTATUS(st),
                                      msg);
    assert_int_equal(WEXITSTATUS(st), 3);
    assert_true(has(msg, "out of memory budget"));
    assert_true(has(msg, "processes/bomb.json"));
}

static void test_import_olca_rejects_bad_records(void **state) {
    lca_ctx *ctx = *state;
    expect_error(ctx,
                 small_zip("malformed", "processes/d4.json",
                           (zip_text){"processes/d4.json",
                                      "{\"@id\": \"d4\",\n \"name\" 1}"}),
                 LCA_ERR_INVALID,
                 (const char *[]){"malformed.zip: processes/d4.json",
                                  "malformed JSON at line 2", NULL});
    expect_error(
        ctx,
        small_zip("nan", "processes/d4.json",
                  (zip_text){"processes/d4.json",
                             PROC("d4", EX("f-waste", "true", "NaN", "u-kg",
                                           "fp-mass", REF))}),
        LCA_ERR_INVALID,
        (const char *[]){"processes/d4.json", "malformed JSON", NULL});
    expect_error(
        ctx,
        small_zip("string", "processes/d4.json",
                  (zip_text){"processes/d4.json",
                             PROC("d4", EX("f-waste", "true", "\"1\"", "u-kg",
                                           "fp-mass", REF))}),
        LCA_ERR_INVALID,
        (const char *[]){"processes/d4.json: exchanges[0].amount",
                         "not a finite number", NULL});
    expect_error(
        ctx,
        small_zip("unit", "processes/d4.json",
                  (zip_text){"processes/d4.json",
                             PROC("d4", EX("f-waste", "true", "1", "u-kg",
                                           "fp-mass", REF) ","
                                        EX("f-elec", "true", "1", "u-lb",
                                           "fp-energy", ""))}),
        LCA_ERR_INVALID,
        (const char *[]){"processes/d4.json: exchanges[1].unit",
                         "unknown unit 'u-lb'", "process d4", NULL});
    expect_error(
        ctx,
        small_zip("wrongunit", "processes/d4.json",
                  (zip_text){"processes/d4.json",
                             PROC("d4", EX("f-waste", "true", "1", "u-mj",
                                           "fp-mass", REF))}),
        LCA_ERR_INVALID,
        (const char *[]){"exchanges[0].unit", "'MJ' is not a unit of flow "
                         "property 'fp-mass'", NULL});
    expect_error(
        ctx,
        small_zip("flow", "processes/d4.json",
                  (zip_text){"processes/d4.json",
                             PROC("d4", EX("f-nope", "true", "1", "u-kg",
                                           "fp-mass", REF))}),
        LCA_ERR_INVALID,
        (const char *[]){"exchanges[0].flow", "unknown flow f-nope", NULL});
    expect_error(ctx,
                 small_zip("dup", NULL,
                           (zip_text){"processes/z9.json",
                                      PROC("b2", EX("f-elec", "false", "1",
                                                    "u-mj", "fp-energy",
                                                    REF))}),
                 LCA_ERR_INVALID,
                 (const char *[]){"processes/z9.json",
                                  "duplicate process id b2",
                                  "processes/b2.json", NULL});
    expect_error(ctx,
                 small_zip("dupflow", NULL,
                           (zip_text){"flows/f-again.json",
                                      FLOW("f-x", "PRODUCT_FLOW", "fp-mass",
                                           "")}),
                 LCA_ERR_INVALID,
                 (const char *[]){"flows/f-again.json",
                                  "duplicate flow id f-x", NULL});
}

static void test_import_olca_small_survives_failed_allocations(void **state) {
    lca_ctx *ctx = *state;
    const char *zip = small_zip("alloc", NULL, none);
    test_alloc ta;
    test_alloc_install(ctx, &ta, -1);
    lca_status st = LCA_ERR_NOMEM;
    int64_t k;
    for (k = 0; st != LCA_OK && k < 100000; k++) {
        lca_model *M = (lca_model *)1;
        test_alloc_fail_at(&ta, k);
        st = lca_import_olca(ctx, zip, &M);
        if (st != LCA_OK) {
            assert_int_equal(st, LCA_ERR_NOMEM);
            assert_null(M);
            assert_int_equal(ta.live, 0);
        }
        lca_model_destroy(&M);
        assert_int_equal(ta.live, 0);
    }
    assert_int_equal(st, LCA_OK);
    assert_true(k > 20);
}

int main(void) {
    const struct CMUnitTest uslci_tests[] = {
        cmocka_unit_test(test_import_olca_uslci_has_readme_dimensions),
        cmocka_unit_test(test_import_olca_uslci_matches_derived),
        cmocka_unit_test(test_import_olca_uslci_uncertainty),
        cmocka_unit_test(test_import_olca_uslci_reports_cutoffs),
        cmocka_unit_test(test_import_olca_uslci_solves),
    };
    const struct CMUnitTest small_tests[] = {
        cmocka_unit_test_setup_teardown(
            test_import_olca_small_follows_the_rules, ctx_setup, ctx_teardown),
        cmocka_unit_test_setup_teardown(test_import_olca_rejects_bad_archives,
                                        ctx_setup, ctx_teardown),
        cmocka_unit_test_setup_teardown(test_import_olca_rejects_bad_records,
                                        ctx_setup, ctx_teardown),
        cmocka_unit_test_setup_teardown(
            test_import_olca_zip_bomb_is_out_of_memory_budget, ctx_setup,
            ctx_teardown),
        cmocka_unit_test_setup_teardown(
            test_import_olca_zip_bomb_under_a_memory_limit, ctx_setup,
            ctx_teardown),
        cmocka_unit_test_setup_teardown(
            test_import_olca_small_survives_failed_allocations, ctx_setup,
            ctx_teardown),
    };
    int failed = cmocka_run_group_tests_name("import_olca_small", small_tests,
                                             NULL, NULL);
    failed += cmocka_run_group_tests_name("import_olca_uslci", uslci_tests,
                                          uslci_setup, uslci_teardown);
    return failed;
}
