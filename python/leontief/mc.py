# python/leontief/mc.py: Monte Carlo from Python (include/lca/mc.h, mcfile.h)
# SPDX-License-Identifier: MIT
#
# run() drives lca_mc_run in waves of blocks, as `leontief mc` does, from a
# worker thread: ctypes releases the GIL for the C call, the block
# callback takes it back to collect the block (and to call the user's
# progress function), and the calling thread waits in short joins so that
# Ctrl-C reaches it. On Ctrl-C (or a progress function returning False)
# the stop flag that lca_mc_run reads is set: the run finishes the blocks
# it started and returns. With out=FILE the results file is written by
# the library (lca_mcfile_*: the same file `leontief mc -o FILE` writes,
# bit for bit in its numbers); a stopped run keeps its checkpoint and
# run(..., out=FILE, resume=True) continues it to the numbers an
# uninterrupted run gives. The same seed gives the same numbers as the CLI
# for any thread count.

import ctypes
import signal
import threading

import numpy as np

from . import _lib
from ._lib import check, lib
from .model import _b, _dblp, _i64p, _key


class RunStopped(KeyboardInterrupt):
    """A run stopped early by Ctrl-C or its progress function. .result is
    what was computed (MCResult); with a results file the checkpoint is
    kept: run again with resume=True to continue."""

    def __init__(self, result, message):
        super().__init__(message)
        self.result = result


class MCResult:
    """Monte Carlo results: factor statistics over the products for each
    summarized indicator (count, mean, sd, min, max: nind x n), demand
    scores per iteration (iterations x nd x nind; NaN for a failed
    iteration), factor samples when kept (iterations x nind x n), and the
    exact quantiles (at QUANTILE_P) when a results file was written."""

    def __init__(self, model, ind, dem, iterations):
        self.indicators = [model.labels("indicators")[i] for i in ind]
        self.demands = [model.labels("demands")[d] for d in dem]
        self.products = model.labels("products")
        self.iterations = iterations
        self.done = 0
        self.failed = 0
        self.stopped = False
        self.scores = None
        self.factor_samples = None
        self.factor_quantiles = None
        self.demand_stats = None
        self.path = None

    def frame(self, indicator=0):
        """The factor statistics of one indicator as a DataFrame."""
        import pandas as pd
        if not isinstance(indicator, int):
            indicator = self.indicators.index(indicator)
        data = {"mean": self.mean[indicator], "sd": self.sd[indicator],
                "min": self.min[indicator], "max": self.max[indicator]}
        if self.factor_quantiles is not None:
            for q, p in zip(self.factor_quantiles[:, indicator],
                            _lib.QUANTILE_P):
                data[f"q{p:g}"] = q
        return pd.DataFrame(data, index=pd.Index(self.products,
                                                 name="product"))


def _selection(model, which, axis, default_all, split=True):
    if which is None:
        n = model.dim(axis) if default_all else 0
        M = model._m()
        return np.array([i for i in range(n) if split or
                         not lib.lca_split_is_component(M, i)], np.int64)
    if isinstance(which, (str, int, np.integer)):
        which = [which]
    return np.array([model._index(axis, k) for k in which], np.int64)


class _Collector:
    """The block callback: copies scores (and factor samples) out."""

    def __init__(self, res, nd, nind, n, keep, progress, sink, stop):
        self.res, self.progress, self.sink, self.stop = res, progress, sink, stop
        self.width = nd * nind
        self.n, self.nind, self.keep = n, nind, keep
        self.error = None
        self.fn = _lib.BLOCK_FN(self._block)

    def _block(self, arg, bp):
        try:
            b = bp.contents
            st = 0
            if self.sink is not None:
                st = lib.lca_mcfile_block(self.sink, bp)
            r, k = self.res, b.count
            if self.width and k:
                v = np.ctypeslib.as_array(b.scores, (k * self.width,))
                r.scores[b.first:b.first + k] = v.reshape(
                    k, *r.scores.shape[1:])
            if self.keep and k and self.nind:
                v = np.ctypeslib.as_array(b.factors, (k * self.nind * self.n,))
                r.factor_samples[b.first:b.first + k] = v.reshape(
                    k, self.nind, self.n)
            r.done = b.first + k
            if self.progress is not None and \
                    self.progress(r.done, r.iterations) is False:
                self.stop.value = 1
            return st
        except BaseException as e:  # noqa: B902 (re-raised by run)
            self.error = e
            self.stop.value = 1
            return 0


def _options(model, seed, ind, dem, block_size, pedigree_fill,
             lognormal_mean_preserving, on_fail, keep):
    o = _lib.lca_mc_options()
    lib.lca_mc_options_default(ctypes.byref(o))
    o.seed = int(seed) & ((1 << 64) - 1)
    if block_size is not None:
        o.block_size = int(block_size)
    o.pedigree_fill = int(bool(pedigree_fill))
    o.lognormal_mean_preserving = int(bool(lognormal_mean_preserving))
    o.on_fail = _key({"skip": 0, "abort": 1}, on_fail)
    o.nind, o.ind = len(ind), _i64p(ind)
    o.nd, o.demands = len(dem), _i64p(dem)
    o.keep_factors = int(bool(keep))
    return o


def _join(done, stop):
    """Wait until the worker has left the library (done is set); Ctrl-C
    (KeyboardInterrupt, which Python raises in this thread only, between
    any two steps) sets the stop flag and the wait goes on. True if
    interrupted. Not Thread.join: before Python 3.13 a join interrupted by
    Ctrl-C can make is_alive() False while the thread still runs."""
    interrupted = False
    while True:
        try:
            while not done.is_set():
                done.wait(0.05)
            return interrupted
        except KeyboardInterrupt:
            stop.value = 1
            interrupted = True


def _in_worker(call, stop, name):
    """call() on a worker thread while this thread waits; True if Ctrl-C
    stopped it (stop set). In the main thread with Python's default
    SIGINT handler, Ctrl-C sets the stop flag instead of raising
    KeyboardInterrupt for the whole call: otherwise one that struck inside
    Thread.start() (the worker already calling the library) would escape
    every wait and let the caller free what the worker still uses. Any
    other handler stays, and _join still catches a KeyboardInterrupt."""
    done = threading.Event()
    hit = [False]

    def work():
        try:
            call()
        finally:
            done.set()

    def on_sigint(signum, frame):
        stop.value = 1
        hit[0] = True

    ours = (threading.current_thread() is threading.main_thread() and
            signal.getsignal(signal.SIGINT) is signal.default_int_handler)
    if ours:
        signal.signal(signal.SIGINT, on_sigint)
    t = threading.Thread(target=work, name=name, daemon=True)
    interrupted = False
    try:
        t.start()
        interrupted = _join(done, stop)
    finally:
        if ours:
            signal.signal(signal.SIGINT, signal.default_int_handler)
        if t.ident is not None:  # never leave it running: what it uses
            interrupted |= _join(done, stop)  # is freed next
    return interrupted or hit[0]


def _waves(model, mc, iterations, col, stop, block_size, fileh):
    """lca_mc_run in waves of `span` iterations from a worker thread;
    the caller's thread waits where Ctrl-C can reach it."""
    ctx = model._ctx()
    span = max(block_size, (4096 // block_size) * block_size)
    out = {"st": 0}

    def work():
        nxt = lib.lca_mc_next(mc)
        while nxt < iterations and not stop.value and out["st"] == 0:
            upto = min(iterations, nxt + span)
            st = lib.lca_mc_run(mc, nxt, upto, col.fn, None,
                                ctypes.byref(stop))
            if st == 0 and fileh is not None and upto < iterations:
                st = lib.lca_mcfile_checkpoint(fileh, mc)
            out["st"] = st
            nxt = lib.lca_mc_next(mc)

    interrupted = _in_worker(work, stop, "leontief-mc")
    if col.error is not None:
        raise col.error
    check(ctx, out["st"])
    return interrupted


def run(model, iterations, seed, indicators=None, demands=None,
        block_size=None, pedigree_fill=False, lognormal_mean_preserving=False,
        on_fail="skip", keep_factors=None, out=None, resume=False,
        progress=None, split=False):
    """Monte Carlo over the model's uncertainty records.

    iterations, seed: as `leontief mc -n N --seed S`. indicators: summarized
    indicators (keys or indices; by default all but the split components,
    which split=True adds, as `--split`). demands: demands scored every
    iteration (all by default, as `--all-demands`). keep_factors: keep every
    iteration's factors (default: True with out, else False). out: write
    the results file (docs/FORMAT.md) as `leontief mc -o OUT` does;
    resume=True continues a stopped run of that file. progress(done,
    total): called after every block; return False to stop.

    Returns an MCResult. Ctrl-C stops the run cleanly: RunStopped (a
    KeyboardInterrupt) carries the partial result, and with out the
    checkpoint stays for resume=True.
    """
    if isinstance(iterations, bool) or \
            not isinstance(iterations, (int, np.integer)) or iterations < 1:
        raise _lib.ArgumentError(
            f"iterations must be a positive integer, not {iterations!r}", -2)
    iterations = int(iterations)
    ind = _selection(model, indicators, "indicators", True, split)
    dem = _selection(model, demands, "demands", True)
    keep = (out is not None) if keep_factors is None else keep_factors
    o = _options(model, seed, ind, dem, block_size, pedigree_fill,
                 lognormal_mean_preserving, on_fail, keep)
    n = model.dim("products")
    res = MCResult(model, ind, dem, iterations)
    res.scores = np.full((iterations, len(dem), len(ind)), np.nan)
    if keep:
        res.factor_samples = np.full((iterations, len(ind), n), np.nan)
    ctx = model._ctx()
    mc = ctypes.c_void_p()
    try:
        check(ctx, lib.lca_mc_create(model._m(), ctypes.byref(o),
                                     ctypes.byref(mc)))
        fileh = _open_file(model, o, mc, iterations, out, resume) \
            if out is not None else None
        stop = ctypes.c_int(0)
        col = _Collector(res, len(dem), len(ind), n, keep, progress,
                         fileh, stop)
        try:
            interrupted = _waves(model, mc, iterations, col, stop,
                                 o.block_size, fileh)
        except BaseException:
            if fileh is not None:
                lib.lca_mcfile_destroy(ctypes.byref(fileh))
            raise
        _summarize(model, mc, res, ind, n)
        if fileh is not None:
            _finish(model, mc, res, fileh, ind, dem, n, out)
        if res.stopped:
            where = f"; resume with out={out!r}, resume=True" if out else ""
            msg = (f"Monte Carlo stopped after {res.done} of {iterations} "
                   f"iterations{where}")
            if interrupted:
                raise RunStopped(res, msg)
        return res
    finally:
        if mc.value:
            lib.lca_mc_destroy(ctypes.byref(mc))


def _summarize(model, mc, res, ind, n):
    res.done = lib.lca_mc_next(mc)
    res.failed = lib.lca_mc_nfailed(mc)
    res.stopped = res.done < res.iterations
    k = len(ind)
    count = np.zeros(k * n, np.int64)
    mean, sd, mn, mx = (np.empty((k, n)) for _ in range(4))
    if k:
        lib.lca_mc_summary(mc, _i64p(count), _dblp(mean), _dblp(sd),
                           _dblp(mn), _dblp(mx))
    res.count = count.reshape(k, n)
    res.mean, res.sd, res.min, res.max = mean, sd, mn, mx
    res.scores = res.scores[:res.done]
    if res.factor_samples is not None:
        res.factor_samples = res.factor_samples[:res.done]


def _open_file(model, o, mc, iterations, out, resume):
    ctx = model._ctx()
    sha = ctypes.create_string_buffer(65)
    src = model.path
    if src is None:
        raise _lib.ArgumentError(
            "a Monte Carlo results file records the model file it ran on: "
            "read the model with leontief.read(path) first", -2)
    check(ctx, lib.lca_file_sha256(ctx, _b(src), sha))
    spec = _lib.lca_mc_spec(M=model._m().value, opt=ctypes.pointer(o),
                            iterations=iterations, model_file=_b(src),
                            model_sha256=sha.value, command_line=b"python",
                            mpi_ranks=0, argc=0, argv=None, mc=mc.value)
    f = ctypes.c_void_p()
    if resume and lib.lca_mcfile_has_checkpoint(_b(out)):
        check(ctx, lib.lca_mcfile_resume(_b(out), ctypes.byref(spec), mc,
                                         ctypes.byref(f)))
    else:
        check(ctx, lib.lca_mcfile_create(_b(out), ctypes.byref(spec),
                                         ctypes.byref(f)))
        st = lib.lca_mcfile_start(f, mc)
        if st < 0:
            lib.lca_mcfile_destroy(ctypes.byref(f))
            check(ctx, st)
    return f


def _finish(model, mc, res, f, ind, dem, n, out):
    ctx = model._ctx()
    nq = _lib.LCA_MC_NQUANTILES
    fq = np.empty((nq, len(ind), n))
    dq = np.empty((2 + nq, len(dem), len(ind)))
    if res.stopped:
        lib.lca_mcfile_set_attr_int(f, b"stopped_early", 1)
    check(ctx, lib.lca_mcfile_finish(ctypes.byref(f), mc, _dblp(fq),
                                     _dblp(dq), int(res.stopped)))
    res.factor_quantiles = fq
    res.demand_stats = dq
    res.path = str(out)


def read_stats(path, indicator):
    """Factor statistics of one indicator from a Monte Carlo results file
    (lca_mcfile_read_stats): a dict of numpy arrays."""
    from .model import _Ctx
    c = _Ctx()
    s = _lib.lca_mcfile_stats()
    try:
        check(c.ctx, lib.lca_mcfile_read_stats(c.ctx, _b(path),
                                               _b(indicator),
                                               ctypes.byref(s)))
        n = s.n
        out = {k: np.ctypeslib.as_array(getattr(s, k), (n,)).copy()
               for k in ("count", "mean", "sd", "gsd")}
        out["quantiles"] = np.ctypeslib.as_array(
            s.quantiles, (_lib.LCA_MC_NQUANTILES * n,)).reshape(-1, n).copy()
        out["iterations_done"] = s.iterations_done
        out["iterations_failed"] = s.iterations_failed
        out["stopped_early"] = bool(s.stopped_early)
        lib.lca_mcfile_stats_free(c.ctx, ctypes.byref(s))
        return out
    finally:
        c.close()


def export_csv(path, folder, products=()):
    """A Monte Carlo results file as tidy CSV in folder, as `leontief
    export MC.h5 --csv FOLDER [--product NAME ...]` (lca_mcfile_write_csv;
    the named products' samples go to factor_samples.csv)."""
    from .model import _Ctx
    if isinstance(products, (str, bytes)):
        products = [products]
    names = [_b(p) for p in products]
    arr = (ctypes.c_char_p * max(1, len(names)))(*names)
    c = _Ctx()
    try:
        check(c.ctx, lib.lca_mcfile_write_csv(c.ctx, _b(path), _b(folder),
                                              len(names), arr))
    finally:
        c.close()
