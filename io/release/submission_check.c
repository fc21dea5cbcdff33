// io/release/submission_check.c: lca_submission_verify
// (include/lca/submission.h): checksums, then the unit-process data
// imported again and every factor recomputed against the records
// SPDX-License-Identifier: MIT

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "engine/ctx_impl.h"
#include "io/util/textout_impl.h"
#include "lca/export.h"
#include "lca/factordb.h"
#include "lca/io.h"
#include "lca/release.h"
#include "lca/submission.h"

// One "HEX  NAME" line of SHA256SUMS checked; name stays in the folder.
static lca_status check_line(lca_ctx *ctx, const char *dir, const char *sums,
                             int line, char *text) {
    text[strcspn(text, "\r\n")] = '\0';
    char *name = text + 64;
    if (strlen(text) < 67 || name[0] != ' ' || name[1] != ' ') {
        return lca__fail(ctx, LCA_ERR_INVALID, "%s: line %d: not "
                         "\"SHA-256  name\"", sums, line);
    }
    name += 2;
    if (strchr(name, '/') != NULL || strcmp(name, "..") == 0 ||
        strcmp(name, ".") == 0) {
        return lca__fail(ctx, LCA_ERR_INVALID, "%s: line %d: '%s' is not a "
                         "file of the package", sums, line, name);
    }
    char *path = lca__path_join(ctx, dir, name), hex[65];
    if (path == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    lca_status st = lca_file_sha256(ctx, path, hex);
    if (st == LCA_OK && strncmp(hex, text, 64) != 0) {
        st = lca__fail(ctx, LCA_ERR_INVALID, "%s: its SHA-256 is %s, %s line "
                       "%d says %.64s", path, hex, sums, line, text);
    } else if (st != LCA_OK) {
        st = lca__wrap(ctx, LCA_ERR_INVALID, "%s line %d", sums, line);
    }
    lca__free(ctx, path);
    return st;
}

static lca_status check_sums(lca_ctx *ctx, const char *dir) {
    char *sums = lca__path_join(ctx, dir, "SHA256SUMS");
    if (sums == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    FILE *f = fopen(sums, "r");
    lca_status st = f != NULL ? LCA_OK
                              : lca__fail(ctx, LCA_ERR_INVALID, "%s: cannot "
                                          "be read (not a package?)", sums);
    char text[4400];
    int line = 0;
    while (st == LCA_OK && fgets(text, sizeof text, f) != NULL) {
        st = check_line(ctx, dir, sums, ++line, text);
    }
    if (st == LCA_OK && line == 0) {
        st = lca__fail(ctx, LCA_ERR_INVALID, "%s: empty", sums);
    }
    if (f != NULL) fclose(f);
    lca__free(ctx, sums);
    return st;
}

// The convention A.mtx's comment names ("... convention X (import ...").
static lca_status read_convention(lca_ctx *ctx, const char *path,
                                  lca_convention *conv) {
    FILE *f = fopen(path, "r");
    char line[512] = "", word[64] = "";
    const char *at = NULL;
    for (int k = 0; f != NULL && k < 2 && at == NULL; k++) {
        if (fgets(line, sizeof line, f) == NULL) break;
        at = strstr(line, "convention ");
    }
    if (f != NULL) fclose(f);
    if (at == NULL || sscanf(at + 11, "%63[a-z_]", word) != 1 ||
        lca_convention_parse(word, conv) != LCA_OK) {
        return lca__fail(ctx, LCA_ERR_INVALID, "%s: no \"convention NAME\" "
                         "in its comment line", path);
    }
    return LCA_OK;
}

// The unit-process data of the package as a model.
static lca_status import(lca_ctx *ctx, const char *dir, lca_model **M) {
    static const char *const names[7] = {"A.mtx", "B.mtx", "C.mtx",
                                         "products.csv", "flows.csv",
                                         "indicators.csv", "demands.csv"};
    char *p[7] = {NULL};
    lca_status st = LCA_OK;
    for (int k = 0; k < 7; k++) {
        p[k] = lca__path_join(ctx, dir, names[k]);
        if (p[k] == NULL) st = lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    }
    lca_mtx_source src = {LCA_TECHNOSPHERE, p[0], p[1], p[2], p[3], p[4],
                          p[5], NULL};
    FILE *f = st == LCA_OK ? fopen(p[6], "r") : NULL;
    if (f != NULL) {
        fclose(f);
        src.demands = p[6];
    }
    if (st == LCA_OK) st = read_convention(ctx, p[0], &src.convention);
    if (st == LCA_OK) st = lca_import_mtx(ctx, &src, M);
    for (int k = 0; k < 7; k++) lca__free(ctx, p[k]);
    return st;
}

// X and Y hold the same entries, bit for bit.
static int same_csc(const lca_csc *X, const lca_csc *Y) {
    int64_t n = lca_csc_ncols(X), nnz = lca_csc_nnz(X);
    return lca_csc_nrows(X) == lca_csc_nrows(Y) && n == lca_csc_ncols(Y) &&
           nnz == lca_csc_nnz(Y) &&
           memcmp(lca_csc_colptr(X), lca_csc_colptr(Y),
                  (size_t)(n + 1) * sizeof(int64_t)) == 0 &&
           memcmp(lca_csc_rowidx(X), lca_csc_rowidx(Y),
                  (size_t)nnz * sizeof(int64_t)) == 0 &&
           memcmp(lca_csc_values(X), lca_csc_values(Y),
                  (size_t)nnz * sizeof(double)) == 0;
}

// The unit-process data (M) must be the model file's (H) matrices.
static lca_status same_model(lca_ctx *ctx, const char *dir,
                             const lca_model *H, const lca_model *M) {
    static const char *const name[3] = {"A", "B", "C"};
    const lca_csc *h[3] = {lca_model_A(H), lca_model_B(H), lca_model_C(H)};
    const lca_csc *m[3] = {lca_model_A(M), lca_model_B(M), lca_model_C(M)};
    for (int k = 0; k < 3; k++) {
        if (!same_csc(h[k], m[k])) {
            return lca__fail(ctx, LCA_ERR_INVALID, "%s: %s.mtx is not the "
                             "matrix %s of model.h5", dir, name[k], name[k]);
        }
    }
    return LCA_OK;
}

// The options that made db's records: the total by its id, the
// components by their column names among H's split tags (a release read
// from files does not know their indicators; the model file does).
static lca_status options_of(const lca_fdb *db, const lca_model *H,
                             lca_fdb_options *opt, lca_fdb_component *comp) {
    lca_ctx *ctx = lca_model_ctx(H);
    int64_t nc = lca_fdb_ncomponents(db), nh = 0;
    lca_fdb_options_default(opt);
    const char *total = lca_fdb_info_get(db, LCA_FDB_IND_ID);
    lca_status st = lca_model_lookup(H, LCA_INDICATORS, total, &opt->indicator);
    if (st != LCA_OK) return lca__wrap(ctx, st, "the release's indicator");
    lca_fdb_find_components(H, opt->indicator, comp, &nh);
    for (int64_t j = 0; j < nc; j++) {
        char want[160];
        int64_t k = j;
        for (; k < nh; k++) {
            snprintf(want, sizeof want, "%s_%s",
                     comp[k].kind == LCA_FDB_GAS ? "gas" : "split",
                     comp[k].name);
            if (strcmp(want, lca_fdb_component_name(db, j)) == 0) break;
        }
        if (k >= nh) {
            return lca__fail(ctx, LCA_ERR_INVALID, "column %s of the records "
                             "is no split component of %s in model.h5",
                             lca_fdb_component_name(db, j), total);
        }
        lca_fdb_component t = comp[j];  // the package's column order
        comp[j] = comp[k];
        comp[k] = t;
    }
    opt->ncomponents = nc;
    opt->components = comp;
    opt->gwp_set = lca_fdb_info_get(db, LCA_FDB_GWP_SET);
    opt->boundary = lca_fdb_info_get(db, LCA_FDB_BOUNDARY);
    return LCA_OK;
}

// The records of M (the re-imported data) as db's were made from H.
static lca_status recompute(const char *dir, const lca_fdb *db,
                            const lca_model *M, lca_fdb **out) {
    lca_ctx *ctx = lca_model_ctx(M);
    lca_model *H = NULL;
    char *path = lca__path_join(ctx, dir, "model.h5");
    lca_status st = path != NULL ? lca_model_read(ctx, path, &H)
                                 : lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    lca__free(ctx, path);
    int64_t k = H != NULL ? lca_model_dim(H, LCA_INDICATORS) : 0;
    lca_fdb_component *comp = lca__malloc(ctx, (size_t)k + 1, sizeof *comp);
    if (st == LCA_OK && comp == NULL) {
        st = lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    }
    lca_fdb_options opt;
    if (st == LCA_OK) st = same_model(ctx, dir, H, M);
    if (st == LCA_OK) st = options_of(db, H, &opt, comp);
    if (st == LCA_OK) st = lca_fdb_create(M, &opt, out);
    lca__free(ctx, comp);
    lca_model_destroy(&H);
    return st < 0 ? st : LCA_OK;
}

// |a - b| / max(|a|, |b|), 0 for equal values (NaN for NaN and a number).
static double rel_diff(double a, double b) {
    if (a == b || (isnan(a) && isnan(b))) return 0.0;
    return fabs(a - b) / fmax(fabs(a), fabs(b));
}

// One value of record i against the recomputed one.
static void compare(lca_submission_check *c, const lca_fdb *db, int64_t i,
                    double a, double b) {
    double d = rel_diff(a, b);
    c->nvalues++;
    if (!(d <= c->max_rel)) {  // NaN counts as the worst
        c->max_rel = isnan(d) ? INFINITY : d;
        c->worst = i;
        snprintf(c->worst_id, sizeof c->worst_id, "%s",
                 lca_fdb_text_get(db, LCA_FDB_PRODUCT_ID, i));
    }
}

static lca_status compare_all(lca_ctx *ctx, const lca_fdb *db,
                              const lca_fdb *re, lca_submission_check *c) {
    int64_t n = lca_fdb_nrecords(db), nc = lca_fdb_ncomponents(db);
    const double *f = lca_fdb_num_get(db, LCA_FDB_FACTOR);
    const double *g = lca_fdb_num_get(re, LCA_FDB_FACTOR);
    for (int64_t i = 0; i < n; i++) {
        const char *id = lca_fdb_text_get(db, LCA_FDB_PRODUCT_ID, i);
        int64_t k;
        if (lca_fdb_lookup(re, id, &k) != LCA_OK) {
            return lca__fail(ctx, LCA_ERR_INVALID, "record %s: product '%s' "
                             "is not in the package's unit-process data",
                             lca_fdb_text_get(db, LCA_FDB_RECORD_ID, i), id);
        }
        compare(c, db, i, f[i], g[k]);
        for (int64_t j = 0; j < nc; j++) {
            compare(c, db, i, lca_fdb_component_get(db, j, LCA_FDB_FACTOR)[i],
                    lca_fdb_component_get(re, j, LCA_FDB_FACTOR)[k]);
        }
        c->nrecords++;
    }
    return LCA_OK;
}

lca_status lca_submission_verify(lca_ctx *ctx, const char *dir, double tol,
                                 lca_submission_check *out) {
    lca_submission_check c = {0, 0, 0.0, -1, ""};
    lca_fdb *db = NULL, *re = NULL;
    lca_model *M = NULL;
    lca_status st = check_sums(ctx, dir);
    if (st == LCA_OK) st = lca_fdb_read(ctx, dir, &db);
    if (st == LCA_OK) st = import(ctx, dir, &M);
    if (st == LCA_OK) st = recompute(dir, db, M, &re);
    if (st == LCA_OK) st = compare_all(ctx, db, re, &c);
    if (st == LCA_OK && !(c.max_rel <= tol)) {
        st = lca__fail(ctx, LCA_ERR_INVALID, "%s: the factors of product "
                       "'%s' recomputed from the unit-process data differ "
                       "from its record by %.3g (relative), more than %.3g",
                       dir, c.worst_id, c.max_rel, tol);
    }
    if (out != NULL) *out = c;
    lca_fdb_destroy(&re);
    lca_model_destroy(&M);
    lca_fdb_destroy(&db);
    return st;
}
