// engine/analysis.c: the symbolic analysis of a pattern (lca_analysis)
// SPDX-License-Identifier: MIT
//
// The analysis fixes everything that depends only on the pattern: the
// choice of dense or sparse path, and for the sparse path UMFPACK's fill-
// reducing ordering and symbolic factorization. Monte Carlo reuses it for
// every iteration. UMFPACK documents that umfpack_*_numeric does not modify
// the Symbolic object, so solvers on many threads may share one analysis.

#include <string.h>

#include "csc_impl.h"
#include "ctx_impl.h"
#include "solver_impl.h"

_Static_assert(sizeof(SuiteSparse_long) == sizeof(int64_t),
               "UMFPACK's dl interface must use 64-bit indices");

void lca_solver_options_default(lca_solver_options *opt) {
    opt->kind = LCA_SOLVER_AUTO;
    // Measured with benchmarks/crossover (docs/SOLVER.md, "Choosing the
    // path"): what decides is the fill of the sparse LU, not the density.
    // Random patterns fill in, and dense wins from 1-2 % density at every
    // n (1.3-4x at n >= 800); banded patterns stay sparse, and sparse wins
    // up to 4 % density (n = 100) ... 25-32 % (n = 3200). Real IO tables fill
    // in like random ones: USEEIO (57 % dense) and WIOD (20 %) run 2.4-3.7x
    // faster dense. 5 % keeps the worst slowdown on the grid at 2.8x
    // (random) and 4-5x (banded), against 5-11x / 2x for 10 % and 2.4x /
    // 12-18x for 2 %. Above n = 5000 a dense LU takes 200 MB per solver and
    // a low-fill matrix put on it loses 7-23x (n = 6400), so larger systems
    // always take the sparse path.
    opt->dense_max_n = 5000;
    opt->dense_min_density = 0.05;
    opt->refine_tol = 1e-14;
    opt->max_refine = 3;
    opt->rcond_warn = 1e-14;
    // Measured on the generated 250,000-activity system (docs/SOLVER.md):
    // dropping below 3 % of the diagonal keeps 29 % of T and an LU of 4 M
    // entries instead of 81 M, and GMRES needs about 10 applications per
    // right-hand side; 10 % keeps 15 % and needs 13, 30 % needs 18.
    opt->drop_tol = 0.03;
    opt->krylov_max = 100;
    opt->krylov_restart = 10;
}

const char *lca_solver_kind_str(lca_solver_kind kind) {
    switch (kind) {
    case LCA_SOLVER_AUTO: return "auto";
    case LCA_SOLVER_SPARSE: return "sparse";
    case LCA_SOLVER_DENSE: return "dense";
    case LCA_SOLVER_ITERATIVE: return "iterative";
    }
    return "unknown";
}

lca_solver_kind lca_solver_choose(const lca_solver_options *opt, int64_t n,
                                   int64_t nnz) {
    if (opt->kind != LCA_SOLVER_AUTO) return opt->kind;
    double density = n > 0 ? (double)nnz / ((double)n * (double)n) : 1.0;
    if (n <= opt->dense_max_n && density >= opt->dense_min_density) {
        return LCA_SOLVER_DENSE;
    }
    return LCA_SOLVER_SPARSE;
}

// An empty column or row makes T singular whatever its values: say which.
static lca_status check_structure(lca_ctx *ctx, const lca_csc *T) {
    int64_t n = T->n;
    for (int64_t j = 0; j < n; j++) {
        if (T->Ap[j + 1] == T->Ap[j]) {
            return lca__fail(ctx, LCA_ERR_SINGULAR,
                             "column %lld of the technosphere matrix is empty "
                             "(an activity with no exchanges)",
                             (long long)j);
        }
    }
    int64_t *seen = lca__calloc(ctx, (size_t)n + 1, sizeof *seen);
    if (seen == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    for (int64_t p = 0; p < T->Ap[n]; p++) seen[T->Ai[p]] = 1;
    lca_status st = LCA_OK;
    for (int64_t i = 0; i < n; i++) {
        if (!seen[i]) {
            st = lca__fail(ctx, LCA_ERR_SINGULAR,
                           "row %lld of the technosphere matrix is empty (a "
                           "product that nothing produces or uses)",
                           (long long)i);
            break;
        }
    }
    lca__free(ctx, seen);
    return st;
}

static lca_status sparse_symbolic(lca_analysis *an, const double *Tx) {
    double info[UMFPACK_INFO];
    umfpack_dl_defaults(an->control);
    an->control[UMFPACK_IRSTEP] = 0;  // we check residuals ourselves
    int64_t status = umfpack_dl_symbolic(
        an->n, an->n, (const SuiteSparse_long *)an->Ap,
        (const SuiteSparse_long *)an->Ai, Tx, &an->symbolic, an->control,
        info);
    if (status == UMFPACK_ERROR_out_of_memory) {
        return lca__fail(an->ctx, LCA_ERR_NOMEM,
                         "out of memory in the symbolic analysis");
    }
    if (status != UMFPACK_OK) {
        return lca__fail(an->ctx, LCA_ERR_SOLVER,
                         "UMFPACK symbolic analysis failed (status %lld)",
                         (long long)status);
    }
    return LCA_OK;
}

lca_status lca_analysis_create(lca_ctx *ctx, const lca_csc *T,
                               const lca_solver_options *opt,
                               lca_analysis **out) {
    *out = NULL;
    if (T->m != T->n) {
        return lca__fail(ctx, LCA_ERR_DIM, "the technosphere matrix is %lld "
                         "x %lld, not square", (long long)T->m,
                         (long long)T->n);
    }
    lca_status st = check_structure(ctx, T);
    if (st != LCA_OK) return st;
    lca_analysis *an = lca__calloc(ctx, 1, sizeof *an);
    if (an == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    an->ctx = ctx;
    if (opt != NULL) {
        an->opt = *opt;
    } else {
        lca_solver_options_default(&an->opt);
    }
    an->n = T->n;
    an->nnz = T->Ap[T->n];
    an->kind = lca_solver_choose(&an->opt, an->n, an->nnz);
    if (an->kind == LCA_SOLVER_ITERATIVE &&
        (!(an->opt.drop_tol >= 0.0) || an->opt.krylov_max < 1 ||
         an->opt.krylov_restart < 1 || an->opt.krylov_restart > 1000)) {
        st = lca__fail(ctx, LCA_ERR_ARG, "iterative solver options out of "
                       "range (drop_tol %g, krylov_max %lld, krylov_restart "
                       "%lld)", an->opt.drop_tol,
                       (long long)an->opt.krylov_max,
                       (long long)an->opt.krylov_restart);
        goto done;
    }
    an->Ap = lca__malloc(ctx, (size_t)an->n + 1, sizeof *an->Ap);
    an->Ai = lca__malloc(ctx, (size_t)an->nnz, sizeof *an->Ai);
    if (an->Ap == NULL || an->Ai == NULL) {
        st = lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
        goto done;
    }
    memcpy(an->Ap, T->Ap, ((size_t)an->n + 1) * sizeof *an->Ap);
    memcpy(an->Ai, T->Ai, (size_t)an->nnz * sizeof *an->Ai);
    if (an->kind == LCA_SOLVER_SPARSE) st = sparse_symbolic(an, T->Ax);
done:
    if (st != LCA_OK) {
        lca_analysis_destroy(&an);
        return st;
    }
    *out = an;
    return LCA_OK;
}

void lca_analysis_destroy(lca_analysis **an) {
    if (an == NULL || *an == NULL) return;
    lca_ctx *ctx = (*an)->ctx;
    if ((*an)->symbolic != NULL) umfpack_dl_free_symbolic(&(*an)->symbolic);
    lca__free(ctx, (*an)->Ap);
    lca__free(ctx, (*an)->Ai);
    lca__free(ctx, *an);
    *an = NULL;
}

lca_solver_kind lca_analysis_kind(const lca_analysis *an) { return an->kind; }
int64_t lca_analysis_n(const lca_analysis *an) { return an->n; }
int64_t lca_analysis_nnz(const lca_analysis *an) { return an->nnz; }
