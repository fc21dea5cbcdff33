// cli/cmd_mc.c: `leontief mc MODEL -n ITER --seed S -o MC.h5`
// SPDX-License-Identifier: MIT
//
// Monte Carlo factors for every product plus paired demand distributions.
// Ctrl-C (SIGINT) or SIGTERM stops after the blocks in flight and writes
// every finished iteration; the file says how many ran.

#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "mc_cli.h"

static const char help[] =
    "usage: leontief mc MODEL.h5 -n ITER --seed S -o MC.h5 [options]\n"
    "\n"
    "Monte Carlo over the uncertainty records of A, B and C: per iteration\n"
    "one numeric refactorization of A (the symbolic analysis is done once),\n"
    "upstream factors of every product by transposed solves, and the scores\n"
    "of the chosen demands from the same sample (paired). Results are\n"
    "bit-identical for any --threads.\n"
    "\n"
    "  -n, --iterations N     iterations (required)\n"
    "  --seed S               random seed (required; 0 to 2^64 - 1)\n"
    "  -o, --output FILE      results file (HDF5, written atomically)\n"
    "  --indicator NAME       only these indicators (repeatable; default all\n"
    "                         but the split components of a total)\n"
    "  --split                also the split components (fossil, biogenic,\n"
    "                         land use, per gas ...; one more transposed\n"
    "                         solve each per iteration, same samples)\n"
    "  --demand NAME          a model demand (repeatable)\n"
    "  --demand-set NAME      the demands of a named set\n"
    "  --all-demands          every model demand\n"
    "  --product NAME         one unit of this product, as a demand\n"
    "  --on-fail skip|abort   a singular or non-finite iteration (default\n"
    "                         skip: counted, reported, left out)\n"
    "  --lognormal median|mean  stored amount is the median (default;\n"
    "                         ecoinvent/Brightway) or the mean (openLCA)\n"
    "  --pedigree-fill        exchanges with pedigree scores but no\n"
    "                         distribution get a lognormal from them\n"
    "  --basic-gsd G          basic GSD for --pedigree-fill (default 1.05)\n"
    "  --no-factor-samples    do not store factor samples (no factor\n"
    "                         quantiles; for very large models)\n"
    "  --block-size B         iterations per block (default 16; results\n"
    "                         depend on it, not on threads)\n"
    "  --threads T            threads, 1..4096 (default: all cores)\n"
    "  --checkpoint-every N   commit finished iterations durably every N\n"
    "                         iterations (default 0: by time only) ...\n"
    "  --checkpoint-seconds T ... or every T seconds (default 60)\n"
    "  --resume OUT.h5        continue the stopped run that writes OUT.h5\n"
    "                         (alone: with its recorded options; with\n"
    "                         options: they must match the recorded ones)\n"
    "  --no-partial           when stopped, do not write OUT.h5 with the\n"
    "                         iterations so far (the checkpoint suffices)\n"
    "  --json                 a one-line JSON summary on stdout (the report\n"
    "                         goes to stderr)\n"
    "  --quiet                no summary: errors and progress only\n"
    "\n"
    "Exit codes: 0 done; 75 stopped by SIGTERM/SIGINT after a checkpoint\n"
    "(resumable); 2 usage; 3 bad input; 4 numerical failure; 5 output.\n"
    "  --presamples CSV       correlated pre-computed samples for chosen\n"
    "                         entries (docs/MONTECARLO.md)\n"
    "  --solver auto|sparse|dense|iterative  how each refactorization is\n"
    "                         done (docs/SOLVER.md; see --mc-solver first)\n"
    "  --mc-solver auto|direct|iterative  refactorize every iteration, or\n"
    "                         solve it by Krylov preconditioned with the LU\n"
    "                         of the deterministic matrix (same tolerance on\n"
    "                         the backward error; falls back to refactorizing\n"
    "                         an iteration that does not converge); auto\n"
    "                         (default) chooses from a cost model and a pilot\n"
    "  --krylov gmres|bicgstab  the Krylov method (default gmres)\n"
    "  --krylov-tol W         backward error to reach (default: the direct\n"
    "                         path's, 1e-14)\n"
    "  --krylov-max K         preconditioner applications per system before\n"
    "                         falling back (default 30)\n"
    "  --krylov-restart M     GMRES restart length (default 20)\n"
    "  --krylov-batch B       systems preconditioned together (default 16;\n"
    "                         speed only, results do not depend on it)\n"
    "\n"
    "A NAME is an id, id:ID, a name, or NAME [Q] with a qualifier (compartment,\n"
    "unit or id part); a name several entries share is an error listing them.\n";

enum {
    OPT_SEED = 256, OPT_IND, OPT_DEM, OPT_DSET, OPT_ALLD, OPT_PROD,
    OPT_ONFAIL, OPT_LOGN, OPT_PED, OPT_BASIC, OPT_NOFS, OPT_BS, OPT_THR,
    OPT_SOLVER, OPT_PRESAMPLES, OPT_CKN, OPT_CKS, OPT_RESUME, OPT_NOPART,
    OPT_JSON, OPT_SPLIT, OPT_QUIET, OPT_MCSOLVER, OPT_KRYLOV, OPT_KTOL,
    OPT_KMAX, OPT_KRESTART, OPT_KBATCH,
};

static const struct option opts[] = {
    {"iterations", required_argument, NULL, 'n'},
    {"output", required_argument, NULL, 'o'},
    {"help", no_argument, NULL, 'h'},
    {"seed", required_argument, NULL, OPT_SEED},
    {"indicator", required_argument, NULL, OPT_IND},
    {"demand", required_argument, NULL, OPT_DEM},
    {"demand-set", required_argument, NULL, OPT_DSET},
    {"all-demands", no_argument, NULL, OPT_ALLD},
    {"product", required_argument, NULL, OPT_PROD},
    {"on-fail", required_argument, NULL, OPT_ONFAIL},
    {"lognormal", required_argument, NULL, OPT_LOGN},
    {"pedigree-fill", no_argument, NULL, OPT_PED},
    {"basic-gsd", required_argument, NULL, OPT_BASIC},
    {"no-factor-samples", no_argument, NULL, OPT_NOFS},
    {"block-size", required_argument, NULL, OPT_BS},
    {"threads", required_argument, NULL, OPT_THR},
    {"solver", required_argument, NULL, OPT_SOLVER},
    {"presamples", required_argument, NULL, OPT_PRESAMPLES},
    {"checkpoint-every", required_argument, NULL, OPT_CKN},
    {"checkpoint-seconds", required_argument, NULL, OPT_CKS},
    {"resume", required_argument, NULL, OPT_RESUME},
    {"no-partial", no_argument, NULL, OPT_NOPART},
    {"json", no_argument, NULL, OPT_JSON},
    {"split", no_argument, NULL, OPT_SPLIT},
    {"quiet", no_argument, NULL, OPT_QUIET},
    {"mc-solver", required_argument, NULL, OPT_MCSOLVER},
    {"krylov", required_argument, NULL, OPT_KRYLOV},
    {"krylov-tol", required_argument, NULL, OPT_KTOL},
    {"krylov-max", required_argument, NULL, OPT_KMAX},
    {"krylov-restart", required_argument, NULL, OPT_KRESTART},
    {"krylov-batch", required_argument, NULL, OPT_KBATCH},
    {NULL, 0, NULL, 0},
};

// A decimal uint64; 0 for a sign, a space, other text or a value past
// 2^64 - 1 (strtoull would clamp it, or wrap "-1").
static int parse_u64(const char *s, uint64_t *v) {
    char *end;
    errno = 0;
    unsigned long long x = strtoull(s, &end, 10);
    if (s[0] < '0' || s[0] > '9' || *end != '\0' || errno == ERANGE) {
        return 0;
    }
    *v = (uint64_t)x;
    return 1;
}

static int parse_choice(const cli_env *env, int c, mc_cli_opts *o) {
    if (c == OPT_ONFAIL) {
        if (strcmp(optarg, "skip") == 0) o->mc.on_fail = LCA_MC_SKIP;
        else if (strcmp(optarg, "abort") == 0) o->mc.on_fail = LCA_MC_ABORT;
        else return cli_usage_error(env, "--on-fail must be skip or abort");
    } else if (c == OPT_LOGN) {
        if (strcmp(optarg, "median") == 0) o->mc.lognormal_mean_preserving = 0;
        else if (strcmp(optarg, "mean") == 0) o->mc.lognormal_mean_preserving = 1;
        else return cli_usage_error(env, "--lognormal must be median or mean");
    } else {  // OPT_SOLVER
        lca_solver_kind k =
            strcmp(optarg, "sparse") == 0      ? LCA_SOLVER_SPARSE
            : strcmp(optarg, "dense") == 0     ? LCA_SOLVER_DENSE
            : strcmp(optarg, "iterative") == 0 ? LCA_SOLVER_ITERATIVE
                                               : LCA_SOLVER_AUTO;
        if (k == LCA_SOLVER_AUTO && strcmp(optarg, "auto") != 0) {
            return cli_usage_error(env, "--solver must be auto, sparse, dense "
                                   "or iterative");
        }
        o->mc.solver.kind = k;
    }
    return -1;
}

// --mc-solver, --krylov and the Krylov numbers.
static int parse_iter(const cli_env *env, int c, mc_cli_opts *o) {
    lca_mc_iter_options *it = &o->mc.iter;
    if (c == OPT_MCSOLVER) {
        if (strcmp(optarg, "auto") == 0) it->solver = LCA_MC_SOLVER_AUTO;
        else if (strcmp(optarg, "direct") == 0) it->solver = LCA_MC_SOLVER_DIRECT;
        else if (strcmp(optarg, "iterative") == 0) it->solver = LCA_MC_SOLVER_ITERATIVE;
        else return cli_usage_error(env, "--mc-solver must be auto, direct or "
                                    "iterative");
        return -1;
    }
    if (c == OPT_KRYLOV) {
        if (strcmp(optarg, "gmres") == 0) it->method = LCA_KRYLOV_GMRES;
        else if (strcmp(optarg, "bicgstab") == 0) it->method = LCA_KRYLOV_BICGSTAB;
        else return cli_usage_error(env, "--krylov must be gmres or bicgstab");
        return -1;
    }
    if (c == OPT_KTOL) {
        char *end;
        it->tol = strtod(optarg, &end);
        if (*end != '\0' || !(it->tol > 0.0 && it->tol < 1.0)) {
            return cli_usage_error(env, "--krylov-tol must be in (0, 1)");
        }
        return -1;
    }
    long v = cli_parse_count(optarg);
    long max = c == OPT_KBATCH ? 64 : c == OPT_KRESTART ? 1000 : 100000;
    if (v < 1 || v > max) {
        return cli_usage_error(env, "bad value '%s' (1..%ld)", optarg, max);
    }
    if (c == OPT_KMAX) it->max_iter = v;
    if (c == OPT_KRESTART) it->restart = v;
    if (c == OPT_KBATCH) it->batch = v;
    return -1;
}

static int add_name(const cli_env *env, const char **list, int *n,
                    const char *v) {
    if (*n >= MC_MAX_NAMES) return cli_usage_error(env, "too many names");
    list[(*n)++] = v;
    return -1;
}

static int parse_number(const cli_env *env, int c, mc_cli_opts *o) {
    if (c == OPT_THR) return cli_parse_threads(env, optarg, &o->threads);
    if (c == OPT_SEED) {
        if (!parse_u64(optarg, &o->mc.seed)) {
            return cli_usage_error(env, "--seed needs a whole number from 0 "
                                   "to 18446744073709551615, not '%s'",
                                   optarg);
        }
        o->seed_given = 1;
        return -1;
    }
    long v = c == OPT_BASIC ? 1 : cli_parse_count(optarg);
    if (c == 'n') o->iterations = v;
    if (c == OPT_BS) o->mc.block_size = v;
    if (c == OPT_BASIC) {
        char *end;
        o->mc.pedigree_basic_gsd = strtod(optarg, &end);
        if (*end != '\0' || !(o->mc.pedigree_basic_gsd >= 1.0)) v = -1;
    }
    if (v < 0 && c == 'n') {
        return cli_usage_error(env, "-n needs a whole number from 1 to %ld, "
                               "not '%s'", LONG_MAX, optarg);
    }
    return v < 0 ? cli_usage_error(env, "bad value '%s'", optarg) : -1;
}

static int parse_one(const cli_env *env, int c, void *arg) {
    mc_cli_opts *o = arg;
    switch (c) {
    case 'o': o->out = optarg; return -1;
    case 'n': case OPT_SEED: case OPT_BS: case OPT_THR: case OPT_BASIC:
        return parse_number(env, c, o);
    case OPT_IND: return add_name(env, o->indicators, &o->nind, optarg);
    case OPT_DEM: return add_name(env, o->demands, &o->ndem, optarg);
    case OPT_PROD: return add_name(env, o->products, &o->nprod, optarg);
    case OPT_DSET: o->demand_set = optarg; return -1;
    case OPT_PRESAMPLES: o->presamples = optarg; return -1;
    case OPT_RESUME: o->resume = optarg; return -1;
    case OPT_NOPART: o->no_partial = 1; return -1;
    case OPT_JSON: o->json = 1; return -1;
    case OPT_QUIET: o->quiet = 1; return -1;
    case OPT_CKN:
        o->checkpoint_every = cli_parse_count(optarg);
        return o->checkpoint_every < 0
                   ? cli_usage_error(env, "bad value '%s'", optarg) : -1;
    case OPT_CKS: {
        char *end;
        o->checkpoint_seconds = strtod(optarg, &end);
        return (*end != '\0' || !(o->checkpoint_seconds > 0))
                   ? cli_usage_error(env, "bad value '%s'", optarg) : -1;
    }
    case OPT_ALLD: o->all_demands = 1; return -1;
    case OPT_SPLIT: o->split = 1; return -1;
    case OPT_PED: o->mc.pedigree_fill = 1; return -1;
    case OPT_NOFS: o->no_factor_samples = 1; return -1;
    case OPT_ONFAIL: case OPT_LOGN: case OPT_SOLVER:
        return parse_choice(env, c, o);
    case OPT_MCSOLVER: case OPT_KRYLOV: case OPT_KTOL: case OPT_KMAX:
    case OPT_KRESTART: case OPT_KBATCH:
        return parse_iter(env, c, o);
    default: return CLI_OPT_UNKNOWN;
    }
}

static int parse(const cli_env *env, int argc, char **argv, mc_cli_opts *o) {
    int rc = cli_getopt(env, argc, argv, "n:o:h", opts, help, parse_one, o);
    if (rc >= 0) return rc;
    if (optind != argc - 1) return cli_usage_error(env, "expected one model");
    o->model = argv[optind];
    if (o->out == NULL && o->resume != NULL) o->out = o->resume;
    if (o->out == NULL) return cli_usage_error(env, "missing -o MC.h5");
    if (o->resume != NULL && strcmp(o->resume, o->out) != 0) {
        return cli_usage_error(env, "--resume %s but -o %s", o->resume,
                               o->out);
    }
    if (o->iterations <= 0) return cli_usage_error(env, "missing -n ITER");
    if (!o->seed_given) {
        return cli_usage_error(env, "missing --seed S (results are "
                               "reproducible only with a stated seed)");
    }
    return -1;
}

static void defaults(mc_cli_opts *o) {
    memset(o, 0, sizeof *o);
    lca_mc_options_default(&o->mc);
    o->checkpoint_every = 0;  // by time: a commit's cost is time, not count
    o->checkpoint_seconds = 60.0;
}

int mc_cli_parse(const cli_env *env, int argc, char **argv, mc_cli_opts *o) {
    defaults(o);
    return parse(env, argc, argv, o);
}

// What may change between the parts of a run (docs/HPC.md), so may follow
// --resume OUT alone: 1 for a flag, 2 for an option with a value, else 0.
static int changeable(const char *arg) {
    const char *flags[] = {"--json", "--no-partial", "--quiet"};
    const char *values[] = {"--threads", "--checkpoint-every",
                            "--checkpoint-seconds"};
    for (size_t i = 0; i < sizeof flags / sizeof *flags; i++) {
        if (strcmp(arg, flags[i]) == 0) return 1;
    }
    for (size_t i = 0; i < sizeof values / sizeof *values; i++) {
        if (strcmp(arg, values[i]) == 0) return 2;
    }
    return 0;
}

// argv is `mc --resume OUT` and changeable options only: the index of OUT,
// else 0.
static int resume_alone_at(int argc, char **argv) {
    int out = 0;
    for (int i = 1; i < argc;) {
        int k = changeable(argv[i]);
        if (strcmp(argv[i], "--resume") == 0 && i + 1 < argc && out == 0) {
            out = i + 1;
            i += 2;
        } else if (k > 0 && i + k <= argc) {
            i += k;
        } else {
            return 0;
        }
    }
    return out;
}

// `leontief mc --resume OUT` alone: the arguments the run recorded, then
// the changeable options of this command line (the later one wins).
static int resume_alone(const cli_env *env, int argc, char **argv, int at) {
    lca_ctx *ctx = NULL;
    if (lca_ctx_create(&ctx) != LCA_OK) return cli_fail(env, NULL,
                                                        LCA_ERR_NOMEM, 0);
    const char *out = argv[at];
    int64_t n = 0;
    char **args = NULL, **all = NULL;
    lca_status st = lca_mcfile_read_argv(ctx, out, &n, &args);
    int rc;
    if (st != LCA_OK) {
        rc = cli_fail_in(env, ctx, st, out);
    } else if ((all = calloc((size_t)(n + argc) + 1, sizeof *all)) == NULL) {
        rc = cli_fail(env, NULL, LCA_ERR_NOMEM, 0);
    } else {
        int m = 0;
        for (int64_t i = 0; i < n; i++) all[m++] = args[i];
        for (int i = 1; i < argc; i++) {
            if (i != at && i != at - 1) all[m++] = argv[i];
        }
        mc_cli_opts o;
        defaults(&o);
        rc = parse(env, m, all, &o);
        o.resume = out;
        o.resume_alone = 1;
        o.argc = (int)n;
        o.argv = args;
        if (rc < 0) rc = mc_cli_run(env, &o);
    }
    free(all);
    lca_mcfile_free_argv(ctx, args, n);
    lca_ctx_destroy(&ctx);
    return rc;
}

int cli_mc(const cli_env *env, int argc, char **argv) {
    int at = resume_alone_at(argc, argv);
    if (at > 0) return resume_alone(env, argc, argv, at);
    mc_cli_opts o;
    defaults(&o);
    int rc = parse(env, argc, argv, &o);
    const char *outs[] = {o.out};
    // --resume names the output itself (it must equal -o), not an input.
    if (rc < 0) rc = cli_check_outputs_but(env, argc, argv, outs, 1, o.resume);
    if (rc >= 0) return rc;
    o.argc = argc;
    o.argv = argv;
    return mc_cli_run(env, &o);
}
