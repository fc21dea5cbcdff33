// io/util/zip.c: read the entries of a zip archive over libzip (zip_impl.h)
// SPDX-License-Identifier: MIT

#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "engine/ctx_impl.h"
#include "io/util/zip_impl.h"

// Entries larger than this are refused: no database file comes near it,
// and a forged size must not make us allocate gigabytes.
#define ENTRY_MAX ((zip_uint64_t)1 << 30)

typedef struct zip_entry {
    const char *name;  // borrowed from libzip; valid while the archive is open
    zip_uint64_t index;
} zip_entry;

struct lca__zip {
    lca_ctx *ctx;
    zip_t *za;
    char *path;
    int64_t count;
    zip_entry *entries;  // file entries, sorted by name
};

static int by_name(const void *a, const void *b) {
    return strcmp(((const zip_entry *)a)->name, ((const zip_entry *)b)->name);
}

// libzip's reason for code (and errno) as text, into buf.
static const char *zip_reason(int code, char *buf, size_t size) {
    zip_error_t ze;
    zip_error_init_with_code(&ze, code);
    snprintf(buf, size, "%s", zip_error_strerror(&ze));
    zip_error_fini(&ze);
    return buf;
}

static lca_status open_fail(lca_ctx *ctx, const char *path, int code) {
    char why[256];
    zip_reason(code, why, sizeof why);
    if (code == ZIP_ER_NOZIP || code == ZIP_ER_INCONS ||
        code == ZIP_ER_MULTIDISK) {
        return lca__fail(ctx, LCA_ERR_INVALID, "%s: not a readable zip "
                         "archive: %s", path, why);
    }
    if (code == ZIP_ER_MEMORY) {
        return lca__fail(ctx, LCA_ERR_NOMEM, "%s: out of memory", path);
    }
    return lca__fail(ctx, LCA_ERR_IO, "%s: cannot open: %s", path, why);
}

// macOS archivers add "__MACOSX/..." copies and "._name" resource files,
// which are not data.
static int is_junk(const char *name) {
    const char *base = strrchr(name, '/');
    base = base != NULL ? base + 1 : name;
    return strncmp(name, "__MACOSX/", 9) == 0 || strncmp(base, "._", 2) == 0;
}

// The file entries (names not ending in '/', no macOS junk), sorted.
static lca_status list_entries(lca__zip *z) {
    zip_int64_t total = zip_get_num_entries(z->za, 0);
    z->entries = lca__malloc(z->ctx, (size_t)(total > 0 ? total : 0),
                             sizeof *z->entries);
    if (z->entries == NULL) {
        return lca__fail(z->ctx, LCA_ERR_NOMEM, "%s: out of memory", z->path);
    }
    for (zip_int64_t i = 0; i < total; i++) {
        const char *name = zip_get_name(z->za, (zip_uint64_t)i, 0);
        if (name == NULL) {
            return lca__fail(z->ctx, LCA_ERR_INVALID, "%s: entry %lld has "
                             "no readable name", z->path, (long long)i);
        }
        size_t len = strlen(name);
        if (len == 0 || name[len - 1] == '/' || is_junk(name)) continue;
        z->entries[z->count].name = name;
        z->entries[z->count++].index = (zip_uint64_t)i;
    }
    if (z->count > 1) {
        qsort(z->entries, (size_t)z->count, sizeof *z->entries, by_name);
    }
    return LCA_OK;
}

lca_status lca__zip_open(lca_ctx *ctx, const char *path, lca__zip **z) {
    *z = lca__calloc(ctx, 1, sizeof **z);
    if (*z == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    (*z)->ctx = ctx;
    (*z)->path = lca__strdup(ctx, path);
    if ((*z)->path == NULL) {
        lca__zip_close(z);
        return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    }
    int code = 0;
    (*z)->za = zip_open(path, ZIP_RDONLY, &code);
    lca_status st = (*z)->za == NULL ? open_fail(ctx, path, code)
                                     : list_entries(*z);
    if (st != LCA_OK) lca__zip_close(z);
    return st;
}

void lca__zip_close(lca__zip **z) {
    if (z == NULL || *z == NULL) return;
    if ((*z)->za != NULL) zip_discard((*z)->za);
    lca__free((*z)->ctx, (*z)->entries);
    lca__free((*z)->ctx, (*z)->path);
    lca__free((*z)->ctx, *z);
    *z = NULL;
}

const char *lca__zip_path(const lca__zip *z) { return z->path; }
int64_t lca__zip_count(const lca__zip *z) { return z->count; }
const char *lca__zip_name(const lca__zip *z, int64_t i) {
    return z->entries[i].name;
}

// Read exactly size bytes of the open entry f into buf.
static lca_status read_all(lca__zip *z, int64_t i, zip_file_t *f, char *buf,
                           zip_uint64_t size) {
    zip_uint64_t got = 0;
    while (got < size) {
        zip_int64_t r = zip_fread(f, buf + got, size - got);
        if (r <= 0) {
            const char *why = r < 0 ? zip_error_strerror(zip_file_get_error(f))
                                    : "shorter than its stated size";
            return lca__fail(z->ctx, LCA_ERR_INVALID, "%s: %s: cannot read "
                             "the entry: %s", z->path, z->entries[i].name,
                             why);
        }
        got += (zip_uint64_t)r;
    }
    return LCA_OK;
}

lca_status lca__zip_read(lca__zip *z, int64_t i, char **buf, size_t *size) {
    const char *name = z->entries[i].name;
    zip_file_t *f = NULL;
    *buf = NULL;
    *size = 0;
    zip_stat_t sb;
    zip_stat_init(&sb);
    if (zip_stat_index(z->za, z->entries[i].index, 0, &sb) != 0 ||
        !(sb.valid & ZIP_STAT_SIZE) || sb.size > ENTRY_MAX) {
        return lca__fail(z->ctx, LCA_ERR_INVALID, "%s: %s: missing or "
                         "oversized entry size", z->path, name);
    }
    int64_t budget = lca_ctx_parse_budget(z->ctx);
    if (sb.size > (zip_uint64_t)budget) {
        return lca__fail(z->ctx, LCA_ERR_INVALID, "%s: %s: out of memory "
                         "budget: the entry inflates to %llu bytes, more "
                         "than %lld MiB (lca_ctx_set_parse_budget)", z->path,
                         name, (unsigned long long)sb.size,
                         (long long)(budget >> 20));
    }
    char *b = lca__malloc(z->ctx, (size_t)sb.size + 1, 1);
    if (b == NULL) {
        return lca__fail(z->ctx, LCA_ERR_NOMEM, "%s: %s: out of memory",
                         z->path, name);
    }
    f = zip_fopen_index(z->za, z->entries[i].index, 0);
    lca_status st = LCA_OK;
    if (f == NULL) {
        st = lca__fail(z->ctx, LCA_ERR_INVALID, "%s: %s: cannot open the "
                       "entry: %s", z->path, name,
                       zip_error_strerror(zip_get_error(z->za)));
    }
    if (st == LCA_OK) st = read_all(z, i, f, b, sb.size);
    if (f != NULL && zip_fclose(f) != 0 && st == LCA_OK) {
        st = lca__fail(z->ctx, LCA_ERR_INVALID, "%s: %s: damaged entry "
                       "(checksum)", z->path, name);
    }
    if (st != LCA_OK) {
        lca__free(z->ctx, b);
        return st;
    }
    b[sb.size] = '\0';
    *buf = b;
    *size = (size_t)sb.size;
    return LCA_OK;
}
