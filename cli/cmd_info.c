// cli/cmd_info.c: `leontief info FILE.h5`: a model, results or Monte Carlo
// file described (what the file holds comes from lca_file_info)
// SPDX-License-Identifier: MIT

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char info_help[] =
    "usage: leontief info FILE.h5\n"
    "\n"
    "Describe a model file: convention, dimensions, nonzeros, the solver\n"
    "path a calculation would take, indicators, demands, attributes, what\n"
    "is uncertain (records per distribution, pedigree scores, the range of\n"
    "lognormal GSDs, records that contradict their amounts: support\n"
    "without the amount, or central value more than 10x off it; `import`\n"
    "drops such records unless --keep-contradicting-uncertainty) and the\n"
    "import report (lines per kind).\n"
    "\n"
    "Or a results file (leontief solve, factors) or a Monte Carlo results\n"
    "file (leontief mc): its kind, dimensions (and iterations), the options\n"
    "that decided the numbers, what happened, provenance (versions,\n"
    "command line, input files and their SHA-256, times), and every\n"
    "dataset it holds with its shape: the statistics available.\n"
    "\n"
    "Exit codes: 0 described, 2 usage, 3 not a readable leontief file.\n";

static void print_matrix(const char *name, const char *rows,
                         const char *cols, const lca_csc *X) {
    double cells = (double)lca_csc_nrows(X) * (double)lca_csc_ncols(X);
    printf("  %s  %8lld x %-8lld %10lld nonzeros (%.3g %% dense)  %s x %s\n",
           name, (long long)lca_csc_nrows(X), (long long)lca_csc_ncols(X),
           (long long)lca_csc_nnz(X),
           cells > 0 ? 100.0 * (double)lca_csc_nnz(X) / cells : 0.0, rows,
           cols);
}

// One line per matrix: records by distribution, pedigree, GSD range.
static void print_uncertain(const char *name, const lca_model *M,
                            lca_matrix X, int64_t nnz) {
    const lca_uncertainty *u = lca_model_uncertainty(M, X);
    if (u == NULL) {
        printf("    %s  none (all %lld entries fixed)\n", name, (long long)nnz);
        return;
    }
    int64_t counts[LCA_NDISTS], pedigree = 0;
    double lo = INFINITY, hi = -INFINITY;
    lca_model_uncertainty_counts(M, X, counts);
    for (int64_t p = 0; p < nnz; p++) {
        int any = 0;
        for (int s = 0; s < 5; s++) any |= u[p].pedigree[s] != 0;
        pedigree += any;
        if (u[p].dist == LCA_DIST_LOGNORMAL) {
            lo = fmin(lo, u[p].p2);
            hi = fmax(hi, u[p].p2);
        }
    }
    printf("    %s  %lld of %lld entries uncertain (", name,
           (long long)(nnz - counts[LCA_DIST_NONE]), (long long)nnz);
    const char *sep = "";
    for (int d = 1; d < LCA_NDISTS; d++) {
        if (counts[d] > 0) {
            printf("%s%s %lld", sep, lca_dist_str((lca_dist)d),
                   (long long)counts[d]);
            sep = ", ";
        }
    }
    printf("), %lld with pedigree scores", (long long)pedigree);
    if (counts[LCA_DIST_LOGNORMAL] > 0) {
        printf(", lognormal GSD %.4g .. %.4g", lo, hi);
    }
    printf("\n");
}

// The import report: line count per kind, kinds in order of appearance.
static void print_report(const lca_model *M) {
    int64_t r = lca_model_nreports(M);
    printf("  import report: %lld line(s)%s", (long long)r, r > 0 ? ":" : "");
    int64_t *first = malloc(sizeof *first * (size_t)(r + 1));
    int64_t nkinds = 0;
    for (int64_t i = 0; first != NULL && i < r; i++) {
        const char *kind = lca_model_report(M, i, LCA_REPORT_KIND);
        int64_t k = 0;
        while (k < nkinds && strcmp(lca_model_report(M, first[k],
                                                     LCA_REPORT_KIND),
                                    kind) != 0) {
            k++;
        }
        if (k == nkinds) first[nkinds++] = i;
    }
    for (int64_t k = 0; k < nkinds; k++) {
        const char *kind = lca_model_report(M, first[k], LCA_REPORT_KIND);
        int64_t count = 0;
        for (int64_t i = first[k]; i < r; i++) {
            count += strcmp(lca_model_report(M, i, LCA_REPORT_KIND), kind) == 0;
        }
        printf("%s %s %lld", k > 0 ? "," : "", kind, (long long)count);
    }
    printf("\n");
    free(first);
}

static void print_extras(const lca_model *M) {
    int any = 0;
    for (int x = LCA_MATRIX_A; x <= LCA_MATRIX_C; x++) {
        any |= lca_model_uncertainty(M, (lca_matrix)x) != NULL;
    }
    if (!any) {
        printf("  uncertainty: none (every entry fixed)\n");
        print_report(M);
        return;
    }
    printf("  uncertainty:\n");
    print_uncertain("A", M, LCA_MATRIX_A, lca_csc_nnz(lca_model_A(M)));
    print_uncertain("B", M, LCA_MATRIX_B, lca_csc_nnz(lca_model_B(M)));
    print_uncertain("C", M, LCA_MATRIX_C, lca_csc_nnz(lca_model_C(M)));
    lca_amount_summary sum;
    if (lca_model_count_amounts(M, 10.0, &sum) == LCA_OK) {
        printf("    contradicting their amounts: %lld (A %lld, B %lld, C %lld; "
               "%lld outside the support, %lld central value more than 10x "
               "off)\n", (long long)(sum.support + sum.central),
               (long long)sum.by_matrix[0], (long long)sum.by_matrix[1],
               (long long)sum.by_matrix[2], (long long)sum.support,
               (long long)sum.central);
    }
    print_report(M);
}

// Attributes, one per line, but the per-process "allocation:ID" ones of a
// process-database import counted by method on one line.
static void print_attrs(const lca_model *M) {
    int64_t count[LCA_NALLOC + 1] = {0}, total = 0;
    for (int64_t a = 0; a < lca_model_nattrs(M); a++) {
        const char *key = lca_model_attr_key(M, a);
        if (strncmp(key, "allocation:", 11) != 0) {
            printf("  %s: %s\n", key, lca_model_attr(M, key));
            continue;
        }
        lca_alloc_method m = LCA_ALLOC_NONE;
        int known = lca_alloc_method_parse(lca_model_ctx(M),
                                           lca_model_attr(M, key), &m) ==
                    LCA_OK;
        count[known ? (int)m : LCA_NALLOC]++;
        total++;
    }
    if (total == 0) return;
    printf("  processes with co-products: %lld (", (long long)total);
    const char *sep = "";
    for (int m = 0; m <= LCA_NALLOC; m++) {
        if (count[m] == 0) continue;
        printf("%s%lld %s", sep, (long long)count[m],
               m < LCA_NALLOC ? lca_alloc_method_str((lca_alloc_method)m)
                              : "other");
        sep = ", ";
    }
    printf("; attributes allocation:ID)\n");
}

static void print_model(const char *path, const lca_model *M) {
    printf("%s: convention %s\n", path,
           lca_convention_str(lca_model_convention(M)));
    print_matrix("A", "products", "products", lca_model_A(M));
    print_matrix("B", "flows", "products", lca_model_B(M));
    print_matrix("C", "indicators", "flows", lca_model_C(M));
    const lca_csc *T = lca_model_tech(M);
    lca_solver_options opt;
    lca_solver_options_default(&opt);
    int64_t n = lca_csc_nrows(T);
    double density = n > 0 ? (double)lca_csc_nnz(T) / ((double)n * n) : 0;
    int dense = lca_solver_choose(&opt, n, lca_csc_nnz(T)) ==
                LCA_SOLVER_DENSE;
    printf("  solver: auto chooses %s (n = %lld, technosphere %.3g %% dense; "
           "dense when n <= %lld and >= %.3g %%)\n",
           dense ? "dense LU" : "sparse LU (UMFPACK)", (long long)n,
           100.0 * density, (long long)opt.dense_max_n,
           100.0 * opt.dense_min_density);
    int64_t k = lca_model_dim(M, LCA_INDICATORS);
    printf("  indicators (%lld):\n", (long long)k);
    int w = 12;  // the widest id, up to 32
    for (int64_t i = 0; i < k; i++) {
        int len = (int)strlen(lca_model_label(M, LCA_INDICATORS, LCA_LABEL_ID, i));
        if (len > w) w = len < 32 ? len : 32;
    }
    for (int64_t i = 0; i < k; i++) {
        const char *tag = lca_model_label(M, LCA_INDICATORS, LCA_LABEL_SPLIT, i);
        printf("    %-*s %-10s %s%s%s%s\n", w,
               lca_model_label(M, LCA_INDICATORS, LCA_LABEL_ID, i),
               lca_model_label(M, LCA_INDICATORS, LCA_LABEL_UNIT, i),
               lca_model_label(M, LCA_INDICATORS, LCA_LABEL_NAME, i),
               tag[0] ? " [split " : "", tag, tag[0] ? "]" : "");
    }
    int64_t d = lca_model_dim(M, LCA_DEMANDS);
    const lca_csc *F = lca_model_demands(M);
    printf("  demands (%lld):\n", (long long)d);
    for (int64_t j = 0; j < d; j++) {
        printf("    %-40s %lld nonzeros\n",
               lca_model_label(M, LCA_DEMANDS, LCA_LABEL_ID, j),
               (long long)(lca_csc_colptr(F)[j + 1] - lca_csc_colptr(F)[j]));
    }
    for (int64_t s = 0; s < lca_model_ndemand_sets(M); s++) {
        int64_t count;
        lca_model_demand_set(M, s, &count);
        printf("  demand set %s: %lld demands\n",
               lca_model_demand_set_name(M, s), (long long)count);
    }
    print_attrs(M);
    print_extras(M);
}

// ---- results and Monte Carlo files ------------------------------------------

static const char *kind_name(lca_file_kind k) {
    switch (k) {
    case LCA_FILE_RESULTS: return "results file";
    case LCA_FILE_MC: return "Monte Carlo results file";
    default: return "HDF5 file";
    }
}

// "products 3, indicators 2, ...": the label datasets' lengths.
static void print_dims(const lca_file_info *f) {
    static const char *const dims[][3] = {
        {"products", "/products/id", NULL},
        {"indicators", "/indicators/id", "/demands/indicators/id"},
        {"flows", "/flows/id", "/factors/flows/id"},
        {"demands", "/demands/names", NULL},
    };
    const char *sep = "  ";
    for (size_t i = 0; i < sizeof dims / sizeof dims[0]; i++) {
        int64_t n = lca_file_info_length(f, dims[i][1]);
        if (n < 0 && dims[i][2] != NULL) {
            n = lca_file_info_length(f, dims[i][2]);
        }
        if (n < 0) continue;
        printf("%s%s %lld", sep, dims[i][0], (long long)n);
        sep = ", ";
    }
    const char *it = lca_file_info_attr_find(f, "iterations_run");
    if (it != NULL) printf("%siterations %s", sep, it);
    if (sep[0] == ',' || it != NULL) printf("\n");
}

static void print_role(const lca_file_info *f, lca_attr_role role,
                       const char *title) {
    int any = 0;
    for (int64_t i = 0; i < lca_file_info_nattrs(f); i++) {
        const char *value;
        lca_attr_role r;
        const char *key = lca_file_info_attr(f, i, &value, &r);
        if (r != role) continue;
        if (!any) printf("  %s:\n", title);
        any = 1;
        printf("    %-22s %s\n", key, value);
    }
}

// A label dataset (id, name, unit, ...): covered by the dimensions line.
static int is_label(const char *path) {
    static const char *const tails[] = {"/id", "/name", "/unit",
                                        "/compartment", "/names"};
    size_t len = strlen(path);
    for (size_t i = 0; i < sizeof tails / sizeof tails[0]; i++) {
        size_t t = strlen(tails[i]);
        if (len >= t && strcmp(path + len - t, tails[i]) == 0) return 1;
    }
    return 0;
}

static void print_datasets(const lca_file_info *f) {
    printf("  statistics and tables available:\n");
    for (int64_t i = 0; i < lca_file_info_ndatasets(f); i++) {
        const char *type;
        int rank;
        int64_t dims[4];
        const char *path = lca_file_info_dataset(f, i, &type, &rank, dims);
        if (is_label(path)) continue;
        printf("    %-36s %-7s ", path, type);
        if (rank == 0) printf("scalar");
        for (int d = 0; d < rank; d++) {
            printf("%s%lld", d > 0 ? " x " : "", (long long)dims[d]);
        }
        printf("\n");
    }
}

static void print_file(const char *path, const lca_file_info *f) {
    const char *format = lca_file_info_attr_find(f, "format");
    const char *version = lca_file_info_attr_find(f, "schema_version");
    printf("%s: %s (format %s, schema %s)\n", path,
           kind_name(lca_file_info_kind(f)), format ? format : "none",
           version ? version : "none");
    print_dims(f);
    print_role(f, LCA_ATTR_OPTION, "options");
    print_role(f, LCA_ATTR_OUTCOME, "outcome");
    print_role(f, LCA_ATTR_PROVENANCE, "provenance");
    print_role(f, LCA_ATTR_OTHER, "other attributes");
    print_datasets(f);
}

int cli_info(const cli_env *env, int argc, char **argv) {
    if (argc == 2 && (strcmp(argv[1], "--help") == 0 ||
                      strcmp(argv[1], "-h") == 0)) {
        fputs(info_help, stdout);
        return CLI_EXIT_OK;
    }
    if (argc != 2 || argv[1][0] == '-') {
        return cli_usage_error(env, "expected exactly one model, results or "
                               "Monte Carlo file");
    }
    lca_ctx *ctx = NULL;
    if (lca_ctx_create(&ctx) != LCA_OK) {
        return cli_fail(env, NULL, LCA_ERR_NOMEM, 0);
    }
    lca_file_kind kind = LCA_FILE_MODEL;
    lca_status st = lca_file_kind_read(ctx, argv[1], &kind);
    lca_model *M = NULL;
    lca_file_info *f = NULL;
    if (st == LCA_OK && kind == LCA_FILE_MODEL) {
        st = lca_model_read(ctx, argv[1], &M);
        if (st == LCA_OK) print_model(argv[1], M);
    } else if (st == LCA_OK) {
        st = lca_file_info_read(ctx, argv[1], &f);
        if (st == LCA_OK) print_file(argv[1], f);
    }
    int rc = st == LCA_OK ? CLI_EXIT_OK : cli_fail(env, ctx, st, 0);
    lca_file_info_destroy(&f);
    lca_model_destroy(&M);
    lca_ctx_destroy(&ctx);
    return rc;
}
