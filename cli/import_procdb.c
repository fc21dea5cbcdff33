// cli/import_procdb.c: argument parsing and the report summary shared by
// the process-database formats (olca, ecospold2)
// SPDX-License-Identifier: MIT

#include <string.h>

#include "import_procdb.h"

enum { OPT_ALLOC = 300, OPT_RULES, OPT_PROVIDER, OPT_PROVIDERS };

static const struct option opts[] = {
    IMPORT_COMMON_OPTIONS,
    {"allocation", required_argument, NULL, OPT_ALLOC},
    {"rules", required_argument, NULL, OPT_RULES},
    {"provider", required_argument, NULL, OPT_PROVIDER},
    {"providers", required_argument, NULL, OPT_PROVIDERS},
    {NULL, 0, NULL, 0},
};

// --provider FLOW=PROCESS or --providers FILE into the list.
static int add_provider(const cli_env *env, lca_ctx *ctx,
                        lca_provider_list *list, int c, const char *arg) {
    lca_status st;
    if (c == OPT_PROVIDERS) {
        st = lca_provider_list_read_csv(list, arg);
        return st == LCA_OK ? -1 : cli_fail(env, ctx, st, 0);
    }
    const char *eq = strchr(arg, '=');
    if (eq == NULL || eq == arg || eq[1] == '\0') {
        return cli_usage_error(env, "--provider needs FLOW=PROCESS (ids), "
                               "not '%s'", arg);
    }
    char flow[1024], origin[1100];
    snprintf(flow, sizeof flow, "%.*s", (int)(eq - arg), arg);
    snprintf(origin, sizeof origin, "--provider %s", arg);
    st = lca_provider_list_add(list, flow, eq + 1, origin);
    return st == LCA_OK ? -1 : cli_fail(env, ctx, st, 0);
}

#define MAX_KINDS 16

// One line per report kind with its count, in order of first appearance:
// "report: 2755 unlinked input, 330 unlinked output, ...".
static void print_kinds(const lca_model *M) {
    const char *kind[MAX_KINDS];
    long long count[MAX_KINDS];
    int nkinds = 0;
    long long other = 0;
    for (int64_t i = 0; i < lca_model_nreports(M); i++) {
        const char *k = lca_model_report(M, i, LCA_REPORT_KIND);
        int j = 0;
        while (j < nkinds && strcmp(kind[j], k) != 0) j++;
        if (j == nkinds && nkinds == MAX_KINDS) {
            other++;
            continue;
        }
        if (j == nkinds) {
            kind[nkinds] = k;
            count[nkinds++] = 0;
        }
        count[j]++;
    }
    if (nkinds == 0) return;
    printf("import report (see --report):");
    for (int j = 0; j < nkinds; j++) {
        printf("%s %lld %s", j > 0 ? "," : "", count[j], kind[j]);
    }
    if (other > 0) printf(", %lld other", other);
    printf("\n");
}

// Import the zip with the allocation and provider options.
static int import_with(const cli_env *env, lca_ctx *ctx, const char *zip,
                       const char *method, const char *rules,
                       const lca_provider_list *plist, lca_model **M,
                       procdb_fn fn) {
    lca_alloc_options alloc;
    lca_alloc_options_default(&alloc);
    if (method != NULL &&
        lca_alloc_method_parse(ctx, method, &alloc.method) != LCA_OK) {
        return cli_usage_error(env, "--allocation: %s", lca_ctx_errmsg(ctx));
    }
    lca_ruleset *rs = NULL;
    lca_status st = LCA_OK;
    if (rules != NULL) {
        st = lca_ruleset_read(ctx, rules, &rs);
        if (st == LCA_OK) {
            st = lca_ruleset_allocation(rs, method == NULL, &alloc);
        }
    }
    lca_procdb_options opt = {&alloc, 0, NULL};
    opt.providers = lca_provider_list_get(plist, &opt.nproviders);
    if (st == LCA_OK) st = fn(ctx, zip, &opt, M);
    lca_ruleset_destroy(&rs);
    if (st != LCA_OK) return cli_fail(env, ctx, st, 0);
    print_kinds(*M);
    return -1;
}

typedef struct procdb_cli {
    lca_ctx *ctx;
    const char *method, *rules;
    lca_provider_list *plist;
} procdb_cli;

// One option of the process-database formats into arg (a procdb_cli).
static int option(const cli_env *env, int c, void *arg) {
    procdb_cli *o = arg;
    switch (c) {
    case OPT_ALLOC: o->method = optarg; return -1;
    case OPT_RULES: o->rules = optarg; return -1;
    case OPT_PROVIDER:
    case OPT_PROVIDERS: return add_provider(env, o->ctx, o->plist, c, optarg);
    default: return CLI_OPT_UNKNOWN;
    }
}

int import_procdb(const cli_env *env, lca_ctx *ctx, int argc, char **argv,
                  import_common *common, lca_model **M, const char *help,
                  procdb_fn fn) {
    procdb_cli o = {ctx, NULL, NULL, NULL};
    if (lca_provider_list_create(ctx, &o.plist) != LCA_OK) {
        return cli_fail(env, ctx, LCA_ERR_NOMEM, 0);
    }
    int rc = import_getopt(env, argc, argv, opts, help, option, &o, common);
    if (rc < 0) {
        rc = import_check_args(env, argc, argv, 1, common,
                               "needs one zip archive");
    }
    if (rc < 0) rc = import_with(env, ctx, argv[optind], o.method, o.rules,
                                 o.plist, M, fn);
    lca_provider_list_destroy(&o.plist);
    return rc;
}
