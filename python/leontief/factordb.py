# python/leontief/factordb.py: factor-database releases read back
# SPDX-License-Identifier: MIT
#
# read_factordb(release) is lca_fdb_read (include/lca/release.h): the
# records of a folder `leontief factordb build` wrote, checked against its
# manifest's hashes. The columns come back as numpy arrays (copies) named
# as the library names them (lca_fdb_text_str, lca_fdb_num_str,
# lca_fdb_component_name), and as a pandas DataFrame when pandas is there.
#
# build(model, out, n=..., seed=...) is lca_fdb_build (lca/fdb_build.h), the
# job of `leontief factordb build`: the same release, file for file (the
# manifest's command line, date and the HDF5 files' own timestamps aside).

import ctypes
import os

import numpy as np

from . import _lib
from ._lib import check, lib
from .model import _b, _Ctx, _key

NTEXTS, NNUMS = 7, 18


class FactorDB:
    """The records of a factor-database release (one per product).

    .text[name] (lists of str: record_id, supersedes, product_id,
    product_name, unit, region, reference_period), .num[name] (float64
    arrays: factor, mc_mean, mc_median, mc_sd, mc_gsd, mc_p2_5, mc_p97_5,
    mc_iterations, dqr, ... as in factors.h5's records),
    .components[name] (the split and per-gas factors, float64 arrays),
    .frame() (all of them as a DataFrame indexed by record_id)."""

    def __init__(self, release):
        c = _Ctx()
        db = ctypes.c_void_p()
        check(c.ctx, lib.lca_fdb_read(c.ctx, _b(release), ctypes.byref(db)))
        c.own(lib.lca_fdb_destroy, db)
        n = lib.lca_fdb_nrecords(db)
        self.release = release
        self.text = {lib.lca_fdb_text_str(k).decode():
                     [lib.lca_fdb_text_get(db, k, i).decode()
                      for i in range(n)] for k in range(NTEXTS)}
        self.num = {lib.lca_fdb_num_str(k).decode():
                    _col(lib.lca_fdb_num_get(db, k), n)
                    for k in range(NNUMS)}
        self.components = {
            lib.lca_fdb_component_name(db, j).decode():
            _col(lib.lca_fdb_component_get(db, j, 0), n)
            for j in range(lib.lca_fdb_ncomponents(db))}
        c.close()

    def __len__(self):
        return len(self.text["record_id"])

    def frame(self):
        """A pandas DataFrame indexed by record_id (pandas required)."""
        import pandas as pd
        cols = dict(self.text)
        cols.update(self.num)
        cols.update(self.components)
        return pd.DataFrame(cols).set_index("record_id")


def _col(ptr, n):
    if n == 0 or not ptr:
        return np.full(n, np.nan)
    return np.ctypeslib.as_array(ptr, shape=(n,)).copy()


def read_factordb(release):
    """The release folder's records (lca_fdb_read) as a FactorDB."""
    return FactorDB(release)


def build(model, out, n=None, seed=None, indicator=None, products=(),
          split_mc=False, from_mc=None, previous=None, threshold=0.10,
          trace_share=0.01, missing_score=5.0, gwp_set=None,
          pedigree_fill=False, basic_gsd=None, lognormal="median",
          on_fail="skip", block_size=None, presamples=None, threads=None,
          checkpoint_seconds=60.0, progress=None, command_line="python"):
    """Build the factor-database release folder out from the model file
    (a path, or a Model read from one), as `leontief factordb build MODEL
    -n N --seed S -o OUT` (lca_fdb_build; docs/FACTORDB.md).

    n, seed: the Monte Carlo run (or from_mc: a finished run of the model,
    then no n, seed or run options). indicator: the total (default: the
    model's split total or only indicator). products: scored as paired
    demands. previous: the release this one follows (ids carried;
    threshold: re-issue above this relative change). The run's options
    (pedigree_fill, basic_gsd, lognormal "median"|"mean", on_fail
    "skip"|"abort", block_size, presamples CSV, threads) as for `leontief
    mc`. progress(done, total): called after every block of the run.

    Returns the published records (FactorDB) with .iterations and
    .against ({"unchanged": .., "changed": .., "added": .., "removed": ..,
    "reissue": ..}, None without previous). The folder appears whole or
    not at all; errors raise leontief.Error subclasses with the library's
    message; Ctrl-C stops the run (RunStopped), keeping its checkpoint in
    the staging folder: resume that run, then build with from_mc."""
    from .mc import RunStopped, _in_worker
    path = getattr(model, "path", model)
    if path is None:
        raise _lib.ArgumentError(
            "a release records the model file it was built from: read the "
            "model with leontief.read(path) first", -2)
    o = _lib.lca_fdb_build_options()
    lib.lca_fdb_build_options_default(ctypes.byref(o))
    if from_mc is None:
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) \
                or not 0 < n < 2**63:
            raise _lib.ArgumentError(
                f"n (iterations) must be a positive integer, not {n!r}", -2)
        if seed is None:
            raise _lib.ArgumentError(
                "seed is required (results are reproducible only with a "
                "stated seed)", -2)
        if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
            raise _lib.ArgumentError(
                f"seed must be an integer, not {seed!r}", -2)
        o.iterations = int(n)
        o.mc.seed = int(seed) & ((1 << 64) - 1)
        if block_size is not None:
            o.mc.block_size = int(block_size)
        o.mc.pedigree_fill = int(bool(pedigree_fill))
        if basic_gsd is not None:
            o.mc.pedigree_basic_gsd = float(basic_gsd)
        o.mc.lognormal_mean_preserving = _key({"median": 0, "mean": 1},
                                              lognormal)
        o.mc.on_fail = _key({"skip": 0, "abort": 1}, on_fail)
    elif n is not None or seed is not None:
        raise _lib.ArgumentError(
            "from_mc takes the run as it is: no n or seed", -2)
    keep = []  # the bytes the struct points into

    def s(v):
        if v is None:
            return None
        keep.append(_b(v))
        return keep[-1]

    o.presamples = s(presamples)
    o.checkpoint_seconds = float(checkpoint_seconds)
    o.split_mc = int(bool(split_mc))
    o.from_mc = s(from_mc)
    o.indicator = s(indicator)
    if products is None:
        products = ()
    if isinstance(products, (str, bytes, os.PathLike)):
        products = [products]
    if any(not isinstance(p, (str, bytes, os.PathLike)) or not p
           for p in products):
        raise _lib.ArgumentError(
            f"products must be non-empty names or ids, not {products!r}", -2)
    names = [s(p) for p in products]
    arr = (ctypes.c_char_p * max(1, len(names)))(*names)
    o.nproducts, o.products = len(names), arr
    o.trace_min_share = float(trace_share)
    o.missing_score = float(missing_score)
    o.gwp_set = s(gwp_set)
    o.previous = s(previous)
    o.threshold = float(threshold)
    o.command_line = s(command_line)
    stop = ctypes.c_int(0)
    o.stop = ctypes.pointer(stop)
    errors = []

    def on_progress(arg, done, total, final):
        try:
            if progress is not None and not final and \
                    progress(done, total) is False:
                stop.value = 1
        except BaseException as e:  # noqa: B902 (re-raised below)
            errors.append(e)
            stop.value = 1

    cb = _lib.FDB_PROGRESS_FN(on_progress)
    if progress is not None:  # else no call into Python per block
        o.progress = cb
    c = _Ctx(threads)
    r = _lib.lca_fdb_build_result()
    out_b = s(out)
    st = [0]

    def work():
        st[0] = lib.lca_fdb_build(c.ctx, _b(path), out_b, ctypes.byref(o),
                                  ctypes.byref(r))

    interrupted = _in_worker(work, stop, "leontief-fdb")
    try:
        if errors:
            if r.stopped and r.mc_path:
                errors[0].add_note(
                    "leontief: the Monte Carlo run's checkpoint is kept in "
                    f"{r.mc_path.decode()}")
            raise errors[0]
        check(c.ctx, st[0])
        if r.stopped:
            msg = (f"the Monte Carlo run was stopped after {r.mc_done} of "
                   f"{o.iterations} iterations; its checkpoint is kept in "
                   f"{r.mc_path.decode()}: resume it, then build with "
                   f"from_mc")
            if interrupted:
                raise RunStopped(None, msg)
            raise _lib.Error(msg)
        iterations = r.iterations
        counts = list(r.count) + [r.reissue]
    finally:
        lib.lca_fdb_build_result_free(c.ctx, ctypes.byref(r))
        c.close()
    db = FactorDB(out)
    db.iterations = iterations
    db.against = None if previous is None else dict(
        zip(("unchanged", "changed", "added", "removed", "reissue"), counts))
    return db
