// fuzz/fuzz_method.c: fuzz lca_method_read_csv (characterization methods)
// SPDX-License-Identifier: MIT
//
// The input is the method CSV. A method that reads is also applied to a
// small fixed model (fuzz_model), so the matching of CAS numbers, names,
// compartments and units sees the odd strings too.

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

static int apply(const fuzz_env *e, const lca_method *meth) {
    lca_model *M = fuzz_model(e->ctx);
    if (M == NULL) return 0;
    lca_method_summary sum;
    lca_status st = lca_method_apply(meth, M, &sum);
    int bad = 0;
    if (st != LCA_OK && st != LCA_ERR_NOMEM) {  // its only documented error
        bad = -1;
        fprintf(stderr, "fuzz method (apply): status %d: %s\n", (int)st,
                lca_ctx_errmsg(e->ctx));
    }
    if (st == LCA_OK && lca_model_check(M) != LCA_OK) {
        bad = -1;
        fprintf(stderr,
                "fuzz method (apply): the model fails its check "
                "after lca_method_apply: %s\n",
                lca_ctx_errmsg(e->ctx));
    }
    lca_model_destroy(&M);
    return bad;
}

int lca_fuzz_method(const uint8_t *data, size_t size) {
    fuzz_env e;
    if (fuzz_begin(&e, "method") != 0) return 0;
    int bad = 0;
    char path[4200];
    if (fuzz_write(&e, "method.csv", data, size, path) != NULL) {
        lca_method *meth = NULL;
        lca_status st = lca_method_read_csv(e.ctx, path, &meth);
        bad |= fuzz_check(&e, "method (read)", st, meth);
        if (st == LCA_OK && !bad) bad |= apply(&e, meth);
        lca_method_destroy(&meth);
    }
    bad |= fuzz_end(&e);
    return bad ? -1 : 0;
}

#ifdef LCA_FUZZ_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (lca_fuzz_method(data, size) != 0) abort();
    return 0;
}
#endif
