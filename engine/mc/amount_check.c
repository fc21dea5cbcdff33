// engine/mc/amount_check.c: uncertainty records that contradict their amounts
// SPDX-License-Identifier: MIT
//
// A record whose support misses the stored amount, or whose centre is far
// from it, describes some other quantity (a unit slip, a record copied
// from another exchange): sampled, it moves the Monte Carlo mean away from
// the deterministic result by orders of magnitude. This pass finds them,
// reports them and, unless asked to keep them, fixes the entry at its
// amount (the pedigree scores stay, so --pedigree-fill can still give it a
// spread centred on the amount).

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "csc_impl.h"
#include "ctx_impl.h"
#include "model_impl.h"

void lca_amount_check_default(lca_amount_check *opt) {
    opt->factor = 10.0;
    opt->fix = 1;
    opt->report = 1;
}

static const char *const matrix_name[3] = {"A", "B", "C"};
static const lca_axis row_axis[3] = {LCA_PRODUCTS, LCA_FLOWS, LCA_INDICATORS};
static const lca_axis col_axis[3] = {LCA_PRODUCTS, LCA_PRODUCTS, LCA_FLOWS};

static const char *label(const lca_model *M, lca_axis axis, int64_t i) {
    const char *s = lca_model_label(M, axis, LCA_LABEL_NAME, i);
    return s[0] != '\0' ? s : lca_model_label(M, axis, LCA_LABEL_ID, i);
}

// "uniform(0, 9.68)": the record in short.
static void record_text(const lca_uncertainty *u, char *buf, size_t size) {
    int three = u->dist == LCA_DIST_TRIANGULAR || u->dist == LCA_DIST_PERT ||
                u->dist == LCA_DIST_GAMMA;
    if (three) {
        snprintf(buf, size, "%s(%.6g, %.6g, %.6g)",
                 lca_dist_str((lca_dist)u->dist), u->p1, u->p2, u->p3);
    } else {
        snprintf(buf, size, "%s(%.6g, %.6g)", lca_dist_str((lca_dist)u->dist),
                 u->p1, u->p2);
    }
}

static lca_status report_one(lca_model *M, int x, int64_t i, int64_t j,
                             const lca_uncertainty *u, const char *why,
                             int fix) {
    char rec[160], detail[768];
    record_text(u, rec, sizeof rec);
    snprintf(detail, sizeof detail, "%s(%lld, %lld): %s on the amount of "
             "'%s' in '%s': %s; %s", matrix_name[x], (long long)i,
             (long long)j, rec, label(M, row_axis[x], i),
             label(M, col_axis[x], j), why,
             fix ? "dropped to fixed" : "kept");
    return lca_model_add_report(
        M, "uncertainty contradicts amount",
        lca_model_label(M, col_axis[x], LCA_LABEL_ID, j),
        label(M, row_axis[x], i), detail);
}

// One contradicting record: entry (i, j), record p of matrix x.
typedef lca_status (*visit_fn)(void *arg, int x, int64_t i, int64_t j,
                               int64_t p, const char *why);

// Count the records of matrix x that contradict their amounts; call fn
// (may be NULL) on each.
static lca_status visit_matrix(const lca_model *M, int x, double factor,
                               lca_amount_summary *sum, visit_fn fn,
                               void *arg) {
    const lca_uncertainty *u = lca_model_uncertainty(M, (lca_matrix)x);
    const lca_csc *X = x == 0 ? lca_model_A(M) : x == 1 ? lca_model_B(M)
                                                         : lca_model_C(M);
    if (u == NULL) return LCA_OK;
    const int64_t *Xp = lca_csc_colptr(X), *Xi = lca_csc_rowidx(X);
    const double *Xx = lca_csc_values(X);
    lca_status st = LCA_OK;
    for (int64_t j = 0; j < lca_csc_ncols(X) && st == LCA_OK; j++) {
        for (int64_t p = Xp[j]; p < Xp[j + 1] && st == LCA_OK; p++) {
            char why[256];
            sum->records++;
            int c = lca_uncertainty_contradicts(&u[p], Xx[p], factor, why,
                                                sizeof why);
            if (c == 0) continue;
            sum->support += c == 1;
            sum->central += c == 2;
            sum->by_matrix[x]++;
            if (fn != NULL) st = fn(arg, x, Xi[p], j, p, why);
        }
    }
    return st;
}

static int valid_factor(double f) { return f >= 1.0 && !isinf(f); }

lca_status lca_model_count_amounts(const lca_model *M, double factor,
                                   lca_amount_summary *sum) {
    memset(sum, 0, sizeof *sum);
    if (!valid_factor(factor)) {
        return lca__fail(lca_model_ctx(M), LCA_ERR_ARG, "the amount check "
                         "factor must be a finite number >= 1, not %g",
                         factor);
    }
    for (int x = 0; x < 3; x++) visit_matrix(M, x, factor, sum, NULL, NULL);
    return LCA_OK;
}

// The fixing pass: report lines, and copies of the records with the
// contradicting ones set to fixed.
typedef struct fixer {
    lca_model *M;
    const lca_amount_check *o;
    lca_uncertainty *copy[3];
    int64_t fixed;
} fixer;

static lca_status fix_one(void *arg, int x, int64_t i, int64_t j, int64_t p,
                          const char *why) {
    fixer *f = arg;
    const lca_uncertainty *u = lca_model_uncertainty(f->M, (lca_matrix)x);
    lca_status st = LCA_OK;
    if (f->o->report) st = report_one(f->M, x, i, j, &u[p], why, f->o->fix);
    if (st != LCA_OK || !f->o->fix) return st;
    if (f->copy[x] == NULL) {
        lca_ctx *ctx = lca_model_ctx(f->M);
        const lca_csc *X = x == 0   ? lca_model_A(f->M)
                           : x == 1 ? lca_model_B(f->M)
                                    : lca_model_C(f->M);
        size_t nnz = (size_t)lca_csc_nnz(X);
        f->copy[x] = lca__malloc(ctx, nnz + 1, sizeof *f->copy[x]);
        if (f->copy[x] == NULL) {
            return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
        }
        memcpy(f->copy[x], u, nnz * sizeof *u);
    }
    lca_uncertainty *r = &f->copy[x][p];
    r->dist = LCA_DIST_NONE;  // the pedigree scores stay
    r->p1 = r->p2 = r->p3 = 0.0;
    r->lo = r->hi = NAN;
    f->fixed++;
    return LCA_OK;
}

lca_status lca_model_check_amounts(lca_model *M, const lca_amount_check *opt,
                                   lca_amount_summary *sum_out) {
    lca_ctx *ctx = lca_model_ctx(M);
    lca_amount_check o;
    lca_amount_check_default(&o);
    if (opt != NULL) o = *opt;
    if (!valid_factor(o.factor)) {
        return lca__fail(ctx, LCA_ERR_ARG, "the amount check factor must be "
                         "a finite number >= 1, not %g", o.factor);
    }
    lca_amount_summary sum;
    memset(&sum, 0, sizeof sum);
    fixer f = {M, &o, {NULL, NULL, NULL}, 0};
    int64_t n0 = lca_model_nreports(M);
    lca_status st = LCA_OK;
    for (int x = 0; x < 3 && st == LCA_OK; x++) {
        st = visit_matrix(M, x, o.factor, &sum, fix_one, &f);
    }
    // Swap the fixed records in (checked again by set_uncertainty).
    for (int x = 0; x < 3 && st == LCA_OK; x++) {
        if (f.copy[x] != NULL) {
            st = lca_model_set_uncertainty(M, (lca_matrix)x, f.copy[x]);
        }
    }
    for (int x = 0; x < 3; x++) lca__free(ctx, f.copy[x]);
    if (st != LCA_OK) {
        lca__model_truncate_report(M, n0);
        return st;
    }
    sum.fixed = f.fixed;
    if (sum_out != NULL) *sum_out = sum;
    return LCA_OK;
}
