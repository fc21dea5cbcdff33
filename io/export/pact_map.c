// io/export/pact_map.c: our names for things into PACT's: units, periods,
// geography, IPCC report, standards, product URNs
// SPDX-License-Identifier: MIT
//
// These tables are the PACT v3 format's own lists (declaredUnitOfMeasurement,
// geographyRegionOrSubregion, crossSectoralStandards), not user data: a
// unit or region PACT has no name for is an error the caller reports,
// never a guess.

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "engine/ctx_impl.h"
#include "io/export/pact_impl.h"

typedef struct unit_row {
    const char *name;   // our unit token (compared ignoring case)
    const char *pact;   // PACT's declaredUnitOfMeasurement
    double factor;      // PACT units per one of ours
    int mass_zero;      // PACT: mass per declared unit is 0
} unit_row;

static const unit_row units[] = {
    {"kg", "kilogram", 1, 0},          {"g", "kilogram", 1e-3, 0},
    {"t", "kilogram", 1e3, 0},         {"tonne", "kilogram", 1e3, 0},
    {"tonnes", "kilogram", 1e3, 0},    {"l", "liter", 1, 0},
    {"liter", "liter", 1, 0},          {"litre", "liter", 1, 0},
    {"m3", "cubic meter", 1, 0},       {"m2", "square meter", 1, 0},
    {"kWh", "kilowatt hour", 1, 1},    {"Wh", "kilowatt hour", 1e-3, 1},
    {"MWh", "kilowatt hour", 1e3, 1},  {"GWh", "kilowatt hour", 1e6, 1},
    {"MJ", "megajoule", 1, 1},         {"kJ", "megajoule", 1e-3, 1},
    {"GJ", "megajoule", 1e3, 1},       {"TJ", "megajoule", 1e6, 1},
    {"tkm", "ton kilometer", 1, 1},    {"t*km", "ton kilometer", 1, 1},
    {"t.km", "ton kilometer", 1, 1},   {"h", "hour", 1, 1},
    {"hour", "hour", 1, 1},            {"p", "piece", 1, 0},
    {"pc", "piece", 1, 0},             {"pcs", "piece", 1, 0},
    {"piece", "piece", 1, 0},          {"item", "piece", 1, 0},
    {"items", "piece", 1, 0},          {"unit", "piece", 1, 0},
};

const char *lca__pact_unit(const char *unit, double *factor, int *mass_zero) {
    // [number] token [anything]: "1000 m3" is 1000 x m3, "kWh delivered"
    // is kWh.
    char *end;
    double count = strtod(unit, &end);
    if (end == unit) count = 1;
    while (isspace((unsigned char)*end)) end++;
    size_t len = strcspn(end, " \t");
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        if (strlen(units[i].name) == len &&
            strncasecmp(end, units[i].name, len) == 0 &&
            (len > 1 || strncmp(end, units[i].name, len) == 0)) {
            *factor = count * units[i].factor;
            *mass_zero = units[i].mass_zero;
            return count > 0 ? units[i].pact : NULL;
        }
    }
    return NULL;
}

// The first year 1900..2100 at or after s; *after points past it.
static int year(const char *s, const char **after) {
    for (const char *p = s; *p; p++) {
        if (isdigit((unsigned char)p[0]) && isdigit((unsigned char)p[1]) &&
            isdigit((unsigned char)p[2]) && isdigit((unsigned char)p[3]) &&
            (p == s || !isdigit((unsigned char)p[-1])) &&
            !isdigit((unsigned char)p[4])) {
            int y = atoi(p);
            if (y >= 1900 && y <= 2100) {
                *after = p + 4;
                return y;
            }
        }
    }
    return 0;
}

int lca__pact_period(const char *s, char start[32], char end[32]) {
    const char *after = s;
    int y0 = year(s, &after);
    if (y0 == 0) return 0;
    int y1 = year(after, &after);
    if (y1 < y0) y1 = y0;
    snprintf(start, 32, "%04d-01-01T00:00:00Z", y0);
    snprintf(end, 32, "%04d-01-01T00:00:00Z", y1 + 1);
    return 1;
}

static const char *const regions[] = {
    "Africa", "Americas", "Asia", "Europe", "Oceania",
    "Australia and New Zealand", "Central Asia", "Eastern Asia",
    "Eastern Europe", "Latin America and the Caribbean", "Melanesia",
    "Micronesia", "Northern Africa", "Northern America", "Northern Europe",
    "Polynesia", "South-eastern Asia", "Southern Asia", "Southern Europe",
    "Sub-Saharan Africa", "Western Asia", "Western Europe"};

// ecoinvent's region codes that are UN M49 regions.
static const char *const region_codes[][2] = {
    {"RER", "Europe"},   {"RNA", "Northern America"},
    {"RAS", "Asia"},     {"RAF", "Africa"},
    {"RLA", "Latin America and the Caribbean"},
    {"RME", "Western Asia"}, {"WEU", "Western Europe"}};

const char *lca__pact_geo(const char *region, const char **value) {
    *value = region;
    if (region[0] == '\0' || strcmp(region, "GLO") == 0 ||
        strcmp(region, "RoW") == 0) {
        return "";
    }
    size_t n = strlen(region);
    if (n == 2 && isupper((unsigned char)region[0]) &&
        isupper((unsigned char)region[1])) {
        return "geographyCountry";
    }
    if (n >= 4 && n <= 6 && isupper((unsigned char)region[0]) &&
        isupper((unsigned char)region[1]) && region[2] == '-' &&
        strspn(region + 3, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") == n - 3) {
        return "geographyCountrySubdivision";
    }
    for (size_t i = 0; i < sizeof regions / sizeof regions[0]; i++) {
        if (strcmp(region, regions[i]) == 0) return "geographyRegionOrSubregion";
    }
    for (size_t i = 0; i < sizeof region_codes / sizeof region_codes[0]; i++) {
        if (strcmp(region, region_codes[i][0]) == 0) {
            *value = region_codes[i][1];
            return "geographyRegionOrSubregion";
        }
    }
    return NULL;
}

const char *lca__pact_ipcc(const char *gwp_set, char buf[16]) {
    for (const char *p = strstr(gwp_set, "AR"); p != NULL;
         p = strstr(p + 2, "AR")) {
        if ((p == gwp_set || !isalnum((unsigned char)p[-1])) &&
            isdigit((unsigned char)p[2])) {
            int v = atoi(p + 2);
            if (v >= 1 && v <= 99) {
                snprintf(buf, 16, "AR%d", v);
                return buf;
            }
        }
    }
    return NULL;
}

static const char *const standards[][2] = {
    {"ISO 14067", "ISO14067"},       {"ISO14067", "ISO14067"},
    {"ISO 14083", "ISO14083"},       {"ISO 14040", "ISO14040-44"},
    {"ISO 14044", "ISO14040-44"},    {"GHG Protocol", "GHGP-Product"},
    {"Greenhouse Gas Protocol", "GHGP-Product"},
    {"Product Environmental Footprint", "PEF"},
    {"2021/2279", "PEF"},            {"PAS 2050", "PAS2050"},
    {"PACT Methodology", "PACT-3.0"}};

const char *lca__pact_standard(const char *follows) {
    for (size_t i = 0; i < sizeof standards / sizeof standards[0]; i++) {
        if (strncmp(follows, standards[i][0], strlen(standards[i][0])) == 0) {
            return standards[i][1];
        }
    }
    return follows;
}

char *lca__pact_urn(lca_ctx *ctx, const char *domain, const char *kind,
                    const char *id) {
    size_t n = strlen(domain) + strlen(kind) + 3 * strlen(id) + 16;
    char *s = lca__malloc(ctx, n, 1);
    if (s == NULL) return NULL;
    int k = snprintf(s, n, "urn:pact:%s:%s:", domain, kind);
    char *o = s + k;
    static const char *const hex = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)id; *p; p++) {
        if (isalnum(*p) || *p == '-' || *p == '.' || *p == '_' || *p == '~') {
            *o++ = (char)*p;
        } else {
            *o++ = '%';
            *o++ = hex[*p >> 4];
            *o++ = hex[*p & 15];
        }
    }
    *o = '\0';
    return s;
}
