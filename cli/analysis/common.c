// cli/analysis/common.c: options, model and output shared by the analysis commands
// SPDX-License-Identifier: MIT

#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analysis.h"

void an_opts_default(an_opts *o) {
    memset(o, 0, sizeof *o);
    o->amount = 1.0;
    o->kind = LCA_SOLVER_AUTO;
}

int an_parse_int(const cli_env *env, const char *opt, const char *s,
                 int64_t min, int64_t *x) {
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (end == s || *end != '\0' || v < min || errno == ERANGE) {
        return cli_usage_error(env, "--%s needs a whole number >= %lld, not "
                               "'%s'", opt, (long long)min, s);
    }
    *x = v;
    return -1;
}

int an_parse_share(const cli_env *env, const char *opt, const char *s,
                   double *x) {
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end != '\0' || !(v > 0.0 && v < 1.0)) {
        return cli_usage_error(env, "--%s must be a share between 0 and 1 "
                               "(exclusive), not '%s'", opt, s);
    }
    *x = v;
    return -1;
}

static int parse_solver(const cli_env *env, const char *s, an_opts *o) {
    if (strcmp(s, "auto") == 0) o->kind = LCA_SOLVER_AUTO;
    else if (strcmp(s, "sparse") == 0) o->kind = LCA_SOLVER_SPARSE;
    else if (strcmp(s, "dense") == 0) o->kind = LCA_SOLVER_DENSE;
    else return cli_usage_error(env, "--solver must be auto, sparse or "
                                "dense, not '%s'", s);
    return -1;
}

int an_parse_common(const cli_env *env, int c, void *opts) {
    an_opts *o = opts;
    const char *arg = optarg;
    char *end;
    switch (c) {
    case 'o': o->out_path = arg; return -1;
    case AN_OPT_PRODUCT: o->product = arg; return -1;
    case AN_OPT_DEMAND: o->demand = arg; return -1;
    case AN_OPT_CSV: o->csv_dir = arg; return -1;
    case AN_OPT_SOLVER: return parse_solver(env, arg, o);
    case AN_OPT_AMOUNT:
        o->amount = strtod(arg, &end);
        if (end == arg || *end != '\0' || !isfinite(o->amount) ||
            o->amount == 0.0) {
            return cli_usage_error(env, "--amount needs a nonzero number, not "
                                   "'%s'", arg);
        }
        return -1;
    case AN_OPT_INDICATOR:
        if (o->nindicators >= AN_MAX_IND) {
            return cli_usage_error(env, "more than %d --indicator options",
                                   AN_MAX_IND);
        }
        o->indicators[o->nindicators++] = arg;
        return -1;
    case AN_OPT_THREADS:
        return cli_parse_threads(env, arg, &o->threads);
    }
    return CLI_OPT_UNKNOWN;
}

int an_parse_mc(const cli_env *env, int c, void *arg) {
    an_mc *mc = arg;
    switch (c) {
    case AN_OPT_SEED: return an_parse_int(env, "seed", optarg, 0, &mc->seed);
    case AN_OPT_FILL: mc->fill = 1; return -1;
    case AN_OPT_MEAN: mc->mean_preserving = 1; return -1;
    default: return CLI_OPT_UNKNOWN;
    }
}

void an_mc_options(const an_mc *mc, const an_opts *o, const an_run *r,
                   lca_mc_options *mo) {
    lca_mc_options_default(mo);
    mo->seed = (uint64_t)mc->seed;
    mo->pedigree_fill = mc->fill;
    mo->lognormal_mean_preserving = mc->mean_preserving;
    mo->solver.kind = o->kind;
    mo->nd = 1;
    mo->demands = &r->demand;
    mo->nind = 1;
    mo->ind = &r->ind[0];
}

int an_getopt(const cli_env *env, int argc, char **argv,
              const struct option *longopts, const char *help, an_opts *o,
              an_mc *mc, cli_option_fn fn, void *arg) {
    cli_opt_handler h[3] = {{an_parse_common, o}, {fn, arg}, {NULL, NULL}};
    int nh = 2;
    if (mc != NULL) h[nh++] = (cli_opt_handler){an_parse_mc, mc};
    return cli_getopt_chain(env, argc, argv, "o:h", longopts, help, h, nh);
}

int an_parse_finish(const cli_env *env, int argc, char **argv, int optind_,
                    an_opts *o) {
    if (optind_ != argc - 1) {
        return cli_usage_error(env, "expected one model file, got %d "
                               "arguments", argc - optind_);
    }
    o->model_path = argv[optind_];
    if ((o->product == NULL) == (o->demand == NULL)) {
        return cli_usage_error(env, "give one of --product NAME or --demand "
                               "NAME");
    }
    const char *outs[] = {o->out_path};
    return cli_check_outputs(env, argc, argv, outs, 1);
}

// The demand: a unit (or --amount) demand of the product, or a named one.
static lca_status resolve_demand(const an_opts *o, an_run *r) {
    lca_model *M = r->M;
    if (o->demand != NULL) {
        lca_status st = lca_model_lookup(M, LCA_DEMANDS, o->demand, &r->demand);
        snprintf(r->label, sizeof r->label, "demand '%s'", o->demand);
        return st;
    }
    int64_t j;
    lca_status st = lca_model_lookup(M, LCA_PRODUCTS, o->product, &j);
    if (st != LCA_OK) return st;
    const char *id = lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_ID, j);
    const char *name = lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_NAME, j);
    const char *unit = lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_UNIT, j);
    snprintf(r->label, sizeof r->label, "%g %s of %s [%s]", o->amount,
             unit[0] ? unit : "unit", name[0] ? name : id, id);
    char dname[700];
    snprintf(dname, sizeof dname, "analysis: %s", r->label);
    st = lca_model_add_demand(M, dname, 1, &j, &o->amount);
    r->demand = lca_model_dim(M, LCA_DEMANDS) - 1;
    return st;
}

static lca_status resolve(const an_opts *o, int max_ind, an_run *r) {
    lca_status st = resolve_demand(o, r);
    r->nind = o->nindicators > 0 ? o->nindicators : 1;
    if (r->nind > max_ind) r->nind = max_ind;
    for (int64_t i = 0; st == LCA_OK && i < o->nindicators && i < max_ind; i++) {
        st = lca_model_lookup(r->M, LCA_INDICATORS, o->indicators[i], &r->ind[i]);
    }
    if (st == LCA_OK && o->nindicators == 0) r->ind[0] = 0;
    if (st == LCA_OK && lca_model_dim(r->M, LCA_INDICATORS) == 0) {
        snprintf(r->msg, sizeof r->msg, "the model has no indicators");
        st = LCA_ERR_INVALID;
    }
    int64_t n = lca_model_dim(r->M, LCA_PRODUCTS);
    r->f = st == LCA_OK ? malloc(sizeof *r->f * (size_t)n + 1) : NULL;
    if (st == LCA_OK && r->f == NULL) return LCA_ERR_NOMEM;
    if (st == LCA_OK) lca_model_demand_dense(r->M, r->demand, r->f);
    return st;
}

int an_run_start(const cli_env *env, const an_opts *o, int max_ind,
                 an_run *r) {
    memset(r, 0, sizeof *r);
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(r->started, sizeof r->started, "%Y-%m-%dT%H:%M:%SZ", &tm);
    if (lca_ctx_create(&r->ctx) != LCA_OK) {
        return cli_fail(env, NULL, LCA_ERR_NOMEM, 0);
    }
    if (o->threads > 0) lca_ctx_set_nthreads(r->ctx, (int)o->threads);
    if (o->nindicators > max_ind) {
        return cli_usage_error(env, "this command takes at most %d "
                               "--indicator", max_ind);
    }
    lca_status st = lca_model_read(r->ctx, o->model_path, &r->M);
    if (st == LCA_OK) st = lca_file_sha256(r->ctx, o->model_path, r->sha256);
    if (st == LCA_OK) st = resolve(o, max_ind, r);
    if (st != LCA_OK && r->msg[0] != '\0') {
        fprintf(stderr, "leontief %s: error: %s: %s\n", env->cmd,
                o->model_path, r->msg);
        return CLI_EXIT_INPUT;
    }
    if (st != LCA_OK) return cli_fail_in(env, r->ctx, st, o->model_path);
    lca_solver_options so;
    lca_solver_options_default(&so);
    so.kind = o->kind;
    st = lca_calc_create(r->M, &so, &r->c);
    if (st < 0) return cli_fail_in(env, r->ctx, st, o->model_path);
    cli_warn(env, r->ctx, st);
    return -1;
}

void an_run_end(an_run *r) {
    free(r->f);
    lca_calc_destroy(&r->c);
    lca_model_destroy(&r->M);
    lca_ctx_destroy(&r->ctx);
}

void an_print_heading(const an_run *r, int64_t i, double h, const char *extra) {
    int64_t k = r->ind[i];
    const char *id = lca_model_label(r->M, LCA_INDICATORS, LCA_LABEL_ID, k);
    const char *name = lca_model_label(r->M, LCA_INDICATORS, LCA_LABEL_NAME, k);
    int named = name[0] != '\0' && strcmp(name, id) != 0;
    printf("%s, %s%s%s%s: %.6g %s%s\n", r->label, id, named ? " (" : "",
           named ? name : "", named ? ")" : "", h,
           lca_model_label(r->M, LCA_INDICATORS, LCA_LABEL_UNIT, k), extra);
}

int an_write(const cli_env *env, const an_opts *o, an_run *r,
             const char *analysis, int64_t nt, const lca_table *const *t) {
    if (o->out_path == NULL && o->csv_dir == NULL) return -1;
    lca_tables_info info = {analysis, env->command_line, o->model_path,
                            r->sha256, r->started};
    lca_status st = lca_tables_write(r->ctx, nt, t, &info, o->out_path,
                                     o->csv_dir);
    if (st != LCA_OK) return cli_fail(env, r->ctx, st, 1);
    if (o->out_path != NULL) printf("written: %s\n", o->out_path);
    if (o->csv_dir != NULL) printf("written: %s/*.csv\n", o->csv_dir);
    return -1;
}
