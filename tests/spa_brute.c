// tests/spa_brute.c: the largest supply-chain paths by exhaustive enumeration
// SPDX-License-Identifier: MIT

#include "spa_brute.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct brute {
    int64_t n, L, K, count;
    double *q, *d;       // n x n row-major Q; d_i = D_i / p_i
    int64_t *last_i;     // n x K: for column j, the K largest |q_ij d_i|
    double *last_w;      // their q_ij d_i
    int64_t *nlast;      // n
    brute_path *top;     // K, sorted by |value| descending
} brute;

static void offer(brute *b, const int64_t *prod, int64_t len, double v) {
    if (v == 0.0) return;
    if (b->count == b->K && fabs(v) <= fabs(b->top[b->K - 1].value)) return;
    int64_t i = b->count < b->K ? b->count++ : b->K - 1;
    while (i > 0 && fabs(b->top[i - 1].value) < fabs(v)) {
        b->top[i] = b->top[i - 1];
        i--;
    }
    b->top[i].value = v;
    b->top[i].len = len;
    memcpy(b->top[i].prod, prod, (size_t)len * sizeof *prod);
}

static void dfs(brute *b, int64_t *prod, int64_t len, double x) {
    int64_t j = prod[len - 1], n = b->n;
    offer(b, prod, len, x * b->d[j]);
    if (len - 1 >= b->L) return;
    if (len - 1 == b->L - 1) {
        for (int64_t t = 0; t < b->nlast[j]; t++) {
            prod[len] = b->last_i[j * b->K + t];
            offer(b, prod, len + 1, x * b->last_w[j * b->K + t]);
        }
        return;
    }
    for (int64_t i = 0; i < n; i++) {
        double q = b->q[i * n + j];
        if (q == 0.0) continue;
        prod[len] = i;
        dfs(b, prod, len + 1, x * q);
    }
}

// The K largest |q_ij d_i| of every column j.
static void last_stage(brute *b) {
    int64_t n = b->n, K = b->K;
    for (int64_t j = 0; j < n; j++) {
        int64_t c = 0;
        for (int64_t i = 0; i < n; i++) {
            double w = b->q[i * n + j] * b->d[i];
            if (w == 0.0) continue;
            if (c == K && fabs(w) <= fabs(b->last_w[j * K + K - 1])) continue;
            int64_t t = c < K ? c++ : K - 1;
            while (t > 0 && fabs(b->last_w[j * K + t - 1]) < fabs(w)) {
                b->last_w[j * K + t] = b->last_w[j * K + t - 1];
                b->last_i[j * K + t] = b->last_i[j * K + t - 1];
                t--;
            }
            b->last_w[j * K + t] = w;
            b->last_i[j * K + t] = i;
        }
        b->nlast[j] = c;
    }
}

// Q, p and d from the stored A, B, C (dense).
static void build(brute *b, const lca_model *M, int64_t ind) {
    int64_t n = b->n, m = lca_model_dim(M, LCA_FLOWS);
    const lca_csc *A = lca_model_A(M), *B = lca_model_B(M),
                  *C = lca_model_C(M);
    int io = lca_model_convention(M) == LCA_IO_COEFFICIENTS;
    double *p = calloc((size_t)n, sizeof *p), *c = calloc((size_t)m, sizeof *c);
    for (int64_t j = 0; j < n; j++) {
        for (int64_t q = lca_csc_colptr(A)[j]; q < lca_csc_colptr(A)[j + 1]; q++) {
            int64_t i = lca_csc_rowidx(A)[q];
            double a = lca_csc_values(A)[q];
            if (io) b->q[i * n + j] = a;
            else if (i == j) p[j] = a;
            else b->q[i * n + j] = -a;
        }
        if (io) p[j] = 1.0;
    }
    for (int64_t j = 0; j < n; j++) {
        for (int64_t i = 0; i < n && !io; i++) b->q[i * n + j] /= p[j];
    }
    for (int64_t f = 0; f < m; f++) {
        for (int64_t q = lca_csc_colptr(C)[f]; q < lca_csc_colptr(C)[f + 1]; q++) {
            if (lca_csc_rowidx(C)[q] == ind) c[f] = lca_csc_values(C)[q];
        }
    }
    for (int64_t j = 0; j < n; j++) {
        double s = 0.0;
        for (int64_t q = lca_csc_colptr(B)[j]; q < lca_csc_colptr(B)[j + 1]; q++) {
            s += c[lca_csc_rowidx(B)[q]] * lca_csc_values(B)[q];
        }
        b->d[j] = s / p[j];
    }
    free(p);
    free(c);
}

int64_t brute_top_paths(const lca_model *M, int64_t ind, int64_t root,
                        int64_t L, int64_t K, brute_path *out) {
    brute b = {0};
    int64_t n = lca_model_dim(M, LCA_PRODUCTS);
    b.n = n;
    b.L = L;
    b.K = K;
    b.q = calloc((size_t)(n * n), sizeof *b.q);
    b.d = calloc((size_t)n, sizeof *b.d);
    b.last_i = calloc((size_t)(n * K), sizeof *b.last_i);
    b.last_w = calloc((size_t)(n * K), sizeof *b.last_w);
    b.nlast = calloc((size_t)n, sizeof *b.nlast);
    b.top = out;
    build(&b, M, ind);
    last_stage(&b);
    int64_t prod[BRUTE_MAXL + 2];
    prod[0] = root;
    dfs(&b, prod, 1, 1.0);
    free(b.q);
    free(b.d);
    free(b.last_i);
    free(b.last_w);
    free(b.nlast);
    return b.count;
}
