// tests/test_method.c: characterization methods (engine/method/,
// io/import/method.c) and `import --method`
// SPDX-License-Identifier: MIT
//
// The bundled IPCC AR6 GWP100 method is read and spot-checked against the
// values of AR6 WG1 Table 7.15 / 7.SM.7 (datasets/methods/README.md); it is
// applied to a synthetic model whose flows spell their names, CAS numbers
// and compartments in the ways real databases do, and C is checked
// exactly; it is applied to USEEIO v1.2, whose own GHG indicator uses
// IPCC AR4 values, and the result is compared flow by flow and, for the
// sectors that emit only gases both cover, sector by sector against EPA's
// published D; and `leontief import mtx ... --method gwp100-ar6` is run on
// the tiny example and its model solved.

#define _POSIX_C_SOURCE 200809L

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

#include "cli_util.h"
#include "engine/method/method_impl.h"
#include "test_util.h"

#define BUNDLED "datasets/methods/gwp100-ar6.csv"
#define HEADER                                                            \
    "indicator_id,indicator_name,indicator_unit,cas,flow_name,compartment," \
    "factor\n"

static int has(const char *haystack, const char *needle) {
    if (strstr(haystack, needle) != NULL) return 1;
    print_error("'%s' does not contain '%s'\n", haystack, needle);
    return 0;
}

static double entry(const lca_csc *X, int64_t i, int64_t j) {
    int64_t p = lca_csc_find(X, i, j);
    return p < 0 ? 0.0 : lca_csc_values(X)[p];
}

// The factor of the row named name (compartment ""), or NAN.
static double factor_of(const lca_method *meth, const char *name) {
    for (int64_t r = 0; r < lca_method_nfactors(meth); r++) {
        lca_method_factor f;
        lca_method_factor_row(meth, r, &f);
        if (strcmp(f.flow_name, name) == 0) return f.factor;
    }
    return NAN;
}

static const char *write_file(const char *name, const char *text) {
    static char path[4][4096];
    static int next = 0;
    char *p = path[next++ % 4];
    snprintf(p, 4096, "%s/%s", test_tmpdir("method"), name);
    FILE *fp = fopen(p, "wb");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
    return p;
}

// ---- the bundled method ----------------------------------------------------

static void test_method_bundled_gwp100_ar6_has_ar6_values(void **state) {
    lca_ctx *ctx = *state;
    lca_method *meth = NULL;
    assert_int_equal(lca_method_read_csv(ctx, src_path(BUNDLED), &meth),
                     LCA_OK);
    assert_string_equal(lca_method_name(meth), "gwp100-ar6");
    assert_int_equal(lca_method_nindicators(meth), 1);
    assert_string_equal(lca_method_indicator(meth, 0, LCA_LABEL_ID),
                        "GWP100");
    assert_string_equal(lca_method_indicator(meth, 0, LCA_LABEL_UNIT),
                        "kg CO2-eq");
    // AR6 WG1 Table 7.15 (CH4, N2O) and Table 7.SM.7; exact decimals.
    assert_true(factor_of(meth, "Carbon dioxide") == 1.0);
    // Biogenic CO2 counts 1 in its own component (left out of the total
    // GWP100, which excludes biogenic CO2; datasets/methods/README.md).
    assert_true(factor_of(meth, "Carbon dioxide, biogenic") == 1.0);
    assert_true(factor_of(meth, "Methane") == 29.8);
    assert_true(factor_of(meth, "Methane, fossil") == 29.8);
    assert_true(factor_of(meth, "Methane, non-fossil") == 27.0);
    assert_true(factor_of(meth, "Methane, biogenic") == 27.0);
    assert_true(factor_of(meth, "Dinitrogen monoxide") == 273.0);
    assert_true(factor_of(meth, "Sulfur hexafluoride") == 25200.0);
    assert_true(factor_of(meth, "Nitrogen trifluoride") == 17400.0);
    assert_true(factor_of(meth, "HFC-134a") == 1530.0);
    assert_true(factor_of(meth, "HFC-23") == 14600.0);
    assert_true(factor_of(meth, "PFC-14") == 7380.0);
    // Ozone-depleting and other species of 7.SM.7 (CFC-11 and CFC-12 as
    // the chapter's authors corrected them).
    assert_true(factor_of(meth, "CFC-11") == 6230.0);
    assert_true(factor_of(meth, "CFC-12") == 12500.0);
    assert_true(factor_of(meth, "HCFC-22") == 1960.0);
    assert_true(factor_of(meth, "Carbon tetrachloride") == 2200.0);
    assert_true(factor_of(meth, "Sulfuryl fluoride") == 4630.0);
    assert_true(factor_of(meth, "Halon-1301") == 7200.0);
    assert_true(factor_of(meth, "HFO-1234yf") == 0.501);
    assert_true(factor_of(meth, "Ethane") == 0.437);
    assert_true(factor_of(meth, "Octamethylcyclotetrasiloxane") == 0.739);
    assert_true(isnan(factor_of(meth, "Carbon monoxide")));  // not in AR6
    // A mixture is listed without a factor (NaN), not left out.
    int64_t mix = 0;
    for (int64_t r = 0; r < lca_method_nfactors(meth); r++) {
        lca_method_factor f;
        lca_method_factor_row(meth, r, &f);
        mix += strcmp(f.flow_name, "HFCs and HCFCs, unspecified") == 0 &&
               isnan(f.factor);
    }
    assert_int_equal(mix, 1);
    // 14 output indicators: the totals, components and gases.
    assert_int_equal(lca_method_noutputs(meth), 14);
    lca_method_output o;
    lca_method_output_get(meth, 0, &o);
    assert_string_equal(o.id, "GWP100");
    assert_string_equal(o.role, "total_excluding_uptake");
    lca_method_destroy(&meth);
    // The same file by name, from a data directory.
    assert_int_equal(lca_method_read_named(ctx, "gwp100-ar6",
                                           src_path("datasets"), &meth),
                     LCA_OK);
    assert_int_equal(lca_method_nfactors(meth), 628);
    lca_method_destroy(&meth);
    assert_int_equal(lca_method_read_named(ctx, "gwp20-ar9",
                                           src_path("datasets"), &meth),
                     LCA_ERR_NOTFOUND);
    assert_null(meth);
    assert_true(has(lca_ctx_errmsg(ctx), "methods/gwp20-ar9.csv"));
}

// ---- the matching rules on a synthetic model -------------------------------

// Flows as real databases spell them (name, compartment, unit, CAS) and
// the factor each must get (NAN: no row matches).
static const struct {
    const char *name, *comp, *unit, *cas;
    double want;
    int reported;  // an "unmatched GHG flow" line expected
} flows[] = {
    {"Carbon dioxide, fossil", "air/urban air close to ground", "kg", "", 1,
     0},
    {"METHANE,   FOSSIL ", "air", "KG", "", 29.8, 0},
    {"Methane, non-fossil", "Emissions to air/low population density", "kg",
     "000074-82-8", 27.0, 0},
    {"Methane from landfill", "air/unspecified", "kg", "74828", 29.8, 0},
    {"Methane", "water/unspecified", "kg", "74-82-8", NAN, 0},
    {"Dinitrogen monoxide", "Elementary flows/Emissions to air/unspecified",
     "kg", "10024-97-2", 273, 0},
    {"Carbon dioxide, biogenic", "air/unspecified", "kg", "124-38-9", 0, 0},
    {"Carbon dioxide, in air", "resource/in air", "kg", "", 0, 0},
    {"Methane, bromo-, Halon 1001", "air/unspecified", "kg", "", 2.43, 0},
    {"Sulfur hexafluoride", "air/unspecified", "g", "", NAN, 1},
    {"Nitrous oxide [Inorganic emissions to air]", "", "kg", "", 273, 0},
    {"Iron ore", "resource/in ground", "kg", "", NAN, 0},
    {"NMVOC, non-methane volatile organic compounds", "air", "kg", "", NAN,
     0},
    {"Sulphur hexafluoride", "air/high population density", "kg",
     "2551-62-4", 25200, 0},
    {"Carbon dioxide", "soil/agricultural", "kg", "124-38-9", NAN, 0},
    {"Methane, fossil", "Elementary Flows", "kg", "", 29.8, 0},
    {"Methane, trichloro-", "air/unspecified", "kg", "", 20.6, 0},
    {"HCFC-253", "air/unspecified", "kg", "", NAN, 1},
};
#define NFLOWS ((int64_t)(sizeof flows / sizeof flows[0]))

// One product making every flow, and a 2-indicator C with uncertainty
// records, to be replaced.
static lca_model *synthetic_model(lca_ctx *ctx) {
    double a = 1.0, Cd[2 * NFLOWS];
    double *Bd = calloc((size_t)NFLOWS, sizeof *Bd);
    for (int64_t j = 0; j < NFLOWS; j++) Bd[j] = 1.0;
    for (int64_t j = 0; j < 2 * NFLOWS; j++) Cd[j] = (double)(j % 3);
    lca_csc *A = csc_from_dense(ctx, 1, 1, &a);
    lca_csc *B = csc_from_dense(ctx, NFLOWS, 1, Bd);
    lca_csc *C = csc_from_dense(ctx, 2, NFLOWS, Cd);
    lca_model *M = NULL;
    assert_int_equal(lca_model_create(ctx, LCA_TECHNOSPHERE, A, B, C, &M),
                     LCA_OK);
    const char *v[5][NFLOWS];
    char ids[NFLOWS][16];
    for (int64_t j = 0; j < NFLOWS; j++) {
        snprintf(ids[j], sizeof ids[j], "f%lld", (long long)j);
        v[0][j] = ids[j];
        v[1][j] = flows[j].name;
        v[2][j] = flows[j].unit;
        v[3][j] = flows[j].comp;
        v[4][j] = flows[j].cas;
    }
    for (int l = 0; l < 5; l++) {
        assert_int_equal(lca_model_set_labels(M, LCA_FLOWS, (lca_label)l,
                                              v[l]),
                         LCA_OK);
    }
    lca_uncertainty *u = calloc((size_t)lca_csc_nnz(C), sizeof *u);
    assert_int_equal(lca_model_set_uncertainty(M, LCA_MATRIX_C, u), LCA_OK);
    assert_int_equal(lca_model_add_report(M, "earlier", "x", "y", "z"),
                     LCA_OK);
    free(u);
    free(Bd);
    lca_csc_destroy(&A);
    lca_csc_destroy(&B);
    lca_csc_destroy(&C);
    return M;
}

static int64_t count_reports(const lca_model *M, const char *kind,
                             const char *id) {
    int64_t n = 0;
    for (int64_t i = 0; i < lca_model_nreports(M); i++) {
        n += strcmp(lca_model_report(M, i, LCA_REPORT_KIND), kind) == 0 &&
             (id == NULL ||
              strcmp(lca_model_report(M, i, LCA_REPORT_ID), id) == 0);
    }
    return n;
}

static void test_method_apply_matches_cas_name_compartment_and_unit(
    void **state) {
    lca_ctx *ctx = *state;
    lca_model *M = synthetic_model(ctx);
    lca_method *meth = NULL;
    assert_int_equal(lca_method_read_csv(ctx, src_path(BUNDLED), &meth),
                     LCA_OK);
    lca_method_summary sum;
    assert_int_equal(lca_method_apply(meth, M, &sum), LCA_OK);
    const lca_csc *C = lca_model_C(M);
    assert_int_equal(lca_model_dim(M, LCA_INDICATORS), 14);
    assert_int_equal(lca_csc_nrows(C), 14);
    assert_string_equal(lca_model_label(M, LCA_INDICATORS, LCA_LABEL_ID, 0),
                        "GWP100");
    assert_string_equal(lca_model_label(M, LCA_INDICATORS, LCA_LABEL_SPLIT, 0),
                        "GWP100:total_excluding_uptake");
    int64_t matched = 0, nonzero = 0, reported = 0;
    for (int64_t j = 0; j < NFLOWS; j++) {
        double want = isnan(flows[j].want) ? 0.0 : flows[j].want;
        if (entry(C, 0, j) != want) {
            print_error("flow %lld '%s': C = %g, want %g\n", (long long)j,
                        flows[j].name, entry(C, 0, j), want);
        }
        assert_true(entry(C, 0, j) == want);
        matched += !isnan(flows[j].want);
        nonzero += want != 0.0;
        reported += flows[j].reported;
        char id[16];
        snprintf(id, sizeof id, "f%lld", (long long)j);
        assert_int_equal(count_reports(M, "unmatched GHG flow", id),
                         flows[j].reported);
    }
    int64_t row0 = 0;  // zero factors are not stored
    for (int64_t p = 0; p < lca_csc_nnz(C); p++) {
        row0 += lca_csc_rowidx(C)[p] == 0;
    }
    assert_int_equal(row0, nonzero);
    assert_int_equal(sum.flows_matched, matched);
    assert_int_equal(sum.ghg_unmatched, reported);
    // "Methane, fossil" in "Elementary Flows": taken as air, and reported.
    assert_int_equal(sum.assumed_air, 1);
    assert_int_equal(count_reports(M, "assumed emission to air", NULL), 1);
    assert_int_equal(count_reports(M, "method match", NULL), sum.rows_used);
    assert_int_equal(count_reports(M, "earlier", NULL), 1);
    assert_null(lca_model_uncertainty(M, LCA_MATRIX_C));
    assert_int_equal(lca_model_check(M), LCA_OK);
    lca_method_destroy(&meth);
    lca_model_destroy(&M);
}

// The first row of a CAS number is the default; a row with the flow's
// CAS and name wins over it; a flow without a CAS number is matched by
// name, whatever CAS the row carries.
static void test_method_apply_prefers_cas_and_name_then_cas_then_name(
    void **state) {
    lca_ctx *ctx = *state;
    lca_model *M = synthetic_model(ctx);
    const char *text =
        "indicator_id,indicator_name,indicator_unit,cas,flow_name,"
        "compartment,factor\n"
        "X,x,u,74-82-8,Methane,,1\n"
        "X,x,u,74-82-8,\"Methane, non-fossil\",,2\n"
        "X,x,u,,\"Methane from landfill\",,3\n"
        "X,x,u,50-00-0,\"Methane, bromo-, Halon 1001\",,4\n"
        "Y,y,v,,\"Iron ore\",resource,5\n";
    lca_method *meth = NULL;
    assert_int_equal(lca_method_read_csv(ctx, write_file("order.csv", text),
                                         &meth),
                     LCA_OK);
    assert_int_equal(lca_method_apply(meth, M, NULL), LCA_OK);
    const lca_csc *C = lca_model_C(M);
    assert_int_equal(lca_csc_nrows(C), 2);
    assert_true(entry(C, 0, 2) == 2.0);  // CAS and name
    assert_true(entry(C, 0, 3) == 1.0);  // CAS default beats the name row
    assert_true(entry(C, 0, 8) == 4.0);  // no CAS on the flow: by name
    assert_true(entry(C, 1, 11) == 5.0);  // compartment "resource"
    assert_true(entry(C, 0, 11) == 0.0);
    assert_int_equal(lca_csc_nnz(C), 4);
    lca_method_destroy(&meth);
    lca_model_destroy(&M);
}

static void test_method_text_helpers_read_real_spellings(void **state) {
    (void)state;
    int64_t cas = 0;
    assert_true(lca__cas_parse("000124-38-9", 1, &cas) && cas == 124389);
    assert_true(lca__cas_parse("124389", 1, &cas) && cas == 124389);
    assert_false(lca__cas_parse("124-38-8", 1, &cas));   // check digit
    assert_false(lca__cas_parse("1243-8-9", 1, &cas));   // layout
    assert_true(lca__cas_parse("1243-8-9", 0, &cas));    // flows: lenient
    assert_false(lca__cas_parse("124-38-9a", 0, &cas));
    assert_false(lca__cas_parse("", 0, &cas));
    char key[64];
    lca__name_key("  Carbon  dioxide [Inorganic emissions to air] ", key);
    assert_string_equal(key, "carbon dioxide");
    static const struct {
        const char *comp;
        lca__compartment kind;
    } comps[] = {
        {"air/unspecified", LCA__COMP_AIR},
        {"air/low. pop.", LCA__COMP_AIR},
        {"air/urban air close to ground", LCA__COMP_AIR},
        {"Elementary Flows/NETL Coal Elementary Flows/NETL Elementary "
         "Flows/Emission to air", LCA__COMP_AIR},
        {"Elementary flows/Emissions/Emissions to air/Emissions to air, "
         "unspecified", LCA__COMP_AIR},
        {"emission/air", LCA__COMP_AIR},
        {"resource/in air", LCA__COMP_RESOURCE},
        {"Elementary flows/Resources/Resources from air", LCA__COMP_RESOURCE},
        {"water/ground-, long-term", LCA__COMP_OTHER},
        {"soil/groundwater", LCA__COMP_OTHER},
        {"Waste Flows/Hazardous Waste", LCA__COMP_OTHER},
        {"Elementary Flows", LCA__COMP_UNKNOWN},
        {"airport emissions", LCA__COMP_UNKNOWN},
        {"/", LCA__COMP_EMPTY},
        {"", LCA__COMP_EMPTY},
    };
    for (size_t i = 0; i < sizeof comps / sizeof comps[0]; i++) {
        if (lca__compartment_kind(comps[i].comp) != comps[i].kind) {
            print_error("'%s'\n", comps[i].comp);
        }
        assert_int_equal(lca__compartment_kind(comps[i].comp), comps[i].kind);
    }
    assert_true(lca__compartment_within("Resource/in air", "resource"));
    assert_false(lca__compartment_within("resources/x", "resource"));
    assert_true(lca__name_looks_ghg("Ethane, hexafluoro-, HFC-116"));
    assert_true(lca__name_looks_ghg("CO2, fossil"));
    assert_false(lca__name_looks_ghg("Hydrocarbons (other than methane)"));
    assert_false(lca__name_looks_ghg("Carbon monoxide"));
    assert_false(lca__name_looks_ghg("NITROMETHANE"));
    assert_false(lca__name_looks_ghg("Chlorothalonil"));
    assert_false(lca__name_looks_ghg("Methanesulfonic acid"));
    assert_true(lca__name_looks_ghg("Methane, bromo-, Halon 1001"));
    assert_true(lca__name_looks_ghg("HALON 1211"));
    assert_true(lca__name_looks_ghg("bis(2-chloroethoxy)methane"));
}

// ---- USEEIO v1.2: AR6 against EPA's AR4 ------------------------------------

// The 42 flows of USEEIO's GHG indicator: EPA's factor (IPCC AR4, as EPA
// published it) and ours (AR6 WG1 Table 7.15 for CH4 and N2O, 7.SM.7 for
// the rest; CFC-11 and CFC-12 as corrected by its authors). Our method
// characterises all 42, ozone-depleting substances included.
static const struct {
    const char *id;
    double ar4, ar6;
} useeio_ghg[] = {
    {"air/low population density/methane, bromo-, halon 1001/kg", 5, 2.43},
    {"air/unspecified/1,1,1-trichloroethane/kg", 146, 161},
    {"air/unspecified/butane, perfluorocyclo-, pfc-318/kg", 10300, 10200},
    {"air/unspecified/carbon dioxide/kg", 1, 1},
    {"air/unspecified/carbon tetrachloride/kg", 1400, 2200},
    {"air/unspecified/cfc-114/kg", 10000, 9430},
    {"air/unspecified/cfc-115/kg", 7370, 9600},
    {"air/unspecified/cfc-13/kg", 14400, 16200},
    {"air/unspecified/chloroform/kg", 31, 20.6},
    {"air/unspecified/dinitrogen monoxide/kg", 298, 273},
    {"air/unspecified/ethane, 1,1,1,2-tetrafluoro-, hfc-134a/kg", 1430, 1530},
    {"air/unspecified/ethane, 1,1,1-trifluoro-, hfc-143a/kg", 4470, 5810},
    {"air/unspecified/ethane, 1,1,2-trichloro-1,2,2-trifluoro-, cfc-113/kg",
     6130, 6520},
    {"air/unspecified/ethane, 1,1-dichloro-1-fluoro-, hcfc-141b/kg", 725, 860},
    {"air/unspecified/ethane, 2,2-dichloro-1,1,1-trifluoro-, hcfc-123/kg", 77,
     90.4},
    {"air/unspecified/ethane, 2-chloro-1,1,1,2-tetrafluoro-, hcfc-124/kg", 609,
     597},
    {"air/unspecified/ethane, hexafluoro-, hfc-116/kg", 12200, 12400},
    {"air/unspecified/ethane, pentafluoro-, hfc-125/kg", 3500, 3740},
    {"air/unspecified/halon 1211/kg", 1890, 1930},
    {"air/unspecified/halon 1301/kg", 7140, 7200},
    {"air/unspecified/hcfc-142b/kg", 2310, 2300},
    {"air/unspecified/hcfc-21/kg", 151, 160},
    {"air/unspecified/hcfc-225ca/kg", 122, 137},
    {"air/unspecified/hcfc-225cb/kg", 595, 568},
    {"air/unspecified/methane, bromo-, halon 1001/kg", 5, 2.43},
    {"air/unspecified/methane, chlorodifluoro-, hcfc-22/kg", 1810, 1960},
    {"air/unspecified/methane, dibromo-/kg", 1.54, 1.51},
    {"air/unspecified/methane, dichloro-, hcc-30/kg", 8.7, 11.2},
    {"air/unspecified/methane, dichlorodifluoro-, cfc-12/kg", 10900, 12500},
    {"air/unspecified/methane, difluoro-, hfc-32/kg", 675, 771},
    {"air/unspecified/methane, monochloro-, r-40/kg", 13, 5.54},
    {"air/unspecified/methane, tetrachloro-, r-10/kg", 1400, 2200},
    {"air/unspecified/methane, tetrafluoro-, r-14/kg", 7390, 7380},
    {"air/unspecified/methane, trichlorofluoro-, cfc-11/kg", 4750, 6230},
    {"air/unspecified/methane, trifluoro-, hfc-23/kg", 14800, 14600},
    {"air/unspecified/methane/kg", 25, 29.8},
    {"air/unspecified/methyl bromide/kg", 5, 2.43},
    {"air/unspecified/nitrogen fluoride/kg", 17200, 17400},
    {"air/unspecified/nitrogen trifluoride/kg", 17200, 17400},
    {"air/unspecified/propane, 1,1,1,3,3,3-hexafluoro-, hcfc-236fa/kg", 9810,
     8690},
    {"air/unspecified/propane, perfluoro-/kg", 8830, 9290},
    {"air/unspecified/sulfur hexafluoride/kg", 22800, 25200},
};
#define NGHG ((int64_t)(sizeof useeio_ghg / sizeof useeio_ghg[0]))
// Sectors whose every characterised flow is in the table.
#define N_SECTORS_COMPARED 8

// Row r of EPA's published D (raw/matrix/D.json), n entries.
static double *published_D_row(int64_t r, int64_t n) {
    json_error_t err;
    json_t *root = json_load_file(
        src_path("datasets/useeio-v1.2/raw/matrix/D.json"), 0, &err);
    assert_non_null(root);
    json_t *row = json_array_get(root, (size_t)r);
    assert_int_equal((int64_t)json_array_size(row), n);
    double *d = calloc((size_t)n, sizeof *d);
    for (int64_t s = 0; s < n; s++) {
        d[s] = json_number_value(json_array_get(row, (size_t)s));
    }
    json_decref(root);
    return d;
}

// Position of flow j in the table, or -1.
static int64_t in_table(const lca_model *M, int64_t j) {
    const char *id = lca_model_label(M, LCA_FLOWS, LCA_LABEL_ID, j);
    for (int64_t t = 0; t < NGHG; t++) {
        if (strcmp(useeio_ghg[t].id, id) == 0) return t;
    }
    return -1;
}

// Sector by sector, for the sectors whose every GHG (by USEEIO's own C)
// is in the table, i.e. where the only difference is the GWP version:
// ours = EPA's D + sum over the table of (AR6 - AR4) B(f, s).
static int64_t compare_sectors(const lca_model *M, const lca_csc *Cold,
                               int64_t ghg) {
    const lca_csc *B = lca_model_B(M), *C = lca_model_C(M);
    int64_t n = lca_model_dim(M, LCA_PRODUCTS), compared = 0;
    double *Dpub = published_D_row(ghg, n);
    const int64_t *Bp = lca_csc_colptr(B), *Bi = lca_csc_rowidx(B);
    const double *Bx = lca_csc_values(B);
    for (int64_t s = 0; s < n; s++) {
        double ours = 0.0, want = Dpub[s];
        int only_table = 1;
        for (int64_t p = Bp[s]; p < Bp[s + 1]; p++) {
            int64_t f = Bi[p], t = in_table(M, f);
            ours += entry(C, 0, f) * Bx[p];
            if (t >= 0) want += (useeio_ghg[t].ar6 - useeio_ghg[t].ar4) * Bx[p];
            if (t < 0 && (entry(Cold, ghg, f) != 0.0 || entry(C, 0, f) != 0.0)) {
                only_table = 0;
            }
        }
        if (!only_table) continue;
        assert_close(ours, want, 1e-12);
        compared++;
    }
    free(Dpub);
    return compared;
}

static void test_method_gwp100_ar6_on_useeio_differs_from_ar4_by_gwp_only(
    void **state) {
    lca_ctx *ctx = *state;
    lca_model *M = NULL;
    assert_int_equal(lca_import_useeio(ctx, src_path("datasets/useeio-v1.2/"
                                                     "raw"), &M),
                     LCA_OK);
    int64_t ghg = -1;
    assert_int_equal(lca_model_lookup(M, LCA_INDICATORS, "GHG", &ghg), LCA_OK);
    lca_csc *Cold = NULL;
    assert_int_equal(lca_csc_copy(lca_model_C(M), &Cold), LCA_OK);
    lca_method *meth = NULL;
    assert_int_equal(lca_method_read_csv(ctx, src_path(BUNDLED), &meth),
                     LCA_OK);
    lca_method_summary sum;
    assert_int_equal(lca_method_apply(meth, M, &sum), LCA_OK);
    const lca_csc *C = lca_model_C(M);
    // Flow by flow: EPA's 42 gases, EPA's AR4 values, our AR6 values.
    int64_t m = lca_model_dim(M, LCA_FLOWS), found = 0, epa = 0;
    for (int64_t j = 0; j < m; j++) {
        int64_t t = in_table(M, j);
        epa += entry(Cold, ghg, j) != 0.0;
        if (t < 0) continue;
        found++;
        assert_true(entry(Cold, ghg, j) == useeio_ghg[t].ar4);
        assert_true(entry(C, 0, j) == useeio_ghg[t].ar6);
    }
    assert_int_equal(found, NGHG);
    assert_int_equal(epa, NGHG);  // the table is all of EPA's GHG flows
    // Nine more 7.SM.7 species EPA's indicator leaves out (sulfuryl
    // fluoride, chloro- and bromocarbons, tetrafluoroethylene, and
    // crotonaldehyde, whose GWP-100 is 0).
    assert_int_equal(sum.flows_matched, NGHG + 9);
    // Left unmatched: species 7.SM.7 does not list (HCFC-253, HCFC-132b)
    // and names that only look like a GHG.
    assert_int_equal(sum.ghg_unmatched, 5);
    assert_int_equal(compare_sectors(M, Cold, ghg), N_SECTORS_COMPARED);
    lca_csc_destroy(&Cold);
    lca_method_destroy(&meth);
    lca_model_destroy(&M);
}

// ---- the command line ------------------------------------------------------

// Run "[env] leontief ARGS" with stdout and stderr into out (joined).
#define run_cli(buf, cap, vars, ...)                               \
    cli_capture(&(cli_opts){.env = (vars),                         \
                            .out = LCA_BINARY_DIR "/cli-out.txt",  \
                            .err = CLI_WITH_OUT},                  \
                (buf), (cap), __VA_ARGS__)

static const char *tiny_args(void) {
    static char buf[4096];
    char t[512];
    snprintf(t, sizeof t, "%s", src_path("datasets/examples/tiny"));
    snprintf(buf, sizeof buf,
             "import mtx --A %s/A.mtx --B %s/B.mtx --C %s/C.mtx "
             "--products %s/products.csv --flows %s/flows.csv "
             "--indicators %s/indicators.csv --demands %s/demands.csv",
             t, t, t, t, t, t, t);
    return buf;
}

// Score of demand "1 kg steel" for indicator 0 of the model at path.
static double steel_score(lca_ctx *ctx, const char *path) {
    lca_model *M = NULL;
    lca_calc *c = NULL;
    assert_int_equal(lca_model_read(ctx, path, &M), LCA_OK);
    assert_string_equal(lca_model_label(M, LCA_INDICATORS, LCA_LABEL_ID, 0),
                        "GWP100");
    assert_int_equal(lca_model_dim(M, LCA_INDICATORS),
                     strcmp(lca_model_label(M, LCA_INDICATORS, LCA_LABEL_SPLIT,
                                            0), "")
                         ? 14
                         : 1);
    int64_t d = -1;
    assert_int_equal(lca_model_lookup(M, LCA_DEMANDS, "1 kg steel", &d),
                     LCA_OK);
    lca_solver_options opt;
    lca_solver_options_default(&opt);
    assert_int_equal(lca_calc_create(M, &opt, &c), LCA_OK);
    double h[16] = {NAN};  // one score per indicator (at most 14)
    assert_int_equal(lca_calc_demands(c, 1, &d, NULL, NULL, h), LCA_OK);
    lca_calc_destroy(&c);
    lca_model_destroy(&M);
    return h[0];
}

static void test_method_cli_import_applies_bundled_and_file_methods(
    void **state) {
    lca_ctx *ctx = *state;
    assert_non_null(getenv("LCA_CLI"));  // set by CTest
    const char *dir = test_tmpdir("method-cli");
    char out[8192], model[4200], data[4200], file[4300];
    snprintf(model, sizeof model, "%s/tiny-ar6.h5", dir);
    int rc = run_cli(out, sizeof out, "", "%s --method gwp100-ar6 -o '%s'",
                     tiny_args(), model);
    assert_int_equal(rc, 0);
    assert_true(has(out, "method gwp100-ar6: 2 flows matched (Carbon "
                         "dioxide, fossil 1, Methane, fossil 29.8), 0 "
                         "GHG-looking flows unmatched"));
    // tiny's own C says 28 for methane: 2.2675; AR6 fossil methane 29.8.
    assert_close(steel_score(ctx, model), 2.25 + 29.8 * 0.000625, 1e-12);
    // LEONTIEF_DATADIR points at another data directory.
    snprintf(data, sizeof data, "%s/data/methods", dir);
    snprintf(file, sizeof file, "mkdir -p '%s'", data);
    assert_int_equal(system(file), 0);
    snprintf(file, sizeof file, "%s/ch4only.csv", data);
    FILE *fp = fopen(file, "w");
    assert_non_null(fp);
    fputs(HEADER "GWP100,ch4,kg CO2-eq,74-82-8,,,100\n", fp);
    fclose(fp);
    rc = run_cli(out, sizeof out, "LEONTIEF_DATADIR=", "%s --method ch4only "
                 "-o '%s'", tiny_args(), model);
    assert_int_equal(rc, 3);
    assert_true(has(out, "no bundled method 'ch4only'"));
    char env[4300];
    snprintf(env, sizeof env, "LEONTIEF_DATADIR='%s/data'", dir);
    rc = run_cli(out, sizeof out, env, "%s --method ch4only --report "
                 "'%s/report.csv' -o '%s'", tiny_args(), dir, model);
    // No CAS numbers in tiny's flows and no name "": nothing matches, and
    // both gases are listed in the report.
    assert_int_equal(rc, 0);
    assert_true(has(out, "method ch4only: 0 flows matched, 2 GHG-looking"));
    snprintf(file, sizeof file, "%s/report.csv", dir);
    fp = fopen(file, "r");
    assert_non_null(fp);
    size_t len = fread(out, 1, sizeof out - 1, fp);
    out[len] = '\0';
    fclose(fp);
    assert_true(has(out, "unmatched GHG flow,co2,\"Carbon dioxide, fossil\""));
    assert_true(has(out, "unmatched GHG flow,ch4,\"Methane, fossil\""));
    // A path, and a bad one: exit 3, the file and line named, no model.
    rc = run_cli(out, sizeof out, "", "%s --method '%s' -o '%s/x.h5'",
                 tiny_args(), write_file("bad.csv", HEADER "G,g,kg,,M,,x\n"),
                 dir);
    assert_int_equal(rc, 3);
    assert_true(has(out, "bad.csv: line 2: factor 'x'"));
    snprintf(file, sizeof file, "%s/x.h5", dir);
    assert_false(file_exists(file));
}

// ---- lca_model_set_C --------------------------------------------------------

static void test_model_set_C_checks_width_and_replaces_indicators(
    void **state) {
    lca_ctx *ctx = *state;
    lca_model *M = synthetic_model(ctx);
    double x[3] = {1, 2, 3};
    lca_csc *C = csc_from_dense(ctx, 1, 3, x);  // 3 columns, not NFLOWS
    const char *id[1] = {"X"}, *unit[1] = {"u"};
    assert_int_equal(lca_model_set_C(M, C, id, NULL, unit), LCA_ERR_DIM);
    assert_int_equal(lca_model_dim(M, LCA_INDICATORS), 2);
    assert_non_null(lca_model_uncertainty(M, LCA_MATRIX_C));
    lca_csc_destroy(&C);
    double *w = calloc((size_t)(3 * NFLOWS), sizeof *w);
    w[2 * NFLOWS + 5] = 7.0;  // row-major 3 x NFLOWS: C(2, 5) = 7
    C = csc_from_dense(ctx, 3, NFLOWS, w);
    const char *ids[3] = {"A", "B", "C"}, *names[3] = {"a", "b", "c"};
    assert_int_equal(lca_model_set_C(M, C, ids, names, NULL), LCA_OK);
    assert_int_equal(lca_model_dim(M, LCA_INDICATORS), 3);
    assert_string_equal(lca_model_label(M, LCA_INDICATORS, LCA_LABEL_NAME, 2),
                        "c");
    assert_string_equal(lca_model_label(M, LCA_INDICATORS, LCA_LABEL_UNIT, 2),
                        "");
    assert_true(entry(lca_model_C(M), 2, 5) == 7.0);
    assert_int_equal(lca_csc_nnz(lca_model_C(M)), 1);
    assert_null(lca_model_uncertainty(M, LCA_MATRIX_C));
    assert_int_equal(lca_model_check(M), LCA_OK);
    free(w);
    lca_csc_destroy(&C);
    lca_model_destroy(&M);
}

// ---- bad method files ------------------------------------------------------

static void expect_bad(lca_ctx *ctx, const char *name, const char *text,
                       lca_status want, const char *needle) {
    const char *path = write_file(name, text);
    lca_method *meth = (lca_method *)&meth;  // must be set to NULL
    assert_int_equal(lca_method_read_csv(ctx, path, &meth), want);
    assert_null(meth);
    assert_true(has(lca_ctx_errmsg(ctx), path));
    assert_true(has(lca_ctx_errmsg(ctx), needle));
}

static void test_method_read_csv_names_file_and_line_of_bad_input(
    void **state) {
    lca_ctx *ctx = *state;
    expect_bad(ctx, "factor.csv", HEADER "G,g,kg,,Methane,,29.8\n"
               "G,g,kg,,\"Methane, fossil\",,twenty\n",
               LCA_ERR_INVALID, "line 3: factor 'twenty'");
    expect_bad(ctx, "cas.csv", HEADER "G,g,kg,74-82-9,Methane,,29.8\n",
               LCA_ERR_INVALID, "line 2: CAS number '74-82-9'");
    expect_bad(ctx, "fields.csv", HEADER "G,g,kg,,Methane,29.8\n",
               LCA_ERR_INVALID, "line 2: 6 fields, the header has 7");
    expect_bad(ctx, "dup.csv", HEADER "G,g,kg,,Methane,,29.8\n"
               "G,g,kg,,\"Methane, fossil\",,29.8\n"
               "G,g,kg,,METHANE,,30\n",
               LCA_ERR_INVALID, "line 4: repeats the factor row of line 2");
    expect_bad(ctx, "unit.csv", HEADER "G,g,kg,,Methane,,29.8\n"
               "G,g,t,,N2O,,273\n",
               LCA_ERR_INVALID, "line 3: indicator 'G' has unit 'kg'");
    expect_bad(ctx, "noid.csv", HEADER ",g,kg,,Methane,,29.8\n",
               LCA_ERR_INVALID, "line 2");
    expect_bad(ctx, "noflow.csv", HEADER "G,g,kg,,,,29.8\n",
               LCA_ERR_INVALID, "line 2: a factor row needs");
    expect_bad(ctx, "header.csv", "indicator_id,cas,flow_name,factor\n"
               "G,,Methane,29.8\n", LCA_ERR_INVALID,
               "line 1: no 'indicator_name' column");
    expect_bad(ctx, "empty.csv", "", LCA_ERR_INVALID, "empty file");
    expect_bad(ctx, "norows.csv", HEADER, LCA_ERR_INVALID, "no factor rows");
    expect_bad(ctx, "quote.csv", HEADER "G,g,kg,,\"Methane,,29.8\n",
               LCA_ERR_INVALID, "inside a quoted field");
    lca_method *meth = NULL;
    assert_int_equal(lca_method_read_csv(ctx, "/nonexistent/m.csv", &meth),
                     LCA_ERR_IO);
    assert_null(meth);
}

// ---- allocation failures ---------------------------------------------------

static void test_method_read_and_apply_survive_allocation_failures(
    void **state) {
    lca_ctx *ctx = *state;
    test_alloc ta;
    test_alloc_install(ctx, &ta, -1);
    lca_model *M = synthetic_model(ctx);
    int64_t nrep = lca_model_nreports(M);
    int64_t live0 = ta.live;
    lca_status st = LCA_ERR_NOMEM;
    for (int64_t k = 0; st == LCA_ERR_NOMEM; k++) {
        lca_method *meth = NULL;
        test_alloc_fail_at(&ta, k);
        st = lca_method_read_csv(ctx, src_path(BUNDLED), &meth);
        if (st == LCA_OK) {
            lca_method_destroy(&meth);
            break;
        }
        assert_int_equal(st, LCA_ERR_NOMEM);
        assert_null(meth);
        assert_int_equal(ta.live, live0);
    }
    test_alloc_fail_at(&ta, -1);
    lca_method *meth = NULL;
    assert_int_equal(lca_method_read_csv(ctx, src_path(BUNDLED), &meth),
                     LCA_OK);
    int64_t live1 = ta.live;
    st = LCA_ERR_NOMEM;
    for (int64_t k = 0; st == LCA_ERR_NOMEM; k++) {
        test_alloc_fail_at(&ta, k);
        st = lca_method_apply(meth, M, NULL);
        if (st == LCA_OK) break;
        assert_int_equal(st, LCA_ERR_NOMEM);
        // Unchanged: the old C, its two indicators and the report.
        assert_int_equal(lca_model_dim(M, LCA_INDICATORS), 2);
        assert_int_equal(lca_model_nreports(M), nrep);
        assert_non_null(lca_model_uncertainty(M, LCA_MATRIX_C));
        assert_int_equal(ta.live, live1);
    }
    test_alloc_fail_at(&ta, -1);
    assert_int_equal(lca_model_dim(M, LCA_INDICATORS), 14);
    lca_method_destroy(&meth);
    lca_model_destroy(&M);
}

// lca_data_dir (io/util/datadir.c): $LEONTIEF_DATADIR first; from the
// build tree (nothing installed beside the test program) the source
// tree's datasets/, where the bundled method is. The installed case is
// tests/install/run.sh's.
static void test_data_dir_env_then_source_tree(void **state) {
    lca_ctx *ctx = *state;
    char dir[4096], small[4];
    const char *old = getenv("LEONTIEF_DATADIR");
    char *saved = old != NULL ? strdup(old) : NULL;
    setenv("LEONTIEF_DATADIR", "/some/where", 1);
    assert_int_equal(lca_data_dir(ctx, dir, sizeof dir), LCA_OK);
    assert_string_equal(dir, "/some/where");
    assert_int_equal(lca_data_dir(ctx, small, sizeof small), LCA_ERR_ARG);
    setenv("LEONTIEF_DATADIR", "", 1);  // empty: as if unset
    assert_int_equal(lca_data_dir(ctx, dir, sizeof dir), LCA_OK);
    assert_string_equal(dir, src_path("datasets"));
    unsetenv("LEONTIEF_DATADIR");
    assert_int_equal(lca_data_dir(ctx, dir, sizeof dir), LCA_OK);
    char path[4200];
    snprintf(path, sizeof path, "%s/methods/gwp100-ar6.csv", dir);
    assert_true(file_exists(path));
    if (saved != NULL) setenv("LEONTIEF_DATADIR", saved, 1);
    free(saved);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            test_method_bundled_gwp100_ar6_has_ar6_values, ctx_setup,
            ctx_teardown),
        cmocka_unit_test_setup_teardown(
            test_method_apply_matches_cas_name_compartment_and_unit,
            ctx_setup, ctx_teardown),
        cmocka_unit_test_setup_teardown(
            test_method_apply_prefers_cas_and_name_then_cas_then_name,
            ctx_setup, ctx_teardown),
        cmocka_unit_test_setup_teardown(
            test_method_text_helpers_read_real_spellings, ctx_setup,
            ctx_teardown),
        cmocka_unit_test_setup_teardown(
            test_method_gwp100_ar6_on_useeio_differs_from_ar4_by_gwp_only,
            ctx_setup, ctx_teardown),
        cmocka_unit_test_setup_teardown(
            test_method_cli_import_applies_bundled_and_file_methods,
            ctx_setup, ctx_teardown),
        cmocka_unit_test_setup_teardown(
            test_model_set_C_checks_width_and_replaces_indicators, ctx_setup,
            ctx_teardown),
        cmocka_unit_test_setup_teardown(
            test_method_read_csv_names_file_and_line_of_bad_input, ctx_setup,
            ctx_teardown),
        cmocka_unit_test_setup_teardown(
            test_method_read_and_apply_survive_allocation_failures, ctx_setup,
            ctx_teardown),
        cmocka_unit_test_setup_teardown(test_data_dir_env_then_source_tree,
                                        ctx_setup, ctx_teardown),
    };
    return cmocka_run_group_tests_name("method", tests, NULL, NULL);
}
