// engine/method/method_impl.h: the body of lca_method and the matching helpers
// SPDX-License-Identifier: MIT

#ifndef LCA_METHOD_IMPL_H
#define LCA_METHOD_IMPL_H

#include <stddef.h>

#include "lca/method.h"
#include "../model_impl.h"

typedef struct lca__method_row {
    int64_t ind;        // indicator index
    int64_t cas;        // CAS digits as a number (124-38-9 -> 124389); 0: none
    char *cas_text;     // as given
    char *name;         // as given
    char *key;          // lca__name_key(name)
    char *compartment;  // as given; "" = any emission to air
    char *unit;         // flow unit as given; "" = any
    char *component;    // split component tag, e.g. "fossil"; "" = none
    char *gas;          // gas tag, e.g. "CH4"; "" = none
    double factor;      // NaN: listed without a factor
} lca__method_row;

// An output indicator (lca_method_add_output): the rows of factor set
// `set` whose tags pass the selections, each a ";"-list or "*" (any).
typedef struct lca__method_output {
    char *s[8];   // id, name, unit, group, role, components, gases, places
    int64_t set;  // factor set (an index of ind)
} lca__method_output;

enum { LCA__OUT_ID, LCA__OUT_NAME, LCA__OUT_UNIT, LCA__OUT_GROUP,
       LCA__OUT_ROLE, LCA__OUT_COMPONENTS, LCA__OUT_GASES, LCA__OUT_PLACES };

struct lca_method {
    lca_ctx *ctx;
    char *name;
    int64_t k, k_cap;
    char **ind[3];  // id, name, unit of each factor set
    int64_t nrows, rows_cap;
    lca__method_row *rows;
    int64_t nout, out_cap;  // output indicators; none: one per factor set
    lca__method_output *out;
};

// Is tag in the ";"-separated list (or is the list "*")? An empty tag is
// in "*" only.
int lca__tag_in_list(const char *list, const char *tag);

// Does the compartment contain (case-insensitive) one of the ";"-separated
// substrings of list (or is list "*")?
int lca__place_in_list(const char *list, const char *compartment);

// Where a compartment puts a flow, for matching and for the GHG report.
typedef enum lca__compartment {
    LCA__COMP_EMPTY = 0,    // no compartment given
    LCA__COMP_AIR = 1,      // an emission to air
    LCA__COMP_OTHER = 2,     // water, soil, waste ...
    LCA__COMP_UNKNOWN = 3,   // given but not recognised
    LCA__COMP_RESOURCE = 4,  // a resource (an input from nature)
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

// lca_model_set_C that also sets the split tags (LCA_LABEL_SPLIT; NULL:
// none), all or nothing (engine/method/model_method.c).
lca_status lca__model_set_C_tagged(lca_model *M, const lca_csc *C,
                                   const char *const *ids,
                                   const char *const *names,
                                   const char *const *units,
                                   const char *const *tags);


#endif  // LCA_METHOD_IMPL_H
