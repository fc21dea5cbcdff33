# python/tests/test_layout.py: every ctypes struct of _lib.py has the C
# layout of its public header (python/tests/layout.c prints it)
# SPDX-License-Identifier: MIT

import ctypes
import os
import subprocess

import pytest

from leontief import _lib

STRUCTS = [_lib.lca_solver_options, _lib.lca_mc_iter_options,
           _lib.lca_mc_options, _lib.lca_mc_block, _lib.lca_mc_spec,
           _lib.lca_contrib_cut, _lib.lca_contrib_rows, _lib.lca_spa_options,
           _lib.lca_screen_options, _lib.lca_mcfile_stats,
           _lib.lca_pcf_options, _lib.lca_pcf_violation,
           _lib.lca_pcf_result, _lib.lca_grade_param,
           _lib.lca_pact_options, _lib.lca_fdb_build_options,
           _lib.lca_fdb_build_result]


def c_layout():
    exe = os.environ.get("LEONTIEF_LAYOUT")
    if not exe or not os.path.exists(exe):
        pytest.skip("LEONTIEF_LAYOUT (the python_layout program) not built")
    out = subprocess.run([exe], check=True, capture_output=True,
                         text=True).stdout
    sizes, fields = {}, {}
    for line in out.splitlines():
        name, a, b = line.split()
        if a == "size":
            sizes[name] = int(b)
        else:
            fields.setdefault(name.split(".")[0], []).append(
                (name.split(".")[1], int(a), int(b)))
    return sizes, fields


def test_ctypes_structs_match_the_c_headers():
    sizes, fields = c_layout()
    assert set(sizes) == {s.__name__ for s in STRUCTS}
    for s in STRUCTS:
        name = s.__name__
        mine = [(f, getattr(s, f).offset, getattr(s, f).size)
                for f, _ in s._fields_]
        assert mine == fields[name], name
        assert ctypes.sizeof(s) == sizes[name], name
