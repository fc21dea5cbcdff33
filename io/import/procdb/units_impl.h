// io/import/procdb/units_impl.h: a built-in table of units, for formats whose files
// carry unit names but no conversion factors (EcoSpold 2 activity files)
// SPDX-License-Identifier: MIT
//
// Each unit name maps to a reference unit and the factor to it:
// amount_in_ref = amount * factor. The reference units are those of
// openLCA's reference data (kg, MJ, m3, m2, m2*a, t*km, p*km, kBq,
// Item(s), d, ...), so that an EcoSpold 2 import and an openLCA JSON-LD
// import of the same database give amounts in the same units. The factors
// are exact by definition (NIST SP 811), not openLCA's rounded ones: 1 sh
// tn = 907.18474 kg, 1 Btu (IT) = 1055.05585262 J, 1 cu ft =
// 0.028316846592 m3. A year is 365 days, as in openLCA. The table is in
// io/import/procdb/units.c and listed in docs/FORMAT.md.

#ifndef LCA_IO_UNITS_IMPL_H
#define LCA_IO_UNITS_IMPL_H

// Look up a unit by its exact name (case matters: "Mg" is not "mg").
// Returns 1 and sets *ref (static text) and *factor, or 0 when unknown.
int lca__unit_lookup(const char *name, const char **ref, double *factor);

#endif  // LCA_IO_UNITS_IMPL_H
