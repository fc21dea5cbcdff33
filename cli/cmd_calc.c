// cli/cmd_calc.c: `leontief solve` and `leontief factors`
// SPDX-License-Identifier: MIT
//
// Both are the same run (one factorization, then transposed solves for
// factors and forward solves for demands) with different defaults: solve
// computes every demand unless told otherwise, factors computes every
// indicator's factors. Either can add the other's part to the same file.

#include <getopt.h>
#include <string.h>

#include "run.h"

static const char solve_help[] =
    "usage: leontief solve MODEL.h5 -o OUT.h5 [options]\n"
    "\n"
    "Supply s = A\\f, inventory g = B s and impacts h = C g for demand\n"
    "vectors of the model, from one factorization of A.\n"
    "\n"
    "  -o, --output FILE      results file (HDF5; written atomically)\n"
    "  --demand NAME          a demand vector by name (repeatable)\n"
    "  --demand-set NAME      the demands of a named set\n"
    "  --all-demands          every demand of the model (the default)\n"
    "  --indicator NAME       report these indicators first (repeatable)\n"
    "  --supply               also write the supply vectors s\n"
    "  --inventory            also write the inventories g\n"
    "  --by-product           also write each product's share of the scores:\n"
    "                         N(i,p) f_p (consumption-based) and D(i,p) s_p\n"
    "                         (production-based), d x k x n values each\n"
    "  --factors              also write upstream factors (see 'factors')\n"
    "  --flow NAME            also write cumulative flow factors M = B A^-1\n"
    "  --solver KIND          auto (default), sparse, dense or iterative\n"
    "                         (GMRES preconditioned by a sparsified LU: for\n"
    "                         systems whose LU fills in; docs/SOLVER.md)\n"
    "  --threads N            threads to use, 1..4096 (default: all cores)\n"
    "  --top N                rows in the printed tables (default 10)\n"
    "A NAME is an id, id:ID, a name, or NAME [Q] with a qualifier (compartment,\n"
    "unit or id part); a name several entries share is an error listing them.\n";

static const char factors_help[] =
    "usage: leontief factors MODEL.h5 -o OUT.h5 [options]\n"
    "\n"
    "Upstream (cradle-to-gate) factors of every product: N = C B A^-1 by\n"
    "one transposed solve per indicator, A' lambda = (C B)', and the direct\n"
    "part D = C B.\n"
    "\n"
    "  -o, --output FILE      results file (HDF5; written atomically)\n"
    "  --indicator NAME       only these indicators (repeatable; default all)\n"
    "  --flow NAME            cumulative flows per unit, M = B A^-1, for these\n"
    "                         elementary flows (repeatable; e.g. CO2, CH4)\n"
    "  --demand NAME, --demand-set NAME, --all-demands\n"
    "                         also compute these demands' results\n"
    "  --supply, --inventory  with demands: also write s and g\n"
    "  --by-product           with demands: scores by product (see 'solve')\n"
    "  --solver KIND          auto (default), sparse, dense or iterative\n"
    "                         (GMRES preconditioned by a sparsified LU: for\n"
    "                         systems whose LU fills in; docs/SOLVER.md)\n"
    "  --threads N            threads to use, 1..4096 (default: all cores)\n"
    "  --top N                rows in the printed table (default 10)\n"
    "A NAME is an id, id:ID, a name, or NAME [Q] with a qualifier (compartment,\n"
    "unit or id part); a name several entries share is an error listing them.\n";

enum {
    OPT_DEMAND = 256, OPT_DEMAND_SET, OPT_ALL_DEMANDS, OPT_INDICATOR,
    OPT_FLOW, OPT_SUPPLY, OPT_INVENTORY, OPT_FACTORS, OPT_SOLVER,
    OPT_THREADS, OPT_TOP, OPT_BY_PRODUCT,
};

static const struct option long_opts[] = {
    {"output", required_argument, NULL, 'o'},
    {"help", no_argument, NULL, 'h'},
    {"demand", required_argument, NULL, OPT_DEMAND},
    {"demand-set", required_argument, NULL, OPT_DEMAND_SET},
    {"all-demands", no_argument, NULL, OPT_ALL_DEMANDS},
    {"indicator", required_argument, NULL, OPT_INDICATOR},
    {"flow", required_argument, NULL, OPT_FLOW},
    {"supply", no_argument, NULL, OPT_SUPPLY},
    {"inventory", no_argument, NULL, OPT_INVENTORY},
    {"factors", no_argument, NULL, OPT_FACTORS},
    {"solver", required_argument, NULL, OPT_SOLVER},
    {"threads", required_argument, NULL, OPT_THREADS},
    {"top", required_argument, NULL, OPT_TOP},
    {"by-product", no_argument, NULL, OPT_BY_PRODUCT},
    {NULL, 0, NULL, 0},
};

static int add_name(const cli_env *env, const char **list, int *count,
                    const char *name, const char *what) {
    if (*count >= RUN_MAX_NAMES) {
        return cli_usage_error(env, "more than %d --%s options",
                               RUN_MAX_NAMES, what);
    }
    list[(*count)++] = name;
    return -1;
}

static int parse_solver(const cli_env *env, const char *s, run_opts *o) {
    if (strcmp(s, "auto") == 0) {
        o->kind = LCA_SOLVER_AUTO;
    } else if (strcmp(s, "sparse") == 0) {
        o->kind = LCA_SOLVER_SPARSE;
    } else if (strcmp(s, "dense") == 0) {
        o->kind = LCA_SOLVER_DENSE;
    } else if (strcmp(s, "iterative") == 0) {
        o->kind = LCA_SOLVER_ITERATIVE;
    } else {
        return cli_usage_error(env, "--solver must be auto, sparse, dense or "
                               "iterative, not '%s'", s);
    }
    return -1;
}

// One option; -1 to go on, else an exit code.
static int parse_one(const cli_env *env, int c, void *arg) {
    run_opts *o = arg;
    switch (c) {
    case 'o': o->out_path = optarg; return -1;
    case OPT_DEMAND:
        o->want_demands = 1;
        return add_name(env, o->demands, &o->ndemands, optarg, "demand");
    case OPT_DEMAND_SET: o->want_demands = 1; o->demand_set = optarg; return -1;
    case OPT_ALL_DEMANDS: o->want_demands = 1; return -1;
    case OPT_INDICATOR:
        return add_name(env, o->indicators, &o->nindicators, optarg,
                        "indicator");
    case OPT_FLOW:
        o->want_factors = 1;
        return add_name(env, o->flows, &o->nflows, optarg, "flow");
    case OPT_SUPPLY: o->write_supply = 1; return -1;
    case OPT_INVENTORY: o->write_inventory = 1; return -1;
    case OPT_BY_PRODUCT: o->by_product = 1; return -1;
    case OPT_FACTORS: o->want_factors = 1; return -1;
    case OPT_SOLVER: return parse_solver(env, optarg, o);
    case OPT_THREADS:
        return cli_parse_threads(env, optarg, &o->threads);
    case OPT_TOP:
        o->top = cli_parse_count(optarg);
        if (o->top < 0) {
            return cli_usage_error(env, "--top needs a positive number, not "
                                   "'%s'", optarg);
        }
        return -1;
    default: return CLI_OPT_UNKNOWN;
    }
}

int run_parse(const cli_env *env, int argc, char **argv, run_opts *o,
              const char *help) {
    int rc = cli_getopt(env, argc, argv, "o:h", long_opts, help, parse_one,
                        o);
    if (rc >= 0) return rc;
    if (optind != argc - 1) {
        return cli_usage_error(env, "expected one model file, got %d "
                               "arguments", argc - optind);
    }
    o->model_path = argv[optind];
    if (o->out_path == NULL) {
        return cli_usage_error(env, "missing -o OUT.h5");
    }
    const char *outs[] = {o->out_path};
    return cli_check_outputs(env, argc, argv, outs, 1);
}

static void defaults(run_opts *o) {
    memset(o, 0, sizeof *o);
    o->top = 10;
    o->kind = LCA_SOLVER_AUTO;
}

int cli_solve(const cli_env *env, int argc, char **argv) {
    run_opts o;
    defaults(&o);
    int rc = run_parse(env, argc, argv, &o, solve_help);
    if (rc >= 0) return rc;
    o.want_demands = 1;  // solve always computes demands (all by default)
    return run_calc(env, &o);
}

int cli_factors(const cli_env *env, int argc, char **argv) {
    run_opts o;
    defaults(&o);
    int rc = run_parse(env, argc, argv, &o, factors_help);
    if (rc >= 0) return rc;
    o.want_factors = 1;
    return run_calc(env, &o);
}
