#!/usr/bin/env python3
# tests/rules_schema.py: the JSON schema of rule files is a valid schema,
# every rule shipped in datasets/rules/ passes it, and broken rules do not.
# Exit 77 (skipped) without python3-jsonschema.
# SPDX-License-Identifier: MIT
import copy
import glob
import json
import os
import sys

try:
    import jsonschema
except ImportError:
    print("skipped: python3-jsonschema is not installed")
    sys.exit(77)

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
schema_path = os.path.join(root, "datasets/rules/schema/rule-1.schema.json")
with open(schema_path, encoding="utf-8") as f:
    schema = json.load(f)
jsonschema.Draft202012Validator.check_schema(schema)
v = jsonschema.Draft202012Validator(schema)

shipped = sorted(p for p in glob.glob(os.path.join(root, "datasets/rules/*/*.json"))
                 if os.sep + "schema" + os.sep not in p)
bad = 0
for path in shipped:
    with open(path, encoding="utf-8") as f:
        rule = json.load(f)
    for e in v.iter_errors(rule):
        print(f"{path}: /{'/'.join(map(str, e.absolute_path))}: {e.message}")
        bad += 1
if not shipped:
    print("no shipped rules found under datasets/rules/*/")
    sys.exit(1)

good = {
    "format": "leontief-pcf-rule", "version": 1, "id": "x",
    "name": {"en": "X"}, "follows": ["GB/T 24067-2024"],
    "products": [{"product": "p"}],
    "declared_unit": {"unit": "kg", "model_amount": 1},
    "boundary": {"type": "cradle-to-gate"},
    "cutoff": {"item": 0.01, "limit": 0.05},
    "gwp": {"indicator": "GWP100"},
}
if list(v.iter_errors(good)):
    print("the minimal rule fails the schema")
    bad += 1
spoilers = [
    ("unknown field", lambda r: r.update(cutof=1)),
    ("version 2", lambda r: r.update(version=2)),
    ("empty id", lambda r: r.update(id="")),
    ("control char in id", lambda r: r.update(id="a\nb")),
    ("no follows", lambda r: r.update(follows=[])),
    ("share > 1", lambda r: r["products"][0].update(share=1.5)),
    ("bad boundary", lambda r: r["boundary"].update(type="to-gate")),
    ("adds on cradle-to-gate",
     lambda r: r["boundary"].update(add=[{"product": "u", "amount": 1,
                                          "stage": "use"}])),
    ("bad method", lambda r: r.update(allocation={"default": "massive"})),
    ("dqr 6", lambda r: r.update(data_quality={"max_dqr": 6})),
    ("grading path", lambda r: r.update(grading="../x")),
    ("no gwp", lambda r: r.pop("gwp")),
]
for what, spoil in spoilers:
    r = copy.deepcopy(good)
    spoil(r)
    if not list(v.iter_errors(r)):
        print(f"the schema accepts a rule with {what}")
        bad += 1
print(f"{len(shipped)} shipped rules checked, {len(spoilers)} spoilers "
      f"refused" if not bad else f"{bad} problem(s)")
sys.exit(1 if bad else 0)
