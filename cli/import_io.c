// cli/import_io.c: `leontief import io --Z FILE --x FILE ...`
// SPDX-License-Identifier: MIT

#include <stdlib.h>
#include <string.h>

#include "import.h"

static const char help[] =
    "usage: leontief import io --Z FILE --x FILE (--x-column NAME |\n"
    "           --x-row NAME) [options] -o MODEL.h5\n"
    "\n"
    "A monetary input-output table in CSV files (docs/FORMAT.md, 'io\n"
    "import'): A = Z diag(x)^-1, B = F diag(x)^-1, one indicator per\n"
    "pressure. Tall files have one row per sector; wide files have the\n"
    "sectors across the header, in the order of Z.\n"
    "  --Z FILE              transactions, sectors x sectors (required)\n"
    "  --x FILE              the file holding gross output (required), as\n"
    "  --x-column NAME       a column of a tall file, or\n"
    "  --x-row NAME          a row of a wide file\n"
    "  --x-id-column NAME    column of sector (or row) ids in x's file\n"
    "                        (default: the first)\n"
    "  --Y FILE              final demand, tall: each column a demand\n"
    "  --Y-columns A,B,...   only these columns, in this order\n"
    "  --Y-id-column NAME    column of sector ids in Y (default: the first)\n"
    "  --Y-balance NAME      also add demand NAME = x - Z 1, the net final\n"
    "                        demand that gives back x exactly\n"
    "  --F FILE              pressures, wide: one row per pressure\n"
    "  --F-id-column NAME    column of pressure ids (default: the first)\n"
    "  --F-unit-column NAME  column of pressure units, or\n"
    "  --F-unit UNIT         the unit of every pressure\n"
    "  --names FILE          sector names, tall, with\n"
    "  --names-column NAME   its column of names and\n"
    "  --names-id-column NAME  its column of sector ids (default: first)\n"
    "  --unit UNIT           the monetary unit of the table, e.g. kUSD\n"
    "\n" IMPORT_COMMON_HELP;

enum {
    OPT_Z = 256, OPT_X, OPT_XCOL, OPT_XROW, OPT_XID, OPT_Y, OPT_YCOLS,
    OPT_YID, OPT_YBAL, OPT_F, OPT_FID, OPT_FUNITCOL, OPT_FUNIT, OPT_NAMES,
    OPT_NAMESCOL, OPT_NAMESID, OPT_UNIT,
};

static const struct option opts[] = {
    IMPORT_COMMON_OPTIONS,
    {"Z", required_argument, NULL, OPT_Z},
    {"x", required_argument, NULL, OPT_X},
    {"x-column", required_argument, NULL, OPT_XCOL},
    {"x-row", required_argument, NULL, OPT_XROW},
    {"x-id-column", required_argument, NULL, OPT_XID},
    {"Y", required_argument, NULL, OPT_Y},
    {"Y-columns", required_argument, NULL, OPT_YCOLS},
    {"Y-id-column", required_argument, NULL, OPT_YID},
    {"Y-balance", required_argument, NULL, OPT_YBAL},
    {"F", required_argument, NULL, OPT_F},
    {"F-id-column", required_argument, NULL, OPT_FID},
    {"F-unit-column", required_argument, NULL, OPT_FUNITCOL},
    {"F-unit", required_argument, NULL, OPT_FUNIT},
    {"names", required_argument, NULL, OPT_NAMES},
    {"names-column", required_argument, NULL, OPT_NAMESCOL},
    {"names-id-column", required_argument, NULL, OPT_NAMESID},
    {"unit", required_argument, NULL, OPT_UNIT},
    {NULL, 0, NULL, 0},
};

typedef struct io_cli {
    lca_iotable_source src;
    const char *ycols;  // --Y-columns
} io_cli;

// One io option into arg (an io_cli); -1, or CLI_OPT_UNKNOWN if not one.
static int io_option(const cli_env *env, int c, void *arg) {
    lca_iotable_source *src = &((io_cli *)arg)->src;
    (void)env;
    switch (c) {
    case OPT_Z: src->Z = optarg; return -1;
    case OPT_X: src->x = optarg; return -1;
    case OPT_XCOL: src->x_column = optarg; return -1;
    case OPT_XROW: src->x_row = optarg; return -1;
    case OPT_XID: src->x_id_column = optarg; return -1;
    case OPT_Y: src->Y = optarg; return -1;
    case OPT_YCOLS: ((io_cli *)arg)->ycols = optarg; return -1;
    case OPT_YID: src->Y_id_column = optarg; return -1;
    case OPT_YBAL: src->Y_balance = optarg; return -1;
    case OPT_F: src->F = optarg; return -1;
    case OPT_FID: src->F_id_column = optarg; return -1;
    case OPT_FUNITCOL: src->F_unit_column = optarg; return -1;
    case OPT_FUNIT: src->F_unit = optarg; return -1;
    case OPT_NAMES: src->names = optarg; return -1;
    case OPT_NAMESCOL: src->names_column = optarg; return -1;
    case OPT_NAMESID: src->names_id_column = optarg; return -1;
    case OPT_UNIT: src->unit = optarg; return -1;
    default: return CLI_OPT_UNKNOWN;
    }
}

// Split "A,B,C" into a new array of column names in *buf (one block:
// the pointers, then a copy of the text). NULL when out of memory.
static const char **split_columns(const char *list, int64_t *count,
                                  void **buf) {
    size_t len = strlen(list);
    int64_t n = 1;
    for (size_t i = 0; i < len; i++) n += list[i] == ',';
    const char **v = malloc(sizeof *v * (size_t)n + len + 1);
    if (v == NULL) return NULL;
    char *text = (char *)(v + n);
    memcpy(text, list, len + 1);
    v[0] = text;
    for (int64_t k = 1; k < n; k++) {
        text = strchr(text, ',');
        *text++ = '\0';
        v[k] = text;
    }
    *count = n;
    *buf = v;
    return v;
}

// Check what the library would reject with a less helpful message.
static int check_sources(const cli_env *env, const lca_iotable_source *s) {
    if (s->Z == NULL || s->x == NULL) {
        return cli_usage_error(env, "io needs --Z FILE and --x FILE");
    }
    if ((s->x_column == NULL) == (s->x_row == NULL)) {
        return cli_usage_error(env, "io needs one of --x-column NAME and "
                               "--x-row NAME");
    }
    if ((s->names == NULL) != (s->names_column == NULL)) {
        return cli_usage_error(env, "--names and --names-column go "
                               "together");
    }
    if (s->F_unit_column != NULL && s->F_unit != NULL) {
        return cli_usage_error(env, "give --F-unit-column or --F-unit, not "
                               "both");
    }
    return -1;
}

int import_io(const cli_env *env, lca_ctx *ctx, int argc, char **argv,
              import_common *common, lca_model **M) {
    io_cli o;
    memset(&o, 0, sizeof o);
    int rc = import_getopt(env, argc, argv, opts, help, io_option, &o, common);
    if (rc < 0) {
        rc = import_check_args(env, argc, argv, 0, common,
                               "io takes no positional arguments");
    }
    if (rc < 0) rc = check_sources(env, &o.src);
    if (rc >= 0) return rc;
    void *buf = NULL;
    if (o.ycols != NULL) {
        o.src.Y_columns = split_columns(o.ycols, &o.src.nY_columns, &buf);
        if (buf == NULL) return cli_fail(env, NULL, LCA_ERR_NOMEM, 0);
    }
    lca_status st = lca_import_iotable(ctx, &o.src, M);
    free(buf);
    return st == LCA_OK ? -1 : cli_fail(env, ctx, st, 0);
}
