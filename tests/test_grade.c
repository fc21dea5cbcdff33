// tests/test_grade.c: grading schemes (engine/grade/grading*.c) and grades
// from paired samples (grade.c, grade_market.c), checked by hand counts
// SPDX-License-Identifier: MIT

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "test_util.h"

#define INF INFINITY

// Hydrogen as T/CAB 0078-2020 grades it (kg CO2e / kg H2).
static const lca_grading_band h2_bands[] = {
    {"clean", "", -INF, 4.9},
    {"low-carbon", "", 4.9, 14.51},
    {"conventional", "", 14.51, INF},
};

// A to E as multiples of a line (sliding) or percentiles (distribution).
static const lca_grading_band mult_bands[] = {
    {"A", "", -INF, 1}, {"B", "", 1, 2}, {"C", "", 2, 3},
    {"D", "", 3, 4},    {"E", "", 4, INF},
};
static const lca_grading_band pct_bands[] = {
    {"A", "", 0, 20},  {"B", "", 20, 40},  {"C", "", 40, 60},
    {"D", "", 60, 80}, {"E", "", 80, 100},
};
static const lca_grading_point iea_line[] = {{0, 400}, {1, 50}};

static lca_grading_spec base_spec(lca_grading_kind kind) {
    lca_grading_spec s = {
        .source = "",
        .version = LCA_GRADING_VERSION,
        .id = "test",
        .name = "a test scheme",
        .unit = "kg CO2-eq/kg",
        .kind = kind,
        .parameter = "",
        .parameter_unit = "",
        .weight = "",
        .min_population = 1,
        .validity_years = 3,
    };
    if (kind == LCA_GRADING_ABSOLUTE) {
        s.nbands = 3;
        s.bands = h2_bands;
    } else if (kind == LCA_GRADING_SLIDING) {
        s.nbands = 5;
        s.bands = mult_bands;
        s.parameter = "scrap_share";
        s.npoints = 2;
        s.points = iea_line;
        s.unit = "kg CO2-eq/t";
    } else {
        s.nbands = 5;
        s.bands = pct_bands;
    }
    return s;
}

static lca_grading *make(lca_ctx *ctx, const lca_grading_spec *s) {
    lca_grading *g = NULL;
    lca_status st = lca_grading_create(ctx, s, &g);
    if (st != LCA_OK) fprintf(stderr, "%s\n", lca_ctx_errmsg(ctx));
    assert_int_equal(st, LCA_OK);
    return g;
}

static lca_grade_item item(const char *id, double value, const double *x) {
    return (lca_grade_item){id, value, x, NAN, NAN, 0};
}

// 10 samples: 4 clean, 5 low-carbon, 1 conventional, and a failed one.
static void test_grade_absolute_counts_by_hand(void **state) {
    lca_ctx *ctx = *state;
    lca_grading_spec s = base_spec(LCA_GRADING_ABSOLUTE);
    lca_grading *g = make(ctx, &s);
    double x[11] = {1, 2, 3, 4.9, NAN, 5, 6, 7, 8, 14.51, 20};
    lca_grade_item it = item("h2", 4.9, x);
    lca_grades *gr = NULL;
    assert_int_equal(lca_grades_create(g, NULL, 1, &it, 11, &gr), LCA_OK);
    lca_grade r;
    lca_grades_get(gr, 0, &r);
    assert_int_equal(r.nvalid, 10);
    assert_int_equal(r.counts[0], 4);  // 4.9 is clean: bands are (from, to]
    assert_int_equal(r.counts[1], 5);  // 14.51 is low-carbon
    assert_int_equal(r.counts[2], 1);
    assert_true(r.prob[0] == 0.4 && r.prob[1] == 0.5 && r.prob[2] == 0.1);
    assert_close(r.prob[0] + r.prob[1] + r.prob[2], 1.0, 1e-15);
    assert_int_equal(r.det_class, 0);
    assert_int_equal(r.modal, 1);
    // P(clean) = 0.4 < 0.9 <= P(clean or low-carbon) = 0.9.
    assert_int_equal(r.at_confidence, 1);
    assert_true(r.prob_at_confidence == 0.9);
    assert_true(r.thresholds[0] == 4.9 && r.thresholds[1] == 14.51);
    assert_true(r.thr_lo[1] == 14.51 && r.thr_hi[1] == 14.51);
    lca_grades_destroy(&gr);
    lca_grading_destroy(&g);
}

static void test_grade_one_band_gets_probability_one(void **state) {
    lca_ctx *ctx = *state;
    lca_grading_spec s = base_spec(LCA_GRADING_ABSOLUTE);
    lca_grading *g = make(ctx, &s);
    double x[5] = {5, 6, 7, 8, 14.51};
    lca_grade_item it = item("h2", 6, x);
    lca_grades *gr = NULL;
    lca_grade_options o;
    lca_grade_options_default(&o);
    o.confidence = 0.999;
    assert_int_equal(lca_grades_create(g, &o, 1, &it, 5, &gr), LCA_OK);
    lca_grade r;
    lca_grades_get(gr, 0, &r);
    assert_true(r.prob[0] == 0 && r.prob[1] == 1 && r.prob[2] == 0);
    assert_int_equal(r.modal, 1);
    assert_int_equal(r.at_confidence, 1);
    assert_true(r.prob_at_confidence == 1);
    lca_grades_destroy(&gr);
    lca_grading_destroy(&g);
}

// No samples: the deterministic class only.
static void test_grade_without_samples_is_deterministic_only(void **state) {
    lca_ctx *ctx = *state;
    lca_grading_spec s = base_spec(LCA_GRADING_ABSOLUTE);
    lca_grading *g = make(ctx, &s);
    lca_grade_item it = item("h2", 15, NULL);
    lca_grades *gr = NULL;
    assert_int_equal(lca_grades_create(g, NULL, 1, &it, 0, &gr), LCA_OK);
    lca_grade r;
    lca_grades_get(gr, 0, &r);
    assert_int_equal(r.det_class, 2);
    assert_int_equal(r.nvalid, 0);
    assert_true(isnan(r.prob[0]));
    assert_int_equal(r.modal, -1);
    assert_int_equal(r.at_confidence, -1);
    lca_grades_destroy(&gr);
    lca_grading_destroy(&g);
}

// The steel line at s = 0.5: L = 400 - 350 * 0.5 = 225 kg CO2e/t.
static void test_grade_sliding_scale_multiples_of_the_line(void **state) {
    lca_ctx *ctx = *state;
    lca_grading_spec s = base_spec(LCA_GRADING_SLIDING);
    lca_grading *g = make(ctx, &s);
    double L;
    assert_int_equal(lca_grading_line(g, 0.5, &L), LCA_OK);
    assert_true(L == 225);
    assert_int_equal(lca_grading_line(g, 0.0, &L), LCA_OK);
    assert_true(L == 400);
    assert_int_equal(lca_grading_line(g, 1.0, &L), LCA_OK);
    assert_true(L == 50);
    assert_int_equal(lca_grading_line(g, 0.2, &L), LCA_OK);
    assert_close(L, 330, 1e-15);
    double x[6] = {200, 225, 226, 500, 800, 2000};
    lca_grade_item it = item("steel", 1850, x);
    it.parameter = 0.5;
    lca_grades *gr = NULL;
    assert_int_equal(lca_grades_create(g, NULL, 1, &it, 6, &gr), LCA_OK);
    lca_grade r;
    lca_grades_get(gr, 0, &r);
    assert_true(r.thresholds[0] == 225 && r.thresholds[1] == 450 &&
                r.thresholds[2] == 675 && r.thresholds[3] == 900);
    // 200, 225 | 226 | 500 | 800 | 2000.
    int64_t want[5] = {2, 1, 1, 1, 1};
    for (int k = 0; k < 5; k++) assert_int_equal(r.counts[k], want[k]);
    assert_int_equal(r.det_class, 4);  // 1850 > 4 x 225
    assert_int_equal(r.modal, 0);
    // cum: 2/6, 3/6, 4/6, 5/6 < 0.9 <= 6/6.
    assert_int_equal(r.at_confidence, 4);
    lca_grades_destroy(&gr);
    lca_grading_destroy(&g);
}

static void test_grade_sliding_needs_the_parameter(void **state) {
    lca_ctx *ctx = *state;
    lca_grading_spec s = base_spec(LCA_GRADING_SLIDING);
    lca_grading *g = make(ctx, &s);
    lca_grade_item it = item("steel-bof", 1850, NULL);
    lca_grades *gr = NULL;
    assert_int_equal(lca_grades_create(g, NULL, 1, &it, 0, &gr),
                     LCA_ERR_INVALID);
    assert_non_null(strstr(lca_ctx_errmsg(ctx), "'steel-bof' has no "
                                                "'scrap_share'"));
    it.parameter = 1.5;
    assert_int_equal(lca_grades_create(g, NULL, 1, &it, 0, &gr),
                     LCA_ERR_INVALID);
    assert_non_null(strstr(lca_ctx_errmsg(ctx), "steel-bof"));
    assert_non_null(strstr(lca_ctx_errmsg(ctx), "outside the line's range"));
    assert_null(gr);
    lca_grading_destroy(&g);
}

// Five members 10..50: type-1 percentiles 20, 40, 60, 80 are 10, 20, 30,
// 40; weighted 1, 1, 1, 1, 6 (W = 10) they are 20, 40, 50, 50.
static void test_grade_distribution_percentiles_by_hand(void **state) {
    lca_ctx *ctx = *state;
    lca_grading_spec s = base_spec(LCA_GRADING_DISTRIBUTION);
    lca_grading *g = make(ctx, &s);
    lca_grade_item it[5];
    static const char *ids[5] = {"a", "b", "c", "d", "e"};
    for (int i = 0; i < 5; i++) {
        it[i] = item(ids[i], 10.0 * (i + 1), NULL);
        it[i].in_population = 1;
        it[i].weight = i == 4 ? 6 : 1;
    }
    lca_grades *gr = NULL;
    assert_int_equal(lca_grades_create(g, NULL, 5, it, 0, &gr), LCA_OK);
    lca_grade r;
    for (int i = 0; i < 5; i++) {
        lca_grades_get(gr, i, &r);
        assert_int_equal(r.det_class, i);
        assert_true(r.thresholds[0] == 10 && r.thresholds[3] == 40);
    }
    lca_grades_destroy(&gr);
    lca_grading_destroy(&g);
    s.weight = "production";
    g = make(ctx, &s);
    assert_int_equal(lca_grades_create(g, NULL, 5, it, 0, &gr), LCA_OK);
    int64_t want[5] = {0, 0, 1, 1, 2};
    for (int i = 0; i < 5; i++) {
        lca_grades_get(gr, i, &r);
        assert_int_equal(r.det_class, want[i]);
    }
    assert_true(r.thresholds[0] == 20 && r.thresholds[1] == 40 &&
                r.thresholds[2] == 50 && r.thresholds[3] == 50);
    lca_grades_destroy(&gr);
    lca_grading_destroy(&g);
}

// Two iterations: the market reverses in the second, so member a (10,
// then 50) is A once and E once; an outsider moves with the market.
static void test_grade_distribution_moves_with_the_market(void **state) {
    lca_ctx *ctx = *state;
    lca_grading_spec s = base_spec(LCA_GRADING_DISTRIBUTION);
    lca_grading *g = make(ctx, &s);
    double x[6][2] = {{10, 50}, {20, 40}, {30, 30},
                      {40, 20}, {50, 10}, {35, 35}};
    lca_grade_item it[6];
    static const char *ids[6] = {"a", "b", "c", "d", "e", "out"};
    for (int i = 0; i < 6; i++) {
        it[i] = item(ids[i], x[i][0], x[i]);
        it[i].in_population = i < 5;
    }
    lca_grades *gr = NULL;
    assert_int_equal(lca_grades_create(g, NULL, 6, it, 2, &gr), LCA_OK);
    lca_grade r;
    lca_grades_get(gr, 0, &r);
    assert_true(r.prob[0] == 0.5 && r.prob[4] == 0.5);
    assert_int_equal(r.modal, 0);  // a tie goes to the better class
    assert_int_equal(r.at_confidence, 4);
    lca_grades_get(gr, 5, &r);
    assert_true(r.prob[3] == 1);  // 35 is D against 10..40 both times
    // The thresholds did not move: their interval is a point.
    assert_true(r.thr_lo[0] == 10 && r.thr_hi[0] == 10);
    lca_grades_destroy(&gr);
    // Now the second iteration doubles every member: t(20) is 10, then
    // 20, and its 2.5 / 97.5 % quantiles (type 7) 10.25 and 19.75.
    for (int i = 0; i < 5; i++) x[i][1] = 2 * x[i][0];
    x[5][1] = 70;
    assert_int_equal(lca_grades_create(g, NULL, 6, it, 2, &gr), LCA_OK);
    lca_grades_get(gr, 5, &r);
    assert_true(r.prob[3] == 1);  // 70 is D against 20..80
    assert_close(r.thr_lo[0], 10.25, 1e-15);
    assert_close(r.thr_hi[0], 19.75, 1e-15);
    assert_close(r.thr_hi[3], 79, 1e-15);
    lca_grades_destroy(&gr);
    lca_grading_destroy(&g);
}

// A member's failed iteration is left out for every item.
static void test_grade_distribution_skips_failed_iterations(void **state) {
    lca_ctx *ctx = *state;
    lca_grading_spec s = base_spec(LCA_GRADING_DISTRIBUTION);
    lca_grading *g = make(ctx, &s);
    double x[3][3] = {{1, NAN, 1}, {2, 2, 2}, {3, 3, 3}};
    lca_grade_item it[3];
    for (int i = 0; i < 3; i++) {
        it[i] = item("m", x[i][0], x[i]);
        it[i].in_population = 1;
    }
    lca_grades *gr = NULL;
    assert_int_equal(lca_grades_create(g, NULL, 3, it, 3, &gr), LCA_OK);
    lca_grade r;
    lca_grades_get(gr, 2, &r);
    assert_int_equal(r.nvalid, 2);
    lca_grades_destroy(&gr);
    lca_grading_destroy(&g);
}

static void test_grade_distribution_rejects_a_bad_population(void **state) {
    lca_ctx *ctx = *state;
    lca_grading_spec s = base_spec(LCA_GRADING_DISTRIBUTION);
    s.min_population = 3;
    s.weight = "production";
    lca_grading *g = make(ctx, &s);
    lca_grade_item it[3] = {item("p1", 1, NULL), item("p2", 2, NULL),
                            item("p3", 3, NULL)};
    it[0].in_population = it[1].in_population = 1;
    it[0].weight = it[1].weight = 1;
    lca_grades *gr = NULL;
    assert_int_equal(lca_grades_create(g, NULL, 3, it, 0, &gr),
                     LCA_ERR_INVALID);
    assert_non_null(strstr(lca_ctx_errmsg(ctx), "2 members"));
    it[2].in_population = 1;
    assert_int_equal(lca_grades_create(g, NULL, 3, it, 0, &gr),
                     LCA_ERR_INVALID);
    assert_non_null(strstr(lca_ctx_errmsg(ctx), "'p3' has no 'production'"));
    it[2].weight = -1;
    assert_int_equal(lca_grades_create(g, NULL, 3, it, 0, &gr),
                     LCA_ERR_INVALID);
    it[0].weight = it[1].weight = it[2].weight = 0;
    assert_int_equal(lca_grades_create(g, NULL, 3, it, 0, &gr),
                     LCA_ERR_INVALID);
    assert_non_null(strstr(lca_ctx_errmsg(ctx), "sum to 0"));
    assert_null(gr);
    lca_grading_destroy(&g);
}

// x -> x * 2^-31 in [0, 1), a fixed sequence (no library RNG).
static double lcg(uint64_t *state) {
    *state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(*state >> 33) / 2147483648.0;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

// Second method: with fixed thresholds the class at confidence c is the
// class of the ceil(c N)-th smallest sample.
static void test_grade_confidence_class_is_the_quantile_class(void **state) {
    lca_ctx *ctx = *state;
    lca_grading_spec s = base_spec(LCA_GRADING_ABSOLUTE);
    lca_grading *g = make(ctx, &s);
    enum { N = 97, ITEMS = 40 };
    double *x = malloc(sizeof *x * N * ITEMS), sorted[N];
    lca_grade_item it[ITEMS];
    uint64_t seed = 42;
    for (int i = 0; i < ITEMS; i++) {
        double centre = 2 + 0.4 * i, spread = 1 + 0.1 * i;
        for (int k = 0; k < N; k++) {
            x[i * N + k] = centre + spread * (lcg(&seed) - 0.5) * 4;
        }
        it[i] = item("r", centre, x + i * N);
    }
    static const double conf[3] = {0.5, 0.9, 0.95};
    for (int c = 0; c < 3; c++) {
        lca_grade_options o = {conf[c]};
        lca_grades *gr = NULL;
        assert_int_equal(lca_grades_create(g, &o, ITEMS, it, N, &gr), LCA_OK);
        for (int i = 0; i < ITEMS; i++) {
            memcpy(sorted, x + i * N, sizeof sorted);
            qsort(sorted, N, sizeof *sorted, cmp_double);
            int64_t m = (int64_t)ceil(conf[c] * N);
            double t[2] = {4.9, 14.51};
            lca_grade r;
            lca_grades_get(gr, i, &r);
            assert_int_equal(r.at_confidence,
                             lca_grading_classify(3, t, sorted[m - 1]));
            int64_t sum = 0;
            for (int k = 0; k < 3; k++) sum += r.counts[k];
            assert_int_equal(sum, N);
        }
        lca_grades_destroy(&gr);
    }
    free(x);
    lca_grading_destroy(&g);
}

// One broken field of spec and the pointer and words its message holds.
static void expect_bad(lca_ctx *ctx, const lca_grading_spec *s,
                       const char *ptr, const char *words) {
    lca_grading *g = NULL;
    assert_int_equal(lca_grading_create(ctx, s, &g), LCA_ERR_INVALID);
    assert_null(g);
    const char *m = lca_ctx_errmsg(ctx);
    if (strstr(m, ptr) == NULL || strstr(m, words) == NULL) {
        fprintf(stderr, "message: %s\n", m);
    }
    assert_non_null(strstr(m, "bands.json"));
    assert_non_null(strstr(m, ptr));
    assert_non_null(strstr(m, words));
}

static void test_grading_rejects_overlaps_and_gaps(void **state) {
    lca_ctx *ctx = *state;
    lca_grading_spec s = base_spec(LCA_GRADING_ABSOLUTE);
    s.source = "bands.json";
    lca_grading_band b[3];
    memcpy(b, h2_bands, sizeof b);
    s.bands = b;
    b[1].from = 4.0;
    expect_bad(ctx, &s, "/classes/1/from",
               "4 overlaps class 'clean', which ends at 4.9");
    b[1].from = 5.0;
    expect_bad(ctx, &s, "/classes/1/from",
               "5 leaves a gap (4.9, 5] after class 'clean'");
    b[1].from = 4.9;
    b[0].from = 0;
    expect_bad(ctx, &s, "/classes/0/from", "open below");
    b[0].from = -INF;
    b[2].to = 100;
    expect_bad(ctx, &s, "/classes/2/to", "open above");
    b[2].to = INF;
    b[1].to = 4.9;
    expect_bad(ctx, &s, "/classes/1", "is empty");
    b[1].to = 14.51;
    b[2].name = "clean";
    expect_bad(ctx, &s, "/classes/2/class", "named twice");
    b[2].name = "conventional";
    s.nbands = 1;
    expect_bad(ctx, &s, "/classes", "fewer than two");
    s.nbands = 3;
    s.unit = "";
    expect_bad(ctx, &s, "/unit", "missing");
    s.unit = "kg";
    s.id = "../x";
    expect_bad(ctx, &s, "/id", "not an id");
    s.id = "x";
    s.version = 2;
    expect_bad(ctx, &s, "/version", "reads version 1");
}

static void test_grading_rejects_bad_lines_and_percentiles(void **state) {
    lca_ctx *ctx = *state;
    lca_grading_spec s = base_spec(LCA_GRADING_SLIDING);
    s.source = "bands.json";
    lca_grading_point p[2] = {{0, 400}, {0, 50}};
    s.points = p;
    expect_bad(ctx, &s, "/line/points/1", "does not increase");
    p[1] = (lca_grading_point){1, -50};
    expect_bad(ctx, &s, "/line/points/1", "not above 0");
    s.npoints = 1;
    expect_bad(ctx, &s, "/line/points", "at least two");
    s = base_spec(LCA_GRADING_DISTRIBUTION);
    s.source = "bands.json";
    lca_grading_band b[5];
    memcpy(b, pct_bands, sizeof b);
    s.bands = b;
    b[4].to = 120;
    expect_bad(ctx, &s, "/classes/4", "outside 0..100");
    b[4].to = 100;
    s.min_population = 0;
    expect_bad(ctx, &s, "/population/min", "below 1");
}

static void test_grading_units_must_match(void **state) {
    lca_ctx *ctx = *state;
    lca_grading_spec s = base_spec(LCA_GRADING_SLIDING);
    s.source = "steel.json";
    lca_grading *g = make(ctx, &s);
    assert_int_equal(lca_grading_check_unit(g, "kg co2e / t", "x"), LCA_OK);
    assert_int_equal(lca_grading_check_unit(g, "KG CO2-eq/t", "x"), LCA_OK);
    assert_int_equal(lca_grading_check_unit(g, "t CO2-eq/t", "category "
                                            "'steel'"),
                     LCA_ERR_INVALID);
    const char *m = lca_ctx_errmsg(ctx);
    assert_non_null(strstr(m, "steel.json: /unit: the thresholds are in "
                              "'kg CO2-eq/t', the values of category "
                              "'steel' in 't CO2-eq/t'"));
    assert_int_equal(lca_grading_check_unit(g, "kg CO2-eq/kg", "x"),
                     LCA_ERR_INVALID);
    lca_grading_destroy(&g);
}

static void test_grading_create_survives_allocation_failures(void **state) {
    lca_ctx *ctx = *state;
    lca_grading_spec s = base_spec(LCA_GRADING_SLIDING);
    static const char *refs[1] = {"IEA (2022)"};
    s.nreferences = 1;
    s.references = refs;
    test_alloc ta;
    for (int64_t k = 0;; k++) {
        test_alloc_install(ctx, &ta, k);
        lca_grading *g = NULL;
        lca_status st = lca_grading_create(ctx, &s, &g);
        if (st == LCA_OK) {
            assert_string_equal(lca_grading_get(g)->references[0],
                                "IEA (2022)");
            lca_grading_destroy(&g);
            assert_int_equal(ta.live, 0);
            break;
        }
        assert_int_equal(st, LCA_ERR_NOMEM);
        assert_null(g);
        assert_int_equal(ta.live, 0);
    }
}

static void test_grades_create_survives_allocation_failures(void **state) {
    lca_ctx *ctx = *state;
    lca_grading_spec s = base_spec(LCA_GRADING_DISTRIBUTION);
    lca_grading *g = make(ctx, &s);
    double x[3][2] = {{1, 2}, {2, 3}, {3, 1}};
    lca_grade_item it[3];
    for (int i = 0; i < 3; i++) {
        it[i] = item("m", x[i][0], x[i]);
        it[i].in_population = 1;
    }
    test_alloc ta;
    test_alloc_install(ctx, &ta, -1);
    lca_grades *gr = NULL;
    assert_nomem_each(&ta, gr, lca_grades_create(g, NULL, 3, it, 2, &gr),
                      lca_grades_destroy);
    lca_grading_destroy(&g);
}

int main(void) {
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, ctx_setup, ctx_teardown)
        T(test_grade_absolute_counts_by_hand),
        T(test_grade_one_band_gets_probability_one),
        T(test_grade_without_samples_is_deterministic_only),
        T(test_grade_sliding_scale_multiples_of_the_line),
        T(test_grade_sliding_needs_the_parameter),
        T(test_grade_distribution_percentiles_by_hand),
        T(test_grade_distribution_moves_with_the_market),
        T(test_grade_distribution_skips_failed_iterations),
        T(test_grade_distribution_rejects_a_bad_population),
        T(test_grade_confidence_class_is_the_quantile_class),
        T(test_grading_rejects_overlaps_and_gaps),
        T(test_grading_rejects_bad_lines_and_percentiles),
        T(test_grading_units_must_match),
        T(test_grading_create_survives_allocation_failures),
        T(test_grades_create_survives_allocation_failures),
#undef T
    };
    return cmocka_run_group_tests_name("grade", tests, NULL, NULL);
}
