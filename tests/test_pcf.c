// tests/test_pcf.c: footprints of rule categories (engine/rules/pcf*.c)
// SPDX-License-Identifier: MIT
//
// The hand model and its numbers are in tests/pcf_model.c.

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "pcf_model.h"

static void add(lca_ctx *ctx, lca_ruleset *rs, const lca_rule_spec *s) {
    lca_rule *r = NULL;
    assert_int_equal(lca_rule_create(ctx, s, &r), LCA_OK);
    assert_int_equal(lca_ruleset_add(rs, &r), LCA_OK);
}

static lca_pcf *run(lca_model *M, const lca_ruleset *rs, int64_t iter,
                    int64_t nprimary, const char *const *primary) {
    lca_pcf_options o;
    lca_pcf_options_default(&o);
    o.iterations = iter;
    o.mc.seed = 7;
    o.nprimary = nprimary;
    o.primary = primary;
    lca_pcf *p = NULL;
    lca_ctx *ctx = lca_model_ctx(M);
    if (lca_pcf_create(M, rs, &o, &p) != LCA_OK) {
        fail_msg("%s", lca_ctx_errmsg(ctx));
    }
    if (lca_pcf_run(p, NULL) != LCA_OK) fail_msg("%s", lca_ctx_errmsg(ctx));
    return p;
}

static int has(const lca_pcf_result *r, const char *check) {
    for (int64_t v = 0; v < r->nviolations; v++) {
        if (strcmp(r->violations[v].check, check) == 0) return 1;
    }
    return 0;
}

static void test_pcf_steel_by_hand(void **state) {
    lca_ctx *ctx = *state;
    lca_model *M = pcf_test_model(ctx, 0);
    lca_ruleset *rs = NULL;
    assert_int_equal(lca_ruleset_create(ctx, "", &rs), LCA_OK);
    lca_rule_spec s = pcf_test_rule("steel");
    add(ctx, rs, &s);
    const char *primary[] = {"steel"};
    lca_pcf *p = run(M, rs, 0, 1, primary);
    lca_pcf_result r;
    lca_pcf_result_get(p, 0, &r);
    assert_string_equal(r.id, "steel");
    assert_string_equal(r.indicator, "GWP100");
    assert_close(r.footprint, 2230.0, 1e-12);
    assert_close(r.per_kg, 2.23, 1e-12);
    // Splits: the method's components of GWP100.
    assert_int_equal(r.nsplit, 2);
    assert_string_equal(r.split_ids[0], "GWP100-fossil");
    assert_close(r.split[0], 2230.0, 1e-12);
    assert_close(r.split[1], 210.0, 1e-12);
    // Stages, in the rule's order: direct, default, then the map's.
    assert_int_equal(r.nstages, 3);
    assert_string_equal(r.stage_names[0], "production");
    assert_string_equal(r.stage_names[1], "raw material acquisition");
    assert_string_equal(r.stage_names[2], "distribution");
    assert_close(r.stages[0], 1000.0 + 1060.0, 1e-12);
    assert_close(r.stages[1], 150.0, 1e-12);
    assert_close(r.stages[2], 20.0, 1e-12);
    // Cut-off: truck alone is under 1 %: 20 / 2230.
    assert_int_equal(r.cutoff_items, 1);
    assert_close(r.cutoff_share, 20.0 / 2230.0, 1e-12);
    assert_close(r.primary_share, 1000.0 / 2230.0, 1e-12);
    assert_close(r.dqr, 3.73 / 2.23, 1e-12);
    assert_close(r.unscored, 0.02 / 2.23, 1e-12);
    assert_close(r.dqr_scores[0], 3.73 / 2.23, 1e-12);
    assert_int_equal(r.nsamples, 0);
    // Conforms, but for the allocation the model cannot show: none asked.
    assert_int_equal(r.nviolations, 0);
    assert_true(r.conforms);
    lca_pcf_destroy(&p);
    lca_ruleset_destroy(&rs);
    lca_model_destroy(&M);
}

static void test_pcf_boundaries_mixes_and_service(void **state) {
    lca_ctx *ctx = *state;
    lca_model *M = pcf_test_model(ctx, 0);
    lca_ruleset *rs = NULL;
    assert_int_equal(lca_ruleset_create(ctx, "", &rs), LCA_OK);
    const lca_rule_product mix[] = {{"steel", 0.6}, {"eaf", 0.4}};
    const lca_rule_add use[] = {{"use", 0.1, "use"}};
    lca_rule_spec s = pcf_test_rule("mix");
    s.nproducts = 2;
    s.products = mix;
    add(ctx, rs, &s);
    s = pcf_test_rule("grave");
    s.model_amount = 1.0;
    s.boundary = LCA_CRADLE_TO_GRAVE;
    s.nadd = 1;
    s.add = use;
    add(ctx, rs, &s);
    s = pcf_test_rule("gate");
    s.boundary = LCA_GATE_TO_GATE;
    add(ctx, rs, &s);
    s = pcf_test_rule("service");  // 1 kg lasts 2 x 100 x 5 units of service
    s.model_amount = 1.0;
    s.capacity = 2.0;
    s.capacity_unit = "kWh";
    s.cycles_per_year = 100.0;
    s.years = 5.0;
    add(ctx, rs, &s);
    lca_pcf *p = run(M, rs, 0, 0, NULL);
    lca_pcf_result r;
    lca_pcf_result_get(p, 0, &r);
    assert_close(r.footprint, 600.0 * 2.23 + 400.0 * 2.75, 1e-12);
    assert_close(r.dqr, (0.6 * 3.73 + 0.4 * 5.55) / (0.6 * 2.23 + 0.4 * 2.75),
                 1e-12);
    lca_pcf_result_get(p, 1, &r);
    assert_close(r.footprint, 2.23 + 0.53, 1e-12);
    assert_int_equal(r.nstages, 4);
    assert_string_equal(r.stage_names[3], "use");
    assert_close(r.stages[3], 0.53, 1e-12);
    lca_pcf_result_get(p, 2, &r);
    assert_close(r.footprint, 1000.0, 1e-12);  // direct emissions only
    assert_close(r.stages[0], 1000.0, 1e-12);
    assert_close(r.stages[1], 0.0, 0);
    lca_pcf_result_get(p, 3, &r);
    assert_close(r.footprint, 2.23 / 1000.0, 1e-12);
    for (int64_t k = 0; k < lca_pcf_ncategories(p); k++) {
        lca_pcf_result_get(p, k, &r);
        double sum = 0.0;
        for (int64_t i = 0; i < r.nstages; i++) sum += r.stages[i];
        assert_close(sum, r.footprint, 1e-12);
    }
    lca_pcf_destroy(&p);
    lca_ruleset_destroy(&rs);
    lca_model_destroy(&M);
}

static void test_pcf_conformance_names_each_violation(void **state) {
    lca_ctx *ctx = *state;
    lca_model *M = pcf_test_model(ctx, 0);
    lca_ruleset *rs = NULL;
    assert_int_equal(lca_ruleset_create(ctx, "", &rs), LCA_OK);
    const char *mandatory[] = {"coal", "use"};
    lca_rule_spec s = pcf_test_rule("strict");
    s.cutoff_item = 0.07;  // coal (6.73 %) and truck (0.90 %) are under
    s.cutoff_limit = 0.07;  // it, and together over the limit
    s.nmandatory = 2;
    s.mandatory = mandatory;
    s.min_primary_share = 0.5;
    s.max_dqr = 1.5;
    s.gwp_set = "IPCC AR5";
    s.alloc_default = LCA_ALLOC_MASS;
    add(ctx, rs, &s);
    s = pcf_test_rule("grave");
    s.boundary = LCA_CRADLE_TO_GRAVE;
    add(ctx, rs, &s);
    const char *primary[] = {"steel"};
    lca_pcf *p = run(M, rs, 0, 1, primary);
    lca_pcf_result r;
    lca_pcf_result_get(p, 0, &r);
    assert_false(r.conforms);
    assert_true(has(&r, "cut-off"));
    assert_true(has(&r, "primary-share"));
    assert_true(has(&r, "data-quality"));
    assert_true(has(&r, "gwp-set"));
    assert_true(has(&r, "allocation"));  // the model records none
    int64_t mand = 0;
    for (int64_t v = 0; v < r.nviolations; v++) {
        if (strcmp(r.violations[v].check, "mandatory-process") != 0) continue;
        mand++;
        // coal: secondary data; use: not in steel's supply chain.
        assert_non_null(strstr(r.violations[v].detail,
                               mand == 1 ? "secondary" : "supply chain"));
    }
    assert_int_equal(mand, 2);
    lca_pcf_result_get(p, 1, &r);
    assert_true(has(&r, "boundary"));
    lca_pcf_destroy(&p);
    // Allocation recorded by an import: elec has co-products, allocated
    // none; the rule asks mass of every process, economic of elec.
    assert_int_equal(lca_model_set_attr(M, "allocation", "none"), LCA_OK);
    assert_int_equal(lca_model_set_attr(M, "allocation:elec", "none"),
                     LCA_OK);
    assert_int_equal(lca_model_set_attr(M, "allocation:use", "none"),
                     LCA_OK);
    p = run(M, rs, 0, 1, primary);
    lca_pcf_result_get(p, 0, &r);
    int64_t alloc = 0;
    for (int64_t v = 0; v < r.nviolations; v++) {
        if (strcmp(r.violations[v].check, "allocation") != 0) continue;
        alloc++;
        assert_string_equal(r.violations[v].item, "elec");  // use: unused
    }
    assert_int_equal(alloc, 1);
    lca_pcf_destroy(&p);
    lca_ruleset_destroy(&rs);
    lca_model_destroy(&M);
}

static void test_pcf_bind_names_rule_and_field(void **state) {
    lca_ctx *ctx = *state;
    lca_model *M = pcf_test_model(ctx, 0);
    lca_ruleset *rs = NULL;
    lca_pcf *p = NULL;
    lca_pcf_options o;
    lca_pcf_options_default(&o);
    const lca_rule_product nosuch[] = {{"nickel", 1.0}};
    const lca_rule_product energy[] = {{"elec", 1.0}};
    const lca_rule_stage badmap[] = {{"zinc", "production"}};
    struct {
        const char *ptr;
        lca_rule_spec s;
    } cases[4];
    for (int i = 0; i < 4; i++) cases[i].s = pcf_test_rule("bad");
    cases[0].ptr = "/products/0/product", cases[0].s.products = nosuch;
    cases[1].ptr = "/declared_unit/model_unit";
    cases[1].s.products = energy;
    cases[2].ptr = "/stages/map/zinc", cases[2].s.nstages = 1;
    cases[2].s.stages = badmap;
    cases[3].ptr = "/gwp/indicator", cases[3].s.gwp_indicator = "GWP20";
    for (int i = 0; i < 4; i++) {
        cases[i].s.source = "rules/bad.json";
        assert_int_equal(lca_ruleset_create(ctx, "", &rs), LCA_OK);
        add(ctx, rs, &cases[i].s);
        assert_int_equal(lca_pcf_create(M, rs, &o, &p), LCA_ERR_INVALID);
        assert_null(p);
        char want[128];
        snprintf(want, sizeof want, "rules/bad.json: %s: ", cases[i].ptr);
        if (strstr(lca_ctx_errmsg(ctx), want) == NULL) {
            fail_msg("'%s' lacks '%s'", lca_ctx_errmsg(ctx), want);
        }
        lca_ruleset_destroy(&rs);
    }
    lca_model_destroy(&M);
}

// Monte Carlo: stages sum to each sampled footprint, CH4 (not uncertain)
// is the same in every iteration, a category's samples do not depend on
// the others run with it (paired, shared samples), nor on the threads.
static void test_pcf_monte_carlo_is_paired(void **state) {
    lca_ctx *ctx = *state;
    lca_model *M = pcf_test_model(ctx, 1.3);
    lca_ruleset *one = NULL, *many = NULL;
    assert_int_equal(lca_ruleset_create(ctx, "", &one), LCA_OK);
    assert_int_equal(lca_ruleset_create(ctx, "", &many), LCA_OK);
    lca_rule_spec s = pcf_test_rule("steel");
    add(ctx, one, &s);
    const lca_rule_product eaf[] = {{"eaf", 1.0}};
    for (int i = 0; i < 20; i++) {
        char id[16];
        snprintf(id, sizeof id, "c%02d", i);
        s = pcf_test_rule(id);
        if (i % 2) s.products = eaf;
        add(ctx, many, &s);
    }
    s = pcf_test_rule("steel");
    add(ctx, many, &s);
    int64_t N = 400;
    lca_ctx_set_nthreads(ctx, 1);
    lca_pcf *p1 = run(M, one, N, 0, NULL);
    lca_ctx_set_nthreads(ctx, 2);
    lca_pcf *p2 = run(M, many, N, 0, NULL);
    lca_pcf_result a, b, e;
    lca_pcf_result_get(p1, 0, &a);
    lca_pcf_result_get(p2, 20, &b);
    lca_pcf_result_get(p2, 1, &e);
    assert_int_equal(a.nsamples, N);
    assert_int_equal(a.nvalid, N);
    assert_memory_equal(a.samples, b.samples, (size_t)N * sizeof *a.samples);
    for (int64_t i = 0; i < N; i++) {
        double sum = 0.0;
        for (int64_t k = 0; k < a.nstages; k++) {
            sum += a.stage_samples[k * N + i];
        }
        assert_close(sum, a.samples[i], 1e-12);
        assert_close(a.split_samples[1 * N + i], 210.0, 1e-12);
        // eaf's direct CO2 is fixed: it differs from steel only through
        // the shared electricity sample (paired).
        assert_true(e.samples[i] != a.samples[i]);
    }
    double m = a.mean, se = a.sd / sqrt((double)N);
    assert_true(fabs(m - a.footprint) < 4.0 * se + 0.05 * a.footprint);
    assert_true(a.q[0] < a.q[3] && a.q[3] < a.q[6]);
    lca_pcf_destroy(&p1);
    lca_pcf_destroy(&p2);
    lca_ruleset_destroy(&one);
    lca_ruleset_destroy(&many);
    lca_model_destroy(&M);
}

static void test_pcf_fails_cleanly_without_memory(void **state) {
    lca_ctx *ctx = *state;
    lca_model *M = pcf_test_model(ctx, 1.3);
    lca_ruleset *rs = NULL;
    assert_int_equal(lca_ruleset_create(ctx, "", &rs), LCA_OK);
    lca_rule_spec s = pcf_test_rule("steel");
    add(ctx, rs, &s);
    lca_pcf_options o;
    lca_pcf_options_default(&o);
    o.iterations = 20;
    // One thread: the counting allocator is not thread-safe, and which
    // allocation is the k-th must not depend on the threads' timing.
    lca_ctx_set_nthreads(ctx, 1);
    test_alloc ta;
    test_alloc_install(ctx, &ta, -1);
    int64_t live = ta.live;
    for (int64_t k = 0;; k++) {
        lca_pcf *p = NULL;
        test_alloc_fail_at(&ta, k);
        lca_status st = lca_pcf_create(M, rs, &o, &p);
        if (st == LCA_OK) st = lca_pcf_run(p, NULL);
        test_alloc_fail_at(&ta, -1);
        lca_pcf_destroy(&p);
        assert_int_equal(ta.live, live);
        if (st == LCA_OK) break;
        assert_int_equal(st, LCA_ERR_NOMEM);
    }
    lca_ruleset_destroy(&rs);
    lca_model_destroy(&M);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_pcf_steel_by_hand, ctx_setup,
                                        ctx_teardown),
        cmocka_unit_test_setup_teardown(
            test_pcf_boundaries_mixes_and_service, ctx_setup, ctx_teardown),
        cmocka_unit_test_setup_teardown(
            test_pcf_conformance_names_each_violation, ctx_setup,
            ctx_teardown),
        cmocka_unit_test_setup_teardown(test_pcf_bind_names_rule_and_field,
                                        ctx_setup, ctx_teardown),
        cmocka_unit_test_setup_teardown(test_pcf_monte_carlo_is_paired,
                                        ctx_setup, ctx_teardown),
        cmocka_unit_test_setup_teardown(test_pcf_fails_cleanly_without_memory,
                                        ctx_setup, ctx_teardown),
    };
    return cmocka_run_group_tests_name("pcf", tests, NULL, NULL);
}
