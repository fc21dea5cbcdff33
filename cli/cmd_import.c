// cli/cmd_import.c: `leontief import FORMAT SRC... -o MODEL.h5`
// SPDX-License-Identifier: MIT

#include <stdlib.h>
#include <string.h>

#include "import.h"

static const import_format formats[] = {
    {"useeio", "a USEEIO model folder (JSON)", import_useeio},
    {"mtx", "Matrix Market matrices and CSV label lists", import_mtx},
    {"olca", "an openLCA JSON-LD zip (process database)", import_olca},
    {"ecospold2", "a zip of EcoSpold 2 activities (.spold)",
     import_ecospold2},
    {"io", "a monetary input-output table in CSV (Z, x, Y, F)", import_io},
    {"bw", "Brightway 2.5 processed datapackages (folders or zips)",
     import_bw},
};

#define NFORMATS (sizeof formats / sizeof formats[0])

static void print_help(void) {
    printf("usage: leontief import FORMAT SRC... -o MODEL.h5 [options]\n"
           "       leontief import FORMAT --help\n\nformats:\n");
    for (size_t i = 0; i < NFORMATS; i++) {
        printf("  %-12s %s\n", formats[i].name, formats[i].summary);
    }
    printf("\noptions of every format:\n%s\n"
           "See docs/FORMAT.md for the model file and each format.\n",
           IMPORT_COMMON_HELP);
}

int import_common_option(const cli_env *env, int c, void *arg) {
    import_common *common = arg;
    (void)env;
    switch (c) {
    case 'o': common->out = optarg; return -1;
    case IMPORT_OPT_REPORT: common->report = optarg; return -1;
    case IMPORT_OPT_METHOD: common->method = optarg; return -1;
    case IMPORT_OPT_UFACTOR: common->unc_factor = optarg; return -1;
    case IMPORT_OPT_UKEEP: common->keep_contradicting = 1; return -1;
    default: return CLI_OPT_UNKNOWN;
    }
}

int import_getopt(const cli_env *env, int argc, char **argv,
                  const struct option *longopts, const char *help,
                  cli_option_fn fn, void *arg, import_common *common) {
    const cli_opt_handler h[2] = {{fn, arg}, {import_common_option, common}};
    return cli_getopt_chain(env, argc, argv, "o:h", longopts, help,
                            h + (fn == NULL), 2 - (fn == NULL));
}

int import_check_args(const cli_env *env, int argc, char *const *argv,
                      int nsrc, const import_common *common,
                      const char *what) {
    if (argc - optind != nsrc) {
        return cli_usage_error(env, "%s", what);
    }
    if (common->out == NULL) return cli_usage_error(env, "missing -o MODEL.h5");
    const char *outs[] = {common->out, common->report};
    return cli_check_outputs(env, argc, argv, outs, 2);
}

static void print_summary(const lca_model *M, const char *out) {
    printf("imported %lld products, %lld flows, %lld indicators, %lld "
           "demands; nonzeros A %lld, B %lld, C %lld (%s); %lld report "
           "line(s)\nwritten: %s\n",
           (long long)lca_model_dim(M, LCA_PRODUCTS),
           (long long)lca_model_dim(M, LCA_FLOWS),
           (long long)lca_model_dim(M, LCA_INDICATORS),
           (long long)lca_model_dim(M, LCA_DEMANDS),
           (long long)lca_csc_nnz(lca_model_A(M)),
           (long long)lca_csc_nnz(lca_model_B(M)),
           (long long)lca_csc_nnz(lca_model_C(M)),
           lca_convention_str(lca_model_convention(M)),
           (long long)lca_model_nreports(M), out);
}

// Uncertainty records that contradict their amounts: reported, and
// dropped to fixed unless kept (lca_model_check_amounts).
static int check_amounts(const cli_env *env, lca_ctx *ctx, lca_model *M,
                         const import_common *common) {
    lca_amount_check opt;
    lca_amount_check_default(&opt);
    opt.fix = !common->keep_contradicting;
    if (common->unc_factor != NULL) {
        char *end = NULL;
        opt.factor = strtod(common->unc_factor, &end);
        if (end == common->unc_factor || *end != '\0' || !(opt.factor >= 1.0)) {
            return cli_usage_error(env, "--uncertainty-factor needs a number "
                                   ">= 1, not '%s'", common->unc_factor);
        }
    }
    lca_amount_summary sum;
    lca_status st = lca_model_check_amounts(M, &opt, &sum);
    if (st != LCA_OK) return cli_fail(env, ctx, st, 0);
    if (sum.support + sum.central > 0) {
        printf("uncertainty: %lld record(s) contradict their amounts (%lld "
               "outside the support, %lld with a central value more than %gx "
               "off): %s (see --report)\n",
               (long long)(sum.support + sum.central), (long long)sum.support,
               (long long)sum.central, opt.factor,
               opt.fix ? "dropped to fixed" : "kept");
    }
    return -1;
}

// What every import shares once the format has built the model.
static int import_finish(const cli_env *env, lca_ctx *ctx, lca_model *M,
                         const import_common *common) {
    int rc0 = check_amounts(env, ctx, M, common);
    if (rc0 >= 0) return rc0;
    if (common->method != NULL) {
        int rc = import_apply_method(env, ctx, M, common->method);
        if (rc >= 0) return rc;
    }
    // With --report: both files or neither.
    lca_status st = common->report != NULL
                        ? lca_model_write_with_report(M, common->out,
                                                      common->report)
                        : lca_model_write(M, common->out);
    if (st != LCA_OK) return cli_fail(env, ctx, st, 1);
    print_summary(M, common->out);
    if (common->report != NULL) printf("report: %s\n", common->report);
    return CLI_EXIT_OK;
}

int cli_import(const cli_env *env, int argc, char **argv) {
    if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
        strcmp(argv[1], "-h") == 0) {
        print_help();
        return argc < 2 ? CLI_EXIT_USAGE : CLI_EXIT_OK;
    }
    const import_format *fmt = NULL;
    for (size_t i = 0; i < NFORMATS; i++) {
        if (strcmp(argv[1], formats[i].name) == 0) fmt = &formats[i];
    }
    if (fmt == NULL) {
        return cli_usage_error(env, "unknown format '%s'", argv[1]);
    }
    lca_ctx *ctx = NULL;
    if (lca_ctx_create(&ctx) != LCA_OK) {
        return cli_fail(env, NULL, LCA_ERR_NOMEM, 0);
    }
    import_common common = {NULL, NULL, NULL, NULL, 0};
    lca_model *M = NULL;
    optind = 1;
    opterr = 0;
    int rc = fmt->run(env, ctx, argc - 1, argv + 1, &common, &M);
    if (rc < 0) rc = import_finish(env, ctx, M, &common);
    lca_model_destroy(&M);
    lca_ctx_destroy(&ctx);
    return rc;
}
