// tests/test_fdb.c: release records and diffs (engine/factordb/)
// SPDX-License-Identifier: MIT
//
// The tiny example model with a hand-made method (the total GWP and its
// per-gas components), every record column checked by hand; a diff of
// two hand-made releases, with the ids it carries.

#include <math.h>
#include <stdlib.h>

#include "test_models.h"
#include "test_util.h"

// The tiny example (tests/test_models.c), GWP split by gas, with a
// report.
static lca_model *tiny(lca_ctx *ctx) {
    static const char *const pname[] = {"Electricity", "Steel", "Transport"};
    static const char *const iid[] = {"GWP100", "GWP100-CO2", "GWP100-CH4"};
    static const char *const iname[] = {"Climate change GWP100", "CO2",
                                        "CH4"};
    lca_model *M = test_tiny_gwp(ctx, pname, iid, iname);
    // Two cut-off inputs of steel, one of a process that is not in the
    // model, and a provider tie.
    const char *rep[][4] = {
        {"unlinked input", "f1", "Flux",
         "process steel (Steel): 0.1 kg cut off"},
        {"unlinked input", "f2", "Slag", "process steel (Steel): 2 kg cut off"},
        {"unlinked input", "f3", "Water", "process gone (Gone): 1 kg cut off"},
        {"provider tie", "f4", "Coal", "2 providers; chose elec"},
    };
    for (int r = 0; r < 4; r++) {
        assert_int_equal(
            lca_model_add_report(M, rep[r][0], rep[r][1], rep[r][2], rep[r][3]),
            LCA_OK);
    }
    return M;
}

// Factors, T' lambda = d by hand: lambda_t = 0.1 + 0.2 lambda_e,
// lambda_s = 1.5 + 0.4 lambda_e + 0.5 lambda_t, lambda_e = 0.528 + 0.4
// lambda_s give lambda = (1.435, 2.2675, 0.387). CH4 of steel: 28 *
// 0.001 * s_e with s_e = 0.625 for one kg of steel.
static void test_fdb_factors_and_components_by_hand(void **state) {
    lca_model *M = tiny(*state);
    lca_fdb *db = test_tiny_fdb(M, 0.1);
    assert_int_equal(lca_fdb_nrecords(db), 3);
    const double *f = lca_fdb_num_get(db, LCA_FDB_FACTOR);
    const double want[] = {1.435, 2.2675, 0.387};
    for (int p = 0; p < 3; p++) {
        assert_close(f[p], want[p], 1e-14);
        double co2 = lca_fdb_component_get(db, 0, LCA_FDB_FACTOR)[p];
        double ch4 = lca_fdb_component_get(db, 1, LCA_FDB_FACTOR)[p];
        assert_close(co2 + ch4, f[p], 1e-14);
        assert_true(isnan(lca_fdb_num_get(db, LCA_FDB_MEAN)[p]));
    }
    assert_close(lca_fdb_component_get(db, 1, LCA_FDB_FACTOR)[1], 0.0175,
                 1e-14);
    assert_string_equal(lca_fdb_component_name(db, 0), "gas_co2");
    assert_string_equal(lca_fdb_component_name(db, 1), "gas_ch4");
    assert_int_equal(lca_fdb_component_has_mc(db, 0), 0);
    assert_string_equal(lca_fdb_text_get(db, LCA_FDB_PRODUCT_ID, 2),
                        "transport");
    assert_string_equal(lca_fdb_text_get(db, LCA_FDB_UNIT, 2), "t*km");
    assert_string_equal(lca_fdb_text_get(db, LCA_FDB_RECORD_ID, 2), "");
    assert_string_equal(lca_fdb_info_get(db, LCA_FDB_GWP_SET),
                        "Climate change GWP100");
    assert_string_equal(lca_fdb_info_get(db, LCA_FDB_BOUNDARY),
                        "cradle-to-gate");
    assert_string_equal(lca_fdb_info_get(db, LCA_FDB_IND_UNIT), "kg CO2-eq");
    lca_fdb_destroy(&db);
    lca_model_destroy(&M);
}

// Steel = 1.5 (own) + 0.4 * 1.435 (electricity) + 0.5 * 0.387
// (transport); at a 10 % threshold transport (8.5 %) is not traced.
static void test_fdb_direct_share_and_trace_by_hand(void **state) {
    lca_model *M = tiny(*state);
    lca_fdb *db = test_tiny_fdb(M, 0.1);
    const double *direct = lca_fdb_num_get(db, LCA_FDB_DIRECT_SHARE);
    assert_close(direct[1], 1.5 / 2.2675, 1e-14);
    assert_close(direct[0], 0.528 / 1.435, 1e-14);
    assert_close(direct[2], 0.1 / 0.387, 1e-14);
    int64_t c;
    const int64_t *in;
    const double *sh;
    lca_fdb_trace(db, 1, &c, &in, &sh);
    assert_int_equal(c, 1);
    assert_int_equal(in[0], 0);
    assert_close(sh[0], 0.574 / 2.2675, 1e-14);
    lca_fdb_trace(db, 2, &c, &in, &sh);  // transport: electricity 74 %
    assert_int_equal(c, 1);
    assert_close(sh[0], 0.287 / 0.387, 1e-14);
    lca_fdb_destroy(&db);
    db = test_tiny_fdb(M, 0.0);  // everything: shares and direct sum to 1
    direct = lca_fdb_num_get(db, LCA_FDB_DIRECT_SHARE);
    lca_fdb_trace(db, 1, &c, &in, &sh);
    assert_int_equal(c, 2);
    assert_int_equal(in[0], 0);  // by falling share
    assert_int_equal(in[1], 2);
    assert_close(direct[1] + sh[0] + sh[1], 1.0, 1e-14);
    lca_fdb_destroy(&db);
    lca_model_destroy(&M);
}

// Cut-off inputs from the report; their processes' share of the gross
// footprint: steel emits 1.875 of 2.2675 for steel, 0.75 of 1.435 for
// electricity, and 0.1 * 1.5 of 0.387 for transport (s_s = 0.1).
static void test_fdb_cutoff_report_and_quality(void **state) {
    lca_model *M = tiny(*state);
    lca_fdb *db = test_tiny_fdb(M, 0.1);
    const double *cut = lca_fdb_num_get(db, LCA_FDB_CUTOFF_INPUTS);
    assert_true(cut[0] == 0 && cut[1] == 2 && cut[2] == 0);
    const double *share = lca_fdb_num_get(db, LCA_FDB_CUTOFF_SHARE);
    assert_close(share[1], 1.875 / 2.2675, 1e-14);
    assert_close(share[0], 0.75 / 1.435, 1e-14);
    assert_close(share[2], 0.15 / 0.387, 1e-14);
    int64_t count;
    assert_int_equal(lca_fdb_nreport_kinds(db), 2);
    assert_string_equal(lca_fdb_report_kind(db, 0, &count), "unlinked input");
    assert_int_equal(count, 3);
    assert_int_equal(lca_fdb_nties(db), 1);
    assert_string_equal(lca_fdb_tie(db, 0, LCA_REPORT_DETAIL),
                        "2 providers; chose elec");
    // No scores in this model: every rating is the missing score 5.
    const double *dqr = lca_fdb_num_get(db, LCA_FDB_DQR);
    const double *un = lca_fdb_num_get(db, LCA_FDB_DQR_UNSCORED);
    for (int p = 0; p < 3; p++) {
        assert_close(dqr[p], 5.0, 1e-15);
        assert_close(un[p], 1.0, 1e-15);
    }
    lca_fdb_destroy(&db);
    lca_model_destroy(&M);
}

static void test_fdb_rejects_bad_options(void **state) {
    lca_model *M = tiny(*state);
    lca_fdb_component bad[] = {{1, LCA_FDB_GAS, "co2"},
                               {2, LCA_FDB_GAS, "co2"}};
    lca_fdb_options opt;
    lca_fdb_options_default(&opt);
    lca_fdb *db = NULL;
    opt.indicator = 3;
    assert_int_equal(lca_fdb_create(M, &opt, &db), LCA_ERR_ARG);
    opt.indicator = 0;
    opt.ncomponents = 2;
    opt.components = bad;
    assert_int_equal(lca_fdb_create(M, &opt, &db), LCA_ERR_ARG);
    assert_non_null(strstr(lca_ctx_errmsg(*state), "gas_co2"));
    bad[1].name = "c h4";
    assert_int_equal(lca_fdb_create(M, &opt, &db), LCA_ERR_ARG);
    bad[1].name = "../x";
    assert_int_equal(lca_fdb_create(M, &opt, &db), LCA_ERR_ARG);
    assert_null(db);
    lca_model_destroy(&M);
}

static void test_fdb_create_survives_allocation_failures(void **state) {
    lca_ctx *ctx = *state;
    lca_model *M = tiny(ctx);
    test_alloc ta;
    test_alloc_install(ctx, &ta, -1);
    for (int64_t k = 0;; k++) {
        test_alloc_fail_at(&ta, k);
        int64_t live = ta.live;
        lca_fdb_options opt;
        lca_fdb_options_default(&opt);
        lca_fdb *db = NULL;
        lca_status st = lca_fdb_create(M, &opt, &db);
        if (st == LCA_OK) {
            lca_fdb_destroy(&db);
            assert_int_equal(ta.live, live);
            break;
        }
        assert_int_equal(st, LCA_ERR_NOMEM);
        assert_null(db);
        assert_int_equal(ta.live, live);
    }
    test_alloc_fail_at(&ta, -1);
    lca_model_destroy(&M);
}

// A hand-made method's tags: GWP100 the total, GWP100-CO2 its gas co2,
// GWP100-CH4 (tagged fossil here) a split; without tags there is no
// total among three indicators; two totals are refused.
static void test_fdb_total_and_components_from_split_tags(void **state) {
    lca_model *M = tiny(*state);
    int64_t t = -1, n = -1;
    lca_fdb_component comp[3];
    assert_int_equal(lca_fdb_find_total(M, &t), LCA_ERR_NOTFOUND);
    lca_fdb_find_components(M, 0, comp, &n);
    assert_int_equal(n, 0);
    const char *tags[] = {"GWP100:total_excluding_uptake", "GWP100:gas_co2",
                          "GWP100:fossil"};
    assert_int_equal(
        lca_model_set_labels(M, LCA_INDICATORS, LCA_LABEL_SPLIT, tags), LCA_OK);
    assert_int_equal(lca_fdb_find_total(M, &t), LCA_OK);
    assert_int_equal(t, 0);
    lca_fdb_find_components(M, t, comp, &n);
    assert_int_equal(n, 2);
    assert_int_equal(comp[0].indicator, 1);
    assert_int_equal(comp[0].kind, LCA_FDB_GAS);
    assert_string_equal(comp[0].name, "co2");
    assert_int_equal(comp[1].kind, LCA_FDB_SPLIT);
    assert_string_equal(comp[1].name, "fossil");
    lca_fdb_options opt;
    lca_fdb_options_default(&opt);
    opt.ncomponents = n;
    opt.components = comp;
    lca_fdb *db = NULL;
    assert_int_equal(lca_fdb_create(M, &opt, &db), LCA_OK);
    assert_string_equal(lca_fdb_component_name(db, 1), "split_fossil");
    assert_string_equal(lca_fdb_component_indicator(db, 1), "GWP100-CH4");
    lca_fdb_destroy(&db);
    const char *two[] = {"GWP100:total_excluding_uptake", "GWP100-CO2:x", ""};
    assert_int_equal(
        lca_model_set_labels(M, LCA_INDICATORS, LCA_LABEL_SPLIT, two), LCA_OK);
    assert_int_equal(lca_fdb_find_total(M, &t), LCA_ERR_INVALID);
    lca_model_destroy(&M);
}

// ---- diff
// ---------------------------------------------------------------------

typedef struct rec {
    const char *product, *id, *unit;
    double factor, mean, sd;
} rec;

static lca_fdb *release(lca_ctx *ctx, const rec *r, int n) {
    lca_fdb *db = NULL;
    assert_int_equal(lca_fdb_create_empty(ctx, n, 0, &db), LCA_OK);
    for (int i = 0; i < n; i++) {
        assert_int_equal(
            lca_fdb_set_text(db, LCA_FDB_PRODUCT_ID, i, r[i].product), LCA_OK);
        assert_int_equal(lca_fdb_set_text(db, LCA_FDB_RECORD_ID, i, r[i].id),
                         LCA_OK);
        assert_int_equal(lca_fdb_set_text(db, LCA_FDB_UNIT, i, r[i].unit),
                         LCA_OK);
        lca_fdb_num_mut(db, LCA_FDB_FACTOR)[i] = r[i].factor;
        lca_fdb_num_mut(db, LCA_FDB_MEAN)[i] = r[i].mean;
        lca_fdb_num_mut(db, LCA_FDB_SD)[i] = r[i].sd;
        lca_fdb_num_mut(db, LCA_FDB_COUNT)[i] = 100;
    }
    assert_int_equal(lca_fdb_set_info(db, LCA_FDB_GWP_SET, "AR6"), LCA_OK);
    return db;
}

// old: a 1, b 2, c 3, e 5, f 1 kg; new: a 1 (unchanged, its Monte Carlo
// mean moved from 1 +- 0.0196 to 1.05 +- 0.0196: beyond noise), b 2.1
// (+5 %: changed, not re-issued at 10 %), c 3.5 (+17 %: re-issued), d
// (added), e (removed), f 1 t (same number, other unit: re-issued).
static void test_fdb_diff_by_hand(void **state) {
    const rec o[] = {{"a", "F-a", "kg", 1, 1, 0.1},
                     {"b", "F-b", "kg", 2, 2, 0.1},
                     {"c", "F-c", "kg", 3, 3, 0.1},
                     {"e", "F-e", "kg", 5, 5, 0.1},
                     {"f", "F-f", "kg", 1, 1, 0.1}};
    const rec n[] = {{"c", "", "kg", 3.5, 3.5, 0.1},
                     {"a", "", "kg", 1, 1.05, 0.1},
                     {"b", "", "kg", 2.1, 2.1, 0.1},
                     {"d", "", "kg", 4, 4, 0.1},
                     {"f", "", "t", 1, 1, 0.1}};
    lca_fdb *old = release(*state, o, 5), *nw = release(*state, n, 5);
    lca_fdb_diff_options opt;
    lca_fdb_diff_options_default(&opt);
    lca_fdb_diff_row *rows = NULL;
    int64_t nrows = 0;
    assert_int_equal(lca_fdb_diff(old, nw, &opt, 1, &rows, &nrows), LCA_OK);
    assert_int_equal(nrows, 6);
    const lca_fdb_change ch[] = {LCA_FDB_CHANGED, LCA_FDB_UNCHANGED,
                                 LCA_FDB_CHANGED, LCA_FDB_ADDED,
                                 LCA_FDB_CHANGED, LCA_FDB_REMOVED};
    const int reissue[] = {1, 0, 0, 0, 1, 0};
    const int noise[] = {1, 1, 1, 0, 0, 0};
    const char *ids[] = {"", "F-a", "", "", ""};
    const char *sup[] = {"F-c", "", "F-b", "", "F-f"};
    for (int r = 0; r < 6; r++) {
        assert_int_equal(rows[r].change, ch[r]);
        assert_int_equal(rows[r].reissue, reissue[r]);
        assert_int_equal(rows[r].beyond_noise, noise[r]);
        if (r < 5) {
            assert_int_equal(rows[r].new_index, r);
            assert_string_equal(lca_fdb_text_get(nw, LCA_FDB_RECORD_ID, r),
                                ids[r]);
            assert_string_equal(lca_fdb_text_get(nw, LCA_FDB_SUPERSEDES, r),
                                sup[r]);
        }
    }
    assert_close(rows[0].rel_change, 0.5 / 3, 1e-14);
    assert_close(rows[2].rel_change, 0.05, 1e-14);
    assert_int_equal(rows[5].old_index, 3);
    assert_true(isnan(rows[3].rel_change) && isnan(rows[5].rel_change));
    lca_fdb_diff_free(nw, &rows);
    // TfS's 20 %: c's +17 % is not above it.
    opt.threshold = 0.2;
    assert_int_equal(lca_fdb_diff(old, nw, &opt, 0, &rows, &nrows), LCA_OK);
    assert_int_equal(rows[0].reissue, 0);
    assert_int_equal(rows[4].reissue, 1);
    lca_fdb_diff_free(nw, &rows);
    lca_fdb_destroy(&old);
    lca_fdb_destroy(&nw);
}

static void test_fdb_diff_rejects_repeated_products(void **state) {
    const rec o[] = {{"a", "F-a", "kg", 1, 1, 0.1},
                     {"a", "F-b", "kg", 2, 2, 0}};
    lca_fdb *old = release(*state, o, 2), *nw = release(*state, o, 1);
    lca_fdb_diff_options opt;
    lca_fdb_diff_options_default(&opt);
    lca_fdb_diff_row *rows = NULL;
    int64_t nrows = 0;
    assert_int_equal(lca_fdb_diff(old, nw, &opt, 1, &rows, &nrows),
                     LCA_ERR_INVALID);
    assert_non_null(strstr(lca_ctx_errmsg(*state), "'a' is repeated"));
    assert_null(rows);
    lca_fdb_destroy(&old);
    lca_fdb_destroy(&nw);
}

int main(void) {
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, ctx_setup, ctx_teardown)
        T(test_fdb_factors_and_components_by_hand),
        T(test_fdb_direct_share_and_trace_by_hand),
        T(test_fdb_cutoff_report_and_quality),
        T(test_fdb_rejects_bad_options),
        T(test_fdb_create_survives_allocation_failures),
        T(test_fdb_total_and_components_from_split_tags),
        T(test_fdb_diff_by_hand),
        T(test_fdb_diff_rejects_repeated_products),
#undef T
    };
    return cmocka_run_group_tests_name("fdb", tests, NULL, NULL);
}
