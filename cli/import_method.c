// cli/import_method.c: `leontief import ... --method NAME|FILE.csv`
// SPDX-License-Identifier: MIT
//
// The method replaces the imported model's C. Bundled methods are found in
// DATADIR/methods/NAME.csv, DATADIR being lca_data_dir's: $LEONTIEF_DATADIR,
// the installed share/leontief, or the source tree's datasets/; a path is
// read as given.

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "import.h"

// " (Carbon dioxide 1, Methane 29.8, ...)" for the first few flows with
// a nonzero factor of the first indicator; nothing when there are none.
static void print_examples(const lca_model *M) {
    const lca_csc *C = lca_model_C(M);
    const int64_t *Cp = lca_csc_colptr(C), *Ci = lca_csc_rowidx(C);
    const double *Cx = lca_csc_values(C);
    int64_t m = lca_model_dim(M, LCA_FLOWS), shown = 0;
    for (int64_t j = 0; j < m && shown < 4; j++) {
        for (int64_t p = Cp[j]; p < Cp[j + 1]; p++) {
            if (Ci[p] != 0) continue;
            const char *name = lca_model_label(M, LCA_FLOWS, LCA_LABEL_NAME, j);
            if (name[0] == '\0') {
                name = lca_model_label(M, LCA_FLOWS, LCA_LABEL_ID, j);
            }
            printf("%s%s %g", shown > 0 ? ", " : " (", name, Cx[p]);
            shown++;
        }
    }
    if (shown == 4) printf(", ...");
    if (shown > 0) printf(")");
}

int import_apply_method(const cli_env *env, lca_ctx *ctx, lca_model *M,
                        const char *spec) {
    lca_method *meth = NULL;
    char datadir[4096];
    lca_status st = LCA_OK;
    size_t len = strlen(spec);
    int path = strchr(spec, '/') != NULL ||
               (len >= 4 && strcasecmp(spec + len - 4, ".csv") == 0);
    datadir[0] = '\0';  // a path needs no data folder
    if (!path) {
        st = lca_data_dir(ctx, datadir, sizeof datadir);
        if (st != LCA_OK) return cli_fail(env, ctx, st, 0);
    }
    st = lca_method_read_named(ctx, spec, datadir, &meth);
    if (st == LCA_ERR_NOTFOUND) {
        fprintf(stderr, "leontief %s: error: %s; bundled methods are looked "
                "for in $LEONTIEF_DATADIR/methods (now %s/methods)\n",
                env->cmd, lca_ctx_errmsg(ctx), datadir);
        return CLI_EXIT_INPUT;
    }
    if (st != LCA_OK) return cli_fail(env, ctx, st, 0);
    lca_method_summary sum;
    st = lca_method_apply(meth, M, &sum);
    lca_method_destroy(&meth);
    if (st != LCA_OK) return cli_fail(env, ctx, st, 0);
    printf("method %s: %lld flows matched", spec,
           (long long)sum.flows_matched);
    print_examples(M);
    printf(", %lld GHG-looking flows unmatched", (long long)sum.ghg_unmatched);
    if (sum.no_factor > 0) {
        printf(", %lld mixtures without a factor", (long long)sum.no_factor);
    }
    if (sum.assumed_air > 0) {
        printf(", %lld taken as emissions to air", (long long)sum.assumed_air);
    }
    printf(" (see --report)\n");
    return -1;
}
