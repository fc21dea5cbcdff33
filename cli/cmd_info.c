// cli/cmd_info.c: `leontief info MODEL.h5`
// SPDX-License-Identifier: MIT

#include <string.h>

#include "cli.h"

static const char info_help[] =
    "usage: leontief info MODEL.h5\n"
    "\n"
    "Describe a model file: convention, dimensions, nonzeros, the solver\n"
    "path a calculation would take, indicators, demands and attributes.\n";

static void print_matrix(const char *name, const char *rows,
                         const char *cols, const lca_csc *X) {
    double cells = (double)lca_csc_nrows(X) * (double)lca_csc_ncols(X);
    printf("  %s  %8lld x %-8lld %10lld nonzeros (%.3g %% dense)  %s x %s\n",
           name, (long long)lca_csc_nrows(X), (long long)lca_csc_ncols(X),
           (long long)lca_csc_nnz(X),
           cells > 0 ? 100.0 * (double)lca_csc_nnz(X) / cells : 0.0, rows,
           cols);
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
    int dense = n <= opt.dense_max_n && density >= opt.dense_min_density;
    printf("  solver: auto chooses %s (n = %lld, technosphere %.3g %% dense; "
           "dense when n <= %lld and >= %.3g %%)\n",
           dense ? "dense LU" : "sparse LU (UMFPACK)", (long long)n,
           100.0 * density, (long long)opt.dense_max_n,
           100.0 * opt.dense_min_density);
    int64_t k = lca_model_dim(M, LCA_INDICATORS);
    printf("  indicators (%lld):\n", (long long)k);
    for (int64_t i = 0; i < k; i++) {
        printf("    %-12s %-48.48s %s\n",
               lca_model_label(M, LCA_INDICATORS, LCA_LABEL_ID, i),
               lca_model_label(M, LCA_INDICATORS, LCA_LABEL_NAME, i),
               lca_model_label(M, LCA_INDICATORS, LCA_LABEL_UNIT, i));
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
    for (int64_t a = 0; a < lca_model_nattrs(M); a++) {
        const char *key = lca_model_attr_key(M, a);
        printf("  %s: %s\n", key, lca_model_attr(M, key));
    }
}

int cli_info(const cli_env *env, int argc, char **argv) {
    if (argc == 2 && (strcmp(argv[1], "--help") == 0 ||
                      strcmp(argv[1], "-h") == 0)) {
        fputs(info_help, stdout);
        return CLI_EXIT_OK;
    }
    if (argc != 2 || argv[1][0] == '-') {
        return cli_usage_error(env, "expected exactly one model file");
    }
    lca_ctx *ctx = NULL;
    if (lca_ctx_create(&ctx) != LCA_OK) {
        return cli_fail(env, NULL, LCA_ERR_NOMEM, 0);
    }
    lca_model *M = NULL;
    lca_status st = lca_model_read(ctx, argv[1], &M);
    int rc = CLI_EXIT_OK;
    if (st != LCA_OK) {
        rc = cli_fail(env, ctx, st, 0);
    } else {
        print_model(argv[1], M);
    }
    lca_model_destroy(&M);
    lca_ctx_destroy(&ctx);
    return rc;
}
