# python/leontief/factordb.py: factor-database releases read back
# SPDX-License-Identifier: MIT
#
# read_factordb(release) is lca_fdb_read (include/lca/release.h): the
# records of a folder `leontief factordb build` wrote, checked against its
# manifest's hashes. The columns come back as numpy arrays (copies) named
# as the library names them (lca_fdb_text_str, lca_fdb_num_str,
# lca_fdb_component_name), and as a pandas DataFrame when pandas is there.

import ctypes

import numpy as np

from ._lib import check, lib
from .model import _b, _Ctx

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
