// fuzz/fuzz_mtx.c: fuzz lca_import_mtx (Matrix Market + CSV label lists)
// SPDX-License-Identifier: MIT
//
// Each input is tried three times: as A.mtx alone (B and C absent, ids
// numbered), which drives the Matrix Market reader; then as products.csv
// and as demands.csv next to the valid tiny example (datasets/examples/
// tiny, copied here so the harness needs no file of the tree), which
// drives the label and demand readers.

#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

static const char *const TINY_A =
    "%%MatrixMarket matrix coordinate real general\n3 3 7\n"
    "1 1 1.0\n2 1 -0.4\n2 2 1.0\n3 2 -0.5\n1 2 -0.4\n1 3 -0.2\n3 3 1.0\n";
static const char *const TINY_B =
    "%%MatrixMarket matrix coordinate real general\n3 3 5\n"
    "1 1 0.5\n2 1 0.001\n1 2 1.5\n3 2 1.6\n1 3 0.1\n";
static const char *const TINY_C =
    "%%MatrixMarket matrix array real general\n2 3\n1\n0\n28\n0\n0\n1\n";
static const char *const TINY_PRODUCTS =
    "id,name,unit\nelectricity,\"Electricity, medium voltage\",kWh\n"
    "steel,Steel,kg\ntransport,\"Transport, freight train\",tkm\n";
static const char *const TINY_FLOWS =
    "id,name,compartment,unit\nco2,\"Carbon dioxide, fossil\",air,kg\n"
    "ch4,\"Methane, fossil\",air,kg\n"
    "iron_ore,Iron ore,resource/in ground,kg\n";
static const char *const TINY_INDICATORS =
    "id,name,unit\nGWP100,Climate change,kg CO2-eq\nORE,Iron ore use,kg\n";
static const char *const TINY_DEMANDS =
    "product,1 kg steel,1 kWh electricity\nsteel,1,\nelectricity,,1\n";

typedef struct paths {
    char A[4200], B[4200], C[4200], products[4200], flows[4200],
        indicators[4200], demands[4200];
} paths;

// Write the valid example; 0 on success.
static int write_tiny(const fuzz_env *e, paths *p) {
    int ok = fuzz_write_text(e, "A.mtx", TINY_A, p->A) != NULL;
    ok = ok && fuzz_write_text(e, "B.mtx", TINY_B, p->B) != NULL;
    ok = ok && fuzz_write_text(e, "C.mtx", TINY_C, p->C) != NULL;
    ok = ok &&
         fuzz_write_text(e, "products.csv", TINY_PRODUCTS, p->products) != NULL;
    ok = ok && fuzz_write_text(e, "flows.csv", TINY_FLOWS, p->flows) != NULL;
    ok = ok && fuzz_write_text(e, "indicators.csv", TINY_INDICATORS,
                               p->indicators) != NULL;
    ok = ok &&
         fuzz_write_text(e, "demands.csv", TINY_DEMANDS, p->demands) != NULL;
    return ok ? 0 : -1;
}

static int import(const fuzz_env *e, const lca_mtx_source *src,
                  const char *call) {
    lca_model *M = NULL;
    lca_status st = lca_import_mtx(e->ctx, src, &M);
    int bad = fuzz_check(e, call, st, M);
    lca_model_destroy(&M);
    return bad;
}

int lca_fuzz_mtx(const uint8_t *data, size_t size) {
    fuzz_env e;
    paths p;
    if (fuzz_begin(&e, "mtx") != 0) return 0;
    int bad = 0;
    char input[4200];
    if (fuzz_write(&e, "input.mtx", data, size, input) != NULL &&
        write_tiny(&e, &p) == 0) {
        lca_mtx_source a = {.convention = LCA_TECHNOSPHERE, .A = input};
        bad |= import(&e, &a, "mtx (input as A.mtx)");
        lca_mtx_source t = {
            LCA_TECHNOSPHERE, p.A,          p.B,      p.C, input,
            p.flows,          p.indicators, p.demands};
        bad |= import(&e, &t, "mtx (input as products.csv)");
        t.products = p.products;
        t.demands = input;
        bad |= import(&e, &t, "mtx (input as demands.csv)");
    }
    bad |= fuzz_end(&e);
    return bad ? -1 : 0;
}

#ifdef LCA_FUZZ_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (lca_fuzz_mtx(data, size) != 0) abort();
    return 0;
}
#endif
