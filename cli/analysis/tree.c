// cli/analysis/tree.c: `leontief tree` and `leontief paths`
// SPDX-License-Identifier: MIT
//
// Both run the same best-first traversal (lca_spa, include/lca/spa.h) and
// show its two views: the supply-chain tree, or the largest paths.

#include <getopt.h>
#include <math.h>
#include <string.h>

#include "analysis.h"

// The help's last lines, the same for tree and paths.
#define TAIL_HELP \
    AN_OUTPUT_HELP \
    "  --threads N          threads for the solves, 1..4096 (default: all\n" \
    "                       cores)\n" \
    "\n" \
    "exit codes: 0 done, 2 usage, 3 bad input (file, unknown or ambiguous\n" \
    "name), 4 singular system, 5 output not written.\n"

static const char tree_help[] =
    "usage: leontief tree MODEL.h5 (--product NAME | --demand NAME) [options]\n"
    "\n"
    "The supply-chain tree of a product: its inputs, their inputs and so on,\n"
    "each node with its cumulative footprint lambda_i x amount (a lookup in\n"
    "the factors of all products, one transposed solve per indicator) and\n"
    "its direct part, visited largest first. Nodes below the cutoff are\n"
    "not shown; what they hold is counted as the residual, so the shown\n"
    "direct values plus the residual equal the footprint.\n"
    "\n"
    AN_PRODUCT_HELP
    "  --indicator NAME     indicator (repeatable; default the first; the\n"
    "                       tree is printed for the first)\n"
    "  --cutoff X           share of the footprint a node must hold to be\n"
    "                       shown, 0 < X < 1 (default 0.01)\n"
    "  --max-depth D        deepest stage shown, the product being stage 0\n"
    "                       (default 8)\n"
    "  --max-nodes N        nodes kept at most (default 1000000)\n"
    TAIL_HELP;

static const char paths_help[] =
    "usage: leontief paths MODEL.h5 (--product NAME | --demand NAME) "
    "[options]\n"
    "\n"
    "Structural path analysis: the largest supply-chain paths of a product,\n"
    "each the direct value of the last process of a chain product <- input\n"
    "<- input ..., found best-first with each node's cumulative footprint\n"
    "as the bound (exact when the bound is: the output says so). Paths plus\n"
    "the residual equal the footprint.\n"
    "\n"
    "  --product NAME, --amount X, --demand NAME   as 'leontief tree'\n"
    "  --indicator NAME     indicator (repeatable: several at once; default\n"
    "                       the first)\n"
    "  --top K              paths per indicator (default 10)\n"
    "  --max-stage L        longest path, in stages (default 8)\n"
    "  --cutoff X           share a node must hold to be searched, 0 < X < 1\n"
    "                       (default 1e-4)\n"
    "  --max-nodes N        nodes kept at most (default 1000000)\n"
    TAIL_HELP;

enum { OPT_CUTOFF = 1100, OPT_DEPTH, OPT_NODES, OPT_TOP };

static const struct option long_opts[] = {
    AN_COMMON_LONG_OPTS,
    {"cutoff", required_argument, NULL, OPT_CUTOFF},
    {"max-depth", required_argument, NULL, OPT_DEPTH},
    {"max-stage", required_argument, NULL, OPT_DEPTH},
    {"max-nodes", required_argument, NULL, OPT_NODES},
    {"top", required_argument, NULL, OPT_TOP},
    {NULL, 0, NULL, 0},
};

typedef struct spa_cli {
    int paths;  // 'paths', else 'tree'
    lca_spa_options *so;
} spa_cli;

// One option of tree or paths into arg (a spa_cli).
static int option(const cli_env *env, int c, void *arg) {
    const spa_cli *t = arg;
    lca_spa_options *so = t->so;
    switch (c) {
    case OPT_CUTOFF: return an_parse_share(env, "cutoff", optarg, &so->cutoff);
    case OPT_DEPTH:
        return an_parse_int(env, t->paths ? "max-stage" : "max-depth", optarg,
                            0, &so->max_depth);
    case OPT_NODES:
        return an_parse_int(env, "max-nodes", optarg, 1, &so->max_nodes);
    case OPT_TOP:
        return t->paths ? an_parse_int(env, "top", optarg, 1, &so->top)
                        : cli_usage_error(env, "--top is an option of 'paths'");
    default: return CLI_OPT_UNKNOWN;
    }
}

static int parse(const cli_env *env, int argc, char **argv, int paths,
                 an_opts *o, lca_spa_options *so) {
    spa_cli t = {paths, so};
    int rc = an_getopt(env, argc, argv, long_opts,
                       paths ? paths_help : tree_help, o, NULL, option, &t);
    return rc >= 0 ? rc : an_parse_finish(env, argc, argv, optind, o);
}

static void heading(const an_run *r, const lca_spa *s, int64_t i) {
    an_print_heading(r, i, lca_spa_total(s)[i], "");
}

static void footer(const lca_spa *s, int64_t i) {
    lca_spa_summary sum = lca_spa_get_summary(s);
    double h = lca_spa_total(s)[i];
    printf("  %lld nodes visited (%lld expanded, %lld below the cutoff%s); "
           "their direct values cover %.1f %% of the total, the residual "
           "below them %.1f %% (closure %.1e)%s\n\n", (long long)sum.nodes, (long long)sum.expanded,
           (long long)sum.pruned, sum.budget_reached ? ", node budget reached" : "",
           100.0 * lca_spa_enumerated(s)[i] / h,
           100.0 * lca_spa_residual(s)[i] / h, sum.closure,
           sum.bound_exact ? "" : "; no exact bound (mixed signs): a large path "
           "may hide below a small node");
}

static void print_tree(const an_run *r, const lca_spa *s, const lca_table *t) {
    char cum[160];
    const char *unit = lca_model_label(r->M, LCA_INDICATORS, LCA_LABEL_UNIT,
                                       r->ind[0]);
    snprintf(cum, sizeof cum, "cumulative [%s]", unit);
    const an_col cols[] = {
        {"cumulative", cum, AN_NUM}, {"share", "share", AN_PCT},
        {"direct", "direct", AN_NUM}, {"amount", "amount", AN_NUM},
        {"amount_unit", "unit", AN_TEXT}, {"product_name", "product", AN_TEXT},
    };
    heading(r, s, 0);
    an_print(stdout, t, cols, 6, 0, lca_spa_get_summary(s).nodes, "stage");
    footer(s, 0);
}

static void print_paths(const an_run *r, const lca_spa *s, const lca_table *t) {
    const char *const *ind = lca_table_col_text(t, lca_table_col_find(t, "indicator"));
    int64_t first = 0, n = lca_table_nrows(t);
    for (int64_t i = 0; i < r->nind; i++) {
        const char *id = lca_model_label(r->M, LCA_INDICATORS, LCA_LABEL_ID,
                                         r->ind[i]);
        int64_t count = 0;
        while (first + count < n && strcmp(ind[first + count], id) == 0) count++;
        char val[160];
        snprintf(val, sizeof val, "path value [%s]",
                 lca_model_label(r->M, LCA_INDICATORS, LCA_LABEL_UNIT, r->ind[i]));
        const an_col cols[] = {
            {"rank", "rank", AN_RANK}, {"value", val, AN_NUM},
            {"share", "share", AN_PCT}, {"stage", "stage", AN_INT},
            {"path_names", "path (product <- its input <- ...)", AN_TEXT},
        };
        heading(r, s, i);
        an_print(stdout, t, cols, 5, first, count, NULL);
        footer(s, i);
        first += count;
    }
}

static int run(const cli_env *env, int argc, char **argv, int paths) {
    an_opts o;
    an_opts_default(&o);
    lca_spa_options so;
    lca_spa_options_default(&so);
    so.cutoff = paths ? 1e-4 : 0.01;
    so.top = paths ? 10 : 0;
    int rc = parse(env, argc, argv, paths, &o, &so);
    if (rc >= 0) return rc;
    an_run r;
    lca_spa *s = NULL;
    lca_table *t[2] = {NULL, NULL};
    rc = an_run_start(env, &o, paths ? AN_MAX_IND : AN_MAX_IND, &r);
    if (rc < 0) {
        lca_status st = lca_spa_create(r.c, r.nind, r.ind, r.f, &so, &s);
        if (st == LCA_OK) {
            st = paths ? lca_spa_paths_table(s, r.M, r.ind, so.top, &t[0])
                       : lca_spa_tree_table(s, r.M, r.ind, &t[0]);
        }
        if (st == LCA_OK) st = lca_spa_summary_table(s, r.M, r.ind, &t[1]);
        if (st != LCA_OK) rc = cli_fail_in(env, r.ctx, st, o.model_path);
    }
    if (rc < 0) {
        if (paths) print_paths(&r, s, t[0]); else print_tree(&r, s, t[0]);
        rc = an_write(env, &o, &r, paths ? "paths" : "tree", 2,
                      (const lca_table *const *)t);
    }
    lca_table_destroy(&t[0]);
    lca_table_destroy(&t[1]);
    lca_spa_destroy(&s);
    an_run_end(&r);
    return rc < 0 ? CLI_EXIT_OK : rc;
}

int cli_tree(const cli_env *env, int argc, char **argv) {
    return run(env, argc, argv, 0);
}

int cli_paths(const cli_env *env, int argc, char **argv) {
    return run(env, argc, argv, 1);
}
