// io/import/procdb/procdb_data_impl.h: the body of the process-database builder, shared
// by io/import/procdb/procdb.c (collection) and io/import/procdb/procdb_build.c (the model)
// SPDX-License-Identifier: MIT

#ifndef LCA_IO_PROCDB_DATA_IMPL_H
#define LCA_IO_PROCDB_DATA_IMPL_H

#include "io/import/procdb/procdb_impl.h"
#include "io/import/procdb/strtab_impl.h"

typedef struct lca__pdb_process {
    const char *id, *name, *location, *entry;
    int64_t first, count;  // its exchanges: ex[first .. first+count-1]
} lca__pdb_process;

typedef struct lca__pdb_tally {
    const char *reason;
    int64_t count;
} lca__pdb_tally;

struct lca__procdb {
    lca_ctx *ctx;
    const char *source;
    lca__strpool *pool;  // every string below
    lca__strmap *flow_ids, *process_ids, *tally_ids;
    lca__pdb_flow *flows;
    int64_t nflows, flow_cap;
    lca__pdb_process *procs;
    int64_t nprocs, proc_cap;
    int64_t current;  // the process exchanges go to, -1 before the first
    lca__pdb_exchange *ex;
    int64_t nex, ex_cap;
    lca__pdb_tally *tallies;
    int64_t ntallies, tally_cap;
};

#endif  // LCA_IO_PROCDB_DATA_IMPL_H
