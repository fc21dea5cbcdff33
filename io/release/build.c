// io/release/build.c: lca_fdb_build, a factor-database release in one call
// SPDX-License-Identifier: MIT
//
// model -> total and components -> staging folder -> Monte Carlo into it
// (io/release/build_mc.c) or a finished run -> records with the run's
// statistics -> ids carried from the previous release -> provenance,
// files, manifest -> rename into place (lca/fdb_build.h).

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/ctx_impl.h"
#include "io/release/build_impl.h"
#include "lca/export.h"
#include "lca/io.h"

#define MC_FILE "montecarlo.h5"

typedef struct build {
    lca_ctx *ctx;
    const char *model_file, *outdir;
    const lca_fdb_build_options *o;
    lca_fdb_build_result *r;
    lca_model *M;
    lca_release *rel;
    char sha256[65];
    int64_t total, ncomp, *dem, nd;
    lca_fdb_component *comp;
} build;

void lca_fdb_build_options_default(lca_fdb_build_options *opt) {
    memset(opt, 0, sizeof *opt);
    lca_mc_options_default(&opt->mc);
    opt->checkpoint_seconds = 60.0;
    opt->trace_min_share = 0.01;
    opt->missing_score = 5.0;
    opt->threshold = 0.10;
}

void lca_fdb_build_result_free(lca_ctx *ctx, lca_fdb_build_result *res) {
    if (res == NULL) return;
    lca_fdb_destroy(&res->db);
    lca__free(ctx, res->products);
    lca__free(ctx, res->mc_path);
    lca__free(ctx, res->warning);
    memset(res, 0, sizeof *res);
}

// st, failing at step.
static lca_status at(build *b, lca_fdb_build_step step, lca_status st) {
    if (st < 0) b->r->step = step;
    return st;
}

static lca_status check_options(lca_ctx *ctx, const char *model_file,
                                const char *outdir,
                                const lca_fdb_build_options *o) {
    if (model_file == NULL || outdir == NULL || outdir[0] == '\0') {
        return lca__fail(ctx, LCA_ERR_ARG, "no model file or release folder "
                         "given");
    }
    if (o->from_mc != NULL &&
        (o->iterations != 0 || o->split_mc || o->presamples != NULL)) {
        return lca__fail(ctx, LCA_ERR_ARG, "a build from a finished run "
                         "(%s) takes no iterations, split_mc or presamples",
                         o->from_mc);
    }
    if (o->from_mc == NULL && o->iterations < 1) {
        return lca__fail(ctx, LCA_ERR_ARG, "iterations must be at least 1, "
                         "not %lld", (long long)o->iterations);
    }
    if (!(o->trace_min_share >= 0 && o->trace_min_share <= 1) ||
        !(o->missing_score >= 1 && o->missing_score <= 5) ||
        !(o->threshold >= 0) || !(o->checkpoint_seconds > 0) ||
        o->nproducts < 0 || (o->nproducts > 0 && o->products == NULL)) {
        return lca__fail(ctx, LCA_ERR_ARG, "bad option: trace_min_share "
                         "%g (0..1), missing_score %g (1..5), threshold %g "
                         "(>= 0), checkpoint_seconds %g (> 0), %lld products",
                         o->trace_min_share, o->missing_score, o->threshold,
                         o->checkpoint_seconds, (long long)o->nproducts);
    }
    for (int64_t i = 0; i < o->nproducts; i++) {
        if (o->products[i] == NULL || o->products[i][0] == '\0') {
            return lca__fail(ctx, LCA_ERR_ARG, "products[%lld] is empty",
                             (long long)i);
        }
    }
    return LCA_OK;
}

// The total: opt->indicator, else the model's split total or only
// indicator; its components from the split tags.
static lca_status choose_total(build *b) {
    const char *name = b->o->indicator;
    lca_status st = name != NULL
                        ? lca_model_lookup(b->M, LCA_INDICATORS, name,
                                           &b->total)
                        : lca_fdb_find_total(b->M, &b->total);
    if (st != LCA_OK) return at(b, LCA_FDB_STEP_TOTAL, st);
    int64_t k = lca_model_dim(b->M, LCA_INDICATORS);
    b->comp = lca__malloc(b->ctx, (size_t)k + 1, sizeof *b->comp);
    if (b->comp == NULL) return lca__fail(b->ctx, LCA_ERR_NOMEM, "oom");
    lca_fdb_find_components(b->M, b->total, b->comp, &b->ncomp);
    return LCA_OK;
}

// The records of opt->products; for a run, their unit demands.
static lca_status products(build *b) {
    int64_t np = b->o->nproducts;
    b->r->products = lca__malloc(b->ctx, (size_t)np + 1, sizeof(int64_t));
    b->dem = lca__malloc(b->ctx, (size_t)np + 1, sizeof *b->dem);
    if (b->r->products == NULL || b->dem == NULL) {
        return lca__fail(b->ctx, LCA_ERR_NOMEM, "oom");
    }
    int64_t first = lca_model_dim(b->M, LCA_DEMANDS);
    for (int64_t i = 0; i < np; i++) {
        int64_t *j = &b->r->products[i];
        lca_status st = lca_model_lookup(b->M, LCA_PRODUCTS,
                                         b->o->products[i], j);
        if (st == LCA_OK && b->o->from_mc == NULL) {
            st = lca_model_add_unit_demand(b->M, *j);
        }
        if (st != LCA_OK) return at(b, LCA_FDB_STEP_MODEL, st);
        if (b->o->from_mc == NULL) b->dem[b->nd++] = first + i;
    }
    return LCA_OK;
}

// Hash and read the model (hash first: the recorded hash is of the file
// that was read), choose the total and the products, start the folder.
static lca_status setup(build *b) {
    lca_status st = lca_file_sha256(b->ctx, b->model_file, b->sha256);
    if (st == LCA_OK) st = lca_model_read(b->ctx, b->model_file, &b->M);
    if (st != LCA_OK) return at(b, LCA_FDB_STEP_MODEL, st);
    st = choose_total(b);
    if (st == LCA_OK) st = products(b);
    if (st != LCA_OK) return st;
    st = lca_release_create(b->ctx, b->outdir, &b->rel);
    if (st != LCA_OK) return at(b, LCA_FDB_STEP_OUTPUT, st);
    const char *dir = lca_release_staging(b->rel);
    size_t len = strlen(dir) + sizeof MC_FILE + 1;
    b->r->mc_path = lca__malloc(b->ctx, len, 1);
    if (b->r->mc_path == NULL) return lca__fail(b->ctx, LCA_ERR_NOMEM, "oom");
    snprintf(b->r->mc_path, len, "%s/%s", dir, MC_FILE);
    return LCA_OK;
}

// The Monte Carlo of the total (and the components) into the folder.
static lca_status run_mc(build *b) {
    int64_t nind = 1 + (b->o->split_mc ? b->ncomp : 0);
    int64_t *ind = lca__malloc(b->ctx, (size_t)nind, sizeof *ind);
    if (ind == NULL) return lca__fail(b->ctx, LCA_ERR_NOMEM, "oom");
    ind[0] = b->total;
    for (int64_t j = 1; j < nind; j++) ind[j] = b->comp[j - 1].indicator;
    lca__fdb_run run = {
        .M = b->M, .model_file = b->model_file, .model_sha256 = b->sha256,
        .opt = b->o, .ind = ind, .nind = nind, .dem = b->dem, .nd = b->nd,
        .path = b->r->mc_path,
    };
    lca_status st = lca__fdb_run_mc(&run);
    lca__free(b->ctx, ind);
    b->r->mc_done = run.done;
    b->r->stopped = run.stopped;
    if (st == LCA_ERR_IO) return at(b, LCA_FDB_STEP_OUTPUT, st);
    return at(b, LCA_FDB_STEP_MC, st);
}

// The records, with the run's statistics.
static lca_status records(build *b) {
    const lca_fdb_build_options *o = b->o;
    lca_fdb_options fo;
    lca_fdb_options_default(&fo);
    fo.indicator = b->total;
    fo.ncomponents = b->ncomp;
    fo.components = b->comp;
    fo.trace_min_share = o->trace_min_share;
    fo.missing_score = o->missing_score;
    fo.gwp_set = o->gwp_set;
    lca_status st = lca_fdb_create(b->M, &fo, &b->r->db);
    if (st < 0) return at(b, LCA_FDB_STEP_RECORDS, st);
    if (st > 0) {
        b->r->warning = lca__strdup(b->ctx, lca_ctx_errmsg(b->ctx));
        if (b->r->warning == NULL) {
            return lca__fail(b->ctx, LCA_ERR_NOMEM, "oom");
        }
    }
    const char *mc = o->from_mc != NULL ? o->from_mc : b->r->mc_path;
    lca_status s2 = lca_fdb_set_mc_file(b->r->db, mc, b->sha256,
                                        &b->r->iterations);
    if (s2 != LCA_OK) {
        return at(b, o->from_mc ? LCA_FDB_STEP_FROM_MC : LCA_FDB_STEP_MC, s2);
    }
    if (o->from_mc != NULL) {
        s2 = lca_release_add_file(b->rel, o->from_mc, MC_FILE);
        if (s2 != LCA_OK) return at(b, LCA_FDB_STEP_OUTPUT, s2);
    }
    return st;
}

// Ids carried from the previous release, and the counts of the changes.
static lca_status carry(build *b) {
    if (b->o->previous == NULL) return LCA_OK;
    lca_fdb *old = NULL;
    lca_fdb_diff_row *rows = NULL;
    int64_t n = 0;
    lca_fdb_diff_options dopt;
    lca_fdb_diff_options_default(&dopt);
    dopt.threshold = b->o->threshold;
    lca_status st = lca_fdb_read(b->ctx, b->o->previous, &old);
    if (st == LCA_OK) st = lca_fdb_diff(old, b->r->db, &dopt, 1, &rows, &n);
    for (int64_t k = 0; st == LCA_OK && k < n; k++) {
        b->r->count[rows[k].change]++;
        b->r->reissue += rows[k].reissue;
    }
    lca_fdb_diff_free(b->r->db, &rows);
    lca_fdb_destroy(&old);
    return at(b, LCA_FDB_STEP_PREVIOUS, st);
}

// x with the fewest digits (up to 17) that read back to x.
static void exact(char buf[32], double x) {
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, 32, "%.*g", prec, x);
        if (strtod(buf, NULL) == x) return;
    }
}

// The manifest's provenance entries.
static lca_status provenance(build *b) {
    const lca_fdb_build_options *o = b->o;
    char num[32], seed[32], thr[32], share[32], miss[32];
    snprintf(num, sizeof num, "%lld", (long long)b->r->iterations);
    snprintf(seed, sizeof seed, "%llu", (unsigned long long)o->mc.seed);
    exact(thr, o->threshold);
    exact(share, o->trace_min_share);
    exact(miss, o->missing_score);
    const char *method = lca_model_attr(b->M, "method");
    const char *kv[][2] = {
        {"model_file", b->model_file},
        {"model_sha256", b->sha256},
        {"method", method != NULL ? method : ""},
        {"monte_carlo_file", MC_FILE},
        {"iterations", num},
        {"seed", o->from_mc == NULL ? seed
                                    : "(from the run, see montecarlo.h5)"},
        {"previous_release", o->previous != NULL ? o->previous : ""},
        {"reissue_threshold", thr},
        {"trace_min_share", share},
        {"dqr_missing_score", miss},
        {"command_line", o->command_line != NULL ? o->command_line : ""},
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

static lca_status publish(build *b) {
    lca_status st = lca_fdb_set_ids(b->r->db);
    if (st == LCA_OK) st = provenance(b);
    if (st == LCA_OK) st = lca_release_write(b->rel, b->r->db);
    if (st == LCA_OK) st = lca_release_commit(&b->rel);
    return at(b, LCA_FDB_STEP_OUTPUT, st);
}

lca_status lca_fdb_build(lca_ctx *ctx, const char *model_file,
                         const char *outdir, const lca_fdb_build_options *opt,
                         lca_fdb_build_result *res) {
    if (res == NULL) return lca__fail(ctx, LCA_ERR_ARG, "no result given");
    memset(res, 0, sizeof *res);
    if (opt == NULL) {
        res->step = LCA_FDB_STEP_OPTIONS;
        return lca__fail(ctx, LCA_ERR_ARG, "no options given (they carry "
                         "the iterations and the seed)");
    }
    build b = {.ctx = ctx, .model_file = model_file, .outdir = outdir,
               .o = opt, .r = res};
    lca_status st = at(&b, LCA_FDB_STEP_OPTIONS,
                       check_options(ctx, model_file, outdir, opt));
    if (st == LCA_OK) st = setup(&b);
    if (st == LCA_OK && opt->from_mc == NULL) st = run_mc(&b);
    if (st != LCA_OK || res->stopped) goto done;
    st = records(&b);
    lca_status warn = st;
    if (st >= 0) st = carry(&b);
    if (st >= 0) st = publish(&b);
    if (st == LCA_OK) st = warn;
done:
    if (res->stopped) {
        lca_release_detach(&b.rel);  // the run's checkpoint is in it
    } else {
        lca__free(ctx, res->mc_path);  // the folder is gone or published
        res->mc_path = NULL;
        if (st < 0) lca_fdb_destroy(&res->db);
    }
    lca_release_destroy(&b.rel);
    lca__free(ctx, b.comp);
    lca__free(ctx, b.dem);
    lca_model_destroy(&b.M);
    return st;
}
