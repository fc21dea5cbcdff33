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

#endif  // LCA_TEST_ZIP_H
