// io/import/procdb/units.c: the built-in unit table (units_impl.h)
// SPDX-License-Identifier: MIT
//
// Names are those openLCA and ecoinvent write (EcoSpold 2 "unitName"),
// plus common spellings. Factors are exact definitions; a year is 365 d.

#include <string.h>

#include "io/import/procdb/units_impl.h"

typedef struct unit_def {
    const char *name, *ref;
    double factor;  // amount_in_ref = amount * factor
} unit_def;

#define YEAR 365.0
#define MILE 1.609344  // km
#define BTU 0.00105505585262  // MJ, International Table

static const unit_def table[] = {
    // mass
    {"kg", "kg", 1.0}, {"g", "kg", 1e-3}, {"mg", "kg", 1e-6},
    {"ug", "kg", 1e-9}, {"\xc2\xb5g", "kg", 1e-9}, {"ng", "kg", 1e-12},
    {"t", "kg", 1e3}, {"metric ton", "kg", 1e3}, {"Mg", "kg", 1e3},
    {"kt", "kg", 1e6}, {"Mt", "kg", 1e9}, {"lb", "kg", 0.45359237},
    {"lb av", "kg", 0.45359237}, {"oz", "kg", 0.028349523125},
    {"oz av", "kg", 0.028349523125}, {"sh tn", "kg", 907.18474},
    {"short ton", "kg", 907.18474}, {"long tn", "kg", 1016.0469088},
    {"long ton", "kg", 1016.0469088},
    // energy
    {"MJ", "MJ", 1.0}, {"J", "MJ", 1e-6}, {"kJ", "MJ", 1e-3},
    {"GJ", "MJ", 1e3}, {"TJ", "MJ", 1e6}, {"PJ", "MJ", 1e9},
    {"Wh", "MJ", 0.0036}, {"kWh", "MJ", 3.6}, {"MWh", "MJ", 3600.0},
    {"GWh", "MJ", 3.6e6}, {"TWh", "MJ", 3.6e9}, {"btu", "MJ", BTU},
    {"Btu", "MJ", BTU}, {"BTU", "MJ", BTU}, {"MMBtu", "MJ", BTU * 1e6},
    {"therm", "MJ", BTU * 1e5}, {"kcal", "MJ", 0.0041868},
    {"Mcal", "MJ", 4.1868}, {"toe", "MJ", 41868.0}, {"TOE", "MJ", 41868.0},
    {"TCE", "MJ", 29307.6},
    // volume
    {"m3", "m3", 1.0}, {"Nm3", "m3", 1.0}, {"l", "m3", 1e-3},
    {"L", "m3", 1e-3}, {"dm3", "m3", 1e-3}, {"cm3", "m3", 1e-6},
    {"ml", "m3", 1e-6}, {"hl", "m3", 0.1}, {"cu ft", "m3", 0.028316846592},
    {"ft3", "m3", 0.028316846592}, {"cu yd", "m3", 0.764554857984},
    {"gal", "m3", 0.003785411784}, {"gal (US liq)", "m3", 0.003785411784},
    {"bbl", "m3", 0.158987294928},
    // area, area*time, volume*time
    {"m2", "m2", 1.0}, {"cm2", "m2", 1e-4}, {"dm2", "m2", 1e-2},
    {"ha", "m2", 1e4}, {"km2", "m2", 1e6}, {"ft2", "m2", 0.09290304},
    {"ac", "m2", 4046.8564224}, {"acre", "m2", 4046.8564224},
    {"m2*a", "m2*a", 1.0}, {"m2*year", "m2*a", 1.0},
    {"m2*day", "m2*a", 1.0 / YEAR}, {"ha*a", "m2*a", 1e4},
    {"ha*year", "m2*a", 1e4}, {"km2*a", "m2*a", 1e6},
    {"m3*a", "m3*a", 1.0}, {"m3*year", "m3*a", 1.0},
    {"m3*day", "m3*a", 1.0 / YEAR},
    // length, length*time
    {"m", "m", 1.0}, {"mm", "m", 1e-3}, {"cm", "m", 1e-2}, {"dm", "m", 0.1},
    {"km", "m", 1e3}, {"in", "m", 0.0254}, {"ft", "m", 0.3048},
    {"yd", "m", 0.9144}, {"mi", "m", MILE * 1e3}, {"m*a", "m*a", 1.0},
    {"m*year", "m*a", 1.0}, {"km*a", "m*a", 1e3}, {"km*year", "m*a", 1e3},
    // transport
    {"t*km", "t*km", 1.0}, {"tkm", "t*km", 1.0},
    {"metric ton*km", "t*km", 1.0}, {"kg*km", "t*km", 1e-3},
    {"kgkm", "t*km", 1e-3}, {"t*mi", "t*km", MILE},
    {"p*km", "p*km", 1.0}, {"pkm", "p*km", 1.0}, {"person*km", "p*km", 1.0},
    {"p*mi", "p*km", MILE}, {"person*mi", "p*km", MILE},
    {"v*km", "v*km", 1.0}, {"vkm", "v*km", 1.0}, {"vehicle*km", "v*km", 1.0},
    {"v*mi", "v*km", MILE},
    // items
    {"Item(s)", "Item(s)", 1.0}, {"unit", "Item(s)", 1.0},
    {"item", "Item(s)", 1.0}, {"p", "Item(s)", 1.0}, {"pcs", "Item(s)", 1.0},
    {"Dozen(s)", "Item(s)", 12.0},
    // radioactivity
    {"kBq", "kBq", 1.0}, {"Bq", "kBq", 1e-3}, {"mBq", "kBq", 1e-6},
    {"MBq", "kBq", 1e3}, {"GBq", "kBq", 1e6}, {"Ci", "kBq", 3.7e7},
    // time, mass*time
    {"d", "d", 1.0}, {"day", "d", 1.0}, {"h", "d", 1.0 / 24},
    {"hour", "d", 1.0 / 24}, {"min", "d", 1.0 / 1440},
    {"s", "d", 1.0 / 86400}, {"a", "d", YEAR}, {"year", "d", YEAR},
    {"yr", "d", YEAR}, {"kg*a", "kg*a", 1.0}, {"kg*year", "kg*a", 1.0},
    {"kg*day", "kg*a", 1.0 / YEAR}, {"kg*d", "kg*a", 1.0 / YEAR},
    {"t*a", "kg*a", 1e3},
    // money: no exchange rates, each currency is its own reference
    {"USD", "USD", 1.0}, {"EUR", "EUR", 1.0}, {"CHF", "CHF", 1.0},
};

int lca__unit_lookup(const char *name, const char **ref, double *factor) {
    for (size_t k = 0; k < sizeof table / sizeof table[0]; k++) {
        if (strcmp(table[k].name, name) == 0) {
            *ref = table[k].ref;
            *factor = table[k].factor;
            return 1;
        }
    }
    return 0;
}
