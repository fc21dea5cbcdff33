// fuzz/fuzz_iotable.c: fuzz lca_import_iotable (an IO table in CSV)
// SPDX-License-Identifier: MIT
//
// The 3-sector table of tests/test_import_io.c is written, with every
// option in use (x tall, two Y columns and a balance demand, F with id and
// unit columns, sector names), and each input is tried as Z (wide), as x
// and as Y (tall) and as F (wide) in turn.

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

static const char *const Z_OK = ",a,b,c\na,10,20,0\nb,30,0,0\nc,0,5,0\n";
static const char *const X_OK = "id,GO,note\na,100,x\nb,200,y\nc,0,z\n";
static const char *const F_OK =
    "group,pressure,unit,a,b,c,households\n"
    "air,CO2,kg,50,40,0,7\nwater,Water,m3,1,,0,0\n";
static const char *const Y_OK =
    "sector,hh,gov,exports\na,60,0,1\nb,150,20,0\nc,0,0,0\n";
static const char *const NAMES_OK =
    "code,name\na,\"Alpha, farms\"\nb,Beta\nc,Gamma\n";

typedef struct table {
    char Z[4200], x[4200], F[4200], Y[4200], names[4200], input[4200];
} table;

static int write_table(const fuzz_env *e, table *t, const uint8_t *data,
                       size_t size) {
    int ok = fuzz_write_text(e, "Z.csv", Z_OK, t->Z) != NULL;
    ok = ok && fuzz_write_text(e, "x.csv", X_OK, t->x) != NULL;
    ok = ok && fuzz_write_text(e, "F.csv", F_OK, t->F) != NULL;
    ok = ok && fuzz_write_text(e, "Y.csv", Y_OK, t->Y) != NULL;
    ok = ok && fuzz_write_text(e, "names.csv", NAMES_OK, t->names) != NULL;
    ok = ok && fuzz_write(e, "input.csv", data, size, t->input) != NULL;
    return ok ? 0 : -1;
}

static int import(const fuzz_env *e, const lca_iotable_source *src,
                  const char *call) {
    lca_model *M = NULL;
    lca_status st = lca_import_iotable(e->ctx, src, &M);
    int bad = fuzz_check(e, call, st, M);
    lca_model_destroy(&M);
    return bad;
}

// The source with the valid files, except `which` (Z, x, Y or F) = input.
static int import_with(const fuzz_env *e, const table *t, char which) {
    static const char *const ycols[] = {"gov", "hh"};
    lca_iotable_source src = {.Z = which == 'Z' ? t->input : t->Z,
                              .x = which == 'x' ? t->input : t->x,
                              .x_column = "GO",
                              .Y = which == 'Y' ? t->input : t->Y,
                              .Y_columns = ycols,
                              .nY_columns = 2,
                              .Y_balance = "net",
                              .F = which == 'F' ? t->input : t->F,
                              .F_id_column = "pressure",
                              .F_unit_column = "unit",
                              .names = t->names,
                              .names_column = "name",
                              .unit = "kUSD"};
    char call[64];
    snprintf(call, sizeof call, "iotable (input as %c)", which);
    return import(e, &src, call);
}

int lca_fuzz_iotable(const uint8_t *data, size_t size) {
    fuzz_env e;
    table t;
    if (fuzz_begin(&e, "iotable") != 0) return 0;
    int bad = 0;
    if (write_table(&e, &t, data, size) == 0) {
        bad |= import_with(&e, &t, 'Z');
        bad |= import_with(&e, &t, 'x');
        bad |= import_with(&e, &t, 'Y');
        bad |= import_with(&e, &t, 'F');
    }
    bad |= fuzz_end(&e);
    return bad ? -1 : 0;
}

#ifdef LCA_FUZZ_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (lca_fuzz_iotable(data, size) != 0) abort();
    return 0;
}
#endif
