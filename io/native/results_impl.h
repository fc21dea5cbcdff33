// io/native/results_impl.h: the body of lca_results (a results file's tables)
// SPDX-License-Identifier: MIT
//
// Shared by the reader (io/native/results_read.c) and the CSV and Matrix Market
// writer (io/export/export_results.c).

#ifndef LCA_RESULTS_IMPL_H
#define LCA_RESULTS_IMPL_H

#include <stdint.h>

#include "lca/export.h"

// The labels of one axis: count entries of nl kinds (id, name, ...), in
// the order the reader lists them. count == 0 and v[] NULL when absent.
typedef struct lca__results_labels {
    int64_t count;
    int nl;
    char **v[4];
} lca__results_labels;

// A dense row-major matrix with the labels of its rows and columns; X is
// NULL when the file does not have it.
typedef struct lca__results_matrix {
    const char *name;  // dataset path, e.g. "/factors/N"
    const lca__results_labels *rows, *cols;
    double *X;
} lca__results_matrix;

struct lca_results {
    lca_ctx *ctx;
    lca__results_labels prod;   // /products: id, name, unit
    lca__results_labels ind;    // /indicators: id, name, unit
    lca__results_labels fflow;  // /factors/flows: id, name, compartment, unit
    lca__results_labels dem;    // /demands/names
    lca__results_labels dind;   // /demands/indicators: id, name, unit
    lca__results_labels flow;   // /flows: id, name, compartment, unit
    lca__results_matrix N, D;   // indicators x products
    lca__results_matrix M;      // factor flows x products
    lca__results_matrix H;      // demand indicators x demands
    lca__results_matrix S;      // products x demands
    lca__results_matrix G;      // flows x demands
};

#endif  // LCA_RESULTS_IMPL_H
