// engine/mc.c: setting up a Monte Carlo run (lca_mc)
// SPDX-License-Identifier: MIT
//
// Everything that does not change between iterations is done here once:
// the effective uncertainty records (pedigree fill), the pattern of
// D = C B, the symbolic analysis of T, and per thread a context, a solver
// and the value arrays an iteration writes into. An iteration then
// allocates nothing.

#include <math.h>
#include <string.h>

#include "csc_impl.h"
#include "ctx_impl.h"
#include "records_impl.h"
#include "lca/presamples.h"
#include "mc_impl.h"
#include "model_impl.h"

void lca_mc_options_default(lca_mc_options *opt) {
    memset(opt, 0, sizeof *opt);
    opt->seed = 0;
    opt->block_size = 16;
    opt->pedigree_basic_gsd = 1.05;
    opt->on_fail = LCA_MC_SKIP;
    lca_solver_options_default(&opt->solver);
    opt->iter.solver = LCA_MC_SOLVER_AUTO;
    opt->iter.method = LCA_KRYLOV_GMRES;
    opt->iter.tol = 0.0;
    opt->iter.max_iter = 30;
    opt->iter.restart = 20;
    opt->iter.batch = 16;
    opt->iter.pilot = 16;
}

const char *lca_mc_solver_str(lca_mc_solver s) {
    switch (s) {
    case LCA_MC_SOLVER_AUTO: return "auto";
    case LCA_MC_SOLVER_DIRECT: return "direct";
    case LCA_MC_SOLVER_ITERATIVE: return "iterative";
    }
    return "unknown";
}

const char *lca_krylov_str(lca_krylov k) {
    switch (k) {
    case LCA_KRYLOV_GMRES: return "gmres";
    case LCA_KRYLOV_BICGSTAB: return "bicgstab";
    }
    return "unknown";
}

const char *lca_mc_fail_str(lca_mc_fail f) {
    switch (f) {
    case LCA_MC_FAIL_NONE: return "ok";
    case LCA_MC_FAIL_NONFINITE: return "non-finite value";
    case LCA_MC_FAIL_SINGULAR: return "singular technosphere matrix";
    case LCA_MC_FAIL_SOLVER: return "factorization failed";
    case LCA_MC_FAIL_ILLCOND: return "singular to working precision";
    case LCA_MC_FAIL_INACCURATE: return "inaccurate solve";
    case LCA_MC_FAIL_HOOK: return "iteration hook failed";
    }
    return "unknown";
}

// Records of X with pedigree fill applied; NULL when X has none at all.
static lca_status effective_records(lca_mc *mc, lca_matrix X) {
    return lca__records_effective(mc->ctx, mc->M, X, mc->opt.pedigree_fill,
                                  mc->opt.pedigree_basic_gsd, &mc->rec[X]);
}

// Own copies of the caller's indicator and demand selections.
static lca_status copy_selection(lca_mc *mc, const lca_mc_options *opt) {
    int64_t k = mc->k;
    int64_t nd = opt->F != NULL ? lca_csc_ncols(opt->F) : opt->nd;
    mc->nind = opt->nind > 0 ? opt->nind : k;
    mc->nd = nd;
    mc->ind = lca__malloc(mc->ctx, (size_t)mc->nind + 1, sizeof *mc->ind);
    mc->dem = lca__malloc(mc->ctx, (size_t)nd + 1, sizeof *mc->dem);
    mc->ind_pos = lca__malloc(mc->ctx, (size_t)k + 1, sizeof *mc->ind_pos);
    if (mc->ind == NULL || mc->dem == NULL || mc->ind_pos == NULL) {
        return lca__fail(mc->ctx, LCA_ERR_NOMEM, "out of memory");
    }
    for (int64_t i = 0; i < k; i++) mc->ind_pos[i] = -1;
    for (int64_t r = 0; r < mc->nind; r++) {
        int64_t i = opt->ind != NULL ? opt->ind[r] : r;
        if (i < 0 || i >= k || mc->ind_pos[i] >= 0) {
            return lca__fail(mc->ctx, LCA_ERR_ARG, "indicator %lld is outside "
                             "0..%lld or chosen twice", (long long)i,
                             (long long)k - 1);
        }
        mc->ind[r] = i;
        mc->ind_pos[i] = r;
    }
    int64_t ndem = lca_model_dim(mc->M, LCA_DEMANDS);
    if (opt->F != NULL && lca_csc_nrows(opt->F) != mc->n) {
        return lca__fail(mc->ctx, LCA_ERR_DIM, "demand columns have %lld "
                         "rows, the model %lld products",
                         (long long)lca_csc_nrows(opt->F), (long long)mc->n);
    }
    for (int64_t j = 0; j < nd && opt->F == NULL; j++) {
        if (opt->demands[j] < 0 || opt->demands[j] >= ndem) {
            return lca__fail(mc->ctx, LCA_ERR_ARG, "demand %lld is outside "
                             "0..%lld", (long long)opt->demands[j],
                             (long long)ndem - 1);
        }
        mc->dem[j] = opt->demands[j];
    }
    return LCA_OK;
}

static lca_status thread_init(lca_mc *mc, lca__mc_thread *t) {
    lca_status st = lca_ctx_create(&t->ctx);
    if (st != LCA_OK) return lca__fail(mc->ctx, st, "out of memory");
    t->ctx->alloc = mc->ctx->alloc;  // same allocator as the run's ctx
    lca_ctx_set_nthreads(t->ctx, 1);  // parallel over blocks, not inside
    lca_ctx *c = t->ctx;
    const lca_model *M = mc->M;
    size_t n = (size_t)mc->n, nind = (size_t)mc->nind;
    st = lca_solver_create(c, mc->an, &t->solver);
    if (st != LCA_OK) return lca__fail(mc->ctx, st, "%s", lca_ctx_errmsg(c));
    t->Ax = lca__malloc(c, (size_t)lca_csc_nnz(M->A) + 1, sizeof *t->Ax);
    t->Bx = lca__malloc(c, (size_t)lca_csc_nnz(M->B) + 1, sizeof *t->Bx);
    t->Cx = lca__malloc(c, (size_t)lca_csc_nnz(M->C) + 1, sizeof *t->Cx);
    t->Tx = lca__malloc(c, (size_t)lca_csc_nnz(M->T) + 1, sizeof *t->Tx);
    t->Dx = lca__malloc(c, (size_t)lca_csc_nnz(mc->D) + 1, sizeof *t->Dx);
    t->Bsx = lca__malloc(c, (size_t)lca_csc_nnz(mc->Bsel) + 1, sizeof *t->Bsx);
    t->Csx = lca__malloc(c, (size_t)lca_csc_nnz(mc->Csel) + 1, sizeof *t->Csx);
    t->x = lca__malloc(c, (size_t)mc->k + 1, sizeof *t->x);
    t->rhs = lca__malloc(c, n * nind + 1, sizeof *t->rhs);
    t->lam = lca__malloc(c, n * nind + 1, sizeof *t->lam);
    if (t->Ax == NULL || t->Bx == NULL || t->Cx == NULL || t->Tx == NULL ||
        t->Dx == NULL || t->x == NULL || t->rhs == NULL || t->lam == NULL ||
        t->Bsx == NULL || t->Csx == NULL) {
        return lca__fail(mc->ctx, LCA_ERR_NOMEM, "out of memory");
    }
    // Entries that do not vary keep these values in every iteration.
    const lca_csc *X[6] = {M->A, M->B, M->C, mc->Bsel, mc->Csel, mc->D};
    double *v[6] = {t->Ax, t->Bx, t->Cx, t->Bsx, t->Csx, t->Dx};
    for (int x = 0; x < 6; x++) {
        memcpy(v[x], X[x]->Ax, (size_t)lca_csc_nnz(X[x]) * sizeof *v[x]);
    }
    return LCA_OK;
}

static void thread_free(lca_mc *mc, lca__mc_thread *t) {
    lca_ctx *c = t->ctx;
    if (c == NULL) return;
    lca__mc_thread_free_iter(mc, t);
    lca_solver_destroy(&t->solver);
    void *arrays[] = {t->Ax,  t->Bx, t->Cx,   t->Tx,  t->Dx,
                      t->Bsx, t->Csx, t->x, t->rhs, t->lam};
    for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++) {
        lca__free(c, arrays[i]);
    }
    lca_ctx_destroy(&t->ctx);
}

static lca_status slot_init(lca_mc *mc, lca__mc_slot *s) {
    size_t bs = (size_t)mc->opt.block_size, n = (size_t)mc->n;
    size_t nind = (size_t)mc->nind;
    lca_status st = lca__stats_init(mc->ctx, &s->stats, mc->nind * mc->n);
    if (st != LCA_OK) return st;
    s->failed = lca__malloc(mc->ctx, bs, sizeof *s->failed);
    s->path = lca__malloc(mc->ctx, bs, sizeof *s->path);
    s->krylov = lca__malloc(mc->ctx, bs, sizeof *s->krylov);
    s->scores = lca__malloc(mc->ctx, bs * (size_t)mc->nd * nind + 1,
                            sizeof *s->scores);
    if (mc->opt.keep_factors) {
        s->factors = lca__malloc(mc->ctx, bs * nind * n, sizeof *s->factors);
    }
    if (mc->opt.hook != NULL) {
        s->extra = lca__malloc(mc->ctx, bs * (size_t)mc->opt.nextra + 1,
                               sizeof *s->extra);
    }
    if (s->failed == NULL || s->scores == NULL || s->path == NULL ||
        s->krylov == NULL ||
        (mc->opt.keep_factors && s->factors == NULL) ||
        (mc->opt.hook != NULL && s->extra == NULL)) {
        return lca__fail(mc->ctx, LCA_ERR_NOMEM, "out of memory for a block");
    }
    return LCA_OK;
}

static void slot_free(lca_mc *mc, lca__mc_slot *s) {
    lca__stats_free(mc->ctx, &s->stats);
    lca__free(mc->ctx, s->failed);
    lca__free(mc->ctx, s->path);
    lca__free(mc->ctx, s->krylov);
    lca__free(mc->ctx, s->scores);
    lca__free(mc->ctx, s->factors);
    lca__free(mc->ctx, s->extra);
}

void lca_mc_destroy(lca_mc **mcp) {
    if (mcp == NULL || *mcp == NULL) return;
    lca_mc *mc = *mcp;
    lca_ctx *ctx = mc->ctx;
    for (int t = 0; mc->th != NULL && t < mc->nthreads; t++) {
        thread_free(mc, &mc->th[t]);
    }
    for (int64_t s = 0; mc->slots != NULL && s < mc->nslots; s++) {
        slot_free(mc, &mc->slots[s]);
    }
    lca__free(ctx, mc->th);
    lca__free(ctx, mc->slots);
    lca__reflu_destroy(&mc->ref);
    lca__stats_free(ctx, &mc->total);
    lca_analysis_destroy(&mc->an);
    lca_csc_destroy(&mc->D);
    lca_csc_destroy(&mc->Csel);
    lca_csc_destroy(&mc->Bsel);
    lca__free(ctx, mc->cmap);
    lca__free(ctx, mc->bmap);
    lca__free(ctx, mc->dcols);
    for (int x = 0; x < 3; x++) {
        lca__free(ctx, mc->rec[x]);
        lca__free(ctx, mc->vary[x]);
        lca__free(ctx, mc->logpos[x]);
        lca__free(ctx, mc->restpos[x]);
        lca__free(ctx, mc->logsig[x]);
        lca__free(ctx, mc->logscale[x]);
    }
    lca__free(ctx, mc->ind);
    lca__free(ctx, mc->dem);
    lca__free(ctx, mc->ind_pos);
    lca__free(ctx, mc);
    *mcp = NULL;
}

static lca_status check_options(lca_ctx *ctx, const lca_model *M,
                                const lca_mc_options *opt) {
    if (opt->block_size < 1 || opt->block_size > (1 << 20)) {
        return lca__fail(ctx, LCA_ERR_ARG, "block size %lld is outside "
                         "1..%d", (long long)opt->block_size, 1 << 20);
    }
    if (opt->F == NULL && opt->nd > 0 && opt->demands == NULL) {
        return lca__fail(ctx, LCA_ERR_ARG, "demands missing");
    }
    int64_t entries = lca_csc_nnz(M->A) + lca_csc_nnz(M->B) +
                      lca_csc_nnz(M->C);
    if (entries >= (1LL << 48) - 1) {  // Philox layout; 2^48-1: presamples
        return lca__fail(ctx, LCA_ERR_ARG, "too many uncertain entries");
    }
    if (!(opt->pedigree_basic_gsd >= 1.0)) {
        return lca__fail(ctx, LCA_ERR_ARG, "basic GSD %g < 1",
                         opt->pedigree_basic_gsd);
    }
    if (opt->nextra < 0 || (opt->nextra > 0 && opt->hook == NULL)) {
        return lca__fail(ctx, LCA_ERR_ARG, "nextra %lld without an iteration "
                         "hook", (long long)opt->nextra);
    }
    if (opt->hook != NULL && opt->iter.solver == LCA_MC_SOLVER_ITERATIVE) {
        return lca__fail(ctx, LCA_ERR_ARG, "an iteration hook needs each "
                         "iteration's factorization: the direct path");
    }
    return LCA_OK;
}

// The entries of X in the rows with keep[i] != 0, as a matrix of X's shape
// (values copied), and (*map)[q] = the position in X of its entry q.
static lca_status rows_subset(lca_ctx *ctx, const lca_csc *X,
                              const uint8_t *keep, lca_csc **S,
                              int64_t **map) {
    int64_t nnz = 0;
    for (int64_t p = 0; p < X->Ap[X->n]; p++) nnz += keep[X->Ai[p]] != 0;
    lca_status st = lca_csc_create(ctx, X->m, X->n, nnz, S);
    *map = st == LCA_OK ? lca__malloc(ctx, (size_t)nnz + 1, sizeof **map)
                        : NULL;
    if (*map == NULL) {
        lca_csc_destroy(S);
        return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    }
    lca_csc *Y = *S;
    int64_t q = 0;
    for (int64_t j = 0; j < X->n; j++) {
        Y->Ap[j] = q;
        for (int64_t p = X->Ap[j]; p < X->Ap[j + 1]; p++) {
            if (!keep[X->Ai[p]]) continue;
            Y->Ai[q] = X->Ai[p];
            Y->Ax[q] = X->Ax[p];
            (*map)[q++] = p;
        }
    }
    Y->Ap[X->n] = q;
    return LCA_OK;
}

// Csel (the rows of C with ind_used), flow_used (the flows Csel
// characterizes), Bsel (their rows of B) and D = Csel Bsel.
static lca_status cut_to_selection(lca_mc *mc, const uint8_t *ind_used,
                                   uint8_t *flow_used) {
    lca_status st =
        rows_subset(mc->ctx, mc->M->C, ind_used, &mc->Csel, &mc->cmap);
    if (st != LCA_OK) return st;
    const lca_csc *Cs = mc->Csel;
    for (int64_t f = 0; f < Cs->n; f++) {
        flow_used[f] = Cs->Ap[f + 1] > Cs->Ap[f];
    }
    st = rows_subset(mc->ctx, mc->M->B, flow_used, &mc->Bsel, &mc->bmap);
    if (st == LCA_OK) st = lca_csc_multiply(mc->Csel, mc->Bsel, &mc->D);
    return st;
}

// Split vary[x] into unbounded lognormals, with sigma = ln(GSD) and the
// signed scale (the median, mean-preserving if asked, negated for a
// negative amount: kernels/sample.h), and the rest.
static lca_status split_lognormals(lca_mc *mc, int x) {
    lca_ctx *ctx = mc->ctx;
    size_t n = (size_t)mc->nvary[x] + 1;
    mc->logpos[x] = lca__malloc(ctx, n, sizeof *mc->logpos[x]);
    mc->restpos[x] = lca__malloc(ctx, n, sizeof *mc->restpos[x]);
    mc->logsig[x] = lca__malloc(ctx, n, sizeof *mc->logsig[x]);
    mc->logscale[x] = lca__malloc(ctx, n, sizeof *mc->logscale[x]);
    if (mc->logpos[x] == NULL || mc->restpos[x] == NULL ||
        mc->logsig[x] == NULL || mc->logscale[x] == NULL) {
        return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    }
    int64_t nl = 0, nr = 0;
    for (int64_t q = 0; q < mc->nvary[x]; q++) {
        int64_t p = mc->vary[x][q];
        const lca_uncertainty *u = &mc->rec[x][p];
        if (u->dist != LCA_DIST_LOGNORMAL || !isnan(u->lo) || !isnan(u->hi)) {
            mc->restpos[x][nr++] = p;
            continue;
        }
        double sigma = log(u->p2), median = fabs(u->p1);
        if (mc->opt.lognormal_mean_preserving) {
            median *= exp(-0.5 * sigma * sigma);
        }
        mc->logpos[x][nl] = p;
        mc->logsig[x][nl] = sigma;
        mc->logscale[x][nl++] = u->p1 < 0.0 ? -median : median;
    }
    mc->nlog[x] = nl;
    mc->nrest[x] = nr;
    return LCA_OK;
}

// vary[x]: the entries of X with a distribution in a row that matters
// (row_used NULL: every row).
static lca_status list_varying(lca_mc *mc, int x, const lca_csc *X,
                               const uint8_t *row_used) {
    const lca_uncertainty *rec = mc->rec[x];
    int64_t nnz = lca_csc_nnz(X), count = 0;
    mc->vary[x] = lca__malloc(mc->ctx, (size_t)nnz + 1, sizeof *mc->vary[x]);
    if (mc->vary[x] == NULL) return lca__fail(mc->ctx, LCA_ERR_NOMEM, "oom");
    for (int64_t p = 0; rec != NULL && p < nnz; p++) {
        if (rec[p].dist == LCA_DIST_NONE) continue;
        if (row_used != NULL && !row_used[X->Ai[p]]) continue;
        mc->vary[x][count++] = p;
    }
    mc->nvary[x] = count;
    return split_lognormals(mc, x);
}

// The column holding position p of X (binary search of the pointers).
static int64_t column_of(const lca_csc *X, int64_t p) {
    int64_t lo = 0, hi = X->n - 1;
    while (lo < hi) {  // the last j with Ap[j] <= p
        int64_t mid = lo + (hi - lo + 1) / 2;
        if (X->Ap[mid] <= p) lo = mid; else hi = mid - 1;
    }
    return lo;
}

// dcols: the columns of D an iteration must recompute.
static lca_status list_varying_columns(lca_mc *mc) {
    const lca_csc *B = mc->M->B;
    int64_t n = mc->n;
    mc->c_varies = mc->nvary[2] > 0;
    mc->dcols = lca__malloc(mc->ctx, (size_t)n + 1, sizeof *mc->dcols);
    uint8_t *col = lca__calloc(mc->ctx, (size_t)n + 1, 1);
    if (mc->dcols == NULL || col == NULL) {
        lca__free(mc->ctx, col);
        return lca__fail(mc->ctx, LCA_ERR_NOMEM, "out of memory");
    }
    // vary[1] lists positions of B in column order: find each one's column.
    int64_t j = 0;
    for (int64_t q = 0; q < mc->nvary[1]; q++) {
        while (B->Ap[j + 1] <= mc->vary[1][q]) j++;
        col[j] = 1;
    }
    // Presampled entries change too (those in unused rows of B cost a
    // column's work and change nothing).
    const lca_presamples *ps = mc->opt.presamples;
    for (int64_t e = 0; ps != NULL && e < lca_presamples_count(ps); e++) {
        lca_matrix which;
        int64_t pos;
        lca_presamples_entry(ps, e, &which, &pos);
        if (which == LCA_MATRIX_C) mc->c_varies = 1;
        if (which == LCA_MATRIX_B) col[column_of(B, pos)] = 1;
    }
    mc->ndcols = 0;
    for (j = 0; j < n; j++) {
        if (mc->c_varies || col[j]) mc->dcols[mc->ndcols++] = j;
    }
    lca__free(mc->ctx, col);
    return LCA_OK;
}

// The pieces shared by all threads: records, what varies, D's pattern,
// the analysis.
static lca_status setup_shared(lca_mc *mc, const lca_mc_options *opt) {
    const lca_model *M = mc->M;
    lca_status st = copy_selection(mc, opt);
    if (st == LCA_OK) st = effective_records(mc, LCA_MATRIX_A);
    if (st == LCA_OK) st = effective_records(mc, LCA_MATRIX_B);
    if (st == LCA_OK) st = effective_records(mc, LCA_MATRIX_C);
    int64_t m = lca_model_dim(M, LCA_FLOWS);
    uint8_t *flow_used = lca__calloc(mc->ctx, (size_t)m + 1, 1);
    uint8_t *ind_used = lca__calloc(mc->ctx, (size_t)mc->k + 1, 1);
    if (st == LCA_OK && (flow_used == NULL || ind_used == NULL)) {
        st = lca__fail(mc->ctx, LCA_ERR_NOMEM, "out of memory");
    }
    for (int64_t i = 0; st == LCA_OK && i < mc->k; i++) {
        ind_used[i] = mc->ind_pos[i] >= 0;
    }
    if (st == LCA_OK) st = cut_to_selection(mc, ind_used, flow_used);
    if (st == LCA_OK) st = list_varying(mc, 0, M->A, NULL);
    if (st == LCA_OK) st = list_varying(mc, 1, M->B, flow_used);
    if (st == LCA_OK) st = list_varying(mc, 2, M->C, ind_used);
    lca__free(mc->ctx, flow_used);
    lca__free(mc->ctx, ind_used);
    if (st == LCA_OK) st = list_varying_columns(mc);
    if (st == LCA_OK) {
        st = lca_analysis_create(mc->ctx, M->T, &mc->opt.solver, &mc->an);
    }
    if (st == LCA_OK) st = lca__stats_init(mc->ctx, &mc->total,
                                           mc->nind * mc->n);
    return st;
}

// Blocks per wave: one per thread, up to eight when blocks are small, so
// that the thread delivering the previous wave finds work when it is done
// (32 MiB of slots per thread at most).
static int64_t wave_blocks(const lca_mc *mc) {
    if (mc->nthreads == 1) return 1;
    double per = (double)mc->opt.block_size * (double)mc->nind *
                 (double)mc->n * (mc->opt.keep_factors ? 8.0 : 0.0) +
                 40.0 * (double)mc->nind * (double)mc->n;
    int64_t fit = (int64_t)((double)(32 << 20) / (per + 1.0));
    return mc->nthreads * (fit < 1 ? 1 : fit > 8 ? 8 : fit);
}

static lca_status setup_threads(lca_mc *mc) {
    mc->wave_blocks = wave_blocks(mc);
    mc->nsets = mc->nthreads > 1 ? 2 : 1;
    mc->nslots = mc->nsets * mc->wave_blocks;
    mc->th = lca__calloc(mc->ctx, (size_t)mc->nthreads, sizeof *mc->th);
    mc->slots = lca__calloc(mc->ctx, (size_t)mc->nslots, sizeof *mc->slots);
    if (mc->th == NULL || mc->slots == NULL) {
        return lca__fail(mc->ctx, LCA_ERR_NOMEM, "out of memory");
    }
    lca_status st = LCA_OK;
    for (int t = 0; t < mc->nthreads && st == LCA_OK; t++) {
        st = thread_init(mc, &mc->th[t]);
    }
    for (int64_t s = 0; s < mc->nslots && st == LCA_OK; s++) {
        st = slot_init(mc, &mc->slots[s]);
    }
    return st;
}

lca_status lca_mc_create(const lca_model *M, const lca_mc_options *opt,
                         lca_mc **out) {
    lca_ctx *ctx = lca_model_ctx(M);
    *out = NULL;
    lca_status st = check_options(ctx, M, opt);
    if (st != LCA_OK) return st;
    lca_mc *mc = lca__calloc(ctx, 1, sizeof *mc);
    if (mc == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    mc->ctx = ctx;
    mc->M = M;
    mc->opt = *opt;
    if (opt->hook != NULL) mc->opt.iter.solver = LCA_MC_SOLVER_DIRECT;
    mc->n = lca_model_dim(M, LCA_PRODUCTS);
    mc->k = lca_model_dim(M, LCA_INDICATORS);
    st = setup_shared(mc, opt);
    mc->opt.ind = mc->ind;  // never keep the caller's arrays
    mc->opt.nind = mc->nind;
    mc->opt.demands = mc->dem;
    mc->opt.nd = mc->nd;
    mc->nthreads = lca_ctx_nthreads(ctx);
    if (st == LCA_OK) st = setup_threads(mc);
    if (st == LCA_OK) st = lca__mc_setup_path(mc);
    if (st != LCA_OK) {
        lca_mc_destroy(&mc);
        return st;
    }
    *out = mc;
    return LCA_OK;
}

int64_t lca_mc_done(const lca_mc *mc) { return mc->ndone; }

lca_mc_solver_info lca_mc_get_solver_info(const lca_mc *mc) {
    return mc->sinfo;
}

int64_t lca_mc_nfailed(const lca_mc *mc) { return mc->nfailed; }
int64_t lca_mc_next(const lca_mc *mc) { return mc->next; }

void lca_mc_summary(const lca_mc *mc, int64_t *count, double *mean,
                    double *sd, double *min, double *max) {
    const lca__stats *s = &mc->total;
    for (int64_t q = 0; q < s->len; q++) {
        int none = s->count[q] == 0;  // no iteration counted: no statistic
        if (count != NULL) count[q] = s->count[q];
        if (mean != NULL) mean[q] = none ? NAN : s->mean[q];
        if (sd != NULL) sd[q] = none ? NAN : lca__stats_sd(s, q);
        if (min != NULL) min[q] = none ? NAN : s->min[q];
        if (max != NULL) max[q] = none ? NAN : s->max[q];
    }
}

lca_mc_state lca_mc_get_state(const lca_mc *mc) {
    const lca__stats *s = &mc->total;
    lca_mc_state st = {mc->next, mc->ndone, mc->nfailed, s->len,
                       s->count, s->mean, s->m2, s->min, s->max,
                       mc->niterative, mc->nfallback, mc->nkrylov};
    return st;
}

lca_status lca_mc_restore(lca_mc *mc, const lca_mc_state *saved) {
    lca__stats *s = &mc->total;
    int64_t next = saved->next, ndone = saved->ndone;
    int64_t nfailed = saved->nfailed, len = saved->len;
    // next is a block boundary, or the end of a run whose last block was
    // short (a run stopped while writing its results resumes there).
    int64_t nit = saved->niterative, nfb = saved->nfallback;
    if (len != s->len || next < 0 || ndone < 0 || nfailed < 0 ||
        ndone + nfailed != next || nit < 0 || nfb < 0 ||
        nit + nfb > next || saved->nkrylov < 0) {
        return lca__fail(mc->ctx, LCA_ERR_ARG,
                         "saved state does not fit this run (%lld summaries "
                         "for %lld, next %lld, block size %lld)",
                         (long long)len, (long long)s->len, (long long)next,
                         (long long)mc->opt.block_size);
    }
    size_t b = (size_t)len * sizeof(double);
    memcpy(s->count, saved->count, (size_t)len * sizeof *s->count);
    memcpy(s->mean, saved->mean, b);
    memcpy(s->m2, saved->m2, b);
    memcpy(s->min, saved->min, b);
    memcpy(s->max, saved->max, b);
    mc->next = next;
    mc->ndone = ndone;
    mc->nfailed = nfailed;
    mc->niterative = nit;
    mc->nfallback = nfb;
    mc->nkrylov = saved->nkrylov;
    return LCA_OK;
}

