// engine/analysis/sobol_lca.c: Sobol indices and Spearman correlations of an LCA result
// SPDX-License-Identifier: MIT
//
// The model for both is a Monte Carlo run (lca_mc) cut to one demand and
// one indicator: sample s of the design is iteration s of that run, so an
// input's value in it is lca__mc_entry_value(s), the bits the run itself
// draws. A Sobol evaluation at (a, q, b) draws iteration a into the
// thread's arrays (kept while the next evaluations use the same a: the
// design evaluates B_r, A_r, then A_r with one input swapped at a time),
// puts input q's value of iteration b in place, factorizes and solves,
// and puts the value back. Spearman (engine/analysis/spearman.c) runs the
// iterations once for the output and then regenerates each input's values.

#include <math.h>
#include <string.h>

#include "ctx_impl.h"
#include "lca/sensitivity.h"
#include "mc/mc_impl.h"
#include "sens_impl.h"

lca_status lca__sens_mc_create(const lca_model *M, const lca_mc_options *opt,
                               int64_t k, const lca_input *in, int direct,
                               lca_mc **mc) {
    lca_ctx *ctx = lca_model_ctx(M);
    *mc = NULL;
    if (opt->nd < 1 || opt->demands == NULL) {
        return lca__fail(ctx, LCA_ERR_ARG, "no demand chosen for the output");
    }
    if (opt->presamples != NULL) {
        return lca__fail(ctx, LCA_ERR_ARG, "presamples correlate inputs; the "
                         "sensitivity indices here assume independent inputs");
    }
    if (k < 0) return lca__fail(ctx, LCA_ERR_ARG, "k = %lld < 0", (long long)k);
    for (int64_t q = 0; q < k; q++) {
        int64_t row, col;
        lca_status st = lca_input_locate(M, in[q], &row, &col);
        if (st != LCA_OK) return st;
    }
    lca_mc_options o = *opt;
    int64_t ind0 = opt->nind > 0 && opt->ind != NULL ? opt->ind[0] : 0;
    o.nd = 1;
    o.nind = 1;
    o.ind = &ind0;  // copied by lca_mc_create
    o.keep_factors = 0;
    o.hook = NULL;
    o.nextra = 0;
    if (direct) o.iter.solver = LCA_MC_SOLVER_DIRECT;
    return lca_mc_create(M, &o, mc);
}

typedef struct sobol_eval {
    lca_mc *mc;
    const lca_input *in;
    int64_t *cached;  // per thread: the iteration its arrays hold, or -1
} sobol_eval;

static double *values(lca__mc_thread *t, int64_t x) {
    return x == 0 ? t->Ax : x == 1 ? t->Bx : t->Cx;
}

static int evaluate(void *arg, int tid, int64_t a, int64_t swap, int64_t b,
                    double *y) {
    sobol_eval *e = arg;
    lca__mc_thread *t = &e->mc->th[tid];
    if (e->cached[tid] != a) {
        lca__mc_sample(e->mc, t, a, t->Tx);
        e->cached[tid] = a;
    }
    double *v = NULL, keep = 0.0;
    if (swap >= 0) {
        lca_input in = e->in[swap];
        v = values(t, in.matrix) + in.pos;
        keep = *v;
        *v = lca__mc_entry_value(e->mc, (int)in.matrix, in.pos, b);
    }
    int fail = lca__mc_evaluate(e->mc, t, y);
    if (v != NULL) *v = keep;
    return fail;
}

lca_status lca_sobol_lca(const lca_model *M, const lca_mc_options *opt,
                         int64_t N, int64_t k, const lca_input *in,
                         double *S1, double *ST, double *se1, double *seT,
                         lca_sobol_result *res) {
    lca_ctx *ctx = lca_model_ctx(M);
    if (N < 2 || k < 1 || N > ((int64_t)1 << 46)) {
        return lca__fail(ctx, LCA_ERR_ARG, "Sobol design needs N >= 2 rows "
                         "and k >= 1 inputs (N %lld, k %lld)", (long long)N,
                         (long long)k);
    }
    lca_mc *mc = NULL;
    lca_status st = lca__sens_mc_create(M, opt, k, in, 1, &mc);
    if (st != LCA_OK) return st;
    sobol_eval e = {mc, in, NULL};
    e.cached = lca__malloc(ctx, (size_t)mc->nthreads, sizeof *e.cached);
    if (e.cached == NULL) {
        st = lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    } else {
        for (int t = 0; t < mc->nthreads; t++) e.cached[t] = -1;
        st = lca_sobol_run(ctx, mc->nthreads, N, k, evaluate, &e, S1, ST, se1,
                           seT, res);
    }
    lca__free(ctx, e.cached);
    lca_mc_destroy(&mc);
    return st;
}
