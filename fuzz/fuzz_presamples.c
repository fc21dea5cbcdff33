// fuzz/fuzz_presamples.c: fuzz lca_presamples_read_csv (presample sets)
// SPDX-License-Identifier: MIT
//
// The input is the presample CSV, read against a small fixed model
// (fuzz_model: products p0 p1, flows co2 ch4, indicator GWP). A set that
// reads is asked for a column, as a Monte Carlo run would.

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

int lca_fuzz_presamples(const uint8_t *data, size_t size) {
    fuzz_env e;
    if (fuzz_begin(&e, "presamples") != 0) return 0;
    int bad = 0;
    char path[4200];
    lca_model *M = fuzz_model(e.ctx);
    if (M != NULL && fuzz_write(&e, "ps.csv", data, size, path) != NULL) {
        lca_presamples *ps = NULL;
        lca_status st = lca_presamples_read_csv(M, path, &ps);
        bad |= fuzz_check(&e, "presamples", st, ps);
        if (st == LCA_OK && ps != NULL) {
            int64_t c = lca_presamples_column(ps, 7, 3);
            if (c < 0 || c >= lca_presamples_columns(ps)) {
                fprintf(stderr, "fuzz presamples: column %lld of %lld\n",
                        (long long)c, (long long)lca_presamples_columns(ps));
                bad = -1;
            }
        }
        lca_presamples_destroy(&ps);
    }
    lca_model_destroy(&M);
    bad |= fuzz_end(&e);
    return bad ? -1 : 0;
}

#ifdef LCA_FUZZ_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (lca_fuzz_presamples(data, size) != 0) abort();
    return 0;
}
#endif
