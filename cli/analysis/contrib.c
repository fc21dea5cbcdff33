// cli/analysis/contrib.c: `leontief contrib`
// SPDX-License-Identifier: MIT
//
// The splits of one footprint (include/lca/contrib.h), the rows chosen by
// --top/--min-share/--cum-share with a rest row, and with --mc the
// distribution of every row shown from one Monte Carlo run.

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"

static const char help[] =
    "usage: leontief contrib MODEL.h5 (--product NAME | --demand NAME) "
    "[options]\n"
    "\n"
    "Where a footprint h = lambda' f comes from, split several ways (each\n"
    "split sums to h; from one factorization, no solve per row):\n"
    "  process   D_j s_j, emitted where product j is made\n"
    "  product   lambda_j f_j, the final demand for j with its upstream\n"
    "  flow      c_k g_k, each elementary flow (gas)\n"
    "  supplier  the first-tier inputs i of the demanded processes,\n"
    "            (f_j/p_j)(-t_ij) lambda_i, and their own direct part\n"
    "  group     the process split summed over a product -> group map\n"
    "            (life-cycle stages, categories: --groups)\n"
    "\n"
    AN_PRODUCT_HELP
    "  --indicator NAME     the indicator (default the first)\n"
    "  --by KINDS           comma-separated kinds (default process,flow,\n"
    "                       supplier, and group with --groups)\n"
    "  --groups FILE.csv    product -> group map (columns product, group)\n"
    "  --top N              rows per split (default 10; 0: no limit)\n"
    "  --min-share X        only rows holding at least this share of h\n"
    "  --cum-share X        only the rows making up this share of the\n"
    "                       total |contribution| (0.8: the 80 % set)\n"
    "  --mc N               also each row's distribution (mean, 2.5 and\n"
    "                       97.5 % quantiles of value and share) from N\n"
    "                       Monte Carlo iterations, paired with the total\n"
    AN_MC_HELP
    AN_OUTPUT_HELP
    "  --threads N          threads, 1..4096 (default: all cores)\n"
    "\n"
    "exit codes: 0 done, 2 usage, 3 bad input (file, unknown or ambiguous\n"
    "name, a group map naming unknown products), 4 singular system, 5\n"
    "output not written.\n";

enum { OPT_BY = 1200, OPT_GROUPS, OPT_TOP, OPT_MIN, OPT_CUM, OPT_MC };

static const struct option long_opts[] = {
    AN_COMMON_LONG_OPTS,
    {"by", required_argument, NULL, OPT_BY},
    {"groups", required_argument, NULL, OPT_GROUPS},
    {"top", required_argument, NULL, OPT_TOP},
    {"min-share", required_argument, NULL, OPT_MIN},
    {"cum-share", required_argument, NULL, OPT_CUM},
    {"mc", required_argument, NULL, OPT_MC},
    AN_MC_LONG_OPTS,
    {NULL, 0, NULL, 0},
};

typedef struct copts {
    an_opts o;
    int kinds[5], nkinds;
    const char *groups;
    lca_contrib_cut cut;
    int64_t mc;  // --mc N
    an_mc mco;
} copts;

static int parse_kinds(const cli_env *env, const char *s, copts *c) {
    char buf[128];
    snprintf(buf, sizeof buf, "%s", s);
    c->nkinds = 0;
    for (char *tok = strtok(buf, ","); tok != NULL; tok = strtok(NULL, ",")) {
        int k = -1;
        for (int q = 0; q <= LCA_CONTRIB_GROUP; q++) {
            if (strcmp(tok, lca_contrib_kind_str((lca_contrib_kind)q)) == 0) k = q;
        }
        if (k < 0) {
            return cli_usage_error(env, "--by takes process, product, flow, "
                                   "supplier and group, not '%s'", tok);
        }
        int seen = 0;
        for (int q = 0; q < c->nkinds; q++) seen |= c->kinds[q] == k;
        if (!seen) c->kinds[c->nkinds++] = k;
    }
    return -1;
}

static int parse_one(const cli_env *env, int ch, void *arg) {
    copts *c = arg;
    switch (ch) {
    case OPT_BY: return parse_kinds(env, optarg, c);
    case OPT_GROUPS: c->groups = optarg; return -1;
    case OPT_TOP: return an_parse_int(env, "top", optarg, 0, &c->cut.top);
    case OPT_MIN: return an_parse_share(env, "min-share", optarg, &c->cut.min_share);
    case OPT_CUM: return an_parse_share(env, "cum-share", optarg, &c->cut.cum_share);
    case OPT_MC: return an_parse_int(env, "mc", optarg, 2, &c->mc);
    }
    return CLI_OPT_UNKNOWN;
}

static int parse(const cli_env *env, int argc, char **argv, copts *c) {
    int rc = an_getopt(env, argc, argv, long_opts, help, &c->o, &c->mco,
                       parse_one, c);
    if (rc >= 0) return rc;
    if (c->nkinds == 0) {
        int def[] = {LCA_CONTRIB_PROCESS, LCA_CONTRIB_FLOW, LCA_CONTRIB_SUPPLIER,
                     LCA_CONTRIB_GROUP};
        c->nkinds = c->groups != NULL ? 4 : 3;
        memcpy(c->kinds, def, sizeof def);
    }
    for (int q = 0; q < c->nkinds; q++) {
        if (c->kinds[q] == LCA_CONTRIB_GROUP && c->groups == NULL) {
            return cli_usage_error(env, "--by group needs --groups FILE.csv");
        }
    }
    return an_parse_finish(env, argc, argv, optind, &c->o);
}

// Everything one run holds, freed by job_free.
typedef struct job {
    lca_contrib *cb;
    lca_group_map *gm;
    double *gsum;
    int64_t *idx[5];
    lca_contrib_rows rows[5];
    lca_contrib_item *items;
    lca_contrib_summary *sum;
    lca_table *t[5];
} job;

static void job_free(job *j) {
    lca_contrib_destroy(&j->cb);
    lca_group_map_destroy(&j->gm);
    free(j->gsum);
    for (int q = 0; q < 5; q++) {
        free(j->idx[q]);
        lca_table_destroy(&j->t[q]);
    }
    free(j->items);
    free(j->sum);
}

// The rows of kind q: the cut of its split (the own part first for
// suppliers).
static lca_status choose_rows(const copts *c, const an_run *r, job *j, int q) {
    lca_contrib_kind kind = (lca_contrib_kind)c->kinds[q];
    int64_t n = lca_model_dim(r->M, kind == LCA_CONTRIB_FLOW ? LCA_FLOWS
                                                             : LCA_PRODUCTS);
    int64_t ng = j->gm != NULL ? lca_group_map_ngroups(j->gm) : 0;
    const double *v = lca_contrib_values(j->cb, kind);
    if (kind == LCA_CONTRIB_GROUP) {
        v = j->gsum;
        n = ng + 1;
    }
    int own = kind == LCA_CONTRIB_SUPPLIER;
    j->idx[q] = malloc(sizeof *j->idx[q] * (size_t)(n + 2));
    if (j->idx[q] == NULL) return LCA_ERR_NOMEM;
    int64_t count;
    double rest;
    if (own) j->idx[q][0] = -1;
    lca_status st = lca_contrib_select(r->ctx, n, v, lca_contrib_total(j->cb),
                                       &c->cut, j->idx[q] + own, &count, &rest);
    j->rows[q] = (lca_contrib_rows){kind, count + own, j->idx[q], j->gsum,
                                    j->gm ? lca_group_map_names(j->gm) : NULL,
                                    ng, NULL};
    return st;
}

// One Monte Carlo run for every row shown; summaries into each kind's rows.
static lca_status monte_carlo(const copts *c, const an_run *r, job *j) {
    int64_t ni = 0;
    for (int q = 0; q < c->nkinds; q++) ni += j->rows[q].n;
    j->items = malloc(sizeof *j->items * (size_t)(ni + 1));
    j->sum = malloc(sizeof *j->sum * (size_t)(ni + 1));
    if (j->items == NULL || j->sum == NULL) return LCA_ERR_NOMEM;
    for (int q = 0, t = 0; q < c->nkinds; q++) {
        for (int64_t i = 0; i < j->rows[q].n; i++, t++) {
            j->items[t] = (lca_contrib_item){j->rows[q].kind, j->rows[q].idx[i]};
        }
    }
    lca_mc_options mo;
    an_mc_options(&c->mco, &c->o, r, &mo);
    lca_status st = lca_contrib_mc(r->M, &mo, c->mc, ni, j->items,
                                   j->gm ? lca_group_map_of(j->gm) : NULL,
                                   j->gm ? lca_group_map_ngroups(j->gm) : 0,
                                   j->sum, NULL);
    for (int q = 0, t = 0; st == LCA_OK && q < c->nkinds; q++) {
        j->rows[q].mc = j->sum + t;
        t += (int)j->rows[q].n;
    }
    return st;
}

static void print_kind(const copts *c, const an_run *r, const lca_table *t,
                       lca_contrib_kind kind) {
    static const char *what[] = {
        "processes (emitted where each product is made)",
        "products (final demand, upstream included)",
        "elementary flows", "first-tier suppliers", "groups",
    };
    const char *unit = lca_model_label(r->M, LCA_INDICATORS, LCA_LABEL_UNIT,
                                       r->ind[0]);
    char val[160];
    snprintf(val, sizeof val, "value [%s]", unit);
    an_col cols[8] = {
        {"rank", "rank", AN_RANK}, {"value", val, AN_NUM},
        {"share", "share", AN_PCT}, {"cumulative_share", "cumul.", AN_PCT},
    };
    int nc = 4;
    if (c->mc > 0) {
        cols[nc++] = (an_col){"mc_p2_5", "p2.5", AN_NUM};
        cols[nc++] = (an_col){"mc_p97_5", "p97.5", AN_NUM};
    }
    cols[nc++] = (an_col){"id", "id", AN_TEXT};
    cols[nc++] = (an_col){"name", kind == LCA_CONTRIB_FLOW ? "flow" : "name",
                          AN_TEXT};
    if (kind == LCA_CONTRIB_GROUP) nc--;  // a group has its name as id
    printf("By %s:\n", what[kind]);
    an_print(stdout, t, cols, nc, 0, -1, NULL);
    printf("\n");
}

static lca_status compute(const copts *c, an_run *r, job *j) {
    lca_status st = lca_contrib_create(r->c, r->demand, r->ind[0], &j->cb);
    if (st == LCA_OK && c->groups != NULL) {
        int64_t ng = lca_group_map_ngroups(j->gm);
        j->gsum = malloc(sizeof *j->gsum * (size_t)(ng + 1));
        if (j->gsum == NULL) return LCA_ERR_NOMEM;
        st = lca_contrib_group(r->ctx, lca_model_dim(r->M, LCA_PRODUCTS),
                               lca_contrib_values(j->cb, LCA_CONTRIB_PROCESS),
                               lca_group_map_of(j->gm), ng, j->gsum);
    }
    for (int q = 0; st == LCA_OK && q < c->nkinds; q++) st = choose_rows(c, r, j, q);
    if (st == LCA_OK && c->mc > 0) st = monte_carlo(c, r, j);
    for (int q = 0; st == LCA_OK && q < c->nkinds; q++) {
        st = lca_contrib_table(j->cb, r->M, r->ind[0], &j->rows[q], &j->t[q]);
    }
    return st;
}

int cli_contrib(const cli_env *env, int argc, char **argv) {
    copts c;
    memset(&c, 0, sizeof c);
    an_opts_default(&c.o);
    c.cut.top = 10;
    c.mco.seed = 1;
    int rc = parse(env, argc, argv, &c);
    if (rc >= 0) return rc;
    an_run r;
    job j;
    memset(&j, 0, sizeof j);
    rc = an_run_start(env, &c.o, 1, &r);
    if (rc < 0 && c.groups != NULL) {
        lca_status st = lca_group_map_read(r.M, c.groups, &j.gm);
        if (st != LCA_OK) rc = cli_fail_in(env, r.ctx, st, c.groups);
    }
    if (rc < 0) {
        lca_status st = compute(&c, &r, &j);
        if (st != LCA_OK) rc = cli_fail_in(env, r.ctx, st, c.o.model_path);
    }
    if (rc < 0) {
        an_print_heading(&r, 0, lca_contrib_total(j.cb), "\n");
        for (int q = 0; q < c.nkinds; q++) {
            print_kind(&c, &r, j.t[q], (lca_contrib_kind)c.kinds[q]);
        }
        rc = an_write(env, &c.o, &r, "contrib", c.nkinds,
                      (const lca_table *const *)j.t);
    }
    job_free(&j);
    an_run_end(&r);
    return rc < 0 ? CLI_EXIT_OK : rc;
}
