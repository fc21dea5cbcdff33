// engine/method_impl.h: the body of lca_method and the matching helpers
// SPDX-License-Identifier: MIT

#ifndef LCA_METHOD_IMPL_H
#define LCA_METHOD_IMPL_H

#include <stddef.h>

#include "lca/method.h"

typedef struct lca__method_row {
    int64_t ind;        // indicator index
    int64_t cas;        // CAS digits as a number (124-38-9 -> 124389); 0: none
    char *cas_text;     // as given
    char *name;         // as given
    char *key;          // lca__name_key(name)
    char *compartment;  // as given; "" = any emission to air
    char *unit;         // flow unit as given; "" = any
    double factor;
} lca__method_row;

struct lca_method {
    lca_ctx *ctx;
    char *name;
    int64_t k, k_cap;
    char **ind[3];  // id, name, unit of each indicator
    int64_t nrows, rows_cap;
    lca__method_row *rows;
};

// Where a compartment puts a flow, for matching and for the GHG report.
typedef enum lca__compartment {
    LCA__COMP_EMPTY = 0,    // no compartment given
    LCA__COMP_AIR = 1,      // an emission to air
    LCA__COMP_OTHER = 2,    // resource, water, soil, waste ...
    LCA__COMP_UNKNOWN = 3,  // given but not recognised
} lca__compartment;

lca__compartment lca__compartment_kind(const char *comp);

// Does a flow in compartment comp fall under a row's compartment within
// ("" = any emission to air or no compartment)?
int lca__compartment_within(const char *comp, const char *within);

// The CAS number in s as one integer (hyphens, spaces and leading zeros
// dropped; 124-38-9 -> 124389): 1 on success, 0 if s is empty, holds
// anything but digits, hyphens and spaces, or has fewer than 5 or more
// than 10 significant digits. With check != 0 the last digit must also be
// the CAS check digit, and hyphens, if any, must sit as in NNNNNNN-NN-N.
int lca__cas_parse(const char *s, int check, int64_t *cas);

// The matching key of a flow name: ASCII lower case, leading and trailing
// white space dropped, inner runs of white space as one space, and a
// trailing "[...]" (GaBi's category suffix) dropped. key has room for
// strlen(s) + 1 bytes.
void lca__name_key(const char *s, char *key);

// Does the name look like a greenhouse gas (the list in docs/FORMAT.md)?
int lca__name_looks_ghg(const char *name);

// lca_method_add_factor, and on a duplicate row *dup = the index of the
// earlier row (else -1), for the reader to name its line.
lca_status lca__method_add_row(lca_method *meth, int64_t indicator,
                               const lca_method_factor *f, int64_t *dup);

// Drop the import report lines after the first n (undo on failure;
// engine/model_method.c).
void lca__model_truncate_report(lca_model *M, int64_t n);

#endif  // LCA_METHOD_IMPL_H
