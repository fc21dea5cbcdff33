// io/import/procdb/procdb_data_impl.h: the body of the process-database builder, shared
// by io/import/procdb/procdb.c (collection) and io/import/procdb/procdb_build.c (the model)
// SPDX-License-Identifier: MIT

#ifndef LCA_IO_PROCDB_DATA_IMPL_H
#define LCA_IO_PROCDB_DATA_IMPL_H

#include "io/import/procdb/procdb_impl.h"
#include "io/import/procdb/strtab_impl.h"

typedef struct lca__pdb_process {
    const char *id, *name, *location, *entry;
    const char *period;    // reference year(s), "" when not given
    int64_t first, count;  // its exchanges: ex[first .. first+count-1]
    int64_t ffirst, fcount;  // its factors: factors[ffirst ..]
    int source_kind;         // lca__procdb_set_source_kind
} lca__pdb_process;

// An allocation factor the data give (lca__procdb_add_factor).
typedef struct lca__pdb_factor {
    int64_t flow;
    int economic;
    double value;
} lca__pdb_factor;

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
    lca__pdb_factor *factors;
    int64_t nfactors, factor_cap;
    lca__pdb_tally *tallies;
    int64_t ntallies, tally_cap;
};

#endif  // LCA_IO_PROCDB_DATA_IMPL_H
