// tests/test_release.c: the files of a release (io/release/)
// SPDX-License-Identifier: MIT
//
// A release of the tiny model whose products are named to break writers
// (`<script>alert(1)</script>`, `../etc, "passwd"` with a comma, quotes
// and a path): written, committed, parsed back (CSV with the project's
// CSV reader, JSON with lca_fdb_read, HDF5), hashes checked, ids
// reproducible; and the failures: an existing folder, a changed file,
// a name that is not UTF-8.

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "io/util/csv_impl.h"
#include "test_models.h"
#include "test_util.h"

static const char *const NAMES[] = {"<script>alert(1)</script>",
                                    "../etc, \"passwd\"", "Transport"};

// The tiny example (tests/test_models.c) with its products named names,
// and a report.
static lca_model *tiny(lca_ctx *ctx, const char *const *names) {
    static const char *const iname[] = {"GWP100 (test)", "CO2", "CH4"};
    lca_model *M = test_tiny_gwp(ctx, names, NULL, iname);
    lca_model_add_report(M, "provider tie", "f9", "Coal, \"hard\"", "2 <b>");
    return M;
}

// The tiny release with made-up Monte Carlo statistics on the total and
// the CO2 component, and ids.
static lca_fdb *records(lca_ctx *ctx, const char *const *names) {
    lca_model *M = tiny(ctx, names);
    lca_fdb *db = test_tiny_fdb(M, 0.0);
    lca_model_destroy(&M);
    double count[3] = {100, 100, 99}, mean[3] = {1.5, 2.3, 1.0 / 3},
           sd[3] = {0.1, 0.2, 0.0}, gsd[3] = {1.1, 1.2, NAN}, q[7 * 3];
    for (int i = 0; i < 21; i++) q[i] = 1.0 + i / 7.0;
    lca_fdb_mc mc = {count, mean, sd, gsd, q};
    assert_int_equal(lca_fdb_set_mc(db, -1, &mc), LCA_OK);
    assert_int_equal(lca_fdb_set_mc(db, 0, &mc), LCA_OK);
    assert_int_equal(lca_fdb_set_ids(db), LCA_OK);
    return db;
}

static char *write_release(lca_ctx *ctx, const lca_fdb *db, const char *name) {
    static char dir[4200];
    snprintf(dir, sizeof dir, "%s/%s", test_tmpdir("release"), name);
    lca_release *r = NULL;
    assert_int_equal(lca_release_create(ctx, dir, &r), LCA_OK);
    assert_int_equal(lca_release_set_info(r, "seed", "2024"), LCA_OK);
    assert_int_equal(lca_release_set_info(r, "model_sha256", "abc</x>"),
                     LCA_OK);
    assert_int_equal(lca_release_write(r, db), LCA_OK);
    assert_int_equal(lca_release_commit(&r), LCA_OK);
    assert_null(r);
    return dir;
}

static void test_release_csv_reads_back_with_every_name(void **state) {
    lca_ctx *ctx = *state;
    lca_fdb *db = records(ctx, NAMES);
    char *dir = write_release(ctx, db, "r1");
    char path[4300];
    snprintf(path, sizeof path, "%s/factors.csv", dir);
    lca__csv *csv = NULL;
    assert_int_equal(lca__csv_create(ctx, path, ',', &csv), LCA_OK);
    lca__csv_record rec;
    assert_int_equal(lca__csv_read(csv, &rec), LCA_OK);
    int64_t ncol = rec.nfields, name_col = -1, factor_col = -1, gsd_col = -1;
    for (int64_t c = 0; c < ncol; c++) {
        if (strcmp(rec.fields[c], "product_name") == 0) name_col = c;
        if (strcmp(rec.fields[c], "factor") == 0) factor_col = c;
        if (strcmp(rec.fields[c], "mc_gsd") == 0) gsd_col = c;
    }
    assert_true(name_col >= 0 && factor_col >= 0 && gsd_col >= 0);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(lca__csv_read(csv, &rec), LCA_OK);
        assert_int_equal(rec.nfields, ncol);
        assert_string_equal(rec.fields[name_col], NAMES[i]);
        double x;
        assert_true(lca__csv_to_double(rec.fields[factor_col], &x));
        assert_true(x == lca_fdb_num_get(db, LCA_FDB_FACTOR)[i]);
    }
    assert_string_equal(rec.fields[gsd_col], "");  // NaN: an empty cell
    assert_int_equal(lca__csv_read(csv, &rec), LCA_OK);
    assert_int_equal(rec.nfields, 0);
    lca__csv_destroy(&csv);
    // Nothing named after a product left the folder.
    snprintf(path, sizeof path, "%s/../etc", dir);
    assert_false(file_exists(path));
    lca_fdb_destroy(&db);
}

// Every column, string and trace entry equal after the round trip.
static void assert_same(const lca_fdb *a, const lca_fdb *b) {
    int64_t n = lca_fdb_nrecords(a);
    assert_int_equal(lca_fdb_nrecords(b), n);
    for (int c = 0; c < LCA_FDB_NNUMS; c++) {
        for (int64_t i = 0; i < n; i++) {
            double x = lca_fdb_num_get(a, (lca_fdb_num)c)[i];
            double y = lca_fdb_num_get(b, (lca_fdb_num)c)[i];
            if (!(x == y || (isnan(x) && isnan(y)))) {
                fail_msg("%s[%lld]: %.17g vs %.17g",
                         lca_fdb_num_str((lca_fdb_num)c), (long long)i, x, y);
            }
        }
    }
    for (int c = 0; c < LCA_FDB_NTEXTS; c++) {
        for (int64_t i = 0; i < n; i++) {
            assert_string_equal(lca_fdb_text_get(a, (lca_fdb_text)c, i),
                                lca_fdb_text_get(b, (lca_fdb_text)c, i));
        }
    }
    assert_int_equal(lca_fdb_ncomponents(b), lca_fdb_ncomponents(a));
    for (int64_t j = 0; j < lca_fdb_ncomponents(a); j++) {
        assert_string_equal(lca_fdb_component_name(a, j),
                            lca_fdb_component_name(b, j));
        assert_int_equal(lca_fdb_component_has_mc(a, j),
                         lca_fdb_component_has_mc(b, j));
        for (int s = 0; s <= LCA_FDB_COUNT; s++) {
            for (int64_t i = 0; i < n; i++) {
                double x = lca_fdb_component_get(a, j, (lca_fdb_num)s)[i];
                double y = lca_fdb_component_get(b, j, (lca_fdb_num)s)[i];
                assert_true(x == y || (isnan(x) && isnan(y)));
            }
        }
    }
    for (int64_t i = 0; i < n; i++) {
        int64_t c1, c2;
        const int64_t *in1, *in2;
        const double *s1, *s2;
        lca_fdb_trace(a, i, &c1, &in1, &s1);
        lca_fdb_trace(b, i, &c2, &in2, &s2);
        assert_int_equal(c1, c2);
        for (int64_t t = 0; t < c1; t++) {
            assert_int_equal(in1[t], in2[t]);
            assert_true(s1[t] == s2[t]);
        }
    }
    for (int f = 0; f < LCA_FDB_NINFOS; f++) {
        assert_string_equal(lca_fdb_info_get(a, (lca_fdb_info)f),
                            lca_fdb_info_get(b, (lca_fdb_info)f));
    }
    assert_int_equal(lca_fdb_nties(b), 1);
    assert_string_equal(lca_fdb_tie(b, 0, LCA_REPORT_NAME), "Coal, \"hard\"");
}

static void test_release_json_round_trip_is_exact(void **state) {
    lca_ctx *ctx = *state;
    lca_fdb *db = records(ctx, NAMES), *back = NULL;
    char *dir = write_release(ctx, db, "r2");
    assert_int_equal(lca_fdb_read(ctx, dir, &back), LCA_OK);
    assert_same(db, back);
    char path[4300];
    snprintf(path, sizeof path, "%s/factors.json", dir);
    char *json = test_slurp(path);
    assert_non_null(strstr(json, "<script>alert(1)<\\/script>"));
    assert_null(strstr(json, "</script>"));
    free(json);
    lca_fdb_destroy(&back);
    lca_fdb_destroy(&db);
}

// SHA256SUMS lists every file with the hash lca_file_sha256 computes,
// the manifest among them; the HDF5 columns hold the factors.
static void test_release_hashes_and_hdf5(void **state) {
    lca_ctx *ctx = *state;
    lca_fdb *db = records(ctx, NAMES);
    char *dir = write_release(ctx, db, "r3");
    char path[4300];
    snprintf(path, sizeof path, "%s/SHA256SUMS", dir);
    char *sums = test_slurp(path);
    const char *files[] = {"SHA256SUMS",   "factors.csv",   "factors.h5",
                           "factors.json", "manifest.json", "trace.csv"};
    int listed = 0;
    for (const char *line = sums; *line != '\0'; listed++) {
        char hex[65], name[256], want[65];
        assert_int_equal(sscanf(line, "%64s  %255s", hex, name), 2);
        snprintf(path, sizeof path, "%s/%s", dir, name);
        assert_int_equal(lca_file_sha256(ctx, path, want), LCA_OK);
        assert_string_equal(hex, want);
        line = strchr(line, '\n') + 1;
    }
    assert_int_equal(listed, 5);  // all but SHA256SUMS itself
    for (int f = 0; f < 6; f++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[f]);
        assert_true(file_exists(path));
    }
    free(sums);
    snprintf(path, sizeof path, "%s/factors.h5", dir);
    int64_t count = 0;
    double *f = read_h5_doubles(path, "records/factor", &count);
    assert_int_equal(count, 3);
    for (int i = 0; i < 3; i++) {
        assert_true(f[i] == lca_fdb_num_get(db, LCA_FDB_FACTOR)[i]);
    }
    free(f);
    f = read_h5_doubles(path, "components/gas_co2/mc_mean", &count);
    assert_int_equal(count, 3);
    assert_true(f[1] == 2.3);
    free(f);
    lca_fdb_destroy(&db);
}

// The same content gives the same ids; another superseded id another.
static void test_release_ids_come_from_content(void **state) {
    lca_ctx *ctx = *state;
    lca_fdb *a = records(ctx, NAMES), *b = records(ctx, NAMES);
    for (int64_t i = 0; i < 3; i++) {
        const char *id = lca_fdb_text_get(a, LCA_FDB_RECORD_ID, i);
        assert_int_equal(strlen(id), 17);
        assert_int_equal(id[0], 'F');
        assert_string_equal(id, lca_fdb_text_get(b, LCA_FDB_RECORD_ID, i));
    }
    char first[18];
    snprintf(first, sizeof first, "%s",
             lca_fdb_text_get(a, LCA_FDB_RECORD_ID, 0));
    assert_int_equal(lca_fdb_set_text(a, LCA_FDB_SUPERSEDES, 0, first), LCA_OK);
    assert_int_equal(lca_fdb_set_text(a, LCA_FDB_RECORD_ID, 0, ""), LCA_OK);
    assert_int_equal(lca_fdb_set_ids(a), LCA_OK);
    assert_string_not_equal(lca_fdb_text_get(a, LCA_FDB_RECORD_ID, 0), first);
    lca_fdb_destroy(&a);
    lca_fdb_destroy(&b);
}

static void test_release_refuses_and_cleans_up(void **state) {
    lca_ctx *ctx = *state;
    lca_fdb *db = records(ctx, NAMES);
    char *dir = write_release(ctx, db, "r4");
    lca_release *r = NULL;
    assert_int_equal(lca_release_create(ctx, dir, &r), LCA_ERR_IO);
    assert_non_null(strstr(lca_ctx_errmsg(ctx), "already exists"));
    assert_null(r);
    // A changed factors.json is refused by the reader.
    char path[4300];
    snprintf(path, sizeof path, "%s/factors.json", dir);
    FILE *f = fopen(path, "ab");
    fputs(" ", f);
    fclose(f);
    lca_fdb *back = NULL;
    assert_int_equal(lca_fdb_read(ctx, dir, &back), LCA_ERR_INVALID);
    assert_non_null(strstr(lca_ctx_errmsg(ctx), "SHA-256"));
    assert_null(back);
    // A name that is not UTF-8: nothing is written, and destroy leaves no
    // staging folder behind.
    const char *bad[] = {"ok", "caf\xe9", "x"};
    lca_fdb *db2 = records(ctx, bad);
    snprintf(path, sizeof path, "%s-bad", dir);
    assert_int_equal(lca_release_create(ctx, path, &r), LCA_OK);
    char staging[4300];
    snprintf(staging, sizeof staging, "%s", lca_release_staging(r));
    assert_int_equal(lca_release_write(r, db2), LCA_ERR_INVALID);
    assert_non_null(strstr(lca_ctx_errmsg(ctx), "product_name"));
    lca_release_destroy(&r);
    struct stat sb;
    assert_int_not_equal(stat(staging, &sb), 0);
    assert_int_not_equal(stat(path, &sb), 0);
    lca_fdb_destroy(&db2);
    lca_fdb_destroy(&db);
}

int main(void) {
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, ctx_setup, ctx_teardown)
        T(test_release_csv_reads_back_with_every_name),
        T(test_release_json_round_trip_is_exact),
        T(test_release_hashes_and_hdf5),
        T(test_release_ids_come_from_content),
        T(test_release_refuses_and_cleans_up),
#undef T
    };
    return cmocka_run_group_tests_name("release", tests, NULL, NULL);
}
