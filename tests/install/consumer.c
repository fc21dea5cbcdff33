// tests/install/consumer.c: a program built against an installed leontief
// SPDX-License-Identifier: MIT
//
// Built out of the source tree by tests/install/run.sh, once through
// find_package(leontief) and once through pkg-config. It imports the tiny
// example (datasets/examples/tiny, solved by hand in its README) with
// lca_import_mtx, computes the upstream factors N = D T^-1 and prints
// them; it checks them against the README's values (to 1e-12 relative)
// and the library's version against the headers'.
//
// usage: consumer TINY_DIR

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <lca.h>
#include <lca/version.h>

// Scores of one unit of electricity, steel, transport (README).
static const double want[2][3] = {{1.435, 2.2675, 0.387}, {0.8, 2.0, 0.16}};

static int check(const double *N) {
    for (int i = 0; i < 2; i++) {
        for (int j = 0; j < 3; j++) {
            double got = N[i * 3 + j];
            if (!(fabs(got - want[i][j]) <= 1e-12 * fabs(want[i][j]))) {
                fprintf(stderr, "consumer: N[%d][%d] = %.17g, want %.17g\n",
                        i, j, got, want[i][j]);
                return 1;
            }
        }
    }
    return 0;
}

static lca_status run(lca_ctx *ctx, const char *dir, int *bad) {
    char p[8][4200];
    const char *names[] = {"A.mtx", "B.mtx", "C.mtx", "products.csv",
                           "flows.csv", "indicators.csv", "demands.csv"};
    for (int i = 0; i < 7; i++) {
        snprintf(p[i], sizeof p[i], "%s/%s", dir, names[i]);
    }
    lca_mtx_source src = {LCA_TECHNOSPHERE, p[0], p[1], p[2], p[3], p[4],
                          p[5], p[6]};
    lca_model *M = NULL;
    lca_calc *c = NULL;
    double N[6], D[6];
    lca_status st = lca_import_mtx(ctx, &src, &M);
    if (st == LCA_OK) st = lca_calc_create(M, NULL, &c);
    int64_t k = st == LCA_OK ? lca_model_dim(M, LCA_INDICATORS) : 0;
    int64_t n = st == LCA_OK ? lca_model_dim(M, LCA_PRODUCTS) : 0;
    if (st == LCA_OK && (k != 2 || n != 3)) {
        fprintf(stderr, "consumer: %lld indicators x %lld products, want "
                "2 x 3\n", (long long)k, (long long)n);
        *bad = 1;
    }
    if (st == LCA_OK && !*bad) st = lca_calc_factors(c, k, NULL, N, D);
    if (st == LCA_OK && !*bad) {
        for (int64_t i = 0; i < k; i++) {
            for (int64_t j = 0; j < n; j++) {
                printf("%s %s %.10g\n",
                       lca_model_label(M, LCA_INDICATORS, LCA_LABEL_ID, i),
                       lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_ID, j),
                       N[i * n + j]);
            }
        }
        *bad = check(N);
    }
    lca_calc_destroy(&c);
    lca_model_destroy(&M);
    return st;
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: consumer TINY_DIR\n");
        return 2;
    }
    char v[32];
    snprintf(v, sizeof v, "%d.%d.%d", LCA_VERSION_MAJOR, LCA_VERSION_MINOR,
             LCA_VERSION_PATCH);
    if (strcmp(v, lca_version()) != 0 || strcmp(v, LCA_VERSION) != 0) {
        fprintf(stderr, "consumer: headers %s, library %s\n", v,
                lca_version());
        return 1;
    }
    printf("leontief %s\n", lca_version());
    lca_ctx *ctx = NULL;
    if (lca_ctx_create(&ctx) != LCA_OK) return 1;
    int bad = 0;
    lca_status st = run(ctx, argv[1], &bad);
    if (st != LCA_OK) {
        fprintf(stderr, "consumer: %s: %s\n", lca_status_str(st),
                lca_ctx_errmsg(ctx));
    }
    lca_ctx_destroy(&ctx);
    return (st != LCA_OK || bad) ? 1 : 0;
}
