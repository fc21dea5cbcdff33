// fuzz/fuzz_ecospold2.c: fuzz lca_import_ecospold2 (zips of .spold XML)
// SPDX-License-Identifier: MIT
//
// An input that starts like a zip archive ("PK\3\4" or "PK\5\6") is the
// whole archive. Any other input is an activity file: once as the only
// .spold of the archive, and once after a valid activity (a1.spold, read
// first by name order), so that its exchanges also meet flows already
// registered (kind and unit conflicts, provider links).

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

static const char *const A1 =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<ecoSpold xmlns=\"http://www.EcoInvent.org/EcoSpold02\">\n"
    "<activityDataset><activityDescription>\n"
    "<activity id=\"a1\"><activityName>steel</activityName></activity>"
    "<geography><shortname>US</shortname></geography>\n"
    "</activityDescription>\n<flowData>\n"
    "<intermediateExchange intermediateExchangeId=\"f-steel\" amount=\"2\">"
    "<name>steel</name><unitName>kg</unitName>"
    "<outputGroup>0</outputGroup></intermediateExchange>\n"
    "<intermediateExchange intermediateExchangeId=\"f-elec\" amount=\"1\">"
    "<name>power</name><unitName>kWh</unitName>"
    "<uncertainty><uniform minValue=\"0.9\" maxValue=\"1.1\"/></uncertainty>"
    "<inputGroup>5</inputGroup></intermediateExchange>\n"
    "<elementaryExchange elementaryExchangeId=\"f-co2\" amount=\"0.5\" "
    "casNumber=\"124-38-9\"><name>Carbon dioxide</name><unitName>kg"
    "</unitName><compartment><compartment>air</compartment>"
    "<subcompartment>unspecified</subcompartment></compartment>"
    "<uncertainty><lognormal meanValue=\"0.5\" mu=\"-0.69\" variance="
    "\"0.01\"/><pedigreeMatrix reliability=\"1\" completeness=\"2\" "
    "temporalCorrelation=\"3\" geographicalCorrelation=\"4\" "
    "furtherTechnologyCorrelation=\"5\"/></uncertainty>"
    "<outputGroup>4</outputGroup></elementaryExchange>\n"
    "</flowData>\n</activityDataset></ecoSpold>\n";

static int import(const fuzz_env *e, const char *zip, const char *call) {
    lca_model *M = NULL;
    lca_status st = lca_import_ecospold2(e->ctx, zip, &M);
    int bad = fuzz_check(e, call, st, M);
    lca_model_destroy(&M);
    return bad;
}

static int import_members(const fuzz_env *e, const uint8_t *data, size_t size,
                          int with_a1) {
    fuzz_member m[2] = {{"z.spold", data, size}, {"a1.spold", A1, (size_t)-1}};
    char zip[4200];
    if (fuzz_zip(e, "db.zip", with_a1 ? 2 : 1, m, zip) == NULL) return 0;
    return import(e, zip,
                  with_a1 ? "ecospold2 (input after a1.spold)"
                          : "ecospold2 (input as the only .spold)");
}

int lca_fuzz_ecospold2(const uint8_t *data, size_t size) {
    fuzz_env e;
    if (fuzz_begin(&e, "ecospold2") != 0) return 0;
    int bad = 0;
    char zip[4200];
    if (fuzz_is_zip(data, size)) {
        if (fuzz_write(&e, "input.zip", data, size, zip) != NULL) {
            bad |= import(&e, zip, "ecospold2 (input as the zip)");
        }
    } else {
        bad |= import_members(&e, data, size, 0);
        bad |= import_members(&e, data, size, 1);
    }
    bad |= fuzz_end(&e);
    return bad ? -1 : 0;
}

#ifdef LCA_FUZZ_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (lca_fuzz_ecospold2(data, size) != 0) abort();
    return 0;
}
#endif
