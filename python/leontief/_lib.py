# python/leontief/_lib.py: the shared library through ctypes
# SPDX-License-Identifier: MIT
#
# Finds libleontief.so (in this order: $LEONTIEF_LIBRARY; the path a CMake
# install wrote into _config.py; the system's loader path), declares the
# prototypes the package uses (include/lca/*.h is the manual), and turns
# every status < 0 into a typed exception carrying the library's message.
# ctypes releases the GIL around every call into a CDLL, so long
# computations run while other Python threads go on; callbacks from C
# take the GIL back.

import ctypes
import ctypes.util
import os
from ctypes import (POINTER, Structure, c_char_p, c_double, c_int, c_int32,
                    c_int64, c_uint8, c_uint64, c_void_p)


class Error(Exception):
    """An error the library reported: .status (lca_status) and .message."""

    status = None

    def __init__(self, message, status=None):
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status


class NoMemoryError(Error, MemoryError):
    status = -1


class ArgumentError(Error, ValueError):
    status = -2


class DimensionError(Error, ValueError):
    status = -3


class InvalidError(Error, ValueError):
    status = -4


class SingularError(Error, ArithmeticError):
    status = -5


class SolverError(Error, ArithmeticError):
    status = -6


class FileError(Error, OSError):
    status = -7


class NotFoundError(Error, KeyError):
    status = -8

    def __str__(self):  # KeyError would quote the message
        return self.message


_ERRORS = {c.status: c for c in (NoMemoryError, ArgumentError, DimensionError,
                                 InvalidError, SingularError, SolverError,
                                 FileError, NotFoundError)}


def _find():
    env = os.environ.get("LEONTIEF_LIBRARY")
    if env:
        return env
    try:
        from . import _config
        path = os.path.normpath(os.path.join(os.path.dirname(__file__),
                                             _config.LIBRARY))
        if os.path.exists(path):
            return path
    except ImportError:
        pass
    name = ctypes.util.find_library("leontief")
    if name is None:
        raise ImportError(
            "leontief: cannot find libleontief.so; install the library "
            "(cmake --install) or set LEONTIEF_LIBRARY to its path")
    return name


lib = ctypes.CDLL(_find())

i64 = c_int64
i64p = POINTER(c_int64)
dblp = POINTER(c_double)
vp = c_void_p


class lca_solver_options(Structure):
    _fields_ = [("kind", c_int), ("dense_max_n", c_int64),
                ("dense_min_density", c_double), ("refine_tol", c_double),
                ("max_refine", c_int), ("rcond_warn", c_double),
                ("drop_tol", c_double), ("krylov_max", c_int64),
                ("krylov_restart", c_int64)]


class lca_mc_iter_options(Structure):
    _fields_ = [("solver", c_int), ("method", c_int), ("tol", c_double),
                ("max_iter", c_int64), ("restart", c_int64),
                ("batch", c_int64), ("pilot", c_int64)]


class lca_mc_options(Structure):
    _fields_ = [("seed", c_uint64), ("block_size", c_int64),
                ("lognormal_mean_preserving", c_int), ("pedigree_fill", c_int),
                ("pedigree_basic_gsd", c_double), ("on_fail", c_int),
                ("nind", c_int64), ("ind", i64p), ("nd", c_int64),
                ("demands", i64p), ("F", c_void_p), ("keep_factors", c_int),
                ("solver", lca_solver_options), ("iter", lca_mc_iter_options),
                ("presamples", c_void_p), ("hook", c_void_p),
                ("hook_arg", c_void_p), ("nextra", c_int64)]


class lca_mc_block(Structure):
    _fields_ = [("index", c_int64), ("first", c_int64), ("count", c_int64),
                ("failed", POINTER(c_uint8)), ("scores", dblp),
                ("factors", dblp), ("nclamped", c_int64),
                ("path", POINTER(c_uint8)), ("krylov", POINTER(c_int32)),
                ("extra", dblp)]


class lca_mc_spec(Structure):
    _fields_ = [("M", c_void_p), ("opt", POINTER(lca_mc_options)),
                ("iterations", c_int64), ("model_file", c_char_p),
                ("model_sha256", c_char_p), ("presamples_file", c_char_p),
                ("presamples_sha256", c_char_p), ("command_line", c_char_p),
                ("mpi_ranks", c_int), ("argc", c_int),
                ("argv", POINTER(c_char_p)), ("mc", c_void_p)]


class lca_contrib_cut(Structure):
    _fields_ = [("top", c_int64), ("min_share", c_double),
                ("cum_share", c_double)]


class lca_contrib_rows(Structure):
    _fields_ = [("kind", c_int), ("n", c_int64), ("idx", i64p),
                ("groups", dblp), ("group_names", POINTER(c_char_p)),
                ("ngroups", c_int64), ("mc", c_void_p)]


class lca_spa_options(Structure):
    _fields_ = [("cutoff", c_double), ("max_depth", c_int64),
                ("max_nodes", c_int64), ("top", c_int64)]


class lca_screen_options(Structure):
    _fields_ = [("lognormal_mean_preserving", c_int), ("pedigree_fill", c_int),
                ("pedigree_basic_gsd", c_double)]


class lca_mcfile_stats(Structure):
    _fields_ = [("n", c_int64), ("count", dblp), ("mean", dblp), ("sd", dblp),
                ("gsd", dblp), ("quantiles", dblp),
                ("model_sha256", ctypes.c_char * 65),
                ("iterations_done", c_int64), ("iterations_failed", c_int64),
                ("stopped_early", c_int)]


class lca_pcf_options(Structure):
    _fields_ = [("iterations", c_int64), ("mc", lca_mc_options),
                ("nprimary", c_int64), ("primary", POINTER(c_char_p)),
                ("missing_score", c_double)]


class lca_pcf_violation(Structure):
    _fields_ = [("check", c_char_p), ("item", c_char_p),
                ("detail", c_char_p)]


class lca_pcf_result(Structure):
    _fields_ = [("id", c_char_p), ("unit", c_char_p),
                ("indicator", c_char_p), ("indicator_unit", c_char_p),
                ("footprint", c_double), ("per_kg", c_double),
                ("nsplit", c_int64), ("split_ids", POINTER(c_char_p)),
                ("split", dblp), ("nstages", c_int64),
                ("stage_names", POINTER(c_char_p)), ("stages", dblp),
                ("cutoff_share", c_double), ("cutoff_items", c_int64),
                ("cutoff_limit", c_double), ("unlinked", c_int64),
                ("primary_share", c_double), ("dqr", c_double),
                ("dqr_scores", c_double * 5), ("unscored", c_double),
                ("conforms", c_int), ("nviolations", c_int64),
                ("violations", POINTER(lca_pcf_violation)),
                ("nsamples", c_int64), ("nvalid", c_int64),
                ("samples", dblp), ("split_samples", dblp),
                ("stage_samples", dblp), ("mean", c_double),
                ("sd", c_double), ("q", c_double * 7)]


class lca_grade_param(Structure):
    _fields_ = [("subject", c_char_p), ("name", c_char_p),
                ("value", c_double)]


class lca_pact_options(Structure):
    _fields_ = [("company_name", c_char_p), ("ncompany_ids", c_int64),
                ("company_ids", POINTER(c_char_p)), ("id_domain", c_char_p),
                ("created", c_char_p), ("reference_period", c_char_p),
                ("database_name", c_char_p), ("database_version", c_char_p),
                ("previous", c_char_p), ("grading_dir", c_char_p),
                ("confidence", c_double), ("nparams", c_int64),
                ("params", POINTER(lca_grade_param))]


BLOCK_FN = ctypes.CFUNCTYPE(c_int, c_void_p, POINTER(lca_mc_block))
FDB_ARGS_FN = ctypes.CFUNCTYPE(None, c_void_p, c_void_p,
                               POINTER(lca_mc_options), c_char_p,
                               POINTER(c_int), c_void_p)
FDB_PROGRESS_FN = ctypes.CFUNCTYPE(None, c_void_p, c_int64, c_int64, c_int)


class lca_fdb_build_options(Structure):
    _fields_ = [("iterations", c_int64), ("mc", lca_mc_options),
                ("presamples", c_char_p), ("checkpoint_seconds", c_double),
                ("split_mc", c_int), ("from_mc", c_char_p),
                ("indicator", c_char_p), ("nproducts", c_int64),
                ("products", POINTER(c_char_p)),
                ("trace_min_share", c_double), ("missing_score", c_double),
                ("gwp_set", c_char_p), ("previous", c_char_p),
                ("threshold", c_double), ("command_line", c_char_p),
                ("resume_args", FDB_ARGS_FN), ("resume_args_arg", c_void_p),
                ("stop", POINTER(c_int)), ("progress", FDB_PROGRESS_FN),
                ("progress_arg", c_void_p)]


class lca_fdb_build_result(Structure):
    _fields_ = [("db", c_void_p), ("products", i64p),
                ("iterations", c_int64), ("count", c_int64 * 4),
                ("reissue", c_int64), ("stopped", c_int),
                ("mc_done", c_int64), ("mc_path", c_char_p),
                ("warning", c_char_p), ("step", c_int)]

_STATUS = c_int
_PROTOS = {
    # ctx.h
    "lca_ctx_create": (_STATUS, [POINTER(vp)]),
    "lca_ctx_destroy": (None, [POINTER(vp)]),
    "lca_ctx_set_nthreads": (None, [vp, c_int]),
    "lca_ctx_nthreads": (c_int, [vp]),
    "lca_ctx_errmsg": (c_char_p, [vp]),
    "lca_status_str": (c_char_p, [c_int]),
    "lca_version": (c_char_p, []),
    # model.h, io.h, importers
    "lca_model_read": (_STATUS, [vp, c_char_p, POINTER(vp)]),
    "lca_model_write": (_STATUS, [vp, c_char_p]),
    "lca_model_destroy": (None, [POINTER(vp)]),
    "lca_model_dim": (c_int64, [vp, c_int]),
    "lca_model_A": (vp, [vp]),
    "lca_model_B": (vp, [vp]),
    "lca_model_C": (vp, [vp]),
    "lca_model_tech": (vp, [vp]),
    "lca_model_convention": (c_int, [vp]),
    "lca_model_label": (c_char_p, [vp, c_int, c_int, c_int64]),
    "lca_model_set_labels": (_STATUS, [vp, c_int, c_int, POINTER(c_char_p)]),
    "lca_model_lookup": (_STATUS, [vp, c_int, c_char_p, i64p]),
    "lca_model_attr": (c_char_p, [vp, c_char_p]),
    "lca_model_set_attr": (_STATUS, [vp, c_char_p, c_char_p]),
    "lca_model_add_demand": (_STATUS, [vp, c_char_p, c_int64, i64p, dblp]),
    "lca_model_nreports": (c_int64, [vp]),
    "lca_model_report": (c_char_p, [vp, c_int64, c_int]),
    "lca_model_uncertainty": (vp, [vp, c_int]),
    "lca_import_useeio": (_STATUS, [vp, c_char_p, POINTER(vp)]),
    "lca_import_olca": (_STATUS, [vp, c_char_p, POINTER(vp)]),
    "lca_import_ecospold2": (_STATUS, [vp, c_char_p, POINTER(vp)]),
    "lca_import_bw": (_STATUS, [vp, c_int64, POINTER(c_char_p), POINTER(vp)]),
    "lca_file_sha256": (_STATUS, [vp, c_char_p, ctypes.c_char * 65]),
    # export.h
    "lca_model_write_report_csv": (_STATUS, [vp, c_char_p]),
    "lca_model_write_mtx": (_STATUS, [vp, c_char_p]),
    "lca_mcfile_write_csv": (_STATUS, [vp, c_char_p, c_char_p, c_int64,
                                       POINTER(c_char_p)]),
    "lca_split_is_component": (c_int, [vp, c_int64]),
    # csc.h
    "lca_csc_nrows": (c_int64, [vp]),
    "lca_csc_ncols": (c_int64, [vp]),
    "lca_csc_nnz": (c_int64, [vp]),
    "lca_csc_colptr": (i64p, [vp]),
    "lca_csc_rowidx": (i64p, [vp]),
    "lca_csc_values": (dblp, [vp]),
    # calc.h
    "lca_calc_create": (_STATUS, [vp, vp, POINTER(vp)]),
    "lca_calc_destroy": (None, [POINTER(vp)]),
    "lca_calc_demands": (_STATUS, [vp, c_int64, i64p, dblp, dblp, dblp]),
    "lca_calc_factors": (_STATUS, [vp, c_int64, i64p, dblp, dblp]),
    "lca_calc_flow_factors": (_STATUS, [vp, c_int64, i64p, dblp]),
    # mc.h, mcfile.h
    "lca_mc_options_default": (None, [POINTER(lca_mc_options)]),
    "lca_mc_create": (_STATUS, [vp, POINTER(lca_mc_options), POINTER(vp)]),
    "lca_mc_destroy": (None, [POINTER(vp)]),
    "lca_mc_run": (_STATUS, [vp, c_int64, c_int64, BLOCK_FN, vp,
                             POINTER(c_int)]),
    "lca_mc_next": (c_int64, [vp]),
    "lca_mc_done": (c_int64, [vp]),
    "lca_mc_nfailed": (c_int64, [vp]),
    "lca_mc_summary": (None, [vp, i64p, dblp, dblp, dblp, dblp]),
    "lca_mcfile_create": (_STATUS, [c_char_p, POINTER(lca_mc_spec),
                                    POINTER(vp)]),
    "lca_mcfile_has_checkpoint": (c_int, [c_char_p]),
    "lca_mcfile_start": (_STATUS, [vp, vp]),
    "lca_mcfile_resume": (_STATUS, [c_char_p, POINTER(lca_mc_spec), vp,
                                    POINTER(vp)]),
    "lca_mcfile_block": (_STATUS, [vp, POINTER(lca_mc_block)]),
    "lca_mcfile_checkpoint": (_STATUS, [vp, vp]),
    "lca_mcfile_set_attr_int": (_STATUS, [vp, c_char_p, c_int64]),
    "lca_mcfile_finish": (_STATUS, [POINTER(vp), vp, dblp, dblp, c_int]),
    "lca_mcfile_destroy": (None, [POINTER(vp)]),
    "lca_mcfile_read_stats": (_STATUS, [vp, c_char_p, c_char_p,
                                        POINTER(lca_mcfile_stats)]),
    "lca_mcfile_stats_free": (None, [vp, POINTER(lca_mcfile_stats)]),
    # analysis: tables
    "lca_table_destroy": (None, [POINTER(vp)]),
    "lca_table_name": (c_char_p, [vp]),
    "lca_table_nrows": (c_int64, [vp]),
    "lca_table_ncols": (c_int64, [vp]),
    "lca_table_col_name": (c_char_p, [vp, c_int64]),
    "lca_table_col_unit": (c_char_p, [vp, c_int64]),
    "lca_table_col_type": (c_int, [vp, c_int64]),
    "lca_table_col_text": (POINTER(c_char_p), [vp, c_int64]),
    "lca_table_col_number": (dblp, [vp, c_int64]),
    "lca_table_col_int": (i64p, [vp, c_int64]),
    "lca_table_nattrs": (c_int64, [vp]),
    "lca_table_attr_key": (c_char_p, [vp, c_int64]),
    "lca_table_attr_value": (c_char_p, [vp, c_int64]),
    "lca_contrib_create": (_STATUS, [vp, c_int64, c_int64, POINTER(vp)]),
    "lca_contrib_destroy": (None, [POINTER(vp)]),
    "lca_contrib_total": (c_double, [vp]),
    "lca_contrib_values": (dblp, [vp, c_int]),
    "lca_contrib_select": (_STATUS, [vp, c_int64, dblp, c_double,
                                     POINTER(lca_contrib_cut), i64p, i64p,
                                     dblp]),
    "lca_contrib_table": (_STATUS, [vp, vp, c_int64,
                                    POINTER(lca_contrib_rows), POINTER(vp)]),
    "lca_spa_options_default": (None, [POINTER(lca_spa_options)]),
    "lca_spa_create": (_STATUS, [vp, c_int64, i64p, dblp,
                                 POINTER(lca_spa_options), POINTER(vp)]),
    "lca_spa_destroy": (None, [POINTER(vp)]),
    "lca_spa_paths_table": (_STATUS, [vp, vp, i64p, c_int64, POINTER(vp)]),
    "lca_spa_tree_table": (_STATUS, [vp, vp, i64p, POINTER(vp)]),
    "lca_screen_options_default": (None, [POINTER(lca_screen_options)]),
    "lca_screen_create": (_STATUS, [vp, c_int64, dblp,
                                    POINTER(lca_screen_options), POINTER(vp)]),
    "lca_screen_destroy": (None, [POINTER(vp)]),
    "lca_screen_table": (_STATUS, [vp, vp, c_int64, POINTER(vp)]),
    # rule.h, io_rules.h, pcf.h
    "lca_ruleset_read": (_STATUS, [vp, c_char_p, POINTER(vp)]),
    "lca_ruleset_destroy": (None, [POINTER(vp)]),
    "lca_ruleset_count": (c_int64, [vp]),
    "lca_pcf_options_default": (None, [POINTER(lca_pcf_options)]),
    "lca_pcf_create": (_STATUS, [vp, vp, POINTER(lca_pcf_options),
                                 POINTER(vp)]),
    "lca_pcf_destroy": (None, [POINTER(vp)]),
    "lca_pcf_run": (_STATUS, [vp, POINTER(c_int)]),
    "lca_pcf_ncategories": (c_int64, [vp]),
    "lca_pcf_iterations": (c_int64, [vp]),
    "lca_pcf_nfailed": (c_int64, [vp]),
    "lca_pcf_result_get": (None, [vp, c_int64, POINTER(lca_pcf_result)]),
    "lca_pcf_write": (_STATUS, [vp, c_char_p, c_char_p]),
    # factordb.h, release.h
    "lca_fdb_read": (_STATUS, [vp, c_char_p, POINTER(vp)]),
    "lca_fdb_destroy": (None, [POINTER(vp)]),
    "lca_fdb_nrecords": (c_int64, [vp]),
    "lca_fdb_text_str": (c_char_p, [c_int]),
    "lca_fdb_num_str": (c_char_p, [c_int]),
    "lca_fdb_text_get": (c_char_p, [vp, c_int, c_int64]),
    "lca_fdb_num_get": (dblp, [vp, c_int]),
    "lca_fdb_ncomponents": (c_int64, [vp]),
    "lca_fdb_component_name": (c_char_p, [vp, c_int64]),
    "lca_fdb_component_get": (dblp, [vp, c_int64, c_int]),
    # fdb_build.h
    "lca_fdb_build_options_default": (None,
                                      [POINTER(lca_fdb_build_options)]),
    "lca_fdb_build": (_STATUS, [vp, c_char_p, c_char_p,
                                POINTER(lca_fdb_build_options),
                                POINTER(lca_fdb_build_result)]),
    "lca_fdb_build_result_free": (None, [vp, POINTER(lca_fdb_build_result)]),
    # pact.h
    "lca_pact_options_default": (None, [POINTER(lca_pact_options)]),
    "lca_pact_export_release": (_STATUS, [vp, c_char_p, vp,
                                          POINTER(lca_pact_options), c_int64,
                                          POINTER(c_char_p), c_char_p]),
}

for _name, (_res, _args) in _PROTOS.items():
    _f = getattr(lib, _name)
    _f.restype = _res
    _f.argtypes = _args

LCA_MC_NQUANTILES = 7
QUANTILE_P = (c_double * LCA_MC_NQUANTILES).in_dll(lib, "lca_mc_quantile_p")


def version():
    """The library's version string (lca_version)."""
    return lib.lca_version().decode()


def error_from(ctx, status):
    """The exception for status (< 0) with ctx's message."""
    msg = lib.lca_ctx_errmsg(ctx) if ctx else None
    msg = msg.decode(errors="replace") if msg else ""
    if not msg:
        msg = lib.lca_status_str(status).decode()
    return _ERRORS.get(status, Error)(msg, status)


def check(ctx, status):
    """Raise the typed exception for an error status; return warnings."""
    if status < 0:
        raise error_from(ctx, status)
    return status
