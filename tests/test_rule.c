// tests/test_rule.c: rule objects and rule sets (engine/rules/rule.c,
// rule_check.c, ruleset.c)
// SPDX-License-Identifier: MIT

#include <math.h>
#include <stdio.h>

#include "test_util.h"

static const lca_rule_name names[] = {{"en", "Portland cement"},
                                      {"zh", "\xe7\xa1\x85\xe9\x85\xb8"
                                             "\xe7\x9b\x90\xe6\xb0\xb4"
                                             "\xe6\xb3\xa5"}};
static const char *const follows[] = {"GB/T 24067-2024", "ISO 14067:2018"};
static const lca_rule_product products[] = {{"p-a", 0.6}, {"p-b", 0.4}};
static const lca_rule_stage stages[] = {{"p-elec", "production"},
                                        {"p-truck", "distribution"}};
static const lca_alloc_price prices[] = {{"f-oil", 0.8}};
static const lca_rule_alloc allocs[] = {
    {"p-crush", LCA_ALLOC_ECONOMIC, 1, prices, 0, NULL, NULL}};
static const char *const mandatory[] = {"p-a"};

// A valid rule: cement, a 60/40 mix, 1 t = 1000 kg.
static lca_rule_spec cement(void) {
    lca_rule_spec s;
    memset(&s, 0, sizeof s);
    s.source = "rules/cement.json";
    s.version = LCA_RULE_VERSION;
    s.id = "cement";
    s.nnames = 2;
    s.names = names;
    s.code_national = s.code_cn = s.code_cpc = "";
    s.code_cn = "2523 29";
    s.nfollows = 2;
    s.follows = follows;
    s.nproducts = 2;
    s.products = products;
    s.unit = "t";
    s.unit_text = "1 t of cement at the plant gate";
    s.model_unit = "kg";
    s.model_amount = 1000.0;
    s.mass_kg = 1000.0;
    s.capacity_unit = "";
    s.boundary = LCA_CRADLE_TO_GATE;
    s.direct_stage = "production";
    s.default_stage = "raw material acquisition";
    s.nstages = 2;
    s.stages = stages;
    s.cutoff_item = 0.01;
    s.cutoff_limit = 0.05;
    s.alloc_default = LCA_ALLOC_MASS;
    s.nalloc = 1;
    s.alloc = allocs;
    s.nmandatory = 1;
    s.mandatory = mandatory;
    s.max_dqr = 3.0;
    s.gwp_indicator = "GWP100";
    s.gwp_set = "IPCC AR6";
    s.grading = "cn-pcf-grades";
    return s;
}

static void test_rule_create_copies_everything(void **state) {
    lca_ctx *ctx = *state;
    lca_rule_spec s = cement();
    lca_rule *r = NULL;
    char id[] = "cement";
    s.id = id;
    assert_int_equal(lca_rule_create(ctx, &s, &r), LCA_OK);
    id[0] = 'X';  // the rule holds its own copy
    const lca_rule_spec *g = lca_rule_get(r);
    assert_string_equal(lca_rule_id(r), "cement");
    assert_string_equal(g->products[1].product, "p-b");
    assert_close(g->products[1].share, 0.4, 0);
    assert_string_equal(g->alloc[0].prices[0].flow, "f-oil");
    assert_string_equal(g->stages[1].stage, "distribution");
    assert_string_equal(g->code_cn, "2523 29");
    assert_string_equal(lca_rule_name_in(r, "en"), "Portland cement");
    assert_string_equal(lca_rule_name_in(r, "fr"), "Portland cement");
    assert_close(lca_rule_model_units(r), 1000.0, 0);
    assert_true(g->names != names && g->follows != follows);
    lca_rule_destroy(&r);
    assert_null(r);
    lca_rule_destroy(&r);
}

// A battery: 1 kWh delivered over life of a 60 kWh pack (1 item), 250
// cycles a year for 8 years: 1 / (60 * 250 * 8) items per kWh.
static void test_rule_service_gives_the_functional_unit(void **state) {
    lca_ctx *ctx = *state;
    lca_rule_spec s = cement();
    lca_rule *r = NULL;
    s.model_amount = 1.0;
    s.capacity = 60.0;
    s.capacity_unit = "kWh";
    s.cycles_per_year = 250.0;
    s.years = 8.0;
    assert_int_equal(lca_rule_create(ctx, &s, &r), LCA_OK);
    assert_close(lca_rule_model_units(r), 1.0 / 120000.0, 1e-15);
    lca_rule_destroy(&r);
}

// s with one field spoiled must fail naming that field.
static void refuse(lca_ctx *ctx, lca_rule_spec s, const char *pointer) {
    lca_rule *r = NULL;
    lca_status st = lca_rule_create(ctx, &s, &r);
    if (st != LCA_ERR_INVALID) fail_msg("%s: accepted", pointer);
    assert_null(r);
    const char *msg = lca_ctx_errmsg(ctx);
    char want[256];
    snprintf(want, sizeof want, "rules/cement.json: %s: ", pointer);
    if (strstr(msg, want) == NULL) fail_msg("'%s' lacks '%s'", msg, want);
}

static void test_rule_create_names_the_bad_field(void **state) {
    lca_ctx *ctx = *state;
    lca_rule_spec s;
    s = cement(), s.version = 2, refuse(ctx, s, "/version");
    s = cement(), s.id = "", refuse(ctx, s, "/id");
    s = cement(), s.id = "a\nb", refuse(ctx, s, "/id");
    s = cement(), s.nnames = 0, refuse(ctx, s, "/name");
    s = cement(), s.nfollows = 0, refuse(ctx, s, "/follows");
    lca_rule_product dup[] = {{"p-a", 0.5}, {"p-a", 0.5}};
    s = cement(), s.products = dup, refuse(ctx, s, "/products/1/product");
    // Repeats found by sorting: the first position repeating an earlier
    // entry is named (y at 3, before z at 4), with the product.
    lca_rule_product far[] = {{"z", 0.2}, {"y", 0.2}, {"x", 0.2},
                              {"y", 0.2}, {"z", 0.2}};
    s = cement(), s.nproducts = 5, s.products = far;
    refuse(ctx, s, "/products/3/product");
    assert_non_null(strstr(lca_ctx_errmsg(ctx), "'y' is listed twice"));
    const char *const mand[] = {"m-b", "m-a", "m-c", "m-a"};
    s = cement(), s.nmandatory = 4, s.mandatory = mand;
    refuse(ctx, s, "/primary_data/mandatory/3");
    lca_rule_alloc al2[] = {{"p-b", LCA_ALLOC_MASS, 0, NULL, 0, NULL, NULL},
                            {"p-a", LCA_ALLOC_MASS, 0, NULL, 0, NULL, NULL},
                            {"p-b", LCA_ALLOC_MASS, 0, NULL, 0, NULL, NULL}};
    s = cement(), s.nalloc = 3, s.alloc = al2;
    refuse(ctx, s, "/allocation/processes/p-b");
    lca_rule_product sum[] = {{"p-a", 0.5}, {"p-b", 0.4}};
    s = cement(), s.products = sum, refuse(ctx, s, "/products");
    lca_rule_product neg[] = {{"p-a", 1.5}, {"p-b", -0.5}};
    s = cement(), s.products = neg, refuse(ctx, s, "/products/0/share");
    s = cement(), s.model_amount = 0, refuse(ctx, s,
                                             "/declared_unit/model_amount");
    s = cement(), s.mass_kg = -1, refuse(ctx, s, "/declared_unit/mass_kg");
    s = cement(), s.years = 3, refuse(ctx, s,
                                      "/declared_unit/service/capacity");
    lca_rule_add add[] = {{"p-use", 1.0, "use"}};
    s = cement(), s.nadd = 1, s.add = add, refuse(ctx, s, "/boundary/add");
    s = cement(), s.boundary = LCA_CRADLE_TO_GRAVE, s.nadd = 1, s.add = add;
    add[0].amount = NAN;
    refuse(ctx, s, "/boundary/add/0/amount");
    s = cement(), s.direct_stage = "", refuse(ctx, s, "/stages/direct");
    lca_rule_stage twice[] = {{"a/b", "x"}, {"a/b", "y"}};
    s = cement(), s.stages = twice, refuse(ctx, s, "/stages/map/a~1b");
    s = cement(), s.cutoff_item = 0.1, refuse(ctx, s, "/cutoff/item");
    s = cement(), s.cutoff_limit = 2, refuse(ctx, s, "/cutoff/limit");
    s = cement(), s.alloc_default = (lca_alloc_method)9,
    refuse(ctx, s, "/allocation/default");
    lca_alloc_price bad[] = {{"f-oil", -1}};
    lca_rule_alloc al[] = {{"p-crush", LCA_ALLOC_ECONOMIC, 1, bad, 0, NULL,
                            NULL}};
    s = cement(), s.alloc = al,
    refuse(ctx, s, "/allocation/processes/p-crush/prices");
    s = cement(), s.min_primary_share = -0.1,
    refuse(ctx, s, "/primary_data/min_share");
    s = cement(), s.max_dqr = 0.5, refuse(ctx, s, "/data_quality/max_dqr");
    s = cement(), s.gwp_indicator = "", refuse(ctx, s, "/gwp/indicator");
    s = cement(), s.grading = "../x", refuse(ctx, s, "/grading");
}

static void test_rule_create_fails_cleanly_without_memory(void **state) {
    lca_ctx *ctx = *state;
    lca_rule_spec s = cement();
    test_alloc ta;
    for (int64_t k = 0;; k++) {
        lca_rule *r = NULL;
        test_alloc_install(ctx, &ta, k);
        lca_status st = lca_rule_create(ctx, &s, &r);
        if (st == LCA_OK) {
            lca_rule_destroy(&r);
            assert_int_equal(ta.live, 0);
            break;
        }
        assert_int_equal(st, LCA_ERR_NOMEM);
        assert_null(r);
        assert_int_equal(ta.live, 0);
    }
}

static lca_rule *make(lca_ctx *ctx, const char *id, const char *source,
                      lca_alloc_method dflt) {
    lca_rule_spec s = cement();
    lca_rule *r = NULL;
    s.id = id;
    s.source = source;
    s.alloc_default = dflt;
    assert_int_equal(lca_rule_create(ctx, &s, &r), LCA_OK);
    return r;
}

static void test_ruleset_refuses_a_second_category_id(void **state) {
    lca_ctx *ctx = *state;
    lca_ruleset *rs = NULL;
    assert_int_equal(lca_ruleset_create(ctx, "rules", &rs), LCA_OK);
    lca_rule *a = make(ctx, "cement", "rules/a.json", LCA_ALLOC_MASS);
    lca_rule *b = make(ctx, "cement", "rules/b.json", LCA_ALLOC_MASS);
    assert_int_equal(lca_ruleset_add(rs, &a), LCA_OK);
    assert_null(a);
    assert_int_equal(lca_ruleset_add(rs, &b), LCA_ERR_INVALID);
    assert_null(b);
    assert_non_null(strstr(lca_ctx_errmsg(ctx), "rules/b.json"));
    assert_non_null(strstr(lca_ctx_errmsg(ctx), "rules/a.json"));
    int64_t i = -1;
    assert_int_equal(lca_ruleset_find(rs, "cement", &i), LCA_OK);
    assert_int_equal(i, 0);
    assert_int_equal(lca_ruleset_find(rs, "steel", &i), LCA_ERR_NOTFOUND);
    assert_int_equal(lca_ruleset_count(rs), 1);
    lca_ruleset_destroy(&rs);
}

static void test_ruleset_allocation_gathers_and_checks(void **state) {
    lca_ctx *ctx = *state;
    lca_ruleset *rs = NULL;
    lca_alloc_options a;
    lca_alloc_options_default(&a);
    assert_int_equal(lca_ruleset_create(ctx, "rules", &rs), LCA_OK);
    lca_rule *r = make(ctx, "c1", "rules/c1.json", LCA_ALLOC_MASS);
    assert_int_equal(lca_ruleset_add(rs, &r), LCA_OK);
    r = make(ctx, "c2", "rules/c2.json", LCA_ALLOC_MASS);
    assert_int_equal(lca_ruleset_add(rs, &r), LCA_OK);
    // The same override twice is one override; the common default is used.
    assert_int_equal(lca_ruleset_allocation(rs, 1, &a), LCA_OK);
    assert_int_equal(a.method, LCA_ALLOC_MASS);
    assert_int_equal(a.noverrides, 1);
    assert_string_equal(a.overrides[0].process, "p-crush");
    assert_string_equal(a.overrides[0].origin, "rules/c1.json");
    r = make(ctx, "c3", "rules/c3.json", LCA_ALLOC_ECONOMIC);
    assert_int_equal(lca_ruleset_add(rs, &r), LCA_OK);
    assert_int_equal(lca_ruleset_allocation(rs, 1, &a), LCA_ERR_INVALID);
    assert_non_null(strstr(lca_ctx_errmsg(ctx), "rules/c3.json"));
    assert_int_equal(lca_ruleset_allocation(rs, 0, &a), LCA_OK);
    // Another method for the same process is a conflict.
    lca_rule_spec s = cement();
    lca_rule_alloc other = allocs[0];
    other.method = LCA_ALLOC_MASS;
    s.id = "c4";
    s.source = "rules/c4.json";
    s.alloc = &other;
    assert_int_equal(lca_rule_create(ctx, &s, &r), LCA_OK);
    assert_int_equal(lca_ruleset_add(rs, &r), LCA_OK);
    assert_int_equal(lca_ruleset_allocation(rs, 0, &a), LCA_ERR_INVALID);
    assert_non_null(strstr(lca_ctx_errmsg(ctx), "p-crush"));
    lca_ruleset_destroy(&rs);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_rule_create_copies_everything,
                                        ctx_setup, ctx_teardown),
        cmocka_unit_test_setup_teardown(
            test_rule_service_gives_the_functional_unit, ctx_setup,
            ctx_teardown),
        cmocka_unit_test_setup_teardown(test_rule_create_names_the_bad_field,
                                        ctx_setup, ctx_teardown),
        cmocka_unit_test_setup_teardown(
            test_rule_create_fails_cleanly_without_memory, ctx_setup,
            ctx_teardown),
        cmocka_unit_test_setup_teardown(
            test_ruleset_refuses_a_second_category_id, ctx_setup,
            ctx_teardown),
        cmocka_unit_test_setup_teardown(
            test_ruleset_allocation_gathers_and_checks, ctx_setup,
            ctx_teardown),
    };
    return cmocka_run_group_tests_name("rule", tests, NULL, NULL);
}
