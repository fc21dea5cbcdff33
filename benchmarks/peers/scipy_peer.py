#!/usr/bin/python3
# benchmarks/peers/scipy_peer.py: what Python LCA tool users do today, timed
# SPDX-License-Identifier: MIT
"""The scipy peer of leontief's benchmarks (issue #5).

Reads a leontief model file (docs/FORMAT.md: CSC groups /A, /B, /C with
colptr, rowidx, values and the attribute shape; /demands; the root
attribute convention; X/uncertainty records) with h5py and times, with
numpy and scipy only, the way Brightway-style and pymrio/useeior-style
code computes LCA results:

  factor       T = A (technosphere) or I - A (io_coefficients),
               scipy.sparse.linalg.splu(T, permc_spec=ORDERING).
               COLAMD (scipy's default) is tried first under --time-limit
               seconds per call; if it does not finish, that is recorded
               as a finding and MMD_AT_PLUS_A is tried, then NATURAL.
  batch        one lu.solve per demand of the demand set (200 key
               products), each followed by h = C (B s).
  factors      all-product factors the way tools do it: one solve per
               product (h_j = C B T^-1 e_j), MEASURED ON A SAMPLE of
               --sample products and EXTRAPOLATED to n (labelled so).
               Also, measured in full: the transposed way leontief uses,
               N' = T'^-1 D' by k solves with lu.solve(trans='T').
  monte_carlo  --mc-iters iterations, each: sample every uncertain value
               of A, B, C with numpy from the stored records, rebuild the
               CSC matrices from COO triplets, splu again, solve every
               demand of the set and characterize.
  dense        n <= --dense-max only: pymrio/useeior style,
               L = numpy.linalg.inv(T), N = (C B) L with dense arrays.

Every experiment runs in a forked child process under a time limit; one
that does not finish is reported as {"status": "timeout"} and the run goes
on. Times are seconds: median, min and max over --repeat runs. Output: one
JSON object on stdout. Needs Debian's python3-numpy, python3-scipy and
python3-h5py (call it with /usr/bin/python3: another python3 first on
PATH may lack them).

Sampling differs from leontief's in one respect, stated in the output:
truncation bounds are applied by clipping, not by rejection.
"""

import argparse
import json
import multiprocessing
import os
import platform
import sys
import time

DIST = {"none": 0, "lognormal": 1, "normal": 2, "uniform": 3,
        "triangular": 4, "pert": 5, "gamma": 6}


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("model", help="leontief model file (HDF5)")
    ap.add_argument("--repeat", type=int, default=3,
                    help="timed runs per experiment (default 3)")
    ap.add_argument("--sample", type=int, default=50,
                    help="products in the per-product factor sample")
    ap.add_argument("--mc-iters", type=int, default=3,
                    help="Monte Carlo iterations (default 3)")
    ap.add_argument("--product", action="append", default=[],
                    help="one unit of this product (name or id) as a "
                         "demand, instead of the model's demands "
                         "(repeatable; as leontief mc --product)")
    ap.add_argument("--demand-set", default="key products",
                    help="demand set to solve (default 'key products'; "
                         "if absent, the first 200 demands)")
    ap.add_argument("--dense-max", type=int, default=5000,
                    help="largest n for the dense inverse (default 5000)")
    ap.add_argument("--time-limit", type=float, default=300.0,
                    help="seconds one factorization may take (default 300)")
    ap.add_argument("--experiment-limit", type=float, default=3600.0,
                    help="seconds one whole experiment may take")
    ap.add_argument("--threads", type=int, default=0,
                    help="OpenBLAS/OpenMP threads for numpy (0: leave)")
    ap.add_argument("--skip", default="",
                    help="comma-separated experiments to skip: batch, "
                         "factors, monte_carlo, dense")
    ap.add_argument("--seed", type=int, default=1, help="Monte Carlo seed")
    ap.add_argument("--orderings", default="COLAMD,MMD_AT_PLUS_A,NATURAL",
                    help="splu orderings to try in turn (default "
                         "COLAMD,MMD_AT_PLUS_A,NATURAL)")
    return ap.parse_args()


# ---- timing and the time limit ----------------------------------------------

def stats(times):
    ts = sorted(times)
    mid = len(ts) // 2
    med = ts[mid] if len(ts) % 2 else 0.5 * (ts[mid - 1] + ts[mid])
    return {"median": med, "min": ts[0], "max": ts[-1], "runs": len(ts)}


def child_main(send, M, ordering, steps):
    """In the child: factor once (the probe), then run the steps in order,
    sending (name, result) after each, so a step that runs out of time
    loses only itself."""
    import scipy.sparse.linalg as sla
    try:
        t0 = time.perf_counter()
        lu = sla.splu(tech(M, M.A), permc_spec=ordering)
        dt = time.perf_counter() - t0
        send.send(("probe", {"ordering": ordering, "time_s": dt,
                             "nnz_lu": int(lu.L.nnz + lu.U.nnz)}))
        for name, func in steps:
            try:
                send.send((name, func(lu)))
            except Exception as e:  # report it and go on
                send.send((name, {"status": "error", "error": repr(e)}))
    except BaseException as e:
        send.send(("crash", {"status": "error", "error": repr(e)}))


def receive(recv, proc, name, limit):
    """The child's next message, which should be step `name`'s result,
    within limit seconds; else a timeout or error record."""
    t0 = time.perf_counter()
    rec = None
    if recv.poll(limit):
        try:
            got, rec = recv.recv()
            if got != name:
                rec = dict(rec, status="error", step=got)
        except EOFError:
            rec = {"status": "error", "error": "the child died (out of "
                                               "memory?)"}
    if rec is None:
        rec = {"status": "timeout", "limit_s": limit}
    rec.setdefault("status", "ok")
    rec["wall_s"] = time.perf_counter() - t0
    return rec


def run_steps(M, ordering, steps, probe_limit, step_limit, out):
    """Run steps [(name, func(lu))] in forked children: out[name] gets each
    result. A step that fails or runs out of time is recorded, the child
    is killed and a fresh one (which factors again, untimed) goes on with
    the rest. Returns the record of the first factorization (the probe)."""
    ctx = multiprocessing.get_context("fork")
    probe, pending = None, list(steps)
    while probe is None or pending:
        recv, send = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=child_main,
                           args=(send, M, ordering, pending))
        proc.start()
        send.close()
        rec = receive(recv, proc, "probe", probe_limit)
        first = probe is None
        probe = probe or rec
        if rec["status"] != "ok":
            for name, _ in ([] if first else pending):
                out[name] = {"status": "skipped", "reason": "factorization "
                             "in a fresh child failed", "probe": rec}
            pending = []
        while pending:
            name = pending.pop(0)[0]
            out[name] = receive(recv, proc, name, step_limit)
            if out[name]["status"] != "ok":
                break
        proc.kill()
        proc.join()
    return probe


def run_limited(func, limit):
    """func() in a forked child under a time limit (the dense approach,
    which needs no factorization)."""
    ctx = multiprocessing.get_context("fork")
    recv, send = ctx.Pipe(duplex=False)

    def child():
        try:
            send.send(func())
        except BaseException as e:
            send.send({"status": "error", "error": repr(e)})

    proc = ctx.Process(target=child)
    t0 = time.perf_counter()
    proc.start()
    send.close()
    out = None
    if recv.poll(limit):
        try:
            out = recv.recv()
        except EOFError:
            out = {"status": "error", "error": "child died (out of memory?)"}
    if out is None:
        out = {"status": "timeout", "limit_s": limit}
    proc.kill()
    proc.join()
    out.setdefault("status", "ok")
    out["wall_s"] = time.perf_counter() - t0
    return out


# ---- the model ---------------------------------------------------------------

class Model:
    pass


def read_csc(f, name):
    import numpy as np
    import scipy.sparse as sp
    g = f[name]
    shape = tuple(int(v) for v in g.attrs["shape"])
    X = sp.csc_matrix((g["values"][:], g["rowidx"][:], g["colptr"][:]),
                      shape=shape)
    rec = None
    if "uncertainty" in g:
        u = g["uncertainty"]
        rec = {key: u[key][:] for key in ("dist", "p1", "p2", "p3", "lo",
                                          "hi")}
        rec["dist"] = rec["dist"].astype(np.int64)
    return X, rec


def product_demands(f, n, names):
    """Unit demands (n x len(names), CSC) on the named products."""
    import numpy as np
    import scipy.sparse as sp
    ids = [x.decode() if isinstance(x, bytes) else x
           for x in f["products/id"][:]]
    labels = [x.decode() if isinstance(x, bytes) else x
              for x in f["products/name"][:]]
    rows = []
    for name in names:
        if name in labels:
            rows.append(labels.index(name))
        elif name in ids:
            rows.append(ids.index(name))
        else:
            raise ValueError(f"no product named {name!r}")
    cols = np.arange(len(rows))
    return sp.csc_matrix((np.ones(len(rows)), (rows, cols)),
                         shape=(n, len(rows)))


def read_model(path, set_name, products=()):
    import h5py
    import numpy as np
    M = Model()
    t0 = time.perf_counter()
    with h5py.File(path, "r") as f:
        fmt = f.attrs["format"]  # bytes in schema v3 (fixed-length)
        if (fmt.decode() if isinstance(fmt, bytes) else fmt) != "leontief-model":
            raise ValueError(f"{path}: not a leontief-model file")
        conv = f.attrs["convention"]
        M.convention = conv.decode() if isinstance(conv, bytes) else conv
        M.A, M.urec_A = read_csc(f, "A")
        M.B, M.urec_B = read_csc(f, "B")
        M.C, M.urec_C = read_csc(f, "C")
        M.F = read_csc(f, "demands")[0] if "demands" in f else None
        sets = f["demands/sets"] if "demands/sets" in f else {}
        if products:
            M.F = product_demands(f, M.A.shape[0], products)
            M.set = np.arange(len(products), dtype=np.int64)
            M.set_name = f"{len(products)} products (--product)"
        elif set_name in sets:
            M.set = np.asarray(sets[set_name][:], dtype=np.int64)
            M.set_name = set_name
        else:
            d = 0 if M.F is None else M.F.shape[1]
            M.set = np.arange(min(d, 200), dtype=np.int64)
            M.set_name = f"first {len(M.set)} demands"
    M.load_s = time.perf_counter() - t0
    M.n = M.A.shape[0]
    return M


def tech(M, A):
    """T = A or I - A (CSC), the matrix every solve uses."""
    import scipy.sparse as sp
    if M.convention == "io_coefficients":
        return (sp.identity(A.shape[0], format="csc") - A).tocsc()
    return A.tocsc()


def demand(M, d):
    return M.F[:, int(d)].toarray().ravel()


# ---- experiments ---------------------------------------------------------------

def exp_factor(M, ordering, repeat, lu):
    import scipy.sparse.linalg as sla
    T = tech(M, M.A)
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        lu = sla.splu(T, permc_spec=ordering)
        times.append(time.perf_counter() - t0)
    nnz_lu = int(lu.L.nnz + lu.U.nnz)
    return {"ordering": ordering, "time_s": stats(times), "nnz_lu": nnz_lu,
            "fill": nnz_lu / M.A.nnz}


def exp_batch(M, repeat, lu):
    F = [demand(M, d) for d in M.set]
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        for f in F:
            s = lu.solve(f)
            M.C @ (M.B @ s)
        times.append(time.perf_counter() - t0)
    st = stats(times)
    return {"demands": len(F), "demand_set": M.set_name, "time_s": st,
            "per_demand_s": st["median"] / max(len(F), 1)}


def exp_factors(M, repeat, sample, lu):
    import numpy as np
    n = M.n
    cols = np.unique(np.linspace(0, n - 1, min(sample, n)).astype(np.int64))
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        for j in cols:
            e = np.zeros(n)
            e[j] = 1.0
            M.C @ (M.B @ lu.solve(e))
        times.append(time.perf_counter() - t0)
    st = stats(times)
    per = st["median"] / len(cols)
    D = (M.C @ M.B).toarray()  # k x n
    ttimes = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        lu.solve(np.ascontiguousarray(D.T), trans="T")
        ttimes.append(time.perf_counter() - t0)
    return {"per_product": {"sample": int(len(cols)), "sample_time_s": st,
                            "per_product_s": per,
                            "all_products_s": per * n,
                            "extrapolated": True,
                            "note": f"one solve per product measured on "
                                    f"{len(cols)} products, times n = {n}"},
            "transposed": {"solves": int(D.shape[0]),
                           "time_s": stats(ttimes), "extrapolated": False,
                           "note": "N' = T'^-1 D', k solves with "
                                   "lu.solve(trans='T') (leontief's way)"}}


def sample_values(rng, X, rec):
    """New values for X from its records (numpy), clipped to lo/hi."""
    import numpy as np
    x = X.data.copy()
    if rec is None:
        return x
    d, p1, p2, p3 = rec["dist"], rec["p1"], rec["p2"], rec["p3"]
    m = d == DIST["lognormal"]
    x[m] = p1[m] * np.exp(np.log(p2[m]) * rng.standard_normal(m.sum()))
    m = d == DIST["normal"]
    x[m] = p1[m] + p2[m] * rng.standard_normal(m.sum())
    m = d == DIST["uniform"]
    x[m] = rng.uniform(p1[m], p2[m])
    m = (d == DIST["triangular"]) & (p3 > p1)
    x[m] = rng.triangular(p1[m], p2[m], p3[m])
    m = (d == DIST["triangular"]) & ~(p3 > p1)
    x[m] = p1[m]
    m = (d == DIST["pert"]) & (p3 > p1)
    w = p3[m] - p1[m]
    a = 1 + 4 * (p2[m] - p1[m]) / w
    b = 1 + 4 * (p3[m] - p2[m]) / w
    x[m] = p1[m] + w * rng.beta(a, b)
    m = d == DIST["gamma"]
    g = rng.gamma(p1[m], p2[m])
    x[m] = np.where(X.data[m] >= 0, p3[m] + g, p3[m] - g)
    lo, hi = rec["lo"], rec["hi"]
    x = np.where(np.isnan(lo), x, np.maximum(x, lo))
    return np.where(np.isnan(hi), x, np.minimum(x, hi))


def coo_of(X):
    """Row and column of every stored value (kept from one iteration to
    the next, as bw2calc keeps its index arrays)."""
    import numpy as np
    cols = np.repeat(np.arange(X.shape[1]), np.diff(X.indptr))
    return X.indices.copy(), cols


def exp_monte_carlo(M, ordering, iters, seed, lu):
    import numpy as np
    import scipy.sparse as sp
    import scipy.sparse.linalg as sla
    rng = np.random.default_rng(seed)
    mats = [(M.A, M.urec_A), (M.B, M.urec_B), (M.C, M.urec_C)]
    coo = [coo_of(X) for X, _ in mats]
    del lu  # every iteration factors its own sample
    F = [demand(M, d) for d in M.set]
    parts = {"sample": [], "build": [], "factor": [], "solve": []}
    total = []
    for _ in range(iters):
        t0 = time.perf_counter()
        vals = [sample_values(rng, X, rec) for X, rec in mats]
        t1 = time.perf_counter()
        A, B, C = [sp.csc_matrix((v, rc), shape=X.shape)
                   for v, rc, (X, _) in zip(vals, coo, mats)]
        T = tech(M, A)
        t2 = time.perf_counter()
        lu = sla.splu(T, permc_spec=ordering)
        t3 = time.perf_counter()
        for f in F:
            C @ (B @ lu.solve(f))
        t4 = time.perf_counter()
        for key, dt in zip(parts, (t1 - t0, t2 - t1, t3 - t2, t4 - t3)):
            parts[key].append(dt)
        total.append(t4 - t0)
    nrec = sum(0 if rec is None else int((rec["dist"] != 0).sum())
               for _, rec in mats)
    return {"iterations": iters, "demands": len(F),
            "per_iteration_s": stats(total),
            "parts_s": {key: stats(v) for key, v in parts.items()},
            "uncertain_values": nrec,
            "truncation": "clipped to lo/hi (leontief rejects and redraws)"}


def exp_dense(M, repeat):
    import numpy as np
    n = M.n
    T = tech(M, M.A).toarray()
    Bd, Cd = M.B.toarray(), M.C.toarray()
    Y = np.column_stack([demand(M, d) for d in M.set]) if len(M.set) else \
        np.zeros((n, 0))
    inv_t, n_t, x_t = [], [], []
    for _ in range(repeat):
        t0 = time.perf_counter()
        L = np.linalg.inv(T)
        t1 = time.perf_counter()
        (Cd @ Bd) @ L
        t2 = time.perf_counter()
        L @ Y
        t3 = time.perf_counter()
        inv_t.append(t1 - t0)
        n_t.append(t2 - t1)
        x_t.append(t3 - t2)
    return {"inverse_s": stats(inv_t), "factors_N_s": stats(n_t),
            "demands_x_s": stats(x_t),
            "total_s": stats([a + b + c for a, b, c in zip(inv_t, n_t,
                                                             x_t)]),
            "note": "pymrio/useeior style: L = inv(T), N = (C B) L, "
                    "x = L Y, dense numpy (OpenBLAS)"}


# ---- main ----------------------------------------------------------------------

def versions():
    import h5py
    import numpy
    import scipy
    return {"python": platform.python_version(), "numpy": numpy.__version__,
            "scipy": scipy.__version__, "h5py": h5py.__version__}


def measure(M, args, out, findings):
    """Probe the orderings in turn; with the first that factors within
    --time-limit, run the sparse experiments."""
    skip = set(x for x in args.skip.split(",") if x)
    out["ordering_probes"] = []
    for ordering in [o for o in args.orderings.split(",") if o]:
        steps = [("factor", lambda lu, o=ordering:
                  exp_factor(M, o, args.repeat, lu))]
        if "batch" not in skip:
            steps.append(("batch", lambda lu: exp_batch(M, args.repeat, lu)))
        if "factors" not in skip:
            steps.append(("factors", lambda lu:
                          exp_factors(M, args.repeat, args.sample, lu)))
        if "monte_carlo" not in skip:
            steps.append(("monte_carlo", lambda lu, o=ordering:
                          exp_monte_carlo(M, o, args.mc_iters, args.seed,
                                          lu)))
        probe = run_steps(M, ordering, steps, args.time_limit,
                          args.experiment_limit, out)
        probe["ordering"] = ordering
        out["ordering_probes"].append(probe)
        if probe["status"] == "ok":
            out["ordering"] = ordering
            return
        findings.append(f"splu(permc_spec='{ordering}') did not finish "
                        f"within {args.time_limit:g} s ({probe['status']})")
    out["ordering"] = None


def main():
    args = parse_args()
    if args.threads > 0:
        for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS",
                    "MKL_NUM_THREADS"):
            os.environ[var] = str(args.threads)
    import h5py  # noqa: F401  (imported before the load is timed)
    import numpy  # noqa: F401
    import scipy.sparse.linalg  # noqa: F401
    M = read_model(args.model, args.demand_set, args.product)
    findings = []
    out = {"peer": "scipy", "model": args.model, "convention": M.convention,
           "n": M.n, "m": M.B.shape[0], "k": M.C.shape[0],
           "nnz_A": int(M.A.nnz), "nnz_B": int(M.B.nnz),
           "demand_set": M.set_name, "demands": int(len(M.set)),
           "repeat": args.repeat, "load_s": M.load_s,
           "versions": versions(), "nproc": os.cpu_count(),
           "loadavg_start": os.getloadavg(),
           "threads": os.environ.get("OPENBLAS_NUM_THREADS", "default"),
           "time_limit_s": args.time_limit,
           "experiment_limit_s": args.experiment_limit}
    measure(M, args, out, findings)
    if "dense" in args.skip.split(","):
        pass
    elif M.n <= args.dense_max:
        out["dense"] = run_limited(lambda: exp_dense(M, args.repeat),
                                   args.experiment_limit)
    else:
        gib = M.n * M.n * 8 / 2**30
        out["dense"] = {"status": "skipped",
                        "reason": f"n = {M.n} > --dense-max "
                                  f"{args.dense_max} (one dense n x n "
                                  f"array is {gib:.1f} GiB)"}
    out["findings"] = findings
    out["loadavg_end"] = os.getloadavg()
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
