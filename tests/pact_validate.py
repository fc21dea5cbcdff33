#!/usr/bin/env python3
# tests/pact_validate.py FOLDER: every footprint of a PACT export folder
# validates against #/components/schemas/ProductFootprint of the PACT v3
# openapi.yaml in ../shared (never copied into the project: read ABOUT.md
# there), and the data of our extension against
# datasets/pact/pact-uncertainty-1.schema.json. Exit 0 valid, 1 invalid,
# 77 skipped (saying why: no ../shared, no python3-jsonschema or -yaml).
# SPDX-License-Identifier: MIT
import json
import os
import sys

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
spec = os.path.join(root, "..", "shared", "datasets",
                    "pact-data-exchange-protocol", "spec", "v3",
                    "openapi.yaml")
try:
    import jsonschema
    import yaml
except ImportError:
    print("skipped: python3-jsonschema or python3-yaml is not installed")
    sys.exit(77)
if not os.path.exists(spec):
    print(f"skipped: the PACT v3 specification is not at {spec} "
          "(../shared/datasets/pact-data-exchange-protocol)")
    sys.exit(77)

with open(spec, encoding="utf-8") as f:
    api = yaml.safe_load(f)
# The OpenAPI document's schemas are JSON Schema 2020-12; refs are
# "#/components/schemas/X", so the whole document is the root resource.
api["$schema"] = "https://json-schema.org/draft/2020-12/schema"
pf_schema = {"$ref": "#/components/schemas/ProductFootprint"}
pf_schema.update({k: v for k, v in api.items() if k == "components"})
checker = jsonschema.FormatChecker()
pf = jsonschema.Draft202012Validator(pf_schema, format_checker=checker)
with open(os.path.join(root, "datasets", "pact",
                       "pact-uncertainty-1.schema.json"),
          encoding="utf-8") as f:
    ext_schema = json.load(f)
jsonschema.Draft202012Validator.check_schema(ext_schema)
ext = jsonschema.Draft202012Validator(ext_schema, format_checker=checker)

# Controls, so that this check can fail: the specification's own examples
# validate, and one of our records without its pcf does not.
examples = os.path.join(os.path.dirname(spec), "examples")
for name in sorted(os.listdir(examples)):
    if not (name.startswith("example-") and name.endswith(".json")):
        continue
    with open(os.path.join(examples, name), encoding="utf-8") as f:
        doc = json.load(f)
    if isinstance(doc, dict) and doc.get("specVersion", "").startswith("3"):
        pf.validate(doc)

folder = sys.argv[1]
with open(os.path.join(folder, "footprints.json"), encoding="utf-8") as f:
    data = json.load(f)["data"]
bad = 0
for i, doc in enumerate(data):
    for e in pf.iter_errors(doc):
        print(f"/data/{i}/{'/'.join(map(str, e.absolute_path))}: {e.message}")
        bad += 1
    mine = [x for x in doc.get("extensions", [])
            if x.get("dataSchema") == ext_schema["$id"]]
    if len(mine) != 1:
        print(f"/data/{i}: expected one leontief extension, found {len(mine)}")
        bad += 1
    for x in mine:
        for e in ext.iter_errors(x["data"]):
            print(f"/data/{i}/extensions/data/"
                  f"{'/'.join(map(str, e.absolute_path))}: {e.message}")
            bad += 1
if data:
    broken = json.loads(json.dumps(data[0]))
    del broken["pcf"]
    if pf.is_valid(broken):
        print("control failed: a footprint without pcf validated")
        bad += 1
print(f"{len(data)} footprints: " + ("valid" if not bad else f"{bad} errors"))
sys.exit(1 if bad else 0)
