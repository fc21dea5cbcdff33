// io/grading/labels_impl.h: the label payloads' storage, shared by
// labels.c (building them) and labels_write.c (labels.csv, labels.json)
// SPDX-License-Identifier: MIT

#ifndef LCA_IO_LABELS_IMPL_H
#define LCA_IO_LABELS_IMPL_H

#include "lca/io_grading.h"

struct lca_labels {
    lca_ctx *ctx;
    const lca_grading *g;     // borrowed
    lca_grades *grades;       // one item per label
    int64_t n;
    char **text;              // n x LCA__LABEL_NTEXT owned strings
    double *value;            // n: per declared unit
    char issued[11], valid_until[11];
    char release[256];        // the release folder's last component
    int64_t iterations;       // Monte Carlo samples per product (0 = none)
};

enum { LCA__L_PRODUCT, LCA__L_NAME, LCA__L_RECORD, LCA__L_UNIT,
       LCA__L_DECLARED, LCA__L_RULE,
       LCA__L_RULE_VERSION, LCA__LABEL_NTEXT };

#endif  // LCA_IO_LABELS_IMPL_H
