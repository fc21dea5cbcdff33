// cli/analysis/sens.c: `leontief sensitivity`
// SPDX-License-Identifier: MIT
//
// Screening of every uncertain input (lca_screen), then on the top inputs
// Spearman correlations and Sobol indices from Monte Carlo samples
// (include/lca/sensitivity.h).

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"

static const char help[] =
    "usage: leontief sensitivity MODEL.h5 (--product NAME | --demand NAME) "
    "[options]\n"
    "\n"
    "Which uncertain inputs drive the uncertainty of a footprint h. Every\n"
    "input of A, B and C is screened from two solves (s = A\\f and\n"
    "A'lambda = (cB)'): dh/da_ij = -lambda_i s_j, dh/db_kj = c_k s_j,\n"
    "dh/dc_k = g_k, and its first-order variance contribution\n"
    "(dh/dx)^2 Var(x), Var(x) exactly from the input's distribution. The\n"
    "top inputs can then be checked globally from Monte Carlo samples.\n"
    "\n"
    AN_PRODUCT_HELP
    "  --indicator NAME     the indicator (default the first)\n"
    "  --top N              rows of the screening table (default 20; 0: every\n"
    "                       input with a contribution)\n"
    "  --spearman N         Spearman rank correlation of the top inputs with\n"
    "                       h over N Monte Carlo iterations\n"
    "  --sobol N            Sobol first-order and total indices of the top\n"
    "                       inputs from N Saltelli rows (N (K + 2) solves)\n"
    "  --inputs K           top inputs for --spearman and --sobol (default 10)\n"
    AN_MC_HELP
    AN_OUTPUT_HELP
    "  --threads N          threads, 1..4096 (default: all cores)\n"
    "\n"
    "exit codes: 0 done, 2 usage, 3 bad input (file, unknown or ambiguous\n"
    "name, a model without uncertainty records), 4 singular system, 5\n"
    "output not written.\n";

enum { OPT_TOP = 1300, OPT_SPEARMAN, OPT_SOBOL, OPT_INPUTS };

static const struct option long_opts[] = {
    AN_COMMON_LONG_OPTS,
    {"top", required_argument, NULL, OPT_TOP},
    {"spearman", required_argument, NULL, OPT_SPEARMAN},
    {"sobol", required_argument, NULL, OPT_SOBOL},
    {"inputs", required_argument, NULL, OPT_INPUTS},
    AN_MC_LONG_OPTS,
    {NULL, 0, NULL, 0},
};

typedef struct sopts {
    an_opts o;
    int64_t top, spearman, sobol, inputs;
    an_mc mc;
} sopts;

static int parse_one(const cli_env *env, int ch, void *arg) {
    sopts *s = arg;
    switch (ch) {
    case OPT_TOP: return an_parse_int(env, "top", optarg, 0, &s->top);
    case OPT_SPEARMAN: return an_parse_int(env, "spearman", optarg, 3, &s->spearman);
    case OPT_SOBOL: return an_parse_int(env, "sobol", optarg, 2, &s->sobol);
    case OPT_INPUTS: return an_parse_int(env, "inputs", optarg, 1, &s->inputs);
    }
    return CLI_OPT_UNKNOWN;
}

static int parse(const cli_env *env, int argc, char **argv, sopts *s) {
    int rc = an_getopt(env, argc, argv, long_opts, help, &s->o, &s->mc,
                       parse_one, s);
    if (rc >= 0) return rc;
    return an_parse_finish(env, argc, argv, optind, &s->o);
}

typedef struct job {
    lca_screen *sc;
    lca_input *in;
    int64_t k;
    double *rho, *S1, *ST, *se1, *seT;
    lca_table *t[4];
    int nt;
} job;

static void job_free(job *j) {
    lca_screen_destroy(&j->sc);
    free(j->in);
    free(j->rho);
    free(j->S1);
    for (int q = 0; q < 4; q++) lca_table_destroy(&j->t[q]);
}

// Spearman and Sobol on the top k screened inputs.
static lca_status global(const sopts *s, const an_run *r, job *j) {
    lca_mc_options mo;
    an_mc_options(&s->mc, &s->o, r, &mo);
    size_t k = (size_t)j->k + 1;
    lca_status st = LCA_OK;
    if (s->spearman > 0) {
        j->rho = malloc(sizeof *j->rho * k);
        if (j->rho == NULL) return LCA_ERR_NOMEM;
        st = lca_spearman_run(r->M, &mo, s->spearman, j->k, j->in, j->rho, NULL);
        if (st == LCA_OK) {
            st = lca_gsa_table(r->M, "spearman", j->k, j->in, j->rho, NULL,
                               NULL, NULL, NULL, &j->t[j->nt++]);
        }
    }
    if (st == LCA_OK && s->sobol > 0) {
        j->S1 = malloc(sizeof *j->S1 * 4 * k);
        if (j->S1 == NULL) return LCA_ERR_NOMEM;
        j->ST = j->S1 + k;
        j->se1 = j->S1 + 2 * k;
        j->seT = j->S1 + 3 * k;
        st = lca_sobol_lca(r->M, &mo, s->sobol, j->k, j->in, j->S1, j->ST,
                           j->se1, j->seT, NULL);
        if (st == LCA_OK) {
            st = lca_gsa_table(r->M, "sobol", j->k, j->in, NULL, j->S1, j->ST,
                               j->se1, j->seT, &j->t[j->nt++]);
        }
    }
    return st;
}

static lca_status compute(const sopts *s, an_run *r, job *j) {
    lca_screen_options so;
    lca_screen_options_default(&so);
    so.pedigree_fill = s->mc.fill;
    so.lognormal_mean_preserving = s->mc.mean_preserving;
    lca_status st = lca_screen_create(r->c, r->ind[0], r->f, &so, &j->sc);
    if (st == LCA_OK) st = lca_screen_table(j->sc, r->M, s->top, &j->t[j->nt++]);
    if (st == LCA_OK) {
        st = lca_screen_summary_table(j->sc, r->M, r->ind[0], &j->t[j->nt++]);
    }
    if (st != LCA_OK || (s->spearman == 0 && s->sobol == 0)) return st;
    j->in = malloc(sizeof *j->in * (size_t)(s->inputs + 1));
    if (j->in == NULL) return LCA_ERR_NOMEM;
    st = lca_screen_rank(j->sc, s->inputs, j->in, &j->k);
    if (st == LCA_OK && j->k == 0) return st;
    return st == LCA_OK ? global(s, r, j) : st;
}

static void print_inputs(const lca_table *t, const char *title,
                         const an_col *num, int nnum) {
    an_col cols[12];
    int nc = 0;
    for (int q = 0; q < nnum; q++) cols[nc++] = num[q];
    cols[nc++] = (an_col){"matrix", "in", AN_TEXT};
    cols[nc++] = (an_col){"row_name", "row (input, flow or indicator)", AN_TEXT};
    cols[nc++] = (an_col){"column_name", "column (process or flow)", AN_TEXT};
    printf("%s\n", title);
    an_print(stdout, t, cols, nc, 0, -1, NULL);
    printf("\n");
}

static void print_all(const sopts *s, const an_run *r, const job *j) {
    double h = lca_screen_score(j->sc), V = lca_screen_variance(j->sc);
    char extra[200];
    snprintf(extra, sizeof extra, "; first-order sd %.4g (%.1f %%) from %lld "
             "uncertain inputs\n", sqrt(V), h != 0.0 ? 100.0 * sqrt(V) / fabs(h)
             : 0.0, (long long)lca_screen_nuncertain(j->sc));
    an_print_heading(r, 0, h, extra);
    const an_col scr[] = {
        {"rank", "rank", AN_RANK}, {"share", "var. share", AN_PCT},
        {"elasticity", "elasticity", AN_NUM}, {"distribution", "dist.", AN_TEXT},
    };
    print_inputs(j->t[0], "Screening (first-order variance contributions):",
                 scr, 4);
    for (int q = 2; q < j->nt; q++) {
        int sob = strcmp(lca_table_name(j->t[q]), "sobol") == 0;
        const an_col sp[] = {{"input", "input", AN_INT},
                             {"spearman_rho", "rho", AN_NUM}};
        const an_col so[] = {{"input", "input", AN_INT},
                             {"first_order", "S1", AN_NUM},
                             {"total", "ST", AN_NUM},
                             {"total_se", "+-", AN_NUM}};
        char title[160];
        snprintf(title, sizeof title, sob ? "Sobol indices (%lld rows):"
                 : "Spearman rank correlations (%lld iterations):",
                 (long long)(sob ? s->sobol : s->spearman));
        print_inputs(j->t[q], title, sob ? so : sp, sob ? 4 : 2);
    }
}

int cli_sensitivity(const cli_env *env, int argc, char **argv) {
    sopts s;
    memset(&s, 0, sizeof s);
    an_opts_default(&s.o);
    s.top = 20;
    s.inputs = 10;
    s.mc.seed = 1;
    int rc = parse(env, argc, argv, &s);
    if (rc >= 0) return rc;
    an_run r;
    job j;
    memset(&j, 0, sizeof j);
    rc = an_run_start(env, &s.o, 1, &r);
    if (rc < 0) {
        lca_status st = compute(&s, &r, &j);
        if (st != LCA_OK) rc = cli_fail_in(env, r.ctx, st, s.o.model_path);
    }
    if (rc < 0) {
        print_all(&s, &r, &j);
        rc = an_write(env, &s.o, &r, "sensitivity", j.nt,
                      (const lca_table *const *)j.t);
    }
    job_free(&j);
    an_run_end(&r);
    return rc < 0 ? CLI_EXIT_OK : rc;
}
