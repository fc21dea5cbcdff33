// io/native/mcfile.c: writing a Monte Carlo run: segments, checkpoints, resume
// SPDX-License-Identifier: MIT
//
// While a run goes, finished blocks are appended to a segment file in the
// checkpoint folder OUT.ckpt/ (io/native/mcckpt_impl.h). lca_mcfile_checkpoint
// commits the segment and then the state (engine summaries, counters,
// failures, the list of segments), each atomically, so a run killed at any
// moment resumes from its last checkpoint and ends with the same numbers
// as a run that never stopped. lca_mcfile_finish assembles OUT from the
// segments (io/native/mcfile_finish.c). Memory stays independent of the number
// of iterations: samples live in files.

#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/ctx_impl.h"
#include "io/hdf5/h5in_impl.h"
#include "io/hdf5/h5out_impl.h"
#include "io/native/mcfile_impl.h"

static lca_status copy_selection(lca_mcfile *f, const lca_mc_options *opt) {
    f->ind = lca__malloc(f->ctx, (size_t)f->nind + 1, sizeof *f->ind);
    f->dem = lca__malloc(f->ctx, (size_t)f->nd + 1, sizeof *f->dem);
    if (f->ind == NULL || f->dem == NULL) {
        return lca__fail(f->ctx, LCA_ERR_NOMEM, "out of memory");
    }
    for (int64_t r = 0; r < f->nind; r++) {
        f->ind[r] = opt->ind != NULL ? opt->ind[r] : r;
    }
    for (int64_t j = 0; j < f->nd; j++) f->dem[j] = opt->demands[j];
    return LCA_OK;
}

static lca_status copy_argv(lca_mcfile *f, int argc, char *const *argv) {
    f->st.argv = lca__calloc(f->ctx, (size_t)argc + 1, sizeof *f->st.argv);
    if (f->st.argv == NULL) return lca__fail(f->ctx, LCA_ERR_NOMEM, "oom");
    for (int i = 0; i < argc; i++) {
        f->st.argv[i] = lca__strdup(f->ctx, argv[i]);
        if (f->st.argv[i] == NULL) {
            return lca__fail(f->ctx, LCA_ERR_NOMEM, "out of memory");
        }
        f->st.argc = i + 1;
    }
    return LCA_OK;
}

// The parts shared by a new run and a resumed one.
static lca_status setup(lca_mcfile *f, const char *path, const lca_model *M,
                        const lca_mc_options *opt) {
    f->M = M;
    f->n = lca_model_dim(M, LCA_PRODUCTS);
    f->nind = opt->nind > 0 ? opt->nind : lca_model_dim(M, LCA_INDICATORS);
    f->nd = opt->nd;
    f->bs = opt->block_size;
    f->factor_samples = opt->keep_factors;
    f->seg_first = -1;
    f->lock_fd = -1;
    f->path = lca__strdup(f->ctx, path);
    if (f->path == NULL) return lca__fail(f->ctx, LCA_ERR_NOMEM, "oom");
    f->solver_buf = lca__malloc(f->ctx, 2 * (size_t)f->bs,
                                sizeof *f->solver_buf);
    if (f->solver_buf == NULL) {
        return lca__fail(f->ctx, LCA_ERR_NOMEM, "out of memory");
    }
    lca_status st = lca__ckpt_dir(f->ctx, path, &f->dir);
    if (st == LCA_OK) st = copy_selection(f, opt);
    return st;
}

lca_status lca_mcfile_create(const char *path, const lca_mc_spec *spec,
                             lca_mcfile **out) {
    lca_ctx *ctx = lca_model_ctx(spec->M);
    *out = NULL;
    lca_mcfile *f = lca__calloc(ctx, 1, sizeof *f);
    if (f == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    f->ctx = ctx;
    char fingerprint[LCA_MC_FINGERPRINT_MAX];
    lca_mc_fingerprint(spec, fingerprint, sizeof fingerprint);
    lca_status st = setup(f, path, spec->M, spec->opt);
    if (st == LCA_OK) {
        f->st.fingerprint = lca__strdup(ctx, fingerprint);
        f->st.command_line = lca__strdup(ctx, "");
        if (f->st.fingerprint == NULL || f->st.command_line == NULL) {
            st = lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
        }
    }
    if (st == LCA_OK) st = copy_argv(f, spec->argc, spec->argv);
    // Under the folder's lock: a folder without a state holds no completed
    // checkpoint (a run killed before its first one), so it is reused.
    char state[4200];
    if (st == LCA_OK) st = lca__ckpt_lock(ctx, f->dir, path, 1, &f->lock_fd);
    if (st == LCA_OK) lca__ckpt_path(f->dir, -1, state, sizeof state);
    if (st == LCA_OK && access(state, F_OK) == 0) {
        st = lca__fail(ctx, LCA_ERR_INVALID, "%s exists: an earlier run of %s "
                       "was stopped; resume it with --resume %s, or delete "
                       "the folder to start over", f->dir, path, path);
    } else if (st == LCA_OK) {
        lca__ckpt_clear(f->dir);
    }
    if (st == LCA_OK) st = lca__mcfile_provenance(f, spec);
    if (st != LCA_OK) {
        lca_mcfile_destroy(&f);
        return st;
    }
    *out = f;
    return LCA_OK;
}

int lca_mcfile_has_checkpoint(const char *path) {
    char state[4200];
    snprintf(state, sizeof state, "%s.ckpt/state.h5", path);
    return access(state, R_OK) == 0;
}

// The first checkpoint, at iteration 0, so that a run killed at once can
// be resumed (its recorded arguments are in the state).
lca_status lca_mcfile_start(lca_mcfile *f, const lca_mc *mc) {
    lca_status st = lca_mcfile_checkpoint(f, mc);
    if (st != LCA_OK) lca__ckpt_remove(f->dir);
    return st;
}

void lca_mcfile_discard(lca_mcfile **fp) {
    if (fp == NULL || *fp == NULL) return;
    lca__ckpt_remove((*fp)->dir);  // still under the lock
    lca_mcfile_destroy(fp);
}

void lca_mcfile_set_stop(lca_mcfile *f, const volatile int *stop) {
    f->stop = stop;
}

lca_status lca__mcfile_check_stop(lca_mcfile *f) {
    if (f->stop == NULL || *f->stop == 0) return LCA_OK;
    return lca__fail(f->ctx, LCA_ERR_IO, "%s: stopped by a signal while it "
                     "was being assembled; the checkpoint is complete (resume "
                     "to finish)", f->path);
}

lca_status lca_mcfile_set_attr(lca_mcfile *f, const char *key,
                               const char *value) {
    lca__mcattr *a = lca__grow(f->ctx, f->attrs, &f->attrs_cap,
                               f->nattrs + 1, sizeof *a);
    if (a == NULL) return LCA_ERR_NOMEM;
    f->attrs = a;
    a[f->nattrs].key = lca__strdup(f->ctx, key);
    a[f->nattrs].value = value != NULL ? lca__strdup(f->ctx, value) : NULL;
    a[f->nattrs].ivalue = 0;
    a[f->nattrs].is_u64 = 0;
    a[f->nattrs].uvalue = 0;
    if (a[f->nattrs].key == NULL || (value != NULL &&
                                     a[f->nattrs].value == NULL)) {
        lca__free(f->ctx, a[f->nattrs].key);
        lca__free(f->ctx, a[f->nattrs].value);
        return lca__fail(f->ctx, LCA_ERR_NOMEM, "out of memory");
    }
    f->nattrs++;
    return LCA_OK;
}

lca_status lca_mcfile_set_attr_int(lca_mcfile *f, const char *key,
                                   int64_t value) {
    lca_status st = lca_mcfile_set_attr(f, key, NULL);
    if (st == LCA_OK) f->attrs[f->nattrs - 1].ivalue = value;
    return st;
}

lca_status lca__mcfile_set_attr_u64(lca_mcfile *f, const char *key,
                                    uint64_t value) {
    lca_status st = lca_mcfile_set_attr(f, key, NULL);
    if (st == LCA_OK) {
        f->attrs[f->nattrs - 1].is_u64 = 1;
        f->attrs[f->nattrs - 1].uvalue = value;
    }
    return st;
}

// A new segment file for the blocks from iteration first on.
static lca_status open_segment(lca_mcfile *f, int64_t first) {
    char path[4200];
    lca__ckpt_path(f->dir, first, path, sizeof path);
    lca_status st = lca__h5out_create(f->ctx, path, &f->seg);
    if (st == LCA_OK) st = lca__h5rows_create(f->seg, "scores", f->nd,
                                              f->nind, f->bs,
                                              &f->seg_scores);
    if (st == LCA_OK && f->factor_samples) {
        st = lca__h5rows_create(f->seg, "factors", f->nind, f->n, f->bs,
                                &f->seg_factors);
    }
    if (st == LCA_OK) st = lca__h5rows_create(f->seg, "solver", 1, 2, f->bs,
                                              &f->seg_solver);
    f->seg_first = first;
    f->seg_rows = 0;
    return st;
}

static lca_status grow_failures(lca_mcfile *f) {
    int64_t ci = f->fail_cap, cc = f->fail_cap, need = f->st.nfail + 1;
    int64_t *it = lca__grow(f->ctx, f->st.fail_iter, &ci, need, sizeof *it);
    if (it != NULL) f->st.fail_iter = it;
    int64_t *c = lca__grow(f->ctx, f->st.fail_code, &cc, need, sizeof *c);
    if (c != NULL) f->st.fail_code = c;
    if (it == NULL || c == NULL) return LCA_ERR_NOMEM;
    f->fail_cap = ci;
    return LCA_OK;
}

// Each iteration's path and Krylov count (the direct path when the block
// has none).
static lca_status write_solver(lca_mcfile *f, const lca_mc_block *b,
                               int64_t row) {
    for (int64_t q = 0; q < b->count; q++) {
        int path = b->path != NULL ? b->path[q] : LCA_MC_PATH_DIRECT;
        int64_t kry = b->krylov != NULL ? b->krylov[q] : 0;
        f->solver_buf[2 * q] = path;
        f->solver_buf[2 * q + 1] = (double)kry;
    }
    return lca__h5rows_write(f->seg_solver, row, b->count, f->solver_buf);
}

lca_status lca_mcfile_block(void *arg, const lca_mc_block *b) {
    lca_mcfile *f = arg;
    lca_status st = LCA_OK;
    if (f->seg == NULL) st = open_segment(f, b->first);
    int64_t row = b->first - f->seg_first;
    if (st == LCA_OK) st = lca__h5rows_write(f->seg_scores, row, b->count,
                                             b->scores);
    if (st == LCA_OK && f->seg_factors != NULL) {
        st = lca__h5rows_write(f->seg_factors, row, b->count, b->factors);
    }
    if (st == LCA_OK) st = write_solver(f, b, row);
    for (int64_t q = 0; q < b->count && st == LCA_OK; q++) {
        if (b->failed[q] == 0) continue;
        st = grow_failures(f);
        if (st != LCA_OK) break;
        f->st.fail_iter[f->st.nfail] = b->first + q;
        f->st.fail_code[f->st.nfail++] = b->failed[q];
    }
    f->seg_rows = row + b->count;
    f->st.nclamped += b->nclamped;
    return st;
}

// Close and commit the open segment and list it.
static lca_status commit_segment(lca_mcfile *f) {
    if (f->seg == NULL) return LCA_OK;
    lca__h5rows_close(&f->seg_scores);
    lca__h5rows_close(&f->seg_factors);
    lca__h5rows_close(&f->seg_solver);
    lca_status st = lca__h5out_set_attr_int(f->seg, "/", "first",
                                           f->seg_first);
    if (st == LCA_OK) st = lca__h5out_commit(&f->seg);
    lca__h5out_destroy(&f->seg);
    if (st != LCA_OK) return st;
    int64_t ca = f->seg_cap, cr = f->seg_cap, need = f->st.nseg + 1;
    int64_t *a = lca__grow(f->ctx, f->st.seg_first, &ca, need, sizeof *a);
    if (a != NULL) f->st.seg_first = a;
    int64_t *r = lca__grow(f->ctx, f->st.seg_rows, &cr, need, sizeof *r);
    if (r != NULL) f->st.seg_rows = r;
    if (a == NULL || r == NULL) return LCA_ERR_NOMEM;
    f->seg_cap = ca;
    f->st.seg_first[f->st.nseg] = f->seg_first;
    f->st.seg_rows[f->st.nseg++] = f->seg_rows;
    return LCA_OK;
}

lca_status lca_mcfile_checkpoint(lca_mcfile *f, const lca_mc *mc) {
    lca_status st = commit_segment(f);
    if (st != LCA_OK) return st;
    lca_mc_state s = lca_mc_get_state(mc);
    lca__mcstate w = f->st;  // counters and summaries from the engine
    w.next = s.next;
    w.ndone = s.ndone;
    w.nfailed = s.nfailed;
    w.niterative = s.niterative;
    w.nfallback = s.nfallback;
    w.nkrylov = s.nkrylov;
    w.len = s.len;
    w.count = (int64_t *)s.count;
    w.mean = (double *)s.mean;
    w.m2 = (double *)s.m2;
    w.min = (double *)s.min;
    w.max = (double *)s.max;
    return lca__ckpt_write_state(f->ctx, f->dir, &w);
}

void lca_mcfile_free_argv(lca_ctx *ctx, char **argv, int64_t argc) {
    lca__h5_free_strings(ctx, argv, argc);
}

lca_status lca_mcfile_read_argv(lca_ctx *ctx, const char *path,
                                int64_t *argc, char ***argv) {
    char *dir = NULL;
    lca__mcstate s;
    memset(&s, 0, sizeof s);
    lca_status st = lca__ckpt_dir(ctx, path, &dir);
    if (st == LCA_OK) st = lca__ckpt_read_state(ctx, dir, &s);
    if (st == LCA_OK) {
        *argc = s.argc;
        *argv = s.argv;
        s.argv = NULL;
        s.argc = 0;
    }
    lca__ckpt_free_state(ctx, &s);
    lca__free(ctx, dir);
    return st;
}

static lca_status restore(lca_mcfile *f, const char *fingerprint,
                          lca_mc *mc) {
    char why[1024];
    if (lca__mc_fingerprint_diff(f->st.fingerprint, fingerprint,
                                 "the checkpoint", "this run", why,
                                 sizeof why) != LCA_OK) {
        return lca__fail(f->ctx, LCA_ERR_INVALID, "refusing to resume %s: "
                         "%s", f->path, why);
    }
    lca__mcstate *s = &f->st;
    lca_mc_state saved = {s->next, s->ndone, s->nfailed, s->len, s->count,
                          s->mean, s->m2, s->min, s->max, s->niterative,
                          s->nfallback, s->nkrylov};
    lca_status st = lca_mc_restore(mc, &saved);
    if (st != LCA_OK) return lca__wrap(f->ctx, st, "%s", f->dir);
    void *a[] = {s->count, s->mean, s->m2, s->min, s->max};
    for (int i = 0; i < 5; i++) lca__free(f->ctx, a[i]);
    s->count = NULL;
    s->mean = s->m2 = s->min = s->max = NULL;
    f->fail_cap = s->nfail;
    f->seg_cap = s->nseg;
    return LCA_OK;
}

// Every committed segment against its seal (io/hdf5/h5seal.c), before
// anything is computed: a damaged one is refused by name, not found at
// the final assembly after hours of new iterations (or never, for a flip
// inside the samples). Segments of an older leontief have no seal.
static lca_status check_segments(lca_mcfile *f) {
    for (int64_t k = 0; k < f->st.nseg; k++) {
        char seg[4200];
        int sealed = 0;
        lca__ckpt_path(f->dir, f->st.seg_first[k], seg, sizeof seg);
        lca_status st = lca__h5_check(f->ctx, seg, &sealed);
        if (st != LCA_OK) {
            return lca__wrap(f->ctx, st, "refusing to resume %s: checkpoint "
                             "segment %lld of %lld is damaged (delete %s to "
                             "start over)", f->path, (long long)k + 1,
                             (long long)f->st.nseg, f->dir);
        }
    }
    return LCA_OK;
}

lca_status lca_mcfile_resume(const char *path, const lca_mc_spec *spec,
                             lca_mc *mc, lca_mcfile **out) {
    lca_ctx *ctx = lca_model_ctx(spec->M);
    *out = NULL;
    lca_mcfile *f = lca__calloc(ctx, 1, sizeof *f);
    if (f == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    f->ctx = ctx;
    char fingerprint[LCA_MC_FINGERPRINT_MAX];
    lca_mc_fingerprint(spec, fingerprint, sizeof fingerprint);
    lca_status st = setup(f, path, spec->M, spec->opt);
    if (st == LCA_OK) st = lca__ckpt_lock(ctx, f->dir, path, 0, &f->lock_fd);
    if (st == LCA_OK) st = lca__ckpt_read_state(ctx, f->dir, &f->st);
    if (st == LCA_OK) st = check_segments(f);
    if (st == LCA_OK) st = restore(f, fingerprint, mc);
    if (st == LCA_OK) st = lca__mcfile_provenance(f, spec);
    if (st != LCA_OK) {
        lca_mcfile_destroy(&f);
        return st;
    }
    *out = f;
    return LCA_OK;
}

void lca_mcfile_destroy(lca_mcfile **fp) {
    if (fp == NULL || *fp == NULL) return;
    lca_mcfile *f = *fp;
    lca__h5rows_close(&f->seg_scores);
    lca__h5rows_close(&f->seg_factors);
    lca__h5rows_close(&f->seg_solver);
    lca__h5out_destroy(&f->seg);
    lca__h5rows_close(&f->scores);
    lca__h5rows_close(&f->factors);
    lca__h5rows_close(&f->solver_path);
    lca__h5rows_close(&f->solver_krylov);
    lca__h5out_destroy(&f->out);
    lca__ckpt_free_state(f->ctx, &f->st);
    for (int64_t i = 0; i < f->nattrs; i++) {
        lca__free(f->ctx, f->attrs[i].key);
        lca__free(f->ctx, f->attrs[i].value);
    }
    lca__free(f->ctx, f->attrs);
    lca__free(f->ctx, f->ind);
    lca__free(f->ctx, f->dem);
    lca__free(f->ctx, f->path);
    lca__free(f->ctx, f->solver_buf);
    lca__free(f->ctx, f->dir);
    if (f->lock_fd >= 0) close(f->lock_fd);
    lca__free(f->ctx, f);
    *fp = NULL;
}

lca_status lca_mcfile_finish(lca_mcfile **fp, const lca_mc *mc,
                             double *factor_q, double *demand_q,
                             int keep_checkpoint) {
    lca_mcfile *f = *fp;
    lca_status st = lca_mcfile_checkpoint(f, mc);
    if (st == LCA_OK) st = lca__mcfile_assemble(f, mc, factor_q, demand_q);
    if (st == LCA_OK && !keep_checkpoint) lca__ckpt_remove(f->dir);
    lca_mcfile_destroy(fp);
    return st;
}
