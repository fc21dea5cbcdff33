# python/tests/conftest.py: where the tests find the library, the program
# and the data
# SPDX-License-Identifier: MIT
#
# CTest (label python) sets LEONTIEF_LIBRARY, LEONTIEF_CLI, LEONTIEF_LAYOUT
# and LEONTIEF_SOURCE_DIR; by hand: run from the checkout after a build in
# build/ (the defaults below).

import os
import pathlib
import sys

import pytest

SRC = pathlib.Path(os.environ.get(
    "LEONTIEF_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))
BUILD = SRC / "build"
os.environ.setdefault("LEONTIEF_LIBRARY", str(BUILD / "libleontief.so"))
os.environ.setdefault("LEONTIEF_LAYOUT", str(BUILD / "python" / "python_layout"))
sys.path.insert(0, str(SRC / "python"))

CLI = os.environ.get("LEONTIEF_CLI", str(BUILD / "leontief"))
BW = SRC / "datasets" / "examples" / "brightway"


@pytest.fixture
def cli():
    return CLI


@pytest.fixture
def src():
    return SRC
