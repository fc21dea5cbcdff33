// tests/test_pact.c: PACT v3 export (io/export/pact*.c): decimals and
// ids, a release of a tiny model exported by hand values, escaping, the
// schema (PACT's own, from ../shared; skipped without it), the lifecycle
// across three releases, and the refusals that leave nothing behind
// SPDX-License-Identifier: MIT
//
// The model: steel-a (no inputs), steel-b (0.5 kg of steel-a per kg),
// and "../x" named <script>alert(1)</script>, a bio-based product. Per
// kg, with GWP100 = fossil + 27 biogenic CH4 and the split tags of the
// bundled methods:
//
//   product  excl   incl   fossil  uptake  bio CO2  bio non-CO2
//   steel-a  2      2      2       0       0        0
//   steel-b  2.27   2.27   2       0       0        0.27
//   ../x     0.3   -0.3    0.3    -1       0.4      0
//
// so per tonne (the rules' declared unit): ../x has fossil 300, incl
// -300 and PACT's biogenicCO2Uptake = (-1 + 0.4) * 1000 = -600.

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>


#include "cli_util.h"
#include "io/export/pact_impl.h"
#include "mc_fixture.h"
#include "test_util.h"

// ---- decimals and ids ----------------------------------------------------

static const char *decimal(double x) {
    static char buf[LCA__PACT_DECIMAL_MAX];
    return lca__pact_decimal(x, buf, sizeof buf);
}

// ^[+-]?\d+(\.\d+)?$ by hand.
static int is_decimal(const char *s) {
    if (*s == '-' || *s == '+') s++;
    if (!(*s >= '0' && *s <= '9')) return 0;
    while (*s >= '0' && *s <= '9') s++;
    if (*s == '.') {
        s++;
        if (!(*s >= '0' && *s <= '9')) return 0;
        while (*s >= '0' && *s <= '9') s++;
    }
    return *s == '\0';
}

static void test_pact_decimals_have_no_exponent(void **state) {
    (void)state;
    assert_string_equal(decimal(1e-9), "0.000000001");
    assert_string_equal(decimal(1e9), "1000000000");
    assert_string_equal(decimal(-1e9), "-1000000000");
    assert_string_equal(decimal(-2.5e-3), "-0.0025");
    assert_string_equal(decimal(0.1), "0.1");
    assert_string_equal(decimal(123.456), "123.456");
    assert_string_equal(decimal(100), "100");
    assert_string_equal(decimal(-0.0), "0");
    assert_string_equal(decimal(1.0 / 3), "0.3333333333333333");
    assert_null(decimal(NAN));
    assert_null(decimal(INFINITY));
    const double edge[] = {5e-324, 2.2250738585072014e-308,
                           1.7976931348623157e308, -1234567890123456789.0,
                           0.30000000000000004, 9007199254740993.0};
    for (size_t i = 0; i < sizeof edge / sizeof edge[0]; i++) {
        const char *s = decimal(edge[i]);
        assert_true(is_decimal(s));
        assert_true(strtod(s, NULL) == edge[i]);
    }
    // Round trip, bit for bit, over many magnitudes and both signs.
    uint64_t z = 7;
    for (int i = 0; i < 20000; i++) {
        z = z * 6364136223846793005ULL + 1442695040888963407ULL;
        double m = (double)(z >> 11) / 9007199254740992.0;
        double x = (i % 2 ? -1 : 1) * m * pow(10, (int)(z % 61) - 30);
        const char *s = decimal(x);
        assert_true(is_decimal(s));
        assert_true(strtod(s, NULL) == x);
    }
}

static void test_pact_uuids_are_name_based_version_8(void **state) {
    (void)state;
    char a[37], b[37], c[37];
    lca__pact_uuid("leontief", 8, a);
    lca__pact_uuid("leontief", 8, b);
    lca__pact_uuid("leontieF", 8, c);
    assert_string_equal(a, b);
    assert_string_not_equal(a, c);
    assert_int_equal(strlen(a), 36);
    assert_true(a[8] == '-' && a[13] == '-' && a[18] == '-' && a[23] == '-');
    assert_int_equal(a[14], '8');
    assert_non_null(strchr("89ab", a[19]));
}

// ---- a release of the tiny model --------------------------------------

static const char *const SPLIT[] = {
    "total_including_uptake", "fossil", "biogenic_co2_uptake",
    "biogenic_co2_emissions", "biogenic_non_co2", "land_use_change",
    "land_management", "aircraft"};

// The model with B's bio-based product scaled by k (a model change).
static lca_model *tiny(lca_ctx *ctx, double k) {
    static const double A[] = {1, -0.5, 0, 0, 1, 0, 0, 0, 1};
    double B[] = {2, 1, 0.3 * k, 0, 0.01, 0, 0, 0, -1 * k, 0, 0, 0.4 * k};
    static const double C[] = {1, 27, 0, 0, 1, 27, 1, 1, 1, 0, 0, 0,
                               0, 0, 1, 0, 0, 0, 0, 1, 0, 27, 0, 0,
                               0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    lca_model *M = model_from_dense(ctx, LCA_TECHNOSPHERE, 3, 4, 9, A, B, C);
    const char *pid[] = {"steel-a", "steel-b", "../x"};
    const char *pname[] = {"Steel A", "Steel B", "<script>alert(1)</script>"};
    const char *punit[] = {"kg", "kg", "kg"};
    const char *region[] = {"CN", "", "RER"};
    const char *period[] = {"2020", "2019-2021", ""};
    const char *iid[] = {"GWP100", "incl", "fossil", "upt", "bem",
                         "bnc", "luc", "land", "air"};
    const char *iunit[9];
    for (int i = 0; i < 9; i++) iunit[i] = "kg CO2-eq";
    lca_model_set_labels(M, LCA_PRODUCTS, LCA_LABEL_ID, pid);
    lca_model_set_labels(M, LCA_PRODUCTS, LCA_LABEL_NAME, pname);
    lca_model_set_labels(M, LCA_PRODUCTS, LCA_LABEL_UNIT, punit);
    lca_model_set_labels(M, LCA_PRODUCTS, LCA_LABEL_REGION, region);
    lca_model_set_labels(M, LCA_PRODUCTS, LCA_LABEL_PERIOD, period);
    lca_model_set_labels(M, LCA_INDICATORS, LCA_LABEL_ID, iid);
    lca_model_set_labels(M, LCA_INDICATORS, LCA_LABEL_UNIT, iunit);
    return M;
}

// Records of the model (with made-up Monte Carlo statistics; split
// components unless nosplit), ids carried from prev when given.
static lca_fdb *records(lca_ctx *ctx, double k, int nosplit,
                        const lca_fdb *prev) {
    lca_model *M = tiny(ctx, k);
    lca_fdb_component comp[8];
    for (int j = 0; j < 8; j++) {
        comp[j] = (lca_fdb_component){j + 1, LCA_FDB_SPLIT, SPLIT[j]};
    }
    lca_fdb_options opt;
    lca_fdb_options_default(&opt);
    opt.ncomponents = nosplit ? 0 : 8;
    opt.components = comp;
    opt.gwp_set = "Climate change GWP100 (IPCC AR6), excluding biogenic CO2 "
                  "uptake";
    lca_fdb *db = NULL;
    assert_int_equal(lca_fdb_create(M, &opt, &db), LCA_OK);
    lca_model_destroy(&M);
    double count[3] = {500, 500, 500}, mean[3] = {2.5, 2.25, 0.5},
           sd[3] = {0.1, 0.2, 0.05}, gsd[3] = {1.05, 1.09, NAN}, q[7 * 3];
    for (int i = 0; i < 21; i++) q[i] = 0.2 + i / 7.0;
    lca_fdb_mc mc = {count, mean, sd, gsd, q};
    assert_int_equal(lca_fdb_set_mc(db, -1, &mc), LCA_OK);
    if (prev != NULL) {
        lca_fdb_diff_options d;
        lca_fdb_diff_options_default(&d);
        lca_fdb_diff_row *rows = NULL;
        int64_t nrows;
        assert_int_equal(lca_fdb_diff(prev, db, &d, 1, &rows, &nrows), LCA_OK);
        lca_fdb_diff_free(db, &rows);
    }
    assert_int_equal(lca_fdb_set_ids(db), LCA_OK);
    return db;
}

static char base[2048];

static const char *path_in(const char *name) {
    static char p[4][4200];
    static int k;
    k = (k + 1) % 4;
    snprintf(p[k], sizeof p[k], "%s/%s", base, name);
    return p[k];
}

static const char *write_release(lca_ctx *ctx, const lca_fdb *db,
                                 const char *name) {
    const char *dir = path_in(name);
    lca_release *r = NULL;
    assert_int_equal(lca_release_create(ctx, dir, &r), LCA_OK);
    assert_int_equal(lca_release_set_info(r, "seed", "2024"), LCA_OK);
    assert_int_equal(lca_release_write(r, db), LCA_OK);
    assert_int_equal(lca_release_commit(&r), LCA_OK);
    return dir;
}

#define RULE_HEAD                                                          \
    "{\"format\": \"leontief-pcf-rule\", \"version\": 1, "                 \
    "\"declared_unit\": {\"unit\": \"t\", \"model_unit\": \"kg\", "        \
    "\"model_amount\": 1000, \"mass_kg\": 1000}, \"boundary\": {\"type\": " \
    "\"cradle-to-gate\"}, \"cutoff\": {\"item\": 0.01, \"limit\": 0.05}, " \
    "\"gwp\": {\"indicator\": \"GWP100\", \"set\": \"IPCC AR6\"}, "

// The rule set: steel (steel-a 0.6, steel-b 0.4) and bio (../x); with
// only, just the rule of that name.
static lca_ruleset *rules(lca_ctx *ctx, const char *name, const char *only) {
    char dir[4200];
    snprintf(dir, sizeof dir, "%s", path_in(name));
    assert_int_equal(mkdir(dir, 0777), 0);
    char p[8700];
    if (only == NULL || strcmp(only, "steel") == 0) {
        snprintf(p, sizeof p, "%s/steel.json", dir);
        test_write_text(p, RULE_HEAD "\"id\": \"steel\", \"name\": "
                        "{\"en\": \"Crude steel\"}, \"codes\": {\"cn\": "
                        "\"7206 10 00\", \"cpc\": \"41111\"}, \"follows\": "
                        "[\"ISO 14067:2018\", \"GB/T 24067-2024\"], "
                        "\"products\": [{\"product\": \"steel-a\", "
                        "\"share\": 0.6}, {\"product\": \"steel-b\", "
                        "\"share\": 0.4}], \"grading\": "
                        "\"steel-near-zero-iea2022\"}");
    }
    if (only == NULL || strcmp(only, "bio") == 0) {
        snprintf(p, sizeof p, "%s/bio.json", dir);
        test_write_text(p, RULE_HEAD "\"id\": \"bio\", \"name\": "
                        "{\"en\": \"Bio-based <b>\"}, \"follows\": "
                        "[\"GHG Protocol Product Standard\"], \"products\": "
                        "[{\"product\": \"../x\"}]}");
    }
    lca_ruleset *rs = NULL;
    assert_int_equal(lca_ruleset_read(ctx, dir, &rs), LCA_OK);
    return rs;
}

static const char *const COMPANY_IDS[] = {"urn:company:example:leontief"};

static lca_pact_options options(const char *created) {
    lca_pact_options o;
    lca_pact_options_default(&o);
    o.company_name = "Example Factor Database";
    o.ncompany_ids = 1;
    o.company_ids = COMPANY_IDS;
    o.id_domain = "factors.example.org";
    o.created = created;
    o.reference_period = "2024";
    o.database_name = "tiny";
    o.database_version = "1";
    return o;
}

// The footprints of an export, and the one of subject among them
// (Active unless deprecated is set).
static json_t *load(const char *dir) {
    char p[8700];
    snprintf(p, sizeof p, "%s/footprints.json", dir);
    json_error_t err;
    json_t *root = json_load_file(p, 0, &err);
    assert_non_null(root);
    return root;
}

static const json_t *pf_of(const json_t *root, const char *subject,
                           const char *status) {
    const json_t *data = json_object_get(root, "data");
    for (size_t i = 0; i < json_array_size(data); i++) {
        const json_t *d = json_array_get(data, i);
        const json_t *x = json_array_get(json_object_get(d, "extensions"), 0);
        const char *s =
            json_string_value(json_object_get(json_object_get(x, "data"),
                                              "subject"));
        if (strcmp(s, subject) == 0 &&
            strcmp(json_string_value(json_object_get(d, "status")),
                   status) == 0) {
            return d;
        }
    }
    fail_msg("no %s footprint for %s", status, subject);
    return NULL;
}

static double num_at(const json_t *pf, const char *key) {
    const char *s =
        json_string_value(json_object_get(json_object_get(pf, "pcf"), key));
    assert_non_null(s);
    assert_true(is_decimal(s));
    return strtod(s, NULL);
}

static const char *str_of(const json_t *o, const char *key) {
    const char *s = json_string_value(json_object_get(o, key));
    return s != NULL ? s : "";
}

// Every string of v that reads as a number is a PACT decimal: no
// exponent anywhere in the export.
static void all_decimals(const json_t *v) {
    if (json_is_string(v)) {
        const char *s = json_string_value(v);
        char *end;
        strtod(s, &end);
        if (end != s && *end == '\0') assert_true(is_decimal(s));
    } else if (json_is_array(v)) {
        for (size_t i = 0; i < json_array_size(v); i++) {
            all_decimals(json_array_get(v, i));
        }
    } else if (json_is_object(v)) {
        const char *key;
        json_t *x;
        json_object_foreach((json_t *)v, key, x) all_decimals(x);
    }
}

// Runs tests/pact_validate.py on dir; 77 (skipped) says why.
static void validate(const char *dir) {
    char cmd[8600];
    snprintf(cmd, sizeof cmd, "python3 %s '%s'",
             src_path("tests/pact_validate.py"), dir);
    int rc = system(cmd);
    rc = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
    if (rc == 77) {
        print_message("PACT schema check skipped (see the line above)\n");
        return;
    }
    assert_int_equal(rc, 0);
}

static int setup(void **state) {
    snprintf(base, sizeof base, "%s", test_tmpdir("pact"));
    return ctx_setup(state);
}

// Exported by hand: values, units, mass, geography, period, standards,
// the rule, the Monte Carlo extension, the escaping.
static void test_pact_release_export_by_hand(void **state) {
    lca_ctx *ctx = *state;
    lca_fdb *db = records(ctx, 1, 0, NULL);
    const char *rel = write_release(ctx, db, "rel1");
    lca_ruleset *rs = rules(ctx, "rules1", NULL);
    lca_pact_options o = options("2025-06-30T00:00:00Z");
    const char *out = path_in("pact1");
    assert_int_equal(lca_pact_export_release(ctx, rel, rs, &o, 0, NULL, out),
                     LCA_OK);
    validate(out);
    json_t *root = load(out);
    const json_t *x = pf_of(root, "../x", "Active");
    assert_close(num_at(x, "pcfExcludingBiogenicUptake"), 300, 1e-12);
    assert_close(num_at(x, "pcfIncludingBiogenicUptake"), -300, 1e-12);
    assert_close(num_at(x, "fossilGhgEmissions"), 300, 1e-12);
    assert_close(num_at(x, "biogenicCO2Uptake"), -600, 1e-12);
    assert_true(num_at(x, "biogenicNonCO2Emissions") == 0);
    assert_string_equal(str_of(json_object_get(x, "pcf"),
                               "declaredUnitOfMeasurement"), "kilogram");
    assert_true(num_at(x, "declaredUnitAmount") == 1000);
    assert_true(num_at(x, "productMassPerDeclaredUnit") == 1000);
    assert_string_equal(str_of(json_object_get(x, "pcf"),
                               "geographyRegionOrSubregion"), "Europe");
    assert_string_equal(str_of(json_object_get(x, "pcf"),
                               "referencePeriodStart"), "2024-01-01T00:00:00Z");
    assert_string_equal(str_of(x, "productNameCompany"),
                        "<script>alert(1)</script>");
    const json_t *ids = json_object_get(x, "productIds");
    assert_string_equal(json_string_value(json_array_get(ids, 0)),
                        "urn:pact:factors.example.org:product-id:..%2Fx");
    const json_t *b = pf_of(root, "steel-b", "Active");
    assert_close(num_at(b, "pcfExcludingBiogenicUptake"), 2270, 1e-12);
    assert_close(num_at(b, "fossilGhgEmissions"), 2000, 1e-12);
    assert_close(num_at(b, "biogenicNonCO2Emissions"), 270, 1e-12);
    assert_string_equal(str_of(json_object_get(b, "pcf"),
                               "referencePeriodEnd"), "2022-01-01T00:00:00Z");
    const json_t *a = pf_of(root, "steel-a", "Active");
    assert_string_equal(str_of(json_object_get(a, "pcf"), "geographyCountry"),
                        "CN");
    const json_t *std = json_object_get(json_object_get(a, "pcf"),
                                        "crossSectoralStandards");
    assert_string_equal(json_string_value(json_array_get(std, 0)),
                        "ISO14067");
    assert_string_equal(json_string_value(json_array_get(
                            json_object_get(a, "productClassifications"), 0)),
                        "urn:pact:productclassification:un-cpc:41111");
    const json_t *dq = json_object_get(json_object_get(a, "pcf"), "dqi");
    assert_non_null(dq);  // no pedigree scores: the missing score, 5
    assert_string_equal(str_of(dq, "technologicalDQR"), "5");
    const json_t *ext = json_object_get(
        json_array_get(json_object_get(a, "extensions"), 0), "data");
    const json_t *mcx = json_object_get(ext, "monteCarlo");
    assert_string_equal(str_of(mcx, "mean"), "2500");  // 2.5 per kg
    assert_string_equal(str_of(mcx, "seed"), "2024");
    assert_int_equal(json_integer_value(json_object_get(mcx, "iterations")),
                     500);
    assert_string_equal(str_of(json_object_get(ext, "rule"), "id"), "steel");
    // The raw file never holds "</script>" (escaped "<\/script>").
    char p[8700];
    snprintf(p, sizeof p, "%s/footprints.json", out);
    char *raw = test_slurp(p);
    assert_null(strstr(raw, "</script>"));
    assert_non_null(strstr(raw, "<\\/script>"));
    free(raw);
    all_decimals(root);  // no exponent anywhere
    snprintf(p, sizeof p, "%s/index.csv", out);
    raw = test_slurp(p);
    assert_non_null(strstr(raw, ",product,../x,"));
    free(raw);
    json_decref(root);
    lca_ruleset_destroy(&rs);
    lca_fdb_destroy(&db);
}

// Re-exporting the same records gives the same bytes.
static void test_pact_reexport_is_reproducible(void **state) {
    lca_ctx *ctx = *state;
    lca_fdb *db = records(ctx, 1, 0, NULL);
    const char *rel = write_release(ctx, db, "rel1");
    lca_ruleset *rs = rules(ctx, "rules1", NULL);
    lca_pact_options o = options("2025-06-30T00:00:00Z");
    char one[4300], two[4300];
    snprintf(one, sizeof one, "%s", path_in("one"));
    snprintf(two, sizeof two, "%s", path_in("two"));
    assert_int_equal(lca_pact_export_release(ctx, rel, rs, &o, 0, NULL, one),
                     LCA_OK);
    assert_int_equal(lca_pact_export_release(ctx, rel, rs, &o, 0, NULL, two),
                     LCA_OK);
    char p[8700], q[8700];
    snprintf(p, sizeof p, "%s/footprints.json", one);
    snprintf(q, sizeof q, "%s/footprints.json", two);
    char *a = test_slurp(p), *b = test_slurp(q);
    assert_string_equal(a, b);
    free(a);
    free(b);
    lca_ruleset_destroy(&rs);
    lca_fdb_destroy(&db);
}

static int count_entries(const char *dir) {
    DIR *d = opendir(dir);
    int n = 0;
    for (struct dirent *e; d != NULL && (e = readdir(d)) != NULL;) {
        if (e->d_name[0] != '.') n++;
    }
    if (d != NULL) closedir(d);
    return n;
}

// Release 2 changes ../x only: steel keeps its footprints byte for byte,
// ../x gets a new one preceded by the old, which is re-emitted
// Deprecated; release 3 changes it again: two preceding ids.
static void test_pact_lifecycle_follows_the_release_diff(void **state) {
    lca_ctx *ctx = *state;
    lca_ruleset *rs = rules(ctx, "rules", NULL);
    lca_fdb *r1 = records(ctx, 1, 0, NULL);
    lca_fdb *r2 = records(ctx, 2, 0, r1);
    lca_fdb *r3 = records(ctx, 3, 0, r2);
    char rel[3][4300], out[3][4300];
    lca_fdb *dbs[3] = {r1, r2, r3};
    for (int i = 0; i < 3; i++) {
        char name[16];
        snprintf(name, sizeof name, "rel%d", i + 1);
        snprintf(rel[i], sizeof rel[i], "%s", write_release(ctx, dbs[i], name));
        snprintf(name, sizeof name, "pact%d", i + 1);
        snprintf(out[i], sizeof out[i], "%s", path_in(name));
    }
    lca_pact_options o = options("2025-01-01T00:00:00Z");
    assert_int_equal(lca_pact_export_release(ctx, rel[0], rs, &o, 0, NULL,
                                             out[0]), LCA_OK);
    o.created = "2026-01-01T00:00:00Z";
    o.previous = out[0];
    assert_int_equal(lca_pact_export_release(ctx, rel[1], rs, &o, 0, NULL,
                                             out[1]), LCA_OK);
    o.created = "2027-01-01T00:00:00Z";
    o.previous = out[1];
    assert_int_equal(lca_pact_export_release(ctx, rel[2], rs, &o, 0, NULL,
                                             out[2]), LCA_OK);
    validate(out[2]);
    json_t *e1 = load(out[0]), *e2 = load(out[1]), *e3 = load(out[2]);
    // Unchanged: the very same footprint, created in 2025.
    const json_t *a1 = pf_of(e1, "steel-a", "Active");
    const json_t *a3 = pf_of(e3, "steel-a", "Active");
    assert_true(json_equal((json_t *)a1, (json_t *)a3));
    assert_string_equal(str_of(a3, "created"), "2025-01-01T00:00:00Z");
    // Changed twice.
    const json_t *x1 = pf_of(e1, "../x", "Active");
    const json_t *x2 = pf_of(e2, "../x", "Active");
    const json_t *x3 = pf_of(e3, "../x", "Active");
    assert_string_not_equal(str_of(x1, "id"), str_of(x2, "id"));
    assert_close(num_at(x2, "fossilGhgEmissions"), 600, 1e-12);
    const json_t *pre = json_object_get(x3, "precedingPfIds");
    assert_int_equal(json_array_size(pre), 2);
    assert_string_equal(json_string_value(json_array_get(pre, 0)),
                        str_of(x2, "id"));
    assert_string_equal(json_string_value(json_array_get(pre, 1)),
                        str_of(x1, "id"));
    assert_string_equal(str_of(x3, "created"), "2027-01-01T00:00:00Z");
    // The old ones are there, Deprecated, otherwise unchanged.
    const json_t *d1 = NULL;
    const json_t *data = json_object_get(e3, "data");
    for (size_t i = 0; i < json_array_size(data); i++) {
        const json_t *d = json_array_get(data, i);
        if (strcmp(str_of(d, "id"), str_of(x1, "id")) == 0) d1 = d;
    }
    assert_non_null(d1);
    assert_string_equal(str_of(d1, "status"), "Deprecated");
    json_t *undo = json_deep_copy(d1);
    json_object_set_new(undo, "status", json_string("Active"));
    assert_true(json_equal(undo, (json_t *)x1));
    json_decref(undo);
    assert_int_equal(json_array_size(data), 5);  // 3 Active, 2 Deprecated
    json_decref(e1);
    json_decref(e2);
    json_decref(e3);
    lca_fdb_destroy(&r1);
    lca_fdb_destroy(&r2);
    lca_fdb_destroy(&r3);
    lca_ruleset_destroy(&rs);
}

// A refusal: the status, words of the message, and nothing written.
static void refused(lca_ctx *ctx, lca_status st, lca_status want,
                    const char *words) {
    if (st != want || strstr(lca_ctx_errmsg(ctx), words) == NULL) {
        fprintf(stderr, "status %d: %s\n", st, lca_ctx_errmsg(ctx));
    }
    assert_int_equal(st, want);
    assert_non_null(strstr(lca_ctx_errmsg(ctx), words));
}

static void test_pact_refuses_without_leaving_anything(void **state) {
    lca_ctx *ctx = *state;
    lca_fdb *db = records(ctx, 1, 0, NULL);
    lca_fdb *nosplit = records(ctx, 1, 1, NULL);
    char rel[4300], rel_nosplit[4300];
    snprintf(rel, sizeof rel, "%s", write_release(ctx, db, "rel"));
    snprintf(rel_nosplit, sizeof rel_nosplit, "%s",
             write_release(ctx, nosplit, "rel-nosplit"));
    lca_ruleset *steel = rules(ctx, "steel-only", "steel");
    lca_ruleset *all = rules(ctx, "all", NULL);
    lca_pact_options o = options("2025-06-30T00:00:00Z");
    const char *out = path_in("never");
    int before = count_entries(base);
    // ../x has no rule in the steel-only set.
    refused(ctx, lca_pact_export_release(ctx, rel, steel, &o, 0, NULL, out),
            LCA_ERR_INVALID, "product '../x' (<script>alert(1)</script>) has "
            "no rule");
    const char *one[1] = {"../x"};
    refused(ctx, lca_pact_export_release(ctx, rel, steel, &o, 1, one, out),
            LCA_ERR_INVALID, "has no rule");
    refused(ctx, lca_pact_export_release(ctx, rel_nosplit, all, &o, 0, NULL,
                                         out),
            LCA_ERR_INVALID, "no split results");
    o.reference_period = NULL;
    refused(ctx, lca_pact_export_release(ctx, rel, all, &o, 0, NULL, out),
            LCA_ERR_INVALID, "product '../x': no reference period");
    o.reference_period = "2024";
    const char *missing[1] = {"steel-c"};
    refused(ctx, lca_pact_export_release(ctx, rel, all, &o, 1, missing, out),
            LCA_ERR_NOTFOUND, "no product 'steel-c'");
    o.created = "yesterday";
    refused(ctx, lca_pact_export_release(ctx, rel, all, &o, 0, NULL, out),
            LCA_ERR_ARG, "RFC 3339");
    o.created = "2025-06-30T00:00:00Z";
    o.company_ids = one;
    refused(ctx, lca_pact_export_release(ctx, rel, all, &o, 0, NULL, out),
            LCA_ERR_ARG, "not a URN");
    o.company_ids = COMPANY_IDS;
    o.previous = rel;  // a release is not a PACT export
    refused(ctx, lca_pact_export_release(ctx, rel, all, &o, 0, NULL, out),
            LCA_ERR_IO, "footprints.json");
    o.previous = NULL;
    o.grading_dir = src_path("datasets/grading");
    refused(ctx, lca_pact_export_release(ctx, rel, all, &o, 0, NULL, out),
            LCA_ERR_INVALID, "'steel-a' has no 'scrap_share'");
    assert_int_equal(count_entries(base), before);
    lca_ruleset_destroy(&steel);
    lca_ruleset_destroy(&all);
    lca_fdb_destroy(&db);
    lca_fdb_destroy(&nosplit);
}

// Grade with the shipped schemes: steel-a at scrap share 0, steel-b at 1.
static const lca_grade_param STEEL_PARAMS[2] = {
    {"steel-a", "scrap_share", 0}, {"steel-b", "scrap_share", 1}};

static void steel_grading(lca_pact_options *o) {
    o->grading_dir = src_path("datasets/grading");
    o->nparams = 2;
    o->params = STEEL_PARAMS;
}

// Grades: the steel products against the IEA line at their scrap shares.
static void test_pact_release_grades_against_the_scheme(void **state) {
    lca_ctx *ctx = *state;
    lca_fdb *db = records(ctx, 1, 0, NULL);
    const char *rel = write_release(ctx, db, "rel");
    lca_ruleset *rs = rules(ctx, "rules", NULL);
    lca_pact_options o = options("2025-06-30T00:00:00Z");
    // steel-a 2000 kg/t at s = 0: L = 400, 5 L = 2000: class E (> 4 L).
    // steel-b 2270 kg/t at s = 1: L = 50: class E.
    // steel-a at s = 0.8: L = 120, 2000 / 120 > 4: E; nothing is A.
    steel_grading(&o);
    const char *out = path_in("graded");
    assert_int_equal(lca_pact_export_release(ctx, rel, rs, &o, 0, NULL, out),
                     LCA_OK);
    validate(out);
    json_t *root = load(out);
    const json_t *a = pf_of(root, "steel-a", "Active");
    const json_t *g = json_object_get(json_object_get(
        json_array_get(json_object_get(a, "extensions"), 0), "data"), "grade");
    assert_string_equal(str_of(g, "scheme"), "steel-near-zero-iea2022");
    assert_string_equal(str_of(g, "deterministicClass"), "E");
    const json_t *c0 = json_array_get(json_object_get(g, "classes"), 0);
    assert_string_equal(str_of(c0, "upper"), "400");
    json_decref(root);
    lca_ruleset_destroy(&rs);
    lca_fdb_destroy(&db);
}

// Monte Carlo grades: the release's montecarlo.h5 holds NIT paired
// samples (kg CO2-eq/kg) per product, graded per declared unit (1 t =
// 1000 kg) against the IEA line (steel-a at s = 0: L = 400 kg/t; steel-b
// at s = 1: L = 50), classes A <= L < B <= 2L < C <= 3L < D <= 4L < E.
// By hand, steel-a: 300 350 | 500 | 900 | 1300 | 2000 2100 2500
//   -> counts 2 1 1 1 3 of 8, P = 1/4 1/8 1/8 1/8 3/8, modal E;
// steel-b: one NaN, the rest 2.2..2.8 t > 200: E with P = 1 of 7.
#define NIT 8
static const double MC_S[NIT][3] = {
    {0.30, 2.2, 0.4}, {0.35, NAN, 0.5}, {0.5, 2.3, 0.6}, {0.9, 2.4, 0.5},
    {1.3, 2.5, 0.5},  {2.0, 2.6, 0.4},  {2.1, 2.7, 0.5}, {2.5, 2.8, 0.6}};

static double dec_of(const json_t *o, const char *key) {
    const char *s = str_of(o, key);
    assert_true(is_decimal(s));
    return strtod(s, NULL);
}

// The class called name in the grade's classes.
static const json_t *class_of(const json_t *g, const char *name) {
    const json_t *cs = json_object_get(g, "classes");
    for (size_t k = 0; k < json_array_size(cs); k++) {
        const json_t *c = json_array_get(cs, k);
        if (strcmp(str_of(c, "class"), name) == 0) return c;
    }
    fail_msg("no class %s", name);
    return NULL;
}

static const json_t *grade_of(const json_t *root, const char *subject) {
    const json_t *pf = pf_of(root, subject, "Active");
    return json_object_get(json_object_get(
        json_array_get(json_object_get(pf, "extensions"), 0), "data"),
        "grade");
}

static void test_pact_grades_from_the_release_samples(void **state) {
    lca_ctx *ctx = *state;
    lca_fdb *db = records(ctx, 1, 0, NULL);
    char rel[4300], mcp[4300];
    snprintf(rel, sizeof rel, "%s", path_in("relmc"));
    snprintf(mcp, sizeof mcp, "%s", path_in("mc.h5"));
    const char *ind = lca_fdb_info_get(db, LCA_FDB_IND_ID);
    write_mc_samples(mcp, ind, ind, 3,
                     (const char *[]){"steel-a", "steel-b", "../x"}, NIT,
                     &MC_S[0][0]);
    lca_release *r = NULL;
    assert_int_equal(lca_release_create(ctx, rel, &r), LCA_OK);
    assert_int_equal(lca_release_set_info(r, "seed", "2024"), LCA_OK);
    assert_int_equal(lca_release_add_file(r, mcp, "montecarlo.h5"), LCA_OK);
    assert_int_equal(lca_release_write(r, db), LCA_OK);
    assert_int_equal(lca_release_commit(&r), LCA_OK);
    lca_ruleset *rs = rules(ctx, "rulesmc", NULL);
    lca_pact_options o = options("2025-06-30T00:00:00Z");
    steel_grading(&o);
    const char *out = path_in("gradedmc");
    if (lca_pact_export_release(ctx, rel, rs, &o, 0, NULL, out) != LCA_OK) {
        fail_msg("%s", lca_ctx_errmsg(ctx));
    }
    validate(out);
    json_t *root = load(out);
    static const char *const cls[5] = {"A", "B", "C", "D", "E"};
    static const int count[5] = {2, 1, 1, 1, 3};
    const json_t *ga = grade_of(root, "steel-a");
    assert_int_equal(json_integer_value(json_object_get(ga, "iterations")),
                     NIT);
    for (int k = 0; k < 5; k++) {
        const json_t *c = class_of(ga, cls[k]);
        assert_int_equal(json_integer_value(json_object_get(c, "count")),
                         count[k]);
        assert_true(dec_of(c, "probability") == count[k] / 8.0);
    }
    assert_string_equal(str_of(ga, "modalClass"), "E");
    const json_t *gb = grade_of(root, "steel-b");
    assert_int_equal(json_integer_value(json_object_get(gb, "iterations")), 7);
    assert_true(dec_of(class_of(gb, "E"), "probability") == 1);
    assert_true(dec_of(class_of(gb, "A"), "probability") == 0);
    // the label payloads of the same release, rules and parameters agree
    char csv[4300];
    snprintf(csv, sizeof csv, "%s", path_in("params.csv"));
    test_write_text(csv, "subject,name,value\nsteel-a,scrap_share,0\n"
                         "steel-b,scrap_share,1\n");
    lca_grade_params *p = NULL;
    assert_int_equal(lca_grade_params_read(ctx, csv, &p), LCA_OK);
    lca_grading *g = NULL;
    assert_int_equal(lca_grading_find(ctx, src_path("datasets/grading"),
                                      "steel-near-zero-iea2022", &g), LCA_OK);
    lca_label_options lo;
    lca_label_options_default(&lo);
    lca_labels *l = NULL;
    if (lca_labels_create(g, rel, p, rs, &lo, &l) != LCA_OK) {
        fail_msg("%s", lca_ctx_errmsg(ctx));
    }
    assert_int_equal(lca_labels_count(l), 2);
    for (int64_t i = 0; i < 2; i++) {
        lca_product_label b;
        lca_labels_get(l, i, &b);
        const json_t *gj = grade_of(root, b.product_id);
        assert_int_equal(json_integer_value(json_object_get(gj,
                                                            "iterations")),
                         b.grade.nvalid);
        for (int k = 0; k < 5; k++) {
            assert_true(dec_of(class_of(gj, cls[k]), "probability") ==
                        b.grade.prob[k]);
        }
        assert_string_equal(str_of(gj, "modalClass"), b.modal);
        assert_string_equal(str_of(gj, "classAtConfidence"), b.at_confidence);
        assert_true(fabs(dec_of(gj, "probabilityAtConfidence") -
                         b.grade.prob_at_confidence) <= 1e-15);
    }
    lca_labels_destroy(&l);
    lca_grading_destroy(&g);
    lca_grade_params_destroy(&p);
    json_decref(root);
    lca_ruleset_destroy(&rs);
    lca_fdb_destroy(&db);
}

// Only the rules of the selected products are checked: a rule set may
// hold rules PACT cannot express (m3 without a mass) for other products.
static void test_pact_checks_only_the_rules_it_uses(void **state) {
    lca_ctx *ctx = *state;
    lca_fdb *db = records(ctx, 1, 0, NULL);
    char rel[4300];
    snprintf(rel, sizeof rel, "%s", write_release(ctx, db, "rel-used"));
    lca_ruleset *rs = rules(ctx, "rules-used", NULL);
    lca_ruleset_destroy(&rs);
    char p[4300];
    snprintf(p, sizeof p, "%s/vol.json", path_in("rules-used"));
    test_write_text(p, "{\"format\": \"leontief-pcf-rule\", "
                    "\"version\": 1, \"declared_unit\": {\"unit\": \"m3\", "
                    "\"model_unit\": \"m3\", \"model_amount\": 1}, "
                    "\"boundary\": {\"type\": \"cradle-to-gate\"}, "
                    "\"cutoff\": {\"item\": 0.01, \"limit\": 0.05}, "
                    "\"gwp\": {\"indicator\": \"GWP100\", \"set\": "
                    "\"IPCC AR6\"}, \"id\": \"vol\", \"name\": {\"en\": "
                    "\"Gas\"}, \"follows\": [\"ISO 14067:2018\"], "
                    "\"products\": [{\"product\": "
                    "\"not-in-the-release\"}]}");
    assert_int_equal(lca_ruleset_read(ctx, path_in("rules-used"), &rs), LCA_OK);
    lca_pact_options o = options("2025-06-30T00:00:00Z");
    lca_status st = lca_pact_export_release(ctx, rel, rs, &o, 0, NULL,
                                            path_in("pact-used"));
    if (st != LCA_OK) print_error("%s\n", lca_ctx_errmsg(ctx));
    assert_int_equal(st, LCA_OK);
    validate(path_in("pact-used"));
    lca_ruleset_destroy(&rs);
    lca_fdb_destroy(&db);
}

// Run "leontief ARGS" quietly; the exit code.
#define cli(...) cli_run(NULL, __VA_ARGS__)

#define CLI_OPTS                                                       \
    "--company 'Example' --company-id urn:company:example:x "          \
    "--domain factors.example.org --created 2025-06-30T00:00:00Z "     \
    "--period 2024"

// leontief pact: help, usage errors, bad input, a written export that is
// the library's, byte for byte.
static void test_pact_cli_exits_as_documented(void **state) {
    lca_ctx *ctx = *state;
    if (getenv("LCA_CLI") == NULL) skip();
    lca_fdb *db = records(ctx, 1, 0, NULL);
    char rel[4300], rs_dir[4300], out[4300];
    snprintf(rel, sizeof rel, "%s", write_release(ctx, db, "rel-cli"));
    lca_ruleset *rs = rules(ctx, "rules-cli", NULL);
    snprintf(rs_dir, sizeof rs_dir, "%s", path_in("rules-cli"));
    snprintf(out, sizeof out, "%s", path_in("pact-cli"));
    assert_int_equal(cli("pact --help"), 0);
    assert_int_equal(cli("pact '%s' '%s' -o '%s'", rel, rs_dir, out), 2);
    assert_int_equal(cli("pact '%s' '%s' " CLI_OPTS " --confidence 1.5 -o "
                         "'%s'", rel, rs_dir, out), 2);
    assert_int_equal(cli("pact '%s' '%s' " CLI_OPTS " --product nothing -o "
                         "'%s'", rel, rs_dir, out), 3);
    assert_int_equal(cli("pact '%s' '%s' " CLI_OPTS " -o '%s'", rs_dir,
                         rs_dir, out), 3);
    assert_int_equal(count_entries(base) > 0, 1);
    struct stat sb;
    assert_int_not_equal(stat(out, &sb), 0);
    assert_int_equal(cli("pact '%s' '%s' " CLI_OPTS " -o '%s'", rel, rs_dir,
                         out), 0);
    validate(out);
    lca_pact_options o = options("2025-06-30T00:00:00Z");
    o.company_name = "Example";
    static const char *const cid[] = {"urn:company:example:x"};
    o.company_ids = cid;
    o.database_name = NULL;
    o.database_version = NULL;
    assert_int_equal(lca_pact_export_release(ctx, rel, rs, &o, 0, NULL,
                                             path_in("pact-lib")), LCA_OK);
    char *a = test_slurp(path_in("pact-cli/footprints.json"));
    char *b = test_slurp(path_in("pact-lib/footprints.json"));
    assert_string_equal(a, b);
    free(a);
    free(b);
    assert_int_equal(cli("pact '%s' '%s' " CLI_OPTS " -o '%s'", rel, rs_dir,
                         out), 5);  // exists: refused, left as it was
    lca_ruleset_destroy(&rs);
    lca_fdb_destroy(&db);
}

// ---- the shipped rules with the shipped schemes -------------------------

// Every grading id a bundled rule names is a scheme of datasets/grading
// (a rule naming a missing one made `leontief pact --grading` fail), and
// at least one rule names one, so the check is not vacuous.
static void test_pact_shipped_rules_name_shipped_schemes(void **state) {
    lca_ctx *ctx = *state;
    lca_ruleset *rs = NULL;
    assert_int_equal(lca_ruleset_read(ctx, src_path("datasets/rules/"
                                                    "basic-uslci"), &rs),
                     LCA_OK);
    int named = 0;
    for (int64_t r = 0; r < lca_ruleset_count(rs); r++) {
        const lca_rule_spec *s = lca_rule_get(lca_ruleset_rule(rs, r));
        if (s->grading[0] == '\0') continue;
        lca_grading *g = NULL;
        lca_status st = lca_grading_find(ctx, src_path("datasets/grading"),
                                         s->grading, &g);
        if (st != LCA_OK) print_error("%s\n", lca_ctx_errmsg(ctx));
        assert_int_equal(st, LCA_OK);
        lca_grading_destroy(&g);
        named++;
    }
    assert_true(named >= 1);
    lca_ruleset_destroy(&rs);
}

// A release whose products are those of the shipped rules (A = I, each
// product emits v kg of the first flow per model unit: GWP100 = v;
// hydrogen v = 10, the others 2), with made-up Monte Carlo statistics.
static lca_fdb *shipped_records(lca_ctx *ctx, const lca_ruleset *rs,
                                const char **hydrogen) {
    int64_t n = 0, nr = lca_ruleset_count(rs);
    const char *pid[64], *punit[64];
    for (int64_t r = 0; r < nr; r++) {
        const lca_rule_spec *s = lca_rule_get(lca_ruleset_rule(rs, r));
        for (int64_t k = 0; k < s->nproducts && n < 64; k++, n++) {
            pid[n] = s->products[k].product;
            punit[n] = s->model_unit;
            if (strcmp(s->id, "hydrogen") == 0) *hydrogen = pid[n];
        }
    }
    double *A = calloc((size_t)(n * n), sizeof *A);
    double *B = calloc((size_t)(4 * n), sizeof *B);
    assert_non_null(A);
    assert_non_null(B);
    for (int64_t j = 0; j < n; j++) {
        A[j * n + j] = 1;
        B[j] = pid[j] == *hydrogen ? 10 : 2;  // row 0, column j
    }
    static const double C[] = {1, 27, 0, 0, 1, 27, 1, 1, 1, 0, 0, 0,
                               0, 0, 1, 0, 0, 0, 0, 1, 0, 27, 0, 0,
                               0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    lca_csc *a = csc_from_dense(ctx, n, n, A);
    lca_csc *b = csc_from_dense(ctx, 4, n, B);
    lca_csc *c = csc_from_dense(ctx, 9, 4, C);
    free(A);
    free(B);
    lca_model *M = NULL;
    assert_int_equal(lca_model_create(ctx, LCA_TECHNOSPHERE, a, b, c, &M),
                     LCA_OK);
    lca_csc_destroy(&a);
    lca_csc_destroy(&b);
    lca_csc_destroy(&c);
    const char *iid[] = {"GWP100", "incl", "fossil", "upt", "bem",
                         "bnc", "luc", "land", "air"};
    const char *iunit[9];
    for (int i = 0; i < 9; i++) iunit[i] = "kg CO2-eq";
    lca_model_set_labels(M, LCA_PRODUCTS, LCA_LABEL_ID, pid);
    lca_model_set_labels(M, LCA_PRODUCTS, LCA_LABEL_UNIT, punit);
    lca_model_set_labels(M, LCA_INDICATORS, LCA_LABEL_ID, iid);
    lca_model_set_labels(M, LCA_INDICATORS, LCA_LABEL_UNIT, iunit);
    lca_fdb_component comp[8];
    for (int j = 0; j < 8; j++) {
        comp[j] = (lca_fdb_component){j + 1, LCA_FDB_SPLIT, SPLIT[j]};
    }
    lca_fdb_options opt;
    lca_fdb_options_default(&opt);
    opt.ncomponents = 8;
    opt.components = comp;
    opt.gwp_set = "Climate change GWP100 (IPCC AR6), excluding biogenic CO2 "
                  "uptake";
    lca_fdb *db = NULL;
    assert_int_equal(lca_fdb_create(M, &opt, &db), LCA_OK);
    lca_model_destroy(&M);
    double count[64], mean[64], sd[64], gsd[64], q[7 * 64];
    for (int64_t j = 0; j < n; j++) {
        count[j] = 500;
        mean[j] = 2.5;
        sd[j] = 0.1;
        gsd[j] = 1.05;
        for (int i = 0; i < 7; i++) q[j * 7 + i] = 2 + i / 7.0;
    }
    lca_fdb_mc mc = {count, mean, sd, gsd, q};
    assert_int_equal(lca_fdb_set_mc(db, -1, &mc), LCA_OK);
    assert_int_equal(lca_fdb_set_ids(db), LCA_OK);
    return db;
}

// `leontief pact --grading datasets/grading` on the shipped rule set:
// every product whose rule PACT can express (not the m3 rules without a
// mass) is exported; hydrogen at 10 kg CO2e/kg is T/CAB 0078-2020's
// "low-carbon" (4.9 < 10 <= 14.51), the others carry no grade.
static void test_pact_cli_grades_the_shipped_rules(void **state) {
    lca_ctx *ctx = *state;
    if (getenv("LCA_CLI") == NULL) skip();
    char rules_dir[4300], grading[4300];  // src_path reuses its buffer
    snprintf(rules_dir, sizeof rules_dir, "%s",
             src_path("datasets/rules/basic-uslci"));
    snprintf(grading, sizeof grading, "%s", src_path("datasets/grading"));
    lca_ruleset *rs = NULL;
    assert_int_equal(lca_ruleset_read(ctx, rules_dir, &rs), LCA_OK);
    const char *h2 = NULL;
    lca_fdb *db = shipped_records(ctx, rs, &h2);
    assert_non_null(h2);
    char rel[4300], out[4300], args[6000] = "";
    snprintf(rel, sizeof rel, "%s", write_release(ctx, db, "rel-shipped"));
    snprintf(out, sizeof out, "%s", path_in("pact-shipped"));
    int nsel = 0;
    for (int64_t r = 0; r < lca_ruleset_count(rs); r++) {
        const lca_rule_spec *s = lca_rule_get(lca_ruleset_rule(rs, r));
        if (strcmp(s->model_unit, "m3") == 0 && !isfinite(s->mass_kg)) {
            continue;
        }
        for (int64_t k = 0; k < s->nproducts; k++, nsel++) {
            size_t len = strlen(args);
            snprintf(args + len, sizeof args - len, " --product '%s'",
                     s->products[k].product);
        }
    }
    assert_true(nsel >= 10);
    assert_int_equal(cli("pact '%s' '%s' " CLI_OPTS " --grading '%s'%s -o "
                         "'%s'", rel, rules_dir, grading, args, out), 0);
    validate(out);
    json_t *root = load(out);
    assert_int_equal(json_array_size(json_object_get(root, "data")),
                     (size_t)nsel);
    const json_t *data = json_object_get(root, "data");
    int graded = 0;
    for (size_t i = 0; i < json_array_size(data); i++) {
        const json_t *x = json_object_get(json_array_get(json_object_get(
            json_array_get(data, i), "extensions"), 0), "data");
        const json_t *g = json_object_get(x, "grade");
        if (strcmp(str_of(x, "subject"), h2) != 0) {
            assert_null(g);
            continue;
        }
        assert_string_equal(str_of(g, "scheme"), "hydrogen-tcab-0078-2020");
        assert_string_equal(str_of(g, "deterministicClass"), "low-carbon");
        graded++;
    }
    assert_int_equal(graded, 1);
    json_decref(root);
    lca_ruleset_destroy(&rs);
    lca_fdb_destroy(&db);
}

int main(void) {
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, ctx_teardown)
        T(test_pact_decimals_have_no_exponent),
        T(test_pact_uuids_are_name_based_version_8),
        T(test_pact_release_export_by_hand),
        T(test_pact_reexport_is_reproducible),
        T(test_pact_lifecycle_follows_the_release_diff),
        T(test_pact_refuses_without_leaving_anything),
        T(test_pact_release_grades_against_the_scheme),
        T(test_pact_grades_from_the_release_samples),
        T(test_pact_checks_only_the_rules_it_uses),
        T(test_pact_cli_exits_as_documented),
        T(test_pact_shipped_rules_name_shipped_schemes),
        T(test_pact_cli_grades_the_shipped_rules),
#undef T
    };
    return cmocka_run_group_tests_name("pact", tests, NULL, NULL);
}
