// tests/test_models.h: small random models for the analysis tests
// SPDX-License-Identifier: MIT
//
// Deterministic (a 64-bit xorshift seeded by the caller), so a failing
// test fails the same way every time.

#ifndef LCA_TEST_MODELS_H
#define LCA_TEST_MODELS_H

#include <stdint.h>

#include "lca.h"

// A uniform double in [0, 1) from *state (xorshift64*).
double test_rand(uint64_t *state);

// A random nonsingular model with n products, m flows and k indicators,
// each column of A holding about density * n inputs:
//   technosphere  a_jj in [0.5, 2], inputs -a_ij with sum_i |a_ij| <= 0.6 a_jj
//   IO            a_ij >= 0 with column sums <= 0.6
// B and C positive; with mixed, a quarter of C's entries and a few inputs
// of A (co-products) change sign. Products, flows and indicators get ids
// "p<j>", "f<j>", "i<j>" and units "kg", "kg", "kg CO2-eq".
lca_model *test_random_model(lca_ctx *ctx, lca_convention conv, int64_t n,
                             int64_t m, int64_t k, double density,
                             uint64_t seed, int mixed);

// Uncertainty records on every nonzero of A, B and C of M: distributions
// cycle through lognormal, normal, uniform, triangular, PERT and gamma
// around the stored amount (spread rel, e.g. 0.1); with truncate, every
// third record also gets bounds. Fails the test on error.
void test_random_uncertainty(lca_model *M, double rel, int truncate,
                             uint64_t seed);

// The tiny example (datasets/examples/tiny) with its GWP100 split by gas:
// products elec, steel, transport (kWh, kg, t*km) named pnames; flows
// co2, ch4, ore; indicators GWP (1, 28, 0), CO2 (1, 0, 0) and CH4
// (0, 28, 0), in kg CO2-eq, named inames, with ids iids (NULL: none).
lca_model *test_tiny_gwp(lca_ctx *ctx, const char *const *pnames,
                         const char *const *iids,
                         const char *const *inames);

// The factor records of a test_tiny_gwp model with CO2 (indicator 1) and
// CH4 (indicator 2) as the GWP's gas components, at trace_min_share
// min_share. Fails the test if they cannot be made.
lca_fdb *test_tiny_fdb(const lca_model *M, double min_share);

#endif  // LCA_TEST_MODELS_H
