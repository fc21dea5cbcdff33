// cli/analysis/print.c: a table on the terminal, aligned, names never cut
// SPDX-License-Identifier: MIT
//
// Every column but the last is padded to its widest cell (header
// included); the last is printed as it is, so a long product name runs on
// instead of being cut to a stub that no longer says what it is. Numbers
// take 4 significant digits, shares are percentages.

#include <stdlib.h>
#include <string.h>

#include "analysis.h"

// Cell (i, c) as text into buf.
static const char *cell(const lca_table *t, int64_t c, an_fmt fmt, int64_t i,
                        char *buf, size_t size) {
    switch (fmt) {
    case AN_TEXT: return lca_table_col_text(t, c)[i];
    case AN_INT:
    case AN_RANK:
        snprintf(buf, size, "%lld", (long long)lca_table_col_int(t, c)[i]);
        if (fmt == AN_RANK && lca_table_col_int(t, c)[i] == 0) buf[0] = '\0';
        return buf;
    case AN_PCT:
        snprintf(buf, size, "%.1f %%", 100.0 * lca_table_col_number(t, c)[i]);
        return buf;
    case AN_NUM: break;
    }
    snprintf(buf, size, "%.4g", lca_table_col_number(t, c)[i]);
    return buf;
}

void an_print(FILE *f, const lca_table *t, const an_col *cols, int nc,
              int64_t first, int64_t rows, const char *indent) {
    int64_t n = lca_table_nrows(t) - first;
    if (rows >= 0 && rows < n) n = rows;
    int64_t idx[32], ic = indent ? lca_table_col_find(t, indent) : -1;
    size_t width[32];
    char buf[64];
    if (nc > 32) nc = 32;
    for (int k = 0; k < nc; k++) {
        idx[k] = lca_table_col_find(t, cols[k].col);
        width[k] = strlen(cols[k].header);
        for (int64_t i = first; idx[k] >= 0 && i < first + n; i++) {
            size_t w = strlen(cell(t, idx[k], cols[k].fmt, i, buf, sizeof buf));
            if (w > width[k]) width[k] = w;
        }
    }
    for (int k = 0; k < nc; k++) {
        if (k + 1 == nc) {
            fprintf(f, "  %s", cols[k].header);
        } else if (cols[k].fmt == AN_TEXT) {
            fprintf(f, "  %-*s", (int)width[k], cols[k].header);
        } else {
            fprintf(f, "  %*s", (int)width[k], cols[k].header);
        }
    }
    fputc('\n', f);
    for (int64_t i = first; i < first + n; i++) {
        for (int k = 0; k < nc; k++) {
            const char *s = idx[k] >= 0 ? cell(t, idx[k], cols[k].fmt, i, buf,
                                               sizeof buf) : "";
            if (k + 1 == nc) {
                int64_t d = ic >= 0 ? lca_table_col_int(t, ic)[i] : 0;
                fprintf(f, "  %*s%s", (int)(2 * d), "", s);
            } else if (cols[k].fmt == AN_TEXT) {
                fprintf(f, "  %-*s", (int)width[k], s);
            } else {
                fprintf(f, "  %*s", (int)width[k], s);
            }
        }
        fputc('\n', f);
    }
}
