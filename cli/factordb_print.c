// cli/factordb_print.c: the summary table of `leontief factordb build`
// SPDX-License-Identifier: MIT
//
// Numbers first, then the unit the factor is for, then the product's full
// name last, so that no name is cut and none is shown without its unit.

#include <math.h>
#include <string.h>

#include "factordb.h"

static void cell(FILE *out, double x) {
    if (isnan(x)) {
        fprintf(out, " %10s", "-");
    } else {
        fprintf(out, " %10.4g", x);
    }
}

void fdb_print_table(FILE *out, const lca_fdb *db, const fdb_build_opts *o,
                     const int64_t *rows, int64_t nrows) {
    (void)o;
    int uw = 4;
    for (int64_t r = 0; r < nrows; r++) {
        int len = (int)strlen(lca_fdb_text_get(db, LCA_FDB_UNIT, rows[r]));
        if (len > uw) uw = len;
    }
    double iters = lca_fdb_num_get(db, LCA_FDB_COUNT)[rows[0]];
    fprintf(out,
            "%s, %s, %s per unit of product; Monte Carlo %.0f "
            "iterations:\n",
            lca_fdb_info_get(db, LCA_FDB_GWP_SET),
            lca_fdb_info_get(db, LCA_FDB_BOUNDARY),
            lca_fdb_info_get(db, LCA_FDB_IND_UNIT), iters);
    fprintf(out, " %10s %10s %10s %10s %10s %10s  %-*s  %s\n", "factor", "mean",
            "2.5 %", "97.5 %", "GSD", "DQR", uw, "unit", "product");
    for (int64_t r = 0; r < nrows; r++) {
        int64_t i = rows[r];
        const lca_fdb_num cols[] = {LCA_FDB_FACTOR, LCA_FDB_MEAN, LCA_FDB_P025,
                                    LCA_FDB_P975,   LCA_FDB_GSD,  LCA_FDB_DQR};
        for (size_t c = 0; c < sizeof cols / sizeof cols[0]; c++) {
            cell(out, lca_fdb_num_get(db, cols[c])[i]);
        }
        fprintf(out, "  %-*s  %s\n", uw, lca_fdb_text_get(db, LCA_FDB_UNIT, i),
                lca_fdb_text_get(db, LCA_FDB_PRODUCT_NAME, i));
    }
}
