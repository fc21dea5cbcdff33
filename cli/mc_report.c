// cli/mc_report.c: what `leontief mc` prints when it is done
// SPDX-License-Identifier: MIT

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mc_cli.h"

#define TOP 10
#define Q025 0  // positions in lca_mc_quantile_p
#define Q50 3
#define Q975 6

static const char *label(const lca_model *M, lca_axis axis, int64_t i) {
    const char *name = lca_model_label(M, axis, LCA_LABEL_NAME, i);
    return name[0] ? name : lca_model_label(M, axis, LCA_LABEL_ID, i);
}

static void report_factors(FILE *out, const lca_model *M, const lca_mc *mc,
                           int64_t ind, const double *fq, int64_t nind) {
    int64_t n = lca_model_dim(M, LCA_PRODUCTS);
    double *mean = malloc(sizeof *mean * (size_t)(n * nind));
    double *sd = malloc(sizeof *sd * (size_t)(n * nind));
    cli_ranked *v = malloc(sizeof *v * (size_t)(n + 1));
    if (mean == NULL || sd == NULL || v == NULL) goto done;
    lca_mc_summary(mc, NULL, mean, sd, NULL, NULL);
    for (int64_t j = 0; j < n; j++) v[j] = (cli_ranked){fabs(mean[j]), j};
    qsort(v, (size_t)n, sizeof *v, cli_ranked_desc);
    fprintf(out, "\nTop %d of %lld products by mean upstream %s (%s per "
            "unit):\n", TOP, (long long)n,
            lca_model_label(M, LCA_INDICATORS, LCA_LABEL_ID, ind),
            lca_model_label(M, LCA_INDICATORS, LCA_LABEL_UNIT, ind));
    fprintf(out, "  %-46s %11s %11s %11s %11s  %s\n", "product", "mean", "sd",
            "2.5 %", "97.5 %", "unit");
    for (int64_t i = 0; i < n && i < TOP; i++) {
        int64_t j = v[i].j;
        fprintf(out, "  %-46.46s %11.4g %11.4g %11.4g %11.4g  %s\n",
                label(M, LCA_PRODUCTS, j), mean[j], sd[j],
                fq[(Q025 * nind) * n + j], fq[(Q975 * nind) * n + j],
                lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_UNIT, j));
    }
done:
    free(mean);
    free(sd);
    free(v);
}

// demand_q: (2 + NQ) x nd x nind: mean, sd, quantiles.
static void report_demands(FILE *out, const lca_model *M, const int64_t *ind,
                           int64_t nind, const int64_t *dem, int64_t nd,
                           const double *dq) {
    if (nd == 0) return;
    int64_t per = nd * nind;
    fprintf(out, "\nDistributions of %lld demand(s), %s:\n", (long long)nd,
            lca_model_label(M, LCA_INDICATORS, LCA_LABEL_ID, ind[0]));
    fprintf(out, "  %-46s %11s %11s %11s %11s %11s\n", "demand", "mean", "sd",
            "2.5 %", "median", "97.5 %");
    for (int64_t j = 0; j < nd && j < 20; j++) {
        const double *d = dq + j * nind;
        fprintf(out, "  %-46.46s %11.4g %11.4g %11.4g %11.4g %11.4g\n",
                lca_model_label(M, LCA_DEMANDS, LCA_LABEL_ID, dem[j]), d[0],
                d[per], d[(2 + Q025) * per], d[(2 + Q50) * per],
                d[(2 + Q975) * per]);
    }
}

// The iterative path, when it was asked for or chosen: how it went.
static void report_solver(FILE *out, const lca_mc *mc) {
    lca_mc_solver_info i = lca_mc_get_solver_info(mc);
    if (i.asked == LCA_MC_SOLVER_AUTO && i.chosen == LCA_MC_SOLVER_DIRECT &&
        i.pilot == 0) {
        return;  // nothing varies in T, or a small dense system
    }
    lca_mc_state s = lca_mc_get_state(mc);
    fprintf(out, "solver: %s (%s)", lca_mc_solver_str(i.chosen),
            i.asked == LCA_MC_SOLVER_AUTO ? "chosen by the cost model"
                                          : "as asked");
    if (i.pilot > 0) {
        fprintf(out, "; pilot of %lld iterations: %.1f applications of the "
                "reference LU per system, %lld fallback(s); modelled %.3g s "
                "direct, %.3g s iterative per iteration", (long long)i.pilot,
                i.pilot_krylov, (long long)i.pilot_fallbacks, i.cost_direct,
                i.cost_iterative);
    }
    fputc('\n', out);
    if (i.chosen != LCA_MC_SOLVER_ITERATIVE) return;
    int64_t runs = s.niterative + s.nfallback;
    fprintf(out, "  %s to backward error %.3g: %lld iterations converged, "
            "%lld refactorized (fallback), %.1f applications per iteration\n",
            lca_krylov_str(i.method), i.tol, (long long)s.niterative,
            (long long)s.nfallback,
            runs > 0 ? (double)s.nkrylov / (double)runs : 0.0);
}

void mc_report(FILE *out, const mc_cli_opts *o, const lca_model *M,
               const lca_mc *mc, const int64_t *ind, int64_t nind,
               const int64_t *dem, int64_t nd, const double *demand_q,
               const double *factor_q, double seconds, int threads) {
    int64_t iterations = lca_mc_next(mc);
    fprintf(out, "%s: %lld iterations (%lld failed) in %.2f s on %d "
            "thread(s); seed %llu\n", o->model, (long long)iterations,
            (long long)lca_mc_nfailed(mc), seconds, threads,
            (unsigned long long)o->mc.seed);
    report_solver(out, mc);
    if (nind > 0) report_factors(out, M, mc, ind[0], factor_q, nind);
    if (nind > 0) report_demands(out, M, ind, nind, dem, nd, demand_q);
    fprintf(out, "\nwritten: %s\n", o->out);
}
