// io/import/procdb/ecospold2_impl.h: the EcoSpold 2 reader's state and XML helpers,
// shared by io/import/procdb/ecospold2.c (archive, activities, exchanges) and
// io/import/procdb/ecospold2_unc.c (uncertainty elements)
// SPDX-License-Identifier: MIT

#ifndef LCA_IO_ECOSPOLD2_IMPL_H
#define LCA_IO_ECOSPOLD2_IMPL_H

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "io/import/procdb/procdb_impl.h"
#include "io/util/zip_impl.h"

typedef struct lca__es2 {
    lca_ctx *ctx;
    lca__zip *zip;
    lca__procdb *db;
    xmlParserCtxtPtr parser;
    const char *entry;         // the entry being read, for messages
    const char *activity;      // the id of its activity
    const char **flow_entry;   // [flow] entry that first named it
    int64_t flow_cap;
    int64_t exchange;          // index of the exchange being read
    long line;                 // its line in the entry
    char xml_error[256];       // the parser's first error ("" if none)
    int xml_line;              // and its line
} lca__es2;

// LCA_ERR_INVALID with "ZIP: ENTRY: line L, exchange K: " before the
// printf-style message.
lca_status lca__es2_fail(lca__es2 *x, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

// The value of attribute name of n (borrowed), or NULL when absent.
const char *lca__es2_attr(const xmlNode *n, const char *name);

// The first element child of n with this local name, or NULL.
xmlNode *lca__es2_child(const xmlNode *n, const char *name);

// Attribute name of n as a finite number, or also "Infinity" or "NaN"
// when allow has LCA__ES2_INF or LCA__ES2_NAN.
// Errors: LCA_ERR_INVALID (absent or not such a number).
enum { LCA__ES2_INF = 1, LCA__ES2_NAN = 2 };
lca_status lca__es2_num(lca__es2 *x, const xmlNode *n, const char *name,
                        int allow, double *v);

// The <uncertainty> element u (or NULL) of an exchange of this amount
// (exchange units) into *r (io/import/procdb/ecospold2_unc.c).
lca_status lca__es2_uncertainty(lca__es2 *x, const xmlNode *u,
                                double amount, lca_uncertainty *r);

#endif  // LCA_IO_ECOSPOLD2_IMPL_H
