// cli/mc_mpi_run.c: `mpirun -np R leontief mc ...`: iterations split across
// ranks, OpenMP threads inside each, results gathered to rank 0
// SPDX-License-Identifier: MIT
//
// Iterations form blocks of block_size (b = iteration / block_size), as in
// a single process. A wave is W = g (T_0 + ... + T_{R-1}) consecutive
// blocks (T_r threads on rank r; g blocks per thread starts at 1 and rank
// 0 doubles it, up to 64 and while a rank's share stays under 64 MiB,
// whenever a wave took under a quarter second, so that small models do not
// synchronize every few milliseconds), and rank r computes the g T_r
// blocks after those of the ranks before it with lca_mc_run on its own
// lca_mc: every rank builds the same lca_mc from the same model and
// options, only the iteration ranges differ. Each finished block is packed
// (index, first, count, failure codes, nclamped, scores, and the block's
// per-iteration factor vectors) and kept until the rank's share is done,
// then sent to rank 0 (MPI_Send): sending at once would hold every rank at
// its first block until rank 0, busy with its own share, receives. Rank 0
// computes the wave's first blocks itself, then takes the other ranks'
// blocks in rank order -- which is block order -- and hands each to the
// results file
// (lca_mcfile_block) and merges it into its summaries
// (lca_mc_absorb_block), exactly as lca_mc_run merges its own. Rank 0's
// lca_mc therefore ends in the state of a single-process run with the same
// seed: results are bit-identical for any number of ranks and threads,
// and checkpoints, --resume and the report work unchanged on rank 0.
//
// Between waves every rank agrees (cli/mc_mpi.c) on failures and on
// stopping (a signal on any rank), so all ranks stop after the same wave.
// Within a wave each rank ends its messages with an END record, so a rank
// that fails half-way leaves no one waiting. Why gather to rank 0 rather
// than parallel HDF5: docs/HPC.md ("MPI").

#define _POSIX_C_SOURCE 200809L

#include <limits.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mc_job.h"
#include "mc_mpi.h"

#define TAG_BLOCK 17
#define HEADER 6  // int64 words: kind, index, first, count, nclamped, spare

enum { KIND_BLOCK = 1, KIND_END = 2 };

typedef struct mpi_run {
    const cli_env *env;
    const mc_cli_opts *o;
    mc_job *j;
    int rank, size;
    int64_t *offset;     // size + 1: rank r's blocks in a wave start here
    int *threads;        // size: each rank's thread count
    unsigned char *buf;  // one packed block
    size_t cap;
    unsigned char *held;  // ranks other than 0: this wave's packed blocks
    size_t held_len, held_cap;
    int64_t n, nind, nd, bs;
    int workers;     // threads over all ranks
    int64_t g, gmax;  // blocks per thread in a wave, and its bound
} mpi_run;

static size_t round8(size_t x) { return (x + 7) / 8 * 8; }

// Bytes of a packed block of count iterations.
static size_t packed_size(const mpi_run *r, int64_t count) {
    size_t c = (size_t)count;
    return HEADER * sizeof(int64_t) + 2 * round8(c) + round8(4 * c) +
           c * (size_t)(r->nd * r->nind + r->nind * r->n) * sizeof(double);
}

static void pack_header(unsigned char *buf, int64_t kind,
                        const lca_mc_block *b) {
    int64_t h[HEADER] = {kind, 0, 0, 0, 0, 0};
    if (b != NULL) {
        h[1] = b->index;
        h[2] = b->first;
        h[3] = b->count;
        h[4] = b->nclamped;
    }
    memcpy(buf, h, sizeof h);
}

// An lca_mc_block_fn on ranks other than 0: pack the block and keep it
// for send_held.
static lca_status hold_block(void *arg, const lca_mc_block *b) {
    mpi_run *r = arg;
    size_t c = (size_t)b->count, per = (size_t)(r->nd * r->nind);
    size_t nf = (size_t)(r->nind * r->n), len = packed_size(r, b->count);
    if (r->held_len + len > r->held_cap) {
        size_t cap = 2 * r->held_cap > r->held_len + len
                         ? 2 * r->held_cap : r->held_len + len;
        unsigned char *grown = realloc(r->held, cap);
        if (grown == NULL) return LCA_ERR_NOMEM;
        r->held = grown;
        r->held_cap = cap;
    }
    unsigned char *h = r->held + r->held_len;
    unsigned char *p = h + HEADER * sizeof(int64_t);
    pack_header(h, KIND_BLOCK, b);
    memcpy(p, b->failed, c);
    p += round8(c);
    memcpy(p, b->path, c);
    p += round8(c);
    memcpy(p, b->krylov, 4 * c);
    p += round8(4 * c);
    memcpy(p, b->scores, c * per * sizeof(double));
    p += c * per * sizeof(double);
    memcpy(p, b->factors, c * nf * sizeof(double));
    r->held_len += len;
    return LCA_OK;
}

// The held blocks to rank 0, in block order.
static void send_held(mpi_run *r) {
    for (size_t at = 0; at < r->held_len;) {
        int64_t h[HEADER];
        memcpy(h, r->held + at, sizeof h);
        size_t len = packed_size(r, h[3]);
        MPI_Send(r->held + at, (int)len, MPI_BYTE, 0, TAG_BLOCK,
                 MPI_COMM_WORLD);
        at += len;
    }
    r->held_len = 0;
}

static void send_end(mpi_run *r) {
    pack_header(r->buf, KIND_END, NULL);
    MPI_Send(r->buf, HEADER * (int)sizeof(int64_t), MPI_BYTE, 0, TAG_BLOCK,
             MPI_COMM_WORLD);
}

// Rank 0: a received block to the results file and into the summaries.
static lca_status deliver(mpi_run *r) {
    int64_t h[HEADER];
    memcpy(h, r->buf, sizeof h);
    size_t c = (size_t)h[3], per = (size_t)(r->nd * r->nind);
    const unsigned char *failed = r->buf + sizeof h;
    const unsigned char *path = failed + round8(c);
    const int32_t *krylov = (const int32_t *)(path + round8(c));
    const double *scores = (const double *)(path + round8(c) + round8(4 * c));
    const double *lambdas = scores + c * per;
    int keep = !r->o->no_factor_samples;
    lca_mc_block b = {h[1], h[2], h[3], failed, scores,
                      keep ? lambdas : NULL, h[4], path, krylov, NULL};
    lca_status st = mc_progress_block(&r->j->rs, &b);
    if (st == LCA_OK) st = lca_mc_absorb_block(r->j->mc, &b, lambdas);
    return st;
}

// Rank 0: every message of rank p in this wave, up to its END. Blocks are
// delivered while *in_order; a rank that failed half-way (it reports that
// itself) leaves a gap, after which later blocks are only drained.
static int gather(mpi_run *r, int p, int64_t hi, int rc, int *in_order) {
    for (;;) {
        MPI_Recv(r->buf, (int)r->cap, MPI_BYTE, p, TAG_BLOCK, MPI_COMM_WORLD,
                 MPI_STATUS_IGNORE);
        int64_t kind;
        memcpy(&kind, r->buf, sizeof kind);
        if (kind == KIND_END) break;
        if (rc >= 0 || !*in_order) continue;
        lca_status st = deliver(r);
        if (st != LCA_OK) {
            rc = mc_fail_run(r->env, r->j, st, r->o->model);
        }
    }
    if (lca_mc_next(r->j->mc) != hi) *in_order = 0;
    return rc;
}

// One wave starting at iteration next; returns -1 or an exit code.
static int wave(mpi_run *r, int64_t next) {
    int64_t last = r->o->iterations, span[2];  // this rank's iterations
    for (int e = 0; e < 2; e++) {
        int64_t it = next + r->g * r->offset[r->rank + e] * r->bs;
        span[e] = it < last ? it : last;
    }
    mc_job *j = r->j;
    lca_status st = LCA_OK;
    lca_mc_block_fn fn = r->rank == 0 ? mc_progress_block : hold_block;
    void *arg = r->rank == 0 ? (void *)&j->rs : (void *)r;
    if (span[0] < span[1]) {
        st = lca_mc_run(j->mc, span[0], span[1], fn, arg, NULL);
    }
    int rc = st == LCA_OK ? -1 : mc_fail_run(r->env, j, st, r->o->model);
    if (r->rank != 0) {
        send_held(r);  // what was computed, even after a failure
        send_end(r);
        return rc;
    }
    int in_order = rc < 0;
    for (int p = 1; p < r->size; p++) {
        int64_t hi = next + r->g * r->offset[p + 1] * r->bs;
        rc = gather(r, p, hi < last ? hi : last, rc, &in_order);
    }
    return rc;
}

// Waves until done, stopped (on any rank) or failed (on any rank).
static int run_waves(mpi_run *r, int64_t next) {
    const mc_cli_opts *o = r->o;
    mc_job *j = r->j;
    int64_t last_ckpt = next;
    long long stop_after = mc_stop_after();
    double t_ckpt = mc_now();
    int rc = -1;
    for (;;) {
        int stop = mc_stop_requested() ||
                   (stop_after >= 0 && next >= stop_after);
        int agreed = mc_mpi_agree(rc, &stop);
        if (agreed >= 0) return agreed;
        if (stop || next >= o->iterations) break;
        MPI_Bcast(&r->g, 1, MPI_INT64_T, 0, MPI_COMM_WORLD);
        int64_t wave_len = r->g * r->offset[r->size] * r->bs;
        double t0 = mc_now();
        rc = wave(r, next);
        if (mc_now() - t0 < 0.25 && 2 * r->g <= r->gmax) r->g *= 2;
        next = next + wave_len < o->iterations ? next + wave_len
                                               : o->iterations;
        if (r->rank == 0 && rc < 0 &&
            mc_checkpoint_due(o, next, last_ckpt, t_ckpt, 0)) {
            lca_status st = lca_mcfile_checkpoint(j->file, j->mc);
            if (st != LCA_OK) rc = mc_fail_run(r->env, j, st, o->model);
            last_ckpt = next;
            t_ckpt = mc_now();
        }
    }
    if (r->rank != 0) {
        return next < o->iterations ? CLI_EXIT_RESUMABLE : CLI_EXIT_OK;
    }
    return -1;  // rank 0 finishes the results file (job)
}

// Every rank: the model, the engine (ranks other than 0 always keep the
// factor vectors: rank 0 merges them) and a block buffer.
static int setup(mpi_run *r) {
    mc_job *j = r->j;
    int rc = mc_job_read(r->env, r->o, j);
    if (rc >= 0) return rc;
    lca_mc_options opt;
    mc_job_options(r->o, j, &opt);
    if (r->rank != 0) opt.keep_factors = 1;
    r->n = lca_model_dim(j->M, LCA_PRODUCTS);
    r->nind = j->nind;
    r->nd = j->nd;
    r->bs = opt.block_size;
    r->cap = packed_size(r, r->bs);
    if ((double)r->cap > (double)INT_MAX) {
        fprintf(stderr, "leontief mc: error: a block of %lld iterations is "
                "%.3g bytes, over MPI's 2 GiB message limit: lower "
                "--block-size\n", (long long)r->bs, (double)r->cap);
        return CLI_EXIT_USAGE;
    }
    r->buf = malloc(r->cap);
    r->offset = calloc((size_t)r->size + 1, sizeof *r->offset);
    r->threads = malloc(sizeof *r->threads * (size_t)r->size);
    if (r->buf == NULL || r->offset == NULL || r->threads == NULL) {
        return cli_fail(r->env, NULL, LCA_ERR_NOMEM, 0);
    }
    lca_status st = lca_mc_create(j->M, &opt, &j->mc);
    if (st != LCA_OK) return cli_fail_in(r->env, j->ctx, st, r->o->model);
    return -1;
}

// Every rank checks that it read the model rank 0 read, with the same
// options (the fingerprint a checkpoint records), and learns the thread
// counts, which make a wave's split. Nothing here may return before the
// collective calls: they follow an agreement that every rank is well.
static int share_model(mpi_run *r) {
    char mine[LCA_MC_FINGERPRINT_MAX], root[LCA_MC_FINGERPRINT_MAX];
    lca_mc_options opt;  // rank 0's options (setup changed the others')
    lca_mc_spec spec;
    mc_job_options(r->o, r->j, &opt);
    mc_job_spec(r->env, r->o, r->j, &opt, &spec);
    lca_mc_fingerprint(&spec, mine, sizeof mine);
    memcpy(root, mine, sizeof root);
    MPI_Bcast(root, (int)sizeof root, MPI_CHAR, 0, MPI_COMM_WORLD);
    int t = lca_ctx_nthreads(r->j->ctx);
    MPI_Allgather(&t, 1, MPI_INT, r->threads, 1, MPI_INT, MPI_COMM_WORLD);
    int tmax = 1;
    for (int p = 0; p < r->size; p++) {
        if (r->threads[p] > tmax) tmax = r->threads[p];
    }
    double share = (double)tmax * (double)r->cap;  // bytes per group
    int64_t gmax = (int64_t)((double)(64 << 20) / share);
    r->gmax = gmax < 1 ? 1 : gmax > 64 ? 64 : gmax;
    r->g = 1;
    for (int p = 0; p < r->size; p++) {
        r->offset[p + 1] = r->offset[p] + r->threads[p];
    }
    r->workers = 0;
    for (int p = 0; p < r->size; p++) r->workers += r->threads[p];
    char key[64];
    if (lca_mc_fingerprint_diff(mine, root, key, sizeof key) != 0) {
        fprintf(stderr, "leontief mc: error: %s: rank %d and rank 0 differ "
                "in %s: every rank must read the same model and presamples "
                "with the same options\n", r->o->model, r->rank, key);
        return CLI_EXIT_INPUT;
    }
    return -1;
}

// Read, check, and only then (rank 0) create or resume the results file;
// *next: where the waves start (rank 0's, after a resume).
static int prepare(mpi_run *r, int64_t *next) {
    mc_job *j = r->j;
    // Rank 0 alone says whether --resume finds the run already complete.
    int rc = r->rank == 0 ? mc_job_check_complete(r->env, r->o, j) : -1;
    int complete = rc >= 0;
    rc = mc_mpi_agree(-1, &complete);
    if (rc >= 0) return rc;
    if (complete) return CLI_EXIT_OK;
    rc = mc_mpi_agree(setup(r), NULL);
    if (rc < 0) rc = mc_mpi_agree(share_model(r), NULL);
    if (rc >= 0) return rc;
    if (r->rank == 0) {
        lca_mc_options opt;
        mc_job_options(r->o, j, &opt);
        rc = mc_job_open_file(r->env, r->o, j, &opt);
    }
    rc = mc_mpi_agree(rc, NULL);
    if (rc >= 0) return rc;
    *next = lca_mc_next(j->mc);
    MPI_Bcast(next, 1, MPI_INT64_T, 0, MPI_COMM_WORLD);
    return -1;
}

static int job(mpi_run *r, int *workers) {
    mc_job *j = r->j;
    int64_t next = 0;
    int rc = prepare(r, &next);
    if (rc >= 0) return rc;
    *workers = r->workers;
    mc_signals sig;
    mc_signals_catch(&sig);
    j->rs = (mc_progress){j->file, r->rank == 0 && isatty(STDERR_FILENO),
                          mc_now(), 0.0, r->o->iterations, next, 0, 0.0,
                          -1};
    rc = run_waves(r, next);
    j->loop_seconds = mc_now() - j->rs.t0;  // the waves only, as in one process
    j->loop_iterations = (r->rank == 0 ? lca_mc_next(j->mc) : next) - next;
    if (r->rank == 0) mc_progress_show(&j->rs, 1);
    mc_signals_restore(&sig);
    if (rc < 0 && r->rank == 0) rc = mc_job_finish(r->env, r->o, j);
    return rc;
}

int mc_mpi_job(const cli_env *env, const mc_cli_opts *o, mc_job *j,
               int *workers) {
    mpi_run r;
    memset(&r, 0, sizeof r);
    r.env = env;
    r.o = o;
    r.j = j;
    r.rank = mc_mpi_rank();
    r.size = mc_mpi_size();
    j->mpi_ranks = r.size;
    int rc = job(&r, workers);
    free(r.buf);
    free(r.held);
    free(r.offset);
    free(r.threads);
    return rc;
}
