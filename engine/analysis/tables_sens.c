// engine/analysis/tables_sens.c: screening, Spearman and Sobol tables
// SPDX-License-Identifier: MIT
//
// An input is named by its matrix and the ids and names of its row and
// column: A (product x product), B (flow x product), C (indicator x flow).
// Layouts in docs/FORMAT.md ("Analysis files").

#include <math.h>

#include "ctx_impl.h"
#include "lca/sensitivity.h"
#include "tables_impl.h"

static const char *const matrix_names[3] = {"A", "B", "C"};

static lca_axis row_axis(int64_t x) {
    return x == 0 ? LCA_PRODUCTS : x == 1 ? LCA_FLOWS : LCA_INDICATORS;
}

static lca_axis col_axis(int64_t x) {
    return x == 2 ? LCA_FLOWS : LCA_PRODUCTS;
}

// Matrix, row and column labels of inputs in[0..k-1] into text columns.
typedef struct names {
    const char **mat, **rid, **rname, **cid, **cname;
} names;

static lca_status input_names(const lca_model *M, int64_t k,
                              const lca_input *in, const char **buf,
                              names *nm) {
    size_t K = (size_t)k + 1;
    nm->mat = buf;
    nm->rid = buf + K;
    nm->rname = buf + 2 * K;
    nm->cid = buf + 3 * K;
    nm->cname = buf + 4 * K;
    for (int64_t q = 0; q < k; q++) {
        int64_t row, col;
        lca_status st = lca_input_locate(M, in[q], &row, &col);
        if (st != LCA_OK) return st;
        lca_axis ra = row_axis(in[q].matrix), ca = col_axis(in[q].matrix);
        nm->mat[q] = matrix_names[in[q].matrix];
        nm->rid[q] = lca_model_label(M, ra, LCA_LABEL_ID, row);
        nm->rname[q] = lca_model_label(M, ra, LCA_LABEL_NAME, row);
        nm->cid[q] = lca_model_label(M, ca, LCA_LABEL_ID, col);
        nm->cname[q] = lca_model_label(M, ca, LCA_LABEL_NAME, col);
    }
    return LCA_OK;
}

static void name_columns(lca__tb *b, const names *nm) {
    lca__tb_text(b, "matrix", nm->mat);
    lca__tb_text(b, "row_id", nm->rid);
    lca__tb_text(b, "column_id", nm->cid);
    lca__tb_text(b, "row_name", nm->rname);
    lca__tb_text(b, "column_name", nm->cname);
}

static const double *values_of(const lca_model *M, int64_t x) {
    const lca_csc *X = x == 0 ? lca_model_A(M) : x == 1 ? lca_model_B(M)
                                                        : lca_model_C(M);
    return lca_csc_values(X);
}

// The numbers of the screening table for inputs in[0..k-1].
static void screen_numbers(const lca_screen *s, const lca_model *M, int64_t k,
                           const lca_input *in, double *num, const char **dist,
                           int64_t *rank) {
    size_t K = (size_t)k + 1;
    double h = lca_screen_score(s), V = lca_screen_variance(s);
    for (int64_t q = 0; q < k; q++) {
        lca_matrix x = (lca_matrix)in[q].matrix;
        int64_t p = in[q].pos;
        double a = values_of(M, x)[p], d = lca_screen_derivatives(s, x)[p];
        double c = lca_screen_contributions(s, x)[p];
        rank[q] = q + 1;
        num[q] = a;
        num[K + q] = lca_screen_input_variances(s, x)[p];
        num[2 * K + q] = d;
        num[3 * K + q] = h != 0.0 ? a / h * d : NAN;
        num[4 * K + q] = c;
        num[5 * K + q] = V > 0.0 ? c / V : NAN;
        dist[q] = lca_dist_str((lca_dist)lca_screen_distributions(s, x)[p]);
    }
}

lca_status lca_screen_table(const lca_screen *s, const lca_model *M,
                            int64_t top, lca_table **out) {
    lca_ctx *ctx = lca_model_ctx(M);
    int64_t nu = lca_screen_nuncertain(s), k = 0;
    int64_t want = top > 0 && top < nu ? top : nu;
    size_t K = (size_t)want + 1;
    lca_input *in = lca__malloc(ctx, K, sizeof *in);
    double *num = lca__malloc(ctx, 6 * K, sizeof *num);
    const char **txt = lca__malloc(ctx, 6 * K, sizeof *txt);
    int64_t *rank = lca__malloc(ctx, K, sizeof *rank);
    lca__tb b = {NULL, LCA_OK};
    names nm;
    if (!in || !num || !txt || !rank) {
        b.st = lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
        goto done;
    }
    b.st = lca_screen_rank(s, want, in, &k);
    if (b.st == LCA_OK) b.st = input_names(M, k, in, txt, &nm);
    if (b.st != LCA_OK) goto done;
    K = (size_t)k + 1;
    const char **dist = txt + 5 * ((size_t)want + 1);
    screen_numbers(s, M, k, in, num, dist, rank);
    lca__tb_start(&b, ctx, "screening", k);
    lca__tb_int(&b, "rank", rank);
    lca__tb_num(&b, "share", "1", num + 5 * K);
    lca__tb_num(&b, "contribution", "", num + 4 * K);
    lca__tb_num(&b, "derivative", "", num + 2 * K);
    lca__tb_num(&b, "elasticity", "1", num + 3 * K);
    lca__tb_num(&b, "amount", "", num);
    lca__tb_text(&b, "distribution", dist);
    lca__tb_num(&b, "input_variance", "", num + K);
    name_columns(&b, &nm);
done:
    lca__free(ctx, in);
    lca__free(ctx, num);
    lca__free(ctx, txt);
    lca__free(ctx, rank);
    return lca__tb_finish(&b, out);
}

lca_status lca_screen_summary_table(const lca_screen *s, const lca_model *M,
                                    int64_t ind, lca_table **out) {
    double h = lca_screen_score(s), V = lca_screen_variance(s);
    double sd = sqrt(V), cv = h != 0.0 ? sd / fabs(h) : NAN;
    double nu = (double)lca_screen_nuncertain(s);
    const char *id = lca_model_label(M, LCA_INDICATORS, LCA_LABEL_ID, ind);
    const char *unit = lca_model_label(M, LCA_INDICATORS, LCA_LABEL_UNIT, ind);
    lca__tb b;
    lca__tb_start(&b, lca_model_ctx(M), "summary", 1);
    lca__tb_text(&b, "indicator", &id);
    lca__tb_text(&b, "unit", &unit);
    lca__tb_num(&b, "score", "", &h);
    lca__tb_num(&b, "first_order_variance", "", &V);
    lca__tb_num(&b, "first_order_sd", "", &sd);
    lca__tb_num(&b, "first_order_cv", "1", &cv);
    lca__tb_num(&b, "uncertain_inputs", "", &nu);
    return lca__tb_finish(&b, out);
}

lca_status lca_gsa_table(const lca_model *M, const char *name, int64_t k,
                         const lca_input *in, const double *rho,
                         const double *S1, const double *ST, const double *se1,
                         const double *seT, lca_table **out) {
    lca_ctx *ctx = lca_model_ctx(M);
    const char **txt = lca__malloc(ctx, 5 * ((size_t)k + 1), sizeof *txt);
    int64_t *rank = lca__malloc(ctx, (size_t)k + 1, sizeof *rank);
    lca__tb b = {NULL, LCA_OK};
    names nm;
    if (txt == NULL || rank == NULL) {
        b.st = lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    } else {
        b.st = input_names(M, k, in, txt, &nm);
    }
    if (b.st == LCA_OK) {
        for (int64_t q = 0; q < k; q++) rank[q] = q + 1;
        lca__tb_start(&b, ctx, name, k);
        lca__tb_int(&b, "input", rank);
        if (rho != NULL) lca__tb_num(&b, "spearman_rho", "1", rho);
        if (S1 != NULL) lca__tb_num(&b, "first_order", "1", S1);
        if (S1 != NULL && se1 != NULL) lca__tb_num(&b, "first_order_se", "1", se1);
        if (ST != NULL) lca__tb_num(&b, "total", "1", ST);
        if (ST != NULL && seT != NULL) lca__tb_num(&b, "total_se", "1", seT);
        name_columns(&b, &nm);
    }
    lca__free(ctx, txt);
    lca__free(ctx, rank);
    return lca__tb_finish(&b, out);
}
