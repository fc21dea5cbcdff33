// cli/report.c: the short human-readable tables a run prints on stdout
// SPDX-License-Identifier: MIT

#include <stdlib.h>
#include <string.h>

#include "run.h"

static const char *label_or(const lca_model *M, lca_axis axis, int64_t i) {
    const char *name = lca_model_label(M, axis, LCA_LABEL_NAME, i);
    return name[0] ? name : lca_model_label(M, axis, LCA_LABEL_ID, i);
}

// Top products by one row of N.
static void report_factor_row(const lca_model *M, const run_data *d,
                              int64_t r, long top) {
    cli_ranked *v = malloc(sizeof *v * (size_t)(d->n + 1));
    if (v == NULL) return;
    for (int64_t j = 0; j < d->n; j++) {
        v[j].value = d->N[r * d->n + j];
        v[j].j = j;
    }
    qsort(v, (size_t)d->n, sizeof *v, cli_ranked_desc);
    int64_t ind = d->ind[r];
    printf("\nTop %ld of %lld products by upstream %s (%s per unit of "
           "product):\n",
           top < d->n ? top : (long)d->n, (long long)d->n,
           lca_model_label(M, LCA_INDICATORS, LCA_LABEL_ID, ind),
           lca_model_label(M, LCA_INDICATORS, LCA_LABEL_UNIT, ind));
    printf("  %4s  %-52.52s %12s %12s  %s\n", "rank", "product", "total",
           "direct", "unit");
    for (int64_t i = 0; i < d->n && i < top; i++) {
        int64_t j = v[i].j;
        printf("  %4lld  %-52.52s %12.5g %12.5g  %s/%s\n", (long long)i + 1,
               label_or(M, LCA_PRODUCTS, j), v[i].value, d->D[r * d->n + j],
               lca_model_label(M, LCA_INDICATORS, LCA_LABEL_UNIT, ind),
               lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_UNIT, j));
    }
    free(v);
}

// Scores of up to 4 demands for the selected (or first `top`) indicators.
static void report_demands(const run_opts *o, const lca_model *M,
                           const run_data *d) {
    int64_t ncol = d->nd < 4 ? d->nd : 4;
    printf("\nImpacts of %lld demand vector(s)%s:\n", (long long)d->nd,
           d->nd > ncol ? " (first 4 shown)" : "");
    printf("  %-36s", "indicator");
    for (int64_t j = 0; j < ncol; j++) {
        printf(" %20.20s", lca_model_label(M, LCA_DEMANDS, LCA_LABEL_ID,
                                           d->dem[j]));
    }
    printf("  unit\n");
    int64_t rows = o->nindicators > 0 ? d->nind : d->k;
    for (int64_t r = 0; r < rows && r < o->top; r++) {
        int64_t i = o->nindicators > 0 ? d->ind[r] : r;
        printf("  %-36.36s", label_or(M, LCA_INDICATORS, i));
        for (int64_t j = 0; j < ncol; j++) printf(" %20.6g", d->H[j * d->k + i]);
        printf("  %s\n", lca_model_label(M, LCA_INDICATORS, LCA_LABEL_UNIT, i));
    }
}

// --by-product: the first demand's top products for one indicator, by
// consumption-based footprint N(i,p) f_p, with the production-based
// D(i,p) s_p (emitted where p is made) beside it.
static void report_by_product(const run_opts *o, const lca_model *M,
                              const run_data *d) {
    int64_t i = o->nindicators > 0 ? d->ind[0] : 0;
    const double *pt = d->Pt + i * d->n, *pd = d->Pd + i * d->n;
    cli_ranked *v = malloc(sizeof *v * (size_t)(d->n + 1));
    if (v == NULL || d->k == 0) {
        free(v);
        return;
    }
    for (int64_t j = 0; j < d->n; j++) {
        v[j].value = pt[j];
        v[j].j = j;
    }
    qsort(v, (size_t)d->n, sizeof *v, cli_ranked_desc);
    printf("\nTop %ld of %lld products of demand '%s' by %s (%s):\n",
           o->top < d->n ? o->top : (long)d->n, (long long)d->n,
           lca_model_label(M, LCA_DEMANDS, LCA_LABEL_ID, d->dem[0]),
           label_or(M, LCA_INDICATORS, i),
           lca_model_label(M, LCA_INDICATORS, LCA_LABEL_UNIT, i));
    printf("  %4s  %-44s %15s %15s\n", "rank", "product",
           "consumption", "production");
    for (int64_t r = 0; r < d->n && r < o->top; r++) {
        int64_t j = v[r].j;
        printf("  %4lld  %-44.44s %15.6g %15.6g\n", (long long)r + 1,
               label_or(M, LCA_PRODUCTS, j), pt[j], pd[j]);
    }
    free(v);
}

void run_report(const run_opts *o, const lca_model *M, const run_data *d) {
    printf("%s: %lld products, %lld flows, %lld indicators; %s LU "
           "(rcond %.2g) in %.3f s, solves in %.3f s on %d thread(s), "
           "backward error %.2g\n",
           o->model_path, (long long)d->n, (long long)d->m, (long long)d->k,
           lca_solver_kind_str(d->finfo.kind), d->finfo.rcond,
           d->seconds_factor, d->seconds_solve, d->threads,
           d->backward_error);
    if (o->want_factors) {
        for (int64_t r = 0; r < d->nind && r < 3; r++) {
            report_factor_row(M, d, r, o->top);
        }
    }
    if (d->nd > 0) report_demands(o, M, d);
    if (d->Pt != NULL) report_by_product(o, M, d);
    printf("\nwritten: %s\n", o->out_path);
}
