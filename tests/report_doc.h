// tests/report_doc.h: a report document filled by hand (tests/report_doc.c)
// SPDX-License-Identifier: MIT

#ifndef LCA_TEST_REPORT_DOC_H
#define LCA_TEST_REPORT_DOC_H

#include "lca.h"

#define REPORT_DOC_N 2000

// The arrays the document borrows.
typedef struct report_doc_data {
    double samples[REPORT_DOC_N];
    int64_t counts[64];
    int64_t iterations[32];
    double mean[32], half[32];
} report_doc_data;

// Fill d (every section and chart present, hostile strings) with the
// given name; x holds its arrays and must outlive d.
void report_doc_fill(lca_report_doc *d, report_doc_data *x,
                     const char *name);

#endif  // LCA_TEST_REPORT_DOC_H
