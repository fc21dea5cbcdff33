// engine/cbam/cbam_impl.h: the body of an lca_cbam, shared by
// engine/cbam/cbam.c (object, copy, results), cbam_check.c (checks
// without a model), cbam_run.c (binding, order, SEE) and cbam_table.c
// (defaults, mark-ups, the template table)
// SPDX-License-Identifier: MIT

#ifndef LCA_CBAM_IMPL_H
#define LCA_CBAM_IMPL_H

#include <stddef.h>

#include "lca/cbam.h"

// One good's binding and results.
typedef struct lca__cbam_item {
    int64_t sector;        // index into the sector table
    int64_t product;       // model product (model goods), else -1
    int64_t nprec;         // precursor goods and M_i / AL
    int64_t *prec;
    double *prec_mass;
    double attr_dir, attr_ind, prec_dir, prec_ind;
    double elec, elec_factor;
    int64_t dflt;          // default line, or -1
    double markup;
} lca__cbam_item;

struct lca_cbam {
    lca_ctx *ctx;
    lca_cbam_spec s;       // every string and array points into block
    lca_cbam_tables t;
    void *block;
    lca__cbam_item *item;  // ngoods
    int year;              // 0 until run
};

// "SOURCE" for messages: the goods file, else "goods".
const char *lca__cbam_where(const lca_cbam_spec *s);

// Check spec and tables (lca_cbam_create). Errors: LCA_ERR_INVALID.
lca_status lca__cbam_check(lca_ctx *ctx, const lca_cbam_spec *spec,
                           const lca_cbam_tables *tables);

// The CN code without spaces into buf (9 bytes); 0 when it is not 4, 6
// or 8 digits (spaces between them allowed).
int lca__cbam_cn(const char *code, char buf[9]);

// Index of sector id in the tables, or -1.
int64_t lca__cbam_sector(const lca_cbam_tables *t, const char *id);

// The default line and mark-up of every good for cb->year (run, after
// SEE). Errors: LCA_ERR_INVALID (no mark-up for a sector and year).
lca_status lca__cbam_defaults(lca_cbam *cb);

// Free the per-good arrays (not the items themselves).
void lca__cbam_items_clear(lca_cbam *cb);

#endif  // LCA_CBAM_IMPL_H
