# python/leontief/model.py: models, calculations and analysis tables
# SPDX-License-Identifier: MIT
#
# A Model owns an lca_ctx and an lca_model; its calculation (lca_calc: the
# analysis, one factorization, D = C B) is made on first use and kept.
# Matrices come back as zero-copy numpy views of the model's own CSC
# arrays: each view keeps the Model alive (numpy's base chain), and the
# model's matrices never change after the import, so the views stay valid
# until the Model is collected. close() frees the C objects at once; any
# call afterwards raises ClosedError instead of touching freed memory.

import ctypes
import os
import weakref

import numpy as np

from . import _lib
from ._lib import check, lib

AXES = {"products": 0, "flows": 1, "indicators": 2, "demands": 3}
LABELS = {"id": 0, "name": 1, "unit": 2, "compartment": 3, "cas": 4,
          "split": 5, "region": 6, "period": 7}


class ClosedError(_lib.Error, ValueError):
    """The model was closed."""

    status = -2


def _key(table, key):
    """table[key], or ArgumentError naming the choices."""
    try:
        return table[key]
    except (KeyError, TypeError):
        raise _lib.ArgumentError(
            f"{key!r} is not one of {', '.join(table)}", -2) from None


def _b(s):
    if isinstance(s, bytes):
        return s
    return os.fsencode(s) if isinstance(s, os.PathLike) else str(s).encode()


def _free_all(ctx, objs, keep=None):
    # Finalizer: no reference to the Model itself (that would keep it alive).
    # keep: the _Ctx whose objects ours borrow; the finalizer holds it, so
    # even in a garbage cycle it is freed after ours.
    for fn, ref in objs:
        if ref.value:
            fn(ctypes.byref(ref))
    if ctx.value:
        lib.lca_ctx_destroy(ctypes.byref(ctx))


class _Ctx:
    """An lca_ctx and the C objects made with it, freed together."""

    def __init__(self, threads=None, keep=None):
        self.ctx = ctypes.c_void_p()
        check(None, lib.lca_ctx_create(ctypes.byref(self.ctx)))
        if threads:
            lib.lca_ctx_set_nthreads(self.ctx, int(threads))
        self.objs = []  # (destroy function, c_void_p), freed in reverse
        self._fin = weakref.finalize(self, _free_all, self.ctx, self.objs,
                                     keep)

    def own(self, destroy, ref):
        self.objs.insert(0, (destroy, ref))
        return ref

    def close(self):
        self._fin()


class _View:
    """Owner of a borrowed C array: numpy views keep it (and the model)."""

    def __init__(self, owner, ptr, n, dtype):
        self.owner = owner
        self.__array_interface__ = {
            "shape": (n,), "typestr": np.dtype(dtype).str, "version": 3,
            "data": (ctypes.cast(ptr, ctypes.c_void_p).value or 0, True)}


def _view(owner, ptr, n, dtype):
    if n == 0:
        return np.zeros(0, dtype)
    return np.asarray(_View(owner, ptr, n, dtype))


def _f64(a, n, what):
    """a as a C-contiguous float64 array of n values, checked."""
    if np.iscomplexobj(a):
        raise _lib.ArgumentError(f"{what}: complex numbers", -2)
    try:
        x = np.ascontiguousarray(a, dtype=np.float64)
    except (TypeError, ValueError) as e:
        raise _lib.ArgumentError(f"{what}: not numbers ({e})", -2) from None
    if x.ndim != 1 or x.shape[0] != n:
        raise _lib.DimensionError(
            f"{what} has shape {x.shape}, the model needs ({n},)", -3)
    if not np.all(np.isfinite(x)):
        raise _lib.ArgumentError(f"{what} holds NaN or infinity", -2)
    return x


def _dblp(x):
    return x.ctypes.data_as(_lib.dblp)


def _i64p(x):
    return x.ctypes.data_as(_lib.i64p)


class Model:
    """An LCA or input-output model (include/lca/model.h).

    Make one with Model.read(path) or an importer (import_bw,
    import_useeio, import_olca, import_ecospold2); use it as a context
    manager or call close() to free it at once.
    """

    def __init__(self, _ctx, _M, source=None):
        self._c = _ctx
        self._M = _ctx.own(lib.lca_model_destroy, _M)
        self._calc = None
        self.source = source
        self.path = None  # the model file it was read from, if any

    # ---- making a model ------------------------------------------------
    @classmethod
    def _make(cls, fn, args, source, threads=None):
        c = _Ctx(threads)
        M = ctypes.c_void_p()
        st = fn(c.ctx, *args, ctypes.byref(M))
        if st < 0:
            err = _lib.error_from(c.ctx, st)
            c.close()
            raise err
        return cls(c, M, source)

    @classmethod
    def read(cls, path, threads=None):
        """A model file (HDF5) written by leontief import."""
        m = cls._make(lib.lca_model_read, [_b(path)], str(path), threads)
        m.path = os.fspath(path)
        return m

    def write(self, path):
        """Write the model file atomically."""
        check(self._ctx(), lib.lca_model_write(self._m(), _b(path)))

    def write_mtx(self, folder):
        """The model as the input of `leontief import mtx` (A.mtx, B.mtx,
        C.mtx and the label CSVs), as `leontief export MODEL.h5 --csv`."""
        check(self._ctx(), lib.lca_model_write_mtx(self._m(), _b(folder)))

    def write_report_csv(self, path):
        """The import report as CSV (kind,id,name,detail), as `--report`."""
        check(self._ctx(), lib.lca_model_write_report_csv(self._m(),
                                                          _b(path)))

    # ---- lifetime --------------------------------------------------------
    def close(self):
        """Free the C objects (later calls raise ClosedError). Arrays
        viewing the model's matrices keep the C objects alive until they
        are gone themselves."""
        self._calc = None
        self._c = None  # the last reference but the views'

    @property
    def closed(self):
        return self._c is None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _m(self):
        if self._c is None:
            raise ClosedError("the model is closed", -2)
        return self._M

    def _ctx(self):
        self._m()
        return self._c.ctx

    # ---- shape and labels --------------------------------------------
    def dim(self, axis):
        return lib.lca_model_dim(self._m(), _key(AXES, axis))

    @property
    def shape(self):
        """(n products, m flows, k indicators, d demands)."""
        return tuple(self.dim(a) for a in AXES)

    def labels(self, axis, label="id"):
        """The labels of an axis as a list of str."""
        M, a, k = self._m(), _key(AXES, axis), _key(LABELS, label)
        return [lib.lca_model_label(M, a, k, i).decode()
                for i in range(self.dim(axis))]

    def set_labels(self, axis, label, values):
        """Set one kind of label of an axis (e.g. names from bw2data)."""
        values = [_b(v) for v in values]
        if len(values) != self.dim(axis):
            raise _lib.DimensionError(
                f"{len(values)} labels for {self.dim(axis)} {axis}", -3)
        arr = (ctypes.c_char_p * max(1, len(values)))(*values)
        check(self._ctx(), lib.lca_model_set_labels(
            self._m(), _key(AXES, axis), _key(LABELS, label), arr))

    def lookup(self, axis, key):
        """Index of the entry key names (id, id:ID, name, 'NAME [Q]')."""
        i = ctypes.c_int64()
        check(self._ctx(), lib.lca_model_lookup(
            self._m(), _key(AXES, axis), _b(key), ctypes.byref(i)))
        return i.value

    def _index(self, axis, key):
        if isinstance(key, (int, np.integer)):
            if not 0 <= key < self.dim(axis):
                raise _lib.ArgumentError(
                    f"{axis} index {key} outside 0..{self.dim(axis) - 1}", -2)
            return int(key)
        return self.lookup(axis, key)

    def attr(self, key):
        v = lib.lca_model_attr(self._m(), _b(key))
        return v.decode() if v is not None else None

    def report(self):
        """The import report: a list of (kind, id, name, detail)."""
        M = self._m()
        return [tuple(lib.lca_model_report(M, i, f).decode()
                      for f in range(4))
                for i in range(lib.lca_model_nreports(M))]

    def add_demand(self, name, amounts):
        """Add a named demand: amounts is {product key: amount} or an
        n-vector. Returns its index."""
        n = self.dim("products")
        if isinstance(amounts, dict):
            idx = np.array([self._index("products", k) for k in amounts],
                           dtype=np.int64)
            val = _f64(list(amounts.values()), len(idx), "demand amounts")
        else:
            f = _f64(amounts, n, "demand")
            idx = np.flatnonzero(f).astype(np.int64)
            val = np.ascontiguousarray(f[idx])
        check(self._ctx(), lib.lca_model_add_demand(
            self._m(), _b(name), len(idx), _i64p(idx), _dblp(val)))
        self._calc = None
        return self.dim("demands") - 1

    # ---- matrices (zero-copy) ------------------------------------------
    def matrix(self, which):
        """(colptr, rowidx, values, shape) of "A", "B", "C" or "T": numpy
        views of the model's own arrays (read-only, zero-copy)."""
        fn = {"A": lib.lca_model_A, "B": lib.lca_model_B,
              "C": lib.lca_model_C, "T": lib.lca_model_tech}[which]
        X = fn(self._m())
        m, n = lib.lca_csc_nrows(X), lib.lca_csc_ncols(X)
        nnz = lib.lca_csc_nnz(X)
        p = _view(self._c, lib.lca_csc_colptr(X), n + 1, np.int64)
        i = _view(self._c, lib.lca_csc_rowidx(X), nnz, np.int64)
        x = _view(self._c, lib.lca_csc_values(X), nnz, np.float64)
        for a in (p, i, x):
            a.flags.writeable = False
        return p, i, x, (m, n)

    def dense(self, which):
        """A matrix as a dense numpy array (a copy)."""
        p, i, x, (m, n) = self.matrix(which)
        D = np.zeros((m, n))
        for j in range(n):
            D[i[p[j]:p[j + 1]], j] += x[p[j]:p[j + 1]]
        return D

    # ---- calculations -------------------------------------------------
    def _calc_ptr(self):
        if self._calc is None or not self._calc.value:
            c = ctypes.c_void_p()
            check(self._ctx(), lib.lca_calc_create(self._m(), None,
                                                   ctypes.byref(c)))
            self._calc = self._c.own(lib.lca_calc_destroy, c)
        return self._calc

    def _indicators(self, indicators):
        if indicators is None:
            return np.arange(self.dim("indicators"), dtype=np.int64)
        if isinstance(indicators, (str, int, np.integer)):
            indicators = [indicators]
        return np.array([self._index("indicators", k) for k in indicators],
                        dtype=np.int64)

    def factors(self, indicators=None, direct=False):
        """Upstream factors N (r x n) of the indicators (all by default):
        the impact per unit of each product; with direct=True also the
        direct part D (r x n). lca_calc_factors, as `leontief factors`."""
        c = self._calc_ptr()
        ind = self._indicators(indicators)
        n = self.dim("products")
        N = np.empty((len(ind), n))
        D = np.empty((len(ind), n)) if direct else None
        if len(ind):
            check(self._ctx(), lib.lca_calc_factors(
                c, len(ind), _i64p(ind), _dblp(N),
                _dblp(D) if direct else None))
        return (N, D) if direct else N

    def flow_factors(self, flows):
        """Cumulative flows per unit of product, B(f,:) T^-1 (r x n)."""
        c = self._calc_ptr()
        if isinstance(flows, (str, int, np.integer)):
            flows = [flows]
        fl = np.array([self._index("flows", k) for k in flows], np.int64)
        out = np.empty((len(fl), self.dim("products")))
        check(self._ctx(), lib.lca_calc_flow_factors(
            c, len(fl), _i64p(fl), _dblp(out)))
        return out

    def solve(self, demands=None):
        """Supply S (d x n), inventory G (d x m) and scores H (d x k) of
        the model's demands (names or indices; all by default): one row
        per demand (lca_calc_demands, as `leontief solve`)."""
        c = self._calc_ptr()
        if demands is None:
            idx = np.arange(self.dim("demands"), dtype=np.int64)
        else:
            if isinstance(demands, (str, int, np.integer)):
                demands = [demands]
            idx = np.array([self._index("demands", k) for k in demands],
                           np.int64)
        n, m, k = self.shape[:3]
        d = len(idx)
        S, G, H = (np.empty((d, n)), np.empty((d, m)), np.empty((d, k)))
        if d:
            check(self._ctx(), lib.lca_calc_demands(
                c, d, _i64p(idx), _dblp(S), _dblp(G), _dblp(H)))
        # The library fills n x d column-major: d x n row-major.
        return S, G, H

    def footprint(self, product, amount=1.0, indicators=None):
        """Impacts of amount units of one product (a row of factors)."""
        j = self._index("products", product)
        return amount * self.factors(indicators)[:, j]

    # ---- pandas ------------------------------------------------------
    def factors_frame(self, indicators=None):
        """factors() as a DataFrame: products (id) x indicators (id), with
        the product name as a column."""
        import pandas as pd
        ind = self._indicators(indicators)
        N = self.factors(ind)
        ids = self.labels("indicators")
        df = pd.DataFrame(N.T, index=pd.Index(self.labels("products"),
                                              name="product"),
                          columns=[ids[i] for i in ind])
        df.insert(0, "name", self.labels("products", "name"))
        df.insert(1, "unit", self.labels("products", "unit"))
        return df

    # ---- Monte Carlo and analysis (mc.py, analysis.py) -----------------
    def mc(self, iterations, seed, **kw):
        """Monte Carlo (leontief.mc.run): see its documentation."""
        from .mc import run
        return run(self, iterations, seed, **kw)

    def contrib(self, product, indicator=0, by="process", top=10):
        from .analysis import contrib
        return contrib(self, product, indicator, by, top)

    def paths(self, product, indicator=0, top=10, **kw):
        from .analysis import paths
        return paths(self, product, indicator, top, **kw)

    def sensitivity(self, product, indicator=0, top=10, pedigree_fill=False):
        from .analysis import sensitivity
        return sensitivity(self, product, indicator, top, pedigree_fill)

    def __repr__(self):
        if self.closed:
            return "<leontief.Model (closed)>"
        n, m, k, d = self.shape
        return (f"<leontief.Model {n} products, {m} flows, {k} indicators, "
                f"{d} demands>")


# ---- importers ---------------------------------------------------------------

def read(path, threads=None):
    """Read a model file (HDF5)."""
    return Model.read(path, threads)


def import_bw(*packages, threads=None):
    """Brightway 2.5 processed datapackages (folders or zips), read in
    order (include/lca/io_bw.h, docs/FORMAT.md "bw import")."""
    if not packages:
        raise _lib.ArgumentError("import_bw needs a datapackage", -2)
    arr = (ctypes.c_char_p * len(packages))(*[_b(p) for p in packages])
    return Model._make(lib.lca_import_bw, [len(packages), arr],
                       ", ".join(map(str, packages)), threads)


def import_useeio(folder, threads=None):
    """A USEEIO model folder (leontief import useeio)."""
    return Model._make(lib.lca_import_useeio, [_b(folder)], str(folder),
                       threads)


def import_olca(zip_path, threads=None):
    """An openLCA JSON-LD zip (leontief import olca)."""
    return Model._make(lib.lca_import_olca, [_b(zip_path)], str(zip_path),
                       threads)


def import_ecospold2(zip_path, threads=None):
    """A zip of EcoSpold 2 activities (leontief import ecospold2)."""
    return Model._make(lib.lca_import_ecospold2, [_b(zip_path)],
                       str(zip_path), threads)
