// tools/generator/gen_scc.c: strongly connected components and the
// fingerprint of a system
// SPDX-License-Identifier: MIT
//
// Tarjan's algorithm with an explicit call stack instead of recursion: a
// supply chain can be tens of thousands of activities deep, far past what
// the C stack holds. Each frame is (activity, next entry of its column);
// an activity's low link is passed to its caller when its frame is popped.
// O(n + nnz) time, 5n integers of workspace.
//
// The fill nnz(L+U)/nnz(A) is what UMFPACK actually produces on the
// sparse path with the engine's default options (lca_solver_factor_info),
// not an estimate from the symbolic analysis.

#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <string.h>
#include <time.h>

#include "gen_impl.h"

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

// Tarjan's workspace: index and low link per activity, the component
// stack, and the call stack (frame activity and its next entry).
typedef struct tarjan {
    int64_t *index, *low, *stack, *frame, *next;
    int64_t depth, top, counter;
} tarjan;

static void visit(tarjan *t, const int64_t *Ap, int64_t v) {
    t->index[v] = t->low[v] = t->counter++;
    t->stack[t->top++] = v;
    t->frame[t->depth] = v;
    t->next[t->depth++] = Ap[v];
}

// v's frame is done: if v is a root, pop its component off the stack.
static void finish(tarjan *t, int64_t v, int64_t *comp, int64_t *ncomp,
                   int64_t *largest, int64_t *nloops) {
    if (t->low[v] != t->index[v]) return;
    int64_t size = 0, w;
    do {
        w = t->stack[--t->top];
        t->index[w] = INT64_MAX;  // off the stack: no longer lowers a link
        comp[w] = *ncomp;
        size++;
    } while (w != v);
    (*ncomp)++;
    if (size > *largest) *largest = size;
    if (size > 1) (*nloops)++;
}

static void tarjan_from(tarjan *t, const int64_t *Ap, const int64_t *Ai,
                        int64_t s, int64_t *comp, int64_t *ncomp,
                        int64_t *largest, int64_t *nloops) {
    visit(t, Ap, s);
    while (t->depth > 0) {
        int64_t v = t->frame[t->depth - 1];
        if (t->next[t->depth - 1] < Ap[v + 1]) {
            int64_t w = Ai[t->next[t->depth - 1]++];
            if (t->index[w] < 0) {
                visit(t, Ap, w);
            } else if (t->index[w] < t->low[v]) {
                t->low[v] = t->index[w];  // w is on the stack
            }
            continue;
        }
        finish(t, v, comp, ncomp, largest, nloops);
        t->depth--;
        if (t->depth > 0) {
            int64_t u = t->frame[t->depth - 1];
            if (t->low[v] < t->low[u]) t->low[u] = t->low[v];
        }
    }
}

lca_status gen_scc(lca_ctx *ctx, const lca_csc *A, int64_t *comp,
                   int64_t *ncomp, int64_t *largest, int64_t *nloops) {
    int64_t n = lca_csc_ncols(A);
    *ncomp = *largest = *nloops = 0;
    if (lca_csc_nrows(A) != n) {
        return lca_ctx_fail(ctx, LCA_ERR_DIM, "SCCs need a square matrix, not "
                            "%lld x %lld", (long long)lca_csc_nrows(A),
                            (long long)n);
    }
    int64_t *work = lca_ctx_malloc(ctx, 5 * (size_t)n, sizeof *work);
    if (work == NULL) return lca_ctx_fail(ctx, LCA_ERR_NOMEM, "out of memory");
    tarjan t = {work, work + n, work + 2 * n, work + 3 * n, work + 4 * n,
                0, 0, 0};
    for (int64_t v = 0; v < n; v++) t.index[v] = -1;
    const int64_t *Ap = lca_csc_colptr(A), *Ai = lca_csc_rowidx(A);
    for (int64_t s = 0; s < n; s++) {
        if (t.index[s] < 0) {
            tarjan_from(&t, Ap, Ai, s, comp, ncomp, largest, nloops);
        }
    }
    lca_ctx_free(ctx, work);
    return LCA_OK;
}

// Factorize T on the sparse path and solve for the first key demand.
static lca_status fill_and_solve(const lca_model *M, gen_fingerprint *fp) {
    lca_ctx *ctx = lca_model_ctx(M);
    const lca_csc *T = lca_model_tech(M);
    int64_t n = lca_csc_ncols(T), set, count;
    lca_analysis *an = NULL;
    lca_solver *s = NULL;
    double *f = lca_ctx_malloc(ctx, 2 * (size_t)n, sizeof *f);
    double *x = f == NULL ? NULL : f + n;
    lca_solver_options opt;
    lca_solver_options_default(&opt);
    opt.kind = LCA_SOLVER_SPARSE;
    lca_status st =
        f == NULL ? lca_ctx_fail(ctx, LCA_ERR_NOMEM, "out of memory")
                  : lca_model_lookup_demand_set(M, "key products", &set);
    double t0 = now();
    if (st == LCA_OK) st = lca_analysis_create(ctx, T, &opt, &an);
    double t1 = now();
    if (st == LCA_OK) st = lca_solver_create(ctx, an, &s);
    if (st == LCA_OK) st = lca_solver_factor(s, lca_csc_values(T));
    double t2 = now();
    if (st < LCA_OK) goto done;
    lca_model_demand_dense(M, lca_model_demand_set(M, set, &count)[0], f);
    st = lca_solver_solve(s, LCA_NOTRANS, 1, f, n, x, n);
    double t3 = now();
    if (st < LCA_OK) goto done;
    double lo = 0.0, hi = 0.0;
    for (int64_t i = 0; i < n; i++) {
        lo = x[i] < lo ? x[i] : lo;
        hi = fabs(x[i]) > hi ? fabs(x[i]) : hi;
    }
    fp->nnz_lu = lca_solver_factor_info(s).nnz_lu;
    fp->fill = (double)fp->nnz_lu / (double)fp->nnz_A;
    fp->t_analysis = t1 - t0;
    fp->t_factor = t2 - t1;
    fp->t_solve = t3 - t2;
    fp->min_supply = hi > 0.0 ? lo / hi : 0.0;
done:
    lca_solver_destroy(&s);
    lca_analysis_destroy(&an);
    lca_ctx_free(ctx, f);
    return st;
}

lca_status gen_fingerprint_compute(const lca_model *M, int with_fill,
                                   gen_fingerprint *fp) {
    lca_ctx *ctx = lca_model_ctx(M);
    memset(fp, 0, sizeof *fp);
    fp->n = lca_model_dim(M, LCA_PRODUCTS);
    fp->m = lca_model_dim(M, LCA_FLOWS);
    fp->k = lca_model_dim(M, LCA_INDICATORS);
    fp->nnz_A = lca_csc_nnz(lca_model_A(M));
    fp->nnz_B = lca_csc_nnz(lca_model_B(M));
    fp->nnz_C = lca_csc_nnz(lca_model_C(M));
    fp->nnz_lu = -1;
    fp->fill = NAN;
    fp->t_analysis = fp->t_factor = fp->t_solve = fp->min_supply = NAN;
    int64_t *comp = lca_ctx_malloc(ctx, (size_t)fp->n, sizeof *comp), ncomp;
    if (comp == NULL) return lca_ctx_fail(ctx, LCA_ERR_NOMEM, "out of memory");
    lca_status st = gen_scc(ctx, lca_model_A(M), comp, &ncomp,
                            &fp->scc_largest, &fp->scc_loops);
    lca_ctx_free(ctx, comp);
    fp->scc_share = (double)fp->scc_largest / (double)(fp->n > 0 ? fp->n : 1);
    if (st == LCA_OK && with_fill) st = fill_and_solve(M, fp);
    return st;
}
