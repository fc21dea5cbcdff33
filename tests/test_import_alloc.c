// tests/test_import_alloc.c: allocation of multi-output processes at import
// (io/import/procdb/procdb_alloc.c, include/lca/alloc.h)
// SPDX-License-Identifier: MIT
//
// The hand example: soybean crushing makes 8 kg meal (reference) and 2 kg
// oil from 10 kg soybeans (0.5 kg CO2 each), 5 MJ electricity (0.2 kg CO2
// each) and 1 kg CO2 of its own: 7 kg CO2 in all. Meal costs 0.3 and oil
// 0.8 per kg; meal holds 15 MJ/kg, oil 37 MJ/kg; the data's physical
// factors are 0.7 / 0.3; palm oil (3 kg CO2/kg) provides "oil", rapeseed
// oil (2 kg CO2/kg) another flow. Per kg of meal and of oil:
//
//   mass          f = 8/10:           meal 0.8*7/8 = 0.7     oil 0.2*7/2 = 0.7
//   economic      f = 2.4/4.0:        meal 0.6*7/8 = 0.525   oil 0.4*7/2 = 1.4
//   energy        f = 120/194:        meal 120/194*7/8       oil 74/194*7/2
//   source        f = 0.7:            meal 0.7*7/8 = 0.6125  oil 0.3*7/2 = 1.05
//   substitution  oil credits palm:   meal (7 - 2*3)/8 = 0.125
//   ... override  oil credits rape:   meal (7 - 2*2)/8 = 0.375
//   none, no palm oil in the data:    meal 7/8 = 0.875 (oil cut off)

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "test_util.h"
#include "test_zip.h"

#define UG(id, unit)                                                        \
    "{\"@id\":\"" id "\",\"units\":[{\"@id\":\"u-" unit "\",\"name\":\""    \
    unit "\",\"conversionFactor\":1.0,\"referenceUnit\":true}]}"
#define FP(id, name, group)                                                 \
    "{\"@id\":\"" id "\",\"name\":\"" name "\",\"unitGroup\":{\"@id\":\""   \
    group "\"}}"
#define FPF(prop, factor, ref)                                              \
    "{\"flowProperty\":{\"@id\":\"" prop "\"},\"conversionFactor\":"        \
    factor ref "}"
#define ISREF ",\"referenceFlowProperty\":true"
#define FLOW(id, type, props)                                               \
    "{\"@id\":\"" id "\",\"name\":\"" id " name\",\"flowType\":\"" type     \
    "\",\"flowProperties\":[" props "]}"
#define KG FPF("fp-mass", "1.0", ISREF)
#define EX(flow, input, amount, unit, prop, extra)                          \
    "{\"flow\":{\"@id\":\"" flow "\"},\"input\":" input ",\"amount\":"      \
    amount ",\"unit\":{\"@id\":\"u-" unit "\"},\"flowProperty\":{\"@id\":"  \
    "\"" prop "\"}" extra "}"
#define REF ",\"quantitativeReference\":true"
#define PROC(id, exchanges, extra)                                          \
    "{\"@type\":\"Process\",\"@id\":\"" id "\",\"name\":\"" id " name\","   \
    "\"exchanges\":[" exchanges "]" extra "}"
#define AF(flow, value)                                                     \
    "{\"allocationType\":\"PHYSICAL_ALLOCATION\",\"product\":{\"@id\":\""   \
    flow "\"},\"value\":" value "}"

static const zip_text base[] = {
    {"unit_groups/ug-mass.json", UG("ug-mass", "kg")},
    {"unit_groups/ug-energy.json", UG("ug-energy", "MJ")},
    {"flow_properties/fp-mass.json", FP("fp-mass", "Mass", "ug-mass")},
    {"flow_properties/fp-energy.json", FP("fp-energy", "Energy", "ug-energy")},
    {"flow_properties/fp-ncv.json",
     FP("fp-ncv", "Net calorific value", "ug-energy")},
    {"flows/f-meal.json",
     FLOW("f-meal", "PRODUCT_FLOW", KG "," FPF("fp-ncv", "15.0", ""))},
    {"flows/f-oil.json",
     FLOW("f-oil", "PRODUCT_FLOW", KG "," FPF("fp-ncv", "37.0", ""))},
    {"flows/f-soy.json", FLOW("f-soy", "PRODUCT_FLOW", KG)},
    {"flows/f-rape.json", FLOW("f-rape", "PRODUCT_FLOW", KG)},
    {"flows/f-elec.json",
     FLOW("f-elec", "PRODUCT_FLOW", FPF("fp-energy", "1.0", ISREF))},
    {"flows/f-co2.json", FLOW("f-co2", "ELEMENTARY_FLOW", KG)},
    {"processes/p-crush.json",
     PROC("p-crush",
          EX("f-meal", "false", "8", "kg", "fp-mass",
             REF ",\"costValue\":2.4") ","
          EX("f-oil", "false", "2", "kg", "fp-mass", ",\"costValue\":1.6") ","
          EX("f-soy", "true", "10", "kg", "fp-mass", "") ","
          EX("f-elec", "true", "5", "MJ", "fp-energy", "") ","
          EX("f-co2", "false", "1", "kg", "fp-mass", ""),
          ",\"allocationFactors\":[" AF("f-meal", "0.7") "," AF("f-oil", "0.3")
          ",{\"allocationType\":\"CAUSAL_ALLOCATION\",\"product\":{\"@id\":"
          "\"f-oil\"},\"value\":1}]")},
    {"processes/p-farm.json",
     PROC("p-farm", EX("f-soy", "false", "1", "kg", "fp-mass", REF) ","
                    EX("f-co2", "false", "0.5", "kg", "fp-mass", ""), "")},
    {"processes/p-elec.json",
     PROC("p-elec", EX("f-elec", "false", "1", "MJ", "fp-energy", REF) ","
                    EX("f-co2", "false", "0.2", "kg", "fp-mass", ""), "")},
    {"processes/p-palm.json",
     PROC("p-palm", EX("f-oil", "false", "1", "kg", "fp-mass", REF) ","
                    EX("f-co2", "false", "3", "kg", "fp-mass", ""), "")},
    {"processes/p-rape.json",
     PROC("p-rape", EX("f-rape", "false", "1", "kg", "fp-mass", REF) ","
                    EX("f-co2", "false", "2", "kg", "fp-mass", ""), "")},
};

#define NBASE ((int)(sizeof base / sizeof base[0]))

static const zip_text none = {NULL, NULL};

static const char *soy_zip(const char *name, const char *drop) {
    const char *path = zip_variant(test_tmpdir("alloc"), name, base, NBASE,
                                   drop, none);
    assert_non_null(path);
    return path;
}

// Cumulative CO2 per unit of product id (B T^-1, one transposed solve).
static double co2_per_unit(const lca_model *M, const char *id) {
    lca_ctx *ctx = lca_model_ctx(M);
    int64_t f = -1, j = -1, n = lca_model_dim(M, LCA_PRODUCTS);
    assert_int_equal(lca_model_lookup(M, LCA_FLOWS, "f-co2", &f), LCA_OK);
    assert_int_equal(lca_model_lookup(M, LCA_PRODUCTS, id, &j), LCA_OK);
    lca_calc *c = NULL;
    double *Mf = malloc((size_t)n * sizeof *Mf);
    assert_int_equal(lca_calc_create(M, NULL, &c), LCA_OK);
    assert_int_equal(lca_calc_flow_factors(c, 1, &f, Mf), LCA_OK);
    double v = Mf[j];
    lca_calc_destroy(&c);
    free(Mf);
    (void)ctx;
    return v;
}

static lca_model *import(lca_ctx *ctx, const char *zip,
                         const lca_alloc_options *a) {
    lca_model *M = NULL;
    lca_status st = lca_import_olca_alloc(ctx, zip, a, &M);
    if (st != LCA_OK) fail_msg("%s", lca_ctx_errmsg(ctx));
    return M;
}

static int64_t count_reports(const lca_model *M, const char *kind) {
    int64_t n = 0;
    for (int64_t i = 0; i < lca_model_nreports(M); i++) {
        n += strcmp(lca_model_report(M, i, LCA_REPORT_KIND), kind) == 0;
    }
    return n;
}

static void check_split(lca_ctx *ctx, lca_alloc_method m, double meal,
                        double oil) {
    lca_alloc_options a;
    lca_alloc_options_default(&a);
    a.method = m;
    lca_model *M = import(ctx, soy_zip("soy", NULL), &a);
    assert_int_equal(lca_model_dim(M, LCA_PRODUCTS), 6);
    assert_close(co2_per_unit(M, "p-crush"), meal, 1e-12);
    assert_close(co2_per_unit(M, "p-crush/f-oil"), oil, 1e-12);
    assert_string_equal(lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_NAME, 1),
                        "f-oil name");
    assert_string_equal(lca_model_attr(M, "allocation:p-crush"),
                        lca_alloc_method_str(m));
    assert_int_equal(count_reports(M, "allocation"), 1);
    lca_model_destroy(&M);
}

static void test_alloc_mass_economic_energy_source_by_hand(void **state) {
    lca_ctx *ctx = *state;
    check_split(ctx, LCA_ALLOC_MASS, 0.7, 0.7);
    check_split(ctx, LCA_ALLOC_ECONOMIC, 0.525, 1.4);
    check_split(ctx, LCA_ALLOC_ENERGY, 120.0 / 194.0 * 7.0 / 8.0,
                74.0 / 194.0 * 7.0 / 2.0);
    check_split(ctx, LCA_ALLOC_SOURCE, 0.6125, 1.05);
}

static void test_alloc_substitution_credits_the_provider(void **state) {
    lca_ctx *ctx = *state;
    lca_alloc_options a;
    lca_alloc_options_default(&a);
    a.method = LCA_ALLOC_SUBSTITUTION;
    lca_model *M = import(ctx, soy_zip("soy", NULL), &a);
    assert_int_equal(lca_model_dim(M, LCA_PRODUCTS), 5);
    assert_close(co2_per_unit(M, "p-crush"), 0.125, 1e-12);
    assert_string_equal(lca_model_attr(M, "allocation:p-crush"),
                        "substitution");
    lca_model_destroy(&M);
    // A rule names rapeseed oil as what the oil replaces.
    const lca_alloc_provider pv = {"f-oil", "p-rape"};
    lca_alloc_override o = {"p-crush", LCA_ALLOC_SUBSTITUTION, 0, NULL, 1,
                            &pv, "rules/soy.json"};
    a.method = LCA_ALLOC_NONE;
    a.noverrides = 1;
    a.overrides = &o;
    M = import(ctx, soy_zip("soy", NULL), &a);
    assert_close(co2_per_unit(M, "p-crush"), 0.375, 1e-12);
    assert_string_equal(lca_model_attr(M, "allocation"), "none");
    assert_string_equal(lca_model_attr(M, "allocation:p-crush"),
                        "substitution");
    lca_model_destroy(&M);
}

static void test_alloc_none_keeps_the_old_import(void **state) {
    lca_ctx *ctx = *state;
    lca_model *M = NULL, *D = NULL;
    const char *zip = soy_zip("nopalm", "processes/p-palm.json");
    assert_int_equal(lca_import_olca(ctx, zip, &D), LCA_OK);
    M = import(ctx, zip, NULL);
    assert_close(co2_per_unit(M, "p-crush"), 7.0 / 8.0, 1e-12);
    assert_int_equal(count_reports(M, "unlinked output"), 1);
    assert_int_equal(lca_csc_nnz(lca_model_A(M)), lca_csc_nnz(lca_model_A(D)));
    assert_string_equal(lca_model_attr(D, "allocation:p-crush"), "none");
    lca_model_destroy(&M);
    // Substitution without a provider falls back, and says so.
    lca_alloc_options a;
    lca_alloc_options_default(&a);
    a.method = LCA_ALLOC_SUBSTITUTION;
    M = import(ctx, zip, &a);
    assert_close(co2_per_unit(M, "p-crush"), 7.0 / 8.0, 1e-12);
    assert_int_equal(count_reports(M, "allocation fallback"), 1);
    assert_string_equal(lca_model_attr(M, "allocation:p-crush"), "none");
    lca_model_destroy(&M);
    lca_model_destroy(&D);
}

static void test_alloc_falls_back_without_data(void **state) {
    lca_ctx *ctx = *state;
    lca_alloc_options a;
    lca_alloc_options_default(&a);
    a.method = LCA_ALLOC_ECONOMIC;
    // Without costValue on the oil: no price, so no economic allocation.
    const char *crush = PROC(
        "p-crush", EX("f-meal", "false", "8", "kg", "fp-mass", REF) ","
                   EX("f-oil", "false", "2", "kg", "fp-mass", "") ","
                   EX("f-co2", "false", "1", "kg", "fp-mass", ""), "");
    const char *zip = zip_variant(test_tmpdir("alloc"), "noprice", base,
                                  NBASE, "processes/p-crush.json",
                                  (zip_text){"processes/p-crush.json", crush});
    lca_model *M = import(ctx, zip, &a);
    assert_int_equal(count_reports(M, "allocation fallback"), 1);
    assert_string_equal(lca_model_attr(M, "allocation:p-crush"), "none");
    lca_model_destroy(&M);
    // Prices from a rule make it work: 0.3 and 0.8 as in the data above.
    const lca_alloc_price pr[] = {{"f-meal", 0.3}, {"f-oil", 0.8}};
    a.prices = pr;
    a.nprices = 2;
    M = import(ctx, zip, &a);
    assert_close(co2_per_unit(M, "p-crush"), 1.0 * 0.6 / 8.0, 1e-12);
    lca_model_destroy(&M);
}

static void test_alloc_rejects_bad_overrides(void **state) {
    lca_ctx *ctx = *state;
    lca_model *M = NULL;
    lca_alloc_options a;
    lca_alloc_options_default(&a);
    lca_alloc_override o = {"p-nothere", LCA_ALLOC_MASS, 0, NULL, 0, NULL,
                            "rules/x.json"};
    a.noverrides = 1;
    a.overrides = &o;
    const char *zip = soy_zip("soy", NULL);
    assert_int_equal(lca_import_olca_alloc(ctx, zip, &a, &M), LCA_ERR_INVALID);
    assert_null(M);
    assert_non_null(strstr(lca_ctx_errmsg(ctx), "rules/x.json"));
    assert_non_null(strstr(lca_ctx_errmsg(ctx), "p-nothere"));
    // A provider in another unit (electricity, MJ) cannot replace oil (kg).
    const lca_alloc_provider pv = {"f-oil", "p-elec"};
    lca_alloc_override s = {"p-crush", LCA_ALLOC_SUBSTITUTION, 0, NULL, 1,
                            &pv, "rules/y.json"};
    a.overrides = &s;
    assert_int_equal(lca_import_olca_alloc(ctx, zip, &a, &M), LCA_ERR_INVALID);
    assert_non_null(strstr(lca_ctx_errmsg(ctx), "MJ"));
    // An override of a process without co-products is reported, not used.
    lca_alloc_override f = {"p-farm", LCA_ALLOC_MASS, 0, NULL, 0, NULL, NULL};
    a.overrides = &f;
    M = import(ctx, zip, &a);
    assert_int_equal(count_reports(M, "allocation ignored"), 1);
    lca_model_destroy(&M);
}

// EcoSpold 2: the same crushing, prices and masses as exchange properties
// (per kg; the oil in g, so the properties are per g).
#define SPOLD(id, exchanges)                                                \
    "<?xml version=\"1.0\"?>\n<ecoSpold xmlns=\"http://www.EcoInvent.org/" \
    "EcoSpold02\"><activityDataset><activityDescription><activity id=\""    \
    id "\"><activityName>" id "</activityName></activity>"                 \
    "</activityDescription><flowData>" exchanges "</flowData>"             \
    "</activityDataset></ecoSpold>\n"
#define PROPERTY(name, amount)                                              \
    "<property propertyId=\"x\" amount=\"" amount "\"><name>" name         \
    "</name></property>"
#define IEX(flow, amount, unit, group, props)                               \
    "<intermediateExchange intermediateExchangeId=\"" flow "\" amount=\""  \
    amount "\"><name>" flow "</name><unitName>" unit "</unitName>" props    \
    group "</intermediateExchange>"
#define EEX(flow, amount)                                                   \
    "<elementaryExchange elementaryExchangeId=\"" flow "\" amount=\""      \
    amount "\"><name>" flow "</name><unitName>kg</unitName><compartment>"  \
    "<compartment>air</compartment></compartment>"                         \
    "<outputGroup>4</outputGroup></elementaryExchange>"

static void test_alloc_ecospold2_properties(void **state) {
    lca_ctx *ctx = *state;
    const zip_text es2[] = {
        {"crush.spold",
         SPOLD("p-crush",
               IEX("f-meal", "8", "kg", "<outputGroup>0</outputGroup>",
                   PROPERTY("price", "0.3") PROPERTY("wet mass", "1"))
               IEX("f-oil", "2000", "g", "<outputGroup>2</outputGroup>",
                   PROPERTY("price", "0.0008") PROPERTY("wet mass", "0.001"))
               EEX("f-co2", "7"))},
    };
    const char *zip = zip_variant(test_tmpdir("alloc"), "es2", es2, 1, NULL,
                                  none);
    lca_alloc_options a;
    lca_alloc_options_default(&a);
    double meal[] = {0.7, 0.525, 0.525};  // mass, economic, source (prices)
    lca_alloc_method m[] = {LCA_ALLOC_MASS, LCA_ALLOC_ECONOMIC,
                            LCA_ALLOC_SOURCE};
    for (int i = 0; i < 3; i++) {
        lca_model *M = NULL;
        a.method = m[i];
        assert_int_equal(lca_import_ecospold2_alloc(ctx, zip, &a, &M), LCA_OK);
        assert_close(co2_per_unit(M, "p-crush"), meal[i], 1e-12);
        lca_model_destroy(&M);
    }
}

// Column j of X densely into x (m entries), added.
static void add_column(const lca_csc *X, int64_t j, double *x) {
    const int64_t *Ap = lca_csc_colptr(X), *Ai = lca_csc_rowidx(X);
    const double *Ax = lca_csc_values(X);
    for (int64_t p = Ap[j]; p < Ap[j + 1]; p++) x[Ai[p]] += Ax[p];
}

// Is product j of M one of process id's columns ("id" or "id/...")?
static int of_process(const lca_model *M, int64_t j, const char *id) {
    const char *s = lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_ID, j);
    size_t n = strlen(id);
    return strncmp(s, id, n) == 0 && (s[n] == '\0' || s[n] == '/');
}

// The amount of flow that U's report says was cut off as an unlinked
// input of process id ("process ID (NAME): AMOUNT UNIT cut off").
static double unlinked(const lca_model *U, const char *id, const char *flow) {
    char head[512];
    double sum = 0.0;
    snprintf(head, sizeof head, "process %s (", id);
    for (int64_t i = 0; i < lca_model_nreports(U); i++) {
        const char *d = lca_model_report(U, i, LCA_REPORT_DETAIL);
        if (strcmp(lca_model_report(U, i, LCA_REPORT_KIND), "unlinked input") ||
            strcmp(lca_model_report(U, i, LCA_REPORT_ID), flow) ||
            strncmp(d, head, strlen(head)) != 0) {
            continue;
        }
        const char *amount = NULL;
        for (const char *c = strstr(d, "): "); c; c = strstr(c + 1, "): ")) {
            amount = c + 3;
        }
        assert_non_null(amount);
        sum += strtod(amount, NULL);
    }
    return sum;
}

// The allocated columns of process id in S sum to its column in U: B
// exactly by flow, A's inputs by the providing product's id. An input
// that U cut off (no provider) may link in S to a co-product column
// ("P/FLOW"): it must then be the amount U's report lists.
static void check_totals(const lca_model *U, const lca_model *S,
                         const char *id) {
    int64_t m = lca_model_dim(U, LCA_FLOWS), nu = lca_model_dim(U,
                                                               LCA_PRODUCTS);
    int64_t ns = lca_model_dim(S, LCA_PRODUCTS), ju = -1, cols = 0;
    double *bu = calloc((size_t)m, sizeof *bu), *bs = calloc((size_t)m,
                                                             sizeof *bs);
    double *au = calloc((size_t)nu, sizeof *au), *as = calloc((size_t)ns,
                                                              sizeof *as);
    assert_int_equal(lca_model_lookup(U, LCA_PRODUCTS, id, &ju), LCA_OK);
    add_column(lca_model_B(U), ju, bu);
    add_column(lca_model_A(U), ju, au);
    for (int64_t j = 0; j < ns; j++) {
        if (!of_process(S, j, id)) continue;
        cols++;
        add_column(lca_model_B(S), j, bs);
        add_column(lca_model_A(S), j, as);
    }
    assert_true(cols >= 2);
    for (int64_t i = 0; i < m; i++) assert_close(bs[i], bu[i], 1e-12);
    for (int64_t i = 0; i < ns; i++) {
        if (of_process(S, i, id) || as[i] == 0.0) continue;
        const char *row = lca_model_label(S, LCA_PRODUCTS, LCA_LABEL_ID, i);
        int64_t k = -1;
        if (lca_model_lookup(U, LCA_PRODUCTS, row, &k) != LCA_OK) {
            const char *flow = strchr(row, '/');
            assert_non_null(flow);
            assert_close(-as[i], unlinked(U, id, flow + 1), 1e-5);
            continue;
        }
        assert_close(as[i], au[k], 1e-12);
        au[k] = 0.0;
    }
    for (int64_t k = 0; k < nu; k++) {
        if (k != ju) assert_true(au[k] == 0.0);
    }
    free(bu);
    free(bs);
    free(au);
    free(as);
}

static void test_alloc_uslci_columns_add_up_to_the_process(void **state) {
    lca_ctx *ctx = *state;
    const char *zip =
        src_path("datasets/uslci/raw/uslci_olca1_5_0_json_ld.zip");
    if (!file_exists(zip)) skip();
    lca_alloc_options a;
    lca_alloc_options_default(&a);
    a.method = LCA_ALLOC_MASS;
    lca_model *U = import(ctx, zip, NULL), *S = import(ctx, zip, &a);
    int64_t multi = 0, split = 0;
    for (int64_t i = 0; i < lca_model_nattrs(S); i++) {
        const char *key = lca_model_attr_key(S, i);
        if (strncmp(key, "allocation:", 11) != 0) continue;
        multi++;
        if (strcmp(lca_model_attr(S, key), "mass") != 0) continue;
        split++;
        check_totals(U, S, key + 11);
    }
    // 132 processes with co-products; those whose outputs all have a mass
    // are split, the others fall back (outputs in MJ, m3, board feet).
    assert_int_equal(multi, 132);
    assert_int_equal(split, count_reports(S, "allocation"));
    assert_int_equal(multi - split, count_reports(S, "allocation fallback"));
    assert_true(split > 50);
    lca_model_destroy(&U);
    lca_model_destroy(&S);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            test_alloc_mass_economic_energy_source_by_hand, ctx_setup,
            ctx_teardown),
        cmocka_unit_test_setup_teardown(
            test_alloc_substitution_credits_the_provider, ctx_setup,
            ctx_teardown),
        cmocka_unit_test_setup_teardown(test_alloc_none_keeps_the_old_import,
                                        ctx_setup, ctx_teardown),
        cmocka_unit_test_setup_teardown(test_alloc_falls_back_without_data,
                                        ctx_setup, ctx_teardown),
        cmocka_unit_test_setup_teardown(test_alloc_rejects_bad_overrides,
                                        ctx_setup, ctx_teardown),
        cmocka_unit_test_setup_teardown(test_alloc_ecospold2_properties,
                                        ctx_setup, ctx_teardown),
        cmocka_unit_test_setup_teardown(
            test_alloc_uslci_columns_add_up_to_the_process, ctx_setup,
            ctx_teardown),
    };
    return cmocka_run_group_tests_name("import_alloc", tests, NULL, NULL);
}
