// fuzz/fuzz_useeio.c: fuzz lca_import_useeio (a folder of USEEIO JSON)
// SPDX-License-Identifier: MIT
//
// A tiny valid folder (2 sectors, 1 flow, 1 indicator, one demand) is
// written, then each input replaces each of its eight files in turn (the
// file is put back after the call), so that one input reaches the label,
// matrix and demand readers alike.

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

typedef struct member {
    const char *name, *text;
} member;

static const member FOLDER[] = {
    {"sectors.json",
     "[{\"id\":\"s1/a/us\",\"index\":0,\"name\":\"Alpha\"},"
     "{\"id\":\"s2/b/us\",\"index\":1,\"name\":\"Beta\"}]"},
    {"flows.json",
     "[{\"id\":\"co2/air\",\"index\":0,\"flowable\":\"Carbon dioxide\","
     "\"unit\":\"kg\",\"context\":\"emission/air\"}]"},
    {"indicators.json",
     "[{\"id\":\"ghg\",\"index\":0,\"code\":\"GHG\",\"name\":\"Greenhouse "
     "gases\",\"unit\":\"kg CO2-eq\"}]"},
    {"matrix/A.json", "[[0.1,0.2],[0.3,0]]"},
    {"matrix/B.json", "[[0.5,1.5e0]]"},
    {"matrix/C.json", "[[1]]"},
    {"demands.json", "[{\"id\":\"d1\"}]"},
    {"demands/d1.json",
     "[{\"sector\":\"s1/a/us\",\"amount\":100},"
     "{\"sector\":\"s2/b/us\",\"amount\":-2.5}]"},
};

#define NFILES ((int)(sizeof FOLDER / sizeof FOLDER[0]))

static int write_folder(const fuzz_env *e) {
    char path[4200];
    for (int f = 0; f < NFILES; f++) {
        if (fuzz_write_text(e, FOLDER[f].name, FOLDER[f].text, path) == NULL) {
            return -1;
        }
    }
    return 0;
}

// The input as file f of the folder; the valid file is put back after.
static int try_as(const fuzz_env *e, int f, const uint8_t *data, size_t size) {
    char path[4200], call[128];
    if (fuzz_write(e, FOLDER[f].name, data, size, path) == NULL) return 0;
    lca_model *M = NULL;
    lca_status st = lca_import_useeio(e->ctx, e->dir, &M);
    snprintf(call, sizeof call, "useeio (input as %s)", FOLDER[f].name);
    int bad = fuzz_check(e, call, st, M);
    lca_model_destroy(&M);
    if (fuzz_write_text(e, FOLDER[f].name, FOLDER[f].text, path) == NULL) {
        return -1;
    }
    return bad;
}

int lca_fuzz_useeio(const uint8_t *data, size_t size) {
    fuzz_env e;
    if (fuzz_begin(&e, "useeio") != 0) return 0;
    int bad = 0;
    if (write_folder(&e) == 0) {
        for (int f = 0; f < NFILES && !bad; f++) {
            bad |= try_as(&e, f, data, size);
        }
    }
    bad |= fuzz_end(&e);
    return bad ? -1 : 0;
}

#ifdef LCA_FUZZ_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (lca_fuzz_useeio(data, size) != 0) abort();
    return 0;
}
#endif
