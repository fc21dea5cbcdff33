// tests/test_cbam.c: CBAM specific embedded emissions (engine/cbam/) and
// the goods and table readers and writer (io/cbam/)
// SPDX-License-Identifier: MIT
//
// The hand example: a steel model with pig iron (2 t per unit of blast
// furnace activity), ferro-manganese (in kg), crude steel from both, and
// electricity that uses some coke, so its upstream factor (0.603 t/MWh)
// differs from its direct one (0.6): SEE of crude steel by hand,
//   direct   0.2 + 0.9 x 1.5 + 0.02 x 1.2                 = 1.574
//   indirect 0.5 x 0.603 + 0.9 x 0.05 x 0.603 + 0.02 x 3 x 0.603
//                                                         = 0.364815
// and of a declared hot-rolled coil on 1050 t of that steel per 1000 t:
//   direct   (120 + 1050 x 1.574) / 1000                  = 1.7727
//   indirect (150 x 0.7 + 1050 x 0.364815) / 1000         = 0.48805575

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "test_util.h"

static lca_model *steel_model(lca_ctx *ctx) {
    // products: pig-iron t, femn kg, steel t, elec MWh, coke t
    const double A[25] = {
        2.0,  0.0,    -0.9, 0.0,   0.0,
        0.0,  1.0,    -20,  0.0,   0.0,
        0.0,  0.0,    1.0,  0.0,   0.0,
        -0.1, -0.003, -0.5, 1.0,   0.0,
        -0.8, 0.0,    0.0,  -0.01, 1.0};
    const double B[5] = {3000, 1.2, 200, 600, 300};
    const double C[1] = {1.0};
    lca_csc *Ac = csc_from_dense(ctx, 5, 5, A);
    lca_csc *Bc = csc_from_dense(ctx, 1, 5, B);
    lca_csc *Cc = csc_from_dense(ctx, 1, 1, C);
    lca_model *M = NULL;
    assert_int_equal(lca_model_create(ctx, LCA_TECHNOSPHERE, Ac, Bc, Cc, &M),
                     LCA_OK);
    const char *ids[5] = {"pig-iron", "femn", "steel", "elec", "coke"};
    const char *ind[1] = {"GWP100"};
    const char *flows[1] = {"co2"};
    assert_int_equal(lca_model_set_labels(M, LCA_PRODUCTS, LCA_LABEL_ID, ids),
                     LCA_OK);
    assert_int_equal(lca_model_set_labels(M, LCA_INDICATORS, LCA_LABEL_ID,
                                          ind), LCA_OK);
    assert_int_equal(lca_model_set_labels(M, LCA_FLOWS, LCA_LABEL_ID, flows),
                     LCA_OK);
    lca_csc_destroy(&Ac);
    lca_csc_destroy(&Bc);
    lca_csc_destroy(&Cc);
    return M;
}

static const lca_cbam_sector sectors[] = {
    {"iron-steel", "Iron or steel products", 0},
    {"fertilisers", "Fertilisers", 1}};
static const lca_cbam_default defaults[] = {
    {"7207", "", "", 2.3, NAN, 2.3, "illustrative", "test"},
    {"7207 11", "", "", 2.0, NAN, 2.0, "illustrative", "test"},
    {"7207 11", "CN", "", 1.9, NAN, 1.9, "illustrative", "test"},
    {"7208", "", "", 2.5, NAN, 2.5, "illustrative", "test"},
    {"3102 10", "", "", 1.6, 0.12, 1.72, "illustrative", "test"}};
static const lca_cbam_markup markups[] = {
    {"*", 2026, 2026, 0.10}, {"*", 2027, 2027, 0.20}, {"*", 2028, 0, 0.30},
    {"fertilisers", 2026, 0, 0.01}};
static const lca_cbam_electricity elec[] = {{"elec", 1.0, NAN}};
static const lca_cbam_precursor hrc_prec[] = {{"steel", 1050}};

static lca_cbam_good model_good(const char *id, const char *cn,
                                const char *product, double t) {
    lca_cbam_good g;
    memset(&g, 0, sizeof g);
    g.id = id;
    g.name = g.route = g.country = g.process = "";
    g.cn_code = cn;
    g.sector = "iron-steel";
    g.source = LCA_CBAM_MODEL;
    g.product = product;
    g.tonnes_per_unit = t;
    g.indirect = g.electricity_mwh = g.electricity_factor = NAN;
    return g;
}

static lca_cbam_good declared_good(const char *id, const char *cn,
                                   int64_t nprec,
                                   const lca_cbam_precursor *prec) {
    lca_cbam_good g = model_good(id, cn, "", 0.0);
    g.source = LCA_CBAM_DECLARED;
    g.activity_level = 1000;
    g.direct = 120;
    g.electricity_mwh = 150;
    g.electricity_factor = 0.7;
    g.nprecursors = nprec;
    g.precursors = prec;
    return g;
}

static lca_cbam_good G[5];

static lca_cbam_spec steel_spec(void) {
    G[0] = model_good("pig-iron", "7201 10 11", "pig-iron", 1.0);
    G[1] = model_good("femn", "7202 11 20", "femn", 0.001);
    G[2] = model_good("steel", "7207 11 14", "steel", 1.0);
    G[3] = declared_good("hrc", "7208 51 20", 1, hrc_prec);
    lca_cbam_spec s;
    memset(&s, 0, sizeof s);
    s.source = "goods.json";
    s.installation = s.city = s.period_start = s.period_end = "";
    s.country = "CN";
    s.indicator = "GWP100";
    s.tonnes_per_indicator_unit = 0.001;
    s.nelectricity = 1;
    s.electricity = elec;
    s.ngoods = 4;
    s.goods = G;
    return s;
}

static lca_cbam_tables tables(void) {
    lca_cbam_tables t = {"sectors.csv", 2, sectors, "defaults.csv", 5,
                         defaults, "markups.csv", 4, markups};
    return t;
}

static lca_cbam_result result(const lca_cbam *cb, const char *id) {
    lca_cbam_result r;
    for (int64_t g = 0; g < lca_cbam_ngoods(cb); g++) {
        lca_cbam_result_get(cb, g, &r);
        if (strcmp(r.good->id, id) == 0) return r;
    }
    fail_msg("no good %s", id);
    return r;
}

static void test_cbam_hand_example_two_precursors(void **state) {
    lca_ctx *ctx = *state;
    lca_model *M = steel_model(ctx);
    lca_cbam_spec s = steel_spec();
    lca_cbam_tables t = tables();
    lca_cbam *cb = NULL;
    assert_int_equal(lca_cbam_create(ctx, &s, &t, &cb), LCA_OK);
    assert_int_equal(lca_cbam_run(cb, M, 2026), LCA_OK);
    lca_cbam_result r = result(cb, "pig-iron");
    assert_close(r.see_direct, 1.5, 1e-12);
    assert_close(r.electricity, 0.05, 1e-12);
    assert_close(r.see_indirect, 0.05 * 0.603, 1e-12);
    r = result(cb, "femn");
    assert_close(r.see_direct, 1.2, 1e-12);
    assert_close(r.see_indirect, 3.0 * 0.603, 1e-12);
    assert_null(r.dflt);
    r = result(cb, "steel");
    assert_int_equal(r.nprecursors, 2);
    assert_close(r.attr_direct, 0.2, 1e-12);
    assert_close(r.see_direct, 1.574, 1e-12);
    assert_close(r.see_indirect, 0.364815, 1e-12);
    assert_close(r.see_total, 1.574, 1e-12);  // iron-steel: direct only
    // Longest prefix, then the country's line: 7207 11 for CN, x 1.1.
    assert_close(r.default_total, 1.9 * 1.1, 1e-12);
    assert_close(r.difference, 1.574 - 2.09, 1e-12);
    r = result(cb, "hrc");
    assert_close(r.see_direct, 1.7727, 1e-12);
    assert_close(r.see_indirect, 0.48805575, 1e-12);
    assert_close(r.precursor_mass[0], 1.05, 1e-12);
    assert_close(r.default_total, 2.5 * 1.1, 1e-12);
    lca_cbam_destroy(&cb);
    lca_model_destroy(&M);
}

static void test_cbam_markup_follows_year_and_sector(void **state) {
    lca_ctx *ctx = *state;
    lca_cbam_spec s = steel_spec();
    G[0] = declared_good("urea", "3102 10 10", 0, NULL);
    G[0].sector = "fertilisers";
    G[1] = declared_good("hrc", "7208 51 20", 0, NULL);
    s.ngoods = 2;
    s.nelectricity = 0;
    lca_cbam_tables t = tables();
    lca_cbam *cb = NULL;
    assert_int_equal(lca_cbam_create(ctx, &s, &t, &cb), LCA_OK);
    const int years[3] = {2026, 2027, 2035};
    const double steel[3] = {0.10, 0.20, 0.30};
    for (int y = 0; y < 3; y++) {
        assert_int_equal(lca_cbam_run(cb, NULL, years[y]), LCA_OK);
        lca_cbam_result u = result(cb, "urea"), h = result(cb, "hrc");
        assert_close(u.markup, 0.01, 0);
        assert_close(h.markup, steel[y], 0);
        // Fertilisers count indirect emissions: 0.12 + 0.105.
        assert_close(u.see_total, 0.12 + 0.105, 1e-12);
        assert_close(u.default_total, 1.72 * 1.01, 1e-12);
    }
    assert_int_equal(lca_cbam_run(cb, NULL, 2025), LCA_ERR_ARG);
    lca_cbam_destroy(&cb);
}

// Create fails with LCA_ERR_INVALID and a message holding every part.
static void refuse(lca_ctx *ctx, const lca_cbam_spec *s,
                   const lca_cbam_tables *t, const char *a, const char *b) {
    lca_cbam *cb = NULL;
    assert_int_equal(lca_cbam_create(ctx, s, t, &cb), LCA_ERR_INVALID);
    assert_null(cb);
    const char *msg = lca_ctx_errmsg(ctx);
    if (strstr(msg, a) == NULL || (b != NULL && strstr(msg, b) == NULL)) {
        fail_msg("message '%s' lacks '%s' / '%s'", msg, a, b ? b : "");
    }
}

static void test_cbam_refuses_goods_without_cn_code(void **state) {
    lca_ctx *ctx = *state;
    lca_cbam_tables t = tables();
    lca_cbam_spec s = steel_spec();
    G[2].cn_code = "";
    refuse(ctx, &s, &t, "good 'steel'", "no CN code");
    s = steel_spec();
    G[2].cn_code = "72O7";
    refuse(ctx, &s, &t, "good 'steel'", "not 4, 6 or 8 digits");
    s = steel_spec();
    G[2].sector = "glass";
    refuse(ctx, &s, &t, "good 'steel'", "sector 'glass'");
    s = steel_spec();
    G[1].id = "steel";
    refuse(ctx, &s, &t, "good 'steel'", "used twice");
    s = steel_spec();
    G[3].precursors = (const lca_cbam_precursor[]){{"slab", 1.0}};
    refuse(ctx, &s, &t, "good 'hrc'", "'slab' is not a good");
    s = steel_spec();
    G[3].electricity_factor = NAN;
    refuse(ctx, &s, &t, "good 'hrc'", "indirect");
    s = steel_spec();
    G[0].tonnes_per_unit = 0.0;
    refuse(ctx, &s, &t, "good 'pig-iron'", "tonnes per model unit");
}

static void test_cbam_refuses_bad_tables(void **state) {
    lca_ctx *ctx = *state;
    lca_cbam_spec s = steel_spec();
    lca_cbam_tables t = tables();
    const lca_cbam_markup overlap[] = {{"*", 2026, 0, 0.1},
                                       {"*", 2027, 2027, 0.2}};
    t.markups = overlap;
    t.nmarkups = 2;
    refuse(ctx, &s, &t, "markups.csv: line 3", "overlap line 2");
    t = tables();
    const lca_cbam_default dup[] = {
        {"7207", "", "", 2.3, NAN, 2.3, "official", "x"},
        {"7207", "", "", 2.1, NAN, 2.1, "official", "x"}};
    t.defaults = dup;
    t.ndefaults = 2;
    refuse(ctx, &s, &t, "defaults.csv: line 3", "same CN code");
    t = tables();
    const lca_cbam_default status[] = {
        {"7207", "", "", 2.3, NAN, 2.3, "guessed", "x"}};
    t.defaults = status;
    t.ndefaults = 1;
    refuse(ctx, &s, &t, "defaults.csv: line 2", "status");
}

static void test_cbam_no_markup_for_the_year_is_an_error(void **state) {
    lca_ctx *ctx = *state;
    lca_model *M = steel_model(ctx);
    lca_cbam_spec s = steel_spec();
    lca_cbam_tables t = tables();
    t.nmarkups = 1;  // 2026 only
    lca_cbam *cb = NULL;
    assert_int_equal(lca_cbam_create(ctx, &s, &t, &cb), LCA_OK);
    assert_int_equal(lca_cbam_run(cb, M, 2026), LCA_OK);
    assert_int_equal(lca_cbam_run(cb, M, 2027), LCA_ERR_INVALID);
    assert_non_null(strstr(lca_ctx_errmsg(ctx), "no mark-up for sector "
                                                "'iron-steel' in 2027"));
    lca_table *tab = NULL;
    assert_int_equal(lca_cbam_table(cb, &tab), LCA_ERR_ARG);  // not run
    lca_cbam_destroy(&cb);
    lca_model_destroy(&M);
}

static void test_cbam_precursor_cycle_names_the_goods(void **state) {
    lca_ctx *ctx = *state;
    lca_cbam_spec s = steel_spec();
    const lca_cbam_precursor pa[] = {{"b", 1.0}}, pb[] = {{"c", 1.0}},
                             pc[] = {{"b", 2.0}};
    G[0] = declared_good("a", "7208 10 00", 1, pa);
    G[1] = declared_good("b", "7208 10 00", 1, pb);
    G[2] = declared_good("c", "7208 10 00", 1, pc);
    s.ngoods = 3;
    s.nelectricity = 0;
    lca_cbam_tables t = tables();
    lca_cbam *cb = NULL;
    assert_int_equal(lca_cbam_create(ctx, &s, &t, &cb), LCA_OK);
    assert_int_equal(lca_cbam_run(cb, NULL, 2026), LCA_ERR_INVALID);
    const char *msg = lca_ctx_errmsg(ctx);
    assert_non_null(strstr(msg, "goods.json: precursor cycle: b -> c -> b"));
    lca_cbam_destroy(&cb);
}

// A cycle through the model: steel uses pig iron; make pig iron use steel.
static void test_cbam_model_cycle_is_an_error(void **state) {
    lca_ctx *ctx = *state;
    const double A[4] = {1.0, -0.1, -0.9, 1.0};
    const double B[2] = {1000, 200}, C[1] = {1.0};
    lca_csc *Ac = csc_from_dense(ctx, 2, 2, A);
    lca_csc *Bc = csc_from_dense(ctx, 1, 2, B);
    lca_csc *Cc = csc_from_dense(ctx, 1, 1, C);
    lca_model *M = NULL;
    assert_int_equal(lca_model_create(ctx, LCA_TECHNOSPHERE, Ac, Bc, Cc, &M),
                     LCA_OK);
    const char *ids[2] = {"pig-iron", "steel"}, *ind[1] = {"GWP100"};
    lca_model_set_labels(M, LCA_PRODUCTS, LCA_LABEL_ID, ids);
    lca_model_set_labels(M, LCA_INDICATORS, LCA_LABEL_ID, ind);
    lca_cbam_spec s = steel_spec();
    G[0] = model_good("pig-iron", "7201 10 11", "pig-iron", 1.0);
    G[1] = model_good("steel", "7207 11 14", "steel", 1.0);
    s.ngoods = 2;
    s.nelectricity = 0;
    lca_cbam_tables t = tables();
    lca_cbam *cb = NULL;
    assert_int_equal(lca_cbam_create(ctx, &s, &t, &cb), LCA_OK);
    assert_int_equal(lca_cbam_run(cb, M, 2026), LCA_ERR_INVALID);
    assert_non_null(strstr(lca_ctx_errmsg(ctx), "precursor cycle: "
                                                "pig-iron -> steel -> "
                                                "pig-iron"));
    // Without the model the model goods cannot be computed.
    assert_int_equal(lca_cbam_run(cb, NULL, 2026), LCA_ERR_INVALID);
    assert_non_null(strstr(lca_ctx_errmsg(ctx), "no model"));
    lca_cbam_destroy(&cb);
    lca_model_destroy(&M);
    lca_csc_destroy(&Ac);
    lca_csc_destroy(&Bc);
    lca_csc_destroy(&Cc);
}

static void test_cbam_unknown_product_and_shared_product(void **state) {
    lca_ctx *ctx = *state;
    lca_model *M = steel_model(ctx);
    lca_cbam_tables t = tables();
    lca_cbam_spec s = steel_spec();
    G[1].product = "manganese";
    lca_cbam *cb = NULL;
    assert_int_equal(lca_cbam_create(ctx, &s, &t, &cb), LCA_OK);
    assert_int_equal(lca_cbam_run(cb, M, 2026), LCA_ERR_NOTFOUND);
    assert_non_null(strstr(lca_ctx_errmsg(ctx), "good 'femn'"));
    lca_cbam_destroy(&cb);
    s = steel_spec();
    G[1].product = "steel";
    assert_int_equal(lca_cbam_create(ctx, &s, &t, &cb), LCA_OK);
    assert_int_equal(lca_cbam_run(cb, M, 2026), LCA_ERR_INVALID);
    assert_non_null(strstr(lca_ctx_errmsg(ctx), "both model product"));
    lca_cbam_destroy(&cb);
    lca_model_destroy(&M);
}

static void test_cbam_fails_cleanly_without_memory(void **state) {
    lca_ctx *ctx = *state;
    lca_model *M = steel_model(ctx);
    lca_cbam_spec s = steel_spec();
    lca_cbam_tables t = tables();
    test_alloc ta;
    for (int64_t k = 0;; k++) {
        lca_cbam *cb = NULL;
        lca_table *tab = NULL;
        test_alloc_install(ctx, &ta, k);
        lca_status st = lca_cbam_create(ctx, &s, &t, &cb);
        if (st == LCA_OK) st = lca_cbam_run(cb, M, 2026);
        if (st == LCA_OK) st = lca_cbam_table(cb, &tab);
        lca_table_destroy(&tab);
        lca_cbam_destroy(&cb);
        if (st == LCA_OK) break;
        assert_int_equal(st, LCA_ERR_NOMEM);
        assert_int_equal(ta.live, 0);
    }
    lca_model_destroy(&M);
}

// ---- files --------------------------------------------------------------------

static void write_file(const char *path, const char *text) {
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

// Copy path into buf (1024 bytes): a path that does not fit is a failed
// assertion, not a silent truncation.
static void copy_path(char *buf, const char *path) {
    int len = snprintf(buf, 1024, "%s", path);
    assert_true(len > 0 && len < 1024);
}

// src_path returns a static buffer: copy each path.
static lca_cbam_files own_files(char buf[4][1024], const char *goods) {
    copy_path(buf[0], goods);
    copy_path(buf[1], src_path("datasets/cbam/sectors.csv"));
    copy_path(buf[2], src_path("datasets/cbam/defaults-illustrative.csv"));
    copy_path(buf[3], src_path("datasets/cbam/markups.csv"));
    lca_cbam_files f = {buf[0], buf[1], buf[2], buf[3]};
    return f;
}

static void test_cbam_read_write_example(void **state) {
    lca_ctx *ctx = *state;
    char buf[4][1024];
    lca_cbam_files f = own_files(
        buf, src_path("datasets/cbam/examples/steel/goods.json"));
    lca_cbam *cb = NULL;
    lca_model *M = NULL;
    assert_int_equal(lca_cbam_read(ctx, &f, &cb), LCA_OK);
    // The example's model is the hand model with its own ids.
    M = steel_model(ctx);
    const char *ids[5] = {"pig-iron", "ferro-manganese", "crude-steel",
                          "electricity", "coke"};
    lca_model_set_labels(M, LCA_PRODUCTS, LCA_LABEL_ID, ids);
    assert_int_equal(lca_cbam_run(cb, M, 2027), LCA_OK);
    lca_cbam_result r = result(cb, "crude-steel");
    assert_close(r.see_direct, 1.574, 1e-12);
    assert_close(r.see_indirect, 0.364815, 1e-12);
    assert_close(r.markup, 0.2, 0);
    r = result(cb, "hot-rolled-coil");
    assert_close(r.see_direct, 1.7727, 1e-12);
    assert_string_equal(r.dflt->status, "illustrative");
    const char *dir = test_tmpdir("cbam_write");
    assert_int_equal(lca_cbam_write(cb, NULL, dir), LCA_OK);
    char path[1200];
    snprintf(path, sizeof path, "%s/cbam.csv", dir);
    assert_true(file_exists(path));
    snprintf(path, sizeof path, "%s/cbam.html", dir);
    assert_true(file_exists(path));
    lca_cbam_destroy(&cb);
    lca_model_destroy(&M);
}

// A goods file with one change, read: LCA_ERR_INVALID naming a and b.
static void refuse_file(lca_ctx *ctx, const char *json, const char *a,
                        const char *b) {
    char buf[4][1024], path[1100];
    snprintf(path, sizeof path, "%s/goods.json", test_tmpdir("cbam_bad"));
    write_file(path, json);
    lca_cbam_files f = own_files(buf, path);
    lca_cbam *cb = NULL;
    assert_int_equal(lca_cbam_read(ctx, &f, &cb), LCA_ERR_INVALID);
    assert_null(cb);
    const char *msg = lca_ctx_errmsg(ctx);
    if (strstr(msg, a) == NULL || strstr(msg, b) == NULL) {
        fail_msg("message '%s' lacks '%s' / '%s'", msg, a, b);
    }
}

#define HEAD "{\"format\": \"leontief-cbam-goods\", \"version\": 1, "

static void test_cbam_read_refuses_bad_goods_files(void **state) {
    lca_ctx *ctx = *state;
    refuse_file(ctx, HEAD "\"goods\": [{\"id\": \"x\", \"sector\": "
                "\"cement\", \"declared\": {\"activity_level\": 1, "
                "\"direct\": 1, \"indirect\": 0}}]}", "good 'x'",
                "no CN code");
    refuse_file(ctx, HEAD "\"goods\": [{\"id\": \"x\", \"cn\": \"2523\"}]}",
                "/goods/0/cn", "unknown field (see docs/CBAM.md");
    refuse_file(ctx, HEAD "\"goods\": [{\"id\": \"x\", \"cn_code\": "
                "\"2523\", \"sector\": \"cement\"}]}", "/goods/0",
                "exactly one of");
    refuse_file(ctx, "{\"format\": \"leontief-pcf-rule\", \"version\": 1}",
                "/format", "leontief-cbam-goods");
    refuse_file(ctx, HEAD "\"goods\": 3}", "/goods", "expected an array");
    refuse_file(ctx, "{\"format\": ", "goods.json: line 1", "column");
}

static void test_cbam_read_refuses_bad_tables(void **state) {
    lca_ctx *ctx = *state;
    char buf[4][1024], path[1100];
    lca_cbam_files f = own_files(
        buf, src_path("datasets/cbam/examples/steel/goods.json"));
    snprintf(path, sizeof path, "%s/markups.csv", test_tmpdir("cbam_tab"));
    write_file(path, "sector,year_from,year_to,mark_up\n*,2026,,0.1\n");
    f.markups = path;
    lca_cbam *cb = NULL;
    assert_int_equal(lca_cbam_read(ctx, &f, &cb), LCA_ERR_INVALID);
    assert_non_null(strstr(lca_ctx_errmsg(ctx), "markups.csv: line 1: "
                                                "unknown column 'mark_up'"));
    write_file(path, "sector,year_from,year_to,markup\n*,2026,,ten\n");
    assert_int_equal(lca_cbam_read(ctx, &f, &cb), LCA_ERR_INVALID);
    assert_non_null(strstr(lca_ctx_errmsg(ctx), "markups.csv: line 2: "
                                                "markup is not a number"));
    write_file(path, "sector,year_from,year_to,markup\nglass,2026,,0.1\n");
    assert_int_equal(lca_cbam_read(ctx, &f, &cb), LCA_ERR_INVALID);
    assert_non_null(strstr(lca_ctx_errmsg(ctx), "markups.csv: line 2: "
                                                "sector 'glass'"));
    f.sectors = "/nonexistent/sectors.csv";
    assert_int_equal(lca_cbam_read(ctx, &f, &cb), LCA_ERR_IO);
    assert_null(cb);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            test_cbam_hand_example_two_precursors, ctx_setup, ctx_teardown),
        cmocka_unit_test_setup_teardown(
            test_cbam_markup_follows_year_and_sector, ctx_setup,
            ctx_teardown),
        cmocka_unit_test_setup_teardown(
            test_cbam_refuses_goods_without_cn_code, ctx_setup, ctx_teardown),
        cmocka_unit_test_setup_teardown(test_cbam_refuses_bad_tables,
                                        ctx_setup, ctx_teardown),
        cmocka_unit_test_setup_teardown(
            test_cbam_no_markup_for_the_year_is_an_error, ctx_setup,
            ctx_teardown),
        cmocka_unit_test_setup_teardown(
            test_cbam_precursor_cycle_names_the_goods, ctx_setup,
            ctx_teardown),
        cmocka_unit_test_setup_teardown(test_cbam_model_cycle_is_an_error,
                                        ctx_setup, ctx_teardown),
        cmocka_unit_test_setup_teardown(
            test_cbam_unknown_product_and_shared_product, ctx_setup,
            ctx_teardown),
        cmocka_unit_test_setup_teardown(
            test_cbam_fails_cleanly_without_memory, ctx_setup, ctx_teardown),
        cmocka_unit_test_setup_teardown(test_cbam_read_write_example,
                                        ctx_setup, ctx_teardown),
        cmocka_unit_test_setup_teardown(
            test_cbam_read_refuses_bad_goods_files, ctx_setup, ctx_teardown),
        cmocka_unit_test_setup_teardown(test_cbam_read_refuses_bad_tables,
                                        ctx_setup, ctx_teardown),
    };
    return cmocka_run_group_tests_name("cbam", tests, NULL, NULL);
}
