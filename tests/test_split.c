// tests/test_split.c: split results (ISO 14067 / PACT components) from the
// bundled GWP100 methods, engine/method/method_split.c and
// io/import/method_outputs.c
// SPDX-License-Identifier: MIT
//
// A two-product model whose flows cover every component (fossil, biogenic
// CO2 out and in, biogenic methane in an unrecognised compartment, land-
// use change, a removal into soil, aircraft, an F-gas, a mixture) is
// characterised with gwp100-ar6 and its 14 factors per product compared
// with numbers worked out by hand below; a Monte Carlo run over it checks
// that the components sum to the totals in every iteration (they are rows
// of C, so the same samples give them); the bundled USLCI is imported with
// both methods: no known greenhouse gas left unmatched, and the components
// of all 766 products sum to their totals to 1e-12; and the indicator file
// rejects typos and bad versions by file and line.

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lca/calc.h"
#include "lca/io.h"
#include "lca/io_procdb.h"
#include "lca/mc.h"
#include "lca/method.h"
#include "test_util.h"

#define AR6 "datasets/methods/gwp100-ar6.csv"
#define AR5 "datasets/methods/gwp100-ar5.csv"
#define NIND 14

// The indicators in file order and how they add up (docs/FORMAT.md).
static const char *const ids[NIND] = {
    "GWP100",
    "GWP100-incl-uptake",
    "GWP100-fossil",
    "GWP100-biogenic-co2-emissions",
    "GWP100-biogenic-co2-uptake",
    "GWP100-biogenic-non-co2",
    "GWP100-land-use-change",
    "GWP100-land-management",
    "GWP100-aircraft",
    "GWP100-co2",
    "GWP100-ch4",
    "GWP100-n2o",
    "GWP100-fgases",
    "GWP100-other-gases"};
enum { EXCL, INCL, FOSSIL, BIO_CO2, UPTAKE, BIO_NON_CO2, LUC, LM, AIRCRAFT,
       G_CO2, G_CH4, G_N2O, G_F, G_OTHER };

// Largest |sum of parts - total| / (sum of |parts| + |total|) over the three
// identities, for one product's 14 values v.
static double split_error(const double *v) {
    const int sums[3][6] = {{EXCL, FOSSIL, BIO_NON_CO2, LUC, LM, -1},
                            {INCL, EXCL, BIO_CO2, UPTAKE, -1, -1},
                            {EXCL, G_CO2, G_CH4, G_N2O, G_F, G_OTHER}};
    double worst = 0.0;
    for (int s = 0; s < 3; s++) {
        double sum = 0.0, scale = fabs(v[sums[s][0]]);
        for (int i = 1; i < 6 && sums[s][i] >= 0; i++) {
            sum += v[sums[s][i]];
            scale += fabs(v[sums[s][i]]);
        }
        double err = fabs(sum - v[sums[s][0]]);
        if (scale > 0.0 && err / scale > worst) worst = err / scale;
    }
    return worst;
}

// ---- the hand-worked model --------------------------------------------------

// Two products: p0 (a wood board) uses 0.5 of p1 (electricity). Flows are
// per unit of each product; B's signs as the process importers write them
// (inputs from nature negative, attribute elementary_inputs = negative).
static const struct {
    const char *name, *comp;
    double b0, b1;
} hflows[] = {
    {"Carbon dioxide, fossil", "air/unspecified", 0.2, 0.8},
    {"Carbon dioxide, biogenic", "air/unspecified", 0.3, 0},
    {"Carbon dioxide, in air", "resource/in air", -1.5, 0},
    {"Methane, biogenic", "Elementary Flows", 0.01, 0},
    {"Carbon dioxide, land transformation", "air/low population density",
     0.05, 0},
    {"Dinitrogen monoxide", "air/stratosphere", 0, 0.001},
    {"Ethane, 1,1,1,2-tetrafluoro-, HFC-134a", "air/unspecified", 0, 1e-4},
    {"Carbon dioxide, to soil or biomass stock", "soil/forestry", 0.02, 0},
    {"Carbon dioxide, fossil", "air/lower stratosphere + upper troposphere",
     0, 0.1},
    {"HFCs and HCFCs, unspecified", "air/unspecified", 0, 0.5},
    {"Methane, trichlorofluoro-, CFC-11", "air/unspecified", 0, 2e-6},
};
#define NHF ((int64_t)(sizeof hflows / sizeof hflows[0]))

// By hand. Supply for 1 unit of p0: s = (1, 0.5); for p1: s = (0, 1).
// Inventory of p0: fossil CO2 0.2 + 0.4 = 0.6, biogenic CO2 0.3, CO2 taken
// up 1.5, biogenic CH4 0.01, LUC CO2 0.05, N2O 0.0005 (stratosphere),
// HFC-134a 5e-5, CO2 into soil 0.02, fossil CO2 in the stratosphere 0.05,
// the mixture 0.25 (no factor), CFC-11 1e-6.
//   fossil      0.6 + 0.0005*273 + 5e-5*1530 + 0.05 + 1e-6*6230
//             = 0.6 + 0.1365 + 0.0765 + 0.05 + 0.00623 = 0.86923
//   biogenic CO2 emissions 0.3; uptake -1.5; biogenic CH4 0.01*27 = 0.27
//   LUC 0.05; land management -0.02 (a removal into soil)
//   aircraft    0.1365 + 0.05 = 0.1865
//   excluding uptake  0.86923 + 0.27 + 0.05 - 0.02 = 1.16923
//   including         1.16923 + 0.3 - 1.5 = -0.03077
//   by gas  CO2 0.6 + 0.05 + 0.05 - 0.02 = 0.68, CH4 0.27, N2O 0.1365,
//           F-gases 0.0765, other (CFC-11) 0.00623
// For p1: fossil 0.8 + 0.273 + 0.153 + 0.1 + 0.01246 = 1.33846 = both
// totals; aircraft 0.373; CO2 0.9, N2O 0.273, F 0.153, other 0.01246.
static const double want[2][NIND] = {
    {1.16923, -0.03077, 0.86923, 0.3, -1.5, 0.27, 0.05, -0.02, 0.1865, 0.68,
     0.27, 0.1365, 0.0765, 0.00623},
    {1.33846, 1.33846, 1.33846, 0, 0, 0, 0, 0, 0.373, 0.9, 0, 0.273, 0.153,
     0.01246},
};

static lca_model *hand_model(lca_ctx *ctx) {
    double A[4] = {1, 0, -0.5, 1};  // row-major: A(1,0) = -0.5
    double *B = calloc(2 * NHF, sizeof *B), C0 = 0;
    for (int64_t f = 0; f < NHF; f++) {
        B[2 * f] = hflows[f].b0;
        B[2 * f + 1] = hflows[f].b1;
    }
    lca_csc *Ac = csc_from_dense(ctx, 2, 2, A);
    lca_csc *Bc = csc_from_dense(ctx, NHF, 2, B);
    lca_csc *Cc = csc_from_dense(ctx, 0, NHF, &C0);
    lca_model *M = NULL;
    assert_int_equal(lca_model_create(ctx, LCA_TECHNOSPHERE, Ac, Bc, Cc, &M),
                     LCA_OK);
    const char *id[NHF], *name[NHF], *comp[NHF], *unit[NHF];
    char buf[NHF][8];
    for (int64_t f = 0; f < NHF; f++) {
        snprintf(buf[f], sizeof buf[f], "f%lld", (long long)f);
        id[f] = buf[f];
        name[f] = hflows[f].name;
        comp[f] = hflows[f].comp;
        unit[f] = "kg";
    }
    assert_int_equal(lca_model_set_labels(M, LCA_FLOWS, LCA_LABEL_ID, id), 0);
    assert_int_equal(lca_model_set_labels(M, LCA_FLOWS, LCA_LABEL_NAME, name),
                     0);
    assert_int_equal(
        lca_model_set_labels(M, LCA_FLOWS, LCA_LABEL_COMPARTMENT, comp), 0);
    assert_int_equal(lca_model_set_labels(M, LCA_FLOWS, LCA_LABEL_UNIT, unit),
                     0);
    assert_int_equal(lca_model_set_attr(M, "elementary_inputs", "negative"),
                     LCA_OK);
    lca_csc_destroy(&Ac);
    lca_csc_destroy(&Bc);
    lca_csc_destroy(&Cc);
    free(B);
    return M;
}

static void apply_named(lca_ctx *ctx, lca_model *M, const char *path,
                        lca_method_summary *sum) {
    lca_method *meth = NULL;
    assert_int_equal(lca_method_read_csv(ctx, src_path(path), &meth), LCA_OK);
    assert_int_equal(lca_method_apply(meth, M, sum), LCA_OK);
    lca_method_destroy(&meth);
}

// N (k x n, row-major) of every indicator.
static double *all_factors(lca_model *M) {
    int64_t k = lca_model_dim(M, LCA_INDICATORS);
    int64_t n = lca_model_dim(M, LCA_PRODUCTS);
    lca_solver_options opt;
    lca_solver_options_default(&opt);
    lca_calc *c = NULL;
    assert_int_equal(lca_calc_create(M, &opt, &c), LCA_OK);
    double *N = malloc(sizeof *N * (size_t)(k * n));
    assert_int_equal(lca_calc_factors(c, k, NULL, N, NULL), LCA_OK);
    lca_calc_destroy(&c);
    return N;
}

static void test_split_hand_model_gives_hand_worked_components(void **state) {
    lca_ctx *ctx = *state;
    lca_model *M = hand_model(ctx);
    lca_method_summary sum;
    apply_named(ctx, M, AR6, &sum);
    assert_int_equal(lca_model_dim(M, LCA_INDICATORS), NIND);
    for (int i = 0; i < NIND; i++) {
        assert_string_equal(lca_model_label(M, LCA_INDICATORS, LCA_LABEL_ID, i),
                            ids[i]);
    }
    assert_int_equal(sum.no_factor, 1);    // the mixture
    assert_int_equal(sum.assumed_air, 1);  // "Methane, biogenic"
    assert_int_equal(sum.ghg_unmatched, 0);
    double *N = all_factors(M);
    for (int p = 0; p < 2; p++) {
        double v[NIND];
        for (int i = 0; i < NIND; i++) {
            v[i] = N[i * 2 + p];
            if (fabs(v[i] - want[p][i]) > 1e-13 * (1 + fabs(want[p][i]))) {
                print_error("product %d %s: %.17g, want %.17g\n", p, ids[i],
                            v[i], want[p][i]);
            }
            assert_true(fabs(v[i] - want[p][i]) <=
                        1e-13 * (1 + fabs(want[p][i])));
        }
        assert_true(split_error(v) <= 1e-13);
    }
    // The tags, and the lookups a release writer uses.
    int64_t i = -1;
    assert_int_equal(lca_split_find(M, "GWP100", "biogenic_co2_uptake", &i),
                     LCA_OK);
    assert_int_equal(i, UPTAKE);
    assert_int_equal(lca_split_find(M, "GWP100", "nonsense", &i),
                     LCA_ERR_NOTFOUND);
    assert_false(lca_split_is_component(M, EXCL));
    assert_true(lca_split_is_component(M, FOSSIL));
    // The tags survive the model file (/indicators/split).
    char path[4200];
    snprintf(path, sizeof path, "%s/hand.h5", test_tmpdir("split"));
    assert_int_equal(lca_model_write(M, path), LCA_OK);
    lca_model *R = NULL;
    assert_int_equal(lca_model_read(ctx, path, &R), LCA_OK);
    for (int k = 0; k < NIND; k++) {
        assert_string_equal(
            lca_model_label(R, LCA_INDICATORS, LCA_LABEL_SPLIT, k),
            lca_model_label(M, LCA_INDICATORS, LCA_LABEL_SPLIT, k));
    }
    assert_string_equal(lca_model_label(R, LCA_INDICATORS, LCA_LABEL_SPLIT, 3),
                        "GWP100:biogenic_co2_emissions");
    lca_model_destroy(&R);
    free(N);
    lca_model_destroy(&M);
}

// ---- Monte Carlo: the same samples give every component ---------------------

typedef struct mc_check {
    int64_t n, iterations;
    double worst;
} mc_check;

static lca_status check_block(void *arg, const lca_mc_block *b) {
    mc_check *c = arg;
    for (int64_t it = 0; it < b->count; it++) {
        if (b->failed[it]) continue;
        for (int64_t p = 0; p < c->n; p++) {
            double v[NIND];
            for (int i = 0; i < NIND; i++) {
                v[i] = b->factors[(it * NIND + i) * c->n + p];
            }
            double e = split_error(v);
            if (e > c->worst) c->worst = e;
        }
        c->iterations++;
    }
    return LCA_OK;
}

static void test_split_components_sum_in_every_monte_carlo_sample(
    void **state) {
    lca_ctx *ctx = *state;
    lca_model *M = hand_model(ctx);
    apply_named(ctx, M, AR6, NULL);
    // Every B entry uncertain: lognormal on the positive ones, normal on
    // the uptake.
    const lca_csc *B = lca_model_B(M);
    int64_t nnz = lca_csc_nnz(B);
    lca_uncertainty *u = calloc((size_t)nnz, sizeof *u);
    for (int64_t p = 0; p < nnz; p++) {
        double x = lca_csc_values(B)[p];
        u[p] = lca_uncertainty_none();
        u[p].dist = x > 0 ? LCA_DIST_LOGNORMAL : LCA_DIST_NORMAL;
        u[p].p1 = x;
        u[p].p2 = x > 0 ? 1.5 : 0.2 * fabs(x);
    }
    assert_int_equal(lca_model_set_uncertainty(M, LCA_MATRIX_B, u), LCA_OK);
    lca_mc_options opt;
    lca_mc_options_default(&opt);
    opt.seed = 7;
    opt.keep_factors = 1;
    lca_mc *mc = NULL;
    assert_int_equal(lca_mc_create(M, &opt, &mc), LCA_OK);
    mc_check c = {2, 0, 0.0};
    assert_int_equal(lca_mc_run(mc, 0, 200, check_block, &c, NULL), LCA_OK);
    assert_int_equal(c.iterations, 200);
    assert_true(c.worst <= 1e-14);
    // And the samples do vary (the check is not of constants).
    double sd[NIND * 2];
    lca_mc_summary(mc, NULL, NULL, sd, NULL, NULL);
    assert_true(sd[EXCL * 2] > 0.0 && sd[UPTAKE * 2] > 0.0);
    lca_mc_destroy(&mc);
    free(u);
    lca_model_destroy(&M);
}

// ---- the bundled USLCI --------------------------------------------------------

// Known greenhouse gases USLCI names; none may be reported unmatched.
static int is_mixture(const char *name) {
    return strstr(name, "unspecified") != NULL ||
           strcmp(name, "PFC (perfluorocarbons)") == 0;
}

static void check_uslci(lca_ctx *ctx, const char *method) {
    lca_model *M = NULL;
    assert_int_equal(lca_import_olca(ctx, src_path("datasets/uslci/raw/"
                                                   "uslci_olca1_5_0_json_ld."
                                                   "zip"),
                                     &M),
                     LCA_OK);
    lca_method_summary sum;
    apply_named(ctx, M, method, &sum);
    assert_int_equal(sum.ghg_unmatched, 0);
    int64_t unmatched = 0, mixtures = 0, assumed = 0;
    for (int64_t r = 0; r < lca_model_nreports(M); r++) {
        const char *kind = lca_model_report(M, r, LCA_REPORT_KIND);
        const char *name = lca_model_report(M, r, LCA_REPORT_NAME);
        unmatched += strcmp(kind, "unmatched GHG flow") == 0;
        if (strcmp(kind, "GHG without factor") == 0) {
            assert_true(is_mixture(name));
            mixtures++;
        }
        if (strcmp(kind, "assumed emission to air") == 0) {
            assert_true(strcmp(name, "Carbon dioxide, biogenic") == 0 ||
                        strcmp(name, "Methane, biogenic") == 0);
            assumed++;
        }
    }
    assert_int_equal(unmatched, 0);
    assert_int_equal(mixtures, 5);
    assert_int_equal(assumed, 2);
    int64_t n = lca_model_dim(M, LCA_PRODUCTS);
    double *N = all_factors(M), worst = 0.0;
    int64_t uptake = 0, positive = 0;
    for (int64_t p = 0; p < n; p++) {
        double v[NIND];
        for (int i = 0; i < NIND; i++) v[i] = N[i * n + p];
        double e = split_error(v);
        if (e > worst) worst = e;
        uptake += v[UPTAKE] < 0.0;
        positive += v[UPTAKE] > 0.0;
    }
    assert_true(worst <= 1e-12);
    assert_true(uptake > 600);  // wood and crops take CO2 up
    // Removals are negative, except where the data say otherwise: "Rice,
    // at field" records its uptake as an input of -1.27 kg CO2.
    assert_int_equal(positive, 1);
    free(N);
    lca_model_destroy(&M);
}

static void test_split_uslci_has_no_unmatched_ghg_and_sums(void **state) {
    check_uslci(*state, AR6);
    check_uslci(*state, AR5);
}

// ---- the bundled AR5 method -----------------------------------------------------

static double factor_named(const lca_method *meth, const char *name) {
    for (int64_t r = 0; r < lca_method_nfactors(meth); r++) {
        lca_method_factor f;
        lca_method_factor_row(meth, r, &f);
        if (strcmp(f.flow_name, name) == 0 && f.compartment[0] == '\0') {
            return f.factor;
        }
    }
    return NAN;
}

static void test_split_bundled_ar5_has_table_8a1_values(void **state) {
    lca_ctx *ctx = *state;
    lca_method *meth = NULL;
    assert_int_equal(lca_method_read_csv(ctx, src_path(AR5), &meth), LCA_OK);
    // AR5 WG1 Table 8.A.1, GWP-100 without climate-carbon feedbacks.
    assert_true(factor_named(meth, "Methane") == 30.0);       // fossil
    assert_true(factor_named(meth, "Methane, biogenic") == 28.0);
    assert_true(factor_named(meth, "Dinitrogen monoxide") == 265.0);
    assert_true(factor_named(meth, "Sulfur hexafluoride") == 23500.0);
    assert_true(factor_named(meth, "Nitrogen trifluoride") == 16100.0);
    assert_true(factor_named(meth, "HFC-134a") == 1300.0);
    assert_true(factor_named(meth, "CFC-11") == 4660.0);
    assert_true(factor_named(meth, "PFC-14") == 6630.0);
    assert_true(factor_named(meth, "Carbon tetrachloride") == 1730.0);
    // Printed "<1": AGWP-100 3.22e-14 / 9.17e-14 for CO2.
    assert_true(factor_named(meth, "HFC-1234yf") == 0.35);
    assert_int_equal(lca_method_noutputs(meth), NIND);
    lca_method_destroy(&meth);
}

// ---- the indicator file --------------------------------------------------------

static const char *write_pair(const char *stem, const char *factors,
                              const char *indicators) {
    static char path[4096];
    char other[4200];
    snprintf(path, sizeof path, "%s/%s.csv", test_tmpdir("split"), stem);
    snprintf(other, sizeof other, "%s/%s.indicators.csv", test_tmpdir("split"),
             stem);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    fputs(factors, fp);
    fclose(fp);
    fp = fopen(other, "wb");
    assert_non_null(fp);
    fputs(indicators, fp);
    fclose(fp);
    return path;
}

#define FACTORS                                                            \
    "indicator_id,indicator_name,indicator_unit,cas,flow_name,compartment," \
    "factor,component,gas\n"                                               \
    "G,g,kg,,a,,1,fossil,CO2\n"                                            \
    "G,g,kg,,b,,2,biogenic,CH4\n"
#define IHEAD "version,indicator_id,indicator_name,indicator_unit,factors,group,role,components,gases\n"

static void test_split_indicator_file_errors_name_file_and_line(void **state) {
    lca_ctx *ctx = *state;
    static const struct {
        const char *indicators, *msg;
    } bad[] = {
        {IHEAD "1,T,t,kg,G,G,total,*,*\n1,F,f,kg,G,G,fossil,fosil,*\n",
         "x.indicators.csv: line 3: output 'F': no factor row of set 'G' "
         "has the component 'fosil'"},
        {IHEAD "2,T,t,kg,G,G,total,*,*\n", "line 2: version '2' is not "
         "supported"},
        {IHEAD "1,T,t,kg,H,G,total,*,*\n", "line 2: output 'T': no factor "
         "rows of indicator 'H'"},
        {IHEAD "1,T,t,kg,G,G,,*,*\n", "a split tag needs both"},
        {IHEAD "1,T,t,kg,G,G,total,*,*\n1,T,t,kg,G,G,x,*,*\n",
         "line 3: output 'T' is declared twice"},
        {IHEAD "1,T,t,kg,G,G,total,,*\n", "empty component selection"},
        {"version,indicator_id\n1,T\n", "no 'factors' column"},
        {IHEAD, "no indicators after the header"},
    };
    for (size_t c = 0; c < sizeof bad / sizeof bad[0]; c++) {
        lca_method *meth = NULL;
        const char *path = write_pair("x", FACTORS, bad[c].indicators);
        assert_int_equal(lca_method_read_csv(ctx, path, &meth),
                         LCA_ERR_INVALID);
        assert_null(meth);
        if (strstr(lca_ctx_errmsg(ctx), bad[c].msg) == NULL) {
            print_error("case %zu: '%s'\n", c, lca_ctx_errmsg(ctx));
        }
        assert_non_null(strstr(lca_ctx_errmsg(ctx), bad[c].msg));
    }
    // A row without the tag a selection filters on.
    lca_method *meth = NULL;
    const char *path = write_pair(
        "y", FACTORS "G,g,kg,,c,,3,,CO2\n", IHEAD "1,F,f,kg,G,G,fossil,fossil,*\n");
    assert_int_equal(lca_method_read_csv(ctx, path, &meth), LCA_ERR_INVALID);
    assert_non_null(strstr(lca_ctx_errmsg(ctx), "factor row 3 ('c') has no "
                                                "component tag"));
    // A good pair: two outputs of one set.
    path = write_pair("z", FACTORS,
                      IHEAD "1,T,t,kg,G,G,total,*,*\n1,F,f,kg,G,G,fossil,"
                            "fossil,CO2\n");
    assert_int_equal(lca_method_read_csv(ctx, path, &meth), LCA_OK);
    assert_int_equal(lca_method_noutputs(meth), 2);
    lca_method_destroy(&meth);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            test_split_hand_model_gives_hand_worked_components, ctx_setup,
            ctx_teardown),
        cmocka_unit_test_setup_teardown(
            test_split_components_sum_in_every_monte_carlo_sample, ctx_setup,
            ctx_teardown),
        cmocka_unit_test_setup_teardown(
            test_split_uslci_has_no_unmatched_ghg_and_sums, ctx_setup,
            ctx_teardown),
        cmocka_unit_test_setup_teardown(
            test_split_bundled_ar5_has_table_8a1_values, ctx_setup,
            ctx_teardown),
        cmocka_unit_test_setup_teardown(
            test_split_indicator_file_errors_name_file_and_line, ctx_setup,
            ctx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
