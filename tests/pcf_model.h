// tests/pcf_model.h: the hand model and rule of the pcf tests
// (tests/pcf_model.c has the numbers)
// SPDX-License-Identifier: MIT

#ifndef LCA_TEST_PCF_MODEL_H
#define LCA_TEST_PCF_MODEL_H

#include "test_util.h"

// Six products (steel, elec, coal, truck, use, eaf), CO2 and CH4, three
// indicators (GWP100 and its fossil and CH4 components, split-tagged);
// with gsd > 1 steel's and elec's CO2 are lognormal.
lca_model *pcf_test_model(lca_ctx *ctx, double gsd);

// Steel per tonne, cradle to gate, stage map elec -> production, truck
// -> distribution, cut-off 1 % / 5 %, GWP100 (IPCC AR6).
lca_rule_spec pcf_test_rule(const char *id);

#endif  // LCA_TEST_PCF_MODEL_H
