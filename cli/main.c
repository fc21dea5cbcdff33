// cli/main.c: the leontief program: dispatch to a subcommand
// SPDX-License-Identifier: MIT

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#ifdef LCA_HAVE_MPI
#include "mc_mpi.h"
#endif

static const char usage[] =
    "usage: leontief COMMAND [options]   (leontief COMMAND --help)\n"
    "\n"
    "commands:\n"
    "  import FORMAT SRC -o MODEL.h5   build a model file (useeio, mtx)\n"
    "  info FILE.h5                    describe a model, results or Monte\n"
    "                                  Carlo file\n"
    "  solve MODEL.h5 -o OUT.h5        supply, inventory and impacts of\n"
    "                                  demand vectors (one factorization)\n"
    "  factors MODEL.h5 -o OUT.h5      upstream (cradle-to-gate) factors of\n"
    "                                  every product, N = C B A^-1\n"
    "  mc MODEL.h5 -n N --seed S -o MC.h5\n"
    "                                  Monte Carlo factors and demand\n"
    "                                  distributions (parallel, seeded)\n"
    "  export FILE.h5 --csv DIR [--mtx]\n"
    "                                  results as tidy CSV (and Matrix\n"
    "                                  Market); a model as mtx + CSV\n"
    "  factordb build MODEL.h5 -n N --seed S -o RELEASE\n"
    "                                  a factor-database release (CSV,\n"
    "                                  JSON, HDF5, manifest); factordb\n"
    "                                  diff OLD NEW compares two\n"
    "  cbam GOODS.json [MODEL.h5] --year Y -o DIR\n"
    "                                  EU CBAM specific embedded emissions\n"
    "                                  of CN-coded goods vs default values\n"
    "  contrib MODEL.h5 --product NAME where a footprint comes from: by\n"
    "                                  process, flow, first-tier supplier,\n"
    "                                  stage (and through Monte Carlo)\n"
    "  tree MODEL.h5 --product NAME    the supply-chain tree\n"
    "  paths MODEL.h5 --product NAME   the largest supply-chain paths\n"
    "  sensitivity MODEL.h5 --product NAME\n"
    "                                  which uncertain inputs matter\n"
    "                                  (screening, Spearman, Sobol)\n"
    "  pcf RULES MODEL.h5 -o DIR       carbon footprints of every product\n"
    "                                  category of a rule set (one paired\n"
    "                                  Monte Carlo run; docs/RULES.md)\n"
    "  pact RELEASE RULES -o DIR ...   PACT v3 ProductFootprints of a\n"
    "                                  factor-database release\n"
    "  grade RELEASE --scheme S -o DIR label payloads: classes of a\n"
    "                                  release's products with their\n"
    "                                  probabilities (docs/DISCLOSURE.md)\n"
    "\n"
    "exit codes: 0 done, 1 internal error (e.g. out of memory), 2 usage\n"
    "error, 3 bad input (file, content or unknown name), 4 numerical\n"
    "failure (singular system), 5 output could not be written, 6 a\n"
    "category does not conform (pcf --strict), 75 stopped by a signal with\n"
    "a checkpoint (leontief mc --resume OUT finishes it).\n";

static char *join_args(int argc, char **argv) {
    size_t len = 1;
    for (int i = 0; i < argc; i++) len += strlen(argv[i]) + 1;
    char *s = malloc(len);
    if (s == NULL) return NULL;
    s[0] = '\0';
    for (int i = 0; i < argc; i++) {
        if (i > 0) strcat(s, " ");
        strcat(s, argv[i]);
    }
    return s;
}

static int run(int argc, char **argv) {
    if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
        strcmp(argv[1], "-h") == 0) {
        fputs(usage, argc < 2 ? stderr : stdout);
        return argc < 2 ? CLI_EXIT_USAGE : CLI_EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("leontief %s\n", lca_version());
        return CLI_EXIT_OK;
    }
    cli_env env = {argv[0], join_args(argc, argv), argv[1]};
    int rc;
    if (strcmp(argv[1], "info") == 0) {
        rc = cli_info(&env, argc - 1, argv + 1);
    } else if (strcmp(argv[1], "solve") == 0) {
        rc = cli_solve(&env, argc - 1, argv + 1);
    } else if (strcmp(argv[1], "factors") == 0) {
        rc = cli_factors(&env, argc - 1, argv + 1);
    } else if (strcmp(argv[1], "import") == 0) {
        rc = cli_import(&env, argc - 1, argv + 1);
    } else if (strcmp(argv[1], "mc") == 0) {
        rc = cli_mc(&env, argc - 1, argv + 1);
    } else if (strcmp(argv[1], "export") == 0) {
        rc = cli_export(&env, argc - 1, argv + 1);
    } else if (strcmp(argv[1], "factordb") == 0) {
        rc = cli_factordb(&env, argc - 1, argv + 1);
    } else if (strcmp(argv[1], "cbam") == 0) {
        rc = cli_cbam(&env, argc - 1, argv + 1);
    } else if (strcmp(argv[1], "contrib") == 0) {
        rc = cli_contrib(&env, argc - 1, argv + 1);
    } else if (strcmp(argv[1], "tree") == 0) {
        rc = cli_tree(&env, argc - 1, argv + 1);
    } else if (strcmp(argv[1], "paths") == 0) {
        rc = cli_paths(&env, argc - 1, argv + 1);
    } else if (strcmp(argv[1], "sensitivity") == 0) {
        rc = cli_sensitivity(&env, argc - 1, argv + 1);
    } else if (strcmp(argv[1], "pcf") == 0) {
        rc = cli_pcf(&env, argc - 1, argv + 1);
    } else if (strcmp(argv[1], "pact") == 0) {
        rc = cli_pact(&env, argc - 1, argv + 1);
    } else if (strcmp(argv[1], "grade") == 0) {
        rc = cli_grade(&env, argc - 1, argv + 1);
    } else {
        fprintf(stderr, "leontief: unknown command '%s'\n\n%s", argv[1],
                usage);
        rc = CLI_EXIT_USAGE;
    }
    free(env.command_line);
    return rc;
}

int main(int argc, char **argv) {
#ifdef LCA_HAVE_MPI
    // Under mpirun every rank runs the command: cli/mc_mpi.c.
    return mc_mpi_main(argc, argv, run);
#else
    return run(argc, argv);
#endif
}
