// include/lca/io_procdb.h: importers of LCA process databases (openLCA
// JSON-LD and EcoSpold 2 zip archives)
// SPDX-License-Identifier: MIT
//
// Both importers build the same kind of model from unit processes, by the
// rules in docs/FORMAT.md ("Process databases"):
//
//   A  n x n technosphere: one column per process (sorted by process id),
//      row j = the reference product of process j, the reference amount on
//      the diagonal (not normalised), outputs +, inputs -; other product
//      and waste exchanges are linked to their provider, or cut off.
//   B  m x n interventions: one row per elementary flow used, sorted by id.
//   C  0 x m: a database carries no characterization method.
//
// Amounts are in the reference unit of each flow. Uncertainty records are
// set for A and B (include/lca/uncertainty.h). What was cut off, dropped or
// not converted is in the model's import report (lca_model_report): kinds
// "unlinked input", "unlinked output", "provider tie", "provider ignored",
// "dropped process" and "uncertainty dropped". No demands are added.
//
// Threads: one calling thread at a time per ctx. libxml2 is initialised
// on first use (xmlInitParser); call xmlInitParser yourself before using
// the EcoSpold 2 importer from several threads at once.
//
// Errors: LCA_ERR_IO (the zip cannot be opened or read), LCA_ERR_INVALID
// (not a zip; a damaged entry; no processes; malformed JSON or XML; a
// missing or mistyped field; a duplicate id; an unknown flow, flow
// property or unit; a number that is not finite), LCA_ERR_NOMEM. The
// message names the zip, the entry and the record (a JSON path such as
// exchanges[3].unit, or an XML line and exchange number). On error *M is
// NULL.

#ifndef LCA_IO_PROCDB_H
#define LCA_IO_PROCDB_H

#include "lca/alloc.h"
#include "lca/ctx.h"
#include "lca/model.h"

#ifdef __cplusplus
extern "C" {
#endif

// An openLCA JSON-LD export (olca-schema v1, as written by openLCA 1.x):
// a zip holding processes/, flows/, flow_properties/ and unit_groups/
// (folders may sit under one top folder); categories/ is read when present
// for the flows' compartments. Units are converted with the unit groups and
// the flows' flow property factors.
lca_status lca_import_olca(lca_ctx *ctx, const char *zip_path,
                           lca_model **M);

// An EcoSpold 2 export: a zip of .spold files, one activity each. The
// files carry no conversion factors, so units are converted by a built-in
// table (docs/FORMAT.md); an exchange in a unit not in it is an error.
lca_status lca_import_ecospold2(lca_ctx *ctx, const char *zip_path,
                                lca_model **M);

// The same imports with multi-output processes allocated as alloc asks
// (lca/alloc.h; NULL = the default, as the functions above). A split
// process gives one column per output: its reference product keeps the
// process id, a co-product column is "PROCESS/FLOW" named after the
// co-product flow. The model records the default as attribute
// "allocation" and the method applied to each process with co-products
// as "allocation:PROCESS"; the report has one "allocation" line per split
// process (the shares), "allocation fallback" lines for processes whose
// data do not support the method, and "allocation ignored" lines for
// overrides of processes without co-products.
// Errors: as above, and LCA_ERR_INVALID for an override naming no
// process of the database, a process twice, or a provider that is not a
// process of the import or has another unit (the message names the
// override's origin).
lca_status lca_import_olca_alloc(lca_ctx *ctx, const char *zip_path,
                                 const lca_alloc_options *alloc,
                                 lca_model **M);
lca_status lca_import_ecospold2_alloc(lca_ctx *ctx, const char *zip_path,
                                      const lca_alloc_options *alloc,
                                      lca_model **M);

// ---- provider choices ----------------------------------------------------
//
// When several processes provide the same product flow (a "provider tie";
// USLCI: "Diesel, at refinery", whose 134 links decide 298 factors by more
// than 1 %), an exchange without a usable default provider links by the
// tie rule: the first provider by sorted process id. A choice names the
// provider instead, per flow. Either way the import report has one
// "provider tie" line per such flow (id and name of the flow; the detail
// lists the providers, the one linked and why: the rule, or the choice
// and where it came from), and the model the attribute
// "provider:FLOW_ID" = the process linked; a release manifest lists them.
// Exchanges whose data name a default provider that is a kept process
// providing the flow keep it: a choice replaces the tie rule only.

// One choice (strings borrowed).
typedef struct lca_provider_choice {
    const char *flow;     // id of the product (or waste) flow
    const char *process;  // id of the providing column: a process id, or
                          // "PROCESS/FLOW" for an allocated co-product
    const char *origin;   // for messages, e.g. "ties.csv: line 3"; or NULL
} lca_provider_choice;

// What the process database imports take (zero-initialize; NULL / 0:
// as lca_import_olca).
typedef struct lca_procdb_options {
    const lca_alloc_options *alloc;       // multi-output processes
    int64_t nproviders;                   // provider choices
    const lca_provider_choice *providers;
} lca_procdb_options;

// The imports with all options. Errors: as lca_import_*_alloc, and
// LCA_ERR_INVALID for a choice naming a flow the database does not have
// or no process provides, a process that does not provide the flow (the
// message lists those that do), or two choices for one flow; the message
// names the choice's origin.
lca_status lca_import_olca_opts(lca_ctx *ctx, const char *zip_path,
                                const lca_procdb_options *opt,
                                lca_model **M);
lca_status lca_import_ecospold2_opts(lca_ctx *ctx, const char *zip_path,
                                     const lca_procdb_options *opt,
                                     lca_model **M);

// A list of choices owning its strings (io/import/provider_choices.c).
typedef struct lca_provider_list lca_provider_list;

lca_status lca_provider_list_create(lca_ctx *ctx, lca_provider_list **out);
void lca_provider_list_destroy(lca_provider_list **list);

// Append a choice (strings copied; origin may be NULL). Errors:
// LCA_ERR_ARG (flow or process NULL or empty), LCA_ERR_NOMEM.
lca_status lca_provider_list_add(lca_provider_list *list, const char *flow,
                                 const char *process, const char *origin);

// Append the choices of a CSV file (docs/FORMAT.md, "Provider choices"):
// a header naming the columns flow and process (any order, any case;
// other columns, such as flow_name, ignored), one choice per record.
// Errors: LCA_ERR_IO, LCA_ERR_INVALID (no such column, an empty id; the
// message names the file and line), LCA_ERR_NOMEM.
lca_status lca_provider_list_read_csv(lca_provider_list *list,
                                      const char *path);

// The choices (borrowed, valid until the next add or destroy).
const lca_provider_choice *lca_provider_list_get(const lca_provider_list *list,
                                                 int64_t *count);

#ifdef __cplusplus
}
#endif

#endif  // LCA_IO_PROCDB_H
