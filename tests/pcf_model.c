// tests/pcf_model.c: the hand model and rule of the pcf tests
// SPDX-License-Identifier: MIT
//
// The hand model (technosphere, per unit of each product):
//
//   steel  1 kg: 2 MJ elec, 0.5 kg coal, 0.1 t*km truck; 1.0 kg CO2
//   elec   1 MJ: 0.1 kg coal; 0.5 kg CO2
//   coal   1 kg: 0.01 kg CH4
//   truck  1 t*km: 0.2 kg CO2
//   use    1 a: 10 MJ elec
//   eaf    1 kg (electric-arc steel): 5 MJ elec; 0.1 kg CO2
//
// GWP100 (CO2 1, CH4 30), so lambda = coal 0.3, elec 0.5 + 0.03 = 0.53,
// truck 0.2, steel 1 + 1.06 + 0.15 + 0.02 = 2.23, use 5.3, eaf 2.75. Per
// tonne of steel: 2230, of which direct 1000, electricity 1060, coal 150,
// truck 20; CH4 (0.7 kg coal per kg) 210. Pedigree scores on B: steel 1,
// elec 2, coal 3, truck none (counted 5), eaf 1; with the gross weights
// of 1 kg steel (steel 1, elec 1, coal 0.21, truck 0.02) the rating is
// (1 + 2 + 0.63 + 0.1) / 2.23, and of 1 kg eaf (0.1 + 5 + 0.45) / 2.75.

#include <math.h>
#include <stdio.h>

#include "pcf_model.h"

static const double A6[] = {
    1, 0, 0, 0, 0, 0,          // steel
    -2, 1, 0, 0, -10, -5,      // elec
    -0.5, -0.1, 1, 0, 0, 0,    // coal
    -0.1, 0, 0, 1, 0, 0,       // truck
    0, 0, 0, 0, 1, 0,          // use
    0, 0, 0, 0, 0, 1,          // eaf
};
static const double B6[] = {1.0, 0.5, 0, 0.2, 0, 0.1,  // CO2
                            0, 0, 0.01, 0, 0, 0};      // CH4
static const double C3[] = {1, 30, 1, 30, 0, 30};

static void labels(lca_model *M, lca_axis axis, lca_label l,
                   const char *const *v) {
    assert_int_equal(lca_model_set_labels(M, axis, l, v), LCA_OK);
}

// The model; with gsd > 1 steel's and elec's CO2 are lognormal.
lca_model *pcf_test_model(lca_ctx *ctx, double gsd) {
    lca_csc *A = csc_from_dense(ctx, 6, 6, A6);
    lca_csc *B = csc_from_dense(ctx, 2, 6, B6);
    lca_csc *C = csc_from_dense(ctx, 3, 2, C3);
    lca_model *M = NULL;
    assert_int_equal(lca_model_create(ctx, LCA_TECHNOSPHERE, A, B, C, &M),
                     LCA_OK);
    const char *ids[] = {"steel", "elec", "coal", "truck", "use", "eaf"};
    const char *units[] = {"kg", "MJ", "kg", "t*km", "a", "kg"};
    const char *flows[] = {"co2", "ch4"};
    const char *ind[] = {"GWP100", "GWP100-fossil", "GWP100-ch4"};
    const char *names[] = {"Climate change GWP100 (IPCC AR6)", "fossil",
                           "CH4"};
    const char *iu[] = {"kg CO2-eq", "kg CO2-eq", "kg CO2-eq"};
    const char *split[] = {"GWP100:total", "GWP100:fossil", "GWP100:gas_ch4"};
    labels(M, LCA_PRODUCTS, LCA_LABEL_ID, ids);
    labels(M, LCA_PRODUCTS, LCA_LABEL_UNIT, units);
    labels(M, LCA_FLOWS, LCA_LABEL_ID, flows);
    labels(M, LCA_INDICATORS, LCA_LABEL_ID, ind);
    labels(M, LCA_INDICATORS, LCA_LABEL_NAME, names);
    labels(M, LCA_INDICATORS, LCA_LABEL_UNIT, iu);
    labels(M, LCA_INDICATORS, LCA_LABEL_SPLIT, split);
    // B's nonzeros in column order: steel, elec CO2; coal CH4; truck, eaf.
    const uint8_t ped[5] = {1, 2, 3, 0, 1};
    lca_uncertainty u[5];
    for (int p = 0; p < 5; p++) {
        u[p] = lca_uncertainty_none();
        memset(u[p].pedigree, ped[p], 5);
    }
    if (gsd > 1.0) {
        u[0].dist = u[1].dist = LCA_DIST_LOGNORMAL;
        u[0].p1 = 1.0;
        u[1].p1 = 0.5;
        u[0].p2 = u[1].p2 = gsd;
    }
    assert_int_equal(lca_model_set_uncertainty(M, LCA_MATRIX_B, u), LCA_OK);
    lca_csc_destroy(&A);
    lca_csc_destroy(&B);
    lca_csc_destroy(&C);
    return M;
}

static const char *const follows[] = {"GB/T 24067-2024"};
static const lca_rule_name name_en[] = {{"en", "x"}};
static const lca_rule_product steel[] = {{"steel", 1.0}};
static const lca_rule_stage map[] = {{"elec", "production"},
                                     {"truck", "distribution"}};

// Steel per tonne, cradle to gate.
lca_rule_spec pcf_test_rule(const char *id) {
    lca_rule_spec s;
    memset(&s, 0, sizeof s);
    s.source = "";
    s.version = LCA_RULE_VERSION;
    s.id = id;
    s.nnames = 1;
    s.names = name_en;
    s.code_national = s.code_cn = s.code_cpc = "";
    s.nfollows = 1;
    s.follows = follows;
    s.nproducts = 1;
    s.products = steel;
    s.unit = "t";
    s.unit_text = "";
    s.model_unit = "kg";
    s.model_amount = 1000.0;
    s.mass_kg = 1000.0;
    s.capacity_unit = "";
    s.boundary = LCA_CRADLE_TO_GATE;
    s.direct_stage = "production";
    s.default_stage = "raw material acquisition";
    s.nstages = 2;
    s.stages = map;
    s.cutoff_item = 0.01;
    s.cutoff_limit = 0.05;
    s.max_dqr = NAN;
    s.gwp_indicator = "GWP100";
    s.gwp_set = "IPCC AR6";
    s.grading = "";
    return s;
}

