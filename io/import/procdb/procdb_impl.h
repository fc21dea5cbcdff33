// io/import/procdb/procdb_impl.h: the process-database builder shared by the openLCA
// JSON-LD and EcoSpold 2 importers
// SPDX-License-Identifier: MIT
//
// A reader (io/import/procdb/olca.c, io/import/procdb/ecospold2.c) walks its files and hands the
// builder what every process database has in common:
//
//   flows      id, name, compartment, reference unit, CAS, and the kind
//              (product, waste or elementary);
//   processes  id, name, location, and the file entry it came from;
//   exchanges  per process, in file order: the flow, the amount already
//              converted to the flow's reference unit but with the file's
//              sign, the input/output, avoided-product and reference
//              flags, an optional default provider (a process id), and an
//              uncertainty record describing that same amount.
//
// lca__procdb_build then makes the model. The rules are written down in
// docs/FORMAT.md ("Process databases"); in short:
//
//   columns    one per process that has exactly one reference exchange,
//              sorted by process id (byte order). A process without one is
//              left out and reported ("dropped process"); several are an
//              error.
//   A rows     row j is the reference flow of process j: A is square, with
//              the reference amount on the diagonal, not normalised.
//   signs      output +, input -, and an avoided product flips the sign.
//              If a reference amount comes out negative (a waste
//              treatment, whose reference is the waste input), its whole
//              row is negated: the diagonal is positive and a waste output
//              of another process reads as a demand for treatment.
//   linking    any other product or waste exchange goes to the row of its
//              provider: the default provider when it names a kept process
//              whose reference flow is this flow, else the process whose
//              reference flow has the same id. Ties: the first such process
//              by sorted process id ("provider tie" report line per flow).
//              No provider: cut off, one "unlinked input"/"unlinked output"
//              report line per exchange.
//   B rows     one per elementary flow used by a kept process, sorted by
//              flow id.
//   duplicates exchanges landing on one entry are summed (explicit zeros,
//              e.g. an inflow and outflow of water that cancel, are kept);
//              their uncertainty is combined as procdb_unc.c explains.
//
// Uncertainty records from readers follow include/lca/uncertainty.h for
// the amount as read (lognormal median carrying the amount's sign); the
// builder applies the sign rule to amount and record together.

#ifndef LCA_IO_PROCDB_IMPL_H
#define LCA_IO_PROCDB_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "lca/alloc.h"
#include "lca/io_procdb.h"
#include "lca/model.h"
#include "lca/uncertainty.h"

typedef struct lca__procdb lca__procdb;

typedef enum lca__pdb_kind {
    LCA__PDB_PRODUCT = 0,
    LCA__PDB_WASTE = 1,
    LCA__PDB_ELEMENTARY = 2,
} lca__pdb_kind;

// A flow as a reader describes it. Strings are copied; NULL means "".
// mass and energy (kg and MJ per reference unit; 0 when not known) are
// what physical allocation divides by (lca/alloc.h).
typedef struct lca__pdb_flow {
    const char *id, *name, *compartment, *unit, *cas;
    lca__pdb_kind kind;
    double mass, energy;
} lca__pdb_flow;

// An exchange of the current process.
typedef struct lca__pdb_exchange {
    int64_t flow;          // index from lca__procdb_add_flow
    double amount;         // in the flow's reference unit, sign as in the file
    int input;             // 1 for an input
    int avoided;           // 1 for an avoided product
    int reference;         // 1 for the process's reference exchange
    const char *provider;  // default provider process id (copied), or NULL
    lca_uncertainty u;     // describes amount, same unit and sign
    int has_price;         // 1 when price is given
    double price;          // per reference unit of the flow (allocation)
} lca__pdb_exchange;

// source names the database (the zip path) in messages and attributes.
// Errors: LCA_ERR_NOMEM.
lca_status lca__procdb_create(lca_ctx *ctx, const char *source,
                              lca__procdb **db);
void lca__procdb_destroy(lca__procdb **db);

// Add a flow; *index is its number. Errors: LCA_ERR_INVALID (the id is
// empty or already added: "duplicate flow id ..."), LCA_ERR_NOMEM.
lca_status lca__procdb_add_flow(lca__procdb *db, const lca__pdb_flow *f,
                                int64_t *index);

// Set flow i's mass and energy per reference unit where they are still
// unknown (0) and the given value is > 0 and finite.
void lca__procdb_set_physical(lca__procdb *db, int64_t i, double mass,
                              double energy);

// Index of the flow with this id, or -1; and flow i as added (borrowed).
int64_t lca__procdb_find_flow(const lca__procdb *db, const char *id);
const lca__pdb_flow *lca__procdb_flow(const lca__procdb *db, int64_t i);

// Start a process; the exchanges added next belong to it. entry names the
// file it came from. Errors: LCA_ERR_INVALID (empty id, or an id already
// given: the message names both entries), LCA_ERR_NOMEM.
lca_status lca__procdb_begin_process(lca__procdb *db, const char *id,
                                     const char *name, const char *location,
                                     const char *entry);

// The reference period of the current process from the dates the source
// gives (from, until: ISO dates "2010-01-01..." or NULL): "2010", or
// "2005-2006" when the years differ; left "" without a year (years
// outside 1900..2100 are placeholders and do not count).
// Errors: LCA_ERR_INVALID (no process begun), LCA_ERR_NOMEM.
lca_status lca__procdb_set_period(lca__procdb *db, const char *from,
                                  const char *until);

// Add an exchange to the current process. Errors: LCA_ERR_INVALID (no
// process begun, flow index out of range, amount not finite),
// LCA_ERR_NOMEM.
lca_status lca__procdb_add_exchange(lca__procdb *db,
                                    const lca__pdb_exchange *e);

// An allocation factor the data give for the current process: the share
// of product flow `flow` (an output of the process), physical (economic
// 0) or economic (1). Factors of one kind need not sum to 1: the builder
// normalises them (lca/alloc.h, SOURCE). Errors: LCA_ERR_INVALID (no
// process begun, flow out of range, value not finite or negative),
// LCA_ERR_NOMEM.
lca_status lca__procdb_add_factor(lca__procdb *db, int64_t flow,
                                  int economic, double value);

// The kind of the current process's factors that SOURCE uses first (0
// physical, 1 economic; default physical).
void lca__procdb_set_source_kind(lca__procdb *db, int economic);

// Count one exchange whose uncertainty was not imported for a reason
// shared by many (e.g. "lognormal with geomSd 0"); build adds one
// "uncertainty dropped" report line per reason with the count.
// Errors: LCA_ERR_NOMEM.
lca_status lca__procdb_tally(lca__procdb *db, const char *reason);

// The record for a lognormal of this median and GSD: LOGNORMAL when
// gsd > 1 and finite, else NONE, tallied under reason.
// Errors: LCA_ERR_NOMEM.
lca_status lca__procdb_lognormal(lca__procdb *db, double median, double gsd,
                                 const char *reason, lca_uncertainty *u);

// Build the model (technosphere convention, no indicators, no demands),
// its uncertainty records, import report and attributes ("importer" =
// importer, "source" = the source given at create, "allocation" = the
// default method, "allocation:PROCESS" = the method applied to each
// process with co-products, "provider:FLOW" = the provider linked for each
// provider tie). opt NULL, or its alloc NULL: lca_alloc_options_default.
// Errors: LCA_ERR_INVALID (a process with several reference exchanges or
// an elementary reference flow; an override naming an unknown process, a
// provider that does not exist or has another unit; a provider choice
// that does not fit), LCA_ERR_NOMEM.
lca_status lca__procdb_build(lca__procdb *db, const char *importer,
                             const lca_procdb_options *opt, lca_model **M);

// ---- uncertainty helpers (io/import/procdb/procdb_unc.c) ---------------------------------

// u describes x; make it describe f*x (f may be negative: bounds swap).
void lca__pdb_unc_scale(lca_uncertainty *u, double f);

// Combine the records of k >= 2 entries x[0..k) that are summed into one:
// into *out, for the sum. Returns 1 when the combination is exact, 0 when
// something was dropped (a distribution: *out is NONE; or pedigree scores
// that differ between the records: *out has none).
int lca__pdb_unc_combine(const lca_uncertainty *u, const double *x,
                         int64_t k, lca_uncertainty *out);

#endif  // LCA_IO_PROCDB_IMPL_H
