// io/hdf5/h5in_text.c: lca__h5in, the validating HDF5 reader: strings and
// attributes
// SPDX-License-Identifier: MIT
//
// Strings are read in whichever form the file holds them (h5py writes
// variable-length, numpy 'S' arrays fixed-length) and copied into
// lca__malloc'ed strings, so that the caller never sees HDF5's memory.

#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <string.h>

#include "engine/ctx_impl.h"
#include "io/hdf5/h5in_impl.h"

// ---- strings ---------------------------------------------------------------

static herr_t read_any(hid_t id, hid_t memtype, void *buf) {
    if (H5Iget_type(id) == H5I_ATTR) return H5Aread(id, memtype, buf);
    return H5Dread(id, memtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf);
}

// Variable-length strings: HDF5 allocates them, we copy and reclaim.
static lca_status read_vlen(const lca__h5in *in, hid_t id, hid_t ftype,
                            hid_t space, const char *what, int64_t count,
                            char **out) {
    lca_ctx *ctx = in->ctx;
    lca_status st = LCA_OK;
    hid_t mem = H5Tcopy(H5T_C_S1);
    char **buf = lca__calloc(ctx, (size_t)count, sizeof *buf);
    if (buf == NULL) {
        st = lca__fail(ctx, LCA_ERR_NOMEM, "%s: out of memory for %s",
                       in->path, what);
        goto done;
    }
    // Reading into the file's character set: HDF5 does not convert
    // between ASCII and UTF-8.
    if (mem < 0 || H5Tset_size(mem, H5T_VARIABLE) < 0 ||
        H5Tset_cset(mem, H5Tget_cset(ftype)) < 0 ||
        read_any(id, mem, buf) < 0) {
        st = lca__h5_fail(ctx, "%s: cannot read %s", in->path, what);
        goto done;
    }
    for (int64_t i = 0; i < count && st == LCA_OK; i++) {
        out[i] = lca__strdup(ctx, buf[i] != NULL ? buf[i] : "");
        if (out[i] == NULL) {
            st = lca__fail(ctx, LCA_ERR_NOMEM, "%s: out of memory for %s",
                           in->path, what);
        }
    }
    H5Dvlen_reclaim(mem, space, H5P_DEFAULT, buf);
done:
    lca__free(ctx, buf);
    lca__h5_close(&mem);
    return st;
}

// Fixed-length strings: count slots of size bytes, padded with NULs or
// (Fortran style) spaces.
static lca_status read_fixed(const lca__h5in *in, hid_t id, hid_t ftype,
                             const char *what, int64_t count, char **out) {
    lca_ctx *ctx = in->ctx;
    lca_status st = LCA_OK;
    size_t size = H5Tget_size(ftype);
    H5T_str_t pad = H5Tget_strpad(ftype);
    hid_t mem = H5Tcopy(ftype);
    char *buf = lca__malloc(ctx, (size_t)count, size);
    if (buf == NULL) {
        st = lca__fail(ctx, LCA_ERR_NOMEM, "%s: out of memory for %s",
                       in->path, what);
        goto done;
    }
    if (size == 0 || mem < 0 || read_any(id, mem, buf) < 0) {
        st = lca__h5_fail(ctx, "%s: cannot read %s", in->path, what);
        goto done;
    }
    for (int64_t i = 0; i < count; i++) {
        const char *s = buf + (size_t)i * size;
        size_t len = strnlen(s, size);
        while (pad == H5T_STR_SPACEPAD && len > 0 && s[len - 1] == ' ') len--;
        out[i] = lca__malloc(ctx, len + 1, 1);
        if (out[i] == NULL) {
            st = lca__fail(ctx, LCA_ERR_NOMEM, "%s: out of memory for %s",
                           in->path, what);
            goto done;
        }
        memcpy(out[i], s, len);
        out[i][len] = '\0';
    }
done:
    lca__free(ctx, buf);
    lca__h5_close(&mem);
    return st;
}

// Read count strings from the open dataset or attribute id into out
// (count slots, NULL on entry; filled, possibly partly on failure).
static lca_status read_string_values(const lca__h5in *in, hid_t id,
                                     const char *what, int64_t count,
                                     char **out) {
    int is_attr = H5Iget_type(id) == H5I_ATTR;
    hid_t ftype = is_attr ? H5Aget_type(id) : H5Dget_type(id);
    hid_t space = is_attr ? H5Aget_space(id) : H5Dget_space(id);
    lca_status st = LCA_OK;
    htri_t is_vlen = ftype < 0 ? -1 : H5Tis_variable_str(ftype);
    if (space < 0 || is_vlen < 0) {
        st = lca__h5_fail(in->ctx, "%s: cannot inspect %s", in->path, what);
    } else if (is_vlen > 0) {
        st = read_vlen(in, id, ftype, space, what, count, out);
    } else {
        st = read_fixed(in, id, ftype, what, count, out);
    }
    lca__h5_close(&ftype);
    lca__h5_close(&space);
    return st;
}

void lca__h5_free_strings(lca_ctx *ctx, char **v, int64_t count) {
    if (v == NULL) return;
    for (int64_t i = 0; i < count; i++) lca__free(ctx, v[i]);
    lca__free(ctx, v);
}

lca_status lca__h5in_read_strings(const lca__h5in *in, const char *name,
                                  int64_t expect, const char *why,
                                  int64_t *count, char ***v) {
    lca_ctx *ctx = in->ctx;
    hid_t dset = H5I_INVALID_HID;
    int64_t len = 0;
    char **out = NULL;
    *v = NULL;
    *count = 0;
    lca_status st = lca__h5in_open_dataset(in, name, H5T_STRING, 1, &expect,
                                           why, &dset, &len);
    if (st != LCA_OK) goto done;
    out = lca__calloc(ctx, (size_t)len, sizeof *out);
    if (out == NULL) {
        st = lca__fail(ctx, LCA_ERR_NOMEM, "%s: out of memory for %s (%lld "
                       "strings)", in->path, name, (long long)len);
        goto done;
    }
    if (len > 0) st = read_string_values(in, dset, name, len, out);
    if (st != LCA_OK) goto done;
    *v = out;
    *count = len;
    out = NULL;
done:
    lca__h5_free_strings(ctx, out, len);
    lca__h5_close(&dset);
    return st;
}

// ---- attributes ------------------------------------------------------------

lca_status lca__h5in_has_attr(const lca__h5in *in, const char *obj,
                              const char *key, int *found) {
    htri_t e = H5Aexists_by_name(in->file, obj, key, H5P_DEFAULT);
    *found = e > 0;
    if (e < 0) {
        return lca__h5_fail(in->ctx, "%s: cannot look up attribute '%s' of "
                            "%s", in->path, key, obj);
    }
    return LCA_OK;
}

// Open attribute key of obj, check its class, count its values.
static lca_status open_attr(const lca__h5in *in, const char *obj,
                            const char *key, H5T_class_t cls, hid_t *out,
                            int64_t *npoints) {
    lca_ctx *ctx = in->ctx;
    hid_t attr = H5I_INVALID_HID, type = H5I_INVALID_HID;
    hid_t space = H5I_INVALID_HID;
    int found = 0;
    *out = H5I_INVALID_HID;
    lca_status st = lca__h5in_has_attr(in, obj, key, &found);
    if (st == LCA_OK && !found) {
        st = lca__fail(ctx, LCA_ERR_INVALID, "%s: %s has no attribute '%s'",
                       in->path, obj, key);
    }
    if (st != LCA_OK) goto done;
    attr = H5Aopen_by_name(in->file, obj, key, H5P_DEFAULT, H5P_DEFAULT);
    type = attr < 0 ? H5I_INVALID_HID : H5Aget_type(attr);
    space = attr < 0 ? H5I_INVALID_HID : H5Aget_space(attr);
    if (attr < 0 || type < 0 || space < 0) {
        st = lca__h5_fail(ctx, "%s: cannot open attribute '%s' of %s",
                          in->path, key, obj);
        goto done;
    }
    H5T_class_t c = H5Tget_class(type);
    if (c != cls) {
        st = lca__fail(ctx, LCA_ERR_INVALID, "%s: attribute '%s' of %s holds "
                       "%s values, expected %s", in->path, key, obj,
                       lca__h5in_class_str(c), lca__h5in_class_str(cls));
        goto done;
    }
    *npoints = (int64_t)H5Sget_simple_extent_npoints(space);
    *out = attr;
    attr = H5I_INVALID_HID;
done:
    lca__h5_close(&attr);
    lca__h5_close(&type);
    lca__h5_close(&space);
    return st;
}

lca_status lca__h5in_attr_string(const lca__h5in *in, const char *obj,
                                 const char *key, char **value) {
    hid_t attr = H5I_INVALID_HID;
    int64_t npoints = 0;
    char *s = NULL;
    *value = NULL;
    lca_status st = open_attr(in, obj, key, H5T_STRING, &attr, &npoints);
    if (st == LCA_OK && npoints != 1) {
        st = lca__fail(in->ctx, LCA_ERR_INVALID, "%s: attribute '%s' of %s "
                       "has %lld values, expected one", in->path, key, obj,
                       (long long)npoints);
    }
    if (st == LCA_OK) {
        char what[512];
        snprintf(what, sizeof what, "attribute '%s' of %s", key, obj);
        st = read_string_values(in, attr, what, 1, &s);
    }
    if (st == LCA_OK) {
        *value = s;
    } else {
        lca__free(in->ctx, s);
    }
    lca__h5_close(&attr);
    return st;
}

lca_status lca__h5in_attr_ints(const lca__h5in *in, const char *obj,
                               const char *key, int64_t count, int64_t *v) {
    hid_t attr = H5I_INVALID_HID;
    int64_t npoints = 0;
    lca_status st = open_attr(in, obj, key, H5T_INTEGER, &attr, &npoints);
    if (st == LCA_OK && npoints != count) {
        st = lca__fail(in->ctx, LCA_ERR_INVALID, "%s: attribute '%s' of %s "
                       "has %lld values, expected %lld", in->path, key, obj,
                       (long long)npoints, (long long)count);
    }
    if (st == LCA_OK && H5Aread(attr, H5T_NATIVE_INT64, v) < 0) {
        st = lca__h5_fail(in->ctx, "%s: cannot read attribute '%s' of %s",
                          in->path, key, obj);
    }
    lca__h5_close(&attr);
    return st;
}
