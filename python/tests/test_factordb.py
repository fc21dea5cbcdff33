# python/tests/test_factordb.py: leontief.factordb.build (lca_fdb_build)
# against `leontief factordb build`, file for file, and its bad inputs
# SPDX-License-Identifier: MIT

import json
import os
import subprocess

import pytest

import leontief
from conftest import CLI, SRC

USLCI = SRC / "datasets" / "uslci" / "raw" / "uslci_olca1_5_0_json_ld.zip"
# The record files: byte for byte. The manifest: every entry but the date,
# the command line, the previous release's path and the hashes of the
# HDF5 files (HDF5 stamps its
# objects with the time they were written, so no two runs of either
# program give the same bytes there).
SAME_BYTES = ["factors.csv", "factors.json", "trace.csv"]


def run_cli(*args, check=True):
    return subprocess.run([CLI, *map(str, args)], check=check,
                          capture_output=True, text=True)


@pytest.fixture(scope="module")
def uslci(tmp_path_factory):
    """USLCI with the bundled AR6 GWP100 (split tags: a total to find)."""
    if not USLCI.exists():
        pytest.skip(f"{USLCI} is not in this checkout")
    out = tmp_path_factory.mktemp("uslci") / "uslci.h5"
    run_cli("import", "olca", USLCI, "--method", "gwp100-ar6", "-o", out)
    return out


def manifest(release):
    m = json.loads((release / "manifest.json").read_text())
    del m["created_utc"]
    del m["provenance"]["command_line"]
    del m["provenance"]["previous_release"]  # a path: checked below
    for f in m["files"]:
        if f["name"].endswith(".h5"):
            del f["sha256"]
    return m


def same_release(a, b):
    assert sorted(p.name for p in a.iterdir()) == \
        sorted(p.name for p in b.iterdir())
    for name in SAME_BYTES:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    assert manifest(a) == manifest(b)


PRODUCTS = ["Electricity, at grid, US, 2000", "Hardboard, at hardboard plant"]


def test_build_equals_the_cli_file_for_file(tmp_path, uslci):
    args = ["-n", 40, "--seed", 2024, "--pedigree-fill", "--split-mc",
            "--block-size", 8]
    for p in PRODUCTS:
        args += ["--product", p]
    out = run_cli("factordb", "build", uslci, *args, "-o", tmp_path / "cli")
    assert "written:" in out.stdout
    db = leontief.factordb.build(uslci, tmp_path / "py", n=40, seed=2024,
                                 pedigree_fill=True, split_mc=True,
                                 block_size=8, products=PRODUCTS, threads=1)
    same_release(tmp_path / "cli", tmp_path / "py")
    assert db.iterations == 40 and len(db) == 766 and db.against is None
    assert (db.num["mc_iterations"] == 40).all()
    # A second release on top of the first: ids carried the same way.
    run_cli("factordb", "build", uslci, *args, "--previous", tmp_path / "cli",
            "-o", tmp_path / "cli2")
    db2 = leontief.factordb.build(uslci, tmp_path / "py2", n=40, seed=2024,
                                  pedigree_fill=True, split_mc=True,
                                  block_size=8, products=PRODUCTS,
                                  previous=tmp_path / "py")
    same_release(tmp_path / "cli2", tmp_path / "py2")
    prov = [json.loads((tmp_path / d / "manifest.json").read_text())
            ["provenance"]["previous_release"] for d in ("cli2", "py2")]
    assert prov == [str(tmp_path / "cli"), str(tmp_path / "py")]
    assert db2.against == {"unchanged": 766, "changed": 0, "added": 0,
                           "removed": 0, "reissue": 0}
    assert db2.text["record_id"] == db.text["record_id"]


def test_build_from_a_finished_run(tmp_path, uslci):
    mc = tmp_path / "mc.h5"
    run_cli("mc", uslci, "--indicator", "GWP100", "-n", 16, "--seed", 9,
            "-o", mc)
    run_cli("factordb", "build", uslci, "--from-mc", mc, "-o",
            tmp_path / "cli")
    db = leontief.factordb.build(uslci, tmp_path / "py", from_mc=mc)
    same_release(tmp_path / "cli", tmp_path / "py")
    assert db.iterations == 16


def test_progress_sees_every_iteration_and_can_stop(tmp_path, uslci):
    seen = []
    leontief.factordb.build(uslci, tmp_path / "a", n=32, seed=1,
                            block_size=8, threads=1,
                            progress=lambda d, t: seen.append((d, t)))
    assert seen == [(8, 32), (16, 32), (24, 32), (32, 32)]
    with pytest.raises(leontief.Error, match="stopped after"):
        leontief.factordb.build(uslci, tmp_path / "b", n=400, seed=1,
                                block_size=8, threads=1,
                                progress=lambda d, t: False)
    assert not (tmp_path / "b").exists()
    kept = [p for p in tmp_path.iterdir() if p.name.startswith("b.tmp.")]
    assert len(kept) == 1 and (kept[0] / "montecarlo.h5.ckpt").exists()


def no_staging(folder):
    return not any(".tmp." in p.name for p in folder.iterdir())


def test_bad_inputs_fail_cleanly(tmp_path, uslci):
    build = leontief.factordb.build
    out = tmp_path / "rel"
    with pytest.raises(leontief.NotFoundError, match="NOPE"):
        build(uslci, out, n=8, seed=1, indicator="NOPE")
    with pytest.raises(leontief.NotFoundError):
        build(uslci, out, n=8, seed=1, products=["no such product"])
    with pytest.raises(leontief.ArgumentError, match="iterations"):
        build(uslci, out, n=0, seed=1)
    with pytest.raises(leontief.ArgumentError):
        build(uslci, out, n=8, seed=1, missing_score=7)
    with pytest.raises(leontief.ArgumentError):
        build(uslci, out, from_mc=tmp_path / "mc.h5", split_mc=True)
    with pytest.raises(leontief.FileError):
        build(tmp_path / "missing.h5", out, n=8, seed=1)
    with pytest.raises(leontief.FileError):
        build(uslci, out, n=8, seed=1, previous=tmp_path / "nope")
    # Wrong types are refused before anything runs (a None name was a
    # NULL pointer into the library).
    for bad in ([None], [""], [3]):
        with pytest.raises(leontief.ArgumentError, match="products"):
            build(uslci, out, n=8, seed=1, products=bad)
    for bad in (2**64 + 5, 1.5, "8"):
        with pytest.raises(leontief.ArgumentError, match="n "):
            build(uslci, out, n=bad, seed=1)
    for bad in ("x", 1.9, True):
        with pytest.raises(leontief.ArgumentError, match="seed"):
            build(uslci, out, n=8, seed=bad)
    assert not out.exists() and no_staging(tmp_path)
    # bytes paths are paths, not the text "b'...'"
    db = build(os.fsencode(uslci), os.fsencode(tmp_path / "b"), n=8, seed=1)
    assert (tmp_path / "b" / "factors.csv").exists() and db.iterations == 8
    assert not any(p.name.startswith("b'") for p in tmp_path.iterdir())
    # An output that exists is never overwritten; nor one that cannot be
    # made (its folder is missing, or not writable).
    out.mkdir()
    (out / "keep").write_text("mine")
    with pytest.raises(leontief.FileError, match="exists"):
        build(uslci, out, n=8, seed=1)
    assert [p.name for p in out.iterdir()] == ["keep"]
    with pytest.raises(leontief.FileError):
        build(uslci, tmp_path / "no" / "rel", n=8, seed=1)
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        if not os.access(ro, os.W_OK):  # root writes anywhere
            with pytest.raises(leontief.FileError):
                build(uslci, ro / "rel", n=8, seed=1)
            assert list(ro.iterdir()) == []
    finally:
        ro.chmod(0o700)
    assert no_staging(tmp_path)
    # The CLI's exit codes for the same inputs (README "Exit codes").
    assert run_cli("factordb", "build", uslci, "--indicator", "NOPE", "-n", 8,
                   "--seed", 1, "-o", tmp_path / "c", check=False
                   ).returncode == 3
    assert run_cli("factordb", "build", uslci, "-n", 8, "--seed", 1, "-o",
                   out, check=False).returncode == 5
