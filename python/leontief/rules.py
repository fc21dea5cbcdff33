# python/leontief/rules.py: product carbon footprints by rule set (pcf) and
# PACT v3 export of a factor-database release
# SPDX-License-Identifier: MIT
#
# pcf() is `leontief pcf` (lca_ruleset_read, lca_pcf_create, lca_pcf_run;
# include/lca/pcf.h); PCFResult.write is lca_pcf_write, the files the CLI
# writes. pact_export() is `leontief pact` (lca_ruleset_read,
# lca_pact_export_release; include/lca/pact.h). Errors are the library's
# (leontief.InvalidError for a rule with an unknown field, ...).

import ctypes

import numpy as np

from . import _lib
from ._lib import check, lib
from .model import _b, _Ctx, Model


def _strs(items):
    """A C array of char* for items (kept alive by the returned tuple)."""
    enc = [_b(s) for s in items]
    return (ctypes.c_char_p * max(len(enc), 1))(*enc), enc


def _s(p):
    return p.decode() if p else ""


def _copy(ptr, n):
    """n doubles from ptr, copied (the C buffer dies with its owner)."""
    if n == 0 or not ptr:
        return np.zeros(0)
    return np.ctypeslib.as_array(ptr, shape=(n,)).copy()


class _Rules:
    """A rule set folder read into c (freed with it)."""

    def __init__(self, c, folder):
        rs = ctypes.c_void_p()
        check(c.ctx, lib.lca_ruleset_read(c.ctx, _b(folder),
                                          ctypes.byref(rs)))
        self.rs = c.own(lib.lca_ruleset_destroy, rs)


class PCFResult:
    """The results of pcf(): one category per rule (include/lca/pcf.h).

    .summary: a pandas DataFrame (one row per category) when pandas is
    installed, else a dict of numpy arrays; .category(id): one category's
    split, stages, violations and Monte Carlo samples; .write(folder):
    the CLI's files (lca_pcf_write)."""

    def __init__(self, model, c, p, model_file):
        self._model, self._c, self._p = model, c, p
        self._model_file = model_file
        self.iterations = lib.lca_pcf_iterations(p)
        self.failed = lib.lca_pcf_nfailed(p)
        self.ids = [self.category(k)["id"] for k in range(len(self))]

    def __len__(self):
        return lib.lca_pcf_ncategories(self._p)

    def _result(self, k):
        if isinstance(k, str):
            try:
                k = self.ids.index(k)
            except ValueError:
                raise _lib.NotFoundError(
                    f"no category '{k}' in the rule set", -8) from None
        if not 0 <= k < len(self):
            raise _lib.ArgumentError(f"category {k} out of range", -2)
        r = _lib.lca_pcf_result()
        lib.lca_pcf_result_get(self._p, k, ctypes.byref(r))
        return r

    def category(self, k):
        """Category k (index or id) as a dict: footprint, split and
        stages (name -> value), violations, samples (numpy arrays)."""
        r = self._result(k)
        ns, nt, n = r.nsplit, r.nstages, r.nsamples
        split_ids = [_s(r.split_ids[j]) for j in range(ns)]
        stages = [_s(r.stage_names[j]) for j in range(nt)]
        return {
            "id": _s(r.id), "unit": _s(r.unit), "indicator": _s(r.indicator),
            "indicator_unit": _s(r.indicator_unit),
            "footprint": r.footprint, "per_kg": r.per_kg,
            "split": dict(zip(split_ids, _copy(r.split, ns))),
            "stages": dict(zip(stages, _copy(r.stages, nt))),
            "cutoff_share": r.cutoff_share, "cutoff_items": r.cutoff_items,
            "cutoff_limit": r.cutoff_limit, "unlinked": r.unlinked,
            "primary_share": r.primary_share, "dqr": r.dqr,
            "dqr_scores": np.array(r.dqr_scores[:]),
            "unscored": r.unscored, "conforms": bool(r.conforms),
            "violations": [(_s(v.check), _s(v.item), _s(v.detail))
                           for v in r.violations[:r.nviolations]],
            "nvalid": r.nvalid, "mean": r.mean, "sd": r.sd,
            "quantiles": np.array(r.q[:]),
            "samples": _copy(r.samples, n),
            "split_samples": _copy(r.split_samples, ns * n).reshape(ns, n),
            "stage_samples": _copy(r.stage_samples, nt * n).reshape(nt, n),
        }

    @property
    def summary(self):
        """One row per category: id, unit, footprint, per_kg, dqr,
        conforms, violations, mean, sd, q2.5, q50, q97.5."""
        rows = [self.category(k) for k in range(len(self))]
        qp = list(_lib.QUANTILE_P)
        cols = {"id": [r["id"] for r in rows],
                "unit": [r["unit"] for r in rows]}
        for f in ("footprint", "per_kg", "dqr", "mean", "sd"):
            cols[f] = np.array([r[f] for r in rows])
        cols["conforms"] = np.array([r["conforms"] for r in rows])
        cols["violations"] = np.array([len(r["violations"]) for r in rows])
        for p, name in ((0.025, "q2.5"), (0.5, "q50"), (0.975, "q97.5")):
            j = qp.index(p)
            cols[name] = np.array([r["quantiles"][j] for r in rows])
        try:
            import pandas as pd
        except ImportError:
            return cols
        return pd.DataFrame(cols).set_index("id")

    def write(self, folder):
        """pcf.h5, summary.csv, conformance.csv and categories/ into
        folder, as `leontief pcf ... -o folder` (lca_pcf_write)."""
        check(self._c.ctx, lib.lca_pcf_write(self._p, _b(folder),
                                             _b(self._model_file)))


def pcf(rules, model, iterations=0, seed=0, primary=(), pedigree_fill=False,
        basic_gsd=None, lognormal="median", missing_score=5.0,
        block_size=None, threads=None):
    """Footprints of every category of the rule set in folder rules on
    model (a Model read from a file, or a model file path), as
    `leontief pcf RULES MODEL.h5 [-n iterations --seed seed]` (the same
    options, the same numbers). Returns a PCFResult."""
    if isinstance(model, Model):
        if model.path is None:
            raise _lib.ArgumentError("pcf needs a model read from a file "
                                     "(Model.read)", -2)
        M = model
    else:
        M = Model.read(model, threads=threads)
    M._m()  # not closed
    if lognormal not in ("median", "mean"):
        raise _lib.ArgumentError("lognormal must be 'median' or 'mean'", -2)
    c = _Ctx(threads, keep=M._c)  # the pcf borrows M (and M's ctx)
    rs = _Rules(c, rules)
    opt = _lib.lca_pcf_options()
    lib.lca_pcf_options_default(ctypes.byref(opt))
    opt.iterations = int(iterations)
    opt.mc.seed = int(seed) & (2**64 - 1)
    opt.mc.pedigree_fill = int(bool(pedigree_fill))
    opt.mc.lognormal_mean_preserving = int(lognormal == "mean")
    if basic_gsd is not None:
        opt.mc.pedigree_basic_gsd = float(basic_gsd)
    if block_size is not None:
        opt.mc.block_size = int(block_size)
    opt.missing_score = float(missing_score)
    prim, keep = _strs(primary)
    opt.nprimary = len(keep)
    opt.primary = ctypes.cast(prim, ctypes.POINTER(ctypes.c_char_p))
    p = ctypes.c_void_p()
    ctx = M._ctx()
    check(ctx, lib.lca_pcf_create(M._m(), rs.rs, ctypes.byref(opt),
                                  ctypes.byref(p)))
    c.own(lib.lca_pcf_destroy, p)
    check(ctx, lib.lca_pcf_run(p, None))
    return PCFResult(M, c, p, M.path)


def pact_export(release, rules, out, company, company_ids, domain, created,
                period=None, database=None, database_version=None,
                previous=None, grading=None, confidence=None, products=None):
    """PACT v3 ProductFootprints of a factor-database release folder into
    the new folder out (footprints.json, index.csv, SHA256SUMS), as
    `leontief pact RELEASE RULES --company ... -o out`: company_ids are
    URNs, created an RFC 3339 UTC time, products ids or names (None: all).
    Returns out."""
    if isinstance(company_ids, (str, bytes)):
        company_ids = [company_ids]
    c = _Ctx()
    rs = _Rules(c, rules)
    opt = _lib.lca_pact_options()
    lib.lca_pact_options_default(ctypes.byref(opt))
    cids, keep1 = _strs(company_ids)
    opt.company_name = _b(company)
    opt.ncompany_ids = len(keep1)
    opt.company_ids = ctypes.cast(cids, ctypes.POINTER(ctypes.c_char_p))
    opt.id_domain = _b(domain)
    opt.created = _b(created)
    for f, v in (("reference_period", period), ("database_name", database),
                 ("database_version", database_version),
                 ("previous", previous), ("grading_dir", grading)):
        if v is not None:
            setattr(opt, f, _b(v))
    if confidence is not None:
        opt.confidence = float(confidence)
    prods, keep2 = _strs(products or ())
    st = lib.lca_pact_export_release(
        c.ctx, _b(release), rs.rs, ctypes.byref(opt), len(keep2),
        ctypes.cast(prods, ctypes.POINTER(ctypes.c_char_p)) if keep2
        else None, _b(out))
    check(c.ctx, st)
    c.close()
    return out
