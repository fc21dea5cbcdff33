// io/import/procdb/olca_impl.h: the openLCA JSON-LD reader's state, shared by io/import/procdb/olca.c
// (archive, reference data, flows) and io/import/procdb/olca_process.c (processes)
// SPDX-License-Identifier: MIT

#ifndef LCA_IO_OLCA_IMPL_H
#define LCA_IO_OLCA_IMPL_H

#include <jansson.h>

#include "io/import/procdb/procdb_impl.h"
#include "io/import/procdb/strtab_impl.h"
#include "io/util/zip_impl.h"

typedef struct lca__olca_unit {
    const char *name;
    double factor;  // to the reference unit of its group, as the file says
    int64_t group;
} lca__olca_unit;

typedef struct lca__olca_prop {
    const char *name;
    int64_t group;  // its unit group
} lca__olca_prop;

typedef struct lca__olca_cat {
    const char *name, *parent;  // parent id, "" at the top
} lca__olca_cat;

// Per flow (indexed like the builder's flows): its flow property factors
// fp[first .. first+count-1], the reference one at fp[ref].
typedef struct lca__olca_flowinfo {
    int64_t first, count, ref;
    const char *entry;  // the file it came from (borrowed from the zip)
} lca__olca_flowinfo;

typedef struct lca__olca_fp {
    int64_t prop;
    double factor;  // units of prop per unit of the reference property
} lca__olca_fp;

typedef struct lca__olca {
    lca_ctx *ctx;
    lca__zip *zip;
    lca__procdb *db;
    lca__strpool *pool;
    const char *entry;  // the entry being read, for messages
    lca__strmap *unit_ids, *group_ids, *prop_ids, *cat_ids;
    lca__olca_unit *units;
    int64_t nunits, unit_cap;
    int64_t *group_ref;  // [group] its reference unit
    int64_t ngroups, group_cap;
    lca__olca_prop *props;
    int64_t nprops, prop_cap;
    lca__olca_cat *cats;
    int64_t ncats, cat_cap;
    lca__olca_flowinfo *flows;
    int64_t nflows, flow_cap;
    lca__olca_fp *fp;
    int64_t nfp, fp_cap;
} lca__olca;

// LCA_ERR_INVALID with "ZIP: ENTRY: " before the printf-style message.
lca_status lca__olca_fail(lca__olca *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

// Required fields of obj, named path + key in messages: a string; a
// finite number; the "@id" string of the object at key.
lca_status lca__olca_str(lca__olca *o, const json_t *obj, const char *path,
                         const char *key, const char **s);
lca_status lca__olca_num(lca__olca *o, const json_t *obj, const char *path,
                         const char *key, double *x);
lca_status lca__olca_ref(lca__olca *o, const json_t *obj, const char *path,
                         const char *key, const char **id);

// Optional fields: a string or "" when absent; the "@id" of the object at
// key or NULL when absent; 1 if the field is true.
const char *lca__olca_opt_str(const json_t *obj, const char *key);
const char *lca__olca_opt_ref(const json_t *obj, const char *key);
int lca__olca_true(const json_t *obj, const char *key);

// Register id (copied into the pool as *copy) -> index in map; an id
// already there is an error naming what ("unit", "flow property" ...).
lca_status lca__olca_add_id(lca__olca *o, lca__strmap *map, const char *id,
                            int64_t index, const char *what,
                            const char **copy);

// Read one file (root, parsed) of each kind (io/import/procdb/olca_ref.c).
lca_status lca__olca_unit_group(lca__olca *o, const json_t *root);
lca_status lca__olca_flow_property(lca__olca *o, const json_t *root);
lca_status lca__olca_category(lca__olca *o, const json_t *root);
lca_status lca__olca_flow(lca__olca *o, const json_t *root);

// Read one process file (root, parsed) into the builder (olca_process.c).
lca_status lca__olca_process(lca__olca *o, const json_t *root);

#endif  // LCA_IO_OLCA_IMPL_H
