// cli/factordb_build.c: the steps of `leontief factordb build`
// SPDX-License-Identifier: MIT
//
// staging folder -> leontief mc into it (or a finished run) -> the
// records of the model (lca_fdb_create) with the run's statistics ->
// ids carried from --previous -> files, manifest -> rename into place.
// The Monte Carlo is the `leontief mc` command itself, so it checkpoints,
// stops on a signal and resumes exactly as that command does.

#include <stdlib.h>
#include <string.h>

#include "factordb.h"
#ifdef LCA_HAVE_MPI
#include "mc_mpi.h"
#endif

#define MC_FILE "montecarlo.h5"

typedef struct build {
    lca_ctx *ctx;
    lca_model *M;
    lca_release *rel;
    lca_fdb *db;
    char sha256[65];
    int64_t total, iterations;
    lca_fdb_component *comp;  // the total's components (split tags)
    int64_t ncomp;
    char *mc_path;  // the run's results file
} build;

static void build_free(build *b) {
    lca_fdb_destroy(&b->db);
    lca_release_destroy(&b->rel);
    lca_model_destroy(&b->M);
    free(b->mc_path);
    free(b->comp);
    lca_ctx_destroy(&b->ctx);
}

// The total: --indicator, else the model's split total or only indicator;
// its components from the split tags.
static int choose_total(const cli_env *env, const fdb_build_opts *o, build *b) {
    lca_status st =
        o->indicator != NULL
            ? lca_model_lookup(b->M, LCA_INDICATORS, o->indicator, &b->total)
            : lca_fdb_find_total(b->M, &b->total);
    if (st == LCA_ERR_NOTFOUND && o->indicator == NULL) {
        fprintf(stderr, "leontief %s: error: %s: %s (--indicator)\n", env->cmd,
                o->model, lca_ctx_errmsg(b->ctx));
        return CLI_EXIT_USAGE;
    }
    if (st != LCA_OK) return cli_fail_in(env, b->ctx, st, o->model);
    int64_t k = lca_model_dim(b->M, LCA_INDICATORS);
    b->comp = malloc(sizeof *b->comp * (size_t)(k + 1));
    if (b->comp == NULL) return cli_fail(env, NULL, LCA_ERR_NOMEM, 0);
    lca_fdb_find_components(b->M, b->total, b->comp, &b->ncomp);
    return -1;
}

// An indicator's id, or its name when the model has no ids.
static const char *indicator_key(const lca_model *M, int64_t i) {
    const char *id = lca_model_label(M, LCA_INDICATORS, LCA_LABEL_ID, i);
    return id[0] != '\0'
               ? id
               : lca_model_label(M, LCA_INDICATORS, LCA_LABEL_NAME, i);
}

// Read and hash the model, start the staging folder.
static int setup(const cli_env *env, const fdb_build_opts *o, build *b) {
    if (lca_ctx_create(&b->ctx) != LCA_OK) {
        return cli_fail(env, NULL, LCA_ERR_NOMEM, 0);
    }
    if (o->threads > 0) lca_ctx_set_nthreads(b->ctx, (int)o->threads);
    lca_status st = lca_file_sha256(b->ctx, o->model, b->sha256);
    if (st == LCA_OK) st = lca_model_read(b->ctx, o->model, &b->M);
    if (st != LCA_OK) return cli_fail_in(env, b->ctx, st, o->model);
    int rc = choose_total(env, o, b);
    if (rc >= 0) return rc;
    st = lca_release_create(b->ctx, o->out, &b->rel);
    if (st != LCA_OK) return cli_fail(env, b->ctx, st, 1);
    const char *dir = lca_release_staging(b->rel);
    b->mc_path = malloc(strlen(dir) + sizeof MC_FILE + 1);
    if (b->mc_path == NULL) return cli_fail(env, NULL, LCA_ERR_NOMEM, 0);
    sprintf(b->mc_path, "%s/%s", dir, MC_FILE);
    return -1;
}

// leontief mc MODEL -n N --seed S -o STAGING/montecarlo.h5 --indicator
// TOTAL [--product P ...] [passed options] --quiet.
static int run_mc(const cli_env *env, const fdb_build_opts *o, build *b) {
    const char *args[FDB_MAX_ARGS * 3 + 64];
    char threads[32];
    int n = 0;
    const char *fixed[] = {"mc",
                           o->model,
                           "-n",
                           o->iterations,
                           "--seed",
                           o->seed,
                           "-o",
                           b->mc_path,
                           "--quiet",
                           "--indicator",
                           indicator_key(b->M, b->total)};
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
        args[n++] = fixed[i];
    }
    for (int i = 0; i < o->nprod; i++) {
        args[n++] = "--product";
        args[n++] = o->products[i];
    }
    for (int64_t j = 0; o->split_mc && j < b->ncomp && j < FDB_MAX_ARGS; j++) {
        args[n++] = "--indicator";
        args[n++] = indicator_key(b->M, b->comp[j].indicator);
    }
    if (o->threads > 0) {
        snprintf(threads, sizeof threads, "%ld", o->threads);
        args[n++] = "--threads";
        args[n++] = threads;
    }
    for (int i = 0; i < o->nmc; i++) args[n++] = o->mc_args[i];
    args[n] = NULL;
    cli_env mc_env = *env;
    int rc = cli_mc(&mc_env, n, (char **)args);
    if (rc == CLI_EXIT_RESUMABLE) {
        fprintf(stderr,
                "leontief %s: the Monte Carlo run was stopped and "
                "can be finished with\n  leontief mc --resume %s\nand the "
                "release then built with\n  leontief factordb build %s "
                "--from-mc %s -o %s\n",
                env->cmd, b->mc_path, o->model, b->mc_path, o->out);
        lca_release_detach(&b->rel);
    }
    return rc == CLI_EXIT_OK ? -1 : rc;
}

// The records, with the run's statistics.
static int records(const cli_env *env, const fdb_build_opts *o, build *b) {
    lca_fdb_options fo;
    lca_fdb_options_default(&fo);
    fo.indicator = b->total;
    fo.ncomponents = b->ncomp;
    fo.components = b->comp;
    fo.trace_min_share = o->trace_share;
    fo.missing_score = o->missing_score;
    fo.gwp_set = o->gwp_set;
    lca_status st = lca_fdb_create(b->M, &fo, &b->db);
    if (st < 0) return cli_fail_in(env, b->ctx, st, o->model);
    cli_warn(env, b->ctx, st);
    const char *mc = o->from_mc != NULL ? o->from_mc : b->mc_path;
    st = lca_fdb_set_mc_file(b->db, mc, b->sha256, &b->iterations);
    if (st == LCA_OK && o->from_mc != NULL) {
        st = lca_release_add_file(b->rel, o->from_mc, MC_FILE);
        if (st != LCA_OK) return cli_fail(env, b->ctx, st, 1);
    }
    return st == LCA_OK ? -1 : cli_fail_in(env, b->ctx, st, mc);
}

// Ids carried from the previous release; a one-line account of it.
static int carry(const cli_env *env, const fdb_build_opts *o, build *b) {
    if (o->previous == NULL) return -1;
    lca_fdb *old = NULL;
    lca_fdb_diff_row *rows = NULL;
    int64_t n = 0;
    lca_fdb_diff_options dopt;
    lca_fdb_diff_options_default(&dopt);
    dopt.threshold = o->threshold;
    lca_status st = lca_fdb_read(b->ctx, o->previous, &old);
    if (st == LCA_OK) st = lca_fdb_diff(old, b->db, &dopt, 1, &rows, &n);
    if (st != LCA_OK) {
        lca_fdb_destroy(&old);
        return cli_fail_in(env, b->ctx, st, o->previous);
    }
    int64_t count[4] = {0}, reissue = 0;
    for (int64_t k = 0; k < n; k++) {
        count[rows[k].change]++;
        reissue += rows[k].reissue;
    }
    printf(
        "against %s: %lld unchanged (ids kept), %lld changed, %lld added, "
        "%lld removed; %lld to re-issue (threshold %g %%)\n",
        o->previous, (long long)count[0], (long long)count[1],
        (long long)count[2], (long long)count[3], (long long)reissue,
        100 * o->threshold);
    lca_fdb_diff_free(b->db, &rows);
    lca_fdb_destroy(&old);
    return -1;
}

// x with the fewest digits (up to 17) that read back to x.
static void exact(char buf[32], double x) {
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, 32, "%.*g", prec, x);
        if (strtod(buf, NULL) == x) return;
    }
}

// The manifest's provenance entries.
static lca_status provenance(const cli_env *env, const fdb_build_opts *o,
                             build *b) {
    char num[32], thr[32], share[32], miss[32];
    snprintf(num, sizeof num, "%lld", (long long)b->iterations);
    exact(thr, o->threshold);
    exact(share, o->trace_share);
    exact(miss, o->missing_score);
    const char *method = lca_model_attr(b->M, "method");
    const char *kv[][2] = {
        {"model_file", o->model},
        {"model_sha256", b->sha256},
        {"method", method != NULL ? method : ""},
        {"monte_carlo_file", MC_FILE},
        {"iterations", num},
        {"seed",
         o->seed != NULL ? o->seed : "(from the run, see montecarlo.h5)"},
        {"previous_release", o->previous != NULL ? o->previous : ""},
        {"reissue_threshold", thr},
        {"trace_min_share", share},
        {"dqr_missing_score", miss},
        {"command_line", env->command_line},
    };
    lca_status st = LCA_OK;
    for (size_t i = 0; i < sizeof kv / sizeof kv[0] && st == LCA_OK; i++) {
        st = lca_release_set_info(b->rel, kv[i][0], kv[i][1]);
    }
    for (int64_t a = 0; a < lca_model_nattrs(b->M) && st == LCA_OK; a++) {
        char key[256];
        const char *k = lca_model_attr_key(b->M, a);
        snprintf(key, sizeof key, "model_%s", k);
        st = lca_release_set_info(b->rel, key, lca_model_attr(b->M, k));
    }
    return st;
}

static int publish(const cli_env *env, const fdb_build_opts *o, build *b) {
    lca_status st = lca_fdb_set_ids(b->db);
    if (st == LCA_OK) st = provenance(env, o, b);
    if (st == LCA_OK) st = lca_release_write(b->rel, b->db);
    if (st == LCA_OK) st = lca_release_commit(&b->rel);
    return st == LCA_OK ? -1 : cli_fail(env, b->ctx, st, 1);
}

// The rows of the table: the --product ones, or the largest factors.
static int table_rows(const cli_env *env, const fdb_build_opts *o, build *b,
                      int64_t **rows, int64_t *n) {
    int64_t np = lca_fdb_nrecords(b->db);
    int64_t want = o->nprod > 0 ? o->nprod : (o->top < np ? o->top : np);
    *rows = malloc(sizeof **rows * (size_t)(want + 1));
    cli_ranked *r = malloc(sizeof *r * (size_t)(np + 1));
    if (*rows == NULL || r == NULL) {
        free(r);
        return cli_fail(env, NULL, LCA_ERR_NOMEM, 0);
    }
    for (int i = 0; i < o->nprod; i++) {
        lca_status st =
            lca_model_lookup(b->M, LCA_PRODUCTS, o->products[i], &(*rows)[i]);
        if (st != LCA_OK) {
            free(r);
            return cli_fail_in(env, b->ctx, st, o->model);
        }
    }
    const double *f = lca_fdb_num_get(b->db, LCA_FDB_FACTOR);
    for (int64_t j = 0; j < np; j++) r[j] = (cli_ranked){f[j], j};
    qsort(r, (size_t)np, sizeof *r, cli_ranked_desc);
    for (int64_t i = o->nprod; i < want; i++) (*rows)[i] = r[i].j;
    *n = want;
    free(r);
    return -1;
}

int fdb_build_run(const cli_env *env, const fdb_build_opts *o) {
    build b;
    memset(&b, 0, sizeof b);
    int64_t *rows = NULL, nrows = 0;
#ifdef LCA_HAVE_MPI
    if (mc_mpi_size() > 1) {
        fprintf(stderr,
                "leontief %s: error: factordb build runs in one "
                "process; under MPI run leontief mc, then factordb build "
                "--from-mc\n",
                env->cmd);
        return CLI_EXIT_USAGE;
    }
#endif
    int rc = setup(env, o, &b);
    if (rc < 0 && o->from_mc == NULL) rc = run_mc(env, o, &b);
    if (rc < 0) rc = records(env, o, &b);
    if (rc < 0) rc = table_rows(env, o, &b, &rows, &nrows);
    if (rc < 0) rc = carry(env, o, &b);
    if (rc < 0) rc = publish(env, o, &b);
    if (rc < 0) {
        fdb_print_table(stdout, b.db, o, rows, nrows);
        printf(
            "written: %s/ (%lld records; files and hashes in "
            "manifest.json)\n",
            o->out, (long long)lca_fdb_nrecords(b.db));
        rc = CLI_EXIT_OK;
    }
    free(rows);
    build_free(&b);
    return rc;
}
