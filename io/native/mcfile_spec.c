// io/native/mcfile_spec.c: a Monte Carlo run's fingerprint and provenance
// SPDX-License-Identifier: MIT
//
// The fingerprint is "key=value;..." over everything that changes the
// results of a run (lca_mc_spec): a checkpoint records it, and a resume
// (or another MPI rank) must present the same one. Its text is part of
// the file format: runs checkpointed by an earlier version resume only if
// the same options give the same text, so keys, their order and the
// number formats never change.

#define _POSIX_C_SOURCE 200809L  // gmtime_r
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "engine/ctx_impl.h"
#include "io/native/mcfile_impl.h"

// Append "key=value;" to buf (truncated at size).
static void fp_add(char *buf, size_t size, const char *key, const char *val) {
    size_t len = strlen(buf);
    if (len < size) snprintf(buf + len, size - len, "%s=%s;", key, val);
}

// The ids of the selected entries of an axis, comma-separated (at most
// 4095 bytes of them, as recorded since the first version).
static void fp_list(char *buf, size_t size, const char *key,
                    const lca_model *M, lca_axis axis, const int64_t *sel,
                    int64_t count) {
    char v[4096] = "";
    for (int64_t i = 0; i < count; i++) {
        size_t len = strlen(v);
        snprintf(v + len, sizeof v - len, "%s%s", i ? "," : "",
                 lca_model_label(M, axis, LCA_LABEL_ID,
                                 sel != NULL ? sel[i] : i));
    }
    fp_add(buf, size, key, v);
}

static const char *or_empty(const char *s) { return s != NULL ? s : ""; }

void lca_mc_fingerprint(const lca_mc_spec *spec, char *buf, size_t size) {
    const lca_mc_options *o = spec->opt;
    const lca_model *M = spec->M;
    char v[64];
    if (size == 0) return;
    buf[0] = '\0';
    fp_add(buf, size, "model_sha256", or_empty(spec->model_sha256));
    snprintf(v, sizeof v, "%llu", (unsigned long long)o->seed);
    fp_add(buf, size, "seed", v);
    snprintf(v, sizeof v, "%lld", (long long)spec->iterations);
    fp_add(buf, size, "iterations", v);
    snprintf(v, sizeof v, "%lld", (long long)o->block_size);
    fp_add(buf, size, "block_size", v);
    fp_add(buf, size, "lognormal",
           o->lognormal_mean_preserving ? "mean" : "median");
    snprintf(v, sizeof v, "%d/%.17g", o->pedigree_fill,
             o->pedigree_basic_gsd);
    fp_add(buf, size, "pedigree_fill", v);
    fp_add(buf, size, "on_fail", o->on_fail ? "abort" : "skip");
    fp_add(buf, size, "solver", lca_solver_kind_str(o->solver.kind));
    fp_add(buf, size, "factor_samples", o->keep_factors ? "yes" : "no");
    fp_add(buf, size, "presamples_sha256", or_empty(spec->presamples_sha256));
    int64_t nind = o->nind > 0 ? o->nind : lca_model_dim(M, LCA_INDICATORS);
    fp_list(buf, size, "indicators", M, LCA_INDICATORS, o->ind, nind);
    fp_list(buf, size, "demands", M, LCA_DEMANDS, o->demands, o->nd);
    // The iterative path AUTO chose or was asked for, and what changes its
    // results (not the batch). Absent on the direct path, whose runs are
    // what they were before the iterative path existed.
    lca_mc_solver_info si;
    if (spec->mc != NULL) si = lca_mc_get_solver_info(spec->mc);
    if (spec->mc != NULL && si.chosen == LCA_MC_SOLVER_ITERATIVE) {
        fp_add(buf, size, "mc_solver", "iterative");
        snprintf(v, sizeof v, "%s/%.17g/%lld/%lld", lca_krylov_str(si.method),
                 si.tol, (long long)o->iter.max_iter,
                 (long long)o->iter.restart);
        fp_add(buf, size, "krylov", v);
    }
}

// The next "key=value" item of a fingerprint at *p: its length, the
// length of "key=" (0 without '='); *p moves past it.
static size_t next_item(const char **p, size_t *klen) {
    const char *s = *p, *end = strchr(s, ';');
    size_t len = end != NULL ? (size_t)(end - s) : strlen(s);
    const char *eq = memchr(s, '=', len);
    *klen = eq != NULL ? (size_t)(eq - s) + 1 : 0;
    *p = end != NULL ? end + 1 : s + len;
    return len;
}

// The item of fingerprint fp with the key of item (klen bytes, "key=").
static const char *find_key(const char *fp, const char *item, size_t klen,
                            size_t *len) {
    const char *q = fp;
    while (*q != '\0') {
        const char *at = q;
        size_t ql, qk;
        ql = next_item(&q, &qk);
        if (qk == klen && strncmp(at, item, klen) == 0) {
            *len = ql;
            return at;
        }
    }
    return NULL;
}

// The first item of was (klen: its "key=" length, len: its length) that
// now lacks (*q NULL) or holds with another value (*q, *ql); NULL when
// every item of was is in now.
static const char *first_diff(const char *was, const char *now, size_t *klen,
                              size_t *len, const char **q, size_t *ql) {
    const char *p = was;
    while (*p != '\0') {
        const char *item = p;
        *len = next_item(&p, klen);
        if (*klen == 0) continue;
        *q = find_key(now, item, *klen, ql);
        if (*q == NULL || *ql != *len || strncmp(*q, item, *len) != 0) {
            return item;
        }
    }
    return NULL;
}

lca_status lca__mc_fingerprint_diff(const char *was, const char *now,
                                    const char *was_name,
                                    const char *now_name, char *buf,
                                    size_t size) {
    if (strcmp(was, now) == 0) return LCA_OK;
    size_t klen = 0, len = 0, ql = 0;
    const char *q = NULL;
    const char *item = first_diff(was, now, &klen, &len, &q, &ql);
    if (item == NULL) {
        snprintf(buf, size, "the options differ");
    } else if (q == NULL) {
        snprintf(buf, size, "%.*s is missing", (int)klen - 1, item);
    } else {
        snprintf(buf, size, "%.*s differs: %s has '%.*s', %s '%.*s'",
                 (int)klen - 1, item, was_name, (int)(len - klen),
                 item + klen, now_name, (int)(ql - klen), q + klen);
    }
    return LCA_ERR_INVALID;
}

int lca_mc_fingerprint_diff(const char *a, const char *b, char *key,
                            size_t size) {
    if (strcmp(a, b) == 0) return 0;
    size_t klen = 0, len = 0, ql = 0;
    const char *q = NULL;
    const char *item = first_diff(a, b, &klen, &len, &q, &ql);
    if (item == NULL) {
        snprintf(key, size, "the options");
    } else {
        snprintf(key, size, "%.*s", (int)klen - 1, item);
    }
    return 1;
}

static void utc_now(char *buf, size_t size) {
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

lca_status lca__mcfile_provenance(lca_mcfile *f, const lca_mc_spec *spec) {
    const lca_mc_options *o = spec->opt;
    char created[32];
    utc_now(created, sizeof created);
    const char *kv[][2] = {
        {"engine_version", lca_version()},
        {"git_commit", lca_git_commit()},
        {"command_line", or_empty(spec->command_line)},
        {"model_file", or_empty(spec->model_file)},
        {"created_utc", created},
        {"lognormal", o->lognormal_mean_preserving ? "mean" : "median"},
        {"on_fail", o->on_fail == LCA_MC_ABORT ? "abort" : "skip"},
        {"rng", "Philox4x32-10; key = seed, counter = (draw, entry, "
                "iteration)"},
        {"presamples_file", or_empty(spec->presamples_file)},
        {"model_sha256", or_empty(spec->model_sha256)},
    };
    lca_status st = LCA_OK;
    for (size_t i = 0; i < sizeof kv / sizeof kv[0] && st == LCA_OK; i++) {
        st = lca_mcfile_set_attr(f, kv[i][0], kv[i][1]);
    }
    if (st == LCA_OK) st = lca__mcfile_set_attr_u64(f, "seed", o->seed);
    const char *ik[] = {"block_size", "threads", "pedigree_fill"};
    int64_t iv[] = {o->block_size, lca_ctx_nthreads(f->ctx),
                    o->pedigree_fill};
    for (int i = 0; i < 3 && st == LCA_OK; i++) {
        st = lca_mcfile_set_attr_int(f, ik[i], iv[i]);
    }
    if (st == LCA_OK && spec->mpi_ranks > 0) {
        st = lca_mcfile_set_attr_int(f, "mpi_ranks", spec->mpi_ranks);
    }
    return st;
}
