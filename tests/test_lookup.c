// tests/test_lookup.c: names that several entries share (engine/lookup.c)
// SPDX-License-Identifier: MIT
//
// lca_model_lookup takes an id, "id:ID", a unique name, or "NAME [Q]"
// with a qualifier (compartment, unit, part of the id); a shared name is
// an error listing the candidates. Checked on a small model by hand, on
// USLCI's three flows "Carbon dioxide, biogenic", on WIOD's 41 sectors
// "Mining and Quarrying", and through the command line (exit 3).

#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "lca/io.h"
#include "lca/io_iotable.h"
#include "lca/io_procdb.h"
#include "lca/model.h"
#include "test_util.h"

static int has(const char *haystack, const char *needle) {
    if (strstr(haystack, needle) != NULL) return 1;
    print_error("'%s' does not contain '%s'\n", haystack, needle);
    return 0;
}

// Four flows: two named "CO2" (air, water), "Methane [air]" (a GaBi-style
// name with brackets of its own), "N2O" with id "x_GA-1".
static lca_model *small_model(lca_ctx *ctx) {
    double a = 1, b[4] = {1, 2, 3, 4}, c = 0;
    lca_csc *A = csc_from_dense(ctx, 1, 1, &a);
    lca_csc *B = csc_from_dense(ctx, 4, 1, b);
    lca_csc *C = csc_from_dense(ctx, 0, 4, &c);
    lca_model *M = NULL;
    assert_int_equal(lca_model_create(ctx, LCA_TECHNOSPHERE, A, B, C, &M),
                     LCA_OK);
    const char *id[4] = {"f-air", "f-water", "f-gabi", "x_GA-1"};
    const char *name[4] = {"CO2", "CO2", "Methane [air]", "N2O"};
    const char *comp[4] = {"air/unspecified", "water/river", "", ""};
    const char *unit[4] = {"kg", "t", "kg", "kg"};
    assert_int_equal(lca_model_set_labels(M, LCA_FLOWS, LCA_LABEL_ID, id), 0);
    assert_int_equal(lca_model_set_labels(M, LCA_FLOWS, LCA_LABEL_NAME, name),
                     0);
    assert_int_equal(
        lca_model_set_labels(M, LCA_FLOWS, LCA_LABEL_COMPARTMENT, comp), 0);
    assert_int_equal(lca_model_set_labels(M, LCA_FLOWS, LCA_LABEL_UNIT, unit),
                     0);
    lca_csc_destroy(&A);
    lca_csc_destroy(&B);
    lca_csc_destroy(&C);
    return M;
}

static void test_lookup_small_model_by_hand(void **state) {
    lca_ctx *ctx = *state;
    lca_model *M = small_model(ctx);
    static const struct {
        const char *key;
        lca_status st;
        int64_t index;
    } cases[] = {
        {"f-water", LCA_OK, 1},                // id
        {"id:f-water", LCA_OK, 1},             // id, explicitly
        {"id:CO2", LCA_ERR_NOTFOUND, -1},      // id: never a name
        {"CO2", LCA_ERR_INVALID, -1},          // shared name
        {"CO2 [air/unspecified]", LCA_OK, 0},  // compartment
        {"CO2 [AIR]", LCA_OK, 0},              // leading part, any case
        {"CO2 [water]", LCA_OK, 1},
        {"CO2 [t]", LCA_OK, 1},                // unit
        {"CO2 [soil]", LCA_ERR_NOTFOUND, -1},  // no such qualifier
        {"CO2 [air/unspec]", LCA_ERR_NOTFOUND, -1},  // not a whole part
        {"Methane [air]", LCA_OK, 2},          // the whole name first
        {"N2O", LCA_OK, 3},
        {"N2O [GA]", LCA_OK, 3},               // id part (cut at '-')
        {"N2O [GA-1]", LCA_OK, 3},             // id part (cut at '_')
        {"N2O [x]", LCA_OK, 3},
        {"id:f-air [air]", LCA_OK, 0},         // as the error lists it
        {"id:f-air [water]", LCA_ERR_NOTFOUND, -1},
        {"", LCA_ERR_NOTFOUND, -1},
        {"id:", LCA_ERR_NOTFOUND, -1},
        {"CO2 []", LCA_ERR_NOTFOUND, -1},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        int64_t i = 99;
        lca_status st = lca_model_lookup(M, LCA_FLOWS, cases[c].key, &i);
        if (st != cases[c].st || i != cases[c].index) {
            print_error("'%s': status %d index %lld\n", cases[c].key, (int)st,
                        (long long)i);
        }
        assert_int_equal(st, cases[c].st);
        assert_int_equal(i, cases[c].index);
    }
    int64_t i = -1;
    assert_int_equal(lca_model_lookup(M, LCA_FLOWS, "CO2", &i),
                     LCA_ERR_INVALID);
    assert_true(has(lca_ctx_errmsg(ctx), "'CO2' names 2 flows: id:f-air "
                                         "[air/unspecified], id:f-water "
                                         "[water/river]; give one by its id"));
    lca_model_destroy(&M);
}

static void test_lookup_uslci_three_biogenic_co2_flows(void **state) {
    lca_ctx *ctx = *state;
    lca_model *M = NULL;
    assert_int_equal(lca_import_olca(ctx, src_path("datasets/uslci/raw/"
                                                   "uslci_olca1_5_0_json_ld."
                                                   "zip"),
                                     &M),
                     LCA_OK);
    int64_t i = -1;
    const char *name = "Carbon dioxide, biogenic";
    assert_int_equal(lca_model_lookup(M, LCA_FLOWS, name, &i),
                     LCA_ERR_INVALID);
    assert_true(has(lca_ctx_errmsg(ctx), "names 3 flows: "
                    "id:2a0476c6-e02d-377e-acaa-a3db70f765d3 [air/high "
                    "population density], "
                    "id:65665661-92ff-30f3-82c3-f85edf727f4d [Elementary "
                    "Flows], id:71b0c9e8-35a3-37f1-b606-7539a9eaea99 "
                    "[air/unspecified]"));
    static const char *const q[3][2] = {
        {"Carbon dioxide, biogenic [air/high population density]",
         "2a0476c6-e02d-377e-acaa-a3db70f765d3"},
        {"Carbon dioxide, biogenic [Elementary Flows]",
         "65665661-92ff-30f3-82c3-f85edf727f4d"},
        {"id:71b0c9e8-35a3-37f1-b606-7539a9eaea99 [air/unspecified]",
         "71b0c9e8-35a3-37f1-b606-7539a9eaea99"},
    };
    for (int k = 0; k < 3; k++) {
        assert_int_equal(lca_model_lookup(M, LCA_FLOWS, q[k][0], &i), LCA_OK);
        assert_string_equal(lca_model_label(M, LCA_FLOWS, LCA_LABEL_ID, i),
                            q[k][1]);
    }
    // "air" still leaves two of them.
    assert_int_equal(lca_model_lookup(M, LCA_FLOWS,
                                      "Carbon dioxide, biogenic [air]", &i),
                     LCA_ERR_INVALID);
    assert_true(has(lca_ctx_errmsg(ctx), "names 2 flows"));
    lca_model_destroy(&M);
}

static void test_lookup_wiod_41_mining_sectors(void **state) {
    lca_ctx *ctx = *state;
    const char *dir = src_path("datasets/wiod-2011");
    char z[4200], x[4200], y[4200];
    snprintf(z, sizeof z, "%s/inter.csv", dir);
    snprintf(x, sizeof x, "%s/sectors_and_output.csv", dir);
    snprintf(y, sizeof y, "%s/final.csv", dir);
    lca_iotable_source src;
    memset(&src, 0, sizeof src);
    src.Z = z;
    src.x = x;
    src.x_column = "output";
    src.x_id_column = "label";
    src.Y = y;
    src.names = x;
    src.names_id_column = "label";
    src.names_column = "industry_name";
    src.unit = "million USD";
    lca_model *M = NULL;
    assert_int_equal(lca_import_iotable(ctx, &src, &M), LCA_OK);
    int64_t i = -1;
    assert_int_equal(lca_model_lookup(M, LCA_PRODUCTS, "Mining and Quarrying",
                                      &i),
                     LCA_ERR_INVALID);
    assert_true(has(lca_ctx_errmsg(ctx), "'Mining and Quarrying' names 41 "
                                         "products: id:AUS_c2, id:AUT_c2"));
    assert_true(has(lca_ctx_errmsg(ctx), ", ...; give one"));  // 12 listed
    assert_int_equal(lca_model_lookup(M, LCA_PRODUCTS,
                                      "Mining and Quarrying [DEU]", &i),
                     LCA_OK);
    assert_string_equal(lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_ID, i),
                        "DEU_c2");
    assert_int_equal(lca_model_lookup(M, LCA_PRODUCTS, "id:CHN_c2", &i),
                     LCA_OK);
    assert_string_equal(lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_NAME, i),
                        "Mining and Quarrying");
    // "c2" is the sector code in every region: still 41.
    assert_int_equal(lca_model_lookup(M, LCA_PRODUCTS,
                                      "Mining and Quarrying [c2]", &i),
                     LCA_ERR_INVALID);
    lca_model_destroy(&M);
}

// The command line: an ambiguous --flow is bad input (exit 3) naming the
// ids; a qualified one works.
static void test_lookup_cli_exit_code_and_message(void **state) {
    lca_ctx *ctx = *state;
    assert_non_null(getenv("LCA_CLI"));
    lca_model *M = NULL;
    assert_int_equal(lca_import_olca(ctx, src_path("datasets/uslci/raw/"
                                                   "uslci_olca1_5_0_json_ld."
                                                   "zip"),
                                     &M),
                     LCA_OK);
    const char *dir = test_tmpdir("lookup");
    char model[4200], cmd[12000], out[4300];
    snprintf(model, sizeof model, "%s/uslci.h5", dir);
    snprintf(out, sizeof out, "%s/out.txt", dir);
    assert_int_equal(lca_model_write(M, model), LCA_OK);
    lca_model_destroy(&M);
    snprintf(cmd, sizeof cmd, "'%s' factors '%s' --flow 'Carbon dioxide, "
             "biogenic' -o '%s/f.h5' >'%s' 2>&1", getenv("LCA_CLI"), model,
             dir, out);
    int status = system(cmd);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 3);
    char text[4096] = "";
    FILE *fp = fopen(out, "r");
    assert_non_null(fp);
    size_t len = fread(text, 1, sizeof text - 1, fp);
    text[len] = '\0';
    fclose(fp);
    assert_true(has(text, "'Carbon dioxide, biogenic' names 3 flows"));
    snprintf(cmd, sizeof cmd, "%s/f.h5", dir);
    assert_false(file_exists(cmd));
    snprintf(cmd, sizeof cmd, "'%s' factors '%s' --flow 'Carbon dioxide, "
             "biogenic [air/unspecified]' -o '%s/f.h5' >'%s' 2>&1",
             getenv("LCA_CLI"), model, dir, out);
    status = system(cmd);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_lookup_small_model_by_hand,
                                        ctx_setup, ctx_teardown),
        cmocka_unit_test_setup_teardown(
            test_lookup_uslci_three_biogenic_co2_flows, ctx_setup,
            ctx_teardown),
        cmocka_unit_test_setup_teardown(test_lookup_wiod_41_mining_sectors,
                                        ctx_setup, ctx_teardown),
        cmocka_unit_test_setup_teardown(test_lookup_cli_exit_code_and_message,
                                        ctx_setup, ctx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
