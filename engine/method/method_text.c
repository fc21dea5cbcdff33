// engine/method/method_text.c: how a method reads flow labels (CAS, name,
// place)
// SPDX-License-Identifier: MIT
//
// Databases spell the same flow differently: USEEIO says "Carbon dioxide"
// in "air/unspecified", USLCI "Carbon dioxide, fossil " (trailing space) in
// "air/low population density" or "Carbon dioxide [Inorganic emissions to
// air]" in ".../Emission to air", ecoinvent "air/urban air close to
// ground", ILCD "Elementary flows/Emissions/Emissions to air/...". CAS
// numbers come as "124-38-9" or "000124-38-9". The helpers here reduce
// these to comparable keys. Fuzzy matching (edit distance, synonyms
// guessed from word stems) was rejected: a wrong factor is worse than a
// missing one, which at least shows up in the report. Synonyms are rows
// of the method file instead, where they can be read and reviewed.

#include <ctype.h>
#include <string.h>

#include "method_impl.h"

static int lower(int c) { return tolower((unsigned char)c); }
static int space(int c) { return isspace((unsigned char)c); }
static int alpha(int c) { return isalpha((unsigned char)c); }

// Does s[0 .. len) start with pat, ignoring case?
static int starts_ci(const char *s, size_t len, const char *pat) {
    size_t n = strlen(pat);
    if (n > len) return 0;
    for (size_t i = 0; i < n; i++) {
        if (lower(s[i]) != lower(pat[i])) return 0;
    }
    return 1;
}

// Position of pat in s[0 .. len), ignoring case, or -1.
static long find_ci(const char *s, size_t len, const char *pat) {
    size_t n = strlen(pat);
    for (size_t i = 0; i + n <= len; i++) {
        if (starts_ci(s + i, len - i, pat)) return (long)i;
    }
    return -1;
}

// Is the word w (letters only) a whole word of s[0 .. len)?
static int has_word_ci(const char *s, size_t len, const char *w) {
    size_t n = strlen(w);
    for (size_t i = 0; i + n <= len; i++) {
        if (starts_ci(s + i, len - i, w) && (i == 0 || !alpha(s[i - 1])) &&
            (i + n == len || !alpha(s[i + n]))) {
            return 1;
        }
    }
    return 0;
}

// One '/'-separated component, trimmed: "Emissions to air" in
// "Elementary flows/Emissions to air/unspecified".
typedef struct part {
    const char *s;
    size_t len;
} part;

static int next_part(const char **p, part *out) {
    if (**p == '\0') return 0;
    const char *s = *p, *end = strchr(s, '/');
    if (end == NULL) end = s + strlen(s);
    *p = (*end == '/') ? end + 1 : end;
    while (s < end && space(*s)) s++;
    while (end > s && space(end[-1])) end--;
    out->s = s;
    out->len = (size_t)(end - s);
    return 1;
}

// "air", "air, urban", "Emission to air", "Emissions to atmosphere" ...
static int part_is_air(part c) {
    size_t w = 0;
    while (w < c.len && alpha(c.s[w])) w++;
    if (w == 3 && starts_ci(c.s, c.len, "air")) return 1;
    return starts_ci(c.s, c.len, "emission") &&
           (has_word_ci(c.s, c.len, "air") ||
            has_word_ci(c.s, c.len, "atmosphere"));
}

static int part_is_other(part c) {
    static const char *const words[] = {"water", "soil",  "waste", "ground",
                                        "ocean", "river", "lake"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        if (find_ci(c.s, c.len, words[i]) >= 0) return 1;
    }
    return 0;
}

// Resource before air ("resource/in air" is CO2 taken up, not emitted),
// air before the other words ("air/urban air close to ground").
lca__compartment lca__compartment_kind(const char *comp) {
    const char *p = comp;
    part c;
    int any = 0, air = 0, other = 0;
    while (next_part(&p, &c)) {
        if (c.len == 0) continue;
        any = 1;
        if (find_ci(c.s, c.len, "resource") >= 0) return LCA__COMP_RESOURCE;
        air |= part_is_air(c);
        other |= part_is_other(c);
    }
    if (!any) return LCA__COMP_EMPTY;
    if (air) return LCA__COMP_AIR;
    return other ? LCA__COMP_OTHER : LCA__COMP_UNKNOWN;
}

int lca__compartment_within(const char *comp, const char *within) {
    while (space(*within)) within++;
    size_t n = strlen(within);
    while (n > 0 && space(within[n - 1])) n--;
    if (n == 0) {
        lca__compartment k = lca__compartment_kind(comp);
        return k == LCA__COMP_AIR || k == LCA__COMP_EMPTY;
    }
    while (space(*comp)) comp++;
    size_t len = strlen(comp);
    while (len > 0 && space(comp[len - 1])) len--;
    if (n > len) return 0;
    for (size_t i = 0; i < n; i++) {
        if (lower(comp[i]) != lower(within[i])) return 0;
    }
    return n == len || comp[n] == '/' || within[n - 1] == '/';
}

// Digits of s into d (at most 10 significant, leading zeros dropped) and
// whether the hyphens sit as in NNNNNNN-NN-N (or there are none); 0 if s
// holds anything but digits, hyphens and spaces.
static int cas_digits(const char *s, char d[11], int *nd, int *layout_ok) {
    int n = 0, h = 0, since = 0, groups_ok = 1;
    for (; *s != '\0'; s++) {
        if (isdigit((unsigned char)*s)) {
            if (n == 0 && *s == '0') {
                since++;
                continue;
            }
            if (n == 10) return 0;
            d[n++] = *s;
            since++;
        } else if (*s == '-') {
            // Layout NNNNNNN-NN-N: 2 digits between the hyphens.
            if (h == 1 && since != 2) groups_ok = 0;
            if (since == 0) groups_ok = 0;
            h++;
            since = 0;
        } else if (!space(*s)) {
            return 0;
        }
    }
    *nd = n;
    *layout_ok = groups_ok && (h == 0 || (h == 2 && since == 1));
    return n > 0;
}

int lca__cas_parse(const char *s, int check, int64_t *cas) {
    char d[11];
    int n = 0, layout_ok = 0;
    if (!cas_digits(s, d, &n, &layout_ok) || n < 5) return 0;
    if (check) {
        if (!layout_ok) return 0;
        // Check digit = sum of the other digits times 1, 2, 3 ... from the
        // right, modulo 10.
        int sum = 0;
        for (int i = n - 2, w = 1; i >= 0; i--, w++) sum += w * (d[i] - '0');
        if (sum % 10 != d[n - 1] - '0') return 0;
    }
    int64_t v = 0;
    for (int i = 0; i < n; i++) v = 10 * v + (d[i] - '0');
    *cas = v;
    return 1;
}

void lca__name_key(const char *s, char *key) {
    size_t n = 0;
    int pending = 0;
    for (; *s != '\0'; s++) {
        if (space(*s)) {
            pending = n > 0;
            continue;
        }
        if (pending) key[n++] = ' ';
        pending = 0;
        key[n++] = (char)lower(*s);
    }
    key[n] = '\0';
    // Drop a trailing "[...]" when something precedes it.
    char *open = strrchr(key, '[');
    if (n > 0 && key[n - 1] == ']' && open != NULL && open > key) {
        while (open > key && open[-1] == ' ') open--;
        *open = '\0';
    }
}

// Is the match of pat at name[q] not a greenhouse gas after all? "methane"
// and "halon" must be whole words ("nitromethane", "methanesulfonic acid",
// "chlorothalonil" are other substances), and "methane" not that of
// "non-methane" or "other than methane" (VOC totals).
static int excluded(const char *name, size_t len, size_t q, const char *pat) {
    int is_methane = strcmp(pat, "methane") == 0;
    if (!is_methane && strcmp(pat, "halon") != 0) return 0;
    size_t end = q + strlen(pat);
    int word = (q == 0 || !alpha(name[q - 1])) &&
               (end == len || !alpha(name[end]));
    return !word ||
           (is_methane && ((q >= 4 && starts_ci(name + q - 4, 4, "non-")) ||
                           (q >= 5 && starts_ci(name + q - 5, 5, "than "))));
}

int lca__name_looks_ghg(const char *name) {
    static const char *const pats[] = {
        "carbon dioxide", "methane", "nitrous oxide", "dinitrogen",
        "hexafluoride", "nitrogen trifluoride", "nitrogen fluoride",
        "fluoro", "hfc", "pfc", "cfc", "halon", "co2", "ch4", "n2o", "sf6",
        "nf3"};
    size_t len = strlen(name);
    for (size_t i = 0; i < sizeof pats / sizeof pats[0]; i++) {
        size_t at = 0;
        long p;
        while ((p = find_ci(name + at, len - at, pats[i])) >= 0) {
            size_t q = at + (size_t)p;
            if (!excluded(name, len, q, pats[i])) return 1;
            at = q + 1;
        }
    }
    return 0;
}
