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
    if (nrows == 0) return;
    double iters = lca_fdb_num_get(db, LCA_FDB_COUNT)[rows[0]];
    fprintf(out, "%s: %s factors in %s per unit of product, Monte Carlo "
            "%.0f iterations;\nDQR: data-quality rating, 1 best .. 5; "
            "scored: share of the footprint with pedigree scores\n",
            lca_fdb_info_get(db, LCA_FDB_GWP_SET),
            lca_fdb_info_get(db, LCA_FDB_BOUNDARY),
            lca_fdb_info_get(db, LCA_FDB_IND_UNIT), iters);
    fprintf(out, " %10s %10s %10s %10s %7s %5s %7s  %-*s  %s\n", "factor",
            "mean", "2.5 %", "97.5 %", "GSD", "DQR", "scored", uw, "unit",
            "product");
    for (int64_t r = 0; r < nrows; r++) {
        int64_t i = rows[r];
        const lca_fdb_num cols[] = {LCA_FDB_FACTOR, LCA_FDB_MEAN, LCA_FDB_P025,
                                    LCA_FDB_P975};
        for (size_t c = 0; c < sizeof cols / sizeof cols[0]; c++) {
            cell(out, lca_fdb_num_get(db, cols[c])[i]);
        }
        double gsd = lca_fdb_num_get(db, LCA_FDB_GSD)[i];
        double dqr = lca_fdb_num_get(db, LCA_FDB_DQR)[i];
        double un = lca_fdb_num_get(db, LCA_FDB_DQR_UNSCORED)[i];
        if (isnan(gsd)) {
            fprintf(out, " %7s", "-");
        } else {
            fprintf(out, " %7.3f", gsd);
        }
        if (isnan(dqr)) {
            fprintf(out, " %5s", "-");
        } else {
            fprintf(out, " %5.2f", dqr);
        }
        if (isnan(un)) {
            fprintf(out, " %7s", "-");
        } else {
            fprintf(out, " %6.0f%%", 100 * (1 - un));
        }
        fprintf(out, "  %-*s  %s\n", uw, lca_fdb_text_get(db, LCA_FDB_UNIT, i),
                lca_fdb_text_get(db, LCA_FDB_PRODUCT_NAME, i));
    }
}
