// io/native/mcckpt.c: the checkpoint folder of a Monte Carlo run
// SPDX-License-Identifier: MIT

#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <hdf5.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "engine/ctx_impl.h"
#include "io/hdf5/h5in_impl.h"
#include "io/hdf5/h5out_impl.h"
#include "io/native/mcckpt_impl.h"

lca_status lca__ckpt_dir(lca_ctx *ctx, const char *out, char **dir) {
    size_t len = strlen(out) + 6;
    *dir = lca__malloc(ctx, len, 1);
    if (*dir == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    snprintf(*dir, len, "%s.ckpt", out);
    return LCA_OK;
}

void lca__ckpt_path(const char *dir, int64_t seg_first, char *buf,
                    size_t size) {
    if (seg_first < 0) {
        snprintf(buf, size, "%s/state.h5", dir);
    } else {
        snprintf(buf, size, "%s/seg-%015lld.h5", dir, (long long)seg_first);
    }
}

static lca_status write_state_body(lca__h5out *o, const lca__mcstate *s) {
    lca_status st = lca__h5out_set_attr(o, "/", "format",
                                        "leontief-mc-checkpoint");
    const char *sk[] = {"fingerprint", "command_line"};
    const char *sv[] = {s->fingerprint, s->command_line};
    for (int i = 0; i < 2 && st == LCA_OK; i++) {
        st = lca__h5out_set_attr(o, "/", sk[i], sv[i]);
    }
    const char *ik[] = {"schema_version", "next", "ndone", "nfailed",
                        "nclamped", "niterative", "nfallback", "nkrylov"};
    // v2: sealed, fixed-length strings (v1 states still read).
    int64_t iv[] = {2, s->next, s->ndone, s->nfailed, s->nclamped,
                    s->niterative, s->nfallback, s->nkrylov};
    for (int i = 0; i < 8 && st == LCA_OK; i++) {
        st = lca__h5out_set_attr_int(o, "/", ik[i], iv[i]);
    }
    const char *in[] = {"failures/iteration", "failures/code",
                        "segments/first", "segments/rows", "stats/count"};
    const int64_t *ivs[] = {s->fail_iter, s->fail_code, s->seg_first,
                            s->seg_rows, s->count};
    int64_t ic[] = {s->nfail, s->nfail, s->nseg, s->nseg, s->len};
    for (int i = 0; i < 5 && st == LCA_OK; i++) {
        st = lca__h5out_write_ints(o, in[i], ic[i], ivs[i]);
    }
    const char *dn[] = {"stats/mean", "stats/m2", "stats/min", "stats/max"};
    const double *dv[] = {s->mean, s->m2, s->min, s->max};
    for (int i = 0; i < 4 && st == LCA_OK; i++) {
        st = lca__h5out_write_doubles(o, dn[i], s->len, dv[i]);
    }
    if (st == LCA_OK) {
        st = lca__h5out_write_strings(o, "argv", s->argc,
                                      (const char *const *)s->argv);
    }
    return st;
}

lca_status lca__ckpt_write_state(lca_ctx *ctx, const char *dir,
                                 const lca__mcstate *s) {
    char path[4200];
    lca__ckpt_path(dir, -1, path, sizeof path);
    lca__h5out *o = NULL;
    lca_status st = lca__h5out_create(ctx, path, &o);
    if (st == LCA_OK) st = write_state_body(o, s);
    if (st == LCA_OK) return lca__h5out_commit(&o);
    lca__h5out_destroy(&o);
    return st;
}

void lca__ckpt_free_state(lca_ctx *ctx, lca__mcstate *s) {
    lca__free(ctx, s->fingerprint);
    lca__free(ctx, s->command_line);
    if (s->argv != NULL) lca__h5_free_strings(ctx, s->argv, s->argc);
    void *a[] = {s->fail_iter, s->fail_code, s->seg_first, s->seg_rows,
                 s->count, s->mean, s->m2, s->min, s->max};
    for (size_t i = 0; i < sizeof a / sizeof a[0]; i++) lca__free(ctx, a[i]);
    memset(s, 0, sizeof *s);
}

static lca_status read_state_attrs(lca__h5in *in, lca__mcstate *s) {
    char *format = NULL;
    lca_status st = lca__h5in_attr_string(in, "/", "format", &format);
    if (st == LCA_OK && strcmp(format, "leontief-mc-checkpoint") != 0) {
        st = lca__fail(in->ctx, LCA_ERR_INVALID, "%s is not a leontief "
                       "checkpoint", in->path);
    }
    lca__free(in->ctx, format);
    if (st == LCA_OK) st = lca__h5in_attr_string(in, "/", "fingerprint",
                                                 &s->fingerprint);
    if (st == LCA_OK) st = lca__h5in_attr_string(in, "/", "command_line",
                                                 &s->command_line);
    const char *ik[] = {"next", "ndone", "nfailed", "nclamped", "niterative",
                        "nfallback", "nkrylov"};
    int64_t *iv[] = {&s->next, &s->ndone, &s->nfailed, &s->nclamped,
                     &s->niterative, &s->nfallback, &s->nkrylov};
    for (int i = 0; i < 7 && st == LCA_OK; i++) {
        st = lca__h5in_attr_ints(in, "/", ik[i], 1, iv[i]);
    }
    return st;
}

static lca_status read_state_arrays(lca__h5in *in, lca__mcstate *s) {
    int64_t c1, c2;
    lca_status st = lca__h5in_read_ints(in, "failures/iteration", -1, NULL,
                                        &s->nfail, &s->fail_iter);
    if (st == LCA_OK) st = lca__h5in_read_ints(in, "failures/code", s->nfail,
                                               "one per failure", &c1,
                                               &s->fail_code);
    if (st == LCA_OK) st = lca__h5in_read_ints(in, "segments/first", -1, NULL,
                                               &s->nseg, &s->seg_first);
    if (st == LCA_OK) st = lca__h5in_read_ints(in, "segments/rows", s->nseg,
                                               "one per segment", &c2,
                                               &s->seg_rows);
    if (st == LCA_OK) st = lca__h5in_read_ints(in, "stats/count", -1, NULL,
                                               &s->len, &s->count);
    const char *dn[] = {"stats/mean", "stats/m2", "stats/min", "stats/max"};
    double **dv[] = {&s->mean, &s->m2, &s->min, &s->max};
    for (int i = 0; i < 4 && st == LCA_OK; i++) {
        st = lca__h5in_read_doubles(in, dn[i], s->len, "one per summary",
                                    &c1, dv[i]);
    }
    if (st == LCA_OK) st = lca__h5in_read_strings(in, "argv", -1, NULL,
                                                  &s->argc, &s->argv);
    return st;
}

lca_status lca__ckpt_read_state(lca_ctx *ctx, const char *dir,
                                lca__mcstate *s) {
    memset(s, 0, sizeof *s);
    char path[4200];
    lca__ckpt_path(dir, -1, path, sizeof path);
    if (access(path, R_OK) != 0) {
        return lca__fail(ctx, LCA_ERR_IO, "no checkpoint to resume: %s does "
                         "not exist", path);
    }
    lca__h5in in;
    lca__h5quiet q;
    lca__h5_quiet(&q);
    lca_status st = lca__h5in_open(ctx, path, &in);
    if (st == LCA_OK) st = read_state_attrs(&in, s);
    if (st == LCA_OK) st = read_state_arrays(&in, s);
    lca__h5in_close(&in);
    lca__h5_unquiet(&q);
    if (st != LCA_OK) lca__ckpt_free_state(ctx, s);
    return st;
}

lca_status lca__ckpt_read_rows(lca_ctx *ctx, const char *file,
                               const char *name, int64_t r0, int64_t nrows,
                               int64_t d1, int64_t d2, double *v) {
    lca__h5in in;
    lca__h5quiet q;
    lca__h5_quiet(&q);
    lca_status st = lca__h5in_open(ctx, file, &in);
    if (st != LCA_OK) {
        lca__h5_unquiet(&q);
        return st;
    }
    hid_t d = H5I_INVALID_HID, fs = H5I_INVALID_HID, ms = H5I_INVALID_HID;
    int64_t dims[3], expect[3] = {-1, d1, d2};
    st = lca__h5in_open_dataset(&in, name, H5T_FLOAT, 3, expect,
                                "rows x d1 x d2", &d, dims);
    if (st == LCA_OK && dims[0] < r0 + nrows) {
        st = lca__fail(ctx, LCA_ERR_INVALID, "%s: %s has %lld rows, not %lld",
                       file, name, (long long)dims[0],
                       (long long)(r0 + nrows));
    }
    if (st == LCA_OK) {
        hsize_t start[3] = {(hsize_t)r0, 0, 0};
        hsize_t count[3] = {(hsize_t)nrows, (hsize_t)d1, (hsize_t)d2};
        fs = H5Dget_space(d);
        ms = H5Screate_simple(3, count, NULL);
        if (fs < 0 || ms < 0 ||
            H5Sselect_hyperslab(fs, H5S_SELECT_SET, start, NULL, count,
                                NULL) < 0 ||
            H5Dread(d, H5T_NATIVE_DOUBLE, ms, fs, H5P_DEFAULT, v) < 0) {
            st = lca__h5_fail(ctx, "%s: cannot read %s", file, name);
        }
    }
    lca__h5_close(&ms);
    lca__h5_close(&fs);
    lca__h5_close(&d);
    lca__h5in_close(&in);
    lca__h5_unquiet(&q);
    return st;
}

void lca__ckpt_remove(const char *dir) {
    DIR *d = opendir(dir);
    if (d == NULL) return;
    struct dirent *e;
    char path[4400];
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) {
            continue;
        }
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        unlink(path);
    }
    closedir(d);
    rmdir(dir);
}
