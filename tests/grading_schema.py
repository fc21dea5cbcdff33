#!/usr/bin/env python3
# tests/grading_schema.py: the JSON schema of grading schemes is a valid
# schema, every scheme shipped in datasets/grading/ passes it, and broken
# schemes do not. Exit 77 (skipped) without python3-jsonschema.
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
with open(os.path.join(root, "datasets/grading/schema/grading-1.schema.json"),
          encoding="utf-8") as f:
    schema = json.load(f)
jsonschema.Draft202012Validator.check_schema(schema)
v = jsonschema.Draft202012Validator(schema)

bad = 0
shipped = sorted(glob.glob(os.path.join(root, "datasets/grading/*.json")))
for path in shipped:
    with open(path, encoding="utf-8") as f:
        scheme = json.load(f)
    for e in v.iter_errors(scheme):
        print(f"{path}: /{'/'.join(map(str, e.absolute_path))}: {e.message}")
        bad += 1
    if os.path.basename(path) != scheme.get("id", "") + ".json":
        print(f"{path}: the file is not named for its id")
        bad += 1
if len(shipped) < 3:
    print("expected the three shipped schemes under datasets/grading/")
    sys.exit(1)

good = {
    "format": "leontief-grading-scheme", "version": 1, "id": "x",
    "name": "X", "unit": "kg CO2-eq/t", "kind": "sliding",
    "line": {"parameter": "s", "points": [{"at": 0, "value": 2},
                                          {"at": 1, "value": 1}]},
    "classes": [{"class": "A", "to": 1}, {"class": "B", "from": 1}],
}
if list(v.iter_errors(good)):
    print("the minimal scheme fails the schema")
    bad += 1
spoilers = [
    ("unknown field", lambda s: s.update(clases=[])),
    ("version 2", lambda s: s.update(version=2)),
    ("id with a path", lambda s: s.update(id="../x")),
    ("one class", lambda s: s.update(classes=[{"class": "A"}])),
    ("a class without a name", lambda s: s["classes"][0].pop("class")),
    ("an unknown kind", lambda s: s.update(kind="relative")),
    ("a sliding scheme without a line", lambda s: s.pop("line")),
    ("a line of one point",
     lambda s: s["line"].update(points=[{"at": 0, "value": 1}])),
    ("a line through 0", lambda s: s["line"]["points"][1].update(value=0)),
    ("a population on a sliding scheme",
     lambda s: s.update(population={"min": 2})),
    ("a percentile of 150",
     lambda s: s.update(kind="distribution", line=None) or s.pop("line")
     or s["classes"][0].update(to=150)),
    ("a line on an absolute scheme", lambda s: s.update(kind="absolute")),
    ("a control character in the unit", lambda s: s.update(unit="kg\n")),
]
for what, spoil in spoilers:
    s = copy.deepcopy(good)
    spoil(s)
    if not list(v.iter_errors(s)):
        print(f"the schema accepts a scheme with {what}")
        bad += 1
print(f"{len(shipped)} shipped schemes checked, {len(spoilers)} spoilers "
      f"refused" if not bad else f"{bad} problem(s)")
sys.exit(1 if bad else 0)
