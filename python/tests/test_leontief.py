# python/tests/test_leontief.py: the Python package against the library's
# own answers, the CLI's files (bit for bit) and the C tests' bad inputs
# SPDX-License-Identifier: MIT

import gc
import json
import signal
import subprocess
import threading

import numpy as np
import pytest

import leontief
from conftest import BW, CLI, SRC

h5py = pytest.importorskip("h5py")

MC_BASIC = BW / "mc_basic.zip"
MOBILITY = (BW / "bw2io_example_db.zip", BW / "ipcc_simple.zip")


def run_cli(*args):
    return subprocess.run([CLI, *map(str, args)], check=True,
                          capture_output=True, text=True)


@pytest.fixture
def mc_basic_h5(tmp_path):
    out = tmp_path / "mc_basic.h5"
    run_cli("import", "bw", MC_BASIC, "-o", out)
    return out


# ---- the model and its results -----------------------------------------------

def test_mc_basic_factors_by_hand():
    # tests/test_import_bw.c derives them: 1*1 + 2*0.1*0.5 and 2*0.1.
    with leontief.import_bw(MC_BASIC) as m:
        assert m.shape == (2, 2, 1, 0)
        np.testing.assert_allclose(m.factors(), [[1.1, 0.2]], rtol=1e-15)
        assert m.labels("products") == ["1", "2"]


def test_mobility_matches_numpy_dense_solve():
    # A second method: numpy reads the raw arrays and solves densely.
    import zipfile
    import io
    arrays = {}
    for z in MOBILITY:
        with zipfile.ZipFile(z) as f:
            for name in f.namelist():
                if name.endswith(".npy"):
                    arrays[name] = np.load(io.BytesIO(f.read(name)))
    ti = arrays["Mobility_example_technosphere_matrix.indices.npy"]
    tx = arrays["Mobility_example_technosphere_matrix.data.npy"].astype(float)
    tf = arrays["Mobility_example_technosphere_matrix.flip.npy"]
    bi = arrays["Mobility_example_biosphere_matrix.indices.npy"]
    bx = arrays["Mobility_example_biosphere_matrix.data.npy"]
    ci = arrays["IPCC_simple_matrix_data.indices.npy"]
    cx = arrays["IPCC_simple_matrix_data.data.npy"]
    acts = np.unique(ti["col"])
    prods = np.unique(ti["row"])
    flows = np.unique(bi["row"])
    T = np.zeros((len(prods), len(acts)))
    np.add.at(T, (np.searchsorted(prods, ti["row"]),
                  np.searchsorted(acts, ti["col"])), np.where(tf, -tx, tx))
    B = np.zeros((len(flows), len(acts)))
    np.add.at(B, (np.searchsorted(flows, bi["row"]),
                  np.searchsorted(acts, bi["col"])), bx)
    c = np.zeros(len(flows))
    c[np.searchsorted(flows, ci["row"])] = cx
    want = c @ B @ np.linalg.inv(T)
    with leontief.import_bw(*MOBILITY) as m:
        np.testing.assert_allclose(m.factors()[0], want, rtol=1e-12)
        names = dict(json.load(open(BW / "bw2io_example_db_mapping.json")))
        by_id = {str(v): k for k, v in names.items()}
        m.set_labels("products", "name",
                     [by_id[i] for i in m.labels("products")])
        j = m.lookup("products", "Driving an electric car")
        assert m.footprint(j)[0] == m.factors()[0, j]


def test_matrices_are_zero_copy_views_that_keep_the_model():
    m = leontief.import_bw(MC_BASIC)
    p, i, x, shape = m.matrix("A")
    assert shape == (2, 2) and list(x) == [1.0, -0.5, 1.0]
    assert not x.flags.writeable and not x.flags.owndata
    p2, i2, x2, _ = m.matrix("A")
    assert x.ctypes.data == x2.ctypes.data  # the same C buffer
    m.close()
    del m
    gc.collect()
    assert list(x) == [1.0, -0.5, 1.0]  # the view kept the C objects


def test_model_file_round_trip_and_solve(tmp_path, mc_basic_h5):
    with leontief.read(mc_basic_h5) as m:
        m.add_demand("two of 1", {"1": 2.0})
        S, G, H = m.solve()
        np.testing.assert_allclose(S[0], [2.0, 1.0], rtol=1e-15)
        np.testing.assert_allclose(H[0], [2.2], rtol=1e-15)
        m.write(tmp_path / "again.h5")
    with leontief.read(tmp_path / "again.h5") as m2:
        assert m2.labels("demands") == ["two of 1"]


def test_factors_frame_has_labels():
    pd = pytest.importorskip("pandas")
    with leontief.import_bw(MC_BASIC) as m:
        df = m.factors_frame()
        assert isinstance(df, pd.DataFrame)
        assert list(df.index) == ["1", "2"]
        assert df.loc["1", "mc-characterization"] == m.factors()[0, 0]


def test_analysis_tables():
    with leontief.import_bw(*MOBILITY) as m:
        df = m.contrib(0, by="process", top=2)
        total = m.factors()[0, 0]
        assert abs(df["value"].sum() - total) <= 1e-12 * abs(total)
        paths = m.paths(0, top=3)
        assert len(paths["rank"]) == 3
    with leontief.import_bw(MC_BASIC) as m:
        s = m.sensitivity(0, top=3)
        assert len(s["rank"]) == 3


# ---- bit for bit as the CLI --------------------------------------------------

def test_factors_equal_the_cli_bit_for_bit(tmp_path, mc_basic_h5):
    model = tmp_path / "mob.h5"
    run_cli("import", "bw", *MOBILITY, "-o", model)
    run_cli("factors", model, "-o", tmp_path / "f.h5")
    with h5py.File(tmp_path / "f.h5", "r") as f:
        N = f["factors/N"][...]
        D = f["factors/D"][...]
    with leontief.read(model) as m:
        N2, D2 = m.factors(direct=True)
    assert N.tobytes() == N2.tobytes() and D.tobytes() == D2.tobytes()


def test_mc_equals_the_cli_bit_for_bit(tmp_path, mc_basic_h5):
    run_cli("mc", mc_basic_h5, "-n", 300, "--seed", 11, "-o",
            tmp_path / "cli.h5")
    with leontief.read(mc_basic_h5, threads=1) as m:
        r = m.mc(300, 11, out=tmp_path / "py.h5")
        r2 = m.mc(300, 11)  # in memory, no file
    keys = ["mean", "sd", "min", "max", "quantiles", "samples", "gsd", "se"]
    with h5py.File(tmp_path / "cli.h5", "r") as a, \
            h5py.File(tmp_path / "py.h5", "r") as b:
        for k in keys:
            assert a["factors/" + k][...].tobytes() == \
                b["factors/" + k][...].tobytes(), k
        assert a["factors/mean"][...].tobytes() == r.mean.tobytes()
    assert r2.mean.tobytes() == r.mean.tobytes()
    assert r.factor_quantiles[:, 0, :].tobytes() == \
        leontief.read_stats(tmp_path / "py.h5",
                            "mc-characterization")["quantiles"].tobytes()
    # Analytic mean of product 1's factor: E[c1 b1] + E[c2 b2 a]
    # = 1.25 * 1 + 2.5 * 0.1 * 0.5 = 1.375 (uniforms; sd about 0.6).
    assert abs(r.mean[0, 0] - 1.375) < 4 * r.sd[0, 0] / np.sqrt(300)


def same_files(a, b):
    names = sorted(p.name for p in a.iterdir())
    assert names == sorted(p.name for p in b.iterdir()) and names
    for n in names:
        assert (a / n).read_bytes() == (b / n).read_bytes(), n


def test_exports_equal_the_cli_byte_for_byte(tmp_path, mc_basic_h5):
    # A model with a demand, so that the Monte Carlo runs score it too.
    model = tmp_path / "with-demand.h5"
    with leontief.read(mc_basic_h5) as m:
        m.add_demand("two of 1", {"1": 2.0})
        m.write(model)
    run_cli("export", model, "--csv", tmp_path / "cli-model")
    run_cli("mc", model, "-n", 64, "--seed", 2, "--all-demands", "-o",
            tmp_path / "cli.h5")
    run_cli("export", tmp_path / "cli.h5", "--csv", tmp_path / "cli-mc",
            "--product", "2")
    with leontief.read(model) as m:
        m.write_mtx(tmp_path / "py-model")
        m.write_report_csv(tmp_path / "report.csv")
        r = m.mc(64, 2, out=tmp_path / "py.h5")  # every demand by default
    assert r.scores.shape == (64, 1, 1)
    leontief.export_csv(tmp_path / "py.h5", tmp_path / "py-mc", ["2"])
    same_files(tmp_path / "cli-model", tmp_path / "py-model")
    same_files(tmp_path / "cli-mc", tmp_path / "py-mc")  # samples, stats
    assert (tmp_path / "report.csv").read_text() == "kind,id,name,detail\n"
    with pytest.raises(leontief.NotFoundError):
        leontief.export_csv(tmp_path / "py.h5", tmp_path / "bad", ["9"])
    with pytest.raises(leontief.InvalidError):
        leontief.export_csv(model, tmp_path / "bad")
    assert not (tmp_path / "bad").exists()


def test_mc_stops_cleanly_and_resumes_to_the_same_numbers(tmp_path,
                                                          mc_basic_h5):
    with leontief.read(mc_basic_h5) as m:
        full = m.mc(2000, 5, block_size=16)
        seen = []

        def progress(done, total):
            seen.append(done)
            return done < 64  # stop after a few blocks

        out = tmp_path / "run.h5"
        part = m.mc(2000, 5, block_size=16, out=out, progress=progress)
        assert part.stopped and part.done < 2000 and seen
        assert (tmp_path / "run.h5.ckpt").exists()
        again = m.mc(2000, 5, block_size=16, out=out, resume=True)
        assert again.done == 2000 and not again.stopped
        assert again.mean.tobytes() == full.mean.tobytes()


def test_ctrl_c_stops_a_run_cleanly(mc_basic_h5):
    with leontief.read(mc_basic_h5) as m:
        def progress(done, total):
            if done == 32:  # as if the user pressed Ctrl-C now
                signal.pthread_kill(threading.main_thread().ident,
                                    signal.SIGINT)
        with pytest.raises(leontief.RunStopped) as e:
            m.mc(200000, 3, block_size=16, progress=progress)
        r = e.value.result
        assert 32 <= r.done < 200000 and r.stopped
        assert np.all(np.isfinite(r.mean))


# ---- bad input: typed exceptions, never a crash --------------------------------

def test_bad_inputs_raise_typed_errors(tmp_path, mc_basic_h5):
    with pytest.raises(leontief.FileError, match="not an HDF5 file"):
        leontief.read(SRC / "README.md")
    with pytest.raises(leontief.FileError):
        leontief.read(tmp_path / "missing.h5")
    with pytest.raises(leontief.InvalidError, match="not a readable zip"):
        leontief.import_bw(SRC / "README.md")
    # An HDF5 file that is not a model: the results of `leontief factors`.
    run_cli("factors", mc_basic_h5, "-o", tmp_path / "f.h5")
    with pytest.raises(leontief.InvalidError,
                       match="f.h5: format is 'leontief-results'") as e:
        leontief.read(tmp_path / "f.h5")
    assert e.value.status == -4 and isinstance(e.value, ValueError)
    with pytest.raises(leontief.FileError, match="cannot open"):
        leontief.import_bw(tmp_path / "missing.zip")
    m = leontief.read(mc_basic_h5)
    with pytest.raises(leontief.NotFoundError, match="nothing"):
        m.lookup("products", "nothing")
    with pytest.raises(leontief.DimensionError):
        m.add_demand("bad", np.ones(3))  # wrong shape
    with pytest.raises(leontief.DimensionError):
        m.add_demand("bad", np.ones((2, 2)))
    with pytest.raises(leontief.ArgumentError, match="NaN"):
        m.add_demand("bad", [np.nan, 1.0])
    with pytest.raises(leontief.ArgumentError, match="not numbers"):
        m.add_demand("bad", ["a", "b"])
    with pytest.raises(leontief.ArgumentError):
        m.factors(indicators=[5])
    with pytest.raises(leontief.ArgumentError):
        m.mc(10, 1, on_fail="skip", block_size=-1)
    with pytest.raises(leontief.DimensionError):
        m.set_labels("products", "name", ["only one"])
    with pytest.raises(leontief.ArgumentError, match="complex"):
        m.add_demand("bad", np.array([1j, 1.0]))
    with pytest.raises(leontief.ArgumentError, match="outside"):
        m.footprint(2)
    with pytest.raises(leontief.ArgumentError, match="outside"):
        m.add_demand("bad", {-1: 1.0})
    with pytest.raises(leontief.ArgumentError, match="not one of"):
        m.labels("sectors")
    with pytest.raises(leontief.ArgumentError, match="positive"):
        m.mc(0, 1)
    with pytest.raises(leontief.ArgumentError, match="positive"):
        m.mc(2.5, 1)
    with pytest.raises(leontief.ArgumentError, match="not one of"):
        m.mc(10, 1, on_fail="retry")
    assert m.shape == (2, 2, 1, 0)  # nothing half-added
    with leontief.import_bw(MC_BASIC) as b:  # no model file to record
        with pytest.raises(leontief.ArgumentError, match="leontief.read"):
            b.mc(10, 1, out=tmp_path / "x.h5")
    assert not (tmp_path / "x.h5").exists()
    m.close()
    with pytest.raises(leontief.ClosedError):
        m.factors()
    with pytest.raises(leontief.ClosedError):
        m.matrix("A")
    m.close()  # twice is fine


def test_singular_system_is_an_error(tmp_path):
    # Two activities whose technosphere columns are equal: singular.
    d = tmp_path / "sing"
    d.mkdir()
    idx = np.array([(1, 1), (2, 1), (1, 2), (2, 2)], dtype=IDX)
    write_pkg(d, {"t": ("technosphere_matrix", idx, np.ones(4), None, None)})
    with leontief.import_bw(d) as m:
        with pytest.raises(leontief.SingularError):
            m.factors()


# ---- Brightway datapackages written here -------------------------------------

IDX = [("row", np.int64), ("col", np.int64)]
UNC = [("uncertainty_type", np.uint8), ("loc", np.float32),
       ("scale", np.float32), ("shape", np.float32), ("minimum", np.float32),
       ("maximum", np.float32), ("negative", bool)]


def write_pkg(d, groups, extra=()):
    """groups: name -> (matrix, indices, data, flip, distributions)."""
    d.mkdir(parents=True, exist_ok=True)
    res = []
    for g, (matrix, idx, data, flip, dist) in groups.items():
        for kind, arr in (("indices", idx), ("data", data), ("flip", flip),
                          ("distributions", dist)):
            if arr is None:
                continue
            np.save(d / f"{g}.{kind}.npy", arr)
            res.append({"profile": "data-resource", "format": "npy",
                        "matrix": matrix, "kind": kind, "group": g,
                        "category": "vector", "path": f"{g}.{kind}.npy"})
    res.extend(extra)
    (d / "datapackage.json").write_text(json.dumps(
        {"name": d.name, "resources": res}))
    return d


def every_code_package(d, code_of_last=9):
    """Activities 1..8, each making product i (amount 1, diagonal); activity
    8 takes inputs of products 1..7 (flip), one per supported
    distribution; one flow at each activity; a method."""
    nan = np.nan
    rows = [(i, i) for i in range(1, 9)] + [(i, 8) for i in range(1, 8)]
    data = np.array([1.0] * 8 + [0.5] * 7)
    flip = np.array([False] * 8 + [True] * 7)
    dist = [(0, 1, nan, nan, nan, nan, False)] * 8 + [
        (0, 0.5, nan, nan, nan, nan, False),                 # undefined
        (1, 0.5, nan, nan, nan, nan, False),                 # none
        (2, np.log(0.5), 0.2, nan, nan, nan, False),         # lognormal
        (3, 0.5, 0.05, nan, 0.3, 0.7, False),                # normal, bounded
        (4, nan, nan, nan, 0.4, 0.6, False),                 # uniform
        (5, 0.5, nan, nan, 0.4, 0.7, False),                 # triangular
        (code_of_last, 0.4, 0.05, 2.0, nan, nan, False),     # gamma 0.4+G
    ]
    write_pkg(d, {
        "tech": ("technosphere_matrix", np.array(rows, dtype=IDX), data,
                 flip, np.array(dist, dtype=UNC)),
        "bio": ("biosphere_matrix",
                np.array([(100, i) for i in range(1, 9)], dtype=IDX),
                np.arange(1.0, 9.0), None, None),
        "gwp": ("characterization_matrix", np.array([(100, 100)], dtype=IDX),
                np.array([1.0]), None, None)})
    return d


def test_every_supported_code_is_read_and_sampled(tmp_path):
    d = every_code_package(tmp_path / "codes")
    with leontief.import_bw(d) as m:
        # Factor of product 8 by hand: 8 + 0.5 * (1 + 2 + ... + 7) = 22.
        np.testing.assert_allclose(m.factors()[0, 7], 22.0, rtol=1e-15)
        r = m.mc(4000, 1)
        # Means of the inputs: 0.5, 0.5, 0.5 e^(0.02), 0.5 (normal bounded
        # symmetrically), 0.5, 0.5333, 0.4 + 0.1; weights 1..7.
        means = [0.5, 0.5, 0.5 * np.exp(0.02), 0.5, 0.5, 1.6 / 3, 0.5]
        want = 8 + sum(w * v for w, v in zip(range(1, 8), means))
        assert abs(r.mean[0, 7] - want) < 4 * r.sd[0, 7] / np.sqrt(4000)


@pytest.mark.parametrize("code,name", [(6, "Bernoulli"), (8, "Weibull"),
                                       (10, "beta"), (11, "extreme"),
                                       (12, "Student"), (42, "unknown")])
def test_unsupported_codes_name_the_code_and_entry(tmp_path, code, name):
    d = every_code_package(tmp_path / f"c{code}", code_of_last=code)
    with pytest.raises(leontief.InvalidError) as e:
        leontief.import_bw(d)
    msg = str(e.value)
    assert f"code {code}" in msg and name in msg
    assert "entry 14 (row 7, col 8)" in msg and "tech.distributions.npy" in msg


def test_bad_datapackages(tmp_path):
    base = every_code_package(tmp_path / "base")

    def broken(name, group_file, arr):
        d = tmp_path / name
        d.mkdir()
        for f in base.iterdir():
            (d / f.name).write_bytes(f.read_bytes())
        np.save(d / group_file, arr)
        return d

    cases = [
        ("outside", "bio.indices.npy",
         np.array([(100, i) for i in range(1, 8)] + [(100, 99)], dtype=IDX),
         "column id 99 is not an activity"),
        ("negative", "tech.indices.npy",
         np.array([(-1, 1)] + [(i, i) for i in range(2, 9)] +
                  [(i, 8) for i in range(1, 8)], dtype=IDX), "row -1"),
        ("flip_dtype", "tech.flip.npy", np.zeros(15, np.int32),
         "is not bool but int32"),
        ("data_shape", "tech.data.npy", np.ones((15, 2)),
         "not one-dimensional"),
        ("data_len", "tech.data.npy", np.ones(14), "has 14 entries"),
        ("data_nan", "tech.data.npy", np.array([np.nan] + [1.0] * 14),
         "not a finite number"),
        ("idx_dtype", "tech.indices.npy", np.ones(15), "not a structured"),
        ("data_text", "tech.data.npy", np.array(["x"] * 15),
         "is not supported"),
    ]
    for name, f, arr, want in cases:
        with pytest.raises(leontief.InvalidError, match=want) as e:
            leontief.import_bw(broken(name, f, arr))
        assert f in str(e.value) or "biosphere" in str(e.value)


def test_zip_and_folder_give_the_same_model(tmp_path):
    import zipfile
    d = every_code_package(tmp_path / "pkg")
    z = tmp_path / "pkg.zip"
    with zipfile.ZipFile(z, "w") as f:
        for p in d.iterdir():
            f.write(p, p.name)
    with leontief.import_bw(d) as a, leontief.import_bw(z) as b:
        assert a.factors().tobytes() == b.factors().tobytes()


# ---- the README's example stays true -----------------------------------------

def test_readme_example_prints_what_the_readme_says(tmp_path):
    import os
    import re
    import sys
    text = (SRC / "README.md").read_text()
    sec = text[text.index("\n## Python\n"):]
    code = re.search(r"python3 - << 'EOF'\n(.*?)\nEOF\n", sec, re.S).group(1)
    want = re.search(r"```\n(\['1'.*?)```", sec, re.S).group(1)
    got = subprocess.run([sys.executable, "-c", code], cwd=SRC, check=True,
                         capture_output=True, text=True,
                         env=dict(os.environ, PYTHONPATH=str(SRC / "python")))
    assert got.stdout == want
