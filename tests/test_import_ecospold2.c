// tests/test_import_ecospold2.c: the EcoSpold 2 importer (io/ecospold2*.c,
// io/import/procdb/units.c) on the bundled USLCI zip, compared with the openLCA JSON-LD
// import of the same database; on a small zip written at test time; and
// on broken ones
// SPDX-License-Identifier: MIT
//
// The two bundled USLCI files are not the same snapshot: the EcoSpold 2
// zip is the FY18 Q1 release (2018), the JSON-LD one was exported at the
// end of 2017. The differences below were found by comparing the files
// directly (a separate script, not these importers) and are written down
// in datasets/uslci/README.md:
//
//   - 12 JSON-LD processes are absent from the EcoSpold 2 zip and 13
//     activities are new in it (re-identified processes);
//   - 21 EcoSpold 2 activities have no reference product (no outputGroup
//     0) and are dropped: 15 of them exist in the JSON-LD. So 739
//     processes are in both models, 27 only in the JSON-LD one, 7 only in
//     the EcoSpold 2 one;
//   - the release maps 74 elementary flows to other UUIDs in some
//     processes, so B entries of those flows differ by key;
//   - openLCA 1.5's unit groups round some factors (1 cu ft = 0.02 m3,
//     1 btu = 0.00106 MJ); the EcoSpold 2 importer uses exact ones.
//
// On every entry both models have, the values agree to 1e-9 except the
// two that differ by the unit factors, and the records agree.

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "test_util.h"
#include "test_zip.h"

#define USLCI "datasets/uslci/raw"
#define ES2 USLCI "/uslci_fy18_q1_01_olca1_5_ecospold2.zip"
#define JSONLD USLCI "/uslci_olca1_5_0_json_ld.zip"

static int has(const char *haystack, const char *needle) {
    if (strstr(haystack, needle) != NULL) return 1;
    print_error("'%s' does not contain '%s'\n", haystack, needle);
    return 0;
}

// ---- the bundled USLCI database, both imports (once for the group) ---------

typedef struct pair {
    lca_ctx *ctx;
    lca_model *es2, *olca;
} pair;

static int pair_setup(void **state) {
    pair *p = calloc(1, sizeof *p);
    if (p == NULL || lca_ctx_create(&p->ctx) != LCA_OK) return -1;
    *state = p;
    if (lca_import_ecospold2(p->ctx, src_path(ES2), &p->es2) != LCA_OK ||
        lca_import_olca(p->ctx, src_path(JSONLD), &p->olca) != LCA_OK) {
        print_error("import: %s\n", lca_ctx_errmsg(p->ctx));
        return -1;
    }
    return 0;
}

static int pair_teardown(void **state) {
    pair *p = *state;
    if (p == NULL) return 0;
    lca_model_destroy(&p->es2);
    lca_model_destroy(&p->olca);
    lca_ctx_destroy(&p->ctx);
    free(p);
    return 0;
}

static int64_t reports(const lca_model *M, const char *kind,
                       const char *what) {
    int64_t count = 0;
    for (int64_t i = 0; i < lca_model_nreports(M); i++) {
        count += strcmp(lca_model_report(M, i, LCA_REPORT_KIND), kind) == 0 &&
                 strstr(lca_model_report(M, i, LCA_REPORT_DETAIL), what);
    }
    return count;
}

// The leading number of the detail of the report line with this name.
static long long tally(const lca_model *M, const char *name) {
    for (int64_t i = 0; i < lca_model_nreports(M); i++) {
        if (strcmp(lca_model_report(M, i, LCA_REPORT_NAME), name) == 0) {
            return atoll(lca_model_report(M, i, LCA_REPORT_DETAIL));
        }
    }
    return -1;
}

static void test_import_ecospold2_uslci_dimensions(void **state) {
    const lca_model *M = ((pair *)*state)->es2;
    // README: 767 .spold files, one activity each; 21 have no reference
    // product.
    assert_int_equal(reports(M, "dropped process", "no reference product"),
                     21);
    assert_int_equal(lca_model_dim(M, LCA_PRODUCTS), 767 - 21);
    assert_int_equal(lca_model_dim(M, LCA_FLOWS), 2324);
    assert_int_equal(lca_csc_nnz(lca_model_A(M)), 4087);
    assert_int_equal(lca_csc_nnz(lca_model_B(M)), 22909);
    assert_string_equal(lca_model_attr(M, "importer"), "ecospold2");
    assert_int_equal(lca_model_check(M), LCA_OK);
    // Region and reference period of an activity: geography/shortname RNA,
    // timePeriod 2005-12-31 .. 2006-12-31.
    int64_t j = -1;
    assert_int_equal(lca_model_lookup(M, LCA_PRODUCTS,
                                      "ff599dd1-991f-3153-99c0-04e79a093703",
                                      &j),
                     LCA_OK);
    assert_string_equal(lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_REGION, j),
                        "RNA");
    assert_string_equal(lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_PERIOD, j),
                        "2005-2006");
    // README: 4,811 lognormals with variance Infinity and 307 with 0, the
    // same exchanges as the JSON-LD's geomSd 0 and 1.
    assert_int_equal(tally(M, "lognormal with variance Infinity"), 4811);
    assert_int_equal(tally(M, "lognormal with variance 0 (GSD 1)"), 307);
    assert_int_equal(reports(M, "provider tie", ""), 2);
    lca_calc *c = NULL;
    lca_status st = lca_calc_create(M, NULL, &c);
    assert_true(st == LCA_OK || st == LCA_WARN_ILLCOND);
    lca_calc_destroy(&c);
}

// Model index of every product id of M in N (-1 when absent).
static int64_t *product_map(const lca_model *M, const lca_model *N) {
    int64_t n = lca_model_dim(M, LCA_PRODUCTS);
    int64_t *map = malloc((size_t)n * sizeof *map);
    assert_non_null(map);
    for (int64_t j = 0; j < n; j++) {
        const char *id = lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_ID, j);
        if (lca_model_lookup(N, LCA_PRODUCTS, id, &map[j]) != LCA_OK) {
            map[j] = -1;
        }
    }
    return map;
}

static int64_t *flow_map(const lca_model *M, const lca_model *N) {
    int64_t m = lca_model_dim(M, LCA_FLOWS);
    int64_t *map = malloc((size_t)(m > 0 ? m : 1) * sizeof *map);
    assert_non_null(map);
    for (int64_t i = 0; i < m; i++) {
        const char *id = lca_model_label(M, LCA_FLOWS, LCA_LABEL_ID, i);
        if (lca_model_lookup(N, LCA_FLOWS, id, &map[i]) != LCA_OK) {
            map[i] = -1;
        }
    }
    return map;
}

// How the entries of X (model M) compare with Y (model N) over the
// columns both have: agree, differ, only in X.
typedef struct tally_cmp {
    int64_t agree, differ, only, uncertain;
} tally_cmp;

// The openLCA 1.5 unit factors against exact ones, for the documented
// differences: the ratio of the EcoSpold 2 value to the JSON-LD one in
// column j of M (0 for every other column).
static double unit_ratio(const lca_model *M, int64_t j) {
    const char *id = lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_ID, j);
    if (strcmp(id, "7fd53cbd-975a-3737-bf3a-bfa3285833ed") == 0) {
        return 0.028316846592 / 0.02;  // cu ft
    }
    if (strcmp(id, "7aa8e2ff-0e2f-3e6c-b168-ec5168b4be6a") == 0) {
        return 0.00105505585262 / 0.00106;  // btu
    }
    return 0.0;
}

// es2_first: M is the EcoSpold 2 model.
static void compare(const lca_model *M, lca_matrix which, const lca_model *N,
                    const int64_t *rmap, const int64_t *cmap, int es2_first,
                    tally_cmp *t) {
    const lca_csc *X = which == LCA_MATRIX_A ? lca_model_A(M)
                                             : lca_model_B(M);
    const lca_csc *Y = which == LCA_MATRIX_A ? lca_model_A(N)
                                             : lca_model_B(N);
    const lca_uncertainty *u = lca_model_uncertainty(M, which);
    const lca_uncertainty *v = lca_model_uncertainty(N, which);
    memset(t, 0, sizeof *t);
    for (int64_t j = 0; j < lca_csc_ncols(X); j++) {
        if (cmap[j] < 0) continue;
        for (int64_t p = lca_csc_colptr(X)[j]; p < lca_csc_colptr(X)[j + 1];
             p++) {
            int64_t i = lca_csc_rowidx(X)[p];
            int64_t q = rmap[i] < 0 ? -1 : lca_csc_find(Y, rmap[i], cmap[j]);
            if (q < 0) {
                t->only++;
                continue;
            }
            double x = lca_csc_values(X)[p], y = lca_csc_values(Y)[q];
            double ratio = which == LCA_MATRIX_A ? unit_ratio(M, j) : 0.0;
            if (ratio != 0.0 && !es2_first) ratio = 1.0 / ratio;
            if (fabs(x - y) > 1e-9 * fmax(fabs(x), fabs(y))) {
                // Only the two documented unit differences.
                assert_true(ratio != 0.0);
                assert_close(x / y, ratio, 1e-12);
                t->differ++;
                continue;
            }
            t->agree++;
            assert_int_equal(u[p].dist, v[q].dist);
            assert_close(u[p].p1, v[q].p1, 1e-9);
            assert_close(u[p].p2, v[q].p2, 1e-9);
            assert_close(u[p].p3, v[q].p3, 1e-9);
            t->uncertain += u[p].dist != LCA_DIST_NONE;
        }
    }
}

static void test_import_ecospold2_uslci_matches_olca(void **state) {
    const pair *p = *state;
    int64_t *cmap = product_map(p->es2, p->olca);
    int64_t *rmap = flow_map(p->es2, p->olca);
    int64_t *back = product_map(p->olca, p->es2);
    int64_t common = 0, olca_only = 0;
    for (int64_t j = 0; j < lca_model_dim(p->es2, LCA_PRODUCTS); j++) {
        common += cmap[j] >= 0;
    }
    for (int64_t j = 0; j < lca_model_dim(p->olca, LCA_PRODUCTS); j++) {
        olca_only += back[j] < 0;
    }
    assert_int_equal(common, 739);
    assert_int_equal(olca_only, 27);
    assert_int_equal(lca_model_dim(p->es2, LCA_PRODUCTS) - common, 7);

    tally_cmp a, b, a_back;
    compare(p->es2, LCA_MATRIX_A, p->olca, cmap, cmap, 1, &a);
    compare(p->olca, LCA_MATRIX_A, p->es2, back, back, 0, &a_back);
    // A: 4,046 entries in both (2 of them the unit differences); 3 only
    // in the EcoSpold 2 model and 15 only in the JSON-LD one, all in
    // columns whose exchanges differ between the releases or link to a
    // provider one of them lacks.
    assert_int_equal(a.agree, 4044);
    assert_int_equal(a.differ, 2);
    assert_int_equal(a.only, 3);
    assert_int_equal(a_back.only, 15);
    // Of the agreeing entries, 65 carry a distribution (each one checked
    // against the JSON-LD record in compare); a count measured here.
    assert_int_equal(a.uncertain, 65);

    int64_t *fback = flow_map(p->olca, p->es2);
    compare(p->es2, LCA_MATRIX_B, p->olca, rmap, cmap, 1, &b);
    compare(p->olca, LCA_MATRIX_B, p->es2, fback, back, 0, &a_back);
    // B: 18,602 entries in both, all agreeing; the rest are the renamed
    // elementary flows (and the columns whose exchanges changed).
    assert_int_equal(b.agree, 18602);
    assert_int_equal(b.differ, 0);
    assert_int_equal(b.only, 4297);
    assert_int_equal(a_back.only, 4287);
    assert_int_equal(b.uncertain, 7);
    free(cmap);
    free(rmap);
    free(back);
    free(fback);
}

static void test_import_ecospold2_uslci_has_no_pedigree(void **state) {
    // README: no <pedigreeMatrix> in the EcoSpold 2 file, whereas the
    // JSON-LD carries pedigree scores ("pedigreeUncertainty") on 478
    // exchanges: a documented difference of the exports.
    const pair *p = *state;
    for (lca_matrix X = LCA_MATRIX_A; X <= LCA_MATRIX_B; X++) {
        const lca_csc *Y = X == LCA_MATRIX_A ? lca_model_A(p->es2)
                                             : lca_model_B(p->es2);
        const lca_uncertainty *u = lca_model_uncertainty(p->es2, X);
        for (int64_t q = 0; q < lca_csc_nnz(Y); q++) {
            assert_int_equal(u[q].pedigree[0], 0);
        }
    }
}

// ---- a small database written at test time ---------------------------------
//
// a1 makes 2 kg steel from 1 kWh electricity; b2 and c3 both make 1 MJ
// electricity (b2 wins the tie by id). Expected A (columns a1 b2 c3):
//
//     a1 [  2    -0.01  -0.3 ]   c3 takes 0.3 kg steel (activityLinkId a1)
//     b2 [ -3.6   1     -2   ]   and 2 MJ electricity (activityLinkId zz:
//     c3 [  0     0      1   ]   unknown, so linked by flow id)
//
// b2 takes 10 g steel and 0.5 kg of a flow nobody makes (cut off); c3
// takes 2 kg*km of transport nobody makes (cut off: 0.002 t*km).

#define SPOLD(id, exchanges)                                                \
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                         \
    "<ecoSpold xmlns=\"http://www.EcoInvent.org/EcoSpold02\">\n"           \
    "<activityDataset><activityDescription>\n"                             \
    "<activity id=\"" id "\"><activityName>" id " name</activityName>"     \
    "</activity><geography><shortname>US</shortname></geography>\n"        \
    "</activityDescription>\n<flowData>\n" exchanges "</flowData>\n"       \
    "</activityDataset></ecoSpold>\n"
#define IEX(flow, amount, unit, group, attrs, children)                     \
    "<intermediateExchange intermediateExchangeId=\"" flow "\" amount=\""  \
    amount "\"" attrs "><name>" flow " name</name><unitName>" unit         \
    "</unitName>" children group "</intermediateExchange>\n"
#define EEX(flow, amount, unit, group, children)                            \
    "<elementaryExchange elementaryExchangeId=\"" flow "\" amount=\""      \
    amount "\" casNumber=\"124-38-9\"><name>" flow " name</name><unitName>" \
    unit "</unitName><compartment><compartment>air</compartment>"          \
    "<subcompartment>unspecified</subcompartment></compartment>" children  \
    group "</elementaryExchange>\n"
#define OUT(g) "<outputGroup>" g "</outputGroup>"
#define IN(g) "<inputGroup>" g "</inputGroup>"
#define UNC(body) "<uncertainty>" body "</uncertainty>"
#define PEDIGREE                                                            \
    "<pedigreeMatrix reliability=\"1\" completeness=\"2\" "                \
    "temporalCorrelation=\"3\" geographicalCorrelation=\"4\" "             \
    "furtherTechnologyCorrelation=\"5\"/>"

// (ln 1.5)^2: the variance of a lognormal with GSD 1.5.
#define VAR15 "0.16440195389316542"

static const zip_text base[] = {
    {"a1.spold",
     SPOLD("a1", IEX("f-steel", "2", "kg", OUT("0"), "", "")
                 IEX("f-elec", "1", "kWh", IN("5"), "",
                     UNC("<uniform minValue=\"0.9\" maxValue=\"1.1\"/>"))
                 EEX("f-co2", "0.5", "kg", OUT("4"),
                     UNC("<triangular minValue=\"0.4\" mostLikelyValue="
                         "\"0.5\" maxValue=\"0.6\"/>" PEDIGREE)))},
    {"b2.spold",
     SPOLD("b2", IEX("f-elec", "1", "MJ", OUT("0"), "", "")
                 IEX("f-steel", "10", "g", IN("5"), "", "")
                 IEX("f-x", "0.5", "kg", IN("5"), "", "")
                 EEX("f-co2", "1", "kg", OUT("4"),
                     UNC("<lognormal meanValue=\"1\" mu=\"0\" variance=\"0\" "
                         "varianceWithPedigreeUncertainty=\"" VAR15 "\"/>"))
                 EEX("f-water", "-2", "l", OUT("4"),
                     UNC("<lognormal meanValue=\"-2\" mu=\"NaN\" "
                         "variance=\"Infinity\"/>")))},
    {"sub/c3.spold",
     SPOLD("c3", IEX("f-elec", "1", "MJ", OUT("0"), "", "")
                 IEX("f-steel", "0.3", "kg", IN("5"),
                     " activityLinkId=\"a1\"",
                     UNC("<triangular minValue=\"0.2\" mostLikelyValue="
                         "\"0.3\" maxValue=\"0.4\"/>"))
                 IEX("f-elec", "2", "MJ", IN("5"), " activityLinkId=\"zz\"",
                     "")
                 IEX("f-truck", "2", "kg*km", IN("5"), "", ""))},
    {"readme.txt", "not an activity"},
};

#define NBASE ((int)(sizeof base / sizeof base[0]))

// base with entry `replace` swapped for `with` (tests/test_zip.h).
static const char *small_zip(const char *name, const char *replace,
                             zip_text with) {
    const char *path = zip_variant(test_tmpdir("ecospold2"), name, base,
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

static void test_import_ecospold2_small_follows_the_rules(void **state) {
    lca_ctx *ctx = *state;
    lca_model *M = NULL;
    assert_int_equal(lca_import_ecospold2(ctx, small_zip("small", NULL, none),
                                          &M),
                     LCA_OK);
    const lca_csc *A = lca_model_A(M), *B = lca_model_B(M);
    assert_int_equal(lca_model_dim(M, LCA_PRODUCTS), 3);
    assert_string_equal(lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_ID, 2),
                        "c3");
    assert_string_equal(lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_NAME, 2),
                        "c3 name");
    double want[3][3] = {{2, -0.01, -0.3}, {-3.6, 1, -2}, {0, 0, 1}};
    assert_int_equal(lca_csc_nnz(A), 7);
    for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 3; j++) {
            if (want[i][j] != 0.0) assert_close(at(A, i, j), want[i][j], 1e-15);
        }
    }
    // B: f-co2 (kg), f-water (l -> m3: an output of -2 l is -0.002 m3).
    assert_int_equal(lca_csc_nrows(B), 2);
    assert_string_equal(lca_model_label(M, LCA_FLOWS, LCA_LABEL_UNIT, 1),
                        "m3");
    assert_string_equal(
        lca_model_label(M, LCA_FLOWS, LCA_LABEL_COMPARTMENT, 0),
        "air/unspecified");
    assert_string_equal(lca_model_label(M, LCA_FLOWS, LCA_LABEL_CAS, 0),
                        "124-38-9");
    assert_close(at(B, 1, 1), -0.002, 1e-15);

    const lca_uncertainty *u = rec(M, LCA_MATRIX_A, 1, 0);
    assert_int_equal(u->dist, LCA_DIST_UNIFORM);
    assert_close(u->p1, -3.96, 1e-15);
    assert_close(u->p2, -3.24, 1e-15);
    u = rec(M, LCA_MATRIX_A, 0, 2);
    assert_int_equal(u->dist, LCA_DIST_TRIANGULAR);
    assert_close(u->p1, -0.4, 1e-15);
    assert_close(u->p3, -0.2, 1e-15);
    u = rec(M, LCA_MATRIX_B, 0, 0);
    uint8_t ped[5] = {1, 2, 3, 4, 5};
    assert_int_equal(u->dist, LCA_DIST_TRIANGULAR);
    assert_memory_equal(u->pedigree, ped, 5);
    // mu = 0: median 1; the variance with pedigree uncertainty: GSD 1.5.
    u = rec(M, LCA_MATRIX_B, 0, 1);
    assert_int_equal(u->dist, LCA_DIST_LOGNORMAL);
    assert_close(u->p1, 1.0, 1e-15);
    assert_close(u->p2, 1.5, 1e-15);
    assert_int_equal(rec(M, LCA_MATRIX_B, 1, 1)->dist, LCA_DIST_NONE);

    assert_int_equal(reports(M, "unlinked input", "0.002 t*km"), 1);
    assert_int_equal(reports(M, "unlinked input", "b2"), 1);
    assert_int_equal(reports(M, "provider ignored", "c3"), 1);
    assert_int_equal(reports(M, "provider tie", "in 2 exchanges"), 1);
    assert_int_equal(tally(M, "lognormal with variance Infinity"), 1);
    assert_int_equal(lca_model_nreports(M), 5);
    lca_model_destroy(&M);
}

static void expect_error(lca_ctx *ctx, const char *zip, lca_status st,
                         const char *const *needles) {
    lca_model *M = (lca_model *)1;
    assert_int_equal(lca_import_ecospold2(ctx, zip, &M), st);
    assert_null(M);
    for (int k = 0; needles[k] != NULL; k++) {
        assert_true(has(lca_ctx_errmsg(ctx), needles[k]));
    }
}

static void test_import_ecospold2_rejects_bad_archives(void **state) {
    lca_ctx *ctx = *state;
    expect_error(ctx, "/nonexistent/uslci.zip", LCA_ERR_IO,
                 (const char *[]){"/nonexistent/uslci.zip", NULL});
    zip_text readme = {"readme.txt", "hello"};
    char path[4300];
    snprintf(path, sizeof path, "%s/empty.zip", test_tmpdir("ecospold2"));
    assert_int_equal(write_zip(path, 1, &readme), 0);
    expect_error(ctx, path, LCA_ERR_INVALID,
                 (const char *[]){"empty.zip", "no .spold entries", NULL});
    expect_error(ctx,
                 small_zip("malformed", "b2.spold",
                           (zip_text){"b2.spold",
                                      "<ecoSpold>\n<activityDataset>\n"
                                      "<flowData></activityDataset>\n"}),
                 LCA_ERR_INVALID,
                 (const char *[]){"malformed.zip: b2.spold",
                                  "malformed XML at line 3", NULL});
    expect_error(ctx,
                 small_zip("notes2", "b2.spold",
                           (zip_text){"b2.spold", "<other/>"}),
                 LCA_ERR_INVALID,
                 (const char *[]){"b2.spold", "not an EcoSpold 2", NULL});
}

// An XML bomb: 600 KB of empty elements in an activity (a few KB
// deflated), whose DOM tree takes ~20 MB. Under a 2 MiB budget it is
// refused as such, naming the archive and the entry.
static void test_import_ecospold2_zip_bomb_is_out_of_memory_budget(
    void **state) {
    lca_ctx *ctx = *state;
    const char *head = "<ecoSpold><activityDataset><flowData>";
    const char *tail = "</flowData></activityDataset></ecoSpold>";
    size_t count = 150000, len = strlen(head) + 4 * count + strlen(tail);
    char *bomb = malloc(len + 1), *p = bomb;
    assert_non_null(bomb);
    p += sprintf(p, "%s", head);
    for (size_t i = 0; i < count; i++, p += 4) memcpy(p, "<a/>", 4);
    sprintf(p, "%s", tail);
    const char *zip = small_zip("bomb", "b2.spold",
                                (zip_text){"b2.spold", bomb});
    lca_ctx_set_parse_budget(ctx, 2 << 20);
    expect_error(ctx, zip, LCA_ERR_INVALID,
                 (const char *[]){"bomb.zip: b2.spold", "out of memory budget",
                                  "XML tree", NULL});
    free(bomb);
}

static void test_import_ecospold2_rejects_bad_records(void **state) {
    lca_ctx *ctx = *state;
    expect_error(
        ctx,
        small_zip("unit", "b2.spold",
                  (zip_text){"b2.spold",
                             SPOLD("b2", IEX("f-elec", "1", "MJ", OUT("0"),
                                             "", "")
                                         IEX("f-steel", "1", "furlong",
                                             IN("5"), "", ""))}),
        LCA_ERR_INVALID,
        (const char *[]){"unit.zip: b2.spold: line 8, exchange 1",
                         "unknown unit 'furlong'", "activity b2", NULL});
    expect_error(
        ctx,
        small_zip("nan", "b2.spold",
                  (zip_text){"b2.spold",
                             SPOLD("b2", IEX("f-elec", "NaN", "MJ", OUT("0"),
                                             "", ""))}),
        LCA_ERR_INVALID,
        (const char *[]){"b2.spold: line 7, exchange 0",
                         "amount=\"NaN\"", "not a finite number", NULL});
    expect_error(ctx,
                 small_zip("dup", NULL,
                           (zip_text){"z9.spold",
                                      SPOLD("b2", IEX("f-elec", "1", "MJ",
                                                      OUT("0"), "", ""))}),
                 LCA_ERR_INVALID,
                 (const char *[]){"z9.spold", "duplicate process id b2",
                                  "b2.spold", NULL});
    expect_error(
        ctx,
        small_zip("quantity", "b2.spold",
                  (zip_text){"b2.spold",
                             SPOLD("b2", IEX("f-elec", "1", "MJ", OUT("0"),
                                             "", "")
                                         IEX("f-steel", "1", "m3", IN("5"),
                                             "", ""))}),
        LCA_ERR_INVALID,
        (const char *[]){"b2.spold", "flow f-steel", "in m3 here but in kg "
                         "in a1.spold", NULL});
    expect_error(
        ctx,
        small_zip("tworefs", "b2.spold",
                  (zip_text){"b2.spold",
                             SPOLD("b2", IEX("f-elec", "1", "MJ", OUT("0"),
                                             "", "")
                                         IEX("f-heat", "1", "MJ", OUT("0"),
                                             "", ""))}),
        LCA_ERR_INVALID,
        (const char *[]){"b2.spold", "process b2 has 2 reference exchanges",
                         NULL});
}

static void test_import_ecospold2_small_survives_failed_allocations(
    void **state) {
    lca_ctx *ctx = *state;
    const char *zip = small_zip("alloc", NULL, none);
    test_alloc ta;
    test_alloc_install(ctx, &ta, -1);
    lca_status st = LCA_ERR_NOMEM;
    int64_t k;
    for (k = 0; st != LCA_OK && k < 100000; k++) {
        lca_model *M = (lca_model *)1;
        test_alloc_fail_at(&ta, k);
        st = lca_import_ecospold2(ctx, zip, &M);
        if (st != LCA_OK) {
            assert_int_equal(st, LCA_ERR_NOMEM);
            assert_null(M);
        }
        lca_model_destroy(&M);
        assert_int_equal(ta.live, 0);
    }
    assert_int_equal(st, LCA_OK);
    assert_true(k > 20);
}

int main(void) {
    const struct CMUnitTest uslci_tests[] = {
        cmocka_unit_test(test_import_ecospold2_uslci_dimensions),
        cmocka_unit_test(test_import_ecospold2_uslci_matches_olca),
        cmocka_unit_test(test_import_ecospold2_uslci_has_no_pedigree),
    };
    const struct CMUnitTest small_tests[] = {
        cmocka_unit_test_setup_teardown(
            test_import_ecospold2_small_follows_the_rules, ctx_setup,
            ctx_teardown),
        cmocka_unit_test_setup_teardown(
            test_import_ecospold2_rejects_bad_archives, ctx_setup,
            ctx_teardown),
        cmocka_unit_test_setup_teardown(
            test_import_ecospold2_rejects_bad_records, ctx_setup,
            ctx_teardown),
        cmocka_unit_test_setup_teardown(
            test_import_ecospold2_zip_bomb_is_out_of_memory_budget, ctx_setup,
            ctx_teardown),
        cmocka_unit_test_setup_teardown(
            test_import_ecospold2_small_survives_failed_allocations,
            ctx_setup, ctx_teardown),
    };
    int failed = cmocka_run_group_tests_name("import_ecospold2_small",
                                             small_tests, NULL, NULL);
    failed += cmocka_run_group_tests_name("import_ecospold2_uslci",
                                          uslci_tests, pair_setup,
                                          pair_teardown);
    return failed;
}
