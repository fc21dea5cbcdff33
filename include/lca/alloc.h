// include/lca/alloc.h: how multi-output processes are allocated at import
// SPDX-License-Identifier: MIT
//
// A process of a process database (lca/io_procdb.h) may put out several
// products: its reference product and co-products (soybean meal and oil,
// lumber and sawdust). A model column makes one product, so the importer
// either keeps one product per process or splits the process. For a
// process with outputs a_1..a_K (reference product first) and the rest of
// its exchanges x (inputs, emissions, wastes):
//
//   NONE          as before allocation existed: one column, all of x on the
//                 reference product; a co-product output is linked like any
//                 exchange (credited against the process providing its flow
//                 when there is one, else cut off and reported)
//   MASS          K columns, column k = a_k on its diagonal and f_k x with
//                 f_k = a_k m_k / sum_i a_i m_i (m: kg per reference unit)
//   ENERGY        the same with e_k (MJ per reference unit, net calorific
//                 value, else the energy flow property)
//   ECONOMIC      the same with p_k (price per reference unit: from the
//                 override, else from the data)
//   SOURCE        the same with the factors the data give (openLCA
//                 allocationFactors, physical else economic, normalised to
//                 sum 1; EcoSpold 2: the exchanges' price properties)
//   SUBSTITUTION  one column, all of x on the reference product; each
//                 co-product output a_k is credited against its provider
//                 (the override's, else the process providing its flow):
//                 +a_k in the provider's row, i.e. avoided production
//
// The partitions keep totals: sum_k f_k = 1, so the K columns' inputs and
// emissions add up to the unallocated process. A process for which the
// method's data are missing (a co-product without mass, no price, no
// provider) is imported with NONE and reported ("allocation fallback").
//
// Pure data: the importers (lca/io_procdb.h) apply it; rules
// (lca/rule.h) carry it. Strings are borrowed by the options.

#ifndef LCA_ALLOC_H
#define LCA_ALLOC_H

#include <stdint.h>

#include "lca/ctx.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum lca_alloc_method {
    LCA_ALLOC_NONE = 0,
    LCA_ALLOC_MASS = 1,
    LCA_ALLOC_ENERGY = 2,
    LCA_ALLOC_ECONOMIC = 3,
    LCA_ALLOC_SOURCE = 4,
    LCA_ALLOC_SUBSTITUTION = 5,
} lca_alloc_method;

#define LCA_NALLOC 6

// "none", "mass", "energy", "economic", "source", "substitution" (static
// text; "unknown" outside the enum).
const char *lca_alloc_method_str(lca_alloc_method a);

// The inverse of lca_alloc_method_str. Errors: LCA_ERR_ARG (unknown name;
// the message lists the known ones).
lca_status lca_alloc_method_parse(lca_ctx *ctx, const char *s,
                                  lca_alloc_method *a);

// The price of a flow per unit of its reference unit (any one currency).
typedef struct lca_alloc_price {
    const char *flow;  // flow id
    double price;      // finite, >= 0
} lca_alloc_price;

// The process a co-product's output is credited against (SUBSTITUTION).
typedef struct lca_alloc_provider {
    const char *flow;     // the co-product's flow id
    const char *process;  // the process id of the provider
} lca_alloc_provider;

// One process allocated otherwise than the default.
typedef struct lca_alloc_override {
    const char *process;  // process id
    lca_alloc_method method;
    int64_t nprices;
    const lca_alloc_price *prices;        // ECONOMIC: beat the data's prices
    int64_t nproviders;
    const lca_alloc_provider *providers;  // SUBSTITUTION
    const char *origin;   // who asked for it (a rule file), for messages;
                          // may be NULL
} lca_alloc_override;

typedef struct lca_alloc_options {
    lca_alloc_method method;  // default for every multi-output process
    int64_t nprices;          // prices for every process (ECONOMIC)
    const lca_alloc_price *prices;
    int64_t noverrides;
    const lca_alloc_override *overrides;
} lca_alloc_options;

// method NONE, no prices, no overrides: the import as it always was.
void lca_alloc_options_default(lca_alloc_options *opt);

#ifdef __cplusplus
}
#endif

#endif  // LCA_ALLOC_H
