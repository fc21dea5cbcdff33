// io/import/bw_impl.h: the pieces of the Brightway datapackage importer
// SPDX-License-Identifier: MIT
//
// bw_src.c      a package's files, from a folder or a zip
// bw_package.c  datapackage.json: the resource groups of the three matrices
//               and the metadata CSVs
// bw_entries.c  one group's arrays into entries (ids, value, record);
//               stats_arrays records into lca_uncertainty
// bw_build.c    axes, merged matrices, labels: the model (lca_import_bw)

#ifndef LCA_IO_BW_IMPL_H
#define LCA_IO_BW_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "lca/io_bw.h"
#include "lca/uncertainty.h"

// ---- one package's files -------------------------------------------------

typedef struct lca__bw_src lca__bw_src;

// A folder holding datapackage.json, or a zip. Errors: LCA_ERR_IO,
// LCA_ERR_INVALID (not a zip), LCA_ERR_NOMEM.
lca_status lca__bw_src_open(lca_ctx *ctx, const char *path, lca__bw_src **s);
void lca__bw_src_close(lca__bw_src **s);
const char *lca__bw_src_path(const lca__bw_src *s);

// The file `file` of the package whole, NUL-terminated (*buf from the ctx
// allocator). A name with a path separator, "..", or a leading '.' is
// refused (it could leave the folder). Errors: LCA_ERR_INVALID (refused
// name, no such file, damaged zip entry), LCA_ERR_IO, LCA_ERR_NOMEM.
lca_status lca__bw_src_read(lca__bw_src *s, const char *file, char **buf,
                            size_t *size);

// ---- the datapackage ------------------------------------------------------

enum { LCA__BW_TECH, LCA__BW_BIO, LCA__BW_CHAR, LCA__BW_NMAT };
enum { LCA__BW_INDICES, LCA__BW_DATA, LCA__BW_FLIP, LCA__BW_DIST,
       LCA__BW_NKINDS };

typedef struct lca__bw_group {
    int matrix;                        // LCA__BW_TECH ...
    int64_t package;                   // index in the package list
    const char *name;                  // borrowed from the package's JSON
    const char *file[LCA__BW_NKINDS];  // NULL when absent
    int sum_intra, sum_inter;          // the package's flags
} lca__bw_group;

typedef struct lca__bw_meta {  // a CSV naming one axis's ids
    int64_t package;
    const char *file;
    int flows;  // 1: flows, 0: activities/products
} lca__bw_meta;

typedef struct lca__bw_skip {  // a group of a matrix we do not read
    int64_t package;
    const char *name, *matrix;
} lca__bw_skip;

typedef struct lca__bw_entry {
    int64_t row, col;  // ids as in the indices array
    int64_t group, k;  // where it came from: group, position
    double x;          // the amount after flip
    lca_uncertainty u;
} lca__bw_entry;

typedef struct lca__bw {
    lca_ctx *ctx;
    int64_t npkg;
    lca__bw_src **src;
    json_t **root;
    lca__bw_group *groups;
    int64_t ngroups, groups_cap;
    lca__bw_meta *meta;
    int64_t nmeta, meta_cap;
    lca__bw_skip *skip;
    int64_t nskip, skip_cap;
    lca__bw_entry *e[LCA__BW_NMAT];
    int64_t ne[LCA__BW_NMAT], e_cap[LCA__BW_NMAT];
} lca__bw;

// Read package p's datapackage.json and add its groups, metadata and
// skipped groups. Errors: LCA_ERR_INVALID (malformed JSON, a missing or
// mistyped field, a resource that is not npy, a presample array or an
// interface of our matrices, a group without indices or data, a kind
// given twice), LCA_ERR_NOMEM.
lca_status lca__bw_package_read(lca__bw *bw, int64_t p);

// "technosphere_matrix" ... (static text).
const char *lca__bw_matrix_str(int matrix);

// ---- entries ---------------------------------------------------------------

// Read group g's arrays and append its entries to bw->e[matrix].
// Errors: LCA_ERR_INVALID (malformed .npy, wrong type or length, id < 0,
// amount not finite, unsupported or invalid distribution), LCA_ERR_IO,
// LCA_ERR_NOMEM.
lca_status lca__bw_group_read(lca__bw *bw, int64_t g);

// The record for stats_arrays fields (code, loc, scale, shape, minimum,
// maximum, negative) of an entry with amount x (before flip) and flip.
// On failure writes why (size why_size) and returns 0.
int lca__bw_record(int code, double loc, double scale, double shape,
                   double minimum, double maximum, int negative, double x,
                   int flip, lca_uncertainty *u, char *why, size_t why_size);

// ---- axes and their labels -------------------------------------------------

enum { LCA__BW_NAME, LCA__BW_UNIT, LCA__BW_PLACE, LCA__BW_NLABELS };

typedef struct lca__bw_axis {
    int64_t n;
    int64_t *id;                   // sorted, unique
    char **label[LCA__BW_NLABELS];  // n strings each (NULL: not given);
                                    // place = location (products) or
                                    // categories (flows)
} lca__bw_axis;

// Position of id in the axis, or -1.
int64_t lca__bw_axis_find(const lca__bw_axis *ax, int64_t id);

// Apply the metadata CSVs to the axes (0 products, 1 flows): columns id,
// name, unit, location, categories; ids not on the axis are ignored.
// Errors: LCA_ERR_INVALID (no header, no id column, an id that is not an
// integer, malformed CSV; named by file and line), LCA_ERR_IO,
// LCA_ERR_NOMEM.
lca_status lca__bw_meta_apply(lca__bw *bw, lca__bw_axis *axes);

#endif  // LCA_IO_BW_IMPL_H
