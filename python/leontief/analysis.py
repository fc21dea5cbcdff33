# python/leontief/analysis.py: contributions, paths and sensitivity as tables
# SPDX-License-Identifier: MIT
#
# The analysis objects (include/lca/contrib.h, spa.h, sensitivity.h) hand
# their results to printing and files as lca_table objects; here the same
# tables become pandas DataFrames (or, without pandas, a dict of numpy
# arrays and lists), so Python shows what `leontief contrib`, `paths` and
# `sensitivity` print and write.

import ctypes

import numpy as np

from . import _lib
from ._lib import check, lib
from .model import _dblp, _i64p, _key

KINDS = {"process": 0, "product": 1, "flow": 2, "supplier": 3}


def table(t):
    """An lca_table (borrowed pointer) as a DataFrame, else a dict."""
    cols = {}
    units = {}
    nrows = lib.lca_table_nrows(t)
    for c in range(lib.lca_table_ncols(t)):
        name = lib.lca_table_col_name(t, c).decode()
        kind = lib.lca_table_col_type(t, c)
        if kind == 0:
            p = lib.lca_table_col_text(t, c)
            cols[name] = [p[i].decode() for i in range(nrows)]
        elif kind == 1:
            cols[name] = np.ctypeslib.as_array(
                lib.lca_table_col_number(t, c), (nrows,)).copy() \
                if nrows else np.zeros(0)
        else:
            cols[name] = np.ctypeslib.as_array(
                lib.lca_table_col_int(t, c), (nrows,)).copy() \
                if nrows else np.zeros(0, np.int64)
        u = lib.lca_table_col_unit(t, c)
        units[name] = u.decode() if u else ""
    attrs = {lib.lca_table_attr_key(t, i).decode():
             lib.lca_table_attr_value(t, i).decode()
             for i in range(lib.lca_table_nattrs(t))}
    try:
        import pandas as pd
    except ImportError:
        return {"columns": cols, "units": units, "attrs": attrs}
    df = pd.DataFrame(cols)
    df.attrs.update(attrs)
    df.attrs["units"] = units
    df.attrs["table"] = lib.lca_table_name(t).decode()
    return df


def _take(model, make, *args):
    """Run make(..., &table), convert and free the table."""
    t = ctypes.c_void_p()
    try:
        check(model._ctx(), make(*args, ctypes.byref(t)))
        return table(t)
    finally:
        lib.lca_table_destroy(ctypes.byref(t))


def _demand(model, product):
    f = np.zeros(model.dim("products"))
    f[model._index("products", product)] = 1.0
    return f


def contrib(model, product, indicator=0, by="process", top=10):
    """Split of one unit of product's indicator by process, product, flow
    or supplier (`leontief contrib`): the top rows and a (rest) row."""
    ctx = model._ctx()
    j = model._index("products", product)
    r = model._index("indicators", indicator)
    name = f"__python_contrib_{j}"
    labels = model.labels("demands")
    d = labels.index(name) if name in labels else \
        model.add_demand(name, {j: 1.0})
    cb = ctypes.c_void_p()
    try:
        check(ctx, lib.lca_contrib_create(model._calc_ptr(), d, r,
                                          ctypes.byref(cb)))
        kind = _key(KINDS, by)
        n = model.dim("flows") if kind == 2 else model.dim("products")
        v = lib.lca_contrib_values(cb, kind)
        idx = np.empty(max(n, 1), np.int64)
        count, rest = ctypes.c_int64(), ctypes.c_double()
        cut = _lib.lca_contrib_cut(top=top, min_share=0.0, cum_share=0.0)
        check(ctx, lib.lca_contrib_select(
            ctx, n, v, lib.lca_contrib_total(cb), ctypes.byref(cut),
            _i64p(idx), ctypes.byref(count), ctypes.byref(rest)))
        rows = _lib.lca_contrib_rows(kind=kind, n=count.value, idx=_i64p(idx))
        return _take(model, lib.lca_contrib_table, cb, model._m(), r,
                     ctypes.byref(rows))
    finally:
        lib.lca_contrib_destroy(ctypes.byref(cb))


def paths(model, product, indicator=0, top=10, cutoff=None, max_depth=None):
    """The top supply-chain paths of one unit of product (`leontief
    paths`)."""
    opt = _lib.lca_spa_options()
    lib.lca_spa_options_default(ctypes.byref(opt))
    opt.top = top
    if cutoff is not None:
        opt.cutoff = cutoff
    if max_depth is not None:
        opt.max_depth = max_depth
    ind = np.array([model._index("indicators", indicator)], np.int64)
    f = _demand(model, product)
    s = ctypes.c_void_p()
    try:
        check(model._ctx(), lib.lca_spa_create(
            model._calc_ptr(), 1, _i64p(ind), _dblp(f), ctypes.byref(opt),
            ctypes.byref(s)))
        return _take(model, lib.lca_spa_paths_table, s, model._m(),
                     _i64p(ind), top)
    finally:
        lib.lca_spa_destroy(ctypes.byref(s))


def sensitivity(model, product, indicator=0, top=10, pedigree_fill=False):
    """First-order screening of every uncertain input of one unit of
    product's indicator (`leontief sensitivity`)."""
    opt = _lib.lca_screen_options()
    lib.lca_screen_options_default(ctypes.byref(opt))
    opt.pedigree_fill = int(bool(pedigree_fill))
    r = model._index("indicators", indicator)
    f = _demand(model, product)
    s = ctypes.c_void_p()
    try:
        check(model._ctx(), lib.lca_screen_create(
            model._calc_ptr(), r, _dblp(f), ctypes.byref(opt),
            ctypes.byref(s)))
        return _take(model, lib.lca_screen_table, s, model._m(), top)
    finally:
        lib.lca_screen_destroy(ctypes.byref(s))
