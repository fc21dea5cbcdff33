// fuzz/fuzz_olca.c: fuzz lca_import_olca (openLCA JSON-LD zip archives)
// SPDX-License-Identifier: MIT
//
// An input that starts like a zip archive ("PK\3\4" or "PK\5\6") is the
// whole archive: that reaches the zip reader (names, sizes, CRCs, paths
// with "../"). Any other input is one JSON member of a small valid
// database (two unit groups, two flow properties, a category, four flows
// and one process), tried as a process, as a flow and as a unit group.

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

#define TEXT ((size_t)-1)

static const fuzz_member BASE[] = {
    {"unit_groups/ug-mass.json",
     "{\"@type\":\"UnitGroup\",\"@id\":\"ug-mass\",\"units\":["
     "{\"@id\":\"u-kg\",\"name\":\"kg\",\"conversionFactor\":1.0,"
     "\"referenceUnit\":true},"
     "{\"@id\":\"u-g\",\"name\":\"g\",\"conversionFactor\":0.001}]}",
     TEXT},
    {"unit_groups/ug-energy.json",
     "{\"@type\":\"UnitGroup\",\"@id\":\"ug-energy\",\"units\":["
     "{\"@id\":\"u-mj\",\"name\":\"MJ\",\"conversionFactor\":1.0,"
     "\"referenceUnit\":true},"
     "{\"@id\":\"u-kwh\",\"name\":\"kWh\",\"conversionFactor\":3.6}]}",
     TEXT},
    {"flow_properties/fp-mass.json",
     "{\"@id\":\"fp-mass\",\"name\":\"Mass\",\"unitGroup\":{\"@id\":"
     "\"ug-mass\"}}",
     TEXT},
    {"flow_properties/fp-energy.json",
     "{\"@id\":\"fp-energy\",\"name\":\"Energy\",\"unitGroup\":{\"@id\":"
     "\"ug-energy\"}}",
     TEXT},
    {"categories/cat-air.json", "{\"@id\":\"cat-air\",\"name\":\"air\"}", TEXT},
    {"flows/f-steel.json",
     "{\"@id\":\"f-steel\",\"name\":\"steel\",\"flowType\":\"PRODUCT_FLOW\","
     "\"flowProperties\":[{\"flowProperty\":{\"@id\":\"fp-mass\"},"
     "\"conversionFactor\":1.0,\"referenceFlowProperty\":true}]}",
     TEXT},
    {"flows/f-elec.json",
     "{\"@id\":\"f-elec\",\"name\":\"power\",\"flowType\":\"PRODUCT_FLOW\","
     "\"flowProperties\":[{\"flowProperty\":{\"@id\":\"fp-energy\"},"
     "\"conversionFactor\":1.0,\"referenceFlowProperty\":true}]}",
     TEXT},
    {"flows/f-waste.json",
     "{\"@id\":\"f-waste\",\"name\":\"waste\",\"flowType\":\"WASTE_FLOW\","
     "\"flowProperties\":[{\"flowProperty\":{\"@id\":\"fp-mass\"},"
     "\"conversionFactor\":1.0,\"referenceFlowProperty\":true}]}",
     TEXT},
    {"flows/f-co2.json",
     "{\"@id\":\"f-co2\",\"name\":\"Carbon dioxide\",\"flowType\":"
     "\"ELEMENTARY_FLOW\",\"cas\":\"124-38-9\",\"category\":{\"@id\":"
     "\"cat-air\"},\"flowProperties\":[{\"flowProperty\":{\"@id\":"
     "\"fp-mass\"},\"conversionFactor\":1.0,\"referenceFlowProperty\":"
     "true}]}",
     TEXT},
    {"processes/a1.json",
     "{\"@type\":\"Process\",\"@id\":\"a1\",\"name\":\"steel making\","
     "\"location\":{\"name\":\"US\"},\"exchanges\":["
     "{\"flow\":{\"@id\":\"f-steel\"},\"input\":false,\"amount\":2,"
     "\"unit\":{\"@id\":\"u-kg\"},\"flowProperty\":{\"@id\":\"fp-mass\"},"
     "\"quantitativeReference\":true},"
     "{\"flow\":{\"@id\":\"f-elec\"},\"input\":true,\"amount\":1,"
     "\"unit\":{\"@id\":\"u-kwh\"},\"flowProperty\":{\"@id\":\"fp-energy\"},"
     "\"uncertainty\":{\"distributionType\":\"UNIFORM_DISTRIBUTION\","
     "\"minimum\":0.9,\"maximum\":1.1}},"
     "{\"flow\":{\"@id\":\"f-co2\"},\"input\":false,\"amount\":0.5,"
     "\"unit\":{\"@id\":\"u-kg\"},\"flowProperty\":{\"@id\":\"fp-mass\"},"
     "\"pedigreeUncertainty\":\"(1;2;3;4;5)\"}]}",
     TEXT},
};

#define NBASE ((int)(sizeof BASE / sizeof BASE[0]))

static int import(const fuzz_env *e, const char *zip, const char *call) {
    lca_model *M = NULL;
    lca_status st = lca_import_olca(e->ctx, zip, &M);
    int bad = fuzz_check(e, call, st, M);
    lca_model_destroy(&M);
    return bad;
}

// The base database plus the input as member `name`.
static int import_as(const fuzz_env *e, const char *name, const uint8_t *data,
                     size_t size) {
    fuzz_member m[NBASE + 1];
    memcpy(m, BASE, sizeof BASE);
    m[NBASE] = (fuzz_member){name, data, size};
    char zip[4200], call[128];
    if (fuzz_zip(e, "db.zip", NBASE + 1, m, zip) == NULL) return 0;
    snprintf(call, sizeof call, "olca (input as %s)", name);
    return import(e, zip, call);
}

int lca_fuzz_olca(const uint8_t *data, size_t size) {
    fuzz_env e;
    if (fuzz_begin(&e, "olca") != 0) return 0;
    int bad = 0;
    char zip[4200];
    if (fuzz_is_zip(data, size)) {
        if (fuzz_write(&e, "input.zip", data, size, zip) != NULL) {
            bad |= import(&e, zip, "olca (input as the zip)");
        }
    } else {
        bad |= import_as(&e, "processes/zz.json", data, size);
        bad |= import_as(&e, "flows/f-zz.json", data, size);
        bad |= import_as(&e, "unit_groups/ug-zz.json", data, size);
    }
    bad |= fuzz_end(&e);
    return bad ? -1 : 0;
}

#ifdef LCA_FUZZ_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (lca_fuzz_olca(data, size) != 0) abort();
    return 0;
}
#endif
