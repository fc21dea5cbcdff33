// benchmarks/refine_cost.c: what the residual check and refinement cost
// SPDX-License-Identifier: MIT
//
// Usage: refine_cost [--repeat R] [--quick] [--useeio DIR] [--wiod DIR]
//                    [--uslci DIR]
//
// Table 1. On sparse systems (USEEIO forced onto the sparse path, USLCI,
// and a generated banded IO-like system of n = 20000 with 12 entries per
// column), one right-hand side at a time on one thread, medians of R runs:
//
//   raw      umfpack_dl_wsolve with Control[UMFPACK_IRSTEP] = 0 (the solve
//            the engine calls)
//   check    lca_solver_solve with refine_tol = inf: that solve plus our
//            backward error w = |b - T x|_inf / (|T|_inf |x|_inf + |b|_inf)
//   default  lca_solver_solve with the default refine_tol = 1e-14: the
//            check, plus refinement steps when w is above it
//   umf-ir   umfpack_dl_wsolve with UMFPACK's default IRSTEP = 2 (its own
//            residual, componentwise backward errors and refinement)
//
// for T x = b and T' x = b. The ratios back the design choice "UMFPACK's
// refinement off, our check on" in docs/SOLVER.md.
//
// Table 2. The dense path on the systems with n <= 5000: dgetrs for 1 and
// 200 right-hand sides against lca_solver_solve, which checks every column.
//
// Table 3. The same systems (and WIOD when given) factorized by UMFPACK
// with its automatic strategy (what the engine uses) and with the
// symmetric strategy: fill, pivot-ratio rcond and the backward error of a
// raw solve. IO tables T = I - A are column diagonally dominant, so the
// diagonal is always a stable pivot; this shows what leaving it costs.

#define _DEFAULT_SOURCE

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <umfpack.h>

#include "bench_util.h"

typedef struct sys {
    lca_ctx *ctx;
    const lca_csc *T;
    int64_t n;
    void *numeric;
    double control0[UMFPACK_CONTROL], control2[UMFPACK_CONTROL];
    double info[UMFPACK_INFO];
    SuiteSparse_long *Wi;
    double *W, *b, *x, *r;
    lca_solver *check;  // refine_tol = inf: the check alone
    lca_solver *dflt;   // the default options
    int trans;
} sys;

static double umf_solve(sys *S, const double *control) {
    const lca_csc *T = S->T;
    int64_t sysno = S->trans ? UMFPACK_At : UMFPACK_A;
    double t0 = bench_now();
    int64_t st = umfpack_dl_wsolve(
        sysno, (const SuiteSparse_long *)lca_csc_colptr(T),
        (const SuiteSparse_long *)lca_csc_rowidx(T), lca_csc_values(T), S->x,
        S->b, S->numeric, control, S->info, S->Wi, S->W);
    double t = bench_now() - t0;
    if (st != UMFPACK_OK) {
        fprintf(stderr, "refine_cost: umfpack_dl_wsolve status %lld\n",
                (long long)st);
        return -1.0;
    }
    return t;
}

static double op_raw(void *arg) {
    sys *S = arg;
    return umf_solve(S, S->control0);
}

static double op_umf_ir(void *arg) {
    sys *S = arg;
    return umf_solve(S, S->control2);
}

static double checked_solve(sys *S, lca_solver *s) {
    double t0 = bench_now();
    lca_status st = lca_solver_solve(s, S->trans ? LCA_TRANS : LCA_NOTRANS, 1,
                                     S->b, S->n, S->x, S->n);
    double t = bench_now() - t0;
    if (st < 0) {
        fprintf(stderr, "refine_cost: %s\n", lca_ctx_errmsg(S->ctx));
        return -1.0;
    }
    return t;
}

static double op_check(void *arg) {
    sys *S = arg;
    return checked_solve(S, S->check);
}

static double op_default(void *arg) {
    sys *S = arg;
    return checked_solve(S, S->dflt);
}

// UMFPACK symbolic + numeric of T with the given strategy; IRSTEP 0 in
// control0, the default 2 in control2.
static int umf_factor(sys *S, double strategy) {
    const lca_csc *T = S->T;
    const SuiteSparse_long *Ap = (const SuiteSparse_long *)lca_csc_colptr(T);
    const SuiteSparse_long *Ai = (const SuiteSparse_long *)lca_csc_rowidx(T);
    void *symbolic = NULL;
    if (S->numeric != NULL) umfpack_dl_free_numeric(&S->numeric);
    umfpack_dl_defaults(S->control2);
    S->control2[UMFPACK_STRATEGY] = strategy;
    memcpy(S->control0, S->control2, sizeof S->control0);
    S->control0[UMFPACK_IRSTEP] = 0;
    int64_t st = umfpack_dl_symbolic(S->n, S->n, Ap, Ai, lca_csc_values(T),
                                     &symbolic, S->control0, S->info);
    if (st == UMFPACK_OK) {
        st = umfpack_dl_numeric(Ap, Ai, lca_csc_values(T), symbolic,
                                &S->numeric, S->control0, S->info);
    }
    umfpack_dl_free_symbolic(&symbolic);
    if (st != UMFPACK_OK) {
        fprintf(stderr, "refine_cost: UMFPACK factorization status %lld\n",
                (long long)st);
        return -1;
    }
    return 0;
}

// Our backward error of S->x for S->b (same formula as engine/solve.c).
static double backward_error(sys *S) {
    const int64_t *Ap = lca_csc_colptr(S->T), *Ai = lca_csc_rowidx(S->T);
    const double *Ax = lca_csc_values(S->T);
    double *rowsum = calloc((size_t)S->n, sizeof *rowsum);
    if (rowsum == NULL) return NAN;
    memcpy(S->r, S->b, (size_t)S->n * sizeof *S->r);
    for (int64_t j = 0; j < S->n; j++) {
        for (int64_t p = Ap[j]; p < Ap[j + 1]; p++) {
            int64_t i = Ai[p];
            if (S->trans) {
                S->r[j] -= Ax[p] * S->x[i];
                rowsum[j] += fabs(Ax[p]);
            } else {
                S->r[i] -= Ax[p] * S->x[j];
                rowsum[i] += fabs(Ax[p]);
            }
        }
    }
    double tn = 0, rn = 0, xn = 0, bn = 0;
    for (int64_t i = 0; i < S->n; i++) {
        tn = fmax(tn, rowsum[i]);
        rn = fmax(rn, fabs(S->r[i]));
        xn = fmax(xn, fabs(S->x[i]));
        bn = fmax(bn, fabs(S->b[i]));
    }
    free(rowsum);
    return rn / (tn * xn + bn);
}

static int sys_init(sys *S, lca_ctx *ctx, const lca_csc *T) {
    memset(S, 0, sizeof *S);
    S->ctx = ctx;
    S->T = T;
    S->n = lca_csc_ncols(T);
    size_t n = (size_t)S->n;
    S->Wi = malloc(n * sizeof *S->Wi);
    S->W = malloc(5 * n * sizeof *S->W);
    S->b = malloc(n * sizeof *S->b);
    S->x = malloc(n * sizeof *S->x);
    S->r = malloc(n * sizeof *S->r);
    if (!S->Wi || !S->W || !S->b || !S->x || !S->r) return -1;
    uint64_t rng = 7;
    for (size_t i = 0; i < n; i++) S->b[i] = bench_rand_unit(&rng);
    return 0;
}

static void sys_free(sys *S) {
    if (S->numeric != NULL) umfpack_dl_free_numeric(&S->numeric);
    free(S->Wi);
    free(S->W);
    free(S->b);
    free(S->x);
    free(S->r);
}

// A sparse-path solver for T with the given refinement tolerance.
static lca_status make_solver(lca_ctx *ctx, const lca_csc *T, double tol,
                              lca_analysis **an, lca_solver **s) {
    lca_solver_options opt;
    lca_solver_options_default(&opt);
    opt.kind = LCA_SOLVER_SPARSE;
    opt.refine_tol = tol;
    lca_status st = lca_analysis_create(ctx, T, &opt, an);
    if (st >= 0) st = lca_solver_create(ctx, *an, s);
    if (st >= 0) st = lca_solver_factor(*s, lca_csc_values(T));
    if (st < 0) fprintf(stderr, "refine_cost: %s\n", lca_ctx_errmsg(ctx));
    return st;
}

static int time_row(sys *S, const char *name, int repeat,
                    double min_seconds) {
    static const bench_op_fn ops[4] = {op_raw, op_check, op_default,
                                       op_umf_ir};
    double t[4];
    int rc = bench_time_interleaved(4, ops, S, repeat, min_seconds, t);
    if (rc != 0) return rc;
    op_default(S);
    lca_solve_info si = lca_solver_solve_info(S->dflt);
    op_umf_ir(S);
    printf("| %s | %s | %.1f | %.1f | %.2f | %.1f (%lld step) | %.2f | "
           "%.1f (%g step) | %.2f |\n",
           name, S->trans ? "T' x = b" : "T x = b", 1e6 * t[0], 1e6 * t[1],
           t[1] / t[0], 1e6 * t[2], (long long)si.refine_steps, t[2] / t[0],
           1e6 * t[3], S->info[UMFPACK_IR_TAKEN], t[3] / t[0]);
    return 0;
}

static int measure(lca_ctx *ctx, const char *name, const lca_csc *T,
                   int repeat, double min_seconds) {
    sys S;
    lca_analysis *a1 = NULL, *a2 = NULL;
    lca_solver_options def;
    lca_solver_options_default(&def);
    int rc = sys_init(&S, ctx, T);
    if (rc == 0) rc = umf_factor(&S, UMFPACK_STRATEGY_AUTO);
    if (rc == 0 && make_solver(ctx, T, INFINITY, &a1, &S.check) < 0) rc = -1;
    if (rc == 0 && make_solver(ctx, T, def.refine_tol, &a2, &S.dflt) < 0) {
        rc = -1;
    }
    for (S.trans = 0; rc == 0 && S.trans < 2; S.trans++) {
        rc = time_row(&S, name, repeat, min_seconds);
    }
    lca_solver_destroy(&S.check);
    lca_solver_destroy(&S.dflt);
    lca_analysis_destroy(&a1);
    lca_analysis_destroy(&a2);
    sys_free(&S);
    return rc;
}

static int strategies(lca_ctx *ctx, const char *name, const lca_csc *T) {
    static const double strat[2] = {UMFPACK_STRATEGY_AUTO,
                                    UMFPACK_STRATEGY_SYMMETRIC};
    static const char *const names[4] = {"auto", "unsymmetric", "(2)",
                                         "symmetric"};
    sys S;
    int rc = sys_init(&S, ctx, T);
    for (int k = 0; rc == 0 && k < 2; k++) {
        double t0 = bench_now();
        rc = umf_factor(&S, strat[k]);
        double tf = bench_now() - t0;
        if (rc != 0) break;
        double used = S.info[UMFPACK_STRATEGY_USED];
        double lu = S.info[UMFPACK_LNZ] + S.info[UMFPACK_UNZ];
        double rcond = S.info[UMFPACK_RCOND];
        double w[2];
        for (S.trans = 0; S.trans < 2; S.trans++) {
            if (umf_solve(&S, S.control0) < 0) rc = -1;
            w[S.trans] = backward_error(&S);
        }
        int u = used >= 1 && used <= 3 ? (int)used : 2;
        printf("| %s | %s (%s used) | %.0f | %.0f | %.2g | %.1e | %.1e |\n",
               name, names[k == 0 ? 0 : 3], names[u], lu, 1e3 * tf, rcond,
               w[0], w[1]);
    }
    sys_free(&S);
    return rc;
}

// ---- dense path: dgetrs against lca_solver_solve ---------------------------

void dgetrf_(const int *m, const int *n, double *a, const int *lda, int *ipiv,
             int *info);
void dgetrs_(const char *trans, const int *n, const int *nrhs, const double *a,
             const int *lda, const int *ipiv, double *b, const int *ldb,
             int *info, size_t trans_len);

typedef struct dense_sys {
    lca_ctx *ctx;
    int n, nrhs;
    double *lu, *B, *X;
    int *ipiv;
    lca_solver *check, *dflt;
} dense_sys;

static double op_dense_raw(void *arg) {
    dense_sys *D = arg;
    int info = 0;
    double t0 = bench_now();
    memcpy(D->X, D->B, (size_t)D->n * (size_t)D->nrhs * sizeof *D->X);
    dgetrs_("N", &D->n, &D->nrhs, D->lu, &D->n, D->ipiv, D->X, &D->n, &info,
            1);
    double t = bench_now() - t0;
    return info == 0 ? t : -1.0;
}

static double dense_checked(dense_sys *D, lca_solver *s) {
    double t0 = bench_now();
    lca_status st = lca_solver_solve(s, LCA_NOTRANS, D->nrhs, D->B, D->n,
                                     D->X, D->n);
    double t = bench_now() - t0;
    if (st < 0) {
        fprintf(stderr, "refine_cost: %s\n", lca_ctx_errmsg(D->ctx));
        return -1.0;
    }
    return t;
}

static double op_dense_check(void *arg) {
    dense_sys *D = arg;
    return dense_checked(D, D->check);
}

static double op_dense_default(void *arg) {
    dense_sys *D = arg;
    return dense_checked(D, D->dflt);
}

// Our own dgetrf of T, and the engine's dense solvers with and without
// refinement, for a batch of nrhs unit demands.
static int dense_setup(dense_sys *D, lca_ctx *ctx, const lca_csc *T,
                       lca_analysis **a1, lca_analysis **a2) {
    int64_t n = lca_csc_ncols(T);
    const int64_t *Ap = lca_csc_colptr(T), *Ai = lca_csc_rowidx(T);
    const double *Ax = lca_csc_values(T);
    D->ctx = ctx;
    D->n = (int)n;
    D->lu = calloc((size_t)(n * n), sizeof *D->lu);
    D->ipiv = malloc((size_t)n * sizeof *D->ipiv);
    D->B = calloc((size_t)(n * 200), sizeof *D->B);
    D->X = malloc((size_t)(n * 200) * sizeof *D->X);
    if (!D->lu || !D->ipiv || !D->B || !D->X) return -1;
    for (int64_t j = 0; j < n; j++) {
        for (int64_t p = Ap[j]; p < Ap[j + 1]; p++) {
            D->lu[j * n + Ai[p]] = Ax[p];
        }
    }
    for (int64_t j = 0; j < 200; j++) D->B[j * n + (j * n / 200) % n] = 1.0;
    int info = 0;
    dgetrf_(&D->n, &D->n, D->lu, &D->n, D->ipiv, &info);
    if (info != 0) return -1;
    lca_solver_options opt;
    lca_solver_options_default(&opt);
    opt.kind = LCA_SOLVER_DENSE;
    opt.refine_tol = INFINITY;
    lca_status st = lca_analysis_create(ctx, T, &opt, a1);
    if (st >= 0) st = lca_solver_create(ctx, *a1, &D->check);
    if (st >= 0) st = lca_solver_factor(D->check, Ax);
    lca_solver_options_default(&opt);
    opt.kind = LCA_SOLVER_DENSE;
    if (st >= 0) st = lca_analysis_create(ctx, T, &opt, a2);
    if (st >= 0) st = lca_solver_create(ctx, *a2, &D->dflt);
    if (st >= 0) st = lca_solver_factor(D->dflt, Ax);
    return st < 0 ? -1 : 0;
}

static int dense_measure(lca_ctx *ctx, const char *name, const lca_csc *T,
                         int repeat, double min_seconds) {
    static const bench_op_fn ops[3] = {op_dense_raw, op_dense_check,
                                       op_dense_default};
    dense_sys D;
    memset(&D, 0, sizeof D);
    lca_analysis *a1 = NULL, *a2 = NULL;
    int rc = dense_setup(&D, ctx, T, &a1, &a2);
    static const int nrhs[2] = {1, 200};
    for (int k = 0; rc == 0 && k < 2; k++) {
        D.nrhs = nrhs[k];
        double t[3];
        rc = bench_time_interleaved(3, ops, &D, repeat, min_seconds, t);
        if (rc != 0) break;
        printf("| %s | %d | %.1f | %.1f | %.2f | %.1f | %.2f |\n", name,
               D.nrhs, 1e6 * t[0], 1e6 * t[1], t[1] / t[0], 1e6 * t[2],
               t[2] / t[0]);
    }
    if (rc != 0) fprintf(stderr, "refine_cost: dense path failed\n");
    lca_solver_destroy(&D.check);
    lca_solver_destroy(&D.dflt);
    lca_analysis_destroy(&a1);
    lca_analysis_destroy(&a2);
    free(D.lu);
    free(D.ipiv);
    free(D.B);
    free(D.X);
    return rc;
}

typedef struct system {
    char name[96];
    lca_csc *T;
    int in_sparse_table;  // WIOD is only in the dense and strategy tables
} system_t;

typedef struct options {
    int repeat;
    double min_seconds;
    int64_t banded_n;
    const char *useeio, *wiod, *uslci;
} options;

static int parse_args(int argc, char **argv, options *o) {
    *o = (options){7, 0.05, 20000, NULL, NULL, NULL};
    for (int i = 1; i < argc; i++) {
        int val = i + 1 < argc;
        if (strcmp(argv[i], "--quick") == 0) {
            o->repeat = 1;
            o->min_seconds = 0.0;
            o->banded_n = 2000;
        } else if (strcmp(argv[i], "--repeat") == 0 && val) {
            o->repeat = atoi(argv[++i]);
        } else if (strcmp(argv[i], "--useeio") == 0 && val) {
            o->useeio = argv[++i];
        } else if (strcmp(argv[i], "--wiod") == 0 && val) {
            o->wiod = argv[++i];
        } else if (strcmp(argv[i], "--uslci") == 0 && val) {
            o->uslci = argv[++i];
        } else {
            fprintf(stderr, "usage: refine_cost [--repeat R] [--quick] "
                    "[--useeio DIR] [--wiod DIR] [--uslci DIR]\n");
            return -1;
        }
    }
    return o->repeat >= 1 ? 0 : -1;
}

static lca_status useeio_table(lca_ctx *ctx, const char *dir, lca_csc **T) {
    lca_model *M = NULL;
    lca_status st = lca_import_useeio(ctx, dir, &M);
    if (st >= 0) st = lca_csc_copy(lca_model_tech(M), T);
    lca_model_destroy(&M);
    return st;
}

// The systems whose data are given and present, plus the generated one.
static int load_systems(lca_ctx *ctx, const options *o, system_t *sy,
                        int *nsys) {
    *nsys = 0;
    lca_status st = LCA_OK;
    if (o->useeio != NULL && bench_exists(o->useeio)) {
        snprintf(sy[*nsys].name, sizeof sy->name, "USEEIO, n 388, 57 %% dense");
        sy[*nsys].in_sparse_table = 1;
        st = useeio_table(ctx, o->useeio, &sy[(*nsys)++].T);
    }
    if (st >= 0 && o->uslci != NULL && bench_exists(o->uslci)) {
        snprintf(sy[*nsys].name, sizeof sy->name, "USLCI, n 766, 0.7 %% dense");
        sy[*nsys].in_sparse_table = 1;
        st = bench_uslci_table(ctx, o->uslci, &sy[(*nsys)++].T);
    }
    if (st >= 0) {
        snprintf(sy[*nsys].name, sizeof sy->name,
                 "banded IO-like, n %lld, 12 nnz/col", (long long)o->banded_n);
        sy[*nsys].in_sparse_table = 1;
        st = bench_banded_table(ctx, o->banded_n, 12, 20, 3,
                                &sy[(*nsys)++].T);
    }
    if (st >= 0 && o->wiod != NULL && bench_exists(o->wiod)) {
        snprintf(sy[*nsys].name, sizeof sy->name,
                 "WIOD 2011, n 1435, 20 %% dense");
        st = bench_wiod_table(ctx, o->wiod, &sy[(*nsys)++].T);
    }
    if (st < 0) fprintf(stderr, "refine_cost: cannot load a system\n");
    return st < 0 ? -1 : 0;
}

static int print_tables(lca_ctx *ctx, const options *o, const system_t *sy,
                        int nsys) {
    int rc = 0;
    printf("## Cost of the residual check and of UMFPACK's refinement\n\n");
    printf("Sparse path, one right-hand side, one thread; microseconds per "
           "solve, median of %d interleaved runs; ratios are to the raw "
           "solve.\n\n", o->repeat);
    printf("| system | solve | raw UMFPACK (IRSTEP 0) | check only | check / "
           "raw | default (check + refine if w > 1e-14) | default / raw | "
           "UMFPACK IRSTEP 2 | IRSTEP 2 / raw |\n"
           "|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (int i = 0; rc == 0 && i < nsys; i++) {
        if (!sy[i].in_sparse_table) continue;
        rc = measure(ctx, sy[i].name, sy[i].T, o->repeat, o->min_seconds);
    }
    printf("\n### Dense path: the check after dgetrs\n\n");
    printf("T x = b for nrhs unit demands in one call, one thread; "
           "microseconds per call, median of %d interleaved runs. The engine "
           "runs the check column by column on one thread.\n\n", o->repeat);
    printf("| system | nrhs | raw dgetrs | check only | check / raw | "
           "default | default / raw |\n|---|---:|---:|---:|---:|---:|---:|\n");
    for (int i = 0; rc == 0 && i < nsys; i++) {
        if (lca_csc_ncols(sy[i].T) > 5000) continue;
        rc = dense_measure(ctx, sy[i].name, sy[i].T, o->repeat,
                           o->min_seconds);
    }
    printf("\n### UMFPACK pivoting strategy\n\n");
    printf("| system | strategy | nnz(L+U) | symbolic + numeric ms | rcond "
           "(pivot ratio) | w of raw T x = b | w of raw T' x = b |\n"
           "|---|---|---:|---:|---:|---:|---:|\n");
    for (int i = 0; rc == 0 && i < nsys; i++) {
        rc = strategies(ctx, sy[i].name, sy[i].T);
    }
    return rc;
}

int main(int argc, char **argv) {
    options o;
    if (parse_args(argc, argv, &o) != 0) return 2;
    lca_ctx *ctx = NULL;
    if (lca_ctx_create(&ctx) != LCA_OK) return 1;
    bench_set_threads(ctx, 1);
    system_t sy[4];
    int nsys = 0;
    memset(sy, 0, sizeof sy);
    int rc = load_systems(ctx, &o, sy, &nsys);
    if (rc == 0) rc = print_tables(ctx, &o, sy, nsys);
    for (int i = 0; i < nsys; i++) lca_csc_destroy(&sy[i].T);
    lca_ctx_destroy(&ctx);
    return rc == 0 ? 0 : 1;
}
