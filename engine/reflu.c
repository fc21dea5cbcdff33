// engine/reflu.c: the reference LU of T, extracted from UMFPACK
// SPDX-License-Identifier: MIT
//
// Monte Carlo's iterative path preconditions every sampled system with
// the LU of the reference (deterministic) T. umfpack_dl_wsolve would
// apply it one vector at a time; extracted (umfpack_dl_get_numeric: L by
// rows, U by columns, P, Q and the row scaling), the factors can be
// applied to a block of vectors in one pass over L and U
// (kernels/lu_kernels.c), which is where the iterative path gets most of
// its speed. UMFPACK factors P S T Q = L U, S = diag(Rs) or diag(1/Rs)
// (do_recip), so
//
//   T' x = b:  z(k) = b(Q(k)),  z = (L U)'^-1 z,  x(P(k)) = s(P(k)) z(k)
//   T x = b:   z(k) = s(P(k)) b(P(k)),  z = (L U)^-1 z,  x(Q(k)) = z(k)

#include <math.h>
#include <string.h>

#include "csc_impl.h"
#include "ctx_impl.h"
#include "kernels/kernels.h"
#include "reflu_impl.h"
#include "solver_impl.h"

void lca__reflu_destroy(lca__reflu **lup) {
    if (lup == NULL || *lup == NULL) return;
    lca__reflu *lu = *lup;
    void *a[] = {lu->Lp, lu->Lj, lu->Lx, lu->Up, lu->Ui, lu->Ux,
                 lu->udinv, lu->P, lu->Q, lu->s};
    for (size_t i = 0; i < sizeof a / sizeof a[0]; i++) lca__free(lu->ctx, a[i]);
    lca__free(lu->ctx, lu);
    *lup = NULL;
}

// UMFPACK's full factors (diagonals in place) and what they came with.
typedef struct raw_lu {
    int64_t lnz, unz;
    int64_t *Lp, *Lj, *Up, *Ui;
    double *Lx, *Ux, *Dx, *Rs;
    int64_t do_recip;
} raw_lu;

static void raw_free(lca_ctx *ctx, raw_lu *r) {
    void *a[] = {r->Lp, r->Lj, r->Up, r->Ui, r->Lx, r->Ux, r->Dx, r->Rs};
    for (size_t i = 0; i < sizeof a / sizeof a[0]; i++) lca__free(ctx, a[i]);
}

static lca_status raw_get(lca_ctx *ctx, void *numeric, int64_t n,
                          lca__reflu *lu, raw_lu *r) {
    SuiteSparse_long lnz, unz, nr, nc, nzud;
    int64_t status = umfpack_dl_get_lunz(&lnz, &unz, &nr, &nc, &nzud,
                                         numeric);
    if (status != UMFPACK_OK) {
        return lca__fail(ctx, LCA_ERR_SOLVER, "UMFPACK could not size its "
                         "factors (status %lld)", (long long)status);
    }
    r->lnz = lnz;
    r->unz = unz;
    size_t nn = (size_t)n + 1;
    r->Lp = lca__malloc(ctx, nn, sizeof *r->Lp);
    r->Up = lca__malloc(ctx, nn, sizeof *r->Up);
    r->Lj = lca__malloc(ctx, (size_t)lnz + 1, sizeof *r->Lj);
    r->Ui = lca__malloc(ctx, (size_t)unz + 1, sizeof *r->Ui);
    r->Lx = lca__malloc(ctx, (size_t)lnz + 1, sizeof *r->Lx);
    r->Ux = lca__malloc(ctx, (size_t)unz + 1, sizeof *r->Ux);
    r->Dx = lca__malloc(ctx, nn, sizeof *r->Dx);
    r->Rs = lca__malloc(ctx, nn, sizeof *r->Rs);
    if (r->Lp == NULL || r->Up == NULL || r->Lj == NULL || r->Ui == NULL ||
        r->Lx == NULL || r->Ux == NULL || r->Dx == NULL || r->Rs == NULL) {
        return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory for the "
                         "reference LU (%lld entries)",
                         (long long)(lnz + unz));
    }
    SuiteSparse_long recip = 0;
    status = umfpack_dl_get_numeric(
        (SuiteSparse_long *)r->Lp, (SuiteSparse_long *)r->Lj, r->Lx,
        (SuiteSparse_long *)r->Up, (SuiteSparse_long *)r->Ui, r->Ux,
        (SuiteSparse_long *)lu->P, (SuiteSparse_long *)lu->Q, r->Dx, &recip,
        r->Rs, numeric);
    if (status != UMFPACK_OK) {
        return lca__fail(ctx, status == UMFPACK_ERROR_out_of_memory
                                  ? LCA_ERR_NOMEM : LCA_ERR_SOLVER,
                         "UMFPACK could not hand out its factors (status "
                         "%lld)", (long long)status);
    }
    r->do_recip = recip;
    return LCA_OK;
}

// Keep the strict triangles (L's unit diagonal and U's diagonal out) and
// the reciprocals of the pivots and scale factors.
static lca_status strip(lca_ctx *ctx, const raw_lu *r, lca__reflu *lu) {
    int64_t n = lu->n;
    lu->Lp = lca__malloc(ctx, (size_t)n + 1, sizeof *lu->Lp);
    lu->Up = lca__malloc(ctx, (size_t)n + 1, sizeof *lu->Up);
    lu->Lj = lca__malloc(ctx, (size_t)r->lnz + 1, sizeof *lu->Lj);
    lu->Lx = lca__malloc(ctx, (size_t)r->lnz + 1, sizeof *lu->Lx);
    lu->Ui = lca__malloc(ctx, (size_t)r->unz + 1, sizeof *lu->Ui);
    lu->Ux = lca__malloc(ctx, (size_t)r->unz + 1, sizeof *lu->Ux);
    if (lu->Lp == NULL || lu->Up == NULL || lu->Lj == NULL ||
        lu->Lx == NULL || lu->Ui == NULL || lu->Ux == NULL) {
        return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    }
    int64_t q = 0;
    for (int64_t i = 0; i < n; i++) {
        lu->Lp[i] = q;
        for (int64_t p = r->Lp[i]; p < r->Lp[i + 1]; p++) {
            if (r->Lj[p] == i) continue;
            lu->Lj[q] = r->Lj[p];
            lu->Lx[q++] = r->Lx[p];
        }
    }
    lu->Lp[n] = q;
    q = 0;
    for (int64_t j = 0; j < n; j++) {
        lu->Up[j] = q;
        for (int64_t p = r->Up[j]; p < r->Up[j + 1]; p++) {
            if (r->Ui[p] == j) continue;
            lu->Ui[q] = r->Ui[p];
            lu->Ux[q++] = r->Ux[p];
        }
    }
    lu->Up[n] = q;
    for (int64_t k = 0; k < n; k++) {
        if (r->Dx[k] == 0.0 || !isfinite(r->Dx[k])) {
            return lca__fail(ctx, LCA_ERR_SINGULAR, "the reference "
                             "technosphere matrix is singular (pivot %lld)",
                             (long long)k);
        }
        lu->udinv[k] = 1.0 / r->Dx[k];
        lu->s[k] = r->do_recip ? r->Rs[k] : 1.0 / r->Rs[k];
    }
    lu->nnz_lu = r->lnz + r->unz;
    return LCA_OK;
}

// Factorize T's values on the sparse path into a Numeric object.
static lca_status factor(lca_ctx *ctx, const lca_csc *T, lca_analysis **an,
                         lca_solver **s) {
    lca_solver_options opt;
    lca_solver_options_default(&opt);
    opt.kind = LCA_SOLVER_SPARSE;
    lca_status st = lca_analysis_create(ctx, T, &opt, an);
    if (st == LCA_OK) st = lca_solver_create(ctx, *an, s);
    if (st == LCA_OK) st = lca_solver_factor(*s, T->Ax);
    if (st == LCA_WARN_ILLCOND) st = LCA_OK;  // a preconditioner may be rough
    return st;
}

lca_status lca__reflu_create(lca_ctx *ctx, const lca_csc *T,
                             lca__reflu **out) {
    *out = NULL;
    lca_analysis *an = NULL;
    lca_solver *s = NULL;
    raw_lu raw;
    memset(&raw, 0, sizeof raw);
    size_t n = (size_t)T->n + 1;
    lca__reflu *lu = lca__calloc(ctx, 1, sizeof *lu);
    lca_status st = lu != NULL ? LCA_OK
                               : lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    if (st != LCA_OK) goto done;
    lu->ctx = ctx;
    lu->n = T->n;
    lu->udinv = lca__malloc(ctx, n, sizeof *lu->udinv);
    lu->s = lca__malloc(ctx, n, sizeof *lu->s);
    lu->P = lca__malloc(ctx, n, sizeof *lu->P);
    lu->Q = lca__malloc(ctx, n, sizeof *lu->Q);
    if (lu->udinv == NULL || lu->s == NULL || lu->P == NULL || lu->Q == NULL) {
        st = lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
        goto done;
    }
    st = factor(ctx, T, &an, &s);
    if (st != LCA_OK) goto done;
    lu->flops = s->finfo.flops;
    st = raw_get(ctx, s->numeric, lu->n, lu, &raw);
    if (st == LCA_OK) st = strip(ctx, &raw, lu);
    if (st != LCA_OK) goto done;
    *out = lu;
    lu = NULL;
done:
    raw_free(ctx, &raw);
    lca_solver_destroy(&s);
    lca_analysis_destroy(&an);
    lca__reflu_destroy(&lu);
    return st;
}

void lca__reflu_apply(const lca__reflu *lu, lca_trans trans, int64_t nb,
                      const double *const *in, double *const *out,
                      double *work) {
    int64_t n = lu->n;
    const int64_t *P = lu->P, *Q = lu->Q;
    for (int64_t v = 0; v < nb; v++) {  // gather (permute, scale)
        const double *b = in[v];
        for (int64_t k = 0; k < n; k++) {
            work[k * nb + v] = b == NULL ? 0.0
                               : trans == LCA_TRANS ? b[Q[k]]
                                                    : lu->s[P[k]] * b[P[k]];
        }
    }
    if (trans == LCA_TRANS) {
        lca__lu_solve_t_kernel(n, lu->Lp, lu->Lj, lu->Lx, lu->Up, lu->Ui,
                               lu->Ux, lu->udinv, nb, work);
    } else {
        lca__lu_solve_kernel(n, lu->Lp, lu->Lj, lu->Lx, lu->Up, lu->Ui,
                             lu->Ux, lu->udinv, nb, work);
    }
    for (int64_t v = 0; v < nb; v++) {  // scatter
        double *x = out[v];
        if (x == NULL) continue;
        for (int64_t k = 0; k < n; k++) {
            if (trans == LCA_TRANS) {
                x[P[k]] = lu->s[P[k]] * work[k * nb + v];
            } else {
                x[Q[k]] = work[k * nb + v];
            }
        }
    }
}
