# python/tests/test_rules.py: leontief.pcf and leontief.pact_export against
# `leontief pcf` and `leontief pact` on bundled USLCI (bit for bit, byte for
# byte) and their bad inputs
# SPDX-License-Identifier: MIT

import filecmp
import gc
import json
import shutil
import subprocess

import numpy as np
import pytest

import leontief
from conftest import CLI, SRC

h5py = pytest.importorskip("h5py")

USLCI = SRC / "datasets" / "uslci" / "raw" / "uslci_olca1_5_0_json_ld.zip"
RULES = SRC / "datasets" / "rules" / "basic-uslci"
STEEL = "88b44b36-2322-39a8-9c54-6b89b1b43cd4"
HYDROGEN = "4eaec911-05e8-304e-b7a6-98ce06fc9820"
PACT = dict(company="Example Factor Database",
            company_ids=["urn:company:example:factors"],
            domain="factors.example.org", created="2025-06-30T00:00:00Z",
            period="2024")
PACT_CLI = ["--company", PACT["company"], "--company-id",
            PACT["company_ids"][0], "--domain", PACT["domain"], "--created",
            PACT["created"], "--period", PACT["period"]]


def run_cli(*args):
    return subprocess.run([CLI, *map(str, args)], check=True,
                          capture_output=True, text=True)


@pytest.fixture(scope="module")
def uslci(tmp_path_factory):
    """USLCI allocated by mass with the bundled rules (the README's)."""
    if not USLCI.exists():
        pytest.skip(f"{USLCI} is not in this checkout")
    d = tmp_path_factory.mktemp("uslci")
    run_cli("import", "olca", USLCI, "--allocation", "mass", "--rules",
            RULES, "--method", "gwp100-ar6", "-o", d / "uslci-mass.h5")
    return d / "uslci-mass.h5"


def bits(a):
    return np.ascontiguousarray(a, dtype=np.float64).view(np.uint64)


# ---- pcf -------------------------------------------------------------------

def test_pcf_equals_the_cli_bit_for_bit(tmp_path, uslci):
    run_cli("pcf", RULES, uslci, "-n", 50, "--seed", 1, "--pedigree-fill",
            "-o", tmp_path / "cli")
    r = leontief.pcf(RULES, uslci, iterations=50, seed=1, pedigree_fill=True)
    assert len(r) == 14 and r.iterations == 50 and r.failed == 0
    # the files lca_pcf_write makes of the Python run: the CLI's CSVs
    r.write(tmp_path / "py")
    cmp = filecmp.dircmp(tmp_path / "cli", tmp_path / "py")
    for name in ("summary.csv", "conformance.csv"):
        assert (tmp_path / "cli" / name).read_bytes() == \
            (tmp_path / "py" / name).read_bytes()
    cats = sorted(p.name for p in (tmp_path / "cli" / "categories").iterdir())
    assert len(cats) == 14 and cmp.subdirs["categories"].diff_files == []
    for name in cats:
        assert (tmp_path / "cli" / "categories" / name).read_bytes() == \
            (tmp_path / "py" / "categories" / name).read_bytes()
    # the numbers in memory: the CLI's pcf.h5, bit for bit
    with h5py.File(tmp_path / "cli" / "pcf.h5", "r") as f:
        ids = [s.decode() for s in f["categories/id"][:]]
        assert ids == r.ids
        s = r.summary
        for col in ("footprint", "mean", "sd", "per_kg", "dqr"):
            got = s[col].to_numpy() if hasattr(s, "to_numpy") else s[col]
            assert np.array_equal(bits(got),
                                  bits(f[f"categories/{col}"][:, 0])), col
        for k, cid in enumerate(ids):
            c = r.category(cid)
            g = f[f"category/{k}"]
            assert np.array_equal(bits(c["quantiles"]),
                                  bits(f["categories/quantiles"][k]))
            assert np.array_equal(bits(c["split_samples"]),
                                  bits(g["split_samples"][:]))
            assert np.array_equal(bits(c["stage_samples"]),
                                  bits(g["stage_samples"][:]))
            assert np.array_equal(bits(list(c["stages"].values())),
                                  bits(g["stages"][:, 0]))
            assert c["samples"].shape == (50,)
    # the README's steel footprint (kg CO2-eq per t)
    steel = r.category("steel")
    assert steel["footprint"] == pytest.approx(901.1245108521518, rel=1e-12)
    assert sum(steel["stages"].values()) == pytest.approx(
        steel["footprint"], rel=1e-12)
    assert not steel["conforms"] and steel["violations"]


def test_pcf_bad_inputs_raise_typed_errors(tmp_path, uslci):
    bad = tmp_path / "rules"
    bad.mkdir()
    rule = json.loads((RULES / "steel.json").read_text())
    rule["colour"] = "blue"  # a field the format does not have
    (bad / "steel.json").write_text(json.dumps(rule))
    with pytest.raises(leontief.InvalidError) as e:
        leontief.pcf(bad, uslci)
    assert "colour" in str(e.value) and "steel.json" in str(e.value)
    assert e.value.status == -4
    with pytest.raises(leontief.FileError):
        leontief.pcf(tmp_path / "no-such-rules", uslci)
    with pytest.raises(leontief.Error):
        leontief.pcf(RULES, tmp_path / "no-such-model.h5")
    r = leontief.pcf(RULES, uslci)
    with pytest.raises(leontief.NotFoundError):
        r.category("no-such-category")
    # a result and its model in one garbage cycle: freed in a safe order
    # (the pcf before the model it borrows), whatever order gc picks
    for _ in range(3):
        m = leontief.read(uslci)
        r = leontief.pcf(RULES, m)
        m.cycle, r.cycle = r, m
        del m, r
        gc.collect()
    m = leontief.read(uslci)
    m.close()
    with pytest.raises(leontief.ClosedError):
        leontief.pcf(RULES, m)


# ---- PACT export -------------------------------------------------------------

@pytest.fixture(scope="module")
def release(tmp_path_factory, uslci):
    d = tmp_path_factory.mktemp("release")
    run_cli("factordb", "build", uslci, "-n", 50, "--seed", 1,
            "--pedigree-fill", "--product", STEEL, "-o", d / "rel")
    return d / "rel"


def test_read_factordb_equals_the_cli_release_bit_for_bit(release):
    db = leontief.read_factordb(release)
    with h5py.File(release / "factors.h5", "r") as f:
        rec = f["records"]
        assert len(db) == rec["factor"].shape[-1] > 800
        ids = [s.decode() for s in np.ravel(rec["record_id"][()])]
        assert db.text["record_id"] == ids
        for name, col in db.num.items():
            assert np.array_equal(bits(col), bits(np.ravel(rec[name][()]))), \
                name
        assert set(db.components) == set(f["components"])
        for name, col in db.components.items():
            h = np.ravel(f[f"components/{name}/factor"][()])
            # bit for bit but the sign of a zero (factors.json, which
            # lca_fdb_read reads, writes -0.0 as 0)
            nz = h != 0
            assert np.array_equal(bits(col[nz]), bits(h[nz])), name
            assert np.all(col[~nz] == 0), name
    k = db.text["product_id"].index(STEEL)
    assert db.num["mc_iterations"][k] == 50
    fr = db.frame()
    assert fr.loc[ids[k], "product_id"] == STEEL


def test_read_factordb_bad_inputs(tmp_path, release):
    with pytest.raises(leontief.FileError) as e:
        leontief.read_factordb(tmp_path / "no-release")
    assert "no-release" in str(e.value)
    bad = tmp_path / "tampered"
    shutil.copytree(release, bad)
    j = bad / "factors.json"
    j.write_bytes(j.read_bytes() + b" ")  # no longer the manifest's hash
    with pytest.raises(leontief.InvalidError) as e:
        leontief.read_factordb(bad)
    assert "factors.json" in str(e.value)


def test_pact_export_equals_the_cli_byte_for_byte(tmp_path, release):
    run_cli("pact", release, RULES, *PACT_CLI, "--product", STEEL,
            "--product", HYDROGEN, "-o", tmp_path / "cli")
    out = leontief.pact_export(release, RULES, tmp_path / "py",
                               products=[STEEL, HYDROGEN], **PACT)
    assert out == tmp_path / "py"
    names = sorted(p.name for p in (tmp_path / "cli").iterdir())
    assert names == ["SHA256SUMS", "footprints.json", "index.csv"]
    assert names == sorted(p.name for p in (tmp_path / "py").iterdir())
    for name in names:
        assert (tmp_path / "cli" / name).read_bytes() == \
            (tmp_path / "py" / name).read_bytes()
    fp = json.loads((tmp_path / "py" / "footprints.json").read_text())
    assert len(fp["data"]) == 2
    steel = [x for x in fp["data"] if "steel" in json.dumps(x).lower()]
    assert steel and steel[0]["pcf"]["pcfExcludingBiogenicUptake"] == \
        "901.1245108521518"


def test_pact_bad_inputs_raise_typed_errors(tmp_path, release):
    with pytest.raises(leontief.Error) as e:  # no release there
        leontief.pact_export(tmp_path / "no-release", RULES, tmp_path / "o1",
                             **PACT)
    assert "no-release" in str(e.value)
    with pytest.raises(leontief.NotFoundError):
        leontief.pact_export(release, RULES, tmp_path / "o2",
                             products=["no such product"], **PACT)
    bad = tmp_path / "rules"
    shutil.copytree(RULES, bad)
    rule = json.loads((bad / "steel.json").read_text())
    rule["colour"] = "blue"
    (bad / "steel.json").write_text(json.dumps(rule))
    with pytest.raises(leontief.InvalidError) as e:
        leontief.pact_export(release, bad, tmp_path / "o3", **PACT)
    assert "colour" in str(e.value)
    bad_time = dict(PACT, created="yesterday")
    with pytest.raises(leontief.ArgumentError) as e:  # library's status
        leontief.pact_export(release, RULES, tmp_path / "o4",
                             products=[STEEL], **bad_time)
    assert "yesterday" in str(e.value)
    assert not any((tmp_path / f"o{i}").exists() for i in range(1, 5))
