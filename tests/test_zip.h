// tests/test_zip.h: write small zip archives at test time (libzip), for the
// process-database importer tests
// SPDX-License-Identifier: MIT

#ifndef LCA_TEST_ZIP_H
#define LCA_TEST_ZIP_H

#include <stdio.h>
#include <string.h>

#include <zip.h>

// One entry: its name in the archive and its text.
typedef struct zip_text {
    const char *name, *text;
} zip_text;

// Write path as a zip of the count entries (the texts must stay valid
// until this returns). Returns 0 on success.
static inline int write_zip(const char *path, int count,
                            const zip_text *entries) {
    int err = 0;
    remove(path);
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
    if (z == NULL) return -1;
    for (int i = 0; i < count; i++) {
        const char *t = entries[i].text;
        zip_source_t *s = zip_source_buffer(z, t, strlen(t), 0);
        if (s == NULL || zip_file_add(z, entries[i].name, s,
                                      ZIP_FL_OVERWRITE) < 0) {
            zip_source_free(s);
            zip_discard(z);
            return -1;
        }
    }
    return zip_close(z);
}

// Write dir/name.zip from the nbase entries of base with the entry named
// replace swapped for with (with added when replace is NULL; the entry
// dropped when with.text is NULL). Returns the path (a static buffer) or
// NULL if the zip could not be written.
static inline const char *zip_variant(const char *dir, const char *name,
                                      const zip_text *base, int nbase,
                                      const char *replace, zip_text with) {
    static char path[4200];
    zip_text e[64];
    int n = 0;
    for (int i = 0; i < nbase && n < 63; i++) {
        if (replace != NULL && strcmp(base[i].name, replace) == 0) {
            if (with.text != NULL) e[n++] = with;
        } else {
            e[n++] = base[i];
        }
    }
    if (replace == NULL && with.text != NULL) e[n++] = with;
    snprintf(path, sizeof path, "%s/%s.zip", dir, name);
    return write_zip(path, n, e) == 0 ? path : NULL;
}

#endif  // LCA_TEST_ZIP_H
