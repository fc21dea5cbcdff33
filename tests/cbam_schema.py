#!/usr/bin/env python3
# tests/cbam_schema.py: the JSON schemas of datasets/cbam/schema/ are valid
# schemas; the shipped goods example and every row of the shipped CSV
# tables pass them, and broken goods files do not. Exit 77 (skipped)
# without python3-jsonschema.
# SPDX-License-Identifier: MIT
import copy
import csv
import json
import os
import sys

try:
    import jsonschema
except ImportError:
    print("skipped: python3-jsonschema is not installed")
    sys.exit(77)

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
cbam = os.path.join(root, "datasets/cbam")


def validator(name):
    with open(os.path.join(cbam, "schema", name), encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


bad = 0
goods_v = validator("goods-1.schema.json")
with open(os.path.join(cbam, "examples/steel/goods.json"), encoding="utf-8") as f:
    example = json.load(f)
for e in goods_v.iter_errors(example):
    print(f"goods.json: /{'/'.join(map(str, e.absolute_path))}: {e.message}")
    bad += 1

spoilers = [
    ("no CN code", lambda g: g["goods"][0].pop("cn_code")),
    ("letters in the CN code", lambda g: g["goods"][0].update(cn_code="72O1")),
    ("unknown field", lambda g: g["goods"][0].update(cn="7201")),
    ("model and declared",
     lambda g: g["goods"][3].update(model={"product": "x",
                                          "tonnes_per_unit": 1})),
    ("neither model nor declared", lambda g: g["goods"][0].pop("model")),
    ("declared without indirect or electricity",
     lambda g: [g["goods"][3]["declared"].pop(k)
                for k in ("electricity_mwh", "electricity_factor")]),
    ("negative activity level",
     lambda g: g["goods"][3]["declared"].update(activity_level=-1)),
    ("version 2", lambda g: g.update(version=2)),
    ("no goods", lambda g: g.update(goods=[])),
]
for name, spoil in spoilers:
    g = copy.deepcopy(example)
    spoil(g)
    if not list(goods_v.iter_errors(g)):
        print(f"the schema accepts a goods file with {name}")
        bad += 1

tables = [("sectors.csv", "sectors.schema.json"),
          ("markups.csv", "markups.schema.json"),
          ("defaults-illustrative.csv", "defaults.schema.json")]
for table, schema in tables:
    v = validator(schema)
    with open(os.path.join(cbam, table), encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    if not rows:
        print(f"{table}: no rows")
        bad += 1
    for i, row in enumerate(rows):
        for e in v.iter_errors(row):
            print(f"{table}: line {i + 2}: {e.message}")
            bad += 1
    if table.startswith("defaults-illustrative"):
        for i, row in enumerate(rows):
            if row["status"] != "illustrative":
                print(f"{table}: line {i + 2}: not marked illustrative")
                bad += 1

print("ok" if bad == 0 else f"{bad} problem(s)")
sys.exit(1 if bad else 0)
